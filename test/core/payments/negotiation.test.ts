import { buildBusinessCalendar, dayNumber } from '../../../nodes/core/dates';
import { InvalidFieldError, InvalidSettingError } from '../../../nodes/core/errors';
import { buildBoletoLine, formatBoletoLine, parseBoletoLine } from '../../../nodes/core/payments/boleto';
import {
	DEFAULT_SETTLEMENT_RANGES,
	type NegotiationInput,
	type NegotiationPolicy,
	Negotiator,
	withQueryParameter,
} from '../../../nodes/core/payments/negotiation';
import { buildStaticPixCode, parsePixCode } from '../../../nodes/core/payments/pix';

const day = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return dayNumber(y, m, d);
};

const calendar = buildBusinessCalendar(['2026-12-25', '2027-01-01', '2027-02-08', '2027-02-09'].map(day));

const POLICY: NegotiationPolicy = {
	lateFee: { kind: 'percent', value: 2 },
	interestRate: 1,
	maxInstalments: 3,
	firstDueInDays: 7,
	validityDays: 9,
	settlementRanges: [...DEFAULT_SETTLEMENT_RANGES],
	businessDays: calendar,
	pix: { key: '12.345.678/0001-95', merchantName: 'Provedor Net Ltda', merchantCity: 'São Paulo' },
};

// R$ 1.000,00 due Thursday 2026-10-15, calculated Monday 2026-11-30: 46 days overdue.
const INPUT: NegotiationInput = {
	invoiceId: 'INV-1017',
	amount: '1.000,00',
	currency: 'BRL',
	dueDay: day('2026-10-15'),
	asOf: day('2026-11-30'),
	ladderDaysOverdue: 46,
	segment: { name: 'negotiation', offer: 'instalments' },
	paymentLink: 'https://pay.example.com/i/inv-1017',
};

const BOLETO = buildBoletoLine({ bank: '237', dueDate: day('2026-10-15'), amount: 1000, freeField: '3381286008267713966000063' });

