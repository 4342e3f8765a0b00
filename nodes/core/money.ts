/**
 * Amounts as they arrive from spreadsheets and CRMs: numbers, "1234.56", Brazilian "1.234,56",
 * "R$ 1.234,56", "$1,234.56", "MX$ 1,234.56 MXN". Money never has three decimals here, so a
 * single separator followed by exactly three digits is a thousands separator.
 */
import { InvalidValueError } from './errors';

const HINT = 'Use a number such as 1234.56 (or "1.234,56", "R$ 1.234,56"); remove any text around it.';

/**
 * The largest amount the package accepts, in major units (one trillion: R$ 1.000.000.000.000,00).
 * Beyond it a figure is a data error (an id or a phone number in the amount column), not a debt;
 * below it every amount is an exact whole number of minor units (up to 10^15, inside 2^53).
 */
export const MAX_AMOUNT = 1e12;
const MAX_AMOUNT_TEXT = '1,000,000,000,000';

export function parseAmount(value: unknown): number {
	const result = amountOrError(value);
	if (result instanceof InvalidValueError) throw result;
	return result;
}

/** {@link parseAmount} without throwing: the error is returned, for callers that add the field name. */
export function amountOrError(value: unknown): number | InvalidValueError {
	try {
		return readAmount(value);
	} catch (error) {
		if (error instanceof InvalidValueError) return error;
		return new InvalidValueError(String(error), HINT);
	}
}

function readAmount(value: unknown): number {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new InvalidValueError(`${String(value)} is not an amount`, HINT);
		return withinLimit(value);
	}
	if (typeof value !== 'string') {
		if (value === undefined || value === null) throw new InvalidValueError('no amount was given', HINT);
		throw new InvalidValueError(`a ${Array.isArray(value) ? 'list' : typeof value} is not an amount`, HINT);
	}
	// Drop currency symbols, codes and spaces (including non-breaking ones Intl puts in "R$ 1,00").
	const stripped = value.replace(/[\s\u00a0\u202f]/g, '').replace(/^[A-Za-z]{0,3}\$|^[A-Z]{3}|[A-Z]{3}$|[$€£¥]/g, '');
	const m = /^([+-]?)(\d[\d.,]*)$/.exec(stripped);
	if (!m) throw new InvalidValueError(`"${truncate(value)}" is not an amount`, HINT);
	const sign = m[1] === '-' ? -1 : 1;
	const body = m[2];
	const lastDot = body.lastIndexOf('.');
	const lastComma = body.lastIndexOf(',');
	let normalised: string;
	if (lastDot >= 0 && lastComma >= 0) {
		// Both present: the later one is the decimal separator.
		const decimal = lastDot > lastComma ? '.' : ',';
		const thousands = decimal === '.' ? ',' : '.';
		if (!validGrouping(body.slice(0, Math.max(lastDot, lastComma)), thousands)) {
			throw new InvalidValueError(`"${truncate(value)}" mixes separators in a way that is not an amount`, HINT);
		}
		normalised = body.split(thousands).join('').replace(decimal, '.');
	} else if (lastDot >= 0 || lastComma >= 0) {
		const sep = lastDot >= 0 ? '.' : ',';
		const parts = body.split(sep);
		const isThousands = parts.length > 2 || (parts.length === 2 && parts[1].length === 3);
		if (isThousands) {
			if (!validGrouping(body, sep)) throw new InvalidValueError(`"${truncate(value)}" is not an amount`, HINT);
			normalised = parts.join('');
		} else {
			normalised = `${parts[0]}.${parts[1]}`;
		}
	} else {
		normalised = body;
	}
	const amount = sign * Number(normalised);
	if (!Number.isFinite(amount)) throw new InvalidValueError(`"${truncate(value)}" is not an amount`, HINT);
	return withinLimit(amount);
}

function withinLimit(amount: number): number {
	if (Math.abs(amount) > MAX_AMOUNT) {
		throw new InvalidValueError(
			`is beyond the largest amount accepted (${MAX_AMOUNT_TEXT})`,
			'No debt is this large: check the row (an id or a phone number in the amount column?) and correct the amount.',
		);
	}
	return amount;
}

function validGrouping(integerPart: string, sep: string): boolean {
	const groups = integerPart.split(sep);
	if (groups.length === 1) return /^\d+$/.test(groups[0]);
	return /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function truncate(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Rounds to cents (or the currency's minor unit) so that sums of many invoices stay exact. */
export function roundMoney(amount: number, decimals = 2): number {
	const f = 10 ** decimals;
	return Math.round((amount + Number.EPSILON) * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Currencies and their minor units

/** ISO 4217 codes that are not money a debtor pays: special drawing rights, units of account, metals, test and "no currency". */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);
const digitsByCurrency = new Map<string, number | null>();
let knownCurrencies: Set<string> | undefined;

/**
 * The decimal places of a currency's minor unit (BRL, MXN, USD 2; JPY, CLP 0; KWD 3), or
 * undefined for a code that is not a currency money can be in ("XXX", "ABC"). Upper-case codes.
 */
export function currencyDigits(code: string): number | undefined {
	let digits = digitsByCurrency.get(code);
	if (digits === undefined) {
		knownCurrencies ??= new Set((Intl as unknown as { supportedValuesOf(key: 'currency'): string[] }).supportedValuesOf('currency'));
		digits =
			knownCurrencies.has(code) && !NOT_MONEY.has(code)
				? (new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2)
				: null;
		if (digitsByCurrency.size < 1000) digitsByCurrency.set(code, digits);
	}
	return digits ?? undefined;
}

export const CURRENCY_HINT = 'Use the ISO 4217 code of the currency the amount is in, such as BRL, MXN or USD.';

/** The problem with a currency code, or undefined when money can be in it. */
export function currencyProblem(code: string): InvalidValueError | undefined {
	if (!/^[A-Z]{3}$/.test(code)) return new InvalidValueError('is not a currency code', CURRENCY_HINT);
	if (currencyDigits(code) === undefined) {
		return new InvalidValueError(
			code === 'XXX' ? 'is ISO 4217\'s code for "no currency"' : 'is not the code of a currency money can be in',
			CURRENCY_HINT,
		);
	}
	return undefined;
}

/**
 * Whether an amount is a whole number of the currency's minor units (R$ 104,33 is; 104.333 is not),
 * allowing for the binary noise of decimal fractions (0.1 + 0.2). A currency not known here counts
 * as having 2 decimals (its code is checked where it is read).
 */
export function minorUnitsProblem(amount: number, currency: string | null | undefined): InvalidValueError | undefined {
	const code = currency ?? '';
	const digits = (code !== '' ? currencyDigits(code) : undefined) ?? 2;
	const scaled = amount * 10 ** digits;
	if (Math.abs(scaled - Math.round(scaled)) <= Math.abs(scaled) * 8 * Number.EPSILON + 1e-9) return undefined;
	const unit = digits === 0 ? 'whole units' : `${digits} decimal place${digits === 1 ? '' : 's'}`;
	return new InvalidValueError(
		`has more decimal places than ${code !== '' && currencyDigits(code) !== undefined ? code : 'money'} has (${unit})`,
		`An amount to collect is a whole number of ${digits === 0 ? 'units' : 'cents'}: round it in the sheet (e.g. ${(104.333).toFixed(digits)}), or fix the currency.`,
	);
}
