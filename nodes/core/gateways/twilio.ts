/**
 * Twilio Programmable Messaging (SMS and WhatsApp), gateways.md §1.
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded PascalCase fields, HTTP Basic
 * (Account SID + Auth Token, or an API key) added by the credential. Twilio has no idempotency key
 * on message creation: the key travels as `ref` on the StatusCallback URL, when there is one, and
 * comes back in the URL of every status callback.
 *
 * Inbound: status callbacks and incoming messages, form-encoded, one per POST, signed with
 * `X-Twilio-Signature` (HMAC-SHA1 of the URL and the sorted parameters, with the Auth Token).
 */
import { InvalidSettingError } from '../errors';
import {
	addQueryParameter, asObject, asString, baseUrlOrError, classifyHttpStatus, type CodeRule, configurationFailure, defineAdapter,
	errorReply, failure, fromRule, parseBody, postRequest, providerTemplateId, replyWithoutId, sendableContent, textSetting,
} from './common';
import {
	dedupeId, FAILURE_STATUSES, failureFields, FORBIDDEN, hmac, inboundEvent, isoFromRawDlrDate, media, mediaType, neverThrow,
	providerPhone, queryParameter, quoted, readForm, readJsonObject, requestHeader, requireSecret, safeEqual, sha256Hex, text,
	UNAUTHENTICATED, unreadable, VERIFIED,
} from './inbound';
import type {
	ClassifyContext, DeliveryStatus, GatewayFailure, GatewayRequest, HeaderMap, InboundEvent, InboundMedia, InboundParseResult,
	OutboundMessage, ParsedReply, SendOptions, WebhookRequest, WebhookVerification,
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
	const content = sendableContent(message, 'Twilio', TWILIO_CHANNELS, MAX_BODY);
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
		// Content variables: the body's {{1}}…{{n}}, then the document's link ({{n+1}}), then each quick reply's id
		// (twilio/card or twilio/quick-reply content with those variables in its media and action ids).
		const { template } = content;
		const variables: Record<string, string> = {};
		template.parameters.forEach((p, i) => {
			variables[p.name ?? String(i + 1)] = p.value;
		});
		let next = template.parameters.length + 1;
		if (template.header) variables[String(next++)] = template.header.link;
		for (const button of template.buttons) variables[String(next++)] = button.payload;
		if (Object.keys(variables).length > 0) body.ContentVariables = JSON.stringify(variables);
	}
	const key = prepared.statusCallbackUrl ? message.idempotencyKey || undefined : undefined;
	if (prepared.statusCallbackUrl) {
		body.StatusCallback = key ? addQueryParameter(prepared.statusCallbackUrl, TWILIO_REF_PARAMETER, key) : prepared.statusCallbackUrl;
	}
	if (prepared.validityPeriod) body.ValidityPeriod = prepared.validityPeriod;
	if (prepared.smartEncoded && content.kind === 'text') body.SmartEncoded = 'true';
	return postRequest('twilio', prepared, body, { form: true, correlation: { field: 'StatusCallback ref', value: key } });
}

const FAILED_STATUSES = new Set(['failed', 'undelivered', 'canceled']);

const NO_SID = { message: 'Twilio answered without a message SID, so it is not known whether the message was created.', hint: 'Look the message up in the Twilio Console (Monitor › Messaging logs) before sending it again.' };

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
	if (!sid) return replyWithoutId(status, providerStatus, NO_SID);
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
export function classifyTwilioError(status: number, body: unknown, headers?: HeaderMap, context: ClassifyContext = {}): GatewayFailure {
	const { reply, retryAfterMs } = errorReply(body, headers, context);
	const code = asString(reply?.code) ?? null;
	const message = asString(reply?.message) ?? (typeof body === 'string' && body.trim() !== '' ? body : undefined);
	const rule = code ? TWILIO_CODES[code] : undefined;
	if (rule) return fromRule(rule, code, message, status, retryAfterMs);
	if (status === 404) return fromRule(TWILIO_CODES['20404'], code, message, status, undefined);
	return classifyHttpStatus(status, message, code, retryAfterMs, { serverErrorIsAmbiguous: true });
}

export const TWILIO_CHANNELS = ['sms', 'whatsapp'] as const;

// ---------------------------------------------------------------------------------------------
// Inbound: status callbacks and incoming messages

/** The query parameter of the StatusCallback URL that carries our idempotency key. */
export const TWILIO_REF_PARAMETER = 'ref';

/** What the webhook check needs: the account's Auth Token (Twilio signs with it even when sending with an API key). */
export interface TwilioWebhookSecrets {
	authToken: string;
}

type TwilioParams = Record<string, string[]>;

/** `url` + every parameter sorted by name as name+value (a repeated one: its de-duplicated values, sorted). */
function twilioSignedData(url: string, params: TwilioParams): string {
	let data = url;
	for (const name of Object.keys(params).sort()) {
		for (const value of Array.from(new Set(params[name])).sort()) data += name + value;
	}
	return data;
}

