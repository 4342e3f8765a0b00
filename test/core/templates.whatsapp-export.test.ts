/**
 * whatsapp-templates.json: the built-in WhatsApp templates in Meta's template-creation format.
 * This test keeps the file equal to what the library generates; run it with
 * UPDATE_WHATSAPP_TEMPLATES=1 to rewrite the file after changing the library.
 */
import fs from 'node:fs';
import path from 'node:path';

import { buildWhatsAppExport, type MetaTemplate } from '../../nodes/core/templates/export';
import { MessageRenderer } from '../../nodes/core/templates/message';
import { SAMPLE_SETTINGS, sampleRequest } from '../../nodes/core/templates/samples';
import { LIBRARY_STAGES, TONES } from '../../nodes/core/templates/types';

const FILE = path.join(__dirname, '..', '..', 'nodes', 'core', 'templates', 'whatsapp-templates.json');

const generated = buildWhatsAppExport(new MessageRenderer(SAMPLE_SETTINGS), sampleRequest);

describe('whatsapp-templates.json', () => {
	it('is what the library generates', () => {
		const text = `${JSON.stringify(generated, null, '\t')}\n`;
		if (process.env.UPDATE_WHATSAPP_TEMPLATES === '1') fs.writeFileSync(FILE, text);
		expect(fs.readFileSync(FILE, 'utf8')).toBe(text);
	});

	it('has every stage and tone in pt_BR, es_MX, es and en_US, once each', () => {
		const file = JSON.parse(fs.readFileSync(FILE, 'utf8')) as MetaTemplate[];
		expect(file).toHaveLength(LIBRARY_STAGES.length * TONES.length * 4);
		const keys = new Set(file.map((t) => `${t.name}|${t.language}`));
		expect(keys.size).toBe(file.length);
		for (const stage of LIBRARY_STAGES) {
			for (const tone of TONES) {
				for (const language of ['pt_BR', 'es_MX', 'es', 'en_US']) expect(keys.has(`dunning_${stage}_${tone}|${language}`)).toBe(true);
			}
		}
	});

	it.each(generated.map((t) => [`${t.name} ${t.language}`, t] as const))('%s follows Meta\'s rules', (_name, template) => {
		expect(template.name).toMatch(/^[a-z0-9_]{1,512}$/);
		expect(template.category).toBe(template.name.startsWith('dunning_early_payment_offer') ? 'MARKETING' : 'UTILITY');
		expect(template.parameter_format).toBe('POSITIONAL');
		const [body] = template.components;
		expect(body.type).toBe('BODY');
		expect(body.text.length).toBeLessThanOrEqual(1024);
		expect(body.text).not.toMatch(/^\s*\{\{|\}\}\s*$/);
		const placeholders = body.text.match(/\{\{\d+\}\}/g) ?? [];
		expect(placeholders).toEqual(placeholders.map((_, i) => `{{${i + 1}}}`));
		const example = body.example?.body_text[0] ?? [];
		expect(example).toHaveLength(placeholders.length);
		for (const value of example) expect(value).toMatch(/^\S(.*\S)?$/);
	});
});
