/**
 * Shapes shared by the fake gateway's server, personalities, fault table and webhook scheduler.
 * See docs/fake-gateway.md for what each option does.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type ProviderName = 'twilio' | 'meta' | 'zenvia' | 'infobip' | 'custom';
export type Channel = 'sms' | 'whatsapp';

/** What a fault does. Each personality turns a kind into its own provider's reply (docs table). */
export type FaultKind =
	| 'rate_limit'
	| 'pair_rate_limit'
	| 'server_error'
	| 'hang'
	| 'opt_out'
	| 'invalid_number'
	| 'window_closed'
	| 'undeliverable'
	| 'error_in_200'
	| 'none';

export interface FaultSpec {
	kind: FaultKind;
	/** HTTP status of a `server_error`: 500, 502, 503 or 504. */
	status?: number;
	/** `hang`: answer (normally) after this many ms; absent = never answer. */
	ms?: number;
	/** Seconds in the `Retry-After` header of a `rate_limit` (where the provider sends one). */
	retryAfter?: number;
	/** Only the first `burst` requests (per provider and recipient) get the fault; later ones succeed. */
	burst?: number;
}

/** A fault as JSON in `faults.numbers` / `faults.default` / the header: an object or the header grammar. */
export type FaultInput = FaultSpec | string;

export interface TwilioOptions {
	accountSid: string;
	authToken: string;
	/** API keys (`SK…` + secret) accepted as Basic credentials besides AccountSid:AuthToken. */
	apiKeys?: Array<{ sid: string; secret: string }>;
	/** Fallback status callback when a request has no `StatusCallback`. */
	callbackUrl?: string;
	/** Query parameter of `StatusCallback` read as the correlation key. */
	refParam?: string;
	/** The number's "A message comes in" webhook: debtor replies are posted here (signed like status callbacks). */
	inboundUrl?: string;
	/** Our SMS number, the `To` of a reply that answers no known message. */
	phoneNumber?: string;
	/** Our WhatsApp sender (E.164, no `whatsapp:`), the `To` of a WhatsApp reply that answers no known message. */
	whatsappNumber?: string;
	/** The Messaging Service the numbers belong to (`MessagingServiceSid` of replies); `null` = none. */
	messagingServiceSid?: string | null;
	/** Advanced Opt-Out on that Messaging Service: replies that are exactly a keyword carry `OptOutType`. */
	advancedOptOut?: boolean;
}

export interface MetaTemplate {
	/** Languages the template is approved in; absent = any. */
	languages?: string[];
	/** Number of body parameters the approved template expects. */
	bodyParams?: number;
	/** Template category; `marketing` templates fail with 131050 after the user stopped marketing messages. */
	category?: 'marketing' | 'utility' | 'authentication';
	/** `named` templates need `parameter_name` on each parameter. */
	parameterFormat?: 'positional' | 'named';
	/** The template has a document header: a send must carry exactly one `header` document parameter (and one without may not). */
	header?: 'document';
	/** Quick-reply buttons the template has: a `button` component's index must be below this (default 0). */
	quickReplies?: number;
}

export interface MetaOptions {
	token: string;
	/** App secret used to sign status webhooks (`X-Hub-Signature-256`). */
	appSecret: string;
	/** When set, any other phone-number id in the path gets Graph's "object does not exist" error. */
	phoneNumberId?: string;
	wabaId?: string;
	displayPhoneNumber?: string;
	/** The app's webhook (Meta webhooks are per app, not per message). */
	callbackUrl?: string;
	/** Approved templates; when set, unknown names and wrong parameter counts are refused like Meta. */
	templates?: Record<string, MetaTemplate>;
	/** Pair rate limit model: a second message to one recipient within this many ms gets 131056. 0 = off. */
	pairRateLimitMs?: number;
	/** Webhook realism switches (at-least-once, out of order, read without delivered). */
	duplicateStatuses?: boolean;
	outOfOrder?: boolean;
	readWithoutDelivered?: boolean;
}

