/**
 * What the adapters' inbound halves share: constant-time checks of signatures and shared secrets,
 * reading raw bodies, the providers' timestamps and phone numbers, and building events so that one
 * bad element of a batch never loses the others. Pure: data in, data out; nothing here throws.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { InvalidSettingError } from '../errors';
import { asObject, asString, type CodeRule, header, shorten } from './common';
import type {
	Channel, DeliveryStatus, FailureReason, GatewayFailure, InboundEvent, InboundMedia, InboundParseResult, InboundProblem,
	ProviderName, SharedSecretAuth, WebhookRequest, WebhookVerification,
} from './types';

// ---------------------------------------------------------------------------------------------
// Verification

export const VERIFIED: WebhookVerification = { ok: true };
/** No credential was presented. */
export const UNAUTHENTICATED: WebhookVerification = { ok: false, status: 401 };
/** A credential was presented and it is wrong. */
export const FORBIDDEN: WebhookVerification = { ok: false, status: 403 };

/**
 * Whether two secrets are equal, in a time that depends neither on where they differ nor on their
 * lengths: both are hashed to 32 bytes first, then compared with `timingSafeEqual`.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
	const left = createHash('sha256').update(a).digest();
	const right = createHash('sha256').update(b).digest();
	return timingSafeEqual(left, right);
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string, data: string | Buffer, encoding: 'hex' | 'base64'): string {
	return createHmac(algorithm, key).update(data).digest(encoding);
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** A request header, whatever the case of its name; the first value of a repeated one. */
export function requestHeader(request: WebhookRequest, name: string): string | undefined {
	return header(request.headers, name);
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The secrets themselves when `value` (the one a signature needs) is set, else the setting to fill in. */
export function requireSecret<T>(secrets: T, value: string | undefined, setting: string, hint: string): T | InvalidSettingError {
	return typeof value === 'string' && value !== '' ? secrets : new InvalidSettingError(setting, 'is empty', hint);
}

/** Checks a shared-secret setting once: a header (name and value), Basic auth, or both; never none. */
export function checkSharedSecret(auth: SharedSecretAuth | undefined, setting: string): SharedSecretAuth | InvalidSettingError {
	const name = auth?.header?.name?.trim() ?? '';
	const value = auth?.header?.value ?? '';
	const user = auth?.basic?.user ?? '';
	const password = auth?.basic?.password ?? '';
	const out: SharedSecretAuth = {};
	if (name !== '' || value !== '') {
		if (!HEADER_NAME.test(name)) {
			return new InvalidSettingError(
				`${setting}: Webhook Header Name`,
				name ? `"${shorten(name, 40)}" is not a header name` : 'is empty',
				'Enter the header your provider sends with each webhook, e.g. X-Webhook-Secret.',
			);
		}
		if (value === '') {
			return new InvalidSettingError(`${setting}: Webhook Header Value`, 'is empty', 'Enter the secret value set on the subscription.');
		}
		out.header = { name, value };
	}
	if (user !== '' || password !== '') {
		if (user === '' || password === '') {
			return new InvalidSettingError(
				`${setting}: Webhook Basic Auth`,
				user === '' ? 'has no user name' : 'has no password',
				'Enter both the user name and the password set on the subscription.',
			);
		}
		out.basic = { user, password };
	}
	if (!out.header && !out.basic) {
		return new InvalidSettingError(
			setting,
			'has no webhook secret',
			'This provider does not sign its webhooks: set a secret header or Basic auth on the webhook subscription and the same in the credential, so that nobody else can post events.',
		);
	}
	return out;
}

/**
 * The shared secret a subscription sends: every configured check must pass. 401 when a configured
 * credential is absent, 403 when one is wrong; every check runs either way.
 */
export function verifySharedSecret(request: WebhookRequest, auth: SharedSecretAuth): WebhookVerification {
	let absent = false;
	let wrong = false;
	if (auth.header) {
		const presented = requestHeader(request, auth.header.name);
		if (presented === undefined) absent = true;
		if (!safeEqual(presented ?? '', auth.header.value)) wrong = true;
	}
	if (auth.basic) {
		const m = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(requestHeader(request, 'authorization') ?? '');
		if (!m) absent = true;
		const presented = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
		if (!safeEqual(presented, `${auth.basic.user}:${auth.basic.password}`)) wrong = true;
	}
	if (absent) return UNAUTHENTICATED;
	return wrong ? FORBIDDEN : VERIFIED;
}

// ---------------------------------------------------------------------------------------------
// Reading requests

export type Readout<T> = { value: T } | { problem: string };

function rawText(request: WebhookRequest): string {
	const raw: unknown = request?.rawBody;
	const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : '');
	return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

/** The body as JSON, or a short reason why it is not. */
export function readJson(request: WebhookRequest): Readout<unknown> {
	const text = rawText(request).trim();
	if (text === '') return { problem: 'the body is empty' };
	try {
		return { value: JSON.parse(text) };
	} catch {
		return { problem: 'the body is not valid JSON' };
	}
}

/** The body as a JSON object (the shape every JSON webhook here has), or a short reason. */
export function readJsonObject(request: WebhookRequest): Readout<Record<string, unknown>> {
	const read = readJson(request);
	if ('problem' in read) return read;
	const object = asObject(read.value);
	return object ? { value: object } : { problem: 'the body is not a JSON object' };
}

/** An `application/x-www-form-urlencoded` body: every name with all its values, decoded. */
export function readForm(request: WebhookRequest): Readout<Record<string, string[]>> {
	const text = rawText(request);
	if (text.trim() === '') return { problem: 'the body is empty' };
	const params: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
	for (const [name, value] of new URLSearchParams(text)) (params[name] ??= []).push(value);
	return { value: params };
}

/** A query parameter as the provider called the URL (falling back to the decoded `query`). */
export function queryParameter(request: WebhookRequest, name: string): string | undefined {
	const url = typeof request?.url === 'string' ? request.url : '';
	const q = url.indexOf('?');
	if (q >= 0) {
		const hash = url.indexOf('#', q);
		const value = new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash)).get(name);
		if (value !== null) return value;
	}
	const value = request?.query?.[name];
	return Array.isArray(value) ? value[0] : value;
}

