/**
 * What one n8n process learned about a workflow's record of sent messages since n8n last loaded
 * its static data. n8n gives each execution and each webhook request its own copy of a workflow's
 * static data, loaded from the database when it starts and saved whole when it ends. Without this,
 * two webhook requests at the same moment each save a copy without the other's writes (a provider's
 * redelivery runs twice, a STOP is lost), and a status arriving while the Send node's run is still
 * going finds nothing (the run saves at its end) and is overwritten by that save.
 *
 * So every static-data user of the record in this process — the Send node's ledger, Dunning
 * Events, Classify Reply's opt-outs — writes here too, synchronously (Node runs one request at a
 * time: this is atomic within the process), and merges what is here into the copy it loaded before
 * it reads, and again before n8n saves it. Every save then carries everything this process knows.
 * Several processes (queue mode) share nothing here: use the Redis record there.
 *
 * Bounded: entries expire, and each map keeps at most {@link MAX_LIVE} entries, oldest first out.
 */
import type { ContactBlock } from './contactBlocks';
import { type LedgerEntry, type MessageOutcome, isEntry, isPlainObject, ownEntry, putEntry } from './ledger';

/** How long a write is kept here after it was made: long enough for the next save of every copy. */
export const LIVE_TTL_MS = 6 * 3_600_000;
export const MAX_LIVE = 200_000;

interface Timed<T> {
	value: T;
	/** When this process forgets it (epoch ms). */
	until: number;
}

export interface LiveRecord {
	/** Event ids claimed → until when they are remembered. */
	events: Map<string, number>;
	/** Outcomes a status reported, by idempotency key. */
	outcomes: Map<string, Timed<MessageOutcome>>;
	/** Entries the Send node recorded during a run (sent, with the message's details), by key. */
	sent: Map<string, Timed<LedgerEntry>>;
	/** Index entries: provider message id → key, and number hash (per channel and for any) → key. */
	ids: Map<string, Timed<string>>;
	phones: Map<string, Timed<string>>;
	/** Opt-outs and wrong numbers by number hash; null: opened again (START). */
	blocks: Map<string, Timed<ContactBlock | null>>;
}

const records = new Map<string, LiveRecord>();

/** The live record of a workflow in this process; undefined without a workflow id (then nothing is shared). */
export function liveRecord(workflowId: string | undefined | null): LiveRecord | undefined {
	if (!workflowId) return undefined;
	let live = records.get(workflowId);
	if (!live) {
		live = { events: new Map(), outcomes: new Map(), sent: new Map(), ids: new Map(), phones: new Map(), blocks: new Map() };
		records.set(workflowId, live);
		if (records.size > 1000) records.delete(records.keys().next().value as string);
	}
	return live;
}

/** Remembers a write; the oldest goes when the map is full (Maps keep insertion order: re-inserting refreshes). */
export function remember<T>(map: Map<string, Timed<T>>, key: string, value: T, now: number): void {
	map.delete(key);
	map.set(key, { value, until: now + LIVE_TTL_MS });
	if (map.size > MAX_LIVE) map.delete(map.keys().next().value as string);
}

export function rememberEvent(live: LiveRecord, id: string, until: number): void {
	live.events.delete(id);
	live.events.set(id, until);
	if (live.events.size > MAX_LIVE) live.events.delete(live.events.keys().next().value as string);
}

/** A live value still worth knowing, or undefined. */
export function fresh<T>(map: Map<string, Timed<T>>, key: string, now: number): T | undefined {
	const t = map.get(key);
	if (!t) return undefined;
	if (t.until <= now) {
		map.delete(key);
		return undefined;
	}
	return t.value;
}

const STATUS_RANK: Record<string, number> = { queued: 1, sent: 2, delivered: 3, read: 4, failed: 5, undelivered: 5 };

function further(current: MessageOutcome | undefined, next: MessageOutcome): boolean {
	if (!current) return true;
	const a = STATUS_RANK[current.status] ?? 0;
	const b = STATUS_RANK[next.status] ?? 0;
	return b > a || (b === a && next.at > current.at);
}

