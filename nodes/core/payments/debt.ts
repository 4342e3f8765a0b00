/**
 * The debt as of a date, itemised: the original amount, the late fee (multa), interest (juros de
 * mora), other charges by name, and their total. São Paulo's Lei 14.953/2013 requires every
 * collection message to itemise these by name; CONDUSEF requires the amount owed and its
 * calculation date. Brazilian consumer debts carry a late fee of at most 2% (CDC art. 52 §1).
 *
 * Every line is computed on integers of the currency's minor unit and rounded half-up once, at
 * the end of that line; the total is the integer sum of the lines, so the parts add up to the
 * cent. Major-unit numbers in the output are those integers divided by 100 (or 1, or 1000).
 *
 * Decisions (document these where the node exposes them):
 * - Days overdue are calendar days from the due date to the calculation date. With a business
 *   calendar, a due date on a weekend or holiday may be paid on the next business day without
 *   charges; once that day has passed, the days still count from the original due date.
 * - The late fee is charged once, from the first day overdue, on the original amount.
 * - Simple interest (default): original × monthly rate × days overdue / 30, "pro rata die" with
 *   30-day months whatever the calendar month; compound: original × ((1 + rate)^(days / 30) − 1).
 * - Other charges (fixed amounts by name) apply only to an overdue debt: a debt not yet due has
 *   nothing added to it.
 * - A fixed late fee above 2% of the original on a Brazilian consumer debt is lowered to 2% for
 *   that debt, rounded down (with a reason); a percentage above 2% is refused outright, as a
 *   setting or a column. A 2% fee itself is rounded half-up like every line, so it can exceed the
 *   exact 2% by less than half a centavo (2% of 109.75 is 2.195, charged 2.20).
 */
import type { BusinessCalendar, DayNumber } from '../dates';
import { isoDate, nextBusinessDay } from '../dates';
import { InvalidFieldError, InvalidSettingError, InvalidValueError } from '../errors';
import { currencyRules, type CurrencyRules, divideFloor, divideHalfUp, formatMinor, fromMinor, toMinor, toSafeMinor } from './minorUnits';
import { isZero, parsePercent, percentText, type Rate, ZERO_RATE } from './rates';

/** CDC art. 52 §1 (Lei 8.078/1990, as amended by Lei 9.298/1996). */
export const BRAZIL_CONSUMER_LATE_FEE_CAP: Rate = { num: 1n, den: 50n };
const CAP_LAW = 'CDC art. 52 §1';

export type LateFeeKind = 'percent' | 'fixed';
export type InterestMethod = 'simple' | 'compound';

export interface DebtCharge {
	name: string;
	amount: number | string;
}

/** The creditor's settings on the node. Setting names in errors are the ones in {@link DEBT_SETTING_NAMES}. */
export interface DebtSettings {
	currency: string;
	/** ISO 3166 alpha-2 of the debtor's jurisdiction. When absent, BRL debts are treated as Brazilian. */
	country?: string;
	/** Consumer debt (default true). Only a non-consumer debt may carry a Brazilian late fee above 2%. */
	consumer?: boolean;
	/** Late fee: a percentage of the original (default) or a fixed amount in major units. */
	lateFee?: { kind?: LateFeeKind; value: number | string };
	/** Monthly interest rate, as a percentage (see rates.ts for the accepted forms). */
	interestRate?: number | string;
	interestMethod?: InterestMethod;
	charges?: DebtCharge[];
	/** When given, a due date on a non-business day can be paid on the next business day without charges. */
	businessDays?: BusinessCalendar;
}

/** What the settings are called in errors; the node should use the same display names. */
export const DEBT_SETTING_NAMES = {
	currency: 'Currency',
	lateFee: 'Late Fee',
	interestRate: 'Interest Rate (Monthly)',
	interestMethod: 'Interest Method',
	charges: 'Other Charges',
} as const;

/** One invoice. Row overrides are the raw column values; empty means "use the creditor's setting". */
export interface DebtInput {
	/** The `amount` column: a number or a string parseAmount reads. Must be above zero. */
	original: unknown;
	dueDate: DayNumber;
	asOf: DayNumber;
	/** The `lateFee` column: "2%" is a percentage, "R$ 15,00" an amount, a bare number follows the setting's kind. */
	lateFee?: unknown;
	/** The `interestRate` column: a monthly percentage. */
	interestRate?: unknown;
}

export interface ItemisedCharge {
	name: string;
	amount: number;
}

export interface ItemisedDebt {
	currency: string;
	original: number;
	lateFee: number;
	interest: number;
	charges: ItemisedCharge[];
	total: number;
	/** The calculation date, ISO. */
	asOf: string;
	dueDate: string;
	daysOverdue: number;
	/** The same amounts as whole minor units (centavos), for sums and offers without floats. */
	minor: { original: number; lateFee: number; interest: number; charges: number[]; total: number };
	/** How each line was computed, in words an operator can check with a calculator. */
	reasons: string[];
}

