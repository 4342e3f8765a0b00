import { InvalidSettingError } from '../../../nodes/core/errors';
import { createWebhookReceiver } from '../../../nodes/core/gateways';
import { parseZenviaReply, parseZenviaWebhook, verifyZenviaWebhook, zenviaAdapter } from '../../../nodes/core/gateways/zenvia';
import { expectUnreadable, NO_FIELDS, only, webhookRequest } from './inbound.helpers';

const URL = 'https://n8n.example.com/webhook/dunning-events/zenvia';
const HEADER = { header: { name: 'X-Dunning-Secret', value: 's3cr3t-value-0123456789' } };
const BASIC = { basic: { user: 'zenvia', password: 'p4ss-0123456789' } };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// The event shapes of Zenvia's spec (events.message-status-event, events.message-event).
function statusEvent(code: string, extra: Record<string, unknown> = {}) {
	return {
		id: '8ebb9ffa-8b3c-4fbb-a5f9-5e2b09f08c54',
		timestamp: '2026-03-10T14:21:05.123Z',
		type: 'MESSAGE_STATUS',
		subscriptionId: '2a6d0c2e-9c53-4f3e-8f0e-6d5c6e1b2a3f',
		channel: 'whatsapp',
		messageId: 'f5e1b1a4-5a0c-4d39-9a63-1c0c4f2f0a11',
		contentIndex: 0,
		message: {
			id: 'f5e1b1a4-5a0c-4d39-9a63-1c0c4f2f0a11',
			externalId: 'INV-1:overdue_3d:whatsapp',
			contentIndex: 0,
			direction: 'OUT',
			from: '5511912345678',
			to: '5511987654321',
		},
		messageStatus: { timestamp: '2026-03-10T14:21:04.000Z', code, description: `The message is ${code}`, ...extra },
	};
}

function messageEvent(contents: unknown[], extra: Record<string, unknown> = {}) {
	return {
		id: 'c0ffee00-1111-4222-8333-944445555666',
		timestamp: '2026-03-10T15:00:01.000Z',
		type: 'MESSAGE',
		subscriptionId: '3b7e1d3f-0d64-4f4f-9f1f-7e6d7f2c3b4a',
		channel: 'whatsapp',
		direction: 'IN',
		message: {
			id: '7390113b-e120-41b5-8a07-c4567726abc2',
			from: '5511987654321',
			to: '5511912345678',
			direction: 'IN',
			channel: 'whatsapp',
			visitor: { name: 'Ana Souza', firstName: 'Ana', lastName: 'Souza' },
			contents,
			timestamp: '2026-03-10T15:00:00.000Z',
			...extra,
		},
	};
}

const parse = (body: unknown) => parseZenviaWebhook(webhookRequest(URL, body as Record<string, unknown>));

describe('Zenvia webhooks: the subscription’s secret header or Basic auth', () => {
	it('a secret header: right → ok, wrong → 403, missing → 401; the name is case-insensitive', () => {
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { 'x-dunning-secret': 's3cr3t-value-0123456789' }), HEADER)).toEqual({ ok: true });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { 'X-Dunning-Secret': 's3cr3t-value-012345678' }), HEADER)).toEqual({ ok: false, status: 403 });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { 'X-Dunning-Secret': 's3cr3t-value-0123456789x' }), HEADER)).toEqual({ ok: false, status: 403 });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', {}), HEADER)).toEqual({ ok: false, status: 401 });
	});

	it('Basic auth: right → ok, wrong password or user → 403, another scheme or none → 401', () => {
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { Authorization: basic('zenvia', 'p4ss-0123456789') }), BASIC)).toEqual({ ok: true });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { Authorization: basic('zenvia', 'wrong') }), BASIC)).toEqual({ ok: false, status: 403 });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { Authorization: basic('other', 'p4ss-0123456789') }), BASIC)).toEqual({ ok: false, status: 403 });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { Authorization: 'Bearer p4ss-0123456789' }), BASIC)).toEqual({ ok: false, status: 401 });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}'), BASIC)).toEqual({ ok: false, status: 401 });
	});

	it('both configured: both must be right', () => {
		const both = { ...HEADER, ...BASIC };
		const headers = { 'X-Dunning-Secret': 's3cr3t-value-0123456789', Authorization: basic('zenvia', 'p4ss-0123456789') };
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', headers), both)).toEqual({ ok: true });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { ...headers, Authorization: basic('zenvia', 'x') }), both)).toEqual({ ok: false, status: 403 });
		expect(verifyZenviaWebhook(webhookRequest(URL, '{}', { Authorization: headers.Authorization }), both)).toEqual({ ok: false, status: 401 });
	});

	it.each([
		[{}, 'no webhook secret'],
		[{ header: { name: 'X Bad', value: 'v' } }, 'not a header name'],
		[{ header: { name: 'X-Secret', value: '' } }, 'is empty'],
		[{ basic: { user: 'u', password: '' } }, 'no password'],
	])('the receiver refuses the setting %p', (secrets, problem) => {
		const result = zenviaAdapter.receiver(secrets);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).message).toContain(problem);
	});

	it('the receiver verifies and parses', () => {
		const receiver = createWebhookReceiver('zenvia', HEADER);
		if (receiver instanceof InvalidSettingError) throw receiver;
		const request = webhookRequest(URL, statusEvent('DELIVERED'), { 'X-Dunning-Secret': 's3cr3t-value-0123456789' });
		expect(receiver.verify(request)).toEqual({ ok: true });
		expect(only(receiver.parse(request).events).status).toBe('delivered');
	});
});

