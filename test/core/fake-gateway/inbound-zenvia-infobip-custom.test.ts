import { createHmac } from 'node:crypto';

import { TINY_PNG, start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { basic, call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const DEBTOR = '5511987654321';
let receiver: Receiver;
let now = Date.UTC(2026, 3, 14, 12, 0, 0);

beforeAll(async () => {
	receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
	receiver.received.length = 0;
	now += 60_000;
});

const bodyOf = (i: number) => JSON.parse(receiver.received[i].body);

describe('Zenvia MESSAGE events (direction IN)', () => {
	let gw: FakeGateway;
	const zenviaAuth = { 'X-API-TOKEN': 'z-token' };

	beforeAll(async () => {
		gw = await start({
			zenvia: { token: 'z-token', callbackUrl: `${receiver.url}/zenvia/status`, inboundUrl: `${receiver.url}/zenvia/in`, webhookHeaders: { 'X-Shared-Secret': 's3cret' } },
			webhooks: { mode: 'manual', retries: 0 },
			now: () => now,
		});
	});
	afterAll(() => gw.close());
	beforeEach(() => gw.reset());

	const send = (channel: 'sms' | 'whatsapp', contents: unknown[], externalId = 'inv-1') =>
		call(`${gw.url}/v2/channels/${channel}/messages`, { body: { from: channel === 'sms' ? 'minha-conta' : '5511940028922', to: DEBTOR, externalId, contents }, headers: zenviaAuth });

	it('a WhatsApp reply to a sent message: MESSAGE event with message.idRef, visitor and the subscription headers', async () => {
		const sent = await send('whatsapp', [{ type: 'template', templateId: 'tpl-1', fields: {} }]);
		const result = await gw.reply({ provider: 'zenvia', from: DEBTOR, text: 'pago dia 10', inReplyTo: 'inv-1', name: 'Ana Souza' });
		expect(result).toMatchObject({ channel: 'whatsapp', status: 200, inReplyTo: sent.json.id, key: 'inv-1' });
		const [request] = receiver.received;
		expect(request.url).toBe('/zenvia/in');
		expect(request.headers['x-shared-secret']).toBe('s3cret');
		const at = new Date(now).toISOString();
		expect(JSON.parse(request.body)).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			timestamp: at,
			type: 'MESSAGE',
			subscriptionId: 'fake-message-subscription',
			channel: 'whatsapp',
			direction: 'IN',
			message: {
				id: result.id,
				from: DEBTOR,
				to: '5511940028922',
				direction: 'IN',
				channel: 'whatsapp',
				contents: [{ type: 'text', text: 'pago dia 10' }],
				visitor: { name: 'Ana Souza', firstName: 'Ana', lastName: 'Souza' },
				timestamp: at,
				idRef: sent.json.id,
			},
		});
	});

	it('a button tap is text content with the payload; media is a file content whose fileUrl is on the fake', async () => {
		await gw.reply({ provider: 'zenvia', from: DEBTOR, channel: 'whatsapp', button: { text: 'Já paguei', payload: 'PAID' } });
		const photo = await gw.reply({ provider: 'zenvia', from: DEBTOR, channel: 'whatsapp', media: { type: 'image', mime: 'image/jpeg', caption: 'comprovante' } });
		expect(bodyOf(0).message.contents).toEqual([{ type: 'text', text: 'Já paguei', payload: 'PAID' }]);
		expect(bodyOf(1).message.contents).toEqual([{ type: 'file', fileUrl: photo.media?.url, fileMimeType: 'image/jpeg', fileCaption: 'comprovante' }]);
		const res = await fetch(String(photo.media?.url));
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(Buffer.from(await res.arrayBuffer()).equals(TINY_PNG)).toBe(true);
		await expect(gw.reply({ provider: 'zenvia', from: DEBTOR, channel: 'sms', media: { type: 'image' } })).rejects.toThrow(/no media received by SMS/);
	});

	it('an SMS reply names the last message sent to that number in idRef, and has no visitor', async () => {
		await send('sms', [{ type: 'text', text: 'a' }], 'inv-a');
		const last = await send('sms', [{ type: 'text', text: 'b' }], 'inv-b');
		const result = await gw.reply({ provider: 'zenvia', from: `+${DEBTOR}`, text: 'SAIR' });
		expect(result).toMatchObject({ channel: 'sms', inReplyTo: last.json.id, key: 'inv-b', to: 'minha-conta' });
		expect(bodyOf(0).message.idRef).toBe(last.json.id);
		expect(bodyOf(0).message.visitor).toBeUndefined();
	});

	it('lists the MESSAGE subscription beside MESSAGE_STATUS, and words status descriptions as Zenvia does', async () => {
		const subscriptions = await call(`${gw.url}/v2/subscriptions`, { headers: zenviaAuth });
		expect(subscriptions.json.map((s: { eventType: string }) => s.eventType)).toEqual(['MESSAGE_STATUS', 'MESSAGE']);
		expect(subscriptions.json[1]).toMatchObject({ criteria: { direction: 'IN' }, webhook: { url: `${receiver.url}/zenvia/in` } });
		await send('sms', [{ type: 'text', text: 'x' }], 'inv-s');
		await gw.flushWebhooks();
		expect(receiver.received.map((r) => JSON.parse(r.body).messageStatus.description)).toEqual([
			'The message has been forwarded to the provider',
			'The message has been delivered by the provider',
		]);
	});
});

