/**
 * Holiday calendars against dates written here by hand from official calendars (the source of
 * each list is in its comment), not from date-holidays. Movable Brazilian dates are also checked
 * against Easter computed independently (the Meeus/Jones/Butcher algorithm below).
 */
import Holidays from 'date-holidays';

import { type DayNumber, businessDaysBetween, dayNumber, isBusinessDay, isoDate, nextBusinessDay, weekday } from '../../../nodes/core/dates';
import { InvalidSettingError, InvalidValueError } from '../../../nodes/core/errors';
import {
	HOLIDAY_CORRECTIONS,
	HOLIDAY_POLICY,
	type HolidaySettings,
	type JurisdictionCalendar,
	USER_HOLIDAY_NAME,
	buildJurisdictionCalendar,
	clearHolidayCaches,
	compileHolidaySettings,
	covers,
	holidayCalendar,
	holidaysInYear,
	libraryHolidaysInYear,
	parseExtraDays,
	yearsAround,
} from '../../../nodes/core/jurisdictions/holidays';
import { BRAZIL_STATES, type Jurisdiction, US_STATES, parseJurisdiction } from '../../../nodes/core/jurisdictions/jurisdiction';

const d = (iso: string): DayNumber => {
	const [y, m, day] = iso.split('-').map(Number);
	return dayNumber(y, m, day);
};

function j(country: string, state = ''): Jurisdiction {
	const parsed = parseJurisdiction(country, state);
	if (parsed instanceof InvalidValueError) throw new Error(parsed.problem);
	return parsed;
}

const YEARS = { from: 2026, to: 2028 };
const contact = (country: string, state = '') => holidayCalendar(j(country, state), 'contact', YEARS);
const dueDate = (country: string, state = '') => holidayCalendar(j(country, state), 'due_date', YEARS);
/** Every holiday day of a calendar in a year, weekends too, as ISO dates. */
const daysIn = (cal: JurisdictionCalendar, year: number) =>
	Array.from(cal.days)
		.filter((day) => day >= d(`${year}-01-01`) && day <= d(`${year}-12-31`))
		.sort((a, b) => a - b)
		.map(isoDate);

/** Gregorian Easter Sunday (Meeus/Jones/Butcher), independent of date-holidays. */
function easter(year: number): DayNumber {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const dd = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - dd - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return dayNumber(year, month, day);
}

// ---------------------------------------------------------------------------------------------
// Brazil

/**
 * National holidays ("feriados nacionais"): 2026 from the MGI portaria of feriados e pontos
 * facultativos (DOU 30-12-2025); 2027 and 2028 from the laws (Lei 662/1949 as amended, Lei
 * 6.802/1980 for 12 October, Lei 14.759/2023 for 20 November) with Good Friday = Easter − 2.
 * The Sunday election days (Lei 9.504/1997: first and last Sunday of October in even years) are
 * public holidays in date-holidays too; they fall on Sundays.
 */
const BR_NATIONAL: Record<number, string[]> = {
	2026: [
		'2026-01-01', '2026-04-03', '2026-04-21', '2026-05-01', '2026-09-07', '2026-10-04', '2026-10-12',
		'2026-10-25', '2026-11-02', '2026-11-15', '2026-11-20', '2026-12-25',
	],
	2027: ['2027-01-01', '2027-03-26', '2027-04-21', '2027-05-01', '2027-09-07', '2027-10-12', '2027-11-02', '2027-11-15', '2027-11-20', '2027-12-25'],
	2028: [
		'2028-01-01', '2028-04-14', '2028-04-21', '2028-05-01', '2028-09-07', '2028-10-01', '2028-10-12',
		'2028-10-29', '2028-11-02', '2028-11-15', '2028-11-20', '2028-12-25',
	],
};

