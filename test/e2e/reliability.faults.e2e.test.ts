/**
 * Fault injection at scale, in a real n8n 2.41.1 against the fake gateway: 10,000 messages
 * through the Send node (Twilio), with 10% 5xx (502/503 retryable, 500 ambiguous), 5% replies
 * that never come after the gateway accepted the message, bursts of 429 with Retry-After, and 1%
 * invalid numbers (half caught by the node, half refused by the provider).
 *
 * What it proves (RELIABILITY.md): every input item ends in exactly one output with a reason;
 * the gateway never accepts one idempotency key twice; Retry-After is honoured per recipient and
 * pauses the whole node; attempts per message stay within Max Attempts plus the throttle
 * allowance; the run's time stays bounded. The figures go to .tmp/reliability/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type FakeGateway, start } from '../fake-gateway';
import type { RecordedRequest } from '../fake-gateway/types';
import { N8nHome, REPO_ROOT, type RunResult, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';

jest.setTimeout(600_000);

const TOTAL = 10_000;
const MAX_ATTEMPTS = 4;
/** The throttle allowance per message (backoff.ts DEFAULT_BACKOFF.maxThrottledAttempts). */
const THROTTLED_BUDGET = 10;
const TIMEOUT_MS = 1500;
const CONCURRENCY = 50;
/** The whole run (n8n start-up included) must finish within this. */
const RUN_BUDGET_MS = 300_000;

type Category =
	| 'ok'
	| 'e502_once'
	| 'e503_twice'
	| 'e503_always'
	| 'e502_always'
	| 'e500'
	| 'hang'
	| 'bad_phone'
	| 'provider_invalid'
	| 'throttled_once'
	| 'throttled_twice';

/** 429 bursts: blocks of consecutive messages (they go out together) throttled with Retry-After. */
const THROTTLE_BLOCKS: Array<{ from: number; to: number; category: Category; fault: string; retryAfter: number }> = [
	{ from: 2000, to: 2050, category: 'throttled_once', fault: '429;burst=1;retryAfter=1', retryAfter: 1 },
	{ from: 5000, to: 5050, category: 'throttled_once', fault: '429;burst=1;retryAfter=1', retryAfter: 1 },
	{ from: 6500, to: 6520, category: 'throttled_twice', fault: '429;burst=2;retryAfter=2', retryAfter: 2 },
	{ from: 8000, to: 8050, category: 'throttled_once', fault: '429;burst=1;retryAfter=1', retryAfter: 1 },
];

/** Each message's fate, decided by its position: spread evenly over the run. */
function categoryOf(i: number): Category {
	for (const block of THROTTLE_BLOCKS) if (i >= block.from && i < block.to) return block.category;
	const r = i % 100;
	if (r <= 2) return 'e502_once';
	if (r <= 4) return 'e503_twice';
	if (r === 5) return 'e503_always';
	if (r === 6) return 'e502_always';
	if (r <= 9) return 'e500';
	if (r <= 14) return 'hang';
	if (r === 15 && i % 200 === 15) return 'bad_phone';
	if (r === 15) return 'provider_invalid';
	return 'ok';
}

const FAULTS: Partial<Record<Category, string>> = {
	e502_once: '502;burst=1',
	e503_twice: '503;burst=2',
	e503_always: '503',
	e502_always: '502',
	e500: '500',
	hang: 'hang',
	provider_invalid: '21211',
};

/** What each category must end as: output, status, attempts, accepted by the gateway. */
const EXPECTED: Record<Category, { output: 'Sent' | 'Failed'; status: string; attempts: number; accepted: number; reason?: string }> = {
	ok: { output: 'Sent', status: 'sent', attempts: 1, accepted: 1 },
	e502_once: { output: 'Sent', status: 'sent', attempts: 2, accepted: 1 },
	e503_twice: { output: 'Sent', status: 'sent', attempts: 3, accepted: 1 },
	e503_always: { output: 'Failed', status: 'failed', attempts: MAX_ATTEMPTS, accepted: 0, reason: 'provider_error' },
	e502_always: { output: 'Failed', status: 'failed', attempts: MAX_ATTEMPTS, accepted: 0, reason: 'provider_error' },
	e500: { output: 'Failed', status: 'unknown', attempts: 1, accepted: 0, reason: 'provider_error' },
	hang: { output: 'Failed', status: 'unknown', attempts: 1, accepted: 1, reason: 'timeout' },
	bad_phone: { output: 'Failed', status: 'failed', attempts: 0, accepted: 0, reason: 'invalid_number' },
	provider_invalid: { output: 'Failed', status: 'failed', attempts: 1, accepted: 0, reason: 'invalid_number' },
	throttled_once: { output: 'Sent', status: 'sent', attempts: 2, accepted: 1 },
	throttled_twice: { output: 'Sent', status: 'sent', attempts: 3, accepted: 1 },
};

