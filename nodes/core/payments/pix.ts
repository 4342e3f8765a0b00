/**
 * Pix "copia e cola" codes (BR Code: EMV QRCPS merchant-presented mode, as profiled by the Banco
 * Central do Brasil's "Manual de Padrões para Iniciação do Pix" and "Manual do BR Code").
 *
 * A static code is built from the creditor's Pix key, with the exact amount of the option offered;
 * a dynamic code (from the creditor's PSP, in the `pixCode` column) is only validated.
 *
 * Field layout of the static code built here, each field ID (2 digits) + length (2 digits) + value:
 *   00 "01" · 26 { 00 "br.gov.bcb.pix" · 01 key · 02 description? } · 52 "0000" · 53 "986" ·
 *   54 amount? · 58 "BR" · 59 name (≤ 25) · 60 city (≤ 15) · 62 { 05 txid or "***" } · 63 CRC
 * The CRC is CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final
 * XOR) over every byte up to and including "6304", written as 4 uppercase hexadecimal digits.
 *
 * Character set of the name, city and description. EMV types these fields "ans" (its common
 * character set, printable ASCII), and the BR Code manual narrows what it recommends to A–Z,
 * 0–9, space and $ % * + - . / :. Payers' apps are known to fail on accents, & and parentheses
 * (bacen/pix-api issues #509, #634, #635), while the BCB manual's own example is "Fulano de Tal".
 * So the text is transliterated to: letters A–Z and a–z without accents, digits, space and
 * $ % * + - . / : — accents are removed (São Paulo → Sao Paulo, Ç → C), & becomes "E", any other
 * character becomes a space, runs of spaces collapse, and the text is cut to the field's length.
 * Case is kept (so the manual's example comes out byte for byte) unless `upperCase` is set.
 */
import { InvalidValueError } from '../errors';
import { cpfCheckDigits, parseCnpj } from '../taxIds';
import { currencyRules, formatMinor, fromMinor, toMinor } from './minorUnits';

export type PixKeyType = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

export interface PixKey {
	type: PixKeyType;
	/** The key as the DICT stores it and the BR Code carries it: digits, lowercase e-mail, +55…, lowercase UUID. */
	key: string;
}

export const PIX_GUI = 'br.gov.bcb.pix';
export const PIX_MERCHANT_NAME_MAX = 25;
export const PIX_MERCHANT_CITY_MAX = 15;
export const PIX_TXID_MAX = 25;
export const PIX_EMAIL_MAX = 77;

const KEY_HINT = 'Use the Pix key exactly as registered: a CPF or CNPJ, an e-mail, a phone number as +55 followed by area code and number, or a random key (EVP) such as 123e4567-e12b-12d1-a456-426655440000.';

function shown(value: string): string {
	return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
}

