/**
 * What a careful user builds without this package: three Code nodes ("Run Once for All Items",
 * the fast mode) doing the same job as Dunning Stage, Segment Debtor (Standard model) and Render
 * Collection Message (SMS), and a Switch node routing by phase. The decisions are the same as the
 * package's defaults (the same ladder, the same segment rules, thresholds and channel order), so
 * that stages and segments can be compared item by item; the texts are a user's own, written per
 * stage and language like the built-in library, without its legal and tone variants.
 * These strings are the Code nodes' JavaScript, run by n8n's task runner (luxon's DateTime is a
 * global there).
 */

export const CLASSIFY_CODE = `// Classify each invoice into the collection ladder by days overdue, in the debtor's time zone.
const LADDER = [
	{ key: 'reminder_7d', phase: 'pre_collection', from: -7, to: -2 },
	{ key: 'reminder_1d', phase: 'pre_collection', from: -1, to: -1 },
	{ key: 'due_today', phase: 'pre_collection', from: 0, to: 0 },
	{ key: 'overdue_3d', phase: 'dunning', from: 3, to: 5 },
	{ key: 'overdue_6d', phase: 'dunning', from: 6, to: 8 },
	{ key: 'overdue_9d', phase: 'dunning', from: 9, to: 14 },
	{ key: 'overdue_15d', phase: 'dunning', from: 15, to: 29 },
	{ key: 'negotiation_30d', phase: 'negotiation', from: 30, to: 89 },
	{ key: 'legal_90d', phase: 'legal', from: 90, to: Infinity },
];
const ORDER = { settled: LADDER.length };
LADDER.forEach((s, i) => { ORDER[s.key] = i; });
const defaultZone = $now.zoneName;
const todayByZone = {};
const out = [];
for (const item of $input.all()) {
	const row = item.json;
	const zone = row.timezone || defaultZone;
	const today = todayByZone[zone] || (todayByZone[zone] = DateTime.now().setZone(zone).startOf('day'));
	const status = String(row.status || 'open').trim().toLowerCase();
	const text = String(row.dueDate || '');
	let due = DateTime.fromISO(text, { zone });
	if (!due.isValid) due = DateTime.fromFormat(text, 'dd/MM/yyyy', { zone });
	if (status === 'open' && !due.isValid) throw new Error('Invoice ' + row.invoiceId + ': bad due date ' + text);
	const daysOverdue = due.isValid ? Math.round(today.diff(due.startOf('day'), 'days').days) : null;
	let stage = null;
	let phase = 'none';
	if (status === 'paid') {
		stage = 'settled';
		phase = 'settled';
	} else if (status === 'open') {
		const s = LADDER.find((l) => daysOverdue >= l.from && daysOverdue <= l.to);
		if (s) {
			stage = s.key;
			phase = s.phase;
		}
	}
	const last = row.lastStageSent ? String(row.lastStageSent) : null;
	const isNew = stage !== null && (last === null || (ORDER[last] === undefined ? -1 : ORDER[last]) < ORDER[stage]);
	out.push({
		json: {
			...row,
			dunning: { stage, phase, status, daysOverdue, dueDate: due.isValid ? due.toISODate() : null, referenceDate: today.toISODate(), timezone: zone, isNew },
		},
	});
}
return out;
`;