interface ResolvedLateFee {
	kind: LateFeeKind;
	rate: Rate;
	fixedMinor: number;
	source: 'setting' | 'row';
}

interface ResolvedSettings {
	rules: CurrencyRules;
	capApplies: boolean;
	lateFee: ResolvedLateFee;
	interest: Rate;
	method: InterestMethod;
	charges: Array<{ name: string; minor: number }>;
	businessDays?: BusinessCalendar;
}

const resolvedCache = new WeakMap<DebtSettings, ResolvedSettings>();

/**
 * Checks the creditor's settings once (call it when the node starts, before the items).
 * Throws {@link InvalidSettingError} naming the setting, and the law when the fee cap is passed.
 */
export function validateDebtSettings(settings: DebtSettings): void {
	resolveSettings(settings);
}

function resolveSettings(settings: DebtSettings): ResolvedSettings {
	const cached = resolvedCache.get(settings);
	if (cached) return cached;
	let rules: CurrencyRules;
	try {
		rules = currencyRules(settings.currency);
	} catch (error) {
		throw asSetting(DEBT_SETTING_NAMES.currency, error);
	}
	const country = settings.country?.trim().toUpperCase();
	const capApplies = settings.consumer !== false && (country ? country === 'BR' : rules.code === 'BRL');

	const lateFee: ResolvedLateFee = { kind: settings.lateFee?.kind ?? 'percent', rate: ZERO_RATE, fixedMinor: 0, source: 'setting' };
	if (lateFee.kind !== 'percent' && lateFee.kind !== 'fixed') {
		throw new InvalidSettingError(DEBT_SETTING_NAMES.lateFee, `"${String(lateFee.kind)}" is not a kind of late fee`, 'Choose a percentage or a fixed amount.');
	}
	const feeValue = settings.lateFee?.value;
	if (!isEmpty(feeValue)) {
		try {
			if (lateFee.kind === 'percent') lateFee.rate = parsePercent(feeValue);
			else lateFee.fixedMinor = nonNegativeMinor(feeValue, rules);
		} catch (error) {
			throw asSetting(DEBT_SETTING_NAMES.lateFee, error);
		}
		if (capApplies && lateFee.kind === 'percent' && aboveCap(lateFee.rate)) {
			throw new InvalidSettingError(
				DEBT_SETTING_NAMES.lateFee,
				`${percentText(lateFee.rate)}% is above the 2% maximum late fee for Brazilian consumer debts (${CAP_LAW}, Código de Defesa do Consumidor)`,
				'Set the late fee to 2% or less; if these debts are not consumer debts (business to business), mark them as not consumer debts.',
			);
		}
	}

	let interest = ZERO_RATE;
	if (!isEmpty(settings.interestRate)) {
		try {
			interest = parsePercent(settings.interestRate);
		} catch (error) {
			throw asSetting(DEBT_SETTING_NAMES.interestRate, error);
		}
	}
	const method = settings.interestMethod ?? 'simple';
	if (method !== 'simple' && method !== 'compound') {
		throw new InvalidSettingError(DEBT_SETTING_NAMES.interestMethod, `"${String(method)}" is not an interest method`, 'Choose simple or compound.');
	}

	const charges: Array<{ name: string; minor: number }> = [];
	for (const [index, charge] of (settings.charges ?? []).entries()) {
		const name = typeof charge?.name === 'string' ? charge.name.trim() : '';
		if (name === '') {
			throw new InvalidSettingError(DEBT_SETTING_NAMES.charges, `charge ${index + 1} has no name`, 'Give every charge the name the debtor will read, e.g. "Tarifa de cobrança".');
		}
		try {
			charges.push({ name, minor: nonNegativeMinor(charge.amount, rules) });
		} catch (error) {
			throw asSetting(`${DEBT_SETTING_NAMES.charges} ("${name}")`, error);
		}
	}
	const resolved: ResolvedSettings = { rules, capApplies, lateFee, interest, method, charges, businessDays: settings.businessDays };
	resolvedCache.set(settings, resolved);
	return resolved;
}

/**
 * The itemised debt of one invoice as of `input.asOf`. Throws {@link InvalidFieldError} for a bad
 * `amount`, `lateFee` or `interestRate` column and {@link InvalidSettingError} for bad settings.
 */
