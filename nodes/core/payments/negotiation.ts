/**
 * One invoice's negotiation, as the Negotiation Offer node computes it: the itemised debt as of
 * the reference date (debt.ts), the offers the creditor's policy allows for the segment's kind of
 * offer (offers.ts), and the ways to pay each (Pix "copia e cola" per option, the checked boleto
 * line, the payment link with a reconciliation reference).
 *
 * Decisions (docs/nodes/negotiation-offer.md repeats them):
 * - Segment Debtor decides *which* offer (`segment.offer`); this decides the numbers. `none` gets
 *   the itemised debt only (no `offer`); `settlement` and `early_payment_discount` a settlement
 *   only; `instalments` instalment plans and, when a discount range applies, the settlement as the
 *   pay-now alternative; an item without a segment every option the policy allows.
 * - Settlement ranges are matched on the ladder's days overdue (Dunning Stage's `daysOverdue`,
 *   calendar or business days as the ladder counts them) when the item has them, else on the
 *   calendar days of the itemised debt; interest always runs on calendar days.
 * - Pix: with a Pix key (the row's `pixKey`, else the node's) and a debt in BRL, a static code per
 *   option with that option's exact amount (an instalment plan's code is for its first
 *   instalment), and one for the total. A row's own `pixCode` is checked (structure and CRC) and,
 *   without a key, kept as the way to pay the total. The txid is the invoice id without
 *   separators, plus `P<n>` (plan of n) or `S` (settlement); an id that cannot be a txid gets none.
 * - Boleto: the row's line is checked (check digits, due-date factor) and written in its groups.
 * - The payment link gets `?<parameter>=<invoice or offer id>` when the node asks for it.
 */
import type { BusinessCalendar, DateOrder, DayNumber, ReferenceDate } from '../dates';
import { calendarDateOrError, isValidTimeZone, isoDate, referenceDay } from '../dates';
import { type InvoiceStatus, normalizeStatus } from '../dunning';
import { InvalidFieldError, InvalidSettingError, InvalidValueError } from '../errors';
import { formatBoletoLine, parseBoletoLine } from './boleto';
import { type DebtCharge, type DebtSettings, type InterestMethod, type ItemisedDebt, type LateFeeKind, debtAsOf, validateDebtSettings } from './debt';
import { currencyRules } from './minorUnits';
import { type OfferOption, type OfferPolicy, type SettlementRange, buildOffer, validateOfferPolicy } from './offers';
import { type PixKey, PIX_TXID_MAX, StaticPixTemplate, parsePixCode, pixKeyOrError, pixText, PIX_MERCHANT_CITY_MAX, PIX_MERCHANT_NAME_MAX } from './pix';

/** The smallest instalment when the node sets none for the currency (major units). */
export const DEFAULT_MIN_INSTALMENT: Readonly<Record<string, number>> = { BRL: 50, MXN: 200, USD: 25 };

/** The settlement discounts when the node keeps the default: up to 10% at 30-89 days, up to 30% from 90. */
export const DEFAULT_SETTLEMENT_RANGES: readonly SettlementRange[] = [
	{ minDaysOverdue: 30, maxDaysOverdue: 89, maxDiscountPct: 10 },
	{ minDaysOverdue: 90, maxDiscountPct: 30 },
];

/** What the node's settings are called, for errors (the node uses the same display names). */
export const NEGOTIATION_SETTING_NAMES = {
	pixKey: 'Pix Key',
	merchantName: 'Pix Merchant Name',
	merchantCity: 'Pix Merchant City',
	referenceParameter: 'Reference Parameter',
} as const;

export type SegmentOffer = 'none' | 'early_payment_discount' | 'instalments' | 'settlement';
export type ReferenceMode = 'none' | 'invoice' | 'offer';