describe('Infobip inbound SMS and WhatsApp', () => {
	let gw: FakeGateway;
	const infobipAuth = { Authorization: 'App ib-key' };

	beforeAll(async () => {
		gw = await start({
			infobip: { apiKey: 'ib-key', inboundUrl: `${receiver.url}/infobip/in`, callbackUrl: `${receiver.url}/infobip/dlr`, keywords: ['PIX'], webhookAuth: { basic: { username: 'hook', password: 'pw' } } },
			webhooks: { mode: 'manual', retries: 0 },
			now: () => now,
		});
	});
	afterAll(() => gw.close());
	beforeEach(() => {
		gw.reset();
		gw.configure({ infobip: { webhookAuth: { basic: { username: 'hook', password: 'pw' } }, inboundCallbackData: undefined } });
	});

	it('an inbound SMS: results[] with messageId, text, cleanText/keyword, receivedAt, smsCount, price; counts; Basic auth', async () => {
		const result = await gw.reply({ provider: 'infobip', from: `+${DEBTOR}`, text: 'pix me manda o codigo' });
		await gw.reply({ provider: 'infobip', from: DEBTOR, text: 'já paguei' });
		expect(receiver.received[0].headers.authorization).toBe(basic('hook', 'pw'));
		expect(bodyOf(0)).toEqual({
			results: [
				{
					messageId: result.id,
					from: DEBTOR,
					to: '447491163443',
					text: 'pix me manda o codigo',
					cleanText: 'me manda o codigo',
					keyword: 'PIX',
					receivedAt: new Date(now).toISOString().replace('Z', '+0000'),
					smsCount: 1,
					price: { pricePerMessage: 0, currency: 'EUR' },
				},
			],
			messageCount: 1,
			pendingMessageCount: 0,
		});
		expect(result.id).toMatch(/^\d+$/);
		expect(bodyOf(1).results[0]).toMatchObject({ text: 'já paguei', cleanText: 'já paguei' });
		expect(bodyOf(1).results[0].keyword).toBeUndefined();
	});

	it('a WhatsApp reply to a template: pairedMessageId, callbackData, message.context, contact.name; BUTTON, IMAGE, DOCUMENT', async () => {
		const sent = await call(`${gw.url}/whatsapp/1/message/template`, {
			body: {
				messages: [
					{
						from: '447860099299',
						to: DEBTOR,
						messageId: 'inv-9',
						callbackData: 'invoice=9;stage=2',
						content: { templateName: 'cobranca', templateData: { body: { placeholders: ['Ana'] } }, language: 'pt_BR' },
					},
				],
			},
			headers: infobipAuth,
		});
		expect(sent.status).toBe(200);
		await gw.reply({ provider: 'infobip', from: DEBTOR, button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: 'inv-9', name: 'Ana' });
		const photo = await gw.reply({ provider: 'infobip', from: DEBTOR, channel: 'whatsapp', media: { type: 'image', caption: 'comprovante' } });
		await gw.reply({ provider: 'infobip', from: DEBTOR, channel: 'whatsapp', media: { type: 'document' } });
		await gw.reply({ provider: 'infobip', from: DEBTOR, channel: 'whatsapp', button: { text: 'Negociar', payload: 'NEG', interactive: true } });
		expect(bodyOf(0)).toEqual({
			results: [
				{
					from: DEBTOR,
					to: '447860099299',
					integrationType: 'WHATSAPP',
					receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
					messageId: expect.stringMatching(/^ABEG/),
					pairedMessageId: 'inv-9',
					callbackData: 'invoice=9;stage=2',
					message: { type: 'BUTTON', text: 'Já paguei', payload: 'PAID', context: { from: DEBTOR, id: 'inv-9' } },
					contact: { name: 'Ana' },
					price: { pricePerMessage: 0, currency: 'EUR' },
				},
			],
			messageCount: 1,
			pendingMessageCount: 0,
		});
		expect(bodyOf(1).results[0].message).toEqual({ type: 'IMAGE', url: photo.media?.url, caption: 'comprovante' });
		expect(bodyOf(2).results[0].message).toMatchObject({ type: 'DOCUMENT' });
		expect(bodyOf(3).results[0].message).toEqual({ type: 'INTERACTIVE_BUTTON_REPLY', id: 'NEG', title: 'Negociar' });
	});

	it('webhookAuth applies to DLRs too; a secret header instead of Basic', async () => {
		await call(`${gw.url}/sms/3/messages`, { body: { messages: [{ sender: 'InfoSMS', destinations: [{ to: DEBTOR, messageId: 'inv-d' }], content: { text: 'x' } }] }, headers: infobipAuth });
		await gw.flushWebhooks();
		expect(receiver.received[0].url).toBe('/infobip/dlr');
		expect(receiver.received[0].headers.authorization).toBe(basic('hook', 'pw'));
		gw.configure({ infobip: { webhookAuth: { header: { name: 'X-Webhook-Secret', value: 'h3ader' } }, inboundCallbackData: 'from-number-config' } });
		await gw.reply({ provider: 'infobip', from: DEBTOR, text: 'oi' });
		expect(receiver.received[1].headers['x-webhook-secret']).toBe('h3ader');
		expect(receiver.received[1].headers.authorization).toBeUndefined();
		expect(bodyOf(1).results[0].callbackData).toBe('from-number-config');
	});

	it('several replies of one call are batched into one results[] POST', async () => {
		await gw.replyAll(
			[
				{ provider: 'infobip', from: DEBTOR, text: 'um' },
				{ provider: 'infobip', from: '5521987654321', text: 'dois' },
			],
			{ batch: true },
		);
		expect(receiver.received).toHaveLength(1);
		expect(bodyOf(0)).toMatchObject({ messageCount: 2, pendingMessageCount: 0 });
		expect(bodyOf(0).results.map((r: { text: string }) => r.text)).toEqual(['um', 'dois']);
	});
});

