/**
 * Dunning Stage inside a real n8n 2.41.1: the packed package installed as a community package,
 * the shipped workflow imported and executed, the results read from n8n's own run data.
 */
import { N8nHome, chainWorkflow, nodeType } from './harness';
import { openSharedHome } from './shared-home';
import { SAMPLE_CSV, loadWorkflow, sampleRows, withReferenceDate } from './workflows';

jest.setTimeout(180_000);

let home: N8nHome;
beforeAll(async () => {
	home = await openSharedHome();
	home.addDataFile(SAMPLE_CSV);
});

type Dunning = { stage: string | null; phase: string; daysOverdue: number | null; isNew: boolean; reason: string };

describe('shipped workflow: classify invoices from a CSV (default parameters)', () => {
	let stageRun: Awaited<ReturnType<N8nHome['execute']>>['nodes'][string];

	beforeAll(async () => {
		home.importWorkflows([withReferenceDate(loadWorkflow('classify-invoices.json'))]);
		const run = await home.execute('dunClassifyCsv01');
		expect(run.error).toBeUndefined();
		expect(run.exitCode).toBe(0);
		stageRun = run.nodes['Dunning Stage'];
	});

	it('classifies every sample row, one output item per input row or an error item', () => {
		const [ok, errors] = stageRun.outputs;
		expect(ok.length + errors.length).toBe(sampleRows().length);
		expect(errors.map((i) => i.json.invoiceId)).toEqual(['INV-1028']);
		expect(errors[0].json.error).toBe("Item 28 (invoice INV-1028): Field 'dueDate' is missing: an open invoice needs a due date to be classified");
	});

	it('puts each invoice on the stage of the default ladder', () => {
		const byId = new Map(stageRun.outputs[0].map((i) => [i.json.invoiceId as string, i.json.dunning as Dunning]));
		const expected: Record<string, [string | null, number | null, boolean]> = {
			'INV-1001': [null, -8, false],
			'INV-1002': ['reminder_7d', -7, true],
			'INV-1004': ['reminder_7d', -2, false],
			'INV-1005': ['reminder_1d', -1, true],
			'INV-1006': ['due_today', 0, true],
			'INV-1007': [null, 1, false],
			'INV-1008': [null, 2, false],
			'INV-1009': ['overdue_3d', 3, true],
			'INV-1010': ['overdue_3d', 5, false],
			'INV-1011': ['overdue_6d', 6, true],
			'INV-1012': ['overdue_6d', 8, false],
			'INV-1013': ['overdue_9d', 9, true],
			'INV-1014': ['overdue_9d', 14, false],
			'INV-1015': ['overdue_15d', 15, true],
			'INV-1016': ['overdue_15d', 29, false],
			'INV-1017': ['negotiation_30d', 30, true],
			'INV-1019': ['negotiation_30d', 89, false],
			'INV-1020': ['legal_90d', 90, true],
			'INV-1022': ['settled', 4, true],
			'INV-1023': [null, 10, false],
			'INV-1031': ['reminder_7d', -7, true],
			'INV-1049': ['legal_90d', 120, false],
		};
		for (const [id, [stage, days, isNew]] of Object.entries(expected)) {
			expect({ id, ...byId.get(id) }).toMatchObject({ id, stage, daysOverdue: days, isNew });
		}
		expect(byId.get('INV-1013')?.reason).toContain('overdue_6d was never sent');
		expect(byId.get('INV-1014')?.reason).toBe('14 days overdue (due 2026-11-09, America/Sao_Paulo): stage overdue_9d (days 9 to 14); already sent');
	});

	it('keeps every input column', () => {
		const first = stageRun.outputs[0][0].json;
		const row = sampleRows()[0];
		// n8n's CSV extraction leaves empty cells out; every filled cell comes through unchanged.
		for (const [column, value] of Object.entries(row)) if (value !== '') expect(first[column]).toBe(value);
	});
});

describe('Dunning Stage with one output per phase, in the real n8n', () => {
	it('routes each invoice to the output of its phase, and errors to the error output', async () => {
		const rows = [
			{ invoiceId: 'pre', dueDate: '2026-11-24' },
			{ invoiceId: 'dun', dueDate: '20/11/2026' },
			{ invoiceId: 'neg', dueDate: 46300 },
			{ invoiceId: 'leg', dueDate: '2026-01-01T12:00:00Z' },
			{ invoiceId: 'paid', dueDate: '2026-11-01', status: 'pago' },
			{ invoiceId: 'grace', dueDate: '2026-11-22' },
			{ invoiceId: 'cancelled', dueDate: '2026-11-01', status: 'cancelled' },
			{ invoiceId: 'bad', dueDate: '2026-13-01' },
		];
		const outputs = ['Pre-Collection', 'Dunning', 'Negotiation', 'Legal', 'Settled', 'No Action', 'Errors'];
		const workflow = chainWorkflow('e2eStagePerPhase', rows, [
			{
				name: 'Dunning Stage',
				type: nodeType('dunningStage'),
				typeVersion: 1,
				parameters: { outputMode: 'perPhase', options: { referenceDate: '2026-11-23' } },
				onError: 'continueErrorOutput',
			},
			...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
		]) as { nodes: unknown[]; connections: Record<string, unknown> };
		// Fan the node's seven outputs (six phases + error) out to one NoOp each.
		for (const name of outputs) delete workflow.connections[name];
		workflow.connections['Dunning Stage'] = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
		home.importWorkflows([workflow]);
		const run = await home.execute('e2eStagePerPhase');
		expect(run.exitCode).toBe(0);
		const received = outputs.map((name) => (run.nodes[name]?.outputs[0] ?? []).map((i) => i.json.invoiceId));
		expect(received).toEqual([['pre'], ['dun'], ['neg'], ['leg'], ['paid'], ['grace', 'cancelled'], ['bad']]);
		expect(run.nodes.Errors.outputs[0][0].json.error).toContain("Field 'dueDate' has the value \"2026-13-01\": there is no month 13");
		expect(run.nodes['Dunning Stage'].executionTime).toBeGreaterThanOrEqual(0);
	});

	it('fails the execution with a message naming the item when errors are not continued', async () => {
		const workflow = chainWorkflow('e2eStageFails', [{ invoiceId: 'ok', dueDate: '2026-11-20' }, { invoiceId: 'INV-9', dueDate: '31/02/2026' }], [
			{ name: 'Dunning Stage', type: nodeType('dunningStage'), typeVersion: 1, parameters: {} },
		]);
		home.importWorkflows([workflow]);
		const run = await home.execute('e2eStageFails');
		expect(run.exitCode).toBe(1);
		expect(`${run.error?.message}\n${run.stderr}`).toContain("Item 2 (invoice INV-9): Field 'dueDate' has the value \"31/02/2026\": February 2026 has no day 31");
	});
});
