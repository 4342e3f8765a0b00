/**
 * Classify Reply's core: what a debtor's reply means, how sure that is, and which words decided.
 *
 * Built once from the settings (`createReplyClassifier`), then `classify` per reply:
 * 1. A recognised button payload decides exactly (confidence 1).
 * 2. Otherwise the text (or the button's text) is read: quoted text of our message is cut, the
 *    rest tokenized once; our own instructions pasted back are masked; phrases are matched on
 *    the tokens (the longest wins an overlap), negated ones are set aside.
 * 3. Dates are read in the debtor's zone relative to when the reply was sent, and turn a reply
 *    into a promise only beside words of paying, or when they are the whole reply ("sexta").
 * 4. Confidence starts from the surest phrase and drops for questions ("já paguei?"), irony
 *    ("claro que vou pagar kkkk"), hedging ("acho que já paguei") and mixed intents; a reading
 *    below the threshold goes to `human`, except an opt-out, which is always honoured.
 *
 * Deterministic, no remote service, bounded work per reply, and `classify` never throws.
 */
import { type DateOrder, type DayNumber, isValidTimeZone, isoDate, weekday } from '../dates';
import { parseButtonPayload } from './buttons';
import { describeChoice, readChoice } from './choice';
import {
	DETERMINERS,
	FILLERS,
	INTENT_GROUPS,
	INTERJECTION_FOLLOWERS,
	LANGUAGE_WORDS,
	MARKER_GROUPS,
	NEGATION_BARRIERS,
	NEGATORS,
	NOT_NEGATABLE,
	NUMBER_WORDS,
	WORD_CLASSES,
} from './lexicon';

// Module-local bindings for what is read per token (an import can compile to a getter call).
const fillers = FILLERS;
const negators = NEGATORS;
const notNegatable = NOT_NEGATABLE;
const negationBarriers = NEGATION_BARRIERS;
const interjectionFollowers = INTERJECTION_FOLLOWERS;
const determiners = DETERMINERS;
const numberWords = NUMBER_WORDS;
import { type PhraseMatch, PhraseIndex, longestMatches } from './phrases';
import { type DateMention, WEEKDAY_NAMES, findDateMentions, ordinalValue } from './promiseDates';
import { resolveReplySettings } from './settings';
import { MAX_ANALYSED_CHARS, MAX_READ_CHARS, type ReplyTokens, stripQuotedText, tokenizeReply, withoutTokens, wordFlags, wordId } from './text';
import {
	INTENT_LABELS,
	type NegotiationOption,
	type OfferChoice,
	type ParsedButton,
	type PromiseRange,
	REPLY_INTENTS,
	type Reply,
	type ReplyClassifierSettings,
	type ReplyInput,
	type ReplyIntent,
	type ReplyLanguage,
} from './types';

export interface ReplyClassifier {
	classify(input: ReplyInput): Reply;
	readonly confidenceThreshold: number;
	readonly defaultTimeZone: string;
}

// ---------------------------------------------------------------------------------------------
// Compiled once per process

let builtIn: { intents: PhraseIndex; markers: PhraseIndex } | null = null;

function builtInIndexes(): { intents: PhraseIndex; markers: PhraseIndex } {
	if (!builtIn) builtIn = { intents: new PhraseIndex(INTENT_GROUPS), markers: new PhraseIndex(MARKER_GROUPS) };
	return builtIn;
}

/** Per word id: 1 Portuguese, 2 Spanish, 4 English (or several). */
const LANGUAGE_BITS = (() => {
	const pt = wordFlags(LANGUAGE_WORDS.pt, 1);
	const es = wordFlags(LANGUAGE_WORDS.es, 2);
	const en = wordFlags(LANGUAGE_WORDS.en, 4);
	const bits = new Uint8Array(Math.max(pt.length, es.length, en.length));
	for (let i = 0; i < bits.length; i++) bits[i] = (pt[i] ?? 0) | (es[i] ?? 0) | (en[i] ?? 0);
	return bits;
})();

const PRIORITY = new Map<ReplyIntent, number>(REPLY_INTENTS.map((intent, i) => [intent, i]));
/** Before a paid phrase in a question clause, these still leave the phrase at the question's head ("e eu já paguei?"). */
const QUESTION_HEAD_WORDS = new Set([...fillers, 'eu', 'i', 'yo', 'mas', 'but', 'pero']);
/** Opt-out keywords that count inside a sentence when shouted in capitals ("pago dia 10 SAIR"). */
const SHOUTED_KEYWORDS = new Set(['sair', 'parar', 'pare', 'baja', 'cancelar', 'basta', 'chega']);
const INSTALMENT_UNITS = new Set(WORD_CLASSES.instalmentUnit);
const OPTION_WORDS = new Set(['opcao', 'opcion', 'option', 'proposta', 'propuesta', 'plano', 'plan', 'alternativa', 'oferta', 'offer']);

