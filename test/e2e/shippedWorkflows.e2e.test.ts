/**
 * Every shipped workflow (workflows/*.json) inside a real n8n 2.41.1, against the fake gateway on
 * loopback: each one imports cleanly and uses only node types, versions and parameters that n8n
 * knows; each one with a Manual Trigger runs on the sample CSV, and the test asserts what reached
 * the gateway (which invoices, which channel, which number format) and what was written back to
 * the file; a second run sends nothing again; the webhook workflows answer events posted to a
 * running `n8n start`. The Google Sheets variant cannot run without a Google account: it must
 * import cleanly and differ from the CSV pipeline only in its source and write-back nodes.
 *
 * Contact hours: the shipped Send nodes use "By Debtor Country". The copies imported here set
 * Contact Hours to Off (`withContactHours`), as the reference date is fixed (`withReferenceDate`),
 * so that the hour and the day the suite runs at cannot change what is sent. Contact hours have
 * their own tests (sendPolicy.e2e.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

import { parsePixCode } from '../../nodes/core/payments/pix';
import { type FakeGateway, type RecordedRequest, start } from '../fake-gateway';
import { type N8nHome, type RunResult, PACKAGE_NAME } from './harness';
import { openSharedHome } from './shared-home';
import {
	type N8nServer,
	type NodeTypeDescription,
	SAMPLE_REFERENCE_DATE,
	WORKFLOWS_DIR,
	exportNodeTypes,
	loadWorkflow,
	parseCsv,
	sampleRows,
	shippedCredentials,
	shippedWorkflowFiles,
	startServer,
	withContactHours,
	withId,
	withReferenceDate,
} from './workflows';

jest.setTimeout(300_000);

let home: N8nHome;
let gateway: FakeGateway;

beforeAll(async () => {
	gateway = await start();
	home = await openSharedHome();
	home.importCredentials(shippedCredentials(gateway.url));
});

afterAll(async () => {
	await gateway.close();
});

beforeEach(() => gateway.reset());

// ---------------------------------------------------------------------------------------------
// Helpers

interface WorkflowFile {
	id: string;
	name: string;
	nodes: Array<{
		id: string;
		name: string;
		type: string;
		typeVersion: number;
		position: [number, number];
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		onError?: string;
		webhookId?: string;
	}>;
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings?: Record<string, unknown>;
}

const readWorkflow = (file: string) => loadWorkflow(file) as unknown as WorkflowFile;

/** A shipped workflow as a test imports it: contact hours off, the sample's reference date. */
function testCopy(file: string, options: { id?: string; referenceDate?: boolean } = {}) {
	let workflow = withContactHours(loadWorkflow(file));
	if (options.referenceDate !== false) workflow = withReferenceDate(workflow);
	if (options.id) workflow = withId(workflow, options.id);
	return workflow;
}

async function run(id: string): Promise<RunResult> {
	const result = await home.execute(id);
	expect(result.error).toBeUndefined();
	expect(result.exitCode).toBe(0);
	return result;
}

type Item = Record<string, unknown> & { invoiceId: string; delivery: Record<string, unknown> & { fallback?: { reason: string } } };

const items = (result: RunResult, node: string, output = 0) => (result.nodes[node]?.outputs[output] ?? []).map((i) => i.json as Item);
const ids = (result: RunResult, node: string, output = 0) => items(result, node, output).map((i) => i.invoiceId);

interface GatewaySend {
	invoiceId: string;
	channel: 'whatsapp' | 'sms';
	to: string;
	key: string;
	template?: string;
	language?: string;
	placeholders?: string[];
	text?: string;
}

interface InfobipMessage {
	to?: string;
	messageId?: string;
	destinations?: Array<{ to: string; messageId: string }>;
	content: { text?: string; templateName?: string; language?: string; templateData?: { body: { placeholders: string[] } } };
}

/** What reached the fake Infobip, one entry per message, read from the raw requests. */
function gatewaySends(requests: RecordedRequest[] = gateway.requests({ provider: 'infobip' })): GatewaySend[] {
	return requests
		.sort((a, b) => a.seq - b.seq)
		.map((request): GatewaySend => {
			const [message] = (JSON.parse(request.body) as { messages: InfobipMessage[] }).messages;
			if (request.path === '/whatsapp/1/message/template') {
				const key = String(message.messageId);
				return {
					invoiceId: key.split(':')[0],
					channel: 'whatsapp',
					to: String(message.to),
					key,
					template: message.content.templateName,
					language: message.content.language,
					placeholders: message.content.templateData?.body.placeholders,
				};
			}
			expect(request.path).toBe('/sms/3/messages');
			const [destination] = message.destinations ?? [];
			return { invoiceId: destination.messageId.split(':')[0], channel: 'sms', to: destination.to, key: destination.messageId, text: message.content.text };
		});
}

const WHATSAPP_LANGUAGE: Record<string, string> = { 'pt-BR': 'pt_BR', 'es-MX': 'es_MX', 'en-US': 'en_US' };

/** The CSV the workflow wrote back (n8n writes a UTF-8 byte-order mark first, for Excel). */
function writtenRows(): { text: string; header: string[]; rows: Array<Record<string, string>> } {
	const text = fs.readFileSync(path.join(home.dataDir, 'invoices.csv'), 'utf8');
	const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => r.length > 1 || r[0] !== '');
	return { text, header, rows: lines.map((cells) => Object.fromEntries(header.map((c, i) => [c, cells[i] ?? '']))) };
}

function csvText(rows: Array<Record<string, string>>): string {
	const columns = Object.keys(rows[0]);
	const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\n')}\n`;
}

/** Puts the sample CSV where the shipped workflows read it, with some cells changed. */
function useSampleCsv(changes: Record<string, Record<string, string>> = {}): Array<Record<string, string>> {
	const rows = sampleRows().map((r) => ({ ...r, ...(changes[r.invoiceId] ?? {}) }));
	const file = path.join(home.dir, 'invoices-test.csv');
	fs.writeFileSync(file, csvText(rows));
	home.addDataFile(file, 'invoices.csv');
	return rows;
}

type Expected = [invoiceId: string, stage: string, channel: 'whatsapp' | 'sms', digits: string];

/**
 * Asserts that exactly these messages reached the gateway, each once, in the right format.
 * `languages`: the WhatsApp language per locale (built-in templates follow the debtor's locale).
 */
