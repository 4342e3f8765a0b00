/**
 * The n8n process killed in the middle of a send (SIGKILL, as a crashed server or a killed
 * container), then the workflow run again, in a real n8n 2.41.1 against the fake gateway.
 *
 * What is sent twice, exactly: the idempotency ledger lives in the workflow's static data, which
 * n8n saves only when an execution ends. A killed execution saves nothing, so the next run does not
 * know what the killed one sent, and sends those messages again. The duplicates are exactly the
 * messages the gateway accepted before the kill (those whose reply was still on the way included),
 * and nothing else; a run that ends normally saves the ledger, and the run after it sends nothing.
 * RELIABILITY.md states this and the mitigations.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type FakeGateway, start } from '../fake-gateway';
import { N8nHome, REPO_ROOT, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';

jest.setTimeout(300_000);

const TOTAL = 1000;
const KILL_AFTER_ACCEPTED = 300;
const WORKFLOW_ID = 'e2eRelKillMidSend';

let home: N8nHome;
let gateway: FakeGateway;

beforeAll(async () => {
	// Every reply comes 50 ms after the message was accepted, so that at the kill some messages are
	// accepted at the gateway while their reply is still on the way.
	gateway = await start({ webhooks: { mode: 'off' }, limits: { requestLog: 10_000 }, faults: { suffixTable: false, default: 'hang;ms=50' } });
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
	const outputs = ['Sent', 'Failed', 'Skipped'];
	const rows = Array.from({ length: TOTAL }, (_, i) => ({
		invoiceId: `K${String(i).padStart(4, '0')}`,
		phone: `+55119${70_000_000 + i}`,
		country: 'BR',
		dunning: { stage: 'overdue_3d' },
		message: { channel: 'sms', text: 'Sua fatura venceu. Pague pelo link.' },
	}));
	const workflow = chainWorkflow(WORKFLOW_ID, rows, [
		{
			name: 'Send',
			type: nodeType('sendViaGateway'),
			typeVersion: 1,
			parameters: {
				provider: 'twilio',
				contactHours: 'off',
				// About ten seconds of sending: time to kill it in the middle.
				policy: { messagesPerSecond: 100, maxConcurrentRequests: 5 },
				options: { timeout: 5000, statusCallbackUrl: 'http://127.0.0.1:9/status' },
			},
			credentials: credentialRef('twilio'),
		},
		...outputs.map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} })),
	]) as { connections: Record<string, unknown> };
	for (const name of outputs) delete workflow.connections[name];
	workflow.connections.Send = { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) };
	home.importWorkflows([workflow]);
});

afterAll(async () => {
	await gateway?.close();
});

/** The process ids of `pid`'s children (n8n's task runner for the Code node), from /proc. */
function childrenOf(pid: number): number[] {
	const found: number[] = [];
	try {
		for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
			const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			if (text) found.push(...text.split(/\s+/).map(Number));
		}
	} catch {
		// The process is already gone.
	}
	return found.flatMap((child) => [child, ...childrenOf(child)]);
}

/** Running (a zombie waiting for its parent to reap it runs nothing: it counts as gone). */
function alive(pid: number): boolean {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
}

const acceptedKeys = (): Set<string> =>
	new Set(
		Object.entries(gateway.statsReport().perKey)
			.filter(([, counts]) => counts.accepted > 0)
			.map(([key]) => key),
	);

describe('n8n killed in the middle of a send, then run again', () => {
	const figures: Record<string, unknown> = {};
	let killedRunKeys: Set<string>;

	it('the killed run: SIGKILL once the gateway accepted 300 of 1,000 messages', async () => {
		let pid = 0;
		let killedAt = 0;
		let family: number[] = [];
		let inFlight = 0;
		const poll = setInterval(() => {
			if (pid === 0 || killedAt !== 0) return;
			if (gateway.statsReport({ perMaps: false }).messagesAccepted >= KILL_AFTER_ACCEPTED) {
				// The whole process tree, as when a container is killed: n8n and its task runner.
				family = childrenOf(pid);
				process.kill(pid, 'SIGKILL');
				for (const child of family) {
					try {
						process.kill(child, 'SIGKILL');
					} catch {
						// Already gone with its parent.
					}
				}
				killedAt = gateway.statsReport({ perMaps: false }).messagesAccepted;
				inFlight = gateway.requests().filter((r) => r.pending === true).length;
			}
		}, 2);
		const run = await home.execute(WORKFLOW_ID, { onSpawn: (p) => (pid = p), keepItems: true }).finally(() => clearInterval(poll));
		expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);
		// Some messages were accepted while their reply was still on the way: the node never learnt of them.
		expect(inFlight).toBeGreaterThan(0);
		expect(run.exitCode).not.toBe(0);
		expect(run.nodes.Send).toBeUndefined();
		// Requests already written when the process died still reach the gateway: let them land.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect([pid, ...family].filter(alive)).toEqual([]);
		figures.processesKilled = 1 + family.length;
		killedRunKeys = acceptedKeys();
		const stats = gateway.statsReport({ perMaps: false });
		figures.acceptedWhenKilled = killedAt;
		figures.acceptedAwaitingReplyWhenKilled = inFlight;
		figures.acceptedByKilledRun = killedRunKeys.size;
		figures.requestsByKilledRun = stats.requests;
		// Killed in the middle: some but not all messages went out, each once.
		expect(killedRunKeys.size).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);
		expect(killedRunKeys.size).toBeLessThan(TOTAL);
		expect(stats.duplicateKeys).toEqual([]);
	});

	it('the next run sends everything again: the duplicates are exactly the messages accepted before the kill', async () => {
		const before = gateway.requestCount;
		const run = await home.execute(WORKFLOW_ID);
		expect(run.error).toBeUndefined();
		const sent = run.nodes.Send.outputs[0] ?? [];
		// The killed run saved no ledger: nothing is skipped as a duplicate, all 1,000 go out.
		expect(sent).toHaveLength(TOTAL);
		expect(run.nodes.Send.outputs[2] ?? []).toHaveLength(0);
		expect(gateway.requestCount - before).toBe(TOTAL);
		const stats = gateway.statsReport();
		const duplicates = [...stats.duplicateKeys].sort();
		expect(duplicates).toEqual([...killedRunKeys].sort());
		// Nothing else was accepted twice, and nothing three times.
		for (const [key, counts] of Object.entries(stats.perKey)) expect(counts.accepted).toBe(killedRunKeys.has(key) ? 2 : 1);
		figures.sentTwice = duplicates.length;
	});

	it('a run that ended normally saved its ledger: the run after it sends nothing', async () => {
		const before = gateway.requestCount;
		const run = await home.execute(WORKFLOW_ID);
		expect(run.error).toBeUndefined();
		const skipped = (run.nodes.Send.outputs[2] ?? []).map((i) => i.json.delivery as { reason: string; ledger: string });
		expect(skipped).toHaveLength(TOTAL);
		expect(skipped.every((d) => d.reason === 'duplicate' && d.ledger === 'static_data')).toBe(true);
		expect(gateway.requestCount).toBe(before);
		fs.mkdirSync(path.join(REPO_ROOT, '.tmp', 'reliability'), { recursive: true });
		fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'reliability', 'kill.json'), JSON.stringify(figures, null, 2));
		console.log(`reliability: kill mid-send: ${JSON.stringify(figures)}`);
	});
});
