/**
 * Classify Reply with a mocked context: replies as Dunning Events emits them are routed by intent,
 * each with what the row should say (writeBack); an opt-out and a wrong number are recorded where
 * the Send node reads them, and the Send node (same static data) then skips that number.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ClassifyReply } from '../../nodes/ClassifyReply/ClassifyReply.node';
import { REPLY_INTENTS } from '../../nodes/core/replies';
import { NegotiationOffer } from '../../nodes/NegotiationOffer/NegotiationOffer.node';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { mockContext } from './mock-context';
import { TWILIO } from './twilio-credentials';

const node = new ClassifyReply();
// Wednesday 2 December 2026, 11:00 in São Paulo.
const AT = '2026-12-02T14:00:00.000Z';

function event(text: string | null, extra: IDataObject = {}): IDataObject {
	return {
		event: { kind: 'reply', provider: 'twilio', channel: 'sms', phone: '+5511987654321', text, at: AT, invoiceId: 'INV-1', stage: 'overdue_6d', media: [], button: null, ...extra },
	};
}

async function classify(items: IDataObject[], params: Record<string, unknown> = {}, staticData: IDataObject = {}) {
	const mock = mockContext({ items, params, staticData });
	const outputs = await node.execute.call(mock.ctx);
	return { outputs, staticData };
}

const byIntent = (outputs: INodeExecutionData[][]) =>
	Object.fromEntries(REPLY_INTENTS.map((intent, k) => [intent, outputs[k].map((i) => (i.json.event as IDataObject | undefined)?.text ?? null)]).filter(([, list]) => (list as unknown[]).length > 0));
const reply = (item: INodeExecutionData) => item.json.reply as IDataObject;

describe('Classify Reply node', () => {
	it('has one output per intent by default, and one with Single Output', async () => {
		expect(String(node.description.outputs)).toContain('Promise to pay');
		const { outputs } = await classify([event('pago na sexta')], { outputMode: 'single' });
		expect(outputs).toHaveLength(1);
		expect(reply(outputs[0][0]).intent).toBe('promise_to_pay');
	});

	it('routes real replies by intent, keeping the item and pairing it with its input', async () => {
		const items = [event('pago na sexta'), event('PARAR'), event('já paguei ontem'), event('não sou a Maria, número errado'), event('quero parcelar em 3x'), event('não reconheço essa cobrança'), event('👍')];
		const { outputs } = await classify(items);
		expect(byIntent(outputs)).toEqual({
			opt_out: ['PARAR'],
			wrong_person: ['não sou a Maria, número errado'],
			dispute: ['não reconheço essa cobrança'],
			already_paid: ['já paguei ontem'],
			promise_to_pay: ['pago na sexta'],
			negotiate: ['quero parcelar em 3x'],
			other: ['👍'],
		});
		const all = outputs.flat();
		expect(all.map((i) => (i.pairedItem as { item: number }).item).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
		// The item keeps everything it had.
		expect((all[0].json.event as IDataObject).invoiceId).toBe('INV-1');
	});

	it('says what the row should become: a promise’s day, a pause after "paid", the opt-out merged, a dispute, a wrong number', async () => {
		const { outputs } = await classify([
			{ ...event('pago na sexta'), optedOut: '' },
			{ ...event('PARE de mandar mensagem'), optedOut: 'whatsapp' },
			event('ja paguei'),
			event('essa divida nao é minha, já cancelei o contrato'),
			event('wrong number, I am not John'),
		]);
		const get = (intent: string) => outputs[REPLY_INTENTS.indexOf(intent as never)].map((i) => reply(i).writeBack);
		// Friday after Wednesday 2 December.
		expect(get('promise_to_pay')).toEqual([{ promiseDate: '2026-12-04' }]);
		expect(get('opt_out')).toEqual([{ optedOut: 'sms, whatsapp' }]);
		// Five days' hold (the default) from the reply's day in São Paulo.
		expect(get('already_paid')).toEqual([{ pausedUntil: '2026-12-07' }]);
		expect(get('dispute')).toEqual([{ status: 'disputed' }]);
		expect(get('wrong_person')).toEqual([{ wrongNumber: '+5511987654321' }]);
	});

	it('records an opt-out and a wrong number where the Send node of the workflow reads them; the Send node then skips those numbers', async () => {
		const staticData: IDataObject = {};
		const { outputs } = await classify(
			[event('SAIR'), event('nao sou eu, numero errado', { phone: '+5511976543210' })],
			{},
			staticData,
		);
		expect(reply(outputs[REPLY_INTENTS.indexOf('opt_out')][0]).recorded).toBe('opt-out of sms recorded for +5511…21');
		expect(JSON.stringify(staticData)).not.toContain('987654321');
		const send = mockContext({
			items: [
				{ invoiceId: 'INV-1', phone: '(11) 98765-4321', country: 'BR', dunning: { stage: 'overdue_9d' }, message: { channel: 'sms', text: 'Olá' } },
				{ invoiceId: 'INV-2', phone: '(11) 97654-3210', country: 'BR', dunning: { stage: 'overdue_9d' }, message: { channel: 'sms', text: 'Olá' } },
				{ invoiceId: 'INV-3', phone: '(11) 95555-0000', country: 'BR', dunning: { stage: 'overdue_9d' }, message: { channel: 'sms', text: 'Olá' } },
			],
			params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0 },
			credentials: TWILIO,
			staticData,
			http: () => ({ statusCode: 201, headers: {}, body: { sid: `SM${'1'.repeat(32)}`, status: 'queued' } }),
		});
		const [sent, , skipped] = await new SendViaGateway().execute.call(send.ctx);
		expect(sent.map((i) => i.json.invoiceId)).toEqual(['INV-3']);
		expect(skipped.map((i) => [i.json.invoiceId, (i.json.delivery as IDataObject).reason])).toEqual([
			['INV-1', 'opted_out'],
			['INV-2', 'wrong_person'],
		]);
		expect(String((skipped[0].json.delivery as IDataObject).message)).toMatch(/^The debtor asked on 2026-12-02T14:00:00Z to receive no more messages on SMS \(Classify Reply\)/);
		expect(send.requests).toHaveLength(1);
	});

	it('an opt-out on SMS leaves WhatsApp open unless the words say every channel', async () => {
		const staticData: IDataObject = {};
		await classify([event('PARAR')], {}, staticData);
		const blocks = Object.values(staticData.blocks as IDataObject);
		expect(blocks).toEqual([expect.objectContaining({ channels: ['sms'], why: 'opt_out' })]);
		const all: IDataObject = {};
		await classify([event('não quero receber mais nada de vocês, nem sms nem whatsapp')], {}, all);
		expect(Object.values(all.blocks as IDataObject)).toEqual([expect.objectContaining({ channels: 'all' })]);
	});

	it('passes on untouched an item an earlier node rejected', async () => {
		const rejected = { ...event('PARAR'), error: 'Item 1: something upstream', details: { node: 'Read Sheet' } };
		const { outputs, staticData } = await classify([rejected]);
		expect(outputs[REPLY_INTENTS.indexOf('other')][0].json).toBe(rejected);
		expect(staticData.blocks).toBeUndefined();
	});

	it('refuses settings it cannot use, naming them', async () => {
		await expect(classify([event('oi')], { 'options.confidenceThreshold': 3 })).rejects.toThrow(/Confidence Threshold/);
		await expect(classify([event('oi')], { paidHoldDays: -2 })).rejects.toThrow(/Hold After "Already Paid" \(Days\)/);
	});
});

describe('Classify Reply node: accepting an offer', () => {
	/** The offer as Negotiation Offer makes it for a R$ 1.000,00 invoice 46 days overdue on 2026-11-30 (plans of 2 and 3, a settlement). */
	async function madeOffer(): Promise<IDataObject> {
		const row = {
			invoiceId: 'INV-7',
			amount: '1000.00',
			currency: 'BRL',
			dueDate: '2026-10-15',
			timezone: 'America/Sao_Paulo',
			dunning: { stage: 'negotiation_30d', phase: 'negotiation', status: 'open', daysOverdue: 46, dueDate: '2026-10-15', referenceDate: '2026-11-30', timezone: 'America/Sao_Paulo', isNew: true },
		};
		const { ctx } = mockContext({ items: [row], params: { maxInstalments: 3 } });
		const [out] = await new NegotiationOffer().execute.call(ctx);
		return out[0].json.offer as IDataObject;
	}
	const options = (offer: IDataObject) => offer.options as IDataObject[];
	const routed = (outputs: INodeExecutionData[][]) => REPLY_INTENTS.filter((_, k) => outputs[k].length > 0);

	it('a reply choosing 3 instalments becomes the plan of 3, written back with its id, count and first due date; a promise date is cleared', async () => {
		const offer = await madeOffer();
		const three = options(offer).find((o) => o.count === 3) as IDataObject;
		const { outputs } = await classify([{ ...event('quero em 3x'), offer, promiseDate: '2026-12-01' }]);
		expect(routed(outputs)).toEqual(['negotiate']);
		const r = reply(outputs[REPLY_INTENTS.indexOf('negotiate')][0]);
		expect(r.choice).toEqual({ instalments: 3 });
		expect(r.plan).toEqual({
			planId: `${String(offer.id)}-3x`,
			type: 'instalments',
			option: options(offer).indexOf(three) + 1,
			instalments: 3,
			amount: three.amount,
			last: three.last,
			total: three.total,
			currency: 'BRL',
			firstDue: three.firstDue,
			dueDates: three.dueDates,
		});
		expect(r.planIssue).toBeNull();
		expect(r.writeBack).toEqual({ planId: `${String(offer.id)}-3x`, planInstalments: 3, nextDueDate: three.firstDue, promiseDate: '' });
		expect(r.reasons).toContain('"3x"');
		expect(r.reasons).toContain(`plan ${String(offer.id)}-3x`);
	});

	it('"opção 2", "a segunda", the option button and the settlement each pick their option; the same choice gives the same plan id', async () => {
		const offer = await madeOffer();
		const second = options(offer)[1];
		const { outputs } = await classify([
			{ ...event('opção 2'), offer },
			{ ...event('a segunda'), offer },
			{ ...event(null, { button: { payload: 'DUN1|negotiate|INV-7.negotiation_30d|c2', text: 'Opção 2' } }), offer },
			{ ...event('quero pagar à vista'), offer: JSON.stringify(offer) },
			{ ...event('de contado'), offer },
		]);
		const plans = outputs[REPLY_INTENTS.indexOf('negotiate')].map((i) => reply(i).plan as IDataObject);
		expect(plans.map((p) => p.planId)).toEqual([`${String(offer.id)}-${String(second.id)}`, `${String(offer.id)}-${String(second.id)}`, `${String(offer.id)}-${String(second.id)}`, `${String(offer.id)}-settlement`, `${String(offer.id)}-settlement`]);
		const settlement = options(offer).find((o) => o.type === 'settlement') as IDataObject;
		expect(plans[3]).toMatchObject({ type: 'settlement', instalments: 1, amount: settlement.amount, firstDue: settlement.until, dueDates: [settlement.until] });
		expect(reply(outputs[REPLY_INTENTS.indexOf('negotiate')][3]).writeBack).toEqual({ planId: `${String(offer.id)}-settlement`, planInstalments: 1, nextDueDate: settlement.until });
	});

	it('an offer that kept only the first due date and the count gets monthly dates from it, off weekends', async () => {
		const offer = await madeOffer();
		const trimmed = { ...offer, options: options(offer).map((o) => ({ type: o.type, count: o.count, amount: o.amount, last: o.last, total: o.total, firstDue: o.firstDue, until: o.until })) };
		const { outputs } = await classify([{ ...event('3 vezes'), offer: trimmed }]);
		const plan = reply(outputs[REPLY_INTENTS.indexOf('negotiate')][0]).plan as IDataObject;
		// 2026-12-07, then the 7th of January, then 7 February 2027 (a Sunday) moved to Monday the 8th.
		expect(plan.dueDates).toEqual(['2026-12-07', '2027-01-07', '2027-02-08']);
		expect(plan.planId).toBe(`${String(offer.id)}-3x`);
	});

	it('an expired offer or an option it does not have: no plan, still a negotiation, routed to Human with the reason', async () => {
		const offer = await madeOffer();
		const { outputs } = await classify([
			{ ...event('quero em 12x'), offer },
			{ ...event('opção 2', { at: '2026-12-14T14:00:00.000Z' }), offer },
			{ ...event('opção 5'), offer },
		]);
		expect(routed(outputs)).toEqual(['human']);
		const human = outputs[REPLY_INTENTS.indexOf('human')].map(reply);
		expect(human.map((r) => [r.intent, r.plan, r.planIssue])).toEqual([
			['negotiate', null, '12 instalments not offered'],
			['negotiate', null, 'offer expired'],
			['negotiate', null, 'option 5 not offered'],
		]);
		expect(human[0].reasons).toContain('plans of 2, 3 instalments, not 12');
		expect(human[1].reasons).toContain(`valid until ${String(offer.validUntil)}`);
		for (const r of human) expect(r.writeBack).toEqual({});
	});

	it('without an offer on the item: the choice only, and the reasons say the plan needs the offer; "quero negociar" chooses nothing', async () => {
		const { outputs } = await classify([event('quero em 3x'), event('quero negociar')]);
		const negotiate = outputs[REPLY_INTENTS.indexOf('negotiate')].map(reply);
		expect(negotiate.map((r) => [r.choice, r.plan, r.planIssue])).toEqual([
			[{ instalments: 3 }, null, null],
			[null, undefined, undefined],
		]);
		expect(negotiate[0].reasons).toContain('the plan needs the offer that was made (the item has no "offer")');
		expect(negotiate[0].writeBack).toEqual({});
	});

	it('reads the offer from the mapped Offer Field', async () => {
		const offer = await madeOffer();
		const { outputs } = await classify([{ ...event('en 2 pagos'), row: { oferta: offer } }], { 'fieldNames.offer': 'row.oferta' });
		expect((reply(outputs[REPLY_INTENTS.indexOf('negotiate')][0]).writeBack as IDataObject).planInstalments).toBe(2);
	});
});
