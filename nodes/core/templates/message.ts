/**
 * Rendering the `message` of an item: pick the template (the user's own for this stage × channel
 * × locale × tone, else the built-in one, with the fallbacks es-MX → es → en and tone → friendly),
 * fill it in for the item, and describe the result per channel (SMS encoding and segments,
 * WhatsApp template name and parameters, e-mail subject, HTML and text).
 *
 * One renderer serves one execution: every distinct template is compiled once, and every
 * (stage, channel, locale, tone) is resolved once.
 */
import { isoDate } from '../dates';
import { InvalidFieldError, InvalidSettingError, InvalidValueError } from '../errors';
import type { Jurisdiction } from '../jurisdictions/jurisdiction';
import {
	SmsAssembler,
	type SmsEncoding,
	type SmsInfo,
	type SmsPiece,
	analyzeSms,
	fitToSegments,
	smsPiece,
	stripShortenMarks,
	transliterateTidyWithCounts,
	transliterateToGsm7,
	transliterateWithCounts,
} from '../sms';
import {
	type ContextSettings,
	type CreditorVariables,
	type FieldNames,
	type ItemFields,
	buildRoot,
	creditorVariables,
	referenceDay,
} from './context';
import type { ContentFacts } from './contentParts';
import type { DirectPlan } from './direct';
import { type CompiledTemplate, type Partials, TemplateCache, TemplateError } from './environment';
import { type FastSlot, type RenderRoot, fastSlot } from './helpers';
import {
	ITEMISED_DEBT_SOURCE,
	builtInKey,
	builtInTemplate,
	emailHtmlFromText,
	footerSource,
	isLibraryStage,
	stageAsksPayment,
} from './library';
import {
	builtInWhatsappLanguage,
	canonicalLocaleOrError,
	formattingLocale,
	languageOf,
	libraryChain,
	whatsappLanguageCode,
	wordsLanguage,
} from './locale';
import {
	type Channel,
	type LibraryLocale,
	type LibraryStage,
	type TemplateSource,
	type Tone,
	DEFAULT_TONE_OF_STAGE,
	LIBRARY_STAGES,
	OFFER_STAGE_OF,
	REPLY_STAGE_KEY,
	STAGE_ALIASES,
	isChannel,
	isTone,
} from './types';
import { WORDS } from './words';
import { deriveWhatsAppBody, whatsappParameter, whatsappPreview } from './whatsapp';

/** A template written on the canvas, for a stage × channel (× locale × tone); empty means any. */
export interface UserTemplate {
	/** 1-based position in the node's list, to name it in errors. */
	position: number;
	stage: string;
	channel: Channel;
	locale: string;
	tone: Tone | '';
	text: string;
	subject?: string;
	html?: string;
	whatsappName?: string;
	whatsappLanguage?: string;
	/** The approved template has a document header: every message carries the row's PDF. */
	whatsappHeader?: boolean;
	/** The approved template has the three quick-reply buttons (already paid, negotiate, stop), in that order. */
	whatsappButtons?: boolean;
}

export type OverLimit = 'error' | 'shorten';

export interface RendererSettings extends ContextSettings {
	defaultLocale: string;
	defaultChannel: Channel;
	transliterate: boolean;
	maxSegments: number;
	overLimit: OverLimit;
	templates: UserTemplate[];
	/** Built-in WhatsApp templates of stages that ask for payment carry the row's PDF as a document header (`…_doc`) when it has one (default true). */
	whatsappDocument?: boolean;
	/** Built-in WhatsApp templates of stages that ask for payment carry the quick-reply buttons (default true). */
	whatsappButtons?: boolean;
}

/** A WhatsApp document header: the PDF WhatsApp fetches and shows above the text. */
export interface TemplateHeader {
	type: 'document';
	link: string;
	filename: string;
}

/** What a quick-reply button means; the Send node puts it, with the message key, in the button's payload. */
export type ButtonIntent = 'already_paid' | 'negotiate' | 'opt_out';

export interface TemplateButton {
	type: 'quick_reply';
	text: string;
	intent: ButtonIntent;
}

/** A template taken from the item itself (Template Source: From Item Field). */
export interface ItemTemplate {
	field: string;
	text: unknown;
	subjectField?: string;
	subject?: unknown;
	whatsappNameField?: string;
	whatsappName?: unknown;
}

export interface RenderRequest {
	json: Record<string, unknown>;
	/** The stage: the node's Stage setting, else `dunning.stage`, else the stage field. */
	stage: unknown;
	channel: Channel | 'auto';
	tone: Tone | 'auto';
	locale: unknown;
	fields: ItemFields;
	fieldNames: FieldNames;
	dunning?: unknown;
	segment?: unknown;
	itemTemplate?: ItemTemplate;
	/** The debtor's jurisdiction (the node reads it from `country` and `state`); null or undefined: none given. */
	jurisdiction?: Jurisdiction | null;
	/** The first message to the debtor about this debt (see firstContactOf): Mexico's first-contact details. */
	firstContact?: boolean;
}

export interface SmsCounts {
	encoding: SmsEncoding;
	segments: number;
	characters: number;
	units: number;
}

