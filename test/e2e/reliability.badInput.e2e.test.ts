/**
 * A subset of the bad-input corpus (rows marked `e2e`) through the real n8n 2.41.1: each node
 * gets a good row followed by the bad rows from a Code node. With "Continue (using regular output)"
 * every row comes out, each with its expected outcome; without it, the run stops with an error
 * that names the item, the field and the value. The rows the corpus marks as impossible in n8n
 * (json that is not an object) are refused by n8n's own Code node, which is checked too.
 */
import { type FakeGateway, start } from '../fake-gateway';
import { debtorRow } from '../fixtures/debtor-row';
import { type BadInputRow, type NodeName, loadCorpus, loadRawCorpus, pathValue, toJsSource } from '../fixtures/bad-input/corpus';
import { N8nHome, type WorkflowNode, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';

jest.setTimeout(300_000);

let home: N8nHome;
let gateway: FakeGateway;

const GOOD: Record<NodeName, object> = {
	dunningStage: { invoiceId: 'GOOD-A', customerId: 'C-GOOD', dueDate: '2026-11-20', status: 'open', amount: '100,00', currency: 'BRL', timezone: 'America/Sao_Paulo' },
	segmentDebtor: debtorRow('GOOD-A', { customerId: 'C-GOOD' }),
	negotiationOffer: {
		invoiceId: 'GOOD-A',
		customerName: 'Larissa Mendes',
		amount: '1.000,00',
		currency: 'BRL',
		country: 'BR',
		dueDate: '2026-10-15',
		paymentLink: 'https://pay.example.com/i/good-a',
		dunning: { stage: 'negotiation_30d', phase: 'negotiation', status: 'open', daysOverdue: 46, dueDate: '2026-10-15', referenceDate: '2026-11-30', isNew: true },
		segment: { name: 'negotiation', offer: 'instalments' },
	},
	renderCollectionMessage: {
		invoiceId: 'GOOD-A',
		customerName: 'Maria da Silva',
		amount: '1.234,56',
		currency: 'BRL',
		locale: 'pt-BR',
		paymentLink: 'https://pay.example.com/i/GOOD-A',
		modelo: '{{creditor.shortName}}: {{firstName}}, {{money}} em aberto.',
		dunning: { stage: 'overdue_3d', phase: 'dunning', daysOverdue: 3, dueDate: '2026-11-20', isNew: true },
	},
	sendViaGateway: { invoiceId: 'GOOD-A', phone: '+55 11 98765-0001', country: 'BR', dunning: { stage: 'overdue_3d' }, message: { channel: 'sms', text: 'Sua fatura venceu.' } },
	classifyReply: { invoiceId: 'GOOD-A', event: { kind: 'reply', channel: 'whatsapp', phone: '+5511987650001', at: '2026-11-23T12:00:00.000Z', text: 'pago dia 30' } },
};

const PARAMETERS: Record<NodeName, Record<string, unknown>> = {
	dunningStage: { options: { referenceDate: '2026-11-23' } },
	segmentDebtor: { options: { referenceDate: '2026-11-23' } },
	negotiationOffer: { lateFee: 2, interestRate: 1, validityDays: 9, pixKey: 'cobranca@provedor.net.br', pixMerchantName: 'Provedor Net Ltda', pixMerchantCity: 'Sao Paulo' },
	renderCollectionMessage: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', options: { shortName: 'Provedor Net', referenceDate: '2026-11-23' } },
	sendViaGateway: { provider: 'twilio', contactHours: 'off', policy: { messagesPerSecond: 0 } },
	classifyReply: { outputMode: 'single' },
};

function merge(base: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const out = { ...base };
	for (const [key, value] of Object.entries(extra)) {
		const previous = out[key];
		out[key] = value && typeof value === 'object' && !Array.isArray(value) && previous && typeof previous === 'object' ? merge(previous as Record<string, unknown>, value as Record<string, unknown>) : value;
	}
	return out;
}

function workflow(id: string, node: NodeName, rawRows: unknown[], params: Record<string, unknown> | undefined, onError?: WorkflowNode['onError']): object {
	const wf = chainWorkflow(id, [], [
		{
			name: 'Under Test',
			type: nodeType(node),
			typeVersion: 1,
			parameters: merge(PARAMETERS[node], params),
			...(onError ? { onError } : {}),
			...(node === 'sendViaGateway' ? { credentials: credentialRef('twilio') } : {}),
		},
	]) as { nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
	// The rows are rebuilt inside n8n's Code node: NaN, 1 MB strings and own __proto__ keys included.
	(wf.nodes.find((n) => n.name === 'Rows') as { parameters: Record<string, unknown> }).parameters.jsCode =
		`return [${rawRows.map((json) => `{ json: ${toJsSource(json)} }`).join(',\n')}];`;
	return wf;
}

/** The e2e rows of a node, grouped by their parameters (one workflow per group). */
function groups(node: NodeName): Array<{ params?: Record<string, unknown>; rows: BadInputRow[]; raw: BadInputRow[] }> {
	const decoded = loadCorpus(node);
	const raw = loadRawCorpus(node);
	const out = new Map<string, { params?: Record<string, unknown>; rows: BadInputRow[]; raw: BadInputRow[] }>();
	decoded.forEach((row, i) => {
		if (!row.e2e || row.n8nCanDeliver === false) return;
		const key = JSON.stringify(row.params ?? {});
		const group = out.get(key) ?? { params: row.params, rows: [], raw: [] };
		group.rows.push(row);
		group.raw.push(raw[i]);
		out.set(key, group);
	});
	return [...out.values()];
}

const SEND_OUTPUT = { sent: 0, failed: 1, skipped: 2 } as const;

beforeAll(async () => {
	gateway = await start({ webhooks: { mode: 'off' } });
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
});

afterAll(async () => {
	await gateway?.close();
});

const CONTINUE_NODES = ['dunningStage', 'segmentDebtor', 'negotiationOffer', 'renderCollectionMessage', 'sendViaGateway'] as const;
const STOP_NODES = ['dunningStage', 'segmentDebtor', 'negotiationOffer', 'renderCollectionMessage'] as const;

/** One workflow per group of the node's bad rows (rows that need the same parameters), continuing on errors. */
function continueCases(node: NodeName) {
	return groups(node).map((group, g) => {
		const id = `e2eBad${node.slice(0, 8)}${g}`;
		return { id, group, workflow: workflow(id, node, [GOOD[node], ...group.raw.map((r) => r.json)], group.params, 'continueRegularOutput') };
	});
}

/** The good row, then the node's first bad row that must stop the run (On Error: Stop Workflow). */
function stopCase(node: NodeName) {
	const rawRows = loadRawCorpus(node);
	const index = loadCorpus(node).findIndex((r) => r.e2e && r.expect.outcome === 'error' && r.expect.field && !r.params && r.n8nCanDeliver !== false);
	const id = `e2eBadStop${node.slice(0, 8)}`;
	return { id, row: loadCorpus(node)[index], workflow: workflow(id, node, [GOOD[node], rawRows[index].json], undefined) };
}

describe('bad input through the real n8n, with "Continue (using regular output)"', () => {
	// Every workflow of the two describes below in one n8n start-up (harness importAhead).
	beforeAll(() => home.importAhead([...CONTINUE_NODES.flatMap((node) => continueCases(node).map((c) => c.workflow)), ...STOP_NODES.map((node) => stopCase(node).workflow)]));

	it.each(CONTINUE_NODES)('%s: every row out once, each as the corpus expects', async (node) => {
		let checked = 0;
		for (const { id, group, workflow: wf } of continueCases(node)) {
			home.importWorkflows([wf]);
			const run = await home.execute(id);
			expect(run.error).toBeUndefined();
			const located = run.nodes['Under Test'].outputs.flatMap((items, output) =>
				items.map((item) => {
					// Consolidation pairs an item with every invoice it merges: one here.
					const paired = Array.isArray(item.pairedItem) && item.pairedItem.length === 1 ? item.pairedItem[0] : item.pairedItem;
					return { output, item: (paired as { item: number }).item, json: item.json };
				}),
			);
			// The good row and every bad row: each exactly once.
			expect(located.map((l) => l.item).sort((a, b) => a - b)).toEqual(Array.from({ length: group.rows.length + 1 }, (_, i) => i));
			expect(located.find((l) => l.item === 0)?.json.error).toBeUndefined();
			group.rows.forEach((row, k) => {
				const found = located.find((l) => l.item === k + 1) as (typeof located)[number];
				const label = `${row.id} ${row.case}`;
				if (node === 'sendViaGateway') {
					expect([label, found.output]).toEqual([label, SEND_OUTPUT[row.expect.outcome as keyof typeof SEND_OUTPUT]]);
					const delivery = found.json.delivery as Record<string, unknown>;
					for (const text of row.expect.message ?? []) expect([label, String(delivery.message).includes(text)]).toEqual([label, true]);
				} else if (row.expect.outcome === 'passed') {
					// A row an earlier node rejected: out untouched, never classified, segmented or rendered.
					expect([label, found.json]).toEqual([label, row.json]);
				} else if (row.expect.outcome === 'error') {
					const error = String(found.json.error);
					expect([label, error.startsWith(`Item ${k + 2}`)]).toEqual([label, true]);
					if (row.expect.field) expect([label, (found.json.details as Record<string, unknown>).field]).toEqual([label, row.expect.field]);
					for (const text of row.expect.message ?? []) expect([label, error.includes(text)]).toEqual([label, true]);
				} else {
					expect([label, found.json.error]).toEqual([label, undefined]);
				}
				for (const [dotted, value] of Object.entries(row.expect.output ?? {})) expect([label, dotted, pathValue(found.json, dotted)]).toEqual([label, dotted, value]);
				for (const [dotted, texts] of Object.entries(row.expect.contains ?? {})) {
					for (const text of texts) expect([label, text, String(pathValue(found.json, dotted)).includes(text)]).toEqual([label, text, true]);
				}
				for (const [dotted, texts] of Object.entries(row.expect.excludes ?? {})) {
					for (const text of texts) expect([label, text, String(pathValue(found.json, dotted)).includes(text)]).toEqual([label, text, false]);
				}
				checked++;
			});
		}
		expect(checked).toBeGreaterThanOrEqual(5);
	});
});

describe('bad input through the real n8n, without "continue on fail"', () => {
	it.each(STOP_NODES)('%s: the run stops with an error naming the item, the field and the value', async (node) => {
		const { id, row, workflow: wf } = stopCase(node);
		home.importWorkflows([wf]);
		const run = await home.execute(id);
		expect(run.exitCode).not.toBe(0);
		const message = `${run.error?.message ?? ''} ${run.nodes['Under Test']?.error?.message ?? ''}`;
		expect(message).toContain('Item 2');
		expect(message).toContain(`'${row.expect.field}'`);
		for (const text of row.expect.message ?? []) expect(message).toContain(text);
		expect(message).not.toMatch(/TypeError|Cannot read propert/);
	});

	it("n8n's Code node refuses an item whose json is not an object, before any node of this package", async () => {
		const id = 'e2eBadNotObject';
		const wf = chainWorkflow(id, [], [{ name: 'Under Test', type: nodeType('dunningStage'), typeVersion: 1, parameters: PARAMETERS.dunningStage }]) as {
			nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
		};
		(wf.nodes.find((n) => n.name === 'Rows') as { parameters: Record<string, unknown> }).parameters.jsCode = 'return [{ json: null }, { json: ["a"] }];';
		home.importWorkflows([wf]);
		const run = await home.execute(id);
		expect(run.exitCode).not.toBe(0);
		expect(run.nodes['Under Test']).toBeUndefined();
		expect(`${run.error?.message ?? ''} ${run.error?.node ?? ''}`).toMatch(/json.*isn't an object|Rows/);
	});
});

/**
 * The whole chain with bad rows between good ones, as a user builds it: Dunning Stage → Segment
 * Debtor → Render Collection Message → Send, every node on the same "On Error" setting. A row that
 * any node rejects must never reach the provider; every row comes out exactly once.
 */
describe('bad rows between good ones through the whole chain', () => {
	const good = (id: string, phone: string) =>
		debtorRow(id, { phone, whatsappOptIn: 'false', dueDate: '2026-11-11', country: 'BR', locale: 'pt-BR', paymentLink: `https://pay.example.com/i/${id}` });
	// Each row has its own phone number, so that the fake gateway can tell who got a message.
	const ROWS: Array<{ row: Record<string, unknown>; rejectedBy?: string; field?: string }> = [
		{ row: good('CH-G1', '+55 11 98765-1001') },
		{ row: good('CH-B1', '+55 11 98765-1002'), rejectedBy: 'Segment Debtor', field: 'currency' },
		{ row: good('CH-G2', '+55 11 98765-1003') },
		{ row: good('CH-B2', '+55 11 98765-1004'), rejectedBy: 'Segment Debtor', field: 'currency' },
		{ row: good('CH-B3', '+55 11 98765-1005'), rejectedBy: 'Segment Debtor', field: 'whatsappOptIn' },
		{ row: good('CH-G3', '+55 11 98765-1006') },
		{ row: good('CH-B4', '+55 11 98765-1007'), rejectedBy: 'Segment Debtor', field: 'customerSince' },
		{ row: good('CH-B5', '+55 11 98765-1008'), rejectedBy: 'Segment Debtor', field: 'lateCount12m' },
		{ row: good('CH-B6', '+55 11 98765-1009'), rejectedBy: 'Dunning Stage', field: 'dueDate' },
		{ row: good('CH-B7', '+55 11 98765-1010'), rejectedBy: 'Segment Debtor', field: 'amount' },
		{ row: good('CH-B8', '+55 11 98765-1011'), rejectedBy: 'Segment Debtor', field: 'amount' },
		{ row: good('CH-G4', '+55 11 98765-1012') },
		{ row: good('CH-B9', '+55 11 98765-1013'), rejectedBy: 'Render Collection Message', field: 'locale' },
	];
	Object.assign(ROWS[1].row, { currency: 'XXX', amount: '210,40' });
	Object.assign(ROWS[3].row, { currency: '' });
	Object.assign(ROWS[4].row, { whatsappOptIn: 'talvez' });
	Object.assign(ROWS[6].row, { customerSince: 'ontem' });
	Object.assign(ROWS[7].row, { lateCount12m: 'três' });
	Object.assign(ROWS[8].row, { dueDate: '31/02/2026' });
	Object.assign(ROWS[9].row, { amount: 1e308 });
	Object.assign(ROWS[10].row, { amount: 104.333 });
	Object.assign(ROWS[12].row, { locale: '!!!' });
	const CHAIN = ['Dunning Stage', 'Segment Debtor', 'Render Collection Message', 'Send via SMS/WhatsApp Gateway'];

	function chain(id: string, onError: 'continueRegularOutput' | 'continueErrorOutput'): object {
		const reference = { referenceDate: '2026-11-23' };
		const wf = chainWorkflow(id, [], [
			{ name: CHAIN[0], type: nodeType('dunningStage'), typeVersion: 1, parameters: { options: reference }, onError },
			{ name: CHAIN[1], type: nodeType('segmentDebtor'), typeVersion: 1, parameters: { options: reference }, onError },
			{
				name: CHAIN[2],
				type: nodeType('renderCollectionMessage'),
				typeVersion: 1,
				parameters: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', options: { shortName: 'Provedor Net', ...reference } },
				onError,
			},
			{ name: CHAIN[3], type: nodeType('sendViaGateway'), typeVersion: 1, parameters: PARAMETERS.sendViaGateway, credentials: credentialRef('twilio'), onError },
		]) as { nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
		(wf.nodes.find((n) => n.name === 'Rows') as { parameters: Record<string, unknown> }).parameters.jsCode =
			`return [${ROWS.map((r) => `{ json: ${toJsSource(r.row)} }`).join(',\n')}];`;
		return wf;
	}

	const digits = (phone: unknown) => String(phone).replace(/\D/g, '');

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)('On Error: %s: no rejected row reaches the provider, every row comes out once', async (onError) => {
		gateway.reset();
		const id = onError === 'continueRegularOutput' ? 'e2eBadChainRegular' : 'e2eBadChainErrorOut';
		home.importWorkflows([chain(id, onError)]);
		const run = await home.execute(id);
		expect(run.error).toBeUndefined();
		// Where each invoice came out: the Send node's three outputs, and (error output mode) each node's error output.
		const seen = new Map<string, string[]>();
		const note = (invoiceId: unknown, where: string) => seen.set(String(invoiceId), [...(seen.get(String(invoiceId)) ?? []), where]);
		const [sent, failed, skipped] = run.nodes[CHAIN[3]].outputs;
		for (const item of sent ?? []) note(item.json.invoiceId, 'sent');
		for (const item of failed ?? []) note(item.json.invoiceId, 'failed');
		for (const item of skipped ?? []) note(item.json.invoiceId, `skipped:${(item.json.delivery as Record<string, unknown>).reason}`);
		if (onError === 'continueErrorOutput') {
			for (const name of CHAIN.slice(0, 3)) {
				const outputs = run.nodes[name]?.outputs ?? [];
				for (const item of outputs[outputs.length - 1] ?? []) note(item.json.invoiceId, `error:${name}`);
			}
		}
		for (const { row, rejectedBy } of ROWS) {
			const label = String(row.invoiceId);
			const expected = !rejectedBy ? ['sent'] : onError === 'continueRegularOutput' ? ['skipped:upstream_error'] : [`error:${rejectedBy}`];
			expect([label, seen.get(label)]).toEqual([label, expected]);
			// At the provider: a good row's number got one message, a rejected row's none at all.
			expect([label, gateway.countFor(digits(row.phone)).requests]).toEqual([label, rejectedBy ? 0 : 1]);
		}
		expect(gateway.statsReport().messagesAccepted).toBe(ROWS.filter((r) => !r.rejectedBy).length);
		if (onError === 'continueRegularOutput') {
			for (const item of skipped) {
				const expected = ROWS.find((r) => r.row.invoiceId === item.json.invoiceId) as (typeof ROWS)[number];
				const message = String((item.json.delivery as Record<string, unknown>).message);
				expect(message).toContain(`"${expected.rejectedBy}" rejected it (field '${expected.field}')`);
				// The rejected row keeps its own columns and the error, to be written back and fixed.
				expect(item.json.error).toEqual(expect.stringContaining(`'${expected.field}'`));
				expect(item.json.message).toBeUndefined();
			}
		}
	});
});
