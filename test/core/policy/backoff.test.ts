import {
	type BackoffPolicy,
	DEFAULT_BACKOFF,
	type RetryFailure,
	backoffCeiling,
	decideRetry,
	fullJitter,
	isThrottle,
	normalizeBackoff,
} from '../../../nodes/core/policy/backoff';

const policy: BackoffPolicy = { ...DEFAULT_BACKOFF };
const fixed = (value: number) => () => value;
const network: RetryFailure = { kind: 'retryable', reason: 'network' };
const tooMany: RetryFailure = { kind: 'retryable', reason: 'rate_limited' };

describe('schedule', () => {
	it('doubles from the base up to the cap', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffCeiling(policy, n))).toEqual([
			1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
		]);
	});

	it('draws uniformly below the ceiling (full jitter)', () => {
		expect(fullJitter(policy, 2, fixed(0))).toBe(0);
		expect(fullJitter(policy, 2, fixed(0.5))).toBe(2_000);
		expect(fullJitter(policy, 2, fixed(0.999))).toBeCloseTo(3_996, 6);
		// A broken random source cannot produce a negative or huge wait.
		expect(fullJitter(policy, 2, fixed(Number.NaN))).toBe(0);
		expect(fullJitter(policy, 2, fixed(7))).toBe(4_000);
	});

	it('spreads a crowd: the mean of many draws is half the ceiling', () => {
		let seed = 12345;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		let sum = 0;
		for (let i = 0; i < 20_000; i++) sum += fullJitter(policy, 3, random);
		expect(sum / 20_000).toBeGreaterThan(3_800);
		expect(sum / 20_000).toBeLessThan(4_200);
	});
});

describe('what a failure means', () => {
	it.each<[RetryFailure, boolean]>([
		[tooMany, true],
		[{ kind: 'retryable', reason: 'provider_error', retryAfterMs: 3_000 }, true],
		[{ kind: 'retryable', reason: 'rate_limited', retryScope: 'recipient' }, true],
		[network, false],
		[{ kind: 'retryable', reason: 'provider_error', retryAfterMs: 0 }, false],
		[{ kind: 'deferred', reason: 'frequency_cap', retryAfterMs: 86_400_000 }, false],
		[{ kind: 'ambiguous', reason: 'timeout' }, false],
	])('%j is a throttle: %s', (failure, expected) => {
		expect(isThrottle(failure)).toBe(expected);
	});
});

