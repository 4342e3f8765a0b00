/**
 * The package's quick-reply button payloads: what a WhatsApp template button carries so that a tap
 * is understood exactly, whatever the button's text says in whatever language.
 *
 *   DUN1|<intent>|<message key>[|<option>]
 *
 * - `DUN1`: the package and the format's version; a later format gets `DUN2` and this parser
 *   leaves it alone (the button's text is read instead), so old and new templates can coexist.
 * - `<intent>`: the intent's name as in {@link ReplyIntent} (readable in provider logs).
 * - `<message key>`: the idempotency key of the message the button was sent with, percent-encoded
 *   for `%`, `|` and control characters, so a key can never be mistaken for a separator.
 * - `<option>`: for negotiate, the option of the offer the button accepts: `c<n>` (the n-th option
 *   of the offer, 1-based, in the order Negotiation Offer lists them: `offer.options[n-1]`),
 *   `i<n>` (the plan of n instalments), `i<n>c<k>` (both, which must agree), or `s` (the
 *   settlement); e.g. `DUN1|negotiate|INV-7-20261202|c2`. For opt-out, `all` (every channel).
 *   Classify Reply reads these into `reply.choice` ({ option }, { instalments }, { settlement }).
 *
 * The whole payload is at most 128 characters (well inside Meta's and Twilio's payload limits).
 * Plain payloads that providers and hand-made templates commonly use (`PAID`, `STOP`, `NEGOTIATE`,
 * ...) are accepted as aliases; they name an intent but no message.
 */
import { InvalidValueError } from '../errors';
import { type ButtonOption, type ParsedButton, REPLY_INTENTS, type ReplyIntent } from './types';

export const BUTTON_PAYLOAD_PREFIX = 'DUN1';
export const MAX_BUTTON_PAYLOAD_LENGTH = 128;

const BUTTON_INTENTS = new Set<string>(REPLY_INTENTS.filter((i) => i !== 'other'));

/**
 * Provider-style payloads, compared in upper case with spaces and dashes read as underscores.
 * STOPALL opts out of every channel, as Twilio's keyword does.
 */
export const BUTTON_PAYLOAD_ALIASES: Readonly<Record<string, ParsedButton>> = (() => {
	const aliases: Record<string, ParsedButton> = {};
	const add = (intent: ReplyIntent, names: string[], option?: ButtonOption) => {
		for (const name of names) aliases[name] = option ? { intent, key: null, option } : { intent, key: null };
	};
	add('opt_out', ['STOP', 'OPT_OUT', 'OPTOUT', 'UNSUBSCRIBE', 'UNSUB', 'SAIR', 'PARAR', 'BAJA']);
	add('opt_out', ['STOPALL', 'STOP_ALL', 'OPT_OUT_ALL'], { scope: 'all' });
	add('already_paid', ['PAID', 'ALREADY_PAID', 'I_PAID', 'JA_PAGUEI', 'YA_PAGUE']);
	add('promise_to_pay', ['PROMISE', 'PROMISE_TO_PAY', 'WILL_PAY', 'PAY_LATER']);
	add('negotiate', ['NEGOTIATE', 'NEGOTIATION', 'INSTALMENTS', 'INSTALLMENTS', 'PAYMENT_PLAN', 'NEGOCIAR']);
	add('payment_info', ['PAYMENT_INFO', 'SEND_LINK', 'SEND_BOLETO', 'BOLETO', 'PIX', 'PAY_NOW', 'PAYMENT_LINK']);
	add('dispute', ['DISPUTE', 'NOT_MINE']);
	add('wrong_person', ['WRONG_PERSON', 'WRONG_NUMBER', 'NOT_ME']);
	add('human', ['HUMAN', 'AGENT', 'CALL_ME', 'CALLBACK', 'TALK_TO_AGENT']);
	return aliases;
})();

function encodeKey(key: string): string {
	let out = '';
	for (let i = 0; i < key.length; i++) {
		const c = key.charCodeAt(i);
		out += c === 0x25 || c === 0x7c || c < 0x20 || c === 0x7f ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : key[i];
	}
	return out;
}

