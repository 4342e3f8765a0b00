/**
 * Every built-in template carries what the law of each jurisdiction that reads it requires
 * (issue 18): all stages × channels × tones of a library locale, for the jurisdictions whose
 * debtors get that locale, rendered with complete creditor settings. A template that lacks a part
 * fails here, not in production.
 */
import { InvalidFieldError, InvalidValueError } from '../../nodes/core/errors';
import { type Jurisdiction, jurisdictionOfRow, parseJurisdiction } from '../../nodes/core/jurisdictions/jurisdiction';
import { checkRequiredSettings, missingContent } from '../../nodes/core/jurisdictions/requiredContent';
import { messageParts } from '../../nodes/core/templates/contentParts';
import { firstContactOf } from '../../nodes/core/templates/context';
import { type Message, MessageRenderer, type RenderRequest } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleNegotiation, sampleRequest } from '../../nodes/core/templates/samples';
import { CHANNELS, type Channel, LIBRARY_STAGES, type LibraryLocale, type LibraryStage, TONES, type Tone } from '../../nodes/core/templates/types';

function j(country: string, state = ''): Jurisdiction {
	const parsed = parseJurisdiction(country, state);
	if (parsed instanceof InvalidValueError) throw new Error(parsed.problem);
	return parsed;
}

const CREDITOR = {
	name: 'Provedor Net Ltda',
	shortName: 'Provedor Net',
	taxId: '12.345.678/0001-95',
	support: 'financeiro@provedor.net.br',
	address: 'Rua Augusta 100, São Paulo - SP, 01305-000',
	complaintsContact: 'UNE: Av. Paseo de la Reforma 100, CDMX; une@provedor.example; 55 5555 0100',
};

const renderer = new MessageRenderer({ ...SAMPLE_SETTINGS, creditor: CREDITOR });

/** The library locale, and the jurisdictions whose debtors read it. */
const READERS: Array<[LibraryLocale, Jurisdiction[]]> = [
	['pt-BR', [j('BR'), j('BR', 'SP'), j('BR', 'AL'), j('BR', 'RJ')]],
	['es-419', [j('MX'), j('MX', 'JAL')]],
	['en-US', [j('US'), j('US', 'CA')]],
];

/** A sample item of the stage, in the jurisdiction, as the first contact about the debt. */
function request(locale: LibraryLocale, stage: LibraryStage, channel: Channel, tone: Tone, jurisdiction: Jurisdiction): RenderRequest {
	const base = sampleRequest(locale, stage);
	const fields = { ...base.fields, country: jurisdiction.country, state: jurisdiction.state ?? undefined };
	return { ...base, channel, tone, fields, json: { ...base.json, country: jurisdiction.country }, jurisdiction, firstContact: true };
}

function render(r: RenderRequest): Message {
	const message = renderer.render(r);
	if (message instanceof Error) throw message;
	return message;
}

const cases: Array<[string, LibraryLocale, Jurisdiction, LibraryStage, Channel, Tone]> = [];
for (const [locale, jurisdictions] of READERS) {
	for (const jurisdiction of jurisdictions) {
		for (const stage of LIBRARY_STAGES) for (const channel of CHANNELS) for (const tone of TONES) cases.push([`${stage}.${channel}.${locale}.${tone} for ${jurisdiction.key}`, locale, jurisdiction, stage, channel, tone]);
	}
}

describe('built-in templates carry the required content of their jurisdictions', () => {
	it('the creditor settings of these tests are complete for every jurisdiction and channel', () => {
		const settings = { creditorName: CREDITOR.name, creditorTaxId: CREDITOR.taxId, creditorAddress: CREDITOR.address, complaintsContact: CREDITOR.complaintsContact, optOut: 'auto' };
		for (const [, jurisdictions] of READERS) for (const jurisdiction of jurisdictions) for (const channel of CHANNELS) expect(checkRequiredSettings(jurisdiction, channel, settings)).toEqual([]);
	});

	it.each(cases)('%s', (_name, locale, jurisdiction, stage, channel, tone) => {
		const message = render(request(locale, stage, channel, tone, jurisdiction));
		expect(message.channel).toBe(channel);
		expect(message.templateKey).toMatch(new RegExp(`\\.${channel}\\.${locale}\\.`));
		const parts = messageParts(message, renderer.contentFacts(message));
		// The confirmation of an opt-out and the answer to a wrong person carry no opt-out line: the debtor just
		// closed the channel (the one confirmation the TCPA allows), or the number is not the debtor's.
		const exempt = stage === 'reply_opt_out' || stage === 'reply_wrong_person' ? ['optOut'] : [];
		expect(missingContent(jurisdiction, channel, parts).filter((m) => !exempt.includes(m.part)).map((m) => m.message)).toEqual([]);
		if (exempt.length > 0) expect(parts.hasOptOut).toBe(false);
		// The contract is named wherever Mexico's first-contact details are due (the item has an invoice id).
		if (jurisdiction.country === 'MX' && parts.firstContact) expect(parts.hasContract).toBe(true);
	});
});

