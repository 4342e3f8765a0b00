import fs from 'node:fs';
import path from 'node:path';

import { type IDataObject, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { SegmentDebtor, configuredOutputs } from '../../nodes/SegmentDebtor/SegmentDebtor.node';
import { DEBTOR_TYPE_OUTPUT_NAMES, SEGMENT_OUTPUT_NAMES } from '../../nodes/SegmentDebtor/SegmentDebtor.description';
import { debtorRow } from '../fixtures/debtor-row';
import { mockContext } from './mock-context';

const node = new SegmentDebtor();
const REF = { 'options.referenceDate': '2026-11-23' };

interface Rule {
	segment: string;
	tone?: string;
	offer?: string;
	channels?: string;
}

interface RunOptions {
	items: IDataObject[];
	params?: Record<string, unknown>;
	rules?: Rule[];
	/** Stands in for n8n's filter: rule r's conditions on item json. */
	matches?: (ruleIndex: number, json: IDataObject) => boolean;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
}

/** "options.x": 1 → { options: { x: 1 } }: n8n returns a whole collection for getNodeParameter('options'). */
function nested(flat: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(flat)) {
		const parts = key.split('.');
		let target = out;
		for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
		target[parts[parts.length - 1]] = value;
	}
	return out;
}

function run(options: RunOptions) {
	const { ctx, calls, node: n8nNode } = mockContext({
		items: options.items,
		params: nested({ ...REF, ...(options.params ?? {}) }),
		continueOnFail: options.continueOnFail,
		onError: options.onError,
	});
	const rules = options.rules ?? [];
	if (options.rules) {
		n8nNode.parameters.rules = { values: rules.map((r) => ({ ...r, conditions: { conditions: [], combinator: 'and', options: {} } })) };
	}
	const conditionCalls: Array<{ rule: number; item: number; extractValue: unknown }> = [];
	const base = ctx.getNodeParameter.bind(ctx) as (name: string, i: number, fallback?: unknown) => unknown;
	(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		extra?: { extractValue?: boolean },
	) => {
		const m = /^rules\.values\[(\d+)\]\.(\w+)$/.exec(name);
		if (!m) return base(name, itemIndex, fallback);
		const r = Number(m[1]);
		if (m[2] === 'conditions') {
			conditionCalls.push({ rule: r, item: itemIndex, extractValue: extra?.extractValue });
			return options.matches ? options.matches(r, options.items[itemIndex]) : false;
		}
		return (rules[r] as unknown as Record<string, unknown>)[m[2]] ?? fallback;
	};
	return { result: node.execute.call(ctx as IExecuteFunctions), calls, conditionCalls };
}

/** Contract-shaped rows as a CSV gives them: every value a string. */
function row(overrides: Record<string, string> = {}): IDataObject {
	return debtorRow('INV-1', { customerId: 'C-1', ...overrides });
}

type Segment = { name: string; debtorType: string; tone: string; channels: string[]; offer: string; priority: number; reasons: string[]; variant?: string };
const seg = (item: { json: IDataObject }) => item.json.segment as unknown as Segment;

describe('a promise Dunning Stage found broken in this run', () => {
	it('counts with brokenPromises at once: one written before plus this one make the debtor intentional', async () => {
		const dunning = (broken: boolean) => ({
			stage: 'overdue_15d',
			phase: 'dunning',
			daysOverdue: 18,
			referenceDate: '2026-11-23',
			timezone: 'America/Sao_Paulo',
			dueDate: '2026-11-05',
			...(broken ? { brokenPromise: true } : {}),
		});
		const [kept] = await run({ items: [{ ...row({ brokenPromises: '1' }), dunning: dunning(false) }] }).result;
		const [broken] = await run({ items: [{ ...row({ brokenPromises: '1' }), dunning: dunning(true) }] }).result;
		expect(seg(kept[0]).debtorType).toBe('casual');
		expect(seg(broken[0]).debtorType).toBe('intentional');
		expect(seg(broken[0]).reasons.join(' ')).toContain('2 broken promises');
	});
});

