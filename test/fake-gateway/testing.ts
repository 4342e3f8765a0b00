/**
 * Helpers for tests that talk to the fake gateway: a loopback webhook receiver that records the
 * raw bytes it gets, and a tiny HTTP client that never throws on error statuses.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
	method: string;
	/** Path and query as received. */
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface Receiver {
	url: string;
	received: ReceivedWebhook[];
	/** Resolves once at least `count` requests arrived (rejects after `timeoutMs`). */
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
	close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1. `respond(n, request)` picks the status of the n-th request
 * (1-based; default 200) and, for GETs, may return a body (Meta's hub.challenge handshake).
 */
export function startReceiver(respond?: (n: number, request: ReceivedWebhook) => number | { status: number; body: string }): Promise<Receiver> {
	const received: ReceivedWebhook[] = [];
	const waiters: Array<{ count: number; resolve: (r: ReceivedWebhook[]) => void }> = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (body += chunk));
		req.on('end', () => {
			const request: ReceivedWebhook = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
			received.push(request);
			const answer = respond?.(received.length, request) ?? 200;
			const { status, body: replyBody } = typeof answer === 'number' ? { status: answer, body: '' } : answer;
			res.writeHead(status, { 'Content-Type': 'text/plain' });
			res.end(replyBody);
			for (const waiter of waiters.slice()) {
				if (received.length >= waiter.count) {
					waiters.splice(waiters.indexOf(waiter), 1);
					waiter.resolve(received.slice());
				}
			}
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}`,
				received,
				waitFor(count, timeoutMs = 5000) {
					if (received.length >= count) return Promise.resolve(received.slice());
					return new Promise((res, rej) => {
						const timer = setTimeout(() => rej(new Error(`receiver got ${received.length} of ${count} requests in ${timeoutMs} ms`)), timeoutMs);
						waiters.push({
							count,
							resolve: (r) => {
								clearTimeout(timer);
								res(r);
							},
						});
					});
				},
				close: () =>
					new Promise((res) => {
						server.close(() => res());
						server.closeAllConnections();
					}),
			});
		});
	});
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON (undefined when it is not JSON). */
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One request with fetch; `body` objects are sent as JSON, strings as given. */
export async function call(
	url: string,
	options: { method?: string; body?: unknown; headers?: Record<string, string>; form?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
	const headers: Record<string, string> = { ...options.headers };
	let body: string | undefined;
	if (options.form !== undefined) {
		body = new URLSearchParams(options.form).toString();
		headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
	} else if (typeof options.body === 'string') body = options.body;
	else if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(url, {
		method: options.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body,
		signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
	});
	const text = await res.text();
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: res.status, headers: res.headers, text, json: parsed };
}

export function basic(username: string, password: string): string {
	return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}
