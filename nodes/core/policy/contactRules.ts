/**
 * When a debtor may be contacted: quiet hours in the debtor's own time zone, holidays, opt-out.
 *
 * Law (dunning-domain.md): São Paulo Lei 15.426/2014, Mon-Fri 8h-20h, Sat 8h-14h, never Sundays or
 * holidays; Mexico (CONDUSEF) every day 7:00-22:00; United States (Regulation F) 8:00-21:00 local.
 * A window is [start, end): a message at 20:00:00 sharp under "8h-20h" waits for the next day.
 *
 * Times are wall-clock times in the debtor's zone, read with Intl (no date library), so a DST
 * change moves the window with the clock: "8:00" is 8:00 on the debtor's clock on both sides
 * of the change. `nextAllowedAt` is the first instant the window opens again, in UTC; when that
 * wall-clock time does not exist (skipped by a DST change) it is the first instant after the gap,
 * and when it happens twice (clocks turned back) it is the first of the two.
 */
import { type DateOrder, type DayNumber, calendarDateOrError, dayNumber, isoDate, isValidTimeZone, weekday } from '../dates';
import { InvalidSettingError, InvalidValueError } from '../errors';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** How far ahead the next opening is searched (a holiday list cannot plausibly block longer). */
const SEARCH_DAYS = 3700;

// ---------------------------------------------------------------------------------------------
// Debtor time zone

/** The zone assumed for a debtor with no time zone of their own, by country (ISO 3166 alpha-2). */
export const COUNTRY_ZONES: Readonly<Record<string, string>> = {
	BR: 'America/Sao_Paulo',
	MX: 'America/Mexico_City',
	US: 'America/New_York',
};

export interface DebtorZone {
	zone: string;
	/** Where the zone came from: the item's time zone, its country, or the workflow setting. */
	source: 'item' | 'country' | 'workflow';
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** Item `timezone`, else the zone of its `country`, else the workflow's zone. */
export function resolveDebtorZone(timezone: unknown, country: unknown, workflowZone: string): DebtorZone | InvalidValueError {
	const own = text(timezone);
	if (own !== '') {
		if (isValidTimeZone(own)) return { zone: own, source: 'item' };
		return new InvalidValueError(
			`"${own.length > 40 ? `${own.slice(0, 40)}…` : own}" is not a time zone`,
			'Use an IANA time zone name such as America/Sao_Paulo or America/Mexico_City, or leave the field empty to use the zone of the debtor’s country.',
		);
	}
	const zone = COUNTRY_ZONES[text(country).toUpperCase()];
	if (zone) return { zone, source: 'country' };
	return { zone: workflowZone, source: 'workflow' };
}

// ---------------------------------------------------------------------------------------------
// Local time in a zone

interface LocalTime {
	day: DayNumber;
	/** Minute of the day, 0-1439. */
	minute: number;
	/** Zone offset at that instant, ms (local = UTC + offset). */
	offsetMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			calendar: 'gregory',
			numberingSystem: 'latn',
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(zone, f);
	}
	return f;
}

function localTime(zone: string, epochMs: number): LocalTime {
	let year = 0;
	let month = 0;
	let day = 0;
	let hour = 0;
	let minute = 0;
	let second = 0;
	for (const part of formatter(zone).formatToParts(epochMs)) {
		switch (part.type) {
			case 'year':
				year = Number(part.value);
				break;
			case 'month':
				month = Number(part.value);
				break;
			case 'day':
				day = Number(part.value);
				break;
			case 'hour':
				hour = Number(part.value) % 24;
				break;
			case 'minute':
				minute = Number(part.value);
				break;
			case 'second':
				second = Number(part.value);
				break;
		}
	}
	const d = dayNumber(year, month, day);
	const wall = d * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
	return { day: d, minute: hour * 60 + minute, offsetMs: wall - Math.floor(epochMs / 1000) * 1000 };
}

function offsetAt(zone: string, epochMs: number): number {
	return localTime(zone, epochMs).offsetMs;
}