describe('Zenvia webhooks: MESSAGE_STATUS', () => {
	it('delivered: our key from message.externalId, the status timestamp, the event id as dedupeId', () => {
		expect(only(parse(statusEvent('DELIVERED')).events)).toEqual({
			...NO_FIELDS,
			kind: 'status',
			provider: 'zenvia',
			channel: 'whatsapp',
			messageId: 'f5e1b1a4-5a0c-4d39-9a63-1c0c4f2f0a11',
			status: 'delivered',
			providerStatus: 'DELIVERED',
			phone: '+5511987654321',
			at: '2026-03-10T14:21:04.000Z',
			correlationKey: 'INV-1:overdue_3d:whatsapp',
			dedupeId: 'zenvia:8ebb9ffa-8b3c-4fbb-a5f9-5e2b09f08c54',
		});
	});

	it.each([
		['SENT', 'sent'],
		['READ', 'read'],
		['CLICKED', 'read'],
		['VERIFIED', 'delivered'],
		['REJECTED', 'failed'],
		['NOT_DELIVERED', 'undelivered'],
	])('%s → %s', (code, status) => {
		expect(only(parse(statusEvent(code)).events)).toMatchObject({ status, providerStatus: code });
	});

	it('a WhatsApp cause carries WhatsApp’s own code: 131047 → window_closed, 131026 → undeliverable (the Meta table)', () => {
		const closed = statusEvent('NOT_DELIVERED', { causes: [{ channelErrorCode: '131047', reason: 'Re-engagement message', details: 'More than 24 hours have passed.' }] });
		expect(only(parse(closed).events)).toMatchObject({ reason: 'window_closed', code: '131047', errorMessage: 'The message is NOT_DELIVERED — Re-engagement message — More than 24 hours have passed.' });
		const gone = statusEvent('NOT_DELIVERED', { causes: [{ channelErrorCode: '131026', reason: 'Message undeliverable' }] });
		expect(only(parse(gone).events).reason).toBe('undeliverable');
	});

	it('a REJECTED reply to a WhatsApp send with the same cause gets the same reason as the event', () => {
		const cause = { channelErrorCode: '131047', reason: 'Re-engagement message' };
		const reply = parseZenviaReply(200, { id: 'm1', channel: 'whatsapp', direction: 'OUT', messageStatus: { code: 'REJECTED', causes: [cause] } });
		const event = only(parse(statusEvent('REJECTED', { causes: [cause] })).events);
		expect(reply.error).toMatchObject({ reason: 'window_closed', code: '131047' });
		expect(event).toMatchObject({ reason: reply.error?.reason, code: reply.error?.code });
	});

	it('an opt-out cause → opted_out; other SMS causes → undeliverable, like a REJECTED reply to a send', () => {
		const sms = (cause: Record<string, unknown>) => ({ ...statusEvent('REJECTED', { causes: [cause] }), channel: 'sms' });
		expect(only(parse(sms({ channelErrorCode: 'OPT_OUT', reason: 'Recipient opted out' })).events)).toMatchObject({ channel: 'sms', status: 'failed', reason: 'opted_out', code: 'OPT_OUT' });
		expect(only(parse(sms({ channelErrorCode: 'E1', reason: 'BLOCKED_NUMBER' })).events)).toMatchObject({ reason: 'undeliverable', code: 'E1' });
		expect(only(parse({ ...statusEvent('REJECTED'), channel: 'sms' }).events)).toMatchObject({ reason: 'undeliverable', code: 'REJECTED' });
	});

	it('a retried event has the same id, hence the same dedupeId', () => {
		expect(only(parse(statusEvent('READ')).events).dedupeId).toBe(only(parse(statusEvent('READ')).events).dedupeId);
	});

	it('DELETED, voice statuses, other event types and other channels are ignored, not problems', () => {
		for (const body of [statusEvent('DELETED'), statusEvent('HANG_UP'), { ...statusEvent('SENT'), channel: 'rcs' }, { ...statusEvent('SENT'), type: 'CONVERSATION_STATUS' }]) {
			expect(parse(body)).toEqual({ events: [], problems: [], ignored: 1 });
		}
	});
});

