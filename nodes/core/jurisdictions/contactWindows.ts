/**
 * When a debtor may be contacted, per jurisdiction: the documented default hours of each
 * jurisdiction (data, with the law and its source for the table in docs/compliance/), the jurisdiction's
 * `contact` holidays on top, and the user's override per jurisdiction.
 *
 * Built on contactRules.ts: a jurisdiction's answer is a {@link ContactRules} with the holidays
 * filled in, so `checkContactWindow` (which already skips `rules.holidays` whole, weekends
 * included, and gives the next opening after them) answers `nextAllowedAt` across a state holiday.
 *
 * Not legal advice: every row is a default the creditor's counsel should confirm.
 */
import { type DayNumber, dayInZone } from '../dates';
import { InvalidSettingError } from '../errors';
import {
	type ContactCheck,
	type ContactPreset,
	type ContactRules,
	type ContactWindow,
	DEFAULT_CUSTOM_DAYS,
	DEFAULT_CUSTOM_END,
	DEFAULT_CUSTOM_START,
	PRESET_WINDOWS,
	checkContactWindow,
	compileContactPolicy,
	contactRules,
} from '../policy/contactRules';
import { type HolidaySettings, type JurisdictionCalendar, type YearRange, holidayCalendar } from './holidays';
import type { Jurisdiction } from './jurisdiction';

/**
 * How sure we are of a rule:
 * - `law_text`: read in the law or regulation itself;
 * - `secondary`: read in an authority's notice or a faithful summary, not in the law's own text;
 * - `practice`: no law sets hours; the default is the market's practice;
 * - `unconfirmed`: reported by a secondary source we could not check: listed, not applied.
 */
export type RuleStatus = 'law_text' | 'secondary' | 'practice' | 'unconfirmed';

export interface JurisdictionContactRule {
	/** `BR`, `BR-SP`, `MX`, `US`. */
	readonly key: string;
	readonly where: string;
	/** contactRules' preset these windows equal (`custom` when none does). */
	readonly preset: ContactPreset;
	/** Indexed by weekday, 0 = Sunday; null = no contact that day. Local time of the debtor, [start, end). */
	readonly windows: ReadonlyArray<ContactWindow | null>;
	/** The hours in words, for docs/compliance/. */
	readonly hours: string;
	/** Whether the jurisdiction's `contact` holidays stop contact (see holidays.ts HOLIDAY_POLICY for which). */
	readonly noContactOnHolidays: boolean;
	/** Which contacts the rule's text names, and what we apply it to. */
	readonly channels: string;
	readonly status: RuleStatus;
	/** False for an unconfirmed rule: the country's default applies instead. */
	readonly applied: boolean;
	readonly law: string;
	readonly source: string;
	/** The rule's words (quoted from the law where we read it, else as the source reports it). */
	readonly text: string;
	readonly note: string;
}

const h = (hours: number): number => hours * 60;
const weekdays = (start: number, end: number): Array<ContactWindow | null> => [
	null,
	...Array.from({ length: 5 }, () => ({ start, end })),
	null,
];

