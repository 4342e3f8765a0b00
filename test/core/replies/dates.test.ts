/**
 * Promised dates, checked by hand against a calendar. Reference: Wednesday 2 December 2026, 14:00 in
 * São Paulo (11:00 in Mexico City, 12:00 in New York) unless a case says otherwise.
 */
import { createReplyClassifier } from '../../../nodes/core/replies';

const classifier = createReplyClassifier();
const WED = '2026-12-02T14:00:00-03:00';
const SP = 'America/Sao_Paulo';
const MX = 'America/Mexico_City';
const NY = 'America/New_York';

function read(text: string, at: unknown = WED, timezone = SP) {
	return classifier.classify({ text, at, timezone });
}

describe('promise dates in Portuguese (Wednesday 2026-12-02, São Paulo)', () => {
	it.each([
		['pago hoje', '2026-12-02'],
		['pago amanhã', '2026-12-03'],
		['pago amanha', '2026-12-03'],
		['amnh eu pago', '2026-12-03'],
		['depois de amanhã eu pago', '2026-12-04'],
		['dps de amanha pago', '2026-12-04'],
		['pago na sexta', '2026-12-04'],
		['pago sexta-feira', '2026-12-04'],
		['pago na sex', '2026-12-04'],
		['pago quarta', '2026-12-09'], // the next Wednesday, never today
		['pago quinta', '2026-12-03'],
		['pago no sábado', '2026-12-05'],
		['pago domingo', '2026-12-06'],
		['pago segunda', '2026-12-07'],
		['pago terça', '2026-12-08'],
		['pago sexta que vem', '2026-12-04'],
		['pago dia 15', '2026-12-15'],
		['pago dia 2', '2026-12-02'], // today is the 2nd: this month
		['pago dia 1', '2027-01-01'], // the 1st has passed: next month
		['pago dia 31', '2026-12-31'],
		['pg dia 10', '2026-12-10'],
		['pago 15/12', '2026-12-15'],
		['pago 15/12/2026', '2026-12-15'],
		['pago 15/12/26', '2026-12-15'],
		['pago 05/01', '2027-01-05'], // more than 60 days past: next year
		['pago no fim do mês', '2026-12-31'],
		['final do mes eu pago', '2026-12-31'],
		['pago no fim do mês que vem', '2027-01-31'],
		['daqui 3 dias pago', '2026-12-05'],
		['daqui uns 2 dias eu pago', '2026-12-04'],
		['pago em 2 semanas', '2026-12-16'],
		['pago dia 5 de janeiro', '2027-01-05'],
		['pago dia 10 do mês que vem', '2027-01-10'],
		['quando receber o salário (dia 5) eu pago', '2026-12-05'],
		['não vou sair hoje, pago amanhã', '2026-12-03'], // the day said with the paying words
	])('%p → %s', (text, iso) => {
		const reply = read(text);
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBe(iso);
		expect(reply.promiseRange).toBeNull();
	});

	it.each([
		['semana que vem', '2026-12-07', '2026-12-13', 'next week'],
		['pago semana q vem', '2026-12-07', '2026-12-13', 'next week'],
		['pago mês que vem', '2027-01-01', '2027-01-31', 'next month'],
		['pago no fim de semana', '2026-12-05', '2026-12-06', 'the weekend'],
		['pago essa semana', '2026-12-02', '2026-12-06', 'this week'],
		['pago no início do mês que vem', '2027-01-01', '2027-01-10', 'early next month'],
	])('%p → a range %s to %s, no day invented', (text, from, to, label) => {
		const reply = read(text);
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBeNull();
		expect(reply.promiseRange).toEqual({ from, to, label });
	});

	it.each([
		['vou pagar 28/11', 'has passed'], // 4 days ago: a past date, kept out of the promise and said
		['pago 31/02', 'is not a date'],
		['pago 29/02', 'is not a date'], // 2027 is not a leap year
		['pago dia 32', 'no date named'], // not a day at all: no date read
	])('%p → a promise without a date, and the reason says why', (text, why) => {
		const reply = read(text);
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBeNull();
		expect(reply.promiseRange).toBeNull();
		expect(reply.reasons).toContain(why);
	});
});

