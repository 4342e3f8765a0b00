import { createHmac } from 'node:crypto';
import { inflateSync } from 'node:zlib';

import { TINY_PDF, TINY_PNG, start, twilioSignature } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { basic, call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver, ReceivedWebhook } from '../../fake-gateway/testing';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'delivery-token';
const SECRET = 'delivery-secret';
const DEBTOR = '5511987654321';

let gw: FakeGateway;
let receiver: Receiver;
/** The receiver's answer per request; 200 unless a test says otherwise. */
let respond: (n: number, request: ReceivedWebhook) => number = () => 200;

beforeAll(async () => {
	receiver = await startReceiver((n, request) => respond(n, request));
	gw = await start({
		twilio: { accountSid: SID, authToken: TOKEN, inboundUrl: `${receiver.url}/twilio` },
		meta: { token: 'mt', appSecret: SECRET, callbackUrl: `${receiver.url}/meta` },
		zenvia: { token: 'zt', inboundUrl: `${receiver.url}/zenvia`, callbackUrl: `${receiver.url}/zenvia-status` },
		infobip: { apiKey: 'ik', inboundUrl: `${receiver.url}/infobip` },
		custom: { callbackUrl: `${receiver.url}/custom` },
		webhooks: { mode: 'manual', retries: 1 },
	});
});

afterAll(async () => {
	await gw.close();
	await receiver.close();
});

beforeEach(() => {
	gw.reset({ config: true });
	receiver.received.length = 0;
	respond = () => 200;
});

