/**
 * `npm run bench`: the package inside the pinned real n8n, side by side with what users build
 * without it, at 10,000 and 100,000 rows; then sending against the fake gateway on loopback.
 * Prints the tables and writes bench/results.json and bench/results.md (docs/performance.md explains
 * them). A benchmark prints figures: nothing here is asserted.
 *
 *   npx tsx bench/run.ts [--sizes 10000,100000] [--reps 3] [--only chains,routing,send]
 *                        [--send-messages 10000] [--rate-messages 1000] [--quick] [--no-write]
 *                        [--keep]   (keep the n8n user folder in .tmp/bench; it holds gigabytes of saved runs)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { credentialRef, fakeGatewayCredentials } from '../test/e2e/fake-credentials';
import { REPO_ROOT, type N8nHome } from '../test/e2e/harness';
import { type GatewayProcess, startGateway } from './gateway';
import { BENCH_DIR, type Measure, createBenchHome, measure } from './n8n';
import { renderResults, type Results, type ChainVariantResult, type SendResult, evaluateTargets, agreement } from './report';
import { setParameter, sendParameterPaths } from './send-params';
import { spread, mb } from './stats';
import {
	CLASSIFY,
	CODE_CHAIN,
	FLOOR_CHAIN,
	HEADER_AUTH_CREDENTIAL,
	NOOP_CHAIN,
	OUR_CHAIN,
	PER_PHASE,
	SEND,
	HTTP,
	SWITCH,
	type Workflow,
	codeChain,
	codeRouting,
	floorChain,
	httpSend,
	noOpChain,
	ourChain,
	ourRouting,
	ourSend,
	withoutSaving,
} from './workflows';

interface Args {
	sizes: number[];
	reps: number;
	only: Set<string>;
	sendMessages: number;
	rateMessages: number;
	write: boolean;
	keep: boolean;
}

function parseArgs(argv: string[]): Args {
	const args: Args = {
		sizes: [10_000, 100_000],
		reps: 3,
		only: new Set(['chains', 'routing', 'send']),
		sendMessages: 10_000,
		rateMessages: 1_000,
		write: true,
		keep: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const value = () => argv[++i] ?? '';
		switch (argv[i]) {
			case '--sizes':
				args.sizes = value().split(',').map(Number);
				break;
			case '--reps':
				args.reps = Number(value());
				break;
			case '--only':
				args.only = new Set(value().split(','));
				break;
			case '--send-messages':
				args.sendMessages = Number(value());
				break;
			case '--rate-messages':
				args.rateMessages = Number(value());
				break;
			case '--quick':
				Object.assign(args, { sizes: [2_000], reps: 1, sendMessages: 500, rateMessages: 200 });
				break;
			case '--no-write':
				args.write = false;
				break;
			case '--keep':
				args.keep = true;
				break;
			default:
				throw new Error(`unknown argument ${argv[i]}`);
		}
	}
	return args;
}

function progress(message: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function machine(): Results['machine'] {
	const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
	const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
	let nproc = os.cpus().length;
	try {
		nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
	} catch {
		// os.cpus() it is
	}
	return {
		nproc,
		cpuModel: model,
		memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		kernel: `${os.type()} ${os.release()}`,
		uptimeAtStart: execFileSync('uptime', { encoding: 'utf8' }).trim(),
	};
}

const renderBuilt = () =>
	fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes', 'RenderCollectionMessage', 'RenderCollectionMessage.node.js')) &&
	(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } }).n8n.nodes.some((n) =>
		n.includes('RenderCollectionMessage'),
	);

interface ChainVariant {
	key: string;
	title: string;
	group: 'chains' | 'routing';
	workflow: Workflow;
	nodes: string[];
}

function chainVariants(withRender: boolean): ChainVariant[] {
	const trim = (w: Workflow, nodes: string[]): Workflow => {
		if (withRender) return w;
		// Without Render Collection Message, every chain is one node shorter.
		const drop = nodes[nodes.length - 1];
		const previous = nodes[nodes.length - 2];
		return { ...w, nodes: w.nodes.filter((n) => n.name !== drop), connections: Object.fromEntries(Object.entries(w.connections).filter(([k]) => k !== previous)) };
	};
	const cut = (nodes: string[]) => (withRender ? nodes : nodes.slice(0, -1));
	return [
		{ key: 'noop', title: 'NoOp chain (n8n floor)', group: 'chains', workflow: trim(noOpChain(), NOOP_CHAIN), nodes: cut(NOOP_CHAIN) },
		{ key: 'ours', title: withRender ? 'Dunning Stage → Segment Debtor → Render (SMS)' : 'Dunning Stage → Segment Debtor', group: 'chains', workflow: trim(ourChain(), OUR_CHAIN), nodes: cut(OUR_CHAIN) },
		// The floor of any Render: Render replaced by a bare render loop (the fixture's Bench Render
		// Floor node). Without Render there is nothing to compare it with (it would be ours again).
		...(withRender
			? [{ key: 'floor', title: 'Dunning Stage → Segment Debtor → bare render loop (floor of any Render)', group: 'chains' as const, workflow: floorChain(), nodes: FLOOR_CHAIN }]
			: []),
		{ key: 'code', title: 'Code nodes doing the same', group: 'chains', workflow: trim(codeChain(), CODE_CHAIN), nodes: cut(CODE_CHAIN) },
		{
			key: 'oursNoSave',
			title: `${withRender ? 'Dunning Stage → Segment Debtor → Render (SMS)' : 'Dunning Stage → Segment Debtor'}, execution data not saved`,
			group: 'chains',
			workflow: withoutSaving(trim(ourChain(), OUR_CHAIN), 'benchOurChainNoSave'),
			nodes: cut(OUR_CHAIN),
		},
		{ key: 'noopNoSave', title: 'NoOp chain, execution data not saved', group: 'chains', workflow: withoutSaving(trim(noOpChain(), NOOP_CHAIN), 'benchNoOpNoSave'), nodes: cut(NOOP_CHAIN) },
		{ key: 'ourRouting', title: 'Dunning Stage, one output per phase', group: 'routing', workflow: ourRouting(), nodes: [PER_PHASE] },
		{ key: 'codeRouting', title: 'Code node + Switch (expression) by phase', group: 'routing', workflow: codeRouting(), nodes: [CLASSIFY, SWITCH] },
	];
}

function summarize(variant: ChainVariant, size: number, runs: Measure[]): ChainVariantResult {
	const ok = runs.filter((r) => !r.error);
	const nodes: ChainVariantResult['nodes'] = {};
	for (const name of variant.nodes) {
		const times = ok.map((r) => r.nodes[name]?.executionTime).filter((t): t is number => typeof t === 'number');
		nodes[name] = { ms: spread(times), itemsPerSecond: spread(times.map((t) => (size / t) * 1000)) };
	}
	return {
		key: variant.key,
		title: variant.title,
		nodeNames: variant.nodes,
		nodes,
		totalNodeMs: spread(ok.map((r) => variant.nodes.reduce((sum, n) => sum + (r.nodes[n]?.executionTime ?? Number.NaN), 0))),
		wallMs: spread(ok.map((r) => r.wallMs)),
		peakRssMb: spread(ok.map((r) => mb(r.peakTreeRssBytes))),
		mainHwmMb: spread(ok.map((r) => mb(r.mainHwmBytes))),
		runs: runs.map((r) => ({
			exitCode: r.exitCode,
			wallMs: Math.round(r.wallMs),
			peakRssMb: Math.round(mb(r.peakTreeRssBytes)),
			mainHwmMb: Math.round(mb(r.mainHwmBytes)),
			load1: r.load1.map((l) => Math.round(l * 100) / 100) as [number, number],
			executionTimes: Object.fromEntries(Object.entries(r.nodes).map(([n, m]) => [n, m.executionTime])),
			itemCounts: Object.fromEntries(Object.entries(r.nodes).map(([n, m]) => [n, m.itemCounts])),
			error: r.error,
		})),
	};
}

async function runChains(home: N8nHome, args: Args, variants: ChainVariant[], results: Results): Promise<void> {
	for (const size of args.sizes) {
		const runs = new Map<string, Measure[]>(variants.map((v) => [v.key, []]));
		// Repetitions are interleaved (one of each variant, then again) so that a burst of load on the
		// machine spreads over all variants instead of landing on one, in a different order each time
		// (a fixed seed per repetition), so that no variant always follows the same one: a process of
		// several GB has just exited before some runs, and the kernel is still reclaiming its memory.
		for (let rep = 1; rep <= args.reps; rep++) {
			for (const v of shuffled(variants, rep)) {
				await settle();
				progress(`${size.toLocaleString('en-US')} rows, run ${rep}/${args.reps}: ${v.title}`);
				const m = await measure(home, v.workflow.id, { DUNNING_BENCH_ROWS: String(size) });
				if (m.error) progress(`  FAILED: ${m.error}`);
				else progress(`  ${v.nodes.map((n) => `${n} ${m.nodes[n]?.executionTime ?? '?'} ms`).join(', ')}; wall ${(m.wallMs / 1000).toFixed(1)} s; peak RSS ${Math.round(mb(m.peakTreeRssBytes))} MB; load ${os.loadavg()[0].toFixed(2)}`);
				(runs.get(v.key) as Measure[]).push(m);
			}
		}
		results.chains[size] = Object.fromEntries(variants.map((v) => [v.key, summarize(v, size, runs.get(v.key) as Measure[])]));
		results.agreement[size] = agreement(variants, runs);
	}
}

/** The list in an order fixed by `seed` (Fisher-Yates with a small PRNG): the same order on every machine. */
function shuffled<T>(list: T[], seed: number): T[] {
	const out = [...list];
	let state = (seed * 2654435761) >>> 0;
	const next = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 4294967296;
	};
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** A short pause between runs, for the memory of the previous n8n process to be given back. */
function settle(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 500));
}

