/** The fake SMS/WhatsApp gateway for tests, the demo and the benchmark (docs/fake-gateway.md). */
export { DEFAULT_CREDENTIALS, DEFAULT_NUMBERS, FakeGateway, INTROSPECTION_ROUTES, PERSONALITY_PATHS, resolveOptions, start } from './server';
export type { RequestFilter, StatsReport } from './server';
export { FAULT_HEADER, SUFFIX_TABLE, faultLabel, parseFault, suffixFault } from './faults';
export { metaJson, metaSignature, twilioSignature } from './signing';
export { countSegments, TWILIO_KEYWORDS } from './providers/twilio';
export { InboundInputError } from './inbound';
export type { InboundResult, ReplyAllOptions, ReplyInput, TamperedStatusInput, UserPreferenceInput } from './inbound';
export { TINY_PDF, TINY_PNG } from './media';
export type * from './types';
