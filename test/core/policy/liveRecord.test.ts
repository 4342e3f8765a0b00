/**
 * n8n gives each execution and each webhook request its own copy of a workflow's static data,
 * loaded at its start and saved whole at its end. These tests play that: copies of one saved
 * store, used at overlapping moments, saved in either order. With the process's live record, every
 * save carries every write (the failures the Dunning Events e2e found: a redelivery run twice, a
 * STOP lost, a status during a long run unmatched and then overwritten).
 */
import { StaticDataEventRecord } from '../../../nodes/core/events/record';
import { StaticDataContactBlocks, blocks } from '../../../nodes/core/policy/contactBlocks';
import { phoneKey } from '../../../nodes/core/policy/frequencyCap';
import { StaticDataLedger } from '../../../nodes/core/policy/ledger';
import { clearLiveRecords, liveRecord } from '../../../nodes/core/policy/liveRecord';

const T0 = Date.UTC(2026, 11, 2, 15, 0, 0);
const DAY = 86_400_000;
const now = () => T0;
/** What n8n keeps in its database between executions: JSON. */
let database: Record<string, unknown> = {};
const load = () => JSON.parse(JSON.stringify(database)) as Record<string, unknown>;
const save = (copy: Record<string, unknown>) => {
	database = JSON.parse(JSON.stringify(copy)) as Record<string, unknown>;
};

beforeEach(() => {
	clearLiveRecords();
	database = {};
});

describe('the live record of one n8n process', () => {
	it('two requests at the same moment: a redelivery is claimed once, and the later save keeps both writes', () => {
		const live = liveRecord('wf-1');
		const first = load();
		const second = load();
		const a = new StaticDataEventRecord(first, now, live);
		const b = new StaticDataEventRecord(second, now, live);
		expect(a.claimEvent('twilio:token-1', DAY)).toBe(true);
		expect(b.claimEvent('twilio:token-1', DAY)).toBe(false);
		expect(b.claimEvent('meta:wamid.9:read', DAY)).toBe(true);
		a.close();
		b.close();
		save(second);
		save(first);
		// The copy saved last still holds the other request's claim.
		const after = new StaticDataEventRecord(load(), now);
		expect(after.claimEvent('twilio:token-1', DAY)).toBe(false);
		expect(after.claimEvent('meta:wamid.9:read', DAY)).toBe(false);
	});

	it('without the live record (another process), the same race loses a write: the reason for Redis in queue mode', () => {
		const first = load();
		const second = load();
		new StaticDataEventRecord(first, now).claimEvent('twilio:token-1', DAY);
		const b = new StaticDataEventRecord(second, now);
		b.claimEvent('meta:wamid.9:read', DAY);
		b.close();
		save(first);
		save(second);
		expect(new StaticDataEventRecord(load(), now).claimEvent('twilio:token-1', DAY)).toBe(true);
	});

	it('a status during the Send node’s run finds the message at once, and the run’s final save keeps its outcome', () => {
		const live = liveRecord('wf-1');
		const run = load();
		const ledger = new StaticDataLedger(run, { now, ref: '77', live });
		ledger.reserve('INV-1:overdue_6d:whatsapp', 30 * DAY);
		ledger.confirm('INV-1:overdue_6d:whatsapp', { message: { pr: 'meta', ch: 'whatsapp', to: phoneKey('+5511987654321'), id: 'wamid.1', inv: 'INV-1', st: 'overdue_6d' } });
		// The webhook request loads the database: the run has not saved yet.
		const request = load();
		const trigger = new StaticDataEventRecord(request, now, live);
		expect(trigger.byMessageId('meta', 'wamid.1')?.key).toBe('INV-1:overdue_6d:whatsapp');
		expect(trigger.latestTo(phoneKey('+5511987654321'), 'whatsapp')?.message?.inv).toBe('INV-1');
		trigger.recordOutcome('INV-1:overdue_6d:whatsapp', { status: 'failed', reason: 'window_closed', code: '131047', at: T0 + 5000 });
		trigger.close();
		save(request);
		// The run ends later and saves its own copy: the failure is in it.
		ledger.close();
		save(run);
		const saved = (database.keys as Record<string, { state: string; out?: { status: string; reason: string } }>)['INV-1:overdue_6d:whatsapp'];
		expect(saved).toMatchObject({ state: 'sent', out: { status: 'failed', reason: 'window_closed' } });
	});

	it('a STOP recorded by one request is honoured by a Send run that loaded its copy before it', () => {
		const live = liveRecord('wf-1');
		const sendCopy = load();
		const sendBlocks = new StaticDataContactBlocks(sendCopy, live, now);
		const requestCopy = load();
		new StaticDataContactBlocks(requestCopy, live, now).block(phoneKey('+5511987654321'), 'sms', 'opt_out', T0, 'twilio STOP');
		expect(blocks(sendBlocks.get(phoneKey('+5511987654321')), 'sms')).toBe(true);
		// Saved by whichever copy comes last.
		save(requestCopy);
		new StaticDataLedger(sendCopy, { now, live }).close();
		save(sendCopy);
		expect(blocks(new StaticDataContactBlocks(load()).get(phoneKey('+5511987654321')), 'sms')).toBe(true);
	});

	it('each workflow has its own live record; entries expire', () => {
		const a = liveRecord('wf-A');
		const b = liveRecord('wf-B');
		new StaticDataEventRecord({}, now, a).claimEvent('x', DAY);
		expect(new StaticDataEventRecord({}, now, b).claimEvent('x', DAY)).toBe(true);
		expect(liveRecord(undefined)).toBeUndefined();
		const later = () => T0 + 7 * 3_600_000;
		const copy: Record<string, unknown> = {};
		const ledger = new StaticDataLedger({}, { now, live: a });
		ledger.reserve('K', DAY);
		ledger.confirm('K', { message: { pr: 'twilio', ch: 'sms', to: 'h', id: 'SM1', inv: null, st: null } });
		new StaticDataEventRecord(copy, later, a);
		// Six hours later this process no longer pushes the send into copies: n8n has long saved it.
		expect(copy.keys).toBeUndefined();
	});
});
