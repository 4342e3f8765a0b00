/** The results: their shape, the agreement checks, the targets, and the tables. */
import type { Measure } from './n8n';
import { type Spread, fmtInt, fmtNum, fmtSpread, markdownTable, textTable } from './stats';
import { OUR_CHAIN, PER_PHASE, SWITCH } from './workflows';

export interface ChainVariantResult {
	key: string;
	title: string;
	nodeNames: string[];
	nodes: Record<string, { ms?: Spread; itemsPerSecond?: Spread }>;
	totalNodeMs?: Spread;
	wallMs?: Spread;
	peakRssMb?: Spread;
	mainHwmMb?: Spread;
	runs: Array<{
		exitCode: number;
		wallMs: number;
		peakRssMb: number;
		mainHwmMb: number;
		load1: [number, number];
		executionTimes: Record<string, number>;
		itemCounts: Record<string, number[]>;
		error?: string;
	}>;
}

export interface SendResult {
	key: string;
	title: string;
	messages: number;
	configuredRate?: number;
	ms?: Spread;
	messagesPerSecond?: Spread;
	achievedShare?: Spread;
	/** With a limit: messages per second between the gateway's first and last request. */
	gatewayRate?: Spread;
	peakRssMb?: Spread;
	runs: Array<{
		exitCode: number;
		ms?: number;
		sentItems?: number[];
		gatewayAccepted: number;
		gatewayRate?: number;
		wallMs: number;
		load1: [number, number];
		error?: string;
	}>;
}

export interface FieldAgreement {
	field: string;
	equal: boolean;
	/** Values whose counts differ: [value, ours, theirs]. */
	differences: Array<[string, number, number]>;
}

export interface Agreement {
	/** Histograms over every item of the last node of each chain. */
	chain?: { ourNode: string; codeNode: string; fields: FieldAgreement[] };
	/** The first items, compared one by one (same invoice). */
	sample?: { compared: number; sameStage: number; sameSegment: number; sameTone: number; texts: Array<{ invoiceId: string; locale: string; stage: string; ours: string; code: string; oursSegments?: unknown; codeSegments?: unknown }> };
	/** Items per phase output: Dunning Stage's six outputs against the Switch's. */
	routing?: { ours: number[]; code: number[]; equal: boolean };
}

export interface Target {
	target: string;
	measured: string;
	met: boolean | null;
}

export interface Results {
	generatedAt: string;
	machine: { nproc: number; cpuModel: string; memoryGb: number; kernel: string; uptimeAtStart: string; uptimeAtEnd?: string };
	versions: Record<string, string>;
	settings: { sizes: number[]; reps: number; sendMessages: number; rateMessages: number; renderCollectionMessage: boolean };
	chains: Record<number, Record<string, ChainVariantResult>>;
	agreement: Record<number, Agreement>;
	send: { note: string; configs: SendResult[] };
	targets: Target[];
	durationS: number;
}

type Histograms = Record<string, Record<string, number>>;

function compareField(field: string, ours: Histograms | undefined, code: Histograms | undefined): FieldAgreement {
	const a = ours?.[field] ?? {};
	const b = code?.[field] ?? {};
	const differences: Array<[string, number, number]> = [];
	for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
		if ((a[key] ?? 0) !== (b[key] ?? 0)) differences.push([key, a[key] ?? 0, b[key] ?? 0]);
	}
	return { field, equal: differences.length === 0, differences };
}

interface VariantLike {
	key: string;
	nodes: string[];
}

const get = (json: Record<string, unknown>, a: string, b: string): unknown => (json[a] as Record<string, unknown> | undefined)?.[b];

