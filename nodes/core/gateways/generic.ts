/**
 * A "custom HTTP gateway" for the many regional SMS resellers (gateways.md §5.1): the user
 * describes the request (method, URL, body template) and how to read the reply (success
 * condition, message-id path, error-code path), and which errors may be retried.
 *
 * The body template is data, never code: `{{path}}` placeholders are replaced by values that are
 * JSON-escaped (JSON bodies: the template is parsed once, placeholders live inside its strings)
 * or URL-encoded (form bodies, query strings, URL paths). Nothing is evaluated.
 */
import { InvalidSettingError } from '../errors';
import {
	baseUrlOrError, defineAdapter, failure, parseBody, REASON_HINTS, retryAfterFrom, sendableContent, shorten, textSetting,
} from './common';
import {
	checkSharedSecret, dedupeId, FAILURE_STATUSES, FORBIDDEN, hmac, inboundBatch, inboundEvent, isoFromDateText, isoFromUnixSeconds, media,
	mediaType, neverThrow, providerPhone, quoted, readJson, requestHeader, safeEqual, UNAUTHENTICATED, unreadable, VERIFIED, verifySharedSecret,
} from './inbound';
import type {
	Channel, ClassifyContext, DeliveryStatus, ErrorKind, FailureReason, GatewayFailure, GatewayRequest, GenericAuth, HeaderMap,
	HttpMethod, InboundEvent, InboundParseResult, OutboundMessage, ParsedReply, SendOptions, SharedSecretAuth, WebhookRequest,
	WebhookVerification,
} from './types';

export type GenericContentType = 'json' | 'form' | 'query';

export interface GenericGatewaySettings {
	/** `https://sms.example.com` */
	baseUrl: string;
	method?: HttpMethod;
	/** Appended to the base URL; may hold placeholders and a query string: `/api/send?to={{to_digits}}`. */
	path?: string;
	/** `json` (default for POST/PUT), `form` (x-www-form-urlencoded) or `query` (GET: the template becomes the query string). */
	contentType?: GenericContentType;
	/** JSON text (`{"to":"{{to_digits}}","msg":"{{text}}"}`) or `name=value&…` pairs (form, query). */
	bodyTemplate?: string;
	/** Extra non-secret headers; values may hold placeholders. */
	headers?: Record<string, string>;
	auth?: GenericAuth;
	/** Sender, available to templates as `{{from}}`. */
	from?: string;
	/** Channels this gateway sends. Default SMS only. */
	channels?: Channel[];
	maxTextLength?: number;
	/** Reply field that says "accepted", e.g. `sendSmsResponse.statusCode`; required values in successValues. */
	successPath?: string;
	successValues?: string[];
	messageIdPath?: string;
	errorCodePath?: string;
	errorMessagePath?: string;
	/** HTTP statuses that mean "not processed, retry" (default 408, 425, 429, 500, 502, 503, 504). */
	retryableStatuses?: number[];
	/** HTTP statuses after which the message may have been sent (not retried; reported as unknown). */
	ambiguousStatuses?: number[];
	/** Provider error codes (from errorCodePath, or the successPath value) that may be retried… */
	retryableCodes?: string[];
	/** …that fail the item for good… */
	permanentCodes?: string[];
	/** …or that stop the whole run (bad credential, no credit). */
	fatalCodes?: string[];
	/** Normalised reason per provider code, e.g. `{"99": "opted_out"}`. */
	codeReasons?: Record<string, FailureReason>;
}

export const DEFAULT_RETRYABLE_STATUSES = [408, 425, 429, 500, 502, 503, 504];
export const DEFAULT_GENERIC_BODY_TEMPLATE = '{"from":"{{from}}","to":"{{to_e164}}","text":"{{text}}","reference":"{{idempotency_key}}"}';

/** The placeholders a template may use; `vars.<n>` / `vars.<name>` are the WhatsApp template parameters. */
export const GENERIC_PLACEHOLDERS = [
	'to_e164',
	'to_digits',
	'to_national',
	'text',
	'from',
	'channel',
	'client_ref',
	'idempotency_key',
	'callback_url',
	'template_name',
	'template_language',
] as const;

/** The authentication modes, as the credential layer offers them; the secret never reaches this file. */
export const GENERIC_AUTH_MODES: ReadonlyArray<{
	mode: GenericAuth['mode'];
	label: string;
	description: string;
	credentialFields: string[];
}> = [
	{ mode: 'none', label: 'None', description: 'No authentication (or the key is in the URL set up by IP allow-list).', credentialFields: [] },
	{
		mode: 'basic',
		label: 'Basic Auth',
		description: 'Authorization: Basic with a user name and password.',
		credentialFields: ['user', 'password'],
	},
	{ mode: 'bearer', label: 'Bearer Token', description: 'Authorization: Bearer <token>.', credentialFields: ['token'] },
	{
		mode: 'header',
		label: 'Header',
		description: 'A header of your choice carries the key, e.g. X-API-Key: <key>.',
		credentialFields: ['name', 'value'],
	},
	{
		mode: 'query',
		label: 'Query Parameter',
		description: 'A query-string parameter carries the key, e.g. ?api_key=<key>.',
		credentialFields: ['name', 'value'],
	},
];

