import { InvalidValueError } from '../../../nodes/core/errors';
import {
	currencyRules,
	divideCeil,
	divideFloor,
	divideHalfUp,
	formatMinor,
	fromMinor,
	MAX_MAJOR_AMOUNT,
	mulDivHalfUp,
	plainDecimal,
	toMinor,
} from '../../../nodes/core/payments/minorUnits';
import { compareRates, parsePercent, percentText } from '../../../nodes/core/payments/rates';
import { prng, randomInt } from './prng';

describe('currency rules', () => {
	it.each([
		['BRL', 2],
		['MXN', 2],
		['USD', 2],
		['JPY', 0],
		['CLP', 0],
		['KWD', 3],
		['brl', 2],
		[' usd ', 2],
	])('%p has %d decimals', (code, digits) => {
		expect(currencyRules(code).digits).toBe(digits);
		expect(currencyRules(code).code).toBe(code.trim().toUpperCase());
	});

	it.each(['XXX', 'XTS', 'XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'ABC', 'EURO', 'R$', ''])('refuses %p as a currency without minor units rules', (code) => {
		expect(() => currencyRules(code)).toThrow(InvalidValueError);
		if (code.trim() !== '') expect(() => currencyRules(code)).toThrow(/currency without minor units rules/);
	});

	it.each([null, undefined, 986, {}])('refuses %p', (code) => {
		expect(() => currencyRules(code)).toThrow(InvalidValueError);
	});
});

