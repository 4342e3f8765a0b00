// Redis and PostgreSQL for the queue-mode end-to-end tests (test/e2e/queueMode.e2e.test.ts): n8n in
// queue mode needs Redis (the job queue) and PostgreSQL (the database every process shares).
// Debian's packages, installed by `ensureQueueServices()` when missing, each instance started in the
// foreground as a child process on a free loopback port with its data in a folder of the caller's,
// and stopped by the caller. Nothing here starts or touches a system service.
// Only Node built-ins are used, like n8n-runtime.mjs.
//
//   node scripts/queue-services.mjs ensure      install what is missing, print where it is
//   node scripts/queue-services.mjs serve DIR   start both, print one JSON line, stop both on
//                                               SIGTERM/SIGINT or when standard input closes
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { isRoot, rootPrefix, runAsRoot, which } from './system.mjs';

const APT_PACKAGES = ['redis-server', 'postgresql'];
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

function log(msg) {
	process.stderr.write(`[queue-services] ${msg}\n`);
}

/**
 * PostgreSQL's server programs. Debian keeps them out of PATH, in /usr/lib/postgresql/<version>/bin
 * (the newest version wins); elsewhere they are found through PATH (a `postgres` in PATH, followed
 * through symbolic links, whose folder also has initdb).
 */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	const complete = (dir) => ['postgres', 'initdb', 'pg_isready', 'createdb', 'psql'].every((p) => fs.existsSync(path.join(dir, p)));
	if (fs.existsSync(base)) {
		const versions = fs
			.readdirSync(base)
			.filter((v) => /^\d+(\.\d+)?$/.test(v))
			.sort((a, b) => Number(b) - Number(a));
		for (const v of versions) {
			const dir = path.join(base, v, 'bin');
			if (complete(dir)) return dir;
		}
	}
	const found = which('postgres');
	if (found) {
		const dir = path.dirname(fs.realpathSync(found));
		if (complete(dir)) return dir;
	}
	return undefined;
}

/** Where redis-server and PostgreSQL's programs are, and what is missing. */
export function findQueueServices() {
	const redisServer = which('redis-server');
	const pgDir = postgresBinDir();
	const missing = [];
	if (!redisServer) missing.push('redis-server');
	if (!pgDir) missing.push('postgresql');
	const pg = pgDir
		? {
				dir: pgDir,
				postgres: path.join(pgDir, 'postgres'),
				initdb: path.join(pgDir, 'initdb'),
				pgIsready: path.join(pgDir, 'pg_isready'),
				createdb: path.join(pgDir, 'createdb'),
				psql: path.join(pgDir, 'psql'),
			}
		: undefined;
	return { redisServer, pg, missing };
}

/**
 * Installs Debian's redis-server and postgresql packages unless redis-server and PostgreSQL's
 * programs are already there. `apt-get update` only when the install fails without it. While
 * apt-get runs, a policy-rc.d that answers 101 keeps the packages from starting system services
 * (only when there was none; it is removed afterwards): the tests start their own instances.
 * Returns what findQueueServices() finds; throws with what to install when it cannot.
 */