export const SEGMENT_CODE = `// Segment each debtor (first-time, casual, intentional) and choose tone, channels, offer and priority.
const TIERS = {
	BRL: { medium: 500, high: 2000, instalments: 200 },
	MXN: { medium: 2000, high: 8000, instalments: 1000 },
	USD: { medium: 100, high: 500, instalments: 50 },
	EUR: { medium: 100, high: 500, instalments: 50 },
};
const EMAIL = /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/;
const out = [];
for (const item of $input.all()) {
	const row = item.json;
	const d = row.dunning;
	const days = d.daysOverdue;
	const late = Number(row.lateCount12m || 0);
	const broken = Number(row.brokenPromises || 0);
	let debtorType = 'casual';
	if (broken >= 2 || (late >= 4 && (days || 0) >= 30)) debtorType = 'intentional';
	else if (late === 0 && broken === 0) debtorType = 'first_time';
	let name;
	if (d.status === 'paid' || d.phase === 'settled') name = 'settled';
	else if (d.status !== 'open') name = 'on_hold';
	else if (days <= 0 || d.phase === 'pre_collection') name = 'pre_due';
	else if (d.phase === 'legal') name = 'legal';
	else if (debtorType === 'intentional') name = 'intentional';
	else if (d.phase === 'negotiation') name = 'negotiation';
	else name = debtorType;
	const sinceMonths = row.customerSince ? Math.floor(DateTime.fromISO(d.referenceDate).diff(DateTime.fromISO(row.customerSince), 'months').months) : null;
	let tone = 'firm';
	if (name === 'on_hold' || name === 'legal') tone = 'formal';
	else if (name === 'settled' || name === 'pre_due' || name === 'first_time' || debtorType === 'first_time') tone = 'friendly';
	else if (name === 'intentional' || name === 'negotiation') tone = 'firm';
	else if (days < 15 || (sinceMonths !== null && sinceMonths >= 24)) tone = 'friendly';
	const tier = TIERS[String(row.currency || '').toUpperCase()];
	const amount = Number(row.amount);
	let offer = 'none';
	if (d.status === 'open' && d.phase === 'legal') offer = 'settlement';
	else if (d.status === 'open' && d.phase === 'negotiation') offer = amount >= tier.instalments ? 'instalments' : 'settlement';
	const optedOut = row.optedOut === true ? ['whatsapp', 'sms', 'email'] : typeof row.optedOut === 'string' ? row.optedOut.split(',').map((c) => c.trim()) : [];
	const phoneOk = String(row.phone || '').replace(/\\D/g, '').length >= 8;
	const channels = [];
	if (name !== 'on_hold') {
		if (phoneOk && row.whatsappOptIn === true && !optedOut.includes('whatsapp')) channels.push('whatsapp');
		if (phoneOk && !optedOut.includes('sms')) channels.push('sms');
		if (EMAIL.test(String(row.email || '')) && !optedOut.includes('email')) channels.push('email');
	}
	const open = d.status === 'open';
	const ageDays = Math.min(Math.max(0, days || 0), 180);
	const priority = open ? Math.round(10 * Math.log10(1 + Math.max(0, amount)) * (1 + ageDays / 30)) : 0;
	const valueTier = open ? (amount >= tier.high ? 'high' : amount >= tier.medium ? 'medium' : 'low') : null;
	out.push({ json: { ...row, segment: { name, debtorType, tone, channels, offer, priority, valueTier, tenureMonths: sinceMonths } } });
}
return out;
`;

