/**
 * A debtor's jurisdiction: the country (ISO 3166-1 alpha-2) and, where the law differs by state,
 * the state (ISO 3166-2 subdivision code). Holidays, contact windows and required message
 * content are looked up by it.
 *
 * Accepted spellings, case-insensitive: `country` `BR` with `state` `SP` or `BR-SP`; `US` with
 * `CA` or `US-CA`; `MX` with `JAL` or `MX-JAL`. A prefixed state also names the country when the
 * country is empty. Brazil, the United States and Mexico have their states checked against the
 * tables below (Mexico's too, although date-holidays has no Mexican states: a typo would
 * otherwise pass silently and pick no rule); any other country is accepted as two letters, and its
 * state is checked against date-holidays when its calendar is built.
 *
 * Parsing runs once per item, so results are interned: the same spelling returns the same frozen
 * object, and the calendars and contact rules are cached by that object.
 */
import { InvalidFieldError, InvalidValueError } from '../errors';
import { resolveDebtorZone } from '../policy/contactRules';

export interface Jurisdiction {
	/** ISO 3166-1 alpha-2, uppercase: `BR`. */
	readonly country: string;
	/** ISO 3166-2 subdivision code without the country prefix, uppercase (`SP`, `CA`, `JAL`); null for the country as a whole. */
	readonly state: string | null;
	/** `BR-SP`, or `BR` when there is no state: the key of caches, overrides and the user's own dates. */
	readonly key: string;
}

export interface Subdivision {
	readonly name: string;
	/** The IANA zone most of the state's people live in: the debtor's zone when the item gives none. */
	readonly zone: string;
}

/** Brazil's 26 states and the Federal District (UF codes = ISO 3166-2:BR). Zones from the IANA tz database's zone.tab. */
export const BRAZIL_STATES: Readonly<Record<string, Subdivision>> = {
	AC: { name: 'Acre', zone: 'America/Rio_Branco' },
	AL: { name: 'Alagoas', zone: 'America/Maceio' },
	AM: { name: 'Amazonas', zone: 'America/Manaus' },
	AP: { name: 'Amapá', zone: 'America/Belem' },
	BA: { name: 'Bahia', zone: 'America/Bahia' },
	CE: { name: 'Ceará', zone: 'America/Fortaleza' },
	DF: { name: 'Distrito Federal', zone: 'America/Sao_Paulo' },
	ES: { name: 'Espírito Santo', zone: 'America/Sao_Paulo' },
	GO: { name: 'Goiás', zone: 'America/Sao_Paulo' },
	MA: { name: 'Maranhão', zone: 'America/Fortaleza' },
	MG: { name: 'Minas Gerais', zone: 'America/Sao_Paulo' },
	MS: { name: 'Mato Grosso do Sul', zone: 'America/Campo_Grande' },
	MT: { name: 'Mato Grosso', zone: 'America/Cuiaba' },
	// Eastern Pará (Belém) is the more populous part; western Pará (Santarém) shares the offset.
	PA: { name: 'Pará', zone: 'America/Belem' },
	PB: { name: 'Paraíba', zone: 'America/Fortaleza' },
	PE: { name: 'Pernambuco', zone: 'America/Recife' },
	PI: { name: 'Piauí', zone: 'America/Fortaleza' },
	PR: { name: 'Paraná', zone: 'America/Sao_Paulo' },
	RJ: { name: 'Rio de Janeiro', zone: 'America/Sao_Paulo' },
	RN: { name: 'Rio Grande do Norte', zone: 'America/Fortaleza' },
	RO: { name: 'Rondônia', zone: 'America/Porto_Velho' },
	RR: { name: 'Roraima', zone: 'America/Boa_Vista' },
	RS: { name: 'Rio Grande do Sul', zone: 'America/Sao_Paulo' },
	SC: { name: 'Santa Catarina', zone: 'America/Sao_Paulo' },
	SE: { name: 'Sergipe', zone: 'America/Maceio' },
	SP: { name: 'São Paulo', zone: 'America/Sao_Paulo' },
	TO: { name: 'Tocantins', zone: 'America/Araguaina' },
};

/**
 * The 50 states and the District of Columbia (USPS codes = ISO 3166-2:US). States split between
 * zones get the zone of most of their people (Indiana's Eastern part, Tennessee's Central part,
 * Kentucky's Eastern part, Texas' Central part…): give the item a `timezone` where it matters.
 */