/** The signature Twilio computes for `url` and the POST parameters (gateways.md §1). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
	const lists: TwilioParams = {};
	for (const [name, value] of Object.entries(params)) lists[name] = Array.isArray(value) ? value : [value];
	return hmac('sha1', authToken, Buffer.from(twilioSignedData(url, lists), 'utf8'), 'base64');
}

/**
 * The URL as given, and (as twilio-node does) normalised with and without the scheme's default port,
 * since Twilio is not consistent about which of them it signs.
 */
function urlVariants(url: string): string[] {
	const variants = [url];
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return variants;
	}
	const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '';
	if (parsed.port === '' || parsed.port === defaultPort) {
		parsed.port = '';
		const without = parsed.toString();
		const at = without.indexOf('/', without.indexOf('//') + 2);
		const withPort = at < 0 ? `${without}:${defaultPort}` : `${without.slice(0, at)}:${defaultPort}${without.slice(at)}`;
		variants.push(without, withPort);
	} else {
		variants.push(parsed.toString());
	}
	return Array.from(new Set(variants));
}

/**
 * `X-Twilio-Signature`: base64 HMAC-SHA1 with the Auth Token over the URL Twilio called followed by
 * the form parameters. A JSON body is signed through the URL instead: its query carries
 * `bodySHA256`, the hex SHA-256 of the body, and the signature covers the URL alone.
 */
export function verifyTwilioWebhook(request: WebhookRequest, secrets: TwilioWebhookSecrets): WebhookVerification {
	const signature = requestHeader(request, 'x-twilio-signature');
	if (!signature || !secrets?.authToken) return UNAUTHENTICATED;
	const bodyHash = queryParameter(request, 'bodySHA256');
	let params: TwilioParams = {};
	let bodyOk = true;
	if (bodyHash !== undefined) {
		bodyOk = safeEqual(bodyHash.toLowerCase(), sha256Hex(Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0)));
	} else {
		const form = readForm(request);
		if ('value' in form) params = form.value;
	}
	let signed = false;
	for (const url of urlVariants(String(request.url ?? ''))) {
		const expected = hmac('sha1', secrets.authToken, Buffer.from(twilioSignedData(url, params), 'utf8'), 'base64');
		if (safeEqual(signature, expected)) signed = true;
	}
	return signed && bodyOk ? VERIFIED : FORBIDDEN;
}

const TWILIO_STATUSES: Record<string, DeliveryStatus> = {
	accepted: 'queued',
	scheduled: 'queued',
	queued: 'queued',
	sending: 'queued',
	sent: 'sent',
	// Not documented beyond its name: some parts of the message went out.
	partially_delivered: 'sent',
	delivered: 'delivered',
	read: 'read',
	failed: 'failed',
	canceled: 'failed',
	undelivered: 'undelivered',
};

const INBOUND_STATUSES = new Set(['received', 'receiving']);

/** Status callbacks (`MessageStatus`) and incoming messages (`SmsStatus=received`, `Body`, media, buttons). */
export function parseTwilioWebhook(request: WebhookRequest): InboundParseResult {
	return neverThrow(() => {
		const read = readTwilioParams(request);
		if ('problem' in read) return unreadable(read.problem);
		const params = read.value;
		const one = (name: string): string | null => text(params[name]?.[0]);
		const sid = one('MessageSid') ?? one('SmsSid') ?? one('SmsMessageSid');
		const status = one('MessageStatus') ?? one('SmsStatus');
		if (!sid) return unreadable('not a Twilio messaging webhook (no MessageSid)');
		const whatsapp = /^whatsapp:/i.test(one('From') ?? '') || /^whatsapp:/i.test(one('To') ?? '') || one('ChannelPrefix') === 'whatsapp';
		const base = { provider: 'twilio' as const, channel: whatsapp ? ('whatsapp' as const) : ('sms' as const) };
		const token = requestHeader(request, 'i-twilio-idempotency-token');
		const isReply = (status !== null && INBOUND_STATUSES.has(status)) || (status === null && (one('Body') !== null || one('NumMedia') !== null));
		const event = isReply ? twilioReply(params, sid, base, token) : twilioStatus(params, sid, status, base, token, request);
		return typeof event === 'string' ? unreadable(event) : { events: [event], problems: [], ignored: 0 };
	});
}

function readTwilioParams(request: WebhookRequest): { value: TwilioParams } | { problem: string } {
	const head = (Buffer.isBuffer(request?.rawBody) ? request.rawBody.subarray(0, 16).toString('utf8') : '').trimStart();
	if (!head.startsWith('{')) return readForm(request);
	// A JSON-bodied webhook (signed with bodySHA256): the same flat PascalCase fields.
	const json = readJsonObject(request);
	if ('problem' in json) return json;
	const params: TwilioParams = {};
	for (const [name, value] of Object.entries(json.value)) {
		const item = asString(value);
		if (item !== undefined) params[name] = [item];
	}
	return { value: params };
}