const invoiceId = (i: number) => `F${String(i).padStart(5, '0')}`;
const digitsOf = (i: number) => `55119${60_000_000 + i}`;
const keyOf = (i: number) => `${invoiceId(i)}:overdue_6d:sms`;

/** The Code node that makes the 10,000 rows inside n8n (a loop, not 2 MB of literal JSON). */
function rowsSource(): string {
	const badPhones: number[] = [];
	for (let i = 0; i < TOTAL; i++) if (categoryOf(i) === 'bad_phone') badPhones.push(i);
	return [
		`const bad = new Set(${JSON.stringify(badPhones)});`,
		'const out = [];',
		`for (let i = 0; i < ${TOTAL}; i++) {`,
		`\tconst id = 'F' + String(i).padStart(5, '0');`,
		`\tconst phone = bad.has(i) ? 'tel. ' + i + ' ramal 2' : '+55119' + String(60000000 + i);`,
		`\tout.push({ json: { invoiceId: id, customerId: 'C' + i, phone, country: 'BR', dunning: { stage: 'overdue_6d' }, message: { channel: 'sms', text: 'Sua fatura venceu. Pague pelo link https://pay.example.com/' + id } } });`,
		'}',
		'return out;',
	].join('\n');
}

type Delivery = { status: string; reason?: string; attempts: number; idempotencyKey: string; retryable?: boolean; message?: string };
type OutItem = { json: { invoiceId: string; delivery: Delivery }; pairedItem?: { item: number } };

let home: N8nHome;
let gateway: FakeGateway;

beforeAll(async () => {
	const numbers: Record<string, string> = {};
	for (let i = 0; i < TOTAL; i++) {
		const block = THROTTLE_BLOCKS.find((b) => i >= b.from && i < b.to);
		const fault = block?.fault ?? FAULTS[categoryOf(i)];
		if (fault) numbers[digitsOf(i)] = fault;
	}
	gateway = await start({
		faults: { suffixTable: false, numbers },
		webhooks: { mode: 'off' },
		limits: { requestLog: 50_000 },
	});
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
});

afterAll(async () => {
	await gateway?.close();
});

function importFaultWorkflow(id: string): void {
	const outputs = ['Sent', 'Failed', 'Skipped'];
	const workflow = chainWorkflow(id, [], [
		{
			name: 'Send',
			type: nodeType('sendViaGateway'),
			typeVersion: 1,
			parameters: {
				provider: 'twilio',
				contactHours: 'off',
				policy: { messagesPerSecond: 0, maxConcurrentRequests: CONCURRENCY, maxAttempts: MAX_ATTEMPTS, retryDelaySeconds: 0.5 },
				// Twilio carries the idempotency key only as `ref` on the status callback URL.
				options: { timeout: TIMEOUT_MS, statusCallbackUrl: 'http://127.0.0.1:9/status' },
			},
			credentials: credentialRef('twilio'),
		},
		...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
	]) as { nodes: Array<{ name: string; parameters: Record<string, unknown> }>; connections: Record<string, unknown> };
	(workflow.nodes.find((n) => n.name === 'Rows') as { parameters: Record<string, unknown> }).parameters.jsCode = rowsSource();
	for (const name of outputs) delete workflow.connections[name];
	workflow.connections.Send = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
	home.importWorkflows([workflow]);
}

function byRecipient(requests: RecordedRequest[]): Map<string, RecordedRequest[]> {
	const map = new Map<string, RecordedRequest[]>();
	for (const r of requests) {
		for (const recipient of r.recipients) {
			const list = map.get(recipient) ?? [];
			list.push(r);
			map.set(recipient, list);
		}
	}
	for (const list of map.values()) list.sort((a, b) => a.seq - b.seq);
	return map;
}

