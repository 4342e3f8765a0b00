/**
 * The bad-input corpus (test/fixtures/bad-input/) through each node's execute() with a mocked
 * context. Every row runs between two good rows, three ways: without "continue on fail" (the run
 * stops with a NodeOperationError naming the item, the field and the value, or the row goes
 * through), with "Continue (using regular output)" and with "Continue (using error output)". In
 * every case: no TypeError, the good rows come out exactly as they do without the bad one, and
 * nothing leaks into Object.prototype. The Send node sends to the fake gateway over loopback.
 */
import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeType, NodeOperationError } from 'n8n-workflow';

import { ClassifyReply } from '../../nodes/ClassifyReply/ClassifyReply.node';
import { DunningStage } from '../../nodes/DunningStage/DunningStage.node';
import { NegotiationOffer } from '../../nodes/NegotiationOffer/NegotiationOffer.node';
import { RenderCollectionMessage } from '../../nodes/RenderCollectionMessage/RenderCollectionMessage.node';
import { SegmentDebtor } from '../../nodes/SegmentDebtor/SegmentDebtor.node';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { DEFAULT_CREDENTIALS, type FakeGateway, start } from '../fake-gateway';
import { type BadInputRow, NODE_NAMES, type NodeName, loadCorpus, pathValue } from '../fixtures/bad-input/corpus';
import { debtorRow } from '../fixtures/debtor-row';
import { gatewayHttp } from '../fixtures/bad-input/gateway-http';
import { type MockOptions, mockContext } from './mock-context';

jest.setTimeout(60_000);

type Params = Record<string, unknown>;

interface Setup {
	node: INodeType;
	params: Params;
	good: (id: string) => IDataObject;
	/** Context options besides items, parameters and continue on fail (credentials, HTTP). */
	context?: () => Partial<MockOptions>;
}

let gateway: FakeGateway;
const TWILIO = () => ({
	baseUrl: gateway.url,
	accountSid: DEFAULT_CREDENTIALS.twilio.accountSid,
	authType: 'authToken',
	authToken: DEFAULT_CREDENTIALS.twilio.authToken,
	from: '+15017122661',
	whatsappFrom: '+14155238886',
});

const SETUPS: Record<NodeName, Setup> = {
	dunningStage: {
		node: new DunningStage(),
		params: { options: { referenceDate: '2026-11-23' } },
		good: (id) => ({ invoiceId: id, customerId: `C-${id}`, customerName: 'Ana Souza', dueDate: '2026-11-20', status: 'open', amount: '100,00', currency: 'BRL', timezone: 'America/Sao_Paulo' }),
	},
	segmentDebtor: {
		node: new SegmentDebtor(),
		params: { options: { referenceDate: '2026-11-23' } },
		good: (id) => debtorRow(id),
	},
	negotiationOffer: {
		node: new NegotiationOffer(),
		params: { lateFee: 2, interestRate: 1, validityDays: 9, pixKey: 'cobranca@provedor.net.br', pixMerchantName: 'Provedor Net Ltda', pixMerchantCity: 'Sao Paulo' },
		good: (id) => ({
			invoiceId: id,
			customerName: 'Larissa Mendes',
			amount: '1.000,00',
			currency: 'BRL',
			country: 'BR',
			dueDate: '2026-10-15',
			paymentLink: `https://pay.example.com/i/${id.toLowerCase()}`,
			dunning: { stage: 'negotiation_30d', phase: 'negotiation', status: 'open', daysOverdue: 46, dueDate: '2026-10-15', referenceDate: '2026-11-30', isNew: true },
			segment: { name: 'negotiation', offer: 'instalments' },
		}),
	},
	renderCollectionMessage: {
		node: new RenderCollectionMessage(),
		params: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', options: { shortName: 'Provedor Net', referenceDate: '2026-11-23' } },
		good: (id) => ({
			invoiceId: id,
			customerName: 'Maria da Silva',
			amount: '1.234,56',
			currency: 'BRL',
			locale: 'pt-BR',
			paymentLink: `https://pay.example.com/i/${id}`,
			modelo: '{{creditor.shortName}}: {{firstName}}, {{money}} em aberto.',
			dunning: { stage: 'overdue_3d', phase: 'dunning', daysOverdue: 3, dueDate: '2026-11-20', isNew: true },
		}),
	},
	sendViaGateway: {
		node: new SendViaGateway(),
		params: { provider: 'twilio', contactHours: 'off', policy: { messagesPerSecond: 0, retryDelaySeconds: 0.01 }, options: { timeout: 5000 } },
		good: (id) => ({
			invoiceId: id,
			customerId: `C-${id}`,
			phone: id === 'GOOD-A' ? '+55 11 98765-0001' : '+55 11 98765-0099',
			country: 'BR',
			dunning: { stage: 'overdue_3d' },
			message: { channel: 'sms', text: 'Sua fatura venceu. Pague pelo link.' },
		}),
		context: () => ({
			credentials: { dunningTwilioApi: TWILIO() },
			http: gatewayHttp(TWILIO()) as MockOptions['http'],
			nodeCredentials: { dunningTwilioApi: { id: 'tw1', name: 'Twilio (fake gateway)' } },
		}),
	},
	classifyReply: {
		node: new ClassifyReply(),
		params: {},
		good: (id) => ({
			invoiceId: id,
			event: { kind: 'reply', provider: 'meta', channel: 'whatsapp', phone: '+5511987650001', at: '2026-11-23T12:00:00.000Z', invoiceId: id, text: 'pago dia 30', eventId: `wamid.${id}` },
		}),
	},
};

