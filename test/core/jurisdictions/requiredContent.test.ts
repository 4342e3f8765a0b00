import { InvalidSettingError, InvalidValueError } from '../../../nodes/core/errors';
import { type Jurisdiction, parseJurisdiction } from '../../../nodes/core/jurisdictions/jurisdiction';
import {
	CONTENT_REQUIREMENTS,
	type JurisdictionCreditorSettings,
	type MessageChannel,
	type RenderedParts,
	RequiredSettingError,
	checkRequiredSettings,
	missingContent,
	requirementsFor,
} from '../../../nodes/core/jurisdictions/requiredContent';

function j(country: string, state = ''): Jurisdiction {
	const parsed = parseJurisdiction(country, state);
	if (parsed instanceof InvalidValueError) throw new Error(parsed.problem);
	return parsed;
}

const messages = (errors: Error[]) => errors.map((e) => e.message);

// A valid CNPJ (check digits 95 for 12.345.678/0001) and a complete creditor.
const FULL: JurisdictionCreditorSettings = {
	creditorName: 'Provedor Net Ltda',
	creditorTaxId: '12.345.678/0001-95',
	creditorAddress: 'Rua Augusta 100, São Paulo - SP',
	complaintsContact: 'UNE: Av. Reforma 1, CDMX; une@example.mx; 55 5555 5555',
	optOut: 'auto',
};

describe('checkRequiredSettings', () => {
	it('Brazil: creditor name and CPF/CNPJ on every channel, the address in e-mail (CDC art. 42-A)', () => {
		expect(messages(checkRequiredSettings(j('BR', 'SP'), 'sms', {}))).toEqual([
			'Creditor Name is required for debtors in Brazil (CDC art. 42-A)',
			'Creditor Tax ID is required for debtors in Brazil (CDC art. 42-A)',
		]);
		expect(messages(checkRequiredSettings(j('BR'), 'email', { creditorName: 'ACME' }))).toEqual([
			'Creditor Tax ID is required for debtors in Brazil (CDC art. 42-A)',
			'Creditor Address is required for debtors in Brazil (CDC art. 42-A)',
		]);
		expect(checkRequiredSettings(j('BR', 'RJ'), 'email', FULL)).toEqual([]);
	});

	it('each error names the setting, the field and the law, and says what to do', () => {
		const [error] = checkRequiredSettings(j('BR'), 'whatsapp', { creditorName: 'ACME' });
		expect(error).toBeInstanceOf(RequiredSettingError);
		expect(error).toBeInstanceOf(InvalidSettingError);
		expect(error.setting).toBe('Creditor Tax ID');
		expect(error.field).toBe('creditorTaxId');
		expect(error.law).toBe('CDC art. 42-A');
		expect(error.hint).toContain('CNPJ');
	});

	it('a tax id entered with wrong check digits is an error, with or without its label', () => {
		expect(messages(checkRequiredSettings(j('BR'), 'sms', { ...FULL, creditorTaxId: '12.345.678/0001-90' }))).toEqual([
			expect.stringMatching(/^Creditor Tax ID is not valid: /),
		]);
		expect(checkRequiredSettings(j('BR'), 'sms', { ...FULL, creditorTaxId: 'CNPJ: 12.345.678/0001-95' })).toEqual([]);
		expect(checkRequiredSettings(j('BR'), 'sms', { ...FULL, creditorTaxId: 'CPF 123.456.789-09' })).toEqual([]);
	});

	it('Mexico: the entity and the complaints unit (CONDUSEF first-contact information)', () => {
		expect(messages(checkRequiredSettings(j('MX', 'JAL'), 'sms', {}))).toEqual([
			'Creditor Name is required for debtors in Mexico (CONDUSEF Disposiciones de despachos de cobranza, DOF 07-10-2014)',
			'Complaints Contact is required for debtors in Mexico (CONDUSEF Disposiciones de despachos de cobranza, DOF 07-10-2014)',
		]);
		expect(checkRequiredSettings(j('MX'), 'email', { creditorName: 'Financiera SA', complaintsContact: 'une@example.mx' })).toEqual([]);
		// An RFC typed wrong is caught too.
		expect(messages(checkRequiredSettings(j('MX'), 'sms', { ...FULL, creditorTaxId: 'ABC991332XY1' }))).toEqual([
			expect.stringMatching(/^Creditor Tax ID is not valid/),
		]);
	});

	it('United States: the opt-out line cannot be switched off (Reg F 1006.6(e))', () => {
		for (const channel of ['sms', 'whatsapp', 'email'] as MessageChannel[]) {
			expect(messages(checkRequiredSettings(j('US', 'CA'), channel, { optOut: 'never' }))).toEqual([
				'Opt-Out Line cannot be Never for debtors in the United States (Reg F 12 CFR 1006.6(e))',
			]);
			expect(checkRequiredSettings(j('US'), channel, { optOut: 'auto' })).toEqual([]);
			expect(checkRequiredSettings(j('US'), channel, {})).toEqual([]);
		}
	});

	it('other countries require nothing', () => {
		expect(checkRequiredSettings(j('DE'), 'email', {})).toEqual([]);
	});
});

