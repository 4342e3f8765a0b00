/**
 * The idempotency ledger in Redis, for n8n in queue mode (a main process and several workers):
 * workflow static data is per execution there, so only a store every worker shares can stop two
 * executions from sending the same message.
 *
 * One Redis string per idempotency key, `<prefix><key>`, holding a small JSON value
 * (`{"s":"r","at":1767225600000,"ref":"812","tok":"…"}`: state reserved or sent, when, which
 * execution, which run):
 * - `reserve`: one atomic script, "SET key value NX PX lease, else GET key": of two workers racing
 *   on one key, exactly one gets the reservation; the other sees the holder and skips. The
 *   reservation is a lease (10 minutes by default), so that the keys of a worker that dies before
 *   sending them are free again soon, not for the whole TTL.
 * - `begin`, just before the first request: the key is still this run's (or free again, the lease
 *   having run out while the run waited for its turn): hold it for the full TTL (Remember Sent
 *   Messages For). Held by another run: do not send. From here an unknown outcome keeps the key.
 * - `confirm`: the value becomes `sent` (full TTL, counted again from now).
 * - `release`: the key is deleted, but only while it still holds this run's reservation (compared
 *   by a token unique to the run), never another run's.
 * A key whose outcome is unknown (a timeout after the request left) stays reserved, as with the
 * static-data ledger, so that no run sends it blindly.
 *
 * The client is any object with `eval` (ioredis in the node; a fake in unit tests): this file has
 * no Redis dependency of its own.
 */
import { type CapCheck, type DebtorCap, debtorHash } from './frequencyCap';
import type { ConfirmDetails, IdempotencyLedger, LedgerName, MessageOutcome, Reservation, SentMessageInfo } from './ledger';
import { DEFAULT_LEDGER_TTL_MS } from './ledger';

