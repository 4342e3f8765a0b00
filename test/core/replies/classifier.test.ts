import { InvalidSettingError } from '../../../nodes/core/errors';
import { MAX_ANALYSED_CHARS, REPLY_INTENTS, type Reply, type ReplyInput, classifyReply, createReplyClassifier } from '../../../nodes/core/replies';

const AT = '2026-12-02T14:00:00-03:00';
const classifier = createReplyClassifier();
const read = (text: unknown, extra: Partial<ReplyInput> = {}): Reply => classifier.classify({ text, at: AT, ...extra });

describe('intents, as debtors write them', () => {
	it.each([
		['PARAR', 'opt_out'],
		['sairrrr', 'opt_out'],
		['me tira dessa lista', 'opt_out'],
		['ya no me escriban', 'opt_out'],
		['BAJA', 'opt_out'],
		['UNSUBSCRIBE', 'opt_out'],
		['ja paguei', 'already_paid'],
		['paguei!!!', 'already_paid'],
		['ya pague', 'already_paid'],
		['I already paid this', 'already_paid'],
		['pg dia 10', 'promise_to_pay'],
		['el viernes le pago', 'promise_to_pay'],
		['quero parcelar', 'negotiate'],
		['¿puedo pagar en parcialidades?', 'negotiate'],
		['payment plan pls', 'negotiate'],
		['n recebi o boleto', 'payment_info'],
		['manda o pix', 'payment_info'],
		['send me the link', 'payment_info'],
		['não reconheço essa cobrança', 'dispute'],
		['no reconozco ese cargo', 'dispute'],
		["I don't owe this", 'dispute'],
		['não sou a Maria', 'wrong_person'],
		['número equivocado', 'wrong_person'],
		['wrong number', 'wrong_person'],
		['quero falar com um atendente', 'human'],
		['llámenme', 'human'],
		['call me', 'human'],
		['blz vlw', 'other'],
		['gracias', 'other'],
		['thx', 'other'],
	])('%p → %s', (text, intent) => {
		expect(read(text).intent).toBe(intent);
	});

	it('lists every intent found, in priority order', () => {
		expect(read('já paguei metade, posso parcelar o resto?').intents).toEqual(['already_paid', 'negotiate']);
		expect(read('manda o pix que eu pago agora').intents).toEqual(['promise_to_pay', 'payment_info']);
		expect(read('me liga pra gente negociar').intents).toEqual(['human', 'negotiate']);
	});

	it('reads ALL CAPS, missing accents, repeated letters, emojis and slang alike', () => {
		for (const text of ['JÁ PAGUEI', 'ja paguei', 'jaaa pagueiii!!!', 'já paguei 🙏🙏', 'Já pguei']) expect(read(text).intent).toBe('already_paid');
		for (const text of ['qdo receber eu pago', 'xq n chegou o boleto?', 'vc n viu q eu ja paguei?']) expect(read(text).intent).not.toBe('other');
	});

	it('says which words decided, in one sentence', () => {
		const reply = read('PARAR');
		expect(reply.reasons).toBe('Opt-out: the words "parar" (pt).');
		expect(read('sexta eu pago').reasons).toMatch(/^Promise to pay: the words "eu pago" \(pt\), promised for Friday 2026-12-04 \("sexta"\)\.$/);
		for (const text of ['ja paguei, parem de mandar msg', 'x', '', 'pago 31/02', 'claro que vou pagar kkkk']) {
			const reasons = read(text).reasons;
			expect(reasons.endsWith('.')).toBe(true);
			expect(reasons.slice(0, -1)).not.toContain('. ');
		}
	});

	it('detects the language, and takes the locale only as a hint', () => {
		expect(read('já paguei ontem').language).toBe('pt');
		expect(read('ya pagué ayer').language).toBe('es');
		expect(read('I paid yesterday').language).toBe('en');
		expect(read('ya pagué ayer', { locale: 'en-US' }).language).toBe('es');
		expect(read('👍', { locale: 'es-MX' }).language).toBe('es');
		expect(read('👍').language).toBe('unknown');
		const russian = read('Я уже заплатил');
		expect(russian.language).toBe('unknown');
		expect(russian.intent).toBe('other');
	});

	it('reads a negotiation option: instalments or the offer chosen', () => {
		expect(read('quero em 3x').option).toEqual({ instalments: 3 });
		expect(read('pode ser em 3 vezes?').option).toEqual({ instalments: 3 });
		expect(read('opção 2').option).toEqual({ choice: 2 });
		expect(read('option 2').option).toEqual({ choice: 2 });
		expect(read('en 3 meses').option).toEqual({ instalments: 3 });
		expect(read('me interesa la segunda opción').option).toEqual({ choice: 2 });
		expect(read('Acepto la opción de 4 pagos').option).toEqual({ instalments: 4 });
		expect(read('quero parcelar').option).toBeNull();
		expect(read('ja paguei').option).toBeNull();
	});
});

