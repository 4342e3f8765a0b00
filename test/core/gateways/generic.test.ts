import { InvalidSettingError } from '../../../nodes/core/errors';
import { encodeForm } from '../../../nodes/core/gateways/common';
import {
	buildGenericRequest,
	classifyGenericError,
	compilePath,
	DEFAULT_RETRYABLE_STATUSES,
	genericAdapter,
	genericAuthParts,
	type GenericGatewaySettings,
	parseGenericReply,
	type PreparedGeneric,
	prepareGeneric,
	readPath,
} from '../../../nodes/core/gateways/generic';
import type { GatewayFailure, GatewayRequest, OutboundMessage, SendOptions } from '../../../nodes/core/gateways/types';

const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };
const BASE = 'https://sms.reseller.example.com';

function prepare(settings: Partial<GenericGatewaySettings> = {}, options: SendOptions = {}): PreparedGeneric {
	const prepared = prepareGeneric({ baseUrl: BASE, ...settings }, options);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return prepared;
}

function request(message: OutboundMessage, settings: Partial<GenericGatewaySettings> = {}, options: SendOptions = {}): GatewayRequest {
	const result = buildGenericRequest(message, prepare(settings, options));
	if (!('url' in result)) throw new Error(`expected a request, got ${JSON.stringify(result)}`);
	return result;
}

function failed(message: OutboundMessage, settings: Partial<GenericGatewaySettings> = {}): GatewayFailure {
	const result = buildGenericRequest(message, prepare(settings));
	if ('url' in result) throw new Error('expected a failure');
	return result;
}

function refused(settings: Partial<GenericGatewaySettings>): InvalidSettingError {
	const result = prepareGeneric({ baseUrl: BASE, ...settings });
	if (!(result instanceof InvalidSettingError)) throw new Error('expected a setting error');
	return result;
}

/** The legacy Zenvia shape resellers still copy: errors inside HTTP 200. */
const LEGACY_ZENVIA: Partial<GenericGatewaySettings> = {
	path: '/services/send-sms',
	bodyTemplate: '{"sendSmsRequest":{"from":"{{from}}","to":"{{to_digits}}","msg":"{{text}}","callbackOption":"FINAL","id":"{{idempotency_key}}"}}',
	from: 'Loja',
	auth: { mode: 'basic' },
	successPath: '$.sendSmsResponse.statusCode',
	successValues: ['00'],
	errorCodePath: 'sendSmsResponse.detailCode',
	errorMessagePath: 'sendSmsResponse.detailDescription',
};

