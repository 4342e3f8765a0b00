/**
 * The Dunning Events trigger inside a real n8n 2.41.1 (`n8n start` on loopback, workflows published),
 * against the fake gateway: messages are sent by Send nodes of the same workflow (static data) or of
 * another workflow (Redis), then the fake posts each provider's signed status webhooks and debtor
 * replies to the trigger's production URL `/webhook/<webhookId>/events`.
 *
 * A test workflow holds send paths and triggers sharing one static data:
 * - `Send Hook <name>` (Webhook, POST `/webhook/<workflow id>/<name>/send`, answers with the last
 *   node's items once the run is over) → Rows → Send via SMS/WhatsApp Gateway → Merge: sends run
 *   inside `n8n start`, which saves the workflow's static data (the record of sent messages) when the
 *   run ends, before it answers;
 * - `Events <name>` (Dunning Events) → `Report …` HTTP Request nodes that post each emitted item,
 *   with its trigger, output and execution id, to a loopback receiver of this test: the test sees
 *   exactly what was emitted, per execution.
 * Executions are also counted in n8n's SQLite database (read with n8n's own sqlite3 module), so that
 * "starts no execution" is checked where n8n records executions, not only at the receiver.
 *
 * Workflows: `dunEvStatic` (a send path and a default trigger per provider, plus two triggers that
 * keep every event), `dunEvRedisSend` / `dunEvRedisEvents` (the Redis record across workflows),
 * `dunEvDuringRun` (statuses posted while the sending run still runs) and `dunEvExecute` (sent by
 * `n8n execute` in its own process while `n8n start` runs).
 *
 * The fake's status webhooks run in `manual` mode: they are posted when a test flushes them, after
 * the send run is over, each POST after the answer to the one before (as providers do per URL).
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { DEFAULT_CREDENTIALS, type FakeGateway, type InboundResult, type ReplyInput, metaJson, metaSignature, start, twilioSignature } from '../fake-gateway';
import { type Receiver, startReceiver } from '../fake-gateway/testing';
import { type N8nHome, freePort, nodeType } from './harness';
import { type QueueServices, startQueueServices } from './queue';
import { openSharedHome } from './shared-home';
import { type N8nServer, startServer } from './workflows';

jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);

type Provider = 'twilio' | 'meta' | 'zenvia' | 'infobip' | 'generic';
const PROVIDERS: Provider[] = ['twilio', 'meta', 'zenvia', 'infobip', 'generic'];
/** The fake gateway's name of each provider. */
const FAKE: Record<Provider, ReplyInput['provider']> = {
	twilio: 'twilio',
	meta: 'meta',
	zenvia: 'zenvia',
	infobip: 'infobip',
	generic: 'custom',
};

// ---------------------------------------------------------------------------------------------
// Credentials: the package's provider credentials with their webhook secrets, pointing at the fake

const SECRETS = {
	metaVerifyToken: 'e2e-meta-verify-token-3f9a',
	zenvia: {
		name: 'X-Zenvia-Webhook-Secret',
		value: 'e2e-zenvia-webhook-secret-71c2',
	},
	infobip: {
		username: 'e2e-infobip-hook',
		password: 'e2e-infobip-hook-password-5e20',
	},
	generic: {
		header: 'X-Signature',
		secret: 'e2e-generic-hmac-secret-8b31',
		prefix: 'sha256=',
	},
};

const CREDENTIALS: Record<Provider | 'redis', { id: string; name: string; type: string }> = {
	twilio: {
		id: 'dunEvTwilio000001',
		name: 'Twilio (events e2e)',
		type: 'dunningTwilioApi',
	},
	meta: {
		id: 'dunEvMeta00000001',
		name: 'WhatsApp (events e2e)',
		type: 'dunningWhatsAppCloudApi',
	},
	zenvia: {
		id: 'dunEvZenvia000001',
		name: 'Zenvia (events e2e)',
		type: 'dunningZenviaApi',
	},
	infobip: {
		id: 'dunEvInfobip00001',
		name: 'Infobip (events e2e)',
		type: 'dunningInfobipApi',
	},
	generic: {
		id: 'dunEvHttpGw000001',
		name: 'HTTP gateway (events e2e)',
		type: 'dunningHttpGatewayApi',
	},
	redis: { id: 'dunEvRedis0000001', name: 'Redis (events e2e)', type: 'redis' },
};

function credentialData(gatewayUrl: string, redis: { host: string; port: number }): object[] {
	const data: Record<Provider | 'redis', object> = {
		twilio: {
			baseUrl: gatewayUrl,
			accountSid: DEFAULT_CREDENTIALS.twilio.accountSid,
			authType: 'authToken',
			authToken: DEFAULT_CREDENTIALS.twilio.authToken,
			from: '+15017122661',
			whatsappFrom: '+14155238886',
		},
		meta: {
			baseUrl: gatewayUrl,
			accessToken: DEFAULT_CREDENTIALS.meta.token,
			phoneNumberId: '106540352242922',
			apiVersion: 'v23.0',
			appSecret: DEFAULT_CREDENTIALS.meta.appSecret,
			verifyToken: SECRETS.metaVerifyToken,
		},
		zenvia: {
			baseUrl: gatewayUrl,
			apiToken: DEFAULT_CREDENTIALS.zenvia.token,
			smsFrom: 'provedor-net',
			whatsappFrom: '5511999990000',
			webhookHeaderName: SECRETS.zenvia.name,
			webhookHeaderSecret: SECRETS.zenvia.value,
		},
		infobip: {
			baseUrl: gatewayUrl,
			apiKey: DEFAULT_CREDENTIALS.infobip.apiKey,
			smsSender: 'ProvedorNet',
			whatsappSender: '5511999990001',
			webhookUser: SECRETS.infobip.username,
			webhookPassword: SECRETS.infobip.password,
		},
		generic: {
			baseUrl: `${gatewayUrl}/custom`,
			authMode: 'none',
			from: 'PROVEDOR',
			testPath: '/',
			webhookAuth: 'hmac',
			webhookSignatureHeader: SECRETS.generic.header,
			webhookSignatureSecret: SECRETS.generic.secret,
			webhookSignatureEncoding: 'hex',
			webhookSignaturePrefix: SECRETS.generic.prefix,
		},
		redis: {
			host: redis.host,
			port: redis.port,
			database: 0,
			user: '',
			password: '',
			ssl: false,
		},
	};
	return (Object.keys(CREDENTIALS) as Array<Provider | 'redis'>).map((k) => ({
		...CREDENTIALS[k],
		data: data[k],
	}));
}

const credentialRef = (k: Provider | 'redis') => ({
	[CREDENTIALS[k].type]: { id: CREDENTIALS[k].id, name: CREDENTIALS[k].name },
});

// ---------------------------------------------------------------------------------------------
// Test workflows

