/**
 * Reading a reply's text once: the quoted text of our own message is cut away, then the rest is
 * turned into tokens in a single pass over the characters (lower case, accents folded, letters
 * repeated for emphasis collapsed, slang and typos mapped to one spelling), with the clause and
 * sentence each token belongs to, so that a negation or a question stays inside its clause.
 */
import { CANONICAL, VOCABULARY } from './lexicon';

// Module-local bindings for what is read per token (an import can compile to a getter call).
const canonicalForms = CANONICAL;
const vocabulary = VOCABULARY;

/** Raw characters looked at, quotes included: a debtor's reply is short, a pasted e-mail thread is not. */
export const MAX_READ_CHARS = 4000;
/** Characters analysed after quotes are cut: bounded work per reply whatever arrives. */
export const MAX_ANALYSED_CHARS = 1000;

export interface ReplyTokens {
	/** Canonical words: what phrases are matched against ("pagei" → "paguei", "vc" → "voce", "15/12" → "#d"). */
	canon: string[];
	/** Each canonical word's id ({@link wordId}), -1 for a word the lexicon does not know. */
	ids: number[];
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

/** The first visible character is >, », [, or an opening quotation mark. */
function startsLikeAQuote(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0) continue;
		return c === 0x3e || c === 0xbb || c === 0x5b || c === 0x22 || c === 0x201c || c === 0xab;
	}
	return false;
}

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
	if (text.indexOf('\n') < 0 && !startsLikeAQuote(text)) return { text, stripped: false };
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
const LAUGHTER_START = new Set([0x6b, 0x68, 0x61, 0x6a, 0x72, 0x6c]); // k h a j r l
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

// ---------------------------------------------------------------------------------------------
// Word ids: the phrase index and the per-word tables are arrays by id, not maps by string.

const WORD_IDS = new Map<string, number>();
const WORDS: string[] = [];

/** The id of a canonical word, registering it if new (the lexicon's words, the user's phrases). */
export function wordId(canonical: string): number {
	let id = WORD_IDS.get(canonical);
	if (id === undefined) {
		id = WORDS.length;
		WORDS.push(canonical);
		WORD_IDS.set(canonical, id);
	}
	return id;
}

/** The id of a canonical word, or -1 when no phrase or table knows it. */
export function knownWordId(canonical: string): number {
	return WORD_IDS.get(canonical) ?? -1;
}

/** A table of flags by word id for a list of canonical words (ids outside it read as 0). */
export function wordFlags(words: Iterable<string>, value = 1): Uint8Array {
	const ids: number[] = [];
	for (const w of words) ids.push(wordId(w));
	const table = new Uint8Array(WORDS.length);
	for (const id of ids) table[id] = value;
	return table;
}

/** Words already resolved, so that a word seen again costs one lookup. Bounded. */
const canonicalCache = new Map<string, string>();

/** One written word → its canonical word (slang, typos and doubled letters resolved). */
export function canonicalWord(word: string, hasDouble?: boolean): string {
	let c = canonicalCache.get(word);
	if (c === undefined) {
		// A copy, not the slice: a slice keeps the whole reply it was cut from alive in the cache.
		const own = word.length > 12 ? Array.from(word).join('') : word;
		c = resolveWord(own, hasDouble ?? /([a-z])\1/.test(own));
		if (canonicalCache.size >= 50_000) canonicalCache.clear();
		canonicalCache.set(own, c);
	}
	return c;
}

function resolveWord(word: string, hasDouble: boolean): string {
	const mapped = canonicalForms.get(word);
	if (mapped !== undefined) return mapped;
	if (vocabulary.has(word) || !hasDouble) return word;
	// "siim", "paguei" typed "pagueei": emphasis by doubling, when the doubled form means nothing.
	const single = word.replace(/([a-z])\1+/g, '$1');
	const singleMapped = canonicalForms.get(single);
	if (singleMapped !== undefined) return singleMapped;
	return vocabulary.has(single) ? single : word;
}

/**
 * Every known word (the lexicon's and its spelling variants) in a character trie over a-z, walked
 * while a token is read: a known word gets its canonical form without building a string to look
 * up. Node n's child for letter x is WORD_TRIE[n * 26 + x]; 0 means none (node 0 is the root).
 */
let WORD_TRIE = new Int32Array(26 * 4096);
const TRIE_WORDS: Array<string | undefined> = [undefined];
const TRIE_IDS: number[] = [-1];
let trieNodes = 1;

