/**
 * SMS encoding and cost: which alphabet a text needs (GSM-7 or UCS-2), how many characters and
 * billable units it has, and how many segments (parts) a carrier bills for it. Also the
 * transliteration to GSM-7 that halves the cost of most Portuguese and Spanish messages, and
 * the shortening of a designated part of a message to fit a maximum number of segments.
 *
 * Facts (3GPP TS 23.038, shared/docs/gateways.md §6): a GSM-7 message holds 160 septets, or 153
 * per part when concatenated; extension-table characters take two septets and an escape pair is
 * never split across parts. A UCS-2 message holds 70 UTF-16 code units, or 67 per part; a
 * character outside the Basic Multilingual Plane (emoji) takes two, and graphemes stay whole.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsInfo {
	encoding: SmsEncoding;
	/** Parts the carrier bills (0 for an empty text). */
	segments: number;
	/** Characters as a person counts them (Unicode code points). */
	characters: number;
	/** Billable units: septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
	units: number;
}

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

/** GSM 03.38 basic table, as text (LF and CR included; ESC is not a character of a message). */
const GSM7_BASIC_CHARS =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table: each is sent as ESC + code, two septets. Form feed included. */
const GSM7_EXTENSION_CHARS = '^{}\\[~]|€\f';

/** Septets per UTF-16 code unit: 0 = not in GSM-7, 1 = basic table, 2 = extension table. */
const GSM7_COST = (() => {
	const table = new Uint8Array(65_536);
	for (const c of GSM7_BASIC_CHARS) table[c.charCodeAt(0)] = 1;
	for (const c of GSM7_EXTENSION_CHARS) table[c.charCodeAt(0)] = 2;
	return table;
})();

export function isGsm7Char(char: string): boolean {
	return char.length === 1 && GSM7_COST[char.charCodeAt(0)] !== 0;
}

export function isGsm7(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (GSM7_COST[text.charCodeAt(i)] === 0) return false;
	return true;
}

/** Intl.Segmenter (ES2022, in Node since 16); declared here because the package targets the ES2021 library. */
interface GraphemeSegmenter {
	segment(text: string): Iterable<{ segment: string }>;
}
type SegmenterConstructor = new (locale: string, options: { granularity: 'grapheme' }) => GraphemeSegmenter;

let graphemeSegmenter: GraphemeSegmenter | undefined;

/**
 * Whether a UTF-16 code unit joins or modifies what comes before it (combining marks, zero-width
 * joiner, variation selectors, keycap, and the high halves of skin tones, flags and tags): only
 * texts with one of these need a grapheme segmenter to keep graphemes whole across parts.
 */
function joins(code: number, next: number): boolean {
	if (code >= 0x0300 && code <= 0x036f) return true;
	if (code === 0x200d || code === 0x20e3 || (code >= 0xfe00 && code <= 0xfe0f)) return true;
	if (code === 0xd83c) return (next >= 0xdde6 && next <= 0xddff) || (next >= 0xdffb && next <= 0xdfff);
	return code === 0xdb40 && next >= 0xdc20 && next <= 0xdc7f;
}

function ucs2PartsByGrapheme(text: string): number {
	graphemeSegmenter ??= new (Intl as unknown as { Segmenter: SegmenterConstructor }).Segmenter('en', {
		granularity: 'grapheme',
	});
	let parts = 1;
	let used = 0;
	for (const { segment } of graphemeSegmenter.segment(text)) {
		if (used + segment.length > UCS2_PART && used > 0) {
			parts++;
			used = 0;
		}
		used += segment.length;
	}
	return parts;
}

/** Characters (code points) and parts of a UCS-2 text; surrogate pairs and graphemes are never split. */
function ucs2Counts(text: string): { characters: number; segments: number } {
	const length = text.length;
	let characters = 0;
	let parts = 1;
	let used = 0;
	let complex = false;
	for (let i = 0; i < length; i++) {
		const code = text.charCodeAt(i);
		let units = 1;
		if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				if (!complex && joins(code, next)) complex = true;
				units = 2;
				i++;
			}
		} else if (!complex && code >= 0x0300 && joins(code, 0)) {
			complex = true;
		}
		characters++;
		if (used + units > UCS2_PART && used > 0) {
			parts++;
			used = 0;
		}
		used += units;
	}
	if (length <= UCS2_SINGLE) return { characters, segments: length === 0 ? 0 : 1 };
	return { characters, segments: complex ? ucs2PartsByGrapheme(text) : parts };
}

