import { consolidationMember, groupByDebtor } from '../../nodes/core/consolidate';
import { InvalidFieldError, InvalidValueError } from '../../nodes/core/errors';
import { MAX_AMOUNT, amountOrError, currencyDigits, currencyProblem, minorUnitsProblem, parseAmount, roundMoney } from '../../nodes/core/money';

describe('parseAmount', () => {
	it.each([
		[1234.56, 1234.56],
		['1234.56', 1234.56],
		['1.234,56', 1234.56],
		['1,234.56', 1234.56],
		['R$ 1.234,56', 1234.56],
		['R$\u00a01.234,56', 1234.56],
		['$1,234.56', 1234.56],
		['MX$ 1,234.56', 1234.56],
		['1,234.56 MXN', 1234.56],
		['USD 99.90', 99.9],
		['€ 12,50', 12.5],
		['89,90', 89.9],
		['1.234', 1234],
		['1,234', 1234],
		['1.234.567,89', 1234567.89],
		['12', 12],
		['0', 0],
		['-5', -5],
		['R$ -5', -5],
	])('%p → %d', (input, expected) => {
		expect(parseAmount(input)).toBeCloseTo(expected, 10);
	});

	it.each(['abc', '', '1.2.3,4,5', '12,34,56', '1..2', '$', 'R$ 1.23,4', '12abc'])('rejects %p', (input) => {
		expect(() => parseAmount(input)).toThrow(InvalidValueError);
	});

	it.each([Number.NaN, Infinity, Number('1e309'), null, undefined, {}, [], true])('rejects %p', (input) => {
		expect(amountOrError(input)).toBeInstanceOf(InvalidValueError);
	});

	it('rounds money to cents', () => {
		expect(roundMoney(0.1 + 0.2)).toBe(0.3);
		expect(roundMoney(1.005)).toBe(1.01);
	});
});

describe('amounts that cannot be real money', () => {
	it.each([1e308, 1e13, -1e13, 1e12 + 1, Number.MAX_VALUE, '10.000.000.000.000,00', '1,000,000,000,001'])('refuses %p: beyond the largest amount accepted', (value) => {
		const result = amountOrError(value);
		expect(result).toBeInstanceOf(InvalidValueError);
		expect((result as InvalidValueError).problem).toBe('is beyond the largest amount accepted (1,000,000,000,000)');
	});

	it('accepts the largest amount itself, and its minor units stay exact integers', () => {
		expect(parseAmount(MAX_AMOUNT)).toBe(1e12);
		expect(parseAmount('1.000.000.000.000,00')).toBe(1e12);
		expect(Number.isSafeInteger(MAX_AMOUNT * 1000)).toBe(true);
	});

	it.each([
		['BRL', 2],
		['MXN', 2],
		['USD', 2],
		['JPY', 0],
		['CLP', 0],
		['KWD', 3],
	])('knows the minor unit of %s (%d decimals)', (code, digits) => {
		expect(currencyDigits(code)).toBe(digits);
		expect(currencyProblem(code)).toBeUndefined();
	});

	it.each([
		['XXX', 'is ISO 4217\'s code for "no currency"'],
		['XAU', 'is not the code of a currency money can be in'],
		['XTS', 'is not the code of a currency money can be in'],
		['ABC', 'is not the code of a currency money can be in'],
		['R$', 'is not a currency code'],
		['BRLX', 'is not a currency code'],
	])('refuses the currency %p', (code, problem) => {
		expect(currencyDigits(code)).toBeUndefined();
		expect(currencyProblem(code)?.problem).toBe(problem);
	});

	it.each([
		[104.33, 'BRL'],
		[0.1 + 0.2, 'BRL'],
		[1234.56, 'BRL'],
		[999999999999.99, 'BRL'],
		[1500, 'JPY'],
		[12.345, 'KWD'],
		[10.5, null],
	])('%p %p is a whole number of minor units', (amount, currency) => {
		expect(minorUnitsProblem(amount, currency)).toBeUndefined();
	});

	it.each([
		[104.333, 'BRL', 'has more decimal places than BRL has (2 decimal places)'],
		[0.001, 'USD', 'has more decimal places than USD has (2 decimal places)'],
		[1500.5, 'JPY', 'has more decimal places than JPY has (whole units)'],
		[12.3456, 'KWD', 'has more decimal places than KWD has (3 decimal places)'],
		[10.555, '', 'has more decimal places than money has (2 decimal places)'],
	])('%p %p is not: %s', (amount, currency, problem) => {
		expect(minorUnitsProblem(amount, currency)?.problem).toBe(problem);
	});
});

describe('consolidation', () => {
	const fields = { customerId: 'customerId', amount: 'amount', currency: 'currency' };

	it('groups open invoices per customer and currency, oldest due first, in input order', () => {
		const members = [
			consolidationMember({ customerId: 'C1', amount: '100,00', currency: 'brl' }, fields, 0, 20),
			consolidationMember({ customerId: 'C2', amount: 50, currency: 'USD' }, fields, 1, 15),
			consolidationMember({ customerId: 'C1', amount: 'R$ 1.000,10', currency: 'BRL' }, fields, 2, 10),
			consolidationMember({ customerId: 'C1', amount: 5, currency: 'USD' }, fields, 3, 5),
			consolidationMember({ customerId: ' C1 ', amount: 0.2, currency: 'BRL' }, fields, 4, 10),
		];
		const groups = groupByDebtor(members);
		expect(groups.map((g) => [g.customerId, g.currency, g.members.map((m) => m.index), g.total])).toEqual([
			['C1', 'BRL', [2, 4, 0], 1100.3],
			['C2', 'USD', [1], 50],
			['C1', 'USD', [3], 5],
		]);
	});

	it('names the field when the customer id or amount is unusable', () => {
		expect(() => consolidationMember({ customerId: '', amount: 1, currency: 'BRL' }, fields, 0, 0)).toThrow(
			"Field 'customerId' is empty: is needed to consolidate invoices per debtor",
		);
		expect(() => consolidationMember({ customerId: 'C', amount: 'abc', currency: 'BRL' }, fields, 0, 0)).toThrow(InvalidFieldError);
		expect(() => consolidationMember({ customerId: 'C', amount: 'R$ -5', currency: 'BRL' }, fields, 0, 0)).toThrow(
			"Field 'amount' has the value \"R$ -5\": is negative",
		);
		expect(() => consolidationMember({ customerId: 'C', amount: 1e308, currency: 'BRL' }, fields, 0, 0)).toThrow(
			"Field 'amount' has the value 1e+308: is beyond the largest amount accepted (1,000,000,000,000)",
		);
		expect(() => consolidationMember({ customerId: 'C', amount: 10.555, currency: 'USD' }, fields, 0, 0)).toThrow(
			'has more decimal places than USD has (2 decimal places)',
		);
	});
});
