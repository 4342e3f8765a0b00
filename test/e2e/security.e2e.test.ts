/**
 * Secrets and personal data, in a real n8n 2.41.1 against the fake gateway. Every credential of
 * the five providers holds a known, distinctive secret; the workflows send (with a provider
 * refusal and an HTTP 500 among the messages), dry-run, and run with wrong secrets, with and
 * without "continue on fail", with n8n's log at debug level written to a file. Then everything
 * those runs produced is scanned for each secret and its base64 and URL-encoded forms: the run
 * JSON, stderr, the n8n log file and n8n's database. Expected: zero hits. Phone masking is
 * checked in the output, in the dry-run request and in error messages.
 *
 * Templates cannot reach prototypes or run code: test/core/templates.environment.test.ts and
 * templates.renderer.test.ts; HTML escaping in e-mails: the corpus row RC-27 (node and e2e).
 */
import fs from 'node:fs';
import path from 'node:path';

import { type FakeGateway, start } from '../fake-gateway';
import { N8nHome, type RunResult, chainWorkflow, nodeType, parseRun } from './harness';
import { openSharedHome } from './shared-home';

jest.setTimeout(300_000);

const SECRETS = {
	twilio: 'SECRET-twilio-7f3a9c2e41b8d605',
	meta: 'SECRET-meta-4b1e8d7a90c3f256',
	zenvia: 'SECRET-zenvia-2c6f0a9d8e7b1435',
	infobip: 'SECRET-infobip-9d3b7e1f5a2c8064',
	generic: 'SECRET-httpgw-5e8a1c3f7b9d2046',
} as const;
/** What the "bad token" credentials hold: wrong, but secrets all the same. */
const WRONG = {
	twilio: 'SECRET-wrong-twilio-0a1b2c3d4e5f',
	meta: 'SECRET-wrong-meta-6a7b8c9d0e1f',
	zenvia: 'SECRET-wrong-zenvia-2a3b4c5d6e7f',
	infobip: 'SECRET-wrong-infobip-8a9b0c1d2e3f',
	generic: 'SECRET-wrong-httpgw-4a5b6c7d8e9f',
} as const;
const ACCOUNT_SID = 'AC5ec0ffee5ec0ffee5ec0ffee5ec0ffee';
type Provider = keyof typeof SECRETS;
const PROVIDERS: Provider[] = ['twilio', 'meta', 'zenvia', 'infobip', 'generic'];
const TYPES: Record<Provider, string> = {
	twilio: 'dunningTwilioApi',
	meta: 'dunningWhatsAppCloudApi',
	zenvia: 'dunningZenviaApi',
	infobip: 'dunningInfobipApi',
	generic: 'dunningHttpGatewayApi',
};

/** The phones of the rows: a good one, one the provider refuses, one that gets an HTTP 500. */
const PHONES = ['+5511987650001', '+5511900001211', '+5511900000500'];

let home: N8nHome;
let gateway: FakeGateway;
let logFile: string;
const runs: RunResult[] = [];

function credentials(set: Record<Provider, string>, suffix: string): object[] {
	const baseUrl = gateway.url;
	const data: Record<Provider, object> = {
		twilio: { baseUrl, accountSid: ACCOUNT_SID, authType: 'authToken', authToken: set.twilio, from: '+15017122661', whatsappFrom: '+14155238886' },
		meta: { baseUrl, accessToken: set.meta, phoneNumberId: '106540352242922', apiVersion: 'v23.0' },
		zenvia: { baseUrl, apiToken: set.zenvia, smsFrom: 'provedor-net', whatsappFrom: '5511999990000' },
		infobip: { baseUrl, apiKey: set.infobip, smsSender: 'ProvedorNet', whatsappSender: '5511999990001' },
		// The key in the query string: the riskiest place for a secret (URLs end up in error messages).
		generic: { baseUrl: `${baseUrl}/custom`, authMode: 'query', keyName: 'api_key', token: set.generic, from: 'PROVEDOR', testPath: '/' },
	};
	return PROVIDERS.map((p) => ({ id: `sec${p}${suffix}`.slice(0, 16).padEnd(16, '0'), name: `Security ${p} ${suffix}`, type: TYPES[p], data: data[p] }));
}

function credentialRef(provider: Provider, suffix: string): Record<string, { id: string; name: string }> {
	return { [TYPES[provider]]: { id: `sec${provider}${suffix}`.slice(0, 16).padEnd(16, '0'), name: `Security ${provider} ${suffix}` } };
}

const rows = () =>
	PHONES.map((phone, i) => ({
		invoiceId: `SEC-${i}`,
		customerId: `C-${i}`,
		phone,
		country: 'BR',
		dunning: { stage: 'overdue_3d' },
		message: { channel: 'sms', text: 'Sua fatura venceu. Pague pelo link.' },
		waMessage: { channel: 'whatsapp', text: 'Olá Maria', template: {
				name: 'dunning_overdue_3d_friendly',
				language: 'pt_BR',
				// The five body parameters the built-in template was approved with (the Send node checks the shape).
				parameters: ['Maria', 'R$ 120,00', '20/11/2026', 'Pague pelo link: https://pay.example.com/i/sec', 'Provedor Net Ltda'],
			},
		},
	}));

