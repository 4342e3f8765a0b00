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

/** The sample CSV parsed (simple CSV: no quoted commas in the sample). */
export function sampleRows(): SampleRow[] {
	const [header, ...lines] = fs.readFileSync(SAMPLE_CSV, 'utf8').trim().split('\n');
	const columns = header.split(',');
	return lines.map((line) => {
		const cells = line.split(',');
		return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
	});
}
