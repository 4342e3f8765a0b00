import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	type NodeOperationError,
} from 'n8n-workflow';

import { InvalidSettingError } from '../core/errors';
import { type Jurisdiction, type RequiredSettingError, checkRequiredSettings, combineSettingErrors, jurisdictionOfRow } from '../core/jurisdictions';
import { messageParts, missingContentError } from '../core/templates/contentParts';
import { DEFAULT_FIELD_NAMES, type FieldNames, type ItemFields, firstContactOf } from '../core/templates/context';
import { type ItemTemplate, MessageRenderer, type RenderRequest } from '../core/templates/message';
import { type TemplateRow, rendererSettings } from '../core/templates/settings';
import type { Channel, Tone } from '../core/templates/types';
import { errorItem, itemError, itemLabel, passOnRejected, settingError, upstreamError } from '../shared/errors';
import { fieldOf, readField } from '../shared/fields';
import { type ParameterReader, createParameterReader } from '../shared/parameters';
import { renderCollectionMessageProperties } from './RenderCollectionMessage.description';

/** Settings that hold for the whole execution: read once, checked by the core. */
function readSettings(ctx: IExecuteFunctions) {
	const option = <T>(name: string, fallback: T) => ctx.getNodeParameter(`options.${name}`, 0, fallback) as T;
	const library = ctx.getNodeParameter('templateSource', 0, 'library') === 'library';
	return rendererSettings({
		creditorName: ctx.getNodeParameter('creditorName', 0, '') as string,
		creditorTaxId: ctx.getNodeParameter('creditorTaxId', 0, '') as string,
		supportContact: ctx.getNodeParameter('supportContact', 0, '') as string,
		creditorAddress: ctx.getNodeParameter('creditorAddress', 0, '') as string,
		complaintsContact: ctx.getNodeParameter('complaintsContact', 0, '') as string,
		shortName: option('shortName', ''),
		defaultLocale: ctx.getNodeParameter('defaultLocale', 0, 'pt-BR') as string,
		defaultChannel: ctx.getNodeParameter('defaultChannel', 0, 'sms') as string,
		defaultCurrency: option('defaultCurrency', ''),
		optOut: option('optOut', 'auto'),
		optOutText: option('optOutText', ''),
		suspensionDays: option('suspensionDays', 15),
		earlyPaymentDiscount: option('earlyPaymentDiscount', 0),
		referenceDate: option('referenceDate', ''),
		workflowZone: ctx.getTimezone(),
		nowMs: Date.now(),
		transliterate: option('transliterate', true),
		maxSegments: option('maxSegments', 0),
		overLimit: option('overLimit', 'shorten'),
		templates: library ? (ctx.getNodeParameter('templates.template', 0, []) as TemplateRow[]) : [],
		whatsappDocument: option('whatsappDocument', true),
		whatsappButtons: option('whatsappButtons', true),
	});
}

/** Options → Message Field: a plain field name (the message is put at the top level of the item). */
function readMessageField(ctx: IExecuteFunctions): string {
	const value = ctx.getNodeParameter('options.messageField', 0, 'message') as unknown;
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '' || name === '__proto__' || name === 'constructor' || name === 'prototype') {
		throw settingError(
			ctx.getNode(),
			new InvalidSettingError(
				'Message Field',
				`"${typeof value === 'string' ? value : String(value)}" cannot hold the message`,
				'Enter a field name, such as message (what the Send node reads) or smsMessage (its SMS fallback).',
			),
		);
	}
	return name;
}

const FIELD_KEYS = Object.keys(DEFAULT_FIELD_NAMES) as Array<keyof FieldNames>;
/** The contract fields the node reads into ItemFields (under their default names, the same keys). */
const FIELD_KEYS_READ = FIELD_KEYS.filter((key): key is keyof ItemFields => key !== 'locale' && key !== 'stage');

function readFieldNames(param: ParameterReader, i: number): FieldNames {
	const names = {} as FieldNames;
	for (const key of FIELD_KEYS) names[key] = param(`fieldNames.${key}`, i, DEFAULT_FIELD_NAMES[key]);
	return names;
}

const NO_FIELDS: IDataObject = Object.freeze({}) as IDataObject;

