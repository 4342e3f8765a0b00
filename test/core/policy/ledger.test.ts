import { type IDataObject, ObservableObject } from 'n8n-workflow';

import { FrequencyCap, debtorDay, debtorHash } from '../../../nodes/core/policy/frequencyCap';
import {
	type IdempotencyLedger,
	type Reservation,
	RunLedger,
	StaticDataLedger,
	openStaticLedger,
} from '../../../nodes/core/policy/ledger';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 4, 12, 0, 0);

/** Static data as n8n keeps it between executions: JSON. */
const persist = (store: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(store));

describe('idempotency ledger over workflow static data', () => {
	it('reserves, confirms, and skips the key in the next run', () => {
		let now = T0;
		const store: Record<string, unknown> = {};
		const run1 = openStaticLedger(store, { now: () => now, ref: 'exec-1' });
		expect(run1.ledger.reserve('INV-1:overdue_3d:sms', 30 * DAY)).toEqual({ status: 'reserved' });
		now += 1_500;
		run1.ledger.confirm('INV-1:overdue_3d:sms');
		expect(store).toEqual({
			keys: { 'INV-1:overdue_3d:sms': { state: 'sent', at: T0 + 1_500, expiresAt: T0 + 1_500 + 30 * DAY, ref: 'exec-1' } },
		});

		now += DAY;
		const run2 = openStaticLedger(persist(store), { now: () => now, ref: 'exec-2' });
		expect(run2.ledger.reserve('INV-1:overdue_3d:sms', 30 * DAY)).toEqual({
			status: 'duplicate',
			state: 'sent',
			at: T0 + 1_500,
			ref: 'exec-1',
			sameRun: false,
		});
		// Another stage or channel of the same invoice is another message.
		expect(run2.ledger.reserve('INV-1:overdue_6d:sms', 30 * DAY)).toEqual({ status: 'reserved' });
		expect(run2.ledger.reserve('INV-1:overdue_3d:whatsapp', 30 * DAY)).toEqual({ status: 'reserved' });
	});

	it('sends the same key once per run, even when the first was refused and released', () => {
		const { ledger } = openStaticLedger({}, { now: () => T0 });
		expect(ledger.reserve('K', DAY).valueOf()).toEqual({ status: 'reserved' });
		expect(ledger.reserve('K', DAY)).toMatchObject({ status: 'duplicate', sameRun: true });
		ledger.release('K');
		expect(ledger.reserve('K', DAY)).toMatchObject({ status: 'duplicate', sameRun: true });
	});

	it('forgets a released key across runs: a message that was surely not sent goes next time', () => {
		const store: Record<string, unknown> = {};
		const run1 = openStaticLedger(store, { now: () => T0 });
		run1.ledger.reserve('K', DAY);
		run1.ledger.release('K');
		expect(store.keys).toEqual({});
		const run2 = openStaticLedger(persist(store), { now: () => T0 + 1_000 });
		expect(run2.ledger.reserve('K', DAY)).toEqual({ status: 'reserved' });
	});

	it('keeps a key whose outcome is unknown, so a re-run does not send it blindly', () => {
		const store: Record<string, unknown> = {};
		openStaticLedger(store, { now: () => T0, ref: '77' }).ledger.reserve('K', DAY);
		// Neither confirmed nor released: the provider may have sent it.
		const run2 = openStaticLedger(persist(store), { now: () => T0 + 60_000 });
		expect(run2.ledger.reserve('K', DAY)).toEqual({ status: 'duplicate', state: 'reserved', at: T0, ref: '77', sameRun: false });
	});

	it('forgets keys after their time-to-live and prunes them when opened', () => {
		let now = T0;
		const store: Record<string, unknown> = {};
		const run1 = openStaticLedger(store, { now: () => now });
		for (const [key, ttl] of [
			['short', 2 * DAY],
			['long', 10 * DAY],
		] as const) {
			run1.ledger.reserve(key, ttl);
			run1.ledger.confirm(key);
		}
		now = T0 + 2 * DAY - 1;
		expect(openStaticLedger(persist(store), { now: () => now }).store.lookup('short')).not.toBeNull();
		now = T0 + 2 * DAY;
		const later = persist(store);
		const run2 = openStaticLedger(later, { now: () => now });
		expect(run2.store.stats()).toEqual({ size: 1, pruned: 1, evicted: 0 });
		expect(Object.keys(later.keys as object)).toEqual(['long']);
		expect(run2.ledger.reserve('short', 2 * DAY)).toEqual({ status: 'reserved' });
		expect(run2.ledger.reserve('long', 2 * DAY)).toMatchObject({ status: 'duplicate', state: 'sent' });
	});

	it('a key that expires during a run can be reserved again in that run', () => {
		let now = T0;
		const store: Record<string, unknown> = { keys: { K: { state: 'sent', at: T0 - DAY, expiresAt: T0 + 5_000 } } };
		const ledger = new StaticDataLedger(store, { now: () => now });
		expect(ledger.reserve('K', DAY)).toMatchObject({ status: 'duplicate' });
		now += 5_000;
		expect(ledger.reserve('K', DAY)).toEqual({ status: 'reserved' });
		expect(ledger.stats().size).toBe(1);
	});

	it('stays within its bound: the oldest keys go first, down to 90% of it', () => {
		let now = T0;
		const store: Record<string, unknown> = {};
		const { ledger, store: raw } = openStaticLedger(store, { now: () => now, maxKeys: 1_000 });
		for (let i = 0; i < 1_500; i++) {
			now += 1_000;
			ledger.reserve(`K${i}`, 30 * DAY);
			ledger.confirm(`K${i}`);
		}
		expect(raw.stats().size).toBe(1_500);
		expect(raw.close()).toEqual({ size: 900, pruned: 0, evicted: 600 });
		const keys = Object.keys(store.keys as object);
		expect(keys).toHaveLength(900);
		expect(keys).not.toContain('K599');
		expect(keys).toContain('K600');
		expect(keys).toContain('K1499');
		// Under the bound, close() changes nothing; the next run adds up to the bound before a sort.
		expect(raw.close().size).toBe(900);
		const next = openStaticLedger(persist(store), { now: () => now, maxKeys: 1_000 });
		for (let i = 0; i < 100; i++) next.ledger.reserve(`N${i}`, DAY);
		expect(next.store.close()).toEqual({ size: 1_000, pruned: 0, evicted: 0 });
	});

	it('repairs a store that is not what it expects', () => {
		const broken: Record<string, unknown> = { keys: ['not', 'an', 'object'], other: 1 };
		expect(new StaticDataLedger(broken, { now: () => T0 }).stats().size).toBe(0);
		expect(broken).toEqual({ keys: {}, other: 1 });
		const odd: Record<string, unknown> = {
			keys: { good: { state: 'sent', at: T0, expiresAt: T0 + DAY }, bad: { state: 'maybe', at: 1 }, worse: 'x' },
		};
		const ledger = new StaticDataLedger(odd, { now: () => T0 });
		expect(ledger.stats()).toEqual({ size: 1, pruned: 2, evicted: 0 });
		expect(Object.keys(odd.keys as object)).toEqual(['good']);
	});

	describe('writes that n8n saves (its static data is an observable object)', () => {
		type Observed = Record<string, unknown> & { __dataChanged: boolean };
		/** The global static data exactly as n8n's Workflow creates it. */
		const globalData = (data: Record<string, unknown>): Observed => ObservableObject.create(data as IDataObject, undefined, { ignoreEmptyOnFirstChild: true }) as Observed;

		it('on the very first run (no keys yet)', () => {
			const root = globalData({});
			const { ledger } = openStaticLedger(root, { now: () => T0 });
			ledger.reserve('K', DAY);
			expect(root.__dataChanged).toBe(true);
		});

		it('when keys were loaded from an earlier run', () => {
			const root = globalData(persist({ keys: { old: { state: 'sent', at: T0, expiresAt: T0 + DAY } } }));
			const { ledger } = openStaticLedger(root, { now: () => T0 + 1 });
			expect(root.__dataChanged).toBe(false);
			ledger.reserve('new', DAY);
			expect(root.__dataChanged).toBe(true);
		});

		it('when expired keys are pruned, even if nothing is sent', () => {
			const root = globalData(persist({ keys: { old: { state: 'sent', at: T0, expiresAt: T0 + DAY } } }));
			openStaticLedger(root, { now: () => T0 + 2 * DAY });
			expect(root.__dataChanged).toBe(true);
		});

		it('in node-level static data', () => {
			const root = globalData({});
			// What getStaticData('node') does: a child observable under the root.
			root['node:Send'] = ObservableObject.create({}, root);
			root.__dataChanged = false;
			const { ledger } = openStaticLedger(root['node:Send'] as Record<string, unknown>, { now: () => T0 });
			ledger.reserve('K', DAY);
			expect(root.__dataChanged).toBe(true);
		});

		it('for the frequency cap', () => {
			const root = globalData({});
			new FrequencyCap(root, { limit: 2, now: () => T0 }).take('d', '2026-05-04');
			expect(root.__dataChanged).toBe(true);
		});
	});

	it('takes the in-run claim before an asynchronous store answers', async () => {
		const answers: Array<(r: Reservation) => void> = [];
		const slow: IdempotencyLedger = {
			name: 'redis',
			reserve: () => new Promise<Reservation>((resolve) => answers.push(resolve)),
			confirm: () => Promise.resolve(),
			release: () => Promise.resolve(),
		};
		const ledger = new RunLedger(slow, () => T0);
		const first = ledger.reserve('K', DAY);
		const second = await ledger.reserve('K', DAY);
		expect(second).toMatchObject({ status: 'duplicate', sameRun: true });
		answers[0]({ status: 'reserved' });
		expect(await first).toEqual({ status: 'reserved' });
		expect(answers).toHaveLength(1);
	});

	it('opens a large ledger: prunes the expired half and reserves the rest (the time is printed, never asserted)', () => {
		const keys: Record<string, unknown> = {};
		for (let i = 0; i < 100_000; i++) keys[`INV-${i}:overdue_3d:whatsapp`] = { state: 'sent', at: T0, expiresAt: T0 + (i % 2 ? DAY : -1) };
		const started = performance.now();
		const { ledger, store } = openStaticLedger({ keys }, { now: () => T0 });
		for (let i = 0; i < 100_000; i++) ledger.reserve(`INV-${i}:overdue_3d:whatsapp`, DAY);
		const ms = performance.now() - started;
		expect(store.stats().pruned).toBe(50_000);
		console.log(`ledger: open 100,000 keys + 100,000 reservations in ${ms.toFixed(0)} ms`);
		expect(store.stats().size).toBe(100_000);
	});

	it('keeps what identifies each sent message and indexes it for Dunning Events; an index whose key is gone goes too', () => {
		let now = T0;
		const store: Record<string, unknown> = {};
		const run = openStaticLedger(store, { now: () => now, ref: 'exec-1' });
		run.ledger.reserve('INV-1:overdue_3d:sms', DAY);
		run.ledger.confirm('INV-1:overdue_3d:sms', { message: { pr: 'zenvia', ch: 'sms', to: 'h1', id: 'z-1', inv: 'INV-1', st: 'overdue_3d' } });
		run.ledger.reserve('__proto__', DAY);
		run.ledger.confirm('__proto__', { message: { pr: 'zenvia', ch: 'sms', to: '__proto__', id: '__proto__', inv: null, st: null } });
		const saved = persist(store);
		expect(saved.ids).toEqual({ 'zenvia:z-1': 'INV-1:overdue_3d:sms', 'zenvia:__proto__': '__proto__' });
		// The latest message to a number, and the latest on each channel.
		expect(Object.keys(saved.phones as object).sort()).toEqual(['__proto__', 'h1', 'sms|__proto__', 'sms|h1']);
		expect((saved.keys as Record<string, { msg: object }>)['INV-1:overdue_3d:sms'].msg).toEqual({ pr: 'zenvia', ch: 'sms', to: 'h1', id: 'z-1', inv: 'INV-1', st: 'overdue_3d' });
		now += 2 * DAY;
		openStaticLedger(saved, { now: () => now });
		expect(saved.ids).toEqual({});
		expect(saved.phones).toEqual({});
	});
});