export interface ZenviaOptions {
	token: string;
	/** URL of the MESSAGE_STATUS subscription. */
	callbackUrl?: string;
	/** URL of the MESSAGE subscription (direction IN): debtor replies. */
	inboundUrl?: string;
	/** Static headers the subscriptions add to each webhook (Zenvia signs nothing). */
	webhookHeaders?: Record<string, string>;
	subscriptionId?: string;
	/** Id of the MESSAGE subscription. */
	inboundSubscriptionId?: string;
	/** Our SMS sender id / WhatsApp number: the `to` of a reply that answers no known message. */
	smsSender?: string;
	whatsappSender?: string;
}

export interface InfobipOptions {
	apiKey: string;
	/** Fallback DLR URL when a message has no `webhooks.delivery.url` / `notifyUrl`. */
	callbackUrl?: string;
	/** Answer errors with the legacy `requestError.serviceException` body instead of `errorCode`. */
	legacyErrors?: boolean;
	/** Where inbound SMS and WhatsApp messages are forwarded. */
	inboundUrl?: string;
	/** Authentication added to every webhook (DLRs and inbound): Basic or a secret header. */
	webhookAuth?: InfobipWebhookAuth | null;
	/** Keywords configured on the number: an inbound SMS starting with one gets `keyword` and `cleanText`. */
	keywords?: string[];
	/** `callbackData` configured on the number's inbound forwarding (echoed in inbound SMS). */
	inboundCallbackData?: string;
	/** Our numbers: the `to` of a reply that answers no known message. */
	smsNumber?: string;
	whatsappNumber?: string;
}

export type InfobipWebhookAuth = { basic: { username: string; password: string } } | { header: { name: string; value: string } };

export type CustomAuth =
	| { mode: 'none' }
	| { mode: 'basic'; username: string; password: string }
	| { mode: 'bearer'; token: string }
	| { mode: 'header'; name: string; value: string }
	| { mode: 'query'; name: string; value: string };

/** The reply shapes of common resellers: plain JSON, Vonage SMS API, legacy Zenvia `send-sms`. */
export type CustomPreset = 'json' | 'vonage' | 'zenvia-legacy';

export interface CustomReply {
	status?: number;
	/** JSON value or string; `{{id}}`, `{{to}}` and `{{key}}` are replaced in strings. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Counts as accepted (message recorded) although the reply is scripted. */
	accept?: boolean;
	/** Hang after accepting: never answer (no `ms`) or answer after `ms`. */
	hang?: { ms?: number };
}

export interface CustomRouteOptions {
	auth?: CustomAuth;
	preset?: CustomPreset;
	/** Dot path of the recipient in the JSON/form body or query (e.g. `sendSmsRequest.to`). */
	recipientPath?: string;
	/** Dot path of the correlation key, or `header:<Name>`. */
	keyPath?: string;
	/** Scripted replies used in order, one per request, before the preset's own behaviour. */
	replies?: CustomReply[];
}

export interface CustomOptions extends CustomRouteOptions {
	/** Per-path overrides, keyed by the exact path (e.g. `/custom/services/send-sms`). */
	routes?: Record<string, CustomRouteOptions>;
	/** Where the reseller posts status events of accepted messages and debtor replies. */
	callbackUrl?: string;
	/** How those webhooks are signed and shaped (docs: "Generic reseller webhooks"). */
	webhook?: CustomWebhook;
	/** Our number at the reseller: the `to` of replies. */
	inboundNumber?: string;
}

export type CustomSigning =
	| { mode: 'hmac'; header: string; secret: string; encoding?: 'hex' | 'base64'; prefix?: string }
	| { mode: 'header'; name: string; value: string }
	| { mode: 'none' };

export interface CustomWebhook {
	signing?: CustomSigning;
	/** `single`: one flat event per POST; `batch`: `{"events": [...]}` with every event of a step. */
	shape?: 'single' | 'batch';
}

export interface FaultOptions {
	/** Magic recipient suffixes (`…0000` + code): on by default. */
	suffixTable?: boolean;
	/** Exact recipients (digits) → fault. */
	numbers?: Record<string, FaultInput>;
	/** Fault for every request that names no other one. */
	default?: FaultInput | null;
	retryAfterSeconds?: number;
	/** Delay of the suffix `…00000901` slow reply. */
	slowMs?: number;
}

