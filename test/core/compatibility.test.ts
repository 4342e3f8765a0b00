/**
 * The n8n versions the package declares (package.json `n8nCompatibility`), the ones `npm test`
 * installs and runs (scripts/n8n-runtime.mjs RUNTIMES) and the README's compatibility table agree.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8nCompatibility: { n8n: string } };
const runtimeScript = fs.readFileSync(path.join(ROOT, 'scripts/n8n-runtime.mjs'), 'utf8');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The pinned runtimes: `{ name: '2.x', n8n: '2.41.1', node: '24.21.0', ... }` entries. */
const runtimes = [...runtimeScript.matchAll(/\{ name: '([^']+)', n8n: '(\d+\.\d+\.\d+)', node: '(\d+)\.\d+\.\d+'/g)].map((m) => ({ name: m[1], n8n: m[2], node: m[3] }));

function version(v: string): number[] {
	return v.split('.').map(Number);
}

/** Whether a version satisfies one of `^A.B.C || ^D.E.F`. */
function satisfies(v: string, range: string): boolean {
	const [major, minor, patch] = version(v);
	return range.split('||').some((part) => {
		const m = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
		if (!m) throw new Error(`Unsupported range part "${part}"`);
		const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
		return major === a && (minor > b || (minor === b && patch >= c));
	});
}

describe('n8n compatibility', () => {
	it('npm test pins one runtime per supported n8n line (2.x and 1.x)', () => {
		expect(runtimes.map((r) => r.name)).toEqual(['2.x', '1.x']);
	});

	it.each(runtimes.map((r) => [r.n8n, r]))('n8n %s is inside the declared range and listed in the README with its Node', (_v, r) => {
		expect(satisfies(r.n8n, pkg.n8nCompatibility.n8n)).toBe(true);
		expect(readme).toContain(`| **${r.n8n}** | ${r.node} |`);
	});

	it('the range check itself tells versions apart', () => {
		expect([satisfies('1.122.9', '^1.123.0 || ^2.41.0'), satisfies('2.40.0', '^1.123.0 || ^2.41.0'), satisfies('3.0.0', '^1.123.0 || ^2.41.0')]).toEqual([false, false, false]);
		expect([satisfies('1.123.0', '^1.123.0 || ^2.41.0'), satisfies('2.50.2', '^1.123.0 || ^2.41.0')]).toEqual([true, true]);
	});
});
