/**
 * Segment Debtor inside a real n8n 2.41.1, after Dunning Stage, on the sample invoices: default
 * parameters, routing per segment (dynamic outputs wired to other nodes), custom rules evaluated
 * by n8n's own filter parameter, the same segments without Dunning Stage, and the CSV file read
 * by n8n's own nodes.
 */

import { N8nHome, type RunResult, type WorkflowNode, chainWorkflow, nodeType } from './harness';
import { openSharedHome } from './shared-home';
import { SAMPLE_CSV, SAMPLE_REFERENCE_DATE, sampleRows } from './workflows';

jest.setTimeout(240_000);

type Row = Record<string, string>;
type Segment = {
	name: string;
	debtorType: string;
	tone: string;
	channels: string[];
	offer: string;
	priority: number;
	valueTier: string | null;
	reasons: string[];
	variant?: string;
};
type Item = { json: Record<string, unknown>; pairedItem?: unknown };

/** The sample CSV as n8n's Extract From File gives it: every value a string, quoted commas kept. */
function csvRows(): Row[] {
	return sampleRows() as Row[];
}

const ROWS = csvRows();
const ROWS_WITH_DUE_DATE = ROWS.filter((r) => r.dueDate !== '');

const dunningStage = (): WorkflowNode => ({
	name: 'Dunning Stage',
	type: nodeType('dunningStage'),
	typeVersion: 1,
	parameters: { options: { referenceDate: SAMPLE_REFERENCE_DATE } },
	onError: 'continueErrorOutput',
});

const segmentDebtor = (parameters: Record<string, unknown> = {}): WorkflowNode => ({
	name: 'Segment Debtor',
	type: nodeType('segmentDebtor'),
	typeVersion: 1,
	parameters,
});

const noOp = (name: string): WorkflowNode => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

function bySegmentOf(items: Item[]): Map<string, Segment> {
	return new Map(items.map((i) => [i.json.invoiceId as string, i.json.segment as Segment]));
}

let home: N8nHome;
beforeAll(async () => {
	home = await openSharedHome();
});

async function execute(workflow: object, id: string): Promise<RunResult> {
	home.importWorkflows([workflow]);
	const run = await home.execute(id);
	expect(run.error).toBeUndefined();
	expect(run.exitCode).toBe(0);
	return run;
}

/** What the Standard model must give each sample invoice on 2026-11-23, derived by hand from its rules. */
const EXPECTED: Record<string, [name: string, debtorType: string, tone: string, offer: string, channels: string]> = {
	'INV-1001': ['pre_due', 'first_time', 'friendly', 'none', 'whatsapp,sms,email'], // 8 days before the due date
	'INV-1006': ['pre_due', 'first_time', 'friendly', 'none', 'whatsapp,sms,email'], // due today
	'INV-1007': ['first_time', 'first_time', 'friendly', 'none', 'whatsapp,sms,email'], // 1 day, grace period
	'INV-1009': ['casual', 'casual', 'friendly', 'none', 'whatsapp,sms,email'], // 3 days, 1 late payment
	'INV-1014': ['casual', 'casual', 'friendly', 'none', 'whatsapp,sms,email'], // 4 late payments but only 14 days: not old
	'INV-1015': ['casual', 'casual', 'friendly', 'none', 'whatsapp,sms,email'], // day 15, but a loyal customer since 2021
	'INV-1016': ['intentional', 'intentional', 'firm', 'none', 'whatsapp,sms,email'], // 2 broken promises
	'INV-1017': ['negotiation', 'casual', 'firm', 'instalments', 'whatsapp,sms,email'], // day 30, R$ 2.499,90
	'INV-1018': ['intentional', 'intentional', 'firm', 'instalments', 'whatsapp,sms,email'], // 3 broken promises, negotiation phase
	'INV-1020': ['legal', 'intentional', 'formal', 'settlement', 'whatsapp,sms,email'], // day 90
	'INV-1022': ['settled', 'casual', 'friendly', 'none', 'whatsapp,sms,email'], // paid
	'INV-1023': ['on_hold', 'first_time', 'formal', 'none', ''], // cancelled
	'INV-1024': ['on_hold', 'first_time', 'formal', 'none', ''], // disputed
	'INV-1026': ['first_time', 'first_time', 'friendly', 'none', 'email'], // phone "(11) 1234" is too short
	'INV-1027': ['first_time', 'first_time', 'friendly', 'none', ''], // opted out of everything
	'INV-1029': ['first_time', 'first_time', 'friendly', 'none', 'sms,email'], // no WhatsApp opt-in
	'INV-1030': ['negotiation', 'casual', 'firm', 'instalments', 'whatsapp,sms,email'], // 35 days, R$ 980,00
	'INV-1031': ['pre_due', 'first_time', 'friendly', 'none', 'whatsapp,sms,email'],
	'INV-1037': ['intentional', 'intentional', 'firm', 'instalments', 'whatsapp,sms,email'], // MX$ 1,120.00 ≥ 1,000
	'INV-1038': ['legal', 'intentional', 'formal', 'settlement', 'whatsapp,sms,email'],
	'INV-1040': ['first_time', 'first_time', 'friendly', 'none', 'sms,email'],
	'INV-1048': ['intentional', 'intentional', 'firm', 'instalments', 'whatsapp,sms,email'], // 40 days, 2 broken promises
	'INV-1050': ['settled', 'first_time', 'friendly', 'none', 'whatsapp,sms,email'],
};

