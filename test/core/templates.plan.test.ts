/**
 * The SMS fast path: a built-in template split once into fixed text and slots (direct.ts,
 * DirectPlan), and the SMS counts of the fixed text made once (sms.ts, SmsAssembler). It must give
 * byte for byte the message Handlebars gives, with the same counts and the same errors, for every
 * built-in template and for values that are hard to count: accents GSM-7 lacks (ç, ã), the euro
 * (an extension character), emoji (surrogate pairs, UCS-2 of more than 70 units), combining marks,
 * half a surrogate pair, tabs and double spaces (the untidy path), HTML characters, empty fields.
 */
import { InvalidValueError } from '../../nodes/core/errors';
import { SmsAssembler, smsPiece, transliterateTidyWithCounts } from '../../nodes/core/sms';
import { useDirectRenderer } from '../../nodes/core/templates/environment';
import { type Message, MessageRenderer, type RenderRequest, type RendererSettings } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import { LIBRARY_LOCALES, LIBRARY_STAGES, TONES } from '../../nodes/core/templates/types';
import { prng } from './payments/prng';

afterEach(() => useDirectRenderer(true));

const NAMES = [
	'Maria',
	'Ana Maria da Conceição Gonçalves Pereira dos Santos Albuquerque de Bragança e Orléans',
	'François Façade',
	'Zoë 😀 Smith',
	'😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 Emoji',
	'José\u0301 Combining',
	'Half \ud83d',
	'\udc00 Low half first',
	'Ana  Double  Space',
	'Tab\tName',
	'Trailing space ',
	'Line\nBreak',
	'€uro Ltda [A] {B} ~C~ ^D^ |E| \\F\\',
	'<b>Ana</b> "O\'Neil" & Co',
	'ÇÃO Comércio Ltda',
	'MARIA DA SILVA',
	'maria',
	'JOÃO',
	"o'neil-smith",
	'Sra. ANA',
	'ingrid iris',
	'McDonald',
	'Dr',
	'123 Ana',
];

/** A sample row of each locale and stage with a name (and odd fields) put in. */
function variants(base: RenderRequest): Array<[string, RenderRequest]> {
	const out: Array<[string, RenderRequest]> = [];
	for (const name of NAMES) out.push([`name ${JSON.stringify(name)}`, { ...base, fields: { ...base.fields, customerName: name } }]);
	out.push(['no payment link', { ...base, fields: { ...base.fields, paymentLink: undefined } }]);
	out.push(['nothing to pay with', { ...base, fields: { ...base.fields, paymentLink: undefined, boletoLine: undefined, pixCode: undefined } }]);
	out.push(['only a Pix code', { ...base, fields: { ...base.fields, paymentLink: undefined, boletoLine: '  ', pixCode: ' 00020126580014br.gov.bcb.pix ' } }]);
	out.push(['a payment link that is not a web address (an error)', { ...base, fields: { ...base.fields, paymentLink: 'pay at the shop' } }]);
	out.push(['a company', { ...base, fields: { ...base.fields, customerType: ' Empresa ', customerName: 'ACME COMÉRCIO LTDA' } }]);
	out.push(['an amount and a due date written as text', { ...base, fields: { ...base.fields, amount: '1.234,56', dueDate: '05/03/2026' } }]);
	out.push(['an empty customer name (an error)', { ...base, fields: { ...base.fields, customerName: '  ' } }]);
	out.push(['no amount (an error)', { ...base, fields: { ...base.fields, amount: undefined } }]);
	out.push(['a payment link with non-GSM characters', { ...base, fields: { ...base.fields, paymentLink: 'https://pay.example.com/ç/€/😀' } }]);
	out.push(['a US debtor (opt-out line)', { ...base, fields: { ...base.fields, country: 'US' } }]);
	out.push([
		'a Mexican first contact',
		{ ...base, fields: { ...base.fields, country: 'MX', invoiceId: 'INV-ç€😀' }, jurisdiction: { country: 'MX' } as RenderRequest['jurisdiction'], firstContact: true },
	]);
	return out;
}

const SETTINGS: Array<[string, RendererSettings]> = [
	['the sample settings', SAMPLE_SETTINGS],
	[
		'a creditor with non-GSM characters, a support contact and no tax id',
		{ ...SAMPLE_SETTINGS, creditor: { name: 'Açaí & Cia €', shortName: 'Açaí 😀', taxId: '', support: 'ajuda@açaí.com.br', complaintsContact: 'UNE: Av. Reforma 100 — CDMX' } },
	],
	[
		'an own opt-out line always, with emoji and double spaces',
		{ ...SAMPLE_SETTINGS, optOut: 'always', optOutText: 'Responda  SAIR 🙏 ç', creditor: { ...SAMPLE_SETTINGS.creditor, complaintsContact: 'quejas@example.mx' } },
	],
	['opt-out never, a shortName ending in a space', { ...SAMPLE_SETTINGS, optOut: 'never', creditor: { ...SAMPLE_SETTINGS.creditor, shortName: 'Provedor ' } }],
	['accents kept (no fast path)', { ...SAMPLE_SETTINGS, transliterate: false }],
	['max 2 segments (no fast path)', { ...SAMPLE_SETTINGS, maxSegments: 2 }],
];

