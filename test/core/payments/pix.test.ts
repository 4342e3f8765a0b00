import { InvalidValueError } from '../../../nodes/core/errors';
import { buildStaticPixCode, parsePixCode, parsePixKey, parseTlv, pixCrc, pixText, pixTxid } from '../../../nodes/core/payments/pix';
import { prng, randomInt } from './prng';

/**
 * An independent CRC-16/CCITT-FALSE, bit by bit over Node's own UTF-8 encoding (the code under
 * test is table-driven over its own encoder). Polynomial 0x1021, initial 0xFFFF, no reflection.
 */
function referenceCrc(text: string): string {
	let crc = 0xffff;
	for (const byte of Buffer.from(text, 'utf8')) {
		for (let bit = 7; bit >= 0; bit--) {
			const inBit = (byte >> bit) & 1;
			const top = (crc >> 15) & 1;
			crc = (crc << 1) & 0xffff;
			if (top ^ inBit) crc ^= 0x1021;
		}
	}
	return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Appends "6304" and the reference CRC to a hand-assembled payload. */
const withCrc = (body: string) => `${body}6304${referenceCrc(`${body}6304`)}`;

// The BCB "Manual de Padrões para Iniciação do Pix", static QR code example (key 123e4567-…, "Fulano de Tal", BRASILIA, txid ***).
const BCB_EXAMPLE =
	'00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

describe('CRC-16/CCITT-FALSE', () => {
	it('gives the catalogue check value 29B1 for "123456789" and 1D3D for the BCB example', () => {
		expect(referenceCrc('123456789')).toBe('29B1');
		expect(pixCrc('123456789')).toBe('29B1');
		expect(pixCrc(BCB_EXAMPLE.slice(0, -4))).toBe('1D3D');
		expect(referenceCrc(BCB_EXAMPLE.slice(0, -4))).toBe('1D3D');
	});

	it('agrees with the independent implementation on 2,000 random texts, accents and emoji included', () => {
		const random = prng(99);
		const alphabet = 'abcXYZ0123456789 .-*@ãçéÉ€😀';
		const chars = Array.from(alphabet);
		for (let i = 0; i < 2000; i++) {
			const text = Array.from({ length: randomInt(random, 0, 120) }, () => chars[randomInt(random, 0, chars.length - 1)]).join('');
			expect(pixCrc(text)).toBe(referenceCrc(text));
		}
	});
});

describe('building a static Pix code', () => {
	it('reproduces the BCB manual example byte for byte', () => {
		const code = buildStaticPixCode({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA' });
		expect(code).toBe(BCB_EXAMPLE);
		expect(code.endsWith('63041D3D')).toBe(true);
	});

	it('builds a settlement code with amount, txid and description, transliterated (hand-assembled)', () => {
		const code = buildStaticPixCode({
			key: 'Cobranca@Exemplo.com.br',
			merchantName: 'Cobranças São João & Filhos Ltda',
			merchantCity: 'São Paulo',
			amount: 931.8,
			txid: 'OFR-2026-0042',
			description: 'Acordo à vista',
		});
		// 26: 0014br.gov.bcb.pix (18) + 0123cobranca@exemplo.com.br (27) + 0214Acordo a vista (18) = 63
		// 59: "Cobrancas Sao Joao E Filhos Ltda" cut to 25; 62: 0511OFR20260042 (15)
		const expected = withCrc(
			'000201' +
				'2663' +
				'0014br.gov.bcb.pix' +
				'0123cobranca@exemplo.com.br' +
				'0214Acordo a vista' +
				'52040000' +
				'5303986' +
				'5406931.80' +
				'5802BR' +
				'5925Cobrancas Sao Joao E Filh' +
				'6009Sao Paulo' +
				'6215' +
				'0511OFR20260042',
		);
		expect(code).toBe(expected);
		expect(parsePixCode(code)).toMatchObject({
			kind: 'static',
			key: 'cobranca@exemplo.com.br',
			keyType: 'email',
			amount: 931.8,
			merchantName: 'Cobrancas Sao Joao E Filh',
			merchantCity: 'Sao Paulo',
			txid: 'OFR20260042',
			description: 'Acordo a vista',
		});
	});

	it('writes amounts with two decimals and omits the field without one', () => {
		const base = { key: '+55 (11) 98765-4321', merchantName: 'Loja', merchantCity: 'Recife' };
		expect(buildStaticPixCode({ ...base, amount: '1.035,33' })).toContain('54071035.33');
		expect(buildStaticPixCode({ ...base, amount: 10 })).toContain('540510.00');
		expect(buildStaticPixCode({ ...base, amount: 0.5 })).toContain('54040.50');
		expect(buildStaticPixCode(base)).not.toMatch(/5303986(54)/);
		expect(buildStaticPixCode(base)).toContain('0114+5511987654321');
	});

	it('can write name and city in uppercase for the strictest readers', () => {
		const code = buildStaticPixCode({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'Brasília', upperCase: true });
		expect(code).toBe(withCrc('00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913FULANO DE TAL6008BRASILIA62070503***'));
	});

	it.each([
		[{ amount: 0 }, /0\.00 is not an amount a Pix code can ask for/],
		[{ amount: -5 }, /not an amount a Pix code can ask for/],
		[{ amount: 1.005 }, /more decimals than BRL allows/],
		[{ amount: 1e11 }, /100000000000\.00 is too large for a Pix code/],
		[{ txid: 'FATURA#1' }, /may only have letters and digits/],
		[{ txid: 'A'.repeat(26) }, /26 characters without separators; a Pix txid has at most 25/],
		[{ merchantName: '«#!?»' }, /merchant name is empty/],
		[{ merchantCity: ' ' }, /merchant city is empty/],
		[{ description: 'x'.repeat(70) }, /field 26 would have 132 characters; the most is 99/],
		[{ key: '123.456.789-00' }, /not a valid CPF key/],
	])('refuses %p', (change, message) => {
		const input = { key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', ...change };
		expect(() => buildStaticPixCode(input)).toThrow(InvalidValueError);
		expect(() => buildStaticPixCode(input)).toThrow(message);
	});
});

describe('the Pix character set', () => {
	it.each([
		['São Paulo', 15, 'Sao Paulo'],
		['Ação & Cia (Matriz)', 25, 'Acao E Cia Matriz'],
		['Açaí Maçã Ñandú Über', 25, 'Acai Maca Nandu Uber'],
		['  Loja   "Boa"  Vista! ', 25, 'Loja Boa Vista'],
		['50% OFF: R$ 10,00 + 1/2', 25, '50% OFF: R$ 10 00 + 1/2'],
		['Florianópolis', 15, 'Florianopolis'],
		['Santa Maria da Boa Vista', 15, 'Santa Maria da'],
		['東京', 15, ''],
	])('%p (max %d) → %p', (text, max, expected) => {
		expect(pixText(text, max)).toBe(expected);
	});

	it('makes txids of letters and digits from invoice ids, without truncating', () => {
		expect(pixTxid('INV-2026-001')).toBe('INV2026001');
		expect(pixTxid('a_b.c/d e')).toBe('abcde');
		expect(() => pixTxid('Fatura nº 1')).toThrow(/letters and digits/);
	});
});

describe('Pix keys', () => {
	it.each([
		['123.456.789-09', 'cpf', '12345678909'],
		['52998224725', 'cpf', '52998224725'],
		['11.222.333/0001-81', 'cnpj', '11222333000181'],
		['12.abc.345/01de-35', 'cnpj', '12ABC34501DE35'],
		['Fulano.Tal@Example.COM', 'email', 'fulano.tal@example.com'],
		['+55 (11) 98765-4321', 'phone', '+5511987654321'],
		['+55 61 3333-4444', 'phone', '+556133334444'],
		['123E4567-E12B-12D1-A456-426655440000', 'evp', '123e4567-e12b-12d1-a456-426655440000'],
		['  f47ac10b-58cc-4372-a567-0e02b2c3d479 ', 'evp', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
	])('%p is a %s key: %p', (value, type, key) => {
		expect(parsePixKey(value)).toEqual({ type, key });
	});

	it.each([
		['123.456.789-00', /"123\.456\.789-00" is not a valid CPF key: its check digits do not match/],
		['111.111.111-11', /not a valid CPF key/],
		['11.222.333/0001-80', /not a valid CNPJ: its check digits are 80 but the first twelve characters give 81/],
		[`${'a'.repeat(70)}@example.com`, /e-mail of 82 characters; a Pix e-mail key has at most 77/],
		['fulano@localhost', /not a valid e-mail address/],
		['fulano @example.com', /not a valid e-mail address/],
		['+1 212 555 0100', /not a Brazilian number: a Pix phone key starts with \+55/],
		['+55 11 8765', /has 6 digits after \+55; a Pix phone key has 10 or 11/],
		['+55 01 98765-4321', /no valid area code/],
		['123e4567-e12b-12d1-a456-42665544000', /looks like a random key \(EVP\) but is not one/],
		['12345', /has 5 digits: a CPF key has 11, a CNPJ key 14/],
		['chave-pix', /not a Pix key: not a CPF, CNPJ, e-mail, \+55 phone or random key/],
		['', /no Pix key was given/],
		['  ', /no Pix key was given/],
		[12345678909, /a number is not a Pix key/],
	])('refuses %p', (value, message) => {
		expect(() => parsePixKey(value)).toThrow(InvalidValueError);
		expect(() => parsePixKey(value)).toThrow(message);
	});
});

describe('validating a given Pix code (pixCode column)', () => {
	it('reads the BCB example', () => {
		expect(parsePixCode(`  ${BCB_EXAMPLE}\n`)).toMatchObject({
			code: BCB_EXAMPLE,
			kind: 'static',
			key: '123e4567-e12b-12d1-a456-426655440000',
			keyType: 'evp',
			amount: undefined,
			merchantName: 'Fulano de Tal',
			merchantCity: 'BRASILIA',
			txid: undefined,
			crc: '1D3D',
		});
	});

	// Codes published by third parties (their CRCs checked against the independent implementation above).
	it.each([
		[
			// higorkonig/pix-code-js README
			'00020126580014BR.GOV.BCB.PIX0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5911Higor Konig6009Sao Paulo62070503***6304BA66',
			{ kind: 'static', keyType: 'evp', merchantName: 'Higor Konig', merchantCity: 'Sao Paulo', amount: undefined, txid: undefined },
		],
		[
			// higorkonig/pix-code-js README, with amount, description and txid
			'00020126700014BR.GOV.BCB.PIX0136123e4567-e12b-12d1-a456-4266554400000208produto2520400005303986540575.805802BR5911Higor Konig6009Sao Paulo62190515PAGAMENTO123ABC6304A82A',
			{ kind: 'static', amount: 75.8, description: 'produto2', txid: 'PAGAMENTO123ABC' },
		],
		[
			// alexandresanlim/pix-payload-generator.net issue #10 (the corrected code)
			'00020126630014BR.GOV.BCB.PIX0122VENDAS@ENDOPLUS.ODO.BR0215PEDIDO-ENDOPLUS520400005303986540574.105802BR5925ENDO PLUS COM E SERV LTDA6014RIO DE JANEIRO62130509ENDO344686304D455',
			{ kind: 'static', keyType: 'email', amount: 74.1, txid: 'ENDO34468', merchantCity: 'RIO DE JANEIRO' },
		],
		[
			// gist matheusb-comp/1efa205b…: a dynamic code (point of initiation 12, charge URL)
			'00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a9952040000530398658' + '02BR5907EMPRESA6009SAO PAULO62070503***6304EEAB',
			{ kind: 'dynamic', url: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99', key: undefined, merchantName: 'EMPRESA' },
		],
	])('reads a published code %#', (code, expected) => {
		expect(referenceCrc(code.slice(0, -4))).toBe(code.slice(-4));
		expect(parsePixCode(code)).toMatchObject(expected);
	});

	it('accepts a lowercase check value', () => {
		expect(parsePixCode(BCB_EXAMPLE.replace(/1D3D$/, '1d3d')).crc).toBe('1D3D');
	});

	it('refuses a code whose merchant name is longer than 25 characters, as payers do (the original code of the same issue)', () => {
		const code =
			'00020126630014BR.GOV.BCB.PIX0122vendas@endoplus.odo.br0215PEDIDO-ENDOPLUS520400005303986540574.105802BR5928ENDO PLUS COM E SERV LTDA ME6014RIO DE JANEIRO62130509ENDO3446863043A22';
		expect(referenceCrc(code.slice(0, -4))).toBe('3A22');
		expect(() => parsePixCode(code)).toThrow(/merchant name \(field 59\) has 28 characters; the most is 25/);
	});

	it.each([
		['one character changed', BCB_EXAMPLE.replace('Fulano', 'Fulana'), /check value \(CRC\) is 1D3D but its content gives [0-9A-F]{4}: the code was changed/],
		['cut short', BCB_EXAMPLE.slice(0, 60), /cut short: field 26 at character 7 says it has 58 characters but only 50 follow/],
		['not starting 000201', `X${BCB_EXAMPLE}`, /must start with 000201/],
		['a broken field header', BCB_EXAMPLE.replace('5204', '52A4'), /broken at character 69: "52A4" is not a field id and length/],
		['no CRC at the end', BCB_EXAMPLE.slice(0, -8) + '6202AA', /does not end with its check value/],
		['a CRC that is not hexadecimal', `${BCB_EXAMPLE.slice(0, -4)}1D3G`, /"1D3G" is not four hexadecimal digits/],
		['another GUI', withCrc('00020126580014br.gov.bcb.pax0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***'), /no Pix account/],
		['US dollars', withCrc('00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053038405802BR5913Fulano de Tal6008BRASILIA62070503***'), /currency is 840, not 986/],
		['no city', withCrc('00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal62070503***'), /no merchant city \(field 60\)/],
		['a bad key', withCrc('00020126330014br.gov.bcb.pix01111234567890052040000530398658' + '02BR5913Fulano de Tal6008BRASILIA62070503***'), /key is wrong: "12345678900" is not a valid CPF key/],
		['a bad amount', withCrc('00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000520400005303986540410,05802BR5913Fulano de Tal6008BRASILIA62070503***'), /amount "10,0" is not an amount/],
		['no code', '   ', /no Pix code was given/],
	])('refuses %s', (_label, code, message) => {
		expect(() => parsePixCode(code)).toThrow(InvalidValueError);
		expect(() => parsePixCode(code)).toThrow(message);
	});

	it('splits nested TLV fields', () => {
		expect(parseTlv('0014br.gov.bcb.pix0103abc')).toEqual([
			{ id: '00', value: 'br.gov.bcb.pix' },
			{ id: '01', value: 'abc' },
		]);
	});
});