const VALUE_TIERS: Record<string, string | null> = {
	'INV-1001': 'low', // R$ 129,90
	'INV-1003': 'medium', // R$ 1.234,56
	'INV-1017': 'high', // R$ 2.499,90
	'INV-1031': 'low', // MX$ 899
	'INV-1036': 'medium', // MX$ 3,980
	'INV-1042': 'high', // US$ 1,299
	'INV-1022': null, // paid: nothing to collect
};

function expectStandardSegments(segments: Map<string, Segment>): void {
	for (const [invoiceId, [name, debtorType, tone, offer, channels]] of Object.entries(EXPECTED)) {
		const s = segments.get(invoiceId) as Segment;
		expect({ invoiceId, name: s.name, debtorType: s.debtorType, tone: s.tone, offer: s.offer, channels: s.channels.join(',') }).toEqual({
			invoiceId,
			name,
			debtorType,
			tone,
			offer,
			channels,
		});
	}
	for (const [invoiceId, tier] of Object.entries(VALUE_TIERS)) expect(segments.get(invoiceId)?.valueTier).toBe(tier);
}

describe('sample rows → Dunning Stage → Segment Debtor with default parameters', () => {
	let items: Item[];
	let segments: Map<string, Segment>;

	beforeAll(async () => {
		const run = await execute(chainWorkflow('segDefault01', ROWS, [dunningStage(), segmentDebtor()]), 'segDefault01');
		const node = run.nodes['Segment Debtor'];
		expect(node.status).toBe('success');
		expect(node.outputs).toHaveLength(1);
		items = node.outputs[0];
		segments = bySegmentOf(items);
	});

	it('segments every row Dunning Stage classified, keeping every column', () => {
		expect(items.map((i) => i.json.invoiceId)).toEqual(ROWS_WITH_DUE_DATE.map((r) => r.invoiceId));
		const first = items[0].json;
		for (const [column, value] of Object.entries(ROWS[0])) expect(first[column]).toBe(value);
		expect(first.dunning).toMatchObject({ stage: null, daysOverdue: -8 });
	});

	it('gives each debtor the segment, type, tone, offer and channels of the Standard model', () => {
		expectStandardSegments(segments);
	});

	it('scores priority from amount and days overdue, and explains every choice', () => {
		// round(10 × log10(1 + amount) × (1 + days / 30)), days between 0 and 180
		const priority = (amount: number, days: number) => Math.round(10 * Math.log10(1 + amount) * (1 + Math.min(Math.max(days, 0), 180) / 30));
		expect(segments.get('INV-1001')?.priority).toBe(priority(129.9, -8));
		expect(segments.get('INV-1017')?.priority).toBe(priority(2499.9, 30));
		expect(segments.get('INV-1021')?.priority).toBe(priority(1020.4, 150));
		expect(segments.get('INV-1022')?.priority).toBe(0);
		const reasons = segments.get('INV-1015')?.reasons ?? [];
		expect(reasons[0]).toBe('15 days overdue (Dunning Stage: phase dunning, stage overdue_15d)');
		expect(reasons).toContain('Casual debtor: 2 late payments in 12 months, 0 broken promises');
		expect(reasons.join(' | ')).toContain('friendly tone kept for a loyal customer');
		expect(segments.get('INV-1026')?.reasons).toContain('Channels email; left out whatsapp (the phone number has too few digits), sms (the phone number has too few digits)');
	});
});

