/**
 * Holiday calendars per jurisdiction, from `date-holidays` (code ISC, data CC BY-SA 3.0: the
 * docs/compliance/README.md credits it), with our corrections on top and the user's own dates (municipal holidays,
 * company closures) added per country or state.
 *
 * Two uses read different days:
 * - `contact`: days with no collection contact (contact windows skip them whole);
 * - `due_date`: days banks do not open, over which a due date rolls to the next business day.
 * Which holiday types count for each use is a setting; the defaults and the reason for each
 * country are in {@link HOLIDAY_POLICY} (a table docs/compliance/README.md shows).
 *
 * Cost: date-holidays is loaded on first use only (≈ 200 ms and ≈ 5 MB of heap: it ships every
 * country's rules in one module and loads moment-timezone and astronomia with it, so it cannot be
 * loaded per country). Evaluating a jurisdiction's rules costs 1-10 ms per year, so each
 * (jurisdiction, year) is evaluated once per process and kept in a bounded module-level cache;
 * the calendars built from them are cached too, and extended year by year when a date falls
 * outside them.
 */
import type Holidays from 'date-holidays';

import {
	type BusinessCalendar,
	type DateOrder,
	type DayNumber,
	buildBusinessCalendar,
	calendarDateOrError,
	civilDate,
	dayNumber,
	isoDate,
	weekday,
} from '../dates';
import { InvalidSettingError, InvalidValueError } from '../errors';
import { type Jurisdiction, STATE_TABLES, jurisdictionOf, parseJurisdiction } from './jurisdiction';

export type HolidayType = 'public' | 'bank' | 'optional' | 'school' | 'observance';
export const HOLIDAY_TYPES: readonly HolidayType[] = ['public', 'bank', 'optional', 'school', 'observance'];
export type HolidayUse = 'contact' | 'due_date';
export const HOLIDAY_USES: readonly HolidayUse[] = ['contact', 'due_date'];

export interface Holiday {
	readonly day: DayNumber;
	/** `2026-07-09`. */
	readonly date: string;
	readonly type: HolidayType;
	/** In the country's language, as date-holidays names it (or as our correction does). */
	readonly name: string;
	/** date-holidays' rule (`07-09`, `easter -48`…), or `correction:<id>` for a day we added. */
	readonly rule: string;
	/** An observed day for a holiday on a weekend (the US Friday/Monday). */
	readonly substitute: boolean;
}

// ---------------------------------------------------------------------------------------------
// Which holidays count, per country and use

export interface CountryHolidayPolicy {
	readonly types: Readonly<Record<HolidayUse, readonly HolidayType[]>>;
	/**
	 * `state`: the debtor's state calendar together with the national one (a state holiday closes
	 * banks and counts as a holiday there). `national`: the national calendar only.
	 */
	readonly scope: Readonly<Record<HolidayUse, 'state' | 'national'>>;
	/** The Federal Reserve opens on the Friday before a Saturday holiday: that observed Friday is a business day for due dates. */
	readonly saturdayHolidayFridayIsBusinessDay?: boolean;
	readonly reason: Readonly<Record<HolidayUse, string>>;
	readonly source: Readonly<Record<HolidayUse, string>>;
}

/** Countries with no entry: public holidays for contact, public and bank holidays for due dates, state and national. */
export const DEFAULT_HOLIDAY_POLICY: CountryHolidayPolicy = {
	types: { contact: ['public'], due_date: ['public', 'bank'] },
	scope: { contact: 'state', due_date: 'state' },
	reason: {
		contact: 'Public holidays: the days most people rest.',
		due_date: 'Public and bank holidays: the days banks are closed.',
	},
	source: { contact: 'date-holidays', due_date: 'date-holidays' },
};