/** Do the package's chain and the Code nodes classify, segment and route the same way? */
export function agreement(variants: VariantLike[], runs: Map<string, Measure[]>): Agreement {
	const result: Agreement = {};
	const first = (key: string) => runs.get(key)?.find((r) => !r.error);
	const byKey = new Map(variants.map((v) => [v.key, v]));
	const ours = first('ours');
	const code = first('code');
	const ourV = byKey.get('ours');
	const codeV = byKey.get('code');
	if (ours && code && ourV && codeV) {
		const ourNode = ourV.nodes[ourV.nodes.length - 1];
		const codeNode = codeV.nodes[codeV.nodes.length - 1];
		const oh = ours.nodes[ourNode]?.histograms?.[0];
		const ch = code.nodes[codeNode]?.histograms?.[0];
		result.chain = {
			ourNode,
			codeNode,
			fields: ['dunning.stage', 'dunning.phase', 'segment.name', 'segment.tone', 'message.encoding'].filter((f) => oh?.[f] || ch?.[f]).map((f) => compareField(f, oh, ch)),
		};
		const oursItems = ours.nodes[ourNode]?.sample[0] ?? [];
		const codeItems = new Map((code.nodes[codeNode]?.sample[0] ?? []).map((j) => [j.invoiceId, j]));
		let compared = 0;
		let sameStage = 0;
		let sameSegment = 0;
		let sameTone = 0;
		const texts: NonNullable<Agreement['sample']>['texts'] = [];
		const locales = new Set<string>();
		for (const o of oursItems) {
			const c = codeItems.get(o.invoiceId);
			if (!c) continue;
			compared++;
			if (get(o, 'dunning', 'stage') === get(c, 'dunning', 'stage')) sameStage++;
			if (get(o, 'segment', 'name') === get(c, 'segment', 'name')) sameSegment++;
			if (get(o, 'segment', 'tone') === get(c, 'segment', 'tone')) sameTone++;
			const text = get(o, 'message', 'text');
			const locale = String(o.locale);
			if (typeof text === 'string' && text !== '' && !locales.has(locale)) {
				locales.add(locale);
				texts.push({
					invoiceId: String(o.invoiceId),
					locale,
					stage: String(get(o, 'dunning', 'stage')),
					ours: text,
					code: String(get(c, 'message', 'text') ?? ''),
					oursSegments: get(o, 'message', 'segments'),
					codeSegments: get(c, 'message', 'segments'),
				});
			}
		}
		result.sample = { compared, sameStage, sameSegment, sameTone, texts };
	}
	const ourRouting = first('ourRouting');
	const codeRouting = first('codeRouting');
	if (ourRouting && codeRouting) {
		const a = ourRouting.nodes[PER_PHASE]?.itemCounts ?? [];
		const b = codeRouting.nodes[SWITCH]?.itemCounts ?? [];
		result.routing = { ours: a, code: b, equal: a.length === b.length && a.every((n, i) => n === b[i]) };
	}
	return result;
}

const ratio = (a?: Spread, b?: Spread) => (a && b && b.median > 0 ? a.median / b.median : Number.NaN);

export function evaluateTargets(results: Results): Target[] {
	const targets: Target[] = [];
	const size = Math.max(...Object.keys(results.chains).map(Number));
	const at = results.chains[size];
	const label = `${fmtInt(size)} items`;
	if (at?.ours) {
		for (const node of at.ours.nodeNames) {
			const ms = at.ours.nodes[node]?.ms;
			targets.push({ target: `${node} < 300 ms at ${label}`, measured: ms ? `${fmtNum(ms.median)} ms` : 'failed', met: ms ? ms.median < 300 : false });
		}
	}
	if (at?.ourRouting && at?.codeRouting) {
		const pair = at.codeRouting.totalNodeMs;
		const ours = at.ourRouting.nodes[PER_PHASE]?.ms;
		const r = ratio(pair, ours);
		targets.push({
			target: `Dunning Stage per phase ≥ 50× faster than Code + Switch (${label})`,
			measured: `${fmtNum(r)}× (${fmtNum(pair?.median ?? Number.NaN)} ms vs ${fmtNum(ours?.median ?? Number.NaN)} ms)`,
			met: Number.isFinite(r) ? r >= 50 : false,
		});
	}
	if (at?.ours && at?.code) {
		at.ours.nodeNames.forEach((node, i) => {
			const theirs = at.code.nodeNames[i];
			const r = ratio(at.code.nodes[theirs]?.ms, at.ours.nodes[node]?.ms);
			targets.push({
				target: `${node} ≥ 10× faster than ${theirs} (${label})`,
				measured: `${fmtNum(r)}×`,
				met: Number.isFinite(r) ? r >= 10 : false,
			});
		});
	}
	const rss = (ours: ChainVariantResult | undefined, noop: ChainVariantResult | undefined, how: string) => {
		if (!ours || !noop) return;
		const r = ratio(ours.peakRssMb, noop.peakRssMb);
		targets.push({
			target: `Chain peak RSS ≤ 1.5× the NoOp chain, ${how} (${label})`,
			measured: `${fmtNum(r)}× (${fmtNum(ours.peakRssMb?.median ?? Number.NaN)} MB vs ${fmtNum(noop.peakRssMb?.median ?? Number.NaN)} MB)`,
			met: Number.isFinite(r) ? r <= 1.5 : false,
		});
	};
	rss(at?.ours, at?.noop, "n8n's default (execution data saved)");
	rss(at?.oursNoSave, at?.noopNoSave, 'execution data not saved');
	const sends = results.send.configs;
	const ourLimited = sends.find((s) => s.key.startsWith('R'));
	if (sends.length) {
		targets.push({
			target: 'Send ≥ 95% of a configured rate (100/s)',
			measured: ourLimited?.achievedShare
				? `${fmtNum(ourLimited.achievedShare.median * 100)}% (${fmtNum(ourLimited.messagesPerSecond?.median ?? 0)} msg/s over the node's time; the gateway saw ${fmtNum(ourLimited.gatewayRate?.median ?? Number.NaN)}/s)`
				: 'no rate-limit parameter on the Send node yet',
			met: ourLimited?.achievedShare ? ourLimited.achievedShare.median >= 0.95 : null,
		});
		const unlimited = sends.filter((s) => !s.key.startsWith('Http') && !s.configuredRate && s.messagesPerSecond);
		const best = unlimited.sort((a, b) => (b.messagesPerSecond?.median ?? 0) - (a.messagesPerSecond?.median ?? 0))[0];
		targets.push({
			target: 'Send ≥ 1,000 msg/s without a limit (loopback)',
			measured: best ? `${fmtNum(best.messagesPerSecond?.median ?? 0)} msg/s (${best.title})` : 'failed',
			met: best ? (best.messagesPerSecond?.median ?? 0) >= 1000 : false,
		});
	}
	return targets;
}

