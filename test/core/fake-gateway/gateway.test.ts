import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

import { DEFAULT_CREDENTIALS, start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { basic, call, startReceiver } from '../../fake-gateway/testing';

const { accountSid, authToken } = DEFAULT_CREDENTIALS.twilio;
const twilioAuth = { Authorization: basic(accountSid, authToken) };
const zenviaAuth = { 'X-API-TOKEN': DEFAULT_CREDENTIALS.zenvia.token };

describe('introspection API over HTTP', () => {
	let gw: FakeGateway;

	beforeAll(async () => {
		gw = await start({ webhooks: { mode: 'manual' } });
	});
	afterAll(() => gw.close());
	beforeEach(() => gw.reset({ config: true }));

	const sendZenvia = (to: string, externalId: string, headers: Record<string, string> = {}) =>
		call(`${gw.url}/v2/channels/sms/messages`, { body: { from: 'conta', to, externalId, contents: [{ type: 'text', text: 'x' }] }, headers: { ...zenviaAuth, ...headers } });

	it('binds to 127.0.0.1 on a free port and answers /__fake/health', async () => {
		expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(gw.port).toBeGreaterThan(0);
		const health = await call(`${gw.url}/__fake/health`);
		expect(health.json).toMatchObject({ ok: true, url: gw.url });
		expect(health.json.personalities.twilio).toContain('/2010-04-01/Accounts/');
	});

	it('refuses to bind to a non-loopback address', async () => {
		await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
	});

	it('/__fake/requests lists what was received, filtered by provider, recipient and key', async () => {
		await sendZenvia('5511987654321', 'k-1');
		await sendZenvia('5521987654321', 'k-2');
		await call(`${gw.url}/sms/3/messages`, { body: { messages: [] }, headers: { Authorization: 'App wrong' } });
		const all = await call(`${gw.url}/__fake/requests`);
		expect(all.json.total).toBe(3);
		expect(all.json.requests.map((r: { provider: string }) => r.provider)).toEqual(['zenvia', 'zenvia', 'infobip']);
		const one = await call(`${gw.url}/__fake/requests?recipient=%2B55%2021%2098765-4321`);
		expect(one.json.requests).toHaveLength(1);
		expect(JSON.parse(one.json.requests[0].body).externalId).toBe('k-2');
		expect(one.json.requests[0].headers['x-api-token']).toBe(DEFAULT_CREDENTIALS.zenvia.token);
		expect((await call(`${gw.url}/__fake/requests?key=k-1`)).json.requests).toHaveLength(1);
		expect((await call(`${gw.url}/__fake/requests?outcome=auth_failed`)).json.requests[0].provider).toBe('infobip');
	});

	it('/__fake/stats counts per recipient and per correlation key, and lists double sends', async () => {
		await sendZenvia('5511987654321', 'k-1');
		await sendZenvia('5511987654321', 'k-1');
		await sendZenvia('5511900000429', 'k-2');
		const stats = (await call(`${gw.url}/__fake/stats`)).json;
		expect(stats.requests).toBe(3);
		expect(stats.messagesAccepted).toBe(2);
		expect(stats.perRecipient).toEqual({ '5511987654321': { requests: 2, accepted: 2 }, '5511900000429': { requests: 1, accepted: 0 } });
		expect(stats.perKey).toEqual({ 'k-1': { requests: 2, accepted: 2 }, 'k-2': { requests: 1, accepted: 0 } });
		expect(stats.duplicateKeys).toEqual(['k-1']);
		expect(stats.byStatus).toEqual({ '200': 2, '429': 1 });
		expect(stats.faults).toEqual({ rate_limit: 1 });
		const compact = (await call(`${gw.url}/__fake/stats?perMaps=0`)).json;
		expect(compact.perRecipient).toEqual({});
		expect(compact.duplicateKeys).toEqual(['k-1']);
	});

	it('/__fake/messages lists accepted messages; /__fake/reset clears everything', async () => {
		await sendZenvia('5511987654321', 'k-1');
		expect((await call(`${gw.url}/__fake/messages?key=k-1`)).json.messages[0]).toMatchObject({ provider: 'zenvia', to: '5511987654321', key: 'k-1' });
		await call(`${gw.url}/__fake/reset`, { method: 'POST' });
		expect((await call(`${gw.url}/__fake/stats`)).json.requests).toBe(0);
		expect((await call(`${gw.url}/__fake/messages`)).json.messages).toEqual([]);
		expect((await call(`${gw.url}/__fake/requests`)).json.total).toBe(0);
	});

	it('/__fake/config sets faults at runtime: per number, default, with bursts; bad faults are refused', async () => {
		const set = await call(`${gw.url}/__fake/config`, { body: { faults: { numbers: { '5511987654321': '503;burst=1' } } } });
		expect(set.status).toBe(200);
		expect(set.json.faults.numbers).toEqual({ '5511987654321': '503;burst=1' });
		expect((await sendZenvia('5511987654321', 'a')).status).toBe(503);
		expect((await sendZenvia('5511987654321', 'a')).status).toBe(200);
		await call(`${gw.url}/__fake/config`, { body: { faults: { default: 'rate_limit' } } });
		expect((await sendZenvia('5521987654321', 'b')).status).toBe(429);
		const bad = await call(`${gw.url}/__fake/config`, { body: { faults: { default: 'teapot' } } });
		expect(bad.status).toBe(400);
		expect(bad.json.error).toMatch(/Unknown fault/);
		await call(`${gw.url}/__fake/config`, { body: { faults: { suffixTable: false, default: null } } });
		expect((await sendZenvia('5511900000429', 'c')).status).toBe(200);
		await call(`${gw.url}/__fake/reset`, { body: { config: true } });
		expect((await call(`${gw.url}/__fake/config`)).json.faults).toMatchObject({ suffixTable: true, default: null, numbers: {} });
	});

	it('/__fake/inbound opens the WhatsApp window; /__fake/webhooks/flush and /__fake/webhooks report deliveries', async () => {
		const receiver = await startReceiver();
		try {
			await call(`${gw.url}/__fake/config`, { body: { zenvia: { callbackUrl: `${receiver.url}/z` } } });
			const inbound = await call(`${gw.url}/__fake/inbound`, { body: { from: '+55 11 98765-4321' } });
			expect(Object.keys(inbound.json.windows)).toEqual(['5511987654321']);
			await call(`${gw.url}/v2/channels/whatsapp/messages`, { body: { from: 'x', to: '5511987654321', contents: [{ type: 'text', text: 'oi' }] }, headers: zenviaAuth });
			const flushed = await call(`${gw.url}/__fake/webhooks/flush`, { method: 'POST' });
			expect(flushed.json).toMatchObject({ delivered: 3, pending: 0 });
			const codes = receiver.received.map((r) => JSON.parse(r.body).messageStatus.code);
			expect(codes).toEqual(['SENT', 'DELIVERED', 'READ']);
			const log = await call(`${gw.url}/__fake/webhooks?provider=zenvia`);
			expect(log.json.webhooks.map((w: { status: number }) => w.status)).toEqual([200, 200, 200]);
		} finally {
			await receiver.close();
		}
	});

	it('never calls a callback that is not on loopback', async () => {
		await call(`${gw.url}/__fake/config`, { body: { webhooks: { retries: 3 } } });
		await call(`${gw.url}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
			form: { To: '+5511987654321', From: '+15005550006', Body: 'x', StatusCallback: 'http://callback.invalid/status' },
			headers: twilioAuth,
		});
		const counters = await gw.flushWebhooks();
		expect(counters).toMatchObject({ delivered: 0, failed: 2, retried: 0 });
		expect(gw.webhookLog()[0].error).toMatch(/not on loopback/);
	});

	it('the hang burst (…00002100) is the double-send trap: the first try is accepted without a reply, the retry is accepted too', async () => {
		const first = call(`${gw.url}/v2/channels/sms/messages`, {
			body: { from: 'c', to: '5511900002100', externalId: 'inv-77', contents: [{ type: 'text', text: 'x' }] },
			headers: zenviaAuth,
			timeoutMs: 200,
		});
		await expect(first).rejects.toThrow();
		const retry = await sendZenvia('5511900002100', 'inv-77');
		expect(retry.status).toBe(200);
		expect(gw.countForKey('inv-77')).toEqual({ requests: 2, accepted: 2 });
		expect((await call(`${gw.url}/__fake/stats?perMaps=0`)).json.duplicateKeys).toEqual(['inv-77']);
	});

	it('answers the requests the credentials use as their test, and refuses wrong secrets there too', async () => {
		const twilio = await call(`${gw.url}/2010-04-01/Accounts/${accountSid}.json`, { headers: twilioAuth });
		expect([twilio.status, twilio.json.sid, twilio.json.status]).toEqual([200, accountSid, 'active']);
		expect((await call(`${gw.url}/2010-04-01/Accounts/${accountSid}.json`, { headers: { Authorization: basic(accountSid, 'x') } })).status).toBe(401);
		const meta = await call(`${gw.url}/v23.0/106540352242922`, { headers: { Authorization: `Bearer ${DEFAULT_CREDENTIALS.meta.token}` } });
		expect([meta.status, meta.json.id, meta.json.platform_type]).toEqual([200, '106540352242922', 'CLOUD_API']);
		expect((await call(`${gw.url}/v23.0/106540352242922`, { headers: { Authorization: 'Bearer x' } })).json.error.code).toBe(190);
		const zenvia = await call(`${gw.url}/v2/subscriptions`, { headers: zenviaAuth });
		expect([zenvia.status, zenvia.json]).toEqual([200, []]);
		expect((await call(`${gw.url}/v2/subscriptions`, { headers: { 'X-API-TOKEN': 'x' } })).status).toBe(401);
		const infobip = await call(`${gw.url}/account/1/balance`, { headers: { Authorization: `App ${DEFAULT_CREDENTIALS.infobip.apiKey}` } });
		expect([infobip.status, infobip.json.currency]).toEqual([200, 'EUR']);
		expect((await call(`${gw.url}/account/1/balance`, { headers: { Authorization: 'App x' } })).json.errorCode).toBe('E401');
		const custom = await call(`${gw.url}/custom/`);
		expect([custom.status, custom.json.status]).toEqual([200, 'ok']);
		expect(gw.messages()).toHaveLength(0);
	});

	it('answers unknown paths and routes with 404 and the list of what exists', async () => {
		const unknown = await call(`${gw.url}/nothing/here`, { method: 'POST', body: {} });
		expect(unknown.status).toBe(404);
		expect(unknown.json.personalities.meta).toContain('/messages');
		const route = await call(`${gw.url}/__fake/nope`);
		expect(route.status).toBe(404);
		expect(route.json.routes).toContain('GET /__fake/stats?perMaps=0');
	});

	it('keeps the request log bounded while the counters keep counting', async () => {
		const small = await start({ limits: { requestLog: 5 } });
		try {
			for (let i = 0; i < 12; i++) {
				await call(`${small.url}/v2/channels/sms/messages`, {
					body: { from: 'c', to: `55119876543${String(i).padStart(2, '0')}`, contents: [{ type: 'text', text: 'x' }] },
					headers: zenviaAuth,
				});
			}
			expect(small.requests()).toHaveLength(5);
			expect(small.requests()[0].seq).toBe(8);
			expect(small.requestCount).toBe(12);
			expect(small.statsReport().requests).toBe(12);
		} finally {
			await small.close();
		}
	});
});

describe('status webhooks on timers', () => {
	it('delivers the lifecycle by itself, one step apart, and idles when done', async () => {
		const receiver = await startReceiver();
		const gw = await start({ webhooks: { mode: 'timer', stepMs: 5 } });
		try {
			await call(`${gw.url}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
				form: { To: '+5511987654321', From: '+15005550006', Body: 'x', StatusCallback: `${receiver.url}/t?ref=r1` },
				headers: twilioAuth,
			});
			const received = await receiver.waitFor(2);
			expect(received.map((r) => new URLSearchParams(r.body).get('MessageStatus'))).toEqual(['sent', 'delivered']);
			await gw.webhooksIdle();
			expect(gw.statsReport().webhooks).toMatchObject({ scheduled: 2, delivered: 2, pending: 0 });
		} finally {
			await gw.close();
			await receiver.close();
		}
	});

	it('drops events beyond webhooks.maxPending and says so', async () => {
		const gw = await start({ webhooks: { mode: 'manual', maxPending: 3 }, zenvia: { callbackUrl: 'http://127.0.0.1:9/z' } });
		try {
			for (const to of ['5511987654321', '5521987654321']) {
				await call(`${gw.url}/v2/channels/sms/messages`, { body: { from: 'c', to, contents: [{ type: 'text', text: 'x' }] }, headers: zenviaAuth });
			}
			expect(gw.statsReport().webhooks).toMatchObject({ scheduled: 3, dropped: 1, pending: 3 });
		} finally {
			await gw.close();
		}
	});
});

