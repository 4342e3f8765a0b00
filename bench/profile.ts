/**
 * Where the time of each node goes: runs one workflow of the benchmark with V8's CPU profiler on
 * the n8n process (`--cpu-prof` through NODE_OPTIONS) and prints, for each node, the window from
 * the first to the last sample inside its execute(), split into this package's code, the garbage
 * collector, n8n and the rest, with the heaviest functions by self time.
 *
 *   npx tsx bench/profile.ts [--rows 100000] [--workflow benchOurChain] [--top 12] [--keep]
 *   npx tsx bench/profile.ts --workflow benchFloorChain   (the floor of any Render: the bare render loop)
 *   npx tsx bench/profile.ts --workflow benchSend --rows 4000   (or benchHttp: sending against the fake gateway)
 *   npx tsx bench/profile.ts --file some.cpuprofile     (analyse a profile, e.g. of bench/inner-loop.ts)
 *   npx tsx bench/profile.ts --file .tmp/scale-cpu-prof/CPU….cpuprofile --window .tmp/scale-cpu-prof/workers-stopped-1.json
 *       (a worker of `bench/scale.ts --cpu-prof`: only the samples from the first page claimed to the
 *       last page done, with the whole window's split and heaviest functions first)
 *   (needs a build: npm run build)
 */
import fs from 'node:fs';
import path from 'node:path';

import { credentialRef, fakeGatewayCredentials } from '../test/e2e/fake-credentials';
import { REPO_ROOT } from '../test/e2e/harness';
import { startGateway } from './gateway';
import { PRELOAD, createBenchHome, measure } from './n8n';
import { HEADER_AUTH_CREDENTIAL, codeChain, codeRouting, floorChain, httpSend, noOpChain, ourChain, ourRouting, ourSend } from './workflows';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	/** Microseconds, V8's monotonic clock. */
	startTime?: number;
	endTime?: number;
	samples: number[];
	timeDeltas: number[];
}

function args(): { rows: number; workflow: string; top: number; keep: boolean; file?: string; window?: string } {
	const a: { rows: number; workflow: string; top: number; keep: boolean; file?: string; window?: string } = { rows: 100_000, workflow: 'benchOurChain', top: 12, keep: false };
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--rows') a.rows = Number(argv[++i]);
		else if (argv[i] === '--workflow') a.workflow = argv[++i];
		else if (argv[i] === '--top') a.top = Number(argv[++i]);
		else if (argv[i] === '--keep') a.keep = true;
		else if (argv[i] === '--file') a.file = argv[++i];
		else if (argv[i] === '--window') a.window = argv[++i];
	}
	return a;
}

function category(frame: CallFrame): string {
	const { url, functionName } = frame;
	if (functionName === '(garbage collector)') return 'garbage collector';
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(program)') return 'V8/native (program)';
	if (url.includes('n8n-nodes-dunning/dist') || url.includes(`${REPO_ROOT}/nodes/`)) return 'this package';
	if (url.includes('n8n-nodes-dunning/node_modules/')) return 'this package: dependencies (handlebars, libphonenumber-js)';
	if (url.includes('/n8n-core/')) return 'n8n-core';
	if (url.includes('/n8n-workflow/')) return 'n8n-workflow';
	if (url.includes('/n8n/dist/') || url.includes('/@n8n/')) return 'n8n (cli, @n8n/*)';
	if (url === '' || url.startsWith('node:')) return 'Node.js built-ins';
	return 'other modules';
}

