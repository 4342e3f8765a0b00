/**
 * The package in n8n's editor, in a real Chromium (Debian's `chromium`, driven by playwright-core):
 * `n8n start` with the packed package, the fake-gateway credentials and every shipped workflow
 * imported (test/e2e/editor-home.ts, shared with `npm run editor`), signed in as the owner.
 *
 *  - every shipped workflow on the canvas: each node draws its own icon (no placeholder letter, the
 *    image loaded; the package's nodes draw their `file:` SVG, in the light and the dark theme), no
 *    node shows n8n's issues marker, and no two node labels overlap nor does a label overlap a node
 *    (measured in the DOM, where test/core/workflowLayout.test.ts can only model it);
 *  - the node creator finds all seven nodes of the package by searching "dunning";
 *  - each node's panel (added from the node creator, so with default settings) shows only parameters
 *    that its docs page (docs/nodes/<page>.md) names;
 *  - screenshots in .tmp/screenshots/ (`npm run screenshots` copies them to docs/images/).
 *
 * The DOM this relies on (n8n 2.41.1's editor): a canvas node is `[data-test-id="canvas-node"]` with
 * `data-node-name` and `data-node-type`, its box is the child `[data-canvas-node-render-type]`, its
 * label and subtitle are in the `_description_` block under it; its icon is `.n8n-node-icon`, which
 * renders `_nodeIconPlaceholder_` (the node type's first letter) when n8n has no icon for the type;
 * the status icons render `[data-test-id="node-issues"]` (parameter or credential issues) or
 * `[data-test-id="node-setup-required"]`. The panel is `[data-test-id="ndv"]`, each parameter a
 * `[data-test-id="parameter-item"]` with a `label.n8n-input-label` whose `_title_` block holds the
 * name; a community node's entry in the node creator opens its details, with an "Add to workflow"
 * button.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

import { namedOn } from '../docNames';
import { type FakeGateway, start } from '../fake-gateway';
import { createEditorHome, ensureChromium, OWNER, setupOwner } from './editor-home';
import { REPO_ROOT, packPackage } from './harness';
import { type N8nServer, WORKFLOWS_DIR, shippedWorkflowFiles, startServer } from './workflows';

jest.setTimeout(600_000);

const SCREENSHOTS = path.join(REPO_ROOT, '.tmp', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const DOCS_PREFIX = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/';

interface PackageNode {
	dir: string;
	type: string;
	displayName: string;
	page: string;
}

/** The seven nodes of the package: type, display name and docs page (from the codex file). */
const PACKAGE_NODES: PackageNode[] = fs
	.readdirSync(path.join(REPO_ROOT, 'nodes'))
	.filter((dir) => fs.existsSync(path.join(REPO_ROOT, 'nodes', dir, `${dir}.node.json`)))
	.map((dir) => {
		const codex = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'nodes', dir, `${dir}.node.json`), 'utf8')) as {
			node: string;
			resources: { primaryDocumentation: Array<{ url: string }> };
		};
		const source = fs.readFileSync(path.join(REPO_ROOT, 'nodes', dir, `${dir}.node.ts`), 'utf8');
		const displayName = /description: INodeTypeDescription = \{[\s\S]*?\bdisplayName: '([^']+)'/.exec(source)?.[1] ?? /^\t\tdisplayName: '([^']+)'/m.exec(source)?.[1];
		if (!displayName) throw new Error(`No displayName found in nodes/${dir}/${dir}.node.ts`);
		const url = codex.resources.primaryDocumentation[0].url;
		if (!url.startsWith(DOCS_PREFIX)) throw new Error(`nodes/${dir}/${dir}.node.json: primaryDocumentation ${url} is not under ${DOCS_PREFIX}`);
		return { dir, type: codex.node, displayName, page: url.slice(DOCS_PREFIX.length) };
	});

interface ShippedWorkflow {
	file: string;
	id: string;
	name: string;
	/**
	 * The nodes n8n must mark with issues: the Google Sheets nodes of the Google Sheets variants ship
	 * without a document URL and with a Google account the user connects (the sticky notes say so),
	 * so n8n rightly flags them until the user fills them in. Nothing else may be flagged; and these
	 * must be, which shows the marker the test looks for is the one n8n draws.
	 */
	expectedIssues: string[];
}

