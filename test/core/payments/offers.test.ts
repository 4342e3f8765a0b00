import { buildBusinessCalendar, dayNumber, isBusinessDay, isoDate } from '../../../nodes/core/dates';
import { InvalidSettingError, InvalidValueError } from '../../../nodes/core/errors';
import { toMinor } from '../../../nodes/core/payments/minorUnits';
import {
	buildOffer,
	instalmentDueDates,
	instalmentPlan,
	type InstalmentOption,
	type OfferPolicy,
	validateOfferPolicy,
} from '../../../nodes/core/payments/offers';
import { parsePercent } from '../../../nodes/core/payments/rates';
import { prng, randomInt } from './prng';

const day = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return dayNumber(y, m, d);
};

// Brazilian bank holidays around the examples: Christmas, New Year, Carnival Monday and Tuesday 2027, Good Friday, Tiradentes.
const calendar = buildBusinessCalendar(['2026-12-25', '2027-01-01', '2027-02-08', '2027-02-09', '2027-03-26', '2027-04-21'].map(day));

const policy: OfferPolicy = {
	maxInstalments: 3,
	minInstalment: { BRL: 100, MXN: '500' },
	firstDueInDays: 7,
	businessDays: calendar,
	settlementRanges: [
		{ minDaysOverdue: 30, maxDaysOverdue: 89, maxDiscountPct: 10 },
		{ minDaysOverdue: 90, maxDiscountPct: '30%' },
	],
	validityDays: 9,
};

const instalments = (options: Array<{ type: string }>) => options.filter((o): o is InstalmentOption => o.type === 'instalments');

