/**
 * WhatsApp template document headers and quick-reply buttons, in each provider's request shape,
 * and the check against the approved template before anything is sent (Meta #132000 / #100).
 */
import { InvalidSettingError } from '../../../nodes/core/errors';
import { builtInTemplateShapes, checkTemplateShape, messageContent } from '../../../nodes/core/gateways/common';
import { buildInfobipRequest, prepareInfobip } from '../../../nodes/core/gateways/infobip';
import { buildMetaRequest, prepareMeta } from '../../../nodes/core/gateways/meta';
import { buildTwilioRequest, prepareTwilio } from '../../../nodes/core/gateways/twilio';
import type { GatewayFailure, GatewayRequest, OutboundMessage, SendOptions, WhatsAppTemplate } from '../../../nodes/core/gateways/types';
import { ZENVIA_TEMPLATE_FIELDS, buildZenviaRequest, prepareZenvia } from '../../../nodes/core/gateways/zenvia';
import { parseButtonPayload } from '../../../nodes/core/replies/buttons';

const TO = { e164: '+5511987654321', digits: '5511987654321', national: '11987654321' };
const KEY = 'INV-1017:negotiation_30d:whatsapp';
const PARAMS = ['Larissa', '15 de outubro de 2026', '46 dias', 'R$ 1.000,00 + multa', '3× de R$ 345,11', 'Pague pelo link', 'Provedor Net Ltda'].map((value) => ({ value }));
const BUTTONS: WhatsAppTemplate['buttons'] = [
	{ intent: 'already_paid', text: 'Já paguei' },
	{ intent: 'negotiate', text: 'Quero negociar' },
	{ intent: 'opt_out', text: 'Parar de receber' },
];
const HEADER: WhatsAppTemplate['header'] = { type: 'document', link: 'https://pay.example.com/b/inv-1017.pdf', filename: 'boleto-INV-1017.pdf' };

function message(template: Partial<WhatsAppTemplate> = {}, key: string | undefined = KEY): OutboundMessage {
	return {
		channel: 'whatsapp',
		to: TO,
		idempotencyKey: key,
		template: { name: 'dunning_negotiation_offer_firm_doc', language: 'pt_BR', parameters: PARAMS, header: HEADER, buttons: BUTTONS, ...template },
	};
}

function ok(result: GatewayRequest | GatewayFailure): GatewayRequest {
	if (!('url' in result)) throw new Error(`expected a request, got ${JSON.stringify(result)}`);
	return result;
}

function refused(result: GatewayRequest | GatewayFailure): GatewayFailure {
	if ('url' in result) throw new Error(`expected a failure, got a request to ${result.url}`);
	return result;
}

const meta = (m: OutboundMessage) => {
	const prepared = prepareMeta({ phoneNumberId: '106540352242922' });
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildMetaRequest(m, prepared);
};
const infobip = (m: OutboundMessage) => {
	const prepared = prepareInfobip({ baseUrl: 'https://xyz.api.infobip.com', whatsappSender: '447860099299' });
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildInfobipRequest(m, prepared);
};
const twilio = (m: OutboundMessage, options: SendOptions = { templateIds: { dunning_negotiation_offer_firm_doc: 'HX0123456789abcdef0123456789abcdef' } }) => {
	const prepared = prepareTwilio({ accountSid: 'AC0123456789abcdef0123456789abcdef', whatsappFrom: '+14155238886' }, options);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildTwilioRequest(m, prepared);
};
const zenvia = (m: OutboundMessage) => {
	const names = ['nome', 'vencimento', 'dias', 'debito', 'oferta', 'pagamento', 'credor'];
	const prepared = prepareZenvia(
		{ whatsappFrom: 'provedor-net' },
		{ templateIds: { dunning_negotiation_offer_firm_doc: '6f2c6a57-2f2b-4c69-8f3b-1a2b3c4d5e6f' }, templateFieldNames: { dunning_negotiation_offer_firm_doc: names } },
	);
	if (prepared instanceof InvalidSettingError) throw prepared;
	return buildZenviaRequest(m, prepared);
};

