/**
 * Render Collection Message inside a real n8n 2.41.1: sample rows in Portuguese, Mexican Spanish
 * and US English → Dunning Stage (reference date fixed) → Render Collection Message with its
 * defaults (only the creditor filled in); the same with Segment Debtor in between; and the
 * WhatsApp and e-mail channels.
 */
import { N8nHome, type RunResult, type WorkflowNode, chainWorkflow, nodeType } from './harness';
import { openSharedHome } from './shared-home';

jest.setTimeout(240_000);

const REFERENCE_DATE = '2026-11-23';
const CREDITOR = { creditorName: 'Provedor Net Ltda', creditorTaxId: '12.345.678/0001-95' };

type Row = Record<string, unknown>;
type Message = {
	channel: string | null;
	locale: string;
	stage: string | null;
	tone?: string;
	templateKey: string | null;
	text: string;
	encoding?: string;
	segments?: number;
	characters?: number;
	original?: { encoding: string; segments: number };
	template?: { name: string; language: string; parameters: string[] };
	subject?: string;
	html?: string;
	skipped?: boolean;
	reason?: string;
};
type Item = { json: Row & { message?: Message; error?: string; dunning?: { stage: string | null; reason: string }; segment?: { tone: string; channels: string[] } }; pairedItem?: unknown };

const contact = (i: number) => ({ phone: `+55 11 9${String(87654321 + i)}`, email: `cliente${i}@example.com`, whatsappOptIn: true, optedOut: false });

/** invoiceId → [due date, expected stage] on 2026-11-23. */
const ROWS: Row[] = [
	{ invoiceId: 'BR-1', customerName: 'Maria da Silva', locale: 'pt-BR', dueDate: '2026-11-30', amount: 129.9, currency: 'BRL' },
	{ invoiceId: 'BR-2', customerName: 'JOÃO PEREIRA', locale: 'pt-BR', dueDate: '20/11/2026', amount: '1.234,56', currency: 'BRL' },
	{ invoiceId: 'BR-3', customerName: 'Ana Beatriz Costa', locale: 'pt-BR', dueDate: '2026-08-25', amount: 'R$ 89,90', currency: 'BRL' },
	{ invoiceId: 'BR-4', customerName: 'Carlos Santos', locale: 'pt-BR', dueDate: '2026-11-22', amount: 50, currency: 'BRL' },
	{ invoiceId: 'BR-5', customerName: 'Paula Lima', locale: 'pt-BR', dueDate: '2026-11-10', amount: 75.5, currency: 'BRL', status: 'paid' },
	{ invoiceId: 'MX-1', customerName: 'José Hernández', locale: 'es-MX', dueDate: '2026-11-24', amount: 1499.5, currency: 'MXN' },
	{ invoiceId: 'MX-2', customerName: 'Lucía Ramírez', locale: 'es-MX', dueDate: '2026-11-14', amount: 820, currency: 'MXN' },
	{ invoiceId: 'MX-3', customerName: 'Pedro Gómez', locale: 'es-MX', dueDate: '2026-10-24', amount: 3200, currency: 'MXN' },
	{ invoiceId: 'US-1', customerName: 'John Smith', locale: 'en-US', country: 'US', dueDate: '2026-11-23', amount: 89.9, currency: 'USD' },
	{ invoiceId: 'US-2', customerName: 'Mary Johnson', locale: 'en-US', country: 'US', dueDate: '2026-11-17', amount: 240, currency: 'USD' },
	{ invoiceId: 'US-3', customerName: 'Robert Brown', locale: 'en-US', country: 'US', dueDate: '2026-11-08', amount: 1200, currency: 'USD' },
	{ invoiceId: 'BR-6', customerName: 'Rita Souza', locale: 'pt-BR', dueDate: '2026-11-20', amount: 'doze reais', currency: 'BRL' },
].map((row, i) => ({ ...row, ...contact(i), paymentLink: `https://pay.example.com/i/${String(row.invoiceId).toLowerCase()}` }));

