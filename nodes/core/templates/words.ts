/**
 * What the helpers and the footer say, per language: day counts with plurals, how to pay, the
 * creditor's tax id label, the support contact and the opt-out line. Spanish has two registers:
 * "tú" for the friendly tone, "usted" for the firm and formal ones.
 */
import type { Channel, Language, Tone } from './types';

export interface PaymentWords {
	link: string;
	boleto: string;
	pix: string;
	/** No payment method in the item: how to get the bill (the objection "I did not receive it"). */
	askForBill: string;
	/** Same, naming the support contact. */
	askForBillAt: string;
	/** Label of the e-mail button. */
	button: string;
}

/** The itemised debt: labels, and how its inline form is joined. */
export interface DebtWords {
	original: string;
	lateFee: string;
	/** In SMS, where every character counts. */
	lateFeeShort: string;
	interest: string;
	/** "total em {}" / "Total em {}:" with the calculation date. */
	totalOn: string;
	/** The debt with nothing added to it: "{amount} em {date}". */
	asOf: string;
}

/** The offer in words; amounts and dates come formatted. */
export interface OfferWords {
	/** "3× de R$ 345,11 (total R$ 1.035,33), 1ª em 07/12" (SMS: "3x", "1a"); `total` is '' when an SMS leaves it out. */
	instalments(count: number, amount: string, total: string, first: string, sms: boolean): string;
	/** "R$ 931,80 à vista até 09/12". */
	settlement(amount: string, until: string, sms: boolean): string;
	/** Between the plan and the settlement: ", ou ". */
	or: string;
	/** No option to offer: how to get one. */
	none(channel: Channel, tone: Tone): string;
	/** Before a Pix code with a fixed amount: "Pix copia e cola ({}): {}". */
	pixFor: string;
}

/** The quick-reply buttons of the built-in WhatsApp templates (Meta: at most 25 characters each). */
export interface ButtonWords {
	paid: string;
	negotiate: string;
	stop: string;
}

export interface Words {
	language: Language;
	/** "1 dia", "3 dias". */
	days(count: number): string;
	/** Wording of days overdue: positive = late, negative = before the due date, 0 = today. */
	overdue(daysOverdue: number): string;
	payment(channel: Channel, tone: Tone): PaymentWords;
	/** Tax id label for a value of digits only, e.g. CPF (11 digits) or CNPJ (14) in Brazil. */
	taxIdLabel(digits: string, region: string | undefined): string;
	/** "Dúvidas" / "Questions": before the support contact in footers. */
	support: string;
	/** "Mensagem enviada por" / "Sent by": before the creditor identification. */
	sentBy: string;
	optOut(channel: Channel, tone: Tone): string;
	debt: DebtWords;
	offer: OfferWords;
	buttons: ButtonWords;
	/** The file name of a WhatsApp document header: boleto or invoice (without ".pdf"). */
	documentName: { boleto: string; invoice: string };
}

interface PluralsOf {
	rules: Intl.PluralRules;
	/** The rule of each small whole number, asked once: Intl's select costs about a microsecond a call. */
	small: Array<Intl.LDMLPluralRule | undefined>;
}

const plurals = new Map<string, PluralsOf>();

function plural(locale: string, count: number): Intl.LDMLPluralRule {
	let of = plurals.get(locale);
	if (!of) {
		of = { rules: new Intl.PluralRules(locale), small: [] };
		plurals.set(locale, of);
	}
	if (!Number.isInteger(count) || count < 0 || count >= 10_000) return of.rules.select(count);
	return (of.small[count] ??= of.rules.select(count));
}

function fill(text: string, value: string): string {
	return text.replace('{}', value);
}

