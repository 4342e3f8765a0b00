import { createHmac } from 'node:crypto';

import { InvalidSettingError } from '../../../nodes/core/errors';
import { createWebhookReceiver } from '../../../nodes/core/gateways';
import {
	checkGenericWebhookAuth,
	genericAdapter,
	type GenericWebhookSettings,
	parseGenericWebhook,
	prepareGenericWebhook,
	verifyGenericWebhook,
} from '../../../nodes/core/gateways/generic';
import { expectUnreadable, only, webhookRequest } from './inbound.helpers';

const URL = 'https://n8n.example.com/webhook/dunning-events/generic';
const SECRET = 'reseller-signing-secret';

/** A reseller that posts `{"events": [{"msg_id", "state", "ref", "msisdn", "ts", "err"}]}`. */
const SETTINGS: GenericWebhookSettings = {
	eventsPath: 'events',
	messageIdPath: 'msg_id',
	statusPath: 'state',
	statusMap: { ENTREGUE: 'delivered', FALHOU: 'failed' },
	correlationPath: 'ref',
	phonePath: 'msisdn',
	textPath: 'texto',
	timestampPath: 'ts',
	errorCodePath: 'err.code',
	errorMessagePath: 'err.message',
	eventIdPath: 'event_id',
	codeReasons: { '99': 'opted_out' },
};

function prepared(settings: GenericWebhookSettings = SETTINGS) {
	const result = prepareGenericWebhook(settings);
	if (result instanceof InvalidSettingError) throw result;
	return result;
}

const parse = (body: unknown, settings?: GenericWebhookSettings) => parseGenericWebhook(webhookRequest(URL, body as Record<string, unknown>), prepared(settings));

describe('Generic gateway webhooks: verification', () => {
	const body = JSON.stringify({ events: [{ msg_id: '1', state: 'ENTREGUE' }] });
	const hex = createHmac('sha256', SECRET).update(body).digest('hex');
	const b64 = createHmac('sha256', SECRET).update(body).digest('base64');

	it('HMAC-SHA256 of the raw body, hex, with an optional prefix such as sha256=', () => {
		const auth = { hmac: { header: 'X-Signature', secret: SECRET } };
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Signature': hex }), auth)).toEqual({ ok: true });
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Signature': hex.toUpperCase() }), auth)).toEqual({ ok: true });
		const prefixed = { hmac: { header: 'X-Hub-Signature-256', secret: SECRET, prefix: 'sha256=' } };
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Hub-Signature-256': `sha256=${hex}` }), prefixed)).toEqual({ ok: true });
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Hub-Signature-256': hex }), prefixed)).toEqual({ ok: false, status: 403 });
	});

	it('base64 signatures; a changed body, a wrong secret or no header are refused', () => {
		const auth = { hmac: { header: 'X-Signature', secret: SECRET, encoding: 'base64' as const } };
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Signature': b64 }), auth)).toEqual({ ok: true });
		expect(verifyGenericWebhook(webhookRequest(URL, body.replace('ENTREGUE', 'FALHOU'), { 'X-Signature': b64 }), auth)).toEqual({ ok: false, status: 403 });
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Signature': createHmac('sha256', 'x').update(body).digest('base64') }), auth)).toEqual({ ok: false, status: 403 });
		expect(verifyGenericWebhook(webhookRequest(URL, body), auth)).toEqual({ ok: false, status: 401 });
	});

	it('a shared-secret header instead, or both', () => {
		const header = { header: { name: 'X-Token', value: 'tok-0123456789' } };
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Token': 'tok-0123456789' }), header)).toEqual({ ok: true });
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Token': 'tok-0123456780' }), header)).toEqual({ ok: false, status: 403 });
		const both = { ...header, hmac: { header: 'X-Signature', secret: SECRET } };
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Token': 'tok-0123456789', 'X-Signature': hex }), both)).toEqual({ ok: true });
		expect(verifyGenericWebhook(webhookRequest(URL, body, { 'X-Signature': hex }), both)).toEqual({ ok: false, status: 401 });
	});

	it.each([
		[{}, 'Webhook Authentication'],
		[{ hmac: { header: '', secret: SECRET } }, 'Webhook Signature Header'],
		[{ hmac: { header: 'X-Sig', secret: '' } }, 'Webhook Signing Secret'],
		[{ hmac: { header: 'X-Sig', secret: SECRET, encoding: 'hex64' as never } }, 'Webhook Signature Encoding'],
	])('refuses the secrets %p once (%s)', (auth, setting) => {
		const result = checkGenericWebhookAuth(auth);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).message).toContain(setting);
	});

	it('the receiver checks secrets and field paths together', () => {
		expect(genericAdapter.receiver({ hmac: { header: 'X-Signature', secret: SECRET } })).toBeInstanceOf(InvalidSettingError);
		const receiver = createWebhookReceiver('generic', { hmac: { header: 'X-Signature', secret: SECRET } }, SETTINGS);
		if (receiver instanceof InvalidSettingError) throw receiver;
		const request = webhookRequest(URL, body, { 'X-Signature': hex });
		expect(receiver.verify(request)).toEqual({ ok: true });
		expect(only(receiver.parse(request).events)).toMatchObject({ provider: 'generic', status: 'delivered', providerStatus: 'ENTREGUE' });
	});
});

