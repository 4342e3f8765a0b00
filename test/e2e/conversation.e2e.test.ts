/**
 * The whole conversation in the real n8n, against the fake gateway: the shipped full pipeline sends
 * the day's notices; five debtors answer (the fake posts Infobip's signed inbound messages to the
 * shipped inbound-replies workflow in `n8n start`); each reply is matched to its invoice, classified,
 * written back to the file and answered; then the ladder runs on the following days (reference date
 * moved) and listens: the promised invoice is held and reminded the day before, the paused one is
 * held, the opted-out and the wrong number are skipped, and after the promised day, unpaid, the
 * broken promise is counted and Segment Debtor calls the debtor intentional.
 *
 * Both workflows use the Redis record (as a team whose replies arrive in another workflow than the
 * sends): an SMS reply carries only the number, and the record of the Send node tells which invoice
 * it answers. Contact hours are off in the copies (the reference date is fixed; the hour is not).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type FakeGateway, type RecordedRequest, start } from '../fake-gateway';
import { type N8nHome, type RunResult, freePort } from './harness';
import { type QueueServices, startQueueServices } from './queue';
import { openSharedHome } from './shared-home';
import {
	type N8nServer,
	SAMPLE_CSV,
	loadWorkflow,
	parseCsv,
	sampleRows,
	shippedCredentials,
	startServer,
	withContactHours,
	withId,
	withReferenceDate,
} from './workflows';

jest.setTimeout(600_000);

const INBOUND_HOOK = '7c2e4f1a-3b5d-4e6f-8a9b-0c1d2e3f4a51';
const PIPELINE_ID = 'dunConvPipeline01';
const INBOUND_ID = 'dunConvInbound01';
const REDIS = { id: 'dunConvRedis00001', name: 'Redis (conversation e2e)', type: 'redis' };
const PREFIX = 'e2e-conversation:';
const WEBHOOK_HEADER = { name: 'X-Dunning-Webhook-Secret', value: 'fake-infobip-webhook-secret' };

/** The five debtors who answer, from the sample file (each gets a notice on the first day). */
/** When the debtors answer: Monday 23 November 2026, 12:00 in São Paulo ("sexta" is the 27th, "já paguei" holds 5 days). */
const REPLY_AT = Date.parse('2026-11-23T15:00:00Z');
/**
 * The opt-out and the wrong number are confirmed once, only inside 24 hours of the reply, by the clock of the
 * machine (the answer goes out now): these two replies are dated now; nothing the ladder does depends on their day.
 */
const NOW = Date.now() - 120_000;
const PROMISE = { invoiceId: 'INV-1013', phone: '+5511967890123', channel: 'whatsapp' as const, text: 'Oi, pago na sexta sem falta', at: REPLY_AT };
const OPT_OUT = { invoiceId: 'INV-1029', phone: '+551134567890', channel: 'sms' as const, text: 'PARAR', at: NOW };
const PAID = { invoiceId: 'INV-1009', phone: '+5571983456789', channel: 'whatsapp' as const, text: 'já paguei, segue o comprovante', at: REPLY_AT + 60_000, media: true };
const WRONG = { invoiceId: 'INV-1011', phone: '+5585985678901', channel: 'whatsapp' as const, text: 'Não conheço essa pessoa, número errado', at: NOW + 60_000 };
const NEGOTIATE = { invoiceId: 'INV-1017', phone: '+5548991234567', channel: 'whatsapp' as const, text: 'quero parcelar', at: REPLY_AT + 120_000 };
const REPLIES: Reply[] = [PROMISE, OPT_OUT, PAID, WRONG, NEGOTIATE];

let home: N8nHome;
let gateway: FakeGateway;
let services: QueueServices;
let servicesDir: string;

interface WorkflowJson {
	id: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }>;
}

/** Every node that keeps a record (Send, Dunning Events, Classify Reply) keeps it in Redis. */
function withRedis<T extends WorkflowJson>(workflow: T, prefix = PREFIX): T {
	for (const node of workflow.nodes) {
		if (!/^n8n-nodes-dunning\.(sendViaGateway|dunningEvents|classifyReply)$/.test(node.type)) continue;
		node.parameters.ledger = 'redis';
		node.parameters.redisKeyPrefix = prefix;
		node.credentials = { ...(node.credentials ?? {}), redis: { id: REDIS.id, name: REDIS.name } };
	}
	return workflow;
}

