/**
 * Percentages (late fees, monthly interest, discounts) as exact fractions, so that 2% of
 * R$ 1.035,33 is computed on integers and rounded once, never through a binary float.
 *
 * Accepted forms, the same for creditor settings and for per-invoice columns:
 * - with a percent sign, the number is a percentage: "2%", "2,5 %", "0.5%", "0.05%";
 * - without one, the number is also a percentage: 2, "2", "2.5", "2,5", "0.5" (0.5% a month);
 * - without a percent sign, a value above 0 and below 0.1 is refused as ambiguous: "0.02" is
 *   usually 2% written as a fraction, but read as a percentage it would be 0.02%. No late fee or
 *   monthly interest is that small, and guessing wrong charges fifty times too little or too much.
 *   "0.02%" (with the sign) is accepted for whoever really means it.
 * Negative values are refused; so is anything above a maximum (100% unless the caller says less).
 */
import { InvalidValueError } from '../errors';
import { plainDecimal } from './minorUnits';

/** An exact rate: num / den. 2% is 1/50; 2.5% is 1/40. den is always positive. */
export interface Rate {
	num: bigint;
	den: bigint;
}

export const ZERO_RATE: Rate = { num: 0n, den: 1n };

/** Below this, a percentage written without a percent sign is ambiguous (see the module comment). */
const AMBIGUOUS_BELOW = 0.1;

const HINT = 'Write the percentage, for example 2% or 2 for two percent, 0.5% for half a percent.';

export interface PercentOptions {
	/** The largest percentage accepted (default 100). */
	maxPercent?: number;
}

/** Reads a percentage in the forms described in the module comment. Throws {@link InvalidValueError}. */
export function parsePercent(value: unknown, options: PercentOptions = {}): Rate {
	const maxPercent = options.maxPercent ?? 100;
	let text: string;
	let hasSign = false;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new InvalidValueError(`${String(value)} is not a percentage`, HINT);
		// Digits past the 15th significant one are binary noise from arithmetic, not the user's.
		text = plainDecimal(Number(value.toPrecision(15)));
	} else if (typeof value === 'string') {
		text = value.replace(/[\s\u00a0\u202f]/g, '');
		if (text.endsWith('%')) {
			hasSign = true;
			text = text.slice(0, -1);
		}
		if (/^[+-]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
		if (text.startsWith('+')) text = text.slice(1);
	} else {
		if (value === undefined || value === null) throw new InvalidValueError('no percentage was given', HINT);
		throw new InvalidValueError(`a ${Array.isArray(value) ? 'list' : typeof value} is not a percentage`, HINT);
	}
	const shown = typeof value === 'string' ? `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"` : text;
	if (text.startsWith('-') && /^-\d+(\.\d+)?$/.test(text)) {
		throw new InvalidValueError(`${shown} is negative; a rate cannot be`, 'Use 0 for none, or a positive percentage such as 2%.');
	}
	if (!/^\d+(\.\d+)?$/.test(text)) throw new InvalidValueError(`${shown} is not a percentage`, HINT);
	const [whole, fraction = ''] = text.split('.');
	const percentNum = BigInt(whole + fraction);
	const percentDen = 10n ** BigInt(fraction.length);
	const numeric = Number(text);
	if (!hasSign && numeric > 0 && numeric < AMBIGUOUS_BELOW) {
		throw new InvalidValueError(
			`${shown} is ambiguous: it could be ${trimDecimal(numeric * 100)}% written as a fraction, or ${text}%`,
			`Write ${trimDecimal(numeric * 100)}% (or ${trimDecimal(numeric * 100)}) if you mean ${trimDecimal(numeric * 100)} percent, or ${text}% with the percent sign if you really mean ${text} percent.`,
		);
	}
	if (percentNum * 100n > BigInt(Math.round(maxPercent * 100)) * percentDen) {
		throw new InvalidValueError(`${shown} is above ${maxPercent}%`, HINT);
	}
	return reduce(percentNum, percentDen * 100n);
}

function trimDecimal(n: number): string {
	return plainDecimal(Number(n.toPrecision(12)));
}

function gcd(a: bigint, b: bigint): bigint {
	let x = a < 0n ? -a : a;
	let y = b < 0n ? -b : b;
	while (y !== 0n) [x, y] = [y, x % y];
	return x;
}

export function reduce(num: bigint, den: bigint): Rate {
	if (den <= 0n) throw new RangeError('a rate needs a positive denominator');
	if (num === 0n) return ZERO_RATE;
	const g = gcd(num, den);
	return { num: num / g, den: den / g };
}

/** Builds a rate from a percentage known to be exact in decimal (a literal in code or a test). */
export function percent(value: number): Rate {
	return parsePercent(`${plainDecimal(value)}%`, { maxPercent: Number.MAX_SAFE_INTEGER });
}

export function isZero(rate: Rate): boolean {
	return rate.num === 0n;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareRates(a: Rate, b: Rate): number {
	const left = a.num * b.den;
	const right = b.num * a.den;
	return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The percentage as a short decimal for reasons and output: 1/40 → "2.5". Rates built from
 * decimals always terminate; anything else is shown with up to 6 decimals.
 */
export function percentText(rate: Rate): string {
	const scaled = rate.num * 100n * 1_000_000n;
	const q = (scaled + rate.den / 2n) / rate.den;
	const whole = q / 1_000_000n;
	const fraction = String(q % 1_000_000n).padStart(6, '0').replace(/0+$/, '');
	return fraction ? `${whole}.${fraction}` : String(whole);
}

/** The percentage as a number, for output fields such as discountPct (exact for decimal rates). */
export function percentNumber(rate: Rate): number {
	return Number(percentText(rate));
}
