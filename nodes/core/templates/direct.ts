/**
 * A direct renderer for the package's own templates (the built-in library and its footer): the
 * checked Handlebars AST is turned once into a list of parts (literal text, a variable, a helper
 * call, an `{{#if}}`/`{{#unless}}` or other block helper, the footer partial) that are joined for
 * each item, without Handlebars' runtime. Over 100,000 items Handlebars' per-call machinery
 * (wrapped programs, options objects, lookups through its container) costs more than the text.
 *
 * It renders exactly what the compiled Handlebars template renders, by doing the same steps:
 * - strict variables: `{{a.b}}` reads `a` as a helper argument would, and `b` must exist on it;
 * - own properties only, like Handlebars with every prototype access denied (`lookupProperty`);
 * - helpers are the very functions Handlebars is given, called with the same `this`, arguments,
 *   `options.name`, `hash`, `data` (`root` and the render mode) and `loc`;
 * - in e-mail HTML, values are escaped by Handlebars' own `escapeExpression` and block results
 *   are not (as Handlebars does); elsewhere nothing is escaped.
 *
 * Whatever it does not model exactly it does not try: a template with syntax outside that list is
 * not compiled here (Handlebars renders it), and at render time anything unusual (a missing
 * variable, a helper error, a value that is not text, a partial it does not know) makes it give
 * up on the item, which Handlebars then renders from the start: so errors, their wording and
 * position, and every odd value come from Handlebars itself. Helpers have no side effects, so an
 * abandoned render leaves nothing behind.
 */
import type { RenderMode, RenderRoot } from './helpers';

type AnyNode = hbs.AST.Node;
type Path = hbs.AST.PathExpression;

/** Why a render was abandoned: Handlebars renders the item instead. */
class GiveUp {}
const GIVE_UP = new GiveUp();

/** What helpers see as `options.data`, shared by the call sites of one template. */
export interface RenderData {
	root: RenderRoot | undefined;
	render: RenderMode;
}

/** Handlebars' `options` of one call site; only `fn` and `inverse` differ between blocks. */
interface CallOptions {
	name: string;
	hash: Record<string, unknown>;
	data: RenderData;
	loc: { start: { line: number; column: number }; end: { line: number; column: number } } | null;
	fn?: (context: unknown) => unknown;
	inverse?: (context: unknown) => unknown;
}

type Helper = (this: unknown, ...args: unknown[]) => unknown;

/**
 * What a statement is to a {@link DirectPlan}: text, something the creditor settings alone decide
 * (fixed for one renderer), a partial, or a part that reads the item.
 */
type PlanNode =
	| { kind: 'text'; text: string }
	/** `{{creditor.x}}`: the node's settings, the same for every item. */
	| { kind: 'creditor'; part: Part }
	/** `{{#if creditor.x}}` / `{{#unless …}}`: the branch is chosen once. */
	| { kind: 'choose'; helper: Helper; options: CallOptions; condition: Expression; fn: PlanNode[]; inverse: PlanNode[]; part: Part }
	/** `{{#shorten}}…{{/shorten}}`: fixed when all it holds is. */
	| { kind: 'shorten'; helper: Helper; options: CallOptions; fn: PlanNode[]; part: Part }
	| { kind: 'partial'; name: string; part: Part }
	| { kind: 'item'; part: Part; shape?: SlotShape };

/**
 * What a slot of a plan is, in terms simple enough for a renderer to run it without this module
 * (helpers.ts, fastSlot): a variable, a helper called with variables and literals, or an `{{#if x}}`
 * that writes a text and `x`. Only for text that is not HTML-escaped. Undefined: anything else.
 */
export type SlotShape =
	| { kind: 'variable'; name: string }
	| { kind: 'helper'; name: string; args: SlotArgument[] }
	| { kind: 'ifVariable'; name: string; before: string };

/** A helper argument of a {@link SlotShape}: a top-level variable, or a literal. */
export type SlotArgument = { path: string } | { literal: string | number | boolean };

interface Compiled {
	part: Part;
	plan: PlanNode;
}
/** A value (argument of a helper). */
type Expression = (context: unknown) => unknown;
/** A piece of the output. */
type Part = (context: unknown) => string;

