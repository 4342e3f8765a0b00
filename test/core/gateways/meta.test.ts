import { InvalidSettingError } from '../../../nodes/core/errors';
import {
	buildMetaRequest,
	classifyMetaError,
	type MetaSettings,
	metaAdapter,
	parseMetaReply,
	prepareMeta,
} from '../../../nodes/core/gateways/meta';
import type { GatewayFailure, GatewayRequest, OutboundMessage, SendOptions } from '../../../nodes/core/gateways/types';

const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };
const PHONE_ID = '106540352242922';

function build(message: OutboundMessage, settings: Partial<MetaSettings> = {}, options: SendOptions = {}) {
	const prepared = prepareMeta({ phoneNumberId: PHONE_ID, ...settings }, options);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildMetaRequest(message, prepared);
}

function request(message: OutboundMessage, settings: Partial<MetaSettings> = {}, options: SendOptions = {}): GatewayRequest {
	const result = build(message, settings, options);
	if (!('url' in result)) throw new Error(`expected a request, got ${JSON.stringify(result)}`);
	return result;
}

function failed(message: OutboundMessage, settings: Partial<MetaSettings> = {}): GatewayFailure {
	const result = build(message, settings);
	if ('url' in result) throw new Error('expected a failure');
	return result;
}

const template = (parameters: Array<{ name?: string; value: string }>, language = 'pt_BR') => ({
	name: 'cobranca_lembrete',
	language,
	parameters,
});

describe('Meta WhatsApp Cloud API: building requests', () => {
	it('approved template: positional body parameters, deterministic language, key in biz_opaque_callback_data', () => {
		const req = request({
			channel: 'whatsapp',
			to: TO,
			template: template([{ value: 'Ana' }, { value: 'R$ 150,00' }], 'pt-BR'),
			idempotencyKey: 'INV-1:overdue_3d:whatsapp',
		});
		expect(req.method).toBe('POST');
		expect(req.url).toBe(`https://graph.facebook.com/v23.0/${PHONE_ID}/messages`);
		expect(req.json).toBe(true);
		expect(req.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
		expect(req.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '5511987654321',
			type: 'template',
			template: {
				name: 'cobranca_lembrete',
				language: { code: 'pt_BR', policy: 'deterministic' },
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Ana' },
							{ type: 'text', text: 'R$ 150,00' },
						],
					},
				],
			},
			biz_opaque_callback_data: 'INV-1:overdue_3d:whatsapp',
		});
		expect(req.correlation).toEqual({ field: 'biz_opaque_callback_data', value: 'INV-1:overdue_3d:whatsapp' });
	});

	it('named-parameter templates get parameter_name (from the parameter or the Template Field Names option)', () => {
		const named = request({ channel: 'whatsapp', to: TO, template: template([{ name: 'customer_name', value: 'Ana' }]) });
		expect((named.body?.template as { components: unknown }).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ana' }] },
		]);
		const mapped = request(
			{ channel: 'whatsapp', to: TO, template: template([{ value: 'Ana' }, { value: '150,00' }]) },
			{},
			{ templateFieldNames: { cobranca_lembrete: ['customer_name', 'amount'] } },
		);
		expect((mapped.body?.template as { components: Array<{ parameters: unknown }> }).components[0].parameters).toEqual([
			{ type: 'text', parameter_name: 'customer_name', text: 'Ana' },
			{ type: 'text', parameter_name: 'amount', text: '150,00' },
		]);
	});

	it('a template without parameters has no components', () => {
		const req = request({ channel: 'whatsapp', to: TO, template: { name: 'hello_world', language: 'en_US', parameters: [] } });
		expect(req.body?.template).toEqual({ name: 'hello_world', language: { code: 'en_US', policy: 'deterministic' } });
		expect(req.body).not.toHaveProperty('biz_opaque_callback_data');
		expect(req.correlation).toBeUndefined();
	});

	it('parameters lose new lines, tabs and long space runs (WhatsApp refuses them); empty ones fail', () => {
		const req = request({ channel: 'whatsapp', to: TO, template: template([{ value: 'Ana\nMaria\t da     Silva ' }]) });
		const params = (req.body?.template as { components: Array<{ parameters: Array<{ text: string }> }> }).components[0].parameters;
		expect(params[0].text).toBe('Ana Maria da Silva');
		const error = failed({ channel: 'whatsapp', to: TO, template: template([{ value: 'Ana' }, { value: ' \n ' }]) });
		expect(error).toMatchObject({ kind: 'permanent', reason: 'template_error' });
		expect(error.message).toContain('Parameter 2');
	});

	it('free text inside the 24-hour window', () => {
		const req = request({ channel: 'whatsapp', to: TO, text: 'Podemos parcelar em 3x. Responda SIM.', idempotencyKey: 'k' });
		expect(req.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '5511987654321',
			type: 'text',
			text: { body: 'Podemos parcelar em 3x. Responda SIM.', preview_url: false },
			biz_opaque_callback_data: 'k',
		});
		const preview = request({ channel: 'whatsapp', to: TO, text: 'https://pay.example.com/x' }, { previewUrl: true });
		expect(preview.body?.text).toEqual({ body: 'https://pay.example.com/x', preview_url: true });
	});

	it('kind "text" sends the text even when a template is present', () => {
		const req = request({ channel: 'whatsapp', to: TO, kind: 'text', text: 'Oi', template: template([{ value: 'Ana' }]) });
		expect(req.body?.type).toBe('text');
	});

	it('kind "template" without a template is a template_error', () => {
		expect(failed({ channel: 'whatsapp', to: TO, kind: 'template', text: 'Oi' }).reason).toBe('template_error');
	});

	it('cannot send SMS', () => {
		const error = failed({ channel: 'sms', to: TO, text: 'Oi' });
		expect(error).toMatchObject({ kind: 'permanent', reason: 'configuration' });
		expect(error.message).toContain('SMS');
	});

	it('refuses an idempotency key longer than biz_opaque_callback_data allows (512)', () => {
		expect(failed({ channel: 'whatsapp', to: TO, text: 'x', idempotencyKey: 'k'.repeat(513) }).reason).toBe('invalid_request');
		expect('url' in build({ channel: 'whatsapp', to: TO, text: 'x', idempotencyKey: 'k'.repeat(512) })).toBe(true);
	});

	it.each([
		['24', 'v24.0'],
		['v24.0', 'v24.0'],
		['23.0', 'v23.0'],
		[undefined, 'v23.0'],
	])('API version %p → %s', (apiVersion, path) => {
		expect(request({ channel: 'whatsapp', to: TO, text: 'x' }, { apiVersion }).path).toBe(`/${path}/${PHONE_ID}/messages`);
	});

	it.each([
		[{ apiVersion: 'latest' }, 'API Version'],
		[{ phoneNumberId: '' }, 'Phone Number ID'],
		[{ phoneNumberId: '+55 11 98765-4321' }, 'Phone Number ID'],
		[{ baseUrl: 'ftp://graph.facebook.com' }, 'Base URL'],
	])('settings %p are refused (%s)', (settings, name) => {
		const result = prepareMeta({ phoneNumberId: PHONE_ID, ...settings } as MetaSettings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).setting).toContain(name);
	});

	it('the prepared gateway only offers WhatsApp', () => {
		const gateway = metaAdapter.prepare({ phoneNumberId: PHONE_ID, baseUrl: 'http://127.0.0.1:4010' });
		if (gateway instanceof InvalidSettingError) throw gateway;
		expect(gateway.channels).toEqual(['whatsapp']);
		const req = gateway.buildRequest({ channel: 'whatsapp', to: TO, text: 'x' });
		expect('url' in req && req.url).toBe(`http://127.0.0.1:4010/v23.0/${PHONE_ID}/messages`);
	});
});