export function ensureQueueServices() {
	let found = findQueueServices();
	if (found.missing.length === 0) return found;
	const packages = APT_PACKAGES.filter((p) => (p === 'redis-server' ? found.missing.includes('redis-server') : found.missing.includes('postgresql')));
	const manual = `install them and run again: apt-get install ${APT_PACKAGES.join(' ')} (Debian/Ubuntu), or put redis-server and PostgreSQL's postgres, initdb, pg_isready, createdb and psql in PATH`;
	const prefix = rootPrefix();
	if (!which('apt-get')) throw new Error(`The queue-mode tests need ${found.missing.join(' and ')}, and this machine has no apt-get: ${manual}`);
	if (prefix === undefined) throw new Error(`The queue-mode tests need ${found.missing.join(' and ')}; installing them needs root (or sudo without a password): ${manual}`);
	log(`installing ${packages.join(' ')} from Debian's packages (apt-get, about a minute, once)`);
	let wrotePolicy = false;
	if (!fs.existsSync(POLICY_RC_D)) {
		const status = runAsRoot(prefix, 'sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > ${POLICY_RC_D} && chmod 755 ${POLICY_RC_D}`]);
		wrotePolicy = status === 0;
	}
	try {
		const install = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...packages];
		if (runAsRoot(prefix, install[0], install.slice(1)) !== 0) {
			log('apt-get install failed; running apt-get update and trying again');
			if (runAsRoot(prefix, 'apt-get', ['update']) !== 0) throw new Error(`apt-get update failed: ${manual}`);
			if (runAsRoot(prefix, install[0], install.slice(1)) !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed (see above): ${manual}`);
		}
	} finally {
		if (wrotePolicy) runAsRoot(prefix, 'rm', ['-f', POLICY_RC_D]);
	}
	found = findQueueServices();
	if (found.missing.length > 0) throw new Error(`Still missing after apt-get install: ${found.missing.join(', ')}: ${manual}`);
	log(`installed: ${found.redisServer}, ${found.pg.dir}`);
	return found;
}

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A child process whose output is kept (the last 200 KB) and that stops with `signal`, then
 * SIGKILL after `timeoutMs`.
 */
function supervise(name, child, signal, timeoutMs = 15_000) {
	let output = '';
	const keep = (chunk) => {
		output = (output + chunk.toString()).slice(-200_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	let exited = false;
	const exit = new Promise((resolve) => {
		child.on('exit', (code, sig) => {
			exited = true;
			resolve({ code, signal: sig });
		});
		child.on('error', (error) => {
			keep(`${name}: ${error.message}\n`);
			exited = true;
			resolve({ code: -1, signal: null });
		});
	});
	return {
		pid: child.pid,
		log: () => output,
		isRunning: () => !exited,
		exit,
		async stop() {
			if (exited) return;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			await exit;
			clearTimeout(timer);
		},
	};
}

/** Answers true when a Redis server on `port` replies to PING. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
	});
}

async function waitFor(what, proc, check, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (!proc.isRunning() || Date.now() > deadline) {
			await proc.stop();
			throw new Error(`${what} did not become ready${proc.isRunning() ? ` in ${timeoutMs} ms` : ' (it exited)'}:\n${proc.log().trim().split('\n').slice(-20).join('\n')}`);
		}
		await sleep(200);
	}
}

/**
 * redis-server in the foreground on 127.0.0.1 and a free port, nothing saved to disk, `dir` its
 * working folder. Resolves once it answers PING: { port, pid, log(), stop() }.
 */
export async function startRedis(dir, found = findQueueServices()) {
	if (!found.redisServer) throw new Error('redis-server is not installed: run ensureQueueServices() first');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawn(
		found.redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const proc = supervise('redis-server', child, 'SIGTERM');
	await waitFor(`redis-server on 127.0.0.1:${port}`, proc, () => redisPing(port), 20_000);
	return { port, pid: proc.pid, log: proc.log, isRunning: proc.isRunning, stop: proc.stop };
}

/** uid and gid of a system user, from /etc/passwd. */
function systemUser(name) {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${name}:`));
	if (!line) return undefined;
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(target, uid, gid) {
	fs.chownSync(target, uid, gid);
	if (fs.statSync(target).isDirectory()) for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), uid, gid);
}

/**
 * PostgreSQL in the foreground on 127.0.0.1 and a free port: a new cluster in `dir` (initdb, trust
 * authentication, superuser `postgres`, its Unix socket inside `dir`, fsync off), and a database
 * `n8n`. PostgreSQL refuses to run as root: as root it runs as Debian's `postgres` system user, with
 * `dir` given to that user. Resolves once it accepts connections:
 * { host, port, user, database, pid, psql, log(), stop() }.
 */