const REASONS = Object.keys(REASON_HINTS) as FailureReason[];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PLACEHOLDER_NAME = /^(?:[a-z][a-z0-9_]*|vars\.[A-Za-z0-9_-]+)$/;

// ---------------------------------------------------------------------------------------------
// Templates

type Part = string | { placeholder: string };
type StringTemplate = Part[];
type JsonTemplate =
	| { t: 'literal'; value: unknown }
	| { t: 'string'; parts: StringTemplate }
	| { t: 'array'; items: JsonTemplate[] }
	| { t: 'object'; entries: Array<[string, JsonTemplate]> };
type PairsTemplate = Array<[string, StringTemplate]>;

class TemplateSyntaxError extends Error {}

function compileString(text: string, where: string): StringTemplate {
	const parts: StringTemplate = [];
	let last = 0;
	for (const m of text.matchAll(PLACEHOLDER)) {
		const name = m[1];
		if (!PLACEHOLDER_NAME.test(name) || (!name.startsWith('vars.') && !(GENERIC_PLACEHOLDERS as readonly string[]).includes(name))) {
			throw new TemplateSyntaxError(
				`${where}: {{${name}}} is not a known placeholder. Use ${GENERIC_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')} or {{vars.1}}, {{vars.2}}… for template parameters.`,
			);
		}
		if (m.index > last) parts.push(text.slice(last, m.index));
		parts.push({ placeholder: name });
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push(text.slice(last));
	if (/\{\{|\}\}/.test(parts.filter((p): p is string => typeof p === 'string').join(''))) {
		throw new TemplateSyntaxError(`${where}: a placeholder is not closed; write placeholders as {{text}}.`);
	}
	return parts;
}

function compileJson(value: unknown, where: string): JsonTemplate {
	if (typeof value === 'string') {
		const parts = compileString(value, where);
		return parts.every((p) => typeof p === 'string') ? { t: 'literal', value } : { t: 'string', parts };
	}
	if (Array.isArray(value)) return { t: 'array', items: value.map((v) => compileJson(v, where)) };
	if (value !== null && typeof value === 'object') {
		return { t: 'object', entries: Object.entries(value).map(([k, v]) => [k, compileJson(v, where)]) };
	}
	return { t: 'literal', value };
}

function parseJsonTemplate(text: string): unknown {
	let problem: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new TemplateSyntaxError(
		`Body Template: not valid JSON (${problem}). Placeholders go inside quotes, e.g. {"to": "{{to_digits}}", "message": "{{text}}"}.`,
	);
}

function decodeComponent(text: string): string {
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		return text;
	}
}

/** `to={{to_digits}}&msg={{text}}` (new lines also separate pairs); literal parts may be URL-encoded. */
function compilePairs(text: string, where: string): PairsTemplate {
	const pairs: PairsTemplate = [];
	for (const raw of text.split(/[&\n\r]+/)) {
		const pair = raw.trim();
		if (pair === '') continue;
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new TemplateSyntaxError(`${where}: "${shorten(pair, 40)}" is not a name=value pair.`);
		const name = decodeComponent(pair.slice(0, eq).trim());
		const parts = compileString(pair.slice(eq + 1), where).map((p) => (typeof p === 'string' ? decodeComponent(p) : p));
		pairs.push([name, parts]);
	}
	return pairs;
}

type Values = Record<string, string | undefined>;

class MissingValue extends Error {
	constructor(readonly placeholder: string) {
		super(placeholder);
	}
}

function render(parts: StringTemplate, values: Values, encode?: (s: string) => string): string {
	let out = '';
	for (const part of parts) {
		if (typeof part === 'string') {
			out += part;
			continue;
		}
		const value = values[part.placeholder];
		if (value === undefined) throw new MissingValue(part.placeholder);
		out += encode ? encode(value) : value;
	}
	return out;
}

function renderJson(template: JsonTemplate, values: Values): unknown {
	switch (template.t) {
		case 'literal':
			return template.value;
		case 'string':
			return render(template.parts, values);
		case 'array':
			return template.items.map((item) => renderJson(item, values));
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const [key, value] of template.entries) out[key] = renderJson(value, values);
			return out;
		}
	}
}

function renderPairs(pairs: PairsTemplate, values: Values): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, parts] of pairs) out[name] = render(parts, values);
	return out;
}

// ---------------------------------------------------------------------------------------------
// Reply paths: `$.a.b[0].c`, `a.b.0.c`, `a["odd key"]`

type Path = Array<string | number>;

export function compilePath(text: string): Path | undefined {
	let rest = text.trim().replace(/^\$\.?/, '');
	const path: Path = [];
	while (rest.length > 0) {
		let m = /^\[(\d+)\]/.exec(rest);
		if (m) {
			path.push(Number(m[1]));
		} else if ((m = /^\[\s*(?:"([^"]*)"|'([^']*)')\s*\]/.exec(rest))) {
			path.push(m[1] ?? m[2]);
		} else if ((m = /^\.?([^.[\]]+)/.exec(rest))) {
			path.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
		} else {
			return undefined;
		}
		rest = rest.slice(m[0].length);
	}
	return path.length > 0 ? path : undefined;
}

/** Own properties only: a path can never reach `__proto__` or `constructor`. */
export function readPath(value: unknown, path: Path): unknown {
	let current = value;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		if (Array.isArray(current)) {
			if (typeof key !== 'number') return undefined;
			current = current[key];
		} else {
			const name = String(key);
			if (!Object.prototype.hasOwnProperty.call(current, name)) return undefined;
			current = (current as Record<string, unknown>)[name];
		}
	}
	return current;
}