describe('close()', () => {
	it('ends held-back (hanging) replies and frees the port', async () => {
		const gw = await start();
		const pending = call(`${gw.url}/v2/channels/sms/messages`, {
			body: { from: 'c', to: '5511900000900', contents: [{ type: 'text', text: 'x' }] },
			headers: zenviaAuth,
		});
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(gw.statsReport().hanging).toBe(1);
		expect(gw.countFor('5511900000900')).toEqual({ requests: 1, accepted: 1 });
		await gw.close();
		await expect(pending).rejects.toThrow();
	});
});

describe('throughput (loopback, keep-alive)', () => {
	it('accepts thousands of requests with the request log and counters consistent', async () => {
		const gw = await start();
		const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
		const total = 4000;
		const body = JSON.stringify({ from: 'c', to: '5511987654321', contents: [{ type: 'text', text: 'Olá, sua fatura venceu' }] });
		const one = (i: number) =>
			new Promise<number>((resolve, reject) => {
				const req = http.request(
					`${gw.url}/v2/channels/sms/messages`,
					{ method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'X-API-TOKEN': DEFAULT_CREDENTIALS.zenvia.token, 'Content-Length': Buffer.byteLength(body) } },
					(res) => {
						res.resume();
						res.on('end', () => resolve(res.statusCode ?? 0));
					},
				);
				req.on('error', reject);
				req.end(i >= 0 ? body : '');
			});
		try {
			const started = process.hrtime.bigint();
			const statuses: number[] = [];
			let next = 0;
			await Promise.all(
				Array.from({ length: 32 }, async () => {
					while (next < total) statuses.push(await one(next++));
				}),
			);
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			console.log(`fake gateway: ${total} Zenvia sends in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} req/s (client and server in one process)`);
			expect(statuses.filter((s) => s === 200)).toHaveLength(total);
			expect(gw.statsReport({ perMaps: false })).toMatchObject({ requests: total, messagesAccepted: total });
			expect(gw.countFor('5511987654321')).toEqual({ requests: total, accepted: total });
		} finally {
			agent.destroy();
			await gw.close();
		}
		// A time limit for a loaded machine (4,000 requests), not a measure: nothing here is timed.
	}, 60_000);
});

describe('standalone starter scripts/fake-gateway.ts', () => {
	it('prints the bound URL as the first stdout line, serves, and stops on SIGTERM', async () => {
		const root = path.resolve(__dirname, '..', '..', '..');
		const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/fake-gateway.ts', '--option', 'twilio.inboundUrl=http://127.0.0.1:9/in', '--port', '0', '--quiet', '--duration', '60', '--option', 'webhooks.duplicate=true'], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const url = await new Promise<string>((resolve, reject) => {
				const lines = readline.createInterface({ input: child.stdout });
				lines.once('line', resolve);
				child.once('exit', (code) => reject(new Error(`starter exited with ${code}`)));
			});
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const res = await call(`${url}/2010-04-01/Accounts/${accountSid}/Messages.json`, { form: { To: '+5511987654321', From: '+15005550006', Body: 'x' }, headers: twilioAuth });
			expect(res.status).toBe(201);
			expect((await call(`${url}/__fake/stats`)).json.requests).toBe(1);
			const config = (await call(`${url}/__fake/config`)).json;
			expect([config.twilio.inboundUrl, config.webhooks.duplicate, config.twilio.authToken]).toEqual(['http://127.0.0.1:9/in', true, authToken]);
		} finally {
			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 30_000);
});
