/**
 * Segmenting debtors: who they are as payers (first-time, casual, intentional), which segment of
 * the collection strategy they fall in, and what that means for the message: tone, channels in
 * order of preference (only those the debtor can and may be reached on), offer and priority.
 *
 * Everything here reads the raw values of a row (CSV strings included) and explains itself in
 * `reasons`, so that an operations person can see why a debtor got a segment.
 */
import { type DateOrder, type DayNumber, calendarDateOrError, civilDate, isoDate } from './dates';
import {
	type ClassifyContext,
	type DunningInfo,
	type InvoiceInput,
	type InvoiceStatus,
	classifyInvoice,
	normalizeStatus,
} from './dunning';
import { InvalidFieldError, InvalidSettingError, InvalidValueError } from './errors';
import { PHASES, type Phase } from './ladder';
import { amountOrError, currencyProblem, minorUnitsProblem, roundMoney } from './money';

export type DebtorType = 'first_time' | 'casual' | 'intentional';
export type Tone = 'friendly' | 'firm' | 'formal';
export type Channel = 'whatsapp' | 'sms' | 'email';
export type Offer = 'none' | 'early_payment_discount' | 'instalments' | 'settlement';

export const DEBTOR_TYPES: DebtorType[] = ['first_time', 'casual', 'intentional'];
export const CHANNELS: Channel[] = ['whatsapp', 'sms', 'email'];
export const TONES: Tone[] = ['friendly', 'firm', 'formal'];
export const OFFERS: Offer[] = ['none', 'early_payment_discount', 'instalments', 'settlement'];

export type BuiltInSegmentName =
	| 'pre_due'
	| 'first_time'
	| 'casual'
	| 'intentional'
	| 'negotiation'
	| 'legal'
	| 'settled'
	| 'on_hold';

export interface BuiltInSegmentDefinition {
	name: BuiltInSegmentName;
	/** The output's label when the node routes per segment. */
	outputName: string;
	/** When the segment applies, for reasons and documentation. */
	when: string;
}

/** The Standard model's segments, in the order they are checked: the first that applies wins. */
export const BUILT_IN_SEGMENTS: BuiltInSegmentDefinition[] = [
	{ name: 'pre_due', outputName: 'Pre-Due', when: 'not overdue yet (pre-collection)' },
	{ name: 'first_time', outputName: 'First-Time', when: 'overdue, a first-time debtor' },
	{ name: 'casual', outputName: 'Casual', when: 'overdue, a casual debtor' },
	{ name: 'intentional', outputName: 'Intentional', when: 'overdue, an intentional debtor, before the legal phase' },
	{ name: 'negotiation', outputName: 'Negotiation', when: 'in the negotiation phase' },
	{ name: 'legal', outputName: 'Legal', when: 'in the legal phase' },
	{ name: 'settled', outputName: 'Settled', when: 'paid' },
	{ name: 'on_hold', outputName: 'On Hold', when: 'cancelled, disputed or paused: no collection contact' },
];

const SEGMENT_BY_NAME = new Map(BUILT_IN_SEGMENTS.map((s) => [s.name, s]));


// ---------------------------------------------------------------------------------------------
// Settings

export type ValueTier = 'low' | 'medium' | 'high';

/** Amount thresholds of one currency: the tiers, and the smallest debt offered instalments. */
export interface CurrencyThresholds {
	mediumFrom: number;
	highFrom: number;
	instalmentsFrom: number;
}

/**
 * Starting points, in each currency's units, meant to be tuned: a household bill is low, a few
 * months of it medium, a business contract high. Instalments below the minimum cost more to
 * administer than they recover, so smaller debts in negotiation get a settlement offer instead.
 */
export const DEFAULT_VALUE_TIERS: Record<string, CurrencyThresholds> = {
	BRL: { mediumFrom: 500, highFrom: 2000, instalmentsFrom: 200 },
	EUR: { mediumFrom: 100, highFrom: 500, instalmentsFrom: 50 },
	MXN: { mediumFrom: 2000, highFrom: 8000, instalmentsFrom: 1000 },
	USD: { mediumFrom: 100, highFrom: 500, instalmentsFrom: 50 },
};

export type NamePart = 'valueTier' | 'tenure' | 'customerType' | 'productType';
/** The order name parts are appended in: casual_high_loyal_business_fibra. */
export const NAME_PARTS: NamePart[] = ['valueTier', 'tenure', 'customerType', 'productType'];

export interface SegmentPolicy {
	/** Broken promises from which a debtor is intentional. */
	intentionalBrokenPromises: number;
	/** Late payments in 12 months from which a debtor with an old debt is intentional. */
	intentionalLateCount: number;
	/** Days overdue from which a debt is old (for the late-payment rule). */
	oldDebtFromDay: number;
	/** Day overdue from which casual debtors get a firm tone. */
	firmFromDay: number;
	/** Customers for at least this many months are loyal: casual ones keep a friendly tone (0: nobody). */
	loyalTenureMonths: number;
	/** Customers for fewer months than this are new. */
	newCustomerMonths: number;
	/** Offer an early-payment discount to debtors who are not overdue yet. */
	earlyPaymentDiscount: boolean;
	/** Channels in order of preference; channels not listed are never used. */
	channelOrder: Channel[];
	/** Thresholds per ISO currency code (upper case). */
	valueTiers: Map<string, CurrencyThresholds>;
	/** For rows without a currency; empty: such rows are an error. */
	defaultCurrency: string;
	/** Extra parts of the segment name, in {@link NAME_PARTS} order. */
	nameParts: NamePart[];
}

export const DEFAULT_CHANNEL_ORDER: Channel[] = ['whatsapp', 'sms', 'email'];

export const DEFAULT_POLICY: SegmentPolicy = {
	intentionalBrokenPromises: 2,
	intentionalLateCount: 4,
	oldDebtFromDay: 30,
	firmFromDay: 15,
	loyalTenureMonths: 24,
	newCustomerMonths: 6,
	earlyPaymentDiscount: false,
	channelOrder: DEFAULT_CHANNEL_ORDER,
	valueTiers: new Map(Object.entries(DEFAULT_VALUE_TIERS)),
	defaultCurrency: '',
	nameParts: [],
};

function wholeSetting(setting: string, value: unknown, fallback: number, min: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min) {
		throw new InvalidSettingError(setting, `${String(value)} is not a whole number of ${min} or more`, `Enter a whole number such as ${fallback}.`);
	}
	return n;
}

export interface ValueTierRow {
	currency?: unknown;
	mediumFrom?: unknown;
	highFrom?: unknown;
	instalmentsFrom?: unknown;
}

