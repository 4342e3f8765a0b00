/**
 * Deterministic fault injection. A fault comes, in this order of precedence, from the request header
 * `X-Fake-Fault`, from an exact recipient configured at runtime (`faults.numbers`), from the magic
 * suffix table (recipient digits ending in `0000` + a 4-digit code), or from `faults.default`.
 * The personalities decide what each kind looks like for their provider (docs/fake-gateway.md).
 */
import type { FaultInput, FaultKind, FaultSpec, ProviderName, ResolvedOptions } from './types';

export const FAULT_HEADER = 'x-fake-fault';

/** Names and numeric aliases accepted in the header grammar and in JSON strings. */
const ALIASES: Record<string, FaultSpec> = {
	none: { kind: 'none' },
	ok: { kind: 'none' },
	rate_limit: { kind: 'rate_limit' },
	'429': { kind: 'rate_limit' },
	'20429': { kind: 'rate_limit' },
	'130429': { kind: 'rate_limit' },
	e429: { kind: 'rate_limit' },
	pair_rate_limit: { kind: 'pair_rate_limit' },
	'131056': { kind: 'pair_rate_limit' },
	server_error: { kind: 'server_error', status: 500 },
	'500': { kind: 'server_error', status: 500 },
	'502': { kind: 'server_error', status: 502 },
	'503': { kind: 'server_error', status: 503 },
	'504': { kind: 'server_error', status: 504 },
	hang: { kind: 'hang' },
	timeout: { kind: 'hang' },
	slow: { kind: 'hang', ms: -1 },
	opt_out: { kind: 'opt_out' },
	'21610': { kind: 'opt_out' },
	'131050': { kind: 'opt_out' },
	invalid_number: { kind: 'invalid_number' },
	'21211': { kind: 'invalid_number' },
	window_closed: { kind: 'window_closed' },
	'131047': { kind: 'window_closed' },
	'63016': { kind: 'window_closed' },
	undeliverable: { kind: 'undeliverable' },
	'131026': { kind: 'undeliverable' },
	'30003': { kind: 'undeliverable' },
	error_in_200: { kind: 'error_in_200' },
};

/** The magic suffix table: recipient digits ending in `0000` followed by one of these codes. */
export const SUFFIX_TABLE: Record<string, FaultSpec> = {
	'0429': { kind: 'rate_limit' },
	'1056': { kind: 'pair_rate_limit' },
	'0500': { kind: 'server_error', status: 500 },
	'0502': { kind: 'server_error', status: 502 },
	'0503': { kind: 'server_error', status: 503 },
	'0504': { kind: 'server_error', status: 504 },
	'0900': { kind: 'hang' },
	'0901': { kind: 'hang', ms: -1 },
	'1610': { kind: 'opt_out' },
	'1211': { kind: 'invalid_number' },
	'1047': { kind: 'window_closed' },
	'0003': { kind: 'undeliverable' },
	'0200': { kind: 'error_in_200' },
};

/** Burst codes `2N29`, `2N03`, `2N00`: the first N requests get 429 / 503 / a hang, then success. */
const BURST_KINDS: Record<string, FaultSpec> = {
	'29': { kind: 'rate_limit' },
	'03': { kind: 'server_error', status: 503 },
	'00': { kind: 'hang' },
};

const KINDS = new Set<FaultKind>(['rate_limit', 'pair_rate_limit', 'server_error', 'hang', 'opt_out', 'invalid_number', 'window_closed', 'undeliverable', 'error_in_200', 'none']);

export class FaultGrammarError extends Error {}

const PARAMETERS = new Set(['ms', 'retryAfter', 'retry-after', 'burst', 'status']);

/**
 * Header grammar: `<name>[;ms=<n>][;retryAfter=<s>][;burst=<n>][;status=<n>]`, e.g. `429`,
 * `hang;ms=500`, `503;burst=2`, `rate_limit;retryAfter=3`.
 */
