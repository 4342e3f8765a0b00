import { start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { basic, call } from '../../fake-gateway/testing';

let gw: FakeGateway;

beforeAll(async () => {
	gw = await start({
		custom: {
			preset: 'json',
			auth: { mode: 'bearer', token: 'reseller-token' },
			routes: {
				'/custom/sms/json': { preset: 'vonage', auth: { mode: 'query', name: 'api_key', value: 'k1' } },
				'/custom/services/send-sms': { preset: 'zenvia-legacy', auth: { mode: 'basic', username: 'conta', password: 'senha' } },
				'/custom/v1/send-sms': { auth: { mode: 'header', name: 'X-Api-Key', value: 'hdr' }, recipientPath: 'destination', keyPath: 'correlationId' },
				'/custom/open': { auth: { mode: 'none' }, keyPath: 'header:Idempotency-Key' },
			},
		},
	});
});

afterAll(() => gw.close());
beforeEach(() => gw.reset());

const bearer = { Authorization: 'Bearer reseller-token' };

describe('custom reseller personality: json preset (errors with HTTP statuses)', () => {
	it('accepts with 200 {status: ok, id, to} and counts the client_ref key', async () => {
		const res = await call(`${gw.url}/custom/send`, { body: { to: '5511987654321', text: 'Olá', client_ref: 'inv-1' }, headers: bearer });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ status: 'ok', id: expect.any(String), to: '5511987654321' });
		expect(gw.countForKey('inv-1')).toEqual({ requests: 1, accepted: 1 });
	});

	it('401 for a wrong token, 400 for a missing or invalid recipient', async () => {
		expect((await call(`${gw.url}/custom/send`, { body: { to: '5511987654321' }, headers: { Authorization: 'Bearer x' } })).status).toBe(401);
		expect((await call(`${gw.url}/custom/send`, { body: { text: 'x' }, headers: bearer })).json.code).toBe('MISSING_TO');
		expect((await call(`${gw.url}/custom/send`, { body: { to: '12ab' }, headers: bearer })).json.code).toBe('INVALID_NUMBER');
	});

	it('200 with an error body for …00000200 (the error-in-200 trap), 429 with Retry-After, 500', async () => {
		const in200 = await call(`${gw.url}/custom/send`, { body: { to: '5511900000200' }, headers: bearer });
		expect(in200.status).toBe(200);
		expect(in200.json).toMatchObject({ status: 'error', code: 'REJECTED' });
		const throttled = await call(`${gw.url}/custom/send`, { body: { to: '5511900000429' }, headers: bearer });
		expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '1']);
		expect((await call(`${gw.url}/custom/send`, { body: { to: '5511900000500' }, headers: bearer })).status).toBe(500);
		expect(gw.messages()).toHaveLength(0);
	});

	it('reads form bodies, a configured recipient/key path, header auth, and a key from a header', async () => {
		const form = await call(`${gw.url}/custom/v1/send-sms`, { form: { destination: '5511987654321', messageText: 'x', correlationId: 'c-9' }, headers: { 'X-Api-Key': 'hdr' } });
		expect(form.status).toBe(200);
		expect(gw.countForKey('c-9').accepted).toBe(1);
		expect((await call(`${gw.url}/custom/v1/send-sms`, { form: { destination: '5511987654321' } })).status).toBe(401);
		await call(`${gw.url}/custom/open`, { body: { to: '5511987654321' }, headers: { 'Idempotency-Key': 'idem-1' } });
		expect(gw.countForKey('idem-1').accepted).toBe(1);
	});
});

