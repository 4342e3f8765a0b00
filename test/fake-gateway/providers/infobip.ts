/**
 * Infobip (gateways.md §4): `POST /sms/3/messages`, the legacy `POST /sms/2/text/advanced` and
 * `POST /whatsapp/1/message/template`, `Authorization: App <key>`; 200 with per-destination PENDING
 * status objects (a destination that cannot be used comes back REJECTED inside the 200); errors as
 * `{errorCode: "E400", …, violations}` or, switchable, the legacy `requestError.serviceException`;
 * batched `{"results": […]}` delivery reports. Also `GET /sms/3/logs` to look a message up by the
 * `messageId` we chose (§8).
 */
import type { Exchange, GatewayCore, InboundBuilder, InboundMessage, Personality } from '../core';
import type { AsyncOutcome, Channel, InfobipWebhookAuth, Reply, StoredMessage } from '../types';
import type { Delivery, WebhookEvent } from '../webhooks';
import { asString, edgeError, isObject, json, nonBlank, parseJson, recipientDigits, schemeToken } from '../util';
import { countSegments } from './twilio';

type Endpoint = 'sms3' | 'sms2' | 'whatsapp';

const ENDPOINTS: Record<string, Endpoint> = {
	'/sms/3/messages': 'sms3',
	'/sms/2/text/advanced': 'sms2',
	'/whatsapp/1/message/template': 'whatsapp',
};
const VALID_DESTINATION = /^\+?\d{6,15}$/;
const DLR_BATCH = 100;

export function isInfobipPath(path: string): boolean {
	return path.startsWith('/sms/') || path.startsWith('/whatsapp/') || path.startsWith('/account/');
}

interface Violation {
	property: string;
	violation: string;
}

const ERRORS = {
	E400: { status: 400, legacy: 'BAD_REQUEST', description: 'Request cannot be processed.', action: 'Check the syntax, violations and adjust the request.' },
	E401: { status: 401, legacy: 'UNAUTHORIZED', description: 'Invalid login details.', action: 'Check the API key or the credentials and try again.' },
	E404: { status: 404, legacy: 'NOT_FOUND', description: 'Requested resource not found.', action: 'Check the URL and the HTTP method.' },
	E429: { status: 429, legacy: 'TOO_MANY_REQUESTS', description: 'Too many requests.', action: 'Reduce the request rate and retry after the Retry-After delay.' },
	E500: { status: 500, legacy: 'GENERAL_ERROR', description: 'Something went wrong. Please contact support.', action: 'Try again later; contact support if it persists.' },
} as const;

export function infobipError(core: GatewayCore, code: keyof typeof ERRORS, violations: Violation[] = [], headers?: Record<string, string>): Reply {
	const error = ERRORS[code];
	if (core.options().infobip.legacyErrors) {
		const serviceException: Record<string, unknown> = { messageId: error.legacy, text: error.description };
		if (violations.length > 0) {
			const validationErrors: Record<string, string[]> = {};
			for (const v of violations) (validationErrors[v.property] ??= []).push(v.violation);
			serviceException.validationErrors = validationErrors;
		}
		return json(error.status, { requestError: { serviceException } }, headers);
	}
	return json(error.status, { errorCode: code, description: error.description, action: error.action, violations, resources: [] }, headers);
}