describe('safety', () => {
	it.each(['PARAR', 'SAIR', 'PARE', 'CANCELAR', 'não quero mais receber', 'me tira dessa lista', 'BAJA', 'ALTO', 'ya no me escriban', 'no me manden mas', 'STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'CANCEL'])(
		'%p is an opt-out',
		(text) => {
			const reply = read(text);
			expect(reply.intent).toBe('opt_out');
			expect(reply.optOutScope).not.toBeNull();
		},
	);

	it.each([
		['não quero parar de receber', 'other'],
		['nao precisa parar de mandar, pode continuar', 'other'],
		["don't stop the reminders", 'other'],
		['no quiero darme de baja, solo saber cuánto debo', 'payment_info'],
		['quando sair o salário eu pago', 'promise_to_pay'],
		['end of the month I will pay', 'promise_to_pay'],
		['el interés está muy alto', 'negotiate'],
		['la tasa es muy baja', 'other'],
	])('%p is not an opt-out (%s)', (text, intent) => {
		expect(read(text).intent).toBe(intent);
	});

	it('an opt-out word in a longer sentence still counts, less sure beside other intents', () => {
		const alone = read('parem de me mandar mensagem');
		const mixed = read('ja paguei, parem de me mandar mensagem');
		expect(mixed.intent).toBe('opt_out');
		expect(mixed.intents).toEqual(['opt_out', 'already_paid']);
		expect(mixed.confidence).toBeLessThan(alone.confidence);
		expect(read('pago dia 10 SAIR').intent).toBe('opt_out');
	});

	it('an opt-out is never handed to a person, whatever the threshold', () => {
		const strict = createReplyClassifier({ confidenceThreshold: 0.99 });
		expect(strict.classify({ text: 'ja paguei, parem de me mandar mensagem' }).intent).toBe('opt_out');
	});

	it('says "all" when the words say every channel', () => {
		expect(read('não me mandem mais nada por nenhum canal').optOutScope).toBe('all');
		expect(read('stop all').optOutScope).toBe('all');
		expect(read('STOPALL').optOutScope).toBe('all');
		expect(read('PARAR').optOutScope).toBe('channel');
		expect(read('ja paguei').optOutScope).toBeNull();
	});

	it.each([
		['não paguei ainda', 'other'],
		['ainda não paguei', 'other'],
		['no he pagado', 'other'],
		["I haven't paid yet", 'other'],
	])('%p is not already paid', (text, intent) => {
		const reply = read(text);
		expect(reply.intent).toBe(intent);
		expect(reply.reasons).toContain('negated');
	});

	it('"não paguei ainda, pago sexta" is a promise for Friday', () => {
		expect(read('não paguei ainda, pago sexta')).toMatchObject({ intent: 'promise_to_pay', promiseDate: '2026-12-04' });
	});

	it('a refused promise goes to a person', () => {
		for (const text of ['não vou pagar', 'no les voy a pagar nada', "I won't pay", "I'm not paying"]) expect(read(text).intent).toBe('human');
	});

	it('irony and questions lower confidence and go to a person', () => {
		for (const text of ['claro que vou pagar kkkk', "sure I'll pay lol", 'já paguei?', 'ya pagué??', 'acho que já paguei', 'sí cómo no, el viernes le pago jaja']) {
			const reply = read(text);
			expect(reply.intent).toBe('human');
			expect(reply.confidence).toBeLessThan(0.5);
			expect(reply.intents[0]).toBe('human');
			expect(reply.reasons).toMatch(/^Human: the reading/);
		}
		expect(read('vou pagar').confidence).toBeGreaterThan(read('vou pagar kkkk').confidence);
		expect(read('já paguei moço kkkk').intent).toBe('already_paid'); // laughter alone is not irony
	});

	it('the threshold is a setting', () => {
		expect(createReplyClassifier({ confidenceThreshold: 0.3 }).classify({ text: 'já paguei?' }).intent).toBe('already_paid');
		expect(createReplyClassifier({ confidenceThreshold: 0.9 }).classify({ text: 'pago' }).intent).toBe('human');
	});
});

describe('quoted text of our own message', () => {
	it.each([
		['> Olá Maria, sua fatura venceu. Responda SAIR para não receber mais\nJá paguei', 'already_paid'],
		['Já paguei ontem.\n\nEm qua., 2 de dez. de 2026 às 09:00, Cobrança ACME <c@acme.com> escreveu:\n> Responda SAIR.', 'already_paid'],
		['On Wed, Dec 2, 2026 at 9:00 AM Billing <b@acme.com> wrote:\n> Reply STOP to opt out.\nPaid yesterday', 'already_paid'],
		['[02/12/2026 09:15] ACME: Para parar de receber, responda PARAR.\nJá paguei essa parcela', 'already_paid'],
		['Olá Ana, sua parcela venceu. Responda SAIR para não receber mais. Pago sexta', 'promise_to_pay'],
		['Si ya pagó, ignore este mensaje. quiero parcelar', 'negotiate'],
	])('our opt-out instruction pasted back is not an opt-out: %p', (text, intent) => {
		const reply = read(text);
		expect(reply.intent).toBe(intent);
		expect(reply.reasons).toMatch(/quoted text of our message was ignored|instructions, pasted back, were ignored/);
	});

	it('the debtor\'s own opt-out above a quote still counts', () => {
		expect(read('PARAR\n> Olá Ana, responda SAIR para não receber mais.').intent).toBe('opt_out');
	});
});

describe('media', () => {
	const photo = [{ type: 'image', mime: 'image/jpeg' }];
	const pdf = [{ type: 'document', mime: 'application/pdf' }];

	it('an image or PDF with paid words is a receipt', () => {
		for (const [text, media] of [
			['paguei', photo],
			['segue o comprovante', pdf],
			['ya pagué, aquí el comprobante', photo],
			['here is my receipt', pdf],
		] as const) {
			const reply = read(text, { media: [...media] });
			expect(reply.intent).toBe('already_paid');
			expect(reply.receipt).toBe(true);
			expect(reply.reasons).toContain('receipt');
		}
	});

	it('an image or PDF alone is read as a receipt, less sure, for a person to check', () => {
		const reply = read('', { media: photo });
		expect(reply).toMatchObject({ intent: 'already_paid', receipt: true, confidence: 0.6 });
		expect(reply.reasons).toContain('a person checks it');
		expect(read(undefined, { media: pdf }).intent).toBe('already_paid');
	});

	it('a voice message goes to a person; a sticker is nothing', () => {
		expect(read('', { media: [{ type: 'audio', mime: 'audio/ogg' }] }).intent).toBe('human');
		expect(read('', { media: [{ type: 'sticker', mime: 'image/webp' }] }).intent).toBe('other');
	});

	it('paid words without an attachment are paid, without a receipt', () => {
		expect(read('paguei')).toMatchObject({ intent: 'already_paid', receipt: false });
	});

	it('an attachment with a dispute stays a dispute', () => {
		expect(read('não reconheço essa cobrança', { media: photo })).toMatchObject({ intent: 'dispute', receipt: false });
	});
});

describe('bad input', () => {
	it('empty text and nothing else → other, with a reason', () => {
		for (const text of ['', '   ', '\n\t', undefined, null]) {
			const reply = read(text);
			expect(reply.intent).toBe('other');
			expect(reply.reasons).toBe('Other: the reply has no text, button or media.');
		}
	});

	it('only emojis, only laughter or only punctuation → other', () => {
		expect(read('👍').reasons).toBe('Other: only emojis.');
		expect(read('😂😂😂').intent).toBe('other');
		expect(read('kkkkkk').reasons).toBe('Other: only laughter.');
		expect(read('???').intent).toBe('other');
	});

	it('numbers are read as text, objects as empty, and nothing throws', () => {
		expect(read(15).intent).toBe('other');
		expect(read({ text: 'PARAR' }).intent).toBe('other');
		expect(read(['PARAR']).intent).toBe('other');
		for (const input of [null, undefined, 42, 'PARAR', [], { text: Symbol('x') }, { media: 'photo' }, { media: [null, 3, {}] }, { at: {} }, { timezone: 42 }, { locale: {} }, { buttonPayload: {} }]) {
			expect(() => classifier.classify(input as unknown as ReplyInput)).not.toThrow();
		}
	});

	it('10 KB of text is read in bounded time, capped, and the reason says so', () => {
		const long = `${'blá '.repeat(2500)} PARAR`;
		const started = process.hrtime.bigint();
		const reply = read(long);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		expect(ms).toBeLessThan(50);
		expect(reply.reasons).toContain(`only the first ${MAX_ANALYSED_CHARS.toLocaleString('en-US')} characters were read`);
		expect(read(`PARAR ${'blá '.repeat(2500)}`).intent).toBe('opt_out');
	});

	it('never throws on random input', () => {
		let seed = 7;
		const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
		const alphabet = 'aáãçeéiíoóõuúñ pagueiPARARdia15/12?!.,>\n😂👍kkkjaja0123456789-#@"';
		for (let i = 0; i < 2000; i++) {
			let text = '';
			for (let k = next() % 60; k > 0; k--) text += alphabet[next() % alphabet.length];
			const reply = classifier.classify({ text, at: next() % 2 ? AT : 'x', timezone: next() % 2 ? 'America/Sao_Paulo' : 'nope' });
			expect(REPLY_INTENTS).toContain(reply.intent);
			expect(reply.confidence).toBeGreaterThanOrEqual(0);
			expect(reply.confidence).toBeLessThanOrEqual(1);
			if (reply.promiseDate !== null) expect(reply.promiseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
	});

	it('confidence is rounded to two decimals', () => {
		for (const text of ['ja paguei', 'pago', 'claro que vou pagar kkkk', 'quero parcelar, me liga']) {
			const c = read(text).confidence;
			expect(Math.round(c * 100) / 100).toBe(c);
		}
	});
});

describe('settings', () => {
	it('extra phrases per intent and extra opt-out words are honoured', () => {
		const custom = createReplyClassifier({
			extraPhrases: { already_paid: 'tá quitadíssimo, acertei na loja', human: 'chama o gerente' },
			extraOptOutWords: 'nunca mais\nCHEGA DISSO',
		});
		expect(custom.classify({ text: 'tá quitadíssimo' }).intent).toBe('already_paid');
		expect(custom.classify({ text: 'tá quitadíssimo' }).reasons).toContain('(your extra phrases)');
		expect(custom.classify({ text: 'chama o gerente aí' }).intent).toBe('human');
		expect(custom.classify({ text: 'Nunca mais!!!' }).intent).toBe('opt_out');
		expect(custom.classify({ text: 'chega disso' }).intent).toBe('opt_out');
		// The default classifier is not changed by another one's settings.
		expect(classifyReply({ text: 'tá quitadíssimo' }).intent).not.toBe('already_paid');
	});

	it('a negated extra phrase does not count', () => {
		const custom = createReplyClassifier({ extraOptOutWords: 'desinscrever' });
		expect(custom.classify({ text: 'quero desinscrever' }).intent).toBe('opt_out');
		expect(custom.classify({ text: 'não quero desinscrever' }).intent).toBe('other');
	});

	it.each([
		[{ extraOptOutWords: '🙂' }, 'Extra Opt-Out Words'],
		[{ extraOptOutWords: 42 }, 'Extra Opt-Out Words'],
		[{ extraPhrases: { already_paid: '!!!' } }, 'Extra Phrases (Already paid)'],
		[{ extraPhrases: { paid: 'x' } }, 'Extra Phrases'],
		[{ extraPhrases: 'paguei' }, 'Extra Phrases'],
		[{ extraPhrases: { negotiate: 'um dois tres quatro cinco seis sete oito nove dez onze doze treze' } }, 'Extra Phrases (Negotiate)'],
		[{ confidenceThreshold: 2 }, 'Confidence Threshold'],
		[{ confidenceThreshold: 'high' }, 'Confidence Threshold'],
		[{ defaultTimeZone: 'Brazil/Nowhere' }, 'Default Time Zone'],
	])('%p is refused, naming the setting', (settings, name) => {
		try {
			createReplyClassifier(settings as never);
			throw new Error('no error');
		} catch (error) {
			expect(error).toBeInstanceOf(InvalidSettingError);
			expect((error as InvalidSettingError).setting).toBe(name);
			expect((error as InvalidSettingError).hint.length).toBeGreaterThan(0);
		}
	});

	it('empty settings are the defaults', () => {
		const c = createReplyClassifier({ extraPhrases: {}, extraOptOutWords: '', confidenceThreshold: '', defaultTimeZone: ' ' });
		expect(c.confidenceThreshold).toBe(0.5);
		expect(c.defaultTimeZone).toBe('America/Sao_Paulo');
		expect(createReplyClassifier({ confidenceThreshold: '0.7' }).confidenceThreshold).toBe(0.7);
	});
});
