/** What every adapter shares: failures with hints, Retry-After, HTTP-status fallbacks, redaction. */
import { InvalidSettingError, InvalidValueError } from '../errors';
import { buttonPayload } from '../replies/buttons';
import type { ReplyIntent } from '../replies/types';
import BUILT_IN_TEMPLATES from '../templates/whatsapp-templates.json';
import type {
	Channel,
	ClassifyContext,
	ErrorKind,
	FailureReason,
	Gateway,
	GatewayAdapter,
	GatewayFailure,
	GatewayRequest,
	HandshakeAnswer,
	HeaderMap,
	InboundParseResult,
	OutboundMessage,
	ParsedReply,
	ProviderName,
	SendOptions,
	TemplateParameter,
	WebhookReceiver,
	WebhookRequest,
	WebhookVerification,
	WhatsAppTemplate,
} from './types';

/** What the operations team can do, per reason; provider-specific rules may say more. */
export const REASON_HINTS: Record<FailureReason, string> = {
	rate_limited: 'The provider asked us to slow down. The message was not sent; it can be retried after a pause.',
	network: 'The provider could not be reached (network or DNS problem). The message was not sent; retry later.',
	timeout:
		'No answer came from the provider in time, so it is not known whether the message was sent. Check the provider’s logs before sending it again.',
	provider_error: 'The provider reported an internal error. Retry later; if it persists, contact the provider’s support.',
	invalid_number: 'The phone number is wrong or cannot receive messages. Correct it in your customer data.',
	opted_out:
		'The recipient asked not to receive messages (replied STOP or blocked the sender). Mark the debtor as opted out and use another channel.',
	window_closed:
		'WhatsApp only allows free text within 24 hours of the customer’s last message. Send an approved template instead.',
	template_error:
		'The WhatsApp template was rejected: check its name, language and number of parameters against the template approved in your WhatsApp account.',
	undeliverable:
		'The message cannot be delivered to this number (not on WhatsApp, switched off, blocked by the carrier). Try another channel.',
	invalid_message: 'The message itself was rejected (empty, too long or malformed). Check the rendered message.',
	invalid_request: 'The provider rejected the request as malformed. Check the node settings and the message fields.',
	region_not_enabled:
		'Your provider account may not send to this country. Enable the country in the provider’s console or use another provider.',
	sender_rejected: 'The sender (number or name) was not accepted for this recipient. Check the sender registration.',
	duplicate: 'The provider says this message was already sent (same id). It was not sent again.',
	frequency_cap:
		'The provider held back this message because the recipient received too many messages recently. Try again much later (a day or more).',
	auth: 'The credential was refused. Open the credential, check the token or key (it may have expired) and save it again.',
	permission:
		'The credential is valid but not allowed to do this. Check the permissions of the token or app in the provider’s console.',
	account_blocked: 'The provider has restricted or locked your account. Contact the provider before sending more.',
	payment: 'The provider account has no credit or a payment problem. Add credit or fix the payment method.',
	quality_limit:
		'The provider stopped sending because of quality or spam limits on your account. Stop the campaign and review your messages and lists.',
	configuration:
		'A setting of the credential or node is wrong for this provider (sender, account id, template id). Fix it and run again.',
	ledger_unavailable:
		'The record of sent messages (Redis) could not be asked whether this message was already sent, so it was not sent. Check that Redis is up and reachable, then run again.',
};

const MAX_MESSAGE = 300;

export function failure(
	kind: ErrorKind,
	reason: FailureReason,
	details: {
		code?: string | number | null;
		message?: string;
		hint?: string;
		httpStatus?: number | null;
		retryAfterMs?: number;
		retryScope?: 'request' | 'recipient';
	} = {},
): GatewayFailure {
	const result: GatewayFailure = {
		kind,
		reason,
		code: details.code === undefined || details.code === null || details.code === '' ? null : String(details.code),
		message: shorten(details.message || REASON_HINTS[reason]),
		hint: details.hint ?? REASON_HINTS[reason],
		httpStatus: details.httpStatus ?? null,
	};
	if (details.retryAfterMs !== undefined) result.retryAfterMs = details.retryAfterMs;
	if (details.retryScope !== undefined) result.retryScope = details.retryScope;
	return result;
}

