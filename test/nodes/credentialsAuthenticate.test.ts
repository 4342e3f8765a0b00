/**
 * Each provider credential adds its authentication to a request itself (a function, not n8n's
 * generic form whose expressions n8n evaluates for every request): the same header or Basic auth
 * the generic form gave, the request given left as it was.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { DunningHttpGatewayApi } from '../../credentials/DunningHttpGatewayApi.credentials';
import { DunningInfobipApi } from '../../credentials/DunningInfobipApi.credentials';
import { DunningTwilioApi } from '../../credentials/DunningTwilioApi.credentials';
import { DunningWhatsAppCloudApi } from '../../credentials/DunningWhatsAppCloudApi.credentials';
import { DunningZenviaApi } from '../../credentials/DunningZenviaApi.credentials';

type Authenticate = (credentials: ICredentialDataDecryptedObject, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

const request = (): IHttpRequestOptions => ({ method: 'POST', url: 'http://127.0.0.1:1/send', headers: { 'Content-Type': 'application/json' }, body: { to: '+5511' } });

async function applied(credential: { authenticate?: unknown }, data: ICredentialDataDecryptedObject) {
	expect(typeof credential.authenticate).toBe('function');
	const given = request();
	const out = await (credential.authenticate as Authenticate)(data, given);
	expect(given).toEqual(request());
	expect(out.url).toBe(given.url);
	expect(out.body).toEqual(given.body);
	return out;
}

describe('provider credentials authenticate each request without an n8n expression', () => {
	it('Infobip: Authorization App <key>', async () => {
		const out = await applied(new DunningInfobipApi(), { baseUrl: 'http://x', apiKey: 'k-123' });
		expect(out.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'App k-123' });
	});

	it('WhatsApp Cloud API: Authorization Bearer <token>', async () => {
		const out = await applied(new DunningWhatsAppCloudApi(), { accessToken: 'EAAG-1' });
		expect(out.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer EAAG-1' });
	});

	it('Zenvia: X-API-TOKEN', async () => {
		const out = await applied(new DunningZenviaApi(), { apiToken: 'z-9' });
		expect(out.headers).toEqual({ 'Content-Type': 'application/json', 'X-API-TOKEN': 'z-9' });
	});

	it('Twilio: Basic auth with the account SID and auth token, or the API key SID and secret', async () => {
		const twilio = new DunningTwilioApi();
		const sid = { accountSid: 'AC1', authToken: 'tok', apiKeySid: 'SK1', apiKeySecret: 'sec' };
		expect((await applied(twilio, { ...sid, authType: 'authToken' })).auth).toEqual({ username: 'AC1', password: 'tok' });
		expect((await applied(twilio, { ...sid, authType: 'apiKey' })).auth).toEqual({ username: 'SK1', password: 'sec' });
		expect((await applied(twilio, { ...sid, authType: 'apiKey' })).headers).toEqual({ 'Content-Type': 'application/json' });
	});

	it('no credential keeps a generic form that n8n evaluates per request', () => {
		for (const credential of [new DunningInfobipApi(), new DunningWhatsAppCloudApi(), new DunningZenviaApi(), new DunningTwilioApi(), new DunningHttpGatewayApi()]) {
			expect(typeof (credential as { authenticate?: unknown }).authenticate).toBe('function');
		}
	});
});