/** Encoding, characters, billable units and segments of an SMS text. */
export function analyzeSms(text: string): SmsInfo {
	let septets = 0;
	const length = text.length;
	for (let i = 0; i < length; i++) {
		const cost = GSM7_COST[text.charCodeAt(i)];
		if (cost === 0) {
			const { characters, segments } = ucs2Counts(text);
			return { encoding: 'UCS-2', segments, characters, units: length };
		}
		septets += cost;
	}
	let segments = length === 0 ? 0 : 1;
	if (septets > GSM7_SINGLE) {
		// Fill parts of 153 septets; an escape pair that does not fit moves whole to the next part.
		let used = 0;
		for (let i = 0; i < length; i++) {
			const cost = GSM7_COST[text.charCodeAt(i)];
			if (used + cost > GSM7_PART) {
				segments++;
				used = 0;
			}
			used += cost;
		}
	}
	return { encoding: 'GSM-7', segments, characters: length, units: septets };
}

/** Non-GSM characters with a conventional GSM-7 stand-in (punctuation, ordinals, spaces). */
const GSM7_STAND_INS: Record<string, string> = {
	'\u00a0': ' ',
	'\u2002': ' ',
	'\u2003': ' ',
	'\u2007': ' ',
	'\u2008': ' ',
	'\u2009': ' ',
	'\u200a': ' ',
	'\u202f': ' ',
	'\u200b': '',
	'\u2060': '',
	'\ufeff': '',
	'\t': ' ',
	'\u2018': "'",
	'\u2019': "'",
	'\u201a': "'",
	'\u201b': "'",
	'\u2032': "'",
	'\u00b4': "'",
	'`': "'",
	'\u201c': '"',
	'\u201d': '"',
	'\u201e': '"',
	'\u201f': '"',
	'\u2033': '"',
	'\u00ab': '"',
	'\u00bb': '"',
	'\u2010': '-',
	'\u2011': '-',
	'\u2012': '-',
	'\u2013': '-',
	'\u2014': '-',
	'\u2015': '-',
	'\u2212': '-',
	'\u2026': '...',
	'\u2022': '-',
	'\u00b7': '-',
	'\u00aa': 'a',
	'\u00ba': 'o',
	'\u00b0': 'o',
	'\u00b2': '2',
	'\u00b3': '3',
	'\u00b9': '1',
	'\u00bd': '1/2',
	'\u00bc': '1/4',
	'\u00be': '3/4',
	'\u00d7': 'x',
	'\u00f7': '/',
	'\u00a9': '(c)',
	'\u00ae': '(R)',
	'\u2122': 'TM',
	'\u00e7': 'c', // lowercase ç is not GSM-7 (only Ç is)
	'\u0153': 'oe',
	'\u0152': 'OE',
	'\u00f0': 'd',
	'\u00d0': 'D',
	'\u00fe': 'th',
	'\u00de': 'TH',
	'\u0142': 'l',
	'\u0141': 'L',
	'\u0111': 'd',
	'\u0110': 'D',
	'\u2116': 'No',
	'\u20b2': 'G',
};

const transliterated = new Map<string, string>();

function standIn(char: string): string {
	let out = transliterated.get(char);
	if (out !== undefined) return out;
	out = GSM7_STAND_INS[char];
	if (out === undefined) {
		// Letters with diacritics: drop the marks (ã → a, Ú → U, ê → e), also a mark written as a
		// character of its own after its letter ("e" + U+0301); anything else becomes '?'.
		const stripped = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
		out = stripped === '' ? '' : stripped !== char && isGsm7(stripped) ? stripped : '?';
	}
	transliterated.set(char, out);
	return out;
}

/**
 * The text in the GSM-7 alphabet: letters with marks GSM-7 lacks lose them (ã → a, ç → c,
 * ê → e; é, à, ñ, ü and Ç stay), typographic punctuation becomes plain, emoji and other
 * symbols become '?'. A text that is already GSM-7 is returned unchanged.
 */
export function transliterateToGsm7(text: string): string {
	const length = text.length;
	let out = '';
	let from = 0;
	for (let i = 0; i < length; i++) {
		const code = text.charCodeAt(i);
		if (GSM7_COST[code] !== 0) continue;
		// A surrogate pair is one character (an emoji): replace it whole.
		const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
		out += text.slice(from, i) + standIn(pair ? text.slice(i, i + 2) : text[i]);
		if (pair) i++;
		from = i + 1;
	}
	return from === 0 ? text : out + text.slice(from);
}