export function parseFault(input: FaultInput): FaultSpec {
	if (typeof input !== 'string') {
		if (!KINDS.has(input.kind)) throw new FaultGrammarError(`Unknown fault kind '${String(input.kind)}'`);
		return { ...input };
	}
	const [head, ...params] = input.split(';').map((part) => part.trim());
	const base = ALIASES[head.toLowerCase()];
	if (base === undefined) throw new FaultGrammarError(`Unknown fault '${head}'. Use one of: ${Object.keys(ALIASES).join(', ')}`);
	const spec: FaultSpec = { ...base };
	for (const param of params) {
		if (param === '') continue;
		const [name, raw] = param.split('=').map((part) => part.trim());
		if (!PARAMETERS.has(name)) throw new FaultGrammarError(`Unknown fault parameter '${name}' (ms, retryAfter, burst, status)`);
		const value = Number(raw);
		if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0) throw new FaultGrammarError(`Fault parameter '${param}' needs a number`);
		if (name === 'ms') spec.ms = value;
		else if (name === 'retryAfter' || name === 'retry-after') spec.retryAfter = value;
		else if (name === 'burst') spec.burst = value;
		else spec.status = value;
	}
	return spec;
}

export function suffixFault(digits: string): FaultSpec | undefined {
	if (digits.length < 9 || digits.slice(-8, -4) !== '0000') return undefined;
	const code = digits.slice(-4);
	const fixed = SUFFIX_TABLE[code];
	if (fixed !== undefined) return fixed;
	if (code[0] === '2') {
		const burst = BURST_KINDS[code.slice(2)];
		const n = Number(code[1]);
		if (burst !== undefined && n > 0) return { ...burst, burst: n };
	}
	return undefined;
}

export interface ResolvedFault {
	spec: FaultSpec;
	source: 'header' | 'number' | 'suffix' | 'default';
}

export class FaultInjector {
	private readonly headerCache = new Map<string, FaultSpec>();
	private readonly bursts = new Map<string, number>();

	constructor(private readonly options: () => ResolvedOptions) {}

	reset(): void {
		this.bursts.clear();
	}

	/** The fault for one recipient of one request, after burst counting; undefined = behave normally. */
	resolve(provider: ProviderName, digits: string, header: string | undefined): ResolvedFault | undefined {
		const found = this.find(digits, header);
		if (found === undefined || found.spec.kind === 'none') return undefined;
		const burst = found.spec.burst;
		if (burst !== undefined) {
			const key = `${provider}|${digits}|${found.source}`;
			const seen = (this.bursts.get(key) ?? 0) + 1;
			this.bursts.set(key, seen);
			if (seen > burst) return undefined;
		}
		return this.finish(found);
	}

	private find(digits: string, header: string | undefined): ResolvedFault | undefined {
		const faults = this.options().faults;
		if (header !== undefined && header !== '') {
			let spec = this.headerCache.get(header);
			if (spec === undefined) {
				spec = parseFault(header);
				this.headerCache.set(header, spec);
			}
			return { spec, source: 'header' };
		}
		const configured = faults.numbers[digits];
		if (configured !== undefined) return { spec: parseFault(configured), source: 'number' };
		if (faults.suffixTable) {
			const spec = suffixFault(digits);
			if (spec !== undefined) return { spec, source: 'suffix' };
		}
		if (faults.default !== null && faults.default !== undefined) return { spec: parseFault(faults.default), source: 'default' };
		return undefined;
	}

	/** Fills in the configured defaults (slow delay, Retry-After). */
	private finish(found: ResolvedFault): ResolvedFault {
		const faults = this.options().faults;
		const spec = found.spec;
		if (spec.kind === 'hang' && spec.ms === -1) return { ...found, spec: { ...spec, ms: faults.slowMs } };
		if ((spec.kind === 'rate_limit' || spec.kind === 'pair_rate_limit') && spec.retryAfter === undefined) {
			return { ...found, spec: { ...spec, retryAfter: faults.retryAfterSeconds } };
		}
		return found;
	}
}

/** A short label of a fault for the request log and the stats (`rate_limit`, `server_error:503`, `hang:500ms`). */
export function faultLabel(spec: FaultSpec): string {
	if (spec.kind === 'server_error') return `server_error:${spec.status ?? 500}`;
	if (spec.kind === 'hang') return spec.ms === undefined ? 'hang' : `hang:${spec.ms}ms`;
	return spec.kind;
}
