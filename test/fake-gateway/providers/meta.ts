/**
 * Meta WhatsApp Cloud API (gateways.md §2): `POST /{version}/{phone-number-id}/messages`, Bearer
 * token, JSON; 200 with a `wamid.` id; Graph `{error:{message, type, code, error_data, fbtrace_id}}`
 * errors where throttling (130429) and the pair rate limit (131056) are HTTP 400; failures such as
 * 131047 (outside the 24 h window) arrive later as `failed` status webhooks, signed with
 * `X-Hub-Signature-256` over the exact bytes sent (non-ASCII escaped).
 */
import http from 'node:http';

import { asyncOutcome, windowOpen } from '../core';
import type { Exchange, GatewayCore, InboundBuilder, InboundMessage, Personality } from '../core';
import { metaJson, metaSignature } from '../signing';
import type { AsyncOutcome, Reply, StoredMessage } from '../types';
import type { Delivery, WebhookEvent } from '../webhooks';
import { asString, edgeError, isObject, json, nonBlank, parseJson, recipientDigits, schemeToken } from '../util';

const PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;
const VERSION_PREFIX = /^\/v\d+\.\d+\//;
const NODE_PATH = /^\/(v\d+\.\d+)\/([^/]+)$/;
/** Phone-number id used when neither the message answered nor `meta.phoneNumberId` names one. */
export const DEFAULT_PHONE_NUMBER_ID = '106540352242922';
const TYPES = new Set(['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'sticker', 'template', 'text', 'video']);

export function isMetaPath(path: string): boolean {
	return VERSION_PREFIX.test(path);
}

interface GraphError {
	message: string;
	type?: string;
	code: number;
	details?: string;
	subcode?: number;
}

export function metaError(core: GatewayCore, status: number, error: GraphError): Reply {
	const body: Record<string, unknown> = { message: error.message, type: error.type ?? 'OAuthException', code: error.code };
	if (error.details !== undefined) body.error_data = { messaging_product: 'whatsapp', details: error.details };
	if (error.subcode !== undefined) body.error_subcode = error.subcode;
	body.fbtrace_id = core.ids.trace();
	return json(status, { error: body }, status === 401 ? { 'WWW-Authenticate': 'OAuth "Facebook Platform" "invalid_token", "Invalid OAuth access token"' } : undefined);
}

function invalid(core: GatewayCore, exchange: Exchange, message: string, details?: string, code = 100): Reply {
	exchange.outcome = 'invalid';
	return metaError(core, 400, { message, code, details });
}

/** Graph errors of the codes the fake emits (messages and details as Meta's error table words them). */
const CODES = {
	throughput: { code: 130429, message: '(#130429) Rate limit hit', details: 'Cloud API message throughput has been reached.' },
	pair: {
		code: 131056,
		message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
		details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
	},
	unknown: { code: 131000, message: '(#131000) Something went wrong', details: 'Message failed to send due to an unknown error.' },
	unavailable: { code: 131016, message: '(#131016) Service unavailable', details: 'A service is temporarily unavailable. Please check the status page and try again later.' },
};

/** The `errors[]` entry of a `failed` status webhook, per async outcome. */
const WEBHOOK_ERRORS: Record<Exclude<AsyncOutcome, 'delivered'>, { code: number; title: string; details: string }> = {
	window_closed: {
		code: 131047,
		title: 'Re-engagement message',
		details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	},
	undeliverable: {
		code: 131026,
		title: 'Message undeliverable',
		details: 'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service; the recipient uses an old WhatsApp version.',
	},
	opt_out: {
		code: 131050,
		title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
		details: 'The recipient has stopped marketing messages from your business.',
	},
};

export const handleMeta: Personality = (core, exchange) => {
	exchange.provider = 'meta';
	const options = core.options().meta;
	const match = PATH.exec(exchange.path);
	const parsed = exchange.method === 'POST' ? parseJson(exchange.body) : { ok: true as const, value: {} };
	const payload = parsed.ok && isObject(parsed.value) ? parsed.value : {};
	const to = asString(payload.to);
	if (to !== undefined && recipientDigits(to) !== '') exchange.recipients.push(recipientDigits(to));
	const opaque = asString(payload.biz_opaque_callback_data);
	if (opaque !== undefined) exchange.keys.push(opaque);

	const token = schemeToken(exchange.headers.authorization, 'Bearer') ?? new URLSearchParams(exchange.query).get('access_token') ?? undefined;
	if (token !== options.token) {
		exchange.outcome = 'auth_failed';
		return metaError(core, 401, { message: 'Invalid OAuth access token - Cannot parse access token', code: 190 });
	}
	const node = NODE_PATH.exec(exchange.path);
	if (node !== null && exchange.method === 'GET') {
		const media = core.media.get(node[2]);
		if (media !== undefined) {
			// Retrieve Media URL: the id of an inbound image/document gives a download URL (here: the fake itself).
			exchange.outcome = 'accepted';
			return json(200, {
				messaging_product: 'whatsapp',
				url: `${core.url}/__fake/media/${encodeURIComponent(media.id)}`,
				mime_type: media.mime,
				sha256: media.sha256,
				file_size: media.bytes.length,
				id: media.id,
			});
		}
		return phoneNumber(core, exchange, node[2]);
	}
	if (match === null) {
		exchange.outcome = 'not_found';
		return metaError(core, 400, { message: 'Unknown path components: ' + exchange.path, code: 2500 });
	}
	const [, version, phoneNumberId] = match;
	if ((options.phoneNumberId !== undefined && phoneNumberId !== options.phoneNumberId) || exchange.method !== 'POST') {
		exchange.outcome = 'not_found';
		const verb = exchange.method.toLowerCase();
		return metaError(core, 400, {
			message: `Unsupported ${verb} request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
			type: 'GraphMethodException',
			code: 100,
			subcode: 33,
		});
	}

	const problem = validate(core, exchange, payload);
	if (problem !== undefined) return problem;
	const type = asString(payload.type) ?? 'text';
	const digits = recipientDigits(to ?? '');

	const fault = core.fault(exchange, 'meta', digits);
	const kind = fault?.spec.kind;
	if (kind === 'rate_limit') return faultReply(core, exchange, 400, CODES.throughput);
	if (kind === 'pair_rate_limit') return faultReply(core, exchange, 400, CODES.pair);
	if (kind === 'server_error') {
		const status = fault?.spec.status ?? 500;
		if (status === 500) return faultReply(core, exchange, 500, CODES.unknown);
		if (status === 503) return faultReply(core, exchange, 503, CODES.unavailable);
		exchange.outcome = 'fault';
		return edgeError(status);
	}
	const now = core.now();
	if (!core.pairRate.allow(digits, now, options.pairRateLimitMs ?? 0)) return faultReply(core, exchange, 400, CODES.pair);

	const freeForm = type !== 'template';
	let outcome = asyncOutcome(fault, 'whatsapp', freeForm, windowOpen(core, digits));
	if (kind === 'invalid_number') outcome = 'undeliverable';
	// The user_preferences model: after a marketing stop, marketing templates fail with 131050; a resume lifts
	// the number's opt_out fault as well.
	const preference = core.optOuts.get('meta', digits);
	if (outcome === 'opt_out' && preference === 'in') outcome = 'delivered';
	if (type === 'template' && preference === 'out' && templateCategory(core, payload) === 'marketing') outcome = 'opt_out';
	const id = core.ids.wamid(digits);
	const message: StoredMessage = {
		id,
		provider: 'meta',
		channel: 'whatsapp',
		to: digits,
		from: phoneNumberId,
		key: opaque,
		acceptedAt: now,
		outcome,
		meta: { version, phoneNumberId, type, opaque, callback: options.callbackUrl },
		statuses: ['accepted'],
	};
	if (kind === 'hang') exchange.hang = { ms: fault?.spec.ms };
	core.accept(exchange, message, lifecycle(core, message));
	exchange.outcome = 'accepted';
	const sent: Record<string, unknown> = { id };
	if (type === 'template') sent.message_status = 'accepted';
	return json(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: digits }], messages: [sent] });
};

function templateCategory(core: GatewayCore, payload: Record<string, unknown>): string | undefined {
	const template = isObject(payload.template) ? payload.template : {};
	const name = asString(template.name);
	return name === undefined ? undefined : core.options().meta.templates?.[name]?.category;
}

/** `GET /{version}/{phone-number-id}`: the phone-number node a credential test reads. */
function phoneNumber(core: GatewayCore, exchange: Exchange, id: string): Reply {
	const options = core.options().meta;
	if (options.phoneNumberId !== undefined && id !== options.phoneNumberId) {
		exchange.outcome = 'not_found';
		return metaError(core, 400, {
			message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
			type: 'GraphMethodException',
			code: 100,
			subcode: 33,
		});
	}
	exchange.outcome = 'accepted';
	return json(200, {
		verified_name: 'Fake Gateway',
		code_verification_status: 'VERIFIED',
		display_phone_number: options.displayPhoneNumber ?? '15550000000',
		quality_rating: 'GREEN',
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
		id,
	});
}

function faultReply(core: GatewayCore, exchange: Exchange, status: number, error: GraphError): Reply {
	exchange.outcome = 'fault';
	return metaError(core, status, error);
}

function validate(core: GatewayCore, exchange: Exchange, payload: Record<string, unknown>): Reply | undefined {
	const product = payload.messaging_product;
	if (product === undefined) return invalid(core, exchange, '(#100) The parameter messaging_product is required.');
	if (product !== 'whatsapp') return invalid(core, exchange, '(#100) Param messaging_product must be one of {WHATSAPP} - got "' + String(product) + '".');
	const to = payload.to;
	if (to === undefined || to === '') return invalid(core, exchange, '(#100) The parameter to is required.');
	if (typeof to !== 'string' || !/^\+?\d{7,15}$/.test(to.replace(/[\s()-]/g, ''))) {
		return invalid(core, exchange, '(#100) Invalid parameter', "Parameter 'to' must be a phone number with country code.");
	}
	const type = payload.type === undefined ? 'text' : payload.type;
	if (typeof type !== 'string' || !TYPES.has(type)) {
		return invalid(core, exchange, `(#100) Param type must be one of {${Array.from(TYPES).join(', ').toUpperCase()}} - got "${String(type)}".`);
	}
	const opaque = payload.biz_opaque_callback_data;
	if (opaque !== undefined && (typeof opaque !== 'string' || opaque.length > 512)) {
		return invalid(core, exchange, '(#100) Param biz_opaque_callback_data must be at most 512 characters long.');
	}
	if (type === 'text') {
		const textObject = payload.text;
		const body = isObject(textObject) ? textObject.body : undefined;
		if (nonBlank(body) === undefined) return invalid(core, exchange, "(#100) The parameter text['body'] is required.");
		if ((body as string).length > 4096) return invalid(core, exchange, "(#100) Param text['body'] must be at most 4096 characters long.");
	}
	if (type === 'template') return validateTemplate(core, exchange, payload.template);
	return undefined;
}

function validateTemplate(core: GatewayCore, exchange: Exchange, template: unknown): Reply | undefined {
	if (!isObject(template)) return invalid(core, exchange, '(#100) The parameter template is required.');
	const name = nonBlank(template.name);
	if (name === undefined) return invalid(core, exchange, "(#100) The parameter template['name'] is required.");
	const language = isObject(template.language) ? nonBlank(template.language.code) : undefined;
	if (language === undefined) return invalid(core, exchange, "(#100) The parameter template['language']['code'] is required.");
	const components = template.components === undefined ? [] : template.components;
	if (!Array.isArray(components)) return invalid(core, exchange, "(#100) Param template['components'] must be an array.");
	let bodyParams: unknown[] = [];
	let headerParams: unknown[] | undefined;
	const buttons: Array<Record<string, unknown>> = [];
	for (const component of components) {
		if (!isObject(component) || nonBlank(component.type) === undefined) {
			return invalid(core, exchange, "(#100) The parameter template['components'][0]['type'] is required.");
		}
		const params = component.parameters === undefined ? [] : component.parameters;
		if (!Array.isArray(params)) return invalid(core, exchange, "(#100) Param template['components'][0]['parameters'] must be an array.");
		const componentType = String(component.type).toLowerCase();
		if (componentType === 'body') bodyParams = params;
		if (componentType === 'header') headerParams = params;
		if (componentType === 'button') buttons.push(component);
		for (const param of params) {
			if (!isObject(param) || nonBlank(param.type) === undefined) return invalid(core, exchange, '(#100) Invalid parameter', 'Each template parameter needs a type.');
			if (param.type === 'text') {
				if (typeof param.text !== 'string') return invalid(core, exchange, '(#100) Invalid parameter', "Parameter of type text needs a 'text' string.");
				if (/[\n\t]| {5,}/.test(param.text)) {
					return invalid(
						core,
						exchange,
						'(#132018) There was an issue with the parameters in your template.',
						'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
						132018,
					);
				}
			}
		}
	}
	const approved = core.options().meta.templates;
	if (approved === undefined) return undefined;
	const known = approved[name];
	if (known === undefined || (known.languages !== undefined && !known.languages.includes(language))) {
		return invalid(core, exchange, '(#132001) Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`, 132001);
	}
	if (known.parameterFormat === 'named' && bodyParams.some((p) => !isObject(p) || nonBlank(p.parameter_name) === undefined)) {
		return invalid(core, exchange, '(#100) Parameter name is missing or empty');
	}
	// The header: a document template needs its document on every send, any other template none.
	const expectedHeader = known.header === 'document' ? 1 : 0;
	const headerCount = headerParams?.length ?? 0;
	if (headerCount !== expectedHeader) {
		return invalid(
			core,
			exchange,
			'(#132000) Number of parameters does not match the expected number of params',
			`header: number of localizable_params (${headerCount}) does not match the expected number of params (${expectedHeader})`,
			132000,
		);
	}
	if (expectedHeader === 1) {
		const param = headerParams?.[0];
		const document = isObject(param) && param.type === 'document' && isObject(param.document) ? param.document : undefined;
		if (!document || nonBlank(document.link) === undefined) {
			return invalid(core, exchange, '(#132012) Parameter format does not match format in the created template', 'header: Format mismatch, expected DOCUMENT, received UNKNOWN', 132012);
		}
	}
	for (const button of buttons) {
		const index = Number(button.index);
		const params = Array.isArray(button.parameters) ? button.parameters : [];
		const payload = isObject(params[0]) ? params[0].payload : undefined;
		if (button.sub_type !== 'quick_reply' || !Number.isInteger(index) || index < 0 || index >= (known.quickReplies ?? 0)) {
			return invalid(core, exchange, '(#131009) Parameter value is not valid', `Button at index ${String(button.index)} of type ${String(button.sub_type)} does not exist`, 131009);
		}
		if (typeof payload !== 'string' || payload === '') {
			return invalid(core, exchange, '(#131008) Required parameter is missing', `buttons: Button at index ${index} of type Quick_reply requires a payload`, 131008);
		}
	}
	if (known.bodyParams !== undefined && bodyParams.length !== known.bodyParams) {
		return invalid(
			core,
			exchange,
			'(#132000) Number of parameters does not match the expected number of params',
			`body: number of localizable_params (${bodyParams.length}) does not match the expected number of params (${known.bodyParams})`,
			132000,
		);
	}
	return undefined;
}

function lifecycle(core: GatewayCore, message: StoredMessage): Array<{ steps: number; event: WebhookEvent }> {
	const url = message.meta.callback as string | undefined;
	if (url === undefined || url === '') return [];
	const options = core.options().meta;
	let statuses: string[];
	if (message.outcome !== 'delivered') statuses = ['failed'];
	else if (options.readWithoutDelivered) statuses = ['sent', 'read'];
	else if (options.outOfOrder) statuses = ['sent', 'read', 'delivered'];
	else statuses = ['sent', 'delivered', 'read'];
	const plan: Array<{ steps: number; event: WebhookEvent }> = [];
	statuses.forEach((status, i) => {
		plan.push({ steps: i + 1, event: { provider: 'meta', url, message, status } });
		if (options.duplicateStatuses) plan.push({ steps: i + 2, event: { provider: 'meta', url, message, status, duplicate: true } });
	});
	return plan;
}

/** Builds the batched, signed status webhooks: one POST per callback URL per step. */
export function metaDeliveries(core: GatewayCore): (events: WebhookEvent[]) => Delivery[] {
	return (events) => {
		const byUrl = new Map<string, WebhookEvent[]>();
		for (const event of events) {
			const list = byUrl.get(event.url) ?? [];
			list.push(event);
			byUrl.set(event.url, list);
		}
		const deliveries: Delivery[] = [];
		for (const [url, list] of byUrl) {
			const byPhone = new Map<string, Array<Record<string, unknown>>>();
			for (const event of list) {
				const phone = String(event.message.meta.phoneNumberId);
				const statuses = byPhone.get(phone) ?? [];
				statuses.push(statusObject(core, event));
				byPhone.set(phone, statuses);
				if (!event.duplicate) event.message.statuses.push(event.status);
			}
			const changes = Array.from(byPhone, ([phone, statuses]) => ({
				field: 'messages',
				value: {
					messaging_product: 'whatsapp',
					metadata: metadata(core, phone),
					statuses,
				},
			}));
			deliveries.push(metaDelivery(core, 'status', url, changes, list.map((event) => event.message.id)));
		}
		return deliveries;
	};
}

/** One signed app-webhook POST: `X-Hub-Signature-256` over the exact bytes, non-ASCII escaped. */
function metaDelivery(core: GatewayCore, kind: 'status' | 'reply' | 'user_preference', url: string, changes: unknown[], ids: string[]): Delivery {
	const options = core.options().meta;
	const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: options.wabaId ?? '100000000000000', changes }] });
	const sign = (raw: string, wrong: boolean): Record<string, string> => ({
		'X-Hub-Signature-256': metaSignature(wrong ? `${options.appSecret}-wrong` : options.appSecret, raw),
	});
	return {
		provider: 'meta',
		kind,
		url,
		headers: { 'Content-Type': 'application/json', 'User-Agent': 'facebookexternalua', ...sign(body, false) },
		body,
		messageIds: ids,
		sign,
	};
}

function metadata(core: GatewayCore, phoneNumberId: string): Record<string, string> {
	return { display_phone_number: core.options().meta.displayPhoneNumber ?? '15550000000', phone_number_id: phoneNumberId };
}

/** The `messages[]` entry of one inbound message (text, quick-reply button, interactive reply, image, document). */
function inboundMessageObject(core: GatewayCore, m: InboundMessage): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (m.original !== undefined) out.context = { from: core.options().meta.displayPhoneNumber ?? '15550000000', id: m.original.id };
	out.from = m.digits;
	out.id = m.id;
	out.timestamp = String(Math.floor(m.at / 1000));
	if (m.button !== undefined) {
		if (m.button.interactive) {
			out.type = 'interactive';
			out.interactive = { type: 'button_reply', button_reply: { id: m.button.payload, title: m.button.text } };
		} else {
			out.type = 'button';
			out.button = { payload: m.button.payload, text: m.button.text };
		}
	} else if (m.media !== undefined) {
		out.type = m.media.type;
		const media: Record<string, unknown> = {};
		if (m.media.caption !== undefined) media.caption = m.media.caption;
		if (m.media.type === 'document') media.filename = m.media.filename ?? 'document.pdf';
		media.mime_type = m.media.mime;
		media.sha256 = m.media.sha256;
		media.id = m.media.id;
		out[m.media.type] = media;
	} else {
		out.type = 'text';
		out.text = { body: m.text ?? '' };
	}
	return out;
}

/**
 * Incoming messages on the app webhook: one POST per callback URL, one change per phone-number id and
 * sender, `contacts[]` + `messages[]`; several messages of one call are batched (Meta batches too).
 */
export function metaInbound(core: GatewayCore): InboundBuilder {
	return (messages) => {
		const byUrl = new Map<string, InboundMessage[]>();
		for (const m of messages) byUrl.set(m.url, [...(byUrl.get(m.url) ?? []), m]);
		const deliveries: Delivery[] = [];
		for (const [url, list] of byUrl) {
			const changes = new Map<string, { phone: string; digits: string; name: string; messages: Array<Record<string, unknown>> }>();
			for (const m of list) {
				const key = `${m.to}|${m.digits}`;
				const change = changes.get(key) ?? { phone: m.to, digits: m.digits, name: m.name, messages: [] };
				change.messages.push(inboundMessageObject(core, m));
				changes.set(key, change);
			}
			const shaped = Array.from(changes.values(), (change) => ({
				value: {
					messaging_product: 'whatsapp',
					metadata: metadata(core, change.phone),
					contacts: [{ profile: { name: change.name }, wa_id: change.digits }],
					messages: change.messages,
				},
				field: 'messages',
			}));
			deliveries.push(metaDelivery(core, 'reply', url, shaped, list.map((m) => m.id)));
		}
		return deliveries;
	};
}

/** The `user_preferences` webhook: a WhatsApp user stopped (or resumed) marketing messages. */
export function metaPreferenceDelivery(
	core: GatewayCore,
	input: { url: string; digits: string; value: 'stop' | 'resume'; at: number; name: string; phoneNumberId: string },
): Delivery {
	const change = {
		value: {
			messaging_product: 'whatsapp',
			metadata: metadata(core, input.phoneNumberId),
			contacts: [{ profile: { name: input.name }, wa_id: input.digits }],
			user_preferences: [
				{
					wa_id: input.digits,
					detail: input.value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages',
					category: 'marketing_messages',
					value: input.value,
					timestamp: Math.floor(input.at / 1000),
				},
			],
		},
		field: 'user_preferences',
	};
	return metaDelivery(core, 'user_preference', input.url, [change], [`user_preferences:${input.digits}:${input.value}`]);
}

function statusObject(core: GatewayCore, event: WebhookEvent): Record<string, unknown> {
	const { message, status } = event;
	const major = Number(String(message.meta.version).slice(1).split('.')[0]);
	const category = message.meta.type === 'template' ? 'utility' : 'service';
	const out: Record<string, unknown> = {
		id: message.id,
		status,
		timestamp: String(Math.floor(core.now() / 1000)),
		recipient_id: message.to,
	};
	if (message.meta.opaque !== undefined) out.biz_opaque_callback_data = message.meta.opaque;
	if (status === 'failed') {
		// A forged `failed` status (postTampered) of a message that was delivered has no error of its own.
		const error = WEBHOOK_ERRORS[message.outcome as Exclude<AsyncOutcome, 'delivered'>] ?? WEBHOOK_ERRORS.undeliverable;
		out.errors = [
			{
				code: error.code,
				title: error.title,
				message: error.title,
				error_data: { details: error.details },
				href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
			},
		];
		return out;
	}
	// v24+ webhooks drop `conversation`; earlier versions carry it on sent (and the first delivered/read).
	if (major < 24 && status === 'sent') {
		out.conversation = {
			id: 'CONV' + message.id.slice(6, 26),
			expiration_timestamp: String(Math.floor(message.acceptedAt / 1000) + 86_400),
			origin: { type: category },
		};
	}
	out.pricing = major >= 24 ? { billable: true, pricing_model: 'PMP', category, type: 'regular' } : { billable: true, pricing_model: 'CBP', category };
	return out;
}

/**
 * Plays Meta's webhook verification: `GET <callback>?hub.mode=subscribe&hub.challenge=<n>&hub.verify_token=<token>`;
 * the receiver passes when it answers 200 with exactly the challenge.
 */
export function verifyMetaSubscription(
	url: string,
	verifyToken: string,
	challenge: string,
	timeoutMs = 5000,
): Promise<{ ok: boolean; status: number | null; body: string; challenge: string; error?: string }> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve({ ok: false, status: null, body: '', challenge, error: `invalid URL '${url}'` });
			return;
		}
		target.searchParams.set('hub.mode', 'subscribe');
		target.searchParams.set('hub.challenge', challenge);
		target.searchParams.set('hub.verify_token', verifyToken);
		const req = http.get(target, { timeout: timeoutMs }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ ok: res.statusCode === 200 && body === challenge, status: res.statusCode ?? null, body, challenge }));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (error) => resolve({ ok: false, status: null, body: '', challenge, error: error.message }));
	});
}
