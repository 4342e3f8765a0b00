/**
 * Meta WhatsApp Business Cloud API, gateways.md §2.
 * `POST /{version}/{phone-number-id}/messages`, JSON, `Authorization: Bearer` added by the credential.
 * Meta signals most errors, throttling included, as HTTP 400: classification reads `error.code`.
 * The idempotency key goes into `biz_opaque_callback_data`, echoed only on status webhooks.
 *
 * Inbound: batched JSON webhooks (`entry[].changes[].value.{statuses,messages,errors}`, and the
 * `user_preferences` field), signed `X-Hub-Signature-256` over the raw bytes with the App Secret;
 * the subscription is confirmed by a GET handshake answered with `hub.challenge`.
 */
import { InvalidSettingError } from '../errors';
import {
	asObject, asString, baseUrlOrError, checkCorrelation, classifyHttpStatus, type CodeRule, defineAdapter, errorReply, errorStatus,
	failure, fromRule, parseBody, postRequest, replyFromError, replyWithoutId, sendableContent, textSetting,
} from './common';
import {
	dedupeId, FAILURE_STATUSES, failureFields, FORBIDDEN, hmac, inboundBatch, type InboundBatch, inboundEvent, isoFromUnixSeconds,
	list, media, mediaType, neverThrow, providerPhone, quoted, readJsonObject, requestHeader, requireSecret, safeEqual, text,
	UNAUTHENTICATED, unreadable, VERIFIED,
} from './inbound';
import type {
	ClassifyContext, DeliveryStatus, GatewayFailure, GatewayRequest, HandshakeAnswer, HeaderMap, InboundButton, InboundEvent,
	InboundMedia, InboundParseResult, OutboundMessage, ParsedReply, SendOptions, WebhookRequest, WebhookVerification,
} from './types';

export const META_BASE_URL = 'https://graph.facebook.com';
export const META_DEFAULT_API_VERSION = 'v23.0';
const MAX_TEXT = 4096;
const MAX_CALLBACK_DATA = 512;

/** The non-secret fields of the Meta credential (the access token is added by n8n). */
export interface MetaSettings {
	baseUrl?: string;
	/** Graph API version, `v23.0` (a bare `23` or `23.0` is accepted). */
	apiVersion?: string;
	/** The Phone number ID of the WhatsApp sender (WhatsApp Manager › API setup), not the phone number. */
	phoneNumberId: string;
	/** Whether WhatsApp shows a preview of the first link of a free-text message. */
	previewUrl?: boolean;
}

interface PreparedMeta {
	baseUrl: string;
	path: string;
	previewUrl: boolean;
	options: SendOptions;
}

export function prepareMeta(settings: MetaSettings, options: SendOptions = {}): PreparedMeta | InvalidSettingError {
	const baseUrl = baseUrlOrError(settings.baseUrl, META_BASE_URL, 'WhatsApp Cloud API credential: Base URL');
	if (baseUrl instanceof InvalidSettingError) return baseUrl;
	const rawVersion = textSetting(settings.apiVersion) ?? META_DEFAULT_API_VERSION;
	const m = /^v?(\d{1,3})(?:\.(\d{1,2}))?$/i.exec(rawVersion);
	if (!m) {
		return new InvalidSettingError(
			'WhatsApp Cloud API credential: API Version',
			`"${rawVersion.slice(0, 20)}" is not a Graph API version`,
			`Use a version such as ${META_DEFAULT_API_VERSION} (see Meta's changelog), or leave it empty for ${META_DEFAULT_API_VERSION}.`,
		);
	}
	const phoneNumberId = textSetting(settings.phoneNumberId);
	if (!phoneNumberId || !/^[A-Za-z0-9_-]+$/.test(phoneNumberId)) {
		return new InvalidSettingError(
			'WhatsApp Cloud API credential: Phone Number ID',
			phoneNumberId ? `"${phoneNumberId.slice(0, 40)}" is not a Phone Number ID` : 'is empty',
			'Copy the Phone number ID (a long number, not the phone number itself) from WhatsApp Manager › API setup.',
		);
	}
	return {
		baseUrl,
		path: `/v${m[1]}.${m[2] ?? '0'}/${phoneNumberId}/messages`,
		previewUrl: settings.previewUrl === true,
		options,
	};
}

