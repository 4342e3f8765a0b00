/**
 * Reading node parameters cheaply over many items. `getNodeParameter` resolves expressions and
 * copies values on every call, which costs more than classifying an invoice; a parameter whose
 * value holds no expression is the same for every item, so it is read once.
 */
import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

function rawParameter(parameters: INodeParameters, path: string): unknown {
	let current: unknown = parameters;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) {
			return undefined;
		}
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export interface ParameterReader {
	<T extends NodeParameterValueType | object>(name: string, itemIndex: number, fallback: T): T;
	/** True once `name` has been read and holds no expression: it is the same for every item. */
	isConstant(name: string): boolean;
}

export function createParameterReader(ctx: IExecuteFunctions): ParameterReader {
	const parameters = ctx.getNode().parameters;
	const constant = new Map<string, unknown>();
	const perItem = new Set<string>();
	const read = <T extends NodeParameterValueType | object>(name: string, itemIndex: number, fallback: T): T => {
		const known = constant.get(name);
		if (known !== undefined || constant.has(name)) return known as T;
		const value = ctx.getNodeParameter(name, itemIndex, fallback) as T;
		if (!perItem.has(name)) {
			if (containsExpression(rawParameter(parameters, name))) perItem.add(name);
			else constant.set(name, value);
		}
		return value;
	};
	return Object.assign(read, { isConstant: (name: string) => constant.has(name) });
}