const hasOwn = (object: IDataObject, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Whether a raw parameter value holds an n8n expression anywhere (then it is read per item). */
function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

export class RenderCollectionMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Render Collection Message',
		name: 'renderCollectionMessage',
		icon: { light: 'file:renderCollectionMessage.svg', dark: 'file:renderCollectionMessage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["channel"] === "auto" ? "Channel from segment" : {"sms": "SMS", "whatsapp": "WhatsApp", "email": "E-mail"}[$parameter["channel"]]) + ($parameter["templateSource"] === "field" ? ", template from field" : "") }}',
		description: 'Write the collection message for each invoice: SMS, WhatsApp or e-mail, in Portuguese, Spanish or English',
		defaults: { name: 'Render Collection Message' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: renderCollectionMessageProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const output: INodeExecutionData[] = [];
		if (items.length === 0) return [output];
		let renderer: MessageRenderer;
		try {
			renderer = new MessageRenderer(readSettings(this));
		} catch (error) {
			throw settingError(node, error);
		}
		const messageField = readMessageField(this);
		const fromField = this.getNodeParameter('templateSource', 0, 'library') === 'field';
		const checkContent = this.getNodeParameter('options.checkRequiredContent', 0, true) as boolean;
		const creditorSettings = {
			creditorName: renderer.settings.creditor.name,
			creditorTaxId: renderer.settings.creditor.taxId,
			creditorAddress: renderer.settings.creditor.address,
			complaintsContact: renderer.settings.creditor.complaintsContact,
			optOut: renderer.settings.optOut,
		};
		// What the creditor settings lack for a jurisdiction and channel: the same answer for every item.
		const settingProblems = new Map<Jurisdiction, Map<string, RequiredSettingError | null>>();
		const settingProblem = (j: Jurisdiction, channel: 'sms' | 'whatsapp' | 'email') => {
			let byChannel = settingProblems.get(j);
			if (!byChannel) settingProblems.set(j, (byChannel = new Map()));
			let problem = byChannel.get(channel);
			if (problem === undefined) {
				const errors = checkRequiredSettings(j, channel, creditorSettings);
				problem = errors.length > 0 ? combineSettingErrors(errors) : null;
				byChannel.set(channel, problem);
			}
			return problem;
		};
		const param = createParameterReader(this);
		// Field names are the same for every item unless one is an expression: read them once then.
		const constantNames = containsExpression(node.parameters.fieldNames) ? undefined : readFieldNames(param, 0);
		// The usual column names, and nothing under those names on Object.prototype (fieldOf's one guard: a
		// function there would read as missing): each field is then read straight from the item.
		const defaultNames =
			constantNames !== undefined && FIELD_KEYS.every((key) => constantNames[key] === DEFAULT_FIELD_NAMES[key]) && !FIELD_KEYS_READ.some((key) => key in Object.prototype);

		const fail = (i: number, error: NodeOperationError) => {
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(node, items[i].json, error, i));
		};

		// One fields object and one request, filled again for each item: the renderer keeps neither
		// (100,000 items would otherwise leave 200,000 objects behind for the garbage collector).
		const fields: ItemFields = {
			customerName: undefined,
			customerType: undefined,
			amount: undefined,
			currency: undefined,
			dueDate: undefined,
			paymentLink: undefined,
			boletoLine: undefined,
			pixCode: undefined,
			invoiceId: undefined,
			country: undefined,
			timezone: undefined,
			discount: undefined,
			boletoPdfUrl: undefined,
			invoicePdfUrl: undefined,
			state: undefined,
			firstContact: undefined,
		};
		const request: RenderRequest = {
			json: {},
			stage: undefined,
			channel: 'auto',
			tone: 'auto',
			locale: undefined,
			fields,
			fieldNames: DEFAULT_FIELD_NAMES,
			dunning: undefined,
			segment: undefined,
			itemTemplate: undefined,
		};

		for (let i = 0; i < items.length; i++) {
			const json = items[i].json;
			// Each field is read at its own line (see fieldOf); an item whose json is not an object has none.
			const item = json !== null && typeof json === 'object' ? json : NO_FIELDS;
			// A row an earlier node rejected gets no message: passed on as it is, for the Send node to skip.
			if (upstreamError(item)) {
				output.push(passOnRejected(node, json, i));
				continue;
			}
			try {
				const names = constantNames ?? readFieldNames(param, i);
				const dunning = fieldOf(item, 'dunning', item.dunning) as IDataObject | undefined;
				const stageSetting = param('stage', i, '');
				const stage =
					typeof stageSetting === 'string' && stageSetting.trim() !== ''
						? stageSetting.trim()
						: dunning !== null && typeof dunning === 'object' && hasOwn(dunning, 'stage')
							? dunning.stage
							: fieldOf(item, names.stage, item[names.stage]);
				if (defaultNames) {
					// The usual columns: each read by its name at its own line (no call per field).
					fields.customerName = item.customerName;
					fields.customerType = item.customerType;
					fields.amount = item.amount;
					fields.currency = item.currency;
					fields.dueDate = item.dueDate;
					fields.paymentLink = item.paymentLink;
					fields.boletoLine = item.boletoLine;
					fields.pixCode = item.pixCode;
					fields.invoiceId = item.invoiceId;
					fields.country = item.country;
					fields.timezone = item.timezone;
					fields.discount = item.discount;
					fields.boletoPdfUrl = item.boletoPdfUrl;
					fields.invoicePdfUrl = item.invoicePdfUrl;
					fields.state = item.state;
					fields.firstContact = item.firstContact;
				} else {
					fields.customerName = fieldOf(item, names.customerName, item[names.customerName]);
					fields.customerType = fieldOf(item, names.customerType, item[names.customerType]);
					fields.amount = fieldOf(item, names.amount, item[names.amount]);
					fields.currency = fieldOf(item, names.currency, item[names.currency]);
					fields.dueDate = fieldOf(item, names.dueDate, item[names.dueDate]);
					fields.paymentLink = fieldOf(item, names.paymentLink, item[names.paymentLink]);
					fields.boletoLine = fieldOf(item, names.boletoLine, item[names.boletoLine]);
					fields.pixCode = fieldOf(item, names.pixCode, item[names.pixCode]);
					fields.invoiceId = fieldOf(item, names.invoiceId, item[names.invoiceId]);
					fields.country = fieldOf(item, names.country, item[names.country]);
					fields.timezone = fieldOf(item, names.timezone, item[names.timezone]);
					fields.discount = fieldOf(item, names.discount, item[names.discount]);
					fields.boletoPdfUrl = fieldOf(item, names.boletoPdfUrl, item[names.boletoPdfUrl]);
					fields.invoicePdfUrl = fieldOf(item, names.invoicePdfUrl, item[names.invoicePdfUrl]);
					fields.state = fieldOf(item, names.state, item[names.state]);
					fields.firstContact = fieldOf(item, names.firstContact, item[names.firstContact]);
				}
				// The debtor's jurisdiction, read as Dunning Stage reads it; unreadable fails the item only when checked.
				let jurisdiction: Jurisdiction | null = null;
				try {
					jurisdiction = jurisdictionOfRow(fields.country, fields.state, '', names);
				} catch (error) {
					if (checkContent) {
						fail(i, itemError(node, error, i, itemLabel(i, fields.invoiceId)));
						continue;
					}
				}
				const firstContact = firstContactOf(fields.firstContact, names.firstContact, dunning !== null && typeof dunning === 'object' ? dunning : undefined, item);
				let itemTemplate: ItemTemplate | undefined;
				if (fromField) {
					const field = param('templateField', i, 'template');
					const subjectField = param('subjectField', i, 'subject');
					const whatsappNameField = param('whatsappNameField', i, 'templateName');
					itemTemplate = {
						field,
						text: readField(json, field),
						subjectField,
						subject: readField(json, subjectField),
						whatsappNameField,
						whatsappName: readField(json, whatsappNameField),
					};
				}
				request.json = json;
				request.stage = stage;
				request.channel = param('channel', i, 'auto') as Channel | 'auto';
				request.tone = param('tone', i, 'auto') as Tone | 'auto';
				request.locale = fieldOf(item, names.locale, item[names.locale]);
				request.fieldNames = names;
				request.dunning = dunning;
				request.segment = fieldOf(item, 'segment', item.segment);
				request.itemTemplate = itemTemplate;
				request.jurisdiction = jurisdiction;
				request.firstContact = firstContact;
				const message = renderer.render(request);
				if (message instanceof Error) {
					fail(i, itemError(node, message, i, itemLabel(i, fields.invoiceId)));
					continue;
				}
				if (checkContent && jurisdiction && message.channel) {
					// A creditor setting the debtor's jurisdiction requires; then, for your own templates, each required part.
					const problem =
						settingProblem(jurisdiction, message.channel) ??
						(MessageRenderer.isUserTemplate(message)
							? missingContentError(jurisdiction, message, messageParts(message, renderer.contentFacts(message)))
							: undefined);
					if (problem) {
						fail(i, itemError(node, problem, i, itemLabel(i, fields.invoiceId)));
						continue;
					}
				}
				const out = messageField === 'message' ? { ...json, message: message as unknown as IDataObject } : { ...json, [messageField]: message as unknown as IDataObject };
				output.push({ json: out, pairedItem: { item: i } });
			} catch (error) {
				fail(i, itemError(node, error, i, itemLabel(i, readField(json, 'invoiceId'))));
			}
		}
		return [output];
	}
}