export const COUNTRY_HOLIDAY_POLICIES: Readonly<Record<string, CountryHolidayPolicy>> = {
	BR: {
		types: { contact: ['public'], due_date: ['public', 'bank'] },
		scope: { contact: 'state', due_date: 'state' },
		reason: {
			// Lei 15.426/2014 (SP) and Lei 7.782/2016 (AL) forbid collection calls on "feriados". A
			// feriado is a day a law declares one (Lei 662/1949 and Lei 9.093/1995: national, state
			// and municipal laws); Carnival and Corpus Christi are "pontos facultativos" nationally and
			// feriados only where a state or city law says so (Carnival Tuesday in RJ, Corpus Christi
			// in São Paulo city), which date-holidays types as public there. So `bank` days do not
			// stop contact by default; add `bank` to be stricter.
			contact:
				'Public holidays, national and of the debtor’s state: the "feriados" of SP Lei 15.426/2014 and AL Lei ' +
				'7.782/2016. Carnival and Corpus Christi are national "pontos facultativos", not feriados, so they stop ' +
				'contact only where a state or city makes them feriados (Carnival Tuesday in RJ).',
			due_date:
				'Bank non-business days: national and state public holidays (banks do not open on any official ' +
				'holiday), Carnival Monday and Tuesday and Corpus Christi (CMN Res. 4.880/2020, FEBRABAN), and the last ' +
				'business day of the year (no banking service). Ash Wednesday is a business day: banks open at 12:00 ' +
				'and FEBRABAN says bills due during Carnival are paid then without charges.',
		},
		source: {
			contact: 'SP Lei 15.426/2014 art. 2; AL Lei 7.782/2016; Lei 9.093/1995',
			due_date: 'CMN Res. 4.880/2020; FEBRABAN notices (Carnival, Corpus Christi, 31 December)',
		},
	},
	MX: {
		types: { contact: ['public'], due_date: ['public', 'bank'] },
		scope: { contact: 'state', due_date: 'national' },
		reason: {
			// The CONDUSEF rule (7:00-22:00) names no rest days; the conservative reading is to leave
			// the debtor alone on the days the law makes mandatory rest days (LFT art. 74). Holy
			// Thursday and Friday, 2 November and 12 December close banks but are not rest days, so
			// they do not stop contact by default.
			contact:
				'The mandatory rest days of Ley Federal del Trabajo art. 74 (a conservative reading: the CONDUSEF hours ' +
				'name no holidays), with our corrections: the Monday rule, 1 October every six years, federal election ' +
				'days.',
			due_date:
				'The CNBV bank closing days: the LFT art. 74 rest days plus Holy Thursday and Friday, 2 November and 12 ' +
				'December (date-holidays types these as bank). Mexico has no state bank holidays.',
		},
		source: {
			contact:
				'LFT art. 74 (DOF 17-01-2006; fraction VII as amended DOF 30-09-2024); CONDUSEF Disposiciones de ' +
				'despachos de cobranza (DOF 07-10-2014)',
			due_date: 'CNBV, días del año en que las entidades financieras cerrarán sus puertas (DOF, each December; 2026: DOF 10-12-2025)',
		},
	},
	US: {
		types: { contact: ['public'], due_date: ['public', 'bank'] },
		scope: { contact: 'state', due_date: 'national' },
		saturdayHolidayFridayIsBusinessDay: true,
		reason: {
			// Regulation F names hours, not holidays: skipping federal and state holidays is a
			// courtesy default (a holiday can be a time the collector "should know" is inconvenient),
			// not a legal requirement.
			contact:
				'Federal holidays and the public holidays of the debtor’s state. Regulation F sets hours only: skipping ' +
				'holidays is a cautious default, not a requirement.',
			due_date:
				'The Federal Reserve holidays: the 11 federal holidays, observed the next Monday when on a Sunday; when ' +
				'one falls on a Saturday the Fed opens on the Friday before, so that Friday is a business day. State ' +
				'holidays do not close the payment system.',
		},
		source: {
			contact: '12 CFR 1006.6(b)(1)(i); 5 U.S.C. 6103; state law via date-holidays',
			due_date: 'Federal Reserve holiday schedule (federalreserve.gov; e.g. richmondfed.org/about_us/holiday_schedule)',
		},
	},
};

export function holidayPolicyFor(country: string): CountryHolidayPolicy {
	return COUNTRY_HOLIDAY_POLICIES[country] ?? DEFAULT_HOLIDAY_POLICY;
}

// ---------------------------------------------------------------------------------------------
// Our corrections of date-holidays' data

export interface HolidayCorrection {
	readonly country: string;
	readonly id: string;
	readonly description: string;
	readonly source: string;
	/** Returns the year's list corrected (a new array when it changes anything). */
	readonly apply: (year: number, list: readonly Holiday[]) => readonly Holiday[];
}

function holidayOn(day: DayNumber, type: HolidayType, name: string, id: string): Holiday {
	return { day, date: isoDate(day), type, name, rule: `correction:${id}`, substitute: false };
}

