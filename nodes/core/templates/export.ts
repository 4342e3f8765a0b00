/**
 * The built-in WhatsApp templates in Meta's template-creation format (the body of
 * `POST /<WABA-ID>/message_templates`), so that a user can submit them for approval before the
 * first send. Generated from the library (see test/core/templates.whatsapp-export.test.ts, which
 * keeps whatsapp-templates.json equal to it).
 */
import { BUILT_IN_WHATSAPP_LANGUAGES } from './locale';
import type { Message, MessageRenderer, RenderRequest } from './message';
import { LIBRARY_LOCALES, LIBRARY_STAGES, type LibraryLocale, type LibraryStage, TONES } from './types';

export interface MetaTemplate {
	name: string;
	language: string;
	category: string;
	parameter_format: 'POSITIONAL';
	components: Array<{ type: 'BODY'; text: string; example?: { body_text: string[][] } }>;
}

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
				const parameters = (rendered as Message).template?.parameters ?? [];
				for (const language of BUILT_IN_WHATSAPP_LANGUAGES[locale]) {
					templates.push({
						name: template.name,
						language,
						category: template.category ?? 'UTILITY',
						parameter_format: 'POSITIONAL',
						components: [
							{
								type: 'BODY',
								text: template.metaText,
								...(parameters.length > 0 ? { example: { body_text: [parameters] } } : {}),
							},
						],
					});
				}
			}
		}
	}
	return templates;
}
