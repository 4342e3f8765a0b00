/**
 * The send-policy parameters as the node reads them (seconds, days, plain numbers), checked once
 * per execution and turned into the options of the loop, the ledger and the cap. An unusable
 * value is returned as an {@link InvalidSettingError} naming the parameter and what to do.
 */
import { InvalidSettingError } from '../errors';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { DEFAULT_LEDGER_MAX_KEYS, DEFAULT_LEDGER_TTL_MS } from './ledger';
import type { SendLoopOptions } from './sendLoop';

export interface SendPolicySettings {
	/** Messages Per Second; 0 = no limit. Default 10. */
	messagesPerSecond?: unknown;
	/** Burst. Default 1. */
	burst?: unknown;
	/** Max Concurrent Requests. Default 5. */
	maxConcurrentRequests?: unknown;
	/** Max Attempts (not counting throttled ones). Default 4. */
	maxAttempts?: unknown;
	/** Give Up After (Seconds), counted from a message's first attempt. Default 120. */
	giveUpAfterSeconds?: unknown;
	/** First Retry Delay (Seconds), the ceiling of the first random wait. Default 1. */
	retryDelaySeconds?: unknown;
	/** Retry Unknown Outcomes. Default false. */
	retryUnknown?: unknown;
	/** Skip Messages Already Sent (the ledger). Default true. */
	skipAlreadySent?: unknown;
	/** Remember Sent Messages For (Days). Default 30. */
	rememberDays?: unknown;
	/** Max Messages Per Debtor Per Day; 0 = no cap. Default 0. */
	maxPerDebtorPerDay?: unknown;
}

export interface SendPolicy {
	loop: SendLoopOptions & { backoff: BackoffPolicy };
	ledger: { enabled: boolean; ttlMs: number; maxKeys: number };
	maxPerDebtorPerDay: number;
}

function number(
	value: unknown,
	setting: string,
	fallback: number,
	limits: { min: number; max: number; integer?: boolean },
): number | InvalidSettingError {
	if (value === undefined || value === null || value === '') return fallback;
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
	if (!Number.isFinite(n) || n < limits.min || n > limits.max || (limits.integer && !Number.isInteger(n))) {
		const kind = limits.integer ? 'a whole number' : 'a number';
		return new InvalidSettingError(
			setting,
			`${JSON.stringify(value)} is not ${kind} from ${limits.min} to ${limits.max}`,
			`Enter ${kind} from ${limits.min} to ${limits.max}, or clear the field for the default (${fallback}).`,
		);
	}
	return n;
}

function flag(value: unknown, fallback: boolean): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') return ['true', 'yes', '1'].includes(value.trim().toLowerCase());
	return fallback;
}

export function resolveSendPolicy(settings: SendPolicySettings = {}): SendPolicy | InvalidSettingError {
	const rate = number(settings.messagesPerSecond, 'Messages Per Second', 10, { min: 0, max: 10_000 });
	if (rate instanceof InvalidSettingError) return rate;
	const burst = number(settings.burst, 'Burst', 1, { min: 1, max: 10_000, integer: true });
	if (burst instanceof InvalidSettingError) return burst;
	const concurrency = number(settings.maxConcurrentRequests, 'Max Concurrent Requests', 5, { min: 1, max: 200, integer: true });
	if (concurrency instanceof InvalidSettingError) return concurrency;
	const attempts = number(settings.maxAttempts, 'Max Attempts', DEFAULT_BACKOFF.maxAttempts, { min: 1, max: 20, integer: true });
	if (attempts instanceof InvalidSettingError) return attempts;
	const giveUp = number(settings.giveUpAfterSeconds, 'Give Up After (Seconds)', DEFAULT_BACKOFF.maxTotalMs / 1000, {
		min: 0,
		max: 3600,
	});
	if (giveUp instanceof InvalidSettingError) return giveUp;
	const delay = number(settings.retryDelaySeconds, 'First Retry Delay (Seconds)', DEFAULT_BACKOFF.baseDelayMs / 1000, {
		min: 0,
		max: 600,
	});
	if (delay instanceof InvalidSettingError) return delay;
	const days = number(settings.rememberDays, 'Remember Sent Messages For (Days)', DEFAULT_LEDGER_TTL_MS / 86_400_000, {
		min: 0.001,
		max: 3650,
	});
	if (days instanceof InvalidSettingError) return days;
	const cap = number(settings.maxPerDebtorPerDay, 'Max Messages Per Debtor Per Day', 0, { min: 0, max: 1000, integer: true });
	if (cap instanceof InvalidSettingError) return cap;
	const baseDelayMs = delay * 1000;
	return {
		loop: {
			concurrency,
			ratePerSecond: rate,
			burst,
			retryAmbiguous: flag(settings.retryUnknown, false),
			backoff: {
				baseDelayMs,
				maxDelayMs: Math.max(baseDelayMs, DEFAULT_BACKOFF.maxDelayMs),
				maxAttempts: attempts,
				maxThrottledAttempts: DEFAULT_BACKOFF.maxThrottledAttempts,
				maxTotalMs: giveUp * 1000,
			},
		},
		ledger: { enabled: flag(settings.skipAlreadySent, true), ttlMs: days * 86_400_000, maxKeys: DEFAULT_LEDGER_MAX_KEYS },
		maxPerDebtorPerDay: cap,
	};
}
