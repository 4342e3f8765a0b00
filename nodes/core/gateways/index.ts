/** The providers the Send node offers, behind the one interface of ./types. */
import type { InvalidSettingError } from '../errors';
import { type GenericGatewaySettings, genericAdapter } from './generic';
import { type InfobipSettings, infobipAdapter } from './infobip';
import { type MetaSettings, metaAdapter } from './meta';
import { type TwilioSettings, twilioAdapter } from './twilio';
import type { Gateway, ProviderName, SendOptions } from './types';
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

export * from './types';
export { classifyTransportError, encodeForm, parseRetryAfter, REASON_HINTS, redactRequest } from './common';
export type { RedactOptions } from './common';
export type { GenericGatewaySettings, InfobipSettings, MetaSettings, TwilioSettings, ZenviaSettings };