export function shorten(text: string, max = MAX_MESSAGE): string {
	const single = text.replace(/\s+/g, ' ').trim();
	return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

/** A rule of a provider's error-code table. */
export interface CodeRule {
	kind: ErrorKind;
	reason: FailureReason;
	hint?: string;
	/** Default wait when the reply has no Retry-After. */
	retryAfterMs?: number;
	retryScope?: 'request' | 'recipient';
}

export function fromRule(
	rule: CodeRule,
	code: string | number | null,
	message: string | undefined,
	status: number | null,
	retryAfterMs: number | undefined,
): GatewayFailure {
	const wait = retryAfterMs ?? rule.retryAfterMs;
	return failure(rule.kind, rule.reason, {
		code,
		message,
		hint: rule.hint,
		httpStatus: status,
		retryAfterMs: rule.kind === 'retryable' || rule.kind === 'deferred' ? wait : undefined,
		retryScope: rule.retryScope,
	});
}

// ---------------------------------------------------------------------------------------------
// HTTP details

/** A header's value, whatever the case of its name and whether it came as a list. */
export function header(headers: HeaderMap | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const value = headers[key];
		if (Array.isArray(value)) return value[0];
		return value === undefined ? undefined : String(value);
	}
	return undefined;
}

const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` → milliseconds to wait (≥ 0). */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(?:\.\d+)?$/.test(text)) return Math.min(Math.round(Number(text) * 1000), MAX_RETRY_AFTER_MS);
	// Only an HTTP date (it has a weekday or a month name), not any text Date.parse happens to accept.
	if (!/[A-Za-z]{3}/.test(text)) return undefined;
	const at = Date.parse(text);
	if (!Number.isFinite(at)) return undefined;
	return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

export function retryAfterFrom(headers: HeaderMap | undefined, nowMs?: number): number | undefined {
	return parseRetryAfter(header(headers, 'retry-after'), nowMs);
}

/**
 * When a provider's body says nothing we know, the HTTP status decides (gateways.md §9):
 * 429 and 502/503/504 were not processed (retry); 500 may have been processed for Twilio, Meta
 * and Infobip (ambiguous) but is retryable for Zenvia (its spec says so); 401 is the credential.
 */
export function classifyHttpStatus(
	status: number,
	message: string | undefined,
	code: string | number | null,
	retryAfterMs: number | undefined,
	options: { serverErrorIsAmbiguous: boolean },
): GatewayFailure {
	const details = { code, message, httpStatus: status };
	if (status === 429) return failure('retryable', 'rate_limited', { ...details, retryAfterMs });
	if (status === 401) return failure('fatal_credential', 'auth', details);
	if (status === 403) return failure('fatal_credential', 'permission', details);
	if (status === 408 || status === 425) return failure('retryable', 'provider_error', { ...details, retryAfterMs });
	if (status === 502 || status === 503 || status === 504) {
		return failure('retryable', 'provider_error', { ...details, retryAfterMs });
	}
	if (status >= 500) {
		return options.serverErrorIsAmbiguous
			? failure('ambiguous', 'provider_error', {
					...details,
					hint: 'The provider failed while handling the request, so the message may or may not have been sent. Check the provider’s logs before sending it again.',
				})
			: failure('retryable', 'provider_error', { ...details, retryAfterMs });
	}
	if (status >= 400) return failure('permanent', 'invalid_request', details);
	return failure('permanent', 'provider_error', {
		...details,
		message: message ?? `Unexpected HTTP status ${status} from the provider.`,
	});
}

/**
 * Failures with no HTTP reply. Before the request was written (refused, DNS, TLS) nothing was sent;
 * a timeout or a reset connection after that may hide an accepted message (ambiguous).
 */
export function classifyTransportError(error: { code?: unknown; message?: unknown }): GatewayFailure {
	const code = typeof error.code === 'string' ? error.code : '';
	const message = typeof error.message === 'string' ? error.message : '';
	if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_TLS_CERT_ALTNAME_INVALID'].includes(code)) {
		return failure('retryable', 'network', { code, message: message || undefined });
	}
	if (/^(?:CERT_|UNABLE_TO_VERIFY|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED)/.test(code)) {
		return failure('retryable', 'network', {
			code,
			message: message || undefined,
			hint: 'The provider’s TLS certificate was not accepted. Check the base URL of the credential; nothing was sent.',
		});
	}
	return failure('ambiguous', 'timeout', { code: code || null, message: message || undefined });
}

// ---------------------------------------------------------------------------------------------
// Settings

/** A base URL without its trailing slash, or an error naming the setting. */
export function baseUrlOrError(value: unknown, fallback: string | undefined, setting: string): string | InvalidSettingError {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	if (!text) {
		return new InvalidSettingError(setting, 'is empty', 'Enter the base URL your provider gave you, e.g. https://xxxxx.api.infobip.com.');
	}
	if (!/^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/i.test(text)) {
		return new InvalidSettingError(
			setting,
			`"${shorten(text, 80)}" is not a web address`,
			'Enter the base URL starting with https:// and without a query string, e.g. https://api.twilio.com.',
		);
	}
	return text.replace(/\/+$/, '');
}

/**
 * A credential's base URL and its SMS and WhatsApp senders, of which at least one must be set,
 * or the setting to fix.
 */
export function baseUrlAndSenders(
	provider: string,
	baseUrlValue: unknown,
	fallbackBaseUrl: string | undefined,
	[smsValue, whatsappValue]: [unknown, unknown],
	senderHint: string,
): { baseUrl: string; sms?: string; whatsapp?: string } | InvalidSettingError {
	const baseUrl = baseUrlOrError(baseUrlValue, fallbackBaseUrl, `${provider} credential: Base URL`);
	if (baseUrl instanceof InvalidSettingError) return baseUrl;
	const sms = textSetting(smsValue);
	const whatsapp = textSetting(whatsappValue);
	if (!sms && !whatsapp) return new InvalidSettingError(`${provider} credential: sender`, 'no sender is set', senderHint);
	return { baseUrl, sms, whatsapp };
}

export function textSetting(value: unknown): string | undefined {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Adds `name=value` to a URL's query string (keeps the fragment, which Twilio uses for overrides). */
export function addQueryParameter(url: string, name: string, value: string): string {
	const hash = url.indexOf('#');
	const base = hash >= 0 ? url.slice(0, hash) : url;
	const fragment = hash >= 0 ? url.slice(hash) : '';
	const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
	return `${base}${separator}${encodeURIComponent(name)}=${encodeURIComponent(value)}${fragment}`;
}

export function configurationFailure(message: string, hint: string): GatewayFailure {
	return failure('fatal_credential', 'configuration', { message, hint });
}

/** The credential has no sender for the message's channel (`smsSender` names the SMS one in the provider's words). */
export function missingSender(provider: string, whatsapp: boolean, smsSender: string): GatewayFailure {
	return configurationFailure(
		`No ${provider} ${whatsapp ? 'WhatsApp' : 'SMS'} sender is set.`,
		`Enter the ${whatsapp ? 'WhatsApp sender number' : smsSender} in the ${provider} credential.`,
	);
}

// ---------------------------------------------------------------------------------------------
// Messages

/** A template ready to send: parameters cleaned, the header checked, each button with its payload. */
export interface ReadyTemplate {
	name: string;
	language: string;
	parameters: TemplateParameter[];
	header?: { link: string; filename?: string };
	buttons: Array<{ payload: string; text?: string }>;
}

export type MessageContent = { kind: 'text'; text: string } | { kind: 'template'; template: ReadyTemplate };

/**
 * What to send: SMS sends text; WhatsApp sends the template when there is one (the only kind
 * allowed outside the 24-hour window) unless the message asks for text. Empty content fails here,
 * before any request.
 */
export function messageContent(message: OutboundMessage, maxTextLength: number): MessageContent | GatewayFailure {
	const wantsTemplate =
		message.channel === 'whatsapp' && (message.kind === 'template' || (message.kind !== 'text' && message.template !== undefined));
	if (wantsTemplate) {
		const template = message.template;
		if (!template || typeof template.name !== 'string' || template.name.trim() === '') {
			return failure('permanent', 'template_error', {
				message: 'No WhatsApp template name was given.',
				hint: 'Give the approved template’s name (Render Collection Message fills message.template.name), or send free text inside the 24-hour window.',
			});
		}
		if (typeof template.language !== 'string' || template.language.trim() === '') {
			return failure('permanent', 'template_error', {
				message: `WhatsApp template "${shorten(template.name, 80)}" has no language.`,
				hint: 'Give the language the template was approved in, e.g. pt_BR, es_MX or en_US.',
			});
		}
		const parameters: TemplateParameter[] = [];
		for (let i = 0; i < (template.parameters ?? []).length; i++) {
			const parameter = template.parameters[i];
			const value = whatsappParameterText(parameter?.value);
			if (value === '') {
				return failure('permanent', 'template_error', {
					message: `Parameter ${i + 1}${parameter?.name ? ` (${parameter.name})` : ''} of WhatsApp template "${shorten(template.name, 80)}" is empty.`,
					hint: 'WhatsApp refuses empty template parameters: fill in the customer data the parameter comes from.',
				});
			}
			parameters.push(parameter.name ? { name: parameter.name, value } : { value });
		}
		const ready: ReadyTemplate = { name: template.name.trim(), language: whatsappLanguage(template.language), parameters, buttons: [] };
		const extras = templateExtras(template, ready, message.idempotencyKey);
		if (extras) return extras;
		const shape = checkTemplateShape(ready);
		if (shape) return shape;
		return { kind: 'template', template: ready };
	}
	const text = typeof message.text === 'string' ? message.text : '';
	if (text.trim() === '') {
		return failure('permanent', 'invalid_message', {
			message: 'The message text is empty.',
			hint: 'Check the message the Render Collection Message node produced for this item (message.text).',
		});
	}
	if (text.length > maxTextLength) {
		return failure('permanent', 'invalid_message', {
			message: `The message has ${text.length} characters; this provider accepts at most ${maxTextLength}.`,
			hint: 'Shorten the template for this channel.',
		});
	}
	return { kind: 'text', text };
}

/**
 * What every adapter checks before building a request, in this order: a channel it sends, a
 * normalised recipient, then the content ({@link messageContent}).
 */
export function sendableContent(
	message: OutboundMessage,
	provider: string,
	channels: readonly Channel[],
	maxTextLength: number,
): MessageContent | GatewayFailure {
	if (!channels.includes(message.channel)) return unsupportedChannel(provider, message.channel, channels);
	return recipientFailure(message) ?? messageContent(message, maxTextLength);
}

/**
 * WhatsApp rejects template parameters with new lines, tabs or more than four spaces in a row
 * (reported), so whitespace runs become one space.
 */
export function whatsappParameterText(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return '';
	return value.replace(/\s+/g, ' ').trim();
}

/** `pt-BR` → `pt_BR`, `es` stays `es`: Meta's template language codes. */
export function whatsappLanguage(language: string): string {
	const m = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$/.exec(language.trim());
	if (!m) return language.trim();
	return m[2] ? `${m[1].toLowerCase()}_${m[2].toUpperCase()}` : m[1].toLowerCase();
}

/** The provider's own template id: the name itself when it already is one, else the Template IDs setting. */
export function providerTemplateId(
	template: { name: string; language: string },
	options: SendOptions,
	looksLikeId: RegExp,
	provider: string,
	idLabel: string,
): string | GatewayFailure {
	if (looksLikeId.test(template.name)) return template.name;
	const ids = options.templateIds ?? {};
	const id = ids[`${template.name}:${template.language}`] ?? ids[template.name];
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	return failure('permanent', 'template_error', {
		message: `No ${provider} ${idLabel} is set for WhatsApp template "${shorten(template.name, 80)}" (${template.language}).`,
		hint: `${provider} identifies approved templates by its own ${idLabel}: add "${template.name}" with its ${idLabel} to the Template IDs option.`,
	});
}

export function checkCorrelation(key: string | undefined, max: number, field: string): string | undefined | GatewayFailure {
	if (key === undefined || key === '') return undefined;
	if (key.length > max) {
		return failure('permanent', 'invalid_request', {
			message: `The idempotency key has ${key.length} characters; ${field} accepts at most ${max}.`,
			hint: 'Use a shorter idempotency key expression (e.g. invoice id + stage + channel).',
		});
	}
	return key;
}

// ---------------------------------------------------------------------------------------------
// Template headers and buttons, checked against the approved template before sending

const HTTPS_LINK = /^https:\/\/[^\s"'<>]+$/i;
/** Meta allows up to 10 buttons on a template (quick replies and calls to action together). */
export const MAX_TEMPLATE_BUTTONS = 10;
const MAX_GIVEN_PAYLOAD = 256;

/** The plain payload of an intent when the message has no key to put in it (parseButtonPayload reads these). */
const INTENT_ALIASES: Readonly<Record<string, string>> = {
	already_paid: 'PAID',
	negotiate: 'NEGOTIATE',
	opt_out: 'STOP',
	promise_to_pay: 'PROMISE',
	payment_info: 'PAYMENT_INFO',
	dispute: 'DISPUTE',
	wrong_person: 'WRONG_PERSON',
	human: 'HUMAN',
};

function templateFailure(template: { name: string; language?: string }, problem: string, hint: string): GatewayFailure {
	return failure('permanent', 'template_error', {
		message: `WhatsApp template "${shorten(template.name, 80)}"${template.language ? ` (${template.language})` : ''}: ${problem}.`,
		hint,
	});
}

/** Reads the header and the buttons into `ready`, or says what is wrong before anything is sent. */
function templateExtras(template: WhatsAppTemplate, ready: ReadyTemplate, key: string | undefined): GatewayFailure | undefined {
	const header = template.header as unknown;
	if (header !== undefined && header !== null) {
		const h = asObject(header);
		const link = typeof h?.link === 'string' ? h.link.trim() : '';
		if (!h || (h.type !== undefined && h.type !== 'document')) {
			return templateFailure(ready, 'the header is not a document', 'Only document headers (a PDF link) are sent by this node.');
		}
		if (!HTTPS_LINK.test(link)) {
			return templateFailure(
				ready,
				`the document header's link ${link === '' ? 'is empty' : `"${shorten(link, 80)}" is not an https address`}`,
				'WhatsApp fetches the document from the web over https: give the https:// link to the PDF.',
			);
		}
		ready.header = { link };
		if (typeof h.filename === 'string' && h.filename.trim() !== '') ready.header.filename = h.filename.trim().slice(0, 240);
	}
	const buttons = template.buttons as unknown;
	if (buttons === undefined || buttons === null) return undefined;
	if (!Array.isArray(buttons)) return templateFailure(ready, 'the buttons are not a list', 'Give the quick-reply buttons as a list, in the template’s order.');
	if (buttons.length > MAX_TEMPLATE_BUTTONS) {
		return templateFailure(ready, `has ${buttons.length} buttons; WhatsApp allows at most ${MAX_TEMPLATE_BUTTONS}`, 'Send only the buttons the template was approved with.');
	}
	for (let i = 0; i < buttons.length; i++) {
		const button = asObject(buttons[i]);
		const given = typeof button?.payload === 'string' ? button.payload.trim() : '';
		const text = typeof button?.text === 'string' && button.text.trim() !== '' ? button.text.trim() : undefined;
		let payload: string;
		if (given !== '') {
			if (given.length > MAX_GIVEN_PAYLOAD) return templateFailure(ready, `button ${i + 1}'s payload has ${given.length} characters (at most ${MAX_GIVEN_PAYLOAD})`, 'Use a shorter payload.');
			payload = given;
		} else {
			const intent = typeof button?.intent === 'string' ? button.intent : '';
			if (!Object.prototype.hasOwnProperty.call(INTENT_ALIASES, intent)) {
				return templateFailure(
					ready,
					`button ${i + 1} has no payload and no intent it could be made from${intent ? ` ("${shorten(intent, 40)}" is not one)` : ''}`,
					`Give each button an intent (${Object.keys(INTENT_ALIASES).join(', ')}) or a payload.`,
				);
			}
			if (key === undefined || key === '') payload = INTENT_ALIASES[intent];
			else {
				try {
					payload = buttonPayload(intent as ReplyIntent, key);
				} catch (error) {
					const problem = error instanceof InvalidValueError ? error.problem : String(error);
					return templateFailure(ready, `button ${i + 1}: ${problem}`, error instanceof InvalidValueError ? error.hint : 'Check the button.');
				}
			}
		}
		ready.buttons.push(text ? { payload, text } : { payload });
	}
	return undefined;
}

