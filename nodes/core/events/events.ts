/**
 * What the Dunning Events trigger does with the events of one webhook request, provider-agnostic:
 * keep only what the user asked for (a collections team acts on replies and failures, not on four
 * statuses per message), recognise a provider's redelivery, match each event to the message we
 * sent (its invoice and stage), write what a status says back into the record of sent messages,
 * and build the `event` object of the data contract.
 */
import type { InboundEvent } from '../gateways/types';
import type { MessageOutcome } from '../policy/ledger';
import { maskPhone } from '../phone';
import type { ContactBlocks } from '../policy/contactBlocks';
import { phoneKey } from '../policy/frequencyCap';
import type { EventRecord, RecordedMessage } from './record';

/** What a user can keep. */
export type EventCategory = 'replies' | 'optOuts' | 'failures' | 'delivered' | 'sent';

export const EVENT_CATEGORIES: readonly EventCategory[] = ['replies', 'optOuts', 'failures', 'delivered', 'sent'];
/** The default: what a collections team acts on. Delivered/read and sent/queued are one click away. */
export const DEFAULT_CATEGORIES: readonly EventCategory[] = ['replies', 'optOuts', 'failures'];

export function categoryOf(event: InboundEvent): EventCategory {
	if (event.kind === 'reply') return 'replies';
	if (event.kind === 'opt_out' || event.kind === 'opt_in') return 'optOuts';
	if (event.status === 'failed' || event.status === 'undelivered') return 'failures';
	if (event.status === 'delivered' || event.status === 'read') return 'delivered';
	return 'sent';
}

/** How an event was tied to the message we sent. */
export type MatchedBy =
	/** Our idempotency key, echoed by the provider in its correlation field. */
	| 'correlation'
	/** The provider's id of our message (a status without our key). */
	| 'message_id'
	/** The message a WhatsApp reply answers (its context id). */
	| 'reply_context'
	/** The latest message sent to the number (an SMS reply carries nothing else). */
	| 'latest_to_phone'
	/** Not in the record, but our key says the invoice, stage and channel (`INV-1:overdue_6d:whatsapp`). */
	| 'key_format';

export interface Match {
	key: string | null;
	invoiceId: string | null;
	stage: string | null;
	/** The channel the message was sent on (a status is about that message, whatever the payload says). */
	channel: string | null;
	by: MatchedBy | null;
	/** When we sent it (ISO), from the record. */
	sentAt: string | null;
	recordedMessage: RecordedMessage | null;
}

const NO_MATCH: Match = { key: null, invoiceId: null, stage: null, channel: null, by: null, sentAt: null, recordedMessage: null };

/**
 * The invoice and stage in a key the Send node derived (`<invoice>:<stage>:<channel>`), or null for
 * another shape (an explicit Idempotency Key). Invoice ids may hold colons: read from the right.
 */
export function keyParts(key: string): { invoiceId: string; stage: string; channel: string } | null {
	const last = key.lastIndexOf(':');
	if (last <= 0) return null;
	const channel = key.slice(last + 1);
	if (channel !== 'sms' && channel !== 'whatsapp' && channel !== 'email') return null;
	const middle = key.lastIndexOf(':', last - 1);
	if (middle <= 0) return null;
	const stage = key.slice(middle + 1, last);
	const invoiceId = key.slice(0, middle);
	if (stage === '' || invoiceId === '') return null;
	return { invoiceId, stage, channel };
}

function fromRecord(found: RecordedMessage, by: MatchedBy): Match {
	const parts = found.message?.inv == null || !found.message?.ch ? keyParts(found.key) : null;
	return {
		key: found.key,
		invoiceId: found.message?.inv ?? parts?.invoiceId ?? null,
		stage: found.message?.st ?? parts?.stage ?? null,
		channel: found.message?.ch ?? parts?.channel ?? null,
		by,
		sentAt: new Date(found.at).toISOString(),
		recordedMessage: found,
	};
}

/** Ties an event to the message we sent, most certain clue first. */
export async function matchEvent(event: InboundEvent, record: EventRecord | null): Promise<Match> {
	if (event.kind === 'status') {
		if (event.correlationKey) {
			const found = record ? await record.byKey(event.correlationKey) : null;
			if (found) return fromRecord(found, 'correlation');
		}
		if (event.messageId && record) {
			const found = await record.byMessageId(event.provider, event.messageId);
			if (found) return fromRecord(found, 'message_id');
		}
		if (event.correlationKey) {
			const parts = keyParts(event.correlationKey);
			return {
				...NO_MATCH,
				key: event.correlationKey,
				invoiceId: parts?.invoiceId ?? null,
				stage: parts?.stage ?? null,
				channel: parts?.channel ?? null,
				by: parts ? 'key_format' : null,
			};
		}
		return NO_MATCH;
	}
	if (!record) return NO_MATCH;
	if (event.inReplyTo) {
		const found = await record.byMessageId(event.provider, event.inReplyTo);
		if (found) return fromRecord(found, 'reply_context');
	}
	if (event.phone) {
		const found = await record.latestTo(phoneKey(event.phone), event.channel);
		if (found) return fromRecord(found, 'latest_to_phone');
	}
	return NO_MATCH;
}