function scalarText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Preparing the settings

export interface PreparedGeneric {
	baseUrl: string;
	method: HttpMethod;
	contentType: GenericContentType;
	path: StringTemplate;
	pathQuery: PairsTemplate;
	jsonBody?: JsonTemplate;
	pairsBody?: PairsTemplate;
	headers: Array<[string, StringTemplate]>;
	auth: GenericAuth;
	from: string;
	callbackUrl: string;
	channels: Channel[];
	maxTextLength: number;
	successPath?: Path;
	successValues: string[];
	messageIdPath?: Path;
	errorCodePath?: Path;
	errorMessagePath?: Path;
	retryableStatuses: Set<number>;
	ambiguousStatuses: Set<number>;
	codeKinds: Map<string, ErrorKind>;
	codeReasons: Map<string, FailureReason>;
}

function setting(name: string, problem: string, hint: string): InvalidSettingError {
	return new InvalidSettingError(`Custom gateway: ${name}`, problem, hint);
}

function statusList(value: unknown, fallback: number[], name: string): Set<number> | InvalidSettingError {
	if (value === undefined || value === null) return new Set(fallback);
	const list = Array.isArray(value) ? value : String(value).split(/[\s,;]+/).filter((s) => s !== '');
	const out = new Set<number>();
	for (const item of list) {
		const n = Number(item);
		if (!Number.isInteger(n) || n < 100 || n > 599) {
			return setting(name, `"${String(item).slice(0, 20)}" is not an HTTP status`, 'List HTTP statuses such as 429, 503, separated by commas.');
		}
		out.add(n);
	}
	return out;
}

function codeList(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : String(value).split(/[,;\n]+/);
	return list.map((s) => String(s).trim()).filter((s) => s !== '');
}

function pathSetting(value: unknown, name: string): Path | undefined | InvalidSettingError {
	const text = textSetting(value);
	if (!text) return undefined;
	const path = compilePath(text);
	if (!path) {
		return setting(name, `"${shorten(text, 60)}" is not a field path`, 'Write the path to the reply field with dots, e.g. sendSmsResponse.statusCode or messages[0].id.');
	}
	return path;
}