describe('promise dates in Spanish (Mexico City)', () => {
	it.each([
		['el viernes le pago', '2026-12-04'],
		['le pago el 15', '2026-12-15'],
		['le pago mañana en la mañana', '2026-12-03'], // the second "mañana" is the morning
		['pasado mañana pago', '2026-12-04'],
		['a fin de mes pago', '2026-12-31'],
		['la próxima quincena pago', '2026-12-15'],
		['le pago el 30 de diciembre', '2026-12-30'],
		['pago el 20/12', '2026-12-20'],
		['le pago en 3 días', '2026-12-05'],
		['el lunes sin falta', '2026-12-07'],
	])('%p → %s', (text, iso) => {
		const reply = read(text, WED, MX);
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBe(iso);
	});

	it('"el próximo mes" and "la próxima semana" are ranges', () => {
		expect(read('el próximo mes pago', WED, MX).promiseRange).toEqual({ from: '2027-01-01', to: '2027-01-31', label: 'next month' });
		expect(read('la próxima semana pago', WED, MX).promiseRange).toEqual({ from: '2026-12-07', to: '2026-12-13', label: 'next week' });
	});
});

describe('promise dates in English (New York)', () => {
	it.each([
		["I'll pay Friday", '2026-12-04'],
		["I'll pay fri", '2026-12-04'],
		["I'll pay tomorrow", '2026-12-03'],
		['gonna pay tmrw', '2026-12-03'],
		["I'll pay on the 15th", '2026-12-15'],
		["I'll pay 12/15", '2026-12-15'], // month/day in English
		["I'll pay 1/5", '2027-01-05'],
		["I'll pay 15/12", '2026-12-15'], // no 15th month: day/month after all
		["I'll pay at the end of the month", '2026-12-31'],
		["I'll pay Dec 18", '2026-12-18'],
		["I'll pay the day after tomorrow", '2026-12-04'],
		["I'll pay next Monday", '2026-12-07'],
	])('%p → %s', (text, iso) => {
		const reply = read(text, WED, NY);
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBe(iso);
	});

	it('"10/12" in English is 12 October, 51 days past: no date, and the reason says so', () => {
		const reply = read("I'll pay 10/12", WED, NY);
		expect(reply.promiseDate).toBeNull();
		expect(reply.reasons).toContain('has passed');
	});

	it('"next week" is a range', () => {
		expect(read("I'll pay next week", WED, NY).promiseRange).toEqual({ from: '2026-12-07', to: '2026-12-13', label: 'next week' });
	});
});

describe('other reference days', () => {
	it.each([
		// [reply time, text, promised day or null, part of the reason]
		['2026-11-15T12:00:00-03:00', 'pago dia 31', null, 'November 2026 has no day 31'],
		['2026-11-30T12:00:00-03:00', 'pago sexta', '2026-12-04', ''],
		['2026-11-30T12:00:00-03:00', 'pago dia 15', '2026-12-15', ''], // the 15th has passed in November
		['2026-12-04T10:00:00-03:00', 'pago na sexta', '2026-12-11', ''], // said on a Friday: the next one
		['2026-12-31T10:00:00-03:00', 'pago amanhã', '2027-01-01', ''],
		['2026-12-31T10:00:00-03:00', 'pago dia 5', '2027-01-05', ''],
		['2026-12-31T10:00:00-03:00', 'pago no fim do mês', '2026-12-31', ''],
		['2027-01-31T10:00:00-03:00', 'pago dia 30', null, 'February 2027 has no day 30'],
		['2026-12-15T10:00:00-03:00', 'en la quincena le pago', '2026-12-15', ''],
		['2026-12-15T10:00:00-03:00', 'la próxima quincena le pago', '2026-12-31', ''],
		['2026-12-20T10:00:00-03:00', 'quincena', '2026-12-31', ''],
		['2028-02-01T10:00:00-03:00', 'pago 29/02', '2028-02-29', ''], // a leap year
	])('at %s, %p → %p', (at, text, iso, why) => {
		const reply = read(text, at);
		expect(reply.intent).toBe('promise_to_pay');
		expect(reply.promiseDate).toBe(iso);
		if (why) expect(reply.reasons).toContain(why);
	});

	it.each([
		['2026-12-05T10:00:00-03:00', 'fim de semana', '2026-12-05', '2026-12-06'], // said on Saturday: this weekend
		['2026-12-06T10:00:00-03:00', 'semana que vem', '2026-12-07', '2026-12-13'], // said on Sunday
		['2026-12-31T10:00:00-03:00', 'mês que vem', '2027-01-01', '2027-01-31'],
	])('at %s, %p → %s to %s', (at, text, from, to) => {
		const reply = read(text, at);
		expect(reply.promiseRange).toMatchObject({ from, to });
	});
});

