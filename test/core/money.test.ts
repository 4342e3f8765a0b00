import { consolidationMember, groupByDebtor } from '../../nodes/core/consolidate';
import { InvalidFieldError, InvalidValueError } from '../../nodes/core/errors';
import { amountOrError, parseAmount, roundMoney } from '../../nodes/core/money';

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
	});
});
