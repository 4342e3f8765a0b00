import { randomUUID } from 'node:crypto';

import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { InvalidSettingError, InvalidValueError } from '../core/errors';
import { dayInZone } from '../core/dates';
import {
	type ContactWindowOverride,
	JurisdictionContactPolicy,
	compileHolidaySettings,
	contactYears,
	parseJurisdiction,
	readContactWindowOverride,
} from '../core/jurisdictions';
import { PhoneError, createPhoneNormalizer } from '../core/phone';
import { createGateway } from '../core/gateways';
import type { ProviderName } from '../core/gateways/types';
import {
	type ContactHoursMode,
	type ContactPolicy,
	DEFAULT_REDIS_PREFIX,
	type IdempotencyLedger,
	FrequencyCap,
	RedisContactBlocks,
	RedisFrequencyCap,
	StaticDataContactBlocks,
	liveRecord,
	workflowIdOf,
	RunLedger,
	compileContactPolicy,
	openStaticLedger,
	resolveSendPolicy,
} from '../core/policy';
import { type ChannelSetting, Sender } from '../core/send';
import { describeRejection, itemLabel, upstreamError } from '../shared/errors';
import { readField } from '../shared/fields';
import { createParameterReader } from '../shared/parameters';
import { CREDENTIAL_TYPES, PROVIDER_CREDENTIALS, sendProperties } from './SendViaGateway.description';
import { SendRun } from './pipeline';
import { policyProperties } from './policy.description';
import { openRedisLedger } from './redis';
import { adapterSetup, scrub } from './settings';

const OUTPUT_INDEX = { sent: 0, failed: 1, skipped: 2 } as const;

/** A ledger that remembers nothing across runs (Skip Messages Already Sent off): only the once-per-run rule applies. */
const NO_LEDGER: IdempotencyLedger = {
	name: 'none',
	reserve: () => ({ status: 'reserved' }),
	confirm: () => undefined,
	release: () => undefined,
};


/**
 * Contact Hours by debtor jurisdiction: each jurisdiction's documented hours (or the user's own,
 * per state, country or `*`), with its public holidays and the user's own dates, built once per run.
 */
function jurisdictionContactPolicy(
	holidayText: string,
	rows: IDataObject[],
	contact: ContactPolicy,
): JurisdictionContactPolicy | InvalidSettingError {
	const overrides: Record<string, ContactWindowOverride> = {};
	for (const [index, row] of rows.entries()) {
		const where = `Contact Hours per Jurisdiction, row ${index + 1}`;
		const raw = String(row.jurisdiction ?? '').trim().toUpperCase();
		let key = raw;
		if (raw !== '*') {
			const [country, state] = raw.includes('-') ? raw.split('-', 2) : [raw, ''];
			const j = parseJurisdiction(country, state ? `${country}-${state}` : '', '');
			if (j instanceof InvalidValueError) return new InvalidSettingError(where, `"${raw}": ${j.problem}`, j.hint);
			key = j.key;
		}
		const override = readContactWindowOverride({ days: row.days, start: row.start, end: row.end, noContactOnHolidays: row.noContactOnHolidays !== false });
		if (override instanceof InvalidSettingError) return new InvalidSettingError(`${where}: ${override.setting}`, override.problem, override.hint);
		overrides[key] = override;
	}
	// Countries without a documented rule keep the node's custom window, as before.
	const custom = contact.rulesFor('');
	const today = dayInZone(Date.now(), 'UTC');
	const holidays = compileHolidaySettings({ extraDays: holidayText, years: contactYears(today) });
	if (holidays instanceof InvalidSettingError) return holidays;
	return new JurisdictionContactPolicy(holidays, overrides, custom?.windows);
}

/** Dry Run As Of: an instant (epoch ms), or undefined when empty. */
function previewInstant(value: unknown): number | undefined | InvalidSettingError {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	if (!Number.isFinite(ms)) return new InvalidSettingError('Dry Run As Of', `"${String(value).slice(0, 40)}" is not a date and time`, 'Pick a date and time, e.g. 2026-07-09T11:00:00-03:00, or leave it empty.');
	return ms;
}

/** The Do-Not-Contact List as E.164 numbers; an entry that is not a phone number is a setting error. */
function doNotContactList(text: string, defaultCountry: string): ReadonlySet<string> | undefined | InvalidSettingError {
	const entries = text.split(/[\n,;]+/).map((e) => e.trim()).filter((e) => e !== '');
	if (entries.length === 0) return undefined;
	const normalize = createPhoneNormalizer({ defaultCountry, channel: 'sms' });
	const numbers = new Set<string>();
	for (const entry of entries) {
		const phone = normalize(entry);
		if (phone instanceof PhoneError) {
			return new InvalidSettingError('Do-Not-Contact List', `"${entry.slice(0, 40)}" ${phone.problem}`, 'Write one phone number per line (any format; without a country code the Default Country applies).');
		}
		numbers.add(phone.e164);
	}
	return numbers;
}