describe('one output per segment, wired to other nodes', () => {
	let run: RunResult;

	beforeAll(async () => {
		const workflow = chainWorkflow(
			'segPerSegment01',
			ROWS,
			[dunningStage(), segmentDebtor({ outputMode: 'perSegment' }), noOp('Negotiation Desk'), noOp('Do Not Contact')],
			{
				extraConnections: {
					'Segment Debtor': {
						main: [[], [], [], [], [{ node: 'Negotiation Desk', type: 'main', index: 0 }], [], [], [{ node: 'Do Not Contact', type: 'main', index: 0 }]],
					},
					'Negotiation Desk': { main: [[]] },
				},
			},
		);
		run = await execute(workflow, 'segPerSegment01');
	});

	it('has the eight segment outputs, each holding only its segment', () => {
		const outputs = run.nodes['Segment Debtor'].outputs;
		expect(outputs).toHaveLength(8);
		const names = ['pre_due', 'first_time', 'casual', 'intentional', 'negotiation', 'legal', 'settled', 'on_hold'];
		outputs.forEach((items, i) => {
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect((item.json.segment as Segment).name).toBe(names[i]);
		});
		expect(outputs.reduce((n, o) => n + o.length, 0)).toBe(ROWS_WITH_DUE_DATE.length);
	});

	it('sends the negotiation and on-hold debtors down their own branches', () => {
		const ids = (node: string) => run.nodes[node].outputs[0].map((i) => i.json.invoiceId).sort();
		expect(ids('Negotiation Desk')).toEqual(['INV-1017', 'INV-1030']);
		expect(ids('Do Not Contact')).toEqual(['INV-1023', 'INV-1024', 'INV-1025']);
	});
});

describe("custom rules evaluated by n8n's filter", () => {
	let outputs: Item[][];

	const filter = (leftValue: string, operator: Record<string, unknown>, rightValue: unknown) => ({
		options: { caseSensitive: false, leftValue: '', typeValidation: 'loose', version: 3 },
		conditions: [{ id: 'c1', leftValue, rightValue, operator }],
		combinator: 'and',
	});

	beforeAll(async () => {
		const parameters = {
			mode: 'custom',
			outputMode: 'perSegment',
			rules: {
				values: [
					{
						segment: 'long_overdue',
						conditions: filter('={{ $json.dunning.daysOverdue }}', { type: 'number', operation: 'gte' }, 60),
						tone: 'formal',
						offer: 'settlement',
						channels: 'email, sms',
					},
					{
						// CSV text "6" compared as a number: the loose type validation converts it.
						segment: 'chronic_late',
						conditions: filter('={{ $json.lateCount12m }}', { type: 'number', operation: 'gte' }, 5),
					},
					{
						segment: 'business',
						conditions: filter('={{ $json.customerType }}', { type: 'string', operation: 'equals' }, 'BUSINESS'),
						channels: 'email',
					},
				],
			},
			abSplit: true,
			experiment: 'e2e-tone',
			options: { fallbackSegment: 'everyone_else' },
		};
		const run = await execute(chainWorkflow('segCustom01', ROWS, [dunningStage(), segmentDebtor(parameters)]), 'segCustom01');
		outputs = run.nodes['Segment Debtor'].outputs;
	});

	it('routes each debtor to the first rule that matches, or the fallback', () => {
		expect(outputs).toHaveLength(4);
		const ids = outputs.map((o) => o.map((i) => i.json.invoiceId as string));
		const days = (id: string) => (outputs.flat().find((i) => i.json.invoiceId === id)?.json.dunning as { daysOverdue: number }).daysOverdue;
		for (const id of ids[0]) expect(days(id)).toBeGreaterThanOrEqual(60);
		expect(ids[0]).toEqual(expect.arrayContaining(['INV-1018', 'INV-1019', 'INV-1020', 'INV-1021', 'INV-1038', 'INV-1049']));
		expect(ids[1]).toEqual(['INV-1016', 'INV-1037', 'INV-1048']); // 5, 6 and 5 late payments, under 60 days
		expect(ids[2]).toEqual(['INV-1003', 'INV-1012', 'INV-1017', 'INV-1030', 'INV-1036', 'INV-1042']);
		expect(ids[3]).toContain('INV-1001');
		expect(outputs.flat()).toHaveLength(ROWS_WITH_DUE_DATE.length);
	});

	it("sets what each rule says and keeps the Standard model's choices otherwise, with both in the reasons", () => {
		const segmentOf = (id: string) => outputs.flat().find((i) => i.json.invoiceId === id)?.json.segment as Segment;
		expect(segmentOf('INV-1018')).toMatchObject({ name: 'long_overdue', tone: 'formal', offer: 'settlement', channels: ['email', 'sms'], debtorType: 'intentional' });
		expect(segmentOf('INV-1048')).toMatchObject({ name: 'chronic_late', tone: 'firm', offer: 'instalments' });
		expect(segmentOf('INV-1012')).toMatchObject({ name: 'business', tone: 'friendly', channels: ['email'] });
		expect(segmentOf('INV-1012').reasons).toContain('Custom rule 3 matched: segment business (Standard model: casual); the rule sets channels email');
		expect(segmentOf('INV-1001').reasons[segmentOf('INV-1001').reasons.length - 2]).toBe(
			'No custom rule matched: segment everyone_else (Standard model: pre_due)',
		);
	});

	it('assigns one A/B variant per customer', () => {
		const all = outputs.flat();
		for (const item of all) expect(['A', 'B']).toContain((item.json.segment as Segment).variant);
		// C-003 has two invoices: same variant.
		const c003 = all.filter((i) => i.json.customerId === 'C-003').map((i) => (i.json.segment as Segment).variant);
		expect(c003).toHaveLength(2);
		expect(c003[0]).toBe(c003[1]);
	});
});