export const US_STATES: Readonly<Record<string, Subdivision>> = {
	AK: { name: 'Alaska', zone: 'America/Anchorage' },
	AL: { name: 'Alabama', zone: 'America/Chicago' },
	AR: { name: 'Arkansas', zone: 'America/Chicago' },
	AZ: { name: 'Arizona', zone: 'America/Phoenix' },
	CA: { name: 'California', zone: 'America/Los_Angeles' },
	CO: { name: 'Colorado', zone: 'America/Denver' },
	CT: { name: 'Connecticut', zone: 'America/New_York' },
	DC: { name: 'District of Columbia', zone: 'America/New_York' },
	DE: { name: 'Delaware', zone: 'America/New_York' },
	FL: { name: 'Florida', zone: 'America/New_York' },
	GA: { name: 'Georgia', zone: 'America/New_York' },
	HI: { name: 'Hawaii', zone: 'Pacific/Honolulu' },
	IA: { name: 'Iowa', zone: 'America/Chicago' },
	ID: { name: 'Idaho', zone: 'America/Boise' },
	IL: { name: 'Illinois', zone: 'America/Chicago' },
	IN: { name: 'Indiana', zone: 'America/Indiana/Indianapolis' },
	KS: { name: 'Kansas', zone: 'America/Chicago' },
	KY: { name: 'Kentucky', zone: 'America/New_York' },
	LA: { name: 'Louisiana', zone: 'America/Chicago' },
	MA: { name: 'Massachusetts', zone: 'America/New_York' },
	MD: { name: 'Maryland', zone: 'America/New_York' },
	ME: { name: 'Maine', zone: 'America/New_York' },
	MI: { name: 'Michigan', zone: 'America/Detroit' },
	MN: { name: 'Minnesota', zone: 'America/Chicago' },
	MO: { name: 'Missouri', zone: 'America/Chicago' },
	MS: { name: 'Mississippi', zone: 'America/Chicago' },
	MT: { name: 'Montana', zone: 'America/Denver' },
	NC: { name: 'North Carolina', zone: 'America/New_York' },
	ND: { name: 'North Dakota', zone: 'America/Chicago' },
	NE: { name: 'Nebraska', zone: 'America/Chicago' },
	NH: { name: 'New Hampshire', zone: 'America/New_York' },
	NJ: { name: 'New Jersey', zone: 'America/New_York' },
	NM: { name: 'New Mexico', zone: 'America/Denver' },
	NV: { name: 'Nevada', zone: 'America/Los_Angeles' },
	NY: { name: 'New York', zone: 'America/New_York' },
	OH: { name: 'Ohio', zone: 'America/New_York' },
	OK: { name: 'Oklahoma', zone: 'America/Chicago' },
	OR: { name: 'Oregon', zone: 'America/Los_Angeles' },
	PA: { name: 'Pennsylvania', zone: 'America/New_York' },
	RI: { name: 'Rhode Island', zone: 'America/New_York' },
	SC: { name: 'South Carolina', zone: 'America/New_York' },
	SD: { name: 'South Dakota', zone: 'America/Chicago' },
	TN: { name: 'Tennessee', zone: 'America/Chicago' },
	TX: { name: 'Texas', zone: 'America/Chicago' },
	UT: { name: 'Utah', zone: 'America/Denver' },
	VA: { name: 'Virginia', zone: 'America/New_York' },
	VT: { name: 'Vermont', zone: 'America/New_York' },
	WA: { name: 'Washington', zone: 'America/Los_Angeles' },
	WI: { name: 'Wisconsin', zone: 'America/Chicago' },
	WV: { name: 'West Virginia', zone: 'America/New_York' },
	WY: { name: 'Wyoming', zone: 'America/Denver' },
};

/**
 * Mexico's 31 states and Mexico City, as ISO 3166-2:MX writes them (date-holidays has no Mexican
 * states; these are the codes it would use). Chihuahua's border strip (America/Ciudad_Juarez,
 * America/Ojinaga) and Nayarit's Bahía de Banderas (Central time) differ from the state's zone.
 */