/** The `message` object of the data contract. */
export interface Message {
	channel: Channel | null;
	locale: string;
	stage: string | null;
	tone?: Tone;
	templateKey: string | null;
	text: string;
	/**
	 * WhatsApp answer to a debtor's reply (`reply_…` stages): `text` is a free-text session message,
	 * allowed within 24 hours of the debtor's message; `template` stays as the fallback for when
	 * the window is closed (the Send node chooses).
	 */
	kind?: 'text';
	/** SMS */
	encoding?: SmsEncoding;
	segments?: number;
	characters?: number;
	units?: number;
	/** SMS with Replace Accents: the counts before the replacement. */
	original?: SmsCounts;
	transliterated?: boolean;
	shortened?: boolean;
	/** WhatsApp */
	template?: { name: string; language: string; category?: string; parameters: string[]; header?: TemplateHeader; buttons?: TemplateButton[] };
	/** E-mail */
	subject?: string;
	html?: string;
	/** No message for this item, and why (no stage, no channel). */
	skipped?: boolean;
	reason?: string;
	warnings?: string[];
}

/**
 * A built-in SMS template as fixed text and slots (direct.ts, DirectPlan), with the SMS counts of
 * each fixed piece made once: per item only the slots are rendered and their values counted.
 */
interface SmsPlan {
	plan: DirectPlan;
	/** Each slot run directly (helpers.ts, fastSlot); undefined when a slot has no such form. */
	fast: FastSlot[] | undefined;
	pieces: SmsPiece[];
	/** The slots' texts of the item being rendered (render() is synchronous: one array serves every item). */
	values: string[];
}

interface ResolvedTemplate {
	key: string;
	label: string;
	channel: Channel;
	/** The library locale of a built-in template, or the locale a user template was written for. */
	templateLocale?: string;
	sms?: CompiledTemplate;
	whatsapp?: {
		metaText: string;
		parameters: CompiledTemplate[];
		name: string;
		language?: string;
		category?: string;
		libraryLocale?: LibraryLocale;
		/** A built-in template of a stage that asks for payment: it has a `…_doc` variant and the buttons. */
		payable: boolean;
		/** Your own template approved with a document header / the three buttons. */
		header: boolean;
		buttons: boolean;
	};
	email?: { subject: CompiledTemplate; text: CompiledTemplate; html: CompiledTemplate };
	/** The item's own fields the template reads; undefined: the whole item (`this`, `@root`). */
	itemFields?: string[];
}

/** The item fields a set of templates reads, or undefined when one reads the item as a whole. */
function itemFieldsRead(templates: CompiledTemplate[]): string[] | undefined {
	const fields = new Set<string>();
	for (const template of templates) {
		if (template.parsed.index.wholeItem) return undefined;
		for (const field of template.parsed.index.rootFields) fields.add(field);
	}
	return [...fields];
}

const CHANNEL_TONE_KEYS = Object.fromEntries(
	(['sms', 'whatsapp', 'email'] as const).map((channel) => [channel, Object.fromEntries((['friendly', 'firm', 'formal'] as const).map((tone) => [tone, `${channel}|${tone}`]))]),
) as Record<Channel, Record<Tone, string>>;

const CHANNEL_NAMES: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'E-mail' };

const PRE_DUE_STAGES = new Set(['reminder_7d', 'reminder_1d', 'due_today']);

const NO_TAX_ID_WARNING =
	'No creditor tax ID: in Brazil, CDC art. 42-A asks every collection message to show the CPF/CNPJ. Set Creditor Tax ID.';

const NO_STAGE_HINT =
	'Put a Dunning Stage node before this one, set the Stage parameter, or map Stage Field to the column with the stage key.';

/**
 * The package's own templates (built-in library, footers) compiled once per process, not once per
 * execution: their sources never change, and parsing them again costs tens of milliseconds a run.
 */
const PACKAGE_TEMPLATES = new TemplateCache();
/** The footer partials, per language × channel × HTML, shared the same way. */
const FOOTERS = new Map<string, Partials | TemplateError>();
const FOOTER_KEYS = Object.fromEntries(
	(['pt', 'es', 'en'] as const).map((language) => [
		language,
		Object.fromEntries((['sms', 'whatsapp', 'email'] as const).map((channel) => [channel, [`${language}|${channel}|false`, `${language}|${channel}|true`]])),
	]),
) as Record<'pt' | 'es' | 'en', Record<Channel, [string, string]>>;

export class MessageRenderer {
	readonly cache = new TemplateCache();
	/** Stage → locale → channel and tone → the template. */
	private readonly resolved = new Map<string, Map<string, Map<string, ResolvedTemplate | TemplateError | InvalidValueError>>>();
	private readonly creditor: CreditorVariables;
	/** The variables of the message render() made last, for {@link MessageRenderer.contentFacts}. */
	private lastRoot: RenderRoot | undefined;
	private lastFirstContact = false;
	/** Per SMS template and footer partials, its plan (null: it has none; the item renders whole). */
	private readonly smsPlans = new Map<CompiledTemplate, Map<Partials, SmsPlan | null>>();
	private readonly smsAssembler = new SmsAssembler();

