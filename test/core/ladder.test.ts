import { InvalidSettingError } from '../../nodes/core/errors';
import {
	AGING_LADDER,
	DEFAULT_LADDER,
	agingBucket,
	buildLadder,
	classifyStage,
	describeStageDays,
	ladderFromRows,
} from '../../nodes/core/ladder';

describe('buildLadder', () => {
	it('resolves open-ended stages to the day before the next one', () => {
		const ladder = buildLadder(DEFAULT_LADDER);
		const ranges = ladder.stages.map((s) => [s.key, s.firstDay, s.lastDay]);
		expect(ranges).toEqual([
			['reminder_7d', -7, -2],
			['reminder_1d', -1, -1],
			['due_today', 0, 0],
			['overdue_3d', 3, 5],
			['overdue_6d', 6, 8],
			['overdue_9d', 9, 14],
			['overdue_15d', 15, 29],
			['negotiation_30d', 30, 89],
			['legal_90d', 90, Infinity],
		]);
		expect(ladder.settled).toMatchObject({ key: 'settled', phase: 'settled', index: 9 });
		expect(describeStageDays(ladder.stages[0])).toBe('days -7 to -2');
		expect(describeStageDays(ladder.stages[1])).toBe('day -1');
		expect(describeStageDays(ladder.stages[8])).toBe('day 90 and later');
	});

	it('classifies by days, with gaps', () => {
		const ladder = buildLadder(DEFAULT_LADDER);
		const keys = [-100, -8, -7, 0, 1, 2, 3, 90, 10_000].map((d) => classifyStage(ladder, d)?.key ?? null);
		expect(keys).toEqual([null, null, 'reminder_7d', 'due_today', null, null, 'overdue_3d', 'legal_90d', 'legal_90d']);
	});

	it('builds the aging preset', () => {
		expect(buildLadder(AGING_LADDER).stages.map((s) => s.lastDay)).toEqual([30, 60, 90, Infinity]);
	});

	it.each([
		[[], 'the ladder has no stages'],
		[[{ key: '', phase: 'dunning', firstDay: 1 }], 'needs a key'],
		[[{ key: 'a b', phase: 'dunning', firstDay: 1 }], 'needs a key'],
		[[{ key: 'settled', phase: 'dunning', firstDay: 1 }], 'reserved for paid invoices'],
		[[{ key: 'a', phase: 'dunning', firstDay: 1 }, { key: 'a', phase: 'dunning', firstDay: 5 }], "the key 'a' is used twice"],
		[[{ key: 'a', phase: 'collections', firstDay: 1 }], "has the phase 'collections'"],
		[[{ key: 'a', phase: 'dunning', firstDay: 1.5 }], 'First Day must be a whole number'],
		[[{ key: 'a', phase: 'dunning', firstDay: 5, lastDay: 3 }], 'must be a whole number not before First Day'],
		[[{ key: 'a', phase: 'dunning', firstDay: 5 }, { key: 'b', phase: 'dunning', firstDay: 3 }], 'not after the previous stage'],
		[[{ key: 'a', phase: 'dunning', firstDay: 1, lastDay: 10 }, { key: 'b', phase: 'legal', firstDay: 5 }], "'a' ends on day 10, overlapping 'b'"],
	])('rejects %j: %s', (defs, message) => {
		expect(() => buildLadder(defs as never)).toThrow(InvalidSettingError);
		expect(() => buildLadder(defs as never)).toThrow(message);
	});

	it('builds from the node list rows (Last Day as text)', () => {
		const ladder = ladderFromRows([
			{ key: 'soft', phase: 'dunning', firstDay: 1, lastDay: '', label: 'Soft' },
			{ key: 'hard', phase: 'legal', firstDay: 31, lastDay: ' 60 ', label: '' },
		]);
		expect(ladder.stages.map((s) => [s.key, s.firstDay, s.lastDay, s.label])).toEqual([
			['soft', 1, 30, 'Soft'],
			['hard', 31, 60, 'hard'],
		]);
		expect(() => ladderFromRows([{ key: 'x', phase: 'dunning', firstDay: 1, lastDay: 'ten' }])).toThrow(
			'stage 1: Last Day "ten" is not a whole number',
		);
	});
});

describe('agingBucket', () => {
	it.each([
		[-5, 'current'],
		[0, 'current'],
		[1, '1-30'],
		[30, '1-30'],
		[31, '31-60'],
		[61, '61-90'],
		[90, '61-90'],
		[91, '90+'],
	])('%i → %s', (days, bucket) => expect(agingBucket(days)).toBe(bucket));
});
