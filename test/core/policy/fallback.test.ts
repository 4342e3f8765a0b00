import { InvalidSettingError, InvalidValueError } from '../../../nodes/core/errors';
import { type FailedSend, buildFallbackSms, decideSmsFallback, stripWhatsAppFormatting } from '../../../nodes/core/policy/fallback';
import { resolveSendPolicy } from '../../../nodes/core/policy/settings';

describe('WhatsApp → SMS fallback decision', () => {
	const wa = (status: string, reason?: string, kind?: FailedSend['kind']): FailedSend => ({ channel: 'whatsapp', status, reason, kind });

	it.each<[string, FailedSend, boolean, string]>([
		['24-hour window closed', wa('failed', 'window_closed', 'permanent'), true, 'window_closed'],
		['WhatsApp could not deliver', wa('failed', 'undeliverable', 'permanent'), true, 'undeliverable'],
		['no WhatsApp on the number', wa('failed', 'invalid_number', 'permanent'), true, 'invalid_number'],
		['reason known, kind not given', wa('failed', 'window_closed'), true, 'window_closed'],
		['outcome unknown: WhatsApp may have arrived', wa('unknown', 'timeout', 'ambiguous'), false, 'status_unknown'],
		['ambiguous even if labelled failed', wa('failed', 'undeliverable', 'ambiguous'), false, 'status_unknown'],
		['opted out', wa('failed', 'opted_out', 'permanent'), false, 'not_a_fallback_reason'],
		['template error', wa('failed', 'template_error', 'permanent'), false, 'not_a_fallback_reason'],
		['rate limited after all retries', wa('failed', 'rate_limited', 'retryable'), false, 'not_a_fallback_reason'],
		['bad credential', wa('failed', 'auth', 'fatal_credential'), false, 'not_a_fallback_reason'],
		['sent', wa('sent'), false, 'not_failed'],
		['skipped for quiet hours', wa('skipped', 'quiet_hours'), false, 'not_failed'],
		['an SMS failure', { channel: 'sms', status: 'failed', reason: 'undeliverable', kind: 'permanent' }, false, 'not_whatsapp'],
	])('%s', (_label, send, fallback, because) => {
		expect(decideSmsFallback(send, true)).toEqual({ fallback, because });
	});

	it('does nothing when the option is off', () => {
		expect(decideSmsFallback(wa('failed', 'window_closed', 'permanent'), false)).toEqual({ fallback: false, because: 'disabled' });
	});
});

describe('the SMS sent instead', () => {
	const whatsapp = {
		channel: 'whatsapp',
		text: 'Olá *Maria*, a fatura _INV-1_ de R$ 150,00 venceu.',
		template: { name: 'cobranca', language: 'pt_BR', parameters: ['Maria'] },
	};

	it('is the item’s SMS version when there is one', () => {
		const sms = { channel: 'sms', text: 'Maria, a fatura INV-1 venceu.', encoding: 'GSM-7', segments: 1 };
		expect(buildFallbackSms(whatsapp, sms)).toEqual({ ...sms, source: 'sms_version' });
		expect(buildFallbackSms(whatsapp, '  Texto curto.  ')).toEqual({ channel: 'sms', text: 'Texto curto.', source: 'sms_version' });
	});

	it('is the WhatsApp preview text otherwise, without WhatsApp formatting marks', () => {
		expect(buildFallbackSms(whatsapp, undefined)).toEqual({
			channel: 'sms',
			text: 'Olá Maria, a fatura INV-1 de R$ 150,00 venceu.',
			source: 'whatsapp_preview',
		});
		// An "SMS version" that is really another WhatsApp message, or empty, is not used.
		expect(buildFallbackSms(whatsapp, { channel: 'whatsapp', text: 'x' })).toMatchObject({ source: 'whatsapp_preview' });
		expect(buildFallbackSms(whatsapp, { channel: 'sms', text: '   ' })).toMatchObject({ source: 'whatsapp_preview' });
	});

	it('explains when there is nothing to send', () => {
		const result = buildFallbackSms({ channel: 'whatsapp', template: { name: 'x' } }, null);
		expect(result).toBeInstanceOf(InvalidValueError);
		expect((result as InvalidValueError).problem).toBe('the WhatsApp message has no text to send by SMS instead');
	});

	it.each([
		['*bold* and _italic_ and ~gone~', 'bold and italic and gone'],
		['Total: *R$ 10,00*.', 'Total: R$ 10,00.'],
		['```code```', 'code'],
		['2*3*4 stays', '2*3*4 stays'],
		['snake_case_name stays', 'snake_case_name stays'],
		['a * b * c stays', 'a * b * c stays'],
	])('strips formatting: %j', (input, output) => {
		expect(stripWhatsAppFormatting(input)).toBe(output);
	});
});

describe('send-policy settings', () => {
	it('has safe defaults', () => {
		expect(resolveSendPolicy({})).toEqual({
			loop: {
				concurrency: 5,
				ratePerSecond: 10,
				burst: 1,
				retryAmbiguous: false,
				backoff: { baseDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 4, maxThrottledAttempts: 10, maxTotalMs: 120_000 },
			},
			ledger: { enabled: true, ttlMs: 30 * 86_400_000, maxKeys: 100_000 },
			maxPerDebtorPerDay: 0,
		});
	});

	it('converts the units ops staff type', () => {
		const p = resolveSendPolicy({
			messagesPerSecond: '2.5',
			burst: 3,
			maxConcurrentRequests: 2,
			maxAttempts: 6,
			giveUpAfterSeconds: 30,
			retryDelaySeconds: 0.5,
			retryUnknown: true,
			skipAlreadySent: false,
			rememberDays: 7,
			maxPerDebtorPerDay: 2,
		});
		expect(p).not.toBeInstanceOf(InvalidSettingError);
		if (p instanceof InvalidSettingError) return;
		expect(p.loop).toMatchObject({ ratePerSecond: 2.5, burst: 3, concurrency: 2, retryAmbiguous: true });
		expect(p.loop.backoff).toMatchObject({ maxAttempts: 6, maxTotalMs: 30_000, baseDelayMs: 500 });
		expect(p.ledger).toMatchObject({ enabled: false, ttlMs: 7 * 86_400_000 });
		expect(p.maxPerDebtorPerDay).toBe(2);
	});

	it.each([
		[{ messagesPerSecond: -1 }, 'Messages Per Second', '-1 is not a number from 0 to 10000'],
		[{ maxConcurrentRequests: 0 }, 'Max Concurrent Requests', '0 is not a whole number from 1 to 200'],
		[{ maxAttempts: 2.5 }, 'Max Attempts', '2.5 is not a whole number from 1 to 20'],
		[{ rememberDays: 'forever' }, 'Remember Sent Messages For (Days)', '"forever" is not a number from 0.001 to 3650'],
	])('rejects %j', (settings, setting, problem) => {
		const result = resolveSendPolicy(settings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).setting).toBe(setting);
		expect((result as InvalidSettingError).problem).toBe(problem);
		expect((result as InvalidSettingError).hint).toContain('default');
	});
});
