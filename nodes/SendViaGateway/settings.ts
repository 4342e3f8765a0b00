/** Turning the credential and the node's settings into an adapter's settings, once per execution. */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { GenericContentType } from '../core/gateways/generic';
import type { HttpMethod, ProviderName, SendOptions } from '../core/gateways/types';
import type { ProviderSettings } from '../core/gateways';

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

export interface AdapterSetup {
	settings: ProviderSettings[ProviderName];
	/** Secret values of the credential, removed from anything shown (dry runs, errors). */
	secrets: string[];
	options: SendOptions;
}

export function adapterSetup(ctx: IExecuteFunctions, provider: ProviderName, credentials: ICredentialDataDecryptedObject): AdapterSetup {
	const templateRows = (ctx.getNodeParameter('options.templateIds.template', 0, []) as Array<{ name?: string; id?: string }>) ?? [];
	const templateIds: Record<string, string> = {};
	for (const row of templateRows) if (row.name && row.id) templateIds[row.name.trim()] = row.id.trim();
	const statusCallbackUrl = str(ctx.getNodeParameter('options.statusCallbackUrl', 0, '')).trim();
	const options: SendOptions = { templateIds, ...(statusCallbackUrl ? { statusCallbackUrl } : {}) };
	const c = credentials;
	switch (provider) {
		case 'twilio':
			return {
				settings: {
					baseUrl: str(c.baseUrl),
					accountSid: str(c.accountSid),
					from: str(c.from),
					whatsappFrom: str(c.whatsappFrom),
					messagingServiceSid: str(c.messagingServiceSid),
				},
				secrets: [str(c.authToken), str(c.apiKeySecret)],
				options,
			};
		case 'meta':
			return {
				settings: { baseUrl: str(c.baseUrl), apiVersion: str(c.apiVersion), phoneNumberId: str(c.phoneNumberId) },
				secrets: [str(c.accessToken)],
				options,
			};
		case 'zenvia':
			return {
				settings: { baseUrl: str(c.baseUrl), smsFrom: str(c.smsFrom), whatsappFrom: str(c.whatsappFrom) },
				secrets: [str(c.apiToken)],
				options,
			};
		case 'infobip':
			return {
				settings: { baseUrl: str(c.baseUrl), smsSender: str(c.smsSender), whatsappSender: str(c.whatsappSender) },
				secrets: [str(c.apiKey)],
				options,
			};
		default: {
			const param = (name: string, fallback: string) => str(ctx.getNodeParameter(name, 0, fallback));
			const successValues = param('successValues', '')
				.split(',')
				.map((v) => v.trim())
				.filter(Boolean);
			const mode = str(c.authMode) as 'none' | 'basic' | 'bearer' | 'header' | 'query';
			return {
				settings: {
					baseUrl: str(c.baseUrl),
					from: str(c.from),
					method: param('method', 'POST') as HttpMethod,
					path: param('path', '/send'),
					contentType: param('contentType', 'json') as GenericContentType,
					bodyTemplate: param('bodyTemplate', ''),
					auth: { mode: mode || 'none', ...(str(c.keyName) ? { name: str(c.keyName) } : {}) },
					...(param('successPath', '') ? { successPath: param('successPath', ''), successValues } : {}),
					...(param('messageIdPath', '') ? { messageIdPath: param('messageIdPath', '') } : {}),
					...(param('errorCodePath', '') ? { errorCodePath: param('errorCodePath', '') } : {}),
					...(param('errorMessagePath', '') ? { errorMessagePath: param('errorMessagePath', '') } : {}),
				},
				secrets: [str(c.password), str(c.token)],
				options,
			};
		}
	}
}

/** Removes secret values from a text shown to users (a provider or transport error message). */
export function scrub(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
	return out;
}
