/**
 * What a template sees for one item (`@root`): the item's own fields, plus the fields of the
 * contract under their contract names (read from wherever the user's columns are, normalised:
 * the amount as a number, the due date as an ISO date), what Dunning Stage and Segment Debtor
 * added (`dunning`, `segment`), and the node's settings (`creditor`, `optOut`).
 *
 * A variable the item does not have is left out, so that a template using it fails with a
 * message naming it, instead of sending a message with a hole in it.
 */
import { type DayNumber, type ReferenceDate, dayInZone, isValidTimeZone, isoDate } from '../dates';
import { InvalidFieldError, InvalidValueError } from '../errors';
import type { Jurisdiction } from '../jurisdictions/jurisdiction';
import { MAX_AMOUNT, amountOrError, currencyProblem, minorUnitsProblem, roundMoney } from '../money';
import { type RenderRoot, calendarDayOf, formatDay, formatMoney } from './helpers';
import { currencyOfRegion, regionOf, wordsLanguage } from './locale';
import type { Channel, Tone } from './types';
import { WORDS } from './words';

/** The contract fields of an item, as read from the user's field names. */
export interface ItemFields {
	customerName?: unknown;
	customerType?: unknown;
	amount?: unknown;
	currency?: unknown;
	dueDate?: unknown;
	paymentLink?: unknown;
	boletoLine?: unknown;
	pixCode?: unknown;
	invoiceId?: unknown;
	country?: unknown;
	timezone?: unknown;
	discount?: unknown;
	/** https links to the PDF of the boleto and of the invoice (a WhatsApp document header). */
	boletoPdfUrl?: unknown;
	invoicePdfUrl?: unknown;
	/** The debtor's state (with `country`: the jurisdiction whose required content the message must carry). */
	state?: unknown;
	/** Whether this is the first message to the debtor about the debt (see {@link firstContactOf}). */
	firstContact?: unknown;
}

/** The field name each contract field was read from, to name it in errors. */
export type FieldNames = Record<keyof ItemFields | 'locale' | 'stage', string>;

export const DEFAULT_FIELD_NAMES: FieldNames = {
	customerName: 'customerName',
	customerType: 'customerType',
	amount: 'amount',
	currency: 'currency',
	dueDate: 'dueDate',
	paymentLink: 'paymentLink',
	boletoLine: 'boletoLine',
	pixCode: 'pixCode',
	invoiceId: 'invoiceId',
	country: 'country',
	timezone: 'timezone',
	discount: 'discount',
	boletoPdfUrl: 'boletoPdfUrl',
	invoicePdfUrl: 'invoicePdfUrl',
	state: 'state',
	firstContact: 'firstContact',
	locale: 'locale',
	stage: 'stage',
};

export interface CreditorSettings {
	name: string;
	/** How SMS start ("ACME: …"); the name when empty. */
	shortName?: string;
	/** CPF/CNPJ, RFC, EIN…, with or without its label. */
	taxId?: string;
	/** Where debtors send receipts and questions: a phone, WhatsApp number, e-mail or web address. */
	support?: string;
	/** The creditor's address (Brazil, CDC art. 42-A: in e-mails). */
	address?: string;
	/** Mexico: the address, e-mail and phone of the unit that receives complaints (CONDUSEF, first contact). */
	complaintsContact?: string;
}

export type OptOutPolicy = 'auto' | 'always' | 'never';

export interface ContextSettings {
	creditor: CreditorSettings;
	/** Locale of the creditor (its tax id label: CNPJ, RFC…): the node's default locale. */
	creditorLocale: string;
	defaultCurrency?: string;
	optOut: OptOutPolicy;
	/** Replaces the default opt-out line ("Responda SAIR…") in every language. */
	optOutText?: string;
	suspensionDays: number;
	earlyPaymentDiscount?: number;
	reference: ReferenceDate;
	workflowZone: string;
}

/** The `creditor` object templates see. */
export interface CreditorVariables {
	name: string;
	shortName: string;
	taxId: string;
	taxIdText: string;
	identification: string;
	support: string;
	address: string;
	complaintsContact: string;
}