/** The n-th (1-based) weekday w (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, w: number, n: number): DayNumber {
	const first = dayNumber(year, month, 1);
	return first + ((w - weekday(first) + 7) % 7) + (n - 1) * 7;
}

function withDay(list: readonly Holiday[], holiday: Holiday): readonly Holiday[] {
	return [...list, holiday].sort((a, b) => a.day - b.day);
}

const MX_MOVED_TO_MONDAY = new Set(['02-05', '03-21', '11-20']);

export const HOLIDAY_CORRECTIONS: readonly HolidayCorrection[] = [
	{
		country: 'BR',
		id: 'consciencia-negra',
		description:
			'20 November is a national holiday from 2024 (Lei 14.759/2023). date-holidays 3.37 loses it in AM, MT, RJ ' +
			'and SP, whose older state-holiday entries (ending 2023-12-21) replace the national one: we add it back.',
		source: 'Lei 14.759, de 21 de dezembro de 2023',
		apply: (year, list) => {
			if (year < 2024) return list;
			const day = dayNumber(year, 11, 20);
			if (list.some((h) => h.day === day && h.type === 'public')) return list;
			return withDay(list, holidayOn(day, 'public', 'Dia Nacional de Zumbi e da Consciência Negra', 'consciencia-negra'));
		},
	},
	{
		country: 'BR',
		id: 'ultimo-dia-util',
		description:
			'Banks give no service on the last business day of the year (31 December, or the Friday before when it ' +
			'falls on a weekend: 30 Dec 2022, 29 Dec 2023); bills due that day are paid on the next business day ' +
			'without charges. Typed bank, so it moves due dates and not contact.',
		source: 'CMN Res. 2.596/1999 (as cited by ANBIMA); FEBRABAN notices 2022-2025',
		apply: (year, list) => {
			let day = dayNumber(year, 12, 31);
			while (weekday(day) === 0 || weekday(day) === 6) day--;
			if (list.some((h) => h.day === day && (h.type === 'bank' || h.type === 'public'))) return list;
			return withDay(list, holidayOn(day, 'bank', 'Último dia útil do ano (sem expediente bancário)', 'ultimo-dia-util'));
		},
	},
	{
		country: 'US',
		id: 'veterans-day-observed',
		description:
			'When Veterans Day falls on a weekend, its observed Friday or Monday is a federal holiday (5 U.S.C. ' +
			'6103(b)); date-holidays 3.37 types that day bank, not public (Friday 10 November 2028): we type it public, ' +
			'so it stops contact like the other observed days. Due dates still skip the Friday (the Fed opens).',
		source: '5 U.S.C. 6103(b); OPM federal holidays 2028',
		apply: (_year, list) =>
			list.some((h) => h.substitute && h.type === 'bank' && h.rule.startsWith('substitutes 11-11'))
				? list.map((h) => (h.substitute && h.type === 'bank' && h.rule.startsWith('substitutes 11-11') ? { ...h, type: 'public' } : h))
				: list,
	},
	{
		country: 'MX',
		id: 'lunes-lft-74',
		description:
			'LFT art. 74 moves 5 February, 21 March and 20 November to the first Monday of February and the third ' +
			'Mondays of March and November (since 2006/2007): the historical date is a civic commemoration, not a rest ' +
			'day. date-holidays 3.37 already ends the fixed dates in 2006; we drop any that reappear.',
		source: 'Ley Federal del Trabajo art. 74 fr. II, III, VI (DOF 17-01-2006)',
		apply: (year, list) =>
			year < 2007 ? list : list.some((h) => MX_MOVED_TO_MONDAY.has(h.rule)) ? list.filter((h) => !MX_MOVED_TO_MONDAY.has(h.rule)) : list,
	},
	{
		country: 'MX',
		id: 'transmision-poder-ejecutivo',
		description:
			'The change of federal government is a rest day on 1 October every six years from 2024 (LFT art. 74 fr. VII ' +
			'as amended, following Constitution art. 83); date-holidays 3.37 still says 1 December (a Sunday in 2024 ' +
			'and 2030). Next: Tuesday 1 October 2030.',
		source: 'Decreto que reforma la fracción VII del art. 74 LFT, DOF 30-09-2024 (in force 01-10-2024)',
		apply: (year, list) => {
			if (year < 2024) return list;
			const kept = list.filter((h) => h.rule !== '12-01 every 6 years since 1934');
			if ((year - 2024) % 6 !== 0) return kept;
			return withDay(
				kept,
				holidayOn(dayNumber(year, 10, 1), 'public', 'Transmisión del Poder Ejecutivo Federal', 'transmision-poder-ejecutivo'),
			);
		},
	},
	{
		country: 'MX',
		id: 'jornada-electoral',
		description:
			'The day of an ordinary federal election is a rest day (LFT art. 74 fr. IX): the first Sunday of June every ' +
			'three years (2024, 2027, 2030). Local elections in other years (e.g. Coahuila) are not included: add them ' +
			'as your own dates.',
		source: 'LFT art. 74 fr. IX; Ley General de Instituciones y Procedimientos Electorales art. 22',
		apply: (year, list) => {
			if (year < 2015 || (year - 2015) % 3 !== 0) return list;
			return withDay(list, holidayOn(nthWeekday(year, 6, 0, 1), 'public', 'Jornada electoral federal', 'jornada-electoral'));
		},
	},
];

// ---------------------------------------------------------------------------------------------
// date-holidays, loaded on first use

type HolidaysClass = typeof Holidays;
let library: HolidaysClass | undefined;

function holidaysLibrary(): HolidaysClass {
	if (!library) {
		// A require, not an import: a workflow that never asks for a jurisdiction's calendar does not
		// pay date-holidays' load time and memory.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const loaded = require('date-holidays') as HolidaysClass | { default: HolidaysClass };
		library = typeof loaded === 'function' ? loaded : loaded.default;
	}
	return library;
}

let knownCountries: ReadonlySet<string> | undefined;
const knownStates = new Map<string, ReadonlySet<string>>();

function countriesOfLibrary(): ReadonlySet<string> {
	if (!knownCountries) knownCountries = new Set(Object.keys(new (holidaysLibrary())().getCountries()));
	return knownCountries;
}

function statesOfLibrary(country: string): ReadonlySet<string> {
	let states = knownStates.get(country);
	if (!states) {
		states = new Set(Object.keys(new (holidaysLibrary())().getStates(country) ?? {}));
		knownStates.set(country, states);
	}
	return states;
}

/**
 * Which date-holidays calendar answers for a jurisdiction: the state's when the library has it,
 * else the country's (Mexico's states), or null when the library does not know the country.
 * Throws {@link InvalidValueError} for a state the library does not know in a country outside
 * our state tables (ours were checked when the jurisdiction was parsed).
 */
