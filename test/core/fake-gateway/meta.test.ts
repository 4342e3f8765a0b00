import { metaSignature, start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const TOKEN = 'meta-test-token';
const SECRET = 'meta-app-secret';
const PHONE_ID = '106540352242922';

let gw: FakeGateway;
let receiver: Receiver;
let now = Date.UTC(2026, 3, 14, 12, 0, 0);

beforeAll(async () => {
	receiver = await startReceiver((n, request) => {
		if (request.method === 'GET') {
			const q = new URLSearchParams(request.url.split('?')[1]);
			return q.get('hub.verify_token') === 'verify-me' ? { status: 200, body: q.get('hub.challenge') ?? '' } : { status: 403, body: 'no' };
		}
		return 200;
	});
	gw = await start({
		meta: {
			token: TOKEN,
			appSecret: SECRET,
			phoneNumberId: PHONE_ID,
			callbackUrl: `${receiver.url}/meta`,
			templates: {
				cobranca_lembrete: { languages: ['pt_BR'], bodyParams: 2 },
				cobranca_nomeada: { bodyParams: 1, parameterFormat: 'named' },
				cobranca_boleto: { bodyParams: 1, header: 'document', quickReplies: 3 },
			},
		},
		webhooks: { mode: 'manual', retries: 0 },
		now: () => now,
	});
});

afterAll(async () => {
	await gw.close();
	await receiver.close();
});

beforeEach(() => {
	gw.reset();
	gw.configure({ meta: { pairRateLimitMs: 0, readWithoutDelivered: false, outOfOrder: false, duplicateStatuses: false } });
	receiver.received.length = 0;
	now += 60_000;
});

const url = (version = 'v23.0', phone = PHONE_ID) => `${gw.url}/${version}/${phone}/messages`;
const auth = { Authorization: `Bearer ${TOKEN}` };

function template(to: string, extra: Record<string, unknown> = {}) {
	return {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to,
		type: 'template',
		template: {
			name: 'cobranca_lembrete',
			language: { code: 'pt_BR', policy: 'deterministic' },
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'R$ 150,00' }] }],
		},
		...extra,
	};
}

function textMessage(to: string, body = 'Olá') {
	return { messaging_product: 'whatsapp', to, type: 'text', text: { body, preview_url: false } };
}

interface MetaStatus {
	id: string;
	status: string;
	timestamp: string;
	recipient_id: string;
	biz_opaque_callback_data?: string;
	conversation?: unknown;
	pricing: { billable: boolean; pricing_model: string; category: string };
	errors?: Array<{ code: number; title: string; error_data: { details: string } }>;
}

interface MetaWebhook {
	entry: Array<{ changes: Array<{ value: { statuses: MetaStatus[] } }> }>;
}

function statuses(): MetaStatus[] {
	return receiver.received
		.filter((r) => r.method === 'POST')
		.flatMap((r) => (JSON.parse(r.body) as MetaWebhook).entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses)));
}

describe('Meta personality: success', () => {
	it('answers a template with 200, contacts input/wa_id and a wamid with message_status accepted', async () => {
		const res = await call(url(), { body: template('5511987654321', { biz_opaque_callback_data: 'inv-7' }), headers: auth });
		expect(res.status).toBe(200);
		expect(res.json.messaging_product).toBe('whatsapp');
		expect(res.json.contacts).toEqual([{ input: '5511987654321', wa_id: '5511987654321' }]);
		expect(res.json.messages).toHaveLength(1);
		expect(res.json.messages[0].id).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
		expect(res.json.messages[0].message_status).toBe('accepted');
		expect(gw.countForKey('inv-7')).toEqual({ requests: 1, accepted: 1 });
	});

	it('answers a text message without message_status and tolerates a leading +', async () => {
		const res = await call(url(), { body: textMessage('+5511987654321'), headers: auth });
		expect(res.status).toBe(200);
		expect(res.json.contacts[0]).toEqual({ input: '+5511987654321', wa_id: '5511987654321' });
		expect(res.json.messages[0].message_status).toBeUndefined();
	});
});