export function buildMetaRequest(message: OutboundMessage, prepared: PreparedMeta): GatewayRequest | GatewayFailure {
	const content = sendableContent(message, 'The WhatsApp Cloud API', META_CHANNELS, MAX_TEXT);
	if ('reason' in content) return content;
	const key = checkCorrelation(message.idempotencyKey, MAX_CALLBACK_DATA, 'biz_opaque_callback_data');
	if (typeof key === 'object') return key;

	const body: Record<string, unknown> = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: message.to.digits,
	};
	if (content.kind === 'text') {
		body.type = 'text';
		body.text = { body: content.text, preview_url: prepared.previewUrl };
	} else {
		const { template } = content;
		const names = prepared.options.templateFieldNames?.[template.name];
		const parameters = template.parameters.map((p, i) => {
			const name = p.name ?? names?.[i];
			return name ? { type: 'text', parameter_name: name, text: p.value } : { type: 'text', text: p.value };
		});
		const payload: Record<string, unknown> = {
			name: template.name,
			language: { code: template.language, policy: 'deterministic' },
		};
		const components: Array<Record<string, unknown>> = [];
		if (template.header) {
			const document: Record<string, string> = { link: template.header.link };
			if (template.header.filename) document.filename = template.header.filename;
			components.push({ type: 'header', parameters: [{ type: 'document', document }] });
		}
		if (parameters.length > 0) components.push({ type: 'body', parameters });
		template.buttons.forEach((button, index) => {
			components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload: button.payload }] });
		});
		if (components.length > 0) payload.components = components;
		body.type = 'template';
		body.template = payload;
	}
	if (key) body.biz_opaque_callback_data = key;
	return postRequest('meta', prepared, body, { correlation: { field: 'biz_opaque_callback_data', value: key } });
}

const NO_ID = { message: 'The WhatsApp Cloud API answered without a message id, so it is not known whether the message was accepted.', hint: 'Check the WhatsApp Manager insights before sending it again.' };

/**
 * HTTP 200 `{"messages":[{"id":"wamid.…","message_status":"accepted"}]}`. `message_status`
 * (`accepted`, `held_for_quality_assessment`, `paused`) is never "delivered": that comes by webhook.
 */
export function parseMetaReply(status: number, body: unknown): ParsedReply {
	const reply = asObject(parseBody(body));
	if (reply?.error !== undefined) return replyFromError(classifyMetaError(errorStatus(status), reply));
	const messages = Array.isArray(reply?.messages) ? reply.messages : [];
	const first = asObject(messages[0]);
	const id = asString(first?.id) ?? null;
	const providerStatus = asString(first?.message_status) ?? null;
	if (!id) return replyWithoutId(status, providerStatus, NO_ID);
	return { status: 'sent', providerMessageId: id, providerStatus };
}

const TEMPLATE_HINT =
	'The template or its parameters were refused: check the template name, language and parameter count against the template approved in WhatsApp Manager.';

