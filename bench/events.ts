/**
 * `npm run bench:events`: events per second through the Dunning Events trigger in a real n8n
 * (`n8n start` on loopback, workflows published), beside n8n's own Webhook node receiving the same
 * bytes in the same n8n, in the same run. A benchmark prints figures: nothing here is asserted.
 *
 *   npx tsx bench/events.ts [--twilio 3000] [--meta 1000] [--seconds 30] [--concurrency 1,10,50]
 *                           [--redeliver 50] [--n8n-env NAME=value]... [--out events-results]
 *                           [--quick] [--no-write] [--keep]
 *
 * Each series sends its requests in order until all are sent or `--seconds` have passed (a busy
 * machine gets fewer done: the series still takes 10-30 s).
 *
 * Payloads (built and signed before any timing, a fresh set per series so that no series is a
 * redelivery of another): Twilio status callbacks (one status per form-encoded POST, signed with
 * `X-Twilio-Signature` over the URL with our key in `?ref=`), and Meta status webhooks batching ten
 * statuses per POST (signed with `X-Hub-Signature-256`). One message in twenty fails (Twilio
 * `undelivered` 30003, Meta `failed` 131047); the others go sent → delivered (→ read on WhatsApp).
 *
 * Targets, each `trigger → No Op`, published in one `n8n start`:
 * - Dunning Events, Events = all five categories, one output, record = workflow static data;
 * - Dunning Events with the default Events (replies, opt-outs, failures): most statuses start nothing;
 * - n8n's Webhook node (POST, Respond Immediately): no verification, no splitting, one execution per POST.
 * Each Dunning Events series has a workflow of its own (its static data starts empty).
 *
 * Measured per series (fixed order: Webhook node, Dunning Events all, Dunning Events default, per
 * concurrency): requests answered 200 per second over the series' wall time, events (statuses) per
 * second, client-side latency p50/p95/max (keep-alive agent, `concurrency` requests in flight),
 * the n8n process's CPU time per request (/proc; the machine is shared, CPU time suffers less from
 * that than wall time), executions created (counted in n8n's SQLite database), and when the last of
 * them finished. After each Dunning Events (all) series, a sample of its requests is posted again
 * one at a time, as a provider's redeliveries: the executions they start, and the event ids the
 * static data still remembers, show whether concurrent requests lost each other's writes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { metaJson, metaSignature, twilioSignature } from '../test/fake-gateway';
import { N8nHome, REPO_ROOT, packPackage } from '../test/e2e/harness';
import { type N8nServer, shippedCredentials, startServer } from '../test/e2e/workflows';
import { fmtInt, fmtNum, markdownTable, textTable } from './stats';

const BENCH_DIR = __dirname;
const WORK_DIR = path.join(REPO_ROOT, '.tmp', 'bench-events');

/** The shipped fake-gateway credentials (workflows/data/fake-gateway-credentials.json) carry the webhook secrets. */
const TWILIO_CREDENTIAL = { dunningTwilioApi: { id: 'dunTwilioAccount01', name: 'Twilio account' } };
const META_CREDENTIAL = { dunningWhatsAppCloudApi: { id: 'dunWhatsAppCloud01', name: 'WhatsApp Cloud API account' } };
const TWILIO_AUTH_TOKEN = 'fake-twilio-auth-token';
const TWILIO_ACCOUNT_SID = 'ACa1b2c3d4e5f60718293a4b5c6d7e8f90';
const META_APP_SECRET = 'fake-meta-app-secret';
const META_PHONE_NUMBER_ID = '106540352242922';
const ALL_EVENTS = ['replies', 'optOuts', 'failures', 'delivered', 'sent'];
const STATUSES_PER_META_POST = 10;
const FAIL_EVERY = 20;

type Payload = 'twilio' | 'meta';
type TargetKind = 'webhook' | 'eventsAll' | 'eventsDefault' | 'warmup';

const TARGET_TITLES: Record<TargetKind, string> = {
	warmup: 'Dunning Events, warm-up',
	webhook: 'Webhook node (respond immediately)',
	eventsAll: 'Dunning Events, all events',
	eventsDefault: 'Dunning Events, default filter',
};
const TARGET_ORDER: TargetKind[] = ['webhook', 'eventsAll', 'eventsDefault'];