function addToTrie(word: string, canonical: string): void {
	let node = 0;
	for (let i = 0; i < word.length; i++) {
		const x = word.charCodeAt(i) - 0x61;
		if (x < 0 || x >= 26) return; // only plain letters are walked
		let next = WORD_TRIE[node * 26 + x];
		if (next === 0) {
			if ((trieNodes + 1) * 26 > WORD_TRIE.length) {
				const bigger = new Int32Array(WORD_TRIE.length * 2);
				bigger.set(WORD_TRIE);
				WORD_TRIE = bigger;
			}
			next = trieNodes++;
			TRIE_WORDS.push(undefined);
			TRIE_IDS.push(-1);
			WORD_TRIE[node * 26 + x] = next;
		}
		node = next;
	}
	TRIE_WORDS[node] = canonical;
	TRIE_IDS[node] = wordId(canonical);
}

for (const cls of ['#n', '#x', '#o', '#d', '#t']) wordId(cls);

for (const word of [...vocabulary, ...canonicalForms.keys()]) {
	if (word.length >= 2 && LAUGHTER.test(word)) continue; // "lol", "kk": laughter, read as such
	addToTrie(word, resolveWord(word, /([a-z])\1/.test(word)));
}

function isLetterCode(c: number): boolean {
	return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c < 0x250 && FOLD[c] !== 0);
}

function isDigitCode(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}

/** A token's characters folded: accents off, lower case, apostrophes dropped, ª/º after digits as letters. */
function foldSlice(text: string, start: number, end: number): string {
	let out = '';
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x250 && FOLD[c] !== 0) out += LETTERS[FOLD[c] - 0x61];
		else if (c === 0xaa) out += 'a';
		else if (c === 0xba) out += 'o';
		else if (c === 0x27 || c === 0x2019 || c === 0x60 || c === 0xb4) continue;
		else out += c < 0x250 ? text[i] : text[i].toLowerCase();
	}
	return out;
}

const LETTERS: string[] = [];
for (let c = 0x61; c <= 0x7a; c++) LETTERS.push(String.fromCharCode(c));

/**
 * The tokens being built: one object per reply, methods on the prototype (no closures per call).
 * A token is a span of the text; most are plain lower-case ASCII and are sliced as they are.
 */
class TokenBuilder {
	readonly out: ReplyTokens = {
		canon: [],
		ids: [],
		surface: [],
		clause: [],
		sentence: [],
		upper: [],
		questionClause: [false],
		laughter: 0,
		sarcasmEmoji: 0,
		emojis: 0,
	};
	clauseId = 0;
	sentenceId = 0;
	clauseHasTokens = false;
	/** Start of the current token in the text, -1 when none. */
	start = -1;
	letters = 0;
	upper = 0;
	digits = false;
	needsFold = false;
	triple = false;
	double = false;
	lastLetter = 0;
	runLength = 0;
	/** The trie node of the letters so far; -1 once the token left the trie (a digit, an unknown word). */
	node = 0;

	constructor(readonly text: string) {}

	begin(i: number): void {
		if (this.start < 0) this.start = i;
	}

	letter(i: number, c: number): void {
		this.begin(i);
		const folded = FOLD[c];
		if (this.node >= 0) {
			const next = WORD_TRIE[this.node * 26 + folded - 0x61];
			this.node = next === 0 ? -1 : next;
		}
		if (folded !== c) this.needsFold = true;
		if (FOLD_UPPER[c] === 1) this.upper++;
		this.letters++;
		if (folded === this.lastLetter) {
			this.runLength++;
			if (this.runLength === 2) this.double = true;
			else if (this.runLength === 3) this.triple = true;
		} else {
			this.lastLetter = folded;
			this.runLength = 1;
		}
	}

	other(i: number): void {
		this.begin(i);
		this.lastLetter = 0;
		this.runLength = 0;
		this.node = -1;
	}

