/**
 * The vocabulary of a debtor's reply, as Classify Reply reads it: what the debtor means (an intent
 * the collections team acts on), how sure the reading is, and the facts it carries (a promised
 * date, a receipt, an opt-out's scope, a negotiation option, a tapped button).
 */

/**
 * What a reply asks the team to do. Listed in priority order: when a reply carries several, the
 * first one here is the reply's `intent`. Opt-out comes first because a missed one breaks the law;
 * a wrong number and a dispute stop collection before anything else is done.
 */
export type ReplyIntent =
	| 'opt_out'
	| 'wrong_person'
	| 'dispute'
	| 'already_paid'
	| 'promise_to_pay'
	| 'human'
	| 'negotiate'
	| 'payment_info'
	| 'other';

export const REPLY_INTENTS: readonly ReplyIntent[] = [
	'opt_out',
	'wrong_person',
	'dispute',
	'already_paid',
	'promise_to_pay',
	'human',
	'negotiate',
	'payment_info',
	'other',
];

/** Display names, for reasons and for the node's outputs. */
export const INTENT_LABELS: Readonly<Record<ReplyIntent, string>> = {
	opt_out: 'Opt-out',
	wrong_person: 'Wrong person',
	dispute: 'Dispute',
	already_paid: 'Already paid',
	promise_to_pay: 'Promise to pay',
	human: 'Human',
	negotiate: 'Negotiate',
	payment_info: 'Payment info',
	other: 'Other',
};

export type ReplyLanguage = 'pt' | 'es' | 'en' | 'unknown';

/** A promise stated as a span of days ("semana que vem"): the ladder holds until `to`, no day is invented. */
export interface PromiseRange {
	from: string;
	to: string;
	label: string;
}

/** The offer a debtor picks when negotiating: "quero em 3x" (instalments), "opção 2" (choice). */
export interface NegotiationOption {
	instalments?: number;
	choice?: number;
}

/**
 * Which option of an offer the debtor chose: "quero em 3x" `{ instalments: 3 }`, "opção 2" / "a segunda"
 * `{ option: 2 }` (1-based, in the order the offer listed them), "à vista" / "pay in full" `{ settlement: true }`.
 * A reply that names two ("opção 2, em 3x") carries both, and the offer must agree with both.
 */
export interface OfferChoice {
	instalments?: number;
	option?: number;
	settlement?: true;
}

/** What a quick-reply button carries besides its intent: a negotiation option (or the settlement), or "all channels" for an opt-out. */
export interface ButtonOption extends NegotiationOption {
	settlement?: true;
	scope?: 'all';
}

export interface ParsedButton {
	intent: ReplyIntent;
	/** The message key the button was sent with; null for a provider alias such as `PAID`. */
	key: string | null;
	option?: ButtonOption;
}

export interface ReplyMedia {
	type?: string;
	mime?: string;
}

/** One reply, as the Dunning Events trigger gives it (every field may be missing or of the wrong type). */
export interface ReplyInput {
	text?: unknown;
	buttonPayload?: unknown;
	buttonText?: unknown;
	media?: ReplyMedia[] | null;
	/** When the debtor sent it: an ISO instant or epoch milliseconds. Relative dates ("amanhã") count from it. */
	at?: unknown;
	/** The debtor's IANA time zone; the classifier's default zone when missing or not a zone. */
	timezone?: string;
	/** A hint (pt-BR, es-MX, en-US): used when the words do not say which language, and never against them. */
	locale?: unknown;
}

export interface Reply {
	intent: ReplyIntent;
	/** Every intent found, in priority order; `human` first when a doubtful reading was handed to a person. */
	intents: ReplyIntent[];
	/** 0..1, two decimals. For a reading handed to `human`, the confidence of that reading. */
	confidence: number;
	/** The promised day (ISO), only when the reply promises to pay and names a day that exists and is not past. */
	promiseDate: string | null;
	promiseRange: PromiseRange | null;
	language: ReplyLanguage;
	/** One sentence: which words or which button decided, and anything the team should know about the reading. */
	reasons: string;
	/** A payment receipt is attached (a photo or PDF with paid words, or on its own). */
	receipt: boolean;
	/** For an opt-out: this channel only, or every channel because the words say so. Null otherwise. */
	optOutScope: 'channel' | 'all' | null;
	option: NegotiationOption | null;
	/** For a negotiation: the option of the offer the debtor chose, when the words or the button name one. Null otherwise ("quero negociar"). */
	choice: OfferChoice | null;
	/** The parsed payload, when a recognised button decided the reply. */
	button: ParsedButton | null;
}

/** What the user sets on the canvas. Text settings are comma- or newline-separated lists. */
export interface ReplyClassifierSettings {
	/** Extra words or phrases per intent, e.g. `{ already_paid: 'paguei na lotérica, tá quitado' }`. */
	extraPhrases?: Partial<Record<ReplyIntent, unknown>>;
	/** Extra opt-out words, honoured wherever they appear (unless negated). */
	extraOptOutWords?: unknown;
	/** Below this confidence a reading goes to `human` (opt-outs never do). Default 0.5. */
	confidenceThreshold?: unknown;
	/** The zone for replies without a valid `timezone`. Default America/Sao_Paulo. */
	defaultTimeZone?: unknown;
}
