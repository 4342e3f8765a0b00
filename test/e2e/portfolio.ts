/**
 * The large-portfolio workflows (workflows/large-portfolio.json, which plans the day's pages, and
 * workflows/large-portfolio-page.json, which runs one page) on a queue-mode cluster: synthetic
 * invoices loaded into PostgreSQL with COPY, the copies of the two workflows a test or the scale
 * benchmark imports, the credentials they name, and the checks both make (what reached the
 * gateway, how often each invoice was written back, which worker ran which page).
 * Used by test/e2e/largePortfolio.e2e.test.ts (a few thousand invoices) and bench/scale.ts (up to
 * a million).
 */
import { spawn } from 'node:child_process';

import type { QueueServices } from './queue';
import { loadWorkflow, shippedCredentials, withContactHours, withReferenceDate } from './workflows';

export const PORTFOLIO_FILE = 'large-portfolio.json';
export const PAGE_FILE = 'large-portfolio-page.json';
export const PARENT_ID = 'dunPortfolio01';
export const PAGE_ID = 'dunPortfPage01';
export const PAGE_PATH = 'dunning-portfolio-page';
/** The test copy of the parent starts from a webhook (the schedule fires on main; so does this). */
export const RUN_PATH = 'dunning-portfolio-run';
/** The database the invoices live in, beside n8n's own (`n8n`) on the same PostgreSQL. */
export const INVOICES_DB = 'dunning';
/** The Send node's record of sent messages: database 1 of the queue's Redis, so that its keys can be counted apart. */
export const RECORD_DB = 1;
export const RECORD_PREFIX = 'dunning:sent:';
export const SEND_NODE = 'Send WhatsApp or SMS';
export const PAGE_WEBHOOK_KEY = { name: 'X-Dunning-Key', value: 'e2e-page-webhook-key-not-a-secret' };

const CREDENTIALS = {
	postgres: { id: 'dunInvoicesPostgres1', name: 'Invoices database' },
	redis: { id: 'dunRedisLedger01', name: 'Dunning Redis' },
	pageKey: { id: 'dunPageWebhookKey1', name: 'Dunning page webhook key' },
};

interface Node {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings: Record<string, unknown>;
}

const read = (file: string) => loadWorkflow(file) as unknown as WorkflowJson;

/**
 * The CREATE TABLE statements of the parent's set-up note, as shipped: the tests create the tables
 * from them, so that what ops staff copy is what runs.
 */
export function createTablesSql(): string {
	const notes = read(PORTFOLIO_FILE).nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
	for (const note of notes) {
		const match = /```sql\n([\s\S]*?)```/.exec(String(note.parameters.content));
		if (match) return match[1];
	}
	throw new Error(`${PORTFOLIO_FILE}: no sql block in its sticky notes`);
}

/**
 * Test and benchmark only: a row trigger that logs every UPDATE of an invoice, so that "written back
 * exactly once" is counted by PostgreSQL itself.
 */
export const WRITE_LOG_SQL = `
CREATE TABLE invoice_writes ("invoiceId" text NOT NULL, "at" timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE FUNCTION log_invoice_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO invoice_writes ("invoiceId") VALUES (NEW."invoiceId"); RETURN NEW; END $$;
CREATE TRIGGER log_invoice_write AFTER UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION log_invoice_write();`;

// ---------------------------------------------------------------------------------------------
// Synthetic invoices

/** Days from the due date to the reference date, one per stage the pipeline sends, mid-range. */
const OFFSETS: Array<[days: number, stage: string]> = [
	[-4, 'reminder_7d'],
	[4, 'overdue_3d'],
	[7, 'overdue_6d'],
	[11, 'overdue_9d'],
	[20, 'overdue_15d'],
	[50, 'negotiation_30d'],
];
/** One invoice in `ALREADY_SENT_EVERY` already had its current stage sent: not new, nothing to do, never written. */
export const ALREADY_SENT_EVERY = 25;

export const INVOICE_COLUMNS = [
	'invoiceId',
	'customerId',
	'customerName',
	'phone',
	'whatsappOptIn',
	'locale',
	'timezone',
	'country',
	'dueDate',
	'amount',
	'currency',
	'status',
	'paymentLink',
	'customerType',
	'lateCount12m',
	'brokenPromises',
	'lastStageSent',
] as const;

const FIRST = ['Maria', 'José', 'Ana', 'João', 'Carla', 'Luis', 'Sofía', 'Pedro', 'Emily', 'James'];
const LAST = ['Silva', 'Souza', 'Oliveira', 'Pereira', 'García', 'Hernández', 'López', 'Smith', 'Johnson', 'Costa'];

