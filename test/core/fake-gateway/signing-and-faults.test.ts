import { createHmac } from 'node:crypto';

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

import { SUFFIX_TABLE, countSegments, metaJson, metaSignature, parseFault, suffixFault, twilioSignature } from '../../fake-gateway';

describe('webhook signatures against the known vectors (gateways.md §10)', () => {
	it('Twilio: token 12345 over the documented URL and params gives 0/KCTR6DLpKmkAf8muzZqo1nDgQ=', () => {
		const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
		expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
	});

	it('Twilio: the signature changes with the token, the URL and any parameter', () => {
		const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
		const base = twilioSignature('tok', 'http://127.0.0.1/cb?ref=a', params);
		expect(twilioSignature('tok2', 'http://127.0.0.1/cb?ref=a', params)).not.toBe(base);
		expect(twilioSignature('tok', 'http://127.0.0.1/cb?ref=b', params)).not.toBe(base);
		expect(twilioSignature('tok', 'http://127.0.0.1/cb?ref=a', { ...params, MessageStatus: 'failed' })).not.toBe(base);
	});

	it('Twilio: parameters are sorted by name and array values de-duplicated and sorted', () => {
		const expected = createHmac('sha1', 't').update('http://x/cbA1A2B1').digest('base64');
		expect(twilioSignature('t', 'http://x/cb', { B: '1', A: ['2', '1', '2'] })).toBe(expected);
	});

	it('Meta: HMAC-SHA256("secret", "test") is the documented 0329a06b… vector', () => {
		expect(metaSignature('secret', 'test')).toBe('sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914');
	});

	it('Meta: JSON is written with non-ASCII escaped as \\uXXXX (the exact bytes that get signed)', () => {
		const body = metaJson({ text: 'cobrança não paga 😀' });
		expect(body).toBe('{"text":"cobran\\u00e7a n\\u00e3o paga \\ud83d\\ude00"}');
		expect(JSON.parse(body)).toEqual({ text: 'cobrança não paga 😀' });
		expect(/^[ -~]*$/.test(body)).toBe(true);
	});
});

describe('fault grammar and magic suffix table', () => {
	it('reads names, numeric aliases and parameters', () => {
		expect(parseFault('429')).toEqual({ kind: 'rate_limit' });
		expect(parseFault('130429')).toEqual({ kind: 'rate_limit' });
		expect(parseFault('131056')).toEqual({ kind: 'pair_rate_limit' });
		expect(parseFault('503;burst=2')).toEqual({ kind: 'server_error', status: 503, burst: 2 });
		expect(parseFault('hang; ms=250')).toEqual({ kind: 'hang', ms: 250 });
		expect(parseFault('rate_limit;retryAfter=3')).toEqual({ kind: 'rate_limit', retryAfter: 3 });
		expect(parseFault('21610')).toEqual({ kind: 'opt_out' });
		expect(parseFault('63016')).toEqual({ kind: 'window_closed' });
		expect(parseFault({ kind: 'undeliverable' })).toEqual({ kind: 'undeliverable' });
	});

	it('refuses unknown faults and parameters with a message that lists the choices', () => {
		expect(() => parseFault('teapot')).toThrow(/Unknown fault 'teapot'.*rate_limit/);
		expect(() => parseFault('429;color=red')).toThrow(/Unknown fault parameter 'color'/);
		expect(() => parseFault('hang;ms=soon')).toThrow(/needs a number/);
	});

	it('maps recipient digits ending in 0000 + code, and only those', () => {
		expect(suffixFault('5511900000429')).toEqual({ kind: 'rate_limit' });
		expect(suffixFault('5511900000503')).toEqual({ kind: 'server_error', status: 503 });
		expect(suffixFault('5511900001610')).toEqual({ kind: 'opt_out' });
		expect(suffixFault('5511900001047')).toEqual({ kind: 'window_closed' });
		expect(suffixFault('5511900002329')).toEqual({ kind: 'rate_limit', burst: 3 });
		expect(suffixFault('5511900002203')).toEqual({ kind: 'server_error', status: 503, burst: 2 });
		expect(suffixFault('5511900002100')).toEqual({ kind: 'hang', burst: 1 });
		// An ordinary number that merely ends in a code is not a fault number.
		expect(suffixFault('5511987650429')).toBeUndefined();
		expect(suffixFault('5511900009999')).toBeUndefined();
		expect(suffixFault('5511900002029')).toBeUndefined();
	});

	it('every magic number is a valid Brazilian mobile, so the Send node does send it', () => {
		const codes = [...Object.keys(SUFFIX_TABLE), '2129', '2929', '2103', '2900'];
		for (const code of codes) {
			const phone = parsePhoneNumberFromString(`+55119${'0000'}${code}`);
			expect([code, phone?.isValid(), phone?.getType()]).toEqual([code, true, 'MOBILE']);
			expect(suffixFault(`55119${'0000'}${code}`)).toBeDefined();
		}
	});
});

describe('SMS segment count used in Twilio and Infobip replies', () => {
	it('counts GSM-7 (160/153, extension chars as 2) and UCS-2 (70/67)', () => {
		expect(countSegments('a'.repeat(160))).toBe(1);
		expect(countSegments('a'.repeat(161))).toBe(2);
		expect(countSegments('a'.repeat(307))).toBe(3);
		expect(countSegments('€'.repeat(80))).toBe(1);
		expect(countSegments('€'.repeat(81))).toBe(2);
		expect(countSegments('ã'.repeat(70))).toBe(1);
		expect(countSegments('ã'.repeat(71))).toBe(2);
		expect(countSegments('😀'.repeat(35))).toBe(1);
		expect(countSegments('😀'.repeat(36))).toBe(2);
	});
});
