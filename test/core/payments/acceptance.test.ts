/**
 * Accepting an offer: the choice of a reply looked up in the offer (acceptOffer), and the offer read
 * back from a row (readOffer). The offers are built by buildOffer, as Negotiation Offer builds them.
 */
import { buildBusinessCalendar, dayNumber, isoDate } from '../../../nodes/core/dates';
import { InvalidValueError } from '../../../nodes/core/errors';
import { acceptOffer, readOffer } from '../../../nodes/core/payments/acceptance';
import { buildOffer, type OfferPolicy } from '../../../nodes/core/payments/offers';

const SP = 'America/Sao_Paulo';
const day = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return dayNumber(y, m, d);
};
const policy: OfferPolicy = {
	maxInstalments: 4,
	firstDueInDays: 7,
	businessDays: buildBusinessCalendar([day('2026-12-25'), day('2027-01-01')]),
	settlementRanges: [{ minDaysOverdue: 30, maxDaysOverdue: 89, maxDiscountPct: 10 }],
	validityDays: 9,
};
const TODAY = day('2026-11-30');
const built = buildOffer({ total: 1035.33, currency: 'BRL', daysOverdue: 45 }, policy, { today: TODAY });
const offer = { id: 'INV-9-20261130', ...built } as unknown as Record<string, unknown>;
const REPLY_DAY = day('2026-12-02');

describe('acceptOffer', () => {
	it('picks the plan of n instalments, with the offer’s own amounts and business-day due dates', () => {
		const three = built.options.find((o) => o.type === 'instalments' && o.count === 3);
		const result = acceptOffer({ instalments: 3 }, offer, REPLY_DAY, SP);
		expect(result.problem).toBeNull();
		expect(result.plan).toMatchObject({ planId: 'INV-9-20261130-3x', type: 'instalments', option: 2, instalments: 3, currency: 'BRL' });
		expect(three).toBeDefined();
		if (three?.type !== 'instalments') return;
		expect(result.plan).toMatchObject({ amount: three.amount, last: three.last, total: three.total, firstDue: three.firstDue, dueDates: three.dueDates });
	});

	it('picks option k by its place in the offer, and the settlement, due by its date', () => {
		expect(acceptOffer({ option: 1 }, offer, REPLY_DAY, SP).plan).toMatchObject({ planId: 'INV-9-20261130-2x', instalments: 2 });
		const last = built.options.length;
		const settlement = acceptOffer({ settlement: true }, offer, REPLY_DAY, SP).plan;
		expect(settlement).toMatchObject({ planId: 'INV-9-20261130-settlement', type: 'settlement', option: last, instalments: 1, firstDue: built.validUntil, dueDates: [built.validUntil] });
		expect(acceptOffer({ option: last }, offer, REPLY_DAY, SP).plan).toEqual(settlement);
		expect(acceptOffer({ option: 2, instalments: 3 }, offer, REPLY_DAY, SP).plan?.planId).toBe('INV-9-20261130-3x');
	});

	it('no plan, with a problem a person can act on: expired, not offered, options that disagree', () => {
		const after = day(built.validUntil) + 1;
		expect(acceptOffer({ instalments: 3 }, offer, day(built.validUntil), SP).plan).not.toBeNull();
		expect(acceptOffer({ instalments: 3 }, offer, after, SP)).toMatchObject({ plan: null, problem: 'offer expired' });
		expect(acceptOffer({ instalments: 3 }, offer, after, SP).reason).toContain(`valid until ${built.validUntil}, and the reply came on ${isoDate(after)}`);
		expect(acceptOffer({ instalments: 12 }, offer, REPLY_DAY, SP)).toMatchObject({ plan: null, problem: '12 instalments not offered', reason: 'the offer has plans of 2, 3, 4 instalments, not 12' });
		expect(acceptOffer({ option: 9 }, offer, REPLY_DAY, SP).problem).toBe('option 9 not offered');
		expect(acceptOffer({ option: 1, instalments: 3 }, offer, REPLY_DAY, SP).problem).toBe('option 1 is not 3 instalments');
		expect(acceptOffer({ instalments: 3, settlement: true }, offer, REPLY_DAY, SP).problem).toBe('two different options chosen');
		const noSettlement = { ...offer, options: built.options.filter((o) => o.type !== 'settlement') };
		expect(acceptOffer({ settlement: true }, noSettlement, REPLY_DAY, SP).problem).toBe('settlement not offered');
	});

	it('an offer without due dates gets monthly ones from its first due date; an offer without an id still gets a stable plan id', () => {
		const bare = { options: [{ type: 'instalments', count: 3, amount: 100, firstDue: '2027-01-31' }], validUntil: '2027-01-10' };
		const plan = acceptOffer({ instalments: 3 }, bare, REPLY_DAY, SP).plan;
		// 31 January, then 28 February 2027 (a Sunday → Monday 1 March), then 31 March.
		expect(plan).toMatchObject({ planId: 'offer-3x', dueDates: ['2027-01-31', '2027-03-01', '2027-03-31'], last: 100, total: 300 });
		expect(acceptOffer({ instalments: 3 }, bare, REPLY_DAY, SP).plan).toEqual(plan);
	});
});

describe('readOffer', () => {
	it('reads the object or its JSON; nothing is null; anything else is an error', () => {
		expect(readOffer(offer)).toBe(offer);
		expect(readOffer(JSON.stringify(offer))).toEqual(JSON.parse(JSON.stringify(offer)));
		for (const none of [undefined, null, '', '  ']) expect(readOffer(none)).toBeNull();
		for (const bad of ['{not json', '{"validUntil":"2026-12-10"}', 42, [1, 2]]) expect(readOffer(bad)).toBeInstanceOf(InvalidValueError);
	});
});