/** A fixed webhook id per workflow and path, UUID-shaped like the ones the editor makes. */
function webhookId(workflowId: string, purpose: string): string {
	const h = crypto.createHash('sha256').update(`${workflowId}/${purpose}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

let receiverUrl = '';
let serverUrl = '';

/** A Dunning Events node: its production URL (GET handshake, POST events). */
interface Trigger {
	workflow: string;
	name: string;
	provider: Provider;
	url: string;
}

/** A send path: Send Hook (Webhook, or Manual Trigger) → Rows → Send → All. */
interface Sender {
	workflow: string;
	name: string;
	provider: Provider;
	/** Path of the send webhook (null: started by a Manual Trigger). */
	path: string | null;
}

interface TriggerSpec {
	name: string;
	provider: Provider;
	/** Dunning Events parameters beyond the provider (events, outputs…). */
	params?: Record<string, unknown>;
}

interface SenderSpec {
	name: string;
	provider: Provider;
	/** The Send node's Status Callback URL (Twilio, Infobip): a trigger's URL. */
	callback?: string;
	/** Send node parameters beyond the defaults. */
	params?: Record<string, unknown>;
	/** A Manual Trigger with these rows instead of the send webhook (for `n8n execute`). */
	manualRows?: object[];
}

interface TestWorkflow {
	id: string;
	json: object;
	triggers: Trigger[];
	senders: Sender[];
}

const triggerUrl = (workflowId: string, name: string) => `${serverUrl}/webhook/${webhookId(workflowId, `events/${name}`)}/events`;

const SEND_DEFAULTS: Record<Provider, Record<string, unknown>> = {
	twilio: {},
	meta: {},
	zenvia: {},
	infobip: {},
	generic: {
		method: 'POST',
		path: '/send',
		contentType: 'json',
		// The fake reseller's `json` preset reads the key at `client_ref` and echoes it in its status webhooks.
		bodyTemplate: '{"to":"{{to_e164}}","text":"{{text}}","client_ref":"{{idempotency_key}}"}',
		successPath: 'status',
		successValues: 'ok',
		messageIdPath: 'id',
	},
};

/**
 * One workflow (one static data) with send paths and triggers:
 * - per sender `<name>`: `Send Hook <name>` (Webhook POST `<workflow>/<name>/send`, answers with the
 *   last node's items once the run is over) → `Rows <name>` → `Send <name>` → Sent/Failed/Skipped →
 *   `All <name>` (Merge);
 * - per trigger `<name>`: `Events <name>` (Dunning Events) → `Report <name> replies` / `statuses`
 *   (or one `Report <name>`), HTTP Request nodes that post each emitted item to the test's receiver.
 */
function buildWorkflow(
	id: string,
	options: {
		senders?: SenderSpec[];
		triggers?: TriggerSpec[];
		redis?: boolean;
	},
): TestWorkflow {
	const nodes: object[] = [];
	const connections: Record<string, unknown> = {};
	const ledger = options.redis ? { ledger: 'redis', redisKeyPrefix: 'e2e-events:' } : {};
	const credentials = (provider: Provider) => ({
		...credentialRef(provider),
		...(options.redis ? credentialRef('redis') : {}),
	});
	let row = 0;
	const node = (n: Record<string, unknown>, column: number) =>
		nodes.push({
			id: `${id}-${nodes.length}`,
			position: [column * 220, row * 200],
			...n,
		});
	const senders: Sender[] = [];
	for (const spec of options.senders ?? []) {
		const path = spec.manualRows ? null : `${id}/${spec.name}/send`;
		const hook = `Send Hook ${spec.name}`;
		const rows = `Rows ${spec.name}`;
		const sendName = `Send ${spec.name}`;
		const all = `All ${spec.name}`;
		if (spec.manualRows) {
			node(
				{
					name: hook,
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					parameters: {},
				},
				0,
			);
			node(
				{
					name: rows,
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: {
						jsCode: `return ${JSON.stringify(spec.manualRows)}.map((json) => ({ json }));`,
					},
				},
				1,
			);
		} else {
			node(
				{
					name: hook,
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					webhookId: webhookId(id, `send/${spec.name}`),
					parameters: {
						httpMethod: 'POST',
						path,
						responseMode: 'lastNode',
						responseData: 'allEntries',
						options: {},
					},
				},
				0,
			);
			node(
				{
					name: rows,
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: {
						jsCode: 'return $input.first().json.body.rows.map((json) => ({ json }));',
					},
				},
				1,
			);
		}
		node(
			{
				name: sendName,
				type: nodeType('sendViaGateway'),
				typeVersion: 1,
				parameters: {
					provider: spec.provider,
					contactHours: 'off',
					...SEND_DEFAULTS[spec.provider],
					policy: { maxConcurrentRequests: 1, messagesPerSecond: 20 },
					options: spec.callback ? { statusCallbackUrl: spec.callback } : {},
					...ledger,
					...(spec.params ?? {}),
				},
				credentials: credentials(spec.provider),
			},
			2,
		);
		node(
			{
				name: all,
				type: 'n8n-nodes-base.merge',
				typeVersion: 3.2,
				parameters: { numberInputs: 3 },
			},
			3,
		);
		connections[hook] = { main: [[{ node: rows, type: 'main', index: 0 }]] };
		connections[rows] = {
			main: [[{ node: sendName, type: 'main', index: 0 }]],
		};
		connections[sendName] = {
			main: [0, 1, 2].map((index) => [{ node: all, type: 'main', index }]),
		};
		senders.push({
			workflow: id,
			name: spec.name,
			provider: spec.provider,
			path,
		});
		row++;
	}
	const triggers: Trigger[] = [];
	for (const spec of options.triggers ?? []) {
		const parameters: Record<string, unknown> = {
			provider: spec.provider,
			...ledger,
			...(spec.params ?? {}),
		};
		const events = `Events ${spec.name}`;
		node(
			{
				name: events,
				type: nodeType('dunningEvents'),
				typeVersion: 1,
				webhookId: webhookId(id, `events/${spec.name}`),
				parameters,
				credentials: credentials(spec.provider),
			},
			0,
		);
		const report = (name: string, output: string) =>
			node(
				{
					name,
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						method: 'POST',
						url: receiverUrl,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: `={{ JSON.stringify({ trigger: ${JSON.stringify(`${id}/${spec.name}`)}, output: ${JSON.stringify(output)}, executionId: $execution.id, event: $json.event }) }}`,
						options: {},
					},
				},
				output === 'statuses' ? 2 : 1,
			);
		if (parameters.outputs === 'single') {
			report(`Report ${spec.name}`, 'single');
			connections[events] = {
				main: [[{ node: `Report ${spec.name}`, type: 'main', index: 0 }]],
			};
		} else {
			report(`Report ${spec.name} replies`, 'replies');
			report(`Report ${spec.name} statuses`, 'statuses');
			connections[events] = {
				main: [[{ node: `Report ${spec.name} replies`, type: 'main', index: 0 }], [{ node: `Report ${spec.name} statuses`, type: 'main', index: 0 }]],
			};
		}
		triggers.push({
			workflow: id,
			name: spec.name,
			provider: spec.provider,
			url: triggerUrl(id, spec.name),
		});
		row++;
	}
	return {
		id,
		triggers,
		senders,
		json: {
			id,
			name: `e2e events ${id}`,
			nodes,
			connections,
			active: false,
			settings: { executionOrder: 'v1', timezone: 'America/Sao_Paulo' },
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The suite's n8n, gateway, receiver and Redis

let home: N8nHome;
let gateway: FakeGateway;
let receiver: Receiver;
let server: N8nServer;
let services: QueueServices;
let servicesDir: string;

const EVERY_EVENT = ['replies', 'optOuts', 'failures', 'delivered', 'sent'];

/** Static data: one workflow with a send path and a default trigger per provider, and two triggers that keep every event. */
let STATIC: TestWorkflow;
/** Per provider: the default trigger (replies, opt-outs, failures; two outputs) and its sender. */
const T = {} as Record<Provider, Trigger>;
const S = {} as Record<Provider, Sender>;
/** Every event on one output (Twilio has a sender of its own: its status callback is per message). */
const ALL = {} as Record<'twilio' | 'meta', Trigger>;
let allTwilioSender: Sender;
/** Redis: the Send nodes in one workflow, the triggers in another. */
let REDIS_SEND: TestWorkflow;
let REDIS_EVENTS: TestWorkflow;
/** Statuses posted while the sending run still runs (timer mode). */
let DURING: TestWorkflow;
/** Sent by `n8n execute` (its own process) while `n8n start` runs. */
let EXEC: TestWorkflow;
let workflows: TestWorkflow[] = [];
/** Runs of each workflow's send paths (executions too). */
const sendRuns: Record<string, number> = {};

beforeAll(async () => {
	// Manual: status webhooks go out when a test flushes them. A 10 s answer timeout (the fake's default is
	// 2 s): on a loaded 2-core machine a slow answer would be retried and look like a redelivery.
	gateway = await start({ webhooks: { mode: 'manual', timeoutMs: 10_000 } });
	receiver = await startReceiver();
	receiverUrl = receiver.url;
	servicesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dunning-events-redis-'));
	fs.chmodSync(servicesDir, 0o755);
	services = await startQueueServices(servicesDir);
	home = await openSharedHome();
	home.importCredentials(credentialData(gateway.url, services.redis));

	// n8n's port is chosen before the workflows are written: the trigger URLs go into the Send nodes.
	const port = await freePort();
	serverUrl = `http://127.0.0.1:${port}`;
	STATIC = buildWorkflow('dunEvStatic', {
		senders: [
			...PROVIDERS.map((provider) => ({
				name: provider,
				provider,
				callback: triggerUrl('dunEvStatic', provider),
			})),
			{
				name: 'twilio-all',
				provider: 'twilio' as const,
				callback: triggerUrl('dunEvStatic', 'twilio-all'),
			},
		],
		triggers: [
			...PROVIDERS.map((provider) => ({ name: provider, provider })),
			{
				name: 'twilio-all',
				provider: 'twilio' as const,
				params: { events: EVERY_EVENT, outputs: 'single' },
			},
			{
				name: 'meta-all',
				provider: 'meta' as const,
				params: { events: EVERY_EVENT, outputs: 'single' },
			},
		],
	});
	for (const provider of PROVIDERS) {
		T[provider] = STATIC.triggers.find((t) => t.name === provider) as Trigger;
		S[provider] = STATIC.senders.find((x) => x.name === provider) as Sender;
	}
	ALL.twilio = STATIC.triggers.find((t) => t.name === 'twilio-all') as Trigger;
	ALL.meta = STATIC.triggers.find((t) => t.name === 'meta-all') as Trigger;
	allTwilioSender = STATIC.senders.find((x) => x.name === 'twilio-all') as Sender;
	REDIS_EVENTS = buildWorkflow('dunEvRedisEvents', {
		redis: true,
		triggers: [
			{ name: 'twilio', provider: 'twilio' },
			{
				name: 'meta',
				provider: 'meta',
				params: { events: ['replies', 'failures', 'delivered'] },
			},
		],
	});
	REDIS_SEND = buildWorkflow('dunEvRedisSend', {
		redis: true,
		senders: [
			{
				name: 'twilio',
				provider: 'twilio',
				callback: triggerUrl('dunEvRedisEvents', 'twilio'),
			},
			{ name: 'meta', provider: 'meta' },
		],
	});
	DURING = buildWorkflow('dunEvDuringRun', {
		// Two messages a second: the run lasts while the first statuses come back.
		senders: [
			{
				name: 'twilio',
				provider: 'twilio',
				callback: triggerUrl('dunEvDuringRun', 'twilio'),
				params: { policy: { maxConcurrentRequests: 1, messagesPerSecond: 2 } },
			},
		],
		triggers: [
			{
				name: 'twilio',
				provider: 'twilio',
				params: {
					events: ['failures', 'delivered', 'sent'],
					outputs: 'single',
				},
			},
		],
	});
	EXEC = buildWorkflow('dunEvExecute', {
		senders: [
			{
				name: 'twilio',
				provider: 'twilio',
				callback: triggerUrl('dunEvExecute', 'twilio'),
				manualRows: [row('EXEC-1', '61987650001'), row('EXEC-F', '61900000003')],
			},
		],
		triggers: [{ name: 'twilio', provider: 'twilio' }],
	});
	workflows = [STATIC, REDIS_EVENTS, REDIS_SEND, DURING, EXEC];
	home.importWorkflowBatch(workflows.map((w) => w.json));

	server = await startServer(home, {
		publish: workflows.map((w) => w.id),
		publishConcurrency: workflows.length,
		webhooks: workflows.flatMap((w) => w.senders.filter((x) => x.path).map((x) => ({ method: 'POST' as const, path: x.path as string }))),
		// The trigger registers GET (Meta's handshake) and POST on one path: a GET reaches the node itself
		// (405, or 403 for Meta without a token) once the workflow is active, n8n's 404 before.
		ready: async () => {
			for (const t of workflows.flatMap((w) => w.triggers)) if ((await fetch(t.url)).status === 404) return false;
			return true;
		},
		port,
	});
	expect(server.url).toBe(serverUrl);
});