interface ShippedNode {
	name: string;
	type: string;
	parameters: { documentId?: { value?: string } };
}

const WORKFLOWS: ShippedWorkflow[] = shippedWorkflowFiles().map((file) => {
	const wf = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as { id: string; name: string; nodes: ShippedNode[] };
	const expectedIssues = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.googleSheets' && !n.parameters.documentId?.value).map((n) => n.name);
	return { file, id: wf.id, name: wf.name, expectedIssues };
});

/** The tarball the e2e global setup packed (beside its shared home), else a fresh `npm pack`. */
function tarball(runDir: string): string {
	const shared = process.env.DUNNING_E2E_HOME;
	const packDir = shared ? path.join(path.dirname(shared), 'pack') : '';
	const packed = packDir && fs.existsSync(packDir) ? fs.readdirSync(packDir).find((f) => f.endsWith('.tgz')) : undefined;
	return packed ? path.join(packDir, packed) : packPackage(path.join(runDir, 'pack'));
}

let gateway: FakeGateway;
let server: N8nServer | undefined;
let browser: Browser;
let light: BrowserContext;

async function signedInContext(colorScheme: 'light' | 'dark'): Promise<BrowserContext> {
	if (!server) throw new Error('n8n is not running');
	const context = await browser.newContext({ viewport: VIEWPORT, colorScheme });
	const login = await context.request.post(`${server.url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
	if (login.status() !== 200) throw new Error(`POST /rest/login answered ${login.status()}: ${await login.text()}`);
	return context;
}

beforeAll(async () => {
	const { executablePath, args } = ensureChromium();
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	const runDir = path.join(REPO_ROOT, '.tmp', `editor-e2e-${Date.now()}`);
	gateway = await start();
	const home = await createEditorHome({ tarball: tarball(runDir), dir: path.join(runDir, 'n8n'), gatewayUrl: gateway.url });
	server = await startServer(home, { timeoutMs: 300_000 });
	const status = await setupOwner(server.url, 120);
	if (status !== 200) throw new Error(`POST /rest/owner/setup answered ${status}`);
	browser = await chromium.launch({ executablePath, args });
	light = await signedInContext('light');
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await gateway?.close();
});

// ---------------------------------------------------------------------------------------------
// The canvas

interface Box {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

interface CanvasNode {
	name: string;
	type: string;
	box: Box;
	/** The label and subtitle text under the node (null when it has none). */
	label: Box | null;
	icon: { placeholder: boolean; img: string | null; loaded: boolean; svg: boolean };
	issues: boolean;
}

/** What the page function reads of an <img> (the tests compile without the DOM library). */
interface ImageElement {
	complete: boolean;
	naturalWidth: number;
	getAttribute(name: string): string | null;
}

async function openWorkflow(page: Page, id: string): Promise<void> {
	if (!server) throw new Error('n8n is not running');
	await page.goto(`${server.url}/workflow/${id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 120_000 });
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	// Icons are images: wait until every one has loaded or failed, then for the fit animation.
	await page.waitForFunction('[...document.querySelectorAll(\'[data-test-id="canvas-node"] img\')].every((img) => img.complete)', undefined, { timeout: 60_000 });
	await page.waitForTimeout(1000);
}

async function canvasNodes(page: Page): Promise<CanvasNode[]> {
	return await page.$$eval('[data-test-id="canvas-node"]', (elements) =>
		elements
			.filter((el) => el.getAttribute('data-node-type') !== 'n8n-nodes-base.stickyNote')
			.map((el) => {
				const rect = (r: Box) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
				const body = el.querySelector('[data-canvas-node-render-type]') ?? el;
				const description = body.querySelector('[class*="_description_"]');
				let label: Box | null = null;
				if (description && (description.textContent ?? '').trim() !== '') {
					// The text itself, not its block (which may be wider), clipped to the block (two lines at most).
					const range = el.ownerDocument.createRange();
					range.selectNodeContents(description);
					const text = range.getBoundingClientRect();
					const block = description.getBoundingClientRect();
					label = {
						left: Math.max(text.left, block.left),
						top: Math.max(text.top, block.top),
						right: Math.min(text.right, block.right),
						bottom: Math.min(text.bottom, block.bottom),
					};
				}
				const icon = body.querySelector('.n8n-node-icon');
				const img = icon?.querySelector('img') as ImageElement | null | undefined;
				return {
					name: el.getAttribute('data-node-name') ?? '?',
					type: el.getAttribute('data-node-type') ?? '?',
					box: rect(body.getBoundingClientRect()),
					label,
					icon: {
						placeholder: !icon || icon.querySelector('[class*="nodeIconPlaceholder"]') !== null,
						img: img ? img.getAttribute('src') : null,
						loaded: img ? img.complete && img.naturalWidth > 0 : false,
						svg: icon?.querySelector('svg') !== null && icon?.querySelector('svg') !== undefined,
					},
					issues: el.querySelector('[data-test-id="node-issues"], [data-test-id="node-setup-required"]') !== null,
				};
			}),
	);
}

