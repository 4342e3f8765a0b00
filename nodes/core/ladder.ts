/**
 * The collection ladder (régua de cobrança): stages by days overdue, in order.
 * A stage applies from its first day to its last day, or, without a last day, to the day before
 * the next stage starts (the last stage runs on forever).
 */
import { InvalidSettingError } from './errors';

export type Phase = 'pre_collection' | 'dunning' | 'negotiation' | 'legal' | 'settled' | 'none';

export const PHASES: Phase[] = ['pre_collection', 'dunning', 'negotiation', 'legal', 'settled', 'none'];
export const LADDER_PHASES: Phase[] = ['pre_collection', 'dunning', 'negotiation', 'legal'];

export interface StageDefinition {
	key: string;
	phase: Phase;
	firstDay: number;
	/** Inclusive; omitted = up to the day before the next stage. */
	lastDay?: number | null;
	label?: string;
}

export interface Stage {
	key: string;
	phase: Phase;
	firstDay: number;
	/** Inclusive; Infinity for the last open-ended stage. */
	lastDay: number;
	label: string;
	index: number;
}

export interface Ladder {
	stages: Stage[];
	/** The stage for paid invoices; its index comes after every day stage. */
	settled: Stage;
	byKey: Map<string, Stage>;
}

export const SETTLED_KEY = 'settled';

/** The default régua (data-contract.md): pre-collection, a grace period, dunning, negotiation, legal. */
export const DEFAULT_LADDER: StageDefinition[] = [
	{ key: 'reminder_7d', phase: 'pre_collection', firstDay: -7, lastDay: -2, label: 'Reminder, a week before the due date' },
	{ key: 'reminder_1d', phase: 'pre_collection', firstDay: -1, lastDay: -1, label: 'Reminder, the day before' },
	{ key: 'due_today', phase: 'pre_collection', firstDay: 0, lastDay: 0, label: 'Due today' },
	{ key: 'overdue_3d', phase: 'dunning', firstDay: 3, label: 'Payment not identified' },
	{ key: 'overdue_6d', phase: 'dunning', firstDay: 6, label: 'Not identified; service may be interrupted' },
	{ key: 'overdue_9d', phase: 'dunning', firstDay: 9, label: 'Suspension notice' },
	{ key: 'overdue_15d', phase: 'dunning', firstDay: 15, label: 'Debt history and suspension warning' },
	{ key: 'negotiation_30d', phase: 'negotiation', firstDay: 30, label: 'Negotiation offer' },
	{ key: 'legal_90d', phase: 'legal', firstDay: 90, label: 'Legal notice (credit bureaus)' },
];

/** Classic accounts-receivable aging buckets. */
export const AGING_LADDER: StageDefinition[] = [
	{ key: 'aging_1_30', phase: 'dunning', firstDay: 1, lastDay: 30, label: '1 to 30 days overdue' },
	{ key: 'aging_31_60', phase: 'dunning', firstDay: 31, lastDay: 60, label: '31 to 60 days overdue' },
	{ key: 'aging_61_90', phase: 'negotiation', firstDay: 61, lastDay: 90, label: '61 to 90 days overdue' },
	{ key: 'aging_90_plus', phase: 'legal', firstDay: 91, label: 'More than 90 days overdue' },
];