const PENDING_ACCEPTED = { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' };
const PENDING_ENROUTE = { groupId: 1, groupName: 'PENDING', id: 7, name: 'PENDING_ENROUTE', description: 'Message sent to next instance' };
const REJECTED_DESTINATION = { groupId: 5, groupName: 'REJECTED', id: 52, name: 'REJECTED_DESTINATION', description: 'Invalid destination address.' };

const FINAL: Record<Exclude<AsyncOutcome, 'window_closed'>, { status: Record<string, unknown>; error: Record<string, unknown> }> = {
	delivered: {
		status: { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' },
		error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false },
	},
	undeliverable: {
		status: { groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED', description: 'Message sent not delivered' },
		error: { groupId: 1, groupName: 'HANDSET_ERRORS', id: 1, name: 'EC_UNKNOWN_SUBSCRIBER', description: 'Unknown Subscriber', permanent: true },
	},
	opt_out: {
		status: { groupId: 5, groupName: 'REJECTED', id: 10, name: 'REJECTED_DND', description: 'Destination is on the do-not-disturb (opt-out) list' },
		error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false },
	},
};

/** One destination of one message of the request, as read from whichever endpoint. */
interface Destination {
	to: string;
	digits: string;
	messageId?: string;
	sender: string;
	text: string;
	callback?: string;
	callbackData?: string;
}

export const handleInfobip: Personality = (core, exchange) => {
	exchange.provider = 'infobip';
	const endpoint = ENDPOINTS[exchange.path];
	const parsed = exchange.method === 'POST' ? parseJson(exchange.body) : { ok: true as const, value: {} };
	const payload = parsed.ok && isObject(parsed.value) ? parsed.value : {};
	const destinations = endpoint === undefined ? [] : readDestinations(endpoint, payload);
	for (const d of destinations) {
		if (d.digits !== '') exchange.recipients.push(d.digits);
		if (d.messageId !== undefined) exchange.keys.push(d.messageId);
	}

	if (schemeToken(exchange.headers.authorization, 'App') !== core.options().infobip.apiKey) {
		exchange.outcome = 'auth_failed';
		return infobipError(core, 'E401');
	}
	if (exchange.method === 'GET' && exchange.path === '/sms/3/logs') return logs(core, exchange);
	if (exchange.method === 'GET' && exchange.path === '/account/1/balance') {
		exchange.outcome = 'accepted';
		return json(200, { balance: 100, currency: 'EUR' });
	}
	if (endpoint === undefined || exchange.method !== 'POST') {
		exchange.outcome = 'not_found';
		return infobipError(core, 'E404');
	}
	if (!parsed.ok) {
		exchange.outcome = 'invalid';
		return infobipError(core, 'E400', [{ property: '', violation: `Request body is not valid JSON: ${parsed.error}` }]);
	}
	const violations = validate(endpoint, payload);
	if (violations.length > 0) {
		exchange.outcome = 'invalid';
		return infobipError(core, 'E400', violations);
	}

	const faults = destinations.map((d) => core.fault(exchange, 'infobip', d.digits));
	for (const fault of faults) {
		const kind = fault?.spec.kind;
		if (kind === 'rate_limit' || kind === 'pair_rate_limit') {
			exchange.outcome = 'fault';
			return infobipError(core, 'E429', [], { 'Retry-After': String(fault?.spec.retryAfter ?? 1) });
		}
		if (kind === 'server_error') {
			exchange.outcome = 'fault';
			return fault?.spec.status === 500 || fault?.spec.status === undefined ? infobipError(core, 'E500') : edgeError(fault.spec.status);
		}
	}

	const channel: Channel = endpoint === 'whatsapp' ? 'whatsapp' : 'sms';
	const clientBulkId = asString(payload.bulkId) ?? (isObject(payload.options) ? asString(payload.options.bulkId) : undefined);
	const bulkId = clientBulkId ?? (destinations.length > 1 ? core.ids.numeric() : undefined);
	const now = core.now();
	let accepted = 0;
	const results = destinations.map((d, i) => {
		const kind = faults[i]?.spec.kind;
		const messageId = d.messageId ?? core.ids.uuid();
		if (kind === 'hang' && exchange.hang === undefined) exchange.hang = { ms: faults[i]?.spec.ms };
		if (kind === 'invalid_number' || !VALID_DESTINATION.test(d.to)) {
			return shape(endpoint, d, messageId, REJECTED_DESTINATION, 0);
		}
		const outcome: AsyncOutcome = kind === 'undeliverable' ? 'undeliverable' : kind === 'opt_out' ? 'opt_out' : 'delivered';
		const segments = channel === 'sms' ? countSegments(d.text) : 1;
		const message: StoredMessage = {
			id: messageId,
			provider: 'infobip',
			channel,
			to: d.digits,
			from: d.sender,
			key: d.messageId,
			acceptedAt: now,
			outcome,
			meta: { endpoint, bulkId, callbackData: d.callbackData, callback: d.callback ?? core.options().infobip.callbackUrl, segments },
			statuses: [endpoint === 'whatsapp' ? PENDING_ENROUTE.name : PENDING_ACCEPTED.name],
		};
		core.accept(exchange, message, lifecycle(message));
		accepted++;
		return shape(endpoint, d, messageId, endpoint === 'whatsapp' ? PENDING_ENROUTE : PENDING_ACCEPTED, segments);
	});
	exchange.outcome = accepted === destinations.length ? 'accepted' : accepted === 0 ? 'rejected' : 'partial';
	const body: Record<string, unknown> = {};
	if (bulkId !== undefined) body.bulkId = bulkId;
	body.messages = results;
	return json(200, body);
};

function shape(endpoint: Endpoint, d: Destination, messageId: string, status: Record<string, unknown>, count: number): Record<string, unknown> {
	if (endpoint === 'sms3') return { messageId, status, destination: d.to, details: { messageCount: count } };
	if (endpoint === 'sms2') return { to: d.to, status, messageId, smsCount: count };
	return { to: d.to, messageCount: count, messageId, status };
}

function readDestinations(endpoint: Endpoint, payload: Record<string, unknown>): Destination[] {
	const messages = Array.isArray(payload.messages) ? payload.messages : [];
	const out: Destination[] = [];
	for (const m of messages) {
		if (!isObject(m)) continue;
		if (endpoint === 'whatsapp') {
			const to = asString(m.to) ?? '';
			out.push({
				to,
				digits: recipientDigits(to),
				messageId: asString(m.messageId),
				sender: asString(m.from) ?? '',
				text: '',
				callback: asString(m.notifyUrl),
				callbackData: asString(m.callbackData),
			});
			continue;
		}
		const webhooks = isObject(m.webhooks) ? m.webhooks : {};
		const delivery = isObject(webhooks.delivery) ? webhooks.delivery : {};
		const content = isObject(m.content) ? m.content : {};
		const common = {
			sender: asString(endpoint === 'sms3' ? m.sender : m.from) ?? '',
			text: asString(endpoint === 'sms3' ? content.text : m.text) ?? '',
			callback: asString(endpoint === 'sms3' ? delivery.url : m.notifyUrl),
			callbackData: asString(endpoint === 'sms3' ? webhooks.callbackData : m.callbackData),
		};
		for (const d of Array.isArray(m.destinations) ? m.destinations : []) {
			if (!isObject(d)) continue;
			const to = asString(d.to) ?? '';
			out.push({ ...common, to, digits: recipientDigits(to), messageId: asString(d.messageId) });
		}
	}
	return out;
}

function validate(endpoint: Endpoint, payload: Record<string, unknown>): Violation[] {
	const violations: Violation[] = [];
	const messages = payload.messages;
	if (!Array.isArray(messages) || messages.length === 0) return [{ property: 'messages', violation: 'must not be empty' }];
	messages.forEach((m, i) => {
		const at = `messages[${i}]`;
		if (!isObject(m)) {
			violations.push({ property: at, violation: 'must be an object' });
			return;
		}
		if (endpoint === 'whatsapp') {
			if (nonBlank(m.from) === undefined) violations.push({ property: `${at}.from`, violation: 'must not be blank' });
			if (nonBlank(m.to) === undefined) violations.push({ property: `${at}.to`, violation: 'must not be blank' });
			const content = isObject(m.content) ? m.content : undefined;
			if (content === undefined) {
				violations.push({ property: `${at}.content`, violation: 'must not be null' });
				return;
			}
			if (nonBlank(content.templateName) === undefined) violations.push({ property: `${at}.content.templateName`, violation: 'must not be blank' });
			if (nonBlank(content.language) === undefined) violations.push({ property: `${at}.content.language`, violation: 'must not be blank' });
			const data = isObject(content.templateData) ? content.templateData : undefined;
			const body = data !== undefined && isObject(data.body) ? data.body : undefined;
			if (body === undefined || !Array.isArray(body.placeholders)) {
				violations.push({ property: `${at}.content.templateData.body.placeholders`, violation: 'must not be null' });
			} else if (body.placeholders.some((p) => typeof p !== 'string' || p.trim() === '')) {
				violations.push({ property: `${at}.content.templateData.body.placeholders`, violation: 'must not contain blank values' });
			}
			if (m.callbackData !== undefined && String(m.callbackData).length > 4000) violations.push({ property: `${at}.callbackData`, violation: 'size must be between 0 and 4000' });
			return;
		}
		const destinations = m.destinations;
		if (!Array.isArray(destinations) || destinations.length === 0) violations.push({ property: `${at}.destinations`, violation: 'must not be empty' });
		else {
			destinations.forEach((d, j) => {
				if (!isObject(d) || nonBlank(d.to) === undefined) violations.push({ property: `${at}.destinations[${j}].to`, violation: 'must not be blank' });
			});
		}
		if (endpoint === 'sms3') {
			const content = isObject(m.content) ? m.content : undefined;
			if (content === undefined || nonBlank(content.text) === undefined) violations.push({ property: `${at}.content.text`, violation: 'must not be blank' });
			const webhooks = isObject(m.webhooks) ? m.webhooks : {};
			if (webhooks.callbackData !== undefined && String(webhooks.callbackData).length > 4000) {
				violations.push({ property: `${at}.webhooks.callbackData`, violation: 'size must be between 0 and 4000' });
			}
		} else {
			if (nonBlank(m.text) === undefined) violations.push({ property: `${at}.text`, violation: 'must not be blank' });
			if (m.callbackData !== undefined && String(m.callbackData).length > 4000) violations.push({ property: `${at}.callbackData`, violation: 'size must be between 0 and 4000' });
		}
	});
	return violations;
}

function lifecycle(message: StoredMessage): Array<{ steps: number; event: WebhookEvent }> {
	const url = message.meta.callback as string | undefined;
	if (url === undefined || url === '') return [];
	const final = FINAL[message.outcome === 'window_closed' ? 'delivered' : message.outcome];
	return [{ steps: 1, event: { provider: 'infobip', url, message, status: String(final.status.name) } }];
}

/** `2026-04-14T12:00:00.000+0000`, the timestamp form of Infobip reports. */
function infobipDate(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '+0000');
}