export function debtAsOf(input: DebtInput, settings: DebtSettings): ItemisedDebt {
	const s = resolveSettings(settings);
	const { rules } = s;
	const reasons: string[] = [];

	let original: number;
	try {
		original = toMinor(input.original, rules);
	} catch (error) {
		throw asField('amount', input.original, error);
	}
	if (original <= 0) {
		throw new InvalidFieldError(
			'amount',
			input.original,
			original === 0 ? 'is zero: there is nothing to collect' : 'is negative: a credit balance must never get a collection message',
			'Leave paid invoices and credit notes out of the collection list.',
		);
	}

	const lateFee = rowLateFee(input.lateFee, s);
	const interestRate = rowInterestRate(input.interestRate, s);

	const elapsed = input.asOf - input.dueDate;
	let graceUntil = input.dueDate;
	if (s.businessDays) graceUntil = nextBusinessDay(input.dueDate, s.businessDays);
	const overdue = input.asOf > graceUntil;
	const daysOverdue = overdue ? elapsed : 0;
	const show = (minor: number) => `${formatMinor(minor, rules)} ${rules.code}`;

	let lateFeeMinor = 0;
	let interestMinor = 0;
	const chargeMinors: number[] = [];
	if (!overdue) {
		if (elapsed <= 0) {
			reasons.push(`Not overdue: due ${isoDate(input.dueDate)}, calculated ${isoDate(input.asOf)}; no late fee, interest or charges.`);
		} else {
			reasons.push(
				`Not overdue: due ${isoDate(input.dueDate)} is not a business day, so it can be paid until ${isoDate(graceUntil)} without charges.`,
			);
		}
	} else {
		reasons.push(`${daysOverdue} day${daysOverdue === 1 ? '' : 's'} overdue: due ${isoDate(input.dueDate)}, calculated ${isoDate(input.asOf)}.`);
		// Late fee.
		if (lateFee.kind === 'percent') {
			if (!isZero(lateFee.rate)) {
				lateFeeMinor = toSafeMinor(divideHalfUp(BigInt(original) * lateFee.rate.num, lateFee.rate.den));
				reasons.push(`Late fee: ${percentText(lateFee.rate)}% of ${show(original)} = ${show(lateFeeMinor)}${lateFee.source === 'row' ? ' (rate from the invoice)' : ''}.`);
			}
		} else if (lateFee.fixedMinor > 0) {
			lateFeeMinor = lateFee.fixedMinor;
			// The cap is a ceiling, so it is rounded down: 2% of 109.75 allows 2.19, not 2.20.
			const cap = toSafeMinor(divideFloor(BigInt(original) * BRAZIL_CONSUMER_LATE_FEE_CAP.num, BRAZIL_CONSUMER_LATE_FEE_CAP.den));
			if (s.capApplies && lateFeeMinor > cap) {
				reasons.push(
					`Late fee: the fixed ${show(lateFeeMinor)} is above 2% of ${show(original)}, the maximum for Brazilian consumer debts (${CAP_LAW}); charged ${show(cap)}.`,
				);
				lateFeeMinor = cap;
			} else {
				reasons.push(`Late fee: fixed ${show(lateFeeMinor)}${lateFee.source === 'row' ? ' (from the invoice)' : ''}.`);
			}
		}
		// Interest.
		if (!isZero(interestRate.rate)) {
			const fromRow = interestRate.source === 'row' ? ', rate from the invoice' : '';
			if (s.method === 'simple') {
				interestMinor = toSafeMinor(divideHalfUp(BigInt(original) * interestRate.rate.num * BigInt(daysOverdue), interestRate.rate.den * 30n));
				reasons.push(
					`Interest: ${percentText(interestRate.rate)}% a month, simple, pro rata die: ${show(original)} × ${percentText(interestRate.rate)}% × ${daysOverdue}/30 = ${show(interestMinor)}${fromRow}.`,
				);
			} else {
				interestMinor = compoundInterest(original, interestRate.rate, daysOverdue);
				reasons.push(
					`Interest: ${percentText(interestRate.rate)}% a month, compound: ${show(original)} × ((1 + ${percentText(interestRate.rate)}%)^(${daysOverdue}/30) − 1) = ${show(interestMinor)}${fromRow}.`,
				);
			}
		}
		for (const charge of s.charges) {
			chargeMinors.push(charge.minor);
			reasons.push(`${charge.name}: ${show(charge.minor)}.`);
		}
	}

	const totalMinor = toSafeMinor(
		BigInt(original) + BigInt(lateFeeMinor) + BigInt(interestMinor) + chargeMinors.reduce((sum, c) => sum + BigInt(c), 0n),
	);
	reasons.push(`Total: ${show(totalMinor)}.`);
	return {
		currency: rules.code,
		original: fromMinor(original, rules),
		lateFee: fromMinor(lateFeeMinor, rules),
		interest: fromMinor(interestMinor, rules),
		charges: overdue ? s.charges.map((c) => ({ name: c.name, amount: fromMinor(c.minor, rules) })) : [],
		total: fromMinor(totalMinor, rules),
		asOf: isoDate(input.asOf),
		dueDate: isoDate(input.dueDate),
		daysOverdue,
		minor: { original, lateFee: lateFeeMinor, interest: interestMinor, charges: chargeMinors, total: totalMinor },
		reasons,
	};
}