const twilioAuth = { Authorization: basic(SID, TOKEN) };
const twilioForm = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('at-least-once delivery of inbound webhooks', () => {
	it('duplicate: the same bytes twice, same idempotency token (Twilio), same event id (Zenvia), same wamid (Meta)', async () => {
		const twilio = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'oi', duplicate: true });
		const zenvia = await gw.reply({ provider: 'zenvia', from: DEBTOR, text: 'oi', duplicate: true });
		const meta = await gw.reply({ provider: 'meta', from: DEBTOR, text: 'oi', duplicate: true });
		expect(receiver.received).toHaveLength(6);
		for (let i = 0; i < 6; i += 2) {
			expect(receiver.received[i + 1].body).toBe(receiver.received[i].body);
			expect(receiver.received[i + 1].headers['i-twilio-idempotency-token']).toBe(receiver.received[i].headers['i-twilio-idempotency-token']);
			expect(receiver.received[i + 1].headers['x-hub-signature-256']).toBe(receiver.received[i].headers['x-hub-signature-256']);
		}
		expect(receiver.received[0].headers['i-twilio-idempotency-token']).toBeDefined();
		expect(twilio.records.map((r) => [r.attempt, r.duplicate ?? false, r.status])).toEqual([
			[1, false, 200],
			[1, true, 200],
		]);
		expect(JSON.parse(receiver.received[3].body).id).toBe(JSON.parse(receiver.received[2].body).id);
		expect(zenvia.records).toHaveLength(2);
		expect(JSON.parse(receiver.received[5].body).entry[0].changes[0].value.messages[0].id).toBe(meta.id);
		expect(gw.statsReport().webhooks).toMatchObject({ inbound: 3, duplicates: 3 });
	});

	it('webhooks.duplicate delivers every webhook twice, statuses included', async () => {
		gw.configure({ webhooks: { duplicate: true } });
		await call(`${gw.url}/2010-04-01/Accounts/${SID}/Messages.json`, { form: { To: `+${DEBTOR}`, From: '+15005550006', Body: 'x', StatusCallback: `${receiver.url}/status?ref=k1` }, headers: twilioAuth });
		await gw.flushWebhooks();
		const statuses = receiver.received.map((r) => [twilioForm(r.body).MessageStatus, r.headers['i-twilio-idempotency-token']]);
		expect(statuses).toHaveLength(4);
		expect(statuses[0]).toEqual(statuses[1]);
		expect(statuses[2]).toEqual(statuses[3]);
		expect(statuses[0][0]).toBe('sent');
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'y' });
		expect(receiver.received).toHaveLength(6);
	});

	it('a non-2xx answer to a reply is retried one step later with the same bytes (the status retry path)', async () => {
		respond = (n) => (n === 1 ? 503 : 200);
		const result = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'pago' });
		expect(result.status).toBe(503);
		expect(gw.statsReport().webhooks).toMatchObject({ retried: 1, pending: 1 });
		await gw.flushWebhooks();
		expect(receiver.received).toHaveLength(2);
		expect(receiver.received[1].body).toBe(receiver.received[0].body);
		expect(receiver.received[1].headers['i-twilio-idempotency-token']).toBe(receiver.received[0].headers['i-twilio-idempotency-token']);
		expect(gw.webhookLog({ kind: 'reply' }).map((w) => [w.attempt, w.status])).toEqual([
			[1, 503],
			[2, 200],
		]);
	});

	it('in timer mode the retry goes out on its own, and webhooksIdle() waits for it', async () => {
		gw.configure({ webhooks: { mode: 'timer', stepMs: 10 } });
		respond = (n) => (n === 1 ? 500 : 204);
		await gw.reply({ provider: 'meta', from: DEBTOR, text: 'oi' });
		await gw.webhooksIdle();
		expect(receiver.received.map((r) => r.body)).toEqual([receiver.received[0].body, receiver.received[0].body]);
		expect(gw.statsReport().webhooks).toMatchObject({ retried: 1, delivered: 1, failed: 0, pending: 0 });
	});

	it('outOfOrder: replies made in order (ids, timestamps) arrive last first', async () => {
		const results = await gw.replyAll(
			[
				{ provider: 'meta', from: DEBTOR, text: 'primeira' },
				{ provider: 'meta', from: DEBTOR, text: 'segunda' },
				{ provider: 'meta', from: DEBTOR, text: 'terceira' },
			],
			{ outOfOrder: true },
		);
		const arrived = receiver.received.map((r) => JSON.parse(r.body).entry[0].changes[0].value.messages[0]);
		expect(arrived.map((m: { text: { body: string } }) => m.text.body)).toEqual(['terceira', 'segunda', 'primeira']);
		expect(arrived.map((m: { timestamp: string }) => Number(m.timestamp))).toEqual([...arrived.map((m: { timestamp: string }) => Number(m.timestamp))].sort().reverse());
		expect(results.map((r) => r.at)).toEqual([...results.map((r) => r.at)].sort());
	});

	it('post: false builds and signs the requests without posting them or changing state', async () => {
		const [prepared] = await gw.replyAll([{ provider: 'twilio', from: DEBTOR, text: 'STOP' }], { post: false });
		expect(receiver.received).toHaveLength(0);
		expect(prepared).toMatchObject({ status: null, records: [], url: `${receiver.url}/twilio`, optOutType: 'STOP' });
		expect(prepared.headers?.['X-Twilio-Signature']).toBe(twilioSignature(TOKEN, `${receiver.url}/twilio`, twilioForm(String(prepared.body))));
		expect(gw.optOutState()).toEqual({});
		expect(gw.webhookLog()).toEqual([]);
	});

	it('records every inbound POST with its kind and the receiver status; GET /__fake/webhooks?kind= filters', async () => {
		respond = (_n, request) => (request.url === '/zenvia' ? 401 : 200);
		gw.configure({ webhooks: { retries: 0 } });
		await gw.reply({ provider: 'zenvia', from: DEBTOR, text: 'oi' });
		await gw.reply({ provider: 'infobip', from: DEBTOR, text: 'oi' });
		await gw.metaUserPreference({ from: DEBTOR, value: 'stop' });
		const replies = await call(`${gw.url}/__fake/webhooks?kind=reply`);
		expect(replies.json.webhooks.map((w: { provider: string; kind: string; status: number }) => [w.provider, w.kind, w.status])).toEqual([
			['zenvia', 'reply', 401],
			['infobip', 'reply', 200],
		]);
		expect((await call(`${gw.url}/__fake/webhooks?kind=user_preference`)).json.webhooks).toHaveLength(1);
		expect(replies.json.counters).toMatchObject({ inbound: 3, failed: 1 });
	});
});

