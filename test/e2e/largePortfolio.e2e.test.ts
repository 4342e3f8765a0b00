/**
 * The large-portfolio workflows in n8n's queue mode, small: the smoke version of the scale
 * benchmark (bench/scale.ts), which runs the same at up to a million invoices.
 *
 * Redis and PostgreSQL from Debian on loopback, an n8n main and two workers (two pages at once
 * each), a few thousand synthetic invoices COPYed into PostgreSQL (tables created from the shipped
 * set-up note), the two shipped workflows (the parent's schedule replaced by a webhook, contact
 * hours off, the reference date fixed) and the fake gateway. What must hold, not how fast:
 * - every page is done, and the pages ran on both workers (a page is an execution of its own on
 *   the queue, not a sub-workflow inside the parent's worker);
 * - the gateway accepted each message once, and every invoice the pipeline acted on was written
 *   back exactly once (a row trigger counts the UPDATEs); the invoices with nothing to send were
 *   not touched; a second run the same day hands out nothing;
 * - a worker killed (SIGKILL) while a page of its sends: its pages stay `running`, a run of the
 *   parent within their lease leaves them alone; once the lease is over, the next run hands them
 *   out again; the rerun finishes it without sending
 *   anything twice, and every invoice is still written back once, with what could not be sent
 *   (held in Redis by the dead execution) reported in the row;
 * - the shipped write-back statement, run on its own, writes each kind of result (sent, sent by SMS
 *   after a WhatsApp failure, failed, rejected with an error, already sent) into its row, closes
 *   the page with its counts, and writes nothing for an execution that no longer holds the page.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type FakeGateway, start } from '../fake-gateway';
import { REPO_ROOT, freePort } from './harness';
import {
	type InvoicesDb,
	PAGE_FILE,
	PAGE_ID,
	PAGE_PATH,
	PARENT_ID,
	type PageRow,
	RUN_PATH,
	createInvoicesDb,
	expectedWritten,
	pages,
	portfolioCredentials,
	portfolioWorkflows,
	redisMemory,
	saoPauloToday,
	writeCounts,
} from './portfolio';
import { QueueCluster } from './queue';
import { loadWorkflow } from './workflows';

jest.setTimeout(240_000);

const INVOICES = 3_000;
const PAGE_SIZE = 250;
const PAGES = Math.ceil(INVOICES / PAGE_SIZE);
const WORKER_CONCURRENCY = 2;
/**
 * Short, so that a lost page can be handed out again within the test (the shipped lease is 30
 * minutes), and long enough that the parent's run once the other pages are done falls inside it
 * on an idle machine (it is queued behind them).
 */
const LEASE_MINUTES = 0.75;
/** The gateway's reply delay in the kill test: a page of 240 messages, 10 at once, sends for about 4 s. */
const SLOW_REPLY_MS = 150;

