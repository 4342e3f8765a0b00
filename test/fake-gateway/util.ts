/** Small helpers kept free of allocation-heavy APIs: the benchmark pushes 10k+ requests/s through them. */
import type { Reply } from './types';

export const JSON_TYPE = 'application/json';
export const JSON_UTF8 = 'application/json; charset=utf-8';

export function json(status: number, value: unknown, headers?: Record<string, string>, contentType = JSON_TYPE): Reply {
	return { status, body: JSON.stringify(value), contentType, headers };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8', headers?: Record<string, string>): Reply {
	return { status, body, contentType, headers };
}

/** The bare HTML a load balancer in front of any provider answers with on 502/503/504. */
export function edgeError(status: number): Reply {
	const reason = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : status === 504 ? 'Gateway Timeout' : 'Internal Server Error';
	return text(status, `<html><head><title>${status} ${reason}</title></head><body><center><h1>${status} ${reason}</h1></center></body></html>\n`, 'text/html');
}

/** Form bodies (Twilio, some resellers) as a plain object; repeated keys become arrays. */
export function parseForm(body: string): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	if (body === '') return out;
	let start = 0;
	while (start <= body.length) {
		let end = body.indexOf('&', start);
		if (end < 0) end = body.length;
		if (end > start) {
			const eq = body.indexOf('=', start);
			const split = eq < 0 || eq > end ? end : eq;
			const key = decodeFormComponent(body.slice(start, split));
			const value = split === end ? '' : decodeFormComponent(body.slice(split + 1, end));
			const previous = out[key];
			if (previous === undefined) out[key] = value;
			else if (Array.isArray(previous)) previous.push(value);
			else out[key] = [previous, value];
		}
		start = end + 1;
	}
	return out;
}

function decodeFormComponent(part: string): string {
	const plain = part.indexOf('+') < 0 ? part : part.replace(/\+/g, ' ');
	if (plain.indexOf('%') < 0) return plain;
	try {
		return decodeURIComponent(plain);
	} catch {
		return plain;
	}
}

export function firstValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(body: string): JsonParse {
	try {
		return { ok: true, value: JSON.parse(body) as unknown };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** A non-empty string after trimming, else undefined. */
export function nonBlank(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Value at a dot path (`a.b.0.c`) of a parsed body. */
export function valueAtPath(root: unknown, path: string): unknown {
	let current: unknown = root;
	for (const part of path.split('.')) {
		if (current === null || current === undefined) return undefined;
		if (Array.isArray(current)) current = current[Number(part)];
		else if (typeof current === 'object') current = (current as Record<string, unknown>)[part];
		else return undefined;
	}
	return current;
}

/** The digits of a recipient address (`whatsapp:+55…`, `+55 11 …`, `55…`): the key of counts and faults. */
export function recipientDigits(value: string): string {
	let digits = '';
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c >= 48 && c <= 57) digits += value[i];
	}
	return digits;
}

export function queryParams(query: string): URLSearchParams {
	return new URLSearchParams(query);
}

/** `Authorization: Basic …` decoded, or undefined. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
	if (header === undefined || !/^basic /i.test(header)) return undefined;
	const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Token of `Authorization: <scheme> <token>` when the scheme matches (case-insensitive). */
export function schemeToken(header: string | undefined, scheme: string): string | undefined {
	if (header === undefined) return undefined;
	const space = header.indexOf(' ');
	if (space < 0 || header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return undefined;
	return header.slice(space + 1).trim();
}

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

let lastSecond = -1;
let lastRfc2822 = '';

/** RFC 2822 date as Twilio writes it (`Tue, 14 Apr 2026 12:00:00 +0000`); cached per second. */
export function rfc2822(ms: number): string {
	const second = Math.floor(ms / 1000);
	if (second !== lastSecond) {
		lastSecond = second;
		lastRfc2822 = new Date(second * 1000).toUTCString().replace('GMT', '+0000');
	}
	return lastRfc2822;
}

/** Replaces `{{name}}` in every string of a JSON value. */
export function fillPlaceholders(value: unknown, vars: Record<string, string>): unknown {
	if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole);
	if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, vars));
	if (isObject(value)) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = fillPlaceholders(v, vars);
		return out;
	}
	return value;
}
