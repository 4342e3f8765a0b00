/**
 * The inbound half of the fake: debtor replies (text, quick-reply buttons, media), provider-level
 * opt-outs (Twilio STOP/START, Meta's marketing `user_preferences`) and forged webhooks. Each reply is
 * resolved once (ids, the message it answers, our receiving number, media) and handed to the provider's
 * own builder, which shapes and signs it as that provider does; the POST goes through the webhook
 * scheduler, so replies share the status webhooks' log, retries and duplicates (docs/fake-gateway.md).
 */
import type { GatewayCore, InboundBuilder, InboundMessage } from './core';
import { metaJson } from './signing';
import { DEFAULT_PHONE_NUMBER_ID, metaPreferenceDelivery } from './providers/meta';
import { infobipInboundId } from './providers/infobip';
import { twilioKeyword, twilioSender } from './providers/twilio';
import type { Channel, ProviderName, StoredMessage, TamperMode, WebhookKind, WebhookRecord } from './types';
import type { Delivery } from './webhooks';
import { isObject, parseForm, recipientDigits } from './util';

export interface ReplyInput {
	provider: ProviderName;
	/** The debtor's number: digits or E.164 (any formatting). */
	from: string;
	text?: string;
	/** A quick-reply tap. `interactive`: an interactive reply button (Meta `interactive.button_reply`) instead of a template quick reply. */
	button?: { text: string; payload: string; interactive?: boolean };
	/** A photo or document (always served as a tiny PNG / PDF from `GET /__fake/media/<id>`). */
	media?: { type: 'image' | 'document'; mime?: string; filename?: string; caption?: string };
	/** A message id the fake accepted, or the correlation key of one: the message this reply answers. */
	inReplyTo?: string;
	/** Default: the channel of the message answered, else `whatsapp` for Meta and `sms` for the others. */
	channel?: Channel;
	/** When the provider received it (ms); default now (`replyAll`: one second apart). */
	at?: number;
	/** Our receiving number / sender id / Meta phone-number id; default: the sender of the message answered, else the provider's option. */
	to?: string;
	/** The debtor's WhatsApp profile name. */
	name?: string;
	/** Post to this URL instead of the provider's inbound URL. */
	url?: string;
	/** Post the same bytes twice (the provider's at-least-once retry). */
	duplicate?: boolean;
	/** Forge it: wrong signature, no signature, or the body changed after signing. A forged reply changes no state. */
	tamper?: TamperMode;
}

export interface UserPreferenceInput {
	from: string;
	value: 'stop' | 'resume';
	at?: number;
	name?: string;
	/** Meta phone-number id (default `meta.phoneNumberId`, else 106540352242922). */
	phoneNumberId?: string;
	url?: string;
	duplicate?: boolean;
	tamper?: TamperMode;
}

/** A forged status webhook of a message the fake accepted. */
export interface TamperedStatusInput {
	messageId: string;
	/** Provider vocabulary (`delivered`, `DELIVERED`…); default: the provider's delivered status. */
	status?: string;
	url?: string;
	tamper?: TamperMode;
}

export interface InboundResult {
	kind: WebhookKind;
	provider: ProviderName;
	channel: Channel;
	/** The provider's id of the inbound message. */
	id: string;
	from: string;
	to: string;
	at: number;
	url?: string;
	/** The message answered (provider id) and its correlation key, when known. */
	inReplyTo?: string;
	key?: string;
	optOutType?: 'STOP' | 'START' | 'HELP';
	media?: { id: string; url: string; mime: string; sha256: string };
	/** Status of the first POST carrying it (`null`: not posted, refused or unreachable). */
	status: number | null;
	error?: string;
	headers?: Record<string, string>;
	body?: string;
	/** Every POST made for it now (first attempt and duplicate); retries follow in the webhook log. */
	records: WebhookRecord[];
}

export interface ReplyAllOptions {
	/** Post the last reply first. */
	outOfOrder?: boolean;
	/** As few POSTs as the provider batches (Meta, Infobip, the reseller's `batch` shape). */
	batch?: boolean;
	/** `false`: build and sign the requests (`url`, `headers`, `body` of each result) but neither post them nor change any state. */
	post?: boolean;
}

export class InboundInputError extends Error {}

const PROVIDERS: ProviderName[] = ['twilio', 'meta', 'zenvia', 'infobip', 'custom'];

