/**
 * Dates in a reply's words, read as calendar days in the debtor's time zone relative to the day the
 * reply was sent ("today" below): "amanhã", "sexta", "el 15", "15/12", "fim do mês", "semana que
 * vem", "la próxima quincena", "in 3 days".
 *
 * Choices, so that a promise is never put on a day the debtor did not mean:
 * - A weekday name is the next such day after today, never today ("sexta" said on a Friday is
 *   the Friday after); "próxima sexta", "sexta que vem" and "next Friday" are read the same way.
 * - "dia 15" / "el 15" / "the 15th" is this month, or next month when the 15th has passed; a day
 *   the month does not have ("dia 31" in a 30-day month) gives no date, with the reason.
 * - "15/12" is day/month in Portuguese and Spanish, month/day in English (the other order is tried
 *   when the first is impossible). Without a year it is this year; a day more than 60 days past is
 *   next year ("05/01" said in December); a day 1 to 60 days past is a past date: no promise, and
 *   the reason says so (a debtor writing "28/11" in early December means the date that passed).
 * - "31/02" and other impossible dates give no date, with the reason.
 * - "semana que vem" / "next week" is a range, Monday to Sunday of next week; no day is invented.
 * - "quincena" is the next payday of the fortnight: the 15th or the month's last day.
 */
import { type DateOrder, type DayNumber, MAX_YEAR, MIN_YEAR, civilDate, dayInZone, dayNumber, daysInMonth, weekday } from '../dates';
import { NEGATORS, NUMBER_WORDS, ORDINAL_WORDS } from './lexicon';
import { type ReplyTokens, wordId } from './text';

// Module-local bindings for what is read per token (an import can compile to a getter call).
const negators = NEGATORS;
const numberWords = NUMBER_WORDS;
const ordinalWords = ORDINAL_WORDS;

export type DateMentionKind = 'day' | 'range' | 'past' | 'invalid';

export interface DateMention {
	kind: DateMentionKind;
	start: number;
	/** Exclusive. */
	end: number;
	/** The words as written, e.g. "sexta feira", "15/12", "semana que vem". */
	words: string;
	day?: DayNumber;
	from?: DayNumber;
	to?: DayNumber;
	/** For ranges: "next week", "next month", ... */
	label?: string;
	/** For invalid or past dates: what is wrong, for the reasons. */
	problem?: string;
	/** A due date the debtor refers to ("o boleto que venceu dia 20"), not a day they promise. */
	due: boolean;
	/** "agora", "ahorita", "now": today, but no day named (an amount paid "now" is a down payment). */
	vague?: boolean;
}

