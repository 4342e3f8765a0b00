/**
 * The built-in WhatsApp templates in Meta's template-creation format (the body of
 * `POST /<WABA-ID>/message_templates`), so that a user can submit them for approval before the
 * first send. Generated from the library (see test/core/templates.whatsapp-export.test.ts, which
 * keeps whatsapp-templates.json equal to it).
 */
import { BUILT_IN_WHATSAPP_LANGUAGES } from './locale';
import { type Message, type MessageRenderer, type RenderRequest, WHATSAPP_DOCUMENT_SUFFIX } from './message';
import { LIBRARY_LOCALES, LIBRARY_STAGES, type LibraryLocale, type LibraryStage, TONES } from './types';

export interface MetaBody {
	type: 'BODY';
	text: string;
	example?: { body_text: string[][] };
}

/** A document header; Meta's API wants an uploaded file's handle as the example (WhatsApp Manager takes the file itself). */
export interface MetaHeader {
	type: 'HEADER';
	format: 'DOCUMENT';
	example: { header_handle: string[] };
}

export interface MetaButtons {
	type: 'BUTTONS';
	buttons: Array<{ type: 'QUICK_REPLY'; text: string }>;
}

export interface MetaTemplate {
	name: string;
	language: string;
	category: string;
	parameter_format: 'POSITIONAL';
	components: Array<MetaHeader | MetaBody | MetaButtons>;
}

/** The example document of the `…_doc` templates. */
export const SAMPLE_DOCUMENT_URL = 'https://pay.example.com/i/inv-1001/boleto.pdf';

/** `sample(locale, stage)`: an item to render the example values from. */
export function buildWhatsAppExport(
	renderer: MessageRenderer,
	sample: (locale: LibraryLocale, stage: LibraryStage) => RenderRequest,
): MetaTemplate[] {
	const templates: MetaTemplate[] = [];
	for (const locale of LIBRARY_LOCALES) {
		for (const stage of LIBRARY_STAGES) {
			for (const tone of TONES) {
				const template = renderer.whatsappTemplate(stage, locale, tone);
				if (template instanceof Error) throw template;
				const rendered = renderer.render({ ...sample(locale, stage), stage, channel: 'whatsapp', tone });
				if (rendered instanceof Error) throw rendered;
				const message = (rendered as Message).template;
				const parameters = message?.parameters ?? [];
				const body: MetaBody = { type: 'BODY', text: template.metaText, ...(parameters.length > 0 ? { example: { body_text: [parameters] } } : {}) };
				const buttons: MetaButtons[] =
					message?.buttons && message.buttons.length > 0 ? [{ type: 'BUTTONS', buttons: message.buttons.map((b) => ({ type: 'QUICK_REPLY', text: b.text })) }] : [];
				for (const language of BUILT_IN_WHATSAPP_LANGUAGES[locale]) {
					const base = { language, category: template.category ?? 'UTILITY', parameter_format: 'POSITIONAL' as const };
					templates.push({ name: template.name, ...base, components: [body, ...buttons] });
					if (template.payable) {
						const header: MetaHeader = { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: [SAMPLE_DOCUMENT_URL] } };
						templates.push({ name: `${template.name}${WHATSAPP_DOCUMENT_SUFFIX}`, ...base, components: [header, body, ...buttons] });
					}
				}
			}
		}
	}
	return templates;
}
