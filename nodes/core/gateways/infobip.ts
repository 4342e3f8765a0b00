/**
 * Infobip SMS and WhatsApp, gateways.md §4. Account-specific base URL, `Authorization: App <key>`
 * added by the credential. SMS through `/sms/3/messages` (or the legacy `/sms/2/text/advanced`),
 * WhatsApp through `/whatsapp/1/message/template` and `/whatsapp/1/message/text`.
 * The idempotency key is our `messageId`, which Infobip keeps and shows in reports and logs, and
 * also our `callbackData`, which Infobip echoes in delivery reports.
 *
 * Inbound: batched JSON (`{"results": […]}`) delivery reports, seen reports and inbound messages,
 * unsigned: the subscription's Basic auth (or a secret header) is checked.
 */
import { InvalidSettingError } from '../errors';
import {
	asObject, asString, baseUrlAndSenders, checkCorrelation, classifyHttpStatus, type CodeRule, defineAdapter,
	errorReply, errorStatus, failure, fromRule, missingSender, parseBody, postRequest, replyFromError, replyWithoutId, sendableContent, textSetting,
} from './common';
import {
	channelWord, checkSharedSecret, dedupeId, FAILURE_STATUSES, failureFields, inboundBatch, inboundEvent, isoFromDateText, media,
	mediaType, neverThrow, providerPhone, quoted, readJsonObject, text, unreadable, verifySharedSecret,
} from './inbound';
import type {
	Channel, ClassifyContext, DeliveryStatus, FailureReason, GatewayFailure, GatewayRequest, HeaderMap, InboundButton, InboundEvent, InboundMedia,
	InboundParseResult, OutboundMessage, ParsedReply, SendOptions, SharedSecretAuth, WebhookRequest, WebhookVerification,
} from './types';

const MAX_SMS = 4000;
const MAX_WHATSAPP = 4096;
const MAX_CALLBACK_DATA = 4000;

export type InfobipSmsApi = 'v3' | 'v2';

export const INFOBIP_TRANSLITERATIONS = [
	'NONE',
	'TURKISH',
	'GREEK',
	'CYRILLIC',
	'SERBIAN_CYRILLIC',
	'CENTRAL_EUROPEAN',
	'BALTIC',
	'NON_UNICODE',
	'PORTUGUESE',
	'COLOMBIAN',
	'BULGARIAN_CYRILLIC',
	'ALL',
] as const;
export const INFOBIP_LANGUAGE_CODES = ['NONE', 'TR', 'ES', 'PT', 'AUTODETECT'] as const;

/** The non-secret fields of the Infobip credential (the API key is added by n8n). */
export interface InfobipSettings {
	/** Your account's own base URL, `https://xxxxx.api.infobip.com` (Infobip portal home page). */
	baseUrl: string;
	/** SMS sender: a number or an alphanumeric sender name registered for the destination countries. */
	smsSender?: string;
	/** WhatsApp sender: the registered WhatsApp Business number (digits). */
	whatsappSender?: string;
	/** `v3` (`/sms/3/messages`, default) or the legacy `v2` (`/sms/2/text/advanced`). */
	smsApi?: InfobipSmsApi;
	/** SMS only: replace accented letters on Infobip's side (e.g. PORTUGUESE) to stay in GSM-7. */
	transliteration?: string;
	/** SMS only: national language shift table (PT, ES, TR) or AUTODETECT. */
	languageCode?: string;
}

interface PreparedInfobip {
	baseUrl: string;
	smsSender?: string;
	whatsappSender?: string;
	smsApi: InfobipSmsApi;
	transliteration?: string;
	languageCode?: string;
	notifyUrl?: string;
}

const SENDER_HINT = 'Enter the SMS sender (number or registered sender name) and/or the WhatsApp sender number.';

