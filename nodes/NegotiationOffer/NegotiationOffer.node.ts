import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	type NodeOperationError,
} from 'n8n-workflow';

import { type DateOrder, businessCalendarFromText, parseReferenceDate, resolveZoneSetting } from '../core/dates';
import {
	DEFAULT_NEGOTIATION_FIELDS,
	type MinInstalmentRow,
	type NegotiationFieldNames,
	type NegotiationPolicy,
	Negotiator,
	type ReferenceMode,
	type SettlementRangeRow,
	minInstalmentRows,
	negotiationDates,
	settlementRangeRows,
} from '../core/payments/negotiation';
import { errorItem, itemError, itemLabel, passOnRejected, settingError, upstreamError } from '../shared/errors';
import { fieldOf, readField } from '../shared/fields';
import { createParameterReader } from '../shared/parameters';
import { negotiationOfferProperties } from './NegotiationOffer.description';

type FieldNames = NegotiationFieldNames & { dueDate: string; invoiceId: string; timezone: string; status: string };

const DEFAULT_FIELDS: FieldNames = { ...DEFAULT_NEGOTIATION_FIELDS, dueDate: 'dueDate', invoiceId: 'invoiceId', timezone: 'timezone', status: 'status' };

function fieldNamesFrom(raw: IDataObject): FieldNames {
	const names = { ...DEFAULT_FIELDS };
	for (const key of Object.keys(DEFAULT_FIELDS) as Array<keyof FieldNames>) {
		const value = raw[key];
		if (typeof value === 'string' && value.trim() !== '') names[key] = value.trim();
	}
	return names;
}

/** The creditor's policy, read and checked once (a bad setting stops the node before any item). */
function readNegotiator(ctx: IExecuteFunctions): Negotiator {
	const get = <T>(name: string, fallback: T) => ctx.getNodeParameter(name, 0, fallback) as T;
	const policy: NegotiationPolicy = {
		lateFee: { kind: get<'percent' | 'fixed'>('lateFeeType', 'percent'), value: get<number>('lateFee', 0) },
		interestRate: get<number>('interestRate', 0),
		interestMethod: get<'simple' | 'compound'>('interestMethod', 'simple'),
		charges: get<Array<{ name?: string; amount?: number }>>('charges.charge', []).map((c) => ({ name: c.name ?? '', amount: c.amount ?? 0 })),
		consumer: get<boolean>('consumer', true),
		maxInstalments: get<number>('maxInstalments', 3),
		minInstalment: minInstalmentRows(get<MinInstalmentRow[]>('minInstalment.minimum', [])),
		interestPerInstalment: get<number>('interestPerInstalment', 0),
		firstDueInDays: get<number>('firstDueInDays', 7),
		validityDays: get<number>('validityDays', 10),
		countBusinessDays: get<string>('dayCount', 'calendar') === 'business',
		settlementRanges: settlementRangeRows(get<string>('settlementMode', 'default'), get<SettlementRangeRow[]>('settlementRanges.range', [])),
		businessDays: businessCalendarFromText(get<string>('holidays', ''), get<DateOrder>('options.dateFormat', 'dmy')),
		followSegment: get<boolean>('followSegment', true),
		pix: { key: get<string>('pixKey', ''), merchantName: get<string>('pixMerchantName', ''), merchantCity: get<string>('pixMerchantCity', '') },
		reference: { mode: get<ReferenceMode>('linkReference', 'none'), parameter: get<string>('referenceParameter', 'ref') },
	};
	return new Negotiator(policy);
}

