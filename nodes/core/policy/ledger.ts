/**
 * The idempotency ledger: which messages (by idempotency key) were already sent, so that a
 * re-run of the workflow does not send them again.
 *
 * The interface may be asynchronous, so that a shared store can implement it: {@link RedisLedger}
 * (redisLedger.ts) for n8n in queue mode. The default implementation keeps the keys in a plain JSON object, the n8n workflow
 * static data, which n8n saves with the workflow after each production execution:
 *
 *     { keys: { "INV-1:overdue_3d:sms": { state: "sent", at: 1767225600000, expiresAt: 1769817600000, ref: "812" } } }
 *
 * Life of a key in one run: `reserve` before the first attempt (a key already `sent`, or still
 * `reserved` by an earlier run whose outcome was unknown, is a duplicate); then `confirm` when the
 * provider accepted the message, or `release` when it surely was not sent; a key whose outcome is
 * unknown stays `reserved`, so a re-run does not send it blindly. {@link RunLedger} adds the rule
 * that the same key is attempted once per run, whatever the store says.
 */

import { type LiveRecord, mergeLiveRecord, remember } from './liveRecord';

export type MaybePromise<T> = T | Promise<T>;

/**
 * What the record keeps of a sent message so that the Dunning Events trigger can match the
 * provider's statuses and the debtor's replies to it (short names: static data holds many).
 */
export interface SentMessageInfo {
	/** Provider. */
	pr: string;
	/** Channel (`sms`, `whatsapp`). */
	ch: string;
	/** The debtor's number, hashed ({@link phoneKey} in frequencyCap.ts): the record holds no phone numbers. */
	to: string;
	/** The provider's message id. */
	id: string | null;
	/** Invoice id and stage, when the item had them. */
	inv: string | null;
	st: string | null;
}

/** What a later provider status said of a sent message (written by the Dunning Events trigger). */
export interface MessageOutcome {
	/** `delivered`, `read`, `failed`, `undelivered`… */
	status: string;
	reason?: string | null;
	code?: string | null;
	/** When the provider says it happened (epoch ms). */
	at: number;
}

export interface LedgerEntry {
	state: 'reserved' | 'sent';
	/** When it was reserved or sent (epoch ms). */
	at: number;
	/** When the ledger forgets it (epoch ms). */
	expiresAt: number;
	/** Where: the n8n execution id that sent it, when known. */
	ref?: string;
	/** The message, for matching statuses and replies (entries sent before Dunning Events existed have none). */
	msg?: SentMessageInfo;
	/** The latest outcome a provider status reported after the send. */
	out?: MessageOutcome;
}

export interface ConfirmDetails {
	ref?: string;
	message?: SentMessageInfo;
}

export type Reservation =
	| { status: 'reserved' }
	| {
			status: 'duplicate';
			/** `sent`: an earlier send was confirmed; `reserved`: an earlier attempt may have sent it. */
			state: 'sent' | 'reserved';
			/** When the earlier send happened (epoch ms), when known. */
			at: number | null;
			/** Where (the execution id), when known. */
			ref: string | null;
			/** The same key came earlier in this very run. */
			sameRun: boolean;
			/** What a provider status said of it after the send (Dunning Events wrote it), when known. */
			outcome?: MessageOutcome;
	  };

/** Which record decided a duplicate: `delivery.ledger` on the Skipped output. */
export type LedgerName = 'static_data' | 'redis' | 'none';

export interface IdempotencyLedger {
	/** Which store this is. */
	readonly name: LedgerName;
	/** Claims `key` for `ttlMs`: `reserved` (go ahead and send) or `duplicate` (do not send). */
	reserve(key: string, ttlMs: number): MaybePromise<Reservation>;
	/** The provider accepted the message: remember it as sent (for the TTL given at reserve), with what identifies it. */
	confirm(key: string, details?: ConfirmDetails): MaybePromise<void>;
	/** It was surely not sent (refused, never attempted): forget the reservation. */
	release(key: string): MaybePromise<void>;
	/**
	 * Just before the first request of a reserved key: make sure it is still this run's (a shared
	 * store's reservation is a short lease that another execution may have taken over while this
	 * run waited) and hold it for the full TTL. Stores without leases leave it out.
	 */
	begin?(key: string): MaybePromise<Reservation>;
}

export const DEFAULT_LEDGER_TTL_MS = 30 * 86_400_000;
export const DEFAULT_LEDGER_MAX_KEYS = 100_000;

export interface StaticLedgerOptions {
	now: () => number;
	/** What this n8n process knows of the workflow's record (liveRecord.ts): merged in, written through. */
	live?: LiveRecord;
	/** At most this many keys are kept; the oldest go first. Default 100,000. */
	maxKeys?: number;
	/** Stored with each key as "where it was sent" (the execution id). */
	ref?: string;
}

export interface LedgerStats {
	/** Keys in the store now. */
	size: number;
	/** Expired or unreadable keys removed when the ledger was opened. */
	pruned: number;
	/** Keys removed by {@link StaticDataLedger.close} because the store was over `maxKeys`. */
	evicted: number;
}

