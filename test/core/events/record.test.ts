/**
 * The record of sent messages as the Dunning Events trigger reads and writes it, in workflow static
 * data: what the Send node's ledger wrote (keys, provider ids, hashed numbers) is found again; a
 * status resolves an unknown outcome and never moves a message back; provider redeliveries are
 * recognised; the store stays bounded. The Redis scripts run against a real redis-server in
 * test/e2e/redisLedger.e2e.test.ts.
 */
import { StaticDataEventRecord, MAX_REMEMBERED_EVENTS, advances } from '../../../nodes/core/events/record';
import { phoneKey } from '../../../nodes/core/policy/frequencyCap';
import { StaticDataLedger } from '../../../nodes/core/policy/ledger';

const T0 = Date.UTC(2026, 11, 2, 15, 0, 0);
const DAY = 86_400_000;

function sentBy(store: Record<string, unknown>, now: () => number) {
	const ledger = new StaticDataLedger(store, { now, ref: '901' });
	const send = (key: string, to: string, id: string | null, pr = 'twilio', ch = 'sms') => {
		expect(ledger.reserve(key, 30 * DAY)).toEqual({ status: 'reserved' });
		ledger.confirm(key, { ref: '901', message: { pr, ch, to: phoneKey(to), id, inv: key.split(':')[0], st: key.split(':')[1] } });
	};
	return { ledger, send };
}