export function prepareGeneric(settings: GenericGatewaySettings, options: SendOptions = {}): PreparedGeneric | InvalidSettingError {
	const baseUrl = baseUrlOrError(settings.baseUrl, undefined, 'Custom gateway: Base URL');
	if (baseUrl instanceof InvalidSettingError) return baseUrl;
	const method = (textSetting(settings.method) ?? 'POST').toUpperCase() as HttpMethod;
	if (!['GET', 'POST', 'PUT'].includes(method)) {
		return setting('Method', `"${method.slice(0, 10)}" is not supported`, 'Use POST (most gateways), GET or PUT.');
	}
	const contentType = (textSetting(settings.contentType) ?? (method === 'GET' ? 'query' : 'json')) as GenericContentType;
	if (!['json', 'form', 'query'].includes(contentType)) {
		return setting('Content Type', `"${String(contentType).slice(0, 20)}" is not supported`, 'Use JSON, Form or Query Parameters.');
	}
	if (method === 'GET' && contentType !== 'query') {
		return setting('Content Type', 'a GET request has no body', 'Choose Query Parameters for GET, or use POST.');
	}
	const auth: GenericAuth = settings.auth ?? { mode: 'none' };
	if (!GENERIC_AUTH_MODES.some((m) => m.mode === auth.mode)) {
		return setting('Authentication', `"${String(auth.mode).slice(0, 20)}" is not supported`, 'Use None, Basic Auth, Bearer Token, Header or Query Parameter.');
	}
	if ((auth.mode === 'header' || auth.mode === 'query') && (!auth.name || !HEADER_NAME.test(auth.name))) {
		return setting(
			auth.mode === 'header' ? 'Header Name' : 'Query Parameter Name',
			auth.name ? `"${auth.name.slice(0, 40)}" is not a valid name` : 'is empty',
			auth.mode === 'header' ? 'Enter the header that carries the key, e.g. X-API-Key.' : 'Enter the query parameter that carries the key, e.g. api_key.',
		);
	}
	const channels = settings.channels && settings.channels.length > 0 ? settings.channels : (['sms'] as Channel[]);
	const pathText = textSetting(settings.path) ?? '';
	const q = pathText.indexOf('?');
	const pathOnly = q >= 0 ? pathText.slice(0, q) : pathText;
	if (pathOnly !== '' && !pathOnly.startsWith('/')) {
		return setting('Path', `"${shorten(pathOnly, 60)}" does not start with /`, 'Start the path with /, e.g. /api/sms/send, or leave it empty.');
	}
	let prepared: PreparedGeneric;
	try {
		const headers: Array<[string, StringTemplate]> = [];
		for (const [name, value] of Object.entries(settings.headers ?? {})) {
			if (!HEADER_NAME.test(name)) throw new TemplateSyntaxError(`Headers: "${shorten(name, 40)}" is not a valid header name.`);
			headers.push([name, compileString(String(value), `Header ${name}`)]);
		}
		const bodyText = textSetting(settings.bodyTemplate) ?? (contentType === 'json' ? DEFAULT_GENERIC_BODY_TEMPLATE : '');
		let jsonBody: JsonTemplate | undefined;
		let pairsBody: PairsTemplate | undefined;
		if (contentType === 'json') {
			jsonBody = compileJson(parseJsonTemplate(bodyText), 'Body Template');
		} else {
			pairsBody = compilePairs(bodyText, 'Body Template');
		}
		prepared = {
			baseUrl,
			method,
			contentType,
			path: compileString(pathOnly, 'Path'),
			pathQuery: q >= 0 ? compilePairs(pathText.slice(q + 1), 'Path') : [],
			jsonBody,
			pairsBody,
			headers,
			auth,
			from: textSetting(settings.from) ?? '',
			callbackUrl: textSetting(options.statusCallbackUrl) ?? '',
			channels,
			maxTextLength: Number.isInteger(settings.maxTextLength) && (settings.maxTextLength ?? 0) > 0 ? (settings.maxTextLength as number) : 10_000,
			successValues: codeList(settings.successValues),
			retryableStatuses: new Set(),
			ambiguousStatuses: new Set(),
			codeKinds: new Map(),
			codeReasons: new Map(),
		};
	} catch (error) {
		if (error instanceof TemplateSyntaxError) {
			const colon = error.message.indexOf(': ');
			return setting(error.message.slice(0, colon), error.message.slice(colon + 2), 'Fix the template in the custom gateway settings.');
		}
		return setting('settings', String(error), 'Check the custom gateway settings.');
	}

	for (const [key, name] of [
		['successPath', 'Success Field'],
		['messageIdPath', 'Message ID Field'],
		['errorCodePath', 'Error Code Field'],
		['errorMessagePath', 'Error Message Field'],
	] as const) {
		const path = pathSetting(settings[key], name);
		if (path instanceof InvalidSettingError) return path;
		if (path) prepared[key] = path;
	}
	if (prepared.successPath && prepared.successValues.length === 0) {
		return setting('Success Values', 'is empty', 'List the value(s) of the success field that mean "accepted", e.g. 00 or 0.');
	}
	const retryable = statusList(settings.retryableStatuses, DEFAULT_RETRYABLE_STATUSES, 'Retryable HTTP Statuses');
	if (retryable instanceof InvalidSettingError) return retryable;
	const ambiguous = statusList(settings.ambiguousStatuses, [], 'Ambiguous HTTP Statuses');
	if (ambiguous instanceof InvalidSettingError) return ambiguous;
	prepared.retryableStatuses = retryable;
	prepared.ambiguousStatuses = ambiguous;
	for (const [list, kind] of [
		[settings.retryableCodes, 'retryable'],
		[settings.permanentCodes, 'permanent'],
		[settings.fatalCodes, 'fatal_credential'],
	] as const) {
		for (const code of codeList(list)) prepared.codeKinds.set(code, kind);
	}
	for (const [code, reason] of Object.entries(settings.codeReasons ?? {})) {
		if (!REASONS.includes(reason)) {
			return setting('Error Reasons', `"${String(reason).slice(0, 30)}" is not a reason`, `Use one of ${REASONS.join(', ')}.`);
		}
		prepared.codeReasons.set(code.trim(), reason);
	}
	return prepared;
}

// ---------------------------------------------------------------------------------------------
// Building, reading, classifying

function headerSafe(value: string): string {
	return value.replace(/[\r\n]+/g, ' ');
}

