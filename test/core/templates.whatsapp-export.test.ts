/**
 * whatsapp-templates.json: the built-in WhatsApp templates in Meta's template-creation format.
 * This test keeps the file equal to what the library generates; run it with
 * UPDATE_WHATSAPP_TEMPLATES=1 to rewrite the file after changing the library.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type MetaBody, type MetaButtons, type MetaHeader, type MetaTemplate, buildWhatsAppExport } from '../../nodes/core/templates/export';
import { MessageRenderer } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import { stageHasButtons } from '../../nodes/core/templates/library';
import { LIBRARY_STAGES, TONES } from '../../nodes/core/templates/types';

const FILE = path.join(__dirname, '..', '..', 'nodes', 'core', 'templates', 'whatsapp-templates.json');

const generated = buildWhatsAppExport(new MessageRenderer(SAMPLE_SETTINGS), sampleRequest);

describe('whatsapp-templates.json', () => {
	it('is what the library generates', () => {
		const text = `${JSON.stringify(generated, null, '\t')}\n`;
		if (process.env.UPDATE_WHATSAPP_TEMPLATES === '1') fs.writeFileSync(FILE, text);
		expect(fs.readFileSync(FILE, 'utf8')).toBe(text);
	});

	// Stages that ask for payment have the quick-reply buttons and a `…_doc` twin with the row's PDF as a document header
	// (not the answers to a reply: the conversation is open, the debtor just wrote).
	const PAYABLE = LIBRARY_STAGES.filter((stage) => stageHasButtons(stage));

	it('has the answers to replies as templates without buttons, and promise_reminder with them', () => {
		expect(PAYABLE).toContain('promise_reminder');
		for (const stage of LIBRARY_STAGES.filter((s) => s.startsWith('reply_'))) expect(PAYABLE).not.toContain(stage);
		expect(PAYABLE).not.toContain('settled');
		expect(PAYABLE).not.toContain('number_confirmation');
	});

	it('has every stage and tone in pt_BR, es_MX, es and en_US, once each, and a _doc twin for each that asks for payment', () => {
		const file = JSON.parse(fs.readFileSync(FILE, 'utf8')) as MetaTemplate[];
		expect(file).toHaveLength((LIBRARY_STAGES.length + PAYABLE.length) * TONES.length * 4);
		const keys = new Set(file.map((t) => `${t.name}|${t.language}`));
		expect(keys.size).toBe(file.length);
		for (const stage of LIBRARY_STAGES) {
			for (const tone of TONES) {
				for (const language of ['pt_BR', 'es_MX', 'es', 'en_US']) {
					expect(keys.has(`dunning_${stage}_${tone}|${language}`)).toBe(true);
					expect(keys.has(`dunning_${stage}_${tone}_doc|${language}`)).toBe((PAYABLE as string[]).includes(stage));
				}
			}
		}
	});

	it.each(generated.map((t) => [`${t.name} ${t.language}`, t] as const))('%s follows Meta\'s rules', (_name, template) => {
		expect(template.name).toMatch(/^[a-z0-9_]{1,512}$/);
		expect(template.category).toBe(template.name.startsWith('dunning_early_payment_offer') ? 'MARKETING' : 'UTILITY');
		expect(template.parameter_format).toBe('POSITIONAL');
		const types = template.components.map((c) => c.type);
		expect(types).toEqual([...(template.name.endsWith('_doc') ? ['HEADER'] : []), 'BODY', ...(types.includes('BUTTONS') ? ['BUTTONS'] : [])]);
		const body = template.components.find((c): c is MetaBody => c.type === 'BODY') as MetaBody;
		expect(body.text.length).toBeLessThanOrEqual(1024);
		expect(body.text).not.toMatch(/^\s*\{\{|\}\}\s*$/);
		const placeholders = body.text.match(/\{\{\d+\}\}/g) ?? [];
		expect(placeholders).toEqual(placeholders.map((_, i) => `{{${i + 1}}}`));
		const example = body.example?.body_text[0] ?? [];
		expect(example).toHaveLength(placeholders.length);
		for (const value of example) expect(value).toMatch(/^\S(.*\S)?$/);
		const header = template.components.find((c): c is MetaHeader => c.type === 'HEADER');
		if (header) expect(header).toEqual({ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: [expect.stringMatching(/^https:\/\/.*\.pdf$/)] } });
		const buttons = template.components.find((c): c is MetaButtons => c.type === 'BUTTONS');
		const stage = template.name.replace(/^dunning_/, '').replace(/_(friendly|firm|formal)(_doc)?$/, '');
		expect(buttons !== undefined).toBe(PAYABLE.includes(stage as (typeof PAYABLE)[number]));
		if (buttons) {
			// Quick replies: at most 10, each at most 25 characters, no two alike.
			expect(buttons.buttons.length).toBe(3);
			for (const button of buttons.buttons) {
				expect(button.type).toBe('QUICK_REPLY');
				expect(button.text.length).toBeLessThanOrEqual(25);
			}
			expect(new Set(buttons.buttons.map((b) => b.text)).size).toBe(3);
		}
	});

	it('has the buttons in the language of the template', () => {
		const buttons = (name: string, language: string) =>
			(generated.find((t) => t.name === name && t.language === language)?.components.find((c) => c.type === 'BUTTONS') as MetaButtons).buttons.map((b) => b.text);
		expect(buttons('dunning_negotiation_offer_firm', 'pt_BR')).toEqual(['Já paguei', 'Quero negociar', 'Parar de receber']);
		expect(buttons('dunning_overdue_3d_friendly_doc', 'es_MX')).toEqual(['Ya pagué', 'Quiero negociar', 'No recibir más']);
		expect(buttons('dunning_legal_offer_formal', 'en_US')).toEqual(['I already paid', 'I want to negotiate', 'Stop messages']);
	});
});
