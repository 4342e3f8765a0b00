/**
 * Whether a page names a parameter: the whole name, not the start of a longer one ("Dry Run" is not
 * named by "Dry Run As Of") nor the end of one. Used by test/core/docs.test.ts (the node
 * descriptions) and test/e2e/editor.e2e.test.ts (the labels the editor's panel shows).
 */
export function namedOn(text: string, displayName: string): boolean {
	const escaped = displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<![\\w-]|\\b[A-Z]\\w* )${escaped}(?![\\w-]| [A-Z][a-z])`).test(text);
}