export interface NegotiationPolicy {
	lateFee?: { kind?: LateFeeKind; value: number | string };
	interestRate?: number | string;
	interestMethod?: InterestMethod;
	charges?: DebtCharge[];
	/** Consumer debts (default true): a Brazilian consumer debt's late fee is at most 2%. */
	consumer?: boolean;
	maxInstalments: number;
	/** Per currency, on top of {@link DEFAULT_MIN_INSTALMENT} (0 removes the minimum). */
	minInstalment?: Record<string, number | string>;
	interestPerInstalment?: number | string;
	firstDueInDays: number;
	validityDays: number;
	countBusinessDays?: boolean;
	settlementRanges: SettlementRange[];
	businessDays: BusinessCalendar;
	/** Follow `segment.offer` (default true); false: every option the policy allows. */
	followSegment?: boolean;
	pix?: { key?: string; merchantName?: string; merchantCity?: string };
	reference?: { mode: ReferenceMode; parameter?: string };
}

/** The item fields, by the names the user's columns have, for errors. */
export interface NegotiationFieldNames {
	amount: string;
	currency: string;
	lateFee: string;
	interestRate: string;
	country: string;
	paymentLink: string;
	boletoLine: string;
	pixCode: string;
	pixKey: string;
	boletoPdfUrl: string;
	invoicePdfUrl: string;
}

export const DEFAULT_NEGOTIATION_FIELDS: NegotiationFieldNames = {
	amount: 'amount',
	currency: 'currency',
	lateFee: 'lateFee',
	interestRate: 'interestRate',
	country: 'country',
	paymentLink: 'paymentLink',
	boletoLine: 'boletoLine',
	pixCode: 'pixCode',
	pixKey: 'pixKey',
	boletoPdfUrl: 'boletoPdfUrl',
	invoicePdfUrl: 'invoicePdfUrl',
};

export interface NegotiationInput {
	invoiceId?: unknown;
	amount: unknown;
	currency: unknown;
	dueDay: DayNumber;
	/** The calculation date (the reference day of the run, in the debtor's time zone). */
	asOf: DayNumber;
	/** The ladder's days overdue (Dunning Stage), for the settlement ranges. */
	ladderDaysOverdue?: number | null;
	lateFee?: unknown;
	interestRate?: unknown;
	country?: unknown;
	/** Segment Debtor's `segment` (its `offer` and `name` are read). */
	segment?: unknown;
	paymentLink?: unknown;
	boletoLine?: unknown;
	pixCode?: unknown;
	pixKey?: unknown;
	/** https links to the PDF of the boleto and of the invoice (a WhatsApp document header). */
	boletoPdfUrl?: unknown;
	invoicePdfUrl?: unknown;
	fieldNames?: NegotiationFieldNames;
}

/** How to pay the debt as a whole. */
export interface DebtPayment {
	/** The payment link, with the reconciliation reference when asked for. */
	paymentLink?: string;
	/** The row's boleto line, checked, in its printed groups. */
	boletoLine?: string;
	boleto?: { bank?: string; dueDate: string | null; amount: number | null };
	/** A static code for the total (from the Pix key), or the row's checked code. */
	pixCode?: string;
	pixSource?: 'key' | 'row';
	/** The row's PDF links, checked to be https (WhatsApp fetches document headers over https only). */
	boletoPdfUrl?: string;
	invoicePdfUrl?: string;
}

export interface NegotiatedDebt extends ItemisedDebt {
	payment: DebtPayment;
}

export type NegotiatedOption = OfferOption & {
	/** `2x`, `3x`… or `settlement`: how a reply or a button names the option. */
	id: string;
	/** 1, 2, 3… in the order shown ("opção 2"). */
	choice: number;
	/** A static Pix code with the option's amount (an instalment plan's: its first instalment). */
	pixCode?: string;
};

export interface NegotiatedOffer {
	/** `<invoice id>-<yyyymmdd of the calculation date>`: the offer's reference for reconciliation. */
	id: string;
	/** The segment's kind of offer this follows, or `all` (no segment, or Follow Segment Offer off). */
	kind: SegmentOffer | 'all';
	currency: string;
	options: NegotiatedOption[];
	validUntil: string;
	reasons: string[];
}

export interface Negotiation {
	debt: NegotiatedDebt;
	/** Absent for a segment whose offer is `none`. */
	offer?: NegotiatedOffer;
}