export const CONTACT_WINDOW_RULES: readonly JurisdictionContactRule[] = [
	{
		key: 'BR',
		where: 'Brazil (national default)',
		preset: 'brazil',
		windows: PRESET_WINDOWS.brazil,
		hours: 'Mon-Fri 08:00-20:00, Sat 08:00-14:00, never on Sundays',
		noContactOnHolidays: true,
		channels: 'every channel (our default)',
		status: 'practice',
		applied: true,
		law: 'CDC (Lei 8.078/1990) arts. 42 and 71: no hours',
		source: 'https://www.planalto.gov.br/ccivil_03/leis/l8078compilado.htm',
		text:
			'CDC art. 42: "Na cobrança de débitos, o consumidor inadimplente não será exposto a ridículo, nem será ' +
			'submetido a qualquer tipo de constrangimento ou ameaça." Art. 71 makes it a crime to collect in a way that ' +
			'"interfira com seu trabalho, descanso ou lazer".',
		note:
			'Federal law sets no hours. The default is the São Paulo schedule (Lei 15.426/2014), the one collectors ' +
			'follow nationwide and the strictest confirmed state rule; public holidays are skipped because the state ' +
			'laws that set hours all forbid them.',
	},
	{
		key: 'BR-SP',
		where: 'São Paulo',
		preset: 'brazil',
		windows: PRESET_WINDOWS.brazil,
		hours: 'Mon-Fri 08:00-20:00, Sat 08:00-14:00, never on Sundays or holidays',
		noContactOnHolidays: true,
		channels: 'collection phone calls ("telefonemas"); applied to every channel by default',
		status: 'law_text',
		applied: true,
		law: 'SP Lei 15.426/2014 art. 2',
		source: 'Lei nº 15.426, de 22 de maio de 2014 (DOE-SP 23-05-2014)',
		text:
			'Art. 2º: "os telefonemas de cobrança de débitos devem ser realizados de segunda a sexta-feira, das 8h ' +
			'(oito horas) às 20h (vinte horas), e aos sábados, das 8h (oito horas) às 14h (catorze horas), ' +
			'excetuando-se os feriados, casos em que tais telefonemas são vedados."',
		note: 'The law names calls only; most creditors apply it to messages too, and so do we by default.',
	},
	{
		key: 'BR-AL',
		where: 'Alagoas',
		preset: 'brazil',
		windows: PRESET_WINDOWS.brazil,
		hours: 'Mon-Fri 08:00-20:00, Sat 08:00-14:00, never on Sundays or holidays',
		noContactOnHolidays: true,
		channels: 'collection calls and text messages',
		status: 'secondary',
		applied: true,
		law: 'AL Lei 7.782/2016',
		source: 'Procon Arapiraca notice, 16 April 2018 (7segundos.com.br/arapiraca/noticias/2018/04/16/92926)',
		text:
			'As the Procon reports it: telefonemas e mensagens de texto referentes a cobrança de débitos only Monday to ' +
			'Friday 8h-20h and Saturdays 8h-14h, not on Sundays or holidays.',
		note:
			'The law’s own text was not found; the hours equal the national default, so applying it changes nothing but ' + 'the source shown.',
	},
	{
		key: 'BR-RJ',
		where: 'Rio de Janeiro',
		preset: 'custom',
		windows: weekdays(h(9), h(19)),
		hours: 'reported: Mon-Fri 09:00-19:00, never on weekends or holidays',
		noContactOnHolidays: true,
		channels: 'collection calls (reported)',
		status: 'unconfirmed',
		applied: false,
		law: 'RJ Lei 7.868/2018 (reported)',
		source: 'efic.com.br (a collection-software blog); the law’s text was not found',
		text: 'Reported as: collection calls Mon-Fri 9h-19h, none on Saturdays, Sundays or holidays.',
		note: 'Not applied: RJ debtors get the national default until the text is checked. Use the override to apply these hours.',
	},
	{
		key: 'BR-ES',
		where: 'Espírito Santo',
		preset: 'custom',
		windows: weekdays(h(8), h(19)),
		hours: 'reported: Mon-Fri 08:00-19:00, never on weekends or holidays',
		noContactOnHolidays: true,
		channels: 'collection calls (reported)',
		status: 'unconfirmed',
		applied: false,
		law: 'ES Lei 10.626/2017 (reported)',
		source: 'efic.com.br (a collection-software blog); the law’s text was not found',
		text: 'Reported as: collection calls Mon-Fri 8h-19h, none on Saturdays, Sundays or holidays.',
		note: 'Not applied: ES debtors get the national default until the text is checked. Use the override to apply these hours.',
	},
	{
		key: 'BR-AM',
		where: 'Amazonas',
		preset: 'custom',
		windows: weekdays(h(8), h(19)),
		hours: 'reported: weekdays until 19:00 (start not reported), never on weekends or holidays',
		noContactOnHolidays: true,
		channels: 'collection calls (reported)',
		status: 'unconfirmed',
		applied: false,
		law: 'AM Lei 306/2016 (reported; possibly a "lei promulgada")',
		source: 'efic.com.br (a collection-software blog); the law’s text was not found',
		text: 'Reported as: collection calls on weekdays until 19h, none on Saturdays, Sundays or holidays.',
		note: 'Not applied: AM debtors get the national default until the text is checked. The 08:00 start is ours.',
	},
	{
		key: 'MX',
		where: 'Mexico',
		preset: 'mexico',
		windows: PRESET_WINDOWS.mexico,
		hours: 'every day 07:00-22:00 in the debtor’s time zone; not on the LFT art. 74 rest days',
		noContactOnHolidays: true,
		channels: 'any contact or visit',
		status: 'secondary',
		applied: true,
		law:
			'CONDUSEF, Disposiciones de carácter general aplicables a las entidades financieras en materia de despachos ' +
			'de cobranza (DOF 07-10-2014)',
		source: 'DOF 07-10-2014, as quoted by CONDUSEF summaries and the press',
		text:
			'"Comunicarse o presentarse en un horario de 7:00 a 22:00 horas, de acuerdo a los husos horarios en que se ' +
			'encuentre el deudor."',
		note:
			'The rule names no rest days. Our conservative reading: no contact on the mandatory rest days of LFT art. ' +
			'74 (the Monday holidays, 1 October every six years, federal election days). PROFECO applies the same hours ' +
			'to commercial collectors.',
	},
	{
		key: 'US',
		where: 'United States',
		preset: 'united_states',
		windows: PRESET_WINDOWS.united_states,
		hours: 'every day 08:00-21:00 local time at the debtor’s location; not on federal holidays or the state’s public holidays',
		noContactOnHolidays: true,
		channels: 'calls, texts, e-mails and other electronic messages',
		status: 'law_text',
		applied: true,
		law: 'Regulation F, 12 CFR 1006.6(b)(1)(i) (FDCPA 15 U.S.C. 1692c(a)(1))',
		source: 'https://www.ecfr.gov/current/title-12/chapter-X/part-1006/section-1006.6',
		text:
			'"In the absence of the debt collector’s knowledge of circumstances to the contrary, a time before 8:00 ' +
			'a.m. and after 9:00 p.m. local time at the consumer’s location is inconvenient."',
		note:
			'Applies to third-party debt collectors; creditors collecting their own debts usually follow it too. 21:00 ' +
			'sharp is treated as closed (windows end exclusive). Skipping holidays is our cautious default, not the ' +
			'regulation’s.',
	},
];

