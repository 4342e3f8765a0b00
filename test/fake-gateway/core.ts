/**
 * What a personality gets from the server: the request being answered (`Exchange`) and the shared
 * machinery (`GatewayCore`). Kept in its own file so the personalities do not import the server.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { FaultInjector, ResolvedFault } from './faults';
import type { IdFactory } from './ids';
import type { MediaStore, StoredMedia } from './media';
import type { MessageStore, OptOutModel, PairRateModel, Stats, WindowModel } from './state';
import type { AsyncOutcome, Channel, ProviderName, Reply, RequestOutcome, ResolvedOptions, StoredMessage } from './types';
import type { Delivery, WebhookEvent, WebhookScheduler } from './webhooks';

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
	readonly media: MediaStore;
	readonly optOuts: OptOutModel;
	/** The gateway's own base URL (media URLs point here). */
	readonly url: string;
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

/** A debtor's message as the fake will post it, resolved from `reply()` input (docs: "Inbound replies"). */
export interface InboundMessage {
	provider: ProviderName;
	channel: Channel;
	/** The provider's id of this inbound message (`SM…`/`MM…`, `wamid.…`, uuid, numeric). */
	id: string;
	/** The debtor's number, digits only. */
	digits: string;
	/** Our number or sender id that received it, in the provider's own format (Twilio `whatsapp:+…`, Meta phone-number id). */
	to: string;
	/** When the provider received it (ms). */
	at: number;
	/** Where it is posted. */
	url: string;
	text?: string;
	button?: { text: string; payload: string; interactive: boolean };
	media?: StoredMedia & { caption?: string; url: string };
	/** The message of ours it answers: `inReplyTo` resolved (Zenvia SMS: the last message sent to that number). */
	original?: StoredMessage;
	/** The debtor's profile name (WhatsApp). */
	name: string;
	/** Twilio's keyword class of the whole body (SMS): STOP, START or HELP. */
	optOutType?: 'STOP' | 'START' | 'HELP';
}

/** Turns inbound messages into the POSTs the provider would make (batched where it batches). */
export type InboundBuilder = (messages: InboundMessage[]) => Delivery[];
