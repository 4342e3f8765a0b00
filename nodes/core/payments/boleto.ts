/**
 * Boleto "linha digitável" checks, so a mistyped line never reaches a debtor (a wrong line is
 * worse than none). Rules from FEBRABAN's layout for bank collection boletos (Carta-Circular BCB
 * 2.926/2000) and for "arrecadação" (utility and tax) documents.
 *
 * Bank boleto: 47 digits in five fields. The 44-digit barcode they encode is
 *   bank (3) · currency (1) · general check digit (1) · due-date factor (4) · amount (10) · free field (25)
 * and the line rearranges it as
 *   field 1: bank, currency, free field 1-5, check digit (10 digits)
 *   field 2: free field 6-15, check digit (11)   field 3: free field 16-25, check digit (11)
 *   field 4: the general check digit (1)         field 5: due-date factor and amount (14)
 * - Fields 1-3 carry a mod-10 check digit: from the right, digits are multiplied by 2, 1, 2, 1…,
 *   products above 9 have their digits added (or 9 subtracted), and the check digit is what takes
 *   the sum to the next multiple of 10 (0 when it already is one).
 * - The general check digit is mod 11 over the other 43 barcode digits: from the right, weights
 *   2 to 9 repeating; the digit is 11 − (sum mod 11), and results 0, 10 and 11 become 1.
 * - The due-date factor counts days from 1997-10-07 (1000 = 2000-07-03). It reached 9999 on
 *   2025-02-21 and restarted at 1000 on 2025-02-22, so each factor now names one date every 9000
 *   days. FEBRABAN's rule for reading it (Comunicado 082/2012, as banks implement it) is a window
 *   around the processing date: the due date is the one between 3000 days before and 5500 days
 *   after the reference date. A factor with no date in that window is refused. 0000 means the
 *   boleto has no due date; factors 0001-0999 are not used.
 * - The amount is 10 digits of centavos; 0 means the payer fills in the amount.
 *
 * Arrecadação (utility bills, taxes; 48 digits starting with 8): four blocks of 11 digits, each
 * followed by its check digit. The third digit says which rule: 6 or 7 → mod 10 as above; 8 or 9 →
 * mod 11 with weights 2 to 9 from the right and digit 11 − (sum mod 11), remainders 0 and 1 giving 0.
 * The fourth barcode digit is the general check digit over the other 43 with the same rule. With
 * 6 or 8 the 11 digits after it are the amount in centavos; with 7 or 9 they are a reference value
 * in another unit, returned as no amount. Such documents carry no standard due date.
 */
import type { DayNumber } from '../dates';
import { dayNumber, isoDate } from '../dates';
import { InvalidValueError } from '../errors';
import { fromMinor, toMinor } from './minorUnits';

/** The factor's day zero: 1997-10-07. */
export const BOLETO_FACTOR_BASE = dayNumber(1997, 10, 7);
/** Factors run 1000..9999 and then restart: 9000 days per cycle. */
export const BOLETO_FACTOR_CYCLE = 9000;
export const BOLETO_WINDOW_BEFORE = 3000;
export const BOLETO_WINDOW_AFTER = 5500;

const LINE_HINT = 'Copy the boleto line again from the boleto (47 digits, or 48 for utility bills and taxes); spaces and dots are fine.';

export interface BankBoleto {
	kind: 'bank';
	/** The bank's 3-digit code: 001 Banco do Brasil, 237 Bradesco, 341 Itaú, 104 Caixa… */
	bank: string;
	/** 9 = Brazilian real; 0 = another currency. */
	currencyCode: string;
	factor: number;
	/** ISO date, or null when the factor is 0000. */
	dueDate: string | null;
	/** BRL (major units); 0 when the payer fills in the amount. */
	amount: number;
	barcode: string;
	/** The 47 digits. */
	line: string;
}

export interface UtilityBoleto {
	kind: 'utility';
	/** 1 city halls, 2 sanitation, 3 electricity and gas, 4 telecoms, 5 government bodies, 6 others, 7 traffic fines, 9 bank use. */
	segment: string;
	/** BRL (major units), or null when the document carries a reference value in another unit. */
	amount: number | null;
	dueDate: null;
	barcode: string;
	/** The 48 digits. */
	line: string;
}

export type Boleto = BankBoleto | UtilityBoleto;

// ---------------------------------------------------------------------------------------------
// Check digits

/** The mod-10 check digit of a digit string (weights 2, 1, 2… from the right). */
export function mod10(digits: string): number {
	let sum = 0;
	let weight = 2;
	for (let i = digits.length - 1; i >= 0; i--) {
		const product = (digits.charCodeAt(i) - 48) * weight;
		sum += product > 9 ? product - 9 : product;
		weight = 3 - weight;
	}
	return (10 - (sum % 10)) % 10;
}

function mod11Sum(digits: string): number {
	let sum = 0;
	let weight = 2;
	for (let i = digits.length - 1; i >= 0; i--) {
		sum += (digits.charCodeAt(i) - 48) * weight;
		weight = weight === 9 ? 2 : weight + 1;
	}
	return sum % 11;
}

