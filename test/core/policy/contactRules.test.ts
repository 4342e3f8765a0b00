import { dayNumber } from '../../../nodes/core/dates';
import { InvalidSettingError, InvalidValueError } from '../../../nodes/core/errors';
import {
	type ContactPolicy,
	type ContactRules,
	type ContactSettings,
	checkContactWindow,
	compileContactPolicy,
	isOptedOut,
	presetRules,
	readOptOut,
	resolveDebtorZone,
	zonedInstant,
} from '../../../nodes/core/policy/contactRules';

const SP = 'America/Sao_Paulo';
const MX = 'America/Mexico_City';
const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
const check = (iso: string, zone: string, rules: ContactRules) => checkContactWindow(at(iso), zone, rules);
const closedUntil = (nextAllowedAt: string) => ({ allowed: false, reason: 'quiet_hours', nextAllowedAt });
const OPEN = { allowed: true };

function policy(settings: ContactSettings): ContactPolicy {
	const p = compileContactPolicy(settings);
	if (p instanceof InvalidSettingError) throw new Error(p.message);
	return p;
}

describe('Brazil preset (São Paulo, UTC-3): Mon-Fri 8-20, Sat 8-14, never Sunday', () => {
	const rules = presetRules('brazil');

	it.each([
		['Friday 19:59', '2026-05-08T22:59:00Z', OPEN],
		['Friday 20:00 sharp', '2026-05-08T23:00:00Z', closedUntil('2026-05-09T11:00:00.000Z')],
		['Friday 23:30 (already Saturday in UTC)', '2026-05-09T02:30:00Z', closedUntil('2026-05-09T11:00:00.000Z')],
		['Saturday 00:00', '2026-05-09T03:00:00Z', closedUntil('2026-05-09T11:00:00.000Z')],
		['Saturday 08:00', '2026-05-09T11:00:00Z', OPEN],
		['Saturday 13:59', '2026-05-09T16:59:00Z', OPEN],
		['Saturday 14:00', '2026-05-09T17:00:00Z', closedUntil('2026-05-11T11:00:00.000Z')],
		['Sunday noon', '2026-05-10T15:00:00Z', closedUntil('2026-05-11T11:00:00.000Z')],
		['Sunday 23:59', '2026-05-11T02:59:00Z', closedUntil('2026-05-11T11:00:00.000Z')],
		['Monday 07:59', '2026-05-11T10:59:00Z', closedUntil('2026-05-11T11:00:00.000Z')],
		['Monday 08:00', '2026-05-11T11:00:00Z', OPEN],
	])('%s', (_label, iso, expected) => {
		expect(check(iso, SP, rules)).toEqual(expected);
	});
});

describe('Mexico preset (Mexico City, UTC-6): every day 7-22', () => {
	const rules = presetRules('mexico');

	it.each([
		['06:59', '2026-05-04T12:59:00Z', closedUntil('2026-05-04T13:00:00.000Z')],
		['07:00', '2026-05-04T13:00:00Z', OPEN],
		['Sunday 10:00', '2026-05-10T16:00:00Z', OPEN],
		['21:59', '2026-05-05T03:59:00Z', OPEN],
		['22:00 (next UTC day)', '2026-05-05T04:00:00Z', closedUntil('2026-05-05T13:00:00.000Z')],
		['23:59', '2026-05-05T05:59:00Z', closedUntil('2026-05-05T13:00:00.000Z')],
		['00:00', '2026-05-05T06:00:00Z', closedUntil('2026-05-05T13:00:00.000Z')],
	])('%s', (_label, iso, expected) => {
		expect(check(iso, MX, rules)).toEqual(expected);
	});
});

