/**
 * The classifier's settings as typed on the canvas, checked once: lists of extra phrases per
 * intent and extra opt-out words (comma- or newline-separated), the confidence below which a
 * reading is handed to a person, and the time zone for replies that do not say theirs.
 */
import { isValidTimeZone } from '../dates';
import { InvalidSettingError } from '../errors';
import type { PhraseGroup } from './lexicon';
import { tokenizeReply } from './text';
import { INTENT_LABELS, REPLY_INTENTS, type ReplyClassifierSettings, type ReplyIntent } from './types';

export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;
export const DEFAULT_REPLY_TIME_ZONE = 'America/Sao_Paulo';
/** A phrase longer than this is a message, not a phrase: it would never match a real reply. */
const MAX_PHRASE_WORDS = 12;
const MAX_PHRASES_PER_SETTING = 1000;
/** The user's phrases win a tie with a built-in one of the same length: they were typed on purpose. */
const USER_PHRASE_WEIGHT = 0.97;

export interface ResolvedReplySettings {
	userGroups: PhraseGroup[];
	confidenceThreshold: number;
	defaultTimeZone: string;
}

export function extraPhrasesSettingName(intent: ReplyIntent): string {
	return `Extra Phrases (${INTENT_LABELS[intent]})`;
}

/** A comma/newline/semicolon-separated list → phrases as canonical words, each checked. */
export function parsePhraseList(value: unknown, setting: string): string[] {
	if (value === undefined || value === null) return [];
	if (typeof value !== 'string') {
		throw new InvalidSettingError(setting, `expected text, got ${Array.isArray(value) ? 'a list' : typeof value}`, 'Type the words or phrases separated by commas or new lines.');
	}
	const phrases: string[] = [];
	for (const item of value.split(/[,;\n\r]+/)) {
		const written = item.trim();
		if (written === '') continue;
		const t = tokenizeReply(written);
		if (t.canon.length === 0) {
			throw new InvalidSettingError(setting, `"${written}" has no words to look for`, 'Use words (letters or digits); emojis and punctuation alone cannot be matched.');
		}
		if (t.canon.length > MAX_PHRASE_WORDS) {
			throw new InvalidSettingError(
				setting,
				`"${written.length > 60 ? `${written.slice(0, 60)}…` : written}" has ${t.canon.length} words, more than ${MAX_PHRASE_WORDS}`,
				'Use the few words that carry the meaning ("paguei na lotérica"), not a whole message.',
			);
		}
		phrases.push(t.canon.join(' '));
	}
	if (phrases.length > MAX_PHRASES_PER_SETTING) {
		throw new InvalidSettingError(setting, `${phrases.length} phrases, more than ${MAX_PHRASES_PER_SETTING}`, 'Keep the list to the phrases your debtors really use.');
	}
	return phrases;
}

export function resolveReplySettings(settings: ReplyClassifierSettings | null | undefined): ResolvedReplySettings {
	const s = settings ?? {};
	const userGroups: PhraseGroup[] = [];

	const optOut = parsePhraseList(s.extraOptOutWords, 'Extra Opt-Out Words');
	if (optOut.length > 0) userGroups.push({ intent: 'opt_out', lang: 'user', weight: USER_PHRASE_WEIGHT, phrases: optOut });

	if (s.extraPhrases !== undefined && s.extraPhrases !== null) {
		if (typeof s.extraPhrases !== 'object' || Array.isArray(s.extraPhrases)) {
			throw new InvalidSettingError('Extra Phrases', 'expected one list of phrases per intent', `Give phrases for any of: ${REPLY_INTENTS.join(', ')}.`);
		}
		for (const [key, value] of Object.entries(s.extraPhrases)) {
			if (!(REPLY_INTENTS as readonly string[]).includes(key)) {
				throw new InvalidSettingError('Extra Phrases', `"${key}" is not an intent`, `Use one of: ${REPLY_INTENTS.join(', ')}.`);
			}
			const intent = key as ReplyIntent;
			const phrases = parsePhraseList(value, extraPhrasesSettingName(intent));
			if (phrases.length > 0) userGroups.push({ intent, lang: 'user', weight: USER_PHRASE_WEIGHT, phrases });
		}
	}

	let confidenceThreshold = DEFAULT_CONFIDENCE_THRESHOLD;
	const threshold = s.confidenceThreshold;
	if (threshold !== undefined && threshold !== null && threshold !== '') {
		const n = typeof threshold === 'string' ? Number(threshold.trim()) : threshold;
		if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1) {
			throw new InvalidSettingError(
				'Confidence Threshold',
				`${JSON.stringify(threshold)} is not a number from 0 to 1`,
				'Use 0.5 (the default): readings less sure than this go to a person; 0 never hands a reading over.',
			);
		}
		confidenceThreshold = n;
	}

	let defaultTimeZone = DEFAULT_REPLY_TIME_ZONE;
	const zone = s.defaultTimeZone;
	if (zone !== undefined && zone !== null && !(typeof zone === 'string' && zone.trim() === '')) {
		if (typeof zone !== 'string' || !isValidTimeZone(zone.trim())) {
			throw new InvalidSettingError(
				'Default Time Zone',
				`${JSON.stringify(zone)} is not a time zone`,
				'Use an IANA time zone name such as America/Sao_Paulo, America/Mexico_City or America/New_York.',
			);
		}
		defaultTimeZone = zone.trim();
	}
	return { userGroups, confidenceThreshold, defaultTimeZone };
}
