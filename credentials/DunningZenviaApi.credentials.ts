import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { sharedSecretProperties } from '../nodes/shared/webhookCredentials';

export class DunningZenviaApi implements ICredentialType {
	name = 'dunningZenviaApi';

	displayName = 'Zenvia (Dunning) API';

	icon = { light: 'file:../nodes/SendViaGateway/sendViaGateway.svg', dark: 'file:../nodes/SendViaGateway/sendViaGateway.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/docs/providers/zenvia.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the Zenvia console › Developers › Tokens',
		},
		{
			displayName: 'SMS Sender',
			name: 'smsFrom',
			type: 'string',
			default: '',
			placeholder: 'e.g. minha-empresa',
			description: 'The SMS account alias (keyword) in the Zenvia console',
		},
		{
			displayName: 'WhatsApp Sender',
			name: 'whatsappFrom',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5511999999999',
			description: 'The WhatsApp number registered in Zenvia',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.zenvia.com',
			description: "Zenvia's API. Change it only for a proxy or a test server.",
		},
		...sharedSecretProperties('Zenvia'),
	];

	/**
	 * A function, not n8n's generic form: n8n would evaluate the generic form's expression in its
	 * expression sandbox for every request (about a millisecond each, a fifth of a worker's time when
	 * sending 10,000 messages; bench/scale-page-times.md). The request it returns is the same.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), 'X-API-TOKEN': String(credentials.apiToken ?? '') } };
	}

	test: ICredentialTestRequest = {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '/v2/subscriptions', method: 'GET' },
	};
}
