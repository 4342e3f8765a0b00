/**
 * Zenvia API v2 (SMS and WhatsApp), gateways.md §3.
 * `POST /v2/channels/{sms|whatsapp}/messages`, JSON, `X-API-TOKEN` added by the credential.
 * Templates are Zenvia template ids with named fields. The idempotency key goes into `externalId`,
 * echoed in MESSAGE_STATUS events.
 *
 * Inbound: one JSON event per POST (`MESSAGE_STATUS`, `MESSAGE`), unsigned: the subscription sends
 * a secret header (or Basic auth) that the webhook checks.
 */
import { InvalidSettingError } from '../errors';
import {
	asObject, asString, baseUrlAndSenders, classifyHttpStatus, type CodeRule, defineAdapter, errorReply,
	errorStatus, failure, fromRule, missingSender, parseBody, postRequest, providerTemplateId, replyFromError, replyWithoutId, sendableContent,
	textSetting,
} from './common';
import {
	channelWord, checkSharedSecret, dedupeId, FAILURE_STATUSES, failureFields, inboundBatch, inboundEvent, isoFromDateText, list,
	media, mediaType, neverThrow, providerPhone, quoted, readJson, text, unreadable, verifySharedSecret,
} from './inbound';
import { META_CODES } from './meta';
import type {
	Channel, ClassifyContext, DeliveryStatus, GatewayFailure, GatewayRequest, HeaderMap, InboundButton, InboundEvent, InboundMedia,
	InboundParseResult, OutboundMessage, ParsedReply, SendOptions, SharedSecretAuth, WebhookRequest, WebhookVerification,
} from './types';

export const ZENVIA_BASE_URL = 'https://api.zenvia.com';
/** Zenvia splits long SMS up to 1,520 characters; WhatsApp text up to 4,096. */
const MAX_SMS = 1520;
const MAX_WHATSAPP = 4096;
const TEMPLATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ZenviaEncodingStrategy = 'AUTO' | 'MORE_CHARACTER_SUPPORT' | 'MORE_CHARACTERS_PER_MESSAGE';

/** The non-secret fields of the Zenvia credential (the API token is added by n8n). */
export interface ZenviaSettings {
	baseUrl?: string;
	/** SMS sender: the SMS account alias (keyword) shown in the Zenvia console. */
	smsFrom?: string;
	/** WhatsApp sender: the registered WhatsApp number (digits) or its sender id. */
	whatsappFrom?: string;
	/** SMS only: AUTO (default), MORE_CHARACTER_SUPPORT (keep accents) or MORE_CHARACTERS_PER_MESSAGE (strip them). */
	encodingStrategy?: ZenviaEncodingStrategy;
}

interface PreparedZenvia {
	baseUrl: string;
	smsFrom?: string;
	whatsappFrom?: string;
	encodingStrategy?: ZenviaEncodingStrategy;
	options: SendOptions;
}

const ENCODINGS: ZenviaEncodingStrategy[] = ['AUTO', 'MORE_CHARACTER_SUPPORT', 'MORE_CHARACTERS_PER_MESSAGE'];

const SENDER_HINT = 'Enter the SMS sender (your Zenvia SMS account alias) and/or the WhatsApp sender number registered in Zenvia.';

