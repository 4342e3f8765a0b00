import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** A regional SMS reseller's HTTP API: where it is and how it authenticates. The request shape is set on the node. */
export class DunningHttpGatewayApi implements ICredentialType {
	name = 'dunningHttpGatewayApi';

	displayName = 'HTTP SMS Gateway (Dunning) API';

	icon = { light: 'file:../nodes/SendViaGateway/sendViaGateway.svg', dark: 'file:../nodes/SendViaGateway/sendViaGateway.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/docs/providers/http-gateway.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://api.sms-provider.com.br',
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{ name: 'Basic Auth', value: 'basic' },
				{ name: 'Bearer Token', value: 'bearer' },
				{ name: 'Header', value: 'header', description: 'A secret in a header of your choice' },
				{ name: 'None', value: 'none' },
				{ name: 'Query Parameter', value: 'query', description: 'A secret in the URL, e.g. ?key=…' },
			],
			default: 'bearer',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { authMode: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['basic'] } },
		},
		{
			displayName: 'Header or Parameter Name',
			name: 'keyName',
			type: 'string',
			default: '',
			placeholder: 'e.g. X-Api-Key',
			displayOptions: { show: { authMode: ['header', 'query'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['bearer', 'header', 'query'] } },
		},
		{
			displayName: 'Sender',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: 'e.g. MINHAEMPRESA',
			description: 'Available to the body template as {{from}}',
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '/',
			description: 'A cheap GET request that needs authentication, to test the credential (e.g. a balance endpoint)',
		},
		{
			displayName: 'Webhook Verification',
			name: 'webhookAuth',
			type: 'options',
			options: [
				{ name: 'HMAC-SHA256 Signature of the Body', value: 'hmac', description: 'The gateway signs each webhook body with a shared secret' },
				{ name: 'Secret Header', value: 'header', description: 'The gateway sends a fixed secret in a header' },
			],
			default: 'hmac',
			description: 'How Dunning Events checks that a status or reply really comes from your gateway',
		},
		{
			displayName: 'Signature Header',
			name: 'webhookSignatureHeader',
			type: 'string',
			default: 'X-Signature',
			displayOptions: { show: { webhookAuth: ['hmac'] } },
		},
		{
			displayName: 'Signature Secret',
			name: 'webhookSignatureSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { webhookAuth: ['hmac'] } },
		},
		{
			displayName: 'Signature Encoding',
			name: 'webhookSignatureEncoding',
			type: 'options',
			options: [
				{ name: 'Base64', value: 'base64' },
				{ name: 'Hex', value: 'hex' },
			],
			default: 'hex',
			displayOptions: { show: { webhookAuth: ['hmac'] } },
		},
		{
			displayName: 'Signature Prefix',
			name: 'webhookSignaturePrefix',
			type: 'string',
			default: '',
			placeholder: 'e.g. sha256=',
			description: 'Text before the signature in the header, if the gateway writes one',
			displayOptions: { show: { webhookAuth: ['hmac'] } },
		},
		{
			displayName: 'Webhook Header Name',
			name: 'webhookHeaderName',
			type: 'string',
			default: '',
			placeholder: 'e.g. X-Webhook-Secret',
			displayOptions: { show: { webhookAuth: ['header'] } },
		},
		{
			displayName: 'Webhook Header Secret',
			name: 'webhookHeaderSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { webhookAuth: ['header'] } },
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const mode = credentials.authMode as string;
		const token = String(credentials.token ?? '');
		const name = String(credentials.keyName ?? '');
		const options: IHttpRequestOptions = { ...requestOptions, headers: { ...(requestOptions.headers ?? {}) } };
		if (mode === 'basic') {
			options.auth = { username: String(credentials.user ?? ''), password: String(credentials.password ?? '') };
		} else if (mode === 'bearer') {
			options.headers = { ...options.headers, Authorization: `Bearer ${token}` };
		} else if (mode === 'header' && name) {
			options.headers = { ...options.headers, [name]: token };
		} else if (mode === 'query' && name) {
			options.qs = { ...(requestOptions.qs ?? {}), [name]: token };
		}
		return options;
	}

	test: ICredentialTestRequest = {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '={{ $credentials.testPath }}', method: 'GET' },
	};
}
