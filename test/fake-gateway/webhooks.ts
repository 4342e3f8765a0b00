/**
 * The lifecycle scheduler: after a message is accepted, its status events are queued a whole number
 * of steps ahead; each step's events are turned into provider-shaped POSTs (batched where the
 * provider batches) and delivered one after another, in insertion order. Deterministic (no random
 * delays) and bounded (`webhooks.maxPending`). `manual` mode delivers only on `flush()`.
 */
import http from 'node:http';

import type { ProviderName, ResolvedOptions, StoredMessage, TamperMode, WebhookKind, WebhookRecord } from './types';
import { isLoopbackHost } from './util';
import { Ring } from './state';

export interface WebhookEvent {
	provider: ProviderName;
	url: string;
	message: StoredMessage;
	/** Provider vocabulary: `sent`, `delivered`, `DELIVERED`, `DELIVERED_TO_HANDSET`… */
	status: string;
	/** Whether this status is a deliberate duplicate (at-least-once delivery). */
	duplicate?: boolean;
}

export interface Delivery {
	provider: ProviderName;
	/** `status` when absent. */
	kind?: WebhookKind;
	url: string;
	headers: Record<string, string>;
	body: string;
	messageIds: string[];
	/**
	 * The authentication headers of a body (signature, Basic, secret header), computed with the right
	 * credential or, `wrong`, with a wrong one: what `tamper()` needs to forge this delivery.
	 */
	sign?: (body: string, wrong: boolean) => Record<string, string>;
	/** Post the same bytes a second time right after the first (an at-least-once retry). */
	duplicate?: boolean;
	/** A forged delivery: logged as such, never retried nor duplicated. */
	tampered?: TamperMode;
}

/** Turns one step's events of one provider into the POSTs that provider would make. */
export type DeliveryBuilder = (events: WebhookEvent[]) => Delivery[];

type Item = { kind: 'event'; event: WebhookEvent } | { kind: 'retry'; delivery: Delivery; attempt: number };

export interface WebhookCounters {
	scheduled: number;
	delivered: number;
	failed: number;
	retried: number;
	dropped: number;
	/** Replies and preference changes posted (first attempts). */
	inbound: number;
	/** Second deliveries of the same bytes. */
	duplicates: number;
	pending: number;
}

export class WebhookScheduler {
	private readonly buckets = new Map<number, Item[]>();
	private tick = 0;
	private pendingItems = 0;
	private timer: NodeJS.Timeout | undefined;
	private chain: Promise<void> = Promise.resolve();
	private processing = false;
	private closed = false;
	private seq = 0;
	private idleWaiters: Array<() => void> = [];
	private inFlight = 0;
	readonly log: Ring<WebhookRecord>;
	readonly counters = { scheduled: 0, delivered: 0, failed: 0, retried: 0, dropped: 0, inbound: 0, duplicates: 0 };

	constructor(
		private readonly options: () => ResolvedOptions,
		private readonly builders: Record<ProviderName, DeliveryBuilder>,
	) {
		this.log = new Ring(options().limits.webhookLog);
	}

	snapshot(): WebhookCounters {
		return { ...this.counters, pending: this.pendingItems };
	}

	/** Queues the events of one message, `steps[i]` steps from now (1 = next step). */
	schedule(events: Array<{ steps: number; event: WebhookEvent }>): void {
		const { mode, maxPending } = this.options().webhooks;
		if (mode === 'off' || this.closed) return;
		for (const { steps, event } of events) {
			if (this.pendingItems >= maxPending) {
				this.counters.dropped++;
				continue;
			}
			this.add(this.tick + Math.max(1, steps), { kind: 'event', event });
			this.counters.scheduled++;
		}
		this.arm();
	}

	private add(at: number, item: Item): void {
		let bucket = this.buckets.get(at);
		if (bucket === undefined) {
			bucket = [];
			this.buckets.set(at, bucket);
		}
		bucket.push(item);
		this.pendingItems++;
	}

