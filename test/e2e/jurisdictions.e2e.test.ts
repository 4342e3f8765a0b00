/**
 * Jurisdictions inside the real n8n: Dunning Stage counting business days on each debtor's bank
 * calendar (a due date on Carnival Monday rolls over to Ash Wednesday in Brazil, not in Mexico; a
 * São Paulo state holiday counts in São Paulo only), and the Send node's contact hours by debtor
 * jurisdiction on a state holiday: the state whose holiday it is is skipped, naming the holiday,
 * and its neighbours are not. The Send node runs as a dry run "as of" the holiday (Dry Run As Of),
 * so that the result does not depend on the day the suite runs.
 */
import { type FakeGateway, start } from '../fake-gateway';
import { credentialRef, fakeGatewayCredentials } from './fake-credentials';
import { N8nHome, chainWorkflow, nodeType } from './harness';
import { openSharedHome } from './shared-home';

jest.setTimeout(300_000);

let home: N8nHome;
let gateway: FakeGateway;

beforeAll(async () => {
	gateway = await start({ webhooks: { mode: 'off' } });
	home = await openSharedHome();
	home.importCredentials(fakeGatewayCredentials(gateway.url));
});

afterAll(async () => {
	await gateway.close();
});

type Json = Record<string, unknown>;

describe('Dunning Stage: business days on each debtor’s bank calendar', () => {
	it('a due date on Carnival Monday rolls over to Ash Wednesday in Brazil; 9 July counts in São Paulo only', async () => {
		const rows = [
			{ invoiceId: 'CARN-SP', dueDate: '2026-02-16', country: 'BR', state: 'SP', status: 'open' },
			{ invoiceId: 'CARN-MX', dueDate: '2026-02-16', country: 'MX', status: 'open' },
			{ invoiceId: 'JUL-SP', dueDate: '2026-07-09', country: 'BR', state: 'BR-SP', status: 'open' },
			{ invoiceId: 'JUL-RJ', dueDate: '2026-07-09', country: 'BR', state: 'RJ', status: 'open' },
		];
		const id = 'e2eJurisdictionDays';
		const wf = chainWorkflow(id, rows, [
			{ name: 'Carnival', type: nodeType('dunningStage'), typeVersion: 1, parameters: { dayCount: 'business', options: { referenceDate: '2026-02-19' } } },
		]);
		home.importWorkflows([wf]);
		const run = await home.execute(id);
		expect(run.error).toBeUndefined();
		const out = run.nodes.Carnival.outputs[0].map((i) => [i.json.invoiceId, (i.json.dunning as Json).daysOverdue, (i.json.dunning as Json).jurisdiction]);
		expect(out.slice(0, 2)).toEqual([
			['CARN-SP', 1, 'BR-SP'],
			['CARN-MX', 3, 'MX'],
		]);
		const reason = String((run.nodes.Carnival.outputs[0][0].json.dunning as Json).reason);
		expect(reason).toContain('moved to the next business day 2026-02-18');
		expect(reason).toMatch(/Carnaval/);

		const july = 'e2eJurisdictionJuly';
		home.importWorkflows([
			chainWorkflow(july, rows.slice(2), [{ name: 'July', type: nodeType('dunningStage'), typeVersion: 1, parameters: { dayCount: 'business', options: { referenceDate: '2026-07-13' } } }]),
		]);
		const julyRun = await home.execute(july);
		expect(julyRun.nodes.July.outputs[0].map((i) => [i.json.invoiceId, (i.json.dunning as Json).daysOverdue])).toEqual([
			['JUL-SP', 1],
			['JUL-RJ', 2],
		]);
	});
});

describe('Send: contact hours by debtor jurisdiction on a state holiday', () => {
	// One debtor per state, each with a mobile of that state's area code.
	const debtors = [
		{ state: 'SP', phone: '(11) 98765-4321' },
		{ state: 'RJ', phone: '(21) 98765-4321' },
		{ state: 'BA', phone: '(71) 98765-4321' },
		{ state: 'MG', phone: '(31) 98765-4321' },
	];
	const rows = debtors.map((d) => ({
		invoiceId: `HOL-${d.state}`,
		customerId: `C-${d.state}`,
		phone: d.phone,
		country: 'BR',
		state: d.state,
		dunning: { stage: 'overdue_6d' },
		message: { channel: 'sms', text: 'Sua fatura venceu.' },
	}));

	it.each([
		// 11:00 in Brazil on each state's own holiday (checked against the state calendars, 2026).
		['2026-07-09T14:00:00Z', 'SP', /Revolução Constitucionalista/],
		['2026-07-02T14:00:00Z', 'BA', /Independência da Bahia/],
		['2026-04-23T14:00:00Z', 'RJ', /São Jorge/],
	])('at %s only %s is held, naming its holiday; the other states would be sent', async (when, holidayState, holiday) => {
		const id = `e2eHoliday${holidayState}`;
		home.importWorkflows([
			chainWorkflow(id, rows, [
				{
					name: 'Send',
					type: nodeType('sendViaGateway'),
					typeVersion: 1,
					parameters: { provider: 'twilio', contactHours: 'by_country', options: { dryRun: true, dryRunAt: when } },
					credentials: credentialRef('twilio'),
				},
			]),
		]);
		gateway.reset();
		const run = await home.execute(id);
		expect(run.error).toBeUndefined();
		const skipped = run.nodes.Send.outputs[2].map((i) => ({ id: String(i.json.invoiceId), delivery: i.json.delivery as Json }));
		const held = skipped.filter((s) => s.delivery.reason === 'quiet_hours');
		expect(held.map((s) => s.id)).toEqual([`HOL-${holidayState}`]);
		expect(String(held[0].delivery.message)).toMatch(holiday);
		expect(String(held[0].delivery.message)).toContain('A holiday where the debtor lives');
		expect(Date.parse(String(held[0].delivery.nextAllowedAt))).toBeGreaterThan(Date.parse(when));
		// The others reached the point of sending: a dry run shows the request it would make.
		expect(skipped.filter((s) => s.delivery.reason === 'dry_run').map((s) => s.id).sort()).toEqual(
			debtors.map((d) => `HOL-${d.state}`).filter((x) => x !== `HOL-${holidayState}`).sort(),
		);
		// A dry run sends nothing.
		expect(gateway.requests({ provider: 'twilio' })).toEqual([]);
	});
});