/** The Handlebars helpers these templates may call, and how partials are found. */
export interface DirectRuntime {
	helpers: Record<string, unknown>;
	escape: (value: unknown) => string;
	/** The direct form of a partial given to render, if it has one. */
	partial: (delegate: unknown) => DirectTemplate | undefined;
}

/** Names Handlebars always treats as helpers when used alone (`{{if}}`), whether registered or not. */
const HANDLEBARS_KNOWN = new Set(['helperMissing', 'blockHelperMissing', 'each', 'if', 'unless', 'with', 'log', 'lookup']);
/** Helpers this renderer does not run (they change the context or are not registered). */
const NOT_DIRECT = new Set(['helperMissing', 'blockHelperMissing', 'each', 'with', 'log']);
const EMPTY_HASH: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const hasOwn = Object.prototype.hasOwnProperty;
/** Handlebars' test for `./x`, `this.x` and `this` (AST.helpers.scopedId). */
const SCOPED = /^\.|this\b/;

/** Handlebars' `lookupProperty` with all prototype access denied: own properties only. */
function lookupProperty(parent: unknown, name: string): unknown {
	// Reading a property of null or undefined is a TypeError in Handlebars: its error message then.
	if (parent === null || parent === undefined) throw GIVE_UP;
	const result = (parent as Record<string, unknown>)[name];
	if (result === null || result === undefined) return result;
	return hasOwn.call(parent, name) ? result : undefined;
}

/** Handlebars' `container.strict`: the last name of a `{{variable}}` must exist. */
function strictLookup(parent: unknown, name: string): unknown {
	if (!parent || (typeof parent !== 'object' && typeof parent !== 'function') || !(name in parent)) throw GIVE_UP;
	const value = lookupProperty(parent, name);
	// A function would be called by Handlebars (a "lambda"); item data has none.
	if (typeof value === 'function') throw GIVE_UP;
	return value;
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	// Handlebars joins values with `+`: a number next to a number would be added. Not text: give up.
	throw GIVE_UP;
}

export class DirectTemplate {
	/** The `options.data` of this template's helper calls (and of its partials while they run). */
	readonly data: RenderData;
	private readonly parts: Part[];
	private running = false;
	private partials: unknown;
	/** The statements as a plan is made of them (see {@link DirectTemplate.plan}). */
	private readonly planNodes: PlanNode[] = [];
	/** The options of the helper call compiled last (block() reads those of its own call). */
	private lastOptions: CallOptions | undefined;

	private constructor(
		program: hbs.AST.Program,
		render: RenderMode,
		private readonly runtime: DirectRuntime,
		private readonly html: boolean,
	) {
		this.data = { root: undefined, render };
		this.parts = this.program(program, this.planNodes);
	}

	/** The direct form of a checked template, or undefined when it uses something only Handlebars renders. */
	static compile(program: hbs.AST.Program, render: RenderMode, runtime: DirectRuntime): DirectTemplate | undefined {
		try {
			return new DirectTemplate(program, render, runtime, render.html);
		} catch {
			// Syntax it does not model (or anything unexpected): Handlebars renders this template.
			return undefined;
		}
	}

	/** The text for one item, or undefined: Handlebars must render it. */
	render(root: RenderRoot, partials: unknown): string | undefined {
		if (this.running) return undefined;
		this.running = true;
		this.data.root = root;
		this.partials = partials;
		try {
			return join(this.parts, root);
		} catch {
			// A missing variable, a helper's error or anything unusual: Handlebars renders the item and
			// reports the error in its own words (helpers have no side effects to undo).
			return undefined;
		} finally {
			this.running = false;
			this.data.root = undefined;
			this.partials = undefined;
		}
	}

	/**
	 * This template split once into fixed text and slots, for a renderer whose creditor settings
	 * are `creditor` and for the partials given (the footer): everything the settings decide
	 * (`{{creditor.…}}`, `{{#if creditor.…}}`, a `{{#shorten}}` of fixed text, the footer's fixed
	 * lines) is rendered now, and only the parts that read the item are left to run per item.
	 * Undefined when that cannot be decided here (the item then renders as before).
	 */
	plan(creditor: unknown, partials: unknown): DirectPlan | undefined {
		// What the fixed parts read: the root's `creditor`, which buildRoot always sets to the renderer's settings.
		const context = { creditor };
		const builder: PlanBuilder = { fixed: [''], slots: [], shapes: [], owners: [this], inlining: [this] };
		try {
			this.specialize(this.planNodes, context, partials, builder);
		} catch {
			return undefined;
		}
		return new DirectPlan(this, builder.fixed, builder.slots, builder.shapes, builder.owners, creditor);
	}