describe('United States preset (New York) across the 2026 DST changes', () => {
	const rules = presetRules('united_states');

	it.each([
		// Spring forward: Sunday 8 March 2026, 02:00 EST → 03:00 EDT.
		['Sat 7 Mar 07:59 EST', '2026-03-07T12:59:00Z', closedUntil('2026-03-07T13:00:00.000Z')],
		['Sat 7 Mar 08:00 EST', '2026-03-07T13:00:00Z', OPEN],
		['Sat 7 Mar 23:00 EST → Sun 08:00 EDT (12:00Z, not 13:00Z)', '2026-03-08T04:00:00Z', closedUntil('2026-03-08T12:00:00.000Z')],
		['Sun 8 Mar 07:59 EDT', '2026-03-08T11:59:00Z', closedUntil('2026-03-08T12:00:00.000Z')],
		['Sun 8 Mar 08:00 EDT (a fixed EST offset would say 07:00)', '2026-03-08T12:00:00Z', OPEN],
		['Sun 8 Mar 20:59 EDT', '2026-03-09T00:59:00Z', OPEN],
		['Sun 8 Mar 21:00 EDT', '2026-03-09T01:00:00Z', closedUntil('2026-03-09T12:00:00.000Z')],
		// Fall back: Sunday 1 November 2026, 02:00 EDT → 01:00 EST.
		['Sat 31 Oct 20:59 EDT', '2026-11-01T00:59:00Z', OPEN],
		['Sat 31 Oct 22:00 EDT → Sun 08:00 EST (13:00Z, not 12:00Z)', '2026-11-01T02:00:00Z', closedUntil('2026-11-01T13:00:00.000Z')],
		['Sun 1 Nov 07:30 EST (a fixed EDT offset would say 08:30)', '2026-11-01T12:30:00Z', closedUntil('2026-11-01T13:00:00.000Z')],
		['Sun 1 Nov 08:00 EST', '2026-11-01T13:00:00Z', OPEN],
		['Sun 1 Nov 20:59 EST', '2026-11-02T01:59:00Z', OPEN],
		['Sun 1 Nov 21:00 EST', '2026-11-02T02:00:00Z', closedUntil('2026-11-02T13:00:00.000Z')],
	])('%s', (_label, iso, expected) => {
		expect(check(iso, NY, rules)).toEqual(expected);
	});

	it('opens at the end of a skipped hour when the window starts inside it', () => {
		const custom = policy({ mode: 'custom', days: [0, 1, 2, 3, 4, 5, 6], start: '02:30', end: '05:00' }).rulesFor('US')!;
		// 00:00 EST on 8 March: 02:30 does not exist that night; the window opens at 03:00 EDT.
		expect(check('2026-03-08T05:00:00Z', NY, custom)).toEqual(closedUntil('2026-03-08T07:00:00.000Z'));
		expect(check('2026-03-08T07:00:00Z', NY, custom)).toEqual(OPEN);
		expect(zonedInstant(NY, dayNumber(2026, 3, 8), 150)).toBe(at('2026-03-08T07:00:00Z'));
	});

	it('opens at the first of two 01:30s when the clocks go back, the second once the first is past', () => {
		const custom = policy({ mode: 'custom', days: [0, 1, 2, 3, 4, 5, 6], start: '01:30', end: '05:00' }).rulesFor('US')!;
		expect(check('2026-11-01T04:00:00Z', NY, custom)).toEqual(closedUntil('2026-11-01T05:30:00.000Z'));
		expect(check('2026-11-01T05:45:00Z', NY, custom)).toEqual(OPEN); // 01:45 EDT
		// 06:00Z is 01:00 EST, the second 01:00: closed again until the second 01:30.
		expect(check('2026-11-01T06:00:00Z', NY, custom)).toEqual(closedUntil('2026-11-01T06:30:00.000Z'));
	});
});

