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
 * The item that carries an error under "continue on fail": the input row, untouched, plus the
 * error in plain fields a spreadsheet can take. `error` on the item itself lets n8n move it to the
 * error output when the node is set to "Continue (using error output)".
 */
export function errorItem(json: IDataObject, error: NodeOperationError, itemIndex: number): INodeExecutionData {
	const field = error.context?.field;
	return {
		json: {
			...json,
			error: error.message,
			errorHint: error.description ?? '',
			...(typeof field === 'string' ? { errorField: field } : {}),
		},
		error,
		pairedItem: { item: itemIndex },
	};
}