	private specialize(nodes: PlanNode[], context: unknown, partials: unknown, out: PlanBuilder): void {
		for (const node of nodes) {
			switch (node.kind) {
				case 'text':
					out.fixed[out.fixed.length - 1] += node.text;
					break;
				case 'creditor':
					out.fixed[out.fixed.length - 1] += node.part(context);
					break;
				case 'choose': {
					// The real helper decides, given markers for its two branches.
					const chosen = node.helper.call(context, node.condition(context), { ...node.options, fn: () => FN_BRANCH, inverse: () => INVERSE_BRANCH });
					if (chosen !== FN_BRANCH && chosen !== INVERSE_BRANCH) throw GIVE_UP;
					this.specialize(chosen === FN_BRANCH ? node.fn : node.inverse, context, partials, out);
					break;
				}
				case 'shorten': {
					const inner: PlanBuilder = { fixed: [''], slots: [], shapes: [], owners: out.owners, inlining: out.inlining };
					this.specialize(node.fn, context, partials, inner);
					if (inner.slots.length > 0) {
						slot(out, node.part);
						break;
					}
					const value = node.helper.call(context, { ...node.options, fn: () => inner.fixed[0] });
					out.fixed[out.fixed.length - 1] += textOf(value);
					break;
				}
				case 'partial': {
					const delegate = partials !== null && typeof partials === 'object' ? lookupProperty(partials, node.name) : undefined;
					const partial = delegate ? this.runtime.partial(delegate) : undefined;
					// A partial that includes itself is left to Handlebars, as render() does.
					if (!partial || out.inlining.includes(partial)) throw GIVE_UP;
					if (!out.owners.includes(partial)) out.owners.push(partial);
					out.inlining.push(partial);
					partial.specialize(partial.planNodes, context, partials, out);
					out.inlining.pop();
					break;
				}
				default:
					slot(out, node.part, node.shape);
			}
		}
	}

	/**
	 * Runs the slots of a plan for one item: each template the plan takes parts from gets the item's
	 * data, as render() and asPartial() give it. Undefined when the item needs the full render.
	 */
	runSlots(plan: DirectPlan, root: RenderRoot, values: string[]): boolean {
		const owners = plan.owners;
		for (const owner of owners) if (owner.running) return false;
		const render = this.data.render;
		const own = plan.ownModes;
		for (let i = 0; i < owners.length; i++) {
			const owner = owners[i];
			owner.running = true;
			own[i] = owner.data.render;
			owner.data.root = root;
			// A partial runs with its caller's data.
			owner.data.render = render;
		}
		try {
			const slots = plan.slots;
			for (let i = 0; i < slots.length; i++) values[i] = slots[i](root);
			return true;
		} catch {
			return false;
		} finally {
			for (let i = 0; i < owners.length; i++) {
				const owner = owners[i];
				owner.running = false;
				owner.data.root = undefined;
				owner.data.render = own[i];
			}
		}
	}

	// -------------------------------------------------------------------------------------------
	// Compiling

	private program(program: hbs.AST.Program | undefined, plan: PlanNode[]): Part[] {
		const parts: Part[] = [];
		if (!program) return parts;
		if (program.blockParams && program.blockParams.length > 0) throw GIVE_UP;
		let text = '';
		for (const statement of program.body) {
			if (statement.type === 'ContentStatement') {
				text += (statement as hbs.AST.ContentStatement).value;
				continue;
			}
			if (statement.type === 'CommentStatement') continue;
			if (statement.type === 'PartialStatement' && (statement as hbs.AST.PartialStatement & { indent?: string }).indent) {
				// Handlebars' preventIndent: the indentation is written once, before the partial.
				text += (statement as hbs.AST.PartialStatement & { indent: string }).indent;
			}
			if (text !== '') {
				const literal = text;
				parts.push(() => literal);
				plan.push({ kind: 'text', text: literal });
				text = '';
			}
			const compiled = this.statement(statement);
			parts.push(compiled.part);
			plan.push(compiled.plan);
		}
		if (text !== '') {
			const literal = text;
			parts.push(() => literal);
			plan.push({ kind: 'text', text: literal });
		}
		return parts;
	}