describe('Zenvia webhooks: MESSAGE (direction IN)', () => {
	it('text from the debtor, with idRef as the message it answers', () => {
		expect(only(parse(messageEvent([{ type: 'text', text: 'Quero negociar' }], { idRef: 'f5e1b1a4-5a0c-4d39-9a63-1c0c4f2f0a11' })).events)).toMatchObject({
			kind: 'reply',
			channel: 'whatsapp',
			messageId: '7390113b-e120-41b5-8a07-c4567726abc2',
			inReplyTo: 'f5e1b1a4-5a0c-4d39-9a63-1c0c4f2f0a11',
			phone: '+5511987654321',
			text: 'Quero negociar',
			messageType: 'text',
			at: '2026-03-10T15:00:00.000Z',
			dedupeId: 'zenvia:c0ffee00-1111-4222-8333-944445555666',
		});
	});

	it('a quick-reply tap: text with the button’s payload', () => {
		expect(only(parse(messageEvent([{ type: 'text', text: 'Já paguei', payload: 'PAID' }])).events)).toMatchObject({
			text: 'Já paguei',
			button: { text: 'Já paguei', payload: 'PAID' },
			messageType: 'button',
		});
	});

	it('a file (a receipt) with its URL, MIME type, caption and name', () => {
		const file = { type: 'file', fileUrl: 'https://files.zenvia.com/abc/comprovante.jpg', fileMimeType: 'image/jpeg', fileCaption: 'comprovante', fileName: 'comprovante.jpg' };
		expect(only(parse(messageEvent([file])).events)).toMatchObject({
			text: 'comprovante',
			messageType: 'file',
			media: [{ type: 'image', mime: 'image/jpeg', url: file.fileUrl, caption: 'comprovante', filename: 'comprovante.jpg' }],
		});
	});

	it('our own outgoing messages (direction OUT) are ignored', () => {
		const out = messageEvent([{ type: 'text', text: 'Sua fatura venceu' }]);
		out.direction = 'OUT';
		(out.message as Record<string, unknown>).direction = 'OUT';
		expect(parse(out)).toEqual({ events: [], problems: [], ignored: 1 });
	});
});

describe('Zenvia webhooks: bad input', () => {
	it.each([
		['an empty body', ''],
		['broken JSON', '{"type":'],
		['an object without type', '{"id":"1"}'],
		['an empty list', '[]'],
	])('%s → a problem for a 400', (_, body) => expectUnreadable(parseZenviaWebhook(webhookRequest(URL, body))));

	it('a list of events: a bad one is a problem entry, the others come out', () => {
		const result = parse([statusEvent('SENT'), { type: 'MESSAGE_STATUS', channel: 'sms', message: {} }, statusEvent('TELEPORTED'), messageEvent([{ type: 'text', text: 'oi' }])]);
		expect(result.events.map((e) => e.kind)).toEqual(['status', 'reply']);
		expect(result.problems).toEqual([
			{ at: '[1]', reason: 'a status event without message id or status code' },
			{ at: '[2]', reason: 'unknown Zenvia status "TELEPORTED"' },
		]);
	});
});