/**
 * Bank non-business days that are not public holidays: Carnival Monday and Tuesday and Corpus
 * Christi (CMN Res. 4.880/2020; FEBRABAN; 2026 dates also in the MGI portaria as pontos
 * facultativos: 16-17 Feb, 4 Jun), and the last business day of the year (FEBRABAN: no service on
 * 31 December; when it is a weekend, the Friday before: Friday 29 December 2028).
 */
const BR_BANK_ONLY: Record<number, string[]> = {
	2026: ['2026-02-16', '2026-02-17', '2026-06-04', '2026-12-31'],
	2027: ['2027-02-08', '2027-02-09', '2027-05-27', '2027-12-31'],
	2028: ['2028-02-28', '2028-02-29', '2028-06-15', '2028-12-29'],
};

describe('Brazil: national holidays (contact)', () => {
	it.each([2026, 2027, 2028])('%i: the national feriados and nothing else, for a debtor with no state', (year) => {
		expect(daysIn(contact('BR'), year)).toEqual(BR_NATIONAL[year]);
	});

	it('Good Friday, Carnival and Corpus Christi match Easter computed independently', () => {
		for (const year of [2026, 2027, 2028]) {
			const e = easter(year);
			expect(BR_NATIONAL[year]).toContain(isoDate(e - 2));
			expect(BR_BANK_ONLY[year].slice(0, 3)).toEqual([isoDate(e - 48), isoDate(e - 47), isoDate(e + 60)]);
		}
	});

	it('20 November is national from 2024 in every state (date-holidays 3.37 drops it in AM, MT, RJ and SP: corrected)', () => {
		for (const uf of Object.keys(BRAZIL_STATES)) {
			const cal = contact('BR', uf);
			for (const year of [2026, 2027, 2028]) expect([uf, cal.days.has(d(`${year}-11-20`))]).toEqual([uf, true]);
		}
		expect(HOLIDAY_CORRECTIONS.map((c) => c.id)).toContain('consciencia-negra');
	});

	it('Carnival and Corpus Christi do not stop contact (pontos facultativos, not feriados), except Carnival Tuesday in RJ', () => {
		for (const year of [2026, 2027, 2028]) {
			const [monday, tuesday, corpus] = BR_BANK_ONLY[year];
			expect(contact('BR', 'SP').days.has(d(monday))).toBe(false);
			expect(contact('BR', 'SP').days.has(d(corpus))).toBe(false);
			expect(contact('BR', 'BA').days.has(d(tuesday))).toBe(false);
			// RJ Lei 5.243/2008: Carnival Tuesday is a state holiday.
			expect(contact('BR', 'RJ').days.has(d(tuesday))).toBe(true);
			expect(contact('BR', 'RJ').days.has(d(monday))).toBe(false);
		}
	});
});

