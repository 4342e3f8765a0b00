import { calendarDateOrError, parseReferenceDate } from '../../nodes/core/dates';
import { classifyInvoice, createClassifyContext, DEFAULT_FIELD_NAMES } from '../../nodes/core/dunning';
import { InvalidFieldError, InvalidSettingError, InvalidValueError } from '../../nodes/core/errors';
import { buildLadder, DEFAULT_LADDER, type Phase } from '../../nodes/core/ladder';
import {
	type DebtState,
	type DebtorInput,
	type SegmentPolicy,
	DEFAULT_DEBTOR_FIELDS,
	DEFAULT_POLICY,
	buildPolicy,
	buildSegmentRules,
	buildValueTiers,
	builtInSegment,
	classifyDebtorType,
	countOrError,
	debtStateFromDunning,
	flagOrError,
	monthsBetween,
	optOutOrError,
	parseChannelOrder,
	priorityScore,
	profileDebtor,
	readDebtState,
	segmentByRules,
	tenureBand,
} from '../../nodes/core/segments';

const REF = '2026-11-23';
const REF_DAY = calendarDateOrError(REF, 'UTC') as number;

function state(days: number | null, phase: Phase, status: DebtState['status'] = 'open'): DebtState {
	return { status, phase, daysOverdue: days, stage: null, referenceDay: REF_DAY, timezone: 'America/Sao_Paulo', source: 'dunning', dueDate: null };
}

/** The phase the default ladder gives a number of days (what Dunning Stage would say). */
function phaseFor(days: number): Phase {
	if (days <= 0) return days >= -7 ? 'pre_collection' : 'none';
	if (days < 3) return 'none';
	if (days < 30) return 'dunning';
	if (days < 90) return 'negotiation';
	return 'legal';
}

const ROW: DebtorInput = {
	amount: '129,90',
	currency: 'BRL',
	lateCount12m: '0',
	brokenPromises: '0',
	customerSince: '2026-01-10',
	customerType: 'individual',
	productType: 'internet_500mb',
	phone: '(11) 98765-4321',
	email: 'maria@example.com.br',
	whatsappOptIn: 'true',
	optedOut: 'false',
};

function segmentOf(row: Partial<DebtorInput>, days: number | null, options: { phase?: Phase; status?: DebtState['status']; policy?: SegmentPolicy } = {}) {
	const s = state(days, options.phase ?? (days === null ? 'settled' : phaseFor(days)), options.status ?? 'open');
	const policy = options.policy ?? DEFAULT_POLICY;
	const profile = profileDebtor({ ...ROW, ...row }, s, policy, DEFAULT_DEBTOR_FIELDS, 'dmy');
	return { profile, segment: builtInSegment(profile, s, policy), state: s };
}

function fieldError(fn: () => unknown): InvalidFieldError {
	try {
		fn();
	} catch (error) {
		if (error instanceof InvalidFieldError) return error;
		throw error;
	}
	throw new Error('expected an InvalidFieldError');
}

