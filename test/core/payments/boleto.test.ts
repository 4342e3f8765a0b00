import { dayNumber, isoDate } from '../../../nodes/core/dates';
import { InvalidValueError } from '../../../nodes/core/errors';
import {
	bankMod11,
	boletoDueDate,
	boletoFactor,
	formatBoletoLine,
	mod10,
	parseBoletoLine,
	utilityMod11,
} from '../../../nodes/core/payments/boleto';
import { prng, randomInt } from './prng';

const day = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return dayNumber(y, m, d);
};

// ---------------------------------------------------------------------------------------------
// An independent implementation of the FEBRABAN rules, written differently from the code under
// test (lookup table for doubled digits, weights from the index, dates through Date.UTC), used
// to build test vectors.

const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
const reversedDigits = (s: string) => Array.from(s).reverse().map(Number);
const refMod10 = (s: string) => (10 - (reversedDigits(s).reduce((sum, d, i) => sum + (i % 2 === 0 ? DOUBLED[d] : d), 0) % 10)) % 10;
const weightedMod11 = (s: string) => reversedDigits(s).reduce((sum, d, i) => sum + d * (2 + (i % 8)), 0) % 11;
const refBankMod11 = (s: string) => {
	const dv = 11 - weightedMod11(s);
	return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
};
const refUtilityMod11 = (s: string) => {
	const r = weightedMod11(s);
	return r === 0 || r === 1 ? 0 : 11 - r;
};
const MS_PER_DAY = 86_400_000;
const refFactor = (iso: string) => {
	const days = (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1997, 9, 7)) / MS_PER_DAY;
	return ((days - 1000) % 9000) + 1000;
};

/** A bank boleto line from its parts, check digits computed by the reference functions. */
function bankLine(bank: string, currency: string, factor: string, cents: string, free: string): string {
	const value = factor + cents.padStart(10, '0');
	const general = refBankMod11(bank + currency + value + free);
	const f1 = bank + currency + free.slice(0, 5);
	const f2 = free.slice(5, 15);
	const f3 = free.slice(15, 25);
	return `${f1}${refMod10(f1)}${f2}${refMod10(f2)}${f3}${refMod10(f3)}${general}${value}`;
}

/** A utility (arrecadação) line: 8, segment, value type, general digit, 40 more digits; blocks of 11 + digit. */
function utilityLine(segment: string, valueType: string, cents: string, rest29: string): string {
	const digit = valueType === '6' || valueType === '7' ? refMod10 : refUtilityMod11;
	const body = `8${segment}${valueType}`;
	const after = cents.padStart(11, '0') + rest29;
	const barcode = body + digit(body + after) + after;
	return [0, 1, 2, 3].map((b) => barcode.slice(b * 11, b * 11 + 11) + digit(barcode.slice(b * 11, b * 11 + 11))).join('');
}

const FREE = '1234567890123456789012345';

describe('check digit rules against the reference implementation', () => {
	it('agrees on 5,000 random digit strings', () => {
		const random = prng(47);
		for (let i = 0; i < 5000; i++) {
			const digits = Array.from({ length: randomInt(random, 1, 43) }, () => String(randomInt(random, 0, 9))).join('');
			expect(mod10(digits)).toBe(refMod10(digits));
			expect(bankMod11(digits)).toBe(refBankMod11(digits));
			expect(utilityMod11(digits)).toBe(refUtilityMod11(digits));
		}
	});

	it('matches hand-worked digits', () => {
		// 001900000: from the right 0×2 0×1 0×2 0×1 0×2 9×1 1×2 0×1 0×2 → 0+…+9+2 = 11 → 9
		expect(mod10('001900000')).toBe(9);
		// 83640000001 from the right: 1×2 = 2, five zeros, 0×2, 4×1 = 4, 6×2 = 12 → 1+2 = 3, 3×1 = 3, 8×2 = 16 → 7; 19 → 1
		expect(mod10('83640000001')).toBe(1);
		// 5555555555: 5×(2+3+4+5+6+7+8+9+2+3) = 245; 245 mod 11 = 3 → 11 − 3 = 8
		expect(bankMod11('5555555555')).toBe(8);
		expect(utilityMod11('5555555555')).toBe(8);
	});
});