/** Laughter with "claro que"/"sure" is irony; laughter alone only loosens a promise a little. */
const IRONY_PENALTY = 0.55;
const LAUGHTER_PENALTY = 0.15;
const SARCASM_WORD_PENALTY = 0.1;
const QUESTION_PENALTY: Partial<Record<ReplyIntent, number>> = { already_paid: 0.5, promise_to_pay: 0.1 };
const HEDGE_PENALTY: Partial<Record<ReplyIntent, number>> = { already_paid: 0.5, promise_to_pay: 0.3 };
/** A stated date makes a promise surer: the debtor named a day. */
const DATE_BONUS = 0.15;

// ---------------------------------------------------------------------------------------------
// Reading the input

interface MediaInfo {
	count: number;
	receiptLike: boolean;
	listenable: boolean;
	shown: string;
}

function readText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return String(value);
	return '';
}

const NO_MEDIA: Readonly<MediaInfo> = Object.freeze({ count: 0, receiptLike: false, listenable: false, shown: '' });

function readMedia(value: unknown): Readonly<MediaInfo> {
	if (!Array.isArray(value) || value.length === 0) return NO_MEDIA;
	const info: MediaInfo = { count: 0, receiptLike: false, listenable: false, shown: '' };
	for (const item of value.slice(0, 20)) {
		if (item === null || typeof item !== 'object') continue;
		const type = typeof (item as { type?: unknown }).type === 'string' ? ((item as { type: string }).type).toLowerCase() : '';
		const mime = typeof (item as { mime?: unknown }).mime === 'string' ? ((item as { mime: string }).mime).toLowerCase() : '';
		info.count++;
		if (!info.shown) info.shown = mime || type || 'a file';
		if (type === 'sticker' || mime === 'image/webp' && type !== 'image') continue;
		if (type === 'image' || type === 'document' || mime.startsWith('image/') || mime === 'application/pdf') info.receiptLike = true;
		else if (type === 'audio' || type === 'video' || type === 'voice' || mime.startsWith('audio/') || mime.startsWith('video/')) info.listenable = true;
	}
	return info;
}

function readLocale(value: unknown): ReplyLanguage | null {
	if (typeof value !== 'string') return null;
	const lang = value.trim().slice(0, 2).toLowerCase();
	return lang === 'pt' || lang === 'es' || lang === 'en' ? lang : null;
}

function detectLanguage(t: ReplyTokens, hint: ReplyLanguage | null): ReplyLanguage {
	let pt = 0;
	let es = 0;
	let en = 0;
	for (const id of t.ids) {
		const bits = id >= 0 && id < LANGUAGE_BITS.length ? LANGUAGE_BITS[id] : 0;
		if (bits === 1) pt++;
		else if (bits === 2) es++;
		else if (bits === 4) en++;
	}
	const best = Math.max(pt, es, en);
	if (best === 0) return hint ?? 'unknown';
	if (hint && ((hint === 'pt' && pt === best) || (hint === 'es' && es === best) || (hint === 'en' && en === best))) return hint;
	return pt === best ? 'pt' : es === best ? 'es' : 'en';
}

// ---------------------------------------------------------------------------------------------
// Reading the words

interface Hit {
	intent: ReplyIntent;
	weight: number;
	start: number;
	end: number;
	words: string;
	/** pt, es, en, "your extra phrases", or what else decided (a date, an attachment). */
	source: string;
	/** The phrase opens a question ("já paguei?"). */
	question: boolean;
	/** The phrase is somewhere in a question ("a que cuenta deposito?"). */
	inQuestion: boolean;
	flip: boolean;
	pastToPaid: boolean;
	instrument: boolean;
	hasStopAll: boolean;
}

interface Negated {
	words: string;
	negator: string;
}

function spanWords(t: ReplyTokens, start: number, end: number): string {
	return end - start === 1 ? t.surface[start] : t.surface.slice(start, end).join(' ');
}

const STOPALL_ID = wordId('stopall');

function hasStopAll(t: ReplyTokens, m: PhraseMatch): boolean {
	for (let k = m.start; k < m.end; k++) if (t.ids[k] === STOPALL_ID) return true;
	return false;
}

/** The matched words carry their own negation or assertion ("não quero mais receber", "ya pagué"). */
function carriesNegation(t: ReplyTokens, m: PhraseMatch): boolean {
	for (let k = m.start; k < m.end; k++) if (negators.has(t.canon[k]) || notNegatable.has(t.canon[k])) return true;
	return false;
}

function refusal(t: ReplyTokens, m: PhraseMatch, language: ReplyLanguage): Hit {
	return {
		intent: 'human',
		weight: 0.85,
		start: m.start,
		end: m.end,
		words: spanWords(t, m.start, m.end),
		source: language,
		question: false,
		inQuestion: false,
		flip: false,
		pastToPaid: false,
		instrument: false,
		hasStopAll: false,
	};
}

/** The negator that cancels a phrase starting at `start`, or null. */
function negationBefore(t: ReplyTokens, start: number, language: ReplyLanguage): string | null {
	const first = t.canon[start];
	if (first === 'ja' || first === 'ya' || first === 'already') return null; // "não, já paguei" typed without the comma
	const clause = t.clause[start];
	for (let k = start - 1, steps = 0; k >= 0 && steps < 3; k--, steps++) {
		if (t.clause[k] !== clause) return null;
		const w = t.canon[k];
		if (negationBarriers.has(w)) return null;
		if (!negators.has(w)) continue;
		if (w === 'no' && language === 'pt') continue; // Portuguese "no" is "in the"
		if ((w === 'no' || w === 'nao') && k === start - 1 && interjectionFollowers.has(first)) return null;
		return t.surface[k];
	}
	return null;
}