describe('what the check reads in a rendered message', () => {
	const sp = j('BR', 'SP');
	it('an itemised debt: the original amount and each addition must be in the text', () => {
		const r = request('pt-BR', 'negotiation_offer', 'sms', 'friendly', sp);
		const message = render(r);
		expect(messageParts(message, renderer.contentFacts(message)).hasItemisedAmount).toBe(true);
		// The same debt, only the total shown: São Paulo's rule is not met.
		const own = new MessageRenderer({
			...SAMPLE_SETTINGS,
			creditor: CREDITOR,
			templates: [{ position: 1, stage: '', channel: 'sms', locale: '', tone: '', text: '{{creditor.shortName}}: {{firstName}}, total {{money debt.total}}.{{> footer}}' }],
		});
		const short = own.render(r) as Message;
		expect(short.templateKey).toMatch(/^custom\.1\./);
		expect(missingContent(sp, 'sms', messageParts(short, own.contentFacts(short))).map((m) => m.part)).toEqual(['itemisedAmount']);
	});

	it('Mexico at first contact: the footer adds the entity, the contract, the amount with its date and the complaints unit', () => {
		const message = render(request('es-419', 'overdue_3d', 'sms', 'friendly', j('MX')));
		expect(message.text).toContain('Crédito otorgado por Provedor Net Ltda; contrato INV-2001; adeudo de $1,499.50 calculado al 23/11/2026; quejas: UNE:');
		const later = render({ ...request('es-419', 'overdue_3d', 'sms', 'friendly', j('MX')), firstContact: false });
		expect(later.text).not.toContain('quejas');
		// Not on a number confirmation, which must not disclose a debt.
		const confirmation = render(request('es-419', 'number_confirmation', 'whatsapp', 'formal', j('MX')));
		expect(confirmation.text).not.toMatch(/adeudo|quejas/);
		// WhatsApp: inside the sender parameter, so the approved text does not change.
		const whatsapp = render(request('es-419', 'overdue_3d', 'whatsapp', 'firm', j('MX')));
		expect(whatsapp.template?.parameters.at(-1)).toMatch(/^Provedor Net Ltda, CNPJ 12\.345\.678\/0001-95\. Crédito otorgado por Provedor Net Ltda; contrato INV-2001; adeudo de \$1,499\.50 calculado al 23\/11\/2026; quejas: UNE/);
	});

	it('Brazil: the address in the e-mail footer, text and HTML', () => {
		const message = render(request('pt-BR', 'overdue_3d', 'email', 'friendly', j('BR')));
		expect(message.text).toContain('Provedor Net Ltda, CNPJ 12.345.678/0001-95\nRua Augusta 100, São Paulo - SP, 01305-000');
		expect(message.html).toContain('Rua Augusta 100, São Paulo - SP, 01305-000');
	});

	it('a debt with additions, its calculation date in the negotiation e-mail', () => {
		const { debt } = sampleNegotiation('es-419', 46) as { debt: { asOf: string } };
		const message = render(request('es-419', 'negotiation_offer', 'email', 'formal', j('MX')));
		const facts = renderer.contentFacts(message);
		expect(facts.calculationDate).toBe(debt.asOf);
		expect(messageParts(message, facts)).toMatchObject({ hasItemisedAmount: true, hasCalculationDate: true, hasComplaintsContact: true, hasContract: true });
	});
});

describe('firstContactOf and jurisdictionOfRow', () => {
	it('the row says, else Dunning Stage, else the lastStageSent column; nothing known is not a first contact', () => {
		expect(firstContactOf(true, 'firstContact', undefined, {})).toBe(true);
		expect(firstContactOf('não', 'firstContact', { lastStageSent: null }, {})).toBe(false);
		expect(firstContactOf('Sí', 'firstContact', undefined, {})).toBe(true);
		expect(firstContactOf(undefined, 'firstContact', { lastStageSent: null }, {})).toBe(true);
		expect(firstContactOf('', 'firstContact', { lastStageSent: 'reminder_7d' }, {})).toBe(false);
		expect(firstContactOf(undefined, 'firstContact', undefined, { lastStageSent: '' })).toBe(true);
		expect(firstContactOf(undefined, 'firstContact', undefined, {})).toBe(false);
		expect(() => firstContactOf('maybe', 'primeiroContato', undefined, {})).toThrow(InvalidFieldError);
		expect(() => firstContactOf('maybe', 'primeiroContato', undefined, {})).toThrow("Field 'primeiroContato'");
	});

	it('reads country and state as Dunning Stage does, naming the column of a bad value', () => {
		expect(jurisdictionOfRow('', undefined, '', {})).toBeNull();
		expect(jurisdictionOfRow('br', 'sp', '', {})).toBe(j('BR', 'SP'));
		expect(jurisdictionOfRow('', 'MX-CDMX', '', {})).toBe(j('MX', 'CMX'));
		expect(jurisdictionOfRow(null, '', 'US', {})).toBe(j('US'));
		expect(() => jurisdictionOfRow('BR', 'ZZ', '', { state: 'uf' })).toThrow("Field 'uf'");
		expect(() => jurisdictionOfRow('Brasil', '', '', { country: 'pais' })).toThrow("Field 'pais'");
	});
});
