/** The fake SMS/WhatsApp gateway for tests, the demo and the benchmark (docs/fake-gateway.md). */
export { DEFAULT_CREDENTIALS, FakeGateway, INTROSPECTION_ROUTES, PERSONALITY_PATHS, resolveOptions, start } from './server';
export type { RequestFilter, StatsReport } from './server';
export { FAULT_HEADER, SUFFIX_TABLE, faultLabel, parseFault, suffixFault } from './faults';
export { metaJson, metaSignature, twilioSignature } from './signing';
export { countSegments } from './providers/twilio';
export type * from './types';
