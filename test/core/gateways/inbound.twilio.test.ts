import { createHash } from 'node:crypto';

import { InvalidSettingError } from '../../../nodes/core/errors';
import { createWebhookReceiver } from '../../../nodes/core/gateways';
import { parseTwilioWebhook, twilioAdapter, twilioSignature, verifyTwilioWebhook } from '../../../nodes/core/gateways/twilio';
import { twilioSignature as fakeGatewaySignature } from '../../fake-gateway/signing';
import { expectUnreadable, form, NO_FIELDS, only, webhookRequest } from './inbound.helpers';

const TOKEN = 'twilio-auth-token-0123456789abcdef';
const CALLBACK = 'https://n8n.example.com/webhook/dunning-events/twilio?ref=INV-1%3Areminder_1d%3Asms';

/** A request signed as Twilio signs it: the URL, then the sorted parameters. */
function signed(url: string, params: Record<string, string>, headers: Record<string, string> = {}, token = TOKEN) {
	return webhookRequest(url, form(params), { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilioSignature(token, url, params), ...headers });
}

// Twilio's documented status callback fields (messaging guides: outbound message status in status callbacks).
const DELIVERED_SMS = {
	AccountSid: 'AC0123456789abcdef0123456789abcdef',
	ApiVersion: '2010-04-01',
	From: '+15017250604',
	MessageSid: 'SM0123456789abcdef0123456789abcdef',
	MessageStatus: 'delivered',
	RawDlrDoneDate: '2312151035',
	SmsSid: 'SM0123456789abcdef0123456789abcdef',
	SmsStatus: 'delivered',
	To: '+5511987654321',
};

