/**
 * The one HTTP call per attempt, through n8n's credential system: n8n applies the credential's
 * `authenticate` (headers, Basic auth) and sends the request with its own HTTP client.
 *
 * The credential, read once per execution by the node, is handed back to n8n with each request
 * (`credentialsDecrypted`, n8n's documented option for this): otherwise n8n loads and decrypts it
 * from its database for every single message, which costs more than the request itself on a fast
 * gateway (docs/performance.md).
 */
import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

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
	credential?: ICredentialsDecrypted,
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
		// A copy per request: n8n may add to the data it is given (a token refreshed before the request).
		const additional = credential ? { credentialsDecrypted: { ...credential, data: { ...credential.data } } } : undefined;
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options, additional)) as IN8nHttpFullResponse;
		return { status: response.statusCode, headers: response.headers as HeaderMap, body: response.body };
	} catch (error) {
		// Only transport failures reach here (HTTP statuses are returned, not thrown).
		const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
		return classifyTransportError({ code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message });
	}
}