describe('Segment Debtor node: description', () => {
	it('follows the community node conventions', () => {
		const d = node.description;
		expect(d.name).toBe('segmentDebtor');
		expect(d.usableAsTool).toBe(true);
		expect(d.subtitle).toContain('$parameter');
		expect(d.icon).toEqual({ light: 'file:segmentDebtor.svg', dark: 'file:segmentDebtor.dark.svg' });
		for (const p of d.properties) expect(p).toHaveProperty('default');
		const dir = path.join(__dirname, '..', '..', 'nodes', 'SegmentDebtor');
		for (const icon of ['segmentDebtor.svg', 'segmentDebtor.dark.svg']) expect(fs.readFileSync(path.join(dir, icon), 'utf8')).toContain('<svg');
		const codex = JSON.parse(fs.readFileSync(path.join(dir, 'SegmentDebtor.node.json'), 'utf8'));
		expect(codex).toMatchObject({ node: 'n8n-nodes-dunning.segmentDebtor', categories: ['Finance & Accounting'] });
	});

	it('is registered in package.json', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/SegmentDebtor/SegmentDebtor.node.js');
	});

	it('declares its outputs with an expression that stands on its own', () => {
		const expression = node.description.outputs as string;
		expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
		// What n8n does with it: evaluate it against the node's parameters, with nothing else in scope.
		const evaluate = new Function('$parameter', `return ${expression.slice(3, -2)};`) as (p: object) => unknown;
		expect(evaluate({ outputMode: 'single' })).toEqual(['main']);
		expect(evaluate({ outputMode: 'perSegment', mode: 'standard' })).toEqual(SEGMENT_OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName })));
		expect(evaluate({ outputMode: 'perDebtorType' })).toEqual(
			['First-Time', 'Casual', 'Intentional'].map((displayName) => ({ type: 'main', displayName })),
		);
		expect(
			evaluate({ outputMode: 'perSegment', mode: 'custom', rules: { values: [{ segment: 'vip' }, { segment: '' }] }, options: { fallbackSegment: 'rest' } }),
		).toEqual([
			{ type: 'main', displayName: 'vip' },
			{ type: 'main', displayName: 'Rule 2' },
			{ type: 'main', displayName: 'rest' },
		]);
		expect(configuredOutputs({ outputMode: 'perSegment', mode: 'custom' }, SEGMENT_OUTPUT_NAMES, DEBTOR_TYPE_OUTPUT_NAMES)).toEqual([
			{ type: 'main', displayName: 'other' },
		]);
	});
});

