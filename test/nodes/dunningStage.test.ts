import { type IDataObject, NodeOperationError } from 'n8n-workflow';

import { DunningStage } from '../../nodes/DunningStage/DunningStage.node';
import { mockContext } from './mock-context';

const node = new DunningStage();
const REF = { 'options.referenceDate': '2026-11-23' };

function run(options: Parameters<typeof mockContext>[0]) {
	const { ctx, calls } = mockContext(options);
	return { result: node.execute.call(ctx), calls };
}

describe('Dunning Stage node: description', () => {
	it('follows the community node conventions', () => {
		const d = node.description;
		expect(d.name).toBe('dunningStage');
		expect(d.usableAsTool).toBe(true);
		expect(d.subtitle).toContain('$parameter');
		expect(d.icon).toEqual({ light: 'file:dunningStage.svg', dark: 'file:dunningStage.dark.svg' });
		for (const p of d.properties) expect(p).toHaveProperty('default');
	});
});

/** With REF: one invoice in each phase but No Action. */
const ONE_PER_PHASE: Array<{ invoiceId: string; dueDate: string; status?: string }> = [
	{ invoiceId: 'pre', dueDate: '2026-11-24' },
	{ invoiceId: 'dun', dueDate: '2026-11-20' },
	{ invoiceId: 'neg', dueDate: '2026-10-01' },
	{ invoiceId: 'leg', dueDate: '2026-01-01' },
	{ invoiceId: 'paid', dueDate: '2026-11-01', status: 'paid' },
];

