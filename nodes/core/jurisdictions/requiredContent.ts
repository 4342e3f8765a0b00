/**
 * What a collection message must contain, per debtor jurisdiction, as data with the law behind
 * each part; and two checks over it:
 * - {@link checkRequiredSettings}: before a run, which creditor settings are missing (a setting
 *   error naming the field and the law);
 * - {@link missingContent}: over a rendered message's parts, which required part it lacks (the
 *   template tests call it for every built-in template, so a template that cannot carry a part is a
 *   test failure, not a surprise in production).
 *
 * Not legal advice: docs/compliance/ shows this table with its sources.
 */
import { InvalidSettingError, InvalidValueError } from '../errors';
import { parseTaxId } from '../taxIds';
import type { Jurisdiction } from './jurisdiction';

export type MessageChannel = 'sms' | 'whatsapp' | 'email';
export const MESSAGE_CHANNELS: readonly MessageChannel[] = ['sms', 'whatsapp', 'email'];

/** A part of a message a law can require. */
export type ContentPart =
	| 'creditorName'
	| 'taxId'
	| 'address'
	| 'itemisedAmount'
	| 'contract'
	| 'calculationDate'
	| 'complaintsContact'
	| 'optOut';

/** Creditor settings the parts come from (the Render node's parameters). */
export interface JurisdictionCreditorSettings {
	creditorName?: string;
	creditorTaxId?: string;
	creditorAddress?: string;
	/** Mexico: the complaints unit's address, e-mail and phone. */
	complaintsContact?: string;
	/** The Opt-Out Line option: `auto`, `always` or `never`. */
	optOut?: string;
}

export interface CreditorSettingRef {
	/** The key in {@link JurisdictionCreditorSettings}. */
	readonly field: keyof JurisdictionCreditorSettings;
	/** The node parameter's display name. */
	readonly setting: string;
}

export interface ContentRequirement {
	/** `BR`, `BR-SP`, `MX`, `US`: applies to the country's debtors, or the state's only. */
	readonly key: string;
	readonly where: string;
	readonly part: ContentPart;
	readonly channels: readonly MessageChannel[];
	/** Only the first message to the debtor about the debt must carry it (Mexico). */
	readonly firstContactOnly: boolean;
	/** The creditor setting the part is made from; null when it comes from the item or the renderer. */
	readonly from: CreditorSettingRef | null;
	readonly law: string;
	readonly source: string;
	readonly description: string;
}

const NAME: CreditorSettingRef = { field: 'creditorName', setting: 'Creditor Name' };
const TAX_ID: CreditorSettingRef = { field: 'creditorTaxId', setting: 'Creditor Tax ID' };
const ADDRESS: CreditorSettingRef = { field: 'creditorAddress', setting: 'Creditor Address' };
const COMPLAINTS: CreditorSettingRef = { field: 'complaintsContact', setting: 'Complaints Contact' };
const OPT_OUT: CreditorSettingRef = { field: 'optOut', setting: 'Opt-Out Line' };

const CDC = 'CDC art. 42-A';
const CDC_SOURCE = 'Lei 8.078/1990 art. 42-A (incl. by Lei 12.039/2009)';
const CONDUSEF = 'CONDUSEF Disposiciones de despachos de cobranza, DOF 07-10-2014';
const CONDUSEF_SOURCE = 'DOF 07-10-2014, first-contact information, as CONDUSEF summarises it';
const REG_F = 'Reg F 12 CFR 1006.6(e)';
const REG_F_SOURCE = 'https://www.ecfr.gov/current/title-12/chapter-X/part-1006/section-1006.6';