describe('reading CSV values', () => {
	it.each([
		[true, true],
		[false, false],
		['true', true],
		['TRUE ', true],
		['yes', true],
		['sim', true],
		['Sí', true],
		['1', true],
		[1, true],
		['false', false],
		['não', false],
		['nao', false],
		['no', false],
		['0', false],
		[0, false],
		['', false],
		[null, false],
		[undefined, false],
	])('WhatsApp opt-in %p reads as %p', (value, expected) => {
		expect(flagOrError(value)).toBe(expected);
	});

	it.each(['maybe', 2, ['yes'], {}])('WhatsApp opt-in %p is an error that says what to use', (value) => {
		const result = flagOrError(value);
		expect(result).toBeInstanceOf(InvalidValueError);
		expect((result as InvalidValueError).hint).toMatch(/true or false/);
	});

	it.each([
		[true, ['whatsapp', 'sms', 'email']],
		['true', ['whatsapp', 'sms', 'email']],
		['sim', ['whatsapp', 'sms', 'email']],
		['all', ['whatsapp', 'sms', 'email']],
		[1, ['whatsapp', 'sms', 'email']],
		[false, []],
		['false', []],
		['', []],
		[null, []],
		['none', []],
		['sms,whatsapp', ['sms', 'whatsapp']],
		['SMS; e-mail', ['sms', 'email']],
		['whatsapp', ['whatsapp']],
		[['sms'], ['sms']],
		[['email', 'WhatsApp'], ['email', 'whatsapp']],
		[[], []],
	])('opted out %p means the channels %p', (value, expected) => {
		const result = optOutOrError(value);
		expect(result).not.toBeInstanceOf(InvalidValueError);
		expect([...(result as Set<string>)].sort()).toEqual([...expected].sort());
	});

	it.each([['sms,fax'], [['sms', 3]], [{ sms: true }], [7]])('opted out %p is an error naming what is wrong', (value) => {
		const result = optOutOrError(value);
		expect(result).toBeInstanceOf(InvalidValueError);
	});

	it('names the unknown channel of an opt-out list', () => {
		expect((optOutOrError('sms, pigeon') as InvalidValueError).problem).toContain('"pigeon"');
	});

	it.each([
		['3', 3],
		[3, 3],
		['0', 0],
		['', 0],
		[null, 0],
		[undefined, 0],
		[' 12 ', 12],
		['2.0', 2],
	])('count %p reads as %p', (value, expected) => {
		expect(countOrError(value)).toBe(expected);
	});

	it.each(['-1', -1, '2.5', 2.5, 'three', true])('count %p is an error', (value) => {
		expect(countOrError(value)).toBeInstanceOf(InvalidValueError);
	});
});

describe('debtor type (Standard model)', () => {
	it.each([
		// late, broken, days, type
		[0, 0, 10, 'first_time'],
		[0, 0, 200, 'first_time'],
		[1, 0, 10, 'casual'],
		[0, 1, 10, 'casual'],
		[3, 1, 60, 'casual'],
		[0, 2, 1, 'intentional'],
		[1, 5, 3, 'intentional'],
		[4, 0, 29, 'casual'],
		[4, 0, 30, 'intentional'],
		[9, 0, 5, 'casual'],
		[9, 1, 45, 'intentional'],
	])('%p late payments, %p broken promises, %p days overdue: %p', (late, broken, days, type) => {
		expect(classifyDebtorType(late, broken, days, DEFAULT_POLICY).type).toBe(type);
	});

	it('follows the thresholds set in the options', () => {
		const policy = buildPolicy({ intentionalBrokenPromises: 3, intentionalLateCount: 2, oldDebtFromDay: 10 });
		expect(classifyDebtorType(0, 2, 5, policy).type).toBe('casual');
		expect(classifyDebtorType(0, 3, 5, policy).type).toBe('intentional');
		expect(classifyDebtorType(2, 0, 9, policy).type).toBe('casual');
		expect(classifyDebtorType(2, 0, 10, policy).type).toBe('intentional');
	});

	it('explains the type with the numbers it used', () => {
		expect(classifyDebtorType(5, 0, 40, DEFAULT_POLICY).reason).toBe(
			'Intentional debtor: 5 late payments in 12 months, 0 broken promises (4 or more late payments, and the debt is 30 days or more overdue)',
		);
		expect(classifyDebtorType(1, 1, 5, DEFAULT_POLICY).reason).toBe('Casual debtor: 1 late payment in 12 months, 1 broken promise');
	});

	it('reads the counts from CSV strings', () => {
		expect(segmentOf({ lateCount12m: '4', brokenPromises: '' }, 31).profile.debtorType).toBe('intentional');
		expect(segmentOf({ lateCount12m: '', brokenPromises: '' }, 5).profile.debtorType).toBe('first_time');
	});
});