describe('the negotiation of one invoice (hand-worked)', () => {
	it('itemises R$ 1.000,00 at 46 days and offers 2×, 3× or 10% off, each with its own Pix code', () => {
		// Late fee 2% = 20.00; interest 1% × 46/30 = 15.333… → 15.33; total 1035.33.
		// 3×: 103533 / 3 = 345.11 exactly; 2×: 517.66 + 517.67. Settlement: 10% of 1035.33 = 103.533 → 103.53 off → 931.80.
		const { debt, offer } = new Negotiator(POLICY).negotiate(INPUT);
		expect(debt).toMatchObject({ original: 1000, lateFee: 20, interest: 15.33, charges: [], total: 1035.33, asOf: '2026-11-30', daysOverdue: 46 });
		expect(offer).toMatchObject({
			id: 'INV-1017-20261130',
			kind: 'instalments',
			currency: 'BRL',
			validUntil: '2026-12-09',
			options: [
				{ id: '2x', choice: 1, type: 'instalments', count: 2, amount: 517.66, last: 517.67, total: 1035.33, firstDue: '2026-12-07' },
				{ id: '3x', choice: 2, type: 'instalments', count: 3, amount: 345.11, last: 345.11, total: 1035.33, firstDue: '2026-12-07' },
				{ id: 'settlement', choice: 3, type: 'settlement', discountPct: 10, amount: 931.8, until: '2026-12-09' },
			],
		});
		expect(offer?.reasons[0]).toBe('Offer for segment "negotiation" (offer: instalments): instalment plans, and a settlement where a discount range applies.');
		// Every code is a valid BR Code with the option's exact amount and a txid naming the invoice and the option.
		const codes = (offer?.options ?? []).map((o) => parsePixCode(o.pixCode));
		expect(codes.map((c) => [c.amount, c.txid, c.keyType, c.merchantName, c.merchantCity])).toEqual([
			[517.66, 'INV1017P2', 'cnpj', 'Provedor Net Ltda', 'Sao Paulo'],
			[345.11, 'INV1017P3', 'cnpj', 'Provedor Net Ltda', 'Sao Paulo'],
			[931.8, 'INV1017S', 'cnpj', 'Provedor Net Ltda', 'Sao Paulo'],
		]);
		expect(offer?.options[2].pixCode).toBe(
			buildStaticPixCode({ key: '12345678000195', merchantName: 'Provedor Net Ltda', merchantCity: 'Sao Paulo', amount: '931.80', txid: 'INV1017S' }),
		);
		expect(debt.payment).toEqual({
			paymentLink: 'https://pay.example.com/i/inv-1017',
			pixCode: buildStaticPixCode({ key: '12345678000195', merchantName: 'Provedor Net Ltda', merchantCity: 'Sao Paulo', amount: 1035.33, txid: 'INV1017' }),
			pixSource: 'key',
		});
	});

	it('follows the segment: settlement only, none (the itemised debt alone), or every option without a segment', () => {
		const negotiator = new Negotiator(POLICY);
		const settlement = negotiator.negotiate({ ...INPUT, segment: { name: 'negotiation', offer: 'settlement' } });
		expect(settlement.offer?.options.map((o) => o.id)).toEqual(['settlement']);
		expect(settlement.offer?.options[0].choice).toBe(1);
		expect(settlement.offer?.reasons.some((r) => r.startsWith('No instalment plans'))).toBe(false);
		const none = negotiator.negotiate({ ...INPUT, segment: { name: 'first_time', offer: 'none' } });
		expect(none.offer).toBeUndefined();
		expect(none.debt.total).toBe(1035.33);
		const all = negotiator.negotiate({ ...INPUT, segment: undefined });
		expect(all.offer?.kind).toBe('all');
		expect(all.offer?.options.map((o) => o.id)).toEqual(['2x', '3x', 'settlement']);
		const notFollowed = new Negotiator({ ...POLICY, followSegment: false }).negotiate({ ...INPUT, segment: { offer: 'settlement' } });
		expect(notFollowed.offer?.options.map((o) => o.id)).toEqual(['2x', '3x', 'settlement']);
		expect(notFollowed.offer?.reasons[0]).toContain('Follow Segment Offer is off');
	});

	it("matches settlement ranges on the ladder's days overdue when Dunning Stage gives them", () => {
		// 95 calendar days, but the ladder (business days) says 62: the 30-89 range, 10%.
		const result = new Negotiator(POLICY).negotiate({ ...INPUT, dueDay: day('2026-08-27'), ladderDaysOverdue: 62 });
		expect(result.debt.daysOverdue).toBe(95);
		expect(result.offer?.options.find((o) => o.type === 'settlement')).toMatchObject({ discountPct: 10 });
		expect(result.offer?.reasons).toContain("Settlement ranges read the ladder's 62 days overdue (Dunning Stage).");
	});

	it("keeps the row's own Pix code (checked) without a key, and checks and formats the boleto line", () => {
		const rowCode = buildStaticPixCode({ key: 'cobranca@provedor.net', merchantName: 'Provedor Net', merchantCity: 'SAO PAULO', amount: 1000 });
		const { debt, offer } = new Negotiator({ ...POLICY, pix: {} }).negotiate({ ...INPUT, pixCode: rowCode, boletoLine: BOLETO });
		expect(debt.payment.pixCode).toBe(rowCode);
		expect(debt.payment.pixSource).toBe('row');
		expect(offer?.options.every((o) => o.pixCode === undefined)).toBe(true);
		expect(debt.payment.boletoLine).toBe(formatBoletoLine(BOLETO));
		expect(debt.payment.boleto).toEqual({ bank: '237', dueDate: '2026-10-15', amount: 1000 });
		const withPdf = new Negotiator(POLICY).negotiate({ ...INPUT, boletoPdfUrl: ' https://pay.example.com/b.pdf ' });
		expect(withPdf.debt.payment.boletoPdfUrl).toBe('https://pay.example.com/b.pdf');
		expect(parseBoletoLine(BOLETO, day('2026-11-30')).kind).toBe('bank');
	});

	it("uses the row's Pix key before the node's, and makes no Pix code for a debt in another currency", () => {
		const { offer } = new Negotiator(POLICY).negotiate({ ...INPUT, pixKey: '+55 (11) 98765-4321' });
		expect(parsePixCode(offer?.options[0].pixCode).key).toBe('+5511987654321');
		const mexican = new Negotiator(POLICY).negotiate({ ...INPUT, currency: 'MXN', amount: 3000 });
		expect(mexican.debt.payment.pixCode).toBeUndefined();
		expect(mexican.offer?.reasons).toContain('No Pix code: Pix is paid in BRL, and this debt is in MXN.');
	});

	it('appends the invoice or offer id to the payment link for reconciliation', () => {
		const byInvoice = new Negotiator({ ...POLICY, reference: { mode: 'invoice' } }).negotiate(INPUT);
		expect(byInvoice.debt.payment.paymentLink).toBe('https://pay.example.com/i/inv-1017?ref=INV-1017');
		const byOffer = new Negotiator({ ...POLICY, reference: { mode: 'offer', parameter: 'offer_id' } }).negotiate({
			...INPUT,
			paymentLink: 'https://pay.example.com/i/inv-1017?utm=sms&offer_id=old#pay',
		});
		expect(byOffer.debt.payment.paymentLink).toBe('https://pay.example.com/i/inv-1017?utm=sms&offer_id=INV-1017-20261130#pay');
		expect(withQueryParameter('https://x.example/p', 'ref', 'A B&C')).toBe('https://x.example/p?ref=A%20B%26C');
	});

	it('gives no txid for an invoice id that cannot be one, and says so', () => {
		const { offer } = new Negotiator(POLICY).negotiate({ ...INPUT, invoiceId: 'FATURA#2026/ÁGUA' });
		expect(parsePixCode(offer?.options[0].pixCode).txid).toBeUndefined();
		expect(offer?.reasons.some((r) => r.startsWith('Pix codes without a txid'))).toBe(true);
	});
});