describe('due-date factor', () => {
	it.each([
		['2000-07-03', 1000],
		['2016-06-16', 6827],
		['2025-02-21', 9999],
		['2025-02-22', 1000],
		['2025-02-23', 1001],
		['2026-12-09', 1655],
		['2049-10-13', 9999],
		['2049-10-14', 1000],
	])('%s has factor %d', (iso, factor) => {
		expect(refFactor(iso)).toBe(factor);
		expect(boletoFactor(day(iso))).toBe(factor);
	});

	it.each([
		[1000, '2025-02-20', '2025-02-22'], // after the restart, not 2000-07-03
		[9999, '2025-02-10', '2025-02-21'], // the last day of the first cycle
		[9999, '2049-10-01', '2049-10-13'], // the last day of the second cycle
		[1000, '2049-10-20', '2049-10-14'], // the third cycle begins
		[6827, '2016-06-16', '2016-06-16'],
		[5000, '2026-06-01', '2036-02-05'], // 2011-06-16 is more than 3000 days before; 2036-02-05 within 5500 after
		[5000, '2019-06-01', '2011-06-16'], // 2011-06-16 is within 3000 days before 2019-06-01
		[1655, '2026-11-30', '2026-12-09'],
	])('factor %d read on %s is %s', (factor, reference, due) => {
		expect(isoDate(boletoDueDate(factor, day(reference)))).toBe(due);
	});

	it('refuses a factor with no date in the window (3000 days before to 5500 after)', () => {
		// Reference 2026-06-01: window 2018-03-15 to 2041-06-22. Factor 7164 names 2042-01-08 (5700 days after)
		// and 2017-05-23 (3300 days before): neither is in the window.
		expect(() => boletoDueDate(7164, day('2026-06-01'))).toThrow(
			/the due-date factor 7164 names no date between 2018-03-15 and 2041-06-22 \(3000 days before to 5500 days after 2026-06-01\)/,
		);
	});

	it.each([0, 1, 999, 10_000, 12.5])('refuses the factor %p', (factor) => {
		expect(() => boletoDueDate(factor, day('2026-06-01'))).toThrow(/is not used/);
	});
});

describe('bank boleto lines', () => {
	it('reads a published line (BoletoPhp, Bradesco): due 2016-06-16, R$ 289,90', () => {
		const line = '23791.10006 60000.000079 89010.200304 4 68270000028990';
		expect(parseBoletoLine(line, day('2016-06-10'))).toEqual({
			kind: 'bank',
			bank: '237',
			currencyCode: '9',
			factor: 6827,
			dueDate: '2016-06-16',
			amount: 289.9,
			barcode: '23794682700000289901100060000000078901020030',
			line: '23791100066000000007989010200304468270000028990',
		});
		expect(formatBoletoLine('23791100066000000007989010200304468270000028990')).toBe(line);
	});

	it.each([
		// brazilian-utils (Clojure) tests: Banco do Brasil, factor 3737 = 2007-12-31, R$ 1,00
		['00190500954014481606906809350314337370000000100', '2007-12-01', { bank: '001', dueDate: '2007-12-31', amount: 1 }],
		// boleto-validator tests: bank 212, factor 7587 = 2018-07-16, R$ 20,00
		['21290001192110001210904475617405975870000002000', '2018-07-01', { bank: '212', dueDate: '2018-07-16', amount: 20 }],
	])('reads a published line %s', (line, reference, expected) => {
		expect(parseBoletoLine(line, day(reference))).toMatchObject({ kind: 'bank', ...expected });
	});

	it.each([
		['before the restart', '2025-02-21', '2025-02-01', '123456'],
		['on the restart', '2025-02-22', '2025-02-01', '100'],
		['after the restart', '2026-12-09', '2026-11-30', '93180'],
		['in the next cycle', '2049-10-14', '2049-09-01', '99999999'],
	])('reads a line due %s (%s)', (_label, due, reference, cents) => {
		const line = bankLine('341', '9', String(refFactor(due)), cents, FREE);
		expect(parseBoletoLine(line, day(reference))).toMatchObject({
			kind: 'bank',
			bank: '341',
			dueDate: due,
			amount: Number(cents) / 100,
			barcode: line.slice(0, 4) + line[32] + line.slice(33) + line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31),
		});
	});

	it('reads a line without due date (factor 0000) or amount', () => {
		const line = bankLine('001', '9', '0000', '0', FREE);
		expect(parseBoletoLine(line, day('2026-11-30'))).toMatchObject({ factor: 0, dueDate: null, amount: 0 });
	});

	it('accepts spaces, dots and dashes, and reads 1,000 random valid lines', () => {
		const random = prng(3);
		for (let i = 0; i < 1000; i++) {
			const free = Array.from({ length: 25 }, () => String(randomInt(random, 0, 9))).join('');
			const due = isoDate(day('2025-02-22') + randomInt(random, 0, 5000));
			const cents = String(randomInt(random, 1, 9_999_999_999));
			const line = bankLine(String(randomInt(random, 1, 999)).padStart(3, '0'), '9', String(refFactor(due)), cents, free);
			const parsed = parseBoletoLine(formatBoletoLine(line), day(due) - randomInt(random, 0, 3000));
			expect(parsed).toMatchObject({ dueDate: due, line });
			expect(parsed.amount).toBe(Number(cents) / 100);
		}
	});

	const good = bankLine('341', '9', '1655', '93180', FREE);

	it.each([
		['field 1', 1, /field 1 \(digits 1-10\) ends in check digit \d but its digits give \d/],
		['field 2', 14, /field 2 \(digits 11-21\) ends in check digit/],
		['field 3', 25, /field 3 \(digits 22-32\) ends in check digit/],
		['field 1 check digit', 9, /field 1 \(digits 1-10\)/],
		['the general check digit', 32, /the general check digit \(field 4, digit 33\) is \d but the barcode gives \d/],
		['the amount', 46, /the general check digit \(field 4, digit 33\)/],
		['the factor', 34, /the general check digit/],
	])('names the wrong digit in %s', (_label, index, message) => {
		const wrong = good.slice(0, index) + String((Number(good[index]) + 1) % 10) + good.slice(index + 1);
		expect(() => parseBoletoLine(wrong, day('2026-11-30'))).toThrow(InvalidValueError);
		expect(() => parseBoletoLine(wrong, day('2026-11-30'))).toThrow(message);
	});

	it('names every wrong field at once: the illustrative line of the issue is not a valid boleto', () => {
		const illustrative = '00190.00009 01234.567891 23456.789012 3 45670000012345';
		expect(formatBoletoLine(illustrative.replace(/\D/g, ''))).toBe(illustrative);
		expect(() => parseBoletoLine(illustrative, day('2026-11-30'))).toThrow(
			/^the boleto line is wrong: field 2 \(digits 11-21\) ends in check digit 1 but its digits give \d; field 3 \(digits 22-32\) ends in check digit 2 but its digits give \d$/,
		);
	});

	it.each([
		[bankLine('341', '5', '1655', '93180', FREE), /currency code \(digit 4\) is 5; it must be 9 \(real\) or 0/],
		[bankLine('341', '9', '0500', '93180', FREE), /factor 0500 is not used/],
		['2379468270000028990110006000000007890102003', /has 43 digits; a bank boleto has 47/],
		['23794682700000289901100060000000078901020030', /44 digits is a boleto barcode/],
		['2379110006600000000798901020030446827000002899O', /characters other than digits/],
		[`${good}1`, /a 48-digit line is a utility or tax bill, which starts with 8/],
		[`8${good.slice(1)}`, /field 1 \(digits 1-10\) ends in check digit/],
		['', /no boleto line was given/],
		[null, /no boleto line was given/],
	])('refuses %p', (line, message) => {
		expect(() => parseBoletoLine(line, day('2026-11-30'))).toThrow(InvalidValueError);
		expect(() => parseBoletoLine(line, day('2026-11-30'))).toThrow(message);
	});
});