/** What Meta approved a template with: body parameters, a document header, quick-reply buttons. */
export interface TemplateShape {
	bodyParameters: number;
	documentHeader: boolean;
	quickReplies: number;
}

let builtInShapes: Map<string, TemplateShape> | undefined;

/** The shapes of the package's own templates (whatsapp-templates.json), by `name|language`. */
export function builtInTemplateShapes(): Map<string, TemplateShape> {
	if (!builtInShapes) {
		builtInShapes = new Map();
		for (const template of BUILT_IN_TEMPLATES as unknown as Array<{ name: string; language: string; components: Array<Record<string, unknown>> }>) {
			const body = template.components.find((c) => c.type === 'BODY');
			const buttons = template.components.find((c) => c.type === 'BUTTONS');
			builtInShapes.set(`${template.name}|${template.language}`, {
				bodyParameters: (String(body?.text ?? '').match(/\{\{\d+\}\}/g) ?? []).length,
				documentHeader: template.components.some((c) => c.type === 'HEADER' && c.format === 'DOCUMENT'),
				quickReplies: Array.isArray(buttons?.buttons) ? (buttons.buttons as unknown[]).length : 0,
			});
		}
	}
	return builtInShapes;
}

function describeShape(shape: { bodyParameters: number; documentHeader: boolean; quickReplies: number }, parameters: string): string {
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	return `${plural(shape.bodyParameters, parameters)}, ${shape.documentHeader ? 'a document header' : 'no document header'} and ${plural(shape.quickReplies, 'quick-reply button')}`;
}