describe('Meta: success replies', () => {
	it('200 with a wamid and message_status accepted → sent', () => {
		const reply = parseMetaReply(200, {
			messaging_product: 'whatsapp',
			contacts: [{ input: '+5511987654321', wa_id: '551187654321' }],
			messages: [{ id: 'wamid.HBgLNTUxMTk4NzY1NDMyMRUCABEYEjQ2', message_status: 'accepted' }],
		});
		expect(reply).toEqual({ status: 'sent', providerMessageId: 'wamid.HBgLNTUxMTk4NzY1NDMyMRUCABEYEjQ2', providerStatus: 'accepted' });
	});

	it.each(['held_for_quality_assessment', 'paused'])('message_status %s is still accepted (not delivered)', (messageStatus) => {
		const reply = parseMetaReply(200, { messages: [{ id: 'wamid.X', message_status: messageStatus }] });
		expect(reply.status).toBe('sent');
		expect(reply.providerStatus).toBe(messageStatus);
	});

	it('text messages have no message_status', () => {
		expect(parseMetaReply(200, '{"messages":[{"id":"wamid.Y"}]}')).toEqual({ status: 'sent', providerMessageId: 'wamid.Y', providerStatus: null });
	});

	it('an error object inside a 200 is classified', () => {
		const reply = parseMetaReply(200, { error: { code: 131047, message: 'Re-engagement message' } });
		expect(reply.status).toBe('failed');
		expect(reply.error?.reason).toBe('window_closed');
	});

	it('a 200 without messages is unknown', () => {
		expect(parseMetaReply(200, { messaging_product: 'whatsapp' }).status).toBe('unknown');
	});
});