const PT: Words = {
	language: 'pt',
	days: (n) => `${n} ${plural('pt-BR', n) === 'one' && n !== 0 ? 'dia' : 'dias'}`,
	overdue(n) {
		if (n === 0) return 'vence hoje';
		return n > 0 ? `${PT.days(n)} de atraso` : `vence em ${PT.days(-n)}`;
	},
	payment(channel) {
		if (channel === 'sms') {
			return {
				link: 'Pagamento: {}',
				boleto: 'Boleto: {}',
				pix: 'Pix copia e cola: {}',
				askForBill: 'Para receber a 2ª via, responda esta mensagem.',
				askForBillAt: 'Para receber a 2ª via: {}',
				button: 'Pagar agora',
			};
		}
		return {
			link: 'Pague pelo link: {}',
			boleto: 'Linha digitável do boleto: {}',
			pix: 'Pix copia e cola: {}',
			askForBill:
				channel === 'email'
					? 'Para receber a 2ª via do boleto, é só responder a este e-mail.'
					: 'Para receber a 2ª via do boleto, é só responder a esta mensagem.',
			askForBillAt: 'Para receber a 2ª via do boleto, fale com {}.',
			button: 'Pagar agora',
		};
	},
	taxIdLabel(digits) {
		if (digits.length === 11) return 'CPF';
		if (digits.length === 14) return 'CNPJ';
		return 'CPF/CNPJ';
	},
	support: 'Dúvidas',
	sentBy: 'Mensagem enviada por',
	optOut: (channel) =>
		channel === 'email'
			? 'Se não quiser mais receber estes avisos por e-mail, responda com a palavra SAIR.'
			: 'Responda SAIR para não receber mais mensagens.',
	debt: { original: 'valor original', lateFee: 'multa', lateFeeShort: 'multa', interest: 'juros', totalOn: 'total em {}', asOf: '{} em {}' },
	offer: {
		instalments: (count, amount, total, first, sms) => `${count}${sms ? 'x' : '×'} de ${amount}${total ? ` (total ${total})` : ''}, ${sms ? '1a' : '1ª'} em ${first}`,
		settlement: (amount, until) => `${amount} à vista até ${until}`,
		or: ', ou ',
		none: (channel) => (channel === 'sms' ? 'a combinar, responda esta mensagem' : 'a combinar, é só responder a esta mensagem'),
		pixFor: 'Pix copia e cola ({}): {}',
	},
	buttons: { paid: 'Já paguei', negotiate: 'Quero negociar', stop: 'Parar de receber' },
	documentName: { boleto: 'boleto', invoice: 'fatura' },
};

const ES: Words = {
	language: 'es',
	days: (n) => `${n} ${plural('es', n) === 'one' ? 'día' : 'días'}`,
	overdue(n) {
		if (n === 0) return 'vence hoy';
		return n > 0 ? `${ES.days(n)} de atraso` : `vence en ${ES.days(-n)}`;
	},
	payment(channel, tone) {
		const tu = tone === 'friendly';
		if (channel === 'sms') {
			return {
				link: 'Pago en línea: {}',
				boleto: 'Referencia: {}',
				pix: 'Pix: {}',
				askForBill: tu ? 'Para recibir tu factura, responde este mensaje.' : 'Para recibir su factura, responda este mensaje.',
				askForBillAt: tu ? 'Para recibir tu factura: {}' : 'Para recibir su factura: {}',
				button: 'Pagar ahora',
			};
		}
		const reply = channel === 'email' ? (tu ? 'responde este correo' : 'responda este correo') : tu ? 'responde este mensaje' : 'responda este mensaje';
		return {
			link: tu ? 'Paga en línea: {}' : 'Pague en línea: {}',
			boleto: 'Línea digitable (boleto): {}',
			pix: 'Código Pix (copiar y pegar): {}',
			askForBill: tu ? `Para recibir una copia de tu factura, ${reply}.` : `Para recibir una copia de su factura, ${reply}.`,
			askForBillAt: tu ? 'Para recibir una copia de tu factura, escribe a {}.' : 'Para recibir una copia de su factura, escriba a {}.',
			button: 'Pagar ahora',
		};
	},
	taxIdLabel(digits, region) {
		if (region === 'MX') return 'RFC';
		if (region === 'AR') return 'CUIT';
		if (region === 'CL' || region === 'UY') return 'RUT';
		if (region === 'CO') return 'NIT';
		if (region === 'PE') return 'RUC';
		return 'Id. fiscal';
	},
	support: 'Dudas',
	sentBy: 'Mensaje enviado por',
	optOut: (channel, tone) => {
		const tu = tone === 'friendly';
		if (channel === 'email') {
			return tu
				? 'Si ya no quieres recibir estos avisos por correo, responde con la palabra BAJA.'
				: 'Si ya no desea recibir estos avisos por correo, responda con la palabra BAJA.';
		}
		return tu ? 'Responde BAJA para no recibir más mensajes.' : 'Responda BAJA para no recibir más mensajes.';
	},
	debt: { original: 'monto original', lateFee: 'recargo por atraso', lateFeeShort: 'recargo', interest: 'intereses', totalOn: 'total al {}', asOf: '{} al {}' },
	offer: {
		instalments: (count, amount, total, first, sms) => `${count} pagos de ${amount}${total ? ` (total ${total})` : ''}, ${sms ? '1o el' : 'el primero el'} ${first}`,
		settlement: (amount, until, sms) => (sms ? `${amount} en 1 pago hasta ${until}` : `${amount} en un solo pago hasta el ${until}`),
		or: ', o ',
		none: (_channel, tone) => (tone === 'friendly' ? 'por acordar, responde este mensaje' : 'por acordar, responda este mensaje'),
		pixFor: 'Código Pix ({}): {}',
	},
	buttons: { paid: 'Ya pagué', negotiate: 'Quiero negociar', stop: 'No recibir más' },
	documentName: { boleto: 'boleto', invoice: 'factura' },
};

