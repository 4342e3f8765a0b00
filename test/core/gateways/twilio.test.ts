import { InvalidSettingError } from '../../../nodes/core/errors';
import { encodeForm } from '../../../nodes/core/gateways/common';
import {
	buildTwilioRequest,
	classifyTwilioError,
	parseTwilioReply,
	prepareTwilio,
	type TwilioSettings,
	twilioAdapter,
} from '../../../nodes/core/gateways/twilio';
import type { GatewayFailure, GatewayRequest, OutboundMessage, SendOptions } from '../../../nodes/core/gateways/types';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const SERVICE = 'MG0123456789abcdef0123456789abcdef';
const CONTENT = 'HX0123456789abcdef0123456789abcdef';
const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };

function build(message: OutboundMessage, settings: Partial<TwilioSettings> = {}, options: SendOptions = {}) {
	const prepared = prepareTwilio({ accountSid: ACCOUNT, from: '+15005550006', whatsappFrom: '+14155238886', ...settings }, options);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildTwilioRequest(message, prepared);
}

function request(message: OutboundMessage, settings: Partial<TwilioSettings> = {}, options: SendOptions = {}): GatewayRequest {
	const result = build(message, settings, options);
	if (!('url' in result)) throw new Error(`expected a request, got ${JSON.stringify(result)}`);
	return result;
}

function failed(message: OutboundMessage, settings: Partial<TwilioSettings> = {}, options: SendOptions = {}): GatewayFailure {
	const result = build(message, settings, options);
	if ('url' in result) throw new Error('expected a failure');
	return result;
}

