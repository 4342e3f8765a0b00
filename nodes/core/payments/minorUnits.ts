/**
 * Money as whole numbers of the currency's minor unit (centavos, centavos, cents; yen and
 * Chilean pesos have none, Kuwaiti dinars have fils, 1/1000). Every sum a debtor reads must add
 * up to the cent, so amounts enter as exact integers here, are added and multiplied as integers
 * (BigInt where a product could pass 2^53) and are rounded once, at the end of each line.
 *
 * How many decimals a currency has comes from the runtime's Intl data (CLDR), which is what
 * every amount the package renders goes through, so parsing and display never disagree.
 */
import { InvalidValueError } from '../errors';
import { MAX_AMOUNT, currencyDigits, parseAmount } from '../money';

/**
 * The largest amount accepted, in major units (one trillion): money.ts's {@link MAX_AMOUNT}, the
 * limit every node applies. With three decimals (KWD) that is 10^15 minor units, still below
 * 2^53, so minor amounts are safe integers everywhere; only products with rates go through BigInt.
 */
export const MAX_MAJOR_AMOUNT = MAX_AMOUNT;

export interface CurrencyRules {
	/** ISO 4217 code, uppercase. */
	code: string;
	/** Digits after the decimal point: 2 for BRL, MXN, USD; 0 for JPY, CLP; 3 for KWD. */
	digits: number;
	/** 10^digits, as a number and as a BigInt. */
	scale: number;
	bigScale: bigint;
}

const CURRENCY_HINT = 'Use an ISO 4217 currency code such as BRL, MXN or USD in the currency column or setting.';

const rulesCache = new Map<string, CurrencyRules>();

/**
 * The minor-unit rules of a currency code. Which codes have them, and how many digits, is
 * money.ts's {@link currencyDigits} (the runtime's Intl data, without the ISO 4217 codes that have
 * no minor unit: metals, the SDR, XTS, XXX), so the nodes agree on every currency. Throws
 * {@link InvalidValueError} for codes without them.
 */
export function currencyRules(currency: unknown): CurrencyRules {
	if (typeof currency !== 'string' || currency.trim() === '') {
		throw new InvalidValueError('no currency was given', CURRENCY_HINT);
	}
	const code = currency.trim().toUpperCase();
	const cached = rulesCache.get(code);
	if (cached) return cached;
	const digits = /^[A-Z]{3}$/.test(code) ? currencyDigits(code) : undefined;
	if (digits === undefined) {
		const shown = currency.length > 20 ? `${currency.slice(0, 20)}…` : currency;
		throw new InvalidValueError(
			`"${shown}" is a currency without minor units rules (it is not an ISO 4217 currency with cents or a fixed number of decimals)`,
			CURRENCY_HINT,
		);
	}
	const rules: CurrencyRules = { code, digits, scale: 10 ** digits, bigScale: 10n ** BigInt(digits) };
	if (rulesCache.size < 1000) rulesCache.set(code, rules);
	return rules;
}

function rulesOf(currency: string | CurrencyRules): CurrencyRules {
	return typeof currency === 'string' ? currencyRules(currency) : currency;
}

// ---------------------------------------------------------------------------------------------
// Major ⇄ minor

/**
 * The exact number of minor units in an amount: 1035.33 BRL → 103533. Numbers and the strings
 * {@link parseAmount} reads ("1.035,33", "R$ 1.035,33") are accepted (in a three-decimal currency,
 * "1.234" is 1.234). An amount with more decimals
 * than the currency has (1.005 BRL, 10.5 JPY) or beyond {@link MAX_MAJOR_AMOUNT} is an
 * {@link InvalidValueError}: guessing a rounding there would change what the debtor owes.
 *
 * A binary float carries at most 15 significant decimal digits of meaning; digits after those
 * are noise from earlier arithmetic (0.1 + 0.2 = 0.30000000000000004) and are dropped.
 */