/** The built-in thresholds with the user's rows laid over them (a row replaces its currency). */
export function buildValueTiers(rows: ValueTierRow[]): Map<string, CurrencyThresholds> {
	// Copies: texts about a policy are cached on its own threshold objects.
	const tiers = new Map(Object.entries(DEFAULT_VALUE_TIERS).map(([currency, t]) => [currency, { ...t }]));
	rows.forEach((row, i) => {
		const where = `row ${i + 1}`;
		const currency = String(row.currency ?? '').trim().toUpperCase();
		const problem = currencyProblem(currency);
		if (problem) throw new InvalidSettingError('Value Tiers', `${where}: "${currency}" ${problem.problem}`, problem.hint);
		const number = (value: unknown, label: string) => {
			const n = Number(value ?? 0);
			if (!Number.isFinite(n) || n < 0) {
				throw new InvalidSettingError('Value Tiers', `${where} (${currency}): ${label} ${String(value)} is not an amount`, 'Enter an amount of 0 or more, e.g. 500.');
			}
			return n;
		};
		const t = {
			mediumFrom: number(row.mediumFrom, 'Medium From'),
			highFrom: number(row.highFrom, 'High From'),
			instalmentsFrom: number(row.instalmentsFrom, 'Instalments From'),
		};
		if (t.highFrom < t.mediumFrom) {
			throw new InvalidSettingError('Value Tiers', `${where} (${currency}): High From (${t.highFrom}) is below Medium From (${t.mediumFrom})`, 'The high tier must start at or above the medium tier.');
		}
		tiers.set(currency, t);
	});
	return tiers;
}

/** Validates the node's Standard model options once. Throws {@link InvalidSettingError}. */
export function buildPolicy(raw: Partial<Record<keyof SegmentPolicy, unknown>>, valueTierRows: ValueTierRow[] = []): SegmentPolicy {
	const defaultCurrency = String(raw.defaultCurrency ?? '').trim().toUpperCase();
	const currencyError = defaultCurrency === '' ? undefined : currencyProblem(defaultCurrency);
	if (currencyError) throw new InvalidSettingError('Default Currency', `"${defaultCurrency}" ${currencyError.problem}`, `${currencyError.hint} Or leave it empty.`);
	const parts = Array.isArray(raw.nameParts) ? raw.nameParts : [];
	const unknownPart = parts.find((p) => !NAME_PARTS.includes(p as NamePart));
	if (unknownPart !== undefined) {
		throw new InvalidSettingError('Add to Segment Name', `"${String(unknownPart)}" is not a name part`, 'Pick from Value Tier, Tenure, Customer Type and Product Type.');
	}
	const channelOrder = parseChannelOrder(raw.channelOrder, 'Channel Order') ?? DEFAULT_CHANNEL_ORDER;
	return {
		intentionalBrokenPromises: wholeSetting('Broken Promises for Intentional', raw.intentionalBrokenPromises, DEFAULT_POLICY.intentionalBrokenPromises, 1),
		intentionalLateCount: wholeSetting('Late Payments for Intentional', raw.intentionalLateCount, DEFAULT_POLICY.intentionalLateCount, 1),
		oldDebtFromDay: wholeSetting('Old Debt From Day', raw.oldDebtFromDay, DEFAULT_POLICY.oldDebtFromDay, 1),
		firmFromDay: wholeSetting('Firm Tone From Day', raw.firmFromDay, DEFAULT_POLICY.firmFromDay, 1),
		loyalTenureMonths: wholeSetting('Loyal Customer After (Months)', raw.loyalTenureMonths, DEFAULT_POLICY.loyalTenureMonths, 0),
		newCustomerMonths: wholeSetting('New Customer Before (Months)', raw.newCustomerMonths, DEFAULT_POLICY.newCustomerMonths, 0),
		earlyPaymentDiscount: raw.earlyPaymentDiscount === true,
		channelOrder,
		valueTiers: buildValueTiers(valueTierRows),
		defaultCurrency,
		nameParts: NAME_PARTS.filter((p) => parts.includes(p)),
	};
}

// ---------------------------------------------------------------------------------------------
// Reading row values (CSV strings included)

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'sim', 's', 'si', 'sí', '1', 'x', 'on', 'verdadeiro', 'verdadero']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'não', 'nao', '0', 'off', '', 'falso']);
const ALL_WORDS = new Set(['all', 'todos', 'todas', 'everything', 'tudo', 'todo']);
const NONE_WORDS = new Set(['none', 'nenhum', 'nenhuma', 'ninguno', 'ninguna', 'nada']);
const CHANNEL_WORDS = new Map<string, Channel>([
	['sms', 'sms'],
	['text', 'sms'],
	['texto', 'sms'],
	['whatsapp', 'whatsapp'],
	['whats', 'whatsapp'],
	['wa', 'whatsapp'],
	['zap', 'whatsapp'],
	['wpp', 'whatsapp'],
	['email', 'email'],
	['e-mail', 'email'],
	['mail', 'email'],
	['correo', 'email'],
]);

const YES_NO_HINT = 'Use true or false (yes/no, sim/não and sí/no also work); leave it empty for no.';
const OPT_OUT_HINT =
	'Use true (no contact at all), false or empty (no opt-out), or the channels the debtor opted out of, e.g. "sms, whatsapp" or a list ["sms"].';
const COUNT_HINT = 'Use a whole number such as 0, 1 or 3; leave it empty for none.';

/** A yes/no flag such as WhatsApp opt-in: booleans, 1/0, and true/false words in English, Portuguese, Spanish. */
export function flagOrError(value: unknown): boolean | InvalidValueError {
	if (value === undefined || value === null) return false;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') {
		if (value === 1) return true;
		if (value === 0) return false;
	}
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	return new InvalidValueError('is not yes or no', YES_NO_HINT);
}

const NO_CHANNEL: ReadonlySet<Channel> = new Set();
const EVERY_CHANNEL: ReadonlySet<Channel> = new Set(CHANNELS);

