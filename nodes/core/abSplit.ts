/**
 * A/B split of debtors into weighted variants, deterministic: the same customer in the same
 * experiment always gets the same variant, in every run and on every machine, with no state to
 * keep. A new experiment name reshuffles everyone independently of earlier experiments.
 */
import { InvalidFieldError, InvalidSettingError } from './errors';

export interface VariantWeight {
	name: string;
	weight: number;
}

export interface AbSplit {
	experiment: string;
	variants: VariantWeight[];
	/** Upper bounds in [0, 1] of each variant's share, in order; the last is 1. */
	bounds: number[];
}

/** What the split falls back to when no variant is listed: an even A/B test. */
export const DEFAULT_VARIANTS: VariantWeight[] = [
	{ name: 'A', weight: 50 },
	{ name: 'B', weight: 50 },
];

/** Validates the experiment and its variants once per execution. Throws {@link InvalidSettingError}. */
export function buildAbSplit(experiment: string, variants: VariantWeight[]): AbSplit {
	const name = String(experiment ?? '').trim();
	if (name === '') {
		throw new InvalidSettingError(
			'Experiment Name',
			'is empty',
			'Give the experiment a name, e.g. tone-test-2026-11; changing the name later reshuffles every debtor.',
		);
	}
	const list = variants.length === 0 ? DEFAULT_VARIANTS : variants;
	const seen = new Set<string>();
	let total = 0;
	const cleaned: VariantWeight[] = [];
	list.forEach((v, index) => {
		const variantName = String(v.name ?? '').trim();
		const where = `Variant ${index + 1}`;
		if (variantName === '') {
			throw new InvalidSettingError('Variants', `${where} has no name`, 'Name each variant, e.g. A and B, or control and short_text.');
		}
		if (seen.has(variantName)) {
			throw new InvalidSettingError('Variants', `the name "${variantName}" is used twice`, 'Give each variant its own name.');
		}
		seen.add(variantName);
		const weight = Number(v.weight);
		if (!Number.isFinite(weight) || weight < 0) {
			throw new InvalidSettingError(
				'Variants',
				`${where} ("${variantName}") has the weight ${String(v.weight)}`,
				'Use a weight of 0 or more, e.g. 50 and 50 for an even split, or 90 and 10 for a small test group.',
			);
		}
		total += weight;
		cleaned.push({ name: variantName, weight });
	});
	if (total <= 0) {
		throw new InvalidSettingError('Variants', 'every weight is 0', 'Give at least one variant a weight above 0.');
	}
	const bounds: number[] = [];
	let cumulative = 0;
	for (const v of cleaned) {
		cumulative += v.weight;
		bounds.push(cumulative / total);
	}
	bounds[bounds.length - 1] = 1;
	return { experiment: name, variants: cleaned, bounds };
}

/**
 * 32-bit FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser so that ids differing
 * only in their last characters ("C-00001", "C-00002") still spread over the whole range.
 */
export function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** A number in [0, 1) fixed by the experiment and the debtor's id. */
export function splitPoint(experiment: string, id: string): number {
	return hash32(`${experiment}\u0000${id}`) / 4_294_967_296;
}

export function assignVariant(split: AbSplit, id: string): string {
	const u = splitPoint(split.experiment, id);
	for (let i = 0; i < split.bounds.length; i++) {
		if (u < split.bounds[i] && split.variants[i].weight > 0) return split.variants[i].name;
	}
	// Only reachable through rounding at the very top: the last variant with a weight.
	for (let i = split.variants.length - 1; i >= 0; i--) {
		if (split.variants[i].weight > 0) return split.variants[i].name;
	}
	return split.variants[split.variants.length - 1].name;
}

/** The variant of a debtor by the value of its customer ID field. Throws {@link InvalidFieldError} without an ID. */
export function debtorVariant(split: AbSplit, customerId: unknown, field: string): string {
	const usable =
		(typeof customerId === 'string' && customerId.trim() !== '') || (typeof customerId === 'number' && Number.isFinite(customerId));
	if (!usable) {
		throw new InvalidFieldError(
			field,
			customerId,
			'the A/B split needs a customer ID to assign a variant',
			'Fill in the customer ID, or point Customer ID Field (under Field Names) at the column that has it.',
		);
	}
	return assignVariant(split, String(customerId).trim());
}
