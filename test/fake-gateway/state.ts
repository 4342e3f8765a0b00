/**
 * The gateway's memory: a bounded request log, counters per recipient and per correlation key, the
 * accepted-message store, and the WhatsApp 24-hour window and pair-rate models. Everything is
 * bounded so a 100,000-message benchmark does not grow without limit.
 */
import type { CountPair, ProviderName, RecordedRequest, StoredMessage } from './types';

/** Fixed-size ring of the most recent requests. */
export class Ring<T> {
	private items: T[] = [];
	private next = 0;
	total = 0;

	constructor(private capacity: number) {}

	push(item: T): void {
		this.total++;
		if (this.capacity <= 0) return;
		if (this.items.length < this.capacity) this.items.push(item);
		else this.items[this.next] = item;
		this.next = (this.next + 1) % this.capacity;
	}

	/** Oldest first. */
	toArray(): T[] {
		if (this.items.length < this.capacity) return this.items.slice();
		return this.items.slice(this.next).concat(this.items.slice(0, this.next));
	}

	clear(capacity = this.capacity): void {
		this.items = [];
		this.next = 0;
		this.total = 0;
		this.capacity = capacity;
	}
}

export interface StatsSnapshot {
	requests: number;
	accepted: number;
	/** Messages accepted (an Infobip request may carry several). */
	messagesAccepted: number;
	byProvider: Record<string, CountPair>;
	byStatus: Record<string, number>;
	byOutcome: Record<string, number>;
	faults: Record<string, number>;
	perRecipient: Record<string, CountPair>;
	perKey: Record<string, CountPair>;
	/** Correlation keys and recipients accepted more than once: the "double send" evidence. */
	duplicateKeys: string[];
	duplicateRecipients: string[];
	/** Distinct recipients/keys dropped from the per-maps once `limits.trackedKeys` was reached. */
	untracked: number;
}

export class Stats {
	requests = 0;
	accepted = 0;
	messagesAccepted = 0;
	untracked = 0;
	readonly byProvider = new Map<string, CountPair>();
	readonly byStatus = new Map<number, number>();
	readonly byOutcome = new Map<string, number>();
	readonly faults = new Map<string, number>();
	readonly perRecipient = new Map<string, CountPair>();
	readonly perKey = new Map<string, CountPair>();

	constructor(private readonly trackedKeys: () => number) {}

	reset(): void {
		this.requests = 0;
		this.accepted = 0;
		this.messagesAccepted = 0;
		this.untracked = 0;
		this.byProvider.clear();
		this.byStatus.clear();
		this.byOutcome.clear();
		this.faults.clear();
		this.perRecipient.clear();
		this.perKey.clear();
	}

	/** Counts one request; per-recipient and per-key counts go up once per request naming them. */
	countRequest(record: RecordedRequest): void {
		this.requests++;
		if (record.outcome === 'accepted' || record.outcome === 'partial') this.accepted++;
		pair(this.byProvider, record.provider).requests++;
		this.byStatus.set(record.status, (this.byStatus.get(record.status) ?? 0) + 1);
		this.byOutcome.set(record.outcome, (this.byOutcome.get(record.outcome) ?? 0) + 1);
		if (record.fault !== undefined) this.faults.set(record.fault, (this.faults.get(record.fault) ?? 0) + 1);
		for (const r of record.recipients) this.bump(this.perRecipient, r, 'requests');
		for (const k of record.keys) this.bump(this.perKey, k, 'requests');
	}

	/** Counts one accepted message (recipient and key of that message). */
	countAccepted(provider: ProviderName, recipient: string, key: string | undefined): void {
		this.messagesAccepted++;
		pair(this.byProvider, provider).accepted++;
		this.bump(this.perRecipient, recipient, 'accepted');
		if (key !== undefined) this.bump(this.perKey, key, 'accepted');
	}

	private bump(map: Map<string, CountPair>, key: string, field: keyof CountPair): void {
		let counts = map.get(key);
		if (counts === undefined) {
			if (map.size >= this.trackedKeys()) {
				this.untracked++;
				return;
			}
			counts = { requests: 0, accepted: 0 };
			map.set(key, counts);
		}
		counts[field]++;
	}

