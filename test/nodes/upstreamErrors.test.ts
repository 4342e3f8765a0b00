/**
 * A row an earlier node rejected ("continue on fail") never gets a collection message: every node
 * of the package passes such an item on untouched, to the output where it puts its own failed rows
 * (or to its error output with "Continue (using error output)"), and the Send node skips it with
 * reason `upstream_error` without a request. A real Segment Debtor error item is fed to each node.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { DunningStage } from '../../nodes/DunningStage/DunningStage.node';
import { RenderCollectionMessage } from '../../nodes/RenderCollectionMessage/RenderCollectionMessage.node';
import { SegmentDebtor } from '../../nodes/SegmentDebtor/SegmentDebtor.node';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { upstreamError } from '../../nodes/shared/errors';
import { debtorRow } from '../fixtures/debtor-row';
import { type MockOptions, mockContext } from './mock-context';
import { TWILIO } from './twilio-credentials';

const REFERENCE = '2026-11-23';

/** What Segment Debtor itself makes of a row with currency "XXX" under "Continue (using regular output)". */
async function rejectedBySegmentDebtor(): Promise<IDataObject> {
	const mock = mockContext({
		items: [debtorRow('BAD-XXX', { currency: 'XXX' })],
		params: { 'options.referenceDate': REFERENCE },
		continueOnFail: true,
		onError: 'continueRegularOutput',
	});
	const outputs = await new SegmentDebtor().execute.call(mock.ctx);
	const json = outputs.flat()[0].json;
	expect(json.error).toContain('Field \'currency\' has the value "XXX"');
	return { ...json, dunning: { stage: 'overdue_6d', phase: 'dunning', isNew: true, dueDate: '2026-11-11' } };
}

const good = (id: string): IDataObject => ({
	...debtorRow(id),
	phone: '+55 11 98765-4321',
	country: 'BR',
	dunning: { stage: 'overdue_6d', phase: 'dunning', isNew: true, dueDate: '2026-11-11', daysOverdue: 12 },
	segment: { name: 'first_time', tone: 'friendly', channels: ['sms'], offer: 'none' },
	message: { channel: 'sms', text: 'Sua fatura venceu.' },
});

interface Case {
	name: string;
	node: INodeType;
	params: Record<string, unknown>;
	extra?: Partial<MockOptions>;
}

const CASES: Case[] = [
	{ name: 'Dunning Stage', node: new DunningStage(), params: { 'options.referenceDate': REFERENCE } },
	{ name: 'Dunning Stage (per phase, consolidated)', node: new DunningStage(), params: { 'options.referenceDate': REFERENCE, outputMode: 'perPhase', consolidate: true } },
	{ name: 'Segment Debtor', node: new SegmentDebtor(), params: { 'options.referenceDate': REFERENCE } },
	{ name: 'Segment Debtor (per segment)', node: new SegmentDebtor(), params: { 'options.referenceDate': REFERENCE, outputMode: 'perSegment' } },
	{
		name: 'Render Collection Message',
		node: new RenderCollectionMessage(),
		params: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', 'options.referenceDate': REFERENCE },
	},
];

async function execute(node: INodeType, ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await (node.execute as (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>).call(ctx);
}

function located(outputs: INodeExecutionData[][]) {
	// A consolidated item pairs with every invoice it merges: one each here (one invoice per customer).
	const itemOf = (paired: unknown) => ((Array.isArray(paired) && paired.length === 1 ? paired[0] : paired) as { item: number }).item;
	return outputs.flatMap((items, output) => items.map((item) => ({ output, item: itemOf(item.pairedItem), json: item.json })));
}

describe('rows an earlier node rejected', () => {
	let rejected: IDataObject;
	beforeAll(async () => {
		rejected = await rejectedBySegmentDebtor();
	});

	it('are recognised by their error and the node and field that rejected them', () => {
		expect(upstreamError(rejected)).toEqual({ message: expect.stringContaining('"XXX"'), node: 'Node Under Test', field: 'currency' });
		expect(upstreamError({ error: { message: 'The service refused the connection' } })).toEqual({ message: 'The service refused the connection' });
		// An empty error column from a sheet is not an error.
		expect(upstreamError({ invoiceId: 'A', error: '' })).toBeUndefined();
		expect(upstreamError({ invoiceId: 'A', error: null })).toBeUndefined();
		expect(upstreamError({ invoiceId: 'A' })).toBeUndefined();
	});

	describe.each(CASES)('$name', ({ node, params, extra }) => {
		it.each([
			['Continue (using regular output)', 'continueRegularOutput' as const],
			['Stop Workflow (the item is not this node’s failure)', undefined],
		])('passes it on untouched with %s, and handles the good rows around it', async (_label, onError) => {
			const items = [good('GOOD-1'), rejected, good('GOOD-2')];
			const mock = mockContext({ items, params, continueOnFail: onError !== undefined, onError, ...extra });
			const out = located(await execute(node, mock.ctx));
			expect(out.map((o) => o.item).sort()).toEqual([0, 1, 2]);
			const passed = out.find((o) => o.item === 1);
			expect(passed?.json).toBe(rejected);
			for (const key of ['dunning', 'segment', 'message', 'delivery']) expect(passed?.json[key]).toEqual(rejected[key]);
			for (const o of out.filter((x) => x.item !== 1)) expect(o.json.error).toBeUndefined();
		});

		it('sends it to the error output with Continue (using error output), as an error item n8n merges with the row', async () => {
			const mock = mockContext({ items: [good('GOOD-1'), rejected], params, continueOnFail: true, onError: 'continueErrorOutput', ...extra });
			const out = located(await execute(node, mock.ctx));
			const passed = out.find((o) => o.item === 1);
			// n8n moves items whose json holds only error/details to the error output and merges the input row back in.
			expect(Object.keys(passed?.json ?? {}).sort()).toEqual(['details', 'error']);
			expect(passed?.json.error).toBe(rejected.error);
			expect(passed?.json.details).toEqual(rejected.details);
		});
	});

	describe('Send via SMS/WhatsApp Gateway', () => {
		it.each([['continueRegularOutput' as const], ['continueErrorOutput' as const], [undefined]])(
			'skips it with reason upstream_error naming the node and field, without any request (On Error: %s)',
			async (onError) => {
				const mock = mockContext({
					items: [good('GOOD-1'), rejected, good('GOOD-2')],
					params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0 },
					credentials: TWILIO,
					continueOnFail: onError !== undefined,
					onError,
					http: () => ({ statusCode: 201, headers: {}, body: { sid: `SM${'0'.repeat(32)}`, status: 'queued' } }),
				});
				const [sent, failed, skipped] = await new SendViaGateway().execute.call(mock.ctx);
				expect([sent.length, failed.length, skipped.length]).toEqual([2, 0, 1]);
				expect(mock.requests).toHaveLength(2);
				expect(mock.requests.map((r) => String(r.options.body))).not.toContainEqual(expect.stringContaining('BAD-XXX'));
				expect(skipped[0].pairedItem).toEqual({ item: 1 });
				expect(skipped[0].json.error).toBe(rejected.error);
				expect(skipped[0].json.delivery).toMatchObject({
					status: 'skipped',
					reason: 'upstream_error',
					channel: null,
					to: null,
					idempotencyKey: null,
					attempts: 0,
					message: expect.stringContaining('Not sent: "Node Under Test" rejected it (field \'currency\'): Item 1 (invoice BAD-XXX): Field \'currency\' has the value "XXX"'),
				});
				expect(String((skipped[0].json.delivery as IDataObject).hint)).toContain('error output');
			},
		);
	});
});
