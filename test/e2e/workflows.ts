/** Loading shipped workflows for the e2e tests, the demo and the benchmark. */
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { type N8nHome, REPO_ROOT, freePort } from './harness';

const execFileAsync = promisify(execFile);

export const WORKFLOWS_DIR = path.join(REPO_ROOT, 'workflows');
export const SAMPLE_CSV = path.join(WORKFLOWS_DIR, 'data', 'invoices.csv');
/** The sample data is dated around this day; runs that must be reproducible count from it. */
export const SAMPLE_REFERENCE_DATE = '2026-11-23';

interface WorkflowJson {
	id: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
}

export function loadWorkflow(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowJson;
}

/**
 * Sets Dunning Stage's Reference Date in a workflow, as a user previewing a given day would, so
 * that the sample data classifies the same way whatever day the tests run.
 */
export function withReferenceDate<T extends WorkflowJson>(workflow: T, date = SAMPLE_REFERENCE_DATE): T {
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-dunning.dunningStage') {
			node.parameters.options = { ...((node.parameters.options as object) ?? {}), referenceDate: date };
		}
	}
	return workflow;
}

export interface SampleRow {
	[column: string]: string;
}

/** Parses CSV text (RFC 4180: quoted fields with commas, doubled quotes, new lines). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/** The sample CSV, one object per row keyed by the header. */
export function sampleRows(): SampleRow[] {
	const [columns, ...lines] = parseCsv(fs.readFileSync(SAMPLE_CSV, 'utf8'));
	return lines.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}

// ---------------------------------------------------------------------------------------------
// Shipped workflows in tests: ids, contact hours, credentials, and a running n8n for webhooks

/** The fake-gateway credentials shipped for the demo; its base URL is replaced by the test's gateway. */
export const SHIPPED_CREDENTIALS = path.join(WORKFLOWS_DIR, 'data', 'fake-gateway-credentials.json');
/** The base URL the shipped credentials file points at (the demo runs the fake gateway there). */
export const SHIPPED_GATEWAY_URL = 'http://127.0.0.1:43210';

export function shippedCredentials(gatewayUrl: string): object[] {
	return JSON.parse(fs.readFileSync(SHIPPED_CREDENTIALS, 'utf8').split(SHIPPED_GATEWAY_URL).join(gatewayUrl)) as object[];
}

/** Every shipped workflow file (`workflows/*.json`), sorted. */
export function shippedWorkflowFiles(): string[] {
	return fs
		.readdirSync(WORKFLOWS_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

/**
 * Sets the Contact Hours of every Send node, as a user would on the canvas. The shipped default is
 * "By Debtor Country": tests that are not about contact hours turn it off so that the hour of the
 * day the suite runs at cannot change what is sent.
 */
export function withContactHours<T extends WorkflowJson>(workflow: T, mode = 'off'): T {
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-dunning.sendViaGateway') node.parameters.contactHours = mode;
	}
	return workflow;
}

/**
 * A copy of a workflow under another id (at most 21 characters), so that a test starts with empty
 * workflow static data: n8n keeps a workflow's static data (the Send node's record of sent
 * messages) when the same id is imported again.
 */
export function withId<T extends WorkflowJson>(workflow: T, id: string): T {
	if (id.length > 21) throw new Error(`Workflow id "${id}" is longer than 21 characters`);
	return { ...workflow, id };
}

/** The environment the e2e global setup saved for a home, with a task-broker port of its own. */
async function homeEnv(home: N8nHome): Promise<Record<string, string>> {
	const saved = JSON.parse(fs.readFileSync(path.join(home.dir, 'harness-env.json'), 'utf8')) as Record<string, string>;
	return { ...saved, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

export interface NodeTypeDescription {
	name: string;
	version: number | number[];
	properties: Array<{ name: string }>;
	credentials?: Array<{ name: string }>;
}

/** Every node type the home's n8n knows (`n8n export:nodes`), community nodes included. */
export async function exportNodeTypes(home: N8nHome): Promise<NodeTypeDescription[]> {
	const file = path.join(home.dir, `node-types-${Date.now()}.json`);
	execFileSync(home.rt.node, [home.rt.n8nBin, 'export:nodes', `--output=${file}`], {
		cwd: home.dir,
		env: await homeEnv(home),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const types = JSON.parse(fs.readFileSync(file, 'utf8')) as NodeTypeDescription[];
	fs.rmSync(file, { force: true });
	return types;
}

/** Whether a home runs n8n 1.x (the e2e core subset's second leg), for the few CLI differences. */
export function isN8n1(home: N8nHome): boolean {
	return home.rt.name === '1.x';
}

export interface N8nServer {
	url: string;
	/** What n8n printed so far (for failure messages). */
	log(): string;
	stop(): Promise<void>;
}

/**
 * `n8n start` in an e2e home's user folder, on a free loopback port, with the given workflows
 * published (activated) first so that their production webhooks answer. Waits for /healthz and for
 * each webhook path to be registered. Stop it before running other n8n commands in the same folder
 * (one SQLite database).
 */
export async function startServer(
	home: N8nHome,
	options: {
		publish?: string[];
		webhooks?: Array<{ method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }>;
		/**
		 * A further readiness check (false until it passes), for webhooks the probe above cannot see:
		 * a node that also registers GET on its path answers the probe itself.
		 */
		ready?: (url: string) => Promise<boolean>;
		/** The loopback port (default: a free one), for workflows that must know their own URLs before n8n starts. */
		port?: number;
		/** How many `n8n publish:workflow` run at once (default 1). */
		publishConcurrency?: number;
		timeoutMs?: number;
	} = {},
): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const env: Record<string, string> = {
		...(await homeEnv(home)),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
	};
	// Loopback only: this 2.x module fetches a list of MCP servers from api.n8n.io at start (n8n 1.x
	// has no such module, and refuses to start when told to disable a module it does not know).
	if (!isN8n1(home)) env.N8N_DISABLED_MODULES = 'mcp-registry';
	// `n8n publish:workflow` takes one id; several run side by side (each is mostly n8n's start-up).
	// n8n 1.x has no publish model: `update:workflow --active=true` activates a workflow.
	const publishArgs = (id: string) => (isN8n1(home) ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
	const pending = [...(options.publish ?? [])];
	const publishOne = async (): Promise<void> => {
		const own = { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
			await execFileAsync(home.rt.node, [home.rt.n8nBin, ...publishArgs(id)], { cwd: home.dir, env: own });
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, options.publishConcurrency ?? 1) }, publishOne));
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const child = spawn(home.rt.node, [home.rt.n8nBin, 'start'], { cwd: home.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-50_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	let running = true;
	void exited.then(() => {
		running = false;
	});
	const stop = async () => {
		if (!running) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		await exited;
		clearTimeout(timer);
	};
	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	const ready = async (): Promise<boolean> => {
		const health = await fetch(`${url}/healthz`).catch(() => undefined);
		if (health?.status !== 200) return false;
		for (const hook of options.webhooks ?? []) {
			// A webhook registered for POST (or any method but GET) answers a GET with
			// "This webhook is not registered for GET requests. Did you mean to make a POST request?".
			const probe = await fetch(`${url}/webhook/${hook.path}`).catch(() => undefined);
			const text = probe ? await probe.text() : '';
			if (!text.includes(`${hook.method} request`)) return false;
		}
		return options.ready ? await options.ready(url).catch(() => false) : true;
	};
	while (!(await ready())) {
		if (!running || Date.now() > deadline) {
			await stop();
			throw new Error(`n8n start did not become ready on ${url}:\n${output.split('\n').slice(-30).join('\n')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return { url, log: () => output, stop };
}
