/**
 * Zenvia API v2 (SMS and WhatsApp), gateways.md §3.
 * `POST /v2/channels/{sms|whatsapp}/messages`, JSON, `X-API-TOKEN` added by the credential.
 * Templates are Zenvia template ids with named fields. The idempotency key goes into `externalId`,
 * echoed in MESSAGE_STATUS events.
 */
import { InvalidSettingError } from '../errors';
import {
	asObject,
	asString,
	baseUrlOrError,
	classifyHttpStatus,
	type CodeRule,
	configurationFailure,
	failure,
	fromRule,
	jsonHeaders,
	messageContent,
	parseBody,
	providerTemplateId,
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

export function prepareZenvia(settings: ZenviaSettings, options: SendOptions = {}): PreparedZenvia | InvalidSettingError {
	const baseUrl = baseUrlOrError(settings.baseUrl, ZENVIA_BASE_URL, 'Zenvia credential: Base URL');
	if (baseUrl instanceof InvalidSettingError) return baseUrl;
	const smsFrom = textSetting(settings.smsFrom);
	const whatsappFrom = textSetting(settings.whatsappFrom);
	if (!smsFrom && !whatsappFrom) {
		return new InvalidSettingError(
			'Zenvia credential: sender',
			'no sender is set',
			'Enter the SMS sender (your Zenvia SMS account alias) and/or the WhatsApp sender number registered in Zenvia.',
		);
	}
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

export function buildZenviaRequest(message: OutboundMessage, prepared: PreparedZenvia): GatewayRequest | GatewayFailure {
	if (message.channel !== 'sms' && message.channel !== 'whatsapp') {
		return unsupportedChannel('Zenvia', message.channel, ZENVIA_CHANNELS);
	}
	const bad = recipientFailure(message);
	if (bad) return bad;
	const whatsapp = message.channel === 'whatsapp';
	const content = messageContent(message, whatsapp ? MAX_WHATSAPP : MAX_SMS);
	if ('reason' in content) return content;
	const from = whatsapp ? prepared.whatsappFrom : prepared.smsFrom;
	if (!from) {
		return configurationFailure(
			`No Zenvia ${whatsapp ? 'WhatsApp' : 'SMS'} sender is set.`,
			`Enter the ${whatsapp ? 'WhatsApp sender number' : 'SMS sender (account alias)'} in the Zenvia credential.`,
		);
	}
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
		contentBody = { type: 'template', templateId, fields };
	}
	const body: Record<string, unknown> = { from, to: message.to.digits, contents: [contentBody] };
	if (message.idempotencyKey) body.externalId = message.idempotencyKey;
	const path = `/v2/channels/${message.channel}/messages`;
	const request: GatewayRequest = {
		provider: 'zenvia',
		method: 'POST',
		baseUrl: prepared.baseUrl,
		path,
		url: `${prepared.baseUrl}${path}`,
		headers: jsonHeaders(),
		body,
		contentType: 'json',
		json: true,
	};
	if (message.idempotencyKey) request.correlation = { field: 'externalId', value: message.idempotencyKey };
	return request;
}

const REJECTED = new Set(['REJECTED', 'NOT_DELIVERED']);

/**
 * HTTP 200 with the message echoed and its `id` (acceptance only: delivery comes in MESSAGE_STATUS
 * events). An error body or a REJECTED / NOT_DELIVERED status inside a 2xx is a failure.
 */
export function parseZenviaReply(status: number, body: unknown): ParsedReply {
	const reply = asObject(parseBody(body));
	const id = asString(reply?.id) ?? null;
	if (!id && typeof reply?.code === 'string') {
		const error = classifyZenviaError(status >= 200 && status < 300 ? 400 : status, reply);
		return { status: error.kind === 'ambiguous' ? 'unknown' : 'failed', providerMessageId: null, providerStatus: null, error };
	}
	const statusObject = asObject(reply?.messageStatus) ?? asObject(reply?.status);
	const providerStatus = asString(statusObject?.code) ?? asString(reply?.status) ?? null;
	if (providerStatus && REJECTED.has(providerStatus)) {
		const causes = Array.isArray(statusObject?.causes) ? statusObject.causes.map(asObject) : [];
		const cause = causes[0];
		const message =
			[asString(statusObject?.description), asString(cause?.reason), asString(cause?.details)].filter((s) => s).join(' — ') ||
			`Zenvia answered with status ${providerStatus}.`;
		return {
			status: 'failed',
			providerMessageId: id,
			providerStatus,
			error: failure('permanent', 'undeliverable', {
				code: asString(cause?.channelErrorCode) ?? providerStatus,
				message,
				httpStatus: status,
			}),
		};
	}
	if (!id) {
		return {
			status: 'unknown',
			providerMessageId: null,
			providerStatus,
			error: failure('ambiguous', 'provider_error', {
				httpStatus: status,
				message: 'Zenvia answered without a message id, so it is not known whether the message was accepted.',
				hint: 'Check the Zenvia console reports before sending it again.',
			}),
		};
	}
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
export function classifyZenviaError(
	status: number,
	body: unknown,
	headers?: HeaderMap,
	context: ClassifyContext = {},
): GatewayFailure {
	const reply = asObject(parseBody(body));
	const code = asString(reply?.code) ?? null;
	const details = (Array.isArray(reply?.details) ? reply.details : []).map(asObject).filter((d) => d !== undefined);
	const detailText = details
		.map((d) => [asString(d.path), asString(d.message)].filter((s) => s).join(': '))
		.filter((s) => s)
		.join('; ');
	const message = [asString(reply?.message), detailText].filter((s) => s).join(' — ') || undefined;
	const retryAfterMs = retryAfterFrom(headers, context.nowMs);
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

export const zenviaAdapter: GatewayAdapter<ZenviaSettings> = {
	provider: 'zenvia',
	label: 'Zenvia',
	channels: ZENVIA_CHANNELS,
	prepare(settings: ZenviaSettings, options: SendOptions = {}): Gateway | InvalidSettingError {
		const prepared = prepareZenvia(settings, options);
		if (prepared instanceof InvalidSettingError) return prepared;
		return {
			provider: 'zenvia',
			label: 'Zenvia',
			channels: ZENVIA_CHANNELS,
			buildRequest: (message) => buildZenviaRequest(message, prepared),
			parseSuccess: parseZenviaReply,
			classifyError: classifyZenviaError,
		};
	},
};
