import type { INodeProperties } from 'n8n-workflow';

export const PHASE_OUTPUT_NAMES = ['Pre-Collection', 'Dunning', 'Negotiation', 'Legal', 'Settled', 'No Action'];

export const dunningStageProperties: INodeProperties[] = [
	{
		displayName: 'Ladder',
		name: 'ladderPreset',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Aging Buckets (30/60/90 Days)',
				value: 'aging',
				description: '1-30 and 31-60 days dunning, 61-90 negotiation, over 90 legal',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Your own list of stages',
			},
			{
				name: 'Default (Reminders, Dunning, Negotiation, Legal)',
				value: 'default',
				description:
					'Reminders 7 and 1 days before and on the due date; notices at 3, 6, 9 and 15 days overdue; negotiation from day 30; legal notice from day 90',
			},
		],
		default: 'default',
		description: 'The collection ladder (régua de cobrança): which stage applies how many days after the due date',
	},
	{
		displayName: 'Stages',
		name: 'stages',
		placeholder: 'Add Stage',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: { show: { ladderPreset: ['custom'] } },
		description: 'The stages in order of First Day. Days are counted from the due date: -7 is a week before, 0 the due date, 30 a month after.',
		options: [
			{
				name: 'stage',
				displayName: 'Stage',
				values: [
					{
						displayName: 'First Day',
						name: 'firstDay',
						type: 'number',
						default: 0,
						description: 'Days after the due date when this stage starts (negative:	before the due date)',
					},
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. overdue_3d',
						description: 'Short name of the stage;	it is what Last Stage Sent stores and what templates are chosen by',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'e.g. Payment not identified',
						description: 'A human description, shown in the output',
					},
					{
						displayName: 'Last Day',
						name: 'lastDay',
						type: 'string',
						default: '',
						placeholder: 'e.g. 5',
						description: 'Last day of this stage;	leave empty to run until the next stage starts (the last stage then runs on)',
					},
					{
						displayName: 'Phase',
						name: 'phase',
						type: 'options',
						options: [
							{
								name: 'Dunning',
								value: 'dunning',
							},
							{
								name: 'Legal',
								value: 'legal',
							},
							{
								name: 'Negotiation',
								value: 'negotiation',
							},
							{
								name: 'Pre-Collection',
								value: 'pre_collection',
							},
						],
						default: 'dunning',
					},
			],
			},
		],
	},
	{
		displayName: 'Due Date Field',
		name: 'dueDateField',
		type: 'string',
		default: 'dueDate',
		placeholder: 'e.g. Vencimento',
		description: 'Name of the field (column) with the due date. Use a dot for nested fields, e.g. invoice.dueDate.',
		hint: 'Reads ISO dates (2026-11-23), 23/11/2026, Excel date numbers and Unix timestamps',
	},
	{
		displayName: 'Count Days In',
		name: 'dayCount',
		type: 'options',
		options: [
			{ name: 'Business Days', value: 'business', description: 'Skip weekends and holidays: each debtor’s bank holidays, and the ones you list' },
			{ name: 'Calendar Days', value: 'calendar', description: 'Every day counts' },
		],
		default: 'calendar',
	},
	{
		displayName: 'Holiday Calendar',
		name: 'holidaySource',
		type: 'options',
		options: [
			{
				name: 'Built-In for Each Debtor’s Country and State',
				value: 'builtIn',
				description: 'National and state bank holidays of the row’s country and state (Brazil’s 27 states, Mexico, the US states…), plus the dates you list',
			},
			{ name: 'Only My Holiday List', value: 'listOnly', description: 'The dates you list, for every debtor' },
		],
		default: 'builtIn',
		displayOptions: { show: { dayCount: ['business'] } },
		hint: 'A due date on a weekend or bank holiday moves to the next business day (Carnival, Corpus Christi…)',
	},
	{
		displayName: 'Holidays',
		name: 'holidays',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. 2026-12-24, BR-SP: 25/01/2026',
		displayOptions: { show: { dayCount: ['business'] } },
		description:
			'Your own days off, separated by commas or new lines: municipal holidays, company closures. A date counts for every debtor; "BR-SP: 25/01/2026" only for that state, "MX: …" for that country.',
	},
	{
		displayName: 'Consolidate per Debtor',
		name: 'consolidate',
		type: 'boolean',
		default: false,
		description:
			'Whether to output one item per customer with all their open invoices (total amount, oldest due date driving the stage) instead of one item per invoice',
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One Output per Phase',
				value: 'perPhase',
				description: 'Route items to Pre-Collection, Dunning, Negotiation, Legal, Settled and No Action outputs',
			},
			{
				name: 'Single Output',
				value: 'single',
				description: 'All items on one output, with the stage in the dunning field',
			},
		],
		default: 'single',
	},
	{
		displayName: 'Field Names',
		name: 'fieldNames',
		type: 'collection',
		placeholder: 'Change a Field Name',
		default: {},
		description: 'Names of the other input fields, if your columns are named differently',
		options: [
			{
				displayName: 'Amount Field',
				name: 'amount',
				type: 'string',
				default: 'amount',
				description: 'Used when consolidating per debtor',
			},
			{
				displayName: 'Country Field',
				name: 'country',
				type: 'string',
				default: 'country',
				description: 'The debtor’s country (BR, MX, US…): whose holidays count with business days',
			},
			{
				displayName: 'Currency Field',
				name: 'currency',
				type: 'string',
				default: 'currency',
				description: 'Used when consolidating per debtor: amounts in different currencies are kept apart',
			},
			{
				displayName: 'Customer ID Field',
				name: 'customerId',
				type: 'string',
				default: 'customerId',
				description: 'Used when consolidating per debtor',
			},
			{
				displayName: 'Invoice ID Field',
				name: 'invoiceId',
				type: 'string',
				default: 'invoiceId',
				description: 'Shown in error messages and in the consolidated invoice list',
			},
			{
				displayName: 'Last Stage Sent Field',
				name: 'lastStageSent',
				type: 'string',
				default: 'lastStageSent',
				description: 'The stage already sent for this invoice, so that each stage is sent once',
			},
			{
				displayName: 'State Field',
				name: 'state',
				type: 'string',
				default: 'state',
				description: 'The debtor’s state (SP or BR-SP, CA or US-CA): its own holidays count too',
			},
			{
				displayName: 'Status Field',
				name: 'status',
				type: 'string',
				default: 'status',
				description: 'Open, paid, cancelled, disputed or paused; empty means open',
			},
			{
				displayName: 'Time Zone Field',
				name: 'timezone',
				type: 'string',
				default: 'timezone',
				description: "The debtor's IANA time zone, e.g. America/Sao_Paulo; empty uses the Time Zone option",
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
				displayName: 'Date Format',
				name: 'dateFormat',
				type: 'options',
				options: [
					{ name: 'Day/Month/Year (23/11/2026)', value: 'dmy' },
					{ name: 'Month/Day/Year (11/23/2026)', value: 'mdy' },
				],
				default: 'dmy',
				description: 'How to read dates written with slashes; ISO dates, Excel numbers and timestamps are always understood',
			},
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'e.g. BR',
				description: 'With business days: the country whose holidays count for rows without a country (empty: such rows skip only weekends and your list)',
			},
			{
				displayName: 'Reference Date',
				name: 'referenceDate',
				type: 'dateTime',
				default: '',
				description: "The day to count from, e.g. to preview tomorrow's run. Empty means today in each debtor's time zone.",
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/Sao_Paulo',
				description: "Time zone for items without one. Empty uses the workflow's time zone (Workflow Settings).",
			},
		],
	},
];
