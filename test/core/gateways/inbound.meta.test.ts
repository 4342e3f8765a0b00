import { createHmac } from 'node:crypto';

import { InvalidSettingError } from '../../../nodes/core/errors';
import { createWebhookReceiver } from '../../../nodes/core/gateways';
import { answerMetaHandshake, metaAdapter, parseMetaWebhook, verifyMetaWebhook } from '../../../nodes/core/gateways/meta';
import { metaJson, metaSignature } from '../../fake-gateway/signing';
import { expectUnreadable, NO_FIELDS, only, webhookRequest } from './inbound.helpers';

const SECRET = 'meta-app-secret-0123456789';
const URL = 'https://n8n.example.com/webhook/dunning-events/meta';

/** A webhook as Meta posts it: JSON with non-ASCII escaped as \uXXXX, signed over those bytes. */
function signed(payload: unknown, secret = SECRET) {
	const body = metaJson(payload);
	return webhookRequest(URL, body, { 'Content-Type': 'application/json', 'X-Hub-Signature-256': metaSignature(secret, body) });
}

/** `{object, entry: [{id, changes: [{field, value}]}]}` around one value (Meta's envelope). */
function envelope(value: Record<string, unknown>, field = 'messages') {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, ...value }, field }],
			},
		],
	};
}

const WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';

