/** Three depths of tests: pure core functions, node execute() with a mocked context, and the
 * end-to-end suite that drives a real, pinned n8n (see test/e2e/harness.ts). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const common = { testEnvironment: 'node', modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tmp/'] };

module.exports = {
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
	],
};