interface Args {
	twilio: number;
	meta: number;
	/** A series stops taking new requests after this many seconds (a busy machine gets fewer done). */
	seconds: number;
	concurrency: number[];
	redeliver: number;
	/** Extra environment for n8n (`--n8n-env N8N_EXPRESSION_ENGINE=legacy`). */
	n8nEnv: Record<string, string>;
	/** Results file base name in bench/ (`events-results` → .json and .md). */
	out: string;
	write: boolean;
	keep: boolean;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { twilio: 3000, meta: 1000, seconds: 30, concurrency: [1, 10, 50], redeliver: 50, n8nEnv: {}, out: 'events-results', write: true, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const value = () => argv[++i] ?? '';
		switch (argv[i]) {
			case '--twilio':
				args.twilio = Number(value());
				break;
			case '--meta':
				args.meta = Number(value());
				break;
			case '--seconds':
				args.seconds = Number(value());
				break;
			case '--concurrency':
				args.concurrency = value().split(',').map(Number);
				break;
			case '--redeliver':
				args.redeliver = Number(value());
				break;
			case '--quick':
				Object.assign(args, { twilio: 300, meta: 100, seconds: 10, concurrency: [1, 10], redeliver: 20 });
				break;
			case '--n8n-env': {
				const [name, ...rest] = value().split('=');
				args.n8nEnv[name] = rest.join('=');
				break;
			}
			case '--out':
				args.out = value().replace(/\.(json|md)$/, '');
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
	process.stderr.write(`[bench:events ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Workflows

interface Target {
	kind: TargetKind;
	payload: Payload;
	concurrency: number;
	workflowId: string;
	/** The path after /webhook/. */
	path: string;
}

function eventsWorkflow(id: string, webhookId: string, provider: Payload, events: string[] | undefined): object {
	const parameters: Record<string, unknown> = { provider, outputs: 'single', ledger: 'staticData', options: {} };
	// The default filter: the parameter left out, as on a node just added to the canvas.
	if (events) parameters.events = events;
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			{
				id: `${id}-t`,
				name: 'Dunning Events',
				type: 'n8n-nodes-dunning.dunningEvents',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: provider === 'twilio' ? TWILIO_CREDENTIAL : META_CREDENTIAL,
			},
			{ id: `${id}-n`, name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'Dunning Events': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

function webhookWorkflow(id: string, hookPath: string): object {
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			{
				id: `${id}-t`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
			},
			{ id: `${id}-n`, name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Webhook: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

/** One Dunning Events workflow per (payload, filter, concurrency); one Webhook-node workflow for all. */
function buildTargets(args: Args): { targets: Target[]; workflows: object[] } {
	const targets: Target[] = [];
	const workflows: object[] = [];
	const hookPath = 'bench-events-webhook';
	workflows.push(webhookWorkflow('benchEvtWebhook', hookPath));
	// Warm-up targets of their own, so that the measured workflows' static data starts empty.
	for (const payload of ['twilio', 'meta'] as Payload[]) {
		const id = `benchEvt${payload === 'twilio' ? 'Tw' : 'Me'}Warm`;
		const webhookId = randomUUID();
		workflows.push(eventsWorkflow(id, webhookId, payload, ALL_EVENTS));
		targets.push({ kind: 'warmup', payload, concurrency: 5, workflowId: id, path: `${webhookId}/events` });
	}
	for (const payload of ['twilio', 'meta'] as Payload[]) {
		for (const concurrency of args.concurrency) {
			targets.push({ kind: 'webhook', payload, concurrency, workflowId: 'benchEvtWebhook', path: hookPath });
			for (const kind of ['eventsAll', 'eventsDefault'] as TargetKind[]) {
				const id = `benchEvt${payload === 'twilio' ? 'Tw' : 'Me'}${kind === 'eventsAll' ? 'All' : 'Def'}C${concurrency}`;
				const webhookId = randomUUID();
				workflows.push(eventsWorkflow(id, webhookId, payload, kind === 'eventsAll' ? ALL_EVENTS : undefined));
				targets.push({ kind, payload, concurrency, workflowId: id, path: `${webhookId}/events` });
			}
		}
	}
	return { targets, workflows };
}

// ---------------------------------------------------------------------------------------------
// Payloads: the provider's bytes, signed for the URL they are posted to

interface PreparedRequest {
	path: string;
	headers: Record<string, string>;
	body: Buffer;
	/** Statuses the request carries. */
	events: number;
	/** Statuses in the default filter (failures). */
	failures: number;
}

/** A status as the providers report them, before it is shaped for one. */
interface Status {
	messageIndex: number;
	status: 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';
}

/** Each message's lifecycle, message after message: one in FAIL_EVERY fails. */
function statusStream(count: number, whatsapp: boolean): Status[] {
	const out: Status[] = [];
	for (let m = 0; out.length < count; m++) {
		const fails = m % FAIL_EVERY === FAIL_EVERY - 1;
		const plan: Status['status'][] = whatsapp ? (fails ? ['failed'] : ['sent', 'delivered', 'read']) : fails ? ['sent', 'undelivered'] : ['sent', 'delivered'];
		for (const status of plan) if (out.length < count) out.push({ messageIndex: m, status });
	}
	return out;
}

function hex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

const STAGES = ['reminder_3d', 'due_today', 'overdue_1d', 'overdue_6d', 'overdue_15d', 'overdue_30d'];
function keyOf(series: string, m: number, channel: 'sms' | 'whatsapp'): string {
	return `INV-${series}-${String(m).padStart(6, '0')}:${STAGES[m % STAGES.length]}:${channel}`;
}
function phoneOf(m: number): string {
	return `55119${String(10_000_000 + (m % 80_000_000)).padStart(8, '0')}`;
}

/** Twilio status callbacks: one form POST per status, the fake gateway's parameters. */
function twilioRequests(series: string, count: number, baseUrl: string, target: Target): PreparedRequest[] {
	const sids = new Map<number, string>();
	return statusStream(count, false).map(({ messageIndex: m, status }) => {
		let sid = sids.get(m);
		if (!sid) {
			sid = `SM${hex(16)}`;
			sids.set(m, sid);
		}
		const params: Record<string, string> = {
			AccountSid: TWILIO_ACCOUNT_SID,
			ApiVersion: '2010-04-01',
			From: '+15017122661',
			MessageSid: sid,
			MessageStatus: status,
			SmsSid: sid,
			SmsStatus: status,
			To: `+${phoneOf(m)}`,
		};
		if (status === 'undelivered') {
			params.ErrorCode = '30003';
			params.ErrorMessage = 'Unreachable destination handset';
		}
		if (status !== 'sent') params.RawDlrDoneDate = '2611231205';
		const pathAndQuery = `/webhook/${target.path}?ref=${encodeURIComponent(keyOf(series, m, 'sms'))}`;
		const body = Buffer.from(new URLSearchParams(params).toString());
		return {
			path: pathAndQuery,
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				'User-Agent': 'TwilioProxy/1.1',
				'I-Twilio-Idempotency-Token': randomUUID(),
				'X-Twilio-Signature': twilioSignature(TWILIO_AUTH_TOKEN, `${baseUrl}${pathAndQuery}`, params),
				'Content-Length': String(body.length),
			},
			body,
			events: 1,
			failures: status === 'undelivered' ? 1 : 0,
		};
	});
}

/** Meta status webhooks: ten statuses per POST in one change, non-ASCII escaped, signed over the bytes. */
function metaRequests(series: string, count: number, target: Target): PreparedRequest[] {
	const wamids = new Map<number, string>();
	const stream = statusStream(count * STATUSES_PER_META_POST, true);
	const out: PreparedRequest[] = [];
	const at = Math.floor(Date.parse('2026-11-23T15:00:00Z') / 1000);
	for (let i = 0; i < stream.length; i += STATUSES_PER_META_POST) {
		const batch = stream.slice(i, i + STATUSES_PER_META_POST);
		const statuses = batch.map(({ messageIndex: m, status }) => {
			let wamid = wamids.get(m);
			if (!wamid) {
				wamid = `wamid.HBgN${Buffer.from(`${phoneOf(m)}${hex(8)}`).toString('base64')}`;
				wamids.set(m, wamid);
			}
			const s: Record<string, unknown> = { id: wamid, status, timestamp: String(at + i), recipient_id: phoneOf(m), biz_opaque_callback_data: keyOf(series, m, 'whatsapp') };
			if (status === 'failed') {
				s.errors = [
					{
						code: 131047,
						title: 'Re-engagement message',
						message: 'Re-engagement message',
						error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
						href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
					},
				];
			} else {
				s.pricing = { billable: true, pricing_model: 'CBP', category: 'utility' };
			}
			return s;
		});
		const text = metaJson({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '100000000000000',
					changes: [
						{
							field: 'messages',
							value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: META_PHONE_NUMBER_ID }, statuses },
						},
					],
				},
			],
		});
		const body = Buffer.from(text);
		out.push({
			path: `/webhook/${target.path}`,
			headers: {
				'Content-Type': 'application/json',
				'User-Agent': 'facebookexternalua',
				'X-Hub-Signature-256': metaSignature(META_APP_SECRET, body),
				'Content-Length': String(body.length),
			},
			body,
			events: batch.length,
			failures: batch.filter((s) => s.status === 'failed').length,
		});
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The load: a keep-alive client, `concurrency` requests in flight, requests taken in order

interface LoadResult {
	/** Requests sent: all of them, or the first ones when the time budget ran out. */
	sent: number;
	wallMs: number;
	statuses: Record<string, number>;
	/** The body of the first answer of each status other than 200. */
	samples: Record<string, string>;
	latenciesMs: number[];
	/** Per request sent: answered 200. */
	ok: boolean[];
	errors: number;
}

function post(agent: http.Agent, host: string, port: number, request: PreparedRequest): Promise<{ status: number; ms: number; body: string }> {
	return new Promise((resolve) => {
		const started = process.hrtime.bigint();
		const req = http.request({ host, port, method: 'POST', path: request.path, headers: request.headers, agent }, (res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => {
				if (body.length < 300) body += chunk.toString('utf8');
			});
			res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body }));
		});
		req.on('error', (error) => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body: error.message }));
		req.end(request.body);
	});
}

async function load(baseUrl: string, requests: PreparedRequest[], concurrency: number, budgetMs = Number.POSITIVE_INFINITY): Promise<LoadResult> {
	const { hostname, port } = new URL(baseUrl);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const statuses: Record<string, number> = {};
	const samples: Record<string, string> = {};
	const latenciesMs: number[] = new Array(requests.length);
	const ok: boolean[] = new Array(requests.length).fill(false);
	let next = 0;
	let errors = 0;
	const started = process.hrtime.bigint();
	const deadline = Date.now() + budgetMs;
	const worker = async () => {
		while (next < requests.length && Date.now() < deadline) {
			const i = next++;
			const { status, ms, body } = await post(agent, hostname, Number(port), requests[i]);
			latenciesMs[i] = ms;
			ok[i] = status === 200;
			statuses[status] = (statuses[status] ?? 0) + 1;
			// What a refusal said (the first of each status), for the report.
			if (status !== 200 && samples[status] === undefined) samples[status] = body.slice(0, 300);
			if (status === 0) errors++;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	latenciesMs.length = next;
	ok.length = next;
	return { sent: next, wallMs, statuses, samples, latenciesMs, ok, errors };
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// n8n's side: executions in its database, static data, the process's CPU time

interface Executions {
	count: number;
	byStatus: Record<string, number>;
	lastStoppedAt: number | null;
	firstStartedAt: number | null;
}

/** Reads n8n's SQLite database with Node 24's built-in driver (read-only; n8n keeps running). */
class Database {
	constructor(
		private readonly node: string,
		private readonly file: string,
	) {}

	query<T>(sql: string, params: Array<string | number> = []): T[] {
		const script = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000');
process.stdout.write(JSON.stringify(db.prepare(process.argv[2]).all(...JSON.parse(process.argv[3]))));`;
		const out = execFileSync(this.node, ['--no-warnings', '-e', script, this.file, sql, JSON.stringify(params)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
		return JSON.parse(out) as T[];
	}

	maxExecutionId(): number {
		return this.query<{ id: number | null }>('SELECT MAX(id) AS id FROM execution_entity')[0]?.id ?? 0;
	}

	executionsAfter(workflowId: string, afterId: number): Executions {
		const rows = this.query<{ status: string; n: number; stopped: string | null; started: string | null }>(
			'SELECT status, COUNT(*) AS n, MAX(stoppedAt) AS stopped, MIN(startedAt) AS started FROM execution_entity WHERE workflowId = ? AND id > ? GROUP BY status',
			[workflowId, afterId],
		);
		const byStatus: Record<string, number> = {};
		let lastStoppedAt: number | null = null;
		let firstStartedAt: number | null = null;
		for (const row of rows) {
			byStatus[row.status] = row.n;
			const stopped = row.stopped ? Date.parse(`${row.stopped.replace(' ', 'T')}Z`) : Number.NaN;
			const started = row.started ? Date.parse(`${row.started.replace(' ', 'T')}Z`) : Number.NaN;
			if (Number.isFinite(stopped)) lastStoppedAt = Math.max(lastStoppedAt ?? 0, stopped);
			if (Number.isFinite(started)) firstStartedAt = Math.min(firstStartedAt ?? Number.MAX_SAFE_INTEGER, started);
		}
		return { count: rows.reduce((sum, r) => sum + r.n, 0), byStatus, lastStoppedAt, firstStartedAt };
	}

	staticData(workflowId: string): { bytes: number; rememberedEvents: number } {
		const [row] = this.query<{ data: string | null }>('SELECT staticData AS data FROM workflow_entity WHERE id = ?', [workflowId]);
		if (!row?.data) return { bytes: 0, rememberedEvents: 0 };
		const parsed = JSON.parse(row.data) as { global?: { events?: Record<string, number> } };
		return { bytes: Buffer.byteLength(row.data), rememberedEvents: Object.keys(parsed.global?.events ?? {}).length };
	}
}

/** The `n8n start` process of this home (the only one whose cwd is the home). */
function findN8nPid(home: N8nHome): number | undefined {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (!cmdline.includes('start') || !cmdline.some((part) => part === home.rt.n8nBin)) continue;
			if (fs.realpathSync(`/proc/${entry}/cwd`) === fs.realpathSync(home.dir)) return Number(entry);
		} catch {
			// gone, or not ours to read
		}
	}
	return undefined;
}

const TICKS_PER_SECOND = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** User + system CPU milliseconds of a process so far. */
function cpuMs(pid: number | undefined): number {
	if (pid === undefined) return Number.NaN;
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
	} catch {
		return Number.NaN;
	}
}

/** Waits until the workflow's executions since `afterId` stop changing and none is running. */
async function settleExecutions(db: Database, workflowId: string, afterId: number, expectedAtLeast: number, timeoutMs = 180_000): Promise<Executions> {
	const deadline = Date.now() + timeoutMs;
	let last = db.executionsAfter(workflowId, afterId);
	let stableSince = Date.now();
	while (Date.now() < deadline) {
		await sleep(500);
		const now = db.executionsAfter(workflowId, afterId);
		const busy = (now.byStatus.running ?? 0) + (now.byStatus.new ?? 0) > 0;
		if (now.count !== last.count || busy || now.count < expectedAtLeast) stableSince = Date.now();
		last = now;
		if (Date.now() - stableSince >= 1500) break;
	}
	return last;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// One series

interface SeriesResult {
	payload: Payload;
	target: TargetKind;
	title: string;
	concurrency: number;
	workflowId: string;
	/** Requests sent (the first ones of those prepared, when the time budget ran out). */
	requests: number;
	prepared: number;
	/** Statuses in the requests answered 200. */
	events: number;
	/** Failure statuses: the events the default filter keeps. */
	failureEvents: number;
	/** Requests carrying at least one failure: the executions the default filter should start. */
	requestsWithFailures: number;
	statuses: Record<string, number>;
	/** The body of the first answer of each status other than 200. */
	refusals: Record<string, string>;
	accepted: number;
	wallS: number;
	requestsPerS: number;
	eventsPerS: number;
	latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
	n8nCpuMsPerRequest: number;
	load1AtStart: number;
	executions: { count: number; byStatus: Record<string, number> };
	/** From the first request to the last execution's end. */
	lastExecutionDoneS: number | null;
	staticData?: { bytes: number; rememberedEvents: number };
	redelivery?: { posted: number; accepted: number; executions: number };
}

async function runSeries(
	server: N8nServer,
	db: Database,
	pid: number | undefined,
	target: Target,
	all: PreparedRequest[],
	args: Pick<Args, 'seconds' | 'redeliver'>,
): Promise<SeriesResult> {
	const load1AtStart = os.loadavg()[0];
	const afterId = db.maxExecutionId();
	const cpu0 = cpuMs(pid);
	const startedAt = Date.now();
	const result = await load(server.url, all, target.concurrency, args.seconds * 1000);
	// What n8n took (answered 200): the events it could emit.
	const requests = all.slice(0, result.sent).filter((_, i) => result.ok[i]);
	const events = requests.reduce((sum, r) => sum + r.events, 0);
	const withFailures = requests.filter((r) => r.failures > 0).length;
	const accepted = result.statuses['200'] ?? 0;
	const expected = target.kind === 'eventsDefault' ? withFailures : accepted;
	const executions = await settleExecutions(db, target.workflowId, afterId, expected);
	// Everything the series cost n8n: answering, and running the executions it started.
	const cpu1 = cpuMs(pid);
	const sorted = result.latenciesMs.slice().sort((a, b) => a - b);
	const out: SeriesResult = {
		payload: target.payload,
		target: target.kind,
		title: TARGET_TITLES[target.kind],
		concurrency: target.concurrency,
		workflowId: target.workflowId,
		requests: result.sent,
		prepared: all.length,
		events,
		failureEvents: requests.reduce((sum, r) => sum + r.failures, 0),
		requestsWithFailures: withFailures,
		statuses: result.statuses,
		refusals: result.samples,
		accepted,
		wallS: result.wallMs / 1000,
		requestsPerS: (accepted / result.wallMs) * 1000,
		eventsPerS: (events * 1000) / result.wallMs,
		latencyMs: {
			p50: percentile(sorted, 50),
			p95: percentile(sorted, 95),
			p99: percentile(sorted, 99),
			max: sorted[sorted.length - 1] ?? Number.NaN,
			mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
		},
		n8nCpuMsPerRequest: (cpu1 - cpu0) / Math.max(1, result.sent),
		load1AtStart,
		executions: { count: executions.count, byStatus: executions.byStatus },
		lastExecutionDoneS: executions.lastStoppedAt !== null ? (executions.lastStoppedAt - startedAt) / 1000 : null,
	};
	if (target.kind !== 'webhook') out.staticData = db.staticData(target.workflowId);
	if (target.kind === 'eventsAll' && args.redeliver > 0 && requests.length > 0) {
		// The provider delivers again (at least once): the same bytes, one at a time, every k-th request.
		const step = Math.max(1, Math.floor(requests.length / args.redeliver));
		const again = requests.filter((_, i) => i % step === 0).slice(0, args.redeliver);
		const before = db.maxExecutionId();
		const replay = await load(server.url, again, 1);
		const after = await settleExecutions(db, target.workflowId, before, 0, 30_000);
		out.redelivery = { posted: again.length, accepted: replay.statuses['200'] ?? 0, executions: after.count };
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Report

interface Results {
	generatedAt: string;
	durationS: number;
	machine: { nproc: number; cpuModel: string; memoryGb: number; kernel: string; uptimeAtStart: string; uptimeAtEnd?: string };
	versions: Record<string, string>;
	settings: { n8nEnv: Record<string, string>; twilioRequests: number; metaRequests: number; seconds: number; statusesPerMetaPost: number; failEvery: number; concurrency: number[]; redeliver: number };
	/** The n8n process's CPU time per second while idle. */
	n8nIdleCpuMsPerS?: number;
	series: SeriesResult[];
}

function ms(n: number): string {
	return Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : fmtInt(n)) : '—';
}

function seriesRows(results: Results, payload: Payload): string[][] {
	const rows: string[][] = [];
	for (const s of results.series.filter((x) => x.payload === payload)) {
		const others = Object.entries(s.statuses)
			.filter(([code]) => code !== '200')
			.map(([code, n]) => `${n}×${code === '0' ? 'error' : code}`)
			.join(' ');
		rows.push([
			String(s.concurrency),
			s.title,
			`${fmtInt(s.accepted)}/${fmtInt(s.requests)}${others ? ` (${others})` : ''}`,
			fmtNum(s.requestsPerS),
			fmtNum(s.eventsPerS),
			ms(s.latencyMs.p50),
			ms(s.latencyMs.p95),
			ms(s.latencyMs.max),
			Number.isFinite(s.n8nCpuMsPerRequest) ? s.n8nCpuMsPerRequest.toFixed(2) : '—',
			fmtInt(s.executions.count),
			s.lastExecutionDoneS === null ? '—' : s.lastExecutionDoneS.toFixed(1),
			s.load1AtStart.toFixed(1),
		]);
	}
	return rows;
}

const HEADER = ['conc.', 'Target', 'HTTP 200 / sent', 'req/s', 'events/s', 'p50 ms', 'p95 ms', 'max ms', 'n8n CPU ms/req', 'executions', 'last exec. done s', 'load'];

const RECORD_HEADER = ['Payload', 'conc.', 'Target', 'events kept', 'event ids remembered', 'static data KB', 'redelivered → executions started'];

function recordRows(results: Results): string[][] {
	return results.series
		.filter((s) => s.staticData)
		.map((s) => [
			s.payload === 'twilio' ? 'Twilio' : 'Meta',
			String(s.concurrency),
			s.title,
			fmtInt(s.target === 'eventsAll' ? s.events : s.failureEvents),
			fmtInt(s.staticData?.rememberedEvents ?? 0),
			fmtInt((s.staticData?.bytes ?? 0) / 1024),
			s.redelivery ? `${s.redelivery.posted} → ${s.redelivery.executions}` : '—',
		]);
}

/** What the answers other than 200 said (the first of each status per series). */
function refusalLines(results: Results): string[] {
	const lines: string[] = [];
	for (const s of results.series) {
		for (const [status, body] of Object.entries(s.refusals ?? {})) {
			lines.push(`- ${s.payload === 'twilio' ? 'Twilio' : 'Meta'}, concurrency ${s.concurrency}, ${s.title}: ${s.statuses[status]} × ${status === '0' ? 'no answer' : `HTTP ${status}`}: \`${body.replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 200)}\``);
		}
	}
	return lines.length ? ['## Answers other than 200', '', ...lines, ''] : [];
}

function renderMarkdown(results: Results): string {
	const m = results.machine;
	const lines = [
		'# Dunning Events benchmark results',
		'',
		`Generated by \`npm run bench:events\` on ${results.generatedAt} in ${results.durationS} s. See bench/events.ts and docs/nodes/dunning-events.md for the method.`,
		'',
		`- Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.kernel}; ${results.versions.n8n}`,
		`- Load at start: \`${m.uptimeAtStart}\``,
		`- Load at end: \`${m.uptimeAtEnd ?? ''}\``,
		`- n8n's settings: its defaults (SQLite, regular mode, successful executions saved)${Object.keys(results.settings.n8nEnv).length ? `, plus ${Object.entries(results.settings.n8nEnv).map(([k, v]) => `\`${k}=${v}\``).join(', ')}` : ''}; n8n idle: ${results.n8nIdleCpuMsPerS?.toFixed(1) ?? '?'} ms of CPU per second.`,
		`- One \`n8n start\` on loopback; each target is its trigger → No Op, published. The client (keep-alive, \`conc.\` requests in flight) runs on the same machine. Latency is the client's, request to full response. "n8n CPU ms/req": user + system CPU time of the n8n process from the series' first request until its executions had finished, per request. "last exec. done s": from the first request until the last execution the series started had finished (n8n runs them after answering). "load": the 1-minute load average when the series started (2 cores).`,
		'',
		`## Twilio status callbacks (one status per POST; up to ${fmtInt(results.settings.twilioRequests)} POSTs or ${results.settings.seconds} s per series)`,
		'',
		markdownTable(HEADER, seriesRows(results, 'twilio')),
		'',
		`## Meta status webhooks (${results.settings.statusesPerMetaPost} statuses per POST; up to ${fmtInt(results.settings.metaRequests)} POSTs or ${results.settings.seconds} s per series)`,
		'',
		markdownTable(HEADER, seriesRows(results, 'meta')),
		'',
		'events/s counts statuses: the Webhook node receives the same ten statuses per POST but emits them as one unverified item.',
		'',
		'## The record (workflow static data) after each series',
		'',
		`Events kept by the filter are remembered (their ids, for ${'168'} hours) to recognise redeliveries. After each "all events" series, ${results.settings.redeliver} of its requests were posted again, one at a time.`,
		'',
		markdownTable(RECORD_HEADER, recordRows(results)),
		'',
		...refusalLines(results),
	];
	return `${lines.join('\n')}\n`;
}

function machine(): Results['machine'] {
	const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
	const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
	return {
		nproc: os.cpus().length,
		cpuModel: model,
		memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		kernel: `${os.type()} ${os.release()}`,
		uptimeAtStart: execFileSync('uptime', { encoding: 'utf8' }).trim(),
	};
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes', 'DunningEvents', 'DunningEvents.node.js'))) {
		throw new Error('dist/ has no Dunning Events node: run `npm run build` first (npm run bench:events does)');
	}
	const results: Results = {
		generatedAt: new Date().toISOString(),
		durationS: 0,
		machine: machine(),
		versions: {},
		settings: {
			n8nEnv: args.n8nEnv,
			twilioRequests: args.twilio,
			metaRequests: args.meta,
			seconds: args.seconds,
			statusesPerMetaPost: STATUSES_PER_META_POST,
			failEvery: FAIL_EVERY,
			concurrency: args.concurrency,
			redeliver: args.redeliver,
		},
		series: [],
	};

	progress('Packing the package and creating an n8n user folder');
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	const tarball = packPackage(path.join(WORK_DIR, 'pack'));
	// Pruning off: executions are counted in the database, and n8n's default prunes beyond 10,000.
	const home = await N8nHome.create({ tarball, dir: path.join(WORK_DIR, 'n8n'), env: { EXECUTIONS_DATA_PRUNE_MAX_COUNT: '0', ...args.n8nEnv } });
	home.save();
	results.versions.n8n = `n8n ${spawnSync(home.rt.node, [home.rt.n8nBin, '--version'], { encoding: 'utf8' }).stdout.trim()} on Node ${spawnSync(home.rt.node, ['--version'], { encoding: 'utf8' }).stdout.trim()}, client on Node ${process.version}`;
	home.importCredentials(shippedCredentials('http://127.0.0.1:9'));
	const { targets, workflows } = buildTargets(args);
	home.importWorkflows(workflows);
	const ids = [...new Set(targets.map((t) => t.workflowId))];
	progress(`Publishing ${ids.length} workflows and starting n8n (n8n start, loopback)`);
	const server = await startServer(home, {
		publish: ids,
		publishConcurrency: 4,
		// The Webhook node and Dunning Events (Twilio) answer a GET with "…POST request…"; Meta's GET is its handshake.
		webhooks: targets.filter((t) => t.payload === 'twilio').map((t) => ({ method: 'POST' as const, path: t.path })),
		// Meta's URLs: registered when an unsigned POST gets 401 rather than 404.
		ready: async (url) => {
			for (const t of targets.filter((x) => x.payload === 'meta' && x.kind !== 'webhook')) {
				const probe = await fetch(`${url}/webhook/${t.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
				if (probe?.status !== 401) return false;
			}
			return true;
		},
		timeoutMs: 300_000,
	});
	try {
		const pid = findN8nPid(home);
		if (pid === undefined) progress('could not find the n8n process: CPU time will not be reported');
		const db = new Database(home.rt.node, path.join(home.dir, '.n8n', 'database.sqlite'));

		// Warm-up: a few requests to each target (JIT, the database, the credential), not measured.
		progress('Warming up (the Webhook node and two Dunning Events workflows of their own)');
		let seriesNo = 0;
		for (const t of targets.filter((x) => x.kind === 'warmup' || (x.kind === 'webhook' && x.concurrency === args.concurrency[0]))) {
			const warm = t.payload === 'twilio' ? twilioRequests(`W${seriesNo++}`, 60, server.url, t) : metaRequests(`W${seriesNo++}`, 20, t);
			await load(server.url, warm, 5);
		}
		await sleep(5000);
		// What n8n costs doing nothing (its timers), to read the CPU time per request against.
		const idle0 = cpuMs(pid);
		await sleep(5000);
		results.n8nIdleCpuMsPerS = (cpuMs(pid) - idle0) / 5;
		progress(`n8n idle: ${results.n8nIdleCpuMsPerS.toFixed(1)} ms of CPU per second`);

		for (const payload of ['twilio', 'meta'] as Payload[]) {
			for (const concurrency of args.concurrency) {
				for (const kind of TARGET_ORDER) {
					const t = targets.find((x) => x.payload === payload && x.concurrency === concurrency && x.kind === kind) as Target;
					const series = `S${seriesNo++}`;
					const requests = payload === 'twilio' ? twilioRequests(series, args.twilio, server.url, t) : metaRequests(series, args.meta, t);
					await sleep(2000);
					progress(`${payload}, concurrency ${concurrency}: ${TARGET_TITLES[kind]} (${requests.length} requests)`);
					const r = await runSeries(server, db, pid, t, requests, args);
					results.series.push(r);
					for (const [status, body] of Object.entries(r.refusals)) progress(`  ${r.statuses[status]} × ${status}: ${body.replace(/\s+/g, ' ').slice(0, 160)}`);
					progress(
						`  ${r.requests}/${r.prepared} sent in ${r.wallS.toFixed(1)} s: ${fmtNum(r.requestsPerS)} req/s, ${fmtNum(r.eventsPerS)} events/s, ` +
							`p50 ${ms(r.latencyMs.p50)} ms, p95 ${ms(r.latencyMs.p95)} ms, n8n CPU ${r.n8nCpuMsPerRequest.toFixed(2)} ms/req, ` +
							`${r.executions.count} executions${r.redelivery ? `, ${r.redelivery.posted} redelivered → ${r.redelivery.executions} executions` : ''}`,
					);
				}
			}
		}
	} finally {
		await server.stop();
	}
	results.machine.uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
	results.durationS = Math.round((Date.now() - started) / 1000);

	process.stdout.write(`\nTwilio status callbacks (one status per POST)\n\n${textTable(HEADER, seriesRows(results, 'twilio'))}\n`);
	process.stdout.write(`\nMeta status webhooks (${STATUSES_PER_META_POST} statuses per POST)\n\n${textTable(HEADER, seriesRows(results, 'meta'))}\n`);
	process.stdout.write(
		`\nThe record after each series\n\n${textTable(RECORD_HEADER, recordRows(results))}\n`,
	);
	if (args.write) {
		fs.writeFileSync(path.join(BENCH_DIR, `${args.out}.json`), `${JSON.stringify(results, null, '\t')}\n`);
		fs.writeFileSync(path.join(BENCH_DIR, `${args.out}.md`), renderMarkdown(results));
		progress(`wrote bench/${args.out}.json and bench/${args.out}.md (${results.durationS} s in all)`);
	}
	if (!args.keep) fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