describe('Meta personality: auth and path', () => {
	it('answers a wrong token with 401 OAuthException code 190', async () => {
		const res = await call(url(), { body: template('5511987654321'), headers: { Authorization: 'Bearer nope' } });
		expect(res.status).toBe(401);
		expect(res.json.error).toMatchObject({ type: 'OAuthException', code: 190, message: expect.stringContaining('Invalid OAuth access token') });
		expect(res.json.error.fbtrace_id).toEqual(expect.any(String));
		expect((await call(url(), { body: template('5511987654321') })).status).toBe(401);
	});

	it('answers another phone-number id with Graph error 100 / subcode 33', async () => {
		const res = await call(url('v23.0', '999'), { body: template('5511987654321'), headers: auth });
		expect(res.status).toBe(400);
		expect(res.json.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
	});
});

describe('Meta personality: validation (#100 and template errors)', () => {
	it.each([
		['no messaging_product', { to: '5511987654321', type: 'text', text: { body: 'x' } }, 100, 'messaging_product is required'],
		['no to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 100, 'The parameter to is required'],
		['letters in to', { messaging_product: 'whatsapp', to: 'ana', type: 'text', text: { body: 'x' } }, 100, 'Invalid parameter'],
		['empty text body', { messaging_product: 'whatsapp', to: '5511987654321', type: 'text', text: { body: '' } }, 100, "text['body'] is required"],
		['unknown type', { messaging_product: 'whatsapp', to: '5511987654321', type: 'fax' }, 100, 'Param type must be one of'],
		['template without name', { messaging_product: 'whatsapp', to: '5511987654321', type: 'template', template: { language: { code: 'pt_BR' } } }, 100, "template['name']"],
		['opaque data over 512 chars', { ...textMessage('5511987654321'), biz_opaque_callback_data: 'x'.repeat(513) }, 100, 'at most 512'],
	])('%s → 400 (#100 family)', async (_label, body, code, message) => {
		const res = await call(url(), { body, headers: auth });
		expect(res.status).toBe(400);
		expect(res.json.error.code).toBe(code);
		expect(res.json.error.message).toContain(`(#${code})`);
		expect(res.json.error.message).toContain(message);
		expect(gw.messages()).toHaveLength(0);
	});

	it('refuses an unknown template (132001), a wrong parameter count (132000) and missing parameter names', async () => {
		const unknown = await call(url(), { body: template('5511987654321', { template: { name: 'nope', language: { code: 'pt_BR' } } }), headers: auth });
		expect(unknown.json.error).toMatchObject({ code: 132001, error_data: { details: 'template name (nope) does not exist in pt_BR' } });
		const wrongLanguage = await call(url(), { body: template('5511987654321', { template: { name: 'cobranca_lembrete', language: { code: 'es_MX' } } }), headers: auth });
		expect(wrongLanguage.json.error.code).toBe(132001);
		const count = await call(url(), {
			body: template('5511987654321', {
				template: { name: 'cobranca_lembrete', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
			}),
			headers: auth,
		});
		expect(count.json.error).toMatchObject({ code: 132000, error_data: { details: expect.stringContaining('(1) does not match the expected number of params (2)') } });
		const named = await call(url(), {
			body: template('5511987654321', {
				template: { name: 'cobranca_nomeada', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
			}),
			headers: auth,
		});
		expect(named.json.error.message).toBe('(#100) Parameter name is missing or empty');
	});

	it('checks a document header and quick-reply buttons against the approved template', async () => {
		const send = (components: unknown[], name = 'cobranca_boleto') =>
			call(url(), { body: template('5511987654321', { template: { name, language: { code: 'pt_BR' }, components } }), headers: auth });
		const body = { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] };
		const header = { type: 'header', parameters: [{ type: 'document', document: { link: 'https://x.example/b.pdf', filename: 'b.pdf' } }] };
		const button = (index: number, payload = `DUN1|negotiate|K`) => ({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] });
		const good = await send([header, body, button(0), button(1), button(2)]);
		expect(good.status).toBe(200);
		expect((await send([body])).json.error).toMatchObject({ code: 132000, error_data: { details: 'header: number of localizable_params (0) does not match the expected number of params (1)' } });
		expect((await send([{ type: 'header', parameters: [{ type: 'text', text: 'x' }] }, body])).json.error.code).toBe(132012);
		expect((await send([header, body, button(3)])).json.error).toMatchObject({ code: 131009, error_data: { details: 'Button at index 3 of type quick_reply does not exist' } });
		expect((await send([header, body, button(0, '')])).json.error.code).toBe(131008);
		const unexpected = await call(url(), {
			body: template('5511987654321', { template: { name: 'cobranca_lembrete', language: { code: 'pt_BR' }, components: [header, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'R$ 1' }] }] } }),
			headers: auth,
		});
		expect(unexpected.json.error).toMatchObject({ code: 132000, error_data: { details: expect.stringContaining('header: number of localizable_params (1)') } });
	});

	it('refuses template parameter text with a newline (132018)', async () => {
		const res = await call(url(), {
			body: template('5511987654321', {
				template: { name: 'cobranca_lembrete', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana\nSilva' }, { type: 'text', text: 'x' }] }] },
			}),
			headers: auth,
		});
		expect(res.status).toBe(400);
		expect(res.json.error.code).toBe(132018);
	});
});