function expectSends(expected: Expected[], rows = sampleRows(), languages = WHATSAPP_LANGUAGE) {
	const sends = gatewaySends();
	expect(sends.map((s) => s.invoiceId).sort()).toEqual(expected.map(([id]) => id).sort());
	const byInvoice = new Map(rows.map((r) => [r.invoiceId, r]));
	for (const [invoiceId, stage, channel, digits] of expected) {
		const send = sends.find((s) => s.invoiceId === invoiceId) as GatewaySend;
		expect({ invoiceId, channel: send.channel, to: send.to, key: send.key }).toEqual({
			invoiceId,
			channel,
			to: digits,
			key: `${invoiceId}:${stage}:${channel}`,
		});
		if (channel === 'whatsapp') {
			expect(send.language).toBe(languages[byInvoice.get(invoiceId)?.locale ?? '']);
			expect(send.placeholders?.every((p) => p.trim() !== '' && !p.includes('\n'))).toBe(true);
		} else {
			// The SMS version: the sender name first, accents replaced so that it stays in GSM-7.
			expect(send.text).toMatch(/^Provedor Net: /);
			expect(send.text).not.toMatch(/[ãõçâêôíóú…]/);
		}
	}
	return sends;
}

// The sample (workflows/data/invoices.csv) on 2026-11-23: which invoices get which message.

/** Overdue invoices whose stage was not sent yet. */
const LADDER: Expected[] = [
	['INV-1009', 'overdue_3d', 'whatsapp', '5571983456789'],
	['INV-1011', 'overdue_6d', 'whatsapp', '5585985678901'],
	['INV-1013', 'overdue_9d', 'whatsapp', '5511967890123'], // overdue_6d was never sent: only the current stage goes
	['INV-1015', 'overdue_15d', 'whatsapp', '5527999012345'],
	['INV-1029', 'overdue_3d', 'sms', '551134567890'], // a landline without WhatsApp opt-in
	['INV-1034', 'overdue_3d', 'whatsapp', '528145678901'],
	['INV-1035', 'overdue_9d', 'whatsapp', '525556789012'],
	['INV-1036', 'overdue_15d', 'whatsapp', '525567890123'],
	['INV-1040', 'overdue_6d', 'sms', '525501234567'], // no WhatsApp opt-in
	['INV-1044', 'overdue_3d', 'whatsapp', '13125550176'],
	['INV-1045', 'overdue_6d', 'sms', '16175550134'], // no WhatsApp opt-in
	['INV-1046', 'overdue_9d', 'whatsapp', '13055550165'],
	['INV-1047', 'overdue_15d', 'whatsapp', '12135550182'],
];

/** Invoices due in the next 7 days whose reminder was not sent yet. */
const REMINDERS: Expected[] = [
	['INV-1002', 'reminder_7d', 'whatsapp', '5511976543210'],
	['INV-1003', 'reminder_7d', 'whatsapp', '5511965432109'],
	['INV-1005', 'reminder_1d', 'whatsapp', '5531988887777'],
	['INV-1006', 'due_today', 'whatsapp', '5541999991234'],
	['INV-1031', 'reminder_7d', 'whatsapp', '525512345678'], // "+52 1 55 1234 5678": the old mobile "1" is dropped
	['INV-1032', 'reminder_1d', 'whatsapp', '525523456789'],
	['INV-1033', 'due_today', 'whatsapp', '523334567890'],
	['INV-1041', 'reminder_7d', 'whatsapp', '12125550147'],
	['INV-1042', 'reminder_1d', 'whatsapp', '14155550198'],
	['INV-1043', 'due_today', 'whatsapp', '16465550123'],
];

/** Invoices that entered the negotiation phase since the last message. */
const OFFERS: Expected[] = [
	['INV-1017', 'negotiation_30d', 'whatsapp', '5548991234567'],
	['INV-1030', 'negotiation_30d', 'whatsapp', '5511965432109'],
	['INV-1037', 'negotiation_30d', 'whatsapp', '525578901234'],
	['INV-1048', 'negotiation_30d', 'whatsapp', '17025550111'],
];

const WRITTEN_COLUMNS = ['lastSentAt', 'deliveryStatus', 'deliveryChannel', 'deliveryNote'];

/**
 * The file was written back whole: every row, in its order, every original cell unchanged except
 * `lastStageSent` (and `offerJson`) of the rows sent; the sent rows have their stage, time and channel.
 */
function expectWrittenBack(sent: Expected[], startedAt: number, original = sampleRows()) {
	const { header, rows } = writtenRows();
	expect(header).toEqual([...Object.keys(original[0]), ...WRITTEN_COLUMNS]);
	expect(rows.map((r) => r.invoiceId)).toEqual(original.map((r) => r.invoiceId));
	const sentById = new Map(sent.map((e) => [e[0], e]));
	rows.forEach((row, i) => {
		const expected = sentById.get(row.invoiceId);
		for (const column of Object.keys(original[i])) {
			// The sent rows get their stage, and (negotiation) the offer that was sent.
			if ((column === 'lastStageSent' || column === 'offerJson') && expected) continue;
			expect({ invoiceId: row.invoiceId, column, value: row[column] }).toEqual({ invoiceId: row.invoiceId, column, value: original[i][column] });
		}
		if (expected) {
			expect({ id: row.invoiceId, lastStageSent: row.lastStageSent, deliveryStatus: row.deliveryStatus, deliveryChannel: row.deliveryChannel }).toEqual({
				id: row.invoiceId,
				lastStageSent: expected[1],
				deliveryStatus: 'sent',
				deliveryChannel: expected[2],
			});
			const at = Date.parse(row.lastSentAt);
			expect(at).toBeGreaterThanOrEqual(startedAt - 1000);
			expect(at).toBeLessThanOrEqual(Date.now());
		}
	});
	return new Map(rows.map((r) => [r.invoiceId, r]));
}

// ---------------------------------------------------------------------------------------------

/**
 * The webhook paths of other shipped workflows, made of the package's nodes, that this workflow
 * calls (a URL ending in `/webhook/<path>` anywhere in its parameters).
 */