export function prepareInfobip(settings: InfobipSettings, options: SendOptions = {}): PreparedInfobip | InvalidSettingError {
	const base = baseUrlAndSenders('Infobip', settings.baseUrl, undefined, [settings.smsSender, settings.whatsappSender], SENDER_HINT);
	if (base instanceof InvalidSettingError) return base;
	const { baseUrl, sms: smsSender, whatsapp: whatsappSender } = base;
	const smsApi = textSetting(settings.smsApi) ?? 'v3';
	if (smsApi !== 'v3' && smsApi !== 'v2') {
		return new InvalidSettingError('Infobip SMS API', `"${smsApi.slice(0, 20)}" is not v3 or v2`, 'Use v3 (current) or v2 (legacy).');
	}
	const transliteration = textSetting(settings.transliteration)?.toUpperCase();
	if (transliteration && !(INFOBIP_TRANSLITERATIONS as readonly string[]).includes(transliteration)) {
		return new InvalidSettingError(
			'SMS Transliteration',
			`"${transliteration.slice(0, 30)}" is not an Infobip transliteration`,
			`Use one of ${INFOBIP_TRANSLITERATIONS.join(', ')}, or leave it empty.`,
		);
	}
	const languageCode = textSetting(settings.languageCode)?.toUpperCase();
	if (languageCode && !(INFOBIP_LANGUAGE_CODES as readonly string[]).includes(languageCode)) {
		return new InvalidSettingError(
			'SMS Language',
			`"${languageCode.slice(0, 20)}" is not an Infobip language code`,
			`Use one of ${INFOBIP_LANGUAGE_CODES.join(', ')}, or leave it empty.`,
		);
	}
	return {
		baseUrl,
		smsSender,
		whatsappSender: whatsappSender?.replace(/^\+/, ''),
		smsApi,
		transliteration,
		languageCode,
		notifyUrl: textSetting(options.statusCallbackUrl),
	};
}

export function buildInfobipRequest(message: OutboundMessage, prepared: PreparedInfobip): GatewayRequest | GatewayFailure {
	const whatsapp = message.channel === 'whatsapp';
	const content = sendableContent(message, 'Infobip', INFOBIP_CHANNELS, whatsapp ? MAX_WHATSAPP : MAX_SMS);
	if ('reason' in content) return content;
	const sender = whatsapp ? prepared.whatsappSender : prepared.smsSender;
	if (!sender) return missingSender('Infobip', whatsapp, 'SMS sender');
	const to = message.to.digits;
	const key = checkCorrelation(message.idempotencyKey, MAX_CALLBACK_DATA, 'callbackData');
	if (typeof key === 'object') return key;
	let path: string;
	let body: Record<string, unknown>;

	if (!whatsapp && content.kind === 'text') {
		const destination: Record<string, string> = { to };
		if (key) destination.messageId = key;
		if (prepared.smsApi === 'v3') {
			const smsContent: Record<string, unknown> = { text: content.text };
			if (prepared.transliteration) smsContent.transliteration = prepared.transliteration;
			if (prepared.languageCode) smsContent.language = { languageCode: prepared.languageCode };
			const sms: Record<string, unknown> = { sender, destinations: [destination], content: smsContent };
			const webhooks: Record<string, unknown> = {};
			if (prepared.notifyUrl) Object.assign(webhooks, { delivery: { url: prepared.notifyUrl }, contentType: 'application/json' });
			if (key) webhooks.callbackData = key;
			if (Object.keys(webhooks).length > 0) sms.webhooks = webhooks;
			path = '/sms/3/messages';
			body = { messages: [sms] };
		} else {
			const sms: Record<string, unknown> = { from: sender, destinations: [destination], text: content.text };
			if (prepared.transliteration) sms.transliteration = prepared.transliteration;
			if (prepared.languageCode) sms.language = { languageCode: prepared.languageCode };
			if (prepared.notifyUrl) {
				sms.notifyUrl = prepared.notifyUrl;
				sms.notifyContentType = 'application/json';
			}
			if (key) sms.callbackData = key;
			path = '/sms/2/text/advanced';
			body = { messages: [sms] };
		}
	} else if (content.kind === 'template') {
		const { template } = content;
		const templateData: Record<string, unknown> = { body: { placeholders: template.parameters.map((p) => p.value) } };
		if (template.header) {
			const header: Record<string, string> = { type: 'DOCUMENT', mediaUrl: template.header.link };
			if (template.header.filename) header.filename = template.header.filename;
			templateData.header = header;
		}
		if (template.buttons.length > 0) templateData.buttons = template.buttons.map((b) => ({ type: 'QUICK_REPLY', parameter: b.payload }));
		const wa: Record<string, unknown> = {
			from: sender,
			to,
			content: { templateName: template.name, templateData, language: template.language },
		};
		if (key) Object.assign(wa, { messageId: key, callbackData: key });
		if (prepared.notifyUrl) wa.notifyUrl = prepared.notifyUrl;
		path = '/whatsapp/1/message/template';
		body = { messages: [wa] };
	} else {
		body = { from: sender, to, content: { text: content.text, previewUrl: false } };
		if (key) Object.assign(body, { messageId: key, callbackData: key });
		if (prepared.notifyUrl) body.notifyUrl = prepared.notifyUrl;
		path = '/whatsapp/1/message/text';
	}
	return postRequest('infobip', { baseUrl: prepared.baseUrl, path }, body, { correlation: { field: 'messageId, callbackData', value: key } });
}

