import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { dayInZone, isValidTimeZone, isoDate } from '../core/dates';
import { type AcceptedPlan, acceptOffer, readOffer } from '../core/payments/acceptance';
import { InvalidSettingError, InvalidValueError } from '../core/errors';
import {
	type ContactBlocks,
	DEFAULT_REDIS_PREFIX,
	RedisContactBlocks,
	StaticDataContactBlocks,
	liveRecord,
	phoneKey,
	workflowIdOf,
	readOptOut,
} from '../core/policy';
import { type Reply, type ReplyClassifier, type ReplyIntent, REPLY_INTENTS, createReplyClassifier } from '../core/replies';
import { connectRedis } from '../SendViaGateway/redis';
import { errorItem, itemError, itemLabel, passOnRejected, settingError, upstreamError } from '../shared/errors';
import { readField } from '../shared/fields';
import { createParameterReader } from '../shared/parameters';
import { INTENT_OUTPUT_NAMES, classifyReplyProperties } from './ClassifyReply.description';

const OUTPUTS = INTENT_OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName }));

const FIELDS = {
	text: 'event.text',
	buttonPayload: 'event.button.payload',
	buttonText: 'event.button.text',
	media: 'event.media',
	at: 'event.at',
	phone: 'event.phone',
	channel: 'event.channel',
	timezone: 'timezone',
	locale: 'locale',
	optedOut: 'optedOut',
	offer: 'offer',
	promiseDate: 'promiseDate',
} as const;

type FieldName = keyof typeof FIELDS;

