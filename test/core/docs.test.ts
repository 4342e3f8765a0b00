/**
 * The documentation keeps up with the code: every node parameter is named on its node's page (the
 * page its codex file links to), every credential's documentation URL is a docs file, every
 * relative link in README.md, RELIABILITY.md and docs/ resolves (file and heading anchor, with
 * GitHub's slug rules), and the README stays a ten-minute read.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import type { ICredentialType, INodeProperties, INodePropertyCollection, INodeType } from 'n8n-workflow';

import { DunningHttpGatewayApi } from '../../credentials/DunningHttpGatewayApi.credentials';
import { DunningInfobipApi } from '../../credentials/DunningInfobipApi.credentials';
import { DunningTwilioApi } from '../../credentials/DunningTwilioApi.credentials';
import { DunningWhatsAppCloudApi } from '../../credentials/DunningWhatsAppCloudApi.credentials';
import { DunningZenviaApi } from '../../credentials/DunningZenviaApi.credentials';
import { ClassifyReply } from '../../nodes/ClassifyReply/ClassifyReply.node';
import { DunningEvents } from '../../nodes/DunningEvents/DunningEvents.node';
import { DunningStage } from '../../nodes/DunningStage/DunningStage.node';
import { NegotiationOffer } from '../../nodes/NegotiationOffer/NegotiationOffer.node';
import { RenderCollectionMessage } from '../../nodes/RenderCollectionMessage/RenderCollectionMessage.node';
import { SegmentDebtor } from '../../nodes/SegmentDebtor/SegmentDebtor.node';
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';

const ROOT = resolve(__dirname, '../..');
const REPO_BLOB = 'https://github.com/n8n-nodes-dunning/n8n-nodes-dunning/blob/main/';
const README_LIMIT = 25_000;

/** A documentation URL of this repository → the repository file it names (null for any other URL). */
function localPath(url: string): string | null {
	if (!url.startsWith(REPO_BLOB)) return null;
	return url.slice(REPO_BLOB.length).split('#')[0];
}

function read(path: string): string {
	return readFileSync(join(ROOT, path), 'utf8');
}

// ---- 1. Parameters ------------------------------------------------------------------------

const NODES: Array<[string, INodeType]> = [
	['DunningStage', new DunningStage()],
	['SegmentDebtor', new SegmentDebtor()],
	['NegotiationOffer', new NegotiationOffer()],
	['RenderCollectionMessage', new RenderCollectionMessage()],
	['SendViaGateway', new SendViaGateway()],
	['DunningEvents', new DunningEvents()],
	['ClassifyReply', new ClassifyReply()],
];

function isCollectionGroup(option: unknown): option is INodePropertyCollection {
	return typeof option === 'object' && option !== null && Array.isArray((option as INodePropertyCollection).values);
}

/** Every parameter a user sees: the top level, the children of collections, the values of fixedCollection groups. */
function visibleParameters(properties: INodeProperties[]): string[] {
	const names: string[] = [];
	const walk = (list: INodeProperties[]) => {
		for (const property of list) {
			if (property.type !== 'notice' && property.type !== 'hidden') names.push(property.displayName);
			if (property.type === 'collection') walk((property.options ?? []) as INodeProperties[]);
			if (property.type === 'fixedCollection') {
				for (const group of property.options ?? []) if (isCollectionGroup(group)) walk(group.values);
			}
		}
	};
	walk(properties);
	return [...new Set(names)];
}

function nodePage(node: string): string {
	const codex = JSON.parse(read(`nodes/${node}/${node}.node.json`)) as {
		resources: { primaryDocumentation: Array<{ url: string }> };
	};
	const url = codex.resources.primaryDocumentation[0].url;
	const page = localPath(url);
	if (page === null) throw new Error(`${node}.node.json: primaryDocumentation ${url} is not under ${REPO_BLOB}`);
	return page;
}

const PARAMETERS = NODES.map(([name, node]) => ({
	name,
	page: nodePage(name),
	parameters: visibleParameters(node.description.properties),
}));

/**
 * Whether a page names a parameter: the whole name, not the start of a longer one ("Dry Run" is not
 * named by "Dry Run As Of") nor the end of one.
 */
