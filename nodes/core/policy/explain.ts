/**
 * What `delivery.message` and `delivery.hint` say when the send policy skips a message, so that
 * operations staff can tell why a debtor got nothing, and what to do, without reading the docs.
 */
import type { ContactBlock } from './contactBlocks';
import type { Reservation } from './ledger';

export type PolicySkip =
	| { reason: 'quiet_hours'; zone: string; rules: string; nextAllowedAt: string; label?: string; holiday?: string }
	| { reason: 'do_not_contact'; to: string }
	/** The debtor replied STOP (or that the number is not theirs): recorded by Classify Reply or Dunning Events. */
	| { reason: 'recorded_block'; block: ContactBlock; channel: string }
	| { reason: 'opted_out'; channel: string; field: string }
	/** The row's wrong-number field lists this number (written back from a "not me" reply). */
	| { reason: 'wrong_number_field'; to: string; field: string }
	| { reason: 'duplicate'; key: string; reservation: Extract<Reservation, { status: 'duplicate' }> }
	| { reason: 'frequency_cap'; count: number; limit: number; day: string }
	| { reason: 'cancelled' }
	| { reason: 'stopped' }
	/** An earlier node rejected the row ("continue on fail"): `rejection` says which node, field and why. */
	| { reason: 'upstream_error'; rejection: string };

export interface SkipExplanation {
	/** The contract's `delivery.reason` (a recorded block reads as `opted_out` or `wrong_person`). */
	reason: Exclude<PolicySkip['reason'], 'recorded_block' | 'wrong_number_field'> | 'wrong_person';
	message: string;
	hint: string;
	/** Quiet hours only: when the message may be sent (UTC). */
	nextAllowedAt?: string;
}

const RULE_LABELS: Record<string, string> = {
	brazil: 'Brazil: Monday to Friday 8:00-20:00, Saturday 8:00-14:00',
	mexico: 'Mexico: every day 7:00-22:00',
	united_states: 'United States: every day 8:00-21:00',
	custom: 'custom contact hours',
};

const CHANNEL_LABELS: Record<string, string> = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'e-mail' };

function when(epochMs: number | null): string {
	return epochMs === null || !Number.isFinite(epochMs) ? 'an earlier run' : new Date(epochMs).toISOString().replace('.000Z', 'Z');
}

