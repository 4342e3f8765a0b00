/**
 * Accepting an offer: the option a debtor's reply chose (Classify Reply's `reply.choice`), looked up
 * in the offer that was made (Negotiation Offer's `offer`, as the row keeps it), becomes the accepted
 * plan the row is written back with (`planId`, `planInstalments`, `nextDueDate`).
 *
 * Decisions:
 * - `{ option: k }` is the k-th option of `offer.options` (1-based, the order the offer listed them);
 *   `{ instalments: n }` the instalment option of n; `{ settlement: true }` the settlement. A reply
 *   that names two (option 2 and 3 instalments) must name the same option twice.
 * - The offer is valid through `validUntil` (the debtor's calendar day of the reply counts); a
 *   settlement also through its own `until`. An expired offer or an option it does not have gives
 *   no plan, and a short problem a person can act on ("offer expired", "12 instalments not offered").
 * - The plan's id is `<offer.id>-<option id>` (`INV-7-20261202-3x`, `INV-7-20261202-settlement`):
 *   the same reply to the same offer always gives the same id.
 * - The due dates are the offer's own (business days, as Negotiation Offer computed them). An offer
 *   that kept only `firstDue` and the count gets monthly dates from `firstDue` by the rule the offer
 *   uses ({@link instalmentDueDates}), moved off weekends (the holidays are not known here).
 * - A settlement is one payment, due on its `until` (else the offer's `validUntil`).
 */
import { type DayNumber, buildBusinessCalendar, calendarDateOrError, isoDate } from '../dates';
import { InvalidValueError } from '../errors';
import { instalmentDueDates } from './offers';

export interface PlanChoice {
	instalments?: number;
	option?: number;
	settlement?: boolean;
}

export interface AcceptedPlan {
	planId: string;
	type: 'instalments' | 'settlement';
	/** The option's 1-based place in the offer. */
	option: number;
	/** 1 for a settlement. */
	instalments: number;
	/** Each regular instalment (the settlement's amount). */
	amount: number;
	/** The last instalment (absorbs the rounding); the amount for a settlement. */
	last: number;
	total: number;
	currency: string | null;
	firstDue: string;
	dueDates: string[];
}

export type Acceptance =
	| { plan: AcceptedPlan; problem: null; reason: string }
	| { plan: null; problem: string; reason: string };


