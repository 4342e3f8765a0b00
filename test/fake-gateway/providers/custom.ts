/**
 * A generic reseller under `/custom/*` (gateways.md §5.1): configurable auth (none, Basic, Bearer,
 * header, query parameter), JSON / form / query-string requests, and reply presets for the shapes
 * the generic-gateway adapter must read: plain JSON errors with HTTP statuses, Vonage SMS API
 * (errors as a non-zero `status` inside HTTP 200) and legacy Zenvia `send-sms` (`statusCode` inside
 * HTTP 200). Scripted replies override everything for a route, one per request, in order.
 */
import { createHmac } from 'node:crypto';

import type { Exchange, GatewayCore, InboundBuilder, InboundMessage } from '../core';
import type { AsyncOutcome, CustomOptions, CustomPreset, CustomReply, CustomRouteOptions, CustomSigning, FaultSpec, Reply, StoredMessage } from '../types';
import type { Delivery, WebhookEvent } from '../webhooks';
import {
	basicCredentials,
	edgeError,
	fillPlaceholders,
	json,
	parseForm,
	parseJson,
	recipientDigits,
	schemeToken,
	text,
	valueAtPath,
} from '../util';

const DEFAULT_PATHS: Record<CustomPreset, { recipient: string; key: string }> = {
	json: { recipient: 'to', key: 'client_ref' },
	vonage: { recipient: 'to', key: 'client-ref' },
	'zenvia-legacy': { recipient: 'sendSmsRequest.to', key: 'sendSmsRequest.id' },
};

type Situation = 'ok' | 'auth' | 'missing_to' | 'invalid_number' | 'opt_out' | 'rate_limit' | 'server_error' | 'error_in_200';

interface Vars {
	id: string;
	to: string;
	key: string;
}

/** What each preset answers in each situation (the fault table of docs/fake-gateway.md). */
function presetReply(preset: CustomPreset, situation: Situation, vars: Vars, fault?: FaultSpec): Reply {
	const retryAfter = { 'Retry-After': String(fault?.retryAfter ?? 1) };
	if (situation === 'server_error' && fault?.status !== undefined && fault.status !== 500) return edgeError(fault.status);
	if (preset === 'vonage') {
		const error = (status: string, errorText: string): Reply =>
			json(200, { 'message-count': '1', messages: [{ to: vars.to, status, 'error-text': errorText }] });
		switch (situation) {
			case 'ok':
				return json(200, {
					'message-count': '1',
					messages: [
						{
							to: vars.to,
							'message-id': vars.id,
							status: '0',
							'remaining-balance': '10.00000000',
							'message-price': '0.03330000',
							network: '72405',
							...(vars.key === '' ? {} : { 'client-ref': vars.key }),
						},
					],
				});
			case 'auth':
				return error('4', 'Bad Credentials');
			case 'missing_to':
				return error('2', 'Missing to param');
			case 'invalid_number':
				return error('3', 'Invalid to param');
			case 'opt_out':
				return error('7', 'Number barred.');
			case 'rate_limit':
				return error('1', 'Throughput Rate Exceeded - please wait [ 1000 ] and retry');
			case 'server_error':
				return error('5', 'Internal Error');
			case 'error_in_200':
				return error('6', 'Invalid Message');
		}
	}
	if (preset === 'zenvia-legacy') {
		const response = (statusCode: string, statusDescription: string, detailCode: string, detailDescription: string, status = 200): Reply =>
			json(status, { sendSmsResponse: { statusCode, statusDescription, detailCode, detailDescription } });
		switch (situation) {
			case 'ok':
				return response('00', 'Ok', '000', 'Message Sent');
			case 'auth':
				return response('10', 'Error', '900', 'Authentication error', 401);
			case 'missing_to':
				return response('10', 'Error', '014', "Empty 'to' mobile number");
			case 'invalid_number':
				return response('10', 'Error', '013', "Incorrect or incomplete 'to' mobile number");
			case 'opt_out':
				return response('10', 'Error', '130', 'Message blocked');
			case 'rate_limit':
				return { ...text(429, 'Too Many Requests'), headers: retryAfter };
			case 'server_error':
				return response('10', 'Error', '999', 'Unknown error', 500);
			case 'error_in_200':
				return response('10', 'Error', '011', 'Message body invalid');
		}
	}
	const error = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => json(status, { status: 'error', code, message }, headers);
	switch (situation) {
		case 'ok':
			return json(200, { status: 'ok', id: vars.id, to: vars.to });
		case 'auth':
			return error(401, 'UNAUTHORIZED', 'Invalid credentials');
		case 'missing_to':
			return error(400, 'MISSING_TO', 'The recipient is required');
		case 'invalid_number':
			return error(400, 'INVALID_NUMBER', `Invalid recipient '${vars.to}'`);
		case 'opt_out':
			return error(400, 'OPTED_OUT', 'The recipient opted out');
		case 'rate_limit':
			return error(429, 'THROTTLED', 'Too many requests', retryAfter);
		case 'server_error':
			return error(500, 'SERVER_ERROR', 'Internal error');
		case 'error_in_200':
			return error(200, 'REJECTED', 'Message rejected by the gateway');
	}
}