export interface TransliteratedSms {
	/** The text in GSM-7. */
	text: string;
	info: SmsInfo;
	/** The counts of the text before the replacement. */
	original: SmsInfo;
	/** Whether any character was replaced (shortening marks do not count). */
	replaced: boolean;
}

const standInSeptets = new Map<string, number>();

/** The stand-in of each single UTF-16 code unit, and its septets, filled on first use. */
const STAND_IN_OF_CODE: Array<string | undefined> = [];
const STAND_IN_SEPTETS_OF_CODE = new Uint8Array(65_536);

function standInOfCode(code: number): string {
	const replacement = standIn(String.fromCharCode(code));
	STAND_IN_SEPTETS_OF_CODE[code] = septetsOf(replacement);
	STAND_IN_OF_CODE[code] = replacement;
	return replacement;
}

function septetsOf(text: string): number {
	let septets = standInSeptets.get(text);
	if (septets === undefined) {
		septets = 0;
		for (let i = 0; i < text.length; i++) septets += GSM7_COST[text.charCodeAt(i)];
		standInSeptets.set(text, septets);
	}
	return septets;
}

/**
 * {@link transliterateToGsm7} and {@link analyzeSms} of both texts in one pass over the text
 * (a run renders 100,000 of them), dropping shortening marks on the way: the same results as
 * stripping, transliterating and counting one after the other.
 */
export function transliterateWithCounts(text: string): TransliteratedSms {
	return transliterateAndCount(text, false) as TransliteratedSms;
}

/**
 * {@link transliterateWithCounts} of a text that is already tidy: it neither starts nor ends with
 * a space or a control character, and holds no double space, tab, carriage return, space before a
 * line break, or three line breaks in a row. Undefined when it is not: the caller tidies it first.
 * Checking on the way saves scanning every message again just to find it tidy, as nearly all are.
 */
export function transliterateTidyWithCounts(text: string): TransliteratedSms | undefined {
	const last = text.length - 1;
	if (last < 0 || text.charCodeAt(0) <= 32 || text.charCodeAt(last) <= 32) return undefined;
	return transliterateAndCount(text, true);
}

function transliterateAndCount(text: string, tidyOnly: boolean): TransliteratedSms | undefined {
	const length = text.length;
	let out = '';
	let from = 0;
	let septets = 0;
	let extension = false;
	let gsm = true;
	let pairs = 0;
	let marks = 0;
	let replaced = false;
	let complex = false;
	for (let i = 0; i < length; i++) {
		const code = text.charCodeAt(i);
		const cost = GSM7_COST[code];
		if (cost !== 0) {
			septets += cost;
			if (cost === 2) extension = true;
			// Spaces and line breaks: what would make the text untidy (a tab is not GSM-7: below).
			if (tidyOnly && code <= 32 && untidyAt(text, i, code)) return undefined;
			continue;
		}
		if (tidyOnly && code === 9) return undefined;
		let replacement: string;
		const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
		if (code === 0xfdd0 || code === 0xfdd1) {
			marks++;
			replacement = '';
		} else {
			gsm = false;
			replaced = true;
			if (pair) {
				pairs++;
				if (!complex && joins(code, text.charCodeAt(i + 1))) complex = true;
			} else if (!complex && code >= 0x0300 && joins(code, 0)) {
				complex = true;
			}
			let replacementSeptets: number;
			if (pair) {
				replacement = standIn(text.slice(i, i + 2));
				replacementSeptets = septetsOf(replacement);
			} else {
				// A single code unit (ã, ç, ’…): its stand-in and cost, looked up by code.
				replacement = STAND_IN_OF_CODE[code] ?? standInOfCode(code);
				replacementSeptets = STAND_IN_SEPTETS_OF_CODE[code];
			}
			septets += replacementSeptets;
			if (replacementSeptets > replacement.length) extension = true;
		}
		out += text.slice(from, i) + replacement;
		if (pair) i++;
		from = i + 1;
	}
	const sent = from === 0 ? text : out + text.slice(from);
	let segments = sent.length === 0 ? 0 : 1;
	if (septets > GSM7_SINGLE) segments = extension ? analyzeSms(sent).segments : Math.ceil(septets / GSM7_PART);
	const info: SmsInfo = { encoding: 'GSM-7', segments, characters: sent.length, units: septets };
	if (gsm) return { text: sent, info, original: info, replaced };
	const units = length - marks;
	const originalSegments =
		units <= UCS2_SINGLE ? 1 : pairs > 0 || complex ? ucs2Counts(marks > 0 ? stripShortenMarks(text) : text).segments : Math.ceil(units / UCS2_PART);
	return { text: sent, info, original: { encoding: 'UCS-2', segments: originalSegments, characters: units - pairs, units }, replaced };
}

