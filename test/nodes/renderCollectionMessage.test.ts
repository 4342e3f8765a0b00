import { NodeOperationError } from 'n8n-workflow';

import { RenderCollectionMessage } from '../../nodes/RenderCollectionMessage/RenderCollectionMessage.node';
import { mockContext } from './mock-context';

const node = new RenderCollectionMessage();
const CREDITOR = { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', 'options.shortName': 'Provedor Net' };

function row(id: string, extra: Record<string, unknown> = {}) {
	return {
		invoiceId: id,
		customerName: 'Maria da Silva',
		amount: '1.234,56',
		currency: 'BRL',
		locale: 'pt-BR',
		paymentLink: `https://pay.example.com/i/${id}`,
		dunning: { stage: 'overdue_3d', phase: 'dunning', daysOverdue: 3, dueDate: '2026-11-20', isNew: true, reason: '3 days overdue' },
		...extra,
	};
}

function run(options: Parameters<typeof mockContext>[0]) {
	const { ctx, calls } = mockContext(options);
	return { result: node.execute.call(ctx), calls };
}

describe('Render Collection Message node: description', () => {
	it('follows the community node conventions', () => {
		const d = node.description;
		expect(d.name).toBe('renderCollectionMessage');
		expect(d.displayName).toBe('Render Collection Message');
		expect(d.usableAsTool).toBe(true);
		expect(d.subtitle).toContain('$parameter');
		expect(d.icon).toEqual({ light: 'file:renderCollectionMessage.svg', dark: 'file:renderCollectionMessage.dark.svg' });
		for (const p of d.properties) expect(p).toHaveProperty('default');
		expect(d.properties.find((p) => p.name === 'creditorName')?.required).toBe(true);
	});
});

describe('Render Collection Message node: execute', () => {
	it('adds message to every item with pairedItem, keeping every other field', async () => {
		const [out] = await run({
			items: [row('INV-1', { extra: { keep: true } }), row('INV-2', { locale: 'en-US', currency: 'USD', country: 'US' })],
			params: CREDITOR,
		}).result;
		expect(out).toHaveLength(2);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[0].json).toMatchObject({ invoiceId: 'INV-1', extra: { keep: true }, dunning: { stage: 'overdue_3d' } });
		expect(out[0].json.message).toMatchObject({
			channel: 'sms',
			locale: 'pt-BR',
			stage: 'overdue_3d',
			tone: 'friendly',
			templateKey: 'overdue_3d.sms.pt-BR.friendly',
			encoding: 'GSM-7',
			segments: 2,
			original: { encoding: 'UCS-2' },
		});
		expect((out[0].json.message as { text: string }).text).toMatch(/^Provedor Net: Ola, Maria! Nao identificamos o pagamento da fatura de R\$ 1\.234,56, vencida em 20\/11\/2026\./);
		expect((out[1].json.message as { text: string }).text).toMatch(/^Provedor Net: Hi Maria, we have not received your \$1,234\.56 payment, due 11\/20\/2026\..*Reply STOP to opt out\.$/);
	});

	it('Message Field puts the message in another field, keeping the one already there (an SMS version beside the message)', async () => {
		const [sms] = await run({ items: [row('INV-1')], params: { ...CREDITOR, channel: 'sms', 'options.messageField': 'smsMessage' } }).result;
		expect(sms[0].json).not.toHaveProperty('message');
		expect(sms[0].json.smsMessage).toMatchObject({ channel: 'sms', templateKey: 'overdue_3d.sms.pt-BR.friendly' });
		expect(sms[0].pairedItem).toEqual({ item: 0 });
		const [both] = await run({ items: [sms[0].json], params: { ...CREDITOR, channel: 'whatsapp' } }).result;
		expect(both[0].json.message).toMatchObject({ channel: 'whatsapp' });
		expect(both[0].json.smsMessage).toEqual(sms[0].json.smsMessage);
	});

	it.each(['', '  ', '__proto__', 'constructor'])('Message Field %j is a setting error that names the setting', async (name) => {
		await expect(run({ items: [row('INV-1')], params: { ...CREDITOR, 'options.messageField': name } }).result).rejects.toThrow(/Message Field/);
	});

	it('follows the segment: first channel and tone', async () => {
		const [out] = await run({
			items: [row('INV-1', { segment: { tone: 'firm', channels: ['whatsapp', 'sms'] } }), row('INV-2', { segment: { tone: 'formal', channels: ['email'] } })],
			params: CREDITOR,
		}).result;
		expect(out[0].json.message).toMatchObject({ channel: 'whatsapp', templateKey: 'overdue_3d.whatsapp.pt-BR.firm', template: { name: 'dunning_overdue_3d_firm', language: 'pt_BR' } });
		expect(out[1].json.message).toMatchObject({ channel: 'email', templateKey: 'overdue_3d.email.pt-BR.formal' });
		expect((out[1].json.message as { subject: string }).subject).toBe('Não identificamos o pagamento da sua fatura de R$ 1.234,56');
	});

	it('works without Dunning Stage: the stage from a field or the Stage parameter, days from the due date', async () => {
		const items = [
			{ invoiceId: 'A', nome: 'Ana Souza', valor: 250, vencimento: '17/11/2026', etapa: 'overdue_6d', moeda: 'BRL' },
			{ invoiceId: 'B', nome: 'Rui', valor: 99, vencimento: '2026-11-20', etapa: '', moeda: 'BRL' },
		];
		const params = {
			...CREDITOR,
			tone: 'firm',
			'options.referenceDate': '2026-11-23',
			'fieldNames.customerName': 'nome',
			'fieldNames.amount': 'valor',
			'fieldNames.dueDate': 'vencimento',
			'fieldNames.stage': 'etapa',
			'fieldNames.currency': 'moeda',
		};
		const [out] = await run({ items, params }).result;
		expect((out[0].json.message as { text: string }).text).toContain('Ana, a fatura de R$ 250,00 esta em atraso ha 6 dias');
		expect(out[1].json.message).toMatchObject({ skipped: true, channel: null });
		const [fixed] = await run({ items, params: { ...params, stage: 'number_confirmation', channel: 'whatsapp' } }).result;
		expect(fixed[1].json.message).toMatchObject({ stage: 'number_confirmation', template: { name: 'dunning_number_confirmation_firm', parameters: ['Rui', 'Provedor Net Ltda, CNPJ 12.345.678/0001-95'] } });
	});

	it('takes the template from an item field when asked', async () => {
		const [out] = await run({
			items: [row('INV-1', { modelo: '{{creditor.shortName}}: {{firstName}}, {{money}} em aberto. {{howToPay}}' })],
			params: { ...CREDITOR, templateSource: 'field', templateField: 'modelo', 'options.transliterate': false },
		}).result;
		expect(out[0].json.message).toMatchObject({
			text: 'Provedor Net: Maria, R$ 1.234,56 em aberto. Pagamento: https://pay.example.com/i/INV-1',
			templateKey: 'field.modelo',
			encoding: 'GSM-7',
			segments: 1,
		});
	});

	it('uses your templates from the canvas', async () => {
		const [out] = await run({
			items: [row('INV-1'), row('INV-2', { dunning: { stage: 'overdue_6d', daysOverdue: 6, dueDate: '2026-11-17' } })],
			params: { ...CREDITOR, 'templates.template': [{ stage: 'overdue_3d', channel: 'sms', text: 'Oi {{firstName}}! {{money}} em aberto.{{> footer}}' }] },
		}).result;
		expect(out[0].json.message).toMatchObject({ text: 'Oi Maria! R$ 1.234,56 em aberto. CNPJ 12.345.678/0001-95.', templateKey: 'custom.1.overdue_3d.sms.*.*' });
		expect(out[1].json.message).toMatchObject({ templateKey: 'overdue_6d.sms.pt-BR.friendly' });
	});

	it('names the item, the field and the value, and stops without "continue on fail"', async () => {
		const items = [row('INV-1'), row('INV-2', { amount: 'doze reais' })];
		await expect(run({ items, params: CREDITOR }).result).rejects.toThrow(NodeOperationError);
		await expect(run({ items, params: CREDITOR }).result).rejects.toThrow('Item 2 (invoice INV-2): Field \'amount\' has the value "doze reais": "doze reais" is not an amount');
	});

	it('keeps every item with "continue on fail": the failed row with its error', async () => {
		const items = [row('INV-1'), row('INV-2', { amount: 'doze reais' }), row('INV-3', { dunning: { stage: 'overdue_45d' } })];
		const [out] = await run({ items, params: CREDITOR, continueOnFail: true, onError: 'continueRegularOutput' }).result;
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.message).toBeDefined();
		expect(out[1].json).toMatchObject({ invoiceId: 'INV-2', error: expect.stringContaining('Item 2 (invoice INV-2)'), details: { field: 'amount' } });
		expect(out[2].json.error).toBe('Item 3 (invoice INV-3): there is no template for stage "overdue_45d" (SMS, pt-BR, friendly)');
		const [errorOutput] = await run({ items, params: CREDITOR, continueOnFail: true, onError: 'continueErrorOutput' }).result;
		expect(Object.keys(errorOutput[1].json).sort()).toEqual(['details', 'error']);
	});

	it('reports a setting error for the whole node', async () => {
		await expect(run({ items: [row('INV-1')], params: {} }).result).rejects.toThrow('Creditor Name: is empty');
		await expect(run({ items: [row('INV-1')], params: { ...CREDITOR, 'options.defaultCurrency': 'reais' } }).result).rejects.toThrow(
			'Default Currency option: "reais" is not a currency code',
		);
		await expect(
			run({ items: [row('INV-1')], params: { ...CREDITOR, 'templates.template': [{ stage: 'overdue_3d', channel: 'sms', text: '' }] } }).result,
		).rejects.toThrow('Your Templates #1: has no text');
	});

	it('reads constant parameters once per execution, expression parameters per item', async () => {
		const items = Array.from({ length: 40 }, (_, i) => row(`INV-${i}`));
		const { result, calls } = run({ items, params: { ...CREDITOR, channel: (i: number) => (i % 2 ? 'sms' : 'email') } });
		const [out] = await result;
		expect(out.map((i) => (i.json.message as { channel: string }).channel).slice(0, 4)).toEqual(['email', 'sms', 'email', 'sms']);
		expect(calls.filter((c) => c.name === 'channel')).toHaveLength(40);
		expect(calls.filter((c) => c.name === 'fieldNames.amount')).toHaveLength(1);
		expect(calls.filter((c) => c.name === 'stage')).toHaveLength(1);
	});

	it('returns an empty output for no items', async () => {
		expect(await run({ items: [], params: {} }).result).toEqual([[]]);
	});
});

