/**
 * The Dunning Events trigger's webhook() with a mocked n8n webhook context: verification before
 * anything is emitted (401/403, nothing started), Meta's handshake, the size limit, unreadable
 * bodies, filters, outputs, redeliveries, and matching through the record the Send node wrote in
 * the same workflow's static data (the Send node runs first, with the same static data object).
 * The real n8n round trip is in test/e2e/dunningEvents.e2e.test.ts.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { DunningEvents } from '../../nodes/DunningEvents/DunningEvents.node';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { metaJson, metaSignature, twilioSignature } from '../fake-gateway';
import { mockContext } from './mock-context';
import { TWILIO } from './twilio-credentials';

const node = new DunningEvents();
const URL_BASE = 'https://n8n.example.com/webhook/5f0c-events/events';
const AUTH_TOKEN = TWILIO.dunningTwilioApi.authToken;
const META = { accessToken: 'meta-token', phoneNumberId: '106540352242922', apiVersion: 'v23.0', appSecret: 'meta-app-secret', verifyToken: 'verify-me' };

interface Answer {
	status?: number;
	type?: string;
	body?: string;
}

interface HookOptions {
	params?: Record<string, unknown>;
	credentials?: Record<string, IDataObject>;
	staticData?: IDataObject;
	webhookName?: 'default' | 'setup';
	rawBody?: string | Buffer;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	/** The path and query as n8n saw them. */
	originalUrl?: string;
	body?: unknown;
}

function hook(options: HookOptions) {
	const answer: Answer = {};
	const logs: string[] = [];
	const params: Record<string, unknown> = { provider: 'twilio', events: ['replies', 'optOuts', 'failures'], outputs: 'split', ledger: 'staticData', ...options.params };
	const originalUrl = options.originalUrl ?? '/webhook/5f0c-events/events';
	const response = {
		status(code: number) {
			answer.status = code;
			return response;
		},
		type(type: string) {
			answer.type = type;
			return response;
		},
		send(body: string) {
			answer.body = body;
			return response;
		},
		end() {
			return response;
		},
	};
	const ctx = {
		getNode: () => ({ id: 'n1', name: 'Dunning Events', type: 'n8n-nodes-dunning.dunningEvents', typeVersion: 1, position: [0, 0], parameters: params, credentials: { dunningTwilioApi: { id: '1', name: 'My Twilio' } } }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getCredentials: async (type: string) => {
			const data = options.credentials?.[type] ?? (type === 'dunningTwilioApi' ? TWILIO.dunningTwilioApi : undefined);
			if (!data) throw new Error(`no credentials of type ${type}`);
			return data;
		},
		getWorkflowStaticData: () => options.staticData ?? (options.staticData = {}),
		getNodeWebhookUrl: () => URL_BASE,
		getWebhookName: () => options.webhookName ?? 'default',
		getRequestObject: () => ({ rawBody: typeof options.rawBody === 'string' ? Buffer.from(options.rawBody) : options.rawBody, originalUrl, url: originalUrl, protocol: 'http' }),
		getResponseObject: () => response,
		getHeaderData: () => ({ host: '127.0.0.1:5678', ...options.headers }),
		getQueryData: () => options.query ?? {},
		getBodyData: () => options.body ?? {},
		logger: { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), info: () => undefined, debug: () => undefined },
		helpers: {},
	};
	return { ctx: ctx as unknown as IWebhookFunctions, answer, logs };
}

/** A Twilio webhook as Twilio sends it: form-encoded, signed over the URL it called. */
function twilioHook(params: Record<string, string>, options: Omit<HookOptions, 'query'> & { queryString?: string } = {}) {
	const rawBody = new URLSearchParams(params).toString();
	const query = options.queryString ?? '';
	const signature = twilioSignature(AUTH_TOKEN, `${URL_BASE}${query}`, params);
	return hook({ ...options, rawBody, originalUrl: `/webhook/5f0c-events/events${query}`, headers: { 'x-twilio-signature': signature, ...options.headers } });
}

async function run(h: ReturnType<typeof hook>) {
	const result = await node.webhook.call(h.ctx);
	const outputs = (result.workflowData ?? []) as INodeExecutionData[][];
	return { result, outputs, events: outputs.flat().map((i) => i.json.event as IDataObject) };
}

