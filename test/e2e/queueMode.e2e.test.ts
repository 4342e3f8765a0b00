/**
 * The package in n8n's queue mode, as users scale out: Redis (the queue, and the Send node's
 * idempotency ledger) and PostgreSQL from Debian's packages on loopback, one n8n main and two
 * workers (n8n 2.41.1, the packed package installed in each), the full-pipeline workflow behind a
 * Webhook Trigger, and a few hundred executions fired at once on the same invoices.
 *
 * What the fake gateway must see: every message exactly once (the Redis ledger shared by the
 * workers), the executions spread over both workers (counted from each worker's log), and no
 * execution lost nor message sent twice when a worker is stopped (SIGTERM) in the middle of a
 * batch. A control run with the default static-data ledger shows the test can fail: workers start
 * each execution without the ledger other executions are writing, so overlapping runs send again.
 * And a worker killed (SIGKILL) while one of its executions is sending: n8n fails that worker's
 * executions once Bull finds their jobs stalled (none is run again), nothing is accepted twice, and
 * every message the dead execution did not send is still held in Redis by it (reserved), not lost.
 * Figures go to .tmp/queue-figures.json (and the console).
 */
import fs from 'node:fs';
import path from 'node:path';

import Redis from 'ioredis';

import { DEFAULT_RESERVATION_LEASE_MS } from '../../nodes/core/policy/redisLedger';
import { type FakeGateway, start } from '../fake-gateway';
import { REPO_ROOT } from './harness';
import { QueueCluster } from './queue';
import { SAMPLE_CSV, loadWorkflow, shippedCredentials, withContactHours, withId, withReferenceDate } from './workflows';

jest.setTimeout(600_000);

const FIRED = 300;
const TERM_FIRED = 150;
const CONTROL_FIRED = 20;
const KILL_FIRED = 60;
const CLIENT_CONCURRENCY = 30;
const WORKER_CONCURRENCY = 10;
/**
 * n8n's Bull settings (@n8n/config 2.41.1, "queue.bull.settings"), shorter than the defaults so
 * that a killed worker's jobs are found stalled in seconds: a job's lock lasts 60 s
 * (QUEUE_WORKER_LOCK_DURATION), renewed every 10 s (QUEUE_WORKER_LOCK_RENEW_TIME), and the
 * surviving workers look for jobs whose lock ran out every 30 s (QUEUE_WORKER_STALLED_INTERVAL);
 * n8n sets maxStalledCount to 0 (no environment variable), so a stalled job fails and is not run
 * again, and the main process then waits 30 s more (fixed) before it marks the execution failed.
 * With the defaults the killed worker's executions took 138-140 s to end; with these, under a minute.
 * Lock renewal every 5 s still leaves a busy worker 15 s of slack before a live job looks stalled.
 */
