/**
 * Render Collection Message with Negotiation Offer's `debt` and `offer`: the built-in negotiation
 * and legal messages with the numbers, the helpers and the partial in your own templates, the
 * payment instruments made ready, and WhatsApp's quick-reply buttons and document header.
 */
import { buildBusinessCalendar, dayNumber } from '../../nodes/core/dates';
import { InvalidFieldError } from '../../nodes/core/errors';
import { buildBoletoLine, formatBoletoLine } from '../../nodes/core/payments/boleto';
import { DEFAULT_SETTLEMENT_RANGES, Negotiator } from '../../nodes/core/payments/negotiation';
import { parsePixCode } from '../../nodes/core/payments/pix';
import { DEFAULT_FIELD_NAMES } from '../../nodes/core/templates/context';
import { type Message, MessageRenderer, type RenderRequest, type RendererSettings, type UserTemplate } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS } from '../../nodes/core/templates/samples';

const BOLETO = buildBoletoLine({ bank: '237', dueDate: dayNumber(2026, 10, 15), amount: 1000, freeField: '3381286008267713966000063' });

// R$ 1.000,00 due 2026-10-15, calculated 2026-11-30 (46 days): 2% + 1% a month = R$ 1.035,33; first due +7, valid +9.
const negotiator = new Negotiator({
	lateFee: { kind: 'percent', value: 2 },
	interestRate: 1,
	maxInstalments: 3,
	firstDueInDays: 7,
	validityDays: 9,
	settlementRanges: DEFAULT_SETTLEMENT_RANGES.map((r) => ({ ...r })),
	businessDays: buildBusinessCalendar([]),
	pix: { key: 'cobranca@provedor.net.br', merchantName: 'Provedor Net Ltda', merchantCity: 'Sao Paulo' },
	reference: { mode: 'invoice' },
});

const negotiation = (currency = 'BRL', segment: unknown = { name: 'negotiation', offer: 'instalments' }) => {
	const result = negotiator.negotiate({
		invoiceId: 'INV-1017',
		amount: currency === 'USD' ? 1000 : '1.000,00',
		currency,
		dueDay: dayNumber(2026, 10, 15),
		asOf: dayNumber(2026, 11, 30),
		ladderDaysOverdue: 46,
		segment,
		paymentLink: 'https://pay.example.com/i/inv-1017',
		boletoLine: currency === 'BRL' ? BOLETO : undefined,
	});
	return { debt: result.debt, offer: result.offer ?? null };
};

const DUNNING = { stage: 'negotiation_30d', phase: 'negotiation', daysOverdue: 46, dueDate: '2026-10-15', referenceDate: '2026-11-30' };

function request(overrides: Partial<RenderRequest> = {}, json: Record<string, unknown> = negotiation()): RenderRequest {
	const row = {
		invoiceId: 'INV-1017',
		customerName: 'Larissa Mendes',
		amount: '1000.00',
		currency: 'BRL',
		dueDate: '2026-10-15',
		paymentLink: 'https://pay.example.com/i/inv-1017',
		boletoLine: BOLETO,
		...json,
	};
	const fields: Record<string, unknown> = { ...row };
	delete fields.debt;
	delete fields.offer;
	return {
		json: row,
		stage: 'negotiation_30d',
		channel: 'whatsapp',
		tone: 'firm',
		locale: 'pt-BR',
		fields,
		fieldNames: DEFAULT_FIELD_NAMES,
		dunning: DUNNING,
		segment: undefined,
		...overrides,
	};
}

const renderer = (settings: Partial<RendererSettings> = {}) => new MessageRenderer({ ...SAMPLE_SETTINGS, reference: { kind: 'calendar', day: dayNumber(2026, 11, 30) }, ...settings });

function ok(result: Message | Error): Message {
	if (result instanceof Error) throw result;
	return result;
}

const EXAMPLE = '3× de R$ 345,11 (total R$ 1.035,33), 1ª em 07/12, ou R$ 931,80 à vista até 09/12';

