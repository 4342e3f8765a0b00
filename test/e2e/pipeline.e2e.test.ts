/**
 * The whole chain inside a real n8n 2.41.1, once per provider: sample invoices → Dunning Stage →
 * Segment Debtor → Render Collection Message → Send via SMS/WhatsApp Gateway, against the fake
 * gateway. Asserts what the gateway received (number format, text, correlation key) and what
 * each of the Send node's outputs holds.
 */
import { type FakeGateway, start } from '../fake-gateway';
import { N8nHome, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';
import { SAMPLE_REFERENCE_DATE, sampleRows } from './workflows';

jest.setTimeout(240_000);

let home: N8nHome;
let gateway: FakeGateway;

beforeAll(async () => {
	gateway = await start();
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
});

afterAll(async () => {
	await gateway.close();
});

beforeEach(() => gateway.reset());

/** Brazilian open invoices of the sample whose stage is new today, plus one already sent and one paid. */
const IDS = ['INV-1005', 'INV-1009', 'INV-1011', 'INV-1013', 'INV-1017', 'INV-1010', 'INV-1022'];
const rows = () => sampleRows().filter((r) => IDS.includes(r.invoiceId));

type Json = Record<string, unknown> & {
	invoiceId: string;
	dunning: { stage: string | null; isNew: boolean };
	segment?: { tone: string };
	message?: { channel: string; text: string; template?: { name: string } };
	delivery: { status: string; to: string; channel: string; providerMessageId: string; idempotencyKey: string; reason?: string };
};

type Provider = 'twilio' | 'meta' | 'zenvia' | 'infobip' | 'generic';
const OUTPUTS = ['Sent', 'Failed', 'Skipped'];

/** The generic HTTP gateway's settings for the fake gateway's `/sms` endpoint. */
const GENERIC_SEND = {
	path: '/sms',
	bodyTemplate: '{"to":"{{to_digits}}","text":"{{text}}","client_ref":"{{idempotency_key}}"}',
	successPath: 'status',
	successValues: 'ok',
	messageIdPath: 'id',
};

/** The runs of this file, imported ahead in one n8n start-up (harness importAhead). */
const RUNS: Array<[string, Provider, 'sms' | 'whatsapp', Record<string, unknown>?]> = [
	['e2ePipeTwilio', 'twilio', 'sms'],
	['e2ePipeZenvia', 'zenvia', 'sms'],
	['e2ePipeInfobip', 'infobip', 'sms'],
	['e2ePipeMeta', 'meta', 'whatsapp'],
	['e2ePipeGeneric', 'generic', 'sms', GENERIC_SEND],
];

beforeAll(() => home.importAhead(RUNS.map((args) => pipelineWorkflow(...args))));

function pipelineWorkflow(id: string, provider: Provider, channel: 'sms' | 'whatsapp', sendParameters: Record<string, unknown> = {}) {
	const outputs = OUTPUTS;
	const workflow = chainWorkflow(id, rows(), [
		{ name: 'Dunning Stage', type: nodeType('dunningStage'), typeVersion: 1, parameters: { options: { referenceDate: SAMPLE_REFERENCE_DATE } } },
		{
			name: 'Only New Stages',
			type: 'n8n-nodes-base.filter',
			typeVersion: 2,
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 1 },
					conditions: [{ id: 'isnew', leftValue: '={{ $json.dunning.isNew }}', rightValue: true, operator: { type: 'boolean', operation: 'true', singleValue: true } }],
					combinator: 'and',
				},
				options: {},
			},
		},
		{ name: 'Segment Debtor', type: nodeType('segmentDebtor'), typeVersion: 1, parameters: {} },
		{
			name: 'Render Collection Message',
			type: nodeType('renderCollectionMessage'),
			typeVersion: 1,
			parameters: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', channel, options: { referenceDate: SAMPLE_REFERENCE_DATE } },
		},
		{
			name: 'Send',
			type: nodeType('sendViaGateway'),
			typeVersion: 1,
			parameters: { provider, contactHours: 'off', ...sendParameters },
			credentials: credentialRef(provider),
		},
		...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
	]) as { connections: Record<string, unknown> };
	for (const name of outputs) delete workflow.connections[name];
	workflow.connections.Send = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
	return workflow;
}

