/**
 * The parsers against what the project's fake gateway posts: messages sent with the adapters' own
 * requests, the fake's status webhooks flushed to a loopback receiver, and its debtor replies built
 * without posting. What this package's e2e tests will send must verify and parse.
 */
import { InvalidSettingError } from '../../../nodes/core/errors';
import { createWebhookReceiver, type WebhookSecrets } from '../../../nodes/core/gateways';
import { genericAdapter, type GenericWebhookSettings } from '../../../nodes/core/gateways/generic';
import { infobipAdapter } from '../../../nodes/core/gateways/infobip';
import { metaAdapter } from '../../../nodes/core/gateways/meta';
import { twilioAdapter } from '../../../nodes/core/gateways/twilio';
import type { InboundEvent, OutboundMessage, ProviderName, SendOptions, WebhookReceiver } from '../../../nodes/core/gateways/types';
import { zenviaAdapter } from '../../../nodes/core/gateways/zenvia';
import { DEFAULT_CREDENTIALS, start, type FakeGateway } from '../../fake-gateway';
import { basic, call, startReceiver, type Receiver } from '../../fake-gateway/testing';
import { webhookRequest } from './inbound.helpers';

type Provider = Exclude<ProviderName, 'generic'> | 'custom';

const ZENVIA_SECRET = { name: 'X-Dunning-Secret', value: 'zenvia-webhook-secret-123' };
const INFOBIP_BASIC = { username: 'infobip-hook', password: 'infobip-hook-password' };
const CUSTOM_SECRET = 'reseller-hmac-secret';

const SECRETS: WebhookSecrets = {
	twilio: { authToken: DEFAULT_CREDENTIALS.twilio.authToken },
	meta: { appSecret: DEFAULT_CREDENTIALS.meta.appSecret, verifyToken: 'verify-me' },
	zenvia: { header: ZENVIA_SECRET },
	infobip: { basic: { user: INFOBIP_BASIC.username, password: INFOBIP_BASIC.password } },
	generic: { hmac: { header: 'X-Signature', secret: CUSTOM_SECRET, prefix: 'sha256=' } },
};

/** How the fake reseller's webhooks are read: flat events in `{"events": […]}`. */
const CUSTOM_PATHS: GenericWebhookSettings = {
	eventsPath: 'events',
	messageIdPath: 'id',
	statusPath: 'status',
	correlationPath: 'client_ref',
	phonePath: 'to',
	senderPhonePath: 'from',
	textPath: 'text',
	timestampPath: 'timestamp',
	errorCodePath: 'error_code',
	inReplyToPath: 'in_reply_to',
	buttonTextPath: 'button_text',
	buttonPayloadPath: 'button_payload',
	mediaUrlPath: 'media_url',
	mediaTypePath: 'media_type',
	codeReasons: { WINDOW_CLOSED: 'window_closed', UNDELIVERABLE: 'undeliverable', OPTED_OUT: 'opted_out' },
};

let gw: FakeGateway;
let hooks: Receiver;
const receivers = {} as Record<Provider, WebhookReceiver>;

beforeAll(async () => {
	hooks = await startReceiver();
	gw = await start({
		twilio: { inboundUrl: `${hooks.url}/twilio/in` },
		meta: { callbackUrl: `${hooks.url}/meta`, phoneNumberId: '106540352242922' },
		zenvia: { callbackUrl: `${hooks.url}/zenvia/status`, inboundUrl: `${hooks.url}/zenvia/in`, webhookHeaders: { [ZENVIA_SECRET.name]: ZENVIA_SECRET.value } },
		infobip: { inboundUrl: `${hooks.url}/infobip/in`, webhookAuth: { basic: INFOBIP_BASIC } },
		custom: { callbackUrl: `${hooks.url}/custom`, webhook: { shape: 'batch', signing: { mode: 'hmac', header: 'X-Signature', secret: CUSTOM_SECRET, prefix: 'sha256=' } } },
		webhooks: { mode: 'manual', retries: 0 },
		whatsappWindow: 'model',
	});
	for (const provider of ['twilio', 'meta', 'zenvia', 'infobip', 'custom'] as const) {
		const receiver = provider === 'custom' ? createWebhookReceiver('generic', SECRETS.generic, CUSTOM_PATHS) : createWebhookReceiver(provider, SECRETS[provider]);
		if (receiver instanceof InvalidSettingError) throw receiver;
		receivers[provider] = receiver;
	}
});