describe('Meta: error classification (gateways.md §2, §9): on error.code, not the HTTP status', () => {
	const body = (code: number, message = `(#${code}) Something`) => ({
		error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: 'Details here' }, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam' },
	});

	it.each([
		[400, 130429, 'retryable', 'rate_limited'],
		[400, 131056, 'retryable', 'rate_limited'],
		[400, 131057, 'retryable', 'rate_limited'],
		[400, 80007, 'retryable', 'rate_limited'],
		[400, 4, 'retryable', 'rate_limited'],
		[503, 2, 'retryable', 'provider_error'],
		[503, 131016, 'retryable', 'provider_error'],
		[500, 131000, 'ambiguous', 'provider_error'],
		[400, 131047, 'permanent', 'window_closed'],
		[400, 131026, 'permanent', 'undeliverable'],
		[400, 131050, 'permanent', 'opted_out'],
		[400, 131049, 'deferred', 'frequency_cap'],
		[400, 131008, 'permanent', 'template_error'],
		[400, 131009, 'permanent', 'template_error'],
		[400, 100, 'permanent', 'template_error'],
		[400, 132000, 'permanent', 'template_error'],
		[400, 132001, 'permanent', 'template_error'],
		[400, 132012, 'permanent', 'template_error'],
		[400, 132015, 'permanent', 'template_error'],
		[400, 132016, 'permanent', 'template_error'],
		[400, 132068, 'permanent', 'template_error'],
		[400, 130497, 'permanent', 'region_not_enabled'],
		[401, 0, 'fatal_credential', 'auth'],
		[401, 190, 'fatal_credential', 'auth'],
		[403, 10, 'fatal_credential', 'permission'],
		[403, 200, 'fatal_credential', 'permission'],
		[403, 299, 'fatal_credential', 'permission'],
		[403, 368, 'fatal_credential', 'account_blocked'],
		[400, 131031, 'fatal_credential', 'account_blocked'],
		[400, 131042, 'fatal_credential', 'payment'],
		[400, 131048, 'fatal_credential', 'quality_limit'],
		[400, 1, 'permanent', 'invalid_request'],
		[500, 1, 'ambiguous', 'provider_error'],
		[400, 999999, 'permanent', 'invalid_request'],
		[503, 999999, 'retryable', 'provider_error'],
	])('HTTP %i code %i → %s %s', (status, code, kind, reason) => {
		const error = classifyMetaError(status, body(code));
		expect(error).toMatchObject({ kind, reason, code: String(code), httpStatus: status });
		expect(error.message).toContain('Details here');
	});

	it('throttling arrives as HTTP 400 and is still retryable', () => {
		const error = classifyMetaError(400, body(130429, '(#130429) Rate limit hit'));
		expect(error.kind).toBe('retryable');
		expect(error.retryScope).toBeUndefined();
	});

	it.each([
		[0, 6_000],
		[1, 6_000],
		[2, 16_000],
		[3, 64_000],
	])('131056 (pair rate limit), attempt %i: wait %i ms, for this recipient only', (attempt, wait) => {
		const error = classifyMetaError(400, body(131056), undefined, { attempt });
		expect(error.retryAfterMs).toBe(wait);
		expect(error.retryScope).toBe('recipient');
	});

	it('Retry-After wins over the computed back-off', () => {
		expect(classifyMetaError(400, body(131056), { 'Retry-After': '20' }, { attempt: 3 }).retryAfterMs).toBe(20_000);
		expect(classifyMetaError(400, body(130429), { 'Retry-After': '2' }).retryAfterMs).toBe(2_000);
	});

	it('131057 (throughput upgrade) waits about a minute; 131049 is not retried in this run', () => {
		expect(classifyMetaError(400, body(131057)).retryAfterMs).toBe(60_000);
		const deferred = classifyMetaError(400, body(131049));
		expect(deferred.kind).toBe('deferred');
		expect(deferred.retryAfterMs).toBeGreaterThanOrEqual(24 * 3_600_000);
	});

	it('the window-closed hint tells the team to send a template', () => {
		expect(classifyMetaError(400, body(131047)).hint).toContain('template');
	});

	it.each([
		[502, 'retryable'],
		[500, 'ambiguous'],
		[401, 'fatal_credential'],
		[429, 'retryable'],
	])('HTTP %i without a Meta error body → %s', (status, kind) => {
		expect(classifyMetaError(status, 'upstream connect error').kind).toBe(kind);
	});
});
