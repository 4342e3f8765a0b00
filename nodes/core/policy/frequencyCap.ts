/**
 * A cap of messages per debtor per calendar day (in the debtor's time zone), counted across the
 * run and, through the same store as the idempotency ledger (the workflow static data), across
 * runs of the same day:
 *
 *     { caps: { "3f0c9e…": { day: "2026-05-04", count: 2 } } }
 *
 * Debtors are stored by a hash of their key (the debtor id or phone number), not in clear: the
 * static data is saved with the workflow and shows in its exports.
 */
import { createHash } from 'node:crypto';

import { dayInZone, isoDate } from '../dates';

export interface CapEntry {
	/** The debtor's calendar day the count is for, `YYYY-MM-DD`. */
	day: string;
	count: number;
}

export type CapCheck = { allowed: true; count: number } | { allowed: false; count: number; limit: number };

export interface FrequencyCapOptions {
	/** Messages per debtor per day; 0 = no cap. */
	limit: number;
	now: () => number;
}

function isCapEntry(value: unknown): value is CapEntry {
	if (value === null || typeof value !== 'object') return false;
	const e = value as Record<string, unknown>;
	return typeof e.day === 'string' && typeof e.count === 'number';
}

/** A short, stable, non-reversible id for a debtor key. */
export function debtorHash(debtor: string): string {
	return createHash('sha256').update(debtor).digest('base64url').slice(0, 22);
}

/**
 * How the record of sent messages stores a debtor's number: hashed, so that the record (saved in
 * n8n's database with the workflow, or in Redis) holds no phone numbers; the trigger hashes the
 * number of an incoming reply the same way to find the latest message sent to it.
 */
export function phoneKey(e164: string): string {
	return debtorHash(`tel:${e164}`);
}

/** The debtor's calendar day at `nowMs`, `YYYY-MM-DD`. */
export function debtorDay(nowMs: number, zone: string): string {
	return isoDate(dayInZone(nowMs, zone));
}

/** What the send pipeline needs of a daily cap; {@link FrequencyCap} (static data) or the Redis one. */
export interface DebtorCap {
	readonly limit: number;
	/** Counts one more message for the debtor, unless the cap is reached. */
	take(debtor: string, day: string): CapCheck | Promise<CapCheck>;
	/** Gives back a message taken by `take` that was surely not sent. */
	giveBack(debtor: string, day: string): void | Promise<void>;
}

export class FrequencyCap implements DebtorCap {
	readonly limit: number;
	private readonly caps: Record<string, CapEntry> | null;
	private readonly hashes = new Map<string, string>();
	private touched = false;

	constructor(
		private readonly store: Record<string, unknown>,
		options: FrequencyCapOptions,
	) {
		this.limit = Number.isFinite(options.limit) && options.limit > 0 ? Math.floor(options.limit) : 0;
		if (this.limit === 0) {
			this.caps = null;
			return;
		}
		if (store.caps === null || typeof store.caps !== 'object' || Array.isArray(store.caps)) store.caps = {};
		this.caps = store.caps as Record<string, CapEntry>;
		// Days before yesterday (in UTC, minus a day for the zones behind it) can no longer count.
		const oldest = isoDate(dayInZone(options.now(), 'UTC') - 2);
		for (const key of Object.keys(this.caps)) {
			const entry = this.caps[key];
			if (!isCapEntry(entry) || entry.day < oldest) delete this.caps[key];
		}
	}

	private id(debtor: string): string {
		let id = this.hashes.get(debtor);
		if (id === undefined) {
			id = debtorHash(debtor);
			this.hashes.set(debtor, id);
		}
		return id;
	}

	/** Messages counted for `debtor` on `day` (`YYYY-MM-DD` in the debtor's zone). */
	count(debtor: string, day: string): number {
		if (!this.caps) return 0;
		const entry = this.caps[this.id(debtor)];
		return isCapEntry(entry) && entry.day === day ? entry.count : 0;
	}

	/** Counts one more message for the debtor, unless the cap is reached. */
	take(debtor: string, day: string): CapCheck {
		if (!this.caps) return { allowed: true, count: 0 };
		const id = this.id(debtor);
		const entry = this.caps[id];
		const count = isCapEntry(entry) && entry.day === day ? entry.count : 0;
		if (count >= this.limit) return { allowed: false, count, limit: this.limit };
		this.caps[id] = { day, count: count + 1 };
		this.touch();
		return { allowed: true, count: count + 1 };
	}

	/** Makes n8n see the writes (see `StaticDataLedger.touch`). */
	private touch(): void {
		if (this.touched || !this.caps) return;
		this.touched = true;
		this.store.caps = this.caps;
	}

	/** Gives back a message taken by {@link take} that was surely not sent. */
	giveBack(debtor: string, day: string): void {
		if (!this.caps) return;
		const id = this.id(debtor);
		const entry = this.caps[id];
		if (!isCapEntry(entry) || entry.day !== day || entry.count <= 0) return;
		if (entry.count === 1) delete this.caps[id];
		else this.caps[id] = { day, count: entry.count - 1 };
	}
}