afterAll(async () => {
	await gw.close();
	await hooks.close();
});

beforeEach(() => gw.reset());

const AUTH: Record<Provider, Record<string, string>> = {
	twilio: { Authorization: basic(DEFAULT_CREDENTIALS.twilio.accountSid, DEFAULT_CREDENTIALS.twilio.authToken) },
	meta: { Authorization: `Bearer ${DEFAULT_CREDENTIALS.meta.token}` },
	zenvia: { 'X-API-TOKEN': DEFAULT_CREDENTIALS.zenvia.token },
	infobip: { Authorization: `App ${DEFAULT_CREDENTIALS.infobip.apiKey}` },
	custom: {},
};

function gateway(provider: Provider) {
	const options: SendOptions = { statusCallbackUrl: `${hooks.url}/${provider}/status` };
	const prepared = (() => {
		switch (provider) {
			case 'twilio':
				return twilioAdapter.prepare({ baseUrl: gw.url, accountSid: DEFAULT_CREDENTIALS.twilio.accountSid, from: '+15017122661', whatsappFrom: '+14155238886' }, options);
			case 'meta':
				return metaAdapter.prepare({ baseUrl: gw.url, phoneNumberId: '106540352242922' }, options);
			case 'zenvia':
				return zenviaAdapter.prepare({ baseUrl: gw.url, smsFrom: 'fake-sms-sender', whatsappFrom: '5511940028922' }, options);
			case 'infobip':
				return infobipAdapter.prepare({ baseUrl: gw.url, smsSender: 'InfoSMS', whatsappSender: '447860099299' }, options);
			case 'custom':
				return genericAdapter.prepare({ baseUrl: `${gw.url}/custom`, path: '/sms', bodyTemplate: '{"to":"{{to_digits}}","text":"{{text}}","client_ref":"{{idempotency_key}}"}', messageIdPath: 'id' }, options);
		}
	})();
	if (prepared instanceof InvalidSettingError) throw prepared;
	return prepared;
}

/** Sends one message through the fake with the adapter's own request; returns the provider's message id. */
async function send(provider: Provider, message: OutboundMessage): Promise<string> {
	const sender = gateway(provider);
	const request = sender.buildRequest(message);
	if (!('url' in request)) throw new Error(`could not build: ${request.message}`);
	const answer = await call(request.url, {
		headers: { ...request.headers, ...AUTH[provider] },
		...(request.contentType === 'form' ? { form: request.body as Record<string, string> } : { body: request.body }),
	});
	const reply = sender.parseSuccess(answer.status, answer.json ?? answer.text);
	if (reply.status !== 'sent' || !reply.providerMessageId) throw new Error(`${provider} did not accept: ${answer.status} ${answer.text}`);
	return reply.providerMessageId;
}

const to = (digits: string) => ({ e164: `+${digits}`, digits });
const sms = (digits: string, key: string): OutboundMessage => ({ channel: 'sms', to: to(digits), text: 'Sua fatura venceu. Responda para negociar.', idempotencyKey: key });
const whatsappText = (digits: string, key: string): OutboundMessage => ({ channel: 'whatsapp', kind: 'text', to: to(digits), text: 'Olá Ana, podemos negociar?', idempotencyKey: key });

/** Every status webhook the fake posted for `provider`, verified and parsed. */
async function statusEvents(provider: Provider): Promise<InboundEvent[]> {
	await gw.flushWebhooks();
	const records = gw.webhookLog({ provider, kind: 'status' });
	expect(records.length).toBeGreaterThan(0);
	const events: InboundEvent[] = [];
	for (const record of records) {
		const request = webhookRequest(record.url, record.body, record.headers);
		expect(receivers[provider].verify(request)).toEqual({ ok: true });
		const result = receivers[provider].parse(request);
		expect(result).toMatchObject({ problems: [] });
		expect(result.problem).toBeUndefined();
		events.push(...result.events);
	}
	return events;
}

