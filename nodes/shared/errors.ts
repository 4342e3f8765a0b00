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
 * The item that carries an error under "continue on fail", so that no row is lost.
 * With "Continue (using error output)" n8n moves items whose json holds only `error`/`details`
 * to the error output and merges the input row back in; with "Continue (using regular output)"
 * the row itself is kept, with the error added, so it can be written back to the sheet.
 */
export function errorItem(
	node: INode,
	json: IDataObject,
	error: NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const field = error.context?.field;
	const details: IDataObject = { hint: error.description ?? '', itemIndex };
	if (typeof field === 'string') details.field = field;
	const errorJson: IDataObject = { error: error.message, details };
	return {
		json: node.onError === 'continueErrorOutput' ? errorJson : { ...json, ...errorJson },
		pairedItem: { item: itemIndex },
	};
}