/** The channels a debtor opted out of: true means all, a list or "sms,whatsapp" means those. Read only. */
export function optOutOrError(value: unknown): ReadonlySet<Channel> | InvalidValueError {
	if (value === undefined || value === null) return NO_CHANNEL;
	if (typeof value === 'boolean') return value ? EVERY_CHANNEL : NO_CHANNEL;
	if (typeof value === 'number') {
		if (value === 1) return EVERY_CHANNEL;
		if (value === 0) return NO_CHANNEL;
		return new InvalidValueError('is not an opt-out', OPT_OUT_HINT);
	}
	let tokens: unknown[];
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word) || ALL_WORDS.has(word)) return EVERY_CHANNEL;
		if (FALSE_WORDS.has(word) || NONE_WORDS.has(word)) return NO_CHANNEL;
		tokens = word.split(/[,;|/\s]+/);
	} else if (Array.isArray(value)) {
		tokens = value;
	} else {
		return new InvalidValueError('is not an opt-out', OPT_OUT_HINT);
	}
	const channels = new Set<Channel>();
	for (const token of tokens) {
		if (typeof token !== 'string') return new InvalidValueError(`has ${String(token)} where a channel name is expected`, OPT_OUT_HINT);
		const word = token.trim().toLowerCase();
		if (word === '') continue;
		if (ALL_WORDS.has(word)) return EVERY_CHANNEL;
		const channel = CHANNEL_WORDS.get(word);
		if (!channel) return new InvalidValueError(`names "${word}", which is not a channel (sms, whatsapp or email)`, OPT_OUT_HINT);
		channels.add(channel);
	}
	return channels;
}

/** A count such as late payments or broken promises: empty means 0 (no history given). */
export function countOrError(value: unknown): number | InvalidValueError {
	if (value === undefined || value === null) return 0;
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return 0;
		if (!/^\d+(?:[.,]0+)?$/.test(text)) return new InvalidValueError('is not a whole number of 0 or more', COUNT_HINT);
		n = Number.parseInt(text, 10);
	} else return new InvalidValueError('is not a count', COUNT_HINT);
	if (!Number.isInteger(n) || n < 0) return new InvalidValueError('is not a whole number of 0 or more', COUNT_HINT);
	return n;
}

function phoneDigits(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? String(Math.trunc(Math.abs(value))).length : 0;
	if (typeof value !== 'string') return 0;
	let digits = 0;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c >= 48 && c <= 57) digits++;
	}
	return digits;
}

/** The characters JavaScript's \s and trim() treat as white space. */
function isSpace(c: number): boolean {
	return (
		(c >= 9 && c <= 13) ||
		c === 32 ||
		c === 160 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/**
 * Whether `text` is an e-mail address: `/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim())`, written
 * out because it runs for every debtor: one "@" with something before it, no white space, and a
 * dot after the "@" with something on both sides of it.
 */
export function isEmailAddress(text: string): boolean {
	let start = 0;
	let end = text.length;
	while (start < end && isSpace(text.charCodeAt(start))) start++;
	while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
	let at = -1;
	let dot = -1;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 64) {
			if (at >= 0) return false;
			at = i;
		} else if (c === 46) {
			if (at >= 0 && dot < 0 && i > at + 1) dot = i;
		} else if ((c <= 32 || c > 126) && isSpace(c)) {
			return false;
		}
	}
	return at > start && dot > 0 && dot < end - 1;
}

function isBlank(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value !== 'string') return false;
	// A printable ASCII first character settles it without trimming (called several times per debtor).
	const first = value.charCodeAt(0);
	if (first > 32 && first < 127) return false;
	return value.trim() === '';
}

// ---------------------------------------------------------------------------------------------
// The state of the debt: from Dunning Stage's `dunning` object, or computed the same way

export interface DebtState {
	status: InvoiceStatus;
	phase: Phase;
	/** Negative: days until due; null for a paid or cancelled invoice without a due date. */
	daysOverdue: number | null;
	stage: string | null;
	referenceDay: DayNumber;
	timezone: string;
	/** Where the numbers came from, for reasons. */
	source: 'dunning' | 'computed';
	dueDate: string | null;
	/** Dunning Stage found a promise (or an instalment) broken in this run: counted with `brokenPromises`. */
	brokenPromise?: boolean;
}

const PHASE_SET = new Set<string>(PHASES);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isoDays = new Map<string, DayNumber | undefined>();

/** The last date isoDay read: every row of a run has the same reference date. */
let lastIsoText = '';
let lastIsoDay: DayNumber | undefined;

/** "2026-11-23" as a day number; one parse per distinct date (a run has one reference date). */
function isoDay(text: string): DayNumber | undefined {
	if (text === lastIsoText) return lastIsoDay;
	if (isoDays.has(text)) return isoDays.get(text);
	const day = ISO_DAY.test(text) ? calendarDateOrError(text, 'UTC') : undefined;
	const result = day instanceof InvalidValueError ? undefined : day;
	if (isoDays.size >= 10_000) isoDays.clear();
	isoDays.set(text, result);
	lastIsoText = text;
	lastIsoDay = result;
	return result;
}

/**
 * The debt as Dunning Stage described it, or undefined when `value` is not such an object (then
 * the row is classified here, with the same function). An open invoice must have a number of days.
 */
export function debtStateFromDunning(value: unknown): DebtState | undefined {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const d = value as Partial<Record<keyof DunningInfo, unknown>>;
	if (typeof d.phase !== 'string' || !PHASE_SET.has(d.phase)) return undefined;
	const days = d.daysOverdue;
	if (days !== null && (typeof days !== 'number' || !Number.isFinite(days))) return undefined;
	const status = (typeof d.status === 'string' ? normalizeStatus(d.status) : undefined) ?? (d.phase === 'settled' ? 'paid' : 'open');
	if (status === 'open' && days === null) return undefined;
	if (typeof d.referenceDate !== 'string') return undefined;
	const ref = isoDay(d.referenceDate);
	if (ref === undefined) return undefined;
	const state: DebtState = {
		status,
		phase: d.phase as Phase,
		daysOverdue: days,
		stage: typeof d.stage === 'string' ? d.stage : null,
		referenceDay: ref,
		timezone: typeof d.timezone === 'string' && d.timezone !== '' ? d.timezone : 'UTC',
		source: 'dunning',
		dueDate: typeof d.dueDate === 'string' ? d.dueDate : null,
	};
	// Set afterwards, not spread into the literal: no object made for it on each of 100,000 rows.
	if (d.brokenPromise === true) state.brokenPromise = true;
	return state;
}

/**
 * The state of the debt of a row: its `dunning` object when Dunning Stage already ran, otherwise
 * {@link classifyInvoice} on the row's own fields (throws {@link InvalidFieldError} as it does).
 * `context` is called only when it is needed.
 */
export function readDebtState(dunning: unknown, invoice: InvoiceInput, context: () => ClassifyContext): DebtState {
	const fromDunning = debtStateFromDunning(dunning);
	if (fromDunning) return fromDunning;
	// Which stage was last sent does not matter to a segment: do not fail on it.
	const { info } = classifyInvoice({ ...invoice, lastStageSent: undefined }, context());
	return {
		status: info.status,
		phase: info.phase,
		daysOverdue: info.daysOverdue,
		stage: info.stage,
		referenceDay: isoDay(info.referenceDate) as DayNumber,
		timezone: info.timezone,
		source: 'computed',
		dueDate: info.dueDate,
	};
}

