/** Three depths of tests: pure core functions, node execute() with a mocked context, and the
 * end-to-end suite that drives a real, pinned n8n (see test/e2e/harness.ts): every e2e suite on
 * n8n 2.x (project `e2e`), and the core subset on n8n 1.x (project `e2e-n8n1`, README
 * "Compatibility"). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const common = { testEnvironment: 'node', modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tmp/'] };
/** The e2e core subset that also runs on n8n 1.x: install of the packed package (global setup),
 * every shipped workflow imported and run, the nodes chained per provider, Dunning Events, and bad
 * rows through the whole chain in both continue modes (n8n 1.x routes error items differently). */
const N8N1_CORE_SUBSET = ['shippedWorkflows', 'pipeline', 'dunningEvents', 'reliability.badInput'];

module.exports = {
	// Longest e2e suites first, so that two workers end together (test/sequencer.js).
	testSequencer: '<rootDir>/test/sequencer.js',
	projects: [
		{
			displayName: 'core',
			testMatch: ['<rootDir>/test/core/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			...common,
		},
		{
			displayName: 'nodes',
			testMatch: ['<rootDir>/test/nodes/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			...common,
		},
		{
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			...common,
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			slowTestThreshold: 120,
		},
		{
			displayName: 'e2e-n8n1',
			testMatch: N8N1_CORE_SUBSET.map((name) => `<rootDir>/test/e2e/${name}.e2e.test.ts`),
			transform: { '^.+\\.ts$': tsJest },
			...common,
			// Read by the test harness only (test/e2e/harness.ts selectedRuntime), never by the package.
			globals: { DUNNING_N8N_RUNTIME: '1.x' },
			globalSetup: '<rootDir>/test/e2e/global-setup-n8n1.ts',
			slowTestThreshold: 120,
		},
	],
};
