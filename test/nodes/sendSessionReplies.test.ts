/**
 * The Send node with Render Collection Message's answers to a debtor's reply (stages `reply_…`):
 * WhatsApp free text while the item's Dunning Events reply is under 24 hours old, the approved
 * template otherwise, once more as the template when the provider refuses the text (Meta 131047),
 * and the one confirmation of the debtor's own opt-out through that opt-out.
 */
import type { IDataObject } from 'n8n-workflow';

import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { phoneKey } from '../../nodes/core/policy/frequencyCap';
import { type Message, MessageRenderer } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import type { LibraryStage } from '../../nodes/core/templates/types';
import { mockContext } from './mock-context';

const node = new SendViaGateway();
const META = { dunningWhatsAppCloudApi: { baseUrl: 'https://graph.facebook.test', apiVersion: 'v23.0', phoneNumberId: '106540352242922', accessToken: 'fake-token' } };
let wamid = 0;
const accepted = () => ({ statusCode: 200, headers: {}, body: { messages: [{ id: `wamid.OUT${++wamid}`, message_status: 'accepted' }] } });
const windowClosed = () => ({
	statusCode: 400,
	headers: {},
	body: { error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047, error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }, fbtrace_id: 'AbC' } },
});

const renderer = new MessageRenderer(SAMPLE_SETTINGS);
const HOUR = 3_600_000;

/** The message Render Collection Message gives a Brazilian sample item at this stage, on WhatsApp. */
function rendered(stage: LibraryStage): Message {
	const message = renderer.render({ ...sampleRequest('pt-BR', stage), channel: 'whatsapp' });
	if (message instanceof Error) throw message;
	return message;
}

function reply(hoursAgo: number, extra: IDataObject = {}): IDataObject {
	return { kind: 'reply', provider: 'meta', channel: 'whatsapp', at: new Date(Date.now() - hoursAgo * HOUR).toISOString(), eventId: `wamid.IN-${hoursAgo}`, text: 'pago sexta', ...extra };
}

function item(phone: string, message: object, event?: IDataObject, extra: IDataObject = {}) {
	return { invoiceId: 'INV-1001', phone, country: 'BR', message, ...(event ? { event } : {}), ...extra };
}

type Http = (type: string, options: IDataObject) => unknown;

async function send(items: object[], http: Http = accepted, staticData: IDataObject = {}) {
	const mock = mockContext({
		items: items as never,
		params: { provider: 'meta', contactHours: 'off', 'policy.retryDelaySeconds': 0.01, 'policy.messagesPerSecond': 0 },
		credentials: META,
		http: http as never,
		nodeCredentials: { dunningWhatsAppCloudApi: { id: '1', name: 'Meta' } },
		staticData,
	});
	const [sent, failed, skipped] = await node.execute.call(mock.ctx);
	const d = (list: typeof sent) => list.map((i) => i.json.delivery as IDataObject);
	return { sent: d(sent), failed: d(failed), skipped: d(skipped), bodies: mock.requests.map((r) => r.options.body as IDataObject) };
}