describe('segment, tone and offer (Standard model)', () => {
	it.each([
		// days, late, broken, status, phase, segment, tone, offer
		[-7, '0', '0', 'open', undefined, 'pre_due', 'friendly', 'none'],
		[0, '9', '9', 'open', undefined, 'pre_due', 'friendly', 'none'],
		[-10, '0', '0', 'open', 'none', 'pre_due', 'friendly', 'none'],
		[1, '0', '0', 'open', undefined, 'first_time', 'friendly', 'none'],
		[20, '0', '0', 'open', undefined, 'first_time', 'friendly', 'none'],
		[5, '1', '0', 'open', undefined, 'casual', 'friendly', 'none'],
		[14, '2', '1', 'open', undefined, 'casual', 'friendly', 'none'],
		[15, '2', '1', 'open', undefined, 'casual', 'firm', 'none'],
		[10, '0', '2', 'open', undefined, 'intentional', 'firm', 'none'],
		[45, '6', '0', 'open', undefined, 'intentional', 'firm', 'instalments'],
		[30, '1', '0', 'open', undefined, 'negotiation', 'firm', 'instalments'],
		[60, '0', '0', 'open', undefined, 'negotiation', 'friendly', 'instalments'],
		[90, '0', '0', 'open', undefined, 'legal', 'formal', 'settlement'],
		[200, '7', '3', 'open', undefined, 'legal', 'formal', 'settlement'],
		[4, '3', '0', 'paid', 'settled', 'settled', 'friendly', 'none'],
		[10, '3', '0', 'cancelled', 'none', 'on_hold', 'formal', 'none'],
		[10, '3', '0', 'disputed', 'none', 'on_hold', 'formal', 'none'],
		[10, '3', '0', 'paused', 'none', 'on_hold', 'formal', 'none'],
	])('%p days, %p late, %p broken, %p (phase %p): segment %p, tone %p, offer %p', (days, late, broken, status, phase, name, tone, offer) => {
		const { segment } = segmentOf(
			{ amount: '350,00', lateCount12m: late, brokenPromises: broken, customerSince: '2026-01-10' },
			days as number,
			{ status: status as DebtState['status'], phase: phase as Phase | undefined },
		);
		expect([segment.name, segment.tone, segment.offer]).toEqual([name, tone, offer]);
	});

	it('uses the phase Dunning Stage gave, not the default thresholds, when it is there', () => {
		// An aging ladder puts day 45 in dunning and day 70 in negotiation.
		expect(segmentOf({ lateCount12m: '1' }, 45, { phase: 'dunning' }).segment.name).toBe('casual');
		expect(segmentOf({ lateCount12m: '1' }, 70, { phase: 'negotiation' }).segment.name).toBe('negotiation');
	});

	it('keeps a friendly tone for loyal casual debtors, and firm for newer ones, from Firm Tone From Day', () => {
		const loyal = segmentOf({ lateCount12m: '2', customerSince: '2021-03-15' }, 20).segment;
		const recent = segmentOf({ lateCount12m: '2', customerSince: '2025-03-15' }, 20).segment;
		const unknown = segmentOf({ lateCount12m: '2', customerSince: '' }, 20).segment;
		expect([loyal.tone, recent.tone, unknown.tone]).toEqual(['friendly', 'firm', 'firm']);
		expect(loyal.reasons.join(' ')).toContain('friendly tone kept for a loyal customer (24 months or more)');
		const policy = buildPolicy({ firmFromDay: 25, loyalTenureMonths: 0 });
		expect(segmentOf({ lateCount12m: '2', customerSince: '2021-03-15' }, 20, { policy }).segment.tone).toBe('friendly');
		expect(segmentOf({ lateCount12m: '2', customerSince: '2021-03-15' }, 25, { policy }).segment.tone).toBe('firm');
	});

	it('offers instalments in negotiation from the minimum amount of the currency, a settlement below it', () => {
		expect(segmentOf({ amount: '200,00' }, 40).segment.offer).toBe('instalments');
		expect(segmentOf({ amount: '199,99' }, 40).segment.offer).toBe('settlement');
		expect(segmentOf({ amount: '999.99', currency: 'MXN' }, 40).segment.offer).toBe('settlement');
		expect(segmentOf({ amount: '1,000.00', currency: 'MXN' }, 40).segment.offer).toBe('instalments');
		const reasons = segmentOf({ amount: '150' }, 40).segment.reasons.join(' | ');
		expect(reasons).toContain('settlement offered (the amount is below the instalment minimum of 200 BRL)');
	});

	it('offers an early-payment discount before the due date only when the option is on', () => {
		expect(segmentOf({}, -3).segment.offer).toBe('none');
		const policy = buildPolicy({ earlyPaymentDiscount: true });
		expect(segmentOf({}, -3, { policy }).segment.offer).toBe('early_payment_discount');
		expect(segmentOf({}, 5, { policy }).segment.offer).toBe('none');
	});

	it('gives settled and on-hold debts priority 0 and needs no amount for them', () => {
		const settled = segmentOf({ amount: '' }, 4, { status: 'paid', phase: 'settled' }).segment;
		expect([settled.priority, settled.valueTier]).toEqual([0, null]);
		const hold = segmentOf({ amount: undefined }, 10, { status: 'disputed', phase: 'none' }).segment;
		expect([hold.priority, hold.channels]).toEqual([0, []]);
	});
});