describe('Meta personality: faults', () => {
	it('throttling 130429 and pair limit 131056 come back as HTTP 400, not 429', async () => {
		const throttled = await call(url(), { body: template('5511900000429'), headers: auth });
		expect(throttled.status).toBe(400);
		expect(throttled.json.error).toMatchObject({ code: 130429, error_data: { messaging_product: 'whatsapp' } });
		expect(throttled.headers.get('retry-after')).toBeNull();
		const pair = await call(url(), { body: template('5511900001056'), headers: auth });
		expect(pair.status).toBe(400);
		expect(pair.json.error.code).toBe(131056);
		expect(gw.messages()).toHaveLength(0);
	});

	it('500 → 131000, 503 → 131016, 502 → edge HTML', async () => {
		const unknown = await call(url(), { body: template('5511900000500'), headers: auth });
		expect([unknown.status, unknown.json.error.code]).toEqual([500, 131000]);
		const unavailable = await call(url(), { body: template('5511900000503'), headers: auth });
		expect([unavailable.status, unavailable.json.error.code]).toEqual([503, 131016]);
		expect((await call(url(), { body: template('5511900000502'), headers: auth })).status).toBe(502);
	});

	it('pair-rate model: a second message to the same user within the spacing gets 131056', async () => {
		gw.configure({ meta: { pairRateLimitMs: 6000 } });
		expect((await call(url(), { body: template('5511987654321'), headers: auth })).status).toBe(200);
		expect((await call(url(), { body: template('5521987654321'), headers: auth })).status).toBe(200);
		const second = await call(url(), { body: template('5511987654321'), headers: auth });
		expect([second.status, second.json.error.code]).toEqual([400, 131056]);
		now += 6000;
		expect((await call(url(), { body: template('5511987654321'), headers: auth })).status).toBe(200);
	});
});