describe('Segment Debtor node: Standard model', () => {
	it('adds segment to CSV-string rows without Dunning Stage, keeping every other field and pairedItem', async () => {
		const [out] = await run({
			items: [
				row({ invoiceId: 'A', dueDate: '2026-11-11' }),
				row({ invoiceId: 'B', dueDate: '30/11/2026', amount: '89,90', whatsappOptIn: 'não' }),
				row({ invoiceId: 'C', dueDate: '2026-09-24', amount: '459,70', lateCount12m: '6', brokenPromises: '3', optedOut: 'sms,whatsapp' }),
			],
		}).result;
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ customerName: 'Maria da Silva', productType: 'internet_500mb' });
		expect(seg(out[0])).toMatchObject({ name: 'first_time', debtorType: 'first_time', tone: 'friendly', offer: 'none', channels: ['whatsapp', 'sms', 'email'], valueTier: 'medium' });
		expect(seg(out[0]).priority).toBe(Math.round(10 * Math.log10(1 + 1234.56) * (1 + 12 / 30)));
		expect(seg(out[1])).toMatchObject({ name: 'pre_due', tone: 'friendly', channels: ['sms', 'email'], priority: 20 });
		expect(seg(out[2])).toMatchObject({ name: 'intentional', debtorType: 'intentional', tone: 'firm', offer: 'instalments', channels: ['email'] });
		expect(seg(out[2]).reasons[0]).toBe('60 days overdue (computed from due date 2026-09-24, America/Sao_Paulo: phase negotiation)');
	});

	it("uses Dunning Stage's dunning object when it is there", async () => {
		const dunning = { stage: 'legal_90d', phase: 'legal', daysOverdue: 95, status: 'open', referenceDate: '2026-11-23', timezone: 'America/Sao_Paulo' };
		// The row's own due date is empty: classifying it again would fail.
		const [ok] = await run({ items: [{ ...row({ dueDate: '' }), dunning }] }).result;
		expect(seg(ok[0])).toMatchObject({ name: 'legal', tone: 'formal', offer: 'settlement' });
		expect(seg(ok[0]).reasons[0]).toBe('95 days overdue (Dunning Stage: phase legal, stage legal_90d)');
	});

	it('reads mapped and nested field names', async () => {
		const [out] = await run({
			items: [
				{
					fatura: { numero: 'F-9', valor: 'R$ 2.500,00', moeda: 'BRL', vencimento: '2026-10-01' },
					cliente: { telefone: '11 98765-4321', optin: 'sim', atrasos: '1', promessas: '0', desde: '2025-01-10' },
				},
			],
			params: {
				'fieldNames.invoiceId': 'fatura.numero',
				'fieldNames.amount': 'fatura.valor',
				'fieldNames.currency': 'fatura.moeda',
				'fieldNames.dueDate': 'fatura.vencimento',
				'fieldNames.phone': 'cliente.telefone',
				'fieldNames.whatsappOptIn': 'cliente.optin',
				'fieldNames.lateCount12m': 'cliente.atrasos',
				'fieldNames.brokenPromises': 'cliente.promessas',
				'fieldNames.customerSince': 'cliente.desde',
			},
		}).result;
		expect(seg(out[0])).toMatchObject({ name: 'negotiation', debtorType: 'casual', tone: 'firm', offer: 'instalments', channels: ['whatsapp', 'sms'], valueTier: 'high' });
	});

	it('reads constant parameters once per execution', async () => {
		const items = Array.from({ length: 40 }, (_, i) => row({ invoiceId: String(i) }));
		const { result, calls } = run({ items, params: { 'options.channelOrder': 'sms, email' } });
		const [out] = await result;
		expect(out).toHaveLength(40);
		expect(seg(out[39]).channels).toEqual(['sms', 'email']);
		const count = (name: string) => calls.filter((c) => c.name === name).length;
		expect(count('options')).toBe(1);
		expect(count('fieldNames')).toBe(1);
	});

	it('applies the options: thresholds, name parts, value tiers, early-payment discount', async () => {
		const [out] = await run({
			items: [row({ lateCount12m: '2', dueDate: '2026-11-13' }), row({ dueDate: '2026-11-30', currency: 'COP', amount: '250000' })],
			params: {
				'options.intentionalLateCount': 2,
				'options.oldDebtFromDay': 10,
				'options.nameParts': ['valueTier', 'customerType'],
				'options.earlyPaymentDiscount': true,
				'valueTiers.tier': [{ currency: 'COP', mediumFrom: 100000, highFrom: 1000000, instalmentsFrom: 50000 }],
			},
		}).result;
		expect(seg(out[0])).toMatchObject({ name: 'intentional_medium_individual', debtorType: 'intentional' });
		expect(seg(out[1])).toMatchObject({ name: 'pre_due_medium_individual', offer: 'early_payment_discount' });
	});
});

