import { buildBusinessCalendar, dayNumber } from '../../../nodes/core/dates';
import { InvalidFieldError, InvalidSettingError } from '../../../nodes/core/errors';
import { compoundInterest, debtAsOf, type DebtSettings, validateDebtSettings } from '../../../nodes/core/payments/debt';
import { toMinor } from '../../../nodes/core/payments/minorUnits';
import { parsePercent } from '../../../nodes/core/payments/rates';
import { prng, randomInt } from './prng';

const day = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return dayNumber(y, m, d);
};

const brazil: DebtSettings = {
	currency: 'BRL',
	lateFee: { value: '2%' },
	interestRate: '1%',
	charges: [{ name: 'Tarifa de cobrança', amount: '5,90' }],
};

describe('the debt as of a date, itemised (hand-worked)', () => {
	it('R$ 1.000,00 25 days overdue: 2% fee, 1% a month pro rata die, one charge', () => {
		// fee 1000.00 × 2% = 20.00; interest 1000.00 × 1% × 25/30 = 8.3333… → 8.33; total 1000 + 20 + 8.33 + 5.90 = 1034.23
		const debt = debtAsOf({ original: 'R$ 1.000,00', dueDate: day('2026-10-16'), asOf: day('2026-11-10') }, brazil);
		expect(debt).toMatchObject({
			currency: 'BRL',
			original: 1000,
			lateFee: 20,
			interest: 8.33,
			charges: [{ name: 'Tarifa de cobrança', amount: 5.9 }],
			total: 1034.23,
			asOf: '2026-11-10',
			dueDate: '2026-10-16',
			daysOverdue: 25,
			minor: { original: 100_000, lateFee: 2000, interest: 833, charges: [590], total: 103_423 },
		});
		expect(debt.reasons).toEqual([
			'25 days overdue: due 2026-10-16, calculated 2026-11-10.',
			'Late fee: 2% of 1000.00 BRL = 20.00 BRL.',
			'Interest: 1% a month, simple, pro rata die: 1000.00 BRL × 1% × 25/30 = 8.33 BRL.',
			'Tarifa de cobrança: 5.90 BRL.',
			'Total: 1034.23 BRL.',
		]);
	});

	it('counts February 29 in a leap year and 28 in a common year (30-day months for the rate)', () => {
		const settings: DebtSettings = { currency: 'BRL', interestRate: 1 };
		// 2024-01-31 → 2024-03-01 is 30 days (February has 29): 1234.56 × 1% × 30/30 = 12.3456 → 12.35
		const leap = debtAsOf({ original: 1234.56, dueDate: day('2024-01-31'), asOf: day('2024-03-01') }, settings);
		expect([leap.daysOverdue, leap.interest, leap.total]).toEqual([30, 12.35, 1246.91]);
		// 2023-01-31 → 2023-03-01 is 29 days: 1234.56 × 1% × 29/30 = 11.93408 → 11.93
		const common = debtAsOf({ original: 1234.56, dueDate: day('2023-01-31'), asOf: day('2023-03-01') }, settings);
		expect([common.daysOverdue, common.interest, common.total]).toEqual([29, 11.93, 1246.49]);
		// Across a year end: 2025-12-15 → 2026-01-14 is 30 days.
		const yearEnd = debtAsOf({ original: 500, dueDate: day('2025-12-15'), asOf: day('2026-01-14') }, { currency: 'BRL', interestRate: '2%' });
		expect([yearEnd.daysOverdue, yearEnd.interest]).toEqual([30, 10]);
	});

	it('rounds half-up at the end of each line, where float arithmetic would round 2.195 down', () => {
		// 109.75 × 2% = 2.195 exactly → 2.20; as doubles 109.75 * 0.02 * 100 = 219.49999999999997 → 2.19
		const debt = debtAsOf({ original: 109.75, dueDate: day('2026-03-01'), asOf: day('2026-03-16') }, { currency: 'BRL', lateFee: { value: 2 } });
		expect(debt.lateFee).toBe(2.2);
		expect(Math.round(109.75 * 0.02 * 100) / 100).toBe(2.19); // what float arithmetic would have charged
		// 100.25 × 2% = 2.005 → 2.01; 101.00 × 1% × 15/30 = 0.505 exactly → 0.51
		expect(debtAsOf({ original: 100.25, dueDate: day('2026-03-01'), asOf: day('2026-03-16') }, { currency: 'BRL', lateFee: { value: 2 } }).lateFee).toBe(2.01);
		const interest = debtAsOf({ original: 101, dueDate: day('2026-03-01'), asOf: day('2026-03-16') }, { currency: 'BRL', interestRate: '1%' });
		expect(interest.interest).toBe(0.51);
	});

	it('adds several charges by name, in order', () => {
		const debt = debtAsOf(
			{ original: 250, dueDate: day('2026-05-04'), asOf: day('2026-05-05') },
			{
				currency: 'BRL',
				charges: [
					{ name: 'Tarifa de cobrança', amount: 3.5 },
					{ name: 'Custas de protesto', amount: '12,40' },
					{ name: 'Honorários', amount: 'R$ 25,00' },
				],
			},
		);
		expect(debt.charges).toEqual([
			{ name: 'Tarifa de cobrança', amount: 3.5 },
			{ name: 'Custas de protesto', amount: 12.4 },
			{ name: 'Honorários', amount: 25 },
		]);
		expect(debt.total).toBe(290.9);
		expect(debt.minor.total).toBe(29_090);
	});

	it('adds nothing to a debt that is not overdue, and says so', () => {
		const debt = debtAsOf({ original: 1000, dueDate: day('2026-12-01'), asOf: day('2026-12-01') }, brazil);
		expect(debt).toMatchObject({ lateFee: 0, interest: 0, charges: [], total: 1000, daysOverdue: 0 });
		expect(debt.reasons[0]).toBe('Not overdue: due 2026-12-01, calculated 2026-12-01; no late fee, interest or charges.');
	});

	it('lets a due date on a weekend be paid on the next business day, then counts from the due date', () => {
		const settings: DebtSettings = { ...brazil, businessDays: buildBusinessCalendar([day('2026-11-20')]) };
		// 2026-11-14 is a Saturday: payable until Monday 2026-11-16 without charges.
		const monday = debtAsOf({ original: 1000, dueDate: day('2026-11-14'), asOf: day('2026-11-16') }, settings);
		expect(monday.total).toBe(1000);
		expect(monday.reasons[0]).toMatch(/not a business day, so it can be paid until 2026-11-16/);
		const tuesday = debtAsOf({ original: 1000, dueDate: day('2026-11-14'), asOf: day('2026-11-17') }, settings);
		expect(tuesday.daysOverdue).toBe(3);
		expect(tuesday.lateFee).toBe(20);
		expect(tuesday.interest).toBe(1); // 1000 × 1% × 3/30
	});

	it('compounds monthly when asked: (1 + r)^(days/30) − 1 on the original', () => {
		const settings: DebtSettings = { currency: 'BRL', interestRate: '1%', interestMethod: 'compound' };
		// 60 days: 1000 × (1.01² − 1) = 1000 × 0.0201 = 20.10 exactly
		expect(debtAsOf({ original: 1000, dueDate: day('2026-01-01'), asOf: day('2026-03-02') }, settings).interest).toBe(20.1);
		// 45 days: 1000 × (1.01^1.5 − 1) = 1000 × 0.0150374377… = 15.0374 → 15.04
		expect(debtAsOf({ original: 1000, dueDate: day('2026-01-01'), asOf: day('2026-02-15') }, settings).interest).toBe(15.04);
		// 10 days: 1000 × (1.01^(1/3) − 1) = 3.3228… → 3.32 (less than simple 3.33)
		expect(debtAsOf({ original: 1000, dueDate: day('2026-01-01'), asOf: day('2026-01-11') }, settings).interest).toBe(3.32);
		// 400 days at 5%: 13 whole months exactly, the remaining 10 days through the series.
		const year = compoundInterest(1_234_567, parsePercent('5%'), 400);
		expect(Math.abs(year - 1_234_567 * (Math.pow(1.05, 400 / 30) - 1))).toBeLessThan(1);
	});

	it('agrees with floating point on compound interest to the cent for 2,000 random cases away from half-cent ties', () => {
		const random = prng(29);
		for (let i = 0; i < 2000; i++) {
			const original = randomInt(random, 1, 10_000_000_000);
			const ratePct = randomInt(random, 1, 1500) / 100;
			const days = randomInt(random, 1, 1500);
			const float = original * (Math.pow(1 + ratePct / 100, days / 30) - 1);
			if (Math.abs((float % 1) - 0.5) < 1e-3) continue; // too close to a tie for a double to decide
			expect(compoundInterest(original, parsePercent(`${ratePct}%`), days)).toBe(Math.round(float));
		}
	});

	it('works in currencies without and with three decimals', () => {
		// 10 000 JPY: fee 2.5% = 250; interest 1% × 10/30 = 33.33… → 33
		const yen = debtAsOf({ original: 10_000, dueDate: day('2026-06-01'), asOf: day('2026-06-11') }, { currency: 'JPY', country: 'JP', lateFee: { value: '2.5%' }, interestRate: 1 });
		expect([yen.lateFee, yen.interest, yen.total]).toEqual([250, 33, 10_283]);
		// 1.234 KWD × 2% = 0.02468 → 0.025
		const dinar = debtAsOf({ original: 1.234, dueDate: day('2026-06-01'), asOf: day('2026-06-02') }, { currency: 'KWD', lateFee: { value: 2 } });
		expect([dinar.lateFee, dinar.total]).toEqual([0.025, 1.259]);
	});

	it('keeps the total equal to the sum of its lines to the cent for 10,000 random debts', () => {
		const random = prng(41);
		const problems: string[] = [];
		for (let i = 0; i < 10_000; i++) {
			const settings: DebtSettings = {
				currency: 'BRL',
				lateFee: { value: `${randomInt(random, 0, 200) / 100}%` },
				interestRate: `${randomInt(random, 0, 1000) / 100}%`,
				interestMethod: random() < 0.5 ? 'simple' : 'compound',
				charges: [{ name: 'A', amount: randomInt(random, 0, 100_000) / 100 }, { name: 'B', amount: randomInt(random, 0, 5000) / 100 }],
			};
			const due = day('2026-01-01') + randomInt(random, 0, 365);
			const debt = debtAsOf({ original: randomInt(random, 1, 100_000_000_000) / 100, dueDate: due, asOf: due + randomInt(random, -10, 900) }, settings);
			const lines = debt.original + debt.lateFee + debt.interest + debt.charges.reduce((sum, c) => sum + c.amount, 0);
			const minorSum = debt.minor.original + debt.minor.lateFee + debt.minor.interest + debt.minor.charges.reduce((a, b) => a + b, 0);
			if (Math.round(lines * 100) !== Math.round(debt.total * 100) || toMinor(debt.total, 'BRL') !== minorSum) {
				problems.push(`${JSON.stringify(debt.minor)} total ${debt.total}`);
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('the 2% late fee cap for Brazilian consumer debts (CDC art. 52 §1)', () => {
	const due = day('2026-10-01');
	const asOf = day('2026-10-11');

	it('refuses a percentage setting above 2%, naming the setting and the law', () => {
		const settings: DebtSettings = { currency: 'BRL', lateFee: { value: '2.5%' } };
		expect(() => validateDebtSettings(settings)).toThrow(InvalidSettingError);
		expect(() => validateDebtSettings(settings)).toThrow(/^Late Fee: 2\.5% is above the 2% maximum late fee for Brazilian consumer debts \(CDC art\. 52 §1/);
		expect(() => debtAsOf({ original: 100, dueDate: due, asOf }, { currency: 'USD', country: 'br', lateFee: { value: 10 } })).toThrow(/CDC art\. 52 §1/);
	});

	it('accepts exactly 2%, and more for non-consumer or non-Brazilian debts', () => {
		expect(() => validateDebtSettings({ currency: 'BRL', lateFee: { value: '2,0%' } })).not.toThrow();
		expect(debtAsOf({ original: 100, dueDate: due, asOf }, { currency: 'BRL', consumer: false, lateFee: { value: 10 } }).lateFee).toBe(10);
		expect(debtAsOf({ original: 100, dueDate: due, asOf }, { currency: 'MXN', lateFee: { value: 10 } }).lateFee).toBe(10);
		expect(debtAsOf({ original: 100, dueDate: due, asOf }, { currency: 'BRL', country: 'MX', lateFee: { value: 10 } }).lateFee).toBe(10);
	});

	it('refuses a per-invoice percentage above 2% as an item error on the lateFee column', () => {
		const run = () => debtAsOf({ original: 100, dueDate: due, asOf, lateFee: '3%' }, { currency: 'BRL' });
		expect(run).toThrow(InvalidFieldError);
		expect(run).toThrow(/^Field 'lateFee' has the value "3%": 3% is above the 2% maximum late fee for Brazilian consumer debts \(CDC art\. 52 §1\)/);
	});

	it('lowers a fixed fee above 2% of a small debt to 2%, with a reason', () => {
		const debt = debtAsOf({ original: 300, dueDate: due, asOf }, { currency: 'BRL', lateFee: { kind: 'fixed', value: 'R$ 10,00' } });
		expect(debt.lateFee).toBe(6);
		expect(debt.reasons).toContain(
			'Late fee: the fixed 10.00 BRL is above 2% of 300.00 BRL, the maximum for Brazilian consumer debts (CDC art. 52 §1); charged 6.00 BRL.',
		);
		expect(debtAsOf({ original: 1000, dueDate: due, asOf }, { currency: 'BRL', lateFee: { kind: 'fixed', value: 10 } }).lateFee).toBe(10);
		// The cap is a ceiling: 2% of 109.75 is 2.195, so a fixed fee is lowered to 2.19.
		expect(debtAsOf({ original: 109.75, dueDate: due, asOf }, { currency: 'BRL', lateFee: { kind: 'fixed', value: 5 } }).lateFee).toBe(2.19);
	});
});

describe('per-invoice overrides', () => {
	const due = day('2026-10-01');
	const asOf = day('2026-10-31'); // 30 days

	it.each([
		['1%', 'percent setting', { kind: 'percent' as const, value: 2 }, 10],
		[1, 'percent setting', { kind: 'percent' as const, value: 2 }, 10],
		['1,5', 'percent setting', { kind: 'percent' as const, value: 2 }, 15],
		['R$ 15,00', 'percent setting', { kind: 'percent' as const, value: 2 }, 15],
		[15, 'fixed setting', { kind: 'fixed' as const, value: 5 }, 15],
		['1%', 'fixed setting', { kind: 'fixed' as const, value: 5 }, 10],
		['', 'percent setting', { kind: 'percent' as const, value: 2 }, 20],
		[null, 'fixed setting', { kind: 'fixed' as const, value: 5 }, 5],
	])('lateFee %p with a %s charges %d on 1000.00', (lateFee, _label, setting, expected) => {
		expect(debtAsOf({ original: 1000, dueDate: due, asOf, lateFee }, { currency: 'BRL', lateFee: setting }).lateFee).toBe(expected);
	});

	it.each([
		['2%', 20],
		[0.5, 5],
		['0,5%', 5],
		[' ', 10],
	])('interestRate %p gives %d of interest over 30 days', (interestRate, expected) => {
		expect(debtAsOf({ original: 1000, dueDate: due, asOf, interestRate }, { currency: 'BRL', interestRate: 1 }).interest).toBe(expected);
	});

	it.each([
		['interestRate', { interestRate: '0.02' }, /^Field 'interestRate' has the value "0\.02": "0\.02" is ambiguous/],
		['interestRate', { interestRate: 'abc' }, /^Field 'interestRate' has the value "abc"/],
		['interestRate', { interestRate: -1 }, /negative/],
		['lateFee', { lateFee: 'R$ -5,00' }, /^Field 'lateFee'.*negative/],
	])('refuses a bad %s column as an item error', (_field, override, message) => {
		const run = () => debtAsOf({ original: 1000, dueDate: due, asOf, ...override }, { currency: 'BRL', consumer: false });
		expect(run).toThrow(InvalidFieldError);
		expect(run).toThrow(message);
	});
});

describe('bad input', () => {
	const due = day('2026-10-01');
	const asOf = day('2026-10-11');

	it.each([
		[0, /^Field 'amount' has the value 0: is zero: there is nothing to collect/],
		[-5, /^Field 'amount' has the value -5: is negative/],
		['abc', /^Field 'amount' has the value "abc": "abc" is not an amount/],
		[1.005, /more decimals than BRL allows/],
		[undefined, /^Field 'amount' is missing/],
	])('refuses the amount %p', (original, message) => {
		expect(() => debtAsOf({ original, dueDate: due, asOf }, { currency: 'BRL' })).toThrow(InvalidFieldError);
		expect(() => debtAsOf({ original, dueDate: due, asOf }, { currency: 'BRL' })).toThrow(message);
	});

	it.each([
		[{ currency: 'XXX' }, /^Currency: "XXX" is a currency without minor units rules/],
		[{ currency: 'BRL', interestRate: 'lots' }, /^Interest Rate \(Monthly\): "lots" is not a percentage/],
		[{ currency: 'BRL', lateFee: { kind: 'fixed' as const, value: -1 } }, /^Late Fee: -1\.00 is negative/],
		[{ currency: 'BRL', charges: [{ name: ' ', amount: 1 }] }, /^Other Charges: charge 1 has no name/],
		[{ currency: 'BRL', charges: [{ name: 'Custas', amount: 'x' }] }, /^Other Charges \("Custas"\): "x" is not an amount/],
		[{ currency: 'BRL', interestMethod: 'daily' as never }, /^Interest Method: "daily" is not an interest method/],
	])('refuses settings %p', (settings, message) => {
		expect(() => validateDebtSettings(settings)).toThrow(InvalidSettingError);
		expect(() => validateDebtSettings(settings)).toThrow(message);
	});
});
