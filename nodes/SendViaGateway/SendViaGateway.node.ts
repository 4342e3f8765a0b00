import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { InvalidSettingError } from '../core/errors';
import { createGateway, isGatewayFailure, redactRequest } from '../core/gateways';
import type { ProviderName } from '../core/gateways/types';
import { maskPhone } from '../core/phone';
import { type ChannelSetting, type Outcome, Sender } from '../core/send';
import { itemLabel } from '../shared/errors';
import { readField } from '../shared/fields';
import { createParameterReader } from '../shared/parameters';
import { CREDENTIAL_TYPES, sendProperties } from './SendViaGateway.description';
import { adapterSetup, scrub } from './settings';
import { sendRequest } from './transport';

const OUTPUT_INDEX = { sent: 0, failed: 1, skipped: 2 } as const;

export class SendViaGateway implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send via SMS/WhatsApp Gateway',
		name: 'sendViaGateway',
		icon: { light: 'file:sendViaGateway.svg', dark: 'file:sendViaGateway.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {"generic": "HTTP gateway", "infobip": "Infobip", "meta": "WhatsApp Cloud API", "twilio": "Twilio", "zenvia": "Zenvia"}[$parameter["provider"]] }}',
		description: 'Send collection messages by SMS or WhatsApp through Twilio, Meta, Zenvia, Infobip or an HTTP gateway',
		defaults: { name: 'Send via SMS/WhatsApp Gateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed', 'Skipped'],
		credentials: (Object.entries(CREDENTIAL_TYPES) as Array<[ProviderName, string]>).map(([provider, name]) => ({
			name,
			required: true,
			displayOptions: { show: { provider: [provider] } },
		})),
		properties: sendProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const outputs: INodeExecutionData[][] = [[], [], []];
		if (items.length === 0) return outputs;

		const provider = this.getNodeParameter('provider', 0) as ProviderName;
		const credentialType = CREDENTIAL_TYPES[provider];
		const credentialName = node.credentials?.[credentialType]?.name ?? credentialType;
		const setup = adapterSetup(this, provider, await this.getCredentials(credentialType));
		const gateway = createGateway(provider, setup.settings, setup.options);
		if (gateway instanceof InvalidSettingError) {
			throw new NodeOperationError(node, `${gateway.message} (credential "${credentialName}")`, { description: gateway.hint });
		}
		const param = createParameterReader(this);
		const sender = new Sender(gateway, {
			provider,
			channel: this.getNodeParameter('channel', 0, 'message') as ChannelSetting,
			defaultCountry: String(this.getNodeParameter('defaultCountry', 0, 'BR')).trim().toUpperCase() || 'BR',
			maskPhones: this.getNodeParameter('options.maskPhones', 0, false) as boolean,
		});
		const dryRun = this.getNodeParameter('options.dryRun', 0, false) as boolean;
		const timeout = this.getNodeParameter('options.timeout', 0, 20000) as number;

		for (let i = 0; i < items.length; i++) {
			const json = items[i].json;
			const values = {
				message: readField(json, param('messageField', i, 'message')),
				phone: readField(json, param('phoneField', i, 'phone')),
				country: readField(json, param('fieldNames.country', i, 'country')),
				invoiceId: readField(json, param('fieldNames.invoiceId', i, 'invoiceId')),
				stage: readField(json, param('fieldNames.stage', i, 'dunning.stage')),
				idempotencyKey: param('idempotencyKey', i, ''),
			};
			let outcome: Outcome;
			const prepared = sender.prepare(values);
			if ('output' in prepared) {
				outcome = prepared;
			} else {
				const delivery = sender.base(prepared.outbound.channel, prepared.to, prepared.outbound.idempotencyKey ?? null);
				const request = gateway.buildRequest(prepared.outbound);
				if (isGatewayFailure(request)) {
					outcome = sender.fail(delivery, request);
				} else if (dryRun) {
					const replacements = sender.settings.maskPhones
						? { [prepared.to]: maskPhone(prepared.to), [prepared.outbound.to.digits]: maskPhone(prepared.to) }
						: {};
					outcome = sender.dryRun(delivery, redactRequest(request, { secrets: setup.secrets, replacements }));
				} else {
					const reply = await sendRequest(this, credentialType, request, timeout);
					if (isGatewayFailure(reply)) {
						outcome = sender.fail(delivery, reply, 1);
					} else if (reply.status >= 200 && reply.status < 300) {
						outcome = sender.fromReply(delivery, gateway.parseSuccess(reply.status, reply.body), 1, new Date());
					} else {
						outcome = sender.fail(delivery, gateway.classifyError(reply.status, reply.body, reply.headers, { attempt: 0 }), 1);
					}
				}
			}
			const d = outcome.delivery;
			if (d.message) d.message = scrub(d.message, setup.secrets);
			if (outcome.fatal && !this.continueOnFail()) {
				throw new NodeApiError(node, { reason: d.reason ?? 'auth', code: d.code ?? '' } as JsonObject, {
					itemIndex: i,
					message: `${itemLabel(i, values.invoiceId)}: ${gateway.label} refused the request with credential "${credentialName}": ${d.message ?? d.reason}`,
					description: `${d.hint ?? ''} Nothing more was sent in this run; fix the credential "${credentialName}" and run again.`.trim(),
				});
			}
			outputs[OUTPUT_INDEX[outcome.output]].push({
				json: { ...json, delivery: d as unknown as IDataObject },
				pairedItem: { item: i },
			});
		}
		return outputs;
	}
}