describe('value tiers and segment name parts', () => {
	it.each([
		['499,99', 'BRL', 'low'],
		['500', 'BRL', 'medium'],
		['R$ 1.999,99', 'BRL', 'medium'],
		['2.000,00', 'BRL', 'high'],
		['1,999.00', 'MXN', 'low'],
		['$ 2,000.00', 'MXN', 'medium'],
		['8000', 'mxn', 'high'],
		['99.99', 'USD', 'low'],
		['$1,299.00', 'USD', 'high'],
		['100', 'EUR', 'medium'],
	])('%p %p is %p', (amount, currency, tier) => {
		expect(segmentOf({ amount, currency }, 5).segment.valueTier).toBe(tier);
	});

	it('lets a Value Tiers row replace a currency, or add one', () => {
		const policy = buildPolicy({}, [
			{ currency: 'brl', mediumFrom: 100, highFrom: 1000, instalmentsFrom: 50 },
			{ currency: 'COP', mediumFrom: 200000, highFrom: 1000000, instalmentsFrom: 100000 },
		]);
		expect(segmentOf({ amount: '129,90' }, 5, { policy }).segment.valueTier).toBe('medium');
		expect(segmentOf({ amount: '250000', currency: 'COP' }, 5, { policy }).segment.valueTier).toBe('medium');
		expect(segmentOf({ amount: '600', currency: 'MXN' }, 5, { policy }).segment.valueTier).toBe('low');
	});

	it('names the field and value of an unknown currency, and what to do', () => {
		const error = fieldError(() => segmentOf({ amount: '100', currency: 'COP' }, 5));
		expect(error.message).toBe('Field \'currency\' has the value "COP": has no value tier thresholds');
		expect(error.hint).toContain('Add a row for COP under Value Tiers');
	});

	it('uses Default Currency for rows without one, and otherwise says the currency is missing', () => {
		expect(fieldError(() => segmentOf({ currency: '' }, 5)).message).toBe(
			"Field 'currency' is empty: the value tier needs the currency of the amount",
		);
		const policy = buildPolicy({ defaultCurrency: 'usd' });
		expect(segmentOf({ amount: '150', currency: '' }, 5, { policy }).segment.valueTier).toBe('medium');
	});

	it('names a non-numeric amount, and a missing amount of an open debt', () => {
		expect(fieldError(() => segmentOf({ amount: 'abc' }, 5)).message).toBe('Field \'amount\' has the value "abc": "abc" is not an amount');
		expect(fieldError(() => segmentOf({ amount: ' ' }, 5)).message).toBe("Field 'amount' is empty: an open debt needs an amount to be segmented");
	});

	it('refuses a negative amount on an open debt (a credit balance), and accepts zero and a settled credit', () => {
		const error = fieldError(() => segmentOf({ amount: '-25,90' }, 5));
		expect(error.message).toBe('Field \'amount\' has the value "-25,90": is negative: a credit balance is not a debt to collect');
		expect(error.hint).toMatch(/Filter node/);
		expect(segmentOf({ amount: '0' }, 5).profile.amount).toBe(0);
		expect(segmentOf({ amount: '-10' }, null, { status: 'paid' }).segment.name).toBe('settled');
	});

	it('appends the parts the user asks for, in a fixed order, as safe words', () => {
		const policy = buildPolicy({ nameParts: ['productType', 'customerType', 'valueTier', 'tenure'] });
		const { segment } = segmentOf({ amount: '2500', customerType: 'Pessoa Jurídica', productType: 'Fibra 1 Gb', customerSince: '2021-03-15', lateCount12m: '1' }, 5, { policy });
		expect(segment.name).toBe('casual_high_loyal_pessoa_juridica_fibra_1_gb');
		const bare = segmentOf({ customerType: '', customerSince: '' }, -2, { policy: buildPolicy({ nameParts: ['customerType', 'tenure'] }) }).segment;
		expect(bare.name).toBe('pre_due_unknown_unknown');
	});
});

