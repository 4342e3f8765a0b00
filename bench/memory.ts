/**
 * Peak resident memory of a process and its descendants (n8n and the task runner it starts for
 * Code nodes), sampled from /proc every few tens of milliseconds while the process runs.
 */
import fs from 'node:fs';

function readStatus(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const rss = /VmRSS:\s+(\d+) kB/.exec(text);
		const hwm = /VmHWM:\s+(\d+) kB/.exec(text);
		return { rss: rss ? Number(rss[1]) * 1024 : 0, hwm: hwm ? Number(hwm[1]) * 1024 : 0 };
	} catch {
		return undefined; // the process has exited
	}
}

/** Parent pid of every process, from /proc/<pid>/stat (the field after the parenthesised name). */
function parentMap(): Map<number, number> {
	const parents = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(after[1]));
		} catch {
			// gone between readdir and read
		}
	}
	return parents;
}

function descendants(root: number): number[] {
	const parents = parentMap();
	const tree = new Set([root]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const [pid, ppid] of parents) {
			if (!tree.has(pid) && tree.has(ppid)) {
				tree.add(pid);
				grew = true;
			}
		}
	}
	return [...tree];
}

export interface MemoryPeak {
	/** Highest sum of VmRSS over the process and its descendants, as sampled (bytes). */
	peakTreeRss: number;
	/** The main process's own high-water mark (VmHWM) at its last sample (bytes). */
	mainHwm: number;
	samples: number;
}

/** Samples until stop() is called; the process tree is re-read every `treeEveryMs`. */
export class MemorySampler {
	private timer?: NodeJS.Timeout;
	private pids: number[] = [];
	private lastTree = 0;
	private peak: MemoryPeak = { peakTreeRss: 0, mainHwm: 0, samples: 0 };

	constructor(
		private readonly intervalMs = 50,
		private readonly treeEveryMs = 500,
	) {}

	start(pid: number): void {
		this.pids = [pid];
		const sample = () => {
			const now = Date.now();
			if (now - this.lastTree >= this.treeEveryMs) {
				this.pids = descendants(pid);
				this.lastTree = now;
			}
			let total = 0;
			for (const p of this.pids) {
				const status = readStatus(p);
				if (!status) continue;
				total += status.rss;
				if (p === pid) this.peak.mainHwm = Math.max(this.peak.mainHwm, status.hwm);
			}
			this.peak.samples++;
			if (total > this.peak.peakTreeRss) this.peak.peakTreeRss = total;
		};
		sample();
		this.timer = setInterval(sample, this.intervalMs);
	}

	stop(): MemoryPeak {
		if (this.timer) clearInterval(this.timer);
		return { ...this.peak };
	}
}