/** Meta error codes (gateways.md §2 "Key codes", §9). */
export const META_CODES: Record<string, CodeRule> = {
	'0': {
		kind: 'fatal_credential',
		reason: 'auth',
		hint: 'Meta could not authenticate the access token. Generate a new (system user) token and save it in the credential.',
	},
	'190': {
		kind: 'fatal_credential',
		reason: 'auth',
		hint: 'The access token has expired or was revoked. Generate a new system-user token in Meta Business settings and save it in the credential.',
	},
	'4': {
		kind: 'retryable',
		reason: 'rate_limited',
		retryAfterMs: 60_000,
		hint: 'The app made too many API calls. The message was not sent; retry in a few minutes.',
	},
	'80007': {
		kind: 'retryable',
		reason: 'rate_limited',
		retryAfterMs: 60_000,
		hint: 'The WhatsApp Business Account reached its API rate limit. The message was not sent; retry in a few minutes.',
	},
	'130429': {
		kind: 'retryable',
		reason: 'rate_limited',
		hint: 'The sender number exceeded its throughput (messages per second). The message was not sent; retry after a short pause.',
	},
	'131056': {
		kind: 'retryable',
		reason: 'rate_limited',
		retryScope: 'recipient',
		hint: 'Too many messages to this same recipient in a short time (about one every 6 seconds is allowed). Other recipients are not affected; retry this one later.',
	},
	'131057': {
		kind: 'retryable',
		reason: 'rate_limited',
		retryAfterMs: 60_000,
		hint: 'The sender number is being upgraded to a higher throughput. Retry in about a minute.',
	},
	'10': {
		kind: 'fatal_credential',
		reason: 'permission',
		hint: 'The token lacks a permission (whatsapp_business_messaging) or the app is not linked to this WhatsApp Business Account.',
	},
	'368': {
		kind: 'fatal_credential',
		reason: 'account_blocked',
		hint: 'Meta temporarily blocked the account for policy violations. See Account Quality in WhatsApp Manager before sending more.',
	},
	'131031': {
		kind: 'fatal_credential',
		reason: 'account_blocked',
		hint: 'The WhatsApp Business Account is locked (policy or verification). See WhatsApp Manager.',
	},
	'131042': {
		kind: 'fatal_credential',
		reason: 'payment',
		hint: 'There is a payment problem on the WhatsApp Business Account (no payment method or a failed charge). Fix it in Meta Business settings › Billing.',
	},
	'131048': {
		kind: 'fatal_credential',
		reason: 'quality_limit',
		hint: 'Meta restricted sending because too many recipients blocked or reported your messages. Stop the campaign and review its content and list.',
	},
	'133010': {
		kind: 'fatal_credential',
		reason: 'configuration',
		hint: 'The sender phone number is not registered on the Cloud API. Register it in WhatsApp Manager.',
	},
	'2': { kind: 'retryable', reason: 'provider_error', hint: 'The WhatsApp Cloud API is temporarily unavailable. Retry later.' },
	'131016': { kind: 'retryable', reason: 'provider_error', hint: 'The WhatsApp service is temporarily overloaded. Retry later.' },
	'131000': {
		kind: 'ambiguous',
		reason: 'provider_error',
		hint: 'Meta failed with an unknown error, so the message may or may not have been sent. Check before sending it again.',
	},
	'131047': {
		kind: 'permanent',
		reason: 'window_closed',
		hint: 'More than 24 hours have passed since the customer’s last WhatsApp message: free text is not allowed. Send an approved template instead.',
	},
	'131026': {
		kind: 'permanent',
		reason: 'undeliverable',
		hint: 'WhatsApp could not deliver to this number (not on WhatsApp, an old app version, or the user blocked you). Use SMS or e-mail.',
	},
	'131049': {
		kind: 'deferred',
		reason: 'frequency_cap',
		retryAfterMs: 24 * 3_600_000,
		hint: 'Meta chose not to deliver this message to keep the user’s engagement healthy (too many business messages recently). Do not retry now; try a day later or another channel.',
	},
	'131050': {
		kind: 'permanent',
		reason: 'opted_out',
		hint: 'The user stopped receiving marketing messages from you. Do not send them marketing templates; use a utility template or another channel.',
	},
	'131021': { kind: 'permanent', reason: 'invalid_number', hint: 'The recipient is the sender’s own number.' },
	'131051': { kind: 'permanent', reason: 'invalid_message', hint: 'WhatsApp does not support this message type.' },
	'130497': {
		kind: 'permanent',
		reason: 'region_not_enabled',
		hint: 'The business account may not message users in this country.',
	},
	'100': { kind: 'permanent', reason: 'template_error', hint: TEMPLATE_HINT },
	'131008': { kind: 'permanent', reason: 'template_error', hint: 'A required template parameter is missing. ' + TEMPLATE_HINT },
	'131009': { kind: 'permanent', reason: 'template_error', hint: 'A template parameter value is not valid. ' + TEMPLATE_HINT },
	'132000': {
		kind: 'permanent',
		reason: 'template_error',
		hint: 'The number of parameters does not match the approved template. ' + TEMPLATE_HINT,
	},
	'132001': {
		kind: 'permanent',
		reason: 'template_error',
		hint: 'The template does not exist in this language or is not approved yet. Check its name and language in WhatsApp Manager.',
	},
	'132012': { kind: 'permanent', reason: 'template_error', hint: 'A parameter has the wrong format for the template. ' + TEMPLATE_HINT },
	'132015': {
		kind: 'permanent',
		reason: 'template_error',
		hint: 'The template is paused because of low quality. Edit it or use another template.',
	},
	'132016': {
		kind: 'permanent',
		reason: 'template_error',
		hint: 'The template was disabled after repeated quality problems. Create and approve a new template.',
	},
};