	constructor(readonly settings: RendererSettings) {
		this.creditor = creditorVariables(settings.creditor, settings.defaultLocale);
		if (this.creditor.name === '') {
			throw new InvalidSettingError(
				'Creditor Name',
				'is empty',
				'Every collection message must say who is charging (in Brazil, CDC art. 42-A: name and CPF/CNPJ). Enter your company name.',
			);
		}
	}

	/** Renders the message of one item. Returns the error (naming the item's field or the template) instead of throwing. */
	render(request: RenderRequest): Message | InvalidFieldError | InvalidValueError | InvalidSettingError {
		try {
			return this.renderItem(request);
		} catch (error) {
			if (error instanceof InvalidFieldError || error instanceof InvalidValueError || error instanceof InvalidSettingError) return error;
			return new InvalidValueError(String((error as Error)?.message ?? error), 'This is unexpected: please report it with the item that caused it.');
		}
	}

	private renderItem(request: RenderRequest): Message {
		const locale = this.itemLocale(request);
		const stageValue = request.stage;
		const dunning = isObject(request.dunning) ? request.dunning : undefined;
		if (stageValue === undefined || stageValue === null || (typeof stageValue === 'string' && stageValue.trim() === '')) {
			const reason = typeof dunning?.reason === 'string' ? dunning.reason : `No stage: ${NO_STAGE_HINT}`;
			return { channel: null, locale, stage: null, templateKey: null, text: '', skipped: true, reason };
		}
		if (typeof stageValue !== 'string') {
			throw new InvalidFieldError(request.fieldNames.stage, stageValue, 'is not a stage key', NO_STAGE_HINT);
		}
		let stage = stageValue.trim();
		if (stage === REPLY_STAGE_KEY) {
			// Stage "reply": the answer to the item's reply, as Classify Reply read it.
			const answer = replyStageOf(request.json);
			if ('reason' in answer) return { channel: null, locale, stage: null, templateKey: null, text: '', skipped: true, reason: answer.reason };
			stage = answer.stage;
		}
		if (request.channel !== 'auto' && !isChannel(request.channel)) {
			throw new InvalidSettingError('Channel', `"${String(request.channel)}" is not a channel`, 'Use sms, whatsapp, email or auto.');
		}
		if (request.tone !== 'auto' && !isTone(request.tone)) {
			throw new InvalidSettingError('Tone', `"${String(request.tone)}" is not a tone`, 'Use friendly, firm, formal or auto.');
		}
		const segment = isObject(request.segment) ? request.segment : undefined;
		const channel = this.channelOf(request.channel, segment);
		if (channel === undefined) {
			return {
				channel: null,
				locale,
				stage,
				templateKey: null,
				text: '',
				skipped: true,
				reason: 'The segment lists no channel this debtor can and may be reached on (segment.channels is empty).',
			};
		}
		// Segment Debtor's early-payment offer turns a reminder before the due date into the offer.
		if (segment?.offer === 'early_payment_discount' && PRE_DUE_STAGES.has(stageAlias(stage))) stage = 'early_payment_offer';
		const libraryStage = stageAlias(stage);
		const tone: Tone =
			request.tone !== 'auto'
				? request.tone
				: segment && isTone(segment.tone)
					? segment.tone
					: isLibraryStage(libraryStage)
						? DEFAULT_TONE_OF_STAGE[libraryStage]
						: 'friendly';
		// Negotiation Offer's itemised debt turns the built-in negotiation and legal messages into the ones with the numbers.
		// A reply that came with its receipt gets the built-in "receipt received" answer instead of "send the receipt".
		const offerStage =
			isLibraryStage(libraryStage) && isObject(request.json.debt)
				? OFFER_STAGE_OF[libraryStage]
				: libraryStage === 'reply_already_paid' && replyHasReceipt(request.json)
					? 'reply_already_paid_receipt'
					: undefined;
		const template = request.itemTemplate ? this.itemTemplate(request.itemTemplate, channel) : this.resolve(stage, channel, locale, tone, offerStage);
		if (template instanceof Error) throw template;

		// A thank-you and a number confirmation (which must not disclose a debt) are not a first collection contact.
		const firstContact = request.firstContact === true && !(isLibraryStage(libraryStage) && !stageAsksPayment(libraryStage));
		const root = buildRoot(
			{
				json: request.json,
				fields: request.fields,
				fieldNames: request.fieldNames,
				locale,
				formattingLocale: formattingLocale(locale, template.templateLocale),
				channel,
				tone,
				stage,
				dunning,
				jurisdiction: request.jurisdiction,
				firstContact,
			},
			this.settings,
			this.creditor,
			template.itemFields,
		);
		this.lastRoot = root;
		this.lastFirstContact = firstContact;
		const warnings = this.creditor.taxId === '' && languageOf(root.locale) === 'pt' ? [NO_TAX_ID_WARNING] : undefined;
		if (channel === 'sms') return this.renderSms(template, root, locale, stage, tone, warnings);
		const base: Message = { channel, locale, stage, tone, templateKey: template.key, text: '' };
		if (warnings) base.warnings = warnings;
		if (channel === 'whatsapp') return this.renderWhatsApp(template, root, base, locale, request);
		return this.renderEmail(template, root, base);
	}