/**
 * A message for one of the package's own templates must match what Meta approved, or Meta refuses
 * it (#132000: the number of parameters does not match; #100 / #132012: a header or a button the
 * template does not have, or one missing): said here, before any request. Buttons may be left
 * out (a tap then sends the button's text). Templates of your own are not known here.
 */
export function checkTemplateShape(template: ReadyTemplate, shapes: Map<string, TemplateShape> = builtInTemplateShapes()): GatewayFailure | undefined {
	const shape = shapes.get(`${template.name}|${template.language}`);
	if (!shape) return undefined;
	const sent = { bodyParameters: template.parameters.length, documentHeader: template.header !== undefined, quickReplies: template.buttons.length };
	const buttonsOk = sent.quickReplies === 0 || sent.quickReplies === shape.quickReplies;
	if (sent.bodyParameters === shape.bodyParameters && sent.documentHeader === shape.documentHeader && buttonsOk) return undefined;
	const code = sent.bodyParameters !== shape.bodyParameters ? '#132000' : '#100';
	return templateFailure(
		template,
		`it was approved with ${describeShape(shape, 'body parameter')}; this message has ${describeShape(sent, 'parameter')}`,
		`Meta would refuse it (${code}). Render the message again with Render Collection Message (a document header goes with the template named …_doc), or check the template in WhatsApp Manager.`,
	);
}