async function pipeline(id: string, provider: Provider, channel: 'sms' | 'whatsapp', sendParameters: Record<string, unknown> = {}) {
	home.importWorkflows([pipelineWorkflow(id, provider, channel, sendParameters)]);
	const run = await home.execute(id);
	expect(run.error).toBeUndefined();
	const out = (name: string) => (run.nodes[name]?.outputs[0] ?? []).map((i) => i.json as Json);
	return { run, sent: out('Sent'), failed: out('Failed'), skipped: out('Skipped') };
}

/** Invoices whose stage is new today, and so reach the Send node. */
const NEW_TODAY = ['INV-1005', 'INV-1009', 'INV-1011', 'INV-1013', 'INV-1017', 'INV-1022'];

describe('the four nodes in a chain, in a real n8n, once per provider', () => {
	it.each([
		['twilio', 'e2ePipeTwilio', (digits: string) => `+${digits}`],
		['zenvia', 'e2ePipeZenvia', (digits: string) => digits],
		['infobip', 'e2ePipeInfobip', (digits: string) => digits],
	] as const)('%s: SMS for every new stage, in the provider’s number format', async (provider, id, format) => {
		const { sent, failed, skipped } = await pipeline(id, provider, 'sms');
		expect(failed).toEqual([]);
		expect(skipped).toEqual([]);
		expect(sent.map((j) => j.invoiceId).sort()).toEqual(NEW_TODAY);
		const bodies = gateway.requests({ provider }).map((r) => r.body);
		expect(bodies).toHaveLength(NEW_TODAY.length);
		for (const j of sent) {
			expect(j.delivery).toMatchObject({ status: 'sent', channel: 'sms', idempotencyKey: `${j.invoiceId}:${j.dunning.stage}:sms` });
			expect(j.message?.text).toContain('Provedor Net');
			const digits = j.delivery.to.replace('+', '');
			expect(bodies.some((b) => b.includes(encodeURIComponent(format(digits))) || b.includes(format(digits)))).toBe(true);
		}
		// The paid invoice gets the thank-you message; the notice names the amount the debtor owes.
		const paid = sent.find((j) => j.invoiceId === 'INV-1022');
		expect(paid?.dunning.stage).toBe('settled');
		const overdue = sent.find((j) => j.invoiceId === 'INV-1009');
		expect(overdue?.message?.text).toContain('189,90');
	});

	it('meta: WhatsApp templates with the rendered parameters', async () => {
		const { sent, failed } = await pipeline('e2ePipeMeta', 'meta', 'whatsapp');
		expect(failed).toEqual([]);
		expect(sent.map((j) => j.invoiceId).sort()).toEqual(NEW_TODAY);
		for (const request of gateway.requests({ provider: 'meta' })) {
			const body = JSON.parse(request.body);
			expect(body).toMatchObject({ messaging_product: 'whatsapp', type: 'template' });
			expect(body.to).toMatch(/^55\d{10,11}$/);
			expect(body.template.name).toBeTruthy();
		}
		const first = sent[0];
		expect(first.message?.template?.name).toBeTruthy();
		expect(first.delivery.providerMessageId).toMatch(/^wamid\./);
	});

	it('generic HTTP gateway: the body template filled for each message', async () => {
		const { sent, failed } = await pipeline('e2ePipeGeneric', 'generic', 'sms', GENERIC_SEND);
		expect(failed).toEqual([]);
		expect(sent).toHaveLength(NEW_TODAY.length);
		const bodies = gateway.requests({ provider: 'custom' }).map((r) => JSON.parse(r.body) as { to: string; text: string; client_ref: string });
		expect(bodies.map((b) => b.client_ref).sort()).toEqual(sent.map((j) => j.delivery.idempotencyKey).sort());
		for (const b of bodies) expect(b.text).toContain('Provedor Net');
	});
});