export function prepareZenvia(settings: ZenviaSettings, options: SendOptions = {}): PreparedZenvia | InvalidSettingError {
	const base = baseUrlAndSenders('Zenvia', settings.baseUrl, ZENVIA_BASE_URL, [settings.smsFrom, settings.whatsappFrom], SENDER_HINT);
	if (base instanceof InvalidSettingError) return base;
	const { baseUrl, sms: smsFrom, whatsapp: whatsappFrom } = base;
	for (const [name, value] of [
		['SMS Sender', smsFrom],
		['WhatsApp Sender', whatsappFrom],
	] as const) {
		if (value && value.length > 64) {
			return new InvalidSettingError(`Zenvia credential: ${name}`, 'is longer than 64 characters', 'Zenvia senders have 1 to 64 characters.');
		}
	}
	const encoding = textSetting(settings.encodingStrategy);
	if (encoding && !ENCODINGS.includes(encoding as ZenviaEncodingStrategy)) {
		return new InvalidSettingError(
			'SMS Encoding Strategy',
			`"${encoding.slice(0, 40)}" is not a Zenvia encoding strategy`,
			`Use one of ${ENCODINGS.join(', ')}.`,
		);
	}
	return {
		baseUrl,
		smsFrom,
		whatsappFrom: whatsappFrom?.replace(/^\+/, ''),
		encodingStrategy: encoding as ZenviaEncodingStrategy | undefined,
		options,
	};
}

/**
 * Zenvia templates take named fields: besides the body's, a template created with a document
 * header reads its link and file name from these fields, and one with quick replies reads each
 * button's payload from `buttonPayload1`, `buttonPayload2`… (create the template with them).
 */
export const ZENVIA_TEMPLATE_FIELDS = { documentUrl: 'documentUrl', documentFilename: 'documentFilename', buttonPayload: 'buttonPayload' } as const;

export function buildZenviaRequest(message: OutboundMessage, prepared: PreparedZenvia): GatewayRequest | GatewayFailure {
	const whatsapp = message.channel === 'whatsapp';
	const content = sendableContent(message, 'Zenvia', ZENVIA_CHANNELS, whatsapp ? MAX_WHATSAPP : MAX_SMS);
	if ('reason' in content) return content;
	const from = whatsapp ? prepared.whatsappFrom : prepared.smsFrom;
	if (!from) return missingSender('Zenvia', whatsapp, 'SMS sender (account alias)');
	let contentBody: Record<string, unknown>;
	if (content.kind === 'text') {
		contentBody = { type: 'text', text: content.text };
		if (!whatsapp && prepared.encodingStrategy) contentBody.encodingStrategy = prepared.encodingStrategy;
	} else {
		const { template } = content;
		const templateId = providerTemplateId(template, prepared.options, TEMPLATE_ID, 'Zenvia', 'template id');
		if (typeof templateId !== 'string') return templateId;
		const names = prepared.options.templateFieldNames?.[template.name] ?? prepared.options.templateFieldNames?.[templateId];
		const fields: Record<string, string> = {};
		for (let i = 0; i < template.parameters.length; i++) {
			const name = template.parameters[i].name ?? names?.[i];
			if (!name) {
				return failure('permanent', 'template_error', {
					message: `Zenvia template "${template.name}" needs a field name for parameter ${i + 1}.`,
					hint: 'Zenvia templates take named fields: give the parameters names, or list the field names of this template in the Template Field Names option.',
				});
			}
			fields[name] = template.parameters[i].value;
		}
		// The document header and the quick replies' payloads are fields of the template too (see ZENVIA_TEMPLATE_FIELDS).
		if (template.header) {
			fields[ZENVIA_TEMPLATE_FIELDS.documentUrl] = template.header.link;
			if (template.header.filename) fields[ZENVIA_TEMPLATE_FIELDS.documentFilename] = template.header.filename;
		}
		template.buttons.forEach((button, index) => {
			fields[`${ZENVIA_TEMPLATE_FIELDS.buttonPayload}${index + 1}`] = button.payload;
		});
		contentBody = { type: 'template', templateId, fields };
	}
	const body: Record<string, unknown> = { from, to: message.to.digits, contents: [contentBody] };
	if (message.idempotencyKey) body.externalId = message.idempotencyKey;
	const target = { baseUrl: prepared.baseUrl, path: `/v2/channels/${message.channel}/messages` };
	return postRequest('zenvia', target, body, { correlation: { field: 'externalId', value: message.idempotencyKey } });
}

const REJECTED = new Set(['REJECTED', 'NOT_DELIVERED']);