describe('shared texts, separate results', () => {
	it('keeps reasons of different settings apart', () => {
		const a = segmentOf({ lateCount12m: '2', customerSince: '' }, 20, { policy: buildPolicy({ firmFromDay: 15 }) }).segment;
		const b = segmentOf({ lateCount12m: '2', customerSince: '' }, 20, { policy: buildPolicy({ firmFromDay: 25 }) }).segment;
		expect(a.reasons.join(' | ')).toContain('firm tone from day 15');
		expect(b.reasons.join(' | ')).toContain('friendly tone before day 25');
		const brl = segmentOf({ amount: '300' }, 40).segment.reasons.join(' | ');
		const mxn = segmentOf({ amount: '3000', currency: 'MXN' }, 40).segment.reasons.join(' | ');
		expect(brl).toContain('at least 200 BRL');
		expect(mxn).toContain('at least 1000 MXN');
	});

	it('gives every debtor its own channel list and reasons list', () => {
		const one = segmentOf({}, 5).segment;
		const two = segmentOf({}, 5).segment;
		expect(one.channels).toEqual(two.channels);
		expect(one.channels).not.toBe(two.channels);
		expect(one.reasons).not.toBe(two.reasons);
		one.channels.pop();
		one.reasons.push('edited downstream');
		expect(segmentOf({}, 5).segment.channels).toEqual(['whatsapp', 'sms', 'email']);
		expect(segmentOf({}, 5).segment.reasons).not.toContain('edited downstream');
	});
});

describe('tenure', () => {
	it.each([
		['2026-01-15', '2026-02-15', 1],
		['2026-01-15', '2026-02-14', 0],
		['2026-01-31', '2026-02-28', 0],
		['2024-02-29', '2026-02-28', 23],
		['2021-03-15', '2026-11-23', 68],
	])('from %p to %p is %p whole months', (since, today, months) => {
		expect(monthsBetween(calendarDateOrError(since, 'UTC') as number, calendarDateOrError(today, 'UTC') as number)).toBe(months);
	});

	it.each([
		[0, 'new'],
		[5, 'new'],
		[6, 'established'],
		[23, 'established'],
		[24, 'loyal'],
	])('%p months is %p', (months, band) => {
		expect(tenureBand(months, DEFAULT_POLICY)).toBe(band);
	});

	it('reads customer since in dd/mm/yyyy and Excel numbers, and rejects a date after the reference day', () => {
		expect(segmentOf({ customerSince: '15/03/2021' }, 5).profile.tenureMonths).toBe(68);
		expect(segmentOf({ customerSince: '44270' }, 5).profile.tenureMonths).toBe(68);
		expect(fieldError(() => segmentOf({ customerSince: '2027-01-01' }, 5)).message).toContain("Field 'customerSince'");
		expect(fieldError(() => segmentOf({ customerSince: '31/02/2021' }, 5)).message).toBe(
			'Field \'customerSince\' has the value "31/02/2021": February 2021 has no day 31',
		);
	});
});

