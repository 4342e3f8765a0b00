/**
 * One execution of the Send node: the per-item checks (opt-out, contact hours, duplicates, daily
 * cap), the send loop (rate, concurrency, retries), the ledger updates and the WhatsApp → SMS
 * fallback. Provider-agnostic: the gateway adapter and the core policy do the specific parts.
 */
import { type ICredentialsDecrypted, type IExecuteFunctions, sleep } from 'n8n-workflow';

import { failure, redactRequest } from '../core/gateways/common';
import type { Channel, Gateway, GatewayFailure, GatewayRequest, ParsedReply } from '../core/gateways/types';
import { maskPhone } from '../core/phone';
import {
	type ContactPolicy,
	type DebtorCap,
	type CapCheck,
	type ContactBlock,
	type ContactBlocks,
	blocks,
	type LedgerName,
	type PolicySkip,
	type Reservation,
	RateLimiter,
	type RunLedger,
	type SendPolicy,
	buildFallbackSms,
	checkContactWindow,
	debtorDay,
	decideSmsFallback,
	explainSkip,
	isOptedOut,
	phoneKey,
	resolveDebtorZone,
	runSendLoop,
} from '../core/policy';
import { InvalidValueError } from '../core/errors';
import { type Jurisdiction, type JurisdictionContactPolicy, type JurisdictionContactRules, checkJurisdictionContact, debtorZone, parseJurisdiction } from '../core/jurisdictions';
import { CONFIRMATION_STAGES, type Delivery, type ItemValues, type Outcome, type Sender, idempotencyKeyFor, replyWindow } from '../core/send';
import { scrub } from './settings';
import { type HttpReply, sendRequest } from './transport';

/** What the policy reads of an item besides the message. */
export interface PolicyValues {
	timezone: unknown;
	/** The debtor's state (with Contact Hours by debtor jurisdiction). */
	state?: unknown;
	countryField?: string;
	stateField?: string;
	optedOut: unknown;
	optedOutField: string;
	/** The numbers this row's debtor said are not theirs (Classify Reply's write-back), any format. */
	wrongNumbers?: unknown;
	wrongNumberField?: string;
	debtorId: unknown;
	smsVersion: unknown;
}

interface Pending {
	index: number;
	request: GatewayRequest;
	delivery: Delivery;
	key: string | null;
	debtor: string;
	day: string;
	/** The debtor's daily cap counted this message (at its first attempt): give it back if it is surely not sent. */
	capTaken: boolean;
	to: string;
	/** The national number (`11987654321`), to mask it where a provider's message echoes it. */
	national: string;
	channel: Channel;
	/** The item's invoice and stage, kept with the sent key so that statuses and replies find them. */
	invoiceId: string | null;
	stage: string | null;
}

interface AttemptValue {
	reply?: ParsedReply;
	/** When the provider accepted the message (epoch ms): its own `sentAt`, not the end of the run. */
	acceptedAt?: number;
	failure?: GatewayFailure;
	/** Another execution holds the key now (its lease in a shared record ran out while this run waited): not sent. */
	lost?: Extract<Reservation, { status: 'duplicate' }>;
	/** The debtor's daily cap was reached when its turn came: not sent. */
	capped?: Extract<CapCheck, { allowed: false }>;
}

/** A jurisdiction's rules; a state the holiday data does not know (outside BR, MX, US) is the item's problem. */
function rulesOrProblem(policy: JurisdictionContactPolicy, j: Jurisdiction): JurisdictionContactRules | InvalidValueError {
	try {
		return policy.rulesFor(j);
	} catch (error) {
		return error instanceof InvalidValueError ? error : new InvalidValueError(String((error as Error)?.message ?? error), 'Check the state code.');
	}
}

function textOrNull(value: unknown): string | null {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
	return text === '' ? null : text.slice(0, 200);
}

/** A rendered message with a WhatsApp template to send instead of its text. */
function hasTemplate(message: unknown): boolean {
	if (message === null || typeof message !== 'object') return false;
	const template = (message as Record<string, unknown>).template;
	return template !== null && typeof template === 'object' && typeof (template as Record<string, unknown>).name === 'string' && (template as Record<string, string>).name.trim() !== '';
}

/** How messages name the record of sent messages (the Sent Messages Record parameter's words). */
const RECORD_LABEL: Record<LedgerName, string> = { redis: 'Redis', static_data: 'workflow static data', none: 'none' };

type AttemptReturn = { ok: true; value: AttemptValue } | { ok: false; failure: GatewayFailure; value: AttemptValue };

