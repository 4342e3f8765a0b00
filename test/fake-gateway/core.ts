/**
 * What a personality gets from the server: the request being answered (`Exchange`) and the shared
 * machinery (`GatewayCore`). Kept in its own file so the personalities do not import the server.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { FaultInjector, ResolvedFault } from './faults';
import type { IdFactory } from './ids';
import type { MessageStore, PairRateModel, Stats, WindowModel } from './state';
import type { AsyncOutcome, Channel, ProviderName, Reply, RequestOutcome, ResolvedOptions, StoredMessage } from './types';
import type { WebhookEvent, WebhookScheduler } from './webhooks';

/** One request/response exchange; personalities fill in what the request log records. */
export interface Exchange {
	method: string;
	path: string;
	query: string;
	headers: IncomingHttpHeaders;
	body: string;
	provider: ProviderName | 'unknown';
	outcome: RequestOutcome;
	recipients: string[];
	keys: string[];
	messageIds: string[];
	fault?: string;
	/** Set by a hang fault: the reply is held back forever (`ms` undefined) or for `ms`. */
	hang?: { ms?: number };
}

export interface GatewayCore {
	options(): ResolvedOptions;
	readonly ids: IdFactory;
	readonly faults: FaultInjector;
	readonly stats: Stats;
	readonly store: MessageStore;
	readonly windows: WindowModel;
	readonly pairRate: PairRateModel;
	readonly webhooks: WebhookScheduler;
	now(): number;
	/** Resolves the fault of one recipient and notes it on the exchange. */
	fault(exchange: Exchange, provider: ProviderName, digits: string): ResolvedFault | undefined;
	/** Records an accepted message (store, counts, exchange) and schedules its status webhooks. */
	accept(exchange: Exchange, message: StoredMessage, lifecycle: Array<{ steps: number; event: WebhookEvent }>): void;
}

export type Personality = (core: GatewayCore, exchange: Exchange) => Reply;

/** The async fate of an accepted message under a fault and the WhatsApp window model. */
export function asyncOutcome(fault: ResolvedFault | undefined, channel: Channel, freeForm: boolean, windowOpen: boolean): AsyncOutcome {
	const kind = fault?.spec.kind;
	if (kind === 'undeliverable') return 'undeliverable';
	if (kind === 'opt_out') return 'opt_out';
	if (channel === 'whatsapp' && (kind === 'window_closed' || (freeForm && !windowOpen))) return 'window_closed';
	return 'delivered';
}

/** Whether a free-form WhatsApp message may be sent now under the window setting. */
export function windowOpen(core: GatewayCore, digits: string): boolean {
	return core.options().whatsappWindow === 'open' || core.windows.isOpen(digits, core.now());
}