describe('decideRetry', () => {
	const state = (attempts: number, throttledAttempts = 0, firstAttemptAt = 0) => ({ attempts, throttledAttempts, firstAttemptAt });

	it('retries a retryable failure after a jittered wait', () => {
		expect(decideRetry(network, state(1), policy, 0, fixed(0.25))).toEqual({ retry: true, delayMs: 250, scope: 'item', throttled: false });
		expect(decideRetry(network, state(3), policy, 0, fixed(0.25))).toEqual({ retry: true, delayMs: 1_000, scope: 'item', throttled: false });
	});

	it('stops after maxAttempts', () => {
		expect(decideRetry(network, state(3), policy, 0, fixed(0.5)).retry).toBe(true);
		expect(decideRetry(network, state(4), policy, 0, fixed(0.5))).toEqual({ retry: false, gaveUp: 'max_attempts', throttled: false });
		expect(decideRetry(network, state(1), { ...policy, maxAttempts: 1 }, 0, fixed(0.5))).toMatchObject({ retry: false, gaveUp: 'max_attempts' });
	});

	it('waits at least the Retry-After, and pauses the whole node for it', () => {
		const failure: RetryFailure = { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 7_000 };
		expect(decideRetry(failure, state(1, 1, 100), policy, 500, fixed(0.1))).toEqual({
			retry: true,
			delayMs: 7_000,
			scope: 'request',
			pauseUntil: 7_500,
			throttled: true,
		});
		// When the jittered draw is longer than the Retry-After, the longer wait wins.
		const long = decideRetry({ ...failure, retryAfterMs: 500 }, state(5, 5), policy, 0, fixed(0.9));
		expect(long).toMatchObject({ retry: true, delayMs: 14_400, pauseUntil: 500 });
	});

	it('pauses for the ceiling (not a near-zero draw) on a 429 without Retry-After', () => {
		expect(decideRetry(tooMany, state(2, 2), policy, 0, fixed(0.01))).toEqual({
			retry: true,
			delayMs: 2_000,
			scope: 'request',
			pauseUntil: 2_000,
			throttled: true,
		});
	});

	it('does not burn attempts on throttles: they have their own budget', () => {
		// 9 requests so far, 8 of them throttled: only 1 counts against maxAttempts (4).
		expect(decideRetry(tooMany, state(9, 8), policy, 0, fixed(0.5)).retry).toBe(true);
		expect(decideRetry(network, state(9, 8), policy, 0, fixed(0.5)).retry).toBe(true);
		expect(decideRetry(network, state(12, 8), policy, 0, fixed(0.5))).toMatchObject({ retry: false, gaveUp: 'max_attempts' });
		expect(decideRetry(tooMany, state(10, 10), policy, 0, fixed(0.5))).toMatchObject({ retry: false, gaveUp: 'max_attempts' });
	});

	it('holds back only the recipient for a per-recipient limit (Meta 131056)', () => {
		const pair: RetryFailure = { kind: 'retryable', reason: 'rate_limited', retryScope: 'recipient', retryAfterMs: 6_000 };
		expect(decideRetry(pair, state(1, 1), policy, 0, fixed(0.5))).toEqual({ retry: true, delayMs: 6_000, scope: 'recipient', throttled: true });
	});

	it('gives up when the next attempt would start after maxTotalMs', () => {
		const p = { ...policy, maxTotalMs: 10_000 };
		expect(decideRetry(network, state(2, 0, 0), p, 9_000, fixed(0.4))).toMatchObject({ retry: true, delayMs: 800 });
		expect(decideRetry(network, state(2, 0, 0), p, 9_000, fixed(0.6))).toEqual({ retry: false, gaveUp: 'max_time', throttled: false });
		// A Retry-After longer than what is left gives up at once rather than sleeping for nothing.
		const wait: RetryFailure = { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 60_000 };
		expect(decideRetry(wait, state(1, 1, 0), p, 100, fixed(0))).toEqual({ retry: false, gaveUp: 'max_time', throttled: true });
	});

	it('does not retry an ambiguous outcome unless asked to', () => {
		const timeout: RetryFailure = { kind: 'ambiguous', reason: 'timeout' };
		expect(decideRetry(timeout, state(1), policy, 0, fixed(0.5))).toEqual({ retry: false, gaveUp: 'ambiguous', throttled: false });
		expect(decideRetry(timeout, state(1), policy, 0, fixed(0.5), { retryAmbiguous: true })).toMatchObject({ retry: true, delayMs: 500 });
		expect(decideRetry(timeout, state(4), policy, 0, fixed(0.5), { retryAmbiguous: true })).toMatchObject({ retry: false, gaveUp: 'max_attempts' });
	});

	it.each<RetryFailure>([
		{ kind: 'permanent', reason: 'invalid_number' },
		{ kind: 'deferred', reason: 'frequency_cap', retryAfterMs: 86_400_000 },
		{ kind: 'fatal_credential', reason: 'auth' },
	])('never retries %j', (failure) => {
		expect(decideRetry(failure, state(1), policy, 0, fixed(0.5))).toMatchObject({ retry: false, gaveUp: 'not_retryable' });
	});
});

describe('normalizeBackoff', () => {
	it('fills in defaults and clamps unusable values', () => {
		expect(normalizeBackoff()).toEqual(DEFAULT_BACKOFF);
		expect(normalizeBackoff({ maxAttempts: 0, baseDelayMs: -5, maxDelayMs: Number.NaN, maxTotalMs: 2_000 })).toEqual({
			...DEFAULT_BACKOFF,
			maxAttempts: 1,
			baseDelayMs: 0,
			maxTotalMs: 2_000,
		});
		expect(normalizeBackoff({ baseDelayMs: 60_000, maxDelayMs: 1_000 }).maxDelayMs).toBe(60_000);
	});
});