/**
 * A ladder workflow as of `day`. The daily cap per debtor counts by the machine's clock, and every simulated
 * day of this suite runs on the same real day: the copies lift it (it has tests of its own).
 */
function pipelineOn(day: string, prefix = PREFIX, file = 'full-pipeline.json', id = PIPELINE_ID): WorkflowJson {
	const workflow = withRedis(withId(withReferenceDate(withContactHours(loadWorkflow(file)), day), id) as unknown as WorkflowJson, prefix);
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-dunning.sendViaGateway') node.parameters.policy = { ...((node.parameters.policy as object) ?? {}), maxPerDebtorPerDay: 0 };
	}
	return workflow;
}

async function runPipeline(day: string, prefix = PREFIX, file = 'full-pipeline.json', id = PIPELINE_ID): Promise<RunResult> {
	home.importWorkflows([pipelineOn(day, prefix, file, id)]);
	const result = await home.execute(id);
	expect(result.error).toBeUndefined();
	expect(result.exitCode).toBe(0);
	return result;
}

type Json = Record<string, unknown> & { invoiceId: string };
const items = (result: RunResult, node: string, output = 0) => (result.nodes[node]?.outputs[output] ?? []).map((i) => i.json as Json);
const dunningOf = (result: RunResult, invoiceId: string) =>
	result.nodes['Dunning Stage'].outputs.flat().map((i) => i.json as Json & { dunning: Record<string, unknown> }).find((j) => j.invoiceId === invoiceId)?.dunning;
const deliveryOf = (result: RunResult, invoiceId: string) =>
	[0, 1, 2].flatMap((o) => items(result, 'Send WhatsApp or SMS', o)).find((j) => j.invoiceId === invoiceId)?.delivery as Record<string, unknown> | undefined;

function writtenRows(): Map<string, Record<string, string>> {
	const text = fs.readFileSync(path.join(home.dataDir, 'invoices.csv'), 'utf8').replace(/^\uFEFF/, '');
	const [header, ...lines] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
	return new Map(lines.map((cells) => Object.fromEntries(header.map((c, i) => [c, cells[i] ?? '']))).map((r) => [r.invoiceId, r]));
}

interface Sent {
	to: string;
	key: string;
	channel: 'whatsapp' | 'sms';
	text?: string;
	template?: string;
	placeholders?: string[];
}

interface InfobipBody {
	to?: string;
	messageId?: string;
	text?: string;
	messages?: InfobipBody[];
	destinations?: Array<{ to: string; messageId: string }>;
	content?: { text?: string; templateName?: string; templateData?: { body?: { placeholders?: string[] } } };
}

