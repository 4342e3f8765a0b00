/** Reading an item's field by a user-given name: a top-level key, or a dot path into nested objects. */
import type { IDataObject } from 'n8n-workflow';

const hasOwn = Object.prototype.hasOwnProperty;
const pathCache = new Map<string, string[]>();

/** Own properties only: a field named `__proto__` or `constructor` reads as missing, never as a prototype. */
export function readField(json: IDataObject, field: string): unknown {
	// An item whose json is not an object (null, a string) has no fields: missing, not a TypeError.
	if (json === null || typeof json !== 'object') return undefined;
	// One keyed read in the common case (nodes read a dozen fields of 100,000 items). Item JSON holds
	// no functions, so a function can only come from Object.prototype (constructor, toString...).
	const value = field === '__proto__' ? undefined : json[field];
	if (value !== undefined) return typeof value === 'function' && !hasOwn.call(json, field) ? undefined : value;
	if (field.indexOf('.') < 0 || hasOwn.call(json, field)) return undefined;
	return readPath(json, field);
}

/**
 * {@link readField}, given `json[field]` as the caller read it, for an item whose json is an object.
 * A node reading a dozen fields of 100,000 items does each read at its own place in its own code:
 * there V8 sees one field name and one item shape, and the read is a single load. Inside one shared
 * function every name and shape meets at the same place, and each read becomes a table lookup.
 */
export function fieldOf(json: IDataObject, field: string, value: unknown): unknown {
	if (field === '__proto__') return undefined;
	if (value !== undefined) return typeof value === 'function' && !hasOwn.call(json, field) ? undefined : value;
	if (field.indexOf('.') < 0 || hasOwn.call(json, field)) return undefined;
	return readPath(json, field);
}

function readPath(json: IDataObject, field: string): unknown {
	let parts = pathCache.get(field);
	if (!parts) {
		parts = field.split('.');
		pathCache.set(field, parts);
	}
	let current: unknown = json;
	for (const key of parts) {
		if (current === null || typeof current !== 'object' || !hasOwn.call(current, key)) return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}