export function buildGenericRequest(message: OutboundMessage, prepared: PreparedGeneric): GatewayRequest | GatewayFailure {
	const content = sendableContent(message, 'This custom gateway', prepared.channels, prepared.maxTextLength);
	if ('reason' in content) return content;

	const key = message.idempotencyKey ?? '';
	const values: Values = {
		to_e164: message.to.e164,
		to_digits: message.to.digits,
		to_national: message.to.national ?? message.to.digits,
		text: content.kind === 'text' ? content.text : (message.text ?? ''),
		from: prepared.from,
		channel: message.channel,
		client_ref: key,
		idempotency_key: key,
		callback_url: prepared.callbackUrl,
		template_name: content.kind === 'template' ? content.template.name : '',
		template_language: content.kind === 'template' ? content.template.language : '',
	};
	if (content.kind === 'template') {
		content.template.parameters.forEach((p, i) => {
			values[`vars.${i + 1}`] = p.value;
			if (p.name) values[`vars.${p.name}`] = p.value;
		});
	}
	try {
		const path = render(prepared.path, values, encodeURIComponent);
		const qs = renderPairs(prepared.pathQuery, values);
		const headers: Record<string, string> = { Accept: 'application/json' };
		let body: Record<string, unknown> | undefined;
		if (prepared.contentType === 'json') {
			headers['Content-Type'] = 'application/json';
			body = renderJson(prepared.jsonBody as JsonTemplate, values) as Record<string, unknown>;
		} else if (prepared.contentType === 'form') {
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
			body = renderPairs(prepared.pairsBody ?? [], values);
		} else {
			Object.assign(qs, renderPairs(prepared.pairsBody ?? [], values));
		}
		for (const [name, parts] of prepared.headers) headers[name] = headerSafe(render(parts, values));
		const request: GatewayRequest = {
			provider: 'generic',
			method: prepared.method,
			baseUrl: prepared.baseUrl,
			path,
			url: `${prepared.baseUrl}${path}`,
			headers,
			contentType: prepared.contentType === 'query' ? 'none' : prepared.contentType,
			json: prepared.contentType === 'json',
			auth: { ...prepared.auth },
		};
		if (Object.keys(qs).length > 0) request.qs = qs;
		if (body !== undefined) request.body = body;
		if (key) request.correlation = { field: 'idempotency_key', value: key };
		return request;
	} catch (error) {
		if (error instanceof MissingValue) {
			return failure('permanent', 'template_error', {
				message: `The custom gateway template uses {{${error.placeholder}}}, but this message has no such value.`,
				hint: '{{vars.N}} are the WhatsApp template parameters: send a template with enough parameters, or change the body template.',
			});
		}
		return failure('permanent', 'invalid_request', { message: String(error) });
	}
}

function kindForReason(reason: FailureReason): ErrorKind {
	switch (reason) {
		case 'rate_limited':
		case 'network':
		case 'provider_error':
			return 'retryable';
		case 'timeout':
			return 'ambiguous';
		case 'frequency_cap':
			return 'deferred';
		case 'auth':
		case 'permission':
		case 'account_blocked':
		case 'payment':
		case 'quality_limit':
		case 'configuration':
			return 'fatal_credential';
		default:
			return 'permanent';
	}
}

const DEFAULT_REASON: Record<ErrorKind, FailureReason> = {
	retryable: 'provider_error',
	ambiguous: 'provider_error',
	permanent: 'provider_error',
	deferred: 'frequency_cap',
	fatal_credential: 'auth',
};

function codeFailure(
	prepared: PreparedGeneric,
	code: string,
	message: string | undefined,
	status: number,
	retryAfterMs: number | undefined,
): GatewayFailure | undefined {
	const listed = prepared.codeKinds.get(code);
	const reason = prepared.codeReasons.get(code);
	if (!listed && !reason) return undefined;
	const kind = listed ?? kindForReason(reason as FailureReason);
	return failure(kind, reason ?? DEFAULT_REASON[kind], {
		code,
		message,
		httpStatus: status,
		retryAfterMs: kind === 'retryable' ? retryAfterMs : undefined,
	});
}

function replyDetails(prepared: PreparedGeneric, body: unknown): { code: string | null; message: string | undefined } {
	const code = prepared.errorCodePath ? (scalarText(readPath(body, prepared.errorCodePath)) ?? null) : null;
	let message = prepared.errorMessagePath ? scalarText(readPath(body, prepared.errorMessagePath)) : undefined;
	if (message === undefined && typeof body === 'string' && body.trim() !== '') message = body;
	return { code, message };
}

export function parseGenericReply(status: number, rawBody: unknown, prepared: PreparedGeneric): ParsedReply {
	const body = parseBody(rawBody);
	if (prepared.successPath) {
		const value = scalarText(readPath(body, prepared.successPath));
		if (value === undefined || !prepared.successValues.includes(value)) {
			const details = replyDetails(prepared, body);
			const code = details.code ?? value ?? null;
			const message =
				details.message ??
				(value === undefined
					? 'The gateway’s reply has no success field, so it is not known whether the message was accepted.'
					: `The gateway answered ${value} where ${prepared.successValues.join(' or ')} means accepted.`);
			const error =
				(code !== null ? codeFailure(prepared, code, message, status, undefined) : undefined) ??
				(value === undefined
					? failure('ambiguous', 'provider_error', {
							httpStatus: status,
							message,
							hint: 'Check the gateway’s reply format (Success Field setting) and its logs before sending again.',
						})
					: failure('permanent', 'provider_error', { code, message, httpStatus: status }));
			return { status: error.kind === 'ambiguous' ? 'unknown' : 'failed', providerMessageId: null, providerStatus: value ?? null, error };
		}
	}
	const id = prepared.messageIdPath ? (scalarText(readPath(body, prepared.messageIdPath)) ?? null) : null;
	const providerStatus = prepared.successPath ? (scalarText(readPath(body, prepared.successPath)) ?? null) : null;
	return { status: 'sent', providerMessageId: id, providerStatus };
}

