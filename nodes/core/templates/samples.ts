/**
 * Sample invoices per language: the example values Meta asks for when a WhatsApp template is
 * submitted (whatsapp-templates.json), and the rows the documentation's examples are rendered from.
 */
import { isoDate } from '../dates';
import { DEFAULT_FIELD_NAMES, type ItemFields } from './context';
import type { RenderRequest, RendererSettings } from './message';
import type { LibraryLocale, LibraryStage } from './types';

export interface SampleRow extends ItemFields {
	locale: string;
	[field: string]: unknown;
}

export const SAMPLE_ROWS: Record<LibraryLocale, SampleRow> = {
	'pt-BR': {
		invoiceId: 'INV-1001',
		customerName: 'Maria da Silva',
		locale: 'pt-BR',
		dueDate: '2026-11-20',
		amount: '1.234,56',
		currency: 'BRL',
		paymentLink: 'https://pay.example.com/i/inv-1001',
		boletoLine: '23793381286008267713966000063305910100000123456',
		pixCode: '00020126580014br.gov.bcb.pix0136inv-1001-pix-key-5204000053039865802BR5913Provedor Net6009SAO PAULO6304ABCD',
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
};

/** 2026-11-23, the day the samples are rendered on. */
export const SAMPLE_REFERENCE_DAY = 20_780;

export const SAMPLE_SETTINGS: RendererSettings = {
	creditor: { name: 'Provedor Net Ltda', shortName: 'Provedor Net', taxId: '12.345.678/0001-90', support: '' },
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
	return {
		json: { ...SAMPLE_ROWS[locale], dueDate },
		stage,
		channel: 'auto',
		tone: 'auto',
		locale: rowLocale,
		fields: { ...fields, dueDate },
		fieldNames: DEFAULT_FIELD_NAMES,
		dunning: { stage, daysOverdue: days, dueDate },
	};
}
