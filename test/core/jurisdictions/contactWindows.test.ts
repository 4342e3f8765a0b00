import { InvalidSettingError, InvalidValueError } from '../../../nodes/core/errors';
import {
	CONTACT_WINDOW_RULES,
	type ContactWindowOverride,
	JurisdictionContactPolicy,
	checkJurisdictionContact,
	contactRuleFor,
	contactRulesFor,
	nextAllowedAt,
	readContactWindowOverride,
} from '../../../nodes/core/jurisdictions/contactWindows';
import { type HolidaySettings, compileHolidaySettings } from '../../../nodes/core/jurisdictions/holidays';
import { type Jurisdiction, debtorZone, parseJurisdiction } from '../../../nodes/core/jurisdictions/jurisdiction';
import { PRESET_WINDOWS } from '../../../nodes/core/policy/contactRules';

const YEARS = { from: 2026, to: 2028 };
const at = (iso: string) => Date.parse(iso);
const OPEN = { allowed: true };
const closed = (nextAllowedAt: string, holiday?: string) =>
	holiday ? { allowed: false, reason: 'quiet_hours', nextAllowedAt, holiday } : { allowed: false, reason: 'quiet_hours', nextAllowedAt };

function j(country: string, state = ''): Jurisdiction {
	const parsed = parseJurisdiction(country, state);
	if (parsed instanceof InvalidValueError) throw new Error(parsed.problem);
	return parsed;
}

function zoneOf(jurisdiction: Jurisdiction): string {
	const z = debtorZone(jurisdiction, '', 'UTC');
	if (z instanceof InvalidValueError) throw new Error(z.problem);
	return z.zone;
}

function settings(extraDays = ''): HolidaySettings {
	const s = compileHolidaySettings({ years: YEARS, extraDays });
	if (s instanceof InvalidSettingError) throw new Error(s.message);
	return s;
}

/** The check for a debtor of `country`/`state` in the state's main zone at `iso`. */
function check(iso: string, country: string, state = '', overrides = {}) {
	const jurisdiction = j(country, state);
	return checkJurisdictionContact(at(iso), zoneOf(jurisdiction), contactRulesFor(jurisdiction, overrides, YEARS));
}

describe('a state holiday in one state and not in the next', () => {
	// Thursday 9 July 2026, 10:00 in São Paulo and Rio (UTC-3): SP's Revolução Constitucionalista.
	it('São Paulo: no contact, next opening Friday 08:00, the holiday named', () => {
		expect(check('2026-07-09T13:00:00Z', 'BR', 'SP')).toEqual(closed('2026-07-10T11:00:00.000Z', 'Revolução Constitucionalista'));
	});

	it('Rio de Janeiro: a working day', () => {
		expect(check('2026-07-09T13:00:00Z', 'BR', 'RJ')).toEqual(OPEN);
	});

	it('Rio on São Jorge (Thursday 23 April 2026), São Paulo open', () => {
		expect(check('2026-04-23T13:00:00Z', 'BR', 'RJ')).toEqual(closed('2026-04-24T11:00:00.000Z', 'Dia de São Jorge'));
		expect(check('2026-04-23T13:00:00Z', 'BR', 'SP')).toEqual(OPEN);
	});

	it('California on César Chávez Day (Tuesday 31 March 2026), Texas open', () => {
		// 10:00 PDT = 17:00Z; next opening Wednesday 08:00 PDT = 15:00Z. 10:00 CDT = 15:00Z.
		expect(check('2026-03-31T17:00:00Z', 'US', 'CA')).toEqual(closed('2026-04-01T15:00:00.000Z', 'César Chávez Day'));
		expect(check('2026-03-31T15:00:00Z', 'US', 'TX')).toEqual(OPEN);
	});
});