describe('the built-in negotiation and legal messages with the numbers', () => {
	const r = renderer();

	it("itemise the debt and state the offer, keeping the ladder's stage", () => {
		const message = ok(r.render(request()));
		expect(message.stage).toBe('negotiation_30d');
		expect(message.templateKey).toBe('negotiation_offer.whatsapp.pt-BR.firm');
		expect(message.template?.name).toBe('dunning_negotiation_offer_firm');
		expect(message.text).toContain('valor original R$ 1.000,00 + multa R$ 20,00 + juros R$ 15,33 = R$ 1.035,33 em 30/11/2026');
		expect(message.text).toContain(`Para regularizar: ${EXAMPLE}.`);
		// The link with its reference, the boleto line checked and grouped, the settlement's own Pix code with its amount.
		const settlementPix = (negotiation().offer as { options: Array<{ type: string; pixCode: string }> }).options.find((o) => o.type === 'settlement')?.pixCode as string;
		expect(message.text).toContain(
			`Pague pelo link: https://pay.example.com/i/inv-1017?ref=INV-1017 | Linha digitável do boleto: ${formatBoletoLine(BOLETO)} | Pix copia e cola (R$ 931,80): ${settlementPix}`,
		);
		expect(parsePixCode(settlementPix).amount).toBe(931.8);
	});

	it('fit two SMS segments, in GSM-7, in every language and tone', () => {
		const lengths: number[] = [];
		for (const [locale, currency] of [
			['pt-BR', 'BRL'],
			['es-MX', 'MXN'],
			['en-US', 'USD'],
		] as const) {
			for (const tone of ['friendly', 'firm', 'formal'] as const) {
				for (const stage of ['negotiation_30d', 'legal_90d']) {
					const message = ok(r.render(request({ locale, tone, stage, channel: 'sms' }, { ...negotiation(currency), currency, country: locale.slice(3) })));
					expect({ locale, tone, stage, segments: message.segments, encoding: message.encoding }).toEqual({ locale, tone, stage, segments: 2, encoding: 'GSM-7' });
					lengths.push(message.characters as number);
				}
			}
		}
		expect(Math.max(...lengths)).toBeLessThanOrEqual(306);
		const sms = ok(r.render(request({ channel: 'sms', tone: 'friendly' })));
		expect(sms.text).toBe(
			'Provedor Net: Larissa, fatura vencida em 15/10: R$ 1.000,00 + multa R$ 20,00 + juros R$ 15,33 = R$ 1.035,33 em 30/11. Proposta: 3x de R$ 345,11, 1a em 07/12, ou R$ 931,80 à vista até 09/12. Pagamento: https://pay.example.com/i/inv-1017?ref=INV-1017 CNPJ 12.345.678/0001-95.',
		);
	});

	it('in Spanish and English', () => {
		const es = ok(r.render(request({ locale: 'es-MX', tone: 'firm' }, { ...negotiation('MXN'), currency: 'MXN' })));
		expect(es.text).toContain('monto original $1,000.00 + recargo por atraso $20.00 + intereses $15.33 = $1,035.33 al 30/11/2026');
		expect(es.text).toContain('3 pagos de $345.11 (total $1,035.33), el primero el 07/12, o $931.80 en un solo pago hasta el 09/12');
		const en = ok(r.render(request({ locale: 'en-US', tone: 'formal', stage: 'legal_90d' }, { ...negotiation('USD'), currency: 'USD' })));
		expect(en.templateKey).toBe('legal_offer.whatsapp.en-US.formal');
		expect(en.text).toContain('original amount $1,000.00 + late fee $20.00 + interest $15.33 = $1,035.33 as of 11/30/2026');
		expect(en.text).toContain('3 payments of $345.11 (total $1,035.33), the first on 12/07, or $931.80 in one payment by 12/09');
	});

	it('e-mail: the debt line by line, a table in HTML', () => {
		const email = ok(r.render(request({ channel: 'email' })));
		expect(email.subject).toBe('Proposta para regularizar a fatura vencida em 15/10/2026');
		expect(email.text).toContain('Valor original: R$ 1.000,00\nMulta: R$ 20,00\nJuros: R$ 15,33\nTotal em 30/11/2026: R$ 1.035,33\n\nPague pelo link');
		expect(email.html).toContain('<td style="padding:2px 0;text-align:right;font-weight:bold;">R$ 1.035,33</td>');
	});

	it('settlement only, no offer, an offer without options', () => {
		const settlement = ok(r.render(request({}, negotiation('BRL', { name: 'negotiation', offer: 'settlement' }))));
		expect(settlement.text).toContain('Para regularizar: R$ 931,80 à vista até 09/12.');
		const none = ok(r.render(request({}, { ...negotiation(), offer: null })));
		expect(none.text).toContain('Para regularizar: a combinar, é só responder a esta mensagem.');
		// Without an offer the Pix code is the one for the total.
		expect(none.text).toContain('Pix copia e cola (R$ 1.035,33): ');
	});

	it('fall back to the wording without numbers when the item has no itemised debt', () => {
		const message = ok(r.render(request({}, { debt: undefined, offer: undefined })));
		expect(message.templateKey).toBe('negotiation_30d.whatsapp.pt-BR.firm');
		expect(message.text).toContain('oferecemos parcelamento ou uma nova data de pagamento');
	});

	it('your own template for the stage still wins', () => {
		const own: UserTemplate = { position: 1, stage: 'negotiation_30d', channel: 'sms', locale: '', tone: '', text: 'Oi {{firstName}}: {{debtLines}}. {{offerText}}.' };
		const message = ok(renderer({ templates: [own] }).render(request({ channel: 'sms' })));
		expect(message.templateKey).toBe('custom.1.negotiation_30d.sms.*.*');
		// In SMS the plan's total is left out when it is the debt's own.
		expect(message.text).toBe('Oi Larissa: R$ 1.000,00 + multa R$ 20,00 + juros R$ 15,33 = R$ 1.035,33 em 30/11. 3x de R$ 345,11, 1a em 07/12, ou R$ 931,80 à vista até 09/12.');
	});
});

