/**
 * The main job, on the sample data, in a real n8n: the packed package installed as a community
 * package, the shipped full-pipeline workflow (pre-collection → dunning → negotiation, routed by
 * phase) run on workflows/data/invoices.csv against the local fake gateway, then a readable summary
 * and an HTML report. Run it with `npm run demo` (which installs and builds first).
 *
 * Then the conversation coming back: the same workflow, with a Dunning Events trigger added beside
 * its Send node (so that both use the workflow's static data, the record of what was sent), is
 * published and served by `n8n start`; the fake gateway posts Infobip's delivery reports and a few
 * debtor replies to it, and what Dunning Events emits is posted by an HTTP Request node to a
 * loopback receiver in this process, for the summary and the report.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { type FakeGateway, type ReplyInput, start } from '../test/fake-gateway';
import { N8nHome, REPO_ROOT, type RunResult, freePort, packPackage } from '../test/e2e/harness';
import { SAMPLE_CSV, SAMPLE_REFERENCE_DATE, WORKFLOWS_DIR, loadWorkflow, sampleRows, startServer, withReferenceDate } from '../test/e2e/workflows';
import { maskPhone, normalizePhone } from '../nodes/core/phone';

const FAKE_GATEWAY_URL = 'http://127.0.0.1:43210';
/** Where the HTML report goes: `demo-output/`, or the folder after `--output` (the demo e2e test's). */
const OUTPUT_DIR = outputDir(process.argv.slice(2));

function outputDir(args: string[]): string {
	const at = args.indexOf('--output');
	if (at < 0) return path.join(REPO_ROOT, 'demo-output');
	if (!args[at + 1]) throw new Error('--output needs a folder: npm run demo -- --output <folder>');
	return path.resolve(args[at + 1]);
}
/** The webhook id of the demo's Dunning Events node: its URL is /webhook/<id>/events. */
const EVENTS_WEBHOOK_ID = '7c0de5a1-de30-4b1e-9e7e-000000000015';
/** The Infobip credential's webhook secret header (workflows/data/fake-gateway-credentials.json). */
const INFOBIP_WEBHOOK_SECRET = { name: 'X-Dunning-Webhook-Secret', value: 'fake-infobip-webhook-secret' };
/** The invoice whose WhatsApp number the fake gateway is told is not on WhatsApp (accepted, then a failed report). */
const UNDELIVERABLE_INVOICE = 'INV-1013';

type Json = Record<string, unknown>;
interface Dunning {
	stage: string | null;
	phase: string;
	daysOverdue: number | null;
	isNew: boolean;
	reason: string;
}
interface Delivery {
	status: string;
	channel: string | null;
	to: string | null;
	reason?: string;
	message?: string;
	attempts: number;
	providerMessageId: string | null;
	fallback?: { reason?: string };
}
interface Message {
	channel: string | null;
	text: string;
	segments?: number;
	encoding?: string;
	template?: { name: string };
	subject?: string;
}

