/**
 * Negotiation Offer → Render Collection Message → Send via SMS/WhatsApp Gateway in a real n8n
 * 2.41.1, against the fake gateway: the built-in WhatsApp negotiation template goes out with the
 * row's boleto PDF as a document header and the three quick-reply buttons, in each provider's
 * request shape (Meta components, Infobip templateData, Twilio content variables, Zenvia fields);
 * the fake Meta checks the header, the buttons and the body parameters against the approved
 * template; a row with a PDF link that is not https is refused by Negotiation Offer, never sent.
 */
import { parseButtonPayload } from '../../nodes/core/replies/buttons';
import { type FakeGateway, start } from '../fake-gateway';
import { N8nHome, chainWorkflow, nodeType } from './harness';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { openSharedHome } from './shared-home';

jest.setTimeout(240_000);

let home: N8nHome;
let gateway: FakeGateway;

const TEMPLATE = 'dunning_negotiation_offer_firm_doc';
const TWILIO_SID = 'HX0123456789abcdef0123456789abcdef';
const ZENVIA_ID = '6f2c6a57-2f2b-4c69-8f3b-1a2b3c4d5e6f';

beforeAll(async () => {
	gateway = await start();
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
});

afterAll(async () => {
	await gateway.close();
});

beforeEach(() => {
	gateway.reset();
	// Meta's side: the template as approved from whatsapp-templates.json (7 body parameters, a document header, 3 quick replies).
	gateway.configure({ meta: { templates: { [TEMPLATE]: { languages: ['pt_BR'], bodyParams: 7, header: 'document', quickReplies: 3, category: 'utility' } } } });
});

/** An invoice after Dunning Stage and Segment Debtor, with its boleto PDF: R$ 1.000,00 at 46 days. */
const invoice = (id: string, extra: Record<string, unknown> = {}) => ({
	invoiceId: id,
	customerName: 'Larissa Mendes',
	phone: '+55 48 99123-4567',
	country: 'BR',
	whatsappOptIn: true,
	locale: 'pt-BR',
	amount: '1.000,00',
	currency: 'BRL',
	dueDate: '2026-10-15',
	paymentLink: `https://pay.example.com/i/${id.toLowerCase()}`,
	boletoPdfUrl: `https://pay.example.com/b/${id.toLowerCase()}.pdf`,
	dunning: { stage: 'negotiation_30d', phase: 'negotiation', status: 'open', daysOverdue: 46, dueDate: '2026-10-15', referenceDate: '2026-11-30', timezone: 'America/Sao_Paulo', isNew: true },
	segment: { name: 'negotiation', offer: 'instalments', tone: 'firm', channels: ['whatsapp', 'sms'] },
	...extra,
});

