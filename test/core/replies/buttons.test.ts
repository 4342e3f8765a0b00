import { InvalidValueError } from '../../../nodes/core/errors';
import { BUTTON_PAYLOAD_ALIASES, MAX_BUTTON_PAYLOAD_LENGTH, buttonPayload, createReplyClassifier, parseButtonPayload } from '../../../nodes/core/replies';

describe('buttonPayload / parseButtonPayload', () => {
	it('builds a compact, versioned payload that reads back exactly', () => {
		expect(buttonPayload('already_paid', 'inv-1001')).toBe('DUN1|already_paid|inv-1001');
		expect(parseButtonPayload('DUN1|already_paid|inv-1001')).toEqual({ intent: 'already_paid', key: 'inv-1001' });
		expect(buttonPayload('negotiate', 'k', { instalments: 3 })).toBe('DUN1|negotiate|k|i3');
		expect(buttonPayload('negotiate', 'k', { choice: 2 })).toBe('DUN1|negotiate|k|c2');
		expect(buttonPayload('negotiate', 'k', { instalments: 12, choice: 1 })).toBe('DUN1|negotiate|k|i12c1');
		expect(buttonPayload('opt_out', 'k', { scope: 'all' })).toBe('DUN1|opt_out|k|all');
		expect(parseButtonPayload('DUN1|negotiate|k|i12c1')).toEqual({ intent: 'negotiate', key: 'k', option: { instalments: 12, choice: 1 } });
		expect(parseButtonPayload('DUN1|opt_out|k|all')).toEqual({ intent: 'opt_out', key: 'k', option: { scope: 'all' } });
	});

	it('escapes "|" and "%" in keys, so a key can never be read as a separator', () => {
		const key = 'acme|inv 7%|x';
		const payload = buttonPayload('dispute', key);
		expect(payload).toBe('DUN1|dispute|acme%7Cinv 7%25%7Cx');
		expect(payload.split('|')).toHaveLength(3);
		expect(parseButtonPayload(payload)).toEqual({ intent: 'dispute', key });
		const unicode = 'fatura-Conceição-ñ';
		expect(parseButtonPayload(buttonPayload('human', unicode))?.key).toBe(unicode);
	});

	it.each([
		[() => buttonPayload('other', 'k'), 'cannot be a button'],
		[() => buttonPayload('already_paid', ''), 'needs the key'],
		[() => buttonPayload('already_paid', 'x'.repeat(120)), `more than ${MAX_BUTTON_PAYLOAD_LENGTH}`],
		[() => buttonPayload('already_paid', 'k', { instalments: 3 }), 'cannot carry instalments'],
		[() => buttonPayload('negotiate', 'k', { instalments: 0 }), 'from 1 to 99'],
		[() => buttonPayload('negotiate', 'k', { choice: 2.5 }), 'from 1 to 99'],
		[() => buttonPayload('negotiate', 'k', { scope: 'all' }), 'only an opt-out'],
	])('refuses what cannot be a payload (%#)', (build, problem) => {
		expect(build).toThrow(InvalidValueError);
		expect(build).toThrow(problem);
	});

	it('keeps every payload within 128 characters', () => {
		expect(buttonPayload('promise_to_pay', 'k'.repeat(MAX_BUTTON_PAYLOAD_LENGTH - 'DUN1|promise_to_pay|'.length)).length).toBe(MAX_BUTTON_PAYLOAD_LENGTH);
	});

	it.each([
		'DUN1|paid|k', // not an intent name
		'DUN1|other|k',
		'DUN1|already_paid|', // no key
		'DUN1|already_paid',
		'DUN1|already_paid|k|i3', // an option the intent cannot carry
		'DUN1|negotiate|k|x9',
		'DUN1|negotiate|k|i0',
		'DUN1|negotiate|k|c2|extra',
		'DUN1|dispute|bad%zz',
		'DUN2|already_paid|k', // another version: the button text is read instead
		'dun1|already_paid|k',
		'btn_7',
		'',
		'   ',
	])('%p is not one of ours', (payload) => {
		expect(parseButtonPayload(payload)).toBeNull();
	});

	it('is null for anything that is not a string', () => {
		for (const value of [undefined, null, 42, {}, ['DUN1|already_paid|k']]) expect(parseButtonPayload(value)).toBeNull();
	});

	it('accepts the documented provider aliases, case and separators aside', () => {
		expect(parseButtonPayload('PAID')).toEqual({ intent: 'already_paid', key: null });
		expect(parseButtonPayload('stop')).toEqual({ intent: 'opt_out', key: null });
		expect(parseButtonPayload('STOPALL')).toEqual({ intent: 'opt_out', key: null, option: { scope: 'all' } });
		expect(parseButtonPayload('Negotiate')).toEqual({ intent: 'negotiate', key: null });
		expect(parseButtonPayload('wrong-number')).toEqual({ intent: 'wrong_person', key: null });
		expect(parseButtonPayload('CALL ME')).toEqual({ intent: 'human', key: null });
		for (const [name, parsed] of Object.entries(BUTTON_PAYLOAD_ALIASES)) expect(parseButtonPayload(name)?.intent).toBe(parsed.intent);
	});

	it('a parsed alias is a copy: changing it does not change the next one', () => {
		const first = parseButtonPayload('STOPALL');
		if (first?.option) first.option.scope = undefined;
		expect(parseButtonPayload('STOPALL')?.option).toEqual({ scope: 'all' });
	});
});

