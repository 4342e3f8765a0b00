/** The one HTTP call per attempt, through n8n's credential system (secrets never pass through our code). */
import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { classifyTransportError, encodeForm } from '../core/gateways/common';
import type { GatewayFailure, GatewayRequest, HeaderMap } from '../core/gateways/types';

export interface HttpReply {
	status: number;
	headers: HeaderMap;
	body: unknown;
}

export async function sendRequest(
	ctx: IExecuteFunctions,
	credentialType: string,
	request: GatewayRequest,
	timeoutMs: number,
): Promise<HttpReply | GatewayFailure> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		headers: { ...request.headers },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
		json: request.contentType === 'json',
	};
	if (request.qs) options.qs = request.qs;
	if (request.body !== undefined && request.contentType === 'form') {
		options.body = encodeForm(request.body);
		options.headers = { ...options.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
	} else if (request.body !== undefined && request.contentType === 'json') {
		options.body = request.body;
	}
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)) as IN8nHttpFullResponse;
		return { status: response.statusCode, headers: response.headers as HeaderMap, body: response.body };
	} catch (error) {
		// Only transport failures reach here (HTTP statuses are returned, not thrown).
		const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
		return classifyTransportError({ code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message });
	}
}
