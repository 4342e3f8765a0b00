import type { RetryFailure } from '../../../nodes/core/policy/backoff';
import { RateLimiter } from '../../../nodes/core/policy/rateLimiter';
import { type AttemptResult, type SendLoopOptions, runSendLoop } from '../../../nodes/core/policy/sendLoop';
import { FakeClock } from './fakeClock';

type Script = (index: number, attempt: number, now: number) => AttemptResult<string> | RetryFailure;

interface Harness {
	clock: FakeClock;
	/** [index, attempt number, start time] of every attempt, in start order. */
	log: Array<[number, number, number]>;
	maxInFlight: number;
}

/**
 * Runs the loop on a fake clock. `script` says what attempt `attempt` of item `index` returns
 * (a failure object is shorthand for `{ ok: false, failure }`); every attempt takes `latency` ms.
 */
async function run(
	count: number,
	script: Script,
	options: SendLoopOptions = {},
	extra: { latency?: number | ((index: number) => number); signal?: { aborted: boolean }; recipientOf?: (i: number) => string; seed?: number; onAttempt?: (h: Harness) => void } = {},
) {
	const clock = new FakeClock();
	const h: Harness = { clock, log: [], maxInFlight: 0 };
	let inFlight = 0;
	const latency = extra.latency ?? 50;
	const report = await clock.run(
		runSendLoop<string>(
			count,
			{
				attempt: async (index, attempt) => {
					h.log.push([index, attempt, clock.now()]);
					extra.onAttempt?.(h);
					inFlight++;
					h.maxInFlight = Math.max(h.maxInFlight, inFlight);
					await clock.sleep(typeof latency === 'function' ? latency(index) : latency);
					inFlight--;
					const out = script(index, attempt, clock.now());
					return 'kind' in out ? { ok: false, failure: out, value: `${index}#${attempt}` } : out;
				},
				sleep: clock.sleep,
				now: clock.now,
				random: FakeClock.random(extra.seed ?? 42),
				signal: extra.signal,
				recipientOf: extra.recipientOf,
			},
			{ ratePerSecond: 0, ...options },
		),
	);
	return { report, ...h };
}

const ok: AttemptResult<string> = { ok: true, value: 'sent' };
const network: RetryFailure = { kind: 'retryable', reason: 'network' };

