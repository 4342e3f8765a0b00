/** The Handlebars environment and the helpers: strictness, error positions, safety, wording. */
import { InvalidValueError } from '../../nodes/core/errors';
import { TemplateCache, TemplateError, type TemplateOptions } from '../../nodes/core/templates/environment';
import { type RenderRoot, firstNameOf, formatBoletoLine, formatMoney } from '../../nodes/core/templates/helpers';
import type { Channel } from '../../nodes/core/templates/types';

const cache = new TemplateCache();

function compile(source: string, options: Partial<TemplateOptions> = {}) {
	return cache.compile(source, { label: 'template "t"', channel: 'sms', html: false, ...options });
}

function root(fields: Record<string, unknown> = {}, channel: Channel = 'sms'): RenderRoot {
	return { locale: 'pt-BR', tone: 'friendly', channel, timezone: 'America/Sao_Paulo', ...fields };
}

function render(source: string, fields: Record<string, unknown> = {}, options: Partial<TemplateOptions> = {}): string {
	const template = compile(source, options);
	if (template instanceof TemplateError) throw template;
	const out = template.render(root(fields, options.channel ?? 'sms'));
	if (out instanceof InvalidValueError) throw out;
	return out;
}

function renderError(source: string, fields: Record<string, unknown> = {}, options: Partial<TemplateOptions> = {}): InvalidValueError {
	const template = compile(source, options);
	if (template instanceof TemplateError) throw template;
	const out = template.render(root(fields, options.channel ?? 'sms'));
	if (!(out instanceof InvalidValueError)) throw new Error(`rendered: ${out}`);
	return out;
}

function compileError(source: string, options: Partial<TemplateOptions> = {}): TemplateError {
	const result = compile(source, options);
	if (!(result instanceof TemplateError)) throw new Error('compiled');
	return result;
}

describe('strict mode: a missing variable is an error naming it, the template and the position', () => {
	it('names a missing top-level variable with its line and column', () => {
		const error = renderError('Olá {{customerName}},\nsua fatura {{invoice}} venceu.', { customerName: 'Ana' });
		expect(error.message).toBe('template "t": the variable "invoice" is missing (line 2, column 14)');
		expect(error.hint).toContain('upper and lower case');
	});

	it('names the full path of a missing nested variable', () => {
		expect(renderError('{{dunning.stage}}', { dunning: {} }).message).toBe('template "t": the variable "dunning.stage" is missing (line 1, column 3)');
		expect(renderError('x {{segment.name}}').message).toBe('template "t": the variable "segment.name" is missing (line 1, column 5)');
		expect(renderError('{{segment.name}}').hint).toContain('Segment Debtor');
	});

	it('names the variable a helper was given, or the one it uses by default', () => {
		expect(renderError('Total: {{money invoice.total}}', { invoice: {} }).message).toBe(
			'template "t": the variable "invoice.total" is missing, used by {{money invoice.total}} (line 1, column 8)',
		);
		const byDefault = renderError('Total: {{money}}', { currency: 'BRL' });
		expect(byDefault.message).toBe('template "t": the variable "amount" is missing, used by {{money}} (line 1, column 8)');
		expect(byDefault.hint).toContain('Amount Field');
		expect(renderError('{{date}}').message).toContain('the variable "dueDate" is missing');
	});

	it('reports a value a helper cannot use, with the value', () => {
		const error = renderError('{{money valor}}', { valor: 'doze reais', currency: 'BRL' });
		expect(error.message).toBe('template "t": {{money valor}} (line 1, column 1): "valor" "doze reais" is not an amount');
		expect(renderError('{{date vencimento}}', { vencimento: '31/02/2026' }).message).toContain('February 2026 has no day 31');
		expect(renderError('{{date dueDate "tomorrow"}}', { dueDate: '2026-11-20' }).message).toContain('"tomorrow" is not a date style');
		expect(renderError('{{payLink}}', { paymentLink: 'javascript:alert(1)' }).message).toContain('"javascript:alert(1)" is not a web address');
	});

	it('lets if, unless and default test values that are missing, even under a missing parent', () => {
		expect(render('{{#if paymentLink}}link{{else}}no link{{/if}}')).toBe('no link');
		expect(render('{{#if segment.offer}}offer{{else}}none{{/if}}')).toBe('none');
		expect(render('{{default segment.name nickname "cliente"}}', { nickname: '' })).toBe('cliente');
		expect(render('{{default nickname customerName}}', { customerName: 'Ana' })).toBe('Ana');
		expect(render('{{#if (eq segment.offer "instalments")}}parcelas{{/if}}', { segment: { offer: 'instalments' } })).toBe('parcelas');
	});
});