export function creditorVariables(settings: CreditorSettings, creditorLocale: string): CreditorVariables {
	const name = settings.name.trim();
	const taxId = (settings.taxId ?? '').trim();
	let taxIdText = '';
	if (taxId !== '') {
		// "CNPJ 12.345.678/0001-95" or "RFC: ABC…" keep their own label; bare digits get one.
		if (/^[A-Za-zÀ-ÿ.\s]{2,12}[:\s]/.test(taxId) && /\d/.test(taxId)) {
			taxIdText = taxId;
		} else {
			const label = WORDS[wordsLanguage(creditorLocale)].taxIdLabel(taxId.replace(/\D/g, ''), regionOf(creditorLocale));
			taxIdText = `${label} ${taxId}`;
		}
	}
	return {
		name,
		shortName: (settings.shortName ?? '').trim() || name,
		taxId,
		taxIdText,
		identification: taxIdText ? `${name}, ${taxIdText}` : name,
		support: (settings.support ?? '').trim(),
		address: (settings.address ?? '').trim(),
		complaintsContact: (settings.complaintsContact ?? '').trim(),
	};
}

/** Variables the renderer derives from the mapped fields (the other contract fields are kept as the item has them). */
const CANONICAL = new Set([
	'locale',
	'tone',
	'channel',
	'stage',
	'timezone',
	'creditor',
	'optOut',
	'customerName',
	'customerType',
	'amount',
	'currency',
	'dueDate',
	'daysOverdue',
	'suspensionDate',
	'paymentLink',
	'boletoLine',
	'pixCode',
	'invoiceId',
	'discount',
	'discountedAmount',
	'pixAmount',
	'firstContactText',
	'sender',
]);