function report(core: GatewayCore, message: StoredMessage, done: boolean): Record<string, unknown> {
	const endpoint = message.meta.endpoint as Endpoint;
	const final = FINAL[message.outcome === 'window_closed' ? 'delivered' : message.outcome];
	const count = Number(message.meta.segments ?? 1);
	const result: Record<string, unknown> = {};
	if (message.meta.bulkId !== undefined) result.bulkId = message.meta.bulkId;
	result.messageId = message.id;
	result.to = message.to;
	if (endpoint === 'whatsapp') result.from = message.from;
	else result.sender = message.from;
	result.sentAt = infobipDate(message.acceptedAt);
	if (done) result.doneAt = infobipDate(core.now());
	result[endpoint === 'sms2' ? 'smsCount' : 'messageCount'] = count;
	result.mccMnc = '72405';
	result.price = { pricePerMessage: endpoint === 'whatsapp' ? 0.0085 : 0.05, currency: 'EUR' };
	result.status = done ? final.status : endpoint === 'whatsapp' ? PENDING_ENROUTE : PENDING_ACCEPTED;
	result.error = done ? final.error : FINAL.delivered.error;
	if (message.meta.callbackData !== undefined) result.callbackData = message.meta.callbackData;
	if (endpoint === 'whatsapp') result.channel = 'WHATSAPP';
	return result;
}