const EN: Words = {
	language: 'en',
	days: (n) => `${n} ${plural('en', n) === 'one' ? 'day' : 'days'}`,
	overdue(n) {
		if (n === 0) return 'due today';
		return n > 0 ? `${EN.days(n)} overdue` : `due in ${EN.days(-n)}`;
	},
	payment(channel) {
		if (channel === 'sms') {
			return {
				link: 'Pay online: {}',
				boleto: 'Boleto: {}',
				pix: 'Pix: {}',
				askForBill: 'Reply to this message to get a copy of your bill.',
				askForBillAt: 'For a copy of your bill: {}',
				button: 'Pay now',
			};
		}
		return {
			link: 'Pay online: {}',
			boleto: 'Boleto barcode line: {}',
			pix: 'Pix copy-and-paste code: {}',
			askForBill:
				channel === 'email'
					? 'Need a copy of your bill? Just reply to this e-mail.'
					: 'Need a copy of your bill? Just reply to this message.',
			askForBillAt: 'Need a copy of your bill? Contact {}.',
			button: 'Pay now',
		};
	},
	taxIdLabel: () => 'Tax ID',
	support: 'Questions',
	sentBy: 'Sent by',
	optOut: (channel) =>
		channel === 'email' ? 'To stop receiving these e-mail reminders, reply with the word STOP.' : 'Reply STOP to opt out.',
	debt: { original: 'original amount', lateFee: 'late fee', lateFeeShort: 'late fee', interest: 'interest', totalOn: 'total as of {}', asOf: '{} as of {}' },
	offer: {
		instalments: (count, amount, total, first, sms) =>
			sms ? `${count}x ${amount}${total ? ` (total ${total})` : ''}, 1st on ${first}` : `${count} payments of ${amount} (total ${total}), the first on ${first}`,
		settlement: (amount, until, sms) => `${amount} ${sms ? 'in full' : 'in one payment'} by ${until}`,
		or: ', or ',
		none: () => 'to be agreed, just reply to this message',
		pixFor: 'Pix code ({}): {}',
	},
	buttons: { paid: 'I already paid', negotiate: 'I want to negotiate', stop: 'Stop messages' },
	documentName: { boleto: 'boleto', invoice: 'invoice' },
};

export const WORDS: Record<Language, Words> = { pt: PT, es: ES, en: EN };

export { fill };