describe('generic reseller webhooks (custom.callbackUrl)', () => {
	let gw: FakeGateway;

	beforeAll(async () => {
		gw = await start({
			custom: { callbackUrl: `${receiver.url}/reseller`, webhook: { signing: { mode: 'hmac', header: 'X-Signature', secret: 'shh', encoding: 'hex', prefix: 'sha256=' } } },
			webhooks: { mode: 'manual', retries: 0 },
			now: () => now,
		});
	});
	afterAll(() => gw.close());
	beforeEach(() => {
		gw.reset();
		gw.configure({ custom: { webhook: { signing: { mode: 'hmac', header: 'X-Signature', secret: 'shh', encoding: 'hex', prefix: 'sha256=' }, shape: 'single' } } });
	});

	const send = (to: string, ref: string) => call(`${gw.url}/custom/send`, { body: { to, text: 'Olá', client_ref: ref } });

	it('posts one flat status event per accepted message: delivered, or failed with an error code; HMAC-SHA256 hex with prefix', async () => {
		const ok = await send(DEBTOR, 'inv-1');
		const lost = await send('5511900000003', 'inv-2');
		await gw.flushWebhooks();
		expect(receiver.received).toHaveLength(2);
		const at = new Date(now).toISOString();
		expect(bodyOf(0)).toEqual({ event: 'status', id: ok.json.id, status: 'delivered', client_ref: 'inv-1', to: DEBTOR, timestamp: at, error_code: null });
		expect(bodyOf(1)).toEqual({ event: 'status', id: lost.json.id, status: 'failed', client_ref: 'inv-2', to: '5511900000003', timestamp: at, error_code: 'UNDELIVERABLE' });
		for (const request of receiver.received) {
			expect(request.headers['x-signature']).toBe('sha256=' + createHmac('sha256', 'shh').update(request.body).digest('hex'));
		}
	});

	it('a reply is a flat event with every key present; base64 HMAC without a prefix', async () => {
		gw.configure({ custom: { webhook: { signing: { mode: 'hmac', header: 'X-Sig', secret: 'shh', encoding: 'base64' } } } });
		const sent = await send(DEBTOR, 'inv-3');
		const reply = await gw.reply({ provider: 'custom', from: `+${DEBTOR}`, text: 'quero parcelar', inReplyTo: 'inv-3' });
		expect(bodyOf(0)).toEqual({
			event: 'reply',
			id: reply.id,
			from: DEBTOR,
			to: '5511930000001',
			text: 'quero parcelar',
			button_text: null,
			button_payload: null,
			media_url: null,
			media_type: null,
			in_reply_to: sent.json.id,
			client_ref: 'inv-3',
			timestamp: new Date(now).toISOString(),
		});
		expect(receiver.received[0].headers['x-sig']).toBe(createHmac('sha256', 'shh').update(receiver.received[0].body).digest('base64'));
	});

	it('batch shape: {"events": [...]} with every event of a step; a static secret header; no signing', async () => {
		gw.configure({ custom: { webhook: { shape: 'batch', signing: { mode: 'header', name: 'X-Token', value: 'tok' } } } });
		await send(DEBTOR, 'inv-4');
		await send('5521987654321', 'inv-5');
		await gw.flushWebhooks();
		expect(receiver.received).toHaveLength(1);
		expect(receiver.received[0].headers['x-token']).toBe('tok');
		expect(bodyOf(0).events.map((e: { client_ref: string }) => e.client_ref)).toEqual(['inv-4', 'inv-5']);
		await gw.replyAll(
			[
				{ provider: 'custom', from: DEBTOR, button: { text: 'Sim', payload: 'YES' } },
				{ provider: 'custom', from: DEBTOR, media: { type: 'document' } },
			],
			{ batch: true },
		);
		expect(bodyOf(1).events).toHaveLength(2);
		expect(bodyOf(1).events[0]).toMatchObject({ event: 'reply', text: 'Sim', button_text: 'Sim', button_payload: 'YES' });
		expect(bodyOf(1).events[1]).toMatchObject({ media_type: 'application/pdf', media_url: expect.stringContaining('/__fake/media/') });
		gw.configure({ custom: { webhook: { shape: 'single', signing: { mode: 'none' } } } });
		await gw.reply({ provider: 'custom', from: DEBTOR, text: 'x' });
		expect(Object.keys(receiver.received[2].headers).filter((h) => h.startsWith('x-'))).toEqual([]);
	});
});