/**
 * Infobip message statuses by id (groups 2 UNDELIVERABLE, 4 EXPIRED, 5 REJECTED); ids are stable,
 * names vary between API versions. Unknown ids fall back to their group, then to name keywords.
 */
const STATUS_RULES: Record<number, CodeRule> = {
	4: { kind: 'permanent', reason: 'undeliverable', hint: 'The operator rejected the message.' },
	9: { kind: 'permanent', reason: 'undeliverable', hint: 'The operator could not deliver the message.' },
	15: { kind: 'permanent', reason: 'undeliverable', hint: 'The message expired before it could be delivered.' },
	29: { kind: 'permanent', reason: 'undeliverable', hint: 'The message expired without a delivery report.' },
	6: { kind: 'permanent', reason: 'undeliverable', hint: 'The destination network is not reachable from your Infobip account.' },
	8: { kind: 'permanent', reason: 'invalid_number', hint: 'The number lacks its country code.' },
	10: {
		kind: 'permanent',
		reason: 'opted_out',
		hint: 'The recipient is on a do-not-disturb (DND) list. Mark the debtor as opted out for this channel.',
	},
	11: { kind: 'permanent', reason: 'sender_rejected', hint: 'The sender is not valid for this destination. Check the sender registration.' },
	12: {
		kind: 'fatal_credential',
		reason: 'payment',
		hint: 'The Infobip account has not enough credit. Add credit before sending more.',
	},
	13: { kind: 'permanent', reason: 'sender_rejected', hint: 'The sender was refused for this destination. Check the sender registration.' },
	14: { kind: 'permanent', reason: 'undeliverable', hint: 'The destination refused the message.' },
	16: { kind: 'permanent', reason: 'undeliverable', hint: 'The destination is not reachable.' },
	17: {
		kind: 'fatal_credential',
		reason: 'payment',
		hint: 'The Infobip prepaid package has expired. Renew it before sending more.',
	},
	18: { kind: 'permanent', reason: 'undeliverable', hint: 'The destination is not registered on the network.' },
	19: {
		kind: 'permanent',
		reason: 'region_not_enabled',
		hint: 'No route is available to this destination for your account. Ask Infobip to enable it.',
	},
	20: {
		kind: 'deferred',
		reason: 'frequency_cap',
		retryAfterMs: 24 * 3_600_000,
		hint: 'Infobip’s flooding filter stopped the message (too many messages to this number). Do not retry now.',
	},
	21: { kind: 'retryable', reason: 'provider_error', hint: 'Infobip had a system error before sending. Retry later.' },
	23: { kind: 'permanent', reason: 'duplicate', hint: 'A message with this messageId was already sent. It was not sent again.' },
	24: { kind: 'permanent', reason: 'invalid_message', hint: 'The message header is invalid.' },
	25: { kind: 'permanent', reason: 'invalid_message', hint: 'The message is too long. Shorten the template.' },
	51: { kind: 'permanent', reason: 'invalid_number', hint: 'The destination number is missing.' },
	52: { kind: 'permanent', reason: 'invalid_number', hint: 'The destination number is not valid.' },
};

