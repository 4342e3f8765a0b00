/**
 * Drives a real, pinned n8n the way users run this package: the packed tarball installed into
 * `<userFolder>/.n8n/nodes`, workflows and credentials imported with n8n's CLI, workflows executed
 * by id, and the run data parsed. Used by the e2e tests, the demo and the benchmark.
 *
 * Which n8n: the runtimes of scripts/n8n-runtime.mjs (n8n 2.41.1 on Node 24 by default, n8n
 * 1.123.81 on Node 22). The jest project `e2e-n8n1` runs the core subset on 1.x (jest.config.js);
 * `DUNNING_N8N_RUNTIME=1.x` runs any e2e suite there. That variable is read here, by the test
 * harness, and never by the package's code.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-dunning';
/** The path shipped workflows read the sample CSV from; the harness points it at its own copy. */
export const SHIPPED_DATA_DIR = '/home/node/.n8n-files/dunning';
/** The runtime every caller gets unless it asks for another (scripts/n8n-runtime.mjs, first entry). */
export const DEFAULT_RUNTIME = '2.x';
/** Environment variable (test harness only) naming the runtime of an e2e run: `2.x` or `1.x`. */
export const RUNTIME_ENV = 'DUNNING_N8N_RUNTIME';

export interface Runtime {
	/** `2.x` or `1.x` (scripts/n8n-runtime.mjs RUNTIMES). */
	name: string;
	n8nVersion: string;
	nodeVersion: string;
	dir: string;
	node: string;
	n8nBin: string;
	nodeBinDir: string;
}

/**
 * The runtime this test process runs against: the jest project's global `DUNNING_N8N_RUNTIME`
 * (project `e2e-n8n1`), else the environment variable, else 2.x.
 */
export function selectedRuntime(): string {
	const fromProject = (globalThis as { DUNNING_N8N_RUNTIME?: unknown }).DUNNING_N8N_RUNTIME;
	if (typeof fromProject === 'string' && fromProject) return fromProject;
	return process.env[RUNTIME_ENV] || DEFAULT_RUNTIME;
}

/** Installs (once) and locates a runtime: scripts/n8n-runtime.mjs, run on this Node. */
export function runtime(name: string = selectedRuntime()): Runtime {
	const script = path.join(REPO_ROOT, 'scripts', 'n8n-runtime.mjs');
	const out = execFileSync(
		process.execPath,
		['--input-type=module', '-e', `import { ensureN8n } from ${JSON.stringify(script)}; console.log(JSON.stringify(ensureN8n(${JSON.stringify(name)})));`],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
	);
	return JSON.parse(out.trim().split('\n').pop() as string) as Runtime;
}