function webhookPathsCalled(wf: WorkflowFile): string[] {
	const text = JSON.stringify(wf.nodes.map((n) => n.parameters));
	const called: string[] = [];
	for (const file of shippedWorkflowFiles()) {
		const other = readWorkflow(file);
		if (other.id === wf.id || !other.nodes.some((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) continue;
		for (const hook of other.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook')) {
			if (text.includes(`/webhook/${String(hook.parameters.path)}"`)) called.push(`${file}: ${String(hook.parameters.path)}`);
		}
	}
	return called;
}

describe('every shipped workflow', () => {
	const files = shippedWorkflowFiles();
	let nodeTypes: NodeTypeDescription[];

	beforeAll(async () => {
		nodeTypes = await exportNodeTypes(home);
	});

	it('is one of the workflows the package promises', () => {
		expect(files).toEqual(
			expect.arrayContaining([
				'classify-invoices.json',
				'crm-invoice-webhook.json',
				'delivery-status.json',
				'dunning-ladder.json',
				'full-pipeline-google-sheets.json',
				'full-pipeline.json',
				'negotiation.json',
				'payment-confirmation.json',
				'pre-collection-reminders.json',
			]),
		);
	});

	it.each(files)('%s imports cleanly into n8n', (file) => {
		// `n8n import:workflow` exits non-zero (and the harness throws) on a file n8n cannot take.
		expect(() => home.importWorkflowFiles([path.join(WORKFLOWS_DIR, file)])).not.toThrow();
	});

	it.each(files)('%s has a stable id, both triggers, set-up notes, and credentials by name only', (file) => {
		const text = fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8');
		const wf = readWorkflow(file);
		expect(wf.id).toMatch(/^[A-Za-z0-9]{1,21}$/);
		expect(wf.name).toMatch(/^Dunning: /);
		expect(wf.settings?.executionOrder).toBe('v1');
		const types = wf.nodes.map((n) => n.type);
		// The package's nodes as n8n registers a community package's: `n8n-nodes-dunning.<name>`.
		expect(types.filter((t) => /dunning/i.test(t)).every((t) => t.startsWith(`${PACKAGE_NAME}.`))).toBe(true);
		// A workflow of the package's nodes, or one that hands its work to such a shipped workflow's
		// webhook (large-portfolio.json posts each page to large-portfolio-page.json).
		if (!types.some((t) => t.startsWith(`${PACKAGE_NAME}.`))) expect(webhookPathsCalled(wf)).toEqual([expect.any(String)]);
		expect(types).toContain('n8n-nodes-base.manualTrigger');
		expect(types.some((t) => t === 'n8n-nodes-base.scheduleTrigger' || t === 'n8n-nodes-base.webhook' || t === `${PACKAGE_NAME}.dunningEvents`)).toBe(true);
		const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes.some((c) => /\n1\. /.test(c) && /\n2\. /.test(c))).toBe(true);
		for (const node of wf.nodes) {
			for (const ref of Object.values(node.credentials ?? {})) {
				expect(Object.keys(ref).sort()).toEqual(['id', 'name']);
				expect(ref.id).toMatch(/^[A-Za-z0-9]{8,}$/);
			}
		}
		// No secrets, and the sample's reference date nowhere: the harness sets it.
		for (const secret of ['fake-infobip-api-key', 'fake-twilio-auth-token', 'fake-meta-access-token', 'fake-zenvia-api-token', 'apiKey', 'accessToken']) {
			expect(text).not.toContain(secret);
		}
		expect(text).not.toContain(SAMPLE_REFERENCE_DATE);
		// Stable ids for the webhook paths n8n registers.
		for (const node of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook' || n.type === `${PACKAGE_NAME}.dunningEvents`)) {
			expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		}
		// Every connection names a node of the workflow.
		const names = new Set(wf.nodes.map((n) => n.name));
		for (const [from, { main }] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of main.flat()) expect(names.has(target.node)).toBe(true);
		}
	});

	it.each(files)('%s uses node types, versions, parameters and credential types the real n8n has', (file) => {
		const wf = readWorkflow(file);
		for (const node of wf.nodes) {
			const description = nodeTypes.find(
				(t) => t.name === node.type && (Array.isArray(t.version) ? t.version.includes(node.typeVersion) : t.version === node.typeVersion),
			);
			expect({ node: node.name, type: node.type, version: node.typeVersion, known: description !== undefined }).toMatchObject({ known: true });
			const properties = new Set((description as NodeTypeDescription).properties.map((p) => p.name));
			for (const parameter of Object.keys(node.parameters)) {
				expect({ node: node.name, parameter, known: properties.has(parameter) }).toMatchObject({ known: true });
			}
			for (const credentialType of Object.keys(node.credentials ?? {})) {
				// An HTTP Request node takes any credential type as its Generic Credential Type: one that
				// some node of n8n declares (Header Auth: the Webhook node's).
				const generic = node.type === 'n8n-nodes-base.httpRequest' && node.parameters.authentication === 'genericCredentialType' && node.parameters.genericAuthType === credentialType;
				const known = generic
					? nodeTypes.some((t) => t.credentials?.some((c) => c.name === credentialType))
					: description?.credentials?.some((c) => c.name === credentialType);
				expect({ node: node.name, credentialType, known }).toMatchObject({ known: true });
			}
		}
	});

	it('credentials file: the five gateways, n8n import format, the demo gateway URL, no id clash', () => {
		const credentials = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, 'data', 'fake-gateway-credentials.json'), 'utf8')) as Array<{
			id: string;
			name: string;
			type: string;
			data: Record<string, string>;
		}>;
		expect(credentials.map((c) => c.type).sort()).toEqual([
			'dunningHttpGatewayApi',
			'dunningInfobipApi',
			'dunningTwilioApi',
			'dunningWhatsAppCloudApi',
			'dunningZenviaApi',
		]);
		for (const c of credentials) expect(c.data.baseUrl.startsWith('http://127.0.0.1:43210')).toBe(true);
		expect(new Set(credentials.map((c) => c.id)).size).toBe(credentials.length);
		// Every credential a shipped workflow references with a package credential type is in the file.
		const packageCredentialTypes = new Set(credentials.map((c) => c.type));
		for (const file of files) {
			for (const node of readWorkflow(file).nodes) {
				for (const [type, ref] of Object.entries(node.credentials ?? {})) {
					if (packageCredentialTypes.has(type)) expect(credentials).toContainEqual(expect.objectContaining({ id: ref.id, name: ref.name, type }));
				}
			}
		}
	});
});

/**
 * What the tests below import, each in its own test: imported here in one n8n start-up (after the
 * tests above imported every shipped file as it is, under the same ids), so that each test's own
 * import is already done (harness `importAhead`).
 */
const TEST_COPIES = () => [
	testCopy('classify-invoices.json'),
	testCopy('dunning-ladder.json'),
	testCopy('dunning-ladder.json', { id: 'dunDunningLadderGw' }),
	testCopy('dunning-ladder.json', { id: 'dunDunningLadderFb' }),
	testCopy('pre-collection-reminders.json'),
	testCopy('negotiation.json'),
	testCopy('full-pipeline.json'),
	testCopy('full-pipeline.json', { id: 'dunFullPipelineGw' }),
	testCopy('payment-confirmation.json', { referenceDate: false }),
	testCopy('crm-invoice-webhook.json', { referenceDate: false }),
	testCopy('delivery-status.json'),
	withId(testCopy('payment-confirmation.json'), 'dunPaymentConfirmSrv'),
	withId(testCopy('crm-invoice-webhook.json'), 'dunCrmInvoiceHookSrv'),
	withId(testCopy('delivery-status.json'), 'dunDeliveryStatusSrv'),
];

describe('classify invoices (CSV): the first workflow, which sends nothing', () => {
	beforeAll(() => home.importAhead(TEST_COPIES()));

	it('runs from its Manual Trigger on the sample, classifies every row, and contacts no one', async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('classify-invoices.json')]);
		const result = await run('dunClassifyCsv01');
		expect(result.nodes['Classified Invoices'].outputs[0]).toHaveLength(sampleRows().length - 1);
		expect(ids(result, 'Rows to Fix')).toEqual(['INV-1028']);
		expect(gateway.requests()).toHaveLength(0);
	});
});

