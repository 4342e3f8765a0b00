/**
 * Where n8n's canvas draws each node of a workflow JSON and its label, from the positions alone, so
 * that a test can say "no two nodes or labels overlap" without a browser.
 *
 * The model follows n8n's canvas (2.x, the Vue Flow canvas, also the default in 1.x): a node is a
 * 100 × 100 box at its `position`, taller by 40 px per main input or output beyond two; its name is
 * centred under it (4 px below) in a box at most 200 px wide, Inter 14 px medium, wrapped on words
 * and clamped to two lines of 17.5 px; a one-line subtitle (12 px) may follow. Text widths are
 * estimated per character class, on the wide side. A sticky note is a box of its own width and
 * height (240 × 160 by default); it is drawn behind the nodes, so one must not cover any node or
 * label (its text would be hidden) nor another sticky.
 */

export interface Rect {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

export interface NodeLayout {
	name: string;
	type: string;
	box: Rect;
	label: Rect;
	labelLines: string[];
}

export interface Overlap {
	a: string;
	b: string;
	what: 'node/node' | 'node/label' | 'label/label' | 'sticky/node' | 'sticky/label' | 'sticky/sticky';
}

interface WorkflowNode {
	name: string;
	type: string;
	position: [number, number];
	parameters?: Record<string, unknown>;
	onError?: string;
}

interface Workflow {
	nodes: WorkflowNode[];
	connections: Record<string, { main?: Array<Array<{ node: string; index: number }> | null> }>;
}

const NODE = 100;
const HANDLE_STEP = 40;
const LABEL_MAX_WIDTH = 200;
const LABEL_GAP = 4;
const LINE = 17.5;
const SUBTITLE = 2 + 15;

/** Estimated advance of one character of Inter 14 px medium, rounded up. */
function charWidth(c: string): number {
	if (c === ' ') return 4;
	if ('iljtfr.,:;\'|!()[]'.includes(c)) return 5;
	if ('mwMW@%'.includes(c)) return 12.5;
	if (/[A-Z0-9]/.test(c) || '&?#'.includes(c)) return 9.5;
	return 8;
}

export function textWidth(text: string): number {
	let w = 0;
	for (const c of text) w += charWidth(c);
	return w;
}

/** Word-wrapped into lines of at most 200 px, at most two (n8n clamps the rest). */
export function wrapLabel(text: string): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (line && textWidth(candidate) > LABEL_MAX_WIDTH) {
			lines.push(line);
			line = word;
		} else line = candidate;
	}
	if (line) lines.push(line);
	return lines.slice(0, 2);
}

function handles(workflow: Workflow, node: WorkflowNode): number {
	let outputs = 1;
	for (const [index, targets] of (workflow.connections[node.name]?.main ?? []).entries()) {
		if (targets && targets.length > 0) outputs = Math.max(outputs, index + 1);
	}
	let inputs = 1;
	for (const from of Object.values(workflow.connections)) {
		for (const targets of from.main ?? []) {
			for (const t of targets ?? []) if (t.node === node.name) inputs = Math.max(inputs, t.index + 1);
		}
	}
	const declaredInputs = Number(node.parameters?.numberInputs);
	if (node.type === 'n8n-nodes-base.merge' && Number.isInteger(declaredInputs)) inputs = Math.max(inputs, declaredInputs);
	return Math.max(inputs, outputs);
}

export function layoutOf(workflow: Workflow): NodeLayout[] {
	return workflow.nodes
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((n) => {
			const [x, y] = n.position;
			const height = NODE + Math.max(0, handles(workflow, n) - 2) * HANDLE_STEP;
			const labelLines = wrapLabel(n.name);
			const width = Math.min(LABEL_MAX_WIDTH, Math.max(...labelLines.map(textWidth)));
			const centre = x + NODE / 2;
			const top = y + height + LABEL_GAP;
			return {
				name: n.name,
				type: n.type,
				box: { left: x, top: y, right: x + NODE, bottom: y + height },
				label: { left: centre - width / 2, top, right: centre + width / 2, bottom: top + labelLines.length * LINE + SUBTITLE },
				labelLines,
			};
		});
}

export function stickiesOf(workflow: Workflow): Array<{ name: string; box: Rect }> {
	return workflow.nodes
		.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
		.map((n) => {
			const [x, y] = n.position;
			const width = Number(n.parameters?.width ?? 240);
			const height = Number(n.parameters?.height ?? 160);
			return { name: n.name, box: { left: x, top: y, right: x + width, bottom: y + height } };
		});
}

function intersects(a: Rect, b: Rect): boolean {
	return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export function overlaps(workflow: Workflow): Overlap[] {
	const nodes = layoutOf(workflow);
	const found: Overlap[] = [];
	for (let i = 0; i < nodes.length; i++) {
		for (let j = i + 1; j < nodes.length; j++) {
			const a = nodes[i];
			const b = nodes[j];
			if (intersects(a.box, b.box)) found.push({ a: a.name, b: b.name, what: 'node/node' });
			if (intersects(a.label, b.label)) found.push({ a: a.name, b: b.name, what: 'label/label' });
			if (intersects(a.box, b.label)) found.push({ a: a.name, b: b.name, what: 'node/label' });
			if (intersects(a.label, b.box)) found.push({ a: b.name, b: a.name, what: 'node/label' });
		}
	}
	const stickies = stickiesOf(workflow);
	for (let i = 0; i < stickies.length; i++) {
		const s = stickies[i];
		for (const n of nodes) {
			if (intersects(s.box, n.box)) found.push({ a: s.name, b: n.name, what: 'sticky/node' });
			else if (intersects(s.box, n.label)) found.push({ a: s.name, b: n.name, what: 'sticky/label' });
		}
		for (const t of stickies.slice(i + 1)) if (intersects(s.box, t.box)) found.push({ a: s.name, b: t.name, what: 'sticky/sticky' });
	}
	return found;
}
