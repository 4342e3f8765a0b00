/**
 * The Handlebars helpers of the template library. Each is a plain function of its arguments and
 * of the item being rendered (`@root`); none can run code given as text. Called without an
 * argument, a helper works on the item's own field of the contract: `{{money}}` is the amount,
 * `{{date}}` the due date, `{{firstName}}` the customer's first name.
 *
 * In e-mail HTML, helpers that produce markup (a payment button, a code block) escape the values
 * they put in it; every other value is escaped by Handlebars.
 */
import { DateTime } from 'luxon';

import { calendarDateOrError, civilDate, isValidTimeZone } from '../dates';
import { InvalidValueError } from '../errors';
import { amountOrError } from '../money';
import { SHORTEN_END, SHORTEN_START } from '../sms';
import { regionOf as regionOfLocale, wordsLanguage } from './locale';

const regions = new Map<string, string | undefined>();
function regionOf(locale: string): string | undefined {
	if (!regions.has(locale)) regions.set(locale, regionOfLocale(locale));
	return regions.get(locale);
}
import type { SlotArgument, SlotShape } from './direct';
import type { Channel, Tone } from './types';
import { type DebtWords, type PaymentWords, WORDS, type Words, fill } from './words';

/** The item as templates see it (contract fields already normalised by the renderer). */
export interface RenderRoot {
	[field: string]: unknown;
	locale: string;
	tone: Tone;
	channel: Channel;
	timezone: string;
}

/** What a compiled template says about how it is rendered (passed as Handlebars data). */
export interface RenderMode {
	html: boolean;
	channel: Channel;
}

/** Handlebars' options argument, with the parts the helpers use. */
export interface HelperOptions {
	hash: Record<string, unknown>;
	data: { root: RenderRoot; render: RenderMode };
	loc?: { start: { line: number; column: number } };
	fn?: (context: unknown) => string;
	name?: string;
}

/** An HTML fragment a helper built itself, with every value in it escaped. */
export interface SafeHtml {
	toHTML(): string;
	toString(): string;
}

export type MakeSafe = (html: string) => SafeHtml;
export type EscapeHtml = (text: string) => string;

/** A problem found while a helper ran: the renderer adds the template, the position and the item. */
export class HelperError extends Error {
	constructor(
		readonly helper: string,
		/** The argument (0-based) the problem is about; -1 when about the helper call itself. */
		readonly argument: number,
		/** The root variable the helper used when called without that argument. */
		readonly defaultVariable: string | undefined,
		readonly kind: 'missing' | 'invalid',
		readonly problem: string,
		readonly hint: string,
		readonly loc: { line: number; column: number } | undefined,
	) {
		super(problem);
		this.name = 'HelperError';
	}
}

export interface HelperSpec {
	/** Least and most positional arguments. */
	args: [number, number];
	/** Block helpers ({{#name}}…{{/name}}) versus inline ones ({{name …}}). */
	block: boolean;
	/** One line for the docs and for error hints. */
	usage: string;
}

/** Every helper a template may call, with its arity: templates are checked against this list. */
export const HELPER_SPECS: Record<string, HelperSpec> = {
	money: { args: [0, 2], block: false, usage: '{{money}} or {{money amount "BRL"}}' },
	date: { args: [0, 2], block: false, usage: '{{date}} or {{date dueDate "long"}} (short, long, weekday, dayMonth)' },
	firstName: { args: [0, 1], block: false, usage: '{{firstName}} or {{firstName customerName}}' },
	days: { args: [1, 1], block: false, usage: '{{days 3}} → "3 dias"' },
	overdueText: { args: [0, 1], block: false, usage: '{{overdueText}} → "3 dias de atraso", "vence em 2 dias"' },
	payLink: { args: [0, 1], block: false, usage: '{{payLink}} or {{payLink paymentLink}}' },
	boleto: { args: [0, 1], block: false, usage: '{{boleto}} or {{boleto boletoLine}}' },
	pix: { args: [0, 1], block: false, usage: '{{pix}} or {{pix pixCode}}' },
	howToPay: { args: [0, 0], block: false, usage: '{{howToPay}}: the payment link, boleto line or Pix code the item has' },
	debtLines: { args: [0, 1], block: false, usage: '{{debtLines}} → "valor original R$ 1.000,00 + multa R$ 20,00 + juros R$ 15,33 = R$ 1.035,33 em 30/11" ({{debtLines "list"}}: one line each)' },
	offerText: { args: [0, 0], block: false, usage: '{{offerText}} → "3× de R$ 345,11 (total R$ 1.035,33), 1ª em 07/12, ou R$ 931,80 à vista até 09/12"' },
	upper: { args: [1, 1], block: false, usage: '{{upper customerName}}' },
	lower: { args: [1, 1], block: false, usage: '{{lower customerName}}' },
	truncate: { args: [2, 2], block: false, usage: '{{truncate productName 20}}' },
	default: { args: [2, 9], block: false, usage: '{{default nickname customerName "cliente"}}' },
	percent: { args: [1, 1], block: false, usage: '{{percent discount}} → "5%"' },
	eq: { args: [2, 2], block: false, usage: '{{#if (eq segment.offer "instalments")}}…{{/if}}' },
	shorten: { args: [0, 0], block: true, usage: '{{#shorten}}a part SMS may cut to fit Max Segments{{/shorten}}' },
	// Handlebars' own.
	if: { args: [1, 1], block: true, usage: '{{#if paymentLink}}…{{else}}…{{/if}}' },
	unless: { args: [1, 1], block: true, usage: '{{#unless paymentLink}}…{{/unless}}' },
	each: { args: [1, 1], block: true, usage: '{{#each invoices}}{{invoiceId}} {{/each}}' },
	with: { args: [1, 1], block: true, usage: '{{#with segment}}{{name}}{{/with}}' },
	lookup: { args: [2, 2], block: false, usage: '{{lookup row "Column Name"}}' },
};