describe('the debtor’s zone, not the server’s', () => {
	it('one instant, three debtors', () => {
		const byCountry = policy({ mode: 'by_country' });
		const t = '2026-05-04T11:30:00Z'; // Monday
		expect(check(t, SP, byCountry.rulesFor('BR')!)).toEqual(OPEN); // 08:30
		expect(check(t, MX, byCountry.rulesFor('MX')!)).toEqual(closedUntil('2026-05-04T13:00:00.000Z')); // 05:30
		expect(check(t, NY, byCountry.rulesFor('US')!)).toEqual(closedUntil('2026-05-04T12:00:00.000Z')); // 07:30 EDT
		expect(check(t, 'America/Los_Angeles', byCountry.rulesFor('us')!)).toEqual(closedUntil('2026-05-04T15:00:00.000Z'));
	});

	it('resolves the zone: item, else country, else workflow', () => {
		expect(resolveDebtorZone('America/Bogota', 'BR', 'UTC')).toEqual({ zone: 'America/Bogota', source: 'item' });
		expect(resolveDebtorZone('  ', 'br', 'UTC')).toEqual({ zone: SP, source: 'country' });
		expect(resolveDebtorZone(undefined, 'MX', 'UTC')).toEqual({ zone: MX, source: 'country' });
		expect(resolveDebtorZone(null, 'US', 'UTC')).toEqual({ zone: NY, source: 'country' });
		expect(resolveDebtorZone('', 'AR', 'Europe/Lisbon')).toEqual({ zone: 'Europe/Lisbon', source: 'workflow' });
		const bad = resolveDebtorZone('Mars/Olympus_Mons', 'BR', 'UTC');
		expect(bad).toBeInstanceOf(InvalidValueError);
		expect((bad as InvalidValueError).problem).toBe('"Mars/Olympus_Mons" is not a time zone');
	});
});

describe('holidays', () => {
	it('blocks the whole day and moves the next opening past it', () => {
		const p = policy({ mode: 'brazil', holidays: '2026-05-01, 2026-05-11' });
		const br = p.rulesFor('BR')!;
		// Friday 1 May (Labour Day) 10:00 → Saturday 08:00.
		expect(check('2026-05-01T13:00:00Z', SP, br)).toEqual(closedUntil('2026-05-02T11:00:00.000Z'));
		// Saturday 9 May 14:00 → not Monday 11 May (holiday) but Tuesday.
		expect(check('2026-05-09T17:00:00Z', SP, br)).toEqual(closedUntil('2026-05-12T11:00:00.000Z'));
		expect(check('2026-05-12T11:00:00Z', SP, br)).toEqual(OPEN);
	});

	it('is a date in the debtor’s zone', () => {
		const mx = policy({ mode: 'mexico', holidays: ['25/12/2026'] }).rulesFor('MX')!;
		// 03:30Z on 26 December is still Christmas evening (21:30) in Mexico City.
		expect(check('2026-12-26T03:30:00Z', MX, mx)).toEqual(closedUntil('2026-12-26T13:00:00.000Z'));
		expect(check('2026-12-24T16:00:00Z', MX, mx)).toEqual(OPEN);
	});

	it('can apply to one country only', () => {
		const p = policy({ mode: 'by_country', holidays: 'BR:2026-11-20 2026-12-25' });
		const friday = '2026-11-20T15:00:00Z';
		expect(check(friday, SP, p.rulesFor('BR')!)).toMatchObject({ allowed: false });
		expect(check(friday, MX, p.rulesFor('MX')!)).toEqual(OPEN);
		expect(check('2026-12-25T15:00:00Z', MX, p.rulesFor('MX')!)).toMatchObject({ allowed: false });
		expect(p.describeHolidays()).toEqual(['2026-12-25', 'BR:2026-11-20']);
	});
});

