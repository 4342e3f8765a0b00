/**
 * The fake gateway: one loopback HTTP server (Node's `http`, no framework) whose personality is
 * chosen by path, with fault injection, a bounded request log, counters, a message store, status
 * webhooks and an introspection API under `/__fake/`. `start()` gives an in-process handle (tests);
 * scripts/fake-gateway.ts runs it standalone (demo, benchmark). See docs/fake-gateway.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Exchange, GatewayCore } from './core';
import { FAULT_HEADER, FaultGrammarError, FaultInjector, faultLabel, parseFault } from './faults';
import type { ResolvedFault } from './faults';
import { IdFactory } from './ids';
import { Inbound, InboundInputError } from './inbound';
import type { InboundResult, ReplyAllOptions, ReplyInput, TamperedStatusInput, UserPreferenceInput } from './inbound';
import { MediaStore } from './media';
import { CustomPersonality, customDeliveries, customInbound, isCustomPath } from './providers/custom';
import { handleInfobip, infobipDeliveries, infobipInbound, isInfobipPath } from './providers/infobip';
import { handleMeta, isMetaPath, metaDeliveries, metaInbound, verifyMetaSubscription } from './providers/meta';
import { handleTwilio, isTwilioPath, twilioDeliveries, twilioInbound } from './providers/twilio';
import { handleZenvia, isZenviaPath, zenviaDeliveries, zenviaInbound } from './providers/zenvia';
import { MessageStore, OptOutModel, PairRateModel, Ring, Stats, WindowModel } from './state';
import type { StatsSnapshot } from './state';
import type { FakeGatewayOptions, ProviderName, RecordedRequest, Reply, ResolvedOptions, StoredMessage, TamperMode, WebhookKind, WebhookRecord } from './types';
import { WebhookScheduler } from './webhooks';
import type { DeliveryBuilder, WebhookCounters, WebhookEvent } from './webhooks';
import { isLoopbackHost, isObject, json, parseJson, recipientDigits } from './util';

/** Credentials the gateway accepts unless others are given (also printed by the standalone starter). */
export const DEFAULT_CREDENTIALS = {
	twilio: { accountSid: 'ACa1b2c3d4e5f60718293a4b5c6d7e8f90', authToken: 'fake-twilio-auth-token' },
	meta: { token: 'fake-meta-access-token', appSecret: 'fake-meta-app-secret' },
	zenvia: { token: 'fake-zenvia-api-token' },
	infobip: { apiKey: 'fake-infobip-api-key' },
} as const;

/** Our numbers at each provider: the `To` of a reply that answers no known message (docs: "Inbound replies"). */
export const DEFAULT_NUMBERS = {
	twilio: { phoneNumber: '+15017122661', whatsappNumber: '+14155238886', messagingServiceSid: 'MGa1b2c3d4e5f60718293a4b5c6d7e8f90' },
	zenvia: { smsSender: 'fake-sms-sender', whatsappSender: '5511940028922' },
	infobip: { smsNumber: '447491163443', whatsappNumber: '447860099299' },
	custom: { inboundNumber: '5511930000001' },
} as const;

export function resolveOptions(options: FakeGatewayOptions = {}): ResolvedOptions {
	const host = options.host ?? '127.0.0.1';
	if (!isLoopbackHost(host)) throw new Error(`The fake gateway binds to loopback only; '${host}' is not a loopback address`);
	return {
		port: options.port ?? 0,
		host,
		twilio: { ...DEFAULT_CREDENTIALS.twilio, refParam: 'ref', ...DEFAULT_NUMBERS.twilio, advancedOptOut: true, ...options.twilio },
		meta: { ...DEFAULT_CREDENTIALS.meta, pairRateLimitMs: 0, ...options.meta },
		zenvia: { ...DEFAULT_CREDENTIALS.zenvia, ...DEFAULT_NUMBERS.zenvia, ...options.zenvia },
		infobip: { ...DEFAULT_CREDENTIALS.infobip, legacyErrors: false, webhookAuth: null, ...DEFAULT_NUMBERS.infobip, ...options.infobip },
		custom: { preset: 'json', auth: { mode: 'none' }, ...DEFAULT_NUMBERS.custom, ...options.custom },
		faults: { suffixTable: true, numbers: {}, default: null, retryAfterSeconds: 1, slowMs: 2000, ...options.faults },
		webhooks: { mode: 'timer', stepMs: 20, retries: 1, maxPending: 100_000, timeoutMs: 2000, allowNonLoopback: false, duplicate: false, ...options.webhooks },
		whatsappWindow: options.whatsappWindow ?? 'model',
		limits: { requestLog: 2000, webhookLog: 1000, messages: 200_000, trackedKeys: 1_000_000, ...options.limits },
		seed: options.seed ?? 'fake-gateway',
		now: options.now ?? Date.now,
	};
}