export const CONTENT_REQUIREMENTS: readonly ContentRequirement[] = [
	{
		key: 'BR',
		where: 'Brazil',
		part: 'creditorName',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: false,
		from: NAME,
		law: CDC,
		source: CDC_SOURCE,
		description: 'The creditor’s name in every collection document.',
	},
	{
		key: 'BR',
		where: 'Brazil',
		part: 'taxId',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: false,
		from: TAX_ID,
		law: CDC,
		source: CDC_SOURCE,
		description: 'The creditor’s CPF or CNPJ in every collection document.',
	},
	{
		// Art. 42-A names the address too. An SMS or WhatsApp reminder carries name and CNPJ and
		// leaves the address to the e-mail and the bill: our reading, for counsel to confirm.
		key: 'BR',
		where: 'Brazil',
		part: 'address',
		channels: ['email'],
		firstContactOnly: false,
		from: ADDRESS,
		law: CDC,
		source: CDC_SOURCE,
		description: 'The creditor’s address in documents (e-mail); short messages carry name and CPF/CNPJ.',
	},
	{
		key: 'BR-SP',
		where: 'São Paulo',
		part: 'itemisedAmount',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: false,
		from: null,
		law: 'SP Lei 14.953/2013',
		source: 'Lei nº 14.953, de 2013 (São Paulo)',
		description:
			'The original amount and each addition by name (juros, multa, taxas, custas, honorários) that add up to the ' +
			'total, in every collection, printed, electronic or by voice.',
	},
	{
		// The same rule as São Paulo's, in Alagoas (the law's words as the press quoted them on its
		// publication: "destacando-se o valor originário, bem como o de cada item adicional").
		key: 'BR-AL',
		where: 'Alagoas',
		part: 'itemisedAmount',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: false,
		from: null,
		law: 'AL Lei 7.678/2015',
		source: 'Lei nº 7.678 (Alagoas, DOE-AL 19-01-2015), as quoted by jaenoticia.com.br on 19-01-2015',
		description:
			'The original amount and each addition by name (juros, multas, taxas, custas, honorários) that add up to the total, in ' +
			'printed, electronic or voice collections.',
	},
	{
		key: 'MX',
		where: 'Mexico',
		part: 'creditorName',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: true,
		from: NAME,
		law: CONDUSEF,
		source: CONDUSEF_SOURCE,
		description: 'The financial entity that granted the credit.',
	},
	{
		key: 'MX',
		where: 'Mexico',
		part: 'contract',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: true,
		from: null,
		law: CONDUSEF,
		source: CONDUSEF_SOURCE,
		description: 'The contract or operation the debt comes from.',
	},
	{
		key: 'MX',
		where: 'Mexico',
		part: 'calculationDate',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: true,
		from: null,
		law: CONDUSEF,
		source: CONDUSEF_SOURCE,
		description: 'The amount owed and the date it was calculated.',
	},
	{
		key: 'MX',
		where: 'Mexico',
		part: 'complaintsContact',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: true,
		from: COMPLAINTS,
		law: CONDUSEF,
		source: CONDUSEF_SOURCE,
		description: 'The address, e-mail and phone of the entity’s unit that receives complaints about collection practices.',
	},
	{
		// 1006.6(e) covers every electronic medium: WhatsApp too, although the brief names SMS and e-mail.
		key: 'US',
		where: 'the United States',
		part: 'optOut',
		channels: MESSAGE_CHANNELS,
		firstContactOnly: false,
		from: OPT_OUT,
		law: REG_F,
		source: REG_F_SOURCE,
		description:
			'A clear and conspicuous, reasonable and simple way to opt out of further electronic messages to that ' +
			'address or number, in every e-mail and text.',
	},
];

/** The requirements for a debtor's jurisdiction and channel (the country's, plus the state's own). */
export function requirementsFor(j: Jurisdiction, channel: MessageChannel): ContentRequirement[] {
	return CONTENT_REQUIREMENTS.filter((r) => (r.key === j.country || (j.state !== null && r.key === j.key)) && r.channels.includes(channel));
}

// ---------------------------------------------------------------------------------------------
// Creditor settings

/** A missing or unusable creditor setting, naming the setting, the field and the law. */
export class RequiredSettingError extends InvalidSettingError {
	constructor(
		setting: string,
		readonly field: keyof JurisdictionCreditorSettings,
		readonly law: string,
		problem: string,
		hint: string,
	) {
		super(setting, problem, hint);
		this.name = 'RequiredSettingError';
		this.message = `${setting} ${problem}`;
	}
}

const HINTS: Record<keyof JurisdictionCreditorSettings, string> = {
	creditorName: 'Fill in Creditor Name with the creditor’s legal name.',
	creditorTaxId: 'Fill in Creditor Tax ID with the creditor’s CNPJ (or CPF), e.g. 12.345.678/0001-95.',
	creditorAddress: 'Fill in Creditor Address with the creditor’s street address, city and state.',
	complaintsContact:
		'Fill in Complaints Contact with the address, e-mail and phone of the unit that handles complaints (Unidad ' +
		'Especializada de Atención a Usuarios).',
	optOut: 'Set Opt-Out Line to Auto or Always.',
};

function filled(value: unknown): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

/** A tax id as entered, without a leading label: "CNPJ: 12.345.678/0001-95" → "12.345.678/0001-95". */
export function bareTaxId(value: string): string {
	return value.trim().replace(/^(?:CNPJ|CPF|RFC|EIN)\s*[:\-–]?\s*/i, '');
}

/**
 * The creditor settings a message to this jurisdiction on this channel needs and does not have,
 * plus a tax id that is entered but invalid (CPF/CNPJ check digits, RFC and EIN formats). Mexico's
 * first-contact parts are required whenever Mexican debtors may be contacted: a run can hold first
 * contacts. An empty list means all is there.
 */