describe('Send node: answers to a reply as WhatsApp session messages', () => {
	const answer = rendered('reply_promise_to_pay');

	it('Render gives the answer as text with the approved template as fallback', () => {
		expect(answer.kind).toBe('text');
		expect(answer.template?.name).toBe('dunning_reply_promise_to_pay_friendly');
		expect(answer.text).toContain('24 de novembro de 2026');
	});

	it('sends free text while the debtor wrote on WhatsApp less than 24 hours ago, one answer per reply', async () => {
		const { sent, bodies } = await send([item('+55 11 98765-0001', answer, reply(2))]);
		expect(bodies).toHaveLength(1);
		expect(bodies[0]).toMatchObject({ type: 'text', text: { body: answer.text } });
		expect(bodies[0].template).toBeUndefined();
		expect(sent[0]).toMatchObject({ status: 'sent', channel: 'whatsapp', idempotencyKey: 'wamid.IN-2:reply_promise_to_pay:whatsapp' });
		expect(sent[0].content).toEqual({ kind: 'text', why: expect.stringMatching(/^free text \(session message\): the debtor wrote on whatsapp at .*, less than 24 hours ago$/) });
	});

	it.each([
		['the reply is more than 24 hours old', reply(25), /the approved template: the debtor wrote at .*, 24 hours ago or more/],
		['the reply is a few minutes from closing the window', reply(23.9), /24 hours ago or more \(15 minutes' margin\)/],
		['the item carries no reply', undefined, /no event from Dunning Events/],
		['the debtor wrote by SMS', reply(1, { channel: 'sms' }), /the debtor wrote on sms, not on whatsapp/],
		['the event is a status, not a reply', reply(1, { kind: 'status' }), /the item's event is a status, not a reply/],
		['the time of the reply cannot be read', reply(1, { at: 'yesterday-ish' }), /event\.at\) is not a date/],
	])('sends the approved template when %s', async (_case, event, why) => {
		const { sent, bodies } = await send([item('+55 11 98765-0002', answer, event)]);
		expect(bodies).toHaveLength(1);
		expect(bodies[0]).toMatchObject({ type: 'template', template: { name: 'dunning_reply_promise_to_pay_friendly', language: { code: 'pt_BR' } } });
		expect(sent[0].content).toEqual({ kind: 'template', why: expect.stringMatching(why) });
	});

	it('sends the template once more when Meta refuses the free text with 131047 (window closed)', async () => {
		const { sent, failed, bodies } = await send([item('+55 11 98765-0003', answer, reply(1))], (_type, options) =>
			(options.body as IDataObject).type === 'text' ? windowClosed() : accepted(),
		);
		expect(bodies.map((b) => b.type)).toEqual(['text', 'template']);
		expect(failed).toHaveLength(0);
		expect(sent[0]).toMatchObject({ status: 'sent', idempotencyKey: 'wamid.IN-1:reply_promise_to_pay:whatsapp', windowClosed: { code: '131047' } });
		expect(sent[0].content).toEqual({ kind: 'template', why: expect.stringContaining('the provider refused the free text (131047: the 24-hour window had closed)') });
	});

	it('fails with window_closed, after one template attempt, when the template is refused too', async () => {
		const { failed, bodies } = await send([item('+55 11 98765-0004', answer, reply(1))], windowClosed);
		expect(bodies.map((b) => b.type)).toEqual(['text', 'template']);
		expect(failed[0]).toMatchObject({ status: 'failed', reason: 'window_closed', code: '131047', content: { kind: 'template' }, windowClosed: { code: '131047' } });
	});

	it('keys an answer to a reply without an event id by the number (hashed) and the time of the reply', async () => {
		const event = reply(2, { eventId: undefined });
		const { sent } = await send([item('+55 11 98765-0007', answer, event)]);
		expect(sent[0].idempotencyKey).toBe(`${phoneKey('+5511987650007')}@${String(event.at)}:reply_promise_to_pay:whatsapp`);
	});

	it('sends text without a template as text, and says it may fail outside the window', async () => {
		const { sent, bodies } = await send([item('+55 11 98765-0005', { channel: 'whatsapp', stage: 'reply_human', kind: 'text', text: 'Uma pessoa vai falar com você.' }, reply(30))]);
		expect(bodies[0]).toMatchObject({ type: 'text', text: { body: 'Uma pessoa vai falar com você.' } });
		expect(sent[0].content).toEqual({ kind: 'text', why: expect.stringContaining('no template to send instead') });
	});

	it('keeps sending ladder messages as templates, whatever the event', async () => {
		const { sent, bodies } = await send([item('+55 11 98765-0006', rendered('promise_reminder'), reply(1), { dunning: { stage: 'promise_reminder' } })]);
		expect(bodies[0]).toMatchObject({ type: 'template', template: { name: 'dunning_promise_reminder_friendly' } });
		expect(sent[0].content).toBeUndefined();
		expect(sent[0].idempotencyKey).toBe('INV-1001:promise_reminder:whatsapp');
	});
});

describe('Send node: the one confirmation of an opt-out', () => {
	const confirmation = rendered('reply_opt_out');
	const blocked = (phone: string, why: 'opt_out' | 'wrong_person', channels: 'all' | string[]) => ({
		blocks: { [phoneKey(phone)]: { channels, why, at: Date.now() - HOUR, source: 'Classify Reply' } },
	});

	it('goes out through the debtor\'s own recorded opt-out, once, as a reply to it', async () => {
		const staticData: IDataObject = blocked('+5511987650010', 'opt_out', ['whatsapp']);
		const first = await send([item('+55 11 98765-0010', confirmation, reply(1, { text: 'PARAR' }))], accepted, staticData);
		expect(first.bodies).toHaveLength(1);
		expect(first.bodies[0]).toMatchObject({ type: 'text' });
		expect(String((first.bodies[0].text as IDataObject).body)).toContain('não vai mais receber nossas mensagens por WhatsApp');
		expect(first.sent[0]).toMatchObject({ status: 'sent', idempotencyKey: `${phoneKey('+5511987650010')}:reply_opt_out:whatsapp` });
		expect(first.sent[0].allowedBy).toMatch(/^the one confirmation of the debtor's opt-out \(recorded by Classify Reply\): the debtor wrote on whatsapp at/);
		// The debtor writes STOP again: no second confirmation.
		const second = await send([item('+55 11 98765-0010', confirmation, reply(0.5, { text: 'STOP', eventId: 'wamid.IN-again' }))], accepted, staticData);
		expect(second.bodies).toHaveLength(0);
		expect(second.skipped[0]).toMatchObject({ status: 'skipped', reason: 'duplicate' });
	});

	it('passes the row\'s opt-out field the same way', async () => {
		const { sent } = await send([item('+55 11 98765-0011', confirmation, reply(1), { optedOut: 'whatsapp' })]);
		expect(sent[0].allowedBy).toMatch(/^the one confirmation of the debtor's opt-out: /);
	});

	it('never passes anything else, nor an old opt-out, nor a wrong-number block', async () => {
		const staticData: IDataObject = {
			blocks: {
				...blocked('+5511987650012', 'opt_out', ['whatsapp']).blocks,
				...blocked('+5511987650013', 'wrong_person', 'all').blocks,
			},
		};
		const { skipped, bodies } = await send(
			[
				item('+55 11 98765-0012', rendered('reply_promise_to_pay'), reply(1)),
				item('+55 11 98765-0012', confirmation, reply(30)),
				item('+55 11 98765-0012', confirmation),
				item('+55 11 98765-0013', confirmation, reply(1)),
			],
			accepted,
			staticData,
		);
		expect(bodies).toHaveLength(0);
		expect(skipped.map((d) => d.reason)).toEqual(['opted_out', 'opted_out', 'opted_out', 'wrong_person']);
	});

	it('answers a wrong number once through its block, without the debt', async () => {
		const sorry = rendered('reply_wrong_person');
		const staticData: IDataObject = blocked('+5511987650014', 'wrong_person', 'all');
		const { sent, bodies } = await send([item('+55 11 98765-0014', sorry, reply(1, { text: 'número errado' }))], accepted, staticData);
		expect(sent[0].allowedBy).toMatch(/wrong number/);
		const text = String((bodies[0].text as IDataObject).body);
		expect(text).not.toMatch(/Maria|1\.234,56|INV-1001/);
	});
});
