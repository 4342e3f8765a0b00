/**
 * The reminder of a promise and the answers to a debtor's reply, in every language, tone and
 * channel: the promised day written out, the receipt asked for or acknowledged, the opt-out
 * confirmed for its channel, and nothing of the debt to someone who is not the debtor. Stage
 * "reply" answers Classify Reply's intent; WhatsApp answers are free text with their template.
 */
import { InvalidFieldError } from '../../nodes/core/errors';
import { formatDay, formatMoney } from '../../nodes/core/templates/helpers';
import { type Message, MessageRenderer, type RenderRequest } from '../../nodes/core/templates/message';
import { SAMPLE_PROMISE_DAY, SAMPLE_ROWS, SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import { CHANNELS, LIBRARY_LOCALES, REPLY_STAGES, TONES, type Channel, type LibraryLocale, type LibraryStage, type Tone } from '../../nodes/core/templates/types';

const renderer = new MessageRenderer(SAMPLE_SETTINGS);

function render(request: RenderRequest): Message {
	const result = renderer.render(request);
	if (result instanceof Error) throw result;
	return result;
}

function at(locale: LibraryLocale, stage: LibraryStage, tone: Tone, channel: Channel, json: Record<string, unknown> = {}): Message {
	const request = sampleRequest(locale, stage);
	return render({ ...request, json: { ...request.json, ...json }, tone, channel });
}

const ALL = LIBRARY_LOCALES.flatMap((locale) => TONES.flatMap((tone) => CHANNELS.map((channel) => [locale, tone, channel] as const)));
const rowLocale = (locale: LibraryLocale) => SAMPLE_ROWS[locale].locale;
const money = (locale: LibraryLocale) => {
	const amount = SAMPLE_ROWS[locale].amount;
	return formatMoney(typeof amount === 'number' ? amount : 1234.56, SAMPLE_ROWS[locale].currency as string, rowLocale(locale)) as string;
};
const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
/** The promised day as the channel writes it: day and month in SMS, in full elsewhere. */
const promised = (locale: LibraryLocale, channel: Channel, day = SAMPLE_PROMISE_DAY) => formatDay(day, rowLocale(locale), channel === 'sms' ? 'dayMonth' : 'long');

describe('promise_reminder', () => {
	it.each(ALL)('%s %s %s: reminds the promised day (Dunning Stage\'s dunning.promiseDate), the amount and how to pay', (locale, tone, channel) => {
		const message = at(locale, 'promise_reminder', tone, channel);
		expect(message.text).toContain(promised(locale, channel));
		expect(message.text).toContain(money(locale));
		expect(message.text).toContain(SAMPLE_ROWS[locale].paymentLink);
		if (channel === 'email') expect(message.subject).toContain(formatDay(SAMPLE_PROMISE_DAY, rowLocale(locale), 'long'));
	});

	it('reads the row\'s promiseDate column when Dunning Stage gave none, in the row\'s order of day and month', () => {
		const request = sampleRequest('pt-BR', 'promise_reminder');
		const message = render({ ...request, dunning: { stage: 'promise_reminder' }, json: { ...request.json, promiseDate: '05/12/2026' }, channel: 'whatsapp', tone: 'friendly' });
		expect(message.text).toContain('5 de dezembro de 2026');
	});

	it('is a template with the buttons (the window is not open): not a session message', () => {
		const message = at('pt-BR', 'promise_reminder', 'friendly', 'whatsapp');
		expect(message.kind).toBeUndefined();
		expect(message.template?.name).toBe('dunning_promise_reminder_friendly');
		expect(message.template?.buttons?.map((b) => b.intent)).toEqual(['already_paid', 'negotiate', 'opt_out']);
	});

	it('names the missing promised day as the item\'s problem', () => {
		const request = sampleRequest('en-US', 'promise_reminder');
		const result = renderer.render({ ...request, dunning: { stage: 'promise_reminder' }, channel: 'sms', tone: 'friendly' });
		expect(result).toBeInstanceOf(Error);
		expect((result as Error).message).toContain('promiseDate');
	});
});

describe('reply_promise_to_pay', () => {
	it.each(ALL)('%s %s %s: acknowledges the promise with its day (reply.promiseDate)', (locale, tone, channel) => {
		const message = at(locale, 'reply_promise_to_pay', tone, channel);
		expect(message.text).toContain(promised(locale, channel));
		expect(message.text).toContain(money(locale));
		expect(message.text).toContain(SAMPLE_ROWS[locale].paymentLink);
	});

	it('takes the last day of a promised range ("semana que vem") when the reply names no day', () => {
		const message = at('pt-BR', 'reply_promise_to_pay', 'friendly', 'whatsapp', {
			reply: { intent: 'promise_to_pay', promiseDate: null, promiseRange: { from: '2026-11-30', to: '2026-12-04', label: 'semana que vem' } },
		});
		expect(message.text).toContain('até 4 de dezembro de 2026');
	});
});

describe('reply_already_paid', () => {
	it.each(ALL)('%s %s %s: thanks, asks for the receipt; with the receipt attached, acknowledges it instead', (locale, tone, channel) => {
		const ask = at(locale, 'reply_already_paid', tone, channel, { reply: { intent: 'already_paid', receipt: false } });
		const got = at(locale, 'reply_already_paid', tone, channel, { reply: { intent: 'already_paid', receipt: true } });
		expect(ask.templateKey).toBe(`reply_already_paid.${channel}.${locale}.${tone}`);
		expect(got.templateKey).toBe(`reply_already_paid_receipt.${channel}.${locale}.${tone}`);
		expect(ask.text).toMatch(/comprovante|comprobante|receipt/);
		expect(plain(ask.text)).toMatch(/envi[ae]|solicitamos|send|responda|responde|reply/i);
		expect(plain(ask.text)).not.toMatch(/recebemos (seu|o) comprovante|recibimos (tu|el) comprobante|received the receipt|got your receipt/i);
		expect(plain(got.text)).toMatch(/recebemos (seu|o) comprovante|recebimento do comprovante|recibimos (tu|el) comprobante|recepcion del comprobante|received the receipt|got your receipt|receipt of the proof/i);
		for (const message of [ask, got]) expect(message.text).not.toContain(SAMPLE_ROWS[locale].paymentLink);
	});

	it('sees the receipt in the reply\'s media when Classify Reply did not say (Dunning Events), and trusts Classify Reply when it did', () => {
		const media = { kind: 'reply', media: [{ type: 'image', mime: 'image/jpeg' }] };
		const unread = at('es-419', 'reply_already_paid', 'friendly', 'whatsapp', { reply: { intent: 'already_paid' }, event: media });
		expect(unread.template?.name).toBe('dunning_reply_already_paid_receipt_friendly');
		const sticker = at('es-419', 'reply_already_paid', 'friendly', 'whatsapp', { reply: { intent: 'already_paid', receipt: false }, event: { kind: 'reply', media: [{ type: 'sticker' }] } });
		expect(sticker.template?.name).toBe('dunning_reply_already_paid_friendly');
	});
});

describe('reply_negotiate and reply_payment_info', () => {
	it.each(ALL)('%s %s %s: resend the ways to pay', (locale, tone, channel) => {
		for (const stage of ['reply_negotiate', 'reply_payment_info'] as const) {
			const message = at(locale, stage, tone, channel);
			expect(message.text).toContain(SAMPLE_ROWS[locale].paymentLink);
			if (locale === 'pt-BR' && channel !== 'sms') expect(message.text).toContain('Pix copia e cola');
		}
	});
});

describe('reply_opt_out', () => {
	const NAMES: Record<LibraryLocale, Record<Channel, string>> = {
		'pt-BR': { sms: 'por SMS', whatsapp: 'por WhatsApp', email: 'por e-mail' },
		'es-419': { sms: 'por SMS', whatsapp: 'por WhatsApp', email: 'por correo electronico' },
		'en-US': { sms: 'by text message', whatsapp: 'by WhatsApp', email: 'by email' },
	};
	it.each(ALL)('%s %s %s: confirms the channel that closed, without the debt and without an opt-out line', (locale, tone, channel) => {
		const message = at(locale, 'reply_opt_out', tone, channel);
		expect(plain(message.text)).toContain(NAMES[locale][channel]);
		expect(message.text).not.toContain(money(locale));
		expect(message.text).not.toContain(SAMPLE_ROWS[locale].paymentLink);
		expect(message.text).not.toMatch(/SAIR|BAJA|STOP/);
		expect(message.text).toContain('12.345.678/0001-95');
	});

	it('has no opt-out line even where the footer would add one (SMS to the United States)', () => {
		const overdue = at('en-US', 'overdue_3d', 'friendly', 'sms');
		expect(overdue.text).toMatch(/STOP/);
		expect(at('en-US', 'reply_opt_out', 'friendly', 'sms').text).not.toMatch(/STOP/);
	});
});

describe('reply_dispute and reply_human', () => {
	const PERSON = /pessoa da (nossa )?equipe|atendente|persona (de nuestro|del) equipo|asesor\(a\)|person from our team|member of our team/;
	it.each(ALL)('%s %s %s: a person from the team will contact the debtor; a dispute puts collection on hold', (locale, tone, channel) => {
		const human = at(locale, 'reply_human', tone, channel);
		const dispute = at(locale, 'reply_dispute', tone, channel);
		expect(plain(human.text)).toMatch(PERSON);
		expect(plain(dispute.text)).toMatch(/suspen[sd]|on hold/);
		expect(plain(dispute.text)).toMatch(/contestacao|aclaracion|dispute/);
		if (channel !== 'sms') expect(plain(dispute.text)).toMatch(PERSON);
		for (const message of [human, dispute]) expect(message.text).not.toContain(SAMPLE_ROWS[locale].paymentLink);
	});
});

describe('reply_wrong_person', () => {
	it.each(ALL)('%s %s %s: apologises, the number will not be contacted, and nothing of the debt or the debtor', (locale, tone, channel) => {
		const row = SAMPLE_ROWS[locale];
		const message = at(locale, 'reply_wrong_person', tone, channel);
		const everything = [message.text, message.subject ?? '', message.html ?? '', ...(message.template?.parameters ?? [])].join('\n');
		expect(everything).not.toContain(money(locale));
		expect(everything).not.toMatch(/1[.,]?234|1[.,]?499|89[.,]90/);
		for (const part of String(row.customerName).split(' ')) if (part.length > 2) expect(everything).not.toContain(part);
		expect(everything).not.toContain(String(row.invoiceId));
		expect(everything).not.toContain(row.paymentLink);
		expect(everything).not.toMatch(/fatura|factura|bill|d[ée]bito|deuda|debt|cobran|vencid|overdue/i);
		expect(message.text).toMatch(/número|numero|number/);
	});
});

describe('Stage "reply": the answer to Classify Reply\'s intent', () => {
	const request = (reply: unknown, channel: Channel = 'whatsapp') => {
		const base = sampleRequest('pt-BR', 'reply_promise_to_pay');
		return { ...base, stage: 'reply', json: { ...base.json, reply }, channel, tone: 'auto' as const };
	};

	it.each([
		['promise_to_pay', 'reply_promise_to_pay'],
		['already_paid', 'reply_already_paid'],
		['negotiate', 'reply_negotiate'],
		['payment_info', 'reply_payment_info'],
		['opt_out', 'reply_opt_out'],
		['dispute', 'reply_dispute'],
		['human', 'reply_human'],
		['wrong_person', 'reply_wrong_person'],
	])('%s → %s, a WhatsApp session message with its approved template', (intent, stage) => {
		const message = render(request({ intent, promiseDate: '2026-11-27' }));
		expect(message.stage).toBe(stage);
		expect(message.kind).toBe('text');
		expect(message.template?.name).toMatch(new RegExp(`^dunning_${stage}_(friendly|firm|formal)$`));
		expect(message.template?.buttons).toBeUndefined();
		expect(message.template?.header).toBeUndefined();
		expect(message.text).not.toMatch(/\{\{/);
	});

	it('every reply stage is reachable from an intent or from the receipt', () => {
		expect([...REPLY_STAGES].sort()).toEqual(
			['reply_already_paid', 'reply_already_paid_receipt', 'reply_dispute', 'reply_human', 'reply_negotiate', 'reply_opt_out', 'reply_payment_info', 'reply_promise_to_pay', 'reply_wrong_person'].sort(),
		);
	});

	it('answers nothing to "other": a person reads it', () => {
		const message = render(request({ intent: 'other' }));
		expect(message).toMatchObject({ skipped: true, stage: null, text: '' });
		expect(message.reason).toContain('a person reads it');
	});

	it.each([[undefined], [null], ['promise_to_pay'], [{ intent: 'maybe' }], [{ intent: 42 }]])('names reply.intent when the reply is %p', (reply) => {
		const result = renderer.render(request(reply));
		expect(result).toBeInstanceOf(InvalidFieldError);
		expect((result as InvalidFieldError).field).toBe('reply.intent');
	});

	it('SMS and e-mail answers are plain messages (no kind)', () => {
		expect(render(request({ intent: 'human' }, 'sms')).kind).toBeUndefined();
		expect(render(request({ intent: 'human' }, 'email')).kind).toBeUndefined();
	});
});