describe('compile errors name the template and the position', () => {
	it('reports a syntax error with its line and column', () => {
		const error = compileError('Olá {{customerName}}\nvence em {{date dueDate');
		expect(error.message).toMatch(/^template "t": does not compile: a \{\{ has no closing \}\} near "vence em \{\{date dueDate" \(line 2, column \d+\)$/);
		expect(error.line).toBe(2);
		const unclosed = compileError('{{#if paymentLink}}pague');
		expect(unclosed.line).toBe(1);
		expect(compileError('{{#if a}}x{{/each}}').message).toBe('template "t": {{#if}} is closed by {{/each}} (line 1, column 4)');
	});

	it('refuses unknown helpers, wrong arity, blocks used inline and unknown partials', () => {
		expect(compileError('Oi {{shout customerName}}').message).toBe('template "t": there is no helper "shout" (line 1, column 4)');
		expect(compileError('{{money amount "BRL" "pt-BR"}}').message).toBe('template "t": {{money}} was given 3 values (line 1, column 1)');
		expect(compileError('{{if paymentLink}}').message).toContain('{{if}} is a block helper');
		expect(compileError('{{#money}}x{{/money}}').message).toContain('{{#money}} is not a block helper');
		expect(compileError('{{#items}}x{{/items}}').hint).toContain('{{#each list}}');
		expect(compileError('{{> header}}').message).toBe('template "t": there is no partial "header" (line 1, column 1)');
		expect(compileError('{{log "x"}}').message).toContain('there is no helper "log"');
		expect(compileError('{{1}}').hint).toContain('numbered placeholders');
	});

	it('refuses names that reach JavaScript internals', () => {
		expect(compileError('{{constructor}}').message).toBe('template "t": "constructor" cannot be used in a template (line 1, column 3)');
		expect(compileError('{{customerName.__proto__}}').message).toContain('"__proto__" cannot be used');
		expect(compileError('{{lookup this "constructor"}}').message).toContain('"constructor" cannot be used');
		expect(compileError('{{#with prototype}}x{{/with}}').message).toContain('"prototype" cannot be used');
	});

	it('refuses {{{…}}} in e-mail HTML only', () => {
		expect(compileError('<p>{{{customerName}}}</p>', { html: true, channel: 'email' }).message).toContain('not allowed in e-mail HTML');
		expect(render('{{{customerName}}}', { customerName: '<b>Ana</b>' })).toBe('<b>Ana</b>');
	});

	it('compiles each distinct template once', () => {
		const local = new TemplateCache();
		const options = { label: 'x', channel: 'sms' as const, html: false };
		const a = local.compile('Olá {{customerName}}', options);
		const b = local.compile('Olá {{customerName}}', options);
		expect(a).toBe(b);
		local.compile('Oi {{customerName}}', options);
		local.compile('Olá {{customerName}}', { ...options, html: true, channel: 'email' });
		expect(local.size).toBe(3);
	});
});