describe('Render Collection Message node: Negotiation Offer, WhatsApp buttons and document header', () => {
	const negotiation = {
		debt: {
			currency: 'BRL',
			original: 1000,
			lateFee: 20,
			interest: 15.33,
			charges: [],
			total: 1035.33,
			asOf: '2026-11-30',
			dueDate: '2026-10-15',
			daysOverdue: 46,
			payment: { paymentLink: 'https://pay.example.com/i/inv-1?ref=INV-1' },
		},
		offer: {
			id: 'INV-1-20261130',
			currency: 'BRL',
			validUntil: '2026-12-09',
			options: [
				{ id: '3x', choice: 1, type: 'instalments', count: 3, amount: 345.11, last: 345.11, total: 1035.33, firstDue: '2026-12-07', dueDates: [] },
				{ id: 'settlement', choice: 2, type: 'settlement', discountPct: 10, amount: 931.8, until: '2026-12-09' },
			],
		},
	};
	const negotiating = (extra: Record<string, unknown> = {}) =>
		row('INV-1', { ...negotiation, dunning: { stage: 'negotiation_30d', phase: 'negotiation', daysOverdue: 46, dueDate: '2026-10-15', isNew: true }, ...extra });

	it('writes the offer with the numbers, with the buttons and, from a mapped PDF column, the _doc template', async () => {
		const [out] = await run({
			items: [negotiating({ linkBoleto: 'https://pay.example.com/b/inv-1.pdf' })],
			params: { ...CREDITOR, channel: 'whatsapp', tone: 'firm', 'fieldNames.boletoPdfUrl': 'linkBoleto' },
		}).result;
		const message = out[0].json.message as { text: string; stage: string; template: Record<string, unknown> };
		expect(message.stage).toBe('negotiation_30d');
		expect(message.text).toContain('3× de R$ 345,11 (total R$ 1.035,33), 1ª em 07/12, ou R$ 931,80 à vista até 09/12');
		expect(message.text).toContain('Pague pelo link: https://pay.example.com/i/inv-1?ref=INV-1');
		expect(message.template).toMatchObject({
			name: 'dunning_negotiation_offer_firm_doc',
			header: { type: 'document', link: 'https://pay.example.com/b/inv-1.pdf', filename: 'boleto-INV-1.pdf' },
			buttons: [{ intent: 'already_paid' }, { intent: 'negotiate' }, { intent: 'opt_out' }],
		});
	});

	it('WhatsApp Buttons and WhatsApp Document Header off', async () => {
		const [out] = await run({
			items: [negotiating({ boletoPdfUrl: 'https://pay.example.com/b/inv-1.pdf' })],
			params: { ...CREDITOR, channel: 'whatsapp', tone: 'firm', 'options.whatsappButtons': false, 'options.whatsappDocument': false },
		}).result;
		const template = (out[0].json.message as { template: Record<string, unknown> }).template;
		expect(template.name).toBe('dunning_negotiation_offer_firm');
		expect(template).not.toHaveProperty('header');
		expect(template).not.toHaveProperty('buttons');
	});

	it('a PDF link that is not https fails the item, naming the field', async () => {
		const result = run({ items: [negotiating({ boletoPdfUrl: 'http://pay.example.com/b.pdf' })], params: { ...CREDITOR, channel: 'whatsapp' } }).result;
		await expect(result).rejects.toThrow(`Item 1 (invoice INV-1): Field 'boletoPdfUrl' has the value "http://pay.example.com/b.pdf": is not an https address`);
	});
});

