/**
 * What the trigger does with the events of one request: keep what the user asked for, recognise
 * redeliveries, match each event to the message we sent, write statuses back into the record, and
 * build the contract's `event` object.
 */
import { type EventCategory, categoryOf, keyParts, matchEvent, processEvents } from '../../../nodes/core/events/events';
import { StaticDataEventRecord } from '../../../nodes/core/events/record';
import type { InboundEvent } from '../../../nodes/core/gateways/types';
import { phoneKey } from '../../../nodes/core/policy/frequencyCap';
import { StaticDataContactBlocks } from '../../../nodes/core/policy/contactBlocks';
import { StaticDataLedger } from '../../../nodes/core/policy/ledger';

const T0 = Date.UTC(2026, 11, 2, 15, 0, 0);
const DAY = 86_400_000;

function inbound(overrides: Partial<InboundEvent>): InboundEvent {
	return {
		kind: 'status',
		provider: 'twilio',
		channel: 'sms',
		messageId: null,
		inReplyTo: null,
		status: null,
		providerStatus: null,
		reason: null,
		code: null,
		errorMessage: null,
		phone: null,
		text: null,
		button: null,
		media: [],
		location: null,
		messageType: null,
		consent: null,
		at: null,
		correlationKey: null,
		dedupeId: `twilio:${Math.random()}`,
		...overrides,
	};
}

function recordWithSends() {
	const store: Record<string, unknown> = {};
	const ledger = new StaticDataLedger(store, { now: () => T0 });
	const send = (key: string, to: string, id: string, pr = 'twilio', ch = 'sms') => {
		ledger.reserve(key, 30 * DAY);
		const [inv, st] = key.split(':');
		ledger.confirm(key, { ref: '77', message: { pr, ch, to: phoneKey(to), id, inv, st } });
	};
	send('INV-1:overdue_6d:sms', '+5511987654321', 'SM1');
	send('INV-2:overdue_3d:whatsapp', '+5511976543210', 'wamid.2', 'meta', 'whatsapp');
	return { store, record: new StaticDataEventRecord(store, () => T0 + 60_000) };
}

const ALL: ReadonlySet<EventCategory> = new Set(['replies', 'optOuts', 'failures', 'delivered', 'sent']);

describe('keyParts', () => {
	it.each([
		['INV-1:overdue_6d:sms', { invoiceId: 'INV-1', stage: 'overdue_6d', channel: 'sms' }],
		['NF:2026:001:legal_90d:whatsapp', { invoiceId: 'NF:2026:001', stage: 'legal_90d', channel: 'whatsapp' }],
		['INV-1:overdue_6d:sms:sms', { invoiceId: 'INV-1:overdue_6d', stage: 'sms', channel: 'sms' }],
	])('reads %s from the right', (key, parts) => {
		expect(keyParts(key)).toEqual(parts);
	});

	it.each(['my-own-key', 'a:b', ':stage:sms', 'INV::sms', 'INV-1:overdue:fax'])('%s is not a key the Send node derived', (key) => {
		expect(keyParts(key)).toBeNull();
	});
});

describe('categoryOf', () => {
	it.each([
		[{ kind: 'reply' as const }, 'replies'],
		[{ kind: 'opt_out' as const }, 'optOuts'],
		[{ kind: 'opt_in' as const }, 'optOuts'],
		[{ status: 'failed' as const }, 'failures'],
		[{ status: 'undelivered' as const }, 'failures'],
		[{ status: 'delivered' as const }, 'delivered'],
		[{ status: 'read' as const }, 'delivered'],
		[{ status: 'sent' as const }, 'sent'],
		[{ status: 'queued' as const }, 'sent'],
	])('%p → %s', (overrides, category) => {
		expect(categoryOf(inbound(overrides))).toBe(category);
	});
});