const BULL_SETTINGS = { QUEUE_WORKER_LOCK_DURATION: '20000', QUEUE_WORKER_LOCK_RENEW_TIME: '5000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };

const REDIS_CREDENTIAL = { id: 'dunRedisLedger01', name: 'Dunning Redis' };
const SEND_NODE_TYPE = 'n8n-nodes-dunning.sendViaGateway';
const SEND_NODE = 'Send WhatsApp or SMS';

/** One published copy of the full pipeline per scenario, each behind its own webhook. */
const FLOWS = {
	/** The default static-data ledger, fired once: what one run sends. */
	once: { id: 'dunQueueOnce', path: 'dunning-queue/once', ledger: 'staticData' },
	redis: { id: 'dunQueueRedis', path: 'dunning-queue/redis', ledger: 'redis', prefix: 'dunning:sent:' },
	/** Its own key prefix: the SIGTERM batch starts with an empty ledger and sends everything again. */
	term: { id: 'dunQueueRedisTerm', path: 'dunning-queue/redis-term', ledger: 'redis', prefix: 'dunning:sent:term:' },
	control: { id: 'dunQueueStatic', path: 'dunning-queue/static', ledger: 'staticData' },
	/** Its own key prefix too: the SIGKILL batch starts with an empty ledger. */
	kill: { id: 'dunQueueRedisKill', path: 'dunning-queue/redis-kill', ledger: 'redis', prefix: 'dunning:sent:kill:' },
} as const;
type Flow = (typeof FLOWS)[keyof typeof FLOWS];

interface Node {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	position?: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

/**
 * workflows/full-pipeline.json with contact hours off and the reference date fixed, a Webhook
 * Trigger in front of "Read Invoices CSV" (the schedule trigger removed), the Send node's ledger
 * chosen, and the write-back of the CSV replaced by a No-Op: later runs must not skip by
 * lastStageSent (only the ledger may stop a second message), and concurrent runs must not write
 * one file.
 */
function queueWorkflow(flow: Flow, index: number): object {
	const workflow = withId(withReferenceDate(withContactHours(loadWorkflow('full-pipeline.json'))), flow.id) as ReturnType<typeof loadWorkflow> & {
		name: string;
		nodes: Node[];
		connections: Record<string, unknown>;
		active: boolean;
	};
	workflow.name = `e2e queue mode: ${flow.id}`;
	workflow.nodes = workflow.nodes.filter((n) => n.name !== 'Every Day at 13:00');
	delete workflow.connections['Every Day at 13:00'];
	workflow.nodes.push({
		id: `queue-webhook-${index}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 300],
		webhookId: `6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5${index}`,
		parameters: { httpMethod: 'POST', path: flow.path, responseMode: 'onReceived', options: {} },
	});
	workflow.connections.Webhook = { main: [[{ node: 'Read Invoices CSV', type: 'main', index: 0 }]] };
	const write = workflow.nodes.find((n) => n.name === 'Write Invoices CSV') as Node;
	Object.assign(write, { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });
	const send = workflow.nodes.find((n) => n.type === SEND_NODE_TYPE) as Node;
	if (flow.ledger === 'redis') {
		send.parameters.ledger = 'redis';
		send.parameters.redisKeyPrefix = flow.prefix;
		send.credentials = { ...send.credentials, redis: REDIS_CREDENTIAL };
	}
	return workflow;
}

let gateway: FakeGateway;
let cluster: QueueCluster;
/** Correlation keys of the messages one run sends (the single run of FLOWS.once), sorted. */
let oneRun: string[] = [];
const figures: Record<string, unknown> = {};

beforeAll(async () => {
	gateway = await start({ webhooks: { mode: 'off' }, limits: { requestLog: 20_000 } });
	cluster = new QueueCluster({
		workflows: Object.values(FLOWS).map((flow, i) => queueWorkflow(flow, i)),
		credentials: (redis) => [
			...shippedCredentials(gateway.url),
			{ ...REDIS_CREDENTIAL, type: 'redis', data: { host: redis.host, port: redis.port, database: 0, user: '', password: '', ssl: false } },
		],
		publish: Object.values(FLOWS).map((f) => f.id),
		webhooks: Object.values(FLOWS).map((f) => ({ method: 'POST' as const, path: f.path })),
		dataFiles: [SAMPLE_CSV],
		workers: 2,
		concurrency: WORKER_CONCURRENCY,
		env: BULL_SETTINGS,
	});
	const t0 = Date.now();
	await cluster.start();
	figures.clusterStartSeconds = seconds(Date.now() - t0);
}, 360_000);

afterAll(async () => {
	const t0 = Date.now();
	await cluster?.stop();
	await gateway?.close();
	figures.clusterStopSeconds = seconds(Date.now() - t0);
	fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
	fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'queue-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
	console.log(`queue mode: ${JSON.stringify(figures)}`);
}, 180_000);

function seconds(ms: number): number {
	return Math.round(ms / 100) / 10;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs `count` times to a flow's production webhook, `concurrency` requests at a time. */
async function fire(flow: Flow, count: number, concurrency = CLIENT_CONCURRENCY): Promise<number> {
	const url = `${cluster.url}/webhook/${flow.path}`;
	const failures: string[] = [];
	let next = 0;
	const t0 = Date.now();
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) {
				const run = next++;
				const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run }) });
				const text = await response.text();
				if (response.status !== 200) failures.push(`run ${run}: ${response.status} ${text.slice(0, 200)}`);
			}
		}),
	);
	if (failures.length > 0) throw new Error(`${failures.length} of ${count} webhook calls failed:\n${failures.slice(0, 5).join('\n')}\n${cluster.logTails()}`);
	return Date.now() - t0;
}

/** Correlation keys the gateway accepted at least once since its last reset, sorted. */
function acceptedKeys(): string[] {
	return Object.entries(gateway.statsReport().perKey)
		.filter(([, counts]) => counts.accepted > 0)
		.map(([key]) => key)
		.sort();
}

/** Distinct executions (of `ids`) each worker logged "Worker started execution" for. */
function perWorker(ids: string[]): Record<string, number> {
	const wanted = new Set(ids);
	return Object.fromEntries(cluster.workers.map((w) => [w.name, new Set(w.started.filter((id) => wanted.has(id))).size]));
}

interface SendOutcome {
	sent: number;
	failed: number;
	/** Skipped items by `reason/ledger` (e.g. "duplicate/redis"). */
	skipped: Record<string, number>;
}

/** What the Send node put on its outputs (Sent, Failed, Skipped) in each execution of a flow. */
async function sendOutcomes(flow: Flow): Promise<SendOutcome[]> {
	const outputs = await cluster.nodeOutputs(flow.id, SEND_NODE);
	return [...outputs.values()].map(([sent = [], failed = [], skipped = []]) => {
		const reasons: Record<string, number> = {};
		for (const item of skipped) {
			const delivery = (item.json.delivery ?? {}) as { reason?: string; ledger?: string };
			const label = [delivery.reason, delivery.ledger].filter(Boolean).join('/');
			reasons[label] = (reasons[label] ?? 0) + 1;
		}
		return { sent: sent.length, failed: failed.length, skipped: reasons };
	});
}

function sumSkipped(outcomes: SendOutcome[]): Record<string, number> {
	const all: Record<string, number> = {};
	for (const o of outcomes) for (const [label, n] of Object.entries(o.skipped)) all[label] = (all[label] ?? 0) + n;
	return all;
}

function total(counts: Record<string, number>): number {
	return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** A key of the Send node's Redis ledger: `r` reserved or `s` sent, by which execution, for how long still. */
interface LedgerKey {
	state: string;
	ref: string | null;
	pttl: number;
}

/**
 * The Send node's keys under `prefix`, by idempotency key: its frequency-cap counters (`<prefix>cap:…`)
 * and the indexes Dunning Events reads (`<prefix>id:…` by provider message id, `<prefix>to:…` by
 * hashed number) left out.
 */
async function ledgerKeys(redis: Redis, prefix: string): Promise<Map<string, LedgerKey>> {
	const found = new Map<string, LedgerKey>();
	for (const key of await redis.keys(`${prefix}*`)) {
		if (['cap:', 'id:', 'to:', 'evt:'].some((part) => key.startsWith(`${prefix}${part}`))) continue;
		const [raw, pttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
		if (raw === null) continue;
		const value = JSON.parse(raw) as { s?: string; ref?: string };
		found.set(key.slice(prefix.length), { state: value.s ?? '?', ref: value.ref ?? null, pttl });
	}
	return found;
}

describe('n8n queue mode: one main, two workers, Redis and PostgreSQL', () => {
	it(`${FIRED} overlapping executions over two workers: every message reaches the gateway exactly once (Redis ledger)`, async () => {
		// What one run sends, for comparison: one execution with the default ledger.
		gateway.reset();
		await fire(FLOWS.once, 1);
		expect(await cluster.waitForExecutions(FLOWS.once.id, 1)).toEqual({ success: 1 });
		oneRun = acceptedKeys();
		expect(oneRun.length).toBeGreaterThan(0);
		expect(gateway.statsReport().duplicateKeys).toEqual([]);
		const [single] = await sendOutcomes(FLOWS.once);
		expect(single).toMatchObject({ sent: oneRun.length, failed: 0 });

		gateway.reset();
		const t0 = Date.now();
		const firedMs = await fire(FLOWS.redis, FIRED);
		const counts = await cluster.waitForExecutions(FLOWS.redis.id, FIRED, 540_000);
		const ms = Date.now() - t0;
		const stats = gateway.statsReport();
		const workers = perWorker(await cluster.executionIds(FLOWS.redis.id));
		const outcomes = await sendOutcomes(FLOWS.redis);
		figures.redisLedger = {
			executions: FIRED,
			clientConcurrency: CLIENT_CONCURRENCY,
			workerConcurrency: WORKER_CONCURRENCY,
			firedInSeconds: seconds(firedMs),
			allEndedInSeconds: seconds(ms),
			executionsPerSecond: Math.round((FIRED / (ms / 1000)) * 10) / 10,
			byStatus: counts,
			perWorker: workers,
			messagesOneRun: oneRun.length,
			gatewayRequests: stats.requests,
			messagesAccepted: stats.messagesAccepted,
			distinctKeys: acceptedKeys().length,
			duplicateKeys: stats.duplicateKeys.length,
			sendNodeSentItems: outcomes.reduce((n, o) => n + o.sent, 0),
			sendNodeSkippedItems: sumSkipped(outcomes),
		};
		expect(counts).toEqual({ success: FIRED });
		expect(stats.duplicateKeys).toEqual([]);
		expect(acceptedKeys()).toEqual(oneRun);
		expect(stats.messagesAccepted).toBe(oneRun.length);
		// In n8n's own record of the runs: each message sent by one execution, and skipped by every
		// other one as a duplicate found in the Redis ledger.
		expect(outcomes).toHaveLength(FIRED);
		expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(oneRun.length);
		for (const o of outcomes) expect(o.sent + (o.skipped['duplicate/redis'] ?? 0)).toBe(oneRun.length);
		expect(Object.keys(workers)).toHaveLength(2);
		for (const count of Object.values(workers)) expect(count).toBeGreaterThan(0);
		expect(total(workers)).toBe(FIRED);
	});

	it(`control: with the default static-data ledger, ${CONTROL_FIRED} overlapping executions send the same messages again`, async () => {
		gateway.reset();
		await fire(FLOWS.control, CONTROL_FIRED, CONTROL_FIRED);
		const counts = await cluster.waitForExecutions(FLOWS.control.id, CONTROL_FIRED);
		const stats = gateway.statsReport();
		figures.staticDataControl = {
			executions: CONTROL_FIRED,
			byStatus: counts,
			perWorker: perWorker(await cluster.executionIds(FLOWS.control.id)),
			messagesAccepted: stats.messagesAccepted,
			distinctKeys: acceptedKeys().length,
			duplicateKeys: stats.duplicateKeys.length,
		};
		expect(counts).toEqual({ success: CONTROL_FIRED });
		expect(stats.duplicateKeys.length).toBeGreaterThan(0);
		expect(stats.messagesAccepted).toBeGreaterThan(oneRun.length);
	});

	it(`a worker stopped (SIGTERM) in the middle of ${TERM_FIRED} executions: none is lost, nothing is sent twice`, async () => {
		// Slower gateway replies, so that executions are in the middle of sending when the worker stops.
		gateway.reset();
		gateway.configure({ faults: { default: 'hang;ms=100' } });
		const [survivor, stopped] = cluster.workers;
		const startedBefore = stopped.started.length;
		const finishedBefore = stopped.finished.length;
		const firing = fire(FLOWS.term, TERM_FIRED);
		const deadline = Date.now() + 120_000;
		while (stopped.started.length - startedBefore < WORKER_CONCURRENCY) {
			if (Date.now() > deadline) throw new Error(`${stopped.name} started no execution of the batch:\n${cluster.logTails()}`);
			await sleep(50);
		}
		const runningAtStop = stopped.started.length - startedBefore - (stopped.finished.length - finishedBefore);
		const exit = await stopped.stop('SIGTERM', 60_000);
		await firing;
		const counts = await cluster.waitForExecutions(FLOWS.term.id, TERM_FIRED, 540_000);
		gateway.configure({ faults: { default: null } });
		const stats = gateway.statsReport();
		const ids = await cluster.executionIds(FLOWS.term.id);
		const batch = new Set(ids);
		const startedByStopped = [...new Set(stopped.started.filter((id) => batch.has(id)))];
		const finishedByStopped = new Set(stopped.finished.filter((id) => batch.has(id)));
		const shutdownLines = stopped
			.log()
			.split('\n')
			.filter((l) => /Received SIGTERM|Waiting for \d+ active executions|Stopping worker|Drain timeout|Cancelled|Shutdown timed out/.test(l))
			.map((l) => l.trim());
		figures.sigterm = {
			executions: TERM_FIRED,
			byStatus: counts,
			perWorker: perWorker(ids),
			runningOnStoppedWorkerAtSigterm: runningAtStop,
			stoppedWorkerExit: exit,
			startedByStoppedWorker: startedByStopped.length,
			finishedByStoppedWorker: finishedByStopped.size,
			shutdownLog: shutdownLines.slice(0, 6),
			messagesAccepted: stats.messagesAccepted,
			distinctKeys: acceptedKeys().length,
			duplicateKeys: stats.duplicateKeys.length,
		};
		expect(counts).toEqual({ success: TERM_FIRED });
		expect(stats.duplicateKeys).toEqual([]);
		expect(acceptedKeys()).toEqual(oneRun);
		// n8n's graceful shutdown: the stopped worker takes no new job and finishes those it runs.
		expect(runningAtStop).toBeGreaterThan(0);
		expect(exit).toMatchObject({ code: 0, signal: null });
		expect(startedByStopped.every((id) => finishedByStopped.has(id))).toBe(true);
		expect(new Set(survivor.started.filter((id) => batch.has(id))).size + startedByStopped.length).toBeGreaterThanOrEqual(TERM_FIRED);
	});

	it(`a worker killed (SIGKILL) while it sends, in the middle of ${KILL_FIRED} executions: nothing sent twice, every unsent message held in Redis`, async () => {
		const t0 = Date.now();
		// Two workers again: the SIGTERM test stopped the second one.
		await cluster.restartWorker(1, WORKER_CONCURRENCY);
		const restartMs = Date.now() - t0;
		const startedBefore = cluster.workers.map((w) => w.started.length);
		const redis = new Redis({ host: cluster.services?.redis.host, port: cluster.services?.redis.port, lazyConnect: true, maxRetriesPerRequest: 1 });
		await redis.connect();
		try {
			gateway.reset();
			gateway.configure({ faults: { default: 'hang;ms=100' } });
			const firing = fire(FLOWS.kill, KILL_FIRED);
			// Once a few messages are out, kill the worker that runs the execution holding the most
			// keys not begun yet (a reservation's lease, not the full TTL): the one sending them.
			const deadline = Date.now() + 120_000;
			let victimIndex = -1;
			let sender = '';
			while (victimIndex < 0) {
				if (Date.now() > deadline) throw new Error(`no execution of the batch started sending:\n${cluster.logTails()}`);
				await sleep(20);
				if (gateway.statsReport().messagesAccepted < 3) continue;
				const leased = new Map<string, number>();
				for (const k of (await ledgerKeys(redis, FLOWS.kill.prefix)).values()) {
					if (k.state === 'r' && k.ref !== null && k.pttl <= DEFAULT_RESERVATION_LEASE_MS) leased.set(k.ref, (leased.get(k.ref) ?? 0) + 1);
				}
				sender = [...leased.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
				victimIndex = cluster.workers.findIndex((w, i) => w.started.slice(startedBefore[i]).includes(sender));
			}
			const victim = cluster.workers[victimIndex];
			const survivor = cluster.workers[1 - victimIndex];
			const acceptedAtKill = gateway.statsReport().messagesAccepted;
			const killedAt = Date.now();
			const exit = await victim.stop('SIGKILL', 10_000);
			const takenByVictim = [...new Set(victim.started.slice(startedBefore[victimIndex]))];
			const runningAtKill = takenByVictim.filter((id) => !victim.finished.includes(id));
			await firing;

			// n8n's record of the batch, polled until every execution has ended.
			let firstErrorMs: number | null = null;
			let counts: Record<string, number> = {};
			for (;;) {
				counts = await cluster.executionCounts(FLOWS.kill.id);
				if (firstErrorMs === null && (counts.error ?? 0) > 0) firstErrorMs = Date.now() - killedAt;
				const ended = Object.entries(counts)
					.filter(([status]) => !['new', 'running', 'waiting'].includes(status))
					.reduce((n, [, c]) => n + c, 0);
				if (ended >= KILL_FIRED) break;
				if (Date.now() - killedAt > 540_000) throw new Error(`${ended} of ${KILL_FIRED} executions ended (${JSON.stringify(counts)})\n${cluster.logTails()}`);
				await sleep(500);
			}
			const allEndedMs = Date.now() - killedAt;
			const stats = gateway.statsReport();
			const accepted = acceptedKeys();
			const ledger = await ledgerKeys(redis, FLOWS.kill.prefix);
			const errorIds = (
				await cluster.services?.sql(`SELECT id FROM execution_entity WHERE "workflowId" = '${FLOWS.kill.id}' AND status = 'error' ORDER BY id`)
			)?.map(([id]) => id) ?? [];
			const survivorIds = new Set(survivor.started.slice(startedBefore[1 - victimIndex]));
			const mainLog = cluster.main?.log() ?? '';
			const stalledLines = mainLog
				.split('\n')
				.filter((l) => /Problem with execution \d+: This execution failed to be processed too many times/.test(l))
				.map((l) => l.trim());
			const unsent = oneRun.filter((k) => !accepted.includes(k));
			const heldByDead = [...ledger.entries()].filter(([, k]) => k.state === 'r' && k.ref !== null && takenByVictim.includes(k.ref));

			// One more execution right after: the dead execution's leases still hold its keys.
			const before = gateway.statsReport().messagesAccepted;
			await fire(FLOWS.kill, 1);
			const afterCounts = await cluster.waitForExecutions(FLOWS.kill.id, KILL_FIRED + 1);
			gateway.configure({ faults: { default: null } });
			const after = gateway.statsReport();

			figures.sigkill = {
				executions: KILL_FIRED,
				bullSettings: BULL_SETTINGS,
				restartWorkerSeconds: seconds(restartMs),
				killed: victim.name,
				killedExit: exit,
				killedAtSecondsAfterFirstFire: seconds(killedAt - t0 - restartMs),
				sendingExecution: sender,
				messagesAcceptedAtKill: acceptedAtKill,
				takenByKilledWorker: takenByVictim.length,
				runningOnKilledWorkerAtKill: runningAtKill.length,
				firstErrorSecondsAfterKill: firstErrorMs === null ? null : seconds(firstErrorMs),
				allEndedSecondsAfterKill: seconds(allEndedMs),
				byStatus: counts,
				errorExecutions: errorIds,
				mainLogStalled: stalledLines.slice(0, 2).map((l) => l.slice(0, 160)),
				perWorker: perWorker(await cluster.executionIds(FLOWS.kill.id)),
				messagesOneRun: oneRun.length,
				messagesAccepted: stats.messagesAccepted,
				duplicateKeys: stats.duplicateKeys.length,
				unsent,
				heldByDeadExecution: {
					keys: heldByDead.length,
					begunFullTtl: heldByDead.filter(([, k]) => k.pttl > DEFAULT_RESERVATION_LEASE_MS).map(([key]) => key),
					leasedNotBegun: heldByDead.filter(([, k]) => k.pttl <= DEFAULT_RESERVATION_LEASE_MS).length,
					leaseLeftSecondsMax: seconds(Math.max(0, ...heldByDead.map(([, k]) => (k.pttl <= DEFAULT_RESERVATION_LEASE_MS ? k.pttl : 0)))),
				},
				laterExecution: { byStatus: afterCounts, newlyAccepted: after.messagesAccepted - before },
			};

			// The kill came in the middle of the sending execution's batch, on the worker running it.
			expect(exit).toMatchObject({ signal: 'SIGKILL' });
			expect(acceptedAtKill).toBeLessThan(oneRun.length);
			expect(runningAtKill).toContain(sender);
			// Every execution ended in a known status: success, or error for the killed worker's
			// executions, which n8n failed once Bull found their jobs stalled, none run again.
			expect(Object.keys(counts).filter((s) => s !== 'success' && s !== 'error')).toEqual([]);
			expect((counts.success ?? 0) + (counts.error ?? 0)).toBe(KILL_FIRED);
			expect(errorIds).toContain(sender);
			for (const id of errorIds) {
				expect(takenByVictim).toContain(id);
				expect(survivorIds.has(id)).toBe(false);
				expect(stalledLines.some((l) => l.includes(`Problem with execution ${id}:`))).toBe(true);
			}
			// Nothing accepted twice, nothing but the run's messages.
			expect(stats.duplicateKeys).toEqual([]);
			for (const key of accepted) expect(oneRun).toContain(key);
			expect(stats.messagesAccepted).toBe(accepted.length);
			// Each message is accepted once, or held in Redis by the killed worker's execution
			// (reserved, never marked sent): none silently lost, none left to a live run's lease.
			expect(unsent.length).toBeGreaterThan(0);
			for (const key of unsent) {
				expect(ledger.get(key)?.state).toBe('r');
				expect(takenByVictim).toContain(ledger.get(key)?.ref);
			}
			for (const key of oneRun) expect(ledger.has(key)).toBe(true);
			// What was accepted is recorded as sent the moment it was accepted; only a reply the killed
			// worker had not read yet leaves its key begun (held for the full TTL, outcome unknown).
			for (const key of accepted) {
				const k = ledger.get(key);
				expect(k?.state === 's' || (k?.state === 'r' && k.pttl > DEFAULT_RESERVATION_LEASE_MS)).toBe(true);
			}
			for (const [, k] of ledger) if (k.state === 'r') expect(takenByVictim).toContain(k.ref);
			// A run right after sends none of them again, nor anything twice.
			expect(after.duplicateKeys).toEqual([]);
		} finally {
			redis.disconnect();
		}
	});
});
