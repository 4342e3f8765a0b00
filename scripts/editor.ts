/**
 * The n8n editor on localhost with the package installed and every shipped workflow imported, for
 * people who want to see the canvas: `npm run editor`. The fake gateway runs beside it, so the
 * workflows can be tried without a provider account. Stop it with Ctrl+C.
 */
import fs from 'node:fs';
import path from 'node:path';

import { start } from '../test/fake-gateway';
import { OWNER, createEditorHome, setupOwner } from '../test/e2e/editor-home';
import { REPO_ROOT, packPackage } from '../test/e2e/harness';
import { startServer } from '../test/e2e/workflows';

async function main(): Promise<void> {
	const workDir = path.join(REPO_ROOT, '.tmp', 'editor');
	fs.rmSync(workDir, { recursive: true, force: true });
	// The shipped credentials file points at port 43210; use it when free, else any port.
	const gateway = await start({ port: 43210 }).catch(async () => await start());
	process.stderr.write(`• fake gateway on ${gateway.url}\n`);
	const tarball = packPackage(path.join(workDir, 'pack'));
	const home = await createEditorHome({ tarball, dir: path.join(workDir, 'n8n'), gatewayUrl: gateway.url });
	process.stderr.write('• starting n8n (about 20 seconds)\n');
	const server = await startServer(home);
	const status = await setupOwner(server.url, 30);
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
