/**
 * The Redis ledger's logic against an in-memory stand-in for Redis that runs the same three
 * operations the Lua scripts do (set-if-absent-else-get, set with TTL, compare-and-delete), with
 * expiry on a fake clock. The scripts themselves run in a real redis-server in
 * test/e2e/redisLedger.e2e.test.ts.
 */
import { BEGIN_SCRIPT, CONFIRM_SCRIPT, RELEASE_SCRIPT, RESERVE_SCRIPT, RedisLedger, type RedisEvalClient } from '../../../nodes/core/policy/redisLedger';
import { RunLedger } from '../../../nodes/core/policy/ledger';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);

class MemoryRedis implements RedisEvalClient {
	readonly data = new Map<string, { value: string; expiresAt: number }>();
	calls = 0;
	failNext = false;

	constructor(public now: () => number) {}

	private get(key: string): string | null {
		const entry = this.data.get(key);
		if (!entry) return null;
		if (entry.expiresAt <= this.now()) {
			this.data.delete(key);
			return null;
		}
		return entry.value;
	}

	async eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown> {
		this.calls++;
		if (this.failNext) {
			this.failNext = false;
			throw new Error('Connection is closed.');
		}
		const keys = args.slice(0, numKeys).map(String);
		const [arg1, arg2, arg3] = args.slice(numKeys).map(String);
		const key = keys[0];
		if (script !== CONFIRM_SCRIPT) expect(numKeys).toBe(1);
		await Promise.resolve();
		if (script === RESERVE_SCRIPT) {
			const existing = this.get(key);
			if (existing !== null) return existing;
			this.data.set(key, { value: arg1, expiresAt: this.now() + Number(arg2) });
			return null;
		}
		if (script === BEGIN_SCRIPT) {
			const existing = this.get(key);
			if (existing !== null && !existing.includes(arg1)) return existing;
			this.data.set(key, { value: arg2, expiresAt: this.now() + Number(arg3) });
			return null;
		}
		if (script === CONFIRM_SCRIPT) {
			this.data.set(key, { value: arg1, expiresAt: this.now() + Number(arg2) });
			// The indexes point at the key (ARGV[3]).
			for (const index of keys.slice(1)) this.data.set(index, { value: arg3, expiresAt: this.now() + Number(arg2) });
			return 1;
		}
		if (script === RELEASE_SCRIPT) {
			const existing = this.get(key);
			if (existing !== null && existing.includes(arg1)) {
				this.data.delete(key);
				return 1;
			}
			return 0;
		}
		throw new Error(`unexpected script ${script}`);
	}
}

