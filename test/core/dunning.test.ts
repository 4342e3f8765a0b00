import { buildBusinessCalendar, dayNumber, parseReferenceDate } from '../../nodes/core/dates';
import {
	type ClassifyContext,
	type InvoiceInput,
	DEFAULT_FIELD_NAMES,
	classifyInvoice,
	createClassifyContext,
	normalizeStatus,
} from '../../nodes/core/dunning';
import { InvalidFieldError } from '../../nodes/core/errors';
import { AGING_LADDER, DEFAULT_LADDER, buildLadder } from '../../nodes/core/ladder';

const SP = 'America/Sao_Paulo';
const REF = '2026-11-23'; // a Monday

function context(overrides: Partial<Omit<ClassifyContext, 'referenceDays'>> = {}): ClassifyContext {
	return createClassifyContext({
		ladder: buildLadder(DEFAULT_LADDER),
		dateOrder: 'dmy',
		reference: parseReferenceDate(REF, 0),
		defaultZone: SP,
		fields: DEFAULT_FIELD_NAMES,
		...overrides,
	});
}

function invoice(fields: Partial<InvoiceInput>): InvoiceInput {
	return { dueDate: undefined, status: undefined, lastStageSent: undefined, timezone: undefined, ...fields };
}

/** The ISO due date that is `days` overdue on the reference date. */
function dueFor(days: number): string {
	const d = new Date(Date.UTC(2026, 10, 23 - days));
	return d.toISOString().slice(0, 10);
}

describe('classifyInvoice: every boundary of the default ladder', () => {
	const ctx = context();
	it.each([
		[-8, null, 'none'],
		[-7, 'reminder_7d', 'pre_collection'],
		[-2, 'reminder_7d', 'pre_collection'],
		[-1, 'reminder_1d', 'pre_collection'],
		[0, 'due_today', 'pre_collection'],
		[1, null, 'none'],
		[2, null, 'none'],
		[3, 'overdue_3d', 'dunning'],
		[5, 'overdue_3d', 'dunning'],
		[6, 'overdue_6d', 'dunning'],
		[8, 'overdue_6d', 'dunning'],
		[9, 'overdue_9d', 'dunning'],
		[14, 'overdue_9d', 'dunning'],
		[15, 'overdue_15d', 'dunning'],
		[29, 'overdue_15d', 'dunning'],
		[30, 'negotiation_30d', 'negotiation'],
		[89, 'negotiation_30d', 'negotiation'],
		[90, 'legal_90d', 'legal'],
		[400, 'legal_90d', 'legal'],
	])('day %i → %s (%s)', (days, stage, phase) => {
		const { info } = classifyInvoice(invoice({ dueDate: dueFor(days) }), ctx);
		expect(info.daysOverdue).toBe(days);
		expect(info.stage).toBe(stage);
		expect(info.phase).toBe(phase);
		expect(info.isNew).toBe(stage !== null);
		expect(info.dueDate).toBe(dueFor(days));
		expect(info.referenceDate).toBe(REF);
	});

	it('explains the classification in one sentence', () => {
		const { info } = classifyInvoice(invoice({ dueDate: '2026-11-11' }), ctx);
		expect(info.reason).toBe('12 days overdue (due 2026-11-11, America/Sao_Paulo): stage overdue_9d (days 9 to 14); not sent yet');
		expect(classifyInvoice(invoice({ dueDate: dueFor(-8) }), ctx).info.reason).toBe(
			'due in 8 days (due 2026-12-01, America/Sao_Paulo): no stage yet, the first stage (reminder_7d) starts on day -7',
		);
		expect(classifyInvoice(invoice({ dueDate: dueFor(1) }), ctx).info.reason).toBe(
			'1 day overdue (due 2026-11-22, America/Sao_Paulo): between stages due_today and overdue_3d (grace period), no stage',
		);
		expect(classifyInvoice(invoice({ dueDate: dueFor(0) }), ctx).info.reason).toContain('due today');
		expect(classifyInvoice(invoice({ dueDate: dueFor(-1) }), ctx).info.reason).toContain('due in 1 day (');
	});

	it('gives aging buckets', () => {
		const bucket = (days: number) => classifyInvoice(invoice({ dueDate: dueFor(days) }), ctx).info.agingBucket;
		expect([bucket(-3), bucket(0), bucket(1), bucket(30), bucket(31), bucket(60), bucket(61), bucket(90), bucket(91)]).toEqual([
			'current',
			'current',
			'1-30',
			'1-30',
			'31-60',
			'31-60',
			'61-90',
			'61-90',
			'90+',
		]);
	});
});

