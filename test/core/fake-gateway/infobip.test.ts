import { start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const KEY = 'infobip-test-key';

let gw: FakeGateway;
let receiver: Receiver;

beforeAll(async () => {
	receiver = await startReceiver();
	gw = await start({ infobip: { apiKey: KEY }, webhooks: { mode: 'manual', retries: 0 } });
});

afterAll(async () => {
	await gw.close();
	await receiver.close();
});

beforeEach(() => {
	gw.reset({ config: true });
	receiver.received.length = 0;
});

const auth = { Authorization: `App ${KEY}` };

function sms3(destinations: Array<{ to: string; messageId?: string }>, extra: Record<string, unknown> = {}) {
	return {
		messages: [
			{
				sender: 'InfoSMS',
				destinations,
				content: { text: 'Olá Ana, sua fatura venceu', transliteration: 'PORTUGUESE' },
				webhooks: { delivery: { url: `${receiver.url}/infobip/dlr`, intermediateReport: false }, contentType: 'application/json', callbackData: 'cb-1' },
				...extra,
			},
		],
	};
}

interface SendResult {
	messageId: string;
	status: { groupName: string; name: string };
}

function results(): Array<{ messageId: string } & Record<string, unknown>> {
	return receiver.received.flatMap((r) => (JSON.parse(r.body) as { results: Array<{ messageId: string }> }).results);
}

describe('Infobip personality: success', () => {
	it('/sms/3/messages: 200 with a PENDING status object per destination, our messageId kept', async () => {
		const res = await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511987654321', messageId: 'inv-1' }]), headers: auth });
		expect(res.status).toBe(200);
		expect(res.json.bulkId).toBeUndefined();
		expect(res.json.messages).toEqual([
			{
				messageId: 'inv-1',
				status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
				destination: '5511987654321',
				details: { messageCount: 1 },
			},
		]);
		expect(gw.countForKey('inv-1')).toEqual({ requests: 1, accepted: 1 });
	});

	it('generates a bulkId and message ids for several destinations, each counted', async () => {
		const res = await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511987654321' }, { to: '5521987654321' }]), headers: auth });
		expect(res.json.bulkId).toMatch(/^\d+$/);
		expect(res.json.messages).toHaveLength(2);
		expect(res.json.messages[0].messageId).not.toBe(res.json.messages[1].messageId);
		expect(gw.countFor('5521987654321')).toEqual({ requests: 1, accepted: 1 });
	});

	it('/sms/2/text/advanced: legacy body and reply shape (to, status, messageId, smsCount)', async () => {
		const body = { bulkId: 'bulk-7', messages: [{ from: 'InfoSMS', destinations: [{ to: '5511987654321', messageId: 'inv-2' }], text: 'ã'.repeat(71), notifyUrl: `${receiver.url}/dlr`, callbackData: 'cb-2' }] };
		const res = await call(`${gw.url}/sms/2/text/advanced`, { body, headers: auth });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ bulkId: 'bulk-7', messages: [{ to: '5511987654321', status: expect.objectContaining({ groupId: 1, id: 26 }), messageId: 'inv-2', smsCount: 2 }] });
	});

	it('/whatsapp/1/message/template: 200 with PENDING_ENROUTE (id 7) and messageCount', async () => {
		const body = {
			messages: [
				{
					from: '5511999990000',
					to: '5511987654321',
					messageId: 'inv-3',
					content: { templateName: 'cobranca_lembrete', templateData: { body: { placeholders: ['Ana', 'R$ 150,00'] } }, language: 'pt_BR' },
					callbackData: 'cb-3',
					notifyUrl: `${receiver.url}/wa`,
				},
			],
		};
		const res = await call(`${gw.url}/whatsapp/1/message/template`, { body, headers: auth });
		expect(res.status).toBe(200);
		expect(res.json.messages).toEqual([{ to: '5511987654321', messageCount: 1, messageId: 'inv-3', status: expect.objectContaining({ groupId: 1, id: 7, name: 'PENDING_ENROUTE' }) }]);
	});
});

describe('Infobip personality: auth and validation', () => {
	it('answers a wrong key with 401 E401 (and the legacy UNAUTHORIZED body when switched)', async () => {
		const res = await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511987654321' }]), headers: { Authorization: 'App nope' } });
		expect(res.status).toBe(401);
		expect(res.json).toMatchObject({ errorCode: 'E401', description: expect.any(String), violations: [], resources: [] });
		gw.configure({ infobip: { legacyErrors: true } });
		const legacy = await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511987654321' }]), headers: { Authorization: `Basic ${KEY}` } });
		expect(legacy.status).toBe(401);
		expect(legacy.json.requestError.serviceException.messageId).toBe('UNAUTHORIZED');
	});

	it('answers a bad body with 400 E400 and violations[].property, or the legacy validationErrors', async () => {
		const bad = { messages: [{ destinations: [{ to: '' }], content: {} }] };
		const res = await call(`${gw.url}/sms/3/messages`, { body: bad, headers: auth });
		expect(res.status).toBe(400);
		expect(res.json.errorCode).toBe('E400');
		expect(res.json.action).toBe('Check the syntax, violations and adjust the request.');
		expect(res.json.violations).toEqual([
			{ property: 'messages[0].destinations[0].to', violation: 'must not be blank' },
			{ property: 'messages[0].content.text', violation: 'must not be blank' },
		]);
		gw.configure({ infobip: { legacyErrors: true } });
		const legacy = await call(`${gw.url}/sms/3/messages`, { body: bad, headers: auth });
		expect(legacy.json.requestError.serviceException).toEqual({
			messageId: 'BAD_REQUEST',
			text: 'Request cannot be processed.',
			validationErrors: { 'messages[0].destinations[0].to': ['must not be blank'], 'messages[0].content.text': ['must not be blank'] },
		});
	});

	it('validates the WhatsApp template body', async () => {
		const res = await call(`${gw.url}/whatsapp/1/message/template`, { body: { messages: [{ to: '5511987654321', content: { templateName: 'x' } }] }, headers: auth });
		expect(res.json.violations.map((v: { property: string }) => v.property)).toEqual([
			'messages[0].from',
			'messages[0].content.language',
			'messages[0].content.templateData.body.placeholders',
		]);
	});
});