// ---------------------------------------------------------------------------------------------
// The debtor

export interface DebtorFieldNames {
	amount: string;
	currency: string;
	lateCount12m: string;
	brokenPromises: string;
	customerSince: string;
	customerType: string;
	productType: string;
	phone: string;
	email: string;
	whatsappOptIn: string;
	optedOut: string;
}

export const DEFAULT_DEBTOR_FIELDS: DebtorFieldNames = {
	amount: 'amount',
	currency: 'currency',
	lateCount12m: 'lateCount12m',
	brokenPromises: 'brokenPromises',
	customerSince: 'customerSince',
	customerType: 'customerType',
	productType: 'productType',
	phone: 'phone',
	email: 'email',
	whatsappOptIn: 'whatsappOptIn',
	optedOut: 'optedOut',
};

export type DebtorInput = Record<keyof DebtorFieldNames, unknown>;

export type TenureBand = 'new' | 'established' | 'loyal';

/** Why a channel cannot be used for a debtor; 0 means it can. */
const enum ChannelProblem {
	None = 0,
	OptedOut = 1,
	NoEmail = 2,
	BadEmail = 3,
	NoPhone = 4,
	ShortPhone = 5,
	NoOptIn = 6,
	NotInOrder = 7,
}

const PROBLEM_TEXT = [
	'',
	'opted out',
	'no e-mail address',
	'not a valid e-mail address',
	'no phone number',
	'the phone number has too few digits',
	'no WhatsApp opt-in',
	'not in Channel Order',
];

export interface DebtorProfile {
	debtorType: DebtorType;
	/** Null only for settled and on-hold debts, which need no amount. */
	amount: number | null;
	/** The currency the value tier was read in (null when no tier applies). */
	currency: string | null;
	valueTier: ValueTier | null;
	/** The smallest debt offered instalments in that currency. */
	instalmentsFrom: number | null;
	lateCount12m: number;
	brokenPromises: number;
	tenureMonths: number | null;
	tenure: TenureBand | null;
	customerType: string;
	productType: string;
	/**
	 * Per channel (whatsapp, sms, email: 3 bits each) why it cannot be used, 0 when it can: one
	 * number instead of a set and a list per debtor.
	 */
	channelProblems: number;
	/** Why this debtor type, value tier and tenure. */
	reasons: string[];
}

export function canReach(profile: DebtorProfile, channel: Channel): boolean {
	return ((profile.channelProblems >> (3 * CHANNELS.indexOf(channel))) & 7) === ChannelProblem.None;
}

function fieldValue<T>(field: string, value: unknown, result: T | InvalidValueError): T {
	if (typeof result === 'object' && result instanceof InvalidValueError) throw InvalidFieldError.from(field, value, result);
	return result as T;
}

/** Whole calendar months from `since` to `today`: a customer since 2026-01-15 has 1 month on 2026-02-15, 0 the day before. */
export function monthsBetween(since: DayNumber, today: DayNumber): number {
	const a = civilDate(since);
	const b = civilDate(today);
	let months = (b.year - a.year) * 12 + (b.month - a.month);
	if (b.day < a.day) months--;
	return months;
}

function plural(n: number, word: string, words = `${word}s`): string {
	return `${n} ${n === 1 ? word : words}`;
}

/**
 * Texts that repeat across debtors, made once per policy and number key: over 100,000 debtors
 * the reasons are a few hundred distinct sentences, and sharing them keeps the output small and
 * the garbage collector out of the way. The caches hang off the object they depend on (a policy,
 * a currency's thresholds) under a symbol, which JSON never shows: a property read per lookup
 * instead of a WeakMap search.
 */
const TEXT_CACHES = Symbol('segment texts');

type CacheOwner = object & { [TEXT_CACHES]?: Map<string, Map<number, unknown>> };

function textCache<T>(owner: object, kind: string): Map<number, T> {
	const o = owner as CacheOwner;
	let kinds = o[TEXT_CACHES];
	if (!kinds) {
		kinds = new Map();
		Object.defineProperty(o, TEXT_CACHES, { value: kinds, enumerable: false });
	}
	let cache = kinds.get(kind);
	if (!cache) {
		cache = new Map();
		kinds.set(kind, cache);
	}
	return cache as Map<number, T>;
}

function remember<T>(cache: Map<number, T>, key: number, value: T): T {
	if (cache.size >= 100_000) cache.clear();
	cache.set(key, value);
	return value;
}

/**
 * The Standard model's debtor type. Intentional: repeated broken promises, or a long history of
 * lateness with an old debt. First-time: no late payments and no broken promises. Casual: the rest.
 */
export function classifyDebtorType(
	lateCount12m: number,
	brokenPromises: number,
	daysOverdue: number | null,
	policy: SegmentPolicy,
): { type: DebtorType; reason: string } {
	const old = (daysOverdue ?? 0) >= policy.oldDebtFromDay;
	const key = lateCount12m * 2_000_003 + brokenPromises * 2 + (old ? 1 : 0);
	const cache = textCache<{ type: DebtorType; reason: string }>(policy, 'debtorType');
	return cache.get(key) ?? remember(cache, key, debtorTypeOf(lateCount12m, brokenPromises, old, policy));
}

function debtorTypeOf(lateCount12m: number, brokenPromises: number, old: boolean, policy: SegmentPolicy): { type: DebtorType; reason: string } {
	const history = `${plural(lateCount12m, 'late payment')} in 12 months, ${plural(brokenPromises, 'broken promise')}`;
	if (brokenPromises >= policy.intentionalBrokenPromises) {
		return { type: 'intentional', reason: `Intentional debtor: ${history} (${policy.intentionalBrokenPromises} or more broken promises)` };
	}
	if (lateCount12m >= policy.intentionalLateCount && old) {
		return {
			type: 'intentional',
			reason: `Intentional debtor: ${history} (${policy.intentionalLateCount} or more late payments, and the debt is ${policy.oldDebtFromDay} days or more overdue)`,
		};
	}
	if (lateCount12m === 0 && brokenPromises === 0) {
		return { type: 'first_time', reason: 'First-time debtor: no late payments in 12 months and no broken promises' };
	}
	return { type: 'casual', reason: `Casual debtor: ${history}` };
}

export function valueTierOf(amount: number, t: CurrencyThresholds): ValueTier {
	if (amount >= t.highFrom) return 'high';
	if (amount >= t.mediumFrom) return 'medium';
	return 'low';
}

