/**
 * Errors raised by the pure core. They carry what an operations person needs to fix the data:
 * which field, which value, what is wrong with it and what to do. The node adapters turn them
 * into n8n errors that also name the item.
 */

/** A value that cannot be used, before we know which field it came from. */
export class InvalidValueError extends Error {
	constructor(
		readonly problem: string,
		readonly hint: string,
	) {
		super(problem);
		this.name = 'InvalidValueError';
	}
}

/** A field of an input item whose value cannot be used. */
export class InvalidFieldError extends Error {
	constructor(
		readonly field: string,
		readonly value: unknown,
		readonly problem: string,
		readonly hint: string,
	) {
		super(`Field '${field}' ${describeValue(value)}: ${problem}`);
		this.name = 'InvalidFieldError';
	}

	static from(field: string, value: unknown, error: InvalidValueError): InvalidFieldError {
		return new InvalidFieldError(field, value, error.problem, error.hint);
	}
}

/** A node setting (not an item's data) that cannot be used, e.g. a ladder with overlapping stages. */
export class InvalidSettingError extends Error {
	constructor(
		readonly setting: string,
		readonly problem: string,
		readonly hint: string,
	) {
		super(`${setting}: ${problem}`);
		this.name = 'InvalidSettingError';
	}
}

const MAX_SHOWN = 60;

/** "has the value \"31/02/2026\"", "is empty", "is missing": short, safe to print. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'is missing';
	if (value === null) return 'is empty (null)';
	if (typeof value === 'string') {
		if (value.trim() === '') return 'is empty';
		const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}… (${value.length} characters)` : value;
		return `has the value "${shown}"`;
	}
	if (typeof value === 'number') return `has the value ${String(value)}`;
	if (typeof value === 'boolean') return `has the value ${String(value)}`;
	if (Array.isArray(value)) return `has a list (${value.length} entries) where a single value is expected`;
	if (typeof value === 'object') return 'has an object where a single value is expected';
	return `has a value of type ${typeof value}`;
}