/** The wall-clock time of `epochMs` in `zone`, as ms on a UTC axis. */
function wallAt(zone: string, epochMs: number): number {
	return epochMs + offsetAt(zone, epochMs);
}

/**
 * The first instant (not before `notBefore`) whose wall-clock time in `zone` is at or after the
 * local `day` `minute`: that instant when it exists once, the earlier of two when clocks were
 * turned back (the later one when the earlier is already past), the end of the gap when clocks
 * jumped over it.
 */
export function zonedInstant(zone: string, day: DayNumber, minute: number, notBefore = Number.NEGATIVE_INFINITY): number {
	const wall = day * MS_PER_DAY + minute * MS_PER_MINUTE;
	// The offsets a day before and after bracket any single transition near this time.
	const candidates = [wall - offsetAt(zone, wall - MS_PER_DAY), wall - offsetAt(zone, wall + MS_PER_DAY)];
	const valid = candidates.filter((t) => t >= notBefore && wallAt(zone, t) === wall);
	if (valid.length > 0) return Math.min(...valid);
	// A gap: search the transition between the two candidates (offsets are whole minutes).
	let lo = Math.min(...candidates);
	let hi = Math.max(...candidates);
	while (hi - lo > MS_PER_MINUTE) {
		const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_MINUTE)) * MS_PER_MINUTE;
		if (mid <= lo) break;
		if (wallAt(zone, mid) >= wall) hi = mid;
		else lo = mid;
	}
	return Math.max(hi, notBefore);
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface ContactWindow {
	/** Minutes after local midnight, inclusive. */
	start: number;
	/** Minutes after local midnight, exclusive (1440 = until midnight). */
	end: number;
}

export type ContactPreset = 'brazil' | 'mexico' | 'united_states' | 'custom';

export interface ContactRules {
	readonly name: ContactPreset;
	/** Indexed by weekday, 0 = Sunday; null = no contact that day. */
	readonly windows: ReadonlyArray<ContactWindow | null>;
	/** Calendar dates (in the debtor's zone) with no contact all day. */
	readonly holidays: ReadonlySet<DayNumber>;
	/** Answers by zone and minute: every item of a run in the same zone shares them. */
	readonly cache: Map<string, ContactCheck>;
}

export type ContactCheck = { allowed: true } | { allowed: false; nextAllowedAt: string; reason: 'quiet_hours' };

const h = (hours: number): number => hours * 60;
const BRAZIL: Array<ContactWindow | null> = [
	null,
	{ start: h(8), end: h(20) },
	{ start: h(8), end: h(20) },
	{ start: h(8), end: h(20) },
	{ start: h(8), end: h(20) },
	{ start: h(8), end: h(20) },
	{ start: h(8), end: h(14) },
];
const every = (start: number, end: number): ContactWindow[] => Array.from({ length: 7 }, () => ({ start, end }));

export const PRESET_WINDOWS: Readonly<Record<Exclude<ContactPreset, 'custom'>, ReadonlyArray<ContactWindow | null>>> = {
	brazil: BRAZIL,
	mexico: every(h(7), h(22)),
	united_states: every(h(8), h(21)),
};

export function contactRules(
	name: ContactPreset,
	windows: ReadonlyArray<ContactWindow | null>,
	holidays: Iterable<DayNumber> = [],
): ContactRules {
	return { name, windows: windows.slice(), holidays: new Set(holidays), cache: new Map() };
}

export function presetRules(preset: Exclude<ContactPreset, 'custom'>, holidays: Iterable<DayNumber> = []): ContactRules {
	return contactRules(preset, PRESET_WINDOWS[preset], holidays);
}

function isOpen(rules: ContactRules, day: DayNumber, minute: number): boolean {
	const w = rules.windows[weekday(day)];
	return w !== null && w !== undefined && minute >= w.start && minute < w.end && !rules.holidays.has(day);
}