/** What the ledger needs of a Redis client: EVAL with keys and arguments (ioredis' signature). */
export interface RedisEvalClient {
	eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** Reserve: set if absent with a TTL; when present, return what is there. */
export const RESERVE_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;

/** Begin: still ours, or free: hold it (full TTL) and return nothing; another run's: return it. */
export const BEGIN_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and not string.find(v, ARGV[1], 1, true) then return v end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return false`;

/**
 * Confirm: mark sent, with a fresh TTL, whatever the key holds now (the provider accepted it). The
 * other keys are indexes (provider message id, the debtor's number) pointing at the key (ARGV[3]).
 */
export const CONFIRM_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[3], 'PX', ARGV[2]) end
return 1`;

/** Release: delete only while the key still holds this run's reservation (its token). */
export const RELEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.find(v, ARGV[1], 1, true) then return redis.call('DEL', KEYS[1]) end
return 0`;

export const DEFAULT_REDIS_PREFIX = 'dunning:sent:';
export const DEFAULT_RESERVATION_LEASE_MS = 10 * 60_000;

export interface RedisLedgerOptions {
	now: () => number;
	/** Put before every key (several teams or environments can share one Redis). */
	prefix?: string;
	/** Stored with each key as "where it was sent" (the execution id). */
	ref?: string;
	/** Unique to this run, so that a release never deletes another run's reservation. */
	token: string;
	/** How long a reservation holds before `begin` (default 10 minutes). */
	leaseMs?: number;
}

export interface StoredValue {
	/** `r` reserved, `s` sent. */
	s: 'r' | 's';
	at: number;
	ref?: string;
	tok?: string;
	/** The message, for matching provider statuses and replies (Dunning Events). */
	m?: SentMessageInfo;
	/** The latest outcome a provider status reported. */
	o?: MessageOutcome;
}

/** Where the indexes of the record live, under the prefix: provider message ids and the debtors' numbers. */
export const ID_INDEX = 'id:';
export const PHONE_INDEX = 'to:';

export function parseStored(raw: unknown): StoredValue | null {
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
		const lease = Math.min(ttl, this.options.leaseMs ?? DEFAULT_RESERVATION_LEASE_MS);
		const existing = await this.client.eval(RESERVE_SCRIPT, 1, this.prefix + key, this.reservedValue(), lease);
		if (isEmpty(existing)) {
			this.mine.set(key, ttl);
			return { status: 'reserved' };
		}
		return this.duplicate(existing);
	}

	async begin(key: string): Promise<Reservation> {
		const ttl = this.mine.get(key);
		if (ttl === undefined) return { status: 'reserved' };
		const holder = await this.client.eval(BEGIN_SCRIPT, 1, this.prefix + key, this.tokenNeedle(), this.reservedValue(), ttl);
		if (isEmpty(holder)) return { status: 'reserved' };
		this.mine.delete(key);
		return this.duplicate(holder);
	}

	async confirm(key: string, details: ConfirmDetails = {}): Promise<void> {
		const ttl = this.mine.get(key);
		if (ttl === undefined) return;
		const value: StoredValue = { s: 's', at: this.options.now() };
		const ref = details.ref ?? this.options.ref;
		if (ref) value.ref = ref;
		const keys = [this.prefix + key];
		const message = details.message;
		if (message) {
			value.m = message;
			if (message.id) keys.push(`${this.prefix}${ID_INDEX}${message.pr}:${message.id}`);
			keys.push(`${this.prefix}${PHONE_INDEX}${message.to}`, `${this.prefix}${PHONE_INDEX}${message.ch}|${message.to}`);
		}
		await this.client.eval(CONFIRM_SCRIPT, keys.length, ...keys, JSON.stringify(value), ttl, key);
	}

	async release(key: string): Promise<void> {
		if (!this.mine.has(key)) return;
		this.mine.delete(key);
		await this.client.eval(RELEASE_SCRIPT, 1, this.prefix + key, this.tokenNeedle());
	}

	private reservedValue(): string {
		const value: StoredValue = { s: 'r', at: this.options.now(), tok: this.options.token };
		if (this.options.ref) value.ref = this.options.ref;
		return JSON.stringify(value);
	}

	/** How this run's token appears inside a stored value (what the scripts look for). */
	private tokenNeedle(): string {
		return `"tok":${JSON.stringify(this.options.token)}`;
	}

	private duplicate(raw: unknown): Reservation {
		const stored = parseStored(raw);
		const duplicate: Reservation = {
			status: 'duplicate',
			state: stored?.s === 's' ? 'sent' : 'reserved',
			at: stored?.at ?? null,
			ref: stored?.ref ?? null,
			sameRun: stored?.tok === this.options.token,
		};
		if (stored?.o) duplicate.outcome = stored.o;
		return duplicate;
	}
}

/** A script's "nothing" (Lua false arrives as null). */
function isEmpty(reply: unknown): boolean {
	return reply === null || reply === undefined || reply === 0;
}

/** Take one of the day's messages unless `limit` are counted: the new count, or minus the count when full. */
export const CAP_TAKE_SCRIPT = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c >= tonumber(ARGV[1]) then return -c end
c = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return c`;

/** Give one back (never below zero). */
export const CAP_GIVE_BACK_SCRIPT = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

/** A day's count outlives the day in every time zone. */
const CAP_KEY_TTL_MS = 3 * 86_400_000;

/**
 * Max Messages Per Debtor Per Day shared by every worker: one counter per debtor and day
 * (`<prefix>cap:<hash of the debtor>:<YYYY-MM-DD>`), taken and given back atomically. Debtors are
 * stored by hash, as in the static-data cap.
 */
export class RedisFrequencyCap implements DebtorCap {
	readonly limit: number;
	private readonly prefix: string;

	constructor(
		private readonly client: RedisEvalClient,
		options: { limit: number; prefix?: string },
	) {
		this.limit = Number.isFinite(options.limit) && options.limit > 0 ? Math.floor(options.limit) : 0;
		this.prefix = `${options.prefix ?? DEFAULT_REDIS_PREFIX}cap:`;
	}

	private key(debtor: string, day: string): string {
		return `${this.prefix}${debtorHash(debtor)}:${day}`;
	}

	async take(debtor: string, day: string): Promise<CapCheck> {
		if (this.limit === 0) return { allowed: true, count: 0 };
		const reply = Number(await this.client.eval(CAP_TAKE_SCRIPT, 1, this.key(debtor, day), this.limit, CAP_KEY_TTL_MS));
		return reply > 0 ? { allowed: true, count: reply } : { allowed: false, count: -reply, limit: this.limit };
	}

	async giveBack(debtor: string, day: string): Promise<void> {
		if (this.limit === 0) return;
		await this.client.eval(CAP_GIVE_BACK_SCRIPT, 1, this.key(debtor, day));
	}
}