export function explainSkip(skip: PolicySkip): SkipExplanation {
	switch (skip.reason) {
		case 'recorded_block': {
			const b = skip.block;
			const channels = b.channels === 'all' ? 'every channel' : b.channels.map((c) => CHANNEL_LABELS[c] ?? c).join(' and ');
			if (b.why === 'wrong_person') {
				return {
					reason: 'wrong_person',
					message: `The person at this number answered on ${when(b.at)} that they are not the debtor (${b.source}): it is not used again.`,
					hint: 'Find the debtor’s right number and put it in the row. Contacting a third party about a debt is forbidden in several jurisdictions.',
				};
			}
			return {
				reason: 'opted_out',
				message: `The debtor asked on ${when(b.at)} to receive no more messages on ${channels} (${b.source}).`,
				hint: 'Nothing is sent to a debtor who opted out. Write the opt-out into your data (optedOut) as well; if the debtor asks to be contacted again, they can reply START, or clear it in the record.',
			};
		}
		case 'wrong_number_field':
			return {
				reason: 'wrong_person',
				message: `The number ${skip.to} is in the row's "${skip.field}": the person there said they are not the debtor. Not sent.`,
				hint: 'Find the debtor’s right number and put it in the row (the wrong one can stay in the field). Contacting a third party about a debt is forbidden in several jurisdictions.',
			};
		case 'do_not_contact':
			return {
				reason: 'do_not_contact',
				message: `The number ${skip.to} is on the Do-Not-Contact List: not sent.`,
				hint: 'Numbers on the list are never contacted. Remove it from the list only if the debtor asked to be contacted again.',
			};
		case 'quiet_hours':
			return {
				reason: 'quiet_hours',
				nextAllowedAt: skip.nextAllowedAt,
				message: `${skip.holiday ? `A holiday where the debtor lives (${skip.holiday}): no contact` : 'Outside contact hours'} in the debtor's time zone ${skip.zone} (${skip.label ?? RULE_LABELS[skip.rules] ?? skip.rules}, no contact on holidays). It may be sent from ${skip.nextAllowedAt.replace('.000Z', 'Z')} (UTC).`,
				hint: 'Run the workflow again after nextAllowedAt (or schedule it inside contact hours). Check the Contact Hours setting and the debtor’s timezone/country if this is unexpected.',
			};
		case 'opted_out':
			return {
				reason: 'opted_out',
				message: `The debtor opted out of ${CHANNEL_LABELS[skip.channel] ?? skip.channel} messages (field "${skip.field}").`,
				hint: 'Nothing is sent to a debtor who opted out of a channel. If this is wrong, correct the opt-out field in the source data.',
			};
		case 'duplicate': {
			const r = skip.reservation;
			const where = r.ref ? ` (execution ${r.ref})` : '';
			if (r.sameRun) {
				return {
					reason: 'duplicate',
					message: `The idempotency key "${skip.key}" came earlier in this run: the message goes out once.`,
					hint: 'Two items produced the same key (same invoice, stage and channel). Remove the duplicate rows, or set Idempotency Key to something that tells them apart.',
				};
			}
			const out = r.outcome;
			if (out && (out.status === 'failed' || out.status === 'undelivered')) {
				const why = [out.reason, out.code].filter((x) => x).join(' ');
				return {
					reason: 'duplicate',
					message: `Already sent at ${when(r.at)}${where} with the idempotency key "${skip.key}", and the provider reported it ${out.status}${why ? ` (${why})` : ''} at ${when(out.at)}: not sent again.`,
					hint: 'The message reached the provider but not the debtor. Reach the debtor another way (the SMS fallback of the delivery-status workflow, or another channel); to send this same message again, use another Idempotency Key.',
				};
			}
			if (r.state === 'sent' || out) {
				const known = out ? ` (the provider reported it ${out.status} at ${when(out.at)})` : '';
				return {
					reason: 'duplicate',
					message: `Already sent at ${when(r.at)}${where} with the idempotency key "${skip.key}"${known}: not sent again.`,
					hint: 'Each key is sent once while it is remembered (Remember Sent Messages For). To send it again on purpose, use another Idempotency Key.',
				};
			}
			return {
				reason: 'duplicate',
				message: `A run at ${when(r.at)}${where} reserved this message: it is sending it right now, or its outcome was unknown. Not sent again, to avoid a duplicate.`,
				hint: 'If that run has finished, check the provider’s console or delivery reports. To send it anyway, use another Idempotency Key for this message.',
			};
		}
		case 'frequency_cap':
			return {
				reason: 'frequency_cap',
				message: `The debtor already got ${skip.count} message${skip.count === 1 ? '' : 's'} on ${skip.day} (their date), the most allowed per day (${skip.limit}).`,
				hint: 'It can go out on another day. Raise Max Messages Per Debtor Per Day if more are acceptable.',
			};
		case 'upstream_error':
			return {
				reason: 'upstream_error',
				message: `Not sent: ${skip.rejection}`,
				hint: 'A row an earlier node rejected never gets a message. Fix the row in the source data and run again; to keep such rows apart, use that node\'s error output (Settings › On Error › Continue (using error output)).',
			};
		case 'cancelled':
			return {
				reason: 'cancelled',
				message: 'The execution was stopped before this message was sent.',
				hint: 'Run the workflow again: messages already sent are skipped as duplicates.',
			};
		case 'stopped':
			return {
				reason: 'stopped',
				message: 'Not sent: the provider refused the credential on another message, so the node stopped sending.',
				hint: 'Fix the credential (see the failed item), then run the workflow again: messages already sent are skipped as duplicates.',
			};
	}
}
