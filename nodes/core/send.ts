/**
 * Provider-agnostic sending, pure: reading what to send from an item, and turning a provider's
 * answer (or a failure found before sending) into the contract's `delivery` object and the output
 * the item goes to. The Send node adds only the HTTP call; every adapter shares this.
 */
import { failure } from './gateways/common';
import type {
	Channel,
	Gateway,
	GatewayFailure,
	GatewayRequest,
	OutboundMessage,
	ParsedReply,
	ProviderName,
	TemplateParameter,
	WhatsAppTemplate,
} from './gateways/types';
import { type NormalizedPhone, PhoneError, createPhoneNormalizer, maskPhone } from './phone';
import { phoneKey } from './policy/frequencyCap';

export type DeliveryStatus = 'sent' | 'failed' | 'skipped' | 'unknown';
export type SendOutput = 'sent' | 'failed' | 'skipped';

/** The `delivery` object of the data contract. */
export interface Delivery {
	status: DeliveryStatus;
	provider: ProviderName;
	channel: string | null;
	to: string | null;
	providerMessageId: string | null;
	idempotencyKey: string | null;
	attempts: number;
	sentAt: string | null;
	reason?: string;
	code?: string | null;
	message?: string;
	hint?: string;
	retryable?: boolean;
	/** Dry run: the exact request that would have been sent, secrets removed. */
	request?: GatewayRequest;
	/** Quiet hours: when the message may be sent (UTC). */
	nextAllowedAt?: string;
	/** A duplicate: which record decided it (`this_run`, or the workflow's `static_data` ledger). */
	ledger?: string;
	/** A duplicate: what the provider reported of the earlier send afterwards (written by Dunning Events). */
	reported?: { status: string; reason: string | null; code: string | null; at: string };
	/** The WhatsApp failure an SMS fallback replaced. */
	fallback?: { from: 'whatsapp'; reason?: string; code: string | null; message?: string; idempotencyKey: string | null };
	/** An answer to a reply on WhatsApp (message.kind "text" with a template): what was sent, free text or the template, and why. */
	content?: { kind: 'text' | 'template'; why: string };
	/** The free text the provider refused because the 24-hour window had closed, before the template was sent instead. */
	windowClosed?: { code: string | null; message?: string };
	/** Why a message went out although the debtor's number or channel is closed: the one confirmation of their own opt-out or wrong number. */
	allowedBy?: string;
}

export interface Outcome {
	output: SendOutput;
	delivery: Delivery;
	/** The failure stops the whole run (bad credential, wrong account setting). */
	fatal: boolean;
}

export type ChannelSetting = 'message' | Channel;

export interface SendSettings {
	provider: ProviderName;
	channel: ChannelSetting;
	defaultCountry: string;
	maskPhones: boolean;
}

export interface ItemValues {
	message: unknown;
	phone: unknown;
	country: unknown;
	invoiceId: unknown;
	stage: unknown;
	/** An explicit idempotency key (the node's Idempotency Key parameter); empty = derived. */
	idempotencyKey: unknown;
	/** The item's `event` (Dunning Events): a reply opens WhatsApp's 24-hour window for free text. */
	event?: unknown;
}

export interface Prepared {
	outbound: OutboundMessage;
	to: string;
	/** A session message (message.kind "text"): what goes out, and why. */
	content?: { kind: 'text' | 'template'; why: string };
	/** The message's stage (message.stage), e.g. `reply_opt_out`. */
	messageStage: string | null;
}

/** WhatsApp's customer-service window: free text is allowed for 24 hours after the debtor's last message. */
export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Free text only until this long before the window closes: a message queued at the provider must still arrive inside it. */
export const SESSION_WINDOW_MARGIN_MS = 15 * 60 * 1000;
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The stages that confirm what the debtor asked (opt-out, not the debtor): sent once, although the channel is closed. */
export const CONFIRMATION_STAGES: Readonly<Record<string, 'opt_out' | 'wrong_person'>> = { reply_opt_out: 'opt_out', reply_wrong_person: 'wrong_person' };

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function instantOf(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') return Date.parse(value);
	return Number.NaN;
}

/**
 * Whether the item answers a message the debtor wrote on `channel` less than 24 hours ago (minus a
 * margin): its `event`, as Dunning Events gives it, is a reply (`kind` "reply") on that channel
 * whose `at` is that recent. This is what opens WhatsApp's window for free text; the record of sent
 * messages keeps no inbound messages, so the item itself must carry the reply.
 */