describe('Dunning Stage node: execute', () => {
	it('adds dunning to every item with pairedItem, keeping every other field', async () => {
		const { result } = run({
			items: [
				{ invoiceId: 'A', dueDate: '2026-11-11', extra: { keep: true } },
				{ invoiceId: 'B', dueDate: '2026-11-23', status: 'paid' },
			],
			params: REF,
		});
		const [out] = await result;
		expect(out).toHaveLength(2);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[0].json).toMatchObject({ invoiceId: 'A', extra: { keep: true }, dunning: { stage: 'overdue_9d', daysOverdue: 12 } });
		expect(out[1].json.dunning).toMatchObject({ stage: 'settled', phase: 'settled' });
	});

	it('reads mapped field names, including nested ones', async () => {
		const [out] = await run({
			items: [{ id: 'X', fatura: { vencimento: '13/11/2026' }, situacao: 'vencido', ultimaEtapa: 'overdue_6d', fuso: 'America/Sao_Paulo' }],
			params: {
				...REF,
				dueDateField: 'fatura.vencimento',
				'fieldNames.status': 'situacao',
				'fieldNames.lastStageSent': 'ultimaEtapa',
				'fieldNames.timezone': 'fuso',
				'fieldNames.invoiceId': 'id',
			},
		}).result;
		expect(out[0].json.dunning).toMatchObject({ stage: 'overdue_9d', isNew: true, lastStageSent: 'overdue_6d' });
	});

	it('reads constant parameters once per execution, expression parameters per item', async () => {
		const items = Array.from({ length: 50 }, (_, i) => ({ invoiceId: String(i), dueDate: '2026-11-20', tz: i % 2 ? 'Europe/Lisbon' : '' }));
		const { result, calls } = run({
			items,
			params: { ...REF, 'fieldNames.timezone': (i: number) => (i % 2 ? 'tz' : 'timezone') },
		});
		const [out] = await result;
		expect(out).toHaveLength(50);
		const count = (name: string) => calls.filter((c) => c.name === name).length;
		expect(count('dueDateField')).toBe(1);
		expect(count('options.referenceDate')).toBe(1);
		expect(count('fieldNames.timezone')).toBe(50);
		expect(out[1].json.dunning).toMatchObject({ timezone: 'Europe/Lisbon' });
		expect(out[0].json.dunning).toMatchObject({ timezone: 'America/Sao_Paulo' });
	});

	it('uses the workflow time zone, or the Time Zone option, for items without one', async () => {
		const items = [{ dueDate: '2026-11-20' }];
		const ctxZone = await run({ items, params: REF, timezone: 'America/New_York' }).result;
		expect(ctxZone[0][0].json.dunning).toMatchObject({ timezone: 'America/New_York' });
		const optionZone = await run({ items, params: { ...REF, 'options.timezone': 'America/Mexico_City' }, timezone: 'America/New_York' }).result;
		expect(optionZone[0][0].json.dunning).toMatchObject({ timezone: 'America/Mexico_City' });
	});

	it('throws a NodeOperationError naming the item, invoice, field and value', async () => {
		const { result } = run({ items: [{ invoiceId: 'A', dueDate: '2026-11-11' }, { invoiceId: 'INV-7', dueDate: '31/02/2026' }], params: REF });
		await expect(result).rejects.toThrow(NodeOperationError);
		await expect(run({ items: [{ invoiceId: 'A', dueDate: '2026-11-11' }, { invoiceId: 'INV-7', dueDate: '31/02/2026' }], params: REF }).result).rejects.toMatchObject({
			message: "Item 2 (invoice INV-7): Field 'dueDate' has the value \"31/02/2026\": February 2026 has no day 31",
			description: 'Correct the date in the source data (for example the last day of the month).',
			context: { itemIndex: 1, field: 'dueDate' },
		});
	});

	it('with continue on fail (regular output), keeps the failed row with its error and processes the rest', async () => {
		const [out] = await run({
			items: [{ invoiceId: 'A', dueDate: '' }, { invoiceId: 'B', dueDate: '2026-11-20' }, { invoiceId: 'C', dueDate: 'amanhã' }],
			params: REF,
			continueOnFail: true,
			onError: 'continueRegularOutput',
		}).result;
		expect(out.map((i) => i.json.invoiceId)).toEqual(['A', 'B', 'C']);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ invoiceId: 'A', error: expect.stringContaining('Item 1 (invoice A)'), details: { field: 'dueDate', itemIndex: 0 } });
		expect(out[1].json.dunning).toMatchObject({ stage: 'overdue_3d' });
		expect(out[2].json.error).toContain('"amanhã" is not a date format this node reads');
	});

	it('with continue on fail (error output), emits error items n8n can move to the error output', async () => {
		const [out] = await run({ items: [{ invoiceId: 'A', dueDate: 'x' }], params: REF, continueOnFail: true, onError: 'continueErrorOutput' }).result;
		expect(Object.keys(out[0].json).sort()).toEqual(['details', 'error']);
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('routes to one output per phase', async () => {
		const items = [...ONE_PER_PHASE, { invoiceId: 'grace', dueDate: '2026-11-22' }, { invoiceId: 'bad', dueDate: '' }];
		const out = await run({ items, params: { ...REF, outputMode: 'perPhase' }, continueOnFail: true }).result;
		expect(out.map((o) => o.map((i) => i.json.invoiceId))).toEqual([['pre'], ['dun'], ['neg'], ['leg'], ['paid'], ['grace', 'bad']]);
		expect(node.description.outputs).toContain('perPhase');
	});

	it('Already Sent Stages to No Action: an item whose stage was already sent goes to No Action, the new ones stay on their phase', async () => {
		const items = ONE_PER_PHASE;
		const first = await run({ items, params: { ...REF, outputMode: 'perPhase' } }).result;
		const stageOf = Object.fromEntries(first.flat().map((i) => [i.json.invoiceId, (i.json.dunning as IDataObject).stage]));
		// Yesterday's run sent the stages of dun, neg and paid; pre and leg get theirs today.
		const again = items.map((item) => (['dun', 'neg', 'paid'].includes(item.invoiceId) ? { ...item, lastStageSent: stageOf[item.invoiceId] } : item));
		const params = { ...REF, outputMode: 'perPhase', 'options.alreadySentToNoAction': true };
		const out = await run({ items: again, params }).result;
		expect(out.map((o) => o.map((i) => i.json.invoiceId))).toEqual([['pre'], [], [], ['leg'], [], ['dun', 'neg', 'paid']]);
		for (const item of out[5]) expect(item.json.dunning).toMatchObject({ isNew: false, stage: stageOf[item.json.invoiceId as string] });
		expect(out.flat().map((i) => i.pairedItem)).toEqual(expect.arrayContaining([0, 1, 2, 3, 4].map((item) => ({ item }))));
		// Off (the default), or with a single output, nothing moves.
		const off = await run({ items: again, params: { ...REF, outputMode: 'perPhase' } }).result;
		expect(off.map((o) => o.map((i) => i.json.invoiceId))).toEqual([['pre'], ['dun'], ['neg'], ['leg'], ['paid'], []]);
		const [single] = await run({ items: again, params: { ...REF, 'options.alreadySentToNoAction': true } }).result;
		expect(single).toHaveLength(5);
		const option = node.description.properties.find((p) => p.name === 'options')?.options?.find((o) => 'name' in o && o.name === 'alreadySentToNoAction');
		expect(option).toMatchObject({ type: 'boolean', default: false, displayOptions: { show: { '/outputMode': ['perPhase'] } } });
	});

	it('consolidates open invoices per debtor with pairedItem to every source item', async () => {
		const items = [
			{ invoiceId: 'I1', customerId: 'C1', dueDate: '2026-11-20', amount: '100,00', currency: 'BRL', customerName: 'Maria', lastStageSent: 'due_today' },
			{ invoiceId: 'I2', customerId: 'C2', dueDate: '2026-11-20', amount: 10, currency: 'BRL' },
			{ invoiceId: 'I3', customerId: 'C1', dueDate: '2026-11-01', amount: 'R$ 1.000,00', currency: 'BRL', customerName: 'Maria S.', lastStageSent: 'overdue_15d' },
			{ invoiceId: 'I4', customerId: 'C1', dueDate: '2026-11-01', amount: 5, currency: 'BRL', status: 'paid' },
		];
		const [out] = await run({ items, params: { ...REF, consolidate: true } }).result;
		expect(out).toHaveLength(3);
		const paid = out.find((i) => i.json.invoiceId === 'I4');
		expect(paid?.json.dunning).toMatchObject({ stage: 'settled' });
		const c1 = out.find((i) => i.json.customerId === 'C1' && i.json.invoiceCount === 2);
		expect(c1?.pairedItem).toEqual([{ item: 2 }, { item: 0 }]);
		expect(c1?.json).toMatchObject({
			invoiceId: 'I3',
			customerName: 'Maria S.',
			amount: 1100,
			invoiceCount: 2,
			invoices: [
				{ invoiceId: 'I3', dueDate: '2026-11-01', amount: 1000, daysOverdue: 22, stage: 'overdue_15d' },
				{ invoiceId: 'I1', dueDate: '2026-11-20', amount: 100, daysOverdue: 3, stage: 'overdue_3d' },
			],
			dunning: { stage: 'overdue_15d', consolidated: true, invoiceCount: 2, isNew: false },
		});
		expect(String((c1?.json.dunning as { reason: string }).reason)).toContain('2 open invoices of customer C1');
	});

	it('fails an item that cannot be consolidated, naming the field', async () => {
		await expect(
			run({ items: [{ invoiceId: 'I1', dueDate: '2026-11-20', amount: 'abc', customerId: 'C1' }], params: { ...REF, consolidate: true } }).result,
		).rejects.toThrow("Item 1 (invoice I1): Field 'amount' has the value \"abc\"");
	});

	it('reports a custom ladder error as a setting error, before any item', async () => {
		await expect(
			run({
				items: [{ dueDate: '2026-11-20' }],
				params: {
					...REF,
					ladderPreset: 'custom',
					'stages.stage': [
						{ key: 'a', phase: 'dunning', firstDay: 5, lastDay: '', label: '' },
						{ key: 'b', phase: 'dunning', firstDay: 1, lastDay: '', label: '' },
					],
				},
			}).result,
		).rejects.toThrow("Stages: stage 2 ('b') starts on day 1, not after the previous stage 'a'");
	});

	it('uses a custom ladder and business days with holidays', async () => {
		const [out] = await run({
			items: [{ dueDate: '2026-11-18' }, { dueDate: '2026-11-10' }],
			params: {
				...REF,
				ladderPreset: 'custom',
				'stages.stage': [
					{ key: 'soft', phase: 'dunning', firstDay: 1, lastDay: '', label: 'Soft' },
					{ key: 'hard', phase: 'legal', firstDay: 5, lastDay: '', label: 'Hard' },
				],
				dayCount: 'business',
				holidays: '2026-11-20',
			},
		}).result;
		expect(out.map((i) => [(i.json.dunning as { stage: string }).stage, (i.json.dunning as { daysOverdue: number }).daysOverdue])).toEqual([
			['soft', 2],
			['hard', 8],
		]);
	});

	describe('business days with each debtor’s built-in bank calendar', () => {
		const business = (reference: string, extra: Record<string, unknown> = {}) => ({ 'options.referenceDate': reference, dayCount: 'business', ...extra });
		const dunning = (item: { json: Record<string, unknown> }) => item.json.dunning as Record<string, unknown>;

		it('rolls a due date on Carnival Monday over to Ash Wednesday in Brazil, not in Mexico', async () => {
			const [out] = await run({
				items: [
					{ invoiceId: 'BR', dueDate: '2026-02-16', country: 'BR', state: 'SP' },
					{ invoiceId: 'MX', dueDate: '2026-02-16', country: 'MX' },
				],
				params: business('2026-02-19'),
			}).result;
			expect(out.map((i) => [i.json.invoiceId, dunning(i).daysOverdue, dunning(i).jurisdiction, dunning(i).dayCount])).toEqual([
				['BR', 1, 'BR-SP', 'business'],
				['MX', 3, 'MX', 'business'],
			]);
			expect(dunning(out[0]).reason).toMatch(/^1 business day overdue \(due 2026-02-16, Carnaval.*, moved to the next business day 2026-02-18, business days of BR-SP, America\/Sao_Paulo\)/);
		});

		it('counts a state holiday in its own state only (9 July in São Paulo, not in Rio); your own dates on top, per state', async () => {
			const items = [
				{ invoiceId: 'SP', dueDate: '2026-07-09', country: 'BR', state: 'BR-SP' },
				{ invoiceId: 'RJ', dueDate: '2026-07-09', country: 'BR', state: 'RJ' },
			];
			const [out] = await run({ items, params: business('2026-07-13') }).result;
			expect(out.map((i) => [i.json.invoiceId, dunning(i).daysOverdue])).toEqual([
				['SP', 1],
				['RJ', 2],
			]);
			const [own] = await run({ items, params: business('2026-07-13', { holidays: 'BR-SP: 10/07/2026' }) }).result;
			expect(own.map((i) => [i.json.invoiceId, dunning(i).daysOverdue])).toEqual([
				['SP', 0],
				['RJ', 2],
			]);
		});

		it('a row without a country counts weekends and your plain dates, or the Default Country’s holidays', async () => {
			const items = [{ invoiceId: 'NONE', dueDate: '2026-02-16' }];
			const [plain] = await run({ items, params: business('2026-02-19') }).result;
			expect([dunning(plain[0]).daysOverdue, dunning(plain[0]).jurisdiction]).toEqual([3, null]);
			const [brazil] = await run({ items, params: business('2026-02-19', { 'options.defaultCountry': 'br' }) }).result;
			expect([dunning(brazil[0]).daysOverdue, dunning(brazil[0]).jurisdiction]).toEqual([1, 'BR']);
		});

		it('an unknown state is an item error naming the state field and listing the codes', async () => {
			await expect(
				run({ items: [{ invoiceId: 'X', dueDate: '2026-02-16', country: 'BR', state: 'XX' }], params: business('2026-02-19') }).result,
			).rejects.toThrow(/Item 1 \(invoice X\): Field 'state' has the value "XX": "XX" is not a state of Brazil/);
			await expect(
				run({ items: [{ invoiceId: 'Y', dueDate: '2026-02-16', country: 'MX', state: 'BR-SP' }], params: business('2026-02-19') }).result,
			).rejects.toThrow(/Field 'state' has the value "BR-SP": the state "BR-SP" belongs to BR, but the country is "MX"/);
		});

		it('with Only My Holiday List, the built-in calendars are not used', async () => {
			const [out] = await run({
				items: [{ invoiceId: 'BR', dueDate: '2026-02-16', country: 'BR', state: 'SP' }],
				params: business('2026-02-19', { holidaySource: 'listOnly' }),
			}).result;
			expect([dunning(out[0]).daysOverdue, dunning(out[0]).jurisdiction]).toEqual([3, null]);
		});
	});

	describe('the conversation written back: promises, pauses and instalment plans', () => {
		const invoice = { invoiceId: 'INV-P', dueDate: '2026-11-11', status: 'open', promiseDate: '27/11/2026' };
		const at = async (reference: string, row: Record<string, unknown> = invoice, extra: Record<string, unknown> = {}) => {
			const [out] = await run({ items: [row as IDataObject], params: { 'options.referenceDate': reference, ...extra } }).result;
			return out[0].json.dunning as Record<string, unknown>;
		};

		it('holds the ladder until after the promised day (+1 grace day), reminding the day before', async () => {
			expect(await at('2026-11-23')).toMatchObject({
				stage: null,
				phase: 'none',
				isNew: false,
				promiseDate: '2026-11-27',
				heldUntil: '2026-11-28',
				reason: expect.stringContaining('promised to pay on 2026-11-27: no notice until 2026-11-29 (1 grace day), a reminder on 2026-11-26'),
			});
			expect(await at('2026-11-26')).toMatchObject({ stage: 'promise_reminder', phase: 'dunning', isNew: true });
			expect(await at('2026-11-26', { ...invoice, lastStageSent: 'promise_reminder' })).toMatchObject({ stage: 'promise_reminder', isNew: false });
			expect(await at('2026-11-28')).toMatchObject({ stage: null, heldUntil: '2026-11-28' });
			expect((await at('2026-11-28')).brokenPromise).toBeUndefined();
		});

		it('after the grace, unpaid: brokenPromise, and the ladder resumes as if no stage had been sent since the reminder', async () => {
			const resumed = await at('2026-11-29', { ...invoice, lastStageSent: 'promise_reminder' });
			expect(resumed).toMatchObject({ brokenPromise: true, stage: 'overdue_15d', isNew: true, daysOverdue: 18, lastStageSent: 'promise_reminder' });
			expect(resumed.reason).toMatch(/^promise to pay on 2026-11-27 broken; 18 days overdue/);
			// A longer grace waits longer.
			expect(await at('2026-11-29', invoice, { 'options.promiseGraceDays': 3 })).toMatchObject({ stage: null, heldUntil: '2026-11-30' });
		});

		it('a pause holds every message until after its day; paid invoices are settled whatever was promised', async () => {
			expect(await at('2026-11-23', { ...invoice, promiseDate: '', pausedUntil: '2026-11-25' })).toMatchObject({
				stage: null,
				heldUntil: '2026-11-25',
				reason: expect.stringContaining('paused until 2026-11-25 (pausedUntil), no message until 2026-11-26'),
			});
			expect(await at('2026-11-26', { ...invoice, promiseDate: '', pausedUntil: '2026-11-25' })).toMatchObject({ stage: 'overdue_15d', isNew: true });
			expect(await at('2026-11-23', { ...invoice, status: 'paid' })).toMatchObject({ stage: 'settled' });
		});

		it('an instalment plan: the ladder follows the next due date, and a missed instalment is a broken promise', async () => {
			const plan = { invoiceId: 'INV-PLAN', dueDate: '2026-10-01', status: 'open', planId: 'P-1', nextDueDate: '2026-12-07' };
			expect(await at('2026-12-06', plan)).toMatchObject({ stage: 'reminder_1d', planDueDate: '2026-12-07', daysOverdue: -1 });
			expect((await at('2026-12-06', plan)).reason).toMatch(/^instalment plan, next due 2026-12-07: /);
			expect(await at('2026-12-09', plan)).toMatchObject({ brokenPromise: true, daysOverdue: 2, stage: null });
			expect((await at('2026-12-09', plan)).reason).toContain('instalment due 2026-12-07 missed');
		});

		it('reminders before each instalment: a stage sent for the invoice or an earlier instalment does not block them', async () => {
			// Accepted while in negotiation (negotiation_30d sent), first instalment 2026-12-07.
			const accepted = { invoiceId: 'INV-PLAN', dueDate: '2026-10-01', status: 'open', planId: 'P-1', nextDueDate: '2026-12-07', lastStageSent: 'negotiation_30d' };
			const first = await at('2026-11-30', accepted);
			expect(first).toMatchObject({ stage: 'reminder_7d', phase: 'pre_collection', isNew: true, daysOverdue: -7, lastStageSent: 'negotiation_30d' });
			expect(first.reason).toContain('(negotiation_30d was for an earlier one)');
			expect(await at('2026-12-06', { ...accepted, lastStageSent: 'reminder_7d' })).toMatchObject({ stage: 'reminder_1d', isNew: true });
			expect(await at('2026-12-07', { ...accepted, lastStageSent: 'due_today' })).toMatchObject({ stage: 'due_today', isNew: false });
			// Paid: the CRM moves nextDueDate to the second instalment; its reminders start over.
			const second = { ...accepted, nextDueDate: '2027-01-07', lastStageSent: 'due_today' };
			expect(await at('2026-12-20', second)).toMatchObject({ stage: null, daysOverdue: -18 });
			expect(await at('2026-12-31', second)).toMatchObject({ stage: 'reminder_7d', isNew: true, planDueDate: '2027-01-07' });
			expect(await at('2027-01-07', { ...second, lastStageSent: 'reminder_1d' })).toMatchObject({ stage: 'due_today', isNew: true });
		});

		it('a missed instalment is a broken promise once: the write-back records its due date, and the same miss is not counted again', async () => {
			const plan = { invoiceId: 'INV-PLAN', dueDate: '2026-10-01', status: 'open', planId: 'P-1', nextDueDate: '2026-12-07', lastStageSent: 'due_today' };
			expect(await at('2026-12-08', plan)).not.toHaveProperty('brokenPromise');
			const missed = await at('2026-12-09', plan);
			expect(missed).toMatchObject({ brokenPromise: true, writeBack: { planMissedDueDate: '2026-12-07' } });
			// The next run, after the write-back: no second count, and the ladder goes on for the missed instalment.
			const after = { ...plan, planMissedDueDate: '2026-12-07' };
			const later = await at('2026-12-10', after);
			expect(later).toMatchObject({ stage: 'overdue_3d', isNew: true, daysOverdue: 3 });
			expect(later).not.toHaveProperty('brokenPromise');
			expect(later).not.toHaveProperty('writeBack');
			expect(later.reason).toContain('instalment due 2026-12-07 missed (already counted as a broken promise)');
			// The next instalment missed too: counted, once more.
			expect(await at('2027-01-09', { ...after, nextDueDate: '2027-01-07' })).toMatchObject({ brokenPromise: true, writeBack: { planMissedDueDate: '2027-01-07' } });
			// A mapped field, and the grace parameter used for promises.
			expect(await at('2026-12-10', { ...plan, contado: '07/12/2026' }, { 'fieldNames.planMissedDueDate': 'contado' })).not.toHaveProperty('brokenPromise');
			expect(await at('2026-12-09', plan, { 'options.promiseGraceDays': 3 })).not.toHaveProperty('brokenPromise');
			expect(await at('2026-12-11', plan, { 'options.promiseGraceDays': 3 })).toMatchObject({ brokenPromise: true });
		});

		it('Already Sent Stages to No Action lets a promise broken today through, even when its stage was already sent', async () => {
			const row = { ...invoice, lastStageSent: 'overdue_15d' };
			const params = { 'options.referenceDate': '2026-11-29', outputMode: 'perPhase', 'options.alreadySentToNoAction': true };
			const out = await run({ items: [row, { ...row, invoiceId: 'INV-Q', promiseDate: '' }], params }).result;
			const where = out.map((o) => o.map((i) => [i.json.invoiceId, (i.json.dunning as IDataObject).isNew, (i.json.dunning as IDataObject).brokenPromise]));
			// The same stage already sent: the broken promise is sent again (once: the write-back clears the promise), the other is not.
			expect(where).toEqual([[], [['INV-P', false, true]], [], [], [], [['INV-Q', false, undefined]]]);
		});

		it('a broken promise says what to write back: the promise is spent', async () => {
			expect(await at('2026-11-29', { ...invoice, lastStageSent: 'promise_reminder' })).toMatchObject({ brokenPromise: true, writeBack: { promiseDate: '' } });
		});

		it('a promised day that is not a date is an item error naming the field', async () => {
			await expect(run({ items: [{ ...invoice, promiseDate: 'sexta' }], params: REF }).result).rejects.toThrow(/Field 'promiseDate' has the value "sexta"/);
		});
	});

	it('returns empty outputs for no input', async () => {
		expect(await run({ items: [], params: { outputMode: 'perPhase' } }).result).toEqual([[], [], [], [], [], []]);
	});

	it('rejects a bad Time Zone option for the whole run', async () => {
		await expect(run({ items: [{ dueDate: '2026-11-20' }], params: { ...REF, 'options.timezone': 'Sao Paulo' } }).result).rejects.toThrow(
			'Time Zone option: "Sao Paulo" is not a time zone',
		);
	});
});
