/**
 * Classify Reply's core speed: replies per second through `classify` over the corpus of real-looking
 * replies (dates, quotes, buttons and media included), repeated to 200,000 classifications, median
 * of 5 runs; beside it, in the same process, a naive baseline as a user's Code node would do it
 * (one regular expression per intent, tried in turn), with the accuracy each gets on the corpus.
 * Prints figures, asserts nothing.
 *
 *   npx tsx bench/replies.ts [--count 200000] [--runs 5]
 */
import { performance } from 'node:perf_hooks';

import { type ReplyInput, type ReplyIntent, createReplyClassifier } from '../nodes/core/replies';
import { evaluateCorpus, loadCorpus } from '../scripts/reply-accuracy';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const COUNT = arg('count', 200_000);
const RUNS = arg('runs', 5);

const corpus = loadCorpus();
const inputs: ReplyInput[] = corpus.replies.map((row) => ({
	text: row.text,
	at: row.at ?? corpus.at,
	timezone: row.timezone ?? corpus.timezones[row.lang],
	buttonPayload: row.button?.payload,
	buttonText: row.button?.text,
	media: row.media,
}));

/** What a user might write in a Code node: lower case, accents off, the first matching list wins. */
const NAIVE_RULES: Array<[ReplyIntent, RegExp]> = [
	['opt_out', /\b(parar|sair|pare|cancelar|stop|stopall|baja|alto|unsubscribe|nao quero mais receber|no me manden|ya no me escriban|remove me)\b/],
	['wrong_person', /\b(numero errado|nao sou|no soy|numero equivocado|wrong number|wrong person|engano)\b/],
	['dispute', /\b(nao reconheco|no reconozco|indevida|golpe|fraude|scam|don'?t owe|nao devo|no debo|fraud)\b/],
	['already_paid', /\b(ja paguei|paguei|ya pague|pagado|i paid|already paid|comprovante|comprobante|receipt)\b/],
	['promise_to_pay', /\b(pago|vou pagar|le pago|i'?ll pay|will pay|amanha|manana|tomorrow|sexta|viernes|friday|semana que vem|next week)\b/],
	['human', /\b(atendente|me liga|llamenme|llamame|call me|representative|falar com|hablar con)\b/],
	['negotiate', /\b(parcelar|desconto|negociar|acordo|descuento|parcialidades|convenio|payment plan|installments|discount)\b/],
	['payment_info', /\b(boleto|pix|link|segunda via|ficha|referencia|clabe|how much|quanto|cuanto)\b/],
];

function naiveClassify(input: ReplyInput): ReplyIntent {
	const raw = typeof input.text === 'string' && input.text.trim() !== '' ? input.text : typeof input.buttonText === 'string' ? input.buttonText : '';
	const text = raw
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
	for (const [intent, re] of NAIVE_RULES) if (re.test(text)) return intent;
	return 'other';
}

function median(values: number[]): number {
	const sorted = values.slice().sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Rates {
	/** Replies per second of wall-clock time. */
	wall: number[];
	/** Replies per second of this process's CPU time: steadier on a machine shared with other work. */
	cpu: number[];
}

const WARM_UP = 50_000;

function measure(name: string, classify: (input: ReplyInput) => unknown): Rates {
	let sink = 0;
	// Warm-up, so that the runs measure optimised code rather than the compiler's tiers.
	for (let i = 0; i < WARM_UP; i++) sink += classify(inputs[i % inputs.length]) ? 1 : 0;
	const rates: Rates = { wall: [], cpu: [] };
	for (let run = 0; run < RUNS; run++) {
		const cpu = process.cpuUsage();
		const started = performance.now();
		for (let i = 0; i < COUNT; i++) sink += classify(inputs[i % inputs.length]) ? 1 : 0;
		const ms = performance.now() - started;
		const used = process.cpuUsage(cpu);
		rates.wall.push(COUNT / (ms / 1000));
		rates.cpu.push(COUNT / ((used.user + used.system) / 1e6));
	}
	if (sink < 0) console.log(name); // keeps the results alive
	return rates;
}

function fmt(rate: number): string {
	return Math.round(rate).toLocaleString('en-US');
}

const classifier = createReplyClassifier();
const started = performance.now();
createReplyClassifier({ extraPhrases: { already_paid: 'acertei na loja' }, extraOptOutWords: 'nunca mais' });
const compileMs = performance.now() - started;

// Two functions, so that each measured loop has one call target.
const core = measure('classify', function classifyWithCore(input) {
	return classifier.classify(input);
});
const naive = measure('naive', function classifyNaively(input) {
	return naiveClassify(input);
});

const results = evaluateCorpus(corpus);
const coreAccuracy = results.filter((r) => r.intentOk).length / results.length;
const naiveAccuracy = corpus.replies.filter((row, i) => naiveClassify(inputs[i]) === row.expect.intent).length / corpus.replies.length;
const optOuts = corpus.replies.map((row, i) => ({ row, naive: naiveClassify(inputs[i]) }));
const naiveOptOutFalse = optOuts.filter((r) => r.row.expect.intent !== 'opt_out' && r.naive === 'opt_out').length;

console.log(`Classify Reply core on ${inputs.length} corpus replies, ${COUNT.toLocaleString('en-US')} classifications per run, ${RUNS} runs (Node ${process.version}, ${process.platform}/${process.arch})`);
console.log(`  classify (this package)   median ${fmt(median(core.wall))} replies/s wall, ${fmt(median(core.cpu))} per CPU-second   (wall runs: ${core.wall.map(fmt).join(', ')})`);
console.log(`  naive regex baseline      median ${fmt(median(naive.wall))} replies/s wall, ${fmt(median(naive.cpu))} per CPU-second   (wall runs: ${naive.wall.map(fmt).join(', ')})`);
console.log(`  per reply: classify ${(1e6 / median(core.wall)).toFixed(2)} µs, baseline ${(1e6 / median(naive.wall)).toFixed(2)} µs (wall)`);
console.log(`  compiling a classifier with extra phrases: ${compileMs.toFixed(1)} ms (once per execution)`);
console.log(`Accuracy on the same corpus: classify ${(coreAccuracy * 100).toFixed(1)}%, naive baseline ${(naiveAccuracy * 100).toFixed(1)}% (its false opt-outs: ${naiveOptOutFalse})`);
console.log(`Target: 100,000 replies/s; ${median(core.wall) >= 100_000 ? 'met' : 'NOT met'} on this machine (wall clock).`);
