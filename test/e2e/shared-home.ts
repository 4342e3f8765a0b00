import fs from 'node:fs';

import { DEFAULT_RUNTIME, N8nHome, selectedRuntime } from './harness';

/** The environment variable holding the user folder the e2e global setup prepared for a runtime. */
export function sharedHomeVariable(runtimeName: string): string {
	return runtimeName === DEFAULT_RUNTIME ? 'DUNNING_E2E_HOME' : `DUNNING_E2E_HOME_${runtimeName.replace(/\W/g, '')}`;
}

/**
 * This jest worker's copy of the n8n user folder the e2e global setup prepared for this test's
 * runtime. The e2e suites run in two jest workers side by side (scripts/run.mjs): each worker gets
 * a folder of its own, made once by copying the prepared one, because two n8n processes must not
 * share one SQLite database. Suites of the same worker run one after the other in that folder.
 */
export async function openSharedHome(): Promise<N8nHome> {
	const variable = sharedHomeVariable(selectedRuntime());
	const dir = process.env[variable];
	if (!dir) throw new Error(`${variable} is not set: run the e2e tests through jest (its global setup prepares n8n)`);
	const own = `${dir}-worker${process.env.JEST_WORKER_ID ?? '1'}`;
	return fs.existsSync(own) ? N8nHome.open(own) : (await N8nHome.open(dir)).copyTo(own);
}
