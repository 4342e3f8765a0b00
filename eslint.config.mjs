import { config } from '@n8n/node-cli/eslint';

// The n8n community-node rules (node-cli's default config, the one the scanner mirrors) apply in
// full to nodes/, credentials/ and package.json. Tests and developer scripts are not shipped and
// need what shipped code may not touch (timers, process, child processes, devDependencies), so
// only those community rules are relaxed there; TypeScript's own recommended rules still apply.
export default [
	...config,
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
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
