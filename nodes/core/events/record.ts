/**
 * The record of sent messages as the Dunning Events trigger reads and writes it: the same store the
 * Send node keeps (workflow static data, or Redis in queue mode), seen from the other side.
 *
 * - find what we sent: by our idempotency key (the correlation field a status echoes), by the
 *   provider's message id (a status without our key, a WhatsApp reply's context id), or the latest
 *   message to a number (an SMS reply carries nothing else);
 * - write back what a later status said (delivered, failed after acceptance…), and resolve a
 *   message whose outcome was unknown when a status proves the provider had accepted it;
 * - recognise a provider's redelivery of an event already handled (at-least-once webhooks).
 *
 * Pure: the static-data store is a plain object, the Redis store any client with EVAL.
 */
import { type LedgerEntry, type MessageOutcome, type SentMessageInfo, isEntry, isPlainObject, ownEntry, putEntry } from '../policy/ledger';
import { type LiveRecord, mergeLiveRecord, remember, rememberEvent } from '../policy/liveRecord';
import { DEFAULT_REDIS_PREFIX, ID_INDEX, PHONE_INDEX, type RedisEvalClient, parseStored } from '../policy/redisLedger';

type MaybePromise<T> = T | Promise<T>;

/** A message the record holds. */
export interface RecordedMessage {
	key: string;
	/** `reserved`: sent or not, unknown (a timeout after the request left); `sent`: the provider accepted it. */
	state: 'reserved' | 'sent';
	/** When it was sent or reserved (epoch ms). */
	at: number;
	/** The n8n execution that sent it. */
	ref: string | null;
	message: SentMessageInfo | null;
	outcome: MessageOutcome | null;
}

/** Statuses in the order a message moves through them: a later status never undoes a further one. */
const STATUS_RANK: Record<string, number> = { queued: 1, sent: 2, delivered: 3, read: 4, failed: 5, undelivered: 5 };

/** Whether a status shows the provider accepted the message (and so an unknown outcome was a send). */
export function provesAccepted(status: string): boolean {
	return status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed' || status === 'undelivered';
}

/** Whether `next` says more than `current` (out-of-order deliveries must not move a message back). */
export function advances(current: MessageOutcome | null, next: MessageOutcome): boolean {
	if (!current) return true;
	const a = STATUS_RANK[current.status] ?? 0;
	const b = STATUS_RANK[next.status] ?? 0;
	return b > a || (b === a && next.at > current.at);
}

export interface EventRecord {
	/** `static_data` or `redis`: which record matched (shown on the event). */
	readonly name: 'static_data' | 'redis';
	/** True the first time an event id is seen within `windowMs`; false for a provider's redelivery. */
	claimEvent(dedupeId: string, windowMs: number): MaybePromise<boolean>;
	byKey(key: string): MaybePromise<RecordedMessage | null>;
	byMessageId(provider: string, messageId: string): MaybePromise<RecordedMessage | null>;
	/** The latest message sent to a number, by its hash ({@link phoneKey}): on `channel` first, when given. */
	latestTo(phoneHash: string, channel?: string): MaybePromise<RecordedMessage | null>;
	/**
	 * What a status said of a message: stored when it says more than what is there; an unknown
	 * outcome (`reserved`) becomes `sent` once a status proves the provider accepted it. Returns the
	 * message as it is now, or null when the record does not hold the key.
	 */
	recordOutcome(key: string, outcome: MessageOutcome): MaybePromise<RecordedMessage | null>;
	/** End of the request: lets go of what it holds. */
	close(): MaybePromise<void>;
}

function recorded(key: string, entry: LedgerEntry): RecordedMessage {
	return { key, state: entry.state, at: entry.at, ref: entry.ref ?? null, message: entry.msg ?? null, outcome: entry.out ?? null };
}

/** At most this many event ids are remembered in static data; the oldest go first. */
export const MAX_REMEMBERED_EVENTS = 20_000;

/**
 * The record in workflow static data (`keys`, `ids`, `phones` as the Send node writes them, and
 * `events`: event id → until when it is remembered). Entries are replaced, never mutated in
 * place, and the containers are assigned once after a write, so that n8n saves them.
 */
