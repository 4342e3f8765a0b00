import { start, twilioSignature } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { basic, call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-test-token';
const AUTH = basic(SID, TOKEN);
const SMS_FROM = '+15005550006';

let gw: FakeGateway;
let receiver: Receiver;
let messagesUrl: string;

beforeAll(async () => {
	gw = await start({
		twilio: { accountSid: SID, authToken: TOKEN, apiKeys: [{ sid: 'SK0123456789abcdef0123456789abcdef', secret: 'key-secret' }] },
		webhooks: { mode: 'manual', retries: 0 },
		faults: { slowMs: 150 },
	});
	receiver = await startReceiver();
	messagesUrl = `${gw.url}/2010-04-01/Accounts/${SID}/Messages.json`;
});

afterAll(async () => {
	await gw.close();
	await receiver.close();
});

beforeEach(() => {
	gw.reset();
	receiver.received.length = 0;
});

function send(form: Record<string, string>, headers: Record<string, string> = {}, timeoutMs?: number) {
	return call(messagesUrl, { form, headers: { Authorization: AUTH, ...headers }, timeoutMs });
}

describe('Twilio personality: success', () => {
	it('answers 201 with an SM + 32 hex sid, status queued and the message resource', async () => {
		const res = await send({ To: '+5511987654321', From: SMS_FROM, Body: 'Olá Ana, sua fatura vence amanhã' });
		expect(res.status).toBe(201);
		expect(res.json.sid).toMatch(/^SM[0-9a-f]{32}$/);
		expect(res.json).toMatchObject({
			status: 'queued',
			to: '+5511987654321',
			from: SMS_FROM,
			direction: 'outbound-api',
			error_code: null,
			account_sid: SID,
			api_version: '2010-04-01',
			num_segments: '1',
			messaging_service_sid: null,
		});
		expect(res.json.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
		expect(res.json.uri).toBe(`/2010-04-01/Accounts/${SID}/Messages/${res.json.sid}.json`);
		const [recorded] = gw.requests({ provider: 'twilio' });
		expect(recorded).toMatchObject({ status: 201, outcome: 'accepted', recipients: ['5511987654321'], messageIds: [res.json.sid] });
		expect(recorded.headers.authorization).toBe(AUTH);
	});

	it('answers status accepted and num_segments "0" with a Messaging Service, and counts UCS-2 segments otherwise', async () => {
		const service = await send({ To: '+5511987654321', MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef', Body: 'x' });
		expect(service.status).toBe(201);
		expect(service.json).toMatchObject({ status: 'accepted', from: null, num_segments: '0', messaging_service_sid: 'MG0123456789abcdef0123456789abcdef' });
		const long = await send({ To: '+5511987654321', From: SMS_FROM, Body: 'ã'.repeat(71) });
		expect(long.json.num_segments).toBe('2');
	});

	it('accepts a WhatsApp template (ContentSid + ContentVariables as a JSON string) and an API key', async () => {
		const res = await call(messagesUrl, {
			form: {
				To: 'whatsapp:+5511987654321',
				From: 'whatsapp:+14155238886',
				ContentSid: 'HX0123456789abcdef0123456789abcdef',
				ContentVariables: JSON.stringify({ 1: 'Ana', 2: 'R$ 150,00' }),
			},
			headers: { Authorization: basic('SK0123456789abcdef0123456789abcdef', 'key-secret') },
		});
		expect(res.status).toBe(201);
		expect(res.json.to).toBe('whatsapp:+5511987654321');
		expect(gw.messages({ provider: 'twilio' })[0].channel).toBe('whatsapp');
	});

	it('reads the correlation key from the ref query parameter of StatusCallback', async () => {
		await send({ To: '+5511987654321', From: SMS_FROM, Body: 'a', StatusCallback: `${receiver.url}/twilio?ref=inv-1` });
		await send({ To: '+5511987654321', From: SMS_FROM, Body: 'a', StatusCallback: `${receiver.url}/twilio?ref=inv-1` });
		expect(gw.countForKey('inv-1')).toEqual({ requests: 2, accepted: 2 });
		expect(gw.statsReport().duplicateKeys).toEqual(['inv-1']);
	});

	it('lists and fetches sent messages (reconciliation after an ambiguous send)', async () => {
		const a = await send({ To: '+5511987654321', From: SMS_FROM, Body: 'a' });
		await send({ To: '+5521987654321', From: SMS_FROM, Body: 'b' });
		const list = await call(`${messagesUrl}?To=${encodeURIComponent('+5511987654321')}`, { headers: { Authorization: AUTH } });
		expect(list.status).toBe(200);
		expect(list.json.messages.map((m: { sid: string }) => m.sid)).toEqual([a.json.sid]);
		const one = await call(`${gw.url}/2010-04-01/Accounts/${SID}/Messages/${a.json.sid}.json`, { headers: { Authorization: AUTH } });
		expect(one.json).toMatchObject({ sid: a.json.sid, body: 'a' });
	});
});

describe('Twilio personality: auth', () => {
	it('answers a wrong token with 401 code 20003 and a Basic challenge', async () => {
		const res = await call(messagesUrl, { form: { To: '+5511987654321', From: SMS_FROM, Body: 'x' }, headers: { Authorization: basic(SID, 'wrong') } });
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
		expect(res.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
		expect(gw.requests()[0].outcome).toBe('auth_failed');
		expect(gw.messages()).toHaveLength(0);
	});

	it('answers missing credentials with 401 and another account in the path with 404 20404', async () => {
		expect((await call(messagesUrl, { form: { To: '+5511987654321' } })).status).toBe(401);
		const other = await call(`${gw.url}/2010-04-01/Accounts/AC99999999999999999999999999999999/Messages.json`, {
			form: { To: '+5511987654321', From: SMS_FROM, Body: 'x' },
			headers: { Authorization: AUTH },
		});
		expect(other.status).toBe(404);
		expect(other.json.code).toBe(20404);
	});
});

describe('Twilio personality: validation', () => {
	it.each([
		['no To', { From: SMS_FROM, Body: 'x' }, 21604],
		['To without +', { To: '5511987654321', From: SMS_FROM, Body: 'x' }, 21211],
		['To with spaces', { To: '+55 11 98765-4321', From: SMS_FROM, Body: 'x' }, 21211],
		['no From nor MessagingServiceSid', { To: '+5511987654321', Body: 'x' }, 21603],
		['no Body, MediaUrl nor ContentSid', { To: '+5511987654321', From: SMS_FROM }, 21602],
		['Body of 1601 chars', { To: '+5511987654321', From: SMS_FROM, Body: 'x'.repeat(1601) }, 21617],
		['WhatsApp To with an SMS From', { To: 'whatsapp:+5511987654321', From: SMS_FROM, Body: 'x' }, 21910],
		[
			'ContentVariables that are not JSON',
			{ To: 'whatsapp:+5511987654321', From: 'whatsapp:+14155238886', ContentSid: 'HX0123456789abcdef0123456789abcdef', ContentVariables: '{1:Ana}' },
			21656,
		],
		['a ContentSid that is not HX + 32 hex', { To: 'whatsapp:+5511987654321', From: 'whatsapp:+14155238886', ContentSid: 'template-1' }, 21655],
	])('%s → 400 with its Twilio code', async (_label, form, code) => {
		const res = await send(form as Record<string, string>);
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
		expect(gw.requests()[0].outcome).toBe('invalid');
		expect(gw.messages()).toHaveLength(0);
	});
});

describe('Twilio personality: faults', () => {
	const form = (to: string) => ({ To: to, From: SMS_FROM, Body: 'x' });

	it('429 code 20429 with Retry-After for a …00000429 number, and nothing accepted', async () => {
		const res = await send(form('+5511900000429'));
		expect(res.status).toBe(429);
		expect(res.json.code).toBe(20429);
		expect(res.headers.get('retry-after')).toBe('1');
		expect(gw.countFor('+5511900000429')).toEqual({ requests: 1, accepted: 0 });
		expect(gw.statsReport().faults).toEqual({ rate_limit: 1 });
	});

	it('500 (20500), 503 (20503) as JSON; 502 and 504 as the edge HTML page', async () => {
		expect((await send(form('+5511900000500'))).json.code).toBe(20500);
		expect((await send(form('+5511900000503'))).json.code).toBe(20503);
		const bad = await send(form('+5511900000502'));
		expect(bad.status).toBe(502);
		expect(bad.headers.get('content-type')).toContain('text/html');
		expect((await send(form('+5511900000504'))).status).toBe(504);
	});

	it('opt-out 21610 and invalid number 21211 as 400', async () => {
		expect((await send(form('+5511900001610'))).json).toMatchObject({ code: 21610, status: 400 });
		expect((await send(form('+5511900001211'))).json).toMatchObject({ code: 21211, status: 400 });
	});

	it('the X-Fake-Fault header overrides the number, with parameters', async () => {
		const res = await send(form('+5511987654321'), { 'X-Fake-Fault': 'rate_limit;retryAfter=7' });
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
		const bad = await send(form('+5511987654321'), { 'X-Fake-Fault': 'teapot' });
		expect(bad.status).toBe(400);
		expect(bad.json.error).toMatch(/Unknown fault 'teapot'/);
	});

	it('a burst (…00002229) fails the first 2 requests with 429, then accepts', async () => {
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await send(form('+5511900002229'))).status);
		expect(statuses).toEqual([429, 429, 201, 201]);
		expect(gw.countFor('5511900002229')).toEqual({ requests: 4, accepted: 2 });
	});

	it('hang: accepts and records the message, then never answers (the client times out)', async () => {
		await expect(send(form('+5511900000900'), {}, 300)).rejects.toThrow();
		expect(gw.countFor('+5511900000900')).toEqual({ requests: 1, accepted: 1 });
		const [recorded] = gw.requests();
		expect(recorded).toMatchObject({ outcome: 'accepted', fault: 'hang', status: 0, pending: true });
		expect(recorded.messageIds[0]).toMatch(/^SM[0-9a-f]{32}$/);
		expect(gw.statsReport().hanging).toBeLessThanOrEqual(1);
	});

	it('slow (…00000901): accepts, then answers 201 after the configured delay', async () => {
		const started = Date.now();
		const res = await send(form('+5511900000901'));
		expect(res.status).toBe(201);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(gw.requests()[0].pending).toBe(false);
	});
});

describe('Twilio personality: status callbacks', () => {
	function params(body: string): Record<string, string> {
		return Object.fromEntries(new URLSearchParams(body));
	}

	it('posts sent then delivered (no callback for queued), form-encoded and signed with X-Twilio-Signature', async () => {
		const callback = `${receiver.url}/twilio/status?ref=inv-42`;
		const res = await send({ To: '+5511987654321', From: SMS_FROM, Body: 'x', StatusCallback: callback });
		await gw.flushWebhooks();
		expect(receiver.received.map((r) => params(r.body).MessageStatus)).toEqual(['sent', 'delivered']);
		for (const hook of receiver.received) {
			const p = params(hook.body);
			expect(hook.url).toBe('/twilio/status?ref=inv-42');
			expect(hook.headers['content-type']).toBe('application/x-www-form-urlencoded');
			expect(hook.headers['x-twilio-signature']).toBe(twilioSignature(TOKEN, callback, p));
			expect(hook.headers['x-twilio-signature']).not.toBe(twilioSignature('other-token', callback, p));
			expect(hook.headers['i-twilio-idempotency-token']).toBeTruthy();
			expect(p).toMatchObject({ AccountSid: SID, MessageSid: res.json.sid, SmsSid: res.json.sid, To: '+5511987654321', From: SMS_FROM, ApiVersion: '2010-04-01' });
		}
		expect(params(receiver.received[1].body).RawDlrDoneDate).toMatch(/^\d{10}$/);
	});

	it('WhatsApp: sent, delivered, read with EventType=READ when the 24 h window is open', async () => {
		gw.openWindow('+5511987654321');
		await send({ To: 'whatsapp:+5511987654321', From: 'whatsapp:+14155238886', Body: 'free text', StatusCallback: `${receiver.url}/t` });
		await gw.flushWebhooks();
		const all = receiver.received.map((r) => params(r.body));
		expect(all.map((p) => p.MessageStatus)).toEqual(['sent', 'delivered', 'read']);
		expect(all[2].EventType).toBe('READ');
		expect(all[0].ChannelPrefix).toBe('whatsapp');
	});

	it('WhatsApp free text outside the window: 201 now, then failed with ErrorCode 63016', async () => {
		const res = await send({ To: 'whatsapp:+5511987654321', From: 'whatsapp:+14155238886', Body: 'free text', StatusCallback: `${receiver.url}/t` });
		expect(res.status).toBe(201);
		await gw.flushWebhooks();
		const [failed] = receiver.received.map((r) => params(r.body));
		expect(receiver.received).toHaveLength(1);
		expect(failed).toMatchObject({ MessageStatus: 'failed', ErrorCode: '63016' });
		expect(failed.ChannelStatusMessage).toMatch(/outside the allowed window/);
	});

	it('an approved template (ContentSid) is not held to the window; …00001047 forces 63016 anyway', async () => {
		const template = { From: 'whatsapp:+14155238886', ContentSid: 'HX0123456789abcdef0123456789abcdef', StatusCallback: `${receiver.url}/t` };
		await send({ ...template, To: 'whatsapp:+5511987654321' });
		await send({ ...template, To: 'whatsapp:+5511900001047' });
		await gw.flushWebhooks();
		const byTo = (to: string) => receiver.received.map((r) => params(r.body)).filter((p) => p.To === to).map((p) => p.MessageStatus);
		expect(byTo('whatsapp:+5511987654321')).toEqual(['sent', 'delivered', 'read']);
		expect(byTo('whatsapp:+5511900001047')).toEqual(['failed']);
	});

	it('an unreachable handset (…00000003) ends undelivered with ErrorCode 30003', async () => {
		await send({ To: '+5511900000003', From: SMS_FROM, Body: 'x', StatusCallback: `${receiver.url}/t` });
		await gw.flushWebhooks();
		const last = params(receiver.received[receiver.received.length - 1].body);
		expect(last).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
	});
});