describe('in your own templates', () => {
	const own = (text: string, channel: UserTemplate['channel'] = 'sms') => renderer({ templates: [{ position: 1, stage: '', channel, locale: '', tone: '', text, subject: 'Proposta' }] });

	it('{{> itemisedDebt}} gives the lines, and nothing without a debt', () => {
		expect(ok(own('Débito:\n{{> itemisedDebt}}Fim').render(request({ channel: 'sms' }))).text).toBe(
			'Débito:\nValor original: R$ 1.000,00\nMulta: R$ 20,00\nJuros: R$ 15,33\nTotal em 30/11/2026: R$ 1.035,33Fim',
		);
		expect(ok(own('Débito: {{> itemisedDebt}}Fim').render(request({ channel: 'sms', stage: 'overdue_3d' }, { debt: undefined }))).text).toBe('Débito: Fim');
	});

	it('the options one by one', () => {
		const text = '{{#each offer.options}}{{choice}}) {{id}}: {{money amount}}{{#if pixCode}} Pix{{/if}}\n{{/each}}';
		expect(ok(own(text, 'email').render(request({ channel: 'email' }))).text).toContain('1) 2x: R$ 517,66 Pix\n2) 3x: R$ 345,11 Pix\n3) settlement: R$ 931,80 Pix');
	});

	it('{{debtLines}} without Negotiation Offer names the variable and says what to do', () => {
		const error = own('{{debtLines}}').render(request({ channel: 'sms' }, { debt: undefined }));
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('your template #1 (any stage, SMS): the variable "debt" is missing, used by {{debtLines}} (line 1, column 1)');
		expect((error as { hint: string }).hint).toContain('Negotiation Offer');
	});
});