const RULES_BY_KEY = new Map(CONTACT_WINDOW_RULES.map((r) => [r.key, r]));

/** The documented rule applied to a jurisdiction: its state's, when confirmed; else its country's; null for other countries. */
export function contactRuleFor(j: Jurisdiction): JurisdictionContactRule | null {
	const own = j.state ? RULES_BY_KEY.get(j.key) : undefined;
	if (own && own.applied) return own;
	return RULES_BY_KEY.get(j.country) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Overrides

export interface ContactWindowOverride {
	/** Indexed by weekday, 0 = Sunday; null = no contact that day. */
	readonly windows?: ReadonlyArray<ContactWindow | null>;
	/** False: holidays do not stop contact in this jurisdiction. */
	readonly noContactOnHolidays?: boolean;
}

/** Keyed by `BR-SP` (one state), `BR` (a country and its states without their own override) or `*` (everywhere). */
export type ContactWindowOverrides = Readonly<Record<string, ContactWindowOverride>>;

/**
 * Reads an override's hours as the node's custom contact hours are read (days `mon, tue…` or 0-6,
 * `08:00` to `20:00`), reusing contactRules' checks. Returns {@link InvalidSettingError} naming the setting.
 */
export function readContactWindowOverride(settings: {
	days?: unknown;
	start?: unknown;
	end?: unknown;
	noContactOnHolidays?: boolean;
}): ContactWindowOverride | InvalidSettingError {
	const policy = compileContactPolicy({ mode: 'custom', days: settings.days, start: settings.start, end: settings.end });
	if (policy instanceof InvalidSettingError) return policy;
	const custom = policy.rulesFor('');
	return { windows: custom ? custom.windows : undefined, noContactOnHolidays: settings.noContactOnHolidays };
}

function overrideFor(overrides: ContactWindowOverrides, j: Jurisdiction): ContactWindowOverride | undefined {
	return (j.state ? overrides[j.key] : undefined) ?? overrides[j.country] ?? overrides['*'];
}

const DEFAULT_CUSTOM_WINDOWS: ReadonlyArray<ContactWindow | null> = (() => {
	const [sh, sm] = DEFAULT_CUSTOM_START.split(':').map(Number);
	const [eh, em] = DEFAULT_CUSTOM_END.split(':').map(Number);
	return Array.from({ length: 7 }, (_, w) => (DEFAULT_CUSTOM_DAYS.includes(w) ? { start: sh * 60 + sm, end: eh * 60 + em } : null));
})();

// ---------------------------------------------------------------------------------------------
// Rules for a debtor

export interface JurisdictionContactRules {
	readonly jurisdiction: Jurisdiction;
	/** The documented default behind the windows; null for a country without one (the custom default hours apply). */
	readonly rule: JurisdictionContactRule | null;
	/** Whether the user's override changed the default. */
	readonly overridden: boolean;
	/** For `checkContactWindow`: the windows, and the `contact` holidays as whole days in the debtor's zone. */
	readonly rules: ContactRules;
	/** The `contact` holidays counted (null when holidays do not stop contact here). */
	readonly calendar: JurisdictionCalendar | null;
}

/**
 * The contact rules of a debtor's jurisdiction: its documented default (or the user's override),
 * with its `contact` holidays over `holidays` (the node's compiled settings, or a range of years
 * for the defaults and no own dates). Throws InvalidValueError for a state the holiday data does
 * not know (countries other than BR, MX, US).
 */
export function contactRulesFor(
	jurisdiction: Jurisdiction,
	overrides: ContactWindowOverrides = {},
	holidays: HolidaySettings | YearRange,
	/** The hours for a country without a documented rule (the node's custom window); default Mon–Fri 08–20. */
	fallbackWindows: ReadonlyArray<ContactWindow | null> = DEFAULT_CUSTOM_WINDOWS,
): JurisdictionContactRules {
	const rule = contactRuleFor(jurisdiction);
	const override = overrideFor(overrides, jurisdiction);
	const windows = override?.windows ?? rule?.windows ?? fallbackWindows;
	const noContactOnHolidays = override?.noContactOnHolidays ?? rule?.noContactOnHolidays ?? true;
	const calendar = !noContactOnHolidays
		? null
		: 'calendar' in holidays
			? holidays.calendar(jurisdiction, 'contact')
			: holidayCalendar(jurisdiction, 'contact', holidays);
	const preset: ContactPreset = override?.windows ? 'custom' : (rule?.preset ?? 'custom');
	return {
		jurisdiction,
		rule,
		overridden: override !== undefined,
		rules: contactRules(preset, windows, calendar ? calendar.days : []),
		calendar,
	};
}

/** Compiled once per execution: each jurisdiction's rules built once, found per item by the jurisdiction object. */
export class JurisdictionContactPolicy {
	private readonly byJurisdiction = new Map<Jurisdiction, JurisdictionContactRules>();

	constructor(
		private readonly holidays: HolidaySettings,
		private readonly overrides: ContactWindowOverrides = {},
		private readonly fallbackWindows: ReadonlyArray<ContactWindow | null> = DEFAULT_CUSTOM_WINDOWS,
	) {}

	rulesFor(j: Jurisdiction): JurisdictionContactRules {
		let rules = this.byJurisdiction.get(j);
		if (!rules) {
			rules = contactRulesFor(j, this.overrides, this.holidays, this.fallbackWindows);
			this.byJurisdiction.set(j, rules);
		}
		return rules;
	}
}

export type JurisdictionContactCheck = ContactCheck | { allowed: false; nextAllowedAt: string; reason: 'quiet_hours'; holiday: string };

/**
 * Whether a debtor in `zone` may be contacted at `nowMs`; when not, the next opening (after the
 * jurisdiction's holidays) and, when today is one of them, its name ("Revolução Constitucionalista"),
 * for the reason the node gives. `zone` must be valid.
 */
export function checkJurisdictionContact(nowMs: number, zone: string, jr: JurisdictionContactRules): JurisdictionContactCheck {
	const check = checkContactWindow(nowMs, zone, jr.rules);
	if (check.allowed || !jr.calendar) return check;
	// Only closed answers pay for the day lookup; most items of a run are open or closed by the clock.
	const today: DayNumber = dayInZone(nowMs, zone);
	const holiday = jr.calendar.days.has(today) ? jr.calendar.names.get(today) : undefined;
	return holiday === undefined ? check : { ...check, holiday };
}

/** The first instant contact is allowed, as ISO 8601 UTC: `nowMs` itself when allowed now. */
export function nextAllowedAt(nowMs: number, zone: string, jr: JurisdictionContactRules): string {
	const check = checkContactWindow(nowMs, zone, jr.rules);
	return check.allowed ? new Date(nowMs).toISOString() : check.nextAllowedAt;
}
