/** Turning core errors into n8n errors that name the item, and error items for "continue on fail". */
import {
	type IDataObject,
	type INode,
	type INodeExecutionData,
	NodeOperationError,
} from 'n8n-workflow';

import { InvalidFieldError, InvalidSettingError, InvalidValueError } from '../core/errors';

/** "Item 3 (invoice INV-1003)": people count rows from 1; n8n's own itemIndex stays 0-based. */
export function itemLabel(itemIndex: number, invoiceId: unknown): string {
	const id =
		typeof invoiceId === 'string' || typeof invoiceId === 'number' ? String(invoiceId).trim().slice(0, 60) : '';
	return `Item ${itemIndex + 1}${id ? ` (invoice ${id})` : ''}`;
}

export function itemError(node: INode, error: unknown, itemIndex: number, label: string): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof InvalidFieldError || error instanceof InvalidValueError || error instanceof InvalidSettingError) {
		const nodeError = new NodeOperationError(node, `${label}: ${error.message}`, {
			itemIndex,
			description: error.hint,
		});
		if (error instanceof InvalidFieldError) nodeError.context.field = error.field;
		return nodeError;
	}
	return new NodeOperationError(node, error as Error, { itemIndex, message: `${label}: ${(error as Error).message}` });
}

export function settingError(node: INode, error: unknown): NodeOperationError {
	if (error instanceof InvalidSettingError || error instanceof InvalidValueError) {
		return new NodeOperationError(node, error.message, { description: error.hint });
	}
	return new NodeOperationError(node, error as Error);
}

/**
 * Marks an item for n8n's error output ("Continue (using error output)"). n8n moves an item there
 * when it has an `error` property, or when its json holds only error keys: `error`/`message`/`details`
 * in n8n 2.x, but only `error` (or `error` and `message`) in n8n 1.x, which would keep our
 * `{ error, details }` items on the success output. The property is not enumerable: n8n reads it
 * in the same process right after execute(), and it is neither saved with the run data nor copied
 * when n8n merges the input row back in.
 */
function toErrorOutput(item: INodeExecutionData, error: NodeOperationError): INodeExecutionData {
	Object.defineProperty(item, 'error', { value: error, enumerable: false, configurable: true, writable: true });
	return item;
}

/**
 * The item that carries an error under "continue on fail", so that no row is lost.
 * With "Continue (using error output)" n8n moves it to the error output (see toErrorOutput) and
 * merges the input row back in; with "Continue (using regular output)" the row itself is kept,
 * with the error added, so it can be written back to the sheet.
 */
export function errorItem(
	node: INode,
	json: IDataObject,
	error: NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const field = error.context?.field;
	// `node` names this node for the nodes after it: they pass the row on untouched, never message it.
	const details: IDataObject = { hint: error.description ?? '', itemIndex, node: node.name };
	if (typeof field === 'string') details.field = field;
	const errorJson: IDataObject = { error: error.message, details };
	if (node.onError === 'continueErrorOutput') return toErrorOutput({ json: errorJson, pairedItem: { item: itemIndex } }, error);
	return { json: { ...json, ...errorJson }, pairedItem: { item: itemIndex } };
}

/** What an earlier node said when it rejected an item under "continue on fail". */
export interface UpstreamError {
	/** The error message (it names the item, the field and the value when this package wrote it). */
	message: string;
	/** The node that rejected it, when it says so (this package's nodes do, in `details.node`). */
	node?: string;
	/** The field it named (`details.field`). */
	field?: string;
}

/**
 * The error an earlier node left on this item, or undefined. With "Continue (using regular output)"
 * a node that rejects a row passes it on with `error` (and `details`): this package's nodes, and
 * n8n's own, which write `{ error: … }`. Such a row must not be classified, rendered or sent as if it
 * were good: each node passes it on untouched. An empty `error` column is not an error.
 */
export function upstreamError(json: unknown): UpstreamError | undefined {
	if (json === null || typeof json !== 'object') return undefined;
	const error = (json as IDataObject).error;
	let message: string;
	if (typeof error === 'string') message = error.trim();
	else if (error !== null && typeof error === 'object') {
		const text = (error as IDataObject).message;
		message = typeof text === 'string' && text.trim() !== '' ? text.trim() : 'an error without a message';
	} else return undefined;
	if (message === '') return undefined;
	const found: UpstreamError = { message: message.length > 500 ? `${message.slice(0, 500)}…` : message };
	const details = (json as IDataObject).details;
	if (details !== null && typeof details === 'object' && !Array.isArray(details)) {
		const { node, field } = details as IDataObject;
		if (typeof node === 'string' && node !== '') found.node = node;
		if (typeof field === 'string' && field !== '') found.field = field;
	}
	return found;
}

/**
 * An item an earlier node rejected, passed on untouched: to this node's error output with "Continue
 * (using error output)" (n8n moves items that hold only `error`/`details` there and merges the row
 * back in), otherwise on the output where this node puts its own failed rows.
 */
export function passOnRejected(node: INode, json: IDataObject, itemIndex: number): INodeExecutionData {
	if (node.onError === 'continueErrorOutput') {
		const errorJson: IDataObject = { error: json.error as IDataObject[string] };
		if (json.details !== undefined) errorJson.details = json.details;
		const message = typeof json.error === 'string' && json.error !== '' ? json.error : 'An earlier node rejected this item';
		return toErrorOutput({ json: errorJson, pairedItem: { item: itemIndex } }, new NodeOperationError(node, message, { itemIndex }));
	}
	return { json, pairedItem: { item: itemIndex } };
}

/** "Segment Debtor rejected it (field 'currency')", "An earlier node rejected it". */
export function describeRejection(upstream: UpstreamError): string {
	const who = upstream.node ? `"${upstream.node}" rejected it` : 'An earlier node rejected it';
	return `${who}${upstream.field ? ` (field '${upstream.field}')` : ''}: ${upstream.message}`;
}