describe('the same segments without Dunning Stage, and from the CSV file read by n8n', () => {
	let withStage: Map<string, Segment>;

	beforeAll(async () => {
		const run = await execute(chainWorkflow('segDefault02', ROWS, [dunningStage(), segmentDebtor()]), 'segDefault02');
		withStage = bySegmentOf(run.nodes['Segment Debtor'].outputs[0]);
	});

	const comparable = (s: Segment | undefined) => s && { ...s, reasons: s.reasons.slice(1) };

	it('computes days overdue itself with the same classification when rows did not go through Dunning Stage', async () => {
		const run = await execute(
			chainWorkflow('segNoStage01', ROWS_WITH_DUE_DATE, [segmentDebtor({ options: { referenceDate: SAMPLE_REFERENCE_DATE } })]),
			'segNoStage01',
		);
		const alone = bySegmentOf(run.nodes['Segment Debtor'].outputs[0]);
		expectStandardSegments(alone);
		for (const row of ROWS_WITH_DUE_DATE) expect(comparable(alone.get(row.invoiceId))).toEqual(comparable(withStage.get(row.invoiceId)));
		expect(alone.get('INV-1015')?.reasons[0]).toBe('15 days overdue (computed from due date 2026-11-08, America/Sao_Paulo: phase dunning)');
	});

	it('reads the sample CSV with n8n Read/Write Files and Extract From File, then segments it the same way', async () => {
		home.addDataFile(SAMPLE_CSV);
		const nodes: WorkflowNode[] = [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{
				name: 'Read Invoices CSV',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				parameters: { operation: 'read', fileSelector: '/home/node/.n8n-files/dunning/invoices.csv', options: {} },
			},
			{ name: 'Invoices from CSV', type: 'n8n-nodes-base.extractFromFile', typeVersion: 1.1, parameters: { operation: 'csv', options: {} } },
			dunningStage(),
			segmentDebtor(),
		];
		const connections: Record<string, unknown> = {};
		for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
		const workflow = {
			id: 'segCsvFile01',
			name: 'e2e segCsvFile01',
			nodes: nodes.map((n, i) => ({ id: `segCsvFile01-${i}`, position: [i * 220, 0], ...n })),
			connections,
			active: false,
			settings: { executionOrder: 'v1', timezone: 'America/Sao_Paulo' },
		};
		const run = await execute(workflow, 'segCsvFile01');
		const fromFile = bySegmentOf(run.nodes['Segment Debtor'].outputs[0]);
		expect(fromFile.size).toBe(ROWS_WITH_DUE_DATE.length);
		for (const row of ROWS_WITH_DUE_DATE) expect(fromFile.get(row.invoiceId)).toEqual(withStage.get(row.invoiceId));
	});
});
