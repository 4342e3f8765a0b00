#!/usr/bin/env node
// The two README commands on a fresh machine: `npm test` and `npm run demo` both come here.
// Only Node built-ins are used, because on a fresh clone nothing is installed yet.
//   node scripts/run.mjs test   install, build, lint, typecheck, unit + node + real-n8n e2e tests
//                               (Redis and PostgreSQL from apt for the queue-mode suite when missing)
//   node scripts/run.mjs demo   install, build, then the demo pipeline in a real n8n
//   node scripts/run.mjs bench  install, build, then the benchmark in a real n8n (bench/run.ts)
//   node scripts/run.mjs bench-events  install, build, then Dunning Events vs the Webhook node in n8n start (bench/events.ts)
//   node scripts/run.mjs bench-scale   install, build, then the large-portfolio workflows in queue mode at scale (bench/scale.ts;
//                               Redis and PostgreSQL from apt when missing)
//   node scripts/run.mjs editor install, build, then the n8n editor on localhost with the workflows
//   node scripts/run.mjs screenshots  install, build, the browser suites in Chromium (editor and demo report),
//                               then its screenshots copied from .tmp/screenshots/ to docs/images/
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureChromium } from './chromium.mjs';
import { ensureN8n, runtimeSpec } from './n8n-runtime.mjs';
import { ensureQueueServices } from './queue-services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = path.join(root, '.tmp');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(title) {
	process.stderr.write(`\n=== ${title}\n`);
}

function run(cmd, args, options = {}) {
	const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
	return result.status ?? 1;
}

/**
 * Installs the locked dependencies when node_modules is missing or older than the lockfile.
 * `npm install` rather than `npm ci`: the lockfile lists optional platform builds of a lint
 * dependency (unrs-resolver's bindings for Android, macOS...) that the registry reachable here does
 * not serve at the locked version; `npm ci` refuses such a lockfile, `npm install` installs the
 * locked versions and skips the missing optional ones.
 */