/** The store's container of that name, made when first written to (an empty one is never added). */
function container<T>(store: Record<string, unknown>, name: string): Record<string, T> {
	if (!isPlainObject(store[name])) store[name] = {};
	return store[name] as Record<string, T>;
}

function hasLive<T>(map: Map<string, Timed<T>>, now: number): boolean {
	for (const t of map.values()) if (t.until > now) return true;
	return false;
}

function putOwn(object: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Brings what this process knows into a copy of the static data: sent entries and their indexes,
 * outcomes (never moving a message back), claimed event ids, blocks. Returns whether it changed
 * anything (the caller then assigns the containers so that n8n saves them).
 */
export function mergeLiveRecord(store: Record<string, unknown>, live: LiveRecord, now: number): boolean {
	let changed = false;
	if (hasLive(live.sent, now)) {
		const keys = container<LedgerEntry>(store, 'keys');
		for (const [key, t] of live.sent) {
			if (t.until <= now) {
				live.sent.delete(key);
				continue;
			}
			const existing = ownEntry(keys, key);
			// A later write in this copy (its own confirm, a newer send) wins over an older live one.
			if (!isEntry(existing) || existing.at < t.value.at || (existing.state === 'reserved' && t.value.state === 'sent')) {
				putEntry(keys, key, existing?.out && !t.value.out ? { ...t.value, out: existing.out } : t.value);
				changed = true;
			}
		}
	}
	for (const [name, map] of [
		['ids', live.ids],
		['phones', live.phones],
	] as const) {
		if (!hasLive(map, now)) continue;
		const index = container<string>(store, name);
		for (const [k, t] of map) {
			if (t.until <= now) {
				map.delete(k);
				continue;
			}
			if (index[k] !== t.value || !Object.prototype.hasOwnProperty.call(index, k)) {
				putOwn(index, k, t.value);
				changed = true;
			}
		}
	}
	if (hasLive(live.outcomes, now)) {
		const keys = container<LedgerEntry>(store, 'keys');
		for (const [key, t] of live.outcomes) {
			if (t.until <= now) {
				live.outcomes.delete(key);
				continue;
			}
			const entry = ownEntry(keys, key);
			if (!isEntry(entry)) continue;
			const accepted = entry.state === 'reserved';
			if (further(entry.out, t.value) || accepted) {
				putEntry(keys, key, { ...entry, state: 'sent', out: further(entry.out, t.value) ? t.value : entry.out });
				changed = true;
			}
		}
	}
	if (live.events.size > 0) {
		const events = container<number>(store, 'events');
		for (const [id, until] of live.events) {
			if (until <= now) {
				live.events.delete(id);
				continue;
			}
			const had = Object.prototype.hasOwnProperty.call(events, id) ? events[id] : undefined;
			if (typeof had !== 'number' || had < until) {
				putOwn(events, id, until);
				changed = true;
			}
		}
	}
	if (hasLive(live.blocks, now)) {
		const blocks = container<ContactBlock>(store, 'blocks');
		for (const [hash, t] of live.blocks) {
			if (t.until <= now) {
				live.blocks.delete(hash);
				continue;
			}
			if (t.value === null) {
				if (Object.prototype.hasOwnProperty.call(blocks, hash)) {
					delete blocks[hash];
					changed = true;
				}
			} else if (JSON.stringify(blocks[hash]) !== JSON.stringify(t.value)) {
				putOwn(blocks, hash, t.value);
				changed = true;
			}
		}
	}
	if (changed) {
		// Nested writes bypass n8n's change tracking: assigning each container marks the data changed.
		for (const name of ['keys', 'ids', 'phones', 'events', 'blocks']) {
			const value = store[name];
			if (value !== undefined) store[name] = value;
		}
	}
	return changed;
}

/** The workflow's id from an n8n context, when it has one (mocked contexts in unit tests may not). */
export function workflowIdOf(ctx: { getWorkflow?: () => { id?: string } }): string | undefined {
	try {
		return ctx.getWorkflow?.().id ?? undefined;
	} catch {
		return undefined;
	}
}

/** For tests: forget everything this process knows. */
export function clearLiveRecords(): void {
	records.clear();
}