describe('classifyInvoice: due date formats give the same stage', () => {
	const ctx = context();
	const serial = 46349 - 12; // 2026-11-11
	it.each([
		['2026-11-11'],
		['11/11/2026'],
		['2026-11-11T15:00:00-03:00'],
		['2026-11-11T12:00:00Z'],
		[serial],
		[String(serial)],
		[Date.UTC(2026, 10, 11, 15) / 1000],
		[Date.UTC(2026, 10, 11, 15)],
	])('%p is 12 days overdue', (dueDate) => {
		expect(classifyInvoice(invoice({ dueDate }), ctx).info).toMatchObject({ daysOverdue: 12, stage: 'overdue_9d' });
	});

	it('reads month-first dates when the option says so', () => {
		const us = context({ dateOrder: 'mdy' });
		expect(classifyInvoice(invoice({ dueDate: '11/20/2026' }), us).info.stage).toBe('overdue_3d');
		expect(() => classifyInvoice(invoice({ dueDate: '20/11/2026' }), us)).toThrow('there is no month 20');
	});
});

describe('classifyInvoice: time zones', () => {
	it('uses the item time zone, else the default', () => {
		// Reference instant 2026-11-23T02:00Z: still the 22nd in São Paulo, already the 23rd in Lisbon.
		const ctx = context({ reference: parseReferenceDate('2026-11-23T02:00:00Z', 0) });
		const inSp = classifyInvoice(invoice({ dueDate: '2026-11-20' }), ctx).info;
		const inLisbon = classifyInvoice(invoice({ dueDate: '2026-11-20', timezone: 'Europe/Lisbon' }), ctx).info;
		expect(inSp).toMatchObject({ daysOverdue: 2, stage: null, referenceDate: '2026-11-22', timezone: SP });
		expect(inLisbon).toMatchObject({ daysOverdue: 3, stage: 'overdue_3d', referenceDate: '2026-11-23', timezone: 'Europe/Lisbon' });
	});

	it('converts an instant due date to the debtor zone (UTC instant on the previous day in São Paulo)', () => {
		const ctx = context();
		const info = classifyInvoice(invoice({ dueDate: '2026-11-20T01:00:00Z' }), ctx).info;
		expect(info.dueDate).toBe('2026-11-19');
		expect(info.daysOverdue).toBe(4);
	});

	it('counts across the New York DST change and Mexico City without DST', () => {
		const ny = context({ reference: parseReferenceDate('2026-11-02T04:30:00Z', 0) }); // 23:30 on Nov 1 in NY (EST)
		expect(classifyInvoice(invoice({ dueDate: '2026-10-29', timezone: 'America/New_York' }), ny).info.daysOverdue).toBe(3);
		const mx = context({ reference: parseReferenceDate('2026-07-01T05:30:00Z', 0) }); // 23:30 on Jun 30 in CDMX
		expect(classifyInvoice(invoice({ dueDate: '2026-06-27', timezone: 'America/Mexico_City' }), mx).info).toMatchObject({
			daysOverdue: 3,
			stage: 'overdue_3d',
		});
	});

	it('rejects an unknown time zone, naming the field and value', () => {
		expect(() => classifyInvoice(invoice({ dueDate: REF, timezone: 'Brasil/Sao Paulo' }), context())).toThrow(
			"Field 'timezone' has the value \"Brasil/Sao Paulo\": is not a time zone",
		);
	});
});