describe('Brazil: state holidays', () => {
	// Each a state law's holiday, as state legislation and the state governments' calendars give it.
	it.each([
		['SP', '2026-07-09', 'Revolução Constitucionalista (SP Lei 9.497/1997)'],
		['SP', '2027-07-09', 'Revolução Constitucionalista'],
		['SP', '2028-07-09', 'Revolução Constitucionalista'],
		['RJ', '2026-04-23', 'Dia de São Jorge (RJ Lei 5.198/2008)'],
		['RJ', '2027-04-23', 'Dia de São Jorge'],
		['RJ', '2028-04-23', 'Dia de São Jorge'],
		['BA', '2026-07-02', 'Independência da Bahia'],
		['BA', '2027-07-02', 'Independência da Bahia'],
		['BA', '2028-07-02', 'Independência da Bahia'],
		['AM', '2026-09-05', 'Elevação do Amazonas a província'],
		['PA', '2026-08-15', 'Adesão do Pará à independência'],
		['RS', '2026-09-20', 'Revolução Farroupilha'],
		['PR', '2026-12-19', 'Emancipação do Paraná'],
		['CE', '2026-03-25', 'Data Magna do Ceará'],
		['MA', '2026-07-28', 'Adesão do Maranhão à independência'],
		['AC', '2026-06-15', 'Aniversário do Acre'],
		['SE', '2026-07-08', 'Emancipação de Sergipe'],
		['MS', '2026-10-11', 'Criação de Mato Grosso do Sul'],
		['PI', '2026-10-19', 'Dia do Piauí'],
		['TO', '2026-10-05', 'Criação do Tocantins'],
	])('%s %s: %s', (uf, date) => {
		const own = contact('BR', uf);
		expect(own.days.has(d(date))).toBe(true);
		// … and only there: São Paulo's 9 July is a working day in Rio.
		const other = uf === 'SP' ? 'RJ' : 'SP';
		expect(contact('BR', other).days.has(d(date))).toBe(BR_NATIONAL[Number(date.slice(0, 4))].includes(date));
		expect(dueDate('BR', uf).holidays.includes(d(date)) || weekday(d(date)) % 6 === 0).toBe(true);
	});

	it('names the holiday, for the reason a node gives', () => {
		expect(contact('BR', 'SP').names.get(d('2026-07-09'))).toBe('Revolução Constitucionalista');
		expect(contact('BR', 'RJ').names.get(d('2026-04-23'))).toBe('Dia de São Jorge');
	});
});

describe('Brazil: bank days for due dates (public + bank)', () => {
	it.each([2026, 2027, 2028])('%i: national feriados, Carnival Mon/Tue, Corpus Christi and the last business day', (year) => {
		const expected = [...BR_NATIONAL[year], ...BR_BANK_ONLY[year]].sort();
		expect(daysIn(dueDate('BR'), year)).toEqual(expected);
	});

	it('Ash Wednesday is a business day (banks open at 12:00; bills due in Carnival are paid then without charges)', () => {
		const cal = dueDate('BR', 'SP');
		for (const ash of ['2026-02-18', '2027-02-10', '2028-03-01']) expect(isBusinessDay(d(ash), cal)).toBe(true);
	});

	it.each([
		// Carnival 2026: Saturday 14 to Tuesday 17 February; banks reopen Ash Wednesday.
		['BR', 'SP', '2026-02-13', '2026-02-13', 'a Friday before Carnival stays'],
		['BR', 'SP', '2026-02-14', '2026-02-18', 'Carnival Saturday → Ash Wednesday'],
		['BR', 'SP', '2026-02-16', '2026-02-18', 'Carnival Monday → Ash Wednesday'],
		['BR', 'SP', '2026-02-17', '2026-02-18', 'Carnival Tuesday → Ash Wednesday'],
		['BR', 'RJ', '2027-02-08', '2027-02-10', 'Carnival Monday 2027 → Ash Wednesday'],
		['BR', 'BA', '2028-02-28', '2028-03-01', 'Carnival Monday 2028 (leap year) → Ash Wednesday 1 March'],
		// Corpus Christi: banks closed, the federal bridge on Friday 5 June 2026 is a banking day.
		['BR', 'MG', '2026-06-04', '2026-06-05', 'Corpus Christi → Friday'],
		// A state holiday moves due dates in that state only.
		['BR', 'SP', '2026-07-09', '2026-07-10', 'SP 9 July (Thursday) → Friday 10 July'],
		['BR', 'RJ', '2026-07-09', '2026-07-09', 'RJ: 9 July is a banking day'],
		// Tiradentes 2026 is a Tuesday; the federal bridge on Monday 20 April is a banking day.
		['BR', 'SP', '2026-04-21', '2026-04-22', 'Tiradentes → Wednesday'],
		['BR', 'SP', '2026-04-20', '2026-04-20', 'the Monday bridge stays'],
		// Year end: 31 Dec 2026 (no banking) → Friday 1 Jan (holiday) → weekend → Monday 4 January 2027.
		['BR', 'SP', '2026-12-31', '2027-01-04', 'last business day of 2026 → 4 January 2027'],
		['BR', 'SP', '2028-12-29', '2029-01-02', 'Friday 29 Dec 2028 (31 Dec is a Sunday) → Tuesday 2 January 2029'],
	])('%s-%s due %s rolls to %s (%s)', (country, state, due, expected) => {
		const settings = compiled({ from: 2026, to: 2028 });
		const cal = settings.covering(j(country, state), 'due_date', d(due), d(due) + 10);
		expect(isoDate(nextBusinessDay(d(due), cal))).toBe(expected);
	});

	it('counts business days across Carnival', () => {
		// Friday 13 Feb 2026 → Friday 20 Feb 2026: Wed 18, Thu 19, Fri 20.
		expect(businessDaysBetween(d('2026-02-13'), d('2026-02-20'), dueDate('BR', 'SP'))).toBe(3);
	});
});

