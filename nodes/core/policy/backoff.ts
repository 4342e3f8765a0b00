/**
 * When (and whether) to try a failed message again: exponential back-off with full jitter,
 * bounded in attempts and in total time, honouring the provider's `Retry-After`.
 *
 * The rule, as docs/nodes/send-via-gateway.md ("Retries") states it:
 * - Only `retryable` failures are retried (and `ambiguous` ones when the user asked for it).
 * - Retry n (0 for the first retry) waits a random time between 0 and
 *   min(maxDelayMs, baseDelayMs × 2^n) ("full jitter": many items failing together spread out).
 * - A `Retry-After` (or a provider's documented back-off) is a floor: the wait is at least that
 *   long, and the provider's answer counts as a throttle.
 * - A throttle (HTTP 429, a provider rate-limit code, any `Retry-After`) means the provider did
 *   not process the message: it does not use up `maxAttempts`; throttles have their own, larger
 *   budget (`maxThrottledAttempts`). A request-scoped throttle also pauses the whole node (see
 *   `RateLimiter.slowDown`), so the other messages do not each run into the same limit.
 * - Nothing is retried once the next attempt would start more than `maxTotalMs` after the
 *   item's first attempt: a wait that does not fit the budget gives up at once instead of
 *   sleeping for nothing.
 * - `delivery.attempts` counts every request made, throttled or not.
 */
import type { ErrorKind } from '../gateways/types';

export interface BackoffPolicy {
	/** Ceiling of the first retry's random wait. */
	baseDelayMs: number;
	/** The largest ceiling (the exponential stops growing there). */
	maxDelayMs: number;
	/** Attempts per message, not counting attempts the provider refused as throttled. */
	maxAttempts: number;
	/** Attempts refused as throttled (429, Retry-After, rate-limit codes) per message. */
	maxThrottledAttempts: number;
	/** No retry starts later than this after the message's first attempt. */
	maxTotalMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = {
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
	maxAttempts: 4,
	maxThrottledAttempts: 10,
	maxTotalMs: 120_000,
};

/** The part of a failure the retry policy reads (a `GatewayFailure` has all of it). */
export interface RetryFailure {
	kind: ErrorKind;
	reason?: string;
	retryAfterMs?: number;
	retryScope?: 'request' | 'recipient';
}

/** What one message has been through so far. */
export interface RetryState {
	/** Requests made, including the one that just failed. */
	attempts: number;
	/** Of those, the ones refused as throttled. */
	throttledAttempts: number;
	/** When the first attempt started. */
	firstAttemptAt: number;
}

export type GiveUpReason = 'not_retryable' | 'ambiguous' | 'max_attempts' | 'max_time';

export type RetryDecision =
	| {
			retry: true;
			/** Wait this long before the next attempt of this message. */
			delayMs: number;
			/** `request`: pause the whole node until `pauseUntil`; `recipient`: hold back only this recipient. */
			scope: 'item' | 'request' | 'recipient';
			/** The end of the node-wide pause (request-scoped throttles only). */
			pauseUntil?: number;
			throttled: boolean;
	  }
	| { retry: false; gaveUp: GiveUpReason; throttled: boolean };

/** A refusal that means "slow down" rather than "this broke". */
export function isThrottle(failure: RetryFailure): boolean {
	return (
		failure.kind === 'retryable' &&
		(failure.reason === 'rate_limited' || failure.retryScope === 'recipient' || (failure.retryAfterMs ?? 0) > 0)
	);
}

/** min(maxDelayMs, baseDelayMs × 2^retry): the upper bound of retry number `retry` (0-based). */
export function backoffCeiling(policy: BackoffPolicy, retry: number): number {
	const exponent = Math.min(Math.max(0, retry), 30);
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/** Full jitter: uniformly random in [0, ceiling). `random` returns [0, 1) like Math.random. */
export function fullJitter(policy: BackoffPolicy, retry: number, random: () => number): number {
	const r = random();
	const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
	return unit * backoffCeiling(policy, retry);
}

/**
 * Decides what follows the failure of attempt `state.attempts` (already counted in `state`,
 * including `throttledAttempts` when this failure was a throttle).
 */
export function decideRetry(
	failure: RetryFailure,
	state: RetryState,
	policy: BackoffPolicy,
	now: number,
	random: () => number,
	options: { retryAmbiguous?: boolean } = {},
): RetryDecision {
	const throttled = isThrottle(failure);
	if (failure.kind === 'ambiguous') {
		if (!options.retryAmbiguous) return { retry: false, gaveUp: 'ambiguous', throttled };
	} else if (failure.kind !== 'retryable') {
		return { retry: false, gaveUp: 'not_retryable', throttled };
	}
	if (throttled) {
		if (state.throttledAttempts >= policy.maxThrottledAttempts) return { retry: false, gaveUp: 'max_attempts', throttled };
	} else if (state.attempts - state.throttledAttempts >= policy.maxAttempts) {
		return { retry: false, gaveUp: 'max_attempts', throttled };
	}
	const retry = state.attempts - 1;
	const floor = failure.retryAfterMs !== undefined && failure.retryAfterMs > 0 ? failure.retryAfterMs : 0;
	let delayMs = Math.max(floor, fullJitter(policy, retry, random));
	let scope: 'item' | 'request' | 'recipient' = 'item';
	let pause = 0;
	if (throttled && failure.retryScope === 'recipient') {
		scope = 'recipient';
	} else if (throttled) {
		scope = 'request';
		// Without a Retry-After the node-wide pause is the ceiling, not the jittered draw: a draw
		// near zero would let every sender run into the limit again at once.
		pause = floor > 0 ? floor : backoffCeiling(policy, retry);
		delayMs = Math.max(delayMs, pause);
	}
	if (now + delayMs - state.firstAttemptAt > policy.maxTotalMs) return { retry: false, gaveUp: 'max_time', throttled };
	return scope === 'request'
		? { retry: true, delayMs, scope, pauseUntil: now + pause, throttled }
		: { retry: true, delayMs, scope, throttled };
}

/** The retry policy with each value checked and clamped to something safe. */
export function normalizeBackoff(policy: Partial<BackoffPolicy> = {}): BackoffPolicy {
	const pick = (value: number | undefined, fallback: number, min: number): number =>
		value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, value);
	const baseDelayMs = pick(policy.baseDelayMs, DEFAULT_BACKOFF.baseDelayMs, 0);
	return {
		baseDelayMs,
		maxDelayMs: Math.max(baseDelayMs, pick(policy.maxDelayMs, DEFAULT_BACKOFF.maxDelayMs, 0)),
		maxAttempts: Math.floor(pick(policy.maxAttempts, DEFAULT_BACKOFF.maxAttempts, 1)),
		maxThrottledAttempts: Math.floor(pick(policy.maxThrottledAttempts, DEFAULT_BACKOFF.maxThrottledAttempts, 0)),
		maxTotalMs: pick(policy.maxTotalMs, DEFAULT_BACKOFF.maxTotalMs, 0),
	};
}
