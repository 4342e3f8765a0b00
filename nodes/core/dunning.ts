/**
 * Classifying one invoice into the ladder: the heart of the Dunning Stage node, also used by
 * Segment Debtor when an item has not been through Dunning Stage.
 */
import {
	type BusinessCalendar,
	type DateOrder,
	type DayNumber,
	type ReferenceDate,
	businessDaysBetween,
	isValidTimeZone,
	isoDate,
	nextBusinessDay,
	calendarDateOrError,
	referenceDay,
} from './dates';
import { InvalidFieldError, InvalidValueError } from './errors';
import { type HolidaySettings, type Jurisdiction, type JurisdictionCalendar, jurisdictionOfRow } from './jurisdictions';
import {
	type AgingBucket,
	type Ladder,
	type Phase,
	type Stage,
	agingBucket,
	classifyStage,
	describeStageDays,
} from './ladder';

export type InvoiceStatus = 'open' | 'paid' | 'cancelled' | 'disputed' | 'paused';

const STATUS_WORDS: Record<InvoiceStatus, string[]> = {
	open: ['', 'open', 'pending', 'unpaid', 'overdue', 'due', 'outstanding', 'aberto', 'aberta', 'em aberto', 'pendente', 'vencido', 'vencida', 'abierto', 'abierta', 'pendiente', 'vencido'],
	paid: ['paid', 'settled', 'pago', 'paga', 'pagado', 'pagada', 'liquidado', 'liquidada', 'quitado', 'quitada'],
	cancelled: ['cancelled', 'canceled', 'void', 'voided', 'cancelado', 'cancelada', 'anulado', 'anulada'],
	disputed: ['disputed', 'dispute', 'contestado', 'contestada', 'em disputa', 'disputado', 'disputada', 'en disputa'],
	paused: ['paused', 'on hold', 'hold', 'pausado', 'pausada', 'suspenso', 'en pausa'],
};

const STATUS_LOOKUP = new Map<string, InvoiceStatus>();
for (const [status, words] of Object.entries(STATUS_WORDS) as Array<[InvoiceStatus, string[]]>) {
	for (const w of words) STATUS_LOOKUP.set(w, status);
}

export function normalizeStatus(value: unknown): InvoiceStatus | undefined {
	if (value === undefined || value === null) return 'open';
	if (typeof value !== 'string') return undefined;
	// Most rows say "open" or "paid" exactly: look the text up as it is before trimming and lower-casing it.
	return STATUS_LOOKUP.get(value) ?? STATUS_LOOKUP.get(value.trim().toLowerCase());
}

export interface InvoiceFieldNames {
	dueDate: string;
	status: string;
	lastStageSent: string;
	timezone: string;
	/** The debtor's country and state: their holidays, with built-in calendars. */
	country?: string;
	state?: string;
	/** The conversation written back: a promised payment day, a pause, an instalment plan's next due date. */
	promiseDate?: string;
	pausedUntil?: string;
	nextDueDate?: string;
	/** The instalment due date whose miss was already counted as a broken promise (written back by the workflow). */
	planMissedDueDate?: string;
}

export const DEFAULT_FIELD_NAMES: InvoiceFieldNames = {
	dueDate: 'dueDate',
	status: 'status',
	lastStageSent: 'lastStageSent',
	timezone: 'timezone',
};

export interface InvoiceInput {
	dueDate: unknown;
	status: unknown;
	lastStageSent: unknown;
	timezone: unknown;
	country?: unknown;
	state?: unknown;
	/** The day the debtor promised to pay (Classify Reply wrote it back): no notice until after it. */
	promiseDate?: unknown;
	/** No ladder message until after this day (e.g. "já paguei", being checked). */
	pausedUntil?: unknown;
	/** An accepted instalment plan's next due date: the ladder follows it instead of the invoice's. */
	nextDueDate?: unknown;
	/** The next due date whose miss was already counted: the same miss is not counted twice. */
	planMissedDueDate?: unknown;
}

/** What the row should say after this classification: the columns a write-back sets so that a broken promise counts once. */
export interface DunningWriteBack {
	/** A broken promise: the promise is spent (empty clears the column). */
	promiseDate?: '';
	/** A missed instalment: that due date's miss is counted (Dunning Stage compares it with nextDueDate). */
	planMissedDueDate?: string;
}

