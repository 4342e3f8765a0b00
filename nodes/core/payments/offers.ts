/**
 * Offers a debtor can accept: instalment plans within the creditor's limits and a settlement
 * (a discount for paying in one go), each with concrete amounts and dates. "3× de R$ 345,10, 1ª
 * em 07/12, ou R$ 931,50 à vista até 09/12" recovers more than "podemos parcelar".
 *
 * Decisions:
 * - Instalments are monthly. The first is due `firstDueInDays` calendar days after today (or
 *   business days, with `countBusinessDays`); the following ones fall on the same day of the
 *   month as that first (nominal) date, clamped to the month's end: a plan starting 31 January
 *   continues 28 (or 29) February, 31 March, 30 April. Each date, the first included, then moves
 *   to the next business day when it falls on a weekend or holiday.
 * - Without interest each instalment is total / count. With `interestPerInstalment` (a monthly
 *   rate) the instalment is the Price-table payment P·i / (1 − (1 + i)^−n), computed as an exact
 *   fraction. The plan's total is count × that payment rounded half-up to the minor unit.
 * - The regular instalment is rounded down to the minor unit and the last one absorbs the
 *   rest, so the instalments add up to the plan's total exactly and the last is never smaller.
 * - A count whose regular instalment is below the currency's minimum is left out, with a reason.
 * - The settlement uses the largest discount of the ranges matching the days overdue (and the
 *   segment, when a range names segments). The discount is rounded down to the minor unit, so the
 *   debtor never gets more than the creditor's maximum.
 * - The offer is valid for `validityDays` (calendar or business days) and ends on a business
 *   day; the settlement must be paid by that same date.
 */
import type { BusinessCalendar, DayNumber } from '../dates';
import { civilDate, dayNumber, daysInMonth, isBusinessDay, isoDate, nextBusinessDay } from '../dates';
import { InvalidSettingError, InvalidValueError } from '../errors';
import { currencyRules, type CurrencyRules, divideFloor, divideHalfUp, formatMinor, fromMinor, toMinor, toSafeMinor } from './minorUnits';
import { compareRates, isZero, parsePercent, percentNumber, percentText, type Rate, ZERO_RATE } from './rates';

export interface SettlementRange {
	/** Inclusive lower bound of days overdue. */
	minDaysOverdue: number;
	/** Inclusive upper bound; absent means no upper bound ("90+"). */
	maxDaysOverdue?: number;
	/** Up to this percentage off the debt (10, "10%", "12,5"). */
	maxDiscountPct: number | string;
	/** Segments this range is for (as labelled by Segment Debtor); absent or empty means every segment. */
	segments?: string[];
}

export interface OfferPolicy {
	/** Largest number of instalments offered (plans of 2 up to this); 1 or 0 offers none. */
	maxInstalments: number;
	/** Smallest instalment per currency, in major units: `{ BRL: 50, MXN: 200 }`. */
	minInstalment?: Record<string, number | string>;
	/** Monthly interest per instalment (Price table); default none. */
	interestPerInstalment?: number | string;
	/** Days from today to the first instalment. */
	firstDueInDays: number;
	/** The calendar due dates and validity fall on. */
	businessDays: BusinessCalendar;
	settlementRanges?: SettlementRange[];
	/** Days from today the offer stays valid. */
	validityDays: number;
	/** Count `firstDueInDays` and `validityDays` in business days instead of calendar days. */
	countBusinessDays?: boolean;
}

/** What the settings are called in errors; the node should use the same display names. */
export const OFFER_SETTING_NAMES = {
	maxInstalments: 'Maximum Instalments',
	minInstalment: 'Minimum Instalment',
	interestPerInstalment: 'Interest per Instalment',
	firstDueInDays: 'First Due In (Days)',
	settlementRanges: 'Settlement Discounts',
	validityDays: 'Offer Valid For (Days)',
	businessDays: 'Holidays',
} as const;

/** Plans longer than ten years are not a negotiation. */
export const MAX_INSTALMENTS = 120;
const MAX_DAYS_SETTING = 366;