	snapshot(options: { perMaps: boolean }): StatsSnapshot {
		return {
			requests: this.requests,
			accepted: this.accepted,
			messagesAccepted: this.messagesAccepted,
			byProvider: Object.fromEntries(this.byProvider),
			byStatus: Object.fromEntries(this.byStatus),
			byOutcome: Object.fromEntries(this.byOutcome),
			faults: Object.fromEntries(this.faults),
			perRecipient: options.perMaps ? Object.fromEntries(this.perRecipient) : {},
			perKey: options.perMaps ? Object.fromEntries(this.perKey) : {},
			duplicateKeys: duplicates(this.perKey),
			duplicateRecipients: duplicates(this.perRecipient),
			untracked: this.untracked,
		};
	}
}

function pair(map: Map<string, CountPair>, key: string): CountPair {
	let counts = map.get(key);
	if (counts === undefined) {
		counts = { requests: 0, accepted: 0 };
		map.set(key, counts);
	}
	return counts;
}

function duplicates(map: Map<string, CountPair>, limit = 1000): string[] {
	const out: string[] = [];
	for (const [key, counts] of map) {
		if (counts.accepted > 1) {
			out.push(key);
			if (out.length >= limit) break;
		}
	}
	return out;
}

/** Accepted messages by id, oldest evicted first beyond the limit. */
export class MessageStore {
	private readonly byId = new Map<string, StoredMessage>();

	constructor(private readonly limit: () => number) {}

	add(message: StoredMessage): void {
		if (this.byId.size >= this.limit()) {
			const oldest = this.byId.keys().next().value;
			if (oldest !== undefined) this.byId.delete(oldest);
		}
		this.byId.set(message.id, message);
	}

	get(id: string): StoredMessage | undefined {
		return this.byId.get(id);
	}

	all(): StoredMessage[] {
		return Array.from(this.byId.values());
	}

	get size(): number {
		return this.byId.size;
	}

	clear(): void {
		this.byId.clear();
	}
}

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** WhatsApp customer-service window: opened by an inbound message, lasts 24 h; outbound never refreshes it. */
export class WindowModel {
	private readonly lastInbound = new Map<string, number>();

	open(digits: string, at: number): void {
		this.lastInbound.set(digits, at);
	}

	close(digits: string): void {
		this.lastInbound.delete(digits);
	}

	isOpen(digits: string, now: number): boolean {
		const at = this.lastInbound.get(digits);
		return at !== undefined && now - at < WINDOW_MS;
	}

	snapshot(): Record<string, number> {
		return Object.fromEntries(this.lastInbound);
	}

	clear(): void {
		this.lastInbound.clear();
	}
}

/** Meta pair rate limit: one message per recipient per `spacingMs` (off when 0). */
export class PairRateModel {
	private readonly lastSent = new Map<string, number>();

	/** True when this send is allowed (and records it); false when it comes too soon. */
	allow(digits: string, now: number, spacingMs: number): boolean {
		if (spacingMs <= 0) return true;
		const last = this.lastSent.get(digits);
		if (last !== undefined && now - last < spacingMs) return false;
		this.lastSent.set(digits, now);
		return true;
	}

	clear(): void {
		this.lastSent.clear();
	}
}

/**
 * Provider-level opt-outs, per provider and number: Twilio's STOP filtering (a STOP reply blocks later
 * SMS with 21610, START clears it) and Meta's marketing preference (`user_preferences` stop/resume).
 * `in` records an explicit opt-in, which also lifts a number's `opt_out` fault.
 */
export class OptOutModel {
	private readonly states = new Map<string, { state: 'out' | 'in'; at: number }>();

	set(provider: ProviderName, digits: string, state: 'out' | 'in', at: number): void {
		this.states.set(`${provider}|${digits}`, { state, at });
	}

	get(provider: ProviderName, digits: string): 'out' | 'in' | undefined {
		return this.states.get(`${provider}|${digits}`)?.state;
	}

	snapshot(): Record<string, { state: 'out' | 'in'; at: number }> {
		return Object.fromEntries(this.states);
	}

	clear(): void {
		this.states.clear();
	}
}