const NAME_KEYWORDS: Array<[RegExp, FailureReason]> = [
	[/SENDER|SOURCE/, 'sender_rejected'],
	[/DND|BLOCKLIST|BLACKLIST|OPT_?OUT/, 'opted_out'],
	[/PREFIX|INVALID_DESTINATION|MISSING_TO|INVALID_NUMBER/, 'invalid_number'],
	[/DUPLICATE/, 'duplicate'],
	[/TOO_LONG|UDH/, 'invalid_message'],
];

const PENDING_OR_DELIVERED = new Set([1, 3]);

function statusFailure(statusObject: Record<string, unknown>, httpStatus: number | null): GatewayFailure | undefined {
	const groupId = Number(statusObject.groupId);
	const id = Number(statusObject.id);
	const name = asString(statusObject.name) ?? '';
	const groupName = asString(statusObject.groupName) ?? '';
	if (PENDING_OR_DELIVERED.has(groupId) || /^(PENDING|DELIVERED)/.test(groupName)) return undefined;
	if (!Number.isFinite(groupId) && !groupName) return undefined;
	const message = [name, asString(statusObject.description)].filter((s) => s).join(' — ') || `Infobip status ${groupName}`;
	const code = name || (Number.isFinite(id) ? String(id) : groupName);
	const rule = STATUS_RULES[id];
	if (rule) return fromRule(rule, code, message, httpStatus, undefined);
	for (const [pattern, reason] of NAME_KEYWORDS) {
		if (pattern.test(name)) return failure('permanent', reason, { code, message, httpStatus });
	}
	if (groupId === 5 || groupName === 'REJECTED') return failure('permanent', 'provider_error', { code, message, httpStatus });
	return failure('permanent', 'undeliverable', { code, message, httpStatus });
}

const NO_ID = { message: 'Infobip answered without a message id, so it is not known whether the message was accepted.', hint: 'Look the message up in the Infobip logs (by your messageId) before sending it again.' };

/**
 * HTTP 200 `{"bulkId":"…","messages":[{"messageId":"…","status":{"groupId":1,"groupName":"PENDING",…}}]}`
 * (WhatsApp text: one such message object, without the list). A status in the REJECTED,
 * UNDELIVERABLE or EXPIRED group inside the 200 is a failure for that message.
 */
export function parseInfobipReply(status: number, body: unknown): ParsedReply {
	const reply = asObject(parseBody(body));
	if (reply && (reply.errorCode !== undefined || reply.requestError !== undefined)) return replyFromError(classifyInfobipError(errorStatus(status), reply));
	const message = Array.isArray(reply?.messages) ? asObject(reply.messages[0]) : reply;
	const id = asString(message?.messageId) ?? null;
	const statusObject = asObject(message?.status);
	const providerStatus = asString(statusObject?.name) ?? asString(statusObject?.groupName) ?? null;
	if (statusObject) {
		const error = statusFailure(statusObject, status);
		if (error) return { status: 'failed', providerMessageId: id, providerStatus, error };
	}
	if (!id) return replyWithoutId(status, providerStatus, NO_ID);
	return { status: 'sent', providerMessageId: id, providerStatus };
}

