import { config } from '@n8n/node-cli/eslint';

// The n8n community-node rules (node-cli's default config, the one the scanner mirrors) apply in
// full to nodes/, credentials/ and package.json. Tests and developer scripts are not shipped and
// need what shipped code may not touch (timers, process, child processes, devDependencies), so
// only those community rules are relaxed there; TypeScript's own recommended rules still apply.
export default [
	...config,
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
	// The runtime dependencies: the two architecture.md allows, handlebars (templates ops staff can
	// edit) and libphonenumber-js (phone numbers), and ioredis for the shared record of sent messages
	// in n8n queue mode (issue 10; README "Scaling out" gives the reason). They make the package
	// self-hosted only (n8n installs a community package's dependencies; n8n Cloud's verified list
	// does not allow any), so these two rules are relaxed for package.json and for the only files
	// that import them. Every other scanner rule stays on.
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		files: ['nodes/core/templates/**/*.ts', 'nodes/core/phone.ts', 'nodes/SendViaGateway/redis.ts'],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	// date-holidays (issue 18): maintained holiday data for Brazil's 27 states, the US states and
	// Mexico, with its CC BY-SA data credited in the README; loaded lazily by this one file.
	{
		files: ['nodes/core/jurisdictions/holidays.ts'],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	// n8n's own Redis credential (`redis`) for the shared record of sent messages in queue mode: the
	// Send node and Dunning Events take it through PROVIDER_CREDENTIALS; Classify Reply names it here.
	// Reusing it is deliberate (README "Scaling out"): one Redis, one credential, for n8n and the record.
	{
		files: ['nodes/ClassifyReply/ClassifyReply.node.ts'],
		rules: {
			'@n8n/community-nodes/no-credential-reuse': 'off',
			'@n8n/community-nodes/valid-credential-references': 'off',
			'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/missing-paired-item': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-silent-error-swallowing': 'off',
			'no-console': 'off',
		},
	},
];
