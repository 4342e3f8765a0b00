/**
 * The send policy inside a real n8n 2.41.1, against the fake gateway: retries with Retry-After,
 * 5xx bursts, a reply that never comes after the message was accepted (unknown, not retried),
 * no duplicate at the gateway across two runs of the same workflow, contact hours, opt-out, and
 * the WhatsApp → SMS fallback.
 */
import { type FakeGateway, start } from '../fake-gateway';
import { N8nHome, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';

jest.setTimeout(240_000);

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

type Delivery = { status: string; reason?: string; attempts: number; idempotencyKey: string; sentAt: string | null; nextAllowedAt?: string; channel: string; to: string; fallback?: { reason: string } };

function importSendWorkflow(id: string, rows: object[], parameters: Record<string, unknown>) {
	const outputs = ['Sent', 'Failed', 'Skipped'];
	const workflow = chainWorkflow(id, rows, [
		{ name: 'Send', type: nodeType('sendViaGateway'), typeVersion: 1, parameters: { provider: 'twilio', ...parameters }, credentials: credentialRef('twilio') },
		...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
	]) as { connections: Record<string, unknown> };
	for (const name of outputs) delete workflow.connections[name];
	workflow.connections.Send = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
	home.importWorkflows([workflow]);
}

async function execute(id: string) {
	const run = await home.execute(id);
	expect(run.error).toBeUndefined();
	const out = (name: string) =>
		(run.nodes[name]?.outputs[0] ?? []).map((i) => ({ id: i.json.invoiceId as string, ...(i.json.delivery as Delivery) }));
	return { sent: out('Sent'), failed: out('Failed'), skipped: out('Skipped') };
}

const sms = { channel: 'sms', text: 'Sua fatura venceu. Pague pelo link.' };
const row = (invoiceId: string, phone: string, extra: object = {}) => ({ invoiceId, phone, country: 'BR', dunning: { stage: 'overdue_6d' }, message: sms, ...extra });

describe('send policy in a real n8n against the fake gateway', () => {
	beforeEach(() => gateway.reset());

	it('retries 429 bursts after Retry-After and 503 bursts with backoff, then sends once', async () => {
		importSendWorkflow('e2ePolicyRetry', [row('R429', '11900002229'), row('R503', '11900002203')], {
			contactHours: 'off',
			policy: { retryDelaySeconds: 0.2 },
		});
		const { sent, failed } = await execute('e2ePolicyRetry');
		expect(failed).toEqual([]);
		expect(sent.map((d) => [d.id, d.attempts])).toEqual([
			['R429', 3],
			['R503', 3],
		]);
		const throttled = gateway.requests({ recipient: '5511900002229' }).sort((a, b) => a.seq - b.seq);
		expect(throttled.map((r) => r.status)).toEqual([429, 429, 201]);
		// The fake gateway answered Retry-After: 1; the node waited at least that long each time.
		for (let k = 1; k < throttled.length; k++) expect(throttled[k].at - throttled[k - 1].at).toBeGreaterThanOrEqual(950);
		expect(gateway.requests({ recipient: '5511900002203' }).map((r) => r.status)).toEqual([503, 503, 201]);
	});

	it('gives each message the instant the provider accepted it: with 4 messages per second the sentAt values spread as the requests did', async () => {
		const phones = ['11987650101', '11987650102', '11987650103', '11987650104', '11987650105', '11987650106'];
		importSendWorkflow('e2ePolicySentAt', phones.map((phone, i) => row(`AT${i + 1}`, phone)), {
			contactHours: 'off',
			policy: { messagesPerSecond: 4, burst: 1, maxConcurrentRequests: 1 },
		});
		const { sent } = await execute('e2ePolicySentAt');
		expect(sent.map((d) => d.id)).toEqual(['AT1', 'AT2', 'AT3', 'AT4', 'AT5', 'AT6']);
		const sentAt = sent.map((d) => Date.parse(String(d.sentAt)));
		// Five gaps of a quarter second: the first and the last are more than a second apart.
		expect(sentAt[5] - sentAt[0]).toBeGreaterThanOrEqual(1000);
		sent.forEach((d, i) => {
			const [request] = gateway.requests({ recipient: `55${phones[i]}` });
			// The gateway's own clock: each sentAt follows its request, a reply's round trip later.
			expect([d.id, sentAt[i] >= request.at - 5, sentAt[i] - request.at < 1000]).toEqual([d.id, true, true]);
		});
	});

	it('after a 429 with Retry-After: 1 the whole node pauses: no request starts inside the pause (default 10/s, 5 at once)', async () => {
		// The first request to …2129 gets Twilio's 429 (Retry-After: 1), later ones succeed.
		const phones = ['11900002129', ...Array.from({ length: 8 }, (_, i) => `1198765020${i}`)];
		importSendWorkflow('e2ePolicyPause', phones.map((phone, i) => row(`P${i}`, phone)), { contactHours: 'off' });
		const { sent, failed } = await execute('e2ePolicyPause');
		expect(failed).toEqual([]);
		expect(sent).toHaveLength(9);
		const requests = gateway.requests({ provider: 'twilio' }).sort((a, b) => a.seq - b.seq);
		const throttled = requests.find((r) => r.status === 429) as (typeof requests)[number];
		expect(throttled).toBeDefined();
		// The gateway's clock. Requests that left before the node read the 429 may still arrive after it (at most
		// the other 4 of the 5 at once); then the whole node waits Retry-After: a gap of most of a second follows.
		// Without a node-wide pause the other 8 messages would arrive 100 ms apart and only the retry would wait.
		const after = requests.filter((r) => r.seq !== throttled.seq && r.at >= throttled.at).sort((a, b) => a.at - b.at);
		const pause = after.findIndex((r, k) => r.at - (k === 0 ? throttled.at : after[k - 1].at) >= 800);
		const arrivals = after.map((r) => r.at - throttled.at);
		expect({ pauseFound: pause >= 0, atMostFourInFlight: pause <= 4, arrivals }).toEqual({ pauseFound: true, atMostFourInFlight: true, arrivals });
		expect(after.length - pause).toBeGreaterThanOrEqual(1);
	});

	it('reports a reply that never came as unknown, does not retry it, and a second run sends nothing again', async () => {
		importSendWorkflow('e2ePolicyTwice', [row('OK1', '11987654321'), row('HANG', '11900000900'), row('OK2', '11987654322')], {
			contactHours: 'off',
			// Twilio carries the idempotency key only as `ref` on the status callback URL.
			options: { timeout: 2000, statusCallbackUrl: 'http://127.0.0.1:9/delivery-status' },
		});
		const first = await execute('e2ePolicyTwice');
		expect(first.sent.map((d) => d.id)).toEqual(['OK1', 'OK2']);
		expect(first.failed).toEqual([expect.objectContaining({ id: 'HANG', status: 'unknown', attempts: 1 })]);
		const second = await execute('e2ePolicyTwice');
		expect(second.sent).toEqual([]);
		expect(second.skipped.map((d) => [d.id, d.reason])).toEqual([
			['OK1', 'duplicate'],
			['HANG', 'duplicate'],
			['OK2', 'duplicate'],
		]);
		// At the gateway: every idempotency key arrived exactly once over both runs.
		for (const key of ['OK1:overdue_6d:sms', 'HANG:overdue_6d:sms', 'OK2:overdue_6d:sms']) {
			expect(gateway.countForKey(key)).toMatchObject({ requests: 1, accepted: 1 });
		}
		expect(gateway.statsReport().duplicateKeys).toEqual([]);
	});

	it('skips outside contact hours with nextAllowedAt, and skips opted-out debtors', async () => {
		// A custom window open only on another weekday than today (in São Paulo): closed now, whatever the hour.
		const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
		const todayInSaoPaulo = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Sao_Paulo', weekday: 'long' }).format(new Date()).toLowerCase();
		const otherDay = days[(days.indexOf(todayInSaoPaulo) + 3) % 7];
		importSendWorkflow('e2ePolicyQuiet', [row('QUIET', '11987654321'), row('STOP', '11987654322', { optedOut: 'sim' })], {
			contactHours: 'custom',
			contactDays: [otherDay],
		});
		const { sent, skipped } = await execute('e2ePolicyQuiet');
		expect(sent).toEqual([]);
		expect(skipped.map((d) => [d.id, d.reason])).toEqual([
			['QUIET', 'quiet_hours'],
			['STOP', 'opted_out'],
		]);
		const quiet = skipped[0];
		expect(Date.parse(String(quiet.nextAllowedAt))).toBeGreaterThan(Date.now());
		expect(gateway.requests()).toHaveLength(0);
	});

	it('falls back from WhatsApp to SMS when the number has no WhatsApp (a landline), in the same run', async () => {
		const whatsapp = { channel: 'whatsapp', text: 'Olá *Letícia*, sua fatura de R$ 59,90 venceu.' };
		importSendWorkflow('e2ePolicyFallback', [row('LAND', '(11) 3456-7890', { message: whatsapp })], {
			contactHours: 'off',
			fallbackToSms: true,
		});
		const { sent, failed } = await execute('e2ePolicyFallback');
		expect(failed).toEqual([]);
		expect(sent[0]).toMatchObject({ channel: 'sms', to: '+551134567890', fallback: { reason: 'invalid_number' }, idempotencyKey: 'LAND:overdue_6d:sms' });
		const [request] = gateway.requests({ provider: 'twilio' });
		const body = new URLSearchParams(request.body);
		expect(body.get('To')).toBe('+551134567890');
		expect(body.get('Body')).toBe('Olá Letícia, sua fatura de R$ 59,90 venceu.');
	});
});