// ---------------------------------------------------------------------------------------------
// Adding up a text made of fixed pieces and values

/**
 * What {@link transliterateTidyWithCounts} learns from a fixed piece of a message (the text of a
 * template around its values), learnt once: a message is then counted by adding up its pieces and
 * scanning only the values (see {@link SmsAssembler}).
 */
export interface SmsPiece {
	/** The piece as written (with shortening marks). */
	original: string;
	/** In GSM-7. */
	text: string;
	septets: number;
	extension: boolean;
	gsm: boolean;
	pairs: number;
	marks: number;
	complex: boolean;
	/** A tab, carriage return, double space, space before a line break or third line break in a row within the piece. */
	untidy: boolean;
	/** Starts with a low surrogate or ends with a high one: half a pair, perhaps, with its neighbour. */
	split: boolean;
}

export function smsPiece(original: string): SmsPiece {
	const assembler = new SmsAssembler();
	assembler.value(original);
	const piece = assembler.asPiece(original);
	piece.text = oneByte(piece.text);
	return piece;
}

/**
 * The same text, stored one byte a character when every character fits in one. V8 keeps a slice
 * of a text in the text's own storage, two bytes a character as soon as the text holds one wider
 * character (the shortening marks are): every message joined from such a piece would be stored,
 * copied and kept until the end of the execution at twice the size.
 */
function oneByte(text: string): string {
	const codes: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code > 0xff) return text;
		codes.push(code);
	}
	let out = '';
	for (let i = 0; i < codes.length; i += 1024) out += String.fromCharCode(...codes.slice(i, i + 1024));
	return out;
}

/**
 * {@link transliterateTidyWithCounts} of a message given piece by piece (fixed pieces counted
 * beforehand, values scanned here), without joining and scanning the whole text again: the same
 * per-character rules, with the two characters before each piece carried over for the checks that
 * look back (a double space, a space before a line break, three line breaks). Whatever it cannot
 * answer exactly from the pieces (an untidy text, a surrogate pair cut between pieces, the UCS-2
 * parts of a long text with emoji or combining marks) makes {@link SmsAssembler.result} undefined:
 * the caller then counts the joined text the usual way.
 */
export class SmsAssembler {
	private out = '';
	private length = 0;
	private septets = 0;
	private extension = false;
	private gsm = true;
	private pairs = 0;
	private marks = 0;
	private complex = false;
	private untidy = false;
	private split = false;
	/** The first character of the message, and the last two so far (-1: none). */
	private first = -1;
	private last = -1;
	private beforeLast = -1;

	reset(): void {
		this.out = '';
		this.length = 0;
		this.septets = 0;
		this.extension = false;
		this.gsm = true;
		this.pairs = 0;
		this.marks = 0;
		this.complex = false;
		this.untidy = false;
		this.split = false;
		this.first = -1;
		this.last = -1;
		this.beforeLast = -1;
	}

	/** Adds a fixed piece, counted beforehand. */
	piece(piece: SmsPiece): void {
		const text = piece.original;
		const length = text.length;
		if (length === 0) return;
		this.out += piece.text;
		this.septets += piece.septets;
		if (piece.extension) this.extension = true;
		if (!piece.gsm) this.gsm = false;
		this.pairs += piece.pairs;
		this.marks += piece.marks;
		if (piece.complex) this.complex = true;
		if (piece.untidy || piece.split) this.untidy = true;
		// The piece's own checks could not see the characters before it: its first two are checked here.
		const c0 = text.charCodeAt(0);
		if ((c0 === 32 && this.last === 32) || (c0 === 10 && (this.last === 32 || (this.last === 10 && this.beforeLast === 10)))) this.untidy = true;
		if (length > 1 && text.charCodeAt(1) === 10 && c0 === 10 && this.last === 10) this.untidy = true;
		this.advance(text, length);
	}