export function classifyGenericError(
	status: number,
	rawBody: unknown,
	prepared: PreparedGeneric,
	headers?: HeaderMap,
	context: ClassifyContext = {},
): GatewayFailure {
	const body = parseBody(rawBody);
	const { code, message } = replyDetails(prepared, body);
	const retryAfterMs = retryAfterFrom(headers, context.nowMs);
	const byCode = code !== null ? codeFailure(prepared, code, message, status, retryAfterMs) : undefined;
	if (byCode) return byCode;
	const details = { code, message: message ?? `The gateway answered HTTP ${status}.`, httpStatus: status };
	if (prepared.retryableStatuses.has(status)) {
		return failure('retryable', status === 429 ? 'rate_limited' : 'provider_error', { ...details, retryAfterMs });
	}
	if (prepared.ambiguousStatuses.has(status)) return failure('ambiguous', 'provider_error', details);
	if (status === 401) return failure('fatal_credential', 'auth', details);
	if (status === 403) return failure('fatal_credential', 'permission', details);
	if (status >= 500) return failure('ambiguous', 'provider_error', details);
	if (status >= 400) return failure('permanent', 'invalid_request', details);
	return failure('permanent', 'provider_error', details);
}

/** Where the credential layer puts the secret for each mode (used by the credential and the tests). */
export function genericAuthParts(
	auth: GenericAuth,
	secret: { user?: string; password?: string; token?: string; value?: string },
): { headers?: Record<string, string>; qs?: Record<string, string> } {
	switch (auth.mode) {
		case 'basic':
			return {
				headers: { Authorization: `Basic ${Buffer.from(`${secret.user ?? ''}:${secret.password ?? ''}`).toString('base64')}` },
			};
		case 'bearer':
			return { headers: { Authorization: `Bearer ${secret.token ?? ''}` } };
		case 'header':
			return { headers: { [auth.name as string]: secret.value ?? '' } };
		case 'query':
			return { qs: { [auth.name as string]: secret.value ?? '' } };
		default:
			return {};
	}
}

// ---------------------------------------------------------------------------------------------
// Inbound: status webhooks and replies in the gateway's own JSON, read by field paths

/**
 * Where a gateway's webhook keeps each field, as paths like the reply paths of a send
 * (`status`, `data.items[0].id`). One event per element of the list at `eventsPath` (or the body
 * itself, or the list at its root).
 */
export interface GenericWebhookSettings {
	eventsPath?: string;
	/** The provider's id of the message (required). */
	messageIdPath: string;
	/** The status word; an event without one is a reply from the debtor (it needs text). */
	statusPath?: string;
	/** Provider status words → ours, case-insensitive; the common words are understood without it. */
	statusMap?: Record<string, DeliveryStatus>;
	/** Our idempotency key as the gateway echoes it (what the body template sent as {{idempotency_key}}). */
	correlationPath?: string;
	/** The debtor's number: the recipient of a status… */
	phonePath?: string;
	/** …and the sender of a reply, when the gateway puts it elsewhere (default: `phonePath`). */
	senderPhonePath?: string;
	textPath?: string;
	/** An ISO date, or Unix seconds / milliseconds. */
	timestampPath?: string;
	errorCodePath?: string;
	errorMessagePath?: string;
	/** An id of the event itself that stays the same when the gateway retries it. */
	eventIdPath?: string;
	/** Replies: the id of our message it answers, the tapped button's label and payload, a media file's URL and MIME type. */
	inReplyToPath?: string;
	buttonTextPath?: string;
	buttonPayloadPath?: string;
	mediaUrlPath?: string;
	mediaTypePath?: string;
	/** Default `sms`. */
	channel?: Channel;
	/** Normalised reason per error code, as in the send settings (`{"99": "opted_out"}`). */
	codeReasons?: Record<string, FailureReason>;
}

/**
 * How the gateway proves a webhook is its own: an HMAC-SHA256 of the raw body in a header
 * (hex or base64, optionally prefixed such as `sha256=`), and/or a shared-secret header or Basic auth.
 * Every configured check must pass.
 */
export interface GenericWebhookAuth extends SharedSecretAuth {
	hmac?: { header: string; secret: string; encoding?: 'hex' | 'base64'; prefix?: string };
}

const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sent', 'delivered', 'read', 'failed', 'undelivered'];

/** Words gateways commonly use (SMPP delivery receipts among them), beyond our own six. */
const COMMON_STATUS_WORDS: Record<string, DeliveryStatus> = {
	accepted: 'queued',
	pending: 'queued',
	scheduled: 'queued',
	enroute: 'sent',
	submitted: 'sent',
	delivrd: 'delivered',
	seen: 'read',
	error: 'failed',
	rejected: 'failed',
	rejectd: 'failed',
	undeliv: 'undelivered',
	undeliverable: 'undelivered',
	expired: 'undelivered',
};

export interface PreparedGenericWebhook {
	eventsPath?: Path;
	messageIdPath: Path;
	statusPath?: Path;
	correlationPath?: Path;
	phonePath?: Path;
	senderPhonePath?: Path;
	textPath?: Path;
	timestampPath?: Path;
	errorCodePath?: Path;
	errorMessagePath?: Path;
	eventIdPath?: Path;
	inReplyToPath?: Path;
	buttonTextPath?: Path;
	buttonPayloadPath?: Path;
	mediaUrlPath?: Path;
	mediaTypePath?: Path;
	statusWords: Map<string, DeliveryStatus>;
	channel: Channel;
	codeReasons: Map<string, FailureReason>;
}