function present(value: unknown): boolean {
	return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

function asText(value: unknown): string {
	return typeof value === 'string' ? value.trim() : String(value);
}

export interface RootRequest {
	json: Record<string, unknown>;
	fields: ItemFields;
	fieldNames: FieldNames;
	/** The item's locale (canonical) and the locale money and dates are written in. */
	locale: string;
	formattingLocale: string;
	channel: Channel;
	tone: Tone;
	stage: string;
	dunning?: Record<string, unknown>;
	/** The debtor's jurisdiction, when the item gives one: Mexico's first contact adds its details. */
	jurisdiction?: Jurisdiction | null;
	/** The first message to the debtor about this debt ({@link firstContactOf}). */
	firstContact?: boolean;
}

const regions = new Map<string, string | undefined>();

/** Per reference instant, its calendar day in each zone: an execution has one instant and few zones. */
const referenceDays = new WeakMap<ReferenceDate, Map<string, DayNumber>>();

/**
 * The reference day in a zone (dates.ts referenceDay), remembered per reference and zone: working
 * it out asks Intl for the date parts, which over 100,000 items is a tenth of a second.
 */
export function referenceDay(ref: ReferenceDate, zone: string): DayNumber {
	if (ref.kind === 'calendar') return ref.day;
	let days = referenceDays.get(ref);
	if (!days) {
		days = new Map();
		referenceDays.set(ref, days);
	}
	let day = days.get(zone);
	if (day === undefined) {
		day = dayInZone(ref.epochMs, zone);
		if (days.size > 1_000) days.clear();
		days.set(zone, day);
	}
	return day;
}

function cachedRegion(locale: string): string | undefined {
	if (!regions.has(locale)) regions.set(locale, regionOf(locale));
	return regions.get(locale);
}

/**
 * Roots are made by a constructor whose prototype is Object.prototype: the same plain object as
 * `{}`, but V8 learns from the first roots how many fields a root gets and makes room for them in
 * the object itself, instead of growing a separate store field by field for each of 100,000 items.
 */
const PlainRoot = function PlainRoot() {} as unknown as { new (): RenderRoot; prototype: object };
PlainRoot.prototype = Object.prototype;

/** Builds the template variables of one item. Throws {@link InvalidFieldError} for unusable data. */
export function buildRoot(
	request: RootRequest,
	settings: ContextSettings,
	creditor: CreditorVariables,
	/** The item fields the template reads; undefined: all of them. */
	itemFields?: string[],
): RenderRoot {
	const { json, fields, fieldNames, dunning } = request;
	// The item's own fields, except the contract names: those belong to the mapped fields (a same-named
	// column does not stand in for an empty mapped one). A key "__proto__" stays a plain field.
	const root = new PlainRoot();
	for (const key of itemFields ?? Object.keys(json)) {
		if (CANONICAL.has(key) || !Object.prototype.hasOwnProperty.call(json, key)) continue;
		if (key === '__proto__') Object.defineProperty(root, key, { value: json[key], enumerable: true, writable: true, configurable: true });
		else root[key] = json[key];
	}
	root.locale = request.formattingLocale;
	root.tone = request.tone;
	root.channel = request.channel;
	root.stage = request.stage;
	root.timezone = settings.workflowZone;
	root.creditor = creditor;
	if (typeof fields.timezone === 'string' && fields.timezone !== '' && fields.timezone !== root.timezone && isValidTimeZone(fields.timezone.trim())) {
		root.timezone = fields.timezone.trim();
	}
	if (fields.customerName !== undefined) root.customerName = fields.customerName === null ? null : asText(fields.customerName);
	if (fields.customerType !== undefined) root.customerType = fields.customerType;
	if (fields.paymentLink !== undefined) root.paymentLink = fields.paymentLink === null ? null : asText(fields.paymentLink);
	if (fields.boletoLine !== undefined) root.boletoLine = fields.boletoLine === null ? null : asText(fields.boletoLine);
	if (fields.pixCode !== undefined) root.pixCode = fields.pixCode === null ? null : asText(fields.pixCode);
	if (fields.invoiceId !== undefined) root.invoiceId = fields.invoiceId === null ? null : asText(fields.invoiceId);

	let amount: number | undefined;
	if (typeof fields.amount === 'number' && Math.abs(fields.amount) <= MAX_AMOUNT) {
		amount = fields.amount;
		root.amount = amount;
	} else if (present(fields.amount)) {
		const parsed = amountOrError(fields.amount);
		if (parsed instanceof InvalidValueError) throw InvalidFieldError.from(fieldNames.amount, fields.amount, parsed);
		amount = parsed;
		root.amount = amount;
	}
	if (amount !== undefined && amount < 0) {
		throw new InvalidFieldError(
			fieldNames.amount,
			fields.amount,
			'is negative: a collection message cannot ask the debtor to pay it',
			'An amount to collect is positive: fix the row, or leave credits (negative balances) out of the collection run.',
		);
	}

	const currency = resolveCurrency(fields.currency, fieldNames.currency, request.locale, settings);
	if (currency) root.currency = currency;
	if (amount !== undefined) {
		const problem = minorUnitsProblem(amount, currency);
		if (problem) throw InvalidFieldError.from(fieldNames.amount, fields.amount, problem);
	}

	// The due date: Dunning Stage's ISO date when present, else the item's field.
	let dueDay: DayNumber | undefined;
	const dunningDue = dunning?.dueDate;
	const dueValue = typeof dunningDue === 'string' && dunningDue !== '' ? dunningDue : fields.dueDate;
	if (present(dueValue)) {
		const day = calendarDayOf(dueValue, root.timezone, cachedRegion(request.locale) === 'US' ? 'mdy' : 'dmy');
		if (day instanceof InvalidValueError) {
			root.dueDate = dueValue; // the date helper reports it where it is used
		} else {
			dueDay = day;
			root.dueDate = isoDate(day);
			root.suspensionDate = isoDate(day + settings.suspensionDays);
		}
	}
	// The promised payment day: Classify Reply's (its date, else the last day of its range), else
	// Dunning Stage's (promise_reminder), else the row's promiseDate column.
	const reply = objectOf(json.reply);
	// The first of these with a value (one at a time: no array per item).
	let promiseValue: unknown = reply?.promiseDate;
	if (!present(promiseValue)) promiseValue = objectOf(reply?.promiseRange)?.to;
	if (!present(promiseValue)) promiseValue = dunning?.promiseDate;
	if (!present(promiseValue)) promiseValue = json.promiseDate;
	if (!present(promiseValue)) promiseValue = undefined;
	if (promiseValue !== undefined) {
		const day = calendarDayOf(promiseValue, root.timezone, cachedRegion(request.locale) === 'US' ? 'mdy' : 'dmy');
		root.promiseDate = day instanceof InvalidValueError ? promiseValue : isoDate(day);
	}
	if (typeof dunning?.daysOverdue === 'number') {
		root.daysOverdue = dunning.daysOverdue;
	} else if (dueDay !== undefined) {
		root.daysOverdue = referenceDay(settings.reference, root.timezone) - dueDay;
	}

	if (present(fields.discount)) {
		const discount = typeof fields.discount === 'number' ? fields.discount : Number(asText(fields.discount).replace(',', '.').replace('%', ''));
		if (!(Number.isFinite(discount) && discount > 0 && discount < 100)) {
			throw new InvalidFieldError(fieldNames.discount, fields.discount, 'is not a discount percentage', 'Give the discount as a percentage between 0 and 100, e.g. 5 for 5%.');
		}
		root.discount = discount;
	} else if (settings.earlyPaymentDiscount !== undefined && settings.earlyPaymentDiscount > 0) {
		root.discount = settings.earlyPaymentDiscount;
	}
	if (root.discount !== undefined && amount !== undefined) root.discountedAmount = roundMoney(amount * (1 - (root.discount as number) / 100));

	setNegotiation(root, json);
	root.optOut = optOutLine(request, settings, fields.country);
	root.firstContactText =
		request.firstContact === true && request.jurisdiction?.country === 'MX' ? firstContactText(root, request, settings, creditor) : '';
	// WhatsApp's last paragraph, "Mensaje enviado por {{…}}.": one parameter, so the approved text stays the same.
	root.sender = root.firstContactText ? `${creditor.identification}. ${withoutFinalDot(root.firstContactText as string)}` : creditor.identification;
	return root;
}

function withoutFinalDot(text: string): string {
	return text.charCodeAt(text.length - 1) === 46 ? text.slice(0, -1) : text;
}

const FIRST_CONTACT_WORDS = {
	pt: { credit: 'Crédito concedido por {}', contract: 'contrato {}', owed: 'débito de {} calculado em {}', complaints: 'reclamações: {}' },
	es: { credit: 'Crédito otorgado por {}', contract: 'contrato {}', owed: 'adeudo de {} calculado al {}', complaints: 'quejas: {}' },
	en: { credit: 'Credit granted by {}', contract: 'contract {}', owed: '{} owed as of {}', complaints: 'complaints: {}' },
} as const;

/** Each {} in turn replaced by a value (as String.prototype.replace does it). */
const fill = (text: string, first: string, second?: string) => {
	const once = text.replace('{}', first);
	return second === undefined ? once : once.replace('{}', second);
};

/**
 * Mexico's first-contact details (CONDUSEF Disposiciones, DOF 07-10-2014): the entity that granted
 * the credit, the contract, the amount owed with the date it was calculated (Negotiation Offer's
 * `debt`, else the amount as of today) and the complaints unit. One sentence, in the message's language.
 */
function firstContactText(root: RenderRoot, request: RootRequest, settings: ContextSettings, creditor: CreditorVariables): string {
	const w = FIRST_CONTACT_WORDS[wordsLanguage(request.formattingLocale)];
	const parts = [fill(w.credit, creditor.name)];
	if (typeof root.invoiceId === 'string' && root.invoiceId !== '') parts.push(fill(w.contract, root.invoiceId));
	const debt = objectOf(root.debt);
	const owed = debt && typeof debt.total === 'number' ? debt.total : typeof root.amount === 'number' ? root.amount : undefined;
	const currency = debt && typeof debt.currency === 'string' ? debt.currency : (root.currency as string | undefined);
	const asOf = debt && typeof debt.asOf === 'string' ? calendarDayOf(debt.asOf, root.timezone as string, 'dmy') : referenceDay(settings.reference, root.timezone as string);
	if (owed !== undefined && currency && typeof asOf === 'number') {
		const money = formatMoney(owed, currency, request.formattingLocale);
		if (typeof money === 'string') parts.push(fill(w.owed, money, formatDay(asOf, request.formattingLocale, 'short')));
	}
	if (creditor.complaintsContact) parts.push(fill(w.complaints, creditor.complaintsContact));
	return `${parts.join('; ')}.`;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'sim', 's', 'sí', 'si', '1', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'não', 'nao', '0']);

