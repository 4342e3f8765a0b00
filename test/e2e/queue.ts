/**
 * n8n in queue mode for the e2e tests: Redis and PostgreSQL (scripts/queue-services.mjs, Debian's
 * packages, each on a free loopback port with its data in a temp folder), one `n8n start` (the main
 * process: editor, webhooks, enqueues executions) and `n8n worker` processes that run them. Every
 * process has its own user folder with the packed package installed in `.n8n/nodes` (copied from
 * the home the e2e global setup prepared), and all share one encryption key, one database and one
 * queue. Each process's output is kept (the last 200 KB) and the executions each worker started are
 * counted from its log line `Worker started execution <id> (job <job id>)`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT, type Runtime, SHIPPED_DATA_DIR, freePort, runtime } from './harness';

const execFileAsync = promisify(execFile);
const SERVICES_SCRIPT = path.join(REPO_ROOT, 'scripts', 'queue-services.mjs');
const LOG_LIMIT = 200_000;
/** n8n's worker logs this line (scope "scaling", level info) when it takes a job off the queue. */
export const WORKER_STARTED_LINE = /Worker started execution (\d+) \(job (\d+)\)/;
export const WORKER_FINISHED_LINE = /Worker finished execution (\d+) \(job (\d+)\)/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(text: string, lines = 30): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

export interface QueueServices {
	redis: { host: string; port: number; pid: number };
	postgres: { host: string; port: number; user: string; database: string; pid: number; psql: string };
	/** Runs SQL in the `n8n` database; rows as arrays of fields (psql's unaligned output). */
	sql(query: string): Promise<string[][]>;
	/** Runs one Redis command with redis-cli; its raw output. */
	redis_cli(args: string[]): Promise<string>;
	log(): string;
	stop(): Promise<void>;
}

/**
 * Redis and PostgreSQL, started by `node scripts/queue-services.mjs serve DIR` (jest runs
 * TypeScript as CommonJS, which cannot import that ES module). That process stops both on SIGTERM,
 * and also when its standard input closes, so they do not outlive a test process that dies.
 */
export async function startQueueServices(dir: string, timeoutMs = 120_000): Promise<QueueServices> {
	fs.mkdirSync(dir, { recursive: true });
	const child = spawn(process.execPath, [SERVICES_SCRIPT, 'serve', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-LOG_LIMIT);
	});
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	let running = true;
	void exited.then(() => {
		running = false;
	});
	const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Redis and PostgreSQL did not start in ${timeoutMs} ms:\n${tail(stderr)}`)), timeoutMs);
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const line = stdout.indexOf('\n');
			if (line >= 0) {
				clearTimeout(timer);
				resolve(JSON.parse(stdout.slice(0, line)) as Record<string, unknown>);
			}
		});
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`scripts/queue-services.mjs exited before Redis and PostgreSQL were ready:\n${stdout}\n${tail(stderr)}`));
		});
	}).catch(async (error: Error) => {
		if (running) child.kill('SIGKILL');
		throw error;
	});
	const stop = async () => {
		if (!running) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		await exited;
		clearTimeout(timer);
	};
	if (typeof first.error === 'string') {
		await stop();
		throw new Error(`Redis and PostgreSQL for the queue-mode tests: ${first.error}`);
	}
	const redis = first.redis as QueueServices['redis'];
	const postgres = first.postgres as QueueServices['postgres'];
	const redisCli = (first.redisCli as string | null) ?? 'redis-cli';
	return {
		redis,
		postgres,
		async sql(query) {
			const { stdout: out } = await execFileAsync(
				postgres.psql,
				['-h', postgres.host, '-p', String(postgres.port), '-U', postgres.user, '-d', postgres.database, '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query],
				{ encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
			);
			return out
				.split('\n')
				.filter((l) => l !== '')
				.map((l) => l.split('\t'));
		},
		async redis_cli(args) {
			const { stdout: out } = await execFileAsync(redisCli, ['-h', redis.host, '-p', String(redis.port), ...args], { encoding: 'utf8' });
			return out;
		},
		log: () => stderr,
		stop,
	};
}

export interface ProcessExit {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** From the stop signal to the exit. */
	ms: number;
}

/** One n8n process (main or worker): its output, the executions it started and finished. */
export class N8nProcess {
	/** Execution ids in the order this process logged "Worker started execution". */
	readonly started: string[] = [];
	readonly finished: string[] = [];
	private output = '';
	private partial = '';
	private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
	) {
		const keep = (chunk: Buffer) => {
			const text = chunk.toString();
			this.output = (this.output + text).slice(-LOG_LIMIT);
			const lines = (this.partial + text).split('\n');
			this.partial = lines.pop() ?? '';
			for (const line of lines) {
				const started = WORKER_STARTED_LINE.exec(line);
				if (started) this.started.push(started[1]);
				const finished = WORKER_FINISHED_LINE.exec(line);
				if (finished) this.finished.push(finished[1]);
			}
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		this.exited = new Promise((resolve) => {
			child.on('exit', (code, signal) => {
				this.exitInfo = { code, signal };
				resolve(this.exitInfo);
			});
		});
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get running(): boolean {
		return this.exitInfo === undefined;
	}

	log(): string {
		return this.output;
	}

	/** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs`. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 45_000): Promise<ProcessExit> {
		const since = Date.now();
		if (this.running) {
			this.child.kill(signal);
			const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
			await this.exited;
			clearTimeout(timer);
		}
		const info = await this.exited;
		return { ...info, ms: Date.now() - since };
	}
}

