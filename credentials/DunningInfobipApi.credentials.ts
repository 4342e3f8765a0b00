import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { sharedSecretProperties } from '../nodes/shared/webhookCredentials';

export class DunningInfobipApi implements ICredentialType {
	name = 'dunningInfobipApi';

	displayName = 'Infobip (Dunning) API';

	icon = { light: 'file:../nodes/SendViaGateway/sendViaGateway.svg', dark: 'file:../nodes/SendViaGateway/sendViaGateway.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/docs/providers/infobip.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://xxxxx.api.infobip.com',
			description: 'Your account’s own API address, shown on the Infobip portal home page',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'SMS Sender',
			name: 'smsSender',
			type: 'string',
			default: '',
			placeholder: 'e.g. InfoSMS',
			description: 'A number or sender name registered for the destination countries',
		},
		{
			displayName: 'WhatsApp Sender',
			name: 'whatsappSender',
			type: 'string',
			default: '',
			placeholder: 'e.g. 441134960000',
			description: 'Your registered WhatsApp Business number',
		},
		...sharedSecretProperties('Infobip'),
	];

	/**
	 * A function, not n8n's generic form: n8n would evaluate the generic form's expression in its
	 * expression sandbox for every request (about a millisecond each, a fifth of a worker's time when
	 * sending 10,000 messages; bench/scale-page-times.md). The request it returns is the same.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `App ${String(credentials.apiKey ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '/account/1/balance', method: 'GET' },
	};
}