/**
 * Whether a message is the first to the debtor about this debt (Mexico's first-contact details):
 * the item's `firstContact` field when it has a value (true/false, yes/no, sim/não, sí/no, 1/0);
 * else Dunning Stage's `dunning.lastStageSent` (nothing sent yet: first contact); else the row's
 * `lastStageSent` column (empty: first contact). A row with none of them is not taken as a first contact.
 */
export function firstContactOf(value: unknown, field: string, dunning: Record<string, unknown> | undefined, json: Record<string, unknown>): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
	if (typeof value === 'string' && value.trim() !== '') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	if (value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')) {
		throw new InvalidFieldError(field, value, 'is not yes or no', 'Use true or false (yes/no, sim/não, sí/no, 1/0), or leave it empty to follow Dunning Stage.');
	}
	if (dunning && Object.prototype.hasOwnProperty.call(dunning, 'lastStageSent')) return !present(dunning.lastStageSent);
	if (Object.prototype.hasOwnProperty.call(json, 'lastStageSent')) return !present(json.lastStageSent);
	return false;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function nonEmptyText(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

/**
 * Negotiation Offer's `debt` and `offer`, always given to the helpers ({{debtLines}}, {{offerText}},
 * {{howToPay}}) whether or not the template names them; the ways to pay it made ready (the link
 * with its reference, the checked boleto line) replace the row's; the Pix code shown is the
 * settlement's when there is one (its exact amount), else the one for the total.
 */
function setNegotiation(root: RenderRoot, json: Record<string, unknown>): void {
	const debt = objectOf(json.debt);
	if (!debt) return;
	root.debt = debt;
	if (json.offer === null || objectOf(json.offer)) root.offer = json.offer;
	const payment = objectOf(debt.payment);
	if (payment) {
		if (nonEmptyText(payment.paymentLink)) root.paymentLink = payment.paymentLink;
		if (nonEmptyText(payment.boletoLine)) root.boletoLine = payment.boletoLine;
		if (nonEmptyText(payment.pixCode)) {
			root.pixCode = payment.pixCode;
			if (payment.pixSource === 'key' && typeof debt.total === 'number') root.pixAmount = debt.total;
		}
	}
	const options = objectOf(json.offer)?.options;
	if (Array.isArray(options)) {
		for (const option of options) {
			const o = objectOf(option);
			if (o?.type === 'settlement' && nonEmptyText(o.pixCode) && typeof o.amount === 'number') {
				root.pixCode = o.pixCode;
				root.pixAmount = o.amount;
				break;
			}
		}
	}
}

/** A country or currency code as written, trimmed and in capitals, per distinct text (a run has few). */
const upperTexts = new Map<string, string>();

function upperText(value: unknown): string {
	if (typeof value !== 'string') return asText(value).toUpperCase();
	let upper = upperTexts.get(value);
	if (upper === undefined) {
		upper = value.trim().toUpperCase();
		if (upperTexts.size > 10_000) upperTexts.clear();
		upperTexts.set(value, upper);
	}
	return upper;
}

/** Each currency code's problem, or null: checked once per code. */
const currencyProblems = new Map<string, InvalidValueError | null>();

function resolveCurrency(value: unknown, field: string, locale: string, settings: ContextSettings): string | undefined {
	if (present(value)) {
		const code = typeof value === 'string' ? upperText(value) : asText(value).trim().toUpperCase();
		let problem = currencyProblems.get(code);
		if (problem === undefined) {
			problem = currencyProblem(code) ?? null;
			if (currencyProblems.size > 1_000) currencyProblems.clear();
			currencyProblems.set(code, problem);
		}
		if (problem) throw InvalidFieldError.from(field, value, problem);
		return code;
	}
	if (settings.defaultCurrency) return settings.defaultCurrency;
	return currencyOfRegion(cachedRegion(locale));
}

/**
 * The opt-out line, or '' where none is called for. Auto: every e-mail; SMS to the United States
 * (TCPA and Regulation F: every electronic message offers a simple opt-out). WhatsApp never: an
 * approved template's text cannot change, and WhatsApp has its own block and report controls.
 */
function optOutLine(request: RootRequest, settings: ContextSettings, country: unknown): string {
	const { channel } = request;
	if (channel === 'whatsapp' || settings.optOut === 'never') return '';
	if (settings.optOut === 'auto' && channel === 'sms') {
		const jurisdiction = present(country) ? upperText(country) : cachedRegion(request.locale);
		if (jurisdiction !== 'US') return '';
	}
	if (settings.optOutText && settings.optOutText.trim() !== '') return settings.optOutText.trim();
	return WORDS[wordsLanguage(request.formattingLocale)].optOut(channel, request.tone);
}
