import { InvalidSettingError } from '../../../nodes/core/errors';
import type { GatewayFailure, GatewayRequest, OutboundMessage, SendOptions } from '../../../nodes/core/gateways/types';
import {
	buildZenviaRequest,
	classifyZenviaError,
	parseZenviaReply,
	prepareZenvia,
	type ZenviaSettings,
	zenviaAdapter,
} from '../../../nodes/core/gateways/zenvia';

const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };
const TEMPLATE_ID = '6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b';

function build(message: OutboundMessage, settings: Partial<ZenviaSettings> = {}, options: SendOptions = {}) {
	const prepared = prepareZenvia({ smsFrom: 'minha-empresa', whatsappFrom: '5511912345678', ...settings }, options);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildZenviaRequest(message, prepared);
}

function request(message: OutboundMessage, settings: Partial<ZenviaSettings> = {}, options: SendOptions = {}): GatewayRequest {
	const result = build(message, settings, options);
	if (!('url' in result)) throw new Error(`expected a request, got ${JSON.stringify(result)}`);
	return result;
}

function failed(message: OutboundMessage, settings: Partial<ZenviaSettings> = {}, options: SendOptions = {}): GatewayFailure {
	const result = build(message, settings, options);
	if ('url' in result) throw new Error('expected a failure');
	return result;
}

describe('Zenvia: building requests', () => {
	it('SMS: /v2/channels/sms/messages, digits without +, key in externalId', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Sua fatura venceu há 3 dias. Pague: https://pay.example.com/x', idempotencyKey: 'INV-9:overdue_3d:sms' },
			{ encodingStrategy: 'MORE_CHARACTERS_PER_MESSAGE' },
		);
		expect(req.url).toBe('https://api.zenvia.com/v2/channels/sms/messages');
		expect(req.method).toBe('POST');
		expect(req.json).toBe(true);
		expect(req.body).toEqual({
			from: 'minha-empresa',
			to: '5511987654321',
			contents: [
				{
					type: 'text',
					text: 'Sua fatura venceu há 3 dias. Pague: https://pay.example.com/x',
					encodingStrategy: 'MORE_CHARACTERS_PER_MESSAGE',
				},
			],
			externalId: 'INV-9:overdue_3d:sms',
		});
		expect(req.correlation).toEqual({ field: 'externalId', value: 'INV-9:overdue_3d:sms' });
	});

	it('WhatsApp template: Zenvia template id and named fields', () => {
		const req = request(
			{
				channel: 'whatsapp',
				to: TO,
				template: {
					name: 'cobranca_lembrete',
					language: 'pt_BR',
					parameters: [
						{ name: 'name', value: 'Ana' },
						{ name: 'amount', value: '150,00' },
					],
				},
				idempotencyKey: 'k1',
			},
			{},
			{ templateIds: { cobranca_lembrete: TEMPLATE_ID } },
		);
		expect(req.url).toBe('https://api.zenvia.com/v2/channels/whatsapp/messages');
		expect(req.body).toEqual({
			from: '5511912345678',
			to: '5511987654321',
			contents: [{ type: 'template', templateId: TEMPLATE_ID, fields: { name: 'Ana', amount: '150,00' } }],
			externalId: 'k1',
		});
	});

	it('ordered parameters take their names from the Template Field Names option; a UUID name is the id', () => {
		const req = request(
			{ channel: 'whatsapp', to: TO, template: { name: TEMPLATE_ID, language: 'pt_BR', parameters: [{ value: 'Ana' }, { value: '150,00' }] } },
			{},
			{ templateFieldNames: { [TEMPLATE_ID]: ['name', 'amount'] } },
		);
		expect(req.body?.contents).toEqual([{ type: 'template', templateId: TEMPLATE_ID, fields: { name: 'Ana', amount: '150,00' } }]);
	});

	it('a template parameter without a field name fails before sending', () => {
		const error = failed(
			{ channel: 'whatsapp', to: TO, template: { name: TEMPLATE_ID, language: 'pt_BR', parameters: [{ value: 'Ana' }] } },
		);
		expect(error).toMatchObject({ kind: 'permanent', reason: 'template_error' });
		expect(error.hint).toContain('Template Field Names');
	});

	it('a template name without a Zenvia id fails with template_error', () => {
		expect(failed({ channel: 'whatsapp', to: TO, template: { name: 'cobranca', language: 'pt_BR', parameters: [] } }).reason).toBe(
			'template_error',
		);
	});

	it('WhatsApp free text (inside the 24-hour window) has no encodingStrategy', () => {
		const req = request({ channel: 'whatsapp', to: TO, text: 'Oi Ana!' }, { encodingStrategy: 'AUTO', whatsappFrom: '+5511912345678' });
		expect(req.body).toEqual({ from: '5511912345678', to: '5511987654321', contents: [{ type: 'text', text: 'Oi Ana!' }] });
		expect(req.correlation).toBeUndefined();
	});

	it('limits SMS to Zenvia’s 1,520 characters', () => {
		expect(failed({ channel: 'sms', to: TO, text: 'a'.repeat(1521) }).reason).toBe('invalid_message');
		expect('url' in build({ channel: 'sms', to: TO, text: 'a'.repeat(1520) })).toBe(true);
	});

	it('says which sender is missing', () => {
		const error = failed({ channel: 'sms', to: TO, text: 'x' }, { smsFrom: undefined });
		expect(error).toMatchObject({ kind: 'fatal_credential', reason: 'configuration' });
		expect(error.message).toContain('SMS');
	});

	it.each([
		[{ smsFrom: '', whatsappFrom: '' }, 'sender'],
		[{ smsFrom: 'x'.repeat(65) }, 'SMS Sender'],
		[{ encodingStrategy: 'UTF8' }, 'Encoding'],
	])('settings %p are refused (%s)', (settings, name) => {
		const result = prepareZenvia({ smsFrom: 'a', ...settings } as ZenviaSettings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).setting).toContain(name);
	});

	it('the prepared gateway builds with the configured base URL', () => {
		const gateway = zenviaAdapter.prepare({ smsFrom: 'a', baseUrl: 'http://127.0.0.1:4010/' });
		if (gateway instanceof InvalidSettingError) throw gateway;
		const req = gateway.buildRequest({ channel: 'sms', to: TO, text: 'x' });
		expect('url' in req && req.url).toBe('http://127.0.0.1:4010/v2/channels/sms/messages');
	});
});