describe('bad data names the field; bad settings name the setting', () => {
	const negotiator = new Negotiator(POLICY);
	const field = (input: Partial<NegotiationInput>) => {
		try {
			negotiator.negotiate({ ...INPUT, ...input, fieldNames: { ...DEFAULT_NAMES, amount: 'Valor', boletoLine: 'Linha' } });
		} catch (error) {
			return error as InvalidFieldError;
		}
		throw new Error('no error');
	};
	const DEFAULT_NAMES = {
		amount: 'amount',
		currency: 'currency',
		lateFee: 'lateFee',
		interestRate: 'interestRate',
		country: 'country',
		paymentLink: 'paymentLink',
		boletoLine: 'boletoLine',
		pixCode: 'pixCode',
		pixKey: 'pixKey',
		boletoPdfUrl: 'boletoPdfUrl',
		invoicePdfUrl: 'invoicePdfUrl',
	};

	it.each([
		[{ amount: 0 }, 'Valor', 'is zero'],
		[{ amount: '-10' }, 'Valor', 'is negative'],
		[{ currency: 'XAU' }, 'currency', 'without minor units'],
		[{ currency: '' }, 'currency', 'no currency'],
		[{ pixKey: '123.456.789-00' }, 'pixKey', 'not a valid CPF key'],
		[{ pixKey: '12.345.678/0001-00' }, 'pixKey', 'CNPJ'],
		[{ pixKey: 'cobranca@' }, 'pixKey', 'not a valid e-mail'],
		[{ pixKey: '+1 415 555 0100' }, 'pixKey', 'starts with +55'],
		[{ pixKey: '123e4567-e12b-12d1-a456-42665544000' }, 'pixKey', 'random key (EVP)'],
		[{ pixCode: '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304ABCD' }, 'pixCode', 'check value (CRC)'],
		[{ boletoLine: BOLETO.slice(0, 10) + String((Number(BOLETO[10]) + 1) % 10) + BOLETO.slice(11) }, 'Linha', 'field 2'],
		[{ lateFee: '5%' }, 'lateFee', 'above the 2% maximum'],
		[{ boletoPdfUrl: 'http://pay.example.com/b.pdf' }, 'boletoPdfUrl', 'is not an https address'],
		[{ invoicePdfUrl: 'ftp://pay.example.com/f.pdf' }, 'invoicePdfUrl', 'is not an https address'],
	])('%j → %s', (input, name, problem) => {
		const error = field(input as Partial<NegotiationInput>);
		expect(error).toBeInstanceOf(InvalidFieldError);
		expect(error.field).toBe(name);
		expect(error.message).toContain(problem);
	});

	it('a payment link that is not a web address, when a reference is appended', () => {
		expect(() => new Negotiator({ ...POLICY, reference: { mode: 'invoice' } }).negotiate({ ...INPUT, paymentLink: 'pay.example.com/x' })).toThrow(
			/Field 'paymentLink' has the value "pay.example.com\/x": is not a web address/,
		);
	});

	it.each([
		[{ pix: { key: '111.111.111-11', merchantName: 'X', merchantCity: 'Y' } }, 'Pix Key'],
		[{ pix: { key: 'a@b.com', merchantName: '', merchantCity: 'Y' } }, 'Pix Merchant Name'],
		[{ pix: { key: 'a@b.com', merchantName: 'X', merchantCity: '  ' } }, 'Pix Merchant City'],
		[{ maxInstalments: 1.5 }, 'Maximum Instalments'],
		[{ lateFee: { kind: 'percent' as const, value: 'dois' } }, 'Late Fee'],
		[{ reference: { mode: 'invoice' as const, parameter: 'a b' } }, 'Reference Parameter'],
		[{ settlementRanges: [{ minDaysOverdue: 30, maxDiscountPct: 120 }] }, 'Settlement Discounts'],
	])('%j → %s', (change, setting) => {
		let error: unknown;
		try {
			new Negotiator({ ...POLICY, ...change });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InvalidSettingError);
		expect((error as InvalidSettingError).setting.startsWith(setting)).toBe(true);
	});

	it('a late fee above 2% is fine for non-consumer debts and outside Brazil, refused for a Brazilian consumer debt', () => {
		const policy = { ...POLICY, lateFee: { kind: 'percent' as const, value: 10 } };
		expect(() => new Negotiator(policy).negotiate(INPUT)).toThrow(/Late Fee: 10% is above the 2% maximum late fee for Brazilian consumer debts \(CDC art\. 52 §1/);
		expect(new Negotiator(policy).negotiate({ ...INPUT, currency: 'MXN', country: 'MX' }).debt.lateFee).toBe(100);
		expect(new Negotiator({ ...policy, consumer: false }).negotiate(INPUT).debt.lateFee).toBe(100);
	});
});

describe('a built boleto line', () => {
	it('passes every check and reads back its bank, due date and amount', () => {
		const line = buildBoletoLine({ bank: '341', dueDate: day('2027-03-10'), amount: '1.234,56', freeField: '1090000000312345678901230' });
		expect(line).toHaveLength(47);
		expect(parseBoletoLine(line, day('2027-01-01'))).toMatchObject({ kind: 'bank', bank: '341', dueDate: '2027-03-10', amount: 1234.56 });
	});
});