function comparable(result: Message | Error): unknown {
	if (result instanceof Error) return { error: result.constructor.name, message: result.message, hint: (result as InvalidValueError).hint };
	// Byte for byte, the order of the keys included.
	return JSON.stringify(result);
}

describe('the SMS fast path (fixed parts and slots) gives the messages Handlebars gives', () => {
	it.each(SETTINGS)('for every built-in SMS template and odd values, with %s', (_name, settings) => {
		let compared = 0;
		let messages = 0;
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				for (const tone of TONES) {
					const requests = variants({ ...sampleRequest(locale, stage), tone, channel: 'sms' });
					// One renderer for all the rows, as in a run: the plan is made once and reused.
					useDirectRenderer(false);
					const slowRenderer = new MessageRenderer(settings);
					const slow = requests.map(([, request]) => slowRenderer.render(request));
					useDirectRenderer(true);
					const fastRenderer = new MessageRenderer(settings);
					const fast = requests.map(([, request]) => fastRenderer.render(request));
					for (let i = 0; i < requests.length; i++) {
						const where = `${locale} ${stage} ${tone}, ${requests[i][0]}`;
						expect({ where, result: comparable(fast[i]) }).toEqual({ where, result: comparable(slow[i]) });
						compared++;
						if (!(fast[i] instanceof Error)) messages++;
					}
				}
			}
		}
		expect(compared).toBe(3 * LIBRARY_STAGES.length * 3 * (NAMES.length + 11));
		expect(messages).toBeGreaterThan(compared / 2);
	});

	it('takes the fast path for the usual rows', () => {
		const renderer = new MessageRenderer(SAMPLE_SETTINGS);
		const plans = (renderer as unknown as { smsPlans: Map<unknown, Map<unknown, unknown>> }).smsPlans;
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				const message = renderer.render({ ...sampleRequest(locale, stage), channel: 'sms' });
				expect(message).not.toBeInstanceOf(Error);
			}
		}
		let made = 0;
		for (const byPartials of plans.values()) for (const plan of byPartials.values()) if (plan !== null) made++;
		// Every built-in SMS template has a plan (none needs the whole render).
		expect(made).toBe(plans.size);
		expect(made).toBeGreaterThanOrEqual(LIBRARY_STAGES.length * 2);
	});

	it('runs every slot of a built-in SMS template without the helpers\' calling convention, but the itemised debt\'s', () => {
		const renderer = new MessageRenderer(SAMPLE_SETTINGS);
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				for (const tone of TONES) expect(renderer.render({ ...sampleRequest(locale, stage), tone, channel: 'sms' })).not.toBeInstanceOf(Error);
			}
		}
		const plans = (renderer as unknown as { smsPlans: Map<unknown, Map<unknown, { fast?: unknown[]; plan: { shapes: Array<{ name?: string } | undefined> } }>> }).smsPlans;
		let fast = 0;
		const slow: string[] = [];
		for (const byPartials of plans.values()) {
			for (const plan of byPartials.values()) {
				if (plan.fast) fast++;
				else slow.push(plan.plan.shapes.map((shape) => shape?.name ?? '?').join(' '));
			}
		}
		// Negotiation Offer's numbers ({{debtLines}}, {{offerText}}) run through the helpers.
		for (const shapes of slow) expect(shapes).toMatch(/debtLines|offerText/);
		expect(fast).toBeGreaterThanOrEqual(LIBRARY_STAGES.length * 3 * 3 - slow.length);
		expect(fast).toBeGreaterThan(slow.length * 5);
	});
});

describe('SmsAssembler adds up pieces as transliterateTidyWithCounts counts the joined text', () => {
	const TEXTS = [
		'Olá, ',
		'Maria',
		'! Sua fatura de ',
		'R$ 1.234,56',
		' vence em 05/12. ',
		'\ufdd0 Já pagou? Envie o comprovante.\ufdd1',
		' CNPJ 12.345.678/0001-95.',
		'',
		' ',
		'  ',
		'\n',
		'\n\n',
		'ç€',
		'😀',
		'\ud83d',
		'\ude00',
		'e\u0301',
		'\t',
		'\r',
		'[{~}]',
		'x'.repeat(150),
		'ã'.repeat(80),
		'🙏'.repeat(40),
		'Olá\n\nTchau',
	];

	it('on 20,000 random joins of fixed pieces and values', () => {
		const next = prng(42);
		const pieces = TEXTS.map(smsPiece);
		const assembler = new SmsAssembler();
		let answered = 0;
		for (let n = 0; n < 20_000; n++) {
			assembler.reset();
			let joined = '';
			const count = 1 + Math.floor(next() * 6);
			for (let k = 0; k < count; k++) {
				const i = Math.floor(next() * TEXTS.length);
				joined += TEXTS[i];
				if (next() < 0.5) assembler.piece(pieces[i]);
				else assembler.value(TEXTS[i]);
			}
			const got = assembler.result();
			const expected = transliterateTidyWithCounts(joined);
			if (got === undefined) {
				// Only what the pieces cannot answer: an untidy text (then both say so), half a pair, or long UCS-2 with emoji or marks.
				if (expected !== undefined) expect(/[\ud800-\udfff]|\u0301/.test(joined)).toBe(true);
				continue;
			}
			answered++;
			expect({ joined, got }).toEqual({ joined, got: expected });
		}
		expect(answered).toBeGreaterThan(2_000);
	});
});
