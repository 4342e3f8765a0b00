/**
 * The send loop: every message of a run goes through here once, provider-agnostic.
 *
 * - At most `concurrency` requests are in flight; a worker that waits for a retry does not hold
 *   a request slot, it sends other messages meanwhile (waiting retries sit in a time-ordered queue).
 * - Every request (first attempt or retry) takes a slot of the {@link RateLimiter}.
 * - Failures are retried per {@link decideRetry}; a request-scoped throttle pauses the whole
 *   limiter, a recipient-scoped one (Meta 131056) holds back only that recipient's messages.
 * - `fatal_credential` stops launching new work; the cancel signal stops the loop at the next
 *   check (before each attempt, after each wait; long waits are cut into slices).
 * - Every input index ends in exactly one result, in input order.
 *
 * Nothing here knows about time or waiting except through `deps`, so a fake clock makes the
 * whole run deterministic. Bookkeeping is O(log n) per attempt and there is no timer per item.
 */
import { type BackoffPolicy, type GiveUpReason, type RetryFailure, decideRetry, isThrottle, normalizeBackoff } from './backoff';
import { RateLimiter } from './rateLimiter';

export type AttemptResult<V = unknown> = { ok: true; value?: V } | { ok: false; failure: RetryFailure; value?: V };

/** An `AbortSignal`, or anything with `aborted`. */
export interface CancelSignal {
	readonly aborted: boolean;
}

export interface SendLoopDeps<V = unknown> {
	/** Makes one request for item `index`; `attemptNumber` is 1 for the first attempt. Should not throw. */
	attempt(index: number, attemptNumber: number): Promise<AttemptResult<V>>;
	sleep(ms: number): Promise<void>;
	now(): number;
	/** [0, 1), like Math.random. */
	random(): number;
	signal?: CancelSignal;
	/** The recipient of item `index` (e.g. E.164), for recipient-scoped throttles. */
	recipientOf?(index: number): string | null | undefined;
}

export interface SendLoopOptions {
	/** Requests in flight at most. Default 5. */
	concurrency?: number;
	/** Messages per second; 0 = no limit. Default 10. Ignored when `limiter` is given. */
	ratePerSecond?: number;
	/** Default 1. Ignored when `limiter` is given. */
	burst?: number;
	/** A limiter shared with another loop (e.g. the SMS fallback pass of the same run). */
	limiter?: RateLimiter;
	backoff?: Partial<BackoffPolicy>;
	/** Retry `ambiguous` failures (the provider may have sent the message). Default false. */
	retryAmbiguous?: boolean;
	/** Longest single sleep, so that a cancel is noticed within this time. Default 1000 ms. */
	maxSleepSliceMs?: number;
	/** Waits shorter than this are not slept (the limiter stays exact on average). Default 1 ms. */
	minSleepMs?: number;
}

export type StopReason = 'cancelled' | 'stopped';

export interface ItemResult<V = unknown> {
	index: number;
	/** `ok`: the last attempt succeeded; `failed`: it failed; `skipped`: never attempted. */
	status: 'ok' | 'failed' | 'skipped';
	/** Requests made for this item. */
	attempts: number;
	/** Of those, refused as throttled. */
	throttledAttempts: number;
	/** What the last attempt returned. */
	value?: V;
	/** The last attempt's failure (status `failed`). */
	failure?: RetryFailure;
	/** Why no further attempt was made (status `failed`). */
	gaveUp?: GiveUpReason | StopReason;
	/** Why it was never attempted (status `skipped`): the run was cancelled, or stopped by a fatal failure. */
	reason?: StopReason;
	/** An exception thrown by `attempt` (a bug: treated as ambiguous, never retried). */
	error?: unknown;
	firstAttemptAt: number | null;
	lastAttemptAt: number | null;
}

export interface SendLoopStats {
	attempts: number;
	retries: number;
	throttled: number;
	maxInFlight: number;
	startedAt: number;
	finishedAt: number;
}

export interface SendLoopReport<V = unknown> {
	results: Array<ItemResult<V>>;
	cancelled: boolean;
	/** The first `fatal_credential` failure, which stopped the run. */
	fatal: { index: number; failure: RetryFailure } | null;
	stats: SendLoopStats;
}

/** A binary min-heap of (due time, item index); ties go to the lower index. */
class DueQueue {
	private readonly due: number[] = [];
	private readonly index: number[] = [];

	get size(): number {
		return this.due.length;
	}