type TwilioBase = Pick<InboundEvent, 'provider' | 'channel'>;

function twilioStatus(
	params: TwilioParams,
	sid: string,
	providerStatus: string | null,
	base: TwilioBase,
	token: string | undefined,
	request: WebhookRequest,
): InboundEvent | string {
	const one = (name: string): string | null => text(params[name]?.[0]);
	if (providerStatus === null) return 'a Twilio webhook without MessageStatus or Body';
	const status = TWILIO_STATUSES[providerStatus.toLowerCase()];
	if (!status) return `unknown Twilio message status ${quoted(providerStatus)}`;
	const code = one('ErrorCode');
	const errorMessage = one('ErrorMessage') ?? one('ChannelStatusMessage');
	const failed = FAILURE_STATUSES.has(status);
	return inboundEvent(
		{ ...base, kind: 'status', dedupeId: token ? dedupeId('twilio', token) : dedupeId('twilio', sid, providerStatus, code) },
		{
			messageId: sid,
			status,
			providerStatus,
			...(failed ? failureFields(twilioFailure(code, providerStatus, errorMessage), errorMessage) : {}),
			phone: providerPhone(one('To')),
			at: isoFromRawDlrDate(one('RawDlrDoneDate')),
			correlationKey: text(queryParameter(request, TWILIO_REF_PARAMETER)),
		},
	);
}

/** The same table as a synchronous failure: 63016 → window_closed, 30003/30005 → undeliverable… */
function twilioFailure(code: string | null, providerStatus: string, errorMessage: string | null): GatewayFailure {
	const rule = code ? TWILIO_CODES[code] : undefined;
	const message = errorMessage ?? `Twilio reported the message as ${providerStatus}.`;
	return rule ? fromRule(rule, code, message, null, undefined) : failure('permanent', 'undeliverable', { code, message });
}

const OPT_OUT_KINDS: Record<string, 'opt_out' | 'opt_in'> = { STOP: 'opt_out', START: 'opt_in' };

function twilioReply(params: TwilioParams, sid: string, base: TwilioBase, token: string | undefined): InboundEvent {
	const one = (name: string): string | null => text(params[name]?.[0]);
	const count = Math.min(Math.max(0, Number(one('NumMedia') ?? 0) || 0), 10);
	const items: InboundMedia[] = [];
	for (let i = 0; i < count; i++) {
		const url = one(`MediaUrl${i}`);
		const mime = one(`MediaContentType${i}`);
		if (url !== null) items.push(media(mediaType(mime), { mime, url }));
	}
	const buttonText = one('ButtonText');
	const buttonPayload = one('ButtonPayload');
	const latitude = Number(one('Latitude'));
	const longitude = Number(one('Longitude'));
	const optOut = one('OptOutType')?.toUpperCase();
	const kind = (optOut && OPT_OUT_KINDS[optOut]) || 'reply';
	const body = one('Body');
	return inboundEvent(
		{ ...base, kind, dedupeId: token ? dedupeId('twilio', token) : dedupeId('twilio', sid) },
		{
			messageId: sid,
			inReplyTo: one('OriginalRepliedMessageSid'),
			phone: providerPhone(one('From')),
			text: body ?? buttonText,
			button: buttonText !== null || buttonPayload !== null ? { text: buttonText, payload: buttonPayload } : null,
			media: items,
			location: one('Latitude') !== null && Number.isFinite(latitude) && Number.isFinite(longitude)
				? { latitude, longitude, ...(one('Address') ? { address: one('Address') as string } : {}), ...(one('Label') ? { name: one('Label') as string } : {}) }
				: null,
			messageType: one('MessageType') ?? (buttonPayload !== null ? 'button' : items.length > 0 ? 'media' : 'text'),
			consent: kind === 'reply' ? null : { scope: 'all', value: optOut as string },
		},
	);
}

export const twilioAdapter = defineAdapter(
	{ provider: 'twilio', label: 'Twilio', channels: TWILIO_CHANNELS },
	{ prepare: prepareTwilio, buildRequest: buildTwilioRequest, parseSuccess: parseTwilioReply, classifyError: classifyTwilioError },
	{ check: checkTwilioSecrets, verify: verifyTwilioWebhook, parse: parseTwilioWebhook },
);

function checkTwilioSecrets(secrets: TwilioWebhookSecrets): TwilioWebhookSecrets | InvalidSettingError {
	return requireSecret(
		secrets,
		secrets?.authToken,
		'Twilio credential: Auth Token',
		'Twilio signs its webhooks with the account’s Auth Token (also when sending with an API key): enter it in the credential.',
	);
}
