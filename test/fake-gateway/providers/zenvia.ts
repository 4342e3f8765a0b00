/**
 * Zenvia API v2 (gateways.md §3): `POST /v2/channels/{sms|whatsapp}/messages`, `X-API-TOKEN`,
 * JSON `{from, to, externalId, contents[]}`; 200 echo with `id` and `direction: "OUT"`; errors
 * `{code, message, details[{code, path, message}]}`; unsigned `MESSAGE_STATUS` webhooks.
 */
import { asyncOutcome, windowOpen } from '../core';
import type { Exchange, GatewayCore, InboundBuilder, Personality } from '../core';
import type { AsyncOutcome, Channel, Reply, StoredMessage } from '../types';
import type { Delivery, WebhookEvent } from '../webhooks';
import { asString, edgeError, isObject, json, parseJson, recipientDigits } from '../util';

const PATH = /^\/v2\/channels\/([^/]+)\/messages$/;
const CONTENT_TYPES = new Set(['text', 'template', 'file', 'location', 'contacts', 'card', 'carousel', 'email']);
const SMS_MAX_CHARS = 1520;

export function isZenviaPath(path: string): boolean {
	return path.startsWith('/v2/');
}

interface Detail {
	code: string;
	path: string;
	message: string;
}

function validationError(exchange: Exchange, details: Detail[]): Reply {
	exchange.outcome = 'invalid';
	return json(400, { code: 'VALIDATION_ERROR', message: 'Validation error', details });
}

export const handleZenvia: Personality = (core, exchange) => {
	exchange.provider = 'zenvia';
	const parsed = parseJson(exchange.body);
	const payload = parsed.ok && isObject(parsed.value) ? parsed.value : {};
	const to = asString(payload.to);
	if (to !== undefined && recipientDigits(to) !== '') exchange.recipients.push(recipientDigits(to));
	const externalId = asString(payload.externalId);
	if (externalId !== undefined) exchange.keys.push(externalId);

	const token = exchange.headers['x-api-token'];
	if (token !== core.options().zenvia.token) {
		exchange.outcome = 'auth_failed';
		return json(401, { code: 'AUTHENTICATION_ERROR', message: 'No authorization token was found' });
	}
	if (exchange.path === '/v2/subscriptions' && exchange.method === 'GET') {
		exchange.outcome = 'accepted';
		const options = core.options().zenvia;
		const subscriptions: Array<Record<string, unknown>> = [];
		if (options.callbackUrl !== undefined) {
			subscriptions.push({ id: options.subscriptionId ?? 'fake-subscription', eventType: 'MESSAGE_STATUS', webhook: { url: options.callbackUrl }, status: 'ACTIVE', version: 'v2' });
		}
		if (options.inboundUrl !== undefined) {
			subscriptions.push({
				id: options.inboundSubscriptionId ?? 'fake-message-subscription',
				eventType: 'MESSAGE',
				criteria: { direction: 'IN' },
				webhook: { url: options.inboundUrl },
				status: 'ACTIVE',
				version: 'v2',
			});
		}
		return json(200, subscriptions);
	}
	const match = PATH.exec(exchange.path);
	const channel = match?.[1];
	if (match === null || exchange.method !== 'POST' || (channel !== 'sms' && channel !== 'whatsapp')) {
		exchange.outcome = 'not_found';
		return json(404, { code: 'NOT_FOUND', message: 'Not found' });
	}
	if (!parsed.ok) return validationError(exchange, [{ code: 'INVALID_JSON', path: '', message: `Request body is not valid JSON: ${parsed.error}` }]);
	const details = validate(payload, channel);
	if (details.length > 0) return validationError(exchange, details);

	const digits = recipientDigits(to ?? '');
	const fault = core.fault(exchange, 'zenvia', digits);
	const kind = fault?.spec.kind;
	if (kind === 'rate_limit' || kind === 'pair_rate_limit') {
		exchange.outcome = 'fault';
		// Zenvia documents no rate-limit reply; this follows its error object shape.
		return json(429, { code: 'TOO_MANY_REQUESTS', message: 'Too many requests' }, { 'Retry-After': String(fault?.spec.retryAfter ?? 1) });
	}
	if (kind === 'server_error') {
		exchange.outcome = 'fault';
		const status = fault?.spec.status ?? 500;
		return status === 500 ? json(500, { code: 'INTERNAL_ERROR', message: 'Internal error' }) : edgeError(status);
	}
	if (kind === 'invalid_number') {
		exchange.outcome = 'fault';
		return json(400, {
			code: 'VALIDATION_ERROR',
			message: 'Validation error',
			details: [{ code: 'INVALID_RECIPIENT', path: 'to', message: `'${to}' is not a valid recipient for channel ${channel}` }],
		});
	}

	const contents = payload.contents as Array<Record<string, unknown>>;
	const freeForm = contents.some((content) => content.type !== 'template');
	const outcome = asyncOutcome(fault, channel, freeForm, windowOpen(core, digits));
	const id = core.ids.uuid();
	const message: StoredMessage = {
		id,
		provider: 'zenvia',
		channel: channel as Channel,
		to: digits,
		from: String(payload.from),
		key: externalId,
		acceptedAt: core.now(),
		outcome,
		meta: { externalId, callback: core.options().zenvia.callbackUrl },
		statuses: [],
	};
	if (kind === 'hang') exchange.hang = { ms: fault?.spec.ms };
	core.accept(exchange, message, lifecycle(message));
	exchange.outcome = 'accepted';
	return json(200, { id, ...payload, direction: 'OUT' });
};