/** Stages of the conversation, outside the ladder: in Last Stage Sent they stand for "no ladder stage since". */
export const PROMISE_REMINDER = 'promise_reminder';
const CONVERSATION_STAGES = new Set([PROMISE_REMINDER]);

/**
 * Business days per debtor: the bank calendar of the item's country and state (date-holidays,
 * corrected; see jurisdictions/holidays.ts), with the user's own dates on top.
 */
export interface JurisdictionCalendars {
	holidays: HolidaySettings;
	/** For rows without a country ('' = such rows skip only weekends and the user's own dates). */
	defaultCountry: string;
}

export interface ClassifyContext {
	ladder: Ladder;
	dateOrder: DateOrder;
	reference: ReferenceDate;
	/** The workflow's time zone, used when an item has none. */
	defaultZone: string;
	/** Set to count business days (weekends and holidays skipped); unset for calendar days. */
	business?: BusinessCalendar;
	/** With business days: each debtor's own bank calendar (else `business` for everyone). */
	calendars?: JurisdictionCalendars;
	/** Days after a promised day (or an instalment's due date) before it counts as broken. Default 1. */
	promiseGraceDays?: number;
	fields: InvoiceFieldNames;
	/** Reference day per time zone, computed once per execution. */
	referenceDays: Map<string, DayNumber>;
}

export function createClassifyContext(options: Omit<ClassifyContext, 'referenceDays'>): ClassifyContext {
	return { ...options, referenceDays: new Map() };
}

/** The `dunning` object of the data contract. */
export interface DunningInfo {
	stage: string | null;
	phase: Phase;
	stageIndex: number | null;
	label: string | null;
	status: InvoiceStatus;
	daysOverdue: number | null;
	dayCount: 'calendar' | 'business';
	/** Whose business days were counted (`BR-SP`), with built-in calendars; null otherwise. */
	jurisdiction: string | null;
	dueDate: string | null;
	referenceDate: string;
	timezone: string;
	agingBucket: AgingBucket | null;
	isNew: boolean;
	lastStageSent: string | null;
	/** Stages between the last one sent and the current one that were never sent (reported, not sent). */
	missedStages: string[];
	reason: string;
	/** The promised payment day (ISO), when the row has one. */
	promiseDate?: string;
	/** No ladder message until after this day (a promise with its grace, or a pause). */
	heldUntil?: string;
	/** The promised day (or an instalment's due date) passed unpaid: the write-back adds one to brokenPromises and clears promiseDate. */
	brokenPromise?: true;
	/** The instalment plan's next due date drives the ladder (ISO). */
	planDueDate?: string;
	/** With brokenPromise: the columns to write back so that it is counted once (add one to brokenPromises too). */
	writeBack?: DunningWriteBack;
}

export interface Classification {
	info: DunningInfo;
	/** The due date as a calendar day (null when the invoice has none and needs none). */
	dueDay: DayNumber | null;
}

function zoneOf(input: InvoiceInput, ctx: ClassifyContext): string {
	const z = input.timezone;
	if (z === undefined || z === null || (typeof z === 'string' && z.trim() === '')) return ctx.defaultZone;
	if (typeof z === 'string' && isValidTimeZone(z.trim())) return z.trim();
	throw new InvalidFieldError(
		ctx.fields.timezone,
		z,
		'is not a time zone',
		'Use an IANA time zone name such as America/Sao_Paulo, America/Mexico_City or America/New_York, or leave it empty to use the workflow time zone.',
	);
}

function refDay(ctx: ClassifyContext, zone: string): DayNumber {
	let day = ctx.referenceDays.get(zone);
	if (day === undefined) {
		day = referenceDay(ctx.reference, zone);
		ctx.referenceDays.set(zone, day);
	}
	return day;
}

/**
 * What one classification context has already worked out: over 100,000 invoices there are a few
 * hundred distinct due dates per time zone and a handful of last stages, so the days, the stage and
 * the reason sentence are made once per distinct (zone, due date, last stage) and shared by every
 * invoice that has them. Shared strings also keep the output small and the garbage collector idle.
 */
