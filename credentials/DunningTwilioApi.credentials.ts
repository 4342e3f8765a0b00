import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

export class DunningTwilioApi implements ICredentialType {
	name = 'dunningTwilioApi';

	displayName = 'Twilio (Dunning) API';

	icon = { light: 'file:../nodes/SendViaGateway/sendViaGateway.svg', dark: 'file:../nodes/SendViaGateway/sendViaGateway.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/docs/providers/twilio.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			placeholder: 'e.g. AC0123456789abcdef0123456789abcdef',
			description: 'From the Twilio Console home page',
			required: true,
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'API Key', value: 'apiKey' },
				{ name: 'Auth Token', value: 'authToken' },
			],
			default: 'authToken',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['authToken'] } },
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			default: '',
			placeholder: 'e.g. SK0123456789abcdef0123456789abcdef',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'Webhook Auth Token',
			name: 'webhookAuthToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
			description:
				'For Dunning Events: Twilio signs webhooks with the account’s Auth Token, even when you send with an API key. Paste the Auth Token (Console › Account Info) so that statuses and replies can be checked.',
		},
		{
			displayName: 'SMS Sender',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: 'e.g. +15017122661',
			description: 'Your Twilio number (E.164), short code or alphanumeric sender ID for SMS',
		},
		{
			displayName: 'WhatsApp Sender',
			name: 'whatsappFrom',
			type: 'string',
			default: '',
			placeholder: 'e.g. +14155238886',
			description: 'Your WhatsApp-enabled Twilio number',
		},
		{
			displayName: 'Messaging Service SID',
			name: 'messagingServiceSid',
			type: 'string',
			default: '',
			placeholder: 'e.g. MG0123456789abcdef0123456789abcdef',
			description: 'Optional: let Twilio pick the sender from a Messaging Service (recommended for WhatsApp templates)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.twilio.com',
			description: "Twilio's API. Change it only for a regional edge, a proxy or a test server.",
		},
	];

	/**
	 * A function, not n8n's generic form: n8n would evaluate the generic form's expression in its
	 * expression sandbox for every request (about a millisecond each, a fifth of a worker's time when
	 * sending 10,000 messages; bench/scale-page-times.md). The request it returns is the same.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const apiKey = credentials.authType === 'apiKey';
		return {
			...requestOptions,
			auth: {
				username: String((apiKey ? credentials.apiKeySid : credentials.accountSid) ?? ''),
				password: String((apiKey ? credentials.apiKeySecret : credentials.authToken) ?? ''),
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl }}',
			url: '=/2010-04-01/Accounts/{{ $credentials.accountSid }}.json',
			method: 'GET',
		},
	};
}
