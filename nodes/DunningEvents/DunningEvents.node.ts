import {
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeOperationError,
} from 'n8n-workflow';

import { InvalidSettingError } from '../core/errors';
import { type EventCategory, EVENT_CATEGORIES, processEvents } from '../core/events/events';
import { type EventRecord, RedisEventRecord, StaticDataEventRecord } from '../core/events/record';
import {
	type GenericWebhookSettings,
	type ProviderName,
	type WebhookReceiver,
	type WebhookRequest,
	createWebhookReceiver,
} from '../core/gateways';
import { type ContactBlocks, DEFAULT_REDIS_PREFIX, RedisContactBlocks, StaticDataContactBlocks, liveRecord, workflowIdOf } from '../core/policy';
import { CREDENTIAL_TYPES, PROVIDER_CREDENTIALS } from '../SendViaGateway/SendViaGateway.description';
import { connectRedis } from '../SendViaGateway/redis';
import { sharedSecretFrom } from '../shared/webhookCredentials';
import { OUTPUT_NAMES, dunningEventsProperties } from './DunningEvents.description';

const OUTPUTS = OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName }));
const HOUR_MS = 3_600_000;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

type WebhookContext = IWebhookFunctions | IHookFunctions;

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** The provider's webhook secrets from its credential (the same credential the Send node uses). */
function secretsFor(provider: ProviderName, credentials: ICredentialDataDecryptedObject): unknown {
	switch (provider) {
		case 'twilio':
			// Twilio signs with the account's Auth Token, also when messages are sent with an API key.
			return { authToken: text(credentials.authType === 'apiKey' ? credentials.webhookAuthToken : credentials.authToken) };
		case 'meta':
			return { appSecret: text(credentials.appSecret), verifyToken: text(credentials.verifyToken) };
		case 'generic':
			return credentials.webhookAuth === 'header'
				? { header: { name: text(credentials.webhookHeaderName).trim(), value: text(credentials.webhookHeaderSecret) } }
				: {
						hmac: {
							header: text(credentials.webhookSignatureHeader).trim(),
							secret: text(credentials.webhookSignatureSecret),
							encoding: credentials.webhookSignatureEncoding === 'base64' ? 'base64' : 'hex',
							prefix: text(credentials.webhookSignaturePrefix),
						},
					};
		default:
			return sharedSecretFrom(credentials);
	}
}

function genericSettings(ctx: WebhookContext): GenericWebhookSettings {
	const path = (name: string) => text(ctx.getNodeParameter(name, '')).trim() || undefined;
	return {
		eventsPath: path('eventsPath'),
		messageIdPath: text(ctx.getNodeParameter('messageIdPath', 'id')).trim(),
		statusPath: path('statusPath'),
		correlationPath: path('correlationPath'),
		phonePath: path('phonePath'),
		senderPhonePath: path('senderPhonePath'),
		textPath: path('textPath'),
		timestampPath: path('timestampPath'),
		errorCodePath: path('errorCodePath'),
		inReplyToPath: path('inReplyToPath'),
		buttonTextPath: path('buttonTextPath'),
		buttonPayloadPath: path('buttonPayloadPath'),
		mediaUrlPath: path('mediaUrlPath'),
		mediaTypePath: path('mediaTypePath'),
		channel: ctx.getNodeParameter('genericChannel', 'sms') === 'whatsapp' ? 'whatsapp' : 'sms',
	};
}

/** The receiver for this node's provider and credential; a setting that cannot work is an error. */
async function receiverFor(ctx: WebhookContext): Promise<WebhookReceiver> {
	const provider = ctx.getNodeParameter('provider', 'twilio') as ProviderName;
	const credentialType = CREDENTIAL_TYPES[provider];
	const credentials = await ctx.getCredentials(credentialType);
	const receiver = createWebhookReceiver(
		provider,
		secretsFor(provider, credentials) as never,
		provider === 'generic' ? genericSettings(ctx) : undefined,
	);
	if (receiver instanceof InvalidSettingError) {
		const name = ctx.getNode().credentials?.[credentialType]?.name ?? credentialType;
		throw new NodeOperationError(ctx.getNode(), `${receiver.message} (credential "${name}")`, { description: receiver.hint });
	}
	return receiver;
}

/** The URLs the provider may have called: n8n's own webhook URL, and the one the request's headers describe. */
function candidateUrls(ctx: IWebhookFunctions, originalUrl: string): string[] {
	const query = originalUrl.includes('?') ? originalUrl.slice(originalUrl.indexOf('?')) : '';
	const urls = [`${ctx.getNodeWebhookUrl('default') ?? ''}${query}`];
	const headers = ctx.getHeaderData() as Record<string, string | undefined>;
	const host = (headers['x-forwarded-host'] ?? headers.host ?? '').split(',')[0].trim();
	const proto = (headers['x-forwarded-proto'] ?? '').split(',')[0].trim() || ctx.getRequestObject().protocol || 'http';
	if (host) urls.push(`${proto}://${host}${originalUrl}`);
	return [...new Set(urls)];
}

function answer(ctx: IWebhookFunctions, status: number, body: string, type = 'application/json'): IWebhookResponseData {
	ctx.getResponseObject().status(status).type(type).send(body).end();
	return { noWebhookResponse: true };
}

