/** Medians and the figures' formatting. */

export interface Spread {
	median: number;
	min: number;
	max: number;
	n: number;
}

export function spread(values: number[]): Spread | undefined {
	const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (v.length === 0) return undefined;
	const mid = Math.floor(v.length / 2);
	const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
	return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

export function fmtInt(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}

/** 12.3 below 100, whole numbers above, with thousands separators. */
export function fmtNum(n: number): string {
	if (!Number.isFinite(n)) return '—';
	if (Math.abs(n) < 10) return n.toFixed(2);
	if (Math.abs(n) < 100) return n.toFixed(1);
	return fmtInt(n);
}

export function fmtSpread(s: Spread | undefined, scale = 1): string {
	if (!s) return '—';
	if (s.n === 1) return fmtNum(s.median * scale);
	return `${fmtNum(s.median * scale)} (${fmtNum(s.min * scale)}–${fmtNum(s.max * scale)})`;
}

export function mb(bytes: number): number {
	return bytes / (1024 * 1024);
}

export function markdownTable(header: string[], rows: string[][]): string {
	const esc = (c: string) => c.replace(/\|/g, '\\|');
	return [
		`| ${header.map(esc).join(' | ')} |`,
		`|${header.map(() => '---').join('|')}|`,
		...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
	].join('\n');
}

/** The same table for a terminal: columns padded, no pipes. */
export function textTable(header: string[], rows: string[][]): string {
	const all = [header, ...rows];
	const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
	return all.map((r) => r.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}