const EXPECTED_STAGE: Record<string, string | null> = {
	'BR-1': 'reminder_7d',
	'BR-2': 'overdue_3d',
	'BR-3': 'legal_90d',
	'BR-4': null,
	'BR-5': 'settled',
	'MX-1': 'reminder_1d',
	'MX-2': 'overdue_9d',
	'MX-3': 'negotiation_30d',
	'US-1': 'due_today',
	'US-2': 'overdue_6d',
	'US-3': 'overdue_15d',
};
const LIBRARY_LOCALE: Record<string, string> = { 'pt-BR': 'pt-BR', 'es-MX': 'es-419', 'en-US': 'en-US' };
const MONEY: Record<string, string> = {
	'BR-1': 'R$ 129,90',
	'BR-2': 'R$ 1.234,56',
	'BR-3': 'R$ 89,90',
	'BR-5': 'R$ 75,50',
	'MX-1': '$1,499.50',
	'MX-2': '$820.00',
	'MX-3': '$3,200.00',
	'US-1': '$89.90',
	'US-2': '$240.00',
	'US-3': '$1,200.00',
};

const dunningNode: WorkflowNode = {
	name: 'Dunning Stage',
	type: nodeType('dunningStage'),
	typeVersion: 1,
	parameters: { options: { referenceDate: REFERENCE_DATE } },
};
const renderNode = (parameters: Record<string, unknown> = {}): WorkflowNode => ({
	name: 'Render Collection Message',
	type: nodeType('renderCollectionMessage'),
	typeVersion: 1,
	parameters: { ...CREDITOR, ...parameters },
	onError: 'continueRegularOutput',
});

let home: N8nHome;
beforeAll(async () => {
	home = await openSharedHome();
});

async function run(id: string, chain: WorkflowNode[]): Promise<Item[]> {
	home.importWorkflows([chainWorkflow(id, ROWS, chain)]);
	const result: RunResult = await home.execute(id);
	expect(result.error).toBeUndefined();
	expect(result.exitCode).toBe(0);
	const render = result.nodes['Render Collection Message'];
	expect(render.status).toBe('success');
	return render.outputs[0] as Item[];
}

const byId = (items: Item[]) => new Map(items.map((i) => [i.json.invoiceId as string, i]));

describe('Rows → Dunning Stage → Render Collection Message, defaults, in pt-BR, es-MX and en-US', () => {
	let items: Map<string, Item>;
	beforeAll(async () => {
		items = byId(await run('renderDefaults01', [dunningNode, renderNode()]));
	});

	it('keeps every row, in order, paired with its input', () => {
		expect([...items.keys()]).toEqual(ROWS.map((r) => r.invoiceId));
		[...items.values()].forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
	});

	it.each(Object.entries(EXPECTED_STAGE).filter(([, stage]) => stage !== null))('%s: a %s SMS from the built-in library', (id, stage) => {
		const item = items.get(id)!;
		const row = ROWS.find((r) => r.invoiceId === id)!;
		const message = item.json.message!;
		expect(item.json.dunning?.stage).toBe(stage);
		expect(message.channel).toBe('sms');
		expect(message.locale).toBe(row.locale);
		expect(message.templateKey).toBe(`${stage}.sms.${LIBRARY_LOCALE[row.locale as string]}.${message.tone}`);
		expect(message.text).toContain(MONEY[id]);
		expect(message.text.startsWith('Provedor Net Ltda: ')).toBe(true);
		expect(message.text).toContain('CNPJ 12.345.678/0001-95');
		if (stage !== 'settled') expect(message.text).toContain(row.paymentLink);
		expect(message.encoding).toBe('GSM-7');
		expect(message.segments).toBeGreaterThanOrEqual(1);
		expect(message.segments).toBeLessThanOrEqual(2);
		expect(message.text).not.toMatch(/\{\{|\}\}|undefined/);
		if (row.locale === 'en-US') expect(message.text).toMatch(/Reply STOP to opt out\.$/);
		else expect(message.text).not.toContain('SAIR');
	});

	it('writes each language as its speakers do', () => {
		expect(items.get('BR-2')!.json.message!.text).toBe(
			'Provedor Net Ltda: Ola, Joao! Nao identificamos o pagamento da fatura de R$ 1.234,56, vencida em 20/11/2026. Pode ter sido so um esquecimento. Pagamento: https://pay.example.com/i/br-2 Ja pagou? Envie o comprovante respondendo esta mensagem. CNPJ 12.345.678/0001-95.',
		);
		expect(items.get('BR-2')!.json.message!.original).toMatchObject({ encoding: 'UCS-2' });
		expect(items.get('BR-3')!.json.message).toMatchObject({ tone: 'formal' });
		expect(items.get('BR-3')!.json.message!.text).toContain('Prezado(a) Ana Beatriz Costa');
		expect(items.get('MX-1')!.json.message!.text).toContain('¡Hola, José! Tu factura de $1,499.50 vence mañana (24/11).');
		expect(items.get('MX-2')!.json.message!.text).toContain('a partir del 29/11/2026');
		expect(items.get('US-1')!.json.message!.text).toContain('Hi John, your $89.90 bill is due today.');
		expect(items.get('US-3')!.json.message!.text).toContain('has been open since 11/8/2026 (15 days)');
	});

	it('skips a row with no stage, saying why, and keeps a failed row with its error', () => {
		expect(items.get('BR-4')!.json.message).toMatchObject({ skipped: true, channel: null, stage: null });
		expect(items.get('BR-4')!.json.message!.reason).toBe(items.get('BR-4')!.json.dunning!.reason);
		const failed = items.get('BR-6')!.json;
		expect(failed.message).toBeUndefined();
		expect(failed.error).toBe('Item 12 (invoice BR-6): Field \'amount\' has the value "doze reais": "doze reais" is not an amount');
	});
});