describe('offers (hand-worked)', () => {
	it('R$ 1.035,33 at 45 days overdue: 2× and 3× from 7 December, or 10% off until 9 December', () => {
		// Today Monday 2026-11-30; first due +7 = Monday 2026-12-07; valid +9 = Wednesday 2026-12-09.
		// 2×: 103533 / 2 = 51766.5 → 517.66 and last 517.67.  3×: 103533 / 3 = 34511 exactly.
		// 3rd instalment: 2027-02-07 is a Sunday, 8 and 9 are Carnival → Wednesday 2027-02-10.
		// Settlement: 10% of 1035.33 = 103.533 → discount 103.53 (rounded down) → 931.80.
		const offer = buildOffer({ total: 1035.33, currency: 'BRL', daysOverdue: 45 }, policy, { today: day('2026-11-30') });
		expect(offer).toEqual({
			currency: 'BRL',
			options: [
				{ type: 'instalments', count: 2, amount: 517.66, last: 517.67, total: 1035.33, firstDue: '2026-12-07', dueDates: ['2026-12-07', '2027-01-07'] },
				{
					type: 'instalments',
					count: 3,
					amount: 345.11,
					last: 345.11,
					total: 1035.33,
					firstDue: '2026-12-07',
					dueDates: ['2026-12-07', '2027-01-07', '2027-02-10'],
				},
				{ type: 'settlement', discountPct: 10, amount: 931.8, until: '2026-12-09' },
			],
			validUntil: '2026-12-09',
			reasons: ['Settlement: 10% off 1035.33 BRL (30-89 days overdue) = 931.80 BRL, to be paid by 2026-12-09.'],
		});
	});

	it('puts the rounding on the last instalment, which is never smaller than the others', () => {
		expect(instalmentPlan(100_000, 3)).toEqual({ amount: 33_333, last: 33_334, total: 100_000 });
		// Half-up would give 66.67 + 66.67 + 66.66; rounding down keeps the last the largest.
		expect(instalmentPlan(20_000, 3)).toEqual({ amount: 6666, last: 6668, total: 20_000 });
		expect(instalmentPlan(1, 3)).toEqual({ amount: 0, last: 1, total: 1 });
		expect(instalmentPlan(99_999, 1)).toEqual({ amount: 99_999, last: 99_999, total: 99_999 });
	});

	it('adds monthly interest per instalment with the Price table, as an exact fraction', () => {
		// 1000.00 in 3 at 2%: PMT = 1000 × 0.02 × 1.02³ / (1.02³ − 1) = 21.22416 / 0.061208 = 346.754672…
		// amount 346.75; total 3 × 346.754672 = 1040.264 → 1040.26; last 1040.26 − 2 × 346.75 = 346.76
		expect(instalmentPlan(100_000, 3, parsePercent('2%'))).toEqual({ amount: 34_675, last: 34_676, total: 104_026 });
		// 2 at 2%: PMT = 20.808 / 0.0404 = 515.049504… → 515.04; total 1030.099 → 1030.10; last 515.06
		expect(instalmentPlan(100_000, 2, parsePercent(2))).toEqual({ amount: 51_504, last: 51_506, total: 103_010 });
		const offer = buildOffer({ total: 1000, currency: 'BRL', daysOverdue: 10 }, { ...policy, interestPerInstalment: '2%' }, { today: day('2026-11-30') });
		expect(instalments(offer.options).map((o) => [o.count, o.amount, o.last, o.total])).toEqual([
			[2, 515.04, 515.06, 1030.1],
			[3, 346.75, 346.76, 1040.26],
		]);
		expect(offer.reasons).toContain('Instalments carry 2% interest a month (Price table).');
	});

	it('keeps instalments on the same day of the month, clamped to month end, on business days', () => {
		// Nominal 2027-01-31 (Sunday → Monday 1 Feb); 28 Feb (Sunday → Monday 1 Mar); 31 Mar; 30 Apr.
		expect(instalmentDueDates(day('2027-01-31'), 4, calendar).map(isoDate)).toEqual(['2027-02-01', '2027-03-01', '2027-03-31', '2027-04-30']);
		// Leap year: 31 Jan, 29 Feb, 31 Mar 2028.
		expect(instalmentDueDates(day('2028-01-31'), 3, calendar).map(isoDate)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
		// Across the year end, on the 15th; 2027-01-15 is a Friday.
		expect(instalmentDueDates(day('2026-11-15'), 3, calendar).map(isoDate)).toEqual(['2026-11-16', '2026-12-15', '2027-01-15']);
		const offer = buildOffer({ total: 4000, currency: 'BRL', daysOverdue: 0 }, { ...policy, maxInstalments: 4 }, { today: day('2027-01-24') });
		expect(instalments(offer.options).at(-1)).toMatchObject({ count: 4, amount: 1000, last: 1000, firstDue: '2027-02-01' });
	});

	it('leaves out counts whose instalment is below the minimum, with a reason', () => {
		const offer = buildOffer({ total: 250, currency: 'BRL', daysOverdue: 40 }, { ...policy, maxInstalments: 4 }, { today: day('2026-11-30') });
		expect(instalments(offer.options).map((o) => o.count)).toEqual([2]);
		expect(offer.reasons).toEqual([
			'3 instalments left out: 83.33 BRL each is below the minimum instalment of 100.00 BRL.',
			'4 instalments left out: 62.50 BRL each is below the minimum instalment of 100.00 BRL.',
			'Settlement: 10% off 250.00 BRL (30-89 days overdue) = 225.00 BRL, to be paid by 2026-12-09.',
		]);
		// The minimum is per currency; without one for the debt's currency every count is offered.
		const usd = buildOffer({ total: 250, currency: 'USD', daysOverdue: 40 }, { ...policy, maxInstalments: 4 }, { today: day('2026-11-30') });
		expect(instalments(usd.options).map((o) => o.count)).toEqual([2, 3, 4]);
		expect(usd.reasons[0]).toBe('No minimum instalment is set for USD.');
		const mxn = buildOffer({ total: 1200, currency: 'MXN', daysOverdue: 40 }, { ...policy, maxInstalments: 3 }, { today: day('2026-11-30') });
		expect(instalments(mxn.options).map((o) => o.count)).toEqual([2]);
	});

	it('takes the largest discount among the ranges matching the age and the segment', () => {
		const ranges: OfferPolicy['settlementRanges'] = [
			{ minDaysOverdue: 0, maxDaysOverdue: 29, maxDiscountPct: 0 },
			{ minDaysOverdue: 30, maxDaysOverdue: 89, maxDiscountPct: 10 },
			{ minDaysOverdue: 90, maxDiscountPct: 30 },
			{ minDaysOverdue: 90, maxDiscountPct: '40%', segments: ['High Risk'] },
			{ minDaysOverdue: 60, maxDiscountPct: '12,5', segments: ['loyal'] },
		];
		const p = { ...policy, settlementRanges: ranges };
		const settlement = (daysOverdue: number, segment?: string) =>
			buildOffer({ total: 1000, currency: 'BRL', daysOverdue }, p, { today: day('2026-11-30'), segment }).options.find((o) => o.type === 'settlement');
		expect(settlement(120, ' high risk ')).toEqual({ type: 'settlement', discountPct: 40, amount: 600, until: '2026-12-09' });
		expect(settlement(120, 'low')).toMatchObject({ discountPct: 30, amount: 700 });
		expect(settlement(120)).toMatchObject({ discountPct: 30 });
		expect(settlement(89)).toMatchObject({ discountPct: 10 });
		expect(settlement(89, 'loyal')).toMatchObject({ discountPct: 12.5, amount: 875 });
		expect(settlement(90, 'loyal')).toMatchObject({ discountPct: 30 });
		expect(settlement(29)).toBeUndefined();
		const young = buildOffer({ total: 1000, currency: 'BRL', daysOverdue: 29 }, p, { today: day('2026-11-30') });
		expect(young.reasons).toContain('No settlement: the matching discount range allows 0%.');
		const none = buildOffer({ total: 1000, currency: 'BRL', daysOverdue: 10 }, policy, { today: day('2026-11-30'), segment: 'x' });
		expect(none.reasons).toContain('No settlement: no discount range covers 10 days overdue in segment "x".');
	});

	it('never gives more than the maximum discount: the discount is rounded down', () => {
		// 10% of 1035.37 = 103.537 → 103.53, so 931.84 (half-up would give 931.83, a 10.0005% discount).
		const offer = buildOffer({ total: 1035.37, currency: 'BRL', daysOverdue: 45 }, policy, { today: day('2026-11-30') });
		expect(offer.options.find((o) => o.type === 'settlement')).toMatchObject({ amount: 931.84 });
	});

	it('ends the validity on a business day, counting calendar or business days', () => {
		// Monday 2026-11-30 + 5 = Saturday 5 December → Monday 7 December.
		expect(buildOffer({ total: 1000, currency: 'BRL', daysOverdue: 45 }, { ...policy, validityDays: 5 }, { today: day('2026-11-30') }).validUntil).toBe('2026-12-07');
		// Business days from Friday 2026-12-18: 21, 22, 23, 24, (25 Christmas), 28 → the 5th is Monday 28.
		const counted = buildOffer(
			{ total: 1000, currency: 'BRL', daysOverdue: 45 },
			{ ...policy, firstDueInDays: 5, validityDays: 3, countBusinessDays: true },
			{ today: day('2026-12-18') },
		);
		expect(instalments(counted.options)[0].firstDue).toBe('2026-12-28');
		expect(counted.validUntil).toBe('2026-12-23');
	});

	it('offers no plans when at most one instalment is allowed', () => {
		const offer = buildOffer({ total: 1000, currency: 'BRL', daysOverdue: 45 }, { ...policy, maxInstalments: 1 }, { today: day('2026-11-30') });
		expect(instalments(offer.options)).toEqual([]);
		expect(offer.reasons[0]).toBe('No instalment plans: the maximum number of instalments is below 2.');
	});
});

describe('instalments add up (property tests, seeded)', () => {
	it('for 10,000 random amounts and counts the instalments sum to the total exactly', () => {
		const random = prng(2026);
		const problems: string[] = [];
		for (let i = 0; i < 10_000; i++) {
			const principal = random() < 0.1 ? randomInt(random, 1, 500) : randomInt(random, 1, 100_000_000_000);
			const count = randomInt(random, 1, 120);
			const withInterest = random() < 0.3;
			const ratePct = randomInt(random, 1, 500) / 100;
			const plan = instalmentPlan(principal, count, withInterest ? parsePercent(`${ratePct}%`) : undefined);
			const label = `${principal} in ${count}${withInterest ? ` at ${ratePct}%` : ''}`;
			if (plan.amount * (count - 1) + plan.last !== plan.total) problems.push(`${label}: does not add up`);
			if (plan.last < plan.amount) problems.push(`${label}: the last instalment is smaller`);
			if (!withInterest) {
				if (plan.total !== principal) problems.push(`${label}: total ${plan.total}`);
				if (plan.last - plan.amount >= count) problems.push(`${label}: the last absorbs ${plan.last - plan.amount}`);
			} else if (principal > 100_000 && count < 60) {
				// An independent (float) Price payment agrees to the cent.
				const r = ratePct / 100;
				const pmt = (principal * r) / (1 - Math.pow(1 + r, -count));
				if (Math.abs(plan.total - count * pmt) > 1) problems.push(`${label}: total ${plan.total}, float ${count * pmt}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('for 2,000 random offers every plan sums exactly in major units and every due date is a business day', () => {
		const random = prng(7);
		const problems: string[] = [];
		let checked = 0;
		for (let i = 0; i < 2000; i++) {
			const holidays = Array.from({ length: 30 }, () => day('2026-01-01') + randomInt(random, 0, 2000));
			const businessDays = buildBusinessCalendar(holidays, random() < 0.2 ? [0] : [0, 6]);
			const today = day('2026-01-01') + randomInt(random, 0, 1500);
			const total = randomInt(random, 1000, 10_000_000_000) / 100;
			const offer = buildOffer(
				{ total, currency: 'BRL', daysOverdue: randomInt(random, 0, 400) },
				{ ...policy, businessDays, maxInstalments: randomInt(random, 2, 24), minInstalment: { BRL: 10 }, firstDueInDays: randomInt(random, 0, 40), countBusinessDays: random() < 0.3 },
				{ today },
			);
			// Plain checks collected into one list: millions of expect() calls would take a minute.
			if (!isBusinessDay(day(offer.validUntil), businessDays)) problems.push(`validUntil ${offer.validUntil} is not a business day`);
			for (const option of instalments(offer.options)) {
				const sum = toMinor(option.amount, 'BRL') * (option.count - 1) + toMinor(option.last, 'BRL');
				if (sum !== toMinor(option.total, 'BRL') || option.total !== total) problems.push(`${option.count}× of ${total}: instalments sum to ${sum}`);
				if (option.dueDates.length !== option.count || option.firstDue !== option.dueDates[0]) problems.push(`${option.count}× of ${total}: due dates ${option.dueDates.join()}`);
				const dates = option.dueDates.map(day);
				dates.forEach((d, k) => {
					if (!isBusinessDay(d, businessDays)) problems.push(`${isoDate(d)} is not a business day`);
					if (k > 0 && d <= dates[k - 1]) problems.push(`${isoDate(d)} does not follow ${isoDate(dates[k - 1])}`);
				});
				checked++;
			}
		}
		expect(problems).toEqual([]);
		expect(checked).toBeGreaterThan(10_000);
	});
});

describe('bad input', () => {
	it.each([
		[{ maxInstalments: 1.5 }, /^Maximum Instalments: 1\.5 is not a whole number from 0 to 120/],
		[{ maxInstalments: 121 }, /^Maximum Instalments/],
		[{ firstDueInDays: -1 }, /^First Due In \(Days\)/],
		[{ validityDays: 400 }, /^Offer Valid For \(Days\)/],
		[{ minInstalment: { XXX: 10 } }, /^Minimum Instalment \(XXX\): "XXX" is a currency without minor units rules/],
		[{ minInstalment: { BRL: -1 } }, /^Minimum Instalment \(BRL\): -1 is negative/],
		[{ interestPerInstalment: 'x' }, /^Interest per Instalment: "x" is not a percentage/],
		[{ settlementRanges: [{ minDaysOverdue: 30, maxDaysOverdue: 10, maxDiscountPct: 5 }] }, /^Settlement Discounts \(range 1\): maximum days overdue: 10 is not a whole number from 30/],
		[{ settlementRanges: [{ minDaysOverdue: 30, maxDiscountPct: 150 }] }, /^Settlement Discounts \(range 1\): maximum discount: 150 is above 100%/],
		[{ businessDays: undefined as never }, /^Holidays: no business calendar was given/],
	])('refuses the setting %p', (change, message) => {
		const p = { ...policy, ...change };
		expect(() => validateOfferPolicy(p)).toThrow(InvalidSettingError);
		expect(() => validateOfferPolicy(p)).toThrow(message);
	});

	it.each([
		[{ total: 0, currency: 'BRL', daysOverdue: 1 }, /the debt is zero/],
		[{ total: -10, currency: 'BRL', daysOverdue: 1 }, /negative/],
		[{ total: 10, currency: 'XXX', daysOverdue: 1 }, /currency without minor units rules/],
		[{ total: 10.005, currency: 'BRL', daysOverdue: 1 }, /more decimals/],
		[{ total: 10, currency: 'BRL', daysOverdue: -1 }, /-1 is not a number of days overdue/],
	])('refuses the debt %p', (debt, message) => {
		expect(() => buildOffer(debt, policy, { today: day('2026-11-30') })).toThrow(InvalidValueError);
		expect(() => buildOffer(debt, policy, { today: day('2026-11-30') })).toThrow(message);
	});
});
