/**
 * The sample invoices (workflows/data/invoices.csv) carry Pix codes and boleto lines that pass the
 * checks Negotiation Offer applies: every Pix code parses with a matching CRC and asks for the
 * invoice's amount, every boleto line has right check digits and encodes the invoice's due date
 * and amount. (They were made by the payments core; the first sample had placeholders.)
 */
import fs from 'node:fs';
import path from 'node:path';

import { calendarDateOrError, dayNumber, isoDate } from '../../../nodes/core/dates';
import { parseAmount } from '../../../nodes/core/money';
import { parseBoletoLine } from '../../../nodes/core/payments/boleto';
import { parsePixCode } from '../../../nodes/core/payments/pix';

function rows(): Array<Record<string, string>> {
	const text = fs.readFileSync(path.join(__dirname, '../../../workflows/data/invoices.csv'), 'utf8');
	const records: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n') {
			row.push(field);
			records.push(row);
			row = [];
			field = '';
		} else if (c !== '\r') field += c;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		records.push(row);
	}
	const [header, ...lines] = records.filter((r) => r.length > 1);
	return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

describe('the sample invoices', () => {
	const brazilian = rows().filter((r) => r.currency === 'BRL');

	it('has 30 Brazilian invoices, each with a Pix code and a boleto line', () => {
		expect(brazilian).toHaveLength(30);
		for (const row of brazilian) expect([row.invoiceId, row.pixCode !== '', row.boletoLine !== '']).toEqual([row.invoiceId, true, true]);
	});

	it.each(brazilian.map((r) => [r.invoiceId, r] as const))('%s: a valid Pix code with the invoice amount and id', (id, row) => {
		const pix = parsePixCode(row.pixCode);
		expect(pix).toMatchObject({ kind: 'static', keyType: 'evp', amount: parseAmount(row.amount), txid: id.replace(/-/g, ''), merchantName: 'Provedor Net' });
	});

	it.each(brazilian.map((r) => [r.invoiceId, r] as const))('%s: a valid boleto line with the due date and amount', (_id, row) => {
		const boleto = parseBoletoLine(row.boletoLine, dayNumber(2026, 11, 23));
		const due = row.dueDate === '' ? null : calendarDateOrError(row.dueDate, row.timezone, 'dmy');
		expect(boleto).toMatchObject({ kind: 'bank', bank: '237', amount: parseAmount(row.amount), dueDate: due === null ? null : isoDate(due as number) });
	});
});