export interface ClusterOptions {
	/** Workflows to import (the shipped sample-data path is pointed at the cluster's data folder). */
	workflows: object[];
	/** Credentials to import; a function gets the cluster's Redis and PostgreSQL (for Redis and Postgres credentials). */
	credentials: object[] | ((redis: { host: string; port: number }, postgres: QueueServices['postgres']) => object[]);
	/** Workflow ids to publish (activate) before the main process starts. */
	publish: string[];
	/** Production webhooks to wait for. */
	webhooks: Array<{ method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }>;
	/** Files copied into the data folder the workflows read (N8N_RESTRICT_FILE_ACCESS_TO allows it). */
	dataFiles?: string[];
	workers?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`). */
	concurrency?: number;
	/** Environment added to every n8n process. */
	env?: Record<string, string>;
	/** Environment added to the worker processes only (after `env`), e.g. NODE_OPTIONS=--cpu-prof for a profile of the workers. */
	workerEnv?: Record<string, string>;
	/** The main process's loopback port (default: a free one), for workflows that must know its URL before they are imported. */
	port?: number;
	timeoutMs?: number;
}

/**
 * Redis, PostgreSQL, one n8n main and `workers` n8n workers in queue mode. `stop()` stops
 * everything that `start()` started, also after a failed start, and removes the temp folder.
 */
export class QueueCluster {
	readonly root: string;
	readonly dataDir: string;
	url = '';
	services: QueueServices | undefined;
	main: N8nProcess | undefined;
	workers: N8nProcess[] = [];
	/** Each worker's health-check port (GET /healthz/readiness answers 200 once it takes jobs). */
	workerHealthPorts: number[] = [];
	private rt: Runtime | undefined;
	private baseEnv: Record<string, string> = {};
	private stopped = false;

	constructor(private readonly options: ClusterOptions) {
		this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dunning-queue-'));
		// PostgreSQL runs as the `postgres` user when the tests run as root: it must reach its folder.
		fs.chmodSync(this.root, 0o755);
		this.dataDir = path.join(this.root, 'files', 'dunning');
	}

	async start(): Promise<this> {
		const options = this.options;
		const timeoutMs = options.timeoutMs ?? 180_000;
		const sharedHome = process.env.DUNNING_E2E_HOME;
		if (!sharedHome) throw new Error('DUNNING_E2E_HOME is not set: run the e2e tests through jest (its global setup packs and installs the package)');
		this.rt = runtime();
		const packageNodes = path.join(sharedHome, '.n8n', 'nodes');
		fs.mkdirSync(this.dataDir, { recursive: true });
		for (const file of options.dataFiles ?? []) fs.copyFileSync(file, path.join(this.dataDir, path.basename(file)));

		this.services = await startQueueServices(path.join(this.root, 'services'));
		const saved = JSON.parse(fs.readFileSync(path.join(sharedHome, 'harness-env.json'), 'utf8')) as Record<string, string>;
		this.baseEnv = {
			PATH: saved.PATH,
			N8N_ENCRYPTION_KEY: 'e2e-queue-mode-encryption-key-not-a-secret',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			// Loopback only: this module fetches a list of MCP servers from api.n8n.io at start.
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_RESTRICT_FILE_ACCESS_TO: path.dirname(this.dataDir),
			N8N_LOG_LEVEL: 'info',
			GENERIC_TIMEZONE: saved.GENERIC_TIMEZONE ?? 'America/Sao_Paulo',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.services.postgres.host,
			DB_POSTGRESDB_PORT: String(this.services.postgres.port),
			DB_POSTGRESDB_DATABASE: this.services.postgres.database,
			DB_POSTGRESDB_USER: this.services.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: this.services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.services.redis.port),
			// n8n's default, stated: a stopped worker waits this long for its running executions.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '30',
			...(options.env ?? {}),
		};

		// Each process gets a user folder of its own with the packed package installed.
		const homes = ['main', ...Array.from({ length: options.workers ?? 2 }, (_, i) => `worker-${i + 1}`)];
		for (const name of homes) {
			const home = path.join(this.root, name);
			fs.mkdirSync(path.join(home, '.n8n'), { recursive: true });
			fs.cpSync(packageNodes, path.join(home, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
		}

		// Import (the first CLI call creates and migrates the database) and publish before main starts.
		const mainHome = path.join(this.root, 'main');
		const mainEnv = await this.envFor(mainHome);
		const credentialsFile = path.join(this.root, 'credentials.json');
		const credentials = typeof options.credentials === 'function' ? options.credentials(this.services.redis, this.services.postgres) : options.credentials;
		fs.writeFileSync(credentialsFile, JSON.stringify(credentials));
		await this.cli(mainHome, mainEnv, ['import:credentials', `--input=${credentialsFile}`]);
		const workflowsFile = path.join(this.root, 'workflows.json');
		fs.writeFileSync(workflowsFile, JSON.stringify(options.workflows).split(SHIPPED_DATA_DIR).join(this.dataDir));
		await this.cli(mainHome, mainEnv, ['import:workflow', `--input=${workflowsFile}`]);
		for (const id of options.publish) await this.cli(mainHome, mainEnv, ['publish:workflow', `--id=${id}`]);

		const port = options.port ?? (await freePort());
		this.url = `http://127.0.0.1:${port}`;
		this.main = this.spawn('main', mainHome, ['start'], {
			...mainEnv,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
		});
		const concurrency = options.concurrency ?? 10;
		for (const name of homes.slice(1)) {
			const healthPort = await freePort();
			this.workerHealthPorts.push(healthPort);
			const home = path.join(this.root, name);
			this.workers.push(await this.spawnWorker(name, home, healthPort, concurrency));
		}

