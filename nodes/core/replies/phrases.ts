/**
 * Phrase patterns compiled once into an index by first word, and matched over a reply's tokens:
 * each token looks up only the phrases that can start with it, so the work per reply grows with
 * its length, not with the size of the lexicon.
 */
import { FILLERS, type PhraseGroup, VOCABULARY, WORD_CLASSES, fold } from './lexicon';
import { type ReplyTokens, canonicalWord, wordFlags, wordId } from './text';

// Module-local bindings for what is read per token (an import can compile to a getter call).
const vocabulary = VOCABULARY;
const fillerIds = wordFlags(FILLERS);

/** A `*` in a phrase skips at most this many words. */
const GAP_MAX = 3;
/** A phrase with more optional slots than this would expand into too many variants. */
const MAX_OPTIONAL_SLOTS = 6;

const WORDS = 0;
const GAP = 1;
const NAME = 2;

interface Element {
	kind: number;
	/** The ids of the words this slot accepts (WORDS slots). */
	ids: ReadonlySet<number> | null;
}

export interface CompiledPhrase {
	group: PhraseGroup;
	elements: Element[];
	/** False for phrases a negation before them does not cancel (requests for payment details). */
	negatable: boolean;
	/** The phrase as written in the lexicon or by the user, for errors and tests. */
	source: string;
}

export interface PhraseMatch {
	phrase: CompiledPhrase;
	start: number;
	/** Exclusive. */
	end: number;
}

/** A problem in a phrase: the lexicon's (a bug) or the user's (reported as a setting error by the caller). */
export class PhraseError extends Error {}

/** A word as the tokenizer would produce it: "Tá" → "ta", "pg" → "pago", "15" → "#n". */
function literalToken(word: string): string {
	const folded = fold(word);
	if (/^\d+$/.test(folded)) return '#n';
	return canonicalWord(folded);
}

function compileSlot(slot: string, source: string): { element: Element; optional: boolean } {
	const optional = slot.endsWith('?');
	const body = optional ? slot.slice(0, -1) : slot;
	if (body === '*') {
		if (optional) throw new PhraseError(`"${source}": a gap cannot be optional`);
		return { element: { kind: GAP, ids: null }, optional: false };
	}
	if (body === '@name') return { element: { kind: NAME, ids: null }, optional };
	const words = new Set<string>();
	for (const alt of body.split('|')) {
		if (alt === '') throw new PhraseError(`"${source}": an empty alternative`);
		if (alt[0] === '@') {
			const list = WORD_CLASSES[alt.slice(1)];
			if (!list) throw new PhraseError(`"${source}": no word class ${alt}`);
			for (const w of list) words.add(w[0] === '#' ? w : literalToken(w));
		} else if (alt[0] === '#') {
			words.add(alt);
		} else {
			words.add(literalToken(alt));
		}
	}
	const ids = new Set<number>();
	for (const w of words) ids.add(wordId(w));
	return { element: { kind: WORDS, ids }, optional };
}

/** Every variant of a phrase with its optional slots present or absent. */
function expand(slots: Array<{ element: Element; optional: boolean }>): Element[][] {
	let variants: Element[][] = [[]];
	for (const slot of slots) {
		const next: Element[][] = [];
		for (const v of variants) {
			next.push([...v, slot.element]);
			if (slot.optional) next.push(v);
		}
		variants = next;
	}
	return variants;
}

export function compilePhrase(source: string, group: PhraseGroup): CompiledPhrase[] {
	const slots = source
		.trim()
		.split(/\s+/)
		.filter((s) => s !== '')
		.map((slot) => compileSlot(slot, source));
	if (slots.length === 0) throw new PhraseError(`"${source}" has no words`);
	if (slots.filter((s) => s.optional).length > MAX_OPTIONAL_SLOTS) throw new PhraseError(`"${source}" has too many optional words`);
	const phrases: CompiledPhrase[] = [];
	for (const elements of expand(slots)) {
		while (elements.length > 0 && elements[elements.length - 1].kind === GAP) elements.pop();
		if (elements.length === 0) continue;
		if (elements[0].kind !== WORDS) throw new PhraseError(`"${source}" must start with a word`);
		// Not having a boleto is asking for one ("no tengo la referencia"), so requests are never
		// negated; a phrase whose own words negate ("não quero mais receber") is checked per match.
		const negatable = group.intent !== 'payment_info';
		phrases.push({ group, elements, negatable, source });
	}
	return phrases;
}

function isFiller(id: number): boolean {
	return id >= 0 && id < fillerIds.length && fillerIds[id] === 1;
}

/** A word the lexicon does not know, written in letters: a person's name in "não sou a Maria". */
function isName(word: string): boolean {
	return word.length >= 2 && word.charCodeAt(0) !== 0x23 && !vocabulary.has(word) && /^[a-z]+$/.test(word);
}

function matchFrom(elements: Element[], k: number, t: ReplyTokens, pos: number, clause: number): number {
	if (k === elements.length) return pos;
	const e = elements[k];
	const n = t.canon.length;
	if (e.kind === GAP) {
		for (let skip = 0; skip <= GAP_MAX; skip++) {
			const p = pos + skip;
			if (p > n || (skip > 0 && t.clause[p - 1] !== clause)) break;
			const end = matchFrom(elements, k + 1, t, p, clause);
			if (end >= 0) return end;
		}
		return -1;
	}
	if (pos >= n || t.clause[pos] !== clause) return -1;
	if (e.kind === WORDS ? !(e.ids as ReadonlySet<number>).has(t.ids[pos]) : !isName(t.canon[pos])) return -1;
	return matchFrom(elements, k + 1, t, pos + 1, clause);
}