describe('Twilio webhooks: X-Twilio-Signature', () => {
	const vectorUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
	const vectorParams = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };

	it("reproduces Twilio's published vector and accepts a request carrying it", () => {
		expect(twilioSignature('12345', vectorUrl, vectorParams)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
		const request = webhookRequest(vectorUrl, form(vectorParams), { 'X-Twilio-Signature': '0/KCTR6DLpKmkAf8muzZqo1nDgQ=' });
		expect(verifyTwilioWebhook(request, { authToken: '12345' })).toEqual({ ok: true });
	});

	it('agrees with the fake gateway’s signer, repeated parameters included (de-duplicated, sorted)', () => {
		const params = { Body: 'Já paguei, segue o comprovante 🙂', MediaUrl: ['https://b.example/2', 'https://a.example/1', 'https://a.example/1'] };
		expect(twilioSignature(TOKEN, CALLBACK, params)).toBe(fakeGatewaySignature(TOKEN, CALLBACK, params));
		const body = 'Body=J%C3%A1+paguei%2C+segue+o+comprovante+%F0%9F%99%82&MediaUrl=https%3A%2F%2Fb.example%2F2&MediaUrl=https%3A%2F%2Fa.example%2F1&MediaUrl=https%3A%2F%2Fa.example%2F1';
		const request = webhookRequest(CALLBACK, body, { 'X-Twilio-Signature': twilioSignature(TOKEN, CALLBACK, params) });
		expect(verifyTwilioWebhook(request, { authToken: TOKEN })).toEqual({ ok: true });
	});

	it('accepts the URL with or without the default port, as twilio-node does', () => {
		const withPort = 'https://n8n.example.com:443/webhook/t?ref=k';
		const withoutPort = 'https://n8n.example.com/webhook/t?ref=k';
		const signature = twilioSignature(TOKEN, withPort, DELIVERED_SMS);
		expect(verifyTwilioWebhook(webhookRequest(withoutPort, form(DELIVERED_SMS), { 'X-Twilio-Signature': signature }), { authToken: TOKEN })).toEqual({ ok: true });
		const other = twilioSignature(TOKEN, withoutPort, DELIVERED_SMS);
		expect(verifyTwilioWebhook(webhookRequest(withPort, form(DELIVERED_SMS), { 'X-Twilio-Signature': other }), { authToken: TOKEN })).toEqual({ ok: true });
		const http = twilioSignature(TOKEN, 'http://localhost/hook', DELIVERED_SMS);
		expect(verifyTwilioWebhook(webhookRequest('http://localhost:80/hook', form(DELIVERED_SMS), { 'X-Twilio-Signature': http }), { authToken: TOKEN })).toEqual({ ok: true });
	});

	it.each([
		['a changed parameter', (r: ReturnType<typeof signed>) => ({ ...r, rawBody: Buffer.from(form({ ...DELIVERED_SMS, MessageStatus: 'read' })) })],
		['an added parameter', (r: ReturnType<typeof signed>) => ({ ...r, rawBody: Buffer.from(`${r.rawBody.toString()}&ErrorCode=30003`) })],
		['another URL path', (r: ReturnType<typeof signed>) => ({ ...r, url: r.url.replace('/twilio', '/twilio2') })],
		['another ref in the URL', (r: ReturnType<typeof signed>) => ({ ...r, url: r.url.replace('INV-1', 'INV-2') })],
		['another host', (r: ReturnType<typeof signed>) => ({ ...r, url: r.url.replace('n8n.example.com', 'evil.example.com') })],
		['a changed signature', (r: ReturnType<typeof signed>) => ({ ...r, headers: { ...r.headers, 'x-twilio-signature': `A${String(r.headers['x-twilio-signature']).slice(1)}` } })],
		['a truncated signature', (r: ReturnType<typeof signed>) => ({ ...r, headers: { ...r.headers, 'x-twilio-signature': String(r.headers['x-twilio-signature']).slice(0, 10) } })],
	])('refuses %s with 403', (_, change) => {
		const request = signed(CALLBACK, DELIVERED_SMS);
		expect(verifyTwilioWebhook(request, { authToken: TOKEN })).toEqual({ ok: true });
		expect(verifyTwilioWebhook(change(request), { authToken: TOKEN })).toEqual({ ok: false, status: 403 });
	});

	it('refuses another account’s token with 403 and a missing signature with 401', () => {
		expect(verifyTwilioWebhook(signed(CALLBACK, DELIVERED_SMS, {}, 'another-token'), { authToken: TOKEN })).toEqual({ ok: false, status: 403 });
		expect(verifyTwilioWebhook(webhookRequest(CALLBACK, form(DELIVERED_SMS)), { authToken: TOKEN })).toEqual({ ok: false, status: 401 });
	});

	it('JSON bodies: bodySHA256 in the query, the signature over the URL alone; a changed body is refused', () => {
		const body = JSON.stringify({ MessageSid: 'SM1', MessageStatus: 'delivered', To: '+5511987654321' });
		const url = `https://n8n.example.com/webhook/t?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
		const request = webhookRequest(url, body, { 'X-Twilio-Signature': twilioSignature(TOKEN, url, {}) });
		expect(verifyTwilioWebhook(request, { authToken: TOKEN })).toEqual({ ok: true });
		expect(verifyTwilioWebhook({ ...request, rawBody: Buffer.from(body.replace('delivered', 'read')) }, { authToken: TOKEN })).toEqual({ ok: false, status: 403 });
		expect(only(parseTwilioWebhook(request).events)).toMatchObject({ kind: 'status', status: 'delivered', messageId: 'SM1' });
	});

	it('the receiver needs the Auth Token', () => {
		expect(twilioAdapter.receiver({ authToken: '' })).toBeInstanceOf(InvalidSettingError);
		const receiver = createWebhookReceiver('twilio', { authToken: TOKEN });
		if (receiver instanceof InvalidSettingError) throw receiver;
		expect(receiver.verify(signed(CALLBACK, DELIVERED_SMS))).toEqual({ ok: true });
		expect(receiver.handshake).toBeUndefined();
		expect(only(receiver.parse(signed(CALLBACK, DELIVERED_SMS)).events).status).toBe('delivered');
	});
});

describe('Twilio webhooks: status callbacks', () => {
	it('a delivered SMS: our key from the ref of the StatusCallback URL, the time from RawDlrDoneDate (UTC), the recipient', () => {
		const result = parseTwilioWebhook(signed(CALLBACK, DELIVERED_SMS, { 'I-Twilio-Idempotency-Token': 'a1b2c3' }));
		expect(result).toMatchObject({ problems: [], ignored: 0 });
		expect(result.problem).toBeUndefined();
		expect(only(result.events)).toEqual({
			...NO_FIELDS,
			kind: 'status',
			provider: 'twilio',
			channel: 'sms',
			messageId: 'SM0123456789abcdef0123456789abcdef',
			status: 'delivered',
			providerStatus: 'delivered',
			phone: '+5511987654321',
			at: '2023-12-15T10:35:00.000Z',
			correlationKey: 'INV-1:reminder_1d:sms',
			dedupeId: 'twilio:a1b2c3',
		});
	});

	it.each([
		['30003', 'undelivered', 'undeliverable', 'Unreachable destination handset'],
		['30005', 'undelivered', 'undeliverable', 'Unknown destination handset'],
		['30006', 'undelivered', 'invalid_number', 'Landline or unreachable carrier'],
		['30007', 'undelivered', 'undeliverable', 'Message filtered'],
		['21610', 'failed', 'opted_out', 'Attempt to send to unsubscribed recipient'],
		['99999', 'undelivered', 'undeliverable', 'Something new'],
	])('ErrorCode %s (%s) → %s, from the table of synchronous errors', (code, status, reason, message) => {
		const event = only(parseTwilioWebhook(signed(CALLBACK, { ...DELIVERED_SMS, MessageStatus: status, SmsStatus: status, ErrorCode: code, ErrorMessage: message })).events);
		expect(event).toMatchObject({ status, reason, code, errorMessage: message });
	});

	it('WhatsApp failed with 63016 (outside the 24-hour window) → window_closed; the phone loses whatsapp:', () => {
		const params = {
			AccountSid: 'AC0123456789abcdef0123456789abcdef',
			ChannelInstallSid: 'XE0123456789abcdef0123456789abcdef',
			ChannelPrefix: 'whatsapp',
			ChannelStatusMessage: 'Failed to send freeform message because you are outside the allowed window.',
			ErrorCode: '63016',
			From: 'whatsapp:+14155238886',
			MessageSid: 'SMaaaa',
			MessageStatus: 'failed',
			To: 'whatsapp:+5511987654321',
		};
		expect(only(parseTwilioWebhook(signed(CALLBACK, params)).events)).toMatchObject({
			channel: 'whatsapp',
			status: 'failed',
			reason: 'window_closed',
			code: '63016',
			errorMessage: 'Failed to send freeform message because you are outside the allowed window.',
			phone: '+5511987654321',
		});
	});

	it.each([
		['sent', 'sent'],
		['read', 'read'],
		['queued', 'queued'],
		['accepted', 'queued'],
		['sending', 'queued'],
		['canceled', 'failed'],
	])('MessageStatus %s → %s', (providerStatus, status) => {
		const event = only(parseTwilioWebhook(signed(CALLBACK, { ...DELIVERED_SMS, MessageStatus: providerStatus, SmsStatus: providerStatus })).events);
		expect(event).toMatchObject({ status, providerStatus });
	});

	it('without a ref or a RawDlrDoneDate the key and time are null (the node stamps receivedAt)', () => {
		const params: Record<string, string> = { ...DELIVERED_SMS };
		delete params.RawDlrDoneDate;
		const event = only(parseTwilioWebhook(signed('https://n8n.example.com/hook', params)).events);
		expect(event).toMatchObject({ correlationKey: null, at: null });
	});

	it('duplicates: the same idempotency token, or without one the same sid and status, give the same dedupeId', () => {
		const first = only(parseTwilioWebhook(signed(CALLBACK, DELIVERED_SMS, { 'I-Twilio-Idempotency-Token': 'tok-1' })).events);
		const retry = only(parseTwilioWebhook(signed(CALLBACK, DELIVERED_SMS, { 'I-Twilio-Idempotency-Token': 'tok-1' })).events);
		expect(retry.dedupeId).toBe(first.dedupeId);
		const a = only(parseTwilioWebhook(signed(CALLBACK, DELIVERED_SMS)).events);
		const b = only(parseTwilioWebhook(signed(CALLBACK, DELIVERED_SMS)).events);
		const sent = only(parseTwilioWebhook(signed(CALLBACK, { ...DELIVERED_SMS, MessageStatus: 'sent' })).events);
		expect(a.dedupeId).toBe(b.dedupeId);
		expect(sent.dedupeId).not.toBe(a.dedupeId);
	});
});

describe('Twilio webhooks: incoming messages', () => {
	const inbound = {
		AccountSid: 'AC0123456789abcdef0123456789abcdef',
		ApiVersion: '2010-04-01',
		Body: 'Já paguei ontem',
		From: '+5511987654321',
		MessageSid: 'SM11111111111111111111111111111111',
		NumMedia: '0',
		NumSegments: '1',
		SmsMessageSid: 'SM11111111111111111111111111111111',
		SmsSid: 'SM11111111111111111111111111111111',
		SmsStatus: 'received',
		To: '+15017250604',
	};

	it('an SMS reply: the sender is the debtor', () => {
		expect(only(parseTwilioWebhook(signed('https://n8n.example.com/hook', inbound)).events)).toMatchObject({
			kind: 'reply',
			channel: 'sms',
			messageId: 'SM11111111111111111111111111111111',
			phone: '+5511987654321',
			text: 'Já paguei ontem',
			status: null,
			messageType: 'text',
			dedupeId: 'twilio:SM11111111111111111111111111111111',
		});
	});

	it('a WhatsApp quick-reply tap: ButtonText, ButtonPayload and the message it answers', () => {
		const tap = {
			...inbound,
			Body: 'Já paguei',
			ButtonPayload: 'PAID',
			ButtonText: 'Já paguei',
			From: 'whatsapp:+5511987654321',
			MessageType: 'button',
			OriginalRepliedMessageSender: 'whatsapp:+14155238886',
			OriginalRepliedMessageSid: 'SM0123456789abcdef0123456789abcdef',
			ProfileName: 'Ana',
			To: 'whatsapp:+14155238886',
			WaId: '5511987654321',
		};
		expect(only(parseTwilioWebhook(signed('https://n8n.example.com/hook', tap)).events)).toMatchObject({
			kind: 'reply',
			channel: 'whatsapp',
			text: 'Já paguei',
			button: { text: 'Já paguei', payload: 'PAID' },
			inReplyTo: 'SM0123456789abcdef0123456789abcdef',
			messageType: 'button',
		});
	});

	it('media: every MediaUrlN with its MediaContentTypeN (a receipt photo and a PDF)', () => {
		const params = {
			...inbound,
			Body: 'comprovante',
			MessageSid: 'MM22222222222222222222222222222222',
			NumMedia: '2',
			MediaContentType0: 'image/jpeg',
			MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM2/Media/ME1',
			MediaContentType1: 'application/pdf',
			MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM2/Media/ME2',
		};
		expect(only(parseTwilioWebhook(signed('https://n8n.example.com/hook', params)).events)).toMatchObject({
			text: 'comprovante',
			messageType: 'media',
			media: [
				{ type: 'image', mime: 'image/jpeg', url: params.MediaUrl0 },
				{ type: 'document', mime: 'application/pdf', url: params.MediaUrl1 },
			],
		});
	});

	it('a WhatsApp location', () => {
		const params = { ...inbound, Body: '', From: 'whatsapp:+5511987654321', Latitude: '-23.5505', Longitude: '-46.6333', Address: 'Av. Paulista', Label: 'Casa', MessageType: 'location' };
		expect(only(parseTwilioWebhook(signed('https://n8n.example.com/hook', params)).events)).toMatchObject({
			text: null,
			location: { latitude: -23.5505, longitude: -46.6333, address: 'Av. Paulista', name: 'Casa' },
		});
	});

	it('Advanced Opt-Out: OptOutType STOP is an opt_out event, START an opt_in, HELP an ordinary reply', () => {
		const stop = only(parseTwilioWebhook(signed('https://n8n.example.com/hook', { ...inbound, Body: 'STOP', OptOutType: 'STOP' })).events);
		expect(stop).toMatchObject({ kind: 'opt_out', text: 'STOP', phone: '+5511987654321', consent: { scope: 'all', value: 'STOP' } });
		const start = only(parseTwilioWebhook(signed('https://n8n.example.com/hook', { ...inbound, Body: 'START', OptOutType: 'START' })).events);
		expect(start).toMatchObject({ kind: 'opt_in', consent: { scope: 'all', value: 'START' } });
		const help = only(parseTwilioWebhook(signed('https://n8n.example.com/hook', { ...inbound, Body: 'HELP', OptOutType: 'HELP' })).events);
		expect(help).toMatchObject({ kind: 'reply', consent: null, text: 'HELP' });
	});

	it('a Brazilian WhatsApp id without the ninth digit comes back as the number we sent to', () => {
		const params = { ...inbound, From: 'whatsapp:+551187654321' };
		expect(only(parseTwilioWebhook(signed('https://n8n.example.com/hook', params)).events).phone).toBe('+5511987654321');
	});
});

describe('Twilio webhooks: bad bodies', () => {
	it.each([
		['an empty body', ''],
		['a form without MessageSid', 'Foo=bar&Body=hi'],
		['JSON that is not an object', '[1,2,3]'],
		['broken JSON', '{"MessageSid": '],
	])('%s → a problem for a 400, no events, no exception', (_, body) => expectUnreadable(parseTwilioWebhook(webhookRequest('https://n8n.example.com/hook', body))));

	it('an unknown MessageStatus is named in the problem (shortened), not thrown', () => {
		const result = parseTwilioWebhook(webhookRequest('https://n8n.example.com/hook', form({ ...DELIVERED_SMS, MessageStatus: 'x'.repeat(500) })));
		expect(result.events).toEqual([]);
		expect(result.problem).toMatch(/^unknown Twilio message status "x+…"$/);
		expect(result.problem?.length).toBeLessThan(80);
	});

	it('a request that is not even a request object does not throw', () => {
		expect(parseTwilioWebhook(undefined as never).problem).toBeDefined();
		expect(verifyTwilioWebhook({} as never, { authToken: TOKEN })).toEqual({ ok: false, status: 401 });
	});
});