describe('the record of sent messages, read by Dunning Events', () => {
	let now = T0;
	const clock = () => now;
	beforeEach(() => {
		now = T0;
	});

	it('finds a message by our key, by the provider id, and as the latest to a number (held as a hash)', () => {
		const store: Record<string, unknown> = {};
		const { send } = sentBy(store, clock);
		send('INV-1:overdue_6d:sms', '+5511987654321', 'SM1');
		now += 1000;
		send('INV-2:overdue_3d:sms', '+5511987654321', 'SM2');
		send('INV-3:overdue_3d:whatsapp', '+5511976543210', 'wamid.X', 'meta', 'whatsapp');
		// The number is stored as a hash only.
		expect(JSON.stringify(store)).not.toContain('987654321');
		const record = new StaticDataEventRecord(JSON.parse(JSON.stringify(store)), clock);
		expect(record.byKey('INV-1:overdue_6d:sms')).toMatchObject({ state: 'sent', at: T0, ref: '901', message: { id: 'SM1', inv: 'INV-1', st: 'overdue_6d' } });
		expect(record.byMessageId('twilio', 'SM1')?.key).toBe('INV-1:overdue_6d:sms');
		expect(record.byMessageId('meta', 'wamid.X')?.key).toBe('INV-3:overdue_3d:whatsapp');
		// The same id under another provider is another message.
		expect(record.byMessageId('meta', 'SM1')).toBeNull();
		expect(record.latestTo(phoneKey('+5511987654321'))?.key).toBe('INV-2:overdue_3d:sms');
		expect(record.latestTo(phoneKey('+5511900000000'))).toBeNull();
		expect(record.byKey('__proto__')).toBeNull();
	});

	it('forgets what expired, indexes included', () => {
		const store: Record<string, unknown> = {};
		const ledger = new StaticDataLedger(store, { now: clock });
		ledger.reserve('INV-9:overdue_3d:sms', DAY);
		ledger.confirm('INV-9:overdue_3d:sms', { message: { pr: 'twilio', ch: 'sms', to: phoneKey('+5511911111111'), id: 'SM9', inv: 'INV-9', st: 'overdue_3d' } });
		now += 2 * DAY;
		expect(new StaticDataEventRecord(store, clock).byMessageId('twilio', 'SM9')).toBeNull();
		// The Send node's next run prunes the key and the indexes pointing at it.
		new StaticDataLedger(store, { now: clock });
		expect(store.ids).toEqual({});
		expect(store.phones).toEqual({});
	});

	it('a status proves an unknown outcome was a send; later statuses never move a message back', () => {
		const store: Record<string, unknown> = {};
		const ledger = new StaticDataLedger(store, { now: clock });
		// A timeout after the request left: the key stays reserved (unknown).
		ledger.reserve('INV-5:overdue_6d:whatsapp', 30 * DAY);
		const record = new StaticDataEventRecord(store, clock);
		expect(record.byKey('INV-5:overdue_6d:whatsapp')?.state).toBe('reserved');
		expect(record.recordOutcome('INV-5:overdue_6d:whatsapp', { status: 'delivered', at: T0 + 5000 })).toMatchObject({ state: 'sent', outcome: { status: 'delivered' } });
		expect(record.recordOutcome('INV-5:overdue_6d:whatsapp', { status: 'read', at: T0 + 9000 })?.outcome?.status).toBe('read');
		// Out of order: a delivered that arrives after read does not undo it.
		expect(record.recordOutcome('INV-5:overdue_6d:whatsapp', { status: 'delivered', at: T0 + 5000 })?.outcome?.status).toBe('read');
		expect(record.recordOutcome('INV-5:overdue_6d:whatsapp', { status: 'sent', at: T0 + 1000 })?.outcome?.status).toBe('read');
		record.close();
		expect((store.keys as Record<string, { out: { status: string } }>)['INV-5:overdue_6d:whatsapp'].out.status).toBe('read');
		// A key the record never held is not invented.
		expect(record.recordOutcome('INV-404:overdue_3d:sms', { status: 'failed', at: T0 })).toBeNull();
		expect((store.keys as Record<string, unknown>)['INV-404:overdue_3d:sms']).toBeUndefined();
	});

	it('a failure after acceptance is recorded with its reason and code', () => {
		const store: Record<string, unknown> = {};
		sentBy(store, clock).send('INV-7:overdue_3d:whatsapp', '+5511922222222', 'wamid.7', 'meta', 'whatsapp');
		const record = new StaticDataEventRecord(store, clock);
		record.recordOutcome('INV-7:overdue_3d:whatsapp', { status: 'sent', at: T0 + 1 });
		expect(record.recordOutcome('INV-7:overdue_3d:whatsapp', { status: 'failed', reason: 'window_closed', code: '131047', at: T0 + 2 })?.outcome).toEqual({
			status: 'failed',
			reason: 'window_closed',
			code: '131047',
			at: T0 + 2,
		});
		expect(advances({ status: 'failed', at: 2 }, { status: 'delivered', at: 3 })).toBe(false);
	});

	it('recognises a provider’s redelivery within the window, and not after it', () => {
		const store: Record<string, unknown> = {};
		const record = new StaticDataEventRecord(store, clock);
		expect(record.claimEvent('twilio:IT-1', DAY)).toBe(true);
		expect(record.claimEvent('twilio:IT-1', DAY)).toBe(false);
		expect(record.claimEvent('__proto__', DAY)).toBe(true);
		expect(record.claimEvent('__proto__', DAY)).toBe(false);
		record.close();
		const stored = JSON.parse(JSON.stringify(store)) as Record<string, unknown>;
		expect(new StaticDataEventRecord(stored, clock).claimEvent('twilio:IT-1', DAY)).toBe(false);
		now += DAY + 1;
		expect(new StaticDataEventRecord(stored, clock).claimEvent('twilio:IT-1', DAY)).toBe(true);
		expect(Object.getPrototypeOf(store.events)).toBe(Object.prototype);
	});

	it('keeps at most 20,000 event ids, dropping the ones that expire first', () => {
		const store: Record<string, unknown> = {};
		const record = new StaticDataEventRecord(store, clock);
		for (let i = 0; i < MAX_REMEMBERED_EVENTS + 500; i++) record.claimEvent(`meta:e${i}`, DAY + i);
		record.close();
		const ids = Object.keys(store.events as object);
		expect(ids).toHaveLength(MAX_REMEMBERED_EVENTS);
		expect(ids).not.toContain('meta:e0');
		expect(ids).toContain(`meta:e${MAX_REMEMBERED_EVENTS + 499}`);
	});
});