		const deadline = Date.now() + timeoutMs;
		const waitReady = async (proc: N8nProcess, ready: () => Promise<boolean>) => {
			while (!(await ready().catch(() => false))) {
				if (!proc.running || Date.now() > deadline) {
					throw new Error(`n8n ${proc.name} did not become ready${proc.running ? ` in ${timeoutMs} ms` : ' (it exited)'}:\n${tail(proc.log())}`);
				}
				await sleep(500);
			}
		};
		await Promise.all([
			waitReady(this.main, () => this.mainReady()),
			...this.workers.map((w, i) =>
				waitReady(w, async () => (await fetch(`http://127.0.0.1:${this.workerHealthPorts[i]}/healthz/readiness`)).status === 200),
			),
		]);
		return this;
	}

	/** `n8n worker` in its own user folder, with its health check on `healthPort`. */
	private async spawnWorker(name: string, home: string, healthPort: number, concurrency: number): Promise<N8nProcess> {
		return this.spawn(name, home, ['worker', `--concurrency=${concurrency}`], {
			...(await this.envFor(home)),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...(this.options.workerEnv ?? {}),
		});
	}

	/** Starts a stopped worker again in its own user folder and waits until it is ready. */
	async restartWorker(index: number, concurrency: number, timeoutMs = 120_000): Promise<N8nProcess> {
		const stopped = this.workers[index];
		if (stopped.running) return stopped;
		const healthPort = this.workerHealthPorts[index];
		const worker = await this.spawnWorker(`${stopped.name}-restarted`, path.join(this.root, stopped.name), healthPort, concurrency);
		this.workers[index] = worker;
		const deadline = Date.now() + timeoutMs;
		while (!(await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`).then((r) => r.status === 200, () => false))) {
			if (!worker.running || Date.now() > deadline) throw new Error(`${worker.name} did not become ready:\n${this.logTails()}`);
			await sleep(500);
		}
		return worker;
	}

	/**
	 * An n8n CLI command (`execute --id=…`, `import:workflow`…) in the main process's user folder,
	 * with the cluster's environment (its database and queue); `env` is added for this call.
	 */
	async n8n(args: string[], env: Record<string, string> = {}, timeoutMs = 600_000): Promise<{ stdout: string; stderr: string }> {
		const rt = this.rt as Runtime;
		const home = path.join(this.root, 'main');
		return await execFileAsync(rt.node, [rt.n8nBin, ...args], {
			cwd: home,
			env: { ...(await this.envFor(home)), ...env },
			maxBuffer: 256 * 1024 * 1024,
			timeout: timeoutMs,
		});
	}

	private async envFor(home: string): Promise<Record<string, string>> {
		return { ...this.baseEnv, HOME: home, N8N_USER_FOLDER: home, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	}

	private async cli(home: string, env: Record<string, string>, args: string[]): Promise<void> {
		const rt = this.rt as Runtime;
		try {
			await execFileAsync(rt.node, [rt.n8nBin, ...args], { cwd: home, env, maxBuffer: 16 * 1024 * 1024 });
		} catch (error) {
			const e = error as { stdout?: string; stderr?: string; message: string };
			throw new Error(`n8n ${args[0]} failed: ${e.message}\n${tail(`${e.stdout ?? ''}\n${e.stderr ?? ''}`)}`);
		}
	}

	private spawn(name: string, home: string, args: string[], env: Record<string, string>): N8nProcess {
		const rt = this.rt as Runtime;
		const child = spawn(rt.node, [rt.n8nBin, ...args], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
		return new N8nProcess(name, child);
	}

	private async mainReady(): Promise<boolean> {
		const health = await fetch(`${this.url}/healthz`).catch(() => undefined);
		if (health?.status !== 200) return false;
		for (const hook of this.options.webhooks) {
			// A webhook registered for POST (or any method but GET) answers a GET with
			// "This webhook is not registered for GET requests. Did you mean to make a POST request?".
			const probe = await fetch(`${this.url}/webhook/${hook.path}`).catch(() => undefined);
			const text = probe ? await probe.text() : '';
			if (!text.includes(`${hook.method} request`)) return false;
		}
		return true;
	}

	/** Executions of a workflow by status, from PostgreSQL (table execution_entity). */
	async executionCounts(workflowId: string): Promise<Record<string, number>> {
		const rows = await (this.services as QueueServices).sql(
			`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' GROUP BY status`,
		);
		return Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
	}

	async executionIds(workflowId: string): Promise<string[]> {
		const rows = await (this.services as QueueServices).sql(`SELECT id FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' ORDER BY id`);
		return rows.map(([id]) => id);
	}

	/**
	 * One node's output items in every execution of a workflow, from the run data n8n stored in
	 * PostgreSQL (execution_data, in n8n's `flatted` format, read with n8n's own copy of flatted):
	 * per execution id, the items of each output.
	 */
	async nodeOutputs(workflowId: string, nodeName: string): Promise<Map<string, Array<Array<{ json: Record<string, unknown> }>>>> {
		const rt = this.rt as Runtime;
		const flatted = createRequire(path.join(rt.dir, 'node_modules', 'n8n', 'package.json'))('flatted') as { parse(text: string): unknown };
		const ids = await this.executionIds(workflowId);
		const found = new Map<string, Array<Array<{ json: Record<string, unknown> }>>>();
		for (let i = 0; i < ids.length; i += 25) {
			const rows = await (this.services as QueueServices).sql(`SELECT "executionId", data FROM execution_data WHERE "executionId" IN (${ids.slice(i, i + 25).join(',')})`);
			for (const [id, data] of rows) {
				const run = flatted.parse(data) as { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } };
				const main = run.resultData?.runData?.[nodeName]?.[0]?.data?.main ?? [];
				found.set(id, main.map((items) => items ?? []));
			}
		}
		return found;
	}

	/**
	 * Waits until `expected` executions of the workflow have ended (any status but new, running
	 * and waiting) and returns the counts by status. Throws on timeout, with the counts and logs.
	 */
	async waitForExecutions(workflowId: string, expected: number, timeoutMs = 180_000): Promise<Record<string, number>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const counts = await this.executionCounts(workflowId);
			const ended = Object.entries(counts)
				.filter(([status]) => !['new', 'running', 'waiting'].includes(status))
				.reduce((n, [, c]) => n + c, 0);
			if (ended >= expected) return counts;
			if (Date.now() > deadline) {
				throw new Error(`${ended} of ${expected} executions of ${workflowId} ended in ${timeoutMs} ms (${JSON.stringify(counts)})\n${this.logTails()}`);
			}
			await sleep(500);
		}
	}

	/** The last lines of every process's output, for failure messages. */
	logTails(lines = 15): string {
		return [this.main, ...this.workers]
			.filter((p): p is N8nProcess => p !== undefined)
			.map((p) => `--- n8n ${p.name}${p.running ? '' : ' (exited)'}:\n${tail(p.log(), lines)}`)
			.join('\n');
	}

	/** Stops the workers and main (SIGTERM, SIGKILL after a timeout), then Redis and PostgreSQL; removes the temp folder. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await Promise.allSettled(this.workers.map((w) => w.stop()));
		await this.main?.stop();
		await this.services?.stop();
		const logs = path.join(REPO_ROOT, '.tmp', 'queue-mode');
		fs.mkdirSync(logs, { recursive: true });
		for (const p of [this.main, ...this.workers]) if (p) fs.writeFileSync(path.join(logs, `${p.name}.log`), p.log());
		if (this.services) fs.writeFileSync(path.join(logs, 'services.log'), this.services.log());
		fs.rmSync(this.root, { recursive: true, force: true });
	}
}