export interface RequestFilter {
	provider?: ProviderName;
	/** Digits (any formatting is reduced to digits). */
	recipient?: string;
	key?: string;
	outcome?: string;
	limit?: number;
}

export interface StatsReport extends StatsSnapshot {
	webhooks: WebhookCounters;
	messagesStored: number;
	hanging: number;
}

export class FakeGateway implements GatewayCore {
	readonly ids: IdFactory;
	readonly faults: FaultInjector;
	readonly stats: Stats;
	readonly store: MessageStore;
	readonly windows = new WindowModel();
	readonly pairRate = new PairRateModel();
	readonly optOuts = new OptOutModel();
	readonly media = new MediaStore();
	readonly webhooks: WebhookScheduler;
	private readonly inbound: Inbound;
	url = '';
	port = 0;

	private current: ResolvedOptions;
	private readonly initial: ResolvedOptions;
	private readonly log: Ring<RecordedRequest>;
	private readonly custom = new CustomPersonality();
	private readonly server: http.Server;
	private readonly hanging = new Set<http.ServerResponse>();
	private readonly delayed = new Set<NodeJS.Timeout>();
	private seq = 0;
	private challenge = 1_000_000;

	constructor(options: FakeGatewayOptions = {}) {
		this.current = resolveOptions(options);
		this.initial = this.current;
		this.ids = new IdFactory(this.current.seed);
		this.faults = new FaultInjector(() => this.current);
		this.stats = new Stats(() => this.current.limits.trackedKeys);
		this.store = new MessageStore(() => this.current.limits.messages);
		this.log = new Ring(this.current.limits.requestLog);
		const statusBuilders: Record<ProviderName, DeliveryBuilder> = {
			twilio: twilioDeliveries(this),
			meta: metaDeliveries(this),
			zenvia: zenviaDeliveries(this),
			infobip: infobipDeliveries(this),
			custom: customDeliveries(this),
		};
		this.webhooks = new WebhookScheduler(() => this.current, statusBuilders);
		this.inbound = new Inbound(
			this,
			{ twilio: twilioInbound(this), meta: metaInbound(this), zenvia: zenviaInbound(this), infobip: infobipInbound(this), custom: customInbound(this) },
			(message, status, url) => statusBuilders[message.provider]([{ provider: message.provider, url, message, status, duplicate: true }]),
		);
		this.server = http.createServer((req, res) => this.onRequest(req, res));
		this.server.keepAliveTimeout = 30_000;
	}

	options(): ResolvedOptions {
		return this.current;
	}

	now(): number {
		return this.current.now();
	}