const WEBHOOK_PATHS = [
	['eventsPath', 'Webhook Events Field'],
	['messageIdPath', 'Webhook Message ID Field'],
	['statusPath', 'Webhook Status Field'],
	['correlationPath', 'Webhook Reference Field'],
	['phonePath', 'Webhook Phone Field'],
	['senderPhonePath', 'Webhook Sender Phone Field'],
	['textPath', 'Webhook Text Field'],
	['timestampPath', 'Webhook Time Field'],
	['errorCodePath', 'Webhook Error Code Field'],
	['errorMessagePath', 'Webhook Error Message Field'],
	['eventIdPath', 'Webhook Event ID Field'],
	['inReplyToPath', 'Webhook In Reply To Field'],
	['buttonTextPath', 'Webhook Button Text Field'],
	['buttonPayloadPath', 'Webhook Button Payload Field'],
	['mediaUrlPath', 'Webhook Media URL Field'],
	['mediaTypePath', 'Webhook Media Type Field'],
] as const;

/** Checks the webhook field paths and status words once. */
export function prepareGenericWebhook(settings: GenericWebhookSettings | undefined): PreparedGenericWebhook | InvalidSettingError {
	const paths: Partial<Record<(typeof WEBHOOK_PATHS)[number][0], Path>> = {};
	for (const [key, name] of WEBHOOK_PATHS) {
		const path = pathSetting(settings?.[key], name);
		if (path instanceof InvalidSettingError) return path;
		if (path) paths[key] = path;
	}
	if (!paths.messageIdPath) {
		return setting('Webhook Message ID Field', 'is empty', 'Write the path to the message id in the gateway’s webhook, e.g. id or data.messageId.');
	}
	const statusWords = new Map<string, DeliveryStatus>(DELIVERY_STATUSES.map((s) => [s, s]));
	for (const [word, status] of Object.entries(COMMON_STATUS_WORDS)) statusWords.set(word, status);
	for (const [word, status] of Object.entries(settings?.statusMap ?? {})) {
		if (!DELIVERY_STATUSES.includes(status)) {
			return setting('Webhook Status Map', `"${shorten(String(status), 30)}" is not a status`, `Map each of the gateway’s words to one of ${DELIVERY_STATUSES.join(', ')}.`);
		}
		statusWords.set(word.trim().toLowerCase(), status);
	}
	const channel = settings?.channel ?? 'sms';
	if (channel !== 'sms' && channel !== 'whatsapp') return setting('Webhook Channel', `"${shorten(String(channel), 20)}" is not a channel`, 'Use sms or whatsapp.');
	const codeReasons = new Map<string, FailureReason>();
	for (const [code, reason] of Object.entries(settings?.codeReasons ?? {})) {
		if (!REASONS.includes(reason)) {
			return setting('Error Reasons', `"${String(reason).slice(0, 30)}" is not a reason`, `Use one of ${REASONS.join(', ')}.`);
		}
		codeReasons.set(code.trim(), reason);
	}
	return { ...paths, messageIdPath: paths.messageIdPath, statusWords, channel, codeReasons };
}

/** Checks the webhook secrets once: an HMAC, a shared secret, or both; never none. */
export function checkGenericWebhookAuth(auth: GenericWebhookAuth | undefined): GenericWebhookAuth | InvalidSettingError {
	const out: GenericWebhookAuth = {};
	if (auth?.hmac && (auth.hmac.header || auth.hmac.secret)) {
		const { header, secret, encoding = 'hex', prefix = '' } = auth.hmac;
		if (!header || !HEADER_NAME.test(header)) {
			return setting('Webhook Signature Header', header ? `"${shorten(header, 40)}" is not a header name` : 'is empty', 'Enter the header that carries the signature, e.g. X-Signature.');
		}
		if (!secret) return setting('Webhook Signing Secret', 'is empty', 'Enter the secret the gateway signs its webhooks with.');
		if (encoding !== 'hex' && encoding !== 'base64') return setting('Webhook Signature Encoding', `"${shorten(String(encoding), 20)}" is not hex or base64`, 'Use hex or base64.');
		out.hmac = { header, secret, encoding, prefix };
	}
	if (auth?.header || auth?.basic) {
		const shared = checkSharedSecret(auth, 'Custom gateway');
		if (shared instanceof InvalidSettingError) return shared;
		Object.assign(out, shared);
	}
	if (!out.hmac && !out.header && !out.basic) {
		return setting('Webhook Authentication', 'is not set', 'Set an HMAC signature or a shared-secret header (or Basic auth) that the gateway sends with each webhook.');
	}
	return out;
}

export function verifyGenericWebhook(request: WebhookRequest, auth: GenericWebhookAuth): WebhookVerification {
	const shared = auth.header || auth.basic ? verifySharedSecret(request, auth) : VERIFIED;
	if (!auth.hmac) return shared;
	const { header, secret, encoding = 'hex', prefix = '' } = auth.hmac;
	const presented = requestHeader(request, header)?.trim();
	const body = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
	const expected = prefix + hmac('sha256', secret, body, encoding);
	const signed = safeEqual(encoding === 'hex' ? (presented ?? '').toLowerCase() : (presented ?? ''), encoding === 'hex' ? expected.toLowerCase() : expected);
	if (presented === undefined || (!shared.ok && shared.status === 401)) return UNAUTHENTICATED;
	return signed && shared.ok ? VERIFIED : FORBIDDEN;
}

