import { N8nHome } from './harness';

/** The n8n user folder prepared by the e2e global setup of this jest run. */
export function openSharedHome(): Promise<N8nHome> {
	const dir = process.env.DUNNING_E2E_HOME;
	if (!dir) throw new Error('DUNNING_E2E_HOME is not set: run the e2e tests through jest (its global setup prepares n8n)');
	return N8nHome.open(dir);
}
