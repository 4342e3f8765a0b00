/**
 * The Send node with Sent Messages Record = Redis, the connection replaced by an in-memory store
 * (the real redis-server runs in test/e2e/redisLedger.e2e.test.ts): which record decides a skip,
 * two "workers" sharing one record, and a record that fails on one item.
 */
import type { IDataObject } from 'n8n-workflow';

import { BEGIN_SCRIPT, CAP_GIVE_BACK_SCRIPT, CAP_TAKE_SCRIPT, CONFIRM_SCRIPT, RedisLedger, type RedisEvalClient } from '../../nodes/core/policy/redisLedger';
import { openRedisLedger } from '../../nodes/SendViaGateway/redis';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { mockContext } from './mock-context';
import { TWILIO } from './twilio-credentials';

jest.mock('../../nodes/SendViaGateway/redis', () => ({ openRedisLedger: jest.fn() }));

/** Stands in for Redis: one map shared by every "worker"; keys holding `fail` make EVAL throw. */
class SharedStore implements RedisEvalClient {
	readonly data = new Map<string, string>();
	closed = 0;

	async eval(script: string, numKeys: number, key: string | number, value: string | number, ...rest: Array<string | number>): Promise<unknown> {
		await Promise.resolve();
		if (script === 'return redis.call("GET", KEYS[1])') return this.data.get(String(key)) ?? null;
		if (script === CONFIRM_SCRIPT) {
			// The key, its indexes (provider id, hashed number), then the value, the TTL and the key they point at.
			const args = [key, value, ...rest].map(String);
			const keys = args.slice(0, numKeys);
			if (keys[0].includes('FAIL')) throw new Error('READONLY You can’t write against a read only replica.');
			this.data.set(keys[0], args[numKeys]);
			for (const index of keys.slice(1)) this.data.set(index, args[numKeys + 2]);
			return 1;
		}
		const k = String(key);
		if (k.includes('FAIL')) throw new Error('READONLY You can’t write against a read only replica.');
		if (script === CAP_TAKE_SCRIPT) {
			const count = Number(this.data.get(k) ?? 0);
			if (count >= Number(value)) return -count;
			this.data.set(k, String(count + 1));
			return count + 1;
		}
		if (script === CAP_GIVE_BACK_SCRIPT) {
			const count = Number(this.data.get(k) ?? 0);
			if (count > 0) this.data.set(k, String(count - 1));
			return Math.max(0, count - 1);
		}
		if (script === BEGIN_SCRIPT) {
			const held = this.data.get(k);
			if (held !== undefined && !held.includes(String(value))) return held;
			this.data.set(k, String(rest[0]));
			return null;
		}
		if (script.includes("'NX'")) {
			if (this.data.has(k)) return this.data.get(k);
			this.data.set(k, String(value));
			return null;
		}
		if (script.includes("'DEL'")) {
			if (this.data.get(k)?.includes(String(value))) this.data.delete(k);
			return 1;
		}
		this.data.set(k, String(value));
		return 1;
	}
}

const node = new SendViaGateway();
const CREDENTIALS = {
	...TWILIO,
	redis: { host: '127.0.0.1', port: 6379, database: 0, user: '', password: 'redis-password-value', ssl: false },
};
let sid = 0;
const ok = () => ({ statusCode: 201, headers: {}, body: { sid: `SM${String(++sid).padStart(32, '0')}`, status: 'queued' } });

function item(invoiceId: string, phone: string) {
	return { invoiceId, customerId: `C-${invoiceId}`, phone, country: 'BR', dunning: { stage: 'overdue_3d' }, message: { channel: 'sms', text: 'Olá' } };
}

const store = new SharedStore();
let opened: Array<{ prefix: string; ref: string; token: string }> = [];
(openRedisLedger as jest.Mock).mockImplementation(async (_node: unknown, credentials: IDataObject, options: { prefix: string; ref: string; token: string; now: () => number }) => {
	expect(credentials.host).toBe('127.0.0.1');
	opened.push(options);
	return {
		client: store,
		ledger: new RedisLedger(store, options),
		secrets: [String(credentials.password)],
		close: async () => {
			store.closed++;
		},
	};
});