export function tenureBand(months: number, policy: SegmentPolicy): TenureBand {
	if (policy.loyalTenureMonths > 0 && months >= policy.loyalTenureMonths) return 'loyal';
	if (months < policy.newCustomerMonths) return 'new';
	return 'established';
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/** Per date order and zone, each distinct customer-since text parsed once (no key string per debtor). */
const sinceDays = new Map<string, Map<string, Map<string, DayNumber | InvalidValueError>>>();
let sinceDayCount = 0;

/** Customer-since dates repeat across a customer's invoices: parse each distinct text once per zone and order. */
function customerSinceDay(value: unknown, zone: string, order: DateOrder): DayNumber | InvalidValueError {
	if (typeof value !== 'string') return calendarDateOrError(value, zone, order);
	let byZone = sinceDays.get(order);
	if (!byZone) {
		byZone = new Map();
		sinceDays.set(order, byZone);
	}
	let texts = byZone.get(zone);
	if (!texts) {
		texts = new Map();
		byZone.set(zone, texts);
	}
	let day = texts.get(value);
	if (day === undefined) {
		day = calendarDateOrError(value, zone, order);
		if (++sinceDayCount > 50_000) {
			sinceDays.clear();
			sinceDayCount = 0;
		}
		texts.set(value, day);
	}
	return day;
}

interface TenureFacts {
	months: number;
	band: TenureBand;
	reason: string;
}

/** Months, band and reason per (customer since, reference day): both are day numbers well inside ±2^25. */
function tenureFacts(since: DayNumber, ref: DayNumber, policy: SegmentPolicy): TenureFacts {
	const cache = textCache<TenureFacts>(policy, 'tenure');
	const key = since * 2 ** 26 + ref;
	let facts = cache.get(key);
	if (facts === undefined) {
		const months = monthsBetween(since, ref);
		const band = tenureBand(months, policy);
		facts = remember(cache, key, { months, band, reason: `Customer since ${isoDate(since)}: ${plural(months, 'month')}, ${band}` });
	}
	return facts;
}

/** Plain "1234.56" or "129,90" without the general parser; anything else goes through {@link amountOrError}. */
const SIMPLE_AMOUNT = /^\d{1,12}(?:[.,]\d{1,2})?$/;

function readAmount(value: unknown): number | InvalidValueError {
	if (typeof value === 'string' && SIMPLE_AMOUNT.test(value)) {
		const comma = value.indexOf(',');
		return Number(comma < 0 ? value : `${value.slice(0, comma)}.${value.slice(comma + 1)}`);
	}
	return amountOrError(value);
}

/**
 * Reads and checks the debtor's fields. Throws {@link InvalidFieldError} naming the field when a
 * value cannot be used (an amount of "abc", a currency without value tiers, an opt-out of
 * "maybe", a count of "-1", a customer-since date that does not exist).
 */
export function profileDebtor(
	input: DebtorInput,
	state: DebtState,
	policy: SegmentPolicy,
	fields: DebtorFieldNames,
	dateOrder: DateOrder,
): DebtorProfile {
	const collectable = state.status === 'open';
	let amount: number | null = null;
	if (collectable && isBlank(input.amount)) {
		throw new InvalidFieldError(
			fields.amount,
			input.amount,
			'an open debt needs an amount to be segmented',
			'Fill in the amount, or point Amount Field (under Field Names) at the column that has it.',
		);
	}
	let rawAmount: number | null = null;
	if (!isBlank(input.amount)) {
		rawAmount = fieldValue(fields.amount, input.amount, readAmount(input.amount));
		amount = roundMoney(rawAmount);
	}
	if (collectable && amount !== null && amount < 0) {
		// A negative balance is money the company owes the customer: no collection message may go out for it.
		throw new InvalidFieldError(
			fields.amount,
			input.amount,
			'is negative: a credit balance is not a debt to collect',
			'Check the amount. Remove credit balances from the collection run (a Filter node before this one), or mark the invoice paid.',
		);
	}

	let currency: string | null = null;
	let valueTier: ValueTier | null = null;
	let instalmentsFrom: number | null = null;
	let tierReason: string | undefined;
	if (collectable && amount !== null) {
		const given = textOf(input.currency);
		currency = given === '' ? policy.defaultCurrency : given.length === 3 && !policy.valueTiers.has(given) ? given.toUpperCase() : given;
		if (currency === '') {
			throw new InvalidFieldError(
				fields.currency,
				input.currency,
				'the value tier needs the currency of the amount',
				'Fill in the currency (BRL, MXN, USD...), point Currency Field at the right column, or set Default Currency.',
			);
		}
		const thresholds = policy.valueTiers.get(currency);
		if (!thresholds) {
			const problem = currencyProblem(currency);
			if (problem) throw InvalidFieldError.from(fields.currency, isBlank(input.currency) ? currency : input.currency, problem);
			throw new InvalidFieldError(
				fields.currency,
				isBlank(input.currency) ? currency : input.currency,
				'has no value tier thresholds',
				`Add a row for ${currency} under Value Tiers (known now: ${[...policy.valueTiers.keys()].join(', ')}), or correct the currency code.`,
			);
		}
		fieldValue(fields.amount, input.amount, minorUnitsProblem(rawAmount as number, currency) ?? 0);
		const tier = valueTierOf(amount, thresholds);
		valueTier = tier;
		instalmentsFrom = thresholds.instalmentsFrom;
		const tiers = textCache<string>(thresholds, 'valueTier');
		const tierKey = tier === 'low' ? 0 : tier === 'medium' ? 1 : 2;
		tierReason =
			tiers.get(tierKey) ??
			remember(tiers, tierKey, `Value tier ${tier} (${currency}: medium from ${thresholds.mediumFrom}, high from ${thresholds.highFrom})`);
	}

	const lateCount12m = fieldValue(fields.lateCount12m, input.lateCount12m, countOrError(input.lateCount12m));
	// A promise Dunning Stage found broken in this run counts now, before the write-back adds it to the row.
	const brokenPromises = fieldValue(fields.brokenPromises, input.brokenPromises, countOrError(input.brokenPromises)) + (state.brokenPromise ? 1 : 0);
	const type = classifyDebtorType(lateCount12m, brokenPromises, state.daysOverdue, policy);
	const reasons = tierReason === undefined ? [type.reason] : [type.reason, tierReason];

	let tenureMonths: number | null = null;
	let tenure: TenureBand | null = null;
	if (!isBlank(input.customerSince)) {
		const since = fieldValue(fields.customerSince, input.customerSince, customerSinceDay(input.customerSince, state.timezone, dateOrder));
		if (since > state.referenceDay) {
			throw new InvalidFieldError(
				fields.customerSince,
				input.customerSince,
				`is after the reference date ${isoDate(state.referenceDay)}`,
				'Check the date the customer relationship started; dates with slashes are read as set in Date Format.',
			);
		}
		const facts = tenureFacts(since, state.referenceDay, policy);
		tenureMonths = facts.months;
		tenure = facts.band;
		reasons.push(facts.reason);
	}

	const optIn = fieldValue(fields.whatsappOptIn, input.whatsappOptIn, flagOrError(input.whatsappOptIn));
	const optedOut = fieldValue(fields.optedOut, input.optedOut, optOutOrError(input.optedOut));
	const phoneProblem = isBlank(input.phone) ? ChannelProblem.NoPhone : phoneDigits(input.phone) < 8 ? ChannelProblem.ShortPhone : ChannelProblem.None;
	const emailProblem = isBlank(input.email)
		? ChannelProblem.NoEmail
		: typeof input.email === 'string' && isEmailAddress(input.email)
			? ChannelProblem.None
			: ChannelProblem.BadEmail;
	let channelProblems = 0;
	for (let c = 0; c < CHANNELS.length; c++) {
		const channel = CHANNELS[c];
		let problem: ChannelProblem;
		if (optedOut.has(channel)) problem = ChannelProblem.OptedOut;
		else if (channel === 'email') problem = emailProblem;
		else problem = phoneProblem;
		if (problem === ChannelProblem.None && channel === 'whatsapp' && !optIn) problem = ChannelProblem.NoOptIn;
		if (problem === ChannelProblem.None && !policy.channelOrder.includes(channel)) problem = ChannelProblem.NotInOrder;
		channelProblems |= problem << (3 * c);
	}
	return {
		debtorType: type.type,
		amount,
		currency,
		valueTier,
		instalmentsFrom,
		lateCount12m,
		brokenPromises,
		tenureMonths,
		tenure,
		customerType: textOf(input.customerType),
		productType: textOf(input.productType),
		channelProblems,
		reasons,
	};
}

// ---------------------------------------------------------------------------------------------
// Priority

/** Days past which age no longer raises the priority (half a year). */
export const PRIORITY_AGE_CAP_DAYS = 180;

/**
 * Priority to work a debt, higher first: `round(10 × log10(1 + amount) × (1 + d / 30))`, where
 * `d` is the days overdue between 0 and 180. The logarithm keeps one large debt from drowning
 * many ordinary ones (100 → 20, 1,000 → 30, 10,000 → 40 when due today); each month overdue adds
 * the amount's weight once more, up to 7 times at six months. Amounts in different currencies
 * are compared as plain numbers.
 */
export function priorityScore(amount: number, daysOverdue: number): number {
	const money = Math.log10(1 + Math.max(0, amount));
	const days = Math.min(Math.max(0, daysOverdue), PRIORITY_AGE_CAP_DAYS);
	return Math.round(10 * money * (1 + days / 30));
}

// ---------------------------------------------------------------------------------------------
// Segments

export interface Segment {
	name: string;
	debtorType: DebtorType;
	tone: Tone;
	channels: Channel[];
	offer: Offer;
	priority: number;
	valueTier: ValueTier | null;
	tenureMonths: number | null;
	reasons: string[];
	variant?: string;
}

function daysPhrase(days: number | null): string {
	if (days === null) return 'no due date';
	if (days > 0) return `${plural(days, 'day')} overdue`;
	if (days === 0) return 'due today';
	return `due in ${plural(-days, 'day')}`;
}

type TextTree = Map<unknown, TextTree | string>;
const debtTexts: TextTree = new Map();

function subTree(node: TextTree, key: unknown): TextTree {
	let next = node.get(key) as TextTree | undefined;
	if (!next) {
		if (node.size >= 5_000) node.clear();
		next = new Map();
		node.set(key, next);
	}
	return next;
}

/** "12 days overdue (Dunning Stage: phase dunning, stage overdue_9d)", one copy per distinct sentence. */
function debtReason(state: DebtState): string {
	// Nested maps keyed by the values themselves: no key string (nor key list) to build per debtor.
	let node = subTree(subTree(subTree(debtTexts, state.source), state.status), state.phase);
	if (state.source === 'dunning') node = subTree(node, state.stage);
	else node = subTree(subTree(node, state.timezone), state.dueDate);
	const last = state.daysOverdue;
	let text = node.get(last) as string | undefined;
	if (text === undefined) {
		const statusPart = state.status === 'open' ? '' : `${state.status}, `;
		const source =
			state.source === 'dunning'
				? `Dunning Stage: phase ${state.phase}${state.stage ? `, stage ${state.stage}` : ''}`
				: `computed${state.dueDate ? ` from due date ${state.dueDate}` : ''}, ${state.timezone}: phase ${state.phase}`;
		const raw = `${statusPart}${daysPhrase(state.daysOverdue)} (${source})`;
		text = raw.charAt(0).toUpperCase() + raw.slice(1);
		if (node.size >= 5_000) node.clear();
		node.set(last, text);
	}
	return text;
}

export function builtInSegmentName(profile: DebtorProfile, state: DebtState): BuiltInSegmentName {
	if (state.status === 'paid' || state.phase === 'settled') return 'settled';
	if (state.status !== 'open') return 'on_hold';
	if ((state.daysOverdue as number) <= 0 || state.phase === 'pre_collection') return 'pre_due';
	if (state.phase === 'legal') return 'legal';
	if (profile.debtorType === 'intentional') return 'intentional';
	if (state.phase === 'negotiation') return 'negotiation';
	return profile.debtorType;
}

/** Tone choices, numbered for the reason cache. */
const enum ToneRule {
	OnHold,
	Friendly,
	Legal,
	Intentional,
	FirstTime,
	Negotiation,
	BeforeFirmDay,
	Loyal,
	FromFirmDay,
}

function toneRule(name: BuiltInSegmentName, profile: DebtorProfile, state: DebtState, policy: SegmentPolicy): ToneRule {
	switch (name) {
		case 'on_hold':
			return ToneRule.OnHold;
		case 'settled':
		case 'pre_due':
			return ToneRule.Friendly;
		case 'legal':
			return ToneRule.Legal;
		case 'intentional':
			return ToneRule.Intentional;
		case 'first_time':
			return ToneRule.FirstTime;
		default:
			break;
	}
	if (profile.debtorType === 'first_time') return ToneRule.FirstTime;
	if (name === 'negotiation') return ToneRule.Negotiation;
	if ((state.daysOverdue as number) < policy.firmFromDay) return ToneRule.BeforeFirmDay;
	if (profile.tenure === 'loyal') return ToneRule.Loyal;
	return ToneRule.FromFirmDay;
}

const TONE_OF_RULE: Tone[] = ['formal', 'friendly', 'formal', 'firm', 'friendly', 'firm', 'friendly', 'friendly', 'firm'];

function toneWhy(rule: ToneRule, policy: SegmentPolicy): string {
	switch (rule) {
		case ToneRule.OnHold:
			return 'formal tone while on hold';
		case ToneRule.Friendly:
			return 'friendly tone';
		case ToneRule.Legal:
			return 'formal tone in the legal phase';
		case ToneRule.Intentional:
			return 'firm tone for an intentional debtor';
		case ToneRule.FirstTime:
			return 'friendly tone for a first-time debtor';
		case ToneRule.Negotiation:
			return 'firm tone in the negotiation phase';
		case ToneRule.BeforeFirmDay:
			return `friendly tone before day ${policy.firmFromDay}`;
		case ToneRule.Loyal:
			return `friendly tone kept for a loyal customer (${policy.loyalTenureMonths} months or more)`;
		default:
			return `firm tone from day ${policy.firmFromDay}`;
	}
}

/** Offer choices, numbered for the reason cache. */
const enum OfferRule {
	None,
	EarlyPayment,
	Legal,
	Instalments,
	SettlementBelowMinimum,
}

const OFFER_OF_RULE: Offer[] = ['none', 'early_payment_discount', 'settlement', 'instalments', 'settlement'];

function offerRule(name: BuiltInSegmentName, profile: DebtorProfile, state: DebtState, policy: SegmentPolicy): OfferRule {
	if (name === 'pre_due' && policy.earlyPaymentDiscount) return OfferRule.EarlyPayment;
	if (state.status !== 'open') return OfferRule.None;
	if (state.phase === 'legal') return OfferRule.Legal;
	if (state.phase === 'negotiation') {
		return (profile.amount ?? 0) >= (profile.instalmentsFrom ?? 0) ? OfferRule.Instalments : OfferRule.SettlementBelowMinimum;
	}
	return OfferRule.None;
}

function offerWhy(rule: OfferRule, profile: DebtorProfile): string {
	switch (rule) {
		case OfferRule.EarlyPayment:
			return 'early-payment discount offered';
		case OfferRule.Legal:
			return 'settlement offered in the legal phase';
		case OfferRule.Instalments:
			return `instalments offered (the amount is at least ${profile.instalmentsFrom} ${profile.currency})`;
		case OfferRule.SettlementBelowMinimum:
			return `settlement offered (the amount is below the instalment minimum of ${profile.instalmentsFrom} ${profile.currency})`;
		default:
			return 'no offer';
	}
}

function slug(text: string): string {
	const s = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 40);
	return s === '' ? 'unknown' : s;
}