/** The Send node sends two SMS through "Twilio" (mocked), recording them in `staticData`. */
async function sendTwo(staticData: IDataObject) {
	let sid = 0;
	const mock = mockContext({
		items: [
			{ invoiceId: 'INV-1', phone: '+55 11 98765-4321', country: 'BR', dunning: { stage: 'overdue_6d' }, message: { channel: 'sms', text: 'Olá' } },
			{ invoiceId: 'INV-2', phone: '+55 11 97654-3210', country: 'BR', dunning: { stage: 'overdue_3d' }, message: { channel: 'sms', text: 'Olá' } },
		],
		params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0, 'options.statusCallbackUrl': URL_BASE },
		credentials: TWILIO,
		staticData,
		http: () => ({ statusCode: 201, headers: {}, body: { sid: `SM${String(++sid).padStart(32, '0')}`, status: 'queued' } }),
	});
	const [sent] = await new SendViaGateway().execute.call(mock.ctx);
	expect(sent).toHaveLength(2);
	// The status callback carries the idempotency key as `ref`.
	expect(String(mock.requests[0].options.body)).toContain(encodeURIComponent(`${URL_BASE}?ref=${encodeURIComponent('INV-1:overdue_6d:sms')}`));
	return sent.map((i) => (i.json.delivery as IDataObject).providerMessageId as string);
}

const sid = (n: number) => `SM${String(n).padStart(32, '0')}`;
const status = (messageSid: string, messageStatus: string, extra: Record<string, string> = {}) => ({
	AccountSid: TWILIO.dunningTwilioApi.accountSid,
	ApiVersion: '2010-04-01',
	From: '+15017122661',
	To: '+5511987654321',
	MessageSid: messageSid,
	MessageStatus: messageStatus,
	SmsSid: messageSid,
	SmsStatus: messageStatus,
	...extra,
});

