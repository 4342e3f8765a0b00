import fs from 'node:fs';

import { N8nHome } from './harness';
import { SHARED_HOME_FILE } from './global-setup';

/** The n8n user folder prepared by the e2e global setup. */
export function openSharedHome(): Promise<N8nHome> {
	return N8nHome.open(fs.readFileSync(SHARED_HOME_FILE, 'utf8').trim());
}