describe('WhatsApp buttons and document header', () => {
	const r = renderer();

	it('built-in templates that ask for payment carry the three buttons in the language of the message', () => {
		expect(ok(r.render(request())).template?.buttons).toEqual([
			{ type: 'quick_reply', text: 'Já paguei', intent: 'already_paid' },
			{ type: 'quick_reply', text: 'Quero negociar', intent: 'negotiate' },
			{ type: 'quick_reply', text: 'Parar de receber', intent: 'opt_out' },
		]);
		expect(ok(r.render(request({ locale: 'es-MX' }, { ...negotiation('MXN'), currency: 'MXN' }))).template?.buttons?.map((b) => b.text)).toEqual([
			'Ya pagué',
			'Quiero negociar',
			'No recibir más',
		]);
		expect(ok(r.render(request({ stage: 'settled' }))).template?.buttons).toBeUndefined();
		expect(ok(renderer({ whatsappButtons: false }).render(request())).template?.buttons).toBeUndefined();
	});

	it("switch to the _doc template with the row's PDF, boleto first, with a file name", () => {
		const message = ok(r.render(request({}, { ...negotiation(), boletoPdfUrl: 'https://pay.example.com/b/inv-1017.pdf', invoicePdfUrl: 'https://pay.example.com/f.pdf' })));
		expect(message.template?.name).toBe('dunning_negotiation_offer_firm_doc');
		expect(message.template?.header).toEqual({ type: 'document', link: 'https://pay.example.com/b/inv-1017.pdf', filename: 'boleto-INV-1017.pdf' });
		const invoice = ok(r.render(request({ locale: 'en-US' }, { ...negotiation('USD'), currency: 'USD', invoicePdfUrl: 'https://pay.example.com/f.pdf' })));
		expect(invoice.template?.header?.filename).toBe('invoice-INV-1017.pdf');
		expect(ok(renderer({ whatsappDocument: false }).render(request({}, { ...negotiation(), boletoPdfUrl: 'https://x.example/b.pdf' }))).template).not.toHaveProperty('header');
	});

	it('a PDF link that is not https is an error naming the field, and SMS does not care', () => {
		const names = { ...DEFAULT_FIELD_NAMES, boletoPdfUrl: 'linkBoleto' };
		const error = r.render(request({ fieldNames: names }, { ...negotiation(), boletoPdfUrl: 'http://pay.example.com/b.pdf' }));
		expect(error).toBeInstanceOf(InvalidFieldError);
		expect((error as Error).message).toBe('Field \'linkBoleto\' has the value "http://pay.example.com/b.pdf": is not an https address');
		expect(ok(r.render(request({ channel: 'sms', fieldNames: names }, { ...negotiation(), boletoPdfUrl: 'http://pay.example.com/b.pdf' }))).channel).toBe('sms');
	});

	it('your own templates: buttons and header only when approved with them, and then the PDF is required', () => {
		const template: UserTemplate = { position: 1, stage: '', channel: 'whatsapp', locale: '', tone: '', text: 'Olá {{firstName}}, {{offerText}}. Obrigado.', whatsappName: 'oferta' };
		expect(ok(renderer({ templates: [template] }).render(request({}, { ...negotiation(), boletoPdfUrl: 'https://x.example/b.pdf' }))).template).toEqual({
			name: 'oferta',
			language: 'pt_BR',
			parameters: ['Larissa', EXAMPLE],
		});
		const approved = renderer({ templates: [{ ...template, whatsappHeader: true, whatsappButtons: true }] });
		const message = ok(approved.render(request({}, { ...negotiation(), invoicePdfUrl: 'https://x.example/f.pdf' })));
		expect(message.template?.name).toBe('oferta');
		expect(message.template?.header?.link).toBe('https://x.example/f.pdf');
		expect(message.template?.buttons).toHaveLength(3);
		const missing = approved.render(request());
		expect(missing).toBeInstanceOf(InvalidFieldError);
		expect((missing as Error).message).toContain("Field 'boletoPdfUrl' is missing: is missing, and the WhatsApp template was approved with a document header");
	});
});