async function runChain(id: string, provider: 'meta' | 'infobip' | 'twilio', rows: object[]) {
	const workflow = chainWorkflow(id, rows, [
		{
			name: 'Negotiation Offer',
			type: nodeType('negotiationOffer'),
			typeVersion: 1,
			parameters: { lateFee: 2, interestRate: 1, validityDays: 9, pixKey: 'cobranca@provedor.net.br', pixMerchantName: 'Provedor Net Ltda', pixMerchantCity: 'Sao Paulo' },
			onError: 'continueRegularOutput',
		},
		{
			name: 'Render',
			type: nodeType('renderCollectionMessage'),
			typeVersion: 1,
			parameters: { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95', channel: 'whatsapp', options: { shortName: 'Provedor Net' } },
			onError: 'continueRegularOutput',
		},
		{
			name: 'Send',
			type: nodeType('sendViaGateway'),
			typeVersion: 1,
			parameters: {
				provider,
				contactHours: 'off',
				options: provider === 'twilio' ? { templateIds: { template: [{ name: TEMPLATE, id: TWILIO_SID }] } } : {},
			},
			credentials: credentialRef(provider),
		},
	]);
	home.importWorkflows([workflow]);
	const run = await home.execute(id);
	expect(run.error).toBeUndefined();
	return run;
}

const KEY = 'INV-7001:negotiation_30d:whatsapp';
const PAYLOADS = ['already_paid', 'negotiate', 'opt_out'].map((intent) => `DUN1|${intent}|${KEY}`);
const LINK = 'https://pay.example.com/b/inv-7001.pdf';

describe('WhatsApp negotiation templates with a document header and buttons, in a real n8n', () => {
	it('Meta: header document, body and quick_reply buttons; the fake, holding the approved template, accepts it', async () => {
		const run = await runChain('e2eNegWaMeta', 'meta', [invoice('INV-7001')]);
		const sent = run.nodes.Send.outputs[0];
		expect(sent).toHaveLength(1);
		const [request] = gateway.requests({ provider: 'meta' });
		const body = JSON.parse(request.body);
		expect(body.template.name).toBe(TEMPLATE);
		const [header, main, ...buttons] = body.template.components;
		expect(header).toEqual({ type: 'header', parameters: [{ type: 'document', document: { link: LINK, filename: 'boleto-INV-7001.pdf' } }] });
		expect(main.type).toBe('body');
		expect(main.parameters).toHaveLength(7);
		expect(main.parameters.map((p: { text: string }) => p.text).join(' | ')).toContain('3× de R$ 345,11 (total R$ 1.035,33), 1ª em 07/12, ou R$ 931,80 à vista até 09/12');
		expect(buttons).toEqual(PAYLOADS.map((payload, index) => ({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] })));
		// A tap comes back as the payload: Classify Reply reads the intent and the message exactly.
		expect(buttons.map((b: { parameters: Array<{ payload: string }> }) => parseButtonPayload(b.parameters[0].payload))).toEqual(
			['already_paid', 'negotiate', 'opt_out'].map((intent) => ({ intent, key: KEY })),
		);
	});

	it('Meta: the same template without its buttons configured is refused by Meta (131009), and the node reports template_error', async () => {
		gateway.configure({ meta: { templates: { [TEMPLATE]: { languages: ['pt_BR'], bodyParams: 7, header: 'document', quickReplies: 0, category: 'utility' } } } });
		const run = await runChain('e2eNegWaMetaNoButtons', 'meta', [invoice('INV-7001')]);
		const [failed] = run.nodes.Send.outputs[1];
		expect(failed.json.delivery).toMatchObject({ status: 'failed', reason: 'template_error', code: '131009' });
	});

	it('Infobip: templateData.header (DOCUMENT) and templateData.buttons (QUICK_REPLY)', async () => {
		await runChain('e2eNegWaInfobip', 'infobip', [invoice('INV-7001')]);
		const [request] = gateway.requests({ provider: 'infobip' });
		expect(request.path).toBe('/whatsapp/1/message/template');
		const [message] = JSON.parse(request.body).messages;
		expect(message.content.templateName).toBe(TEMPLATE);
		expect(message.content.templateData.header).toEqual({ type: 'DOCUMENT', mediaUrl: LINK, filename: 'boleto-INV-7001.pdf' });
		expect(message.content.templateData.buttons).toEqual(PAYLOADS.map((parameter) => ({ type: 'QUICK_REPLY', parameter })));
		expect(message.content.templateData.body.placeholders).toHaveLength(7);
	});

	it('Twilio: the Content SID and content variables: body, then the document, then the payloads', async () => {
		await runChain('e2eNegWaTwilio', 'twilio', [invoice('INV-7001')]);
		const [request] = gateway.requests({ provider: 'twilio' });
		const form = new URLSearchParams(request.body);
		expect(form.get('ContentSid')).toBe(TWILIO_SID);
		const variables = JSON.parse(form.get('ContentVariables') as string);
		expect(Object.keys(variables)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
		expect([variables['8'], variables['9'], variables['10'], variables['11']]).toEqual([LINK, ...PAYLOADS]);
	});

	it('Zenvia: the document and the payloads as template fields', async () => {
		// Zenvia templates take named fields: the message as a Set node would name Render's parameters.
		const names = ['nome', 'vencimento', 'dias', 'debito', 'oferta', 'pagamento', 'credor'];
		const row = {
			invoiceId: 'INV-7001',
			phone: '+55 48 99123-4567',
			country: 'BR',
			dunning: { stage: 'negotiation_30d' },
			message: {
				channel: 'whatsapp',
				text: 'preview',
				template: {
					name: ZENVIA_ID,
					language: 'pt_BR',
					parameters: names.map((name, i) => ({ name, value: `valor ${i + 1}` })),
					header: { type: 'document', link: LINK, filename: 'boleto-INV-7001.pdf' },
					buttons: ['already_paid', 'negotiate', 'opt_out'].map((intent) => ({ type: 'quick_reply', intent })),
				},
			},
		};
		const workflow = chainWorkflow('e2eNegWaZenvia', [row], [
			{ name: 'Send', type: nodeType('sendViaGateway'), typeVersion: 1, parameters: { provider: 'zenvia', contactHours: 'off' }, credentials: credentialRef('zenvia') },
		]);
		home.importWorkflows([workflow]);
		const run = await home.execute('e2eNegWaZenvia');
		expect(run.nodes.Send.outputs[0]).toHaveLength(1);
		const [request] = gateway.requests({ provider: 'zenvia' });
		const [content] = JSON.parse(request.body).contents;
		expect(content).toMatchObject({ type: 'template', templateId: ZENVIA_ID });
		expect(content.fields).toMatchObject({
			nome: 'valor 1',
			documentUrl: LINK,
			documentFilename: 'boleto-INV-7001.pdf',
			buttonPayload1: PAYLOADS[0],
			buttonPayload2: PAYLOADS[1],
			buttonPayload3: PAYLOADS[2],
		});
	});

	it('a PDF link that is not https is an item error of Negotiation Offer: nothing reaches the gateway for it', async () => {
		const run = await runChain('e2eNegWaHttp', 'infobip', [invoice('INV-7002', { boletoPdfUrl: 'http://pay.example.com/b/inv-7002.pdf' }), invoice('INV-7001')]);
		const offers = run.nodes['Negotiation Offer'].outputs[0].map((i) => i.json as Record<string, unknown>);
		const bad = offers.find((o) => o.invoiceId === 'INV-7002') as Record<string, unknown>;
		expect(String(bad.error)).toContain(`Item 1 (invoice INV-7002): Field 'boletoPdfUrl' has the value "http://pay.example.com/b/inv-7002.pdf": is not an https address`);
		const sentTo = gateway.requests({ provider: 'infobip' }).map((r) => JSON.parse(r.body).messages[0].messageId);
		expect(sentTo).toEqual([KEY]);
		const skipped = run.nodes.Send.outputs[2].map((i) => i.json as { invoiceId: string; delivery: { reason: string } });
		expect(skipped.map((i) => [i.invoiceId, i.delivery.reason])).toEqual([['INV-7002', 'upstream_error']]);
	});
});