// ---------------------------------------------------------------------------------------------
// Keys

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[a-z0-9.!#$&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/**
 * Recognises and checks a Pix key. The type follows from the shape: an @ is an e-mail, a leading
 * + a phone, a UUID a random key (EVP), 11 digits a CPF, 14 characters a CNPJ. The random key is
 * checked as a UUID of any version: the DICT issues version 4, but the BCB manual's own example
 * key (123e4567-e12b-12d1-…) is version 1. Throws {@link InvalidValueError} naming what is wrong.
 */
export function parsePixKey(value: unknown): PixKey {
	const result = pixKeyOrError(value);
	if (result instanceof InvalidValueError) throw result;
	return result;
}

/** {@link parsePixKey} without throwing: the error is returned, for callers that add context. */
export function pixKeyOrError(value: unknown): PixKey | InvalidValueError {
	try {
		return readPixKey(value);
	} catch (error) {
		if (error instanceof InvalidValueError) return error;
		return new InvalidValueError(String(error), KEY_HINT);
	}
}

function readPixKey(value: unknown): PixKey {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InvalidValueError(
			typeof value === 'string' || value === undefined || value === null ? 'no Pix key was given' : `a ${typeof value} is not a Pix key`,
			KEY_HINT,
		);
	}
	const text = value.trim();
	if (text.includes('@')) {
		const email = text.toLowerCase();
		if (email.length > PIX_EMAIL_MAX) {
			throw new InvalidValueError(`${shown(text)} is an e-mail of ${email.length} characters; a Pix e-mail key has at most ${PIX_EMAIL_MAX}`, KEY_HINT);
		}
		if (!EMAIL.test(email)) throw new InvalidValueError(`${shown(text)} is not a valid e-mail address for a Pix key`, KEY_HINT);
		return { type: 'email', key: email };
	}
	if (UUID.test(text)) return { type: 'evp', key: text.toLowerCase() };
	if (/^[0-9a-f-]{30,40}$/i.test(text) && text.includes('-')) {
		throw new InvalidValueError(
			`${shown(text)} looks like a random key (EVP) but is not one: it must be 32 hexadecimal characters in groups of 8-4-4-4-12`,
			KEY_HINT,
		);
	}
	if (text.startsWith('+')) {
		if (!/^\+[\d\s().-]+$/.test(text)) throw new InvalidValueError(`${shown(text)} is not a phone number`, KEY_HINT);
		const digits = text.replace(/\D/g, '');
		if (!digits.startsWith('55')) {
			throw new InvalidValueError(`${shown(text)} is not a Brazilian number: a Pix phone key starts with +55`, KEY_HINT);
		}
		const national = digits.slice(2);
		if (national.length !== 10 && national.length !== 11) {
			throw new InvalidValueError(
				`${shown(text)} has ${national.length} digits after +55; a Pix phone key has 10 or 11 (area code and number)`,
				KEY_HINT,
			);
		}
		if (!/^[1-9][1-9]/.test(national)) throw new InvalidValueError(`${shown(text)} has no valid area code (DDD) after +55`, KEY_HINT);
		return { type: 'phone', key: `+${digits}` };
	}
	const compact = text.replace(/[.\-\s/]/g, '');
	if (/^\d{11}$/.test(compact)) {
		// Checked here rather than by parseCpf so the message can point at the phone-key form too.
		if (/^(\d)\1{10}$/.test(compact) || cpfCheckDigits(compact.slice(0, 9)) !== compact.slice(9)) {
			throw new InvalidValueError(
				`${shown(text)} is not a valid CPF key: its check digits do not match (11 digits are read as a CPF; a phone key is written +55 and the number)`,
				KEY_HINT,
			);
		}
		return { type: 'cpf', key: compact };
	}
	if (/^[0-9A-Za-z]{12}\d{2}$/.test(compact)) return { type: 'cnpj', key: parseCnpj(text).normalized };
	if (/^\d+$/.test(compact)) {
		throw new InvalidValueError(`${shown(text)} has ${compact.length} digits: a CPF key has 11, a CNPJ key 14, a phone key is +55 and the number`, KEY_HINT);
	}
	throw new InvalidValueError(`${shown(text)} is not a Pix key: not a CPF, CNPJ, e-mail, +55 phone or random key (EVP)`, KEY_HINT);
}

// ---------------------------------------------------------------------------------------------
// Text fields

/** Transliterates to the character set described in the module comment and cuts to `max` characters. */
export function pixText(text: string, max: number, upperCase = false): string {
	let out = text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/&/g, ' E ')
		.replace(/[^A-Za-z0-9 $%*+\-./:]/g, ' ')
		.replace(/ {2,}/g, ' ')
		.trim();
	if (upperCase) out = out.toUpperCase();
	return out.slice(0, max).trimEnd();
}

/**
 * A txid for a static code from an invoice or offer id: separators (- _ . / space) are dropped
 * and what remains must be 1 to 25 letters and digits. Throws {@link InvalidValueError}; never
 * truncates, because two ids cut to the same 25 characters could not be told apart.
 */
export function pixTxid(id: string): string {
	const txid = id.replace(/[-_./\s]/g, '');
	if (!/^[A-Za-z0-9]+$/.test(txid)) {
		throw new InvalidValueError(`${shown(id)} cannot be a Pix txid: it may only have letters and digits`, 'Use an invoice or offer id of letters and digits (separators are dropped).');
	}
	if (txid.length > PIX_TXID_MAX) {
		throw new InvalidValueError(`${shown(id)} is ${txid.length} characters without separators; a Pix txid has at most ${PIX_TXID_MAX}`, 'Use a shorter id for reconciliation.');
	}
	return txid;
}

