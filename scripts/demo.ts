/**
 * The main job, on the sample data, in a real n8n: the packed package installed as a community
 * package, the shipped full-pipeline workflow (pre-collection → dunning → negotiation, routed by
 * phase) run on workflows/data/invoices.csv against the local fake gateway, then a readable summary
 * and an HTML report. Run it with `npm run demo` (which installs and builds first).
 */
import fs from 'node:fs';
import path from 'node:path';

import { type FakeGateway, start } from '../test/fake-gateway';
import { N8nHome, REPO_ROOT, type RunResult, packPackage } from '../test/e2e/harness';
import { SAMPLE_CSV, SAMPLE_REFERENCE_DATE, WORKFLOWS_DIR, loadWorkflow, withReferenceDate } from '../test/e2e/workflows';
import { maskPhone } from '../nodes/core/phone';

const FAKE_GATEWAY_URL = 'http://127.0.0.1:43210';
const OUTPUT_DIR = path.join(REPO_ROOT, 'demo-output');

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

function report(stages: Array<[string, number]>, sent: Sent[], failures: Sent[], skipped: Sent[], errors: Json[]): string {
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
</body></html>`;
}

async function main(): Promise<void> {
	const started = Date.now();
	const workDir = path.join(REPO_ROOT, '.tmp', 'demo');
	fs.rmSync(workDir, { recursive: true, force: true });
	progress('Starting the local fake gateway (it behaves like Twilio, Meta, Zenvia and Infobip)');
	const gateway: FakeGateway = await start();
	try {
		progress('Packing the package (npm pack) as users get it');
		const tarball = packPackage(path.join(workDir, 'pack'));
		progress('Creating an n8n user folder and installing the package as a community package');
		const home = await N8nHome.create({ tarball, dir: path.join(workDir, 'n8n') });
		progress('Importing the credentials for the fake gateway and the full-pipeline workflow');
		const credentials = fs.readFileSync(path.join(WORKFLOWS_DIR, 'data', 'fake-gateway-credentials.json'), 'utf8').split(FAKE_GATEWAY_URL).join(gateway.url);
		home.importCredentials(JSON.parse(credentials) as object[]);
		const workflow = withReferenceDate(loadWorkflow('full-pipeline.json'));
		// The demo must show the same on any hour: contact hours off here (the shipped file keeps them by debtor country).
		for (const node of workflow.nodes) if (node.type === 'n8n-nodes-dunning.sendViaGateway') node.parameters.contactHours = 'off';
		home.importWorkflows([workflow]);
		home.addDataFile(SAMPLE_CSV);
		progress('Running the pipeline in n8n (n8n execute): classify, segment, render, send');
		const run = await home.execute(workflow.id);
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
		fs.mkdirSync(OUTPUT_DIR, { recursive: true });
		const reportFile = path.join(OUTPUT_DIR, 'report.html');
		fs.writeFileSync(reportFile, report(stages, sent, failed, skipped, errors));
		const accepted = gateway.statsReport();
		process.stdout.write(
			`\nThe fake gateway accepted ${accepted.accepted} messages (${accepted.duplicateKeys.length} duplicate keys). Report: ${path.relative(process.cwd(), reportFile)}\n`,
		);
		const times = Object.entries(run.nodes)
			.filter(([name]) => workflow.nodes.some((n) => n.name === name && n.type.startsWith('n8n-nodes-dunning.')))
			.map(([name, n]) => `${name} ${n.executionTime} ms`)
			.join(', ');
		process.stdout.write(`Node times inside n8n: ${times}. Whole demo: ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
	} finally {
		await gateway.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
