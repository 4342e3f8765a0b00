/**
 * The main job, on the sample data, in a real n8n: the packed package installed as a community
 * package, the shipped workflow imported and run, and a readable summary printed.
 * Run it with `npm run demo` (which installs and builds first).
 */
import fs from 'node:fs';
import path from 'node:path';

import { N8nHome, REPO_ROOT, packPackage } from '../test/e2e/harness';
import { SAMPLE_CSV, SAMPLE_REFERENCE_DATE, loadWorkflow, withReferenceDate } from '../test/e2e/workflows';

interface Dunning {
	stage: string | null;
	phase: string;
	daysOverdue: number | null;
	dueDate: string | null;
	isNew: boolean;
	reason: string;
}

function progress(message: string): void {
	process.stderr.write(`• ${message}\n`);
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

async function main(): Promise<void> {
	const started = Date.now();
	const workDir = path.join(REPO_ROOT, '.tmp', 'demo');
	fs.rmSync(workDir, { recursive: true, force: true });
	progress('Packing the package (npm pack) as users get it');
	const tarball = packPackage(path.join(workDir, 'pack'));
	progress('Creating an n8n user folder and installing the package as a community package');
	const home = await N8nHome.create({ tarball, dir: path.join(workDir, 'n8n') });
	progress(`Importing the shipped workflow "classify-invoices.json" (Reference Date ${SAMPLE_REFERENCE_DATE}, the sample's date)`);
	home.importWorkflows([withReferenceDate(loadWorkflow('classify-invoices.json'))]);
	home.addDataFile(SAMPLE_CSV);
	progress('Running it in n8n 2.41.1 (n8n execute)');
	const run = await home.execute('dunClassifyCsv01');
	if (run.exitCode !== 0 || !run.nodes['Dunning Stage']) {
		process.stderr.write(`The workflow failed:\n${run.error?.message ?? run.stderr}\n`);
		process.exit(1);
	}
	const stage = run.nodes['Dunning Stage'];
	const [classified, errors] = stage.outputs;

	const rows = [['Invoice', 'Customer', 'Due', 'Days', 'Stage', 'Send?', 'Reason']];
	for (const item of classified) {
		const d = item.json.dunning as Dunning;
		rows.push([
			String(item.json.invoiceId),
			truncate(String(item.json.customerName ?? ''), 22),
			d.dueDate ?? '—',
			d.daysOverdue === null ? '—' : String(d.daysOverdue),
			d.stage ?? '—',
			d.isNew ? 'yes' : '',
			truncate(d.reason.replace(/^.*?\): /, ''), 70),
		]);
	}
	process.stdout.write(`\nDunning Stage on ${classified.length + errors.length} sample invoices (reference date ${SAMPLE_REFERENCE_DATE})\n\n`);
	process.stdout.write(`${table(rows)}\n`);

	const counts = new Map<string, number>();
	for (const item of classified) {
		const key = (item.json.dunning as Dunning).stage ?? '(no stage)';
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	process.stdout.write('\nInvoices per stage\n\n');
	process.stdout.write(`${table([['Stage', 'Invoices'], ...[...counts].map(([k, v]) => [k, String(v)])])}\n`);
	const toSend = classified.filter((i) => (i.json.dunning as Dunning).isNew).length;
	process.stdout.write(`\nMessages due today (isNew): ${toSend}\n`);
	if (errors.length) {
		process.stdout.write(`\nRows to fix (error output): ${errors.length}\n`);
		for (const e of errors) process.stdout.write(`  ${String(e.json.error)}\n`);
	}
	process.stdout.write(
		`\nDunning Stage took ${stage.executionTime} ms inside n8n; the whole demo ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
