import { InvalidSettingError } from '../../../nodes/core/errors';
import {
	buildInfobipRequest,
	classifyInfobipError,
	type InfobipSettings,
	infobipAdapter,
	parseInfobipReply,
	prepareInfobip,
} from '../../../nodes/core/gateways/infobip';
import type { GatewayFailure, GatewayRequest, OutboundMessage, SendOptions } from '../../../nodes/core/gateways/types';

const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };
const BASE = 'https://y3k9q.api.infobip.com';

function build(message: OutboundMessage, settings: Partial<InfobipSettings> = {}, options: SendOptions = {}) {
	const prepared = prepareInfobip({ baseUrl: BASE, smsSender: 'InfoSMS', whatsappSender: '447860099299', ...settings }, options);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildInfobipRequest(message, prepared);
}

function request(message: OutboundMessage, settings: Partial<InfobipSettings> = {}, options: SendOptions = {}): GatewayRequest {
	const result = build(message, settings, options);
	if (!('url' in result)) throw new Error(`expected a request, got ${JSON.stringify(result)}`);
	return result;
}

function failed(message: OutboundMessage, settings: Partial<InfobipSettings> = {}): GatewayFailure {
	const result = build(message, settings);
	if ('url' in result) throw new Error('expected a failure');
	return result;
}

describe('Infobip: building requests', () => {
	it('SMS v3: /sms/3/messages, our key as the destination messageId and as callbackData, transliteration and delivery webhook', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Sua fatura vence amanhã.', idempotencyKey: 'INV-1:reminder_1d:sms' },
			{ transliteration: 'portuguese', languageCode: 'PT' },
			{ statusCallbackUrl: 'https://n8n.example.com/webhook/infobip' },
		);
		expect(req.url).toBe(`${BASE}/sms/3/messages`);
		expect(req.json).toBe(true);
		expect(req.body).toEqual({
			messages: [
				{
					sender: 'InfoSMS',
					destinations: [{ to: '5511987654321', messageId: 'INV-1:reminder_1d:sms' }],
					content: { text: 'Sua fatura vence amanhã.', transliteration: 'PORTUGUESE', language: { languageCode: 'PT' } },
					webhooks: {
						delivery: { url: 'https://n8n.example.com/webhook/infobip' },
						contentType: 'application/json',
						callbackData: 'INV-1:reminder_1d:sms',
					},
				},
			],
		});
		expect(req.correlation).toEqual({ field: 'messageId, callbackData', value: 'INV-1:reminder_1d:sms' });
	});

	it('SMS v2 (legacy /sms/2/text/advanced)', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Oi', idempotencyKey: 'k' },
			{ smsApi: 'v2', transliteration: 'PORTUGUESE' },
			{ statusCallbackUrl: 'https://hooks.example.com/ib' },
		);
		expect(req.path).toBe('/sms/2/text/advanced');
		expect(req.body).toEqual({
			messages: [
				{
					from: 'InfoSMS',
					destinations: [{ to: '5511987654321', messageId: 'k' }],
					text: 'Oi',
					transliteration: 'PORTUGUESE',
					notifyUrl: 'https://hooks.example.com/ib',
					notifyContentType: 'application/json',
					callbackData: 'k',
				},
			],
		});
	});

	it('SMS without key or options is minimal', () => {
		expect(request({ channel: 'sms', to: TO, text: 'Oi' }).body).toEqual({
			messages: [{ sender: 'InfoSMS', destinations: [{ to: '5511987654321' }], content: { text: 'Oi' } }],
		});
	});

	it('WhatsApp template: /whatsapp/1/message/template with ordered placeholders', () => {
		const req = request({
			channel: 'whatsapp',
			to: TO,
			template: { name: 'cobranca_lembrete', language: 'pt-BR', parameters: [{ value: 'Ana' }, { value: 'R$ 150,00' }] },
			idempotencyKey: 'INV-1:overdue_3d:whatsapp',
		});
		expect(req.url).toBe(`${BASE}/whatsapp/1/message/template`);
		expect(req.body).toEqual({
			messages: [
				{
					from: '447860099299',
					to: '5511987654321',
					content: {
						templateName: 'cobranca_lembrete',
						templateData: { body: { placeholders: ['Ana', 'R$ 150,00'] } },
						language: 'pt_BR',
					},
					messageId: 'INV-1:overdue_3d:whatsapp',
					callbackData: 'INV-1:overdue_3d:whatsapp',
				},
			],
		});
	});

	it('WhatsApp free text: /whatsapp/1/message/text, a single message object', () => {
		const req = request({ channel: 'whatsapp', to: TO, text: 'Oi Ana', idempotencyKey: 'k2' }, {}, { statusCallbackUrl: 'https://h.example.com/w' });
		expect(req.path).toBe('/whatsapp/1/message/text');
		expect(req.body).toEqual({
			from: '447860099299',
			to: '5511987654321',
			content: { text: 'Oi Ana', previewUrl: false },
			messageId: 'k2',
			callbackData: 'k2',
			notifyUrl: 'https://h.example.com/w',
		});
	});

	it('SMS v3 without a delivery URL still carries callbackData (account-level subscriptions echo it)', () => {
		expect(request({ channel: 'sms', to: TO, text: 'Oi', idempotencyKey: 'k3' }).body).toEqual({
			messages: [{ sender: 'InfoSMS', destinations: [{ to: '5511987654321', messageId: 'k3' }], content: { text: 'Oi' }, webhooks: { callbackData: 'k3' } }],
		});
	});

	it('a key longer than callbackData allows (4000) fails before sending', () => {
		expect(failed({ channel: 'sms', to: TO, text: 'Oi', idempotencyKey: 'k'.repeat(4001) })).toMatchObject({ kind: 'permanent', reason: 'invalid_request' });
	});

	it('the WhatsApp sender loses its +', () => {
		const req = request({ channel: 'whatsapp', to: TO, text: 'x' }, { whatsappSender: '+447860099299' });
		expect(req.body?.from).toBe('447860099299');
	});

	it('says which sender is missing', () => {
		expect(failed({ channel: 'whatsapp', to: TO, text: 'x' }, { whatsappSender: '' }).reason).toBe('configuration');
	});

	it.each([
		[{ baseUrl: '' }, 'Base URL'],
		[{ smsSender: '', whatsappSender: '' }, 'sender'],
		[{ smsApi: 'v1' }, 'SMS API'],
		[{ transliteration: 'KLINGON' }, 'Transliteration'],
		[{ languageCode: 'DE' }, 'Language'],
	])('settings %p are refused (%s)', (settings, name) => {
		const result = prepareInfobip({ baseUrl: BASE, smsSender: 'InfoSMS', ...settings } as InfobipSettings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).setting).toContain(name);
	});

	it('the base URL is required: it is specific to each account', () => {
		const result = infobipAdapter.prepare({ smsSender: 'InfoSMS' } as InfobipSettings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).hint).toContain('infobip.com');
	});
});