function validate(payload: Record<string, unknown>, channel: string): Detail[] {
	const details: Detail[] = [];
	for (const field of ['from', 'to']) {
		const value = payload[field];
		if (typeof value !== 'string' || value.length === 0) details.push({ code: 'REQUIRED', path: field, message: `${field} is required` });
		else if (value.length > 64) details.push({ code: 'MAX_LENGTH', path: field, message: `${field} must have at most 64 characters` });
	}
	const to = payload.to;
	if (typeof to === 'string' && to.length > 0 && !/^\d{8,15}$/.test(to)) {
		details.push({ code: 'INVALID_FORMAT', path: 'to', message: 'to must be the country code and number, digits only (e.g. 5511987654321)' });
	}
	if (payload.externalId !== undefined && typeof payload.externalId !== 'string') {
		details.push({ code: 'INVALID_TYPE', path: 'externalId', message: 'externalId must be a string' });
	}
	const contents = payload.contents;
	if (!Array.isArray(contents) || contents.length === 0) {
		details.push({ code: 'REQUIRED', path: 'contents', message: 'contents must have at least 1 item' });
		return details;
	}
	contents.forEach((content, i) => {
		const path = `contents[${i}]`;
		if (!isObject(content) || typeof content.type !== 'string' || !CONTENT_TYPES.has(content.type)) {
			details.push({ code: 'INVALID_TYPE', path: `${path}.type`, message: `type must be one of ${Array.from(CONTENT_TYPES).join(', ')}` });
			return;
		}
		if (content.type === 'text') {
			if (typeof content.text !== 'string' || content.text.length === 0) details.push({ code: 'REQUIRED', path: `${path}.text`, message: 'text is required' });
			else if (channel === 'sms' && content.text.length > SMS_MAX_CHARS) {
				details.push({ code: 'MAX_LENGTH', path: `${path}.text`, message: `text must have at most ${SMS_MAX_CHARS} characters` });
			}
		}
		if (content.type === 'template') {
			if (typeof content.templateId !== 'string' || content.templateId.length === 0) {
				details.push({ code: 'REQUIRED', path: `${path}.templateId`, message: 'templateId is required' });
			}
			if (content.fields !== undefined && !isObject(content.fields)) details.push({ code: 'INVALID_TYPE', path: `${path}.fields`, message: 'fields must be an object' });
		}
	});
	return details;
}

function lifecycle(message: StoredMessage): Array<{ steps: number; event: WebhookEvent }> {
	const url = message.meta.callback as string | undefined;
	if (url === undefined || url === '') return [];
	const plan: Record<AsyncOutcome, string[]> = {
		delivered: message.channel === 'whatsapp' ? ['SENT', 'DELIVERED', 'READ'] : ['SENT', 'DELIVERED'],
		undeliverable: ['SENT', 'NOT_DELIVERED'],
		window_closed: ['NOT_DELIVERED'],
		opt_out: ['REJECTED'],
	};
	return plan[message.outcome].map((status, i) => ({ steps: i + 1, event: { provider: 'zenvia', url, message, status } }));
}