	private statement(node: AnyNode): Compiled {
		switch (node.type) {
			case 'MustacheStatement':
				return this.mustache(node as hbs.AST.MustacheStatement);
			case 'BlockStatement':
				return this.block(node as hbs.AST.BlockStatement);
			case 'PartialStatement':
				return this.partial(node as hbs.AST.PartialStatement);
			default:
				throw GIVE_UP;
		}
	}

	private mustache(node: hbs.AST.MustacheStatement): Compiled {
		const path = simplePath(node.path);
		const escape = this.html && node.escaped;
		const helperName = path.parts.length === 1 && !SCOPED.test(path.original) ? path.parts[0] : undefined;
		let value: Expression;
		const isCall = node.params.length > 0 || hasHash(node) || (helperName !== undefined && (HANDLEBARS_KNOWN.has(helperName) || hasOwn.call(this.runtime.helpers, helperName)));
		if (isCall) {
			value = this.call(node, undefined);
		} else {
			value = variable(path);
		}
		let part: Part;
		if (escape) {
			const htmlEscape = this.runtime.escape;
			part = (context) => {
				const out = htmlEscape(value(context));
				if (typeof out !== 'string') throw GIVE_UP;
				return out;
			};
		} else {
			part = (context) => textOf(value(context));
		}
		// `{{creditor.name}}` and the like: a variable (not a helper) under the node's own settings.
		const fixed = !path.data && path.parts.length >= 2 && path.parts[0] === 'creditor' && node.params.length === 0 && !hasHash(node);
		if (fixed) return { part, plan: { kind: 'creditor', part } };
		let shape: SlotShape | undefined;
		if (!escape && path.parts.length === 1 && !hasHash(node)) {
			const name = path.parts[0];
			if (!isCall) shape = { kind: 'variable', name };
			else if (!HANDLEBARS_KNOWN.has(name)) {
				const args = slotArguments(node.params);
				if (args) shape = { kind: 'helper', name, args };
			}
		}
		return { part, plan: { kind: 'item', part, shape } };
	}

	private block(node: hbs.AST.BlockStatement): Compiled {
		const fnPlan: PlanNode[] = [];
		const inversePlan: PlanNode[] = [];
		const fn = this.program(node.program, fnPlan);
		const inverse = this.program(node.inverse, inversePlan);
		const value = this.call(node, { fn: (context) => join(fn, context), inverse: (context) => join(inverse, context) });
		// Handlebars writes a block's result as it is, never escaped.
		const part: Part = (context) => textOf(value(context));
		const name = (node.path as Path).parts[0];
		const helper = this.runtime.helpers[name] as Helper;
		const options = this.lastOptions as CallOptions;
		if ((name === 'if' || name === 'unless') && node.params.length === 1 && fixedExpression(node.params[0])) {
			const condition = this.expression(node.params[0]);
			return { part, plan: { kind: 'choose', helper, options, condition, fn: fnPlan, inverse: inversePlan, part } };
		}
		if (name === 'shorten' && node.params.length === 0) return { part, plan: { kind: 'shorten', helper, options, fn: fnPlan, part } };
		// `{{#if x}} {{x}}{{/if}}` (the footer's lines): a text and the variable, when it has a value.
		const [param] = node.params;
		const [before, inner] = fnPlan;
		if (
			name === 'if' &&
			node.params.length === 1 &&
			!hasHash(node) &&
			inversePlan.length === 0 &&
			fnPlan.length === 2 &&
			param.type === 'PathExpression' &&
			before.kind === 'text' &&
			inner.kind === 'item' &&
			inner.shape?.kind === 'variable'
		) {
			const path = param as Path;
			if (!path.data && path.depth === 0 && path.parts.length === 1 && !SCOPED.test(path.original) && path.parts[0] === inner.shape.name) {
				return { part, plan: { kind: 'item', part, shape: { kind: 'ifVariable', name: inner.shape.name, before: before.text } } };
			}
		}
		return { part, plan: { kind: 'item', part } };
	}