export class CustomPersonality {
	private readonly scriptPosition = new Map<string, number>();

	reset(): void {
		this.scriptPosition.clear();
	}

	handle(core: GatewayCore, exchange: Exchange): Reply {
		exchange.provider = 'custom';
		const custom: CustomOptions = core.options().custom;
		const route: CustomRouteOptions = { ...custom, ...(custom.routes?.[exchange.path] ?? {}) };
		const preset = route.preset ?? 'json';
		const params = readParams(exchange);
		const recipientRaw = lookup(params, exchange, route.recipientPath ?? DEFAULT_PATHS[preset].recipient);
		const key = lookup(params, exchange, route.keyPath ?? DEFAULT_PATHS[preset].key);
		const to = recipientRaw ?? '';
		const digits = recipientDigits(to);
		if (digits !== '') exchange.recipients.push(digits);
		if (key !== undefined && key !== '') exchange.keys.push(key);
		const vars: Vars = { id: core.ids.uuid(), to, key: key ?? '' };

		const script = route.replies ?? [];
		const position = this.scriptPosition.get(exchange.path) ?? 0;
		if (position < script.length) {
			this.scriptPosition.set(exchange.path, position + 1);
			return scripted(core, exchange, script[position], vars, digits, key);
		}

		if (!authorized(route, exchange)) {
			exchange.outcome = 'auth_failed';
			return presetReply(preset, 'auth', vars);
		}
		if (digits === '' && (exchange.method === 'GET' || exchange.method === 'HEAD') && exchange.body === '') {
			// A GET that names nobody is a ping (what a credential test sends): it only proves the auth.
			exchange.outcome = 'accepted';
			return json(200, { status: 'ok', gateway: 'fake' });
		}
		if (digits === '') {
			exchange.outcome = 'invalid';
			return presetReply(preset, 'missing_to', vars);
		}
		if (!/^\+?\d{8,15}$/.test(to.replace(/[\s()-]/g, ''))) {
			exchange.outcome = 'invalid';
			return presetReply(preset, 'invalid_number', vars);
		}
		const fault = core.fault(exchange, 'custom', digits);
		const kind = fault?.spec.kind;
		const syncFault: Partial<Record<string, Situation>> = {
			rate_limit: 'rate_limit',
			pair_rate_limit: 'rate_limit',
			server_error: 'server_error',
			invalid_number: 'invalid_number',
			opt_out: 'opt_out',
			error_in_200: 'error_in_200',
		};
		const situation = kind === undefined ? undefined : syncFault[kind];
		if (situation !== undefined) {
			exchange.outcome = 'fault';
			return presetReply(preset, situation, vars, fault?.spec);
		}
		if (kind === 'hang') exchange.hang = { ms: fault?.spec.ms };
		acceptMessage(core, exchange, vars.id, digits, key, kind === 'undeliverable' ? 'undeliverable' : 'delivered');
		exchange.outcome = 'accepted';
		return presetReply(preset, 'ok', vars);
	}
}

