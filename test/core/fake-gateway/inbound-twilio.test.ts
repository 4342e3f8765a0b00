import { createHmac } from 'node:crypto';

import { TINY_PDF, TINY_PNG, start } from '../../fake-gateway';
import type { FakeGateway } from '../../fake-gateway';
import { basic, call, startReceiver } from '../../fake-gateway/testing';
import type { Receiver } from '../../fake-gateway/testing';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-inbound-token';
const AUTH = { Authorization: basic(SID, TOKEN) };
const DEBTOR = '+5511987654321';

let gw: FakeGateway;
let receiver: Receiver;
let inboundUrl: string;

/** Twilio's algorithm written out again, independently of the fake's signing.ts. */
function expectedSignature(token: string, url: string, body: string): string {
	const params = new URLSearchParams(body);
	const keys = Array.from(new Set(params.keys())).sort();
	let data = url;
	for (const key of keys) for (const value of Array.from(new Set(params.getAll(key))).sort()) data += key + value;
	return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

beforeAll(async () => {
	receiver = await startReceiver();
	inboundUrl = `${receiver.url}/twilio/inbound?tenant=acme`;
	gw = await start({ twilio: { accountSid: SID, authToken: TOKEN, inboundUrl }, webhooks: { mode: 'manual', retries: 0 } });
});

afterAll(async () => {
	await gw.close();
	await receiver.close();
});

beforeEach(() => {
	gw.reset();
	gw.configure({ twilio: { messagingServiceSid: 'MGa1b2c3d4e5f60718293a4b5c6d7e8f90', advancedOptOut: true } });
	receiver.received.length = 0;
});

const messagesUrl = () => `${gw.url}/2010-04-01/Accounts/${SID}/Messages.json`;
const sendSms = (to = DEBTOR, extra: Record<string, string> = {}) => call(messagesUrl(), { form: { To: to, From: '+15005550006', Body: 'Sua fatura venceu', ...extra }, headers: AUTH });
const sendWhatsApp = (body: Record<string, string>) =>
	call(messagesUrl(), { form: { To: `whatsapp:${DEBTOR}`, From: 'whatsapp:+14155238886', ...body }, headers: AUTH });
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('the published Twilio vector checks the test oracle too', () => {
	it('expectedSignature reproduces 0/KCTR6DLpKmkAf8muzZqo1nDgQ=', () => {
		const body = new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' }).toString();
		expect(expectedSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', body)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
	});
});

describe('Twilio inbound SMS', () => {
	it('posts the incoming-message form, signed over the inbound URL with the auth token, with an idempotency token', async () => {
		const result = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'já paguei ontem' });
		expect(result).toMatchObject({ kind: 'reply', provider: 'twilio', channel: 'sms', status: 200, url: inboundUrl });
		expect(receiver.received).toHaveLength(1);
		const [request] = receiver.received;
		expect(request.url).toBe('/twilio/inbound?tenant=acme');
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.headers['i-twilio-idempotency-token']).toMatch(/^[0-9a-f-]{36}$/);
		expect(request.headers['x-twilio-signature']).toBe(expectedSignature(TOKEN, inboundUrl, request.body));
		const params = form(request.body);
		expect(params).toEqual({
			AccountSid: SID,
			ApiVersion: '2010-04-01',
			Body: 'já paguei ontem',
			From: DEBTOR,
			FromCountry: 'BR',
			MessageSid: result.id,
			MessagingServiceSid: 'MGa1b2c3d4e5f60718293a4b5c6d7e8f90',
			NumMedia: '0',
			NumSegments: '1',
			SmsMessageSid: result.id,
			SmsSid: result.id,
			SmsStatus: 'received',
			To: '+15017122661',
			ToCountry: 'US',
		});
		expect(result.id).toMatch(/^SM[0-9a-f]{32}$/);
	});

	it('answers the number that sent the message it replies to (by id or by our ref key)', async () => {
		const sent = await sendSms(DEBTOR, { StatusCallback: `${receiver.url}/status?ref=inv-7` });
		const byKey = await gw.reply({ provider: 'twilio', from: '5511987654321', text: 'pago sexta', inReplyTo: 'inv-7' });
		expect(byKey).toMatchObject({ inReplyTo: sent.json.sid, key: 'inv-7', to: '+15005550006' });
		expect(form(receiver.received[0].body).To).toBe('+15005550006');
		// SMS carries no reply reference at Twilio: only the number.
		expect(form(receiver.received[0].body).OriginalRepliedMessageSid).toBeUndefined();
	});
});