export const MESSAGE_CODE = `// Write the SMS for each invoice: the text per stage and language, amount and date in the debtor's format.
const CREDITOR = 'Provedor Net';
const TEXTS = {
	'pt-BR': {
		reminder_7d: '{c}: Olá, {n}! Sua fatura de {m} vence em {d}. Pague em {l}',
		reminder_1d: '{c}: Olá, {n}! Sua fatura de {m} vence amanhã, {d}. Pague em {l}',
		due_today: '{c}: Olá, {n}! Sua fatura de {m} vence hoje. Pague em {l}',
		overdue_3d: '{c}: Olá, {n}. Não identificamos o pagamento da fatura de {m}, vencida em {d}. Pague em {l}. Já pagou? Desconsidere.',
		overdue_6d: '{c}: {n}, a fatura de {m} (venc. {d}) segue em aberto. Evite a interrupção do serviço: {l}',
		overdue_9d: '{c}: {n}, aviso de suspensão: a fatura de {m} venceu em {d}. Regularize em {l}',
		overdue_15d: '{c}: {n}, a fatura de {m} está em aberto há {x} dias. Pague em {l} ou fale conosco.',
		negotiation_30d: '{c}: {n}, vamos resolver juntos a fatura de {m}? Condições especiais de negociação: {l}',
		legal_90d: '{c}: Prezado(a) {n}, a fatura de {m} vencida em {d} pode ser enviada aos órgãos de proteção ao crédito. Regularize: {l}',
		settled: '{c}: Olá, {n}! Recebemos o pagamento de {m}. Obrigado!',
	},
	'es-MX': {
		reminder_7d: '{c}: Hola, {n}. Tu factura de {m} vence el {d}. Paga en {l}',
		reminder_1d: '{c}: Hola, {n}. Tu factura de {m} vence mañana, {d}. Paga en {l}',
		due_today: '{c}: Hola, {n}. Tu factura de {m} vence hoy. Paga en {l}',
		overdue_3d: '{c}: Hola, {n}. No identificamos el pago de tu factura de {m}, vencida el {d}. Paga en {l}. ¿Ya pagaste? Ignora este mensaje.',
		overdue_6d: '{c}: {n}, tu factura de {m} (venc. {d}) sigue pendiente. Evita la suspensión del servicio: {l}',
		overdue_9d: '{c}: {n}, aviso de suspensión: tu factura de {m} venció el {d}. Regulariza en {l}',
		overdue_15d: '{c}: {n}, tu factura de {m} tiene {x} días de atraso. Paga en {l} o contáctanos.',
		negotiation_30d: '{c}: {n}, ¿resolvemos juntos tu factura de {m}? Tenemos opciones de pago: {l}',
		legal_90d: '{c}: Estimado(a) {n}, la factura de {m} vencida el {d} podría reportarse al buró de crédito. Regulariza: {l}',
		settled: '{c}: Hola, {n}. Recibimos tu pago de {m}. ¡Gracias!',
	},
	'en-US': {
		reminder_7d: '{c}: Hi {n}, your bill of {m} is due on {d}. Pay at {l}',
		reminder_1d: '{c}: Hi {n}, your bill of {m} is due tomorrow, {d}. Pay at {l}',
		due_today: '{c}: Hi {n}, your bill of {m} is due today. Pay at {l}',
		overdue_3d: '{c}: Hi {n}, we have not received the payment of {m} due on {d}. Pay at {l}. Already paid? Please ignore.',
		overdue_6d: '{c}: {n}, your bill of {m} (due {d}) is still open. Avoid a service interruption: {l}',
		overdue_9d: '{c}: {n}, suspension notice: your bill of {m} was due on {d}. Pay at {l}',
		overdue_15d: '{c}: {n}, your bill of {m} is {x} days overdue. Pay at {l} or contact us.',
		negotiation_30d: '{c}: {n}, let us settle your bill of {m} together. Payment plans: {l}',
		legal_90d: '{c}: Dear {n}, the bill of {m} due on {d} may be reported to credit bureaus. Pay at {l}',
		settled: '{c}: Hi {n}, we received your payment of {m}. Thank you!',
	},
};
const GSM7 = /^[@£$¥èéùìòÇ\\nØø\\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;
const money = {};
const out = [];
for (const item of $input.all()) {
	const row = item.json;
	const stage = row.dunning.stage;
	if (!stage) {
		out.push({ json: { ...row, message: { channel: null, text: '', skipped: true } } });
		continue;
	}
	const locale = TEXTS[row.locale] ? row.locale : 'pt-BR';
	const key = locale + row.currency;
	const fmt = money[key] || (money[key] = new Intl.NumberFormat(locale, { style: 'currency', currency: row.currency }));
	const iso = row.dunning.dueDate || '';
	const date = locale === 'en-US' ? iso.slice(5, 7) + '/' + iso.slice(8, 10) : iso.slice(8, 10) + '/' + iso.slice(5, 7);
	let text = TEXTS[locale][stage]
		.replace('{c}', CREDITOR)
		.replace('{n}', String(row.customerName || '').split(' ')[0])
		.replace('{m}', fmt.format(Number(row.amount)))
		.replace('{d}', date)
		.replace('{x}', String(row.dunning.daysOverdue))
		.replace('{l}', row.paymentLink);
	// Accents out, so that the SMS stays in GSM-7 (160 characters a segment instead of 70).
	text = text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/\\u00a0/g, ' ');
	const gsm = GSM7.test(text);
	const size = text.length;
	const segments = gsm ? (size <= 160 ? 1 : Math.ceil(size / 153)) : size <= 70 ? 1 : Math.ceil(size / 67);
	out.push({ json: { ...row, message: { channel: 'sms', locale, stage, text, encoding: gsm ? 'GSM-7' : 'UCS-2', segments, characters: size } } });
}
return out;
`;

/** Switch (expression mode, one evaluation per item): the output index of the item's phase. */
export const PHASE_INDEX_EXPRESSION =
	'={{ ({ pre_collection: 0, dunning: 1, negotiation: 2, legal: 3, settled: 4, none: 5 })[$json.dunning.phase] }}';