interface SendConfig {
	key: string;
	title: string;
	workflow: Workflow;
	node: string;
	messages: number;
	/** Configured rate, messages per second (to report the achieved share). */
	rate?: number;
}

function sendConfigs(args: Args, gatewayUrl: string): { configs: SendConfig[]; note: string } {
	const credential = credentialRef('generic').dunningHttpGatewayApi;
	const paths = sendParameterPaths();
	const configs: SendConfig[] = [];
	let note: string;
	const ours = (key: string, title: string, settings: { concurrency?: number; rate?: number }, messages: number, rate?: number) => {
		const extra: Record<string, unknown> = {};
		if (paths.concurrency && settings.concurrency !== undefined) setParameter(extra, paths.concurrency, settings.concurrency);
		if (paths.rate) setParameter(extra, paths.rate, settings.rate ?? 0);
		// Every repetition sends the same messages: the idempotency ledger would skip them the second time.
		if (paths.ledger) setParameter(extra, paths.ledger, false);
		// The benchmark runs at any hour; the debtors' contact hours would skip the messages at night.
		if (paths.contactHours) setParameter(extra, paths.contactHours, 'off');
		configs.push({ key, title, workflow: ourSend(`benchSend${key}`, credential, extra), node: SEND, messages, rate });
	};
	if (paths.concurrency && paths.rate) {
		note = `Send node parameters used: ${[
			`${paths.concurrency.join('.')} (concurrency)`,
			`${paths.rate.join('.')} (rate; 0 = no limit)`,
			paths.ledger ? `${paths.ledger.join('.')} = false (every repetition sends the same messages)` : '',
			paths.contactHours ? `${paths.contactHours.join('.')} = off (the benchmark runs at any hour)` : '',
		]
			.filter(Boolean)
			.join('; ')}.`;
		for (const c of [1, 10, 50]) ours(`C${c}`, `Send node, concurrency ${c}, no rate limit`, { concurrency: c, rate: 0 }, args.sendMessages);
		ours('R100', 'Send node, limit 100/s (concurrency 10)', { concurrency: 10, rate: 100 }, args.rateMessages, 100);
	} else {
		note =
			'The Send node has no concurrency or rate-limit parameter yet (the send policy is not wired into it): it is measured as it is, one request after the other.';
		ours('Seq', 'Send node as it is (one request after the other)', {}, args.sendMessages);
	}
	configs.push({
		key: 'HttpAll',
		title: 'HTTP Request node (Header Auth credential), no batching: every request at once',
		workflow: httpSend('benchHttpAll', gatewayUrl),
		node: HTTP,
		messages: args.sendMessages,
	});
	configs.push({
		key: 'HttpNoCred',
		title: 'HTTP Request node without a credential, no batching',
		workflow: httpSend('benchHttpNoCred', gatewayUrl, { withCredential: false }),
		node: HTTP,
		messages: args.sendMessages,
	});
	configs.push({
		key: 'HttpB100',
		title: 'HTTP Request node (Header Auth credential), batching 100 items / 1,000 ms',
		workflow: httpSend('benchHttpB100', gatewayUrl, { batching: { batchSize: 100, batchInterval: 1000 } }),
		node: HTTP,
		messages: args.rateMessages,
		rate: 100,
	});
	return { configs, note };
}