export const invoiceId = (i: number) => `INV-${String(i).padStart(8, '0')}`;

/** Invoice i (1-based): open, two invoices per debtor, Brazil 55 %, Mexico 30 %, United States 15 %. */
export function syntheticInvoice(i: number, referenceDate: string): { row: Record<(typeof INVOICE_COLUMNS)[number], string>; stage: string; expectWritten: boolean } {
	const c = Math.ceil(i / 2);
	const [offset, stage] = OFFSETS[i % OFFSETS.length];
	const due = new Date(`${referenceDate}T00:00:00Z`);
	due.setUTCDate(due.getUTCDate() - offset);
	const bucket = c % 20;
	// Numbers never end in 0000 + 4 digits (the fake gateway's fault table).
	const spread = (n: number, span: number) => (n * 7919) % span;
	let phone: string;
	let country: string;
	let locale: string;
	let timezone: string;
	let currency: string;
	if (bucket < 11) {
		[country, locale, timezone, currency] = ['BR', 'pt-BR', 'America/Sao_Paulo', 'BRL'];
		phone = `+55 11 9${String(10_000_000 + spread(c, 89_999_999))}`;
	} else if (bucket < 17) {
		[country, locale, timezone, currency] = ['MX', 'es-MX', 'America/Mexico_City', 'MXN'];
		phone = `+52 55 ${String(10_000_000 + spread(c, 89_999_999))}`;
	} else {
		[country, locale, timezone, currency] = ['US', 'en-US', 'America/New_York', 'USD'];
		phone = `+1 212 ${String(2_000_000 + spread(c, 7_999_999))}`;
	}
	const alreadySent = i % ALREADY_SENT_EVERY === 0;
	const row = {
		invoiceId: invoiceId(i),
		customerId: `C-${String(c).padStart(8, '0')}`,
		customerName: `${FIRST[c % FIRST.length]} ${LAST[(c * 7) % LAST.length]}`,
		phone,
		whatsappOptIn: c % 10 < 6 ? 'true' : 'false',
		locale,
		timezone,
		country,
		dueDate: due.toISOString().slice(0, 10),
		amount: (50 + ((i * 37) % 5000) + 0.9).toFixed(2),
		currency,
		status: 'open',
		paymentLink: `https://pay.example.com/i/${invoiceId(i)}`,
		customerType: c % 5 === 0 ? 'business' : 'individual',
		lateCount12m: String(c % 4),
		brokenPromises: c % 7 === 0 ? '1' : '0',
		lastStageSent: alreadySent ? stage : '',
	};
	return { row, stage, expectWritten: !alreadySent };
}

/** How many of invoices 1..n the pipeline acts on (and must write back once). */
export const expectedWritten = (n: number) => n - Math.floor(n / ALREADY_SENT_EVERY);

/** SQL that is true for the invoices the pipeline must write back (the rule of syntheticInvoice). */
export const EXPECT_WRITTEN_SQL = `(substr("invoiceId", 5)::int % ${ALREADY_SENT_EVERY}) <> 0`;

// ---------------------------------------------------------------------------------------------
// PostgreSQL: the invoices database

export interface InvoicesDb {
	sql(query: string): Promise<string[][]>;
	/** COPYs invoices 1..n; resolves with the time taken. */
	load(n: number, referenceDate: string): Promise<number>;
}

function psqlArgs(services: QueueServices, database: string): string[] {
	const pg = services.postgres;
	return ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', database, '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1'];
}