	listen(): Promise<this> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.current.port, this.current.host, () => {
				const address = this.server.address() as AddressInfo;
				this.port = address.port;
				const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
				this.url = `http://${host}:${address.port}`;
				resolve(this);
			});
		});
	}

	/** Stops the server, ends held-back replies, drops pending webhooks. */
	close(): Promise<void> {
		this.webhooks.close();
		for (const timer of this.delayed) clearTimeout(timer);
		this.delayed.clear();
		for (const res of this.hanging) res.destroy();
		this.hanging.clear();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ---- GatewayCore -----------------------------------------------------------------------------

	fault(exchange: Exchange, provider: ProviderName, digits: string): ResolvedFault | undefined {
		const header = exchange.headers[FAULT_HEADER];
		const found = this.faults.resolve(provider, digits, Array.isArray(header) ? header[0] : header);
		if (found !== undefined && exchange.fault === undefined) exchange.fault = faultLabel(found.spec);
		return found;
	}

	accept(exchange: Exchange, message: StoredMessage, lifecycle: Array<{ steps: number; event: WebhookEvent }>): void {
		this.store.add(message);
		this.stats.countAccepted(message.provider, message.to, message.key);
		exchange.messageIds.push(message.id);
		if (lifecycle.length > 0) this.webhooks.schedule(lifecycle);
	}

	// ---- in-process accessors ------------------------------------------------------------------

	/** Base URL per provider, to put in a credential (Meta's version and phone-number id go in the path). */
	get baseUrls(): Record<ProviderName, string> {
		return { twilio: this.url, meta: this.url, zenvia: this.url, infobip: this.url, custom: `${this.url}/custom` };
	}

	requests(filter: RequestFilter = {}): RecordedRequest[] {
		const recipient = filter.recipient === undefined ? undefined : recipientDigits(filter.recipient);
		let list = this.log.toArray().filter(
			(r) =>
				(filter.provider === undefined || r.provider === filter.provider) &&
				(recipient === undefined || r.recipients.includes(recipient)) &&
				(filter.key === undefined || r.keys.includes(filter.key)) &&
				(filter.outcome === undefined || r.outcome === filter.outcome),
		);
		if (filter.limit !== undefined) list = list.slice(-filter.limit);
		return list;
	}

	/** Total requests ever received (the log keeps only the most recent `limits.requestLog`). */
	get requestCount(): number {
		return this.log.total;
	}

	statsReport(options: { perMaps?: boolean } = {}): StatsReport {
		return {
			...this.stats.snapshot({ perMaps: options.perMaps ?? true }),
			webhooks: this.webhooks.snapshot(),
			messagesStored: this.store.size,
			hanging: this.hanging.size,
		};
	}

	/** Requests and accepted messages naming this recipient (any formatting). */
	countFor(recipient: string): { requests: number; accepted: number } {
		return { ...(this.stats.perRecipient.get(recipientDigits(recipient)) ?? { requests: 0, accepted: 0 }) };
	}

	/** Requests and accepted messages carrying this correlation/idempotency key. */
	countForKey(key: string): { requests: number; accepted: number } {
		return { ...(this.stats.perKey.get(key) ?? { requests: 0, accepted: 0 }) };
	}

	messages(filter: { provider?: ProviderName; recipient?: string; key?: string } = {}): StoredMessage[] {
		const recipient = filter.recipient === undefined ? undefined : recipientDigits(filter.recipient);
		return this.store
			.all()
			.filter(
				(m) =>
					(filter.provider === undefined || m.provider === filter.provider) &&
					(recipient === undefined || m.to === recipient) &&
					(filter.key === undefined || m.key === filter.key),
			);
	}

	webhookLog(filter: { provider?: ProviderName; kind?: WebhookKind } = {}): WebhookRecord[] {
		return this.webhooks.log
			.toArray()
			.filter((w) => (filter.provider === undefined || w.provider === filter.provider) && (filter.kind === undefined || w.kind === filter.kind));
	}

	/**
	 * A debtor's reply posted as the provider's inbound webhook (signed like its status webhooks). Opens the
	 * number's WhatsApp window; a Twilio SMS that is exactly STOP (…) / START (…) opts the number out / in.
	 */
	reply(input: ReplyInput): Promise<InboundResult> {
		return this.inbound.reply(input);
	}

	/**
	 * Several replies: in order or `outOfOrder` (last first), one POST each or `batch`ed where the provider
	 * batches; `post: false` only builds and signs them (a benchmark can replay the same bytes elsewhere).
	 */
	replyAll(inputs: ReplyInput[], options: ReplyAllOptions = {}): Promise<InboundResult[]> {
		return this.inbound.replyAll(inputs, options);
	}

	/** Meta's `user_preferences` webhook: the user stopped (or resumed) marketing messages. */
	metaUserPreference(input: UserPreferenceInput): Promise<InboundResult> {
		return this.inbound.userPreference(input);
	}

	/** A forged webhook: a reply (`{provider, from, text…}`) or a status (`{messageId, status?}`), `tamper` default `signature`. */
	postTampered(input: (ReplyInput | TamperedStatusInput) & { tamper?: TamperMode }): Promise<InboundResult> {
		return this.inbound.postTampered(input);
	}

	/** Provider-level opt-outs by `provider|digits`: `out` (STOP / marketing stop) or `in` (START / resume). */
	optOutState(): Record<string, { state: 'out' | 'in'; at: number }> {
		return this.optOuts.snapshot();
	}

	flushWebhooks(): Promise<WebhookCounters> {
		return this.webhooks.flush();
	}

	webhooksIdle(): Promise<void> {
		return this.webhooks.idle();
	}

	/** Simulates an inbound WhatsApp message from this number: opens its 24-hour window. */
	openWindow(recipient: string, at = this.now()): void {
		this.windows.open(recipientDigits(recipient), at);
	}

	closeWindow(recipient: string): void {
		this.windows.close(recipientDigits(recipient));
	}

	/** Clears the log, counts, messages, bursts, windows and pending webhooks; `config` also restores the start options. */
	reset(options: { config?: boolean } = {}): void {
		if (options.config) this.current = this.initial;
		this.log.clear(this.current.limits.requestLog);
		this.stats.reset();
		this.store.clear();
		this.faults.reset();
		this.windows.clear();
		this.pairRate.clear();
		this.optOuts.clear();
		this.media.clear();
		this.webhooks.reset();
		this.custom.reset();
		this.ids.reset();
		this.seq = 0;
	}

	/** Merges a JSON patch into the running options (objects merge, everything else replaces). */
	configure(patch: FakeGatewayOptions): ResolvedOptions {
		const merged = deepMerge(this.current as unknown as Record<string, unknown>, patch as unknown as Record<string, unknown>) as unknown as ResolvedOptions;
		merged.now = this.current.now;
		if (!isLoopbackHost(merged.host)) throw new FaultGrammarError('host must stay a loopback address');
		for (const value of Object.values(merged.faults.numbers)) parseFault(value);
		if (merged.faults.default !== null && merged.faults.default !== undefined) parseFault(merged.faults.default);
		if (!['timer', 'manual', 'off'].includes(merged.webhooks.mode)) throw new FaultGrammarError(`webhooks.mode must be timer, manual or off`);
		this.current = merged;
		return merged;
	}

	/** Plays Meta's GET `hub.challenge` verification against a receiver; `ok` when it echoed the challenge. */
	verifyMetaSubscription(url: string, verifyToken: string): ReturnType<typeof verifyMetaSubscription> {
		const challenge = String(++this.challenge);
		if (!this.current.webhooks.allowNonLoopback) {
			let host = '';
			try {
				host = new URL(url).hostname;
			} catch {
				host = '';
			}
			if (!isLoopbackHost(host)) return Promise.resolve({ ok: false, status: null, body: '', challenge, error: 'refused: not a loopback URL' });
		}
		return verifyMetaSubscription(url, verifyToken, challenge, this.current.webhooks.timeoutMs);
	}

	// ---- HTTP ------------------------------------------------------------------------------------

	private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (body += chunk));
		req.on('end', () => {
			const raw = req.url ?? '/';
			const q = raw.indexOf('?');
			const path = q < 0 ? raw : raw.slice(0, q);
			const query = q < 0 ? '' : raw.slice(q + 1);
			if (path === '/__fake' || path.startsWith('/__fake/')) {
				void this.introspect(req.method ?? 'GET', path, query, body).then((reply) => send(res, reply));
				return;
			}
			this.serve(req, res, path, query, body);
		});
	}

	private serve(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string, body: string): void {
		const exchange: Exchange = {
			method: req.method ?? 'GET',
			path,
			query,
			headers: req.headers,
			body,
			provider: 'unknown',
			outcome: 'not_found',
			recipients: [],
			keys: [],
			messageIds: [],
		};
		let reply: Reply;
		try {
			if (isTwilioPath(path)) reply = handleTwilio(this, exchange);
			else if (isMetaPath(path)) reply = handleMeta(this, exchange);
			else if (isZenviaPath(path)) reply = handleZenvia(this, exchange);
			else if (isInfobipPath(path)) reply = handleInfobip(this, exchange);
			else if (isCustomPath(path)) reply = this.custom.handle(this, exchange);
			else reply = json(404, { error: `The fake gateway has no personality for ${path}`, personalities: PERSONALITY_PATHS });
		} catch (error) {
			if (error instanceof FaultGrammarError) reply = json(400, { error: `X-Fake-Fault: ${error.message}` });
			else reply = json(500, { error: `fake gateway bug: ${(error as Error).stack ?? String(error)}` });
			exchange.outcome = 'fault';
		}
		const hang = exchange.hang;
		const record: RecordedRequest = {
			seq: ++this.seq,
			at: this.now(),
			provider: exchange.provider,
			method: exchange.method,
			path,
			query,
			headers: req.headers,
			body,
			status: hang !== undefined && hang.ms === undefined ? 0 : reply.status,
			outcome: exchange.outcome,
			recipients: exchange.recipients,
			keys: exchange.keys,
			messageIds: exchange.messageIds,
		};
		if (exchange.fault !== undefined) record.fault = exchange.fault;
		this.log.push(record);
		this.stats.countRequest(record);
		if (hang === undefined) {
			send(res, reply);
			return;
		}
		record.pending = true;
		if (hang.ms === undefined) {
			// Accepted, recorded, and never answered: the client's timeout is the only way out.
			this.hanging.add(res);
			res.on('close', () => this.hanging.delete(res));
			return;
		}
		const timer = setTimeout(() => {
			this.delayed.delete(timer);
			record.pending = false;
			if (!res.destroyed) send(res, reply);
		}, hang.ms);
		this.delayed.add(timer);
	}

	private async introspect(method: string, path: string, query: string, body: string): Promise<Reply> {
		const q = new URLSearchParams(query);
		let payload: Record<string, unknown> = {};
		if (body !== '') {
			const parsed = parseJson(body);
			if (!parsed.ok || !isObject(parsed.value)) return json(400, { error: 'The body must be a JSON object' });
			payload = parsed.value;
		}
		const route = `${method} ${path.replace(/\/+$/, '')}`;
		if (method === 'GET' && path.startsWith('/__fake/media/')) return this.serveMedia(decodeURIComponent(path.slice('/__fake/media/'.length)));
		try {
			switch (route) {
				case 'GET /__fake':
				case 'GET /__fake/health':
					return json(200, { ok: true, url: this.url, personalities: PERSONALITY_PATHS });
				case 'GET /__fake/requests': {
					const filter: RequestFilter = {
						provider: (q.get('provider') ?? undefined) as ProviderName | undefined,
						recipient: q.get('recipient') ?? q.get('to') ?? undefined,
						key: q.get('key') ?? undefined,
						outcome: q.get('outcome') ?? undefined,
						limit: q.has('limit') ? Number(q.get('limit')) : undefined,
					};
					return json(200, { total: this.log.total, requests: this.requests(filter) });
				}
				case 'GET /__fake/stats':
					return json(200, this.statsReport({ perMaps: q.get('perMaps') !== '0' }));
				case 'GET /__fake/messages':
					return json(200, {
						messages: this.messages({
							provider: (q.get('provider') ?? undefined) as ProviderName | undefined,
							recipient: q.get('recipient') ?? q.get('to') ?? undefined,
							key: q.get('key') ?? undefined,
						}),
					});
				case 'POST /__fake/reset':
					this.reset({ config: payload.config === true });
					return json(200, { ok: true });
				case 'GET /__fake/config':
					return json(200, publicOptions(this.current));
				case 'POST /__fake/config':
					return json(200, publicOptions(this.configure(payload as FakeGatewayOptions)));
				case 'POST /__fake/inbound': {
					const from = typeof payload.from === 'string' ? payload.from : undefined;
					if (from === undefined) return json(400, { error: "Give the number that 'sent' the inbound message as {\"from\": \"5511…\"}" });
					if (payload.close === true) this.closeWindow(from);
					else this.openWindow(from, typeof payload.at === 'number' ? payload.at : undefined);
					return json(200, { ok: true, windows: this.windows.snapshot() });
				}
				case 'POST /__fake/webhooks/flush':
					return json(200, await this.flushWebhooks());
				case 'GET /__fake/webhooks':
					return json(200, {
						total: this.webhooks.log.total,
						counters: this.webhooks.snapshot(),
						webhooks: this.webhookLog({
							provider: (q.get('provider') ?? undefined) as ProviderName | undefined,
							kind: (q.get('kind') ?? undefined) as WebhookKind | undefined,
						}),
					});
				case 'POST /__fake/reply':
					return json(200, await this.reply(payload as unknown as ReplyInput));
				case 'POST /__fake/replies': {
					if (!Array.isArray(payload.replies)) return json(400, { error: 'Give {"replies": [{provider, from, text…}, …], "outOfOrder": false, "batch": false, "post": true}' });
					const results = await this.replyAll(payload.replies as ReplyInput[], {
						outOfOrder: payload.outOfOrder === true,
						batch: payload.batch === true,
						post: payload.post !== false,
					});
					return json(200, { results });
				}
				case 'POST /__fake/meta/user-preference':
					return json(200, await this.metaUserPreference(payload as unknown as UserPreferenceInput));
				case 'POST /__fake/tampered':
					return json(200, await this.postTampered(payload as unknown as ReplyInput));
				case 'GET /__fake/opt-outs':
					return json(200, { optOuts: this.optOutState() });
				case 'POST /__fake/meta/verify': {
					if (typeof payload.url !== 'string' || typeof payload.verifyToken !== 'string') {
						return json(400, { error: 'Give {"url": "<your webhook>", "verifyToken": "<token>"}' });
					}
					return json(200, await this.verifyMetaSubscription(payload.url, payload.verifyToken));
				}
				default:
					return json(404, { error: `Unknown introspection route ${route}`, routes: INTROSPECTION_ROUTES });
			}
		} catch (error) {
			return json(error instanceof InboundInputError || error instanceof FaultGrammarError ? 400 : 500, { error: (error as Error).message });
		}
	}

	/** `GET /__fake/media/<id>`: the bytes of a reply's media (a tiny PNG or PDF) with its MIME type. */
	private serveMedia(id: string): Reply {
		const media = this.media.get(id);
		if (media === undefined) return json(404, { error: `No media '${id}'` });
		const headers: Record<string, string> = {};
		if (media.filename !== undefined) headers['Content-Disposition'] = `inline; filename="${media.filename.replace(/"/g, '')}"`;
		return { status: 200, body: '', bytes: media.bytes, contentType: media.mime, headers };
	}
}