describe('toMinor', () => {
	it.each([
		[1035.33, 'BRL', 103533],
		['1035.33', 'BRL', 103533],
		['1.035,33', 'BRL', 103533],
		['R$ 1.035,33', 'BRL', 103533],
		[0.1 + 0.2, 'BRL', 30], // 0.30000000000000004: binary noise past the 15th digit is dropped
		[1.1 * 3, 'USD', 330], // 3.3000000000000003
		[-5, 'BRL', -500],
		[0, 'BRL', 0],
		[1234, 'JPY', 1234],
		[1.234, 'KWD', 1234],
		[0.005, 'KWD', 5],
		[MAX_MAJOR_AMOUNT, 'BRL', 100_000_000_000_000],
		[999_999_999_999.999, 'KWD', 999_999_999_999_999],
	])('%p %s → %d', (amount, currency, minor) => {
		expect(toMinor(amount, currency)).toBe(minor);
	});

	it.each([
		[1.005, 'BRL', /more decimals than BRL allows \(2\)/],
		['12,345', 'USD', null], // "12,345" is twelve thousand three hundred and forty-five (money.ts), so accepted
		[10.5, 'JPY', /more decimals than JPY allows \(0\)/],
		[0.0001, 'KWD', /more decimals than KWD allows \(3\)/],
		[1e-7, 'BRL', /0\.0000001 has more decimals/],
		[MAX_MAJOR_AMOUNT + 0.01, 'BRL', /above the largest amount/],
		[-2e12, 'BRL', /above the largest amount/],
		['abc', 'BRL', /not an amount/],
		[Number.NaN, 'BRL', /not an amount/],
	])('%p %s is an error (or accepted when no message)', (amount, currency, message) => {
		if (message === null) {
			expect(toMinor(amount, currency)).toBe(1_234_500);
			return;
		}
		expect(() => toMinor(amount, currency)).toThrow(InvalidValueError);
		expect(() => toMinor(amount, currency)).toThrow(message);
	});

	it('refuses a currency without minor units rules', () => {
		expect(() => toMinor(10, 'XXX')).toThrow(/currency without minor units rules/);
	});

	it('round-trips 10,000 random amounts exactly, as numbers and as text, in 0, 2 and 3 decimal currencies', () => {
		const random = prng(17);
		const problems: string[] = [];
		for (const currency of ['BRL', 'JPY', 'KWD']) {
			const max = MAX_MAJOR_AMOUNT * currencyRules(currency).scale;
			for (let i = 0; i < 10_000; i++) {
				const minor = i % 10 === 0 ? max - randomInt(random, 0, 1000) : randomInt(random, -1_000_000_000, 1_000_000_000);
				if (toMinor(fromMinor(minor, currency), currency) !== minor) problems.push(`${minor} ${currency} as a number`);
				if (toMinor(formatMinor(minor, currency), currency) !== minor) problems.push(`${minor} ${currency} as text`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('reads "1.234" as 1.234 in a three-decimal currency, and as 1234 in the others (money.ts convention)', () => {
		expect(toMinor('1.234', 'KWD')).toBe(1234);
		expect(toMinor('1.234', 'BRL')).toBe(123_400);
		expect(toMinor('1.234', 'JPY')).toBe(1234);
	});
});

describe('fromMinor and formatMinor', () => {
	it.each([
		[103533, 'BRL', 1035.33, '1035.33'],
		[5, 'BRL', 0.05, '0.05'],
		[-5, 'BRL', -0.05, '-0.05'],
		[0, 'BRL', 0, '0.00'],
		[1234, 'JPY', 1234, '1234'],
		[5, 'KWD', 0.005, '0.005'],
		[100_000_000_000_000, 'USD', 1e12, '1000000000000.00'],
	])('%d %s → %d / %p', (minor, currency, major, text) => {
		expect(fromMinor(minor, currency)).toBe(major);
		expect(formatMinor(minor, currency)).toBe(text);
	});

	it('refuses a fractional number of minor units', () => {
		expect(() => fromMinor(1.5, 'BRL')).toThrow(RangeError);
	});

	it('writes numbers without exponents', () => {
		expect(plainDecimal(1e-7)).toBe('0.0000001');
		expect(plainDecimal(1.5e-7)).toBe('0.00000015');
		expect(plainDecimal(1e21)).toBe('1000000000000000000000');
		expect(plainDecimal(-2.5e-8)).toBe('-0.000000025');
		expect(plainDecimal(123.45)).toBe('123.45');
	});
});

describe('integer rounding', () => {
	it.each([
		[5n, 2n, 3n, 2n, 3n],
		[-5n, 2n, -3n, -3n, -2n],
		[4n, 3n, 1n, 1n, 2n],
		[5n, 3n, 2n, 1n, 2n],
		[-4n, 3n, -1n, -2n, -1n],
		[6n, 3n, 2n, 2n, 2n],
		[0n, 7n, 0n, 0n, 0n],
	])('%d / %d: half-up %d, floor %d, ceil %d', (n, d, halfUp, floor, ceil) => {
		expect(divideHalfUp(n, d)).toBe(halfUp);
		expect(divideFloor(n, d)).toBe(floor);
		expect(divideCeil(n, d)).toBe(ceil);
	});

	it('multiplies beyond 2^53 exactly before rounding once', () => {
		// 999,999,999,999,999 × 123 = 122,999,999,999,999,877 (above 2^53); / 1000 = 122,999,999,999,999.877 → 123,000,000,000,000.
		expect(mulDivHalfUp(999_999_999_999_999, 123n, 1000n)).toBe(123_000_000_000_000);
		// The same product as a double is not exact any more: doubles that large are multiples of 16.
		expect(BigInt(999_999_999_999_999 * 123)).not.toBe(122_999_999_999_999_877n);
		const random = prng(5);
		for (let i = 0; i < 2000; i++) {
			const minor = randomInt(random, 0, 999_999_999_999_999);
			const num = BigInt(randomInt(random, 1, 1_000_000));
			const den = BigInt(randomInt(random, 1, 1_000_000));
			const exact = BigInt(minor) * num;
			const q = exact / den;
			const expected = 2n * (exact % den) >= den ? q + 1n : q;
			if (expected <= BigInt(Number.MAX_SAFE_INTEGER)) expect(mulDivHalfUp(minor, num, den)).toBe(Number(expected));
			else expect(() => mulDivHalfUp(minor, num, den)).toThrow(RangeError);
		}
	});
});

describe('percentages', () => {
	it.each([
		[2, '2'],
		['2', '2'],
		['2%', '2'],
		[' 2 % ', '2'],
		['2,5 %', '2.5'],
		['2.5', '2.5'],
		[0.5, '0.5'],
		['0,5', '0.5'],
		['0.02%', '0.02'],
		[0, '0'],
		['0%', '0'],
		[100, '100'],
		[0.1, '0.1'],
	])('%p reads as %s%%', (value, text) => {
		expect(percentText(parsePercent(value))).toBe(text);
	});

	it('keeps the exact fraction', () => {
		expect(parsePercent('2%')).toEqual({ num: 1n, den: 50n });
		expect(parsePercent('2,5%')).toEqual({ num: 1n, den: 40n });
		expect(parsePercent(0.5)).toEqual({ num: 1n, den: 200n });
		expect(compareRates(parsePercent('2%'), parsePercent(2))).toBe(0);
		expect(compareRates(parsePercent('2%'), parsePercent('2.01%'))).toBe(-1);
	});

	it.each([
		['0.02', /ambiguous: it could be 2% written as a fraction, or 0\.02%/],
		[0.05, /ambiguous/],
		['0,099', /ambiguous/],
		[-1, /negative/],
		['-2%', /negative/],
		['101', /above 100%/],
		['abc', /not a percentage/],
		['2%%', /not a percentage/],
		[Number.POSITIVE_INFINITY, /not a percentage/],
		[null, /no percentage/],
		[[2], /list is not a percentage/],
	])('refuses %p', (value, message) => {
		expect(() => parsePercent(value)).toThrow(InvalidValueError);
		expect(() => parsePercent(value)).toThrow(message);
	});

	it('honours a lower maximum', () => {
		expect(() => parsePercent('60', { maxPercent: 50 })).toThrow(/above 50%/);
	});
});