describe('classifyInvoice: business days', () => {
	const business = buildBusinessCalendar([dayNumber(2026, 11, 20)]); // Consciência Negra, a Friday
	const ctx = context({ business });

	it('skips weekends and holidays', () => {
		// Due Wed 2026-11-18: Thu 19 and Mon 23 are business days (Fri 20 holiday, weekend).
		const info = classifyInvoice(invoice({ dueDate: '2026-11-18' }), ctx).info;
		expect(info).toMatchObject({ daysOverdue: 2, dayCount: 'business', stage: null });
		expect(info.reason).toContain('2 business days overdue');
		expect(classifyInvoice(invoice({ dueDate: '2026-11-17' }), ctx).info).toMatchObject({ daysOverdue: 3, stage: 'overdue_3d' });
	});

	it('moves a due date on a holiday to the next business day', () => {
		const info = classifyInvoice(invoice({ dueDate: '2026-11-20' }), ctx).info;
		expect(info).toMatchObject({ daysOverdue: 0, stage: 'due_today' });
		expect(info.reason).toContain('moved to the next business day 2026-11-23');
	});

	it('counts days before the due date in business days too', () => {
		// Friday before a Monday due date is one business day before.
		const friday = context({ business, reference: parseReferenceDate('2026-11-27', 0) });
		expect(classifyInvoice(invoice({ dueDate: '2026-11-30' }), friday).info).toMatchObject({ daysOverdue: -1, stage: 'reminder_1d' });
	});
});

describe('classifyInvoice: status', () => {
	const ctx = context();
	it('settles paid invoices whatever their due date', () => {
		for (const dueDate of ['2026-11-11', '', undefined, 'not a date']) {
			const info = classifyInvoice(invoice({ dueDate, status: 'paid' }), ctx).info;
			expect(info).toMatchObject({ stage: 'settled', phase: 'settled', isNew: true });
		}
		expect(classifyInvoice(invoice({ dueDate: 'x', status: 'Pago' }), ctx).info.dueDate).toBeNull();
		expect(classifyInvoice(invoice({ status: 'paid', lastStageSent: 'settled' }), ctx).info.isNew).toBe(false);
	});

	it.each([
		['cancelled', 'cancelled'],
		['canceled', 'cancelled'],
		['Cancelado', 'cancelled'],
		['disputed', 'disputed'],
		['em disputa', 'disputed'],
		['paused', 'paused'],
		['on hold', 'paused'],
	])('%p gives no stage, with a reason', (status, normalised) => {
		const info = classifyInvoice(invoice({ dueDate: '2026-11-11', status }), ctx).info;
		expect(info).toMatchObject({ stage: null, phase: 'none', isNew: false, status: normalised });
		expect(info.reason).toContain(`Status "${status}"`);
	});

	it.each(['', 'open', 'OPEN', ' vencido ', 'pendiente', 'overdue', null, undefined])('%p is open', (status) => {
		expect(normalizeStatus(status)).toBe('open');
		expect(classifyInvoice(invoice({ dueDate: '2026-11-11', status }), ctx).info.stage).toBe('overdue_9d');
	});

	it('rejects an unknown status', () => {
		expect(() => classifyInvoice(invoice({ dueDate: REF, status: 'refunded' }), ctx)).toThrow(
			"Field 'status' has the value \"refunded\": is not an invoice status this node knows",
		);
		expect(() => classifyInvoice(invoice({ dueDate: REF, status: 3 }), ctx)).toThrow(InvalidFieldError);
	});

	it('requires a due date for an open invoice and names the field', () => {
		const ctxMapped = context({ fields: { ...DEFAULT_FIELD_NAMES, dueDate: 'Vencimento' } });
		for (const dueDate of ['', undefined, null, '   ']) {
			try {
				classifyInvoice(invoice({ dueDate }), ctxMapped);
				throw new Error('expected an error');
			} catch (error) {
				expect(error).toBeInstanceOf(InvalidFieldError);
				expect((error as InvalidFieldError).field).toBe('Vencimento');
				expect((error as Error).message).toContain('an open invoice needs a due date');
			}
		}
		expect(() => classifyInvoice(invoice({ dueDate: '31/02/2026' }), ctx)).toThrow(
			"Field 'dueDate' has the value \"31/02/2026\": February 2026 has no day 31",
		);
	});
});