/** `npm pack` of the built package, as users get it from the registry. */
export function packPackage(destination: string): string {
	fs.mkdirSync(destination, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [info] = JSON.parse(out) as Array<{ filename: string }>;
	return path.join(destination, info.filename);
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export interface NodeRun {
	executionTime: number;
	status: string;
	/** Items per output, as n8n produced them. */
	outputs: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>>;
	error?: { message: string; description?: string };
}

export interface RunResult {
	exitCode: number;
	/** Per node name, the first run. */
	nodes: Record<string, NodeRun>;
	error?: { message: string; description?: string; node?: string };
	stdoutFile: string;
	stderr: string;
}

export interface HomeOptions {
	/** Folder to create the n8n user folder in (default: a new temp folder). */
	dir?: string;
	tarball: string;
	/** Extra environment for n8n (tests only ever point it at loopback). */
	env?: Record<string, string>;
	/** The runtime (`2.x`, `1.x`; default: {@link selectedRuntime}). */
	runtime?: string;
}

export class N8nHome {
	readonly dataDir: string;
	private constructor(
		readonly dir: string,
		readonly rt: Runtime,
		private readonly env: Record<string, string>,
	) {
		this.dataDir = path.join(dir, '.n8n-files', 'dunning');
	}

	/** A fresh n8n user folder with the packed package installed as a community package. */
	static async create(options: HomeOptions): Promise<N8nHome> {
		const rt = runtime(options.runtime);
		const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dunning-'));
		const nodesDir = path.join(dir, '.n8n', 'nodes');
		fs.mkdirSync(nodesDir, { recursive: true });
		fs.mkdirSync(path.join(dir, '.n8n-files', 'dunning'), { recursive: true });
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
		// What n8n's community-package installer does: production dependencies only, no scripts, and
		// no peer dependencies (n8n-workflow must be n8n's own copy, not a second one).
		execFileSync(
			'npm',
			['install', '--omit=dev', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', options.tarball],
			{ cwd: nodesDir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
		const env: Record<string, string> = {
			PATH: `${rt.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			HOME: dir,
			N8N_USER_FOLDER: dir,
			N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key-not-a-secret',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: path.join(dir, '.n8n-files'),
			// n8n prints the run JSON through its logger at level info: a quieter level hides it.
			N8N_LOG_LEVEL: 'info',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			GENERIC_TIMEZONE: 'America/Sao_Paulo',
			// Node keeps the compiled code of n8n's modules here between CLI runs: the tests start
			// n8n a few hundred times, and compiling its modules was a fifth of each start's CPU.
			NODE_COMPILE_CACHE: path.join(dir, '.node-compile-cache'),
			...(options.env ?? {}),
		};
		return new N8nHome(dir, rt, env);
	}

	/** Re-open an existing user folder (created by {@link create}) from another process. */
	static async open(dir: string): Promise<N8nHome> {
		const runtimeFile = path.join(dir, 'harness-runtime.txt');
		const rt = runtime(fs.existsSync(runtimeFile) ? fs.readFileSync(runtimeFile, 'utf8').trim() : DEFAULT_RUNTIME);
		const saved = JSON.parse(fs.readFileSync(path.join(dir, 'harness-env.json'), 'utf8')) as Record<string, string>;
		saved.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		return new N8nHome(dir, rt, saved);
	}

	/**
	 * A copy of this folder (database, installed package, data files) at `target`, its saved
	 * environment pointed at the copy. Only while no n8n process uses this folder.
	 */
	async copyTo(target: string): Promise<N8nHome> {
		fs.cpSync(this.dir, target, { recursive: true, verbatimSymlinks: true });
		const env: Record<string, string> = {};
		for (const [name, value] of Object.entries(this.env)) env[name] = value.split(this.dir).join(target);
		const copy = new N8nHome(target, this.rt, env);
		copy.save();
		return N8nHome.open(target);
	}

	save(): void {
		fs.writeFileSync(path.join(this.dir, 'harness-env.json'), JSON.stringify(this.env, null, 2));
		fs.writeFileSync(path.join(this.dir, 'harness-runtime.txt'), `${this.rt.name}\n`);
	}

	private cli(args: string[]): string {
		return execFileSync(this.rt.node, [this.rt.n8nBin, ...args], {
			cwd: this.dir,
			env: this.env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			maxBuffer: 64 * 1024 * 1024,
		});
	}

	/**
	 * Workflows {@link importAhead} put in the database that no test has imported or run since, by id,
	 * as their JSON text.
	 */
	private readonly ahead = new Map<string, string>();

	/**
	 * Imports workflow objects (shipped JSON with the sample-data path pointed at this home), all in
	 * one `n8n import:workflow`; none when each is exactly a workflow {@link importAhead} imported and
	 * nothing has imported or run since (it is in the database as this import would leave it).
	 */
	importWorkflows(workflows: object[]): void {
		const needed = workflows.filter((wf) => this.ahead.get(workflowId(wf)) !== JSON.stringify(wf));
		for (const wf of workflows) this.ahead.delete(workflowId(wf));
		if (needed.length === 1) {
			const file = path.join(this.dir, `import-${workflowId(needed[0]) || Date.now()}.json`);
			fs.writeFileSync(file, JSON.stringify(needed[0]).split(SHIPPED_DATA_DIR).join(this.dataDir));
			this.cli(['import:workflow', `--input=${file}`]);
		} else if (needed.length > 1) {
			this.importWorkflowBatch(needed);
		}
	}

	/**
	 * Imports, in one `n8n import:workflow`, the workflows a test file's tests will import one at a
	 * time: each test's own {@link importWorkflows} of the very same workflow then costs nothing
	 * instead of an n8n start-up (5 to 10 s on 2 cores). Only the first import of an id after this
	 * is skipped, and only while nothing has run it: importing it again really imports it (a test
	 * that wants a fresh record in its static data gets one), and a workflow that differs from the
	 * one imported ahead (another gateway URL, another option) is imported as it is.
	 */
	importAhead(workflows: object[]): void {
		this.importWorkflowBatch(workflows);
		for (const wf of workflows) this.ahead.set(workflowId(wf), JSON.stringify(wf));
	}

	/**
	 * Imports several workflows with one `n8n import:workflow` (one file holding them all): one n8n
	 * start-up instead of one per workflow, each about 10 s on a 2-core machine.
	 */
	importWorkflowBatch(workflows: object[]): void {
		const file = path.join(this.dir, `import-batch-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(workflows).split(SHIPPED_DATA_DIR).join(this.dataDir));
		this.cli(['import:workflow', `--input=${file}`]);
	}

	/** Imports workflow files as they are, each with its own `n8n import:workflow` (as a user does). */
	importWorkflowFiles(files: string[]): void {
		for (const file of files) {
			this.ahead.delete(workflowId(JSON.parse(fs.readFileSync(file, 'utf8')) as object));
			this.cli(['import:workflow', `--input=${file}`]);
		}
	}

	importCredentials(credentials: object[]): void {
		const file = path.join(this.dir, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		this.cli(['import:credentials', `--input=${file}`]);
	}

	/** Copies a data file where file-reading workflows find it. */
	addDataFile(source: string, name = path.basename(source)): string {
		const target = path.join(this.dataDir, name);
		fs.copyFileSync(source, target);
		return target;
	}

	/**
	 * Runs `n8n execute --id` and parses the run. stdout goes to a file: a pipe loses large outputs.
	 * `env` adds environment for this run only (the benchmark's NODE_OPTIONS); `onSpawn` gets the
	 * n8n process id (the benchmark polls its memory).
	 */
	async execute(
		workflowId: string,
		options: { timeoutMs?: number; keepItems?: boolean; env?: Record<string, string>; onSpawn?: (pid: number) => void } = {},
	): Promise<RunResult> {
		this.ahead.delete(workflowId);
		const stdoutFile = path.join(this.dir, `run-${workflowId}-${Date.now()}.json`);
		const fd = fs.openSync(stdoutFile, 'w');
		let stderr = '';
		const exitCode = await new Promise<number>((resolve, reject) => {
			const child = spawn(this.rt.node, [this.rt.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
				cwd: this.dir,
				env: options.env ? { ...this.env, ...options.env } : this.env,
				stdio: ['ignore', fd, 'pipe'],
			});
			if (child.pid !== undefined) options.onSpawn?.(child.pid);
			const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
			child.stderr?.on('data', (chunk: Buffer) => {
				if (stderr.length < 200_000) stderr += chunk.toString();
			});
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve(code ?? -1);
			});
		});
		fs.closeSync(fd);
		const result = parseRun(fs.readFileSync(stdoutFile, 'utf8'), exitCode, stdoutFile, stderr);
		if (options.keepItems === false) fs.rmSync(stdoutFile, { force: true });
		return result;
	}
}

interface RawRun {
	data?: {
		resultData?: {
			error?: { message: string; description?: string; node?: { name: string } };
			runData?: Record<
				string,
				Array<{
					executionTime: number;
					executionStatus: string;
					data?: { main?: NodeRun['outputs'] };
					error?: { message: string; description?: string };
				}>
			>;
		};
	};
}

function workflowId(workflow: object): string {
	return String((workflow as { id?: unknown }).id ?? '');
}

/** The run JSON follows some log lines: it starts at the first line that opens an object. */
export function parseRun(stdout: string, exitCode: number, stdoutFile: string, stderr: string): RunResult {
	const start = stdout.search(/^\{/m);
	const nodes: Record<string, NodeRun> = {};
	if (start < 0) {
		return { exitCode, nodes, stdoutFile, stderr, error: { message: lastLines(`${stdout}\n${stderr}`) } };
	}
	const raw = JSON.parse(firstJsonValue(stdout, start)) as RawRun;
	const resultData = raw.data?.resultData ?? {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
		const run = runs[0];
		nodes[name] = {
			executionTime: run.executionTime,
			status: run.executionStatus,
			outputs: (run.data?.main ?? []).map((items) => items ?? []),
			error: run.error ? { message: run.error.message, description: run.error.description } : undefined,
		};
	}
	const err = resultData.error;
	return {
		exitCode,
		nodes,
		stdoutFile,
		stderr,
		error: err ? { message: err.message, description: err.description, node: err.node?.name } : undefined,
	};
}

/** The JSON object starting at `start` (n8n may print more lines after it, e.g. on failure). */
export function firstJsonValue(text: string, start: number): string {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return text.slice(start, i + 1);
		}
	}
	return text.slice(start);
}

function lastLines(text: string): string {
	return text.trim().split('\n').slice(-15).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Building workflows for tests

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position?: [number, number];
	parameters: Record<string, unknown>;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	credentials?: Record<string, { id: string; name: string }>;
}

/**
 * A workflow: Manual Trigger → a Code node emitting `rows` → the given nodes in a chain
 * (each connected from output 0 of the previous one unless `connections` says otherwise).
 */
export function chainWorkflow(
	id: string,
	rows: unknown[],
	chain: WorkflowNode[],
	options: { timezone?: string; extraConnections?: Record<string, unknown> } = {},
): object {
	const trigger: WorkflowNode = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
	const source: WorkflowNode = {
		name: 'Rows',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` },
	};
	const nodes = [trigger, source, ...chain].map((n, i) => ({
		id: n.id ?? `${id}-${i}`,
		position: n.position ?? [i * 220, 0],
		...n,
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	Object.assign(connections, options.extraConnections ?? {});
	return {
		id,
		name: `e2e ${id}`,
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: options.timezone ?? 'America/Sao_Paulo' },
	};
}

export function nodeType(name: string): string {
	return `${PACKAGE_NAME}.${name}`;
}