describe('dunning ladder (CSV): overdue notices by WhatsApp, SMS fallback, file written back', () => {
	let first: RunResult;
	let startedAt: number;
	let firstFile: string;

	beforeAll(async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('dunning-ladder.json')]);
		gateway.reset();
		startedAt = Date.now();
		first = await run('dunLadder01');
	});

	it('sends each overdue invoice the notice of its new stage, and nothing else', () => {
		// What reached the gateway is asserted below with a copy of its own (beforeEach resets the gateway).
		expect(ids(first, 'Send WhatsApp or SMS', 0).sort()).toEqual(LADDER.map(([id]) => id).sort());
	});

	it('reports rows it cannot send instead of dropping them', () => {
		const skipped = items(first, 'Send WhatsApp or SMS', 2);
		expect(skipped.map((i) => [i.invoiceId, i.delivery.reason])).toEqual([
			['INV-1026', 'unsupported_channel'], // "(11) 1234" is no phone number: only e-mail is left
			['INV-1027', 'no_message'], // opted out of every channel
		]);
		expect(items(first, 'Send WhatsApp or SMS', 1)).toEqual([]);
		// Not overdue, already sent, paid, cancelled, disputed, paused: not past the gate.
		const passed = new Set(ids(first, 'New Notices Only'));
		for (const id of ['INV-1010', 'INV-1012', 'INV-1014', 'INV-1016', 'INV-1022', 'INV-1023', 'INV-1024', 'INV-1025', 'INV-1002', 'INV-1017']) {
			expect({ id, passed: passed.has(id) }).toEqual({ id, passed: false });
		}
	});

	it('writes every row back in its order, with lastStageSent, lastSentAt and the delivery status', () => {
		const rows = expectWrittenBack(LADDER, startedAt);
		expect(rows.get('INV-1026')).toMatchObject({ deliveryStatus: 'skipped', deliveryNote: expect.stringContaining('unsupported_channel') });
		expect(rows.get('INV-1027')).toMatchObject({ deliveryStatus: 'skipped', deliveryNote: expect.stringContaining('no_message') });
		expect(rows.get('INV-1028')).toMatchObject({ deliveryStatus: 'error', deliveryNote: expect.stringContaining("Field 'dueDate'") });
		for (const id of ['INV-1001', 'INV-1010', 'INV-1022', 'INV-1049']) {
			expect(rows.get(id)).toMatchObject({ lastSentAt: '', deliveryStatus: '', deliveryChannel: '', deliveryNote: '' });
		}
		firstFile = fs.readFileSync(path.join(home.dataDir, 'invoices.csv'), 'utf8');
	});

	it('a second run on the written file sends nothing again and leaves the file as it was', async () => {
		const second = await run('dunLadder01');
		expect(gateway.requests()).toHaveLength(0);
		expect(ids(second, 'Send WhatsApp or SMS', 0)).toEqual([]);
		// Only the rows that were never sent come back to the gate (and are skipped again).
		expect(ids(second, 'New Notices Only').sort()).toEqual(['INV-1026', 'INV-1027']);
		expect(fs.readFileSync(path.join(home.dataDir, 'invoices.csv'), 'utf8')).toBe(firstFile);
	});

	it('even with the file lost (the original put back), the Send node remembers what it sent', async () => {
		useSampleCsv();
		const third = await run('dunLadder01');
		expect(gateway.requests()).toHaveLength(0);
		const duplicates = items(third, 'Send WhatsApp or SMS', 2).filter((i) => i.delivery.reason === 'duplicate');
		expect(duplicates.map((i) => i.invoiceId).sort()).toEqual(LADDER.map(([id]) => id).sort());
		// The file learns the stages again, so that the next run does not even try.
		const rows = new Map(writtenRows().rows.map((r) => [r.invoiceId, r]));
		for (const [id, stage] of LADDER) {
			expect(rows.get(id)).toMatchObject({ lastStageSent: stage, deliveryStatus: 'skipped', deliveryNote: expect.stringContaining('duplicate') });
		}
	});
});

describe('dunning ladder: the gateway sees each message in the provider format', () => {
	it('WhatsApp templates by name and language for opted-in debtors, SMS for the others', async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('dunning-ladder.json', { id: 'dunDunningLadderGw' })]);
		const result = await run('dunDunningLadderGw');
		const sends = expectSends(LADDER);
		for (const send of sends.filter((s) => s.channel === 'whatsapp')) {
			const stage = (LADDER.find(([id]) => id === send.invoiceId) as Expected)[1];
			expect(send.template).toMatch(new RegExp(`^dunning_${stage}_(friendly|firm|formal)$`));
		}
		const maria = sends.find((s) => s.invoiceId === 'INV-1029') as GatewaySend;
		expect(maria.text).toContain('R$ 59,90');
		// The message each debtor got is the one Render Collection Message wrote for them.
		const rendered = items(result, 'Render Collection Message').find((i) => i.invoiceId === 'INV-1009') as Item;
		const message = rendered.message as { template: { name: string; parameters: string[] } };
		expect(sends.find((s) => s.invoiceId === 'INV-1009')).toMatchObject({ template: message.template.name, placeholders: message.template.parameters });
		expect(gateway.statsReport().duplicateKeys).toEqual([]);
	});

	it('falls back to SMS when WhatsApp cannot take the message (a landline), and says so in the file', async () => {
		// Letícia (INV-1029) has a landline; here she opted in to WhatsApp.
		useSampleCsv({ 'INV-1029': { whatsappOptIn: 'true' } });
		home.importWorkflows([testCopy('dunning-ladder.json', { id: 'dunDunningLadderFb' })]);
		const result = await run('dunDunningLadderFb');
		const leticia = items(result, 'Send WhatsApp or SMS', 0).find((i) => i.invoiceId === 'INV-1029') as Item;
		expect(leticia.delivery).toMatchObject({ status: 'sent', channel: 'sms', to: '+551134567890', idempotencyKey: 'INV-1029:overdue_3d:sms' });
		expect(leticia.delivery.fallback).toMatchObject({ reason: 'invalid_number' });
		expect((leticia.message as { channel: string }).channel).toBe('whatsapp');
		// No WhatsApp request for a landline; the SMS is the SMS version, not the WhatsApp text.
		const toLeticia = gatewaySends().filter((s) => s.to === '551134567890');
		expect(toLeticia.map((s) => s.channel)).toEqual(['sms']);
		expect(toLeticia[0].text).toBe((leticia.smsMessage as { text: string }).text);
		const row = writtenRows().rows.find((r) => r.invoiceId === 'INV-1029');
		expect(row).toMatchObject({
			lastStageSent: 'overdue_3d',
			deliveryStatus: 'sent',
			deliveryChannel: 'sms',
			deliveryNote: 'WhatsApp failed (invalid_number), sent by SMS instead',
		});
	});
});