/**
 * A REJECTED / NOT_DELIVERED status, in a reply or a MESSAGE_STATUS event alike: the first cause's
 * `channelErrorCode` is WhatsApp's own code on the WhatsApp channel (the Meta table then gives the
 * reason: 131047 → window_closed), an opt-out cause is `opted_out`, anything else `undeliverable`.
 */
function zenviaStatusFailure(statusObject: Record<string, unknown>, providerStatus: string, channel: Channel, httpStatus: number | null): GatewayFailure {
	const cause = asObject(list(statusObject.causes)[0]);
	const code = asString(cause?.channelErrorCode) ?? providerStatus;
	const message =
		[asString(statusObject.description), asString(cause?.reason), asString(cause?.details)].filter((s) => s).join(' — ') ||
		`Zenvia answered with status ${providerStatus}.`;
	const rule = channel === 'whatsapp' ? META_CODES[code] : undefined;
	if (rule) return fromRule(rule, code, message, httpStatus, undefined);
	const optedOut = /opt[\s_-]?out/i.test(`${code} ${asString(cause?.reason) ?? ''}`);
	return failure('permanent', optedOut ? 'opted_out' : 'undeliverable', { code, message, httpStatus });
}

const NO_ID = { message: 'Zenvia answered without a message id, so it is not known whether the message was accepted.', hint: 'Check the Zenvia console reports before sending it again.' };

/**
 * HTTP 200 with the message echoed and its `id` (acceptance only: delivery comes in MESSAGE_STATUS
 * events). An error body or a REJECTED / NOT_DELIVERED status inside a 2xx is a failure.
 */
export function parseZenviaReply(status: number, body: unknown): ParsedReply {
	const reply = asObject(parseBody(body));
	const id = asString(reply?.id) ?? null;
	if (!id && typeof reply?.code === 'string') return replyFromError(classifyZenviaError(errorStatus(status), reply));
	const statusObject = asObject(reply?.messageStatus) ?? asObject(reply?.status);
	const providerStatus = asString(statusObject?.code) ?? asString(reply?.status) ?? null;
	if (providerStatus && REJECTED.has(providerStatus)) {
		const channel = asString(reply?.channel) === 'whatsapp' ? 'whatsapp' : 'sms';
		return { status: 'failed', providerMessageId: id, providerStatus, error: zenviaStatusFailure(statusObject ?? {}, providerStatus, channel, status) };
	}
	if (!id) return replyWithoutId(status, providerStatus, NO_ID);
	return { status: 'sent', providerMessageId: id, providerStatus: providerStatus ?? null };
}

/** Zenvia's error table (gateways.md §3). */
export const ZENVIA_CODES: Record<string, CodeRule> = {
	VALIDATION_ERROR: {
		kind: 'permanent',
		reason: 'invalid_request',
		hint: 'Zenvia refused a field of the request. See the message for the field; fix the data or the credential’s sender.',
	},
	AUTHENTICATION_ERROR: {
		kind: 'fatal_credential',
		reason: 'auth',
		hint: 'Zenvia refused the API token. Create an API token in the Zenvia console and save it in the credential.',
	},
	NOT_FOUND: {
		kind: 'permanent',
		reason: 'invalid_request',
		hint: 'Zenvia did not find what the request refers to (sender, channel or template). Check the credential’s sender and the template id.',
	},
	DUPLICATED: {
		kind: 'permanent',
		reason: 'duplicate',
		hint: 'Zenvia says this message duplicates one already received. It was not sent again.',
	},
	INTERNAL_ERROR: {
		kind: 'retryable',
		reason: 'provider_error',
		hint: 'Zenvia had an internal error (its documentation says to retry). Retry later.',
	},
};