/**
 * Render next to the floor of any Render (the floor chain's bare render loop), at the largest size:
 * a line under the Targets table, only when both were measured there.
 */
export function floorLine(results: Results): string | undefined {
	const size = Math.max(...Object.keys(results.chains).map(Number));
	const at = results.chains[size];
	const render = OUR_CHAIN[OUR_CHAIN.length - 1];
	if (!at?.floor || !at.ours?.nodeNames.includes(render)) return undefined;
	const floor = at.floor.nodes[at.floor.nodeNames[at.floor.nodeNames.length - 1]]?.ms;
	const ours = at.ours.nodes[render]?.ms;
	if (!floor) return undefined;
	return `Floor of any Render in n8n (bare loop) at ${fmtInt(size)} items: ${fmtNum(floor.median)} ms; Render ${ours ? `${fmtNum(ours.median)} ms (${fmtNum(ratio(ours, floor))}×)` : 'failed'}`;
}

function chainTables(results: Results, size: number): Array<{ title: string; header: string[]; rows: string[][] }> {
	const at = results.chains[size] ?? {};
	const n = results.settings.reps;
	const tables: Array<{ title: string; header: string[]; rows: string[][] }> = [];
	const perNode = (keys: string[]) => {
		const rows: string[][] = [];
		for (const key of keys) {
			const v = at[key];
			if (!v) continue;
			for (const node of v.nodeNames) rows.push([v.title, node, fmtSpread(v.nodes[node]?.ms), fmtSpread(v.nodes[node]?.itemsPerSecond)]);
			if (v.nodeNames.length > 1) {
				const total = v.totalNodeMs;
				rows.push([v.title, '**all nodes**', fmtSpread(total), total ? fmtNum((size / total.median) * 1000) : '—']);
			}
		}
		return rows;
	};
	tables.push({
		title: `Chains at ${fmtInt(size)} items: node execution time (ms, median (min–max) of ${n})`,
		header: ['Workflow', 'Node', 'executionTime ms', 'items/s'],
		rows: perNode(['ours', 'floor', 'code', 'noop']),
	});
	tables.push({
		title: `Routing by phase at ${fmtInt(size)} items`,
		header: ['Workflow', 'Node', 'executionTime ms', 'items/s'],
		rows: perNode(['ourRouting', 'codeRouting']),
	});
	tables.push({
		title: `Whole \`n8n execute\` process at ${fmtInt(size)} items (start-up, row generation and printing included)`,
		header: ['Workflow', 'wall s', 'peak RSS MB (n8n + task runner)', 'n8n process VmHWM MB', 'load (1 min) at start'],
		rows: ['ours', 'floor', 'code', 'noop', 'oursNoSave', 'noopNoSave', 'ourRouting', 'codeRouting']
			.filter((k) => at[k])
			.map((k) => {
				const v = at[k];
				const loads = v.runs.map((r) => r.load1[0].toFixed(1)).join(', ');
				return [v.title, fmtSpread(v.wallMs, 1 / 1000), fmtSpread(v.peakRssMb), fmtSpread(v.mainHwmMb), loads];
			}),
	});
	return tables;
}

