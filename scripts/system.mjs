// The machine-level helpers the install scripts share (queue-services.mjs, chromium.mjs): finding a
// program and running a command as root. Only Node built-ins are used: nothing is installed yet
// when these run on a fresh machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The executable file `name` in PATH or the usual system folders, or undefined. */
export function which(name) {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
	for (const dir of dirs) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			if (fs.statSync(candidate).isFile()) return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** How to run a command as root: directly, through `sudo -n`, or not at all (undefined). */
export function rootPrefix() {
	if (isRoot()) return [];
	if (which('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
	return undefined;
}

/** Runs `cmd args` with the prefix of {@link rootPrefix}, its output on standard error; the exit status. */
export function runAsRoot(prefix, cmd, args) {
	const [first, ...rest] = [...prefix, cmd, ...args];
	const result = spawnSync(first, rest, { stdio: ['ignore', 2, 2] });
	return result.status ?? 1;
}
