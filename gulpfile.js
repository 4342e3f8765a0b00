// Copies the files tsc does not emit (node and credential icons, codex files) into dist/, next
// to the compiled node files, where n8n's loader looks for them.
const { src, dest, parallel } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'nodes/core/templates/whatsapp-templates.json'], {
		encoding: false,
		base: 'nodes',
	}).pipe(
		dest('dist/nodes'),
	);
}

function copyCredentialAssets() {
	return src(['credentials/**/*.svg', 'credentials/**/*.png'], {
		encoding: false,
		allowEmpty: true,
	}).pipe(dest('dist/credentials'));
}

exports['build:assets'] = parallel(copyNodeAssets, copyCredentialAssets);
