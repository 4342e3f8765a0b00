/**
 * The Send node with Render Collection Message's WhatsApp document header and quick-reply buttons:
 * they reach the provider's request with payloads carrying the message key, and a message that
 * does not match its approved built-in template is refused before any request.
 */
import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { mockContext } from './mock-context';

const node = new SendViaGateway();
const META = { dunningWhatsAppCloudApi: { baseUrl: 'https://graph.facebook.test', apiVersion: 'v23.0', phoneNumberId: '106540352242922', accessToken: 'fake-token' } };
const accepted = () => ({ statusCode: 200, headers: {}, body: { messages: [{ id: 'wamid.HBgM', message_status: 'accepted' }] } });

const PARAMETERS = ['Larissa', '15 de outubro de 2026', '46 dias', 'valor original R$ 1.000,00 …', '3× de R$ 345,11 …', 'Pague pelo link: …', 'Provedor Net Ltda'];

function item(template: Record<string, unknown>) {
	return {
		invoiceId: 'INV-1017',
		phone: '+55 48 99123-4567',
		country: 'BR',
		dunning: { stage: 'negotiation_30d' },
		message: {
			channel: 'whatsapp',
			text: 'preview',
			template: {
				name: 'dunning_negotiation_offer_firm_doc',
				language: 'pt_BR',
				parameters: PARAMETERS,
				header: { type: 'document', link: 'https://pay.example.com/b/inv-1017.pdf', filename: 'boleto-INV-1017.pdf' },
				buttons: [
					{ type: 'quick_reply', text: 'Já paguei', intent: 'already_paid' },
					{ type: 'quick_reply', text: 'Quero negociar', intent: 'negotiate' },
					{ type: 'quick_reply', text: 'Parar de receber', intent: 'opt_out' },
				],
				...template,
			},
		},
	};
}

async function run(items: object[]) {
	const mock = mockContext({
		items: items as never,
		params: { provider: 'meta', contactHours: 'off', 'policy.retryDelaySeconds': 0.01, 'policy.messagesPerSecond': 0 },
		credentials: META,
		http: accepted as never,
		nodeCredentials: { dunningWhatsAppCloudApi: { id: '1', name: 'Meta' } },
	});
	const outputs = await node.execute.call(mock.ctx);
	return { outputs, requests: mock.requests };
}

describe('Send via SMS/WhatsApp Gateway: WhatsApp document header and buttons', () => {
	it('sends the header and one quick_reply button per button, each payload naming its intent and the message key', async () => {
		const { outputs, requests } = await run([item({})]);
		expect(outputs[0]).toHaveLength(1);
		const key = 'INV-1017:negotiation_30d:whatsapp';
		const body = requests[0].options.body as { template: { components: unknown[] } };
		expect(body.template.components).toEqual([
			{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://pay.example.com/b/inv-1017.pdf', filename: 'boleto-INV-1017.pdf' } }] },
			{ type: 'body', parameters: PARAMETERS.map((text) => ({ type: 'text', text })) },
			{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `DUN1|already_paid|${key}` }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: `DUN1|negotiate|${key}` }] },
			{ type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: `DUN1|opt_out|${key}` }] },
		]);
	});

	it('refuses a message whose parameters do not match the approved template, before any request (template_error)', async () => {
		const { outputs, requests } = await run([item({ parameters: PARAMETERS.slice(1) }), item({ header: { type: 'document', link: 'http://x.example/b.pdf' } })]);
		expect(requests).toHaveLength(0);
		const [first, second] = outputs[1].map((o) => o.json.delivery as Record<string, string>);
		expect(first).toMatchObject({ status: 'failed', reason: 'template_error' });
		expect(first.message).toContain('it was approved with 7 body parameters, a document header and 3 quick-reply buttons; this message has 6 parameters');
		expect(first.hint).toContain('#132000');
		expect(second.message).toContain('is not an https address');
	});
});