describe('utility and tax bill lines (arrecadação, 48 digits)', () => {
	it.each([
		// boleto-validator (Filipe Tagliatti) examples, mod 10 and mod 11
		['83640000001-1 33120138000-2 81288462711-6 08013618155-1', { segment: '3', amount: 133.12, barcode: '83640000001331201380008128846271108013618155' }],
		['85890000460-9 52460179160-5 60759305086-5 83148300001-0', { segment: '5', amount: 46_052.46 }],
		['836000000015522801380034710717288116000212965610', { segment: '3', amount: 152.28 }],
	])('reads a published line %s', (line, expected) => {
		expect(parseBoletoLine(line, day('2026-11-30'))).toMatchObject({ kind: 'utility', dueDate: null, ...expected });
	});

	it.each([
		['6', '12345', 123.45],
		['8', '12345', 123.45],
		['7', '12345', null],
		['9', '99', null],
	])('value type %s (amount %s) reads as %p', (valueType, cents, amount) => {
		const line = utilityLine('2', valueType, cents, '0'.repeat(4) + FREE);
		expect(parseBoletoLine(line, day('2026-11-30'))).toMatchObject({ kind: 'utility', segment: '2', amount });
		expect(formatBoletoLine(line)).toMatch(/^\d{11}-\d \d{11}-\d \d{11}-\d \d{11}-\d$/);
	});

	it('names the wrong block, and the general digit', () => {
		const line = utilityLine('3', '8', '12345', '0'.repeat(4) + FREE);
		const wrongBlock = line.slice(0, 15) + String((Number(line[15]) + 1) % 10) + line.slice(16);
		expect(() => parseBoletoLine(wrongBlock, day('2026-11-30'))).toThrow(/block 2 \(digits 13-24\) ends in check digit \d but its digits give \d/);
		// A wrong general digit with block digits recomputed around it.
		const blocks = [0, 1, 2, 3].map((b) => line.slice(b * 12, b * 12 + 11));
		blocks[0] = blocks[0].slice(0, 3) + String((Number(blocks[0][3]) + 1) % 10) + blocks[0].slice(4);
		const wrongGeneral = blocks.map((b) => b + refUtilityMod11(b)).join('');
		expect(() => parseBoletoLine(wrongGeneral, day('2026-11-30'))).toThrow(/the general check digit \(digit 4\) is \d but the barcode gives \d/);
		expect(() => parseBoletoLine(`${line.slice(0, 2)}5${line.slice(3)}`, day('2026-11-30'))).toThrow(/value type \(digit 3\) is 5; it must be 6, 7, 8 or 9/);
	});
});
