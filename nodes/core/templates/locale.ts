/** Locales as items carry them ("pt-BR", "pt_br", "es-419", "en"), and what follows from one. */
import { InvalidValueError } from '../errors';
import { LIBRARY_LOCALES, LIBRARY_LOCALE_OF, type Language, type LibraryLocale } from './types';

const canonical = new Map<string, string | InvalidValueError>();

const LOCALE_HINT = 'Use a language tag such as pt-BR, es-MX, es-419 or en-US, or leave it empty to use the node\'s Default Locale.';

/** "pt_br" → "pt-BR". Returns an error for text that is not a language tag. */
export function canonicalLocaleOrError(value: string): string | InvalidValueError {
	let result = canonical.get(value);
	if (result !== undefined) return result;
	const text = value.trim().replace(/_/g, '-');
	try {
		const [tag] = Intl.getCanonicalLocales(text);
		result = tag ?? new InvalidValueError(`"${value}" is not a locale`, LOCALE_HINT);
	} catch {
		result = new InvalidValueError(`"${value.slice(0, 40)}" is not a locale`, LOCALE_HINT);
	}
	if (canonical.size > 10_000) canonical.clear();
	canonical.set(value, result);
	return result;
}

const languages = new Map<string, string>();

export function languageOf(locale: string): string {
	// Asked several times per item: remembered, instead of a new string each time.
	let language = languages.get(locale);
	if (language === undefined) {
		const dash = locale.indexOf('-');
		language = (dash < 0 ? locale : locale.slice(0, dash)).toLowerCase();
		if (languages.size > 10_000) languages.clear();
		languages.set(locale, language);
	}
	return language;
}

/** The region subtag ("BR", "MX", "419"), if any. */
export function regionOf(locale: string): string | undefined {
	for (const part of locale.split('-').slice(1)) {
		if (/^[A-Za-z]{2}$/.test(part)) return part.toUpperCase();
		if (/^\d{3}$/.test(part)) return part;
	}
	return undefined;
}

/** The language the helpers word things in: Portuguese, Spanish, or English for every other language. */
export function wordsLanguage(locale: string): Language {
	const language = languageOf(locale);
	return language === 'pt' || language === 'es' ? language : 'en';
}

/** The built-in library locales to try for a locale, best first: es-MX → es-419 → en-US. */
export function libraryChain(locale: string): LibraryLocale[] {
	const chain: LibraryLocale[] = [];
	if ((LIBRARY_LOCALES as string[]).includes(locale)) chain.push(locale as LibraryLocale);
	const language = languageOf(locale);
	if (language === 'pt' || language === 'es' || language === 'en') {
		const forLanguage = LIBRARY_LOCALE_OF[language];
		if (!chain.includes(forLanguage)) chain.push(forLanguage);
	}
	if (!chain.includes('en-US')) chain.push('en-US');
	return chain;
}

/**
 * The locale that money and dates are formatted in: the item's own locale when the template is
 * in its language (es-MX keeps Mexican formats in the Spanish library), else the template's.
 */
export function formattingLocale(itemLocale: string, templateLocale: string | undefined): string {
	if (!templateLocale) return itemLocale;
	return languageOf(itemLocale) === languageOf(templateLocale) ? itemLocale : templateLocale;
}

/** The Meta language code a built-in WhatsApp template is approved in, for an item's locale. */
export function whatsappLanguageCode(locale: string): string {
	const language = languageOf(locale);
	const region = regionOf(locale);
	if (language === 'pt') return region === 'PT' ? 'pt_PT' : 'pt_BR';
	if (language === 'es') {
		if (region === 'MX') return 'es_MX';
		if (region === 'AR') return 'es_AR';
		if (region === 'ES') return 'es_ES';
		return 'es';
	}
	if (language === 'en') return region === 'GB' ? 'en_GB' : 'en_US';
	return region && /^[A-Z]{2}$/.test(region) ? `${language}_${region}` : language;
}

/** The Meta language codes the built-in library is exported in (see whatsapp-templates.json). */
export const BUILT_IN_WHATSAPP_LANGUAGES: Record<LibraryLocale, string[]> = {
	'pt-BR': ['pt_BR'],
	'es-419': ['es_MX', 'es'],
	'en-US': ['en_US'],
};

/** The Meta language of a built-in template for an item: its own code when exported, else the first. */
export function builtInWhatsappLanguage(itemLocale: string, library: LibraryLocale): string {
	const code = whatsappLanguageCode(itemLocale);
	const exported = BUILT_IN_WHATSAPP_LANGUAGES[library];
	return exported.includes(code) ? code : exported[exported.length - 1];
}

/** Currency by country, for items without a currency (the countries this package is written for). */
const CURRENCY_OF_REGION: Record<string, string> = {
	BR: 'BRL',
	MX: 'MXN',
	US: 'USD',
	AR: 'ARS',
	CL: 'CLP',
	CO: 'COP',
	PE: 'PEN',
	UY: 'UYU',
	PY: 'PYG',
	BO: 'BOB',
	EC: 'USD',
	SV: 'USD',
	PA: 'PAB',
	GT: 'GTQ',
	CR: 'CRC',
	DO: 'DOP',
	HN: 'HNL',
	NI: 'NIO',
	VE: 'VES',
	PT: 'EUR',
	ES: 'EUR',
	GB: 'GBP',
	CA: 'CAD',
};

export function currencyOfRegion(region: string | undefined): string | undefined {
	return region ? CURRENCY_OF_REGION[region] : undefined;
}