// ---------------------------------------------------------------------------------------------
// Mexico

/**
 * The mandatory rest days of Ley Federal del Trabajo art. 74 (as amended DOF 17-01-2006 and
 * DOF 30-09-2024): 1 January, the first Monday of February (for 5 February), the third Monday of
 * March (for 21 March), 1 May, 16 September, the third Monday of November (for 20 November),
 * 25 December, 1 October every six years (2024, 2030), and the day of an ordinary federal election
 * (fr. IX; first Sunday of June: 6 June 2027). Weekdays worked out by hand on a 2026-2028 calendar.
 */
const MX_REST_DAYS: Record<number, string[]> = {
	2026: ['2026-01-01', '2026-02-02', '2026-03-16', '2026-05-01', '2026-09-16', '2026-11-16', '2026-12-25'],
	2027: ['2027-01-01', '2027-02-01', '2027-03-15', '2027-05-01', '2027-06-06', '2027-09-16', '2027-11-15', '2027-12-25'],
	2028: ['2028-01-01', '2028-02-07', '2028-03-20', '2028-05-01', '2028-09-16', '2028-11-20', '2028-12-25'],
};

describe('Mexico: the LFT art. 74 rest days (contact)', () => {
	it.each([2026, 2027, 2028])('%i: exactly the rest days', (year) => {
		expect(daysIn(contact('MX'), year)).toEqual(MX_REST_DAYS[year]);
	});

	it('the Monday rule: 5 February, 21 March and 20 November are commemorations, not rest days', () => {
		const cal = contact('MX', 'JAL');
		for (const year of [2026, 2027]) {
			expect(cal.days.has(d(`${year}-02-05`))).toBe(false);
			expect(cal.days.has(d(`${year}-03-21`))).toBe(false);
			expect(cal.days.has(d(`${year}-11-20`))).toBe(false);
		}
		// 20 November 2028 is itself the third Monday: a rest day by the Monday rule.
		expect(cal.days.has(d('2028-11-20'))).toBe(true);
	});

	it('the change of government: 1 October 2024 and 2030, no longer 1 December (corrected)', () => {
		const cal = holidayCalendar(j('MX'), 'contact', { from: 2024, to: 2030 });
		expect(cal.names.get(d('2024-10-01'))).toBe('Transmisión del Poder Ejecutivo Federal');
		expect(cal.names.get(d('2030-10-01'))).toBe('Transmisión del Poder Ejecutivo Federal');
		expect(weekday(d('2030-10-01'))).toBe(2);
		expect(cal.days.has(d('2024-12-01'))).toBe(false);
		expect(cal.days.has(d('2030-12-01'))).toBe(false);
		expect(cal.days.has(d('2027-10-01'))).toBe(false);
	});

	it('federal election days: first Sunday of June 2024, 2027, 2030', () => {
		const cal = holidayCalendar(j('MX'), 'contact', { from: 2024, to: 2030 });
		for (const day of ['2024-06-02', '2027-06-06', '2030-06-02']) expect(cal.names.get(d(day))).toBe('Jornada electoral federal');
		expect(cal.days.has(d('2026-06-07'))).toBe(false);
	});

	it('every Mexican state has the national calendar (date-holidays has no Mexican states)', () => {
		expect(daysIn(contact('MX', 'ROO'), 2027)).toEqual(MX_REST_DAYS[2027]);
	});
});