/** casual + the name parts the user asked for: casual_high_loyal_business. */
export function segmentName(base: string, profile: DebtorProfile, parts: NamePart[]): string {
	let name = base;
	for (const part of parts) {
		if (part === 'valueTier') name += `_${profile.valueTier ?? 'none'}`;
		else if (part === 'tenure') name += `_${profile.tenure ?? 'unknown'}`;
		else if (part === 'customerType') name += `_${slug(profile.customerType)}`;
		else name += `_${slug(profile.productType)}`;
	}
	return name;
}

/** The channels of `order` the debtor can and may be reached on, in that order. */
export function orderChannels(order: Channel[], profile: DebtorProfile): Channel[] {
	return order.filter((c) => canReach(profile, c));
}

function channelsReason(channels: Channel[], profile: DebtorProfile, onHold: boolean): string {
	if (onHold) return 'No channels: no collection contact while the debt is cancelled, disputed or paused';
	const left: string[] = [];
	CHANNELS.forEach((channel, c) => {
		const problem = (profile.channelProblems >> (3 * c)) & 7;
		if (problem !== ChannelProblem.None) left.push(`${channel} (${PROBLEM_TEXT[problem]})`);
	});
	const tail = left.length > 0 ? `; left out ${left.join(', ')}` : '';
	return channels.length === 0 ? `No channel to reach the debtor on${tail}` : `Channels ${channels.join(', ')}${tail}`;
}