	/** Adds a value: scanned as transliterateAndCount scans, character by character. */
	value(text: string): void {
		const length = text.length;
		if (length === 0) return;
		// Locals in the loop, written back once: V8 keeps them in registers.
		let septets = 0;
		let extension = false;
		let untidy = false;
		let last = this.last;
		let beforeLast = this.beforeLast;
		let out = '';
		let from = 0;
		for (let i = 0; i < length; i++) {
			const code = text.charCodeAt(i);
			const cost = GSM7_COST[code];
			if (cost !== 0) {
				septets += cost;
				if (cost === 2) extension = true;
				if (code <= 32 && (code === 13 || (code === 32 && last === 32) || (code === 10 && (last === 32 || (last === 10 && beforeLast === 10))))) untidy = true;
				beforeLast = last;
				last = code;
				continue;
			}
			if (code === 9) untidy = true;
			let replacement: string;
			const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
			// Half a pair at either end: it may pair with the neighbouring piece.
			if ((!pair && code >= 0xd800 && code <= 0xdbff && i === length - 1) || (i === 0 && (code & 0xfc00) === 0xdc00)) this.split = true;
			if (code === 0xfdd0 || code === 0xfdd1) {
				this.marks++;
				replacement = '';
			} else {
				this.gsm = false;
				if (pair) {
					this.pairs++;
					if (!this.complex && joins(code, text.charCodeAt(i + 1))) this.complex = true;
				} else if (!this.complex && code >= 0x0300 && joins(code, 0)) {
					this.complex = true;
				}
				let replacementSeptets: number;
				if (pair) {
					replacement = standIn(text.slice(i, i + 2));
					replacementSeptets = septetsOf(replacement);
				} else {
					replacement = STAND_IN_OF_CODE[code] ?? standInOfCode(code);
					replacementSeptets = STAND_IN_SEPTETS_OF_CODE[code];
				}
				septets += replacementSeptets;
				if (replacementSeptets > replacement.length) extension = true;
			}
			out += text.slice(from, i) + replacement;
			if (pair) {
				i++;
				beforeLast = code;
				last = text.charCodeAt(i);
			} else {
				beforeLast = last;
				last = code;
			}
			from = i + 1;
		}
		this.out += from === 0 ? text : out + text.slice(from);
		this.septets += septets;
		if (extension) this.extension = true;
		if (untidy) this.untidy = true;
		if (this.first < 0) this.first = text.charCodeAt(0);
		this.length += length;
		this.last = last;
		this.beforeLast = beforeLast;
	}

	/** What was added, as a fixed piece (for {@link smsPiece}). */
	asPiece(original: string): SmsPiece {
		const { out, septets, extension, gsm, pairs, marks, complex, untidy, split } = this;
		return { original, text: out, septets, extension, gsm, pairs, marks, complex, untidy, split };
	}

	private advance(text: string, length: number): void {
		if (this.first < 0) this.first = text.charCodeAt(0);
		this.length += length;
		this.beforeLast = length > 1 ? text.charCodeAt(length - 2) : this.last;
		this.last = text.charCodeAt(length - 1);
	}

	/** After {@link SmsAssembler.finish}: the text sent, and its counts and those of the text before the replacement. */
	text = '';
	segments = 0;
	units = 0;
	originalEncoding: SmsEncoding = 'GSM-7';
	originalSegments = 0;
	originalCharacters = 0;
	originalUnits = 0;
	replaced = false;

	/**
	 * Works out what transliterateTidyWithCounts gives for the joined text, into the fields above
	 * (no object made per message); false when the pieces cannot tell: count the joined text instead.
	 */
	finish(): boolean {
		if (this.length === 0 || this.first <= 32 || this.last <= 32 || this.untidy || this.split) return false;
		const sent = this.out;
		const septets = this.septets;
		let segments = sent.length === 0 ? 0 : 1;
		if (septets > GSM7_SINGLE) segments = this.extension ? analyzeSms(sent).segments : Math.ceil(septets / GSM7_PART);
		if (this.gsm) {
			this.originalEncoding = 'GSM-7';
			this.originalSegments = segments;
			this.originalCharacters = sent.length;
			this.originalUnits = septets;
			this.replaced = false;
		} else {
			const units = this.length - this.marks;
			// The parts of a long UCS-2 text with emoji or combining marks need the text itself.
			if (units > UCS2_SINGLE && (this.pairs > 0 || this.complex)) return false;
			this.originalEncoding = 'UCS-2';
			this.originalSegments = units <= UCS2_SINGLE ? 1 : Math.ceil(units / UCS2_PART);
			this.originalCharacters = units - this.pairs;
			this.originalUnits = units;
			this.replaced = true;
		}
		this.text = sent;
		this.segments = segments;
		this.units = septets;
		return true;
	}

