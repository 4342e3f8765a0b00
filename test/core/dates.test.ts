import {
	buildBusinessCalendar,
	businessCalendarFromText,
	businessDaysBetween,
	civilDate,
	dayInZone,
	dayNumber,
	isoDate,
	nextBusinessDay,
	parseCalendarDate,
	parseReferenceDate,
	referenceDay,
	resolveZoneSetting,
	weekday,
} from '../../nodes/core/dates';
import { InvalidSettingError, InvalidValueError } from '../../nodes/core/errors';

const SP = 'America/Sao_Paulo';
const iso = (value: unknown, zone = SP, order: 'dmy' | 'mdy' = 'dmy') => isoDate(parseCalendarDate(value, zone, order));

describe('day numbers', () => {
	it.each([
		[1970, 1, 1, 0],
		[1969, 12, 31, -1],
		[2000, 3, 1, 11017],
		[2026, 11, 23, 20780],
		[2024, 2, 29, 19782],
	])('%i-%i-%i is day %i and back', (y, m, d, n) => {
		expect(dayNumber(y, m, d)).toBe(n);
		expect(civilDate(n)).toEqual({ year: y, month: m, day: d });
	});

	it('round-trips every day across four centuries', () => {
		for (let n = dayNumber(1900, 1, 1); n <= dayNumber(2199, 12, 31); n += 17) {
			const { year, month, day } = civilDate(n);
			expect(dayNumber(year, month, day)).toBe(n);
		}
	});

	it('knows weekdays (2026-11-23 is a Monday)', () => {
		expect(weekday(dayNumber(2026, 11, 23))).toBe(1);
		expect(weekday(dayNumber(2026, 11, 22))).toBe(0);
		expect(weekday(0)).toBe(4);
	});
});