describe('custom reseller personality: Vonage SMS API preset (errors inside HTTP 200)', () => {
	it('accepts with status "0" and message-id; query-string auth; GET with query parameters works', async () => {
		const res = await call(`${gw.url}/custom/sms/json?api_key=k1`, { body: { to: '5511987654321', text: 'x', 'client-ref': 'v-1' } });
		expect(res.status).toBe(200);
		expect(res.json['message-count']).toBe('1');
		expect(res.json.messages[0]).toMatchObject({ status: '0', to: '5511987654321', 'client-ref': 'v-1', 'message-id': expect.any(String) });
		const get = await call(`${gw.url}/custom/sms/json?api_key=k1&to=5521987654321&text=oi`);
		expect(get.json.messages[0].status).toBe('0');
		expect(gw.countFor('5521987654321').accepted).toBe(1);
	});

	it('answers bad credentials, throttling and invalid numbers with HTTP 200 and a non-zero status', async () => {
		const cases: Array<[string, string]> = [
			[`${gw.url}/custom/sms/json?api_key=wrong&to=5511987654321`, '4'],
			[`${gw.url}/custom/sms/json?api_key=k1&to=5511900000429`, '1'],
			[`${gw.url}/custom/sms/json?api_key=k1&to=5511900001211`, '3'],
			[`${gw.url}/custom/sms/json?api_key=k1&to=5511900001610`, '7'],
			[`${gw.url}/custom/sms/json?api_key=k1&to=5511900000500`, '5'],
		];
		for (const [url, status] of cases) {
			const res = await call(url);
			expect(res.status).toBe(200);
			expect(res.json.messages[0].status).toBe(status);
			expect(res.json.messages[0]['error-text']).toEqual(expect.any(String));
		}
		expect(gw.messages()).toHaveLength(0);
	});
});

describe('custom reseller personality: legacy Zenvia send-sms preset', () => {
	const url = () => `${gw.url}/custom/services/send-sms`;
	const auth = { Authorization: basic('conta', 'senha') };

	it('answers statusCode "00" on success and reads sendSmsRequest.to / .id', async () => {
		const res = await call(url(), { body: { sendSmsRequest: { from: 'Cobranca', to: '5511987654321', msg: 'x', id: 'z-1' } }, headers: auth });
		expect(res.json).toEqual({ sendSmsResponse: { statusCode: '00', statusDescription: 'Ok', detailCode: '000', detailDescription: 'Message Sent' } });
		expect(gw.countForKey('z-1').accepted).toBe(1);
	});

	it('answers an invalid number inside HTTP 200 (statusCode "10", detailCode "013")', async () => {
		const res = await call(url(), { body: { sendSmsRequest: { to: '5511900001211', msg: 'x' } }, headers: auth });
		expect(res.status).toBe(200);
		expect(res.json.sendSmsResponse).toMatchObject({ statusCode: '10', detailCode: '013' });
	});
});

describe('custom reseller personality: scripted replies', () => {
	it('plays scripted replies in order (with placeholders, headers, accept), then falls back to the preset', async () => {
		gw.configure({
			custom: {
				routes: {
					'/custom/scripted': {
						auth: { mode: 'none' },
						replies: [
							{ status: 200, body: { ok: false, reason: 'busy for {{to}}' } },
							{ status: 503, body: 'maintenance', headers: { 'Retry-After': '5' } },
							{ status: 202, body: { queued: '{{id}}', ref: '{{key}}' }, accept: true },
						],
					},
				},
			},
		});
		const send = () => call(`${gw.url}/custom/scripted`, { body: { to: '5511987654321', client_ref: 'k' } });
		const first = await send();
		expect(first.json).toEqual({ ok: false, reason: 'busy for 5511987654321' });
		const second = await send();
		expect([second.status, second.text, second.headers.get('retry-after')]).toEqual([503, 'maintenance', '5']);
		const third = await send();
		expect(third.status).toBe(202);
		expect(third.json.ref).toBe('k');
		expect(gw.messages().map((m) => m.id)).toEqual([third.json.queued]);
		expect((await send()).json.status).toBe('ok');
		expect(gw.countForKey('k')).toEqual({ requests: 4, accepted: 2 });
	});
});