describe('every item ends in exactly one result', () => {
	it('reports each index once, in input order, with its attempts', async () => {
		const outcomes: Script = (i, attempt) => {
			if (i % 5 === 0) return { kind: 'permanent', reason: 'invalid_number' };
			if (i % 5 === 1 && attempt < 3) return network;
			if (i % 5 === 2) return { kind: 'ambiguous', reason: 'timeout' };
			if (i % 5 === 3) return { kind: 'deferred', reason: 'frequency_cap', retryAfterMs: 86_400_000 };
			return ok;
		};
		const { report, log } = await run(500, outcomes, { concurrency: 7 }, { latency: (i) => 10 + ((i * 37) % 90) });
		expect(report.results).toHaveLength(500);
		report.results.forEach((r, i) => expect(r.index).toBe(i));
		const byKind = (k: number) => report.results.filter((r) => r.index % 5 === k);
		expect(byKind(0).every((r) => r.status === 'failed' && r.attempts === 1 && r.gaveUp === 'not_retryable')).toBe(true);
		expect(byKind(1).every((r) => r.status === 'ok' && r.attempts === 3 && r.value === 'sent')).toBe(true);
		expect(byKind(2).every((r) => r.status === 'failed' && r.attempts === 1 && r.gaveUp === 'ambiguous')).toBe(true);
		expect(byKind(3).every((r) => r.status === 'failed' && r.attempts === 1 && r.failure?.kind === 'deferred')).toBe(true);
		expect(byKind(4).every((r) => r.status === 'ok' && r.attempts === 1)).toBe(true);
		// The attempts counted are the attempts made.
		expect(report.results.reduce((s, r) => s + r.attempts, 0)).toBe(log.length);
		expect(report.stats.attempts).toBe(log.length);
	});

	it('is deterministic given the injected clock and random source', async () => {
		const flaky: Script = (i, attempt) => (((i * 7 + attempt) % 3 === 0 && attempt < 4) ? network : ok);
		const a = await run(300, flaky, { concurrency: 5, ratePerSecond: 40 }, { latency: (i) => 5 + (i % 13) });
		const b = await run(300, flaky, { concurrency: 5, ratePerSecond: 40 }, { latency: (i) => 5 + (i % 13) });
		expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
		expect(a.log).toEqual(b.log);
		const c = await run(300, flaky, { concurrency: 5, ratePerSecond: 40 }, { latency: (i) => 5 + (i % 13), seed: 9 });
		expect(c.log).not.toEqual(a.log); // another random seed, other back-off draws
	});

	it('returns at once for no items', async () => {
		const { report } = await run(0, () => ok);
		expect(report.results).toEqual([]);
		expect(report.cancelled).toBe(false);
	});

	it('turns an exception from attempt into an ambiguous failure that is not retried', async () => {
		const clock = new FakeClock();
		const boom = new Error('bug');
		const report = await clock.run(
			runSendLoop(3, {
				attempt: async (i) => {
					if (i === 1) throw boom;
					return { ok: true };
				},
				sleep: clock.sleep,
				now: clock.now,
				random: () => 0.5,
			}),
		);
		expect(report.results.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
		expect(report.results[1]).toMatchObject({ attempts: 1, gaveUp: 'ambiguous', error: boom, failure: { kind: 'ambiguous' } });
	});
});

describe('concurrency', () => {
	it.each([1, 3, 16])('never has more than %d requests in flight', async (concurrency) => {
		const { report, maxInFlight } = await run(
			400,
			(i, a) => (i % 4 === 0 && a === 1 ? network : ok),
			{ concurrency },
			{ latency: (i) => 1 + ((i * 53) % 200) },
		);
		expect(maxInFlight).toBe(concurrency);
		expect(report.stats.maxInFlight).toBe(concurrency);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
	});

	it('keeps sending other messages while one waits for its retry', async () => {
		// Item 0 fails once with a 10 s Retry-After on its own recipient; the others go on meanwhile.
		const { report, log } = await run(
			20,
			(i, a) => (i === 0 && a === 1 ? { kind: 'retryable', reason: 'rate_limited', retryScope: 'recipient', retryAfterMs: 10_000 } : ok),
			{ concurrency: 1, ratePerSecond: 0 },
			{ latency: 100, recipientOf: (i) => `+55119${i}` },
		);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
		const retry = log.find(([i, a]) => i === 0 && a === 2)!;
		expect(retry[2]).toBeGreaterThanOrEqual(10_100);
		// Every other item was sent before item 0's retry, with one worker.
		expect(log.filter(([i]) => i !== 0).every(([, , t]) => t < retry[2])).toBe(true);
	});
});

describe('retries', () => {
	it('backs off with full jitter, bounded in attempts', async () => {
		const { report, log } = await run(1, () => network, { backoff: { maxAttempts: 5, maxTotalMs: 1e9 } }, { latency: 0, seed: 3 });
		expect(report.results[0]).toMatchObject({ status: 'failed', attempts: 5, gaveUp: 'max_attempts', failure: network });
		const gaps = log.slice(1).map(([, , t], k) => t - log[k][2]);
		expect(gaps).toHaveLength(4);
		gaps.forEach((gap, n) => {
			expect(gap).toBeGreaterThanOrEqual(0);
			expect(gap).toBeLessThan(1_000 * 2 ** n);
		});
	});

	it('bounds the total time from the first attempt', async () => {
		const { report, log } = await run(
			10,
			() => ({ kind: 'retryable', reason: 'provider_error' }),
			{ backoff: { maxAttempts: 100, maxTotalMs: 20_000, baseDelayMs: 1_000, maxDelayMs: 8_000 } },
			{ latency: 300 },
		);
		for (const r of report.results) {
			expect(r.status).toBe('failed');
			expect(['max_time', 'max_attempts']).toContain(r.gaveUp);
			const starts = log.filter(([i]) => i === r.index).map(([, , t]) => t);
			expect(starts[starts.length - 1] - starts[0]).toBeLessThanOrEqual(20_000);
			expect(r.attempts).toBe(starts.length);
			expect(r.attempts).toBeGreaterThan(2);
		}
	});

	it('retries ambiguous outcomes only when asked', async () => {
		const script: Script = (_i, a) => (a === 1 ? { kind: 'ambiguous', reason: 'timeout' } : ok);
		const strict = await run(3, script);
		expect(strict.report.results.map((r) => [r.status, r.attempts, r.gaveUp])).toEqual([
			['failed', 1, 'ambiguous'],
			['failed', 1, 'ambiguous'],
			['failed', 1, 'ambiguous'],
		]);
		const lenient = await run(3, script, { retryAmbiguous: true });
		expect(lenient.report.results.map((r) => [r.status, r.attempts])).toEqual([
			['ok', 2],
			['ok', 2],
			['ok', 2],
		]);
	});
});

describe('throttling', () => {
	it('a 429 with Retry-After pauses the whole node, then resumes at the rate without burning attempts', async () => {
		const retryAfter = 5_000;
		let hitAt = -1;
		const { report, log } = await run(
			60,
			(i, a, now) => {
				if (i === 10 && a <= 3) {
					if (hitAt < 0) hitAt = now;
					return { kind: 'retryable', reason: 'rate_limited', retryAfterMs: retryAfter, code: '20429' } as RetryFailure;
				}
				return ok;
			},
			{ concurrency: 4, ratePerSecond: 20, backoff: { maxAttempts: 2 } },
			{ latency: 40 },
		);
		// Three throttles and a success, although Max Attempts is 2: throttles have their own budget.
		expect(report.results[10]).toMatchObject({ status: 'ok', attempts: 4, throttledAttempts: 3 });
		expect(report.stats.throttled).toBe(3);
		// Nothing starts during the pause that followed the first 429: not even the workers that had
		// taken a rate slot before it and were waiting for their turn.
		const launchedBefore = log.filter(([, , t]) => t <= hitAt - 40).length;
		const during = log.filter(([, , t]) => t > hitAt && t < hitAt + retryAfter);
		expect(during).toEqual([]);
		expect(launchedBefore).toBeGreaterThan(0);
		// After the pause the rate holds (no burst): 20 msg/s = one start per 50 ms.
		const after = log.filter(([, , t]) => t >= hitAt + retryAfter).map(([, , t]) => t);
		for (let k = 1; k < after.length; k++) expect(after[k] - after[k - 1]).toBeGreaterThanOrEqual(50 - 1e-9);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
	});

	it('workers already waiting for a rate slot when a 429 arrives wait out the pause too (10/s, 5 in flight, Retry-After 1 s)', async () => {
		let replyAt = -1;
		const { report, log } = await run(
			12,
			(i, a, now) => {
				if (i === 0 && a === 1) {
					replyAt = now;
					return { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 1_000, code: '20429' } as RetryFailure;
				}
				return ok;
			},
			{ concurrency: 5, ratePerSecond: 10 },
			{ latency: 60 },
		);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
		// Items 1 and 2 had slots at +0.1 s and +0.2 s… and were waiting when the 429 came back at +0.06 s.
		expect(replyAt).toBe(60);
		const started = log.map(([, , t]) => t);
		expect(started.filter((t) => t > replyAt && t < replyAt + 1_000)).toEqual([]);
		// The first start right at the end of the pause, then one at a time at the steady rate.
		const after = log.filter(([, , t]) => t >= replyAt + 1_000);
		expect(after).toHaveLength(12);
		expect(after[0][2]).toBe(replyAt + 1_000);
		for (let k = 1; k < after.length; k++) expect(after[k][2] - after[k - 1][2]).toBeGreaterThanOrEqual(100 - 1e-9);
	});

	it('a burst of 429s on many items makes one shared pause: pauses do not add up', async () => {
		const pauseStarts: number[] = [];
		const { report } = await run(
			40,
			(i, a, now) => {
				if (a === 1 && i < 8) {
					pauseStarts.push(now);
					return { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 2_000 };
				}
				return ok;
			},
			{ concurrency: 8, ratePerSecond: 100 },
			// Slots 10 ms apart, replies after 100 ms: all eight are on the wire when the first 429 comes back.
			{ latency: 100 },
		);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
		expect(report.results.slice(0, 8).every((r) => r.attempts === 2 && r.throttledAttempts === 1)).toBe(true);
		// Eight 429s with Retry-After 2 s: one 2 s pause in total, not 8 × 2 s.
		const elapsed = report.stats.finishedAt - report.stats.startedAt;
		expect(elapsed).toBeLessThan(2_000 + 40 * 10 + 100 + 500);
	});

	it('a per-recipient limit holds back only that recipient', async () => {
		const recipients = ['A', 'B', 'A', 'C', 'A', 'D'];
		let limited = false;
		const { report, log } = await run(
			recipients.length,
			(i, a) => {
				if (i === 0 && a === 1) {
					limited = true;
					return { kind: 'retryable', reason: 'rate_limited', retryScope: 'recipient', retryAfterMs: 6_000, code: '131056' } as RetryFailure;
				}
				return ok;
			},
			{ concurrency: 1, ratePerSecond: 0 },
			{ latency: 10, recipientOf: (i) => recipients[i] },
		);
		expect(limited).toBe(true);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
		const start = (i: number) => log.filter(([x]) => x === i).map(([, , t]) => t);
		// B, C, D went right away; every message to A waited for the 6 s hold.
		for (const i of [1, 3, 5]) expect(start(i)[0]).toBeLessThan(1_000);
		for (const i of [2, 4]) expect(start(i)[0]).toBeGreaterThanOrEqual(6_010);
		expect(start(0)[1]).toBeGreaterThanOrEqual(6_010);
		// Items 2 and 4 were held, not attempted and refused: one attempt each.
		expect(report.results[2].attempts).toBe(1);
		expect(report.results[4].attempts).toBe(1);
	});
});

describe('stopping', () => {
	it('a fatal credential failure stops launching new work and is reported', async () => {
		const { report, log } = await run(
			100,
			(i) => (i === 12 ? { kind: 'fatal_credential', reason: 'auth' } : i === 11 ? network : ok),
			{ concurrency: 3, ratePerSecond: 50 },
			{ latency: 30 },
		);
		expect(report.fatal).toEqual({ index: 12, failure: { kind: 'fatal_credential', reason: 'auth' } });
		expect(report.results[12]).toMatchObject({ status: 'failed', attempts: 1 });
		const fatalEnd = log.find(([i]) => i === 12)![2] + 30;
		// Nothing was started after the fatal answer arrived.
		expect(log.every(([, , t]) => t < fatalEnd)).toBe(true);
		const skipped = report.results.filter((r) => r.status === 'skipped');
		expect(skipped.length).toBeGreaterThan(80);
		expect(skipped.every((r) => r.reason === 'stopped' && r.attempts === 0)).toBe(true);
		// Item 11 was waiting for a retry: it keeps its failure, marked as stopped.
		expect(report.results[11]).toMatchObject({ status: 'failed', attempts: 1, gaveUp: 'stopped', failure: network });
		expect(report.cancelled).toBe(false);
	});

	it('the cancel signal stops the loop promptly and reports the rest as skipped', async () => {
		const signal = { aborted: false };
		let cancelAt = -1;
		const { report, log, clock } = await run(
			10_000,
			(i) => (i % 50 === 7 ? network : ok),
			{ concurrency: 4, ratePerSecond: 10 },
			{
				latency: 80,
				signal,
				onAttempt: (h) => {
					if (h.log.length === 200) {
						signal.aborted = true;
						cancelAt = h.clock.now();
					}
				},
			},
		);
		expect(report.cancelled).toBe(true);
		// The 200th attempt (already started) finishes; nothing else starts; the loop ends in time.
		expect(log).toHaveLength(200);
		expect(clock.now() - cancelAt).toBeLessThanOrEqual(1_000);
		expect(report.results).toHaveLength(10_000);
		const attempted = new Set(log.map(([i]) => i));
		for (const r of report.results) {
			if (attempted.has(r.index)) expect(r.status).not.toBe('skipped');
			else expect(r).toMatchObject({ status: 'skipped', reason: 'cancelled', attempts: 0 });
		}
		const waiting = report.results.filter((r) => r.gaveUp === 'cancelled');
		expect(waiting.every((r) => r.status === 'failed' && r.failure === network)).toBe(true);
	});

	it('notices a cancel during a long Retry-After wait within a slice', async () => {
		const clock = new FakeClock();
		const signal = { aborted: false };
		const promise = runSendLoop(
			1,
			{
				attempt: async () => ({ ok: false, failure: { kind: 'retryable', reason: 'rate_limited', retryAfterMs: 60_000 } }),
				sleep: async (ms) => {
					await clock.sleep(ms);
					if (clock.now() >= 3_500) signal.aborted = true;
				},
				now: clock.now,
				random: () => 0.5,
				signal,
			},
			{ ratePerSecond: 0, maxSleepSliceMs: 1_000, backoff: { maxTotalMs: 600_000 } },
		);
		const report = await clock.run(promise);
		expect(report.cancelled).toBe(true);
		expect(clock.now()).toBe(4_000);
		expect(report.results[0]).toMatchObject({ status: 'failed', attempts: 1, gaveUp: 'cancelled' });
	});

	it('checks the signal before the first attempt', async () => {
		const { report, log } = await run(5, () => ok, {}, { signal: { aborted: true } });
		expect(log).toHaveLength(0);
		expect(report.results.every((r) => r.status === 'skipped' && r.reason === 'cancelled')).toBe(true);
	});
});

describe('shared limiter', () => {
	it('two passes of one run (e.g. the SMS fallback) share the rate', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter({ ratePerSecond: 10, now: clock.now });
		const starts: number[] = [];
		const deps = {
			attempt: async (): Promise<AttemptResult> => {
				starts.push(clock.now());
				return { ok: true };
			},
			sleep: clock.sleep,
			now: clock.now,
			random: () => 0.5,
		};
		await clock.run(runSendLoop(20, deps, { limiter }));
		await clock.run(runSendLoop(20, deps, { limiter }));
		for (let k = 1; k < starts.length; k++) expect(starts[k] - starts[k - 1]).toBeCloseTo(100, 6);
	});
});

