import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

export class DunningWhatsAppCloudApi implements ICredentialType {
	name = 'dunningWhatsAppCloudApi';

	displayName = 'WhatsApp Cloud (Dunning) API';

	icon = { light: 'file:../nodes/SendViaGateway/sendViaGateway.svg', dark: 'file:../nodes/SendViaGateway/sendViaGateway.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/docs/providers/whatsapp-cloud-api.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A permanent System User token with whatsapp_business_messaging permission (Business Settings › System Users)',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 106540352242922',
			description: 'The ID of the sending number in WhatsApp Manager › API Setup (not the phone number itself)',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v23.0',
			description: 'Graph API version',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: "Meta's Graph API. Change it only for a proxy or a test server.",
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For Dunning Events: the App Secret of your Meta app (App Settings › Basic). Meta signs every webhook with it (X-Hub-Signature-256); events without a valid signature are refused.',
		},
		{
			displayName: 'Webhook Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For Dunning Events: any secret text you choose. Type the same in WhatsApp › Configuration › Webhook › Verify Token; Meta sends it once when you save the webhook URL.',
		},
	];

	/**
	 * A function, not n8n's generic form: n8n would evaluate the generic form's expression in its
	 * expression sandbox for every request (about a millisecond each, a fifth of a worker's time when
	 * sending 10,000 messages; bench/scale-page-times.md). The request it returns is the same.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl }}',
			url: '=/{{ $credentials.apiVersion }}/{{ $credentials.phoneNumberId }}',
			method: 'GET',
		},
	};
}
