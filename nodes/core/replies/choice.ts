/**
 * Which option of an offer a reply chooses: a number of instalments ("quero em 3x", "3 vezes",
 * "parcelar em 3", "en 3 pagos", "3 installments"), an option by its place in the offer ("opção 2",
 * "a segunda", "opción 2", "option 2", "the second one"), or the settlement ("à vista", "quero o
 * desconto", "de contado", "pay in full").
 *
 * A choice counts only when it is not negated in its clause ("não consigo pagar à vista", "no quiero
 * en 3 pagos"); the settlement also not in a question ("tem desconto pra pagar à vista?" asks, it does
 * not choose). A bare ordinal ("a segunda", "la primera", "the second one") counts only when the reply is
 * nothing else: "segunda" is also Monday.
 */
import { NEGATORS, NUMBER_WORDS, ORDINAL_WORDS, SETTLEMENT_GROUPS, WORD_CLASSES, FILLERS, canonicalWords } from './lexicon';
import { PhraseIndex } from './phrases';
import type { ReplyTokens } from './text';
import type { OfferChoice, ReplyLanguage } from './types';

const INSTALMENT_UNITS = new Set(WORD_CLASSES.instalmentUnit);
const OPTION_WORDS = new Set(['opcao', 'opcion', 'option', 'proposta', 'propuesta', 'plano', 'plan', 'alternativa', 'oferta', 'offer']);
/** Verbs of splitting or paying that take "em/en/in <n>" for a number of instalments ("parcelar em 3"). */
const SPLIT_VERBS = new Set(['parcelar', 'parcela', 'parcelado', 'parcelada', 'parcelo', 'dividir', 'divide', 'dividido', 'dividida', 'divido', 'pagar', 'pago', 'pay', 'split', 'diferir', 'diferido']);
const IN_WORDS = new Set(['em', 'en', 'in']);
/** Before a bare ordinal ("a segunda"): an article. */
const ARTICLES = new Set(['a', 'o', 'la', 'el', 'the']);
/** Words that may surround a bare ordinal in a reply that only chooses ("fico com a segunda", "I'll take the second one"). */
const CHOOSING_WORDS: ReadonlySet<string> = new Set([
	...FILLERS,
	...canonicalWords(
		'quero queria gostaria fico com vou de pode ser prefiro escolho aceito pra mim me quiero quisiera quedo con prefiero elijo acepto voy ' +
			'i ill id take want choose go with like prefer pick one opcao opcion option proposta propuesta oferta offer plano plan',
	),
]);

let settlementIndex: PhraseIndex | null = null;

export interface ReadChoice {
	choice: OfferChoice;
	/** The words that decided, as written. */
	words: string[];
	/** The first token of the words that decided. */
	start: number;
	end: number;
}

function surfaceOf(t: ReplyTokens, start: number, end: number): string {
	return t.surface.slice(start, end).join(' ');
}

/** A negation earlier in the token's clause ("não consigo pagar à vista"); Portuguese "no" is "in the". */
function negatedInClause(t: ReplyTokens, start: number, language: ReplyLanguage): boolean {
	const clause = t.clause[start];
	for (let k = start - 1; k >= 0 && t.clause[k] === clause; k--) {
		const w = t.canon[k];
		if (!NEGATORS.has(w)) continue;
		if (w === 'no' && language === 'pt') continue;
		return true;
	}
	return false;
}

function numberAt(t: ReplyTokens, i: number): number {
	const w = t.canon[i];
	if (w === '#n') return /^\d{1,2}$/.test(t.surface[i]) ? parseInt(t.surface[i], 10) : NaN;
	return NUMBER_WORDS[w] ?? NaN;
}

function ordinalAt(t: ReplyTokens, i: number): number {
	const w = t.canon[i];
	if (w === '#o') return parseInt(t.surface[i], 10);
	return ORDINAL_WORDS[w] ?? NaN;
}

const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;