describe('Generic gateway webhooks: field paths', () => {
	it('statuses by the configured paths; the status map and the common words; failures take the send settings’ code reasons', () => {
		const result = parse({
			events: [
				{ event_id: 'e1', msg_id: 'gw-1', state: 'ENTREGUE', ref: 'INV-1:reminder_1d:sms', msisdn: '5511987654321', ts: '2026-03-10T14:00:00Z' },
				{ event_id: 'e2', msg_id: 'gw-2', state: 'FALHOU', ref: 'INV-2:reminder_1d:sms', msisdn: '5511987650000', ts: 1773151200, err: { code: 99, message: 'Número em lista de bloqueio' } },
				{ event_id: 'e3', msg_id: 'gw-3', state: 'DELIVRD', ts: 1773151200000 },
				{ event_id: 'e4', msg_id: 'gw-4', state: 'expired', err: { code: 'X1' } },
			],
		});
		expect(result.problems).toEqual([]);
		expect(result.events.map((e) => [e.messageId, e.status, e.reason, e.code, e.errorMessage, e.correlationKey, e.phone, e.at, e.dedupeId])).toEqual([
			['gw-1', 'delivered', null, null, null, 'INV-1:reminder_1d:sms', '+5511987654321', '2026-03-10T14:00:00.000Z', 'generic:e1'],
			['gw-2', 'failed', 'opted_out', '99', 'Número em lista de bloqueio', 'INV-2:reminder_1d:sms', '+5511987650000', '2026-03-10T14:00:00.000Z', 'generic:e2'],
			['gw-3', 'delivered', null, null, null, null, null, '2026-03-10T14:00:00.000Z', 'generic:e3'],
			['gw-4', 'undelivered', 'undeliverable', 'X1', null, null, null, null, 'generic:e4'],
		]);
	});

	it('an event without a status but with text is a reply; button and media paths; the body may be one event', () => {
		const settings = { ...SETTINGS, eventsPath: undefined, inReplyToPath: 'in_reply_to', buttonTextPath: 'button_text', buttonPayloadPath: 'button_payload', mediaUrlPath: 'media_url', mediaTypePath: 'media_type' };
		expect(only(parse({ msg_id: 'in-1', msisdn: '+55 11 98765-4321', texto: 'já paguei', in_reply_to: 'gw-1' }, settings).events)).toMatchObject({
			kind: 'reply',
			messageId: 'in-1',
			phone: '+5511987654321',
			text: 'já paguei',
			inReplyTo: 'gw-1',
			messageType: 'text',
			dedupeId: 'generic:in-1:reply',
		});
		expect(only(parse({ msg_id: 'in-2', button_text: 'Já paguei', button_payload: 'PAID' }, settings).events)).toMatchObject({ text: 'Já paguei', button: { text: 'Já paguei', payload: 'PAID' }, messageType: 'button' });
		expect(only(parse({ msg_id: 'in-3', media_url: 'https://gw.example/m/1', media_type: 'image/png' }, settings).events).media).toEqual([{ type: 'image', mime: 'image/png', url: 'https://gw.example/m/1' }]);
	});

	it('without an event id, the message id and status word identify a redelivery', () => {
		const settings = { ...SETTINGS, eventIdPath: undefined };
		const [a, b, c] = parse({ events: [{ msg_id: 'gw-1', state: 'ENTREGUE' }, { msg_id: 'gw-1', state: 'ENTREGUE' }, { msg_id: 'gw-1', state: 'sent' }] }, settings).events;
		expect(a.dedupeId).toBe('generic:gw-1:ENTREGUE');
		expect(b.dedupeId).toBe(a.dedupeId);
		expect(c.dedupeId).not.toBe(a.dedupeId);
	});

	it('a bad element is a problem entry; the others come out', () => {
		const result = parse({ events: [{ state: 'ENTREGUE' }, { msg_id: 'gw-2', state: 'VOOU' }, { msg_id: 'gw-3' }, 'x', { msg_id: 'gw-4', state: 'read' }] });
		expect(result.events.map((e) => e.messageId)).toEqual(['gw-4']);
		expect(result.problems).toEqual([
			{ at: 'events[0]', reason: 'an event without a message id' },
			{ at: 'events[1]', reason: 'unknown status "VOOU" (add it to the Webhook Status Map)' },
			{ at: 'events[2]', reason: 'an event with neither a status nor a text' },
			{ at: 'events[3]', reason: 'an event without a message id' },
		]);
	});

	it.each([
		['broken JSON', '{"events": ['],
		['no list at the events path', '{"events": {"msg_id": "1"}}'],
		['an empty body', ''],
	])('%s → a problem for a 400', (_, body) => expectUnreadable(parseGenericWebhook(webhookRequest(URL, body), prepared())));

	it.each([
		[{ messageIdPath: '' }, 'Webhook Message ID Field'],
		[{ messageIdPath: 'a..b[' }, 'Webhook Message ID Field'],
		[{ messageIdPath: 'id', statusMap: { OK: 'fine' as never } }, 'Webhook Status Map'],
		[{ messageIdPath: 'id', codeReasons: { '1': 'sad' as never } }, 'Error Reasons'],
		[{ messageIdPath: 'id', channel: 'email' as never }, 'Webhook Channel'],
	])('settings %p are refused once (%s)', (settings, name) => {
		const result = prepareGenericWebhook(settings as GenericWebhookSettings);
		expect(result).toBeInstanceOf(InvalidSettingError);
		expect((result as InvalidSettingError).message).toContain(name);
	});
});