function scripted(core: GatewayCore, exchange: Exchange, reply: CustomReply, vars: Vars, digits: string, key: string | undefined): Reply {
	const status = reply.status ?? 200;
	const filled = fillPlaceholders(reply.body ?? '', { id: vars.id, to: vars.to, key: vars.key });
	const out: Reply =
		typeof filled === 'string'
			? { ...text(status, filled), headers: reply.headers }
			: { ...json(status, filled), headers: reply.headers };
	if (reply.accept) {
		acceptMessage(core, exchange, vars.id, digits, key, 'delivered');
		exchange.outcome = 'accepted';
	} else {
		exchange.outcome = status >= 200 && status < 300 ? 'accepted' : 'fault';
	}
	exchange.fault = 'scripted';
	if (reply.hang !== undefined) exchange.hang = { ms: reply.hang.ms };
	return out;
}

function acceptMessage(core: GatewayCore, exchange: Exchange, id: string, digits: string, key: string | undefined, outcome: AsyncOutcome): void {
	const callback = core.options().custom.callbackUrl;
	const message: StoredMessage = {
		id,
		provider: 'custom',
		channel: 'sms',
		to: digits,
		from: '',
		key,
		acceptedAt: core.now(),
		outcome,
		meta: { path: exchange.path, callback },
		statuses: ['accepted'],
	};
	// One final status event per accepted message when the reseller has a callback URL.
	const lifecycle =
		callback === undefined || callback === ''
			? []
			: [{ steps: 1, event: { provider: 'custom' as const, url: callback, message, status: outcome === 'delivered' ? 'delivered' : 'failed' } }];
	core.accept(exchange, message, lifecycle);
}

/** The error code of a `failed` status event, per async outcome (the generic reseller's own vocabulary). */
const CUSTOM_ERRORS: Partial<Record<AsyncOutcome, string>> = { undeliverable: 'UNDELIVERABLE', opt_out: 'OPTED_OUT', window_closed: 'WINDOW_CLOSED' };

/** `custom.webhook.signing` as headers of a body: HMAC-SHA256 of the raw bytes, a static secret header, or nothing. */
function customSign(signing: CustomSigning | undefined, body: string, wrong: boolean): Record<string, string> {
	if (signing === undefined || signing.mode === 'none') return {};
	if (signing.mode === 'header') return { [signing.name]: wrong ? `${signing.value}-wrong` : signing.value };
	const digest = createHmac('sha256', wrong ? `${signing.secret}-wrong` : signing.secret)
		.update(body)
		.digest(signing.encoding ?? 'hex');
	return { [signing.header]: (signing.prefix ?? '') + digest };
}

/** The flat events of a step as POSTs: one per event (`single`) or all of them as `{"events": […]}` (`batch`), per URL. */
function customPosts(core: GatewayCore, kind: 'status' | 'reply', items: Array<{ url: string; id: string; event: Record<string, unknown> }>): Delivery[] {
	const webhook = core.options().custom.webhook ?? {};
	const sign = (body: string, wrong: boolean): Record<string, string> => customSign(core.options().custom.webhook?.signing, body, wrong);
	const make = (url: string, payload: unknown, ids: string[]): Delivery => {
		const body = JSON.stringify(payload);
		return { provider: 'custom', kind, url, headers: { 'Content-Type': 'application/json', ...sign(body, false) }, body, messageIds: ids, sign };
	};
	if (webhook.shape !== 'batch') return items.map((item) => make(item.url, item.event, [item.id]));
	const byUrl = new Map<string, typeof items>();
	for (const item of items) byUrl.set(item.url, [...(byUrl.get(item.url) ?? []), item]);
	return Array.from(byUrl, ([url, list]) =>
		make(
			url,
			{ events: list.map((item) => item.event) },
			list.map((item) => item.id),
		),
	);
}

