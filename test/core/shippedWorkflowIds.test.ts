/**
 * The shipped workflows' ids: unique, and at most 16 characters. n8n 1.x saves a workflow's static
 * data only when its id is a string of at most 16 characters (`isWorkflowIdValid` in n8n 1.123's
 * cli/utils); a longer id, accepted by the import, silently loses the Send node's record of sent
 * messages and Dunning Events' record of events seen after every run (found by the e2e suite on
 * n8n 1.123.81: the third run of the dunning ladder sent everything again).
 */
import fs from 'node:fs';
import path from 'node:path';

const WORKFLOWS = path.join(__dirname, '../../workflows');
const ids = fs
	.readdirSync(WORKFLOWS)
	.filter((f) => f.endsWith('.json'))
	.map((file) => [file, (JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { id?: unknown }).id] as const);

describe('shipped workflow ids', () => {
	it('every shipped workflow has an id of 1 to 16 letters and digits', () => {
		expect(ids.length).toBeGreaterThanOrEqual(11);
		expect(ids.filter(([, id]) => typeof id !== 'string' || !/^[A-Za-z0-9]{1,16}$/.test(id))).toEqual([]);
	});

	it('no two shipped workflows share an id', () => {
		const seen = new Map<unknown, string>();
		const clashes = ids.filter(([file, id]) => (seen.has(id) ? true : (seen.set(id, file), false)));
		expect(clashes).toEqual([]);
	});
});