/** Current (`errorCode` E400…) and legacy (`requestError.serviceException.messageId`) error codes. */
export const INFOBIP_CODES: Record<string, CodeRule> = {
	E400: { kind: 'permanent', reason: 'invalid_request', hint: 'Infobip refused the request. See the message for the field.' },
	BAD_REQUEST: { kind: 'permanent', reason: 'invalid_request', hint: 'Infobip refused the request. See the message for the field.' },
	E401: {
		kind: 'fatal_credential',
		reason: 'auth',
		hint: 'Infobip refused the API key. Create an API key in the Infobip portal and save it in the credential.',
	},
	UNAUTHORIZED: {
		kind: 'fatal_credential',
		reason: 'auth',
		hint: 'Infobip refused the API key. Create an API key in the Infobip portal and save it in the credential.',
	},
	E403: {
		kind: 'fatal_credential',
		reason: 'permission',
		hint: 'The API key may not use this API. Give the key the SMS / WhatsApp scopes in the Infobip portal.',
	},
	FORBIDDEN: {
		kind: 'fatal_credential',
		reason: 'permission',
		hint: 'The API key may not use this API. Give the key the SMS / WhatsApp scopes in the Infobip portal.',
	},
	E404: {
		kind: 'fatal_credential',
		reason: 'configuration',
		hint: 'Infobip does not know this address. Check the Base URL of the credential (it is specific to your account).',
	},
	NOT_FOUND: {
		kind: 'fatal_credential',
		reason: 'configuration',
		hint: 'Infobip does not know this address. Check the Base URL of the credential (it is specific to your account).',
	},
	E429: {
		kind: 'retryable',
		reason: 'rate_limited',
		hint: 'Too many requests to Infobip. The message was not sent; retry after a pause.',
	},
	TOO_MANY_REQUESTS: {
		kind: 'retryable',
		reason: 'rate_limited',
		hint: 'Too many requests to Infobip. The message was not sent; retry after a pause.',
	},
	E500: {
		kind: 'ambiguous',
		reason: 'provider_error',
		hint: 'Infobip failed while handling the request, so the message may have been sent. Look it up in the Infobip logs by its messageId before sending again.',
	},
	GENERAL_ERROR: {
		kind: 'ambiguous',
		reason: 'provider_error',
		hint: 'Infobip failed while handling the request, so the message may have been sent. Look it up in the Infobip logs by its messageId before sending again.',
	},
};

export function classifyInfobipError(status: number, body: unknown, headers?: HeaderMap, context: ClassifyContext = {}): GatewayFailure {
	const { reply, retryAfterMs } = errorReply(body, headers, context);
	const exception = asObject(asObject(reply?.requestError)?.serviceException);
	const code = asString(reply?.errorCode) ?? asString(exception?.messageId) ?? null;
	const violations = (Array.isArray(reply?.violations) ? reply.violations : []).map(asObject).filter((v) => v !== undefined);
	const properties = violations.map((v) => asString(v.property) ?? '');
	const legacyFields = Object.keys(asObject(exception?.validationErrors) ?? {});
	const violationText = violations
		.map((v) => [asString(v.property), asString(v.violation)].filter((s) => s).join(': '))
		.concat(legacyFields.map((f) => `${f}: ${JSON.stringify(asObject(exception?.validationErrors)?.[f])}`))
		.join('; ');
	const message =
		[asString(reply?.description) ?? asString(exception?.text), violationText].filter((s) => s).join(' — ') || undefined;
	const rule = code ? INFOBIP_CODES[code] : undefined;
	if (rule?.reason === 'invalid_request') {
		const fields = properties.concat(legacyFields);
		if (fields.some((p) => /(destinations|(^|\.)to$)/.test(p))) {
			return failure('permanent', 'invalid_number', { code, message, httpStatus: status });
		}
		if (fields.some((p) => /template/i.test(p))) return failure('permanent', 'template_error', { code, message, httpStatus: status });
	}
	if (rule) return fromRule(rule, code, message, status, retryAfterMs);
	if (status === 404) return fromRule(INFOBIP_CODES.E404, code, message, status, undefined);
	return classifyHttpStatus(status, message, code, retryAfterMs, { serverErrorIsAmbiguous: true });
}

export const INFOBIP_CHANNELS = ['sms', 'whatsapp'] as const;

