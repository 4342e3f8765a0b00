/** Loading shipped workflows for the e2e tests, the demo and the benchmark. */
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './harness';

export const WORKFLOWS_DIR = path.join(REPO_ROOT, 'workflows');
export const SAMPLE_CSV = path.join(WORKFLOWS_DIR, 'data', 'invoices.csv');
/** The sample data is dated around this day; runs that must be reproducible count from it. */
export const SAMPLE_REFERENCE_DATE = '2026-11-23';

interface WorkflowJson {
	id: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
}

export function loadWorkflow(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowJson;
}

/**
 * Sets Dunning Stage's Reference Date in a workflow, as a user previewing a given day would, so
 * that the sample data classifies the same way whatever day the tests run.
 */
export function withReferenceDate<T extends WorkflowJson>(workflow: T, date = SAMPLE_REFERENCE_DATE): T {
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-dunning.dunningStage') {
			node.parameters.options = { ...((node.parameters.options as object) ?? {}), referenceDate: date };
		}
	}
	return workflow;
}

export interface SampleRow {
	[column: string]: string;
}

/** Parses CSV text (RFC 4180: quoted fields with commas, doubled quotes, new lines). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/** The sample CSV, one object per row keyed by the header. */
export function sampleRows(): SampleRow[] {
	const [columns, ...lines] = parseCsv(fs.readFileSync(SAMPLE_CSV, 'utf8'));
	return lines.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}
