import { start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const TOKEN = 'zenvia-test-token';

let gw: FakeGateway;
let receiver: Receiver;
let failFirst = 0;

beforeAll(async () => {
	receiver = await startReceiver((n) => (n <= failFirst ? 500 : 200));
	gw = await start({
		zenvia: { token: TOKEN, callbackUrl: `${receiver.url}/zenvia`, webhookHeaders: { 'X-Shared-Secret': 's3cret' }, subscriptionId: 'sub-1' },
		webhooks: { mode: 'manual', retries: 1 },
	});
});

afterAll(async () => {
	await gw.close();
	await receiver.close();
});

beforeEach(() => {
	gw.reset();
	receiver.received.length = 0;
	failFirst = 0;
});

const url = (channel = 'sms') => `${gw.url}/v2/channels/${channel}/messages`;
const auth = { 'X-API-TOKEN': TOKEN };
const sms = (to: string, extra: Record<string, unknown> = {}) => ({ from: 'minha-conta', to, externalId: 'inv-1', contents: [{ type: 'text', text: 'Olá Ana' }], ...extra });

function events() {
	return receiver.received.map((r) => JSON.parse(r.body));
}

describe('Zenvia personality', () => {
	it('answers 200 with the message echoed, an id and direction OUT', async () => {
		const body = sms('5511987654321');
		const res = await call(url(), { body, headers: auth });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...body, direction: 'OUT' });
		expect(gw.countForKey('inv-1')).toEqual({ requests: 1, accepted: 1 });
	});

	it('sends a WhatsApp template (templateId + named fields)', async () => {
		const body = { from: '5511999990000', to: '5511987654321', contents: [{ type: 'template', templateId: '6a7e3f0c-1111-4c1d-9b1a-000000000001', fields: { name: 'Ana', amount: '150,00' } }] };
		const res = await call(url('whatsapp'), { body, headers: auth });
		expect(res.status).toBe(200);
		expect(gw.messages({ provider: 'zenvia' })[0]).toMatchObject({ channel: 'whatsapp', to: '5511987654321' });
	});

	it('answers a wrong or missing X-API-TOKEN with 401 AUTHENTICATION_ERROR', async () => {
		const variants: Array<Record<string, string>> = [{ 'X-API-TOKEN': 'nope' }, {}];
		for (const headers of variants) {
			const res = await call(url(), { body: sms('5511987654321'), headers });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ code: 'AUTHENTICATION_ERROR', message: 'No authorization token was found' });
		}
		expect(gw.messages()).toHaveLength(0);
	});

	it('answers an unknown channel with 404 NOT_FOUND', async () => {
		const res = await call(url('pigeon'), { body: sms('5511987654321'), headers: auth });
		expect(res.status).toBe(404);
		expect(res.json.code).toBe('NOT_FOUND');
	});

	it('answers invalid bodies with 400 VALIDATION_ERROR and details[].path', async () => {
		const res = await call(url(), { body: { to: '+55 11 98765-4321', contents: [{ type: 'text', text: '' }, { type: 'bogus' }] }, headers: auth });
		expect(res.status).toBe(400);
		expect(res.json.code).toBe('VALIDATION_ERROR');
		expect(res.json.message).toBe('Validation error');
		expect(res.json.details.map((d: { path: string }) => d.path)).toEqual(['from', 'to', 'contents[0].text', 'contents[1].type']);
		const empty = await call(url(), { body: { from: 'a', to: '5511987654321', contents: [] }, headers: auth });
		expect(empty.json.details).toEqual([{ code: 'REQUIRED', path: 'contents', message: 'contents must have at least 1 item' }]);
		const long = await call(url(), { body: sms('5511987654321', { contents: [{ type: 'text', text: 'x'.repeat(1521) }] }), headers: auth });
		expect(long.json.details[0].path).toBe('contents[0].text');
	});

	it('faults: invalid number → VALIDATION_ERROR on to; 500 → INTERNAL_ERROR; 429 with Retry-After', async () => {
		const invalid = await call(url(), { body: sms('5511900001211'), headers: auth });
		expect(invalid.status).toBe(400);
		expect(invalid.json.details[0].path).toBe('to');
		const internal = await call(url(), { body: sms('5511900000500'), headers: auth });
		expect(internal.status).toBe(500);
		expect(internal.json).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error' });
		const throttled = await call(url(), { body: sms('5511900000429'), headers: auth });
		expect(throttled.status).toBe(429);
		expect(throttled.headers.get('retry-after')).toBe('1');
		expect(gw.messages()).toHaveLength(0);
	});

	it('posts MESSAGE_STATUS events SENT → DELIVERED with message.externalId and the subscription headers, unsigned', async () => {
		const res = await call(url(), { body: sms('5511987654321'), headers: auth });
		await gw.flushWebhooks();
		const all = events();
		expect(all.map((e) => e.messageStatus.code)).toEqual(['SENT', 'DELIVERED']);
		for (const e of all) {
			expect(e).toMatchObject({ type: 'MESSAGE_STATUS', subscriptionId: 'sub-1', channel: 'sms', messageId: res.json.id });
			expect(e.message).toEqual({ id: res.json.id, externalId: 'inv-1', contentIndex: 0, direction: 'OUT', from: 'minha-conta', to: '5511987654321' });
		}
		expect(new Set(all.map((e) => e.id)).size).toBe(2);
		expect(receiver.received[0].headers['x-shared-secret']).toBe('s3cret');
		expect(receiver.received[0].headers['x-hub-signature-256']).toBeUndefined();
	});

	it('WhatsApp text outside the window ends NOT_DELIVERED with the 131047 cause; opt-out ends REJECTED', async () => {
		await call(url('whatsapp'), { body: { from: '5511999990000', to: '5511987654321', contents: [{ type: 'text', text: 'oi' }] }, headers: auth });
		await call(url(), { body: sms('5511900001610'), headers: auth });
		await call(url(), { body: sms('5511900000003'), headers: auth });
		await gw.flushWebhooks();
		const final = (to: string) => events().filter((e) => e.message.to === to).pop().messageStatus;
		expect(final('5511987654321')).toMatchObject({ code: 'NOT_DELIVERED', causes: [{ channelErrorCode: '131047' }] });
		expect(final('5511900001610')).toMatchObject({ code: 'REJECTED' });
		expect(final('5511900000003')).toMatchObject({ code: 'NOT_DELIVERED', causes: [{ channelErrorCode: '30003' }] });
	});

	it('retries a webhook the receiver refused with the same event id and bytes', async () => {
		failFirst = 1;
		await call(url(), { body: sms('5511987654321'), headers: auth });
		await gw.flushWebhooks();
		expect(receiver.received).toHaveLength(3);
		expect(receiver.received[1].body).toBe(receiver.received[0].body);
		const log = gw.webhookLog({ provider: 'zenvia' });
		expect(log.map((w) => [w.status, w.attempt])).toEqual([
			[500, 1],
			[200, 2],
			[200, 1],
		]);
		expect(gw.statsReport().webhooks).toMatchObject({ delivered: 2, retried: 1, failed: 0, pending: 0 });
	});
});
