/**
 * Test order for jest. The e2e suites run in two workers (scripts/run.mjs), and a worker that takes
 * the longest suite last keeps the run waiting for it alone: so they start longest first, from the
 * seconds each took in a full run on a 2-core machine (only the order matters; a suite missing
 * here goes after these, in jest's own order). Everything else keeps jest's own order.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Seconds per e2e suite in the run of 2026-12-03 (n8n 2.41.1, one worker). */
const E2E_SECONDS = {
	queueMode: 442,
	// Not in that run: the large portfolio in pages over two queue-mode workers (169 s alone, 2026-12-03).
	largePortfolio: 170,
	editor: 384,
	shippedWorkflows: 356,
	// Not in that run: the demo and its report in Chromium (scripts/demo.ts, about 3 minutes alone).
	demo: 180,
	'reliability.badInput': 197,
	conversation: 193,
	dunningEvents: 171,
	sendViaGateway: 115,
	security: 102,
	negotiationWhatsapp: 98,
	segmentDebtor: 96,
	sendPolicy: 90,
	'reliability.faults': 88,
	jurisdictions: 79,
	pipeline: 71,
	redisLedger: 63,
	renderCollectionMessage: 53,
	'reliability.kill': 48,
	dunningStage: 35,
};

function seconds(test) {
	const name = path.basename(test.path).replace(/\.e2e\.test\.ts$/, '');
	return test.path.includes(`${path.sep}e2e${path.sep}`) ? E2E_SECONDS[name] : undefined;
}

class LongestFirst extends Sequencer {
	sort(tests) {
		const jestOrder = super.sort(tests);
		const known = jestOrder.filter((test) => seconds(test) !== undefined);
		known.sort((a, b) => seconds(b) - seconds(a));
		return [...known, ...jestOrder.filter((test) => seconds(test) === undefined)];
	}
}

module.exports = LongestFirst;
