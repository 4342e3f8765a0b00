/**
 * Classify Reply's accuracy on the corpus of real-looking replies (test/fixtures/replies/corpus.json):
 * overall, per intent (precision and recall), per language, the confusion table, the promised dates,
 * and the ids of every reply read wrong, with what was expected and why the classifier decided.
 *
 *   npx tsx scripts/reply-accuracy.ts [--quiet]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createReplyClassifier } from '../nodes/core/replies';
import { type OfferChoice, REPLY_INTENTS, type Reply, type ReplyIntent } from '../nodes/core/replies/types';

export interface CorpusRow {
	id: string;
	lang: 'pt' | 'es' | 'en';
	/** 1: written before the lexicon; 2 and 3: written later, each measured once before any change; 4: choices of an offer's option (see the corpus README). */
	batch: 1 | 2 | 3 | 4;
	text: string;
	at?: string;
	timezone?: string;
	button?: { payload?: string; text?: string };
	media?: Array<{ type?: string; mime?: string }>;
	expect: {
		intent: ReplyIntent;
		intents?: ReplyIntent[];
		optOutScope?: 'channel' | 'all';
		promiseDate?: string | null;
		promiseRange?: { from: string; to: string } | null;
		/** The option of an offer chosen (reply.choice), or null where the reply must choose nothing ("quero negociar"). */
		choice?: OfferChoice | null;
	};
}

export interface Corpus {
	at: string;
	timezones: Record<string, string>;
	replies: CorpusRow[];
}

export function loadCorpus(): Corpus {
	return JSON.parse(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'replies', 'corpus.json'), 'utf8')) as Corpus;
}

export interface RowResult {
	row: CorpusRow;
	reply: Reply;
	intentOk: boolean;
	intentsOk: boolean;
	scopeOk: boolean;
	/** null when the row states no date expectation. */
	dateOk: boolean | null;
	/** null when the row states no choice expectation. */
	choiceOk: boolean | null;
}

export function evaluateCorpus(corpus: Corpus = loadCorpus()): RowResult[] {
	const classifier = createReplyClassifier();
	return corpus.replies.map((row) => {
		const reply = classifier.classify({
			text: row.text,
			at: row.at ?? corpus.at,
			timezone: row.timezone ?? corpus.timezones[row.lang],
			buttonPayload: row.button?.payload,
			buttonText: row.button?.text,
			media: row.media,
		});
		const e = row.expect;
		let dateOk: boolean | null = null;
		if ('promiseDate' in e || 'promiseRange' in e) {
			const wantRange = e.promiseRange ?? null;
			const gotRange = reply.promiseRange ? { from: reply.promiseRange.from, to: reply.promiseRange.to } : null;
			dateOk = (e.promiseDate ?? null) === reply.promiseDate && JSON.stringify(wantRange) === JSON.stringify(gotRange);
		}
		return {
			row,
			reply,
			intentOk: reply.intent === e.intent,
			intentsOk: e.intents === undefined || JSON.stringify(e.intents) === JSON.stringify(reply.intents),
			scopeOk: e.optOutScope === undefined || e.optOutScope === reply.optOutScope,
			dateOk,
			choiceOk: e.choice === undefined ? null : JSON.stringify(e.choice) === JSON.stringify(reply.choice),
		};
	});
}

export interface IntentFigures {
	intent: ReplyIntent;
	expected: number;
	predicted: number;
	correct: number;
	precision: number;
	recall: number;
}

export function intentFigures(results: RowResult[]): IntentFigures[] {
	return REPLY_INTENTS.map((intent) => {
		const expected = results.filter((r) => r.row.expect.intent === intent).length;
		const predicted = results.filter((r) => r.reply.intent === intent).length;
		const correct = results.filter((r) => r.row.expect.intent === intent && r.reply.intent === intent).length;
		return { intent, expected, predicted, correct, precision: predicted ? correct / predicted : 1, recall: expected ? correct / expected : 1 };
	});
}

function pct(x: number): string {
	return `${(x * 100).toFixed(1)}%`;
}