describe('Infobip: success replies', () => {
	it('SMS 200 with a PENDING status → sent', () => {
		const reply = parseInfobipReply(200, {
			bulkId: '2034072219640523072',
			messages: [
				{
					messageId: 'INV-1:reminder_1d:sms',
					status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
					destination: '5511987654321',
					details: { messageCount: 1 },
				},
			],
		});
		expect(reply).toEqual({ status: 'sent', providerMessageId: 'INV-1:reminder_1d:sms', providerStatus: 'PENDING_ACCEPTED' });
	});

	it('WhatsApp template 200 (PENDING_ENROUTE) and WhatsApp text 200 (single object) → sent', () => {
		const pending = { groupId: 1, groupName: 'PENDING', id: 7, name: 'PENDING_ENROUTE', description: 'Message sent to next instance' };
		expect(parseInfobipReply(200, { messages: [{ to: '5511987654321', messageCount: 1, messageId: 'a1', status: pending }], bulkId: 'b' })).toMatchObject({
			status: 'sent',
			providerMessageId: 'a1',
		});
		expect(parseInfobipReply(200, { to: '5511987654321', messageCount: 1, messageId: 'a2', status: pending })).toMatchObject({
			status: 'sent',
			providerMessageId: 'a2',
		});
	});

	it.each([
		[5, 'REJECTED', 10, 'REJECTED_DND', 'permanent', 'opted_out'],
		[5, 'REJECTED', 8, 'REJECTED_PREFIX_MISSING', 'permanent', 'invalid_number'],
		[5, 'REJECTED', 52, 'REJECTED_INVALID_DESTINATION', 'permanent', 'invalid_number'],
		[5, 'REJECTED', 12, 'REJECTED_NOT_ENOUGH_CREDITS', 'fatal_credential', 'payment'],
		[5, 'REJECTED', 19, 'REJECTED_ROUTE_NOT_AVAILABLE', 'permanent', 'region_not_enabled'],
		[5, 'REJECTED', 23, 'REJECTED_DUPLICATE_MESSAGE_ID', 'permanent', 'duplicate'],
		[5, 'REJECTED', 21, 'REJECTED_SYSTEM_ERROR', 'retryable', 'provider_error'],
		[5, 'REJECTED', 77, 'REJECTED_SENDER_BLOCKLIST', 'permanent', 'sender_rejected'],
		[5, 'REJECTED', 78, 'REJECTED_SOMETHING_NEW', 'permanent', 'provider_error'],
		[5, 'REJECTED', 79, 'REJECTED_DND_NATIONAL', 'permanent', 'opted_out'],
		[2, 'UNDELIVERABLE', 9, 'UNDELIVERABLE_NOT_DELIVERED', 'permanent', 'undeliverable'],
		[4, 'EXPIRED', 15, 'EXPIRED_EXPIRED', 'permanent', 'undeliverable'],
	])('a status in group %i %s (id %i %s) inside the 200 → %s %s', (groupId, groupName, id, name, kind, reason) => {
		const reply = parseInfobipReply(200, { messages: [{ messageId: 'm', status: { groupId, groupName, id, name, description: 'd' } }] });
		expect(reply.status).toBe('failed');
		expect(reply.providerMessageId).toBe('m');
		expect(reply.providerStatus).toBe(name);
		expect(reply.error).toMatchObject({ kind, reason, code: name });
	});

	it('an error body inside a 2xx is classified', () => {
		const reply = parseInfobipReply(200, { errorCode: 'E401', description: 'Invalid login details' });
		expect(reply.status).toBe('failed');
		expect(reply.error?.reason).toBe('auth');
	});

	it('a 200 without a messageId is unknown', () => {
		expect(parseInfobipReply(200, { messages: [] }).status).toBe('unknown');
	});
});

