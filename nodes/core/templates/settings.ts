/** The node's settings, as read from its parameters, checked and turned into renderer settings. */
import { parseReferenceDate } from '../dates';
import { InvalidSettingError, InvalidValueError } from '../errors';
import { currencyProblem } from '../money';
import type { OptOutPolicy } from './context';
import { canonicalLocaleOrError } from './locale';
import type { OverLimit, RendererSettings, UserTemplate } from './message';
import { isChannel, isTone } from './types';

/** One row of "Your Templates", as the node's parameter holds it. */
export interface TemplateRow {
	channel?: string;
	html?: string;
	locale?: string;
	stage?: string;
	subject?: string;
	text?: string;
	tone?: string;
	whatsappButtons?: boolean;
	whatsappHeader?: boolean;
	whatsappLanguage?: string;
	whatsappName?: string;
}

export interface SettingValues {
	creditorName: string;
	creditorTaxId: string;
	supportContact: string;
	creditorAddress?: string;
	complaintsContact?: string;
	shortName: string;
	defaultLocale: string;
	defaultChannel: string;
	defaultCurrency: string;
	optOut: string;
	optOutText: string;
	suspensionDays: number;
	earlyPaymentDiscount: number;
	referenceDate: string;
	workflowZone: string;
	nowMs: number;
	transliterate: boolean;
	maxSegments: number;
	overLimit: string;
	templates: TemplateRow[];
	whatsappDocument?: boolean;
	whatsappButtons?: boolean;
}

function locale(value: string, setting: string): string {
	const canonical = canonicalLocaleOrError(value);
	if (canonical instanceof InvalidValueError) throw new InvalidSettingError(setting, canonical.problem, canonical.hint);
	return canonical;
}

export function readTemplateRows(rows: TemplateRow[]): UserTemplate[] {
	return rows.map((row, index) => {
		const position = index + 1;
		const setting = `Your Templates #${position}`;
		const channel = row.channel ?? 'sms';
		if (!isChannel(channel)) throw new InvalidSettingError(setting, `"${channel}" is not a channel`, 'Choose SMS, WhatsApp or E-Mail.');
		const rawLocale = (row.locale ?? '').trim();
		const tone = row.tone ?? '';
		if (tone !== '' && !isTone(tone)) throw new InvalidSettingError(`${setting}, Tone`, `"${tone}" is not a tone`, 'Choose Friendly, Firm, Formal or Any.');
		if ((row.text ?? '').trim() === '') throw new InvalidSettingError(setting, 'has no text', 'Write the message in Text, or remove this template.');
		return {
			position,
			stage: (row.stage ?? '').trim(),
			channel,
			// "es" stays a language; "pt_br" becomes "pt-BR".
			locale: rawLocale === '' || rawLocale === '*' ? '' : /^[A-Za-z]{2,3}$/.test(rawLocale) ? rawLocale.toLowerCase() : locale(rawLocale, `${setting}, Locale`),
			tone,
			text: row.text ?? '',
			subject: row.subject,
			html: row.html,
			whatsappName: row.whatsappName,
			whatsappLanguage: row.whatsappLanguage,
			whatsappHeader: row.whatsappHeader === true,
			whatsappButtons: row.whatsappButtons === true,
		};
	});
}

/** Throws {@link InvalidSettingError} naming the setting and saying what to do. */
export function rendererSettings(values: SettingValues): RendererSettings {
	const defaultLocale = locale(values.defaultLocale, 'Default Locale');
	if (!isChannel(values.defaultChannel)) {
		throw new InvalidSettingError('Default Channel', `"${values.defaultChannel}" is not a channel`, 'Choose SMS, WhatsApp or E-Mail.');
	}
	const currency = values.defaultCurrency.trim().toUpperCase();
	const currencyError = currency === '' ? undefined : currencyProblem(currency);
	if (currencyError) throw new InvalidSettingError('Default Currency option', `"${values.defaultCurrency}" ${currencyError.problem}`, currencyError.hint);
	if (!['auto', 'always', 'never'].includes(values.optOut)) {
		throw new InvalidSettingError('Opt-Out Line option', `"${values.optOut}" is not a choice`, 'Choose Auto, Always or Never.');
	}
	if (values.overLimit !== 'error' && values.overLimit !== 'shorten') {
		throw new InvalidSettingError('If Longer Than Max Segments option', `"${values.overLimit}" is not a choice`, 'Choose Fail the Item or Shorten the Marked Part.');
	}
	if (!Number.isInteger(values.maxSegments) || values.maxSegments < 0) {
		throw new InvalidSettingError('Max SMS Segments option', `${values.maxSegments} is not a number of segments`, 'Use 0 for no limit, or a whole number such as 2.');
	}
	if (!Number.isInteger(values.suspensionDays) || values.suspensionDays < 1) {
		throw new InvalidSettingError('Suspend Service After (Days) option', `${values.suspensionDays} is not a number of days`, 'Use a whole number of days such as 15.');
	}
	if (!(values.earlyPaymentDiscount >= 0 && values.earlyPaymentDiscount < 100)) {
		throw new InvalidSettingError('Early Payment Discount (%) option', `${values.earlyPaymentDiscount} is not a percentage`, 'Use a percentage between 0 and 99, e.g. 5.');
	}
	return {
		creditor: {
			name: values.creditorName,
			taxId: values.creditorTaxId,
			support: values.supportContact,
			shortName: values.shortName,
			address: values.creditorAddress ?? '',
			complaintsContact: values.complaintsContact ?? '',
		},
		creditorLocale: defaultLocale,
		defaultLocale,
		defaultChannel: values.defaultChannel,
		defaultCurrency: currency || undefined,
		optOut: values.optOut as OptOutPolicy,
		optOutText: values.optOutText,
		suspensionDays: values.suspensionDays,
		earlyPaymentDiscount: values.earlyPaymentDiscount > 0 ? values.earlyPaymentDiscount : undefined,
		reference: parseReferenceDate(values.referenceDate, values.nowMs),
		workflowZone: values.workflowZone,
		transliterate: values.transliterate,
		maxSegments: values.maxSegments,
		overLimit: values.overLimit as OverLimit,
		templates: readTemplateRows(values.templates),
		whatsappDocument: values.whatsappDocument !== false,
		whatsappButtons: values.whatsappButtons !== false,
	};
}