export interface DebtToOffer {
	/** The debt's total in major units (ItemisedDebt.total). */
	total: number;
	currency: string;
	daysOverdue: number;
}

export interface OfferContext {
	today: DayNumber;
	segment?: string;
}

export interface InstalmentOption {
	type: 'instalments';
	count: number;
	/** Each regular instalment. */
	amount: number;
	/** The last instalment (absorbs the rounding). */
	last: number;
	total: number;
	firstDue: string;
	dueDates: string[];
}

export interface SettlementOption {
	type: 'settlement';
	discountPct: number;
	amount: number;
	until: string;
}

export type OfferOption = InstalmentOption | SettlementOption;

export interface Offer {
	currency: string;
	/** Instalment plans by increasing count, then the settlement. */
	options: OfferOption[];
	validUntil: string;
	reasons: string[];
}

interface ResolvedRange {
	min: number;
	max: number;
	discount: Rate;
	segments: string[];
}

interface ResolvedPolicy {
	maxInstalments: number;
	minInstalment: Map<string, number | string>;
	interest: Rate;
	firstDueInDays: number;
	calendar: BusinessCalendar;
	ranges: ResolvedRange[];
	validityDays: number;
	countBusinessDays: boolean;
}

const policyCache = new WeakMap<OfferPolicy, ResolvedPolicy>();

/** Checks the offer settings once. Throws {@link InvalidSettingError} naming the setting. */
export function validateOfferPolicy(policy: OfferPolicy): void {
	resolvePolicy(policy);
}

function wholeNumber(value: unknown, setting: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new InvalidSettingError(setting, `${String(value)} is not a whole number from ${min} to ${max}`, `Enter a whole number from ${min} to ${max}.`);
	}
	return value;
}

function resolvePolicy(policy: OfferPolicy): ResolvedPolicy {
	const cached = policyCache.get(policy);
	if (cached) return cached;
	const N = OFFER_SETTING_NAMES;
	const maxInstalments = wholeNumber(policy.maxInstalments, N.maxInstalments, 0, MAX_INSTALMENTS);
	const firstDueInDays = wholeNumber(policy.firstDueInDays, N.firstDueInDays, 0, MAX_DAYS_SETTING);
	const validityDays = wholeNumber(policy.validityDays, N.validityDays, 0, MAX_DAYS_SETTING);
	if (!policy.businessDays || !Array.isArray(policy.businessDays.weekendDays)) {
		throw new InvalidSettingError(N.businessDays, 'no business calendar was given', 'Give the holidays (or an empty list) so due dates avoid them.');
	}
	const minInstalment = new Map<string, number | string>();
	for (const [currency, amount] of Object.entries(policy.minInstalment ?? {})) {
		try {
			const rules = currencyRules(currency);
			if (toMinor(amount, rules) < 0) throw new InvalidValueError(`${String(amount)} is negative`, 'Use 0 for no minimum.');
			minInstalment.set(rules.code, amount);
		} catch (error) {
			throw settingError(`${N.minInstalment} (${currency})`, error);
		}
	}
	let interest = ZERO_RATE;
	if (policy.interestPerInstalment !== undefined && policy.interestPerInstalment !== '') {
		try {
			interest = parsePercent(policy.interestPerInstalment);
		} catch (error) {
			throw settingError(N.interestPerInstalment, error);
		}
	}
	const ranges: ResolvedRange[] = [];
	for (const [index, range] of (policy.settlementRanges ?? []).entries()) {
		const name = `${N.settlementRanges} (range ${index + 1})`;
		const min = wholeNumber(range.minDaysOverdue, `${name}: minimum days overdue`, 0, 100_000);
		const max = range.maxDaysOverdue === undefined ? Infinity : wholeNumber(range.maxDaysOverdue, `${name}: maximum days overdue`, min, 100_000);
		let discount: Rate;
		try {
			discount = parsePercent(range.maxDiscountPct);
		} catch (error) {
			throw settingError(`${name}: maximum discount`, error);
		}
		const segments = (range.segments ?? []).map((s) => String(s).trim().toLowerCase()).filter((s) => s !== '');
		ranges.push({ min, max, discount, segments });
	}
	const resolved: ResolvedPolicy = {
		maxInstalments,
		minInstalment,
		interest,
		firstDueInDays,
		calendar: policy.businessDays,
		ranges,
		validityDays,
		countBusinessDays: policy.countBusinessDays === true,
	};
	policyCache.set(policy, resolved);
	return resolved;
}

