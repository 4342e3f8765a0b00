/**
 * The idempotency ledger in Redis, for n8n in queue mode (a main process and several workers):
 * workflow static data is per execution there, so only a store every worker shares can stop two
 * executions from sending the same message.
 *
 * One Redis string per idempotency key, `<prefix><key>`, holding a small JSON value
 * (`{"s":"r","at":1767225600000,"ref":"812","tok":"…"}`: state reserved or sent, when, which
 * execution), with a time-to-live of Remember Sent Messages For:
 * - `reserve`: one atomic script, "SET key value NX PX ttl, else GET key": of two workers racing on
 *   one key, exactly one gets the reservation; the other sees the holder and skips.
 * - `confirm`: the value becomes `sent` (same TTL, counted again from now).
 * - `release`: the key is deleted, but only while it still holds this run's reservation (compared
 *   by a token unique to the run), never another run's.
 * A key whose outcome is unknown (a timeout after the request left) stays reserved, as with the
 * static-data ledger, so that no run sends it blindly.
 *
 * The client is any object with `eval` (ioredis in the node; a fake in unit tests): this file has
 * no Redis dependency of its own.
 */
import type { IdempotencyLedger, LedgerName, Reservation } from './ledger';
import { DEFAULT_LEDGER_TTL_MS } from './ledger';

/** What the ledger needs of a Redis client: EVAL with keys and arguments (ioredis' signature). */
export interface RedisEvalClient {
	eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** Reserve: set if absent with a TTL; when present, return what is there. */
export const RESERVE_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;

/** Confirm: mark sent, with a fresh TTL, whatever the key holds now (the provider accepted it). */
export const CONFIRM_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Release: delete only while the key still holds this run's reservation (its token). */
export const RELEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.find(v, ARGV[1], 1, true) then return redis.call('DEL', KEYS[1]) end
return 0`;

export const DEFAULT_REDIS_PREFIX = 'dunning:sent:';

export interface RedisLedgerOptions {
	now: () => number;
	/** Put before every key (several teams or environments can share one Redis). */
	prefix?: string;
	/** Stored with each key as "where it was sent" (the execution id). */
	ref?: string;
	/** Unique to this run, so that a release never deletes another run's reservation. */
	token: string;
}

interface StoredValue {
	/** `r` reserved, `s` sent. */
	s: 'r' | 's';
	at: number;
	ref?: string;
	tok?: string;
}

function parseStored(raw: unknown): StoredValue | null {
	if (typeof raw !== 'string') return null;
	try {
		const value = JSON.parse(raw) as Partial<StoredValue>;
		if ((value.s === 'r' || value.s === 's') && typeof value.at === 'number') return value as StoredValue;
	} catch {
		// Not ours (another tool wrote under the prefix): counted as reserved below, so nothing is sent twice.
	}
	return null;
}

export class RedisLedger implements IdempotencyLedger {
	readonly name: LedgerName = 'redis';
	private readonly prefix: string;
	/** Keys this run reserved, with the TTL asked for. */
	private readonly mine = new Map<string, number>();

	constructor(
		private readonly client: RedisEvalClient,
		private readonly options: RedisLedgerOptions,
	) {
		this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
	}

	async reserve(key: string, ttlMs: number): Promise<Reservation> {
		const ttl = Number.isFinite(ttlMs) && ttlMs > 0 ? Math.ceil(ttlMs) : DEFAULT_LEDGER_TTL_MS;
		const now = this.options.now();
		const value: StoredValue = { s: 'r', at: now, tok: this.options.token };
		if (this.options.ref) value.ref = this.options.ref;
		const existing = await this.client.eval(RESERVE_SCRIPT, 1, this.prefix + key, JSON.stringify(value), ttl);
		if (existing === null || existing === undefined || existing === 0) {
			this.mine.set(key, ttl);
			return { status: 'reserved' };
		}
		const stored = parseStored(existing);
		return {
			status: 'duplicate',
			state: stored?.s === 's' ? 'sent' : 'reserved',
			at: stored?.at ?? null,
			ref: stored?.ref ?? null,
			sameRun: stored?.tok === this.options.token,
		};
	}

	async confirm(key: string, details: { ref?: string } = {}): Promise<void> {
		const ttl = this.mine.get(key);
		if (ttl === undefined) return;
		const value: StoredValue = { s: 's', at: this.options.now() };
		const ref = details.ref ?? this.options.ref;
		if (ref) value.ref = ref;
		await this.client.eval(CONFIRM_SCRIPT, 1, this.prefix + key, JSON.stringify(value), ttl);
	}

	async release(key: string): Promise<void> {
		if (!this.mine.has(key)) return;
		this.mine.delete(key);
		await this.client.eval(RELEASE_SCRIPT, 1, this.prefix + key, `"tok":${JSON.stringify(this.options.token)}`);
	}
}
