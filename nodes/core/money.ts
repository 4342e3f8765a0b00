/**
 * Amounts as they arrive from spreadsheets and CRMs: numbers, "1234.56", Brazilian "1.234,56",
 * "R$ 1.234,56", "$1,234.56", "MX$ 1,234.56 MXN". Money never has three decimals here, so a
 * single separator followed by exactly three digits is a thousands separator.
 */
import { InvalidValueError } from './errors';

const HINT = 'Use a number such as 1234.56 (or "1.234,56", "R$ 1.234,56"); remove any text around it.';

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
		return value;
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