function libraryJurisdiction(j: Jurisdiction): Jurisdiction | null {
	if (!countriesOfLibrary().has(j.country)) return null;
	if (!j.state) return j;
	const states = statesOfLibrary(j.country);
	if (states.has(j.state)) return j;
	if (STATE_TABLES[j.country]) return jurisdictionOf(j.country);
	throw new InvalidValueError(
		`"${j.state}" is not a state of ${j.country} in the holiday data`,
		states.size > 0
			? `Use one of: ${Array.from(states).join(', ')}; or leave the state empty for the national holidays.`
			: 'Leave the state empty: the holiday data has national holidays only for this country.',
	);
}

// ---------------------------------------------------------------------------------------------
// Module-level caches: evaluated once per process
//
// A state's calendar in date-holidays is the national rules merged with the state's own. Evaluated
// as is, every state re-evaluates the ~25 national rules; instead the national rules are evaluated
// once per country and year, and each state's instance keeps only the rules it adds or changes
// (the national ones it keeps unchanged are switched off in it). The two lists are then merged
// the way date-holidays merges them: a state rule replaces the national rule of the same name, a
// national rule the state removes is dropped, and one holiday per name and start survives, the
// higher type first. A test compares the result with date-holidays' own for every Brazilian and
// US state over several years.

const MAX_INSTANCES = 256;
const MAX_YEARS = 8192;

interface LibraryCalendar {
	readonly hd: Holidays;
	/** For a state: the rules it adds or changes (evaluated by `hd`), and the national ones it removes. */
	readonly own: ReadonlySet<string> | null;
	readonly removed: ReadonlySet<string> | null;
}

/** One date-holidays holiday, before it is turned into days. */
export interface LibraryHoliday {
	readonly date: string;
	readonly start: Date;
	readonly end: Date;
	readonly name: string;
	readonly type: string;
	readonly rule: string;
	readonly substitute?: boolean;
}

const instances = new Map<string, LibraryCalendar>();
const rawYears = new Map<string, readonly LibraryHoliday[]>();
const years = new Map<string, readonly Holiday[]>();

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
	// Oldest first out: a long-lived n8n process keeps the jurisdictions it keeps meeting.
	if (map.size >= max) map.delete(map.keys().next().value as string);
	map.set(key, value);
}

type RuleTable = Record<string, unknown>;
const ruleTable = (hd: Holidays): RuleTable => (hd as unknown as { holidays: RuleTable }).holidays;
/**
 * Whether two rule definitions are the same, ignoring their compiled functions: an unchanged
 * national rule in a state. A deep comparison that stops at the first difference (the names carry
 * dozens of translations: serialising them per state cost more than evaluating the rules).
 */
function sameDefinition(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
	const ra = a as Record<string, unknown>;
	const rb = b as Record<string, unknown>;
	const ka = Object.keys(ra).filter((k) => k !== 'fn');
	const kb = Object.keys(rb).filter((k) => k !== 'fn');
	if (ka.length !== kb.length) return false;
	for (const k of ka) if (!sameDefinition(ra[k], rb[k])) return false;
	return true;
}

function newInstance(lj: Jurisdiction): Holidays {
	const Lib = holidaysLibrary();
	const hd = lj.state ? new Lib(lj.country, lj.state) : new Lib(lj.country);
	// No time zone: the dates stay the calendar dates of the rules. With one, every holiday's start
	// and end go through moment-timezone, which costs 5x and changes none of the dates.
	hd.setTimezone(undefined as unknown as string);
	return hd;
}

function instanceFor(lj: Jurisdiction): LibraryCalendar {
	let cal = instances.get(lj.key);
	if (!cal) {
		const hd = newInstance(lj);
		if (!lj.state) {
			cal = { hd, own: null, removed: null };
		} else {
			const national = ruleTable(instanceFor(jurisdictionOf(lj.country)).hd);
			const rules = ruleTable(hd);
			const removed = new Set<string>();
			for (const rule of Object.keys(national)) {
				if (!national[rule]) continue;
				if (!rules[rule]) removed.add(rule);
				else if (sameDefinition(rules[rule], national[rule])) rules[rule] = false;
			}
			const own = new Set(Object.keys(rules).filter((rule) => rules[rule]));
			cal = { hd, own, removed };
		}
		remember(instances, lj.key, cal, MAX_INSTANCES);
	}
	return cal;
}

const TYPE_PRIORITY: Readonly<Record<string, number>> = { observance: 0, optional: 1, school: 2, bank: 3, public: 4 };
const laterRule = (rule: string): number => (/substitutes|and if /.test(rule) ? 1 : 0);

