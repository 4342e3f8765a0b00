/** Builders of webhook requests for the inbound tests (not a test file itself). */
import type { InboundParseResult, WebhookRequest } from '../../../nodes/core/gateways/types';

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

/** Every field of an event that the provider left empty; tests spread it under the fields they expect. */
export const NO_FIELDS = { inReplyTo: null, status: null, providerStatus: null, reason: null, code: null, errorMessage: null, phone: null, text: null, button: null, media: [], location: null, messageType: null, consent: null, at: null, correlationKey: null };

/** A body that cannot be read at all: no events, a short reason (the node answers 400). */
export function expectUnreadable(result: InboundParseResult): void {
	expect(result.events).toEqual([]);
	expect(result.problem).toEqual(expect.any(String));
	expect(result.problem?.length).toBeLessThan(100);
}
