import { InvalidSettingError } from '../../../nodes/core/errors';
import {
	addQueryParameter,
	classifyTransportError,
	header,
	messageContent,
	parseRetryAfter,
	REASON_HINTS,
	REDACTED,
	redactRequest,
	whatsappLanguage,
} from '../../../nodes/core/gateways/common';
import { createGateway, GATEWAY_ADAPTERS, isGatewayFailure } from '../../../nodes/core/gateways/index';
import type { GatewayRequest } from '../../../nodes/core/gateways/types';

const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-23T12:00:00Z');

	it.each([
		['120', 120_000],
		['0', 0],
		[' 3 ', 3_000],
		['1.5', 1_500],
		['Mon, 23 Nov 2026 12:01:00 GMT', 60_000],
		['Mon, 23 Nov 2026 11:59:00 GMT', 0],
		['999999999', 24 * 3_600_000],
	])('%p → %i ms', (value, ms) => {
		expect(parseRetryAfter(value, now)).toBe(ms);
	});

	it.each([undefined, '', 'soon', '-5', '2026-13-45'])('%p → undefined', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('header', () => {
	it('finds a header whatever the case of its name, also as a list', () => {
		expect(header({ 'Retry-After': '5' }, 'retry-after')).toBe('5');
		expect(header({ 'retry-after': ['7', '8'] }, 'Retry-After')).toBe('7');
		expect(header({ 'x-count': 3 }, 'X-Count')).toBe('3');
		expect(header(undefined, 'retry-after')).toBeUndefined();
		expect(header({ other: 'x' }, 'retry-after')).toBeUndefined();
	});
});

describe('classifyTransportError', () => {
	it.each([
		['ECONNREFUSED', 'retryable', 'network'],
		['ENOTFOUND', 'retryable', 'network'],
		['EAI_AGAIN', 'retryable', 'network'],
		['CERT_HAS_EXPIRED', 'retryable', 'network'],
		['ETIMEDOUT', 'ambiguous', 'timeout'],
		['ECONNABORTED', 'ambiguous', 'timeout'],
		['ECONNRESET', 'ambiguous', 'timeout'],
		['EPIPE', 'ambiguous', 'timeout'],
	])('%s → %s %s (nothing sent before connecting; maybe sent after)', (code, kind, reason) => {
		const error = classifyTransportError({ code, message: `connect ${code} 127.0.0.1:4010` });
		expect(error).toMatchObject({ kind, reason, code, httpStatus: null });
	});

	it('an error without a code is ambiguous', () => {
		expect(classifyTransportError({ message: 'socket hang up' }).kind).toBe('ambiguous');
	});
});

describe('messageContent', () => {
	it('WhatsApp with a template sends the template; SMS sends the text even when a template is present', () => {
		const template = { name: 'lembrete', language: 'pt-br', parameters: [{ value: ' Ana ' }, { value: 12 as unknown as string }] };
		expect(messageContent({ channel: 'whatsapp', to: TO, text: 'preview', template }, 100)).toEqual({
			kind: 'template',
			template: { name: 'lembrete', language: 'pt_BR', parameters: [{ value: 'Ana' }, { value: '12' }], buttons: [] },
		});
		expect(messageContent({ channel: 'sms', to: TO, text: 'Oi', template }, 100)).toEqual({ kind: 'text', text: 'Oi' });
	});

	it('a template without a language fails', () => {
		const result = messageContent({ channel: 'whatsapp', to: TO, template: { name: 'x', language: '', parameters: [] } }, 100);
		expect(isGatewayFailure(result)).toBe(true);
	});
});

describe('whatsappLanguage', () => {
	it.each([
		['pt-BR', 'pt_BR'],
		['pt_br', 'pt_BR'],
		['es-MX', 'es_MX'],
		['es', 'es'],
		['EN', 'en'],
		['es-419', 'es_419'],
		['zh_Hant_TW', 'zh_Hant_TW'],
	])('%s → %s', (input, code) => {
		expect(whatsappLanguage(input)).toBe(code);
	});
});

describe('addQueryParameter', () => {
	it.each([
		['https://h.example.com/s', 'https://h.example.com/s?ref=a%2Fb'],
		['https://h.example.com/s?x=1', 'https://h.example.com/s?x=1&ref=a%2Fb'],
		['https://h.example.com/s?', 'https://h.example.com/s?ref=a%2Fb'],
		['https://h.example.com/s#rc=3', 'https://h.example.com/s?ref=a%2Fb#rc=3'],
	])('%s', (url, expected) => {
		expect(addQueryParameter(url, 'ref', 'a/b')).toBe(expected);
	});
});

describe('redactRequest (dry-run output, logs)', () => {
	const request: GatewayRequest = {
		provider: 'generic',
		method: 'POST',
		baseUrl: 'https://sms.example.com',
		path: '/send?api_key=s3cr3t-KEY&user=acme',
		url: 'https://sms.example.com/send?api_key=s3cr3t-KEY&user=acme',
		headers: { Accept: 'application/json', 'X-API-TOKEN': 'tok-123456', Authorization: 'Bearer abcdef', 'X-Client': 'n8n' },
		qs: { token: 'zzzz', page: '1', sig: 'p@ss w0rd' },
		body: { to: '5511987654321', text: 'Hello', nested: { password: 'hunter22', note: 'key is p@ss w0rd' }, list: ['p@ss w0rd'] },
		contentType: 'json',
		json: true,
		auth: { mode: 'query', name: 'sig' },
	};

	it('blanks secret-looking header, query and body fields and every known secret value', () => {
		const safe = redactRequest(request, { secrets: ['p@ss w0rd', 's3cr3t-KEY'] });
		expect(safe.headers).toEqual({ Accept: 'application/json', 'X-API-TOKEN': REDACTED, Authorization: REDACTED, 'X-Client': 'n8n' });
		expect(safe.qs).toEqual({ token: REDACTED, page: '1', sig: REDACTED });
		expect(safe.url).toBe(`https://sms.example.com/send?api_key=${encodeURIComponent(REDACTED)}&user=acme`);
		expect(safe.path).toBe(`/send?api_key=${encodeURIComponent(REDACTED)}&user=acme`);
		expect(safe.body).toEqual({
			to: '5511987654321',
			text: 'Hello',
			nested: { password: REDACTED, note: `key is ${REDACTED}` },
			list: [REDACTED],
		});
		const text = JSON.stringify(safe);
		for (const secret of ['p@ss w0rd', 's3cr3t-KEY', 'tok-123456', 'abcdef', 'hunter22', 'zzzz']) expect(text).not.toContain(secret);
	});

	it('does not touch the original request', () => {
		const before = JSON.stringify(request);
		redactRequest(request, { secrets: ['p@ss w0rd'] });
		expect(JSON.stringify(request)).toBe(before);
	});

	it('can mask phone numbers too', () => {
		const safe = redactRequest(request, { replacements: { '5511987654321': '5511*****4321' } });
		expect(safe.body?.to).toBe('5511*****4321');
	});

	it('removes URL-encoded forms of a secret', () => {
		const req: GatewayRequest = { ...request, url: 'https://x.example.com/?k=p%40ss%20w0rd', path: '/', qs: undefined, auth: undefined };
		expect(redactRequest(req, { secrets: ['p@ss w0rd'] }).url).toBe(`https://x.example.com/?k=${REDACTED}`);
	});
});

describe('createGateway', () => {
	it('prepares each provider once and reports bad settings as InvalidSettingError', () => {
		expect(Object.keys(GATEWAY_ADAPTERS).sort()).toEqual(['generic', 'infobip', 'meta', 'twilio', 'zenvia']);
		const cases = [
			createGateway('twilio', { accountSid: 'AC1', from: '+15005550006' }),
			createGateway('meta', { phoneNumberId: '1065' }),
			createGateway('zenvia', { smsFrom: 'acme' }),
			createGateway('infobip', { baseUrl: 'https://x.api.infobip.com', smsSender: 'InfoSMS' }),
			createGateway('generic', { baseUrl: 'https://sms.example.com' }),
		];
		for (const gateway of cases) {
			if (gateway instanceof InvalidSettingError) throw gateway;
			const channel = gateway.channels.includes('sms') ? 'sms' : 'whatsapp';
			const request = gateway.buildRequest({ channel, to: TO, text: 'Oi' });
			expect(isGatewayFailure(request)).toBe(false);
			expect(request).toMatchObject({ provider: gateway.provider, method: 'POST' });
		}
		expect(createGateway('infobip', { smsSender: 'x' } as never)).toBeInstanceOf(InvalidSettingError);
	});

	it('every reason has a hint for the operations team', () => {
		for (const [reason, hint] of Object.entries(REASON_HINTS)) {
			expect(hint.length).toBeGreaterThan(30);
			expect(reason).toMatch(/^[a-z_]+$/);
		}
	});
});
