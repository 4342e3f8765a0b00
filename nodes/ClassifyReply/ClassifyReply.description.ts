import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_REDIS_PREFIX } from '../core/policy';
import { INTENT_LABELS, REPLY_INTENTS } from '../core/replies';

export const INTENT_OUTPUT_NAMES = REPLY_INTENTS.map((intent) => INTENT_LABELS[intent]);

const field = (displayName: string, name: string, fallback: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: fallback,
	description,
});

export const classifyReplyProperties: INodeProperties[] = [
	{
		displayName:
			'Reads what debtors write back (from Dunning Events, or any item with a text field) in Portuguese, Spanish and English: opt-out, already paid, promise to pay (with the date), negotiate, payment info, dispute, wrong person, a person wanted, or other. A reply choosing an option of the offer on the item ("quero em 3x", "opção 2", "à vista") becomes the accepted plan. No AI service is called.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Output per Intent', value: 'perIntent', description: INTENT_OUTPUT_NAMES.join(', ') },
			{ name: 'Single Output', value: 'single', description: 'All replies on one output, with the intent in reply.intent' },
		],
		default: 'perIntent',
	},
	{
		displayName: 'Hold After "Already Paid" (Days)',
		name: 'paidHoldDays',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60 },
		default: 5,
		description: 'When a debtor says they paid, reply.writeBack.pausedUntil holds the ladder this many days while the payment is checked',
	},
	{
		displayName: 'Record Opt-Outs and Wrong Numbers',
		name: 'recordBlocks',
		type: 'boolean',
		default: true,
		description:
			'Whether to keep each opt-out ("PARAR", STOP) and each "wrong number" in the record of sent messages, so that the Send node skips that number on every later run, even before your data is updated',
	},
	{
		displayName: 'Sent Messages Record',
		name: 'ledger',
		type: 'options',
		options: [
			{ name: 'Workflow Static Data (One Instance)', value: 'staticData', description: 'This workflow’s record: the Send node that must honour it is in this workflow' },
			{ name: 'Redis (Queue Mode, Several Workers)', value: 'redis', description: 'The record every workflow and worker shares' },
		],
		default: 'staticData',
		displayOptions: { show: { recordBlocks: [true] } },
		hint: 'Pick what your Send node uses',
	},
	{
		displayName: 'Redis Key Prefix',
		name: 'redisKeyPrefix',
		type: 'string',
		default: DEFAULT_REDIS_PREFIX,
		description: 'The same prefix as in the Send node',
		displayOptions: { show: { recordBlocks: [true], ledger: ['redis'] } },
	},
	{
		displayName: 'Extra Opt-Out Words',
		name: 'extraOptOutWords',
		type: 'string',
		default: '',
		placeholder: 'e.g. DESCADASTRAR, não perturbe',
		description: 'Words or phrases that mean "stop" for your debtors, separated by commas or new lines: honoured wherever they appear (unless negated)',
	},
	{
		displayName: 'Extra Phrases',
		name: 'extraPhrases',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Phrases',
		default: {},
		description: 'Words your debtors use for an intent that the built-in lists miss',
		options: [
			{
				displayName: 'Phrases',
				name: 'phrases',
				values: [
					{
						displayName: 'Intent',
						name: 'intent',
						type: 'options',
						options: REPLY_INTENTS.filter((i) => i !== 'other' && i !== 'opt_out').map((value) => ({ name: INTENT_LABELS[value], value })),
						default: 'already_paid',
					},
					{ displayName: 'Phrases', name: 'text', type: 'string', default: '', placeholder: 'e.g. paguei na lotérica, tá quitado', description: 'Separated by commas or new lines' },
				],
			},
		],
	},
	{
		displayName: 'Field Names',
		name: 'fieldNames',
		type: 'collection',
		placeholder: 'Change a Field Name',
		default: {},
		description: 'Where the reply is in each item, if it does not come straight from Dunning Events',
		options: [
			field('Button Payload Field', 'buttonPayload', 'event.button.payload', 'The tapped quick-reply button’s payload'),
			field('Button Text Field', 'buttonText', 'event.button.text', 'The tapped button’s label'),
			field('Channel Field', 'channel', 'event.channel', 'sms or whatsapp: the channel an opt-out closes'),
			field('Locale Field', 'locale', 'locale', 'A hint when the words do not say the language (pt-BR, es-MX, en-US)'),
			field('Media Field', 'media', 'event.media', 'Attachments ([{type, mime}]): a photo or PDF with "paguei" is a receipt'),
			field('Offer Field', 'offer', 'offer', 'The offer that was made (Negotiation Offer’s offer, or its JSON): a reply choosing one of its options becomes reply.plan and the plan’s write-back'),
			field('Opted Out Field', 'optedOut', 'optedOut', 'The row’s current opt-out, merged into reply.writeBack.optedOut'),
			field('Phone Field', 'phone', 'event.phone', 'The debtor’s number: where an opt-out or a wrong number is recorded'),
			field('Promise Date Field', 'promiseDate', 'promiseDate', 'The row’s promised day: an accepted plan clears it (reply.writeBack.promiseDate empty)'),
			field('Sent At Field', 'at', 'event.at', 'When the debtor wrote (ISO): "amanhã", "sexta" count from it'),
			field('Text Field', 'text', 'event.text', 'The reply’s text'),
			field('Time Zone Field', 'timezone', 'timezone', 'The debtor’s IANA time zone, for dates in words'),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Confidence Threshold',
				name: 'confidenceThreshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.5,
				description: 'Below this, a reading (irony, a question, mixed signals) goes to Human; an opt-out never does',
			},
			{
				displayName: 'Default Time Zone',
				name: 'defaultTimeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/Sao_Paulo',
				description: 'For replies without a time zone; empty uses the workflow’s',
			},
		],
	},
];