function rowLateFee(value: unknown, s: ResolvedSettings): ResolvedLateFee {
	if (isEmpty(value)) return s.lateFee;
	const text = typeof value === 'string' ? value.trim() : '';
	const kind: LateFeeKind = text.endsWith('%') ? 'percent' : /[A-Za-z$€£¥]/.test(text) ? 'fixed' : s.lateFee.kind;
	try {
		if (kind === 'fixed') return { kind, rate: ZERO_RATE, fixedMinor: nonNegativeMinor(value, s.rules), source: 'row' };
		const rate = parsePercent(value);
		if (s.capApplies && aboveCap(rate)) {
			throw new InvalidFieldError(
				'lateFee',
				value,
				`${percentText(rate)}% is above the 2% maximum late fee for Brazilian consumer debts (${CAP_LAW})`,
				'Correct the late fee of this invoice to 2% or less, or mark the debts as not consumer debts if they are business to business.',
			);
		}
		return { kind, rate, fixedMinor: 0, source: 'row' };
	} catch (error) {
		throw asField('lateFee', value, error);
	}
}

function rowInterestRate(value: unknown, s: ResolvedSettings): { rate: Rate; source: 'setting' | 'row' } {
	if (isEmpty(value)) return { rate: s.interest, source: 'setting' };
	try {
		return { rate: parsePercent(value), source: 'row' };
	} catch (error) {
		throw asField('interestRate', value, error);
	}
}

function aboveCap(rate: Rate): boolean {
	return rate.num * BRAZIL_CONSUMER_LATE_FEE_CAP.den > BRAZIL_CONSUMER_LATE_FEE_CAP.num * rate.den;
}

function nonNegativeMinor(value: unknown, rules: CurrencyRules): number {
	const minor = toMinor(value, rules);
	if (minor < 0) throw new InvalidValueError(`${formatMinor(minor, rules)} is negative`, 'Use 0 for none, or a positive amount.');
	return minor;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function asField(field: string, value: unknown, error: unknown): Error {
	if (error instanceof InvalidFieldError) return error;
	if (error instanceof InvalidValueError) return InvalidFieldError.from(field, value, error);
	return error instanceof Error ? error : new Error(String(error));
}

function asSetting(setting: string, error: unknown): Error {
	if (error instanceof InvalidValueError) return new InvalidSettingError(setting, error.problem, error.hint);
	return error instanceof Error ? error : new Error(String(error));
}

// ---------------------------------------------------------------------------------------------
// Compound interest without floats

/** Fixed-point scale for the fractional power: 40 decimal digits, far beyond a cent of 10^15. */
const SCALE = 10n ** 40n;

/**
 * original × ((1 + r)^(days/30) − 1), rounded half-up once. Whole 30-day months are an exact
 * rational power; the remaining days (a power below 1) go through exp(k · ln(1 + r)) in 40-digit
 * fixed point, so the result is exact to the minor unit for any amount this package accepts.
 */
export function compoundInterest(originalMinor: number, rate: Rate, days: number): number {
	if (days <= 0 || isZero(rate)) return 0;
	const months = BigInt(Math.floor(days / 30));
	const rest = BigInt(days % 30);
	const base = rate.den + rate.num; // (1 + r) = base / den
	const wholeNum = base ** months;
	const wholeDen = rate.den ** months;
	// (1 + r)^(rest/30) in fixed point.
	const fractional = rest === 0n ? SCALE : fixedExp((fixedLn(base, rate.den) * rest) / 30n);
	// original × (wholeNum/wholeDen × fractional/SCALE − 1)
	const numerator = BigInt(originalMinor) * (wholeNum * fractional - wholeDen * SCALE);
	return toSafeMinor(divideHalfUp(numerator, wholeDen * SCALE));
}

/** ln(p/q) × SCALE for p/q in [1, 2], by ln(y) = 2·atanh((y − 1)/(y + 1)). */
function fixedLn(p: bigint, q: bigint): bigint {
	const z = ((p - q) * SCALE) / (p + q);
	const z2 = (z * z) / SCALE;
	let term = z;
	let sum = 0n;
	for (let k = 1n; term !== 0n; k += 2n) {
		sum += term / k;
		term = (term * z2) / SCALE;
	}
	return 2n * sum;
}

/** e^(x/SCALE) × SCALE for 0 <= x/SCALE < 1, by the Taylor series. */
function fixedExp(x: bigint): bigint {
	let term = SCALE;
	let sum = SCALE;
	for (let k = 1n; term !== 0n; k++) {
		term = (term * x) / (SCALE * k);
		sum += term;
	}
	return sum;
}