async function runSend(home: N8nHome, args: Args, gateway: GatewayProcess, configs: SendConfig[], results: Results): Promise<void> {
	const all = new Map<string, Array<Measure & { received: number; gatewayRate?: number }>>(configs.map((c) => [c.key, []]));
	for (let rep = 1; rep <= args.reps; rep++) {
		for (const c of shuffled(configs, rep)) {
			await settle();
			progress(`send run ${rep}/${args.reps}: ${c.title}, ${c.messages.toLocaleString('en-US')} messages`);
			await gateway.reset();
			const m = await measure(home, c.workflow.id, { DUNNING_BENCH_ROWS: String(c.messages) });
			const stats = await gateway.stats();
			// With a limit, also the rate the gateway saw: from its first to its last request.
			let gatewayRate: number | undefined;
			if (c.rate && c.messages <= 2000) {
				const at = (await gateway.arrivals()).sort((x, y) => x - y);
				if (at.length > 1 && at[at.length - 1] > at[0]) gatewayRate = ((at.length - 1) * 1000) / (at[at.length - 1] - at[0]);
			}
			const t = m.nodes[c.node]?.executionTime;
			if (m.error) progress(`  FAILED: ${m.error}`);
			else progress(`  ${t} ms, ${Math.round((c.messages / (t as number)) * 1000)} msg/s, gateway accepted ${stats.messagesAccepted}${gatewayRate ? `, saw ${gatewayRate.toFixed(1)}/s` : ''}; load ${os.loadavg()[0].toFixed(2)}`);
			(all.get(c.key) as Array<Measure & { received: number; gatewayRate?: number }>).push({ ...m, received: stats.messagesAccepted, gatewayRate });
		}
	}
	results.send.configs = configs.map((c): SendResult => {
		const runs = all.get(c.key) as Array<Measure & { received: number; gatewayRate?: number }>;
		const ok = runs.filter((r) => !r.error);
		const times = ok.map((r) => r.nodes[c.node]?.executionTime).filter((t): t is number => typeof t === 'number');
		const rates = times.map((t) => (c.messages / t) * 1000);
		return {
			key: c.key,
			title: c.title,
			messages: c.messages,
			configuredRate: c.rate,
			ms: spread(times),
			messagesPerSecond: spread(rates),
			achievedShare: c.rate ? spread(rates.map((r) => r / (c.rate as number))) : undefined,
			gatewayRate: c.rate ? spread(ok.map((r) => r.gatewayRate ?? Number.NaN)) : undefined,
			peakRssMb: spread(ok.map((r) => mb(r.peakTreeRssBytes))),
			runs: runs.map((r) => ({
				exitCode: r.exitCode,
				ms: r.nodes[c.node]?.executionTime,
				sentItems: r.nodes[c.node]?.itemCounts,
				gatewayAccepted: r.received,
				gatewayRate: r.gatewayRate === undefined ? undefined : Math.round(r.gatewayRate * 10) / 10,
				wallMs: Math.round(r.wallMs),
				load1: r.load1.map((l) => Math.round(l * 100) / 100) as [number, number],
				error: r.error,
			})),
		};
	});
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const withRender = renderBuilt();
	const results: Results = {
		generatedAt: new Date().toISOString(),
		machine: machine(),
		versions: { n8n: '2.41.1', node: '24.21.0 (n8n), ' + process.version + ' (benchmark script)' },
		settings: { sizes: args.sizes, reps: args.reps, sendMessages: args.sendMessages, rateMessages: args.rateMessages, renderCollectionMessage: withRender },
		chains: {},
		agreement: {},
		send: { note: '', configs: [] },
		targets: [],
		durationS: 0,
	};
	progress(`machine: ${results.machine.nproc} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB; ${results.machine.uptimeAtStart}`);
	if (!withRender) progress('Render Collection Message is not built/registered yet: the chains are two nodes long');

	progress('packing the package and creating a fresh n8n user folder');
	const workDir = path.join(REPO_ROOT, '.tmp', 'bench');
	const home = await createBenchHome(workDir);
	const variants = chainVariants(withRender).filter((v) => args.only.has(v.group));
	const gateway = args.only.has('send') ? await startGateway() : undefined;
	const send = gateway ? sendConfigs(args, gateway.url) : undefined;
	try {
		if (gateway) home.importCredentials([...fakeGatewayCredentials(gateway.url), HEADER_AUTH_CREDENTIAL]);
		// One import of every workflow (each CLI call costs seconds).
		const workflows = [...variants.map((v) => v.workflow), ...(send?.configs ?? []).map((c) => c.workflow)];
		if (!workflows.some((w) => w.id === 'benchNoOpChain')) workflows.push(noOpChain()); // for the warm-up
		home.importWorkflows([workflows]);
		progress('warm-up run (not measured)');
		const warm = await measure(home, 'benchNoOpChain', { DUNNING_BENCH_ROWS: '100' });
		if (warm.error) throw new Error(`the warm-up run failed: ${warm.error}`);

		if (variants.length) await runChains(home, args, variants, results);
		if (gateway && send) {
			results.send.note = send.note;
			await runSend(home, args, gateway, send.configs, results);
		}
	} finally {
		await gateway?.stop();
		// The saved executions of 100,000 items fill n8n's database with gigabytes.
		if (!args.keep) fs.rmSync(workDir, { recursive: true, force: true });
	}
	results.machine.uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
	results.durationS = Math.round((Date.now() - started) / 1000);
	results.targets = evaluateTargets(results);
	const { markdown, text } = renderResults(results);
	process.stdout.write(`\n${text}\n`);
	if (args.write) {
		fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, '\t')}\n`);
		fs.writeFileSync(path.join(BENCH_DIR, 'results.md'), markdown);
		progress(`wrote bench/results.json and bench/results.md (${results.durationS} s in all)`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