describe('Brazil', () => {
	it('São Paulo hours: Saturday 08:00-14:00, never Sunday, a Saturday holiday closes the whole day', () => {
		expect(check('2026-07-11T11:00:00Z', 'BR', 'SP')).toEqual(OPEN); // Saturday 08:00
		expect(check('2026-07-11T17:00:00Z', 'BR', 'SP')).toEqual(closed('2026-07-13T11:00:00.000Z')); // Saturday 14:00
		expect(check('2026-07-12T15:00:00Z', 'BR', 'SP')).toEqual(closed('2026-07-13T11:00:00.000Z')); // Sunday
		// Saturday 1 May 2027, Dia do Trabalhador: next opening Monday 3 May 08:00.
		expect(check('2027-05-01T13:00:00Z', 'BR', 'SP')).toEqual(closed('2027-05-03T11:00:00.000Z', 'Dia do trabalhador'));
	});

	it('nextAllowedAt jumps a long weekend: Friday 20 November 2026 (national) to Monday', () => {
		const sp = contactRulesFor(j('BR', 'SP'), {}, YEARS);
		expect(nextAllowedAt(at('2026-11-19T23:30:00Z'), 'America/Sao_Paulo', sp)).toBe('2026-11-21T11:00:00.000Z');
		// Saturday 21 November is open in the morning; after 14:00 the next opening is Monday 23.
		expect(nextAllowedAt(at('2026-11-21T18:00:00Z'), 'America/Sao_Paulo', sp)).toBe('2026-11-23T11:00:00.000Z');
		expect(nextAllowedAt(at('2026-11-23T12:00:00Z'), 'America/Sao_Paulo', sp)).toBe('2026-11-23T12:00:00.000Z');
	});

	it('Carnival is not a feriado: contact is allowed on Carnival Monday in SP, not on Carnival Tuesday in RJ', () => {
		expect(check('2026-02-16T13:00:00Z', 'BR', 'SP')).toEqual(OPEN);
		expect(check('2026-02-17T13:00:00Z', 'BR', 'RJ')).toEqual(closed('2026-02-18T11:00:00.000Z', 'Carnaval'));
	});

	it('Amazonas is contacted on Manaus time (UTC-4)', () => {
		expect(check('2026-07-10T11:30:00Z', 'BR', 'AM')).toEqual(closed('2026-07-10T12:00:00.000Z'));
		expect(check('2026-07-10T12:00:00Z', 'BR', 'AM')).toEqual(OPEN);
	});

	it('applies Alagoas’ rule, and the national default where a state rule is unconfirmed', () => {
		expect(contactRuleFor(j('BR', 'SP'))?.key).toBe('BR-SP');
		expect(contactRuleFor(j('BR', 'AL'))?.key).toBe('BR-AL');
		expect(contactRuleFor(j('BR', 'RJ'))?.key).toBe('BR');
		expect(contactRuleFor(j('BR', 'ES'))?.key).toBe('BR');
		expect(contactRuleFor(j('BR'))?.key).toBe('BR');
		expect(contactRulesFor(j('BR', 'RJ'), {}, YEARS).rules.windows).toEqual(PRESET_WINDOWS.brazil);
	});

	it('the user’s own dates stop contact too (a municipal holiday)', () => {
		// Thursday 19 March 2026 listed for São Paulo only.
		const policy = new JurisdictionContactPolicy(settings('BR-SP: 2026-03-19'));
		expect(checkJurisdictionContact(at('2026-03-19T13:00:00Z'), 'America/Sao_Paulo', policy.rulesFor(j('BR', 'SP')))).toEqual(
			closed('2026-03-20T11:00:00.000Z', 'your holiday list'),
		);
		expect(checkJurisdictionContact(at('2026-03-19T13:00:00Z'), 'America/Sao_Paulo', policy.rulesFor(j('BR', 'RJ')))).toEqual(OPEN);
	});
});

describe('Mexico: every day 07:00-22:00 in the debtor’s zone, not on rest days', () => {
	it('opens at 07:00 and closes at 22:00 in Mexico City (UTC-6, no DST since 2022)', () => {
		expect(check('2026-05-04T12:59:00Z', 'MX', 'CMX')).toEqual(closed('2026-05-04T13:00:00.000Z'));
		expect(check('2026-05-04T13:00:00Z', 'MX', 'CMX')).toEqual(OPEN);
		expect(check('2026-05-10T16:00:00Z', 'MX', 'CMX')).toEqual(OPEN); // a Sunday
		expect(check('2026-05-05T04:00:00Z', 'MX', 'CMX')).toEqual(closed('2026-05-05T13:00:00.000Z'));
	});

	it('the federal election Sunday 6 June 2027 in Cancún (UTC-5): next opening Monday 07:00', () => {
		expect(check('2027-06-06T17:00:00Z', 'MX', 'ROO')).toEqual(closed('2027-06-07T12:00:00.000Z', 'Jornada electoral federal'));
	});

	it('the Monday holiday, not the historical date: closed Monday 2 February 2026, open Thursday 5 February', () => {
		expect(check('2026-02-02T18:00:00Z', 'MX', 'JAL')).toEqual(closed('2026-02-03T13:00:00.000Z', 'Día de la Constitución'));
		expect(check('2026-02-05T18:00:00Z', 'MX', 'JAL')).toEqual(OPEN);
	});

	it('Christmas in Tijuana (PST, UTC-8): next opening 26 December 07:00', () => {
		expect(check('2026-12-25T18:00:00Z', 'MX', 'BCN')).toEqual(closed('2026-12-26T15:00:00.000Z', 'Navidad'));
	});

	it('Holy Thursday closes banks but is not a rest day: contact allowed', () => {
		expect(check('2026-04-02T18:00:00Z', 'MX', 'CMX')).toEqual(OPEN);
	});
});