export const BUILT_IN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

// ---------------------------------------------------------------------------------------------
// Reading arguments

type Args = unknown[];

/**
 * Splits Handlebars' arguments into the positional ones and the options object. The rest array is
 * the helper's own (made for this call): taking the options off its end copies nothing.
 */
function split(raw: unknown[]): [Args, HelperOptions] {
	const options = raw.pop() as HelperOptions;
	return [raw, options];
}

function locOf(options: HelperOptions) {
	return options.loc ? { line: options.loc.start.line, column: options.loc.start.column } : undefined;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * The value of argument `index`, or of the root variable `fallback` when the helper was called
 * without it. A missing value is an error that names the variable.
 */
function argument(helper: string, args: Args, index: number, options: HelperOptions, fallback?: string): unknown {
	if (index < args.length) {
		const value = args[index];
		if (value === undefined || value === null) {
			throw new HelperError(helper, index, undefined, 'missing', 'is missing', MISSING_HINT, locOf(options));
		}
		return value;
	}
	if (fallback === undefined) {
		throw new HelperError(helper, index, undefined, 'missing', 'needs a value', `Usage: ${HELPER_SPECS[helper].usage}`, locOf(options));
	}
	const value = options.data.root[fallback];
	if (value === undefined || value === null) {
		throw new HelperError(helper, -1, fallback, 'missing', 'is missing', MISSING_HINT, locOf(options));
	}
	return value;
}

export const MISSING_HINT =
	'Check the field name (upper and lower case matter), add the field to the items, or give a fallback, e.g. {{default field "text"}}.';

function invalid(helper: string, index: number, options: HelperOptions, problem: string, hint: string, fallback?: string): HelperError {
	return new HelperError(helper, index, fallback, 'invalid', problem, hint, locOf(options));
}

function words(options: HelperOptions): Words {
	return WORDS[wordsLanguage(options.data.root.locale)];
}

function text(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (value instanceof Date) return value.toISOString();
	return JSON.stringify(value) ?? '';
}

/** Intl puts no-break spaces in "R$ 1,00" and "5 %": plain spaces keep SMS in GSM-7. */
function plainSpaces(value: string): string {
	return value.indexOf('\u00a0') < 0 && value.indexOf('\u202f') < 0 ? value : value.replace(/[\u00a0\u202f]/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Money

/**
 * Money is written by Intl.NumberFormat. Formatting is the most frequent work of a run, so for
 * each locale and currency the shape Intl gives (symbol before or after, separators, decimals) is
 * read once and positive amounts are written by hand in that shape; anything unusual (negative
 * amounts, grouping other than by thousands) goes to Intl itself.
 */
interface MoneyFormat {
	intl: Intl.NumberFormat;
	/** The shape, once checked against Intl, with its no-break spaces already plain (what formatMoney writes). */
	fast?: { prefix: string; suffix: string; group: string; decimal: string; digits: number };
}

const moneyFormats = new Map<string, Map<string, MoneyFormat | InvalidValueError>>();

function moneyFormat(locale: string, currency: string): MoneyFormat | InvalidValueError {
	const formats = innerMap(moneyFormats, locale);
	let format = formats.get(currency);
	if (!format) {
		format = createMoneyFormat(locale, currency);
		if (formats.size > 1_000) formats.clear();
		formats.set(currency, format);
	}
	return format;
}

function intlFormat(locale: string, currency: string): Intl.NumberFormat | InvalidValueError {
	try {
		return new Intl.NumberFormat(locale, { style: 'currency', currency });
	} catch {
		return new InvalidValueError(
			`"${currency}" is not a currency code`,
			'Use an ISO 4217 code such as BRL, MXN or USD (in the currency field, or the Default Currency option).',
		);
	}
}

function createMoneyFormat(locale: string, currency: string): MoneyFormat | InvalidValueError {
	const intl = intlFormat(locale, currency);
	if (intl instanceof InvalidValueError) return intl;
	const format: MoneyFormat = { intl };
	const parts = intl.formatToParts(1234567.891);
	const types = parts.map((p) => p.type).join(',');
	const first = parts.findIndex((p) => p.type === 'integer');
	const last = parts.length - 1 - [...parts].reverse().findIndex((p) => p.type === 'integer' || p.type === 'fraction');
	const group = parts.find((p) => p.type === 'group')?.value ?? '';
	const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '';
	const digits = intl.resolvedOptions().maximumFractionDigits ?? 2;
	// Only the usual shape: groups of three, one decimal separator, the symbol and spaces around.
	if (/^(?:[a-zA-Z]+,)*integer,group,integer,group,integer(?:,decimal,fraction)?(?:,[a-zA-Z]+)*$/.test(types) && group !== '' && first >= 0) {
		const fast = {
			prefix: parts.slice(0, first).map((p) => p.value).join(''),
			suffix: parts.slice(last + 1).map((p) => p.value).join(''),
			group,
			decimal,
			digits,
		};
		format.fast = fast;
		// Trust the shape only if it writes what Intl writes.
		for (const sample of [0, 0.5, 7, 12.345, 999.995, 1000, 1234.56, 98765.4321, 1234567.891]) {
			if (writeFast(fast, sample) !== intl.format(sample)) {
				format.fast = undefined;
				break;
			}
		}
		// plainSpaces replaces each no-break space on its own: done once on the shape's parts, it is done on every amount.
		if (format.fast) {
			format.fast = { prefix: plainSpaces(fast.prefix), suffix: plainSpaces(fast.suffix), group: plainSpaces(fast.group), decimal: plainSpaces(fast.decimal), digits };
		}
	}
	return format;
}

function writeFast(fast: NonNullable<MoneyFormat['fast']>, amount: number): string {
	const fixed = amount.toFixed(fast.digits);
	const dot = fixed.indexOf('.');
	const integer = dot < 0 ? fixed : fixed.slice(0, dot);
	let grouped = '';
	for (let end = integer.length; end > 0; end -= 3) {
		const start = Math.max(0, end - 3);
		grouped = start > 0 ? `${fast.group}${integer.slice(start, end)}${grouped}` : `${integer.slice(start, end)}${grouped}`;
	}
	return `${fast.prefix}${grouped}${dot < 0 ? '' : `${fast.decimal}${fixed.slice(dot + 1)}`}${fast.suffix}`;
}

export function formatMoney(amount: number, currency: string, locale: string): string | InvalidValueError {
	const format = moneyFormat(locale, currency.trim().toUpperCase());
	if (format instanceof InvalidValueError) return format;
	if (format.fast && amount >= 0 && amount < 1e15) return writeFast(format.fast, amount);
	return plainSpaces(format.intl.format(amount));
}

function money(...raw: unknown[]): string {
	const [args, options] = split(raw);
	const value = argument('money', args, 0, options, 'amount');
	const amount = amountOrError(value);
	if (amount instanceof InvalidValueError) {
		throw invalid('money', args.length > 0 ? 0 : -1, options, amount.problem, amount.hint, args.length > 0 ? undefined : 'amount');
	}
	const currency = text(args.length > 1 ? argument('money', args, 1, options) : (options.hash.currency ?? argument('money', [], 1, options, 'currency')));
	const locale = text(options.hash.locale ?? options.data.root.locale);
	const formatted = formatMoney(amount, currency, locale);
	if (formatted instanceof InvalidValueError) throw invalid('money', 1, options, formatted.problem, formatted.hint);
	return formatted;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type DateStyle = 'short' | 'long' | 'weekday' | 'dayMonth';
const DATE_STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
	short: DateTime.DATE_SHORT,
	long: DateTime.DATE_FULL,
	weekday: DateTime.DATE_HUGE,
	dayMonth: { day: '2-digit', month: '2-digit' },
};

/**
 * Caches in nested maps (by locale or zone, then by value), so that no key string is built for
 * each of 100,000 items. Each level is bounded.
 */
function innerMap<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
	let inner = outer.get(key);
	if (!inner) {
		if (outer.size > 1_000) outer.clear();
		inner = new Map();
		outer.set(key, inner);
	}
	return inner;
}

const formattedDates: Record<DateStyle, Map<string, Map<number, string>>> = { short: new Map(), long: new Map(), weekday: new Map(), dayMonth: new Map() };
const readDays: Record<'dmy' | 'mdy', Map<string, Map<string, number | InvalidValueError>>> = { dmy: new Map(), mdy: new Map() };

/** A date value as a calendar day; a run has few distinct due dates, each is read once. */
export function calendarDayOf(value: unknown, zone: string, order: 'dmy' | 'mdy'): number | InvalidValueError {
	if (typeof value !== 'string') return calendarDateOrError(value, zone, order);
	const days = innerMap(readDays[order], zone);
	let day = days.get(value);
	if (day === undefined) {
		day = calendarDateOrError(value, zone, order);
		if (days.size > 50_000) days.clear();
		days.set(value, day);
	}
	return day;
}

/** A calendar date (days since 1970-01-01) in a locale's words. */
export function formatDay(day: number, locale: string, style: DateStyle): string {
	const dates = innerMap(formattedDates[style], locale);
	let out = dates.get(day);
	if (out === undefined) {
		const { year, month, day: dayOfMonth } = civilDate(day);
		out = DateTime.fromObject({ year, month, day: dayOfMonth }, { zone: 'UTC', locale }).toLocaleString(DATE_STYLES[style]);
		if (dates.size > 20_000) dates.clear();
		dates.set(day, out);
	}
	return out;
}

function date(...raw: unknown[]): string {
	const [args, options] = split(raw);
	const value = argument('date', args, 0, options, 'dueDate');
	const styleArg = args.length > 1 ? args[1] : (options.hash.style ?? 'short');
	const style = text(styleArg) as DateStyle;
	if (!Object.prototype.hasOwnProperty.call(DATE_STYLES, style)) {
		throw invalid('date', 1, options, `"${text(styleArg)}" is not a date style`, 'Use one of: short, long, weekday, dayMonth.');
	}
	const root = options.data.root;
	const zone = isValidTimeZone(root.timezone) ? root.timezone : 'UTC';
	const locale = text(options.hash.locale ?? root.locale);
	const day = calendarDayOf(value, zone, regionOf(locale) === 'US' ? 'mdy' : 'dmy');
	if (day instanceof InvalidValueError) {
		throw invalid('date', args.length > 0 ? 0 : -1, options, day.problem, day.hint, args.length > 0 ? undefined : 'dueDate');
	}
	return formatDay(day, locale, style);
}

// ---------------------------------------------------------------------------------------------
// Names

const TITLES = new Set(['sr', 'sra', 'srta', 'dr', 'dra', 'mr', 'mrs', 'ms', 'miss', 'mx', 'don', 'doña', 'dona', 'prof', 'profa', 'lic', 'ing']);
const BUSINESS_TYPE = /^(business|company|corporate|b2b|pj|empresa|juridica|jurídica|pessoa juridica|pessoa jurídica|moral|persona moral)$/i;

const PLAIN_WORD = /^[a-z]+$/;

function properCase(word: string, locale: string): string {
	// Only words written all in capitals or all in small letters are recased ("MARIA", "maria"); "McDonald" stays.
	const lower = word.toLowerCase();
	if (word !== lower && word !== word.toUpperCase()) return word;
	// The usual name, a plain word of a–z not starting with i (Turkish capitalises i differently): no regular expression.
	if (PLAIN_WORD.test(lower) && lower.charCodeAt(0) !== 105) return String.fromCharCode(lower.charCodeAt(0) - 32) + lower.slice(1);
	return lower.replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toLocaleUpperCase(locale));
}

/** "MARIA DA SILVA" → "Maria"; "Sra. Ana Souza" → "Ana". */
export function firstNameOf(name: string, locale = 'pt-BR'): string {
	const length = name.length;
	let start = 0;
	let first = '';
	while (start < length) {
		while (start < length && name.charCodeAt(start) <= 32) start++;
		let end = start;
		while (end < length && name.charCodeAt(end) > 32) end++;
		if (end === start) break;
		const word = name.slice(start, end);
		if (first === '') first = word;
		const bare = word.charCodeAt(word.length - 1) === 46 ? word.slice(0, -1) : word;
		// A title ("Sra.", "Dr") is skipped when a name follows it.
		if (bare.length > 5 || !TITLES.has(bare.toLowerCase())) return properCase(withoutPunctuation(word), locale);
		start = end;
	}
	return properCase(withoutPunctuation(first), locale);
}

/** The word without the commas, semicolons and colons it ends with. */
function withoutPunctuation(word: string): string {
	const last = word.charCodeAt(word.length - 1);
	return last === 44 || last === 59 || last === 58 ? word.replace(/[,;:]+$/, '') : word;
}

function firstName(...raw: unknown[]): string {
	const [args, options] = split(raw);
	const root = options.data.root;
	const name = text(argument('firstName', args, 0, options, 'customerName')).trim();
	if (name === '') {
		throw invalid('firstName', args.length > 0 ? 0 : -1, options, 'is empty', 'Fill in the customer name, or map Customer Name Field to the column that has it.', args.length > 0 ? undefined : 'customerName');
	}
	// A company is greeted by its name, not by its first word.
	if (args.length === 0 && typeof root.customerType === 'string' && BUSINESS_TYPE.test(root.customerType.trim())) return name;
	return firstNameOf(name, root.locale);
}

// ---------------------------------------------------------------------------------------------
// Days

function whole(helper: string, value: unknown, index: number, options: HelperOptions, fallback?: string): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isInteger(n)) {
		throw invalid(helper, index, options, `${JSON.stringify(value)} is not a whole number of days`, 'Give a number of days such as 3.', fallback);
	}
	return n;
}