/** Replies built and signed by the fake without posting, verified and parsed. */
async function replyEvents(inputs: Parameters<FakeGateway['replyAll']>[0], batch = false): Promise<InboundEvent[]> {
	const results = await gw.replyAll(inputs, { post: false, batch });
	const seen = new Set<string>();
	const events: InboundEvent[] = [];
	for (const result of results) {
		if (!result.url || !result.body || seen.has(result.body)) continue;
		seen.add(result.body);
		const request = webhookRequest(result.url, result.body, result.headers ?? {});
		const receiver = receivers[result.provider as Provider];
		expect(receiver.verify(request)).toEqual({ ok: true });
		const parsed = receiver.parse(request);
		expect(parsed).toMatchObject({ problems: [] });
		events.push(...parsed.events);
	}
	return events;
}

describe('the fake gateway’s status webhooks parse with our keys and reasons', () => {
	it('Twilio: SMS sent → delivered with ref, WhatsApp text outside the window → 63016 window_closed', async () => {
		const ok = await send('twilio', sms('5511987654321', 'INV-1:reminder_1d:sms'));
		const closed = await send('twilio', whatsappText('5511900001047', 'INV-2:overdue_3d:whatsapp'));
		const events = await statusEvents('twilio');
		expect(events.filter((e) => e.messageId === ok).map((e) => [e.status, e.correlationKey, e.phone])).toEqual([
			['sent', 'INV-1:reminder_1d:sms', '+5511987654321'],
			['delivered', 'INV-1:reminder_1d:sms', '+5511987654321'],
		]);
		expect(events.find((e) => e.messageId === ok && e.status === 'delivered')?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
		expect(events.find((e) => e.messageId === closed)).toMatchObject({ channel: 'whatsapp', status: 'failed', reason: 'window_closed', code: '63016', correlationKey: 'INV-2:overdue_3d:whatsapp' });
		expect(new Set(events.map((e) => e.dedupeId)).size).toBe(events.length);
	});

	it('Meta: batched statuses with biz_opaque_callback_data; 131047 → window_closed, 131026 → undeliverable', async () => {
		const ok = await send('meta', { channel: 'whatsapp', to: to('5511987654321'), template: { name: 'cobranca_lembrete', language: 'pt_BR', parameters: [{ value: 'Ana' }] }, idempotencyKey: 'INV-1:reminder_1d:whatsapp' });
		const closed = await send('meta', whatsappText('5511900001047', 'INV-2:overdue_3d:whatsapp'));
		const gone = await send('meta', { channel: 'whatsapp', to: to('5511900000003'), template: { name: 'cobranca_lembrete', language: 'pt_BR', parameters: [{ value: 'Bia' }] }, idempotencyKey: 'INV-3:overdue_3d:whatsapp' });
		const events = await statusEvents('meta');
		expect(events.filter((e) => e.messageId === ok).map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
		expect(events.find((e) => e.messageId === ok)?.correlationKey).toBe('INV-1:reminder_1d:whatsapp');
		expect(events.find((e) => e.messageId === closed)).toMatchObject({ status: 'failed', reason: 'window_closed', code: '131047', correlationKey: 'INV-2:overdue_3d:whatsapp' });
		expect(events.find((e) => e.messageId === gone)).toMatchObject({ status: 'failed', reason: 'undeliverable', code: '131026' });
	});

	it('Zenvia: MESSAGE_STATUS with externalId, checked by the subscription header', async () => {
		const ok = await send('zenvia', sms('5511987654321', 'INV-1:reminder_1d:sms'));
		const gone = await send('zenvia', sms('5511900000003', 'INV-3:reminder_1d:sms'));
		const events = await statusEvents('zenvia');
		expect(events.filter((e) => e.messageId === ok).map((e) => [e.status, e.correlationKey])).toEqual([
			['sent', 'INV-1:reminder_1d:sms'],
			['delivered', 'INV-1:reminder_1d:sms'],
		]);
		expect(events.find((e) => e.messageId === gone && e.status === 'undelivered')).toMatchObject({ reason: 'undeliverable', correlationKey: 'INV-3:reminder_1d:sms' });
	});

	it('Infobip: batched DLRs with our messageId and callbackData, checked by Basic auth', async () => {
		const ok = await send('infobip', sms('5511987654321', 'INV-1:reminder_1d:sms'));
		const gone = await send('infobip', sms('5511900000003', 'INV-3:reminder_1d:sms'));
		const events = await statusEvents('infobip');
		expect(ok).toBe('INV-1:reminder_1d:sms');
		expect(events.find((e) => e.messageId === ok)).toMatchObject({ status: 'delivered', correlationKey: 'INV-1:reminder_1d:sms', phone: '+5511987654321' });
		expect(events.find((e) => e.messageId === gone)).toMatchObject({ status: 'undelivered', reason: 'undeliverable', code: 'EC_UNKNOWN_SUBSCRIBER', correlationKey: 'INV-3:reminder_1d:sms' });
	});

	it('the HTTP gateway: HMAC-signed batches read by field paths', async () => {
		const ok = await send('custom', sms('5511987654321', 'INV-1:reminder_1d:sms'));
		const events = await statusEvents('custom');
		expect(events.find((e) => e.messageId === ok && e.status === 'delivered')).toMatchObject({ provider: 'generic', correlationKey: 'INV-1:reminder_1d:sms', phone: '+5511987654321' });
	});
});

describe('the fake gateway’s replies parse', () => {
	it('Twilio: SMS text, STOP with Advanced Opt-Out, a WhatsApp button tap answering our message, a receipt photo', async () => {
		const original = await send('twilio', whatsappText('5511987654321', 'INV-1:reminder_1d:whatsapp'));
		const events = await replyEvents([
			{ provider: 'twilio', from: '+5511987650000', text: 'já paguei' },
			{ provider: 'twilio', from: '+5511987650001', text: 'STOP' },
			{ provider: 'twilio', from: '+5511987654321', button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: original },
			{ provider: 'twilio', from: '+5511987654321', channel: 'whatsapp', media: { type: 'image', caption: 'comprovante' } },
		]);
		expect(events.map((e) => [e.kind, e.channel, e.phone, e.text])).toEqual([
			['reply', 'sms', '+5511987650000', 'já paguei'],
			['opt_out', 'sms', '+5511987650001', 'STOP'],
			['reply', 'whatsapp', '+5511987654321', 'Já paguei'],
			['reply', 'whatsapp', '+5511987654321', 'comprovante'],
		]);
		expect(events[2]).toMatchObject({ button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: original });
		expect(events[3].media).toEqual([{ type: 'image', mime: 'image/png', url: expect.stringContaining('/__fake/media/') }]);
	});

	it('Meta: a batch with text, a quick reply and an interactive reply (context.id), a PDF; and a marketing stop', async () => {
		const original = await send('meta', { channel: 'whatsapp', to: to('5511987654321'), template: { name: 'cobranca_lembrete', language: 'pt_BR', parameters: [{ value: 'Ana' }] }, idempotencyKey: 'INV-1:reminder_1d:whatsapp' });
		const events = await replyEvents(
			[
				{ provider: 'meta', from: '5511987654321', text: 'Não reconheço' },
				{ provider: 'meta', from: '5511987654321', button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: original },
				{ provider: 'meta', from: '5511987654321', button: { text: 'Negociar', payload: 'NEGOTIATE', interactive: true }, inReplyTo: original },
				{ provider: 'meta', from: '5511987654321', media: { type: 'document', filename: 'comprovante.pdf' } },
			],
			true,
		);
		expect(events.map((e) => e.messageType)).toEqual(['text', 'button', 'interactive', 'document']);
		expect(events[1]).toMatchObject({ button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: original });
		expect(events[2]).toMatchObject({ button: { text: 'Negociar', payload: 'NEGOTIATE' }, inReplyTo: original });
		expect(events[3].media[0]).toMatchObject({ type: 'document', mime: 'application/pdf', filename: 'comprovante.pdf', id: expect.any(String) });
		const stop = await gw.metaUserPreference({ from: '5511987654321', value: 'stop', url: `${hooks.url}/meta` });
		const request = webhookRequest(String(stop.url), String(stop.body), stop.headers ?? {});
		expect(receivers.meta.verify(request)).toEqual({ ok: true });
		expect(receivers.meta.parse(request).events).toMatchObject([{ kind: 'opt_out', phone: '+5511987654321', consent: { scope: 'marketing', value: 'stop' } }]);
	});

	it('Zenvia and Infobip: text, a button tap and a photo; the reply names the message it answers', async () => {
		const zenviaOriginal = await send('zenvia', whatsappText('5511987654321', 'INV-1:reminder_1d:whatsapp'));
		const infobipOriginal = await send('infobip', { channel: 'whatsapp', to: to('5511987654321'), template: { name: 'cobranca_lembrete', language: 'pt_BR', parameters: [{ value: 'Ana' }] }, idempotencyKey: 'INV-2:reminder_1d:whatsapp' });
		const events = await replyEvents([
			{ provider: 'zenvia', from: '5511987654321', text: 'quero parcelar', inReplyTo: zenviaOriginal },
			{ provider: 'zenvia', from: '5511987654321', button: { text: 'Já paguei', payload: 'PAID' }, channel: 'whatsapp' },
			{ provider: 'infobip', from: '5511987654321', button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: infobipOriginal },
			{ provider: 'infobip', from: '5511987654321', channel: 'whatsapp', media: { type: 'image', caption: 'comprovante' } },
			{ provider: 'infobip', from: '5511987650000', text: 'PAGAR segunda via' },
		]);
		expect(events.map((e) => [e.provider, e.channel, e.text, e.button?.payload ?? null])).toEqual([
			['zenvia', 'whatsapp', 'quero parcelar', null],
			['zenvia', 'whatsapp', 'Já paguei', 'PAID'],
			['infobip', 'whatsapp', 'Já paguei', 'PAID'],
			['infobip', 'whatsapp', 'comprovante', null],
			['infobip', 'sms', 'PAGAR segunda via', null],
		]);
		expect(events[0].inReplyTo).toBe(zenviaOriginal);
		expect(events[2]).toMatchObject({ inReplyTo: infobipOriginal, correlationKey: 'INV-2:reminder_1d:whatsapp' });
		expect(events[3].media).toEqual([{ type: 'image', mime: null, url: expect.stringContaining('/__fake/media/'), caption: 'comprovante' }]);
	});

	it('the HTTP gateway: a reply with a button and the message it answers', async () => {
		const original = await send('custom', sms('5511987654321', 'INV-1:reminder_1d:sms'));
		const [event] = await replyEvents([{ provider: 'custom', from: '5511987654321', button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: original }]);
		expect(event).toMatchObject({ kind: 'reply', provider: 'generic', phone: '+5511987654321', button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: original, correlationKey: 'INV-1:reminder_1d:sms' });
	});
});

describe('the fake gateway’s forged webhooks are refused', () => {
	it.each([
		['twilio', 'signature', 403],
		['twilio', 'missing', 401],
		['twilio', 'body', 403],
		['meta', 'signature', 403],
		['meta', 'body', 403],
		['zenvia', 'signature', 403],
		['zenvia', 'missing', 401],
		['infobip', 'signature', 403],
		['infobip', 'missing', 401],
		['custom', 'signature', 403],
		['custom', 'body', 403],
	] as const)('%s, tampered %s → %i', async (provider, tamper, status) => {
		const [result] = await gw.replyAll([{ provider, from: '5511987654321', text: 'já paguei', channel: provider === 'meta' ? 'whatsapp' : 'sms', tamper }], { post: false });
		const request = webhookRequest(String(result.url), String(result.body), result.headers ?? {});
		expect(receivers[provider].verify(request)).toEqual({ ok: false, status });
	});
});

test('every adapter has both halves, written once by defineAdapter', () => {
	for (const adapter of [twilioAdapter, metaAdapter, zenviaAdapter, infobipAdapter, genericAdapter]) {
		expect(typeof adapter.prepare).toBe('function');
		expect(typeof adapter.receiver).toBe('function');
	}
});
