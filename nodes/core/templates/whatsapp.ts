/**
 * WhatsApp templates. Outside the 24-hour window only a template Meta approved can be sent, and
 * only its numbered parameters change per message. A WhatsApp template here is written like any
 * other, in Handlebars; each `{{…}}` becomes the next positional parameter, so the same source
 * gives the text to submit to Meta ("Olá, {{1}}! …"), the parameters to send, and a preview.
 */
import { type ParsedTemplate, TemplateError } from './environment';

/** Meta's limit on the body of a template. */
export const WHATSAPP_BODY_LIMIT = 1024;

export interface WhatsAppBody {
	/** The body in Meta's format, with {{1}}, {{2}}… */
	metaText: string;
	/** One Handlebars source per parameter, in order. */
	parameters: string[];
}

const BLOCK_HINT =
	'Meta approves the text of a WhatsApp template once; only the {{…}} values change per message. Use helpers that adapt their value instead of blocks, e.g. {{howToPay}} or {{default field "text"}}.';

function offsets(source: string): number[] {
	const starts = [0];
	for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
	return starts;
}

/** Turns a parsed WhatsApp body into Meta's text and the parameter templates. */
export function deriveWhatsAppBody(parsed: ParsedTemplate, label: string): WhatsAppBody | TemplateError {
	const lineStarts = offsets(parsed.source);
	const at = (pos: hbs.AST.Position) => lineStarts[pos.line - 1] + pos.column;
	let metaText = '';
	const parameters: string[] = [];
	for (const statement of parsed.program.body) {
		const loc = statement.loc;
		switch (statement.type) {
			case 'ContentStatement':
				metaText += (statement as hbs.AST.ContentStatement).value;
				break;
			case 'CommentStatement':
				break;
			case 'MustacheStatement': {
				let source = parsed.source.slice(at(loc.start), at(loc.end));
				// Whitespace control (~) belongs to the body, not to the parameter.
				source = source.replace(/^\{\{~/, '{{').replace(/~\}\}$/, '}}');
				parameters.push(source);
				metaText += `{{${parameters.length}}}`;
				break;
			}
			default: {
				const what = statement.type === 'BlockStatement' ? `{{#${(statement as hbs.AST.BlockStatement).path.original}}}` : '{{> …}}';
				return new TemplateError(label, `${what} cannot be used in a WhatsApp template`, BLOCK_HINT, loc?.start.line, loc ? loc.start.column + 1 : undefined);
			}
		}
	}
	const trimmed = metaText.trim();
	if (/^\{\{\d+\}\}/.test(trimmed) || /\{\{\d+\}\}$/.test(trimmed)) {
		return new TemplateError(
			label,
			'a WhatsApp template cannot start or end with a {{…}} value',
			'Meta rejects templates whose text starts or ends with a parameter: add words before or after it (e.g. "Olá, {{firstName}}!").',
		);
	}
	if (trimmed.length > WHATSAPP_BODY_LIMIT) {
		return new TemplateError(
			label,
			`the WhatsApp text has ${trimmed.length} characters (Meta's limit is ${WHATSAPP_BODY_LIMIT})`,
			'Shorten the template.',
		);
	}
	return { metaText: trimmed, parameters };
}

/** A parameter value as Meta accepts it: no line breaks or tabs, no runs of more than four spaces. */
export function whatsappParameter(value: string): string {
	return value.replace(/\s+/g, ' ').trim();
}

/** The message as the debtor will see it: the approved text with the parameters filled in. */
export function whatsappPreview(metaText: string, parameters: string[]): string {
	return metaText.replace(/\{\{(\d+)\}\}/g, (match, n: string) => parameters[Number(n) - 1] ?? match);
}

/** Meta's template language codes look like pt_BR, es_MX, es, en_US. */
export function isWhatsAppLanguageCode(code: string): boolean {
	return /^[a-z]{2,3}(_[A-Z]{2})?$/.test(code);
}
