import type { IDataObject } from 'n8n-workflow';

import { SendViaGateway } from '../../nodes/SendViaGateway/SendViaGateway.node';
import { mockContext } from './mock-context';
import { TWILIO } from './twilio-credentials';

const node = new SendViaGateway();
let sid = 0;
const ok = () => ({ statusCode: 201, headers: {}, body: { sid: `SM${String(++sid).padStart(32, '0')}`, status: 'queued' } });

function item(invoiceId: string, phone: string, extra: IDataObject = {}, message: IDataObject = { channel: 'sms', text: 'Olá' }) {
	return { invoiceId, customerId: `C-${invoiceId}`, phone, country: 'BR', dunning: { stage: 'overdue_3d' }, message, ...extra };
}

type Http = (type: string, options: IDataObject) => unknown;

async function send(items: object[], http: Http, params: IDataObject = {}, staticData: IDataObject = {}) {
	const mock = mockContext({
		items: items as never,
		params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0, 'policy.retryDelaySeconds': 0.01, ...params },
		credentials: TWILIO,
		http,
		staticData,
	});
	const [sent, failed, skipped] = await node.execute.call(mock.ctx);
	const d = (list: typeof sent) => list.map((i): IDataObject => ({ id: i.json.invoiceId, ...(i.json.delivery as IDataObject) }));
	return { sent: d(sent), failed: d(failed), skipped: d(skipped), requests: mock.requests, staticData };
}