function settingError(setting: string, error: unknown): Error {
	if (error instanceof InvalidValueError) return new InvalidSettingError(setting, error.problem, error.hint);
	return error instanceof Error ? error : new Error(String(error));
}

/**
 * The offers for one debt. Throws {@link InvalidValueError} when the debt's total or currency is
 * unusable and {@link InvalidSettingError} for bad settings.
 */
export function buildOffer(debt: DebtToOffer, policy: OfferPolicy, context: OfferContext): Offer {
	const p = resolvePolicy(policy);
	if (!Number.isInteger(debt.daysOverdue) || debt.daysOverdue < 0) {
		throw new InvalidValueError(`${String(debt.daysOverdue)} is not a number of days overdue`, 'Pass the daysOverdue of the itemised debt (a whole number, 0 when not overdue).');
	}
	if (!Number.isInteger(context.today)) throw new RangeError('today must be a day number');
	const rules = currencyRules(debt.currency);
	const total = toMinor(debt.total, rules);
	if (total <= 0) {
		throw new InvalidValueError(
			total === 0 ? 'the debt is zero: there is nothing to negotiate' : 'the debt is negative: a credit balance gets no offer',
			'Leave paid invoices and credit notes out of the negotiation.',
		);
	}
	const show = (minor: number) => `${formatMinor(minor, rules)} ${rules.code}`;
	const reasons: string[] = [];
	const options: OfferOption[] = [];

	const nominalFirst = addDays(context.today, p.firstDueInDays, p.calendar, p.countBusinessDays);
	const minimum = minimumFor(p, rules);
	if (p.maxInstalments < 2) {
		reasons.push('No instalment plans: the maximum number of instalments is below 2.');
	} else {
		if (minimum === undefined) reasons.push(`No minimum instalment is set for ${rules.code}.`);
		if (!isZero(p.interest)) reasons.push(`Instalments carry ${percentText(p.interest)}% interest a month (Price table).`);
		for (let count = 2; count <= p.maxInstalments; count++) {
			const plan = instalmentPlan(total, count, p.interest);
			if (minimum !== undefined && plan.amount < minimum) {
				reasons.push(`${count} instalments left out: ${show(plan.amount)} each is below the minimum instalment of ${show(minimum)}.`);
				continue;
			}
			const dates = instalmentDueDates(nominalFirst, count, p.calendar).map(isoDate);
			options.push({
				type: 'instalments',
				count,
				amount: fromMinor(plan.amount, rules),
				last: fromMinor(plan.last, rules),
				total: fromMinor(plan.total, rules),
				firstDue: dates[0],
				dueDates: dates,
			});
		}
	}

	const validUntil = nextBusinessDay(addDays(context.today, p.validityDays, p.calendar, p.countBusinessDays), p.calendar);
	const range = settlementRange(p.ranges, debt.daysOverdue, context.segment);
	if (!range) {
		reasons.push(
			p.ranges.length === 0
				? 'No settlement: no settlement discounts are set.'
				: `No settlement: no discount range covers ${debt.daysOverdue} days overdue${context.segment ? ` in segment "${context.segment}"` : ''}.`,
		);
	} else if (isZero(range.discount)) {
		reasons.push('No settlement: the matching discount range allows 0%.');
	} else {
		const discount = toSafeMinor(divideFloor(BigInt(total) * range.discount.num, range.discount.den));
		const amount = total - discount;
		reasons.push(
			`Settlement: ${percentText(range.discount)}% off ${show(total)} (${describeRange(range)}) = ${show(amount)}, to be paid by ${isoDate(validUntil)}.`,
		);
		options.push({ type: 'settlement', discountPct: percentNumber(range.discount), amount: fromMinor(amount, rules), until: isoDate(validUntil) });
	}
	return { currency: rules.code, options, validUntil: isoDate(validUntil), reasons };
}

