/**
 * Reading a reply's text once: the quoted text of our own message is cut away, then the rest is
 * turned into tokens in a single pass over the characters (lower case, accents folded, letters
 * repeated for emphasis collapsed, slang and typos mapped to one spelling), with the clause and
 * sentence each token belongs to, so that a negation or a question stays inside its clause.
 */
import { CANONICAL, VOCABULARY } from './lexicon';

/** Raw characters looked at, quotes included: a debtor's reply is short, a pasted e-mail thread is not. */
export const MAX_READ_CHARS = 4000;
/** Characters analysed after quotes are cut: bounded work per reply whatever arrives. */
export const MAX_ANALYSED_CHARS = 1000;

export interface ReplyTokens {
	/** Canonical words: what phrases are matched against ("pagei" → "paguei", "vc" → "voce", "15/12" → "#d"). */
	canon: string[];
	/** The words as written, lower case and without accents: what reasons quote and dates read. */
	surface: string[];
	/** Soft clause of each token (commas, colons, brackets and sentence ends separate clauses). */
	clause: number[];
	/** Sentence of each token (. ! ? ; and line breaks separate sentences). */
	sentence: number[];
	/** Tokens written in capitals (two letters or more), e.g. a shouted SAIR. */
	upper: boolean[];
	/** Per clause: it ends with a question mark or opens with ¿. */
	questionClause: boolean[];
	/** "kkkk", "jajaja", "lol", 😂: laughter, which turns a promise into irony. */
	laughter: number;
	/** 🙄 🙃 😏: sarcasm shown with an emoji. */
	sarcasmEmoji: number;
	emojis: number;
}

// ---------------------------------------------------------------------------------------------
// Quoted text

const EMAIL_HEADER =
	/^(?:on\s.{4,160}\swrote:|em\s.{4,160}\sescreveu:|el\s.{4,160}\sescribi[oó]:|-{2,}\s*(?:original message|mensagem original|mensaje original)\s*-{2,}|(?:de|from):\s.{1,160}(?:enviad[oa]|sent):.*)\s*$/i;