describe('send policy in the Send node', () => {
	it('never sends a key twice: within a run, and in a later run of the same workflow', async () => {
		const staticData: IDataObject = {};
		const first = await send([item('A', '11987654321'), item('A', '11987654321'), item('B', '11987654322')], () => ok(), {}, staticData);
		expect(first.sent.map((d) => d.id)).toEqual(['A', 'B']);
		expect(first.skipped).toEqual([expect.objectContaining({ id: 'A', status: 'skipped', reason: 'duplicate', ledger: 'this_run' })]);
		expect(first.requests).toHaveLength(2);
		const second = await send([item('A', '11987654321'), item('B', '11987654322'), item('C', '11987654323')], () => ok(), {}, staticData);
		expect(second.sent.map((d) => d.id)).toEqual(['C']);
		expect(second.skipped.map((d) => [d.id, d.reason, d.ledger])).toEqual([
			['A', 'duplicate', 'static_data'],
			['B', 'duplicate', 'static_data'],
		]);
		expect(String(second.skipped[0].message)).toContain('Already sent at');
		expect(second.requests).toHaveLength(1);
	});

	it('forgets a key that was surely not sent, so that a later run can send it', async () => {
		const staticData: IDataObject = {};
		const refused = await send([item('A', '11987654321')], () => ({ statusCode: 400, headers: {}, body: { code: 21610, message: 'unsubscribed' } }), {}, staticData);
		expect(refused.failed[0]).toMatchObject({ reason: 'opted_out' });
		const retry = await send([item('A', '11987654321')], () => ok(), {}, staticData);
		expect(retry.sent).toHaveLength(1);
	});

	it('keeps an unknown outcome reserved: the next run does not send it again', async () => {
		const staticData: IDataObject = {};
		const first = await send([item('A', '11987654321')], () => ({ statusCode: 500, headers: {}, body: { code: 20500, message: 'error' } }), {}, staticData);
		expect(first.failed[0]).toMatchObject({ status: 'unknown', attempts: 1 });
		const second = await send([item('A', '11987654321')], () => ok(), {}, staticData);
		expect(second.skipped[0]).toMatchObject({ reason: 'duplicate' });
		expect(String(second.skipped[0].message)).toContain('its outcome was unknown');
		expect(second.requests).toHaveLength(0);
	});

	it('retries a 429 after Retry-After without counting it as an attempt against the limit', async () => {
		let n = 0;
		const started = Date.now();
		const result = await send([item('A', '11987654321')], () => {
			n++;
			if (n === 1) return { statusCode: 429, headers: { 'retry-after': '1' }, body: { code: 20429, message: 'Too Many Requests' } };
			return ok();
		}, { 'policy.maxAttempts': 1 });
		expect(result.sent[0]).toMatchObject({ status: 'sent', attempts: 2 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('gives each sent message the instant its own request was accepted (sentAt), not the end of the run', async () => {
		const acceptedAt: number[] = [];
		const result = await send(
			[item('A', '11987654321'), item('B', '11987654322'), item('C', '11987654323'), item('D', '11987654324'), item('E', '11987654325')],
			() => {
				acceptedAt.push(Date.now());
				return ok();
			},
			{ 'policy.messagesPerSecond': 10, 'policy.burst': 1, 'policy.maxConcurrentRequests': 1 },
		);
		const sentAt = result.sent.map((d) => Date.parse(String(d.sentAt)));
		expect(sentAt).toHaveLength(5);
		// 10 per second: the five requests spread over about 400 ms, and so do their sentAt values.
		expect(sentAt[4] - sentAt[0]).toBeGreaterThanOrEqual(300);
		sentAt.forEach((at, i) => {
			expect(at).toBeGreaterThanOrEqual(acceptedAt[i]);
			expect(at - acceptedAt[i]).toBeLessThan(50);
		});
		expect([...sentAt].sort((a, b) => a - b)).toEqual(sentAt);
	});

	it('retries passing failures with a bounded number of attempts', async () => {
		const result = await send([item('A', '11987654321')], () => ({ statusCode: 503, headers: {}, body: { code: 20503, message: 'unavailable' } }), {
			'policy.maxAttempts': 3,
		});
		expect(result.failed[0]).toMatchObject({ status: 'failed', attempts: 3, retryable: true });
		expect(result.requests).toHaveLength(3);
	});

	it('skips debtors who opted out, per channel', async () => {
		const result = await send(
			[item('ALL', '11987654321', { optedOut: 'sim' }), item('SMS', '11987654322', { optedOut: 'sms' }), item('WA', '11987654323', { optedOut: ['whatsapp'] })],
			() => ok(),
		);
		expect(result.skipped.map((d) => [d.id, d.reason])).toEqual([
			['ALL', 'opted_out'],
			['SMS', 'opted_out'],
		]);
		expect(result.sent.map((d) => d.id)).toEqual(['WA']);
	});

	it('skips outside contact hours in the debtor zone, with nextAllowedAt', async () => {
		jest.useFakeTimers({ now: new Date('2026-11-22T15:00:00Z'), doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'setInterval', 'clearInterval'] });
		try {
			// Sunday noon in São Paulo (no contact in Brazil), Sunday 9:00 in Mexico City (allowed).
			const result = await send(
				[item('BR', '11987654321'), item('MX', '+52 55 1234 5678', { country: 'MX' })],
				() => ok(),
				{ contactHours: 'by_country' },
			);
			expect(result.skipped).toEqual([
				expect.objectContaining({ id: 'BR', reason: 'quiet_hours', nextAllowedAt: '2026-11-23T11:00:00.000Z' }),
			]);
			expect(result.sent.map((d) => d.id)).toEqual(['MX']);
		} finally {
			jest.useRealTimers();
		}
	});

	describe('contact hours by debtor jurisdiction', () => {
		async function at(when: string, run: () => Promise<Awaited<ReturnType<typeof send>>>) {
			jest.useFakeTimers({ now: new Date(when), doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'setInterval', 'clearInterval'] });
			try {
				return await run();
			} finally {
				jest.useRealTimers();
			}
		}

		it('a state holiday stops contact in that state only (9 July 2026: São Paulo, not Rio), named, with the next opening', async () => {
			// Thursday 9 July 2026, 11:00 in Brazil.
			const result = await at('2026-07-09T14:00:00Z', () =>
				send([item('SP', '11987654321', { state: 'SP' }), item('RJ', '21987654321', { state: 'BR-RJ' })], () => ok(), { contactHours: 'by_country' }),
			);
			expect(result.sent.map((d) => d.id)).toEqual(['RJ']);
			expect(result.skipped).toEqual([
				expect.objectContaining({ id: 'SP', reason: 'quiet_hours', nextAllowedAt: '2026-07-10T11:00:00.000Z' }),
			]);
			expect(String(result.skipped[0].message)).toMatch(/^A holiday where the debtor lives \(Revolução Constitucionalista.*\): no contact in the debtor's time zone America\/Sao_Paulo \(São Paulo: /);
		});

		it('a state’s own time zone (California) and the user’s hours for one jurisdiction', async () => {
			// 19:00 in New York is 16:00 in Los Angeles; Mexico set to 10:00-12:00 by the user.
			const result = await at('2026-11-24T00:00:00Z', () =>
				send(
					[item('NY', '+1 212 555 0100', { country: 'US', state: 'NY' }), item('CA', '+1 415 555 0100', { country: 'US', state: 'US-CA' }), item('MX', '+52 55 1234 5678', { country: 'MX' })],
					() => ok(),
					{ contactHours: 'by_country', 'jurisdictionHours.rule': [{ jurisdiction: 'mx', days: 'mon, tue, wed, thu, fri, sat, sun', start: '10:00', end: '12:00', noContactOnHolidays: true }] },
				),
			);
			// Monday 23 Nov, 19:00 in New York and 16:00 in Los Angeles: inside 8-21; 18:00 in Mexico City: outside 10-12.
			expect(result.sent.map((d) => d.id).sort()).toEqual(['CA', 'NY']);
			expect(result.skipped).toEqual([expect.objectContaining({ id: 'MX', reason: 'quiet_hours', nextAllowedAt: '2026-11-24T16:00:00.000Z' })]);
			expect(String(result.skipped[0].message)).toContain('contact hours of MX');
		});

		it('an unknown state fails the item naming the State Field; a bad override row is a setting error', async () => {
			const result = await at('2026-11-24T14:00:00Z', () => send([item('XX', '11987654321', { state: 'ZZ' })], () => ok(), { contactHours: 'by_country' }));
			expect(result.failed).toEqual([expect.objectContaining({ id: 'XX', reason: 'invalid_request', message: expect.stringContaining("Field 'state'") })]);
			await expect(
				send([item('A', '11987654321')], () => ok(), { contactHours: 'by_country', 'jurisdictionHours.rule': [{ jurisdiction: 'BR-XX', days: 'mon', start: '08:00', end: '20:00' }] }),
			).rejects.toThrow(/Contact Hours per Jurisdiction, row 1: "BR-XX"/);
		});
	});

	it('never contacts a number on the Do-Not-Contact List, whatever its format', async () => {
		const result = await send([item('LISTED', '(11) 98765-4321'), item('FREE', '11987654322')], () => ok(), {
			doNotContact: '+55 11 98765-4321\n5511900001111, 11 97777-0000',
		});
		expect(result.sent.map((d) => d.id)).toEqual(['FREE']);
		expect(result.skipped).toEqual([expect.objectContaining({ id: 'LISTED', reason: 'do_not_contact', message: 'The number +5511987654321 is on the Do-Not-Contact List: not sent.' })]);
		expect(result.requests).toHaveLength(1);
		await expect(send([item('A', '11987654321')], () => ok(), { doNotContact: 'call me maybe' })).rejects.toThrow(/Do-Not-Contact List: "call me maybe"/);
	});

	it('skips a number the row lists as a wrong number (Classify Reply wrote it back), in any format; other rows go out', async () => {
		const result = await send(
			[
				item('WRONG', '(11) 98765-4321', { wrongNumber: '+5511987654321' }),
				item('OLD', '(11) 98765-4322', { wrongNumber: '+55 11 90000-1111; 11 98765-4322' }),
				item('RIGHT', '(11) 98765-4323', { wrongNumber: '+5511987654321' }),
			],
			() => ok(),
		);
		expect(result.sent.map((d) => d.id)).toEqual(['RIGHT']);
		expect(result.skipped.map((d) => [d.id, d.reason])).toEqual([
			['WRONG', 'wrong_person'],
			['OLD', 'wrong_person'],
		]);
		expect(String(result.skipped[0].message)).toBe(`The number +5511987654321 is in the row's "wrongNumber": the person there said they are not the debtor. Not sent.`);
		expect(result.requests).toHaveLength(1);
		// A mapped field, holding a list.
		const mapped = await send([item('MAPPED', '(11) 98765-4324', { numerosErrados: ['+5511987654324'] })], () => ok(), { 'fieldNames.wrongNumber': 'numerosErrados' });
		expect(mapped.skipped.map((d) => [d.id, d.reason])).toEqual([['MAPPED', 'wrong_person']]);
		expect(mapped.requests).toHaveLength(0);
	});

	it('caps messages per debtor per day, across runs', async () => {
		const staticData: IDataObject = {};
		const debtor = { customerId: 'C-1' };
		const first = await send([item('A', '11987654321', debtor), item('B', '11987654321', debtor), item('C', '11987654321', debtor)], () => ok(), {
			'policy.maxPerDebtorPerDay': 2,
		}, staticData);
		expect(first.sent.map((d) => d.id)).toEqual(['A', 'B']);
		expect(first.skipped[0]).toMatchObject({ id: 'C', reason: 'frequency_cap' });
		const second = await send([item('D', '11987654321', debtor)], () => ok(), { 'policy.maxPerDebtorPerDay': 2 }, staticData);
		expect(second.skipped[0]).toMatchObject({ id: 'D', reason: 'frequency_cap' });
		expect(JSON.stringify(staticData)).not.toContain('C-1');
	});

	it('falls back from WhatsApp to SMS when the 24-hour window is closed', async () => {
		const whatsapp = { channel: 'whatsapp', text: 'Olá *Maria*, sua fatura venceu.' };
		const bodies: string[] = [];
		const result = await send([item('A', '11987654321', {}, whatsapp)], (_type, options) => {
			const body = String(options.body);
			bodies.push(body);
			if (body.includes('whatsapp%3A')) return { statusCode: 400, headers: {}, body: { code: 63016, message: 'Failed to send freeform message because you are outside the allowed window.' } };
			return ok();
		}, { fallbackToSms: true });
		expect(bodies).toHaveLength(2);
		expect(bodies[1]).toContain('To=%2B5511987654321');
		expect(decodeURIComponent(bodies[1].replace(/\+/g, ' '))).toContain('Body=Olá Maria, sua fatura venceu.');
		expect(result.sent[0]).toMatchObject({
			status: 'sent',
			channel: 'sms',
			idempotencyKey: 'A:overdue_3d:sms',
			fallback: { from: 'whatsapp', reason: 'window_closed', code: '63016', idempotencyKey: 'A:overdue_3d:whatsapp' },
		});
	});

	it('stops promptly when the execution is cancelled, reporting the rest as skipped', async () => {
		const controller = new AbortController();
		const mock = mockContext({
			items: [item('A', '11987654321'), item('B', '11987654322'), item('C', '11987654323')] as never,
			params: { provider: 'twilio', contactHours: 'off', 'policy.messagesPerSecond': 0, 'policy.maxConcurrentRequests': 1 },
			credentials: TWILIO,
			http: () => {
				controller.abort();
				return ok();
			},
			signal: controller.signal,
		});
		const [sent, , skipped] = await node.execute.call(mock.ctx);
		expect(sent).toHaveLength(1);
		expect(skipped.map((i) => (i.json.delivery as IDataObject).reason)).toEqual(['cancelled', 'cancelled']);
		expect(mock.requests).toHaveLength(1);
	});

	it('rejects a bad policy setting once, naming it', async () => {
		await expect(send([item('A', '11987654321')], () => ok(), { 'policy.maxConcurrentRequests': 0 })).rejects.toThrow('Max Concurrent Requests');
		await expect(send([item('A', '11987654321')], () => ok(), { contactHours: 'custom', contactFrom: '25:00' })).rejects.toThrow('Contact From');
	});
});
