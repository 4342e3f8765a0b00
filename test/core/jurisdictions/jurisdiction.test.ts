import { isValidTimeZone } from '../../../nodes/core/dates';
import { InvalidValueError } from '../../../nodes/core/errors';
import {
	BRAZIL_STATES,
	MEXICO_STATES,
	US_STATES,
	type Jurisdiction,
	debtorZone,
	parseJurisdiction,
} from '../../../nodes/core/jurisdictions/jurisdiction';

function ok(country: unknown, state?: unknown, fallback?: string): Jurisdiction {
	const j = parseJurisdiction(country, state, fallback);
	if (j instanceof InvalidValueError) throw new Error(`${j.problem} (${j.hint})`);
	return j;
}

function error(country: unknown, state?: unknown): InvalidValueError {
	const j = parseJurisdiction(country, state);
	if (!(j instanceof InvalidValueError)) throw new Error(`expected an error, got ${j.key}`);
	return j;
}

describe('parseJurisdiction', () => {
	it.each([
		['BR', 'SP', 'BR-SP'],
		['br', 'sp', 'BR-SP'],
		[' BR ', ' BR-SP ', 'BR-SP'],
		['BR', 'br-sp', 'BR-SP'],
		['', 'BR-SP', 'BR-SP'],
		['US', 'CA', 'US-CA'],
		['us', 'US-CA', 'US-CA'],
		['US', 'DC', 'US-DC'],
		['MX', 'JAL', 'MX-JAL'],
		['MX', 'MX-ROO', 'MX-ROO'],
		['BR', '', 'BR'],
		['BR', undefined, 'BR'],
		['MX', null, 'MX'],
		['DE', 'BY', 'DE-BY'],
		['DE', '', 'DE'],
	])('country %p, state %p → %s', (country, state, key) => {
		expect(ok(country, state).key).toBe(key);
	});

	it('accepts the common Mexican spellings and keeps the ISO code', () => {
		expect(ok('MX', 'QROO').key).toBe('MX-ROO');
		expect(ok('MX', 'CDMX').key).toBe('MX-CMX');
		expect(ok('MX', 'DF').key).toBe('MX-CMX');
		expect(ok('MX', 'NL').key).toBe('MX-NLE');
	});

	it('returns one shared object per jurisdiction, whatever the spelling', () => {
		expect(ok('BR', 'SP')).toBe(ok('br', 'BR-SP'));
		expect(ok('', 'BR-SP')).toBe(ok('BR', 'sp'));
		expect(Object.isFrozen(ok('BR', 'SP'))).toBe(true);
	});

	it('uses the fallback country when the item has none, but not over a prefixed state', () => {
		expect(ok('', 'SP', 'BR').key).toBe('BR-SP');
		expect(ok(undefined, '', 'MX').key).toBe('MX');
		expect(ok('', 'US-CA', 'BR').key).toBe('US-CA');
	});

	it('names the mismatch when the state belongs to another country', () => {
		const e = error('MX', 'BR-SP');
		expect(e.problem).toBe('the state "BR-SP" belongs to BR, but the country is "MX"');
		expect(e.hint).toContain('JAL or MX-JAL');
	});

	it('lists how to write the state when it is unknown', () => {
		const br = error('BR', 'XX');
		expect(br.problem).toBe('"XX" is not a state of Brazil');
		expect(br.hint).toContain('SP or BR-SP');
		expect(br.hint).toContain('AC, AL, AM, AP, BA');
		const us = error('US', 'ZZ');
		expect(us.problem).toBe('"ZZ" is not a state of the United States');
		expect(us.hint).toContain('CA or US-CA');
		const mx = error('MX', 'BC');
		expect(mx.problem).toBe('"BC" is not a state of Mexico');
		expect(mx.hint).toContain('BCN');
	});

	it('refuses a missing or malformed country', () => {
		expect(error('', '').problem).toBe('no country was given');
		expect(error('Brasil', 'SP').problem).toBe('"Brasil" is not a country code');
		expect(error('DE', 'Bayern!').problem).toBe('"Bayern!" is not a state code');
	});

	it('has the 27 Brazilian UFs, the 50 US states and DC, the 32 Mexican entities', () => {
		expect(Object.keys(BRAZIL_STATES)).toHaveLength(27);
		expect(Object.keys(US_STATES)).toHaveLength(51);
		expect(Object.keys(MEXICO_STATES)).toHaveLength(32);
		for (const table of [BRAZIL_STATES, US_STATES, MEXICO_STATES]) {
			for (const [code, sub] of Object.entries(table)) expect([code, isValidTimeZone(sub.zone)]).toEqual([code, true]);
		}
	});
});

describe('debtorZone', () => {
	it.each([
		['BR', 'AM', 'America/Manaus'],
		['BR', 'MT', 'America/Cuiaba'],
		['BR', 'AC', 'America/Rio_Branco'],
		['BR', 'PE', 'America/Recife'],
		['BR', 'SP', 'America/Sao_Paulo'],
		['US', 'CA', 'America/Los_Angeles'],
		['US', 'TX', 'America/Chicago'],
		['US', 'AZ', 'America/Phoenix'],
		['US', 'HI', 'Pacific/Honolulu'],
		['MX', 'BCN', 'America/Tijuana'],
		['MX', 'ROO', 'America/Cancun'],
		['MX', 'SON', 'America/Hermosillo'],
	])('%s-%s → %s', (country, state, zone) => {
		expect(debtorZone(ok(country, state), '', 'UTC')).toEqual({ zone, source: 'state' });
	});

	it('prefers the item’s own time zone, then the country’s, then the workflow’s', () => {
		expect(debtorZone(ok('US', 'CA'), 'America/New_York', 'UTC')).toEqual({ zone: 'America/New_York', source: 'item' });
		expect(debtorZone(ok('MX'), '', 'UTC')).toEqual({ zone: 'America/Mexico_City', source: 'country' });
		expect(debtorZone(ok('DE'), '', 'Europe/Berlin')).toEqual({ zone: 'Europe/Berlin', source: 'workflow' });
		expect(debtorZone(null, '', 'UTC')).toEqual({ zone: 'UTC', source: 'workflow' });
		expect(debtorZone(ok('US', 'CA'), 'Mars/Base', 'UTC')).toBeInstanceOf(InvalidValueError);
	});
});