/** The bank boleto's general check digit over 43 barcode digits: 11 − (sum mod 11), with 0, 10 and 11 → 1. */
export function bankMod11(digits: string): number {
	const d = 11 - mod11Sum(digits);
	return d === 0 || d === 10 || d === 11 ? 1 : d;
}

/** The arrecadação mod-11 check digit: 11 − (sum mod 11), remainders 0 and 1 giving 0. */
export function utilityMod11(digits: string): number {
	const r = mod11Sum(digits);
	return r < 2 ? 0 : 11 - r;
}

// ---------------------------------------------------------------------------------------------
// Due-date factor

/** The factor of a due date (1000-9999, in the cycle the date falls in). */
export function boletoFactor(due: DayNumber): number {
	const days = due - BOLETO_FACTOR_BASE;
	if (days < 1000) throw new RangeError('boleto due dates start on 2000-07-03 (factor 1000)');
	return ((days - 1000) % BOLETO_FACTOR_CYCLE) + 1000;
}

/**
 * The due date a factor names relative to `reference` (the processing date, usually today):
 * the date in the window from 3000 days before to 5500 days after it. Throws {@link InvalidValueError}.
 */
export function boletoDueDate(factor: number, reference: DayNumber): DayNumber {
	if (!Number.isInteger(factor) || factor < 1000 || factor > 9999) {
		throw new InvalidValueError(`the due-date factor ${String(factor).padStart(4, '0')} is not used (factors run from 1000 to 9999, or 0000 for no due date)`, LINE_HINT);
	}
	const from = reference - BOLETO_WINDOW_BEFORE;
	const first = BOLETO_FACTOR_BASE + factor;
	const cycles = Math.max(0, Math.ceil((from - first) / BOLETO_FACTOR_CYCLE));
	const due = first + cycles * BOLETO_FACTOR_CYCLE;
	if (due > reference + BOLETO_WINDOW_AFTER) {
		throw new InvalidValueError(
			`the due-date factor ${factor} names no date between ${isoDate(from)} and ${isoDate(reference + BOLETO_WINDOW_AFTER)} (3000 days before to 5500 days after ${isoDate(reference)})`,
			'The boleto is too old or the factor was mistyped; ask the creditor for a new boleto.',
		);
	}
	return due;
}

// ---------------------------------------------------------------------------------------------
// Lines

function cleanLine(value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new InvalidValueError(value === undefined || value === null ? 'no boleto line was given' : `a ${typeof value} is not a boleto line`, LINE_HINT);
	}
	const text = String(value).trim();
	if (text === '') throw new InvalidValueError('no boleto line was given', LINE_HINT);
	if (!/^[\d\s.-]+$/.test(text)) throw new InvalidValueError('the boleto line has characters other than digits, spaces, dots and dashes', LINE_HINT);
	const digits = text.replace(/\D/g, '');
	if (digits.length === 44) {
		throw new InvalidValueError('44 digits is a boleto barcode, not the line typed for payment (47 or 48 digits)', 'Use the "linha digitável" printed above the barcode.');
	}
	if (digits.length !== 47 && digits.length !== 48) {
		throw new InvalidValueError(`the boleto line has ${digits.length} digits; a bank boleto has 47, a utility or tax bill 48`, LINE_HINT);
	}
	if (digits.length === 48 && digits[0] !== '8') {
		throw new InvalidValueError('a 48-digit line is a utility or tax bill, which starts with 8; this one does not', LINE_HINT);
	}
	return digits;
}

/**
 * Checks a boleto line and reads it. `reference` is the date the due-date factor is read against
 * (today). Throws {@link InvalidValueError} naming the field and digit that are wrong.
 */
export function parseBoletoLine(value: unknown, reference: DayNumber): Boleto {
	const line = cleanLine(value);
	return line.length === 47 ? parseBankLine(line, reference) : parseUtilityLine(line);
}

function parseBankLine(line: string, reference: DayNumber): BankBoleto {
	const wrong: string[] = [];
	const fields: Array<[string, string, number, string]> = [
		['field 1', line.slice(0, 9), 10, line[9]],
		['field 2', line.slice(10, 20), 21, line[20]],
		['field 3', line.slice(21, 31), 32, line[31]],
	];
	for (const [name, digits, position, given] of fields) {
		const expected = mod10(digits);
		if (Number(given) !== expected) {
			wrong.push(`${name} (digits ${position - digits.length}-${position}) ends in check digit ${given} but its digits give ${expected}`);
		}
	}
	if (wrong.length > 0) throw new InvalidValueError(`the boleto line is wrong: ${wrong.join('; ')}`, 'A digit was mistyped in that field; copy the line again from the boleto.');
	const currencyCode = line[3];
	if (currencyCode !== '9' && currencyCode !== '0') {
		throw new InvalidValueError(`the boleto line's currency code (digit 4) is ${currencyCode}; it must be 9 (real) or 0`, LINE_HINT);
	}
	const general = line[32];
	const factorAndAmount = line.slice(33);
	const barcode = line.slice(0, 4) + general + factorAndAmount + line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31);
	const expected = bankMod11(barcode.slice(0, 4) + barcode.slice(5));
	if (Number(general) !== expected) {
		throw new InvalidValueError(
			`the boleto line is wrong: the general check digit (field 4, digit 33) is ${general} but the barcode gives ${expected}`,
			'A digit was mistyped, probably in field 4 or 5 (due-date factor and amount); copy the line again from the boleto.',
		);
	}
	const factor = Number(factorAndAmount.slice(0, 4));
	const dueDate = factor === 0 ? null : isoDate(boletoDueDate(factor, reference));
	return {
		kind: 'bank',
		bank: line.slice(0, 3),
		currencyCode,
		factor,
		dueDate,
		amount: fromMinor(Number(factorAndAmount.slice(4)), 'BRL'),
		barcode,
		line,
	};
}