export class StaticDataEventRecord implements EventRecord {
	readonly name = 'static_data' as const;
	private readonly keys: Record<string, LedgerEntry>;
	private readonly ids: Record<string, string>;
	private readonly phones: Record<string, string>;
	private readonly events: Record<string, number>;
	private changed = false;

	constructor(
		private readonly store: Record<string, unknown>,
		private readonly now: () => number,
		/** What this n8n process knows of the workflow's record (liveRecord.ts): merged in, written through. */
		private readonly live?: LiveRecord,
	) {
		if (live) mergeLiveRecord(store, live, now());
		this.keys = isPlainObject(store.keys) ? (store.keys as Record<string, LedgerEntry>) : {};
		this.ids = isPlainObject(store.ids) ? (store.ids as Record<string, string>) : {};
		this.phones = isPlainObject(store.phones) ? (store.phones as Record<string, string>) : {};
		this.events = isPlainObject(store.events) ? (store.events as Record<string, number>) : {};
	}

	claimEvent(dedupeId: string, windowMs: number): boolean {
		const now = this.now();
		const until = Object.prototype.hasOwnProperty.call(this.events, dedupeId) ? this.events[dedupeId] : undefined;
		if (typeof until === 'number' && until > now) return false;
		// Another request of this process may have claimed it since this copy was loaded: checked and taken synchronously.
		if ((this.live?.events.get(dedupeId) ?? 0) > now) return false;
		if (this.live) rememberEvent(this.live, dedupeId, now + windowMs);
		if (dedupeId === '__proto__') {
			Object.defineProperty(this.events, dedupeId, { value: now + windowMs, enumerable: true, writable: true, configurable: true });
		} else this.events[dedupeId] = now + windowMs;
		this.changed = true;
		return true;
	}

	byKey(key: string): RecordedMessage | null {
		const entry = ownEntry(this.keys, key);
		return isEntry(entry) && entry.expiresAt > this.now() ? recorded(key, entry) : null;
	}

	byMessageId(provider: string, messageId: string): RecordedMessage | null {
		const name = `${provider}:${messageId}`;
		const key = Object.prototype.hasOwnProperty.call(this.ids, name) ? this.ids[name] : undefined;
		return typeof key === 'string' ? this.byKey(key) : null;
	}

	latestTo(phoneHash: string, channel?: string): RecordedMessage | null {
		// The latest message on the reply's channel first, then the latest on any channel.
		for (const name of channel ? [`${channel}|${phoneHash}`, phoneHash] : [phoneHash]) {
			const key = Object.prototype.hasOwnProperty.call(this.phones, name) ? this.phones[name] : undefined;
			const found = typeof key === 'string' ? this.byKey(key) : null;
			if (found) return found;
		}
		return null;
	}

	recordOutcome(key: string, outcome: MessageOutcome): RecordedMessage | null {
		const entry = ownEntry(this.keys, key);
		if (!isEntry(entry) || entry.expiresAt <= this.now()) return null;
		const accepted = entry.state === 'reserved' && provesAccepted(outcome.status);
		if (!advances(entry.out ?? null, outcome) && !accepted) return recorded(key, entry);
		const next: LedgerEntry = { ...entry, state: accepted ? 'sent' : entry.state };
		if (advances(entry.out ?? null, outcome)) {
			next.out = outcome;
			if (this.live) remember(this.live.outcomes, key, outcome, this.now());
		}
		putEntry(this.keys, key, next);
		this.changed = true;
		return recorded(key, next);
	}

	close(): void {
		if (this.changed) {
			const now = this.now();
			for (const id of Object.keys(this.events)) if (!(this.events[id] > now)) delete this.events[id];
			const remembered = Object.keys(this.events);
			if (remembered.length > MAX_REMEMBERED_EVENTS) {
				// The ones remembered the shortest go first (ties by id, for a stable order).
				remembered.sort((a, b) => this.events[a] - this.events[b] || (a < b ? -1 : 1));
				for (const id of remembered.slice(0, remembered.length - MAX_REMEMBERED_EVENTS)) delete this.events[id];
			}
			// n8n saves static data only when a top-level value is assigned: assign the containers once.
			this.store.events = this.events;
			this.store.keys = this.keys;
		}
		// Requests that ran while this one waited: their writes go into this copy's save as well.
		if (this.live) mergeLiveRecord(this.store, this.live, this.now());
	}
}

