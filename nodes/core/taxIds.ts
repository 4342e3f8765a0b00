/**
 * Taxpayer ids a collection message may have to show (Brazil's CDC art. 42-A requires the
 * creditor's CPF or CNPJ on every collection document) or a Pix key may be: Brazilian CPF and
 * CNPJ (with check digits), Mexican RFC and US EIN (format only: neither has a public check digit
 * rule that the issuers document as mandatory).
 *
 * - CPF: 11 digits; two mod-11 check digits (weights 10..2, then 11..2; remainder < 2 → 0, else
 *   11 − remainder). Eleven equal digits pass the arithmetic but are not issued, so they are refused.
 * - CNPJ: 14 characters; two mod-11 check digits (weights 5,4,3,2,9,8,7,6,5,4,3,2, then 6,5,4,3,2,
 *   9,8,7,6,5,4,3,2). From July 2026 the Receita Federal issues alphanumeric CNPJs (IN RFB
 *   2.229/2024): the first 12 positions may be digits or uppercase letters, the last two stay
 *   digits, and each character counts as its ASCII code minus 48 (0–9 → 0–9, A → 17 … Z → 42),
 *   which leaves every numeric CNPJ's check digits unchanged. Example: 12.ABC.345/01DE-35.
 * - RFC (SAT, Mexico): persons 13 characters (4 letters, birth date YYMMDD, 3-character homoclave),
 *   companies 12 (3 letters, incorporation date, homoclave). Letters include Ñ and &. The date
 *   must exist (29 February only in years divisible by 4, which covers 2000). The homoclave's
 *   last character (a digit or A) is a check digit; it is not verified here.
 * - EIN (IRS, United States): 9 digits written NN-NNNNNNN; the two-digit prefix must be one the
 *   IRS assigns (its "Valid EIN Prefixes" list); no check digit exists.
 */
import { InvalidValueError } from './errors';

export type TaxIdType = 'cpf' | 'cnpj' | 'rfc' | 'ein';

export interface TaxId {
	type: TaxIdType;
	/** Without punctuation, uppercase: `12345678909`, `12ABC34501DE35`, `GODE561231GR8`, `123456789`. */
	normalized: string;
	/** As usually printed: `123.456.789-09`, `12.ABC.345/01DE-35`, `GODE561231GR8`, `12-3456789`. */
	formatted: string;
	/** RFC and CPF/CNPJ tell a person from a company; EIN is always an entity. */
	holder: 'person' | 'company';
}