describe('a button deciding the reply', () => {
	const classifier = createReplyClassifier();

	it('a recognised payload decides exactly, whatever the text says', () => {
		const reply = classifier.classify({ buttonPayload: 'DUN1|already_paid|inv-1001', buttonText: 'Já paguei', text: 'Já paguei' });
		expect(reply).toMatchObject({ intent: 'already_paid', intents: ['already_paid'], confidence: 1, language: 'pt', button: { intent: 'already_paid', key: 'inv-1001' } });
		expect(reply.reasons).toBe('Button: the payload "DUN1|already_paid|inv-1001" means already paid (message inv-1001).');
		expect(classifier.classify({ buttonPayload: 'DUN1|opt_out|k', text: 'quero continuar recebendo' }).intent).toBe('opt_out');
	});

	it('carries the option and the opt-out scope', () => {
		expect(classifier.classify({ buttonPayload: 'DUN1|negotiate|k|c2', buttonText: 'Opção 2' })).toMatchObject({ intent: 'negotiate', option: { choice: 2 } });
		expect(classifier.classify({ buttonPayload: 'DUN1|opt_out|k|all' })).toMatchObject({ intent: 'opt_out', optOutScope: 'all' });
		expect(classifier.classify({ buttonPayload: 'STOP' })).toMatchObject({ intent: 'opt_out', optOutScope: 'channel' });
		expect(classifier.classify({ buttonPayload: 'PAID' }).reasons).toContain('a standard payload');
	});

	it('a receipt sent with a paid button is a receipt', () => {
		expect(classifier.classify({ buttonPayload: 'PAID', media: [{ type: 'image', mime: 'image/jpeg' }] }).receipt).toBe(true);
	});

	it("an unknown payload falls back to the button's text, and says so", () => {
		const reply = classifier.classify({ buttonPayload: 'btn_7', buttonText: 'Quero negociar' });
		expect(reply.intent).toBe('negotiate');
		expect(reply.confidence).toBeLessThan(1);
		expect(reply.button).toBeNull();
		expect(reply.reasons).toContain('"btn_7" is not one this package defines');
		expect(reply.reasons).toContain("the button's text was read");
		expect(classifier.classify({ buttonPayload: 'unknown-42', buttonText: 'Dejar de recibir' }).intent).toBe('opt_out');
	});
});