describe('Render Collection Message node: required content per jurisdiction', () => {
	const FULL = {
		...CREDITOR,
		creditorAddress: 'Rua Augusta 100, São Paulo - SP, 01305-000',
		complaintsContact: 'UNE: Av. Paseo de la Reforma 100, CDMX; une@provedor.example; 55 5555 0100',
	};
	const US_SMS = (text: string) => ({ 'templates.template': [{ stage: 'overdue_3d', channel: 'sms', locale: 'en-US', text }] });
	const us = (id: string) => row(id, { locale: 'en-US', currency: 'USD', country: 'US', state: 'TX' });
	const errorOf = (json: Record<string, unknown>) => json.error as string;

	it('a Brazilian row without the creditor CPF/CNPJ: an error naming the setting and the law', async () => {
		const params = { ...FULL, creditorTaxId: '' };
		await expect(run({ items: [row('BR-1', { country: 'BR', state: 'SP' })], params }).result).rejects.toThrow(
			'Item 1 (invoice BR-1): Creditor Tax ID is required for debtors in Brazil (CDC art. 42-A)',
		);
		const [out] = await run({ items: [row('BR-1', { country: 'BR' }), row('DE-1', { country: 'DE' })], params, continueOnFail: true, onError: 'continueRegularOutput' }).result;
		expect(errorOf(out[0].json)).toContain('Creditor Tax ID is required for debtors in Brazil (CDC art. 42-A)');
		expect((out[0].json.details as { hint: string }).hint).toContain('CNPJ');
		// A row of another country has no such requirement.
		expect(out[1].json.error).toBeUndefined();
		expect(out[1].json.message).toMatchObject({ channel: 'sms', templateKey: 'overdue_3d.sms.pt-BR.friendly' });
	});

	it('a CNPJ with a wrong check digit: an error for Brazilian rows', async () => {
		const [out] = await run({
			items: [row('BR-2', { country: 'BR' })],
			params: { ...FULL, creditorTaxId: '12.345.678/0001-90' },
			continueOnFail: true,
			onError: 'continueRegularOutput',
		}).result;
		expect(errorOf(out[0].json)).toMatch(/^Item 1 \(invoice BR-2\): Creditor Tax ID is not valid: /);
		expect(out[0].json.message).toBeUndefined();
	});

	it('Brazilian e-mail needs the creditor address; with it, the footer carries it', async () => {
		const items = [row('BR-3', { country: 'BR', segment: { channels: ['email'] } })];
		await expect(run({ items, params: CREDITOR }).result).rejects.toThrow('Creditor Address is required for debtors in Brazil (CDC art. 42-A)');
		const [out] = await run({ items, params: FULL }).result;
		expect((out[0].json.message as { text: string }).text).toContain('Rua Augusta 100, São Paulo - SP, 01305-000');
	});

	it('a US SMS from your template without an opt-out: the item fails; with continue on fail it keeps its row and the others render', async () => {
		const params = { ...FULL, ...US_SMS('{{creditor.shortName}}: Hi {{firstName}}, {{money}} is overdue.') };
		await expect(run({ items: [us('US-1')], params }).result).rejects.toThrow(
			/Item 1 \(invoice US-1\): the message from custom\.1\.overdue_3d\.sms\.en-US\.\* for a debtor in US-TX lacks optOut: The United States requires an opt-out line \(Reg F 12 CFR 1006\.6\(e\)\) in SMS messages\./,
		);
		const items = [us('US-1'), row('BR-4', { country: 'BR' }), row('X-1')];
		const [kept] = await run({ items, params, continueOnFail: true, onError: 'continueRegularOutput' }).result;
		expect(kept).toHaveLength(3);
		expect(kept[0].json).toMatchObject({ invoiceId: 'US-1', country: 'US', error: expect.stringContaining('lacks optOut') });
		expect((kept[0].json.details as { hint: string }).hint).toContain('{{optOut}}');
		expect(kept[0].pairedItem).toEqual({ item: 0 });
		expect(kept[1].json.message).toMatchObject({ channel: 'sms', templateKey: 'overdue_3d.sms.pt-BR.friendly' });
		expect(kept[2].json.message).toMatchObject({ channel: 'sms' });
		const [errorOutput] = await run({ items, params, continueOnFail: true, onError: 'continueErrorOutput' }).result;
		expect(Object.keys(errorOutput[0].json).sort()).toEqual(['details', 'error']);
		// The same template with {{> footer}} carries the line: no error.
		const [fixed] = await run({ items: [us('US-1')], params: { ...FULL, ...US_SMS('{{creditor.shortName}}: Hi {{firstName}}, {{money}} is overdue.{{> footer}}') } }).result;
		expect((fixed[0].json.message as { text: string }).text).toMatch(/Reply STOP to opt out\.$/);
		// Check Required Content off: the template is the user's responsibility.
		const [off] = await run({ items: [us('US-1')], params: { ...params, 'options.checkRequiredContent': false } }).result;
		expect(off[0].json.message).toMatchObject({ text: 'Provedor Net: Hi Maria, $1,234.56 is overdue.' });
	});

	it('the US opt-out line cannot be Never', async () => {
		await expect(run({ items: [us('US-2')], params: { ...FULL, 'options.optOut': 'never' } }).result).rejects.toThrow(
			'Opt-Out Line cannot be Never for debtors in the United States (Reg F 12 CFR 1006.6(e))',
		);
	});

	it('Mexico: the complaints contact is required; at first contact your template must carry it', async () => {
		const mx = (id: string, extra: Record<string, unknown> = {}) =>
			row(id, { locale: 'es-MX', currency: 'MXN', country: 'MX', state: 'CDMX', dunning: { stage: 'overdue_3d', daysOverdue: 3, dueDate: '2026-11-20', lastStageSent: null }, ...extra });
		await expect(run({ items: [mx('MX-1')], params: { ...CREDITOR } }).result).rejects.toThrow(
			'Complaints Contact is required for debtors in Mexico (CONDUSEF Disposiciones de despachos de cobranza, DOF 07-10-2014)',
		);
		const own = { 'templates.template': [{ stage: 'overdue_3d', channel: 'sms', locale: 'es', text: '{{creditor.name}}: {{firstName}}, factura {{invoiceId}} de {{money}} vencida.{{#if optOut}} {{optOut}}{{/if}}' }] };
		const [out] = await run({ items: [mx('MX-1'), mx('MX-2', { firstContact: false })], params: { ...FULL, ...own }, continueOnFail: true, onError: 'continueRegularOutput' }).result;
		expect(errorOf(out[0].json)).toContain('for a debtor in MX-CMX lacks calculationDate, complaintsContact: ');
		expect(errorOf(out[0].json)).toContain('Mexico requires the complaints unit’s contact (CONDUSEF Disposiciones de despachos de cobranza, DOF 07-10-2014) in SMS messages at first contact.');
		// Not the first contact (the row says so): nothing more is required.
		expect(out[1].json.error).toBeUndefined();
		// The built-in message at first contact carries the details.
		const [builtIn] = await run({ items: [mx('MX-3')], params: FULL }).result;
		expect((builtIn[0].json.message as { text: string }).text).toContain('contrato MX-3; adeudo de $1,234.56 calculado al');
	});

	it('an unreadable state fails the item naming the field, unless the check is off', async () => {
		const items = [row('BR-5', { country: 'BR', state: 'XX' })];
		const [out] = await run({ items, params: FULL, continueOnFail: true, onError: 'continueRegularOutput' }).result;
		expect(out[0].json).toMatchObject({ error: expect.stringContaining("Field 'state'"), details: { field: 'state' } });
		const [off] = await run({ items, params: { ...FULL, 'options.checkRequiredContent': false } }).result;
		expect(off[0].json.message).toMatchObject({ channel: 'sms' });
	});

	it('the new settings follow the conventions', () => {
		const props = node.description.properties;
		expect(props.find((p) => p.name === 'creditorAddress')).toMatchObject({ displayName: 'Creditor Address', type: 'string', default: '' });
		expect(props.find((p) => p.name === 'complaintsContact')).toMatchObject({ displayName: 'Complaints Contact', type: 'string', default: '' });
		const options = props.find((p) => p.name === 'options')?.options as Array<{ name: string; default: unknown; description?: string }>;
		expect(options.find((o) => o.name === 'checkRequiredContent')).toMatchObject({ default: true, description: expect.stringMatching(/^Whether /) });
	});
});
