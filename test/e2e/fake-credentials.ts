/** n8n credentials (plaintext, encrypted by `n8n import:credentials`) pointing at a fake gateway. */
import { DEFAULT_CREDENTIALS } from '../fake-gateway';

export const CREDENTIAL_IDS = {
	twilio: 'dunFakeTwilio0001',
	meta: 'dunFakeMeta000001',
	zenvia: 'dunFakeZenvia0001',
	infobip: 'dunFakeInfobip001',
	generic: 'dunFakeHttpGw0001',
} as const;

export const CREDENTIAL_NAMES = {
	twilio: 'Twilio (fake gateway)',
	meta: 'WhatsApp Cloud API (fake gateway)',
	zenvia: 'Zenvia (fake gateway)',
	infobip: 'Infobip (fake gateway)',
	generic: 'HTTP SMS gateway (fake gateway)',
} as const;

export function fakeGatewayCredentials(baseUrl: string, overrides: { metaToken?: string } = {}): object[] {
	return [
		{
			id: CREDENTIAL_IDS.twilio,
			name: CREDENTIAL_NAMES.twilio,
			type: 'dunningTwilioApi',
			data: {
				baseUrl,
				accountSid: DEFAULT_CREDENTIALS.twilio.accountSid,
				authType: 'authToken',
				authToken: DEFAULT_CREDENTIALS.twilio.authToken,
				from: '+15017122661',
				whatsappFrom: '+14155238886',
			},
		},
		{
			id: CREDENTIAL_IDS.meta,
			name: CREDENTIAL_NAMES.meta,
			type: 'dunningWhatsAppCloudApi',
			data: { baseUrl, accessToken: overrides.metaToken ?? DEFAULT_CREDENTIALS.meta.token, phoneNumberId: '106540352242922', apiVersion: 'v23.0' },
		},
		{
			id: CREDENTIAL_IDS.zenvia,
			name: CREDENTIAL_NAMES.zenvia,
			type: 'dunningZenviaApi',
			data: { baseUrl, apiToken: DEFAULT_CREDENTIALS.zenvia.token, smsFrom: 'provedor-net', whatsappFrom: '5511999990000' },
		},
		{
			id: CREDENTIAL_IDS.infobip,
			name: CREDENTIAL_NAMES.infobip,
			type: 'dunningInfobipApi',
			data: { baseUrl, apiKey: DEFAULT_CREDENTIALS.infobip.apiKey, smsSender: 'ProvedorNet', whatsappSender: '5511999990001' },
		},
		{
			id: CREDENTIAL_IDS.generic,
			name: CREDENTIAL_NAMES.generic,
			type: 'dunningHttpGatewayApi',
			data: { baseUrl: `${baseUrl}/custom`, authMode: 'none', from: 'PROVEDOR', testPath: '/' },
		},
	];
}

export function credentialRef(provider: keyof typeof CREDENTIAL_IDS): Record<string, { id: string; name: string }> {
	const type = {
		twilio: 'dunningTwilioApi',
		meta: 'dunningWhatsAppCloudApi',
		zenvia: 'dunningZenviaApi',
		infobip: 'dunningInfobipApi',
		generic: 'dunningHttpGatewayApi',
	}[provider];
	return { [type]: { id: CREDENTIAL_IDS[provider], name: CREDENTIAL_NAMES[provider] } };
}