const STAGE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** Validates and resolves a ladder once per execution. Throws {@link InvalidSettingError}. */
export function buildLadder(definitions: StageDefinition[], setting = 'Stages'): Ladder {
	if (definitions.length === 0) {
		throw new InvalidSettingError(setting, 'the ladder has no stages', 'Add at least one stage, or pick a preset ladder.');
	}
	const byKey = new Map<string, Stage>();
	const stages: Stage[] = [];
	definitions.forEach((def, i) => {
		const where = `stage ${i + 1}${def.key ? ` ('${def.key}')` : ''}`;
		const key = (def.key ?? '').trim();
		if (!STAGE_KEY.test(key)) {
			throw new InvalidSettingError(
				setting,
				`${where} needs a key of letters, digits, '_', '.' or '-' (at most 64)`,
				'Give each stage a short key such as overdue_3d; it is what Last Stage Sent stores.',
			);
		}
		if (key === SETTLED_KEY) {
			throw new InvalidSettingError(setting, `${where}: '${SETTLED_KEY}' is reserved for paid invoices`, 'Use another key.');
		}
		if (byKey.has(key)) {
			throw new InvalidSettingError(setting, `${where}: the key '${key}' is used twice`, 'Give every stage its own key.');
		}
		if (!LADDER_PHASES.includes(def.phase)) {
			throw new InvalidSettingError(
				setting,
				`${where} has the phase '${String(def.phase)}'`,
				`Use one of: ${LADDER_PHASES.join(', ')}.`,
			);
		}
		if (!Number.isInteger(def.firstDay)) {
			throw new InvalidSettingError(setting, `${where}: First Day must be a whole number of days`, 'Use for example -7, 0 or 30.');
		}
		const hasLast = def.lastDay !== undefined && def.lastDay !== null;
		if (hasLast && (!Number.isInteger(def.lastDay) || (def.lastDay as number) < def.firstDay)) {
			throw new InvalidSettingError(
				setting,
				`${where}: Last Day (${String(def.lastDay)}) must be a whole number not before First Day (${def.firstDay})`,
				'Leave Last Day empty to run until the next stage starts.',
			);
		}
		const prev = stages[stages.length - 1];
		if (prev) {
			if (def.firstDay <= prev.firstDay) {
				throw new InvalidSettingError(
					setting,
					`${where} starts on day ${def.firstDay}, not after the previous stage '${prev.key}' (day ${prev.firstDay})`,
					'Order the stages by First Day, earliest first (drag them in the list).',
				);
			}
			if (prev.lastDay === Infinity) prev.lastDay = def.firstDay - 1;
			if (prev.lastDay >= def.firstDay) {
				throw new InvalidSettingError(
					setting,
					`stage '${prev.key}' ends on day ${prev.lastDay}, overlapping '${key}' which starts on day ${def.firstDay}`,
					'Make each stage end before the next one starts.',
				);
			}
		}
		const stage: Stage = {
			key,
			phase: def.phase,
			firstDay: def.firstDay,
			lastDay: hasLast ? (def.lastDay as number) : Infinity,
			label: (def.label ?? '').trim() || key,
			index: i,
		};
		stages.push(stage);
		byKey.set(key, stage);
	});
	const settled: Stage = {
		key: SETTLED_KEY,
		phase: 'settled',
		firstDay: -Infinity,
		lastDay: Infinity,
		label: 'Paid: thank-you confirmation',
		index: stages.length,
	};
	byKey.set(SETTLED_KEY, settled);
	return { stages, settled, byKey };
}

/** The stage for a number of days overdue, or undefined (before the ladder, or in a gap). */
export function classifyStage(ladder: Ladder, days: number): Stage | undefined {
	const stages = ladder.stages;
	for (let i = stages.length - 1; i >= 0; i--) {
		const s = stages[i];
		if (days >= s.firstDay) return days <= s.lastDay ? s : undefined;
	}
	return undefined;
}

export function describeStageDays(stage: Stage): string {
	if (stage.lastDay === Infinity) return `day ${stage.firstDay} and later`;
	if (stage.lastDay === stage.firstDay) return `day ${stage.firstDay}`;
	return `days ${stage.firstDay} to ${stage.lastDay}`;
}

export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | '90+';

export function agingBucket(daysOverdue: number): AgingBucket {
	if (daysOverdue <= 0) return 'current';
	if (daysOverdue <= 30) return '1-30';
	if (daysOverdue <= 60) return '31-60';
	if (daysOverdue <= 90) return '61-90';
	return '90+';
}

/** Stage rows as the node's Stages list gives them (Last Day as text: empty = until the next stage). */
export interface StageRow {
	key?: unknown;
	phase?: unknown;
	firstDay?: unknown;
	lastDay?: unknown;
	label?: unknown;
}

export function ladderFromRows(rows: StageRow[]): Ladder {
	const definitions = rows.map((row, i): StageDefinition => {
		const lastText = String(row.lastDay ?? '').trim();
		const lastDay = lastText === '' ? null : Number(lastText);
		if (lastDay !== null && !Number.isInteger(lastDay)) {
			throw new InvalidSettingError(
				'Stages',
				`stage ${i + 1}: Last Day "${lastText}" is not a whole number`,
				'Enter a number of days, or leave it empty to run until the next stage.',
			);
		}
		return {
			key: String(row.key ?? ''),
			phase: row.phase as Phase,
			firstDay: Number(row.firstDay ?? 0),
			lastDay,
			label: String(row.label ?? ''),
		};
	});
	return buildLadder(definitions);
}
