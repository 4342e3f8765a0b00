/**
 * Phone numbers as they arrive from spreadsheets and CRMs ("(11) 98765-4321", "+55 11 98765 4321",
 * "5511987654321", "whatsapp:+52 1 55 1234 5678"), turned into E.164 and checked against the full
 * ("max") libphonenumber metadata, which knows each country's digit patterns and tells a mobile
 * from a landline. This is the only file that imports libphonenumber-js.
 */
import {
	type CountryCode,
	isSupportedCountry,
	parsePhoneNumberFromString,
	type PhoneNumber,
	validatePhoneNumberLength,
} from 'libphonenumber-js/max';

import { InvalidValueError } from './errors';

export type PhoneChannel = 'sms' | 'whatsapp';

/** What kind of line a number is, from the country's numbering plan. */
export type PhoneLineType =
	| 'mobile'
	| 'landline'
	| 'mobile_or_landline'
	| 'voip'
	| 'toll_free'
	| 'premium_rate'
	| 'shared_cost'
	| 'personal_number'
	| 'pager'
	| 'uan'
	| 'voicemail'
	| 'unknown';

/** A valid number in the formats the providers want. */
export interface NormalizedPhone {
	/** `+5511987654321`: Twilio, and what the `delivery.to` output shows. */
	e164: string;
	/** `5511987654321`: Meta, Zenvia, Infobip. */
	digits: string;
	/** `11987654321`: the national significant number (no trunk prefix). */
	national: string;
	/** ISO 3166-1 alpha-2, e.g. `BR`; undefined for non-geographic numbers. */
	country: string | undefined;
	type: PhoneLineType;
}

export type PhoneProblem =
	| 'missing'
	| 'not_text'
	| 'letters'
	| 'characters'
	| 'too_short'
	| 'too_long'
	| 'unknown_country'
	| 'invalid'
	| 'not_mobile';

/** A phone number that cannot be used. Items failing here get the delivery reason `invalid_number`. */
export class PhoneError extends InvalidValueError {
	readonly reason = 'invalid_number';

	constructor(
		readonly problemCode: PhoneProblem,
		problem: string,
		hint: string,
	) {
		super(problem, hint);
		this.name = 'PhoneError';
	}
}

export interface PhoneOptions {
	/** Country assumed for numbers written without a country code. Default `BR`. */
	defaultCountry?: string;
	/** The channel the number is for: WhatsApp needs a mobile number. */
	channel?: PhoneChannel;
	/** Reject numbers that are certainly not mobiles. Default: true for WhatsApp, false for SMS. */
	requireMobile?: boolean;
}

export const DEFAULT_PHONE_COUNTRY = 'BR';

const FORMAT_HINT =
	'Write the number with its country code, e.g. +55 11 98765-4321 (Brazil), +52 55 1234 5678 (Mexico) or +1 415 555 2671 (USA); numbers without a country code are read as numbers of the default country.';

const TYPE_MAP: Record<string, PhoneLineType> = {
	MOBILE: 'mobile',
	FIXED_LINE: 'landline',
	FIXED_LINE_OR_MOBILE: 'mobile_or_landline',
	VOIP: 'voip',
	TOLL_FREE: 'toll_free',
	PREMIUM_RATE: 'premium_rate',
	SHARED_COST: 'shared_cost',
	PERSONAL_NUMBER: 'personal_number',
	PAGER: 'pager',
	UAN: 'uan',
	VOICEMAIL: 'voicemail',
};

/** Line types that can hold a WhatsApp account or receive texts as a person's phone. */
const MOBILE_LIKE = new Set<PhoneLineType>(['mobile', 'mobile_or_landline', 'voip', 'personal_number', 'unknown']);

const LINE_TYPE_LABEL: Record<PhoneLineType, string> = {
	mobile: 'a mobile number',
	landline: 'a landline',
	mobile_or_landline: 'a mobile or landline number',
	voip: 'an internet (VoIP) number',
	toll_free: 'a toll-free number',
	premium_rate: 'a premium-rate number',
	shared_cost: 'a shared-cost number',
	personal_number: 'a personal number',
	pager: 'a pager number',
	uan: 'a company switchboard (UAN) number',
	voicemail: 'a voicemail access number',
	unknown: 'a number of unknown type',
};

let regionNames: Intl.DisplayNames | undefined;

function countryName(code: string | undefined): string {
	if (!code) return 'its country';
	try {
		regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
		return regionNames.of(code) ?? code;
	} catch {
		return code;
	}
}

/**
 * A number as `+E164` plus the other formats, or a {@link PhoneError} saying what is wrong and
 * how to fix it. Never throws. The error's text does not repeat the number, so a caller that
 * masks phone numbers can show it as is.
 */
