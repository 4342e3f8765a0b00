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

/** A WhatsApp template approved by Meta (directly or through the provider). */
export interface WhatsAppTemplate {
	/** Meta template name (`cobranca_lembrete`), or the provider's own id (Twilio `HX…`, Zenvia UUID). */
	name: string;
	/** `pt_BR`, `es_MX`, `en_US` (`pt-BR` is accepted and converted). */
	language: string;
	/** In the template's order ({{1}}, {{2}}, …). */
	parameters: TemplateParameter[];
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

export interface GatewayAdapter<Settings> {
	readonly provider: ProviderName;
	readonly label: string;
	readonly channels: readonly Channel[];
	/** Checks the settings once and binds them; a bad setting is reported once, not per item. */
	prepare(settings: Settings, options?: SendOptions): Gateway | InvalidSettingError;
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
