/**
 * `npm run bench:scale`: the large-portfolio workflows (workflows/large-portfolio.json and
 * large-portfolio-page.json) in n8n's queue mode, at scale: synthetic invoices COPYed into
 * PostgreSQL, an n8n main and N workers, the fake gateway on loopback (its own process). For each
 * worker count: the wall time from the parent's run to the last page done, messages per second,
 * the peak RSS of each worker and of main, the Redis memory the record of sent messages takes,
 * duplicates at the gateway (must be 0) and how often each invoice was written back (must be once;
 * a row trigger counts the UPDATEs in PostgreSQL). With --kill, a worker is killed (SIGKILL) in
 * the middle of the run, started again, and the parent is run again once the lost pages' lease is
 * over: nothing may be sent twice, every page must end done.
 *
 * First (unless --no-dispatch-check), where sub-workflows run in queue mode: eight "pages" handed
 * out by an Execute Workflow node (waiting, and not waiting, for each) and by a webhook call, each
 * page making a request whose sending process the benchmark identifies (ss).
 *
 * Prints a table and writes bench/scale-results.json and bench/scale-results.md. It asserts nothing.
 *
 *   npx tsx bench/scale.ts [--invoices 1000000] [--page-size 10000] [--workers 2,1] [--concurrency 2]
 *                          [--rate 0] [--max-concurrent 20] [--kill] [--lease 11] [--save]
 *                          [--no-dispatch-check] [--no-write] [--out name] [--cpu-prof]
 *
 * --cpu-prof: the workers run with V8's CPU profiler (NODE_OPTIONS=--cpu-prof); each writes its
 * profile into .tmp/scale-cpu-prof/ when it stops (analyse with `npx tsx bench/profile.ts --file …`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { N8nHome, REPO_ROOT, freePort, packPackage, runtime } from '../test/e2e/harness';
import {
	type InvoicesDb,
	PAGE_ID,
	PAGE_PATH,
	PARENT_ID,
	RUN_PATH,
	createInvoicesDb,
	expectedWritten,
	pages,
	portfolioCredentials,
	portfolioWorkflows,
	redisMemory,
	saoPauloToday,
	writeCounts,
} from '../test/e2e/portfolio';
import { QueueCluster, type QueueServices } from '../test/e2e/queue';
import { startGateway } from './gateway';
import { MemorySampler } from './memory';
import { fmtInt, fmtNum, markdownTable, mb, textTable } from './stats';

interface Args {
	invoices: number;
	pageSize: number;
	workers: number[];
	concurrency: number;
	rate: number;
	maxConcurrent: number;
	kill: boolean;
	leaseMinutes: number;
	save: boolean;
	cpuProf: boolean;
	dispatchCheck: boolean;
	write: boolean;
	out: string;
}

function parseArgs(argv: string[]): Args {
	const args: Args = {
		invoices: 1_000_000,
		pageSize: 10_000,
		workers: [2, 1],
		concurrency: 2,
		rate: 0,
		maxConcurrent: 20,
		kill: false,
		leaseMinutes: 11,
		save: false,
		cpuProf: false,
		dispatchCheck: true,
		write: true,
		out: 'scale-results',
	};
	for (let i = 0; i < argv.length; i++) {
		const value = () => argv[++i] ?? '';
		switch (argv[i]) {
			case '--invoices':
				args.invoices = Number(value().replace(/_/g, ''));
				break;
			case '--page-size':
				args.pageSize = Number(value());
				break;
			case '--workers':
				args.workers = value().split(',').map(Number);
				break;
			case '--concurrency':
				args.concurrency = Number(value());
				break;
			case '--rate':
				args.rate = Number(value());
				break;
			case '--max-concurrent':
				args.maxConcurrent = Number(value());
				break;
			case '--kill':
				args.kill = true;
				break;
			case '--lease':
				args.leaseMinutes = Number(value());
				break;
			case '--save':
				args.save = true;
				break;
			case '--cpu-prof':
				args.cpuProf = true;
				break;
			case '--no-dispatch-check':
				args.dispatchCheck = false;
				break;
			case '--no-write':
				args.write = false;
				break;
			case '--out':
				args.out = value();
				break;
			default:
				throw new Error(`unknown argument ${argv[i]}`);
		}
	}
	return args;
}

const CPU_PROF_DIR = path.join(REPO_ROOT, '.tmp', 'scale-cpu-prof');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

function progress(message: string): void {
	process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function machine() {
	const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
	return {
		nproc: os.cpus().length,
		cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
		memoryGb: round1(os.totalmem() / 1024 ** 3),
		kernel: `${os.type()} ${os.release()}`,
		uptimeAtStart: execFileSync('uptime', { encoding: 'utf8' }).trim(),
	};
}

// ---------------------------------------------------------------------------------------------
// The n8n user folder with the packed package, as the e2e global setup makes it

async function prepareHome(): Promise<void> {
	if (process.env.DUNNING_E2E_HOME && fs.existsSync(path.join(process.env.DUNNING_E2E_HOME, 'harness-env.json'))) return;
	const dir = path.join(REPO_ROOT, '.tmp', `scale-${Date.now()}`);
	const tarball = packPackage(path.join(dir, 'pack'));
	const home = await N8nHome.create({ tarball, dir: path.join(dir, 'home') });
	home.save();
	process.env.DUNNING_E2E_HOME = home.dir;
}

// ---------------------------------------------------------------------------------------------
// The fake gateway, its own process

interface Gateway {
	url: string;
	pid: number;
	stats(): Promise<{ requests: number; messagesAccepted: number; duplicateKeys: string[]; untracked: number; byOutcome: Record<string, number> }>;
	/** The keys accepted so far (per-key counts: use at small sizes only). */
	acceptedKeys(): Promise<string[]>;
	configure(body: unknown): Promise<void>;
	/** Forgets the messages and keys of an earlier run (each run sends the same synthetic invoices). */
	reset(): Promise<void>;
	stop(): Promise<void>;
}