/** Start → Rows → one Send node per provider, side by side. */
function importWorkflow(id: string, suffix: string, extra: Record<string, unknown>, onError?: 'continueRegularOutput'): void {
	const sends = PROVIDERS.map((provider) => ({
		name: `Send ${provider}`,
		type: nodeType('sendViaGateway'),
		typeVersion: 1,
		parameters: {
			provider,
			contactHours: 'off',
			// One workflow static data holds one ledger for every Send node: a key per provider, so that each sends.
			idempotencyKey: `={{ $json.invoiceId }}:${provider}`,
			policy: { messagesPerSecond: 0, maxConcurrentRequests: 1, retryDelaySeconds: 0.05 },
			...(provider === 'meta' ? { messageField: 'waMessage' } : {}),
			...(provider === 'generic'
				? {
						path: '/sms',
						bodyTemplate: '{"to":"{{to_digits}}","text":"{{text}}","client_ref":"{{idempotency_key}}"}',
						successPath: 'status',
						successValues: 'ok',
						messageIdPath: 'id',
					}
				: {}),
			...extra,
			options: { timeout: 3000, statusCallbackUrl: 'http://127.0.0.1:9/status', ...((extra.options as object) ?? {}) },
		},
		credentials: credentialRef(provider, suffix),
		...(onError ? { onError } : {}),
	}));
	const workflow = chainWorkflow(id, rows(), sends) as { connections: Record<string, unknown> };
	for (const send of sends) delete workflow.connections[send.name];
	workflow.connections.Rows = { main: [sends.map((s) => ({ node: s.name, type: 'main', index: 0 }))] };
	home.importWorkflows([workflow]);
}

/**
 * Runs at n8n's most talkative log level, to the console and to a file. In JSON log format the
 * run's own JSON is the message of one log line: that line is parsed as the run.
 */
async function execute(id: string): Promise<RunResult> {
	const raw = await home.execute(id, {
		env: { N8N_LOG_LEVEL: 'debug', N8N_LOG_FORMAT: 'json', N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: logFile },
	});
	let run = raw;
	for (const line of fs.readFileSync(raw.stdoutFile, 'utf8').split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const entry = JSON.parse(line) as { message?: unknown };
			if (typeof entry.message === 'string' && entry.message.startsWith('{') && entry.message.includes('"resultData"')) {
				run = parseRun(entry.message, raw.exitCode, raw.stdoutFile, raw.stderr);
				break;
			}
		} catch {
			// Not a log line.
		}
	}
	runs.push(run);
	return run;
}

/** The secret as it would look base64-encoded inside a longer value, at each of the three alignments. */
function base64Forms(secret: string): string[] {
	const forms: string[] = [];
	for (let k = 0; k < 3; k++) {
		const encoded = Buffer.from('\0'.repeat(k) + secret).toString('base64');
		forms.push(encoded.slice(4 * Math.ceil(k / 3), encoded.length - 4));
	}
	return forms;
}

function forms(secret: string): Array<[string, string]> {
	const out: Array<[string, string]> = [
		['plain', secret],
		['url-encoded', encodeURIComponent(secret)],
	];
	for (const b of base64Forms(secret)) out.push(['base64', b]);
	out.push(['base64url', Buffer.from(secret).toString('base64url').slice(0, -4)]);
	return out;
}

function delivery(run: RunResult, provider: Provider): Array<Record<string, unknown>> {
	return (run.nodes[`Send ${provider}`]?.outputs ?? []).flat().map((i) => i.json.delivery as Record<string, unknown>);
}

beforeAll(async () => {
	gateway = await start({
		twilio: { accountSid: ACCOUNT_SID, authToken: SECRETS.twilio },
		meta: { token: SECRETS.meta },
		zenvia: { token: SECRETS.zenvia },
		infobip: { apiKey: SECRETS.infobip },
		custom: { auth: { mode: 'query', name: 'api_key', value: SECRETS.generic } },
		webhooks: { mode: 'off' },
	});
	home = await openSharedHome();
	logFile = path.join(home.dir, 'logs', `security-${Date.now()}.log`);
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	home.importCredentials([...credentials(SECRETS, 'ok'), ...credentials(WRONG, 'bad')]);
});

afterAll(async () => {
	await gateway?.close();
});