// ---------------------------------------------------------------------------------------------
// CRC

const CRC_TABLE = (() => {
	const table = new Uint16Array(256);
	for (let byte = 0; byte < 256; byte++) {
		let crc = byte << 8;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
		table[byte] = crc;
	}
	return table;
})();

function utf8(text: string): number[] {
	const bytes: number[] = [];
	for (const ch of text) {
		const cp = ch.codePointAt(0) as number;
		if (cp < 0x80) bytes.push(cp);
		else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
		else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
		else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
	}
	return bytes;
}

/** CRC-16/CCITT-FALSE of the text's UTF-8 bytes, as 4 uppercase hexadecimal digits. */
export function pixCrc(text: string): string {
	let crc = 0xffff;
	for (const byte of utf8(text)) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ byte) & 0xff];
	return crc.toString(16).toUpperCase().padStart(4, '0');
}

// ---------------------------------------------------------------------------------------------
// Building

export interface StaticPixInput {
	/** The creditor's Pix key (checked with {@link parsePixKey}). */
	key: unknown;
	merchantName: string;
	merchantCity: string;
	/** BRL, major units; absent or empty leaves the amount to the payer. */
	amount?: number | string;
	/** Up to 25 letters and digits (see {@link pixTxid}); absent means "***" (none). */
	txid?: string;
	/** Shown to the payer by some apps; transliterated like the name. */
	description?: string;
	/** Write name, city and description in uppercase (for the strictest readers). */
	upperCase?: boolean;
}

function field(id: string, value: string): string {
	const length = Array.from(value).length;
	if (length > 99) throw new InvalidValueError(`the BR Code field ${id} would have ${length} characters; the most is 99`, 'Shorten the key or the description.');
	return `${id}${String(length).padStart(2, '0')}${value}`;
}

/** A static Pix "copia e cola" code. Throws {@link InvalidValueError} saying which input is wrong. */
export function buildStaticPixCode(input: StaticPixInput): string {
	return new StaticPixTemplate(input).code(input.amount, input.txid);
}

function crcUpdate(crc: number, bytes: ArrayLike<number>): number {
	for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
	return crc;
}

/** The CRC of an ASCII text (every field after the key is ASCII: digits, "***", transliterated names). */
function crcUpdateAscii(crc: number, text: string): number {
	for (let i = 0; i < text.length; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ text.charCodeAt(i)) & 0xff];
	return crc;
}

/**
 * The static codes of one receiver (key, name, city, description) with different amounts and
 * txids: the receiver's fields are checked, laid out and run through the CRC once, so each code
 * costs only its amount, txid and check value. {@link buildStaticPixCode} is one use of it.
 */
export class StaticPixTemplate {
	/** Fields 00 to 53, before the amount. */
	private readonly head: string;
	private readonly headCrc: number;
	/** Fields 58 to 60, between the amount and the txid. */
	private readonly middle: string;

	constructor(input: Omit<StaticPixInput, 'amount' | 'txid'>) {
		const key = parsePixKey(input.key);
		const name = pixText(String(input.merchantName ?? ''), PIX_MERCHANT_NAME_MAX, input.upperCase);
		const city = pixText(String(input.merchantCity ?? ''), PIX_MERCHANT_CITY_MAX, input.upperCase);
		if (name === '') throw new InvalidValueError('the merchant name is empty (after removing characters a Pix code cannot carry)', 'Give the creditor name shown to the payer, e.g. "Loja Exemplo Ltda".');
		if (city === '') throw new InvalidValueError('the merchant city is empty (after removing characters a Pix code cannot carry)', 'Give the creditor city, e.g. "Sao Paulo".');
		let account = field('00', PIX_GUI) + field('01', key.key);
		if (input.description !== undefined && input.description.trim() !== '') {
			const description = pixText(input.description, 99, input.upperCase);
			if (description !== '') account += field('02', description);
		}
		this.head = field('00', '01') + field('26', account) + field('52', '0000') + field('53', '986');
		this.headCrc = crcUpdate(0xffff, utf8(this.head));
		this.middle = field('58', 'BR') + field('59', name) + field('60', city);
	}

