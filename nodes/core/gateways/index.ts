/** The providers the Send node and the Dunning Events trigger offer, behind the one interface of ./types. */
import type { InvalidSettingError } from '../errors';
import { type GenericGatewaySettings, type GenericWebhookAuth, type GenericWebhookSettings, genericAdapter } from './generic';
import { type InfobipSettings, infobipAdapter } from './infobip';
import { type MetaSettings, type MetaWebhookSecrets, metaAdapter } from './meta';
import { type TwilioSettings, type TwilioWebhookSecrets, twilioAdapter } from './twilio';
import type { Gateway, ProviderName, SendOptions, SharedSecretAuth, WebhookReceiver } from './types';
import { type ZenviaSettings, zenviaAdapter } from './zenvia';

export interface ProviderSettings {
	twilio: TwilioSettings;
	meta: MetaSettings;
	zenvia: ZenviaSettings;
	infobip: InfobipSettings;
	generic: GenericGatewaySettings;
}

export const GATEWAY_ADAPTERS = {
	twilio: twilioAdapter,
	meta: metaAdapter,
	zenvia: zenviaAdapter,
	infobip: infobipAdapter,
	generic: genericAdapter,
} as const;

/** Prepares the adapter of `provider` once per execution: a bad setting comes back once, as an error. */
export function createGateway<P extends ProviderName>(
	provider: P,
	settings: ProviderSettings[P],
	options: SendOptions = {},
): Gateway | InvalidSettingError {
	// Each adapter takes its own settings type; the mapped type above ties them together.
	const adapter = GATEWAY_ADAPTERS[provider] as { prepare(s: ProviderSettings[P], o: SendOptions): Gateway | InvalidSettingError };
	return adapter.prepare(settings, options);
}

/** What each provider's webhook check needs (from its credential). */
export interface WebhookSecrets {
	twilio: TwilioWebhookSecrets;
	meta: MetaWebhookSecrets;
	zenvia: SharedSecretAuth;
	infobip: SharedSecretAuth;
	generic: GenericWebhookAuth;
}

/**
 * The inbound half of `provider`, prepared once per trigger: missing secrets or bad field paths
 * come back once, as an error; the receiver then verifies and parses each request.
 */
export function createWebhookReceiver<P extends ProviderName>(
	provider: P,
	secrets: WebhookSecrets[P],
	settings?: GenericWebhookSettings,
): WebhookReceiver | InvalidSettingError {
	const adapter = GATEWAY_ADAPTERS[provider] as {
		receiver(s: WebhookSecrets[P], o?: GenericWebhookSettings): WebhookReceiver | InvalidSettingError;
	};
	return adapter.receiver(secrets, settings);
}

export * from './types';
export { classifyTransportError, encodeForm, parseRetryAfter, REASON_HINTS, redactRequest } from './common';
export type { RedactOptions } from './common';
export { FAILURE_STATUSES, FINAL_STATUSES, safeEqual } from './inbound';
export { answerMetaHandshake, parseMetaWebhook, verifyMetaWebhook } from './meta';
export { parseTwilioWebhook, TWILIO_REF_PARAMETER, twilioSignature, verifyTwilioWebhook } from './twilio';
export { parseZenviaWebhook, verifyZenviaWebhook } from './zenvia';
export { parseInfobipWebhook, verifyInfobipWebhook } from './infobip';
export { parseGenericWebhook, prepareGenericWebhook, verifyGenericWebhook } from './generic';
export type {
	GenericGatewaySettings,
	GenericWebhookAuth,
	GenericWebhookSettings,
	InfobipSettings,
	MetaSettings,
	MetaWebhookSecrets,
	TwilioSettings,
	TwilioWebhookSecrets,
	ZenviaSettings,
};