describe('pre-collection reminders (CSV)', () => {
	it('reminds each invoice due in the next 7 days once, writes it down, and a second run sends nothing', async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('pre-collection-reminders.json')]);
		const startedAt = Date.now();
		const first = await run('dunPreCollect01');
		const sends = expectSends(REMINDERS);
		for (const send of sends) {
			const stage = (REMINDERS.find(([id]) => id === send.invoiceId) as Expected)[1];
			expect(send.template).toMatch(new RegExp(`^dunning_${stage}_friendly$`));
		}
		// Nothing overdue, nothing not due yet (INV-1001 is due in 8 days), nothing already sent (INV-1004).
		expect(ids(first, 'New Reminders Only').sort()).toEqual(REMINDERS.map(([id]) => id).sort());
		expectWrittenBack(REMINDERS, startedAt);

		gateway.reset();
		const second = await run('dunPreCollect01');
		expect(gateway.requests()).toHaveLength(0);
		expect(ids(second, 'New Reminders Only')).toEqual([]);
	});
});

describe('negotiation offers (CSV)', () => {
	it('offers the itemised debt, instalments and a settlement with the numbers, a Pix code and the link, once', async () => {
		// INV-1037 owes MXN 850 here: under MXN 1,000, a settlement rather than instalments.
		const rows = useSampleCsv({ 'INV-1037': { amount: '850.00' } });
		home.importWorkflows([testCopy('negotiation.json')]);
		const startedAt = Date.now();
		const first = await run('dunNegotiation01');
		// The built-in templates follow the debtor's locale: pt_BR, es_MX, en_US.
		const sends = expectSends(OFFERS, rows);
		const segments = Object.fromEntries(items(first, 'Segment Debtor').map((i) => [i.invoiceId, i.segment as { offer: string; tone: string }]));
		expect(Object.fromEntries(Object.entries(segments).map(([id, s]) => [id, s.offer]))).toEqual({
			'INV-1017': 'instalments',
			'INV-1030': 'instalments',
			'INV-1037': 'settlement',
			'INV-1048': 'instalments',
		});
		for (const send of sends) {
			expect(send.template).toBe(`dunning_negotiation_offer_${segments[send.invoiceId].tone}`);
			expect(send.placeholders?.join(' ')).toContain(`https://pay.example.com/i/${send.invoiceId.toLowerCase()}?ref=${send.invoiceId}`);
		}
		const text = (id: string) => (sends.find((s) => s.invoiceId === id)?.placeholders ?? []).join(' | ');
		// INV-1017, hand-worked: R$ 2.499,90 due 24/10, 30 days on 23/11; late fee 2% = 50,00; interest 1% × 30/30 = 25,00 (24,999 rounded);
		// 3 × 858,30 from 30/11 (a Monday, +7 days); 10% off 2.574,90 is 257,49 → 2.317,41 until 03/12 (+10 days).
		expect(text('INV-1017')).toContain('valor original R$ 2.499,90 + multa R$ 50,00 + juros R$ 25,00 = R$ 2.574,90 em 23/11/2026');
		expect(text('INV-1017')).toContain('3× de R$ 858,30 (total R$ 2.574,90), 1ª em 30/11, ou R$ 2.317,41 à vista até 03/12');
		// The code has spaces (the receiver's name and city): it ends with 6304 and its CRC.
		const pix = /Pix copia e cola \(R\$ 2\.317,41\): (000201.*?6304[0-9A-F]{4})/.exec(text('INV-1017'))?.[1] as string;
		expect(parsePixCode(pix)).toMatchObject({ amount: 2317.41, txid: 'INV1017S', keyType: 'evp', merchantName: 'Provedor Net Ltda' });
		// R$ 980,00 at 35 days: 19,60 + 11,43 (11,433…) = 1.011,03; 3 × 337,01; 10% off → 909,93.
		expect(text('INV-1030')).toContain('3× de R$ 337,01 (total R$ 1.011,03), 1ª em 30/11, ou R$ 909,93 à vista até 03/12');
		// MXN 850 at 45 days, settlement only: 17.00 + 12.75 = 879.75; 10% off (87.975 → 87.97) → 791.78. No Pix in Mexico.
		expect(text('INV-1037')).toContain('monto original $850.00 + recargo por atraso $17.00 + intereses $12.75 = $879.75 al 23/11/2026');
		expect(text('INV-1037')).toContain('$791.78 en un solo pago hasta el 03/12');
		expect(text('INV-1037')).not.toContain('pagos de');
		expect(text('INV-1037')).not.toContain('Pix');
		// USD 799 at 40 days: 15.98 + 10.65 = 825.63; 3 × 275.21; 10% off → 743.07.
		expect(text('INV-1048')).toContain('3 payments of $275.21 (total $825.63), the first on 11/30, or $743.07 in one payment by 12/03');
		// Each WhatsApp message has the three quick replies, each payload naming its intent and the message key.
		for (const request of gateway.requests({ provider: 'infobip' })) {
			const [message] = JSON.parse(request.body).messages as Array<{ messageId: string; content: { templateData: { buttons: Array<{ type: string; parameter: string }> } } }>;
			expect(message.content.templateData.buttons).toEqual(
				['already_paid', 'negotiate', 'opt_out'].map((intent) => ({ type: 'QUICK_REPLY', parameter: `DUN1|${intent}|${message.messageId}` })),
			);
		}
		// The SMS version (written into smsMessage for the fallback) makes the same offer with the numbers, within two segments.
		const sms = Object.fromEntries(items(first, 'Render SMS Version').map((i) => [i.invoiceId, i.smsMessage as { text: string; segments: number }]));
		expect(sms['INV-1017'].text).toContain('R$ 2.499,90 + multa R$ 50,00 + juros R$ 25,00 = R$ 2.574,90 em 23/11');
		expect(sms['INV-1017'].text).toContain('3x de R$ 858,30, 1a em 30/11, ou R$ 2.317,41 à vista até 03/12. Pagamento: https://pay.example.com/i/inv-1017?ref=INV-1017');
		for (const message of Object.values(sms)) expect(message.segments).toBeLessThanOrEqual(2);
		const written = expectWrittenBack(OFFERS, startedAt, rows);
		// The offer sent is kept in the row, for the reply that accepts one of its options (inbound-replies).
		const kept = JSON.parse(String(written.get('INV-1017')?.offerJson)) as { id: string; options: Array<{ type: string }> };
		expect(kept.options.map((o) => o.type)).toEqual(expect.arrayContaining(['instalments', 'settlement']));

		gateway.reset();
		await run('dunNegotiation01');
		expect(gateway.requests()).toHaveLength(0);
	});
});

