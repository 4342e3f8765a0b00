/** Choosing the template for an item, filling it in, and the per-channel message. */
import { InvalidFieldError, InvalidSettingError, InvalidValueError } from '../../nodes/core/errors';
import { creditorVariables, DEFAULT_FIELD_NAMES } from '../../nodes/core/templates/context';
import { type Message, MessageRenderer, type RenderRequest, type RendererSettings, type UserTemplate } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import { rendererSettings, type SettingValues } from '../../nodes/core/templates/settings';

function renderer(settings: Partial<RendererSettings> = {}) {
	return new MessageRenderer({ ...SAMPLE_SETTINGS, ...settings });
}

function request(overrides: Partial<RenderRequest> = {}, fields: Record<string, unknown> = {}): RenderRequest {
	const base = sampleRequest('pt-BR', 'overdue_3d');
	return { ...base, ...overrides, fields: { ...base.fields, ...fields } };
}

function ok(result: Message | Error): Message {
	if (result instanceof Error) throw result;
	return result;
}

function failure(result: Message | Error): Error {
	if (!(result instanceof Error)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
	return result;
}

const userTemplate = (t: Partial<UserTemplate>): UserTemplate => ({ position: 1, stage: '', channel: 'sms', locale: '', tone: '', text: 'x', ...t });

describe('locale: the item\'s, else the default; fallbacks es-MX → es → en', () => {
	const r = renderer();

	it.each([
		['es-MX', 'overdue_3d.whatsapp.es-419.friendly', 'es_MX', '$1,234.56'],
		['es-AR', 'overdue_3d.whatsapp.es-419.friendly', 'es', '$ 1.234,56'],
		['es_419', 'overdue_3d.whatsapp.es-419.friendly', 'es', null],
		['pt-PT', 'overdue_3d.whatsapp.pt-BR.friendly', 'pt_BR', null],
		['fr-FR', 'overdue_3d.whatsapp.en-US.friendly', 'en_US', 'R$1,234.56'],
		['en-GB', 'overdue_3d.whatsapp.en-US.friendly', 'en_US', null],
		[undefined, 'overdue_3d.whatsapp.pt-BR.friendly', 'pt_BR', 'R$ 1.234,56'],
	])('%s → %s', (locale, key, language, money) => {
		const currency = locale === 'es-MX' ? 'MXN' : locale === 'es-AR' ? 'ARS' : 'BRL';
		const message = ok(r.render(request({ locale, channel: 'whatsapp' }, { currency })));
		expect(message.templateKey).toBe(key);
		expect(message.template?.language).toBe(language);
		expect(message.locale).toBe(locale === undefined ? 'pt-BR' : locale.replace('_', '-'));
		if (money) expect(message.text).toContain(money);
	});

	it('reports a locale that is not one, naming the field', () => {
		const error = failure(r.render(request({ locale: 'Português!', fieldNames: { ...DEFAULT_FIELD_NAMES, locale: 'idioma' } })));
		expect(error).toBeInstanceOf(InvalidFieldError);
		expect(error.message).toBe('Field \'idioma\' has the value "Português!": "Português!" is not a locale');
	});
});

describe('stage, channel and tone', () => {
	const r = renderer();

	it('skips an item without a stage, keeping the reason Dunning Stage gave', () => {
		const message = ok(r.render(request({ stage: null, dunning: { stage: null, reason: '1 day overdue: grace period' } })));
		expect(message).toMatchObject({ skipped: true, channel: null, reason: '1 day overdue: grace period', templateKey: null });
		expect(ok(r.render(request({ stage: '', dunning: undefined }))).reason).toContain('Dunning Stage node');
	});

	it('names an unknown stage and the stages the library has', () => {
		const error = failure(r.render(request({ stage: 'overdue_45d' })));
		expect(error.message).toBe('there is no template for stage "overdue_45d" (SMS, pt-BR, friendly)');
		expect((error as InvalidValueError).hint).toContain('reminder_7d');
		expect(failure(r.render(request({ stage: 'constructor' }))).message).toContain('"constructor"');
		expect(failure(r.render(request({ stage: 42 })))).toBeInstanceOf(InvalidFieldError);
	});

	it('answers the aging-bucket ladder keys with the closest built-in stage', () => {
		expect(ok(r.render(request({ stage: 'aging_31_60' }))).templateKey).toBe('negotiation_30d.sms.pt-BR.firm');
		expect(ok(r.render(request({ stage: 'aging_90_plus' }))).templateKey).toBe('legal_90d.sms.pt-BR.formal');
	});

	it('takes the channel from the segment, else the default channel', () => {
		expect(ok(r.render(request({ segment: { channels: ['whatsapp', 'sms'] } }))).channel).toBe('whatsapp');
		expect(ok(r.render(request({ segment: { channels: ['voice', 'E-mail'] } }))).channel).toBe('email');
		expect(ok(r.render(request({ segment: { tone: 'firm' } }))).channel).toBe('sms');
		expect(ok(renderer({ defaultChannel: 'email' }).render(request())).channel).toBe('email');
		expect(ok(r.render(request({ channel: 'whatsapp', segment: { channels: ['sms'] } }))).channel).toBe('whatsapp');
		const none = ok(r.render(request({ segment: { channels: [] } })));
		expect(none).toMatchObject({ skipped: true, channel: null });
		expect(none.reason).toContain('segment.channels is empty');
	});

	it('sends the early-payment offer instead of a reminder when the segment offers it', () => {
		const offered = ok(r.render(request({ stage: 'reminder_7d', segment: { offer: 'early_payment_discount', tone: 'friendly' } })));
		expect(offered).toMatchObject({ stage: 'early_payment_offer', templateKey: 'early_payment_offer.sms.pt-BR.friendly' });
		expect(offered.text).toContain('5% de desconto');
		expect(ok(r.render(request({ stage: 'overdue_3d', segment: { offer: 'early_payment_discount' } }))).stage).toBe('overdue_3d');
		expect(ok(r.render(request({ stage: 'reminder_7d', segment: { offer: 'none' } }))).stage).toBe('reminder_7d');
		const noDiscount = failure(renderer({ earlyPaymentDiscount: undefined }).render(request({ stage: 'due_today', segment: { offer: 'early_payment_discount' } })));
		expect((noDiscount as InvalidValueError).hint).toContain('Early Payment Discount');
	});

	it('takes the tone from the segment, else from the stage', () => {
		expect(ok(r.render(request({ segment: { tone: 'formal' } }))).templateKey).toBe('overdue_3d.sms.pt-BR.formal');
		expect(ok(r.render(request({ stage: 'overdue_9d' }))).tone).toBe('firm');
		expect(ok(r.render(request({ stage: 'legal_90d' }))).tone).toBe('formal');
		expect(ok(r.render(request({ stage: 'reminder_7d', tone: 'firm' }))).tone).toBe('firm');
		expect(failure(r.render(request({ tone: 'angry' as never })))).toBeInstanceOf(InvalidSettingError);
	});
});

describe('your templates replace the built-in ones, the most specific first', () => {
	const templates: UserTemplate[] = [
		userTemplate({ position: 1, stage: '', text: 'any stage {{firstName}}' }),
		userTemplate({ position: 2, stage: 'overdue_3d', text: 'stage {{firstName}}' }),
		userTemplate({ position: 3, stage: 'overdue_3d', locale: 'es', text: 'es {{firstName}}' }),
		userTemplate({ position: 4, stage: 'overdue_3d', locale: 'es-MX', text: 'es-MX {{firstName}}' }),
		userTemplate({ position: 5, stage: 'overdue_3d', locale: 'es-MX', tone: 'firm', text: 'es-MX firm {{firstName}}' }),
	];
	const r = renderer({ templates });

	it.each([
		[{ stage: 'overdue_6d' }, 'any stage Maria', 'custom.1.*.sms.*.*'],
		[{}, 'stage Maria', 'custom.2.overdue_3d.sms.*.*'],
		[{ locale: 'es-AR' }, 'es Maria', 'custom.3.overdue_3d.sms.es.*'],
		[{ locale: 'es-MX' }, 'es-MX Maria', 'custom.4.overdue_3d.sms.es-MX.*'],
		[{ locale: 'es-MX', tone: 'firm' as const }, 'es-MX firm Maria', 'custom.5.overdue_3d.sms.es-MX.firm'],
	])('%j → %s', (overrides, text, key) => {
		const message = ok(r.render(request(overrides, { currency: 'BRL' })));
		expect(message.text).toBe(text);
		expect(message.templateKey).toBe(key);
	});

	it('keeps the built-in template for the channels you did not override', () => {
		expect(ok(r.render(request({ channel: 'whatsapp' }))).templateKey).toBe('overdue_3d.whatsapp.pt-BR.friendly');
	});

	it('names your template and the position when it does not compile', () => {
		const broken = renderer({ templates: [userTemplate({ position: 2, stage: 'overdue_3d', text: 'Olá {{firstName}, pague' })] });
		const error = failure(broken.render(request()));
		expect(error).toBeInstanceOf(InvalidSettingError);
		expect(error.message).toMatch(/^your template #2 \(overdue_3d, SMS\): does not compile: .* \(line 1, column \d+\)$/);
	});

	it('names the missing variable, your template and where', () => {
		const r2 = renderer({ templates: [userTemplate({ stage: 'overdue_3d', text: 'Olá {{firstName}}, plano {{plano}}' })] });
		expect(failure(r2.render(request())).message).toBe('your template #1 (overdue_3d, SMS): the variable "plano" is missing (line 1, column 28)');
	});

	it('turns a WhatsApp template into Meta\'s numbered text and its parameters', () => {
		const r2 = renderer({
			templates: [
				userTemplate({
					channel: 'whatsapp',
					stage: 'overdue_3d',
					text: 'Olá, {{firstName}}! Sua fatura de {{money}} venceu em {{date}}. {{howToPay}}. Obrigado.',
					whatsappName: 'lembrete_atraso',
				}),
			],
		});
		const message = ok(r2.render(request({ channel: 'whatsapp' })));
		expect(message.template).toEqual({
			name: 'lembrete_atraso',
			language: 'pt_BR',
			parameters: [
				'Maria',
				'R$ 1.234,56',
				'20/11/2026',
				'Pague pelo link: https://pay.example.com/i/inv-1001 | Linha digitável do boleto: 23793.38128 86008.267717 39660.000637 6 16360000123456 | Pix copia e cola: 00020126460014br.gov.bcb.pix0124cobranca@provedor.net.br52040000530398654071234.565802BR5912Provedor Net6009SAO PAULO62110507INV10016304C907',
			],
		});
		expect(message.text).toBe(
			`Olá, Maria! Sua fatura de R$ 1.234,56 venceu em 20/11/2026. ${message.template?.parameters[3]}. Obrigado.`,
		);
		const whatsapp = r2.whatsappTemplate('overdue_3d', 'pt-BR', 'friendly');
		expect(whatsapp).toMatchObject({ metaText: 'Olá, {{1}}! Sua fatura de {{2}} venceu em {{3}}. {{4}}. Obrigado.' });
	});

	it('refuses WhatsApp templates Meta would not approve or that cannot be sent', () => {
		const make = (text: string, whatsappName = 'x') =>
			renderer({ templates: [userTemplate({ channel: 'whatsapp', text, whatsappName })] }).render(request({ channel: 'whatsapp' }));
		expect(failure(make('{{firstName}}, pague')).message).toContain('cannot start or end with a {{…}} value');
		expect(failure(make('Olá {{#if paymentLink}}x{{/if}} fim')).message).toContain('{{#if}} cannot be used in a WhatsApp template');
		expect(failure(make('Olá {{firstName}}!', '')).message).toContain('has no WhatsApp template name');
		expect(failure(make('Olá, {{default apelido ""}}!')).message).toContain('WhatsApp parameter {{1}} ({{default apelido ""}}) is empty');
	});

	it('needs a subject for e-mails, and escapes your HTML', () => {
		const noSubject = renderer({ templates: [userTemplate({ channel: 'email', text: 'Olá' })] });
		expect(failure(noSubject.render(request({ channel: 'email' }))).message).toContain('has no subject');
		const html = renderer({
			templates: [userTemplate({ channel: 'email', subject: 'Fatura {{invoiceId}}\n', text: 'Olá {{customerName}}', html: '<h1>Olá {{customerName}}</h1>{{> footer}}' })],
		});
		const message = ok(html.render(request({ channel: 'email' }, { customerName: '<b>Maria</b>' })));
		expect(message.subject).toBe('Fatura INV-1001');
		expect(message.text).toBe('Olá <b>Maria</b>');
		expect(message.html).toContain('<h1>Olá &lt;b&gt;Maria&lt;/b&gt;</h1>');
		expect(message.html).toContain('Provedor Net Ltda, CNPJ 12.345.678/0001-95');
	});
});

describe('templates from an item field', () => {
	const r = renderer();
	const fromField = (json: Record<string, unknown>, channel: 'sms' | 'email' | 'whatsapp' = 'sms') =>
		r.render(
			request({
				channel,
				json: { ...request().json, ...json },
				itemTemplate: { field: 'modelo', text: json.modelo, subjectField: 'assunto', subject: json.assunto, whatsappNameField: 'nome', whatsappName: json.nome },
			}),
		);

	it('renders the template the item carries, compiling each distinct one once', () => {
		expect(ok(fromField({ modelo: 'Olá {{firstName}}, {{money}}' })).text).toBe('Ola Maria, R$ 1.234,56');
		const before = r.cache.size;
		for (let i = 0; i < 50; i++) expect(ok(fromField({ modelo: 'Olá {{firstName}}, {{money}}' })).text).toBe('Ola Maria, R$ 1.234,56');
		expect(r.cache.size).toBe(before);
		expect(ok(fromField({ modelo: 'Oi {{firstName}}' })).text).toBe('Oi Maria');
		expect(r.cache.size).toBe(before + 1);
		expect(ok(fromField({ modelo: 'Olá {{firstName}}', assunto: 'Fatura {{invoiceId}}' }, 'email')).subject).toBe('Fatura INV-1001');
	});

	it('names the field when the template is missing or does not compile', () => {
		const missing = failure(fromField({ modelo: '' }));
		expect(missing).toBeInstanceOf(InvalidFieldError);
		expect(missing.message).toBe("Field 'modelo' is empty: has no template");
		const broken = failure(fromField({ modelo: 'Olá {{#if x}}' }));
		expect(broken).toBeInstanceOf(InvalidFieldError);
		expect(broken.message).toMatch(/^Field 'modelo' has the value "Olá \{\{#if x\}\}": does not compile: .*\(line 1, column \d+\)$/);
		expect(failure(fromField({ modelo: 'Olá' }, 'email')).message).toBe("Field 'assunto' is missing: has no subject");
		expect(failure(fromField({ modelo: 'Olá {{firstName}}!' }, 'whatsapp')).message).toBe("Field 'nome' is missing: has no WhatsApp template name");
	});
});

describe('the item\'s data', () => {
	const r = renderer();

	it('reads amounts as spreadsheets write them, and names the field when it cannot', () => {
		expect(ok(r.render(request({}, { amount: 'R$ 1.234,56' }))).text).toContain('R$ 1.234,56');
		expect(ok(r.render(request({}, { amount: 89.9 }))).text).toContain('R$ 89,90');
		const error = failure(r.render(request({ fieldNames: { ...DEFAULT_FIELD_NAMES, amount: 'valor' } }, { amount: 'doze' })));
		expect(error).toBeInstanceOf(InvalidFieldError);
		expect(error.message).toBe('Field \'valor\' has the value "doze": "doze" is not an amount');
	});

	it('takes the currency from the item, the default setting, or the locale\'s country', () => {
		expect(ok(r.render(request({ locale: 'es-MX' }, { currency: undefined }))).text).toContain('$1,234.56');
		expect(ok(renderer({ defaultCurrency: 'USD' }).render(request({ locale: 'es-419' }, { currency: undefined }))).text).toContain('USD 1,234.56');
		const error = failure(r.render(request({ locale: 'es-419' }, { currency: undefined })));
		expect(error.message).toContain('the variable "currency" is missing');
		expect((error as InvalidValueError).hint).toContain('Default Currency');
		expect(failure(r.render(request({}, { currency: 'reais' })))).toBeInstanceOf(InvalidFieldError);
	});

	it('counts days overdue from the due date when there is no Dunning Stage node', () => {
		const message = ok(r.render(request({ stage: 'overdue_6d', tone: 'firm', dunning: undefined }, { dueDate: '17/11/2026' })));
		expect(message.text).toContain('ha 6 dias');
		expect(message.text).toContain('R$ 1.234,56');
	});

	it('needs the discount for the early-payment offer, from the option or a field', () => {
		const none = renderer({ earlyPaymentDiscount: undefined });
		const error = failure(none.render(request({ stage: 'early_payment_offer' })));
		expect(error.message).toContain('the variable "discount" is missing');
		expect((error as InvalidValueError).hint).toContain('Early Payment Discount');
		const message = ok(none.render(request({ stage: 'early_payment_offer', channel: 'whatsapp' }, { discount: '10' })));
		expect(message.text).toContain('10% de desconto e paga R$ 1.111,10 em vez de R$ 1.234,56');
		expect(failure(none.render(request({ stage: 'early_payment_offer' }, { discount: '150' })))).toBeInstanceOf(InvalidFieldError);
	});

	it('greets a business customer by its name', () => {
		const message = ok(r.render(request({ channel: 'whatsapp' }, { customerName: 'ACME COMERCIO LTDA', customerType: 'business' })));
		expect(message.text.startsWith('Olá, ACME COMERCIO LTDA!')).toBe(true);
	});
});

describe('SMS: encoding, segments, replacing accents and the segment limit', () => {
	it('reports both counts when replacing accents, one when not', () => {
		const replaced = ok(renderer().render(request()));
		expect(replaced).toMatchObject({ encoding: 'GSM-7', transliterated: true, original: { encoding: 'UCS-2' } });
		expect(replaced.text).toContain('Ola, Maria! Nao identificamos');
		const kept = ok(renderer({ transliterate: false }).render(request()));
		expect(kept.encoding).toBe('UCS-2');
		expect(kept.original).toBeUndefined();
		expect(kept.text).toContain('Olá, Maria! Não identificamos');
		expect(kept.segments).toBe(replaced.original?.segments);
		expect(kept.characters).toBe(replaced.characters);
	});

	it('fails the item, or shortens the marked part, above Max SMS Segments', () => {
		const shorten = ok(renderer({ maxSegments: 1 }).render(request({ stage: 'reminder_1d' })));
		const full = ok(renderer().render(request({ stage: 'reminder_1d' })));
		expect(full.segments).toBe(2);
		expect(shorten.segments).toBe(1);
		expect(shorten.shortened).toBe(true);
		expect(full.text).toContain('Se ja pagou, desconsidere.');
		expect(shorten.text).not.toContain('desconsidere');
		const error = failure(renderer({ maxSegments: 1, overLimit: 'error' }).render(request({ stage: 'reminder_1d' })));
		expect(error.message).toBe('built-in template "reminder_1d.sms.pt-BR.friendly": the SMS needs 2 segments, more than Max Segments (1)');
		const tooLong = failure(renderer({ maxSegments: 1 }).render(request({ stage: 'legal_90d' })));
		expect(tooLong.message).toContain('even with its shortenable part removed');
	});
});

describe('creditor identification and opt-out', () => {
	it('labels the tax id by its digits and the creditor\'s country, unless it has a label', () => {
		expect(creditorVariables({ name: 'A', taxId: '123.456.789-09' }, 'pt-BR').taxIdText).toBe('CPF 123.456.789-09');
		expect(creditorVariables({ name: 'A', taxId: '12345678000195' }, 'pt-BR').identification).toBe('A, CNPJ 12345678000195');
		expect(creditorVariables({ name: 'A', taxId: 'ABC010203XY1' }, 'es-MX').taxIdText).toBe('RFC ABC010203XY1');
		expect(creditorVariables({ name: 'A', taxId: 'EIN 12-3456789' }, 'en-US').taxIdText).toBe('EIN 12-3456789');
		expect(creditorVariables({ name: 'A', taxId: '' }, 'pt-BR')).toMatchObject({ taxIdText: '', identification: 'A' });
	});

	it('refuses to run without a creditor name, and warns without a Brazilian tax id', () => {
		expect(() => renderer({ creditor: { name: ' ' } })).toThrow(InvalidSettingError);
		const message = ok(renderer({ creditor: { name: 'Provedor Net' } }).render(request()));
		expect(message.warnings?.[0]).toContain('CDC art. 42-A');
		expect(message.text).not.toContain('CNPJ');
	});

	it('adds the opt-out line where the channel and jurisdiction call for it', () => {
		const auto = renderer();
		expect(ok(auto.render(request())).text).not.toMatch(/SAIR/);
		expect(ok(auto.render(request({ channel: 'email' }))).text).toContain('responda com a palavra SAIR');
		expect(ok(auto.render(request({}, { country: 'US' }))).text).toContain('Responda SAIR para nao receber mais mensagens.');
		const en = sampleRequest('en-US', 'overdue_3d');
		expect(ok(auto.render(en)).text).toMatch(/Reply STOP to opt out\.$/);
		expect(ok(auto.render({ ...en, channel: 'whatsapp' })).text).not.toContain('STOP');
		expect(ok(renderer({ optOut: 'always' }).render(request())).text).toMatch(/Responda SAIR para nao receber mais mensagens\.$/);
		expect(ok(renderer({ optOut: 'never' }).render(request({ channel: 'email' }))).text).not.toContain('SAIR');
		expect(ok(renderer({ optOut: 'always', optOutText: 'Envie PARAR.' }).render(request())).text).toMatch(/Envie PARAR\.$/);
	});
});

describe('settings', () => {
	const values: SettingValues = {
		creditorName: 'ACME',
		creditorTaxId: '',
		supportContact: '',
		shortName: '',
		defaultLocale: 'pt-BR',
		defaultChannel: 'sms',
		defaultCurrency: '',
		optOut: 'auto',
		optOutText: '',
		suspensionDays: 15,
		earlyPaymentDiscount: 0,
		referenceDate: '2026-11-23T00:00:00',
		workflowZone: 'America/Sao_Paulo',
		nowMs: 0,
		transliterate: true,
		maxSegments: 0,
		overLimit: 'shorten',
		templates: [],
	};

	it('reads the node parameters into settings', () => {
		const settings = rendererSettings({ ...values, defaultCurrency: 'brl', templates: [{ channel: 'email', stage: 'overdue_3d', locale: 'pt_br', text: 'x', subject: 'y' }] });
		expect(settings).toMatchObject({ defaultCurrency: 'BRL', reference: { kind: 'calendar', day: 20_780 }, earlyPaymentDiscount: undefined });
		expect(settings.templates[0]).toMatchObject({ position: 1, channel: 'email', locale: 'pt-BR', tone: '' });
		expect(rendererSettings({ ...values, templates: [{ locale: 'ES', text: 'x' }] }).templates[0].locale).toBe('es');
	});

	it.each([
		[{ defaultLocale: 'xx-!!' }, 'Default Locale'],
		[{ defaultCurrency: 'reais' }, 'Default Currency option'],
		[{ maxSegments: -1 }, 'Max SMS Segments option'],
		[{ suspensionDays: 0 }, 'Suspend Service After (Days) option'],
		[{ earlyPaymentDiscount: 120 }, 'Early Payment Discount (%) option'],
		[{ referenceDate: 'amanhã' }, 'Reference Date option'],
		[{ templates: [{ text: '' }] }, 'Your Templates #1'],
		[{ templates: [{ text: 'x' }, { text: 'x', locale: 'not a locale' }] }, 'Your Templates #2, Locale'],
	])('names the setting that is wrong: %j', (change, setting) => {
		expect(() => rendererSettings({ ...values, ...change } as SettingValues)).toThrow(InvalidSettingError);
		try {
			rendererSettings({ ...values, ...change } as SettingValues);
		} catch (error) {
			expect((error as InvalidSettingError).setting).toBe(setting);
		}
	});
});