	/** The code for an amount (BRL, major units; absent or empty: the payer types it) and a txid (absent: "***"). */
	code(amount?: number | string, txid?: string): string {
		let amountField = '';
		if (amount !== undefined && amount !== '') {
			const brl = currencyRules('BRL');
			const minor = toMinor(amount, brl);
			if (minor <= 0) throw new InvalidValueError(`${formatMinor(minor, brl)} is not an amount a Pix code can ask for`, 'Give an amount above zero, or none to let the payer type it.');
			const text = formatMinor(minor, brl);
			if (text.length > 13) throw new InvalidValueError(`${text} is too large for a Pix code (at most 13 characters)`, 'Split the amount.');
			amountField = field('54', text);
		}
		const tail = `${this.middle}${field('62', field('05', txid === undefined || txid === '' ? '***' : pixTxid(txid)))}6304`;
		const crc = crcUpdateAscii(crcUpdateAscii(this.headCrc, amountField), tail);
		return `${this.head}${amountField}${tail}${crc.toString(16).toUpperCase().padStart(4, '0')}`;
	}
}

// ---------------------------------------------------------------------------------------------
// Validating a given code

export interface PixCodeField {
	id: string;
	value: string;
}

export interface ParsedPixCode {
	/** The code as validated (surrounding whitespace removed). */
	code: string;
	/** Dynamic: a URL to the PSP's charge (or point of initiation 12); static: a key in the code. */
	kind: 'static' | 'dynamic';
	/** The key as written in the code, and its type. */
	key?: string;
	keyType?: PixKeyType;
	url?: string;
	description?: string;
	/** BRL, when the code fixes the amount. */
	amount?: number;
	merchantName: string;
	merchantCity: string;
	/** The txid, or undefined for "***". */
	txid?: string;
	crc: string;
	fields: PixCodeField[];
}

const CODE_HINT = 'Copy the whole Pix code again from the charge (it starts with 000201 and ends with 6304 and four characters).';

/** Splits EMV TLV text (lengths count characters). Throws {@link InvalidValueError} on a broken structure. */
export function parseTlv(text: string, where = 'the Pix code'): PixCodeField[] {
	const chars = Array.from(text);
	const fields: PixCodeField[] = [];
	let pos = 0;
	while (pos < chars.length) {
		const head = chars.slice(pos, pos + 4).join('');
		if (!/^\d{4}$/.test(head)) {
			throw new InvalidValueError(`${where} is broken at character ${pos + 1}: "${head}" is not a field id and length`, CODE_HINT);
		}
		const id = head.slice(0, 2);
		const length = Number(head.slice(2));
		if (pos + 4 + length > chars.length) {
			throw new InvalidValueError(
				`${where} is cut short: field ${id} at character ${pos + 1} says it has ${length} characters but only ${chars.length - pos - 4} follow`,
				CODE_HINT,
			);
		}
		fields.push({ id, value: chars.slice(pos + 4, pos + 4 + length).join('') });
		pos += 4 + length;
	}
	return fields;
}

/**
 * Validates a Pix code from a row: the TLV structure parses, "000201" comes first, the CRC field
 * "6304" is last and matches, a Pix merchant account (GUI br.gov.bcb.pix) is present with a valid
 * key or a URL, the currency is 986, the mandatory fields are there and the name and city fit
 * 25 and 15 characters. Throws {@link InvalidValueError}.
 */
