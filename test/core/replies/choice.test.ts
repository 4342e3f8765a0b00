/**
 * The choice of an offer's option in a reply (reply.choice): instalments, an option by its place,
 * or the settlement, in Portuguese, Spanish and English, from words and from option buttons; and
 * the replies that must choose nothing.
 */
import { InvalidValueError } from '../../../nodes/core/errors';
import { buttonPayload, createReplyClassifier, parseButtonPayload, type ReplyInput } from '../../../nodes/core/replies';

const AT = '2026-12-02T14:00:00-03:00';
const classifier = createReplyClassifier();
const read = (text: string, extra: Partial<ReplyInput> = {}) => classifier.classify({ text, at: AT, ...extra });

describe('reply.choice from the words', () => {
	it.each([
		['quero em 3x', { instalments: 3 }],
		['3 vezes', { instalments: 3 }],
		['parcelar em 3', { instalments: 3 }],
		['pode ser em 4 parcelas?', { instalments: 4 }],
		['opção 2', { option: 2 }],
		['a segunda', { option: 2 }],
		['fico com a primeira opção', { option: 1 }],
		['à vista', { settlement: true }],
		['quero o desconto', { settlement: true }],
		['quero pagar à vista', { settlement: true }],
		['quero a opção à vista', { settlement: true }],
		['en 3 pagos', { instalments: 3 }],
		['opción 2', { option: 2 }],
		['la segunda', { option: 2 }],
		['de contado', { settlement: true }],
		['quiero pagar de contado', { settlement: true }],
		['acepto el descuento', { settlement: true }],
		['3 installments', { instalments: 3 }],
		['option 2', { option: 2 }],
		['the second one', { option: 2 }],
		['pay in full', { settlement: true }],
		["I'll take the discount", { settlement: true }],
		['opção 2, em 3x', { option: 2, instalments: 3 }],
	])('"%s" → %j', (text, choice) => {
		const reply = read(text);
		expect(reply.intent).toBe('negotiate');
		expect(reply.choice).toEqual(choice);
	});

	it('says which words decided', () => {
		expect(read('quero em 3x').reasons).toBe('Negotiate: the words "3x" (pt), choosing 3 instalments ("3x").');
		expect(read('a segunda').reasons).toContain('choosing option 2 ("a segunda")');
		expect(read('de contado').reasons).toContain('choosing the settlement (paying in one go) ("de contado")');
		expect(read('pay in full').reasons).toContain('("pay in full")');
	});

	it.each([
		'quero negociar',
		'quero parcelar',
		'quiero negociar',
		'can we work something out?',
		'tem desconto pra pagar à vista?',
		'qual o valor à vista com desconto?',
		'não consigo pagar à vista',
		'nao consigo pagar o valor todo de uma vez',
		'no puedo pagar de contado',
		'I cant pay in full',
		'Vcs aceitam uma proposta de 50% à vista?',
	])('"%s" is a negotiation that chooses nothing', (text) => {
		const reply = read(text);
		expect(reply.intent).toBe('negotiate');
		expect(reply.choice).toBeNull();
	});

	it('a choice beside another intent does not take it over; a bare ordinal in a sentence is not a choice', () => {
		expect(read('já paguei à vista').intent).toBe('already_paid');
		expect(read('já paguei à vista').choice).toBeNull();
		expect(read('I paid in full').intent).toBe('already_paid');
		expect(read('pago na segunda').intent).toBe('promise_to_pay');
		expect(read('pago na segunda').choice).toBeNull();
		expect(read('vou pagar em 3 dias').choice).toBeNull();
		expect(read('PARAR, não quero em 3x').intent).toBe('opt_out');
	});

	it('a promise with a day keeps its day, the settlement rides along', () => {
		const reply = read('pago à vista na sexta');
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBe('2026-12-04');
		expect(reply.intents).toContain('negotiate');
		expect(reply.choice).toEqual({ settlement: true });
	});
});

describe('option buttons', () => {
	it('carry the option by place (c<k>), the instalments (i<n>) or the settlement (s), and read back', () => {
		expect(buttonPayload('negotiate', 'INV-7.negotiation_30d', { choice: 2 })).toBe('DUN1|negotiate|INV-7.negotiation_30d|c2');
		expect(buttonPayload('negotiate', 'k', { settlement: true })).toBe('DUN1|negotiate|k|s');
		expect(parseButtonPayload('DUN1|negotiate|k|s')).toEqual({ intent: 'negotiate', key: 'k', option: { settlement: true } });
		expect(() => buttonPayload('negotiate', 'k', { settlement: true, instalments: 3 })).toThrow(InvalidValueError);
		expect(() => buttonPayload('already_paid', 'k', { settlement: true })).toThrow(InvalidValueError);
		expect(parseButtonPayload('DUN1|already_paid|k|s')).toBeNull();
		expect(parseButtonPayload('DUN1|negotiate|k|s2')).toBeNull();
	});

	it('decide the choice exactly, whatever the button says', () => {
		const tap = (payload: string, text: string) => classifier.classify({ buttonPayload: payload, buttonText: text, at: AT });
		expect(tap('DUN1|negotiate|k|c2', 'Opção 2')).toMatchObject({ intent: 'negotiate', confidence: 1, choice: { option: 2 } });
		expect(tap('DUN1|negotiate|k|i3', '3x sem juros')).toMatchObject({ intent: 'negotiate', choice: { instalments: 3 } });
		expect(tap('DUN1|negotiate|k|s', 'À vista')).toMatchObject({ intent: 'negotiate', choice: { settlement: true } });
		expect(tap('DUN1|negotiate|k|s', 'À vista').reasons).toContain('choosing the settlement');
		expect(tap('DUN1|negotiate|k', 'Quero negociar').choice).toBeNull();
	});
});