export const MONTH_NAMES = [
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
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A past date counts as next year's only when it is further back than this (see the file comment). */
const PAST_WINDOW_DAYS = 60;

const WEEKDAYS: Record<string, number> = {
	domingo: 0, segunda: 1, terca: 2, quarta: 3, quinta: 4, sexta: 5, sabado: 6,
	lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5,
	sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
	seg: 1, sab: 6, dom: 0, lun: 1, mie: 3, jue: 4, vie: 5, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5,
	ter: 2, qua: 3, qui: 4, sex: 5, mar: 2, sat: 6, sun: 0,
};
/** Abbreviations that are also ordinary words: a weekday only after "na", "el", "on", "by", ... */
const GUARDED_WEEKDAYS = new Set(['ter', 'qua', 'qui', 'sex', 'mar', 'sat', 'sun', 'dom']);
const WEEKDAY_PREPOSITIONS = new Set(['na', 'no', 'ate', 'dia', 'el', 'on', 'by', 'this', 'next', 'till', 'until', 'para', 'hasta', 'este', 'esta', 'proxima', 'proximo', 'essa', 'nesta', 'nessa', 'pela', 'before', 'antes']);
/** "segunda via", "quinta parcela", "la segunda opción": ordinals, not weekdays. */
const ORDINAL_FOLLOWERS = new Set(['via', 'parcela', 'parcelas', 'vez', 'opcao', 'opcion', 'proposta', 'propuesta', 'alternativa', 'chance', 'option', 'cuota', 'prestacao', 'mensalidade']);

const MONTHS: Record<string, number> = {
	janeiro: 1, fevereiro: 2, marco: 3, abril: 4, maio: 5, junho: 6, julho: 7, agosto: 8, setembro: 9, outubro: 10, novembro: 11, dezembro: 12,
	enero: 1, febrero: 2, marzo: 3, mayo: 5, junio: 6, julio: 7, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
	january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
	jan: 1, fev: 2, feb: 2, mar: 3, abr: 4, apr: 4, mai: 5, jun: 6, jul: 7, ago: 8, aug: 8, set: 9, sep: 9, sept: 9, out: 10, oct: 10, nov: 11, dez: 12, dec: 12, dic: 12, ene: 1,
};

const PAST_BEFORE = new Set(['desde', 'since', 'last', 'passada', 'passado', 'pasado', 'pasada']);
const PAST_AFTER = new Set(['passada', 'passado', 'pasado', 'pasada', 'retrasado', 'ago', 'atras']);
const DUE_WORDS = new Set(['venceu', 'vencia', 'vence', 'vencido', 'vencida', 'vencimento', 'vencio', 'vencimiento', 'due', 'venceram', 'vencieron']);
const CONNECTORS = new Set(['do', 'de', 'del', 'da', 'of', 'the', 'o', 'el', 'this', 'este', 'esse', 'deste', 'desse']);
const MORNING_BEFORE = new Set(['la', 'esta', 'por', 'cada', 'toda', 'las']);
const DAY_CUES = new Set(['dia', 'el', 'the', 'on', 'day']);
const APPROXIMATELY = new Set(['uns', 'umas', 'unos', 'unas', 'like', 'about', 'around', 'some', 'cerca']);
const DAY_UNITS: Record<string, number> = { dia: 1, dias: 1, day: 1, days: 1, semana: 7, semanas: 7, week: 7, weeks: 7 };

const T_TODAY = 1;
const T_TOMORROW = 2;
const T_YESTERDAY = 3;
const T_WEEKDAY = 4;
const T_DAY_CUE = 5;
const T_NUMBER = 6;
const T_SLASHED = 7;
const T_END = 8;
const T_WEEK = 9;
const T_MONTH = 10;
const T_NEXT = 11;
const T_QUINCENA = 12;
const T_IN = 13;
const T_AFTER = 14;
const T_START = 15;
const T_WEEKEND = 16;
const T_MONTH_NAME = 17;

const TRIGGERS = new Map<string, number>();
for (const w of ['hoje', 'hoy', 'today', 'tonight', 'agora', 'ahora', 'ahorita', 'orita', 'now']) TRIGGERS.set(w, T_TODAY);
for (const w of ['amanha', 'manana', 'tomorrow']) TRIGGERS.set(w, T_TOMORROW);
for (const w of ['ontem', 'ayer', 'yesterday', 'anteontem', 'antier', 'anteayer']) TRIGGERS.set(w, T_YESTERDAY);
for (const w of Object.keys(WEEKDAYS)) TRIGGERS.set(w, T_WEEKDAY);
for (const w of DAY_CUES) TRIGGERS.set(w, T_DAY_CUE);
TRIGGERS.set('#n', T_NUMBER);
TRIGGERS.set('#o', T_NUMBER);
TRIGGERS.set('#d', T_SLASHED);
for (const w of ['fim', 'final', 'fin', 'finales', 'end', 'eom', 'finalzinho', 'fines', 'finais']) TRIGGERS.set(w, T_END);
for (const w of ['semana', 'week']) TRIGGERS.set(w, T_WEEK);
for (const w of ['mes', 'month']) TRIGGERS.set(w, T_MONTH);
for (const w of ['proximo', 'proxima', 'next', 'siguiente', 'otra']) TRIGGERS.set(w, T_NEXT);
TRIGGERS.set('quincena', T_QUINCENA);
for (const w of ['daqui', 'em', 'en', 'in', 'dentro']) TRIGGERS.set(w, T_IN);
for (const w of ['depois', 'pasado', 'after']) TRIGGERS.set(w, T_AFTER);
for (const w of ['inicio', 'comeco', 'principio', 'principios', 'beginning', 'start', 'early', 'comienzo', 'comecinho']) TRIGGERS.set(w, T_START);
for (const w of ['weekend', 'finde', 'fds']) TRIGGERS.set(w, T_WEEKEND);
for (const w of Object.keys(MONTHS)) if (!TRIGGERS.has(w)) TRIGGERS.set(w, T_MONTH_NAME);

/** The triggers by word id: the scan over a reply's tokens reads an array, not a map. */
const TRIGGER_BY_ID = (() => {
	const ids: Array<[number, number]> = [];
	for (const [w, trigger] of TRIGGERS) ids.push([wordId(w), trigger]);
	const table = new Uint8Array(ids.reduce((max, [id]) => Math.max(max, id + 1), 0));
	for (const [id, trigger] of ids) table[id] = trigger;
	return table;
})();

/** "2026-12-02T14:00:00-03:00", "…Z", "….123Z": the form providers send, read without Date.parse. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

function readInstant(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) {
		if (value >= 1e9 && value < 1e10) return value * 1000; // seconds, as some providers send
		return value > 0 ? value : null;
	}
	if (typeof value === 'string' && value.trim() !== '') {
		const m = ISO_INSTANT.exec(value);
		if (m && (m[8] || m[9])) {
			const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
			if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59) {
				const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
				const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
				return (dayNumber(year, month, day) * 1440 + hour * 60 + minute - offset) * 60_000 + (m[6] ? Number(m[6]) : 0) * 1000 + ms;
			}
		}
		const ms = Date.parse(value.trim());
		return Number.isFinite(ms) ? ms : null;
	}
	if (value instanceof Date && Number.isFinite(value.getTime())) return value.getTime();
	return null;
}

/** The debtor's calendar day at an instant; cached per zone and minute (zone offsets change on whole minutes). */
const dayCache = new Map<string, Map<number, DayNumber>>();
function dayAt(ms: number, zone: string): DayNumber {
	let byMinute = dayCache.get(zone);
	if (byMinute === undefined) {
		if (dayCache.size > 1000) dayCache.clear();
		dayCache.set(zone, (byMinute = new Map()));
	}
	const minute = Math.floor(ms / 60_000);
	let day = byMinute.get(minute);
	if (day === undefined) {
		day = dayInZone(ms, zone);
		if (byMinute.size > 10_000) byMinute.clear();
		byMinute.set(minute, day);
	}
	return day;
}

/**
 * Reads dates over a reply's tokens. The reply's own day (its time in the debtor's zone) is worked
 * out only when a date word needs it: most replies have none, and reading a zone is not free.
 */
class Reader {
	private resolved = false;
	private day = 0;
	private y = 0;
	private m = 0;
	private d = 0;
	private wd = 0;
	/** The reply has no valid time: dates were read against day 0 and must be dropped. */
	unresolved = false;

	constructor(
		readonly t: ReplyTokens,
		private readonly at: unknown,
		private readonly zone: string,
		readonly order: DateOrder,
	) {}

	private resolve(): void {
		if (this.resolved) return;
		this.resolved = true;
		const ms = readInstant(this.at);
		if (ms === null) this.unresolved = true;
		else this.day = dayAt(ms, this.zone);
		const { year, month, day } = civilDate(this.day);
		this.y = year;
		this.m = month;
		this.d = day;
		this.wd = weekday(this.day);
	}

	get wasResolved(): boolean {
		return this.resolved;
	}

	get today(): DayNumber {
		this.resolve();
		return this.day;
	}

	get year(): number {
		this.resolve();
		return this.y;
	}

	get month(): number {
		this.resolve();
		return this.m;
	}

	get dayOfMonth(): number {
		this.resolve();
		return this.d;
	}

	get weekday(): number {
		this.resolve();
		return this.wd;
	}
}

function leadingNumber(word: string): number {
	let n = 0;
	let i = 0;
	for (; i < word.length; i++) {
		const c = word.charCodeAt(i);
		if (c < 0x30 || c > 0x39) break;
		n = n * 10 + (c - 0x30);
	}
	return i === 0 ? NaN : n;
}

function canonAt(t: ReplyTokens, i: number): string {
	return i >= 0 && i < t.canon.length ? t.canon[i] : '';
}

/** A day of the month from a token: "15", "15th", "1º", "primeiro". */
function dayValue(t: ReplyTokens, i: number): number {
	const c = canonAt(t, i);
	if (c === '#n' || c === '#o') {
		const surface = t.surface[i];
		if (c === '#n' && !/^\d{1,2}$/.test(surface)) return NaN;
		const n = leadingNumber(surface);
		return n >= 1 && n <= 31 ? n : NaN;
	}
	if (c === 'primeiro' || c === 'primero' || c === 'first') return 1;
	return NaN;
}

function countValue(t: ReplyTokens, i: number): number {
	const c = canonAt(t, i);
	if (c === '#n') return leadingNumber(t.surface[i]);
	if (c === 'a' || c === 'an') return 1;
	return numberWords[c] ?? NaN;
}

function addMonths(year: number, month: number, by: number): { year: number; month: number } {
	const index = year * 12 + (month - 1) + by;
	return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function words(t: ReplyTokens, start: number, end: number): string {
	return end - start === 1 ? t.surface[start] : t.surface.slice(start, end).join(' ');
}

interface MentionFields {
	kind: DateMentionKind;
	day?: DayNumber;
	from?: DayNumber;
	to?: DayNumber;
	label?: string;
	problem?: string;
	vague?: boolean;
}

function mention(r: Reader, start: number, end: number, fields: MentionFields): DateMention {
	let due = false;
	for (let k = start > 3 ? start - 3 : 0; k < start; k++) if (DUE_WORDS.has(r.t.canon[k])) due = true;
	const shown = words(r.t, start, end);
	if (fields.kind === 'day' || fields.kind === 'range') {
		// "desde segunda", "sexta passada", "last friday": a day that has passed, not the next one.
		const before = canonAt(r.t, start - 1);
		if (PAST_BEFORE.has(before) || (PAST_BEFORE.has(canonAt(r.t, start - 2)) && CONNECTORS.has(before)) || PAST_AFTER.has(canonAt(r.t, end))) {
			return { kind: 'past', start, end, words: shown, problem: `"${shown}" is a day that has passed`, due };
		}
	}
	const m: DateMention = { kind: fields.kind, start, end, words: shown, due };
	if (fields.day !== undefined) m.day = fields.day;
	if (fields.from !== undefined) m.from = fields.from;
	if (fields.to !== undefined) m.to = fields.to;
	if (fields.label !== undefined) m.label = fields.label;
	if (fields.problem !== undefined) m.problem = fields.problem;
	if (fields.vague) m.vague = true;
	return m;
}

function dayOfThisOrNextMonth(r: Reader, d: number, start: number, end: number): DateMention {
	const target = d >= r.dayOfMonth ? { year: r.year, month: r.month } : addMonths(r.year, r.month, 1);
	if (d > daysInMonth(target.year, target.month)) {
		return mention(r, start, end, { kind: 'invalid', problem: `${MONTH_NAMES[target.month - 1]} ${target.year} has no day ${d}` });
	}
	return mention(r, start, end, { kind: 'day', day: dayNumber(target.year, target.month, d) });
}

/** A day and month, with or without a year (see the file comment for past dates). */
function calendarDay(r: Reader, d: number, m: number, y: number | null, start: number, end: number): DateMention {
	const shown = words(r.t, start, end);
	if (m < 1 || m > 12 || d < 1 || d > 31) return mention(r, start, end, { kind: 'invalid', problem: `"${shown}" is not a date` });
	if (y !== null) {
		if (y < MIN_YEAR || y > MAX_YEAR || d > daysInMonth(y, m)) return mention(r, start, end, { kind: 'invalid', problem: `"${shown}" is not a date` });
		const day = dayNumber(y, m, d);
		if (day < r.today) return mention(r, start, end, { kind: 'past', problem: `${shown} has passed` });
		return mention(r, start, end, { kind: 'day', day });
	}
	if (d > daysInMonth(r.year, m) && !(m === 2 && d === 29)) {
		return mention(r, start, end, { kind: 'invalid', problem: `"${shown}" is not a date (${MONTH_NAMES[m - 1]} has no day ${d})` });
	}
	let year = r.year;
	if (d <= daysInMonth(year, m) && dayNumber(year, m, d) < r.today) {
		if (r.today - dayNumber(year, m, d) <= PAST_WINDOW_DAYS) return mention(r, start, end, { kind: 'past', problem: `${shown} has passed` });
		year++;
	} else if (d > daysInMonth(year, m)) {
		year++; // 29/02 outside a leap year: the next 29 February that exists this side of a year
	}
	if (d > daysInMonth(year, m)) return mention(r, start, end, { kind: 'invalid', problem: `"${shown}" is not a date (${MONTH_NAMES[m - 1]} ${year} has no day ${d})` });
	return mention(r, start, end, { kind: 'day', day: dayNumber(year, m, d) });
}

function readSlashed(r: Reader, i: number): DateMention {
	const parts = r.t.surface[i].split(/[/-]/).map(Number);
	if (parts[0] > 31) {
		// 2026/12/15 or 2026-12-15
		return parts.length === 3 ? calendarDay(r, parts[2], parts[1], parts[0], i, i + 1) : mention(r, i, i + 1, { kind: 'invalid', problem: `"${r.t.surface[i]}" is not a date` });
	}
	let year: number | null = parts.length === 3 ? parts[2] : null;
	if (year !== null && year < 100) year += 2000;
	const [a, b] = parts;
	const [d, m] = r.order === 'mdy' ? [b, a] : [a, b];
	const first = calendarDay(r, d, m, year, i, i + 1);
	if (first.kind !== 'invalid') return first;
	// The other order, when the first cannot be a date ("15/12" in an English reply).
	const second = calendarDay(r, m, d, year, i, i + 1);
	return second.kind === 'invalid' ? first : second;
}

function nextWeekday(r: Reader, target: number): DayNumber {
	const delta = (target - r.weekday + 7) % 7;
	return r.today + (delta === 0 ? 7 : delta);
}

function nextWeekRange(r: Reader, start: number, end: number): DateMention {
	const monday = r.today - ((r.weekday + 6) % 7) + 7;
	return mention(r, start, end, { kind: 'range', from: monday, to: monday + 6, label: 'next week' });
}

function nextMonthRange(r: Reader, start: number, end: number, early = false): DateMention {
	const { year, month } = addMonths(r.year, r.month, 1);
	const from = dayNumber(year, month, 1);
	const to = early ? dayNumber(year, month, 10) : dayNumber(year, month, daysInMonth(year, month));
	return mention(r, start, end, { kind: 'range', from, to, label: early ? 'early next month' : 'next month' });
}

function endOfMonth(r: Reader, by: number, start: number, end: number): DateMention {
	const { year, month } = addMonths(r.year, r.month, by);
	return mention(r, start, end, { kind: 'day', day: dayNumber(year, month, daysInMonth(year, month)) });
}

function weekendRange(r: Reader, start: number, end: number): DateMention {
	if (r.weekday === 0) return mention(r, start, end, { kind: 'range', from: r.today, to: r.today, label: 'the weekend' });
	const saturday = r.weekday === 6 ? r.today : r.today + (6 - r.weekday);
	return mention(r, start, end, { kind: 'range', from: saturday, to: saturday + 1, label: 'the weekend' });
}

function quincena(r: Reader, strictlyAfter: boolean, start: number, end: number): DateMention {
	const last = daysInMonth(r.year, r.month);
	let day: DayNumber;
	if (r.dayOfMonth < 15 || (!strictlyAfter && r.dayOfMonth === 15)) day = dayNumber(r.year, r.month, 15);
	else if (r.dayOfMonth < last || !strictlyAfter) day = dayNumber(r.year, r.month, last);
	else {
		const next = addMonths(r.year, r.month, 1);
		day = dayNumber(next.year, next.month, 15);
	}
	return mention(r, start, end, { kind: 'day', day });
}

/** After "mes"/"semana": "que vem", "que viene", "próximo", "siguiente", "entrante". Returns the index after them, or -1. */
function nextMarkerAfter(t: ReplyTokens, i: number): number {
	const w = canonAt(t, i);
	if (w === 'que' && (canonAt(t, i + 1) === 'vem' || canonAt(t, i + 1) === 'viene' || canonAt(t, i + 1) === 'entra')) return i + 2;
	if (w === 'proximo' || w === 'proxima' || w === 'siguiente' || w === 'entrante') return i + 1;
	return -1;
}

/** "do mês que vem", "del próximo mes", "of next month" at `i`: the index after it, or -1. */
function nextMonthAfter(t: ReplyTokens, i: number): number {
	let k = i;
	if (canonAt(t, k) === 'do' || canonAt(t, k) === 'de' || canonAt(t, k) === 'del' || canonAt(t, k) === 'of') k++;
	if (canonAt(t, k) === 'the') k++;
	if ((canonAt(t, k) === 'proximo' || canonAt(t, k) === 'next') && (canonAt(t, k + 1) === 'mes' || canonAt(t, k + 1) === 'month')) return k + 2;
	if (canonAt(t, k) === 'mes' || canonAt(t, k) === 'month') return nextMarkerAfter(t, k + 1);
	return -1;
}

function skipConnectors(t: ReplyTokens, i: number): number {
	let k = i;
	while (k < t.canon.length && k < i + 3 && CONNECTORS.has(t.canon[k])) k++;
	return k;
}

/** A month name beside a day number: "5 de janeiro", "15th of December", "Dec 18". Returns null when none. */
function monthBeside(r: Reader, i: number, d: number): DateMention | null {
	const t = r.t;
	let k = i + 1;
	if (canonAt(t, k) === 'de' || canonAt(t, k) === 'of' || canonAt(t, k) === 'del') k++;
	const after = MONTHS[canonAt(t, k)];
	if (after !== undefined && (k > i + 1 || canonAt(t, k).length > 3 || /^\d/.test(t.surface[i]))) {
		let end = k + 1;
		let year: number | null = null;
		const maybeYear = canonAt(t, end) === 'de' || canonAt(t, end) === 'del' ? end + 1 : end;
		if (canonAt(t, maybeYear) === '#n' && /^\d{4}$/.test(t.surface[maybeYear])) {
			year = Number(t.surface[maybeYear]);
			end = maybeYear + 1;
		}
		return calendarDay(r, d, after, year, i, end);
	}
	const before = MONTHS[canonAt(t, i - 1)];
	if (before !== undefined && /^\d/.test(t.surface[i])) return calendarDay(r, d, before, null, i - 1, i + 1);
	return null;
}

function readAt(r: Reader, i: number, trigger: number): DateMention | null {
	const t = r.t;
	const w = t.canon[i];
	switch (trigger) {
		case T_TODAY: {
			// "agora não", "ahorita no tengo": a refusal, not a day; "agora pouco": a moment ago.
			if (negators.has(canonAt(t, i + 1)) || negators.has(canonAt(t, i - 1))) return null;
			if (canonAt(t, i + 1) === 'pouco' || canonAt(t, i + 1) === 'pouquinho') return null;
			if (w === 'now' && canonAt(t, i - 1) !== 'right' && canonAt(t, i - 1) !== 'pay' && canonAt(t, i - 1) !== 'it') return null;
			const vague = w !== 'hoje' && w !== 'hoy' && w !== 'today' && w !== 'tonight';
			return mention(r, i, i + 1, vague ? { kind: 'day', day: r.today, vague } : { kind: 'day', day: r.today });
		}
		case T_TOMORROW:
			if (w === 'manana' && MORNING_BEFORE.has(canonAt(t, i - 1))) return null; // "en la mañana": in the morning
			return mention(r, i, i + 1, { kind: 'day', day: r.today + 1 });
		case T_AFTER: {
			// "depois de amanhã", "pasado mañana", "(the) day after tomorrow"
			if (w === 'depois' && canonAt(t, i + 1) === 'de' && canonAt(t, i + 2) === 'amanha') return mention(r, i, i + 3, { kind: 'day', day: r.today + 2 });
			if (w === 'pasado' && canonAt(t, i + 1) === 'manana') return mention(r, i, i + 2, { kind: 'day', day: r.today + 2 });
			if (w === 'after' && canonAt(t, i + 1) === 'tomorrow') {
				const start = canonAt(t, i - 1) === 'day' ? i - 1 : i;
				return mention(r, start, i + 2, { kind: 'day', day: r.today + 2 });
			}
			return null;
		}
		case T_YESTERDAY:
			return mention(r, i, i + 1, { kind: 'past', problem: `"${t.surface[i]}" has passed` });
		case T_WEEKDAY: {
			const next = canonAt(t, i + 1);
			const before = canonAt(t, i - 1);
			if (ORDINAL_FOLLOWERS.has(next) || ((before === 'a' || before === 'la') && (w === 'segunda' || w === 'quarta' || w === 'quinta'))) return null;
			if (GUARDED_WEEKDAYS.has(w) && !WEEKDAY_PREPOSITIONS.has(before)) return null;
			let end = i + 1;
			if (next === 'feira') end++;
			const marker = nextMarkerAfter(t, end);
			if (marker > 0) end = marker;
			return mention(r, i, end, { kind: 'day', day: nextWeekday(r, WEEKDAYS[w]) });
		}
		case T_DAY_CUE: {
			if (w === 'day' && canonAt(t, i + 1) === 'after') return null; // read at "after"
			const d = dayValue(t, i + 1);
			if (Number.isNaN(d)) return null;
			if (w === 'on' && canonAt(t, i + 1) === '#n') return null; // "on 50": more often an amount than a day
			const named = monthBeside(r, i + 1, d);
			if (named) {
				named.start = i;
				named.words = words(t, i, named.end);
				return named;
			}
			const nextMonthEnd = nextMonthAfter(t, i + 2);
			if (nextMonthEnd > 0) {
				// "dia 5 do mês que vem", "el 10 del próximo mes", "the 5th of next month"
				const { year, month } = addMonths(r.year, r.month, 1);
				if (d > daysInMonth(year, month)) return mention(r, i, nextMonthEnd, { kind: 'invalid', problem: `${MONTH_NAMES[month - 1]} ${year} has no day ${d}` });
				return mention(r, i, nextMonthEnd, { kind: 'day', day: dayNumber(year, month, d) });
			}
			return dayOfThisOrNextMonth(r, d, i, i + 2);
		}
		case T_NUMBER: {
			const d = dayValue(t, i);
			if (Number.isNaN(d)) return null;
			const named = monthBeside(r, i, d);
			if (named) return named;
			// "15th" on its own is a day of the month; a bare "15" is not (an amount, a count).
			if (w === '#o' && /^\d{1,2}(?:st|nd|rd|th)$/.test(t.surface[i])) return dayOfThisOrNextMonth(r, d, i, i + 1);
			return null;
		}
		case T_MONTH_NAME: {
			// "December 18", "dec 18th": read at the number; here only when the number follows.
			const d = dayValue(t, i + 1);
			if (Number.isNaN(d) || !/^\d/.test(t.surface[i + 1])) return null;
			return calendarDay(r, d, MONTHS[w], null, i, i + 2);
		}
		case T_SLASHED:
			return readSlashed(r, i);
		case T_END: {
			if (w === 'eom') return endOfMonth(r, 0, i, i + 1);
			let k = skipConnectors(t, i + 1);
			const unit = canonAt(t, k);
			if (unit === 'semana' && (w === 'fim' || w === 'fin' || w === 'final')) return weekendRange(r, i, k + 1);
			if (unit === 'week') {
				const sunday = r.today + ((7 - r.weekday) % 7);
				return mention(r, i, k + 1, { kind: 'range', from: Math.max(r.today, sunday - 2), to: sunday, label: 'the end of this week' });
			}
			let by = 0;
			if (unit === 'next' || unit === 'proximo') {
				by = 1;
				k++;
			}
			if (canonAt(t, k) !== 'mes' && canonAt(t, k) !== 'month') return null;
			let end = k + 1;
			const marker = nextMarkerAfter(t, end);
			if (marker > 0) {
				by = 1;
				end = marker;
			}
			return endOfMonth(r, by, i, end);
		}
		case T_START: {
			let k = skipConnectors(t, i + 1);
			let next = false;
			if (canonAt(t, k) === 'next' || canonAt(t, k) === 'proximo') {
				next = true;
				k++;
			}
			if (canonAt(t, k) !== 'mes' && canonAt(t, k) !== 'month') return null;
			let end = k + 1;
			const marker = nextMarkerAfter(t, end);
			if (marker > 0) {
				next = true;
				end = marker;
			}
			if (!next && r.dayOfMonth <= 10) {
				return mention(r, i, end, { kind: 'range', from: r.today, to: dayNumber(r.year, r.month, 10), label: 'early this month' });
			}
			return nextMonthRange(r, i, end, true);
		}
		case T_WEEK: {
			const before = canonAt(t, i - 1);
			if (before === 'esta' || before === 'essa' || before === 'nesta' || before === 'nessa' || before === 'this') {
				const sunday = r.today + ((7 - r.weekday) % 7);
				return mention(r, i - 1, i + 1, { kind: 'range', from: r.today, to: sunday, label: 'this week' });
			}
			const marker = nextMarkerAfter(t, i + 1);
			if (marker > 0) return nextWeekRange(r, i, marker);
			if (PAST_AFTER.has(canonAt(t, i + 1)) || before === 'last') return mention(r, i, i + 2, { kind: 'past', problem: `"${words(t, i, i + 2)}" has passed` });
			return null;
		}
		case T_MONTH: {
			const marker = nextMarkerAfter(t, i + 1);
			if (marker > 0) return nextMonthRange(r, i, marker);
			return null;
		}
		case T_NEXT: {
			const k = canonAt(t, i + 1) === 'la' || canonAt(t, i + 1) === 'the' ? i + 2 : i + 1;
			const target = canonAt(t, k);
			if (target === 'semana' || target === 'week') return nextWeekRange(r, i, k + 1);
			if (w === 'otra') return null; // "la otra semana" (Mexico: next week), but "otra vez" is no date
			if (target === 'mes' || target === 'month') return nextMonthRange(r, i, k + 1);
			if (target === 'quincena') return quincena(r, true, i, k + 1);
			if (WEEKDAYS[target] !== undefined && !GUARDED_WEEKDAYS.has(target)) {
				return mention(r, i, k + (canonAt(t, k + 1) === 'feira' ? 2 : 1), { kind: 'day', day: nextWeekday(r, WEEKDAYS[target]) });
			}
			return null;
		}
		case T_QUINCENA:
			return quincena(r, false, i, i + 1);
		case T_IN: {
			// "daqui (a) 3 dias", "em 3 dias", "en 3 días", "in 3 days", "dentro de 2 semanas"
			let k = i + 1;
			if (canonAt(t, k) === 'a' || canonAt(t, k) === 'de') k++;
			if (APPROXIMATELY.has(canonAt(t, k))) k++; // "daqui uns 2 dias"
			const count = countValue(t, k);
			const unit = DAY_UNITS[canonAt(t, k + 1)];
			if (Number.isNaN(count) || unit === undefined || count < 1 || count > 60) return null;
			return mention(r, i, k + 2, { kind: 'day', day: r.today + count * unit });
		}
		case T_WEEKEND:
			return weekendRange(r, i, i + 1);
	}
	return null;
}

export interface DatesRead {
	mentions: DateMention[];
	/** The day the reply was sent, in the debtor's zone; null when no date needed it or `at` is not a time. */
	today: DayNumber | null;
}

/** Every date the words name, in text order, read relative to the reply's time `at` (ISO instant or epoch) in `zone`. */
export function findDateMentions(t: ReplyTokens, at: unknown, zone: string, order: DateOrder): DatesRead {
	const r = new Reader(t, at, zone, order);
	const mentions: DateMention[] = [];
	const ids = t.ids;
	for (let i = 0; i < ids.length; i++) {
		const id = ids[i];
		const trigger = id >= 0 && id < TRIGGER_BY_ID.length ? TRIGGER_BY_ID[id] : 0;
		if (trigger === 0) continue;
		const m = readAt(r, i, trigger);
		if (!m) continue;
		mentions.push(m);
		if (m.end - 1 > i) i = m.end - 1;
	}
	// A past day ("semana passada") is read without the reply's day: work it out for the caller.
	const today = mentions.length > 0 ? r.today : 0;
	return { mentions, today: r.wasResolved && !r.unresolved ? today : null };
}

/** The ordinal value of an ordinal word, for options ("a segunda opção"). */
export function ordinalValue(word: string): number | undefined {
	return ordinalWords[word];
}