// The shapes of Meta's webhook reference (messages/status, messages/text, button, interactive, media, user_preferences).
const delivered = { id: WAMID, status: 'delivered', timestamp: '1750030073', recipient_id: '5511987654321', biz_opaque_callback_data: 'INV-1:reminder_1d:whatsapp', pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' } };

function failed(code: number, title: string, details: string) {
	return { id: WAMID, status: 'failed', timestamp: '1689205290', recipient_id: '5511987654321', biz_opaque_callback_data: 'INV-1:overdue_3d:whatsapp', errors: [{ code, title, message: title, error_data: { details }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }] };
}

describe('Meta webhooks: X-Hub-Signature-256', () => {
	it('reproduces the vector: secret "secret", body "test"', () => {
		const request = webhookRequest(URL, 'test', { 'X-Hub-Signature-256': 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914' });
		expect(verifyMetaWebhook(request, { appSecret: 'secret' })).toEqual({ ok: true });
	});

	it('verifies the raw bytes: escaped (\\uXXXX, as Meta sends) and unescaped non-ASCII bodies each with their own signature', () => {
		const payload = envelope({ messages: [{ from: '5511987654321', id: 'wamid.1', timestamp: '1749416383', type: 'text', text: { body: 'Não recebi o boleto 😕' } }] });
		const escaped = metaJson(payload);
		const plain = JSON.stringify(payload);
		expect(escaped).toContain('\\u00e3');
		expect(plain).toContain('ã');
		const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(Buffer.from(body, 'utf8')).digest('hex')}`;
		expect(verifyMetaWebhook(webhookRequest(URL, escaped, { 'X-Hub-Signature-256': sign(escaped) }), { appSecret: SECRET })).toEqual({ ok: true });
		expect(verifyMetaWebhook(webhookRequest(URL, plain, { 'X-Hub-Signature-256': sign(plain) }), { appSecret: SECRET })).toEqual({ ok: true });
		// The same JSON re-serialised is other bytes: the signature of one does not fit the other.
		expect(verifyMetaWebhook(webhookRequest(URL, plain, { 'X-Hub-Signature-256': sign(escaped) }), { appSecret: SECRET })).toEqual({ ok: false, status: 403 });
		// Both read the same.
		expect(only(parseMetaWebhook(webhookRequest(URL, escaped)).events).text).toBe('Não recebi o boleto 😕');
		expect(only(parseMetaWebhook(webhookRequest(URL, plain)).events).text).toBe('Não recebi o boleto 😕');
	});

	it.each([
		['a changed body', (r: ReturnType<typeof signed>) => ({ ...r, rawBody: Buffer.from(r.rawBody.toString().replace('delivered', 'read')) })],
		['one byte more', (r: ReturnType<typeof signed>) => ({ ...r, rawBody: Buffer.concat([r.rawBody, Buffer.from(' ')]) })],
		['another secret', () => signed(envelope({ statuses: [delivered] }), 'another-secret')],
		['a signature without sha256=', (r: ReturnType<typeof signed>) => ({ ...r, headers: { ...r.headers, 'x-hub-signature-256': String(r.headers['x-hub-signature-256']).slice(7) } })],
		['a truncated signature', (r: ReturnType<typeof signed>) => ({ ...r, headers: { ...r.headers, 'x-hub-signature-256': String(r.headers['x-hub-signature-256']).slice(0, 20) } })],
	])('refuses %s with 403', (_, change) => {
		const request = signed(envelope({ statuses: [delivered] }));
		expect(verifyMetaWebhook(request, { appSecret: SECRET })).toEqual({ ok: true });
		expect(verifyMetaWebhook(change(request), { appSecret: SECRET })).toEqual({ ok: false, status: 403 });
	});

	it('refuses a request without the header with 401; the signature is read case-insensitively', () => {
		const request = signed(envelope({ statuses: [delivered] }));
		expect(verifyMetaWebhook({ ...request, headers: {} }, { appSecret: SECRET })).toEqual({ ok: false, status: 401 });
		const upper = { ...request, headers: { 'x-hub-signature-256': String(request.headers['x-hub-signature-256']).toUpperCase().replace('SHA256=', 'sha256=') } };
		expect(verifyMetaWebhook(upper, { appSecret: SECRET })).toEqual({ ok: true });
	});
});

describe('Meta webhooks: the verification handshake', () => {
	const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token', 'hub.challenge': '1158201444' };

	it('answers 200 with hub.challenge when the mode and token match', () => {
		expect(answerMetaHandshake(query, 'my-verify-token')).toEqual({ status: 200, body: '1158201444' });
	});

	it.each([
		['a wrong token', { ...query, 'hub.verify_token': 'guess' }, 'my-verify-token'],
		['another mode', { ...query, 'hub.mode': 'unsubscribe' }, 'my-verify-token'],
		['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token' }, 'my-verify-token'],
		['a challenge that is not a token', { ...query, 'hub.challenge': '<script>alert(1)</script>' }, 'my-verify-token'],
		['no verify token configured', query, undefined],
	])('answers 403 to %s', (_, q, token) => {
		expect(answerMetaHandshake(q, token)).toEqual({ status: 403 });
	});

	it('the receiver answers it with the credential’s verify token and needs the App Secret', () => {
		expect(metaAdapter.receiver({ appSecret: '' })).toBeInstanceOf(InvalidSettingError);
		const receiver = createWebhookReceiver('meta', { appSecret: SECRET, verifyToken: 'my-verify-token' });
		if (receiver instanceof InvalidSettingError) throw receiver;
		expect(receiver.handshake?.(query)).toEqual({ status: 200, body: '1158201444' });
		expect(receiver.verify(signed(envelope({ statuses: [delivered] })))).toEqual({ ok: true });
	});
});

describe('Meta webhooks: statuses', () => {
	it('a delivered status: wamid, our key from biz_opaque_callback_data, the Unix timestamp, the recipient', () => {
		expect(only(parseMetaWebhook(signed(envelope({ statuses: [delivered] }))).events)).toEqual({
			...NO_FIELDS,
			kind: 'status',
			provider: 'meta',
			channel: 'whatsapp',
			messageId: WAMID,
			status: 'delivered',
			providerStatus: 'delivered',
			phone: '+5511987654321',
			at: '2025-06-15T23:27:53.000Z',
			correlationKey: 'INV-1:reminder_1d:whatsapp',
			dedupeId: `meta:${WAMID}:delivered`,
		});
	});

	it.each([
		[131047, 'Re-engagement message', 'window_closed'],
		[131026, 'Message undeliverable', 'undeliverable'],
		[131050, 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages', 'opted_out'],
		[131049, 'This message was not delivered to maintain healthy ecosystem engagement.', 'frequency_cap'],
		[132001, 'Template does not exist', 'template_error'],
		[132999, 'A template error we do not list', 'template_error'],
		[135000, 'Generic user error', 'undeliverable'],
	])('failed with %i (%s) → %s, from the synchronous table', (code, title, reason) => {
		const event = only(parseMetaWebhook(signed(envelope({ statuses: [failed(code, title, 'Details from Meta.')] }))).events);
		expect(event).toMatchObject({ status: 'failed', reason, code: String(code), errorMessage: `${title} — Details from Meta.` });
		expect(event.correlationKey).toBe('INV-1:overdue_3d:whatsapp');
	});

	it('sent and read (read may come without delivered); played reads as read; deleted is ignored', () => {
		const result = parseMetaWebhook(signed(envelope({ statuses: ['sent', 'read', 'played', 'deleted'].map((status) => ({ ...delivered, status })) })));
		expect(result.events.map((e) => e.status)).toEqual(['sent', 'read', 'read']);
		expect(result.ignored).toBe(1);
	});

	it('a duplicate (at-least-once) gives the same dedupeId; another status of the same message another one', () => {
		const [a, b, c] = parseMetaWebhook(signed(envelope({ statuses: [delivered, delivered, { ...delivered, status: 'read' }] }))).events;
		expect(a.dedupeId).toBe(b.dedupeId);
		expect(c.dedupeId).not.toBe(a.dedupeId);
	});
});

describe('Meta webhooks: messages from the debtor', () => {
	const contacts = [{ profile: { name: 'Ana Souza' }, wa_id: '5511987654321' }];
	const parse = (message: Record<string, unknown>) => only(parseMetaWebhook(signed(envelope({ contacts, messages: [message] }))).events);

	it('text', () => {
		expect(parse({ from: '5511987654321', id: 'wamid.IN1', timestamp: '1749416383', type: 'text', text: { body: 'Quero parcelar' } })).toMatchObject({
			kind: 'reply',
			messageId: 'wamid.IN1',
			phone: '+5511987654321',
			text: 'Quero parcelar',
			messageType: 'text',
			at: '2025-06-08T20:59:43.000Z',
			dedupeId: 'meta:wamid.IN1',
			correlationKey: null,
		});
	});

	it('a template quick-reply tap: button payload and text, and context.id = the message it answers', () => {
		const tap = { context: { from: '15550783881', id: WAMID }, from: '5511987654321', id: 'wamid.IN2', timestamp: '1744344496', type: 'button', button: { payload: 'PAID', text: 'Já paguei' } };
		expect(parse(tap)).toMatchObject({ text: 'Já paguei', button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: WAMID, messageType: 'button' });
	});

	it('interactive reply buttons and list rows', () => {
		const button = { context: { from: '15550783881', id: WAMID }, from: '5511987654321', id: 'wamid.IN3', timestamp: '1744344496', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'negotiate', title: 'Quero negociar' } } };
		expect(parse(button)).toMatchObject({ button: { text: 'Quero negociar', payload: 'negotiate' }, text: 'Quero negociar', inReplyTo: WAMID, messageType: 'interactive' });
		const row = { ...button, id: 'wamid.IN4', interactive: { type: 'list_reply', list_reply: { id: 'plan_3x', title: '3x R$ 345,10', description: 'Primeira em 05/12' } } };
		expect(parse(row)).toMatchObject({ button: { text: '3x R$ 345,10', payload: 'plan_3x' } });
	});

	it('a receipt photo and a PDF: media id, MIME type, caption, file name (downloaded later with the token)', () => {
		const image = { from: '5511987654321', id: 'wamid.IN5', timestamp: '1744344496', type: 'image', image: { caption: 'comprovante', mime_type: 'image/jpeg', sha256: 'abc=', id: '1003383421387256' } };
		expect(parse(image)).toMatchObject({ text: 'comprovante', messageType: 'image', media: [{ type: 'image', mime: 'image/jpeg', id: '1003383421387256', caption: 'comprovante' }] });
		const pdf = { from: '5511987654321', id: 'wamid.IN6', timestamp: '1744344496', type: 'document', document: { filename: 'comprovante-pix.pdf', mime_type: 'application/pdf', sha256: 'def=', id: '2003383421387256' } };
		expect(parse(pdf)).toMatchObject({ text: null, media: [{ type: 'document', mime: 'application/pdf', id: '2003383421387256', filename: 'comprovante-pix.pdf' }] });
		const voice = { from: '5511987654321', id: 'wamid.IN7', timestamp: '1744344496', type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: '3', voice: true } };
		expect(parse(voice).media).toEqual([{ type: 'audio', mime: 'audio/ogg; codecs=opus', id: '3' }]);
	});

	it('a reaction names the message reacted to; a location; an unsupported message still comes out', () => {
		expect(parse({ from: '5511987654321', id: 'wamid.IN8', timestamp: '1744344496', type: 'reaction', reaction: { message_id: WAMID, emoji: '👍' } })).toMatchObject({ text: '👍', inReplyTo: WAMID, messageType: 'reaction' });
		expect(parse({ from: '5511987654321', id: 'wamid.IN9', timestamp: '1744344496', type: 'location', location: { latitude: -23.55, longitude: -46.63, name: 'Agência' } })).toMatchObject({ location: { latitude: -23.55, longitude: -46.63, name: 'Agência' } });
		expect(parse({ from: '5511987654321', id: 'wamid.IN10', timestamp: '1744344496', type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] })).toMatchObject({ kind: 'reply', messageType: 'unsupported', text: null });
	});

	it('a Mexican WhatsApp id 521… is the E.164 number +52…', () => {
		expect(parse({ from: '5215512345678', id: 'wamid.MX', timestamp: '1744344496', type: 'text', text: { body: 'ya pagué' } }).phone).toBe('+525512345678');
	});

	it('system messages (a changed number) are not replies', () => {
		const result = parseMetaWebhook(signed(envelope({ messages: [{ from: '5511987654321', id: 'wamid.S', timestamp: '1', type: 'system', system: { body: 'User changed number', type: 'user_changed_number' } }] })));
		expect(result).toMatchObject({ events: [], ignored: 1, problems: [] });
	});
});

describe('Meta webhooks: marketing preferences', () => {
	const preference = (value: string) =>
		envelope(
			{
				contacts: [{ profile: { name: 'Ana Souza' }, wa_id: '5511987654321' }],
				user_preferences: [{ wa_id: '5511987654321', detail: `User requested to ${value} marketing messages`, category: 'marketing_messages', value, timestamp: 1731705721 }],
			},
			'user_preferences',
		);

	it('a marketing stop is an opt_out event (marketing scope), a resume an opt_in', () => {
		expect(only(parseMetaWebhook(signed(preference('stop'))).events)).toMatchObject({
			kind: 'opt_out',
			phone: '+5511987654321',
			messageId: null,
			consent: { scope: 'marketing', value: 'stop', detail: 'User requested to stop marketing messages' },
			at: '2024-11-15T21:22:01.000Z',
			messageType: 'user_preferences',
		});
		expect(only(parseMetaWebhook(signed(preference('resume'))).events)).toMatchObject({ kind: 'opt_in', consent: { scope: 'marketing', value: 'resume' } });
	});

	it('a redelivered preference has the same dedupeId', () => {
		expect(only(parseMetaWebhook(signed(preference('stop'))).events).dedupeId).toBe(only(parseMetaWebhook(signed(preference('stop'))).events).dedupeId);
	});
});

describe('Meta webhooks: batches and bad input', () => {
	it('splits entries, changes, statuses and messages; a bad element is a problem entry and loses nothing else', () => {
		const payload = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{ field: 'messages', value: { statuses: [delivered, { status: 'read' }, { ...delivered, id: 'wamid.2', status: 'sent' }] } },
						{ field: 'messages', value: { messages: [{ from: '5511987654321', id: 'wamid.IN', timestamp: '1', type: 'text', text: { body: 'oi' } }, 'not an object'] } },
					],
				},
				{ id: '2', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } }] },
				{ id: '3', changes: [{ field: 'messages', value: { statuses: [{ ...delivered, id: 'wamid.3', status: 'teleported' }], errors: [{ code: 131000, title: 'Something went wrong' }] } }] },
				{ id: '4' },
			],
		};
		const result = parseMetaWebhook(signed(payload));
		expect(result.problem).toBeUndefined();
		expect(result.events.map((e) => [e.kind, e.messageId, e.status])).toEqual([
			['status', WAMID, 'delivered'],
			['status', 'wamid.2', 'sent'],
			['reply', 'wamid.IN', null],
		]);
		expect(result.ignored).toBe(1);
		expect(result.problems).toEqual([
			{ at: 'entry[0].changes[0].value.statuses[1]', reason: 'a status without id or status' },
			{ at: 'entry[0].changes[1].value.messages[1]', reason: 'a message without id or type' },
			{ at: 'entry[2].changes[0].value.statuses[0]', reason: 'unknown WhatsApp status "teleported"' },
			{ at: 'entry[2].changes[0].value.errors[0]', reason: 'Meta reported error 131000: "Something went wrong"' },
			{ at: 'entry[3]', reason: 'an entry without changes' },
		]);
	});

	it.each([
		['an empty body', ''],
		['broken JSON', '{"object":"whatsapp_business_account","entry":['],
		['a JSON array', '[]'],
		['another object type', '{"object":"page","entry":[]}'],
		['no entry list', '{"object":"whatsapp_business_account"}'],
	])('%s → a problem for a 400, no events', (_, body) => expectUnreadable(parseMetaWebhook(webhookRequest(URL, body))));

	it('a webhook of another field only is answered with nothing to emit and no problem', () => {
		const result = parseMetaWebhook(signed(envelope({ event: 'APPROVED' }, 'message_template_status_update')));
		expect(result).toEqual({ events: [], problems: [], ignored: 1 });
	});
});