describe('injection: values are text, never templates or code', () => {
	const evil = "{{constructor.constructor('return process')()}}";

	it('renders template syntax in a value as text, in SMS and WhatsApp', () => {
		expect(render('Olá {{customerName}}!', { customerName: evil })).toBe(`Olá ${evil}!`);
		expect(render('{{firstName}}', { customerName: evil })).toMatch(/^\{\{constructor\.constructor\('return$/i);
		expect(render('{{upper customerName}}', { customerName: '{{#each this}}{{/each}}' })).toBe('{{#EACH THIS}}{{/EACH}}');
	});

	it('escapes HTML and template syntax in e-mail HTML, and never evaluates either', () => {
		const html = render('<p>Olá {{customerName}}</p>', { customerName: `<script>alert(1)</script>${evil}` }, { html: true, channel: 'email' });
		expect(html).toBe("<p>Olá &lt;script&gt;alert(1)&lt;/script&gt;{{constructor.constructor(&#x27;return process&#x27;)()}}</p>");
		expect(html).not.toContain('<script>');
		// A link that would break out of the href is refused; a normal one is escaped inside it.
		expect(renderError('{{payLink}}', { paymentLink: 'https://x.example/?a="><img src=x onerror=alert(1)>' }, { html: true, channel: 'email' }).message).toContain(
			'is not a web address',
		);
		expect(render('{{payLink}}', { paymentLink: 'https://x.example/?a=1&b=2' }, { html: true, channel: 'email' })).toBe(
			'<a href="https://x.example/?a=1&amp;b=2">https://x.example/?a=1&amp;b=2</a>',
		);
	});

	it('reads a field named __proto__ or constructor as a plain value, never a prototype', () => {
		const fields = JSON.parse('{"__proto__": {"polluted": "yes"}, "customerName": "__proto__"}') as Record<string, unknown>;
		expect(render('{{customerName}} {{#if polluted}}polluted{{else}}clean{{/if}}', fields)).toBe('__proto__ clean');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(render('{{lookup this "toString"}}|{{lookup this "hasOwnProperty"}}', { customerName: 'Ana' })).toBe('|');
	});
});

describe('helpers', () => {
	it('money: per locale and currency, with plain spaces', () => {
		expect(render('{{money}}', { amount: 1234.56, currency: 'BRL' })).toBe('R$ 1.234,56');
		expect(render('{{money amount "USD" locale="en-US"}}', { amount: 1234.56 })).toBe('$1,234.56');
		expect(render('{{money 1499.5 "MXN" locale="es-MX"}}')).toBe('$1,499.50');
		expect(render('{{money "R$ 1.234,56" "BRL"}}')).toBe('R$ 1.234,56');
		expect(render('{{money amount currency}}', { amount: -5, currency: 'EUR' })).toBe('-€ 5,00');
		expect(render('{{money}}', { amount: 10, currency: 'BRL' })).not.toMatch(/[\u00a0\u202f]/);
	});

	it('date: short, long, weekday and day/month, per locale', () => {
		const due = { dueDate: '2026-11-20' };
		expect(render('{{date}}', due)).toBe('20/11/2026');
		expect(render('{{date dueDate "long"}}', due)).toBe('20 de novembro de 2026');
		expect(render('{{date dueDate "weekday"}}', due)).toBe('sexta-feira, 20 de novembro de 2026');
		expect(render('{{date dueDate "dayMonth"}}', due)).toBe('20/11');
		expect(render('{{date dueDate style="long" locale="es-MX"}}', due)).toBe('20 de noviembre de 2026');
		expect(render('{{date dueDate "weekday" locale="en-US"}}', due)).toBe('Friday, November 20, 2026');
		expect(render('{{date dueDate locale="en-US"}}', due)).toBe('11/20/2026');
		expect(render('{{date "20/11/2026"}}')).toBe('20/11/2026');
	});

	it('firstName: the first name, properly cased, without titles; companies by their full name', () => {
		expect(firstNameOf('MARIA DA SILVA')).toBe('Maria');
		expect(firstNameOf('  josé   hernández ')).toBe('José');
		expect(firstNameOf('Sra. Ana Souza')).toBe('Ana');
		expect(firstNameOf('Dr. JOÃO-PEDRO Alves')).toBe('João-Pedro');
		expect(firstNameOf('DeAndre Jones', 'en-US')).toBe('DeAndre');
		expect(render('{{firstName}}', { customerName: 'Provedor Net Ltda', customerType: 'business' })).toBe('Provedor Net Ltda');
		expect(render('{{firstName customerName}}', { customerName: 'Provedor Net Ltda', customerType: 'business' })).toBe('Provedor');
		expect(renderError('{{firstName}}', { customerName: '  ' }).message).toContain('"customerName" is empty');
	});

	it('firstName: plain words are cased as the regular expression cases every word (Turkish i included)', () => {
		// The casing rule written out: a letter at the start or after - ' ’ in capitals, in the locale's way.
		const reference = (word: string, locale: string) => {
			const lower = word.toLowerCase();
			if (word !== lower && word !== word.toUpperCase()) return word;
			return lower.replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toLocaleUpperCase(locale));
		};
		const words = ['MARIA', 'maria', 'ana', 'ZOE', 'iris', 'IRIS', 'ingrid', 'İLKER', 'ılgaz', 'x', 'Q', 'joão', 'ÉLODIE', "o'neil", 'ANNE-MARIE', 'b2b', '3d', 'McDonald'];
		for (const locale of ['pt-BR', 'es-MX', 'en-US', 'tr-TR', 'az-AZ', 'lt-LT']) {
			for (const word of words) expect({ locale, word, cased: firstNameOf(word, locale) }).toEqual({ locale, word, cased: reference(word, locale) });
		}
		expect(firstNameOf('Ana,', 'pt-BR')).toBe('Ana');
		expect(firstNameOf('SILVA;: ', 'pt-BR')).toBe('Silva');
	});

	it('days and overdueText: plurals per language', () => {
		expect(render('{{days 1}} {{days 3}} {{days -2}}')).toBe('1 dia 3 dias 2 dias');
		expect(render('{{overdueText}}|{{overdueText 1}}|{{overdueText 0}}|{{overdueText -1}}|{{overdueText -7}}', { daysOverdue: 12 })).toBe(
			'12 dias de atraso|1 dia de atraso|vence hoje|vence em 1 dia|vence em 7 dias',
		);
		const es = { locale: 'es-MX' };
		expect(render('{{overdueText 1}}|{{overdueText 3}}|{{overdueText 0}}|{{overdueText -1}}', es)).toBe('1 día de atraso|3 días de atraso|vence hoy|vence en 1 día');
		const en = { locale: 'en-US' };
		expect(render('{{overdueText 1}}|{{overdueText 3}}|{{overdueText 0}}|{{overdueText -2}}', en)).toBe('1 day overdue|3 days overdue|due today|due in 2 days');
		expect(renderError('{{days "três"}}').message).toContain('is not a whole number of days');
	});

	it('payment: link, boleto line, Pix code, and howToPay per channel', () => {
		expect(formatBoletoLine('23793381286008267713966000063305910100000123456')).toBe('23793.38128 60082.677139 66000.063305 9 10100000123456');
		expect(formatBoletoLine('836200000005667800481000180975657313001589636081')).toBe('83620000000-5 66780048100-0 18097565731-3 00158963608-1');
		expect(formatBoletoLine(' 23793.38128  60082.677139 ')).toBe('23793.38128 60082.677139');
		const item = { paymentLink: 'https://pay.example.com/i/1', boletoLine: '23793381286008267713966000063305910100000123456', pixCode: '000201PIX' };
		expect(render('{{howToPay}}', item)).toBe('Pagamento: https://pay.example.com/i/1');
		expect(render('{{howToPay}}', { pixCode: '000201PIX' })).toBe('Pix copia e cola: 000201PIX');
		expect(render('{{howToPay}}', {})).toBe('Para receber a 2ª via, responda esta mensagem.');
		expect(render('{{howToPay}}', { creditor: { support: 'financeiro@acme.com' } })).toBe('Para receber a 2ª via: financeiro@acme.com');
		expect(render('{{howToPay}}', item, { channel: 'whatsapp' })).toBe(
			'Pague pelo link: https://pay.example.com/i/1 | Linha digitável do boleto: 23793.38128 60082.677139 66000.063305 9 10100000123456 | Pix copia e cola: 000201PIX',
		);
		expect(render('{{howToPay}}', item, { channel: 'email' }).split('\n')).toHaveLength(3);
		const html = render('{{howToPay}}', item, { channel: 'email', html: true });
		expect(html).toContain('<a href="https://pay.example.com/i/1"');
		expect(html).toContain('Pagar agora');
		expect(html).toContain('<code');
		expect(render('{{howToPay}}', { paymentLink: 'https://p.example/x', tone: 'firm', locale: 'es-MX' }, { channel: 'whatsapp' })).toBe('Pague en línea: https://p.example/x');
		expect(render('{{howToPay}}', { paymentLink: 'https://p.example/x', locale: 'es-MX' }, { channel: 'whatsapp' })).toBe('Paga en línea: https://p.example/x');
		expect(render('{{howToPay}}', { tone: 'firm', locale: 'es-MX' })).toBe('Para recibir su factura, responda este mensaje.');
	});

	it('upper, lower, truncate, default, percent, eq', () => {
		expect(render('{{upper customerName}} {{lower customerName}}', { customerName: 'Ação' })).toBe('AÇÃO ação');
		expect(render('{{truncate productName 10}}', { productName: 'Internet fibra 500 MB' })).toBe('Interne...');
		expect(render('{{truncate productName 10}}', { productName: 'Internet fibra 500 MB' }, { channel: 'email' })).toBe('Internet…');
		expect(render('{{truncate productName 30}}', { productName: 'Curto' })).toBe('Curto');
		expect(render('{{default apelido customerName "cliente"}}', { apelido: null, customerName: '' })).toBe('cliente');
		expect(render('{{percent 5}} {{percent "12,5"}}')).toBe('5% 12,5%');
		expect(render('{{#if (eq stage "legal_90d")}}legal{{else}}other{{/if}}', { stage: 'legal_90d' })).toBe('legal');
	});

	it('each, with, @root and lookup read the item, never a prototype', () => {
		const fields = {
			invoices: [
				{ invoiceId: 'A', amount: 10 },
				{ invoiceId: 'B', amount: 20.5 },
			],
			segment: { name: 'casual' },
			row: { 'Nome do Cliente': 'Ana' },
			currency: 'BRL',
		};
		expect(render('{{#each invoices}}{{invoiceId}}={{money amount}}{{#unless @last}}; {{/unless}}{{/each}}', fields)).toBe('A=R$ 10,00; B=R$ 20,50');
		expect(render('{{#with segment}}{{name}} {{@root.currency}}{{/with}}', fields)).toBe('casual BRL');
		expect(render('{{lookup row "Nome do Cliente"}}', fields)).toBe('Ana');
		expect(renderError('{{#each invoices}}{{plano}}{{/each}}', fields).message).toBe('template "t": the variable "plano" is missing (line 1, column 21)');
	});

	it('shorten marks its part in SMS only', () => {
		expect(render('a{{#shorten}} b{{/shorten}}')).toBe('a\ufdd0 b\ufdd1');
		expect(render('a{{#shorten}} b{{/shorten}}', {}, { channel: 'whatsapp' })).toBe('a b');
	});
});

describe('money written by hand in the shape Intl gives', () => {
	it.each([
		['pt-BR', 'BRL'],
		['es-MX', 'MXN'],
		['en-US', 'USD'],
		['es-AR', 'ARS'],
		['es-CO', 'COP'],
		['es-CL', 'CLP'],
		['pt-PT', 'EUR'],
		['de-CH', 'CHF'],
		['ja-JP', 'JPY'],
		['en-IN', 'INR'],
		['ar-EG', 'EGP'],
	])('%s %s: the same text as Intl.NumberFormat, with plain spaces', (locale, currency) => {
		const intl = new Intl.NumberFormat(locale, { style: 'currency', currency });
		let seed = 7;
		for (let i = 0; i < 2000; i++) {
			seed = (seed * 48271) % 2147483647;
			const amount = i % 3 === 0 ? seed / 100 : i % 3 === 1 ? (seed % 100000) / 7 : -(seed % 5000) / 3;
			expect(formatMoney(amount, currency, locale)).toBe(intl.format(amount).replace(/[\u00a0\u202f]/g, ' '));
		}
	});
});