describe('full pipeline (CSV): pre-collection, dunning and negotiation routed by phase', () => {
	const ALL = [...REMINDERS, ...LADDER, ...OFFERS];
	let first: RunResult;
	let startedAt: number;

	beforeAll(async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('full-pipeline.json')]);
		gateway.reset();
		startedAt = Date.now();
		first = await run('dunFullPipe01');
	});

	it('routes each invoice to the output of its phase; only new stages of the first three phases are sent', () => {
		// Legal: INV-1021 and INV-1049 already have the legal stage as their Last Stage Sent, so they are No Action.
		expect(ids(first, 'Dunning Stage', 3).sort()).toEqual(['INV-1020', 'INV-1038']);
		expect(ids(first, 'Legal: Review by Your Team').sort()).toEqual(['INV-1020', 'INV-1038']);
		expect(ids(first, 'Dunning Stage', 5)).toEqual(expect.arrayContaining(['INV-1021', 'INV-1049']));
		expect(ids(first, 'Paid: Thanked on Payment').sort()).toEqual(['INV-1022', 'INV-1039', 'INV-1050']);
		expect(ids(first, 'Dunning Stage', 6)).toEqual(['INV-1028']);
		// Already Sent Stages to No Action: the phase outputs carry only the stages not sent yet.
		expect(ids(first, 'Dunning Stage', 0).sort()).toEqual(REMINDERS.map(([id]) => id).sort());
		// The notices due, and two the Send node skips (no usable channel: INV-1026, INV-1027).
		expect(ids(first, 'Dunning Stage', 1).sort()).toEqual([...LADDER.map(([id]) => id), 'INV-1026', 'INV-1027'].sort());
		expect(ids(first, 'Dunning Stage', 2).sort()).toEqual(OFFERS.map(([id]) => id).sort());
		expect(ids(first, 'Send WhatsApp or SMS', 0).sort()).toEqual(ALL.map(([id]) => id).sort());
	});

	it('has the node names the demo reads', () => {
		const names = Object.keys(first.nodes);
		expect(names).toEqual(expect.arrayContaining(['Dunning Stage', 'Segment Debtor', 'Render Collection Message']));
		expect(names.filter((n) => n.startsWith('Send')).length).toBeGreaterThanOrEqual(1);
		expect(names.filter((n) => n.startsWith('Render')).length).toBeGreaterThanOrEqual(1);
		expect(first.nodes['Segment Debtor'].outputs[0]).toHaveLength(ALL.length + 2);
	});

	it('writes the file back, and a second run sends nothing again', async () => {
		expectWrittenBack(ALL, startedAt);
		gateway.reset();
		const second = await run('dunFullPipe01');
		expect(gateway.requests()).toHaveLength(0);
		expect(ids(second, 'Send WhatsApp or SMS', 0)).toEqual([]);
		// The stages sent are written back: Dunning Stage puts those invoices on No Action (what is left on
		// the phase outputs was not sent the first time either: INV-1026 and INV-1027, no usable channel).
		const sent = ALL.map(([id]) => id);
		expect(ids(second, 'Dunning Stage', 5)).toEqual(expect.arrayContaining(sent));
		expect([0, 1, 2].flatMap((output) => ids(second, 'Dunning Stage', output)).filter((id) => sent.includes(id))).toEqual([]);
	});
});

describe('full pipeline (CSV): what reached the gateway', () => {
	it('one message per invoice due, nothing to legal, paid or parked invoices', async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('full-pipeline.json', { id: 'dunFullPipelineGw' })]);
		await run('dunFullPipelineGw');
		expectSends([...REMINDERS, ...LADDER, ...OFFERS]);
		const contacted = new Set(gatewaySends().map((s) => s.invoiceId));
		for (const id of ['INV-1020', 'INV-1021', 'INV-1038', 'INV-1049', 'INV-1022', 'INV-1039', 'INV-1050', 'INV-1023', 'INV-1024', 'INV-1025', 'INV-1028']) {
			expect({ id, contacted: contacted.has(id) }).toEqual({ id, contacted: false });
		}
		// Ana Beatriz Costa (C-003) has two invoices due: a reminder and an offer, within the daily cap of 2.
		expect(gateway.countFor('5511965432109')).toMatchObject({ accepted: 2 });
	});
});

describe('full pipeline, Google Sheets variant', () => {
	const SOURCE_CSV = ['Read Invoices CSV', 'Invoices from CSV'];
	const WRITE_BACK_CSV = ['Number the Rows', 'Update Rows by Invoice ID', 'Keep Original Row Order', 'Drop Row Number', 'Invoices to CSV', 'Write Invoices CSV'];
	const SOURCE_SHEETS = ['Read Invoices Sheet'];
	const WRITE_BACK_SHEETS = ['Update Invoice Rows'];
	/** Sticky notes about the data source (set-up steps, how the file is written). */
	const NOTES = ['Set-up: your data', 'How the file is updated'];
	const csv = readWorkflow('full-pipeline.json');
	const sheets = readWorkflow('full-pipeline-google-sheets.json');
	const variable = new Set([...SOURCE_CSV, ...WRITE_BACK_CSV, ...SOURCE_SHEETS, ...WRITE_BACK_SHEETS, ...NOTES]);

	it('has the same nodes as the CSV pipeline, but for the source and write-back nodes', () => {
		const shared = (wf: WorkflowFile) => wf.nodes.filter((n) => !variable.has(n.name)).sort((a, b) => a.name.localeCompare(b.name));
		expect(shared(sheets)).toEqual(shared(csv));
		expect(shared(csv).length).toBeGreaterThan(15);
		expect(csv.nodes.map((n) => n.name)).toEqual(expect.arrayContaining([...SOURCE_CSV, ...WRITE_BACK_CSV]));
		expect(sheets.nodes.map((n) => n.name)).toEqual(expect.arrayContaining([...SOURCE_SHEETS, ...WRITE_BACK_SHEETS, 'Set-up: your data']));
		expect(sheets.nodes.filter((n) => n.type === 'n8n-nodes-base.googleSheets').map((n) => n.name).sort()).toEqual(['Read Invoices Sheet', 'Update Invoice Rows']);
	});

	it('has the same connections, but for those that go to or from the source and write-back nodes', () => {
		const edges = (wf: WorkflowFile) =>
			Object.entries(wf.connections).flatMap(([from, { main }]) =>
				main.flatMap((targets, output) => targets.map((t) => `${from}[${output}] -> ${t.node}[${t.index}]`)),
			);
		const touches = (edge: string) => [...variable].some((name) => edge.startsWith(`${name}[`) || edge.includes(`-> ${name}[`));
		expect(edges(sheets).filter((e) => !touches(e)).sort()).toEqual(edges(csv).filter((e) => !touches(e)).sort());
		// The sheet is read after either trigger, feeds Dunning Stage, and gets the delivery columns.
		expect(edges(sheets).filter(touches).sort()).toEqual(
			[
				'Every Day at 13:00[0] -> Read Invoices Sheet[0]',
				'Try It[0] -> Read Invoices Sheet[0]',
				'Read Invoices Sheet[0] -> Dunning Stage[0]',
				'Delivery Columns[0] -> Update Invoice Rows[0]',
			].sort(),
		);
	});

	it('reads the sheet and updates rows by invoiceId with the columns the CSV variant writes', () => {
		const update = sheets.nodes.find((n) => n.name === 'Update Invoice Rows') as WorkflowFile['nodes'][number];
		expect(update.parameters).toMatchObject({ operation: 'update', columns: { mappingMode: 'autoMapInputData', matchingColumns: ['invoiceId'] } });
		const read = sheets.nodes.find((n) => n.name === 'Read Invoices Sheet') as WorkflowFile['nodes'][number];
		expect(read.parameters.operation ?? 'read').toBe('read');
		const columns = csv.nodes.find((n) => n.name === 'Delivery Columns') as WorkflowFile['nodes'][number];
		const written = (columns.parameters.assignments as { assignments: Array<{ name: string }> }).assignments.map((a) => a.name);
		expect(written).toEqual(['invoiceId', 'lastStageSent', 'brokenPromises', 'promiseDate', 'planMissedDueDate', ...WRITTEN_COLUMNS]);
		const schema = (update.parameters.columns as { schema: Array<{ id: string }> }).schema.map((c) => c.id);
		expect(schema).toEqual(written);
	});
});