	/**
	 * What the check of required content needs to know about the message render() just returned:
	 * the creditor settings, the item's contract (invoice id), itemised debt and calculation date.
	 */
	contentFacts(message: Message): ContentFacts {
		const root = this.lastRoot;
		const debt = root && isObject(root.debt) ? root.debt : undefined;
		let calculationDate: string | undefined;
		if (debt && typeof debt.asOf === 'string') calculationDate = debt.asOf;
		else if (root) calculationDate = isoDate(referenceDay(this.settings.reference, root.timezone as string));
		return {
			creditor: this.creditor,
			optOutLines: [root && typeof root.optOut === 'string' ? root.optOut : '', this.settings.optOutText ?? ''],
			contract: root && typeof root.invoiceId === 'string' ? root.invoiceId : undefined,
			debt,
			calculationDate,
			locale: root ? (root.locale as string) : message.locale,
			firstContact: this.lastFirstContact,
		};
	}

	/** Whether the message comes from one of the user's templates (Your Templates, or a template field), not the built-in library. */
	static isUserTemplate(message: Message): boolean {
		return typeof message.templateKey === 'string' && (message.templateKey.startsWith('custom.') || message.templateKey.startsWith('field.'));
	}

	/** The WhatsApp template an item of this stage, locale and tone gets: Meta's text and name (for the export). */
	whatsappTemplate(
		stage: string,
		locale: string,
		tone: Tone,
	): { key: string; name: string; category?: string; metaText: string; payable: boolean } | Error {
		const resolved = this.resolve(stage, 'whatsapp', locale, tone);
		if (resolved instanceof Error) return resolved;
		const whatsapp = resolved.whatsapp!;
		return { key: resolved.key, name: whatsapp.name, category: whatsapp.category, metaText: whatsapp.metaText, payable: whatsapp.payable };
	}

	// -------------------------------------------------------------------------------------------
	// Item settings

	private itemLocale(request: RenderRequest): string {
		const value = request.locale;
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return this.settings.defaultLocale;
		if (typeof value !== 'string') {
			throw new InvalidFieldError(request.fieldNames.locale, value, 'is not a locale', 'Use a language tag such as pt-BR, es-MX or en-US.');
		}
		const locale = canonicalLocaleOrError(value);
		if (locale instanceof InvalidValueError) throw InvalidFieldError.from(request.fieldNames.locale, value, locale);
		return locale;
	}

	private channelOf(setting: Channel | 'auto', segment: Record<string, unknown> | undefined): Channel | undefined {
		if (setting !== 'auto') return setting;
		if (!segment || !Array.isArray(segment.channels)) return this.settings.defaultChannel;
		for (const entry of segment.channels) {
			const name = typeof entry === 'string' ? entry.trim().toLowerCase().replace(/^e-mail$/, 'email') : '';
			if (isChannel(name)) return name;
		}
		return undefined;
	}

	// -------------------------------------------------------------------------------------------
	// Resolving and compiling templates

	private resolve(stage: string, channel: Channel, locale: string, tone: Tone, offerStage?: LibraryStage): ResolvedTemplate | TemplateError | InvalidValueError {
		// Nested maps: no key string to build for each of 100,000 items.
		const stageKey = offerStage ? `${stage}|${offerStage}` : stage;
		let byLocale = this.resolved.get(stageKey);
		if (!byLocale) {
			byLocale = new Map();
			this.resolved.set(stageKey, byLocale);
		}
		let byChannelTone = byLocale.get(locale);
		if (!byChannelTone) {
			byChannelTone = new Map();
			byLocale.set(locale, byChannelTone);
		}
		const key = CHANNEL_TONE_KEYS[channel][tone];
		let resolved = byChannelTone.get(key);
		if (!resolved) {
			resolved = this.findTemplate(stage, channel, locale, tone, offerStage);
			byChannelTone.set(key, resolved);
		}
		return resolved;
	}

	private findTemplate(stage: string, channel: Channel, locale: string, tone: Tone, offerStage?: LibraryStage): ResolvedTemplate | TemplateError | InvalidValueError {
		const own = this.bestUserTemplate(stage, channel, locale, tone);
		if (own) {
			const label = `your template #${own.position} (${own.stage || 'any stage'}, ${CHANNEL_NAMES[channel]}${own.locale ? `, ${own.locale}` : ''}${own.tone ? `, ${own.tone}` : ''})`;
			const key = `custom.${own.position}.${builtInKey(own.stage || '*', channel, own.locale || '*', own.tone || '*')}`;
			return this.compileSource(
				{
					key,
					channel,
					text: own.text,
					subject: own.subject,
					html: own.html,
					whatsappName: own.whatsappName,
					whatsappLanguage: own.whatsappLanguage,
				},
				label,
				own.locale || undefined,
				undefined,
				own,
			);
		}
		const libraryStage = offerStage ?? stageAlias(stage);
		if (!isLibraryStage(libraryStage)) {
			return new InvalidValueError(
				`there is no template for stage "${stage}" (${CHANNEL_NAMES[channel]}, ${locale}, ${tone})`,
				`The built-in library has the stages ${LIBRARY_STAGES.join(', ')}. Add a template for "${stage}" under Templates, or check the stage key.`,
			);
		}
		const libraryLocale = libraryChain(locale)[0];
		const source = builtInTemplate(libraryStage, channel, libraryLocale, tone);
		return this.compileSource(source, `built-in template "${source.key}"`, libraryLocale, libraryLocale);
	}

