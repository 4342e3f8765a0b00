import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CATEGORIES } from '../core/events/events';
import { DEFAULT_REDIS_PREFIX } from '../core/policy';

export const OUTPUT_NAMES = ['Replies', 'Statuses'];

const generic = { show: { provider: ['generic'] } };

/** The HTTP gateway's webhook fields: defaults match the shape docs/nodes/dunning-events.md documents. */
const genericField = (displayName: string, name: string, fallback: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: fallback,
	description,
	displayOptions: generic,
});

export const dunningEventsProperties: INodeProperties[] = [
	{
		displayName:
			'Give your provider the Production URL above (Webhook URLs) and publish the workflow. Behind a proxy or tunnel, set n8n’s WEBHOOK_URL to the public address: Twilio signs the URL it calls, and that must be the URL n8n shows. The node’s docs page (Docs link above) has the set-up per provider.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'HTTP SMS Gateway (Any Provider)', value: 'generic', description: 'Your gateway posts JSON; set the field names below' },
			{ name: 'Infobip', value: 'infobip', description: 'Delivery reports and inbound SMS/WhatsApp' },
			{ name: 'Meta WhatsApp Cloud API', value: 'meta', description: 'Statuses, replies and marketing opt-outs of your WhatsApp app' },
			{ name: 'Twilio', value: 'twilio', description: 'Status callbacks and incoming SMS/WhatsApp' },
			{ name: 'Zenvia', value: 'zenvia', description: 'MESSAGE_STATUS and MESSAGE subscriptions' },
		],
		default: 'twilio',
		description: 'Whose webhooks arrive at this URL. Use one Dunning Events node per provider.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Delivered and Read', value: 'delivered', description: 'Final good statuses: one or two per message' },
			{ name: 'Failures', value: 'failures', description: 'Failed or undelivered after the provider accepted the message (e.g. WhatsApp 131047 outside the 24-hour window)' },
			{ name: 'Opt-Outs and Opt-Ins', value: 'optOuts', description: 'STOP handled by the provider itself (Twilio), marketing stops (Meta)' },
			{ name: 'Replies', value: 'replies', description: 'What debtors write back: text, button taps, receipts' },
			{ name: 'Sent and Queued', value: 'sent', description: 'Intermediate statuses: usually noise' },
		],
		default: [...DEFAULT_CATEGORIES],
		description: 'Which events start the workflow. The others are still answered and still update the record of sent messages, but start nothing.',
		hint: 'Every message can bring 3–4 statuses: keep only what your workflow acts on',
	},
	{
		displayName: 'Outputs',
		name: 'outputs',
		type: 'options',
		options: [
			{ name: 'Replies and Statuses', value: 'split', description: 'Replies and opt-outs on the first output, statuses on the second' },
			{ name: 'One Output', value: 'single' },
		],
		default: 'split',
	},
	{
		displayName: 'Sent Messages Record',
		name: 'ledger',
		type: 'options',
		options: [
			{
				name: 'Workflow Static Data (One Instance)',
				value: 'staticData',
				description: 'The record of this workflow: put Dunning Events in the workflow whose Send node sends',
			},
			{ name: 'Redis (Queue Mode, Several Workers)', value: 'redis', description: 'The record every workflow and worker shares' },
		],
		default: 'staticData',
		description: 'Where the Send node recorded what it sent: events are matched to their invoice there, redeliveries recognised, and outcomes written back',
		hint: 'Pick what your Send node uses. With static data, replies are matched only when the Send node is in this same workflow.',
	},
	{
		displayName: 'Redis Key Prefix',
		name: 'redisKeyPrefix',
		type: 'string',
		default: DEFAULT_REDIS_PREFIX,
		description: 'The same prefix as in the Send node',
		displayOptions: { show: { ledger: ['redis'] } },
	},
	genericField('Events Field', 'eventsPath', 'events', 'Where a batched webhook lists its events (leave empty when each webhook is one event)'),
	genericField('Message ID Field', 'messageIdPath', 'id', 'The gateway’s id of the message'),
	genericField('Status Field', 'statusPath', 'status', 'The status word; an event without one is a reply'),
	genericField('Reference Field', 'correlationPath', 'client_ref', 'Where the gateway echoes the idempotency key the Send node sent'),
	genericField('Recipient Field', 'phonePath', 'to', 'The debtor’s number on a status'),
	genericField('Sender Field', 'senderPhonePath', 'from', 'The debtor’s number on a reply'),
	genericField('Text Field', 'textPath', 'text', 'A reply’s text'),
	genericField('Time Field', 'timestampPath', 'timestamp', 'When it happened: an ISO date or Unix seconds'),
	genericField('Error Code Field', 'errorCodePath', 'error_code', 'The gateway’s error code on a failure'),
	genericField('In Reply To Field', 'inReplyToPath', 'in_reply_to', 'The id of our message a reply answers'),
	genericField('Button Text Field', 'buttonTextPath', 'button_text', ''),
	genericField('Button Payload Field', 'buttonPayloadPath', 'button_payload', ''),
	genericField('Media URL Field', 'mediaUrlPath', 'media_url', ''),
	genericField('Media Type Field', 'mediaTypePath', 'media_type', ''),
	{
		displayName: 'Channel',
		name: 'genericChannel',
		type: 'options',
		options: [
			{ name: 'SMS', value: 'sms' },
			{ name: 'WhatsApp', value: 'whatsapp' },
		],
		default: 'sms',
		displayOptions: generic,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Raw Payload',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the provider’s request body as event.raw (it can hold phone numbers and names: keep it off unless you need it)',
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodyKb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16384 },
				default: 1024,
				description: 'Larger webhooks are refused with 413 and start nothing',
			},
			{
				displayName: 'Remember Events For (Hours)',
				name: 'dedupeHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 720 },
				default: 168,
				description: 'Providers deliver at least once and retry for days (Meta up to 7): an event seen again within this time is answered but starts nothing',
			},
		],
	},
];