function days(...raw: unknown[]): string {
	const [args, options] = split(raw);
	return words(options).days(Math.abs(whole('days', argument('days', args, 0, options), 0, options)));
}

function overdueText(...raw: unknown[]): string {
	const [args, options] = split(raw);
	const value = argument('overdueText', args, 0, options, 'daysOverdue');
	return words(options).overdue(whole('overdueText', value, args.length > 0 ? 0 : -1, options, args.length > 0 ? undefined : 'daysOverdue'));
}

// ---------------------------------------------------------------------------------------------
// Payment

let makeSafe: MakeSafe = (html) => ({ toHTML: () => html, toString: () => html });
let escapeHtml: EscapeHtml = (value) => value;

/** The environment gives the helpers Handlebars' SafeString and escaping. */
export function bindHtml(safe: MakeSafe, escape: EscapeHtml): void {
	makeSafe = safe;
	escapeHtml = escape;
}

const WEB_ADDRESS = /^https?:\/\/[^\s"'<>]+$/i;

function linkOf(helper: string, args: Args, options: HelperOptions): string {
	const value = text(argument(helper, args, 0, options, 'paymentLink')).trim();
	if (!WEB_ADDRESS.test(value)) {
		throw invalid(
			helper,
			args.length > 0 ? 0 : -1,
			options,
			`"${value.slice(0, 60)}" is not a web address`,
			'A payment link must start with https:// (or http://) and contain no spaces.',
			args.length > 0 ? undefined : 'paymentLink',
		);
	}
	return value;
}

/**
 * A boleto line written as bare digits is grouped the usual way (47 digits: bank boleto,
 * 48: utilities and taxes); a line already written with separators is shown as given.
 */
export function formatBoletoLine(value: string): string {
	const text = value.trim().replace(/\s+/g, ' ');
	if (!/^\d+$/.test(text)) return text;
	const d = text;
	if (d.length === 47) {
		return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d.slice(32, 33)} ${d.slice(33)}`;
	}
	if (d.length === 48) return [0, 12, 24, 36].map((i) => `${d.slice(i, i + 11)}-${d.slice(i + 11, i + 12)}`).join(' ');
	return text;
}

function payLink(...raw: unknown[]): string | SafeHtml {
	const [args, options] = split(raw);
	const url = linkOf('payLink', args, options);
	if (!options.data.render.html) return url;
	const safe = escapeHtml(url);
	return makeSafe(`<a href="${safe}">${safe}</a>`);
}

function codeHtml(value: string): SafeHtml {
	return makeSafe(`<code style="font-family:Consolas,Menlo,monospace;word-break:break-all;">${escapeHtml(value)}</code>`);
}

function boleto(...raw: unknown[]): string | SafeHtml {
	const [args, options] = split(raw);
	const line = formatBoletoLine(text(argument('boleto', args, 0, options, 'boletoLine')));
	return options.data.render.html ? codeHtml(line) : line;
}

function pix(...raw: unknown[]): string | SafeHtml {
	const [args, options] = split(raw);
	const code = text(argument('pix', args, 0, options, 'pixCode')).trim();
	return options.data.render.html ? codeHtml(code) : code;
}

/** Each language's payment words per channel and tone, made once (not once per item). */
const PAYMENT_WORDS = new Map<Words, Map<Channel, Map<Tone, PaymentWords>>>();

function paymentWords(w: Words, channel: Channel, tone: Tone): PaymentWords {
	let byChannel = PAYMENT_WORDS.get(w);
	if (!byChannel) {
		byChannel = new Map();
		PAYMENT_WORDS.set(w, byChannel);
	}
	let byTone = byChannel.get(channel);
	if (!byTone) {
		byTone = new Map();
		byChannel.set(channel, byTone);
	}
	let words = byTone.get(tone);
	if (!words) {
		words = w.payment(channel, tone);
		byTone.set(tone, words);
	}
	return words;
}

interface PaymentMethods {
	link?: string;
	boleto?: string;
	pix?: string;
	/** The amount a Pix code asks for (a code Negotiation Offer made), to say it next to the code. */
	pixAmount?: string;
}

function paymentMethods(options: HelperOptions): PaymentMethods {
	const root = options.data.root;
	const methods: PaymentMethods = {};
	if (!isEmpty(root.paymentLink)) methods.link = linkOf('howToPay', [], options);
	if (!isEmpty(root.boletoLine)) methods.boleto = formatBoletoLine(text(root.boletoLine));
	if (!isEmpty(root.pixCode)) {
		methods.pix = text(root.pixCode).trim();
		// A Pix code is always in reais.
		if (typeof root.pixAmount === 'number') {
			const amount = formatMoney(root.pixAmount, 'BRL', root.locale);
			if (typeof amount === 'string') methods.pixAmount = amount;
		}
	}
	return methods;
}

function supportOf(root: RenderRoot): string {
	const creditor = root.creditor as { support?: unknown } | undefined;
	return creditor && !isEmpty(creditor.support) ? text(creditor.support).trim() : '';
}

/**
 * How to pay, from what the item has: SMS gives the first of link, boleto line, Pix code (short);
 * WhatsApp all of them on one line (a template parameter cannot hold line breaks); e-mail one per
 * line, or a button and code blocks in HTML. Without any: how to ask for the bill.
 */
function howToPay(...raw: unknown[]): string | SafeHtml {
	const [, options] = split(raw);
	const { channel, html } = options.data.render;
	const root = options.data.root;
	const w = paymentWords(words(options), channel, root.tone);
	const methods = paymentMethods(options);
	const support = supportOf(root);
	const ask = support ? fill(w.askForBillAt, support) : w.askForBill;
	if (html) {
		const parts: string[] = [];
		if (methods.link) {
			const url = escapeHtml(methods.link);
			parts.push(
				`<p style="margin:0 0 16px;"><a href="${url}" style="display:inline-block;padding:10px 18px;background:#1a73e8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(w.button)}</a><br><span style="font-size:13px;color:#52606d;">${url}</span></p>`,
			);
		}
		if (methods.boleto) parts.push(`<p style="margin:0 0 16px;">${escapeHtml(fill(w.boleto, '')).trim()}<br>${codeHtml(methods.boleto).toHTML()}</p>`);
		if (methods.pix) parts.push(`<p style="margin:0 0 16px;">${escapeHtml(pixLine(options, w, methods, '')).trim()}<br>${codeHtml(methods.pix).toHTML()}</p>`);
		if (parts.length === 0) parts.push(`<p style="margin:0 0 16px;">${escapeHtml(ask)}</p>`);
		return makeSafe(parts.join('\n'));
	}
	const lines: string[] = [];
	if (methods.link) lines.push(fill(w.link, methods.link));
	if (methods.boleto && (channel !== 'sms' || lines.length === 0)) lines.push(fill(w.boleto, methods.boleto));
	if (methods.pix && (channel !== 'sms' || lines.length === 0)) lines.push(pixLine(options, w, methods, methods.pix));
	if (lines.length === 0) return ask;
	if (channel === 'sms') return lines[0];
	return lines.join(channel === 'whatsapp' ? ' | ' : '\n');
}