function nextOpening(rules: ContactRules, day: DayNumber, minute: number): { day: DayNumber; minute: number } | null {
	const today = rules.windows[weekday(day)];
	if (today && minute < today.start && !rules.holidays.has(day)) return { day, minute: today.start };
	for (let d = day + 1; d <= day + SEARCH_DAYS; d++) {
		const w = rules.windows[weekday(d)];
		if (w && !rules.holidays.has(d)) return { day: d, minute: w.start };
	}
	return null;
}

/**
 * Whether a debtor in `zone` may be contacted at `nowMs`, and if not, when the window opens next.
 * `zone` must be valid (see {@link resolveDebtorZone}).
 */
export function checkContactWindow(nowMs: number, zone: string, rules: ContactRules): ContactCheck {
	const minuteKey = Math.floor(nowMs / MS_PER_MINUTE);
	const key = `${zone}|${minuteKey}`;
	const cached = rules.cache.get(key);
	if (cached) return cached;
	const local = localTime(zone, nowMs);
	let result: ContactCheck;
	if (isOpen(rules, local.day, local.minute)) {
		result = { allowed: true };
	} else {
		const next = nextOpening(rules, local.day, local.minute);
		// Unreachable with a compiled rule set (at least one open weekday); the far end of the
		// search is still later than now, so the item waits rather than being sent.
		const at = next ? zonedInstant(zone, next.day, next.minute, nowMs) : nowMs + SEARCH_DAYS * MS_PER_DAY;
		result = { allowed: false, nextAllowedAt: new Date(at).toISOString(), reason: 'quiet_hours' };
	}
	if (rules.cache.size > 10_000) rules.cache.clear();
	rules.cache.set(key, result);
	return result;
}

// ---------------------------------------------------------------------------------------------
// Settings

export type ContactHoursMode = 'off' | 'by_country' | ContactPreset;

export interface ContactSettings {
	/** `off`, a preset, `custom`, or `by_country` (BR, MX, US presets; other countries: the custom window). */
	mode: ContactHoursMode;
	/** Custom days: weekday names (`monday`, `mon`), numbers 0-6 (0 = Sunday), as a list or comma text. */
	days?: unknown;
	/** Custom start, `08:00`. */
	start?: unknown;
	/** Custom end, `20:00` (exclusive; `24:00` = until midnight). */
	end?: unknown;
	/** Dates with no contact: `2026-12-25`, or `BR:2026-11-20` for one country only; comma/space/line separated. */
	holidays?: unknown;
	/** How `01/02/2026` in the holiday list is read. Default day first. */
	dateOrder?: DateOrder;
}

export const DEFAULT_CUSTOM_DAYS = [1, 2, 3, 4, 5];
export const DEFAULT_CUSTOM_START = '08:00';
export const DEFAULT_CUSTOM_END = '20:00';

const DAY_NAMES: Record<string, number> = {
	sunday: 0,
	sun: 0,
	monday: 1,
	mon: 1,
	tuesday: 2,
	tue: 2,
	wednesday: 3,
	wed: 3,
	thursday: 4,
	thu: 4,
	friday: 5,
	fri: 5,
	saturday: 6,
	sat: 6,
};

function parseDays(value: unknown): number[] | InvalidSettingError {
	if (value === undefined || value === null || value === '') return DEFAULT_CUSTOM_DAYS;
	const tokens = Array.isArray(value) ? value : String(value).split(/[\s,;]+/);
	const days = new Set<number>();
	for (const token of tokens) {
		const t = String(token).trim().toLowerCase();
		if (t === '') continue;
		const n = /^[0-6]$/.test(t) ? Number(t) : DAY_NAMES[t];
		if (n === undefined) {
			return new InvalidSettingError(
				'Contact Days',
				`"${t}" is not a day of the week`,
				'Use day names (monday, tuesday…) or numbers 0-6 (0 = Sunday).',
			);
		}
		days.add(n);
	}
	if (days.size === 0) {
		return new InvalidSettingError('Contact Days', 'no day is selected', 'Select at least one day on which debtors may be contacted.');
	}
	return Array.from(days).sort((a, b) => a - b);
}

