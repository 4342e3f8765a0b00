import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	type NodeOperationError,
} from 'n8n-workflow';

import { DEFAULT_FIELD_NAMES, type FieldNames, type ItemFields } from '../core/templates/context';
import { type ItemTemplate, MessageRenderer, type RenderRequest } from '../core/templates/message';
import { type TemplateRow, rendererSettings } from '../core/templates/settings';
import type { Channel, Tone } from '../core/templates/types';
import { errorItem, itemError, itemLabel, settingError } from '../shared/errors';
import { readField } from '../shared/fields';
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
	});
}

const FIELD_KEYS = Object.keys(DEFAULT_FIELD_NAMES) as Array<keyof FieldNames>;

function readFieldNames(param: ParameterReader, i: number): FieldNames {
	const names = {} as FieldNames;
	for (const key of FIELD_KEYS) names[key] = param(`fieldNames.${key}`, i, DEFAULT_FIELD_NAMES[key]);
	return names;
}

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
		const fromField = this.getNodeParameter('templateSource', 0, 'library') === 'field';
		const param = createParameterReader(this);
		// Field names are the same for every item unless one is an expression: read them once then.
		const constantNames = containsExpression(node.parameters.fieldNames) ? undefined : readFieldNames(param, 0);

		const fail = (i: number, error: NodeOperationError) => {
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(node, items[i].json, error, i));
		};

		for (let i = 0; i < items.length; i++) {
			const json = items[i].json;
			try {
				const names = constantNames ?? readFieldNames(param, i);
				const dunning = readField(json, 'dunning') as IDataObject | undefined;
				const stageSetting = param('stage', i, '');
				const stage =
					typeof stageSetting === 'string' && stageSetting.trim() !== ''
						? stageSetting.trim()
						: dunning !== null && typeof dunning === 'object' && hasOwn(dunning, 'stage')
							? dunning.stage
							: readField(json, names.stage);
				const fields: ItemFields = {
					customerName: readField(json, names.customerName),
					customerType: readField(json, names.customerType),
					amount: readField(json, names.amount),
					currency: readField(json, names.currency),
					dueDate: readField(json, names.dueDate),
					paymentLink: readField(json, names.paymentLink),
					boletoLine: readField(json, names.boletoLine),
					pixCode: readField(json, names.pixCode),
					invoiceId: readField(json, names.invoiceId),
					country: readField(json, names.country),
					timezone: readField(json, names.timezone),
					discount: readField(json, names.discount),
				};
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
				const request: RenderRequest = {
					json,
					stage,
					channel: param('channel', i, 'auto') as Channel | 'auto',
					tone: param('tone', i, 'auto') as Tone | 'auto',
					locale: readField(json, names.locale),
					fields,
					fieldNames: names,
					dunning,
					segment: readField(json, 'segment'),
					itemTemplate,
				};
				const message = renderer.render(request);
				if (message instanceof Error) {
					fail(i, itemError(node, message, i, itemLabel(i, fields.invoiceId)));
					continue;
				}
				output.push({ json: { ...json, message: message as unknown as IDataObject }, pairedItem: { item: i } });
			} catch (error) {
				fail(i, itemError(node, error, i, itemLabel(i, readField(json, 'invoiceId'))));
			}
		}
		return [output];
	}
}