describe('parseCalendarDate', () => {
	it.each([
		['2026-11-23', '2026-11-23'],
		['2026-1-5', '2026-01-05'],
		[' 2026-11-23 ', '2026-11-23'],
		['23/11/2026', '2026-11-23'],
		['5/1/2026', '2026-01-05'],
		['23.11.2026', '2026-11-23'],
		['23-11-2026', '2026-11-23'],
		['23/11/2026 14:30', '2026-11-23'],
		['2026/11/23', '2026-11-23'],
		['2026-11-23T10:00:00', '2026-11-23'],
		['2026-11-23 23:59', '2026-11-23'],
	])('reads %p as %s', (input, expected) => {
		expect(iso(input)).toBe(expected);
	});

	it('reads month-first dates when asked', () => {
		expect(iso('11/23/2026', SP, 'mdy')).toBe('2026-11-23');
		expect(iso('01/02/2026', SP, 'mdy')).toBe('2026-01-02');
		expect(iso('01/02/2026', SP, 'dmy')).toBe('2026-02-01');
	});

	it('reads Excel serial numbers, as numbers and as text', () => {
		expect(iso(46349)).toBe('2026-11-23');
		expect(iso('46349')).toBe('2026-11-23');
		expect(iso(46349.75)).toBe('2026-11-23');
		expect(iso(25569)).toBe('1970-01-01');
		expect(iso(45351)).toBe('2024-02-29');
	});

	it('reads Unix timestamps in seconds and milliseconds in the debtor zone', () => {
		// 2026-11-23T02:00:00Z is still 22 November in São Paulo (UTC-3).
		const ms = Date.UTC(2026, 10, 23, 2, 0, 0);
		expect(iso(ms, SP)).toBe('2026-11-22');
		expect(iso(ms / 1000, SP)).toBe('2026-11-22');
		expect(iso(String(ms), 'UTC')).toBe('2026-11-23');
		expect(iso(ms, 'Asia/Tokyo')).toBe('2026-11-23');
	});

	it('converts an instant to the debtor zone: a UTC instant that falls on the previous day in São Paulo', () => {
		expect(iso('2026-11-23T01:30:00Z', SP)).toBe('2026-11-22');
		expect(iso('2026-11-23T03:00:00Z', SP)).toBe('2026-11-23');
		expect(iso('2026-11-23T01:30:00Z', 'UTC')).toBe('2026-11-23');
		expect(iso('2026-11-23T01:30:00+05:00', 'UTC')).toBe('2026-11-22');
		expect(iso('2026-11-22T23:30:00-0300', 'UTC')).toBe('2026-11-23');
	});

	it('handles DST in New York and none in Mexico City', () => {
		// 2026-03-08: New York springs forward at 2:00 (UTC-5 → UTC-4).
		expect(iso('2026-03-08T04:30:00Z', 'America/New_York')).toBe('2026-03-07'); // 23:30 EST
		expect(iso('2026-03-09T03:30:00Z', 'America/New_York')).toBe('2026-03-08'); // 23:30 EDT
		expect(iso('2026-03-09T04:30:00Z', 'America/New_York')).toBe('2026-03-09'); // 00:30 EDT
		// 2026-11-01: New York falls back (UTC-4 → UTC-5).
		expect(iso('2026-11-02T04:30:00Z', 'America/New_York')).toBe('2026-11-01'); // 23:30 EST
		// Mexico City has had no DST since 2022: UTC-6 all year.
		expect(iso('2026-07-01T05:30:00Z', 'America/Mexico_City')).toBe('2026-06-30');
		expect(iso('2026-07-01T06:30:00Z', 'America/Mexico_City')).toBe('2026-07-01');
		expect(iso('2026-01-15T05:59:00Z', 'America/Mexico_City')).toBe('2026-01-14');
	});

	it('never shifts a plain date by a time zone', () => {
		for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', SP, 'UTC']) {
			expect(iso('2026-11-23', zone)).toBe('2026-11-23');
		}
	});

	it('accepts leap days only in leap years', () => {
		expect(iso('29/02/2024')).toBe('2024-02-29');
		expect(iso('2000-02-29')).toBe('2000-02-29');
		expect(() => parseCalendarDate('29/02/2026', SP)).toThrow('February 2026 has no day 29');
		expect(() => parseCalendarDate('1900-02-29', SP)).toThrow('February 1900 has no day 29');
	});

	it.each([
		['31/02/2026', 'February 2026 has no day 31'],
		['2026-13-01', 'there is no month 13'],
		['2026-04-31', 'April 2026 has no day 31'],
		['00/11/2026', 'November 2026 has no day 0'],
		['amanhã', 'is not a date format this node reads'],
		['', 'no date was given'],
		['   ', 'no date was given'],
		[null, 'no date was given'],
		[undefined, 'no date was given'],
		[{}, 'a object is not a date'],
		[[2026, 11, 23], 'a list is not a date'],
		[true, 'a boolean is not a date'],
		[Number.NaN, 'NaN is not a date'],
		[-5, '-5 is not a date'],
		[1e20, 'neither an Excel date number nor a Unix timestamp'],
		['2026-11-23T25:00:00Z', 'impossible time of day'],
		['12/25/26', 'is not a date format'],
		['3000-01-01', 'outside the supported range'],
	])('rejects %p: %s', (input, message) => {
		expect(() => parseCalendarDate(input, SP)).toThrow(InvalidValueError);
		expect(() => parseCalendarDate(input, SP)).toThrow(message);
	});

	it('rejects a timestamp in the year 30000, in seconds or milliseconds', () => {
		const ms = Date.UTC(30000, 0, 1);
		expect(() => parseCalendarDate(ms, SP)).toThrow('neither an Excel date number nor a Unix timestamp');
		expect(() => parseCalendarDate(ms / 1000, SP)).toThrow('neither an Excel date number nor a Unix timestamp');
		expect(() => parseCalendarDate(String(ms), SP)).toThrow('neither an Excel date number nor a Unix timestamp');
	});

	it('rejects an Excel serial past the year 2199', () => {
		expect(() => parseCalendarDate(9_000_000, SP)).toThrow('outside the supported range');
	});

	it('gives a hint with the accepted formats in the chosen order', () => {
		try {
			parseCalendarDate('soon', SP, 'mdy');
			throw new Error('expected an error');
		} catch (error) {
			expect((error as InvalidValueError).hint).toContain('11/23/2026');
		}
	});
});