export function checkRequiredSettings(
	j: Jurisdiction,
	channel: MessageChannel,
	settings: JurisdictionCreditorSettings,
): RequiredSettingError[] {
	const errors: RequiredSettingError[] = [];
	const seen = new Set<string>();
	for (const r of requirementsFor(j, channel)) {
		if (!r.from || seen.has(r.from.field)) continue;
		seen.add(r.from.field);
		const value = settings[r.from.field];
		if (r.from.field === 'optOut') {
			if (typeof value === 'string' && value.trim().toLowerCase() === 'never') {
				errors.push(
					new RequiredSettingError(r.from.setting, 'optOut', r.law, `cannot be Never for debtors in ${r.where} (${r.law})`, HINTS.optOut),
				);
			}
			continue;
		}
		if (!filled(value)) {
			errors.push(
				new RequiredSettingError(
					r.from.setting,
					r.from.field,
					r.law,
					`is required for debtors in ${r.where} (${r.law})`,
					HINTS[r.from.field],
				),
			);
		}
	}
	// A tax id typed wrong is worse than none: it looks compliant. Checked wherever it is entered.
	if (filled(settings.creditorTaxId)) {
		try {
			parseTaxId(bareTaxId(settings.creditorTaxId as string), j.country === 'BR' ? 'BR' : undefined);
		} catch (error) {
			const problem = error instanceof InvalidValueError ? error.problem : String(error);
			const hint = error instanceof InvalidValueError ? error.hint : HINTS.creditorTaxId;
			errors.push(
				new RequiredSettingError(TAX_ID.setting, 'creditorTaxId', j.country === 'BR' ? CDC : 'tax id', `is not valid: ${problem}`, hint),
			);
		}
	}
	return errors;
}

// ---------------------------------------------------------------------------------------------
// Rendered messages

/** What a rendered message contains, as the template tests detect it. */
export interface RenderedParts {
	hasCreditorName: boolean;
	hasTaxId: boolean;
	hasAddress: boolean;
	hasItemisedAmount: boolean;
	hasCalculationDate: boolean;
	hasOptOut: boolean;
	hasComplaintsContact: boolean;
	/** The message is the first to the debtor about this debt (Mexico's first-contact parts). */
	firstContact: boolean;
	/** The contract or operation is named; not checked when undefined (a caller that cannot tell). */
	hasContract?: boolean;
}

export interface MissingPart {
	readonly part: ContentPart;
	readonly requirement: ContentRequirement;
	/** "São Paulo requires the itemised amount (SP Lei 14.953/2013) in sms messages." */
	readonly message: string;
}

const PART_FLAG: Record<ContentPart, keyof RenderedParts> = {
	creditorName: 'hasCreditorName',
	taxId: 'hasTaxId',
	address: 'hasAddress',
	itemisedAmount: 'hasItemisedAmount',
	contract: 'hasContract',
	calculationDate: 'hasCalculationDate',
	complaintsContact: 'hasComplaintsContact',
	optOut: 'hasOptOut',
};

const PART_WORDS: Record<ContentPart, string> = {
	creditorName: 'the creditor’s name',
	taxId: 'the creditor’s CPF/CNPJ',
	address: 'the creditor’s address',
	itemisedAmount: 'the itemised amount',
	contract: 'the contract',
	calculationDate: 'the amount’s calculation date',
	complaintsContact: 'the complaints unit’s contact',
	optOut: 'an opt-out line',
};

/** The parts a rendered message for this jurisdiction and channel must have and lacks. Pure: no settings, no I/O. */
export function missingContent(j: Jurisdiction, channel: MessageChannel, parts: RenderedParts): MissingPart[] {
	const missing: MissingPart[] = [];
	for (const r of requirementsFor(j, channel)) {
		if (r.firstContactOnly && !parts.firstContact) continue;
		const has = parts[PART_FLAG[r.part]];
		if (has === undefined || has === true) continue;
		missing.push({
			part: r.part,
			requirement: r,
			message: `${r.where[0].toUpperCase()}${r.where.slice(1)} requires ${PART_WORDS[r.part]} (${r.law}) in ${channel === 'email' ? 'e-mail' : channel === 'sms' ? 'SMS' : 'WhatsApp'} messages${r.firstContactOnly ? ' at first contact' : ''}.`,
		});
	}
	return missing;
}

/** Several setting errors as one, for an item that needs them all (each named with its law). */
export function combineSettingErrors(errors: RequiredSettingError[]): RequiredSettingError {
	if (errors.length === 1) return errors[0];
	const [first] = errors;
	const combined = new RequiredSettingError(first.setting, first.field, first.law, first.problem, [...new Set(errors.map((e) => e.hint))].join(' '));
	combined.message = errors.map((e) => e.message).join('; ');
	return combined;
}