describe('settings', () => {
	it('by country: Brazil, Mexico, US presets, the custom window elsewhere', () => {
		const p = policy({ mode: 'by_country', days: 'mon, tue, wed, thu, fri, sat', start: '9:00', end: '18:30' });
		expect(p.rulesFor('BR')!.name).toBe('brazil');
		expect(p.rulesFor('MX')!.name).toBe('mexico');
		expect(p.rulesFor('US')!.name).toBe('united_states');
		const other = p.rulesFor('CO')!;
		expect(other.name).toBe('custom');
		expect(other.windows).toEqual([null, ...Array(6).fill({ start: 540, end: 1110 })]);
		expect(p.rulesFor('CO')).toBe(other); // compiled once per country
	});

	it('a fixed preset applies to everyone; off applies nothing', () => {
		expect(policy({ mode: 'mexico' }).rulesFor('BR')!.name).toBe('mexico');
		expect(policy({ mode: 'off' }).rulesFor('BR')).toBeNull();
	});

	it('custom defaults: Monday to Friday, 08:00 to 20:00', () => {
		expect(policy({ mode: 'custom' }).rulesFor('')!.windows).toEqual([null, ...Array(5).fill({ start: 480, end: 1200 }), null]);
		expect(policy({ mode: 'custom', days: ['0', 6], end: '24:00' }).rulesFor('')!.windows).toEqual([
			{ start: 480, end: 1440 },
			null,
			null,
			null,
			null,
			null,
			{ start: 480, end: 1440 },
		]);
	});

	it.each<[ContactSettings, string, string]>([
		[{ mode: 'weekend' as never }, 'Contact Hours', '"weekend" is not a contact-hours rule'],
		[{ mode: 'custom', days: ['monday', 'funday'] }, 'Contact Days', '"funday" is not a day of the week'],
		[{ mode: 'custom', days: [] }, 'Contact Days', 'no day is selected'],
		[{ mode: 'custom', start: '25:00' }, 'Contact From', '"25:00" is not a time of day'],
		[{ mode: 'custom', end: '8pm' }, 'Contact Until', '"8pm" is not a time of day'],
		[{ mode: 'by_country', start: '20:00', end: '08:00' }, 'Contact Until', 'the window 20:00-08:00 ends before it starts'],
		[{ mode: 'brazil', holidays: '2026-12-25, 2026-02-30' }, 'Holidays', '"2026-02-30": February 2026 has no day 30'],
	])('rejects %j', (settings, setting, problem) => {
		const result = compileContactPolicy(settings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).setting).toBe(setting);
		expect((result as InvalidSettingError).problem).toBe(problem);
		expect((result as InvalidSettingError).hint.length).toBeGreaterThan(10);
	});

	it('answers a whole run in one zone from its cache', () => {
		const rules = presetRules('brazil');
		const first = check('2026-05-10T15:00:00Z', SP, rules);
		expect(check('2026-05-10T15:00:59Z', SP, rules)).toBe(first);
		expect(rules.cache.size).toBe(1);
		// 100,000 items in two zones within one minute: two answers computed, the rest from the cache.
		const answers = new Set<unknown>();
		for (let i = 0; i < 100_000; i++) answers.add(checkContactWindow(at('2026-05-10T15:00:00Z') + (i % 60) * 1000, i % 2 ? SP : MX, rules));
		expect(answers.size).toBe(2);
		expect(rules.cache.size).toBe(2);
	});
});

describe('opt-out', () => {
	it.each<[unknown, boolean, boolean]>([
		[true, true, true],
		['true', true, true],
		['Sim', true, true],
		['yes', true, true],
		['sí', true, true],
		[1, true, true],
		[false, false, false],
		['false', false, false],
		['não', false, false],
		['', false, false],
		[null, false, false],
		[undefined, false, false],
		['sms', true, false],
		['SMS, WhatsApp', true, true],
		['whatsapp', false, true],
		[['whatsapp'], false, true],
		[['sms', 'email'], true, false],
		[[], false, false],
		['email', false, false],
	])('%j: SMS %s, WhatsApp %s', (value, sms, whatsapp) => {
		expect(isOptedOut(value, 'sms')).toBe(sms);
		expect(isOptedOut(value, 'whatsapp')).toBe(whatsapp);
	});

	it('says what is wrong with a value it cannot read', () => {
		const result = readOptOut('maybe');
		expect(result).toBeInstanceOf(InvalidValueError);
		expect((result as InvalidValueError).problem).toBe('"maybe" is neither yes/no nor a channel');
		expect(isOptedOut({ sms: true }, 'sms')).toBeInstanceOf(InvalidValueError);
	});
});
