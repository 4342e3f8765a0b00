/** The global setup of the jest project `e2e-n8n1`: the shared user folder on n8n 1.x. */
import { prepareSharedHome } from './global-setup';

export default async function globalSetup(): Promise<void> {
	await prepareSharedHome('1.x');
}
