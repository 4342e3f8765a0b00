import {
	GSM7_PART,
	SHORTEN_END,
	SHORTEN_START,
	analyzeSms,
	fitToSegments,
	isGsm7,
	stripShortenMarks,
	transliterateTidyWithCounts,
	transliterateToGsm7,
	transliterateWithCounts,
} from '../../nodes/core/sms';

const repeat = (text: string, n: number) => text.repeat(n);

describe('analyzeSms: the vectors of gateways.md §6 (sms-segments-calculator 1.3.0)', () => {
	it.each([
		['160 × a', repeat('a', 160), 'GSM-7', 1],
		['161 × a', repeat('a', 161), 'GSM-7', 2],
		['306 × a', repeat('a', 306), 'GSM-7', 2],
		['307 × a', repeat('a', 307), 'GSM-7', 3],
		['80 × € (extension, 2 septets each)', repeat('€', 80), 'GSM-7', 1],
		['81 × €', repeat('€', 81), 'GSM-7', 2],
		['70 × ã', repeat('ã', 70), 'UCS-2', 1],
		['71 × ã', repeat('ã', 71), 'UCS-2', 2],
		['134 × ã', repeat('ã', 134), 'UCS-2', 2],
		['135 × ã', repeat('ã', 135), 'UCS-2', 3],
		['35 × 😀 (2 code units each)', repeat('😀', 35), 'UCS-2', 1],
		['36 × 😀', repeat('😀', 36), 'UCS-2', 2],
	])('%s', (_name, text, encoding, segments) => {
		expect(analyzeSms(text)).toMatchObject({ encoding, segments });
	});

	it('counts characters as people do and units as carriers bill', () => {
		expect(analyzeSms(repeat('€', 80))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 80, units: 160 });
		expect(analyzeSms(repeat('😀', 36))).toEqual({ encoding: 'UCS-2', segments: 2, characters: 36, units: 72 });
		expect(analyzeSms('')).toEqual({ encoding: 'GSM-7', segments: 0, characters: 0, units: 0 });
	});

	it('never splits an escape pair across parts', () => {
		// 152 septets of "a" then "€": 154 would not fit a 153-septet part, so "€" opens part 2.
		const text = `${repeat('a', 152)}€${repeat('a', 10)}`;
		expect(analyzeSms(text)).toMatchObject({ units: 164, segments: 2 });
		const exact = `${repeat('a', 151)}€${repeat('a', 153)}`; // 153 + 153 septets
		expect(analyzeSms(exact)).toMatchObject({ units: 306, segments: 2 });
		const over = `${repeat('a', 152)}€${repeat('a', 152)}`; // the € moves: 152 | 2+152 = 154 → 3 parts
		expect(analyzeSms(over)).toMatchObject({ units: 306, segments: 3 });
	});

	it('never splits a surrogate pair or a joined emoji across UCS-2 parts', () => {
		// 66 units of "ã" then an emoji: 68 > 67, so the emoji starts the second part.
		expect(analyzeSms(`${repeat('ã', 66)}😀${repeat('ã', 66)}`)).toMatchObject({ units: 134, segments: 3 });
		expect(analyzeSms(`${repeat('ã', 65)}😀${repeat('ã', 67)}`)).toMatchObject({ units: 134, segments: 2 });
		// A family emoji (ZWJ sequence, 11 units) is kept whole.
		const family = '👨‍👩‍👧‍👦';
		expect(family.length).toBe(11);
		expect(analyzeSms(`${repeat('ã', 60)}${family}`)).toMatchObject({ units: 71, segments: 2 });
		expect(analyzeSms(`${repeat('ã', 60)}${family}${repeat('ã', 56)}`)).toMatchObject({ units: 127, segments: 2 });
		expect(analyzeSms(`${repeat('ã', 60)}${family}${repeat('ã', 57)}`)).toMatchObject({ units: 128, segments: 3 });
	});

	it('knows which Portuguese and Spanish letters GSM-7 has', () => {
		for (const c of 'éÉàèìòùÇñÑüÜäÄöÖ¿¡€$@£¥§') expect(isGsm7(c)).toBe(true);
		for (const c of 'áâãçêíóôõúÁÂÃÊÍÓÔÕÚÀÈÌÒÙëïîûºª°`') expect(isGsm7(c)).toBe(false);
		expect(analyzeSms('Olá').encoding).toBe('UCS-2');
		expect(analyzeSms('Café ¿Qué?').encoding).toBe('GSM-7');
	});
});