	/** The most specific of the user's templates: stage, then locale (exact, then language), then tone. */
	private bestUserTemplate(stage: string, channel: Channel, locale: string, tone: Tone): UserTemplate | undefined {
		let best: UserTemplate | undefined;
		let bestScore = -1;
		const language = languageOf(locale);
		for (const t of this.settings.templates) {
			if (t.channel !== channel) continue;
			const stageScore = t.stage === stage ? 2 : t.stage === '' || t.stage === '*' ? 0 : -1;
			const localeScore = t.locale === '' ? 0 : t.locale === locale ? 2 : t.locale.toLowerCase() === language ? 1 : -1;
			const toneScore = t.tone === '' ? 0 : t.tone === tone ? 1 : -1;
			if (stageScore < 0 || localeScore < 0 || toneScore < 0) continue;
			const score = stageScore * 100 + localeScore * 10 + toneScore;
			if (score > bestScore) {
				best = t;
				bestScore = score;
			}
		}
		return best;
	}

	private itemTemplate(item: ItemTemplate, channel: Channel): ResolvedTemplate {
		const text = item.text;
		if (typeof text !== 'string' || text.trim() === '') {
			throw new InvalidFieldError(item.field, text, 'has no template', 'Put the message template (Handlebars, e.g. "Olá, {{firstName}}!") in this field, or choose the built-in library as Template Source.');
		}
		const subject = item.subject;
		if (channel === 'email' && (typeof subject !== 'string' || subject.trim() === '')) {
			throw new InvalidFieldError(item.subjectField ?? 'subject', subject, 'has no subject', 'E-mails need a subject: put it in this field.');
		}
		const whatsappName = item.whatsappName;
		if (channel === 'whatsapp' && (typeof whatsappName !== 'string' || whatsappName.trim() === '')) {
			throw new InvalidFieldError(
				item.whatsappNameField ?? 'templateName',
				whatsappName,
				'has no WhatsApp template name',
				'WhatsApp messages are sent as an approved template: put its name (as approved by Meta) in this field.',
			);
		}
		const source: TemplateSource = {
			key: `field.${item.field}`,
			channel,
			text,
			subject: typeof subject === 'string' ? subject : undefined,
			whatsappName: typeof whatsappName === 'string' ? whatsappName.trim() : undefined,
		};
		const resolved = this.compileSource(source, `the template in field "${item.field}"`, undefined);
		if (resolved instanceof TemplateError) {
			throw new InvalidFieldError(item.field, text, resolved.message.slice(resolved.template.length + 2), resolved.hint);
		}
		return resolved;
	}

	private compileSource(
		source: TemplateSource,
		label: string,
		templateLocale: string | undefined,
		libraryLocale?: LibraryLocale,
		own?: UserTemplate,
	): ResolvedTemplate | TemplateError {
		const { channel } = source;
		const resolved: ResolvedTemplate = { key: source.key, label, channel, templateLocale };
		// The built-in library's templates may run on the direct renderer; the user's run on Handlebars.
		const direct = libraryLocale !== undefined;
		const cache = direct ? PACKAGE_TEMPLATES : this.cache;
		const compile = (text: string, html: boolean, part?: string) =>
			cache.compile(text, { label: part ? `${label}, ${part}` : label, channel, html, direct });
		if (channel === 'sms') {
			const sms = compile(source.text, false);
			if (sms instanceof TemplateError) return sms;
			resolved.sms = sms;
			resolved.itemFields = itemFieldsRead([sms]);
			return resolved;
		}
		if (channel === 'whatsapp') {
			const name = (source.whatsappName ?? '').trim();
			if (name === '') {
				return new TemplateError(label, 'has no WhatsApp template name', 'Enter the name the template was approved under by Meta (WhatsApp Template Name).');
			}
			const body = compile(source.text, false);
			if (body instanceof TemplateError) return body;
			const derived = deriveWhatsAppBody(body.parsed, label);
			if (derived instanceof TemplateError) return derived;
			const parameters: CompiledTemplate[] = [];
			for (let i = 0; i < derived.parameters.length; i++) {
				const parameter = compile(derived.parameters[i], false, `parameter {{${i + 1}}}`);
				if (parameter instanceof TemplateError) return parameter;
				parameters.push(parameter);
			}
			resolved.whatsapp = {
				metaText: derived.metaText,
				parameters,
				name,
				language: source.whatsappLanguage?.trim() || undefined,
				category: source.whatsappCategory,
				libraryLocale,
				payable: libraryLocale !== undefined && source.whatsappButtons === true,
				header: own?.whatsappHeader === true,
				buttons: own?.whatsappButtons === true,
			};
			resolved.itemFields = itemFieldsRead(parameters);
			return resolved;
		}
		if (!source.subject || source.subject.trim() === '') {
			return new TemplateError(label, 'has no subject', 'E-mails need a subject: fill in Subject.');
		}
		const subject = compile(source.subject, false, 'subject');
		if (subject instanceof TemplateError) return subject;
		const text = compile(source.text, false);
		if (text instanceof TemplateError) return text;
		const htmlSource = source.html && source.html.trim() !== '' ? source.html : emailHtmlFromText(source.text);
		const html = compile(htmlSource, true, source.html ? 'HTML' : 'HTML made from the text');
		if (html instanceof TemplateError) return html;
		resolved.email = { subject, text, html };
		resolved.itemFields = itemFieldsRead([subject, text, html]);
		return resolved;
	}