export function isEntry(value: unknown): value is LedgerEntry {
	if (value === null || typeof value !== 'object') return false;
	const e = value as Record<string, unknown>;
	return (e.state === 'sent' || e.state === 'reserved') && typeof e.at === 'number' && typeof e.expiresAt === 'number';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The entry stored under `key`: own keys only (a key named `__proto__` or `constructor` is a key like any other). */
export function ownEntry(keys: Record<string, LedgerEntry>, key: string): LedgerEntry | undefined {
	return hasOwn.call(keys, key) ? keys[key] : undefined;
}

/** Stores an entry; `__proto__` becomes an own key (a plain assignment would replace the object's prototype and be lost). */
export function putEntry(keys: Record<string, LedgerEntry>, key: string, entry: LedgerEntry): void {
	if (key === '__proto__') Object.defineProperty(keys, key, { value: entry, enumerable: true, writable: true, configurable: true });
	else keys[key] = entry;
}

/** Stores an index entry; `__proto__` as an own key, like {@link putEntry}. */
function putIndex(index: Record<string, string>, name: string, key: string): void {
	if (name === '__proto__') Object.defineProperty(index, name, { value: key, enumerable: true, writable: true, configurable: true });
	else index[name] = key;
}

/**
 * The ledger over a JSON object (n8n: `this.getWorkflowStaticData('global')`). Entries are always
 * replaced, never mutated in place, so that n8n's change tracking sees every write.
 */
export class StaticDataLedger implements IdempotencyLedger {
	readonly name: LedgerName = 'static_data';
	private readonly keys: Record<string, LedgerEntry>;
	private readonly maxKeys: number;
	/** Keys this run reserved, with the TTL asked for. */
	private readonly mine = new Map<string, number>();
	private count = 0;
	private readonly prunedOnOpen: number;
	private evicted = 0;
	private touched = false;

	private indexed = false;
	private readonly ids: Record<string, string>;
	private readonly phones: Record<string, string>;

	constructor(
		private readonly store: Record<string, unknown>,
		private readonly options: StaticLedgerOptions,
	) {
		if (options.live) mergeLiveRecord(store, options.live, options.now());
		if (!isPlainObject(store.keys)) store.keys = {};
		this.keys = store.keys as Record<string, LedgerEntry>;
		this.ids = isPlainObject(store.ids) ? (store.ids as Record<string, string>) : {};
		this.phones = isPlainObject(store.phones) ? (store.phones as Record<string, string>) : {};
		const max = options.maxKeys ?? DEFAULT_LEDGER_MAX_KEYS;
		this.maxKeys = Number.isFinite(max) && max >= 1 ? Math.floor(max) : DEFAULT_LEDGER_MAX_KEYS;
		const now = options.now();
		let pruned = 0;
		for (const key of Object.keys(this.keys)) {
			const entry = this.keys[key];
			if (!isEntry(entry) || entry.expiresAt <= now) {
				delete this.keys[key];
				pruned++;
			} else {
				this.count++;
			}
		}
		this.prunedOnOpen = pruned;
		// The indexes point at keys: those whose key is gone go too.
		for (const index of [this.ids, this.phones]) {
			for (const name of Object.keys(index)) if (ownEntry(this.keys, index[name]) === undefined) delete index[name];
		}
	}

	reserve(key: string, ttlMs: number): Reservation {
		const now = this.options.now();
		const entry = ownEntry(this.keys, key);
		const live = isEntry(entry) && entry.expiresAt > now;
		if (live) {
			const duplicate: Reservation = { status: 'duplicate', state: entry.state, at: entry.at, ref: entry.ref ?? null, sameRun: this.mine.has(key) };
			if (entry.out) duplicate.outcome = entry.out;
			return duplicate;
		}
		if (entry === undefined) this.count++;
		const ttl = Number.isFinite(ttlMs) && ttlMs > 0 ? ttlMs : DEFAULT_LEDGER_TTL_MS;
		putEntry(this.keys, key, this.entry('reserved', now, ttl));
		this.mine.set(key, ttl);
		this.touch();
		return { status: 'reserved' };
	}

	confirm(key: string, details: ConfirmDetails = {}): void {
		const ttl = this.mine.get(key);
		if (ttl === undefined) return;
		const now = this.options.now();
		if (ownEntry(this.keys, key) === undefined) this.count++;
		const entry = this.entry('sent', now, ttl, details.ref);
		const message = details.message;
		const live = this.options.live;
		if (message) {
			entry.msg = message;
			// The latest message to a number answers an SMS reply (on its channel first); the provider id answers a status or a WhatsApp reply.
			if (message.id) putIndex(this.ids, `${message.pr}:${message.id}`, key);
			putIndex(this.phones, message.to, key);
			putIndex(this.phones, `${message.ch}|${message.to}`, key);
			if (live) {
				// Known at once to Dunning Events in this process: a status may arrive before this run ends and saves.
				if (message.id) remember(live.ids, `${message.pr}:${message.id}`, key, now);
				remember(live.phones, message.to, key, now);
				remember(live.phones, `${message.ch}|${message.to}`, key, now);
			}
			if (!this.indexed) {
				// Assigned once, like the keys, so that n8n sees the change and saves them.
				this.indexed = true;
				this.store.ids = this.ids;
				this.store.phones = this.phones;
			}
		}
		putEntry(this.keys, key, entry);
		if (live) remember(live.sent, key, entry, now);
		this.touch();
	}

	release(key: string): void {
		if (!this.mine.has(key)) return;
		this.mine.delete(key);
		const entry = ownEntry(this.keys, key);
		if (entry !== undefined && (!isEntry(entry) || entry.state === 'reserved')) {
			delete this.keys[key];
			this.count--;
		}
	}

	/** Whether `key` is recorded and not expired (for tests and the docs' examples). */
	lookup(key: string): LedgerEntry | null {
		const entry = ownEntry(this.keys, key);
		return isEntry(entry) && entry.expiresAt > this.options.now() ? entry : null;
	}

	/**
	 * End of the run: keeps the store within `maxKeys` by dropping the oldest keys (the ones sent
	 * longest ago). Once over the bound it drops down to 90% of it, so that the sort (O(n log n))
	 * happens once per tenth of the bound of new keys, not in every run. Call once per execution.
	 */
	close(): LedgerStats {
		// What Dunning Events recorded meanwhile (outcomes, claims, opt-outs) goes into this run's save too.
		if (this.options.live) mergeLiveRecord(this.store, this.options.live, this.options.now());
		if (this.count > this.maxKeys) {
			const all = Object.keys(this.keys).map((key) => {
				const entry = this.keys[key];
				return { key, at: isEntry(entry) ? entry.at : 0 };
			});
			all.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
			const drop = all.length - Math.floor(this.maxKeys * 0.9);
			for (let i = 0; i < drop; i++) {
				delete this.keys[all[i].key];
				this.mine.delete(all[i].key);
			}
			for (const index of [this.ids, this.phones]) {
				for (const name of Object.keys(index)) if (ownEntry(this.keys, index[name]) === undefined) delete index[name];
			}
			this.evicted += drop;
			this.count = all.length - drop;
		}
		return this.stats();
	}

	stats(): LedgerStats {
		return { size: this.count, pruned: this.prunedOnOpen, evicted: this.evicted };
	}

	/**
	 * n8n saves static data only when its change flag is set, and it does not see writes into an
	 * object created during the run (the `keys` object of a first run, which it also ignores
	 * while empty). Assigning the container once, after the first write, sets the flag.
	 */
	private touch(): void {
		if (this.touched) return;
		this.touched = true;
		this.store.keys = this.keys;
	}

	private entry(state: LedgerEntry['state'], at: number, ttl: number, ref = this.options.ref): LedgerEntry {
		const entry: LedgerEntry = { state, at, expiresAt: at + ttl };
		if (ref) entry.ref = ref;
		return entry;
	}
}

/**
 * In-execution de-duplication over any ledger: the same key twice in one run is attempted once
 * (the second is a duplicate even when the first was released, e.g. refused), and the claim is
 * taken synchronously, so two concurrent sends of one key cannot both pass.
 */
export class RunLedger implements IdempotencyLedger {
	private readonly seen = new Map<string, number>();
	readonly name: LedgerName;

	constructor(
		private readonly inner: IdempotencyLedger,
		private readonly now: () => number,
	) {
		this.name = inner.name;
	}

	reserve(key: string, ttlMs: number): MaybePromise<Reservation> {
		const at = this.seen.get(key);
		if (at !== undefined) return { status: 'duplicate', state: 'reserved', at, ref: null, sameRun: true };
		this.seen.set(key, this.now());
		return this.inner.reserve(key, ttlMs);
	}

	confirm(key: string, details?: ConfirmDetails): MaybePromise<void> {
		return this.inner.confirm(key, details);
	}

	release(key: string): MaybePromise<void> {
		return this.inner.release(key);
	}

	/**
	 * The run itself attempts a key it released once more, as another form of the same message (a
	 * WhatsApp answer's template after the provider refused its free text): it may be reserved again.
	 */
	reattempt(key: string): void {
		this.seen.delete(key);
	}

	begin(key: string): MaybePromise<Reservation> {
		return this.inner.begin ? this.inner.begin(key) : RESERVED;
	}
}

const RESERVED: Reservation = { status: 'reserved' };

/** The usual ledger of one execution: the workflow static data, plus the once-per-run rule. */
export function openStaticLedger(
	store: Record<string, unknown>,
	options: StaticLedgerOptions,
): { ledger: RunLedger; store: StaticDataLedger } {
	const staticLedger = new StaticDataLedger(store, options);
	return { ledger: new RunLedger(staticLedger, options.now), store: staticLedger };
}