/** The `event` object of the data contract. */
export interface DunningEvent {
	kind: InboundEvent['kind'];
	provider: string;
	channel: string;
	status: string | null;
	reason: string | null;
	code: string | null;
	/** The provider's error text on a failure. */
	message: string | null;
	messageId: string | null;
	inReplyTo: string | null;
	phone: string | null;
	phoneMasked: string | null;
	text: string | null;
	button: InboundEvent['button'];
	media: InboundEvent['media'];
	location: InboundEvent['location'];
	messageType: string | null;
	consent: InboundEvent['consent'];
	/** When the provider says it happened (ISO), else when it reached n8n. */
	at: string;
	receivedAt: string;
	/** The idempotency key of the message we sent, and its invoice and stage. */
	key: string | null;
	invoiceId: string | null;
	stage: string | null;
	matched: boolean;
	matchedBy: MatchedBy | null;
	/** When we sent the message it belongs to. */
	sentAt: string | null;
	/** A further status of the same message had already arrived (providers do not keep the order). */
	superseded: boolean;
	/** Which record was read: `static_data`, `redis`, or null when the trigger reads none. */
	record: string | null;
	/** The provider's event id (the same on its redeliveries). */
	eventId: string;
}

export interface ProcessSettings {
	keep: ReadonlySet<EventCategory>;
	/** How long an event id is remembered to recognise the provider's redeliveries. */
	dedupeWindowMs: number;
	/**
	 * Where provider opt-outs are recorded for the Send node (Twilio's STOP closes SMS to that number,
	 * START opens it again). Meta's marketing stop is not one: collection templates are utility.
	 */
	blocks?: ContactBlocks;
}

export interface ProcessResult {
	emitted: Array<{ event: DunningEvent; category: EventCategory; inbound: InboundEvent }>;
	/** Redeliveries of events already emitted: answered, not emitted again. */
	duplicates: number;
	/** Events the settings leave out (still written to the record when they are statuses). */
	dropped: number;
}

function outcomeOf(event: InboundEvent, at: number): MessageOutcome {
	const outcome: MessageOutcome = { status: event.status as string, at };
	if (event.reason) outcome.reason = event.reason;
	if (event.code) outcome.code = event.code;
	return outcome;
}

/** Runs the events of one request through filter, de-duplication, matching and the record. */
export async function processEvents(events: InboundEvent[], record: EventRecord | null, settings: ProcessSettings, receivedAtMs: number): Promise<ProcessResult> {
	const result: ProcessResult = { emitted: [], duplicates: 0, dropped: 0 };
	const receivedAt = new Date(receivedAtMs).toISOString();
	for (const event of events) {
		const category = categoryOf(event);
		const keep = settings.keep.has(category);
		// Only what is emitted is remembered as handled: a dropped status costs no write.
		if (keep && record && !(await record.claimEvent(event.dedupeId, settings.dedupeWindowMs))) {
			result.duplicates++;
			continue;
		}
		if (settings.blocks && event.phone && event.consent?.scope === 'all') {
			const at = event.at ? Date.parse(event.at) : receivedAtMs;
			if (event.kind === 'opt_out') await settings.blocks.block(phoneKey(event.phone), event.channel, 'opt_out', at, `${event.provider} ${event.consent.value}`);
			else if (event.kind === 'opt_in') await settings.blocks.unblock(phoneKey(event.phone), event.channel);
		}
		const match = await matchEvent(event, record);
		let superseded = false;
		if (event.kind === 'status' && event.status && match.key && record && match.recordedMessage) {
			const at = event.at ? Date.parse(event.at) : receivedAtMs;
			const now = await record.recordOutcome(match.key, outcomeOf(event, at));
			superseded = now?.outcome != null && now.outcome.status !== event.status;
		}
		if (!keep) {
			result.dropped++;
			continue;
		}
		result.emitted.push({
			category,
			inbound: event,
			event: {
				kind: event.kind,
				provider: event.provider,
				// A status belongs to the message we sent: its channel, when we know it (some reports do not say).
				channel: event.kind === 'status' && (match.channel === 'sms' || match.channel === 'whatsapp') ? match.channel : event.channel,
				status: event.status,
				reason: event.reason,
				code: event.code,
				message: event.errorMessage,
				messageId: event.messageId,
				inReplyTo: event.inReplyTo,
				phone: event.phone,
				phoneMasked: event.phone ? maskPhone(event.phone) : null,
				text: event.text,
				button: event.button,
				media: event.media,
				location: event.location,
				messageType: event.messageType,
				consent: event.consent,
				at: event.at ?? receivedAt,
				receivedAt,
				key: match.key,
				invoiceId: match.invoiceId,
				stage: match.stage,
				// The key's own shape says the invoice, but not that we sent it: not a match.
				matched: match.by !== null && match.by !== 'key_format',
				matchedBy: match.by,
				sentAt: match.sentAt,
				superseded,
				record: record?.name ?? null,
				eventId: event.dedupeId,
			},
		});
	}
	return result;
}
