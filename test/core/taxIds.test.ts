import { InvalidValueError } from '../../nodes/core/errors';
import { cnpjCheckDigits, cpfCheckDigits, parseCnpj, parseCpf, parseEin, parseRfc, parseTaxId } from '../../nodes/core/taxIds';
import { prng, randomInt } from './payments/prng';

/**
 * Independent check digits: character values by position in the ASCII run starting at '0' (so
 * A = 17, as the Receita Federal's "code minus 48" rule says), weights computed from the position.
 */
const ASCII_FROM_ZERO = '0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function refDigit(body: string, weightOf: (i: number) => number): number {
	const sum = Array.from(body).reduce((acc, c, i) => acc + ASCII_FROM_ZERO.indexOf(c) * weightOf(i), 0);
	return sum % 11 < 2 ? 0 : 11 - (sum % 11);
}
function refCnpj(base12: string): string {
	const d1 = refDigit(base12, (i) => ((11 - i) % 8) + 2);
	const d2 = refDigit(base12 + d1, (i) => ((12 - i) % 8) + 2);
	return `${d1}${d2}`;
}
function refCpf(base9: string): string {
	const d1 = refDigit(base9, (i) => 10 - i);
	const d2 = refDigit(base9 + d1, (i) => 11 - i);
	return `${d1}${d2}`;
}

describe('CPF', () => {
	it('computes the check digits by hand', () => {
		// 123456789: 1×10 + 2×9 + 3×8 + 4×7 + 5×6 + 6×5 + 7×4 + 8×3 + 9×2 = 210; 210 mod 11 = 1 → 0
		// 1234567890: 1×11 + 2×10 + … + 9×3 + 0×2 = 255; 255 mod 11 = 2 → 9
		expect(cpfCheckDigits('123456789')).toBe('09');
		// 529982247: 295 mod 11 = 9 → 2; then 347 mod 11 = 6 → 5
		expect(cpfCheckDigits('529982247')).toBe('25');
	});

	it.each([
		['123.456.789-09', '12345678909', '123.456.789-09'],
		['529.982.247-25', '52998224725', '529.982.247-25'],
		['52998224725', '52998224725', '529.982.247-25'],
		[' 012.345.678-90 ', '01234567890', '012.345.678-90'],
		[1234567890, '01234567890', '012.345.678-90'], // a spreadsheet number lost the leading zero
	])('%p is valid', (value, normalized, formatted) => {
		expect(parseCpf(value)).toEqual({ type: 'cpf', normalized, formatted, holder: 'person' });
	});

	it.each([
		['123.456.789-00', /is not a valid CPF: its check digits are 00 but the first nine digits give 09/],
		['111.111.111-11', /eleven equal digits are never issued/],
		['1234567890', /has 10 digits; a CPF has 11/],
		['123.456.789-0A', /characters other than digits/],
		['', /no CPF was given/],
		[null, /no CPF was given/],
	])('refuses %p', (value, message) => {
		expect(() => parseCpf(value)).toThrow(InvalidValueError);
		expect(() => parseCpf(value)).toThrow(message);
	});

	it('agrees with the reference on 2,000 random bases', () => {
		const random = prng(11);
		for (let i = 0; i < 2000; i++) {
			const base = Array.from({ length: 9 }, () => String(randomInt(random, 0, 9))).join('');
			expect(cpfCheckDigits(base)).toBe(refCpf(base));
		}
	});
});

describe('CNPJ, numeric and alphanumeric (from July 2026)', () => {
	it('computes the check digits by hand', () => {
		// 112223330001 × 5,4,3,2,9,8,7,6,5,4,3,2 = 102; 102 mod 11 = 3 → 8; with the 8, × 6,5,4,3,2,9,8,7,6,5,4,3,2 = 120 → 10 → 1
		expect(cnpjCheckDigits('112223330001')).toBe('81');
		// The Receita Federal / SERPRO example 12.ABC.345/01DE-35: values 1,2,17,18,19,3,4,5,0,1,20,21
		// × 5,4,3,2,9,8,7,6,5,4,3,2 = 459; 459 mod 11 = 8 → 3; then with 3 × 6,5,4,3,2,9,8,7,6,5,4,3,2 = 424; 424 mod 11 = 6 → 5
		expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
	});

	it.each([
		['11.222.333/0001-81', '11222333000181', '11.222.333/0001-81'],
		['11222333000181', '11222333000181', '11.222.333/0001-81'],
		['12.ABC.345/01DE-35', '12ABC34501DE35', '12.ABC.345/01DE-35'],
		['12.abc.345/01de-35', '12ABC34501DE35', '12.ABC.345/01DE-35'],
		[11222333000181, '11222333000181', '11.222.333/0001-81'],
	])('%p is valid', (value, normalized, formatted) => {
		expect(parseCnpj(value)).toEqual({ type: 'cnpj', normalized, formatted, holder: 'company' });
	});

	it.each([
		['11.222.333/0001-80', /check digits are 80 but the first twelve characters give 81/],
		['12.ABC.345/01DE-53', /check digits are 53 but the first twelve characters give 35/],
		['12.ABC.345/01DE-3A', /last two characters \(the check digits\) must be digits/],
		['00.000.000/0000-00', /fourteen equal digits are never issued/],
		['11.222.333/0001', /has 12 characters; a CNPJ has 14/],
		['11.222.333/0001-8#', /characters other than letters and digits/],
	])('refuses %p', (value, message) => {
		expect(() => parseCnpj(value)).toThrow(InvalidValueError);
		expect(() => parseCnpj(value)).toThrow(message);
	});

	it('agrees with the reference on 5,000 random alphanumeric bases, and keeps numeric ones unchanged', () => {
		const random = prng(13);
		const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
		for (let i = 0; i < 5000; i++) {
			const base = Array.from({ length: 12 }, () => chars[randomInt(random, 0, i % 2 === 0 ? 9 : chars.length - 1)]).join('');
			expect(cnpjCheckDigits(base)).toBe(refCnpj(base));
			expect(parseCnpj(base + refCnpj(base)).normalized).toBe(base + refCnpj(base));
		}
	});
});