describe('webhook workflows, tried from their Manual Trigger', () => {
	it('payment confirmation: the sample payment is thanked by WhatsApp template', async () => {
		home.importWorkflows([testCopy('payment-confirmation.json', { referenceDate: false })]);
		const result = await run('dunPaymentConf01');
		const [answer] = items(result, 'Answer the Caller');
		expect(answer).toMatchObject({ invoiceId: 'INV-1009', stage: 'settled', status: 'sent', channel: 'whatsapp', lastStageSent: 'settled' });
		const [send] = gatewaySends();
		expect(send).toMatchObject({ channel: 'whatsapp', to: '5571983456789', template: 'dunning_payment_received', language: 'pt_BR', key: 'INV-1009:settled:whatsapp' });
		expect(send.placeholders).toEqual(['Patrícia', 'R$ 189,90', 'INV-1009', 'Provedor Net Ltda, CNPJ 12.345.678/0001-95']);
	});

	it('CRM invoice event: the sample invoice (due 6 days ago) gets its overdue_6d notice', async () => {
		// No reference date here: the sample event's due date is counted from today.
		home.importWorkflows([testCopy('crm-invoice-webhook.json', { referenceDate: false })]);
		const result = await run('dunCrmWebhook01');
		expect(items(result, 'Answer the CRM')).toEqual([
			expect.objectContaining({ invoiceId: 'INV-1011', stage: 'overdue_6d', status: 'sent', channel: 'whatsapp', lastStageSent: 'overdue_6d' }),
		]);
		expect(gatewaySends()).toEqual([expect.objectContaining({ to: '5585985678901', key: 'INV-1011:overdue_6d:whatsapp', language: 'pt_BR' })]);
	});
});

describe('delivery status: a WhatsApp message that failed after acceptance gets one SMS', () => {
	const DIEGO = '5511976789012';

	it('from its Manual Trigger: the sample 131047 failure of INV-1012 gets the SMS of its stage, once, and the file says so', async () => {
		useSampleCsv();
		home.importWorkflows([testCopy('delivery-status.json')]);
		const first = await run('dunDeliveryStat1');
		expect(ids(first, 'Send SMS Instead')).toEqual(['INV-1012']);
		expect(gatewaySends()).toEqual([expect.objectContaining({ invoiceId: 'INV-1012', channel: 'sms', to: DIEGO, key: 'INV-1012:overdue_6d:sms' })]);
		expect(gatewaySends()[0].text).toMatch(/Diego/);
		const written = writtenRows();
		const row = written.rows.find((r) => r.invoiceId === 'INV-1012') as Record<string, string>;
		expect(row).toMatchObject({ deliveryStatus: 'sent', deliveryChannel: 'sms' });
		expect(row.deliveryNote).toBe('WhatsApp failed after it was sent (window_closed 131047): sent by SMS instead');
		expect(Date.parse(row.lastSentAt)).toBeGreaterThan(0);
		// Every other row is as it was.
		const before = sampleRows();
		for (const other of written.rows.filter((r) => r.invoiceId !== 'INV-1012')) {
			const original = before.find((r) => r.invoiceId === other.invoiceId) as Record<string, string>;
			for (const [column, value] of Object.entries(original)) expect([other.invoiceId, column, other[column]]).toEqual([other.invoiceId, column, value]);
		}

		// The same failure reported again: no second SMS.
		gateway.reset();
		const second = await run('dunDeliveryStat1');
		expect(gatewaySends()).toEqual([]);
		expect(items(second, 'Send SMS Instead', 2).map((i) => [i.invoiceId, i.delivery.reason])).toEqual([['INV-1012', 'duplicate']]);
		expect(writtenRows().rows.find((r) => r.invoiceId === 'INV-1012')).toMatchObject({ deliveryStatus: 'skipped' });
	});
});

/** The webhook id of the shipped delivery-status workflow's Dunning Events node. */
const DELIVERY_STATUS_WEBHOOK = '5d1e7a2b-0c3f-4e4a-9b61-d0e1a5a0c001';

