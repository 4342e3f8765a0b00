/**
 * Meta WhatsApp Business Cloud API, gateways.md §2.
 * `POST /{version}/{phone-number-id}/messages`, JSON, `Authorization: Bearer` added by the credential.
 * Meta signals most errors, throttling included, as HTTP 400: classification reads `error.code`.
 * The idempotency key goes into `biz_opaque_callback_data`, echoed only on status webhooks.
 */
import { InvalidSettingError } from '../errors';
import {
	asObject,
	asString,
	baseUrlOrError,
	checkCorrelation,
	classifyHttpStatus,
	type CodeRule,
	failure,
	fromRule,
	jsonHeaders,
	messageContent,
	parseBody,
	recipientFailure,
	retryAfterFrom,
	textSetting,
	unsupportedChannel,
} from './common';
import type {
	ClassifyContext,
	Gateway,
	GatewayAdapter,
	GatewayFailure,
	GatewayRequest,
	HeaderMap,
	OutboundMessage,
	ParsedReply,
	SendOptions,
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
	if (message.channel !== 'whatsapp') return unsupportedChannel('The WhatsApp Cloud API', message.channel, META_CHANNELS);
	const bad = recipientFailure(message);
	if (bad) return bad;
	const content = messageContent(message, MAX_TEXT);
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
		if (parameters.length > 0) payload.components = [{ type: 'body', parameters }];
		body.type = 'template';
		body.template = payload;
	}
	if (key) body.biz_opaque_callback_data = key;

	const request: GatewayRequest = {
		provider: 'meta',
		method: 'POST',
		baseUrl: prepared.baseUrl,
		path: prepared.path,
		url: `${prepared.baseUrl}${prepared.path}`,
		headers: jsonHeaders(),
		body,
		contentType: 'json',
		json: true,
	};
	if (key) request.correlation = { field: 'biz_opaque_callback_data', value: key };
	return request;
}

/**
 * HTTP 200 `{"messages":[{"id":"wamid.…","message_status":"accepted"}]}`. `message_status`
 * (`accepted`, `held_for_quality_assessment`, `paused`) is never "delivered": that comes by webhook.
 */
export function parseMetaReply(status: number, body: unknown): ParsedReply {
	const reply = asObject(parseBody(body));
	if (reply?.error !== undefined) {
		const error = classifyMetaError(status >= 200 && status < 300 ? 400 : status, reply);
		return { status: error.kind === 'ambiguous' ? 'unknown' : 'failed', providerMessageId: null, providerStatus: null, error };
	}
	const messages = Array.isArray(reply?.messages) ? reply.messages : [];
	const first = asObject(messages[0]);
	const id = asString(first?.id) ?? null;
	const providerStatus = asString(first?.message_status) ?? null;
	if (!id) {
		return {
			status: 'unknown',
			providerMessageId: null,
			providerStatus,
			error: failure('ambiguous', 'provider_error', {
				httpStatus: status,
				message: 'The WhatsApp Cloud API answered without a message id, so it is not known whether the message was accepted.',
				hint: 'Check the WhatsApp Manager insights before sending it again.',
			}),
		};
	}
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
export function classifyMetaError(
	status: number,
	body: unknown,
	headers?: HeaderMap,
	context: ClassifyContext = {},
): GatewayFailure {
	const reply = asObject(parseBody(body));
	const error = asObject(reply?.error);
	const code = asString(error?.code) ?? null;
	const details = asString(asObject(error?.error_data)?.details);
	const message = [asString(error?.message), details].filter((s) => s).join(' — ') || undefined;
	const retryAfterMs = retryAfterFrom(headers, context.nowMs);
	if (code !== null) {
		if (code === '131056') {
			// Pair rate limit: Meta suggests waiting 4^X seconds (X = 0, 1, 2…), and at least 6 s between messages.
			const attempt = Math.max(0, Math.floor(context.attempt ?? 0));
			const wait = Math.max(PAIR_RATE_MIN_MS, 4 ** Math.min(attempt, 8) * 1000);
			return fromRule(META_CODES[code], code, message, status, retryAfterMs ?? wait);
		}
		const rule = META_CODES[code] ?? metaCodeRange(Number(code));
		// Code 1 is Meta's catch-all: a bad request under 500, a server failure otherwise.
		if (rule) return fromRule(rule, code, message, status, retryAfterMs);
		if (code === '1' && status < 500) return failure('permanent', 'invalid_request', { code, message, httpStatus: status });
	}
	return classifyHttpStatus(status, message, code, retryAfterMs, { serverErrorIsAmbiguous: true });
}

function metaCodeRange(code: number): CodeRule | undefined {
	if (code >= 200 && code <= 299) return META_CODES['10'];
	if (code >= 132000 && code <= 132999) return { kind: 'permanent', reason: 'template_error', hint: TEMPLATE_HINT };
	return undefined;
}

export const META_CHANNELS = ['whatsapp'] as const;

export const metaAdapter: GatewayAdapter<MetaSettings> = {
	provider: 'meta',
	label: 'WhatsApp Cloud API (Meta)',
	channels: META_CHANNELS,
	prepare(settings: MetaSettings, options: SendOptions = {}): Gateway | InvalidSettingError {
		const prepared = prepareMeta(settings, options);
		if (prepared instanceof InvalidSettingError) return prepared;
		return {
			provider: 'meta',
			label: 'WhatsApp Cloud API (Meta)',
			channels: META_CHANNELS,
			buildRequest: (message) => buildMetaRequest(message, prepared),
			parseSuccess: parseMetaReply,
			classifyError: classifyMetaError,
		};
	},
};