describe('Infobip: error classification (gateways.md §4, §9): current and legacy bodies', () => {
	const current = (errorCode: string, violations: Array<{ property: string; violation: string }> = []) => ({
		errorCode,
		description: 'Request cannot be processed.',
		action: 'Check the syntax, violations and adjust the request.',
		violations,
		resources: [],
	});
	const legacy = (messageId: string, validationErrors?: Record<string, string[]>) => ({
		requestError: { serviceException: { messageId, text: 'Legacy error', validationErrors } },
	});

	it.each([
		[400, current('E400', [{ property: 'messages[0].destinations[0].to', violation: 'invalid' }]), 'permanent', 'invalid_number'],
		[400, current('E400', [{ property: 'messages[0].content.templateName', violation: 'unknown' }]), 'permanent', 'template_error'],
		[400, current('E400', [{ property: 'messages[0].content.text', violation: 'must not be blank' }]), 'permanent', 'invalid_request'],
		[400, legacy('BAD_REQUEST', { 'messages[0].destinations[0].to': ['invalid destination address'] }), 'permanent', 'invalid_number'],
		[400, legacy('BAD_REQUEST'), 'permanent', 'invalid_request'],
		[401, current('E401'), 'fatal_credential', 'auth'],
		[401, legacy('UNAUTHORIZED'), 'fatal_credential', 'auth'],
		[403, current('E403'), 'fatal_credential', 'permission'],
		[403, legacy('FORBIDDEN'), 'fatal_credential', 'permission'],
		[404, current('E404'), 'fatal_credential', 'configuration'],
		[429, current('E429'), 'retryable', 'rate_limited'],
		[429, legacy('TOO_MANY_REQUESTS'), 'retryable', 'rate_limited'],
		[500, current('E500'), 'ambiguous', 'provider_error'],
		[500, legacy('GENERAL_ERROR'), 'ambiguous', 'provider_error'],
	])('HTTP %i %j → %s %s', (status, body, kind, reason) => {
		const error = classifyInfobipError(status, body);
		expect(error).toMatchObject({ kind, reason, httpStatus: status });
		expect(error.code).not.toBeNull();
	});

	it('names the violated field in the message', () => {
		const error = classifyInfobipError(400, current('E400', [{ property: 'messages[0].destinations[0].to', violation: 'invalid' }]));
		expect(error.message).toContain('messages[0].destinations[0].to: invalid');
	});

	it('E429 honours Retry-After', () => {
		expect(classifyInfobipError(429, current('E429'), { 'retry-after': ['4'] }).retryAfterMs).toBe(4000);
	});

	it.each([
		[500, 'ambiguous'],
		[503, 'retryable'],
		[504, 'retryable'],
		[404, 'fatal_credential'],
		[429, 'retryable'],
	])('HTTP %i without an Infobip body → %s', (status, kind) => {
		expect(classifyInfobipError(status, undefined).kind).toBe(kind);
	});
});
