import { explainSkip } from '../../../nodes/core/policy/explain';

describe('what a skipped item says', () => {
	it('quiet hours: where, which rule, and when it may go', () => {
		expect(explainSkip({ reason: 'quiet_hours', zone: 'America/Sao_Paulo', rules: 'brazil', nextAllowedAt: '2026-05-11T11:00:00.000Z' })).toEqual({
			reason: 'quiet_hours',
			nextAllowedAt: '2026-05-11T11:00:00.000Z',
			message:
				"Outside contact hours in the debtor's time zone America/Sao_Paulo (Brazil: Monday to Friday 8:00-20:00, Saturday 8:00-14:00, no contact on holidays). It may be sent from 2026-05-11T11:00:00Z (UTC).",
			hint: expect.stringContaining('nextAllowedAt'),
		});
	});

	it('opt-out names the channel and the field', () => {
		expect(explainSkip({ reason: 'opted_out', channel: 'whatsapp', field: 'optedOut' }).message).toBe(
			'The debtor opted out of WhatsApp messages (field "optedOut").',
		);
	});

	it('duplicates say when, where, and whether the earlier outcome was certain', () => {
		const key = 'INV-1:overdue_3d:sms';
		expect(
			explainSkip({ reason: 'duplicate', key, reservation: { status: 'duplicate', state: 'sent', at: Date.UTC(2026, 4, 4, 12), ref: '812', sameRun: false } }).message,
		).toBe('Already sent at 2026-05-04T12:00:00Z (execution 812) with the idempotency key "INV-1:overdue_3d:sms": not sent again.');
		expect(
			explainSkip({ reason: 'duplicate', key, reservation: { status: 'duplicate', state: 'reserved', at: Date.UTC(2026, 4, 4, 12), ref: null, sameRun: false } }).message,
		).toBe('A run at 2026-05-04T12:00:00Z reserved this message: it is sending it right now, or its outcome was unknown. Not sent again, to avoid a duplicate.');
		expect(
			explainSkip({ reason: 'duplicate', key, reservation: { status: 'duplicate', state: 'reserved', at: 1, ref: null, sameRun: true } }).message,
		).toBe('The idempotency key "INV-1:overdue_3d:sms" came earlier in this run: the message goes out once.');
	});

	it('the cap counts in words', () => {
		expect(explainSkip({ reason: 'frequency_cap', count: 1, limit: 1, day: '2026-05-04' }).message).toBe(
			'The debtor already got 1 message on 2026-05-04 (their date), the most allowed per day (1).',
		);
		expect(explainSkip({ reason: 'frequency_cap', count: 3, limit: 3, day: '2026-05-04' }).message).toContain('3 messages');
	});

	it.each(['cancelled', 'stopped'] as const)('%s says what to do next', (reason) => {
		const e = explainSkip({ reason });
		expect(e.reason).toBe(reason);
		expect(e.hint.toLowerCase()).toContain('run the workflow again');
	});
});
