/**
 * The direct renderer (direct.ts) against Handlebars: every built-in template, in every language,
 * stage, tone and channel, for varied rows, gives byte for byte the same message, and the same
 * error; and on tricky templates and values (missing variables, prototype names, HTML in values,
 * numbers, whitespace control) the direct renderer either gives Handlebars' text or hands the item
 * to Handlebars.
 */
import { InvalidValueError } from '../../nodes/core/errors';
import { type CompiledTemplate, TemplateCache, TemplateError, type TemplateOptions, useDirectRenderer } from '../../nodes/core/templates/environment';
import type { RenderRoot } from '../../nodes/core/templates/helpers';
import { ITEMISED_DEBT_SOURCE, footerSource } from '../../nodes/core/templates/library';
import { type Message, MessageRenderer, type RenderRequest, type RendererSettings } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleNegotiation, sampleRequest } from '../../nodes/core/templates/samples';
import { CHANNELS, LIBRARY_LOCALES, LIBRARY_STAGES, TONES, type Channel } from '../../nodes/core/templates/types';

afterEach(() => useDirectRenderer(true));

/** Renders with Handlebars only, then with the direct renderer on, and returns both. */
function both<T>(render: () => T): [T, T] {
	useDirectRenderer(false);
	const slow = render();
	useDirectRenderer(true);
	const fast = render();
	return [slow, fast];
}

function comparable(result: Message | Error | string): unknown {
	if (result instanceof Error) return { error: result.constructor.name, message: result.message, hint: (result as InvalidValueError).hint };
	return result;
}

/** Variations of a sample row: what items really carry, and what would trip a renderer up. */
const VARIANTS: Array<[string, (request: RenderRequest) => RenderRequest]> = [
	['as sampled', (r) => r],
	[
		'HTML and quotes in values',
		(r) => ({
			...r,
			json: { ...r.json, customerName: `<b>Ana</b> "O'Neil" & Co = \`x\`` },
			fields: { ...r.fields, customerName: `<b>Ana</b> "O'Neil" & Co = \`x\``, paymentLink: 'https://pay.example.com/i/a?b=1&c=<2>' },
		}),
	],
	['a company, with accents and emoji', (r) => ({ ...r, fields: { ...r.fields, customerName: 'ÇÃO Comércio 😀 Ltda', customerType: 'empresa' } })],
	['no payment link (boleto, Pix or how to ask)', (r) => ({ ...r, fields: { ...r.fields, paymentLink: undefined } })],
	['nothing to pay with', (r) => ({ ...r, fields: { ...r.fields, paymentLink: undefined, boletoLine: undefined, pixCode: undefined } })],
	['no customer name (an error for most templates)', (r) => ({ ...r, fields: { ...r.fields, customerName: undefined } })],
	['an empty customer name', (r) => ({ ...r, fields: { ...r.fields, customerName: '   ' } })],
	['no amount', (r) => ({ ...r, fields: { ...r.fields, amount: undefined } })],
	['a null amount', (r) => ({ ...r, fields: { ...r.fields, amount: null } })],
	['a payment link that is not one', (r) => ({ ...r, fields: { ...r.fields, paymentLink: 'pay me' } })],
	['a due date that is not one', (r) => ({ ...r, fields: { ...r.fields, dueDate: 'soon' }, dunning: { ...(r.dunning as object), dueDate: '' } })],
	['no due date', (r) => ({ ...r, fields: { ...r.fields, dueDate: undefined }, dunning: { stage: r.stage } })],
	['a US debtor (opt-out line)', (r) => ({ ...r, fields: { ...r.fields, country: 'US' } })],
	['no discount', (r) => ({ ...r, fields: { ...r.fields, discount: undefined } })],
	['a discount field', (r) => ({ ...r, fields: { ...r.fields, discount: '7,5%' } })],
	['item fields named like JavaScript internals', (r) => ({ ...r, json: { ...r.json, constructor: 'x', toString: 'y', ['__proto__' as string]: { polluted: true } } })],
	// Negotiation Offer's objects: the negotiation and legal stages switch to their templates with the numbers.
	['an itemised debt and an offer', (r) => ({ ...r, json: { ...r.json, ...negotiationOf(r, 46) } })],
	['an itemised debt 95 days old, settlement only', (r) => ({ ...r, json: { ...r.json, ...settlementOnly(negotiationOf(r, 95)) } })],
	['an itemised debt without an offer (offer null)', (r) => ({ ...r, json: { ...r.json, ...negotiationOf(r, 46), offer: null } })],
	['an offer without options', (r) => ({ ...r, json: { ...r.json, ...negotiationOf(r, 46), offer: { options: [] } } })],
	['a debt that is not an itemised one', (r) => ({ ...r, json: { ...r.json, debt: { total: 'a lot' }, offer: null } })],
	['a boleto PDF for the document header', (r) => ({ ...r, fields: { ...r.fields, boletoPdfUrl: 'https://pay.example.com/b.pdf?x=1&y=<2>' } })],
	['a PDF that is not https', (r) => ({ ...r, fields: { ...r.fields, invoicePdfUrl: 'http://pay.example.com/i.pdf' } })],
];