describe('Mexico: bank closing days (due dates)', () => {
	// CNBV, días de 2026 en que las entidades financieras cerrarán sus puertas (DOF 10-12-2025).
	it('2026: the CNBV list', () => {
		expect(daysIn(dueDate('MX'), 2026)).toEqual([
			'2026-01-01', '2026-02-02', '2026-03-16', '2026-04-02', '2026-04-03', '2026-05-01', '2026-09-16',
			'2026-11-02', '2026-11-16', '2026-12-12', '2026-12-25',
		]);
	});

	it('a due date on Holy Thursday rolls over the Easter weekend to Monday', () => {
		expect(isoDate(nextBusinessDay(d('2026-04-02'), dueDate('MX', 'CMX')))).toBe('2026-04-06');
	});
});

// ---------------------------------------------------------------------------------------------
// United States

/** Federal holidays as OPM lists them (5 U.S.C. 6103), observed days included, 2026-2028. */
const US_FEDERAL: Record<number, string[]> = {
	2026: [
		'2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-07-04', '2026-09-07',
		'2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
	],
	2027: [
		'2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-06-19', '2027-07-04', '2027-07-05',
		'2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-25', '2027-12-31',
	],
	2028: [
		'2028-01-01', '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09',
		'2028-11-10', '2028-11-11', '2028-11-23', '2028-12-25',
	],
};

/**
 * Federal Reserve holidays on weekdays (federalreserve.gov; Richmond Fed schedule for 2026-2027):
 * a Saturday holiday is not moved (the Fed opens on the Friday), a Sunday one is observed Monday.
 */
const FED_WEEKDAYS: Record<number, string[]> = {
	2026: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25'],
	2027: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25'],
	2028: ['2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-23', '2028-12-25'],
};

