/**
 * The credential fields that let the Dunning Events trigger check that a webhook really comes from
 * the provider, for providers that do not sign their payloads (Zenvia, Infobip): a secret header
 * and/or HTTP Basic auth, set on the provider's webhook subscription and here alike. Secrets live
 * in the credential, never in a node parameter.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import type { SharedSecretAuth } from '../core/gateways';

export function sharedSecretProperties(provider: string): INodeProperties[] {
	return [
		{
			displayName: `Dunning Events: ${provider} signs nothing, so its webhook subscription must send a secret header or Basic auth that you set on both sides. Fill in one or both.`,
			name: 'webhookNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Webhook Header Name',
			name: 'webhookHeaderName',
			type: 'string',
			default: '',
			placeholder: 'e.g. X-Webhook-Secret',
			description: 'A header the webhook subscription adds to every event it posts',
		},
		{
			displayName: 'Webhook Header Secret',
			name: 'webhookHeaderSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The secret value of that header: a long random text, the same as on the subscription',
		},
		{
			displayName: 'Webhook User',
			name: 'webhookUser',
			type: 'string',
			default: '',
			description: 'The user name of the subscription’s Basic auth, if it uses one',
		},
		{
			displayName: 'Webhook Password',
			name: 'webhookPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of the subscription’s Basic auth',
		},
	];
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** The shared secret of a Zenvia or Infobip credential, as the receiver takes it (checked there). */
export function sharedSecretFrom(credentials: ICredentialDataDecryptedObject): SharedSecretAuth {
	const auth: SharedSecretAuth = {};
	const name = text(credentials.webhookHeaderName).trim();
	const value = text(credentials.webhookHeaderSecret);
	if (name !== '' || value !== '') auth.header = { name, value };
	const user = text(credentials.webhookUser);
	const password = text(credentials.webhookPassword);
	if (user !== '' || password !== '') auth.basic = { user, password };
	return auth;
}