/** The phrases that start with one word, split by their second word so that few are ever tried. */
interface FirstWordEntry {
	/** One-word phrases: a match as soon as the first word is seen. */
	single: CompiledPhrase[];
	/** Phrases by their second word's id. */
	bySecond: Map<number, CompiledPhrase[]>;
	/** Phrases whose second slot is a gap or a name: tried from the second slot on. */
	other: CompiledPhrase[];
}

export class PhraseIndex {
	/** By the first word's id. */
	private readonly byFirst: Array<FirstWordEntry | undefined> = [];
	/** Single words that count as an opt-out on their own: beside each other they still stand alone ("sair sair"). */
	private readonly aloneWords = new Set<number>();

	constructor(groups: readonly PhraseGroup[] = []) {
		for (const group of groups) this.addGroup(group);
	}

	addGroup(group: PhraseGroup): void {
		for (const source of group.phrases) {
			for (const phrase of compilePhrase(source, group)) this.add(phrase);
		}
	}

	private entry(id: number): FirstWordEntry {
		let entry = this.byFirst[id];
		if (!entry) this.byFirst[id] = entry = { single: [], bySecond: new Map(), other: [] };
		return entry;
	}

	private add(phrase: CompiledPhrase): void {
		const second = phrase.elements.length > 1 ? phrase.elements[1] : null;
		for (const id of phrase.elements[0].ids as ReadonlySet<number>) {
			const entry = this.entry(id);
			if (!second) entry.single.push(phrase);
			else if (second.kind !== WORDS) entry.other.push(phrase);
			else {
				for (const w2 of second.ids as ReadonlySet<number>) {
					let list = entry.bySecond.get(w2);
					if (!list) entry.bySecond.set(w2, (list = []));
					list.push(phrase);
				}
			}
		}
		if (phrase.group.alone && phrase.elements.length === 1) for (const id of phrase.elements[0].ids as ReadonlySet<number>) this.aloneWords.add(id);
	}

	/** Every match of every phrase, overlapping ones included (the longest wins later). */
	matchAll(t: ReplyTokens): PhraseMatch[] {
		const out: PhraseMatch[] = [];
		const n = t.ids.length;
		const ids = t.ids;
		for (let i = 0; i < n; i++) {
			const id = ids[i];
			const entry = id >= 0 ? this.byFirst[id] : undefined;
			if (entry === undefined) continue;
			for (const phrase of entry.single) out.push({ phrase, start: i, end: i + 1 });
			const clause = t.clause[i];
			if (i + 1 < n && t.clause[i + 1] === clause) {
				const list = entry.bySecond.get(ids[i + 1]);
				if (list !== undefined) {
					for (const phrase of list) {
						const end = phrase.elements.length === 2 ? i + 2 : matchFrom(phrase.elements, 2, t, i + 2, clause);
						if (end >= 0) out.push({ phrase, start: i, end });
					}
				}
			}
			for (const phrase of entry.other) {
				const end = matchFrom(phrase.elements, 1, t, i + 1, clause);
				if (end >= 0) out.push({ phrase, start: i, end });
			}
		}
		return out;
	}

	/** The clause holds nothing but the match and courtesy words (or the same keyword again). */
	standsAlone(t: ReplyTokens, m: PhraseMatch): boolean {
		const clause = t.clause[m.start];
		for (let k = m.start - 1; k >= 0 && t.clause[k] === clause; k--) {
			if (!isFiller(t.ids[k]) && !this.aloneWords.has(t.ids[k])) return false;
		}
		for (let k = m.end; k < t.ids.length && t.clause[k] === clause; k++) {
			if (!isFiller(t.ids[k]) && !this.aloneWords.has(t.ids[k])) return false;
		}
		return true;
	}
}

/**
 * Keeps the longest of overlapping matches (a tie goes to the surer phrase): "não recebi o boleto"
 * is a request for the boleto, not "boleto" plus something else. Matches are returned in text order.
 */
export function longestMatches(matches: PhraseMatch[], tokenCount: number): PhraseMatch[] {
	if (matches.length <= 1) return matches;
	if (matches.length === 2) {
		// The common case: two phrases apart ("já paguei, posso parcelar?"), already in text order.
		const [a, b] = matches;
		if (a.end <= b.start) return matches;
		if (b.end <= a.start) return [b, a];
	}
	const sorted = matches.slice().sort((a, b) => b.end - b.start - (a.end - a.start) || b.phrase.group.weight - a.phrase.group.weight || a.start - b.start);
	const taken = new Uint8Array(tokenCount);
	const kept: PhraseMatch[] = [];
	for (const m of sorted) {
		let free = true;
		for (let k = m.start; k < m.end; k++) {
			if (taken[k]) {
				free = false;
				break;
			}
		}
		if (!free) continue;
		for (let k = m.start; k < m.end; k++) taken[k] = 1;
		kept.push(m);
	}
	return kept.sort((a, b) => a.start - b.start);
}