describe('Twilio: building requests', () => {
	it('SMS: form fields To/From/Body, and the idempotency key as ref on the StatusCallback', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Olá Ana, sua fatura de R$ 150,00 vence amanhã.', idempotencyKey: 'INV-1:reminder_1d:sms' },
			{ validityPeriodSeconds: 3600 },
			{ statusCallbackUrl: 'https://n8n.example.com/webhook/twilio-status' },
		);
		expect(req.method).toBe('POST');
		expect(req.url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
		expect(req.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
		expect(req.contentType).toBe('form');
		expect(req.json).toBe(false);
		expect(req.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(req.body).toEqual({
			To: '+5511987654321',
			From: '+15005550006',
			Body: 'Olá Ana, sua fatura de R$ 150,00 vence amanhã.',
			StatusCallback: 'https://n8n.example.com/webhook/twilio-status?ref=INV-1%3Areminder_1d%3Asms',
			ValidityPeriod: '3600',
		});
		expect(req.correlation).toEqual({ field: 'StatusCallback ref', value: 'INV-1:reminder_1d:sms' });
	});

	it('SMS without a status callback has no correlation field (Twilio has no idempotency key)', () => {
		const req = request({ channel: 'sms', to: TO, text: 'Oi', idempotencyKey: 'k1' });
		expect(req.body).toEqual({ To: '+5511987654321', From: '+15005550006', Body: 'Oi' });
		expect(req.correlation).toBeUndefined();
	});

	it('keeps the callback URL’s own query and fragment (connection overrides)', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Oi', idempotencyKey: 'a b&c' },
			{},
			{ statusCallbackUrl: 'https://hooks.example.com/s?x=1#rc=2' },
		);
		expect(req.body?.StatusCallback).toBe('https://hooks.example.com/s?x=1&ref=a%20b%26c#rc=2');
	});

	it('SMS through a Messaging Service, with SmartEncoded', () => {
		const req = request({ channel: 'sms', to: TO, text: 'Oi' }, { from: undefined, messagingServiceSid: SERVICE, smartEncoded: true });
		expect(req.body).toEqual({ To: '+5511987654321', MessagingServiceSid: SERVICE, Body: 'Oi', SmartEncoded: 'true' });
	});

	it('WhatsApp approved template: ContentSid + ContentVariables as a JSON string, no Body', () => {
		const req = request(
			{
				channel: 'whatsapp',
				to: TO,
				text: 'preview only',
				template: {
					name: 'cobranca_lembrete',
					language: 'pt_BR',
					parameters: [{ value: 'Ana' }, { value: 'R$ 150,00' }],
				},
			},
			{ messagingServiceSid: SERVICE },
			{ templateIds: { cobranca_lembrete: CONTENT } },
		);
		expect(req.body).toEqual({
			To: 'whatsapp:+5511987654321',
			From: 'whatsapp:+14155238886',
			MessagingServiceSid: SERVICE,
			ContentSid: CONTENT,
			ContentVariables: '{"1":"Ana","2":"R$ 150,00"}',
		});
		expect(encodeForm(req.body as Record<string, unknown>)).toBe(
			'To=whatsapp%3A%2B5511987654321&From=whatsapp%3A%2B14155238886&MessagingServiceSid=' +
				SERVICE +
				'&ContentSid=' +
				CONTENT +
				'&ContentVariables=%7B%221%22%3A%22Ana%22%2C%222%22%3A%22R%24+150%2C00%22%7D',
		);
	});

	it('WhatsApp template whose name already is a Content SID; language-specific ids win', () => {
		const direct = request({ channel: 'whatsapp', to: TO, template: { name: CONTENT, language: 'pt_BR', parameters: [] } });
		expect(direct.body?.ContentSid).toBe(CONTENT);
		expect(direct.body).not.toHaveProperty('ContentVariables');
		const other = 'HXffffffffffffffffffffffffffffffff';
		const byLanguage = request(
			{ channel: 'whatsapp', to: TO, template: { name: 'lembrete', language: 'es-MX', parameters: [{ value: 'Ana' }] } },
			{},
			{ templateIds: { lembrete: CONTENT, 'lembrete:es_MX': other } },
		);
		expect(byLanguage.body?.ContentSid).toBe(other);
	});

	it('WhatsApp template without a Content SID fails with template_error and says what to set', () => {
		const error = failed({ channel: 'whatsapp', to: TO, template: { name: 'cobranca_lembrete', language: 'pt_BR', parameters: [] } });
		expect(error.kind).toBe('permanent');
		expect(error.reason).toBe('template_error');
		expect(error.hint).toContain('Template IDs');
	});

	it('WhatsApp free text inside the 24-hour window: Body with whatsapp: addresses', () => {
		const req = request(
			{ channel: 'whatsapp', to: TO, kind: 'text', text: 'Recebemos seu pagamento, obrigado!', template: { name: 'x', language: 'pt_BR', parameters: [] } },
			{ whatsappFrom: 'whatsapp:+1 415 523 8886' },
		);
		expect(req.body).toEqual({ To: 'whatsapp:+5511987654321', From: 'whatsapp:+14155238886', Body: 'Recebemos seu pagamento, obrigado!' });
	});

	it('refuses empty and too long texts before any request', () => {
		expect(failed({ channel: 'sms', to: TO, text: '  ' }).reason).toBe('invalid_message');
		const long = failed({ channel: 'sms', to: TO, text: 'a'.repeat(1601) });
		expect(long.reason).toBe('invalid_message');
		expect(long.message).toContain('1601');
		expect('url' in build({ channel: 'sms', to: TO, text: 'a'.repeat(1600) })).toBe(true);
	});

	it('refuses a recipient that was not normalised', () => {
		expect(failed({ channel: 'sms', to: { e164: '11987654321', digits: '11987654321' }, text: 'x' }).reason).toBe('invalid_number');
	});

	it('says which sender is missing for a channel', () => {
		const error = failed({ channel: 'whatsapp', to: TO, kind: 'text', text: 'x' }, { whatsappFrom: undefined });
		expect(error.kind).toBe('fatal_credential');
		expect(error.reason).toBe('configuration');
		expect(error.hint).toContain('WhatsApp sender');
	});

	it.each([
		[{ accountSid: '' }, 'Account SID'],
		[{ accountSid: 'AC/../x' }, 'Account SID'],
		[{ messagingServiceSid: 'XX123' }, 'Messaging Service SID'],
		[{ from: undefined, whatsappFrom: undefined }, 'sender'],
		[{ validityPeriodSeconds: 0 }, 'Validity Period'],
		[{ validityPeriodSeconds: 36_001 }, 'Validity Period'],
		[{ baseUrl: 'api.twilio.com' }, 'Base URL'],
	])('settings %p are refused once (%s)', (settings, name) => {
		const result = prepareTwilio({ accountSid: ACCOUNT, from: '+15005550006', ...settings } as TwilioSettings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).setting).toContain(name);
	});

	it('refuses a status callback host with an underscore (Twilio does)', () => {
		const result = prepareTwilio({ accountSid: ACCOUNT, from: '+1' }, { statusCallbackUrl: 'https://my_host.example.com/x' });
		expect(result).toBeInstanceOf(InvalidSettingError);
	});

	it('uses a configured base URL (regional endpoint, proxy or the local fake gateway)', () => {
		const req = request({ channel: 'sms', to: TO, text: 'x' }, { baseUrl: 'http://127.0.0.1:4010/' });
		expect(req.url).toBe(`http://127.0.0.1:4010/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
	});

	it('the adapter binds settings once and exposes the same functions', () => {
		const gateway = twilioAdapter.prepare({ accountSid: ACCOUNT, from: '+15005550006' });
		if (gateway instanceof InvalidSettingError) throw gateway;
		expect(gateway.provider).toBe('twilio');
		expect(gateway.channels).toEqual(['sms', 'whatsapp']);
		const req = gateway.buildRequest({ channel: 'sms', to: TO, text: 'x' });
		expect('url' in req && req.body).toEqual({ To: TO.e164, From: '+15005550006', Body: 'x' });
		expect(twilioAdapter.prepare({ accountSid: '' })).toBeInstanceOf(InvalidSettingError);
	});
});

describe('Twilio: success replies', () => {
	it('201 queued → sent with the SM sid', () => {
		const reply = parseTwilioReply(201, {
			sid: 'SM0123456789abcdef0123456789abcdef',
			status: 'queued',
			to: '+5511987654321',
			from: '+15005550006',
			num_segments: '1',
			error_code: null,
			error_message: null,
		});
		expect(reply).toEqual({ status: 'sent', providerMessageId: 'SM0123456789abcdef0123456789abcdef', providerStatus: 'queued' });
	});

	it('201 accepted (Messaging Service), given as raw JSON text', () => {
		const reply = parseTwilioReply(201, '{"sid":"SMabc","status":"accepted","from":null,"error_code":null}');
		expect(reply.status).toBe('sent');
		expect(reply.providerStatus).toBe('accepted');
		expect(reply.providerMessageId).toBe('SMabc');
	});

	it('a message created already failed carries its error code', () => {
		const reply = parseTwilioReply(201, { sid: 'SMx', status: 'failed', error_code: 30007, error_message: 'Carrier violation' });
		expect(reply.status).toBe('failed');
		expect(reply.providerMessageId).toBe('SMx');
		expect(reply.error).toMatchObject({ kind: 'permanent', reason: 'undeliverable', code: '30007', message: 'Carrier violation' });
	});

	it('a 2xx without a sid is unknown, not sent', () => {
		const reply = parseTwilioReply(200, { status: 'queued' });
		expect(reply.status).toBe('unknown');
		expect(reply.error?.kind).toBe('ambiguous');
	});
});

describe('Twilio: error classification (gateways.md §1, §9)', () => {
	const body = (code: number, status: number) => ({
		code,
		message: `Error ${code}`,
		more_info: `https://www.twilio.com/docs/errors/${code}`,
		status,
	});

	it.each([
		[400, 21211, 'permanent', 'invalid_number'],
		[400, 21614, 'permanent', 'invalid_number'],
		[400, 21610, 'permanent', 'opted_out'],
		[400, 21408, 'permanent', 'region_not_enabled'],
		[400, 21617, 'permanent', 'invalid_message'],
		[400, 21602, 'permanent', 'invalid_message'],
		[400, 21612, 'permanent', 'undeliverable'],
		[400, 21656, 'permanent', 'template_error'],
		[400, 63016, 'permanent', 'window_closed'],
		[400, 21212, 'fatal_credential', 'configuration'],
		[400, 21606, 'fatal_credential', 'configuration'],
		[401, 20003, 'fatal_credential', 'auth'],
		[404, 20404, 'fatal_credential', 'configuration'],
		[429, 20429, 'retryable', 'rate_limited'],
		[500, 20500, 'ambiguous', 'provider_error'],
		[503, 20503, 'retryable', 'provider_error'],
		[400, 99999, 'permanent', 'invalid_request'],
	])('HTTP %i code %i → %s %s', (status, code, kind, reason) => {
		const error = classifyTwilioError(status, body(code, status));
		expect(error).toMatchObject({ kind, reason, code: String(code), httpStatus: status, message: `Error ${code}` });
		expect(error.hint.length).toBeGreaterThan(20);
	});

	it('21610 tells the team what opting out means', () => {
		const error = classifyTwilioError(400, body(21610, 400));
		expect(error.hint).toContain('STOP');
		expect(error.hint).toContain('START');
	});

	it.each([
		[30003, 'undeliverable'],
		[30005, 'undeliverable'],
		[30006, 'invalid_number'],
		[30007, 'undeliverable'],
		[30008, 'undeliverable'],
	])('callback ErrorCode %i → %s', (code, reason) => {
		expect(classifyTwilioError(400, { code }).reason).toBe(reason);
	});

	it('429 honours Retry-After in seconds', () => {
		const error = classifyTwilioError(429, body(20429, 429), { 'Retry-After': '7' });
		expect(error.retryAfterMs).toBe(7000);
	});

	it('429 honours Retry-After as an HTTP date', () => {
		const now = Date.parse('2026-11-23T12:00:00Z');
		const error = classifyTwilioError(429, body(20429, 429), { 'retry-after': 'Mon, 23 Nov 2026 12:00:30 GMT' }, { nowMs: now });
		expect(error.retryAfterMs).toBe(30_000);
	});

	it('a permanent error carries no retry delay even with Retry-After', () => {
		expect(classifyTwilioError(400, body(21211, 400), { 'Retry-After': '5' }).retryAfterMs).toBeUndefined();
	});

	it.each([
		[500, 'ambiguous'],
		[502, 'retryable'],
		[503, 'retryable'],
		[504, 'retryable'],
		[429, 'retryable'],
		[401, 'fatal_credential'],
		[404, 'fatal_credential'],
	])('HTTP %i with a non-JSON body → %s', (status, kind) => {
		const error = classifyTwilioError(status, '<html>Bad Gateway</html>');
		expect(error.kind).toBe(kind);
		expect(error.code).toBeNull();
	});
});