// ---------------------------------------------------------------------------------------------
// Values

export function text(value: unknown): string | null {
	const out = asString(value);
	return out === undefined || out === '' ? null : out;
}

export function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** A value from a payload, quoted for a problem message: short, one line, printable. */
export function quoted(value: unknown): string {
	const raw = asString(value) ?? typeof value;
	return `"${shorten(raw.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?'), 40)}"`;
}

function iso(ms: number): string | null {
	return Number.isFinite(ms) && ms > 0 && ms < 8.64e15 ? new Date(ms).toISOString() : null;
}

/** Unix seconds (`"1669233778"` or a number), as Meta sends them. */
export function isoFromUnixSeconds(value: unknown): string | null {
	const s = asString(value);
	if (s === undefined || !/^\d{9,11}(?:\.\d+)?$/.test(s.trim())) return null;
	return iso(Number(s) * 1000);
}

/** An ISO-like date (`2026-04-14T12:00:00.000Z`, Infobip's `2019-04-09T16:01:56.494-0500`). */
export function isoFromDateText(value: unknown): string | null {
	const s = asString(value)?.trim();
	if (!s || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return null;
	return iso(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

/**
 * Twilio's `RawDlrDoneDate`, `YYMMDDhhmm`, read as UTC (Twilio does not say; the carriers' SMSCs
 * usually report UTC). Invalid dates give null.
 */
export function isoFromRawDlrDate(value: unknown): string | null {
	const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(asString(value)?.trim() ?? '');
	if (!m) return null;
	const [year, month, day, hour, minute] = m.slice(1).map(Number);
	const ms = Date.UTC(2000 + year, month - 1, day, hour, minute);
	const d = new Date(ms);
	if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59) return null;
	return iso(ms);
}

/**
 * The debtor's number in E.164 from a provider's address (`whatsapp:+5511…`, `5511…`), with two
 * WhatsApp quirks undone (gateways.md §7) so it matches the number the Send node used: Mexico's
 * `521` + 10 digits loses the 1, and a 12-digit Brazilian mobile without its ninth digit gets it
 * back. Null when it is not a phone number (an alphanumeric sender, a WhatsApp user id).
 */
export function providerPhone(value: unknown): string | null {
	const raw = asString(value)
		?.replace(/^(?:whatsapp|tel|sms):/i, '')
		.trim();
	if (!raw || !/^\+?[\d\s\-().]+$/.test(raw)) return null;
	let digits = raw.replace(/\D/g, '');
	if (digits.length < 7 || digits.length > 15 || digits.startsWith('0')) return null;
	if (/^521\d{10}$/.test(digits)) digits = `52${digits.slice(3)}`;
	const br = /^55(\d{2})([6-9]\d{7})$/.exec(digits);
	if (br) digits = `55${br[1]}9${br[2]}`;
	return `+${digits}`;
}

const MEDIA_WORDS: Record<string, InboundMedia['type']> = {
	image: 'image',
	video: 'video',
	audio: 'audio',
	voice: 'audio',
	document: 'document',
	file: 'document',
	sticker: 'sticker',
};

/** The kind of a media item, from the provider's word when it has one, else from its MIME type. */
export function mediaType(mime: string | null, word?: string): InboundMedia['type'] {
	const named = word ? MEDIA_WORDS[word.toLowerCase()] : undefined;
	if (named && !(named === 'document' && mime && /^(image|video|audio)\//i.test(mime))) return named;
	const m = /^(image|video|audio)\//i.exec(mime ?? '');
	return m ? (m[1].toLowerCase() as InboundMedia['type']) : 'document';
}

/** A media item without the fields the provider left empty. */
export function media(
	type: InboundMedia['type'],
	fields: { mime?: unknown; url?: unknown; id?: unknown; caption?: unknown; filename?: unknown },
): InboundMedia {
	const item: InboundMedia = { type, mime: text(fields.mime) };
	for (const key of ['url', 'id', 'caption', 'filename'] as const) {
		const value = text(fields[key]);
		if (value !== null) item[key] = value;
	}
	return item;
}

// ---------------------------------------------------------------------------------------------
// Events

type EventCore = Pick<InboundEvent, 'kind' | 'provider' | 'channel' | 'dedupeId'>;

/** An event with every field present: what the provider did not say is null (or an empty list). */
export function inboundEvent(core: EventCore, fields: Partial<InboundEvent> = {}): InboundEvent {
	const event: InboundEvent = {
		kind: core.kind,
		provider: core.provider,
		channel: core.channel,
		messageId: null,
		inReplyTo: null,
		status: null,
		providerStatus: null,
		reason: null,
		code: null,
		errorMessage: null,
		phone: null,
		text: null,
		button: null,
		media: [],
		location: null,
		messageType: null,
		consent: null,
		at: null,
		correlationKey: null,
		dedupeId: core.dedupeId,
	};
	for (const [key, value] of Object.entries(fields) as Array<[keyof InboundEvent, unknown]>) {
		if (value !== undefined && key !== 'kind' && key !== 'provider' && key !== 'channel' && key !== 'dedupeId') {
			(event as unknown as Record<string, unknown>)[key] = value;
		}
	}
	return event;
}

/** The failure fields of a status event, from the same rule as a synchronous failure. */
export function failureFields(
	failure: Pick<GatewayFailure, 'reason' | 'code' | 'message'>,
	errorMessage?: string | null,
): Pick<InboundEvent, 'reason' | 'code' | 'errorMessage'> {
	const message = errorMessage ?? failure.message;
	return { reason: failure.reason, code: failure.code, errorMessage: message ? shorten(message) : null };
}

/** The reason of a provider code from its adapter's table, or `fallback` for a code the table lacks. */
export function codeReason(rule: CodeRule | undefined, fallback: FailureReason): FailureReason {
	return rule?.reason ?? fallback;
}

/** Final statuses (for the trigger's "only final statuses" filter): nothing more will change. */
export const FINAL_STATUSES: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'read', 'failed', 'undelivered']);

/** Statuses that mean the message did not reach the debtor: the ones that carry a reason. */
export const FAILURE_STATUSES: ReadonlySet<DeliveryStatus> = new Set(['failed', 'undelivered']);

/** What one element of a batch gave: events, nothing of ours (`null`), or a problem (a short text). */
export type ElementOutcome = InboundEvent | InboundEvent[] | null | string;

export interface InboundBatch {
	/** Reads one element; an exception or a problem text skips that element only. */
	element(at: string, read: () => ElementOutcome): void;
	problem(at: string, reason: string): void;
	ignore(): void;
	result(): InboundParseResult;
}

export function inboundBatch(): InboundBatch {
	const events: InboundEvent[] = [];
	const problems: InboundProblem[] = [];
	let ignored = 0;
	const problem = (at: string, reason: string): void => {
		if (problems.length < 100) problems.push({ at, reason });
	};
	return {
		element(at, read) {
			let outcome: ElementOutcome;
			try {
				outcome = read();
			} catch {
				outcome = 'could not be read';
			}
			if (outcome === null) ignored++;
			else if (typeof outcome === 'string') problem(at, outcome);
			else if (Array.isArray(outcome)) events.push(...outcome);
			else events.push(outcome);
		},
		problem,
		ignore() {
			ignored++;
		},
		result() {
			return { events, problems, ignored };
		},
	};
}

/** The body as a whole cannot be read: no events, and a short, safe reason for a 400. */
export function unreadable(reason: string): InboundParseResult {
	return { events: [], problems: [], ignored: 0, problem: reason };
}

/** Runs a parser so that nothing it meets can throw out of it. */
export function neverThrow(parse: () => InboundParseResult): InboundParseResult {
	try {
		return parse();
	} catch {
		return unreadable('the body could not be read');
	}
}

/** `<provider>:<parts>`, the identity of one event across the provider's redeliveries. */
export function dedupeId(provider: ProviderName, ...parts: Array<string | number | null | undefined>): string {
	return [provider, ...parts.map((p) => (p === null || p === undefined ? '' : String(p)))].join(':');
}

/** `sms` or `whatsapp` from a provider's channel word (`WHATSAPP`, `whatsapp`, `SMS`); null for others. */
export function channelWord(value: unknown): Channel | null {
	const word = asString(value)?.toLowerCase();
	return word === 'whatsapp' || word === 'sms' ? word : null;
}
