import fs from 'node:fs';
import path from 'node:path';

import { type IDataObject, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { dayNumber } from '../../nodes/core/dates';
import { buildBoletoLine, formatBoletoLine } from '../../nodes/core/payments/boleto';
import { parsePixCode } from '../../nodes/core/payments/pix';
import { NegotiationOffer } from '../../nodes/NegotiationOffer/NegotiationOffer.node';
import { mockContext } from './mock-context';

const node = new NegotiationOffer();

const PIX = { pixKey: '12.345.678/0001-95', pixMerchantName: 'Provedor Net Ltda', pixMerchantCity: 'São Paulo' };
const BASE = { lateFee: 2, interestRate: 1, validityDays: 9, ...PIX };

/** An invoice after Dunning Stage and Segment Debtor: R$ 1.000,00 due 2026-10-15, 46 days overdue on 2026-11-30. */
/** A copy of the row without the named fields. */
function without(json: IDataObject, ...fields: string[]): IDataObject {
	return Object.fromEntries(Object.entries(json).filter(([key]) => !fields.includes(key)));
}

function row(id: string, overrides: IDataObject = {}): IDataObject {
	return {
		invoiceId: id,
		customerName: 'Larissa Mendes',
		amount: '1000.00',
		currency: 'BRL',
		dueDate: '2026-10-15',
		paymentLink: `https://pay.example.com/i/${id.toLowerCase()}`,
		dunning: { stage: 'negotiation_30d', phase: 'negotiation', status: 'open', daysOverdue: 46, dueDate: '2026-10-15', referenceDate: '2026-11-30', timezone: 'America/Sao_Paulo', isNew: true },
		segment: { name: 'negotiation', offer: 'instalments', tone: 'firm', channels: ['whatsapp', 'sms'] },
		...overrides,
	};
}

async function run(items: IDataObject[], params: Record<string, unknown> = {}, options: { continueOnFail?: boolean; onError?: 'continueRegularOutput' | 'continueErrorOutput' } = {}) {
	const { ctx, calls } = mockContext({ items, params: { ...BASE, ...params }, ...options });
	const outputs = await node.execute.call(ctx as IExecuteFunctions);
	return { outputs, calls };
}

async function error(items: IDataObject[], params: Record<string, unknown> = {}): Promise<NodeOperationError> {
	try {
		await run(items, params);
	} catch (e) {
		return e as NodeOperationError;
	}
	throw new Error('expected an error');
}

describe('Negotiation Offer: description', () => {
	const description = node.description;

	it('is registered in package.json, with its codex file and light and dark icons', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/NegotiationOffer/NegotiationOffer.node.js');
		const dir = path.join(__dirname, '../../nodes/NegotiationOffer');
		const codex = JSON.parse(fs.readFileSync(path.join(dir, 'NegotiationOffer.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-dunning.negotiationOffer');
		expect(description.icon).toEqual({ light: 'file:negotiationOffer.svg', dark: 'file:negotiationOffer.dark.svg' });
		for (const file of ['negotiationOffer.svg', 'negotiationOffer.dark.svg']) expect(fs.readFileSync(path.join(dir, file), 'utf8')).toContain('<svg');
	});

	it('has a default on every parameter, Title Case names, and options sorted by name', () => {
		const walk = (properties: Array<Record<string, unknown>>) => {
			for (const p of properties) {
				if (p.name !== undefined && p.values === undefined) {
					expect([p.name, Object.prototype.hasOwnProperty.call(p, 'default')]).toEqual([p.name, true]);
					expect(String(p.displayName)).toMatch(/^[A-Z0-9(]/);
				}
				const options = p.options as Array<Record<string, unknown>> | undefined;
				if (Array.isArray(options) && options.every((o) => 'value' in o)) {
					const names = options.map((o) => String(o.name));
					expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
				} else if (Array.isArray(options)) walk(options);
				if (Array.isArray(p.values)) walk(p.values as Array<Record<string, unknown>>);
			}
		};
		walk(description.properties as unknown as Array<Record<string, unknown>>);
		for (const p of description.properties) if (p.type === 'boolean') expect(p.description).toMatch(/^Whether /);
	});
});

describe('Negotiation Offer: the offer', () => {
	it('adds the itemised debt and the offer, each option with its id, choice and own Pix code, and pairs every item', async () => {
		const { outputs } = await run([row('INV-1017'), row('INV-1018', { amount: '500,00', segment: { name: 'negotiation', offer: 'settlement' } })]);
		const [first, second] = outputs[0];
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.pairedItem).toEqual({ item: 1 });
		const { debt, offer } = first.json as { debt: IDataObject; offer: { options: IDataObject[]; validUntil: string; id: string } };
		expect(debt).toMatchObject({ original: 1000, lateFee: 20, interest: 15.33, total: 1035.33, asOf: '2026-11-30', daysOverdue: 46 });
		expect(offer.id).toBe('INV-1017-20261130');
		expect(offer.validUntil).toBe('2026-12-09');
		expect(offer.options.map((o) => [o.id, o.choice, o.amount])).toEqual([
			['2x', 1, 517.66],
			['3x', 2, 345.11],
			['settlement', 3, 931.8],
		]);
		expect(offer.options.map((o) => parsePixCode(o.pixCode).amount)).toEqual([517.66, 345.11, 931.8]);
		// The row's own fields are untouched.
		expect(first.json.amount).toBe('1000.00');
		expect((second.json.offer as { options: IDataObject[] }).options.map((o) => o.id)).toEqual(['settlement']);
	});

	it('gives an offer: none segment the itemised debt only (offer null), and passes paid invoices on as they are', async () => {
		const paid = row('INV-3', { dunning: { ...(row('x').dunning as IDataObject), status: 'paid', phase: 'settled' } });
		const { outputs } = await run([row('INV-1', { segment: { name: 'first_time', offer: 'none' } }), paid]);
		expect(outputs[0][0].json.offer).toBeNull();
		expect((outputs[0][0].json.debt as IDataObject).total).toBe(1035.33);
		expect(outputs[0][1].json).toEqual(paid);
	});

	it('reads the row itself without Dunning Stage: due date in the debtor zone, the Reference Date option', async () => {
		const plain = without(row('INV-9'), 'dunning', 'segment');
		const { outputs } = await run([{ ...plain, dueDate: '15/10/2026' }], { 'options.referenceDate': '2026-11-30' });
		const json = outputs[0][0].json as { debt: IDataObject; offer: { kind: string } };
		expect(json.debt).toMatchObject({ total: 1035.33, asOf: '2026-11-30', dueDate: '2026-10-15' });
		expect(json.offer.kind).toBe('all');
	});

	it('checks and formats the boleto line and appends the reconciliation reference to the link', async () => {
		const line = buildBoletoLine({ bank: '237', dueDate: dayNumber(2026, 10, 15), amount: 1000, freeField: '3381286008267713966000063' });
		const { outputs } = await run([row('INV-1017', { boletoLine: line })], { linkReference: 'offer', referenceParameter: 'offer' });
		const payment = (outputs[0][0].json.debt as { payment: IDataObject }).payment;
		expect(payment.boletoLine).toBe(formatBoletoLine(line));
		expect(payment.paymentLink).toBe('https://pay.example.com/i/inv-1017?offer=INV-1017-20261130');
	});

	it('reads mapped field names', async () => {
		const rest = without(row('X'), 'amount', 'invoiceId');
		const { outputs } = await run([{ ...rest, Valor: 'R$ 1.000,00', Fatura: 'F-1' }], { fieldNames: { amount: 'Valor', invoiceId: 'Fatura' } });
		expect((outputs[0][0].json.offer as IDataObject).id).toBe('F-1-20261130');
	});
});

describe('Negotiation Offer: errors', () => {
	it('names the item, the field and the value, and the hint', async () => {
		const e = await error([row('INV-1'), row('INV-2', { amount: '-50' })]);
		expect(e).toBeInstanceOf(NodeOperationError);
		expect(e.message).toBe(`Item 2 (invoice INV-2): Field 'amount' has the value "-50": is negative: a credit balance must never get a collection message`);
		expect(e.context.itemIndex).toBe(1);
		expect(e.context.field).toBe('amount');
		expect(e.description).toContain('credit notes');
	});

	it('refuses a wrong boleto digit and a Pix code whose CRC does not match, naming the field', async () => {
		const line = buildBoletoLine({ bank: '237', dueDate: dayNumber(2026, 10, 15), amount: 1000, freeField: '3381286008267713966000063' });
		const wrong = `${line.slice(0, 40)}${(Number(line[40]) + 1) % 10}${line.slice(41)}`;
		expect((await error([row('INV-1', { boletoLine: wrong })])).context.field).toBe('boletoLine');
		const code = parsePixCode('00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D').code;
		const broken = await error([row('INV-1', { pixCode: code.replace('Fulano', 'Fulana') })]);
		expect(broken.context.field).toBe('pixCode');
		expect(broken.message).toContain('check value (CRC)');
	});

	it('stops before any item on a bad setting, naming it', async () => {
		const e = await error([row('INV-1')], { pixKey: '111.111.111-11' });
		expect(e.message).toMatch(/^Pix Key: /);
		expect(e.context.itemIndex).toBeUndefined();
		expect((await error([row('INV-1')], { settlementMode: 'custom', settlementRanges: { range: [{ minDaysOverdue: 30, maxDaysOverdue: 'x', maxDiscountPct: 10 }] } })).message).toMatch(
			/^Discount Ranges \(range 1\): maximum days overdue/,
		);
		expect((await error([row('INV-1')], { holidays: '31/02/2026' })).message).toMatch(/^Holidays: /);
	});

	it('names the Late Fee setting and the law when a Brazilian consumer debt would pass 2%', async () => {
		const e = await error([row('INV-1')], { lateFee: 5 });
		expect(e.message).toContain('Item 1 (invoice INV-1): Late Fee: 5% is above the 2% maximum late fee for Brazilian consumer debts (CDC art. 52 §1');
		const { outputs } = await run([row('INV-1')], { lateFee: 5, consumer: false });
		expect((outputs[0][0].json.debt as IDataObject).lateFee).toBe(50);
	});

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)('with continue on fail (%s): the bad row becomes an error item, the others go on', async (onError) => {
		const { outputs } = await run([row('INV-1'), row('INV-2', { currency: 'XXX' }), row('INV-3')], {}, { continueOnFail: true, onError });
		expect(outputs[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const bad = outputs[0][1].json;
		expect(bad.error).toContain(`Item 2 (invoice INV-2): Field 'currency' has the value "XXX"`);
		expect((bad.details as IDataObject).field).toBe('currency');
		if (onError === 'continueErrorOutput') expect(Object.keys(bad).sort()).toEqual(['details', 'error']);
		else expect(bad.invoiceId).toBe('INV-2');
		expect(outputs[0][2].json.offer).toBeTruthy();
	});

	it('passes on a row an earlier node rejected, untouched, without computing anything', async () => {
		const rejected = { ...row('INV-2'), error: "Item 2 (invoice INV-2): Field 'currency' …", details: { node: 'Segment Debtor', field: 'currency' } };
		const { outputs } = await run([row('INV-1'), rejected], {}, { continueOnFail: true, onError: 'continueRegularOutput' });
		expect(outputs[0][1].json).toEqual(rejected);
		const { outputs: toErrors } = await run([rejected], {}, { continueOnFail: true, onError: 'continueErrorOutput' });
		expect(toErrors[0][0].json).toEqual({ error: rejected.error, details: rejected.details });
	});

	it('reads the settings once for 1,000 items', async () => {
		const items = Array.from({ length: 1000 }, (_, i) => row(`INV-${i}`));
		const { outputs, calls } = await run(items);
		expect(outputs[0]).toHaveLength(1000);
		expect(calls.filter((c) => c.name === 'maxInstalments')).toHaveLength(1);
	});
});
