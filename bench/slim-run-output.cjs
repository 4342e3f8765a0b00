'use strict';
/**
 * Benchmark only, loaded into the `n8n execute` process with NODE_OPTIONS=--require <this file>.
 *
 * `n8n execute --rawOutput` prints the whole run with JSON.stringify(run, null, 2). With 100,000
 * items through several nodes that string passes V8's maximum string length ("RangeError: Invalid
 * string length") and the run cannot be printed at all. This wraps JSON.stringify so that, for
 * that one call (a run object, indented by 2), each node's run data is slimmed to what the
 * benchmark reads: executionTime, executionStatus, the error, the item count of every output, the
 * first few items of each output, and optional histograms of a few fields over ALL the items
 * (to check that two workflows classified the same way without printing every item).
 * Nothing else n8n stringifies (the database, the task runner protocol) is touched.
 *
 * Environment:
 *   DUNNING_BENCH_KEEP_ITEMS   items kept per output (default 20)
 *   DUNNING_BENCH_HISTOGRAMS   comma-separated dot paths, e.g. "dunning.stage,segment.name"
 */
const KEEP = Number(process.env.DUNNING_BENCH_KEEP_ITEMS || 20);
const HISTOGRAMS = (process.env.DUNNING_BENCH_HISTOGRAMS || '')
	.split(',')
	.map((p) => p.trim())
	.filter(Boolean)
	.map((p) => ({ path: p, parts: p.split('.') }));

const originalStringify = JSON.stringify;

function valueAt(json, parts) {
	let value = json;
	for (const part of parts) {
		if (value === null || typeof value !== 'object') return undefined;
		value = value[part];
	}
	return value;
}

function histogramsOf(items) {
	const result = {};
	for (const { path, parts } of HISTOGRAMS) {
		const counts = {};
		let seen = 0;
		for (const item of items) {
			const value = valueAt(item && item.json, parts);
			if (value === undefined) continue;
			seen++;
			const key = value === null ? 'null' : typeof value === 'object' ? originalStringify(value) : String(value);
			counts[key] = (counts[key] || 0) + 1;
		}
		if (seen > 0) result[path] = counts;
	}
	return result;
}

function slimTaskData(task) {
	if (!task || typeof task !== 'object') return task;
	const main = task.data && Array.isArray(task.data.main) ? task.data.main : [];
	return {
		startTime: task.startTime,
		executionTime: task.executionTime,
		executionStatus: task.executionStatus,
		error: task.error,
		benchItemCounts: main.map((items) => (Array.isArray(items) ? items.length : 0)),
		benchHistograms: HISTOGRAMS.length ? main.map((items) => (Array.isArray(items) ? histogramsOf(items) : {})) : undefined,
		data: { main: main.map((items) => (Array.isArray(items) ? items.slice(0, KEEP) : items)) },
	};
}

function isRun(value) {
	return (
		value !== null &&
		typeof value === 'object' &&
		value.data !== null &&
		typeof value.data === 'object' &&
		value.data.resultData !== null &&
		typeof value.data.resultData === 'object' &&
		value.data.resultData.runData !== null &&
		typeof value.data.resultData.runData === 'object'
	);
}

function slimRun(run) {
	const runData = {};
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		runData[name] = Array.isArray(tasks) ? tasks.map(slimTaskData) : tasks;
	}
	return {
		...run,
		data: {
			...run.data,
			resultData: { ...run.data.resultData, runData },
			// The execution stack and waiting data repeat the items; the benchmark does not read them.
			executionData: undefined,
		},
		benchSlimmed: { keepItems: KEEP },
	};
}

JSON.stringify = function stringify(value, replacer, space) {
	if (space === 2 && isRun(value)) return originalStringify.call(JSON, slimRun(value), replacer, space);
	return originalStringify.call(JSON, value, replacer, space);
};