describe('Custom HTTP gateway: building requests', () => {
	it('JSON body template: values are JSON-escaped inside the template’s strings', () => {
		const text = 'Olá "Ana"\nR$ 150,00 \\ vence amanhã ✓ {{text}}';
		const req = request({ channel: 'sms', to: TO, text, idempotencyKey: 'INV-1:due_today:sms' }, LEGACY_ZENVIA);
		expect(req.method).toBe('POST');
		expect(req.url).toBe(`${BASE}/services/send-sms`);
		expect(req.json).toBe(true);
		expect(req.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
		expect(req.body).toEqual({
			sendSmsRequest: { from: 'Loja', to: '5511987654321', msg: text, callbackOption: 'FINAL', id: 'INV-1:due_today:sms' },
		});
		// The serialised body is valid JSON that gives back exactly the text: no value can break out.
		expect(JSON.parse(JSON.stringify(req.body))).toEqual(req.body);
		expect(req.auth).toEqual({ mode: 'basic' });
		expect(req.correlation).toEqual({ field: 'idempotency_key', value: 'INV-1:due_today:sms' });
	});

	it('a value that looks like JSON stays a string (no injection)', () => {
		const text = '", "admin": true, "x": "';
		const req = request({ channel: 'sms', to: TO, text }, { bodyTemplate: '{"to":"{{to_e164}}","message":"{{text}}"}' });
		expect(req.body).toEqual({ to: '+5511987654321', message: text });
		expect(Object.keys(req.body ?? {})).toEqual(['to', 'message']);
	});

	it('literal JSON values (numbers, booleans, nested arrays) pass through', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Oi' },
			{ bodyTemplate: '{"destination":["{{to_digits}}"],"messageText":"{{text}}","flash":false,"priority":1}' },
		);
		expect(req.body).toEqual({ destination: ['5511987654321'], messageText: 'Oi', flash: false, priority: 1 });
	});

	it('the default JSON template', () => {
		const req = request({ channel: 'sms', to: TO, text: 'Oi', idempotencyKey: 'k' }, { from: 'ACME' });
		expect(req.body).toEqual({ from: 'ACME', to: '+5511987654321', text: 'Oi', reference: 'k' });
	});

	it('form body: pairs with values left for URL encoding (& = + ç cannot break the form)', () => {
		const text = 'Pague já: R$ 1.234,56 & ganhe 5% = desconto+';
		const req = request(
			{ channel: 'sms', to: TO, text, idempotencyKey: 'k 1' },
			{ contentType: 'form', bodyTemplate: 'user=acme&to={{to_digits}}&msg={{text}}&ref={{client_ref}}&tag=a%20b' },
		);
		expect(req.contentType).toBe('form');
		expect(req.json).toBe(false);
		expect(req.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
		expect(req.body).toEqual({ user: 'acme', to: '5511987654321', msg: text, ref: 'k 1', tag: 'a b' });
		const encoded = encodeForm(req.body as Record<string, unknown>);
		expect(new URLSearchParams(encoded).get('msg')).toBe(text);
		expect(encoded).toContain('msg=Pague+j%C3%A1%3A+R%24+1.234%2C56+%26+ganhe+5%25+%3D+desconto%2B');
	});

	it('GET with query parameters and a URL-encoded path placeholder', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'Oi & tchau' },
			{
				method: 'GET',
				path: '/api/{{to_digits}}/send?version=2',
				bodyTemplate: 'to={{to_e164}}\ntext={{text}}',
				auth: { mode: 'query', name: 'api_key' },
			},
		);
		expect(req.method).toBe('GET');
		expect(req.url).toBe(`${BASE}/api/5511987654321/send`);
		expect(req.qs).toEqual({ version: '2', to: '+5511987654321', text: 'Oi & tchau' });
		expect(req.body).toBeUndefined();
		expect(req.contentType).toBe('none');
		expect(req.auth).toEqual({ mode: 'query', name: 'api_key' });
	});

	it('path placeholders are URL-encoded so a value cannot change the path', () => {
		const req = request({ channel: 'sms', to: TO, text: 'x', idempotencyKey: '../admin?x=1' }, { path: '/send/{{idempotency_key}}' });
		expect(req.path).toBe('/send/..%2Fadmin%3Fx%3D1');
	});

	it('header values may hold placeholders; line breaks are removed', () => {
		const req = request(
			{ channel: 'sms', to: TO, text: 'x', idempotencyKey: 'a\r\nX-Evil: 1' },
			{ headers: { 'X-Request-Id': '{{idempotency_key}}', 'X-Client': 'n8n' } },
		);
		expect(req.headers['X-Request-Id']).toBe('a X-Evil: 1');
		expect(req.headers['X-Client']).toBe('n8n');
	});

	it('WhatsApp template parameters are {{vars.N}} (and {{vars.name}})', () => {
		const req = request(
			{
				channel: 'whatsapp',
				to: TO,
				template: { name: 'lembrete', language: 'pt-BR', parameters: [{ value: 'Ana' }, { name: 'amount', value: '150,00' }] },
			},
			{
				channels: ['whatsapp'],
				bodyTemplate: '{"to":"{{to_digits}}","template":"{{template_name}}","lang":"{{template_language}}","p":["{{vars.1}}","{{vars.amount}}"]}',
			},
		);
		expect(req.body).toEqual({ to: '5511987654321', template: 'lembrete', lang: 'pt_BR', p: ['Ana', '150,00'] });
	});

	it('a missing template parameter fails the item, naming the placeholder', () => {
		const error = failed(
			{ channel: 'whatsapp', to: TO, template: { name: 'lembrete', language: 'pt_BR', parameters: [{ value: 'Ana' }] } },
			{ channels: ['whatsapp'], bodyTemplate: '{"p":"{{vars.2}}"}' },
		);
		expect(error.reason).toBe('template_error');
		expect(error.message).toContain('{{vars.2}}');
	});

	it('sends SMS only unless told otherwise', () => {
		expect(failed({ channel: 'whatsapp', to: TO, text: 'x' }).reason).toBe('configuration');
	});

	it.each([
		[{ bodyTemplate: '{"to":"{{phone}}"}' }, 'Body Template', '{{phone}}'],
		[{ bodyTemplate: '{"to": {{to_digits}}}' }, 'Body Template', 'inside quotes'],
		[{ bodyTemplate: '{"to":"{{to_digits}"}' }, 'Body Template', 'not closed'],
		[{ contentType: 'form', bodyTemplate: 'to={{to_digits}}&oops' }, 'Body Template', 'name=value'],
		[{ method: 'GET', contentType: 'json' }, 'Content Type', 'GET'],
		[{ method: 'DELETE' as never }, 'Method', 'DELETE'],
		[{ path: 'send' }, 'Path', '/'],
		[{ auth: { mode: 'header' as const } }, 'Header Name', 'empty'],
		[{ auth: { mode: 'query' as const, name: 'api key' } }, 'Query Parameter Name', 'api key'],
		[{ successPath: 'status' }, 'Success Values', 'empty'],
		[{ successPath: 'a..b', successValues: ['0'] }, 'Success Field', 'a..b'],
		[{ retryableStatuses: [429, 700] }, 'Retryable HTTP Statuses', '700'],
		[{ codeReasons: { '9': 'blocked' as never } }, 'Error Reasons', 'blocked'],
		[{ headers: { 'Bad Header': 'x' } }, 'Headers', 'Bad Header'],
		[{ baseUrl: 'sms.example.com' }, 'Base URL', 'sms.example.com'],
	])('settings %p are refused once (%s)', (settings, name, mentioned) => {
		const error = refused(settings as Partial<GenericGatewaySettings>);
		expect(error.setting).toContain(name);
		expect(`${error.message} ${error.hint}`).toContain(mentioned);
	});
});