export interface RunSettings {
	credentialType: string;
	/** The provider credential as read once by the node, handed to n8n with each request. */
	credential?: ICredentialsDecrypted;
	dryRun: boolean;
	timeoutMs: number;
	fallbackToSms: boolean;
	workflowZone: string;
	secrets: string[];
	/** The execution id, stored with each sent key. */
	ref: string;
	/** Contact Hours by debtor jurisdiction: each debtor's rules and holidays by country and state. */
	jurisdictions?: { policy: JurisdictionContactPolicy; defaultCountry: string };
	/** Numbers never to contact (E.164). */
	doNotContact?: ReadonlySet<string>;
	/** A dry run previewing contact hours at another moment (Dry Run As Of); never set for real sends. */
	dryRunAt?: number;
	/** Opt-outs and wrong numbers the debtors replied (Classify Reply, Dunning Events), in the record. */
	blocks?: ContactBlocks;
}

export class SendRun {
	private readonly outcomes: Array<Outcome | undefined>;
	private readonly fallbackInfo = new Map<number, Delivery>();
	private readonly limiter: RateLimiter;
	/** Confirms or releases the store could not record (the keys stay reserved). */
	ledgerErrors = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly gateway: Gateway,
		private readonly sender: Sender,
		private readonly policy: SendPolicy,
		private readonly contact: ContactPolicy,
		private readonly ledger: RunLedger,
		private readonly cap: DebtorCap,
		private readonly settings: RunSettings,
		count: number,
	) {
		this.outcomes = new Array<Outcome | undefined>(count);
		this.limiter = new RateLimiter({
			ratePerSecond: policy.loop.ratePerSecond ?? 10,
			burst: policy.loop.burst,
			now: () => Date.now(),
		});
	}

	private skip(delivery: Delivery, skip: PolicySkip): Outcome {
		const e = explainSkip(skip);
		return {
			output: 'skipped',
			fatal: false,
			delivery: {
				...delivery,
				status: 'skipped',
				reason: e.reason,
				message: e.message,
				hint: e.hint,
				...(e.nextAllowedAt ? { nextAllowedAt: e.nextAllowedAt } : {}),
				...(skip.reason === 'duplicate' ? { ledger: skip.reservation.sameRun ? 'this_run' : this.ledger.name } : {}),
				...(skip.reason === 'duplicate' && skip.reservation.outcome
					? {
							reported: {
								status: skip.reservation.outcome.status,
								reason: skip.reservation.outcome.reason ?? null,
								code: skip.reservation.outcome.code ?? null,
								at: new Date(skip.reservation.outcome.at).toISOString(),
							},
						}
					: {}),
			},
		};
	}

	/**
	 * Records a sent key. A store that fails here leaves the key reserved (the safe side: a later
	 * run skips it as "outcome unknown" rather than sending it twice); the run goes on.
	 */
	private async remember(key: string, p: Pending, providerMessageId: string | null): Promise<void> {
		try {
			await this.ledger.confirm(key, {
				ref: this.settings.ref,
				message: { pr: this.gateway.provider, ch: p.channel, to: phoneKey(p.to), id: providerMessageId, inv: p.invoiceId, st: p.stage },
			});
		} catch {
			this.ledgerErrors++;
		}
	}

	/** Gives a key back (surely not sent). A store that fails here keeps it reserved until its TTL. */
	private async forget(key: string): Promise<void> {
		try {
			await this.ledger.release(key);
		} catch {
			this.ledgerErrors++;
		}
	}

	/** Gives back a debtor's message of the day (surely not sent); a store that fails keeps it counted (the safe side). */
	private async giveBackCap(debtor: string, day: string): Promise<void> {
		try {
			await this.cap.giveBack(debtor, day);
		} catch {
			this.ledgerErrors++;
		}
	}

	private invalid(delivery: Delivery, field: string, problem: string, hint: string): Outcome {
		return this.sender.fail(delivery, failure('permanent', 'invalid_request', { message: `Field '${field}' ${problem}.`, hint }));
	}

	/**
	 * Checks one item before any request: the outcome when it does not go out, or what to send.
	 * Takes its ledger reservation and daily-cap slot; both are given back when it is not sent.
	 */
	private async check(index: number, values: ItemValues, policy: PolicyValues, channelOverride?: Channel, templateBecause?: string): Promise<Outcome | Pending> {
		const now = this.settings.dryRun && this.settings.dryRunAt !== undefined ? this.settings.dryRunAt : Date.now();
		const prepared = this.sender.prepare(values, channelOverride, { now, templateBecause });
		if ('output' in prepared) return prepared;
		const { outbound } = prepared;
		const key = outbound.idempotencyKey ?? null;
		const delivery = this.sender.base(outbound.channel, prepared.to, key);
		if (prepared.content) delivery.content = prepared.content;
		// The confirmation of the debtor's own opt-out (or wrong number) answers their reply on this channel, once (its key):
		// it goes out through that opt-out, never through another one or the Do Not Contact list.
		const confirms = prepared.messageStage !== null ? CONFIRMATION_STAGES[prepared.messageStage] : undefined;
		const window = confirms && key !== null ? replyWindow(values.event, outbound.channel, now) : undefined;
		const confirmation = window?.open ? confirms : undefined;
		const opted = isOptedOut(policy.optedOut, outbound.channel);
		if (typeof opted !== 'boolean') return this.invalid(delivery, policy.optedOutField, opted.problem, opted.hint);
		if (opted && confirmation === 'opt_out') delivery.allowedBy = `the one confirmation of the debtor's opt-out: ${window?.why}`;
		else if (opted) return this.skip(delivery, { reason: 'opted_out', channel: outbound.channel, field: policy.optedOutField });
		if (this.settings.doNotContact?.has(prepared.to)) return this.skip(delivery, { reason: 'do_not_contact', to: delivery.to ?? prepared.to });
		if (confirmation !== 'wrong_person' && listsNumber(policy.wrongNumbers, prepared.to)) {
			return this.skip(delivery, { reason: 'wrong_number_field', to: delivery.to ?? prepared.to, field: policy.wrongNumberField ?? 'wrongNumber' });
		}
		if (this.settings.blocks) {
			let block: ContactBlock | null;
			try {
				block = await this.settings.blocks.get(phoneKey(prepared.to));
			} catch (error) {
				// Not knowing whether the debtor said STOP, the node does not send: the item fails, the run goes on.
				return this.sender.fail(
					delivery,
					failure('retryable', 'ledger_unavailable', {
						message: `Could not read the debtor's opt-outs in the record of sent messages (${RECORD_LABEL[this.ledger.name]}): ${scrub((error as Error)?.message ?? String(error), this.settings.secrets)}. Not sent.`,
					}),
				);
			}
			if (blocks(block, outbound.channel)) {
				if (confirmation === undefined || block?.why !== confirmation) return this.skip(delivery, { reason: 'recorded_block', block: block as ContactBlock, channel: outbound.channel });
				delivery.allowedBy = `the one confirmation of the debtor's ${confirmation === 'opt_out' ? 'opt-out' : 'wrong number'} (recorded by ${block.source}): ${window?.why}`;
			}
		}
		let zoneName: string;
		const jurisdictions = this.settings.jurisdictions;
		if (jurisdictions) {
			const window = this.jurisdictionWindow(now, values, policy, jurisdictions);
			if ('problem' in window) return this.invalid(delivery, window.field, window.problem, window.hint);
			zoneName = window.zone;
			if (window.skip) return this.skip(delivery, window.skip);
		} else {
			const zone = resolveDebtorZone(policy.timezone, values.country, this.settings.workflowZone);
			if ('problem' in zone) return this.invalid(delivery, 'timezone', zone.problem, zone.hint);
			zoneName = zone.zone;
			const rules = this.contact.rulesFor(values.country);
			if (rules) {
				const window = checkContactWindow(now, zone.zone, rules);
				if (!window.allowed) {
					return this.skip(delivery, { reason: 'quiet_hours', zone: zone.zone, rules: rules.name, nextAllowedAt: window.nextAllowedAt });
				}
			}
		}
		const request = this.gateway.buildRequest(outbound);
		if ('kind' in request) return this.sender.fail(delivery, request);
		if (this.settings.dryRun) {
			const replacements = this.sender.settings.maskPhones ? { [prepared.to]: maskPhone(prepared.to), [outbound.to.digits]: maskPhone(prepared.to) } : {};
			return this.sender.dryRun(delivery, redactRequest(request, { secrets: this.settings.secrets, replacements }));
		}
		if (key !== null) {
			let reservation: Reservation;
			try {
				reservation = await this.ledger.reserve(key, this.policy.ledger.ttlMs);
			} catch (error) {
				// Not knowing whether it went out before, the node does not send it: the item fails, the run goes on.
				return this.sender.fail(
					delivery,
					failure('retryable', 'ledger_unavailable', {
						message: `Could not check the record of sent messages (${RECORD_LABEL[this.ledger.name]}) for the key "${key}": ${scrub((error as Error)?.message ?? String(error), this.settings.secrets)}. Not sent.`,
					}),
				);
			}
			if (reservation.status === 'duplicate') return this.skip(delivery, { reason: 'duplicate', key, reservation });
		}
		const debtor = String(policy.debtorId ?? '').trim() || prepared.to;
		const day = debtorDay(now, zoneName);
		return {
			index,
			request,
			delivery,
			key,
			debtor,
			day,
			capTaken: false,
			to: prepared.to,
			national: outbound.to.national ?? '',
			channel: outbound.channel,
			invoiceId: textOrNull(values.invoiceId),
			stage: textOrNull(values.stage),
		};
	}

	/**
	 * Contact Hours by debtor jurisdiction: the debtor's zone (their own, their state's, their
	 * country's) and, when contact is not allowed now, the skip: outside the hours of their state or
	 * country, or on one of its public holidays (named). A country or state that cannot be read is
	 * the item's failure, naming the field.
	 */
	private jurisdictionWindow(
		now: number,
		values: ItemValues,
		policy: PolicyValues,
		jurisdictions: NonNullable<RunSettings['jurisdictions']>,
	): { zone: string; skip?: PolicySkip } | { field: string; problem: string; hint: string } {
		const j = parseJurisdiction(values.country ?? '', policy.state ?? '', jurisdictions.defaultCountry);
		const stateGiven = policy.state !== undefined && policy.state !== null && String(policy.state).trim() !== '';
		const where = stateGiven ? (policy.stateField ?? 'state') : (policy.countryField ?? 'country');
		if (j instanceof InvalidValueError) return { field: where, problem: j.problem, hint: j.hint };
		const zone = debtorZone(j, policy.timezone, this.settings.workflowZone);
		if (zone instanceof InvalidValueError) return { field: 'timezone', problem: zone.problem, hint: zone.hint };
		const rules = rulesOrProblem(jurisdictions.policy, j);
		if (rules instanceof InvalidValueError) return { field: where, problem: rules.problem, hint: rules.hint };
		const check = checkJurisdictionContact(now, zone.zone, rules);
		if (check.allowed) return { zone: zone.zone };
		return {
			zone: zone.zone,
			skip: {
				reason: 'quiet_hours',
				zone: zone.zone,
				rules: rules.rules.name,
				label: rules.rule && !rules.overridden ? `${rules.rule.where}: ${rules.rule.hours}` : `contact hours of ${j.key}`,
				holiday: 'holiday' in check ? check.holiday : undefined,
				nextAllowedAt: check.nextAllowedAt,
			},
		};
	}

	/**
	 * Just before the first request of a message, what is shared with other executions: the key is
	 * still this run's (`begin`), and the debtor's daily cap has room. Taken here, not when the run
	 * starts, so that an execution that dies leaves behind only what it was really sending.
	 * Returns why the message must not go out, or nothing.
	 */
	private async open(p: Pending): Promise<AttemptReturn | undefined> {
		const unavailable = (what: string, error: unknown): AttemptReturn => {
			const f = failure('permanent', 'ledger_unavailable', {
				message: `Could not ${what} (${RECORD_LABEL[this.ledger.name]}): ${scrub((error as Error)?.message ?? String(error), this.settings.secrets)}. Not sent.`,
			});
			return { ok: false, failure: f, value: { failure: f } };
		};
		if (p.key !== null) {
			let claim: Reservation;
			try {
				claim = await this.ledger.begin(p.key);
			} catch (error) {
				return unavailable(`hold the key "${p.key}" in the record of sent messages`, error);
			}
			if (claim.status === 'duplicate') {
				const f = failure('permanent', 'duplicate', { message: 'Another execution holds this message.' });
				return { ok: false, failure: f, value: { failure: f, lost: claim } };
			}
		}
		let check: CapCheck;
		try {
			check = await this.cap.take(p.debtor, p.day);
		} catch (error) {
			return unavailable("count the debtor's messages of the day", error);
		}
		if (!check.allowed) {
			const f = failure('permanent', 'frequency_cap', { message: 'The debtor’s daily cap is reached.' });
			return { ok: false, failure: f, value: { failure: f, capped: check } };
		}
		p.capTaken = true;
		return undefined;
	}

	private async attempt(p: Pending, attemptNumber: number): Promise<AttemptReturn> {
		if (attemptNumber === 1) {
			const refused = await this.open(p);
			if (refused) return refused;
		}
		const reply: HttpReply | GatewayFailure = await sendRequest(this.ctx, this.settings.credentialType, p.request, this.settings.timeoutMs, this.settings.credential);
		if ('kind' in reply) return { ok: false, failure: reply, value: { failure: reply } };
		if (reply.status >= 200 && reply.status < 300) {
			const parsed = this.gateway.parseSuccess(reply.status, reply.body);
			if (parsed.status === 'sent') {
				const acceptedAt = Date.now();
				// Recorded at once, not at the end of the run: a crash later does not make it look unsent.
				if (p.key !== null) await this.remember(p.key, p, parsed.providerMessageId);
				return { ok: true, value: { reply: parsed, acceptedAt } };
			}
			const f = parsed.error ?? failure('ambiguous', 'provider_error', { message: 'The provider’s reply could not be read.' });
			return { ok: false, failure: f, value: { reply: parsed, failure: f } };
		}
		const f = this.gateway.classifyError(reply.status, reply.body, reply.headers, { attempt: attemptNumber - 1 });
		return { ok: false, failure: f, value: { failure: f } };
	}

	/** With Mask Phone Numbers on, the recipient's number where a provider's message echoes it ("Invalid 'To': +55…"). */
	private maskEchoedNumber(delivery: Delivery, p: Pending): void {
		if (!this.sender.settings.maskPhones || !delivery.message) return;
		let text = delivery.message;
		for (const form of [p.to, p.to.slice(1), p.national]) if (form.length >= 4) text = text.split(form).join(maskPhone(form));
		delivery.message = text;
	}

	/** Sends the pending messages through the loop and records their outcomes. */
	private async sendAll(pending: Pending[]): Promise<{ index: number; failure: GatewayFailure } | null> {
		if (pending.length === 0) return null;
		const report = await runSendLoop<AttemptValue>(
			pending.length,
			{
				attempt: async (k, n) => await this.attempt(pending[k], n),
				sleep: async (ms) => await sleep(ms),
				now: () => Date.now(),
				random: () => Math.random(),
				signal: this.ctx.getExecutionCancelSignal(),
				recipientOf: (k) => pending[k].to,
			},
			{ ...this.policy.loop, limiter: this.limiter },
		);
		for (const result of report.results) {
			const p = pending[result.index];
			let outcome: Outcome;
			if (result.status === 'ok' && result.value?.reply) {
				outcome = this.sender.fromReply(p.delivery, result.value.reply, result.attempts, new Date(result.value.acceptedAt ?? Date.now()));
			} else if (result.value?.lost && p.key !== null) {
				outcome = this.skip(p.delivery, { reason: 'duplicate', key: p.key, reservation: result.value.lost });
			} else if (result.value?.capped) {
				const capped = result.value.capped;
				outcome = this.skip(p.delivery, { reason: 'frequency_cap', count: capped.count, limit: capped.limit, day: p.day });
				if (p.key !== null) await this.forget(p.key);
			} else if (result.status === 'skipped') {
				outcome = this.skip(p.delivery, { reason: result.reason === 'cancelled' ? 'cancelled' : 'stopped' });
				if (p.key !== null) await this.forget(p.key);
				if (p.capTaken) await this.giveBackCap(p.debtor, p.day);
			} else {
				const f =
					result.value?.failure ??
					failure('ambiguous', 'provider_error', { message: `The request failed unexpectedly: ${String((result.error as Error)?.message ?? result.error)}` });
				outcome = this.sender.fail(p.delivery, f, result.attempts, this.policy.loop.retryAmbiguous === true);
				const unknown = f.kind === 'ambiguous';
				// An unknown outcome stays reserved (it may have been sent) unless the user accepts duplicates.
				if (p.key !== null && (!unknown || this.policy.loop.retryAmbiguous)) await this.forget(p.key);
				if (!unknown && p.capTaken) await this.giveBackCap(p.debtor, p.day);
			}
			this.maskEchoedNumber(outcome.delivery, p);
			this.outcomes[p.index] = outcome;
		}
		if (!report.fatal) return null;
		const p = pending[report.fatal.index];
		return { index: p.index, failure: report.fatal.failure as GatewayFailure };
	}

	/**
	 * Runs the whole item list. Returns the outcome per input item (in input order) and the first
	 * credential failure, which the node turns into an error unless "continue on fail".
	 */
	async run(
		items: Array<{ values: ItemValues; policy: PolicyValues; message: unknown; rejection?: string }>,
	): Promise<{ outcomes: Outcome[]; fatal: { index: number; failure: GatewayFailure } | null }> {
		const pending: Pending[] = [];
		for (let i = 0; i < items.length; i++) {
			const rejection = items[i].rejection;
			if (rejection !== undefined) {
				// Rejected by an earlier node: never checked, reserved or sent.
				this.outcomes[i] = this.skip(this.sender.base(null, null, null), { reason: 'upstream_error', rejection });
				continue;
			}
			const checked = await this.check(i, items[i].values, items[i].policy);
			if ('output' in checked) this.outcomes[i] = checked;
			else pending.push(checked);
		}
		let fatal = await this.sendAll(pending);

		// Free text the provider refused because WhatsApp's 24-hour window had closed: once more, as the approved template.
		if (!fatal) {
			const retry: Pending[] = [];
			const refused = new Map<number, Delivery>();
			for (let i = 0; i < items.length; i++) {
				const d = (this.outcomes[i] as Outcome).delivery;
				if (d.channel !== 'whatsapp' || d.status !== 'failed' || d.reason !== 'window_closed' || d.content?.kind !== 'text' || !hasTemplate(items[i].message)) continue;
				const because = `the provider refused the free text (${d.code ?? 'window_closed'}: the 24-hour window had closed), so the template was sent once more instead`;
				// The refused text gave its key back: the template is the same message under the same key.
				if (d.idempotencyKey) this.ledger.reattempt(d.idempotencyKey);
				const checked = await this.check(i, items[i].values, items[i].policy, undefined, because);
				refused.set(i, d);
				if ('output' in checked) this.outcomes[i] = checked;
				else retry.push(checked);
			}
			fatal = await this.sendAll(retry);
			for (const [i, text] of refused) {
				(this.outcomes[i] as Outcome).delivery.windowClosed = { code: text.code ?? null, message: text.message };
			}
		}

		if (this.settings.fallbackToSms && !fatal) {
			const second: Pending[] = [];
			for (let i = 0; i < items.length; i++) {
				const first = this.outcomes[i] as Outcome;
				const d = first.delivery;
				const decision = decideSmsFallback({ channel: d.channel, status: d.status, reason: d.reason }, true);
				if (!decision.fallback) continue;
				const sms = buildFallbackSms(items[i].message, items[i].policy.smsVersion);
				if ('problem' in sms) continue;
				const explicit = String(items[i].values.idempotencyKey ?? '').trim();
				const values: ItemValues = {
					...items[i].values,
					message: sms,
					idempotencyKey: explicit ? `${explicit}:sms` : idempotencyKeyFor(items[i].values, 'sms'),
				};
				const checked = await this.check(i, values, items[i].policy, 'sms');
				this.fallbackInfo.set(i, d);
				if ('output' in checked) this.outcomes[i] = checked;
				else second.push(checked);
			}
			fatal = await this.sendAll(second);
			for (const [i, whatsapp] of this.fallbackInfo) {
				const outcome = this.outcomes[i] as Outcome;
				outcome.delivery.fallback = {
					from: 'whatsapp',
					reason: whatsapp.reason,
					code: whatsapp.code ?? null,
					message: whatsapp.message,
					idempotencyKey: whatsapp.idempotencyKey,
				};
			}
		}
		return { outcomes: this.outcomes as Outcome[], fatal };
	}
}

/**
 * Whether a row's wrong-number cell (one number or several, separated by commas, semicolons, spaces
 * between numbers or new lines) holds `to`: compared by digits, so that "+55 (85) 98567-8901" and
 * "+5585985678901" are the same number; a cell without a country code matches on the national digits.
 */
export function listsNumber(cell: unknown, to: string): boolean {
	if (cell === undefined || cell === null || cell === '' || typeof to !== 'string') return false;
	const text = Array.isArray(cell) ? cell.map(String).join(';') : typeof cell === 'string' || typeof cell === 'number' ? String(cell) : '';
	const target = to.replace(/\D/g, '');
	if (target.length < 7) return false;
	for (const entry of text.split(/[\n,;]+|\s{2,}/)) {
		const digits = entry.replace(/\D/g, '');
		if (digits.length < 7) continue;
		if (digits === target || (!entry.trim().startsWith('+') && target.endsWith(digits) && digits.length >= 8)) return true;
	}
	return false;
}
