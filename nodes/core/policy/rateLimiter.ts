/**
 * A token bucket for "N messages per second, with a burst of B", on an injected clock.
 *
 * It is written as the equivalent virtual-scheduling form (GCRA): one number, the theoretical
 * time the next message is due, instead of a token count refilled by a timer. Reserving a slot
 * is O(1) and needs no timer at all: `reserve()` says how long the caller must wait, and the
 * caller waits with whatever sleep it was given (n8n's `sleep`, or a fake one in tests).
 */

export interface RateLimiterOptions {
	/** Messages per second; 0 (or Infinity) means no limit, only the slow-down pauses apply. */
	ratePerSecond: number;
	/** How many messages may go at once after an idle period (at least 1). Default 1. */
	burst?: number;
	/** Milliseconds since the epoch (or any monotonic origin). */
	now: () => number;
}

export class RateLimiter {
	/** Milliseconds between two messages at the steady rate (0 = unlimited). */
	readonly intervalMs: number;
	readonly burst: number;
	/** How far ahead of the steady schedule a burst may run. */
	private readonly toleranceMs: number;
	/** Theoretical arrival time of the next message. */
	private tat = Number.NEGATIVE_INFINITY;
	private pausedUntilMs = Number.NEGATIVE_INFINITY;
	private slowDowns = 0;

	constructor(private readonly options: RateLimiterOptions) {
		const rate = options.ratePerSecond;
		this.intervalMs = Number.isFinite(rate) && rate > 0 ? 1000 / rate : 0;
		const burst = options.burst ?? 1;
		this.burst = Number.isFinite(burst) && burst >= 1 ? Math.floor(burst) : 1;
		this.toleranceMs = (this.burst - 1) * this.intervalMs;
	}

	/**
	 * Takes the next free slot and returns how many milliseconds to wait before using it (0 = go
	 * now). Every call takes a slot, so call it once per request actually about to be made.
	 */
	reserve(): number {
		const now = this.options.now();
		const tat = Math.max(this.tat, now);
		const sendAt = Math.max(now, tat - this.toleranceMs);
		this.tat = tat + this.intervalMs;
		return sendAt - now;
	}

	/** When the next slot would be free, without taking it. */
	nextSlotAt(): number {
		const now = this.options.now();
		return Math.max(now, Math.max(this.tat, now) - this.toleranceMs);
	}

	/**
	 * The provider said "too many requests" (429, Retry-After, a throttling code): nobody sends
	 * before `untilMs`, and the burst allowance is spent, so the first message after the pause goes
	 * alone and the rest follow at the steady rate instead of hitting the limit again together.
	 */
	slowDown(untilMs: number): void {
		if (!Number.isFinite(untilMs)) return;
		this.slowDowns++;
		if (untilMs > this.pausedUntilMs) this.pausedUntilMs = untilMs;
		const tat = untilMs + this.toleranceMs;
		if (tat > this.tat) this.tat = tat;
	}

	/** The end of the latest pause asked by {@link slowDown} (-Infinity when never paused). */
	get pausedUntil(): number {
		return this.pausedUntilMs;
	}

	/** How many times {@link slowDown} was called. */
	get slowDownCount(): number {
		return this.slowDowns;
	}
}