function short(frame: CallFrame): string {
	const file = frame.url
		.replace(/^file:\/\//, '')
		.replace(/.*\/node_modules\//, '')
		.replace(/.*n8n-nodes-dunning\/dist\//, 'dist/')
		.replace(`${REPO_ROOT}/`, '');
	return `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
}

/**
 * What a sample was for, from its whole stack: the first purpose that any of its frames shows, in
 * this order (a credential read inside an HTTP call counts as the credential's).
 */
const PURPOSES: Array<[string, RegExp]> = [
	['n8n: credential read from the database and decrypted', /credentials-helper\.js|\/credentials\.js|getDecrypted/],
	['n8n: expression evaluation', /@n8n\/expression-runtime|n8n-workflow\/dist\/cjs\/expression/],
	['HTTP client (axios, follow-redirects, sockets)', /axios|follow-redirects|node:_http|node:net|node:tls|proxy-from-env|backend-network/],
	['n8n: database (sqlite3, TypeORM)', /sqlite3|typeorm|@n8n\/db\//],
];

function purposeOf(leaf: ProfileNode, stack: CallFrame[]): string {
	const name = leaf.callFrame.functionName;
	if (name === '(garbage collector)') return 'garbage collector';
	if (name === '(idle)') return 'idle';
	if (name === '(program)') return 'V8/native (program)';
	for (const [purpose, re] of PURPOSES) if (stack.some((f) => re.test(f.url) || re.test(f.functionName))) return purpose;
	if (stack.some((f) => category(f) === 'this package')) return 'this package (and what it calls)';
	return category(leaf.callFrame);
}

/** The node classes' execute() functions, found by file name in the stack. */
const NODE_FILES: Record<string, RegExp> = {
	'Dunning Stage': /DunningStage\.node\.[jt]s$/,
	'Segment Debtor': /SegmentDebtor\.node\.[jt]s$/,
	'Render Collection Message': /RenderCollectionMessage\.node\.[jt]s$/,
	'Send via Gateway': /SendViaGateway\.node\.[jt]s$/,
	Postgres: /PostgresV2\.node\.js$/,
	Filter: /FilterV2\.node\.js$/,
	Merge: /MergeV3\.node\.js$/,
	'Edit Fields (Set)': /SetV2\.node\.js$/,
	Aggregate: /Aggregate\.node\.js$/,
	'HTTP Request': /HttpRequestV3\.node\.js$/,
	NoOp: /NoOp\.node\.js$/,
	Switch: /SwitchV3\.node\.js$/,
	Code: /Code\.node\.js$/,
};

function analyse(profile: CpuProfile, top: number): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	// Which node's execute() each profile node runs under (walk up once per profile node).
	const owner = new Map<number, string | null>();
	const ownerOf = (id: number): string | null => {
		if (owner.has(id)) return owner.get(id) as string | null;
		const frame = (byId.get(id) as ProfileNode).callFrame;
		let result: string | null = null;
		if (frame.functionName === 'execute') {
			for (const [name, re] of Object.entries(NODE_FILES)) if (re.test(frame.url)) result = name;
		}
		if (result === null && parent.has(id)) result = ownerOf(parent.get(id) as number);
		owner.set(id, result);
		return result;
	};
	const stacks = new Map<number, CallFrame[]>();
	const stackOf = (id: number): CallFrame[] => {
		let stack = stacks.get(id);
		if (!stack) {
			stack = [];
			for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push((byId.get(at) as ProfileNode).callFrame);
			stacks.set(id, stack);
		}
		return stack;
	};
	const lines: string[] = [];
	const windows = new Map<string, { first: number; last: number }>();
	profile.samples.forEach((id, i) => {
		const name = ownerOf(id);
		if (!name) return;
		const w = windows.get(name);
		if (!w) windows.set(name, { first: i, last: i });
		else w.last = i;
	});
	for (const [name, w] of [...windows].sort((a, b) => a[1].first - b[1].first)) {
		const categories = new Map<string, number>();
		const purposes = new Map<string, number>();
		const functions = new Map<string, number>();
		let total = 0;
		for (let i = w.first; i <= w.last; i++) {
			const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i]) / 1000;
			const frame = (byId.get(profile.samples[i]) as ProfileNode).callFrame;
			total += dt;
			const cat = category(frame);
			categories.set(cat, (categories.get(cat) ?? 0) + dt);
			const purpose = purposeOf(byId.get(profile.samples[i]) as ProfileNode, stackOf(profile.samples[i]));
			purposes.set(purpose, (purposes.get(purpose) ?? 0) + dt);
			const key = short(frame);
			functions.set(key, (functions.get(key) ?? 0) + dt);
		}
		lines.push(`\n${name}: ${total.toFixed(0)} ms from its first to its last sample`);
		for (const [cat, ms] of [...categories].sort((a, b) => b[1] - a[1])) lines.push(`  ${cat.padEnd(60)} ${ms.toFixed(0).padStart(6)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%`);
		lines.push('  by purpose (whole stack):');
		for (const [purpose, ms] of [...purposes].sort((a, b) => b[1] - a[1])) lines.push(`    ${purpose.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%`);
		lines.push('  heaviest functions (self time):');
		for (const [fn, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${ms.toFixed(0).padStart(6)} ms  ${fn}`);
	}
	return lines.join('\n');
}

/**
 * Only the samples between two wall-clock times (epoch ms), the profile's end being at `stoppedAt`
 * (when the process that wrote it exited: bench/scale.ts --cpu-prof writes both to its side file).
 */
function windowed(profile: CpuProfile, from: number, to: number, stoppedAt: number): CpuProfile {
	const end = profile.endTime ?? 0;
	let t = profile.startTime ?? 0;
	const samples: number[] = [];
	const timeDeltas: number[] = [];
	profile.samples.forEach((id, i) => {
		t += profile.timeDeltas[i];
		const wall = stoppedAt - (end - t) / 1000;
		if (wall < from || wall > to) return;
		samples.push(id);
		timeDeltas.push(profile.timeDeltas[i]);
	});
	return { ...profile, samples, timeDeltas };
}

/** The whole profile (or window): time by category and the heaviest functions by self time. */
function summary(profile: CpuProfile, top: number): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const categories = new Map<string, number>();
	const functions = new Map<string, { ms: number; category: string }>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i]) / 1000;
		const frame = (byId.get(id) as ProfileNode).callFrame;
		const cat = category(frame);
		total += dt;
		categories.set(cat, (categories.get(cat) ?? 0) + dt);
		const key = short(frame);
		const f = functions.get(key) ?? { ms: 0, category: cat };
		f.ms += dt;
		functions.set(key, f);
	});
	const busy = total - (categories.get('idle') ?? 0);
	const lines = [`whole window: ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms not idle (shares below: of the not-idle time)`];
	for (const [cat, ms] of [...categories].sort((a, b) => b[1] - a[1])) {
		if (cat !== 'idle') lines.push(`  ${cat.padEnd(60)} ${ms.toFixed(0).padStart(7)} ms  ${((ms / busy) * 100).toFixed(1).padStart(5)}%`);
	}
	lines.push('  heaviest functions (self time):');
	for (const [fn, f] of [...functions].filter(([, f]) => f.category !== 'idle').sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
		lines.push(`    ${f.ms.toFixed(0).padStart(7)} ms  ${((f.ms / busy) * 100).toFixed(1).padStart(5)}%  [${f.category}] ${fn}`);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const a = args();
	if (a.file) {
		// An existing profile, e.g. of bench/inner-loop.ts run with node --cpu-prof.
		let profile = JSON.parse(fs.readFileSync(a.file, 'utf8')) as CpuProfile;
		if (a.window) {
			const side = JSON.parse(fs.readFileSync(a.window, 'utf8')) as { at: number; pageWindow: [number, number] };
			profile = windowed(profile, side.pageWindow[0], side.pageWindow[1], side.at);
			process.stdout.write(`${summary(profile, a.top * 2)}\n`);
		}
		process.stdout.write(`${analyse(profile, a.top)}\n`);
		return;
	}
	const sending = a.workflow === 'benchSend' || a.workflow === 'benchHttp';
	const gateway = sending ? await startGateway() : undefined;
	try {
		const workflows = [ourChain(), floorChain(), codeChain(), noOpChain(), ourRouting(), codeRouting()];
		if (gateway) {
			// Sending: the Send node at 10 concurrent requests without a rate limit, or the HTTP Request node with a credential.
			const policy = { maxConcurrentRequests: 10, messagesPerSecond: 0, skipAlreadySent: false };
			workflows.push(ourSend('benchSend', credentialRef('generic').dunningHttpGatewayApi, { contactHours: 'off', policy }));
			workflows.push(httpSend('benchHttp', gateway.url));
		}
		const workflow = workflows.find((w) => w.id === a.workflow);
		if (!workflow) throw new Error(`unknown workflow ${a.workflow}; one of ${[...workflows.map((w) => w.id), 'benchSend', 'benchHttp'].join(', ')}`);
		const work = path.join(REPO_ROOT, '.tmp', 'bench-profile');
		const home = await createBenchHome(work);
		if (gateway) home.importCredentials([...fakeGatewayCredentials(gateway.url), HEADER_AUTH_CREDENTIAL]);
		home.importWorkflows([[workflow]]);
		const dir = path.join(work, 'profiles');
		fs.mkdirSync(dir, { recursive: true });
		const m = await measure(home, workflow.id, {
			DUNNING_BENCH_ROWS: String(a.rows),
			NODE_OPTIONS: `--require ${PRELOAD} --cpu-prof --cpu-prof-dir=${dir}`,
		});
		if (m.error) throw new Error(m.error);
		report(workflow.name, a, m, dir);
		if (!a.keep) fs.rmSync(path.join(work, 'n8n'), { recursive: true, force: true });
	} finally {
		await gateway?.stop();
	}
}

function report(name: string, a: ReturnType<typeof args>, m: Awaited<ReturnType<typeof measure>>, dir: string): void {
	const workflow = { name };
	process.stdout.write(`${workflow.name}, ${a.rows.toLocaleString('en-US')} rows (executionTime under the profiler, which slows it down):\n`);
	for (const [name, n] of Object.entries(m.nodes)) process.stdout.write(`  ${name}: ${n.executionTime} ms\n`);
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
	const biggest = files.map((f) => path.join(dir, f)).sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0];
	if (!biggest) throw new Error('no .cpuprofile was written');
	process.stdout.write(`${analyse(JSON.parse(fs.readFileSync(biggest, 'utf8')) as CpuProfile, a.top)}\n\nprofile: ${biggest}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