const PAIR_RATE_MIN_MS = 6_000;

/** `{"error":{"code":131056,"message":"(#131056) …","error_data":{"details":"…"}}}`, usually HTTP 400. */
export function classifyMetaError(status: number, body: unknown, headers?: HeaderMap, context: ClassifyContext = {}): GatewayFailure {
	const { reply, retryAfterMs } = errorReply(body, headers, context);
	const error = asObject(reply?.error);
	const code = asString(error?.code) ?? null;
	const details = asString(asObject(error?.error_data)?.details);
	const message = [asString(error?.message), details].filter((s) => s).join(' — ') || undefined;
	if (code !== null) {
		if (code === '131056') {
			// Pair rate limit: Meta suggests waiting 4^X seconds (X = 0, 1, 2…), and at least 6 s between messages.
			const attempt = Math.max(0, Math.floor(context.attempt ?? 0));
			const wait = Math.max(PAIR_RATE_MIN_MS, 4 ** Math.min(attempt, 8) * 1000);
			return fromRule(META_CODES[code], code, message, status, retryAfterMs ?? wait);
		}
		const rule = metaCodeRule(code);
		// Code 1 is Meta's catch-all: a bad request under 500, a server failure otherwise.
		if (rule) return fromRule(rule, code, message, status, retryAfterMs);
		if (code === '1' && status < 500) return failure('permanent', 'invalid_request', { code, message, httpStatus: status });
	}
	return classifyHttpStatus(status, message, code, retryAfterMs, { serverErrorIsAmbiguous: true });
}

/** The rule of a Meta error code: the table, then the documented ranges (200–299 permissions, 132xxx templates). */
function metaCodeRule(code: string): CodeRule | undefined {
	const n = Number(code);
	if (META_CODES[code]) return META_CODES[code];
	if (n >= 200 && n <= 299) return META_CODES['10'];
	if (n >= 132000 && n <= 132999) return { kind: 'permanent', reason: 'template_error', hint: TEMPLATE_HINT };
	return undefined;
}

export const META_CHANNELS = ['whatsapp'] as const;

// ---------------------------------------------------------------------------------------------
// Inbound: status and message webhooks, marketing preferences, the verification handshake