const NONE: RenderedParts = {
	hasCreditorName: false,
	hasTaxId: false,
	hasAddress: false,
	hasItemisedAmount: false,
	hasCalculationDate: false,
	hasOptOut: false,
	hasComplaintsContact: false,
	firstContact: false,
};
const ALL: RenderedParts = {
	...NONE,
	hasCreditorName: true,
	hasTaxId: true,
	hasAddress: true,
	hasItemisedAmount: true,
	hasCalculationDate: true,
	hasOptOut: true,
	hasComplaintsContact: true,
	hasContract: true,
};
const parts = (jurisdiction: Jurisdiction, channel: MessageChannel, rendered: RenderedParts) =>
	missingContent(jurisdiction, channel, rendered).map((m) => m.part);

describe('missingContent', () => {
	it('Brazil: name and CPF/CNPJ everywhere, the address in e-mail', () => {
		expect(parts(j('BR', 'RJ'), 'sms', NONE)).toEqual(['creditorName', 'taxId']);
		expect(parts(j('BR', 'RJ'), 'email', NONE)).toEqual(['creditorName', 'taxId', 'address']);
		expect(parts(j('BR', 'RJ'), 'email', ALL)).toEqual([]);
	});

	it('São Paulo adds the itemised amount on every channel', () => {
		expect(parts(j('BR', 'SP'), 'whatsapp', { ...NONE, hasCreditorName: true, hasTaxId: true })).toEqual(['itemisedAmount']);
		expect(missingContent(j('BR', 'SP'), 'sms', { ...NONE, hasCreditorName: true, hasTaxId: true })[0].message).toBe(
			'São Paulo requires the itemised amount (SP Lei 14.953/2013) in SMS messages.',
		);
		expect(parts(j('BR', 'RJ'), 'whatsapp', { ...NONE, hasCreditorName: true, hasTaxId: true })).toEqual([]);
		// Alagoas has the same rule (Lei 7.678/2015).
		expect(missingContent(j('BR', 'AL'), 'email', { ...ALL, hasItemisedAmount: false }).map((m) => m.message)).toEqual([
			'Alagoas requires the itemised amount (AL Lei 7.678/2015) in e-mail messages.',
		]);
	});

	it('Mexico: the first-contact parts at first contact only', () => {
		expect(parts(j('MX', 'CMX'), 'sms', { ...NONE, firstContact: true, hasContract: false })).toEqual([
			'creditorName',
			'contract',
			'calculationDate',
			'complaintsContact',
		]);
		expect(parts(j('MX', 'CMX'), 'sms', NONE)).toEqual([]);
		// A caller that cannot tell whether the contract is named leaves hasContract out.
		expect(
			parts(j('MX'), 'email', { ...NONE, firstContact: true, hasCreditorName: true, hasCalculationDate: true, hasComplaintsContact: true }),
		).toEqual([]);
		expect(missingContent(j('MX'), 'email', { ...NONE, firstContact: true })[0].message).toBe(
			'Mexico requires the creditor’s name (CONDUSEF Disposiciones de despachos de cobranza, DOF 07-10-2014) in e-mail messages at first contact.',
		);
	});

	it('United States: an opt-out line in every SMS, WhatsApp message and e-mail', () => {
		for (const channel of ['sms', 'whatsapp', 'email'] as MessageChannel[]) {
			expect(parts(j('US', 'TX'), channel, NONE)).toEqual(['optOut']);
			expect(parts(j('US', 'TX'), channel, { ...NONE, hasOptOut: true })).toEqual([]);
		}
		expect(missingContent(j('US'), 'sms', NONE)[0].message).toBe(
			'The United States requires an opt-out line (Reg F 12 CFR 1006.6(e)) in SMS messages.',
		);
	});

	it('the requirements table carries the law and source of every part', () => {
		for (const r of CONTENT_REQUIREMENTS) {
			expect(r.law).not.toBe('');
			expect(r.source).not.toBe('');
			expect(r.channels.length).toBeGreaterThan(0);
		}
		expect(requirementsFor(j('DE'), 'sms')).toEqual([]);
	});
});