	private partialsFor(root: RenderRoot, channel: Channel, html: boolean): Partials {
		const language = wordsLanguage(root.locale);
		const key = FOOTER_KEYS[language][channel][html ? 1 : 0];
		let partials = FOOTERS.get(key);
		if (!partials) {
			const footer = PACKAGE_TEMPLATES.compile(footerSource(language, channel, html), { label: 'the footer', channel, html, direct: true });
			const itemisedDebt = PACKAGE_TEMPLATES.compile(ITEMISED_DEBT_SOURCE, { label: 'the itemisedDebt partial', channel, html, direct: true });
			partials =
				footer instanceof TemplateError ? footer : itemisedDebt instanceof TemplateError ? itemisedDebt : { footer: footer.delegate, itemisedDebt: itemisedDebt.delegate };
			FOOTERS.set(key, partials);
		}
		if (partials instanceof TemplateError) throw partials;
		return partials;
	}

	// -------------------------------------------------------------------------------------------
	// Channels

	/** The plan of an SMS template with these partials, made on first use; undefined when it has none. */
	private smsPlan(sms: CompiledTemplate, partials: Partials): SmsPlan | undefined {
		const direct = sms.directForm;
		if (!direct) return undefined;
		let byPartials = this.smsPlans.get(sms);
		if (!byPartials) {
			byPartials = new Map();
			this.smsPlans.set(sms, byPartials);
		}
		let plan = byPartials.get(partials);
		if (plan === undefined) {
			const made = direct.plan(this.creditor, partials);
			const fast = made?.shapes.map((shape) => fastSlot(shape, 'sms'));
			plan = made
				? { plan: made, fast: fast?.every((slot) => slot !== undefined) ? (fast as FastSlot[]) : undefined, pieces: made.fixed.map(smsPiece), values: [] }
				: null;
			byPartials.set(partials, plan);
		}
		return plan ?? undefined;
	}

	private renderSms(template: ResolvedTemplate, root: RenderRoot, locale: string, stage: string, tone: Tone, warnings: string[] | undefined): Message {
		const { transliterate, maxSegments, overLimit } = this.settings;
		const templateKey = template.key;
		const partials = this.partialsFor(root, 'sms', false);
		let marked: string | undefined;
		if (maxSegments === 0 && transliterate) {
			// The common case: the template's fixed text was counted once; only the item's values are.
			const plan = this.smsPlan(template.sms!, partials);
			if (plan && (runFast(plan, root) || plan.plan.run(root, plan.values))) {
				const { pieces, values } = plan;
				const assembler = this.smsAssembler;
				assembler.reset();
				assembler.piece(pieces[0]);
				for (let i = 0; i < values.length; i++) {
					assembler.value(values[i]);
					assembler.piece(pieces[i + 1]);
				}
				if (assembler.finish()) {
					// The message in one literal: its fields in the order the other paths give them.
					const text = flat(assembler.text);
					const original: SmsCounts = {
						encoding: assembler.originalEncoding,
						segments: assembler.originalSegments,
						characters: assembler.originalCharacters,
						units: assembler.originalUnits,
					};
					const { segments, units, replaced } = assembler;
					return warnings
						? { channel: 'sms', locale, stage, tone, templateKey, text, warnings, encoding: 'GSM-7', segments, characters: text.length, units, original, transliterated: replaced }
						: { channel: 'sms', locale, stage, tone, templateKey, text, encoding: 'GSM-7', segments, characters: text.length, units, original, transliterated: replaced };
				}
				// Untidy, or counts the pieces cannot give: the joined text, the usual way.
				marked = pieces[0].original;
				for (let i = 0; i < values.length; i++) marked += values[i] + pieces[i + 1].original;
			}
		}
		const message: Message = { channel: 'sms', locale, stage, tone, templateKey, text: '' };
		if (warnings) message.warnings = warnings;
		marked ??= unwrap(template.sms!.render(root, partials));
		const prepare = transliterateToGsm7Text(transliterate);
		if (maxSegments === 0 && transliterate) {
			// The common case in one pass: marks dropped, accents replaced, both texts counted.
			const prepared = transliterateTidyWithCounts(marked) ?? transliterateWithCounts(normalizeSms(marked));
			message.text = flat(prepared.text);
			setCounts(message, prepared.info);
			message.original = counts(prepared.original);
			message.transliterated = prepared.replaced;
			return message;
		}
		let text = normalizeSms(stripShortenMarks(marked));
		if (maxSegments > 0) {
			const needed = analyzeSms(prepare(text)).segments;
			if (needed > maxSegments) {
				const fit = overLimit === 'shorten' ? fitToSegments(normalizeSms(marked), maxSegments, prepare) : undefined;
				if (!fit) {
					throw new InvalidValueError(
						`${template.label}: the SMS needs ${needed} segments, more than Max Segments (${maxSegments})${overLimit === 'shorten' ? ' even with its shortenable part removed' : ''}`,
						overLimit === 'shorten'
							? 'Shorten the template (mark a long part with {{#shorten}}…{{/shorten}}), raise Max Segments, or turn on Replace Accents (GSM-7).'
							: 'Shorten the template, raise Max Segments, turn on Replace Accents (GSM-7), or set If Longer to Shorten the Marked Part.',
					);
				}
				text = fit.text;
				message.shortened = fit.shortened;
			}
		}
		if (transliterate) {
			const prepared = transliterateWithCounts(text);
			message.text = prepared.text;
			setCounts(message, prepared.info);
			message.original = counts(prepared.original);
			message.transliterated = prepared.replaced;
		} else {
			message.text = text;
			setCounts(message, analyzeSms(text));
		}
		return message;
	}