	flush(end: number): void {
		const start = this.start;
		if (start < 0) return;
		const node = this.node > 0 && !this.triple ? this.node : 0;
		const known = node > 0 ? TRIE_WORDS[node] : undefined;
		this.node = 0;
		let word = this.needsFold ? foldSlice(this.text, start, end) : this.text.slice(start, end);
		const isUpper = this.upper >= 2 && this.upper === this.letters;
		const digits = this.digits;
		const triple = this.triple;
		const double = this.double;
		this.start = -1;
		this.letters = 0;
		this.upper = 0;
		this.digits = false;
		this.needsFold = false;
		this.triple = false;
		this.double = false;
		this.lastLetter = 0;
		this.runLength = 0;
		if (word === '') return;
		const out = this.out;
		let c: string;
		let id = -1;
		if (known !== undefined) {
			c = known;
			id = TRIE_IDS[node];
		} else if (!digits && word.length >= 2 && LAUGHTER_START.has(word.charCodeAt(0)) && LAUGHTER.test(word)) {
			out.laughter++;
			return;
		} else if (digits) {
			c = numericClass(word);
			if (c === word) c = canonicalWord(word);
		} else {
			if (triple) word = word.replace(/([a-z])\1{2,}/g, '$1');
			c = canonicalWord(word, double || triple);
		}
		if (known === undefined) id = knownWordId(c);
		out.canon.push(c);
		out.ids.push(id);
		out.surface.push(word);
		out.clause.push(this.clauseId);
		out.sentence.push(this.sentenceId);
		out.upper.push(isUpper);
		this.clauseHasTokens = true;
	}

	softBoundary(i: number): void {
		this.flush(i);
		if (this.clauseHasTokens) {
			this.clauseId++;
			this.out.questionClause.push(false);
			this.clauseHasTokens = false;
		}
	}

	hardBoundary(i: number): void {
		this.softBoundary(i);
		this.sentenceId++;
	}

	question(i: number): void {
		this.flush(i);
		const q = this.out.questionClause;
		if (this.clauseHasTokens) q[this.clauseId] = true;
		else if (this.clauseId > 0 && !q[this.clauseId]) q[this.clauseId - 1] = true;
		this.hardBoundary(i);
	}
}

/** Splits the text into tokens, clauses and sentences in one pass. */
export function tokenizeReply(text: string): ReplyTokens {
	const b = new TokenBuilder(text);
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x250 && FOLD[c] !== 0) {
			b.letter(i, c);
			continue;
		}
		if (isDigitCode(c)) {
			b.other(i);
			b.digits = true;
			continue;
		}
		const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
		const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
		switch (c) {
			case 0x2f: // /
			case 0x2d: // -
				if (isDigitCode(prev) && isDigitCode(next) && b.start >= 0) b.other(i);
				else b.flush(i);
				continue;
			case 0x2e: // .
			case 0x2c: // ,
				if (isDigitCode(prev) && isDigitCode(next) && b.start >= 0) {
					b.other(i);
					continue;
				}
				if (c === 0x2e) b.hardBoundary(i);
				else b.softBoundary(i);
				continue;
			case 0x27: // '
			case 0x2019: // ’
			case 0x60: // `
			case 0xb4: // ´
				if (b.start >= 0 && isLetterCode(next)) {
					b.needsFold = true; // don't → dont, I'm → im
					continue;
				}
				b.flush(i);
				continue;
			case 0xaa: // ª
			case 0xba: // º (1º, 2ª via)
				if (b.digits) {
					b.other(i);
					b.needsFold = true;
				} else b.flush(i);
				continue;
			case 0x3f: // ?
				b.question(i);
				continue;
			case 0xbf: // ¿
				b.softBoundary(i);
				b.out.questionClause[b.clauseId] = true;
				continue;
			case 0x21: // !
			case 0x3b: // ;
			case 0x0a: // \n
			case 0x0d:
			case 0x2026: // …
				b.hardBoundary(i);
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
				b.softBoundary(i);
				continue;
		}
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
			const cp = text.codePointAt(i) ?? 0;
			b.flush(i);
			i++;
			if (cp >= 0x1f000) {
				b.out.emojis++;
				if (LAUGH_EMOJI.has(cp)) b.out.laughter++;
				else if (SARCASM_EMOJI.has(cp)) b.out.sarcasmEmoji++;
			}
			continue;
		}
		if ((c >= 0x2190 && c <= 0x2bff) || c === 0x2705 || c === 0x2764) {
			b.flush(i);
			b.out.emojis++;
			continue;
		}
		if (c >= 0x250 && OTHER_LETTER.test(text[i])) {
			// Another script: kept as words so that the language reads as unknown rather than empty.
			b.other(i);
			b.needsFold = true;
			b.letters++;
			continue;
		}
		b.flush(i);
	}
	b.flush(n);
	return b.out;
}

/** The tokens without those marked in `drop` (our own text pasted back). */
export function withoutTokens(t: ReplyTokens, drop: Uint8Array): ReplyTokens {
	const out: ReplyTokens = {
		canon: [],
		ids: [],
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
		out.ids.push(t.ids[i]);
		out.surface.push(t.surface[i]);
		out.clause.push(t.clause[i]);
		out.sentence.push(t.sentence[i]);
		out.upper.push(t.upper[i]);
	}
	return out;
}
