/** Reading an item's field by a user-given name: a top-level key, or a dot path into nested objects. */
import type { IDataObject } from 'n8n-workflow';

const hasOwn = Object.prototype.hasOwnProperty;
const pathCache = new Map<string, string[]>();

/** Own properties only: a field named `__proto__` or `constructor` reads as missing, never as a prototype. */
export function readField(json: IDataObject, field: string): unknown {
	if (hasOwn.call(json, field)) return json[field];
	if (field.indexOf('.') < 0) return undefined;
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
