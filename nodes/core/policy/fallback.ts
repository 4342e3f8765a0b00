/**
 * WhatsApp → SMS fallback: when a WhatsApp message surely failed for a reason SMS does not share
 * (the 24-hour window is closed, the number has no WhatsApp, WhatsApp could not deliver), the same
 * message goes by SMS in the same run.
 *
 * Never on an `unknown` outcome (the WhatsApp message may have arrived: an SMS would be a
 * duplicate), never on opt-out, throttling, credential or template errors (SMS would not fix them,
 * or the debtor said no).
 */
import type { ErrorKind } from '../gateways/types';
import { InvalidValueError } from '../errors';

export type FallbackReason = 'window_closed' | 'undeliverable' | 'invalid_number';

export const FALLBACK_REASONS: readonly FallbackReason[] = ['window_closed', 'undeliverable', 'invalid_number'];

export interface FailedSend {
	/** The channel that failed. */
	channel: string | null;
	/** The delivery status: `failed`, `unknown`, `sent`, `skipped`. */
	status: string;
	/** The normalised reason (`window_closed`, `invalid_number`…). */
	reason?: string;
	/** The failure's kind, when known. */
	kind?: ErrorKind;
}

export type FallbackDecision =
	| { fallback: true; because: FallbackReason }
	| {
			fallback: false;
			because: 'disabled' | 'not_whatsapp' | 'not_failed' | 'status_unknown' | 'not_a_fallback_reason';
	  };

export function decideSmsFallback(send: FailedSend, enabled: boolean): FallbackDecision {
	if (!enabled) return { fallback: false, because: 'disabled' };
	if (send.channel !== 'whatsapp') return { fallback: false, because: 'not_whatsapp' };
	if (send.status === 'unknown' || send.kind === 'ambiguous') return { fallback: false, because: 'status_unknown' };
	if (send.status !== 'failed') return { fallback: false, because: 'not_failed' };
	if (send.kind !== undefined && send.kind !== 'permanent') return { fallback: false, because: 'not_a_fallback_reason' };
	const reason = send.reason as FallbackReason;
	if (!FALLBACK_REASONS.includes(reason)) return { fallback: false, because: 'not_a_fallback_reason' };
	return { fallback: true, because: reason };
}

export interface FallbackSms {
	channel: 'sms';
	text: string;
	/** `sms_version`: the item's own SMS message; `whatsapp_preview`: the WhatsApp text, formatting removed. */
	source: 'sms_version' | 'whatsapp_preview';
	[field: string]: unknown;
}

/** WhatsApp's *bold*, _italic_, ~strike~ and ```mono``` marks, which SMS would show as is. */
export function stripWhatsAppFormatting(value: string): string {
	return value
		.replace(/```([^`]*)```/g, '$1')
		.replace(/(^|[\s(])([*_~])(?!\s)([^*_~\n]*?[^\s*_~])\2(?=$|[\s.,;:!?)])/gm, '$1$3');
}

/**
 * The SMS to send instead: the item's SMS version (a message object with `text`, as Render
 * Collection Message makes it, or plain text) when there is one, else the WhatsApp preview text.
 */
export function buildFallbackSms(whatsappMessage: unknown, smsVersion: unknown): FallbackSms | InvalidValueError {
	if (typeof smsVersion === 'string' && smsVersion.trim() !== '') {
		return { channel: 'sms', text: smsVersion.trim(), source: 'sms_version' };
	}
	if (smsVersion !== null && typeof smsVersion === 'object' && !Array.isArray(smsVersion)) {
		const version = smsVersion as Record<string, unknown>;
		if (typeof version.text === 'string' && version.text.trim() !== '') {
			const channel = typeof version.channel === 'string' ? version.channel.toLowerCase() : 'sms';
			if (channel === 'sms') return { ...version, channel: 'sms', text: version.text, source: 'sms_version' };
		}
	}
	const message = whatsappMessage !== null && typeof whatsappMessage === 'object' ? (whatsappMessage as Record<string, unknown>) : {};
	const preview = typeof message.text === 'string' ? stripWhatsAppFormatting(message.text).trim() : '';
	if (preview !== '') return { channel: 'sms', text: preview, source: 'whatsapp_preview' };
	return new InvalidValueError(
		'the WhatsApp message has no text to send by SMS instead',
		'Render an SMS version of the message (a second Render Collection Message with Channel SMS, into the SMS Message Field), or give the WhatsApp message a preview text.',
	);
}