interface DayFacts {
	days: number;
	dueIso: string;
	bucket: AgingBucket;
	/** "12 days overdue (due 2026-11-11, America/Sao_Paulo)". */
	head: string;
	stage: Stage | undefined;
	/** The reason when no stage applies (open invoices only). */
	noStage: string;
	/** Per last stage sent (null: none), the rest of the classification. */
	byLast: Map<Stage | null, StageFacts>;
}

interface StageFacts {
	reason: string;
	isNew: boolean;
	missedStages: string[];
}

interface Memo {
	dueTexts: Map<string, DayNumber | InvalidValueError>;
	/** By business calendar (null: calendar days), then zone, then due day. */
	days: Map<BusinessCalendar | null, Map<string, Map<DayNumber, DayFacts>>>;
	statusReasons: Map<string, Map<string, string>>;
}

const MEMO_LIMIT = 50_000;
const memos = new WeakMap<ClassifyContext, Memo>();

function memoOf(ctx: ClassifyContext): Memo {
	let memo = memos.get(ctx);
	if (!memo) {
		memo = { dueTexts: new Map(), days: new Map(), statusReasons: new Map() };
		memos.set(ctx, memo);
	}
	return memo;
}

/** A date without a time of day ("2026-11-23", "23/11/2026") means the same day in every zone: parse each text once. */
function isZonelessDateText(text: string): boolean {
	if (text.length > 10 || text.length < 8) return false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 45 || c === 46 || c === 47) return true; // - . /
	}
	return false;
}

function dueDayOrError(value: unknown, zone: string, ctx: ClassifyContext): DayNumber | InvalidValueError {
	if (typeof value !== 'string' || !isZonelessDateText(value)) return calendarDateOrError(value, zone, ctx.dateOrder);
	const cache = memoOf(ctx).dueTexts;
	let day = cache.get(value);
	if (day === undefined) {
		day = calendarDateOrError(value, zone, ctx.dateOrder);
		if (cache.size >= MEMO_LIMIT) cache.clear();
		cache.set(value, day);
	}
	return day;
}

function parseDue(input: InvoiceInput, zone: string, ctx: ClassifyContext): DayNumber {
	const v = input.dueDate;
	if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
		throw new InvalidFieldError(
			ctx.fields.dueDate,
			v,
			'an open invoice needs a due date to be classified',
			'Fill in the due date, point Due Date Field at the right column, or set the status to paid, cancelled or paused if it should not be collected.',
		);
	}
	const day = dueDayOrError(input.dueDate, zone, ctx);
	if (day instanceof InvalidValueError) throw InvalidFieldError.from(ctx.fields.dueDate, input.dueDate, day);
	return day;
}

/** An invoice that is paid or cancelled needs no due date: a bad one is shown as null, not an error. */
function tryParseDue(input: InvoiceInput, zone: string, ctx: ClassifyContext): DayNumber | null {
	const day = dueDayOrError(input.dueDate, zone, ctx);
	return day instanceof InvalidValueError ? null : day;
}

