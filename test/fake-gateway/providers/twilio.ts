/**
 * Twilio Programmable Messaging (gateways.md §1): `POST /2010-04-01/Accounts/{Sid}/Messages.json`,
 * form-urlencoded PascalCase, Basic auth (AccountSid:AuthToken or an API key), 201 with an `SM` sid,
 * `{code, message, more_info, status}` errors, signed form-encoded status callbacks. Also the
 * Messages list/fetch used to reconcile an ambiguous send (§8).
 */
import { asyncOutcome, windowOpen } from '../core';
import type { Exchange, GatewayCore, InboundBuilder, Personality } from '../core';
import { twilioSignature } from '../signing';
import type { AsyncOutcome, Reply, StoredMessage } from '../types';
import type { Delivery, WebhookEvent } from '../webhooks';
import { basicCredentials, edgeError, firstValue, json, parseForm, recipientDigits, rfc2822 } from '../util';

const PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/;
const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
const API_VERSION = '2010-04-01';

export function isTwilioPath(path: string): boolean {
	return path.startsWith('/2010-04-01/');
}

export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>): Reply {
	return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

export const handleTwilio: Personality = (core, exchange) => {
	exchange.provider = 'twilio';
	const account = ACCOUNT_PATH.exec(exchange.path);
	if (account !== null && exchange.method === 'GET') return fetchAccount(core, exchange, account[1]);
	const match = PATH.exec(exchange.path);
	if (match === null) {
		exchange.outcome = 'not_found';
		return twilioError(404, 20404, `The requested resource ${exchange.path} was not found`);
	}
	const params = exchange.method === 'POST' ? parseForm(exchange.body) : {};
	const to = firstValue(params.To);
	if (to !== undefined && recipientDigits(to) !== '') exchange.recipients.push(recipientDigits(to));
	const callback = firstValue(params.StatusCallback);
	const key = callback === undefined ? undefined : refOf(callback, core.options().twilio.refParam ?? 'ref');
	if (key !== undefined) exchange.keys.push(key);

	const auth = authenticate(core, exchange);
	if (auth !== undefined) return auth;
	if (match[1] !== core.options().twilio.accountSid) {
		exchange.outcome = 'not_found';
		return twilioError(404, 20404, `The requested resource ${exchange.path} was not found`);
	}
	if (exchange.method === 'GET') return match[2] === undefined ? list(core, exchange) : fetchOne(core, exchange, match[2]);
	if (exchange.method !== 'POST' || match[2] !== undefined) {
		exchange.outcome = 'invalid';
		return twilioError(405, 20004, 'Method not allowed');
	}
	return create(core, exchange, params, to, callback, key);
};

let expectedHeader = { sid: '', token: '', header: '' };

function authenticate(core: GatewayCore, exchange: Exchange): Reply | undefined {
	const options = core.options().twilio;
	if (expectedHeader.sid !== options.accountSid || expectedHeader.token !== options.authToken) {
		expectedHeader = { sid: options.accountSid, token: options.authToken, header: 'Basic ' + Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64') };
	}
	const header = exchange.headers.authorization;
	if (header === expectedHeader.header) return undefined;
	const creds = basicCredentials(header);
	const ok =
		creds !== undefined &&
		((creds.username === options.accountSid && creds.password === options.authToken) ||
			(options.apiKeys ?? []).some((apiKey) => apiKey.sid === creds.username && apiKey.secret === creds.password));
	if (ok) return undefined;
	exchange.outcome = 'auth_failed';
	return twilioError(401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
}

/** `GET /2010-04-01/Accounts/{Sid}.json`: what a credential test fetches. */
function fetchAccount(core: GatewayCore, exchange: Exchange, sid: string): Reply {
	const auth = authenticate(core, exchange);
	if (auth !== undefined) return auth;
	if (sid !== core.options().twilio.accountSid) {
		exchange.outcome = 'not_found';
		return twilioError(404, 20404, `The requested resource ${exchange.path} was not found`);
	}
	exchange.outcome = 'accepted';
	const created = rfc2822(0);
	return json(200, {
		auth_token: '[Redacted]',
		date_created: created,
		date_updated: created,
		friendly_name: 'Fake gateway account',
		owner_account_sid: sid,
		sid,
		status: 'active',
		subresource_uris: { messages: `/${API_VERSION}/Accounts/${sid}/Messages.json` },
		type: 'Full',
		uri: `/${API_VERSION}/Accounts/${sid}.json`,
	});
}

function refOf(callback: string, param: string): string | undefined {
	const q = callback.indexOf('?');
	if (q < 0) return undefined;
	const hash = callback.indexOf('#', q);
	return new URLSearchParams(callback.slice(q + 1, hash < 0 ? undefined : hash)).get(param) ?? undefined;
}

function invalid(exchange: Exchange, code: number, message: string): Reply {
	exchange.outcome = 'invalid';
	return twilioError(400, code, message);
}

function create(
	core: GatewayCore,
	exchange: Exchange,
	params: Record<string, string | string[]>,
	to: string | undefined,
	callback: string | undefined,
	key: string | undefined,
): Reply {
	if (to === undefined || to.trim() === '') return invalid(exchange, 21604, "A 'To' phone number is required.");
	const toWhatsApp = to.startsWith('whatsapp:');
	const toNumber = toWhatsApp ? to.slice('whatsapp:'.length) : to;
	if (!E164.test(toNumber)) return invalid(exchange, 21211, `Invalid 'To' Phone Number: ${to}`);
	const from = firstValue(params.From);
	const service = firstValue(params.MessagingServiceSid);
	if ((from === undefined || from === '') && (service === undefined || service === '')) {
		return invalid(exchange, 21603, "A 'From' phone number is required.");
	}
	if (from !== undefined && from !== '' && from.startsWith('whatsapp:') !== toWhatsApp) {
		return invalid(exchange, 21910, 'Invalid From and To pair. From and To should be of the same channel');
	}
	const body = firstValue(params.Body);
	const contentSid = firstValue(params.ContentSid);
	const mediaUrl = firstValue(params.MediaUrl);
	if (!body && !contentSid && !mediaUrl) return invalid(exchange, 21602, 'Message body is required.');
	if (contentSid !== undefined && !CONTENT_SID.test(contentSid)) return invalid(exchange, 21655, 'The ContentSid is Invalid.');
	const variables = firstValue(params.ContentVariables);
	if (variables !== undefined && !validVariables(variables)) return invalid(exchange, 21656, 'The ContentVariables Parameter is invalid.');
	if (body !== undefined && body.length > 1600) {
		return invalid(exchange, 21617, 'The concatenated message body exceeds the 1600 character limit.');
	}

	const digits = recipientDigits(toNumber);
	// Twilio's STOP filtering: a number that replied STOP to an SMS gets 21610 until it replies START.
	const optState = core.optOuts.get('twilio', digits);
	if (optState === 'out' && !toWhatsApp) {
		exchange.outcome = 'fault';
		exchange.fault = 'opted_out';
		return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
	}
	let fault = core.fault(exchange, 'twilio', digits);
	if (fault?.spec.kind === 'opt_out' && optState === 'in') {
		fault = undefined;
		exchange.fault = undefined;
	}
	const kind = fault?.spec.kind;
	if (kind === 'rate_limit' || kind === 'pair_rate_limit') {
		exchange.outcome = 'fault';
		return twilioError(429, 20429, 'Too Many Requests', { 'Retry-After': String(fault?.spec.retryAfter ?? 1) });
	}
	if (kind === 'server_error') return serverError(exchange, fault?.spec.status ?? 500);
	if (kind === 'opt_out') {
		exchange.outcome = 'fault';
		return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
	}
	if (kind === 'invalid_number') {
		exchange.outcome = 'fault';
		return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
	}

	const now = core.now();
	const channel = toWhatsApp ? 'whatsapp' : 'sms';
	const freeForm = contentSid === undefined;
	const outcome = asyncOutcome(fault, channel, freeForm, windowOpen(core, digits));
	const sid = core.ids.twilioSid();
	const meta: TwilioMeta = {
		body: body ?? '',
		toAddress: to,
		from: from || null,
		service: service || null,
		media: mediaUrl ? 1 : 0,
		segments: service ? 0 : countSegments(body ?? ''),
		callback: callback ?? core.options().twilio.callbackUrl,
	};
	const message: StoredMessage = {
		id: sid,
		provider: 'twilio',
		channel,
		to: digits,
		from: from ?? '',
		key,
		acceptedAt: now,
		outcome,
		meta: meta as unknown as Record<string, unknown>,
		statuses: [service ? 'accepted' : 'queued'],
	};
	if (kind === 'hang') exchange.hang = { ms: fault?.spec.ms };
	core.accept(exchange, message, lifecycle(message));
	exchange.outcome = 'accepted';
	return json(201, messageResource(core, message));
}

/** What the fake keeps of a Twilio message (the resource is rebuilt on demand: less memory, less GC). */
interface TwilioMeta {
	body: string;
	toAddress: string;
	from: string | null;
	service: string | null;
	media: number;
	segments: number;
	callback: string | undefined;
}

/** The Message resource as Twilio returns it (create, fetch, list). */
function messageResource(core: GatewayCore, message: StoredMessage): Record<string, unknown> {
	const meta = message.meta as unknown as TwilioMeta;
	const account = core.options().twilio.accountSid;
	const created = rfc2822(message.acceptedAt);
	return {
		account_sid: account,
		api_version: API_VERSION,
		body: meta.body,
		date_created: created,
		date_sent: null,
		date_updated: created,
		direction: 'outbound-api',
		error_code: null,
		error_message: null,
		from: meta.from,
		messaging_service_sid: meta.service,
		num_media: String(meta.media),
		num_segments: String(meta.segments),
		price: null,
		price_unit: 'USD',
		sid: message.id,
		status: message.statuses[message.statuses.length - 1],
		subresource_uris: { media: `/${API_VERSION}/Accounts/${account}/Messages/${message.id}/Media.json` },
		to: meta.toAddress,
		uri: `/${API_VERSION}/Accounts/${account}/Messages/${message.id}.json`,
	};
}

function validVariables(value: string): boolean {
	try {
		const parsed = JSON.parse(value) as unknown;
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
	} catch {
		return false;
	}
}

function serverError(exchange: Exchange, status: number): Reply {
	exchange.outcome = 'fault';
	if (status === 500) return twilioError(500, 20500, 'An internal server error has occurred');
	if (status === 503) return twilioError(503, 20503, 'Service unavailable');
	return edgeError(status);
}

/** No callback for the initial status (gateways.md §1); then sent → delivered (→ read on WhatsApp). */
function lifecycle(message: StoredMessage): Array<{ steps: number; event: WebhookEvent }> {
	const url = (message.meta as unknown as TwilioMeta).callback;
	if (url === undefined || url === '') return [];
	const event = (status: string): WebhookEvent => ({ provider: 'twilio', url, message, status });
	const plan: Record<AsyncOutcome, string[]> = {
		delivered: message.channel === 'whatsapp' ? ['sent', 'delivered', 'read'] : ['sent', 'delivered'],
		undeliverable: ['sent', 'undelivered'],
		window_closed: ['failed'],
		opt_out: ['failed'],
	};
	return plan[message.outcome].map((status, i) => ({ steps: i + 1, event: event(status) }));
}

const ERRORS: Record<string, [string, string]> = {
	undeliverable: ['30003', 'Unreachable destination handset'],
	window_closed: ['63016', 'Failed to send freeform message because you are outside the allowed window. Please use a Template.'],
	opt_out: ['21610', 'Attempt to send to unsubscribed recipient'],
};

/** Builds the signed, form-encoded callbacks: one POST per status. */
export function twilioDeliveries(core: GatewayCore): (events: WebhookEvent[]) => Delivery[] {
	return (events) =>
		events.map((event) => {
			const { message, status } = event;
			const meta = message.meta as unknown as TwilioMeta;
			const params: Record<string, string> = {
				AccountSid: core.options().twilio.accountSid,
				ApiVersion: API_VERSION,
				From: meta.from ?? '',
				MessageSid: message.id,
				MessageStatus: status,
				SmsSid: message.id,
				SmsStatus: status,
				To: meta.toAddress,
			};
			if (meta.service !== null) params.MessagingServiceSid = meta.service;
			const error = ERRORS[message.outcome];
			if ((status === 'failed' || status === 'undelivered') && error !== undefined) {
				params.ErrorCode = error[0];
				params.ErrorMessage = error[1];
			}
			if (message.channel === 'sms' && (status === 'delivered' || status === 'undelivered')) params.RawDlrDoneDate = rawDlrDate(core.now());
			if (message.channel === 'whatsapp') {
				params.ChannelInstallSid = 'XE' + message.id.slice(2);
				params.ChannelPrefix = 'whatsapp';
				params.ChannelToAddress = meta.toAddress.replace('whatsapp:', '');
				if (status === 'read') params.EventType = 'READ';
				if (status === 'failed' && error !== undefined) params.ChannelStatusMessage = error[1];
			}
			message.statuses.push(status);
			return twilioDelivery(core, 'status', event.url, params, message.id);
		});
}

/** A signed form POST as Twilio makes it: `X-Twilio-Signature` over the URL + sorted params, an idempotency token. */
function twilioDelivery(core: GatewayCore, kind: 'status' | 'reply', url: string, params: Record<string, string>, id: string): Delivery {
	const token = core.options().twilio.authToken;
	const sign = (body: string, wrong: boolean): Record<string, string> => ({
		'X-Twilio-Signature': twilioSignature(wrong ? `${token}-wrong` : token, url, parseForm(body)),
	});
	const body = new URLSearchParams(params).toString();
	return {
		provider: 'twilio',
		kind,
		url,
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			'User-Agent': 'TwilioProxy/1.1',
			'I-Twilio-Idempotency-Token': core.ids.uuid(),
			'X-Twilio-Signature': twilioSignature(token, url, params),
		},
		body,
		messageIds: [id],
		sign,
	};
}

/** Twilio's default keyword handling (STOP filtering): the whole body, trimmed, any case. */
export const TWILIO_KEYWORDS: Record<'STOP' | 'START' | 'HELP', string[]> = {
	STOP: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
	START: ['START', 'YES', 'UNSTOP'],
	HELP: ['HELP', 'INFO'],
};

export function twilioKeyword(body: string): 'STOP' | 'START' | 'HELP' | undefined {
	const word = body.trim().toUpperCase();
	for (const type of ['STOP', 'START', 'HELP'] as const) if (TWILIO_KEYWORDS[type].includes(word)) return type;
	return undefined;
}

/** Calling codes of the countries the fake names in `FromCountry`/`ToCountry` (the fake's choice; others are left out). */
const COUNTRIES: Array<[string, string]> = [
	['351', 'PT'],
	['55', 'BR'],
	['52', 'MX'],
	['54', 'AR'],
	['56', 'CL'],
	['57', 'CO'],
	['51', 'PE'],
	['34', 'ES'],
	['44', 'GB'],
	['1', 'US'],
];

function country(digits: string): string | undefined {
	return COUNTRIES.find(([code]) => digits.startsWith(code))?.[1];
}

/** What Twilio's number is, as the `From` of the message a reply answers. */
export function twilioSender(message: StoredMessage): string | undefined {
	const meta = message.meta as unknown as TwilioMeta;
	return meta.from ?? undefined;
}

export function twilioServiceOf(message: StoredMessage): string | undefined {
	return (message.meta as unknown as TwilioMeta).service ?? undefined;
}

/**
 * Incoming messages as Twilio posts them to the number's "A message comes in" webhook: form-encoded,
 * one POST per message, signed like the status callbacks.
 */
export function twilioInbound(core: GatewayCore): InboundBuilder {
	return (messages) =>
		messages.map((m) => {
			const options = core.options().twilio;
			const whatsapp = m.channel === 'whatsapp';
			const body = m.button?.text ?? m.media?.caption ?? m.text ?? '';
			const params: Record<string, string> = {
				AccountSid: options.accountSid,
				ApiVersion: API_VERSION,
				Body: body,
				From: `${whatsapp ? 'whatsapp:' : ''}+${m.digits}`,
				MessageSid: m.id,
				NumMedia: m.media === undefined ? '0' : '1',
				NumSegments: whatsapp ? '1' : String(countSegments(body)),
				SmsMessageSid: m.id,
				SmsSid: m.id,
				SmsStatus: 'received',
				To: m.to,
			};
			const service = (m.original === undefined ? undefined : twilioServiceOf(m.original)) ?? options.messagingServiceSid ?? undefined;
			if (service !== undefined && service !== '') params.MessagingServiceSid = service;
			if (m.media !== undefined) {
				params.MediaContentType0 = m.media.mime;
				params.MediaUrl0 = m.media.url;
			}
			if (whatsapp) {
				const type = m.button !== undefined ? (m.button.interactive ? 'interactive' : 'button') : m.media !== undefined ? m.media.type : 'text';
				params.MessageType = type;
				params.ProfileName = m.name;
				params.WaId = m.digits;
				params.ReferralNumMedia = '0';
				const context: Record<string, string> = { ProfileName: m.name, WaId: m.digits };
				if (m.button !== undefined) {
					params.ButtonPayload = m.button.payload;
					params.ButtonText = m.button.text;
					context.ButtonText = m.button.text;
				}
				if (m.original !== undefined) {
					params.OriginalRepliedMessageSid = m.original.id;
					params.OriginalRepliedMessageSender = twilioSender(m.original) ?? `whatsapp:+${options.whatsappNumber}`;
				}
				params.ChannelMetadata = JSON.stringify({ type: 'whatsapp', data: { context } });
			} else {
				const from = country(m.digits);
				const to = country(recipientDigits(m.to));
				if (from !== undefined) params.FromCountry = from;
				if (to !== undefined) params.ToCountry = to;
				if (m.optOutType !== undefined && params.MessagingServiceSid !== undefined && options.advancedOptOut !== false) params.OptOutType = m.optOutType;
			}
			// Captured Twilio requests list their parameters in name order.
			const sorted = Object.fromEntries(Object.keys(params).sort().map((key) => [key, params[key]]));
			return twilioDelivery(core, 'reply', m.url, sorted, m.id);
		});
}

function rawDlrDate(ms: number): string {
	const d = new Date(ms);
	const two = (n: number): string => String(n).padStart(2, '0');
	return two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours()) + two(d.getUTCMinutes());
}

function list(core: GatewayCore, exchange: Exchange): Reply {
	const q = new URLSearchParams(exchange.query);
	const to = q.get('To');
	const from = q.get('From');
	const dateSent = q.get('DateSent');
	const pageSize = Math.min(1000, Math.max(1, Number(q.get('PageSize') ?? 50) || 50));
	const messages = core.store
		.all()
		.filter((m) => m.provider === 'twilio')
		.filter((m) => {
			const meta = m.meta as unknown as TwilioMeta;
			return (to === null || meta.toAddress === to) && (from === null || meta.from === from);
		})
		.filter((m) => dateSent === null || new Date(m.acceptedAt).toISOString().slice(0, 10) === dateSent)
		.reverse()
		.slice(0, pageSize)
		.map((m) => messageResource(core, m));
	exchange.outcome = 'accepted';
	const uri = `${exchange.path}${exchange.query ? '?' + exchange.query : ''}`;
	return json(200, {
		end: Math.max(0, messages.length - 1),
		first_page_uri: uri,
		messages,
		next_page_uri: null,
		page: 0,
		page_size: pageSize,
		previous_page_uri: null,
		start: 0,
		uri,
	});
}

function fetchOne(core: GatewayCore, exchange: Exchange, sid: string): Reply {
	const message = core.store.get(sid);
	if (message === undefined || message.provider !== 'twilio') {
		exchange.outcome = 'not_found';
		return twilioError(404, 20404, `The requested resource ${exchange.path} was not found`);
	}
	exchange.outcome = 'accepted';
	return json(200, messageResource(core, message));
}

const GSM_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** Segments as Twilio counts them: GSM-7 160/153 (extension chars count 2), else UCS-2 70/67 code units. */
export function countSegments(body: string): number {
	if (body === '') return 1;
	let septets = 0;
	let gsm = true;
	for (const c of body) {
		if (GSM_BASIC.has(c)) septets += 1;
		else if (GSM_EXTENDED.has(c)) septets += 2;
		else {
			gsm = false;
			break;
		}
	}
	if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
	const units = body.length;
	return units <= 70 ? 1 : Math.ceil(units / 67);
}