describe('10,000 messages with injected faults, in a real n8n', () => {
	let run: RunResult;
	let wallMs: number;
	const outputs: Record<'Sent' | 'Failed' | 'Skipped', OutItem[]> = { Sent: [], Failed: [], Skipped: [] };

	beforeAll(async () => {
		importFaultWorkflow('e2eRelFaults10k');
		const started = Date.now();
		run = await home.execute('e2eRelFaults10k', { timeoutMs: RUN_BUDGET_MS + 60_000 });
		wallMs = Date.now() - started;
		// The Send node's own outputs (a NoOp after it renumbers pairedItem to its own input).
		(['Sent', 'Failed', 'Skipped'] as const).forEach((name, o) => (outputs[name] = (run.nodes.Send?.outputs[o] ?? []) as unknown as OutItem[]));
	});

	it('ends every input item in exactly one output, with a reason when it was not sent', () => {
		expect(run.error).toBeUndefined();
		expect(run.exitCode).toBe(0);
		const total = outputs.Sent.length + outputs.Failed.length + outputs.Skipped.length;
		expect(total).toBe(TOTAL);
		const seen = new Map<string, string>();
		for (const [name, items] of Object.entries(outputs)) {
			for (const item of items) {
				expect(seen.has(item.json.invoiceId)).toBe(false);
				seen.set(item.json.invoiceId, name);
				// pairedItem points back at the input row the item came from.
				expect(item.pairedItem).toEqual({ item: Number(item.json.invoiceId.slice(1)) });
				if (name !== 'Sent') {
					expect(item.json.delivery.reason).toEqual(expect.any(String));
					expect(item.json.delivery.message).toEqual(expect.any(String));
				}
			}
		}
		expect(seen.size).toBe(TOTAL);
		// The NoOp nodes after each output received the same items.
		expect(['Sent', 'Failed', 'Skipped'].map((name) => run.nodes[name]?.outputs[0]?.length ?? 0)).toEqual([outputs.Sent.length, outputs.Failed.length, outputs.Skipped.length]);
	});

	it('gives each message the outcome its fault calls for', () => {
		const where = new Map<string, { output: string; delivery: Delivery }>();
		for (const [name, items] of Object.entries(outputs)) for (const item of items) where.set(item.json.invoiceId, { output: name, delivery: item.json.delivery });
		const wrong: string[] = [];
		for (let i = 0; i < TOTAL; i++) {
			const category = categoryOf(i);
			const want = EXPECTED[category];
			const got = where.get(invoiceId(i));
			const d = got?.delivery;
			const ok =
				got?.output === want.output &&
				d?.status === want.status &&
				d.attempts === want.attempts &&
				d.idempotencyKey === keyOf(i) &&
				(want.reason === undefined || d.reason === want.reason);
			if (!ok) wrong.push(`${invoiceId(i)} (${category}): ${JSON.stringify({ output: got?.output, ...d })}`);
		}
		expect(wrong.slice(0, 20)).toEqual([]);
	});

	it('never lets the gateway accept one idempotency key twice, and accepts exactly what was sent', () => {
		const stats = gateway.statsReport();
		expect(stats.untracked).toBe(0);
		expect(stats.duplicateKeys).toEqual([]);
		expect(stats.duplicateRecipients).toEqual([]);
		const wrong: string[] = [];
		for (let i = 0; i < TOTAL; i++) {
			const want = EXPECTED[categoryOf(i)];
			const counts = gateway.countForKey(keyOf(i));
			// Every request of a message carries its key; a message caught before sending makes none.
			if (counts.accepted !== want.accepted || counts.requests !== want.attempts) wrong.push(`${keyOf(i)} ${categoryOf(i)} ${JSON.stringify(counts)}`);
		}
		expect(wrong.slice(0, 20)).toEqual([]);
		expect(stats.messagesAccepted).toBe(outputs.Sent.length + outputs.Failed.filter((o) => o.json.delivery.reason === 'timeout').length);
	});

	it('honours Retry-After per recipient, and pauses the whole node meanwhile', () => {
		const requests = gateway.requests({ provider: 'twilio' });
		expect(requests).toHaveLength(gateway.requestCount);
		const perRecipient = byRecipient(requests);
		let throttledReplies = 0;
		const gaps: number[] = [];
		for (const block of THROTTLE_BLOCKS) {
			for (let i = block.from; i < block.to; i++) {
				const list = perRecipient.get(digitsOf(i)) ?? [];
				expect(list.map((r) => r.status)).toEqual(block.retryAfter === 2 ? [429, 429, 201] : [429, 201]);
				for (let k = 1; k < list.length; k++) {
					const gap = list[k].at - list[k - 1].at;
					gaps.push(gap);
					expect(gap).toBeGreaterThanOrEqual(block.retryAfter * 1000);
				}
				throttledReplies += list.filter((r) => r.status === 429).length;
			}
		}
		expect(throttledReplies).toBe(THROTTLE_BLOCKS.reduce((n, b) => n + (b.to - b.from) * (b.retryAfter === 2 ? 2 : 1), 0));
		// The whole node waits, not only the throttled messages: after each burst's first 429 the
		// gateway sees a silence of about Retry-After (the rest of the 10,000 would otherwise arrive
		// every few milliseconds). Measured at the gateway, so the node's reply latency is allowed for.
		const ordered = requests.slice().sort((a, b) => a.at - b.at || a.seq - b.seq);
		const silences: number[] = [];
		for (const block of THROTTLE_BLOCKS) {
			const blockDigits = new Set(Array.from({ length: block.to - block.from }, (_, k) => digitsOf(block.from + k)));
			const first = ordered.find((r) => r.status === 429 && blockDigits.has(r.recipients[0])) as RecordedRequest;
			const around = ordered.filter((r) => r.at >= first.at && r.at <= first.at + block.retryAfter * 1000 + 3000);
			let silence = 0;
			for (let k = 1; k < around.length; k++) silence = Math.max(silence, around[k].at - around[k - 1].at);
			silences.push(silence);
		}
		// Measured: 860-1,030 ms for Retry-After 1 s. Without the pause the gaps are a few ms; half of
		// Retry-After leaves room for a loaded machine's reply latency.
		for (const [b, block] of THROTTLE_BLOCKS.entries()) expect(silences[b]).toBeGreaterThanOrEqual(block.retryAfter * 1000 * 0.5);
		fs.mkdirSync(path.join(REPO_ROOT, '.tmp', 'reliability'), { recursive: true });
		fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'reliability', 'retry-after-gaps.json'), JSON.stringify({ min: Math.min(...gaps), max: Math.max(...gaps), count: gaps.length, silences }));
	});

	it('keeps attempts within Max Attempts plus the throttle allowance, and the run within its time budget', () => {
		const budget = MAX_ATTEMPTS + THROTTLED_BUDGET;
		for (const items of Object.values(outputs)) for (const item of items) expect(item.json.delivery.attempts).toBeLessThanOrEqual(budget);
		const stats = gateway.statsReport();
		for (const counts of Object.values(stats.perKey)) expect(counts.requests).toBeLessThanOrEqual(budget);
		expect(wallMs).toBeLessThan(RUN_BUDGET_MS);

		const count = (items: OutItem[], status: string) => items.filter((i) => i.json.delivery.status === status).length;
		const figures = {
			messages: TOTAL,
			wallSeconds: Math.round(wallMs / 100) / 10,
			sendNodeSeconds: Math.round(run.nodes.Send.executionTime / 100) / 10,
			messagesPerSecond: Math.round(TOTAL / (run.nodes.Send.executionTime / 1000)),
			gatewayRequests: stats.requests,
			gatewayAccepted: stats.messagesAccepted,
			byStatus: stats.byStatus,
			sent: outputs.Sent.length,
			failed: count(outputs.Failed, 'failed'),
			unknown: count(outputs.Failed, 'unknown'),
			skipped: outputs.Skipped.length,
			failedByReason: Object.fromEntries(
				[...new Set(outputs.Failed.map((i) => `${i.json.delivery.status}:${i.json.delivery.reason}`))].map((k) => [
					k,
					outputs.Failed.filter((i) => `${i.json.delivery.status}:${i.json.delivery.reason}` === k).length,
				]),
			),
			maxAttempts: Math.max(...Object.values(outputs).flatMap((items) => items.map((i) => i.json.delivery.attempts))),
		};
		fs.mkdirSync(path.join(REPO_ROOT, '.tmp', 'reliability'), { recursive: true });
		fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'reliability', 'faults-10k.json'), JSON.stringify(figures, null, 2));
		console.log(`reliability: 10,000 messages with faults: ${JSON.stringify(figures)}`);
		expect(figures.sent + figures.failed + figures.unknown + figures.skipped).toBe(TOTAL);
	});
});