describe('no secret in anything the runs produce', () => {
	it('a send with every provider: sent, refused and unknown outcomes', async () => {
		importWorkflow('e2eSecSend', 'ok', {});
		const run = await execute('e2eSecSend');
		expect(run.error).toBeUndefined();
		for (const provider of PROVIDERS) {
			const statuses = delivery(run, provider).map((d) => d.status);
			expect([provider, statuses[0]]).toEqual([provider, 'sent']);
			expect(statuses).toHaveLength(PHONES.length);
		}
		// The gateway really got each secret (so a leak would have had something to leak).
		expect(gateway.statsReport().byOutcome.auth_failed ?? 0).toBe(0);
	});

	it('a dry run with every provider: the exact requests, secrets removed', async () => {
		importWorkflow('e2eSecDry', 'ok', { options: { dryRun: true } });
		const before = gateway.requestCount;
		const run = await execute('e2eSecDry');
		expect(run.error).toBeUndefined();
		expect(gateway.requestCount).toBe(before);
		for (const provider of PROVIDERS) {
			const requests = delivery(run, provider).map((d) => d.request);
			expect(requests).toHaveLength(PHONES.length);
			for (const request of requests) expect(request).toEqual(expect.objectContaining({ url: expect.any(String) }));
		}
	});

	it('wrong secrets with "continue on fail": every message fails with reason auth', async () => {
		importWorkflow('e2eSecBadCof', 'bad', {}, 'continueRegularOutput');
		const run = await execute('e2eSecBadCof');
		expect(run.error).toBeUndefined();
		for (const provider of PROVIDERS) {
			const reasons = delivery(run, provider).map((d) => d.reason);
			expect([provider, reasons[0]]).toEqual([provider, 'auth']);
		}
	});

	it('a wrong secret without "continue on fail": the run stops naming the credential', async () => {
		importWorkflow('e2eSecBadStop', 'bad', {});
		const run = await execute('e2eSecBadStop');
		expect(run.exitCode).not.toBe(0);
		expect(run.error?.message).toMatch(/refused the request with credential "Security \w+ bad"/);
	});

	it('masked phone numbers: in the output, in the dry-run request and in error messages', async () => {
		importWorkflow('e2eSecMask', 'ok', { options: { maskPhones: true } });
		importWorkflow('e2eSecMaskDry', 'ok', { options: { maskPhones: true, dryRun: true } });
		importWorkflow('e2eSecMaskBad', 'bad', { options: { maskPhones: true } }, 'continueRegularOutput');
		const digits = PHONES.map((p) => p.slice(1));
		const nationals = digits.map((d) => d.slice(2));
		let deliveries = 0;
		for (const id of ['e2eSecMask', 'e2eSecMaskDry', 'e2eSecMaskBad']) {
			const run = await execute(id);
			expect(run.error).toBeUndefined();
			for (const provider of PROVIDERS) {
				for (const d of delivery(run, provider)) {
					deliveries++;
					const text = JSON.stringify(d);
					for (const number of [...digits, ...nationals]) expect([id, provider, number, text.includes(number)]).toEqual([id, provider, number, false]);
					expect(String(d.to)).toMatch(/^\+?\d{2,4}\*+\d{2,4}$/);
				}
			}
		}
		expect(deliveries).toBe(3 * PROVIDERS.length * PHONES.length);
	});

	it('scans the run JSON, stderr, the debug log and the database: zero hits for every secret in every form', () => {
		const sources: Array<{ name: string; text: string }> = [];
		for (const run of runs) {
			sources.push({ name: path.basename(run.stdoutFile), text: fs.readFileSync(run.stdoutFile, 'latin1') });
			sources.push({ name: `${path.basename(run.stdoutFile)} stderr`, text: run.stderr });
		}
		expect(fs.existsSync(logFile)).toBe(true);
		sources.push({ name: 'n8n log', text: fs.readFileSync(logFile, 'latin1') });
		const n8nDir = path.join(home.dir, '.n8n');
		for (const file of fs.readdirSync(n8nDir).filter((f) => f.startsWith('database.sqlite'))) {
			sources.push({ name: file, text: fs.readFileSync(path.join(n8nDir, file), 'latin1') });
		}
		// The runs really produced something to scan: every provider's outcome is in the run JSON.
		expect(runs).toHaveLength(7);
		expect(sources.find((s) => s.name === 'n8n log')?.text.length).toBeGreaterThan(1000);
		const hits: string[] = [];
		for (const secret of [...Object.values(SECRETS), ...Object.values(WRONG)]) {
			for (const [form, needle] of forms(secret)) {
				for (const source of sources) if (source.text.includes(needle)) hits.push(`${secret} (${form}) in ${source.name}`);
			}
		}
		// Twilio's Basic header, whole: base64 of "AccountSid:AuthToken".
		for (const token of [SECRETS.twilio, WRONG.twilio]) {
			const basic = Buffer.from(`${ACCOUNT_SID}:${token}`).toString('base64');
			for (const source of sources) if (source.text.includes(basic)) hits.push(`Basic header in ${source.name}`);
		}
		expect(hits).toEqual([]);
		// The scan does find a secret where one is: the credentials file the test gave n8n to import.
		const imported = fs.readdirSync(home.dir).filter((f) => f.startsWith('credentials-'));
		expect(imported.some((f) => fs.readFileSync(path.join(home.dir, f), 'latin1').includes(SECRETS.twilio))).toBe(true);
		console.log(`security: scanned ${sources.length} files (${Math.round(sources.reduce((n, s) => n + s.text.length, 0) / 1024)} KB) for ${Object.keys(SECRETS).length * 2} secrets in ${forms(SECRETS.twilio).length} forms each: 0 hits`);
	});
});