function negotiationOf(request: RenderRequest, days: number) {
	const currency = (request.json as { currency?: string }).currency;
	return sampleNegotiation(currency === 'BRL' ? 'pt-BR' : currency === 'MXN' ? 'es-419' : 'en-US', days) as { debt: unknown; offer: { options: Array<{ type: string }> } | null };
}

function settlementOnly(n: ReturnType<typeof negotiationOf>) {
	return { ...n, offer: n.offer && { ...n.offer, options: n.offer.options.filter((o) => o.type === 'settlement') } };
}

const SETTINGS: Array<[string, RendererSettings]> = [
	['sample settings', SAMPLE_SETTINGS],
	[
		'support contact, no tax id, own opt-out text, accents kept',
		{
			...SAMPLE_SETTINGS,
			creditor: { name: 'Loja <A&B>', shortName: '', taxId: '', support: 'ajuda@loja.com.br' },
			optOut: 'always',
			optOutText: 'Reply STOP <now>',
			transliterate: false,
		},
	],
	['max 1 segment, shortening', { ...SAMPLE_SETTINGS, maxSegments: 1, overLimit: 'shorten' }],
	['max 1 segment, error', { ...SAMPLE_SETTINGS, maxSegments: 1, overLimit: 'error', earlyPaymentDiscount: 0 }],
];