function encodeOption(intent: ReplyIntent, option: ButtonOption | undefined): string {
	if (!option) return '';
	const problem = (what: string) =>
		new InvalidValueError(what, 'A button option is a whole number from 1 to 99 (instalments or the offer chosen), the settlement, or scope "all" for an opt-out.');
	let out = '';
	if (option.settlement && (option.instalments !== undefined || option.choice !== undefined || intent !== 'negotiate')) {
		throw problem('only a negotiate button can carry the settlement, and then nothing else');
	}
	if (option.settlement) out = 's';
	if (option.instalments !== undefined || option.choice !== undefined) {
		if (intent !== 'negotiate') throw problem(`a ${intent} button cannot carry instalments or a choice`);
		for (const [letter, value] of [
			['i', option.instalments],
			['c', option.choice],
		] as const) {
			if (value === undefined) continue;
			if (!Number.isInteger(value) || value < 1 || value > 99) throw problem(`${String(value)} is not a whole number from 1 to 99`);
			out += `${letter}${value}`;
		}
	}
	if (option.scope !== undefined) {
		if (intent !== 'opt_out' || option.scope !== 'all' || out !== '') throw problem('only an opt-out button can carry scope "all"');
		out = 'all';
	}
	return out === '' ? '' : `|${out}`;
}

/**
 * The payload for a quick-reply button. Throws {@link InvalidValueError} for `other`, an empty key,
 * an option that does not fit the intent, or a payload longer than 128 characters.
 */
export function buttonPayload(intent: ReplyIntent, messageKey: string, option?: ButtonOption): string {
	if (!BUTTON_INTENTS.has(intent)) {
		throw new InvalidValueError(
			`"${String(intent)}" cannot be a button's intent`,
			`Use one of: ${[...BUTTON_INTENTS].join(', ')}.`,
		);
	}
	if (typeof messageKey !== 'string' || messageKey.trim() === '') {
		throw new InvalidValueError('a button needs the key of the message it is sent with', 'Pass the message key (the idempotency key of the send).');
	}
	const payload = `${BUTTON_PAYLOAD_PREFIX}|${intent}|${encodeKey(messageKey)}${encodeOption(intent, option)}`;
	if (payload.length > MAX_BUTTON_PAYLOAD_LENGTH) {
		throw new InvalidValueError(
			`the button payload would be ${payload.length} characters, more than ${MAX_BUTTON_PAYLOAD_LENGTH}`,
			'Use a shorter message key: the payload carries it whole.',
		);
	}
	return payload;
}

function decodeKey(text: string): string | null {
	if (text.indexOf('%') < 0) return text;
	let out = '';
	for (let i = 0; i < text.length; i++) {
		if (text[i] !== '%') {
			out += text[i];
			continue;
		}
		const hex = text.slice(i + 1, i + 3);
		if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
		out += String.fromCharCode(parseInt(hex, 16));
		i += 2;
	}
	return out;
}

function parseOption(intent: ReplyIntent, text: string): ButtonOption | null {
	if (intent === 'opt_out') return text === 'all' ? { scope: 'all' } : null;
	if (intent !== 'negotiate') return null;
	if (text === 's') return { settlement: true };
	const m = /^(?:i([1-9]\d?))?(?:c([1-9]\d?))?$/.exec(text);
	if (!m || (!m[1] && !m[2])) return null;
	const option: ButtonOption = {};
	if (m[1]) option.instalments = Number(m[1]);
	if (m[2]) option.choice = Number(m[2]);
	return option;
}

/**
 * Reads a button payload: the package's own format or a documented alias. Null for anything else
 * (a malformed payload, another version, a provider's own id): the caller then reads the button's text.
 */
export function parseButtonPayload(payload: unknown): ParsedButton | null {
	if (typeof payload !== 'string') return null;
	const text = payload.trim();
	if (text === '' || text.length > 256) return null;
	if (text.startsWith(`${BUTTON_PAYLOAD_PREFIX}|`)) {
		const parts = text.split('|');
		if (parts.length < 3 || parts.length > 4) return null;
		const intent = parts[1];
		if (!BUTTON_INTENTS.has(intent)) return null;
		const key = decodeKey(parts[2]);
		if (key === null || key === '') return null;
		const parsed: ParsedButton = { intent: intent as ReplyIntent, key };
		if (parts.length === 4) {
			const option = parseOption(parsed.intent, parts[3]);
			if (!option) return null;
			parsed.option = option;
		}
		return parsed;
	}
	const alias = BUTTON_PAYLOAD_ALIASES[text.toUpperCase().replace(/[\s-]+/g, '_')];
	return alias ? { ...alias, ...(alias.option ? { option: { ...alias.option } } : {}) } : null;
}