export function normalizePhone(value: unknown, options: PhoneOptions = {}): NormalizedPhone | PhoneError {
	const defaultCountry = (options.defaultCountry ?? DEFAULT_PHONE_COUNTRY).trim().toUpperCase();
	if (!isSupportedCountry(defaultCountry)) {
		return new PhoneError(
			'unknown_country',
			`cannot be read: the country "${defaultCountry.slice(0, 20)}" is not a known country code`,
			'Use a two-letter ISO country code such as BR, MX or US (in the item’s country, or in the node’s Default Country).',
		);
	}
	const text = phoneText(value);
	if (text instanceof PhoneError) return text;

	const body = text.replace(/^(?:whatsapp|tel|sms):/i, '').trim();
	if (/[A-Za-z]/.test(body)) {
		return new PhoneError(
			'letters',
			'contains letters, so it is not a phone number (or it has an extension or a note in it)',
			`Keep only the digits, spaces, dashes, brackets and a leading +. ${FORMAT_HINT}`,
		);
	}
	if (!/^\+?[\d\s\-.()/\u00a0\u202f]+$/.test(body) || body.indexOf('+', 1) > 0) {
		return new PhoneError(
			'characters',
			'contains characters that do not belong in a phone number',
			`Keep only the digits, spaces, dashes, brackets and a leading +. ${FORMAT_HINT}`,
		);
	}
	const digits = body.replace(/\D/g, '');
	if (digits.length === 0) {
		return new PhoneError('missing', 'has no digits', FORMAT_HINT);
	}

	const hasPlus = body.startsWith('+');
	// The readings to try, in order; the primary one is the one an error message talks about.
	const national: Candidate = { text: digits, country: defaultCountry as CountryCode };
	const international: Candidate = { text: `+${digits}` };
	let candidates: Candidate[];
	let primary: Candidate;
	if (hasPlus) {
		candidates = [international];
		primary = international;
	} else {
		candidates = [national];
		primary = national;
		// "00" is the international prefix in most of the world; in Brazil "00" is followed by a
		// carrier code, which libphonenumber would read that way, so try the plain reading first.
		if (digits.startsWith('00') && digits.length > 9) candidates.unshift({ text: `+${digits.slice(2)}` });
		// "5511987654321": a full international number typed without the +.
		if (digits.length >= 11) candidates.push(international);
	}

	let primaryParsed: PhoneNumber | undefined;
	for (const candidate of candidates) {
		const parsed = parseCandidate(candidate);
		if (candidate === primary) primaryParsed = parsed;
		if (parsed?.isValid()) return checkLineType(toNormalized(parsed), options);
	}
	return invalidNumberError(primaryParsed, primary);
}

interface Candidate {
	text: string;
	country?: CountryCode;
}

/** {@link normalizePhone} for many items: the same raw value (a debtor with several invoices) is parsed once. */
export function createPhoneNormalizer(options: PhoneOptions = {}): (value: unknown) => NormalizedPhone | PhoneError {
	const cache = new Map<string, NormalizedPhone | PhoneError>();
	return (value: unknown) => {
		if (typeof value !== 'string' && typeof value !== 'number') return normalizePhone(value, options);
		const key = typeof value === 'number' ? `#${value}` : value;
		let result = cache.get(key);
		if (result === undefined) {
			result = normalizePhone(value, options);
			if (cache.size >= 20_000) cache.clear();
			cache.set(key, result);
		}
		return result;
	};
}

function phoneText(value: unknown): string | PhoneError {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return new PhoneError('missing', 'is missing', `Fill in the phone number. ${FORMAT_HINT}`);
	}
	if (typeof value === 'number') {
		// A spreadsheet column formatted as a number: 5511987654321 is fine, 5.51198765432E+12 lost digits.
		if (!Number.isSafeInteger(value) || value <= 0) {
			return new PhoneError(
				'not_text',
				'was stored as a number and lost digits (or is not a whole number)',
				'Format the phone column as text in the spreadsheet so that no digit is rounded away.',
			);
		}
		return String(value);
	}
	if (typeof value !== 'string') {
		return new PhoneError(
			'not_text',
			`is ${Array.isArray(value) ? 'a list' : `a value of type ${typeof value}`}, not a single number`,
			`Map the phone field to a single text value. ${FORMAT_HINT}`,
		);
	}
	return value.trim();
}

function parseCandidate({ text, country }: Candidate): PhoneNumber | undefined {
	const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
	if (!parsed) return undefined;
	const fixed = fixMexico(parsed);
	return fixed ?? parsed;
}