/** date-holidays' holidays of a jurisdiction in a year, as its own getHolidays gives them (uncorrected). */
export function libraryHolidaysInYear(lj: Jurisdiction, year: number): readonly LibraryHoliday[] {
	const key = `${lj.key}|${year}`;
	let list = rawYears.get(key);
	if (!list) {
		const cal = instanceFor(lj);
		const own = cal.hd.getHolidays(year) as LibraryHoliday[];
		if (!cal.own || !cal.removed) {
			list = own;
		} else {
			const { own: changed, removed } = cal;
			const national = libraryHolidaysInYear(jurisdictionOf(lj.country), year).filter((h) => !changed.has(h.rule) && !removed.has(h.rule));
			// date-holidays' own order and de-duplication: by start, the higher type first, plain rules
			// before substitutes, shorter rules first; then one holiday per name and start.
			const merged = [...own, ...national].sort(
				(a, b) =>
					+a.start - +b.start ||
					(TYPE_PRIORITY[b.type] ?? 0) - (TYPE_PRIORITY[a.type] ?? 0) ||
					laterRule(a.rule) - laterRule(b.rule) ||
					a.rule.length - b.rule.length,
			);
			const seen = new Set<string>();
			list = merged.filter((h) => {
				const id = `${h.name}|${+h.start}`;
				if (seen.has(id)) return false;
				seen.add(id);
				return true;
			});
		}
		remember(rawYears, key, list, MAX_YEARS);
	}
	return list;
}

const TYPE_SET = new Set<string>(HOLIDAY_TYPES);

/**
 * The minutes a holiday lasts when its rule gives a duration (`easter -50 PT48H`, `01-01 P2DT`), else
 * null (it ends with its day). Read from the rule, not from the holiday's end: date-holidays builds
 * that end in the process's local time zone, which skips midnight on some days in zones that change
 * clocks at midnight (Chile, Paraguay…), and a holiday would then spill into the next day.
 */