describe('channels: only those the debtor can and may be reached on', () => {
	const all = { phone: '+55 11 98765-4321', email: 'a@b.com', whatsappOptIn: 'true', optedOut: '' };
	it.each([
		[{}, ['whatsapp', 'sms', 'email']],
		[{ whatsappOptIn: 'false' }, ['sms', 'email']],
		[{ whatsappOptIn: '' }, ['sms', 'email']],
		[{ phone: '' }, ['email']],
		[{ phone: '123-45' }, ['email']],
		[{ phone: 11987654321 }, ['whatsapp', 'sms', 'email']],
		[{ email: '' }, ['whatsapp', 'sms']],
		[{ email: 'not an address' }, ['whatsapp', 'sms']],
		[{ phone: '', email: '' }, []],
		[{ optedOut: 'true' }, []],
		[{ optedOut: true }, []],
		[{ optedOut: 'sms' }, ['whatsapp', 'email']],
		[{ optedOut: 'sms,whatsapp' }, ['email']],
		[{ optedOut: ['email'] }, ['whatsapp', 'sms']],
		[{ optedOut: 'whatsapp', email: '' }, ['sms']],
		[{ whatsappOptIn: 'false', optedOut: 'sms' }, ['email']],
		[{ phone: undefined, optedOut: 'email' }, []],
	])('%p → %p', (row, channels) => {
		expect(segmentOf({ ...all, ...row }, 5).segment.channels).toEqual(channels);
	});

	it('orders channels by the Channel Order option, and never uses one left out', () => {
		const policy = buildPolicy({ channelOrder: 'email, sms' });
		const { segment } = segmentOf(all, 5, { policy });
		expect(segment.channels).toEqual(['email', 'sms']);
		expect(segment.reasons.join(' | ')).toContain('whatsapp (not in Channel Order)');
	});

	it('says why each missing channel was left out', () => {
		const { segment } = segmentOf({ ...all, whatsappOptIn: 'não', optedOut: 'sms', email: '' }, 5);
		expect(segment.reasons).toContain('No channel to reach the debtor on; left out whatsapp (no WhatsApp opt-in), sms (opted out), email (no e-mail address)');
	});

	it('lists no channel for a debt on hold, and the settled ones for a thank-you', () => {
		expect(segmentOf(all, 10, { status: 'paused', phase: 'none' }).segment.channels).toEqual([]);
		expect(segmentOf(all, 4, { status: 'paid', phase: 'settled' }).segment.channels).toEqual(['whatsapp', 'sms', 'email']);
	});

	it('names the field of an opt-out or opt-in it cannot read', () => {
		expect(fieldError(() => segmentOf({ optedOut: 'maybe' }, 5)).message).toContain("Field 'optedOut' has the value \"maybe\"");
		expect(fieldError(() => segmentOf({ whatsappOptIn: 'talvez' }, 5)).message).toBe(
			'Field \'whatsappOptIn\' has the value "talvez": is not yes or no',
		);
	});
});