describe('Meta personality: status webhooks', () => {
	it('posts sent, delivered, read, signed with X-Hub-Signature-256 over the exact bytes', async () => {
		const res = await call(url(), { body: template('5511987654321', { biz_opaque_callback_data: 'inv-9' }), headers: auth });
		await gw.flushWebhooks();
		const posts = receiver.received.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(3);
		for (const post of posts) {
			expect(post.url).toBe('/meta');
			expect(post.headers['x-hub-signature-256']).toBe(metaSignature(SECRET, post.body));
			expect(post.headers['x-hub-signature-256']).not.toBe(metaSignature('wrong', post.body));
			expect(/^[ -~]*$/.test(post.body)).toBe(true);
			const payload = JSON.parse(post.body);
			expect(payload.object).toBe('whatsapp_business_account');
			expect(payload.entry[0].changes[0].value.metadata.phone_number_id).toBe(PHONE_ID);
		}
		const all = statuses();
		expect(all.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
		expect(all.every((s) => s.id === res.json.messages[0].id && s.recipient_id === '5511987654321' && s.biz_opaque_callback_data === 'inv-9')).toBe(true);
		expect(all[0].conversation).toBeDefined();
		expect(all[0].pricing).toMatchObject({ billable: true, pricing_model: 'CBP', category: 'utility' });
		expect(all[0].timestamp).toBe(String(Math.floor(now / 1000)));
	});

	it('v24 webhooks drop conversation and use per-message pricing', async () => {
		await call(url('v24.0'), { body: template('5511987654321'), headers: auth });
		await gw.flushWebhooks();
		const [sent] = statuses();
		expect(sent.conversation).toBeUndefined();
		expect(sent.pricing.pricing_model).toBe('PMP');
	});

	it('batches the statuses of several messages due at the same step into one signed POST', async () => {
		await call(url(), { body: template('5511987654321'), headers: auth });
		await call(url(), { body: template('5521987654321'), headers: auth });
		await gw.flushWebhooks();
		const posts = receiver.received.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(3);
		const first = (JSON.parse(posts[0].body) as MetaWebhook).entry[0].changes[0].value.statuses;
		expect(first.map((s) => s.recipient_id)).toEqual(['5511987654321', '5521987654321']);
	});

	it('free text outside the 24 h window: 200 now, then failed with 131047; inside the window it is delivered', async () => {
		const outside = await call(url(), { body: textMessage('5511987654321', 'Olá, cobrança'), headers: auth });
		expect(outside.status).toBe(200);
		gw.openWindow('5521987654321', now - 23 * 3600_000);
		await call(url(), { body: textMessage('5521987654321'), headers: auth });
		await gw.flushWebhooks();
		const all = statuses();
		const failed = all.filter((s) => s.recipient_id === '5511987654321');
		expect(failed.map((s) => s.status)).toEqual(['failed']);
		expect(failed[0].errors?.[0]).toMatchObject({ code: 131047, title: 'Re-engagement message', error_data: { details: expect.stringContaining('24 hours') } });
		expect(all.filter((s) => s.recipient_id === '5521987654321').map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
	});

	it('a window opened more than 24 h ago is closed again', async () => {
		gw.openWindow('5511987654321', now - 25 * 3600_000);
		await call(url(), { body: textMessage('5511987654321'), headers: auth });
		await gw.flushWebhooks();
		expect(statuses().map((s) => s.status)).toEqual(['failed']);
	});

	it('invalid number, opt-out and undeliverable are accepted, then fail with 131026 / 131050 / 131026', async () => {
		await call(url(), { body: template('5511900001211'), headers: auth });
		await call(url(), { body: template('5511900001610'), headers: auth });
		await call(url(), { body: template('5511900000003'), headers: auth });
		await gw.flushWebhooks();
		const codes = statuses().map((s) => [s.recipient_id, s.status, s.errors?.[0]?.code]);
		expect(codes).toEqual([
			['5511900001211', 'failed', 131026],
			['5511900001610', 'failed', 131050],
			['5511900000003', 'failed', 131026],
		]);
	});

	it('realism switches: read without delivered, out of order, duplicates', async () => {
		gw.configure({ meta: { readWithoutDelivered: true } });
		await call(url(), { body: template('5511987654321'), headers: auth });
		await gw.flushWebhooks();
		expect(statuses().map((s) => s.status)).toEqual(['sent', 'read']);

		receiver.received.length = 0;
		gw.configure({ meta: { readWithoutDelivered: false, outOfOrder: true, duplicateStatuses: true } });
		await call(url(), { body: template('5511987654321'), headers: auth });
		await gw.flushWebhooks();
		expect(statuses().map((s) => s.status)).toEqual(['sent', 'sent', 'read', 'read', 'delivered', 'delivered']);
	});

	it('plays the GET hub.challenge verification against a receiver', async () => {
		const ok = await gw.verifyMetaSubscription(`${receiver.url}/meta`, 'verify-me');
		expect(ok).toMatchObject({ ok: true, status: 200 });
		expect(ok.body).toBe(ok.challenge);
		const refused = await gw.verifyMetaSubscription(`${receiver.url}/meta`, 'wrong');
		expect(refused).toMatchObject({ ok: false, status: 403 });
		const get = receiver.received.find((r) => r.method === 'GET');
		expect(get?.url).toMatch(/hub\.mode=subscribe&hub\.challenge=\d+&hub\.verify_token=verify-me/);
	});
});