let gateway: FakeGateway;
let cluster: QueueCluster;
let db: InvoicesDb;
const referenceDate = saoPauloToday();
const figures: Record<string, unknown> = {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;

beforeAll(async () => {
	const t0 = Date.now();
	gateway = await start({ webhooks: { mode: 'off' } });
	const port = await freePort();
	cluster = new QueueCluster({
		workflows: portfolioWorkflows({
			mainUrl: `http://127.0.0.1:${port}`,
			pageSize: PAGE_SIZE,
			referenceDate,
			leaseMinutes: LEASE_MINUTES,
			messagesPerSecond: 0,
			maxConcurrentRequests: 10,
		}),
		credentials: (redis, postgres) => portfolioCredentials(gateway.url, redis, postgres),
		publish: [PAGE_ID, PARENT_ID],
		webhooks: [
			{ method: 'POST', path: PAGE_PATH },
			{ method: 'POST', path: RUN_PATH },
		],
		workers: 2,
		concurrency: WORKER_CONCURRENCY,
		port,
	});
	await cluster.start();
	figures.clusterStartSeconds = seconds(Date.now() - t0);
	db = await createInvoicesDb(cluster.services as NonNullable<QueueCluster['services']>);
	figures.loadSeconds = seconds(await db.load(INVOICES, referenceDate));
}, 360_000);

afterAll(async () => {
	await cluster?.stop();
	await gateway?.close();
	fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
	fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'large-portfolio-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
	console.log(`large portfolio: ${JSON.stringify(figures)}`);
}, 180_000);

/** Executions of the parent that have ended (success or error), from PostgreSQL. */
async function parentRunsEnded(): Promise<number> {
	const counts = await cluster.executionCounts(PARENT_ID);
	return Object.entries(counts)
		.filter(([status]) => !['new', 'running', 'waiting'].includes(status))
		.reduce((n, [, c]) => n + c, 0);
}

/**
 * The parent's next run (its schedule, here its webhook): main enqueues it, a worker runs it.
 * Resolves once that execution has ended (and so has handed out whatever it hands out).
 */
async function runParent(): Promise<void> {
	const before = await parentRunsEnded();
	const response = await fetch(`${cluster.url}/webhook/${RUN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	expect(response.status).toBe(200);
	await response.text();
	const counts = await cluster.waitForExecutions(PARENT_ID, before + 1, 150_000);
	expect(counts.error ?? 0).toBe(0);
}

/** When the parent's last execution ended, in epoch seconds (PostgreSQL's clock, as the claims). */
async function lastParentEnd(): Promise<number> {
	const services = cluster.services as NonNullable<QueueCluster['services']>;
	const [[ended]] = await services.sql(`SELECT extract(epoch FROM max("stoppedAt")) FROM execution_entity WHERE "workflowId" = '${PARENT_ID}'`);
	return Number(ended);
}

/** Waits until `done(pages)` holds, polling dunning_pages. */
async function waitForPages(done: (rows: Awaited<ReturnType<typeof pages>>) => boolean, timeoutMs = 150_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = await pages(db);
		if (rows.length > 0 && done(rows)) return rows;
		if (Date.now() > deadline) throw new Error(`pages not done in ${timeoutMs} ms: ${JSON.stringify(rows.map((p) => [p.page, p.status, p.attempts]))}\n${cluster.logTails()}`);
		await sleep(300);
	}
}

/** Which worker ran each page execution (from the workers' "Worker started execution" lines). */
function workerOf(executionId: string): string | undefined {
	return cluster.workers.find((w) => w.started.includes(executionId))?.name;
}

function acceptedKeys(): number {
	return gateway.statsReport({ perMaps: false }).messagesAccepted;
}

describe('the large portfolio in pages over two queue-mode workers', () => {
	it(`${INVOICES.toLocaleString('en-US')} invoices in ${PAGES} pages: every page done, spread over both workers, each message once, each invoice written back once`, async () => {
		const redisBefore = await redisMemory(cluster.services as NonNullable<QueueCluster['services']>);
		const t0 = Date.now();
		await runParent();
		const done = await waitForPages((rows) => rows.every((p) => p.status === 'done'));
		const wallMs = Date.now() - t0;
		const stats = gateway.statsReport({ perMaps: false });
		const writes = await writeCounts(db, INVOICES, referenceDate);
		const perWorker: Record<string, number> = {};
		for (const p of done) {
			const worker = workerOf(p.claimedBy) ?? 'unknown';
			perWorker[worker] = (perWorker[worker] ?? 0) + 1;
		}
		const redisAfter = await redisMemory(cluster.services as NonNullable<QueueCluster['services']>);
		figures.run = {
			invoices: INVOICES,
			pages: done.length,
			wallSeconds: seconds(wallMs),
			pagesPerWorker: perWorker,
			messagesAccepted: stats.messagesAccepted,
			duplicateKeys: stats.duplicateKeys.length,
			writes,
			redisRecordKeys: redisAfter.recordKeys,
			redisUsedMbDelta: Math.round(((redisAfter.usedBytes - redisBefore.usedBytes) / 2 ** 20) * 10) / 10,
		};

		expect(done).toHaveLength(PAGES);
		expect(done.every((p) => p.attempts === 1)).toBe(true);
		expect(done.reduce((n, p) => n + p.invoiceCount, 0)).toBe(INVOICES);
		// Pages are executions of their own on the queue: both workers ran some.
		expect(Object.keys(perWorker).sort()).toEqual(['worker-1', 'worker-2']);
		// Each message once; every invoice due a message got it, and was written back once.
		expect(stats.duplicateKeys).toEqual([]);
		expect(stats.messagesAccepted).toBe(expectedWritten(INVOICES));
		expect(writes).toMatchObject({
			invoices: INVOICES,
			expected: expectedWritten(INVOICES),
			writtenOnce: expectedWritten(INVOICES),
			missing: 0,
			writtenTwice: 0,
			unexpected: 0,
			wrongStage: 0,
		});
		expect(writes.byStatus.sent).toBe(expectedWritten(INVOICES));
		expect(done.reduce((n, p) => n + (p.written ?? 0), 0)).toBe(expectedWritten(INVOICES));

		// The schedule's next run the same day: every page is done, nothing is handed out or sent.
		const pageJobs = cluster.workers.reduce((n, w) => n + w.started.length, 0);
		await runParent();
		// Only the parent's own job went through the queue: no page was handed out.
		expect(cluster.workers.reduce((n, w) => n + w.started.length, 0)).toBe(pageJobs + 1);
		expect(acceptedKeys()).toBe(stats.messagesAccepted);
		expect((await pages(db)).map((p) => [p.page, p.status, p.attempts])).toEqual(done.map((p) => [p.page, 'done', 1]));
	});

	it('a worker killed in the middle of a page: the page is left alone during its lease, handed out again after it, finished, nothing sent twice, every invoice written back once', async () => {
		// A new day for the same portfolio: the invoices reloaded, no pages yet, an empty record.
		const services = cluster.services as NonNullable<QueueCluster['services']>;
		await db.sql('TRUNCATE invoices, dunning_pages, invoice_writes');
		await db.load(INVOICES, referenceDate);
		await services.redis_cli(['-n', '1', 'FLUSHDB']);
		gateway.reset();
		// Slower replies, so that a page spends seconds sending and the kill lands in the middle.
		gateway.configure({ faults: { default: `hang;ms=${SLOW_REPLY_MS}` } });
		const startedBefore = cluster.workers.map((w) => w.started.length);
		const t0 = Date.now();
		await runParent();

		// Kill the worker running a page that is in the middle of sending: at least 40 of its
		// messages accepted by the gateway, and at most 60 % of its invoices.
		const inPage = (p: PageRow, invoice: string) => (p.afterId === '' || invoice > p.afterId) && (p.upToId === '' || invoice <= p.upToId);
		let victim = -1;
		let lost: string[] = [];
		let sendingPage: PageRow | undefined;
		const deadline = Date.now() + 120_000;
		while (victim < 0) {
			if (Date.now() > deadline) throw new Error(`no page was caught in the middle of sending:\n${cluster.logTails()}`);
			await sleep(100);
			const running = (await pages(db)).filter((p) => p.status === 'running');
			const invoices = gateway.messages().map((m) => (m.key ?? '').split(':')[0]);
			for (const p of running) {
				const sent = invoices.filter((id) => inPage(p, id)).length;
				if (sent < 40 || sent > p.invoiceCount * 0.6) continue;
				const index = cluster.workers.findIndex((w, i) => w.started.slice(startedBefore[i]).includes(p.claimedBy));
				if (index < 0) continue;
				victim = index;
				sendingPage = p;
				lost = running.filter((r) => cluster.workers[index].started.slice(startedBefore[index]).includes(r.claimedBy)).map((r) => r.claimedBy);
				break;
			}
		}
		const acceptedAtKill = acceptedKeys();
		const killed = cluster.workers[victim];
		await killed.stop('SIGKILL', 10_000);
		const lostPages = (await pages(db)).filter((p) => lost.includes(p.claimedBy));
		expect(lostPages.map((p) => p.page)).toContain(sendingPage?.page);

		// Its supervisor starts it again (the pages still on the queue are taken by either worker).
		await cluster.restartWorker(victim, WORKER_CONCURRENCY);
		// Every page ends done, except the dead execution's, which stay running.
		const afterKill = await waitForPages((rows) => rows.every((p) => p.status === 'done' || lost.includes(p.claimedBy)));
		expect(afterKill.filter((p) => lost.includes(p.claimedBy)).map((p) => [p.page, p.status, p.attempts])).toEqual(lostPages.map((p) => [p.page, 'running', 1]));
		// The schedule's next run: the parent is queued behind the pages, so it runs once they are
		// done. Within the lease, it leaves the lost pages alone (their execution might be alive for
		// all it knows); on a machine so slow that the lease is over by then, it hands them out.
		await runParent();
		const leaseSeconds = LEASE_MINUTES * 60;
		const early = (await pages(db)).filter((p) => lostPages.some((l) => l.page === p.page));
		const parentEndedAt = await lastParentEnd();
		const earlyWithinLease = lostPages.every((p) => parentEndedAt < p.claimedAt + leaseSeconds);
		figures.earlyRunWithinLease = earlyWithinLease;
		if (earlyWithinLease) expect(early.map((p) => [p.page, p.status, p.attempts])).toEqual(lostPages.map((p) => [p.page, 'running', 1]));
		// After the lease, the next run hands them out again and they are finished.
		const leaseLeft = Math.max(...lostPages.map((p) => p.claimedAt + leaseSeconds)) * 1000 - Date.now();
		if (leaseLeft > 0) await sleep(leaseLeft + 1_000);
		await runParent();
		const finished = await waitForPages((rows) => rows.every((p) => p.status === 'done'));
		const wallMs = Date.now() - t0;
		gateway.configure({ faults: { default: null } });

		const stats = gateway.statsReport({ perMaps: false });
		const writes = await writeCounts(db, INVOICES, referenceDate);
		const lostInvoices = lostPages.reduce((n, p) => n + p.invoiceCount, 0);
		const [[alreadySent, reserved]] = await db.sql(
			`SELECT count(*) FILTER (WHERE "deliveryNote" LIKE 'duplicate: Already sent%'), count(*) FILTER (WHERE "deliveryNote" LIKE 'duplicate: A run at % reserved this message%') FROM invoices`,
		);
		figures.kill = {
			killed: killed.name,
			lostPages: lostPages.map((p) => p.page),
			lostInvoices,
			messagesAcceptedAtKill: acceptedAtKill,
			rerunAttempts: finished.filter((p) => lostPages.some((l) => l.page === p.page)).map((p) => p.attempts),
			wallSeconds: seconds(wallMs),
			messagesAccepted: stats.messagesAccepted,
			duplicateKeys: stats.duplicateKeys.length,
			writes,
			rerunFoundAlreadySent: Number(alreadySent),
			rerunFoundHeldByDeadExecution: Number(reserved),
		};

		expect(finished).toHaveLength(PAGES);
		for (const p of finished) expect(p.attempts).toBe(lostPages.some((l) => l.page === p.page) ? 2 : 1);
		// A lost page was claimed again only once its lease was over.
		for (const l of lostPages) expect((finished.find((p) => p.page === l.page) as PageRow).claimedAt).toBeGreaterThanOrEqual(l.claimedAt + leaseSeconds);
		expect(stats.duplicateKeys).toEqual([]);
		expect(writes).toMatchObject({ expected: expectedWritten(INVOICES), writtenOnce: expectedWritten(INVOICES), missing: 0, writtenTwice: 0, unexpected: 0, wrongStage: 0 });
		// The rerun found what the dead execution had sent in the Redis record (and wrote its stage
		// back); what it had only reserved is held for the reservation's lease (10 minutes): skipped,
		// reported in the row, its stage not written, so that the next day's run sends it.
		expect(Number(alreadySent)).toBeGreaterThan(0);
		expect(writes.byStatus.sent + Number(alreadySent) + Number(reserved)).toBe(expectedWritten(INVOICES));
		expect(stats.messagesAccepted).toBeGreaterThanOrEqual(writes.byStatus.sent + Number(alreadySent));
		expect(stats.messagesAccepted).toBeLessThanOrEqual(writes.byStatus.sent + Number(alreadySent) + Number(reserved));
	});

	it("Write Back and Close the Page, on its own: each kind of result written into its row as the set-up note says, the page closed with its counts, and nothing written by an execution that no longer holds the page", async () => {
		// The shipped statement and the lists its expression hands it, as Results of the Page makes
		// them (Individual Fields with Keep Missing: one place per item, null where an item has none).
		const page = loadWorkflow(PAGE_FILE) as unknown as { nodes: Array<{ name: string; parameters: unknown }> };
		const writeBack = page.nodes.find((n) => n.name === 'Write Back and Close the Page') as { parameters: { query: string; options: { queryReplacement: string } } };
		const results = page.nodes.find((n) => n.name === 'Results of the Page') as { parameters: { fieldsToAggregate: { fieldToAggregate: Array<{ fieldToAggregate: string; outputFieldName: string }> } } };
		const fields = results.parameters.fieldsToAggregate.fieldToAggregate;
		const sentAt = '2026-12-04T13:05:00.000Z';
		const items: Array<Record<string, unknown>> = [
			{ invoiceId: 'WB-1', dunning: { stage: 'overdue_3d' }, delivery: { status: 'sent', channel: 'sms', sentAt } },
			{ invoiceId: 'WB-2', dunning: { stage: 'overdue_3d' }, delivery: { status: 'sent', channel: 'sms', sentAt, fallback: { reason: '131026 not a WhatsApp number' } } },
			{ invoiceId: 'WB-3', dunning: { stage: 'overdue_3d' }, delivery: { status: 'failed', channel: 'sms', reason: 'invalid_number', message: 'The number is not valid' } },
			{ invoiceId: 'WB-4', dunning: { stage: 'overdue_3d' }, error: 'Amount: "abc" is not a number' },
			{ invoiceId: 'WB-5', dunning: { stage: 'overdue_3d' }, delivery: { status: 'skipped', channel: 'sms', reason: 'duplicate', message: 'Already sent by an earlier run' } },
			{ invoiceId: 'WB-6', dunning: { stage: 'overdue_3d' }, error: '', delivery: { status: 'sent', channel: 'whatsapp', sentAt } },
		];
		const get = (json: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), json);
		const lists = Object.fromEntries(fields.map((f) => [f.outputFieldName, items.map((item) => get(item, f.fieldToAggregate) ?? null)]));
		// The expression's own JSON, from its field names (the order of the lists in it is the statement's).
		const replacement = writeBack.parameters.options.queryReplacement;
		const keys = [...replacement.matchAll(/(\w+): \$json\.(\w+) \|\| \[\]/g)].map((m) => [m[1], m[2]]);
		expect(keys.map(([, field]) => field).sort()).toEqual(fields.map((f) => f.outputFieldName).sort());
		const payload = JSON.stringify(Object.fromEntries(keys.map(([key, field]) => [key, lists[field]])));
		const run = async (claimedBy: string) => {
			const values: Record<string, string> = { 1: `$wb$${payload}$wb$`, 2: "'2000-01-03'", 3: '1', 4: `'${claimedBy}'` };
			const out = await db.sql(writeBack.parameters.query.replace(/\$([1-4])\b/g, (_, n: string) => values[n]));
			// psql prints the statement's tag ("UPDATE 1") after the rows it returns.
			return out.filter((row) => !(row.length === 1 && /^UPDATE \d+$/.test(row[0])));
		};
		const ids = items.map((item) => `'${item.invoiceId as string}'`).join(', ');
		await db.sql(
			`INSERT INTO invoices ("invoiceId", "customerId", "customerName", "amount", "currency", "lastStageSent") SELECT id, id, 'Test', 10, 'BRL', 'reminder_7d' FROM unnest(ARRAY[${ids}]) AS id`,
		);
		await db.sql(`INSERT INTO dunning_pages ("runDate", "page", "invoiceCount", "status", "attempts", "claimedBy") VALUES ('2000-01-03', 1, 6, 'running', 1, 'exec-wb')`);
		const rows = async () =>
			db.sql(`SELECT "invoiceId", "lastStageSent", coalesce("lastSentAt"::text, ''), coalesce("deliveryStatus", ''), coalesce("deliveryChannel", ''), coalesce("deliveryNote", '') FROM invoices WHERE "invoiceId" IN (${ids}) ORDER BY 1`);

		// A rerun took the page over: the old execution writes nothing and does not close it.
		expect(await run('exec-gone')).toEqual([]);
		expect((await rows()).map((r) => r.slice(1).join('|'))).toEqual(items.map(() => 'reminder_7d||||'));

		expect(await run('exec-wb')).toEqual([['2000-01-03', '1', '1', '6', '3', '2', '1']]);
		const sentText = (await db.sql(`SELECT '${sentAt}'::timestamptz::text`))[0][0];
		expect(await rows()).toEqual([
			['WB-1', 'overdue_3d', sentText, 'sent', 'sms', ''],
			['WB-2', 'overdue_3d', sentText, 'sent', 'sms', 'WhatsApp failed (131026 not a WhatsApp number), sent by SMS instead'],
			['WB-3', 'reminder_7d', '', 'failed', 'sms', 'invalid_number: The number is not valid'],
			['WB-4', 'reminder_7d', '', 'error', '', 'Amount: "abc" is not a number'],
			['WB-5', 'overdue_3d', '', 'skipped', 'sms', 'duplicate: Already sent by an earlier run'],
			['WB-6', 'overdue_3d', sentText, 'sent', 'whatsapp', ''],
		]);
		const [[status, written]] = await db.sql(`SELECT "status", "written" FROM dunning_pages WHERE "runDate" = '2000-01-03' AND "page" = 1`);
		expect([status, written]).toEqual(['done', '6']);
		// Closed: the same execution running the statement again writes nothing more.
		expect(await run('exec-wb')).toEqual([]);
	});
});