describe('matchEvent', () => {
	it('a status by our key, else by the provider id, else by the key’s own shape', async () => {
		const { record } = recordWithSends();
		expect(await matchEvent(inbound({ status: 'delivered', correlationKey: 'INV-1:overdue_6d:sms' }), record)).toMatchObject({
			key: 'INV-1:overdue_6d:sms',
			invoiceId: 'INV-1',
			stage: 'overdue_6d',
			by: 'correlation',
			sentAt: new Date(T0).toISOString(),
		});
		expect(await matchEvent(inbound({ status: 'delivered', messageId: 'SM1' }), record)).toMatchObject({ key: 'INV-1:overdue_6d:sms', by: 'message_id' });
		// Another workflow's message (static data is per workflow): the key still says the invoice.
		expect(await matchEvent(inbound({ status: 'failed', correlationKey: 'INV-8:overdue_9d:whatsapp' }), record)).toMatchObject({
			key: 'INV-8:overdue_9d:whatsapp',
			invoiceId: 'INV-8',
			stage: 'overdue_9d',
			by: 'key_format',
			sentAt: null,
		});
		// An explicit Idempotency Key of another workflow: known, but not what it was for.
		expect(await matchEvent(inbound({ status: 'failed', correlationKey: 'custom-key-7' }), record)).toMatchObject({ key: 'custom-key-7', invoiceId: null, by: null });
		expect(await matchEvent(inbound({ status: 'failed', messageId: 'SM404' }), record)).toMatchObject({ key: null, by: null });
	});

	it('a reply by the message it answers (WhatsApp), else the latest message to the number (SMS)', async () => {
		const { record } = recordWithSends();
		expect(await matchEvent(inbound({ kind: 'reply', provider: 'meta', channel: 'whatsapp', inReplyTo: 'wamid.2', phone: '+5511976543210' }), record)).toMatchObject({
			key: 'INV-2:overdue_3d:whatsapp',
			by: 'reply_context',
		});
		expect(await matchEvent(inbound({ kind: 'reply', phone: '+5511987654321', text: 'paguei' }), record)).toMatchObject({
			key: 'INV-1:overdue_6d:sms',
			invoiceId: 'INV-1',
			by: 'latest_to_phone',
		});
		expect(await matchEvent(inbound({ kind: 'reply', phone: '+5511900000001', text: 'quem é?' }), record)).toMatchObject({ key: null, by: null });
		// Without a record, a reply cannot be matched.
		expect(await matchEvent(inbound({ kind: 'reply', phone: '+5511987654321' }), null)).toMatchObject({ key: null, by: null });
	});
});