/** `{"code":"VALIDATION_ERROR","message":"…","details":[{"code":"…","path":"to","message":"…"}]}`. */
export function classifyZenviaError(status: number, body: unknown, headers?: HeaderMap, context: ClassifyContext = {}): GatewayFailure {
	const { reply, retryAfterMs } = errorReply(body, headers, context);
	const code = asString(reply?.code) ?? null;
	const details = (Array.isArray(reply?.details) ? reply.details : []).map(asObject).filter((d) => d !== undefined);
	const detailText = details
		.map((d) => [asString(d.path), asString(d.message)].filter((s) => s).join(': '))
		.filter((s) => s)
		.join('; ');
	const message = [asString(reply?.message), detailText].filter((s) => s).join(' — ') || undefined;
	if (code === 'VALIDATION_ERROR') {
		const paths = details.map((d) => asString(d.path) ?? '');
		if (paths.some((p) => /(^|\.)to$/.test(p))) {
			return failure('permanent', 'invalid_number', { code, message, httpStatus: status });
		}
		if (paths.some((p) => /templateId|fields/.test(p))) {
			return failure('permanent', 'template_error', { code, message, httpStatus: status });
		}
		if (paths.some((p) => /(^|\.)from$/.test(p))) {
			return failure('fatal_credential', 'configuration', {
				code,
				message,
				httpStatus: status,
				hint: 'Zenvia refused the sender. Check the SMS sender (account alias) or WhatsApp sender of the credential.',
			});
		}
	}
	const rule = code ? ZENVIA_CODES[code] : undefined;
	if (rule) return fromRule(rule, code, message, status, retryAfterMs);
	return classifyHttpStatus(status, message, code, retryAfterMs, { serverErrorIsAmbiguous: false });
}

export const ZENVIA_CHANNELS = ['sms', 'whatsapp'] as const;

// ---------------------------------------------------------------------------------------------
// Inbound: MESSAGE_STATUS and MESSAGE events

/** Zenvia does not sign events: the subscription's own header (`webhook.headers`) or Basic auth is checked. */
export function verifyZenviaWebhook(request: WebhookRequest, secrets: SharedSecretAuth): WebhookVerification {
	return verifySharedSecret(request, secrets);
}

const ZENVIA_STATUSES: Record<string, DeliveryStatus> = {
	ACCEPTED: 'queued',
	SENT: 'sent',
	DELIVERED: 'delivered',
	// Delivered and the app showed the sender as verified.
	VERIFIED: 'delivered',
	READ: 'read',
	// A link or button of the message was clicked: it was read.
	CLICKED: 'read',
	REJECTED: 'failed',
	NOT_DELIVERED: 'undelivered',
};

/**
 * One event per POST (a list of events is accepted too). `MESSAGE_STATUS` → a status of our message;
 * `MESSAGE` with direction `IN` → a reply; our own outgoing messages (`OUT`), other event types and
 * other channels are ignored. The event `id` is stable across Zenvia's retries.
 */
export function parseZenviaWebhook(request: WebhookRequest): InboundParseResult {
	return neverThrow(() => {
		const read = readJson(request);
		if ('problem' in read) return unreadable(read.problem);
		const items = Array.isArray(read.value) ? read.value : [read.value];
		const first = asObject(items[0]);
		if (items.length === 0 || typeof first?.type !== 'string') return unreadable('not a Zenvia event (no type)');
		const batch = inboundBatch();
		items.forEach((item, i) => batch.element(Array.isArray(read.value) ? `[${i}]` : 'body', () => zenviaEvent(asObject(item))));
		return batch.result();
	});
}

function zenviaEvent(event: Record<string, unknown> | undefined): InboundEvent | string | null {
	if (!event || typeof event.type !== 'string') return 'an event without a type';
	if (event.type !== 'MESSAGE_STATUS' && event.type !== 'MESSAGE') return null;
	const message = asObject(event.message);
	const channel = channelWord(event.channel ?? message?.channel);
	if (!channel) return null;
	if (!message) return 'an event without a message';
	return event.type === 'MESSAGE_STATUS' ? zenviaStatus(event, message, channel) : zenviaMessage(event, message, channel);
}

