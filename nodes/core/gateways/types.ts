/**
 * The one small interface every SMS/WhatsApp provider adapter implements. Adapters are pure:
 * data in, data out; no n8n, no HTTP, no clock unless one is passed in. The Send node (and the
 * provider-agnostic send policy: throttling, retries, idempotency) is written once against this.
 *
 * An adapter is prepared once per execution with the credential's non-secret fields and the node
 * options (settings are checked there, once), and the prepared {@link Gateway} then
 * - builds the HTTP request for one message (secrets are injected later by n8n's credential system),
 * - reads the provider's reply to a request that returned 2xx (which can still be a refusal),
 * - classifies an error reply per gateways.md §9.
 */
import type { InvalidSettingError } from '../errors';

export type ProviderName = 'twilio' | 'meta' | 'zenvia' | 'infobip' | 'generic';

export type Channel = 'sms' | 'whatsapp';

/** The recipient, already normalised (see `normalizePhone` in nodes/core/phone.ts). */
export interface Recipient {
	/** `+5511987654321` */
	e164: string;
	/** `5511987654321` */
	digits: string;
	/** `11987654321` */
	national?: string;
}

export interface TemplateParameter {
	/** Set for named-parameter templates (Meta `parameter_name`, Zenvia `fields` keys). */
	name?: string;
	value: string;
}

/** A document header of a template: the PDF WhatsApp fetches (https only) and shows above the text. */
export interface TemplateDocument {
	type: 'document';
	link: string;
	/** The name the debtor sees (`boleto-INV-1017.pdf`). */
	filename?: string;
}

/**
 * A quick-reply button of a template, in the template's order. Its payload (what a tap sends back)
 * is `payload` when given, else made from `intent` and the message's idempotency key
 * (`DUN1|<intent>|<key>`, see nodes/core/replies/buttons.ts), so that Classify Reply reads the tap
 * exactly; without a key, the intent's plain alias (`PAID`, `NEGOTIATE`, `STOP`).
 */
export interface TemplateButton {
	intent?: string;
	/** The button's label, for logs (the label itself is part of the approved template). */
	text?: string;
	payload?: string;
}

/** A WhatsApp template approved by Meta (directly or through the provider). */
export interface WhatsAppTemplate {
	/** Meta template name (`cobranca_lembrete`), or the provider's own id (Twilio `HX…`, Zenvia UUID). */
	name: string;
	/** `pt_BR`, `es_MX`, `en_US` (`pt-BR` is accepted and converted). */
	language: string;
	/** In the template's order ({{1}}, {{2}}, …). */
	parameters: TemplateParameter[];
	header?: TemplateDocument;
	buttons?: TemplateButton[];
}

/**
 * One message to one recipient. WhatsApp sends the approved `template` when there is one (the only
 * kind allowed outside the 24-hour customer-service window) unless `kind` says `text`; SMS sends `text`.
 */
export interface OutboundMessage {
	channel: Channel;
	to: Recipient;
	kind?: 'text' | 'template';
	text?: string;
	template?: WhatsAppTemplate;
	/** Put in each provider's correlation field, so status callbacks and logs can be matched. */
	idempotencyKey?: string;
}

