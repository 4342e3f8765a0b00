/**
 * The Redis record of sent messages against a real redis-server (Debian's, installed by
 * scripts/queue-services.mjs when missing), password-protected, on loopback:
 * - the ledger's Lua scripts: two connections racing on the same 2,000 keys reserve each exactly
 *   once; TTLs; release only by the owner;
 * - the Send node inside the real n8n: two different workflows (so two separate static data)
 *   sharing one Redis record send each message once, the second says `delivery.ledger: redis`, and
 *   the Redis password appears nowhere in the run.
 * The full queue-mode cluster (main + 2 workers + PostgreSQL) is test/e2e/queueMode.e2e.test.ts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Redis from 'ioredis';

import type { Reservation } from '../../nodes/core/policy/ledger';
import { RedisEventRecord } from '../../nodes/core/events/record';
import { phoneKey } from '../../nodes/core/policy/frequencyCap';
import { RedisFrequencyCap, RedisLedger } from '../../nodes/core/policy/redisLedger';
import { type FakeGateway, start } from '../fake-gateway';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { N8nHome, REPO_ROOT, chainWorkflow, freePort, nodeType } from './harness';
import { openSharedHome } from './shared-home';

jest.setTimeout(240_000);

const PASSWORD = 'e2e-redis-password-7f3a9c';
const DAY = 86_400_000;

let redisProcess: ChildProcess;
let port: number;
let dir: string;
const clients: Redis[] = [];

function redisServerPath(): string {
	const script = path.join(REPO_ROOT, 'scripts', 'queue-services.mjs');
	const out = execFileSync(
		process.execPath,
		['--input-type=module', '-e', `import { ensureQueueServices } from ${JSON.stringify(script)}; console.log(JSON.stringify(ensureQueueServices()));`],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const found = JSON.parse(out.trim().split('\n').pop() as string) as { redisServer: string };
	return found.redisServer;
}

function client(): Redis {
	const c = new Redis({ host: '127.0.0.1', port, password: PASSWORD, lazyConnect: true, maxRetriesPerRequest: 1 });
	clients.push(c);
	return c;
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dunning-redis-'));
	port = await freePort();
	redisProcess = spawn(
		redisServerPath(),
		['--port', String(port), '--bind', '127.0.0.1', '--requirepass', PASSWORD, '--save', '', '--appendonly', 'no', '--dir', dir],
		{ stdio: 'ignore' },
	);
	const probe = client();
	const deadline = Date.now() + 20_000;
	for (;;) {
		try {
			await probe.connect();
			if ((await probe.ping()) === 'PONG') break;
		} catch {
			probe.disconnect();
			if (Date.now() > deadline) throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
});

afterAll(async () => {
	for (const c of clients) c.disconnect();
	redisProcess?.kill('SIGTERM');
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('Redis ledger scripts in a real redis-server', () => {
	it('two connections racing on the same 2,000 keys: each key reserved exactly once', async () => {
		const [c1, c2] = [client(), client()];
		await Promise.all([c1.connect(), c2.connect()]);
		const a = new RedisLedger(c1, { now: Date.now, prefix: 'race:', ref: 'exec-a', token: 'tok-a' });
		const b = new RedisLedger(c2, { now: Date.now, prefix: 'race:', ref: 'exec-b', token: 'tok-b' });
		const keys = Array.from({ length: 2000 }, (_, i) => `INV-${i}:overdue_3d:sms`);
		const started = performance.now();
		// Both claim every key at the same moment, 100 keys at a time, the first mover alternating
		// between chunks, so that each connection wins some keys and loses others.
		const ra: Reservation[] = [];
		const rb: Reservation[] = [];
		for (let start = 0; start < keys.length; start += 100) {
			const chunk = keys.slice(start, start + 100);
			const claim = (ledger: RedisLedger) => Promise.all(chunk.map((k) => ledger.reserve(k, DAY)));
			const [x, y] = (start / 100) % 2 === 0 ? await Promise.all([claim(a), claim(b)]) : await Promise.all([claim(b), claim(a)]).then(([p, q]) => [q, p]);
			ra.push(...x);
			rb.push(...y);
		}
		const ms = performance.now() - started;
		let winsA = 0;
		for (let i = 0; i < keys.length; i++) {
			const reserved = [ra[i], rb[i]].filter((r) => r.status === 'reserved');
			expect(reserved).toHaveLength(1);
			const loser = ra[i].status === 'reserved' ? rb[i] : ra[i];
			expect(loser).toMatchObject({ status: 'duplicate', state: 'reserved', ref: ra[i].status === 'reserved' ? 'exec-a' : 'exec-b', sameRun: false });
			if (ra[i].status === 'reserved') winsA++;
		}
		// Both connections won some keys: they really raced.
		expect(winsA).toBeGreaterThan(0);
		expect(winsA).toBeLessThan(keys.length);
		console.log(`4,000 reservations of 2,000 keys claimed at once by 2 connections: ${ms.toFixed(0)} ms; connection A won ${winsA}, B ${keys.length - winsA}`);
		expect(await c1.dbsize()).toBe(2000);
	});

	it('confirm marks sent with the TTL; release deletes only the owner’s reservation', async () => {
		const [c1, c2] = [client(), client()];
		await Promise.all([c1.connect(), c2.connect()]);
		const a = new RedisLedger(c1, { now: Date.now, prefix: 'life:', ref: 'exec-a', token: 'tok-a' });
		const b = new RedisLedger(c2, { now: Date.now, prefix: 'life:', ref: 'exec-b', token: 'tok-b' });
		await a.reserve('K1', 60_000);
		await a.reserve('K2', 60_000);
		await b.release('K1');
		expect(await c1.exists('life:K1')).toBe(1);
		await a.release('K1');
		expect(await c1.exists('life:K1')).toBe(0);
		await a.confirm('K2', { ref: 'exec-a' });
		const pttl = await c1.pttl('life:K2');
		expect(pttl).toBeGreaterThan(55_000);
		expect(pttl).toBeLessThanOrEqual(60_000);
		expect(JSON.parse((await c1.get('life:K2')) as string)).toMatchObject({ s: 's', ref: 'exec-a' });
		await a.release('K2');
		expect(await b.reserve('K2', 60_000)).toMatchObject({ status: 'duplicate', state: 'sent', ref: 'exec-a' });
		// A reservation is a short lease; begin holds the key for the full TTL.
		const leased = new RedisLedger(c1, { now: Date.now, prefix: 'life:', ref: 'exec-l', token: 'tok-l', leaseMs: 100 });
		await leased.reserve('K3', 60_000);
		expect(await c1.pttl('life:K3')).toBeLessThanOrEqual(100);
		expect(await leased.begin('K3')).toEqual({ status: 'reserved' });
		expect(await c1.pttl('life:K3')).toBeGreaterThan(55_000);
		// A lease that ran out can be taken by another run; the first one's begin then refuses.
		await leased.reserve('K4', 60_000);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(await b.reserve('K4', 60_000)).toEqual({ status: 'reserved' });
		expect(await leased.begin('K4')).toMatchObject({ status: 'duplicate', state: 'reserved', ref: 'exec-b' });
		await leased.release('K4');
		expect(JSON.parse((await c1.get('life:K4')) as string)).toMatchObject({ tok: 'tok-b' });
	});
});

describe('the record as Dunning Events reads it, in a real redis-server (Lua with cjson)', () => {
	it('finds a message by key, provider id and hashed number; a status resolves an unknown outcome and never moves it back; redeliveries claimed once', async () => {
		const [c1, c2] = [client(), client()];
		await Promise.all([c1.connect(), c2.connect()]);
		const now = () => Date.UTC(2026, 11, 2, 15, 0, 0);
		const ledger = new RedisLedger(c1, { now, ref: '501', token: 'tok-ev', prefix: 'ev:' });
		await ledger.reserve('INV-1:overdue_6d:whatsapp', 30 * DAY);
		await ledger.confirm('INV-1:overdue_6d:whatsapp', { message: { pr: 'meta', ch: 'whatsapp', to: phoneKey('+5511987654321'), id: 'wamid.1', inv: 'INV-1', st: 'overdue_6d' } });
		// A timeout after the request left: reserved, outcome unknown.
		await ledger.reserve('INV-2:overdue_3d:sms', 30 * DAY);
		await ledger.begin('INV-2:overdue_3d:sms');
		const record = new RedisEventRecord(c2, { prefix: 'ev:' });
		expect(await record.byKey('INV-1:overdue_6d:whatsapp')).toMatchObject({ state: 'sent', ref: '501', message: { id: 'wamid.1', inv: 'INV-1' } });
		expect((await record.byMessageId('meta', 'wamid.1'))?.key).toBe('INV-1:overdue_6d:whatsapp');
		expect((await record.latestTo(phoneKey('+5511987654321')))?.key).toBe('INV-1:overdue_6d:whatsapp');
		expect(await record.byMessageId('meta', 'wamid.unknown')).toBeNull();
		const ttlBefore = await c1.pttl('ev:INV-1:overdue_6d:whatsapp');
		expect(await record.recordOutcome('INV-1:overdue_6d:whatsapp', { status: 'read', at: now() + 9000 })).toMatchObject({ outcome: { status: 'read' } });
		expect(await record.recordOutcome('INV-1:overdue_6d:whatsapp', { status: 'delivered', at: now() + 5000 })).toMatchObject({ outcome: { status: 'read' } });
		// The time to live is kept, not renewed.
		expect(await c1.pttl('ev:INV-1:overdue_6d:whatsapp')).toBeLessThanOrEqual(ttlBefore);
		expect(await c1.pttl('ev:INV-1:overdue_6d:whatsapp')).toBeGreaterThan(ttlBefore - 5000);
		expect(await record.recordOutcome('INV-2:overdue_3d:sms', { status: 'failed', reason: 'undeliverable', code: '30003', at: now() + 1 })).toMatchObject({
			state: 'sent',
			outcome: { status: 'failed', reason: 'undeliverable', code: '30003' },
		});
		// The Send node's next run sees what the status said.
		const next = new RedisLedger(c1, { now, ref: '502', token: 'tok-next', prefix: 'ev:' });
		expect(await next.reserve('INV-2:overdue_3d:sms', 30 * DAY)).toMatchObject({ status: 'duplicate', state: 'sent', outcome: { status: 'failed', reason: 'undeliverable' } });
		expect(await record.recordOutcome('INV-404:overdue_3d:sms', { status: 'failed', at: now() })).toBeNull();
		expect(await c1.exists('ev:INV-404:overdue_3d:sms')).toBe(0);
		// Two connections claiming the same event ids: each claimed once.
		const ids = Array.from({ length: 200 }, (_, i) => `meta:wamid.${i}:delivered`);
		const claims = await Promise.all([...ids.map((id) => record.claimEvent(id, DAY)), ...ids.map((id) => new RedisEventRecord(c1, { prefix: 'ev:' }).claimEvent(id, DAY))]);
		expect(claims.filter(Boolean)).toHaveLength(200);
		expect(await c1.pttl('ev:evt:meta:wamid.0:delivered')).toBeGreaterThan(DAY - 60_000);
	});
});

describe('daily cap per debtor in a real redis-server', () => {
	it('20 concurrent takes for one debtor from two connections: exactly the limit allowed; give back; key expires', async () => {
		const [c1, c2] = [client(), client()];
		await Promise.all([c1.connect(), c2.connect()]);
		const caps = [new RedisFrequencyCap(c1, { limit: 2, prefix: 'cap-test:' }), new RedisFrequencyCap(c2, { limit: 2, prefix: 'cap-test:' })];
		const results = await Promise.all(Array.from({ length: 20 }, (_, i) => caps[i % 2].take('C-0001', '2026-11-23')));
		expect(results.filter((r) => r.allowed)).toHaveLength(2);
		expect(results.filter((r) => !r.allowed).every((r) => r.count === 2)).toBe(true);
		const [key] = await c1.keys('cap-test:cap:*');
		expect(key).toMatch(/^cap-test:cap:[\w-]{22}:2026-11-23$/);
		expect(await c1.pttl(key)).toBeGreaterThan(2 * 86_400_000);
		await caps[1].giveBack('C-0001', '2026-11-23');
		expect(await c1.get(key)).toBe('1');
		expect((await caps[0].take('C-0001', '2026-11-23')).allowed).toBe(true);
		expect((await caps[0].take('C-0001', '2026-11-24')).allowed).toBe(true);
	});
});

describe('Send node with the Redis record in the real n8n', () => {
	let home: N8nHome;
	let gateway: FakeGateway;

	beforeAll(async () => {
		gateway = await start();
		home = await openSharedHome();
		home.importCredentials([
			...fakeGatewayCredentials(gateway.url),
			{ id: 'dunRedisE2e00001', name: 'Redis (e2e)', type: 'redis', data: { host: '127.0.0.1', port, database: 0, user: '', password: PASSWORD, ssl: false } },
		]);
	});

	afterAll(async () => {
		await gateway?.close();
	});

	/** Rows → Send (Twilio, Sent Messages Record = Redis with `redis`) → Sent / Failed / Skipped. */
	function importWorkflow(id: string, rows: object[], redis = { id: 'dunRedisE2e00001', name: 'Redis (e2e)' }, parameters: object = { redisKeyPrefix: 'e2e:sent:' }) {
		const outputs = ['Sent', 'Failed', 'Skipped'];
		const workflow = chainWorkflow(id, rows, [
			{
				name: 'Send',
				type: nodeType('sendViaGateway'),
				typeVersion: 1,
				parameters: { provider: 'twilio', contactHours: 'off', ledger: 'redis', ...parameters },
				credentials: { ...credentialRef('twilio'), redis },
			},
			...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
		]) as { connections: Record<string, unknown> };
		for (const name of outputs) delete workflow.connections[name];
		workflow.connections.Send = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
		home.importWorkflows([workflow]);
	}

	const sms = { channel: 'sms', text: 'Sua fatura venceu. Pague pelo link.' };
	const row = (invoiceId: string, phone: string) => ({ invoiceId, phone, country: 'BR', dunning: { stage: 'overdue_6d' }, message: sms });

	it('two workflows (two static data) sharing one Redis record send each message once; the second says Redis decided', async () => {
		const rows = [row('RL-1', '11987650001'), row('RL-2', '11987650002'), row('RL-3', '11987650003')];
		importWorkflow('e2eRedisLedgerA', rows);
		importWorkflow('e2eRedisLedgerB', [...rows, row('RL-4', '11987650004')]);
		const first = await home.execute('e2eRedisLedgerA');
		const second = await home.execute('e2eRedisLedgerB');
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		const delivery = (run: typeof first, output: string) => (run.nodes[output]?.outputs[0] ?? []).map((i) => ({ id: i.json.invoiceId, ...(i.json.delivery as object) })) as Array<Record<string, unknown>>;
		expect(delivery(first, 'Sent').map((d) => d.id)).toEqual(['RL-1', 'RL-2', 'RL-3']);
		expect(delivery(second, 'Sent').map((d) => d.id)).toEqual(['RL-4']);
		expect(delivery(second, 'Skipped').map((d) => [d.id, d.reason, d.ledger])).toEqual([
			['RL-1', 'duplicate', 'redis'],
			['RL-2', 'duplicate', 'redis'],
			['RL-3', 'duplicate', 'redis'],
		]);
		expect(String(delivery(second, 'Skipped')[0].message)).toContain('Already sent at');
		for (const n of [1, 2, 3, 4]) expect(gateway.countFor(`55119876500${String(n).padStart(2, '0')}`)).toEqual({ requests: 1, accepted: 1 });
		expect(gateway.statsReport().duplicateKeys).toEqual([]);
		const c = client();
		await c.connect();
		const keys = await c.keys('e2e:sent:*');
		expect(keys.filter((k) => !/^e2e:sent:(id|to):/.test(k)).sort()).toEqual(['RL-1', 'RL-2', 'RL-3', 'RL-4'].map((id) => `e2e:sent:${id}:overdue_6d:sms`));
		// Each sent message is indexed for Dunning Events: by Twilio's message id, and by the debtor's (hashed) number.
		expect(keys.filter((k) => k.startsWith('e2e:sent:id:twilio:SM'))).toHaveLength(4);
		expect(keys.filter((k) => k.startsWith('e2e:sent:to:'))).toHaveLength(8);
		expect(keys.join(' ')).not.toMatch(/98765/);
		expect(JSON.stringify(first)).not.toContain(PASSWORD);
		expect(JSON.stringify(second)).not.toContain(PASSWORD);
	});

	it('with Redis unreachable the run fails before sending, naming the credential', async () => {
		home.importCredentials([{ id: 'dunRedisE2e00002', name: 'Redis (stopped)', type: 'redis', data: { host: '127.0.0.1', port: await freePort(), database: 0, password: PASSWORD } }]);
		importWorkflow('e2eRedisLedgerDown', [row('RD-1', '11987650011')], { id: 'dunRedisE2e00002', name: 'Redis (stopped)' }, {});
		const run = await home.execute('e2eRedisLedgerDown');
		expect(JSON.stringify(run.error)).toContain('Could not reach Redis at 127.0.0.1:');
		expect(JSON.stringify(run.error)).toContain('credential \\"Redis (stopped)\\"');
		expect(JSON.stringify(run)).not.toContain(PASSWORD);
		expect(gateway.countFor('5511987650011').requests).toBe(0);
	});
});