async function startScaleGateway(): Promise<Gateway> {
	// A million keys tracked for the duplicate count; only the last messages kept in full.
	const gateway = await startGateway(['--option', 'limits.trackedKeys=3000000', '--option', 'limits.messages=1000']);
	return {
		url: gateway.url,
		pid: gateway.pid,
		stats: async () => (await gateway.call('GET', '/__fake/stats?perMaps=0')) as Awaited<ReturnType<Gateway['stats']>>,
		acceptedKeys: async () => {
			const perKey = ((await gateway.call('GET', '/__fake/stats')) as { perKey?: Record<string, { accepted: number }> }).perKey ?? {};
			return Object.entries(perKey)
				.filter(([, c]) => c.accepted > 0)
				.map(([k]) => k);
		},
		configure: async (body) => {
			await gateway.call('POST', '/__fake/config', body);
		},
		reset: async () => {
			await gateway.call('POST', '/__fake/reset', { config: false });
		},
		stop: () => gateway.stop(),
	};
}

// ---------------------------------------------------------------------------------------------
// Where sub-workflows run: Execute Workflow (waiting / not waiting) against a webhook call

const DISPATCH_PAGES = 8;
const DISPATCH_HOLD_MS = 2_000;

interface Hit {
	flow: string;
	pid: number | null;
	at: number;
}