describe('Custom HTTP gateway: reading replies', () => {
	const legacy = prepare({ ...LEGACY_ZENVIA, messageIdPath: 'sendSmsResponse.parts[0].partId', codeReasons: { '010': 'invalid_number' }, retryableCodes: ['900'] });

	it('2xx with the success value → sent, with the id from the id path', () => {
		const reply = parseGenericReply(
			200,
			{ sendSmsResponse: { statusCode: '00', statusDescription: 'Ok', detailCode: '000', parts: [{ partId: '42' }] } },
			legacy,
		);
		expect(reply).toEqual({ status: 'sent', providerMessageId: '42', providerStatus: '00' });
	});

	it('an error inside HTTP 200 is a failure with the provider’s code and message', () => {
		const reply = parseGenericReply(
			200,
			'{"sendSmsResponse":{"statusCode":"10","statusDescription":"Error","detailCode":"010","detailDescription":"Empty or invalid destination"}}',
			legacy,
		);
		expect(reply.status).toBe('failed');
		expect(reply.error).toMatchObject({ kind: 'permanent', reason: 'invalid_number', code: '010', message: 'Empty or invalid destination' });
	});

	it('a listed retryable code inside a 200 is retryable', () => {
		const reply = parseGenericReply(200, { sendSmsResponse: { statusCode: '99', detailCode: '900' } }, legacy);
		expect(reply.error).toMatchObject({ kind: 'retryable', reason: 'provider_error', code: '900' });
	});

	it('an unlisted error code inside a 200 fails the item (not retried)', () => {
		const reply = parseGenericReply(200, { sendSmsResponse: { statusCode: '10', detailCode: '123' } }, legacy);
		expect(reply.error).toMatchObject({ kind: 'permanent', reason: 'provider_error', code: '123' });
	});

	it('a 2xx whose success field is missing (HTML, other shape) is unknown, not sent', () => {
		expect(parseGenericReply(200, '<html>OK</html>', legacy).status).toBe('unknown');
		expect(parseGenericReply(200, {}, legacy).error?.kind).toBe('ambiguous');
	});

	it('Vonage-style: status "0" in the first message means accepted; "1" (throttled) is retryable', () => {
		const vonage = prepare({
			successPath: 'messages[0].status',
			successValues: ['0'],
			messageIdPath: 'messages[0].message-id',
			errorMessagePath: 'messages[0].error-text',
			retryableCodes: ['1', '5'],
			fatalCodes: ['4', '9'],
			codeReasons: { '9': 'payment' },
		});
		expect(parseGenericReply(200, { 'message-count': '1', messages: [{ to: '5511987654321', 'message-id': 'abc', status: '0' }] }, vonage)).toEqual({
			status: 'sent',
			providerMessageId: 'abc',
			providerStatus: '0',
		});
		expect(parseGenericReply(200, { messages: [{ status: '1', 'error-text': 'Throughput Rate Exceeded' }] }, vonage).error).toMatchObject({
			kind: 'retryable',
			code: '1',
			message: 'Throughput Rate Exceeded',
		});
		expect(parseGenericReply(200, { messages: [{ status: '4', 'error-text': 'Bad Credentials' }] }, vonage).error).toMatchObject({
			kind: 'fatal_credential',
			reason: 'auth',
		});
		expect(parseGenericReply(200, { messages: [{ status: '9' }] }, vonage).error).toMatchObject({ kind: 'fatal_credential', reason: 'payment' });
	});

	it('without a success field, any 2xx is sent; the id is read when a path is given', () => {
		expect(parseGenericReply(202, { id: 7 }, prepare({ messageIdPath: 'id' }))).toEqual({ status: 'sent', providerMessageId: '7', providerStatus: null });
		expect(parseGenericReply(200, 'OK', prepare())).toEqual({ status: 'sent', providerMessageId: null, providerStatus: null });
	});
});