	/** What transliterateTidyWithCounts gives for the joined text, or undefined: count the joined text instead. */
	result(): TransliteratedSms | undefined {
		if (!this.finish()) return undefined;
		const info: SmsInfo = { encoding: 'GSM-7', segments: this.segments, characters: this.text.length, units: this.units };
		if (!this.replaced) return { text: this.text, info, original: info, replaced: false };
		return {
			text: this.text,
			info,
			original: { encoding: this.originalEncoding, segments: this.originalSegments, characters: this.originalCharacters, units: this.originalUnits },
			replaced: true,
		};
	}
}

/** A double space, a carriage return, a space before a line break, or a third line break in a row, at `i`. */
function untidyAt(text: string, i: number, code: number): boolean {
	if (code === 32) return text.charCodeAt(i - 1) === 32;
	if (code === 13) return true;
	if (code === 10) {
		const before = text.charCodeAt(i - 1);
		return before === 32 || (before === 10 && text.charCodeAt(i - 2) === 10);
	}
	return false;
}

// ---------------------------------------------------------------------------------------------
// Shortening a designated part to fit a number of segments

/** Marks around a part of a message that may be shortened (Unicode noncharacters, never in real text). */
export const SHORTEN_START = '\ufdd0';
export const SHORTEN_END = '\ufdd1';

export interface FitResult {
	text: string;
	/** Whether a designated part had to be cut or dropped. */
	shortened: boolean;
}

const SHORTEN_MARKS = /[\ufdd0\ufdd1]/g;

/** Removes the shortening marks, keeping the text between them. */
export function stripShortenMarks(text: string): string {
	return text.replace(SHORTEN_MARKS, '');
}

interface Piece {
	text: string;
	shortenable: boolean;
}

function pieces(text: string): Piece[] | undefined {
	const out: Piece[] = [];
	let rest = text;
	while (rest.length > 0) {
		const start = rest.indexOf(SHORTEN_START);
		if (start < 0) {
			if (rest.indexOf(SHORTEN_END) >= 0) return undefined;
			out.push({ text: rest, shortenable: false });
			break;
		}
		const end = rest.indexOf(SHORTEN_END, start + 1);
		if (end < 0 || rest.slice(0, start).indexOf(SHORTEN_END) >= 0) return undefined;
		if (start > 0) out.push({ text: rest.slice(0, start), shortenable: false });
		out.push({ text: rest.slice(start + 1, end), shortenable: true });
		rest = rest.slice(end + 1);
	}
	return out;
}

function tidy(text: string): string {
	return text.replace(/[ \t]{2,}/g, ' ').replace(/ +([.,;:!?])/g, '$1').trim();
}

/**
 * Fits a marked text within `maxSegments` by cutting the marked parts, the last one first, word
 * by word (a cut part ends in "..."), down to dropping them. Returns undefined when even without
 * the marked parts the text is too long. `prepare` is what is applied before counting (e.g.
 * transliteration), so the fit is measured on what will be sent.
 */
export function fitToSegments(
	marked: string,
	maxSegments: number,
	prepare: (text: string) => string = (t) => t,
): FitResult | undefined {
	const measure = (text: string) => analyzeSms(prepare(text)).segments;
	const full = tidy(stripShortenMarks(marked));
	if (maxSegments <= 0 || measure(full) <= maxSegments) return { text: full, shortened: false };
	const parts = pieces(marked);
	if (!parts || !parts.some((p) => p.shortenable)) return undefined;
	const join = () => tidy(parts.map((p) => p.text).join(''));
	for (let k = parts.length - 1; k >= 0; k--) {
		const piece = parts[k];
		if (!piece.shortenable) continue;
		const original = piece.text;
		const words = original.split(/(\s+)/);
		// Binary search for the most words of this part that still fit.
		let lo = 0;
		let hi = words.length;
		let best = -1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			piece.text = mid === words.length ? original : cut(words, mid);
			if (measure(join()) <= maxSegments) {
				best = mid;
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		if (best >= 0) {
			piece.text = best === words.length ? original : cut(words, best);
			return { text: join(), shortened: true };
		}
		piece.text = '';
	}
	return undefined;
}

function cut(words: string[], count: number): string {
	const kept = words.slice(0, count).join('').replace(/[\s,;:.]+$/, '');
	return kept.trim() === '' ? '' : `${kept}...`;
}