/** The phrase opens its clause and the clause is a question: "já paguei?", not "vc n viu q eu ja paguei?". */
function isQuestionHead(t: ReplyTokens, start: number): boolean {
	const clause = t.clause[start];
	if (!t.questionClause[clause]) return false;
	for (let k = start - 1; k >= 0 && t.clause[k] === clause; k--) if (!QUESTION_HEAD_WORDS.has(t.canon[k])) return false;
	return true;
}

function isShouted(t: ReplyTokens, m: PhraseMatch): boolean {
	if (m.end - m.start !== 1 || !t.upper[m.start] || !SHOUTED_KEYWORDS.has(t.canon[m.start])) return false;
	for (let k = 0; k < t.canon.length; k++) if (!t.upper[k] && /[a-z]{2}/.test(t.surface[k])) return true;
	return false;
}

interface Markers {
	scopeAll: string | null;
	irony: string | null;
	sarcasm: string | null;
	hedge: string | null;
	ownText: boolean;
}

function readMarkers(index: PhraseIndex, t: ReplyTokens): { markers: Markers; tokens: ReplyTokens } {
	const markers: Markers = { scopeAll: null, irony: null, sarcasm: null, hedge: null, ownText: false };
	const matches = index.matchAll(t);
	if (matches.length === 0) return { markers, tokens: t };
	let drop: Uint8Array | null = null;
	for (const m of matches) {
		const kind = m.phrase.group.marker;
		if (kind !== 'own_text' && kind !== 'own_clause') continue;
		drop ??= new Uint8Array(t.canon.length);
		const sentence = t.sentence[m.start];
		const clause = t.clause[m.start];
		for (let k = 0; k < t.canon.length; k++) if (kind === 'own_text' ? t.sentence[k] === sentence : t.clause[k] === clause) drop[k] = 1;
	}
	for (const m of matches) {
		if (drop && drop[m.start]) continue;
		const words = spanWords(t, m.start, m.end);
		switch (m.phrase.group.marker) {
			case 'scope_all':
				markers.scopeAll ??= words;
				break;
			case 'irony':
				markers.irony ??= words;
				break;
			case 'sarcasm':
				markers.sarcasm ??= words;
				break;
			case 'hedge':
				markers.hedge ??= words;
				break;
		}
	}
	if (!drop) return { markers, tokens: t };
	markers.ownText = true;
	return { markers, tokens: withoutTokens(t, drop) };
}

function optionFrom(t: ReplyTokens): NegotiationOption | null {
	const option: NegotiationOption = {};
	const n = t.canon.length;
	for (let i = 0; i < n; i++) {
		const w = t.canon[i];
		if (option.instalments === undefined) {
			if (w === '#x') option.instalments = parseInt(t.surface[i], 10);
			else if ((w === '#n' || numberWords[w] !== undefined) && i + 1 < n && INSTALMENT_UNITS.has(t.canon[i + 1])) {
				const value = w === '#n' ? parseInt(t.surface[i], 10) : numberWords[w];
				if (value >= 1 && value <= 99) option.instalments = value;
			}
		}
		if (option.choice === undefined && OPTION_WORDS.has(w)) {
			const next = i + 1 < n ? t.canon[i + 1] : '';
			const after = next === '#n' ? parseInt(t.surface[i + 1], 10) : (numberWords[next] ?? (/^[abc]$/.test(next) && t.canon[i + 2] !== 'vista' ? next.charCodeAt(0) - 96 : NaN));
			const before = i > 0 ? (t.canon[i - 1] === '#o' ? parseInt(t.surface[i - 1], 10) : ordinalValue(t.canon[i - 1])) : undefined;
			const choice = Number.isInteger(after) && after >= 1 && after <= 20 && !(i + 2 < n && INSTALMENT_UNITS.has(t.canon[i + 2])) ? after : before;
			if (choice !== undefined && Number.isInteger(choice) && choice >= 1 && choice <= 20) option.choice = choice;
		}
	}
	if (option.instalments !== undefined && !(option.instalments >= 1 && option.instalments <= 99)) delete option.instalments;
	return option.instalments === undefined && option.choice === undefined ? null : option;
}

