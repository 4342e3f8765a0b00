import { InvalidFieldError, InvalidValueError } from '../../nodes/core/errors';
import {
	createPhoneNormalizer,
	formatPhoneFor,
	maskPhone,
	type NormalizedPhone,
	normalizePhone,
	PhoneError,
} from '../../nodes/core/phone';

function ok(value: unknown, options = {}): NormalizedPhone {
	const result = normalizePhone(value, options);
	if (result instanceof PhoneError) throw new Error(`expected a valid number, got: ${result.message}`);
	return result;
}

function fail(value: unknown, options = {}): PhoneError {
	const result = normalizePhone(value, options);
	if (!(result instanceof PhoneError)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
	return result;
}

describe('normalizePhone: Brazil (default country)', () => {
	it.each([
		['(11) 98765-4321', '+5511987654321'],
		['11 98765-4321', '+5511987654321'],
		['11987654321', '+5511987654321'],
		['+55 11 98765-4321', '+5511987654321'],
		['+55 (11) 9 8765-4321', '+5511987654321'],
		['5511987654321', '+5511987654321'],
		['0055 11 98765 4321', '+5511987654321'],
		['011 98765-4321', '+5511987654321'],
		['0 15 11 98765-4321', '+5511987654321'],
		['whatsapp:+5511987654321', '+5511987654321'],
		['+55 61 99876-5432', '+5561998765432'],
		['\u00a0+55\u00a021\u00a098765-4321 ', '+5521987654321'],
	])('%p → %s (mobile)', (input, e164) => {
		const phone = ok(input);
		expect(phone.e164).toBe(e164);
		expect(phone.digits).toBe(e164.slice(1));
		expect(phone.country).toBe('BR');
		expect(phone.type).toBe('mobile');
	});

	it('gives the national number without the trunk prefix', () => {
		expect(ok('(11) 98765-4321').national).toBe('11987654321');
	});

	it('reads a number stored as a spreadsheet number', () => {
		expect(ok(5511987654321).e164).toBe('+5511987654321');
		expect(ok(11987654321).e164).toBe('+5511987654321');
	});

	it.each([
		['(11) 3265-4321', '+551132654321'],
		['+55 21 2555-1234', '+552125551234'],
		['1132654321', '+551132654321'],
	])('%p is a landline: fine for SMS, refused for WhatsApp', (input, e164) => {
		const phone = ok(input, { channel: 'sms' });
		expect(phone.e164).toBe(e164);
		expect(phone.type).toBe('landline');
		const error = fail(input, { channel: 'whatsapp' });
		expect(error.problemCode).toBe('not_mobile');
		expect(error.reason).toBe('invalid_number');
		expect(error.problem).toContain('landline');
		expect(error.problem).toContain('Brazil');
		expect(error.problem).toContain('WhatsApp');
	});

	it('can refuse landlines for SMS too', () => {
		expect(fail('(11) 3265-4321', { channel: 'sms', requireMobile: true }).problemCode).toBe('not_mobile');
	});

	it('explains the old 8-digit mobile form (before the ninth digit)', () => {
		const error = fail('(11) 8765-4321');
		expect(error.problemCode).toBe('invalid');
		expect(error.problem).toContain('8-digit mobile');
		expect(error.hint).toContain('add a 9');
		expect(fail('+55 11 9123-4567').problemCode).toBe('invalid');
	});

	it('refuses an area code (DDD) that does not exist', () => {
		const error = fail('+55 20 98765-4321');
		expect(error.problemCode).toBe('invalid');
		expect(error.hint).toContain('DDD');
	});

	it('refuses toll-free numbers for WhatsApp', () => {
		expect(ok('0800 123 4567').type).toBe('toll_free');
		expect(fail('0800 123 4567', { channel: 'whatsapp' }).problem).toContain('toll-free');
	});
});

describe('normalizePhone: Mexico', () => {
	it.each([
		['+52 1 55 1234 5678', '+525512345678'],
		['+521 5512345678', '+525512345678'],
		['5215512345678', '+525512345678'],
		['whatsapp:+5215512345678', '+525512345678'],
		['+52 55 1234 5678', '+525512345678'],
		['+52 33 1234 5678', '+523312345678'],
	])('%p → %s (the obsolete 1 after +52 is dropped)', (input, e164) => {
		const phone = ok(input);
		expect(phone.e164).toBe(e164);
		expect(phone.country).toBe('MX');
		expect(phone.digits).toBe(e164.slice(1));
	});

	it.each([
		['55 1234 5678', '+525512345678'],
		['1 55 1234 5678', '+525512345678'],
		['044 55 1234 5678', '+525512345678'],
		['045 33 1234 5678', '+523312345678'],
		['01 55 1234 5678', '+525512345678'],
	])('with default country MX, %p → %s', (input, e164) => {
		expect(ok(input, { defaultCountry: 'MX' }).e164).toBe(e164);
	});

	it('keeps Mexican numbers usable for WhatsApp (mobile or landline cannot be told apart)', () => {
		expect(ok('+52 1 55 1234 5678', { channel: 'whatsapp' }).type).toBe('mobile_or_landline');
	});
});

describe('normalizePhone: United States and others', () => {
	it.each([
		['+1 415 555 2671', '+14155552671'],
		['+1 (415) 555-2671', '+14155552671'],
		['14155552671', '+14155552671'],
	])('%p → %s', (input, e164) => {
		const phone = ok(input);
		expect(phone.e164).toBe(e164);
		expect(phone.country).toBe('US');
		expect(phone.type).toBe('mobile_or_landline');
	});

	it('reads US numbers without country code with default country US', () => {
		expect(ok('(415) 555-2671', { defaultCountry: 'us' }).e164).toBe('+14155552671');
	});

	it('reads a 10-digit number as Brazilian by default (DDD 41 landline), not as a US number', () => {
		const phone = ok('4155552671');
		expect(phone.e164).toBe('+554155552671');
		expect(phone.type).toBe('landline');
	});

	it('refuses US toll-free numbers for WhatsApp', () => {
		const error = fail('+1 800 555 0199', { channel: 'whatsapp' });
		expect(error.problemCode).toBe('not_mobile');
		expect(error.problem).toContain('United States');
	});

	it('accepts Argentine and UK mobiles', () => {
		expect(ok('+54 9 11 1234 5678', { channel: 'whatsapp' }).e164).toBe('+5491112345678');
		expect(ok('+44 7911 123456', { channel: 'whatsapp' }).type).toBe('mobile');
	});
});

describe('normalizePhone: what is not a phone number', () => {
	it.each([
		['abc', 'letters'],
		['11 9876-ABCD', 'letters'],
		['+55 11 98765-4321 ext. 12', 'letters'],
		['call me', 'letters'],
		['11#98765', 'characters'],
		['+55 11 +98765', 'characters'],
		['123', 'too_short'],
		['+55 11', 'too_short'],
		['+55 11 98765 4321 0000', 'too_long'],
		['+999 1234567', 'unknown_country'],
		['', 'missing'],
		['   ', 'missing'],
		['---', 'missing'],
	])('%p: %s', (input, problemCode) => {
		const error = fail(input);
		expect(error).toBeInstanceOf(InvalidValueError);
		expect(error.problemCode).toBe(problemCode);
		expect(error.reason).toBe('invalid_number');
		expect(error.hint.length).toBeGreaterThan(10);
	});

	it.each([undefined, null, {}, ['11987654321'], true])('%p', (input) => {
		const error = fail(input);
		expect(['missing', 'not_text']).toContain(error.problemCode);
	});

	it('refuses a number that lost digits in a spreadsheet', () => {
		expect(fail(5.51198765432e20).problemCode).toBe('not_text');
		expect(fail(1.5).problemCode).toBe('not_text');
	});

	it('refuses an unknown default country', () => {
		expect(fail('11987654321', { defaultCountry: 'XX' }).problemCode).toBe('unknown_country');
	});

	it('never repeats the number in the message, so a masked output stays masked', () => {
		for (const input of ['(11) 8765-4321', '+55 20 98765-4321', '1132654321']) {
			const error = fail(input, { channel: 'whatsapp' });
			expect(error.message).not.toContain('8765');
			expect(error.message).not.toContain('4321');
		}
	});

	it('becomes a field error that names the field and value', () => {
		const error = fail('abc');
		const fieldError = InvalidFieldError.from('phone', 'abc', error);
		expect(fieldError.message).toBe(`Field 'phone' has the value "abc": ${error.problem}`);
	});
});

describe('formatPhoneFor', () => {
	it('gives each provider its format', () => {
		const phone = ok('(11) 98765-4321');
		expect(formatPhoneFor(phone, 'e164')).toBe('+5511987654321');
		expect(formatPhoneFor(phone, 'digits')).toBe('5511987654321');
		expect(formatPhoneFor(phone, 'national')).toBe('11987654321');
	});
});

describe('createPhoneNormalizer', () => {
	it('returns the same results as normalizePhone, parsing each raw value once', () => {
		const normalize = createPhoneNormalizer({ channel: 'whatsapp' });
		const first = normalize('(11) 98765-4321');
		expect(first).toEqual(normalizePhone('(11) 98765-4321', { channel: 'whatsapp' }));
		expect(normalize('(11) 98765-4321')).toBe(first);
		expect(normalize(5511987654321)).toEqual(first);
		expect(normalize('1132654321')).toBeInstanceOf(PhoneError);
		expect(normalize(undefined)).toBeInstanceOf(PhoneError);
	});
});

describe('maskPhone', () => {
	it.each([
		['+5511987654321', '+5511*****4321'],
		['+14155552671', '+14*****2671'],
		['+525512345678', '+5255****5678'],
		['(11) 98765-4321', '11*****4321'],
		['whatsapp:+5511987654321', '+5511*****4321'],
		[5511987654321, '5511*****4321'],
		['1234567', '*****67'],
		['1234', '****'],
		['', ''],
		[undefined, ''],
		[{}, ''],
	])('%p → %p', (input, masked) => {
		expect(maskPhone(input)).toBe(masked);
	});

	it('hides at least a third of the digits of any number, and keeps its length', () => {
		for (const e164 of ['+5511987654321', '+14155552671', '+447911123456', '+5491112345678', '+525512345678']) {
			const masked = maskPhone(e164);
			const hidden = (masked.match(/\*/g) ?? []).length;
			expect(hidden).toBeGreaterThanOrEqual(Math.ceil((e164.length - 1) / 3));
			expect(masked).toHaveLength(e164.length);
		}
	});
});