/** What the row should say after this reply: the columns a write-back sets (see the inbound-replies workflow). */
interface WriteBack {
	optedOut?: string;
	promiseDate?: string;
	pausedUntil?: string;
	status?: string;
	wrongNumber?: string;
	/** An accepted offer: the plan's id, its number of instalments (1 for a settlement) and its first due date. */
	planId?: string;
	planInstalments?: number;
	nextDueDate?: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The row's opt-out with the reply's channel (or every channel) added: `true`, or the channels ("sms, whatsapp"). */
function mergedOptOut(current: unknown, channel: string, all: boolean): string {
	if (all) return 'true';
	const read = readOptOut(current);
	if (read instanceof InvalidValueError || read.all) return read instanceof InvalidValueError ? channel : 'true';
	const channels = new Set(read.channels);
	channels.add(channel);
	return [...channels].sort().join(', ');
}

/** The day (in the debtor's zone) a reply was written, as an epoch day for adding days. */
function replyDay(at: unknown, zone: string, nowMs: number): number {
	const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : Number.NaN;
	return dayInZone(Number.isFinite(ms) ? ms : nowMs, zone);
}

export class ClassifyReply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Classify Reply',
		name: 'classifyReply',
		icon: { light: 'file:classifyReply.svg', dark: 'file:classifyReply.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["outputMode"] === "single" ? "One output" : "Routed by intent" }}',
		description: 'Understand what debtors reply (opt-out, paid, promise to pay with its date, negotiate, dispute, wrong person…) in Portuguese, Spanish and English',
		defaults: { name: 'Classify Reply' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter["outputMode"] === "single" ? ["main"] : ${JSON.stringify(OUTPUTS)} }}`,
		credentials: [{ name: 'redis', required: true, displayOptions: { show: { recordBlocks: [true], ledger: ['redis'] } } }],
		properties: classifyReplyProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const single = this.getNodeParameter('outputMode', 0, 'perIntent') === 'single';
		const outputs: INodeExecutionData[][] = single ? [[]] : REPLY_INTENTS.map(() => []);
		if (items.length === 0) return outputs;
		const workflowZone = this.getTimezone();
		let classifier: ReplyClassifier;
		try {
			const phraseRows = this.getNodeParameter('extraPhrases.phrases', 0, []) as Array<{ intent?: ReplyIntent; text?: string }>;
			const extraPhrases: Partial<Record<ReplyIntent, string>> = {};
			for (const row of phraseRows) {
				if (!row.intent) continue;
				extraPhrases[row.intent] = [extraPhrases[row.intent], row.text].filter((t) => t).join('\n');
			}
			const zoneSetting = text(this.getNodeParameter('options.defaultTimeZone', 0, ''));
			classifier = createReplyClassifier({
				extraPhrases,
				extraOptOutWords: this.getNodeParameter('extraOptOutWords', 0, ''),
				confidenceThreshold: this.getNodeParameter('options.confidenceThreshold', 0, 0.5),
				defaultTimeZone: zoneSetting || workflowZone,
			});
		} catch (error) {
			throw settingError(node, error);
		}
		const holdDays = Number(this.getNodeParameter('paidHoldDays', 0, 5));
		if (!Number.isInteger(holdDays) || holdDays < 0 || holdDays > 60) {
			throw settingError(node, new InvalidSettingError('Hold After "Already Paid" (Days)', `${String(holdDays)} is not a number of days from 0 to 60`, 'Enter a whole number such as 5.'));
		}
		const param = createParameterReader(this);
		const names = {} as Record<FieldName, string>;
		for (const key of Object.keys(FIELDS) as FieldName[]) names[key] = param(`fieldNames.${key}`, 0, FIELDS[key]);

		const record = this.getNodeParameter('recordBlocks', 0, true) === true;
		let blocks: ContactBlocks | undefined;
		let closeRedis: (() => Promise<void>) | undefined;
		if (record) {
			if (this.getNodeParameter('ledger', 0, 'staticData') === 'redis') {
				const connection = await connectRedis(
					node,
					await this.getCredentials('redis'),
					'Classify Reply records opt-outs and wrong numbers there, for the Send node to honour; nothing was classified.',
				);
				closeRedis = connection.close;
				blocks = new RedisContactBlocks(connection.client, text(this.getNodeParameter('redisKeyPrefix', 0, DEFAULT_REDIS_PREFIX)) || DEFAULT_REDIS_PREFIX);
			} else {
				blocks = new StaticDataContactBlocks(this.getWorkflowStaticData('global'), liveRecord(workflowIdOf(this)));
			}
		}

		const nowMs = Date.now();
		try {
			for (let i = 0; i < items.length; i++) {
				const json = items[i].json;
				if (upstreamError(json)) {
					outputs[single ? 0 : REPLY_INTENTS.indexOf('other')].push(passOnRejected(node, json, i));
					continue;
				}
				try {
					const media = readField(json, names.media);
					const zoneText = text(readField(json, names.timezone));
					const zone = zoneText && isValidTimeZone(zoneText) ? zoneText : classifier.defaultTimeZone;
					const reply = classifier.classify({
						text: readField(json, names.text),
						buttonPayload: readField(json, names.buttonPayload),
						buttonText: readField(json, names.buttonText),
						media: Array.isArray(media) ? (media as IDataObject[]) : null,
						at: readField(json, names.at) ?? new Date(nowMs).toISOString(),
						timezone: zone,
						locale: readField(json, names.locale),
					});
					const channel = text(readField(json, names.channel)).toLowerCase() || 'sms';
					const phone = text(readField(json, names.phone));
					const day = replyDay(readField(json, names.at), zone, nowMs);
					const writeBack = writeBackOf(reply, {
						channel,
						phone,
						optedOut: readField(json, names.optedOut),
						day,
						holdDays,
					});
					// The choice of an offer's option, looked up in the offer the row carries: the accepted plan, or why not (to a person).
					let plan: AcceptedPlan | null = null;
					let planIssue: string | null = null;
					if (reply.intent === 'negotiate' && reply.choice) {
						const offer = readOffer(readField(json, names.offer));
						if (offer === null) {
							reply.reasons = `${reply.reasons.slice(0, -1)}; no plan: the plan needs the offer that was made (the item has no "${names.offer}").`;
						} else if (offer instanceof Error) {
							planIssue = 'offer unreadable';
							reply.reasons = `${reply.reasons.slice(0, -1)}; no plan, a person takes it: "${names.offer}" ${offer.problem}.`;
						} else {
							const accepted = acceptOffer(reply.choice, offer, day, zone);
							if (accepted.plan) {
								plan = accepted.plan;
								writeBack.planId = plan.planId;
								writeBack.planInstalments = plan.instalments;
								writeBack.nextDueDate = plan.firstDue;
								if (text(readField(json, names.promiseDate)) !== '') writeBack.promiseDate = '';
								reply.reasons = `${reply.reasons.slice(0, -1)}; ${accepted.reason}.`;
							} else {
								planIssue = accepted.problem;
								reply.reasons = `${reply.reasons.slice(0, -1)}; no plan, a person takes it: ${accepted.problem} (${accepted.reason}).`;
							}
						}
					}
					let recorded: string | null = null;
					if (blocks && (reply.intent === 'opt_out' || reply.intent === 'wrong_person')) {
						const result = await recordBlock(blocks, reply, phone, channel, Date.parse(text(readField(json, names.at))) || nowMs);
						if (result instanceof Error) {
							throw new NodeOperationError(node, `${itemLabel(i, readField(json, 'event.invoiceId'))}: could not record the ${reply.intent === 'opt_out' ? 'opt-out' : 'wrong number'} in the record of sent messages: ${result.message}`, {
								itemIndex: i,
								description: 'Check the record (Redis). Until it is recorded, mark the row opted out before the next run.',
							});
						}
						recorded = result;
					}
					const out: IDataObject = { ...(reply as unknown as IDataObject), writeBack: writeBack as IDataObject };
					if (reply.choice) {
						out.plan = plan as unknown as IDataObject;
						out.planIssue = planIssue;
					}
					if (recorded !== null) out.recorded = recorded;
					// A choice that cannot become a plan (offer expired, option not offered) stays a negotiation, for a person to answer.
					const route = planIssue ? 'human' : reply.intent;
					outputs[single ? 0 : REPLY_INTENTS.indexOf(route)].push({ json: { ...json, reply: out }, pairedItem: { item: i } });
				} catch (error) {
					const failure = itemError(node, error, i, itemLabel(i, readField(json, 'event.invoiceId') ?? readField(json, 'invoiceId')));
					if (!this.continueOnFail()) throw failure;
					outputs[single ? 0 : REPLY_INTENTS.indexOf('human')].push(errorItem(node, json, failure, i));
				}
			}
		} finally {
			await closeRedis?.();
		}
		return outputs;
	}
}

/** The columns a write-back sets after this reply (nothing for the intents a person handles). */
function writeBackOf(reply: Reply, context: { channel: string; phone: string; optedOut: unknown; day: number; holdDays: number }): WriteBack {
	switch (reply.intent) {
		case 'opt_out':
			return { optedOut: mergedOptOut(context.optedOut, context.channel, reply.optOutScope === 'all') };
		case 'promise_to_pay': {
			// A span ("semana que vem") holds the ladder until its last day: no day is invented.
			const date = reply.promiseDate ?? reply.promiseRange?.to ?? null;
			return date ? { promiseDate: date } : {};
		}
		case 'already_paid':
			return { pausedUntil: isoDate(context.day + context.holdDays) };
		case 'dispute':
			return { status: 'disputed' };
		case 'wrong_person':
			return context.phone ? { wrongNumber: context.phone } : {};
		default:
			return {};
	}
}

/** Keeps an opt-out or a wrong number in the record; says what was recorded, or why nothing was (or the record's error). */
async function recordBlock(blocks: ContactBlocks, reply: Reply, phone: string, channel: string, at: number): Promise<string | Error> {
	if (!/^\+\d{7,15}$/.test(phone)) return 'nothing recorded: the reply has no phone number in E.164';
	const wrong = reply.intent === 'wrong_person';
	const closed = wrong || reply.optOutScope === 'all' ? 'all' : channel;
	try {
		await blocks.block(phoneKey(phone), closed, wrong ? 'wrong_person' : 'opt_out', at, 'Classify Reply');
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
	return `${wrong ? 'wrong number' : 'opt-out'} of ${closed === 'all' ? 'every channel' : closed} recorded for ${phone.slice(0, 5)}…${phone.slice(-2)}`;
}