describe('the direct renderer gives the same messages as Handlebars', () => {
	it.each(SETTINGS)('for every built-in template and row variant, with %s', (_name, settings) => {
		let compared = 0;
		let direct = 0;
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				for (const tone of TONES) {
					for (const channel of CHANNELS) {
						for (const [variant, vary] of VARIANTS) {
							const request = vary({ ...sampleRequest(locale, stage), tone, channel });
							// A new renderer each time: the direct path is taken from the first item on.
							const [slow, fast] = both(() => new MessageRenderer(settings).render(request));
							const where = `${locale} ${stage} ${tone} ${channel}, ${variant}`;
							expect({ where, result: comparable(fast) }).toEqual({ where, result: comparable(slow) });
							compared++;
							if (!(fast instanceof Error)) direct++;
						}
					}
				}
			}
		}
		expect(compared).toBe(3 * LIBRARY_STAGES.length * 3 * 3 * VARIANTS.length);
		expect(direct).toBeGreaterThan(compared / 3);
	});

	it('runs every built-in template and footer directly', () => {
		const renderer = new MessageRenderer(SAMPLE_SETTINGS);
		for (const locale of LIBRARY_LOCALES) {
			for (const stage of LIBRARY_STAGES) {
				for (const tone of TONES) {
					for (const channel of CHANNELS) {
						expect(renderer.render({ ...sampleRequest(locale, stage), tone, channel })).not.toBeInstanceOf(Error);
					}
				}
			}
		}
		const templates = (renderer as unknown as { resolved: Map<string, Map<string, Map<string, Record<string, unknown>>>> }).resolved;
		let count = 0;
		for (const byLocale of templates.values()) {
			for (const byKey of byLocale.values()) {
				for (const resolved of byKey.values()) {
					const compiled: CompiledTemplate[] = [];
					if (resolved.sms) compiled.push(resolved.sms as CompiledTemplate);
					if (resolved.email) compiled.push(...Object.values(resolved.email as Record<string, CompiledTemplate>));
					if (resolved.whatsapp) compiled.push(...(resolved.whatsapp as { parameters: CompiledTemplate[] }).parameters);
					for (const template of compiled) {
						expect({ label: template.label, direct: template.direct !== undefined }).toEqual({ label: template.label, direct: true });
						count++;
					}
				}
			}
		}
		expect(count).toBeGreaterThan(300);
		const cache = new TemplateCache();
		for (const language of ['pt', 'es', 'en'] as const) {
			for (const channel of CHANNELS) {
				for (const html of channel === 'email' ? [false, true] : [false]) {
					const footer = cache.compile(footerSource(language, channel, html), { label: 'the footer', channel, html, direct: true });
					expect(footer).not.toBeInstanceOf(TemplateError);
					expect((footer as CompiledTemplate).direct).toBeDefined();
					const itemisedDebt = cache.compile(ITEMISED_DEBT_SOURCE, { label: 'the itemisedDebt partial', channel, html, direct: true });
					expect((itemisedDebt as CompiledTemplate).direct).toBeDefined();
				}
			}
		}
	});

	it('leaves the templates of users to Handlebars', () => {
		const renderer = new MessageRenderer({
			...SAMPLE_SETTINGS,
			templates: [{ position: 1, stage: '', channel: 'sms', locale: '', tone: '', text: 'Oi {{firstName}}, {{money}}' }],
		});
		expect(renderer.render({ ...sampleRequest('pt-BR', 'overdue_3d'), channel: 'sms' })).toMatchObject({ text: 'Oi Maria, R$ 1.234,56' });
		const own = [...renderer.cache['compiled' as keyof TemplateCache] as unknown as Map<string, CompiledTemplate>].map(([, t]) => t);
		expect(own.length).toBeGreaterThan(0);
		for (const template of own) expect(template.direct).toBeUndefined();
	});
});