	private arm(): void {
		const { mode, stepMs } = this.options().webhooks;
		if (mode !== 'timer' || this.timer !== undefined || this.processing || this.pendingItems === 0 || this.closed) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.chain = this.chain.then(() => this.step()).then(() => this.arm());
		}, stepMs);
		this.timer.unref();
	}

	/** Delivers every pending event now, step by step in order; resolves when nothing is pending. */
	flush(): Promise<WebhookCounters> {
		if (this.timer !== undefined) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		const run = async (): Promise<void> => {
			while (this.pendingItems > 0 && !this.closed) await this.step();
		};
		this.chain = this.chain.then(run);
		return this.chain.then(() => this.snapshot());
	}

	/** Resolves once the queue is empty and no inbound POST is on the wire (in timer mode, after the timers delivered everything). */
	idle(): Promise<void> {
		if (this.pendingItems === 0 && !this.processing && this.inFlight === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	private wakeIdle(): void {
		if (this.pendingItems !== 0 || this.processing || this.inFlight !== 0) return;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}

	/**
	 * Posts a delivery now (a debtor's reply, a preference change, a forged webhook) and returns what was
	 * logged: the attempt and, when duplicated, the second delivery. A non-2xx answer is retried one step
	 * later like a status (the timer in `timer` mode, `flush()` in `manual` mode); `off` mode never retries.
	 */
	async send(delivery: Delivery): Promise<WebhookRecord[]> {
		if (this.closed) return [];
		this.inFlight++;
		try {
			if (delivery.kind !== undefined && delivery.kind !== 'status' && delivery.tampered === undefined) this.counters.inbound++;
			return await this.deliver(delivery, 1);
		} finally {
			this.inFlight--;
			this.wakeIdle();
		}
	}

	private async step(): Promise<void> {
		this.processing = true;
		try {
			this.tick++;
			const items = this.buckets.get(this.tick);
			if (items === undefined) return;
			this.buckets.delete(this.tick);
			this.pendingItems -= items.length;
			const deliveries: Array<{ delivery: Delivery; attempt: number }> = [];
			const byProvider = new Map<ProviderName, WebhookEvent[]>();
			for (const item of items) {
				if (item.kind === 'retry') {
					deliveries.push({ delivery: item.delivery, attempt: item.attempt });
					continue;
				}
				let list = byProvider.get(item.event.provider);
				if (list === undefined) {
					list = [];
					byProvider.set(item.event.provider, list);
				}
				list.push(item.event);
			}
			for (const [provider, events] of byProvider) {
				try {
					for (const delivery of this.builders[provider](events)) deliveries.push({ delivery, attempt: 1 });
				} catch (error) {
					// A bug in a payload builder must not stall the queue: log it where tests look.
					this.counters.failed += events.length;
					this.log.push({
						seq: ++this.seq,
						at: this.options().now(),
						provider,
						kind: 'status',
						url: events[0].url,
						headers: {},
						body: '',
						attempt: 1,
						status: null,
						error: `fake gateway bug while building the webhook: ${(error as Error).message}`,
						messageIds: events.map((event) => event.message.id),
					});
				}
			}
			for (const { delivery, attempt } of deliveries) {
				if (this.closed) return;
				await this.deliver(delivery, attempt);
			}
		} finally {
			this.processing = false;
			this.wakeIdle();
		}
	}

	private async attempt(delivery: Delivery, attempt: number, duplicate: boolean): Promise<WebhookRecord> {
		const options = this.options();
		const record: WebhookRecord = {
			seq: ++this.seq,
			at: options.now(),
			provider: delivery.provider,
			kind: delivery.kind ?? 'status',
			url: delivery.url,
			headers: delivery.headers,
			body: delivery.body,
			attempt,
			status: null,
			messageIds: delivery.messageIds,
		};
		if (duplicate) record.duplicate = true;
		if (delivery.tampered !== undefined) record.tampered = delivery.tampered;
		const result = await post(delivery, options.webhooks.timeoutMs, options.webhooks.allowNonLoopback);
		record.status = result.status;
		if (result.error !== undefined) record.error = result.error;
		this.log.push(record);
		return record;
	}

	private async deliver(delivery: Delivery, attempt: number): Promise<WebhookRecord[]> {
		const options = this.options();
		const record = await this.attempt(delivery, attempt, false);
		const records = [record];
		const ok = record.status !== null && record.status >= 200 && record.status < 300;
		// The duplicate follows the first delivery (never a retry): the receiver sees the same event twice.
		if (attempt === 1 && delivery.tampered === undefined && (delivery.duplicate === true || options.webhooks.duplicate) && record.error !== REFUSED) {
			this.counters.duplicates++;
			records.push(await this.attempt(delivery, attempt, true));
		}
		if (ok) {
			this.counters.delivered++;
			return records;
		}
		if (delivery.tampered === undefined && options.webhooks.mode !== 'off' && attempt <= options.webhooks.retries && record.error !== REFUSED && !this.closed) {
			this.counters.retried++;
			this.add(this.tick + 1, { kind: 'retry', delivery, attempt: attempt + 1 });
			this.arm();
			return records;
		}
		this.counters.failed++;
		return records;
	}

	reset(): void {
		this.buckets.clear();
		this.pendingItems = 0;
		this.log.clear(this.options().limits.webhookLog);
		for (const key of Object.keys(this.counters) as Array<keyof typeof this.counters>) this.counters[key] = 0;
		if (this.timer !== undefined) clearTimeout(this.timer);
		this.timer = undefined;
	}

	close(): void {
		this.closed = true;
		this.reset();
		this.inFlight = 0;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}
}

const REFUSED = 'refused: callback URL is not on loopback (set webhooks.allowNonLoopback to call it)';

function post(delivery: Delivery, timeoutMs: number, allowNonLoopback: boolean): Promise<{ status: number | null; error?: string }> {
	let url: URL;
	try {
		url = new URL(delivery.url);
	} catch {
		return Promise.resolve({ status: null, error: `invalid callback URL '${delivery.url}'` });
	}
	if (url.protocol !== 'http:') return Promise.resolve({ status: null, error: `only http: callbacks are supported, got '${url.protocol}'` });
	if (!allowNonLoopback && !isLoopbackHost(url.hostname)) return Promise.resolve({ status: null, error: REFUSED });
	return new Promise((resolve) => {
		const body = Buffer.from(delivery.body, 'utf8');
		const req = http.request(
			url,
			{ method: 'POST', headers: { ...delivery.headers, 'Content-Length': String(body.length) }, timeout: timeoutMs },
			(res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode ?? null }));
				res.on('error', (error) => resolve({ status: res.statusCode ?? null, error: error.message }));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (error) => resolve({ status: null, error: error.message }));
		req.end(body);
	});
}