	private renderWhatsApp(template: ResolvedTemplate, root: RenderRoot, message: Message, locale: string, request: RenderRequest): Message {
		const whatsapp = template.whatsapp!;
		const parameters: string[] = [];
		for (let i = 0; i < whatsapp.parameters.length; i++) {
			const value = whatsappParameter(unwrap(whatsapp.parameters[i].render(root)));
			if (value === '') {
				throw new InvalidValueError(
					`${template.label}: WhatsApp parameter {{${i + 1}}} (${whatsapp.parameters[i].parsed.source}) is empty`,
					'Meta refuses a template message with an empty parameter: fill in the value in the item, or give a fallback with {{default field "text"}}.',
				);
			}
			parameters.push(value);
		}
		const language =
			whatsapp.language ??
			(whatsapp.libraryLocale ? builtInWhatsappLanguage(locale, whatsapp.libraryLocale) : whatsappLanguageCode(template.templateLocale ?? locale));
		message.text = whatsappPreview(whatsapp.metaText, parameters);
		// An answer to the debtor's reply is a session message: free text in the window, the template after it.
		if (message.stage !== null && message.stage.startsWith('reply_')) message.kind = 'text';
		message.template = { name: whatsapp.name, language, parameters };
		if (whatsapp.category) message.template.category = whatsapp.category;
		const builtIn = whatsapp.libraryLocale !== undefined;
		// The row's boleto or invoice PDF: built-in templates switch to their `…_doc` variant, your own must have been approved with the header.
		const document = builtIn ? (whatsapp.payable && this.settings.whatsappDocument !== false ? documentOf(request, false) : undefined) : whatsapp.header ? documentOf(request, true) : undefined;
		if (document) {
			const language = WORDS[wordsLanguage(root.locale)];
			const id = typeof root.invoiceId === 'string' ? root.invoiceId.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) : '';
			const name = language.documentName[document.kind];
			message.template.header = { type: 'document', link: document.link, filename: `${id ? `${name}-${id}` : name}.pdf` };
			if (builtIn) message.template.name = `${whatsapp.name}${WHATSAPP_DOCUMENT_SUFFIX}`;
		}
		if (builtIn ? whatsapp.payable && this.settings.whatsappButtons !== false : whatsapp.buttons) {
			const words = WORDS[wordsLanguage(root.locale)].buttons;
			message.template.buttons = [
				{ type: 'quick_reply', text: words.paid, intent: 'already_paid' },
				{ type: 'quick_reply', text: words.negotiate, intent: 'negotiate' },
				{ type: 'quick_reply', text: words.stop, intent: 'opt_out' },
			];
		}
		return message;
	}

	private renderEmail(template: ResolvedTemplate, root: RenderRoot, message: Message): Message {
		const email = template.email!;
		// A subject is one line: line breaks from a value would start new mail headers.
		message.subject = unwrap(email.subject.render(root)).replace(/[\r\n]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
		message.text = normalizeText(unwrap(email.text.render(root, this.partialsFor(root, 'email', false))));
		message.html = unwrap(email.html.render(root, this.partialsFor(root, 'email', true)));
		return message;
	}
}

/**
 * Fills the plan's values with its fast slots; false when there are none, or when one gives up or
 * fails on this item (the plan's own slots then run, and give the message or the error).
 */
function runFast(plan: SmsPlan, root: RenderRoot): boolean {
	const fast = plan.fast;
	if (fast === undefined || root.creditor !== plan.plan.creditor) return false;
	const values = plan.values;
	try {
		for (let i = 0; i < fast.length; i++) {
			const value = fast[i](root);
			if (value === undefined) return false;
			values[i] = value;
		}
		return true;
	} catch {
		return false;
	}
}