// ---------------------------------------------------------------------------------------------
// Reading bodies

export function asObject(value: unknown): Record<string, unknown> | undefined {
	if (typeof value === 'string') {
		const text = value.trim();
		if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
		try {
			return asObject(JSON.parse(text));
		} catch {
			return undefined;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Parses a body that may still be the raw text of a JSON reply. */
export function parseBody(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return JSON.parse(text);
	} catch {
		return value;
	}
}

// ---------------------------------------------------------------------------------------------
// Requests

export function jsonHeaders(): Record<string, string> {
	return { Accept: 'application/json', 'Content-Type': 'application/json' };
}

/**
 * A POST of a JSON body (or a form: Twilio) to `baseUrl + path`; `correlation` says where the
 * idempotency key went, and is left out when there is none.
 */
export function postRequest(
	provider: ProviderName,
	target: { baseUrl: string; path: string },
	body: Record<string, unknown>,
	options: { form?: boolean; correlation?: { field: string; value: string | undefined } } = {},
): GatewayRequest {
	const request: GatewayRequest = {
		provider,
		method: 'POST',
		baseUrl: target.baseUrl,
		path: target.path,
		url: `${target.baseUrl}${target.path}`,
		headers: options.form ? { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' } : jsonHeaders(),
		body,
		contentType: options.form ? 'form' : 'json',
		json: !options.form,
	};
	const correlation = options.correlation;
	if (correlation?.value) request.correlation = { field: correlation.field, value: correlation.value };
	return request;
}

/** `application/x-www-form-urlencoded` text of a form body (as n8n and Twilio encode it). */
export function encodeForm(fields: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null) continue;
		params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
	}
	return params.toString();
}

const SECRET_NAME = /authori[sz]ation|token|secret|password|passwd|api[-_ ]?key|apikey|signature|cookie|credential|^key$|^auth$/i;
export const REDACTED = '[redacted]';

export interface RedactOptions {
	/** Secret values to remove wherever they appear (the credential's token, key, password). */
	secrets?: string[];
	/** Other replacements, e.g. a phone number → its masked form. */
	replacements?: Record<string, string>;
}

/**
 * A copy of a request that is safe to show in a dry run, an output item or a log: header and
 * query parameters with secret-sounding names are blanked, and every known secret value is
 * removed wherever it appears (URL, headers, body).
 */
export function redactRequest(request: GatewayRequest, options: RedactOptions = {}): GatewayRequest {
	const secrets = (options.secrets ?? []).filter((s) => typeof s === 'string' && s.length >= 4);
	const replacements = Object.entries(options.replacements ?? {}).filter(([from]) => from.length > 0);
	const clean = (text: string): string => {
		let out = text;
		for (const secret of secrets) out = out.split(secret).join(REDACTED);
		for (const secret of secrets) {
			const encoded = encodeURIComponent(secret);
			if (encoded !== secret) out = out.split(encoded).join(REDACTED);
		}
		for (const [from, to] of replacements) out = out.split(from).join(to);
		return out;
	};
	const cleanValue = (value: unknown): unknown => {
		if (typeof value === 'string') return clean(value);
		if (Array.isArray(value)) return value.map(cleanValue);
		if (value !== null && typeof value === 'object') {
			const out: Record<string, unknown> = {};
			for (const [key, inner] of Object.entries(value)) {
				out[key] = typeof inner === 'string' && SECRET_NAME.test(key) ? REDACTED : cleanValue(inner);
			}
			return out;
		}
		return value;
	};
	const cleanMap = (map: Record<string, string>, extraSecretName?: string): Record<string, string> => {
		const out: Record<string, string> = {};
		for (const [key, value] of Object.entries(map)) {
			const secretName = SECRET_NAME.test(key) || (extraSecretName !== undefined && key.toLowerCase() === extraSecretName.toLowerCase());
			out[key] = secretName ? REDACTED : clean(value);
		}
		return out;
	};
	const authName = request.auth?.name;
	const copy: GatewayRequest = {
		...request,
		baseUrl: clean(request.baseUrl),
		path: clean(redactQuery(request.path, authName)),
		url: clean(redactQuery(request.url, authName)),
		headers: cleanMap(request.headers, request.auth?.mode === 'header' ? authName : undefined),
	};
	if (request.qs) copy.qs = cleanMap(request.qs, request.auth?.mode === 'query' ? authName : undefined);
	if (request.body !== undefined) copy.body = cleanValue(request.body) as Record<string, unknown>;
	if (request.correlation) copy.correlation = { ...request.correlation };
	if (request.auth) copy.auth = { ...request.auth };
	return copy;
}

function redactQuery(url: string, extraName: string | undefined): string {
	const q = url.indexOf('?');
	if (q < 0) return url;
	const hash = url.indexOf('#', q);
	const query = url.slice(q + 1, hash >= 0 ? hash : undefined);
	const parts = query.split('&').map((pair) => {
		const eq = pair.indexOf('=');
		if (eq < 0) return pair;
		let name: string;
		try {
			name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
		} catch {
			name = pair.slice(0, eq);
		}
		const secret = SECRET_NAME.test(name) || (extraName !== undefined && name.toLowerCase() === extraName.toLowerCase());
		return secret ? `${pair.slice(0, eq)}=${encodeURIComponent(REDACTED)}` : pair;
	});
	return `${url.slice(0, q + 1)}${parts.join('&')}${hash >= 0 ? url.slice(hash) : ''}`;
}

/** The adapters trust `normalizePhone`, but a hand-built message could carry anything. */
export function recipientFailure(message: OutboundMessage): GatewayFailure | undefined {
	const to = message.to;
	if (!to || typeof to.e164 !== 'string' || !/^\+[1-9]\d{6,14}$/.test(to.e164) || to.digits !== to.e164.slice(1)) {
		return failure('permanent', 'invalid_number', {
			message: 'The recipient is not a normalised phone number (+ and 7 to 15 digits).',
			hint: 'Normalise the phone number before building the request.',
		});
	}
	return undefined;
}

export function unsupportedChannel(provider: string, channel: string, supported: readonly string[]): GatewayFailure {
	return failure('permanent', 'configuration', {
		message: `${provider} cannot send ${channel === 'sms' ? 'SMS' : channel === 'whatsapp' ? 'WhatsApp' : `"${channel}"`} messages through this node.`,
		hint: `Choose a provider that sends ${channel === 'sms' ? 'SMS' : channel} for these items, or send them by ${supported.join(' or ')}.`,
	});
}

// ---------------------------------------------------------------------------------------------
// Replies

/** A 2xx reply that carried an error body: the classified error decides `failed` or `unknown`. */
export function replyFromError(error: GatewayFailure): ParsedReply {
	return { status: error.kind === 'ambiguous' ? 'unknown' : 'failed', providerMessageId: null, providerStatus: null, error };
}

/** The HTTP status to classify an error body with: a 2xx that carried one counts as a 400. */
export function errorStatus(status: number): number {
	return status >= 200 && status < 300 ? 400 : status;
}

/** A 2xx reply without a message id: it is not known whether the provider took the message. */
export function replyWithoutId(status: number, providerStatus: string | null, text: { message: string; hint: string }): ParsedReply {
	return {
		status: 'unknown',
		providerMessageId: null,
		providerStatus,
		error: failure('ambiguous', 'provider_error', { httpStatus: status, message: text.message, hint: text.hint }),
	};
}

/** The body of an error reply as an object, and the wait its headers ask for. */
export function errorReply(
	body: unknown,
	headers: HeaderMap | undefined,
	context: ClassifyContext,
): { reply: Record<string, unknown> | undefined; retryAfterMs: number | undefined } {
	return { reply: asObject(parseBody(body)), retryAfterMs: retryAfterFrom(headers, context.nowMs) };
}

// ---------------------------------------------------------------------------------------------
// The shape every adapter shares

/** Who the provider is; `channelsOf` narrows the channels per setting (generic gateway). */
export interface AdapterIdentity<Prepared> {
	provider: ProviderName;
	label: string;
	channels: readonly Channel[];
	channelsOf?: (prepared: Prepared) => readonly Channel[];
}

/** The send half: settings checked once, then requests built and replies read with them. */
export interface SendHalf<Settings, Prepared> {
	prepare(settings: Settings, options: SendOptions): Prepared | InvalidSettingError;
	buildRequest(message: OutboundMessage, prepared: Prepared): GatewayRequest | GatewayFailure;
	parseSuccess(status: number, body: unknown, prepared: Prepared): ParsedReply;
	classifyError(status: number, body: unknown, headers: HeaderMap | undefined, context: ClassifyContext | undefined, prepared: Prepared): GatewayFailure;
}

/** The inbound half: secrets (and settings) checked once, then each webhook verified and read with them. */
export interface InboundHalf<Secrets, Checked, ReceiveSettings> {
	check(secrets: Secrets, settings: ReceiveSettings | undefined): Checked | InvalidSettingError;
	verify(request: WebhookRequest, checked: Checked): WebhookVerification;
	parse(request: WebhookRequest, checked: Checked): InboundParseResult;
	handshake?(query: WebhookRequest['query'], checked: Checked): HandshakeAnswer;
}

/**
 * One provider, written once as its two halves: the {@link GatewayAdapter} the nodes use, whose
 * `prepare` and `receiver` check their settings once and bind them.
 */
export function defineAdapter<Settings, Prepared, Secrets, Checked, ReceiveSettings = undefined>(
	identity: AdapterIdentity<Prepared>,
	send: SendHalf<Settings, Prepared>,
	inbound: InboundHalf<Secrets, Checked, ReceiveSettings>,
): GatewayAdapter<Settings, Secrets, ReceiveSettings> {
	const { provider, label, channels } = identity;
	return {
		provider,
		label,
		channels,
		prepare(settings: Settings, options: SendOptions = {}): Gateway | InvalidSettingError {
			const prepared = send.prepare(settings, options);
			if (prepared instanceof InvalidSettingError) return prepared;
			return {
				provider,
				label,
				channels: identity.channelsOf?.(prepared) ?? channels,
				buildRequest: (message) => send.buildRequest(message, prepared),
				parseSuccess: (status, body) => send.parseSuccess(status, body, prepared),
				classifyError: (status, body, headers, context) => send.classifyError(status, body, headers, context, prepared),
			};
		},
		receiver(secrets: Secrets, settings?: ReceiveSettings): WebhookReceiver | InvalidSettingError {
			const checked = inbound.check(secrets, settings);
			if (checked instanceof InvalidSettingError) return checked;
			const receiver: WebhookReceiver = {
				provider,
				verify: (request) => inbound.verify(request, checked),
				parse: (request) => inbound.parse(request, checked),
			};
			const { handshake } = inbound;
			if (handshake) receiver.handshake = (query) => handshake(query, checked);
			return receiver;
		},
	};
}
