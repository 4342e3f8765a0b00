/**
 * Webhook signatures exactly as the providers compute them (gateways.md §1, §2), so that the Send
 * node's future webhook checks can be tested against the fake. Vectors in the tests.
 */
import { createHmac } from 'node:crypto';

/**
 * Twilio `X-Twilio-Signature`: base64 HMAC-SHA1 of the full URL followed by every POST parameter,
 * sorted by name, as name+value (decoded, no separators); an array value contributes each of its
 * de-duplicated, sorted values.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
	let data = url;
	for (const key of Object.keys(params).sort()) {
		const value = params[key];
		if (Array.isArray(value)) {
			for (const item of Array.from(new Set(value)).sort()) data += key + item;
		} else {
			data += key + value;
		}
	}
	return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** Meta `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body bytes with the app secret. */
export function metaSignature(appSecret: string, rawBody: string | Buffer): string {
	return 'sha256=' + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** JSON as Meta sends it: every non-ASCII character escaped as `\uXXXX` (the bytes that get signed). */
export function metaJson(value: unknown): string {
	return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
