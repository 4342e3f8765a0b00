/**
 * No shipped workflow opens with nodes or names on top of each other: every node's box and its label
 * (as n8n's canvas draws them, see test/workflowLayout.ts) are clear of every other node's.
 */
import fs from 'node:fs';
import path from 'node:path';

import { layoutOf, overlaps, textWidth, wrapLabel } from '../workflowLayout';

const WORKFLOWS = path.join(__dirname, '../../workflows');
const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json'));

describe('shipped workflow layout', () => {
	it('finds the shipped workflows', () => {
		expect(files.length).toBeGreaterThanOrEqual(11);
	});

	it.each(files)('%s: no two nodes, labels or sticky notes overlap on the canvas', (file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'));
		expect(overlaps(workflow)).toEqual([]);
	});

	it.each(files)('%s: every node name fits its two label lines (n8n cuts the rest)', (file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'));
		const cut = layoutOf(workflow)
			.filter((n) => n.labelLines.join(' ') !== n.name.split(/\s+/).join(' '))
			.map((n) => n.name);
		expect(cut).toEqual([]);
	});
});

describe('the layout model', () => {
	const node = (name: string, x: number, y: number) => ({ name, type: 'n8n-nodes-base.noOp', position: [x, y] as [number, number], parameters: {} });

	it('wraps a long name on words into two lines of at most 200 px', () => {
		const lines = wrapLabel('Legal: Review by Your Team Before Anything Is Sent');
		expect(lines).toHaveLength(2);
		for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(200);
	});

	it('sees two names side by side 120 px apart collide, and 240 px apart not', () => {
		const near = { nodes: [node('Legal: Review by Your Team', 0, 0), node('Paid: Thanked on Payment', 120, 0)], connections: {} };
		expect(overlaps(near).map((o) => o.what)).toEqual(['label/label']);
		const far = { nodes: [node('Legal: Review by Your Team', 0, 0), node('Paid: Thanked on Payment', 240, 0)], connections: {} };
		expect(overlaps(far)).toEqual([]);
	});

	it('sees a node placed on the label of the node above it', () => {
		const stacked = { nodes: [node('New Reminders', 0, 0), node('Dunning Stage', 0, 120)], connections: {} };
		expect(overlaps(stacked)).toEqual([{ a: 'Dunning Stage', b: 'New Reminders', what: 'node/label' }]);
	});

	it('sees a sticky note covering a node or a name, and two stickies on each other', () => {
		const sticky = (name: string, x: number, y: number) => ({ name, type: 'n8n-nodes-base.stickyNote', position: [x, y] as [number, number], parameters: { width: 300, height: 200 } });
		expect(overlaps({ nodes: [sticky('About', 0, -300), node('Try It', 0, 0)], connections: {} })).toEqual([]);
		expect(overlaps({ nodes: [sticky('About', 0, -150), node('Try It', 0, 0)], connections: {} })).toEqual([{ a: 'About', b: 'Try It', what: 'sticky/node' }]);
		expect(overlaps({ nodes: [sticky('About', 0, 110), node('Try It', 0, 0)], connections: {} })).toEqual([{ a: 'About', b: 'Try It', what: 'sticky/label' }]);
		expect(overlaps({ nodes: [sticky('About', 0, 0), sticky('Set-up', 200, 100)], connections: {} })).toEqual([{ a: 'About', b: 'Set-up', what: 'sticky/sticky' }]);
	});

	it('makes a merge with four inputs taller, so a node below it must move further down', () => {
		const merge = { name: 'All Results', type: 'n8n-nodes-base.merge', position: [0, 0] as [number, number], parameters: { numberInputs: 4 } };
		const [box] = layoutOf({ nodes: [merge], connections: {} });
		expect(box.box.bottom).toBe(180);
		expect(overlaps({ nodes: [merge, node('Below', 0, 200)], connections: {} })).toEqual([{ a: 'Below', b: 'All Results', what: 'node/label' }]);
	});
});