/** Whether two boxes share more than a sliver (half a screen pixel either way). */
function overlap(a: Box, b: Box): boolean {
	const e = 0.5;
	return a.left < b.right - e && b.left < a.right - e && a.top < b.bottom - e && b.top < a.bottom - e;
}

/** The nodes whose icon is not their own: the placeholder letter, an image that did not load, or none. */
function iconProblems(nodes: CanvasNode[]): string[] {
	return nodes
		.filter((n) => {
			if (n.icon.placeholder) return true;
			if (n.type.startsWith('n8n-nodes-dunning.')) return !(n.icon.img?.startsWith('/icons/n8n-nodes-dunning/') && n.icon.loaded);
			return n.icon.img !== null ? !n.icon.loaded : !n.icon.svg;
		})
		.map((n) => `${n.name} (${n.type}${n.icon.img ? `, ${n.icon.img}` : ''})`);
}

function overlaps(nodes: CanvasNode[]): string[] {
	const found: string[] = [];
	for (let i = 0; i < nodes.length; i++) {
		for (let j = 0; j < nodes.length; j++) {
			if (i === j) continue;
			const [a, b] = [nodes[i], nodes[j]];
			if (j > i && overlap(a.box, b.box)) found.push(`node "${a.name}" / node "${b.name}"`);
			if (j > i && a.label && b.label && overlap(a.label, b.label)) found.push(`label "${a.name}" / label "${b.name}"`);
			if (a.label && overlap(a.label, b.box)) found.push(`label "${a.name}" / node "${b.name}"`);
		}
	}
	return found;
}

/** The fewest shipped workflows (greedy) whose nodes include every node type of the package. */
function fewestWorkflowsWithEveryPackageNode(): typeof WORKFLOWS {
	const typesOf = (file: string) =>
		new Set(
			(JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as { nodes: Array<{ type: string }> }).nodes
				.map((n) => n.type)
				.filter((t) => t.startsWith('n8n-nodes-dunning.')),
		);
	const missing = new Set(WORKFLOWS.flatMap((w) => [...typesOf(w.file)]));
	const chosen: typeof WORKFLOWS = [];
	while (missing.size > 0) {
		const best = WORKFLOWS.map((w) => ({ w, gain: [...typesOf(w.file)].filter((t) => missing.has(t)).length })).sort((a, b) => b.gain - a.gain)[0];
		chosen.push(best.w);
		for (const t of typesOf(best.w.file)) missing.delete(t);
	}
	expect(missing.size).toBe(0);
	return chosen;
}