function progress(message: string): void {
	process.stderr.write(`• ${message}\n`);
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function count<T>(list: T[], key: (t: T) => string): Array<[string, number]> {
	const m = new Map<string, number>();
	for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
	return [...m].sort((a, b) => b[1] - a[1]);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Every item that came out of nodes of a given type, across all their outputs. */
function itemsOf(run: RunResult, workflow: { nodes: Array<{ name: string; type: string }> }, type: string, outputFilter?: number): Json[] {
	const names = workflow.nodes.filter((n) => n.type === type).map((n) => n.name);
	const out: Json[] = [];
	for (const name of names) {
		const node = run.nodes[name];
		if (!node) continue;
		node.outputs.forEach((items, o) => {
			if (outputFilter === undefined || o === outputFilter) for (const i of items) out.push(i.json);
		});
	}
	return out;
}

interface Sent {
	json: Json;
	delivery: Delivery;
	message?: Message;
}

// ---------------------------------------------------------------------------------------------
// The conversation coming back: Dunning Events in n8n start

/** What Dunning Events emits (docs/nodes/dunning-events.md), the fields the demo shows. */
interface DunningEvent {
	kind: string;
	channel: string;
	status: string | null;
	reason: string | null;
	code: string | null;
	messageId: string | null;
	inReplyTo: string | null;
	phoneMasked: string | null;
	text: string | null;
	media: Array<{ type?: string; mime?: string | null }>;
	at: string;
	key: string | null;
	invoiceId: string | null;
	stage: string | null;
	matched: boolean;
	matchedBy: string | null;
}

interface RoundTrip {
	statuses: DunningEvent[];
	replies: Array<{ input: ReplyInput; invoiceId: string; event: DunningEvent | undefined }>;
	/** Infobip delivery reports the fake gateway posted, and the answers it got. */
	reportPosts: Array<number | null>;
	ms: number;
	problem?: string;
}

type DemoWorkflow = {
	id: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> } & Record<string, unknown>>;
	connections: Record<string, unknown>;
};

/** The demo's copy of the full pipeline: Dunning Events (Infobip, every event) → post each event to the demo. */
function withDunningEvents(workflow: DemoWorkflow, receiverUrl: string): DemoWorkflow {
	// No schedule in the demo's n8n start: the pipeline runs once, from `n8n execute`.
	const schedules = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger').map((n) => n.name);
	const nodes = workflow.nodes.filter((n) => !schedules.includes(n.name));
	const connections = Object.fromEntries(Object.entries(workflow.connections).filter(([name]) => !schedules.includes(name)));
	const send = workflow.nodes.find((n) => n.type === 'n8n-nodes-dunning.sendViaGateway') as unknown as { credentials: unknown; position: [number, number] };
	const [x, y] = send.position;
	nodes.push(
		{
			id: 'demo-dunning-events',
			name: 'Dunning Events',
			type: 'n8n-nodes-dunning.dunningEvents',
			typeVersion: 1,
			position: [x - 440, y + 400],
			webhookId: EVENTS_WEBHOOK_ID,
			// The record is this workflow's static data, where the Send node above records what it sends.
			parameters: { provider: 'infobip', events: ['replies', 'optOuts', 'failures', 'delivered', 'sent'], outputs: 'single', ledger: 'staticData', options: {} },
			credentials: send.credentials,
		},
		{
			id: 'demo-post-event',
			name: 'Post to the Demo',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [x - 220, y + 400],
			parameters: { method: 'POST', url: receiverUrl, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
		},
	);
	connections['Dunning Events'] = { main: [[{ node: 'Post to the Demo', type: 'main', index: 0 }]] };
	return { ...workflow, nodes, connections };
}

/** A loopback receiver for what the workflow posts: one `{event}` per request. */
async function startEventReceiver(): Promise<{ url: string; events: DunningEvent[]; waitFor(test: (events: DunningEvent[]) => boolean, ms: number): Promise<boolean>; close(): Promise<void> }> {
	const events: DunningEvent[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			try {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event?: DunningEvent };
				if (body.event) events.push(body.event);
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			} catch {
				res.writeHead(400).end();
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/events`,
		events,
		async waitFor(test, ms) {
			const deadline = Date.now() + ms;
			while (!test(events)) {
				if (Date.now() > deadline) return false;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			return true;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Who writes back, and what: debtors the pipeline messaged, chosen by channel, language and stage. */
function chooseReplies(sent: Sent[]): Array<{ input: ReplyInput; invoiceId: string }> {
	const used = new Set<string>();
	// `prefer`: tried first (the Spanish reply by SMS when there is one: a second reply matched by the number alone).
	const wishes: Array<{ test: (s: Sent) => boolean; prefer?: (s: Sent) => boolean; reply: Omit<ReplyInput, 'provider' | 'from'> }> = [
		{ test: (s) => s.delivery.channel === 'whatsapp' && /^pt/.test(String(s.json.locale)) && /^overdue/.test(stageOf(s)), reply: { text: 'pago na sexta' } },
		{ test: (s) => s.delivery.channel === 'sms' && /^pt/.test(String(s.json.locale)), reply: { text: 'PARAR' } },
		{ test: (s) => s.delivery.channel === 'whatsapp' && /^pt/.test(String(s.json.locale)) && /^overdue/.test(stageOf(s)), reply: { text: 'já paguei', media: { type: 'image' } } },
		{ test: (s) => s.delivery.channel === 'whatsapp' && /^pt/.test(String(s.json.locale)) && /^negotiation/.test(stageOf(s)), reply: { text: 'quero parcelar' } },
		{
			test: (s) => /^es/.test(String(s.json.locale)) && /^overdue/.test(stageOf(s)),
			prefer: (s) => s.delivery.channel === 'sms',
			reply: { text: '¿Puedo pagar el viernes? Ahorita no me alcanza' },
		},
	];
	const chosen: Array<{ input: ReplyInput; invoiceId: string }> = [];
	for (const wish of wishes) {
		const fits = (candidate: Sent) => !used.has(candidate.delivery.to ?? '') && String(candidate.json.invoiceId) !== UNDELIVERABLE_INVOICE && wish.test(candidate);
		const s = sent.find((candidate) => fits(candidate) && (wish.prefer?.(candidate) ?? true)) ?? sent.find(fits);
		if (!s || !s.delivery.to) continue;
		used.add(s.delivery.to);
		const whatsapp = s.delivery.channel === 'whatsapp';
		chosen.push({
			invoiceId: String(s.json.invoiceId),
			input: {
				provider: 'infobip',
				from: s.delivery.to,
				channel: whatsapp ? 'whatsapp' : 'sms',
				// A WhatsApp reply names the message it answers; an SMS carries only the number.
				...(whatsapp && s.delivery.providerMessageId ? { inReplyTo: s.delivery.providerMessageId } : {}),
				...wish.reply,
			},
		});
	}
	return chosen;
}

function stageOf(s: Sent): string {
	return String((s.json.dunning as Dunning | undefined)?.stage ?? '');
}

/** Publishes the workflow in `n8n start`, lets the gateway post its reports and the replies, and collects the events. */
async function roundTrip(home: N8nHome, gateway: FakeGateway, workflowId: string, port: number, receiver: Awaited<ReturnType<typeof startEventReceiver>>, sent: Sent[]): Promise<RoundTrip> {
	const started = Date.now();
	const result: RoundTrip = { statuses: [], replies: [], reportPosts: [], ms: 0 };
	progress('Publishing the workflow (now with Dunning Events) and starting n8n (n8n start) on loopback');
	home.save();
	// The port was chosen before the sends: Infobip takes the delivery-report URL with each message.
	// Ready when Dunning Events answers a GET with its "takes POST requests" 405.
	const server = await startServer(home, { publish: [workflowId], webhooks: [{ method: 'POST', path: `${EVENTS_WEBHOOK_ID}/events` }], port, timeoutMs: 180_000 });
	try {
		const messages = gateway.messages({ provider: 'infobip' }).length;
		progress(`The fake gateway posts Infobip's delivery reports of the ${messages} messages to Dunning Events`);
		await gateway.flushWebhooks();
		result.reportPosts = gateway.webhookLog({ provider: 'infobip', kind: 'status' }).map((w) => w.status);
		const statusesIn = await receiver.waitFor((events) => events.filter((e) => e.kind === 'status').length >= messages, 60_000);
		if (!statusesIn) result.problem = `only ${receiver.events.filter((e) => e.kind === 'status').length} of ${messages} statuses came out of Dunning Events`;
		const chosen = chooseReplies(sent);
		progress(`${chosen.length} debtors reply (the fake gateway posts Infobip's inbound messages)`);
		for (const { input, invoiceId } of chosen) {
			const posted = await gateway.reply(input);
			// One at a time: each reply's event is out before the next is posted.
			await receiver.waitFor((events) => events.some((e) => e.messageId === posted.id), 30_000);
			result.replies.push({ input, invoiceId, event: receiver.events.find((e) => e.messageId === posted.id) });
		}
		result.statuses = receiver.events.filter((e) => e.kind === 'status');
	} finally {
		await server.stop();
	}
	result.ms = Date.now() - started;
	return result;
}

const STATUS_ORDER = ['failed', 'undelivered', 'read', 'delivered', 'sent', 'queued'];

function statusText(e: DunningEvent): string {
	return `${e.status ?? '?'}${e.reason ? ` (${[e.reason, e.code].filter(Boolean).join(' ')})` : ''}`;
}

function replyText(input: ReplyInput, event: DunningEvent | undefined): string {
	const text = event?.text ?? input.text ?? '';
	const media = event?.media?.length ? event.media : input.media ? [{ type: input.media.type, mime: null }] : [];
	return `"${text}"${media.length ? ` + ${media.map((m) => `${m.type === 'image' ? 'photo' : (m.type ?? 'file')}${m.mime ? ` (${m.mime})` : ''}`).join(', ')}` : ''}`;
}

function conversationHtml(trip: RoundTrip): string {
	const statusRows = sortedStatuses(trip.statuses)
		.map(
			(e) =>
				`<tr><td>${escapeHtml(e.invoiceId ?? '')}</td><td>${escapeHtml(e.stage ?? '')}</td><td>${escapeHtml(e.channel)}</td><td>${escapeHtml(e.phoneMasked ?? '')}</td><td>${escapeHtml(statusText(e))}</td><td>${escapeHtml(e.matchedBy ?? 'unmatched')}</td></tr>`,
		)
		.join('');
	const replyRows = trip.replies
		.map(
			({ input, invoiceId, event }) =>
				`<tr><td>${escapeHtml(event?.invoiceId ?? `(${invoiceId}: no event)`)}</td><td>${escapeHtml(event?.stage ?? '')}</td><td>${escapeHtml(event?.channel ?? String(input.channel))}</td><td>${escapeHtml(event?.phoneMasked ?? '')}</td><td class="text">${escapeHtml(replyText(input, event))}</td><td>${escapeHtml(event?.matchedBy ?? 'unmatched')}</td></tr>`,
		)
		.join('');
	const tally = count(trip.statuses, (e) => e.status ?? '?')
		.map(([status, n]) => `${n} ${escapeHtml(status)}`)
		.join(', ');
	return `<h2>The conversation coming back</h2>
<p>The same workflow with a <b>Dunning Events</b> trigger (Infobip, every event, the record in the workflow's static data) published in <code>n8n start</code>; the fake gateway posted Infobip's delivery reports and debtors' replies to it, signed with the credential's webhook secret. ${trip.problem ? `<b>${escapeHtml(trip.problem)}</b>` : ''}</p>
<h3>Delivery statuses (${tally})</h3><p>The fake gateway was told that ${UNDELIVERABLE_INVOICE}'s number is not on WhatsApp: it accepted the message, then reported it undeliverable.</p><table><tr><th>Invoice</th><th>Stage</th><th>Channel</th><th>To</th><th>Status</th><th>Matched by</th></tr>${statusRows}</table>
<h3>Replies</h3><table><tr><th>Invoice</th><th>Stage</th><th>Channel</th><th>From</th><th>Reply</th><th>Matched by</th></tr>${replyRows}</table>
<h3>How each event was matched to its invoice</h3><ul>${matchingSummary(trip)
		.map((line) => `<li>${escapeHtml(line)}</li>`)
		.join('')}</ul>`;
}

function sortedStatuses(statuses: DunningEvent[]): DunningEvent[] {
	const rank = (e: DunningEvent) => {
		const i = STATUS_ORDER.indexOf(e.status ?? '');
		return i < 0 ? STATUS_ORDER.length : i;
	};
	return statuses.slice().sort((a, b) => rank(a) - rank(b) || String(a.invoiceId).localeCompare(String(b.invoiceId)));
}

/** Which events matched how, in words. */
function matchingSummary(trip: RoundTrip): string[] {
	const all = [...trip.statuses, ...trip.replies.map((r) => r.event).filter((e): e is DunningEvent => e !== undefined)];
	const groups = count(all, (e) => `${e.kind === 'status' ? 'status' : 'reply'}|${e.channel}|${e.matchedBy ?? 'unmatched'}`).sort(
		(a, b) => (a[0].startsWith('status') ? 0 : 1) - (b[0].startsWith('status') ? 0 : 1) || b[1] - a[1],
	);
	const words: Record<string, string> = {
		correlation: 'by our key, which Infobip echoes in callbackData, found in the record the Send node keeps in this workflow\'s static data',
		message_id: 'by Infobip\'s message id, found in the record',
		reply_context: 'by the message they answer (WhatsApp context id = our messageId), found in the record',
		latest_to_phone: 'by the latest message the Send node recorded for that number (an SMS reply carries nothing else)',
		key_format: 'by our key alone (not in the record: invoice and stage read from the key)',
		unmatched: 'not matched',
	};
	return groups.map(([group, n]) => {
		const [what, channel, by] = group.split('|');
		const noun = what === 'status' ? (n === 1 ? 'status' : 'statuses') : n === 1 ? 'reply' : 'replies';
		return `${n} ${channel === 'sms' ? 'SMS' : channel === 'whatsapp' ? 'WhatsApp' : channel} ${noun}: ${by === 'unmatched' ? '' : `${by}, `}${words[by] ?? by}`;
	});
}

function report(stages: Array<[string, number]>, sent: Sent[], failures: Sent[], skipped: Sent[], errors: Json[], trip: RoundTrip | undefined): string {
	const max = Math.max(1, ...stages.map(([, n]) => n));
	const bars = stages
		.map(([stage, n], i) => {
			const y = 10 + i * 26;
			const w = Math.round((n / max) * 420);
			return `<text x="150" y="${y + 15}" text-anchor="end">${escapeHtml(stage)}</text><rect x="160" y="${y}" width="${w}" height="20" fill="#2e9e6a"/><text x="${166 + w}" y="${y + 15}">${n}</text>`;
		})
		.join('');
	const smsSegments = sent.filter((s) => s.delivery.channel === 'sms').reduce((sum, s) => sum + (s.message?.segments ?? 1), 0);
	const whatsapp = sent.filter((s) => s.delivery.channel === 'whatsapp').length;
	const rows = sent
		.map(
			(s) =>
				`<tr><td>${escapeHtml(String(s.json.invoiceId))}</td><td>${escapeHtml(String(s.json.customerName ?? ''))}</td><td>${escapeHtml(String((s.json.dunning as Dunning)?.stage ?? ''))}</td><td>${escapeHtml(String(s.delivery.channel))}${s.delivery.fallback ? ' (fallback)' : ''}</td><td>${escapeHtml(maskPhone(s.delivery.to ?? ''))}</td><td>${s.message?.segments ?? ''}</td><td class="text">${escapeHtml(s.message?.text ?? '')}</td></tr>`,
		)
		.join('');
	const problems = [...failures, ...skipped]
		.map(
			(s) =>
				`<tr><td>${escapeHtml(String(s.json.invoiceId))}</td><td>${escapeHtml(s.delivery.status)}</td><td>${escapeHtml(s.delivery.reason ?? '')}</td><td class="text">${escapeHtml(s.delivery.message ?? '')}</td></tr>`,
		)
		.concat(errors.map((e) => `<tr><td>${escapeHtml(String(e.invoiceId ?? ''))}</td><td>error</td><td></td><td class="text">${escapeHtml(String(e.error))}</td></tr>`))
		.join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dunning demo report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d9e2ec;padding:4px 8px;vertical-align:top;font-size:14px}th{background:#f0f4f8}td.text{max-width:40rem}svg text{font-size:13px}</style></head>
<body><h1>Dunning demo report</h1>
<p>Sample invoices (<code>workflows/data/invoices.csv</code>) run through the shipped <code>full-pipeline.json</code> in n8n 2.41.1, reference date ${SAMPLE_REFERENCE_DATE}, against the local fake gateway.</p>
<h2>The ladder: invoices per stage</h2>
<svg width="640" height="${20 + stages.length * 26}" role="img" aria-label="Invoices per stage">${bars}</svg>
<h2>Cost</h2><p>${sent.length} messages sent: ${smsSegments} SMS segments, ${whatsapp} WhatsApp messages.</p>
<h2>Messages sent</h2><table><tr><th>Invoice</th><th>Customer</th><th>Stage</th><th>Channel</th><th>To</th><th>SMS segments</th><th>Text</th></tr>${rows}</table>
<h2>Not sent, and why</h2><table><tr><th>Invoice</th><th>Status</th><th>Reason</th><th>Detail</th></tr>${problems}</table>
${trip ? conversationHtml(trip) : ''}
</body></html>`;
}

/** The fake gateway is told that this debtor's number is not on WhatsApp: accepted, then reported undeliverable. */
function undeliverableNumber(): Record<string, string> {
	const row = sampleRows().find((r) => r.invoiceId === UNDELIVERABLE_INVOICE);
	const phone = row ? normalizePhone(row.phone, { defaultCountry: row.country || 'BR' }) : undefined;
	return phone && 'digits' in phone ? { [phone.digits]: 'undeliverable' } : {};
}

function printConversation(trip: RoundTrip): void {
	const tally = count(trip.statuses, (e) => e.status ?? '?')
		.map(([status, n]) => `${n} ${status}`)
		.join(', ');
	process.stdout.write(`\nThe conversation coming back: Dunning Events in n8n start (${(trip.ms / 1000).toFixed(1)} s)\n`);
	if (trip.problem) process.stdout.write(`\n  ${trip.problem}\n`);
	const answers = count(trip.reportPosts, (status) => String(status ?? 'no answer'))
		.map(([status, n]) => `${n}× ${status}`)
		.join(', ');
	process.stdout.write(`\nDelivery statuses, one report per message (${tally || 'none'}): Infobip batched them in ${trip.reportPosts.length} POST(s), answered ${answers || 'nothing'}\n`);
	process.stdout.write(`The fake gateway was told that ${UNDELIVERABLE_INVOICE}'s number is not on WhatsApp: it accepted the message, then reported it undeliverable.\n\n`);
	const statusLines = [['Invoice', 'Stage', 'Channel', 'To', 'Status', 'Matched by']];
	for (const e of sortedStatuses(trip.statuses)) {
		statusLines.push([e.invoiceId ?? '?', e.stage ?? '', e.channel, e.phoneMasked ?? '', statusText(e), e.matchedBy ?? 'unmatched']);
	}
	process.stdout.write(`${table(statusLines)}\n\nReplies\n\n`);
	const replyLines = [['Invoice', 'Stage', 'Channel', 'From', 'Reply', 'Matched by']];
	for (const { input, invoiceId, event } of trip.replies) {
		replyLines.push([event?.invoiceId ?? `(${invoiceId}: no event)`, event?.stage ?? '', event?.channel ?? String(input.channel), event?.phoneMasked ?? '', replyText(input, event), event?.matchedBy ?? 'unmatched']);
	}
	process.stdout.write(`${table(replyLines)}\n\nHow each event was matched to its invoice\n\n`);
	for (const line of matchingSummary(trip)) process.stdout.write(`  ${line}\n`);
}

async function main(): Promise<void> {
	const started = Date.now();
	const workDir = path.join(REPO_ROOT, '.tmp', 'demo');
	fs.rmSync(workDir, { recursive: true, force: true });
	// Dunning Events will listen in n8n start on this port; Infobip takes the report URL with each message, so it is chosen now.
	const n8nPort = await freePort();
	const eventsUrl = `http://127.0.0.1:${n8nPort}/webhook/${EVENTS_WEBHOOK_ID}/events`;
	const receiver = await startEventReceiver();
	progress('Starting the local fake gateway (it behaves like Twilio, Meta, Zenvia and Infobip)');
	const gateway: FakeGateway = await start({
		// Delivery reports and inbound messages go to Dunning Events, with the credential's secret header;
		// the reports wait until n8n start is up (manual mode: posted on flush).
		infobip: { callbackUrl: eventsUrl, inboundUrl: eventsUrl, webhookAuth: { header: INFOBIP_WEBHOOK_SECRET } },
		webhooks: { mode: 'manual' },
		faults: { numbers: undeliverableNumber() },
	});
	try {
		progress('Packing the package (npm pack) as users get it');
		const tarball = packPackage(path.join(workDir, 'pack'));
		progress('Creating an n8n user folder and installing the package as a community package');
		const home = await N8nHome.create({ tarball, dir: path.join(workDir, 'n8n') });
		progress('Importing the credentials for the fake gateway and the full-pipeline workflow');
		const credentials = fs.readFileSync(path.join(WORKFLOWS_DIR, 'data', 'fake-gateway-credentials.json'), 'utf8').split(FAKE_GATEWAY_URL).join(gateway.url);
		home.importCredentials(JSON.parse(credentials) as object[]);
		const workflow = withDunningEvents(withReferenceDate(loadWorkflow('full-pipeline.json')) as unknown as DemoWorkflow, receiver.url);
		// The demo must show the same on any hour: contact hours off here (the shipped file keeps them by debtor country).
		for (const node of workflow.nodes) if (node.type === 'n8n-nodes-dunning.sendViaGateway') node.parameters.contactHours = 'off';
		home.importWorkflows([workflow]);
		home.addDataFile(SAMPLE_CSV);
		progress('Running the pipeline in n8n (n8n execute): classify, segment, render, send');
		const run = await home.execute(workflow.id);
		const pipelineMs = Date.now() - started;
		if (run.exitCode !== 0 || run.error) {
			process.stderr.write(`The workflow failed:\n${run.error?.message ?? run.stderr}\n`);
			process.exitCode = 1;
			return;
		}

		const classified = itemsOf(run, workflow, 'n8n-nodes-dunning.dunningStage').filter((j) => j.dunning);
		const errors = itemsOf(run, workflow, 'n8n-nodes-dunning.dunningStage').filter((j) => j.error);
		const segmented = itemsOf(run, workflow, 'n8n-nodes-dunning.segmentDebtor');
		const outcome = (o: number) =>
			itemsOf(run, workflow, 'n8n-nodes-dunning.sendViaGateway', o).map((json) => ({
				json,
				delivery: json.delivery as Delivery,
				message: json.message as Message | undefined,
			}));
		const sent = outcome(0);
		const failed = outcome(1);
		const skipped = outcome(2);

		let trip: RoundTrip | undefined;
		try {
			trip = await roundTrip(home, gateway, workflow.id, n8nPort, receiver, sent);
		} catch (error) {
			process.stderr.write(`The round trip failed: ${(error as Error).message}\n`);
			process.exitCode = 1;
		}

		const stages = count(classified, (j) => (j.dunning as Dunning).stage ?? '(no stage)');
		process.stdout.write(`\nThe collection pipeline on ${classified.length + errors.length} sample invoices (reference date ${SAMPLE_REFERENCE_DATE})\n\n`);
		process.stdout.write(`${table([['Stage', 'Invoices'], ...stages.map(([k, v]) => [k, String(v)])])}\n\n`);
		process.stdout.write(
			`${table([['Segment', 'Debtors'], ...count(segmented, (j) => String((j.segment as { name?: string })?.name ?? '?')).map(([k, v]) => [k, String(v)])])}\n\n`,
		);
		const all = [...sent, ...failed, ...skipped];
		process.stdout.write(`${table([['Channel', 'Messages'], ...count(all, (s) => s.delivery.channel ?? '(none)').map(([k, v]) => [k, String(v)])])}\n\n`);
		process.stdout.write(
			`${table([['Delivery', 'Items'], ...count(all, (s) => `${s.delivery.status}${s.delivery.reason ? ` (${s.delivery.reason})` : ''}`).map(([k, v]) => [k, String(v)])])}\n\n`,
		);
		process.stdout.write('Messages sent\n\n');
		const lines = [['Invoice', 'Stage', 'Channel', 'To', 'Message']];
		for (const s of sent) {
			lines.push([
				String(s.json.invoiceId),
				String((s.json.dunning as Dunning)?.stage ?? ''),
				`${s.delivery.channel}${s.delivery.fallback ? ' (fallback)' : ''}`,
				maskPhone(s.delivery.to ?? ''),
				(s.message?.text ?? s.message?.template?.name ?? '').replace(/\s+/g, ' ').slice(0, 90),
			]);
		}
		process.stdout.write(`${table(lines)}\n`);
		if (failed.length || skipped.length || errors.length) {
			process.stdout.write('\nNot sent, and why\n\n');
			for (const s of [...failed, ...skipped]) process.stdout.write(`  ${String(s.json.invoiceId)}: ${s.delivery.status} (${s.delivery.reason ?? ''}) ${s.delivery.message ?? ''}\n`);
			for (const e of errors) process.stdout.write(`  ${String(e.error)}\n`);
		}
		if (trip) printConversation(trip);
		fs.mkdirSync(OUTPUT_DIR, { recursive: true });
		const reportFile = path.join(OUTPUT_DIR, 'report.html');
		fs.writeFileSync(reportFile, report(stages, sent, failed, skipped, errors, trip));
		const accepted = gateway.statsReport();
		process.stdout.write(
			`\nThe fake gateway accepted ${accepted.accepted} messages (${accepted.duplicateKeys.length} duplicate keys). Report: ${path.relative(process.cwd(), reportFile)}\n`,
		);
		const times = Object.entries(run.nodes)
			.filter(([name]) => workflow.nodes.some((n) => n.name === name && n.type.startsWith('n8n-nodes-dunning.')))
			.map(([name, n]) => `${name} ${n.executionTime} ms`)
			.join(', ');
		process.stdout.write(
			`Node times inside n8n: ${times}. Install and pipeline: ${(pipelineMs / 1000).toFixed(1)} s; ` +
				`${trip ? `round trip (n8n start, reports, replies): ${(trip.ms / 1000).toFixed(1)} s; ` : ''}whole demo: ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
		);
	} finally {
		await gateway.close();
		await receiver.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
