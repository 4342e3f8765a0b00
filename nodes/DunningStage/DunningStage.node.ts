import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	type NodeOperationError,
} from 'n8n-workflow';

import { type BusinessCalendar, type DateOrder, buildBusinessCalendar, businessCalendarFromText, parseReferenceDate, resolveZoneSetting } from '../core/dates';
import { InvalidSettingError } from '../core/errors';
import { compileHolidaySettings, parseExtraDays } from '../core/jurisdictions';
import { type ConsolidationMember, consolidationMember, groupByDebtor } from '../core/consolidate';
import { type Classification, type ClassifyContext, type JurisdictionCalendars, classifyInvoice, createClassifyContext } from '../core/dunning';
import { AGING_LADDER, DEFAULT_LADDER, type Ladder, PHASES, type Phase, type StageRow, buildLadder, ladderFromRows } from '../core/ladder';
import { errorItem, itemError, itemLabel, passOnRejected, settingError, upstreamError } from '../shared/errors';
import { readField } from '../shared/fields';
import { createParameterReader } from '../shared/parameters';
import { PHASE_OUTPUT_NAMES, dunningStageProperties } from './DunningStage.description';

const PHASE_OUTPUTS = PHASE_OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName }));

interface Settings {
	ladder: Ladder;
	business?: BusinessCalendar;
	/** Business days per debtor: the built-in calendar of the item's country and state. */
	calendars?: JurisdictionCalendars;
	consolidate: boolean;
	perPhase: boolean;
	/** One output per phase, and an item whose stage was already sent goes to No Action. */
	alreadySentToNoAction: boolean;
}

function readLadder(ctx: IExecuteFunctions): Ladder {
	const preset = ctx.getNodeParameter('ladderPreset', 0, 'default') as string;
	if (preset === 'default') return buildLadder(DEFAULT_LADDER);
	if (preset === 'aging') return buildLadder(AGING_LADDER);
	return ladderFromRows(ctx.getNodeParameter('stages.stage', 0, []) as StageRow[]);
}

/** Settings that hold for the whole execution: read, validated and built once. */
function readSettings(ctx: IExecuteFunctions): Settings {
	const perPhase = ctx.getNodeParameter('outputMode', 0, 'single') === 'perPhase';
	const settings: Settings = {
		ladder: readLadder(ctx),
		consolidate: ctx.getNodeParameter('consolidate', 0, false) as boolean,
		perPhase,
		alreadySentToNoAction: perPhase && ctx.getNodeParameter('options.alreadySentToNoAction', 0, false) === true,
	};
	if (ctx.getNodeParameter('dayCount', 0, 'calendar') !== 'business') return settings;
	const text = ctx.getNodeParameter('holidays', 0, '') as string;
	const dateOrder = ctx.getNodeParameter('options.dateFormat', 0, 'dmy') as DateOrder;
	if (ctx.getNodeParameter('holidaySource', 0, 'builtIn') !== 'builtIn') {
		settings.business = businessCalendarFromText(text, dateOrder);
		return settings;
	}
	// Each debtor's bank calendar, built once per jurisdiction and run; the user's own dates on top
	// ("BR-SP: 25/01/2026" for one state, a plain date for everyone).
	const year = new Date().getUTCFullYear();
	const holidays = compileHolidaySettings({ extraDays: text, dateOrder, years: { from: year - 1, to: year + 2 } });
	if (holidays instanceof InvalidSettingError) throw holidays;
	settings.business = buildBusinessCalendar([...parseExtraDays(text, dateOrder).all]);
	settings.calendars = { holidays, defaultCountry: String(ctx.getNodeParameter('options.defaultCountry', 0, '')).trim().toUpperCase() };
	return settings;
}

