/**
 * The Handlebars environment: an isolated instance with the library's helpers and nothing else
 * (no `log`, no helper that runs code, no prototype access), strict about missing variables.
 *
 * Templates are parsed and checked before they are compiled, so that a mistake is reported with
 * its line and column and in words an operations person can act on: an unknown helper, a helper
 * given too many values, `{{{…}}}` in e-mail HTML (which would let an item's text inject markup),
 * a name such as `constructor`. Values from items are only ever data: nothing in an item is
 * compiled, except a template the user explicitly takes from an item field.
 */
import Handlebars from 'handlebars';

import { InvalidSettingError, InvalidValueError } from '../errors';
import { DirectTemplate, type DirectRuntime } from './direct';
import {
	BUILT_IN_HELPERS,
	HELPERS,
	HELPER_SPECS,
	HelperError,
	MISSING_HINT,
	type RenderMode,
	type RenderRoot,
	bindHtml,
} from './helpers';
import type { Channel } from './types';

type AST = hbs.AST.Program;
type AnyNode = hbs.AST.Node;
type Path = hbs.AST.PathExpression;
type HandlebarsCompileOptions = Parameters<typeof env.compile>[1];
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

const env = Handlebars.create();
env.unregisterHelper('log');
for (const [name, helper] of Object.entries(HELPERS)) env.registerHelper(name, helper);
// Own properties only, like every other read of item data.
env.registerHelper('lookup', (object: unknown, field: unknown) =>
	object !== null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, String(field))
		? (object as Record<string, unknown>)[String(field)]
		: undefined,
);
// Markup that helpers build escapes & < > " ' (enough inside double-quoted attributes) and leaves "=" readable in links.
bindHtml(
	(html) => new env.SafeString(html),
	(text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;'),
);

const KNOWN_HELPERS: Record<string, boolean> = {};
for (const name of Object.keys(HELPERS)) KNOWN_HELPERS[name] = true;

/** Names that reach JavaScript internals; refused in any template. */
const FORBIDDEN_NAMES = new Set([
	'constructor',
	'__proto__',
	'prototype',
	'__defineGetter__',
	'__defineSetter__',
	'__lookupGetter__',
	'__lookupSetter__',
]);

/** Helpers whose values may be missing: `{{default a.b "x"}}` must not fail when `a` is absent. */
const TOLERANT_HELPERS = new Set(['default', 'if', 'unless', 'eq', 'with', 'each']);

export const PARTIALS = ['footer', 'itemisedDebt'];

/** A template that cannot be compiled: names the template, the position and what to do. */
export class TemplateError extends InvalidSettingError {
	constructor(
		readonly template: string,
		readonly reason: string,
		hint: string,
		readonly line?: number,
		readonly column?: number,
	) {
		super(template, line === undefined ? reason : `${reason} (line ${line}, column ${column ?? 1})`, hint);
		this.name = 'TemplateError';
	}
}

export interface TemplateOptions {
	/** How the template is named in errors, e.g. `built-in template "overdue_3d.sms.pt-BR.friendly"`. */
	label: string;
	channel: Channel;
	/** E-mail HTML: values are HTML-escaped. Everything else is plain text and never escaped. */
	html: boolean;
	/**
	 * The package's own template (the built-in library, the footer): it may run on the direct
	 * renderer (direct.ts), which gives the same text as Handlebars. User templates always run on
	 * Handlebars.
	 */
	direct?: boolean;
}

interface CallInfo {
	helper: string;
	params: string[];
}

/** Where each variable and helper call sits in the source, to name them in errors. */
interface TemplateIndex {
	paths: Map<string, string>;
	calls: Map<string, CallInfo>;
	/** Every variable path used (for "needed for" messages). */
	allPaths: string[];
	/** The top-level names the template reads (so that only those are copied from the item). */
	rootFields: Set<string>;
	/** The template reads the item as a whole (`this`, `@root`, `lookup this …`). */
	wholeItem: boolean;
}

export interface ParsedTemplate {
	program: AST;
	index: TemplateIndex;
	source: string;
}

const position = (loc: hbs.AST.SourceLocation | undefined) => (loc ? `${loc.start.line}:${loc.start.column}` : '');

function describe(node: AnyNode): string {
	switch (node.type) {
		case 'PathExpression':
			return (node as Path).original;
		case 'StringLiteral':
			return JSON.stringify((node as hbs.AST.StringLiteral).value);
		case 'NumberLiteral':
		case 'BooleanLiteral':
			return String((node as hbs.AST.NumberLiteral).value);
		case 'SubExpression': {
			const sub = node as hbs.AST.SubExpression;
			return `(${[sub.path.original, ...sub.params.map(describe)].join(' ')})`;
		}
		default:
			return node.type === 'NullLiteral' ? 'null' : 'undefined';
	}
}

/** Parses and checks a template. Returns the error instead of throwing it. */
export function parseTemplate(source: string, options: TemplateOptions): ParsedTemplate | TemplateError {
	let program: AST;
	try {
		program = env.parse(source);
	} catch (error) {
		return syntaxError(source, options.label, error as Error);
	}
	const index: TemplateIndex = { paths: new Map(), calls: new Map(), allPaths: [], rootFields: new Set(), wholeItem: false };
	const problem = check(program, index, options);
	return problem ?? { program, index, source };
}

function fail(options: TemplateOptions, node: AnyNode | undefined, reason: string, hint: string): TemplateError {
	const loc = node?.loc;
	return new TemplateError(options.label, reason, hint, loc?.start.line, loc ? loc.start.column + 1 : undefined);
}

function check(node: AnyNode | undefined, index: TemplateIndex, options: TemplateOptions): TemplateError | undefined {
	if (!node) return undefined;
	switch (node.type) {
		case 'Program': {
			for (const statement of (node as AST).body) {
				const problem = check(statement, index, options);
				if (problem) return problem;
			}
			return undefined;
		}
		case 'ContentStatement':
		case 'CommentStatement':
		case 'StringLiteral':
		case 'NumberLiteral':
		case 'BooleanLiteral':
		case 'NullLiteral':
		case 'UndefinedLiteral':
			return undefined;
		case 'MustacheStatement': {
			const mustache = node as hbs.AST.MustacheStatement;
			if (!mustache.escaped && options.html) {
				return fail(
					options,
					node,
					'{{{…}}} (a value inserted without HTML escaping) is not allowed in e-mail HTML',
					'Use {{…}} with two braces: the value is then shown as text, so that no item can inject HTML into the e-mail.',
				);
			}
			return checkCall(mustache, false, index, options);
		}
		case 'BlockStatement':
			return checkCall(node as hbs.AST.BlockStatement, true, index, options);
		case 'SubExpression':
			return checkCall(node as hbs.AST.SubExpression, false, index, options);
		case 'PartialStatement': {
			const partial = node as hbs.AST.PartialStatement;
			const name = partial.name.type === 'PathExpression' ? (partial.name as Path).original : '';
			if (!PARTIALS.includes(name)) {
				return fail(options, node, `there is no partial "${name || describe(partial.name)}"`, `The partials you can use: ${PARTIALS.map((p) => `{{> ${p}}}`).join(', ')}.`);
			}
			if (partial.params.length > 0 || (partial.hash?.pairs.length ?? 0) > 0) {
				return fail(options, node, `{{> ${name}}} takes no values`, `Write {{> ${name}}} on its own.`);
			}
			return undefined;
		}
		case 'PathExpression':
			return checkPath(node as Path, index, options);
		case 'Hash': {
			for (const pair of (node as hbs.AST.Hash).pairs) {
				const problem = check(pair.value, index, options);
				if (problem) return problem;
			}
			return undefined;
		}
		default:
			// Decorators ({{* …}}) and partial blocks ({{#> …}}) are not part of the template language here.
			return fail(options, node, `${node.type.replace(/Statement$/, '').toLowerCase()} syntax is not supported`, 'Use variables, helpers, {{#if}}, {{#each}} and {{> footer}}.');
	}
}

function checkPath(path: Path, index: TemplateIndex, options: TemplateOptions): TemplateError | undefined {
	for (const part of path.parts) {
		if (FORBIDDEN_NAMES.has(part)) {
			return fail(options, path, `"${part}" cannot be used in a template`, 'Templates read the fields of the item only; rename the field if it really is called that.');
		}
	}
	if (path.data) {
		if (path.parts[0] === 'root') {
			if (path.parts.length > 1) index.rootFields.add(path.parts[1]);
			else index.wholeItem = true;
		}
	} else {
		index.paths.set(position(path.loc), path.original);
		index.allPaths.push(path.original);
		if (path.parts.length === 0) index.wholeItem = true;
		else index.rootFields.add(path.parts[0]);
	}
	return undefined;
}

const helperList = () =>
	Object.keys(HELPER_SPECS)
		.filter((name) => !BUILT_IN_HELPERS.has(name))
		.join(', ');

function checkCall(node: Call, block: boolean, index: TemplateIndex, options: TemplateOptions): TemplateError | undefined {
	const path = node.path as AnyNode;
	if (path.type !== 'PathExpression') {
		const literal = describe(path);
		return fail(
			options,
			node,
			`{{${literal}}} is not a variable`,
			/^\d+$/.test(literal)
				? 'Write the value itself, e.g. {{firstName}} or {{money}}: numbered placeholders for WhatsApp are made from the template for you.'
				: 'Write the name of a field, e.g. {{customerName}}.',
		);
	}
	const name = (path as Path).original;
	const params = node.params;
	const hashPairs = node.hash?.pairs ?? [];
	const spec =
		!(path as Path).data &&
		(path as Path).parts.length === 1 &&
		(path as Path).depth === 0 &&
		Object.prototype.hasOwnProperty.call(HELPER_SPECS, name)
			? HELPER_SPECS[name]
			: undefined;
	if (block && !spec) {
		return fail(options, node, `{{#${name}}} is not a block helper`, 'Blocks are {{#if field}}…{{/if}}, {{#unless field}}, {{#each list}}, {{#with object}} and {{#shorten}}.');
	}
	if (spec && block !== spec.block) {
		return fail(
			options,
			node,
			block ? `{{#${name}}} is not a block helper` : `{{${name}}} is a block helper`,
			block ? `Write it without #: ${spec.usage}.` : `Write it as a block: ${spec.usage}.`,
		);
	}
	if (!spec) {
		if (params.length > 0 || hashPairs.length > 0) {
			return fail(options, node, `there is no helper "${name}"`, `The helpers are: ${helperList()}; and the blocks if, unless, each, with.`);
		}
		return checkPath(path as Path, index, options);
	}
	if (params.length < spec.args[0] || params.length > spec.args[1]) {
		const count = params.length === 1 ? '1 value' : `${params.length} values`;
		return fail(options, node, `{{${name}}} was given ${count}`, `Usage: ${spec.usage}.`);
	}
	if (name === 'lookup' && params[1]?.type === 'StringLiteral' && FORBIDDEN_NAMES.has((params[1] as hbs.AST.StringLiteral).value)) {
		return fail(options, params[1], `"${(params[1] as hbs.AST.StringLiteral).value}" cannot be used in a template`, 'Templates read the fields of the item only.');
	}
	index.calls.set(position(node.loc), { helper: name, params: params.map(describe) });
	for (let i = 0; i < params.length; i++) {
		const problem = check(params[i], index, options);
		if (problem) return problem;
		if (TOLERANT_HELPERS.has(name)) params[i] = tolerantPath(params[i]);
	}
	if (node.hash) {
		const problem = check(node.hash, index, options);
		if (problem) return problem;
	}
	if (node.type === 'BlockStatement') {
		return check(node.program, index, options) ?? check(node.inverse, index, options);
	}
	return undefined;
}

/**
 * `a.b.c` as `(lookup (lookup a "b") "c")`: Handlebars' strict mode reads `a.b` of a missing `a`
 * as a JavaScript error, while `lookup` of nothing is nothing, which is what `if` and `default` need.
 */
function tolerantPath(node: hbs.AST.Expression): hbs.AST.Expression {
	if (node.type !== 'PathExpression') return node;
	const path = node as Path;
	if (path.parts.length < 2) return node;
	const lookup = (): Path => ({ type: 'PathExpression', data: false, depth: 0, parts: ['lookup'], original: 'lookup', loc: path.loc });
	let expression: hbs.AST.Expression = { ...path, parts: [path.parts[0]], original: path.original.split('.')[0] } as Path;
	for (const part of path.parts.slice(1)) {
		const key: hbs.AST.StringLiteral = { type: 'StringLiteral', value: part, original: part, loc: path.loc };
		const sub: hbs.AST.SubExpression = {
			type: 'SubExpression',
			path: lookup(),
			params: [expression, key],
			hash: undefined as unknown as hbs.AST.Hash,
			loc: path.loc,
		};
		expression = sub;
	}
	return expression;
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

const TOKEN_WORDS: Record<string, string> = {
	EOF: 'the template ends before a {{…}} or a block is closed',
	INVALID: 'something inside {{…}} is not a name, a text in quotes or a number',
	CLOSE_UNESCAPED: '}}} closes a {{ opened with two braces',
	OPEN_ENDBLOCK: 'a closing {{/…}} has no opening {{#…}}',
	CLOSE: 'a {{…}} closes before its name or value',
	OPEN: 'a {{ opens inside another {{…}}',
	CONTENT: 'a {{…}} is not closed',
};

function syntaxError(source: string, label: string, error: Error): TemplateError {
	const message = String(error.message ?? error);
	const mismatch = /^(\S+) doesn't match (\S+) - (\d+):(\d+)/.exec(message);
	if (mismatch) {
		return new TemplateError(
			label,
			`{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}`,
			`Close each block with its own name: {{#${mismatch[1]}}}…{{/${mismatch[1]}}}.`,
			Number(mismatch[3]),
			Number(mismatch[4]) + 1,
		);
	}
	const lineMatch = /on line (\d+)/.exec(message);
	const got = /got '([A-Z_]+)'/.exec(message);
	const lines = message.split('\n');
	const excerpt = lines[1] ?? '';
	const caret = lines[2]?.indexOf('^') ?? -1;
	const opens = (source.match(/\{\{/g) ?? []).length;
	const closes = (source.match(/\}\}/g) ?? []).length;
	const reason =
		opens > closes
			? 'a {{ has no closing }}'
			: got
				? (Object.prototype.hasOwnProperty.call(TOKEN_WORDS, got[1]) ? TOKEN_WORDS[got[1]] : `unexpected ${got[1].toLowerCase()}`)
				: (lines[0] ?? message);
	const line = lineMatch ? Number(lineMatch[1]) : undefined;
	const column = line !== undefined && caret >= 0 ? columnOf(source, line, excerpt, caret) : undefined;
	const sourceLine = line !== undefined ? (source.split('\n')[line - 1] ?? '') : '';
	const from = column !== undefined ? Math.max(0, column - 25) : 0;
	const near = sourceLine.slice(from, from + 50).trim();
	return new TemplateError(
		label,
		`does not compile: ${reason}${near ? ` near "${near}"` : ''}`,
		'Check that every {{ has its }}, every {{#block}} its {{/block}}, and that texts inside {{…}} are in "quotes".',
		line,
		column,
	);
}

/** Handlebars' excerpt drops line breaks and shows at most 20 characters before the error. */
function columnOf(source: string, line: number, excerpt: string, caret: number): number | undefined {
	const truncated = excerpt.startsWith('...');
	const before = excerpt.slice(truncated ? 3 : 0, caret);
	const flat = source.replace(/\n/g, '');
	const at = flat.indexOf(excerpt.slice(truncated ? 3 : 0));
	if (at < 0) return undefined;
	let offset = at + before.length;
	// Map the offset in the flattened text back to a column on the reported line.
	let lineStart = 0;
	let removed = 0;
	for (let l = 1; l < line; l++) {
		const next = source.indexOf('\n', lineStart);
		if (next < 0) break;
		lineStart = next + 1;
		removed++;
	}
	offset += removed;
	return offset >= lineStart ? offset - lineStart + 1 : undefined;
}

// ---------------------------------------------------------------------------------------------
// Compiling and rendering

export type Partials = Record<string, HandlebarsTemplateDelegate>;

/**
 * How templates are run. Handlebars' default set-up wraps every helper again on every render,
 * which costs more than the render itself over 100,000 items; templates run instead the way
 * Handlebars runs partials, with the helpers, hooks and access rules prepared once here:
 * the same helpers (none reads Handlebars' lookupProperty: `lookup` is the library's own), and
 * access rules that refuse every inherited property and method.
 */
const RUNTIME_HELPERS: Record<string, unknown> = {};
for (const [name, helper] of Object.entries(env.helpers)) {
	if (name !== 'helperMissing' && name !== 'blockHelperMissing') RUNTIME_HELPERS[name] = helper;
}
const RUNTIME_HOOKS = { helperMissing: env.helpers.helperMissing, blockHelperMissing: env.helpers.blockHelperMissing };
const DENY_PROTOTYPE_ACCESS = {
	properties: { whitelist: Object.create(null) as Record<string, boolean>, defaultValue: false },
	methods: { whitelist: Object.create(null) as Record<string, boolean>, defaultValue: false },
};
const NO_DECORATORS = {};

interface RunOptions {
	partial: true;
	helpers: Record<string, unknown>;
	hooks: typeof RUNTIME_HOOKS;
	protoAccessControl: typeof DENY_PROTOTYPE_ACCESS;
	decorators: object;
	partials: Partials;
	data: { root: RenderRoot | undefined; render: RenderMode };
}

const NO_PARTIALS: Partials = {};

/** Whether package templates run on the direct renderer (tests turn it off to compare with Handlebars). */
let directRendering = true;

/** For tests: render every template with Handlebars (false), or let package templates run directly (true). */
export function useDirectRenderer(enabled: boolean): void {
	directRendering = enabled;
}

/** The template behind each delegate handed out as a partial, so that the direct renderer can run it. */
const TEMPLATE_OF_DELEGATE = new WeakMap<HandlebarsTemplateDelegate, CompiledTemplate>();

/** What the direct renderer runs: the same helpers and escaping as the Handlebars runtime here. */
const DIRECT_RUNTIME: DirectRuntime = {
	helpers: RUNTIME_HELPERS,
	escape: (value) => env.Utils.escapeExpression(value as string),
	partial: (delegate) => TEMPLATE_OF_DELEGATE.get(delegate as HandlebarsTemplateDelegate)?.direct,
};

export class CompiledTemplate {
	private readonly fn: HandlebarsTemplateDelegate;
	private readonly runs = new Map<Partials, RunOptions>();
	/** The direct form of a package template (undefined: Handlebars renders every item). */
	readonly direct: DirectTemplate | undefined;

	constructor(
		readonly parsed: ParsedTemplate,
		readonly options: TemplateOptions,
	) {
		this.fn = env.compile(parsed.program, {
			strict: true,
			knownHelpersOnly: true,
			knownHelpers: KNOWN_HELPERS as NonNullable<HandlebarsCompileOptions>['knownHelpers'],
			noEscape: !options.html,
			preventIndent: true,
		});
		// Handlebars compiles the same checked AST on first use; its second whitespace pass over an
		// AST already processed by parse() changes nothing, so both read the same text.
		this.direct = options.direct ? DirectTemplate.compile(parsed.program, { html: options.html, channel: options.channel }, DIRECT_RUNTIME) : undefined;
		TEMPLATE_OF_DELEGATE.set(this.fn, this);
	}

	get label(): string {
		return this.options.label;
	}

	/** The direct form, when items may be rendered with it (a package template, direct rendering on). */
	get directForm(): DirectTemplate | undefined {
		return directRendering ? this.direct : undefined;
	}

	/** The delegate, for use as a partial of other templates. */
	get delegate(): HandlebarsTemplateDelegate {
		return this.fn;
	}

	/** Renders for one item. Returns an error naming the variable and its position instead of throwing. */
	render(root: RenderRoot, partials: Partials = NO_PARTIALS): string | InvalidValueError {
		if (this.direct && directRendering) {
			// Undefined when the item needs Handlebars (an error to report, an unusual value).
			const text = this.direct.render(root, partials);
			if (text !== undefined) return text;
		}
		let run = this.runs.get(partials);
		if (!run) {
			run = {
				partial: true,
				helpers: RUNTIME_HELPERS,
				hooks: RUNTIME_HOOKS,
				protoAccessControl: DENY_PROTOTYPE_ACCESS,
				decorators: NO_DECORATORS,
				partials,
				data: { root: undefined, render: { html: this.options.html, channel: this.options.channel } },
			};
			this.runs.set(partials, run);
		}
		// Rendering is synchronous: the prepared options are reused, only the item changes.
		run.data.root = root;
		try {
			return this.fn(root, run as unknown as Handlebars.RuntimeOptions);
		} catch (error) {
			return renderError(this, error);
		} finally {
			run.data.root = undefined;
		}
	}
}

/** Compiles each distinct template source once (per mode) for the lifetime of the cache: one execution. */
export class TemplateCache {
	private readonly compiled = new Map<string, CompiledTemplate | TemplateError>();

	constructor(private readonly limit = 5_000) {}

	get size(): number {
		return this.compiled.size;
	}

	compile(source: string, options: TemplateOptions): CompiledTemplate | TemplateError {
		const key = `${options.html ? 'h' : 't'}|${options.direct ? 'd' : 'u'}|${options.channel}|${options.label}|${source}`;
		let result = this.compiled.get(key);
		if (!result) {
			const parsed = parseTemplate(source, options);
			result = parsed instanceof TemplateError ? parsed : new CompiledTemplate(parsed, options);
			// Templates taken from item fields could be many: keep memory bounded.
			if (this.compiled.size >= this.limit) this.compiled.clear();
			this.compiled.set(key, result);
		}
		return result;
	}
}

// ---------------------------------------------------------------------------------------------
// Render errors

/** What to do about a missing variable of the contract, beyond checking its spelling. */
const VARIABLE_HINTS: Record<string, string> = {
	amount: 'The item has no amount: map Amount Field (under Field Names) to the column with the amount.',
	currency: 'The item has no currency: add a currency column (BRL, MXN, USD...) or set the Default Currency option.',
	dueDate: 'The item has no due date: map Due Date Field (under Field Names) to the column with it.',
	daysOverdue: 'Days overdue come from the Dunning Stage node, or from the due date: check the due date.',
	customerName: 'The item has no customer name: map Customer Name Field (under Field Names) to the column with it.',
	paymentLink: 'The item has no payment link: add a paymentLink column, map Payment Link Field, or use {{howToPay}}, which only shows what the item has.',
	boletoLine: 'The item has no boleto line: use {{howToPay}}, which only shows what the item has, or {{#if boletoLine}}…{{/if}}.',
	pixCode: 'The item has no Pix code: use {{howToPay}}, which only shows what the item has, or {{#if pixCode}}…{{/if}}.',
	discount: 'The early-payment offer needs the discount: set Early Payment Discount (%) under Options, or add a discount column (5 means 5%).',
	discountedAmount: 'The early-payment offer needs the discount: set Early Payment Discount (%) under Options, or add a discount column (5 means 5%).',
	suspensionDate: 'The suspension date is the due date plus the Suspend Service After (Days) option: the item needs a due date.',
	dunning: 'The item has no dunning object: put a Dunning Stage node before this one.',
	segment: 'The item has no segment object: put a Segment Debtor node before this one, or avoid segment.* in the template.',
	debt: 'The item has no itemised debt: put a Negotiation Offer node before this one, or use {{#if debt}}…{{/if}}.',
	offer: 'The item has no offer: put a Negotiation Offer node before this one, or use {{#if offer}}…{{/if}}.',
};

export function hintFor(variable: string): string {
	const root = variable.split('.')[0];
	const own = (key: string) => (Object.prototype.hasOwnProperty.call(VARIABLE_HINTS, key) ? VARIABLE_HINTS[key] : undefined);
	return own(variable) ?? own(root) ?? MISSING_HINT;
}

function at(line: number, column: number): string {
	return `line ${line}, column ${column + 1}`;
}

function renderError(template: CompiledTemplate, error: unknown): InvalidValueError {
	const label = template.label;
	const { index } = template.parsed;
	if (error instanceof HelperError) {
		const loc = error.loc;
		const call = loc ? index.calls.get(`${loc.line}:${loc.column}`) : undefined;
		const where = loc ? ` (${at(loc.line, loc.column)})` : '';
		const shown = call ? `{{${[call.helper, ...call.params].join(' ')}}}` : `{{${error.helper}}}`;
		const param = error.argument >= 0 ? call?.params[error.argument] : undefined;
		const subject = error.defaultVariable ?? (param && /^[A-Za-z_@]/.test(param) ? param : undefined);
		if (error.kind === 'missing' && subject) {
			return new InvalidValueError(`${label}: the variable "${subject}" is missing, used by ${shown}${where}`, hintFor(subject));
		}
		if (error.kind === 'missing') {
			return new InvalidValueError(`${label}: ${shown}${where} ${error.problem}`, error.hint);
		}
		const about = subject ? ` "${subject}"` : param ? ` ${param}` : '';
		return new InvalidValueError(`${label}: ${shown}${where}:${about} ${error.problem}`, error.hint);
	}
	const err = error as Error & { lineNumber?: number; column?: number };
	const message = String(err?.message ?? error);
	const missing = /^"([^"]+)" not defined in/.exec(message);
	if (missing && err.lineNumber !== undefined) {
		const path = index.paths.get(`${err.lineNumber}:${err.column ?? 0}`) ?? missing[1];
		return new InvalidValueError(`${label}: the variable "${path}" is missing (${at(err.lineNumber, err.column ?? 0)})`, hintFor(path));
	}
	const reading = /Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '([^']+)'\)/.exec(message);
	if (reading) {
		const path = index.allPaths.find((p) => p.split('.').indexOf(reading[1]) > 0);
		if (path) {
			const parts = path.split('.');
			const parent = parts.slice(0, parts.indexOf(reading[1])).join('.');
			return new InvalidValueError(`${label}: the variable "${parent}" is missing (needed for "${path}")`, hintFor(parent));
		}
	}
	const inOperator = /Cannot use 'in' operator to search for '([^']+)' in (.*)$/.exec(message);
	if (inOperator) {
		return new InvalidValueError(
			`${label}: "${inOperator[1]}" is read from a value that is not an object (${inOperator[2].slice(0, 40)})`,
			'Check the path: only objects (fields that hold other fields) can be read with a dot or inside {{#each}}/{{#with}}.',
		);
	}
	return new InvalidValueError(`${label}: could not be rendered: ${message}`, 'Check the template and the values it uses.');
}