const PAYLOADS = [`DUN1|already_paid|${KEY}`, `DUN1|negotiate|${KEY}`, `DUN1|opt_out|${KEY}`];

describe('document header and quick-reply buttons in each provider’s request', () => {
	it('Meta: a header component with the document, the body, and a quick_reply button component per button', () => {
		const body = ok(meta(message())).body as { template: { components: unknown[] } };
		expect(body.template.components).toEqual([
			{ type: 'header', parameters: [{ type: 'document', document: { link: HEADER?.link, filename: 'boleto-INV-1017.pdf' } }] },
			{ type: 'body', parameters: PARAMS.map((p) => ({ type: 'text', text: p.value })) },
			...PAYLOADS.map((payload, index) => ({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] })),
		]);
	});

	it('Infobip: templateData.header (DOCUMENT) and templateData.buttons (QUICK_REPLY)', () => {
		const body = ok(infobip(message())).body as { messages: Array<{ content: { templateData: unknown } }> };
		expect(body.messages[0].content.templateData).toEqual({
			body: { placeholders: PARAMS.map((p) => p.value) },
			header: { type: 'DOCUMENT', mediaUrl: HEADER?.link, filename: 'boleto-INV-1017.pdf' },
			buttons: PAYLOADS.map((parameter) => ({ type: 'QUICK_REPLY', parameter })),
		});
	});

	it('Twilio: content variables, the body first, then the document link, then each button’s payload', () => {
		const body = ok(twilio(message())).body as Record<string, string>;
		expect(body.ContentSid).toBe('HX0123456789abcdef0123456789abcdef');
		expect(JSON.parse(body.ContentVariables)).toEqual({
			...Object.fromEntries(PARAMS.map((p, i) => [String(i + 1), p.value])),
			'8': HEADER?.link,
			'9': PAYLOADS[0],
			'10': PAYLOADS[1],
			'11': PAYLOADS[2],
		});
	});

	it('Zenvia: the body’s named fields, then the document and the payloads as fields', () => {
		const body = ok(zenvia(message())).body as { contents: Array<{ fields: Record<string, string> }> };
		expect(body.contents[0].fields).toMatchObject({
			nome: 'Larissa',
			credor: 'Provedor Net Ltda',
			[ZENVIA_TEMPLATE_FIELDS.documentUrl]: HEADER?.link,
			[ZENVIA_TEMPLATE_FIELDS.documentFilename]: 'boleto-INV-1017.pdf',
			buttonPayload1: PAYLOADS[0],
			buttonPayload2: PAYLOADS[1],
			buttonPayload3: PAYLOADS[2],
		});
	});

	it('each payload is read back exactly by Classify Reply’s parser', () => {
		for (const [i, intent] of (['already_paid', 'negotiate', 'opt_out'] as const).entries()) {
			expect(parseButtonPayload(PAYLOADS[i])).toEqual({ intent, key: KEY });
		}
	});

	it('without a message key the buttons carry the intent’s plain payload; a given payload is kept', () => {
		const body = ok(meta(message({}, ''))).body as { template: { components: Array<{ type: string; parameters: Array<{ payload?: string }> }> } };
		expect(body.template.components.filter((c) => c.type === 'button').map((c) => c.parameters[0].payload)).toEqual(['PAID', 'NEGOTIATE', 'STOP']);
		expect(parseButtonPayload('PAID')?.intent).toBe('already_paid');
		const given = ok(meta(message({ buttons: [{ payload: 'MY_PAID' }, { intent: 'negotiate' }, { intent: 'opt_out' }] }))).body as {
			template: { components: Array<{ type: string; parameters: Array<{ payload?: string }> }> };
		};
		expect(given.template.components.filter((c) => c.type === 'button')[0].parameters[0].payload).toBe('MY_PAID');
	});
});