function main(): void {
	const quiet = process.argv.includes('--quiet');
	const results = evaluateCorpus();
	const total = results.length;
	const correct = results.filter((r) => r.intentOk).length;
	console.log(`Classify Reply on ${total} replies: intent accuracy ${pct(correct / total)} (${correct}/${total})`);
	const full = results.filter((r) => r.intentOk && r.intentsOk && r.scopeOk && r.dateOk !== false && r.choiceOk !== false).length;
	console.log(`All expectations met (intent, intents, opt-out scope, date, choice): ${pct(full / total)} (${full}/${total})`);
	for (const batch of [1, 2, 3, 4] as const) {
		const rows = results.filter((r) => r.row.batch === batch);
		if (rows.length === 0) continue;
		const name = `batch ${batch}`;
		const ok = rows.filter((r) => r.intentOk).length;
		const dated = rows.filter((r) => r.dateOk !== null);
		const optOut = rows.filter((r) => r.row.expect.intent === 'opt_out');
		const chose = rows.filter((r) => r.choiceOk !== null);
		const parts = [`intent ${pct(ok / rows.length)}`];
		if (dated.length > 0) parts.push(`dates ${pct(dated.filter((r) => r.dateOk).length / dated.length)} of ${dated.length}`);
		if (optOut.length > 0) parts.push(`opt-out recall ${pct(optOut.filter((r) => r.reply.intent === 'opt_out').length / optOut.length)}`);
		if (chose.length > 0) parts.push(`choices ${pct(chose.filter((r) => r.choiceOk).length / chose.length)} of ${chose.length}`);
		console.log(`  ${name.padEnd(13)} ${String(rows.length).padStart(4)} replies: ${parts.join(', ')}`);
	}
	console.log('');

	console.log('Per intent            expected  predicted  precision  recall');
	for (const f of intentFigures(results)) {
		console.log(`  ${f.intent.padEnd(18)} ${String(f.expected).padStart(8)} ${String(f.predicted).padStart(10)} ${pct(f.precision).padStart(10)} ${pct(f.recall).padStart(7)}`);
	}

	console.log('\nPer language  replies  accuracy');
	for (const lang of ['pt', 'es', 'en'] as const) {
		const rows = results.filter((r) => r.row.lang === lang);
		const ok = rows.filter((r) => r.intentOk).length;
		console.log(`  ${lang.padEnd(11)} ${String(rows.length).padStart(7)} ${pct(ok / rows.length).padStart(9)}`);
	}

	const dated = results.filter((r) => r.dateOk !== null);
	const datedOk = dated.filter((r) => r.dateOk).length;
	console.log(`\nDates: ${pct(datedOk / dated.length)} of ${dated.length} replies with an expected promise date, range or none (${datedOk} right)`);
	const chose = results.filter((r) => r.choiceOk !== null);
	console.log(`Choices of an offer's option: ${pct(chose.filter((r) => r.choiceOk).length / (chose.length || 1))} of ${chose.length} replies with an expected choice or none`);
	const optOut = results.filter((r) => r.row.expect.intent === 'opt_out');
	console.log(`Opt-out recall: ${pct(optOut.filter((r) => r.reply.intent === 'opt_out').length / optOut.length)} of ${optOut.length}`);
	const falseOptOut = results.filter((r) => r.row.expect.intent !== 'opt_out' && r.reply.intent === 'opt_out');
	console.log(`Opt-out false positives: ${falseOptOut.length}${falseOptOut.length ? ` (${falseOptOut.map((r) => r.row.id).join(', ')})` : ''}`);

	console.log('\nConfusion (rows: expected, columns: predicted)');
	const short = (i: string) => i.replace('promise_to_pay', 'promise').replace('already_paid', 'paid').replace('payment_info', 'pay_info').replace('wrong_person', 'wrong').replace('negotiate', 'negot');
	console.log(`  ${''.padEnd(10)}${REPLY_INTENTS.map((i) => short(i).padStart(9)).join('')}`);
	for (const expected of REPLY_INTENTS) {
		const cells = REPLY_INTENTS.map((predicted) => {
			const n = results.filter((r) => r.row.expect.intent === expected && r.reply.intent === predicted).length;
			return (n ? String(n) : '.').padStart(9);
		});
		console.log(`  ${short(expected).padEnd(10)}${cells.join('')}`);
	}

	const wrong = results.filter((r) => !r.intentOk || !r.intentsOk || !r.scopeOk || r.dateOk === false || r.choiceOk === false);
	console.log(`\nMisread (${wrong.length}): ${wrong.map((r) => r.row.id).join(', ') || 'none'}`);
	if (!quiet) {
		for (const r of wrong) {
			const e = r.row.expect;
			const what: string[] = [];
			if (!r.intentOk) what.push(`intent ${r.reply.intent}, expected ${e.intent}`);
			if (!r.intentsOk) what.push(`intents ${r.reply.intents.join('+')}, expected ${(e.intents ?? []).join('+')}`);
			if (!r.scopeOk) what.push(`scope ${r.reply.optOutScope}, expected ${e.optOutScope}`);
			if (r.dateOk === false) what.push(`date ${r.reply.promiseDate ?? JSON.stringify(r.reply.promiseRange)}, expected ${e.promiseDate ?? JSON.stringify(e.promiseRange ?? null)}`);
			if (r.choiceOk === false) what.push(`choice ${JSON.stringify(r.reply.choice)}, expected ${JSON.stringify(e.choice)}`);
			console.log(`  ${r.row.id} ${JSON.stringify(r.row.text.length > 70 ? `${r.row.text.slice(0, 70)}…` : r.row.text)}: ${what.join('; ')}\n      ${r.reply.reasons}`);
		}
	}
}

if (require.main === module) main();