function parseUtilityLine(line: string): UtilityBoleto {
	const valueType = line[2];
	if (!'6789'.includes(valueType)) {
		throw new InvalidValueError(
			`the utility bill line's value type (digit 3) is ${valueType}; it must be 6, 7, 8 or 9`,
			LINE_HINT,
		);
	}
	const digit = valueType === '6' || valueType === '7' ? mod10 : utilityMod11;
	const wrong: string[] = [];
	let barcode = '';
	for (let block = 0; block < 4; block++) {
		const digits = line.slice(block * 12, block * 12 + 11);
		const given = line[block * 12 + 11];
		const expected = digit(digits);
		if (Number(given) !== expected) {
			wrong.push(`block ${block + 1} (digits ${block * 12 + 1}-${block * 12 + 12}) ends in check digit ${given} but its digits give ${expected}`);
		}
		barcode += digits;
	}
	if (wrong.length > 0) throw new InvalidValueError(`the utility bill line is wrong: ${wrong.join('; ')}`, 'A digit was mistyped in that block; copy the line again from the bill.');
	const general = digit(barcode.slice(0, 3) + barcode.slice(4));
	if (Number(barcode[3]) !== general) {
		throw new InvalidValueError(
			`the utility bill line is wrong: the general check digit (digit 4) is ${barcode[3]} but the barcode gives ${general}`,
			'A digit was mistyped; copy the line again from the bill.',
		);
	}
	const isAmount = valueType === '6' || valueType === '8';
	return {
		kind: 'utility',
		segment: line[1],
		amount: isAmount ? fromMinor(Number(barcode.slice(4, 15)), 'BRL') : null,
		dueDate: null,
		barcode,
		line,
	};
}

/**
 * The line in its printed groups: `00190.00009 01234.567891 23456.789012 3 45670000012345` for a
 * bank boleto, `83640000001-1 33120138000-2 …` (four blocks) for a utility bill. Formats only;
 * use {@link parseBoletoLine} to check it.
 */
export function formatBoletoLine(value: unknown): string {
	const d = cleanLine(value);
	if (d.length === 47) {
		return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`;
	}
	return [0, 1, 2, 3].map((b) => `${d.slice(b * 12, b * 12 + 11)}-${d[b * 12 + 11]}`).join(' ');
}

export interface BankBoletoInput {
	/** The bank's 3-digit code (001, 237, 341…). */
	bank: string;
	/** The due date, or null for a boleto without one (factor 0000). */
	dueDate: DayNumber | null;
	/** BRL in major units (0: the payer fills in the amount). */
	amount: number | string;
	/** The 25 digits the bank defines (agency, account, "nosso número"…). */
	freeField: string;
}

/**
 * The 47-digit line of a bank boleto, check digits computed (the inverse of
 * {@link parseBoletoLine}): for test data and samples. Throws {@link InvalidValueError}.
 */
export function buildBoletoLine(input: BankBoletoInput): string {
	if (!/^\d{3}$/.test(input.bank)) throw new InvalidValueError(`"${input.bank}" is not a 3-digit bank code`, 'Use the bank code, e.g. 237.');
	if (!/^\d{25}$/.test(input.freeField)) throw new InvalidValueError('the free field must be 25 digits', 'Give the 25 digits the bank defines.');
	const minor = toMinor(input.amount, 'BRL');
	if (minor < 0 || minor > 99_999_999_99) throw new InvalidValueError(`${String(input.amount)} does not fit a boleto (0 to 99,999,999.99)`, 'Use an amount in that range.');
	const factor = input.dueDate === null ? '0000' : String(boletoFactor(input.dueDate));
	const tail = factor + String(minor).padStart(10, '0');
	const free = input.freeField;
	const general = bankMod11(`${input.bank}9${tail}${free}`);
	const field1 = `${input.bank}9${free.slice(0, 5)}`;
	const field2 = free.slice(5, 15);
	const field3 = free.slice(15, 25);
	return `${field1}${mod10(field1)}${field2}${mod10(field2)}${field3}${mod10(field3)}${general}${tail}`;
}