function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function num(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * The offer as the row holds it: the object Negotiation Offer added, or that object as JSON text (a
 * spreadsheet cell). Null when there is none; an {@link InvalidValueError} when there is something
 * that is not an offer.
 */
export function readOffer(value: unknown): Record<string, unknown> | null | InvalidValueError {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	let offer: unknown = value;
	if (typeof value === 'string') {
		try {
			offer = JSON.parse(value) as unknown;
		} catch {
			return new InvalidValueError('is text that is not an offer (not JSON)', 'Keep Negotiation Offer’s offer object in the row (or its JSON).');
		}
	}
	if (!isObject(offer) || !Array.isArray(offer.options)) {
		return new InvalidValueError('is not an offer: it has no list of options', 'Point Offer Field at the offer Negotiation Offer added (offer.options, offer.validUntil).');
	}
	return offer;
}

function optionId(option: Record<string, unknown>): string {
	if (typeof option.id === 'string' && option.id.trim() !== '') return option.id.trim();
	return option.type === 'settlement' ? 'settlement' : `${String(option.count)}x`;
}

function dayOf(value: unknown, zone: string): DayNumber | null {
	if (value === undefined || value === null || value === '') return null;
	const day = calendarDateOrError(value, zone, 'dmy');
	return day instanceof InvalidValueError ? null : day;
}

function listOf(options: Record<string, unknown>[], type: string): string {
	return options
		.filter((o) => o.type === type)
		.map((o) => String(o.count))
		.join(', ');
}

/**
 * The plan a choice accepts in an offer, on the reply's day (`today`, in the debtor's zone `zone`).
 * Never throws: what cannot be accepted is a `problem`.
 */
export function acceptOffer(choice: PlanChoice, offer: Record<string, unknown>, today: DayNumber, zone: string): Acceptance {
	const options = (offer.options as unknown[]).filter(isObject);
	const offerId = typeof offer.id === 'string' && offer.id.trim() !== '' ? offer.id.trim() : null;
	const no = (problem: string, reason: string): Acceptance => ({ plan: null, problem, reason });

	const validUntil = dayOf(offer.validUntil, zone);
	if (offer.validUntil !== undefined && offer.validUntil !== null && offer.validUntil !== '' && validUntil === null) {
		return no('offer has no valid date', `the offer's validUntil "${String(offer.validUntil)}" is not a date`);
	}
	if (validUntil !== null && today > validUntil) {
		return no('offer expired', `the offer${offerId ? ` ${offerId}` : ''} was valid until ${isoDate(validUntil)}, and the reply came on ${isoDate(today)}`);
	}

	let picked: Record<string, unknown> | undefined;
	let place = 0;
	if (choice.option !== undefined) {
		place = choice.option;
		picked = options[place - 1];
		if (!picked) return no(`option ${place} not offered`, `the offer has ${options.length} option${options.length === 1 ? '' : 's'}, not ${place}`);
		if (choice.instalments !== undefined && !(picked.type === 'instalments' && num(picked.count) === choice.instalments)) {
			return no(
				`option ${place} is not ${choice.instalments} instalments`,
				`option ${place} of the offer is ${picked.type === 'settlement' ? 'the settlement' : `${String(picked.count)} instalments`}, and the reply also says ${choice.instalments} instalments`,
			);
		}
		if (choice.settlement && picked.type !== 'settlement') {
			return no(`option ${place} is not the settlement`, `option ${place} of the offer is ${String(picked.count)} instalments, and the reply also says paying in one go`);
		}
	} else if (choice.instalments !== undefined && choice.settlement) {
		return no('two different options chosen', `the reply names both ${choice.instalments} instalments and paying in one go`);
	} else if (choice.instalments !== undefined) {
		const n = choice.instalments;
		place = options.findIndex((o) => o.type === 'instalments' && num(o.count) === n) + 1;
		picked = options[place - 1];
		if (!picked) {
			const counts = listOf(options, 'instalments');
			return no(`${n} instalment${n === 1 ? '' : 's'} not offered`, counts ? `the offer has plans of ${counts} instalments, not ${n}` : `the offer has no instalment plans`);
		}
	} else if (choice.settlement) {
		place = options.findIndex((o) => o.type === 'settlement') + 1;
		picked = options[place - 1];
		if (!picked) return no('settlement not offered', 'the offer has no settlement (no discount for paying in one go)');
	} else {
		return no('no option chosen', 'the reply names no option of the offer');
	}

	const id = `${offerId ?? 'offer'}-${optionId(picked)}`;
	const currency = typeof offer.currency === 'string' ? offer.currency : null;
	if (picked.type === 'settlement') {
		const amount = num(picked.amount);
		const until = dayOf(picked.until, zone) ?? validUntil;
		if (amount === null || until === null) return no('offer option unreadable', `option ${place} (the settlement) has no amount or no date to pay by`);
		if (today > until) return no('offer expired', `the settlement was to be paid by ${isoDate(until)}, and the reply came on ${isoDate(today)}`);
		const due = isoDate(until);
		const plan: AcceptedPlan = { planId: id, type: 'settlement', option: place, instalments: 1, amount, last: amount, total: amount, currency, firstDue: due, dueDates: [due] };
		return { plan, problem: null, reason: `accepted option ${place} of the offer${offerId ? ` ${offerId}` : ''}: the settlement, ${amount} by ${due} (plan ${id})` };
	}
	if (picked.type !== 'instalments') return no('offer option unreadable', `option ${place} is neither instalments nor the settlement`);
	const count = num(picked.count);
	const amount = num(picked.amount);
	if (count === null || !Number.isInteger(count) || count < 1 || amount === null) return no('offer option unreadable', `option ${place} has no count or no amount`);
	const last = num(picked.last) ?? amount;
	const total = num(picked.total) ?? cents(amount * (count - 1) + last);
	let dueDates: string[];
	const listed = Array.isArray(picked.dueDates) ? picked.dueDates.map((d) => dayOf(d, zone)) : [];
	if (listed.length === count && listed.every((d) => d !== null)) {
		dueDates = (listed as DayNumber[]).map(isoDate);
	} else {
		const first = dayOf(picked.firstDue, zone);
		if (first === null) return no('offer option unreadable', `option ${place} has no due dates and no first due date`);
		// The first date is the offer's (already a business day); the rest monthly from it, off weekends.
		dueDates = instalmentDueDates(first, count, buildBusinessCalendar([])).map(isoDate);
		dueDates[0] = isoDate(first);
	}
	const plan: AcceptedPlan = { planId: id, type: 'instalments', option: place, instalments: count, amount, last, total, currency, firstDue: dueDates[0], dueDates };
	const each = last === amount ? `${count} × ${amount}` : `${count - 1} × ${amount} and ${last}`;
	return { plan, problem: null, reason: `accepted option ${place} of the offer${offerId ? ` ${offerId}` : ''}: ${each}, first due ${dueDates[0]} (plan ${id})` };
}
