/** Names shared by the template environment, the built-in library and the message renderer. */

export type Channel = 'sms' | 'whatsapp' | 'email';
export const CHANNELS: Channel[] = ['sms', 'whatsapp', 'email'];

export type Tone = 'friendly' | 'firm' | 'formal';
export const TONES: Tone[] = ['friendly', 'firm', 'formal'];

/** The languages the built-in library and the helpers' wording are written in. */
export type Language = 'pt' | 'es' | 'en';

/** The locales of the built-in library; other locales fall back to them (es-MX → es → en). */
export type LibraryLocale = 'pt-BR' | 'es-419' | 'en-US';
export const LIBRARY_LOCALES: LibraryLocale[] = ['pt-BR', 'es-419', 'en-US'];
export const LIBRARY_LOCALE_OF: Record<Language, LibraryLocale> = { pt: 'pt-BR', es: 'es-419', en: 'en-US' };

/** The stages of the default ladder, the thank-you after payment, and the two extra messages. */
export const LADDER_STAGES = [
	'reminder_7d',
	'reminder_1d',
	'due_today',
	'overdue_3d',
	'overdue_6d',
	'overdue_9d',
	'overdue_15d',
	'negotiation_30d',
	'legal_90d',
] as const;
export const EXTRA_STAGES = ['settled', 'number_confirmation', 'early_payment_offer', 'negotiation_offer', 'legal_offer', 'promise_reminder'] as const;

/**
 * The answers to a debtor's reply (Classify Reply's intent): `reply_<intent>`, plus the "already
 * paid" answer for a reply that came with its receipt. Inside WhatsApp's 24-hour window they go as
 * free text (session messages); each also has an approved template for when the window is closed.
 */
export const REPLY_STAGES = [
	'reply_promise_to_pay',
	'reply_already_paid',
	'reply_already_paid_receipt',
	'reply_negotiate',
	'reply_payment_info',
	'reply_opt_out',
	'reply_dispute',
	'reply_human',
	'reply_wrong_person',
] as const;
export type ReplyStage = (typeof REPLY_STAGES)[number];
export type LibraryStage = (typeof LADDER_STAGES)[number] | (typeof EXTRA_STAGES)[number] | ReplyStage;
export const LIBRARY_STAGES: LibraryStage[] = [...LADDER_STAGES, ...EXTRA_STAGES, ...REPLY_STAGES];

export function isReplyStage(stage: string): stage is ReplyStage {
	return (REPLY_STAGES as readonly string[]).includes(stage);
}

/**
 * The Stage that answers the item's reply: Render turns it into `reply_<reply.intent>` (and
 * `reply_already_paid_receipt` when the reply carried a receipt).
 */
export const REPLY_STAGE_KEY = 'reply';

/** The built-in stages that never name the debt: the number may not be the debtor's, or the debtor closed the channel. */
export const NO_DEBT_STAGES: readonly LibraryStage[] = ['number_confirmation', 'reply_opt_out', 'reply_wrong_person'];

/**
 * The negotiation and legal stages with the numbers: an item with an itemised debt (`debt`, from
 * Negotiation Offer) gets these built-in templates instead (its `stage` stays the ladder's).
 */
export const OFFER_STAGE_OF: Partial<Record<LibraryStage, LibraryStage>> = {
	negotiation_30d: 'negotiation_offer',
	legal_90d: 'legal_offer',
};

/** Keys of the aging-bucket ladder preset (Dunning Stage), answered by the closest built-in stage. */
export const STAGE_ALIASES: Record<string, LibraryStage> = {
	aging_1_30: 'overdue_3d',
	aging_31_60: 'negotiation_30d',
	aging_61_90: 'negotiation_30d',
	aging_90_plus: 'legal_90d',
};

/** The tone a stage gets when no segment chose one. */
export const DEFAULT_TONE_OF_STAGE: Record<LibraryStage, Tone> = {
	reminder_7d: 'friendly',
	reminder_1d: 'friendly',
	due_today: 'friendly',
	overdue_3d: 'friendly',
	overdue_6d: 'friendly',
	overdue_9d: 'firm',
	overdue_15d: 'firm',
	negotiation_30d: 'firm',
	legal_90d: 'formal',
	settled: 'friendly',
	number_confirmation: 'friendly',
	early_payment_offer: 'friendly',
	negotiation_offer: 'firm',
	legal_offer: 'formal',
	promise_reminder: 'friendly',
	reply_promise_to_pay: 'friendly',
	reply_already_paid: 'friendly',
	reply_already_paid_receipt: 'friendly',
	reply_negotiate: 'friendly',
	reply_payment_info: 'friendly',
	reply_opt_out: 'friendly',
	reply_dispute: 'formal',
	reply_human: 'friendly',
	reply_wrong_person: 'formal',
};

/**
 * A message template as written (built-in or by a user): Handlebars sources.
 * SMS: `text`. WhatsApp: `text` is the body; each `{{…}}` in it becomes a positional parameter of
 * the approved template `whatsappName`. E-mail: `subject`, `text`, and `html` (made from `text`
 * when not given).
 */
export interface TemplateSource {
	/** Which template this is, e.g. `overdue_3d.sms.pt-BR.friendly`; shown in errors and in the output. */
	key: string;
	channel: Channel;
	text: string;
	subject?: string;
	html?: string;
	whatsappName?: string;
	whatsappLanguage?: string;
	/** Meta category of a WhatsApp template. */
	whatsappCategory?: 'UTILITY' | 'MARKETING';
	/** The built-in WhatsApp template has the quick-reply buttons "already paid", "negotiate", "stop". */
	whatsappButtons?: boolean;
}

export function isTone(value: unknown): value is Tone {
	return value === 'friendly' || value === 'firm' || value === 'formal';
}

export function isChannel(value: unknown): value is Channel {
	return value === 'sms' || value === 'whatsapp' || value === 'email';
}