export const MEXICO_STATES: Readonly<Record<string, Subdivision>> = {
	AGU: { name: 'Aguascalientes', zone: 'America/Mexico_City' },
	BCN: { name: 'Baja California', zone: 'America/Tijuana' },
	BCS: { name: 'Baja California Sur', zone: 'America/Mazatlan' },
	CAM: { name: 'Campeche', zone: 'America/Merida' },
	CHH: { name: 'Chihuahua', zone: 'America/Chihuahua' },
	CHP: { name: 'Chiapas', zone: 'America/Mexico_City' },
	CMX: { name: 'Ciudad de México', zone: 'America/Mexico_City' },
	COA: { name: 'Coahuila', zone: 'America/Monterrey' },
	COL: { name: 'Colima', zone: 'America/Mexico_City' },
	DUR: { name: 'Durango', zone: 'America/Monterrey' },
	GRO: { name: 'Guerrero', zone: 'America/Mexico_City' },
	GUA: { name: 'Guanajuato', zone: 'America/Mexico_City' },
	HID: { name: 'Hidalgo', zone: 'America/Mexico_City' },
	JAL: { name: 'Jalisco', zone: 'America/Mexico_City' },
	MEX: { name: 'Estado de México', zone: 'America/Mexico_City' },
	MIC: { name: 'Michoacán', zone: 'America/Mexico_City' },
	MOR: { name: 'Morelos', zone: 'America/Mexico_City' },
	NAY: { name: 'Nayarit', zone: 'America/Mazatlan' },
	NLE: { name: 'Nuevo León', zone: 'America/Monterrey' },
	OAX: { name: 'Oaxaca', zone: 'America/Mexico_City' },
	PUE: { name: 'Puebla', zone: 'America/Mexico_City' },
	QUE: { name: 'Querétaro', zone: 'America/Mexico_City' },
	ROO: { name: 'Quintana Roo', zone: 'America/Cancun' },
	SIN: { name: 'Sinaloa', zone: 'America/Mazatlan' },
	SLP: { name: 'San Luis Potosí', zone: 'America/Mexico_City' },
	SON: { name: 'Sonora', zone: 'America/Hermosillo' },
	TAB: { name: 'Tabasco', zone: 'America/Mexico_City' },
	TAM: { name: 'Tamaulipas', zone: 'America/Monterrey' },
	TLA: { name: 'Tlaxcala', zone: 'America/Mexico_City' },
	VER: { name: 'Veracruz', zone: 'America/Mexico_City' },
	YUC: { name: 'Yucatán', zone: 'America/Merida' },
	ZAC: { name: 'Zacatecas', zone: 'America/Mexico_City' },
};

/**
 * Spellings Mexican spreadsheets use instead of the ISO code. Only unambiguous ones: "BC" could
 * be either Baja California, so it stays an error that lists the codes.
 */
const MEXICO_ALIASES: Readonly<Record<string, string>> = { CDMX: 'CMX', DF: 'CMX', QROO: 'ROO', QR: 'ROO', NL: 'NLE', EDOMEX: 'MEX' };

export const STATE_TABLES: Readonly<Record<string, Readonly<Record<string, Subdivision>>>> = {
	BR: BRAZIL_STATES,
	US: US_STATES,
	MX: MEXICO_STATES,
};

