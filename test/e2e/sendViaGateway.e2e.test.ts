/**
 * Send via SMS/WhatsApp Gateway inside a real n8n 2.41.1, against the local fake gateway on
 * loopback: one workflow per provider, asserting what the gateway received (auth, body, number
 * format) and the node's three outputs; a run with a bad token; a dry run.
 */
import { type FakeGateway, start } from '../fake-gateway';
import { N8nHome, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';

jest.setTimeout(180_000);

let home: N8nHome;
let gateway: FakeGateway;

beforeAll(async () => {
	gateway = await start();
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
});

afterAll(async () => {
	await gateway.close();
});

beforeEach(() => gateway.reset());

const sms = (text: string) => ({ channel: 'sms', locale: 'pt-BR', text });
const whatsappTemplate = {
	channel: 'whatsapp',
	locale: 'pt-BR',
	text: 'Olá Maria, sua fatura de R$ 129,90 venceu em 20/11.',
	template: { name: 'cobranca_lembrete', language: 'pt_BR', parameters: ['Maria', 'R$ 129,90', '20/11/2026'] },
};

type Delivery = { status: string; to: string; providerMessageId: string | null; idempotencyKey: string; reason?: string; code?: string; attempts: number; request?: unknown };

export async function runSend(id: string, provider: string, rows: object[], parameters: Record<string, unknown> = {}) {
	const outputs = ['Sent', 'Failed', 'Skipped'];
	const workflow = chainWorkflow(id, rows, [
		{
			name: 'Send',
			type: nodeType('sendViaGateway'),
			typeVersion: 1,
			// Contact hours are tested on their own (sendPolicy.e2e.test.ts): here the clock must not matter.
			parameters: { provider, contactHours: 'off', ...parameters },
			credentials: credentialRef(provider as 'twilio'),
		},
		...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
	]) as { connections: Record<string, unknown> };
	for (const name of outputs) delete workflow.connections[name];
	workflow.connections.Send = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
	home.importWorkflows([workflow]);
	const run = await home.execute(id);
	const out = (name: string) => (run.nodes[name]?.outputs[0] ?? []).map((i) => i.json as Record<string, unknown> & { delivery: Delivery });
	return { run, sent: out('Sent'), failed: out('Failed'), skipped: out('Skipped') };
}

const row = (invoiceId: string, phone: string, message: object, extra: object = {}) => ({
	invoiceId,
	customerName: 'Maria da Silva',
	phone,
	country: 'BR',
	dunning: { stage: 'overdue_3d' },
	message,
	...extra,
});

describe('Send via SMS/WhatsApp Gateway in a real n8n, against the fake gateway', () => {
	it('Twilio: SMS in E.164, Basic auth, form body, message SID read back', async () => {
		const { run, sent, failed } = await runSend('e2eSendTwilio', 'twilio', [
			row('INV-1', '(11) 98765-4321', sms('Olá Maria, sua fatura venceu.')),
			row('INV-2', '11 97654-3210', sms('Olá João, sua fatura venceu.')),
		]);
		expect(run.exitCode).toBe(0);
		expect(failed).toEqual([]);
		expect(sent.map((i) => i.delivery.status)).toEqual(['sent', 'sent']);
		expect(sent[0].delivery.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
		expect(sent[0].delivery).toMatchObject({ to: '+5511987654321', idempotencyKey: 'INV-1:overdue_3d:sms', attempts: 1 });
		const received = gateway.requests({ provider: 'twilio' });
		expect(received).toHaveLength(2);
		const body = new URLSearchParams(received[0].body);
		expect(body.get('To')).toBe('+5511987654321');
		expect(body.get('From')).toBe('+15017122661');
		expect(body.get('Body')).toBe('Olá Maria, sua fatura venceu.');
		expect(String(received[0].headers.authorization)).toMatch(/^Basic /);
		expect(received[0].headers['content-type']).toContain('application/x-www-form-urlencoded');
	});

	it('Meta WhatsApp Cloud API: approved template, digits, Bearer token, wamid read back', async () => {
		gateway.openWindow('5511987654321');
		const { sent, failed } = await runSend('e2eSendMeta', 'meta', [row('INV-3', '+55 11 98765-4321', whatsappTemplate)]);
		expect(failed).toEqual([]);
		expect(sent[0].delivery.providerMessageId).toMatch(/^wamid\./);
		const [request] = gateway.requests({ provider: 'meta' });
		expect(request.headers.authorization).toBe('Bearer fake-meta-access-token');
		const body = JSON.parse(request.body);
		expect(body).toMatchObject({
			messaging_product: 'whatsapp',
			to: '5511987654321',
			type: 'template',
			biz_opaque_callback_data: 'INV-3:overdue_3d:whatsapp',
			template: { name: 'cobranca_lembrete', language: { code: 'pt_BR' } },
		});
		expect(body.template.components[0].parameters.map((p: { text: string }) => p.text)).toEqual(['Maria', 'R$ 129,90', '20/11/2026']);
	});

	it('Zenvia: SMS with X-API-TOKEN, digits and externalId', async () => {
		const { sent } = await runSend('e2eSendZenvia', 'zenvia', [row('INV-4', '11987654321', sms('Sua fatura venceu.'))]);
		expect(sent).toHaveLength(1);
		const [request] = gateway.requests({ provider: 'zenvia' });
		expect(request.headers['x-api-token']).toBe('fake-zenvia-api-token');
		expect(JSON.parse(request.body)).toMatchObject({ from: 'provedor-net', to: '5511987654321', externalId: 'INV-4:overdue_3d:sms' });
	});

	it('Infobip: SMS v3 with App key, digits and messageId', async () => {
		const { sent } = await runSend('e2eSendInfobip', 'infobip', [row('INV-5', '11987654321', sms('Sua fatura venceu.'))]);
		expect(sent).toHaveLength(1);
		const [request] = gateway.requests({ provider: 'infobip' });
		expect(request.path).toBe('/sms/3/messages');
		expect(request.headers.authorization).toBe('App fake-infobip-api-key');
		expect(request.body).toContain('5511987654321');
		expect(request.body).toContain('INV-5:overdue_3d:sms');
		expect(sent[0].delivery.providerMessageId).toBeTruthy();
	});

	it('HTTP gateway: JSON body template, success field, error inside HTTP 200', async () => {
		const { sent, failed } = await runSend(
			'e2eSendGeneric',
			'generic',
			[row('INV-6', '11987654321', sms('Fatura "vencida"\nPague hoje.')), row('INV-7', '11900000200', sms('x'))],
			{
				path: '/sms',
				bodyTemplate: '{"to":"{{to_digits}}","text":"{{text}}","client_ref":"{{idempotency_key}}"}',
				successPath: 'status',
				successValues: 'ok',
				messageIdPath: 'id',
				errorCodePath: 'code',
				errorMessagePath: 'message',
			},
		);
		expect(sent.map((i) => i.invoiceId)).toEqual(['INV-6']);
		expect(failed.map((i) => [i.invoiceId, i.delivery.status, i.delivery.code])).toEqual([['INV-7', 'failed', 'REJECTED']]);
		const [first] = gateway.requests({ provider: 'custom' });
		expect(JSON.parse(first.body)).toEqual({ to: '5511987654321', text: 'Fatura "vencida"\nPague hoje.', client_ref: 'INV-6:overdue_3d:sms' });
	});

	it('fails invalid numbers without a request, classifies provider refusals, and reports timeouts as unknown', async () => {
		const { sent, failed } = await runSend(
			'e2eSendFaults',
			'twilio',
			[
				row('OK', '11987654321', sms('a')),
				row('BAD', '(11) 1234', sms('b')),
				row('STOP', '11900001610', sms('c')),
				row('FIVE', '11900000500', sms('d')),
			],
			{ options: { timeout: 3000 } },
		);
		expect(sent.map((i) => i.invoiceId)).toEqual(['OK']);
		const byId = Object.fromEntries(failed.map((i) => [i.invoiceId, i.delivery]));
		expect(byId.BAD).toMatchObject({ status: 'failed', reason: 'invalid_number', attempts: 0 });
		expect(byId.STOP).toMatchObject({ status: 'failed', reason: 'opted_out', code: '21610' });
		expect(byId.FIVE).toMatchObject({ status: 'unknown' });
		expect(gateway.requests({ provider: 'twilio' })).toHaveLength(3);
	});

	it('dry run: nothing reaches the gateway, items go to Skipped with the request, without secrets', async () => {
		const { skipped, sent, run } = await runSend('e2eSendDry', 'meta', [row('INV-8', '11987654321', whatsappTemplate)], {
			options: { dryRun: true, maskPhones: true },
		});
		expect(sent).toEqual([]);
		expect(skipped[0].delivery).toMatchObject({ status: 'skipped', reason: 'dry_run' });
		expect(skipped[0].delivery.to).not.toContain('98765');
		expect(JSON.stringify(skipped[0].delivery.request)).toContain('cobranca_lembrete');
		expect(gateway.requests()).toHaveLength(0);
		expect(JSON.stringify(run.nodes)).not.toContain('fake-meta-access-token');
	});

	it('a bad token stops the run with an error naming the credential', async () => {
		home.importCredentials(fakeGatewayCredentials(gateway.url, { metaToken: 'wrong-token' }));
		try {
			const { run } = await runSend('e2eSendBadToken', 'meta', [row('INV-9', '11987654321', whatsappTemplate), row('INV-10', '11987654322', whatsappTemplate)], {
				policy: { maxConcurrentRequests: 1 },
			});
			expect(run.exitCode).toBe(1);
			const text = `${run.error?.message ?? ''}\n${run.stderr}`;
			expect(text).toContain('WhatsApp Cloud API (fake gateway)');
			expect(text).not.toContain('wrong-token');
			expect(gateway.requests({ provider: 'meta' })).toHaveLength(1);
		} finally {
			home.importCredentials(fakeGatewayCredentials(gateway.url));
		}
	});
});
