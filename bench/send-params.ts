/**
 * Which send-policy parameters the built Send node has (concurrency, rate limit, the ledger), and
 * where they sit in its parameters (top level or inside a collection), read from its description
 * so that the benchmark follows the node as it is wired.
 */
import path from 'node:path';

import { REPO_ROOT } from '../test/e2e/harness';

interface Property {
	name: string;
	type: string;
	value?: unknown;
	options?: Array<Property | { name: string; values?: Property[] }>;
	values?: Property[];
}

export interface SendParameterPaths {
	concurrency?: string[];
	rate?: string[];
	burst?: string[];
	ledger?: string[];
	/** Contact hours (quiet hours skip messages): switched off, so that the benchmark sends at any hour. */
	contactHours?: string[];
}

function search(properties: Property[], match: (p: Property) => boolean, prefix: string[] = []): string[] | undefined {
	for (const p of properties) {
		if (match(p)) return [...prefix, p.name];
		if (p.type === 'collection' && p.options) {
			const found = search(p.options as Property[], match, [...prefix, p.name]);
			if (found) return found;
		}
		if (p.type === 'fixedCollection' && p.options) {
			for (const group of p.options as Array<{ name: string; values?: Property[] }>) {
				const found = search(group.values ?? [], match, [...prefix, p.name, group.name]);
				if (found) return found;
			}
		}
	}
	return undefined;
}

export function sendParameterPaths(): SendParameterPaths {
	const file = path.join(REPO_ROOT, 'dist', 'nodes', 'SendViaGateway', 'SendViaGateway.node.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SendViaGateway } = require(file) as { SendViaGateway: new () => { description: { properties: Property[] } } };
	const properties = new SendViaGateway().description.properties;
	return {
		concurrency: search(properties, (p) => p.type === 'number' && /concurren/i.test(p.name)),
		rate: search(properties, (p) => p.type === 'number' && /(perSecond|rateLimit|^rate$)/i.test(p.name)),
		burst: search(properties, (p) => p.type === 'number' && /^burst$/i.test(p.name)),
		ledger: search(properties, (p) => p.type === 'boolean' && /(alreadySent|ledger|dedup)/i.test(p.name)),
		contactHours: search(
			properties,
			(p) => p.type === 'options' && /contactHours/i.test(p.name) && (p.options ?? []).some((o) => (o as Property).value === 'off'),
		),
	};
}

/** Sets `value` at `path` in a node's parameters object (collections are nested objects). */
export function setParameter(parameters: Record<string, unknown>, at: string[], value: unknown): void {
	let node = parameters;
	for (let i = 0; i < at.length - 1; i++) {
		const next = (node[at[i]] as Record<string, unknown> | undefined) ?? {};
		node[at[i]] = next;
		node = next;
	}
	node[at[at.length - 1]] = value;
}