/** Delivered statuses in each provider's vocabulary, the default of a forged status. */
const DELIVERED: Record<ProviderName, string> = {
	twilio: 'delivered',
	meta: 'delivered',
	zenvia: 'DELIVERED',
	infobip: 'DELIVERED_TO_HANDSET',
	custom: 'delivered',
};

export class Inbound {
	constructor(
		private readonly core: GatewayCore,
		private readonly builders: Record<ProviderName, InboundBuilder>,
		private readonly statusDelivery: (message: StoredMessage, status: string, url: string) => Delivery[],
	) {}

	reply(input: ReplyInput): Promise<InboundResult> {
		return this.replyAll([input]).then((results) => results[0]);
	}

	/**
	 * Several replies made in order (ids and default timestamps one second apart), posted in that order or,
	 * `outOfOrder`, last first; `batch` puts them in as few POSTs as the provider batches (Meta, Infobip,
	 * the generic reseller's `batch` shape; Twilio and Zenvia post one message per request anyway).
	 */
	async replyAll(inputs: ReplyInput[], options: ReplyAllOptions = {}): Promise<InboundResult[]> {
		if (!Array.isArray(inputs) || inputs.length === 0) throw new InboundInputError('Give at least one reply');
		const post = options.post !== false;
		const start = this.core.now();
		const resolved = inputs.map((input, i) => this.resolve(input, start + i * 1000));
		if (post) for (const { input, message } of resolved) if (input.tamper === undefined) this.applyState(message);
		const results = resolved.map(({ input, message }) => result(message, input.url ?? urlOf(this.core, input.provider)));
		const order = options.outOfOrder ? resolved.slice().reverse() : resolved;
		const groups: Array<typeof resolved> = options.batch ? groupBy(order, (r) => `${r.input.provider}|${r.input.tamper ?? ''}|${r.input.duplicate === true}`) : order.map((r) => [r]);
		for (const group of groups) {
			const { input } = group[0];
			const posted = group.filter((r) => r.message.url !== '');
			if (posted.length === 0) continue;
			const deliveries = this.builders[input.provider](posted.map((r) => r.message));
			for (const delivery of deliveries) {
				const ready = input.tamper === undefined ? { ...delivery, duplicate: input.duplicate === true } : tamper(delivery, input.tamper);
				const records = post ? await this.core.webhooks.send(ready) : [];
				for (const r of posted) {
					if (!delivery.messageIds.includes(r.message.id)) continue;
					const out = results[resolved.indexOf(r)];
					out.records.push(...records);
					if (out.body === undefined) {
						out.status = records[0]?.status ?? null;
						if (records[0]?.error !== undefined) out.error = records[0].error;
						out.headers = ready.headers;
						out.body = ready.body;
					}
				}
			}
		}
		for (const out of results) if (out.url === undefined) out.error = `no URL to post to: set ${URL_OPTION[out.provider]} or give 'url'`;
		return results;
	}

	/** Meta's `user_preferences` webhook: a marketing stop (later marketing templates fail with 131050) or resume. */
	async userPreference(input: UserPreferenceInput): Promise<InboundResult> {
		const digits = recipientDigits(typeof input.from === 'string' ? input.from : '');
		if (digits === '') throw new InboundInputError("Give the debtor's number as 'from'");
		if (input.value !== 'stop' && input.value !== 'resume') throw new InboundInputError("'value' must be 'stop' or 'resume'");
		const at = typeof input.at === 'number' ? input.at : this.core.now();
		if (input.tamper === undefined) this.core.optOuts.set('meta', digits, input.value === 'stop' ? 'out' : 'in', at);
		const url = input.url ?? this.core.options().meta.callbackUrl;
		const out: InboundResult = { kind: 'user_preference', provider: 'meta', channel: 'whatsapp', id: `user_preferences:${digits}:${input.value}`, from: digits, to: '', at, status: null, records: [] };
		out.to = input.phoneNumberId ?? this.core.options().meta.phoneNumberId ?? DEFAULT_PHONE_NUMBER_ID;
		if (url === undefined || url === '') {
			out.error = `no URL to post to: set ${URL_OPTION.meta} or give 'url'`;
			return out;
		}
		out.url = url;
		const delivery = metaPreferenceDelivery(this.core, { url, digits, value: input.value, at, name: input.name ?? defaultName(digits), phoneNumberId: out.to });
		const ready = input.tamper === undefined ? { ...delivery, duplicate: input.duplicate === true } : tamper(delivery, input.tamper);
		return fill(out, ready, await this.core.webhooks.send(ready));
	}