describe('zones and reference dates', () => {
	it('computes the calendar day of an instant per zone', () => {
		const ms = Date.UTC(2026, 10, 23, 1, 0, 0);
		expect(isoDate(dayInZone(ms, SP))).toBe('2026-11-22');
		expect(isoDate(dayInZone(ms, 'Europe/Lisbon'))).toBe('2026-11-23');
	});

	it('reads the reference date setting', () => {
		const now = Date.UTC(2026, 10, 23, 2, 0, 0);
		expect(referenceDay(parseReferenceDate('', now), SP)).toBe(dayNumber(2026, 11, 22));
		expect(referenceDay(parseReferenceDate(undefined, now), 'UTC')).toBe(dayNumber(2026, 11, 23));
		// n8n's date picker: no zone, a calendar date everywhere
		expect(referenceDay(parseReferenceDate('2026-12-01T00:00:00', now), 'Asia/Tokyo')).toBe(dayNumber(2026, 12, 1));
		expect(referenceDay(parseReferenceDate('2026-12-01', now), 'Pacific/Pago_Pago')).toBe(dayNumber(2026, 12, 1));
		// an instant with a zone is converted per debtor
		const ref = parseReferenceDate('2026-12-01T01:00:00Z', now);
		expect(referenceDay(ref, SP)).toBe(dayNumber(2026, 11, 30));
		expect(referenceDay(ref, 'UTC')).toBe(dayNumber(2026, 12, 1));
	});

	it('rejects a bad reference date as a setting error', () => {
		expect(() => parseReferenceDate('next friday', 0)).toThrow(InvalidSettingError);
		expect(() => parseReferenceDate('2026-02-30', 0)).toThrow('Reference Date option: February 2026 has no day 30');
	});

	it('resolves the time zone option', () => {
		expect(resolveZoneSetting('', 'America/New_York')).toBe('America/New_York');
		expect(resolveZoneSetting(' America/Sao_Paulo ', 'UTC')).toBe(SP);
		expect(() => resolveZoneSetting('Brasilia', 'UTC')).toThrow('"Brasilia" is not a time zone');
	});
});

describe('business days', () => {
	const cal = buildBusinessCalendar([]);
	const d = (s: string) => parseCalendarDate(s, 'UTC');

	it('counts weekdays only, both directions', () => {
		// Mon 2026-11-23 back to Fri 2026-11-20: one business day (the Monday).
		expect(businessDaysBetween(d('2026-11-20'), d('2026-11-23'), cal)).toBe(1);
		expect(businessDaysBetween(d('2026-11-23'), d('2026-11-20'), cal)).toBe(-1);
		expect(businessDaysBetween(d('2026-11-23'), d('2026-11-23'), cal)).toBe(0);
		expect(businessDaysBetween(d('2026-11-02'), d('2026-11-30'), cal)).toBe(20);
		expect(businessDaysBetween(d('2026-11-21'), d('2026-11-22'), cal)).toBe(0); // Sat → Sun
	});

	it('matches a day-by-day count over long spans', () => {
		const holidays = [d('2026-12-25'), d('2027-01-01'), d('2026-11-20'), d('2026-11-21')]; // one on a Saturday
		const withHolidays = buildBusinessCalendar(holidays);
		const start = d('2026-10-01');
		for (let end = start - 40; end < start + 400; end += 7) {
			let count = 0;
			const [lo, hi, sign] = end >= start ? [start, end, 1] : [end, start, -1];
			for (let x = lo + 1; x <= hi; x++) {
				const w = weekday(x);
				if (w !== 0 && w !== 6 && !holidays.includes(x)) count++;
			}
			expect(businessDaysBetween(start, end, withHolidays)).toBe(sign * count);
		}
	});

	it('skips holidays and moves a due date on a weekend or holiday to the next business day', () => {
		const xmas = businessCalendarFromText('2026-12-25, 01/01/2027');
		// Thu 2026-12-24 → Mon 2026-12-28: Fri is Christmas, so only Monday counts.
		expect(businessDaysBetween(d('2026-12-24'), d('2026-12-28'), xmas)).toBe(1);
		expect(isoDate(nextBusinessDay(d('2026-12-25'), xmas))).toBe('2026-12-28');
		expect(isoDate(nextBusinessDay(d('2026-11-21'), xmas))).toBe('2026-11-23');
		expect(isoDate(nextBusinessDay(d('2026-11-23'), xmas))).toBe('2026-11-23');
	});

	it('rejects a holiday list with a bad date, naming it', () => {
		expect(() => businessCalendarFromText('2026-12-25, 2026-02-30')).toThrow('Holidays: "2026-02-30": February 2026 has no day 30');
	});

	it('refuses a week with no business day', () => {
		expect(() => buildBusinessCalendar([], [0, 1, 2, 3, 4, 5, 6])).toThrow('every day of the week');
	});
});
