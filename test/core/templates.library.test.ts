/**
 * Every built-in template, in every language, tone and channel, rendered for sample rows: no
 * missing variable, no leftover braces, the facts of the invoice in it, and SMS within two
 * segments for typical data.
 */
import { analyzeSms, isGsm7 } from '../../nodes/core/sms';
import { formatDay, formatMoney } from '../../nodes/core/templates/helpers';
import { LIBRARY, stageAsksPayment } from '../../nodes/core/templates/library';
import { type Message, MessageRenderer, type RendererSettings } from '../../nodes/core/templates/message';
import { SAMPLE_DAYS_OVERDUE, SAMPLE_REFERENCE_DAY, SAMPLE_ROWS, SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import { CHANNELS, LIBRARY_LOCALES, LIBRARY_STAGES, NO_DEBT_STAGES, TONES, type Channel, type LibraryLocale, type LibraryStage, type Tone } from '../../nodes/core/templates/types';

const renderer = new MessageRenderer(SAMPLE_SETTINGS);

function render(locale: LibraryLocale, stage: LibraryStage, tone: Tone, channel: Channel, r = renderer): Message {
	const result = r.render({ ...sampleRequest(locale, stage), tone, channel });
	if (result instanceof Error) throw result;
	return result;
}

const CASES: Array<[LibraryLocale, LibraryStage, Tone, Channel]> = [];
for (const locale of LIBRARY_LOCALES) for (const stage of LIBRARY_STAGES) for (const tone of TONES) for (const channel of CHANNELS) CASES.push([locale, stage, tone, channel]);

const LEFTOVERS = /\{\{|\}\}|undefined|\bnull\b|NaN|\[object Object\]|\ufdd0|\ufdd1/;

function sampleMoney(locale: LibraryLocale): string {
	const row = SAMPLE_ROWS[locale];
	const amount = typeof row.amount === 'number' ? row.amount : 1234.56;
	return formatMoney(amount, row.currency as string, row.locale) as string;
}

describe('the built-in library', () => {
	it('has every stage in every language and tone', () => {
		expect(CASES).toHaveLength(3 * LIBRARY_STAGES.length * 3 * 3);
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				expect(LIBRARY[locale].subject[stage]).toBeTruthy();
				for (const tone of TONES) expect(LIBRARY[locale].stages[stage][tone].sms).toBeTruthy();
			}
		}
	});

	it.each(CASES)('%s %s %s %s renders with no missing variable and no leftover braces', (locale, stage, tone, channel) => {
		const message = render(locale, stage, tone, channel);
		expect(message.templateKey).toBe(`${stage}.${channel}.${locale}.${tone}`);
		expect(message.channel).toBe(channel);
		expect(message.tone).toBe(tone);
		for (const part of [message.text, message.subject ?? '', ...(message.template?.parameters ?? [])]) expect(part).not.toMatch(LEFTOVERS);
		if (message.html) expect(message.html.replace(/<[^>]*>/g, '')).not.toMatch(LEFTOVERS);
		expect(message.text.length).toBeGreaterThan(20);

		// The facts: who charges, how much, and how to pay; never the amount when only confirming the number,
		// confirming an opt-out or answering someone who is not the debtor.
		const money = sampleMoney(locale);
		if (NO_DEBT_STAGES.includes(stage)) {
			expect(message.text).not.toContain(money);
		} else {
			expect(message.text).toContain(money);
		}
		if (stageAsksPayment(stage)) expect(message.text).toContain(SAMPLE_ROWS[locale].paymentLink);
		expect(message.text).toContain(channel === 'sms' ? 'Provedor Net' : 'Provedor Net Ltda, CNPJ 12.345.678/0001-95');
		expect(message.text).toContain('CNPJ 12.345.678/0001-95');
	});

	it.each(LIBRARY_LOCALES.flatMap((l) => LIBRARY_STAGES.flatMap((s) => TONES.map((t) => [l, s, t] as const))))(
		'%s %s %s: SMS stays within two GSM-7 segments',
		(locale, stage, tone) => {
			const message = render(locale, stage, tone, 'sms');
			expect(message.encoding).toBe('GSM-7');
			expect(message.segments).toBeLessThanOrEqual(2);
			expect(message.segments).toBe(analyzeSms(message.text).segments);
			expect(message.original?.segments).toBeGreaterThanOrEqual(message.segments as number);
			if (locale === 'en-US') expect(message.original?.encoding).toBe('GSM-7');
		},
	);

	it.each(LIBRARY_LOCALES.flatMap((l) => LIBRARY_STAGES.flatMap((s) => TONES.map((t) => [l, s, t] as const))))(
		'%s %s %s: WhatsApp is an approvable template',
		(locale, stage, tone) => {
			const message = render(locale, stage, tone, 'whatsapp');
			const template = renderer.whatsappTemplate(stage, locale, tone);
			if (template instanceof Error) throw template;
			expect(message.template?.name).toBe(`dunning_${stage}_${tone}`);
			expect(message.template?.category).toBe(stage === 'early_payment_offer' ? 'MARKETING' : 'UTILITY');
			expect(message.template?.language).toBe({ 'pt-BR': 'pt_BR', 'es-419': 'es_MX', 'en-US': 'en_US' }[locale]);
			const placeholders = template.metaText.match(/\{\{\d+\}\}/g) ?? [];
			expect(placeholders).toEqual(placeholders.map((_, i) => `{{${i + 1}}}`));
			expect(message.template?.parameters).toHaveLength(placeholders.length);
			for (const p of message.template?.parameters ?? []) {
				expect(p).not.toMatch(/[\n\t]| {5}/);
				expect(p.trim()).not.toBe('');
			}
			expect(template.metaText.length).toBeLessThanOrEqual(1024);
			expect(template.metaText).not.toMatch(/^\{\{\d+\}\}|\{\{\d+\}\}$/);
			expect(template.metaText).not.toMatch(/\{\{(?!\d+\}\})/);
		},
	);

	it.each(LIBRARY_LOCALES.flatMap((l) => LIBRARY_STAGES.map((s) => [l, s] as const)))('%s %s: e-mail has a subject, an HTML and a text part', (locale, stage) => {
		for (const tone of TONES) {
			const message = render(locale, stage, tone, 'email');
			expect(message.subject).toBeTruthy();
			expect(message.subject).not.toMatch(/[\r\n]/);
			expect(message.html).toMatch(/^<!DOCTYPE html>/);
			expect(message.html).toContain(`<html lang="${SAMPLE_ROWS[locale].locale}">`);
			expect(message.html).toContain('Provedor Net Ltda, CNPJ 12.345.678/0001-95');
			if (stageAsksPayment(stage)) {
				expect(message.html).toContain(`href="${SAMPLE_ROWS[locale].paymentLink}"`);
			}
			// Opt-out line in every e-mail (Auto), but in the confirmation of the opt-out and the answer to a wrong person.
			if (stage === 'reply_opt_out' || stage === 'reply_wrong_person') expect(message.text).not.toMatch(/SAIR|BAJA|STOP/);
			else expect(message.text).toMatch(/SAIR|BAJA|STOP/);
		}
	});

	it('writes dates and day counts in the language of the message', () => {
		const dueDay = SAMPLE_REFERENCE_DAY - SAMPLE_DAYS_OVERDUE.overdue_3d;
		expect(render('pt-BR', 'overdue_3d', 'friendly', 'whatsapp').text).toContain(formatDay(dueDay, 'pt-BR', 'long'));
		expect(formatDay(dueDay, 'pt-BR', 'long')).toBe('20 de novembro de 2026');
		expect(render('es-419', 'overdue_3d', 'friendly', 'whatsapp').text).toContain('20 de noviembre de 2026');
		expect(render('en-US', 'overdue_3d', 'friendly', 'whatsapp').text).toContain('November 20, 2026');
		expect(render('pt-BR', 'overdue_6d', 'firm', 'sms').text).toContain('ha 6 dias');
		expect(render('es-419', 'overdue_15d', 'firm', 'whatsapp').text).toContain('cumple 15 días pendiente');
		expect(render('en-US', 'overdue_3d', 'firm', 'email').text).toContain('(3 days overdue)');
		expect(render('pt-BR', 'overdue_9d', 'friendly', 'whatsapp').text).toContain(`a partir de ${formatDay(dueDay - 6 + 15, 'pt-BR', 'long')}`);
	});

	it('answers the objections: already paid, and how to get the bill', () => {
		expect(render('pt-BR', 'reminder_7d', 'friendly', 'whatsapp').text).toContain('Se você já pagou, desconsidere esta mensagem.');
		expect(render('pt-BR', 'overdue_3d', 'friendly', 'whatsapp').text).toContain('responda a esta mensagem com o comprovante');
		expect(render('es-419', 'overdue_3d', 'firm', 'email').text).toContain('responda este correo con su comprobante');
		expect(render('en-US', 'overdue_3d', 'formal', 'sms').text).toContain('If you have already paid, please send your receipt by replying.');
	});

	it('uses "tú" in the friendly Spanish tone and "usted" in the firm and formal ones', () => {
		expect(render('es-419', 'overdue_3d', 'friendly', 'whatsapp').text).toMatch(/tu factura .* puedes pagar/);
		expect(render('es-419', 'overdue_3d', 'firm', 'whatsapp').text).toMatch(/su factura .* Le pedimos/);
		expect(render('es-419', 'overdue_3d', 'friendly', 'whatsapp').text).toContain('Paga en línea:');
		expect(render('es-419', 'overdue_3d', 'formal', 'whatsapp').text).toContain('Pague en línea:');
	});

	it('keeps SMS within two segments for typical data, and within two with Max SMS Segments 2 even with long values', () => {
		const names = ['Ana', 'Maria da Silva', 'Carlos Eduardo dos Santos'];
		const amounts = [89.9, 1234.56, 25999.99];
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				for (const name of names) {
					for (const amount of amounts) {
						const request = sampleRequest(locale, stage);
						const result = renderer.render({ ...request, fields: { ...request.fields, customerName: name, amount }, channel: 'sms', tone: 'auto' });
						if (result instanceof Error) throw result;
						expect({ locale, stage, name, amount, segments: result.segments }).toMatchObject({ segments: expect.any(Number) });
						expect(result.segments).toBeLessThanOrEqual(2);
					}
				}
			}
		}
		const strict = new MessageRenderer({
			...SAMPLE_SETTINGS,
			creditor: { ...SAMPLE_SETTINGS.creditor, support: 'WhatsApp (11) 4000-1234 ou financeiro@provedornet.com.br' },
			maxSegments: 2,
		} satisfies RendererSettings);
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				for (const tone of TONES) {
					const request = sampleRequest(locale, stage);
					const result = strict.render({
						...request,
						fields: { ...request.fields, customerName: 'Maria Aparecida dos Santos Oliveira', amount: 125999.99 },
						channel: 'sms',
						tone,
					});
					if (result instanceof Error) throw result;
					expect(result.segments).toBeLessThanOrEqual(2);
					expect(isGsm7(result.text)).toBe(true);
				}
			}
		}
	});
});