/** Claim an event id for a window: true (1) the first time. */
export const CLAIM_EVENT_SCRIPT = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
return 0`;

/** Follow an index to the message it points at: {key, value} or false. */
export const FOLLOW_INDEX_SCRIPT = `
local k = redis.call('GET', KEYS[1])
if not k then return false end
local v = redis.call('GET', ARGV[1] .. k)
if not v then return false end
return {k, v}`;

/**
 * Record an outcome: keep the key's remaining time to live; `sent` when the status proves the
 * provider accepted a message whose outcome was unknown; the outcome only when it says more than
 * the one stored (rank first, then time). Returns the value as it is now.
 */
export const RECORD_OUTCOME_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local ok, value = pcall(cjson.decode, v)
if not ok or type(value) ~= 'table' then return v end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return v end
local out = cjson.decode(ARGV[1])
local rank = cjson.decode(ARGV[2])
local changed = false
if value.s == 'r' and ARGV[3] == '1' then value.s = 's'; changed = true end
local cur = value.o
local a = 0
if type(cur) == 'table' then a = rank[cur.status] or 0 end
local b = rank[out.status] or 0
if type(cur) ~= 'table' or b > a or (b == a and out.at > (cur.at or 0)) then value.o = out; changed = true end
if not changed then return v end
local nv = cjson.encode(value)
redis.call('SET', KEYS[1], nv, 'PX', ttl)
return nv`;

/** The record in Redis, under the Send node's key prefix (same keys, same indexes). */
export class RedisEventRecord implements EventRecord {
	readonly name = 'redis' as const;
	private readonly prefix: string;

	constructor(
		private readonly client: RedisEvalClient,
		options: { prefix?: string; onClose?: () => Promise<void> } = {},
	) {
		this.prefix = options.prefix || DEFAULT_REDIS_PREFIX;
		this.onClose = options.onClose;
	}

	private readonly onClose?: () => Promise<void>;

	async claimEvent(dedupeId: string, windowMs: number): Promise<boolean> {
		return Number(await this.client.eval(CLAIM_EVENT_SCRIPT, 1, `${this.prefix}evt:${dedupeId}`, Math.max(1, Math.ceil(windowMs)))) === 1;
	}

	async byKey(key: string): Promise<RecordedMessage | null> {
		return this.fromValue(key, await this.client.eval('return redis.call("GET", KEYS[1])', 1, this.prefix + key));
	}

	async byMessageId(provider: string, messageId: string): Promise<RecordedMessage | null> {
		return this.follow(`${this.prefix}${ID_INDEX}${provider}:${messageId}`);
	}

	async latestTo(phoneHash: string, channel?: string): Promise<RecordedMessage | null> {
		if (channel) {
			const onChannel = await this.follow(`${this.prefix}${PHONE_INDEX}${channel}|${phoneHash}`);
			if (onChannel) return onChannel;
		}
		return this.follow(`${this.prefix}${PHONE_INDEX}${phoneHash}`);
	}

	async recordOutcome(key: string, outcome: MessageOutcome): Promise<RecordedMessage | null> {
		const reply = await this.client.eval(
			RECORD_OUTCOME_SCRIPT,
			1,
			this.prefix + key,
			JSON.stringify(outcome),
			JSON.stringify(STATUS_RANK),
			provesAccepted(outcome.status) ? '1' : '0',
		);
		return this.fromValue(key, reply);
	}

	async close(): Promise<void> {
		await this.onClose?.();
	}

	private async follow(indexKey: string): Promise<RecordedMessage | null> {
		const reply = await this.client.eval(FOLLOW_INDEX_SCRIPT, 1, indexKey, this.prefix);
		if (!Array.isArray(reply) || reply.length !== 2) return null;
		return this.fromValue(String(reply[0]), reply[1]);
	}

	private fromValue(key: string, raw: unknown): RecordedMessage | null {
		const stored = parseStored(raw);
		if (!stored) return null;
		return {
			key,
			state: stored.s === 's' ? 'sent' : 'reserved',
			at: stored.at,
			ref: stored.ref ?? null,
			message: stored.m ?? null,
			outcome: stored.o ?? null,
		};
	}
}