export class SendViaGateway implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send via SMS/WhatsApp Gateway',
		name: 'sendViaGateway',
		icon: { light: 'file:sendViaGateway.svg', dark: 'file:sendViaGateway.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {"generic": "HTTP gateway", "infobip": "Infobip", "meta": "WhatsApp Cloud API", "twilio": "Twilio", "zenvia": "Zenvia"}[$parameter["provider"]] }}',
		description: 'Send collection messages by SMS or WhatsApp through Twilio, Meta, Zenvia, Infobip or an HTTP gateway',
		defaults: { name: 'Send via SMS/WhatsApp Gateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed', 'Skipped'],
		credentials: PROVIDER_CREDENTIALS,
		properties: [...sendProperties, ...policyProperties],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const outputs: INodeExecutionData[][] = [[], [], []];
		if (items.length === 0) return outputs;

		const provider = this.getNodeParameter('provider', 0) as ProviderName;
		const credentialType = CREDENTIAL_TYPES[provider];
		const credentialName = node.credentials?.[credentialType]?.name ?? credentialType;
		const credentialData = await this.getCredentials(credentialType);
		const setup = adapterSetup(this, provider, credentialData);
		const gateway = createGateway(provider, setup.settings, setup.options);
		const policy = resolveSendPolicy(this.getNodeParameter('policy', 0, {}) as IDataObject);
		const contactMode = this.getNodeParameter('contactHours', 0, 'by_country') as ContactHoursMode;
		const customWindow = contactMode === 'custom' || contactMode === 'by_country';
		const holidayText = contactMode === 'off' ? '' : String(this.getNodeParameter('holidays', 0, '') ?? '');
		const contact = compileContactPolicy({
			mode: contactMode,
			days: customWindow ? this.getNodeParameter('contactDays', 0, ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']) : undefined,
			start: customWindow ? this.getNodeParameter('contactFrom', 0, '08:00') : undefined,
			end: customWindow ? this.getNodeParameter('contactUntil', 0, '20:00') : undefined,
			// By debtor jurisdiction, the holiday list is read with the jurisdictions (it may name states).
			holidays: contactMode === 'by_country' ? '' : holidayText,
		});
		const settingError = (error: InvalidSettingError, where = '') =>
			new NodeOperationError(node, `${error.message}${where}`, { description: error.hint });
		if (gateway instanceof InvalidSettingError) throw settingError(gateway, ` (credential "${credentialName}")`);
		if (policy instanceof InvalidSettingError) throw settingError(policy);
		if (contact instanceof InvalidSettingError) throw settingError(contact);
		const defaultCountry = String(this.getNodeParameter('defaultCountry', 0, 'BR')).trim().toUpperCase() || 'BR';
		const jurisdictions =
			contactMode === 'by_country'
				? jurisdictionContactPolicy(holidayText, this.getNodeParameter('jurisdictionHours.rule', 0, []) as IDataObject[], contact)
				: undefined;
		if (jurisdictions instanceof InvalidSettingError) throw settingError(jurisdictions);
		const doNotContact = doNotContactList(String(this.getNodeParameter('doNotContact', 0, '') ?? ''), defaultCountry);
		if (doNotContact instanceof InvalidSettingError) throw settingError(doNotContact);
		const now = () => Date.now();
		const ref = this.getExecutionId();
		const staticData = this.getWorkflowStaticData('global');
		// What this n8n process knows of the workflow's record beyond its saved copy (Dunning Events' writes).
		const live = liveRecord(workflowIdOf(this));
		const fallbackToSms = this.getNodeParameter('fallbackToSms', 0, false) as boolean;
		const dryRun = this.getNodeParameter('options.dryRun', 0, false) as boolean;
		const timeoutMs = this.getNodeParameter('options.timeout', 0, 20000) as number;
		const dryRunAt = dryRun ? previewInstant(this.getNodeParameter('options.dryRunAt', 0, '')) : undefined;
		if (dryRunAt instanceof InvalidSettingError) throw settingError(dryRunAt);
		const sender = new Sender(gateway, {
			provider,
			channel: this.getNodeParameter('channel', 0, 'message') as ChannelSetting,
			defaultCountry,
			maskPhones: this.getNodeParameter('options.maskPhones', 0, false) as boolean,
		});

		const param = createParameterReader(this);
		const inputs = items.map(({ json }, i) => {
			const rejected = upstreamError(json);
			const messageField = param('messageField', i, 'message');
			const optedOutField = param('fieldNames.optedOut', i, 'optedOut');
			const wrongNumberField = param('fieldNames.wrongNumber', i, 'wrongNumber');
			const countryField = param('fieldNames.country', i, 'country');
			const stateField = param('fieldNames.state', i, 'state');
			return {
				message: readField(json, messageField),
				values: {
					message: readField(json, messageField),
					phone: readField(json, param('phoneField', i, 'phone')),
					country: readField(json, countryField),
					invoiceId: readField(json, param('fieldNames.invoiceId', i, 'invoiceId')),
					stage: readField(json, param('fieldNames.stage', i, 'dunning.stage')),
					idempotencyKey: param('idempotencyKey', i, ''),
					// Dunning Events' reply: it opens WhatsApp's 24-hour window for the answer's free text.
					event: readField(json, 'event'),
				},
				policy: {
					timezone: readField(json, param('fieldNames.timezone', i, 'timezone')),
					state: jurisdictions ? readField(json, stateField) : undefined,
					countryField,
					stateField,
					optedOut: readField(json, optedOutField),
					optedOutField,
					wrongNumbers: readField(json, wrongNumberField),
					wrongNumberField,
					debtorId: readField(json, param('fieldNames.debtorId', i, 'customerId')),
					smsVersion: fallbackToSms ? readField(json, param('smsMessageField', i, 'smsMessage')) : undefined,
				},
				rejection: rejected ? describeRejection(rejected) : undefined,
			};
		});

		// Opened last, once every setting has been read, and always closed below. Redis holds the record
		// and the daily cap; a dry run sends nothing and needs neither.
		const record = this.getNodeParameter('ledger', 0, 'staticData') as 'staticData' | 'redis';
		const prefix = record === 'redis' ? String(this.getNodeParameter('redisKeyPrefix', 0, DEFAULT_REDIS_PREFIX)) : '';
		const redis =
			record === 'redis' && !dryRun && (policy.ledger.enabled || policy.maxPerDebtorPerDay > 0)
				? await openRedisLedger(node, await this.getCredentials('redis'), {
						prefix,
						ref,
						token: `${ref}:${randomUUID()}`,
						now,
					})
				: undefined;
		const ledger = !policy.ledger.enabled
			? { ledger: new RunLedger(NO_LEDGER, now), store: undefined }
			: redis
				? { ledger: new RunLedger(redis.ledger, now), store: undefined }
				: openStaticLedger(staticData, { now, ref, maxKeys: policy.ledger.maxKeys, live });
		const secrets = [...setup.secrets, ...(redis?.secrets ?? [])];
		const cap = redis
			? new RedisFrequencyCap(redis.client, { limit: policy.maxPerDebtorPerDay, prefix })
			: new FrequencyCap(staticData, { limit: policy.maxPerDebtorPerDay, now });
		const run = new SendRun(this, gateway, sender, policy, contact, ledger.ledger, cap, {
			credentialType,
			credential: { id: node.credentials?.[credentialType]?.id ?? '', name: credentialName, type: credentialType, data: credentialData },
			dryRun,
			timeoutMs,
			fallbackToSms,
			workflowZone: this.getTimezone(),
			secrets,
			ref,
			jurisdictions: jurisdictions ? { policy: jurisdictions, defaultCountry } : undefined,
			doNotContact,
			dryRunAt,
			// The opt-outs and wrong numbers debtors replied, kept where the record of sent messages is.
			blocks: redis ? new RedisContactBlocks(redis.client, prefix) : record === 'redis' ? undefined : new StaticDataContactBlocks(staticData, live, now),
		}, items.length);

		let result;
		try {
			result = await run.run(inputs);
		} finally {
			// Keep what was sent, whatever happens next: n8n saves static data after the node.
			ledger.store?.close();
			await redis?.close();
		}
		const { outcomes, fatal } = result;
		if (fatal && !this.continueOnFail()) {
			const d = outcomes[fatal.index].delivery;
			throw new NodeApiError(node, { reason: d.reason ?? 'auth', code: d.code ?? '' } as JsonObject, {
				itemIndex: fatal.index,
				message: `${itemLabel(fatal.index, inputs[fatal.index].values.invoiceId)}: ${gateway.label} refused the request with credential "${credentialName}": ${scrub(d.message ?? d.reason ?? '', secrets)}`,
				description: `${d.hint ?? ''} Nothing more was sent in this run; fix the credential "${credentialName}" and run again.`.trim(),
			});
		}
		outcomes.forEach((outcome, i) => {
			const d = outcome.delivery;
			if (d.message) d.message = scrub(d.message, secrets);
			outputs[OUTPUT_INDEX[outcome.output]].push({
				json: { ...items[i].json, delivery: d as unknown as IDataObject },
				pairedItem: { item: i },
			});
		});
		return outputs;
	}
}
