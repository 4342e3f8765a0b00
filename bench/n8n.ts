/**
 * The benchmark's n8n: a fresh user folder with the packed package and the Bench Rows fixture
 * installed as community packages, the slimming preload on NODE_OPTIONS, and one measured
 * execution (per-node executionTime and item counts, wall time, peak memory of the process tree).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { N8nHome, firstJsonValue, packPackage } from '../test/e2e/harness';
import { MemorySampler } from './memory';
import { BENCH_PACKAGE } from './workflows';

export const BENCH_DIR = __dirname;
export const PRELOAD = path.join(BENCH_DIR, 'slim-run-output.cjs');
const FIXTURE = path.join(BENCH_DIR, 'fixture', BENCH_PACKAGE);

/** Fields counted over every item of every node output (the agreement checks). */
export const HISTOGRAM_FIELDS = ['dunning.stage', 'dunning.phase', 'segment.name', 'segment.tone', 'message.segments', 'message.encoding'];
export const KEEP_ITEMS = 50;

export interface NodeMeasure {
	executionTime: number;
	status: string;
	itemCounts: number[];
	histograms?: Array<Record<string, Record<string, number>>>;
	sample: Array<Array<Record<string, unknown>>>;
	error?: string;
}

export interface Measure {
	exitCode: number;
	wallMs: number;
	peakTreeRssBytes: number;
	mainHwmBytes: number;
	load1: [number, number];
	nodes: Record<string, NodeMeasure>;
	error?: string;
}

function copyDir(from: string, to: string): void {
	fs.mkdirSync(to, { recursive: true });
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		const target = path.join(to, entry.name);
		if (entry.isDirectory()) copyDir(source, target);
		else fs.copyFileSync(source, target);
	}
}

/** Packs the package, creates a fresh n8n user folder under `workDir`, installs both packages. */
export async function createBenchHome(workDir: string): Promise<N8nHome> {
	fs.rmSync(workDir, { recursive: true, force: true });
	const tarball = packPackage(path.join(workDir, 'pack'));
	const home = await N8nHome.create({
		tarball,
		dir: path.join(workDir, 'n8n'),
		env: {
			NODE_OPTIONS: `--require ${PRELOAD}`,
			DUNNING_BENCH_KEEP_ITEMS: String(KEEP_ITEMS),
			DUNNING_BENCH_HISTOGRAMS: HISTOGRAM_FIELDS.join(','),
		},
	});
	// The fixture node is a community package too (n8n scans .n8n/nodes/node_modules/n8n-nodes-*).
	const nodesDir = path.join(home.dir, '.n8n', 'nodes');
	copyDir(FIXTURE, path.join(nodesDir, 'node_modules', BENCH_PACKAGE));
	const manifest = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
	manifest.dependencies[BENCH_PACKAGE] = `file:${FIXTURE}`;
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(manifest, null, 2));
	return home;
}

interface RawTask {
	executionTime: number;
	executionStatus: string;
	error?: { message?: string; description?: string };
	benchItemCounts?: number[];
	benchHistograms?: NodeMeasure['histograms'];
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

function readRun(file: string): { nodes: Record<string, NodeMeasure>; error?: string } {
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	const start = text.search(/^\{/m);
	if (start < 0) return { nodes: {}, error: text.trim().split('\n').slice(-5).join('\n') || 'no run printed' };
	const raw = JSON.parse(firstJsonValue(text, start)) as {
		data?: { resultData?: { error?: { message?: string }; runData?: Record<string, RawTask[]> } };
	};
	const nodes: Record<string, NodeMeasure> = {};
	for (const [name, tasks] of Object.entries(raw.data?.resultData?.runData ?? {})) {
		const task = tasks[0];
		nodes[name] = {
			executionTime: task.executionTime,
			status: task.executionStatus,
			itemCounts: task.benchItemCounts ?? (task.data?.main ?? []).map((items) => items?.length ?? 0),
			histograms: task.benchHistograms,
			sample: (task.data?.main ?? []).map((items) => (items ?? []).map((i) => i.json)),
			error: task.error ? `${task.error.message ?? ''} ${task.error.description ?? ''}`.trim() : undefined,
		};
	}
	return { nodes, error: raw.data?.resultData?.error?.message };
}

/** One `n8n execute` of a workflow, measured. `env` is added for this run (e.g. the row count). */
export async function measure(home: N8nHome, workflowId: string, env: Record<string, string>, timeoutMs = 600_000): Promise<Measure> {
	const sampler = new MemorySampler();
	const load0 = os.loadavg()[0];
	const started = process.hrtime.bigint();
	const run = await home.execute(workflowId, { env, timeoutMs, keepItems: true, onSpawn: (pid) => sampler.start(pid) });
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const memory = sampler.stop();
	const parsed = readRun(run.stdoutFile);
	fs.rmSync(run.stdoutFile, { force: true });
	const failed = run.exitCode !== 0 || parsed.error !== undefined;
	return {
		exitCode: run.exitCode,
		wallMs,
		peakTreeRssBytes: memory.peakTreeRss,
		mainHwmBytes: memory.mainHwm,
		load1: [load0, os.loadavg()[0]],
		nodes: parsed.nodes,
		error: failed ? (parsed.error ?? run.error?.message ?? run.stderr.trim().split('\n').slice(-8).join('\n')) : undefined,
	};
}
