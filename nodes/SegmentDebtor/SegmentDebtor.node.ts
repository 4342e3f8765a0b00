import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	type NodeOperationError,
} from 'n8n-workflow';

import { type AbSplit, type VariantWeight, buildAbSplit, debtorVariant } from '../core/abSplit';
import { type DateOrder, parseReferenceDate, resolveZoneSetting } from '../core/dates';
import { type ClassifyContext, createClassifyContext } from '../core/dunning';
import { DEFAULT_LADDER, type Ladder, buildLadder } from '../core/ladder';
import {
	BUILT_IN_SEGMENTS,
	DEBTOR_TYPES,
	DEFAULT_DEBTOR_FIELDS,
	type DebtorFieldNames,
	type SegmentPolicy,
	type SegmentRule,
	type SegmentRuleRow,
	type DebtorInput,
	type ValueTierRow,
	buildPolicy,
	buildSegmentRules,
	builtInSegment,
	builtInSegmentName,
	checkFallbackSegmentName,
	debtStateFromDunning,
	profileDebtor,
	readDebtState,
	segmentByRules,
} from '../core/segments';
import { errorItem, itemError, itemLabel, passOnRejected, settingError, upstreamError } from '../shared/errors';
import { fieldOf, readField } from '../shared/fields';
import { createParameterReader } from '../shared/parameters';
import {
	DEBTOR_TYPE_OUTPUT_NAMES,
	DEFAULT_FALLBACK_SEGMENT,
	SEGMENT_OUTPUT_NAMES,
	segmentDebtorProperties,
} from './SegmentDebtor.description';

interface OutputParameters {
	mode?: string;
	outputMode?: string;
	rules?: { values?: Array<{ segment?: string }> };
	options?: { fallbackSegment?: string };
}

/**
 * The node's outputs from its parameters. Evaluated by n8n inside the `outputs` expression (so it
 * must stand alone: no imports, no outer variables) and by this node to size its output arrays.
 */
export function configuredOutputs(
	parameters: OutputParameters,
	segmentNames: string[],
	debtorTypeNames: string[],
): Array<string | { type: string; displayName: string }> {
	const named = (displayName: string) => ({ type: 'main', displayName });
	if (parameters.outputMode === 'perDebtorType') return debtorTypeNames.map(named);
	if (parameters.outputMode !== 'perSegment') return ['main'];
	if (parameters.mode !== 'custom') return segmentNames.map(named);
	const rules = (parameters.rules && parameters.rules.values) || [];
	const outputs = rules.map((rule, index) => named(rule.segment || `Rule ${index + 1}`));
	outputs.push(named((parameters.options && parameters.options.fallbackSegment) || 'other'));
	return outputs;
}

interface Settings {
	custom: boolean;
	rules: SegmentRule[];
	outputMode: string;
	outputCount: number;
	split?: AbSplit;
	/** "Variant B of experiment "x"", once per variant. */
	variantReasons: Map<string, string>;
	valueTierRows: ValueTierRow[];
	ladder: Ladder;
}

type FieldNames = DebtorFieldNames & {
	customerId: string;
	invoiceId: string;
	dunning: string;
	dueDate: string;
	status: string;
	timezone: string;
};

const NO_FIELDS: IDataObject = Object.freeze({}) as IDataObject;

const DEFAULT_FIELDS: FieldNames = {
	...DEFAULT_DEBTOR_FIELDS,
	customerId: 'customerId',
	invoiceId: 'invoiceId',
	dunning: 'dunning',
	dueDate: 'dueDate',
	status: 'status',
	timezone: 'timezone',
};

function fieldNamesFrom(raw: IDataObject): FieldNames {
	const names = { ...DEFAULT_FIELDS };
	for (const key of Object.keys(DEFAULT_FIELDS) as Array<keyof FieldNames>) {
		const value = raw[key];
		if (typeof value === 'string' && value.trim() !== '') names[key] = value.trim();
	}
	return names;
}