interface ChannelChoice {
	channels: Channel[];
	reason: string;
}

/** The Standard model's channels: the user's order, less what the debtor cannot or may not get. */
function standardChannels(profile: DebtorProfile, onHold: boolean, policy: SegmentPolicy): ChannelChoice {
	const cache = textCache<ChannelChoice>(policy.channelOrder, 'channels');
	const key = onHold ? -1 : profile.channelProblems;
	let choice = cache.get(key);
	if (choice === undefined) {
		const channels = onHold ? [] : orderChannels(policy.channelOrder, profile);
		choice = remember(cache, key, { channels, reason: channelsReason(channels, profile, onHold) });
	}
	return choice;
}

interface PriorityChoice {
	priority: number;
	reason: string;
}

const NOTHING_TO_COLLECT: PriorityChoice = { priority: 0, reason: 'Priority 0: nothing to collect' };

/** The priority and its reason, one shared pair per (priority, capped days). */
function priorityOf(profile: DebtorProfile, state: DebtState, policy: SegmentPolicy): PriorityChoice {
	if (state.status !== 'open' || profile.amount === null) return NOTHING_TO_COLLECT;
	const days = Math.min(Math.max(0, state.daysOverdue as number), PRIORITY_AGE_CAP_DAYS);
	const priority = priorityScore(profile.amount, state.daysOverdue as number);
	const cache = textCache<PriorityChoice>(policy.valueTiers, 'priority');
	const key = priority * 1000 + days;
	return cache.get(key) ?? remember(cache, key, { priority, reason: `Priority ${priority} = round(10 × log10(1 + amount) × (1 + ${days}/30))` });
}

const BUILT_IN_INDEX = new Map(BUILT_IN_SEGMENTS.map((s, i) => [s.name, i]));

