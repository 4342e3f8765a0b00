/**
 * What a rendered message contains, for the check of required content per jurisdiction
 * ({@link missingContent} in jurisdictions/requiredContent.ts): read from the text the debtor gets,
 * not from the template, so that a part inside an `{{#if}}` that did not render does not count.
 *
 * Texts are compared without accents, case or repeated spaces (an SMS with Replace Accents says
 * "Sao Paulo" for "São Paulo"), and tax ids without their dots, dashes and slashes. An e-mail must
 * carry a part in its text and in its HTML. A WhatsApp template's "stop" quick-reply button is an
 * opt-out.
 */
import { InvalidValueError } from '../errors';
import type { Jurisdiction } from '../jurisdictions/jurisdiction';
import { type ContentPart, type RenderedParts, bareTaxId, missingContent } from '../jurisdictions/requiredContent';
import type { CreditorVariables } from './context';
import { calendarDayOf, formatDay } from './helpers';
import type { Message } from './message';

/** What the check needs besides the message (the renderer's {@link MessageRenderer.contentFacts}). */
export interface ContentFacts {
	creditor: CreditorVariables;
	/** The opt-out lines this message may carry: the item's (built-in or Opt-Out Text), the setting's. */
	optOutLines: string[];
	/** The contract or operation (the invoice id); undefined when the item has none. */
	contract?: string;
	/** Negotiation Offer's itemised debt, when the item has one. */
	debt?: Record<string, unknown>;
	/** The date the amount was calculated, ISO: the debt's `asOf`, else the reference day. */
	calculationDate?: string;
	/** The locale dates are written in. */
	locale: string;
	/** The first collection message to the debtor about this debt (not a thank-you or a number confirmation). */
	firstContact: boolean;
}

/** Lower case, no accents, single spaces. */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", nbsp: ' ' };

function htmlText(html: string): string {
	return html
		.replace(/<(?:script|style)[\s\S]*?<\/(?:script|style)>/gi, ' ')
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(amp|lt|gt|quot|#x27|#39|nbsp);/g, (_m, name: string) => ENTITIES[name]);
}

/** The texts that must each carry a part: the SMS or WhatsApp text; an e-mail's subject and text, and its HTML. */
function textsOf(message: Message): string[] {
	if (message.channel !== 'email') return [foldText(message.text)];
	const texts = [foldText(`${message.subject ?? ''}\n${message.text}`)];
	if (message.html) texts.push(foldText(htmlText(message.html)));
	return texts;
}

const compact = (text: string) => text.replace(/[.\-/\s]/g, '');

/** Words of an opt-out a user's own line may use: "Reply STOP", "Responda SAIR", "Responde BAJA", "unsubscribe"… */
const OPT_OUT_WORDS = /\b(?:stop|unsubscribe|opt[ -]?out|sair|parar de receber|descadastr\w*|baja|darse de baja)\b/;

/** Amounts as written ("R$ 1.035,33", "$1,035.33") to their digits ("103533"). */
function amountDigits(text: string): Set<string> {
	const found = new Set<string>();
	for (const token of text.match(/\d(?:[\d.,]*\d)?/g) ?? []) found.add(token.replace(/[.,]/g, '').replace(/^0+(?=\d)/, ''));
	return found;
}

function minorAmounts(debt: Record<string, unknown>): { original: number; additions: number[] } | undefined {
	const minor = debt.minor;
	if (minor === null || typeof minor !== 'object') return undefined;
	const m = minor as Record<string, unknown>;
	const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
	const charges = Array.isArray(m.charges) ? m.charges.map(num) : [];
	return { original: num(m.original), additions: [num(m.lateFee), num(m.interest), ...charges].filter((v) => v > 0) };
}

/** The ways a date may be written: its locale's short, long and day-month forms, ISO, and day/month either way. */
function dateForms(iso: string, locale: string): string[] {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!match) return [];
	const [, y, mm, dd] = match;
	const d = String(Number(dd));
	const m = String(Number(mm));
	const forms = [iso, `${dd}/${mm}/${y}`, `${d}/${m}/${y}`, `${mm}/${dd}/${y}`, `${m}/${d}/${y}`, `${dd}/${mm}`, `${mm}/${dd}`];
	const day = calendarDayOf(iso, 'UTC', 'dmy');
	if (typeof day === 'number') for (const style of ['short', 'long', 'dayMonth'] as const) forms.push(formatDay(day, locale, style));
	return forms.map(foldText);
}

