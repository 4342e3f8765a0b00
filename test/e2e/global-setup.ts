/**
 * Once per e2e run and runtime: make sure the pinned n8n is installed, pack the built package, and
 * create an n8n user folder with the tarball installed as a community package and its database
 * migrated. Test files re-open that folder with `openSharedHome()` (the path travels in an
 * environment variable of this jest run, one per runtime, so that two runs side by side do not
 * share a folder). This file serves the project `e2e` (DUNNING_N8N_RUNTIME, else 2.x);
 * global-setup-n8n1.ts the project `e2e-n8n1` (jest runs one global setup per distinct file).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_RUNTIME, N8nHome, REPO_ROOT, RUNTIME_ENV, chainWorkflow, packPackage } from './harness';
import { sharedHomeVariable } from './shared-home';

function newestMtime(dir: string): number {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** The e2e tests must run the package as it is in the source tree: rebuild when a source is newer. */
function distIsStale(): boolean {
	const marker = path.join(REPO_ROOT, 'dist', 'package.json');
	if (!fs.existsSync(marker)) return true;
	const built = fs.statSync(marker).mtimeMs;
	const sources = ['nodes', 'credentials'].map((d) => newestMtime(path.join(REPO_ROOT, d)));
	return Math.max(...sources, fs.statSync(path.join(REPO_ROOT, 'package.json')).mtimeMs) > built;
}

/** Builds if needed, packs, and prepares the shared user folder of one runtime. */
export async function prepareSharedHome(runtimeName: string): Promise<void> {
	if (distIsStale()) execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	const runDir = path.join(REPO_ROOT, '.tmp', `e2e-${runtimeName.replace(/\W/g, '')}-${Date.now()}`);
	fs.mkdirSync(runDir, { recursive: true });
	const tarball = packPackage(path.join(runDir, 'pack'));
	const home = await N8nHome.create({ tarball, dir: path.join(runDir, 'home'), runtime: runtimeName });
	// The first CLI call creates and migrates the SQLite database (about 15 s): do it once here.
	home.importWorkflows([chainWorkflow('e2eWarmUp', [], [])]);
	home.save();
	process.env[sharedHomeVariable(runtimeName)] = home.dir;
}

export default async function globalSetup(): Promise<void> {
	await prepareSharedHome(process.env[RUNTIME_ENV] || DEFAULT_RUNTIME);
}