/** A WhatsApp conversation copied and pasted: "[02/12/2026 09:15] ACME Cobranças: …". */
const WHATSAPP_COPY = /^\[\d{1,2}[:/.]\d{1,2}[^\]]{0,30}\]\s*[^:]{1,60}:/;
/** A whole line in quotation marks, long enough to be a message rather than a word the debtor stresses. */
const QUOTED_LINE = /^["“«'].{30,}["”»']$/;

export interface StrippedText {
	text: string;
	stripped: boolean;
}

/**
 * Removes what the debtor quoted of our message: lines starting with ">", an e-mail's quoted
 * history (from its "On … wrote:" line on), lines of a pasted WhatsApp conversation and whole
 * lines in quotation marks. Our template's own opt-out instruction pasted back inline ("Responda
 * SAIR para …") is removed later, from the tokens.
 */
export function stripQuotedText(text: string): StrippedText {
	if (text.indexOf('\n') < 0 && !/^\s*[>»["“«]/.test(text)) return { text, stripped: false };
	const lines = text.split(/\r?\n/);
	const kept: string[] = [];
	let stripped = false;
	let written = false;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i].trim();
		if (line === '') {
			kept.push('');
			continue;
		}
		const withNext = i + 1 < lines.length ? `${line} ${lines[i + 1].trim()}` : line;
		const header = EMAIL_HEADER.test(line);
		if (header || (line.length < 200 && EMAIL_HEADER.test(withNext) && !EMAIL_HEADER.test(lines[i + 1].trim()))) {
			stripped = true;
			// Written above the quoted history (the usual e-mail reply): the rest is history. Written
			// below it: skip the header and keep reading, the ">" lines are dropped one by one.
			if (written) break;
			if (!header) i++;
			continue;
		}
		if (line[0] === '>' || line[0] === '»' || WHATSAPP_COPY.test(line) || QUOTED_LINE.test(line)) {
			stripped = true;
			continue;
		}
		kept.push(lines[i]);
		written = true;
	}
	return stripped ? { text: kept.join('\n'), stripped } : { text, stripped: false };
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** Latin-1 and Latin Extended-A/B letters folded to a-z (0 when not a letter); upper-case flags beside. */
const FOLD = new Uint8Array(0x250);
const FOLD_UPPER = new Uint8Array(0x250);
(() => {
	for (let c = 0x41; c <= 0x5a; c++) {
		FOLD[c] = c + 32;
		FOLD_UPPER[c] = 1;
	}
	for (let c = 0x61; c <= 0x7a; c++) FOLD[c] = c;
	for (let c = 0xc0; c < 0x250; c++) {
		if (c === 0xd7 || c === 0xf7) continue;
		const ch = String.fromCharCode(c);
		const base = ch.normalize('NFD').charCodeAt(0);
		const lower = base >= 0x41 && base <= 0x5a ? base + 32 : base;
		if (lower >= 0x61 && lower <= 0x7a) {
			FOLD[c] = lower;
			FOLD_UPPER[c] = ch !== ch.toLowerCase() ? 1 : 0;
		}
	}
	FOLD[0xdf] = 0x73; // ß
	FOLD[0xe6] = 0x61; // æ
	FOLD[0xc6] = 0x61;
	FOLD_UPPER[0xc6] = 1;
	FOLD[0xf8] = 0x6f; // ø
	FOLD[0xd8] = 0x6f;
	FOLD_UPPER[0xd8] = 1;
})();

const LAUGHTER =
	/^(?:k{2,}[kj]*|(?:ha){2,}h?|(?:ah){2,}|(?:he){2,}h?|(?:hi){3,}|(?:ja){2,}j?|(?:je){2,}j?|(?:ka){2,}k?|(?:ks){2,}k?|(?:rs)+r?|(?:hua){2,}|(?:js){2,}|lol+|lmf?ao+|rofl|kk)$/;
const LAUGHTER_START = new Set(['k', 'h', 'a', 'j', 'r', 'l']);
const LAUGH_EMOJI = new Set([0x1f602, 0x1f923, 0x1f606, 0x1f639, 0x1f605, 0x1f601]);
const SARCASM_EMOJI = new Set([0x1f644, 0x1f643, 0x1f60f, 0x1f612]);

const NUMBER_ONLY = /^\d+$/;
const NUMBER_X = /^\d{1,3}x$/;
const ORDINAL = /^\d{1,2}(?:st|nd|rd|th|o|a)$/;
const SLASHED = /^\d{1,4}[/-]\d{1,2}(?:[/-]\d{2,4})?$/;
const DECIMAL = /^\d+(?:[.,]\d+)+$/;
const TIME = /^\d{1,2}(?:h\d{0,2}|hs|hrs|am|pm)$/;
const OTHER_LETTER = /\p{L}/u;

/** The canonical form of a token containing digits: a class the phrases can name, the value stays in `surface`. */
function numericClass(token: string): string {
	if (NUMBER_ONLY.test(token)) return '#n';
	if (NUMBER_X.test(token)) return '#x';
	if (ORDINAL.test(token)) return '#o';
	if (SLASHED.test(token)) return '#d';
	if (DECIMAL.test(token)) return '#n';
	if (TIME.test(token)) return '#t';
	return token;
}

/** One written word → its canonical word (slang, typos and doubled letters resolved). */
export function canonicalWord(word: string, hasDouble = /([a-z])\1/.test(word)): string {
	const mapped = CANONICAL.get(word);
	if (mapped !== undefined) return mapped;
	if (VOCABULARY.has(word) || !hasDouble) return word;
	// "siim", "paguei" typed "pagueei": emphasis by doubling, when the doubled form means nothing.
	const single = word.replace(/([a-z])\1+/g, '$1');
	const singleMapped = CANONICAL.get(single);
	if (singleMapped !== undefined) return singleMapped;
	return VOCABULARY.has(single) ? single : word;
}

function isLetterCode(c: number): boolean {
	return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c < 0x250 && FOLD[c] !== 0);
}

function isDigitCode(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}

/** Splits the text into tokens, clauses and sentences in one pass. */
export function tokenizeReply(text: string): ReplyTokens {
	const canon: string[] = [];
	const surface: string[] = [];
	const clause: number[] = [];
	const sentence: number[] = [];
	const upper: boolean[] = [];
	const questionClause: boolean[] = [false];
	let laughter = 0;
	let sarcasmEmoji = 0;
	let emojis = 0;

	let clauseId = 0;
	let sentenceId = 0;
	let clauseHasTokens = false;
	let cur = '';
	let curUpper = 0;
	let curLetters = 0;
	let curDigits = false;
	let curTriple = false;
	let curDouble = false;

	const flush = () => {
		if (cur === '') return;
		let word = cur;
		const letters = curLetters;
		const isUpper = curUpper >= 2 && curUpper === letters;
		const digits = curDigits;
		const triple = curTriple;
		const double = curDouble;
		cur = '';
		curUpper = 0;
		curLetters = 0;
		curDigits = false;
		curTriple = false;
		curDouble = false;
		if (!digits && word.length >= 2 && LAUGHTER_START.has(word[0]) && LAUGHTER.test(word)) {
			laughter++;
			return;
		}
		if (triple) word = word.replace(/([a-z])\1{2,}/g, '$1');
		const c = digits ? numericClass(word) : canonicalWord(word, double || triple);
		canon.push(c === word && digits ? canonicalWord(word) : c);
		surface.push(word);
		clause.push(clauseId);
		sentence.push(sentenceId);
		upper.push(isUpper);
		clauseHasTokens = true;
	};
	const softBoundary = () => {
		flush();
		if (clauseHasTokens) {
			clauseId++;
			questionClause.push(false);
			clauseHasTokens = false;
		}
	};
	const hardBoundary = () => {
		softBoundary();
		sentenceId++;
	};

	const n = text.length;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x250 && FOLD[c] !== 0) {
			const folded = FOLD[c];
			if (cur.length >= 2 && cur.charCodeAt(cur.length - 1) === folded) {
				if (cur.charCodeAt(cur.length - 2) === folded) curTriple = true;
				else curDouble = true;
			} else if (cur.length === 1 && cur.charCodeAt(0) === folded) curDouble = true;
			cur += String.fromCharCode(folded);
			curLetters++;
			if (FOLD_UPPER[c] === 1) curUpper++;
			continue;
		}
		if (isDigitCode(c)) {
			cur += text[i];
			curDigits = true;
			continue;
		}
		const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
		const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
		switch (c) {
			case 0x2f: // /
			case 0x2d: // -
				if (isDigitCode(prev) && isDigitCode(next) && cur !== '') cur += text[i];
				else flush();
				continue;
			case 0x2e: // .
			case 0x2c: // ,
				if (isDigitCode(prev) && isDigitCode(next) && cur !== '') {
					cur += text[i];
					continue;
				}
				if (c === 0x2e) hardBoundary();
				else softBoundary();
				continue;
			case 0x27: // '
			case 0x2019: // ’
			case 0x60: // `
			case 0xb4: // ´
				if (cur !== '' && isLetterCode(next)) continue; // don't → dont, I'm → im
				flush();
				continue;
			case 0xaa: // ª
			case 0xba: // º (1º, 2ª via)
				if (curDigits) cur += c === 0xaa ? 'a' : 'o';
				else flush();
				continue;
			case 0x3f: // ?
				flush();
				if (clauseHasTokens) questionClause[clauseId] = true;
				else if (clauseId > 0 && !questionClause[clauseId]) questionClause[clauseId - 1] = true;
				hardBoundary();
				continue;
			case 0xbf: // ¿
				softBoundary();
				questionClause[clauseId] = true;
				continue;
			case 0x21: // !
			case 0x3b: // ;
			case 0x0a: // \n
			case 0x0d:
			case 0x2026: // …
				hardBoundary();
				continue;
			case 0x3a: // :
			case 0x28: // (
			case 0x29: // )
			case 0x22: // "
			case 0x201c: // “
			case 0x201d: // ”
			case 0x5b: // [
			case 0x5d: // ]
			case 0xab: // «
			case 0xbb: // »
			case 0xa1: // ¡
				softBoundary();
				continue;
		}
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
			const cp = text.codePointAt(i) ?? 0;
			i++;
			flush();
			if (cp >= 0x1f000) {
				emojis++;
				if (LAUGH_EMOJI.has(cp)) laughter++;
				else if (SARCASM_EMOJI.has(cp)) sarcasmEmoji++;
			}
			continue;
		}
		if ((c >= 0x2190 && c <= 0x2bff) || c === 0x2705 || c === 0x2764) {
			flush();
			emojis++;
			continue;
		}
		if (c >= 0x250 && OTHER_LETTER.test(text[i])) {
			// Another script: kept as words so that the language reads as unknown rather than empty.
			cur += text[i].toLowerCase();
			curLetters++;
			continue;
		}
		flush();
	}
	flush();
	return { canon, surface, clause, sentence, upper, questionClause, laughter, sarcasmEmoji, emojis };
}

/** The tokens without those marked in `drop` (our own text pasted back). */
export function withoutTokens(t: ReplyTokens, drop: Uint8Array): ReplyTokens {
	const out: ReplyTokens = {
		canon: [],
		surface: [],
		clause: [],
		sentence: [],
		upper: [],
		questionClause: t.questionClause,
		laughter: t.laughter,
		sarcasmEmoji: t.sarcasmEmoji,
		emojis: t.emojis,
	};
	for (let i = 0; i < t.canon.length; i++) {
		if (drop[i]) continue;
		out.canon.push(t.canon[i]);
		out.surface.push(t.surface[i]);
		out.clause.push(t.clause[i]);
		out.sentence.push(t.sentence[i]);
		out.upper.push(t.upper[i]);
	}
	return out;
}