describe('Infobip personality: faults', () => {
	it('429 E429 with Retry-After; 500 E500; 503 edge page; nothing accepted', async () => {
		const throttled = await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511900000429' }]), headers: auth });
		expect([throttled.status, throttled.json.errorCode, throttled.headers.get('retry-after')]).toEqual([429, 'E429', '1']);
		const internal = await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511900000500' }]), headers: auth });
		expect([internal.status, internal.json.errorCode]).toEqual([500, 'E500']);
		expect((await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511900000503' }]), headers: auth })).status).toBe(503);
		expect(gw.messages()).toHaveLength(0);
	});

	it('an unusable destination is REJECTED inside the 200 while the others are accepted', async () => {
		const res = await call(`${gw.url}/sms/3/messages`, {
			body: sms3([{ to: '5511987654321', messageId: 'ok-1' }, { to: '5511900001211', messageId: 'bad-1' }, { to: 'ana', messageId: 'bad-2' }]),
			headers: auth,
		});
		expect(res.status).toBe(200);
		expect(res.json.messages.map((m: SendResult) => [m.messageId, m.status.groupName, m.status.name])).toEqual([
			['ok-1', 'PENDING', 'PENDING_ACCEPTED'],
			['bad-1', 'REJECTED', 'REJECTED_DESTINATION'],
			['bad-2', 'REJECTED', 'REJECTED_DESTINATION'],
		]);
		expect(gw.requests()[0].outcome).toBe('partial');
		expect(gw.countForKey('bad-1')).toEqual({ requests: 1, accepted: 0 });
		expect(gw.messages().map((m) => m.id)).toEqual(['ok-1']);
	});
});

describe('Infobip personality: delivery reports', () => {
	it('posts {"results": [...]} DLRs with final status, error, callbackData; batched per URL', async () => {
		await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511987654321', messageId: 'a' }, { to: '5511900000003', messageId: 'b' }, { to: '5511900001610', messageId: 'c' }]), headers: auth });
		await gw.flushWebhooks();
		expect(receiver.received).toHaveLength(1);
		expect(receiver.received[0].url).toBe('/infobip/dlr');
		const byId = Object.fromEntries(results().map((r) => [r.messageId, r]));
		expect(byId.a).toMatchObject({
			to: '5511987654321',
			sender: 'InfoSMS',
			messageCount: 1,
			callbackData: 'cb-1',
			status: { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET' },
			error: { groupId: 0, name: 'NO_ERROR', permanent: false },
		});
		expect(byId.a.bulkId).toBe(byId.b.bulkId);
		expect(byId.a.sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
		expect(byId.b).toMatchObject({ status: { groupId: 2, name: 'UNDELIVERABLE_NOT_DELIVERED' }, error: { name: 'EC_UNKNOWN_SUBSCRIBER', permanent: true } });
		expect(byId.c).toMatchObject({ status: { groupId: 5, name: 'REJECTED_DND' } });
	});

	it('uses the configured callback URL when the message names none, and none at all without one', async () => {
		const body = { messages: [{ sender: 'InfoSMS', destinations: [{ to: '5511987654321' }], content: { text: 'x' } }] };
		await call(`${gw.url}/sms/3/messages`, { body, headers: auth });
		await gw.flushWebhooks();
		expect(receiver.received).toHaveLength(0);
		gw.configure({ infobip: { callbackUrl: `${receiver.url}/fallback` } });
		await call(`${gw.url}/sms/3/messages`, { body, headers: auth });
		await gw.flushWebhooks();
		expect(receiver.received.map((r) => r.url)).toEqual(['/fallback']);
	});

	it('looks a message up by our messageId in /sms/3/logs', async () => {
		await call(`${gw.url}/sms/3/messages`, { body: sms3([{ to: '5511987654321', messageId: 'look-1' }, { to: '5521987654321', messageId: 'look-2' }]), headers: auth });
		const before = await call(`${gw.url}/sms/3/logs?messageId=look-2`, { headers: auth });
		expect(before.json.results).toHaveLength(1);
		expect(before.json.results[0]).toMatchObject({ messageId: 'look-2', to: '5521987654321', status: { groupName: 'PENDING' } });
		await gw.flushWebhooks();
		const after = await call(`${gw.url}/sms/3/logs?messageId=look-2`, { headers: auth });
		expect(after.json.results[0].status.name).toBe('DELIVERED_TO_HANDSET');
	});
});