/** One event per element, read by the configured paths; an element that cannot be read is a problem entry. */
export function parseGenericWebhook(request: WebhookRequest, prepared: PreparedGenericWebhook): InboundParseResult {
	return neverThrow(() => {
		const read = readJson(request);
		if ('problem' in read) return unreadable(read.problem);
		const events = prepared.eventsPath ? readPath(read.value, prepared.eventsPath) : Array.isArray(read.value) ? read.value : [read.value];
		if (!Array.isArray(events)) return unreadable('the events field is not a list');
		const batch = inboundBatch();
		events.forEach((event, i) => batch.element(`events[${i}]`, () => genericEvent(event, prepared)));
		return batch.result();
	});
}

function genericEvent(event: unknown, prepared: PreparedGenericWebhook): InboundEvent | string {
	const read = (path: Path | undefined): string | null => {
		const value = path ? scalarText(readPath(event, path)) : undefined;
		return value === undefined || value === '' ? null : value;
	};
	const id = read(prepared.messageIdPath);
	if (id === null) return 'an event without a message id';
	const word = read(prepared.statusPath);
	const body = read(prepared.textPath);
	const eventId = read(prepared.eventIdPath);
	const base = { provider: 'generic' as const, channel: prepared.channel };
	const common = { messageId: id, phone: providerPhone(read(prepared.phonePath)), at: genericTime(read(prepared.timestampPath)), correlationKey: read(prepared.correlationPath) };
	if (word === null) {
		const button = { text: read(prepared.buttonTextPath), payload: read(prepared.buttonPayloadPath) };
		const mediaUrl = read(prepared.mediaUrlPath);
		const mime = read(prepared.mediaTypePath);
		if (body === null && button.payload === null && mediaUrl === null) return 'an event with neither a status nor a text';
		return inboundEvent(
			{ ...base, kind: 'reply', dedupeId: eventId ? dedupeId('generic', eventId) : dedupeId('generic', id, 'reply') },
			{
				...common,
				phone: providerPhone(read(prepared.senderPhonePath ?? prepared.phonePath)),
				inReplyTo: read(prepared.inReplyToPath),
				text: body ?? button.text,
				button: button.payload !== null ? button : null,
				media: mediaUrl !== null ? [media(mediaType(mime), { mime, url: mediaUrl })] : [],
				messageType: button.payload !== null ? 'button' : mediaUrl !== null ? 'media' : 'text',
			},
		);
	}
	const status = prepared.statusWords.get(word.trim().toLowerCase());
	if (!status) return `unknown status ${quoted(word)} (add it to the Webhook Status Map)`;
	const code = read(prepared.errorCodePath);
	const errorMessage = read(prepared.errorMessagePath);
	const failed = FAILURE_STATUSES.has(status);
	return inboundEvent(
		{ ...base, kind: 'status', dedupeId: eventId ? dedupeId('generic', eventId) : dedupeId('generic', id, word) },
		{
			...common,
			status,
			providerStatus: word,
			reason: failed ? ((code !== null ? prepared.codeReasons.get(code) : undefined) ?? 'undeliverable') : null,
			code: failed ? code : null,
			errorMessage: failed && errorMessage !== null ? shorten(errorMessage) : null,
		},
	);
}

/** An ISO date, or Unix seconds (10 digits) or milliseconds (13 digits). */
function genericTime(value: string | null): string | null {
	if (value === null) return null;
	if (/^\d{12,14}$/.test(value)) return isoFromUnixSeconds(String(Number(value) / 1000));
	return isoFromUnixSeconds(value) ?? isoFromDateText(value);
}

export const genericAdapter = defineAdapter(
	{ provider: 'generic', label: 'Custom HTTP gateway', channels: ['sms', 'whatsapp'], channelsOf: (prepared: PreparedGeneric) => prepared.channels },
	{
		prepare: prepareGeneric,
		buildRequest: buildGenericRequest,
		parseSuccess: parseGenericReply,
		classifyError: (status, body, headers, context, prepared) => classifyGenericError(status, body, prepared, headers, context),
	},
	{ check: checkGenericWebhook, verify: (request, checked) => verifyGenericWebhook(request, checked.auth), parse: (request, checked) => parseGenericWebhook(request, checked.prepared) },
);

/** The generic gateway's webhook secrets and field paths, checked together. */
function checkGenericWebhook(
	secrets: GenericWebhookAuth,
	settings: GenericWebhookSettings | undefined,
): { auth: GenericWebhookAuth; prepared: PreparedGenericWebhook } | InvalidSettingError {
	const auth = checkGenericWebhookAuth(secrets);
	if (auth instanceof InvalidSettingError) return auth;
	const prepared = prepareGenericWebhook(settings);
	return prepared instanceof InvalidSettingError ? prepared : { auth, prepared };
}
