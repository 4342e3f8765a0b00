import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { DEFAULT_GENERIC_BODY_TEMPLATE } from '../core/gateways/generic';

export const CREDENTIAL_TYPES = {
	generic: 'dunningHttpGatewayApi',
	infobip: 'dunningInfobipApi',
	meta: 'dunningWhatsAppCloudApi',
	twilio: 'dunningTwilioApi',
	zenvia: 'dunningZenviaApi',
} as const;

/**
 * One credential per provider, and n8n's own Redis credential for the shared record of sent
 * messages (queue mode): the Send node and the Dunning Events trigger take the same ones.
 */
export const PROVIDER_CREDENTIALS: INodeCredentialDescription[] = (Object.entries(CREDENTIAL_TYPES) as Array<[keyof typeof CREDENTIAL_TYPES, string]>)
	.map(([provider, name]): INodeCredentialDescription => ({ name, required: true, displayOptions: { show: { provider: [provider] } } }))
	.concat({ name: 'redis', required: true, displayOptions: { show: { ledger: ['redis'] } } });

const generic = { show: { provider: ['generic'] } };

export const sendProperties: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'HTTP SMS Gateway (Any Provider)', value: 'generic', description: 'A regional SMS reseller with an HTTP API' },
			{ name: 'Infobip', value: 'infobip', description: 'SMS and WhatsApp templates' },
			{ name: 'Meta WhatsApp Cloud API', value: 'meta', description: 'WhatsApp templates and text, directly from Meta' },
			{ name: 'Twilio', value: 'twilio', description: 'SMS and WhatsApp' },
			{ name: 'Zenvia', value: 'zenvia', description: 'SMS and WhatsApp (Brazil)' },
		],
		default: 'twilio',
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		options: [
			{ name: 'From the Message', value: 'message', description: 'The channel Render Collection Message chose (message.channel)' },
			{ name: 'SMS', value: 'sms' },
			{ name: 'WhatsApp', value: 'whatsapp' },
		],
		default: 'message',
	},
	{
		displayName: 'Message Field',
		name: 'messageField',
		type: 'string',
		default: 'message',
		description: 'The field holding the message object from Render Collection Message (channel, text, WhatsApp template)',
	},
	{
		displayName: 'Phone Field',
		name: 'phoneField',
		type: 'string',
		default: 'phone',
		description: 'The field with the debtor’s phone number, in any common format',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: 'BR',
		placeholder: 'e.g. BR',
		description: 'Country (ISO code) for numbers written without a country code, when the item has no Country field',
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.invoiceId }}-{{ $json.dunning.stage }}',
		description: 'A key that identifies this message, sent to the provider to match its status reports. Empty: invoice ID + stage + channel.',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		displayOptions: generic,
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'POST',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		displayOptions: generic,
		default: '/send',
		placeholder: 'e.g. /api/v1/sms/send',
		description: 'Added to the credential’s Base URL; may use placeholders such as {{to_digits}}',
	},
	{
		displayName: 'Body Format',
		name: 'contentType',
		type: 'options',
		displayOptions: generic,
		options: [
			{ name: 'Form', value: 'form', description: 'Sent as application/x-www-form-urlencoded' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Query String (GET)', value: 'query' },
		],
		default: 'json',
	},
	{
		displayName: 'Body Template',
		name: 'bodyTemplate',
		type: 'string',
		typeOptions: { rows: 4 },
		displayOptions: generic,
		default: DEFAULT_GENERIC_BODY_TEMPLATE,
		description:
			'The request body with placeholders: {{to_e164}}, {{to_digits}}, {{to_national}}, {{text}}, {{from}}, {{channel}}, {{idempotency_key}}, {{callback_url}}. Values are escaped for JSON or the form.',
	},
	{
		displayName: 'Success Field',
		name: 'successPath',
		type: 'string',
		displayOptions: generic,
		default: '',
		placeholder: 'e.g. status',
		description: 'A field of the reply that says the message was accepted; empty: any 2xx reply is a success',
	},
	{
		displayName: 'Success Values',
		name: 'successValues',
		type: 'string',
		displayOptions: generic,
		default: '',
		placeholder: 'e.g. OK, 00',
		description: 'Values of the Success Field that mean accepted, separated by commas',
	},
	{
		displayName: 'Message ID Field',
		name: 'messageIdPath',
		type: 'string',
		displayOptions: generic,
		default: '',
		placeholder: 'e.g. result.reference',
	},
	{
		displayName: 'Error Code Field',
		name: 'errorCodePath',
		type: 'string',
		displayOptions: generic,
		default: '',
		placeholder: 'e.g. error.code',
	},
	{
		displayName: 'Error Message Field',
		name: 'errorMessagePath',
		type: 'string',
		displayOptions: generic,
		default: '',
		placeholder: 'e.g. error.message',
	},
	{
		displayName: 'Field Names',
		name: 'fieldNames',
		type: 'collection',
		placeholder: 'Change a Field Name',
		default: {},
		options: [
			{ displayName: 'Country Field', name: 'country', type: 'string', default: 'country' },
			{
				displayName: 'Debtor ID Field',
				name: 'debtorId',
				type: 'string',
				default: 'customerId',
				description: 'Who counts as one debtor for the daily cap; empty values fall back to the phone number',
			},
			{ displayName: 'Invoice ID Field', name: 'invoiceId', type: 'string', default: 'invoiceId' },
			{
				displayName: 'Opt-Out Field',
				name: 'optedOut',
				type: 'string',
				default: 'optedOut',
				description: 'True, yes or sim to opt out of every channel, or a list of channels (sms, whatsapp)',
			},
			{ displayName: 'Stage Field', name: 'stage', type: 'string', default: 'dunning.stage' },
			{
				displayName: 'State Field',
				name: 'state',
				type: 'string',
				default: 'state',
				description: 'The debtor’s state (SP or BR-SP, CA or US-CA): its contact hours, holidays and time zone',
			},
			{
				displayName: 'Time Zone Field',
				name: 'timezone',
				type: 'string',
				default: 'timezone',
				description: "The debtor's IANA time zone; empty uses the zone of the debtor's country",
			},
			{
				displayName: 'Wrong Number Field',
				name: 'wrongNumber',
				type: 'string',
				default: 'wrongNumber',
				description: 'Numbers the person answering said are not the debtor’s (Classify Reply writes them back): a message to one of them is skipped (wrong_person)',
			},
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
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to build every request without sending it: items go to Skipped with the request that would have been sent (secrets removed)',
			},
			{
				displayName: 'Dry Run As Of',
				name: 'dryRunAt',
				type: 'dateTime',
				default: '',
				description:
					'With Dry Run: check contact hours and holidays as they will be at this moment, e.g. to preview tomorrow morning’s run. Ignored without Dry Run: real messages always follow the real clock.',
			},
			{
				displayName: 'Mask Phone Numbers',
				name: 'maskPhones',
				type: 'boolean',
				default: false,
				description: 'Whether to show phone numbers in the output as +55 11 9****-**21',
			},
			{
				displayName: 'Status Callback URL',
				name: 'statusCallbackUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/delivery-status',
				description: 'Where the provider reports delivery (Twilio, Infobip)',
			},
			{
				displayName: 'Template IDs',
				name: 'templateIds',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Twilio Content SIDs (HX…) or Zenvia template IDs for each WhatsApp template name',
				options: [
					{
						name: 'template',
						displayName: 'Template',
						values: [
							{ displayName: 'Provider Template ID', name: 'id', type: 'string', default: '' },
							{ displayName: 'Template Name', name: 'name', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 20000,
				description: 'How long to wait for the provider. A timeout after the request was sent is reported as unknown, not retried.',
			},
		],
	},
];