/** "Pix copia e cola: <code>", or with the amount the code asks for: "Pix copia e cola (R$ 931,80): <code>". */
function pixLine(options: HelperOptions, w: PaymentWords, methods: PaymentMethods, code: string): string {
	if (methods.pixAmount === undefined) return fill(w.pix, code);
	return words(options).offer.pixFor.replace('{}', methods.pixAmount).replace('{}', code);
}

// ---------------------------------------------------------------------------------------------
// The itemised debt and the offer (Negotiation Offer's `debt` and `offer`)

const NEGOTIATION_HINT = 'Put a Negotiation Offer node before this one: it adds the itemised debt (debt) and the offer (offer) to each item.';

function objectOf(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function finite(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function moneyOf(helper: string, options: HelperOptions, amount: number, currency: string): string {
	const formatted = formatMoney(amount, currency, options.data.root.locale);
	if (formatted instanceof InvalidValueError) throw invalid(helper, -1, options, formatted.problem, formatted.hint);
	return formatted;
}

function dayOf(helper: string, options: HelperOptions, iso: unknown, style: DateStyle): string {
	const day = typeof iso === 'string' ? calendarDayOf(iso, 'UTC', 'dmy') : new InvalidValueError('is not a date', NEGOTIATION_HINT);
	if (day instanceof InvalidValueError) throw invalid(helper, -1, options, `${JSON.stringify(iso)} is not a date`, NEGOTIATION_HINT);
	return formatDay(day, options.data.root.locale, style);
}

function capitalized(value: string): string {
	return value.charAt(0).toLocaleUpperCase() + value.slice(1);
}

/** The itemised debt: inline ("valor original R$ 1.000,00 + multa R$ 20,00 = R$ 1.020,00 em 30/11"), or `list`: a line each (a table in e-mail HTML). */
function debtLines(...raw: unknown[]): string | SafeHtml {
	const [args, options] = split(raw);
	const root = options.data.root;
	const debt = objectOf(argument('debtLines', [], 0, options, 'debt'));
	const style = args.length > 0 ? text(args[0]) : 'inline';
	if (style !== 'inline' && style !== 'list') throw invalid('debtLines', 0, options, `"${style}" is not a style`, 'Use {{debtLines}} or {{debtLines "list"}}.');
	if (!debt || !finite(debt.original) || !finite(debt.total)) {
		throw invalid('debtLines', -1, options, 'is not an itemised debt (original, late fee, interest, charges, total)', NEGOTIATION_HINT, 'debt');
	}
	const currency = typeof debt.currency === 'string' ? debt.currency : text(root.currency);
	const w: DebtWords = words(options).debt;
	const { channel, html } = options.data.render;
	// An SMS gives the amounts without the longer labels (every character counts).
	const short = style === 'inline' && channel === 'sms';
	const lines: Array<[string, number]> = [[short ? '' : w.original, debt.original]];
	if (finite(debt.lateFee) && debt.lateFee > 0) lines.push([short ? w.lateFeeShort : w.lateFee, debt.lateFee]);
	if (finite(debt.interest) && debt.interest > 0) lines.push([w.interest, debt.interest]);
	for (const charge of Array.isArray(debt.charges) ? debt.charges : []) {
		const c = objectOf(charge);
		if (c && typeof c.name === 'string' && finite(c.amount) && c.amount > 0) lines.push([c.name, c.amount]);
	}
	const date = dayOf('debtLines', options, debt.asOf, style === 'inline' && channel === 'sms' ? 'dayMonth' : 'short');
	const total = moneyOf('debtLines', options, debt.total, currency);
	if (style === 'inline') {
		const end = w.asOf.replace('{}', total).replace('{}', date);
		if (lines.length === 1) return end;
		return `${lines.map(([label, amount]) => `${label === '' ? '' : `${label} `}${moneyOf('debtLines', options, amount, currency)}`).join(' + ')} = ${end}`;
	}
	const totalLabel = capitalized(w.totalOn.replace('{}', date));
	if (html) {
		const row = (label: string, amount: string, bold: boolean) =>
			`<tr><td style="padding:2px 16px 2px 0;${bold ? 'font-weight:bold;' : ''}">${escapeHtml(label)}</td><td style="padding:2px 0;text-align:right;${bold ? 'font-weight:bold;' : ''}">${escapeHtml(amount)}</td></tr>`;
		const rows = lines.map(([label, amount]) => row(capitalized(label), moneyOf('debtLines', options, amount, currency), false));
		rows.push(row(totalLabel, total, true));
		return makeSafe(`<table style="margin:0 0 16px;border-collapse:collapse;font-size:14px;">${rows.join('')}</table>`);
	}
	const out = lines.map(([label, amount]) => `${capitalized(label)}: ${moneyOf('debtLines', options, amount, currency)}`);
	out.push(`${totalLabel}: ${total}`);
	return out.join('\n');
}

interface OfferOptionView {
	type: 'instalments' | 'settlement';
	count?: number;
	amount: number;
	total?: number;
	firstDue?: string;
	until?: string;
}

function offerOption(value: unknown): OfferOptionView | undefined {
	const o = objectOf(value);
	if (!o || !finite(o.amount)) return undefined;
	if (o.type === 'instalments' && finite(o.count) && finite(o.total) && typeof o.firstDue === 'string') {
		return { type: 'instalments', count: o.count, amount: o.amount, total: o.total, firstDue: o.firstDue };
	}
	if (o.type === 'settlement' && typeof o.until === 'string') return { type: 'settlement', amount: o.amount, until: o.until };
	return undefined;
}

/**
 * The offer in one phrase: the longest instalment plan and the settlement, with amounts and dates
 * ("3× de R$ 345,11 (total R$ 1.035,33), 1ª em 07/12, ou R$ 931,80 à vista até 09/12"); with no
 * option (offer null, or none fits the policy), how to ask for one.
 */
function offerText(...raw: unknown[]): string {
	const [, options] = split(raw);
	const root = options.data.root;
	// null: Negotiation Offer made no offer (the segment's offer is none); missing: no Negotiation Offer.
	const value = root.offer === null ? null : argument('offerText', [], 0, options, 'offer');
	const { channel } = options.data.render;
	const w = words(options).offer;
	const offer = objectOf(value);
	const all = (Array.isArray(offer?.options) ? offer.options : []).map(offerOption).filter((o): o is OfferOptionView => o !== undefined);
	let plan: OfferOptionView | undefined;
	let settlement: OfferOptionView | undefined;
	for (const option of all) {
		if (option.type === 'settlement') settlement ??= option;
		else if (!plan || (option.count as number) > (plan.count as number)) plan = option;
	}
	if (!plan && !settlement) return w.none(channel, root.tone);
	const currency = typeof offer?.currency === 'string' ? offer.currency : text(root.currency);
	const parts: string[] = [];
	if (plan) {
		// An SMS leaves out the plan's total when it is the debt's own (no interest per instalment): every character counts.
		const debtTotal = objectOf(root.debt)?.total;
		const sameTotal = channel === 'sms' && plan.total === debtTotal;
		parts.push(
			w.instalments(
				plan.count as number,
				moneyOf('offerText', options, plan.amount, currency),
				sameTotal ? '' : moneyOf('offerText', options, plan.total as number, currency),
				dayOf('offerText', options, plan.firstDue, 'dayMonth'),
				channel === 'sms',
			),
		);
	}
	if (settlement) {
		parts.push(w.settlement(moneyOf('offerText', options, settlement.amount, currency), dayOf('offerText', options, settlement.until, 'dayMonth'), channel === 'sms'));
	}
	return parts.join(w.or);
}

// ---------------------------------------------------------------------------------------------
// Text

function upper(...raw: unknown[]): string {
	const [args, options] = split(raw);
	return text(argument('upper', args, 0, options)).toLocaleUpperCase(options.data.root.locale);
}

function lower(...raw: unknown[]): string {
	const [args, options] = split(raw);
	return text(argument('lower', args, 0, options)).toLocaleLowerCase(options.data.root.locale);
}

function truncate(...raw: unknown[]): string {
	const [args, options] = split(raw);
	const value = text(argument('truncate', args, 0, options));
	const max = whole('truncate', argument('truncate', args, 1, options), 1, options);
	if (max < 1) throw invalid('truncate', 1, options, `${max} is not a length`, 'Give the most characters to keep, e.g. 20.');
	const chars = Array.from(value);
	if (chars.length <= max) return value;
	// "..." rather than "…": the ellipsis character is not GSM-7 and would make an SMS cost double.
	const ellipsis = options.data.render.channel === 'sms' ? '...' : '…';
	return `${chars.slice(0, Math.max(0, max - ellipsis.length)).join('').trimEnd()}${ellipsis}`;
}

function fallbackValue(...raw: unknown[]): unknown {
	const [args] = split(raw);
	for (const value of args) if (!isEmpty(value)) return value;
	return '';
}

function percent(...raw: unknown[]): string {
	const [args, options] = split(raw);
	const value = argument('percent', args, 0, options);
	const n = typeof value === 'number' ? value : Number(text(value).replace(',', '.').replace('%', '').trim());
	if (!Number.isFinite(n)) throw invalid('percent', 0, options, `${JSON.stringify(value)} is not a number`, 'Give a percentage such as 5 (for 5%).');
	return plainSpaces(percentFormat(options.data.root.locale).format(n / 100));
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** Intl's percent format of a locale, made once (making one costs more than a hundred formats). */
function percentFormat(locale: string): Intl.NumberFormat {
	let format = percentFormats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
		if (percentFormats.size > 1_000) percentFormats.clear();
		percentFormats.set(locale, format);
	}
	return format;
}

function eq(...raw: unknown[]): boolean {
	const [args] = split(raw);
	const [a, b] = args;
	if (a === b) return true;
	return (typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string') && String(a) === String(b);
}

function shorten(this: unknown, ...raw: unknown[]): string {
	const [, options] = split(raw);
	const inner = options.fn ? options.fn(this) : '';
	return options.data.render.channel === 'sms' ? `${SHORTEN_START}${inner}${SHORTEN_END}` : inner;
}

export const HELPERS: Record<string, (...args: unknown[]) => unknown> = {
	money,
	date,
	firstName,
	days,
	overdueText,
	payLink,
	boleto,
	pix,
	howToPay,
	debtLines,
	offerText,
	upper,
	lower,
	truncate,
	default: fallbackValue,
	percent,
	eq,
	shorten,
};

// ---------------------------------------------------------------------------------------------
// Fast slots

/**
 * A slot of a built-in template's plan (direct.ts, SlotShape), run without Handlebars' calling
 * convention: the helper's own steps, for the usual values only. It returns undefined (or throws)
 * whenever the value is anything else (a missing field, a number given as text, an unusable link),
 * and the item is then rendered by the full path, which gives the message or the error in its own
 * words. The SMS test of every built-in template with odd values (templates.plan.test.ts) holds
 * these to the text Handlebars gives.
 */
export type FastSlot = (root: RenderRoot) => string | undefined;

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** `lookupProperty` of the direct renderer: an own property, or undefined. */
function ownValue(root: RenderRoot, name: string): unknown {
	const value = root[name];
	return value === undefined || value === null || hasOwnProperty.call(root, name) ? value : undefined;
}

/** A fast slot for a shape, in text that is not HTML (SMS); undefined when there is none. */
export function fastSlot(shape: SlotShape | undefined, channel: Channel): FastSlot | undefined {
	if (!shape) return undefined;
	if (shape.kind === 'variable') {
		const { name } = shape;
		return (root) => {
			if (!(name in root)) return undefined;
			const value = ownValue(root, name);
			if (typeof value === 'string') return value;
			return value === undefined || value === null ? '' : undefined;
		};
	}
	if (shape.kind === 'ifVariable') {
		const { name, before } = shape;
		return (root) => {
			const value = ownValue(root, name);
			if (typeof value === 'string') return value === '' ? '' : before + value;
			return value === undefined || value === null || value === false ? '' : undefined;
		};
	}
	const { name, args } = shape;
	const path = (arg: SlotArgument | undefined) => (arg && 'path' in arg ? arg.path : undefined);
	const literal = (arg: SlotArgument | undefined) => (arg && 'literal' in arg ? arg.literal : undefined);
	switch (name) {
		case 'firstName':
			return args.length === 0 ? fastFirstName : undefined;
		case 'money': {
			if (args.length === 0) return (root) => fastMoney(root, root.amount);
			const field = path(args[0]);
			return args.length === 1 && field !== undefined ? (root) => fastMoney(root, ownValue(root, field)) : undefined;
		}
		case 'date': {
			const field = args.length === 0 ? undefined : path(args[0]);
			if (args.length > 0 && field === undefined) return undefined;
			const style = args.length > 1 ? literal(args[1]) : 'short';
			if (args.length > 2 || typeof style !== 'string' || !hasOwnProperty.call(DATE_STYLES, style)) return undefined;
			return (root) => fastDate(root, field === undefined ? root.dueDate : ownValue(root, field), style as DateStyle);
		}
		case 'days': {
			const field = path(args[0]);
			if (args.length !== 1 || field === undefined) return undefined;
			return (root) => {
				const n = ownValue(root, field);
				return typeof n === 'number' && Number.isInteger(n) && typeof root.locale === 'string' ? WORDS[wordsLanguage(root.locale)].days(Math.abs(n)) : undefined;
			};
		}
		case 'overdueText':
			return args.length === 0
				? (root) => {
						const n = root.daysOverdue;
						return typeof n === 'number' && Number.isInteger(n) && typeof root.locale === 'string' ? WORDS[wordsLanguage(root.locale)].overdue(n) : undefined;
					}
				: undefined;
		case 'percent': {
			const field = path(args[0]);
			if (args.length !== 1 || field === undefined) return undefined;
			return (root) => {
				const n = ownValue(root, field);
				return typeof n === 'number' && Number.isFinite(n) && typeof root.locale === 'string' ? plainSpaces(percentFormat(root.locale).format(n / 100)) : undefined;
			};
		}
		case 'howToPay':
			return args.length === 0 && channel === 'sms' ? fastHowToPaySms : undefined;
		default:
			return undefined;
	}
}

function fastFirstName(root: RenderRoot): string | undefined {
	const value = root.customerName;
	if (typeof value !== 'string' || typeof root.locale !== 'string') return undefined;
	const name = value.trim();
	if (name === '') return undefined;
	if (typeof root.customerType === 'string' && BUSINESS_TYPE.test(root.customerType.trim())) return name;
	return firstNameOf(name, root.locale);
}

function fastMoney(root: RenderRoot, value: unknown): string | undefined {
	const currency = root.currency;
	if (typeof value !== 'number' || typeof currency !== 'string' || typeof root.locale !== 'string') return undefined;
	const amount = amountOrError(value);
	if (amount instanceof InvalidValueError) return undefined;
	const formatted = formatMoney(amount, currency, root.locale);
	return typeof formatted === 'string' ? formatted : undefined;
}

function fastDate(root: RenderRoot, value: unknown, style: DateStyle): string | undefined {
	const locale = root.locale;
	if (value === undefined || value === null || typeof locale !== 'string') return undefined;
	const zone = isValidTimeZone(root.timezone) ? root.timezone : 'UTC';
	const day = calendarDayOf(value, zone, regionOf(locale) === 'US' ? 'mdy' : 'dmy');
	return day instanceof InvalidValueError ? undefined : formatDay(day, locale, style);
}

/** `{{howToPay}}` in an SMS: the first of the link, the boleto line and the Pix code, else how to ask for the bill. */
function fastHowToPaySms(root: RenderRoot): string | undefined {
	if (typeof root.locale !== 'string') return undefined;
	const w = paymentWords(WORDS[wordsLanguage(root.locale)], 'sms', root.tone);
	const link = root.paymentLink;
	if (!isEmpty(link)) {
		if (typeof link !== 'string') return undefined;
		const value = link.trim();
		return WEB_ADDRESS.test(value) ? fill(w.link, value) : undefined;
	}
	const boletoLine = root.boletoLine;
	if (!isEmpty(boletoLine)) return typeof boletoLine === 'string' ? fill(w.boleto, formatBoletoLine(boletoLine)) : undefined;
	const pixCode = root.pixCode;
	if (!isEmpty(pixCode)) return typeof pixCode === 'string' && root.pixAmount === undefined ? fill(w.pix, pixCode.trim()) : undefined;
	const support = supportOf(root);
	return support ? fill(w.askForBillAt, support) : w.askForBill;
}