function lookupLastStage(input: InvoiceInput, ctx: ClassifyContext): Stage | null {
	const v = input.lastStageSent;
	if (v === undefined || v === null) return null;
	const key = String(v).trim();
	if (key === '' || CONVERSATION_STAGES.has(key)) return null;
	const stage = ctx.ladder.byKey.get(key) ?? ctx.ladder.byKey.get(key.toLowerCase());
	if (stage) return stage;
	throw new InvalidFieldError(
		ctx.fields.lastStageSent,
		v,
		'is not a stage of this ladder',
		`Use the key of the last stage sent (one of: ${[...ctx.ladder.byKey.keys()].join(', ')}), or leave it empty if nothing was sent yet.`,
	);
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function daysPhrase(days: number, business: boolean): string {
	const unit = business ? 'business day' : 'day';
	if (days > 0) return `${plural(days, unit)} overdue`;
	if (days === 0) return 'due today';
	return `due in ${plural(-days, unit)}`;
}

/**
 * Classifies one invoice. Throws {@link InvalidFieldError} naming the field and value when the
 * invoice cannot be classified (missing or impossible due date, unknown status, bad time zone,
 * a Last Stage Sent that is not in the ladder).
 */
export function classifyInvoice(input: InvoiceInput, ctx: ClassifyContext): Classification {
	const status = normalizeStatus(input.status);
	if (status === undefined) {
		throw new InvalidFieldError(
			ctx.fields.status,
			input.status,
			'is not an invoice status this node knows',
			'Use open, paid, cancelled, disputed or paused (Portuguese and Spanish words such as pago, vencido, cancelado also work); leave it empty for open.',
		);
	}
	const zone = zoneOf(input, ctx);
	const today = refDay(ctx, zone);
	let business = ctx.business;
	// An accepted instalment plan: the ladder follows its next due date (reminders before it, notices after).
	const planDue = status === 'open' ? optionalDay(input.nextDueDate, ctx.fields.nextDueDate ?? 'nextDueDate', zone, ctx) : null;
	const dueDay = planDue ?? (status === 'open' ? parseDue(input, zone, ctx) : tryParseDue(input, zone, ctx));
	let jurisdiction: Jurisdiction | null = null;
	if (business && ctx.calendars && dueDay !== null) {
		jurisdiction = jurisdictionOfItem(input, ctx, ctx.calendars);
		if (jurisdiction) business = ctx.calendars.holidays.covering(jurisdiction, 'due_date', Math.min(dueDay, today), Math.max(dueDay, today));
	}
	const facts = dueDay === null ? undefined : dayFacts(ctx, zone, today, dueDay, business);
	const days = facts ? facts.days : null;

	const info: DunningInfo = {
		stage: null,
		phase: 'none',
		stageIndex: null,
		label: null,
		status,
		daysOverdue: days,
		dayCount: business ? 'business' : 'calendar',
		jurisdiction: jurisdiction ? jurisdiction.key : null,
		dueDate: facts ? facts.dueIso : null,
		referenceDate: isoDate(today),
		timezone: zone,
		agingBucket: facts ? facts.bucket : null,
		isNew: false,
		lastStageSent: null,
		missedStages: [],
		reason: '',
	};

	if (status === 'paid') {
		const last = lastStageKey(input);
		const settled = ctx.ladder.settled;
		info.stage = settled.key;
		info.phase = 'settled';
		info.stageIndex = settled.index;
		info.label = settled.label;
		info.lastStageSent = last;
		info.isNew = last !== settled.key;
		info.reason = statusReason(ctx, input.status, info.isNew ? 'paid, new' : 'paid, sent');
		return { info, dueDay };
	}
	if (status !== 'open') {
		info.reason = statusReason(ctx, input.status, status);
		return { info, dueDay };
	}

	const day = facts as DayFacts;
	if (planDue !== null) info.planDueDate = isoDate(planDue);
	const grace = ctx.promiseGraceDays ?? 1;
	// A pause, then a promise: what the debtor said comes before the ladder.
	const paused = optionalDay(input.pausedUntil, ctx.fields.pausedUntil ?? 'pausedUntil', zone, ctx);
	if (paused !== null && today <= paused) {
		info.heldUntil = isoDate(paused);
		info.lastStageSent = lastStageKey(input);
		info.reason = `${day.head}: paused until ${isoDate(paused)} (${ctx.fields.pausedUntil ?? 'pausedUntil'}), no message until ${isoDate(paused + 1)}`;
		return { info, dueDay };
	}
	const promise = optionalDay(input.promiseDate, ctx.fields.promiseDate ?? 'promiseDate', zone, ctx);
	let brokenClause = '';
	if (promise !== null) {
		info.promiseDate = isoDate(promise);
		const resume = promise + grace + 1;
		if (today === promise - 1) {
			const last = lastStageKey(input);
			info.stage = PROMISE_REMINDER;
			info.phase = 'dunning';
			info.label = 'Promise reminder';
			info.lastStageSent = last;
			info.isNew = last !== PROMISE_REMINDER;
			info.heldUntil = isoDate(resume - 1);
			info.reason = `${day.head}: promised to pay on ${isoDate(promise)}: the reminder of the promise is due today${info.isNew ? '' : ', already sent'}`;
			return { info, dueDay };
		}
		if (today < resume) {
			info.heldUntil = isoDate(resume - 1);
			info.lastStageSent = lastStageKey(input);
			info.reason = `${day.head}: promised to pay on ${isoDate(promise)}: no notice until ${isoDate(resume)} (${grace} grace day${grace === 1 ? '' : 's'})${today < promise - 1 ? `, a reminder on ${isoDate(promise - 1)}` : ''}`;
			return { info, dueDay };
		}
		info.brokenPromise = true;
		info.writeBack = { promiseDate: '' };
		brokenClause = `promise to pay on ${isoDate(promise)} broken; `;
	} else if (planDue !== null && day.days > grace) {
		// A missed instalment counts once: the write-back records which due date was counted.
		const counted = optionalDay(input.planMissedDueDate, ctx.fields.planMissedDueDate ?? 'planMissedDueDate', zone, ctx) === planDue;
		if (counted) {
			brokenClause = `instalment due ${isoDate(planDue)} missed (already counted as a broken promise); `;
		} else {
			info.brokenPromise = true;
			info.writeBack = { planMissedDueDate: isoDate(planDue) };
			brokenClause = `instalment due ${isoDate(planDue)} missed: a broken promise; `;
		}
	}
	const stage = day.stage;
	if (!stage) {
		info.reason = brokenClause ? `${brokenClause}${day.noStage}` : day.noStage;
		info.lastStageSent = lastStageKey(input);
		return { info, dueDay };
	}

	const last = lookupLastStage(input, ctx);
	// Under a plan each instalment runs the ladder again: a last stage whose first day has not come
	// yet for this due date was sent for an earlier instalment (or the invoice) and does not count.
	const earlier = planDue !== null && last !== null && last.firstDay > day.days;
	const counted = earlier ? null : last;
	let rest = day.byLast.get(counted);
	if (!rest) {
		rest = stageFacts(ctx, day, stage, counted);
		day.byLast.set(counted, rest);
	}
	info.stage = stage.key;
	info.phase = stage.phase;
	info.stageIndex = stage.index;
	info.label = stage.label;
	info.lastStageSent = last ? last.key : lastStageKey(input);
	info.isNew = rest.isNew;
	if (rest.missedStages.length > 0) info.missedStages = rest.missedStages.slice();
	info.reason = brokenClause ? `${brokenClause}${rest.reason}` : rest.reason;
	if (earlier) info.reason = `${info.reason} for this due date (${(last as Stage).key} was for an earlier one)`;
	if (planDue !== null) info.reason = `instalment plan, next due ${isoDate(planDue)}: ${info.reason}`;
	return { info, dueDay };
}

/** A date field of the conversation (empty: none); one that cannot be read is the item's error, naming the field. */
function optionalDay(value: unknown, field: string, zone: string, ctx: ClassifyContext): DayNumber | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	const day = dueDayOrError(value, zone, ctx);
	if (day instanceof InvalidValueError) throw InvalidFieldError.from(field, value, day);
	return day;
}