describe('refused before sending, with template_error and a hint', () => {
	it('a built-in template sent with the wrong number of body parameters (Meta #132000)', () => {
		for (const build of [meta, infobip, (m: OutboundMessage) => twilio(m), zenvia]) {
			const failure = refused(build(message({ parameters: PARAMS.slice(0, 6) })));
			expect(failure).toMatchObject({ kind: 'permanent', reason: 'template_error', httpStatus: null });
			expect(failure.message).toBe(
				'WhatsApp template "dunning_negotiation_offer_firm_doc" (pt_BR): it was approved with 7 body parameters, a document header and 3 quick-reply buttons; this message has 6 parameters, a document header and 3 quick-reply buttons.',
			);
			expect(failure.hint).toContain('#132000');
		}
	});

	it('a _doc template without its document, or a plain one with a document (Meta #100)', () => {
		const missing = refused(meta(message({ header: undefined })));
		expect(missing.message).toContain('this message has 7 parameters, no document header and 3 quick-reply buttons');
		expect(missing.hint).toContain('#100');
		const extra = refused(meta(message({ name: 'dunning_negotiation_offer_firm' })));
		expect(extra.message).toContain('it was approved with 7 body parameters, no document header and 3 quick-reply buttons; this message has 7 parameters, a document header');
	});

	it('buttons may be left out (a tap then sends the button text), but not half of them', () => {
		ok(meta(message({ buttons: [] })));
		expect(refused(meta(message({ buttons: BUTTONS?.slice(0, 2) }))).message).toContain('2 quick-reply buttons');
	});

	it('a document link that is not https, a button without an intent, too many buttons', () => {
		expect(refused(meta(message({ name: 'mine', header: { type: 'document', link: 'http://pay.example.com/b.pdf' } }))).message).toBe(
			'WhatsApp template "mine" (pt_BR): the document header\'s link "http://pay.example.com/b.pdf" is not an https address.',
		);
		expect(refused(meta(message({ name: 'mine', buttons: [{ intent: 'maybe' }] }))).message).toContain('button 1 has no payload and no intent');
		expect(refused(meta(message({ name: 'mine', buttons: Array.from({ length: 11 }, () => ({ intent: 'negotiate' })) }))).message).toContain('at most 10');
	});

	it('templates of your own are not checked against the built-in list', () => {
		ok(meta(message({ name: 'oferta_propria', parameters: [{ value: 'x' }], header: undefined })));
		expect(checkTemplateShape({ name: 'oferta_propria', language: 'pt_BR', parameters: [], buttons: [] })).toBeUndefined();
	});

	it('knows every built-in template and language of whatsapp-templates.json', () => {
		const shapes = builtInTemplateShapes();
		expect(shapes.get('dunning_negotiation_offer_firm_doc|pt_BR')).toEqual({ bodyParameters: 7, documentHeader: true, quickReplies: 3 });
		expect(shapes.get('dunning_settled_friendly|en_US')).toEqual({ bodyParameters: 4, documentHeader: false, quickReplies: 0 });
		expect(shapes.get('dunning_reply_payment_info_friendly|pt_BR')).toEqual({ bodyParameters: 5, documentHeader: false, quickReplies: 0 });
		expect(shapes.get('dunning_reply_wrong_person_formal|es_MX')).toEqual({ bodyParameters: 1, documentHeader: false, quickReplies: 0 });
		// Every stage × tone × language once, plus the `_doc` twin of the 13 stages with buttons: (24 + 13) × 3 × 4.
		expect(shapes.size).toBe(444);
	});

	it('SMS ignores all of it', () => {
		const result = messageContent({ channel: 'sms', to: TO, text: 'Oi', template: message().template }, 1000);
		expect(result).toEqual({ kind: 'text', text: 'Oi' });
	});
});