describe('Segment Debtor node: outputs', () => {
	const items = [
		row({ invoiceId: 'pre', dueDate: '2026-11-25' }),
		row({ invoiceId: 'first', dueDate: '2026-11-18' }),
		row({ invoiceId: 'casual', dueDate: '2026-11-18', lateCount12m: '1' }),
		row({ invoiceId: 'intent', dueDate: '2026-11-18', brokenPromises: '2' }),
		row({ invoiceId: 'nego', dueDate: '2026-10-01', lateCount12m: '1' }),
		row({ invoiceId: 'legal', dueDate: '2026-07-01' }),
		row({ invoiceId: 'paid', status: 'paid' }),
		row({ invoiceId: 'hold', status: 'disputed' }),
	];
	const ids = (out: Array<{ json: IDataObject }>) => out.map((i) => i.json.invoiceId);

	it('routes to one output per segment', async () => {
		const outputs = await run({ items, params: { outputMode: 'perSegment' } }).result;
		expect(outputs.map(ids)).toEqual([['pre'], ['first'], ['casual'], ['intent'], ['nego'], ['legal'], ['paid'], ['hold']]);
	});

	it('routes per segment by the first part of the name when name parts are added', async () => {
		const outputs = await run({ items: items.slice(0, 2), params: { outputMode: 'perSegment', 'options.nameParts': ['valueTier'] } }).result;
		expect(outputs.map(ids).slice(0, 2)).toEqual([['pre'], ['first']]);
		expect(seg(outputs[1][0]).name).toBe('first_time_medium');
	});

	it('routes to one output per debtor type', async () => {
		const outputs = await run({ items, params: { outputMode: 'perDebtorType' } }).result;
		expect(outputs.map(ids)).toEqual([['pre', 'first', 'legal', 'paid', 'hold'], ['casual', 'nego'], ['intent']]);
	});

	it('keeps every item on one output by default', async () => {
		const outputs = await run({ items }).result;
		expect(outputs).toHaveLength(1);
		expect(ids(outputs[0])).toEqual(items.map((i) => i.invoiceId));
	});
});

describe('Segment Debtor node: custom rules', () => {
	const items = [
		row({ invoiceId: 'big', amount: '5.000,00', customerType: 'business' }),
		row({ invoiceId: 'biz', customerType: 'business', lateCount12m: '1' }),
		row({ invoiceId: 'other', dueDate: '2026-11-30' }),
	];
	const rules: Rule[] = [
		{ segment: 'vip', tone: 'formal', offer: 'settlement', channels: 'email' },
		{ segment: 'business', tone: 'auto', offer: 'auto', channels: '' },
	];
	const matches = (r: number, json: IDataObject) =>
		r === 0 ? (json.amount as string) === '5.000,00' : (json.customerType as string) === 'business';

	it('evaluates each rule through the filter parameter, first match wins, then the fallback', async () => {
		const { result, conditionCalls } = run({ items, params: { mode: 'custom' }, rules, matches });
		const [out] = await result;
		expect(out.map((i) => [i.json.invoiceId, seg(i).name])).toEqual([
			['big', 'vip'],
			['biz', 'business'],
			['other', 'other'],
		]);
		expect(seg(out[0])).toMatchObject({ tone: 'formal', offer: 'settlement', channels: ['email'], debtorType: 'first_time' });
		expect(seg(out[1])).toMatchObject({ tone: 'friendly', offer: 'none', debtorType: 'casual' });
		expect(seg(out[1]).reasons).toContain('Custom rule 2 matched: segment business (Standard model: casual)');
		expect(conditionCalls).toEqual([
			{ rule: 0, item: 0, extractValue: true },
			{ rule: 0, item: 1, extractValue: true },
			{ rule: 1, item: 1, extractValue: true },
			{ rule: 0, item: 2, extractValue: true },
			{ rule: 1, item: 2, extractValue: true },
		]);
	});

	it('routes to one output per rule plus the fallback, named by the Fallback Segment option', async () => {
		const outputs = await run({
			items,
			params: { mode: 'custom', outputMode: 'perSegment', 'options.fallbackSegment': 'resto' },
			rules,
			matches,
		}).result;
		expect(outputs.map((o) => o.map((i) => seg(i).name))).toEqual([['vip'], ['business'], ['resto']]);
	});

	it('stops before any item when a rule has no segment name', async () => {
		const promise = run({ items, params: { mode: 'custom' }, rules: [{ segment: ' ' }], matches }).result;
		await expect(promise).rejects.toThrow(NodeOperationError);
		await expect(promise).rejects.toThrow('Rules: rule 1 has no segment name');
	});
});