function parseClock(value: unknown, setting: string, fallback: string): number | InvalidSettingError {
	const raw = value === undefined || value === null || value === '' ? fallback : String(value).trim();
	const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(raw);
	const hours = m ? Number(m[1]) : Number.NaN;
	const minutes = m && m[2] ? Number(m[2]) : 0;
	if (!m || minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
		return new InvalidSettingError(setting, `"${raw}" is not a time of day`, 'Use 24-hour time such as 08:00 or 20:30 (24:00 = midnight at the end of the day).');
	}
	return hours * 60 + minutes;
}

interface ParsedHolidays {
	all: DayNumber[];
	byCountry: Map<string, DayNumber[]>;
}

function parseHolidays(value: unknown, order: DateOrder): ParsedHolidays | InvalidSettingError {
	const result: ParsedHolidays = { all: [], byCountry: new Map() };
	if (value === undefined || value === null || value === '') return result;
	const tokens = Array.isArray(value) ? value.map((v) => String(v)) : String(value).split(/[\s,;]+/);
	for (const raw of tokens) {
		const token = raw.trim();
		if (token === '') continue;
		const m = /^([A-Za-z]{2}):(.+)$/.exec(token);
		const date = calendarDateOrError(m ? m[2] : token, 'UTC', order);
		if (date instanceof InvalidValueError) {
			return new InvalidSettingError('Holidays', `"${token}": ${date.problem}`, `${date.hint} Prefix a date with a country code (BR:2026-11-20) to apply it to that country only.`);
		}
		if (m) {
			const country = m[1].toUpperCase();
			const list = result.byCountry.get(country) ?? [];
			list.push(date);
			result.byCountry.set(country, list);
		} else {
			result.all.push(date);
		}
	}
	return result;
}

/** The compiled contact-hours setting of one node: which rules apply to a debtor of a country. */
export class ContactPolicy {
	private readonly byCountry = new Map<string, ContactRules | null>();

	constructor(
		readonly mode: ContactHoursMode,
		private readonly custom: ReadonlyArray<ContactWindow | null>,
		private readonly holidays: ParsedHolidays,
	) {}

	/** The rules for a debtor of `country` (ISO alpha-2, any case); null when contact hours are off. */
	rulesFor(country: unknown): ContactRules | null {
		if (this.mode === 'off') return null;
		const code = text(country).toUpperCase();
		let rules = this.byCountry.get(code);
		if (rules !== undefined) return rules;
		const holidays = [...this.holidays.all, ...(this.holidays.byCountry.get(code) ?? [])];
		let preset: ContactPreset = this.mode === 'by_country' ? 'custom' : this.mode;
		if (this.mode === 'by_country') {
			if (code === 'BR') preset = 'brazil';
			else if (code === 'MX') preset = 'mexico';
			else if (code === 'US') preset = 'united_states';
		}
		rules = preset === 'custom' ? contactRules('custom', this.custom, holidays) : presetRules(preset, holidays);
		this.byCountry.set(code, rules);
		return rules;
	}

	/** Holidays of the list, as `YYYY-MM-DD` (for the docs' examples and the node's notice). */
	describeHolidays(): string[] {
		const list = this.holidays.all.map(isoDate);
		for (const [country, days] of this.holidays.byCountry) for (const d of days) list.push(`${country}:${isoDate(d)}`);
		return list;
	}
}

