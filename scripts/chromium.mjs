// Chromium for the editor suite (test/e2e/editor.e2e.test.ts) and the screenshots
// (`npm run screenshots`): Debian's `chromium` package, driven by playwright-core (a devDependency),
// installed by `ensureChromium()` with apt-get when no Chromium is found, like Redis and PostgreSQL
// in queue-services.mjs. `npx playwright install` cannot download a browser here, so the project
// never relies on it. Only Node built-ins are used.
//
//   node scripts/chromium.mjs ensure    install it if missing, print { executablePath, version, args } as JSON
import { spawnSync } from 'node:child_process';

import { rootPrefix, runAsRoot, which } from './system.mjs';

const APT_PACKAGE = 'chromium';
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The flags the project runs Chromium with (headless on a server, no network beyond loopback). */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function log(msg) {
	process.stderr.write(`[chromium] ${msg}\n`);
}

/** A Chromium that starts (`--version` answers), or undefined. */
export function findChromium() {
	for (const name of CANDIDATES) {
		const found = which(name);
		if (!found) continue;
		const version = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 30_000 });
		if (version.status === 0) return { executablePath: found, version: version.stdout.trim() };
	}
	return undefined;
}

/**
 * Installs Debian's chromium package unless a Chromium is already there (`apt-get update` only when
 * the install fails without it). Returns { executablePath, version }; throws with what to install
 * when it cannot (no apt-get, no root).
 */
export function ensureChromium() {
	let found = findChromium();
	if (found) return found;
	const manual = `install it and run again: apt-get install ${APT_PACKAGE} (Debian/Ubuntu), or put a chromium in PATH`;
	if (!which('apt-get')) throw new Error(`The editor tests need Chromium, and this machine has no apt-get: ${manual}`);
	const prefix = rootPrefix();
	if (prefix === undefined) throw new Error(`The editor tests need Chromium; installing it needs root (or sudo without a password): ${manual}`);
	log(`installing ${APT_PACKAGE} from Debian's packages (apt-get, a minute or two, once)`);
	const install = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', APT_PACKAGE];
	if (runAsRoot(prefix, install[0], install.slice(1)) !== 0) {
		log('apt-get install failed; running apt-get update and trying again');
		if (runAsRoot(prefix, 'apt-get', ['update']) !== 0) throw new Error(`apt-get update failed: ${manual}`);
		if (runAsRoot(prefix, install[0], install.slice(1)) !== 0) throw new Error(`apt-get install ${APT_PACKAGE} failed (see above): ${manual}`);
	}
	found = findChromium();
	if (!found) throw new Error(`Still no working Chromium after apt-get install ${APT_PACKAGE}: ${manual}`);
	log(`installed: ${found.executablePath} (${found.version})`);
	return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [command] = process.argv.slice(2);
	if (command === 'ensure') {
		try {
			process.stdout.write(`${JSON.stringify({ ...ensureChromium(), args: CHROMIUM_ARGS })}\n`);
		} catch (error) {
			log(error.message);
			process.exit(1);
		}
	} else {
		process.stderr.write('usage: node scripts/chromium.mjs ensure\n');
		process.exit(2);
	}
}