function sendTable(results: Results) {
	return {
		title: `Sending against the fake gateway on loopback (median (min–max) of ${results.settings.reps})`,
		header: ['Configuration', 'messages', 'node ms', 'messages/s (node time)', 'share of the limit', 'rate seen by the gateway /s', 'peak RSS MB'],
		rows: results.send.configs.map((s) => [
			s.title,
			fmtInt(s.messages),
			fmtSpread(s.ms),
			fmtSpread(s.messagesPerSecond),
			s.achievedShare ? fmtSpread(s.achievedShare, 100).replace(/(\d)(?=\s|$|\))/g, '$1%') : '—',
			fmtSpread(s.gatewayRate),
			fmtSpread(s.peakRssMb),
		]),
	};
}

function agreementLines(results: Results, size: number): string[] {
	const a = results.agreement[size];
	if (!a) return [];
	const lines: string[] = [];
	if (a.chain) {
		for (const f of a.chain.fields) {
			lines.push(
				f.equal
					? `- \`${f.field}\`: the same counts over all ${fmtInt(size)} items (${a.chain.ourNode} vs ${a.chain.codeNode}).`
					: `- \`${f.field}\`: counts differ on ${f.differences.length} value(s): ${f.differences
							.slice(0, 6)
							.map(([v, o, c]) => `${v} ${o} vs ${c}`)
							.join('; ')}.`,
			);
		}
	}
	if (a.sample) {
		lines.push(
			`- First ${a.sample.compared} invoices one by one: same stage ${a.sample.sameStage}, same segment ${a.sample.sameSegment}, same tone ${a.sample.sameTone}.`,
		);
	}
	if (a.routing) {
		lines.push(`- Items per phase output (pre-collection, dunning, negotiation, legal, settled, none): Dunning Stage ${a.routing.ours.join(' / ')}; Switch ${a.routing.code.join(' / ')}${a.routing.equal ? ' (identical)' : ' (DIFFERENT)'}.`);
	}
	return lines;
}

export function renderResults(results: Results): { markdown: string; text: string } {
	const md: string[] = [];
	const tx: string[] = [];
	const m = results.machine;
	const head = `${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.kernel}; n8n ${results.versions.n8n} on Node ${results.versions.node}`;
	md.push('# Benchmark results', '', `Generated by \`npm run bench\` on ${results.generatedAt} in ${results.durationS} s. See docs/performance.md for the method and the analysis.`, '');
	md.push(`- Machine: ${head}`, `- Load at start: \`${m.uptimeAtStart}\``, `- Load at end: \`${m.uptimeAtEnd ?? ''}\``, '');
	tx.push(`Machine: ${head}`, `Start: ${m.uptimeAtStart}`, `End:   ${m.uptimeAtEnd ?? ''}`, '');
	const addTable = (t: { title: string; header: string[]; rows: string[][] }) => {
		md.push(`## ${t.title}`, '', markdownTable(t.header, t.rows), '');
		tx.push(t.title, textTable(t.header, t.rows.map((r) => r.map((c) => c.replace(/\*\*/g, '')))), '');
	};
	if (results.targets.length) {
		addTable({
			title: 'Targets',
			header: ['Target', 'Measured', 'Met'],
			rows: results.targets.map((t) => [t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']),
		});
	}
	const floor = floorLine(results);
	if (floor) {
		md.push(floor, '');
		tx.push(floor, '');
	}
	for (const size of Object.keys(results.chains).map(Number).sort((a, b) => a - b)) {
		for (const t of chainTables(results, size)) addTable(t);
		const lines = agreementLines(results, size);
		if (lines.length) {
			md.push(`### Do they agree? (${fmtInt(size)} items)`, '', ...lines, '');
			tx.push(`Agreement at ${fmtInt(size)} items`, ...lines, '');
		}
	}
	const largest = Math.max(...Object.keys(results.agreement).map(Number));
	const texts = results.agreement[largest]?.sample?.texts ?? [];
	if (texts.length) {
		md.push('### Sample texts (same invoice)', '');
		for (const t of texts) {
			md.push(`- ${t.invoiceId}, ${t.locale}, ${t.stage}:`, `  - Render Collection Message (${String(t.oursSegments)} segment(s)): ${t.ours.replace(/\n/g, ' ⏎ ')}`, `  - Code node (${String(t.codeSegments)} segment(s)): ${t.code}`);
		}
		md.push('');
	}
	if (results.send.configs.length) {
		addTable(sendTable(results));
		md.push(results.send.note, '');
		tx.push(results.send.note, '');
	}
	return { markdown: `${md.join('\n')}\n`, text: tx.join('\n') };
}