export function parsePixCode(value: unknown): ParsedPixCode {
	if (typeof value !== 'string' || value.trim() === '') {
		const empty = typeof value === 'string' || value === undefined || value === null;
		throw new InvalidValueError(empty ? 'no Pix code was given' : `a ${typeof value} is not a Pix code`, CODE_HINT);
	}
	const code = value.trim();
	if (!code.startsWith('000201')) {
		throw new InvalidValueError(`${shown(code)} is not a Pix code: it must start with 000201 (the payload format field)`, CODE_HINT);
	}
	const fields = parseTlv(code);
	const last = fields[fields.length - 1];
	if (last.id !== '63' || Array.from(last.value).length !== 4 || !code.endsWith(`6304${last.value}`)) {
		throw new InvalidValueError('the Pix code does not end with its check value (6304 and four characters)', CODE_HINT);
	}
	if (!/^[0-9A-Fa-f]{4}$/.test(last.value)) {
		throw new InvalidValueError(`the Pix code's check value "${last.value}" is not four hexadecimal digits`, CODE_HINT);
	}
	const crc = last.value.toUpperCase();
	const expected = pixCrc(code.slice(0, code.length - 4));
	if (crc !== expected) {
		throw new InvalidValueError(
			`the Pix code's check value (CRC) is ${last.value} but its content gives ${expected}: the code was changed or copied incompletely`,
			CODE_HINT,
		);
	}
	const byId = new Map<string, string>();
	for (const f of fields) {
		if (byId.has(f.id)) throw new InvalidValueError(`the Pix code has field ${f.id} twice`, CODE_HINT);
		byId.set(f.id, f.value);
	}
	let account: Map<string, string> | undefined;
	for (const f of fields) {
		const n = Number(f.id);
		if (n < 26 || n > 51) continue;
		const sub = parseTlv(f.value, `the Pix code's field ${f.id}`);
		if (sub[0]?.id === '00' && sub[0].value.toLowerCase() === PIX_GUI) {
			account = new Map(sub.map((s) => [s.id, s.value]));
			break;
		}
	}
	if (!account) throw new InvalidValueError(`the code has no Pix account (no field with ${PIX_GUI}): it is not a Pix code`, CODE_HINT);
	const key = account.get('01');
	const url = account.get('25');
	if (key === undefined && url === undefined) throw new InvalidValueError('the Pix code has neither a key nor a charge URL', CODE_HINT);
	let keyType: PixKeyType | undefined;
	if (key !== undefined) {
		const checked = pixKeyOrError(key);
		if (checked instanceof InvalidValueError) throw new InvalidValueError(`the Pix code's key is wrong: ${checked.problem}`, 'Ask the creditor for a new Pix code.');
		keyType = checked.type;
	}
	for (const [id, name] of [
		['52', 'merchant category'],
		['53', 'currency'],
		['58', 'country'],
		['59', 'merchant name'],
		['60', 'merchant city'],
	]) {
		if (!byId.has(id)) throw new InvalidValueError(`the Pix code has no ${name} (field ${id})`, CODE_HINT);
	}
	for (const [id, name, max] of [
		['59', 'merchant name', PIX_MERCHANT_NAME_MAX],
		['60', 'merchant city', PIX_MERCHANT_CITY_MAX],
	] as const) {
		const length = Array.from(byId.get(id) as string).length;
		if (length > max) {
			throw new InvalidValueError(`the Pix code's ${name} (field ${id}) has ${length} characters; the most is ${max}, and payers' apps refuse longer ones`, 'Ask the creditor for a new Pix code.');
		}
	}
	if (byId.get('53') !== '986') throw new InvalidValueError(`the Pix code's currency is ${byId.get('53')}, not 986 (Brazilian real)`, CODE_HINT);
	let amount: number | undefined;
	const amountText = byId.get('54');
	if (amountText !== undefined) {
		if (!/^\d+(\.\d{1,2})?$/.test(amountText)) throw new InvalidValueError(`the Pix code's amount "${amountText}" is not an amount`, CODE_HINT);
		amount = fromMinor(toMinor(Number(amountText), 'BRL'), 'BRL');
	}
	let txid: string | undefined;
	const additional = byId.get('62');
	if (additional !== undefined) {
		const ref = parseTlv(additional, "the Pix code's field 62").find((s) => s.id === '05')?.value;
		if (ref !== undefined && ref !== '***') txid = ref;
	}
	const dynamic = url !== undefined || byId.get('01') === '12';
	return {
		code,
		kind: dynamic ? 'dynamic' : 'static',
		key,
		keyType,
		url,
		description: account.get('02'),
		amount,
		merchantName: byId.get('59') as string,
		merchantCity: byId.get('60') as string,
		txid,
		crc,
		fields,
	};
}