describe('every shipped workflow on the canvas', () => {
	it.each(WORKFLOWS.map((w) => [w.file, w]))('%s: own icons, no issues (but the Google Sheets to fill in), no overlapping labels', async (_file, workflow) => {
		const page = await light.newPage();
		try {
			await openWorkflow(page, workflow.id);
			const nodes = await canvasNodes(page);
			if (workflow.file === 'full-pipeline.json') await page.screenshot({ path: path.join(SCREENSHOTS, 'full-pipeline-canvas.png') });
			expect({
				nodes: nodes.length > 0,
				// Every node's name is drawn, so every node has a label box to measure.
				noLabel: nodes.filter((n) => n.label === null || n.label.right <= n.label.left).map((n) => n.name),
				iconNotOwn: iconProblems(nodes),
				issuesMarker: nodes.filter((n) => n.issues).map((n) => n.name).sort(),
				overlapping: overlaps(nodes),
			}).toEqual({ nodes: true, noLabel: [], iconNotOwn: [], issuesMarker: [...workflow.expectedIssues].sort(), overlapping: [] });
		} finally {
			await page.close();
		}
	});

	it("draws the package's icons in the dark theme too (the fewest workflows that hold all seven nodes)", async () => {
		const dark = await signedInContext('dark');
		const problems: Record<string, string[]> = {};
		const covering = fewestWorkflowsWithEveryPackageNode();
		try {
			for (const workflow of covering) {
				const page = await dark.newPage();
				await openWorkflow(page, workflow.id);
				const nodes = await canvasNodes(page);
				const bad = iconProblems(nodes);
				// n8n picks the `dark` file of a `{ light, dark }` icon in the dark theme.
				const notDark = nodes.filter((n) => n.type.startsWith('n8n-nodes-dunning.') && !n.icon.img?.endsWith('.dark.svg')).map((n) => `${n.name}: ${n.icon.img}`);
				if (bad.length || notDark.length) problems[workflow.file] = [...bad, ...notDark];
				await page.close();
			}
		} finally {
			await dark.close();
		}
		expect(problems).toEqual({});
	});
});

// ---------------------------------------------------------------------------------------------
// The node creator and the node panels

/**
 * A shipped workflow for the test number `index` of the node-creator tests, a different one for each:
 * a node added on a canvas leaves it edited, and n8n keeps a workflow open in a closed page locked
 * for a while (the next page opens it read-only, without the "+" button).
 */
function canvasFor(index: number): string {
	const candidates = WORKFLOWS.filter((w) => w.expectedIssues.length === 0);
	if (index >= candidates.length) throw new Error(`Only ${candidates.length} shipped workflows to add nodes on`);
	return candidates[index].id;
}

/** Opens the node creator ("+") on a shipped workflow and types a search. */
async function searchNodeCreator(page: Page, query: string, workflowId: string): Promise<string[]> {
	await openWorkflow(page, workflowId);
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[placeholder^="Search"]').first();
	await search.waitFor({ timeout: 30_000 });
	await search.fill(query);
	await page.waitForTimeout(1500);
	return (await page.locator('[data-test-id="node-creator-item-name"]').allTextContents()).map((t) => t.trim());
}

describe('the node creator', () => {
	it('finds all seven nodes of the package by searching "dunning"', async () => {
		const page = await light.newPage();
		try {
			const found = await searchNodeCreator(page, 'dunning', canvasFor(0));
			await page.screenshot({ path: path.join(SCREENSHOTS, 'node-creator-dunning.png') });
			expect({ missing: PACKAGE_NODES.map((n) => n.displayName).filter((name) => !found.includes(name)) }).toEqual({ missing: [] });
			expect(PACKAGE_NODES).toHaveLength(7);
		} finally {
			await page.close();
		}
	});
});

describe('each node panel shows only parameters its docs page names', () => {
	it.each(PACKAGE_NODES.map((n, i) => [n.displayName, n, i]))('%s', async (_name, node, index) => {
		const page = await light.newPage();
		try {
			await searchNodeCreator(page, node.displayName, canvasFor(index + 1));
			await page.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${node.displayName.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*$`) }).first().click();
			// A community node opens its details first, with an "Add to workflow" button.
			await page.getByRole('button', { name: 'Add to workflow' }).click();
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: 60_000 });
			await page.waitForTimeout(1500);
			// The visible labels only (the Settings tab is in the DOM too), their title without the
			// Fixed / Expression switch.
			const labels = (
				await ndv
					.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"] label.n8n-input-label [class*="_title_"]')
					.filter({ visible: true })
					.allTextContents()
			)
				.map((t) => t.replace(/\*\s*$/, '').replace(/\s+/g, ' ').trim())
				.filter((t) => t !== '');
			await page.screenshot({ path: path.join(SCREENSHOTS, `node-${path.basename(node.page, '.md')}.png`) });
			const text = fs.readFileSync(path.join(REPO_ROOT, node.page), 'utf8');
			expect({ page: node.page, labels: labels.length > 0, notOnPage: labels.filter((l) => !namedOn(text, l)) }).toEqual({ page: node.page, labels: true, notOnPage: [] });
		} finally {
			await page.close();
		}
	});
});
