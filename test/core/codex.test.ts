/**
 * The node creator finds every node of the package by searching "dunning": n8n matches a search
 * against the display name and the codex `alias` list. Without the alias only Dunning Stage and
 * Dunning Events were found (seen in n8n 2.41.1's editor in Chromium, branch h/browser's suite).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const codexFiles = pkg.n8n.nodes.map((dist) => dist.replace(/^dist\//, '').replace(/\.node\.js$/, '.node.json'));

describe('node codex files', () => {
	it('one per node the package declares', () => {
		expect(codexFiles).toHaveLength(7);
		expect(codexFiles.filter((f) => !fs.existsSync(path.join(ROOT, f)))).toEqual([]);
	});

	it.each(codexFiles)('%s: found by "dunning" and filed under Finance & Accounting', (file) => {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { alias?: string[]; categories?: string[] };
		expect({ alias: codex.alias?.includes('dunning'), finance: codex.categories?.includes('Finance & Accounting') }).toEqual({ alias: true, finance: true });
	});
});