	/** A forged reply (`ReplyInput`, tamper default `signature`) or a forged status of an accepted message. */
	async postTampered(input: (ReplyInput | TamperedStatusInput) & { tamper?: TamperMode }): Promise<InboundResult> {
		if (!isObject(input)) throw new InboundInputError('Give a reply ({provider, from, text…}) or a status ({messageId})');
		if (!('messageId' in input)) return this.reply({ ...(input as ReplyInput), tamper: input.tamper ?? 'signature' });
		return this.tamperedStatus(input as TamperedStatusInput);
	}

	private async tamperedStatus(input: TamperedStatusInput): Promise<InboundResult> {
		const message = this.core.store.get(String(input.messageId));
		if (message === undefined) throw new InboundInputError(`messageId '${String(input.messageId)}' names no message the fake accepted`);
		const url = input.url ?? (message.meta.callback as string | undefined);
		if (url === undefined || url === '') throw new InboundInputError(`message ${message.id} has no callback URL: give 'url'`);
		const status = input.status ?? DELIVERED[message.provider];
		const copy: StoredMessage = { ...message, statuses: message.statuses.slice() };
		const [delivery] = this.statusDelivery(copy, status, url);
		const ready = tamper(delivery, input.tamper ?? 'signature');
		const out: InboundResult = { kind: 'status', provider: message.provider, channel: message.channel, id: message.id, from: message.to, to: message.from, at: this.core.now(), url, status: null, records: [] };
		if (message.key !== undefined) out.key = message.key;
		return fill(out, ready, await this.core.webhooks.send(ready));
	}

	private resolve(input: ReplyInput, defaultAt: number): { input: ReplyInput; message: InboundMessage } {
		if (!isObject(input)) throw new InboundInputError('A reply must be an object {provider, from, text | button | media}');
		const { provider } = input;
		if (!PROVIDERS.includes(provider)) throw new InboundInputError(`'provider' must be one of ${PROVIDERS.join(', ')}`);
		const digits = recipientDigits(typeof input.from === 'string' ? input.from : '');
		if (digits === '') throw new InboundInputError("Give the debtor's number as 'from' (digits or E.164)");
		if (input.text === undefined && input.button === undefined && input.media === undefined) {
			throw new InboundInputError("A reply needs 'text', 'button' or 'media'");
		}
		if (input.text !== undefined && typeof input.text !== 'string') throw new InboundInputError("'text' must be a string");
		if (input.button !== undefined && (!isObject(input.button) || typeof input.button.text !== 'string' || typeof input.button.payload !== 'string')) {
			throw new InboundInputError("'button' must be {text, payload}");
		}
		if (input.button !== undefined && input.media !== undefined) throw new InboundInputError("A reply is a button tap or media, not both");
		if (input.media !== undefined && (!isObject(input.media) || (input.media.type !== 'image' && input.media.type !== 'document'))) {
			throw new InboundInputError("'media.type' must be 'image' or 'document'");
		}
		if (input.tamper !== undefined && !['signature', 'missing', 'body'].includes(input.tamper)) {
			throw new InboundInputError("'tamper' must be 'signature', 'missing' or 'body'");
		}
		let original: StoredMessage | undefined;
		if (input.inReplyTo !== undefined) {
			original = findOriginal(this.core, provider, String(input.inReplyTo));
			if (original === undefined) throw new InboundInputError(`inReplyTo '${input.inReplyTo}' names no ${provider} message the fake accepted (id or correlation key)`);
		}
		const channel: Channel = input.channel ?? original?.channel ?? (provider === 'meta' ? 'whatsapp' : 'sms');
		if (channel !== 'sms' && channel !== 'whatsapp') throw new InboundInputError("'channel' must be 'sms' or 'whatsapp'");
		if (provider === 'meta' && channel !== 'whatsapp') throw new InboundInputError('Meta replies are WhatsApp messages');
		if (input.media !== undefined && channel === 'sms' && (provider === 'zenvia' || provider === 'infobip')) {
			throw new InboundInputError(`${provider} forwards no media received by SMS`);
		}
		// Zenvia: on SMS, idRef names the last message sent to the contact.
		if (original === undefined && provider === 'zenvia' && channel === 'sms') original = latestTo(this.core, 'zenvia', digits, 'sms');
		const at = typeof input.at === 'number' ? input.at : defaultAt;
		const core = this.core;
		const message: InboundMessage = {
			provider,
			channel,
			id: inboundId(core, provider, channel, input.media !== undefined, digits),
			digits,
			to: input.to ?? receiver(core, provider, channel, original),
			at,
			url: input.url ?? urlOf(core, provider) ?? '',
			name: input.name ?? defaultName(digits),
		};
		const text = input.text ?? input.media?.caption;
		if (input.button !== undefined) message.button = { text: input.button.text, payload: input.button.payload, interactive: input.button.interactive === true };
		else if (input.text !== undefined) message.text = input.text;
		if (input.media !== undefined) {
			const type = input.media.type;
			const mime = input.media.mime ?? (type === 'image' ? 'image/png' : 'application/pdf');
			const media = core.media.add(mediaId(core, provider), type, mime, input.media.filename ?? (type === 'document' ? 'comprovante.pdf' : undefined), at);
			message.media = { ...media, url: `${core.url}/__fake/media/${encodeURIComponent(media.id)}` };
			if (text !== undefined) message.media.caption = text;
		}
		if (original !== undefined) message.original = original;
		if (provider === 'twilio' && channel === 'sms' && message.text !== undefined && message.media === undefined) {
			const keyword = twilioKeyword(message.text);
			if (keyword !== undefined) message.optOutType = keyword;
		}
		return { input, message };
	}

