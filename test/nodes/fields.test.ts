/** Reading an item's fields: readField, and fieldOf (the same, given the value the caller read). */
import type { IDataObject } from 'n8n-workflow';

import { fieldOf, readField } from '../../nodes/shared/fields';

const item: IDataObject = JSON.parse(
	'{"name": "Ana", "zero": 0, "empty": "", "nothing": null, "nested": {"deep": {"value": 7}}, "dotted.key": "as written", "__proto__": {"polluted": true}, "list": [1, 2]}',
) as IDataObject;
const inherited = Object.create({ fromPrototype: 'x' }) as IDataObject;
inherited.own = 'y';

const FIELDS = ['name', 'zero', 'empty', 'nothing', 'missing', 'nested', 'nested.deep.value', 'nested.missing.value', 'dotted.key', '__proto__', 'polluted', 'constructor', 'toString', 'hasOwnProperty', 'list', 'list.length', 'fromPrototype', 'own'];

describe('fieldOf', () => {
	it.each([
		['a parsed item', item],
		['an item with an inherited property', inherited],
	])('reads every field of %s as readField does', (_name, json) => {
		for (const field of FIELDS) {
			expect({ field, value: fieldOf(json, field, json[field]) }).toEqual({ field, value: readField(json, field) });
		}
	});

	it('reads no property of Object.prototype, and follows dot paths', () => {
		expect(fieldOf(item, 'toString', item.toString)).toBeUndefined();
		expect(fieldOf(item, '__proto__', Object.getPrototypeOf(item))).toBeUndefined();
		expect(fieldOf(item, 'nested.deep.value', item['nested.deep.value'])).toBe(7);
	});
});