describe('processEvents', () => {
	it('emits what is kept, with the contract’s event fields; the rest is still written to the record', async () => {
		const { store, record } = recordWithSends();
		const events = [
			inbound({ status: 'delivered', correlationKey: 'INV-1:overdue_6d:sms', messageId: 'SM1', phone: '+5511987654321', at: new Date(T0 + 5000).toISOString(), dedupeId: 'twilio:d1' }),
			inbound({ kind: 'reply', phone: '+5511987654321', text: 'pago na sexta', messageId: 'SMin1', dedupeId: 'twilio:r1' }),
			inbound({ provider: 'meta', channel: 'whatsapp', status: 'failed', reason: 'window_closed', code: '131047', errorMessage: 'Re-engagement message', messageId: 'wamid.2', correlationKey: 'INV-2:overdue_3d:whatsapp', dedupeId: 'meta:f1' }),
		];
		const result = await processEvents(events, record, { keep: new Set(['replies', 'failures']), dedupeWindowMs: DAY }, T0 + 60_000);
		record.close();
		expect(result.dropped).toBe(1);
		expect(result.duplicates).toBe(0);
		expect(result.emitted.map((e) => [e.category, e.event.kind, e.event.invoiceId, e.event.matchedBy])).toEqual([
			['replies', 'reply', 'INV-1', 'latest_to_phone'],
			['failures', 'status', 'INV-2', 'correlation'],
		]);
		const reply = result.emitted[0].event;
		expect(reply).toMatchObject({
			phone: '+5511987654321',
			phoneMasked: '+5511*****4321',
			text: 'pago na sexta',
			at: new Date(T0 + 60_000).toISOString(),
			receivedAt: new Date(T0 + 60_000).toISOString(),
			key: 'INV-1:overdue_6d:sms',
			stage: 'overdue_6d',
			matched: true,
			sentAt: new Date(T0).toISOString(),
			record: 'static_data',
			eventId: 'twilio:r1',
		});
		expect(result.emitted[1].event).toMatchObject({ status: 'failed', reason: 'window_closed', code: '131047', message: 'Re-engagement message', superseded: false });
		// The dropped "delivered" still reached the record, and so did the failure.
		const keys = store.keys as Record<string, { out?: { status: string; reason?: string } }>;
		expect(keys['INV-1:overdue_6d:sms'].out).toMatchObject({ status: 'delivered' });
		expect(keys['INV-2:overdue_3d:whatsapp'].out).toMatchObject({ status: 'failed', reason: 'window_closed' });
	});

	it('a redelivered event is answered but not emitted again; dropped ones are not remembered', async () => {
		const { store, record } = recordWithSends();
		const failure = inbound({ status: 'undelivered', reason: 'undeliverable', code: '30003', correlationKey: 'INV-1:overdue_6d:sms', dedupeId: 'twilio:u1' });
		const first = await processEvents([failure, { ...failure }], record, { keep: ALL, dedupeWindowMs: DAY }, T0);
		expect([first.emitted.length, first.duplicates]).toEqual([1, 1]);
		record.close();
		const later = new StaticDataEventRecord(JSON.parse(JSON.stringify(store)) as Record<string, unknown>, () => T0 + 1000);
		const again = await processEvents([{ ...failure }], later, { keep: ALL, dedupeWindowMs: DAY }, T0 + 1000);
		expect([again.emitted.length, again.duplicates]).toEqual([0, 1]);
		// A status the settings drop costs no event id in the store.
		const quiet = new StaticDataEventRecord(store, () => T0);
		await processEvents([inbound({ status: 'sent', correlationKey: 'INV-1:overdue_6d:sms', dedupeId: 'twilio:s9' })], quiet, { keep: new Set(['replies']), dedupeWindowMs: DAY }, T0);
		quiet.close();
		expect(Object.keys(store.events as object)).toEqual(['twilio:u1']);
	});

	it('says when a further status of the message had already arrived, and matches nothing it does not know', async () => {
		const { record } = recordWithSends();
		const read = inbound({ provider: 'meta', channel: 'whatsapp', status: 'read', messageId: 'wamid.2', correlationKey: 'INV-2:overdue_3d:whatsapp', at: new Date(T0 + 9000).toISOString() });
		const delivered = inbound({ provider: 'meta', channel: 'whatsapp', status: 'delivered', messageId: 'wamid.2', correlationKey: 'INV-2:overdue_3d:whatsapp', at: new Date(T0 + 5000).toISOString() });
		const stranger = inbound({ status: 'delivered', messageId: 'SM-never-sent' });
		const result = await processEvents([read, delivered, stranger], record, { keep: ALL, dedupeWindowMs: DAY }, T0 + 10_000);
		expect(result.emitted.map((e) => [e.event.status, e.event.superseded, e.event.matched])).toEqual([
			['read', false, true],
			['delivered', true, true],
			['delivered', false, false],
		]);
	});

	it('a status takes the channel of the message it is about when the report does not say (an Infobip report read as SMS)', async () => {
		const report = inbound({ provider: 'infobip', channel: 'sms', status: 'undelivered', reason: 'undeliverable', correlationKey: 'INV-9:overdue_6d:whatsapp' });
		const reply = inbound({ provider: 'infobip', kind: 'reply', channel: 'sms', phone: '+5511987654321', text: 'ok' });
		const { record } = recordWithSends();
		const result = await processEvents([report, reply], record, { keep: ALL, dedupeWindowMs: DAY }, T0);
		// The reply is the debtor's own message: its channel is its own.
		expect(result.emitted.map((e) => [e.event.kind, e.event.channel])).toEqual([
			['status', 'whatsapp'],
			['reply', 'sms'],
		]);
	});

	it('a provider opt-out (Twilio STOP) closes that channel for the Send node, START opens it; a Meta marketing stop does not', async () => {
		const store: Record<string, unknown> = {};
		const blocksStore = new StaticDataContactBlocks(store);
		const stop = inbound({ kind: 'opt_out', phone: '+5511987654321', consent: { scope: 'all', value: 'STOP' }, at: new Date(T0).toISOString() });
		await processEvents([stop], null, { keep: ALL, dedupeWindowMs: DAY, blocks: blocksStore }, T0);
		expect(blocksStore.get(phoneKey('+5511987654321'))).toEqual({ channels: ['sms'], why: 'opt_out', at: T0, source: 'twilio STOP' });
		const marketing = inbound({ kind: 'opt_out', provider: 'meta', channel: 'whatsapp', phone: '+5511911112222', consent: { scope: 'marketing', value: 'stop' } });
		await processEvents([marketing], null, { keep: ALL, dedupeWindowMs: DAY, blocks: blocksStore }, T0);
		expect(blocksStore.get(phoneKey('+5511911112222'))).toBeNull();
		const start = inbound({ kind: 'opt_in', phone: '+5511987654321', consent: { scope: 'all', value: 'START' } });
		await processEvents([start], null, { keep: ALL, dedupeWindowMs: DAY, blocks: blocksStore }, T0 + 1);
		expect(blocksStore.get(phoneKey('+5511987654321'))).toBeNull();
	});

	it('without a record: statuses keep their key and its invoice; nothing is de-duplicated', async () => {
		const event = inbound({ status: 'failed', correlationKey: 'INV-3:overdue_15d:sms', dedupeId: 'twilio:x' });
		const result = await processEvents([event, { ...event }], null, { keep: ALL, dedupeWindowMs: DAY }, T0);
		expect(result.emitted.map((e) => [e.event.invoiceId, e.event.matchedBy, e.event.record])).toEqual([
			['INV-3', 'key_format', null],
			['INV-3', 'key_format', null],
		]);
	});
});