function namedOn(text: string, displayName: string): boolean {
	const escaped = displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<![\\w-]|\\b[A-Z]\\w* )${escaped}(?![\\w-]| [A-Z][a-z])`).test(text);
}

describe('every parameter of every node is named on its node page', () => {
	it.each(PARAMETERS.map((n) => [`${n.name}: ${n.parameters.length} parameters in ${n.page}`, n]))('%s', (_title, n) => {
		expect(existsSync(join(ROOT, n.page))).toBe(true);
		const text = read(n.page);
		const missing = n.parameters.filter((displayName) => !namedOn(text, displayName));
		expect({ page: n.page, missing }).toEqual({ page: n.page, missing: [] });
	});
});

// ---- 2. Credentials -----------------------------------------------------------------------

const CREDENTIALS: ICredentialType[] = [
	new DunningTwilioApi(),
	new DunningWhatsAppCloudApi(),
	new DunningZenviaApi(),
	new DunningInfobipApi(),
	new DunningHttpGatewayApi(),
];

describe('every credential documents itself with a docs page', () => {
	it.each(CREDENTIALS.map((c) => [c.name, c]))('%s', (_name, credential) => {
		const url = credential.documentationUrl ?? '';
		const page = localPath(url);
		expect({ url, page, exists: page !== null && existsSync(join(ROOT, page)) }).toEqual({ url, page: expect.stringMatching(/^docs\/.+\.md$/), exists: true });
	});
});

// ---- 3. Links -----------------------------------------------------------------------------

function markdownFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((entry) => {
		const path = `${dir}/${entry}`;
		if (statSync(join(ROOT, path)).isDirectory()) return markdownFiles(path);
		return entry.endsWith('.md') ? [path] : [];
	});
}

/** Lines outside fenced code blocks, with their line numbers. */
function proseLines(text: string): Array<[number, string]> {
	const lines: Array<[number, string]> = [];
	let fence = false;
	text.split('\n').forEach((line, index) => {
		if (/^\s*(```|~~~)/.test(line)) fence = !fence;
		else if (!fence) lines.push([index + 1, line]);
	});
	return lines;
}

/** GitHub's heading anchor: lowercase, punctuation other than - and _ removed, each space a -. */
function slug(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
		.replace(/ /g, '-');
}

const anchorCache = new Map<string, Set<string>>();

function anchorsOf(path: string): Set<string> {
	const cached = anchorCache.get(path);
	if (cached) return cached;
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const [, line] of proseLines(read(path))) {
		const match = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!match) continue;
		const base = slug(match[1]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	anchorCache.set(path, anchors);
	return anchors;
}

function brokenLinks(file: string): string[] {
	const broken: string[] = [];
	for (const [number, line] of proseLines(read(file))) {
		const prose = line.replace(/`[^`]*`/g, '');
		for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
			const target = match[1];
			let path: string;
			let anchor: string;
			const local = localPath(target);
			if (local !== null) {
				path = local;
				anchor = target.includes('#') ? target.slice(target.indexOf('#') + 1) : '';
			} else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
				continue; // an external link: not fetched
			} else {
				const [relativePath, ...rest] = target.split('#');
				anchor = rest.join('#');
				path = relativePath === '' ? file : relative(ROOT, resolve(ROOT, dirname(file), decodeURIComponent(relativePath)));
			}
			const where = `${file}:${number} → ${target}`;
			if (!existsSync(join(ROOT, path))) {
				broken.push(`${where}: no file ${path}`);
			} else if (anchor !== '' && path.endsWith('.md') && !anchorsOf(path).has(decodeURIComponent(anchor))) {
				broken.push(`${where}: ${path} has no heading with the anchor #${anchor}`);
			}
		}
	}
	return broken;
}

const LINKED_FILES = ['README.md', 'RELIABILITY.md', ...markdownFiles('docs')];

describe('every relative link resolves, anchors included', () => {
	it('GitHub slugs', () => {
		expect(slug('Send via SMS/WhatsApp Gateway')).toBe('send-via-smswhatsapp-gateway');
		expect(slug('Each stage is sent once: `isNew` and `lastStageSent`')).toBe('each-stage-is-sent-once-isnew-and-laststagesent');
		expect(slug('Scaling out: n8n queue mode')).toBe('scaling-out-n8n-queue-mode');
		expect(slug('The `event` object')).toBe('the-event-object');
		expect(slug('Twilio (SMS and WhatsApp)')).toBe('twilio-sms-and-whatsapp');
	});

	it.each(LINKED_FILES)('%s', (file) => {
		expect(brokenLinks(file)).toEqual([]);
	});
});

// ---- 4. README size -----------------------------------------------------------------------

describe('the README stays a ten-minute read', () => {
	const size = read('README.md').length;
	it(`README.md is ${size.toLocaleString('en-US')} characters, under ${README_LIMIT.toLocaleString('en-US')}`, () => {
		expect(size).toBeLessThan(README_LIMIT);
	});
});