describe('Twilio STOP filtering and OptOutType', () => {
	it.each(['STOP', 'stop', ' Unsubscribe ', 'STOPALL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'CANCEL'])('"%s" carries OptOutType=STOP and blocks later SMS with 21610', async (word) => {
		expect((await sendSms()).status).toBe(201);
		const result = await gw.reply({ provider: 'twilio', from: DEBTOR, text: word });
		expect(result.optOutType).toBe('STOP');
		expect(form(receiver.received[0].body).OptOutType).toBe('STOP');
		const blocked = await sendSms();
		expect(blocked.status).toBe(400);
		expect(blocked.json).toEqual({ code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 });
		expect(gw.optOutState()[`twilio|5511987654321`]).toMatchObject({ state: 'out' });
	});

	it('START (or YES, UNSTOP) opts the number back in; HELP and INFO change nothing; a sentence is no keyword', async () => {
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'STOP' });
		expect((await sendSms()).status).toBe(400);
		const help = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'help' });
		expect(help.optOutType).toBe('HELP');
		expect((await sendSms()).status).toBe(400);
		const start = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'Start' });
		expect(start.optOutType).toBe('START');
		expect((await sendSms()).status).toBe(201);
		const sentence = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'stop please' });
		expect(sentence.optOutType).toBeUndefined();
		expect(form(receiver.received[3].body).OptOutType).toBeUndefined();
		expect((await sendSms()).status).toBe(201);
		for (const word of ['YES', 'UNSTOP', 'INFO']) expect((await gw.reply({ provider: 'twilio', from: DEBTOR, text: word })).optOutType).toBe(word === 'INFO' ? 'HELP' : 'START');
	});

	it('START lifts the opt_out fault of a magic number (the fault is stateful per number)', async () => {
		const magic = '+5511900001610';
		expect((await sendSms(magic)).json.code).toBe(21610);
		await gw.reply({ provider: 'twilio', from: magic, text: 'START' });
		expect((await sendSms(magic)).status).toBe(201);
		await gw.reply({ provider: 'twilio', from: magic, text: 'STOP' });
		expect((await sendSms(magic)).json.code).toBe(21610);
	});

	it('blocks even without a Messaging Service or Advanced Opt-Out, but then sends no OptOutType', async () => {
		gw.configure({ twilio: { messagingServiceSid: null } });
		await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'STOP' });
		const params = form(receiver.received[0].body);
		expect(params.OptOutType).toBeUndefined();
		expect(params.MessagingServiceSid).toBeUndefined();
		expect((await sendSms()).json.code).toBe(21610);
		gw.configure({ twilio: { messagingServiceSid: 'MG00000000000000000000000000000000', advancedOptOut: false } });
		await gw.reply({ provider: 'twilio', from: '+5521987654321', text: 'STOP' });
		expect(form(receiver.received[1].body).OptOutType).toBeUndefined();
	});

	it('a STOP over WhatsApp is an ordinary message: no OptOutType, WhatsApp sends unaffected', async () => {
		const result = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'STOP', channel: 'whatsapp' });
		expect(result.optOutType).toBeUndefined();
		expect(form(receiver.received[0].body).OptOutType).toBeUndefined();
		expect((await sendSms()).status).toBe(201);
	});

	it('a STOP keeps its effect when the reply webhook cannot be delivered (Twilio blocks even without a URL)', async () => {
		gw.configure({ twilio: { inboundUrl: '' } });
		try {
			const result = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'STOP' });
			expect(result.status).toBeNull();
			expect(result.error).toMatch(/twilio\.inboundUrl/);
			expect((await sendSms()).json.code).toBe(21610);
		} finally {
			gw.configure({ twilio: { inboundUrl } });
		}
	});
});