/** Settings shared by every provider that are not part of the credential. */
export interface SendOptions {
	/** Where the provider posts delivery statuses (Twilio `StatusCallback`, Infobip delivery webhook). */
	statusCallbackUrl?: string;
	/**
	 * Provider ids of WhatsApp templates by template name (or `name:language` for one language):
	 * Twilio Content SIDs (`HX…`) and Zenvia template ids are not the Meta template name.
	 */
	templateIds?: Record<string, string>;
	/**
	 * Field names of named-field templates by template name (Zenvia `fields`, Meta named parameters),
	 * for messages whose parameters come as an ordered list without names.
	 */
	templateFieldNames?: Record<string, string[]>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** How the generic gateway's credential puts its secret into a request (the secret itself is never here). */
export interface GenericAuth {
	mode: 'none' | 'basic' | 'bearer' | 'header' | 'query';
	/** Header name (mode `header`) or query parameter name (mode `query`). */
	name?: string;
}

export interface GatewayRequest {
	provider: ProviderName;
	method: HttpMethod;
	/** The credential's base URL, without a trailing slash. */
	baseUrl: string;
	/** Relative to `baseUrl`, starting with `/`. */
	path: string;
	/** `baseUrl + path`. */
	url: string;
	/** Non-secret headers only; authentication is added by n8n from the credential. */
	headers: Record<string, string>;
	/** Query string parameters (generic gateways sending by GET). */
	qs?: Record<string, string>;
	/** JSON object (`json: true`), or the fields of a form (`contentType: 'form'`, values are strings). */
	body?: Record<string, unknown>;
	contentType: 'json' | 'form' | 'none';
	json: boolean;
	/** Where the idempotency key went, for the dry-run output and the ledger. */
	correlation?: { field: string; value: string };
	/** Generic gateway only: where the credential layer must put the secret. */
	auth?: GenericAuth;
}

/**
 * What to do about a failure (gateways.md §9):
 * - `retryable`: not sent, safe to retry after a back-off (honour `retryAfterMs`), same idempotency key;
 * - `ambiguous`: the provider may have accepted it: do not blind-retry; reconcile or report `unknown`;
 * - `permanent`: this message to this recipient will not work; fail the item with `reason`;
 * - `deferred`: do not retry in this run; maybe a day later;
 * - `fatal_credential`: every message would fail (bad token, blocked account, wrong setting): stop the batch.
 */
export type ErrorKind = 'retryable' | 'ambiguous' | 'permanent' | 'deferred' | 'fatal_credential';

/** The normalised `delivery.reason` of data-contract.md, so workflows can branch on it. */
export type FailureReason =
	| 'rate_limited'
	| 'network'
	| 'timeout'
	| 'provider_error'
	| 'invalid_number'
	| 'opted_out'
	| 'window_closed'
	| 'template_error'
	| 'undeliverable'
	| 'invalid_message'
	| 'invalid_request'
	| 'region_not_enabled'
	| 'sender_rejected'
	| 'duplicate'
	| 'frequency_cap'
	| 'auth'
	| 'permission'
	| 'account_blocked'
	| 'payment'
	| 'quality_limit'
	| 'configuration'
	| 'ledger_unavailable';

export interface GatewayFailure {
	kind: ErrorKind;
	reason: FailureReason;
	/** The provider's own code as text (`21610`, `131056`, `E429`, `VALIDATION_ERROR`), or null. */
	code: string | null;
	/** The provider's message (shortened), or ours when the provider gave none. Never holds a secret. */
	message: string;
	/** What the operations team can do about it. */
	hint: string;
	/** The HTTP status of the reply, or null when the failure was found before sending or in transport. */
	httpStatus: number | null;
	/** Wait at least this long before retrying (from `Retry-After` or the provider's documented back-off). */
	retryAfterMs?: number;
	/** `recipient`: the limit is per recipient (Meta pair rate limit): other recipients can go on. */
	retryScope?: 'request' | 'recipient';
}

/** A reply read: `sent` (accepted by the provider: not yet delivered), or a failure found in a 2xx reply. */
export interface ParsedReply {
	status: 'sent' | 'failed' | 'unknown';
	providerMessageId: string | null;
	/** The provider's own status word (`queued`, `accepted`, `PENDING_ACCEPTED`…), when it gave one. */
	providerStatus: string | null;
	error?: GatewayFailure;
}

export type HeaderMap = Record<string, string | string[] | number | undefined>;

export interface ClassifyContext {
	/** 0 for the first retry decision, 1 for the second… (Meta pair rate limit backs off 4^attempt s). */
	attempt?: number;
	/** Now, for `Retry-After` given as an HTTP date. Default `Date.now()`. */
	nowMs?: number;
}

/** An adapter bound to one credential and one set of options, for one execution. */
export interface Gateway {
	readonly provider: ProviderName;
	readonly label: string;
	readonly channels: readonly Channel[];
	buildRequest(message: OutboundMessage): GatewayRequest | GatewayFailure;
	parseSuccess(status: number, body: unknown): ParsedReply;
	classifyError(status: number, body: unknown, headers?: HeaderMap, context?: ClassifyContext): GatewayFailure;
}

/**
 * One provider: its send half (`prepare`) and its inbound half (`receiver`), both checking their
 * settings once. `Secrets` are what the webhook check needs (auth token, app secret, shared secret);
 * `ReceiveSettings` are the generic gateway's field paths (other providers take none).
 */
export interface GatewayAdapter<Settings, Secrets = unknown, ReceiveSettings = undefined> {
	readonly provider: ProviderName;
	readonly label: string;
	readonly channels: readonly Channel[];
	/** Checks the settings once and binds them; a bad setting is reported once, not per item. */
	prepare(settings: Settings, options?: SendOptions): Gateway | InvalidSettingError;
	/** Checks the webhook secrets (and settings) once; the receiver then verifies and reads each request. */
	receiver(secrets: Secrets, settings?: ReceiveSettings): WebhookReceiver | InvalidSettingError;
}

// ---------------------------------------------------------------------------------------------
// The inbound half: provider webhooks (delivery statuses, debtor replies) in, normalised events out.

/**
 * A webhook request as the trigger node received it. Adapters read only the raw bytes (signatures
 * are computed over them; n8n's parsed body is never trusted) and never change the request.
 */
export interface WebhookRequest {
	/** `POST` (or `GET` for Meta's verification handshake). */
	method: string;
	/**
	 * The full URL as the provider called it: scheme, host, path and query string, exactly as
	 * configured at the provider (Twilio signs it). Behind a proxy, n8n's public WEBHOOK_URL.
	 */
	url: string;
	/** Header names in lower case. */
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	/** The URL's query parameters, decoded. */
	query: Record<string, string | string[] | undefined>;
}

/**
 * Whether a request may be processed. 401: no credential was presented (no signature, no secret
 * header, no Basic auth); 403: one was presented and it is wrong. Never says which part failed.
 */
export type WebhookVerification = { ok: true } | { ok: false; status: 401 | 403 };

/** The answer to Meta's `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`. */
export type HandshakeAnswer = { status: 200; body: string } | { status: 403 };

/**
 * A webhook secret the provider does not sign with but sends on every request (Zenvia and Infobip
 * subscriptions, the generic gateway): a header of your choice, HTTP Basic, or both (then both must match).
 */
export interface SharedSecretAuth {
	header?: { name: string; value: string };
	basic?: { user: string; password: string };
}

/**
 * What happened to a message we sent, in one word for all providers. `queued`: accepted, not yet
 * handed on; `sent`: handed to the carrier / WhatsApp; `delivered`, `read`; `failed`: refused or
 * not sent; `undelivered`: sent but could not be delivered (or expired).
 */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

/**
 * `status`: a delivery status of a message we sent. `reply`: a message from the debtor (text, button
 * tap, media). `opt_out` / `opt_in`: the provider itself recorded the debtor's choice (Twilio's STOP /
 * START keywords with Advanced Opt-Out, Meta's marketing-messages stop / resume).
 */
export type InboundEventKind = 'status' | 'reply' | 'opt_out' | 'opt_in';

export interface InboundMedia {
	type: 'image' | 'video' | 'audio' | 'document' | 'sticker';
	/** `image/jpeg`, `application/pdf`; null when the provider does not say. */
	mime: string | null;
	/** Where the provider lets you download it (Twilio, Zenvia, Infobip; needs the provider's auth). */
	url?: string;
	/** The provider's media id (Meta: fetch `GET /{media-id}` with the access token). */
	id?: string;
	caption?: string;
	filename?: string;
}

export interface InboundButton {
	/** The button's label as the debtor saw it ("Já paguei"). */
	text: string | null;
	/** The payload / id set in the template or interactive message (`PAID`). */
	payload: string | null;
}

export interface InboundLocation {
	latitude: number;
	longitude: number;
	name?: string;
	address?: string;
}

/** For `opt_out` / `opt_in`: what the provider recorded. */
export interface ConsentChange {
	/** `all`: every message from this sender (Twilio STOP); `marketing`: marketing templates only (Meta). */
	scope: 'all' | 'marketing';
	/** The provider's own words: `STOP`, `START` (Twilio OptOutType), `stop`, `resume` (Meta). */
	value: string;
	/** Meta's `detail`, when given. */
	detail?: string;
}

/**
 * One status or one message, whatever the provider's shape (data-contract.md, `event`). Fields that
 * do not apply are null (or an empty list), never missing, so workflows read a stable shape.
 */
export interface InboundEvent {
	kind: InboundEventKind;
	provider: ProviderName;
	channel: Channel;
	/**
	 * The provider's message id: for a status, the id of the message we sent (what the Send node
	 * recorded as `providerMessageId`); for a reply, the debtor's message.
	 */
	messageId: string | null;
	/** The provider id of our message a reply answers (WhatsApp `context.id`, Twilio `OriginalRepliedMessageSid`). */
	inReplyTo: string | null;
	/** Statuses only. */
	status: DeliveryStatus | null;
	/** The provider's own status word (`undelivered`, `NOT_DELIVERED`, `UNDELIVERABLE_NOT_DELIVERED`). */
	providerStatus: string | null;
	/** On `failed` / `undelivered`: the Send node's reason, from the same error tables as a synchronous failure. */
	reason: FailureReason | null;
	/** The provider's error code as text (`63016`, `131047`, `EC_UNKNOWN_SUBSCRIBER`). */
	code: string | null;
	/** The provider's error text (shortened). */
	errorMessage: string | null;
	/** The debtor's number in E.164 (recipient of a status, sender of a reply); null when the provider hides it. */
	phone: string | null;
	/** The reply's text, or the tapped button's label. */
	text: string | null;
	button: InboundButton | null;
	media: InboundMedia[];
	location: InboundLocation | null;
	/** The provider's content type of a reply (`text`, `button`, `interactive`, `image`, `document`, `reaction`…). */
	messageType: string | null;
	consent: ConsentChange | null;
	/** ISO instant from the provider's own timestamp; null when it gives none (the node stamps `receivedAt`). */
	at: string | null;
	/**
	 * Our idempotency key as echoed by the provider (Meta `biz_opaque_callback_data`, Infobip
	 * `callbackData`, Zenvia `message.externalId`, Twilio the `ref` query parameter of the StatusCallback URL).
	 */
	correlationKey: string | null;
	/** Stable across the provider's redeliveries of this same event (prefixed with the provider's name). */
	dedupeId: string;
}

/** One element of a batch that could not be read; the others still come out. Safe to log and show. */
export interface InboundProblem {
	/** Where in the payload: `entry[0].changes[1].statuses[2]`, `results[3]`, `body`. */
	at: string;
	reason: string;
}

/**
 * Parsing never throws. `problem` is set when the body as a whole is unreadable or of an unknown
 * shape (answer 400); `problems` lists elements of a batch that were skipped while the good ones
 * came out; `ignored` counts well-formed elements that are not ours to report (a Meta template
 * update, a Zenvia echo of our own message, a `deleted` status).
 */
export interface InboundParseResult {
	events: InboundEvent[];
	problems: InboundProblem[];
	ignored: number;
	problem?: string;
}

/** The inbound half of one provider, bound to its secrets (and settings), for one trigger. */
export interface WebhookReceiver {
	readonly provider: ProviderName;
	verify(request: WebhookRequest): WebhookVerification;
	parse(request: WebhookRequest): InboundParseResult;
	/** Meta only: the GET verification handshake (other providers have none). */
	handshake?(query: WebhookRequest['query']): HandshakeAnswer;
}

export function isGatewayFailure(value: unknown): value is GatewayFailure {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as GatewayFailure).kind === 'string' &&
		typeof (value as GatewayFailure).reason === 'string' &&
		!('url' in value)
	);
}