describe('United States: every day 08:00-21:00 local', () => {
	it('21:00 sharp is closed in Los Angeles; 08:00 opens', () => {
		expect(check('2026-05-06T03:59:00Z', 'US', 'CA')).toEqual(OPEN); // Tuesday 20:59 PDT
		expect(check('2026-05-06T04:00:00Z', 'US', 'CA')).toEqual(closed('2026-05-06T15:00:00.000Z'));
	});

	it('the observed Friday 3 July 2026 is a contact holiday (federal employees off), the Saturday too', () => {
		expect(check('2026-07-03T15:00:00Z', 'US', 'NY')).toEqual(closed('2026-07-05T12:00:00.000Z', 'Independence Day (substitute day)'));
	});
});

describe('overrides per jurisdiction', () => {
	const rjHours = readContactWindowOverride({ days: 'mon,tue,wed,thu,fri', start: '09:00', end: '19:00' }) as ContactWindowOverride;

	it('reads hours as the custom contact hours are read', () => {
		expect(rjHours.windows?.[6]).toBeNull();
		expect(rjHours.windows?.[1]).toEqual({ start: 540, end: 1140 });
		expect(readContactWindowOverride({ start: '20:00', end: '08:00' })).toBeInstanceOf(InvalidSettingError);
	});

	it('one state (the reported RJ hours), then the country, then everywhere', () => {
		const overrides = { 'BR-RJ': rjHours };
		expect(check('2026-07-11T13:00:00Z', 'BR', 'RJ', overrides)).toEqual(closed('2026-07-13T12:00:00.000Z'));
		expect(check('2026-07-11T13:00:00Z', 'BR', 'SP', overrides)).toEqual(OPEN);
		const rules = contactRulesFor(j('BR', 'RJ'), overrides, YEARS);
		expect(rules.overridden).toBe(true);
		expect(rules.rules.name).toBe('custom');
		expect(rules.rule?.key).toBe('BR');
		expect(check('2026-07-11T13:00:00Z', 'BR', 'SP', { BR: rjHours })).toEqual(closed('2026-07-13T12:00:00.000Z'));
		expect(check('2026-07-11T13:00:00Z', 'MX', 'CMX', { '*': rjHours })).toEqual(closed('2026-07-13T15:00:00.000Z'));
	});

	it('holidays can be switched off per jurisdiction', () => {
		expect(check('2026-07-09T13:00:00Z', 'BR', 'SP', { 'BR-SP': { noContactOnHolidays: false } })).toEqual(OPEN);
		expect(contactRulesFor(j('BR', 'SP'), { 'BR-SP': { noContactOnHolidays: false } }, YEARS).calendar).toBeNull();
	});
});

describe('other countries', () => {
	it('get the custom default hours (Mon-Fri 08:00-20:00) and their holidays from date-holidays', () => {
		const by = contactRulesFor(j('DE', 'BY'), {}, YEARS);
		expect(by.rule).toBeNull();
		expect(by.rules.windows[0]).toBeNull();
		expect(by.rules.windows[1]).toEqual({ start: 480, end: 1200 });
		// Tuesday 6 January 2026, Heilige Drei Könige in Bavaria.
		expect(checkJurisdictionContact(at('2026-01-06T10:00:00Z'), 'Europe/Berlin', by)).toEqual(
			closed('2026-01-07T07:00:00.000Z', 'Heilige Drei Könige'),
		);
	});
});

describe('the policy of a run', () => {
	it('builds each jurisdiction’s rules once', () => {
		const policy = new JurisdictionContactPolicy(settings());
		expect(policy.rulesFor(j('BR', 'SP'))).toBe(policy.rulesFor(j('br', 'BR-SP')));
		expect(policy.rulesFor(j('BR', 'SP'))).not.toBe(policy.rulesFor(j('BR', 'RJ')));
	});
});

describe('the README table', () => {
	it('every rule has its law, source and text; unconfirmed rules are not applied', () => {
		for (const rule of CONTACT_WINDOW_RULES) {
			expect(rule.law).not.toBe('');
			expect(rule.source).not.toBe('');
			expect(rule.text.length).toBeGreaterThan(30);
			expect(rule.windows).toHaveLength(7);
			expect(rule.applied).toBe(rule.status !== 'unconfirmed');
		}
		expect(CONTACT_WINDOW_RULES.filter((r) => r.applied).map((r) => r.key)).toEqual(['BR', 'BR-SP', 'BR-AL', 'MX', 'US']);
	});
});