/**
 * The debtor's jurisdiction from the item's country and state, or null for a row without a country
 * (and no default country): it counts only weekends and the user's own dates.
 */
function jurisdictionOfItem(input: InvoiceInput, ctx: ClassifyContext, calendars: JurisdictionCalendars): Jurisdiction | null {
	return jurisdictionOfRow(input.country, input.state, calendars.defaultCountry, { country: ctx.fields.country, state: ctx.fields.state });
}

/** Days, stage and the first half of the reason for one due date in one zone and calendar, made once per context. */
function dayFacts(ctx: ClassifyContext, zone: string, today: DayNumber, dueDay: DayNumber, business: BusinessCalendar | undefined): DayFacts {
	const memo = memoOf(ctx);
	let byZone = memo.days.get(business ?? null);
	if (!byZone) {
		byZone = new Map();
		memo.days.set(business ?? null, byZone);
	}
	let perZone = byZone.get(zone);
	if (!perZone) {
		perZone = new Map();
		byZone.set(zone, perZone);
	}
	let facts = perZone.get(dueDay);
	if (facts) return facts;
	let days: number;
	let dueClause: string;
	if (business) {
		const effective = nextBusinessDay(dueDay, business);
		days = businessDaysBetween(effective, today, business);
		const calendar = business as Partial<JurisdictionCalendar>;
		const whose = calendar.jurisdiction ? `business days of ${calendar.jurisdiction.key}, ` : '';
		const holiday = calendar.names?.get(dueDay);
		dueClause =
			effective === dueDay
				? `(due ${isoDate(dueDay)}, ${whose}${zone})`
				: `(due ${isoDate(dueDay)}${holiday ? `, ${holiday}` : ''}, moved to the next business day ${isoDate(effective)}, ${whose}${zone})`;
	} else {
		days = today - dueDay;
		dueClause = `(due ${isoDate(dueDay)}, ${zone})`;
	}
	const head = flat(`${daysPhrase(days, business !== undefined)} ${dueClause}`);
	const stage = classifyStage(ctx.ladder, days);
	let noStage = '';
	if (!stage) {
		const stages = ctx.ladder.stages;
		if (days < stages[0].firstDay) {
			noStage = `${head}: no stage yet, the first stage (${stages[0].key}) starts on day ${stages[0].firstDay}`;
		} else if (days > stages[stages.length - 1].lastDay) {
			noStage = `${head}: past the last stage (${stages[stages.length - 1].key} ends on day ${stages[stages.length - 1].lastDay}), no stage`;
		} else {
			const before = [...stages].reverse().find((s) => s.lastDay < days) as Stage;
			const after = stages.find((s) => s.firstDay > days) as Stage;
			noStage = `${head}: between stages ${before.key} and ${after.key} (grace period), no stage`;
		}
	}
	facts = { days, dueIso: isoDate(dueDay), bucket: agingBucket(days), head, stage, noStage: flat(noStage), byLast: new Map() };
	if (perZone.size >= MEMO_LIMIT) perZone.clear();
	perZone.set(dueDay, facts);
	return facts;
}