/**
 * Since August 2019 Mexican numbers are +52 and 10 digits; the "1" after +52 for mobiles (and the
 * national 044/045/01/02 prefixes) is no longer dialled, but it is still in many address books.
 * libphonenumber keeps it and then rejects the number, so it is dropped here.
 */
function fixMexico(parsed: PhoneNumber): PhoneNumber | undefined {
	if (parsed.countryCallingCode !== '52') return undefined;
	const m = /^(?:1|044|045|01|02)(\d{10})$/.exec(parsed.nationalNumber);
	if (!m) return undefined;
	return parsePhoneNumberFromString(`+52${m[1]}`);
}

function toNormalized(parsed: PhoneNumber): NormalizedPhone {
	const type = parsed.getType();
	return {
		e164: parsed.number,
		digits: parsed.number.slice(1),
		national: parsed.nationalNumber,
		country: parsed.country,
		type: type ? (TYPE_MAP[type] ?? 'unknown') : 'unknown',
	};
}

function checkLineType(phone: NormalizedPhone, options: PhoneOptions): NormalizedPhone | PhoneError {
	const requireMobile = options.requireMobile ?? options.channel === 'whatsapp';
	if (!requireMobile || MOBILE_LIKE.has(phone.type)) return phone;
	const channel = options.channel === 'whatsapp' ? 'WhatsApp' : 'this channel';
	return new PhoneError(
		'not_mobile',
		`is ${LINE_TYPE_LABEL[phone.type]} (${countryName(phone.country)}), and ${channel} needs a mobile number`,
		options.channel === 'whatsapp'
			? "Use the debtor's mobile number for WhatsApp, or send this debtor an SMS or e-mail instead."
			: "Use the debtor's mobile number, or choose another channel for this debtor.",
	);
}

function invalidNumberError(parsed: PhoneNumber | undefined, candidate: Candidate): PhoneError {
	const country = parsed?.country ?? candidate.country;
	const where = country ? `for ${countryName(country)}` : 'for any country';
	const length = validatePhoneNumberLength(candidate.text, candidate.country ? { defaultCountry: candidate.country } : undefined);
	if (length === 'INVALID_COUNTRY') {
		return new PhoneError('unknown_country', 'starts with a country code that does not exist', FORMAT_HINT);
	}
	if (length === 'TOO_SHORT' || length === 'NOT_A_NUMBER') {
		return new PhoneError('too_short', `is too short to be a phone number ${where}`, `Check for missing digits. ${FORMAT_HINT}`);
	}
	if (length === 'TOO_LONG') {
		return new PhoneError('too_long', `is too long to be a phone number ${where}`, `Check for extra digits. ${FORMAT_HINT}`);
	}
	if (country === 'BR') {
		const national = parsed?.nationalNumber ?? '';
		if (/^\d{2}[6-9]\d{7}$/.test(national)) {
			return new PhoneError(
				'invalid',
				'is not a valid Brazilian number: it looks like an old 8-digit mobile number',
				'Brazilian mobile numbers have 9 digits after the area code (DDD): add a 9 in front, e.g. (11) 98765-4321.',
			);
		}
		return new PhoneError(
			'invalid',
			'is not a valid Brazilian number (check the area code, DDD, and the number of digits)',
			'Brazilian numbers are +55, a 2-digit area code (DDD) and 8 digits (landline) or 9 digits starting with 9 (mobile), e.g. +55 11 98765-4321.',
		);
	}
	return new PhoneError('invalid', `is not a valid phone number ${where}`, FORMAT_HINT);
}

/** The number in the format a provider expects: E.164 for Twilio, digits for Meta, Zenvia and Infobip. */
export function formatPhoneFor(phone: NormalizedPhone, format: 'e164' | 'digits' | 'national'): string {
	if (format === 'e164') return phone.e164;
	if (format === 'national') return phone.national;
	return phone.digits;
}

/**
 * `+5511*****4321`: enough to recognise a number, not enough to use it (LGPD asks to mask phone
 * numbers in logs and outputs). Works on raw input too: only digits are kept, a leading + stays.
 */
export function maskPhone(value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') return '';
	const text = String(value).trim();
	const digits = text.replace(/\D/g, '');
	if (digits.length === 0) return '';
	const plus = text.replace(/^(?:whatsapp|tel|sms):/i, '').trim().startsWith('+') ? '+' : '';
	const n = digits.length;
	const keepEnd = n >= 8 ? 4 : n >= 5 ? 2 : 0;
	const keepStart = n >= 12 ? 4 : n >= 8 ? 2 : 0;
	return `${plus}${digits.slice(0, keepStart)}${'*'.repeat(n - keepStart - keepEnd)}${digits.slice(n - keepEnd)}`;
}