// ---------------------------------------------------------------------------------------------
// Inbound: delivery reports, seen reports and inbound messages

/** Infobip's per-message `notifyUrl` is unsigned: the subscription's Basic auth (or a secret header) is checked. */
export function verifyInfobipWebhook(request: WebhookRequest, secrets: SharedSecretAuth): WebhookVerification {
	return verifySharedSecret(request, secrets);
}

/**
 * The status of a delivery report by id, then group: PENDING_ACCEPTED (26) is still with Infobip,
 * other PENDING ones (and DELIVERED_TO_OPERATOR, 2) have left for the network; EXPIRED reports a
 * message that was sent but never delivered.
 */
function infobipStatus(statusObject: Record<string, unknown>): DeliveryStatus | undefined {
	const id = Number(statusObject.id);
	const groupName = asString(statusObject.groupName)?.toUpperCase();
	const group = Number.isFinite(Number(statusObject.groupId)) ? Number(statusObject.groupId) : groupName ? INFOBIP_GROUPS[groupName] : undefined;
	if (id === 26) return 'queued';
	if (id === 2) return 'sent';
	return group === undefined ? undefined : INFOBIP_GROUP_STATUSES[group];
}

const INFOBIP_GROUPS: Record<string, number> = { PENDING: 1, UNDELIVERABLE: 2, DELIVERED: 3, EXPIRED: 4, REJECTED: 5 };
const INFOBIP_GROUP_STATUSES: Record<number, DeliveryStatus> = { 1: 'sent', 2: 'undelivered', 3: 'delivered', 4: 'undelivered', 5: 'failed' };

/**
 * A report's failure: the status rules of a synchronous reply ({@link statusFailure}); an error
 * object other than NO_ERROR names the cause (its name matched against the same keywords).
 */
function reportFailure(statusObject: Record<string, unknown>, errorObject: Record<string, unknown> | undefined): GatewayFailure {
	const byStatus = statusFailure(statusObject, null) ?? failure('permanent', 'undeliverable', { code: asString(statusObject.name) ?? null });
	const errorName = asString(errorObject?.name) ?? '';
	const hasError = errorObject !== undefined && Number(errorObject.id) !== 0 && errorName !== 'NO_ERROR';
	if (!hasError) return byStatus;
	const message = [asString(statusObject.description), [errorName, asString(errorObject.description)].filter((s) => s).join(' — ')]
		.filter((s) => s)
		.join('; ');
	const keyword = NAME_KEYWORDS.find(([pattern]) => pattern.test(errorName))?.[1];
	const reason = byStatus.reason === 'undeliverable' && keyword ? keyword : byStatus.reason;
	return { ...byStatus, reason, code: errorName || asString(errorObject.id) || byStatus.code, message: message || byStatus.message };
}

/** `WHATSAPP` / `SMS` where the report says so; else SMS unless it has WhatsApp-only fields. */
function infobipChannel(result: Record<string, unknown>): Channel {
	return (
		channelWord(result.channel) ??
		channelWord(result.integrationType) ??
		(asObject(result.message) !== undefined || result.seenAt !== undefined ? 'whatsapp' : 'sms')
	);
}

/**
 * `{"results": […]}` batches, split: delivery reports (a `status` object), WhatsApp seen reports
 * (`seenAt`) and inbound messages (`receivedAt`: SMS with `text`, WhatsApp with a `message`
 * object). `messageCount` / `pendingMessageCount` of inbound batches are for pulling and are not read.
 */
export function parseInfobipWebhook(request: WebhookRequest): InboundParseResult {
	return neverThrow(() => {
		const read = readJsonObject(request);
		if ('problem' in read) return unreadable(read.problem);
		if (!Array.isArray(read.value.results)) return unreadable('not an Infobip webhook (no results list)');
		const batch = inboundBatch();
		read.value.results.forEach((value, i) => batch.element(`results[${i}]`, () => infobipResult(asObject(value))));
		return batch.result();
	});
}