function minimumFor(p: ResolvedPolicy, rules: CurrencyRules): number | undefined {
	const amount = p.minInstalment.get(rules.code);
	return amount === undefined ? undefined : toMinor(amount, rules);
}

function describeRange(range: ResolvedRange): string {
	const days = range.max === Infinity ? `${range.min}+ days overdue` : `${range.min}-${range.max} days overdue`;
	return range.segments.length ? `${days}, segments ${range.segments.join(', ')}` : days;
}

/** The matching range with the largest discount; ties keep the first listed. */
export function settlementRange<R extends { min: number; max: number; discount: Rate; segments: string[] }>(
	ranges: R[],
	daysOverdue: number,
	segment?: string,
): R | undefined {
	const wanted = segment?.trim().toLowerCase();
	let best: R | undefined;
	for (const range of ranges) {
		if (daysOverdue < range.min || daysOverdue > range.max) continue;
		if (range.segments.length > 0 && (!wanted || !range.segments.includes(wanted))) continue;
		if (!best || compareRates(range.discount, best.discount) > 0) best = range;
	}
	return best;
}

export interface InstalmentPlan {
	/** Each regular instalment, minor units. */
	amount: number;
	/** The last instalment, minor units. */
	last: number;
	/** amount × (count − 1) + last, minor units. */
	total: number;
}

/**
 * Splits `principal` (minor units) into `count` monthly instalments. Without interest the total is
 * the principal; with a monthly rate i it is count × the Price payment P·i·(1+i)^n / ((1+i)^n − 1),
 * rounded half-up. The regular instalment is rounded down and the last absorbs the difference.
 */
export function instalmentPlan(principal: number, count: number, interest: Rate = ZERO_RATE): InstalmentPlan {
	if (!Number.isSafeInteger(principal) || principal <= 0) throw new RangeError('the principal must be a positive whole number of minor units');
	if (!Number.isInteger(count) || count < 1) throw new RangeError('the count must be a whole number from 1');
	const n = BigInt(count);
	const P = BigInt(principal);
	// The exact payment as a fraction num/den.
	let num: bigint;
	let den: bigint;
	if (isZero(interest)) {
		num = P;
		den = n;
	} else {
		const a = interest.num;
		const b = interest.den;
		const grown = (a + b) ** n; // (1 + i)^n = grown / b^n
		const bn = b ** n;
		num = P * a * grown;
		den = b * (grown - bn);
	}
	const total = toSafeMinor(isZero(interest) ? P : divideHalfUp(num * n, den));
	const amount = toSafeMinor(divideFloor(num, den));
	const last = total - amount * (count - 1);
	return { amount, last, total };
}

/**
 * `count` monthly due dates: the day of month of `nominalFirst`, clamped to each month's end,
 * each moved to the next business day.
 */
export function instalmentDueDates(nominalFirst: DayNumber, count: number, calendar: BusinessCalendar): DayNumber[] {
	const { year, month, day } = civilDate(nominalFirst);
	const dates: DayNumber[] = [];
	for (let k = 0; k < count; k++) {
		const m0 = month - 1 + k;
		const y = year + Math.floor(m0 / 12);
		const m = (m0 % 12) + 1;
		dates.push(nextBusinessDay(dayNumber(y, m, Math.min(day, daysInMonth(y, m))), calendar));
	}
	return dates;
}

/** today + days, in calendar days or counting business days only. */
export function addDays(today: DayNumber, days: number, calendar: BusinessCalendar, businessDaysOnly: boolean): DayNumber {
	if (!businessDaysOnly) return today + days;
	let d = today;
	for (let counted = 0; counted < days; ) {
		d++;
		if (isBusinessDay(d, calendar)) counted++;
	}
	return d;
}