// ---------------------------------------------------------------------------------------------
// Writing the answer

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`: up to three different words, in order. */
function quoted(list: string[]): string {
	let a = '';
	let b = '';
	let c = '';
	for (const w of list) {
		if (a === '') a = w;
		else if (w !== a && b === '') b = w;
		else if (w !== a && w !== b && c === '') c = w;
	}
	if (b === '') return `"${a}"`;
	return c === '' ? `"${a}" and "${b}"` : `"${a}", "${b}" and "${c}"`;
}

function sourceLabel(source: string): string {
	return source === 'user' ? 'your extra phrases' : source;
}

function dayLabel(day: DayNumber): string {
	return `${WEEKDAY_NAMES[weekday(day)]} ${isoDate(day)}`;
}

function round2(x: number): number {
	return Math.round(x * 100) / 100;
}

function clamp(x: number, lo: number, hi: number): number {
	return x < lo ? lo : x > hi ? hi : x;
}

function emptyReply(language: ReplyLanguage, reasons: string, confidence: number, intent: ReplyIntent = 'other'): Reply {
	return {
		intent,
		intents: [intent],
		confidence,
		promiseDate: null,
		promiseRange: null,
		language,
		reasons,
		receipt: false,
		optOutScope: null,
		option: null,
		choice: null,
		button: null,
	};
}

interface Context {
	intents: PhraseIndex;
	/** The user's extra phrases, in an index of their own (the built-in one is shared, never copied). */
	userIntents: PhraseIndex | null;
	markers: PhraseIndex;
	threshold: number;
	zone: string;
}

function buttonReply(parsed: ParsedButton, payload: string, input: ReplyInput, media: Readonly<MediaInfo>): Reply {
	const text = readText(input.text) || readText(input.buttonText);
	const hint = readLocale(input.locale);
	const language = text ? detectLanguage(tokenizeReply(text.slice(0, MAX_ANALYSED_CHARS)), hint) : (hint ?? 'unknown');
	const reply = emptyReply(language, '', 1, parsed.intent);
	reply.button = parsed;
	const shown = payload.length > 60 ? `${payload.slice(0, 60)}…` : payload;
	let reasons = `Button: the payload "${shown}" means ${INTENT_LABELS[parsed.intent].toLowerCase()}`;
	reasons += parsed.key === null ? ' (a standard payload, no message key)' : ` (message ${parsed.key})`;
	if (parsed.intent === 'opt_out') {
		reply.optOutScope = parsed.option?.scope === 'all' ? 'all' : 'channel';
		if (reply.optOutScope === 'all') reasons += ', on every channel';
	}
	if (parsed.intent === 'negotiate' && parsed.option) {
		const option: NegotiationOption = {};
		if (parsed.option.instalments !== undefined) option.instalments = parsed.option.instalments;
		if (parsed.option.choice !== undefined) option.choice = parsed.option.choice;
		if (option.instalments !== undefined || option.choice !== undefined) reply.option = option;
		const choice: OfferChoice = {};
		if (parsed.option.choice !== undefined) choice.option = parsed.option.choice;
		if (parsed.option.instalments !== undefined) choice.instalments = parsed.option.instalments;
		if (parsed.option.settlement) choice.settlement = true;
		if (Object.keys(choice).length > 0) {
			reply.choice = choice;
			reasons += `, choosing ${describeChoice(choice)}`;
		}
	}
	if (parsed.intent === 'already_paid' && media.receiptLike) {
		reply.receipt = true;
		reasons += `, with a receipt attached (${media.shown})`;
	}
	reply.reasons = `${reasons}.`;
	return reply;
}

function readReply(ctx: Context, input: ReplyInput): Reply {
	const media = readMedia(input.media);
	const payload = input.buttonPayload;
	const parsed = parseButtonPayload(payload);
	if (parsed) return buttonReply(parsed, String(payload).trim(), input, media);

	const notes: string[] = [];
	let text = readText(input.text);
	if (text.trim() === '') {
		const buttonText = readText(input.buttonText);
		if (buttonText.trim() !== '') {
			text = buttonText;
			notes.push('the button\'s text was read');
		}
	}
	if (typeof payload === 'string' && payload.trim() !== '') {
		const shown = payload.trim().length > 40 ? `${payload.trim().slice(0, 40)}…` : payload.trim();
		notes.push(`the button payload "${shown}" is not one this package defines`);
	}
	const hint = readLocale(input.locale);

	if (text.trim() === '') return mediaOnlyReply(media, hint, notes);

	let truncated = false;
	if (text.length > MAX_READ_CHARS) {
		text = text.slice(0, MAX_READ_CHARS);
		truncated = true;
	}
	const stripped = stripQuotedText(text);
	if (stripped.stripped) notes.push('the quoted text of our message was ignored');
	text = stripped.text;
	if (text.length > MAX_ANALYSED_CHARS) {
		text = text.slice(0, MAX_ANALYSED_CHARS);
		truncated = true;
	}
	if (truncated) notes.push(`only the first ${MAX_ANALYSED_CHARS.toLocaleString('en-US')} characters were read`);

	const read = readMarkers(ctx.markers, tokenizeReply(text));
	const t = read.tokens;
	const markers = read.markers;
	if (markers.ownText) notes.push('our own message\'s instructions, pasted back, were ignored');
	const language = detectLanguage(t, hint);

	if (t.canon.length === 0) {
		if (media.count > 0) return mediaOnlyReply(media, hint, notes, language);
		const what = t.laughter > 0 ? 'only laughter' : t.emojis > 0 ? 'only emojis' : 'no words';
		return emptyReply(language, finish(`Other: ${what}`, notes), 0.9);
	}

	// Phrases: alone-keywords only alone (or shouted), the longest of overlapping phrases, negated ones aside.
	const all = ctx.intents.matchAll(t);
	if (ctx.userIntents) for (const m of ctx.userIntents.matchAll(t)) all.push(m);
	const valid: PhraseMatch[] = [];
	for (const m of all) {
		const group = m.phrase.group;
		if (group.verbOnly && m.start > 0 && determiners.has(t.canon[m.start - 1])) continue; // "ficha de pago": a noun
		if (!group.alone || ctx.intents.standsAlone(t, m) || isShouted(t, m)) valid.push(m);
	}
	const chosen = longestMatches(valid, t.canon.length);
	const hits: Hit[] = [];
	const negated: Negated[] = [];
	for (const m of chosen) {
		const group = m.phrase.group;
		const words = spanWords(t, m.start, m.end);
		const negator = m.phrase.negatable && !carriesNegation(t, m) ? negationBefore(t, m.start, language) : null;
		if (negator !== null) {
			negated.push({ words, negator });
			// "não vou pagar", "no les voy a pagar": a promise refused is for a person to handle.
			if (group.intent === 'promise_to_pay' && group.weight >= 0.9) {
				hits.push({ ...refusal(t, m, language), words: `${negator} ${words}` });
			}
			continue;
		}
		hits.push({
			intent: group.intent as ReplyIntent,
			weight: group.weight,
			start: m.start,
			end: m.end,
			words,
			source: group.lang === 'any' ? language : group.lang,
			question: isQuestionHead(t, m.start),
			inQuestion: t.questionClause[t.clause[m.start]] === true,
			flip: group.flip === true,
			pastToPaid: group.pastToPaid === true,
			instrument: group.instrument === true,
			hasStopAll: hasStopAll(t, m),
		});
	}

	// Dates, in the debtor's zone on the day the reply was sent (worked out only if a date needs it).
	let zone = ctx.zone;
	let badZone = false;
	if (typeof input.timezone === 'string' && input.timezone !== '') {
		if (isValidTimeZone(input.timezone)) zone = input.timezone;
		else if (isValidTimeZone(input.timezone.trim())) zone = input.timezone.trim();
		else badZone = input.timezone.trim() !== '';
	}
	const order: DateOrder = (language === 'unknown' ? hint : language) === 'en' ? 'mdy' : 'dmy';
	const dates = findDateMentions(t, input.at, zone, order);
	let mentions: DateMention[] = dates.mentions;
	const today: DayNumber | null = dates.today;
	if (mentions.length > 0) {
		if (badZone) notes.push(`"${String(input.timezone)}" is not a time zone, so dates were read in ${ctx.zone}`);
		if (today === null) {
			notes.push('the reply has no valid time (at), so its dates were not read');
			mentions = [];
		}
	}
	const day = today ?? 0;
	// "até sexta tá pago", "ja pago amanhã": paid words before a later day are a promise.
	for (const hit of hits) {
		if (!hit.flip || hit.intent !== 'already_paid') continue;
		if (mentions.some((m) => isLater(m, day) && t.sentence[m.start] === t.sentence[hit.start])) {
			hit.intent = 'promise_to_pay';
			hit.weight = 0.8;
		}
	}
	// "pago desde o dia 25", "pagado ayer": the word for paying beside a day that passed means paid.
	for (const hit of hits) {
		if (!hit.pastToPaid || hit.intent !== 'promise_to_pay') continue;
		const sameSentence = mentions.filter((m) => t.sentence[m.start] === t.sentence[hit.start] && !m.due);
		if (sameSentence.some((m) => m.kind === 'past') && !sameSentence.some((m) => isUsable(m, day))) {
			hit.intent = 'already_paid';
			hit.weight = 0.8;
		}
	}
	// A promise with no day, asked as a question beside another intent, asks about that intent
	// ("¿puedo pagar en Oxxo?"); beside negotiation words, it is the negotiation ("consigo pagar 50 por mês").
	if (hasIntent(hits, 'promise_to_pay') && !mentions.some((m) => isUsable(m, day) && !m.vague)) {
		const others = hits.some((h) => h.intent !== 'promise_to_pay' && h.intent !== 'other');
		for (let i = hits.length - 1; i >= 0; i--) {
			const h = hits[i];
			if (h.intent === 'promise_to_pay' && ((h.inQuestion && others) || hasIntent(hits, 'negotiate'))) hits.splice(i, 1);
		}
	}
	// "paguei pelo pix": the instrument of a payment made or promised, not a request for it.
	if (hasIntent(hits, 'already_paid') || hasIntent(hits, 'promise_to_pay')) {
		for (let i = hits.length - 1; i >= 0; i--) if (hits[i].instrument) hits.splice(i, 1);
	}
	// A date turns into a promise beside paid words (the rest, later) or when it is the whole reply.
	if (!hasIntent(hits, 'promise_to_pay') && mentions.length > 0) {
		const firstUsable = mentions.find((m) => isUsable(m, day));
		const paidHits = hits.filter((h) => h.intent === 'already_paid');
		// "I paid this on Monday": a day in the paid words' own clause is when they paid.
		const laterApart = mentions.find((m) => isLater(m, day) && paidHits.every((h) => apart(t, h, m)));
		if (paidHits.length > 0 && laterApart) {
			hits.push(dateHit(laterApart, 0.7, language));
		} else if (firstUsable && hits.every((h) => h.intent === 'other') && contentWords(t, mentions) <= 1) {
			hits.push(dateHit(firstUsable, 0.75, language));
		}
	}
	// The choice of an offer's option ("quero em 3x", "a segunda", "à vista"): a negotiation, which
	// outweighs "quero pagar" (payment info) and a promise that names no day ("pago à vista").
	const picked = readChoice(t, language);
	if (picked && !hits.some((h) => h.intent === 'opt_out' || h.intent === 'wrong_person' || h.intent === 'dispute' || h.intent === 'already_paid' || h.intent === 'human')) {
		const dated = mentions.some((m) => isUsable(m, day));
		for (let i = hits.length - 1; i >= 0; i--) if (hits[i].intent === 'payment_info' || (hits[i].intent === 'promise_to_pay' && !dated)) hits.splice(i, 1);
		if (!hasIntent(hits, 'negotiate')) {
			hits.push({ intent: 'negotiate', weight: 0.9, start: picked.start, end: picked.end, words: picked.words.join(' '), source: language === 'unknown' ? 'a choice' : language, question: false, inQuestion: false, flip: false, pastToPaid: false, instrument: false, hasStopAll: false });
		}
	}
	if (hits.some((h) => h.intent !== 'other')) for (let i = hits.length - 1; i >= 0; i--) if (hits[i].intent === 'other') hits.splice(i, 1);

	// An attachment: a receipt beside paid words, or on its own beside words of no intent.
	let receipt = false;
	if (media.receiptLike) {
		if (hasIntent(hits, 'already_paid')) receipt = true;
		else if (hits.every((h) => h.intent === 'other')) {
			hits.length = 0;
			hits.push({ intent: 'already_paid', weight: 0.6, start: 0, end: 0, words: '', source: 'attachment', question: false, inQuestion: false, flip: false, pastToPaid: false, instrument: false, hasStopAll: false });
			receipt = true;
		}
	}

	if (hits.length === 0) {
		let reason = 'Other: no words of any intent were found';
		if (negated.length > 0) reason = `Other: ${quoted(negated.map((n) => n.words))} ${negated.length > 1 ? 'are' : 'is'} negated ("${negated[0].negator}")`;
		if (media.listenable) return emptyReply(language, finish(`Human: a ${media.shown} came with words of no intent; a person listens to it`, notes), 0.6, 'human');
		return emptyReply(language, finish(reason, notes), 0.5);
	}

	const intents: ReplyIntent[] = [];
	for (const h of hits) if (!intents.includes(h.intent)) intents.push(h.intent);
	if (intents.length > 1) intents.sort((a, b) => (PRIORITY.get(a) as number) - (PRIORITY.get(b) as number));
	const primary = intents[0];
	const primaryHits = hits.filter((h) => h.intent === primary);
	const top = primaryHits.reduce((a, b) => (b.weight > a.weight ? b : a));

	// Promise date: the earliest day not yet past; else the earliest range; no day is invented.
	let promiseDate: string | null = null;
	let promiseRange: PromiseRange | null = null;
	let promiseNote = '';
	if (intents.includes('promise_to_pay') && today !== null) {
		// The day said with the paying words ("não vou sair hoje, pago amanhã": tomorrow), else the earliest.
		const promiseHits = hits.filter((h) => h.intent === 'promise_to_pay');
		const days = mentions.filter((m) => m.kind === 'day' && isUsable(m, day));
		const ranges = mentions.filter((m) => m.kind === 'range' && isUsable(m, day));
		if (days.length > 1) days.sort((a, b) => closeness(t, promiseHits, a) - closeness(t, promiseHits, b) || (a.day as number) - (b.day as number));
		if (ranges.length > 1) ranges.sort((a, b) => closeness(t, promiseHits, a) - closeness(t, promiseHits, b) || (a.from as number) - (b.from as number));
		if (days.length > 0) {
			promiseDate = isoDate(days[0].day as number);
			promiseNote = `promised for ${dayLabel(days[0].day as number)} ("${days[0].words}")`;
		} else if (ranges.length > 0) {
			const r = ranges[0];
			promiseRange = { from: isoDate(r.from as number), to: isoDate(r.to as number), label: r.label ?? r.words };
			promiseNote = `promised for ${promiseRange.label} (${promiseRange.from} to ${promiseRange.to}), no day named`;
		} else {
			const problem = mentions.find((m) => (m.kind === 'invalid' || m.kind === 'past') && !m.due);
			promiseNote = problem ? `no date: ${problem.problem}` : 'no date named';
		}
	} else if (intents.includes('promise_to_pay')) {
		promiseNote = 'no date named';
	}

	// Confidence.
	let confidence = top.weight + Math.min(0.06, 0.03 * (primaryHits.length - 1));
	if (primary === 'promise_to_pay' && (promiseDate || promiseRange)) confidence = Math.min(0.95, confidence + DATE_BONUS);
	if (primary === 'already_paid' && receipt && top.source !== 'attachment') confidence += 0.05;
	const doubts: string[] = [];
	if (primaryHits.every((h) => h.question) && QUESTION_PENALTY[primary]) {
		confidence -= QUESTION_PENALTY[primary] as number;
		doubts.push('it is a question');
	}
	if (primary === 'already_paid' || primary === 'promise_to_pay') {
		const laughs = t.laughter > 0 || t.sarcasmEmoji > 0;
		if (markers.irony || (laughs && markers.sarcasm)) {
			confidence -= IRONY_PENALTY;
			doubts.push(`it reads as irony (${quoted([markers.irony ?? markers.sarcasm ?? ''])} ${laughs ? 'with laughter' : ''})`.replace(' )', ')'));
		} else if (laughs) {
			confidence -= LAUGHTER_PENALTY;
			doubts.push('it comes with laughter');
		} else if (markers.sarcasm && primary === 'promise_to_pay') {
			confidence -= SARCASM_WORD_PENALTY;
		}
		if (markers.hedge && HEDGE_PENALTY[primary]) {
			confidence -= HEDGE_PENALTY[primary] as number;
			doubts.push(`it is hedged ("${markers.hedge}")`);
		}
	}
	if (intents.length > 1) confidence -= primary === 'opt_out' ? 0.15 : 0.05 * Math.min(2, intents.length - 1);
	if (truncated) confidence -= 0.1;
	confidence = round2(clamp(confidence, 0.05, 0.99));

	// The reason, in one sentence.
	const via = top.source === 'attachment' ? `an attachment (${media.shown}) with no words of another intent, most likely a receipt` : `the words ${quoted(primaryHits.map((h) => h.words))} (${sourceLabel(top.source)})`;
	let main = `${INTENT_LABELS[primary]}: ${via}`;
	if (primary === 'promise_to_pay' && promiseNote) main += `, ${promiseNote}`;
	if (primary === 'already_paid' && receipt && top.source !== 'attachment') main += `, with a receipt attached (${media.shown})`;
	let optOutScope: 'channel' | 'all' | null = null;
	if (primary === 'opt_out') {
		optOutScope = markers.scopeAll || hits.some((h) => h.hasStopAll) ? 'all' : 'channel';
		if (optOutScope === 'all') main += `, on every channel ("${markers.scopeAll ?? 'stopall'}")`;
	}
	const option = intents.includes('negotiate') ? optionFrom(t) : null;
	const choice = intents.includes('negotiate') && picked ? picked.choice : null;
	if (choice && primary === 'negotiate') main += `, choosing ${describeChoice(choice)} (${quoted(picked?.words ?? [])})`;
	else if (option && primary === 'negotiate') main += `, ${describeOption(option)}`;
	const extras: string[] = [];
	for (const intent of intents.slice(1)) {
		const these = hits.filter((h) => h.intent === intent);
		let extra = `also ${INTENT_LABELS[intent].toLowerCase()} (${quoted(these.map((h) => h.words || 'the attachment'))})`;
		if (intent === 'promise_to_pay' && promiseNote) extra += `, ${promiseNote}`;
		if (intent === 'negotiate' && choice) extra += `, choosing ${describeChoice(choice)} (${quoted(picked?.words ?? [])})`;
		else if (intent === 'negotiate' && option) extra += `, ${describeOption(option)}`;
		extras.push(extra);
	}
	for (const n of negated) extras.push(`"${n.words}" is negated ("${n.negator}") and does not count`);

	let intent: ReplyIntent = primary;
	let finalIntents = intents;
	if (primary !== 'opt_out' && primary !== 'other' && confidence < ctx.threshold) {
		// Doubtful: a person decides. An opt-out is never handed over: it is honoured at once.
		intent = 'human';
		finalIntents = ['human', ...intents.filter((i) => i !== 'human')];
		const why = doubts.length > 0 ? doubts.join(' and ') : 'the words are not clear enough';
		main = `Human: the reading "${INTENT_LABELS[primary].toLowerCase()}" (${quoted(primaryHits.map((h) => h.words))}, ${sourceLabel(top.source)}) is doubtful because ${why}; confidence ${confidence} is below ${ctx.threshold}`;
	} else if (doubts.length > 0) {
		extras.unshift(`less sure because ${doubts.join(' and ')}`);
	}

	return {
		intent,
		intents: finalIntents,
		confidence,
		promiseDate: finalIntents.includes('promise_to_pay') ? promiseDate : null,
		promiseRange: finalIntents.includes('promise_to_pay') ? promiseRange : null,
		language,
		reasons: finish(main, extras.length === 0 ? notes : notes.length === 0 ? extras : extras.concat(notes)),
		receipt,
		optOutScope,
		option,
		choice: finalIntents.includes('negotiate') ? choice : null,
		button: null,
	};
}

function describeOption(option: NegotiationOption): string {
	const parts: string[] = [];
	if (option.instalments !== undefined) parts.push(`${option.instalments} instalments`);
	if (option.choice !== undefined) parts.push(`option ${option.choice}`);
	return parts.join(', ');
}

function dateHit(m: DateMention, weight: number, language: ReplyLanguage): Hit {
	return {
		intent: 'promise_to_pay',
		weight,
		start: m.start,
		end: m.end,
		words: m.words,
		source: language === 'unknown' ? 'a date' : language,
		question: false,
		inQuestion: false,
		flip: false,
		pastToPaid: false,
		instrument: false,
		hasStopAll: false,
	};
}

function hasIntent(hits: Hit[], intent: ReplyIntent): boolean {
	for (const h of hits) if (h.intent === intent) return true;
	return false;
}

/** A day not yet past (or a range not yet over), and not a due date the debtor refers to. */
function isUsable(m: DateMention, today: DayNumber): boolean {
	return !m.due && ((m.kind === 'day' && (m.day as number) >= today) || (m.kind === 'range' && (m.to as number) >= today));
}

/** A day after today, or a range. */
function isLater(m: DateMention, today: DayNumber): boolean {
	return !m.due && ((m.kind === 'day' && (m.day as number) > today) || m.kind === 'range');
}

/** 0: the date is in a promise's clause; 1: in its sentence; 2: elsewhere. */
function closeness(t: ReplyTokens, promiseHits: Hit[], m: DateMention): number {
	let best = 2;
	for (const h of promiseHits) {
		if (t.clause[h.start] === t.clause[m.start]) return 0;
		if (t.sentence[h.start] === t.sentence[m.start]) best = 1;
	}
	return best;
}

/** The date is in another clause than the phrase, or after "e"/"mas"/"and"/"but": "paguei metade, o resto dia 15". */
function apart(t: ReplyTokens, hit: Hit, m: DateMention): boolean {
	const [from, to] = hit.end <= m.start ? [hit.end, m.start] : [m.end, hit.start];
	if (t.clause[hit.start] !== t.clause[m.start]) return true;
	for (let k = from; k < to; k++) if (negationBarriers.has(t.canon[k])) return true;
	return false;
}

/** Words outside the dates that carry meaning: "sexta" has none, "hoje está chovendo" has two. */
function contentWords(t: ReplyTokens, mentions: DateMention[]): number {
	let count = 0;
	for (let k = 0; k < t.canon.length; k++) {
		if (fillers.has(t.canon[k])) continue;
		if (mentions.some((m) => k >= m.start && k < m.end)) continue;
		count++;
	}
	return count;
}

function mediaOnlyReply(media: Readonly<MediaInfo>, hint: ReplyLanguage | null, notes: string[], language: ReplyLanguage = hint ?? 'unknown'): Reply {
	if (media.count === 0) return emptyReply(language, finish('Other: the reply has no text, button or media', notes), 0.9);
	if (media.receiptLike) {
		// An image or PDF sent on its own to a collections number is most often a payment receipt.
		// Holding the ladder a few days on a photo that is not one costs little; charging a debtor
		// who paid costs much more (CDC art. 42), and the team checks every receipt anyway.
		const reply = emptyReply(language, finish(`Already paid: an attachment (${media.shown}) with no text, most likely a payment receipt; a person checks it`, notes), 0.6, 'already_paid');
		reply.receipt = true;
		return reply;
	}
	if (media.listenable) return emptyReply(language, finish(`Human: a ${media.shown} with no text; a person listens to it`, notes), 0.6, 'human');
	return emptyReply(language, finish(`Other: an attachment (${media.shown}) with no text`, notes), 0.6);
}

function finish(main: string, extras: string[]): string {
	let sentence = main;
	for (const extra of extras) sentence += `; ${extra}`;
	return `${sentence}.`;
}

/**
 * A classifier compiled once from the settings. Throws {@link InvalidSettingError} naming the
 * setting when one cannot be used; `classify` itself never throws.
 */
export function createReplyClassifier(settings: ReplyClassifierSettings = {}): ReplyClassifier {
	const resolved = resolveReplySettings(settings);
	const base = builtInIndexes();
	const ctx: Context = {
		intents: base.intents,
		userIntents: resolved.userGroups.length > 0 ? new PhraseIndex(resolved.userGroups) : null,
		markers: base.markers,
		threshold: resolved.confidenceThreshold,
		zone: resolved.defaultTimeZone,
	};
	return {
		confidenceThreshold: resolved.confidenceThreshold,
		defaultTimeZone: resolved.defaultTimeZone,
		classify(input: ReplyInput): Reply {
			try {
				return readReply(ctx, input !== null && typeof input === 'object' ? input : {});
			} catch (error) {
				// A bug here must not lose a debtor's reply: a person reads it.
				const message = error instanceof Error ? error.message : String(error);
				return emptyReply('unknown', `Human: the reply could not be read (${message.slice(0, 120)}); a person reads it.`, 0, 'human');
			}
		},
	};
}

let defaultClassifier: ReplyClassifier | null = null;

/** Classifies with the default settings (no extra phrases, threshold 0.5, America/Sao_Paulo). */
export function classifyReply(input: ReplyInput): Reply {
	defaultClassifier ??= createReplyClassifier();
	return defaultClassifier.classify(input);
}