async function send(items: object[], params: IDataObject = {}, staticData: IDataObject = {}) {
	const mock = mockContext({
		items: items as never,
		params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0, ledger: 'redis', ...params },
		credentials: CREDENTIALS,
		http: () => ok(),
		staticData,
	});
	const [sent, failed, skipped] = await node.execute.call(mock.ctx);
	const d = (list: typeof sent) => list.map((i): IDataObject => ({ id: i.json.invoiceId, ...(i.json.delivery as IDataObject) }));
	return { sent: d(sent), failed: d(failed), skipped: d(skipped), requests: mock.requests, staticData };
}

describe('Send node with the Redis record', () => {
	beforeEach(() => {
		store.data.clear();
		opened = [];
		store.closed = 0;
	});

	it('two workers with empty static data share one record: the second sends nothing again, and says Redis decided', async () => {
		const worker1 = await send([item('A', '11987654321'), item('B', '11987654322')], {}, {});
		const worker2 = await send([item('A', '11987654321'), item('B', '11987654322'), item('C', '11987654323')], {}, {});
		expect(worker1.sent.map((d) => d.id)).toEqual(['A', 'B']);
		expect(worker2.sent.map((d) => d.id)).toEqual(['C']);
		expect(worker2.skipped.map((d) => [d.id, d.reason, d.ledger])).toEqual([
			['A', 'duplicate', 'redis'],
			['B', 'duplicate', 'redis'],
		]);
		expect(worker2.requests).toHaveLength(1);
		// Nothing went into static data: the record is Redis.
		expect(worker1.staticData.keys).toBeUndefined();
		const messages = [...store.data.keys()].filter((k) => !/^dunning:sent:(id|to):/.test(k)).sort();
		expect(messages).toEqual(['dunning:sent:A:overdue_3d:sms', 'dunning:sent:B:overdue_3d:sms', 'dunning:sent:C:overdue_3d:sms']);
		// Indexed for Dunning Events: each provider message id and each (hashed) number points at its key.
		expect([...store.data.entries()].filter(([k]) => k.startsWith('dunning:sent:id:twilio:SM')).map(([, v]) => v).sort()).toEqual(messages.map((m) => m.slice('dunning:sent:'.length)));
		expect(JSON.parse(store.data.get('dunning:sent:A:overdue_3d:sms') as string)).toMatchObject({ s: 's', ref: 'test-execution' });
		expect(store.closed).toBe(2);
		expect(opened[0].token).not.toBe(opened[1].token);
	});

	it('a key the record cannot check fails that item, unsent, with the reason; the others go out', async () => {
		const run = await send([item('A', '11987654321'), item('FAIL-1', '11987654322'), item('B', '11987654323')]);
		expect(run.sent.map((d) => d.id)).toEqual(['A', 'B']);
		expect(run.failed).toEqual([
			expect.objectContaining({ id: 'FAIL-1', status: 'failed', reason: 'ledger_unavailable', retryable: true, attempts: 0 }),
		]);
		expect(String(run.failed[0].message)).toContain('Could not check the record of sent messages (Redis) for the key "FAIL-1:overdue_3d:sms"');
		expect(String(run.failed[0].hint)).toMatch(/Redis is up/);
		expect(run.requests).toHaveLength(2);
		expect(store.closed).toBe(1);
	});

	it('a key another execution took over before this run’s first request is skipped, not sent, and says Redis decided', async () => {
		// What another worker leaves when it claimed the key after this run's lease ran out.
		const other = JSON.stringify({ s: 'r', at: Date.now(), ref: '999', tok: '999:other-run' });
		const realReserve = RedisLedger.prototype.reserve;
		const spy = jest.spyOn(RedisLedger.prototype, 'reserve').mockImplementation(async function (this: RedisLedger, key: string, ttl: number) {
			const result = await realReserve.call(this, key, ttl);
			if (key.startsWith('B:')) store.data.set(`dunning:sent:${key}`, other);
			return result;
		});
		try {
			const run = await send([item('A', '11987654321'), item('B', '11987654322')]);
			expect(run.sent.map((d) => d.id)).toEqual(['A']);
			expect(run.skipped).toEqual([expect.objectContaining({ id: 'B', status: 'skipped', reason: 'duplicate', ledger: 'redis' })]);
			expect(String(run.skipped[0].message)).toContain('(execution 999) reserved this message');
			expect(run.requests).toHaveLength(1);
			expect(store.data.get('dunning:sent:B:overdue_3d:sms')).toBe(other);
		} finally {
			spy.mockRestore();
		}
	});

	it('Max Messages Per Debtor Per Day counts across workers in Redis (by debtor hash), and gives back what was not sent', async () => {
		const debtorItem = (invoiceId: string) => ({ ...item(invoiceId, '11987654321'), customerId: 'C-SAME' });
		const w1 = await send([debtorItem('D1')], { 'policy.maxPerDebtorPerDay': 1 }, {});
		const w2 = await send([debtorItem('D2')], { 'policy.maxPerDebtorPerDay': 1 }, {});
		expect(w1.sent.map((d) => d.id)).toEqual(['D1']);
		expect(w2.skipped).toEqual([expect.objectContaining({ id: 'D2', reason: 'frequency_cap' })]);
		const capKeys = [...store.data.keys()].filter((k) => k.startsWith('dunning:sent:cap:'));
		expect(capKeys).toHaveLength(1);
		expect(capKeys[0]).not.toContain('C-SAME');
		expect(store.data.get(capKeys[0])).toBe('1');
		// The skipped item's reservation was given back: a later day (or a higher cap) may send it.
		expect(store.data.has('dunning:sent:D2:overdue_3d:sms')).toBe(false);
	});

	it('records each message as sent as soon as the provider accepts it, and counts the daily cap only for messages it starts', async () => {
		const seen: Array<Record<string, string>> = [];
		const mock = mockContext({
			items: [item('S1', '11987654321'), item('S2', '11987654322'), item('S3', '11987654323')] as never,
			params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0, 'policy.maxConcurrentRequests': 1, 'policy.maxPerDebtorPerDay': 5, ledger: 'redis' },
			credentials: CREDENTIALS,
			http: () => {
				// What another worker would find in Redis at the moment of each request.
				const states: Record<string, string> = {};
				for (const [k, v] of store.data) {
					if (/^dunning:sent:(id|to):/.test(k)) continue;
					states[k.replace('dunning:sent:', '')] = k.includes(':cap:') ? `count ${v}` : (JSON.parse(v) as { s: string }).s;
				}
				seen.push(states);
				return ok();
			},
		});
		await node.execute.call(mock.ctx);
		const keys = (id: string) => `${id}:overdue_3d:sms`;
		// At the second request, the first message is already recorded as sent; the third is only reserved.
		expect(seen[1][keys('S1')]).toBe('s');
		expect(seen[1][keys('S2')]).toBe('r');
		expect(seen[1][keys('S3')]).toBe('r');
		// Each debtor (C-S1, C-S2, C-S3) is counted when its message starts, not when the run starts.
		const capCounts = (i: number) => Object.keys(seen[i]).filter((k) => k.startsWith('cap:')).length;
		expect([capCounts(0), capCounts(1), capCounts(2)]).toEqual([1, 2, 3]);
	});

	it('uses the Redis Key Prefix', async () => {
		await send([item('A', '11987654321')], { redisKeyPrefix: 'staging:dunning:' });
		expect([...store.data.keys()].sort()).toEqual([
			'staging:dunning:A:overdue_3d:sms',
			expect.stringMatching(/^staging:dunning:id:twilio:SM\d{32}$/),
			expect.stringMatching(/^staging:dunning:to:[\w-]{22}$/),
			expect.stringMatching(/^staging:dunning:to:sms\|[\w-]{22}$/),
		]);
	});

	it('does not open Redis for a dry run, nor with Skip Messages Already Sent off', async () => {
		await send([item('A', '11987654321')], { 'options.dryRun': true });
		await send([item('A', '11987654321')], { 'policy.skipAlreadySent': false });
		expect(opened).toHaveLength(0);
	});

	it('with Skip Messages Already Sent off but a daily cap, opens Redis for the cap only', async () => {
		const run = await send([item('A', '11987654321'), item('A', '11987654321')], { 'policy.skipAlreadySent': false, 'policy.maxPerDebtorPerDay': 3 });
		expect(opened).toHaveLength(1);
		expect(run.sent.map((d) => d.id)).toEqual(['A']);
		expect([...store.data.keys()].filter((k) => !k.includes(':cap:'))).toEqual([]);
		expect([...store.data.keys()].filter((k) => k.includes(':cap:'))).toHaveLength(1);
	});
});
