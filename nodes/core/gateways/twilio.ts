/**
 * Twilio Programmable Messaging (SMS and WhatsApp), gateways.md §1.
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded PascalCase fields, HTTP Basic
 * (Account SID + Auth Token, or an API key) added by the credential. Twilio has no idempotency key
 * on message creation: the key travels as `ref` on the StatusCallback URL, when there is one.
 */
import { InvalidSettingError } from '../errors';
import {
	addQueryParameter,
	asObject,
	asString,
	baseUrlOrError,
	classifyHttpStatus,
	type CodeRule,
	configurationFailure,
	failure,
	fromRule,
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

export const TWILIO_BASE_URL = 'https://api.twilio.com';
const MAX_BODY = 1600;
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

/** The non-secret fields of the Twilio credential (the Auth Token or API key secret is added by n8n). */
export interface TwilioSettings {
	baseUrl?: string;
	/** `AC…`: the account the messages are created in (also with API-key authentication). */
	accountSid: string;
	/** SMS sender: a Twilio number (+E.164), short code or alphanumeric sender ID. */
	from?: string;
	/** WhatsApp sender: the Twilio WhatsApp number, `+14155238886` or `whatsapp:+14155238886`. */
	whatsappFrom?: string;
	/** `MG…`: lets Twilio pick the sender from a pool; recommended for WhatsApp templates. */
	messagingServiceSid?: string;
	/** Seconds (1–36000) Twilio keeps trying before giving up. */
	validityPeriodSeconds?: number;
	/** Replace look-alike Unicode punctuation (smart quotes…) so more texts fit GSM-7. */
	smartEncoded?: boolean;
}

interface PreparedTwilio {
	baseUrl: string;
	path: string;
	from?: string;
	whatsappFrom?: string;
	messagingServiceSid?: string;
	validityPeriod?: string;
	smartEncoded: boolean;
	statusCallbackUrl?: string;
	options: SendOptions;
}

export function prepareTwilio(settings: TwilioSettings, options: SendOptions = {}): PreparedTwilio | InvalidSettingError {
	const baseUrl = baseUrlOrError(settings.baseUrl, TWILIO_BASE_URL, 'Twilio credential: Base URL');
	if (baseUrl instanceof InvalidSettingError) return baseUrl;
	const accountSid = textSetting(settings.accountSid);
	if (!accountSid || !/^[A-Za-z0-9]+$/.test(accountSid)) {
		return new InvalidSettingError(
			'Twilio credential: Account SID',
			accountSid ? `"${accountSid.slice(0, 40)}" is not an Account SID` : 'is empty',
			'Copy the Account SID (it starts with AC) from the Twilio Console home page.',
		);
	}
	const messagingServiceSid = textSetting(settings.messagingServiceSid);
	if (messagingServiceSid && !/^MG[0-9A-Za-z]+$/.test(messagingServiceSid)) {
		return new InvalidSettingError(
			'Twilio credential: Messaging Service SID',
			`"${messagingServiceSid.slice(0, 40)}" is not a Messaging Service SID`,
			'Copy the SID (it starts with MG) from Messaging › Services in the Twilio Console, or leave it empty.',
		);
	}
	const from = textSetting(settings.from);
	const whatsappFrom = textSetting(settings.whatsappFrom);
	if (!from && !whatsappFrom && !messagingServiceSid) {
		return new InvalidSettingError(
			'Twilio credential: sender',
			'no sender is set (From number, WhatsApp number or Messaging Service SID)',
			'Enter the Twilio number to send SMS from, the WhatsApp sender number, or a Messaging Service SID.',
		);
	}
	let validityPeriod: string | undefined;
	if (settings.validityPeriodSeconds !== undefined && settings.validityPeriodSeconds !== null) {
		const v = Number(settings.validityPeriodSeconds);
		if (!Number.isInteger(v) || v < 1 || v > 36_000) {
			return new InvalidSettingError(
				'Validity Period',
				`${String(settings.validityPeriodSeconds)} is not between 1 and 36000 seconds`,
				'Use a whole number of seconds from 1 to 36000 (10 hours, Twilio’s maximum), or leave it empty.',
			);
		}
		validityPeriod = String(v);
	}
	const statusCallbackUrl = textSetting(options.statusCallbackUrl);
	if (statusCallbackUrl) {
		const host = /^https?:\/\/([^/?#:]+)/i.exec(statusCallbackUrl)?.[1];
		if (!host || host.includes('_')) {
			return new InvalidSettingError(
				'Status Callback URL',
				host ? 'has an underscore in its host name, which Twilio refuses' : 'is not a web address',
				'Use an https:// address whose host name has no underscore (e.g. your n8n webhook URL).',
			);
		}
	}
	return {
		baseUrl,
		path: `/2010-04-01/Accounts/${accountSid}/Messages.json`,
		from,
		whatsappFrom: whatsappFrom ? whatsappAddress(whatsappFrom) : undefined,
		messagingServiceSid,
		validityPeriod,
		smartEncoded: settings.smartEncoded === true,
		statusCallbackUrl,
		options,
	};
}

function whatsappAddress(number: string): string {
	const bare = number.replace(/^whatsapp:/i, '').replace(/[\s\-().]/g, '');
	return `whatsapp:${bare.startsWith('+') ? bare : `+${bare}`}`;
}

export function buildTwilioRequest(message: OutboundMessage, prepared: PreparedTwilio): GatewayRequest | GatewayFailure {
	if (message.channel !== 'sms' && message.channel !== 'whatsapp') {
		return unsupportedChannel('Twilio', message.channel, TWILIO_CHANNELS);
	}
	const bad = recipientFailure(message);
	if (bad) return bad;
	const content = messageContent(message, MAX_BODY);
	if ('reason' in content) return content;
	const whatsapp = message.channel === 'whatsapp';

	const body: Record<string, string> = { To: whatsapp ? `whatsapp:${message.to.e164}` : message.to.e164 };
	const from = whatsapp ? prepared.whatsappFrom : prepared.from;
	if (from) body.From = from;
	if (prepared.messagingServiceSid) body.MessagingServiceSid = prepared.messagingServiceSid;
	if (!from && !prepared.messagingServiceSid) {
		return configurationFailure(
			`No Twilio ${whatsapp ? 'WhatsApp sender' : 'SMS sender'} is set.`,
			whatsapp
				? 'Enter the WhatsApp sender number (or a Messaging Service SID) in the Twilio credential.'
				: 'Enter the From number (or a Messaging Service SID) in the Twilio credential.',
		);
	}
	if (content.kind === 'text') {
		body.Body = content.text;
	} else {
		const contentSid = providerTemplateId(content.template, prepared.options, CONTENT_SID, 'Twilio', 'Content SID (HX…)');
		if (typeof contentSid !== 'string') return contentSid;
		body.ContentSid = contentSid;
		if (content.template.parameters.length > 0) {
			const variables: Record<string, string> = {};
			content.template.parameters.forEach((p, i) => {
				variables[p.name ?? String(i + 1)] = p.value;
			});
			body.ContentVariables = JSON.stringify(variables);
		}
	}
	let correlation: GatewayRequest['correlation'];
	if (prepared.statusCallbackUrl) {
		body.StatusCallback = message.idempotencyKey
			? addQueryParameter(prepared.statusCallbackUrl, 'ref', message.idempotencyKey)
			: prepared.statusCallbackUrl;
		if (message.idempotencyKey) correlation = { field: 'StatusCallback ref', value: message.idempotencyKey };
	}
	if (prepared.validityPeriod) body.ValidityPeriod = prepared.validityPeriod;
	if (prepared.smartEncoded && content.kind === 'text') body.SmartEncoded = 'true';

	const request: GatewayRequest = {
		provider: 'twilio',
		method: 'POST',
		baseUrl: prepared.baseUrl,
		path: prepared.path,
		url: `${prepared.baseUrl}${prepared.path}`,
		headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
		body,
		contentType: 'form',
		json: false,
	};
	if (correlation) request.correlation = correlation;
	return request;
}

const FAILED_STATUSES = new Set(['failed', 'undelivered', 'canceled']);

/** A 2xx reply: HTTP 201 with the Message resource (`sid` `SM…`, `status` queued/accepted/scheduled). */
export function parseTwilioReply(status: number, body: unknown): ParsedReply {
	const reply = asObject(parseBody(body));
	const sid = asString(reply?.sid) ?? null;
	const providerStatus = asString(reply?.status) ?? null;
	const errorCode = reply?.error_code;
	if ((providerStatus && FAILED_STATUSES.has(providerStatus)) || (errorCode !== undefined && errorCode !== null)) {
		const code = asString(errorCode) ?? null;
		const rule = code ? TWILIO_CODES[code] : undefined;
		const message = asString(reply?.error_message) ?? `Twilio created the message with status "${providerStatus ?? 'unknown'}".`;
		const error = rule
			? fromRule(rule, code, message, status, undefined)
			: failure('permanent', 'undeliverable', { code, message, httpStatus: status });
		return { status: 'failed', providerMessageId: sid, providerStatus, error };
	}
	if (!sid) {
		return {
			status: 'unknown',
			providerMessageId: null,
			providerStatus,
			error: failure('ambiguous', 'provider_error', {
				httpStatus: status,
				message: 'Twilio answered without a message SID, so it is not known whether the message was created.',
				hint: 'Look the message up in the Twilio Console (Monitor › Messaging logs) before sending it again.',
			}),
		};
	}
	return { status: 'sent', providerMessageId: sid, providerStatus };
}

/** Twilio error codes (gateways.md §1, §9): synchronous REST errors and the callbacks' ErrorCode. */
export const TWILIO_CODES: Record<string, CodeRule> = {
	'20003': {
		kind: 'fatal_credential',
		reason: 'auth',
		hint: 'Twilio refused the Account SID / Auth Token (or API key). Copy them again from the Twilio Console into the credential.',
	},
	'20005': { kind: 'fatal_credential', reason: 'account_blocked', hint: 'The Twilio account is not active. Check it in the Twilio Console.' },
	'20404': {
		kind: 'fatal_credential',
		reason: 'configuration',
		hint: 'Twilio does not know this account or resource: check the Account SID and the Base URL of the credential.',
	},
	'20429': {
		kind: 'retryable',
		reason: 'rate_limited',
		hint: 'Too many requests to Twilio at the same time. The message was not created; it is safe to retry after a pause.',
	},
	'21211': { kind: 'permanent', reason: 'invalid_number', hint: 'Twilio says the To number is not valid. Correct it in your customer data.' },
	'21212': {
		kind: 'fatal_credential',
		reason: 'configuration',
		hint: 'The From number of the Twilio credential is not valid. Use a Twilio number in +E.164 format or a registered sender ID.',
	},
	'21408': {
		kind: 'permanent',
		reason: 'region_not_enabled',
		hint: 'Your Twilio account may not send SMS to this country. Enable it under Messaging › Settings › Geo permissions.',
	},
	'21602': { kind: 'permanent', reason: 'invalid_message', hint: 'The message body was empty. Check the rendered message.' },
	'21606': {
		kind: 'fatal_credential',
		reason: 'configuration',
		hint: 'The From number is not a Twilio number that can send messages to this destination. Check the sender in the credential.',
	},
	'21610': {
		kind: 'permanent',
		reason: 'opted_out',
		hint: 'The recipient replied STOP (or UNSUBSCRIBE, CANCEL, END, QUIT) to this sender, so Twilio will not deliver to them (you are not charged). Mark the debtor as opted out; they can text START to subscribe again.',
	},
	'21612': {
		kind: 'permanent',
		reason: 'undeliverable',
		hint: 'Twilio cannot route a message from this sender to this number. Try another channel.',
	},
	'21614': {
		kind: 'permanent',
		reason: 'invalid_number',
		hint: 'The To number is not a mobile number (a landline, for example). Use the debtor’s mobile number.',
	},
	'21617': { kind: 'permanent', reason: 'invalid_message', hint: 'The message is longer than Twilio’s 1,600 characters. Shorten the template.' },
	'21656': {
		kind: 'permanent',
		reason: 'template_error',
		hint: 'Twilio refused the template variables (ContentVariables). Check the number of parameters of the Content template.',
	},
	'30003': { kind: 'permanent', reason: 'undeliverable', hint: 'The handset is unreachable (switched off or out of coverage).' },
	'30005': { kind: 'permanent', reason: 'undeliverable', hint: 'The number is unknown to the carrier or no longer in service.' },
	'30006': { kind: 'permanent', reason: 'invalid_number', hint: 'The number is a landline or its carrier cannot receive messages.' },
	'30007': {
		kind: 'permanent',
		reason: 'undeliverable',
		hint: 'The carrier filtered the message (spam filter). Review the text and the sender registration.',
	},
	'30008': { kind: 'permanent', reason: 'undeliverable', hint: 'The carrier reported an unknown error. Try another channel or later.' },
	'63016': {
		kind: 'permanent',
		reason: 'window_closed',
		hint: 'More than 24 hours have passed since the customer’s last WhatsApp message: free text is not allowed. Send an approved template (Content SID) instead.',
	},
};

/** A non-2xx reply: `{"code": 21211, "message": "…", "more_info": "…", "status": 400}`. */
export function classifyTwilioError(
	status: number,
	body: unknown,
	headers?: HeaderMap,
	context: ClassifyContext = {},
): GatewayFailure {
	const reply = asObject(parseBody(body));
	const code = asString(reply?.code) ?? null;
	const message = asString(reply?.message) ?? (typeof body === 'string' && body.trim() !== '' ? body : undefined);
	const retryAfterMs = retryAfterFrom(headers, context.nowMs);
	const rule = code ? TWILIO_CODES[code] : undefined;
	if (rule) return fromRule(rule, code, message, status, retryAfterMs);
	if (status === 404) return fromRule(TWILIO_CODES['20404'], code, message, status, undefined);
	return classifyHttpStatus(status, message, code, retryAfterMs, { serverErrorIsAmbiguous: true });
}

export const TWILIO_CHANNELS = ['sms', 'whatsapp'] as const;

export const twilioAdapter: GatewayAdapter<TwilioSettings> = {
	provider: 'twilio',
	label: 'Twilio',
	channels: TWILIO_CHANNELS,
	prepare(settings: TwilioSettings, options: SendOptions = {}): Gateway | InvalidSettingError {
		const prepared = prepareTwilio(settings, options);
		if (prepared instanceof InvalidSettingError) return prepared;
		return {
			provider: 'twilio',
			label: 'Twilio',
			channels: TWILIO_CHANNELS,
			buildRequest: (message) => buildTwilioRequest(message, prepared),
			parseSuccess: parseTwilioReply,
			classifyError: classifyTwilioError,
		};
	},
};
