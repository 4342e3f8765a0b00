/**
 * gateways.md §9, row by row: every example the retry-classification table names, sent through
 * the provider's prepared gateway as the provider would answer it.
 */
import { InvalidSettingError } from '../../../nodes/core/errors';
import { createGateway } from '../../../nodes/core/gateways/index';
import type { ErrorKind, FailureReason, Gateway } from '../../../nodes/core/gateways/types';

function gateway(result: Gateway | InvalidSettingError): Gateway {
	if (result instanceof InvalidSettingError) throw result;
	return result;
}

const twilio = gateway(createGateway('twilio', { accountSid: 'AC1', from: '+15005550006' }));
const meta = gateway(createGateway('meta', { phoneNumberId: '1065' }));
const zenvia = gateway(createGateway('zenvia', { smsFrom: 'acme' }));
const infobip = gateway(createGateway('infobip', { baseUrl: 'https://x.api.infobip.com', smsSender: 'InfoSMS' }));
const vonageLike = gateway(
	createGateway('generic', {
		baseUrl: 'https://rest.example.com',
		successPath: 'messages[0].status',
		successValues: ['0'],
		retryableCodes: ['1', '5'],
		permanentCodes: ['2', '3', '6', '7'],
		fatalCodes: ['4', '8', '9'],
	}),
);

const twilioError = (status: number, code: number) => twilio.classifyError(status, { code, message: 'm', status });
const metaError = (status: number, code: number) => meta.classifyError(status, { error: { code, message: 'm' } });
const zenviaError = (status: number, code: string) => zenvia.classifyError(status, { code, message: 'm' });
const infobipError = (status: number, errorCode: string) => infobip.classifyError(status, { errorCode, description: 'm' });
const vonageStatus = (status: string) => vonageLike.parseSuccess(200, { messages: [{ status }] }).error;

type Row = [string, () => { kind: ErrorKind; reason: FailureReason } | undefined, ErrorKind, FailureReason | null];

const rows: Row[] = [
	// Not sent, safe to retry
	['Twilio 429/20429', () => twilioError(429, 20429), 'retryable', 'rate_limited'],
	['Infobip 429/E429', () => infobipError(429, 'E429'), 'retryable', 'rate_limited'],
	['Infobip legacy TOO_MANY_REQUESTS', () => infobip.classifyError(429, { requestError: { serviceException: { messageId: 'TOO_MANY_REQUESTS' } } }), 'retryable', 'rate_limited'],
	['Meta 130429 (HTTP 400)', () => metaError(400, 130429), 'retryable', 'rate_limited'],
	['Meta 131057 (HTTP 400)', () => metaError(400, 131057), 'retryable', 'rate_limited'],
	['Meta 80007 (HTTP 400)', () => metaError(400, 80007), 'retryable', 'rate_limited'],
	['Meta 4 (HTTP 400)', () => metaError(400, 4), 'retryable', 'rate_limited'],
	['Meta 131056 (HTTP 400)', () => metaError(400, 131056), 'retryable', 'rate_limited'],
	['Vonage status 1 (throttled, inside HTTP 200)', () => vonageStatus('1'), 'retryable', null],
	['Zenvia 500 INTERNAL_ERROR', () => zenviaError(500, 'INTERNAL_ERROR'), 'retryable', 'provider_error'],
	['Twilio 502', () => twilio.classifyError(502, ''), 'retryable', null],
	['Meta 503', () => meta.classifyError(503, ''), 'retryable', null],
	['Zenvia 504', () => zenvia.classifyError(504, ''), 'retryable', null],
	['Infobip 503', () => infobip.classifyError(503, ''), 'retryable', null],
	// Ambiguous
	['Twilio 500', () => twilioError(500, 20500), 'ambiguous', null],
	['Meta 500 (131000)', () => metaError(500, 131000), 'ambiguous', null],
	['Meta 500 without body', () => meta.classifyError(500, ''), 'ambiguous', null],
	['Infobip 500', () => infobipError(500, 'E500'), 'ambiguous', null],
	// Permanent for this payload
	['Twilio 21211', () => twilioError(400, 21211), 'permanent', 'invalid_number'],
	['Twilio 21614', () => twilioError(400, 21614), 'permanent', 'invalid_number'],
	['Twilio 21610 opted out', () => twilioError(400, 21610), 'permanent', 'opted_out'],
	['Twilio 21408', () => twilioError(400, 21408), 'permanent', null],
	['Twilio 21617', () => twilioError(400, 21617), 'permanent', null],
	['Meta 131047 window', () => metaError(400, 131047), 'permanent', 'window_closed'],
	['Twilio 63016 window', () => twilioError(400, 63016), 'permanent', 'window_closed'],
	['Meta 131026 undeliverable', () => metaError(400, 131026), 'permanent', 'undeliverable'],
	['Meta 131050 marketing opt-out', () => metaError(400, 131050), 'permanent', 'opted_out'],
	...[131008, 131009, 100, 132000, 132001, 132012, 132015, 132016].map(
		(code): Row => [`Meta ${code} template/param`, () => metaError(400, code), 'permanent', 'template_error'],
	),
	['Zenvia 400', () => zenviaError(400, 'VALIDATION_ERROR'), 'permanent', null],
	['Zenvia 404', () => zenviaError(404, 'NOT_FOUND'), 'permanent', null],
	['Zenvia 409', () => zenviaError(409, 'DUPLICATED'), 'permanent', null],
	['Infobip 400', () => infobipError(400, 'E400'), 'permanent', null],
	['Infobip DLR-like status with permanent rejection', () => infobip.parseSuccess(200, { messages: [{ messageId: 'm', status: { groupId: 5, id: 10, name: 'REJECTED_DND' } }] }).error, 'permanent', 'opted_out'],
	...['2', '3', '6', '7'].map((s): Row => [`Vonage status ${s}`, () => vonageStatus(s), 'permanent', null]),
	// Fatal for the credential
	['Twilio 20003 (401)', () => twilioError(401, 20003), 'fatal_credential', 'auth'],
	['Meta 0 (401)', () => metaError(401, 0), 'fatal_credential', 'auth'],
	['Meta 190 (401)', () => metaError(401, 190), 'fatal_credential', 'auth'],
	['Meta 10 (403)', () => metaError(403, 10), 'fatal_credential', null],
	['Meta 250 (403)', () => metaError(403, 250), 'fatal_credential', null],
	['Meta 368 (403)', () => metaError(403, 368), 'fatal_credential', null],
	['Meta 131031 locked', () => metaError(400, 131031), 'fatal_credential', null],
	['Meta 131042 payment', () => metaError(400, 131042), 'fatal_credential', null],
	['Meta 131048 spam limit', () => metaError(400, 131048), 'fatal_credential', null],
	['Zenvia 401', () => zenviaError(401, 'AUTHENTICATION_ERROR'), 'fatal_credential', 'auth'],
	['Infobip E401', () => infobipError(401, 'E401'), 'fatal_credential', 'auth'],
	['Infobip E403', () => infobipError(403, 'E403'), 'fatal_credential', null],
	...['4', '8', '9'].map((s): Row => [`Vonage status ${s}`, () => vonageStatus(s), 'fatal_credential', null]),
	// Deferred
	['Meta 131049', () => metaError(400, 131049), 'deferred', null],
];

describe('gateways.md §9 retry classification', () => {
	it.each(rows)('%s', (_name, classify, kind, reason) => {
		const result = classify();
		expect(result?.kind).toBe(kind);
		if (reason) expect(result?.reason).toBe(reason);
	});
});
