/**
 * The built-in template library: for every stage, channel, locale and tone, the Handlebars
 * sources of the message, assembled the same way from the per-language copy:
 *
 * - SMS: `Creditor: <stage line> <how to pay> <objection, may be shortened><footer>`;
 * - WhatsApp: greeting, body, how to pay, objection and the creditor identification, each on its
 *   own paragraph; every `{{…}}` becomes a parameter of the approved template
 *   `dunning_<stage>_<tone>` (exported in Meta's format in whatsapp-templates.json);
 * - e-mail: a subject, and a body whose HTML is made from the text (values HTML-escaped).
 */
import { type Channel, LIBRARY_STAGES, type LibraryLocale, type LibraryStage, type TemplateSource, type Tone, isReplyStage } from '../types';
import { WORDS } from '../words';
import type { LocaleCopy } from './copy';
import { EN_US } from './en-US';
import { ES_419 } from './es-419';
import { PT_BR } from './pt-BR';

export const LIBRARY: Record<LibraryLocale, LocaleCopy> = { 'pt-BR': PT_BR, 'es-419': ES_419, 'en-US': EN_US };

/** Which objection a stage answers: before the due date "if you paid, ignore"; after it "send the receipt". */
const OBJECTION: Record<LibraryStage, 'before' | 'after' | undefined> = {
	reminder_7d: 'before',
	reminder_1d: 'before',
	due_today: 'before',
	overdue_3d: 'after',
	overdue_6d: 'after',
	overdue_9d: 'after',
	overdue_15d: 'after',
	negotiation_30d: 'after',
	legal_90d: 'after',
	settled: undefined,
	number_confirmation: undefined,
	early_payment_offer: 'before',
	negotiation_offer: 'after',
	legal_offer: 'after',
	promise_reminder: 'after',
	reply_promise_to_pay: undefined,
	reply_already_paid: undefined,
	reply_already_paid_receipt: undefined,
	reply_negotiate: undefined,
	reply_payment_info: undefined,
	reply_opt_out: undefined,
	reply_dispute: undefined,
	reply_human: undefined,
	reply_wrong_person: undefined,
};

/** The stages with the itemised debt and the offer: their SMS leaves the objection out to stay within 2 segments. */
const WITH_NUMBERS = (stage: LibraryStage) => stage === 'negotiation_offer' || stage === 'legal_offer';

/** The answers to a reply that resend the ways to pay. */
const REPLIES_WITH_PAYMENT = new Set<LibraryStage>(['reply_promise_to_pay', 'reply_negotiate', 'reply_payment_info']);

/** Stages that ask for a payment, and so say how to pay (and, in Mexico, give the first-contact details). */
export function stageAsksPayment(stage: LibraryStage): boolean {
	if (isReplyStage(stage)) return REPLIES_WITH_PAYMENT.has(stage);
	return stage !== 'settled' && stage !== 'number_confirmation';
}

/**
 * Stages with the quick-reply buttons and the `…_doc` twin in WhatsApp: those that ask for payment,
 * but not the answers to a reply (a conversation is already open).
 */
export function stageHasButtons(stage: LibraryStage): boolean {
	return stageAsksPayment(stage) && !isReplyStage(stage);
}

/** Stages without the opt-out line: the debtor just closed the channel, or the number is not the debtor's. */
const NO_OPT_OUT_LINE = (stage: LibraryStage) => stage === 'reply_opt_out' || stage === 'reply_wrong_person';

/** Stages that do not greet the debtor by name: the number may not be theirs. */
const NEUTRAL_GREETING = (stage: LibraryStage) => stage === 'number_confirmation' || stage === 'reply_wrong_person';

export function isLibraryStage(stage: string): stage is LibraryStage {
	return (LIBRARY_STAGES as string[]).includes(stage);
}

export function builtInKey(stage: string, channel: Channel, locale: string, tone: Tone | '*'): string {
	return `${stage}.${channel}.${locale}.${tone}`;
}

/** The name a built-in WhatsApp template is approved under (the same in every language). */
export function builtInWhatsAppName(stage: LibraryStage, tone: Tone): string {
	return `dunning_${stage}_${tone}`;
}

const sources = new Map<string, TemplateSource>();

/** The Handlebars sources of a built-in template. */
export function builtInTemplate(stage: LibraryStage, channel: Channel, locale: LibraryLocale, tone: Tone): TemplateSource {
	const key = builtInKey(stage, channel, locale, tone);
	let source = sources.get(key);
	if (!source) {
		source = assemble(key, stage, channel, LIBRARY[locale], tone);
		sources.set(key, source);
	}
	return source;
}