/** Final DLRs, batched as `{"results": […]}` per callback URL (≤100 per POST). */
export function infobipDeliveries(core: GatewayCore): (events: WebhookEvent[]) => Delivery[] {
	return (events) => {
		const byUrl = new Map<string, WebhookEvent[]>();
		for (const event of events) {
			const list = byUrl.get(event.url) ?? [];
			list.push(event);
			byUrl.set(event.url, list);
		}
		const deliveries: Delivery[] = [];
		for (const [url, list] of byUrl) {
			for (let i = 0; i < list.length; i += DLR_BATCH) {
				const batch = list.slice(i, i + DLR_BATCH);
				const results = batch.map((event) => {
					event.message.statuses.push(event.status);
					return report(core, event.message, true);
				});
				deliveries.push(infobipDelivery(core, 'status', url, { results }, batch.map((event) => event.message.id)));
			}
		}
		return deliveries;
	};
}

/** The headers of `infobip.webhookAuth` (Basic or a secret header), right or deliberately wrong. */
function authHeaders(auth: InfobipWebhookAuth | null | undefined, wrong: boolean): Record<string, string> {
	if (auth === undefined || auth === null) return {};
	if ('basic' in auth) {
		const password = wrong ? `${auth.basic.password}-wrong` : auth.basic.password;
		return { Authorization: 'Basic ' + Buffer.from(`${auth.basic.username}:${password}`).toString('base64') };
	}
	return { [auth.header.name]: wrong ? `${auth.header.value}-wrong` : auth.header.value };
}

/** A JSON POST with the configured webhook authentication (Infobip signs no payload). */
function infobipDelivery(core: GatewayCore, kind: 'status' | 'reply', url: string, payload: unknown, ids: string[]): Delivery {
	const auth = core.options().infobip.webhookAuth;
	const sign = (_body: string, wrong: boolean): Record<string, string> => authHeaders(auth, wrong);
	return { provider: 'infobip', kind, url, headers: { 'Content-Type': 'application/json', ...sign('', false) }, body: JSON.stringify(payload), messageIds: ids, sign };
}