describe('Custom HTTP gateway: classifying errors', () => {
	const gateway = prepare({ errorCodePath: 'error.code', errorMessagePath: 'error.message', fatalCodes: ['AUTH'], permanentCodes: ['OPTOUT'], codeReasons: { OPTOUT: 'opted_out' } });

	it.each(DEFAULT_RETRYABLE_STATUSES)('HTTP %i is retryable by default', (status) => {
		const error = classifyGenericError(status, '', gateway);
		expect(error.kind).toBe('retryable');
		expect(error.reason).toBe(status === 429 ? 'rate_limited' : 'provider_error');
	});

	it('honours Retry-After', () => {
		expect(classifyGenericError(429, '', gateway, { 'Retry-After': '12' }).retryAfterMs).toBe(12_000);
	});

	it.each([
		[401, 'fatal_credential', 'auth'],
		[403, 'fatal_credential', 'permission'],
		[400, 'permanent', 'invalid_request'],
		[422, 'permanent', 'invalid_request'],
		[501, 'ambiguous', 'provider_error'],
	])('HTTP %i → %s %s', (status, kind, reason) => {
		expect(classifyGenericError(status, { error: { message: 'nope' } }, gateway)).toMatchObject({ kind, reason, message: 'nope' });
	});

	it('body codes win over the HTTP status', () => {
		expect(classifyGenericError(400, { error: { code: 'AUTH', message: 'bad key' } }, gateway)).toMatchObject({
			kind: 'fatal_credential',
			code: 'AUTH',
		});
		expect(classifyGenericError(500, { error: { code: 'OPTOUT' } }, gateway)).toMatchObject({ kind: 'permanent', reason: 'opted_out' });
	});

	it('a 500 can be declared ambiguous (a reseller that may have sent it)', () => {
		const careful = prepare({ retryableStatuses: [429, 503], ambiguousStatuses: [500] });
		expect(classifyGenericError(500, '', careful).kind).toBe('ambiguous');
		expect(classifyGenericError(502, '', careful).kind).toBe('ambiguous');
		expect(classifyGenericError(503, '', careful).kind).toBe('retryable');
	});

	it('a plain-text error body becomes the message', () => {
		expect(classifyGenericError(400, 'ERR: invalid number', prepare()).message).toBe('ERR: invalid number');
	});
});

describe('Custom HTTP gateway: paths and auth', () => {
	it.each([
		['$.a.b', ['a', 'b']],
		['a.b[0].c', ['a', 'b', 0, 'c']],
		['messages.0.message-id', ['messages', 0, 'message-id']],
		['$["odd key"].x', ['odd key', 'x']],
	])('compilePath(%p)', (text, path) => {
		expect(compilePath(text)).toEqual(path);
	});

	it('readPath only follows own properties', () => {
		expect(readPath({ a: [{ b: 1 }] }, ['a', 0, 'b'])).toBe(1);
		expect(readPath({}, ['__proto__'])).toBeUndefined();
		expect(readPath({}, ['constructor', 'name'])).toBeUndefined();
		expect(readPath({ a: 'x' }, ['a', 'length'])).toBeUndefined();
	});

	it('describes where each auth mode puts the secret (for the credential layer)', () => {
		expect(genericAuthParts({ mode: 'basic' }, { user: 'u', password: 'p' })).toEqual({ headers: { Authorization: 'Basic dTpw' } });
		expect(genericAuthParts({ mode: 'bearer' }, { token: 't' })).toEqual({ headers: { Authorization: 'Bearer t' } });
		expect(genericAuthParts({ mode: 'header', name: 'X-API-Key' }, { value: 'v' })).toEqual({ headers: { 'X-API-Key': 'v' } });
		expect(genericAuthParts({ mode: 'query', name: 'api_key' }, { value: 'v' })).toEqual({ qs: { api_key: 'v' } });
		expect(genericAuthParts({ mode: 'none' }, {})).toEqual({});
	});

	it('the prepared gateway reads and classifies with its own mapping', () => {
		const gateway = genericAdapter.prepare({ baseUrl: BASE, ...LEGACY_ZENVIA });
		if (gateway instanceof InvalidSettingError) throw gateway;
		expect(gateway.channels).toEqual(['sms']);
		expect(gateway.parseSuccess(200, { sendSmsResponse: { statusCode: '00' } }).status).toBe('sent');
		expect(gateway.parseSuccess(200, { sendSmsResponse: { statusCode: '10', detailCode: '010' } }).status).toBe('failed');
		expect(gateway.classifyError(401, '').kind).toBe('fatal_credential');
	});
});