function assemble(key: string, stage: LibraryStage, channel: Channel, copy: LocaleCopy, tone: Tone): TemplateSource {
	const words = WORDS[copy.locale.slice(0, 2) as 'pt' | 'es' | 'en'];
	const named = copy.stages[stage][tone];
	const channelName = copy.channelNames[channel];
	const line = { sms: named.sms.replace(/\{\{channelName\}\}/g, channelName), body: named.body.replace(/\{\{channelName\}\}/g, channelName) };
	const objectionKind = OBJECTION[stage];
	const objection = objectionKind ? copy.objection[objectionKind][tone] : undefined;
	const pays = stageAsksPayment(stage);
	const greeting = NEUTRAL_GREETING(stage) ? copy.neutralGreeting[tone] : copy.greeting[tone];
	const noOptOut = NO_OPT_OUT_LINE(stage);
	if (channel === 'sms') {
		const text = [
			`{{creditor.shortName}}: ${line.sms}`,
			pays ? ' {{howToPay}}' : '',
			objection && !WITH_NUMBERS(stage) ? `{{#shorten}} ${objection.sms}{{/shorten}}` : '',
			noOptOut ? '{{#if creditor.taxIdText}} {{creditor.taxIdText}}.{{/if}}' : '{{> footer}}',
		].join('');
		return { key, channel, text };
	}
	if (channel === 'whatsapp') {
		const paragraphs = [greeting, line.body];
		if (pays) paragraphs.push('{{howToPay}}');
		if (objection) paragraphs.push(objection.chat);
		// Without the quick-reply buttons (and their "stop"), the text says how to opt out (US: Reg F 1006.6(e)).
		// Not in the confirmation of an opt-out, nor to a wrong person.
		if (!stageHasButtons(stage) && !noOptOut) paragraphs.push(words.optOut('whatsapp', tone));
		// {{sender}} is the creditor identification, plus Mexico's first-contact details when they are due.
		paragraphs.push(`${words.sentBy} {{sender}}.`);
		return {
			key,
			channel,
			text: paragraphs.join('\n\n'),
			whatsappName: builtInWhatsAppName(stage, tone),
			whatsappCategory: stage === 'early_payment_offer' ? 'MARKETING' : 'UTILITY',
			whatsappButtons: stageHasButtons(stage),
		};
	}
	const paragraphs = [greeting, line.body];
	if (WITH_NUMBERS(stage)) paragraphs.push('{{debtLines "list"}}');
	if (pays) paragraphs.push('{{howToPay}}');
	if (objection) paragraphs.push(objection.email);
	paragraphs.push(
		`${copy.closing[tone]}\n{{creditor.name}}`,
		noOptOut
			? `--\n{{creditor.identification}}{{#if creditor.address}}\n{{creditor.address}}{{/if}}{{#if creditor.support}}\n${words.support}: {{creditor.support}}{{/if}}`
			: '{{> footer}}',
	);
	return { key, channel, text: paragraphs.join('\n\n'), subject: copy.subject[stage] };
}

// ---------------------------------------------------------------------------------------------
// Footer partial

/**
 * `{{> footer}}`: the creditor identification (CDC art. 42-A: name and CPF/CNPJ; in e-mail the
 * address too, when set), the support contact, Mexico's first-contact details when they are due
 * (`firstContactText` is empty otherwise) and the opt-out line where the channel and jurisdiction
 * call for one (`optOut` is empty otherwise). In SMS the name already opens the message, so only
 * the tax id follows.
 */
export function footerSource(language: 'pt' | 'es' | 'en', channel: Channel, html: boolean): string {
	const words = WORDS[language];
	if (channel !== 'email') {
		return '{{#if creditor.taxIdText}} {{creditor.taxIdText}}.{{/if}}{{#if firstContactText}} {{firstContactText}}{{/if}}{{#if optOut}} {{optOut}}{{/if}}';
	}
	if (html) {
		return (
			'<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #e4e7eb;font-size:12px;line-height:1.5;color:#7b8794;">' +
			`{{creditor.identification}}{{#if creditor.address}}<br>{{creditor.address}}{{/if}}{{#if creditor.support}}<br>${escapeHtml(words.support)}: {{creditor.support}}{{/if}}` +
			'{{#if firstContactText}}<br>{{firstContactText}}{{/if}}{{#if optOut}}<br>{{optOut}}{{/if}}</p>'
		);
	}
	return `--\n{{creditor.identification}}{{#if creditor.address}}\n{{creditor.address}}{{/if}}{{#if creditor.support}}\n${words.support}: {{creditor.support}}{{/if}}{{#if firstContactText}}\n{{firstContactText}}{{/if}}{{#if optOut}}\n{{optOut}}{{/if}}`;
}

/** `{{> itemisedDebt}}`: the debt line by line (a table in e-mail HTML), nothing when the item has no `debt`. */
export const ITEMISED_DEBT_SOURCE = '{{#if debt}}{{debtLines "list"}}{{/if}}';

// ---------------------------------------------------------------------------------------------
// E-mail HTML from the text

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#x27;');
}

/** Paragraphs that are a single block-level helper or partial stay bare: they render their own HTML. */
const BLOCK_LEVEL = /^\{\{(?:howToPay|debtLines\s+"list"|>\s*footer|>\s*itemisedDebt)\s*\}\}$/;
const MUSTACHE = /(\{\{\{?[\s\S]*?\}?\}\})/;

/**
 * The HTML version of an e-mail's text template: paragraphs in `<p>`, line breaks as `<br>`, the
 * literal text HTML-escaped; the `{{…}}` stay as they are and are escaped by Handlebars when the
 * HTML is rendered.
 */
export function emailHtmlFromText(text: string): string {
	const body = text
		.split(/\n{2,}/)
		.map((paragraph) => paragraph.trim())
		.filter((paragraph) => paragraph !== '')
		.map((paragraph) => {
			if (BLOCK_LEVEL.test(paragraph)) return paragraph;
			const inline = paragraph
				.split(MUSTACHE)
				.map((part, i) => (i % 2 === 1 ? part : escapeHtml(part).replace(/\n/g, '<br>\n')))
				.join('');
			return `<p style="margin:0 0 16px;">${inline}</p>`;
		})
		.join('\n');
	return [
		'<!DOCTYPE html>',
		'<html lang="{{locale}}">',
		'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
		'<body style="margin:0;padding:0;background:#f4f5f7;">',
		'<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
		body,
		'</div>',
		'</body>',
		'</html>',
	].join('\n');
}