function zenviaStatus(event: Record<string, unknown>, message: Record<string, unknown>, channel: Channel): InboundEvent | string | null {
	const statusObject = asObject(event.messageStatus);
	const code = text(statusObject?.code);
	const id = text(message.id) ?? text(event.messageId);
	if (!statusObject || !code || !id) return 'a status event without message id or status code';
	const status = ZENVIA_STATUSES[code];
	// DELETED (the contact deleted their own message) and voice-call statuses are not delivery news.
	if (!status) return code === 'DELETED' || ['HANG_UP', 'TERMINATED', 'RECORDED'].includes(code) ? null : `unknown Zenvia status ${quoted(code)}`;
	return inboundEvent(
		{ provider: 'zenvia', channel, kind: 'status', dedupeId: text(event.id) ? dedupeId('zenvia', text(event.id)) : dedupeId('zenvia', id, code) },
		{
			messageId: id,
			status,
			providerStatus: code,
			...(FAILURE_STATUSES.has(status) ? failureFields(zenviaStatusFailure(statusObject, code, channel, null)) : {}),
			phone: providerPhone(message.to),
			at: isoFromDateText(statusObject.timestamp) ?? isoFromDateText(event.timestamp),
			correlationKey: text(message.externalId),
		},
	);
}

function zenviaMessage(event: Record<string, unknown>, message: Record<string, unknown>, channel: Channel): InboundEvent | string | null {
	if ((message.direction ?? event.direction) !== 'IN') return null;
	const id = text(message.id);
	if (!id) return 'a message without an id';
	const texts: string[] = [];
	const items: InboundMedia[] = [];
	let button: InboundButton | null = null;
	let location: InboundEvent['location'] = null;
	const types: string[] = [];
	for (const contentValue of list(message.contents)) {
		const content = asObject(contentValue);
		const type = text(content?.type);
		if (!content || !type) continue;
		types.push(type);
		if (type === 'text') {
			const body = text(content.text);
			if (body !== null) texts.push(body);
			// A quick-reply button tap comes as text with the button's payload.
			if (text(content.payload) !== null) button = { text: body, payload: text(content.payload) };
		} else if (type === 'file') {
			const mime = text(content.fileMimeType);
			items.push(media(mediaType(mime), { mime, url: content.fileUrl, caption: content.fileCaption, filename: content.fileName }));
			if (text(content.fileCaption) !== null) texts.push(text(content.fileCaption) as string);
		} else if (type === 'location' && Number.isFinite(Number(content.latitude)) && Number.isFinite(Number(content.longitude))) {
			location = { latitude: Number(content.latitude), longitude: Number(content.longitude) };
			for (const key of ['name', 'address'] as const) if (text(content[key])) location[key] = text(content[key]) as string;
		}
	}
	return inboundEvent(
		{ provider: 'zenvia', channel, kind: 'reply', dedupeId: text(event.id) ? dedupeId('zenvia', text(event.id)) : dedupeId('zenvia', id) },
		{
			messageId: id,
			// `idRef`: the message this one answers (on SMS, Zenvia names the last message sent to the contact).
			inReplyTo: text(message.idRef),
			phone: providerPhone(message.from),
			text: texts.length > 0 ? texts.join('\n') : null,
			button: button?.payload ? button : null,
			media: items,
			location,
			messageType: button?.payload ? 'button' : (types[0] ?? null),
			at: isoFromDateText(message.timestamp) ?? isoFromDateText(event.timestamp),
		},
	);
}

export const zenviaAdapter = defineAdapter(
	{ provider: 'zenvia', label: 'Zenvia', channels: ZENVIA_CHANNELS },
	{ prepare: prepareZenvia, buildRequest: buildZenviaRequest, parseSuccess: parseZenviaReply, classifyError: classifyZenviaError },
	{ check: (secrets: SharedSecretAuth) => checkSharedSecret(secrets, 'Zenvia credential'), verify: verifyZenviaWebhook, parse: parseZenviaWebhook },
);