function shown(value: unknown): string {
	if (typeof value !== 'string') return String(value);
	return `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
}

function requireText(value: unknown, what: string, hint: string): string {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InvalidValueError(value === undefined || value === null || value === '' ? `no ${what} was given` : `${shown(value)} is not a ${what}`, hint);
	}
	return value.trim();
}

// ---------------------------------------------------------------------------------------------
// CPF

const CPF_HINT = 'A CPF has 11 digits, for example 123.456.789-09; check it against the customer record.';

/** The two check digits of the first 9 digits of a CPF. */
export function cpfCheckDigits(first9: string): string {
	if (!/^\d{9}$/.test(first9)) throw new RangeError('a CPF base has 9 digits');
	const d1 = mod11Digit(first9, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
	const d2 = mod11Digit(first9 + d1, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
	return `${d1}${d2}`;
}

function mod11Digit(body: string, weights: number[]): number {
	let sum = 0;
	for (let i = 0; i < weights.length; i++) sum += (body.charCodeAt(i) - 48) * weights[i];
	const r = sum % 11;
	return r < 2 ? 0 : 11 - r;
}

export function parseCpf(value: unknown): TaxId {
	const text = requireText(value, 'CPF', CPF_HINT);
	if (!/^[\d.\-\s/]+$/.test(text)) throw new InvalidValueError(`${shown(value)} is not a CPF: it has characters other than digits`, CPF_HINT);
	// A CPF read from a spreadsheet as a number loses its leading zeros.
	const digits = text.replace(/\D/g, '').padStart(typeof value === 'number' ? 11 : 0, '0');
	if (digits.length !== 11) throw new InvalidValueError(`${shown(value)} has ${digits.length} digits; a CPF has 11`, CPF_HINT);
	if (/^(\d)\1{10}$/.test(digits)) throw new InvalidValueError(`${shown(value)} is not a CPF: eleven equal digits are never issued`, CPF_HINT);
	const expected = cpfCheckDigits(digits.slice(0, 9));
	if (digits.slice(9) !== expected) {
		throw new InvalidValueError(
			`${shown(value)} is not a valid CPF: its check digits are ${digits.slice(9)} but the first nine digits give ${expected}`,
			'A digit was probably mistyped; check the CPF against the customer record.',
		);
	}
	return {
		type: 'cpf',
		normalized: digits,
		formatted: `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`,
		holder: 'person',
	};
}

// ---------------------------------------------------------------------------------------------
// CNPJ

const CNPJ_HINT = 'A CNPJ has 14 characters, for example 11.222.333/0001-81 (or, from July 2026, 12.ABC.345/01DE-35).';

/** The two check digits of the first 12 characters of a CNPJ (digits or, from July 2026, uppercase letters). */
export function cnpjCheckDigits(first12: string): string {
	if (!/^[0-9A-Z]{12}$/.test(first12)) throw new RangeError('a CNPJ base has 12 digits or uppercase letters');
	const d1 = mod11Digit(first12, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
	const d2 = mod11Digit(first12 + d1, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
	return `${d1}${d2}`;
}

export function parseCnpj(value: unknown): TaxId {
	const text = requireText(value, 'CNPJ', CNPJ_HINT);
	if (!/^[0-9A-Za-z.\-\s/]+$/.test(text)) throw new InvalidValueError(`${shown(value)} is not a CNPJ: it has characters other than letters and digits`, CNPJ_HINT);
	const chars = text.replace(/[.\-\s/]/g, '').toUpperCase().padStart(typeof value === 'number' ? 14 : 0, '0');
	if (chars.length !== 14) throw new InvalidValueError(`${shown(value)} has ${chars.length} characters; a CNPJ has 14`, CNPJ_HINT);
	if (!/^\d{2}$/.test(chars.slice(12))) {
		throw new InvalidValueError(`${shown(value)} is not a CNPJ: its last two characters (the check digits) must be digits`, CNPJ_HINT);
	}
	if (/^(\d)\1{13}$/.test(chars)) throw new InvalidValueError(`${shown(value)} is not a CNPJ: fourteen equal digits are never issued`, CNPJ_HINT);
	const expected = cnpjCheckDigits(chars.slice(0, 12));
	if (chars.slice(12) !== expected) {
		throw new InvalidValueError(
			`${shown(value)} is not a valid CNPJ: its check digits are ${chars.slice(12)} but the first twelve characters give ${expected}`,
			'A character was probably mistyped; check the CNPJ against the company record.',
		);
	}
	return {
		type: 'cnpj',
		normalized: chars,
		formatted: `${chars.slice(0, 2)}.${chars.slice(2, 5)}.${chars.slice(5, 8)}/${chars.slice(8, 12)}-${chars.slice(12)}`,
		holder: 'company',
	};
}

// ---------------------------------------------------------------------------------------------
// RFC (Mexico)

const RFC_HINT = 'An RFC has 13 characters for a person (e.g. GODE561231GR8) or 12 for a company (e.g. ABC010203AB9).';
const RFC = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z0-9]{2}[0-9A])$/;

export function parseRfc(value: unknown): TaxId {
	const text = requireText(value, 'RFC', RFC_HINT);
	const normalized = text.replace(/[\s-]/g, '').toUpperCase();
	if (normalized.length !== 12 && normalized.length !== 13) {
		throw new InvalidValueError(`${shown(value)} has ${normalized.length} characters; an RFC has 13 (person) or 12 (company)`, RFC_HINT);
	}
	const m = RFC.exec(normalized);
	const letters = normalized.length - 9;
	if (!m || m[1].length !== letters) {
		const part = !/^[A-ZÑ&]+$/.test(normalized.slice(0, letters))
			? `the first ${letters} characters must be letters`
			: !/^\d{6}$/.test(normalized.slice(letters, letters + 6))
				? 'the date part (YYMMDD) must be six digits'
				: 'the last three characters (the homoclave) must be letters or digits, ending in a digit or A';
		throw new InvalidValueError(`${shown(value)} is not an RFC: ${part}`, RFC_HINT);
	}
	const yy = Number(m[2]);
	const mm = Number(m[3]);
	const dd = Number(m[4]);
	const monthDays = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	if (mm < 1 || mm > 12 || dd < 1 || dd > monthDays[mm - 1]) {
		throw new InvalidValueError(`${shown(value)} is not an RFC: ${m[2]}${m[3]}${m[4]} is not a date (YYMMDD)`, RFC_HINT);
	}
	return { type: 'rfc', normalized, formatted: normalized, holder: letters === 4 ? 'person' : 'company' };
}

// ---------------------------------------------------------------------------------------------
// EIN (United States)

const EIN_HINT = 'An EIN has 9 digits, written 12-3456789.';

/** The prefixes the IRS publishes as valid (irs.gov, "How EINs are assigned and valid EIN prefixes"). */
const EIN_PREFIXES = new Set(
	[
		'01-06',
		'10-16',
		'20-27',
		'30-48',
		'50-68',
		'71-77',
		'80-88',
		'90-95',
		'98-99',
	].flatMap((span) => {
		const [from, to] = span.split('-').map(Number);
		return Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));
	}),
);

export function parseEin(value: unknown): TaxId {
	const text = requireText(value, 'EIN', EIN_HINT);
	if (!/^\d{2}-?\d{7}$/.test(text.replace(/\s/g, ''))) throw new InvalidValueError(`${shown(value)} is not an EIN`, EIN_HINT);
	const digits = text.replace(/\D/g, '');
	if (!EIN_PREFIXES.has(digits.slice(0, 2))) {
		throw new InvalidValueError(
			`${shown(value)} is not an EIN: the IRS does not assign the prefix ${digits.slice(0, 2)}`,
			'Check the first two digits against the company record (an SSN or ITIN is written 123-45-6789).',
		);
	}
	return { type: 'ein', normalized: digits, formatted: `${digits.slice(0, 2)}-${digits.slice(2)}`, holder: 'company' };
}

// ---------------------------------------------------------------------------------------------

/**
 * A tax id of the given country, or recognised by its shape: 11 digits CPF, 14 characters CNPJ,
 * 12-13 with letters first RFC, 9 digits (or NN-NNNNNNN) EIN.
 */
export function parseTaxId(value: unknown, country?: 'BR' | 'MX' | 'US'): TaxId {
	const text = requireText(value, 'tax id', 'Give a CPF, CNPJ, RFC or EIN.');
	const compact = text.replace(/[.\-\s/]/g, '').toUpperCase();
	if (country === 'BR') return compact.length === 11 ? parseCpf(value) : parseCnpj(value);
	if (!country && /^\d{11}$/.test(compact)) return parseCpf(value);
	if (country === 'MX') return parseRfc(value);
	if (country === 'US') return parseEin(value);
	if (/^[0-9A-Z]{12}\d{2}$/.test(compact)) return parseCnpj(value);
	if (/^[A-ZÑ&]{3,4}\d{6}/.test(compact)) return parseRfc(value);
	if (/^\d{9}$/.test(compact)) return parseEin(value);
	throw new InvalidValueError(`${shown(value)} is not a CPF, CNPJ, RFC or EIN`, 'Check the tax id against the customer record.');
}