describe('forged webhooks (tamper)', () => {
	it('signature: re-signed with a wrong secret; missing: no signature; body: changed after signing', async () => {
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'sou eu', tamper: 'signature' });
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'sou eu', tamper: 'missing' });
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'sou eu', tamper: 'body' });
		const url = `${receiver.url}/twilio`;
		const [wrong, missing, altered] = receiver.received;
		expect(wrong.headers['x-twilio-signature']).toBeDefined();
		expect(wrong.headers['x-twilio-signature']).not.toBe(twilioSignature(TOKEN, url, twilioForm(wrong.body)));
		expect(missing.headers['x-twilio-signature']).toBeUndefined();
		expect(missing.headers['i-twilio-idempotency-token']).toBeDefined();
		expect(twilioForm(altered.body).Body).toBe('sou eu [altered]');
		const original = { ...twilioForm(altered.body), Body: 'sou eu' };
		expect(altered.headers['x-twilio-signature']).toBe(twilioSignature(TOKEN, url, original));
		expect(gw.webhookLog().map((w) => w.tampered)).toEqual(['signature', 'missing', 'body']);
	});

	it('Meta: a body changed after signing keeps the old signature; a forged reply changes no state', async () => {
		const forged = await gw.postTampered({ provider: 'meta', from: DEBTOR, text: 'oi', tamper: 'body' });
		const raw = receiver.received[0].body;
		expect(JSON.parse(raw).entry[0].changes[0].value.messages[0].text.body).toBe('oi [altered]');
		expect(receiver.received[0].headers['x-hub-signature-256']).not.toBe('sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex'));
		expect(forged.records[0].tampered).toBe('body');
		// The forged "inbound" opened no window and Twilio's forged STOP blocks nothing.
		expect(gw.windows.isOpen(DEBTOR, gw.now())).toBe(false);
		await gw.postTampered({ provider: 'twilio', from: DEBTOR, text: 'STOP' });
		const sent = await call(`${gw.url}/2010-04-01/Accounts/${SID}/Messages.json`, { form: { To: `+${DEBTOR}`, From: '+15005550006', Body: 'x' }, headers: twilioAuth });
		expect(sent.status).toBe(201);
		expect(gw.optOutState()).toEqual({});
	});

	it('a forged status of an accepted message; a forged webhook is never retried', async () => {
		respond = () => 401;
		const sent = await call(`${gw.url}/v23.0/106540352242922/messages`, {
			body: { messaging_product: 'whatsapp', to: DEBTOR, type: 'template', template: { name: 't', language: { code: 'pt_BR' } }, biz_opaque_callback_data: 'inv-x' },
			headers: { Authorization: 'Bearer mt' },
		});
		const wamid = sent.json.messages[0].id;
		const forged = await gw.postTampered({ messageId: wamid, status: 'read' });
		expect(forged).toMatchObject({ kind: 'status', provider: 'meta', status: 401, key: 'inv-x' });
		const status = JSON.parse(receiver.received[0].body).entry[0].changes[0].value.statuses[0];
		expect(status).toMatchObject({ id: wamid, status: 'read', biz_opaque_callback_data: 'inv-x' });
		expect(receiver.received[0].headers['x-hub-signature-256']).not.toBe('sha256=' + createHmac('sha256', SECRET).update(receiver.received[0].body).digest('hex'));
		expect(gw.statsReport().webhooks).toMatchObject({ retried: 0, pending: 3 });
		expect(gw.messages()[0].statuses).toEqual(['accepted']);
	});

	it('an unsigned webhook with no secret configured cannot be forged by signature (a clear error), only by body', async () => {
		await expect(gw.reply({ provider: 'zenvia', from: DEBTOR, text: 'x', tamper: 'signature' })).rejects.toThrow(/zenvia\.webhookHeaders/);
		gw.configure({ zenvia: { webhookHeaders: { 'X-Secret': 'abc' } }, infobip: { webhookAuth: { header: { name: 'X-Secret', value: 'abc' } } }, custom: { webhook: { signing: { mode: 'header', name: 'X-Secret', value: 'abc' } } } });
		for (const provider of ['zenvia', 'infobip', 'custom'] as const) await gw.reply({ provider, from: DEBTOR, text: 'x', tamper: 'signature' });
		expect(receiver.received.map((r) => r.headers['x-secret'])).toEqual(['abc-wrong', 'abc-wrong', 'abc-wrong']);
	});
});

