/** The provider-agnostic send policy: throughput, retries, no duplicates, contact rules, fallback. */
export * from './backoff';
export * from './contactBlocks';
export * from './contactRules';
export * from './explain';
export * from './fallback';
export * from './frequencyCap';
export * from './ledger';
export * from './liveRecord';
export * from './rateLimiter';
export * from './redisLedger';
export * from './sendLoop';
export * from './settings';
