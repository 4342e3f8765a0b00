/**
 * The shape of the built-in library's text, per language. Each stage has, per tone, an SMS line
 * and a body (the heart of the WhatsApp message and of the e-mail); the greeting, the way to pay,
 * the answer to "I already paid", the closing and the creditor identification are added around
 * them the same way for every stage (see library.ts).
 */
import type { Channel, LibraryLocale, LibraryStage, Tone } from '../types';

export interface StageCopy {
	/** The SMS after "Creditor: " and before the payment line: short, one or two sentences. */
	sms: string;
	/** The message itself, for WhatsApp and e-mail: one to three sentences. */
	body: string;
}

/** Lines that answer objections (seed 004): "I already paid", "the due date is far". */
export interface ObjectionCopy {
	sms: string;
	chat: string;
	email: string;
}

export interface LocaleCopy {
	locale: LibraryLocale;
	greeting: Record<Tone, string>;
	/** Greeting that does not name the person (number confirmation: it may not be theirs). */
	neutralGreeting: Record<Tone, string>;
	closing: Record<Tone, string>;
	/** How the copy names each channel; `{{channelName}}` in a stage's text becomes it (the opt-out confirmation says which channel closed). */
	channelNames: Record<Channel, string>;
	/** Before the due date (if already paid, ignore) and after it (if already paid, send the receipt). */
	objection: Record<'before' | 'after', Record<Tone, ObjectionCopy>>;
	subject: Record<LibraryStage, string>;
	stages: Record<LibraryStage, Record<Tone, StageCopy>>;
}