describe('Twilio inbound WhatsApp', () => {
	it('a reply to a template carries OriginalRepliedMessageSid, ProfileName, WaId, and opens the 24 h window', async () => {
		const template = await sendWhatsApp({ ContentSid: 'HX0123456789abcdef0123456789abcdef', StatusCallback: `${receiver.url}/status?ref=inv-9` });
		const result = await gw.reply({ provider: 'twilio', from: DEBTOR, text: 'Quero negociar', inReplyTo: template.json.sid, name: 'Ana Souza' });
		expect(result.channel).toBe('whatsapp');
		const params = form(receiver.received[0].body);
		expect(params).toMatchObject({
			From: `whatsapp:${DEBTOR}`,
			To: 'whatsapp:+14155238886',
			Body: 'Quero negociar',
			MessageType: 'text',
			ProfileName: 'Ana Souza',
			WaId: '5511987654321',
			NumSegments: '1',
			NumMedia: '0',
			OriginalRepliedMessageSid: template.json.sid,
			OriginalRepliedMessageSender: 'whatsapp:+14155238886',
			SmsStatus: 'received',
		});
		expect(JSON.parse(params.ChannelMetadata)).toEqual({ type: 'whatsapp', data: { context: { ProfileName: 'Ana Souza', WaId: '5511987654321' } } });
		expect(receiver.received[0].headers['x-twilio-signature']).toBe(expectedSignature(TOKEN, inboundUrl, receiver.received[0].body));
		// The window is open now: free-form text is delivered, not failed with 63016.
		const text = await sendWhatsApp({ Body: 'Segue o boleto', StatusCallback: `${receiver.url}/status` });
		expect(gw.messages().find((m) => m.id === text.json.sid)?.outcome).toBe('delivered');
	});

	it('a quick-reply tap carries ButtonText and ButtonPayload (MessageType button; interactive for in-session buttons)', async () => {
		const template = await sendWhatsApp({ ContentSid: 'HX0123456789abcdef0123456789abcdef' });
		await gw.reply({ provider: 'twilio', from: DEBTOR, button: { text: 'Já paguei', payload: 'PAID' }, inReplyTo: template.json.sid });
		await gw.reply({ provider: 'twilio', from: DEBTOR, button: { text: 'Negociar', payload: 'NEGOTIATE', interactive: true }, channel: 'whatsapp' });
		expect(form(receiver.received[0].body)).toMatchObject({ MessageType: 'button', Body: 'Já paguei', ButtonText: 'Já paguei', ButtonPayload: 'PAID', OriginalRepliedMessageSid: template.json.sid });
		expect(form(receiver.received[1].body)).toMatchObject({ MessageType: 'interactive', ButtonPayload: 'NEGOTIATE' });
		expect(form(receiver.received[1].body).OriginalRepliedMessageSid).toBeUndefined();
	});

	it('media: an MM sid, NumMedia 1, MediaUrl0 on the fake serving a valid PNG / PDF with MediaContentType0', async () => {
		const photo = await gw.reply({ provider: 'twilio', from: DEBTOR, channel: 'whatsapp', media: { type: 'image', mime: 'image/png', caption: 'comprovante' } });
		const pdf = await gw.reply({ provider: 'twilio', from: DEBTOR, media: { type: 'document', filename: 'pix.pdf' } });
		expect(photo.id).toMatch(/^MM[0-9a-f]{32}$/);
		const image = form(receiver.received[0].body);
		expect(image).toMatchObject({ NumMedia: '1', MediaContentType0: 'image/png', Body: 'comprovante', MessageType: 'image' });
		expect(image.MediaUrl0).toBe(`${gw.url}/__fake/media/${photo.media?.id}`);
		expect(photo.media?.id).toMatch(/^ME[0-9a-f]{32}$/);
		const png = await fetch(image.MediaUrl0);
		expect(png.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await png.arrayBuffer()).equals(TINY_PNG)).toBe(true);
		const document = form(receiver.received[1].body);
		expect(document).toMatchObject({ NumMedia: '1', MediaContentType0: 'application/pdf', Body: '' });
		const downloaded = await fetch(document.MediaUrl0);
		expect(downloaded.headers.get('content-disposition')).toBe('inline; filename="pix.pdf"');
		expect(Buffer.from(await downloaded.arrayBuffer()).equals(TINY_PDF)).toBe(true);
		expect(pdf.media?.mime).toBe('application/pdf');
	});
});
