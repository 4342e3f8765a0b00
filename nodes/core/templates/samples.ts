/**
 * Sample invoices per language: the example values Meta asks for when a WhatsApp template is
 * submitted (whatsapp-templates.json), and the rows the documentation's examples are rendered from.
 */
import { buildBusinessCalendar, isoDate } from '../dates';
import { buildBoletoLine } from '../payments/boleto';
import { DEFAULT_SETTLEMENT_RANGES, Negotiator } from '../payments/negotiation';
import { buildStaticPixCode } from '../payments/pix';
import { DEFAULT_FIELD_NAMES, type ItemFields } from './context';
import type { RenderRequest, RendererSettings } from './message';
import type { LibraryLocale, LibraryStage } from './types';

export interface SampleRow extends ItemFields {
	locale: string;
	[field: string]: unknown;
}

/** 2026-11-23, the day the samples are rendered on. */
export const SAMPLE_REFERENCE_DAY = 20_780;

/** The Brazilian sample's Pix key and the boleto of its invoice (made, and so checked, by the payments core). */
const SAMPLE_PIX_KEY = 'cobranca@provedor.net.br';
const SAMPLE_DUE_DAY = SAMPLE_REFERENCE_DAY - 3;

export const SAMPLE_ROWS: Record<LibraryLocale, SampleRow> = {
	'pt-BR': {
		invoiceId: 'INV-1001',
		customerName: 'Maria da Silva',
		locale: 'pt-BR',
		dueDate: '2026-11-20',
		amount: '1.234,56',
		currency: 'BRL',
		paymentLink: 'https://pay.example.com/i/inv-1001',
		boletoLine: buildBoletoLine({ bank: '237', dueDate: SAMPLE_DUE_DAY, amount: 1234.56, freeField: '3381286008267713966000063' }),
		pixCode: buildStaticPixCode({ key: SAMPLE_PIX_KEY, merchantName: 'Provedor Net', merchantCity: 'SAO PAULO', amount: 1234.56, txid: 'INV1001' }),
	},
	'es-419': {
		invoiceId: 'INV-2001',
		customerName: 'José Hernández',
		locale: 'es-MX',
		dueDate: '2026-11-20',
		amount: 1499.5,
		currency: 'MXN',
		paymentLink: 'https://pay.example.com/i/inv-2001',
	},
	'en-US': {
		invoiceId: 'INV-3001',
		customerName: 'John Smith',
		locale: 'en-US',
		country: 'US',
		dueDate: '2026-11-20',
		amount: 89.9,
		currency: 'USD',
		paymentLink: 'https://pay.example.com/i/inv-3001',
	},
};

/** Days overdue a sample item has at each stage (as Dunning Stage would find them). */
export const SAMPLE_DAYS_OVERDUE: Record<LibraryStage, number> = {
	reminder_7d: -7,
	reminder_1d: -1,
	due_today: 0,
	overdue_3d: 3,
	overdue_6d: 6,
	overdue_9d: 9,
	overdue_15d: 15,
	negotiation_30d: 30,
	legal_90d: 90,
	settled: 4,
	number_confirmation: -10,
	early_payment_offer: -10,
	negotiation_offer: 46,
	legal_offer: 95,
	promise_reminder: 10,
	reply_promise_to_pay: 5,
	reply_already_paid: 5,
	reply_already_paid_receipt: 5,
	reply_negotiate: 20,
	reply_payment_info: 5,
	reply_opt_out: 5,
	reply_dispute: 5,
	reply_human: 5,
	reply_wrong_person: 5,
};

/** The day a sample debtor promised to pay: the day after the reference day (promise_reminder is due the day before). */
export const SAMPLE_PROMISE_DAY = SAMPLE_REFERENCE_DAY + 1;

/** The creditor policy the samples' offers are computed with (Negotiation Offer with 2% late fee and 1% interest a month). */
const SAMPLE_NEGOTIATOR = new Negotiator({
	lateFee: { kind: 'percent', value: 2 },
	interestRate: 1,
	maxInstalments: 3,
	firstDueInDays: 7,
	validityDays: 10,
	settlementRanges: DEFAULT_SETTLEMENT_RANGES.map((range) => ({ ...range })),
	businessDays: buildBusinessCalendar([]),
	pix: { key: SAMPLE_PIX_KEY, merchantName: 'Provedor Net Ltda', merchantCity: 'Sao Paulo' },
});

/** The `debt` and `offer` Negotiation Offer gives a sample row due `days` days before the reference day. */
export function sampleNegotiation(locale: LibraryLocale, days: number): { debt: unknown; offer: unknown } {
	const row = SAMPLE_ROWS[locale];
	const result = SAMPLE_NEGOTIATOR.negotiate({
		invoiceId: row.invoiceId,
		amount: row.amount,
		currency: row.currency,
		dueDay: SAMPLE_REFERENCE_DAY - days,
		asOf: SAMPLE_REFERENCE_DAY,
		ladderDaysOverdue: days,
		paymentLink: row.paymentLink,
		boletoLine: undefined,
	});
	return { debt: result.debt, offer: result.offer ?? null };
}

export const SAMPLE_SETTINGS: RendererSettings = {
	creditor: { name: 'Provedor Net Ltda', shortName: 'Provedor Net', taxId: '12.345.678/0001-95', support: '' },
	creditorLocale: 'pt-BR',
	defaultLocale: 'pt-BR',
	defaultChannel: 'sms',
	optOut: 'auto',
	suspensionDays: 15,
	earlyPaymentDiscount: 5,
	reference: { kind: 'calendar', day: SAMPLE_REFERENCE_DAY },
	workflowZone: 'America/Sao_Paulo',
	transliterate: true,
	maxSegments: 0,
	overLimit: 'shorten',
	templates: [],
};

/** The render request of a sample item at a stage, due as many days before the reference day as the stage says. */
export function sampleRequest(locale: LibraryLocale, stage: LibraryStage): RenderRequest {
	const days = SAMPLE_DAYS_OVERDUE[stage];
	const dueDate = isoDate(SAMPLE_REFERENCE_DAY - days);
	const { locale: rowLocale, ...fields } = SAMPLE_ROWS[locale];
	const negotiation = stage === 'negotiation_offer' || stage === 'legal_offer' ? sampleNegotiation(locale, days) : {};
	const promiseDate = isoDate(SAMPLE_PROMISE_DAY);
	// Dunning Stage gives the promised day with promise_reminder; Classify Reply gives it with the reply.
	const dunning: Record<string, unknown> = { stage, daysOverdue: days, dueDate };
	if (stage === 'promise_reminder') dunning.promiseDate = promiseDate;
	const reply = stage === 'reply_promise_to_pay' ? { reply: { intent: 'promise_to_pay', promiseDate } } : {};
	return {
		json: { ...SAMPLE_ROWS[locale], dueDate, ...negotiation, ...reply },
		stage,
		channel: 'auto',
		tone: 'auto',
		locale: rowLocale,
		fields: { ...fields, dueDate },
		fieldNames: DEFAULT_FIELD_NAMES,
		dunning,
	};
}