export function replyWindow(event: unknown, channel: string, now: number): { open: boolean; why: string } {
	if (!isRecord(event)) return { open: false, why: 'the item carries no reply of the debtor (no event from Dunning Events), so the 24-hour window is not known to be open' };
	if (event.kind !== 'reply') return { open: false, why: `the item's event is ${typeof event.kind === 'string' ? `a ${event.kind.slice(0, 20)}` : 'not a reply'}, not a reply of the debtor` };
	const replyChannel = text(event.channel).toLowerCase();
	if (replyChannel !== channel) return { open: false, why: `the debtor wrote on ${replyChannel.slice(0, 20) || 'an unknown channel'}, not on ${channel}` };
	const at = instantOf(event.at);
	if (!Number.isFinite(at)) return { open: false, why: 'the time of the reply (event.at) is not a date' };
	const when = new Date(at).toISOString();
	if (at - now > CLOCK_SKEW_MS) return { open: false, why: `the time of the reply (${when}) is in the future` };
	if (now - at >= SESSION_WINDOW_MS - SESSION_WINDOW_MARGIN_MS) return { open: false, why: `the debtor wrote at ${when}, 24 hours ago or more (${SESSION_WINDOW_MARGIN_MS / 60000} minutes' margin)` };
	return { open: true, why: `the debtor wrote on ${channel} at ${when}, less than 24 hours ago` };
}

const CHANNELS: Channel[] = ['sms', 'whatsapp'];

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** invoice id + stage + channel, so that one stage of one invoice goes out once per channel. */
export function idempotencyKeyFor(values: ItemValues, channel: string): string | null {
	const explicit = text(values.idempotencyKey);
	if (explicit) return explicit;
	const invoice = text(values.invoiceId);
	if (!invoice) return null;
	const stage = text(values.stage) || 'message';
	return `${invoice}:${stage}:${channel}`;
}

/**
 * The key of an answer to a reply, unless an explicit key was given: the confirmation of an opt-out
 * or of a wrong number goes out once per number, stage and channel (the number hashed, as in the
 * record); any other answer once per reply answered (the event id Dunning Events gives, else the
 * number hashed and the time of the reply).
 */
function answerKey(values: ItemValues, stage: string | null, channel: string, e164: string): string | null {
	if (stage === null || !stage.startsWith('reply_') || text(values.idempotencyKey)) return null;
	if (Object.prototype.hasOwnProperty.call(CONFIRMATION_STAGES, stage)) return `${phoneKey(e164)}:${stage}:${channel}`;
	const event = isRecord(values.event) ? values.event : undefined;
	const at = text(event?.at);
	const id = text(event?.eventId) || text(event?.messageId) || (at ? `${phoneKey(e164)}@${at}` : '');
	return id ? `${id.slice(0, 120)}:${stage}:${channel}` : null;
}

function templateParameters(raw: unknown): TemplateParameter[] {
	if (!Array.isArray(raw)) return [];
	return raw.map((p): TemplateParameter => {
		if (p !== null && typeof p === 'object') {
			const o = p as Record<string, unknown>;
			const value = o.value ?? o.text ?? '';
			return typeof o.name === 'string' && o.name ? { name: o.name, value: String(value) } : { value: String(value) };
		}
		return { value: p === undefined || p === null ? '' : String(p) };
	});
}

export class Sender {
	private readonly normalizers = new Map<string, (value: unknown) => NormalizedPhone | PhoneError>();

	constructor(
		readonly gateway: Gateway,
		readonly settings: SendSettings,
	) {}

	private normalizer(country: string, channel: Channel) {
		const key = `${country}|${channel}`;
		let n = this.normalizers.get(key);
		if (!n) {
			n = createPhoneNormalizer({ defaultCountry: country, channel });
			this.normalizers.set(key, n);
		}
		return n;
	}

	base(channel: string | null, to: string | null, key: string | null): Delivery {
		return {
			status: 'failed',
			provider: this.settings.provider,
			channel,
			to: to && this.settings.maskPhones ? maskPhone(to) : to,
			providerMessageId: null,
			idempotencyKey: key,
			attempts: 0,
			sentAt: null,
		};
	}