export function toMinor(amount: unknown, currency: string | CurrencyRules): number {
	const rules = rulesOf(currency);
	// money.ts reads "1.234" as one thousand two hundred and thirty-four (money never has three
	// decimals there); in a three-decimal currency (KWD, BHD, OMR…) it is one dinar and 234 fils.
	const threeDecimals = rules.digits === 3 && typeof amount === 'string' && /^\s*[+-]?\d+\.\d{3}\s*$/.test(amount);
	const value = typeof amount === 'number' ? amount : threeDecimals ? Number(amount) : parseAmount(amount);
	if (!Number.isFinite(value)) throw new InvalidValueError(`${String(value)} is not an amount`, amountHint(rules));
	if (Math.abs(value) > MAX_MAJOR_AMOUNT) {
		throw new InvalidValueError(
			`${plainDecimal(value)} is above the largest amount accepted (1,000,000,000,000 ${rules.code})`,
			'Check the amount column: a date, an ID or a value in a smaller unit was probably read as the amount.',
		);
	}
	let text = plainDecimal(value);
	if (decimalsOf(text) > rules.digits) {
		const denoised = plainDecimal(Number(value.toPrecision(15)));
		if (decimalsOf(denoised) > rules.digits) {
			throw new InvalidValueError(
				`${text} has more decimals than ${rules.code} allows (${rules.digits})`,
				`Round the amount to ${rules.digits === 0 ? 'a whole number' : `${rules.digits} decimal${rules.digits === 1 ? '' : 's'}`} in the source data.`,
			);
		}
		text = denoised;
	}
	return decimalToMinor(text, rules.digits);
}

/** Minor units back to a major-unit number: 103533 BRL → 1035.33 (the double nearest that decimal). */
export function fromMinor(minor: number, currency: string | CurrencyRules): number {
	const rules = rulesOf(currency);
	assertMinor(minor);
	// Division by an exact power of ten yields the double nearest the decimal, which prints as it.
	return minor / rules.scale;
}

/** `103533` BRL → `"1035.33"`: a plain decimal with exactly the currency's digits, no grouping. */
export function formatMinor(minor: number, currency: string | CurrencyRules): string {
	const rules = rulesOf(currency);
	assertMinor(minor);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(rules.digits + 1, '0');
	if (rules.digits === 0) return `${sign}${digits}`;
	return `${sign}${digits.slice(0, -rules.digits)}.${digits.slice(-rules.digits)}`;
}

function assertMinor(minor: number): void {
	if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not a whole number of minor units`);
}

function amountHint(rules: CurrencyRules): string {
	return `Use a number such as ${rules.digits === 0 ? '1234' : `1234.${'5'.repeat(rules.digits)}`} (${rules.code}).`;
}

/** A number as a plain decimal string, without exponent: 1e-7 → "0.0000001", 1e21 → "1000…0". */
export function plainDecimal(value: number): string {
	const text = String(value);
	const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!m) return text;
	const digits = m[2] + (m[3] ?? '');
	const point = m[2].length + Number(m[4]);
	if (point <= 0) return `${m[1]}0.${'0'.repeat(-point)}${digits}`;
	if (point >= digits.length) return `${m[1]}${digits}${'0'.repeat(point - digits.length)}`;
	return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function decimalsOf(text: string): number {
	const point = text.indexOf('.');
	return point < 0 ? 0 : text.length - point - 1;
}

function decimalToMinor(text: string, digits: number): number {
	const negative = text.startsWith('-');
	const body = negative ? text.slice(1) : text;
	const [whole, fraction = ''] = body.split('.');
	const minor = Number(BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0'));
	return negative && minor !== 0 ? -minor : minor;
}

// ---------------------------------------------------------------------------------------------
// Integer rounding

/**
 * numerator / denominator rounded half-up: halves go away from zero (2.5 → 3, -2.5 → -3), the
 * commercial rounding the debtor can redo with a calculator. The denominator must be positive.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
	if (denominator <= 0n) throw new RangeError('the denominator must be positive');
	const negative = numerator < 0n;
	const n = negative ? -numerator : numerator;
	const q = (2n * n + denominator) / (2n * denominator);
	return negative ? -q : q;
}

/** numerator / denominator rounded down (towards minus infinity). */
export function divideFloor(numerator: bigint, denominator: bigint): bigint {
	if (denominator <= 0n) throw new RangeError('the denominator must be positive');
	const q = numerator / denominator;
	return numerator % denominator < 0n ? q - 1n : q;
}

/** numerator / denominator rounded up (towards plus infinity). */
export function divideCeil(numerator: bigint, denominator: bigint): bigint {
	return -divideFloor(-numerator, denominator);
}

/** A BigInt result back to a safe integer number of minor units, or a RangeError (never silent precision loss). */
export function toSafeMinor(value: bigint): number {
	const n = Number(value);
	if (!Number.isSafeInteger(n)) throw new RangeError(`${value} minor units is beyond the largest exact amount`);
	return n;
}

/** minor × numerator / denominator, rounded half-up once, computed in BigInt. */
export function mulDivHalfUp(minor: number, numerator: bigint, denominator: bigint): number {
	assertMinor(minor);
	return toSafeMinor(divideHalfUp(BigInt(minor) * numerator, denominator));
}
