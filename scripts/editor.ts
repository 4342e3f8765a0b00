/**
 * The n8n editor on localhost with the package installed and every shipped workflow imported, for
 * people who want to see the canvas: `npm run editor`. The fake gateway runs beside it, so the
 * workflows can be tried without a provider account. Stop it with Ctrl+C.
 */
import fs from 'node:fs';
import path from 'node:path';

import { start } from '../test/fake-gateway';
import { N8nHome, REPO_ROOT, packPackage } from '../test/e2e/harness';
import { SAMPLE_CSV, WORKFLOWS_DIR, startServer } from '../test/e2e/workflows';

const FAKE_GATEWAY_URL = 'http://127.0.0.1:43210';
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Operator', password: 'Dunning-Demo-2026' };

async function main(): Promise<void> {
	const workDir = path.join(REPO_ROOT, '.tmp', 'editor');
	fs.rmSync(workDir, { recursive: true, force: true });
	// The shipped credentials file points at port 43210; use it when free, else any port.
	const gateway = await start({ port: 43210 }).catch(async () => await start());
	process.stderr.write(`• fake gateway on ${gateway.url}\n`);
	const tarball = packPackage(path.join(workDir, 'pack'));
	const home = await N8nHome.create({ tarball, dir: path.join(workDir, 'n8n') });
	home.save();
	const credentials = fs.readFileSync(path.join(WORKFLOWS_DIR, 'data', 'fake-gateway-credentials.json'), 'utf8').split(FAKE_GATEWAY_URL).join(gateway.url);
	home.importCredentials(JSON.parse(credentials) as object[]);
	home.importWorkflowFiles(
		fs
			.readdirSync(WORKFLOWS_DIR)
			.filter((f) => f.endsWith('.json'))
			.map((f) => path.join(WORKFLOWS_DIR, f)),
	);
	home.addDataFile(SAMPLE_CSV);
	process.stderr.write('• starting n8n (about 20 seconds)\n');
	const server = await startServer(home);
	// /healthz answers before the REST routes are registered: try the owner set-up for a while.
	let status = 0;
	for (let attempt = 0; attempt < 30 && status !== 200; attempt++) {
		if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
		const setup = await fetch(`${server.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		}).catch(() => undefined);
		status = setup?.status ?? 0;
	}
	if (status !== 200) process.stderr.write(`Could not create the owner account (${status}); sign up in the browser instead.\n`);
	process.stdout.write(
		`\nn8n is running at ${server.url}\nSign in with ${OWNER.email} / ${OWNER.password}.\nThe shipped workflows are under Workflows; the credentials point at the local fake gateway.\nPress Ctrl+C to stop.\n`,
	);
	const stop = async () => {
		await server.stop();
		await gateway.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