	/** What a genuine reply changes at the provider: the WhatsApp window, Twilio's STOP filtering. */
	private applyState(message: InboundMessage): void {
		if (message.channel === 'whatsapp') this.core.windows.open(message.digits, message.at);
		if (message.provider === 'twilio' && message.optOutType === 'STOP') this.core.optOuts.set('twilio', message.digits, 'out', message.at);
		if (message.provider === 'twilio' && message.optOutType === 'START') this.core.optOuts.set('twilio', message.digits, 'in', message.at);
	}
}

const URL_OPTION: Record<ProviderName, string> = {
	twilio: 'twilio.inboundUrl',
	meta: 'meta.callbackUrl',
	zenvia: 'zenvia.inboundUrl',
	infobip: 'infobip.inboundUrl',
	custom: 'custom.callbackUrl',
};

function urlOf(core: GatewayCore, provider: ProviderName): string | undefined {
	const options = core.options();
	const url =
		provider === 'twilio'
			? options.twilio.inboundUrl
			: provider === 'meta'
				? options.meta.callbackUrl
				: provider === 'zenvia'
					? options.zenvia.inboundUrl
					: provider === 'infobip'
						? options.infobip.inboundUrl
						: options.custom.callbackUrl;
	return url === '' ? undefined : url;
}

function result(message: InboundMessage, url: string | undefined): InboundResult {
	const out: InboundResult = {
		kind: 'reply',
		provider: message.provider,
		channel: message.channel,
		id: message.id,
		from: message.digits,
		to: message.to,
		at: message.at,
		status: null,
		records: [],
	};
	if (url !== undefined && url !== '') out.url = url;
	if (message.original !== undefined) {
		out.inReplyTo = message.original.id;
		if (message.original.key !== undefined) out.key = message.original.key;
	}
	if (message.optOutType !== undefined) out.optOutType = message.optOutType;
	if (message.media !== undefined) out.media = { id: message.media.id, url: message.media.url, mime: message.media.mime, sha256: message.media.sha256 };
	return out;
}

function fill(out: InboundResult, delivery: Delivery, records: WebhookRecord[]): InboundResult {
	out.records = records;
	out.status = records[0]?.status ?? null;
	if (records[0]?.error !== undefined) out.error = records[0].error;
	out.headers = delivery.headers;
	out.body = delivery.body;
	return out;
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
	const groups = new Map<string, T[]>();
	for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
	return Array.from(groups.values());
}

function defaultName(digits: string): string {
	return `Debtor ${digits.slice(-4)}`;
}

/** A message of this provider by id, else the latest one carrying this correlation key. */
function findOriginal(core: GatewayCore, provider: ProviderName, ref: string): StoredMessage | undefined {
	const byId = core.store.get(ref);
	if (byId !== undefined && byId.provider === provider) return byId;
	let found: StoredMessage | undefined;
	for (const message of core.store.all()) if (message.provider === provider && message.key === ref) found = message;
	return found;
}