/** What the webhook needs: the App Secret (signatures) and the Verify Token you chose (handshake). */
export interface MetaWebhookSecrets {
	appSecret: string;
	verifyToken?: string;
}

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the App Secret>`. Computed on
 * the bytes as received: Meta escapes non-ASCII as `\uXXXX`, and re-serialised JSON would differ.
 */
export function verifyMetaWebhook(request: WebhookRequest, secrets: MetaWebhookSecrets): WebhookVerification {
	const signature = requestHeader(request, 'x-hub-signature-256');
	if (!signature || !secrets?.appSecret) return UNAUTHENTICATED;
	const body = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
	const expected = `sha256=${hmac('sha256', secrets.appSecret, body, 'hex')}`;
	return safeEqual(signature.trim().toLowerCase(), expected) ? VERIFIED : FORBIDDEN;
}

/**
 * `GET ?hub.mode=subscribe&hub.verify_token=<yours>&hub.challenge=<n>` → 200 with the challenge, else 403.
 * Meta's challenge is a number; anything but letters, digits, `.`, `_`, `-` is refused, so nothing can be reflected.
 */
export function answerMetaHandshake(query: WebhookRequest['query'], verifyToken: string | undefined): HandshakeAnswer {
	const one = (name: string): string => {
		const value = query?.[name];
		return (Array.isArray(value) ? value[0] : value) ?? '';
	};
	const challenge = one('hub.challenge');
	const tokenOk = safeEqual(one('hub.verify_token'), verifyToken ?? '');
	if (!verifyToken || !tokenOk || one('hub.mode') !== 'subscribe' || !/^[A-Za-z0-9._-]{1,256}$/.test(challenge)) return { status: 403 };
	return { status: 200, body: challenge };
}

const META_STATUSES: Record<string, DeliveryStatus> = {
	sent: 'sent',
	delivered: 'delivered',
	read: 'read',
	// A voice message listened to.
	played: 'read',
	failed: 'failed',
};

/** Status words that are not about delivery (`deleted` of old API versions, `warning` on catalogs). */
const META_IGNORED_STATUSES = new Set(['deleted', 'warning']);

/** Message types that are not the debtor writing (a changed number, a welcome request). */
const META_IGNORED_TYPES = new Set(['system', 'request_welcome', 'ephemeral']);

const META_MEDIA_TYPES = new Set(['image', 'document', 'audio', 'video', 'sticker']);

/**
 * Splits a batch into one event per status, message and preference change. A malformed element
 * becomes a problem entry while the others come out; other webhook fields (template and account
 * updates) are ignored.
 */
export function parseMetaWebhook(request: WebhookRequest): InboundParseResult {
	return neverThrow(() => {
		const read = readJsonObject(request);
		if ('problem' in read) return unreadable(read.problem);
		const body = read.value;
		if (body.object !== undefined && body.object !== 'whatsapp_business_account') {
			return unreadable(`not a WhatsApp Business Account webhook (object ${quoted(body.object)})`);
		}
		if (!Array.isArray(body.entry)) return unreadable('not a WhatsApp webhook (no entry list)');
		const batch = inboundBatch();
		body.entry.forEach((entryValue, e) => {
			const changes = asObject(entryValue)?.changes;
			if (!Array.isArray(changes)) return batch.problem(`entry[${e}]`, 'an entry without changes');
			changes.forEach((changeValue, c) => readMetaChange(batch, `entry[${e}].changes[${c}]`, asObject(changeValue)));
		});
		return batch.result();
	});
}

function readMetaChange(batch: InboundBatch, at: string, change: Record<string, unknown> | undefined): void {
	const value = asObject(change?.value);
	if (!change || !value) return batch.problem(at, 'a change without a value');
	const field = change.field ?? 'messages';
	if (field !== 'messages' && field !== 'user_preferences') return batch.ignore();
	list(value.statuses).forEach((status, i) => batch.element(`${at}.value.statuses[${i}]`, () => metaStatus(asObject(status))));
	list(value.messages).forEach((message, i) => batch.element(`${at}.value.messages[${i}]`, () => metaMessage(asObject(message))));
	list(value.user_preferences).forEach((preference, i) =>
		batch.element(`${at}.value.user_preferences[${i}]`, () => metaPreference(asObject(preference))),
	);
	list(value.errors).forEach((error, i) => {
		const object = asObject(error);
		batch.problem(`${at}.value.errors[${i}]`, `Meta reported error ${asString(object?.code) ?? 'without a code'}${object?.title ? `: ${quoted(object.title)}` : ''}`);
	});
}

function metaStatus(status: Record<string, unknown> | undefined): InboundEvent | string | null {
	const id = text(status?.id);
	const word = text(status?.status);
	if (!status || !id || !word) return 'a status without id or status';
	if (META_IGNORED_STATUSES.has(word)) return null;
	const mapped = META_STATUSES[word];
	if (!mapped) return `unknown WhatsApp status ${quoted(word)}`;
	const error = asObject(list(status.errors)[0]);
	return inboundEvent(
		{ provider: 'meta', channel: 'whatsapp', kind: 'status', dedupeId: dedupeId('meta', id, word) },
		{
			messageId: id,
			status: mapped,
			providerStatus: word,
			...(FAILURE_STATUSES.has(mapped) ? metaFailure(error) : {}),
			phone: providerPhone(status.recipient_id),
			at: isoFromUnixSeconds(status.timestamp),
			correlationKey: text(status.biz_opaque_callback_data),
		},
	);
}

/** The same table as a synchronous failure: 131047 → window_closed, 131026 → undeliverable, 131050 → opted_out. */
function metaFailure(error: Record<string, unknown> | undefined): Pick<InboundEvent, 'reason' | 'code' | 'errorMessage'> {
	const code = asString(error?.code) ?? null;
	const details = asString(asObject(error?.error_data)?.details);
	const message = [asString(error?.title) ?? asString(error?.message), details].filter((s) => s).join(' — ') || 'WhatsApp reported the message as failed.';
	const rule = code ? metaCodeRule(code) : undefined;
	const outcome: GatewayFailure = rule ? fromRule(rule, code, message, null, undefined) : failure('permanent', 'undeliverable', { code, message });
	return failureFields(outcome, message);
}

function metaMessage(message: Record<string, unknown> | undefined): InboundEvent | string | null {
	const id = text(message?.id);
	const type = text(message?.type);
	if (!message || !id || !type) return 'a message without id or type';
	if (META_IGNORED_TYPES.has(type)) return null;
	const content = asObject(message[type]);
	let body: string | null = null;
	let button: InboundButton | null = null;
	const items: InboundMedia[] = [];
	let location: InboundEvent['location'] = null;
	let inReplyTo = text(asObject(message.context)?.id);
	if (type === 'text') {
		body = text(content?.body);
	} else if (type === 'button') {
		button = { text: text(content?.text), payload: text(content?.payload) };
	} else if (type === 'interactive') {
		const reply = asObject(content?.button_reply) ?? asObject(content?.list_reply);
		if (reply) button = { text: text(reply.title), payload: text(reply.id) };
	} else if (META_MEDIA_TYPES.has(type) && content) {
		const mime = text(content.mime_type);
		items.push(media(mediaType(mime, type), { mime, id: content.id, url: content.url, caption: content.caption, filename: content.filename }));
		body = text(content.caption);
	} else if (type === 'location' && content && Number.isFinite(Number(content.latitude)) && Number.isFinite(Number(content.longitude))) {
		location = { latitude: Number(content.latitude), longitude: Number(content.longitude) };
		for (const key of ['name', 'address'] as const) if (text(content[key])) location[key] = text(content[key]) as string;
	} else if (type === 'reaction') {
		body = text(content?.emoji);
		inReplyTo = text(content?.message_id) ?? inReplyTo;
	}
	return inboundEvent(
		{ provider: 'meta', channel: 'whatsapp', kind: 'reply', dedupeId: dedupeId('meta', id) },
		{
			messageId: id,
			inReplyTo,
			phone: providerPhone(message.from),
			text: body ?? button?.text ?? null,
			button,
			media: items,
			location,
			messageType: type,
			at: isoFromUnixSeconds(message.timestamp),
		},
	);
}

/** `user_preferences`: the debtor stopped (or resumed) marketing messages from this business. */
function metaPreference(preference: Record<string, unknown> | undefined): InboundEvent | string | null {
	const value = text(preference?.value)?.toLowerCase();
	if (!preference || !value) return 'a preference without a value';
	const kind = value === 'stop' ? 'opt_out' : value === 'resume' ? 'opt_in' : null;
	if (kind === null) return `unknown WhatsApp preference ${quoted(value)}`;
	const category = text(preference.category);
	const detail = text(preference.detail);
	const who = text(preference.wa_id) ?? text(preference.user_id);
	return inboundEvent(
		{ provider: 'meta', channel: 'whatsapp', kind, dedupeId: dedupeId('meta', 'preference', who, category, value, asString(preference.timestamp)) },
		{
			phone: providerPhone(preference.wa_id),
			consent: { scope: category === 'marketing_messages' ? 'marketing' : 'all', value, ...(detail ? { detail } : {}) },
			messageType: 'user_preferences',
			at: isoFromUnixSeconds(preference.timestamp),
		},
	);
}

export const metaAdapter = defineAdapter(
	{ provider: 'meta', label: 'WhatsApp Cloud API (Meta)', channels: META_CHANNELS },
	{ prepare: prepareMeta, buildRequest: buildMetaRequest, parseSuccess: parseMetaReply, classifyError: classifyMetaError },
	{
		check: (secrets: MetaWebhookSecrets) =>
			requireSecret(
				secrets,
				secrets?.appSecret,
				'WhatsApp Cloud API credential: App Secret',
				'Meta signs webhooks with your app’s App Secret (App settings › Basic in the Meta developer dashboard): enter it in the credential.',
			),
		verify: verifyMetaWebhook,
		parse: parseMetaWebhook,
		handshake: (query, secrets) => answerMetaHandshake(query, secrets.verifyToken),
	},
);