function ruleDuration(rule: string): number | null {
	const m = /\bP(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?(?=\s|$)/.exec(rule);
	if (!m || (!m[1] && !m[2] && !m[3])) return null;
	return (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0);
}

/** The rule's start time of day in minutes (`12-24 14:00` → 840), midnight when it gives none. */
function ruleStart(rule: string): number {
	const m = /(?:^|\s)(\d{1,2}):(\d{2})(?=\s|$)/.exec(rule);
	return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

function fromLibrary(lj: Jurisdiction, year: number): Holiday[] {
	const out: Holiday[] = [];
	for (const h of libraryHolidaysInYear(lj, year)) {
		const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(h.date);
		if (!m || !TYPE_SET.has(h.type)) continue;
		const first = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
		// A holiday of several days ("PT48H": Carnival Saturday and Sunday) covers each day it touches.
		const duration = ruleDuration(h.rule);
		const last = duration === null ? first : first + Math.max(0, Math.floor((ruleStart(h.rule) + duration - 1) / 1440));
		for (let day = first; day <= last; day++) {
			out.push({ day, date: isoDate(day), type: h.type as HolidayType, name: h.name, rule: h.rule, substitute: h.substitute === true });
		}
	}
	return out;
}

/**
 * The holidays of a jurisdiction in a year, every type, corrected, sorted by day: what date-holidays
 * says for the state (or the country) with {@link HOLIDAY_CORRECTIONS} applied. Cached per process.
 * Empty when date-holidays does not know the country.
 */
export function holidaysInYear(j: Jurisdiction, year: number): readonly Holiday[] {
	const lj = libraryJurisdiction(j);
	const key = `${lj ? lj.key : j.country}|${year}`;
	let list = years.get(key);
	if (!list) {
		let corrected: readonly Holiday[] = lj ? fromLibrary(lj, year).sort((a, b) => a.day - b.day) : [];
		if (lj) for (const c of HOLIDAY_CORRECTIONS) if (c.country === j.country) corrected = c.apply(year, corrected);
		list = Object.freeze(corrected.slice());
		remember(years, key, list, MAX_YEARS);
	}
	return list;
}

/** Whether date-holidays has the country (else only the user's own dates are holidays there). */
export function isCountryKnown(country: string): boolean {
	return countriesOfLibrary().has(country);
}

/** Forgets every cached evaluation and calendar (tests and the benchmark's cold runs). */
export function clearHolidayCaches(): void {
	instances.clear();
	rawYears.clear();
	years.clear();
	standalone.clear();
	extrasByText.clear();
}

// ---------------------------------------------------------------------------------------------
// The user's own dates

/** Dates added on top: for every debtor, per country (`BR`), per state (`BR-SP`). */
export interface ExtraDays {
	readonly all: readonly DayNumber[];
	/** Keyed by jurisdiction key: `BR`, `BR-SP`. */
	readonly byKey: ReadonlyMap<string, readonly DayNumber[]>;
}

export const NO_EXTRA_DAYS: ExtraDays = Object.freeze({ all: [], byKey: new Map() });

const EXTRA_HINT =
	'Write one date per line or separated by commas (2026-01-25 or 25/01/2026); prefix a line or a date with a country ' +
	'(BR: 2026-01-25) or a state with its country (BR-SP: 2026-01-25) to apply it there only.';

/**
 * Reads the user's own holidays: dates as today's holiday lists take them (2026-01-25, 25/01/2026,
 * an Excel number…), each line optionally starting with `BR:` or `BR-SP:`, or each date prefixed.
 * A bare prefix that is also a state code (`SP:`, `CA:`) is refused as ambiguous: `BR-SP:`,
 * `US-CA:` for the state, `CA-*:` for the country.
 * businessCalendarFromText is not used as is: it drops weekend dates, and a Saturday municipal
 * holiday still stops contact. Throws {@link InvalidSettingError} naming the `setting`.
 */
export function parseExtraDays(text: string, order: DateOrder = 'dmy', setting = 'Holidays'): ExtraDays {
	const all: DayNumber[] = [];
	const byKey = new Map<string, DayNumber[]>();
	for (const rawLine of text.split(/\r?\n/)) {
		let line = rawLine.trim();
		let lineKey: string | null = null;
		const prefixed = /^([A-Za-z]{2}(?:-[A-Za-z0-9]{1,4}|-\*)?)\s*:\s*(.*)$/.exec(line);
		if (prefixed) {
			lineKey = prefixKey(prefixed[1], setting);
			line = prefixed[2];
		}
		for (const token of line.split(/[\s,;]+/)) {
			if (token === '') continue;
			const own = /^([A-Za-z]{2}(?:-[A-Za-z0-9]{1,4}|-\*)?):(.+)$/.exec(token);
			const key = own ? prefixKey(own[1], setting) : lineKey;
			const day = calendarDateOrError(own ? own[2] : token, 'UTC', order);
			if (day instanceof InvalidValueError)
				throw new InvalidSettingError(setting, `"${token}": ${day.problem}`, `${day.hint} ${EXTRA_HINT}`);
			if (key === null) all.push(day);
			else {
				const list = byKey.get(key) ?? [];
				list.push(day);
				byKey.set(key, list);
			}
		}
	}
	return { all, byKey };
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Whether a two-letter code is a country or territory (ICU's ISO 3166 list, or date-holidays'). */
function isCountryCode(code: string): boolean {
	return regionNames.of(code) !== code || isCountryKnown(code);
}

function prefixKey(prefix: string, setting: string): string {
	const [country, state] = prefix.toUpperCase().split('-');
	if (state === '*') {
		if (!isCountryCode(country)) throw new InvalidSettingError(setting, `"${prefix}:" is not a country code`, EXTRA_HINT);
		return country;
	}
	if (!state) {
		// "SP: 2026-01-25" means São Paulo to a Brazilian user, and "CA:" California to an American
		// one, but SP is no country and CA is Canada: never file a date under a country by mistake.
		const states = ['BR', 'US'].filter((c) => STATE_TABLES[c][country] && country !== c).map((c) => `${c}-${country}`);
		if (states.length > 0) {
			const known = isCountryCode(country) ? ` and the country ${regionNames.of(country)}` : '';
			throw new InvalidSettingError(
				setting,
				`"${prefix}:" could mean the state ${states.join(' or ')}${known}`,
				`Write ${states.map((k) => `${k}:`).join(' or ')} for the state${known ? `, or ${country}-*: for the country` : ''}.`,
			);
		}
		if (!isCountryCode(country)) throw new InvalidSettingError(setting, `"${prefix}:" is not a country code`, EXTRA_HINT);
	}
	const j = parseJurisdiction(country, state ?? '');
	if (j instanceof InvalidValueError) throw new InvalidSettingError(setting, `"${prefix}:" ${j.problem}`, j.hint);
	return j.key;
}

function extraDaysOf(extra: ExtraDays, j: Jurisdiction): DayNumber[] {
	const days = extra.all.slice();
	const national = extra.byKey.get(j.country);
	if (national) days.push(...national);
	if (j.state) {
		const own = extra.byKey.get(j.key);
		if (own) days.push(...own);
	}
	return days;
}

// ---------------------------------------------------------------------------------------------
// Calendars

export interface YearRange {
	readonly from: number;
	readonly to: number;
}

/** The years a run around `day` may need: the year before (old due dates) to two years after (rollovers, nextAllowedAt). */
export function yearsAround(day: DayNumber): YearRange {
	const { year } = civilDate(day);
	return { from: year - 1, to: year + 2 };
}

/**
 * The years contact rules are built for around `day`: its year and the next, so `nextAllowedAt`
 * near 31 December still sees January's holidays. Each year costs 1-10 ms per jurisdiction the
 * first time: build what a run uses and let {@link HolidaySettings.covering} add the rest.
 */
export function contactYears(day: DayNumber): YearRange {
	const { year } = civilDate(day);
	return { from: year, to: year + 1 };
}

/** A {@link BusinessCalendar} of a jurisdiction for one use, over whole years. */
export interface JurisdictionCalendar extends BusinessCalendar {
	readonly jurisdiction: Jurisdiction;
	readonly use: HolidayUse;
	readonly types: readonly HolidayType[];
	readonly years: YearRange;
	/** First and last day the holiday list covers (1 January of `years.from`, 31 December of `years.to`). */
	readonly firstDay: DayNumber;
	readonly lastDay: DayNumber;
	/** Every holiday day, weekends too: a Saturday holiday still stops contact in São Paulo. */
	readonly days: ReadonlySet<DayNumber>;
	/** The counted holidays by day, for reasons ("a holiday: Revolução Constitucionalista"); the user's own dates are named "your holiday list". */
	readonly names: ReadonlyMap<DayNumber, string>;
	/** False when date-holidays does not know the country: only the user's own dates are holidays. */
	readonly known: boolean;
}

export const USER_HOLIDAY_NAME = 'your holiday list';

/** Whether a day lies inside the years a calendar was built for (outside it, no holiday is known). */
export function covers(cal: JurisdictionCalendar, day: DayNumber): boolean {
	return day >= cal.firstDay && day <= cal.lastDay;
}

function checkYears(range: YearRange): void {
	if (!Number.isInteger(range.from) || !Number.isInteger(range.to) || range.from > range.to || range.to - range.from > 50) {
		throw new RangeError(`a holiday calendar needs 1 to 51 whole years, not ${range.from}-${range.to}`);
	}
}

/** The holidays a use counts in a jurisdiction, over a range of years, with the user's days on top. */
export function buildJurisdictionCalendar(
	j: Jurisdiction,
	use: HolidayUse,
	range: YearRange,
	extra: ExtraDays = NO_EXTRA_DAYS,
	types: readonly HolidayType[] = holidayPolicyFor(j.country).types[use],
): JurisdictionCalendar {
	checkYears(range);
	const policy = holidayPolicyFor(j.country);
	const wanted = new Set<string>(types);
	const sources = policy.scope[use] === 'national' || !j.state ? [jurisdictionOf(j.country)] : [jurisdictionOf(j.country), j];
	const fedFriday = use === 'due_date' && policy.saturdayHolidayFridayIsBusinessDay === true;
	const names = new Map<DayNumber, string>();
	for (let year = range.from; year <= range.to; year++) {
		for (const source of sources) {
			for (const h of holidaysInYear(source, year)) {
				if (!wanted.has(h.type)) continue;
				if (fedFriday && h.substitute && weekday(h.day) === 5) continue;
				if (!names.has(h.day)) names.set(h.day, h.name);
			}
		}
	}
	const firstDay = dayNumber(range.from, 1, 1);
	const lastDay = dayNumber(range.to, 12, 31);
	for (const day of extraDaysOf(extra, j)) if (!names.has(day)) names.set(day, USER_HOLIDAY_NAME);
	const days = Array.from(names.keys());
	const business = buildBusinessCalendar(days);
	return {
		...business,
		jurisdiction: j,
		use,
		types: types.slice(),
		years: { from: range.from, to: range.to },
		firstDay,
		lastDay,
		days: new Set(days),
		names,
		known: isCountryKnown(j.country),
	};
}

const MAX_STANDALONE = 2048;
const standalone = new Map<string, JurisdictionCalendar>();
const extrasByText = new Map<string, ExtraDays>();

/**
 * A jurisdiction's calendar for a use, built once per (jurisdiction, use, years, own dates) and
 * cached at module level; a range inside an already built one reuses it. `extraDays` is the user's
 * list as text (see {@link parseExtraDays}) or already parsed. Throws {@link InvalidSettingError}
 * for an unreadable list and {@link InvalidValueError} for a state the holiday data does not know.
 * For a node's run, {@link compileHolidaySettings} gives the same calendars without building a key per item.
 */
export function holidayCalendar(
	jurisdiction: Jurisdiction,
	use: HolidayUse,
	range: YearRange,
	extraDays: string | ExtraDays = '',
	types?: readonly HolidayType[],
): JurisdictionCalendar {
	let extra: ExtraDays;
	let extraKey: string;
	if (typeof extraDays === 'string') {
		extraKey = extraDays;
		let parsedText = extrasByText.get(extraDays);
		if (!parsedText) {
			parsedText = parseExtraDays(extraDays);
			remember(extrasByText, extraDays, parsedText, 64);
		}
		extra = parsedText;
	} else {
		extra = extraDays;
		extraKey = `#${extraDaysOf(extraDays, jurisdiction).join(',')}`;
	}
	const typesKey = (types ?? holidayPolicyFor(jurisdiction.country).types[use]).join(',');
	const base = `${jurisdiction.key}|${use}|${typesKey}|${extraKey}`;
	const existing = standalone.get(base);
	if (existing && existing.years.from <= range.from && existing.years.to >= range.to) return existing;
	const wider = existing ? { from: Math.min(existing.years.from, range.from), to: Math.max(existing.years.to, range.to) } : range;
	const cal = buildJurisdictionCalendar(jurisdiction, use, wider, extra, types);
	remember(standalone, base, cal, MAX_STANDALONE);
	return cal;
}

// ---------------------------------------------------------------------------------------------
// A node's settings, compiled once per execution

export interface HolidaySettingsInput {
	/**
	 * Holiday types per use, per country (`BR`) or for every country (`*`); a missing entry keeps
	 * the country's default ({@link HOLIDAY_POLICY}). Example: `{ BR: { contact: ['public', 'bank'] } }`.
	 */
	types?: Readonly<Record<string, Readonly<Record<string, readonly string[]>> | undefined>>;
	/** The user's own dates (see {@link parseExtraDays}). */
	extraDays?: string;
	dateOrder?: DateOrder;
	/**
	 * The years {@link HolidaySettings.calendar} builds (contact rules: {@link contactYears});
	 * {@link HolidaySettings.covering} builds only the years its dates need.
	 */
	years: YearRange;
}

/** The calendars one node uses in one run: looked up per item by the jurisdiction object, without allocating. */
export class HolidaySettings {
	private readonly calendars: Record<HolidayUse, Map<Jurisdiction, JurisdictionCalendar>> = { contact: new Map(), due_date: new Map() };

	constructor(
		readonly years: YearRange,
		private readonly extra: ExtraDays,
		private readonly types: ReadonlyMap<string, Partial<Record<HolidayUse, readonly HolidayType[]>>>,
	) {}

	typesFor(country: string, use: HolidayUse): readonly HolidayType[] {
		return this.types.get(country)?.[use] ?? this.types.get('*')?.[use] ?? holidayPolicyFor(country).types[use];
	}

	/** The jurisdiction's calendar for the run's years. Throws {@link InvalidValueError} for a state the holiday data does not know. */
	calendar(j: Jurisdiction, use: HolidayUse): JurisdictionCalendar {
		let cal = this.calendars[use].get(j);
		if (!cal) {
			cal = buildJurisdictionCalendar(j, use, this.years, this.extra, this.typesFor(j.country, use));
			this.calendars[use].set(j, cal);
		}
		return cal;
	}

	/**
	 * A calendar that covers `first`..`last`: the one already built when it does, else one built
	 * for just the years needed (together with those already built). Lazy: a Dunning Stage run
	 * whose due dates all fall in one year evaluates one year per jurisdiction, not four.
	 */
	covering(j: Jurisdiction, use: HolidayUse, first: DayNumber, last: DayNumber = first): JurisdictionCalendar {
		const cal = this.calendars[use].get(j);
		if (cal && first >= cal.firstDay && last <= cal.lastDay) return cal;
		let from = civilDate(Math.min(first, last)).year;
		let to = civilDate(Math.max(first, last)).year;
		if (cal) {
			from = Math.min(from, cal.years.from);
			to = Math.max(to, cal.years.to);
		}
		const wider = buildJurisdictionCalendar(j, use, { from, to }, this.extra, this.typesFor(j.country, use));
		this.calendars[use].set(j, wider);
		return wider;
	}
}

/** Checks a node's holiday settings once per execution. */
export function compileHolidaySettings(input: HolidaySettingsInput): HolidaySettings | InvalidSettingError {
	const { from, to } = input.years;
	if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || to - from > 50) {
		return new InvalidSettingError(
			'Reference Date',
			`the years ${from}-${to} cannot be a holiday calendar`,
			'Give a reference date between 1901 and 2198.',
		);
	}
	const types = new Map<string, Partial<Record<HolidayUse, readonly HolidayType[]>>>();
	for (const [rawCountry, byUse] of Object.entries(input.types ?? {})) {
		const country = rawCountry.trim().toUpperCase();
		if (country !== '*' && !/^[A-Z]{2}$/.test(country)) {
			return new InvalidSettingError(
				'Holiday Types',
				`"${rawCountry}" is not a country code`,
				'Use a two-letter ISO code such as BR, MX or US, or * for every country.',
			);
		}
		const entry: Partial<Record<HolidayUse, readonly HolidayType[]>> = {};
		for (const [use, list] of Object.entries(byUse ?? {})) {
			if (!HOLIDAY_USES.includes(use as HolidayUse)) {
				return new InvalidSettingError('Holiday Types', `"${use}" is not a use of holidays`, `Use ${HOLIDAY_USES.join(' or ')}.`);
			}
			const checked: HolidayType[] = [];
			for (const t of list ?? []) {
				const type = String(t).trim().toLowerCase();
				if (!TYPE_SET.has(type)) {
					return new InvalidSettingError(
						'Holiday Types',
						`"${String(t)}" is not a holiday type`,
						`Use any of: ${HOLIDAY_TYPES.join(', ')}.`,
					);
				}
				checked.push(type as HolidayType);
			}
			entry[use as HolidayUse] = checked;
		}
		types.set(country, entry);
	}
	let extra = NO_EXTRA_DAYS;
	if (input.extraDays && input.extraDays.trim() !== '') {
		try {
			extra = parseExtraDays(input.extraDays, input.dateOrder ?? 'dmy');
		} catch (error) {
			return error instanceof InvalidSettingError ? error : new InvalidSettingError('Holidays', String(error), EXTRA_HINT);
		}
	}
	return new HolidaySettings(input.years, extra, types);
}

// ---------------------------------------------------------------------------------------------
// The table in docs/compliance/README.md

export interface HolidayPolicyRow {
	readonly country: string;
	readonly use: HolidayUse;
	readonly types: readonly HolidayType[];
	readonly scope: 'state' | 'national';
	readonly reason: string;
	readonly source: string;
}

/** Which holiday types count per country and use, and why: one row per (country, use), for docs/compliance/README.md. */
export const HOLIDAY_POLICY: readonly HolidayPolicyRow[] = [
	...Object.entries(COUNTRY_HOLIDAY_POLICIES),
	['*', DEFAULT_HOLIDAY_POLICY] as const,
].flatMap(([country, p]) =>
	HOLIDAY_USES.map((use) => ({ country, use, types: p.types[use], scope: p.scope[use], reason: p.reason[use], source: p.source[use] })),
);