/** The process whose socket is the client end of a loopback connection (ss -tnp). */
function pidOf(remotePort: number, localPort: number): number | null {
	try {
		const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${remotePort} and dport = :${localPort} )`], { encoding: 'utf8' });
		const m = /pid=(\d+)/.exec(out);
		return m ? Number(m[1]) : null;
	} catch {
		return null;
	}
}

function dispatchWorkflows(hitUrl: string, mainUrl: string): object[] {
	const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, x: number, extra: Record<string, unknown> = {}) => ({
		id: `dispatch-${name.replace(/\W/g, '').toLowerCase()}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	const child = {
		id: 'benchDispatchChild',
		name: 'bench: dispatch check, the page',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('From Parent', 'n8n-nodes-base.executeWorkflowTrigger', 1.1, { inputSource: 'passthrough' }, 0),
			node('From Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: 'bench-dispatch/page', responseMode: 'onReceived', options: {} }, 0, {
				webhookId: '7e3f1a2b-9c4d-4e5f-8a6b-1c2d3e4f5a60',
			}),
			node('Page', 'n8n-nodes-base.set', 3.4, { assignments: { assignments: [{ id: 'f', name: 'flow', value: '={{ $json.body ? $json.body.flow : $json.flow }}', type: 'string' }] }, options: {} }, 240),
			node('Work', 'n8n-nodes-base.httpRequest', 4.2, { method: 'GET', url: `={{ '${hitUrl}/hit?flow=' + $json.flow }}`, options: {} }, 480),
		],
		connections: {
			'From Parent': { main: [[{ node: 'Page', type: 'main', index: 0 }]] },
			'From Webhook': { main: [[{ node: 'Page', type: 'main', index: 0 }]] },
			Page: { main: [[{ node: 'Work', type: 'main', index: 0 }]] },
		},
	};
	const parent = (id: string, flow: 'executeWorkflow' | 'executeWorkflowNoWait' | 'webhook', webhookId: string) => ({
		id,
		name: `bench: dispatch check, ${flow}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Run', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: `bench-dispatch/${flow}`, responseMode: 'onReceived', options: {} }, 0, { webhookId }),
			node('Pages', 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: `={{ { pages: Array.from({ length: ${DISPATCH_PAGES} }, () => ({ flow: '${flow}' })) } }}`, options: {} }, 240),
			node('One Item per Page', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'pages', options: {} }, 480),
			flow === 'webhook'
				? node('Hand Out', 'n8n-nodes-base.httpRequest', 4.2, { method: 'POST', url: `${mainUrl}/webhook/bench-dispatch/page`, sendBody: true, specifyBody: 'json', jsonBody: '={{ { flow: $json.flow } }}', options: {} }, 720)
				: node('Hand Out', 'n8n-nodes-base.executeWorkflow', 1.2, { workflowId: { __rl: true, mode: 'id', value: 'benchDispatchChild' }, mode: 'each', options: { waitForSubWorkflow: flow === 'executeWorkflow' } }, 720),
		],
		connections: {
			Run: { main: [[{ node: 'Pages', type: 'main', index: 0 }]] },
			Pages: { main: [[{ node: 'One Item per Page', type: 'main', index: 0 }]] },
			'One Item per Page': { main: [[{ node: 'Hand Out', type: 'main', index: 0 }]] },
		},
	});
	return [
		child,
		parent('benchDispatchWait', 'executeWorkflow', '7e3f1a2b-9c4d-4e5f-8a6b-1c2d3e4f5a61'),
		parent('benchDispatchNoWait', 'executeWorkflowNoWait', '7e3f1a2b-9c4d-4e5f-8a6b-1c2d3e4f5a62'),
		parent('benchDispatchHook', 'webhook', '7e3f1a2b-9c4d-4e5f-8a6b-1c2d3e4f5a63'),
	];
}

const DISPATCH_IDS = ['benchDispatchChild', 'benchDispatchWait', 'benchDispatchNoWait', 'benchDispatchHook'];
const DISPATCH_HOOKS = ['page', 'executeWorkflow', 'executeWorkflowNoWait', 'webhook'].map((p) => ({ method: 'POST' as const, path: `bench-dispatch/${p}` }));

interface DispatchResult {
	how: string;
	pages: number;
	/** From the parent's webhook call to the last page's request. */
	seconds: number;
	/** Pages per process, named main / worker-1 / worker-2. */
	byProcess: Record<string, number>;
	/** Queue jobs the workers took during the check (the parent and any page that went through the queue). */
	queueJobs: number;
}

async function dispatchCheck(cluster: QueueCluster, hits: Hit[]): Promise<DispatchResult[]> {
	const results: DispatchResult[] = [];
	for (const flow of ['executeWorkflow', 'executeWorkflowNoWait', 'webhook']) {
		const names = Object.fromEntries([['main', cluster.main?.pid], ...cluster.workers.map((w) => [w.name, w.pid])].map(([n, p]) => [String(p), String(n)]));
		const jobsBefore = cluster.workers.reduce((n, w) => n + w.started.length, 0);
		const t0 = Date.now();
		await fetch(`${cluster.url}/webhook/bench-dispatch/${flow}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		while (hits.filter((h) => h.flow === flow).length < DISPATCH_PAGES && Date.now() - t0 < 180_000) await sleep(200);
		await sleep(DISPATCH_HOLD_MS + 1_000);
		const mine = hits.filter((h) => h.flow === flow);
		const byProcess: Record<string, number> = {};
		for (const h of mine) {
			const name = names[String(h.pid)] ?? `pid ${h.pid}`;
			byProcess[name] = (byProcess[name] ?? 0) + 1;
		}
		results.push({
			how: { executeWorkflow: 'Execute Workflow node, wait for sub-workflow on', executeWorkflowNoWait: 'Execute Workflow node, wait for sub-workflow off', webhook: 'HTTP Request to the page workflow’s webhook' }[flow] as string,
			pages: mine.length,
			seconds: round1((Math.max(...mine.map((h) => h.at)) - t0) / 1000),
			byProcess,
			queueJobs: cluster.workers.reduce((n, w) => n + w.started.length, 0) - jobsBefore,
		});
		progress(`dispatch check, ${flow}: ${JSON.stringify(results[results.length - 1])}`);
	}
	return results;
}

// ---------------------------------------------------------------------------------------------
// One scale run

interface KillResult {
	killed: string;
	killedAtPagesDone: number;
	lostPages: number[];
	lostInvoices: number;
	messagesAcceptedAtKill: number;
	restartSeconds: number;
	/** From the kill to the rerun of the parent (the lost pages' lease). */
	rerunAfterSeconds: number;
	rerunAttempts: number[];
	rerunFoundAlreadySent: number;
	rerunFoundHeldByDeadExecution: number;
}

interface RunResult {
	workers: number;
	concurrency: number;
	invoices: number;
	pageSize: number;
	pages: number;
	loadSeconds: number;
	wallSeconds: number;
	messagesAccepted: number;
	messagesPerSecond: number;
	duplicateKeys: number;
	gatewayUntracked: number;
	writes: Awaited<ReturnType<typeof writeCounts>>;
	pagesPerWorker: Record<string, number>;
	pageSeconds: { median: number; max: number };
	peakRssMb: Record<string, number>;
	redis: { usedMbBefore: number; usedMbAfter: number; peakMb: number; recordKeys: number; recordBytesPerMessage: number; queueKeys: number };
	postgres: { invoicesTableMb: number; n8nDatabaseMbBefore: number; n8nDatabaseMbAfter: number };
	load1: [number, number];
	kill?: KillResult;
	/** With --save: executionTime per node, ms, of each saved page execution (first `SAVED_PAGES_READ`). */
	nodeTimes?: Record<string, number[]>;
	/** With --save: what the saved page executions say beyond the node times. */
	savedPages?: SavedPages;
}

interface SavedPages {
	/** From the last page marked done (its last node) to every page execution saved by the worker. */
	savedAfterSeconds: number;
	/** Page executions by status once saved (or at the timeout). */
	statuses: Record<string, number>;
	executions: Array<{ id: string; seconds: number; nodeMsSum: number; dataMb: number }>;
	/** Per node, per saved execution: items in (from the nodes feeding it), out (all outputs) and out per output. */
	items: Record<string, { in: number[]; out: number[]; outputs: number[][] }>;
}