export async function startPostgres(dir, found = findQueueServices()) {
	if (!found.pg) throw new Error('PostgreSQL is not installed: run ensureQueueServices() first');
	const { pg } = found;
	fs.mkdirSync(dir, { recursive: true });
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir, { recursive: true });
	let as = {};
	if (isRoot()) {
		const user = systemUser('postgres');
		if (!user) throw new Error("PostgreSQL does not run as root, and there is no 'postgres' system user (Debian's postgresql package creates it)");
		chownTree(dir, user.uid, user.gid);
		as = user;
		if (spawnSync('test', ['-w', dir], { ...as, stdio: 'ignore' }).status !== 0) {
			throw new Error(`The postgres user cannot write ${dir}: each folder above it must be open to other users (chmod o+x)`);
		}
	}
	const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
	const init = spawnSync(pg.initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
		...as,
		cwd: dir,
		env,
		encoding: 'utf8',
	});
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
	const port = await freePort();
	const child = spawn(
		pg.postgres,
		[
			'-D', data,
			'-h', '127.0.0.1',
			'-p', String(port),
			'-k', socketDir,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ ...as, cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	// SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to disconnect).
	const proc = supervise('postgres', child, 'SIGINT');
	const ready = () => spawnSync(pg.pgIsready, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { stdio: 'ignore' }).status === 0;
	await waitFor(`PostgreSQL on 127.0.0.1:${port}`, proc, async () => ready(), 30_000);
	const created = spawnSync(pg.createdb, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n'], { encoding: 'utf8' });
	if (created.status !== 0) {
		await proc.stop();
		throw new Error(`createdb n8n failed:\n${created.stdout}${created.stderr}`);
	}
	return { host: '127.0.0.1', port, user: 'postgres', database: 'n8n', pid: proc.pid, psql: pg.psql, log: proc.log, isRunning: proc.isRunning, stop: proc.stop };
}

/**
 * `serve DIR`: both services for a test process that cannot import this module (jest runs
 * TypeScript as CommonJS). Prints one line of JSON ({ redis, postgres } or { error }), then stops
 * both on SIGTERM or SIGINT, or when standard input closes (the test process died), and exits.
 */
async function serve(dir) {
	let redis;
	let postgres;
	let stopping;
	const stopAll = () => {
		stopping ??= Promise.allSettled([redis?.stop(), postgres?.stop()]).then(() => process.exit(0));
		return stopping;
	};
	process.on('SIGTERM', stopAll);
	process.on('SIGINT', stopAll);
	process.stdin.on('end', stopAll);
	process.stdin.on('error', stopAll);
	process.stdin.resume();
	try {
		const found = ensureQueueServices();
		[redis, postgres] = await Promise.all([startRedis(path.join(dir, 'redis'), found), startPostgres(path.join(dir, 'postgres'), found)]);
		process.stdout.write(
			`${JSON.stringify({
				redis: { host: '127.0.0.1', port: redis.port, pid: redis.pid },
				postgres: { host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.database, pid: postgres.pid, psql: postgres.psql },
				redisCli: which('redis-cli') ?? null,
			})}\n`,
		);
	} catch (error) {
		process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
		await Promise.allSettled([redis?.stop(), postgres?.stop()]);
		process.exit(1);
	}
	// Either service dying is reported on stderr (the parent keeps it for its failure messages).
	for (const [name, proc] of [['redis-server', redis], ['postgres', postgres]]) {
		const timer = setInterval(() => {
			if (!proc.isRunning()) {
				clearInterval(timer);
				log(`${name} exited:\n${proc.log().trim().split('\n').slice(-20).join('\n')}`);
			}
		}, 1000);
		timer.unref();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [command, dir] = process.argv.slice(2);
	if (command === 'ensure') {
		try {
			const found = ensureQueueServices();
			process.stdout.write(`${JSON.stringify({ redisServer: found.redisServer, postgres: found.pg.dir })}\n`);
		} catch (error) {
			log(error.message);
			process.exit(1);
		}
	} else if (command === 'serve' && dir) {
		void serve(path.resolve(dir));
	} else {
		process.stderr.write('usage: node scripts/queue-services.mjs ensure | serve DIR\n');
		process.exit(2);
	}
}