const CAUSES: Record<Exclude<AsyncOutcome, 'delivered'>, { channelErrorCode: string; reason: string; details: string }> = {
	undeliverable: { channelErrorCode: '30003', reason: 'Unreachable destination', details: 'The destination handset is unreachable or unknown.' },
	window_closed: {
		channelErrorCode: '131047',
		reason: 'Re-engagement message',
		details: 'More than 24 hours have passed since the customer last replied; send a template.',
	},
	opt_out: { channelErrorCode: 'OPT_OUT', reason: 'Recipient opted out', details: 'The recipient asked not to receive messages from this sender.' },
};

/** The `description` of each status code, worded as Zenvia's subscriptions page does. */
const DESCRIPTIONS: Record<string, string> = {
	SENT: 'The message has been forwarded to the provider',
	DELIVERED: 'The message has been delivered by the provider',
	READ: 'The message has been read by the recipient',
	NOT_DELIVERED: 'The provider was unable to deliver the message',
	REJECTED: 'The message was rejected by the provider',
};

/** One unsigned MESSAGE_STATUS POST per event (optional static subscription headers). */
export function zenviaDeliveries(core: GatewayCore): (events: WebhookEvent[]) => Delivery[] {
	return (events) =>
		events.map((event) => {
			const { message, status } = event;
			const options = core.options().zenvia;
			const at = new Date(core.now()).toISOString();
			const messageStatus: Record<string, unknown> = { timestamp: at, code: status, description: DESCRIPTIONS[status] ?? status };
			if (status === 'NOT_DELIVERED' || status === 'REJECTED') {
				messageStatus.causes = [CAUSES[message.outcome as Exclude<AsyncOutcome, 'delivered'>]];
			}
			const body = {
				id: core.ids.uuid(),
				timestamp: at,
				type: 'MESSAGE_STATUS',
				subscriptionId: options.subscriptionId ?? 'fake-subscription',
				channel: message.channel,
				messageId: message.id,
				contentIndex: 0,
				message: {
					id: message.id,
					...(message.key === undefined ? {} : { externalId: message.key }),
					contentIndex: 0,
					direction: 'OUT',
					from: message.from,
					to: message.to,
				},
				messageStatus,
			};
			message.statuses.push(status);
			return zenviaDelivery(core, 'status', event.url, body, message.id);
		});
}

/** An unsigned JSON POST with the subscription's static headers (the only "authentication" Zenvia offers). */
function zenviaDelivery(core: GatewayCore, kind: 'status' | 'reply', url: string, event: unknown, id: string): Delivery {
	const headers = core.options().zenvia.webhookHeaders ?? {};
	const sign = (_body: string, wrong: boolean): Record<string, string> =>
		Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, wrong ? `${value}-wrong` : value]));
	return { provider: 'zenvia', kind, url, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(event), messageIds: [id], sign };
}

/**
 * Incoming messages as MESSAGE events (direction IN) of the MESSAGE subscription: one POST per message.
 * A button tap is a `text` content with the button's `payload`; media is a `file` content whose
 * `fileUrl` points at the fake; `message.idRef` names the message answered (SMS: the last one sent).
 */
export function zenviaInbound(core: GatewayCore): InboundBuilder {
	return (messages) =>
		messages.map((m) => {
			const options = core.options().zenvia;
			const at = new Date(m.at).toISOString();
			let content: Record<string, unknown>;
			if (m.button !== undefined) content = { type: 'text', text: m.button.text, payload: m.button.payload };
			else if (m.media !== undefined) {
				content = { type: 'file', fileUrl: m.media.url, fileMimeType: m.media.mime };
				if (m.media.filename !== undefined) content.fileName = m.media.filename;
				if (m.media.caption !== undefined) content.fileCaption = m.media.caption;
			} else content = { type: 'text', text: m.text ?? '' };
			const message: Record<string, unknown> = { id: m.id, from: m.digits, to: m.to, direction: 'IN', channel: m.channel, contents: [content] };
			if (m.channel === 'whatsapp') {
				const [firstName, ...rest] = m.name.split(' ');
				message.visitor = { name: m.name, firstName, lastName: rest.join(' ') };
			}
			message.timestamp = at;
			if (m.original !== undefined) message.idRef = m.original.id;
			const event = {
				id: core.ids.uuid(),
				timestamp: at,
				type: 'MESSAGE',
				subscriptionId: options.inboundSubscriptionId ?? 'fake-message-subscription',
				channel: m.channel,
				direction: 'IN',
				message,
			};
			return zenviaDelivery(core, 'reply', m.url, event, m.id);
		});
}