export class NegotiationOffer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Negotiation Offer',
		name: 'negotiationOffer',
		icon: { light: 'file:negotiationOffer.svg', dark: 'file:negotiationOffer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["maxInstalments"] >= 2 ? "Up to " + $parameter["maxInstalments"] + " instalments" : "No instalments") + ($parameter["settlementMode"] === "none" ? "" : ", settlement") + ($parameter["pixKey"] ? ", Pix" : "") }}',
		description: 'Itemise each debt as of today and compute concrete instalment and settlement offers, with a Pix code per option',
		defaults: { name: 'Negotiation Offer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: negotiationOfferProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const output: INodeExecutionData[] = [];
		if (items.length === 0) return [output];
		let negotiator: Negotiator;
		try {
			negotiator = readNegotiator(this);
		} catch (error) {
			throw settingError(node, error);
		}
		const param = createParameterReader(this);
		const workflowZone = this.getTimezone();
		const nowMs = Date.now();
		let lastRawFields: IDataObject | undefined;
		let fields = DEFAULT_FIELDS;

		const fail = (i: number, error: NodeOperationError) => {
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(node, items[i].json, error, i));
		};

		for (let i = 0; i < items.length; i++) {
			const json = items[i].json;
			const item = json !== null && typeof json === 'object' ? json : ({} as IDataObject);
			// A row an earlier node rejected is passed on as it is: no debt, no offer, no message.
			if (upstreamError(item)) {
				output.push(passOnRejected(node, json, i));
				continue;
			}
			try {
				const rawFields = param('fieldNames', i, {}) as IDataObject;
				if (rawFields !== lastRawFields) {
					fields = fieldNamesFrom(rawFields);
					lastRawFields = rawFields;
				}
				const dates = negotiationDates({
					dunning: fieldOf(item, 'dunning', item.dunning),
					dueDate: fieldOf(item, fields.dueDate, item[fields.dueDate]),
					status: fieldOf(item, fields.status, item[fields.status]),
					timezone: fieldOf(item, fields.timezone, item[fields.timezone]),
					fieldNames: fields,
					defaultZone: resolveZoneSetting(param('options.timezone', i, '') as string, workflowZone),
					reference: parseReferenceDate(param('options.referenceDate', i, ''), nowMs),
					dateOrder: param('options.dateFormat', i, 'dmy') as DateOrder,
				});
				// Paid, cancelled, disputed or paused: nothing to negotiate, the row goes on as it is.
				if (dates.status !== 'open') {
					output.push({ json, pairedItem: { item: i } });
					continue;
				}
				const result = negotiator.negotiate({
					invoiceId: fieldOf(item, fields.invoiceId, item[fields.invoiceId]),
					amount: fieldOf(item, fields.amount, item[fields.amount]),
					currency: fieldOf(item, fields.currency, item[fields.currency]),
					dueDay: dates.dueDay,
					asOf: dates.asOf,
					ladderDaysOverdue: dates.ladderDaysOverdue,
					lateFee: fieldOf(item, fields.lateFee, item[fields.lateFee]),
					interestRate: fieldOf(item, fields.interestRate, item[fields.interestRate]),
					country: fieldOf(item, fields.country, item[fields.country]),
					segment: fieldOf(item, 'segment', item.segment),
					paymentLink: fieldOf(item, fields.paymentLink, item[fields.paymentLink]),
					boletoLine: fieldOf(item, fields.boletoLine, item[fields.boletoLine]),
					pixCode: fieldOf(item, fields.pixCode, item[fields.pixCode]),
					pixKey: fieldOf(item, fields.pixKey, item[fields.pixKey]),
					boletoPdfUrl: fieldOf(item, fields.boletoPdfUrl, item[fields.boletoPdfUrl]),
					invoicePdfUrl: fieldOf(item, fields.invoicePdfUrl, item[fields.invoicePdfUrl]),
					fieldNames: fields,
				});
				output.push({
					json: { ...json, debt: result.debt as unknown as IDataObject, offer: (result.offer ?? null) as unknown as IDataObject },
					pairedItem: { item: i },
				});
			} catch (error) {
				fail(i, itemError(node, error, i, itemLabel(i, readField(json, fields.invoiceId))));
			}
		}
		return [output];
	}
}