/** The messages that reached the fake Infobip since the last reset, in order. */
function sends(afterSeq = -1): Sent[] {
	return gateway
		.requests({ provider: 'infobip' })
		.filter((r: RecordedRequest) => r.seq > afterSeq && r.method === 'POST' && /^\/(whatsapp|sms)\//.test(r.path))
		.sort((a, b) => a.seq - b.seq)
		.map((r): Sent => {
			const body = JSON.parse(r.body) as InfobipBody;
			if (r.path === '/whatsapp/1/message/template') {
				const m = body.messages?.[0] as InfobipBody;
				return { to: String(m.to), key: String(m.messageId), channel: 'whatsapp', template: m.content?.templateName, placeholders: m.content?.templateData?.body?.placeholders };
			}
			if (r.path === '/whatsapp/1/message/text') return { to: String(body.to), key: String(body.messageId), channel: 'whatsapp', text: body.content?.text };
			const m = body.messages?.[0] as InfobipBody;
			const destination = m.destinations?.[0];
			return { to: String(destination?.to), key: String(destination?.messageId), channel: 'sms', text: m.content?.text ?? m.text };
		});
}
const digits = (e164: string) => e164.replace(/^\+/, '');
/**
 * The fake's last request number: what is sent after it is a run's. (The fake is reset only once, before any
 * reply: a reset restarts its message ids, and a reply with the id of an earlier one is a redelivery.)
 */
const mark = () => Math.max(-1, ...gateway.requests({ provider: 'infobip' }).map((r) => r.seq));

interface Reply {
	invoiceId: string;
	phone: string;
	channel: 'whatsapp' | 'sms';
	text: string;
	at: number;
	media?: boolean;
}

/**
 * The shipped inbound-replies workflow listens in n8n start; the fake posts each reply there as Infobip's
 * inbound message (with the credential's secret header), one at a time: the file is written back before the
 * next one comes in. Returns the fake's last request number before the replies (the answers come after it).
 */
async function postReplies(replies: Reply[], answered: Sent[], prefix: string): Promise<number> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}/webhook/${INBOUND_HOOK}/events`;
	home.importWorkflows([withRedis(withId(withContactHours(loadWorkflow('inbound-replies.json')), INBOUND_ID) as unknown as WorkflowJson, prefix)]);
	gateway.configure({ infobip: { inboundUrl: url, webhookAuth: { header: WEBHOOK_HEADER } } });
	const server: N8nServer = await startServer(home, { port, publish: [INBOUND_ID], webhooks: [{ method: 'POST', path: `${INBOUND_HOOK}/events` }] });
	// The fake keeps the day's messages (a WhatsApp reply names one of them).
	const lastSeq = mark();
	try {
		for (const reply of replies) {
			const message = answered.find((s) => s.to === digits(reply.phone));
			const posted = await gateway.reply({
				provider: 'infobip',
				from: reply.phone,
				channel: reply.channel,
				text: reply.text,
				at: reply.at,
				// A WhatsApp reply names the message it answers; an SMS carries only the number.
				...(reply.channel === 'whatsapp' && message ? { inReplyTo: message.key } : {}),
				...(reply.media ? { media: { type: 'image' as const, mime: 'image/jpeg' } } : {}),
			});
			expect([reply.invoiceId, posted.status]).toEqual([reply.invoiceId, 200]);
			const iso = new Date(reply.at).toISOString();
			for (let t = 0; t < 240 && writtenRows().get(reply.invoiceId)?.lastReplyAt !== iso; t++) await new Promise((r) => setTimeout(r, 500));
			if (writtenRows().get(reply.invoiceId)?.lastReplyAt !== iso) {
				throw new Error(`The reply of ${reply.invoiceId} was not written back (Dunning Events answered ${JSON.stringify(posted.records)}):\n${server.log().split('\n').slice(-40).join('\n')}`);
			}
		}
		// The answers go out on the other branch of the same executions.
		for (let t = 0; t < 120 && sends(lastSeq).length < replies.length; t++) await new Promise((r) => setTimeout(r, 500));
	} finally {
		await server.stop();
	}
	return lastSeq;
}

beforeAll(async () => {
	gateway = await start();
	servicesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dunning-conversation-'));
	fs.chmodSync(servicesDir, 0o755);
	services = await startQueueServices(servicesDir);
	home = await openSharedHome();
	home.importCredentials([
		...(shippedCredentials(gateway.url) as object[]),
		{ ...REDIS, data: { host: services.redis.host, port: services.redis.port, database: 0, user: '', password: '', ssl: false } },
	]);
	home.addDataFile(path.join(__dirname, '..', '..', 'workflows', 'data', 'invoices.csv'), 'invoices.csv');
});

afterAll(async () => {
	await gateway?.close();
	await services?.stop();
	if (servicesDir) fs.rmSync(servicesDir, { recursive: true, force: true });
});

describe('the conversation: notices, replies understood and written back, the ladder listening on the next days', () => {
	let day1Sends: Sent[];
	let afterReplies: Map<string, Record<string, string>>;
	let answers: Sent[];

	beforeAll(async () => {
		home.addDataFile(SAMPLE_CSV, 'invoices.csv');
		gateway.reset();
		await runPipeline('2026-11-23');
		day1Sends = sends();

		const lastSeq = await postReplies(REPLIES, day1Sends, PREFIX);
		afterReplies = writtenRows();
		answers = sends(lastSeq);
	});

	it('day 1: the ladder sends each of the five debtors the notice of their stage', () => {
		for (const reply of REPLIES) {
			expect({ invoiceId: reply.invoiceId, sent: day1Sends.filter((s) => s.to === digits(reply.phone)).length }).toEqual({ invoiceId: reply.invoiceId, sent: 1 });
		}
	});

	it('each reply is matched to its invoice, classified and written back; no other row changes', () => {
		expect(afterReplies.get(PROMISE.invoiceId)).toMatchObject({ lastReplyIntent: 'promise_to_pay', promiseDate: '2026-11-27' });
		expect(afterReplies.get(OPT_OUT.invoiceId)).toMatchObject({ lastReplyIntent: 'opt_out' });
		expect(afterReplies.get(OPT_OUT.invoiceId)?.optedOut).toMatch(/sms|true/);
		// Already paid with a photo: held 5 days from the reply while the team checks the receipt.
		expect(afterReplies.get(PAID.invoiceId)).toMatchObject({ lastReplyIntent: 'already_paid', pausedUntil: '2026-11-28' });
		expect(afterReplies.get(WRONG.invoiceId)).toMatchObject({ lastReplyIntent: 'wrong_person', wrongNumber: WRONG.phone });
		expect(afterReplies.get(NEGOTIATE.invoiceId)).toMatchObject({ lastReplyIntent: 'negotiate' });
		const answeredIds = new Set(REPLIES.map((r) => r.invoiceId));
		for (const [id, row] of afterReplies) {
			if (answeredIds.has(id)) continue;
			expect({ id, lastReplyIntent: row.lastReplyIntent ?? '', promiseDate: row.promiseDate, pausedUntil: row.pausedUntil ?? '' }).toEqual({
				id,
				lastReplyIntent: '',
				promiseDate: '',
				pausedUntil: '',
			});
		}
		expect(afterReplies.size).toBe(sampleRows().length);
	});

	it('each debtor gets one answer, on the channel they wrote on', () => {
		for (const reply of REPLIES) {
			const mine = answers.filter((s) => s.to === digits(reply.phone));
			expect({ invoiceId: reply.invoiceId, answers: mine.length, channel: mine[0]?.channel }).toEqual({ invoiceId: reply.invoiceId, answers: 1, channel: reply.channel });
			expect(mine[0].key).toMatch(/^answer:infobip:/);
		}
		const wrong = answers.find((s) => s.to === digits(WRONG.phone)) as Sent;
		// Whoever has the number now learns nothing of the debt.
		expect(JSON.stringify(wrong)).not.toMatch(/R\$|Camila|\d+,\d{2}/);
	});

	describe('the next days: the ladder listens', () => {
		const days: Record<string, { run: RunResult; sends: Sent[]; rows: Map<string, Record<string, string>> }> = {};

		beforeAll(async () => {
			for (const day of ['2026-11-24', '2026-11-26', '2026-11-29']) {
				const before = mark();
				const run = await runPipeline(day);
				days[day] = { run, sends: sends(before), rows: writtenRows() };
			}
		});

		it('the promise holds the invoice, with the reason; the day before the date, the promise reminder goes out once', () => {
			const held = dunningOf(days['2026-11-24'].run, PROMISE.invoiceId) as Record<string, unknown>;
			expect(held).toMatchObject({ promiseDate: '2026-11-27', isNew: false });
			expect(String(held.reason)).toContain('promised to pay on 2026-11-27');
			expect(days['2026-11-24'].sends.filter((s) => s.to === digits(PROMISE.phone))).toEqual([]);
			expect(dunningOf(days['2026-11-26'].run, PROMISE.invoiceId)).toMatchObject({ stage: 'promise_reminder', isNew: true });
			expect(days['2026-11-26'].sends.filter((s) => s.to === digits(PROMISE.phone)).map((s) => s.key)).toEqual([`${PROMISE.invoiceId}:promise_reminder:whatsapp`]);
			expect(days['2026-11-26'].rows.get(PROMISE.invoiceId)).toMatchObject({ lastStageSent: 'promise_reminder', promiseDate: '2026-11-27' });
		});

		it('already paid: held until the pause ends, though a new stage fell due meanwhile', () => {
			const held = dunningOf(days['2026-11-26'].run, PAID.invoiceId) as Record<string, unknown>;
			expect(held).toMatchObject({ heldUntil: '2026-11-28' });
			expect(String(held.reason)).toContain('paused until 2026-11-28');
			for (const day of ['2026-11-24', '2026-11-26']) expect(days[day].sends.filter((s) => s.to === digits(PAID.phone))).toEqual([]);
		});

		it('the opted-out and the wrong number get nothing more: skipped with their reason when a new stage falls due', () => {
			for (const day of Object.keys(days)) {
				expect({ day, optOut: days[day].sends.filter((s) => s.to === digits(OPT_OUT.phone)) }).toEqual({ day, optOut: [] });
				expect({ day, wrong: days[day].sends.filter((s) => s.to === digits(WRONG.phone)) }).toEqual({ day, wrong: [] });
			}
			// Both had their overdue_6d / overdue_9d notice due on the 26th: the Send node says why nothing went.
			// INV-1029 has no WhatsApp: with SMS opted out, Render writes the e-mail, which this Send node does not send.
			expect(deliveryOf(days['2026-11-26'].run, OPT_OUT.invoiceId)).toMatchObject({ status: 'skipped', reason: 'unsupported_channel', channel: 'email' });
			expect(deliveryOf(days['2026-11-26'].run, WRONG.invoiceId)).toMatchObject({ status: 'skipped', reason: 'wrong_person' });
		});

		it('after the promised day, unpaid: the broken promise is counted once, the date cleared, and the debtor is intentional', () => {
			const run = days['2026-11-29'].run;
			expect(dunningOf(run, PROMISE.invoiceId)).toMatchObject({ brokenPromise: true });
			const segmented = items(run, 'Segment Debtor').find((j) => j.invoiceId === PROMISE.invoiceId) as Json & { segment: Record<string, unknown> };
			expect(segmented.segment).toMatchObject({ debtorType: 'intentional' });
			expect(days['2026-11-29'].rows.get(PROMISE.invoiceId)).toMatchObject({ brokenPromises: '2', promiseDate: '' });
			// The notice of the stage due goes out again (the ladder resumed).
			expect({ dunning: dunningOf(run, PROMISE.invoiceId), delivery: deliveryOf(run, PROMISE.invoiceId) }).toMatchObject({
				dunning: { stage: 'overdue_15d', isNew: true },
				delivery: { status: 'sent', channel: 'whatsapp' },
			});
			expect(days['2026-11-29'].sends.filter((s) => s.to === digits(PROMISE.phone)).map((s) => s.key)).toEqual([`${PROMISE.invoiceId}:overdue_15d:whatsapp`]);
		});
	});
});

describe('accepting an offer: "quero em 3x" becomes the plan the ladder follows', () => {
	const PLAN_PREFIX = 'e2e-conversation-plan:';
	const LARISSA = { invoiceId: 'INV-1017', phone: '+5548991234567', channel: 'whatsapp' as const, text: 'Oi! quero em 3x', at: REPLY_AT };
	let offerText: string;
	let accepted: Record<string, string>;
	let reminded: { run: RunResult; sends: Sent[] };
	let missed: { run: RunResult; rows: Map<string, Record<string, string>> };

	beforeAll(async () => {
		home.addDataFile(SAMPLE_CSV, 'invoices.csv');
		// The shipped negotiation workflow offers INV-1017 (30 days overdue) the itemised debt, 3 instalments and a settlement.
		const beforeOffers = mark();
		await runPipeline('2026-11-23', PLAN_PREFIX, 'negotiation.json', 'dunConvNegotiate01');
		const offered = sends(beforeOffers);
		offerText = JSON.stringify(offered.find((s) => s.to === digits(LARISSA.phone)) ?? null);
		await postReplies([LARISSA], offered, PLAN_PREFIX);
		accepted = writtenRows().get(LARISSA.invoiceId) as Record<string, string>;
		const beforeReminders = mark();
		const day = await runPipeline('2026-11-29', PLAN_PREFIX);
		reminded = { run: day, sends: sends(beforeReminders) };
		const after = await runPipeline('2026-12-02', PLAN_PREFIX);
		missed = { run: after, rows: writtenRows() };
	});

	it('the offer went out with its numbers and was kept in the file (offerJson)', () => {
		expect(offerText).toContain('858,30');
		const offer = JSON.parse(accepted.offerJson) as { options: Array<{ type: string; count?: number; firstDue?: string }> };
		expect(offer.options).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'instalments', count: 3, firstDue: '2026-11-30' })]));
	});

	it('the reply is the accepted plan, written back', () => {
		expect(accepted).toMatchObject({ lastReplyIntent: 'negotiate', planInstalments: '3', nextDueDate: '2026-11-30' });
		expect(accepted.planId).toMatch(/^INV-1017-.*3x$/);
	});

	it('the day before the first instalment, the reminder of that due date goes out', () => {
		expect(dunningOf(reminded.run, LARISSA.invoiceId)).toMatchObject({ stage: 'reminder_1d', isNew: true, planDueDate: '2026-11-30' });
		expect(reminded.sends.filter((s) => s.to === digits(LARISSA.phone)).map((s) => s.key)).toEqual(['INV-1017:reminder_1d:whatsapp']);
	});

	it('the instalment missed is a broken promise, counted once in the file', () => {
		expect(dunningOf(missed.run, LARISSA.invoiceId)).toMatchObject({ brokenPromise: true });
		expect(missed.rows.get(LARISSA.invoiceId)).toMatchObject({ planMissedDueDate: '2026-11-30', brokenPromises: '2' });
	});
});
