/**
 * The conversation on the canvas, with mocked contexts: a debtor's WhatsApp reply (as Dunning
 * Events gives it) → Classify Reply (one output) → Render Collection Message with Stage "reply" →
 * Send node (Meta). The answer goes as free text while the reply is fresh, the opt-out is confirmed
 * once through the block Classify Reply recorded, "other" gets no answer.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ClassifyReply } from '../../nodes/ClassifyReply/ClassifyReply.node';
import { RenderCollectionMessage } from '../../nodes/RenderCollectionMessage/RenderCollectionMessage.node';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { mockContext } from './mock-context';

const META = { dunningWhatsAppCloudApi: { baseUrl: 'https://graph.facebook.test', apiVersion: 'v23.0', phoneNumberId: '106540352242922', accessToken: 'fake-token' } };
let wamid = 0;
const accepted = () => ({ statusCode: 200, headers: {}, body: { messages: [{ id: `wamid.ANSWER${++wamid}`, message_status: 'accepted' }] } });

function replyItem(phone: string, text: string, minutesAgo: number, id: string) {
	return {
		invoiceId: 'INV-2044',
		customerName: 'Maria da Silva',
		amount: '1.234,56',
		currency: 'BRL',
		locale: 'pt-BR',
		phone,
		country: 'BR',
		dueDate: '2026-11-20',
		paymentLink: 'https://pay.example.com/i/inv-2044',
		event: { kind: 'reply', provider: 'meta', channel: 'whatsapp', phone, at: new Date(Date.now() - minutesAgo * 60_000).toISOString(), text, eventId: id, invoiceId: 'INV-2044' },
	};
}

async function conversation(items: object[], staticData: IDataObject) {
	const json = (outputs: INodeExecutionData[][]) => outputs.flat().map((i) => i.json);
	const classify = mockContext({ items: items as never, params: { outputMode: 'single' }, staticData });
	const classified = json(await new ClassifyReply().execute.call(classify.ctx));
	const render = mockContext({
		items: classified as never,
		params: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', 'options.shortName': 'Provedor Net', stage: 'reply', channel: 'whatsapp' },
	});
	const rendered = json(await new RenderCollectionMessage().execute.call(render.ctx));
	const send = mockContext({
		items: rendered as never,
		params: { provider: 'meta', contactHours: 'off', 'policy.retryDelaySeconds': 0.01, 'policy.messagesPerSecond': 0 },
		credentials: META,
		http: accepted as never,
		nodeCredentials: { dunningWhatsAppCloudApi: { id: '1', name: 'Meta' } },
		staticData,
	});
	const [sent, failed, skipped] = await new SendViaGateway().execute.call(send.ctx);
	const d = (list: INodeExecutionData[]) => list.map((i) => ({ text: i.json.event && (i.json.event as IDataObject).text, message: i.json.message as IDataObject, delivery: i.json.delivery as IDataObject }));
	return { rendered, sent: d(sent), failed: d(failed), skipped: d(skipped), bodies: send.requests.map((r) => r.options.body as IDataObject) };
}

describe('a debtor\'s reply answered on WhatsApp', () => {
	it('answers each intent in the window as free text, confirms the opt-out once, and leaves "other" to a person', async () => {
		const staticData: IDataObject = {};
		const { rendered, sent, skipped, bodies } = await conversation(
			[
				replyItem('+5511987652001', 'pago dia 30', 5, 'wamid.R1'),
				replyItem('+5511987652002', 'PARAR', 5, 'wamid.R2'),
				replyItem('+5511987652003', 'obrigado!', 5, 'wamid.R3'),
				replyItem('+5511987652004', 'não sou a Maria, número errado', 5, 'wamid.R4'),
			],
			staticData,
		);
		expect(rendered.map((j) => (j.message as IDataObject).stage)).toEqual(['reply_promise_to_pay', 'reply_opt_out', null, 'reply_wrong_person']);
		expect(bodies.map((b) => b.type)).toEqual(['text', 'text', 'text']);
		expect(sent.map((s) => s.text)).toEqual(['pago dia 30', 'PARAR', 'não sou a Maria, número errado']);
		// The day Classify Reply read ("dia 30": the next 30th from the reply), written out in the answer.
		const promised = String((rendered[0].reply as IDataObject).promiseDate);
		expect(promised).toMatch(/^\d{4}-\d{2}-30$/);
		const long = new Intl.DateTimeFormat('pt-BR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${promised}T00:00:00Z`));
		expect(String((bodies[0].text as IDataObject).body)).toContain(`até ${long}`);
		expect(String((bodies[1].text as IDataObject).body)).toContain('por WhatsApp');
		expect(String((bodies[2].text as IDataObject).body)).not.toMatch(/Maria|1\.234,56/);
		expect(sent[1].delivery.allowedBy).toMatch(/opt-out \(recorded by Classify Reply\)/);
		expect(skipped.map((s) => [s.text, s.delivery.reason])).toEqual([['obrigado!', 'no_message']]);

		// The debtor writes PARAR again: no second confirmation.
		const again = await conversation([replyItem('+5511987652002', 'PARAR!!', 1, 'wamid.R5')], staticData);
		expect(again.bodies).toHaveLength(0);
		expect(again.skipped[0].delivery.reason).toBe('duplicate');
	});

	it('answers a reply written more than a day ago with the approved template', async () => {
		const { sent, bodies } = await conversation([replyItem('+5511987652010', 'já paguei', 26 * 60, 'wamid.R6')], {});
		expect(bodies[0]).toMatchObject({ type: 'template', template: { name: 'dunning_reply_already_paid_friendly', language: { code: 'pt_BR' } } });
		expect(sent[0].delivery.content).toMatchObject({ kind: 'template' });
	});
});