/** Settings that hold for the whole execution: read, validated and built once. */
function readSettings(ctx: IExecuteFunctions): Settings {
	const parameters = ctx.getNode().parameters as OutputParameters & IDataObject;
	const custom = ctx.getNodeParameter('mode', 0, 'standard') === 'custom';
	const outputMode = ctx.getNodeParameter('outputMode', 0, 'single') as string;
	let rules: SegmentRule[] = [];
	let fallback = DEFAULT_FALLBACK_SEGMENT;
	if (custom) {
		// Read each rule's own fields, not the whole list: that would resolve every condition for item 0.
		const count = parameters.rules?.values?.length ?? 0;
		const rows: SegmentRuleRow[] = [];
		for (let r = 0; r < count; r++) {
			rows.push({
				segment: ctx.getNodeParameter(`rules.values[${r}].segment`, 0, ''),
				tone: ctx.getNodeParameter(`rules.values[${r}].tone`, 0, 'auto'),
				offer: ctx.getNodeParameter(`rules.values[${r}].offer`, 0, 'auto'),
				channels: ctx.getNodeParameter(`rules.values[${r}].channels`, 0, ''),
			});
		}
		rules = buildSegmentRules(rows);
		fallback = checkFallbackSegmentName(ctx.getNodeParameter('options.fallbackSegment', 0, DEFAULT_FALLBACK_SEGMENT));
	}
	let split: AbSplit | undefined;
	if (ctx.getNodeParameter('abSplit', 0, false) === true) {
		split = buildAbSplit(
			ctx.getNodeParameter('experiment', 0, 'experiment-1') as string,
			ctx.getNodeParameter('variants.variant', 0, []) as VariantWeight[],
		);
	}
	const outputCount = configuredOutputs(
		{ mode: custom ? 'custom' : 'standard', outputMode, rules: { values: rules.map((r) => ({ segment: r.name })) }, options: { fallbackSegment: fallback } },
		SEGMENT_OUTPUT_NAMES,
		DEBTOR_TYPE_OUTPUT_NAMES,
	).length;
	const valueTierRows = ctx.getNodeParameter('valueTiers.tier', 0, []) as ValueTierRow[];
	const variantReasons = new Map((split?.variants ?? []).map((v) => [v.name, `Variant ${v.name} of experiment "${split?.experiment}"`]));
	return { custom, rules, outputMode, outputCount, split, variantReasons, valueTierRows, ladder: buildLadder(DEFAULT_LADDER) };
}

/** What the Options collection gives, built once per distinct value (once in total unless it holds expressions). */
interface ItemOptions {
	policy: SegmentPolicy;
	dateOrder: DateOrder;
	fallback: string;
	referenceSetting: unknown;
	zoneSetting: string;
}

function itemOptionsFrom(raw: IDataObject, valueTierRows: ValueTierRow[]): ItemOptions {
	return {
		policy: buildPolicy(raw as Partial<Record<keyof SegmentPolicy, unknown>>, valueTierRows),
		dateOrder: raw.dateFormat === 'mdy' ? 'mdy' : 'dmy',
		fallback: raw.fallbackSegment === undefined ? DEFAULT_FALLBACK_SEGMENT : checkFallbackSegmentName(raw.fallbackSegment),
		referenceSetting: raw.referenceDate ?? '',
		zoneSetting: typeof raw.timezone === 'string' ? raw.timezone : '',
	};
}