/** Infobip's own id of an inbound message: numeric for SMS, a WhatsApp-style opaque id for WhatsApp (the fake's choice). */
export function infobipInboundId(core: GatewayCore, channel: Channel): string {
	return channel === 'sms' ? core.ids.numeric() : 'ABEG' + Buffer.from(core.ids.hex32(), 'hex').toString('base64').replace(/[+/=]/g, '');
}

function inboundResult(core: GatewayCore, m: InboundMessage): Record<string, unknown> {
	const options = core.options().infobip;
	const receivedAt = infobipDate(m.at);
	if (m.channel === 'sms') {
		const text = m.text ?? '';
		const [first, ...rest] = text.trim().split(/\s+/);
		const keyword = (options.keywords ?? []).find((k) => k.toUpperCase() === (first ?? '').toUpperCase());
		const result: Record<string, unknown> = {
			messageId: m.id,
			from: m.digits,
			to: m.to,
			text,
			cleanText: keyword === undefined ? text : rest.join(' '),
		};
		if (keyword !== undefined) result.keyword = keyword.toUpperCase();
		result.receivedAt = receivedAt;
		result.smsCount = countSegments(text);
		result.price = { pricePerMessage: 0, currency: 'EUR' };
		if (options.inboundCallbackData !== undefined) result.callbackData = options.inboundCallbackData;
		return result;
	}
	let message: Record<string, unknown>;
	if (m.button !== undefined) {
		message = m.button.interactive
			? { type: 'INTERACTIVE_BUTTON_REPLY', id: m.button.payload, title: m.button.text }
			: { type: 'BUTTON', text: m.button.text, payload: m.button.payload };
	} else if (m.media !== undefined) {
		message = { type: m.media.type === 'image' ? 'IMAGE' : 'DOCUMENT', url: m.media.url };
		if (m.media.caption !== undefined) message.caption = m.media.caption;
	} else message = { type: 'TEXT', text: m.text ?? '' };
	if (m.original !== undefined) message.context = { from: m.digits, id: m.original.id };
	const result: Record<string, unknown> = { from: m.digits, to: m.to, integrationType: 'WHATSAPP', receivedAt, messageId: m.id };
	if (m.original !== undefined) {
		result.pairedMessageId = m.original.id;
		if (m.original.meta.callbackData !== undefined) result.callbackData = m.original.meta.callbackData;
	}
	result.message = message;
	result.contact = { name: m.name };
	result.price = { pricePerMessage: 0, currency: 'EUR' };
	return result;
}

/**
 * Inbound SMS and WhatsApp messages forwarded to `infobip.inboundUrl`: `{"results": […], "messageCount",
 * "pendingMessageCount"}`, the messages of one call batched per URL (≤100 per POST).
 */
export function infobipInbound(core: GatewayCore): InboundBuilder {
	return (messages) => {
		const byUrl = new Map<string, InboundMessage[]>();
		for (const m of messages) byUrl.set(m.url, [...(byUrl.get(m.url) ?? []), m]);
		const deliveries: Delivery[] = [];
		for (const [url, list] of byUrl) {
			for (let i = 0; i < list.length; i += DLR_BATCH) {
				const batch = list.slice(i, i + DLR_BATCH);
				const results = batch.map((m) => inboundResult(core, m));
				deliveries.push(infobipDelivery(core, 'reply', url, { results, messageCount: results.length, pendingMessageCount: 0 }, batch.map((m) => m.id)));
			}
		}
		return deliveries;
	};
}

function logs(core: GatewayCore, exchange: Exchange): Reply {
	const q = new URLSearchParams(exchange.query);
	const messageIds = q.getAll('messageId');
	const bulkId = q.get('bulkId');
	const to = q.get('destination') ?? q.get('to');
	const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? 50) || 50));
	const results = core.store
		.all()
		.filter((m) => m.provider === 'infobip')
		.filter((m) => (messageIds.length === 0 || messageIds.includes(m.id)) && (bulkId === null || m.meta.bulkId === bulkId) && (to === null || m.to === recipientDigits(to)))
		.slice(-limit)
		.map((m) => report(core, m, m.statuses.length > 1));
	exchange.outcome = 'accepted';
	return json(200, { results });
}
