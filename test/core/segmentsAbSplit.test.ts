import { assignVariant, buildAbSplit, debtorVariant, hash32, splitPoint } from '../../nodes/core/abSplit';
import { InvalidFieldError, InvalidSettingError } from '../../nodes/core/errors';

const IDS = Array.from({ length: 10_000 }, (_, i) => `C-${String(i + 1).padStart(5, '0')}`);

function shares(experiment: string, variants: Array<{ name: string; weight: number }>, ids = IDS): Record<string, number> {
	const split = buildAbSplit(experiment, variants);
	const counts: Record<string, number> = Object.fromEntries(split.variants.map((v) => [v.name, 0]));
	for (const id of ids) counts[assignVariant(split, id)]++;
	return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / ids.length]));
}

describe('A/B split: weights', () => {
	it.each([
		['tone-test', [{ name: 'A', weight: 50 }, { name: 'B', weight: 50 }]],
		['short-vs-long', [{ name: 'control', weight: 90 }, { name: 'short', weight: 10 }]],
		['three-way', [{ name: 'x', weight: 70 }, { name: 'y', weight: 20 }, { name: 'z', weight: 10 }]],
		['uneven units', [{ name: 'p', weight: 1 }, { name: 'q', weight: 3 }]],
	])('10,000 sequential ids in %p land within 2 points of the weights', (experiment, variants) => {
		const total = variants.reduce((sum, v) => sum + v.weight, 0);
		const result = shares(experiment, variants);
		for (const v of variants) expect(Math.abs(result[v.name] - v.weight / total)).toBeLessThan(0.02);
	});

	it('spreads numeric and e-mail-like ids as well', () => {
		const numeric = Array.from({ length: 10_000 }, (_, i) => String(100000 + i));
		const emails = Array.from({ length: 10_000 }, (_, i) => `cliente${i}@example.com.br`);
		for (const ids of [numeric, emails]) {
			const result = shares('e1', [{ name: 'A', weight: 30 }, { name: 'B', weight: 70 }], ids);
			expect(Math.abs(result.A - 0.3)).toBeLessThan(0.02);
		}
	});

	it('never assigns a variant of weight 0', () => {
		const result = shares('e2', [{ name: 'A', weight: 1 }, { name: 'off', weight: 0 }, { name: 'B', weight: 1 }]);
		expect(result.off).toBe(0);
		expect(Math.abs(result.A - 0.5)).toBeLessThan(0.02);
	});

	it('is an even A/B test when no variants are listed', () => {
		const split = buildAbSplit('e3', []);
		expect(split.variants.map((v) => v.name)).toEqual(['A', 'B']);
		const result = shares('e3', []);
		expect(Math.abs(result.A - 0.5)).toBeLessThan(0.02);
	});
});

describe('A/B split: deterministic', () => {
	it('gives a debtor the same variant in every run', () => {
		const variants = [{ name: 'A', weight: 50 }, { name: 'B', weight: 50 }];
		const first = IDS.map((id) => assignVariant(buildAbSplit('tone-test', variants), id));
		const second = IDS.map((id) => assignVariant(buildAbSplit('tone-test', variants), id));
		expect(second).toEqual(first);
	});

	it('reshuffles independently for another experiment name', () => {
		const variants = [{ name: 'A', weight: 50 }, { name: 'B', weight: 50 }];
		const a = buildAbSplit('exp-1', variants);
		const b = buildAbSplit('exp-2', variants);
		const same = IDS.filter((id) => assignVariant(a, id) === assignVariant(b, id)).length / IDS.length;
		expect(Math.abs(same - 0.5)).toBeLessThan(0.03);
	});

	it('hashes with FNV-1a and a finaliser: known values, all 32 bits used', () => {
		expect(hash32('')).toBe(hash32(''));
		expect(hash32('C-00001')).not.toBe(hash32('C-00002'));
		const points = IDS.map((id) => splitPoint('x', id));
		expect(Math.min(...points)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...points)).toBeLessThan(1);
		// Neighbouring ids are far apart, not clustered.
		const gaps = IDS.slice(1).map((id, i) => Math.abs(splitPoint('x', id) - splitPoint('x', IDS[i])));
		expect(gaps.filter((g) => g < 0.01).length / gaps.length).toBeLessThan(0.05);
	});

	it('trims the id, and treats the number 123 as the text "123"', () => {
		const split = buildAbSplit('e', [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }, { name: 'C', weight: 1 }]);
		for (const n of [1, 22, 333, 4444, 55555]) {
			expect(debtorVariant(split, n, 'customerId')).toBe(assignVariant(split, String(n)));
			expect(debtorVariant(split, ` ${n} `, 'customerId')).toBe(assignVariant(split, String(n)));
		}
	});
});

describe('A/B split: settings and data errors', () => {
	it.each([
		['', [], 'Experiment Name: is empty'],
		['e', [{ name: 'A', weight: 1 }, { name: 'A', weight: 1 }], 'Variants: the name "A" is used twice'],
		['e', [{ name: ' ', weight: 1 }], 'Variants: Variant 1 has no name'],
		['e', [{ name: 'A', weight: -1 }], 'Variants: Variant 1 ("A") has the weight -1'],
		['e', [{ name: 'A', weight: 0 }, { name: 'B', weight: 0 }], 'Variants: every weight is 0'],
	])('experiment %p with %p: %p', (experiment, variants, message) => {
		expect(() => buildAbSplit(experiment, variants)).toThrow(InvalidSettingError);
		expect(() => buildAbSplit(experiment, variants)).toThrow(message);
	});

	it.each([[''], [null], [undefined], [{}]])('a customer id of %p names the field', (id) => {
		const split = buildAbSplit('e', []);
		expect(() => debtorVariant(split, id, 'codigoCliente')).toThrow(InvalidFieldError);
		expect(() => debtorVariant(split, id, 'codigoCliente')).toThrow(/^Field 'codigoCliente' .*: the A\/B split needs a customer ID/);
	});
});
