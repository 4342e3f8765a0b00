/**
 * A virtual clock for the send policy's tests: `sleep(ms)` registers a timer on the virtual
 * time line, and `run(promise)` lets every pending promise settle, then jumps to the next timer,
 * until the promise under test settles. Time passes only through timers, so a run of thousands
 * of messages at 10 per second takes milliseconds of real time and is fully deterministic.
 */
interface Timer {
	at: number;
	seq: number;
	resolve: () => void;
}

export class FakeClock {
	private current: number;
	private seq = 0;
	private timers: Timer[] = [];
	/** Every sleep asked for, in order (ms). */
	readonly sleeps: number[] = [];

	constructor(start = 0) {
		this.current = start;
	}

	readonly now = (): number => this.current;

	readonly sleep = (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		return new Promise<void>((resolve) => {
			this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq++, resolve });
		});
	};

	/** A deterministic [0, 1) sequence (mulberry32). */
	static random(seed = 1): () => number {
		let a = seed >>> 0;
		return () => {
			a = (a + 0x6d2b79f5) >>> 0;
			let t = a;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
	}

	/** Drives the virtual time until `promise` settles. */
	async run<T>(promise: Promise<T>, maxTimers = 5_000_000): Promise<T> {
		let settled = false;
		const tracked = promise.finally(() => {
			settled = true;
		});
		tracked.catch(() => undefined);
		for (let fired = 0; ; fired++) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (settled) return tracked;
			if (this.timers.length === 0) throw new Error(`Deadlock at t=${this.current}: the promise is pending and no timer is set.`);
			if (fired > maxTimers) throw new Error('Too many timers: the loop does not finish.');
			let best = 0;
			for (let i = 1; i < this.timers.length; i++) {
				const t = this.timers[i];
				const b = this.timers[best];
				if (t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
			}
			// Fire every timer due at that same instant, in the order they were set.
			const at = this.timers[best].at;
			const due = this.timers.filter((t) => t.at === at).sort((x, y) => x.seq - y.seq);
			this.timers = this.timers.filter((t) => t.at !== at);
			this.current = Math.max(this.current, at);
			for (const t of due) t.resolve();
		}
	}
}
