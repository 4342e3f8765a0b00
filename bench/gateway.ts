/** The fake gateway as its own process (scripts/fake-gateway.ts), so that it does not share the benchmark's event loop. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { REPO_ROOT } from '../test/e2e/harness';

export interface GatewayProcess {
	url: string;
	pid: number;
	/** A request to the gateway's own /__fake routes; the JSON it answers. */
	call(method: string, route: string, body?: unknown): Promise<Record<string, unknown>>;
	stats(): Promise<{ requests: number; accepted: number; messagesAccepted: number }>;
	/** When the gateway answered each of its last requests (ms; the log keeps the last 2,000). */
	arrivals(): Promise<number[]>;
	reset(): Promise<void>;
	stop(): Promise<void>;
}

/** `options`: more command-line arguments for scripts/fake-gateway.ts (e.g. `--option limits.messages=1000`). */
export async function startGateway(options: string[] = []): Promise<GatewayProcess> {
	const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
	const child: ChildProcess = spawn(tsx, ['scripts/fake-gateway.ts', '--port', '0', '--webhooks', 'off', '--quiet', '--stdin', ...options], {
		cwd: REPO_ROOT,
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error('the fake gateway did not print its URL within 30 s')), 30_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const line = out.split('\n')[0];
			if (out.includes('\n')) {
				clearTimeout(timer);
				resolve(line.trim());
			}
		});
		child.on('exit', (code) => reject(new Error(`the fake gateway exited (${code})`)));
	});
	const call = async (method: string, route: string, body?: unknown) => {
		const response = await fetch(`${url}${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return (await response.json()) as Record<string, unknown>;
	};
	return {
		url,
		pid: child.pid as number,
		call,
		stats: async () => (await call('GET', '/__fake/stats?perMaps=0')) as { requests: number; accepted: number; messagesAccepted: number },
		arrivals: async () => ((await call('GET', '/__fake/requests')).requests as Array<{ at: number }>).map((r) => r.at),
		reset: async () => {
			await call('POST', '/__fake/reset', {});
		},
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.stdin?.end();
				setTimeout(() => child.kill('SIGTERM'), 5_000).unref();
			}),
	};
}