export class SegmentDebtor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment Debtor',
		name: 'segmentDebtor',
		icon: { light: 'file:segmentDebtor.svg', dark: 'file:segmentDebtor.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["mode"] === "custom" ? "Custom rules" : "Standard model") + ({"perSegment": ", routed by segment", "perDebtorType": ", routed by debtor type"}[$parameter["outputMode"]] || "") }}',
		description: 'Segment each debtor (first-time, casual, intentional) and choose tone, channels, offer and priority',
		defaults: { name: 'Segment Debtor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ (${configuredOutputs.toString()})($parameter, ${JSON.stringify(SEGMENT_OUTPUT_NAMES)}, ${JSON.stringify(DEBTOR_TYPE_OUTPUT_NAMES)}) }}`,
		properties: segmentDebtorProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		let settings: Settings;
		try {
			settings = readSettings(this);
		} catch (error) {
			throw settingError(node, error);
		}
		const outputs: INodeExecutionData[][] = Array.from({ length: settings.outputCount }, () => []);
		if (items.length === 0) return outputs;
		const segmentIndex = new Map(BUILT_IN_SEGMENTS.map((s, i) => [s.name as string, i]));

		const param = createParameterReader(this);
		const workflowZone = this.getTimezone();
		const nowMs = Date.now();
		let lastRawFields: IDataObject | undefined;
		let fields = DEFAULT_FIELDS;
		let lastRawOptions: IDataObject | undefined;
		let options: ItemOptions | undefined;
		let classifyContext: ClassifyContext | undefined;

		const classifyContextFor = (opts: ItemOptions): ClassifyContext =>
			(classifyContext ??= createClassifyContext({
				ladder: settings.ladder,
				dateOrder: opts.dateOrder,
				reference: parseReferenceDate(opts.referenceSetting, nowMs),
				defaultZone: resolveZoneSetting(opts.zoneSetting, workflowZone),
				fields: { dueDate: fields.dueDate, status: fields.status, lastStageSent: 'lastStageSent', timezone: fields.timezone },
			}));
		const fail = (i: number, error: NodeOperationError) => {
			if (!this.continueOnFail()) throw error;
			// "Continue (using regular output)": failed rows leave on the last output (On Hold, the fallback).
			outputs[outputs.length - 1].push(errorItem(node, items[i].json, error, i));
		};

		// One input object, filled again for each row: profileDebtor keeps none of it (no 100,000 objects for the garbage collector).
		const input: DebtorInput = {
			amount: undefined,
			currency: undefined,
			lateCount12m: undefined,
			brokenPromises: undefined,
			customerSince: undefined,
			customerType: undefined,
			productType: undefined,
			phone: undefined,
			email: undefined,
			whatsappOptIn: undefined,
			optedOut: undefined,
		};

		for (let i = 0; i < items.length; i++) {
			const json = items[i].json;
			// Each field is read at its own line (see fieldOf); an item whose json is not an object has none.
			const item = json !== null && typeof json === 'object' ? json : NO_FIELDS;
			// A row an earlier node rejected is passed on as it is, with its failed rows: no segment, no channel.
			if (upstreamError(item)) {
				outputs[outputs.length - 1].push(passOnRejected(node, json, i));
				continue;
			}
			try {
				const rawFields = param('fieldNames', i, {}) as IDataObject;
				if (rawFields !== lastRawFields) {
					fields = fieldNamesFrom(rawFields);
					lastRawFields = rawFields;
					classifyContext = undefined;
				}
				const rawOptions = param('options', i, {}) as IDataObject;
				if (rawOptions !== lastRawOptions || !options) {
					options = itemOptionsFrom(rawOptions, settings.valueTierRows);
					lastRawOptions = rawOptions;
					classifyContext = undefined;
				}
				const opts = options;
				const dunning = fieldOf(item, fields.dunning, item[fields.dunning]);
				// After Dunning Stage (the usual chain) its `dunning` object says it all: no invoice to read.
				const state =
					debtStateFromDunning(dunning) ??
					readDebtState(
						dunning,
						{
							dueDate: fieldOf(item, fields.dueDate, item[fields.dueDate]),
							status: fieldOf(item, fields.status, item[fields.status]),
							lastStageSent: undefined,
							timezone: fieldOf(item, fields.timezone, item[fields.timezone]),
						},
						() => classifyContextFor(opts),
					);
				input.amount = fieldOf(item, fields.amount, item[fields.amount]);
				input.currency = fieldOf(item, fields.currency, item[fields.currency]);
				input.lateCount12m = fieldOf(item, fields.lateCount12m, item[fields.lateCount12m]);
				input.brokenPromises = fieldOf(item, fields.brokenPromises, item[fields.brokenPromises]);
				input.customerSince = fieldOf(item, fields.customerSince, item[fields.customerSince]);
				input.customerType = fieldOf(item, fields.customerType, item[fields.customerType]);
				input.productType = fieldOf(item, fields.productType, item[fields.productType]);
				input.phone = fieldOf(item, fields.phone, item[fields.phone]);
				input.email = fieldOf(item, fields.email, item[fields.email]);
				input.whatsappOptIn = fieldOf(item, fields.whatsappOptIn, item[fields.whatsappOptIn]);
				input.optedOut = fieldOf(item, fields.optedOut, item[fields.optedOut]);
				const profile = profileDebtor(input, state, opts.policy, fields, opts.dateOrder);
				let segment = builtInSegment(profile, state, opts.policy);
				let output = segmentIndex.get(builtInSegmentName(profile, state)) as number;
				if (settings.custom) {
					const matched = segmentByRules(
						segment,
						settings.rules,
						(r) => this.getNodeParameter(`rules.values[${r}].conditions`, i, false, { extractValue: true }) === true,
						opts.fallback,
						profile,
						state,
					);
					segment = matched.segment;
					output = matched.ruleIndex ?? settings.rules.length;
				}
				if (settings.split) {
					const variant = debtorVariant(settings.split, fieldOf(item, fields.customerId, item[fields.customerId]), fields.customerId);
					segment.variant = variant;
					segment.reasons.push(settings.variantReasons.get(variant) as string);
				}
				if (settings.outputMode === 'perDebtorType') output = DEBTOR_TYPES.indexOf(segment.debtorType);
				else if (settings.outputMode !== 'perSegment') output = 0;
				outputs[output].push({ json: { ...json, segment: segment as unknown as IDataObject }, pairedItem: { item: i } });
			} catch (error) {
				fail(i, itemError(node, error, i, itemLabel(i, readField(json, fields.invoiceId))));
			}
		}
		return outputs;
	}
}