describe('RFC (Mexico)', () => {
	it.each([
		['GODE561231GR8', 'person'],
		['gode 561231 gr8', 'person'],
		['XAXX010101000', 'person'], // the generic RFC for the general public
		['ABC010203AB9', 'company'],
		['A&C010203AB1', 'company'],
		['ÑAÑE800101AB1', 'person'],
		['GODE000229GR8', 'person'], // 29 February 2000
		['GODE561231GRA', 'person'],
	])('%p is a valid RFC of a %s', (value, holder) => {
		const normalized = value.replace(/\s/g, '').toUpperCase();
		expect(parseRfc(value)).toEqual({ type: 'rfc', normalized, formatted: normalized, holder });
	});

	it.each([
		['GODE561331GR8', /561331 is not a date \(YYMMDD\)/],
		['GODE010229GR8', /010229 is not a date/],
		['GODE560431GR8', /560431 is not a date/],
		['GOD3561231GR8', /the first 4 characters must be letters/],
		['GODE56123XGR8', /the date part \(YYMMDD\) must be six digits/],
		['GODE561231G_8', /the last three characters \(the homoclave\)/],
		['GODE561231GRB', /the last three characters \(the homoclave\) must be letters or digits, ending in a digit or A/],
		['GODE561231', /has 10 characters; an RFC has 13 \(person\) or 12 \(company\)/],
	])('refuses %p', (value, message) => {
		expect(() => parseRfc(value)).toThrow(InvalidValueError);
		expect(() => parseRfc(value)).toThrow(message);
	});
});

describe('EIN (United States)', () => {
	it.each([
		['12-3456789', '123456789', '12-3456789'],
		['123456789', '123456789', '12-3456789'],
		['01-0000001', '010000001', '01-0000001'],
		['99-9999999', '999999999', '99-9999999'],
		['46 1234567', '461234567', '46-1234567'],
	])('%p is valid', (value, normalized, formatted) => {
		expect(parseEin(value)).toEqual({ type: 'ein', normalized, formatted, holder: 'company' });
	});

	it.each(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97'])('refuses the unassigned prefix %s', (prefix) => {
		expect(() => parseEin(`${prefix}-1234567`)).toThrow(new RegExp(`the IRS does not assign the prefix ${prefix}`));
	});

	it.each(['12-345678', '123-45-6789', '12-34567890', 'AB-1234567'])('refuses %p', (value) => {
		expect(() => parseEin(value)).toThrow(/is not an EIN/);
	});
});

describe('recognising a tax id', () => {
	it.each([
		['529.982.247-25', undefined, 'cpf'],
		['11.222.333/0001-81', undefined, 'cnpj'],
		['12ABC34501DE35', undefined, 'cnpj'],
		['GODE561231GR8', undefined, 'rfc'],
		['ABC010203AB9', undefined, 'rfc'],
		['12-3456789', undefined, 'ein'],
		['52998224725', 'BR', 'cpf'],
		['11222333000181', 'BR', 'cnpj'],
		['GODE561231GR8', 'MX', 'rfc'],
		['12-3456789', 'US', 'ein'],
	] as const)('%p (%s) is a %s', (value, country, type) => {
		expect(parseTaxId(value, country).type).toBe(type);
	});

	it('refuses what it cannot recognise, and a tax id of the wrong country', () => {
		expect(() => parseTaxId('hello')).toThrow(/is not a CPF, CNPJ, RFC or EIN/);
		expect(() => parseTaxId('12-3456789', 'MX')).toThrow(/has 9 characters; an RFC has 13/);
	});
});