/** The parts a rendered message carries, for {@link missingContent}. */
export function messageParts(message: Message, facts: ContentFacts): RenderedParts {
	const texts = textsOf(message);
	const everywhere = (test: (text: string) => boolean) => texts.every(test);
	const contains = (value: string | undefined) => {
		const folded = foldText(value ?? '');
		return folded !== '' && everywhere((text) => text.includes(folded));
	};
	const { creditor } = facts;
	const taxId = compact(foldText(bareTaxId(creditor.taxId)));
	const buttons = message.template?.buttons ?? [];
	const optOutLines = facts.optOutLines.map(foldText).filter((line) => line !== '');
	const itemised = (() => {
		const amounts = facts.debt ? minorAmounts(facts.debt) : undefined;
		// Without additions the amount is the original one: nothing to itemise.
		if (!amounts || amounts.additions.length === 0) return true;
		return everywhere((text) => {
			const digits = amountDigits(text);
			return [amounts.original, ...amounts.additions].every((amount) => digits.has(String(amount)));
		});
	})();
	const dates = facts.calculationDate ? dateForms(facts.calculationDate, facts.locale) : [];
	return {
		hasCreditorName: contains(creditor.name) || contains(creditor.shortName),
		hasTaxId: taxId !== '' && everywhere((text) => compact(text).includes(taxId)),
		hasAddress: contains(creditor.address),
		hasItemisedAmount: itemised,
		hasCalculationDate: dates.length > 0 && everywhere((text) => dates.some((form) => form !== '' && text.includes(form))),
		hasOptOut:
			(message.channel === 'whatsapp' && buttons.some((button) => button.intent === 'opt_out')) ||
			everywhere((text) => optOutLines.some((line) => text.includes(line)) || OPT_OUT_WORDS.test(text)),
		hasComplaintsContact: contains(creditor.complaintsContact),
		firstContact: facts.firstContact,
		hasContract: facts.contract === undefined || facts.contract === '' ? undefined : contains(facts.contract),
	};
}

/** What to add to a template that lacks a part. */
export const PART_HINTS: Record<ContentPart, string> = {
	creditorName: 'Add {{creditor.name}} to your template (SMS may start with {{creditor.shortName}}; WhatsApp: {{sender}}).',
	taxId: 'Add {{creditor.taxIdText}} or {{> footer}} to your template (WhatsApp: {{sender}}), and fill in Creditor Tax ID.',
	address: 'Add {{> footer}} (it carries the address) or {{creditor.address}} to your e-mail template, and fill in Creditor Address.',
	itemisedAmount:
		'Show the debt line by line with {{debtLines}} (from the Negotiation Offer node): the original amount and each addition (juros, multa, taxas) by name.',
	contract: 'Name the contract: add {{invoiceId}}, or {{> footer}} (WhatsApp: {{sender}}), which carries Mexico’s first-contact details.',
	calculationDate:
		'Add the amount with the date it was calculated: {{> footer}} (WhatsApp: {{sender}}) carries it at first contact, or write it with {{date}}.',
	complaintsContact: 'Add {{creditor.complaintsContact}} or {{> footer}} (WhatsApp: {{sender}}) to your template, and fill in Complaints Contact.',
	optOut: 'Add {{optOut}} or {{> footer}} (with Opt-Out Line Auto or Always), or a line such as "Reply STOP to opt out."',
};

/**
 * The error for a message from the user's own template that lacks what the debtor's jurisdiction
 * requires, naming the jurisdiction, each missing part and its law; undefined when nothing is missing.
 */
export function missingContentError(j: Jurisdiction, message: Message, parts: RenderedParts): InvalidValueError | undefined {
	const channel = message.channel;
	if (channel === null) return undefined;
	const missing = missingContent(j, channel, parts);
	if (missing.length === 0) return undefined;
	const hints = [...new Set(missing.map((m) => PART_HINTS[m.part]))];
	return new InvalidValueError(
		`the message from ${message.templateKey ?? 'your template'} for a debtor in ${j.key} lacks ${missing.map((m) => m.part).join(', ')}: ${missing.map((m) => m.message).join(' ')}`,
		`${hints.join(' ')} To turn the check off, set the Check Required Content option off.`,
	);
}