describe('United States', () => {
	it.each([2026, 2027, 2028])('%i: federal holidays, observed days included (contact)', (year) => {
		expect(daysIn(contact('US'), year)).toEqual(US_FEDERAL[year]);
	});

	it.each([2026, 2027, 2028])('%i: Federal Reserve holidays for due dates, whatever the state', (year) => {
		const inYear = (cal: JurisdictionCalendar) => cal.holidays.filter((day) => day >= d(`${year}-01-01`) && day <= d(`${year}-12-31`)).map(isoDate);
		expect(inYear(dueDate('US'))).toEqual(FED_WEEKDAYS[year]);
		expect(inYear(dueDate('US', 'CA'))).toEqual(FED_WEEKDAYS[year]);
		expect(inYear(dueDate('US', 'TX'))).toEqual(FED_WEEKDAYS[year]);
	});

	it('a due date on Saturday 4 July 2026 rolls to Monday 6 July; Friday 3 July is a banking day', () => {
		const cal = dueDate('US', 'NY');
		expect(isoDate(nextBusinessDay(d('2026-07-04'), cal))).toBe('2026-07-06');
		expect(isoDate(nextBusinessDay(d('2026-07-03'), cal))).toBe('2026-07-03');
		// Sunday 4 July 2027 is observed on Monday 5 July: a due date then rolls to Tuesday.
		expect(isoDate(nextBusinessDay(d('2027-07-04'), cal))).toBe('2027-07-06');
	});

	// date-holidays: in California, César Chávez Day (31 March) and the day after Thanksgiving are
	// public (Cal. Gov. Code 6700); in Texas the day after Thanksgiving, 24 and 26 December are
	// public, and Cesar Chavez Day is only optional ("observance").
	it.each([
		['CA', '2026-03-31', true, false],
		['CA', '2027-03-31', true, false],
		['CA', '2028-03-31', true, false],
		['CA', '2026-11-27', true, true],
		['TX', '2026-12-24', false, true],
		['TX', '2027-11-26', true, true],
	])('%s %s: a contact holiday in CA %p, in TX %p', (_state, date, inCa, inTx) => {
		expect(contact('US', 'CA').days.has(d(date))).toBe(inCa);
		expect(contact('US', 'TX').days.has(d(date))).toBe(inTx);
		// None of them closes the Federal Reserve.
		expect(dueDate('US', 'CA').holidays.includes(d(date))).toBe(false);
	});

	it('a state calendar keeps the federal holidays the state dropped (Columbus Day in California)', () => {
		expect(contact('US', 'CA').days.has(d('2026-10-12'))).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------
// Settings, own dates, caching

function compiled(years = YEARS, extraDays = '', types?: Record<string, Record<string, string[]>>): HolidaySettings {
	const s = compileHolidaySettings({ years, extraDays, types });
	if (s instanceof InvalidSettingError) throw new Error(s.message);
	return s;
}

describe('the user’s own dates', () => {
	it('adds dates for everyone, per country and per state, weekends kept for contact', () => {
		const s = compiled(YEARS, '2026-12-24\nBR: 2026-10-28\nBR-SP: 25/01/2026, 2026-11-21\nUS-CA:2026-09-25');
		const sp = s.calendar(j('BR', 'SP'), 'contact');
		const rj = s.calendar(j('BR', 'RJ'), 'contact');
		const ca = s.calendar(j('US', 'CA'), 'contact');
		expect(sp.days.has(d('2026-12-24'))).toBe(true);
		expect(sp.days.has(d('2026-10-28'))).toBe(true);
		expect(sp.days.has(d('2026-01-25'))).toBe(true); // a Sunday: still a day with no contact
		expect(sp.days.has(d('2026-11-21'))).toBe(true); // a Saturday
		expect(sp.names.get(d('2026-01-25'))).toBe(USER_HOLIDAY_NAME);
		expect(rj.days.has(d('2026-10-28'))).toBe(true);
		expect(rj.days.has(d('2026-01-25'))).toBe(false);
		expect(ca.days.has(d('2026-09-25'))).toBe(true);
		expect(ca.days.has(d('2026-10-28'))).toBe(false);
		// Due dates too: a municipal holiday closes the banks there.
		expect(isoDate(nextBusinessDay(d('2026-10-28'), s.calendar(j('BR', 'SP'), 'due_date')))).toBe('2026-10-29');
	});

	it('reads a date order and says which entry is wrong', () => {
		expect(parseExtraDays('01/02/2026', 'mdy').all).toEqual([d('2026-01-02')]);
		const bad = compileHolidaySettings({ years: YEARS, extraDays: 'BR-SP: 2026-01-25, 2026-02-30' });
		expect(bad).toBeInstanceOf(InvalidSettingError);
		expect((bad as InvalidSettingError).message).toBe('Holidays: "2026-02-30": February 2026 has no day 30');
		const state = compileHolidaySettings({ years: YEARS, extraDays: 'BR-XX: 2026-01-25' });
		expect((state as InvalidSettingError).message).toBe('Holidays: "BR-XX:" "XX" is not a state of Brazil');
		const sp = compileHolidaySettings({ years: YEARS, extraDays: 'SP: 2026-01-25' }) as InvalidSettingError;
		expect(sp.message).toBe('Holidays: "SP:" could mean the state BR-SP');
		expect(sp.hint).toBe('Write BR-SP: for the state.');
		const ca = compileHolidaySettings({ years: YEARS, extraDays: 'CA: 2026-03-31' }) as InvalidSettingError;
		expect(ca.message).toBe('Holidays: "CA:" could mean the state US-CA and the country Canada');
		expect(ca.hint).toBe('Write US-CA: for the state, or CA-*: for the country.');
		expect((compileHolidaySettings({ years: YEARS, extraDays: 'QQ: 2026-01-25' }) as InvalidSettingError).problem).toBe(
			'"QQ:" is not a country code',
		);
		expect(parseExtraDays('CA-*: 2026-07-01').byKey.get('CA')).toEqual([d('2026-07-01')]);
	});
});

describe('holiday types are a setting', () => {
	it('adds bank days to contact in Brazil when asked', () => {
		const s = compiled(YEARS, '', { BR: { contact: ['public', 'bank'] } });
		expect(s.calendar(j('BR', 'SP'), 'contact').days.has(d('2026-02-16'))).toBe(true);
		expect(s.calendar(j('MX'), 'contact').days.has(d('2026-04-02'))).toBe(false);
	});

	it('applies a * entry to every country without its own', () => {
		const s = compiled(YEARS, '', { '*': { contact: ['public', 'optional'] } });
		expect(s.typesFor('MX', 'contact')).toEqual(['public', 'optional']);
		expect(s.typesFor('MX', 'due_date')).toEqual(['public', 'bank']);
	});

	it('refuses unknown types, uses and countries', () => {
		const e1 = compileHolidaySettings({ years: YEARS, types: { BR: { contact: ['public', 'festa'] } } });
		expect((e1 as InvalidSettingError).message).toBe('Holiday Types: "festa" is not a holiday type');
		const e2 = compileHolidaySettings({ years: YEARS, types: { BR: { billing: ['public'] } } });
		expect((e2 as InvalidSettingError).problem).toBe('"billing" is not a use of holidays');
		const e3 = compileHolidaySettings({ years: YEARS, types: { Brasil: { contact: ['public'] } } });
		expect((e3 as InvalidSettingError).problem).toBe('"Brasil" is not a country code');
	});

	it('exports one README row per country and use, with a reason', () => {
		expect(HOLIDAY_POLICY.map((r) => `${r.country}/${r.use}`)).toEqual(['BR/contact', 'BR/due_date', 'MX/contact', 'MX/due_date', 'US/contact', 'US/due_date', '*/contact', '*/due_date']);
		for (const row of HOLIDAY_POLICY) expect(row.reason.length).toBeGreaterThan(20);
	});
});

describe('calendars are built once and extended lazily', () => {
	beforeEach(() => clearHolidayCaches());

	it('returns the same calendar object for the same jurisdiction and use', () => {
		const s = compiled();
		expect(s.calendar(j('BR', 'SP'), 'contact')).toBe(s.calendar(j('br', 'BR-SP'), 'contact'));
		expect(holidayCalendar(j('BR', 'SP'), 'contact', YEARS)).toBe(holidayCalendar(j('BR', 'SP'), 'contact', { from: 2027, to: 2027 }));
	});

	it('extends to the years a date needs', () => {
		const s = compiled(yearsAround(d('2026-05-10')));
		expect(s.years).toEqual({ from: 2025, to: 2028 });
		const cal = s.calendar(j('BR', 'SP'), 'due_date');
		expect(covers(cal, d('2030-07-09'))).toBe(false);
		const wider = s.covering(j('BR', 'SP'), 'due_date', d('2030-07-09'));
		expect(wider.years).toEqual({ from: 2025, to: 2030 });
		expect(wider.days.has(d('2030-07-09'))).toBe(true);
		expect(s.covering(j('BR', 'SP'), 'due_date', d('2029-01-02'))).toBe(wider);
		const older = s.covering(j('BR', 'SP'), 'due_date', d('2019-03-04'), d('2026-01-01'));
		expect(older.years).toEqual({ from: 2019, to: 2030 });
		expect(older.days.has(d('2019-03-04'))).toBe(true); // Carnival Monday 2019
	});

	it('a holiday list outside the built years is empty: covers() tells', () => {
		const cal = buildJurisdictionCalendar(j('BR'), 'due_date', { from: 2026, to: 2026 });
		expect(covers(cal, d('2026-01-01'))).toBe(true);
		expect(covers(cal, d('2027-01-01'))).toBe(false);
		expect(() => buildJurisdictionCalendar(j('BR'), 'due_date', { from: 2027, to: 2026 })).toThrow(RangeError);
	});

	it('holidaysInYear is evaluated once per jurisdiction and year', () => {
		expect(holidaysInYear(j('BR', 'SP'), 2026)).toBe(holidaysInYear(j('BR', 'SP'), 2026));
		expect(Object.isFrozen(holidaysInYear(j('BR', 'SP'), 2026))).toBe(true);
	});
});

describe('holidays of several days', () => {
	it('Carnival Saturday and Sunday (date-holidays: "easter -50 PT48H", optional) cover both days', () => {
		const list = holidaysInYear(j('BR', 'SP'), 2026).filter((h) => h.rule === 'easter -50 PT48H');
		expect(list.map((h) => [h.date, h.type])).toEqual([
			['2026-02-14', 'optional'],
			['2026-02-15', 'optional'],
		]);
	});

	it('an afternoon holiday stays on its day ("12-31 14:00"), one of two days spans both ("01-01 P2DT", Romania)', () => {
		expect(holidaysInYear(j('BR'), 2026).filter((h) => h.rule === '12-31 14:00').map((h) => h.date)).toEqual(['2026-12-31']);
		expect(holidaysInYear(j('RO'), 2026).filter((h) => h.rule === '01-01 P2DT').map((h) => h.date)).toEqual(['2026-01-01', '2026-01-02']);
	});
});

describe('evaluating the national rules once per country', () => {
	// holidays.ts evaluates a state's own rules apart from the national ones and merges them; the
	// result must be date-holidays' own answer for the state, holiday for holiday.
	const own = (country: string, state: string, year: number) => {
		const hd = new Holidays(country, state);
		hd.setTimezone(undefined as unknown as string);
		return hd.getHolidays(year).map((h) => `${h.date}|${h.type}|${h.name}|${h.rule}|${h.substitute === true}`).sort();
	};
	const merged = (country: string, state: string, year: number) =>
		libraryHolidaysInYear(j(country, state), year)
			.map((h) => `${h.date}|${h.type}|${h.name}|${h.rule}|${h.substitute === true}`)
			.sort();

	it.each([
		['BR', Object.keys(BRAZIL_STATES)],
		['US', Object.keys(US_STATES)],
	])('%s: every state, 2024-2030', (country, states) => {
		clearHolidayCaches();
		for (const state of states as string[]) {
			for (let year = 2024; year <= 2030; year++) expect([state, year, merged(country, state, year)]).toEqual([state, year, own(country, state, year)]);
		}
	});
});

describe('other countries', () => {
	it('uses date-holidays’ national and state calendars', () => {
		const by = holidayCalendar(j('DE', 'BY'), 'contact', { from: 2026, to: 2026 });
		expect(by.known).toBe(true);
		expect(by.days.has(d('2026-01-06'))).toBe(true); // Heilige Drei Könige, Bavaria only
		expect(holidayCalendar(j('DE', 'BE'), 'contact', { from: 2026, to: 2026 }).days.has(d('2026-01-06'))).toBe(false);
	});

	it('throws for a state the holiday data does not know', () => {
		expect(() => holidayCalendar(j('DE', 'XX'), 'contact', YEARS)).toThrow(InvalidValueError);
	});

	it('has only the user’s dates for a country the data does not know', () => {
		// Antarctica: a valid ISO code date-holidays 3.37 has no calendar for.
		const cal = holidayCalendar(j('AQ'), 'contact', YEARS, 'AQ: 2026-02-17');
		expect(cal.known).toBe(false);
		expect(Array.from(cal.days)).toEqual([d('2026-02-17')]);
	});
});