describe('classifyInvoice: lastStageSent (each stage once, the current one reported)', () => {
	const ctx = context();
	const at = (days: number, lastStageSent?: unknown) => classifyInvoice(invoice({ dueDate: dueFor(days), lastStageSent }), ctx).info;

	it('is new when nothing was sent', () => {
		expect(at(3)).toMatchObject({ stage: 'overdue_3d', isNew: true, lastStageSent: null, missedStages: [] });
		expect(at(3, '')).toMatchObject({ isNew: true });
		expect(at(3, '  ')).toMatchObject({ isNew: true });
	});

	it('is not new when this stage was already sent (on any day of the stage)', () => {
		expect(at(3, 'overdue_3d')).toMatchObject({ isNew: false });
		expect(at(5, 'overdue_3d')).toMatchObject({ isNew: false });
		expect(at(5, 'overdue_3d').reason).toContain('already sent');
	});

	it('is new when the last stage sent is the one before', () => {
		expect(at(6, 'overdue_3d')).toMatchObject({ stage: 'overdue_6d', isNew: true, missedStages: [] });
	});

	it('reports only the current stage when several passed, and lists the missed ones', () => {
		const info = at(16, 'overdue_3d');
		expect(info).toMatchObject({ stage: 'overdue_15d', isNew: true, missedStages: ['overdue_6d', 'overdue_9d'] });
		expect(info.reason).toContain('overdue_6d, overdue_9d were never sent, only this stage is due now');
	});

	it('does not go back when a later stage was already sent (a due date moved later)', () => {
		const info = at(3, 'overdue_9d');
		expect(info).toMatchObject({ stage: 'overdue_3d', isNew: false });
		expect(info.reason).toContain('the later stage overdue_9d was already sent');
	});

	it('accepts keys in another case', () => {
		expect(at(3, 'OVERDUE_3D')).toMatchObject({ isNew: false, lastStageSent: 'overdue_3d' });
	});

	it('rejects a key that is not in the ladder instead of risking a duplicate', () => {
		expect(() => at(3, 'overdue_99d')).toThrow("Field 'lastStageSent' has the value \"overdue_99d\": is not a stage of this ladder");
	});

	it('does not validate lastStageSent when no stage applies', () => {
		expect(at(1, 'whatever')).toMatchObject({ stage: null, lastStageSent: 'whatever' });
	});
});

describe('classifyInvoice: other ladders', () => {
	it('classifies into aging buckets', () => {
		const ctx = context({ ladder: buildLadder(AGING_LADDER) });
		const stage = (days: number) => classifyInvoice(invoice({ dueDate: dueFor(days) }), ctx).info.stage;
		expect([stage(0), stage(1), stage(30), stage(31), stage(60), stage(61), stage(90), stage(91), stage(1000)]).toEqual([
			null,
			'aging_1_30',
			'aging_1_30',
			'aging_31_60',
			'aging_31_60',
			'aging_61_90',
			'aging_61_90',
			'aging_90_plus',
			'aging_90_plus',
		]);
	});

	it('reports a gap after a closed last stage', () => {
		const ctx = context({ ladder: buildLadder([{ key: 'only', phase: 'dunning', firstDay: 1, lastDay: 10 }]) });
		expect(classifyInvoice(invoice({ dueDate: dueFor(11) }), ctx).info.reason).toContain('past the last stage (only ends on day 10)');
	});

	it('classifies a leap-day due date', () => {
		const ctx = context({ reference: parseReferenceDate('2024-03-05', 0) });
		expect(classifyInvoice(invoice({ dueDate: '29/02/2024' }), ctx).info).toMatchObject({ daysOverdue: 5, stage: 'overdue_3d' });
		const across = context({ reference: parseReferenceDate('2024-03-01', 0) });
		expect(classifyInvoice(invoice({ dueDate: '2024-02-28' }), across).info.daysOverdue).toBe(2);
	});
});
