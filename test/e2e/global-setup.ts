/**
 * Once per e2e run: make sure the pinned n8n is installed, pack the built package, and create an
 * n8n user folder with the tarball installed as a community package and its database migrated.
 * Test files re-open that folder with `openSharedHome()` (the path travels in an environment
 * variable of this jest run, so that two runs side by side do not share a folder).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { N8nHome, REPO_ROOT, chainWorkflow, packPackage } from './harness';

export default async function globalSetup(): Promise<void> {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) {
		execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	}
	const runDir = path.join(REPO_ROOT, '.tmp', `e2e-${Date.now()}`);
	fs.mkdirSync(runDir, { recursive: true });
	const tarball = packPackage(path.join(runDir, 'pack'));
	const home = await N8nHome.create({ tarball, dir: path.join(runDir, 'home') });
	// The first CLI call creates and migrates the SQLite database (about 15 s): do it once here.
	home.importWorkflows([chainWorkflow('e2eWarmUp', [], [])]);
	home.save();
	process.env.DUNNING_E2E_HOME = home.dir;
}
