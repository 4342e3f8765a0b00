import { RateLimiter } from '../../../nodes/core/policy/rateLimiter';
import { runSendLoop } from '../../../nodes/core/policy/sendLoop';
import { FakeClock } from './fakeClock';

/** Sends `count` messages one after the other, each waiting what `reserve` says; returns the send times. */
function drive(limiter: RateLimiter, clock: { t: number }, count: number, gapMs = 0): number[] {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		clock.t += limiter.reserve();
		times.push(clock.t);
		clock.t += gapMs;
	}
	return times;
}

describe('token bucket', () => {
	it('lets a burst go at once, then paces at the rate', () => {
		const clock = { t: 1000 };
		const limiter = new RateLimiter({ ratePerSecond: 10, burst: 3, now: () => clock.t });
		const times = drive(limiter, clock, 6);
		expect(times.map((t) => t - 1000)).toEqual([0, 0, 0, 100, 200, 300]);
	});

	it('refills while idle, never beyond the burst', () => {
		const clock = { t: 0 };
		const limiter = new RateLimiter({ ratePerSecond: 4, burst: 2, now: () => clock.t });
		drive(limiter, clock, 4); // 0, 0, 250, 500
		clock.t = 60_000; // a long idle period
		expect(drive(limiter, clock, 4).map((t) => t - 60_000)).toEqual([0, 0, 250, 500]);
	});

	it.each([
		[1, 1, 2_000],
		[10, 1, 5_000],
		[80, 5, 5_000],
		[1000, 20, 20_000],
	])('achieves %d msg/s (burst %d) within 5%% over %d messages', (rate, burst, count) => {
		const clock = { t: 0 };
		const limiter = new RateLimiter({ ratePerSecond: rate, burst, now: () => clock.t });
		const times = drive(limiter, clock, count, 0.3);
		const achieved = ((count - 1) / (times[count - 1] - times[0])) * 1000;
		expect(Math.abs(achieved - rate) / rate).toBeLessThan(0.05);
		// And never faster than the bucket allows in any window: at most burst + rate × seconds.
		for (let i = 0; i + burst < count; i += Math.max(1, Math.floor(count / 50))) {
			const span = times[i + burst] - times[i];
			expect(span).toBeGreaterThanOrEqual((1000 / rate) * 1 - 1e-6);
		}
	});

	it('slows the whole limiter down after a 429, and spends the burst', () => {
		const clock = { t: 0 };
		const limiter = new RateLimiter({ ratePerSecond: 10, burst: 5, now: () => clock.t });
		drive(limiter, clock, 2);
		limiter.slowDown(5_000);
		expect(limiter.pausedUntil).toBe(5_000);
		expect(limiter.slowDownCount).toBe(1);
		// The next three senders (whoever they are) go at 5.0 s, 5.1 s, 5.2 s: no burst after a pause.
		expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([5_000, 5_100, 5_200]);
		// An earlier slow-down never shortens a later one.
		limiter.slowDown(1_000);
		expect(limiter.pausedUntil).toBe(5_000);
		expect(limiter.reserve()).toBe(5_300);
	});

	it('peeks at the next slot without taking it', () => {
		const clock = { t: 0 };
		const limiter = new RateLimiter({ ratePerSecond: 2, now: () => clock.t });
		limiter.reserve();
		expect(limiter.nextSlotAt()).toBe(500);
		expect(limiter.nextSlotAt()).toBe(500);
		expect(limiter.reserve()).toBe(500);
	});

	it('with no rate limit, only the pauses hold senders back', () => {
		const clock = { t: 0 };
		const limiter = new RateLimiter({ ratePerSecond: 0, now: () => clock.t });
		expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 0]);
		limiter.slowDown(2_000);
		expect([limiter.reserve(), limiter.reserve()]).toEqual([2_000, 2_000]);
		clock.t = 2_500;
		expect(limiter.reserve()).toBe(0);
	});

	it('treats unusable burst values as 1', () => {
		const clock = { t: 0 };
		const limiter = new RateLimiter({ ratePerSecond: 10, burst: Number.NaN, now: () => clock.t });
		expect(limiter.burst).toBe(1);
		expect(drive(limiter, clock, 2)).toEqual([0, 100]);
	});
});

describe('rate achieved through the send loop (fake clock)', () => {
	it.each([
		[50, 1, 8, 40, 3_000],
		[200, 10, 30, 120, 5_000],
		[2_000, 20, 64, 15, 20_000],
	])('%d msg/s, burst %d, %d concurrent, %d ms latency: within 5%% over %d messages', async (rate, burst, concurrency, latency, count) => {
		const clock = new FakeClock(1_000_000);
		const starts: number[] = [];
		const report = await clock.run(
			runSendLoop(count, {
				attempt: async () => {
					starts.push(clock.now());
					await clock.sleep(latency);
					return { ok: true };
				},
				sleep: clock.sleep,
				now: clock.now,
				random: FakeClock.random(7),
			}, { ratePerSecond: rate, burst, concurrency }),
		);
		expect(report.results.every((r) => r.status === 'ok')).toBe(true);
		starts.sort((a, b) => a - b);
		// Skip the initial burst: the steady rate is what the limit is about.
		const steady = starts.slice(burst);
		const achieved = ((steady.length - 1) / (steady[steady.length - 1] - steady[0])) * 1000;
		expect(Math.abs(achieved - rate) / rate).toBeLessThan(0.05);
		expect(report.stats.maxInFlight).toBeLessThanOrEqual(concurrency);
	});

	it('the concurrency limit, not the rate, bounds a slow provider', async () => {
		const clock = new FakeClock();
		const report = await clock.run(
			runSendLoop(400, {
				attempt: async () => {
					await clock.sleep(1_000);
					return { ok: true };
				},
				sleep: clock.sleep,
				now: clock.now,
				random: Math.random,
			}, { ratePerSecond: 100, concurrency: 4 }),
		);
		// 4 in flight, 1 s each: 4 msg/s, 100 s for 400 messages.
		const elapsed = report.stats.finishedAt - report.stats.startedAt;
		expect(elapsed).toBeGreaterThanOrEqual(100_000);
		expect(elapsed).toBeLessThan(100_000 * 1.05);
	});
});