/** The Standard model's segment of a debtor, with its reasons. */
export function builtInSegment(profile: DebtorProfile, state: DebtState, policy: SegmentPolicy): Segment {
	const base = builtInSegmentName(profile, state);
	const tone = toneRule(base, profile, state, policy);
	const offer = offerRule(base, profile, state, policy);
	const onHold = base === 'on_hold';
	const choice = standardChannels(profile, onHold, policy);
	const { priority, reason: priorityReason } = priorityOf(profile, state, policy);
	// Offer texts name the currency's instalment minimum: one cache per currency's thresholds (each policy has its own).
	const thresholds = (profile.currency !== null && policy.valueTiers.get(profile.currency)) || policy;
	const segments = textCache<string>(thresholds, 'segment');
	const segmentKey = ((BUILT_IN_INDEX.get(base) as number) * 16 + tone) * 8 + offer;
	let segmentReason = segments.get(segmentKey);
	if (segmentReason === undefined) {
		const def = SEGMENT_BY_NAME.get(base) as BuiltInSegmentDefinition;
		segmentReason = remember(segments, segmentKey, `Segment ${base}: ${def.when}; ${toneWhy(tone, policy)}; ${offerWhy(offer, profile)}`);
	}
	const r = profile.reasons;
	const debt = debtReason(state);
	// An exact array literal: the reasons are one list per debtor, made once.
	const reasons =
		r.length === 1
			? [debt, r[0], segmentReason, choice.reason, priorityReason]
			: r.length === 2
				? [debt, r[0], r[1], segmentReason, choice.reason, priorityReason]
				: r.length === 3
					? [debt, r[0], r[1], r[2], segmentReason, choice.reason, priorityReason]
					: [debt, ...r, segmentReason, choice.reason, priorityReason];
	return {
		name: policy.nameParts.length === 0 ? base : segmentName(base, profile, policy.nameParts),
		debtorType: profile.debtorType,
		tone: TONE_OF_RULE[tone],
		channels: choice.channels.slice(),
		offer: OFFER_OF_RULE[offer],
		priority,
		valueTier: profile.valueTier,
		tenureMonths: profile.tenureMonths,
		reasons,
	};
}

// ---------------------------------------------------------------------------------------------
// Custom rules

export interface SegmentRule {
	name: string;
	/** 'auto' keeps what the Standard model chose for the debtor. */
	tone: Tone | 'auto';
	offer: Offer | 'auto';
	/** Null keeps the Standard model's channels. */
	channelOrder: Channel[] | null;
}

export interface SegmentRuleRow {
	segment?: unknown;
	tone?: unknown;
	offer?: unknown;
	channels?: unknown;
}

const SEGMENT_NAME = /^[\p{L}\p{N}_.\- ]{1,64}$/u;

function segmentNameOrError(value: unknown, setting: string, where: string): string {
	const name = String(value ?? '').trim();
	if (!SEGMENT_NAME.test(name)) {
		throw new InvalidSettingError(
			setting,
			name === '' ? `${where} has no segment name` : `${where}: "${name}" is not a usable segment name`,
			'Use a short name of letters, digits, spaces, dots, dashes or underscores, e.g. vip_negotiation; templates and outputs are chosen by it.',
		);
	}
	return name;
}

/** "whatsapp, sms" → ['whatsapp', 'sms']; empty → null (the default order). */
export function parseChannelOrder(text: unknown, setting: string): Channel[] | null {
	const raw = String(text ?? '').trim();
	if (raw === '') return null;
	const order: Channel[] = [];
	for (const token of raw.toLowerCase().split(/[,;|\s>]+/)) {
		if (token === '') continue;
		const channel = CHANNEL_WORDS.get(token);
		if (!channel) {
			throw new InvalidSettingError(setting, `"${token}" is not a channel`, 'List channels in order of preference, e.g. "whatsapp, sms, email"; leave it empty for the default order.');
		}
		if (!order.includes(channel)) order.push(channel);
	}
	return order;
}

/** Validates the rules of Custom Rules mode once. Throws {@link InvalidSettingError}. */
export function buildSegmentRules(rows: SegmentRuleRow[]): SegmentRule[] {
	if (rows.length === 0) {
		throw new InvalidSettingError('Rules', 'there are no rules', 'Add at least one rule, or choose the Standard Model.');
	}
	return rows.map((row, i) => {
		const where = `rule ${i + 1}`;
		const tone = String(row.tone ?? 'auto');
		const offer = String(row.offer ?? 'auto');
		if (tone !== 'auto' && !TONES.includes(tone as Tone)) {
			throw new InvalidSettingError('Rules', `${where}: "${tone}" is not a tone`, 'Use friendly, firm or formal.');
		}
		if (offer !== 'auto' && !OFFERS.includes(offer as Offer)) {
			throw new InvalidSettingError('Rules', `${where}: "${offer}" is not an offer`, 'Use none, early_payment_discount, instalments or settlement.');
		}
		return {
			name: segmentNameOrError(row.segment, 'Rules', where),
			tone: tone as Tone | 'auto',
			offer: offer as Offer | 'auto',
			channelOrder: parseChannelOrder(row.channels, `Rules (${where}, Channel Order)`),
		};
	});
}

export function checkFallbackSegmentName(value: unknown): string {
	return segmentNameOrError(value, 'Fallback Segment', 'the fallback');
}

/**
 * The segment a custom rule gives: its name, and its tone, offer and channel order where the rule
 * sets them (otherwise the Standard model's). The Standard model's reasons stay, the rule's is
 * added. A debt on hold stays without channels whatever the rule says.
 */
export function applySegmentRule(base: Segment, rule: SegmentRule, ruleIndex: number, profile: DebtorProfile, state: DebtState): Segment {
	const onHold = state.status !== 'open' && state.status !== 'paid';
	const channels = rule.channelOrder && !onHold ? orderChannels(rule.channelOrder, profile) : base.channels;
	const set: string[] = [];
	if (rule.tone !== 'auto') set.push(`tone ${rule.tone}`);
	if (rule.offer !== 'auto') set.push(`offer ${rule.offer}`);
	if (rule.channelOrder && !onHold) set.push(channels.length > 0 ? `channels ${channels.join(', ')}` : 'no channel the debtor can be reached on');
	const detail = set.length > 0 ? `; the rule sets ${set.join(', ')}` : '';
	return {
		...base,
		name: rule.name,
		tone: rule.tone === 'auto' ? base.tone : rule.tone,
		offer: rule.offer === 'auto' ? base.offer : rule.offer,
		channels,
		reasons: [...base.reasons, `Custom rule ${ruleIndex + 1} matched: segment ${rule.name} (Standard model: ${base.name})${detail}`],
	};
}

/** A debtor no custom rule matched: the fallback name, everything else from the Standard model. */
export function fallbackSegment(base: Segment, name: string): Segment {
	return { ...base, name, reasons: [...base.reasons, `No custom rule matched: segment ${name} (Standard model: ${base.name})`] };
}

/**
 * Custom Rules mode: the first rule whose conditions match gives the segment, otherwise the
 * fallback. `matches(r)` evaluates rule r's conditions for this debtor (in the node, n8n's filter).
 */
export function segmentByRules(
	base: Segment,
	rules: SegmentRule[],
	matches: (ruleIndex: number) => boolean,
	fallbackName: string,
	profile: DebtorProfile,
	state: DebtState,
): { segment: Segment; ruleIndex: number | null } {
	for (let r = 0; r < rules.length; r++) {
		if (matches(r)) return { segment: applySegmentRule(base, rules[r], r, profile, state), ruleIndex: r };
	}
	return { segment: fallbackSegment(base, fallbackName), ruleIndex: null };
}