function latestTo(core: GatewayCore, provider: ProviderName, digits: string, channel: Channel): StoredMessage | undefined {
	let found: StoredMessage | undefined;
	for (const message of core.store.all()) if (message.provider === provider && message.to === digits && message.channel === channel) found = message;
	return found;
}

/** Our number that received the reply, as the provider writes it. */
function receiver(core: GatewayCore, provider: ProviderName, channel: Channel, original: StoredMessage | undefined): string {
	const options = core.options();
	switch (provider) {
		case 'twilio': {
			const sender = original === undefined ? undefined : twilioSender(original);
			const number = sender ?? (channel === 'whatsapp' ? `+${recipientDigits(options.twilio.whatsappNumber ?? '')}` : (options.twilio.phoneNumber ?? ''));
			if (channel !== 'whatsapp') return number.replace(/^whatsapp:/, '');
			return number.startsWith('whatsapp:') ? number : `whatsapp:${number}`;
		}
		case 'meta':
			return String(original?.meta.phoneNumberId ?? options.meta.phoneNumberId ?? DEFAULT_PHONE_NUMBER_ID);
		case 'zenvia':
			return original?.from || (channel === 'whatsapp' ? (options.zenvia.whatsappSender ?? '') : (options.zenvia.smsSender ?? ''));
		case 'infobip':
			return original?.from || (channel === 'whatsapp' ? (options.infobip.whatsappNumber ?? '') : (options.infobip.smsNumber ?? ''));
		case 'custom':
			return options.custom.inboundNumber ?? '';
	}
}

function inboundId(core: GatewayCore, provider: ProviderName, channel: Channel, media: boolean, digits: string): string {
	switch (provider) {
		case 'twilio':
			return media ? 'MM' + core.ids.hex32() : core.ids.twilioSid();
		case 'meta':
			return core.ids.wamid(digits);
		case 'infobip':
			return infobipInboundId(core, channel);
		default:
			return core.ids.uuid();
	}
}

function mediaId(core: GatewayCore, provider: ProviderName): string {
	if (provider === 'twilio') return 'ME' + core.ids.hex32();
	if (provider === 'meta') return core.ids.numeric();
	return core.ids.uuid();
}

const ALTERED_KEYS = ['Body', 'body', 'text', 'title', 'payload', 'caption', 'MessageStatus', 'status', 'code', 'value', 'event'];

/**
 * A forged copy of a delivery: `signature` re-signs with a wrong secret, `missing` drops the
 * authentication headers, `body` changes one value of the body after signing (headers unchanged).
 */
export function tamper(delivery: Delivery, mode: TamperMode): Delivery {
	const forged: Delivery = { ...delivery, duplicate: false, tampered: mode };
	if (mode === 'body') {
		forged.body = alterBody(delivery);
		return forged;
	}
	const right = delivery.sign?.(delivery.body, false) ?? {};
	if (Object.keys(right).length === 0) {
		throw new InboundInputError(
			`${delivery.provider} webhooks carry no signature or secret here to spoil: configure one (zenvia.webhookHeaders, infobip.webhookAuth, custom.webhook.signing) or tamper 'body'`,
		);
	}
	const headers = { ...delivery.headers };
	for (const name of Object.keys(right)) delete headers[name];
	if (mode === 'signature') Object.assign(headers, delivery.sign?.(delivery.body, true) ?? {});
	forged.headers = headers;
	return forged;
}

function alterBody(delivery: Delivery): string {
	if ((delivery.headers['Content-Type'] ?? '').includes('x-www-form-urlencoded')) {
		const params = parseForm(delivery.body) as Record<string, string>;
		const key = ALTERED_KEYS.find((k) => typeof params[k] === 'string') ?? Object.keys(params)[0];
		params[key] = `${params[key]} [altered]`;
		return new URLSearchParams(params).toString();
	}
	const value = JSON.parse(delivery.body) as unknown;
	for (const key of ALTERED_KEYS) if (alterFirst(value, key)) break;
	return delivery.provider === 'meta' ? metaJson(value) : JSON.stringify(value);
}

function alterFirst(value: unknown, key: string): boolean {
	if (Array.isArray(value)) return value.some((item) => alterFirst(item, key));
	if (!isObject(value)) return false;
	if (typeof value[key] === 'string') {
		value[key] = `${value[key] as string} [altered]`;
		return true;
	}
	return Object.values(value).some((item) => alterFirst(item, key));
}