function ensureDependencies() {
	const installed = path.join(root, 'node_modules', '.package-lock.json');
	const lock = path.join(root, 'package-lock.json');
	if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
	step('Installing dependencies (npm install, from package-lock.json)');
	if (run(npm, ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}

function build() {
	step('Building (tsc + gulp)');
	if (run(npm, ['run', 'build', '--silent']) !== 0) process.exit(1);
}

/**
 * The e2e suites spend much of their time starting n8n (one CLI process per import or run, mostly
 * one core busy): two jest workers side by side, each with its own n8n user folder
 * (test/e2e/shared-home.ts), longest suites first (test/sequencer.js): 2.41.1's suites took 19
 * minutes instead of 45 one after the other. The queue-mode suites (queue mode, and the large
 * portfolio in pages over two workers) run alone afterwards, one after the other: each starts
 * PostgreSQL, Redis, n8n main and two workers, which need both cores (beside another suite, a
 * starved worker's Bull lock expired and jobs failed as stalled, which is what an overloaded
 * server does and not what those suites are about).
 */
const E2E_WORKERS = ['--maxWorkers=2'];
/** A jest path pattern (a regular expression) matching the queue-mode suites. */
const QUEUE_SUITES = '(queueMode|largePortfolio)\\.e2e';

/** The e2e suites of one project: all but the queue-mode ones in two workers, then those alone. */
function e2eProject(project, outputFile) {
	const shared = jest([project], outputFile, [...E2E_WORKERS, `--testPathIgnorePatterns=${QUEUE_SUITES}`]);
	const alone = jest([project], outputFile.replace(/\.json$/, '-queue.json'), ['--runInBand', `--testPathPattern=${QUEUE_SUITES}`, '--passWithNoTests']);
	return { status: shared.status || alone.status, passed: shared.passed + alone.passed, failed: shared.failed + alone.failed };
}

function jest(projects, outputFile, extra = []) {
	const args = ['jest', '--selectProjects', ...projects, '--json', `--outputFile=${outputFile}`, ...extra];
	const status = run(npx, args);
	let passed = 0;
	let failed = 0;
	if (fs.existsSync(outputFile)) {
		const report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
		passed = report.numPassedTests;
		failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
	}
	return { status, passed, failed };
}

function test() {
	ensureDependencies();
	build();
	const failures = [];
	step('Lint (n8n community node rules)');
	if (run(npm, ['run', 'lint', '--silent']) !== 0) failures.push('lint');
	step('Typecheck (package and tests)');
	if (run(npm, ['run', 'typecheck', '--silent']) !== 0) failures.push('typecheck');
	step(`Installing the pinned n8n if needed`);
	ensureN8n();
	// The queue-mode e2e suite runs n8n with Redis and PostgreSQL: Debian's packages, installed once.
	step('Installing Redis and PostgreSQL for the queue-mode tests if needed (apt-get)');
	try {
		ensureQueueServices();
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		failures.push('Redis and PostgreSQL for the queue-mode tests');
	}
	// The editor suite drives n8n's editor in Chromium: Debian's package, installed once.
	step('Installing Chromium for the editor tests if needed (apt-get)');
	try {
		ensureChromium();
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		failures.push('Chromium for the editor tests');
	}
	fs.mkdirSync(tmp, { recursive: true });
	step('Unit and node tests');
	const unit = jest(['core', 'nodes'], path.join(tmp, 'jest-unit.json'));
	if (unit.status !== 0) failures.push('unit and node tests');
	step('End-to-end tests in a real n8n');
	const e2e = e2eProject('e2e', path.join(tmp, 'jest-e2e.json'));
	if (e2e.status !== 0) failures.push('e2e tests');
	// The e2e core subset again on the older supported n8n line (jest.config.js N8N1_CORE_SUBSET).
	const n8n1 = runtimeSpec('1.x');
	step(`End-to-end core subset on n8n ${n8n1.n8n} (Node ${n8n1.node}), installed if needed`);
	let e2eN8n1 = { status: 1, passed: 0, failed: 0 };
	try {
		ensureN8n('1.x');
		e2eN8n1 = jest(['e2e-n8n1'], path.join(tmp, 'jest-e2e-n8n1.json'), E2E_WORKERS);
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
	}
	if (e2eN8n1.status !== 0) failures.push(`e2e core subset on n8n ${n8n1.n8n}`);
	const passed = unit.passed + e2e.passed + e2eN8n1.passed;
	const failed = unit.failed + e2e.failed + e2eN8n1.failed;
	process.stdout.write(`\nunit and node: ${unit.passed} passed, ${unit.failed} failed\n`);
	process.stdout.write(`e2e on n8n ${runtimeSpec('2.x').n8n}: ${e2e.passed} passed, ${e2e.failed} failed\n`);
	process.stdout.write(`e2e core subset on n8n ${n8n1.n8n}: ${e2eN8n1.passed} passed, ${e2eN8n1.failed} failed\n`);
	if (failures.length) process.stdout.write(`failed steps: ${failures.join(', ')}\n`);
	process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
	process.exit(failures.length || failed ? 1 : 0);
}

function demo(args) {
	ensureDependencies();
	build();
	step('Installing the pinned n8n if needed');
	ensureN8n();
	step('Demo');
	process.exit(run(npx, ['tsx', 'scripts/demo.ts', ...args]));
}

function bench(args) {
	ensureDependencies();
	build();
	step('Installing the pinned n8n if needed');
	ensureN8n();
	step('Benchmark (it prints figures and asserts nothing; see docs/performance.md)');
	process.exit(run(npx, ['tsx', 'bench/run.ts', ...args]));
}

function benchEvents(args) {
	ensureDependencies();
	build();
	step('Installing the pinned n8n if needed');
	ensureN8n();
	step('Events benchmark: Dunning Events beside the Webhook node in n8n start (it prints figures and asserts nothing; see docs/nodes/dunning-events.md)');
	process.exit(run(npx, ['tsx', 'bench/events.ts', ...args]));
}

function benchScale(args) {
	ensureDependencies();
	build();
	step('Installing the pinned n8n, Redis and PostgreSQL if needed');
	ensureN8n();
	ensureQueueServices();
	step('Scale benchmark: the large-portfolio workflows in queue mode (it prints figures and asserts nothing; see docs/scaling-out.md)');
	process.exit(run(npx, ['tsx', 'bench/scale.ts', ...args]));
}

function editor() {
	ensureDependencies();
	build();
	step('Installing the pinned n8n if needed');
	ensureN8n();
	step('The n8n editor with the package and the shipped workflows (Ctrl+C to stop)');
	process.exit(run(npx, ['tsx', 'scripts/editor.ts']));
}

function screenshots() {
	ensureDependencies();
	build();
	step('Installing the pinned n8n and Chromium if needed');
	ensureN8n();
	ensureChromium();
	step('The browser suites in Chromium: the editor (test/e2e/editor.e2e.test.ts) and the demo report (test/e2e/demo.e2e.test.ts)');
	const shots = path.join(tmp, 'screenshots');
	// Only this run's screenshots are copied: none left from an earlier run.
	fs.rmSync(shots, { recursive: true, force: true });
	const status = run(npx, ['jest', 'test/e2e/editor.e2e.test.ts', 'test/e2e/demo.e2e.test.ts', '--selectProjects', 'e2e', ...E2E_WORKERS]);
	const images = fs.existsSync(shots) ? fs.readdirSync(shots).filter((f) => f.endsWith('.png')) : [];
	const target = path.join(root, 'docs', 'images');
	fs.mkdirSync(target, { recursive: true });
	for (const image of images) fs.copyFileSync(path.join(shots, image), path.join(target, image));
	process.stdout.write(`\n${images.length} screenshots copied to docs/images/${status === 0 ? '' : ' (the suite failed: look at them before committing)'}\n`);
	process.exit(status);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'test') test();
else if (command === 'demo') demo(rest);
else if (command === 'bench') bench(rest);
else if (command === 'bench-events') benchEvents(rest);
else if (command === 'bench-scale') benchScale(rest);
else if (command === 'editor') editor();
else if (command === 'screenshots') screenshots();
else {
	process.stderr.write('usage: node scripts/run.mjs test|demo|bench|bench-events|bench-scale|editor|screenshots\n');
	process.exit(2);
}