export class DunningStage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dunning Stage',
		name: 'dunningStage',
		icon: { light: 'file:dunningStage.svg', dark: 'file:dunningStage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"default": "Default ladder", "aging": "Aging buckets", "custom": "Custom ladder"}[$parameter["ladderPreset"]] + ($parameter["outputMode"] === "perPhase" ? ", routed by phase" : "") }}',
		description: 'Classify each invoice by days overdue into a stage of the collection ladder',
		defaults: { name: 'Dunning Stage' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter["outputMode"] === "perPhase" ? ${JSON.stringify(PHASE_OUTPUTS)} : ["main"] }}`,
		properties: dunningStageProperties,
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
		const outputs: INodeExecutionData[][] = settings.perPhase ? PHASES.map(() => []) : [[]];
		const outputFor = (phase: Phase) => outputs[settings.perPhase ? PHASES.indexOf(phase) : 0];
		// The output of a classified item: its phase's, or No Action when its stage was already sent and the option says so.
		// A promise broken today is news however often the stage was sent: the ladder speaks again, once
		// (the write-back clears the promise), as the shipped workflows' "New …" Filters let it through.
		const outputOf = (info: { phase: Phase; isNew: boolean; brokenPromise?: true }) =>
			outputFor(settings.alreadySentToNoAction && !info.isNew && info.brokenPromise !== true ? 'none' : info.phase);
		if (items.length === 0) return outputs;

		const param = createParameterReader(this);
		const workflowZone = this.getTimezone();
		const contexts = new Map<string, ClassifyContext>();
		const members: ConsolidationMember[] = [];
		const classified: Classification[] = [];
		const nowMs = Date.now();

		const fail = (i: number, error: NodeOperationError) => {
			if (!this.continueOnFail()) throw error;
			// "Continue (using regular output)" keeps failed rows with the items that get no message.
			outputFor('none').push(errorItem(node, items[i].json, error, i));
		};

		// The classification context depends on these settings; when none holds an expression
		// (the usual case) it is built once, not per item.
		const contextSettings = [
			'dueDateField',
			'fieldNames.status',
			'fieldNames.lastStageSent',
			'fieldNames.timezone',
			'fieldNames.country',
			'fieldNames.state',
			'fieldNames.promiseDate',
			'fieldNames.pausedUntil',
			'fieldNames.nextDueDate',
			'fieldNames.planMissedDueDate',
			'options.promiseGraceDays',
			'options.timezone',
			'options.referenceDate',
			'options.dateFormat',
		];
		let sharedCtx: ClassifyContext | undefined;
		const contextFor = (i: number): ClassifyContext => {
			if (sharedCtx) return sharedCtx;
			const fields = {
				dueDate: param('dueDateField', i, 'dueDate'),
				status: param('fieldNames.status', i, 'status'),
				lastStageSent: param('fieldNames.lastStageSent', i, 'lastStageSent'),
				timezone: param('fieldNames.timezone', i, 'timezone'),
				country: param('fieldNames.country', i, 'country'),
				state: param('fieldNames.state', i, 'state'),
				promiseDate: param('fieldNames.promiseDate', i, 'promiseDate'),
				pausedUntil: param('fieldNames.pausedUntil', i, 'pausedUntil'),
				nextDueDate: param('fieldNames.nextDueDate', i, 'nextDueDate'),
				planMissedDueDate: param('fieldNames.planMissedDueDate', i, 'planMissedDueDate'),
			};
			const grace = Number(param('options.promiseGraceDays', i, 1));
			const zoneSetting = param('options.timezone', i, '');
			const referenceSetting = param('options.referenceDate', i, '');
			const dateOrder = param('options.dateFormat', i, 'dmy') as DateOrder;
			const key = JSON.stringify([fields, zoneSetting, referenceSetting, dateOrder, grace]);
			let ctx = contexts.get(key);
			if (!ctx) {
				ctx = createClassifyContext({
					ladder: settings.ladder,
					business: settings.business,
					calendars: settings.calendars,
					promiseGraceDays: Number.isInteger(grace) && grace >= 0 && grace <= 60 ? grace : 1,
					dateOrder,
					reference: parseReferenceDate(referenceSetting, nowMs),
					defaultZone: resolveZoneSetting(zoneSetting, workflowZone),
					fields,
				});
				contexts.set(key, ctx);
			}
			if (contextSettings.every((name) => param.isConstant(name))) sharedCtx = ctx;
			return ctx;
		};

		for (let i = 0; i < items.length; i++) {
			const json = items[i].json;
			// A row an earlier node rejected is passed on as it is: it gets no stage, so no message.
			if (upstreamError(json)) {
				outputFor('none').push(passOnRejected(node, json, i));
				continue;
			}
			try {
				const ctx = contextFor(i);
				const fields = ctx.fields;
				const result = classifyInvoice(
					{
						dueDate: readField(json, fields.dueDate),
						status: readField(json, fields.status),
						lastStageSent: readField(json, fields.lastStageSent),
						timezone: readField(json, fields.timezone),
						country: settings.calendars ? readField(json, fields.country as string) : undefined,
						state: settings.calendars ? readField(json, fields.state as string) : undefined,
						promiseDate: readField(json, fields.promiseDate as string),
						pausedUntil: readField(json, fields.pausedUntil as string),
						nextDueDate: readField(json, fields.nextDueDate as string),
						planMissedDueDate: readField(json, fields.planMissedDueDate as string),
					},
					ctx,
				);
				if (settings.consolidate && result.info.status === 'open') {
					const memberFields = {
						customerId: param('fieldNames.customerId', i, 'customerId'),
						amount: param('fieldNames.amount', i, 'amount'),
						currency: param('fieldNames.currency', i, 'currency'),
					};
					const member = {
						customerId: readField(json, memberFields.customerId),
						amount: readField(json, memberFields.amount),
						currency: readField(json, memberFields.currency),
					};
					members.push(consolidationMember(member, memberFields, i, result.dueDay as number));
					classified[i] = result;
				} else {
					outputOf(result.info).push({ json: { ...json, dunning: result.info as unknown as IDataObject }, pairedItem: { item: i } });
				}
			} catch (error) {
				// The invoice ID names the item in the error; it is only read when there is one.
				fail(i, itemError(node, error, i, itemLabel(i, readField(json, param('fieldNames.invoiceId', i, 'invoiceId')))));
			}
		}

		for (const group of groupByDebtor(members)) {
			const driver = group.members[0];
			const info = classified[driver.index].info;
			const invoiceIdField = param('fieldNames.invoiceId', driver.index, 'invoiceId');
			const amountField = param('fieldNames.amount', driver.index, 'amount');
			const invoices = group.members.map((m) => ({
				invoiceId: readField(items[m.index].json, invoiceIdField) as string,
				dueDate: classified[m.index].info.dueDate,
				amount: m.amount,
				daysOverdue: classified[m.index].info.daysOverdue,
				stage: classified[m.index].info.stage,
			}));
			outputOf(info).push({
				json: {
					...items[driver.index].json,
					[amountField]: group.total,
					invoiceCount: invoices.length,
					invoices,
					dunning: {
						...info,
						consolidated: true,
						invoiceCount: invoices.length,
						reason: `${invoices.length === 1 ? '1 open invoice' : `${invoices.length} open invoices`} of customer ${group.customerId}, oldest drives the stage: ${info.reason}`,
					},
				},
				pairedItem: group.members.map((m) => ({ item: m.index })),
			});
		}
		return outputs;
	}
}