function stageFacts(ctx: ClassifyContext, day: DayFacts, stage: Stage, last: Stage | null): StageFacts {
	let isNew = false;
	let missedStages: string[] = [];
	let newness: string;
	if (!last) {
		isNew = true;
		newness = 'not sent yet';
	} else if (last.index < stage.index) {
		isNew = true;
		missedStages = ctx.ladder.stages.slice(last.index + 1, stage.index).map((s) => s.key);
		newness =
			missedStages.length === 0
				? `new since ${last.key}`
				: `last sent ${last.key}; ${missedStages.join(', ')} ${
						missedStages.length === 1 ? 'was' : 'were'
					} never sent, only this stage is due now`;
	} else if (last.index === stage.index) {
		newness = 'already sent';
	} else {
		newness = `not sent: the later stage ${last.key} was already sent`;
	}
	return { reason: flat(`${day.head}: stage ${stage.key} (${describeStageDays(stage)}); ${newness}`), isNew, missedStages };
}

/** The reason for a paid, cancelled, disputed or paused invoice, once per status text. */
function statusReason(ctx: ClassifyContext, rawStatus: unknown, kind: 'paid, new' | 'paid, sent' | InvoiceStatus): string {
	const text = String(rawStatus).trim();
	const memo = memoOf(ctx).statusReasons;
	let cache = memo.get(kind);
	if (!cache) {
		cache = new Map();
		memo.set(kind, cache);
	}
	let reason = cache.get(text);
	if (reason === undefined) {
		if (kind === 'paid, new' || kind === 'paid, sent') {
			reason = `Paid (status "${text}"): stage settled; ${kind === 'paid, new' ? 'confirmation not sent yet' : 'confirmation already sent'}`;
		} else if (kind === 'cancelled') {
			reason = `Status "${text}": cancelled invoices are not collected, no stage`;
		} else if (kind === 'disputed') {
			reason = `Status "${text}": collection waits while the invoice is disputed, no stage`;
		} else {
			reason = `Status "${text}": collection is paused for this invoice, no stage`;
		}
		reason = flat(reason);
		if (cache.size >= MEMO_LIMIT) cache.clear();
		cache.set(text, reason);
	}
	return reason;
}

/**
 * A sentence built from pieces is a tree of string parts in V8 until it is read; a shared one is
 * flattened once here (a no-op on the value) instead of by every reader.
 */
function flat(text: string): string {
	if (text.length > 0) text.charCodeAt(text.length >> 1);
	return text;
}

function lastStageKey(input: InvoiceInput): string | null {
	const v = input.lastStageSent;
	if (v === undefined || v === null) return null;
	const key = String(v).trim();
	return key === '' ? null : key;
}