describe('frequency cap per debtor per day', () => {
	it('counts across the run and caps', () => {
		const cap = new FrequencyCap({}, { limit: 2, now: () => T0 });
		expect(cap.take('debtor-1', '2026-05-04')).toEqual({ allowed: true, count: 1 });
		expect(cap.take('debtor-1', '2026-05-04')).toEqual({ allowed: true, count: 2 });
		expect(cap.take('debtor-1', '2026-05-04')).toEqual({ allowed: false, count: 2, limit: 2 });
		expect(cap.take('debtor-2', '2026-05-04')).toEqual({ allowed: true, count: 1 });
		// A new day in the debtor's zone starts from zero.
		expect(cap.take('debtor-1', '2026-05-05')).toEqual({ allowed: true, count: 1 });
	});

	it('counts across runs through the ledger store', () => {
		const store: Record<string, unknown> = {};
		const run1 = new FrequencyCap(store, { limit: 2, now: () => T0 });
		run1.take('+5511987654321', '2026-05-04');
		const run2 = new FrequencyCap(persist(store), { limit: 2, now: () => T0 + 3_600_000 });
		expect(run2.count('+5511987654321', '2026-05-04')).toBe(1);
		expect(run2.take('+5511987654321', '2026-05-04')).toEqual({ allowed: true, count: 2 });
		expect(run2.take('+5511987654321', '2026-05-04')).toMatchObject({ allowed: false });
	});

	it('gives back a message that was not sent', () => {
		const cap = new FrequencyCap({}, { limit: 1, now: () => T0 });
		cap.take('d', '2026-05-04');
		expect(cap.take('d', '2026-05-04').allowed).toBe(false);
		cap.giveBack('d', '2026-05-04');
		expect(cap.take('d', '2026-05-04').allowed).toBe(true);
		cap.giveBack('d', '2026-05-03'); // another day: nothing to give back
		expect(cap.count('d', '2026-05-04')).toBe(1);
	});

	it('stores hashed debtors, never phone numbers, and prunes past days', () => {
		const store: Record<string, unknown> = {
			caps: { [debtorHash('old')]: { day: '2026-04-30', count: 3 }, junk: 'x', [debtorHash('recent')]: { day: '2026-05-03', count: 1 } },
		};
		const cap = new FrequencyCap(store, { limit: 3, now: () => T0 });
		cap.take('+5511987654321', '2026-05-04');
		const text = JSON.stringify(store);
		expect(text).not.toContain('5511987654321');
		expect(Object.keys(store.caps as object).sort()).toEqual([debtorHash('+5511987654321'), debtorHash('recent')].sort());
	});

	it('with no cap, writes nothing', () => {
		const store: Record<string, unknown> = {};
		const cap = new FrequencyCap(store, { limit: 0, now: () => T0 });
		for (let i = 0; i < 5; i++) expect(cap.take('d', '2026-05-04').allowed).toBe(true);
		expect(store).toEqual({});
	});

	it('uses the debtor’s calendar day', () => {
		// 02:30 UTC on 5 May is still 4 May in São Paulo and Mexico City.
		const t = Date.UTC(2026, 4, 5, 2, 30);
		expect(debtorDay(t, 'America/Sao_Paulo')).toBe('2026-05-04');
		expect(debtorDay(t, 'America/Mexico_City')).toBe('2026-05-04');
		expect(debtorDay(t, 'Europe/Lisbon')).toBe('2026-05-05');
	});
});