function infobipResult(result: Record<string, unknown> | undefined): InboundEvent | string {
	const messageId = text(result?.messageId);
	if (!result || !messageId) return 'a result without a messageId';
	const channel = infobipChannel(result);
	const statusObject = asObject(result.status);
	if (statusObject) {
		const status = infobipStatus(statusObject);
		if (!status) return `unknown Infobip status ${quoted(statusObject.name ?? statusObject.groupName)}`;
		const providerStatus = text(statusObject.name) ?? text(statusObject.groupName);
		return inboundEvent(
			{ provider: 'infobip', channel, kind: 'status', dedupeId: dedupeId('infobip', messageId, asString(statusObject.id) ?? providerStatus) },
			{
				messageId,
				status,
				providerStatus,
				...(FAILURE_STATUSES.has(status) ? failureFields(reportFailure(statusObject, asObject(result.error))) : {}),
				phone: providerPhone(result.to),
				at: isoFromDateText(result.doneAt) ?? isoFromDateText(result.sentAt),
				correlationKey: text(result.callbackData),
			},
		);
	}
	if (result.seenAt !== undefined) {
		return inboundEvent(
			{ provider: 'infobip', channel, kind: 'status', dedupeId: dedupeId('infobip', messageId, 'SEEN') },
			{ messageId, status: 'read', providerStatus: 'SEEN', phone: providerPhone(result.to), at: isoFromDateText(result.seenAt) },
		);
	}
	if (result.receivedAt !== undefined || result.text !== undefined || result.message !== undefined) return infobipInbound(result, messageId, channel);
	return 'neither a delivery report nor an inbound message';
}

function infobipInbound(result: Record<string, unknown>, messageId: string, channel: Channel): InboundEvent {
	const message = asObject(result.message);
	const type = text(message?.type)?.toUpperCase() ?? null;
	let body = message ? text(message.text) : text(result.text);
	let button: InboundButton | null = null;
	const items: InboundMedia[] = [];
	let location: InboundEvent['location'] = null;
	if (type === 'BUTTON') {
		button = { text: text(message?.text), payload: text(message?.payload) };
	} else if (type === 'INTERACTIVE_BUTTON_REPLY' || type === 'INTERACTIVE_LIST_REPLY') {
		button = { text: text(message?.title), payload: text(message?.id) };
		body = button.text;
	} else if (type && ['IMAGE', 'DOCUMENT', 'VIDEO', 'AUDIO', 'VOICE', 'STICKER'].includes(type)) {
		items.push(media(mediaType(null, type), { url: message?.url, caption: message?.caption }));
		body = text(message?.caption);
	} else if (type === 'LOCATION' && Number.isFinite(Number(message?.latitude)) && Number.isFinite(Number(message?.longitude))) {
		location = { latitude: Number(message?.latitude), longitude: Number(message?.longitude) };
		for (const key of ['name', 'address'] as const) if (text(message?.[key])) location[key] = text(message?.[key]) as string;
	}
	return inboundEvent(
		{ provider: 'infobip', channel, kind: 'reply', dedupeId: dedupeId('infobip', messageId) },
		{
			messageId,
			inReplyTo: text(asObject(message?.context)?.id) ?? text(result.pairedMessageId),
			phone: providerPhone(result.from),
			text: body,
			button,
			media: items,
			location,
			messageType: type ? type.toLowerCase() : 'text',
			at: isoFromDateText(result.receivedAt),
			correlationKey: text(result.callbackData),
		},
	);
}

export const infobipAdapter = defineAdapter(
	{ provider: 'infobip', label: 'Infobip', channels: INFOBIP_CHANNELS },
	{ prepare: prepareInfobip, buildRequest: buildInfobipRequest, parseSuccess: parseInfobipReply, classifyError: classifyInfobipError },
	{ check: (secrets: SharedSecretAuth) => checkSharedSecret(secrets, 'Infobip credential'), verify: verifyInfobipWebhook, parse: parseInfobipWebhook },
);