describe('time zones and reply times', () => {
	it("reads the day in the debtor's zone: 23:30 in São Paulo is already the next day in UTC", () => {
		const at = '2026-12-03T02:30:00Z';
		expect(read('pago amanhã', at, SP).promiseDate).toBe('2026-12-03');
		expect(read('pago amanhã', at, 'UTC').promiseDate).toBe('2026-12-04');
	});

	it('the same instant is Wednesday evening in Los Angeles and Thursday in Tokyo', () => {
		const at = '2026-12-03T04:30:00Z';
		expect(read("I'll pay tomorrow", at, 'America/Los_Angeles').promiseDate).toBe('2026-12-03');
		expect(read("I'll pay tomorrow", at, 'Asia/Tokyo').promiseDate).toBe('2026-12-04');
	});

	it('takes epoch milliseconds and epoch seconds', () => {
		const ms = Date.parse(WED);
		expect(read('pago amanhã', ms).promiseDate).toBe('2026-12-03');
		expect(read('pago amanhã', ms / 1000).promiseDate).toBe('2026-12-03');
	});

	it('without a valid reply time, a promise has no date and the reason says why', () => {
		for (const at of [undefined, 'yesterday', {}, Number.NaN]) {
			const reply = classifier.classify({ text: 'pago amanhã', at, timezone: SP });
			expect(reply.intent).toBe('promise_to_pay');
			expect(reply.promiseDate).toBeNull();
			expect(reply.reasons).toContain('no valid time');
		}
	});

	it('a zone that is not one falls back to the default zone, said in the reasons', () => {
		const reply = read('pago amanhã', '2026-12-03T02:30:00Z', 'Mars/Olympus');
		expect(reply.promiseDate).toBe('2026-12-03');
		expect(reply.reasons).toContain('"Mars/Olympus" is not a time zone');
	});

	it('the default zone is a setting', () => {
		const utc = createReplyClassifier({ defaultTimeZone: 'UTC' });
		expect(utc.classify({ text: 'pago amanhã', at: '2026-12-03T02:30:00Z' }).promiseDate).toBe('2026-12-04');
		expect(classifier.classify({ text: 'pago amanhã', at: '2026-12-03T02:30:00Z' }).promiseDate).toBe('2026-12-03');
	});
});

describe('days that are not promises', () => {
	it.each([
		['paguei ontem', 'already_paid'],
		['paguei sexta passada', 'already_paid'],
		['I paid this on Monday', 'already_paid'],
		['pago desde o dia 25', 'already_paid'],
		['pago 28/11', 'already_paid'], // "pago" beside a day that passed: paid
		['me liga amanhã de manhã', 'human'],
		['paguei o boleto que venceu dia 20', 'already_paid'],
	])('%p → %s, no promised day', (text, intent) => {
		const reply = read(text);
		expect(reply.intent).toBe(intent);
		expect(reply.promiseDate).toBeNull();
		expect(reply.promiseRange).toBeNull();
	});

	it('a later day after paid words, in another clause, is a promise for the rest', () => {
		const reply = read('já paguei metade, o resto dia 15');
		expect(reply.intents).toEqual(['already_paid', 'promise_to_pay']);
		expect(reply.promiseDate).toBe('2026-12-15');
	});

	it('"até sexta tá pago" is a promise, "tá pago" alone is paid', () => {
		expect(read('até sexta tá pago')).toMatchObject({ intent: 'promise_to_pay', promiseDate: '2026-12-04' });
		expect(read('tá pago').intent).toBe('already_paid');
	});
});

describe('a past day alone', () => {
	it('is read without a note about the reply time', () => {
		const reply = read('já paguei essa conta semana passada');
		expect(reply.intent).toBe('already_paid');
		expect(reply.reasons).not.toContain('no valid time');
	});
});