describe('the same rows through Segment Debtor: channel and tone from the segment', () => {
	let items: Item[];
	beforeAll(async () => {
		const segmentNode: WorkflowNode = {
			name: 'Segment Debtor',
			type: nodeType('segmentDebtor'),
			typeVersion: 1,
			parameters: {},
			onError: 'continueRegularOutput',
		};
		items = await run('renderSegment01', [dunningNode, segmentNode, renderNode()]);
	});

	it('writes each message on the first channel of its segment, in its tone', () => {
		let rendered = 0;
		for (const item of items) {
			const { message, segment, dunning } = item.json;
			if (!message || !dunning?.stage) continue;
			expect(segment).toBeDefined();
			if (segment!.channels.length === 0) {
				expect(message.skipped).toBe(true);
				continue;
			}
			rendered++;
			expect(message.channel).toBe(segment!.channels[0]);
			expect(message.tone).toBe(segment!.tone);
			expect(message.templateKey).toBe(`${dunning.stage}.${message.channel}.${LIBRARY_LOCALE[item.json.locale as string]}.${segment!.tone}`);
			if (message.channel === 'whatsapp') expect(message.template?.name).toBe(`dunning_${dunning.stage}_${segment!.tone}`);
		}
		expect(rendered).toBeGreaterThanOrEqual(8);
	});
});

describe('WhatsApp and e-mail', () => {
	it('gives the approved template, its language and parameters, and the preview', async () => {
		const items = byId(await run('renderWhatsApp01', [dunningNode, renderNode({ channel: 'whatsapp' })]));
		const br = items.get('BR-2')!.json.message!;
		expect(br.template).toEqual({
			name: 'dunning_overdue_3d_friendly',
			language: 'pt_BR',
			category: 'UTILITY',
			parameters: ['João', 'R$ 1.234,56', '20 de novembro de 2026', 'Pague pelo link: https://pay.example.com/i/br-2', 'Provedor Net Ltda, CNPJ 12.345.678/0001-95'],
			// The quick replies of the approved template; the Send node puts the message key in their payloads.
			buttons: [
				{ type: 'quick_reply', text: 'Já paguei', intent: 'already_paid' },
				{ type: 'quick_reply', text: 'Quero negociar', intent: 'negotiate' },
				{ type: 'quick_reply', text: 'Parar de receber', intent: 'opt_out' },
			],
		});
		expect(br.text.startsWith('Olá, João!\n\nAinda não identificamos o pagamento da sua fatura de R$ 1.234,56')).toBe(true);
		expect(items.get('MX-2')!.json.message!.template).toMatchObject({ name: 'dunning_overdue_9d_firm', language: 'es_MX' });
		expect(items.get('US-1')!.json.message!.template).toMatchObject({ name: 'dunning_due_today_friendly', language: 'en_US' });
	});

	it('gives a subject, an HTML part with escaped values and a text part', async () => {
		const items = byId(await run('renderEmail01', [dunningNode, renderNode({ channel: 'email', supportContact: 'financeiro@provedor.example' })]));
		const message = items.get('US-2')!.json.message!;
		expect(message.subject).toBe('Your $240.00 bill is past due: avoid a service interruption');
		expect(message.html).toContain('<a href="https://pay.example.com/i/us-2"');
		expect(message.text).toContain('Questions: financeiro@provedor.example');
		expect(message.text).toMatch(/To stop receiving these e-mail reminders, reply with the word STOP\.$/);
	});
});