afterAll(async () => {
	await server?.stop();
	await receiver?.close();
	await gateway?.close();
	await services?.stop();
	if (servicesDir) fs.rmSync(servicesDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Helpers

interface Delivery {
	status: string;
	reason?: string;
	channel: string;
	idempotencyKey: string;
	providerMessageId?: string;
}

/** Runs a send path with these rows; the answer is every Send output item, once the run is over (its static data saved). */
async function send(sender: Sender, rows: object[]): Promise<Array<{ invoiceId: string; delivery: Delivery }>> {
	const response = await fetch(`${server.url}/webhook/${sender.path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows }),
	});
	sendRuns[sender.workflow] = (sendRuns[sender.workflow] ?? 0) + 1;
	const text = await response.text();
	if (response.status !== 200) throw new Error(`${sender.path} answered ${response.status}: ${text}\n${server.log().split('\n').slice(-20).join('\n')}`);
	return JSON.parse(text) as Array<{ invoiceId: string; delivery: Delivery }>;
}

const TEXT = 'Provedor Net: sua fatura venceu. Responda para negociar.';
function row(invoiceId: string, phone: string, channel: 'sms' | 'whatsapp' = 'sms') {
	return {
		invoiceId,
		phone,
		country: 'BR',
		dunning: { stage: 'overdue_6d' },
		message: { channel, text: TEXT },
	};
}

/** n8n's SQLite database, read with n8n's own sqlite3 module (the runtime's Node). */
async function sql<R = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<R[]> {
	const script = `
const sqlite3 = require('sqlite3');
const [file, query, params] = process.argv.slice(1);
const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
db.configure('busyTimeout', 5000);
db.all(query, JSON.parse(params), (error, rows) => {
	if (error) { console.error(error.message); process.exit(1); }
	process.stdout.write(JSON.stringify(rows));
	db.close();
});`;
	const { stdout } = await execFileAsync(home.rt.node, ['-e', script, path.join(home.dir, '.n8n', 'database.sqlite'), query, JSON.stringify(params)], {
		cwd: home.rt.dir,
		encoding: 'utf8',
	});
	return JSON.parse(stdout) as R[];
}

/** Executions the triggers of a workflow started: every execution of the workflow but its send runs. */
async function triggerExecutions(workflow: TestWorkflow | string): Promise<number> {
	const id = typeof workflow === 'string' ? workflow : workflow.id;
	const [{ n }] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM execution_entity WHERE workflowId = ?', [id]);
	return n - (sendRuns[id] ?? 0);
}

interface StaticRecord {
	keys?: Record<
		string,
		{
			state: string;
			at: number;
			out?: { status: string; reason?: string; code?: string; at: number };
		}
	>;
	ids?: Record<string, string>;
	phones?: Record<string, string>;
	events?: Record<string, number>;
}

/** The workflow's static data as n8n saved it (`global`: what getWorkflowStaticData('global') gives the nodes). */
async function staticData(workflow: TestWorkflow | string): Promise<StaticRecord> {
	const id = typeof workflow === 'string' ? workflow : workflow.id;
	const [found] = await sql<{ staticData: string | null }>('SELECT staticData FROM workflow_entity WHERE id = ?', [id]);
	const data = found?.staticData ? (JSON.parse(found.staticData) as { global?: StaticRecord }) : {};
	return data.global ?? {};
}

type EventJson = Record<string, unknown> & {
	kind: string;
	invoiceId: string | null;
	key: string | null;
	status: string | null;
	text: string | null;
	matched: boolean;
	matchedBy: string | null;
};

interface Emitted {
	trigger: string;
	output: string;
	executionId: string;
	event: EventJson;
}

/** What a trigger emitted since the receiver's `since`-th request, in the order the executions posted it. */
function emitted(trigger: Trigger, since = 0): Emitted[] {
	return receiver.received
		.slice(since)
		.map((r) => JSON.parse(r.body) as Emitted)
		.filter((e) => e.trigger === `${trigger.workflow}/${trigger.name}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until n8n is quiet: no execution is new or running, and the receiver got nothing for
 * `quietMs` (an execution is recorded as soon as a webhook starts it).
 */
async function settle(quietMs = 1000, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let count = receiver.received.length;
	let quietSince = Date.now();
	for (;;) {
		await sleep(200);
		if (receiver.received.length !== count) {
			count = receiver.received.length;
			quietSince = Date.now();
			continue;
		}
		const [{ n }] = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM execution_entity WHERE status IN ('new', 'running')");
		if (n > 0) quietSince = Date.now();
		else if (Date.now() - quietSince >= quietMs) return;
		if (Date.now() > deadline) throw new Error(`n8n did not settle in ${timeoutMs} ms\n${server.log().split('\n').slice(-30).join('\n')}`);
	}
}

/** Posts the pending status webhooks (each POST waits for the answer to the one before) and waits for what they start; every one must get a 2xx. */
async function flush(): Promise<void> {
	const logBefore = gateway.webhookLog().length;
	await gateway.flushWebhooks();
	await settle();
	const posted = gateway.webhookLog().slice(logBefore);
	expect(posted.filter((p) => p.status === null || p.status >= 300).map((p) => [p.provider, p.url, p.status, p.error])).toEqual([]);
}

function reply(trigger: Trigger, input: Omit<ReplyInput, 'provider' | 'url'>): Promise<InboundResult> {
	return gateway.reply({
		provider: FAKE[trigger.provider],
		url: trigger.url,
		...input,
	});
}

/** Where each provider's status webhooks go: Meta, Zenvia and the reseller have one URL per account (set before sending). */
function statusesTo(provider: Provider, url: string): void {
	if (provider === 'meta') gateway.configure({ meta: { callbackUrl: url } });
	if (provider === 'zenvia') gateway.configure({ zenvia: { callbackUrl: url } });
	if (provider === 'generic') gateway.configure({ custom: { callbackUrl: url } });
}

const digits = (phone: string) => `55${phone}`;
const key = (invoiceId: string, channel = 'sms') => `${invoiceId}:overdue_6d:${channel}`;
const byText = (a: Emitted, b: Emitted) => String(a.event.text ?? a.event.status).localeCompare(String(b.event.text ?? b.event.status));

/** Area code per provider, so that no two providers' tests share a number. */
const AREA: Record<Provider, string> = {
	twilio: '11',
	meta: '21',
	zenvia: '31',
	infobip: '41',
	generic: '51',
};
/** The channel each provider's tests send on. */
const CHANNEL: Record<Provider, 'sms' | 'whatsapp'> = {
	twilio: 'sms',
	meta: 'whatsapp',
	zenvia: 'sms',
	infobip: 'sms',
	generic: 'sms',
};
/** How each provider words "accepted, then not delivered" (the fake's undeliverable number). */
const FAILED_STATUS: Record<Provider, string> = {
	twilio: 'undelivered',
	meta: 'failed',
	zenvia: 'undelivered',
	infobip: 'undelivered',
	generic: 'failed',
};
/** Providers whose replies name the message they answer (Meta context id, Zenvia idRef, the reseller's in_reply_to). */
const REPLY_CONTEXT: Record<Provider, boolean> = {
	twilio: false,
	meta: true,
	zenvia: true,
	infobip: false,
	generic: true,
};

// ---------------------------------------------------------------------------------------------

describe('Dunning Events in a running n8n, record in workflow static data', () => {
	beforeAll(() => {
		// Zenvia and Infobip sign nothing: their subscriptions send the secret set on both sides.
		gateway.configure({
			zenvia: {
				webhookHeaders: { [SECRETS.zenvia.name]: SECRETS.zenvia.value },
			},
			infobip: { webhookAuth: { basic: SECRETS.infobip } },
			custom: {
				webhook: {
					signing: {
						mode: 'hmac',
						header: SECRETS.generic.header,
						secret: SECRETS.generic.secret,
						encoding: 'hex',
						prefix: SECRETS.generic.prefix,
					},
					shape: 'batch',
				},
			},
		});
	});

	describe.each(PROVIDERS)('%s', (provider) => {
		const ch = CHANNEL[provider];
		const A = `${AREA[provider]}987650001`;
		const B = `${AREA[provider]}987650002`;
		/** The fake's magic "undeliverable" number: accepted, then a failed status. */
		const F = `${AREA[provider]}900000003`;
		const inv = (n: string) => `${provider.toUpperCase()}-${n}`;

		it('statuses: delivered and read start nothing but are written to the record; a failure comes out matched to its invoice', async () => {
			if (ch === 'whatsapp') for (const phone of [A, B, F]) gateway.openWindow(digits(phone));
			statusesTo(provider, T[provider].url);
			const since = receiver.received.length;
			const executions = await triggerExecutions(STATIC);
			const sent = await send(S[provider], [row(inv('1'), A, ch), row(inv('2'), B, ch), row(inv('3'), A, ch)]);
			expect(sent.map((x) => [x.invoiceId, x.delivery.status])).toEqual([
				[inv('1'), 'sent'],
				[inv('2'), 'sent'],
				[inv('3'), 'sent'],
			]);
			await flush();
			// Every status of the three messages was answered 2xx (flush checks), none is a failure: no execution, nothing emitted.
			expect(gateway.messages({ provider: FAKE[provider] }).map((m) => [m.key, m.statuses.at(-1)?.toLowerCase().replace(/_.*/, '')])).toEqual(
				[1, 2, 3].map((n) => [key(inv(String(n)), ch), ch === 'whatsapp' ? 'read' : 'delivered']),
			);
			expect(emitted(T[provider], since)).toEqual([]);
			expect(await triggerExecutions(STATIC)).toBe(executions);
			// …but the record learnt each outcome.
			const record = await staticData(STATIC);
			expect(
				[1, 2, 3].map((n) => [inv(String(n)), record.keys?.[key(inv(String(n)), ch)]?.state, record.keys?.[key(inv(String(n)), ch)]?.out?.status]),
			).toEqual([1, 2, 3].map((n) => [inv(String(n)), 'sent', ch === 'whatsapp' ? 'read' : 'delivered']));

			// A message that fails after the provider accepted it.
			const failed = await send(S[provider], [row(inv('F'), F, ch)]);
			expect(failed.map((x) => [x.invoiceId, x.delivery.status])).toEqual([[inv('F'), 'sent']]);
			await flush();
			const out = emitted(T[provider], since);
			expect(out.map((e) => e.output)).toEqual(['statuses']);
			expect(out[0].event).toMatchObject({
				kind: 'status',
				provider,
				channel: ch,
				status: FAILED_STATUS[provider],
				reason: 'undeliverable',
				phone: `+${digits(F)}`,
				invoiceId: inv('F'),
				stage: 'overdue_6d',
				key: key(inv('F'), ch),
				matchedBy: 'correlation',
				messageId: failed[0].delivery.providerMessageId,
				record: 'static_data',
			});
			expect(out[0].event.code).toEqual(expect.any(String));
			expect(Date.parse(String(out[0].event.sentAt))).toBeGreaterThan(Date.now() - 600_000);
			expect(await triggerExecutions(STATIC)).toBe(executions + 1);
			expect((await staticData(STATIC)).keys?.[key(inv('F'), ch)]?.out).toMatchObject({
				status: FAILED_STATUS[provider],
				reason: 'undeliverable',
			});
			// Found in the record by our key: the event says so.
			expect(out[0].event.matched).toBe(true);
		});

		it('replies: matched to the latest message to that phone, or by the message they answer', async () => {
			const since = receiver.received.length;
			const executions = await triggerExecutions(STATIC);
			const results: InboundResult[] = [];
			// No reference: the latest message to A is invoice 3 (on SMS, Zenvia names it itself in idRef).
			results.push(
				await reply(T[provider], {
					from: digits(A),
					text: 'Já paguei ontem',
					channel: ch,
				}),
			);
			if (REPLY_CONTEXT[provider]) {
				// Answering the older message (invoice 1) by its reference.
				results.push(
					await reply(T[provider], {
						from: digits(A),
						text: 'Quero parcelar',
						inReplyTo: key(inv('1'), ch),
						channel: ch,
					}),
				);
			}
			expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
			await settle();
			// Each reply is an execution of its own: they may end in any order.
			const out = emitted(T[provider], since).sort(byText);
			expect(out.map((e) => [e.output, e.event.kind, e.event.text, e.event.invoiceId, e.event.matchedBy])).toEqual([
				['replies', 'reply', 'Já paguei ontem', inv('3'), provider === 'zenvia' ? 'reply_context' : 'latest_to_phone'],
				...(REPLY_CONTEXT[provider] ? [['replies', 'reply', 'Quero parcelar', inv('1'), 'reply_context']] : []),
			]);
			for (const e of out) {
				expect(e.event).toMatchObject({
					provider,
					channel: ch,
					phone: `+${digits(A)}`,
					phoneMasked: expect.stringMatching(/\*/),
					stage: 'overdue_6d',
					matched: true,
					record: 'static_data',
				});
				expect(e.event.key).toBe(key(e.event.invoiceId as string, ch));
			}
			expect(await triggerExecutions(STATIC)).toBe(executions + results.length);
		});

		it('forged webhooks (wrong secret, none, body changed after signing) get 401/403 and start nothing', async () => {
			const since = receiver.received.length;
			const executions = await triggerExecutions(STATIC);
			const [message] = gateway.messages({
				provider: FAKE[provider],
				key: key(inv('2'), ch),
			});
			expect(message).toBeDefined();
			// Zenvia and Infobip sign nothing: their secret header (or Basic auth) proves the sender, not the body.
			const sharedSecret = provider === 'zenvia' || provider === 'infobip';
			const modes = sharedSecret ? (['signature', 'missing'] as const) : (['signature', 'missing', 'body'] as const);
			const answers: Array<readonly [string, string, number | null]> = [];
			for (const tamper of modes) {
				const forgedReply = await gateway.postTampered({
					provider: FAKE[provider],
					from: digits(B),
					text: 'forjado',
					channel: ch,
					url: T[provider].url,
					tamper,
				});
				answers.push(['reply', tamper, forgedReply.status]);
				// A failure would start an execution with the default events, were it believed.
				const forgedStatus = await gateway.postTampered({
					messageId: message.id,
					url: T[provider].url,
					tamper,
					status: provider === 'meta' ? 'failed' : undefined,
				});
				answers.push(['status', tamper, forgedStatus.status]);
			}
			// 401 when the credential is missing, 403 when it is wrong.
			const expected: Record<string, number> = {
				signature: 403,
				missing: 401,
				body: 403,
			};
			expect(answers).toEqual(modes.flatMap((m) => [['reply', m, expected[m]] as const, ['status', m, expected[m]] as const]));
			// The answer never says which part failed.
			const bare = await fetch(T[provider].url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			expect([bare.status, await bare.text()]).toEqual([401, '{"error":"Unauthorized"}']);
			await settle();
			expect(emitted(T[provider], since)).toEqual([]);
			expect(await triggerExecutions(STATIC)).toBe(executions);
		});

		it('a redelivery right after the first answer runs once: a reply posted twice, and every status webhook posted twice', async () => {
			const since = receiver.received.length;
			const executions = await triggerExecutions(STATIC);
			const twice = await reply(T[provider], {
				from: digits(B),
				text: 'Vou pagar sexta',
				channel: ch,
				duplicate: true,
			});
			expect(twice.records.map((r) => [r.duplicate ?? false, r.status])).toEqual([
				[false, 200],
				[true, 200],
			]);
			gateway.configure({ webhooks: { duplicate: true } });
			try {
				const failed = await send(S[provider], [row(inv('F2'), F, ch)]);
				expect(failed[0].delivery.status).toBe('sent');
				await flush();
			} finally {
				gateway.configure({ webhooks: { duplicate: false } });
			}
			const out = emitted(T[provider], since);
			expect(out.map((e) => [e.event.kind, e.event.text ?? e.event.status, e.event.invoiceId]).sort()).toEqual([
				['reply', 'Vou pagar sexta', inv('2')],
				['status', FAILED_STATUS[provider], inv('F2')],
			]);
			expect(await triggerExecutions(STATIC)).toBe(executions + 2);
		});
	});

	describe('redeliveries and timing', () => {
		it('events of five providers arriving at once are all remembered: each one redelivered a few seconds later runs once', async () => {
			const since = receiver.received.length;
			const executions = await triggerExecutions(STATIC);
			const prepared = await Promise.all(
				PROVIDERS.map(async (provider) => {
					const [one] = await gateway.replyAll(
						[
							{
								provider: FAKE[provider],
								from: digits(`${AREA[provider]}987650002`),
								text: `Paguei via Pix (${provider})`,
								channel: CHANNEL[provider],
								url: T[provider].url,
							},
						],
						{ post: false },
					);
					return one;
				}),
			);
			const postAll = () =>
				Promise.all(
					prepared.map((one) =>
						fetch(one.url as string, {
							method: 'POST',
							headers: one.headers,
							body: one.body,
						}).then((r) => r.status),
					),
				);
			expect(await postAll()).toEqual(PROVIDERS.map(() => 200));
			await settle();
			expect(await postAll()).toEqual(PROVIDERS.map(() => 200));
			await settle();
			for (const provider of PROVIDERS) {
				expect([provider, emitted(T[provider], since).map((e) => [e.event.text, e.event.invoiceId])]).toEqual([
					provider,
					[[`Paguei via Pix (${provider})`, `${provider.toUpperCase()}-2`]],
				]);
			}
			expect(await triggerExecutions(STATIC)).toBe(executions + PROVIDERS.length);
		});

		it('a redelivery arriving while the first is being handled runs once (Meta posts the same batch twice at the same time)', async () => {
			const since = receiver.received.length;
			const executions = await triggerExecutions(STATIC);
			const [prepared] = await gateway.replyAll(
				[
					{
						provider: 'meta',
						from: digits('21987650002'),
						text: 'Recebi o boleto',
						url: T.meta.url,
					},
				],
				{ post: false },
			);
			const post = () =>
				fetch(prepared.url as string, {
					method: 'POST',
					headers: prepared.headers,
					body: prepared.body,
				});
			expect((await Promise.all([post(), post()])).map((r) => r.status)).toEqual([200, 200]);
			await settle();
			expect(emitted(T.meta, since).map((e) => [e.event.text, e.event.invoiceId])).toEqual([['Recebi o boleto', 'META-2']]);
			expect(await triggerExecutions(STATIC)).toBe(executions + 1);
		});

		it('a Twilio STOP that arrives together with other webhooks still closes SMS to that number for the next send', async () => {
			const stopper = '11987650401';
			// Built and signed but not posted by the fake (its own opt-out state stays open): only the record can stop the send.
			const stop = (await gateway.replyAll([{ provider: 'twilio', from: digits(stopper), text: 'STOP', url: T.twilio.url }], { post: false }))[0];
			const others = await gateway.replyAll(
				PROVIDERS.filter((p) => p !== 'twilio').map((provider, i) => ({
					provider: FAKE[provider],
					from: digits(`${AREA[provider]}98765041${i}`),
					text: 'Pode me ligar?',
					channel: CHANNEL[provider],
					url: T[provider].url,
				})),
				{ post: false },
			);
			const answers = await Promise.all(
				[stop, ...others].map((one) => fetch(one.url as string, { method: 'POST', headers: one.headers, body: one.body }).then((r) => r.status)),
			);
			expect(answers).toEqual([200, 200, 200, 200, 200]);
			await settle();
			const [next] = await send(S.twilio, [row('TWILIO-AFTER-STOP', stopper)]);
			expect([next.delivery.status, next.delivery.reason]).toEqual(['skipped', 'opted_out']);
			expect(gateway.requests({ recipient: digits(stopper) })).toEqual([]);
		});

		it('statuses that arrive while the sending run still runs: matched by the key, and their outcome is kept in the record', async () => {
			const [sender] = DURING.senders;
			const [trigger] = DURING.triggers;
			const since = receiver.received.length;
			gateway.configure({ webhooks: { mode: 'timer', stepMs: 50 } });
			let sent: Awaited<ReturnType<typeof send>>;
			try {
				// Two messages a second: Twilio's statuses of the first ones come back while the run still sends.
				sent = await send(
					sender,
					[1, 2, 3, 4, 5].map((n) => row(`DUR-${n}`, `11987650${300 + n}`)),
				);
				await gateway.webhooksIdle();
				await settle();
			} finally {
				gateway.configure({ webhooks: { mode: 'manual' } });
			}
			expect(sent.map((x) => x.delivery.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
			const out = emitted(trigger, since);
			const delivered = out.filter((e) => e.event.status === 'delivered');
			expect(delivered.map((e) => e.event.invoiceId).sort()).toEqual(['DUR-1', 'DUR-2', 'DUR-3', 'DUR-4', 'DUR-5']);
			const record = await staticData(DURING);
			// What a later run of the ladder reads: every message delivered.
			expect(
				[1, 2, 3, 4, 5].map((n) => [
					`DUR-${n}`,
					record.keys?.[key(`DUR-${n}`)]?.out?.status ?? null,
					delivered.find((e) => e.event.invoiceId === `DUR-${n}`)?.event.matchedBy,
				]),
			).toEqual([1, 2, 3, 4, 5].map((n) => [`DUR-${n}`, 'delivered', 'correlation']));
		});

		it('statuses that arrived while the sending run still ran are still recognised when the provider redelivers them afterwards', async () => {
			const [trigger] = DURING.triggers;
			const first = gateway
				.webhookLog({ provider: 'twilio', kind: 'status' })
				.find((r) => r.url.startsWith(trigger.url) && r.body.includes('MessageStatus=delivered'));
			expect(first).toBeDefined();
			const since = receiver.received.length;
			const again = await fetch(first?.url as string, {
				method: 'POST',
				headers: first?.headers,
				body: first?.body,
			});
			expect(again.status).toBe(200);
			await settle();
			expect(emitted(trigger, since).map((e) => [e.event.invoiceId, e.event.status])).toEqual([]);
		});
	});
});

describe('Opt-outs handled by the providers, and a receipt photo (default events: on the Replies output)', () => {
	it('Twilio STOP (Advanced Opt-Out), Meta marketing stop and a WhatsApp image come out matched to the debtor’s latest message', async () => {
		const since = receiver.received.length;
		const executions = await triggerExecutions(STATIC);
		const twilioB = digits(`${AREA.twilio}987650002`);
		const metaB = digits(`${AREA.meta}987650002`);
		const answers = [
			await reply(T.twilio, { from: twilioB, text: 'STOP' }),
			await gateway.metaUserPreference({ from: metaB, value: 'stop', url: T.meta.url }),
			await reply(T.meta, { from: metaB, text: 'comprovante', media: { type: 'image' } }),
		];
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		await settle();
		const twilio = emitted(T.twilio, since);
		expect(twilio.map((e) => [e.output, e.event.kind, e.event.consent, e.event.invoiceId, e.event.matchedBy])).toEqual([
			['replies', 'opt_out', { scope: 'all', value: 'STOP' }, 'TWILIO-2', 'latest_to_phone'],
		]);
		const meta = emitted(T.meta, since).sort((a, b) => a.event.kind.localeCompare(b.event.kind));
		expect(meta.map((e) => [e.output, e.event.kind, e.event.invoiceId, e.event.matchedBy])).toEqual([
			['replies', 'opt_out', 'META-2', 'latest_to_phone'],
			['replies', 'reply', 'META-2', 'latest_to_phone'],
		]);
		expect(meta[0].event.consent).toMatchObject({ scope: 'marketing', value: 'stop' });
		expect(meta[1].event).toMatchObject({
			text: 'comprovante',
			messageType: 'image',
			media: [{ type: 'image', mime: 'image/png', id: answers[2].media?.id, caption: 'comprovante' }],
		});
		expect(await triggerExecutions(STATIC)).toBe(executions + 3);
	});
});

describe('Events filter: every event, one output', () => {
	it('Meta: sent, read and a late delivered (superseded: the record keeps read), and a 131047 failure', async () => {
		const A = '21987650101';
		const closed = '21987650109';
		gateway.openWindow(digits(A));
		gateway.configure({
			meta: { callbackUrl: ALL.meta.url, outOfOrder: true },
		});
		const since = receiver.received.length;
		const executions = await triggerExecutions(STATIC);
		const posts = gateway.webhookLog({ provider: 'meta' }).length;
		try {
			const sent = await send(S.meta, [row('ALLM-1', A, 'whatsapp'), row('ALLM-W', closed, 'whatsapp')]);
			expect(sent.map((x) => x.delivery.status)).toEqual(['sent', 'sent']);
			await flush();
		} finally {
			gateway.configure({ meta: { outOfOrder: false } });
		}
		const out = emitted(ALL.meta, since);
		expect(out.every((e) => e.output === 'single')).toBe(true);
		const byInvoice = (id: string) =>
			out
				.filter((e) => e.event.invoiceId === id)
				.map((e) => [e.event.status, e.event.superseded])
				.sort();
		// Meta posted sent, read, then delivered: the late delivered comes out marked superseded.
		expect(byInvoice('ALLM-1')).toEqual([
			['delivered', true],
			['read', false],
			['sent', false],
		]);
		expect(byInvoice('ALLM-W')).toEqual([['failed', false]]);
		expect(out.find((e) => e.event.invoiceId === 'ALLM-W')?.event).toMatchObject({
			reason: 'window_closed',
			code: '131047',
			matchedBy: 'correlation',
		});
		const record = await staticData(STATIC);
		expect(record.keys?.[key('ALLM-1', 'whatsapp')]?.out?.status).toBe('read');
		expect(record.keys?.[key('ALLM-W', 'whatsapp')]?.out).toMatchObject({
			status: 'failed',
			reason: 'window_closed',
			code: '131047',
		});
		// One execution per POST: Meta batches each step's statuses, and every one carried a kept event.
		expect(await triggerExecutions(STATIC)).toBe(executions + gateway.webhookLog({ provider: 'meta' }).length - posts);
	});

	it('Twilio: sent and delivered of one SMS, sent and undelivered (30003) of another', async () => {
		const since = receiver.received.length;
		const executions = await triggerExecutions(STATIC);
		const sent = await send(allTwilioSender, [row('ALLT-1', '11987650101'), row('ALLT-F', '11900000003')]);
		expect(sent.map((x) => x.delivery.status)).toEqual(['sent', 'sent']);
		await flush();
		const out = emitted(ALL.twilio, since);
		expect(out.map((e) => [e.event.invoiceId, e.event.status, e.event.code]).sort()).toEqual([
			['ALLT-1', 'delivered', null],
			['ALLT-1', 'sent', null],
			['ALLT-F', 'sent', null],
			['ALLT-F', 'undelivered', '30003'],
		]);
		expect(await triggerExecutions(STATIC)).toBe(executions + 4);
	});
});

describe('Meta webhook verification (GET handshake)', () => {
	it('answers hub.challenge to the verify token of the credential, 403 to a wrong one; starts nothing', async () => {
		const executions = await triggerExecutions(STATIC);
		const ok = await gateway.verifyMetaSubscription(T.meta.url, SECRETS.metaVerifyToken);
		expect(ok).toMatchObject({ ok: true, status: 200, body: ok.challenge });
		const wrong = await gateway.verifyMetaSubscription(T.meta.url, 'not-the-token');
		expect(wrong).toMatchObject({ ok: false, status: 403 });
		expect(wrong.body).not.toContain(wrong.challenge);
		// A challenge that is not token-like is not echoed (nothing can be reflected).
		const reflected = await fetch(`${T.meta.url}?hub.mode=subscribe&hub.verify_token=${SECRETS.metaVerifyToken}&hub.challenge=%3Cscript%3E`);
		expect(reflected.status).toBe(403);
		// Other providers take POST only.
		const twilio = await fetch(`${T.twilio.url}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`);
		expect(twilio.status).toBe(405);
		await settle();
		expect(await triggerExecutions(STATIC)).toBe(executions);
	});
});

describe('Redis record: the Send nodes in one workflow, Dunning Events in another', () => {
	const redisGet = async (k: string) => {
		const raw = (await services.redis_cli(['GET', `e2e-events:${k}`])).trim();
		return raw === ''
			? null
			: (JSON.parse(raw) as {
					s: string;
					o?: { status: string; reason?: string };
				});
	};
	const sender = (name: string) => REDIS_SEND.senders.find((x) => x.name === name) as Sender;
	const trigger = (name: string) => REDIS_EVENTS.triggers.find((x) => x.name === name) as Trigger;

	it('Twilio: statuses and replies are matched across workflows; outcomes land in Redis; redeliveries run once', async () => {
		const A = '71987650001';
		const WA = '71987650005';
		const F = '71900000003';
		gateway.openWindow(digits(WA));
		const since = receiver.received.length;
		const executions = await triggerExecutions(REDIS_EVENTS);
		const sent = await send(sender('twilio'), [row('RED-1', A), row('RED-F', F), row('RED-W1', WA, 'whatsapp'), row('RED-W2', WA, 'whatsapp')]);
		expect(sent.map((x) => [x.invoiceId, x.delivery.status])).toEqual([
			['RED-1', 'sent'],
			['RED-F', 'sent'],
			['RED-W1', 'sent'],
			['RED-W2', 'sent'],
		]);
		gateway.configure({ webhooks: { duplicate: true } });
		try {
			await flush();
			const replies = [
				await reply(trigger('twilio'), {
					from: digits(A),
					text: 'Recebi, vou pagar',
					duplicate: true,
				}),
				// A WhatsApp reply names the message it answers (OriginalRepliedMessageSid): the older one.
				await reply(trigger('twilio'), {
					from: digits(WA),
					text: 'Qual o valor?',
					inReplyTo: key('RED-W1', 'whatsapp'),
					channel: 'whatsapp',
				}),
			];
			expect(replies.map((r) => r.status)).toEqual([200, 200]);
		} finally {
			gateway.configure({ webhooks: { duplicate: false } });
		}
		// The same reply twice at the same time: the Redis claim is atomic.
		const [prepared] = await gateway.replyAll(
			[
				{
					provider: 'twilio',
					from: digits(A),
					text: 'Mandei o comprovante',
					url: trigger('twilio').url,
				},
			],
			{ post: false },
		);
		const post = () =>
			fetch(prepared.url as string, {
				method: 'POST',
				headers: prepared.headers,
				body: prepared.body,
			});
		expect((await Promise.all([post(), post()])).map((r) => r.status)).toEqual([200, 200]);
		await settle();
		const out = emitted(trigger('twilio'), since);
		expect(out.map((e) => [e.output, e.event.kind, e.event.invoiceId, e.event.status ?? e.event.text, e.event.matchedBy, e.event.record]).sort()).toEqual([
			['replies', 'reply', 'RED-1', 'Mandei o comprovante', 'latest_to_phone', 'redis'],
			['replies', 'reply', 'RED-1', 'Recebi, vou pagar', 'latest_to_phone', 'redis'],
			['replies', 'reply', 'RED-W1', 'Qual o valor?', 'reply_context', 'redis'],
			['statuses', 'status', 'RED-F', 'undelivered', 'correlation', 'redis'],
		]);
		expect(out.every((e) => e.event.stage === 'overdue_6d' && e.event.sentAt !== null)).toBe(true);
		expect(await redisGet(key('RED-1'))).toMatchObject({
			s: 's',
			o: { status: 'delivered' },
		});
		expect(await redisGet(key('RED-F'))).toMatchObject({
			s: 's',
			o: { status: 'undelivered', reason: 'undeliverable' },
		});
		expect(await redisGet(key('RED-W1', 'whatsapp'))).toMatchObject({
			o: { status: 'read' },
		});
		// The trigger's workflow ran once per kept event although every webhook came twice.
		expect(await triggerExecutions(REDIS_EVENTS)).toBe(executions + 4);
		// Found in Redis by our key: the event says so.
		expect(out.filter((e) => e.event.kind === 'status').map((e) => e.event.matched)).toEqual([true]);
	});

	it('Meta: a reply answering an older message is matched by its context id through the Redis index', async () => {
		const A = '81987650001';
		gateway.openWindow(digits(A));
		gateway.configure({ meta: { callbackUrl: trigger('meta').url } });
		const since = receiver.received.length;
		const sent = await send(sender('meta'), [row('REDM-1', A, 'whatsapp'), row('REDM-2', A, 'whatsapp')]);
		expect(sent.map((x) => x.delivery.status)).toEqual(['sent', 'sent']);
		await flush();
		const answer = await reply(trigger('meta'), {
			from: digits(A),
			text: 'Esse boleto já foi pago',
			inReplyTo: key('REDM-1', 'whatsapp'),
		});
		expect(answer.status).toBe(200);
		await settle();
		const out = emitted(trigger('meta'), since);
		expect(out.filter((e) => e.event.kind === 'reply').map((e) => [e.event.invoiceId, e.event.matchedBy, e.event.record])).toEqual([
			['REDM-1', 'reply_context', 'redis'],
		]);
		// Delivered and read are kept by this trigger: two per message, each matched by its correlation key.
		expect(
			out
				.filter((e) => e.event.kind === 'status')
				.map((e) => [e.event.invoiceId, e.event.status, e.event.matchedBy])
				.sort(),
		).toEqual([
			['REDM-1', 'delivered', 'correlation'],
			['REDM-1', 'read', 'correlation'],
			['REDM-2', 'delivered', 'correlation'],
			['REDM-2', 'read', 'correlation'],
		]);
		expect(await redisGet(key('REDM-2', 'whatsapp'))).toMatchObject({
			o: { status: 'read' },
		});
	});
});

describe('Bad input: each request gets a clear answer; nothing crashes; no event of a batch is lost', () => {
	const metaPost = (body: string | Buffer, headers: Record<string, string> = {}) =>
		fetch(T.meta.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-hub-signature-256': metaSignature(DEFAULT_CREDENTIALS.meta.appSecret, body),
				...headers,
			},
			body,
		});
	const metaStatuses = (statuses: object[]) =>
		metaJson({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: {
									display_phone_number: '15550783881',
									phone_number_id: '106540352242922',
								},
								statuses,
							},
						},
					],
				},
			],
		});
	const unix = (ms: number) => String(Math.floor(ms / 1000));

	it('malformed, oversized and unknown bodies: 4xx, no execution', async () => {
		const executions = await triggerExecutions(STATIC);
		const answers: Array<[string, number, string]> = [];
		const record = async (label: string, response: Promise<Response>) => {
			const r = await response;
			answers.push([label, r.status, (await r.text()).slice(0, 200)]);
		};
		// JSON that does not parse, signed: n8n's own body parser answers before the node runs.
		await record('malformed JSON', metaPost('{"object":"whatsapp_business_account","entry":[{'));
		// The same bytes as text/plain reach the node, which reads the raw body itself.
		await record(
			'malformed JSON as text/plain',
			metaPost('{"object":"whatsapp_business_account","entry":[{', {
				'content-type': 'text/plain',
			}),
		);
		await record('a JSON array', metaPost('[1,2,3]'));
		await record('another product', metaPost(metaJson({ object: 'page', entry: [] })));
		// Larger than Max Body Size (1024 KB by default), signed: refused before anything is read.
		await record(
			'oversized',
			metaPost(
				metaJson({
					object: 'whatsapp_business_account',
					entry: [],
					padding: 'x'.repeat(1100 * 1024),
				}),
			),
		);
		// Twilio: a form without MessageSid, correctly signed.
		const params = {
			AccountSid: DEFAULT_CREDENTIALS.twilio.accountSid,
			Body: 'oi',
		};
		await record(
			'Twilio form without MessageSid',
			fetch(T.twilio.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'x-twilio-signature': twilioSignature(DEFAULT_CREDENTIALS.twilio.authToken, T.twilio.url, params),
				},
				body: new URLSearchParams(params).toString(),
			}),
		);
		expect(answers.map(([label, status]) => [label, status])).toEqual([
			['malformed JSON', 422],
			['malformed JSON as text/plain', 400],
			['a JSON array', 400],
			['another product', 400],
			['oversized', 413],
			['Twilio form without MessageSid', 400],
		]);
		expect(answers[1][2]).toContain('not valid JSON');
		await settle();
		expect(await triggerExecutions(STATIC)).toBe(executions);
	});

	it('a batch with broken elements, a status of a message never sent, and the batch replayed: the good ones come out, once', async () => {
		const A = '21987650201';
		gateway.openWindow(digits(A));
		// This test writes the statuses itself: the fake posts none for this message.
		gateway.configure({ meta: { callbackUrl: '' } });
		const [sentMessage] = await send(S.meta, [row('BAD-1', A, 'whatsapp')]);
		expect(sentMessage.delivery.status).toBe('sent');
		const executions = await triggerExecutions(STATIC);
		const since = receiver.received.length;
		const now = Date.now();
		const failed = {
			id: sentMessage.delivery.providerMessageId,
			status: 'failed',
			timestamp: unix(now),
			recipient_id: digits(A),
			biz_opaque_callback_data: key('BAD-1', 'whatsapp'),
			errors: [
				{
					code: 131026,
					title: 'Message undeliverable',
					message: 'Message undeliverable',
					error_data: { details: 'Unable to deliver.' },
				},
			],
		};
		const batch = metaStatuses([
			{ status: 'failed', timestamp: unix(now) },
			failed,
			{
				id: 'wamid.NEVERSENT0001',
				status: 'exploded',
				timestamp: unix(now),
				recipient_id: digits(A),
			},
			// Someone else's message to the same number (no correlation data): not ours.
			{
				...failed,
				id: 'wamid.NEVERSENT0002',
				biz_opaque_callback_data: undefined,
			},
			// Our key's shape, but the record never held it.
			{
				...failed,
				id: 'wamid.NEVERSENT0003',
				biz_opaque_callback_data: 'GHOST-1:overdue_6d:whatsapp',
			},
		]);
		const first = await metaPost(batch);
		expect([first.status, JSON.parse(await first.text())]).toEqual([200, { received: 3, emitted: 3 }]);
		await settle();
		// The same bytes again a moment later (a provider's replay): answered, not run again.
		const replay = await metaPost(batch);
		expect(replay.status).toBe(200);
		await settle();
		const out = emitted(T.meta, since);
		const summary = (messageId: unknown) => {
			const e = out.find((x) => x.event.messageId === messageId)?.event;
			return e && [e.invoiceId, e.matchedBy, e.sentAt === null, e.matched];
		};
		expect(out).toHaveLength(3);
		expect(summary(sentMessage.delivery.providerMessageId)).toEqual(['BAD-1', 'correlation', false, true]);
		expect(summary('wamid.NEVERSENT0002')).toEqual([null, null, true, false]);
		// Not in the record: the invoice is read from the key's shape, and nothing says when it was sent.
		expect(summary('wamid.NEVERSENT0003')?.slice(0, 3)).toEqual(['GHOST-1', 'key_format', true]);
		expect(await triggerExecutions(STATIC)).toBe(executions + 1);
		// The trigger still works: a reply right after.
		expect((await reply(T.meta, { from: digits(A), text: 'Tudo certo?' })).status).toBe(200);
		await settle();
		expect(
			emitted(T.meta, since)
				.filter((e) => e.event.kind === 'reply')
				.map((e) => e.event.invoiceId),
		).toEqual(['BAD-1']);
	});
});

describe('n8n execute while n8n start runs', () => {
	it('messages sent by `n8n execute` (another process, same database) are in the record the running trigger reads', async () => {
		const [trigger] = EXEC.triggers;
		const since = receiver.received.length;
		const run = await home.execute(EXEC.id);
		expect(run.error).toBeUndefined();
		expect((run.nodes['Send twilio']?.outputs[0] ?? []).map((i) => i.json.invoiceId)).toEqual(['EXEC-1', 'EXEC-F']);
		// `n8n execute` (mode cli) saved the workflow's static data when the run ended.
		expect(Object.keys((await staticData(EXEC)).keys ?? {}).sort()).toEqual([key('EXEC-1'), key('EXEC-F')]);
		await flush();
		expect(emitted(trigger, since).map((e) => [e.event.invoiceId, e.event.status, e.event.matchedBy, e.event.sentAt !== null])).toEqual([
			['EXEC-F', 'undelivered', 'correlation', true],
		]);
		expect((await staticData(EXEC)).keys?.[key('EXEC-1')]?.out?.status).toBe('delivered');
	});
});