const COUNTRY_WORDS: Readonly<Record<string, { name: string; example: string; what: string }>> = {
	BR: { name: 'Brazil', example: 'SP or BR-SP', what: 'a Brazilian state (UF) code' },
	US: { name: 'the United States', example: 'CA or US-CA', what: 'a US state code (USPS)' },
	MX: { name: 'Mexico', example: 'JAL or MX-JAL', what: 'a Mexican state code (ISO 3166-2:MX)' },
};

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function shown(value: string): string {
	return `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
}

const interned = new Map<string, Jurisdiction>();
/** Answers by raw country, then raw state (then fallback country): no key is built per item. */
const parsed = new Map<string, Map<string, Map<string, Jurisdiction | InvalidValueError>>>();
let parsedCount = 0;
const MAX_PARSED = 10_000;

/** The one shared object for a country and state (both already checked and uppercase). */
export function jurisdictionOf(country: string, state: string | null = null): Jurisdiction {
	const key = state ? `${country}-${state}` : country;
	let j = interned.get(key);
	if (!j) {
		j = Object.freeze({ country, state, key });
		interned.set(key, j);
	}
	return j;
}

/**
 * The jurisdiction of a debtor from the item's `country` and `state`. `fallbackCountry` (the node's
 * default country) is used when the item has neither a country nor a prefixed state.
 * Returns the error rather than throwing, for callers that add the field name.
 */
export function parseJurisdiction(country: unknown, state?: unknown, fallbackCountry = ''): Jurisdiction | InvalidValueError {
	const c = typeof country === 'string' ? country : text(country);
	const s = typeof state === 'string' ? state : text(state);
	// Items repeat the same few spellings: answer from the table (no allocation once seen).
	let byState = parsed.get(c);
	if (!byState) {
		byState = new Map();
		parsed.set(c, byState);
	}
	let byFallback = byState.get(s);
	if (!byFallback) {
		byFallback = new Map();
		byState.set(s, byFallback);
	}
	let result = byFallback.get(fallbackCountry);
	if (result === undefined) {
		result = readJurisdiction(c.trim(), s.trim(), fallbackCountry.trim());
		if (++parsedCount > MAX_PARSED) {
			parsed.clear();
			parsedCount = 0;
		}
		byFallback.set(fallbackCountry, result);
	}
	return result;
}

function readJurisdiction(rawCountry: string, rawState: string, fallbackCountry: string): Jurisdiction | InvalidValueError {
	let country = rawCountry.toUpperCase();
	let state = rawState.toUpperCase().replace(/_/g, '-');
	const prefixed = /^([A-Z]{2})-([A-Z0-9]{1,4})$/.exec(state);
	if (prefixed) {
		if (country === '') country = prefixed[1];
		else if (prefixed[1] !== country) {
			return new InvalidValueError(
				`the state ${shown(rawState)} belongs to ${prefixed[1]}, but the country is ${shown(rawCountry)}`,
				`Give the state of the debtor's country (for ${country}: ${COUNTRY_WORDS[country]?.example ?? `${country}-XX`}), or correct the country.`,
			);
		}
		state = prefixed[2];
	}
	if (country === '') country = fallbackCountry.toUpperCase();
	if (country === '') {
		return new InvalidValueError(
			'no country was given',
			'Give the debtor’s country as an ISO code such as BR, MX or US (or set a default country on the node).',
		);
	}
	if (!/^[A-Z]{2}$/.test(country)) {
		return new InvalidValueError(`${shown(rawCountry)} is not a country code`, 'Use a two-letter ISO 3166 code such as BR, MX or US.');
	}
	if (state === '') return jurisdictionOf(country);
	const table = STATE_TABLES[country];
	if (!table) {
		if (!/^[A-Z0-9]{1,4}$/.test(state)) {
			return new InvalidValueError(
				`${shown(rawState)} is not a state code`,
				`Use the ISO 3166-2 code of the state without spaces, e.g. ${country}-XX or XX.`,
			);
		}
		return jurisdictionOf(country, state);
	}
	if (country === 'MX' && MEXICO_ALIASES[state]) state = MEXICO_ALIASES[state];
	if (table[state]) return jurisdictionOf(country, state);
	const words = COUNTRY_WORDS[country];
	return new InvalidValueError(
		`${shown(rawState)} is not a state of ${words.name}`,
		`Use ${words.what} such as ${words.example}: ${Object.keys(table).join(', ')}.`,
	);
}

/**
 * The debtor's jurisdiction from an item's `country` and `state` values, or null for a row without
 * either (and no default country): no rule of any jurisdiction applies to it. A value that cannot be
 * read throws {@link InvalidFieldError} naming the column it came from (the state's when one was
 * given). Dunning Stage (business days) and Render Collection Message (required content) read rows
 * this way.
 */
export function jurisdictionOfRow(
	country: unknown,
	state: unknown,
	defaultCountry: string,
	fields: { country?: string; state?: string },
): Jurisdiction | null {
	if (blank(country) && blank(state) && defaultCountry === '') return null;
	const j = parseJurisdiction(blank(country) ? '' : country, blank(state) ? '' : state, defaultCountry);
	if (j instanceof InvalidValueError) {
		const onState = !blank(state);
		throw InvalidFieldError.from(onState ? (fields.state ?? 'state') : (fields.country ?? 'country'), onState ? state : country, j);
	}
	return j;
}

/** The state's name and main zone, when the country is one whose states we know. */
export function subdivisionOf(j: Jurisdiction): Subdivision | undefined {
	return j.state ? STATE_TABLES[j.country]?.[j.state] : undefined;
}

export interface JurisdictionZone {
	zone: string;
	/** Where the zone came from: the item's time zone, its state, its country, or the workflow setting. */
	source: 'item' | 'state' | 'country' | 'workflow';
}

/** One answer per state: the per-item path allocates nothing. */
const stateZones = new Map<Jurisdiction, JurisdictionZone | null>();

/**
 * The debtor's zone: the item's `timezone`, else its state's main zone, else its country's
 * (contactRules' COUNTRY_ZONES), else the workflow's. A Californian without a `timezone` is
 * contacted on Los Angeles time, not New York's.
 */
export function debtorZone(j: Jurisdiction | null, timezone: unknown, workflowZone: string): JurisdictionZone | InvalidValueError {
	if (j && j.state && text(timezone) === '') {
		let zone = stateZones.get(j);
		if (zone === undefined) {
			const sub = subdivisionOf(j);
			zone = sub ? Object.freeze({ zone: sub.zone, source: 'state' as const }) : null;
			stateZones.set(j, zone);
		}
		if (zone) return zone;
	}
	return resolveDebtorZone(timezone, j ? j.country : '', workflowZone);
}

/** Nothing there: undefined, null or only spaces (a module function: no closure made per call). */
function blank(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}