describe('bookkeeping cost', () => {
	it('keeps the books of 100,000 messages (the rate is printed, never asserted)', async () => {
		const count = 100_000;
		const started = performance.now();
		const report = await runSendLoop(
			count,
			{
				attempt: (i) => Promise.resolve<AttemptResult>(i % 10 === 0 ? { ok: false, failure: { kind: 'permanent', reason: 'invalid_number' } } : { ok: true }),
				sleep: () => Promise.resolve(),
				now: () => 0,
				random: () => 0.5,
			},
			{ ratePerSecond: 0, concurrency: 50 },
		);
		const ms = performance.now() - started;
		expect(report.results).toHaveLength(count);
		expect(report.results.filter((r) => r.status === 'failed')).toHaveLength(count / 10);
		const perSecond = (count / ms) * 1000;
		console.log(`send loop bookkeeping: ${count} messages in ${ms.toFixed(0)} ms (${Math.round(perSecond)} msg/s)`);
		expect(report.stats.attempts).toBe(count);
	});

	it('with the rate limiter and retries, 20,000 messages at 5,000 msg/s stay on a fake clock', async () => {
		const { report, clock } = await run(20_000, (i, a) => (i % 100 === 0 && a === 1 ? network : ok), { ratePerSecond: 5_000, burst: 50, concurrency: 64 }, { latency: 5 });
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
		// 20,200 requests at 5,000 a second take about four seconds of the fake clock, plus the retries' back-off.
		expect(clock.now()).toBeGreaterThanOrEqual(4_000);
	});
});