describe('webhook workflows in a running n8n (n8n start on loopback)', () => {
	let server: N8nServer;

	beforeAll(async () => {
		home.importWorkflows([
			withId(testCopy('payment-confirmation.json'), 'dunPaymentConfirmSrv'),
			withId(testCopy('crm-invoice-webhook.json'), 'dunCrmInvoiceHookSrv'),
			withId(testCopy('delivery-status.json'), 'dunDeliveryStatusSrv'),
		]);
		server = await startServer(home, {
			publish: ['dunPaymentConfirmSrv', 'dunCrmInvoiceHookSrv', 'dunDeliveryStatusSrv'],
			webhooks: [
				{ method: 'POST', path: 'dunning/payment-received' },
				{ method: 'POST', path: 'dunning/invoice-event' },
				{ method: 'POST', path: `${DELIVERY_STATUS_WEBHOOK}/events` },
			],
		});
	});

	afterAll(async () => {
		await server?.stop();
	});

	async function post(hook: string, body: object): Promise<Array<Record<string, string>>> {
		const response = await fetch(`${server.url}/webhook/${hook}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status !== 200) throw new Error(`${hook} answered ${response.status}: ${text}\n${server.log().split('\n').slice(-20).join('\n')}`);
		return JSON.parse(text) as Array<Record<string, string>>;
	}

	const payment = {
		invoiceId: 'INV-8001',
		customerName: 'Maria da Silva',
		phone: '(11) 98765-4321',
		whatsappOptIn: true,
		amount: 129.9,
		currency: 'BRL',
		paidAt: '2026-11-20T10:15:00-03:00',
		locale: 'pt-BR',
	};

	it('payment confirmation: thanks the payer once, by WhatsApp when opted in, else by SMS, and answers the caller', async () => {
		const [sent] = await post('dunning/payment-received', payment);
		expect(sent).toMatchObject({ invoiceId: 'INV-8001', stage: 'settled', status: 'sent', channel: 'whatsapp', lastStageSent: 'settled' });
		expect(gatewaySends()).toEqual([
			expect.objectContaining({ to: '5511987654321', template: 'dunning_payment_received', placeholders: ['Maria', 'R$ 129,90', 'INV-8001', 'Provedor Net Ltda, CNPJ 12.345.678/0001-95'] }),
		]);

		// A Mexican payer without WhatsApp opt-in: an SMS in Spanish, the number in Infobip's format.
		const [sms] = await post('dunning/payment-received', {
			invoiceId: 'INV-8002',
			customerName: 'José Hernández',
			phone: '+52 1 55 1234 5678',
			amount: '899.00',
			currency: 'MXN',
			paidAt: '2026-11-20T10:00:00-06:00',
			locale: 'es-MX',
			country: 'MX',
		});
		expect(sms).toMatchObject({ status: 'sent', channel: 'sms' });
		const mexican = gatewaySends().find((s) => s.invoiceId === 'INV-8002') as GatewaySend;
		expect(mexican).toMatchObject({ channel: 'sms', to: '525512345678' });
		expect(mexican.text).toMatch(/^Provedor Net: .*Jos.*\$899\.00/);

		// The provider posts the same payment again: no second message.
		const [again] = await post('dunning/payment-received', payment);
		expect(again).toMatchObject({ invoiceId: 'INV-8001', status: 'skipped', lastStageSent: 'settled', note: expect.stringContaining('duplicate') });
		expect(gateway.countForKey('INV-8001:settled:whatsapp')).toMatchObject({ requests: 1, accepted: 1 });
		expect(gatewaySends()).toHaveLength(2);
	});

	const invoice = {
		invoiceId: 'INV-8011',
		customerId: 'C-8011',
		customerName: 'Camila Rocha',
		phone: '(85) 98567-8901',
		whatsappOptIn: true,
		locale: 'pt-BR',
		timezone: 'America/Sao_Paulo',
		country: 'BR',
		dueDate: '2026-11-17',
		amount: '69.90',
		currency: 'BRL',
		status: 'open',
		paymentLink: 'https://pay.example.com/i/inv-8011',
		lastStageSent: 'overdue_3d',
	};

	it('CRM invoice event: runs the ladder, sends the stage due, answers with the lastStageSent to store', async () => {
		const [sent] = await post('dunning/invoice-event', invoice);
		expect(sent).toMatchObject({ invoiceId: 'INV-8011', stage: 'overdue_6d', status: 'sent', channel: 'whatsapp', lastStageSent: 'overdue_6d' });
		expect(gatewaySends()).toEqual([expect.objectContaining({ to: '5585985678901', key: 'INV-8011:overdue_6d:whatsapp' })]);

		// The CRM stored the answer: the same stage is not due again.
		const [stored] = await post('dunning/invoice-event', { ...invoice, lastStageSent: 'overdue_6d' });
		expect(stored).toMatchObject({ invoiceId: 'INV-8011', stage: 'overdue_6d', status: 'nothing_to_send', lastStageSent: 'overdue_6d' });
		expect(stored.note).toContain('already sent');

		// The CRM did not store it and posts the event again: the Send node remembers.
		const [repeated] = await post('dunning/invoice-event', invoice);
		expect(repeated).toMatchObject({ status: 'skipped', note: expect.stringContaining('duplicate') });
		expect(gatewaySends()).toHaveLength(1);

		// Bad data is answered, not dropped.
		const [bad] = await post('dunning/invoice-event', { ...invoice, invoiceId: 'INV-8012', dueDate: '31/02/2026' });
		expect(bad).toMatchObject({ invoiceId: 'INV-8012', status: 'error', note: expect.stringContaining('February 2026 has no day 31') });
		// Paid and legal-phase invoices get nothing from this workflow.
		const [paid] = await post('dunning/invoice-event', { ...invoice, invoiceId: 'INV-8013', status: 'paid' });
		expect(paid).toMatchObject({ stage: 'settled', status: 'nothing_to_send' });
		expect(gatewaySends()).toHaveLength(1);
	});
	it('delivery status: the provider reports a WhatsApp template undeliverable; the workflow sends the SMS once, and a redelivered report sends nothing', async () => {
		// INV-1012's number now has no WhatsApp: the fake accepts the template and reports it undeliverable later.
		useSampleCsv({ 'INV-1012': { phone: '(11) 90000-0003' } });
		gateway.configure({
			infobip: {
				callbackUrl: `${server.url}/webhook/${DELIVERY_STATUS_WEBHOOK}/events`,
				webhookAuth: { header: { name: 'X-Dunning-Webhook-Secret', value: 'fake-infobip-webhook-secret' } },
			},
			webhooks: { mode: 'manual' },
		});
		// What the dunning ladder's Send node sends for INV-1012 (its key in messageId and callbackData).
		const key = 'INV-1012:overdue_6d:whatsapp';
		const accepted = await fetch(`${gateway.url}/whatsapp/1/message/template`, {
			method: 'POST',
			headers: { authorization: 'App fake-infobip-api-key', 'content-type': 'application/json' },
			body: JSON.stringify({
				messages: [
					{
						from: '5511999990001',
						to: '5511900000003',
						messageId: key,
						callbackData: key,
						content: { templateName: 'dunning_overdue_6d', language: 'pt_BR', templateData: { body: { placeholders: ['Diego', 'R$ 1.890,00'] } } },
					},
				],
			}),
		});
		expect(accepted.status).toBe(200);
		await gateway.flushWebhooks();
		const report = gateway.webhookLog({ provider: 'infobip', kind: 'status' })[0];
		expect(report.status).toBe(200);
		const smsSent = async (count: number) => {
			for (let i = 0; i < 120 && gateway.requests({ provider: 'infobip' }).filter((r) => r.path === '/sms/3/messages').length < count; i++) {
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			return gatewaySends().filter((m) => m.channel === 'sms');
		};
		const sms = await smsSent(1);
		expect(sms).toEqual([expect.objectContaining({ invoiceId: 'INV-1012', to: '5511900000003', key: 'INV-1012:overdue_6d:sms' })]);
		for (let i = 0; i < 60 && writtenRows().rows.find((r) => r.invoiceId === 'INV-1012')?.deliveryStatus !== 'sent'; i++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		expect(writtenRows().rows.find((r) => r.invoiceId === 'INV-1012')).toMatchObject({ deliveryStatus: 'sent', deliveryChannel: 'sms' });

		// Infobip delivers the same report again (at least once): answered 200, no second SMS.
		const again = await fetch(`${server.url}/webhook/${DELIVERY_STATUS_WEBHOOK}/events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-dunning-webhook-secret': 'fake-infobip-webhook-secret' },
			body: report.body,
		});
		expect(again.status).toBe(200);
		// A report without the secret: refused, nothing started.
		const forged = await fetch(`${server.url}/webhook/${DELIVERY_STATUS_WEBHOOK}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: report.body });
		expect(forged.status).toBe(401);
		await new Promise((resolve) => setTimeout(resolve, 5000));
		expect(gatewaySends().filter((m) => m.channel === 'sms')).toHaveLength(1);
	});
});