	private partial(node: hbs.AST.PartialStatement): Compiled {
		if (node.name.type !== 'PathExpression' || node.params.length > 0 || hasHash(node)) throw GIVE_UP;
		const name = (node.name as Path).original;
		const part: Part = (context) => {
			const partials = this.partials as Record<string, unknown>;
			const delegate = partials !== null && typeof partials === 'object' ? lookupProperty(partials, name) : undefined;
			const partial = delegate ? this.runtime.partial(delegate) : undefined;
			if (!partial) throw GIVE_UP;
			return partial.asPartial(context, this.data);
		};
		return { part, plan: { kind: 'partial', name, part } };
	}

	/** Runs as a partial of another template: Handlebars gives a partial its caller's data. */
	private asPartial(context: unknown, data: RenderData): string {
		if (this.running) throw GIVE_UP;
		this.running = true;
		const own = this.data.render;
		this.data.root = data.root;
		this.data.render = data.render;
		try {
			return join(this.parts, context);
		} finally {
			this.running = false;
			this.data.root = undefined;
			this.data.render = own;
		}
	}

	/** A helper call (mustache, block or sub-expression) with its options prepared once. */
	private call(node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, blocks: Pick<CallOptions, 'fn' | 'inverse'> | undefined): Expression {
		const path = simplePath(node.path);
		if (path.parts.length !== 1 || SCOPED.test(path.original)) throw GIVE_UP;
		const name = path.parts[0];
		if (NOT_DIRECT.has(name) || !hasOwn.call(this.runtime.helpers, name)) throw GIVE_UP;
		if (hasHash(node)) throw GIVE_UP;
		const helper = this.runtime.helpers[name] as Helper;
		if (typeof helper !== 'function') throw GIVE_UP;
		const loc = node.loc ? { start: { ...node.loc.start }, end: { ...node.loc.end } } : null;
		const options: CallOptions = { name, hash: EMPTY_HASH, data: this.data, loc };
		if (blocks) {
			options.fn = blocks.fn;
			options.inverse = blocks.inverse;
		}
		const params = node.params.map((param) => this.expression(param));
		// After the arguments, whose sub-expressions are calls of their own.
		this.lastOptions = options;
		if (params.length === 0) return (context) => helper.call(context, options);
		if (params.length === 1) {
			const [a] = params;
			return (context) => helper.call(context, a(context), options);
		}
		if (params.length === 2) {
			const [a, b] = params;
			return (context) => helper.call(context, a(context), b(context), options);
		}
		return (context) => {
			const args = params.map((param) => param(context));
			args.push(options);
			return helper.apply(context, args);
		};
	}

	private expression(node: hbs.AST.Expression): Expression {
		switch (node.type) {
			case 'StringLiteral':
			case 'NumberLiteral':
			case 'BooleanLiteral': {
				const value = (node as hbs.AST.StringLiteral).value;
				return () => value;
			}
			case 'NullLiteral':
				return () => null;
			case 'UndefinedLiteral':
				return () => undefined;
			case 'SubExpression':
				return this.call(node as hbs.AST.SubExpression, undefined);
			case 'PathExpression':
				return argument(simplePath(node));
			default:
				throw GIVE_UP;
		}
	}
}

/** A path read from the context: no `@data`, `this`, `../` or `./`. */
function simplePath(node: AnyNode): Path {
	if (node.type !== 'PathExpression') throw GIVE_UP;
	const path = node as Path;
	if (path.data || path.depth !== 0 || path.parts.length === 0 || SCOPED.test(path.original)) throw GIVE_UP;
	return path;
}

function hasHash(node: { hash?: hbs.AST.Hash }): boolean {
	return node.hash !== undefined && node.hash !== null && node.hash.pairs.length > 0;
}

/** A helper argument: every name read with lookupProperty, nothing required. */
function argument(path: Path): Expression {
	const parts = path.parts.slice();
	if (parts.length === 1) {
		const [name] = parts;
		return (context) => lookupProperty(context, name);
	}
	return (context) => {
		let value = context;
		for (const part of parts) value = lookupProperty(value, part);
		return value;
	};
}