function runPsql(services: QueueServices, database: string, args: string[], input?: (write: (chunk: string) => boolean, end: () => void, drain: () => Promise<void>) => Promise<void>): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(services.postgres.psql, [...psqlArgs(services, database), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql exited ${code}: ${err}`))));
		if (input) {
			const drain = () => new Promise<void>((r) => child.stdin.once('drain', () => r()));
			input(
				(chunk) => child.stdin.write(chunk),
				() => child.stdin.end(),
				drain,
			).catch(reject);
		} else child.stdin.end();
	});
}

/** Creates the invoices database with the shipped tables (and the write log), on the cluster's PostgreSQL. */
export async function createInvoicesDb(services: QueueServices): Promise<InvoicesDb> {
	await services.sql(`CREATE DATABASE ${INVOICES_DB}`);
	const db: InvoicesDb = {
		async sql(query) {
			const out = await runPsql(services, INVOICES_DB, ['-c', query]);
			return out
				.split('\n')
				.filter((l) => l !== '')
				.map((l) => l.split('\t'));
		},
		async load(n, referenceDate) {
			const t0 = Date.now();
			await runPsql(services, INVOICES_DB, ['-c', `COPY invoices (${INVOICE_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`], async (write, end, drain) => {
				let chunk = '';
				for (let i = 1; i <= n; i++) {
					const { row } = syntheticInvoice(i, referenceDate);
					chunk += `${INVOICE_COLUMNS.map((c) => row[c]).join('\t')}\n`;
					if (chunk.length > 1 << 20) {
						if (!write(chunk)) await drain();
						chunk = '';
					}
				}
				if (chunk) write(chunk);
				end();
			});
			await db.sql('ANALYZE invoices');
			return Date.now() - t0;
		},
	};
	await runPsql(services, INVOICES_DB, ['-c', createTablesSql()]);
	await runPsql(services, INVOICES_DB, ['-c', WRITE_LOG_SQL]);
	return db;
}

// ---------------------------------------------------------------------------------------------
// The workflows and credentials a cluster imports

export interface PortfolioOptions {
	/** The cluster main's URL (the parent posts each page to its webhook there). */
	mainUrl: string;
	pageSize: number;
	/** Dunning Stage's Reference Date: the day the synthetic due dates count from. */
	referenceDate: string;
	leaseMinutes?: number;
	maxAttempts?: number;
	/** The Send node's Messages Per Second (0 = no limit) and Max Concurrent Requests, per page. */
	messagesPerSecond?: number;
	maxConcurrentRequests?: number;
	/** The page workflow's "Save successful production executions" (shipped: off). */
	saveSuccessfulPages?: boolean;
}

function setting(workflow: WorkflowJson, name: string, value: unknown): void {
	const settings = workflow.nodes.find((n) => n.name === 'Settings') as Node;
	const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
	const entry = assignments.find((a) => a.name === name);
	if (!entry) throw new Error(`Settings has no ${name}`);
	entry.value = value;
}

/**
 * The two shipped workflows as a test imports them: the parent's schedule replaced by a webhook
 * (main enqueues its executions, as it does the schedule's), its settings pointed at the cluster;
 * the page's contact hours off, the reference date fixed, the Send node's pace set.
 */
export function portfolioWorkflows(options: PortfolioOptions): [WorkflowJson, WorkflowJson] {
	const parent = read(PORTFOLIO_FILE);
	const schedule = parent.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger') as Node;
	parent.nodes = parent.nodes.filter((n) => n !== schedule);
	const next = parent.connections[schedule.name];
	delete parent.connections[schedule.name];
	parent.nodes.push({
		id: 'lp-test-webhook',
		name: 'Run Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: schedule.position,
		webhookId: '0d7a9c51-2f3e-4b6d-8a1c-9e5f7b3d2a10',
		parameters: { httpMethod: 'POST', path: RUN_PATH, responseMode: 'onReceived', options: {} },
	});
	parent.connections['Run Webhook'] = next;
	setting(parent, 'pageSize', options.pageSize);
	setting(parent, 'pageWebhookUrl', `${options.mainUrl}/webhook/${PAGE_PATH}`);
	if (options.leaseMinutes !== undefined) setting(parent, 'leaseMinutes', options.leaseMinutes);
	if (options.maxAttempts !== undefined) setting(parent, 'maxAttempts', options.maxAttempts);

	let page = read(PAGE_FILE);
	page = withReferenceDate(withContactHours(page as never), options.referenceDate) as unknown as WorkflowJson;
	const send = page.nodes.find((n) => n.name === SEND_NODE) as Node;
	const policy = { ...(send.parameters.policy as Record<string, unknown>) };
	if (options.messagesPerSecond !== undefined) policy.messagesPerSecond = options.messagesPerSecond;
	if (options.maxConcurrentRequests !== undefined) policy.maxConcurrentRequests = options.maxConcurrentRequests;
	send.parameters.policy = policy;
	if (options.saveSuccessfulPages) page.settings = { ...page.settings, saveDataSuccessExecution: 'all' };
	return [parent, page];
}

/** The fake gateway's credentials, and the three the portfolio workflows name, pointed at the cluster. */
export function portfolioCredentials(gatewayUrl: string, redis: { host: string; port: number }, postgres: { host: string; port: number; user: string }): object[] {
	return [
		...shippedCredentials(gatewayUrl),
		{ ...CREDENTIALS.redis, type: 'redis', data: { host: redis.host, port: redis.port, database: RECORD_DB, user: '', password: '', ssl: false } },
		{
			...CREDENTIALS.postgres,
			type: 'postgres',
			data: { host: postgres.host, port: postgres.port, database: INVOICES_DB, user: postgres.user, password: '', ssl: 'disable', allowUnauthorizedCerts: false },
		},
		{ ...CREDENTIALS.pageKey, type: 'httpHeaderAuth', data: PAGE_WEBHOOK_KEY },
	];
}

/** Today in São Paulo (the workflows' time zone), as the parent's Settings computes its run date. */
export function saoPauloToday(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// ---------------------------------------------------------------------------------------------
// What happened

export interface PageRow {
	page: number;
	status: string;
	attempts: number;
	claimedBy: string;
	/** The page's key range (afterId, upToId]; '' for no bound. */
	afterId: string;
	upToId: string;
	/** When the page was last claimed, in epoch seconds (0: never). */
	claimedAt: number;
	invoiceCount: number;
	written: number | null;
	sent: number | null;
	finishedAt: string;
}

export async function pages(db: InvoicesDb): Promise<PageRow[]> {
	const rows = await db.sql(
		`SELECT "page", "status", "attempts", coalesce("claimedBy", ''), coalesce("afterId", ''), coalesce("upToId", ''), coalesce(extract(epoch FROM "claimedAt")::text, '0'), "invoiceCount", coalesce("written"::text, ''), coalesce("sent"::text, ''), coalesce("finishedAt"::text, '') FROM dunning_pages ORDER BY "page"`,
	);
	return rows.map(([page, status, attempts, claimedBy, afterId, upToId, claimedAt, invoiceCount, written, sent, finishedAt]) => ({
		page: Number(page),
		status,
		attempts: Number(attempts),
		claimedBy,
		afterId,
		upToId,
		claimedAt: Number(claimedAt),
		invoiceCount: Number(invoiceCount),
		written: written === '' ? null : Number(written),
		sent: sent === '' ? null : Number(sent),
		finishedAt,
	}));
}

export interface WriteCounts {
	invoices: number;
	expected: number;
	/** Expected invoices written exactly once. */
	writtenOnce: number;
	/** Expected invoices never written. */
	missing: number;
	/** Invoices written more than once. */
	writtenTwice: number;
	/** Invoices written that should not have been (their stage was already sent). */
	unexpected: number;
	byStatus: Record<string, number>;
	/** Sent invoices whose lastStageSent is not their stage. */
	wrongStage: number;
}

/** How often each invoice was written, from the write log (the row trigger), against what the generator expects. */
export async function writeCounts(db: InvoicesDb, n: number, referenceDate: string): Promise<WriteCounts> {
	const [[invoices, expected, writtenOnce, missing, writtenTwice, unexpected]] = await db.sql(`
		WITH w AS (SELECT "invoiceId", count(*) AS n FROM invoice_writes GROUP BY "invoiceId")
		SELECT count(*),
		       count(*) FILTER (WHERE ${EXPECT_WRITTEN_SQL}),
		       count(*) FILTER (WHERE ${EXPECT_WRITTEN_SQL} AND w.n = 1),
		       count(*) FILTER (WHERE ${EXPECT_WRITTEN_SQL} AND w.n IS NULL),
		       count(*) FILTER (WHERE w.n > 1),
		       count(*) FILTER (WHERE NOT ${EXPECT_WRITTEN_SQL} AND w.n IS NOT NULL)
		FROM invoices i LEFT JOIN w USING ("invoiceId")`);
	const byStatus = Object.fromEntries(
		(await db.sql(`SELECT coalesce("deliveryStatus", '(not written)'), count(*) FROM invoices GROUP BY 1 ORDER BY 1`)).map(([s, c]) => [s, Number(c)]),
	);
	// The stage each sent invoice must have recorded, from the generator (only the sent ones are checked).
	const sent = await db.sql(`SELECT substr("invoiceId", 5)::int, "lastStageSent" FROM invoices WHERE "deliveryStatus" = 'sent'`);
	let wrongStage = 0;
	for (const [i, stage] of sent) if (syntheticInvoice(Number(i), referenceDate).stage !== stage) wrongStage++;
	void n;
	return {
		invoices: Number(invoices),
		expected: Number(expected),
		writtenOnce: Number(writtenOnce),
		missing: Number(missing),
		writtenTwice: Number(writtenTwice),
		unexpected: Number(unexpected),
		byStatus,
		wrongStage,
	};
}

/** Used memory and keys of a Redis database (INFO memory, INFO keyspace). */
export async function redisMemory(services: QueueServices): Promise<{ usedBytes: number; recordKeys: number; queueKeys: number }> {
	const memory = await services.redis_cli(['INFO', 'memory']);
	const keyspace = await services.redis_cli(['INFO', 'keyspace']);
	const keys = (db: number) => Number(new RegExp(`db${db}:keys=(\\d+)`).exec(keyspace)?.[1] ?? 0);
	return { usedBytes: Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0), recordKeys: keys(RECORD_DB), queueKeys: keys(0) };
}