	/**
	 * Reads one item: the message to send, or the outcome when nothing can be sent. `templateBecause`:
	 * send a session message's template, not its text, for this reason (the provider refused the text).
	 */
	prepare(values: ItemValues, channelOverride?: Channel, options: { now?: number; templateBecause?: string } = {}): Prepared | Outcome {
		const m = values.message;
		if (m === null || typeof m !== 'object' || Array.isArray(m)) {
			const key = idempotencyKeyFor(values, 'unknown');
			return this.fail(
				this.base(null, null, key),
				failure('permanent', 'invalid_message', {
					message: 'The item has no message to send.',
					hint: 'Put Render Collection Message before this node, or point Message Field at the field holding the message object.',
				}),
			);
		}
		const message = m as Record<string, unknown>;
		if (message.skipped === true) {
			// Render Collection Message had nothing to render (no stage due, no channel the debtor may be reached on).
			return {
				output: 'skipped',
				fatal: false,
				delivery: {
					...this.base(typeof message.channel === 'string' ? message.channel : null, null, idempotencyKeyFor(values, 'none')),
					status: 'skipped',
					reason: 'no_message',
					message: text(message.reason) || 'Render Collection Message produced no message for this item.',
					hint: 'Nothing to send: see the message and segment of this item for why.',
				},
			};
		}
		const setting = channelOverride ?? this.settings.channel;
		const wanted = setting === 'message' ? text(message.channel).toLowerCase() : setting;
		const key = idempotencyKeyFor(values, wanted || 'unknown');
		if (!CHANNELS.includes(wanted as Channel)) {
			const delivery = this.base(wanted || null, null, key);
			if (wanted === 'email') {
				return {
					output: 'skipped',
					fatal: false,
					delivery: {
						...delivery,
						status: 'skipped',
						reason: 'unsupported_channel',
						message: 'E-mail messages are not sent by this node.',
						hint: "Route e-mail messages to n8n's Send Email node (message.subject, message.html, message.text).",
					},
				};
			}
			return this.fail(
				delivery,
				failure('permanent', 'invalid_message', {
					message: wanted ? `The channel "${wanted.slice(0, 20)}" is not SMS or WhatsApp.` : 'The message has no channel.',
					hint: 'Set Channel on this node, or make sure message.channel is sms or whatsapp.',
				}),
			);
		}
		const channel = wanted as Channel;
		const country = text(values.country).toUpperCase() || this.settings.defaultCountry;
		const phone = this.normalizer(country, channel)(values.phone);
		if (phone instanceof PhoneError) {
			return this.fail(
				this.base(channel, text(values.phone) || null, key),
				failure('permanent', 'invalid_number', { message: `The phone number ${phone.problem}.`, hint: phone.hint }),
			);
		}
		const template = message.template as Record<string, unknown> | undefined;
		const messageStage = text(message.stage) || null;
		const outbound: OutboundMessage = {
			channel,
			to: { e164: phone.e164, digits: phone.digits, national: phone.national },
			text: typeof message.text === 'string' ? message.text : undefined,
			idempotencyKey: answerKey(values, messageStage, channel, phone.e164) ?? key ?? undefined,
		};
		if (channel === 'whatsapp' && template && typeof template === 'object') {
			outbound.template = {
				name: text(template.name),
				language: text(template.language) || text(message.locale),
				parameters: templateParameters(template.parameters),
			};
			// Render Collection Message's document header and quick-reply buttons; the adapter checks them.
			if (template.header !== undefined && template.header !== null) outbound.template.header = template.header as WhatsAppTemplate['header'];
			if (template.buttons !== undefined && template.buttons !== null) outbound.template.buttons = template.buttons as WhatsAppTemplate['buttons'];
		}
		let content: Prepared['content'];
		if (channel === 'whatsapp' && message.kind === 'text') {
			// An answer to the debtor's reply: free text inside the 24-hour window, the approved template outside it.
			if (!outbound.template || outbound.template.name === '') {
				outbound.kind = 'text';
				content = { kind: 'text', why: 'free text: the message has no template to send instead (it fails if the 24-hour window is closed)' };
			} else if (options.templateBecause) {
				outbound.kind = 'template';
				content = { kind: 'template', why: `the approved template: ${options.templateBecause}` };
			} else {
				const window = replyWindow(values.event, 'whatsapp', options.now ?? Date.now());
				outbound.kind = window.open ? 'text' : 'template';
				content = { kind: outbound.kind, why: `${window.open ? 'free text (session message)' : 'the approved template'}: ${window.why}` };
			}
		}
		return { outbound, to: phone.e164, content, messageStage };
	}

	/**
	 * A failure: Failed (or `unknown` when the provider may have sent it); fatal ones stop the run.
	 * `unknownRetried`: unknown outcomes were retried (the Retry Unknown Outcomes option).
	 */
	fail(delivery: Delivery, f: GatewayFailure, attempts = delivery.attempts, unknownRetried = false): Outcome {
		return {
			output: 'failed',
			fatal: f.kind === 'fatal_credential',
			delivery: {
				...delivery,
				status: f.kind === 'ambiguous' ? 'unknown' : 'failed',
				attempts,
				reason: f.reason,
				code: f.code,
				message:
					f.kind === 'ambiguous'
						? `${f.message} The provider may have sent it${unknownRetried ? ` (tried ${attempts} times)` : ': not retried, to avoid a duplicate'}.`
						: f.message,
				hint: f.hint,
				retryable: f.kind === 'retryable',
			},
		};
	}

	/** A 2xx reply read by the adapter. */
	fromReply(delivery: Delivery, reply: ParsedReply, attempts: number, now: Date): Outcome {
		if (reply.status === 'sent') {
			return {
				output: 'sent',
				fatal: false,
				delivery: { ...delivery, status: 'sent', attempts, providerMessageId: reply.providerMessageId, sentAt: now.toISOString() },
			};
		}
		const f = reply.error ?? failure('ambiguous', 'provider_error', { message: 'The provider’s reply could not be read.' });
		return this.fail({ ...delivery, providerMessageId: reply.providerMessageId }, f, attempts);
	}

	/** Dry run: everything but the request. */
	dryRun(delivery: Delivery, request: GatewayRequest): Outcome {
		return {
			output: 'skipped',
			fatal: false,
			delivery: { ...delivery, status: 'skipped', reason: 'dry_run', message: 'Dry run: nothing was sent.', request },
		};
	}
}