describe('the direct renderer on tricky templates and values', () => {
	const cache = new TemplateCache();
	const FOOTER = '{{#if creditor.taxIdText}} {{creditor.taxIdText}}.{{/if}}{{#if optOut}} {{optOut}}{{/if}}';

	function template(source: string, options: Partial<TemplateOptions> = {}): CompiledTemplate {
		const compiled = cache.compile(source, { label: 'template "t"', channel: 'sms', html: false, direct: true, ...options });
		if (compiled instanceof TemplateError) throw compiled;
		return compiled;
	}

	function root(fields: Record<string, unknown>, channel: Channel = 'sms'): RenderRoot {
		return { locale: 'pt-BR', tone: 'friendly', channel, timezone: 'America/Sao_Paulo', ...fields };
	}

	/** Renders both ways; returns the result and whether the direct renderer produced it itself. */
	function same(source: string, fields: Record<string, unknown>, options: Partial<TemplateOptions> = {}) {
		const compiled = template(source, options);
		const partial = template(FOOTER, options);
		const partials = { footer: partial.delegate };
		const item = () => root(fields, options.channel ?? 'sms');
		const [slow, fast] = both(() => compiled.render(item(), partials));
		expect(comparable(fast)).toEqual(comparable(slow));
		const directly = compiled.direct?.render(item(), partials);
		if (directly !== undefined) expect(directly).toBe(slow);
		return { result: slow, direct: directly !== undefined };
	}

	it('renders the usual parts itself: text, variables, helpers, if/else, unless, shorten, the footer', () => {
		const source =
			'{{creditor.shortName}}: Olá, {{firstName}}! {{money}} {{date dueDate "dayMonth"}} {{days 3}}{{#if paymentLink}} {{payLink}}{{else}} sem link{{/if}}' +
			'{{#unless pixCode}} sem Pix{{/unless}}{{#shorten}} curto{{/shorten}}{{#if (eq segment.offer "x")}} oferta{{/if}}{{> footer}}';
		const fields = {
			creditor: { shortName: 'ACME', taxIdText: 'CNPJ 1' },
			customerName: 'MARIA SILVA',
			amount: 10,
			currency: 'BRL',
			dueDate: '2026-11-20',
			paymentLink: 'https://x.example/p',
			segment: { offer: 'x' },
			optOut: 'Responda SAIR',
		};
		const { result, direct } = same(source, fields);
		expect(direct).toBe(true);
		expect(result).toBe('ACME: Olá, Maria! R$ 10,00 20/11 3 dias https://x.example/p sem Pix\ufdd0 curto\ufdd1 oferta CNPJ 1. Responda SAIR');
		expect(same(source, { ...fields, paymentLink: '', pixCode: 'p', segment: {} }).direct).toBe(true);
	});

	it.each([
		['a missing variable', '{{nickname}}', {}],
		['a missing nested variable', '{{segment.name}}', {}],
		['a variable inside a value that is not an object', '{{customerName.first}}', { customerName: 'Ana' }],
		['a helper argument that is missing', '{{upper nickname}}', {}],
		['a helper error', '{{money}}', { amount: 'abc', currency: 'BRL' }],
		['an inherited property', '{{toString}}', {}],
		['an inherited property of a value', '{{segment.hasOwnProperty}}', { segment: {} }],
		['a value inherited by the item', '{{inherited}}', Object.create({ inherited: 'from the prototype' }) as Record<string, unknown>],
		['a number', '{{count}}', { count: 3 }],
		['two numbers side by side', '{{a}}{{b}} items', { a: 1, b: 2 }],
		['a boolean', 'Flag: {{flag}}', { flag: false }],
		['an object', 'Seg: {{segment}}', { segment: { name: 'x' } }],
		['an array', 'List: {{list}}', { list: [1, 2] }],
		['null', 'Nome: {{customerName}}.', { customerName: null }],
		['a function', 'F: {{fn}}', { fn: () => 'called' }],
		['if on zero, an empty list and an empty text', '{{#if a}}a{{/if}}{{#if b}}b{{/if}}{{#if c}}c{{else}}not c{{/if}}', { a: 0, b: [], c: '' }],
		['default with a number', '{{default count "none"}}', { count: 0 }],
		['lookup of a name with spaces', '{{lookup row "Column A"}}', { row: { 'Column A': 'value' } }],
		['a partial that is missing', 'x{{> footer}}', {}],
		['whitespace control', '  {{~customerName~}}  !\n{{#if customerName}}\n  yes\n{{/if}}\n', { customerName: 'Ana' }],
		['an item field named __proto__', '{{customerName}}', JSON.parse('{"__proto__": {"customerName": "polluted"}}') as Record<string, unknown>],
	])('%s: the same as Handlebars', (_name, source, fields) => {
		same(source, fields as Record<string, unknown>);
	});

	it('escapes values in e-mail HTML with Handlebars\' own escaping, and leaves helpers\' markup and blocks alone', () => {
		const source = '<p>{{customerName}} {{payLink}} {{#if customerName}}<b>{{customerName}}</b>{{/if}} {{count}}</p>';
		const fields = { customerName: '<script>alert("x")</script> & \'y\' = `z`', paymentLink: 'https://x.example/p?a=1&b=2', count: 5 };
		const { result, direct } = same(source, fields, { html: true, channel: 'email' });
		expect(direct).toBe(true);
		expect(result).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27; &#x3D; &#x60;z&#x60;');
		expect(result).toContain('<a href="https://x.example/p?a=1&amp;b=2">https://x.example/p?a=1&amp;b=2</a>');
		expect(result).toContain(' 5</p>');
	});

	it('names the missing variable, the template and the position as Handlebars does', () => {
		const compiled = template('Olá {{customerName}}, {{segment.name}}');
		const error = compiled.render(root({ customerName: 'Ana' }));
		expect(error).toBeInstanceOf(InvalidValueError);
		expect((error as InvalidValueError).message).toBe('template "t": the variable "segment.name" is missing (line 1, column 25)');
	});

	it('does not compile what it does not model: each, with, @root, this, ../, hashes', () => {
		for (const source of ['{{#each list}}{{this}}{{/each}}', '{{#with segment}}{{name}}{{/with}}', '{{@root.customerName}}', '{{this.customerName}}', '{{money currency="BRL"}}']) {
			expect({ source, direct: template(source).direct }).toEqual({ source, direct: undefined });
		}
	});
});
