/**
 * One notice per debtor instead of one per invoice: open invoices grouped by customer (and
 * currency, since amounts in different currencies cannot be added), the oldest due date driving
 * the stage.
 */
import type { DayNumber } from './dates';
import { InvalidFieldError, InvalidValueError } from './errors';
import { amountOrError, minorUnitsProblem, roundMoney } from './money';

export interface ConsolidationMember {
	/** Position of the source item. */
	index: number;
	customerId: string;
	currency: string;
	amount: number;
	dueDay: DayNumber;
}

export interface DebtorGroup {
	customerId: string;
	currency: string;
	/** Oldest due date first (ties: input order); members[0] drives the stage. */
	members: ConsolidationMember[];
	total: number;
}

/** Groups in order of first appearance, so the output follows the input. */
export function groupByDebtor(members: ConsolidationMember[]): DebtorGroup[] {
	const groups = new Map<string, DebtorGroup>();
	for (const m of members) {
		const key = `${m.customerId}\u0000${m.currency}`;
		let g = groups.get(key);
		if (!g) {
			g = { customerId: m.customerId, currency: m.currency, members: [], total: 0 };
			groups.set(key, g);
		}
		g.members.push(m);
	}
	for (const g of groups.values()) {
		g.members.sort((a, b) => a.dueDay - b.dueDay || a.index - b.index);
		g.total = roundMoney(g.members.reduce((sum, m) => sum + m.amount, 0));
	}
	return [...groups.values()];
}

export interface MemberInput {
	customerId: unknown;
	amount: unknown;
	currency: unknown;
}

export interface MemberFieldNames {
	customerId: string;
	amount: string;
	currency: string;
}

/** Validates what consolidation needs of an open invoice. Throws {@link InvalidFieldError}. */
export function consolidationMember(
	input: MemberInput,
	fields: MemberFieldNames,
	index: number,
	dueDay: DayNumber,
): ConsolidationMember {
	const { customerId } = input;
	if (customerId === undefined || customerId === null || String(customerId).trim() === '') {
		throw new InvalidFieldError(
			fields.customerId,
			customerId,
			'is needed to consolidate invoices per debtor',
			'Fill in the customer id, point Customer ID Field at the right column, or turn off Consolidate per Debtor.',
		);
	}
	const amount = amountOrError(input.amount);
	if (amount instanceof InvalidValueError) throw InvalidFieldError.from(fields.amount, input.amount, amount);
	if (amount < 0) {
		throw new InvalidFieldError(
			fields.amount,
			input.amount,
			'is negative',
			'An open invoice to collect has a positive amount; fix the row or mark it cancelled.',
		);
	}
	const currency = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : '';
	const problem = minorUnitsProblem(amount, currency);
	if (problem) throw InvalidFieldError.from(fields.amount, input.amount, problem);
	return { index, customerId: String(customerId).trim(), currency, amount, dueDay };
}
