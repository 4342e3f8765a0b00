import net from 'node:net';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { mockContext } from './mock-context';
import { TWILIO } from './twilio-credentials';

const node = new SendViaGateway();
const ok = (sid = 'SM0123456789abcdef0123456789abcdef') => ({ statusCode: 201, headers: {}, body: { sid, status: 'queued' } });

function item(invoiceId: string, phone: unknown, message: unknown = { channel: 'sms', text: 'Olá' }) {
	return { invoiceId, phone, country: 'BR', dunning: { stage: 'overdue_3d' }, message };
}

function run(items: object[], http: (type: string, o: Record<string, unknown>) => unknown, extra: Partial<Parameters<typeof mockContext>[0]> = {}) {
	const mock = mockContext({
		items: items as never,
		params: { provider: 'twilio', contactHours: 'off', 'policy.retryDelaySeconds': 0.01, 'policy.messagesPerSecond': 0, ...(extra.params ?? {}) },
		credentials: TWILIO,
		http: http as never,
		nodeCredentials: { dunningTwilioApi: { id: '1', name: 'My Twilio' } },
		...extra,
	});
	return { result: node.execute.call(mock.ctx), requests: mock.requests };
}

describe('Send via SMS/WhatsApp Gateway node', () => {
	it('declares three named outputs, one credential per provider, and n8n’s Redis credential for the Redis record', () => {
		expect(node.description.outputNames).toEqual(['Sent', 'Failed', 'Skipped']);
		expect(node.description.credentials?.map((c) => c.name).sort()).toEqual([
			'dunningHttpGatewayApi',
			'dunningInfobipApi',
			'dunningTwilioApi',
			'dunningWhatsAppCloudApi',
			'dunningZenviaApi',
			'redis',
		]);
		expect(node.description.credentials?.find((c) => c.name === 'redis')?.displayOptions).toEqual({ show: { ledger: ['redis'] } });
		const ledger = node.description.properties.find((p) => p.name === 'ledger');
		expect(ledger?.default).toBe('staticData');
		expect(ledger?.hint).toMatch(/queue mode/);
		expect(node.description.usableAsTool).toBe(true);
	});

	it('hands n8n the credential it read once with every request, a fresh copy each time (no reload per message)', async () => {
		const { result, requests } = run([item('A', '11987654321'), item('B', '11987654322')], () => ok());
		await result;
		expect(requests).toHaveLength(2);
		for (const r of requests) {
			expect(r.credentialType).toBe('dunningTwilioApi');
			expect(r.additional).toEqual({
				credentialsDecrypted: { id: '1', name: 'My Twilio', type: 'dunningTwilioApi', data: TWILIO.dunningTwilioApi },
			});
		}
		const [first, second] = requests.map((r) => (r.additional as { credentialsDecrypted: { data: object } }).credentialsDecrypted.data);
		expect(first).not.toBe(second);
		// The request options themselves carry no secret: n8n adds the authentication.
		expect(JSON.stringify(requests.map((r) => r.options))).not.toContain(TWILIO.dunningTwilioApi.authToken);
	});

	it('sends each item once through the credential, with pairedItem, to the Sent output', async () => {
		const { result, requests } = run([item('A', '(11) 98765-4321'), item('B', '11 97654-3210')], () => ok());
		const [sent, failed, skipped] = await result;
		expect([sent.length, failed.length, skipped.length]).toEqual([2, 0, 0]);
		expect(sent.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sent[0].json.delivery).toMatchObject({
			status: 'sent',
			provider: 'twilio',
			channel: 'sms',
			to: '+5511987654321',
			providerMessageId: 'SM0123456789abcdef0123456789abcdef',
			idempotencyKey: 'A:overdue_3d:sms',
			attempts: 1,
		});
		expect(requests).toHaveLength(2);
		expect(requests[0].credentialType).toBe('dunningTwilioApi');
		expect(requests[0].options).toMatchObject({
			method: 'POST',
			url: 'https://api.twilio.test/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		expect(String(requests[0].options.body)).toContain('To=%2B5511987654321');
		expect(JSON.stringify(requests.map((r) => r.options))).not.toContain('super-secret-token-value');
	});

	it('fails an invalid number without any request, and keeps going', async () => {
		const { result, requests } = run([item('BAD', '123'), item('OK', '11987654321')], () => ok());
		const [sent, failed] = await result;
		expect(failed[0].json.delivery).toMatchObject({ status: 'failed', reason: 'invalid_number', attempts: 0 });
		expect(failed[0].pairedItem).toEqual({ item: 0 });
		expect(sent).toHaveLength(1);
		expect(requests).toHaveLength(1);
	});

	it('classifies provider errors: opt-out permanent, 500 unknown, transport refused retryable', async () => {
		let n = 0;
		const { result } = run([item('STOP', '11987654321'), item('FIVE', '11987654322'), item('DOWN', '11987654323')], () => {
			n++;
			if (n === 1) return { statusCode: 400, headers: {}, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } };
			if (n === 2) return { statusCode: 500, headers: {}, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
			throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
		});
		const [, failed] = await result;
		expect(failed.map((i) => [i.json.invoiceId, (i.json.delivery as { status: string }).status, (i.json.delivery as { reason: string }).reason])).toEqual([
			['STOP', 'failed', 'opted_out'],
			['FIVE', 'unknown', expect.any(String)],
			['DOWN', 'failed', 'network'],
		]);
		expect((failed[1].json.delivery as { message: string }).message).toContain('not retried, to avoid a duplicate');
		expect((failed[2].json.delivery as { retryable: boolean }).retryable).toBe(true);
	});

	it('stops the run on a credential error, naming the credential and the item', async () => {
		// One request at a time: with more in flight, those already sent cannot be called back.
		const { result, requests } = run(
			[item('A', '11987654321'), item('B', '11987654322')],
			() => ({ statusCode: 401, headers: {}, body: { code: 20003, message: 'Authenticate', status: 401 } }),
			{ params: { provider: 'twilio', contactHours: 'off', 'policy.maxConcurrentRequests': 1 } },
		);
		await expect(result).rejects.toThrow(NodeApiError);
		await expect(result).rejects.toThrow('Item 1 (invoice A): Twilio refused the request with credential "My Twilio"');
		expect(requests).toHaveLength(1);
	});

	it('with continue on fail, a credential error fails the item and the run goes on', async () => {
		const { result } = run([item('A', '11987654321')], () => ({ statusCode: 401, headers: {}, body: { code: 20003, message: 'Authenticate' } }), {
			continueOnFail: true,
		});
		const [, failed] = await result;
		expect(failed[0].json.delivery).toMatchObject({ status: 'failed', reason: 'auth' });
	});

	it('dry run builds the request, sends nothing, masks phones and never shows secrets', async () => {
		const { result, requests } = run([item('A', '11987654321')], () => ok(), {
			params: { provider: 'twilio', contactHours: 'off', 'options.dryRun': true, 'options.maskPhones': true },
		});
		const [sent, , skipped] = await result;
		expect(sent).toEqual([]);
		expect(requests).toEqual([]);
		const delivery = skipped[0].json.delivery as { status: string; reason: string; to: string; request: unknown };
		expect(delivery).toMatchObject({ status: 'skipped', reason: 'dry_run' });
		expect(delivery.to).not.toContain('8765');
		expect(JSON.stringify(delivery.request)).not.toContain('98765-4321');
		expect(JSON.stringify(delivery.request)).not.toContain('5511987654321');
		expect(JSON.stringify(skipped)).not.toContain('super-secret-token-value');
	});

	it('skips e-mail messages and fails items without a message', async () => {
		const { result } = run([item('MAIL', '11987654321', { channel: 'email', subject: 'x' }), item('NONE', '11987654321', null)], () => ok());
		const [, failed, skipped] = await result;
		expect(skipped[0].json.delivery).toMatchObject({ status: 'skipped', reason: 'unsupported_channel' });
		expect(failed[0].json.delivery).toMatchObject({ status: 'failed', reason: 'invalid_message' });
	});

	it('reports a bad credential setting once, before sending', async () => {
		const mock = mockContext({
			items: [item('A', '11987654321')] as never,
			params: { provider: 'twilio', contactHours: 'off' },
			credentials: { dunningTwilioApi: { ...TWILIO.dunningTwilioApi, accountSid: 'not a sid!' } },
		});
		await expect(node.execute.call(mock.ctx)).rejects.toThrow(NodeOperationError);
		await expect(node.execute.call(mock.ctx)).rejects.toThrow('Account SID');
	});

	it('with the Redis record and Redis unreachable: one clear error naming the credential and the address, nothing sent, no password shown', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as net.AddressInfo).port;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const mock = mockContext({
			items: [item('A', '11987654321')] as never,
			params: { provider: 'twilio', contactHours: 'off', ledger: 'redis' },
			credentials: { ...TWILIO, redis: { host: '127.0.0.1', port, database: 0, user: '', password: 'redis-secret-password', ssl: false } },
			nodeCredentials: { dunningTwilioApi: { id: '1', name: 'My Twilio' }, redis: { id: '2', name: 'Queue Redis' } },
			http: () => ok(),
		});
		const error = await node.execute.call(mock.ctx).then(
			() => null,
			(e: NodeOperationError) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toContain(`Could not reach Redis at 127.0.0.1:${port} (credential "Queue Redis")`);
		expect(error?.description).toMatch(/nothing was sent/);
		expect(JSON.stringify({ m: error?.message, d: error?.description })).not.toContain('redis-secret-password');
		expect(mock.requests).toHaveLength(0);
	});
});