/** Checks the contact-hours settings once per execution. */
export function compileContactPolicy(settings: ContactSettings): ContactPolicy | InvalidSettingError {
	const modes: ContactHoursMode[] = ['off', 'by_country', 'brazil', 'mexico', 'united_states', 'custom'];
	if (!modes.includes(settings.mode)) {
		return new InvalidSettingError('Contact Hours', `"${String(settings.mode)}" is not a contact-hours rule`, `Use one of: ${modes.join(', ')}.`);
	}
	const holidays = parseHolidays(settings.holidays, settings.dateOrder ?? 'dmy');
	if (holidays instanceof InvalidSettingError) return holidays;
	let custom: Array<ContactWindow | null> = [null, null, null, null, null, null, null];
	if (settings.mode === 'custom' || settings.mode === 'by_country') {
		const days = parseDays(settings.days);
		if (days instanceof InvalidSettingError) return days;
		const start = parseClock(settings.start, 'Contact From', DEFAULT_CUSTOM_START);
		if (start instanceof InvalidSettingError) return start;
		const end = parseClock(settings.end, 'Contact Until', DEFAULT_CUSTOM_END);
		if (end instanceof InvalidSettingError) return end;
		if (end <= start || start >= MINUTES_PER_DAY) {
			return new InvalidSettingError(
				'Contact Until',
				`the window ${settings.start ?? DEFAULT_CUSTOM_START}-${settings.end ?? DEFAULT_CUSTOM_END} ends before it starts`,
				'Give an end later than the start on the same day (a window cannot cross midnight).',
			);
		}
		custom = custom.map((_, w) => (days.includes(w) ? { start, end } : null));
	}
	return new ContactPolicy(settings.mode, custom, holidays);
}

// ---------------------------------------------------------------------------------------------
// Opt-out

export interface OptOut {
	/** Opted out of every channel. */
	all: boolean;
	/** Channels opted out of (`sms`, `whatsapp`, `email`). */
	channels: ReadonlySet<string>;
}

const NO_OPT_OUT: OptOut = { all: false, channels: new Set() };
const ALL_OPT_OUT: OptOut = { all: true, channels: new Set() };
const YES = new Set(['true', 'yes', 'y', 'sim', 's', 'si', 'sí', '1', 'all', 'todos', '*']);
const NO = new Set(['false', 'no', 'n', 'não', 'nao', '0', 'none', '']);
const CHANNEL_WORDS: Record<string, string> = {
	sms: 'sms',
	whatsapp: 'whatsapp',
	wa: 'whatsapp',
	email: 'email',
	'e-mail': 'email',
	mail: 'email',
};
const OPT_OUT_HINT =
	'Use true/false (also yes, sim, sí, no, não), or the channels the debtor opted out of, such as "sms" or "sms, whatsapp".';

/** Reads an `optedOut` value: true/"true"/"sim"/"yes", false, or a list / comma text of channels. */
export function readOptOut(value: unknown): OptOut | InvalidValueError {
	if (value === undefined || value === null || value === false || value === 0) return NO_OPT_OUT;
	if (value === true || value === 1) return ALL_OPT_OUT;
	if (typeof value === 'string') {
		const t = value.trim().toLowerCase();
		if (NO.has(t)) return NO_OPT_OUT;
		if (YES.has(t)) return ALL_OPT_OUT;
		return channelList(t.split(/[\s,;|]+/));
	}
	if (Array.isArray(value)) return channelList(value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : String(v))));
	return new InvalidValueError(`a ${typeof value} is not an opt-out value`, OPT_OUT_HINT);
}

function channelList(tokens: string[]): OptOut | InvalidValueError {
	const channels = new Set<string>();
	for (const token of tokens) {
		if (token === '') continue;
		if (YES.has(token)) return ALL_OPT_OUT;
		const channel = CHANNEL_WORDS[token];
		if (!channel) return new InvalidValueError(`"${token.slice(0, 30)}" is neither yes/no nor a channel`, OPT_OUT_HINT);
		channels.add(channel);
	}
	return channels.size === 0 ? NO_OPT_OUT : { all: false, channels };
}

/** Whether the debtor opted out of `channel`; an unreadable value is returned as the error. */
export function isOptedOut(value: unknown, channel: string): boolean | InvalidValueError {
	const optOut = readOptOut(value);
	if (optOut instanceof InvalidValueError) return optOut;
	return optOut.all || optOut.channels.has(channel);
}