describe('inbound over HTTP (/__fake/…)', () => {
	it('POST /__fake/reply, /__fake/replies, /__fake/meta/user-preference, /__fake/tampered, GET /__fake/opt-outs', async () => {
		const one = await call(`${gw.url}/__fake/reply`, { body: { provider: 'twilio', from: `+${DEBTOR}`, text: 'STOP' } });
		expect(one.json).toMatchObject({ kind: 'reply', provider: 'twilio', status: 200, optOutType: 'STOP' });
		const many = await call(`${gw.url}/__fake/replies`, {
			body: { replies: [{ provider: 'custom', from: DEBTOR, text: 'a' }, { provider: 'custom', from: DEBTOR, text: 'b' }], outOfOrder: true },
		});
		expect(many.json.results.map((r: { status: number }) => r.status)).toEqual([200, 200]);
		expect(receiver.received.slice(1).map((r) => JSON.parse(r.body).text)).toEqual(['b', 'a']);
		expect((await call(`${gw.url}/__fake/meta/user-preference`, { body: { from: DEBTOR, value: 'stop' } })).json.status).toBe(200);
		expect((await call(`${gw.url}/__fake/tampered`, { body: { provider: 'meta', from: DEBTOR, text: 'x' } })).json.records[0].tampered).toBe('signature');
		expect((await call(`${gw.url}/__fake/opt-outs`)).json.optOuts).toEqual({
			[`twilio|${DEBTOR}`]: { state: 'out', at: expect.any(Number) },
			[`meta|${DEBTOR}`]: { state: 'out', at: expect.any(Number) },
		});
	});

	it('answers bad input with 400 and a reason', async () => {
		const cases: Array<[unknown, RegExp]> = [
			[{ from: DEBTOR, text: 'x' }, /'provider' must be one of/],
			[{ provider: 'twilio', text: 'x' }, /'from'/],
			[{ provider: 'twilio', from: DEBTOR }, /needs 'text', 'button' or 'media'/],
			[{ provider: 'twilio', from: DEBTOR, button: { text: 'x' } }, /'button' must be \{text, payload\}/],
			[{ provider: 'meta', from: DEBTOR, text: 'x', channel: 'sms' }, /Meta replies are WhatsApp/],
			[{ provider: 'meta', from: DEBTOR, text: 'x', inReplyTo: 'nope' }, /inReplyTo 'nope' names no meta message/],
			[{ provider: 'meta', from: DEBTOR, media: { type: 'audio' } }, /'media.type'/],
			[{ provider: 'meta', from: DEBTOR, text: 'x', tamper: 'sometimes' }, /'tamper'/],
		];
		for (const [body, reason] of cases) {
			const res = await call(`${gw.url}/__fake/reply`, { body });
			expect([res.status, res.json.error]).toEqual([400, expect.stringMatching(reason)]);
		}
		expect((await call(`${gw.url}/__fake/media/nothing`)).status).toBe(404);
		expect((await call(`${gw.url}/__fake/tampered`, { body: { messageId: 'SMnope' } })).status).toBe(400);
		expect((await call(`${gw.url}/__fake/replies`, { body: {} })).status).toBe(400);
	});

	it('reset clears opt-outs and media', async () => {
		const photo = await gw.reply({ provider: 'twilio', from: DEBTOR, media: { type: 'image' } });
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'stop' });
		expect((await fetch(String(photo.media?.url))).status).toBe(200);
		gw.reset();
		expect(gw.optOutState()).toEqual({});
		expect((await fetch(String(photo.media?.url))).status).toBe(404);
	});
});