export interface WebhookOptions {
	/** `timer`: delivered on timers, one step apart; `manual`: only on flush; `off`: never scheduled. */
	mode?: 'timer' | 'manual' | 'off';
	stepMs?: number;
	/** Extra attempts (same bytes, same idempotency token) after a non-2xx or a connection error. */
	retries?: number;
	maxPending?: number;
	/** Per-POST timeout of a delivery. */
	timeoutMs?: number;
	/** Only loopback callback URLs are called unless this is set. */
	allowNonLoopback?: boolean;
	/** Deliver every webhook (statuses and inbound) twice, the same bytes: a provider's at-least-once retry. */
	duplicate?: boolean;
}

export interface LimitOptions {
	requestLog?: number;
	webhookLog?: number;
	messages?: number;
	trackedKeys?: number;
}

export interface FakeGatewayOptions {
	port?: number;
	/** Loopback only: `127.0.0.1` (default) or another 127.x / ::1 address. */
	host?: string;
	twilio?: Partial<TwilioOptions>;
	meta?: Partial<MetaOptions>;
	zenvia?: Partial<ZenviaOptions>;
	infobip?: Partial<InfobipOptions>;
	custom?: CustomOptions;
	faults?: FaultOptions;
	webhooks?: WebhookOptions;
	/** `model`: free-form WhatsApp needs a recent inbound message (24 h window); `open`: always allowed. */
	whatsappWindow?: 'model' | 'open';
	limits?: LimitOptions;
	/** Seed of the deterministic ids. */
	seed?: string;
	/** Clock in ms (window and pair-rate models, timestamps); `Date.now` by default. */
	now?: () => number;
}

export interface ResolvedOptions {
	port: number;
	host: string;
	twilio: TwilioOptions;
	meta: MetaOptions;
	zenvia: ZenviaOptions;
	infobip: InfobipOptions;
	custom: CustomOptions;
	faults: Required<Omit<FaultOptions, 'default'>> & { default: FaultInput | null };
	webhooks: Required<WebhookOptions>;
	whatsappWindow: 'model' | 'open';
	limits: Required<LimitOptions>;
	seed: string;
	now: () => number;
}

export type RequestOutcome = 'accepted' | 'rejected' | 'auth_failed' | 'invalid' | 'fault' | 'not_found' | 'partial';

/** One request as the gateway received and answered it (kept in a bounded ring). */
export interface RecordedRequest {
	seq: number;
	at: number;
	provider: ProviderName | 'unknown';
	method: string;
	path: string;
	query: string;
	headers: IncomingHttpHeaders;
	body: string;
	status: number;
	outcome: RequestOutcome;
	fault?: string;
	recipients: string[];
	keys: string[];
	messageIds: string[];
	/** `true` while the reply is held back by a hang fault. */
	pending?: boolean;
}

/** Final fate of an accepted message, decided at acceptance (deterministic). */
export type AsyncOutcome = 'delivered' | 'undeliverable' | 'opt_out' | 'window_closed';

export interface StoredMessage {
	id: string;
	provider: ProviderName;
	channel: Channel;
	to: string;
	from: string;
	key?: string;
	acceptedAt: number;
	outcome: AsyncOutcome;
	/** Provider-specific data the status webhooks need (callback URL, callbackData, version…). */
	meta: Record<string, unknown>;
	/** Statuses sent so far by the webhook scheduler. */
	statuses: string[];
}

export interface Reply {
	status: number;
	body: string;
	contentType: string;
	headers?: Record<string, string>;
	/** Binary body (media); `body` is ignored when set. */
	bytes?: Buffer;
}

export interface CountPair {
	requests: number;
	accepted: number;
}

/** What a webhook carries: a status of a sent message, a debtor's message, or a Meta marketing preference. */
export type WebhookKind = 'status' | 'reply' | 'user_preference';

/** How a forged webhook is spoiled: a wrong signature, no signature, or a body changed after signing. */
export type TamperMode = 'signature' | 'missing' | 'body';

export interface WebhookRecord {
	seq: number;
	at: number;
	provider: ProviderName;
	kind: WebhookKind;
	url: string;
	headers: Record<string, string>;
	body: string;
	attempt: number;
	status: number | null;
	error?: string;
	messageIds: string[];
	/** The second delivery of the same bytes (`webhooks.duplicate` or a reply's `duplicate`). */
	duplicate?: boolean;
	/** A forged webhook posted by `postTampered()` / `reply({tamper})`. */
	tampered?: TamperMode;
}
