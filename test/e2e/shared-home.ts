import { DEFAULT_RUNTIME, N8nHome, selectedRuntime } from './harness';

/** The environment variable holding the user folder the e2e global setup prepared for a runtime. */
export function sharedHomeVariable(runtimeName: string): string {
	return runtimeName === DEFAULT_RUNTIME ? 'DUNNING_E2E_HOME' : `DUNNING_E2E_HOME_${runtimeName.replace(/\W/g, '')}`;
}

/** The n8n user folder prepared by the e2e global setup of this jest run, for this test's runtime. */
export function openSharedHome(): Promise<N8nHome> {
	const variable = sharedHomeVariable(selectedRuntime());
	const dir = process.env[variable];
	if (!dir) throw new Error(`${variable} is not set: run the e2e tests through jest (its global setup prepares n8n)`);
	return N8nHome.open(dir);
}
