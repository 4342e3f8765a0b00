import { InvalidSettingError } from '../../../nodes/core/errors';
import { createWebhookReceiver } from '../../../nodes/core/gateways';
import { infobipAdapter, parseInfobipReply, parseInfobipWebhook, verifyInfobipWebhook } from '../../../nodes/core/gateways/infobip';
import { expectUnreadable, NO_FIELDS, only, webhookRequest } from './inbound.helpers';

const URL = 'https://n8n.example.com/webhook/dunning-events/infobip';
const BASIC = { basic: { user: 'infobip', password: 'p4ss-0123456789' } };
const parse = (body: unknown) => parseInfobipWebhook(webhookRequest(URL, body as Record<string, unknown>));

// The shapes of Infobip's API reference (SmsDeliveryResult, SmsInboundMessageResult, WhatsAppWebhookInboundMessageResult).
const DELIVERED = { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' };
const NO_ERROR = { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false };

function report(status: Record<string, unknown>, error: Record<string, unknown> = NO_ERROR, extra: Record<string, unknown> = {}) {
	return {
		bulkId: 'BULK-ID-123-xyz',
		messageId: 'INV-1:reminder_1d:sms',
		to: '5511987654321',
		sender: 'InfoSMS',
		sentAt: '2026-03-10T14:00:00.000+0000',
		doneAt: '2026-03-10T14:00:05.123-0300',
		messageCount: 1,
		mccMnc: '72405',
		price: { pricePerMessage: 0.01, currency: 'EUR' },
		status,
		error,
		callbackData: 'INV-1:reminder_1d:sms',
		platform: { entityId: '', applicationId: '' },
		...extra,
	};
}

describe('Infobip webhooks: Basic auth or a secret header from the subscription', () => {
	it('verifies Basic auth (401 without, 403 wrong) and needs a secret to be set', () => {
		const auth = `Basic ${Buffer.from('infobip:p4ss-0123456789').toString('base64')}`;
		expect(verifyInfobipWebhook(webhookRequest(URL, '{}', { Authorization: auth }), BASIC)).toEqual({ ok: true });
		expect(verifyInfobipWebhook(webhookRequest(URL, '{}', { Authorization: `Basic ${Buffer.from('infobip:nope').toString('base64')}` }), BASIC)).toEqual({ ok: false, status: 403 });
		expect(verifyInfobipWebhook(webhookRequest(URL, '{}'), BASIC)).toEqual({ ok: false, status: 401 });
		expect(infobipAdapter.receiver({})).toBeInstanceOf(InvalidSettingError);
		const receiver = createWebhookReceiver('infobip', { header: { name: 'X-Infobip-Secret', value: 'abc123abc123' } });
		if (receiver instanceof InvalidSettingError) throw receiver;
		expect(receiver.verify(webhookRequest(URL, '{}', { 'X-Infobip-Secret': 'abc123abc123' }))).toEqual({ ok: true });
		expect(receiver.verify(webhookRequest(URL, '{}', { 'X-Infobip-Secret': 'abc123abc124' }))).toEqual({ ok: false, status: 403 });
	});
});

describe('Infobip webhooks: delivery reports', () => {
	it('a delivered SMS: our messageId, our key from callbackData, doneAt with its offset', () => {
		expect(only(parse({ results: [report(DELIVERED)] }).events)).toEqual({
			...NO_FIELDS,
			kind: 'status',
			provider: 'infobip',
			channel: 'sms',
			messageId: 'INV-1:reminder_1d:sms',
			status: 'delivered',
			providerStatus: 'DELIVERED_TO_HANDSET',
			phone: '+5511987654321',
			at: '2026-03-10T17:00:05.123Z',
			correlationKey: 'INV-1:reminder_1d:sms',
			dedupeId: 'infobip:INV-1:reminder_1d:sms:5',
		});
	});

	it.each([
		[{ groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED', description: 'Message sent not delivered' }, { groupId: 1, groupName: 'HANDSET_ERRORS', id: 1, name: 'EC_UNKNOWN_SUBSCRIBER', description: 'Unknown Subscriber', permanent: true }, 'undelivered', 'undeliverable', 'EC_UNKNOWN_SUBSCRIBER'],
		[{ groupId: 4, groupName: 'EXPIRED', id: 15, name: 'EXPIRED_EXPIRED', description: 'Message expired' }, NO_ERROR, 'undelivered', 'undeliverable', 'EXPIRED_EXPIRED'],
		[{ groupId: 5, groupName: 'REJECTED', id: 10, name: 'REJECTED_DND', description: 'Destination on DND list' }, NO_ERROR, 'failed', 'opted_out', 'REJECTED_DND'],
		[{ groupId: 5, groupName: 'REJECTED', id: 52, name: 'REJECTED_DESTINATION', description: 'Invalid destination address.' }, NO_ERROR, 'failed', 'invalid_number', 'REJECTED_DESTINATION'],
		[{ groupId: 5, groupName: 'REJECTED', id: 12, name: 'REJECTED_NOT_ENOUGH_CREDITS', description: 'Not enough credits' }, NO_ERROR, 'failed', 'payment', 'REJECTED_NOT_ENOUGH_CREDITS'],
		[{ groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED' }, { groupId: 2, groupName: 'USER_ERRORS', id: 4001, name: 'EC_SUBSCRIBER_OPTOUT', permanent: true }, 'undelivered', 'opted_out', 'EC_SUBSCRIBER_OPTOUT'],
	])('%p → %s / %s, as in a reply to a send', (status, error, mapped, reason, code) => {
		const event = only(parse({ results: [report(status, error)] }).events);
		expect(event).toMatchObject({ status: mapped, reason, code });
		expect(event.errorMessage).toEqual(expect.any(String));
		// The synchronous half reads the same status to the same reason.
		if (error === NO_ERROR) expect(parseInfobipReply(200, { messages: [{ messageId: 'm', status }] }).error?.reason).toBe(reason);
	});

	it('PENDING_ACCEPTED is queued, other PENDING and DELIVERED_TO_OPERATOR are sent', () => {
		const result = parse({
			results: [
				report({ groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED' }),
				report({ groupId: 1, groupName: 'PENDING', id: 7, name: 'PENDING_ENROUTE' }),
				report({ groupId: 3, groupName: 'DELIVERED', id: 2, name: 'DELIVERED_TO_OPERATOR' }),
			],
		});
		expect(result.events.map((e) => e.status)).toEqual(['queued', 'sent', 'sent']);
	});

	it('a WhatsApp report and a seen report (read)', () => {
		const whatsapp = report(DELIVERED, NO_ERROR, { channel: 'WHATSAPP', messageId: 'INV-1:overdue_3d:whatsapp', callbackData: 'INV-1:overdue_3d:whatsapp' });
		const seen = { messageId: 'INV-1:overdue_3d:whatsapp', from: '447860099299', to: '5511987654321', sentAt: '2026-03-10T14:00:00.000+0000', seenAt: '2026-03-10T14:30:00.000+0000' };
		const [delivered, read] = parse({ results: [whatsapp, seen] }).events;
		expect(delivered).toMatchObject({ channel: 'whatsapp', status: 'delivered', correlationKey: 'INV-1:overdue_3d:whatsapp' });
		expect(read).toMatchObject({ channel: 'whatsapp', status: 'read', providerStatus: 'SEEN', at: '2026-03-10T14:30:00.000Z', dedupeId: 'infobip:INV-1:overdue_3d:whatsapp:SEEN' });
	});

	it('a batch of reports: one event each; a bad result is a problem entry and the rest come out; a redelivery dedupes', () => {
		const result = parse({ results: [report(DELIVERED), { to: '5511987654321' }, 'nonsense', report({ groupId: 9, groupName: 'MARTIAN', id: 999, name: 'MARTIAN' }), report(DELIVERED, NO_ERROR, { messageId: 'k2' })] });
		expect(result.events.map((e) => e.messageId)).toEqual(['INV-1:reminder_1d:sms', 'k2']);
		expect(result.problems).toEqual([
			{ at: 'results[1]', reason: 'a result without a messageId' },
			{ at: 'results[2]', reason: 'a result without a messageId' },
			{ at: 'results[3]', reason: 'unknown Infobip status "MARTIAN"' },
		]);
		expect(only(parse({ results: [report(DELIVERED)] }).events).dedupeId).toBe(result.events[0].dedupeId);
	});
});

describe('Infobip webhooks: inbound messages', () => {
	it('an SMS: text (with its keyword), sender, receivedAt, callbackData', () => {
		const sms = {
			results: [
				{ messageId: '817790313235066447', from: '5511987654321', to: '5511912345678', text: 'PAGAR quero a segunda via', cleanText: 'quero a segunda via', keyword: 'PAGAR', receivedAt: '2026-03-10T15:00:00.000+0000', smsCount: 1, price: { pricePerMessage: 0, currency: 'EUR' }, callbackData: 'inbound-number-1' },
			],
			messageCount: 1,
			pendingMessageCount: 0,
		};
		expect(only(parse(sms).events)).toMatchObject({
			kind: 'reply',
			channel: 'sms',
			messageId: '817790313235066447',
			phone: '+5511987654321',
			text: 'PAGAR quero a segunda via',
			at: '2026-03-10T15:00:00.000Z',
			correlationKey: 'inbound-number-1',
			messageType: 'text',
			dedupeId: 'infobip:817790313235066447',
		});
	});

	const whatsapp = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		results: [{ from: '5511987654321', to: '447860099299', integrationType: 'WHATSAPP', receivedAt: '2026-03-10T15:00:00.000+0000', messageId: 'ABEGOFl3ZmYZAgo6V0wWj4VEF7F4wKXVGGeY', pairedMessageId: null, callbackData: null, message, contact: { name: 'Ana' }, price: { pricePerMessage: 0, currency: 'EUR' }, ...extra }],
		messageCount: 1,
		pendingMessageCount: 0,
	});

	it('WhatsApp text, a quick-reply button (with context.id), an interactive button reply', () => {
		expect(only(parse(whatsapp({ type: 'TEXT', text: 'Não reconheço essa cobrança' })).events)).toMatchObject({ channel: 'whatsapp', text: 'Não reconheço essa cobrança', messageType: 'text' });
		expect(only(parse(whatsapp({ type: 'BUTTON', text: 'Já paguei', payload: 'PAID', context: { from: '5511987654321', id: 'INV-1:overdue_3d:whatsapp' } })).events)).toMatchObject({
			button: { text: 'Já paguei', payload: 'PAID' },
			text: 'Já paguei',
			inReplyTo: 'INV-1:overdue_3d:whatsapp',
			messageType: 'button',
		});
		expect(only(parse(whatsapp({ type: 'INTERACTIVE_BUTTON_REPLY', id: 'negotiate', title: 'Quero negociar' })).events)).toMatchObject({ button: { text: 'Quero negociar', payload: 'negotiate' }, text: 'Quero negociar' });
	});

	it('pairedMessageId names the message answered when there is no context; callbackData is the original’s key', () => {
		const event = only(parse(whatsapp({ type: 'TEXT', text: 'ok' }, { pairedMessageId: 'INV-1:overdue_3d:whatsapp', callbackData: 'INV-1:overdue_3d:whatsapp' })).events);
		expect(event).toMatchObject({ inReplyTo: 'INV-1:overdue_3d:whatsapp', correlationKey: 'INV-1:overdue_3d:whatsapp' });
	});

	it('media: an image with caption and a document, by their Infobip URLs', () => {
		const url = 'https://api.infobip.com/whatsapp/1/senders/447860099299/media/2f0a2e0b';
		expect(only(parse(whatsapp({ type: 'IMAGE', url, caption: 'comprovante' })).events)).toMatchObject({ text: 'comprovante', media: [{ type: 'image', mime: null, url, caption: 'comprovante' }], messageType: 'image' });
		expect(only(parse(whatsapp({ type: 'DOCUMENT', url })).events).media).toEqual([{ type: 'document', mime: null, url }]);
	});
});

describe('Infobip webhooks: bad bodies', () => {
	it.each([
		['an empty body', ''],
		['broken JSON', '{"results":['],
		['no results', '{"messageCount":0}'],
		['results that are not a list', '{"results":{}}'],
	])('%s → a problem for a 400', (_, body) => expectUnreadable(parseInfobipWebhook(webhookRequest(URL, body))));
});