describe('priority', () => {
	it.each([
		// amount, days, by the formula round(10 × log10(1 + amount) × (1 + min(max(days, 0), 180) / 30))
		[100, 0, 20],
		[100, -5, 20],
		[999, 0, 30],
		[1000, 30, 60],
		[9999, 0, 40],
		[129.9, 12, 30],
		[1000, 180, 210],
		[1000, 400, 210],
		[0, 50, 0],
		[-20, 50, 0],
	])('amount %p, %p days overdue → %p', (amount, days, priority) => {
		expect(priorityScore(amount, days)).toBe(priority);
	});

	it('ranks older and larger debts higher', () => {
		expect(priorityScore(500, 40)).toBeGreaterThan(priorityScore(500, 10));
		expect(priorityScore(5000, 10)).toBeGreaterThan(priorityScore(500, 10));
	});

	it('writes the formula with its numbers into the reasons', () => {
		const { segment } = segmentOf({ amount: '1.000,00' }, 30);
		expect(segment.priority).toBe(60);
		expect(segment.reasons).toContain('Priority 60 = round(10 × log10(1 + amount) × (1 + 30/30))');
	});
});

describe('the state of the debt: Dunning Stage output, or the same classification', () => {
	const ctx = () =>
		createClassifyContext({
			ladder: buildLadder(DEFAULT_LADDER),
			dateOrder: 'dmy',
			reference: parseReferenceDate(REF, 0),
			defaultZone: 'America/Sao_Paulo',
			fields: DEFAULT_FIELD_NAMES,
		});

	it('computes days and phase with classifyInvoice when the row has no dunning object', () => {
		for (const dueDate of ['2026-11-11', '2026-08-25', '2026-11-30', '13/10/2026', '46335']) {
			const invoice = { dueDate, status: 'open', lastStageSent: '', timezone: 'America/Sao_Paulo' };
			const expected = classifyInvoice(invoice, ctx()).info;
			const s = readDebtState(undefined, invoice, ctx);
			expect([s.daysOverdue, s.phase, s.stage, s.source]).toEqual([expected.daysOverdue, expected.phase, expected.stage, 'computed']);
		}
	});

	it('ignores Last Stage Sent, which does not matter to a segment', () => {
		const s = readDebtState(undefined, { dueDate: '2026-11-11', status: '', lastStageSent: 'not-a-stage', timezone: '' }, ctx);
		expect(s.daysOverdue).toBe(12);
	});

	it("takes Dunning Stage's days and phase as they are, and does not classify again", () => {
		const dunning = classifyInvoice({ dueDate: '2026-11-11', status: 'open', lastStageSent: '', timezone: '' }, ctx()).info;
		const classify = jest.fn(ctx);
		const s = readDebtState({ ...dunning, phase: 'negotiation', daysOverdue: 40 }, { dueDate: 'garbage', status: 'open', lastStageSent: '', timezone: '' }, classify);
		expect([s.daysOverdue, s.phase, s.source]).toEqual([40, 'negotiation', 'dunning']);
		expect(classify).not.toHaveBeenCalled();
	});

	it.each([
		['a string', 'overdue'],
		['an unknown phase', { phase: 'late', daysOverdue: 3, referenceDate: REF }],
		['open without days', { phase: 'dunning', status: 'open', daysOverdue: null, referenceDate: REF }],
		['no reference date', { phase: 'dunning', daysOverdue: 3 }],
	])('does not trust a dunning field that is %s', (_label, value) => {
		expect(debtStateFromDunning(value)).toBeUndefined();
	});

	it('names the due date field when it has to classify a row without one', () => {
		const error = fieldError(() => readDebtState(undefined, { dueDate: '', status: 'open', lastStageSent: '', timezone: '' }, ctx));
		expect(error.field).toBe('dueDate');
	});
});