describe('Redis ledger', () => {
	let now = T0;
	const clock = () => now;
	beforeEach(() => {
		now = T0;
	});

	it('reserves once; a second run sees the reservation, then the confirmed send', async () => {
		const redis = new MemoryRedis(clock);
		const a = new RedisLedger(redis, { now: clock, ref: '101', token: 'run-a' });
		const b = new RedisLedger(redis, { now: clock, ref: '102', token: 'run-b' });
		expect(await a.reserve('INV-1:overdue_3d:sms', 30 * DAY)).toEqual({ status: 'reserved' });
		expect(await b.reserve('INV-1:overdue_3d:sms', 30 * DAY)).toEqual({ status: 'duplicate', state: 'reserved', at: T0, ref: '101', sameRun: false });
		now += 5000;
		await a.confirm('INV-1:overdue_3d:sms', { ref: '101' });
		expect(await b.reserve('INV-1:overdue_3d:sms', 30 * DAY)).toEqual({ status: 'duplicate', state: 'sent', at: T0 + 5000, ref: '101', sameRun: false });
		expect([...redis.data.keys()]).toEqual(['dunning:sent:INV-1:overdue_3d:sms']);
	});

	it('forgets a key after its time-to-live, counted from the confirmation', async () => {
		const redis = new MemoryRedis(clock);
		const a = new RedisLedger(redis, { now: clock, token: 'a' });
		await a.reserve('K', DAY);
		now += DAY / 2;
		await a.confirm('K');
		now += DAY - 1;
		expect((await new RedisLedger(redis, { now: clock, token: 'b' }).reserve('K', DAY)).status).toBe('duplicate');
		now += 1;
		expect((await new RedisLedger(redis, { now: clock, token: 'c' }).reserve('K', DAY)).status).toBe('reserved');
	});

	it('releases only its own reservation, never another run’s nor a confirmed send', async () => {
		const redis = new MemoryRedis(clock);
		const a = new RedisLedger(redis, { now: clock, token: 'run-a' });
		const b = new RedisLedger(redis, { now: clock, token: 'run-b' });
		await a.reserve('K1', DAY);
		await b.release('K1'); // b never reserved it: nothing happens
		expect(redis.data.has('dunning:sent:K1')).toBe(true);
		await a.release('K1');
		expect(redis.data.has('dunning:sent:K1')).toBe(false);

		// a's reservation expired and b took the key: a's late release must not delete b's claim.
		await a.reserve('K2', 1000);
		now += 1000;
		expect(await b.reserve('K2', DAY)).toEqual({ status: 'reserved' });
		await a.release('K2');
		expect((await new RedisLedger(redis, { now: clock, token: 'c' }).reserve('K2', DAY)).status).toBe('duplicate');

		await b.reserve('K3', DAY);
		await b.confirm('K3');
		await b.release('K3');
		expect((await new RedisLedger(redis, { now: clock, token: 'c' }).reserve('K3', DAY))).toMatchObject({ status: 'duplicate', state: 'sent' });
	});

	it('a reservation is a lease: the keys of a run that died are free again after it, not after the whole TTL', async () => {
		const redis = new MemoryRedis(clock);
		const dead = new RedisLedger(redis, { now: clock, token: 'dead', leaseMs: 600_000 });
		await dead.reserve('K', 30 * DAY);
		expect(redis.data.get('dunning:sent:K')?.expiresAt).toBe(T0 + 600_000);
		now += 599_999;
		expect((await new RedisLedger(redis, { now: clock, token: 'b' }).reserve('K', 30 * DAY)).status).toBe('duplicate');
		now += 1;
		expect((await new RedisLedger(redis, { now: clock, token: 'c' }).reserve('K', 30 * DAY)).status).toBe('reserved');
	});

	it('begin holds the key for the full TTL when still ours, or free again; refuses when another run took it', async () => {
		const redis = new MemoryRedis(clock);
		const a = new RedisLedger(redis, { now: clock, token: 'run-a', ref: '1', leaseMs: 1000 });
		const b = new RedisLedger(redis, { now: clock, token: 'run-b', ref: '2', leaseMs: 1000 });
		await a.reserve('MINE', 30 * DAY);
		expect(await a.begin('MINE')).toEqual({ status: 'reserved' });
		expect(redis.data.get('dunning:sent:MINE')?.expiresAt).toBe(T0 + 30 * DAY);

		// The lease ran out while run a waited its turn, and nobody took the key: a may still send it.
		await a.reserve('FREE', 30 * DAY);
		now += 1000;
		expect(await a.begin('FREE')).toEqual({ status: 'reserved' });
		expect(JSON.parse(redis.data.get('dunning:sent:FREE')?.value as string)).toMatchObject({ s: 'r', tok: 'run-a' });

		// The lease ran out and run b took the key: a must not send it.
		await a.reserve('TAKEN', 30 * DAY);
		now += 1000;
		expect(await b.reserve('TAKEN', 30 * DAY)).toEqual({ status: 'reserved' });
		expect(await a.begin('TAKEN')).toEqual({ status: 'duplicate', state: 'reserved', at: now, ref: '2', sameRun: false });
		// a's later confirm or release cannot touch b's claim.
		await a.confirm('TAKEN');
		await a.release('TAKEN');
		expect(JSON.parse(redis.data.get('dunning:sent:TAKEN')?.value as string)).toMatchObject({ tok: 'run-b' });
	});

	it('confirms only keys it reserved', async () => {
		const redis = new MemoryRedis(clock);
		const a = new RedisLedger(redis, { now: clock, token: 'a' });
		await a.confirm('never-reserved');
		expect(redis.data.size).toBe(0);
	});

	it('uses the prefix, so environments sharing a Redis do not see each other', async () => {
		const redis = new MemoryRedis(clock);
		await new RedisLedger(redis, { now: clock, token: 'a', prefix: 'staging:' }).reserve('K', DAY);
		expect((await new RedisLedger(redis, { now: clock, token: 'b', prefix: 'prod:' }).reserve('K', DAY)).status).toBe('reserved');
		expect([...redis.data.keys()].sort()).toEqual(['prod:K', 'staging:K']);
	});

	it('counts a value it cannot read as reserved (never sends over a key it does not understand)', async () => {
		const redis = new MemoryRedis(clock);
		redis.data.set('dunning:sent:K', { value: 'OK', expiresAt: T0 + DAY });
		expect(await new RedisLedger(redis, { now: clock, token: 'a' }).reserve('K', DAY)).toEqual({
			status: 'duplicate',
			state: 'reserved',
			at: null,
			ref: null,
			sameRun: false,
		});
	});

	it('under the once-per-run rule, two concurrent items with one key make one request to Redis', async () => {
		const redis = new MemoryRedis(clock);
		const run = new RunLedger(new RedisLedger(redis, { now: clock, token: 'a' }), clock);
		expect(run.name).toBe('redis');
		const [first, second] = await Promise.all([run.reserve('K', DAY), run.reserve('K', DAY)]);
		expect(first).toEqual({ status: 'reserved' });
		expect(second).toMatchObject({ status: 'duplicate', sameRun: true });
		expect(redis.calls).toBe(1);
	});

	it('passes a Redis failure to the caller (the node fails that item, unsent)', async () => {
		const redis = new MemoryRedis(clock);
		redis.failNext = true;
		await expect(new RedisLedger(redis, { now: clock, token: 'a' }).reserve('K', DAY)).rejects.toThrow('Connection is closed.');
		expect(redis.data.size).toBe(0);
	});

	it('keeps what identifies a sent message, and indexes its provider id and hashed number for Dunning Events', async () => {
		const redis = new MemoryRedis(clock);
		const a = new RedisLedger(redis, { now: clock, ref: '101', token: 'run-a', prefix: 'p:' });
		await a.reserve('INV-1:overdue_3d:sms', 30 * DAY);
		await a.confirm('INV-1:overdue_3d:sms', { message: { pr: 'twilio', ch: 'sms', to: 'HASH', id: 'SM1', inv: 'INV-1', st: 'overdue_3d' } });
		expect(JSON.parse(String(redis.data.get('p:INV-1:overdue_3d:sms')?.value))).toEqual({
			s: 's',
			at: T0,
			ref: '101',
			m: { pr: 'twilio', ch: 'sms', to: 'HASH', id: 'SM1', inv: 'INV-1', st: 'overdue_3d' },
		});
		expect(redis.data.get('p:id:twilio:SM1')).toEqual({ value: 'INV-1:overdue_3d:sms', expiresAt: T0 + 30 * DAY });
		expect(redis.data.get('p:to:HASH')?.value).toBe('INV-1:overdue_3d:sms');
		expect(redis.data.get('p:to:sms|HASH')?.value).toBe('INV-1:overdue_3d:sms');
	});
});
