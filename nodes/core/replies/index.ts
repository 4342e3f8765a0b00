/**
 * Classify Reply's pure core: what a debtor's reply means (opt-out, already paid, promise to pay,
 * negotiate, payment info, dispute, wrong person, human, other), how sure, and which words decided.
 */
export { classifyReply, createReplyClassifier, type ReplyClassifier } from './classifier';
export { BUTTON_PAYLOAD_ALIASES, BUTTON_PAYLOAD_PREFIX, MAX_BUTTON_PAYLOAD_LENGTH, buttonPayload, parseButtonPayload } from './buttons';
export { DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_REPLY_TIME_ZONE, extraPhrasesSettingName } from './settings';
export { MAX_ANALYSED_CHARS, MAX_READ_CHARS } from './text';
export * from './types';
