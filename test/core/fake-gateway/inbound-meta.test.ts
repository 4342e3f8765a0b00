import { createHash, createHmac } from 'node:crypto';

import { TINY_PNG, start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const TOKEN = 'meta-inbound-token';
const SECRET = 'meta-inbound-secret';
const PHONE_ID = '106540352242922';
const DEBTOR = '5511987654321';

let gw: FakeGateway;
let receiver: Receiver;
let now = Date.UTC(2026, 3, 14, 12, 0, 0);

const hubSignature = (raw: string) => 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');

beforeAll(async () => {
	receiver = await startReceiver();
	gw = await start({
		meta: {
			token: TOKEN,
			appSecret: SECRET,
			phoneNumberId: PHONE_ID,
			displayPhoneNumber: '15550783881',
			wabaId: '102290129340398',
			callbackUrl: `${receiver.url}/meta`,
			templates: { cobranca_lembrete: { bodyParams: 0, category: 'utility' }, oferta_quitacao: { bodyParams: 0, category: 'marketing' } },
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
	receiver.received.length = 0;
	now += 60_000;
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const send = (body: Record<string, unknown>) => call(`${gw.url}/v23.0/${PHONE_ID}/messages`, { body: { messaging_product: 'whatsapp', to: DEBTOR, ...body }, headers: auth });
const template = (name = 'cobranca_lembrete', opaque = 'inv-1') =>
	send({ type: 'template', template: { name, language: { code: 'pt_BR' } }, biz_opaque_callback_data: opaque });
const text = () => send({ type: 'text', text: { body: 'Segue o Pix' } });
const statusesOf = (raw: string) => JSON.parse(raw).entry[0].changes[0].value.statuses as Array<Record<string, unknown>>;

describe('the test oracle', () => {
	it('hubSignature is HMAC-SHA256 hex: secret "secret" over "test" gives the 0329a06b…0914 vector', () => {
		expect('sha256=' + createHmac('sha256', 'secret').update('test').digest('hex')).toBe('sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914');
		expect(hubSignature('test')).toBe('sha256=' + createHmac('sha256', SECRET).update('test').digest('hex'));
	});
});

describe('Meta inbound messages', () => {
	it('a text reply: the messages webhook with contacts[] and messages[], signed over the exact escaped bytes', async () => {
		const result = await gw.reply({ provider: 'meta', from: `+${DEBTOR}`, text: 'Não reconheço essa cobrança', name: 'Ana Souza' });
		expect(result).toMatchObject({ provider: 'meta', channel: 'whatsapp', status: 200, to: PHONE_ID });
		expect(result.id).toMatch(/^wamid\./);
		const [request] = receiver.received;
		expect(request.headers['x-hub-signature-256']).toBe(hubSignature(request.body));
		expect(request.body).toContain('N\\u00e3o reconhe\\u00e7o');
		expect(/^[ -~]*$/.test(request.body)).toBe(true);
		expect(JSON.parse(request.body)).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						{
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
								contacts: [{ profile: { name: 'Ana Souza' }, wa_id: DEBTOR }],
								messages: [{ from: DEBTOR, id: result.id, timestamp: String(Math.floor(now / 1000)), type: 'text', text: { body: 'Não reconheço essa cobrança' } }],
							},
							field: 'messages',
						},
					],
				},
			],
		});
	});

	it('a quick-reply tap on a template: type button with payload/text and context.{from, id} = our display number and the wamid', async () => {
		const sent = await template();
		const wamid = sent.json.messages[0].id;
		await gw.reply({ provider: 'meta', from: DEBTOR, button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: 'inv-1' });
		await gw.reply({ provider: 'meta', from: DEBTOR, button: { text: 'Parcelar', payload: 'PLAN', interactive: true }, inReplyTo: wamid });
		const tap = JSON.parse(receiver.received[0].body).entry[0].changes[0].value.messages[0];
		expect(tap).toEqual({ context: { from: '15550783881', id: wamid }, from: DEBTOR, id: expect.stringMatching(/^wamid\./), timestamp: expect.any(String), type: 'button', button: { payload: 'PAID', text: 'Já paguei' } });
		const interactive = JSON.parse(receiver.received[1].body).entry[0].changes[0].value.messages[0];
		expect(interactive).toMatchObject({ context: { id: wamid }, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'PLAN', title: 'Parcelar' } } });
	});

	it('image and document: ids, MIME, sha256 of the served bytes; Graph GET /{media-id} gives a URL on the fake', async () => {
		const photo = await gw.reply({ provider: 'meta', from: DEBTOR, media: { type: 'image', mime: 'image/png', caption: 'comprovante' } });
		await gw.reply({ provider: 'meta', from: DEBTOR, media: { type: 'document', filename: 'boleto-pago.pdf' } });
		const image = JSON.parse(receiver.received[0].body).entry[0].changes[0].value.messages[0];
		expect(image).toMatchObject({ type: 'image', image: { caption: 'comprovante', mime_type: 'image/png', sha256: createHash('sha256').update(TINY_PNG).digest('hex'), id: photo.media?.id } });
		expect(image.image.id).toMatch(/^\d+$/);
		const document = JSON.parse(receiver.received[1].body).entry[0].changes[0].value.messages[0];
		expect(document).toMatchObject({ type: 'document', document: { filename: 'boleto-pago.pdf', mime_type: 'application/pdf' } });
		const node = await call(`${gw.url}/v23.0/${image.image.id}`, { headers: auth });
		expect(node.json).toEqual({ messaging_product: 'whatsapp', url: `${gw.url}/__fake/media/${image.image.id}`, mime_type: 'image/png', sha256: image.image.sha256, file_size: TINY_PNG.length, id: image.image.id });
		expect((await call(`${gw.url}/v23.0/${image.image.id}`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
		const bytes = Buffer.from(await (await fetch(node.json.url)).arrayBuffer());
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(image.image.sha256);
	});

	it('a reply opens the 24 h window: free-form text fails with 131047 before it, is delivered after it', async () => {
		await text();
		await gw.reply({ provider: 'meta', from: DEBTOR, text: 'oi' });
		await text();
		receiver.received.length = 0;
		await gw.flushWebhooks();
		const statuses = receiver.received.flatMap((r) => statusesOf(r.body));
		expect(statuses.filter((s) => s.status === 'failed').map((s) => (s.errors as Array<{ code: number }>)[0].code)).toEqual([131047]);
		expect(statuses.filter((s) => s.status === 'delivered')).toHaveLength(1);
	});

	it('several replies in one call can be batched: one POST, one change per sender, every message', async () => {
		const results = await gw.replyAll(
			[
				{ provider: 'meta', from: DEBTOR, text: 'um' },
				{ provider: 'meta', from: '5521987654321', text: 'dois' },
				{ provider: 'meta', from: DEBTOR, text: 'três' },
			],
			{ batch: true },
		);
		expect(receiver.received).toHaveLength(1);
		const raw = receiver.received[0].body;
		expect(receiver.received[0].headers['x-hub-signature-256']).toBe(hubSignature(raw));
		const changes = JSON.parse(raw).entry[0].changes;
		expect(changes.map((c: { value: { contacts: Array<{ wa_id: string }>; messages: Array<{ text: { body: string } }> } }) => [c.value.contacts[0].wa_id, c.value.messages.map((m) => m.text.body)])).toEqual([
			[DEBTOR, ['um', 'três']],
			['5521987654321', ['dois']],
		]);
		expect(results.every((r) => r.status === 200 && r.body === raw)).toBe(true);
		expect(Number(JSON.parse(raw).entry[0].changes[0].value.messages[1].timestamp) - Number(JSON.parse(raw).entry[0].changes[0].value.messages[0].timestamp)).toBe(2);
	});
});

describe('Meta user_preferences (marketing stop / resume)', () => {
	it('posts the user_preferences change, signed, with an integer timestamp', async () => {
		const result = await gw.metaUserPreference({ from: DEBTOR, value: 'stop', name: 'Ana' });
		expect(result).toMatchObject({ kind: 'user_preference', status: 200 });
		const [request] = receiver.received;
		expect(request.headers['x-hub-signature-256']).toBe(hubSignature(request.body));
		expect(JSON.parse(request.body).entry[0].changes[0]).toEqual({
			value: {
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
				contacts: [{ profile: { name: 'Ana' }, wa_id: DEBTOR }],
				user_preferences: [{ wa_id: DEBTOR, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: Math.floor(now / 1000) }],
			},
			field: 'user_preferences',
		});
		expect(gw.webhookLog({ kind: 'user_preference' })).toHaveLength(1);
	});

	it('after a stop, marketing templates fail with 131050 and utility ones are delivered; resume lifts it', async () => {
		await gw.metaUserPreference({ from: DEBTOR, value: 'stop' });
		await template('oferta_quitacao', 'mkt-1');
		await template('cobranca_lembrete', 'util-1');
		await gw.metaUserPreference({ from: DEBTOR, value: 'resume' });
		expect(JSON.parse(receiver.received[1].body).entry[0].changes[0].value.user_preferences[0].detail).toBe('User requested to resume marketing messages');
		await template('oferta_quitacao', 'mkt-2');
		receiver.received.length = 0;
		await gw.flushWebhooks();
		const final = new Map<string, Record<string, unknown>>();
		for (const status of receiver.received.flatMap((r) => statusesOf(r.body))) final.set(String(status.biz_opaque_callback_data), status);
		expect(final.get('mkt-1')).toMatchObject({ status: 'failed', errors: [{ code: 131050 }] });
		expect(final.get('util-1')?.status).toBe('read');
		expect(final.get('mkt-2')?.status).toBe('read');
	});

	it('resume also lifts the opt_out fault of a magic number', async () => {
		await gw.metaUserPreference({ from: '5511900001610', value: 'resume' });
		await call(`${gw.url}/v23.0/${PHONE_ID}/messages`, { body: { messaging_product: 'whatsapp', to: '5511900001610', type: 'template', template: { name: 'cobranca_lembrete', language: { code: 'pt_BR' } } }, headers: auth });
		expect(gw.messages({ recipient: '5511900001610' })[0].outcome).toBe('delivered');
	});
});