export const PERSONALITY_PATHS = {
	twilio: 'POST /2010-04-01/Accounts/{AccountSid}/Messages.json (GET lists, GET /Messages/{Sid}.json fetches, GET /Accounts/{Sid}.json)',
	meta: 'POST /{version}/{phoneNumberId}/messages (GET /{version}/{phoneNumberId})',
	zenvia: 'POST /v2/channels/{sms|whatsapp}/messages (GET /v2/subscriptions)',
	infobip: 'POST /sms/3/messages, POST /sms/2/text/advanced, POST /whatsapp/1/message/template, GET /sms/3/logs, GET /account/1/balance',
	custom: 'ANY /custom/* (a GET naming no recipient is a ping)',
};

export const INTROSPECTION_ROUTES = [
	'GET /__fake/health',
	'GET /__fake/requests?provider=&recipient=&key=&outcome=&limit=',
	'GET /__fake/stats?perMaps=0',
	'GET /__fake/messages?provider=&recipient=&key=',
	'POST /__fake/reset {"config": true}',
	'GET /__fake/config',
	'POST /__fake/config {…patch}',
	'POST /__fake/inbound {"from": "5511…", "close": false}',
	'POST /__fake/webhooks/flush',
	'GET /__fake/webhooks?provider=&kind=status|reply|user_preference',
	'POST /__fake/meta/verify {"url", "verifyToken"}',
	'POST /__fake/reply {provider, from, text | button {text, payload} | media {type, mime, filename, caption}, inReplyTo, channel, at, duplicate, tamper}',
	'POST /__fake/replies {"replies": […], "outOfOrder": false, "batch": false, "post": true}',
	'POST /__fake/meta/user-preference {"from", "value": "stop" | "resume"}',
	'POST /__fake/tampered {…reply | "messageId", "status"} + "tamper": "signature" | "missing" | "body"',
	'GET /__fake/media/<id>',
	'GET /__fake/opt-outs',
];

function send(res: http.ServerResponse, reply: Reply): void {
	const body = reply.bytes ?? reply.body;
	const headers: Record<string, string> = { 'Content-Type': reply.contentType, 'Content-Length': String(Buffer.byteLength(body)) };
	if (reply.headers !== undefined) Object.assign(headers, reply.headers);
	res.writeHead(reply.status, headers);
	res.end(body);
}

function publicOptions(options: ResolvedOptions): Partial<ResolvedOptions> {
	const copy: Partial<ResolvedOptions> = { ...options };
	delete copy.now;
	return copy;
}

/** Options that are one of several shapes (`{mode: …}`, `{basic}` / `{header}`): a patch replaces them whole. */
const REPLACED_WHOLE = new Set(['auth', 'signing', 'webhookAuth']);

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(patch)) {
		const previous = out[key];
		out[key] = isObject(value) && isObject(previous) && !REPLACED_WHOLE.has(key) ? deepMerge(previous, value) : value;
	}
	return out;
}

/** Starts a fake gateway on 127.0.0.1 (port 0 = any free port). */
export async function start(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
	return new FakeGateway(options).listen();
}