describe('Zenvia: success replies', () => {
	it('200 echo with id and direction OUT → sent', () => {
		const reply = parseZenviaReply(200, {
			id: '0b8bd8a0-5b2e-4d4c-a7d4-5b8f9a1e2c3d',
			from: 'minha-empresa',
			to: '5511987654321',
			direction: 'OUT',
			channel: 'sms',
			contents: [{ type: 'text', text: 'x' }],
		});
		expect(reply).toEqual({ status: 'sent', providerMessageId: '0b8bd8a0-5b2e-4d4c-a7d4-5b8f9a1e2c3d', providerStatus: null });
	});

	it('a REJECTED / NOT_DELIVERED status inside the 200 is a failure with its cause', () => {
		const reply = parseZenviaReply(200, {
			id: 'm1',
			messageStatus: {
				code: 'REJECTED',
				description: 'Message rejected',
				causes: [{ channelErrorCode: 'E1', reason: 'BLOCKED_NUMBER', details: 'Recipient blocked' }],
			},
		});
		expect(reply.status).toBe('failed');
		expect(reply.providerMessageId).toBe('m1');
		expect(reply.providerStatus).toBe('REJECTED');
		expect(reply.error).toMatchObject({ kind: 'permanent', reason: 'undeliverable', code: 'E1' });
		expect(reply.error?.message).toContain('Recipient blocked');
	});

	it('an error body inside a 2xx is classified', () => {
		const reply = parseZenviaReply(200, { code: 'AUTHENTICATION_ERROR', message: 'Invalid token' });
		expect(reply.status).toBe('failed');
		expect(reply.error?.kind).toBe('fatal_credential');
	});

	it('a 200 without an id is unknown', () => {
		expect(parseZenviaReply(200, {}).status).toBe('unknown');
	});
});

describe('Zenvia: error classification (gateways.md §3, §9)', () => {
	const validation = (path: string) => ({
		code: 'VALIDATION_ERROR',
		message: 'Validation error',
		details: [{ code: 'INVALID_FORMAT', path, message: `${path} is invalid` }],
	});

	it.each([
		['to', 'permanent', 'invalid_number'],
		['contents[0].templateId', 'permanent', 'template_error'],
		['contents[0].fields', 'permanent', 'template_error'],
		['from', 'fatal_credential', 'configuration'],
		['contents[0].text', 'permanent', 'invalid_request'],
	])('400 VALIDATION_ERROR on %s → %s %s', (path, kind, reason) => {
		const error = classifyZenviaError(400, validation(path));
		expect(error).toMatchObject({ kind, reason, code: 'VALIDATION_ERROR', httpStatus: 400 });
		expect(error.message).toContain(path);
	});

	it.each([
		[401, 'AUTHENTICATION_ERROR', 'fatal_credential', 'auth'],
		[404, 'NOT_FOUND', 'permanent', 'invalid_request'],
		[409, 'DUPLICATED', 'permanent', 'duplicate'],
		[500, 'INTERNAL_ERROR', 'retryable', 'provider_error'],
	])('HTTP %i %s → %s %s', (status, code, kind, reason) => {
		expect(classifyZenviaError(status, { code, message: 'x' })).toMatchObject({ kind, reason, code });
	});

	it('500 is retryable for Zenvia (its spec says so), unlike Twilio, Meta and Infobip', () => {
		expect(classifyZenviaError(500, '').kind).toBe('retryable');
	});

	it.each([
		[429, 'retryable', 'rate_limited'],
		[502, 'retryable', 'provider_error'],
		[403, 'fatal_credential', 'permission'],
		[422, 'permanent', 'invalid_request'],
	])('HTTP %i with an unknown body → %s %s', (status, kind, reason) => {
		expect(classifyZenviaError(status, '<html/>', { 'Retry-After': '3' })).toMatchObject({ kind, reason });
	});

	it('Retry-After is honoured on 429', () => {
		expect(classifyZenviaError(429, '', { 'Retry-After': '3' }).retryAfterMs).toBe(3000);
	});
});