/** How many saved page executions nodeTimes reads (each is flatted run data of every item of every node). */
const SAVED_PAGES_READ = 5;

async function redisPeakMb(services: QueueServices): Promise<number> {
	const info = await services.redis_cli(['INFO', 'memory']);
	return mb(Number(/used_memory_peak:(\d+)/.exec(info)?.[1] ?? 0));
}

async function databaseMb(services: QueueServices, name: string): Promise<number> {
	const [[bytes]] = await services.sql(`SELECT pg_database_size('${name}')`);
	return mb(Number(bytes));
}

/**
 * With --save: waits until the worker has saved every page execution. A page is marked done in
 * dunning_pages by its last node (Write Back and Close the Page); n8n saves the execution only after
 * that, in the worker's workflowExecuteAfter hook (flatted run data of every item of every node:
 * tens of MB for a page of 10,000), so until then the execution is still `running` in
 * execution_entity and has only its start data. Does not throw on timeout (a killed worker's
 * execution stays `running`).
 */
async function waitForSavedPages(cluster: QueueCluster, expected: number, timeoutMs = 600_000): Promise<{ seconds: number; statuses: Record<string, number> }> {
	const t0 = Date.now();
	for (;;) {
		const statuses = await cluster.executionCounts(PAGE_ID);
		const ended = ['success', 'error', 'crashed', 'canceled'].reduce((n, s) => n + (statuses[s] ?? 0), 0);
		if (ended >= expected || Date.now() - t0 > timeoutMs) {
			if (ended < expected) progress(`note: ${ended} of ${expected} page executions saved after ${round1(timeoutMs / 1000)} s (${JSON.stringify(statuses)})`);
			return { seconds: round1((Date.now() - t0) / 1000), statuses };
		}
		await sleep(1_000);
	}
}

interface Task {
	executionTime: number;
	source?: Array<{ previousNode: string; previousNodeOutput?: number; previousNodeRun?: number } | null>;
	data?: { main?: Array<unknown[] | null> };
}

/**
 * Per node, executionTime and items in / out of up to `limit` saved page executions (only with
 * --save), read with n8n's own flatted. Items in: the items of the outputs feeding the node (its
 * task's source); items out: all its outputs together.
 */
async function nodeTimes(cluster: QueueCluster, limit: number): Promise<{ times: Record<string, number[]>; executions: SavedPages['executions']; items: SavedPages['items'] }> {
	const services = cluster.services as QueueServices;
	const flatted = createRequire(path.join(runtime().dir, 'node_modules', 'n8n', 'package.json'))('flatted') as { parse(text: string): unknown };
	const rows = await services.sql(
		`SELECT id, extract(epoch FROM "stoppedAt" - "startedAt") FROM execution_entity WHERE "workflowId" = '${PAGE_ID}' AND status = 'success' ORDER BY id LIMIT ${limit}`,
	);
	const times: Record<string, number[]> = {};
	const items: SavedPages['items'] = {};
	const executions: SavedPages['executions'] = [];
	for (const [id, seconds] of rows) {
		const [[data]] = await services.sql(`SELECT data FROM execution_data WHERE "executionId" = ${id}`);
		const run = flatted.parse(data) as { resultData?: { runData?: Record<string, Task[]> } };
		const runData = run.resultData?.runData ?? {};
		const count = (outputs: Array<unknown[] | null> | undefined) => (outputs ?? []).reduce((n, o) => n + (o?.length ?? 0), 0);
		let sum = 0;
		for (const [name, tasks] of Object.entries(runData)) {
			const ms = tasks.reduce((n, t) => n + t.executionTime, 0);
			sum += ms;
			(times[name] ??= []).push(ms);
			const itemsIn = tasks.reduce(
				(n, t) =>
					n +
					(t.source ?? []).reduce((m, src) => m + (src ? (runData[src.previousNode]?.[src.previousNodeRun ?? 0]?.data?.main?.[src.previousNodeOutput ?? 0]?.length ?? 0) : 0), 0),
				0,
			);
			const node = (items[name] ??= { in: [], out: [], outputs: [] });
			node.in.push(itemsIn);
			node.out.push(tasks.reduce((n, t) => n + count(t.data?.main), 0));
			const outputs: number[] = [];
			for (const t of tasks) (t.data?.main ?? []).forEach((o, i) => (outputs[i] = (outputs[i] ?? 0) + (o?.length ?? 0)));
			node.outputs.push(outputs);
		}
		executions.push({ id, seconds: round1(Number(seconds)), nodeMsSum: sum, dataMb: round1(mb(Buffer.byteLength(data))) });
	}
	return { times, executions, items };
}

