/**
 * Calendar arithmetic for due dates, without a date library on the hot path.
 *
 * A calendar date is a "day number": whole days since 1970-01-01 (negative before). Due dates
 * that are plain dates stay calendar dates (never shifted by a time zone); instants are turned
 * into the calendar date they fall on in the debtor's time zone.
 */
import { InvalidSettingError, InvalidValueError } from './errors';

export type DayNumber = number;
/** How an ambiguous `01/02/2026` is read: day first (Brazil, Mexico, most of the world) or month first (US). */
export type DateOrder = 'dmy' | 'mdy';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;
const MS_PER_DAY = 86_400_000;
/** Excel's serial 25569 is 1970-01-01 (serials count from 1899-12-30, after Lotus' leap-year bug). */
const EXCEL_EPOCH_OFFSET = 25_569;

const MONTH_NAMES = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): DayNumber {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const mp = (month + 9) % 12;
	const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

export interface CivilDate {
	year: number;
	month: number;
	day: number;
}

export function civilDate(n: DayNumber): CivilDate {
	const z = n + 719_468;
	const era = Math.floor(z / 146_097);
	const doe = z - era * 146_097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isoCache = new Map<DayNumber, string>();

/** `2026-11-23`. Cached: a run over 100,000 invoices has only a few hundred distinct dates. */
export function isoDate(n: DayNumber): string {
	let iso = isoCache.get(n);
	if (iso === undefined) {
		const { year, month, day } = civilDate(n);
		iso = `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
		if (isoCache.size > 50_000) isoCache.clear();
		isoCache.set(n, iso);
	}
	return iso;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(n: DayNumber): number {
	return (((n + 4) % 7) + 7) % 7;
}

export function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function checkedDay(year: number, month: number, day: number, shown: string): DayNumber {
	if (year < MIN_YEAR || year > MAX_YEAR) {
		throw new InvalidValueError(
			`the year ${year} is outside the supported range (${MIN_YEAR} to ${MAX_YEAR})`,
			'Check the date in the source data; a year typed wrong is the usual cause.',
		);
	}
	if (month < 1 || month > 12) {
		throw new InvalidValueError(
			`there is no month ${month} in "${shown}"`,
			'Check the day/month order: the Date Format option says whether dates are read as day/month/year or month/day/year.',
		);
	}
	if (day < 1 || day > daysInMonth(year, month)) {
		throw new InvalidValueError(
			`${MONTH_NAMES[month - 1]} ${year} has no day ${day}`,
			'Correct the date in the source data (for example the last day of the month).',
		);
	}
	return dayNumber(year, month, day);
}

// ---------------------------------------------------------------------------------------------
// Time zones

const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
	let valid = zoneValidity.get(zone);
	if (valid === undefined) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: zone });
			valid = zone.length > 0;
		} catch {
			valid = false;
		}
		zoneValidity.set(zone, valid);
	}
	return valid;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
	let fmt = zoneFormatters.get(zone);
	if (!fmt) {
		fmt = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			calendar: 'gregory',
			numberingSystem: 'latn',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
		});
		zoneFormatters.set(zone, fmt);
	}
	return fmt;
}

/** The calendar date an instant falls on in `zone`. */
export function dayInZone(epochMs: number, zone: string): DayNumber {
	let year = 0;
	let month = 0;
	let day = 0;
	for (const part of zoneFormatter(zone).formatToParts(epochMs)) {
		if (part.type === 'year') year = Number(part.value);
		else if (part.type === 'month') month = Number(part.value);
		else if (part.type === 'day') day = Number(part.value);
	}
	return dayNumber(year, month, day);
}

// ---------------------------------------------------------------------------------------------
// Parsing

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const YEAR_FIRST_SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const DIGITS = /^\d+(?:\.\d+)?$/;

function formatsHint(order: DateOrder): string {
	const example = order === 'mdy' ? '11/23/2026' : '23/11/2026';
	return `Use a date such as 2026-11-23, ${example}, an Excel date number (46349) or a Unix timestamp.`;
}

function parseOffsetMinutes(offset: string): number {
	if (offset.toUpperCase() === 'Z') return 0;
	const sign = offset[0] === '-' ? -1 : 1;
	const digits = offset.slice(1).replace(':', '');
	const hours = Number(digits.slice(0, 2));
	const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
	return sign * (hours * 60 + minutes);
}

function fromNumber(value: number, zone: string, shown: string, order: DateOrder): DayNumber {
	if (!Number.isFinite(value) || value <= 0) {
		throw new InvalidValueError(`${shown} is not a date`, formatsHint(order));
	}
	// Excel serials (days) are small; Unix timestamps in seconds and milliseconds are not.
	if (value < 1e7) {
		const n = Math.floor(value) - EXCEL_EPOCH_OFFSET;
		return checkYearRange(n, shown, order);
	}
	// Timestamps are read for 2001-09-09 to 2286-11-20 only (10 digits in seconds, 13 in
	// milliseconds): outside that, seconds and milliseconds cannot be told apart safely.
	if (value >= 1e9 && value < 1e10) return checkYearRange(dayInZone(value * 1000, zone), shown, order);
	if (value >= 1e12 && value < 1e13) return checkYearRange(dayInZone(value, zone), shown, order);
	throw new InvalidValueError(
		`${shown} is neither an Excel date number nor a Unix timestamp (10 digits in seconds or 13 in milliseconds, 2001 to 2286)`,
		formatsHint(order),
	);
}

function checkYearRange(n: DayNumber, shown: string, order: DateOrder): DayNumber {
	const { year } = civilDate(n);
	if (year < MIN_YEAR || year > MAX_YEAR) {
		throw new InvalidValueError(
			`${shown} falls in the year ${year}, outside the supported range (${MIN_YEAR} to ${MAX_YEAR})`,
			formatsHint(order),
		);
	}
	return n;
}

/**
 * Reads a due date as the calendar date it means in `zone`.
 * Accepts ISO 8601 dates and instants, dd/mm/yyyy or mm/dd/yyyy (per `order`), yyyy/mm/dd,
 * Excel serial numbers and Unix timestamps (seconds or milliseconds), as numbers or digit strings.
 * Throws {@link InvalidValueError} explaining what is wrong.
 */
export function parseCalendarDate(value: unknown, zone: string, order: DateOrder = 'dmy'): DayNumber {
	const result = calendarDateOrError(value, zone, order);
	if (result instanceof InvalidValueError) throw result;
	return result;
}

/** {@link parseCalendarDate} without throwing: the error is returned, for callers that add the field name. */
export function calendarDateOrError(value: unknown, zone: string, order: DateOrder = 'dmy'): DayNumber | InvalidValueError {
	try {
		return readCalendarDate(value, zone, order);
	} catch (error) {
		if (error instanceof InvalidValueError) return error;
		return new InvalidValueError(String(error), formatsHint(order));
	}
}

function readCalendarDate(value: unknown, zone: string, order: DateOrder): DayNumber {
	if (typeof value === 'number') return fromNumber(value, zone, String(value), order);
	if (typeof value !== 'string') {
		if (value === undefined || value === null) {
			throw new InvalidValueError('no date was given', formatsHint(order));
		}
		throw new InvalidValueError(`a ${Array.isArray(value) ? 'list' : typeof value} is not a date`, formatsHint(order));
	}
	const text = value.trim();
	if (text === '') throw new InvalidValueError('no date was given', formatsHint(order));

	let m = ISO_DATE.exec(text);
	if (m) return checkedDay(Number(m[1]), Number(m[2]), Number(m[3]), text);

	m = ISO_DATE_TIME.exec(text);
	if (m) {
		const year = Number(m[1]);
		const month = Number(m[2]);
		const day = Number(m[3]);
		const local = checkedDay(year, month, day, text);
		if (!m[7]) return local; // a local date-time: its calendar date, wherever the debtor is
		const hours = Number(m[4]);
		const minutes = Number(m[5]);
		const seconds = m[6] ? Number(m[6]) : 0;
		if (hours > 23 || minutes > 59 || seconds > 59) {
			throw new InvalidValueError(`"${text}" has an impossible time of day`, formatsHint(order));
		}
		const epochMs =
			local * MS_PER_DAY + ((hours * 60 + minutes - parseOffsetMinutes(m[7])) * 60 + seconds) * 1000;
		return dayInZone(epochMs, zone);
	}

	m = SLASHED.exec(text);
	if (m) {
		const first = Number(m[1]);
		const second = Number(m[2]);
		const year = Number(m[3]);
		return order === 'mdy' ? checkedDay(year, first, second, text) : checkedDay(year, second, first, text);
	}

	m = YEAR_FIRST_SLASHED.exec(text);
	if (m) return checkedDay(Number(m[1]), Number(m[2]), Number(m[3]), text);

	if (DIGITS.test(text)) return fromNumber(Number(text), zone, `"${text}"`, order);

	throw new InvalidValueError(`"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not a date format this node reads`, formatsHint(order));
}

/**
 * Reads a reference date setting: empty means "now"; a date without a time is that calendar date
 * everywhere; an instant (with Z or an offset) is the calendar date it falls on in each debtor's zone.
 */
export type ReferenceDate = { kind: 'instant'; epochMs: number } | { kind: 'calendar'; day: DayNumber };

export function parseReferenceDate(value: unknown, nowMs: number): ReferenceDate {
	const result = referenceDateOrError(value, nowMs);
	if (result instanceof InvalidValueError) {
		throw new InvalidSettingError('Reference Date option', result.problem, result.hint);
	}
	return result;
}

function referenceDateOrError(value: unknown, nowMs: number): ReferenceDate | InvalidValueError {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return { kind: 'instant', epochMs: nowMs };
	}
	if (typeof value === 'string') {
		const text = value.trim();
		const m = ISO_DATE_TIME.exec(text);
		if (m && m[7]) {
			const ms = Date.parse(text.replace(' ', 'T'));
			if (Number.isFinite(ms)) return { kind: 'instant', epochMs: ms };
		}
		// n8n's date picker gives "2026-11-23T00:00:00" (no zone): a calendar date.
		const datePart = /^(\d{4}-\d{1,2}-\d{1,2})(?:[T ].*)?$/.exec(text);
		const day = calendarDateOrError(datePart ? datePart[1] : text, 'UTC');
		return day instanceof InvalidValueError ? day : { kind: 'calendar', day };
	}
	const day = calendarDateOrError(value, 'UTC');
	return day instanceof InvalidValueError ? day : { kind: 'calendar', day };
}

/** The reference calendar date for a debtor in `zone`. */
export function referenceDay(ref: ReferenceDate, zone: string): DayNumber {
	return ref.kind === 'calendar' ? ref.day : dayInZone(ref.epochMs, zone);
}

// ---------------------------------------------------------------------------------------------
// Business days

export interface BusinessCalendar {
	/** weekendDays[w] is true when weekday w (0 = Sunday) is not a business day. */
	weekendDays: boolean[];
	/** Holidays that fall on business weekdays, sorted ascending, deduplicated. */
	holidays: DayNumber[];
}

export function buildBusinessCalendar(holidays: DayNumber[], weekendDays: number[] = [0, 6]): BusinessCalendar {
	const weekend = [false, false, false, false, false, false, false];
	for (const w of weekendDays) weekend[w] = true;
	if (weekend.every(Boolean)) {
		throw new InvalidValueError('every day of the week is marked as weekend', 'Leave at least one business day.');
	}
	const unique = Array.from(new Set(holidays)).filter((d) => !weekend[weekday(d)]);
	unique.sort((a, b) => a - b);
	return { weekendDays: weekend, holidays: unique };
}

/**
 * Parses a holiday list (dates separated by commas, semicolons, spaces or new lines) into a
 * business calendar with Saturday and Sunday as the weekend. Throws {@link InvalidSettingError}.
 */
export function businessCalendarFromText(text: string, order: DateOrder = 'dmy'): BusinessCalendar {
	const days: DayNumber[] = [];
	for (const token of text.split(/[\s,;]+/)) {
		if (token === '') continue;
		const day = calendarDateOrError(token, 'UTC', order);
		if (day instanceof InvalidValueError) {
			throw new InvalidSettingError('Holidays', `"${token}": ${day.problem}`, day.hint);
		}
		days.push(day);
	}
	return buildBusinessCalendar(days);
}

/** A time zone setting: empty means the fallback (the workflow's zone). Throws {@link InvalidSettingError}. */
export function resolveZoneSetting(setting: string, fallback: string): string {
	const zone = setting.trim();
	if (zone === '') return fallback;
	if (!isValidTimeZone(zone)) {
		throw new InvalidSettingError(
			'Time Zone option',
			`"${zone}" is not a time zone`,
			'Use an IANA time zone name such as America/Sao_Paulo, or leave it empty for the workflow time zone.',
		);
	}
	return zone;
}

export function isBusinessDay(n: DayNumber, cal: BusinessCalendar): boolean {
	return !cal.weekendDays[weekday(n)] && !hasHoliday(cal.holidays, n);
}

function hasHoliday(sorted: DayNumber[], n: DayNumber): boolean {
	const i = lowerBound(sorted, n);
	return i < sorted.length && sorted[i] === n;
}

function lowerBound(sorted: DayNumber[], n: DayNumber): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < n) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Business days d with from < d <= to (no loop over the days: whole weeks, then the rest). */
function businessDaysAfter(from: DayNumber, to: DayNumber, cal: BusinessCalendar): number {
	const span = to - from;
	if (span <= 0) return 0;
	const fullWeeks = Math.floor(span / 7);
	let businessPerWeek = 0;
	for (let w = 0; w < 7; w++) if (!cal.weekendDays[w]) businessPerWeek++;
	let count = fullWeeks * businessPerWeek;
	for (let d = from + fullWeeks * 7 + 1; d <= to; d++) if (!cal.weekendDays[weekday(d)]) count++;
	return count - (lowerBound(cal.holidays, to + 1) - lowerBound(cal.holidays, from + 1));
}

/** Signed business-day distance: positive when `to` is after `from`. */
export function businessDaysBetween(from: DayNumber, to: DayNumber, cal: BusinessCalendar): number {
	return to >= from ? businessDaysAfter(from, to, cal) : -businessDaysAfter(to, from, cal);
}

/** The first business day on or after `n`: a due date on a weekend or holiday moves forward. */
export function nextBusinessDay(n: DayNumber, cal: BusinessCalendar): DayNumber {
	let d = n;
	for (let guard = 0; guard < 366 && !isBusinessDay(d, cal); guard++) d++;
	return d;
}