/** The built-in WhatsApp templates with a document header are approved under the name plus this. */
export const WHATSAPP_DOCUMENT_SUFFIX = '_doc';

const HTTPS_ADDRESS = /^https:\/\/[^\s"'<>]+$/i;

/**
 * The row's PDF for a document header: the boleto's, else the invoice's. A URL that is not https
 * is an error naming its field (WhatsApp fetches documents over https only). `required`: a
 * template approved with a header must have one.
 */
function documentOf(request: RenderRequest, required: boolean): { kind: 'boleto' | 'invoice'; link: string } | undefined {
	for (const kind of ['boleto', 'invoice'] as const) {
		const key = kind === 'boleto' ? 'boletoPdfUrl' : 'invoicePdfUrl';
		const value = request.fields[key];
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
		const link = typeof value === 'string' ? value.trim() : '';
		if (!HTTPS_ADDRESS.test(link)) {
			throw new InvalidFieldError(
				request.fieldNames[key],
				value,
				'is not an https address',
				'WhatsApp fetches the document header from the web over https: give the https:// link to the PDF, or leave the field empty.',
			);
		}
		return { kind, link };
	}
	if (required) {
		throw new InvalidFieldError(
			request.fieldNames.boletoPdfUrl,
			request.fields.boletoPdfUrl,
			'is missing, and the WhatsApp template was approved with a document header',
			'Give the https link to the boleto or invoice PDF (Boleto PDF URL Field or Invoice PDF URL Field), or turn off WhatsApp Document Header for this template.',
		);
	}
	return undefined;
}

const REPLY_INTENT_KEYS = new Set(['opt_out', 'wrong_person', 'dispute', 'already_paid', 'promise_to_pay', 'human', 'negotiate', 'payment_info', 'other']);

/**
 * Stage "reply": `reply_<intent>` from Classify Reply's `reply.intent`; `other` (thanks, emojis,
 * questions) gets no automatic answer: a person reads it.
 */
function replyStageOf(json: Record<string, unknown>): { stage: string } | { reason: string } {
	const reply = json.reply;
	const intent = isObject(reply) ? reply.intent : undefined;
	if (typeof intent !== 'string' || !REPLY_INTENT_KEYS.has(intent)) {
		throw new InvalidFieldError(
			'reply.intent',
			intent,
			intent === undefined ? 'is missing' : 'is not an intent of Classify Reply',
			'Stage "reply" answers the debtor\'s reply: put Classify Reply before this node, or set Stage to a stage key such as reply_promise_to_pay.',
		);
	}
	if (intent === 'other') return { reason: 'The reply was classified as other (thanks, emojis, a question): no automatic answer, a person reads it.' };
	return { stage: `reply_${intent}` };
}

/** Classify Reply saw a receipt (a photo or PDF); without its reading, the reply carries media. */
function replyHasReceipt(json: Record<string, unknown>): boolean {
	const reply = json.reply;
	if (isObject(reply) && typeof reply.receipt === 'boolean') return reply.receipt;
	const event = json.event;
	return isObject(event) && Array.isArray(event.media) && event.media.length > 0;
}

/** The built-in stage that answers a stage key (the aging ladder's keys map to the closest one). */
function stageAlias(stage: string): string {
	return Object.prototype.hasOwnProperty.call(STAGE_ALIASES, stage) ? STAGE_ALIASES[stage] : stage;
}

const identity = (text: string) => text;

function transliterateToGsm7Text(transliterate: boolean): (text: string) => string {
	return transliterate ? transliterateToGsm7 : identity;
}

function counts(info: SmsInfo): SmsCounts {
	return { encoding: info.encoding, segments: info.segments, characters: info.characters, units: info.units };
}

function setCounts(message: Message, info: SmsInfo): void {
	message.encoding = info.encoding;
	message.segments = info.segments;
	message.characters = info.characters;
	message.units = info.units;
}

function unwrap(result: string | InvalidValueError): string {
	if (result instanceof InvalidValueError) throw result;
	return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The text as one flat string. V8 keeps a joined or replaced text as a tree of its pieces (and of
 * slices of the text they were cut from); n8n keeps every item's message until the execution ends,
 * and such a tree is several times the size of the text for the garbage collector to trace.
 * Reading a character makes V8 flatten the tree into one string, in place.
 */
function flat(text: string): string {
	if (text.length > 0) text.charCodeAt(text.length - 1);
	return text;
}

/** Trailing spaces off every line, at most one empty line in a row, nothing around the text. */
export function normalizeText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** SMS are paid per character: also no double spaces. */
function normalizeSms(text: string): string {
	// Most messages need none of it: a few native scans instead of five regular-expression passes.
	const last = text.length - 1;
	if (
		last >= 0 &&
		text.charCodeAt(0) > 32 &&
		text.charCodeAt(last) > 32 &&
		text.indexOf('  ') < 0 &&
		text.indexOf('\t') < 0 &&
		text.indexOf('\r') < 0 &&
		text.indexOf(' \n') < 0 &&
		text.indexOf('\n\n\n') < 0
	) {
		return text;
	}
	return normalizeText(text).replace(/[ \t]{2,}/g, ' ');
}