/** The choice a reply makes, or null ("quero negociar", "tem desconto?"). */
export function readChoice(t: ReplyTokens, language: ReplyLanguage): ReadChoice | null {
	const choice: OfferChoice = {};
	const words: string[] = [];
	let start = -1;
	let end = -1;
	const take = (from: number, to: number) => {
		words.push(surfaceOf(t, from, to));
		if (start < 0 || from < start) start = from;
		if (to > end) end = to;
	};
	const n = t.canon.length;
	for (let i = 0; i < n; i++) {
		const w = t.canon[i];
		if (choice.instalments === undefined && !negatedInClause(t, i, language)) {
			let count = NaN;
			let to = i + 1;
			if (w === '#x') count = parseInt(t.surface[i], 10);
			else if (i + 1 < n && t.clause[i + 1] === t.clause[i] && INSTALMENT_UNITS.has(t.canon[i + 1])) {
				count = numberAt(t, i);
				to = i + 2;
			} else if (SPLIT_VERBS.has(w) && i + 2 < n && IN_WORDS.has(t.canon[i + 1]) && t.clause[i + 2] === t.clause[i]) {
				// "parcelar em 3", "pay in 3": the number ends its clause (else "pagar em 3 dias" is a day).
				const after = i + 3;
				if (after >= n || t.clause[after] !== t.clause[i] || INSTALMENT_UNITS.has(t.canon[after])) {
					count = numberAt(t, i + 2);
					to = after < n && t.clause[after] === t.clause[i] ? after + 1 : i + 3;
				}
			}
			if (inRange(count, 99)) {
				choice.instalments = count;
				take(i, to);
			}
		}
		if (choice.option === undefined && OPTION_WORDS.has(w) && !negatedInClause(t, i, language)) {
			// "opção 2", "opción B", "la segunda opción", "2ª opção"; not "opção de 4 pagos" (instalments) nor "opção à vista".
			const next = i + 1 < n ? t.canon[i + 1] : '';
			let k = NaN;
			let from = i;
			let to = i + 1;
			if (i + 1 < n && !(i + 2 < n && INSTALMENT_UNITS.has(t.canon[i + 2]))) {
				k = next === '#n' || NUMBER_WORDS[next] !== undefined ? numberAt(t, i + 1) : /^[abc]$/.test(next) && t.canon[i + 2] !== 'vista' ? next.charCodeAt(0) - 96 : NaN;
				to = i + 2;
			}
			if (!inRange(k, 20) && i > 0) {
				k = ordinalAt(t, i - 1);
				from = i - 1;
				to = i + 1;
			}
			if (inRange(k, 20)) {
				choice.option = k;
				take(from, to);
			}
		}
	}
	// "a segunda", "la primera", "fico com a 2", "the second one": the whole reply is the choice.
	if (choice.option === undefined && choice.instalments === undefined) {
		for (let i = 1; i < n; i++) {
			if (!ARTICLES.has(t.canon[i - 1])) continue;
			const k = t.canon[i] === '#n' ? numberAt(t, i) : ordinalAt(t, i);
			if (!inRange(k, 20)) continue;
			let alone = true;
			for (let j = 0; j < n && alone; j++) if (j !== i && j !== i - 1 && !CHOOSING_WORDS.has(t.canon[j])) alone = false;
			if (alone && !negatedInClause(t, i, language)) {
				choice.option = k;
				take(i - 1, i + 1);
			}
			break;
		}
	}
	settlementIndex ??= new PhraseIndex(SETTLEMENT_GROUPS);
	for (const m of settlementIndex.matchAll(t)) {
		if (choice.settlement) break;
		if (t.questionClause[t.clause[m.start]] || negatedInClause(t, m.start, language)) continue;
		choice.settlement = true;
		take(m.start, m.end);
	}
	if (words.length === 0) return null;
	return { choice, words, start, end };
}

/** "3 instalments", "option 2", "the settlement", joined with "and". */
export function describeChoice(choice: OfferChoice): string {
	const parts: string[] = [];
	if (choice.option !== undefined) parts.push(`option ${choice.option}`);
	if (choice.instalments !== undefined) parts.push(`${choice.instalments} instalment${choice.instalments === 1 ? '' : 's'}`);
	if (choice.settlement) parts.push('the settlement (paying in one go)');
	return parts.join(' and ');
}