function merge(base: Params, extra: Params = {}): Params {
	const out: Params = { ...base };
	for (const [key, value] of Object.entries(extra)) {
		const previous = out[key];
		out[key] =
			value !== null && typeof value === 'object' && !Array.isArray(value) && previous !== null && typeof previous === 'object'
				? merge(previous as Params, value as Params)
				: value;
	}
	return out;
}

type Mode = 'stop' | 'continueRegularOutput' | 'continueErrorOutput';

async function execute(name: NodeName, items: unknown[], params: Params | undefined, mode: Mode, staticData: IDataObject = {}) {
	const setup = SETUPS[name];
	const { ctx } = mockContext({
		items: items as IDataObject[],
		params: merge(setup.params, params),
		continueOnFail: mode !== 'stop',
		onError: mode === 'stop' ? undefined : mode,
		staticData,
		...(setup.context?.() ?? {}),
	});
	try {
		const run = setup.node.execute as (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
		return { outputs: await run.call(ctx) };
	} catch (error) {
		return { error };
	}
}

/** Every output item, with the output it left by and the input item it pairs with. */
function located(outputs: INodeExecutionData[][]) {
	return outputs.flatMap((items, output) =>
		items.map((item) => {
			// Consolidation pairs an item with every invoice it merges: one here (each row is its own customer).
			const paired = Array.isArray(item.pairedItem) && item.pairedItem.length === 1 ? item.pairedItem[0] : item.pairedItem;
			return { output, item: (paired as { item: number }).item, json: item.json as Record<string, unknown> };
		}),
	);
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const GOOD_IDS = ['GOOD-A', 'GOOD-C'];
/** Each node's good rows, run alone: what they must still look like next to a bad row. */
const baselines = new Map<string, Array<Record<string, unknown>>>();

async function baseline(name: NodeName, params: Params | undefined): Promise<Array<Record<string, unknown>>> {
	const key = `${name}|${JSON.stringify(params ?? {})}`;
	if (!baselines.has(key)) {
		const { outputs, error } = await execute(name, GOOD_IDS.map(SETUPS[name].good), params, 'stop');
		expect(error).toBeUndefined();
		baselines.set(key, located(outputs as INodeExecutionData[][]).map((l) => comparable(l.json)));
	}
	return baselines.get(key) as Array<Record<string, unknown>>;
}

/** Output json without what legitimately differs between two runs (send times, provider ids). */
function comparable(json: Record<string, unknown>): Record<string, unknown> {
	const copy = { ...json };
	if (copy.delivery && typeof copy.delivery === 'object') {
		const rest = { ...(copy.delivery as Record<string, unknown>) };
		delete rest.sentAt;
		delete rest.providerMessageId;
		copy.delivery = rest;
	}
	return copy;
}

function expectErrorMessage(message: string, row: BadInputRow): void {
	expect(message.startsWith('Item 2')).toBe(true);
	if (row.expect.field) expect(message).toContain(`'${row.expect.field}'`);
	for (const text of row.expect.message ?? []) expect(message).toContain(text);
	// Short enough to read, even for a 1 MB value; never a raw JavaScript error.
	expect(message.length).toBeLessThan(1000);
	expect(message).not.toMatch(/TypeError|Cannot read propert|is not a function|undefined \(reading/);
}

function expectOutputValues(json: Record<string, unknown>, row: BadInputRow): void {
	for (const [dotted, value] of Object.entries(row.expect.output ?? {})) expect([dotted, pathValue(json, dotted)]).toEqual([dotted, value]);
	// Compared as booleans: a failure must not print a 1 MB value.
	for (const [dotted, texts] of Object.entries(row.expect.contains ?? {})) {
		for (const text of texts) expect([dotted, text, String(pathValue(json, dotted)).includes(text)]).toEqual([dotted, text, true]);
	}
	for (const [dotted, texts] of Object.entries(row.expect.excludes ?? {})) {
		for (const text of texts) expect([dotted, text, String(pathValue(json, dotted)).includes(text)]).toEqual([dotted, text, false]);
	}
}

/** The Send node's item: which output (0 Sent, 1 Failed, 2 Skipped) and what its delivery says. */
const SEND_OUTPUT = { sent: 0, failed: 1, skipped: 2 } as const;

function expectSendOutcome(found: { output: number; json: Record<string, unknown> }, row: BadInputRow): void {
	const outcome = row.expect.outcome as keyof typeof SEND_OUTPUT;
	expect(found.output).toBe(SEND_OUTPUT[outcome]);
	const delivery = found.json.delivery as Record<string, unknown>;
	expect(typeof delivery.status).toBe('string');
	if (outcome !== 'sent') {
		expect(delivery.reason).toEqual(expect.any(String));
		const message = String(delivery.message);
		for (const text of row.expect.message ?? []) expect(message).toContain(text);
		expect(message.length).toBeLessThan(1000);
		expect(message).not.toMatch(/TypeError|Cannot read propert|is not a function/);
	}
	expectOutputValues(found.json, row);
}

/** A row an earlier node rejected: out untouched, on the node's failed-rows output, or to its error output. */
function expectPassedOn(found: { output: number; json: Record<string, unknown> }, row: BadInputRow, mode: Mode): void {
	const input = row.json as Record<string, unknown>;
	if (mode === 'continueErrorOutput') {
		// n8n moves it to the error output and merges the row back in.
		expect(found.json).toEqual({ error: input.error, ...(input.details === undefined ? {} : { details: input.details }) });
		return;
	}
	expect(found.json).toEqual(input);
	if (row.expect.outputIndex !== undefined) expect(found.output).toBe(row.expect.outputIndex);
}

beforeAll(async () => {
	gateway = await start({ webhooks: { mode: 'off' } });
});

afterAll(async () => {
	await gateway.close();
	expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('the bad-input corpus', () => {
	it('has at least 60 rows across the six nodes, each with an expected outcome', () => {
		const rows = NODE_NAMES.flatMap((name) => loadCorpus(name));
		expect(rows.length).toBeGreaterThanOrEqual(60);
		for (const name of NODE_NAMES) expect(loadCorpus(name).length).toBeGreaterThanOrEqual(10);
		const ids = rows.map((r) => r.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const row of rows) expect(['error', 'ok', 'passed', 'sent', 'failed', 'skipped']).toContain(row.expect.outcome);
	});
});

describe.each(NODE_NAMES)('%s: each bad row between two good ones', (name) => {
	const rows = loadCorpus(name);

	it.each(rows.map((r) => [r.id, r.case, r] as const))('%s %s: without continue on fail', async (_id, _case, row) => {
		const items = [SETUPS[name].good('GOOD-A'), row.json, SETUPS[name].good('GOOD-C')];
		const { outputs, error } = await execute(name, items, row.params, 'stop');
		if (row.expect.outcome === 'error') {
			expect(error).toBeInstanceOf(NodeOperationError);
			const e = error as NodeOperationError;
			expectErrorMessage(e.message, row);
			expect(e.context.itemIndex).toBe(1);
			if (row.expect.field) expect(e.context.field).toBe(row.expect.field);
			return;
		}
		expect(error).toBeUndefined();
		const all = located(outputs as INodeExecutionData[][]);
		expect(all.map((l) => l.item).sort()).toEqual([0, 1, 2]);
		const bad = all.find((l) => l.item === 1) as (typeof all)[number];
		if (name === 'sendViaGateway') expectSendOutcome(bad, row);
		else if (row.expect.outcome === 'passed') expectPassedOn(bad, row, 'stop');
		else {
			expect(bad.output).toBe(row.expect.outputIndex ?? 0);
			expect(bad.json.error).toBeUndefined();
			expectOutputValues(bad.json, row);
		}
		expect(all.filter((l) => l.item !== 1).map((l) => comparable(l.json))).toEqual(await baseline(name, row.params));
	});

	it.each(rows.map((r) => [r.id, r.case, r] as const))('%s %s: with continue on fail', async (_id, _case, row) => {
		const items = [SETUPS[name].good('GOOD-A'), row.json, SETUPS[name].good('GOOD-C')];
		for (const mode of ['continueRegularOutput', 'continueErrorOutput'] as const) {
			const { outputs, error } = await execute(name, items, row.params, mode);
			expect(error).toBeUndefined();
			const all = located(outputs as INodeExecutionData[][]);
			// Every item exactly once: none lost, none doubled.
			expect(all.map((l) => l.item).sort()).toEqual([0, 1, 2]);
			expect(all.filter((l) => l.item !== 1).map((l) => comparable(l.json))).toEqual(await baseline(name, row.params));
			const bad = all.find((l) => l.item === 1) as (typeof all)[number];
			if (name === 'sendViaGateway') {
				expectSendOutcome(bad, row);
				continue;
			}
			if (row.expect.outcome === 'passed') expectPassedOn(bad, row, mode);
			else if (row.expect.outcome === 'error') {
				expectErrorMessage(String(bad.json.error), row);
				const details = bad.json.details as Record<string, unknown>;
				expect(details.itemIndex).toBe(1);
				if (row.expect.field) expect(details.field).toBe(row.expect.field);
				if (mode === 'continueErrorOutput') expect(Object.keys(bad.json).sort()).toEqual(['details', 'error']);
				else if (row.json !== null && typeof row.json === 'object' && !Array.isArray(row.json)) {
					// The row keeps its own columns, so that it can be written back and fixed.
					for (const key of Object.keys(row.json)) expect(Object.prototype.hasOwnProperty.call(bad.json, key)).toBe(true);
				}
			} else {
				expect(bad.json.error).toBeUndefined();
				expectOutputValues(bad.json, row);
			}
		}
	});

	it('the whole corpus in one run with continue on fail: every row accounted for, as expected', async () => {
		const groups = new Map<string, BadInputRow[]>();
		for (const row of rows) {
			const key = JSON.stringify(row.params ?? {});
			groups.set(key, [...(groups.get(key) ?? []), row]);
		}
		for (const group of groups.values()) {
			const { outputs, error } = await execute(name, group.map((r) => r.json), group[0].params, 'continueRegularOutput');
			expect(error).toBeUndefined();
			const all = located(outputs as INodeExecutionData[][]);
			expect(all.map((l) => l.item).sort((a, b) => a - b)).toEqual(group.map((_, i) => i));
			group.forEach((row, i) => {
				const found = all.find((l) => l.item === i) as (typeof all)[number];
				if (name === 'sendViaGateway') expectSendOutcome(found, row);
				else if (row.expect.outcome === 'passed') expectPassedOn(found, row, 'continueRegularOutput');
				else if (row.expect.outcome === 'error') expect(String(found.json.error)).toContain(`Item ${i + 1}`);
				else expect(found.json.error).toBeUndefined();
			});
		}
	});
});

describe('keys named like prototype properties in the ledger', () => {
	it.each(['__proto__', 'constructor', 'hasOwnProperty'])('"%s": a second run after a JSON round trip skips it as a duplicate', async (key) => {
		const staticData: IDataObject = {};
		const item = SETUPS.sendViaGateway.good('GOOD-A');
		const first = await execute('sendViaGateway', [item], { idempotencyKey: key }, 'stop', staticData);
		expect((first.outputs as INodeExecutionData[][])[0]).toHaveLength(1);
		const stored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect(Object.keys(stored.keys as IDataObject)).toEqual([key]);
		const second = await execute('sendViaGateway', [item], { idempotencyKey: key }, 'stop', stored);
		const [sent, , skipped] = second.outputs as INodeExecutionData[][];
		expect(sent).toHaveLength(0);
		expect(skipped.map((i) => [(i.json.delivery as IDataObject).reason, (i.json.delivery as IDataObject).ledger])).toEqual([['duplicate', 'static_data']]);
		expect(Object.getPrototypeOf(stored.keys)).toBe(Object.prototype);
	});
});

describe('phone masking, where it is on', () => {
	it('masks the number a provider echoes in its error message (Twilio 21211, Zenvia-style text)', async () => {
		const refused = { ...SETUPS.sendViaGateway.good('GOOD-A'), phone: '+55 11 90000-1211' };
		const unmasked = await execute('sendViaGateway', [refused], {}, 'stop');
		const plain = (unmasked.outputs as INodeExecutionData[][])[1][0].json.delivery as IDataObject;
		// The provider does echo it: without masking the number is in the message.
		expect(String(plain.message)).toContain('+5511900001211');
		const masked = await execute('sendViaGateway', [refused], { options: { maskPhones: true } }, 'stop');
		const d = (masked.outputs as INodeExecutionData[][])[1][0].json.delivery as IDataObject;
		expect(d).toMatchObject({ status: 'failed', reason: 'invalid_number', to: '+5511*****1211' });
		expect(String(d.message)).toContain('+5511*****1211');
		for (const form of ['5511900001211', '11900001211']) expect(JSON.stringify(d)).not.toContain(form);
	});
});