const SEGMENT_OFFERS = new Set<string>(['none', 'early_payment_discount', 'instalments', 'settlement']);
const WEB_ADDRESS = /^https?:\/\/[^\s"'<>]+$/i;
const HTTPS_ADDRESS = /^https:\/\/[^\s"'<>]+$/i;
const NO_PLANS_REASON = 'No instalment plans: the maximum number of instalments is below 2.';

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/**
 * The negotiation of every item of a run under one policy: the settings are checked once, when it
 * is made (throws {@link InvalidSettingError} naming the setting).
 */
export class Negotiator {
	private readonly offerPolicy: OfferPolicy;
	private readonly settlementOnly: OfferPolicy;
	private readonly debtSettings = new Map<string, DebtSettings>();
	private readonly nodeKey?: PixKey;
	private readonly merchantName: string;
	private readonly merchantCity: string;
	private readonly rowKeys = new Map<string, PixKey | InvalidValueError>();
	private readonly pixTemplates = new Map<string, StaticPixTemplate>();
	private readonly referenceParameter: string;

	constructor(readonly policy: NegotiationPolicy) {
		const minInstalment: Record<string, number | string> = { ...DEFAULT_MIN_INSTALMENT };
		for (const [currency, amount] of Object.entries(policy.minInstalment ?? {})) minInstalment[currency.trim().toUpperCase()] = amount;
		for (const [currency, amount] of Object.entries(minInstalment)) if (amount === 0 || amount === '0') delete minInstalment[currency];
		this.offerPolicy = {
			maxInstalments: policy.maxInstalments,
			minInstalment,
			interestPerInstalment: policy.interestPerInstalment,
			firstDueInDays: policy.firstDueInDays,
			businessDays: policy.businessDays,
			settlementRanges: policy.settlementRanges,
			validityDays: policy.validityDays,
			countBusinessDays: policy.countBusinessDays,
		};
		validateOfferPolicy(this.offerPolicy);
		this.settlementOnly = { ...this.offerPolicy, maxInstalments: 0 };
		validateOfferPolicy(this.settlementOnly);
		// The late fee, interest and charges are checked in a currency every setting fits (the cap of
		// Brazilian consumer debts is checked per debt: a late fee above 2% is fine elsewhere).
		validateDebtSettings(this.settingsFor('USD', 'US'));

		const pix = policy.pix ?? {};
		this.merchantName = pixText(pix.merchantName ?? '', PIX_MERCHANT_NAME_MAX);
		this.merchantCity = pixText(pix.merchantCity ?? '', PIX_MERCHANT_CITY_MAX);
		if (!isEmpty(pix.key)) {
			const key = pixKeyOrError(pix.key);
			if (key instanceof InvalidValueError) throw new InvalidSettingError(NEGOTIATION_SETTING_NAMES.pixKey, key.problem, key.hint);
			this.nodeKey = key;
			this.checkMerchant();
		}
		this.referenceParameter = (policy.reference?.parameter ?? 'ref').trim();
		if (policy.reference && policy.reference.mode !== 'none' && !/^[A-Za-z0-9_.~-]{1,40}$/.test(this.referenceParameter)) {
			throw new InvalidSettingError(
				NEGOTIATION_SETTING_NAMES.referenceParameter,
				`"${this.referenceParameter.slice(0, 40)}" is not a query parameter name`,
				'Use letters, digits, "_", "-" or "." (e.g. ref), as your payment page expects it.',
			);
		}
	}

	private checkMerchant(): void {
		if (this.merchantName === '') {
			throw new InvalidSettingError(
				NEGOTIATION_SETTING_NAMES.merchantName,
				'is empty (after removing characters a Pix code cannot carry)',
				'A Pix code names who receives the payment: enter the creditor name shown to the payer (up to 25 characters).',
			);
		}
		if (this.merchantCity === '') {
			throw new InvalidSettingError(
				NEGOTIATION_SETTING_NAMES.merchantCity,
				'is empty (after removing characters a Pix code cannot carry)',
				"A Pix code carries the receiver's city: enter it, e.g. Sao Paulo (up to 15 characters).",
			);
		}
	}

	/** The debt settings for a currency and country, made once each (debt.ts caches their checks per object). */
	private settingsFor(currency: string, country: string): DebtSettings {
		const key = `${currency}|${country}`;
		let settings = this.debtSettings.get(key);
		if (!settings) {
			const p = this.policy;
			settings = {
				currency,
				country: country || undefined,
				consumer: p.consumer !== false,
				lateFee: p.lateFee,
				interestRate: p.interestRate,
				interestMethod: p.interestMethod,
				charges: p.charges,
				businessDays: p.businessDays,
			};
			if (this.debtSettings.size >= 1000) this.debtSettings.clear();
			this.debtSettings.set(key, settings);
		}
		return settings;
	}

	/**
	 * The itemised debt and the offer of one invoice. Throws {@link InvalidFieldError} naming the
	 * item's field, or {@link InvalidSettingError} (a late fee above the Brazilian cap).
	 */
	negotiate(input: NegotiationInput): Negotiation {
		const names = input.fieldNames ?? DEFAULT_NEGOTIATION_FIELDS;
		let code: string;
		try {
			code = currencyRules(input.currency).code;
		} catch (error) {
			throw asField(names.currency, input.currency, error);
		}
		const country = text(input.country).toUpperCase();
		let itemised: ItemisedDebt;
		try {
			itemised = debtAsOf(
				{ original: input.amount, dueDate: input.dueDay, asOf: input.asOf, lateFee: input.lateFee, interestRate: input.interestRate },
				this.settingsFor(code, /^[A-Z]{2}$/.test(country) ? country : ''),
			);
		} catch (error) {
			throw renamed(error, names);
		}
		const invoiceId = text(input.invoiceId);
		const key = this.pixKeyOf(input.pixKey, names.pixKey);
		const payment: DebtPayment = {};
		const debt: NegotiatedDebt = { ...itemised, payment };

		// Segment Debtor's choice of offer.
		const segment = input.segment !== null && typeof input.segment === 'object' && !Array.isArray(input.segment) ? (input.segment as Record<string, unknown>) : undefined;
		const segmentOffer = typeof segment?.offer === 'string' && SEGMENT_OFFERS.has(segment.offer) ? (segment.offer as SegmentOffer) : undefined;
		const segmentName = typeof segment?.name === 'string' && segment.name.trim() !== '' ? segment.name.trim() : undefined;
		const follow = this.policy.followSegment !== false && segmentOffer !== undefined;
		const kind: SegmentOffer | 'all' = follow ? (segmentOffer as SegmentOffer) : 'all';
		const offerId = `${invoiceId || 'offer'}-${isoDate(input.asOf).replace(/-/g, '')}`;

		let offer: NegotiatedOffer | undefined;
		if (kind !== 'none') {
			const ladderDays = typeof input.ladderDaysOverdue === 'number' && Number.isFinite(input.ladderDaysOverdue) ? Math.max(0, Math.trunc(input.ladderDaysOverdue)) : undefined;
			const built = buildOffer(
				{ total: itemised.total, currency: code, daysOverdue: ladderDays ?? itemised.daysOverdue },
				kind === 'all' || kind === 'instalments' ? this.offerPolicy : this.settlementOnly,
				{ today: input.asOf, segment: segmentName },
			);
			const reasons = [offerReason(kind, segmentName, segmentOffer, this.policy.followSegment === false)];
			if (ladderDays !== undefined && ladderDays !== itemised.daysOverdue) {
				reasons.push(`Settlement ranges read the ladder's ${ladderDays} days overdue (Dunning Stage).`);
			}
			for (const reason of built.reasons) if (!(kind !== 'all' && kind !== 'instalments' && reason === NO_PLANS_REASON)) reasons.push(reason);
			const options = built.options.map(
				(option, i): NegotiatedOption => ({ id: option.type === 'settlement' ? 'settlement' : `${option.count}x`, choice: i + 1, ...option }),
			);
			offer = { id: offerId, kind, currency: code, options, validUntil: built.validUntil, reasons };
		}

		// Payment instruments.
		const reasons = offer?.reasons ?? debt.reasons;
		if (!isEmpty(input.pixCode)) {
			let parsed: ReturnType<typeof parsePixCode>;
			try {
				parsed = parsePixCode(input.pixCode);
			} catch (error) {
				throw asField(names.pixCode, input.pixCode, error);
			}
			if (!key) {
				payment.pixCode = parsed.code;
				payment.pixSource = 'row';
			}
		}
		if (key) {
			if (code !== 'BRL') {
				reasons.push(`No Pix code: Pix is paid in BRL, and this debt is in ${code}.`);
			} else {
				const base = txidBase(invoiceId);
				if (invoiceId !== '' && base === undefined) reasons.push(`Pix codes without a txid: the invoice id "${invoiceId.slice(0, 40)}" cannot be one (letters and digits, at most ${PIX_TXID_MAX - 3}).`);
				payment.pixCode = this.pix(key, itemised.total, base);
				payment.pixSource = 'key';
				for (const option of offer?.options ?? []) {
					option.pixCode = this.pix(key, option.amount, base === undefined ? undefined : `${base}${option.type === 'settlement' ? 'S' : `P${option.count}`}`);
				}
			}
		}
		if (!isEmpty(input.boletoLine)) {
			try {
				const boleto = parseBoletoLine(input.boletoLine, input.asOf);
				payment.boletoLine = formatBoletoLine(boleto.line);
				payment.boleto = boleto.kind === 'bank' ? { bank: boleto.bank, dueDate: boleto.dueDate, amount: boleto.amount } : { dueDate: null, amount: boleto.amount };
			} catch (error) {
				throw asField(names.boletoLine, input.boletoLine, error);
			}
		}
		for (const key of ['boletoPdfUrl', 'invoicePdfUrl'] as const) {
			const value = input[key];
			if (isEmpty(value)) continue;
			if (typeof value !== 'string' || !HTTPS_ADDRESS.test(value.trim())) {
				throw new InvalidFieldError(
					names[key],
					value,
					'is not an https address',
					'WhatsApp fetches a document header over https only: give the https:// link to the PDF, or leave the field empty.',
				);
			}
			payment[key] = value.trim();
		}
		if (!isEmpty(input.paymentLink)) {
			const link = text(input.paymentLink);
			const mode = this.policy.reference?.mode ?? 'none';
			if (mode === 'none') payment.paymentLink = link;
			else {
				if (!WEB_ADDRESS.test(link)) {
					throw new InvalidFieldError(names.paymentLink, input.paymentLink, 'is not a web address', 'A payment link starts with https:// (or http://) and has no spaces.');
				}
				const value = mode === 'offer' && offer ? offer.id : invoiceId;
				payment.paymentLink = value === '' ? link : withQueryParameter(link, this.referenceParameter, value);
			}
		}
		return offer ? { debt, offer } : { debt };
	}

	private pixKeyOf(value: unknown, field: string): PixKey | undefined {
		if (isEmpty(value)) return this.nodeKey;
		const raw = typeof value === 'string' ? value.trim() : value;
		const cacheKey = typeof raw === 'string' ? raw : undefined;
		let key = cacheKey !== undefined ? this.rowKeys.get(cacheKey) : undefined;
		if (!key) {
			key = pixKeyOrError(raw);
			if (cacheKey !== undefined) {
				if (this.rowKeys.size >= 10_000) this.rowKeys.clear();
				this.rowKeys.set(cacheKey, key);
			}
		}
		if (key instanceof InvalidValueError) throw InvalidFieldError.from(field, value, key);
		this.checkMerchant();
		return key;
	}

	private pix(key: PixKey, amount: number, txid: string | undefined): string {
		let template = this.pixTemplates.get(key.key);
		if (!template) {
			template = new StaticPixTemplate({ key: key.key, merchantName: this.merchantName, merchantCity: this.merchantCity });
			if (this.pixTemplates.size >= 1000) this.pixTemplates.clear();
			this.pixTemplates.set(key.key, template);
		}
		return template.code(amount, txid);
	}
}

function offerReason(kind: SegmentOffer | 'all', segmentName: string | undefined, segmentOffer: SegmentOffer | undefined, notFollowed: boolean): string {
	const named = segmentName ? `segment "${segmentName}"` : 'the segment';
	switch (kind) {
		case 'instalments':
			return `Offer for ${named} (offer: instalments): instalment plans, and a settlement where a discount range applies.`;
		case 'settlement':
			return `Offer for ${named} (offer: settlement): a settlement only.`;
		case 'early_payment_discount':
			return `Offer for ${named} (offer: early_payment_discount): a settlement only, where a discount range covers the days overdue.`;
		case 'none':
			return `No offer: ${named} has none (offer: none).`;
		default:
			return notFollowed && segmentOffer
				? `Every option the policy allows (Follow Segment Offer is off; the segment chose ${segmentOffer}).`
				: 'Every option the policy allows: the item has no segment (put Segment Debtor before this node to choose the offer per debtor).';
	}
}

/** The invoice id as a txid base: separators dropped, letters and digits only, room for a 3-character suffix. */
function txidBase(invoiceId: string): string | undefined {
	if (invoiceId === '') return undefined;
	const base = invoiceId.replace(/[-_./\s]/g, '');
	return /^[A-Za-z0-9]+$/.test(base) && base.length <= PIX_TXID_MAX - 3 ? base : undefined;
}

/** `link` with `name=value` in its query string (replacing an existing `name`), before any `#fragment`. */
export function withQueryParameter(link: string, name: string, value: string): string {
	const hashAt = link.indexOf('#');
	const fragment = hashAt >= 0 ? link.slice(hashAt) : '';
	const base = hashAt >= 0 ? link.slice(0, hashAt) : link;
	const queryAt = base.indexOf('?');
	const path = queryAt >= 0 ? base.slice(0, queryAt) : base;
	const pairs = queryAt >= 0 ? base.slice(queryAt + 1).split('&').filter((p) => p !== '') : [];
	const encodedName = encodeURIComponent(name);
	const kept = pairs.filter((p) => p.split('=')[0] !== encodedName);
	kept.push(`${encodedName}=${encodeURIComponent(value)}`);
	return `${path}?${kept.join('&')}${fragment}`;
}

function asField(field: string, value: unknown, error: unknown): Error {
	if (error instanceof InvalidFieldError) return new InvalidFieldError(field, value, error.problem, error.hint);
	if (error instanceof InvalidValueError) return InvalidFieldError.from(field, value, error);
	return error instanceof Error ? error : new Error(String(error));
}

/** debt.ts names the fields by their contract names: the user's own names instead. */
function renamed(error: unknown, names: NegotiationFieldNames): Error {
	if (error instanceof InvalidFieldError) {
		const field = error.field === 'amount' ? names.amount : error.field === 'lateFee' ? names.lateFee : error.field === 'interestRate' ? names.interestRate : error.field;
		return field === error.field ? error : new InvalidFieldError(field, error.value, error.problem, error.hint);
	}
	return error instanceof Error ? error : new Error(String(error));
}

// ---------------------------------------------------------------------------------------------
// Settings as the node gives them

export interface SettlementRangeRow {
	minDaysOverdue?: number;
	/** Empty for no upper limit. */
	maxDaysOverdue?: string | number;
	maxDiscountPct?: number | string;
	/** Segment names separated by commas; empty for every segment. */
	segments?: string;
}

/** The settlement ranges of a Settlement Discounts setting: `default`, `none` or `custom` (the rows). */
export function settlementRangeRows(mode: string, rows: SettlementRangeRow[]): SettlementRange[] {
	if (mode === 'none') return [];
	if (mode !== 'custom') return DEFAULT_SETTLEMENT_RANGES.map((range) => ({ ...range }));
	return rows.map((row, index) => {
		const max = typeof row.maxDaysOverdue === 'string' ? row.maxDaysOverdue.trim() : row.maxDaysOverdue;
		const maxDays = max === undefined || max === '' ? undefined : Number(max);
		if (maxDays !== undefined && !Number.isInteger(maxDays)) {
			throw new InvalidSettingError(
				`Discount Ranges (range ${index + 1}): maximum days overdue`,
				`"${String(max).slice(0, 20)}" is not a whole number`,
				'Enter a number of days, or leave it empty for no upper limit.',
			);
		}
		return {
			minDaysOverdue: row.minDaysOverdue ?? 0,
			maxDaysOverdue: maxDays,
			maxDiscountPct: row.maxDiscountPct ?? 0,
			segments: (row.segments ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
		};
	});
}

export interface MinInstalmentRow {
	currency?: string;
	amount?: number | string;
}

/** The Minimum Instalment rows as a map by currency (checked by the offer policy). */
export function minInstalmentRows(rows: MinInstalmentRow[]): Record<string, number | string> {
	const out: Record<string, number | string> = {};
	for (const row of rows) {
		const currency = (row.currency ?? '').trim();
		if (currency === '') throw new InvalidSettingError('Minimum Instalment', 'a row has no currency', 'Enter the ISO 4217 code (BRL, MXN, USD) of each row.');
		out[currency] = row.amount ?? 0;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The dates of an item

export interface DatesInput {
	/** Dunning Stage's `dunning` object, when the item went through it. */
	dunning: unknown;
	/** The row's due date, status and time zone (read when there is no `dunning`). */
	dueDate: unknown;
	status: unknown;
	timezone: unknown;
	fieldNames: { dueDate: string; status: string };
	/** The node's time zone setting, else the workflow's. */
	defaultZone: string;
	reference: ReferenceDate;
	dateOrder: DateOrder;
}

export interface NegotiationDates {
	dueDay: DayNumber;
	asOf: DayNumber;
	/** The ladder's count (Dunning Stage), when the item has it. */
	ladderDaysOverdue?: number;
	status: InvoiceStatus;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The due date and the calculation date of an item: Dunning Stage's (`dunning.dueDate`,
 * `dunning.referenceDate`, `dunning.daysOverdue`, `dunning.status`) when it has them, else the
 * row's due date and status read in the debtor's time zone, and the reference date of the run
 * there. Throws {@link InvalidFieldError} naming the due date or status field.
 */
export function negotiationDates(input: DatesInput): NegotiationDates {
	const d = input.dunning !== null && typeof input.dunning === 'object' && !Array.isArray(input.dunning) ? (input.dunning as Record<string, unknown>) : undefined;
	if (d && typeof d.referenceDate === 'string' && ISO_DAY.test(d.referenceDate) && typeof d.dueDate === 'string' && ISO_DAY.test(d.dueDate)) {
		const asOf = calendarDateOrError(d.referenceDate, 'UTC');
		const dueDay = calendarDateOrError(d.dueDate, 'UTC');
		if (!(asOf instanceof InvalidValueError) && !(dueDay instanceof InvalidValueError)) {
			const status = (typeof d.status === 'string' ? normalizeStatus(d.status) : undefined) ?? 'open';
			const days = typeof d.daysOverdue === 'number' && Number.isFinite(d.daysOverdue) ? d.daysOverdue : undefined;
			return days === undefined ? { dueDay, asOf, status } : { dueDay, asOf, ladderDaysOverdue: days, status };
		}
	}
	const status = normalizeStatus(input.status);
	if (status === undefined) {
		throw new InvalidFieldError(input.fieldNames.status, input.status, 'is not a status', 'Use open, paid, cancelled, disputed or paused (or leave it empty for open).');
	}
	const zone = typeof input.timezone === 'string' && input.timezone.trim() !== '' && isValidTimeZone(input.timezone.trim()) ? input.timezone.trim() : input.defaultZone;
	if (isEmpty(input.dueDate)) {
		throw new InvalidFieldError(input.fieldNames.dueDate, input.dueDate, 'is needed to itemise the debt (late fee and interest run from it)', 'Put Dunning Stage before this node, or map Due Date Field to the column with the due date.');
	}
	const dueDay = calendarDateOrError(input.dueDate, zone, input.dateOrder);
	if (dueDay instanceof InvalidValueError) throw InvalidFieldError.from(input.fieldNames.dueDate, input.dueDate, dueDay);
	return { dueDay, asOf: referenceDay(input.reference, zone), status };
}
