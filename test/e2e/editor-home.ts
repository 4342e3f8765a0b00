/**
 * An n8n user folder for looking at the editor: the packed package installed, the fake-gateway
 * credentials (pointed at a given gateway URL), every shipped workflow imported and the sample CSV
 * in place; and, once `n8n start` runs, an owner account. Used by `npm run editor`
 * (scripts/editor.ts) and by the browser suite (test/e2e/editor.e2e.test.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { N8nHome, REPO_ROOT } from './harness';
import { SAMPLE_CSV, WORKFLOWS_DIR, shippedCredentials, shippedWorkflowFiles } from './workflows';

/** The owner account the editor is set up with (a local demo account, not a secret). */
export const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Operator', password: 'Dunning-Demo-2026' };

/** A fresh user folder in `dir` with the package from `tarball`, the credentials and every shipped workflow. */
export async function createEditorHome(options: { tarball: string; dir: string; gatewayUrl: string }): Promise<N8nHome> {
	const home = await N8nHome.create({ tarball: options.tarball, dir: options.dir });
	home.save();
	home.importCredentials(shippedCredentials(options.gatewayUrl));
	// One `n8n import:workflow` for all of them: one n8n start-up instead of one per workflow.
	home.importWorkflowBatch(shippedWorkflowFiles().map((f) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, f), 'utf8')) as object));
	home.addDataFile(SAMPLE_CSV);
	return home;
}

/**
 * Creates the owner account through n8n's REST API (`POST /rest/owner/setup`). /healthz answers
 * before the REST routes are registered, so it tries for a while. Returns the last HTTP status
 * (200 when the owner was created).
 */
export async function setupOwner(url: string, attempts = 60): Promise<number> {
	let status = 0;
	for (let attempt = 0; attempt < attempts && status !== 200; attempt++) {
		if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
		const setup = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		}).catch(() => undefined);
		status = setup?.status ?? 0;
	}
	return status;
}

/** Chromium from scripts/chromium.mjs (it installs Debian's package when none is found). */
export function ensureChromium(): { executablePath: string; args: string[] } {
	try {
		const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'chromium.mjs'), 'ensure'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 600_000,
		});
		return JSON.parse(out.trim().split('\n').pop() as string) as { executablePath: string; args: string[] };
	} catch (error) {
		const stderr = (error as { stderr?: string }).stderr ?? '';
		throw new Error(`The browser suites need Chromium, and scripts/chromium.mjs could not find or install it:\n${stderr || (error as Error).message}`);
	}
}