describe('status webhooks echo our correlation key', () => {
	it('Twilio (ref in the StatusCallback URL), Meta (biz_opaque_callback_data), Zenvia (message.externalId), Infobip (callbackData), custom (client_ref)', async () => {
		gw.configure({ infobip: { callbackUrl: `${receiver.url}/infobip-dlr` } });
		await call(`${gw.url}/2010-04-01/Accounts/${SID}/Messages.json`, { form: { To: `+${DEBTOR}`, From: '+15005550006', Body: 'x', StatusCallback: `${receiver.url}/tw-status?ref=k-twilio` }, headers: twilioAuth });
		await call(`${gw.url}/v23.0/106540352242922/messages`, {
			body: { messaging_product: 'whatsapp', to: DEBTOR, type: 'template', template: { name: 't', language: { code: 'pt_BR' } }, biz_opaque_callback_data: 'k-meta' },
			headers: { Authorization: 'Bearer mt' },
		});
		await call(`${gw.url}/v2/channels/sms/messages`, { body: { from: 'conta', to: DEBTOR, externalId: 'k-zenvia', contents: [{ type: 'text', text: 'x' }] }, headers: { 'X-API-TOKEN': 'zt' } });
		await call(`${gw.url}/sms/3/messages`, {
			body: { messages: [{ sender: 'InfoSMS', destinations: [{ to: DEBTOR, messageId: 'm-1' }], content: { text: 'x' }, webhooks: { callbackData: 'k-infobip' } }] },
			headers: { Authorization: 'App ik' },
		});
		await call(`${gw.url}/custom/send`, { body: { to: DEBTOR, text: 'x', client_ref: 'k-custom' } });
		await gw.flushWebhooks();
		const byPath = (path: string) => receiver.received.filter((r) => r.url.split('?')[0] === path);
		expect(byPath('/tw-status').every((r) => r.url === '/tw-status?ref=k-twilio')).toBe(true);
		expect(byPath('/tw-status')[0].headers['x-twilio-signature']).toBe(twilioSignature(TOKEN, `${receiver.url}/tw-status?ref=k-twilio`, twilioForm(byPath('/tw-status')[0].body)));
		for (const r of byPath('/meta')) {
			const status = JSON.parse(r.body).entry[0].changes[0].value.statuses[0];
			expect(status.biz_opaque_callback_data).toBe('k-meta');
			expect(status.timestamp).toMatch(/^\d{10}$/);
		}
		for (const r of byPath('/zenvia-status')) {
			const event = JSON.parse(r.body);
			expect(event.message.externalId).toBe('k-zenvia');
			expect(event.messageStatus.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
		}
		const [dlr] = JSON.parse(byPath('/infobip-dlr')[0].body).results;
		expect(dlr).toMatchObject({ messageId: 'm-1', callbackData: 'k-infobip', doneAt: expect.stringMatching(/\+0000$/) });
		expect(JSON.parse(byPath('/custom')[0].body)).toMatchObject({ event: 'status', client_ref: 'k-custom', status: 'delivered' });
	});
});

describe('the media the fake serves are valid files', () => {
	it('PNG: signature, IHDR 1×1, chunk CRCs, an IDAT that inflates to one scanline, IEND', () => {
		expect(TINY_PNG.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		let offset = 8;
		const chunks: Array<{ type: string; data: Buffer }> = [];
		while (offset < TINY_PNG.length) {
			const length = TINY_PNG.readUInt32BE(offset);
			const type = TINY_PNG.subarray(offset + 4, offset + 8).toString('ascii');
			const data = TINY_PNG.subarray(offset + 8, offset + 8 + length);
			const crc = TINY_PNG.readUInt32BE(offset + 8 + length);
			// CRC-32 of type + data, bit by bit (independent of the table in media.ts).
			let c = 0xffffffff;
			for (const byte of TINY_PNG.subarray(offset + 4, offset + 8 + length)) {
				c ^= byte;
				for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
			}
			expect((c ^ 0xffffffff) >>> 0).toBe(crc);
			chunks.push({ type, data });
			offset += 12 + length;
		}
		expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
		expect([chunks[0].data.readUInt32BE(0), chunks[0].data.readUInt32BE(4), chunks[0].data[8]]).toEqual([1, 1, 8]);
		expect(inflateSync(chunks[1].data).length).toBe(2);
	});

	it('PDF: header, objects at the offsets of the xref table, startxref pointing at it, %%EOF', () => {
		const text = TINY_PDF.toString('latin1');
		expect(text.startsWith('%PDF-1.4\n')).toBe(true);
		expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
		const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
		expect(text.slice(startxref, startxref + 4)).toBe('xref');
		const entries = text.slice(startxref).split('\n').slice(3, 8);
		entries.forEach((entry, i) => {
			expect(entry).toMatch(/^\d{10} 00000 n $/);
			expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${i + 1} 0 obj`)).toBe(true);
		});
		const length = Number(/\/Length (\d+)/.exec(text)?.[1]);
		const stream = /stream\n([\s\S]*?)\nendstream/.exec(text)?.[1] ?? '';
		expect(stream.length).toBe(length);
	});
});
