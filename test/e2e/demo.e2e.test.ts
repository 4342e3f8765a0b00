/**
 * The main job, as the README's first command runs it: `scripts/demo.ts` (what `npm run demo` runs
 * after installing and building) packs the package, installs it in a fresh n8n, runs the shipped
 * full pipeline on the sample data against the local fake gateway, then the conversation coming
 * back through Dunning Events in `n8n start`, and writes its HTML report. Here it runs as a child
 * process, its summary is read, and the report is opened in Chromium (Debian's, driven by
 * playwright-core, as in editor.e2e.test.ts): the figures in the report agree with the summary and
 * with each other, nothing is unmatched, the page fits the window, and its screenshots go to
 * .tmp/screenshots/ (`npm run screenshots` copies them to docs/images/ for the README).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { type Browser, type Page, chromium } from 'playwright-core';

import { REPO_ROOT } from './harness';
import { ensureChromium } from './editor-home';

jest.setTimeout(900_000);

const SCREENSHOTS = path.join(REPO_ROOT, '.tmp', 'screenshots');
const VIEWPORT = { width: 1280, height: 900 };
/** scripts/demo.ts: the fake gateway is told this debtor's WhatsApp number does not exist. */
const UNDELIVERABLE_INVOICE = 'INV-1013';

interface DemoRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

let outputDir: string;
let demo: DemoRun;
let browser: Browser;
let page: Page;

function runDemo(output: string): Promise<DemoRun> {
	return new Promise((resolve, reject) => {
		const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
		const child = spawn(tsx, ['scripts/demo.ts', '--output', output], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 840_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * The rows (without the header row) of the table that follows the heading starting with `heading`.
 * Page scripts are given as text: the tests are compiled without the DOM's types.
 */
function tableAfter(heading: string): Promise<string[][]> {
	return page.evaluate(`(() => {
		const head = [...document.querySelectorAll('h2, h3')].find((h) => h.textContent.startsWith(${JSON.stringify(heading)}));
		let next = head ? head.nextElementSibling : null;
		while (next && next.tagName !== 'TABLE') next = next.nextElementSibling;
		if (!next) return [];
		return [...next.querySelectorAll('tr')].slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
	})()`);
}

beforeAll(async () => {
	const { executablePath, args } = ensureChromium();
	outputDir = path.join(REPO_ROOT, '.tmp', `demo-e2e-${Date.now()}`);
	demo = await runDemo(outputDir);
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	browser = await chromium.launch({ executablePath, args });
	page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
	const report = path.join(outputDir, 'report.html');
	if (fs.existsSync(report)) await page.goto(`file://${report}`);
});

afterAll(async () => {
	await browser?.close();
});

describe('the demo (npm run demo) in a real n8n against the fake gateway', () => {
	test('ends well and prints its summary', () => {
		expect({ code: demo.code, stderr: demo.stderr.slice(-2000) }).toMatchObject({ code: 0 });
		expect(demo.stdout).toMatch(/The collection pipeline on \d+ sample invoices/);
		expect(demo.stdout).toMatch(/The fake gateway accepted \d+ messages \(0 duplicate keys\)/);
		expect(fs.existsSync(path.join(outputDir, 'report.html'))).toBe(true);
	});

	test('the report says what the summary says: every accepted message in its table', async () => {
		const accepted = Number(/The fake gateway accepted (\d+) messages/.exec(demo.stdout)?.[1]);
		expect(accepted).toBeGreaterThan(0);
		expect(await page.title()).toBe('Dunning demo report');
		const sent = await tableAfter('Messages sent');
		expect(sent).toHaveLength(accepted);
		const cost = await page.evaluate<string>(`[...document.querySelectorAll('h2')].find((h) => h.textContent === 'Cost')?.nextElementSibling?.textContent ?? ''`);
		expect(cost).toMatch(new RegExp(`^${accepted} messages sent: \\d+ SMS segments, \\d+ WhatsApp messages\\.$`));
		const [, segments, whatsapp] = /: (\d+) SMS segments, (\d+) WhatsApp/.exec(cost) ?? [];
		const smsRows = sent.filter((row) => row[3].startsWith('sms'));
		expect(Number(whatsapp)).toBe(sent.filter((row) => row[3].startsWith('whatsapp')).length);
		expect(Number(segments)).toBe(smsRows.reduce((sum, row) => sum + Number(row[5]), 0));
		// Every message in the table has its text, invoice and a masked number.
		for (const row of sent) {
			expect(row[0]).toMatch(/^INV-\d+$/);
			expect(row[4]).toMatch(/\*/);
			expect(row[6].length).toBeGreaterThan(20);
		}
		// The bar chart has one bar per stage, and they add up to the invoices the summary counts.
		const bars = await page.evaluate<number[]>(`[...document.querySelectorAll('svg rect')].map((r) => Number(r.nextElementSibling?.textContent))`);
		const invoices = Number(/The collection pipeline on (\d+) sample invoices/.exec(demo.stdout)?.[1]);
		const errors = (await tableAfter('Not sent, and why')).filter((row) => row[1] === 'error').length;
		expect(bars.reduce((a, b) => a + b, 0) + errors).toBe(invoices);
	});

	test('the conversation came back: the undeliverable number reported, every status and reply matched', async () => {
		const statuses = await tableAfter('Delivery statuses');
		const replies = await tableAfter('Replies');
		expect(statuses.length).toBeGreaterThan(0);
		expect(replies.length).toBeGreaterThan(0);
		expect(statuses.filter((row) => row[0] === UNDELIVERABLE_INVOICE && /failed|undeliver/i.test(row[4]))).not.toHaveLength(0);
		expect([...statuses, ...replies].filter((row) => row[5] === 'unmatched')).toEqual([]);
	});

	test('the report fits the window (nothing wider than the page) and is screenshotted', async () => {
		const width = await page.evaluate<number>('document.documentElement.scrollWidth');
		expect(width).toBeLessThanOrEqual(VIEWPORT.width);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-report.png') });
		await page.evaluate(`[...document.querySelectorAll('h2')].find((h) => h.textContent.startsWith('The conversation'))?.scrollIntoView()`);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-report-conversation.png') });
		expect(fs.statSync(path.join(SCREENSHOTS, 'demo-report.png')).size).toBeGreaterThan(10_000);
	});
});