/** A `{{variable}}`: the names before the last read as an argument, the last one required. */
function variable(path: Path): Expression {
	const parts = path.parts.slice();
	const last = parts.pop() as string;
	if (parts.length === 0) return (context) => strictLookup(context, last);
	if (parts.length === 1) {
		const [first] = parts;
		return (context) => strictLookup(lookupProperty(context, first), last);
	}
	return (context) => {
		let value = context;
		for (const part of parts) value = lookupProperty(value, part);
		return strictLookup(value, last);
	};
}

function join(parts: Part[], context: unknown): string {
	let out = '';
	for (let i = 0; i < parts.length; i++) out += parts[i](context);
	return out;
}

/** What the chosen branch of an `{{#if}}` returns while a plan is made: which one the helper took. */
const FN_BRANCH = '\u0000fn';
const INVERSE_BRANCH = '\u0000inverse';

interface PlanBuilder {
	/** Fixed text before each slot, and after the last. */
	fixed: string[];
	slots: Part[];
	/** What each slot is, where simple enough to say (see {@link SlotShape}). */
	shapes: Array<SlotShape | undefined>;
	/** The templates whose parts the slots are (the template and the partials it includes). */
	owners: DirectTemplate[];
	/** The partials being inlined, to refuse one that includes itself. */
	inlining: DirectTemplate[];
}

function slot(out: PlanBuilder, part: Part, shape?: SlotShape): void {
	out.slots.push(part);
	out.shapes.push(shape);
	out.fixed.push('');
}

/** A helper call's arguments as {@link SlotArgument}s; undefined when one is anything else (a sub-expression, a dotted path). */
function slotArguments(params: hbs.AST.Expression[]): SlotArgument[] | undefined {
	const args: SlotArgument[] = [];
	for (const param of params) {
		if (param.type === 'StringLiteral' || param.type === 'NumberLiteral' || param.type === 'BooleanLiteral') {
			args.push({ literal: (param as hbs.AST.StringLiteral).value });
			continue;
		}
		if (param.type !== 'PathExpression') return undefined;
		const path = param as Path;
		if (path.data || path.depth !== 0 || path.parts.length !== 1 || SCOPED.test(path.original)) return undefined;
		args.push({ path: path.parts[0] });
	}
	return args;
}

/**
 * An argument the creditor settings alone decide: `creditor.x` (or `(lookup creditor "x")`, as
 * `{{#if}}` reads a dotted path), or a literal.
 */
function fixedExpression(node: hbs.AST.Expression): boolean {
	switch (node.type) {
		case 'StringLiteral':
		case 'NumberLiteral':
		case 'BooleanLiteral':
		case 'NullLiteral':
		case 'UndefinedLiteral':
			return true;
		case 'PathExpression': {
			const path = node as Path;
			return !path.data && path.depth === 0 && path.parts.length >= 1 && path.parts[0] === 'creditor' && !SCOPED.test(path.original);
		}
		case 'SubExpression': {
			const sub = node as hbs.AST.SubExpression;
			const name = sub.path.type === 'PathExpression' ? (sub.path as Path).original : '';
			return name === 'lookup' && !hasHash(sub) && sub.params.length === 2 && fixedExpression(sub.params[0]) && sub.params[1].type === 'StringLiteral';
		}
		default:
			return false;
	}
}

/**
 * A template as fixed text and slots: `fixed[0] + slot 0 + fixed[1] + … + fixed[n]` is the text
 * render() would give, for a root whose `creditor` is the one the plan was made for.
 */
export class DirectPlan {
	constructor(
		private readonly template: DirectTemplate,
		readonly fixed: readonly string[],
		readonly slots: readonly Part[],
		readonly shapes: ReadonlyArray<SlotShape | undefined>,
		readonly owners: readonly DirectTemplate[],
		readonly creditor: unknown,
	) {}

	/** The owners' own render modes while the slots run (one array for every item). */
	readonly ownModes: RenderMode[] = [];

	/**
	 * Fills `values` with the slots' texts for one item; false when the item needs the full render
	 * (anything unusual: Handlebars then reports it in its own words).
	 */
	run(root: RenderRoot, values: string[]): boolean {
		if (root.creditor !== this.creditor) return false;
		return this.template.runSlots(this, root, values);
	}
}