describe('transliterateToGsm7', () => {
	it('drops the marks GSM-7 lacks and keeps the letters it has', () => {
		expect(transliterateToGsm7('Olá, João! Não identificamos a cobrança de você.')).toBe('Ola, Joao! Nao identificamos a cobranca de voce.');
		expect(transliterateToGsm7('Ação ÇÃO ção')).toBe('Acao ÇAO cao');
		expect(transliterateToGsm7('¿Ya pagó? Envía tu comprobante, señor Muñoz. Café')).toBe('¿Ya pago? Envia tu comprobante, señor Muñoz. Café');
		expect(transliterateToGsm7('2ª via, nº 3, 25°C')).toBe('2a via, no 3, 25oC');
	});

	it('makes typographic punctuation plain and replaces what has no stand-in', () => {
		expect(transliterateToGsm7('“Olá” — ‘já’… R$\u00a01,00 `x`')).toBe('"Ola" - \'ja\'... R$ 1,00 \'x\'');
		expect(transliterateToGsm7('Obrigado 😀 ✓')).toBe('Obrigado ? ?');
	});

	it('returns a GSM-7 text unchanged, and its result is always GSM-7', () => {
		const plain = 'Hello {world} [€] ~^|\\';
		expect(transliterateToGsm7(plain)).toBe(plain);
		const mixed = 'Ñandú, cobrança, São Paulo, Łódź, Ærø, ğüş, 東京 🇧🇷';
		expect(isGsm7(transliterateToGsm7(mixed))).toBe(true);
	});

	it('halves the cost of a typical Portuguese message', () => {
		const text = `Olá, Maria! Não identificamos o pagamento da fatura de R$ 1.234,56, vencida em 20/11/2026. Você já pode pagar.`;
		expect(analyzeSms(text)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
		expect(analyzeSms(transliterateToGsm7(text))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
	});
});

describe('fitToSegments: shortening the marked part', () => {
	const mark = (text: string) => `${SHORTEN_START}${text}${SHORTEN_END}`;

	it('returns the text unmarked when it already fits', () => {
		const marked = `Pay now.${mark(' Already paid? Ignore this.')}`;
		expect(fitToSegments(marked, 1)).toEqual({ text: 'Pay now. Already paid? Ignore this.', shortened: false });
		expect(stripShortenMarks(marked)).toBe('Pay now. Already paid? Ignore this.');
	});

	it('cuts the marked part word by word until the text fits', () => {
		const fixed = repeat('x', 140);
		const marked = `${fixed}${mark(' one two three four five six')}`;
		const fit = fitToSegments(marked, 1);
		expect(fit?.shortened).toBe(true);
		expect(analyzeSms(fit!.text).segments).toBe(1);
		expect(fit!.text).toBe(`${fixed} one two three...`);
		expect(fit!.text.length).toBeLessThanOrEqual(160);
	});

	it('drops the marked part when no word of it fits, and gives up when the rest is too long', () => {
		const marked = `${repeat('x', 157)}${mark(' longword')} ok`;
		expect(fitToSegments(marked, 1)).toEqual({ text: `${repeat('x', 157)} ok`, shortened: true });
		expect(fitToSegments(`${repeat('x', 170)}${mark(' a')}`, 1)).toBeUndefined();
		expect(fitToSegments(repeat('x', 170), 1)).toBeUndefined();
	});

	it('measures what will be sent: after transliteration', () => {
		const text = `${repeat('ã', 60)}${mark(' é só um lembrete')}`;
		// As UCS-2 the marked part does not fit one segment; transliterated to GSM-7 it does.
		expect(fitToSegments(text, 1)?.shortened).toBe(true);
		expect(fitToSegments(text, 1, transliterateToGsm7)).toEqual({ text: stripShortenMarks(text), shortened: false });
		expect(GSM7_PART).toBe(153);
	});
});

describe('transliterateWithCounts: one pass, the same results', () => {
	const corpus = [
		'',
		'a',
		'Olá, João! Não identificamos a cobrança.',
		repeat('ã', 135),
		repeat('€', 81),
		`${repeat('á', 100)}{[~]}€`,
		`Pagamento ✓ 😀 ${repeat('ç', 200)}`,
		`${repeat('x', 152)}€${repeat('y', 200)}`,
		'Família 👨‍👩‍👧‍👦 e bandeira 🇧🇷 com café',
		'“Aspas” — travessão… 2ª via nº 3',
		repeat('Não pagou? Pague já. ', 20),
	];

	it.each(corpus.map((text) => [text.slice(0, 30), text]))('%s', (_name, text) => {
		const result = transliterateWithCounts(text);
		expect(result.text).toBe(transliterateToGsm7(text));
		expect(result.info).toEqual(analyzeSms(result.text));
		expect(result.original).toEqual(analyzeSms(text));
		expect(result.replaced).toBe(result.text !== text);
		// With shortening marks in it: they are dropped and not counted.
		const marked = `${SHORTEN_START}${text}${SHORTEN_END}`;
		const fromMarked = transliterateWithCounts(marked);
		expect(fromMarked).toEqual({ ...result, text: result.text });
	});
});

describe('transliterateTidyWithCounts', () => {
	/** What the renderer's SMS tidying leaves unchanged. */
	const tidy = (t: string) =>
		t.length > 0 &&
		t.charCodeAt(0) > 32 &&
		t.charCodeAt(t.length - 1) > 32 &&
		!t.includes('  ') &&
		!t.includes('\t') &&
		!t.includes('\r') &&
		!t.includes(' \n') &&
		!t.includes('\n\n\n');

	it.each([
		'ACME: Olá, Maria! Sua fatura de R$ 10,00 vence hoje.',
		'Olá\nMaria\n\nAté',
		'Olá\n\n\nMaria',
		'Olá  Maria',
		'Olá \nMaria',
		'Olá\tMaria',
		'Olá\r\nMaria',
		' Olá',
		'Olá ',
		'\nOlá',
		'',
		'x',
		'Já pagou?\ufdd0 Envie o comprovante.\ufdd1 CNPJ 1.',
		'a \ufdd0 b',
		'Preço 😀 — “ok” €5',
	])('is transliterateWithCounts for a tidy text, and undefined otherwise: %j', (text) => {
		const result = transliterateTidyWithCounts(text);
		if (tidy(text)) expect(result).toEqual(transliterateWithCounts(text));
		else expect(result).toBeUndefined();
	});
});