export class DunningEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dunning Events',
		name: 'dunningEvents',
		icon: { light: 'file:dunningEvents.svg', dark: 'file:dunningEvents.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {"generic": "HTTP gateway", "infobip": "Infobip", "meta": "WhatsApp Cloud API", "twilio": "Twilio", "zenvia": "Zenvia"}[$parameter["provider"]] }}',
		description: 'Receive delivery statuses and debtor replies from Twilio, Meta, Zenvia, Infobip or an HTTP gateway, verified and matched to the invoice',
		defaults: { name: 'Dunning Events' },
		inputs: [],
		outputs: `={{ $parameter["outputs"] === "single" ? ["main"] : ${JSON.stringify(OUTPUTS)} }}`,
		credentials: PROVIDER_CREDENTIALS,
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'events' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'events' },
		],
		properties: dunningEventsProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			/** The subscription is made at the provider by hand: here only the credential's secrets are checked, so that a missing one shows when the workflow is published. */
			async create(this: IHookFunctions): Promise<boolean> {
				await receiverFor(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const provider = this.getNodeParameter('provider', 'twilio') as ProviderName;
		let receiver: WebhookReceiver;
		try {
			receiver = await receiverFor(this);
		} catch (error) {
			// Misconfigured: nothing can be verified. The provider retries; the log says why.
			this.logger.error(`Dunning Events: ${(error as Error).message}`);
			return answer(this, 500, JSON.stringify({ error: 'The webhook receiver is not configured.' }));
		}

		if (this.getWebhookName() === 'setup') {
			if (!receiver.handshake) return answer(this, 405, JSON.stringify({ error: 'This URL takes POST requests from your provider.' }));
			const reply = receiver.handshake(this.getQueryData() as Record<string, string>);
			return reply.status === 200 ? answer(this, 200, reply.body, 'text/plain') : answer(this, 403, JSON.stringify({ error: 'Forbidden' }));
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxBytes = Math.round(Number(options.maxBodyKb ?? 1024) * 1024) || 1024 * 1024;
		const raw = (req as unknown as { rawBody?: unknown }).rawBody;
		const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : '');
		if (rawBody.length > maxBytes) return answer(this, 413, JSON.stringify({ error: 'Payload too large' }));

		const originalUrl = String(req.originalUrl ?? req.url ?? '');
		const base: Omit<WebhookRequest, 'url'> = {
			method: 'POST',
			headers: this.getHeaderData() as WebhookRequest['headers'],
			rawBody,
			query: this.getQueryData() as WebhookRequest['query'],
		};
		let refused: 401 | 403 = 401;
		let verified = false;
		let request: WebhookRequest = { ...base, url: originalUrl };
		for (const url of candidateUrls(this, originalUrl)) {
			request = { ...base, url };
			const check = receiver.verify(request);
			if (check.ok) {
				verified = true;
				break;
			}
			if (check.status === 403) refused = 403;
		}
		// Never which part failed: a bad signature and a missing one look alike from outside but for the status.
		if (!verified) return answer(this, refused, JSON.stringify({ error: refused === 401 ? 'Unauthorized' : 'Forbidden' }));

		const parsed = receiver.parse(request);
		if (parsed.problem !== undefined) return answer(this, 400, JSON.stringify({ error: `Unreadable webhook: ${parsed.problem}` }));
		for (const problem of parsed.problems) this.logger.warn(`Dunning Events: ${provider} event ${problem.at} skipped: ${problem.reason}`);

		const keep = new Set((this.getNodeParameter('events', []) as EventCategory[]).filter((c) => EVENT_CATEGORIES.includes(c)));
		const { record, blocks } = await openRecord(this);
		let result;
		try {
			result = await processEvents(parsed.events, record, { keep, dedupeWindowMs: Number(options.dedupeHours ?? 168) * HOUR_MS, blocks }, Date.now());
		} finally {
			await record.close();
		}

		const ok =
			provider === 'twilio'
				? answer(this, 200, EMPTY_TWIML, 'text/xml')
				: answer(this, 200, JSON.stringify({ received: parsed.events.length, emitted: result.emitted.length }));
		if (result.emitted.length === 0) return ok;
		const single = this.getNodeParameter('outputs', 'split') === 'single';
		const rawPayload = options.includeRaw === true ? this.getBodyData() : undefined;
		const outputs: INodeExecutionData[][] = single ? [[]] : [[], []];
		for (const { event, category } of result.emitted) {
			const json: IDataObject = { event: event as unknown as IDataObject };
			if (rawPayload !== undefined) (json.event as IDataObject).raw = rawPayload;
			const output = single || category === 'replies' || category === 'optOuts' ? 0 : 1;
			outputs[output].push({ json });
		}
		return { ...ok, workflowData: outputs };
	}
}

/** The record the Send node wrote (this workflow's static data, or Redis), and the debtors' opt-outs kept with it. */
async function openRecord(ctx: IWebhookFunctions): Promise<{ record: EventRecord; blocks: ContactBlocks }> {
	if (ctx.getNodeParameter('ledger', 'staticData') === 'redis') {
		const connection = await connectRedis(
			ctx.getNode(),
			await ctx.getCredentials('redis'),
			'Dunning Events reads the record of sent messages there to match events and recognise redeliveries.',
		);
		const prefix = text(ctx.getNodeParameter('redisKeyPrefix', DEFAULT_REDIS_PREFIX)) || DEFAULT_REDIS_PREFIX;
		return {
			record: new RedisEventRecord(connection.client, { prefix, onClose: connection.close }),
			blocks: new RedisContactBlocks(connection.client, prefix),
		};
	}
	const staticData = ctx.getWorkflowStaticData('global');
	// Webhook requests and runs of this workflow in this process share what they wrote before n8n saved it.
	const live = liveRecord(workflowIdOf(ctx));
	return { record: new StaticDataEventRecord(staticData, () => Date.now(), live), blocks: new StaticDataContactBlocks(staticData, live) };
}