describe('Segment Debtor node: A/B split', () => {
	it('adds a stable variant per customer id', async () => {
		const items = Array.from({ length: 400 }, (_, i) => row({ invoiceId: `I${i}`, customerId: `C-${i % 200}` }));
		const params = { abSplit: true, experiment: 'tone-test', 'variants.variant': [{ name: 'control', weight: 50 }, { name: 'short', weight: 50 }] };
		const [first] = await run({ items, params }).result;
		const [second] = await run({ items, params }).result;
		expect(first.map((i) => seg(i).variant)).toEqual(second.map((i) => seg(i).variant));
		for (let i = 0; i < 200; i++) expect(seg(first[i]).variant).toBe(seg(first[i + 200]).variant);
		const control = first.filter((i) => seg(i).variant === 'control').length;
		expect(control).toBeGreaterThan(120);
		expect(control).toBeLessThan(280);
		expect(seg(first[0]).reasons[seg(first[0]).reasons.length - 1]).toMatch(/^Variant (control|short) of experiment "tone-test"$/);
	});

	it('has no variant unless the split is on', async () => {
		const [out] = await run({ items: [row()] }).result;
		expect(seg(out[0])).not.toHaveProperty('variant');
	});
});

describe('Segment Debtor node: bad input', () => {
	const items = [row({ invoiceId: 'ok-1' }), row({ invoiceId: 'bad', amount: 'abc' }), row({ invoiceId: 'ok-2' })];

	it('names the item, field and value, with itemIndex, when not continuing on fail', async () => {
		const promise = run({ items }).result;
		await expect(promise).rejects.toThrow(NodeOperationError);
		const error = (await promise.catch((e) => e)) as NodeOperationError;
		expect(error.message).toBe('Item 2 (invoice bad): Field \'amount\' has the value "abc": "abc" is not an amount');
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toContain('1234.56');
	});

	it('sends only the bad item to the error output with "continue (using error output)"', async () => {
		const [out] = await run({ items, continueOnFail: true, onError: 'continueErrorOutput' }).result;
		expect(out.map((i) => i.json.invoiceId ?? 'error')).toEqual(['ok-1', 'error', 'ok-2']);
		expect(Object.keys(out[1].json).sort()).toEqual(['details', 'error']);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[1].json.details).toMatchObject({ field: 'amount', itemIndex: 1 });
	});

	it('keeps the row with the error on the last output with "continue (using regular output)"', async () => {
		const outputs = await run({ items, continueOnFail: true, onError: 'continueRegularOutput', params: { outputMode: 'perSegment' } }).result;
		const last = outputs[outputs.length - 1];
		expect(last).toHaveLength(1);
		expect(last[0].json).toMatchObject({ invoiceId: 'bad', amount: 'abc' });
		expect(last[0].json.error).toContain("Field 'amount'");
	});

	it.each([
		[{ currency: 'COP' }, "Field 'currency' has the value \"COP\": has no value tier thresholds"],
		[{ dueDate: '31/02/2026' }, "Field 'dueDate' has the value \"31/02/2026\": February 2026 has no day 31"],
		[{ customerSince: 'ontem' }, "Field 'customerSince' has the value \"ontem\""],
		[{ optedOut: 'talvez' }, "Field 'optedOut' has the value \"talvez\""],
		[{ lateCount12m: '-2' }, "Field 'lateCount12m' has the value \"-2\""],
	])('%p fails with a message naming it', async (overrides, message) => {
		const [out] = await run({ items: [row(overrides as Record<string, string>)], continueOnFail: true, onError: 'continueErrorOutput' }).result;
		expect(out[0].json.error).toContain(`Item 1 (invoice INV-1): ${message}`);
	});

	it('names the customer id field when the A/B split has no id to hash', async () => {
		const [out] = await run({ items: [row({ customerId: '' })], params: { abSplit: true }, continueOnFail: true, onError: 'continueErrorOutput' }).result;
		expect(out[0].json.error).toBe("Item 1 (invoice INV-1): Field 'customerId' is empty: the A/B split needs a customer ID to assign a variant");
	});
});
