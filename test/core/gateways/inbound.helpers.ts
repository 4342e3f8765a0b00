/** Builders of webhook requests for the inbound tests (not a test file itself). */
import type { WebhookRequest } from '../../../nodes/core/gateways/types';

/**
 * A request as the trigger node hands it over: the full URL, lower-case header names, the raw
 * bytes, and the decoded query of the URL.
 */
export function webhookRequest(
	url: string,
	body: string | Buffer | Record<string, unknown> | unknown[] = '',
	headers: Record<string, string> = {},
	method = 'POST',
): WebhookRequest {
	const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	const lower: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
	const query: Record<string, string | string[]> = {};
	const q = url.indexOf('?');
	if (q >= 0) {
		for (const [name, value] of new URLSearchParams(url.slice(q + 1).split('#')[0])) {
			const previous = query[name];
			query[name] = previous === undefined ? value : ([] as string[]).concat(previous, value);
		}
	}
	return { method, url, headers: lower, rawBody, query };
}

/** A form body as Twilio encodes it. */
export function form(params: Record<string, string>): string {
	return new URLSearchParams(params).toString();
}

/** The one event of a parse that must give exactly one. */
export function only<T>(events: T[]): T {
	if (events.length !== 1) throw new Error(`expected one event, got ${events.length}`);
	return events[0];
}