describe('custom rules', () => {
	const rules = buildSegmentRules([
		{ segment: 'vip', tone: 'formal', offer: 'settlement', channels: 'email, whatsapp' },
		{ segment: 'whatsapp_only', tone: 'auto', offer: 'auto', channels: 'whatsapp' },
		{ segment: 'catch_all' },
	]);

	function byRules(row: Partial<DebtorInput>, days: number, matches: (r: number) => boolean, status: DebtState['status'] = 'open') {
		const { profile, segment, state: s } = segmentOf(row, days, status === 'open' ? {} : { status, phase: 'none' });
		return segmentByRules(segment, rules, matches, 'other', profile, s);
	}

	it('the first rule that matches gives the name, tone, offer and channel order it sets', () => {
		const calls: number[] = [];
		const { segment, ruleIndex } = byRules({ lateCount12m: '1' }, 20, (r) => {
			calls.push(r);
			return r >= 0;
		});
		expect(calls).toEqual([0]);
		expect(ruleIndex).toBe(0);
		expect(segment).toMatchObject({ name: 'vip', tone: 'formal', offer: 'settlement', channels: ['email', 'whatsapp'], debtorType: 'casual' });
	});

	it('keeps the Standard model where the rule says "same as", and its reasons next to the rule name', () => {
		const { segment, ruleIndex } = byRules({ lateCount12m: '1', customerSince: '2025-01-01' }, 20, (r) => r === 1);
		expect(ruleIndex).toBe(1);
		expect(segment).toMatchObject({ name: 'whatsapp_only', tone: 'firm', offer: 'none', channels: ['whatsapp'] });
		expect(segment.reasons).toContain('Custom rule 2 matched: segment whatsapp_only (Standard model: casual); the rule sets channels whatsapp');
		expect(segment.reasons.some((r) => r.startsWith('Segment casual:'))).toBe(true);
	});

	it('gives the fallback segment when no rule matches', () => {
		const { segment, ruleIndex } = byRules({}, -2, () => false);
		expect(ruleIndex).toBeNull();
		expect(segment).toMatchObject({ name: 'other', tone: 'friendly', offer: 'none' });
		expect(segment.reasons[segment.reasons.length - 1]).toBe('No custom rule matched: segment other (Standard model: pre_due)');
	});

	it('never gives channels to a debt on hold, whatever the rule says', () => {
		expect(byRules({}, 10, (r) => r === 0, 'disputed').segment.channels).toEqual([]);
	});

	it('checks the rules once, with messages that say what to fix', () => {
		const settingError = (fn: () => unknown) => {
			try {
				fn();
			} catch (error) {
				expect(error).toBeInstanceOf(InvalidSettingError);
				return (error as InvalidSettingError).message;
			}
			throw new Error('expected an InvalidSettingError');
		};
		expect(settingError(() => buildSegmentRules([]))).toBe('Rules: there are no rules');
		expect(settingError(() => buildSegmentRules([{ segment: '' }]))).toBe('Rules: rule 1 has no segment name');
		expect(settingError(() => buildSegmentRules([{ segment: 'a' }, { segment: 'b', channels: 'sms, fax' }]))).toBe('Rules (rule 2, Channel Order): "fax" is not a channel');
		expect(settingError(() => buildSegmentRules([{ segment: 'a', tone: 'angry' }]))).toBe('Rules: rule 1: "angry" is not a tone');
		expect(settingError(() => buildValueTiers([{ currency: 'Real', mediumFrom: 1, highFrom: 2 }]))).toBe('Value Tiers: row 1: "REAL" is not a currency code');
		expect(settingError(() => buildValueTiers([{ currency: 'BRL', mediumFrom: 500, highFrom: 100 }]))).toContain('High From (100) is below Medium From (500)');
		expect(settingError(() => buildPolicy({ firmFromDay: 0 }))).toBe('Firm Tone From Day: 0 is not a whole number of 1 or more');
		expect(settingError(() => buildPolicy({ defaultCurrency: 'R$' }))).toBe('Default Currency: "R$" is not a currency code');
		expect(settingError(() => buildPolicy({ channelOrder: 'telegram' }))).toBe('Channel Order: "telegram" is not a channel');
	});

	it('reads a channel order in any separator and drops repeats', () => {
		expect(parseChannelOrder('WhatsApp > SMS > e-mail', 'x')).toEqual(['whatsapp', 'sms', 'email']);
		expect(parseChannelOrder('sms sms', 'x')).toEqual(['sms']);
		expect(parseChannelOrder('  ', 'x')).toBeNull();
	});
});