/** Status events of accepted messages: `{"event":"status","id","status","client_ref","to","timestamp","error_code"}`. */
export function customDeliveries(core: GatewayCore): (events: WebhookEvent[]) => Delivery[] {
	return (events) =>
		customPosts(
			core,
			'status',
			events.map(({ url, message, status }) => {
				message.statuses.push(status);
				return {
					url,
					id: message.id,
					event: {
						event: 'status',
						id: message.id,
						status,
						client_ref: message.key ?? null,
						to: message.to,
						timestamp: new Date(core.now()).toISOString(),
						error_code: status === 'failed' ? (CUSTOM_ERRORS[message.outcome] ?? 'FAILED') : null,
					},
				};
			}),
		);
}

/**
 * Replies: `{"event":"reply","id","from","to","text","button_text","button_payload","media_url","media_type",
 * "in_reply_to","client_ref","timestamp"}` (every key present, `null` when it does not apply).
 */
export function customInbound(core: GatewayCore): InboundBuilder {
	return (messages: InboundMessage[]) =>
		customPosts(
			core,
			'reply',
			messages.map((m) => ({
				url: m.url,
				id: m.id,
				event: {
					event: 'reply',
					id: m.id,
					from: m.digits,
					to: m.to,
					text: m.button?.text ?? m.media?.caption ?? m.text ?? null,
					button_text: m.button?.text ?? null,
					button_payload: m.button?.payload ?? null,
					media_url: m.media?.url ?? null,
					media_type: m.media?.mime ?? null,
					in_reply_to: m.original?.id ?? null,
					client_ref: m.original?.key ?? null,
					timestamp: new Date(m.at).toISOString(),
				},
			})),
		);
}

function readParams(exchange: Exchange): unknown {
	if (exchange.body === '') return {};
	const type = String(exchange.headers['content-type'] ?? '');
	const first = exchange.body.trimStart()[0];
	if (type.includes('json') || first === '{' || first === '[') {
		const parsed = parseJson(exchange.body);
		if (parsed.ok) return parsed.value;
	}
	return parseForm(exchange.body);
}

/** A dot path into the body, then the query string; `header:<Name>` reads a header. */
function lookup(params: unknown, exchange: Exchange, path: string): string | undefined {
	if (path.startsWith('header:')) {
		const value = exchange.headers[path.slice('header:'.length).toLowerCase()];
		return Array.isArray(value) ? value[0] : value;
	}
	const fromBody = valueAtPath(params, path);
	if (typeof fromBody === 'string' || typeof fromBody === 'number') return String(fromBody);
	if (Array.isArray(fromBody) && typeof fromBody[0] === 'string') return fromBody[0];
	const fromQuery = new URLSearchParams(exchange.query).get(path);
	return fromQuery ?? undefined;
}

function authorized(route: CustomRouteOptions, exchange: Exchange): boolean {
	const auth = route.auth ?? { mode: 'none' };
	switch (auth.mode) {
		case 'none':
			return true;
		case 'basic': {
			const creds = basicCredentials(exchange.headers.authorization);
			return creds !== undefined && creds.username === auth.username && creds.password === auth.password;
		}
		case 'bearer':
			return schemeToken(exchange.headers.authorization, 'Bearer') === auth.token;
		case 'header':
			return exchange.headers[auth.name.toLowerCase()] === auth.value;
		case 'query':
			return new URLSearchParams(exchange.query).get(auth.name) === auth.value;
	}
}

export function isCustomPath(path: string): boolean {
	return path === '/custom' || path.startsWith('/custom/');
}