describe('Dunning Events trigger', () => {
	it('is a trigger with one POST and one GET webhook, the providers’ credentials, and two outputs by default', () => {
		expect(node.description.group).toEqual(['trigger']);
		expect(node.description.inputs).toEqual([]);
		expect(node.description.webhooks?.map((w) => [w.name, w.httpMethod, w.path])).toEqual([
			['setup', 'GET', 'events'],
			['default', 'POST', 'events'],
		]);
		expect(node.description.credentials?.map((c) => c.name).sort()).toEqual([
			'dunningHttpGatewayApi',
			'dunningInfobipApi',
			'dunningTwilioApi',
			'dunningWhatsAppCloudApi',
			'dunningZenviaApi',
			'redis',
		]);
		expect(String(node.description.outputs)).toContain('Replies');
		expect(node.description.properties.find((p) => p.name === 'events')?.default).toEqual(['replies', 'optOuts', 'failures']);
	});

	it('matches a failure after acceptance to the invoice the Send node sent, and writes it into the record', async () => {
		const staticData: IDataObject = {};
		await sendTwo(staticData);
		const h = twilioHook(status(sid(1), 'undelivered', { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' }), {
			staticData,
			queryString: '?ref=INV-1%3Aoverdue_6d%3Asms',
			headers: { 'i-twilio-idempotency-token': 'tok-1' },
		});
		const { outputs, events } = await run(h);
		expect(h.answer).toEqual({ status: 200, type: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
		// Statuses go to the second output.
		expect(outputs[0]).toEqual([]);
		expect(events).toEqual([
			expect.objectContaining({
				kind: 'status',
				provider: 'twilio',
				channel: 'sms',
				status: 'undelivered',
				reason: 'undeliverable',
				code: '30003',
				key: 'INV-1:overdue_6d:sms',
				invoiceId: 'INV-1',
				stage: 'overdue_6d',
				matched: true,
				matchedBy: 'correlation',
				phone: '+5511987654321',
				phoneMasked: '+5511*****4321',
				record: 'static_data',
			}),
		]);
		expect((staticData.keys as Record<string, IDataObject>)['INV-1:overdue_6d:sms'].out).toMatchObject({ status: 'undelivered', reason: 'undeliverable', code: '30003' });

		// The next run of the ladder sees it: the duplicate skip says the message failed after acceptance.
		const again = mockContext({
			items: [{ invoiceId: 'INV-1', phone: '+55 11 98765-4321', country: 'BR', dunning: { stage: 'overdue_6d' }, message: { channel: 'sms', text: 'Olá' } }],
			params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0 },
			credentials: TWILIO,
			staticData,
		});
		const [, , skipped] = await new SendViaGateway().execute.call(again.ctx);
		expect(skipped[0].json.delivery).toMatchObject({
			reason: 'duplicate',
			reported: { status: 'undelivered', reason: 'undeliverable', code: '30003' },
			message: expect.stringContaining('the provider reported it undelivered (undeliverable 30003)'),
		});
		expect(again.requests).toHaveLength(0);
	});

	it('matches an SMS reply to the latest message sent to that number, on the Replies output', async () => {
		const staticData: IDataObject = {};
		await sendTwo(staticData);
		const reply = {
			AccountSid: TWILIO.dunningTwilioApi.accountSid,
			ApiVersion: '2010-04-01',
			Body: 'pago na sexta',
			From: '+5511976543210',
			To: '+15017122661',
			MessageSid: 'SMreply0000000000000000000000001',
			SmsMessageSid: 'SMreply0000000000000000000000001',
			SmsSid: 'SMreply0000000000000000000000001',
			SmsStatus: 'received',
			NumMedia: '0',
			NumSegments: '1',
		};
		const { outputs } = await run(twilioHook(reply, { staticData }));
		expect(outputs[1]).toEqual([]);
		expect(outputs[0].map((i) => i.json.event)).toEqual([
			expect.objectContaining({ kind: 'reply', text: 'pago na sexta', invoiceId: 'INV-2', stage: 'overdue_3d', key: 'INV-2:overdue_3d:sms', matchedBy: 'latest_to_phone' }),
		]);
	});

	it.each([
		['a wrong signature', { 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, 403],
		['no signature', { 'x-twilio-signature': '' }, 401],
	])('refuses %s, says nothing about why, and starts nothing', async (_label, headers, code) => {
		const h = twilioHook(status(sid(1), 'undelivered', { ErrorCode: '30003' }), { headers });
		const { result } = await run(h);
		expect(h.answer.status).toBe(code);
		expect(h.answer.body).toBe(JSON.stringify({ error: code === 401 ? 'Unauthorized' : 'Forbidden' }));
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses a body changed after signing', async () => {
		const h = twilioHook(status(sid(1), 'undelivered', { ErrorCode: '30003' }));
		(h.ctx.getRequestObject() as { rawBody: Buffer }).rawBody = Buffer.from('tampered');
		const fresh = { ...h.ctx, getRequestObject: () => ({ rawBody: Buffer.from(`${new URLSearchParams(status(sid(1), 'delivered')).toString()}`), originalUrl: '/webhook/5f0c-events/events', url: '', protocol: 'http' }) };
		const result = await node.webhook.call(fresh as unknown as IWebhookFunctions);
		expect(h.answer.status).toBe(403);
		expect(result.workflowData).toBeUndefined();
	});

	it('accepts the URL as the request describes it behind a proxy (X-Forwarded-Proto/Host)', async () => {
		const params = status(sid(9), 'failed', { ErrorCode: '30007' });
		const signature = twilioSignature(AUTH_TOKEN, 'https://cobranca.example.org/webhook/5f0c-events/events', params);
		const h = hook({
			rawBody: new URLSearchParams(params).toString(),
			headers: { 'x-twilio-signature': signature, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'cobranca.example.org' },
		});
		const { events } = await run(h);
		expect(h.answer.status).toBe(200);
		expect(events).toEqual([expect.objectContaining({ status: 'failed', matched: false })]);
	});

	it('answers every status but starts nothing for the ones not kept (delivered, by default)', async () => {
		const staticData: IDataObject = {};
		await sendTwo(staticData);
		const { result } = await run(twilioHook(status(sid(1), 'delivered'), { staticData, queryString: '?ref=INV-1%3Aoverdue_6d%3Asms' }));
		expect(result.workflowData).toBeUndefined();
		// Still written into the record.
		expect((staticData.keys as Record<string, IDataObject>)['INV-1:overdue_6d:sms'].out).toMatchObject({ status: 'delivered' });
		const all = await run(twilioHook(status(sid(1), 'read'), { staticData, params: { events: ['delivered'], outputs: 'single' }, queryString: '?ref=INV-1%3Aoverdue_6d%3Asms' }));
		expect(all.outputs).toHaveLength(1);
		expect(all.events.map((e) => e.status)).toEqual(['read']);
	});

	it('a redelivery (same I-Twilio-Idempotency-Token) is answered 200 and starts nothing', async () => {
		const staticData: IDataObject = {};
		const request = () =>
			twilioHook(status(sid(3), 'failed', { ErrorCode: '30008' }), { staticData, headers: { 'i-twilio-idempotency-token': 'same-token' } });
		expect((await run(request())).events).toHaveLength(1);
		const again = request();
		const second = await run(again);
		expect(again.answer.status).toBe(200);
		expect(second.result.workflowData).toBeUndefined();
	});

	it('refuses a body over the size limit with 413', async () => {
		const h = twilioHook({ ...status(sid(1), 'failed'), ErrorMessage: 'x'.repeat(3000) }, { params: { options: { maxBodyKb: 2 } } });
		const { result } = await run(h);
		expect(h.answer.status).toBe(413);
		expect(result.workflowData).toBeUndefined();
	});

	describe('Meta', () => {
		const credentials = { dunningWhatsAppCloudApi: META };
		const params = { provider: 'meta' };

		it('answers the verification handshake with the challenge, and 403 for a wrong token', async () => {
			const good = hook({ params, credentials, webhookName: 'setup', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' } });
			await run(good);
			expect(good.answer).toEqual({ status: 200, type: 'text/plain', body: '1158201444' });
			const bad = hook({ params, credentials, webhookName: 'setup', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' } });
			await run(bad);
			expect(bad.answer.status).toBe(403);
			expect(bad.answer.body).not.toContain('1158201444');
		});

		it('splits a batch, verifies the signature over the raw bytes (non-ASCII escaped), and emits the failure and the reply', async () => {
			const body = metaJson({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: 'WABA',
						changes: [
							{
								field: 'messages',
								value: {
									messaging_product: 'whatsapp',
									metadata: { display_phone_number: '15550001111', phone_number_id: META.phoneNumberId },
									statuses: [
										{ id: 'wamid.A', status: 'delivered', timestamp: '1764687600', recipient_id: '5511987654321', biz_opaque_callback_data: 'INV-4:overdue_3d:whatsapp' },
										{
											id: 'wamid.B',
											status: 'failed',
											timestamp: '1764687601',
											recipient_id: '5511976543210',
											biz_opaque_callback_data: 'INV-5:overdue_6d:whatsapp',
											errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }],
										},
									],
									contacts: [{ profile: { name: 'José' }, wa_id: '5511955554444' }],
									messages: [{ from: '5511955554444', id: 'wamid.IN', timestamp: '1764687602', type: 'text', text: { body: 'Já paguei, segue o comprovante' } }],
								},
							},
						],
					},
				],
			});
			const h = hook({ params, credentials, rawBody: body, headers: { 'x-hub-signature-256': metaSignature(META.appSecret, body) } });
			const { outputs } = await run(h);
			expect(h.answer.status).toBe(200);
			expect(JSON.parse(String(h.answer.body))).toEqual({ received: 3, emitted: 2 });
			expect(outputs[0].map((i) => (i.json.event as IDataObject).text)).toEqual(['Já paguei, segue o comprovante']);
			expect(outputs[1].map((i) => i.json.event)).toEqual([
				expect.objectContaining({ status: 'failed', reason: 'window_closed', code: '131047', invoiceId: 'INV-5', stage: 'overdue_6d', matchedBy: 'key_format', at: '2025-12-02T15:00:01.000Z' }),
			]);
			// A byte changed after signing: refused.
			const tampered = hook({ params, credentials, rawBody: body.replace('131047', '131048'), headers: { 'x-hub-signature-256': metaSignature(META.appSecret, body) } });
			await run(tampered);
			expect(tampered.answer.status).toBe(403);
		});

		it('answers 400 to a signed body that is not JSON, and 405 to a GET for a provider without a handshake', async () => {
			const h = hook({ params, credentials, rawBody: '{not json', headers: { 'x-hub-signature-256': metaSignature(META.appSecret, '{not json') } });
			const { result } = await run(h);
			expect(h.answer.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
			const get = hook({ webhookName: 'setup' });
			await run(get);
			expect(get.answer.status).toBe(405);
		});
	});

	it('a provider credential without its webhook secret fails when the workflow is published, naming the credential, and answers 500', async () => {
		const credentials = { dunningZenviaApi: { apiToken: 'z', smsFrom: 'acme' } };
		const params = { provider: 'zenvia' };
		const h = hook({ params, credentials, rawBody: '{}' });
		await expect(node.webhookMethods.default.create.call(h.ctx as never)).rejects.toThrow(/has no webhook secret/);
		await run(h);
		expect(h.answer.status).toBe(500);
		expect(h.answer.body).not.toMatch(/secret|credential/i);
		expect(h.logs.join('\n')).toContain('has no webhook secret');
	});

	it('Zenvia with a secret header: the right one passes, a wrong one gets 403, none 401', async () => {
		const credentials = { dunningZenviaApi: { apiToken: 'z', smsFrom: 'acme', webhookHeaderName: 'X-Webhook-Secret', webhookHeaderSecret: 's3cr3t' } };
		const params = { provider: 'zenvia', events: ['delivered'] };
		const body = JSON.stringify({
			id: 'evt-1',
			timestamp: '2026-12-02T15:00:00.000Z',
			type: 'MESSAGE_STATUS',
			subscriptionId: 'sub',
			channel: 'sms',
			message: { id: 'z-msg-1', externalId: 'INV-6:overdue_3d:sms', direction: 'OUT', from: 'acme', to: '5511987654321' },
			messageStatus: { timestamp: '2026-12-02T15:00:00.000Z', code: 'DELIVERED', description: 'delivered' },
		});
		for (const [headers, code] of [
			[{ 'x-webhook-secret': 's3cr3t' }, 200],
			[{ 'x-webhook-secret': 'wrong' }, 403],
			[{}, 401],
		] as const) {
			const h = hook({ params, credentials, rawBody: body, headers });
			const { events } = await run(h);
			expect([JSON.stringify(headers), h.answer.status]).toEqual([JSON.stringify(headers), code]);
			expect(events).toHaveLength(code === 200 ? 1 : 0);
		}
	});
});