async function scaleRun(args: Args, workers: number, gateway: Gateway, dispatch: { results?: DispatchResult[] }): Promise<RunResult> {
	const referenceDate = saoPauloToday();
	const port = await freePort();
	const hits: Hit[] = [];
	const hitServer = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		hits.push({ flow: url.searchParams.get('flow') ?? '', pid: pidOf(req.socket.remotePort ?? 0, (hitServer.address() as AddressInfo).port), at: Date.now() });
		setTimeout(() => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		}, DISPATCH_HOLD_MS);
	});
	await new Promise<void>((resolve) => hitServer.listen(0, '127.0.0.1', () => resolve()));
	const hitUrl = `http://127.0.0.1:${(hitServer.address() as AddressInfo).port}`;
	const withDispatch = args.dispatchCheck && !dispatch.results && workers >= 2;
	const cluster = new QueueCluster({
		workflows: [
			...portfolioWorkflows({
				mainUrl: `http://127.0.0.1:${port}`,
				pageSize: args.pageSize,
				referenceDate,
				leaseMinutes: args.leaseMinutes,
				messagesPerSecond: args.rate,
				maxConcurrentRequests: args.maxConcurrent,
				saveSuccessfulPages: args.save,
			}),
			...(withDispatch ? dispatchWorkflows(hitUrl, `http://127.0.0.1:${port}`) : []),
		],
		credentials: (redis, postgres) => portfolioCredentials(gateway.url, redis, postgres),
		publish: [PAGE_ID, PARENT_ID, ...(withDispatch ? DISPATCH_IDS : [])],
		webhooks: [{ method: 'POST', path: PAGE_PATH }, { method: 'POST', path: RUN_PATH }, ...(withDispatch ? DISPATCH_HOOKS : [])],
		workers,
		concurrency: args.concurrency,
		port,
		timeoutMs: 600_000,
		...(args.cpuProf ? { workerEnv: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${CPU_PROF_DIR}` } } : {}),
	});
	progress(`${workers} worker(s): starting Redis, PostgreSQL, n8n main and workers`);
	if (args.cpuProf) fs.mkdirSync(CPU_PROF_DIR, { recursive: true });
	/** Epoch ms: the first page claimed, the last page finished (for --cpu-prof: the window of the profile to read). */
	let pageWindow: [number, number] | undefined;
	try {
		await cluster.start();
		const services = cluster.services as QueueServices;
		if (withDispatch) dispatch.results = await dispatchCheck(cluster, hits);
		hitServer.close();

		const db: InvoicesDb = await createInvoicesDb(services);
		progress(`loading ${fmtInt(args.invoices)} invoices (COPY)`);
		const loadMs = await db.load(args.invoices, referenceDate);
		progress(`loaded in ${round1(loadMs / 1000)} s`);
		// The same invoices, hence the same keys, in every run: the gateway counts duplicates per run.
		await gateway.reset();
		await gateway.configure({ faults: { default: null } });
		const gatewayBefore = await gateway.stats();
		const redisBefore = await redisMemory(services);
		const n8nDbBefore = await databaseMb(services, 'n8n');
		await sleep(2_000);

		const samplers = new Map<string, MemorySampler>();
		const sample = (name: string, pid: number | undefined) => {
			if (!pid) return;
			const s = new MemorySampler(200, 2_000);
			s.start(pid);
			samplers.set(name, s);
		};
		sample('main', cluster.main?.pid);
		cluster.workers.forEach((w) => sample(w.name, w.pid));
		sample('fake gateway', gateway.pid);
		const peaks: Record<string, number> = {};
		const stopSampler = (name: string) => {
			const s = samplers.get(name);
			if (!s) return;
			peaks[name] = Math.max(peaks[name] ?? 0, Math.round(mb(s.stop().peakTreeRss)));
			samplers.delete(name);
		};

		const load0 = os.loadavg()[0];
		const startedBefore = cluster.workers.map((w) => w.started.length);
		const t0 = Date.now();
		const runParent = async () => {
			const response = await fetch(`${cluster.url}/webhook/${RUN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await response.text();
		};
		await runParent();
		let kill: KillResult | undefined;
		let lastReport = 0;
		let lost: string[] = [];
		let killedAt = 0;
		for (;;) {
			await sleep(1_000);
			const rows = await pages(db);
			const done = rows.filter((p) => p.status === 'done').length;
			if (Date.now() - lastReport > 15_000) {
				lastReport = Date.now();
				const g = await gateway.stats();
				progress(`${done}/${rows.length} pages done, ${fmtInt(g.messagesAccepted - gatewayBefore.messagesAccepted)} messages, ${round1((Date.now() - t0) / 1000)} s, load ${os.loadavg()[0].toFixed(1)}`);
			}
			if (args.kill && !kill && rows.length > 0 && done >= rows.length * 0.4) {
				const running = rows.filter((p) => p.status === 'running');
				// A worker whose page is in the middle of sending: at least 20 of its messages accepted, at most 60 %.
				const invoices = (await gateway.acceptedKeys()).map((k) => k.split(':')[0]);
				const sending = running.filter((p) => {
					const sent = invoices.filter((id) => (p.afterId === '' || id > p.afterId) && (p.upToId === '' || id <= p.upToId)).length;
					return sent >= 20 && sent <= p.invoiceCount * 0.6;
				});
				const index = cluster.workers.findIndex((w, i) => sending.some((p) => w.started.slice(startedBefore[i]).includes(p.claimedBy)));
				if (index >= 0) {
					const victim = cluster.workers[index];
					lost = running.filter((p) => victim.started.slice(startedBefore[index]).includes(p.claimedBy)).map((p) => p.claimedBy);
					const acceptedAtKill = (await gateway.stats()).messagesAccepted - gatewayBefore.messagesAccepted;
					stopSampler(victim.name);
					await victim.stop('SIGKILL', 10_000);
					killedAt = Date.now();
					progress(`killed ${victim.name} (SIGKILL) with ${lost.length} page(s) running, at ${done}/${rows.length} pages done`);
					await sleep(5_000);
					const r0 = Date.now();
					const restarted = await cluster.restartWorker(index, args.concurrency);
					sample(`${victim.name} (restarted)`, restarted.pid);
					kill = {
						killed: victim.name,
						killedAtPagesDone: done,
						lostPages: rows.filter((p) => lost.includes(p.claimedBy)).map((p) => p.page),
						lostInvoices: rows.filter((p) => lost.includes(p.claimedBy)).reduce((n, p) => n + p.invoiceCount, 0),
						messagesAcceptedAtKill: acceptedAtKill,
						restartSeconds: round1((Date.now() - r0) / 1000),
						rerunAfterSeconds: 0,
						rerunAttempts: [],
						rerunFoundAlreadySent: 0,
						rerunFoundHeldByDeadExecution: 0,
					};
				}
			}
			if (rows.length > 0 && rows.every((p) => p.status === 'done')) break;
			// Only the dead execution's pages left: run the parent again once their lease is over (its next schedule).
			if (kill && kill.rerunAfterSeconds === 0 && rows.every((p) => p.status === 'done' || lost.includes(p.claimedBy))) {
				const leaseLeft = args.leaseMinutes * 60_000 - (Date.now() - killedAt);
				progress(`only the lost pages left; the parent runs again in ${round1(Math.max(0, leaseLeft) / 1000)} s (their lease)`);
				if (leaseLeft > 0) await sleep(leaseLeft + 2_000);
				kill.rerunAfterSeconds = round1((Date.now() - killedAt) / 1000);
				await runParent();
			}
		}
		const wallMs = Date.now() - t0;
		for (const name of [...samplers.keys()]) stopSampler(name);
		const load1 = os.loadavg()[0];
		progress(`all pages done in ${round1(wallMs / 1000)} s; checking`);
		let saved: { seconds: number; statuses: Record<string, number> } | undefined;
		if (args.save) {
			saved = await waitForSavedPages(cluster, (await pages(db)).length);
			progress(`page executions saved ${saved.seconds} s after the last page was done: ${JSON.stringify(saved.statuses)}`);
		}

		const g = await gateway.stats();
		const messages = g.messagesAccepted - gatewayBefore.messagesAccepted;
		const writes = await writeCounts(db, args.invoices, referenceDate);
		const rows = await pages(db);
		const perWorker: Record<string, number> = {};
		for (const p of rows) {
			const worker = cluster.workers.find((w) => w.started.includes(p.claimedBy))?.name.replace(/-restarted$/, '') ?? 'unknown';
			perWorker[worker] = (perWorker[worker] ?? 0) + 1;
		}
		const [[firstClaimed, lastFinished]] = await db.sql(`SELECT extract(epoch FROM min("claimedAt")), extract(epoch FROM max("finishedAt")) FROM dunning_pages`);
		pageWindow = [Number(firstClaimed) * 1000, Number(lastFinished) * 1000];
		const durations = (
			await db.sql(`SELECT extract(epoch FROM "finishedAt" - "claimedAt") FROM dunning_pages ORDER BY 1`)
		).map(([s]) => Number(s));
		const redisAfter = await redisMemory(services);
		if (kill) {
			const [[alreadySent, held]] = await db.sql(
				`SELECT count(*) FILTER (WHERE "deliveryNote" LIKE 'duplicate: Already sent%'), count(*) FILTER (WHERE "deliveryNote" LIKE 'duplicate: A run at % reserved this message%') FROM invoices`,
			);
			kill.rerunFoundAlreadySent = Number(alreadySent);
			kill.rerunFoundHeldByDeadExecution = Number(held);
			kill.rerunAttempts = rows.filter((p) => kill?.lostPages.includes(p.page)).map((p) => p.attempts);
		}
		const [[invoicesBytes]] = await db.sql(`SELECT pg_total_relation_size('invoices')`);
		const result: RunResult = {
			workers,
			concurrency: args.concurrency,
			invoices: args.invoices,
			pageSize: args.pageSize,
			pages: rows.length,
			loadSeconds: round1(loadMs / 1000),
			wallSeconds: round1(wallMs / 1000),
			messagesAccepted: messages,
			messagesPerSecond: Math.round(messages / (wallMs / 1000)),
			duplicateKeys: g.duplicateKeys.length,
			gatewayUntracked: g.untracked,
			writes,
			pagesPerWorker: perWorker,
			pageSeconds: { median: round1(durations[Math.floor(durations.length / 2)] ?? 0), max: round1(durations[durations.length - 1] ?? 0) },
			peakRssMb: peaks,
			redis: {
				usedMbBefore: round1(mb(redisBefore.usedBytes)),
				usedMbAfter: round1(mb(redisAfter.usedBytes)),
				peakMb: round1(await redisPeakMb(services)),
				recordKeys: redisAfter.recordKeys,
				recordBytesPerMessage: Math.round((redisAfter.usedBytes - redisBefore.usedBytes) / Math.max(1, messages)),
				queueKeys: redisAfter.queueKeys,
			},
			postgres: { invoicesTableMb: Math.round(mb(Number(invoicesBytes))), n8nDatabaseMbBefore: Math.round(n8nDbBefore), n8nDatabaseMbAfter: Math.round(await databaseMb(services, 'n8n')) },
			load1: [round1(load0), round1(load1)],
			kill,
		};
		if (args.save && saved) {
			const read = await nodeTimes(cluster, SAVED_PAGES_READ);
			result.nodeTimes = read.times;
			result.savedPages = { savedAfterSeconds: saved.seconds, statuses: saved.statuses, executions: read.executions, items: read.items };
		}
		progress(`${workers} worker(s): ${JSON.stringify({ wall: result.wallSeconds, msgPerSec: result.messagesPerSecond, duplicates: result.duplicateKeys, writes: result.writes })}`);
		if (result.messagesAccepted !== expectedWritten(args.invoices) && !kill) progress(`note: ${result.messagesAccepted} messages for ${expectedWritten(args.invoices)} invoices due one`);
		return result;
	} finally {
		hitServer.close();
		if (args.cpuProf) {
			// The workers first (SIGTERM: n8n exits, V8 writes the profile), so that the profile's end is known in wall time.
			await Promise.allSettled(cluster.workers.map((w) => w.stop()));
			fs.writeFileSync(path.join(CPU_PROF_DIR, `workers-stopped-${workers}.json`), `${JSON.stringify({ at: Date.now(), pids: cluster.workers.map((w) => w.pid), pageWindow })}\n`);
		}
		await cluster.stop();
	}
}

// ---------------------------------------------------------------------------------------------
// Report

function report(args: Args, results: RunResult[], dispatch: DispatchResult[] | undefined, info: ReturnType<typeof machine>): { text: string; md: string } {
	const header = ['Workers × pages at once', 'Wall s', 'Messages', 'msg/s', 'Peak RSS per worker MB', 'Main MB', 'Redis used MB (before → after)', 'Record keys', 'Duplicates', 'Written once / due', 'Written twice'];
	const rows = results.map((r) => {
		const workerPeaks = Object.entries(r.peakRssMb)
			.filter(([n]) => n.startsWith('worker'))
			.map(([n, v]) => `${n.replace('worker-', 'w')} ${fmtInt(v)}`)
			.join(', ');
		return [
			`${r.workers} × ${r.concurrency}`,
			fmtNum(r.wallSeconds),
			fmtInt(r.messagesAccepted),
			fmtInt(r.messagesPerSecond),
			workerPeaks,
			fmtInt(r.peakRssMb.main ?? 0),
			`${fmtNum(r.redis.usedMbBefore)} → ${fmtNum(r.redis.usedMbAfter)}`,
			fmtInt(r.redis.recordKeys),
			String(r.duplicateKeys),
			`${fmtInt(r.writes.writtenOnce)} / ${fmtInt(r.writes.expected)}`,
			String(r.writes.writtenTwice),
		];
	});
	const command = `npx tsx bench/scale.ts --invoices ${args.invoices} --page-size ${args.pageSize} --workers ${args.workers.join(',')} --concurrency ${args.concurrency} --rate ${args.rate} --max-concurrent ${args.maxConcurrent}${args.kill ? ` --kill --lease ${args.leaseMinutes}` : ''}${args.save ? ' --save' : ''}${args.cpuProf ? ' --cpu-prof' : ''}`;
	const lines: string[] = [];
	lines.push(`# Scale benchmark: the large-portfolio workflows in n8n queue mode`, '');
	lines.push(`\`${command}\``, '');
	lines.push(`${info.nproc} × ${info.cpuModel}, ${info.memoryGb} GB, ${info.kernel}; at start: ${info.uptimeAtStart}`, '');
	lines.push(`${fmtInt(args.invoices)} invoices in pages of ${fmtInt(args.pageSize)}; Send node per page: ${args.rate === 0 ? 'no rate limit' : `${args.rate} msg/s`}, ${args.maxConcurrent} requests at once; fake gateway (Infobip) on loopback, its own process.`, '');
	lines.push(markdownTable(header, rows), '');
	for (const r of results) {
		lines.push(
			`- ${r.workers} worker(s): ${r.pages} pages (${Object.entries(r.pagesPerWorker).map(([w, n]) => `${w} ${n}`).join(', ')}), a page took ${r.pageSeconds.median} s (median, max ${r.pageSeconds.max}); loaded with COPY in ${r.loadSeconds} s; load average ${r.load1[0]} → ${r.load1[1]}; Redis ${fmtInt(r.redis.recordBytesPerMessage)} bytes per message sent (peak ${fmtNum(r.redis.peakMb)} MB); invoices table ${fmtInt(r.postgres.invoicesTableMb)} MB; n8n database ${fmtInt(r.postgres.n8nDatabaseMbBefore)} → ${fmtInt(r.postgres.n8nDatabaseMbAfter)} MB; fake gateway peak ${fmtInt(r.peakRssMb['fake gateway'] ?? 0)} MB; deliveries ${JSON.stringify(r.writes.byStatus)}.`,
		);
		if (r.kill) {
			const k = r.kill;
			lines.push(
				`  - **Killed** ${k.killed} (SIGKILL) at ${k.killedAtPagesDone} pages done, with ${k.lostPages.length} page(s) running (${fmtInt(k.lostInvoices)} invoices); started again in ${k.restartSeconds} s; the parent ran again ${k.rerunAfterSeconds} s after the kill (the lease); the lost pages were claimed again (attempts ${k.rerunAttempts.join(', ')}) and finished. The rerun found ${fmtInt(k.rerunFoundAlreadySent)} messages already sent by the dead execution (stage written back) and ${fmtInt(k.rerunFoundHeldByDeadExecution)} still held by it (not sent, reported in deliveryNote).`,
			);
		}
		if (r.nodeTimes) lines.push('', ...nodeTimesSection(r), '');
	}
	if (dispatch) {
		lines.push('', '## Where the pages run: Execute Workflow against a webhook call', '');
		lines.push(
			markdownTable(
				['Pages handed out by', 'Pages', 'Seconds', 'Ran in', 'Queue jobs'],
				dispatch.map((d) => [d.how, String(d.pages), fmtNum(d.seconds), Object.entries(d.byProcess).map(([p, n]) => `${p}: ${n}`).join(', '), String(d.queueJobs)]),
			),
		);
		lines.push('', `Each page holds one request ${DISPATCH_HOLD_MS / 1000} s; the process that sent it is found with \`ss\`. Queue jobs counts the parent too.`);
	}
	const md = `${lines.join('\n')}\n`;
	const text = [textTable(header, rows), ...(dispatch ? ['', textTable(['Pages handed out by', 'Pages', 's', 'Ran in', 'Jobs'], dispatch.map((d) => [d.how, String(d.pages), fmtNum(d.seconds), JSON.stringify(d.byProcess), String(d.queueJobs)]))] : [])].join('\n');
	return { text, md };
}

/** The per-node table of a --save run: nodes by median executionTime, slowest first. */
function nodeTimesSection(r: RunResult): string[] {
	const times = r.nodeTimes ?? {};
	const saved = r.savedPages;
	const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)] ?? 0;
	const perPage = (v: number[] | undefined) => (v ?? []).map(fmtInt).join(' / ');
	// Items out per page; a node with several outputs: each output, 0 for an empty one ("a + b + c").
	const outPerPage = (n: string) =>
		(saved?.items[n]?.outputs ?? []).map((o) => (o.length > 1 ? o.map((c) => fmtInt(c ?? 0)).join(' + ') : fmtInt(o[0] ?? 0))).join(' / ');
	const total = Object.values(times).reduce((n, t) => n + median(t), 0);
	const names = Object.keys(times).sort((a, b) => median(times[b]) - median(times[a]));
	if (names.length === 0) return [`  - executionTime per node: no saved page execution found (${JSON.stringify(saved?.statuses ?? {})}).`];
	const lines = [
		`  - executionTime per node of the first ${saved?.executions.length ?? '?'} saved page executions (n8n's run data; ms, slowest first; items in / out per page):`,
		'',
		markdownTable(
			['Node', 'ms per page', 'Median ms', 'Share', 'Items in', 'Items out (per output)'],
			names.map((n) => [n, perPage(times[n]), fmtInt(median(times[n])), `${fmtNum(round1((median(times[n]) / Math.max(1, total)) * 100))} %`, perPage(saved?.items[n]?.in), outPerPage(n)]),
		),
	];
	if (saved) {
		lines.push(
			'',
			`  Sum of the node times against the execution's own wall (startedAt → stoppedAt): ${saved.executions.map((e) => `execution ${e.id}: ${fmtInt(e.nodeMsSum)} ms of ${fmtNum(e.seconds)} s (saved run data ${fmtNum(e.dataMb)} MB)`).join('; ')}. The worker saved the page executions ${saved.savedAfterSeconds} s after the last page was marked done (${JSON.stringify(saved.statuses)}).`,
		);
	}
	return lines;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const info = machine();
	progress(`${info.uptimeAtStart}`);
	await prepareHome();
	const gateway = await startScaleGateway();
	const results: RunResult[] = [];
	const dispatch: { results?: DispatchResult[] } = {};
	try {
		for (const workers of args.workers) results.push(await scaleRun(args, workers, gateway, dispatch));
	} finally {
		await gateway.stop();
	}
	const { text, md } = report(args, results, dispatch.results, info);
	process.stdout.write(`\n${text}\n`);
	if (args.write) {
		fs.writeFileSync(path.join(__dirname, `${args.out}.json`), `${JSON.stringify({ date: new Date().toISOString(), args, machine: info, results, dispatch: dispatch.results }, null, 2)}\n`);
		fs.writeFileSync(path.join(__dirname, `${args.out}.md`), md);
		progress(`wrote bench/${args.out}.json and bench/${args.out}.md`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