	peekDue(): number {
		return this.due[0];
	}

	private less(a: number, b: number): boolean {
		return this.due[a] < this.due[b] || (this.due[a] === this.due[b] && this.index[a] < this.index[b]);
	}

	private swap(a: number, b: number): void {
		const d = this.due[a];
		this.due[a] = this.due[b];
		this.due[b] = d;
		const i = this.index[a];
		this.index[a] = this.index[b];
		this.index[b] = i;
	}

	push(due: number, index: number): void {
		this.due.push(due);
		this.index.push(index);
		let i = this.due.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.less(i, parent)) break;
			this.swap(i, parent);
			i = parent;
		}
	}

	pop(): number {
		const top = this.index[0];
		const last = this.due.length - 1;
		this.swap(0, last);
		this.due.pop();
		this.index.pop();
		let i = 0;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < last && this.less(l, m)) m = l;
			if (r < last && this.less(r, m)) m = r;
			if (m === i) break;
			this.swap(i, m);
			i = m;
		}
		return top;
	}
}

function positive(value: number | undefined, fallback: number, min: number): number {
	return value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, value);
}

export async function runSendLoop<V = unknown>(
	items: { readonly length: number } | number,
	deps: SendLoopDeps<V>,
	options: SendLoopOptions = {},
): Promise<SendLoopReport<V>> {
	const n = typeof items === 'number' ? items : items.length;
	const policy = normalizeBackoff(options.backoff);
	const concurrency = Math.floor(positive(options.concurrency, 5, 1));
	const slice = positive(options.maxSleepSliceMs, 1000, 1);
	const minSleep = positive(options.minSleepMs, 1, 0);
	const now = (): number => deps.now();
	const random = (): number => deps.random();
	const limiter = options.limiter ?? new RateLimiter({ ratePerSecond: options.ratePerSecond ?? 10, burst: options.burst, now });
	const retryAmbiguous = options.retryAmbiguous === true;

	const attempts = new Int32Array(n);
	const throttled = new Int32Array(n);
	const firstAt = new Float64Array(n).fill(Number.NaN);
	const lastAt = new Float64Array(n).fill(Number.NaN);
	const last: Array<AttemptResult<V> | undefined> = new Array<AttemptResult<V> | undefined>(n);
	const errors = new Map<number, unknown>();
	const results: Array<ItemResult<V> | undefined> = new Array<ItemResult<V> | undefined>(n);
	const queue = new DueQueue();
	/** Recipients held back by a recipient-scoped throttle, until when. */
	const held = new Map<string, number>();

	const stats: SendLoopStats = { attempts: 0, retries: 0, throttled: 0, maxInFlight: 0, startedAt: deps.now(), finishedAt: 0 };
	let next = 0;
	let inFlight = 0;
	let cancelled = false;
	let fatal: SendLoopReport<V>['fatal'] = null;
	let waiters: Array<() => void> = [];

	const stopping = (): boolean => {
		if (!cancelled && deps.signal?.aborted === true) cancelled = true;
		return cancelled || fatal !== null;
	};
	const changed = (): Promise<void> => new Promise<void>((resolve) => waiters.push(resolve));
	const notify = (): void => {
		if (waiters.length === 0) return;
		const woken = waiters;
		waiters = [];
		for (const wake of woken) wake();
	};
	/** Sleeps until `t` in slices; false when the run stopped meanwhile. */
	const waitUntil = async (t: number): Promise<boolean> => {
		for (;;) {
			if (stopping()) return false;
			const remaining = t - deps.now();
			if (remaining <= 0) return true;
			const step = Math.min(remaining, slice);
			await deps.sleep(step);
			if (step === remaining) return !stopping();
		}
	};
	const finish = (index: number, result: ItemResult<V>): void => {
		results[index] = result;
	};
	const base = (index: number): ItemResult<V> => ({
		index,
		status: 'failed',
		attempts: attempts[index],
		throttledAttempts: throttled[index],
		firstAttemptAt: Number.isNaN(firstAt[index]) ? null : firstAt[index],
		lastAttemptAt: Number.isNaN(lastAt[index]) ? null : lastAt[index],
	});
	const heldUntil = (index: number, t: number): number => {
		if (held.size === 0 || !deps.recipientOf) return 0;
		const recipient = deps.recipientOf(index);
		if (!recipient) return 0;
		const until = held.get(recipient);
		if (until === undefined) return 0;
		if (until <= t) {
			held.delete(recipient);
			return 0;
		}
		return until;
	};

	const settle = (index: number, result: AttemptResult<V>, t: number): void => {
		last[index] = result;
		if (result.ok) {
			finish(index, { ...base(index), status: 'ok', value: result.value });
			return;
		}
		const f = result.failure;
		const failed = (gaveUp: GiveUpReason): void => {
			const r: ItemResult<V> = { ...base(index), value: result.value, failure: f, gaveUp };
			if (errors.has(index)) r.error = errors.get(index);
			finish(index, r);
		};
		if (f.kind === 'fatal_credential') {
			if (fatal === null) fatal = { index, failure: f };
			failed('not_retryable');
			return;
		}
		if (isThrottle(f)) {
			throttled[index]++;
			stats.throttled++;
		}
		const decision = decideRetry(
			f,
			{ attempts: attempts[index], throttledAttempts: throttled[index], firstAttemptAt: firstAt[index] },
			policy,
			t,
			random,
			{ retryAmbiguous },
		);
		if (!decision.retry) {
			failed(decision.gaveUp);
			return;
		}
		if (decision.scope === 'request' && decision.pauseUntil !== undefined) limiter.slowDown(decision.pauseUntil);
		if (decision.scope === 'recipient' && deps.recipientOf) {
			const recipient = deps.recipientOf(index);
			if (recipient) held.set(recipient, Math.max(held.get(recipient) ?? 0, t + decision.delayMs));
		}
		stats.retries++;
		queue.push(t + decision.delayMs, index);
	};

	const worker = async (): Promise<void> => {
		for (;;) {
			if (stopping()) return;
			const t = deps.now();
			let index: number;
			if (queue.size > 0 && queue.peekDue() <= t) {
				index = queue.pop();
			} else if (next < n) {
				index = next++;
			} else if (queue.size > 0) {
				await waitUntil(queue.peekDue());
				continue;
			} else if (inFlight > 0) {
				await changed();
				continue;
			} else {
				return;
			}
			const hold = heldUntil(index, t);
			if (hold > 0) {
				queue.push(hold, index);
				continue;
			}
			let wait = limiter.reserve();
			let heldBack = false;
			while (wait >= minSleep && wait > 0) {
				// Stopped meanwhile: the end of the run reports the item (skipped, or its last failure).
				if (!(await waitUntil(deps.now() + wait))) return;
				const later = heldUntil(index, deps.now());
				if (later > 0) {
					queue.push(later, index);
					heldBack = true;
					break;
				}
				// A "slow down" arrived while this worker waited for its slot: the slot was taken before the
				// pause, so it does not count. Nothing starts inside the pause; take a slot after it.
				wait = limiter.pausedUntil > deps.now() ? limiter.reserve() : 0;
			}
			if (heldBack) continue;
			if (stopping()) return;
			const startedAt = deps.now();
			attempts[index]++;
			if (attempts[index] === 1) firstAt[index] = startedAt;
			stats.attempts++;
			inFlight++;
			if (inFlight > stats.maxInFlight) stats.maxInFlight = inFlight;
			let result: AttemptResult<V>;
			try {
				result = await deps.attempt(index, attempts[index]);
			} catch (error) {
				errors.set(index, error);
				result = { ok: false, failure: { kind: 'ambiguous', reason: 'internal_error' } };
			}
			inFlight--;
			const ended = deps.now();
			lastAt[index] = ended;
			settle(index, result, ended);
			notify();
		}
	};

	const workers: Array<Promise<void>> = [];
	for (let w = 0; w < Math.min(concurrency, Math.max(n, 1)); w++) workers.push(worker());
	await Promise.all(workers);

	const stop: StopReason = cancelled ? 'cancelled' : 'stopped';
	const report: Array<ItemResult<V>> = new Array<ItemResult<V>>(n);
	for (let i = 0; i < n; i++) {
		const done = results[i];
		if (done) {
			report[i] = done;
		} else if (attempts[i] === 0) {
			report[i] = { ...base(i), status: 'skipped', reason: stop };
		} else {
			// Attempted, waiting for a retry when the run stopped: its last failure stands.
			const previous = last[i];
			const r: ItemResult<V> = { ...base(i), gaveUp: stop };
			if (previous && !previous.ok) r.failure = previous.failure;
			if (previous) r.value = previous.value;
			report[i] = r;
		}
	}
	stats.finishedAt = deps.now();
	return { results: report, cancelled, fatal, stats };
}
