/**
 * The words debtors use, per intent and language, as phrase patterns over canonical tokens.
 *
 * Pattern syntax (one phrase per string; compiled once by phrases.ts):
 * - words separated by spaces, matched on canonical tokens (accents and case do not matter here);
 * - `a|b|c` one of several words in that slot; a trailing `?` makes the slot optional;
 * - `@class` any word of a class below (`@neg`, `@msg`, ...); `@name` a word the lexicon does not
 *   know (a person's name in "não sou a Maria");
 * - `*` up to three words of anything in the same clause;
 * - `#n` a number, `#x` "3x", `#o` an ordinal "15th"/"1º", `#d` a date "15/12".
 *
 * A group's weight is how sure its phrases make us of the intent on their own (before questions,
 * irony and mixed intents lower it). `alone` phrases count only when their clause holds nothing
 * else but courtesy words: "SAIR" is an opt-out, "quando sair o salário" is not. `flip` phrases
 * mean paid, unless a later day follows ("até sexta tá pago" is a promise). `instrument` phrases
 * name a payment instrument, and mean "send it to me" only when the reply is not about a payment
 * made or promised ("paguei pelo pix" is about the payment).
 *
 * Every phrase here was written from how debtors write, not from the test corpus.
 */
import type { ReplyIntent } from './types';

/** `user`: the phrases typed on the canvas. */
export type PhraseLanguage = 'pt' | 'es' | 'en' | 'any' | 'user';
export type MarkerKind = 'scope_all' | 'sarcasm' | 'irony' | 'hedge' | 'own_text' | 'own_clause' | 'settlement';

export interface PhraseGroup {
	intent?: ReplyIntent;
	marker?: MarkerKind;
	lang: PhraseLanguage;
	weight: number;
	phrases: string[];
	alone?: boolean;
	flip?: boolean;
	instrument?: boolean;
	/** A promise word that means paid when a past day comes with it. */
	pastToPaid?: boolean;
	/** A verb that is also a noun: not after an article or "de" ("ficha de pago", "o depósito"). */
	verbOnly?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Spelling: slang, abbreviations and common typos → one canonical word

const CANONICAL_FORMS: Record<string, string[]> = {
	nao: ['n', 'naum', 'nn', 'nop', 'nau'],
	voce: ['vc', 'vce', 'ce', 'cê', 'voc'],
	voces: ['vcs', 'vocês'],
	que: ['q', 'qe', 'ke'],
	porque: ['pq', 'pk', 'xq', 'xk', 'porq', 'pqe', 'porqe', 'pork'],
	hoje: ['hj', 'hje', 'oje'],
	amanha: ['amnh', 'amanh', 'amn', 'amanhan', 'amanah'],
	manana: ['mnn', 'mñn', 'mañna', 'maniana', 'manan'],
	tomorrow: ['tmrw', 'tmr', 'tmrrw', 'tomorow', 'tommorow', 'tommorrow', 'tomorroe', '2morrow', '2moro', '2morow', 'tmw'],
	today: ['2day', 'tday', 'tdy'],
	tonight: ['2nite', 'tonite'],
	depois: ['dps', 'dpois', 'depoi'],
	despues: ['dsps', 'dsp', 'despue'],
	quando: ['qdo', 'qnd', 'qndo', 'qd', 'qnt'],
	cuando: ['cdo', 'cnd', 'cuadno'],
	pago: ['pg', 'pgo'],
	pagamento: ['pgto', 'pgt', 'pgmto', 'pagto', 'pagamnto'],
	paguei: ['pagei', 'paquei', 'pguei', 'pagey', 'paguey', 'pagui', 'pageui', 'paguie', 'pagueii'],
	pague: ['page', 'pgue'],
	paid: ['payed', 'piad'],
	beleza: ['blz', 'blza', 'belez'],
	valeu: ['vlw', 'vlew', 'vleu', 'valew'],
	obrigado: ['obg', 'obgd', 'obgda', 'brigado', 'obrigada', 'brigada', 'obrigadu', 'obgdo'],
	tudo: ['td', 'tdo'],
	todos: ['tds'],
	muito: ['mt', 'mto', 'mtu', 'mui'],
	mesmo: ['msm'],
	agora: ['agr', 'agra'],
	comigo: ['cmg'],
	ninguem: ['ngm', 'nigm'],
	tambem: ['tb', 'tbm', 'tmbm'],
	tambien: ['tmb', 'tmbn'],
	mensagem: ['msg', 'mensage', 'mensagen', 'msgm', 'mensg'],
	mensagens: ['msgs', 'mensages', 'mensgs'],
	mensaje: ['msj'],
	mensajes: ['msjs', 'mjs'],
	whatsapp: ['zap', 'zapzap', 'wpp', 'whats', 'wts', 'whatsap', 'whatsaap', 'watsapp', 'wsp', 'wasap', 'guasap', 'whatsup', 'wapp'],
	email: ['mail', 'emails', 'imeil'],
	please: ['xfa', 'xfavor', 'porfa', 'porfis', 'plis', 'pls', 'plz', 'pliss', 'pfv', 'pfvr', 'pf', 'porfavor', 'plse', 'pleas', 'pleasee'],
	you: ['u', 'yu', 'yoo'],
	your: ['ur', 'yor'],
	thanks: ['thx', 'thnx', 'thanx', 'tks', 'ty', 'tnx', 'thank', 'thnks', 'tx'],
	ok: ['k', 'okay', 'okey', 'oki', 'oks', 'okis', 'okk', 'oky', 'okok', 'okeh'],
	aqui: ['aki', 'aq'],
	donde: ['dnd', 'dnde'],
	gracias: ['grax', 'grs', 'grasias', 'gras', 'grcs', 'grasia', 'gracia'],
	pues: ['ps', 'pss'],
	entonces: ['tons', 'entons'],
	ta: ['tah'],
	ja: ['jah', 'jaa'],
	cant: ['cannot', 'cnt', 'caint'],
	dont: ['dnt', 'donot'],
	didnt: ['didint', 'didn'],
	im: ['iam'],
	ill: ['il', 'iil'],
	numero: ['nro', 'numer', 'nmr', 'numeor'],
	telefone: ['tel', 'fone', 'telefne'],
	boleto: ['boletos', 'bolet', 'boleot'],
	comprovante: ['comprovantes', 'comprovativo', 'comprovate', 'conprovante', 'comprovant'],
	comprobante: ['comprobantes', 'conprobante', 'comprobate'],
	sexta: ['sesta', 'sexata', 'sxta'],
	sabado: ['sabad', 'sábad'],
	semana: ['smn'],
	parcelar: ['parselar'],
	desconto: ['descont', 'discont'],
	descuento: ['descuent', 'descueto'],
	negociar: ['negocear', 'negosiar'],
	unsubscribe: ['unsuscribe', 'unsubcribe', 'unsubscibe', 'unsub'],
	optout: ['opout'],
	stopall: ['stopal'],
	dinheiro: ['dinhero', 'dindin', 'grana'],
	errado: ['erado', 'erradu'],
	equivocado: ['equibocado', 'ekivocado', 'equivocao'],
};

export const CANONICAL: ReadonlyMap<string, string> = (() => {
	const map = new Map<string, string>();
	for (const [canonical, variants] of Object.entries(CANONICAL_FORMS)) {
		for (const variant of variants) map.set(fold(variant), canonical);
	}
	return map;
})();

/** Lower case without accents: for the lexicon's own literals (the tokenizer folds the same way). */
export function fold(word: string): string {
	return word
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Word classes

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
	um: 1, uma: 1, one: 1, un: 1, una: 1, uno: 1,
	dois: 2, duas: 2, dos: 2, two: 2,
	tres: 3, three: 3,
	quatro: 4, cuatro: 4, four: 4,
	cinco: 5, five: 5,
	seis: 6, six: 6,
	sete: 7, siete: 7, seven: 7,
	oito: 8, ocho: 8, eight: 8,
	nove: 9, nueve: 9, nine: 9,
	dez: 10, diez: 10, ten: 10,
	onze: 11, once: 11, eleven: 11,
	doze: 12, doce: 12, twelve: 12,
	dezoito: 18, dieciocho: 18, eighteen: 18,
	vinte: 20, veinte: 20, twenty: 20,
	trinta: 30, treinta: 30, thirty: 30,
};

export const ORDINAL_WORDS: Readonly<Record<string, number>> = {
	primeira: 1, primeiro: 1, primera: 1, primero: 1, first: 1,
	segunda: 2, segundo: 2, second: 2,
	terceira: 3, terceiro: 3, tercera: 3, tercero: 3, third: 3,
	quarta: 4, cuarta: 4, fourth: 4,
	quinta: 5, fifth: 5,
};

export const WORD_CLASSES: Readonly<Record<string, string[]>> = {
	neg: ['nao', 'no', 'not', 'never', 'nunca', 'jamais', 'jamas', 'nem', 'ni', 'dont', 'didnt', 'doesnt', 'havent', 'hasnt', 'wont', 'cant', 'isnt', 'wasnt', 'arent', 'aint'],
	msg: [
		'mensagem', 'mensagens', 'sms', 'whatsapp', 'email', 'cobranca', 'cobrancas', 'notificacao', 'notificacoes', 'lembrete', 'lembretes',
		'torpedo', 'torpedos', 'ligacao', 'ligacoes', 'texto', 'textos', 'mensaje', 'mensajes', 'notificaciones', 'notificacion', 'correo',
		'correos', 'llamadas', 'recordatorios', 'message', 'messages', 'text', 'texts', 'notifications', 'reminders', 'calls', 'emails', 'spam',
	],
	sendInf: [
		'mandar', 'enviar', 'ligar', 'escrever', 'mandando', 'enviando', 'ligando', 'cobrar', 'cobrando', 'perturbar', 'incomodar', 'importunar',
		'encher', 'mandarme', 'enviarme', 'escribirme', 'llamarme', 'marcarme', 'contactarme', 'molestarme', 'molestar', 'acosarme', 'acosar',
		'escribir', 'llamar', 'contactar', 'texting', 'messaging', 'calling', 'contacting', 'sending', 'emailing', 'harassing', 'bothering',
		'bugging', 'spamming', 'chamar', 'perturbando', 'incomodando',
	],
	removePt: [
		'tira', 'tire', 'tirem', 'tirar', 'remove', 'remova', 'removam', 'remover', 'exclui', 'exclua', 'excluam', 'excluir', 'apaga', 'apague',
		'apaguem', 'apagar', 'deleta', 'deletem', 'retira', 'retire', 'retirem', 'retirar', 'descadastra', 'descadastrem', 'bloqueia', 'bloqueiem',
		'bloquear', 'bloqueie',
	],
	removeEs: [
		'saquenme', 'sacame', 'sacarme', 'saquen', 'saque', 'quitenme', 'quitame', 'quitarme', 'quiten', 'borrenme', 'borren', 'borrar', 'borra',
		'eliminen', 'eliminar', 'eliminenme', 'eliminame', 'elimina', 'remuevan', 'remueve', 'remuevanme', 'bloqueen', 'bloquear',
	],
	listPt: ['lista', 'cadastro', 'base', 'sistema', 'grupo', 'contatos', 'mailing', 'whatsapp'],
	listEs: ['lista', 'base', 'sistema', 'registro', 'directorio', 'contactos', 'grupo'],
	contactPt: ['numero', 'contato', 'telefone', 'cadastro', 'dados', 'nome', 'celular', 'email'],
	contactEs: ['numero', 'telefono', 'contacto', 'datos', 'celular', 'correo', 'nombre'],
	count: [
		'#n', 'um', 'uma', 'dois', 'duas', 'tres', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove', 'dez', 'doze', 'dos', 'cuatro', 'siete',
		'ocho', 'nueve', 'diez', 'doce', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twelve', 'once', 'onze', 'dezoito',
	],
	ordinal: ['primeira', 'primeiro', 'primera', 'primero', 'first', 'segunda', 'segundo', 'second', 'terceira', 'terceiro', 'tercera', 'tercero', 'third', '#o'],
	/** Verbs of stopping, for the opt-out net "a stop verb, then (within three words) messages or a list". */
	stopVerb: [
		'parar', 'pare', 'parem', 'cancelar', 'cancela', 'cancelem', 'chega', 'basta', 'bloquear', 'bloqueia', 'sair', 'sai', 'remover', 'remove', 'excluir',
		'exclui', 'tirar', 'tira', 'suspender', 'suspende', 'interromper', 'encerrar', 'encerra', 'paren', 'cancelen', 'bloqueen', 'quitar', 'quiten',
		'suspendan', 'detener', 'detengan', 'dejar', 'dejen', 'deja', 'borrar', 'borren', 'eliminar', 'eliminen', 'stop', 'quit', 'end', 'cancel', 'halt',
		'pause', 'block', 'unsubscribe',
	],
	msgList: [
		'mensagem', 'mensagens', 'sms', 'envio', 'envios', 'lista', 'cadastro', 'notificacoes', 'cobrancas', 'lembretes', 'torpedos', 'mensaje', 'mensajes',
		'notificaciones', 'correos', 'llamadas', 'recordatorios', 'message', 'messages', 'texts', 'texting', 'emails', 'calls', 'notifications', 'reminders',
		'list', 'spam',
	],
	det: [
		'as', 'os', 'a', 'o', 'essas', 'esses', 'estas', 'estes', 'essa', 'esse', 'esta', 'este', 'suas', 'seus', 'sua', 'seu', 'las', 'los', 'la', 'el', 'estos',
		'esos', 'esas', 'sus', 'tus', 'the', 'these', 'those', 'your', 'this', 'that', 'any', 'my', 'meu', 'minha', 'mi', 'mis', 'tais',
	],
	amount: [
		'valor', 'cuota', 'mensualidad', 'pago', 'monto', 'interes', 'intereses', 'parcela', 'juros', 'prestacao', 'mensalidade', 'divida', 'deuda', 'cantidad',
		'amount', 'payment', 'balance', 'interest', 'total', 'cobro', 'cargo', 'multa', 'taxa', 'tasa',
	],
	debt: ['conta', 'divida', 'debito', 'cobranca', 'compra', 'fatura', 'deuda', 'cargo', 'cobro', 'cuenta', 'debt', 'charge', 'bill', 'account'],
	paidAdj: ['pago', 'paga', 'quitado', 'quitada', 'pagado', 'pagada', 'liquidado', 'liquidada', 'cubierto', 'cubierta', 'saldado', 'saldada', 'acertado'],
	payNoun: ['pagamento', 'pix', 'deposito', 'transferencia', 'quitacao', 'ted', 'doc'],
	instalmentUnit: [
		'x', 'vezes', 'veces', 'parcelas', 'prestacoes', 'cuotas', 'pagos', 'mensualidades', 'meses', 'installments', 'instalments', 'payments',
		'months', 'partes', 'abonos', 'quincenas', 'parcelinhas', 'parcialidades',
	],
	person: [
		'atendente', 'pessoa', 'humano', 'humana', 'alguem', 'gerente', 'responsavel', 'supervisor', 'operador', 'operadora', 'consultor', 'consultora',
		'especialista', 'funcionario', 'atendimento',
	],
	personEs: ['asesor', 'asesora', 'ejecutivo', 'ejecutiva', 'agente', 'persona', 'humano', 'gerente', 'supervisor', 'alguien', 'encargado', 'encargada', 'operador'],
	personEn: ['person', 'human', 'agent', 'representative', 'rep', 'manager', 'supervisor', 'someone', 'somebody', 'operator', 'anyone'],
};

// ---------------------------------------------------------------------------------------------
// Intents

const OPT_OUT: PhraseGroup[] = [
	// Honoured wherever they appear (Twilio's keywords and their spellings), unless negated.
	{ intent: 'opt_out', lang: 'en', weight: 0.95, phrases: ['stop', 'stopall', 'unsubscribe', 'optout', 'opt out', 'opt me out'] },
	{
		intent: 'opt_out',
		lang: 'pt',
		weight: 0.95,
		phrases: [
			'descadastrar', 'descadastre', 'descadastrem', 'descadastro', 'me descadastra', 'parem', 'parem ja',
			'nao quero mais receber', 'nao quero receber mais', 'nao quero receber', 'nao desejo mais receber', 'nao desejo receber',
			'nao gostaria de receber', 'nao receber mais', 'nao quero mais @det? @msg', 'nao quero mais nada de voces',
			'nao quero receber mais nada', 'nao quero receber nada', 'nao quero ser mais? contatado|contatada|contactado|incomodado|incomodada|perturbado|perturbada|cobrado|cobrada|importunado',
			'nao quero mais ser contatado|contatada|contactado|incomodado|incomodada|perturbado|perturbada|cobrado|cobrada',
			'nao me mande|mandem|envie|enviem|manda|envia|ligue|liguem|perturbe|perturbem|incomode|incomodem|procure|procurem|chame|chamem mais',
			'nao me mande|mandem|envie|enviem|manda|envia @msg', 'nao mande|mandem|envie|enviem|envia|manda mais', 'nao enviar|mandar mais',
			'nao entre|entrem|entra mais? em contato', 'nao me contate|contatem|contacte|contactem mais?',
			'para|pare|parem|parar de me? @sendInf', 'para|pare|parem|parar de me mandar|enviar @msg', 'parar|pare|parem|para com @det? @msg',
			'parar|pare|parem de receber', 'parar @msg', 'pare @msg', 'para de encher', 'pare de encher',
			'me @removePt da|dessa|desta|do|deste|desse|de|das|dos', '@removePt o|a? meu|meus|minha|minhas @contactPt', '@removePt meu|meus|minha|minhas? @contactPt da|dessa|desta|do|de',
			'@removePt esse|este numero', 'sair|sai|saia da|dessa|desta|do|deste lista|cadastro|grupo|sistema', 'quero sair', 'sai fora', 'nao autorizo mais? o|a? envio|contato|mensagens|mensagem|ligacoes|cobrancas', 'nao autorizo', 'parar|pare|parem|cancelar|cancela o|os|a? envio|envios|recebimento', 'quero ser removido|removida|excluido|excluida|descadastrado|descadastrada',
			'cancelar o|a? recebimento|envio|inscricao|cadastro', 'cancelar|cancela|cancelem|cancele @det? @msg', 'cancelar|cancela o|a? envio',
			'deixa|deixe|deixem eu|me em paz', 'me deixa|deixe|deixem em paz', 'chega de @msg', 'chega de me? @sendInf',
			'nao me @sendInf mais', 'para de me @sendInf', 'pare de me @sendInf',
		],
	},
	{
		intent: 'opt_out',
		lang: 'es',
		weight: 0.95,
		phrases: [
			'ya no me escriban|manden|envien|contacten|llamen|marquen|molesten|escriba|mande|envie|contacte|llame|marque|moleste',
			'no me escriban|manden|envien|contacten|llamen|marquen|molesten|escriba|mande|envie|contacte|llame|moleste mas',
			'no me escriban|manden|envien|contacten|llamen|marquen|molesten', 'no me vuelvan|vuelva a', 'no vuelvan|vuelva a escribir|escribirme|mandar|llamar|contactar',
			'no me esten|sigan|este|siga @sendInf|mandando|enviando|escribiendo|llamando|molestando',
			'no quiero mas? recibir', 'ya no quiero recibir|mensajes', 'no quiero que me contacten|escriban|manden|llamen|molesten|envien',
			'no quiero mas @msg', 'no recibir mas', 'no deseo recibir', 'no deseo mas',
			'dejen|deja|deje|dejar ya? de @sendInf', 'dejen|deja|deje|dejar de mandar|enviar|escribir @msg?', 'dejar de recibir', 'dejen en paz', 'dejenme en paz', 'dejame en paz',
			'darme|dar|denme|den|doy|de de baja', 'me doy de baja', 'quiero la baja', 'solicito la baja',
			'@removeEs mi|mis? @contactEs', '@removeEs de su|la|sus|esta|esa|tu @listEs', 'sacar mi numero',
			'ya basta de @msg', 'basta de @msg', 'no mas @msg', 'ya no mas @msg', 'favor de no enviar|mandar', 'no enviar|mandar mas',
			'no me contacten|contacte|busquen', 'ya no me contacten', 'no autorizo', 'paren de @sendInf', 'paren ya', 'paren', 'baja de @det? servicio|lista|notificaciones|@msg',
		],
	},
	{
		intent: 'opt_out',
		lang: 'en',
		weight: 0.95,
		phrases: [
			'stop @sendInf', 'dont|never text|message|contact|call|email|txt me', 'do not text|message|contact|call|email|txt me?', 'dont|never text|message|contact|call|email|txt this|my|the? number|phone', 'do not text|message|contact|call|email|txt this|my|the number|phone', 'no more @msg',
			'remove me', 'remove my number|phone|info|name|contact', 'take me off', 'take my number off', 'delete my number|info', 'leave me alone',
			'quit @sendInf', 'dont want to? receive|get', 'dont want these|your|any|this', 'do not want to? receive|get', 'dont want any more @msg',
			'cease and desist', 'do not authorize|consent', 'dont authorize|consent', 'revoke my consent', 'revoke consent', 'cease all? contact|communication', 'dont contact', 'stop sending',
		],
	},
	// The net under the phrases above: a stop verb and, a few words on in the same clause, messages
	// or a list ("Parar envio", "cancela essas mensagens", "quit the texts"). Less sure than a phrase.
	{ intent: 'opt_out', lang: 'any', weight: 0.8, phrases: ['@stopVerb * @msgList'] },
	// Words that are an opt-out when said on their own, and ordinary words inside a sentence.
	{ intent: 'opt_out', lang: 'pt', weight: 0.9, alone: true, phrases: ['sair', 'parar', 'pare', 'para', 'cancelar', 'cancela', 'chega', 'basta', 'fim', 'bloquear', 'remover', 'sai'] },
	{ intent: 'opt_out', lang: 'es', weight: 0.9, alone: true, phrases: ['baja', 'alto', 'basta', 'ya basta', 'cancelar', 'parar', 'fin', 'bajaa', 'darme de baja'] },
	{ intent: 'opt_out', lang: 'en', weight: 0.9, alone: true, phrases: ['end', 'quit', 'cancel', 'revoke', 'remove', 'halt', 'enough'] },
];

const ALREADY_PAID: PhraseGroup[] = [
	{
		intent: 'already_paid',
		lang: 'pt',
		weight: 0.95,
		phrases: [
			'ja paguei', 'eu ja paguei', 'paguei ja', 'ja foi|esta|ta|estava pago|paga|quitado|quitada|acertado', 'ja? foi|esta|ta|estava tudo pago|paga|quitado|quitada|acertado', '@payNoun feito|feita|realizado|realizada|efetuado|efetuada|enviado|enviada|concluido|concluida', 'ja foi feito o? pagamento|pix|deposito',
			'ja efetuei|realizei|fiz|mandei|enviei|transferi|depositei|quitei|acertei|paguei|liquidei',
			'efetuei|realizei|fiz o|a|um? pagamento|pix|deposito|transferencia|ted|quitacao',
			'pagamento realizado|efetuado|feito|confirmado|concluido|ok', 'pagamento ja? foi|esta|ta efetuado|realizado|feito|confirmado|pago|concluido|compensado', 'ja foi|esta|ta debitado|descontado|compensado', 'foi debitado|descontado', 'ja caiu o? pagamento|pix|deposito|dinheiro', 'caiu o pagamento|pix', 'foi feito o pagamento', 'ja foi feito', 'foi pago no debito automatico', 'debito automatico',
			'paguei tudo|sim|ja|ontem|hoje|metade|parte', 'ja paguei metade|parte|tudo', 'ja paguei uma parte', 'paguei uma parte', 'mandei|enviei o pix', 'ja mandei o pix', 'ja quitei', 'quitei a|essa|esta divida',
		],
	},
	{ intent: 'already_paid', lang: 'pt', weight: 0.9, phrases: ['paguei', 'quitei', 'transferi', 'depositei', 'liquidei'] },
	{ intent: 'already_paid', lang: 'pt', weight: 0.85, flip: true, phrases: ['ta|esta|foi|tá pago|paga|quitado|quitada', 'esta pago|paga', 'ja pago|paga'] },
	{ intent: 'already_paid', lang: 'pt', weight: 0.75, phrases: ['acertei', 'segue o|a|meu? comprovante', 'mando|mandei|enviei|envio|anexo|anexei o|a|meu? comprovante', 'segue em anexo', 'aqui o|esta o? comprovante', 'olha o comprovante'] },
	{ intent: 'already_paid', lang: 'pt', weight: 0.6, phrases: ['comprovante', 'comprovante de pagamento|pix|deposito|transferencia'] },
	// A status on its own ("Pago."), unless a later day follows ("até sexta, pago").
	{ intent: 'already_paid', lang: 'any', weight: 0.7, alone: true, flip: true, phrases: ['pago', 'pagado', 'pagada', 'paid', 'quitado', 'quitada'] },
	{
		intent: 'already_paid',
		lang: 'es',
		weight: 0.95,
		phrases: [
			'ya pague', 'yo ya pague', 'ya lo|la|le|les pague', 'ya deposite|transferi|liquide|cubri|abone|pagamos', 'ya le|les deposite|transferi',
			'ya esta|quedo|estaba pagado|pagada|liquidado|liquidada|cubierto|cubierta|saldado|saldada', 'ya hice|realice|efectue el|la|mi? pago|deposito|transferencia',
			'hice|realice|efectue el|la|mi? pago|deposito|transferencia', 'el pago se realizo', 'se realizo el pago', 'ya se hizo|realizo el|mi pago', 'se hizo el pago', 'el pago ya se hizo|realizo', 'ya se pago',
			'ya he pagado', 'he pagado', 'ya pague la mitad|parte', 'ya pague una parte', 'ya se liquido', 'ya se cubrio', 'pague ayer|ya', 'ya quedo', 'ya cubri el|la adeudo|deuda',
		],
	},
	{ intent: 'already_paid', lang: 'es', weight: 0.85, phrases: ['pague', 'deposite', 'liquide', 'cubri', 'abone', 'ya deposite', 'pagado'] },
	{ intent: 'already_paid', lang: 'es', weight: 0.7, flip: true, phrases: ['ya pago', 'ya esta pago', 'esta pagado|pagada'] },
	{ intent: 'already_paid', lang: 'es', weight: 0.75, phrases: ['aqui esta mi? comprobante', 'le|te|les envio|mando|adjunto mi|el? comprobante', 'adjunto comprobante', 'mi comprobante', 'anexo comprobante'] },
	{ intent: 'already_paid', lang: 'es', weight: 0.6, phrases: ['comprobante', 'comprobante de pago|deposito|transferencia', 'voucher'] },
	{
		intent: 'already_paid',
		lang: 'en',
		weight: 0.95,
		phrases: [
			'already paid', 'i paid', 'did i pay', 'i already paid', 'ive paid', 'ive already paid', 'i have paid', 'i have already paid', 'i did pay', 'i paid it|this|that|off|already',
			'it|this|that|its|bill|balance|account|debt was|has|is|been paid', 'it|this|that|its has been paid', 'was paid off|already', 'paid in full', 'paid off',
			'paid it|this|that|yesterday|already|today|last|u|you', 'payment was|has|is? been? made|sent|done|completed|submitted|posted|processed|received', 'payment went through',
			'i sent|made|mailed|submitted the|my|a payment', 'made|sent the payment', 'payment made|sent|done|completed',
		],
	},
	{ intent: 'already_paid', lang: 'en', weight: 0.85, phrases: ['paid'] },
	{ intent: 'already_paid', lang: 'en', weight: 0.75, phrases: ['heres my|the receipt', 'here is my|the receipt', 'attached is|are the|my? receipt', 'receipt attached', 'sending the|my receipt', 'proof of payment'] },
	{ intent: 'already_paid', lang: 'en', weight: 0.6, phrases: ['receipt'] },
];

const PROMISE: PhraseGroup[] = [
	{
		intent: 'promise_to_pay',
		lang: 'pt',
		weight: 0.9,
		phrases: [
			'vou pagar', 'vou quitar', 'vou acertar', 'vou depositar', 'vou transferir', 'vou regularizar', 'vou fazer o|um? pix|pagamento|deposito|acerto',
			'pagarei', 'quitarei', 'depositarei', 'acertarei', 'regularizarei', 'farei o pagamento|pix|deposito', 'irei pagar', 'vou pagar sim', 'vou estar pagando',
			'eu pago', 'te pago', 'lhe pago', 'pago sim', 'pago sem falta', 'eu quito', 'eu acerto', 'eu deposito', 'eu regularizo',
		],
	},
	{
		intent: 'promise_to_pay',
		lang: 'pt',
		weight: 0.8,
		phrases: ['faco o pix|pagamento|deposito', 'consigo pagar|quitar|acertar|depositar', 'so consigo pagar|quitar', 'posso pagar', 'podemos pagar', 'regularizo', 'mando o pix', 'passo na loterica', 'pode deixar que eu pago'],
	},
	// "pago" is "I pay" and "paid": a promise, unless a day that passed comes with it ("pago desde o dia 25").
	{ intent: 'promise_to_pay', lang: 'any', weight: 0.6, pastToPaid: true, verbOnly: true, phrases: ['pago'] },
	{ intent: 'promise_to_pay', lang: 'pt', weight: 0.6, verbOnly: true, phrases: ['acerto', 'quito', 'deposito', 'transfiro'] },
	{ intent: 'promise_to_pay', lang: 'pt', weight: 0.6, phrases: ['sem falta', 'pode deixar', 'quando cair o salario', 'quando receber', 'resolvo', 'eu resolvo', 'eu consigo', 'vou resolver', 'tentar pagar', 'vou tentar pagar', 'vou ter o dinheiro'] },
	{
		intent: 'promise_to_pay',
		lang: 'es',
		weight: 0.9,
		phrases: [
			'voy a pagar|depositar|transferir|liquidar|abonar|cubrir', 'voy a hacer el|mi|la pago|deposito|transferencia', 'le|les|te voy a pagar|depositar',
			'pagare', 'depositare', 'liquidare', 'cubrire', 'le|te|les pago', 'le|te|les deposito|transfiero|abono', 'realizo|hago|hare el|la|mi pago|deposito|transferencia',
			'le hago el deposito|pago', 'quedo al corriente', 'me pongo al corriente', 'me pondre al corriente', 'yo pago', 'yo le pago',
		],
	},
	{ intent: 'promise_to_pay', lang: 'es', weight: 0.6, verbOnly: true, phrases: ['deposito', 'abono', 'liquido'] },
	{ intent: 'promise_to_pay', lang: 'es', weight: 0.6, phrases: ['sin falta', 'cuando me paguen|pagan', 'me pagan', 'cuando me caiga', 'puedo pagar', 'denme|deme|dame chance', 'tendre el dinero'] },
	{
		intent: 'promise_to_pay',
		lang: 'en',
		weight: 0.9,
		phrases: [
			'ill pay', 'i will pay', 'will pay', 'gonna pay', 'going to pay', 'im going to pay', 'ill send|make the|a? money|payment', 'will make a|the? payment',
			'ill pay it|you|u|off', 'ill have it paid', 'ill get it paid', 'ill take care of it', 'will|ill send|make payment', 'send payment', 'ill|will have the money',
		],
	},
	{ intent: 'promise_to_pay', lang: 'en', weight: 0.7, phrases: ['can pay', 'paying', 'i promise', 'payday', 'make a payment', 'get paid', 'gets paid', 'getting paid', 'pay then'] },
];

const NEGOTIATE: PhraseGroup[] = [
	{
		intent: 'negotiate',
		lang: 'pt',
		weight: 0.9,
		phrases: [
			'parcelar', 'parcelamento', 'parcelado', 'parcelada', 'parcelinhas', 'dividir', 'divide', 'divido', 'desconto', 'descontos', 'abatimento', 'negociar', 'negociacao',
			'renegociar', 'renegociacao', 'acordo', 'proposta', 'propostas', 'condicao especial', 'condicoes', 'alguma condicao', 'em @count vezes|parcelas|x|prestacoes', '@count vezes|parcelas|prestacoes',
			'#x', '#n x', 'nao consigo pagar|quitar tudo|total|todo|inteiro|integral', 'nao consigo pagar|quitar o|esse|este|a|essa valor|total|divida|montante',
			'nao consigo pagar|quitar', 'nao tenho como pagar|quitar', 'nao tenho condicoes', 'nao tenho dinheiro', 'sem dinheiro', 'to|estou|tô|fiquei sem dinheiro|grana|condicoes|trabalho|emprego',
			'desempregado', 'desempregada', 'perdi o|meu emprego|trabalho', 'so consigo pagar uma|a? parte|metade|#n', 'consigo pagar #n por mes', '#n por mes', 'pagar uma parte',
			'uma entrada', 'entrada de', 'nao tenho @det? valor|dinheiro|grana', 'tirar|retirar|abonar|perdoar|tira @det? multa|juros', 'muito dinheiro', 'muito caro', 'reduzir', 'diminuir', 'abaixar', 'baixar', 'opcoes de pagamento', '@amount esta|ta|e? muito|mt|tao|bem? alta|alto|caro|cara|elevado|elevada', 'pagar|pago|parcelar em @count vezes|parcelas|x|prestacoes|meses', 'por mes', 'ao mes', 'por semana', 'por quinzena', 'opcao|proposta|plano|alternativa @count', '@ordinal opcao|proposta|alternativa', 'a vista com desconto', 'tirar os juros', 'sem juros',
			'baixar o valor|juros', 'tem como baixar', 'valor muito|mt|tao|bem? alto', 'juros muito|mt? altos|alto', 'quitar com desconto', 'quantas vezes', 'quantas parcelas',
			'aceito a proposta|opcao|oferta', 'fico com a proposta|opcao|oferta', 'quais as|sao as? opcoes|propostas|condicoes', 'fazer um acordo', 'pagar metade', 'pagar a metade', 'mais prazo', 'prorrogar',
		],
	},
	{ intent: 'negotiate', lang: 'pt', weight: 0.6, phrases: ['metade', 'opcao', 'multa'] },
	{
		intent: 'negotiate',
		lang: 'es',
		weight: 0.9,
		phrases: [
			'parcialidades', 'a meses', 'meses sin intereses', 'en @count pagos|meses|partes|quincenas|abonos|mensualidades|exhibiciones', '@count pagos|mensualidades|abonos|partes',
			'plan de pagos', 'abonos', 'abonar', 'descuento', 'descuentos', 'negociar', 'negociacion', 'convenio', 'acuerdo', 'arreglo', 'reestructurar', 'reestructura',
			'no puedo pagar todo|completo', 'no puedo pagar la totalidad', 'no alcanzo a pagar', 'no me alcanza', 'no tengo dinero|lana|plata', 'no tengo para pagar|pagarle', 'sin trabajo|chamba|empleo', 'me quede sin trabajo|chamba|empleo',
			'opcion @count', '@ordinal opcion', 'quitar los intereses', 'bajar el|la|los monto|interes|intereses|deuda|pago', 'interes esta? muy alto', 'liquidar con descuento',
			'la mitad', 'dividir', '@amount esta|es? muy|tan? alta|alto|cara|caro|elevada|elevado', 'ofrezcanme', 'opciones de pago', 'opciones', 'a @count meses|quincenas|pagos|mensualidades', 'oferta', 'ofertas', 'a la semana', 'a la quincena', 'mucho dinero', 'muy caro', 'condonar', 'recargos', 'reducir', 'pagar|pago en @count pagos|meses|partes|quincenas|abonos|mensualidades', 'pagar en parcialidades|abonos|mensualidades|partes', 'pagar la mitad', 'al mes', 'por mes', 'por quincena', 'por semana', 'me lo pueden dividir', 'mas tiempo', 'pagos mas chicos', 'que opciones', 'cuantos pagos', 'no puedo pagar', 'pagar en partes', 'pagar menos',
		],
	},
	{ intent: 'negotiate', lang: 'es', weight: 0.6, phrases: ['opcion', 'intereses', 'plazo', 'plazos'] },
	{
		intent: 'negotiate',
		lang: 'en',
		weight: 0.9,
		phrases: [
			'payment plan', 'installments', 'instalments', 'installment', 'in @count payments|installments|instalments|months|parts', '@count installments|instalments|payments',
			'settle', 'settlement', 'discount', 'negotiate', 'work something out', 'arrangement', 'cant pay it all', 'cant pay|afford the full|whole amount?', 'cant pay|afford everything', 'cant afford',
			'cant pay', 'lost my job', 'quit my job', 'lower the? amount|payment|balance|interest', 'option @count', '@ordinal option', '#n a|per month', 'lowest',
			'cant pay the full amount', 'pay less', 'make payments', 'payment options', 'what are my|the|your options', 'what options', 'reduce', 'waive', 'late fee', 'too much', 'too expensive', 'pay in @count payments|installments|instalments|months|parts', 'per month', 'each month', 'every month', 'a week', 'smaller payments', 'more time', 'pay half',
		],
	},
];

const PAYMENT_INFO: PhraseGroup[] = [
	{
		intent: 'payment_info',
		lang: 'pt',
		weight: 0.9,
		phrases: [
			'segunda|2|#o via', 'chave pix', 'codigo de barras', 'codigo do boleto|pix', 'linha digitavel', 'qr code', 'qrcode', 'copia e cola',
			'nao recebi o|a? boleto|fatura|cobranca|link|codigo|nada|conta|pix', 'nao chegou o|a? boleto|fatura|nada|link|codigo|conta', 'nao chega o|a? boleto|fatura',
			'cade o|a? boleto|fatura|link', 'qual o|a? valor|link|chave|conta|codigo|total|saldo', 'quanto eu? devo', 'quanto e|ta|esta|fica|da a|o? divida|valor|debito|total',
			'valor atualizado', 'onde eu? pago', 'onde pagar', 'onde posso pagar', 'como eu? faco|faço|posso pra|para pagar', 'como posso pagar', 'como pagar', 'como eu pago', 'como faco',
			'quero pagar', 'dados bancarios', 'dados pra|para transferencia|deposito|pagamento|pix', 'conta pra|para depositar|deposito|transferir|transferencia|pagar',
			'me? manda|mande|envia|envie|passa|mandem|enviem|reenvia|reenviar|manden o|a? boleto|pix|link|codigo|fatura|chave|dados|qr|conta|valor',
			'pode|podem mandar|enviar o|a? boleto|pix|link|codigo|fatura|chave|dados', 'boleto atualizado', 'boleto no|por email|whatsapp', 'novo boleto', 'outro boleto',
			'nao abre', 'dando erro', 'nao funciona', 'link quebrado', 'quanto ficou|fica|deu', 'site pra|para pagar', 'pagina pra|para pagar', 'perdi o|a? boleto|fatura|codigo|link', 'gerar outro|novo',
		],
	},
	{ intent: 'payment_info', lang: 'pt', weight: 0.6, instrument: true, phrases: ['boleto', 'pix', 'link', 'fatura'] },
	{
		intent: 'payment_info',
		lang: 'es',
		weight: 0.9,
		phrases: [
			'ficha de pago', 'ficha', 'referencia', 'clabe', 'numero de cuenta', 'numero de referencia', 'numero de convenio', 'link|liga de pago', 'cuanto debo|es|seria|queda|sale', 'cuanto tengo que pagar',
			'monto total', 'cual es el monto|saldo|total', 'saldo', 'estado de cuenta', 'factura', 'donde puedo? pagar|pago|deposito', 'como pago', 'como le hago', 'como puedo pagar', 'como hago para pagar',
			'a que cuenta', 'a nombre de quien', 'datos para|de transferir|transferencia|deposito|pago', 'no me llego', 'no me ha llegado', 'no me llega', 'aceptan tarjeta', 'pagar con tarjeta',
			'me? mandame|mandenme|envienme|pasame|pasenme|enviame|mandan|envian|pasan la|el? ficha|liga|link|referencia|clabe|cuenta|factura|datos|recibo',
			'me pueden mandar|enviar|pasar', 'quiero pagar', 'en oxxo', 'la liga', 'el link',
		],
	},
	{ intent: 'payment_info', lang: 'es', weight: 0.6, instrument: true, phrases: ['oxxo', 'spei', 'link', 'liga', 'transferencia'] },
	{
		intent: 'payment_info',
		lang: 'en',
		weight: 0.9,
		phrases: [
			'send me? the|a? link|bill|invoice|statement|details', 'resend the? payment? link|bill|invoice', 'how much do|does i|it owe|cost', 'how much is it|owed|left',
			'how much i owe', 'whats my|the balance|amount|total', 'my balance', 'account number', 'routing number', 'where do|can|should i pay|send', 'where to pay|send',
			'how do|can|should i pay', 'how to pay', 'pay by|with card|credit|debit', 'never got|received the? bill|invoice|link|statement', 'didnt get|receive the? bill|invoice|link|statement',
			'havent received the? bill|invoice|link', 'payment link', 'how do|can i make a? payment', 'amount due', 'whats the amount', 'website', 'site to pay', 'where do i go to pay', 'link doesnt work', 'doesnt work', 'whats the link', 'the link',
		],
	},
	{ intent: 'payment_info', lang: 'en', weight: 0.6, instrument: true, phrases: ['link', 'bill', 'invoice'] },
];

const DISPUTE: PhraseGroup[] = [
	// "golpe" is a scam, but "de golpe" is "all at once".
	{ intent: 'dispute', lang: 'pt', weight: 0.9, verbOnly: true, phrases: ['golpe'] },
	{
		intent: 'dispute',
		lang: 'pt',
		weight: 0.9,
		phrases: [
			'nao reconheco', 'desconheco essa|esta|esse|este cobranca|divida|compra|debito|valor', 'cobranca indevida|errada|abusiva|duplicada', 'cobranca em duplicidade',
			'indevida', 'indevido', 'nunca comprei|fiz|tive|contratei|assinei|pedi|usei|solicitei', 'nao devo', 'nao fiz|contratei|solicitei|pedi|autorizei essa|esta|esse|este|nenhuma|nenhum',
			'ja cancelei', 'cancelei @det? contrato|plano|servico|cartao|assinatura|conta|pedido', '@debt nao existe', 'nao existe essa|esse? @debt', 'fraude', '@debt nao e minha|meu', 'nao e minha|meu essa|esse|esta|este? @debt', 'nao fui eu', 'cobrando de novo|novamente', 'cobrar de novo|novamente', 'cobranca injusta', 'injusta', 'paguei duas|2 vezes', '@amount nao esta|ta|e correto|certo|correta|certa', 'estelionato', 'valor esta|ta? errado', 'nao confere', 'nao bate',
			'cobrado|cobrada duas|2 vezes', 'cobrando errado', 'cobrando duas|2 vezes', 'cobrando a mais', 'prescreveu', 'prescrita', 'ja devolvi', 'devolvi o|a? produto|mercadoria', 'contestar', 'contestacao',
			'nao e minha essa? divida', 'nao e meu esse? debito|divida', 'divida|debito|cobranca nao e minha|meu', 'ta|esta errada|errado', 'cobranca errada', 'em duplicidade',
			'nao reconheco esse|essa|este|esta', 'nunca tive conta|cartao|cadastro',
		],
	},
	{
		intent: 'dispute',
		lang: 'es',
		weight: 0.9,
		phrases: [
			'no reconozco', 'desconozco', 'no debo', 'no lo|la debo', 'nunca contrate|pedi|saque|tuve|firme|solicite|use|compre', 'nunca he tenido|pedido|contratado|sacado',
			'cobro indebido', 'indebido', 'es un error', 'eso es un error', 'ya cancele', 'cancele la|el? cuenta|servicio|contrato|tarjeta|plan', 'estafa', 'fraude',
			'no es mi deuda', 'no tengo ninguna? deuda', 'monto esta? mal|equivocado|incorrecto', 'cobrando doble', 'cobrando de mas', 'doble cargo', 'cobro duplicado', 'ya devolvi',
			'no corresponde', 'no fui yo', 'ya lo|la|los|las cancele', 'no pedi|solicite|contrate|compre nada', '@debt no existe', 'vuelven a cobrar', 'siguen cobrando', 'cobro injusto', 'injusto', 'habia cancelado', 'cobraron dos|2 veces', '@amount no es correcta|correcto', 'no es correcta|correcto', 'aclarar este|ese|el? cargo|cobro', 'aclaracion', 'no lo hice yo', 'es un abuso', 'no es mio', 'no es mia', 'ya la|lo pague y me siguen cobrando',
		],
	},
	{
		intent: 'dispute',
		lang: 'en',
		weight: 0.9,
		phrases: [
			'dont owe', 'do not owe', 'owe nothing', 'not my debt', 'isnt my debt', 'dont recognize|recognise', 'do not recognize|recognise', 'scam', 'fraud', 'dispute',
			'already cancelled|canceled', 'charged twice', 'double charged', 'wrong amount', 'never signed|opened|had|ordered|bought|used|applied', 'returned the|it', 'not mine',
			'this is a mistake', 'billing error', 'not my @debt', 'doesnt exist', 'wasnt me', 'isnt mine', 'disputed', 'chargeback', 'cancelled|canceled this|the|that|my service|account|subscription|plan|contract', 'i cancelled|canceled', '@amount is wrong|incorrect', 'charging me again', 'charged me twice', 'charged again',
		],
	},
];

const WRONG_PERSON: PhraseGroup[] = [
	{
		intent: 'wrong_person',
		lang: 'pt',
		weight: 0.9,
		phrases: [
			'nao sou o|a? @name', 'nao sou eu', 'nao sou o|a? cliente|titular|dono|dona|devedor|devedora', 'numero errado', 'numero esta|ta errado', 'numero trocado', 'engano',
			'enganado', 'enganados', 'errou o numero', 'errou de pessoa|numero', 'pessoa errada', 'mensagem errada', 'nao conheco essa|esse|esta|este pessoa|fulano|fulana|senhor|senhora|nome',
			'nao conheco nenhum|nenhuma|ninguem', 'nao conheco o|a? @name', 'nao conheco essa|esse|esta|este|nenhum|nenhuma @name', 'nao tem nenhum|nenhuma @name', 'nao usa mais @det? numero|telefone|celular', 'e a|o mae|pai|irma|irmao|esposa|marido|filho|filha dela|dele', 'desconheco esse|essa|este|esta fulano|fulana|pessoa|nome|senhor|senhora', 'nao e meu nome', 'nao e o meu nome',
			'numero nao e mais? da|do|dela|dele|de', 'nao e mais dela|dele', 'telefone nao pertence', 'nao pertence ao|a', 'nao mora mais? aqui', 'ninguem com esse nome', 'nao tem ninguem',
			'era de outra pessoa', 'erraram|errou de|o numero|pessoa', 'nao e comigo', 'nao eh comigo', 'comprei o|esse|este chip', 'chip novo', 'numero novo', 'sou a|o irma|irmao|mae|pai|esposa|marido|filho|filha|vizinha|vizinho|ex dela|dele',
			'esse numero e meu agora', 'mandou pra|para pessoa errada', 'nao sou cliente',
		],
	},
	{
		intent: 'wrong_person',
		lang: 'es',
		weight: 0.9,
		phrases: [
			'no soy', 'numero equivocado|incorrecto|errado|erroneo', 'se equivocaron|equivoco|equivocan', 'equivocado', 'equivocada', 'no conozco a? esa|ese|esta|este? persona|senora|senor|nadie', 'no conozco a @name',
			'no vive aqui', 'aqui no vive|es', 'no es aqui', 'no es su|el numero', 'ya no es de el|ella', 'ya no es su numero', 'ya no usa este? numero', 'no me llamo', 'persona equivocada',
			'compre este|el? chip', 'no lo|la conozco', 'aki no es', 'no es aki', 'yo no me llamo', 'no es conmigo', 'ya no es de|del @name', 'numero ya no es de|del', 'no conozco a ningun|ninguna @name', 'ya no tiene|usa @det? numero|telefono|celular',
		],
	},
	{
		intent: 'wrong_person',
		lang: 'en',
		weight: 0.9,
		phrases: [
			'wrong number', 'wrong person', 'wrong guy|girl|lady|man|one', 'not me', 'im not @name', 'i am not @name', 'this isnt @name', 'this is not @name', 'no one by that name',
			'nobody by that name', 'no @name at this number', 'no @name here', 'dont know him|her|them', 'dont know this person', 'dont know who that is', 'new number', 'not his|her|their number|phone', 'isnt his|her|their number|phone', 'nobody named|called', 'no one named|called',
			'never heard of', 'wrong #', 'no one named',
		],
	},
	{ intent: 'wrong_person', lang: 'en', weight: 0.7, alone: true, phrases: ['wrong'] },
	{ intent: 'wrong_person', lang: 'pt', weight: 0.7, alone: true, phrases: ['nao conheco'] },
	{ intent: 'wrong_person', lang: 'es', weight: 0.7, alone: true, phrases: ['no conozco', 'no lo|la conozco'] },
];

const HUMAN: PhraseGroup[] = [
	{
		intent: 'human',
		lang: 'pt',
		weight: 0.9,
		phrases: [
			'falar com um|uma|o|a|algum|alguma? @person', 'conversar com um|uma|o|a|algum|alguma? @person', 'quero um|uma? @person', 'atendimento humano', 'atendente',
			'me liga|ligue|ligam|liguem', 'liga pra|para mim', 'liguem pra|para mim', 'pode|podem|poderia me ligar', 'me chama no privado|pv|whats|direct|particular', 'me chama',
			'possa ligar', 'posso ligar', 'alguem me explica|explique', 'me expliquem|explique', 'pra|para eu? ligar', 'podemos conversar', 'numero pra|para ligar', 'ligar pra|para voces', 'preciso falar com', 'quero falar com', 'falar com alguem',
			'nao vou pagar', 'nao pago nada', 'nao vou pagar nada', 'nao sou obrigado|obrigada', 'nao pretendo pagar', 'nunca vou pagar', 'procon', 'advogado', 'advogada',
			'justica', 'processar', 'processo', 'denunciar', 'denuncia', 'reclame aqui', 'policia', 'juizado', 'faleceu', 'falecido', 'falecida', 'morreu', 'obito',
			'parar de pagar',
		],
	},
	{
		intent: 'human',
		lang: 'es',
		weight: 0.9,
		phrases: [
			'hablar con un|una|el|la|algun|alguna? @personEs', 'quiero|necesito hablar', 'llamenme', 'llameme', 'llamame', 'marquenme', 'marqueme', 'marcame', 'marquen',
			'me puede|pueden|podrian|podria llamar|marcar', 'pueden|puede llamarme|marcarme', 'comuniquense|comuniquese conmigo', 'por telefono', 'no voy a pagar', 'no pienso pagar',
			'no pagare', 'no pienso pagarles|pagarle', 'alguien me explique', 'me expliquen|explique', 'no voy a pagarles|pagarle', 'me marcan|llaman', 'asesor', 'asesora', 'ejecutivo', 'ejecutiva', 'agente', 'podemos hablar', 'profeco', 'condusef', 'abogado', 'abogada', 'demanda', 'demandar', 'queja', 'denuncia', 'denunciar', 'fallecio', 'murio',
		],
	},
	{
		intent: 'human',
		lang: 'en',
		weight: 0.9,
		phrases: [
			'call me', 'give me a call', 'can|could someone|somebody|you call', 'talk to|with a|an|your|someone|somebody|the? @personEn', 'speak to|with a|an|your|someone|somebody|the? @personEn',
			'talk to someone', 'speak to someone', 'real person', 'representative', 'lawyer', 'attorney', 'cfpb', 'bbb', 'sue', 'report you', 'im not paying', 'not paying',
			'wont pay', 'will not pay', 'explain this|it to me', 'can we talk', 'lets talk', 'agent', 'not gonna pay', 'never pay', 'bankruptcy', 'passed away', 'deceased',
		],
	},
];

const OTHER: PhraseGroup[] = [
	{
		intent: 'other',
		lang: 'pt',
		weight: 0.8,
		phrases: [
			'ok', 'beleza', 'valeu', 'obrigado', 'grato', 'grata', 'recebido', 'entendido', 'ciente', 'certo', 'combinado', 'ta bom', 'ta', 'bom dia', 'boa tarde', 'boa noite', 'oi', 'ola',
			'amem', 'deus abencoe', 'sim', 'entendi', 'tudo bem', 'blz', 'show',
		],
	},
	{ intent: 'other', lang: 'es', weight: 0.8, phrases: ['gracias', 'muchas gracias', 'recibido', 'enterado', 'enterada', 'buenos dias', 'buenas tardes', 'buenas noches', 'hola', 'va', 'sale', 'si', 'bendiciones', 'dios le bendiga', 'de acuerdo', 'vale'] },
	{ intent: 'other', lang: 'en', weight: 0.8, phrases: ['thanks', 'thank you', 'got it', 'noted', 'yes', 'hello', 'hi', 'ok thanks', 'sounds good', 'will do', 'alright'] },
];

export const INTENT_GROUPS: readonly PhraseGroup[] = [...OPT_OUT, ...ALREADY_PAID, ...PROMISE, ...NEGOTIATE, ...PAYMENT_INFO, ...DISPUTE, ...WRONG_PERSON, ...HUMAN, ...OTHER];

// ---------------------------------------------------------------------------------------------
// Markers: words that change how a reading is taken, not what it is

export const MARKER_GROUPS: readonly PhraseGroup[] = [
	{
		marker: 'scope_all',
		lang: 'any',
		weight: 1,
		phrases: [
			'stopall', 'stop all', 'all channels|messages|communications|communication|contact', 'any channel|way|means|form', 'everything', 'nenhum canal|meio', 'todos os canais|meios',
			'qualquer canal|meio', 'mais nada', 'nada mais', 'ningun medio|canal|tipo', 'todos los medios|canales', 'ni llamadas|mensajes|correos|whatsapp|correo',
			'nem sms|email|whatsapp|ligacao|ligacoes|mensagem|mensagens', 'por nenhum', 'por ningun', 'nada mas', 'ni me manden|escriban|marquen|llamen|envien|contacten', 'nem me? mandem|liguem|enviem|escrevam',
		],
	},
	{
		marker: 'irony',
		lang: 'any',
		weight: 1,
		phrases: [
			'yeah right', 'ate parece', 'aham claro', 'aham sei', 'si como no', 'como no', 'sure sure', 'ta bom sei', 'sei sei', 'pode esperar|espera sentado',
			'esperando sentado', 'when pigs fly', 'nem sonhando', 'nem em sonho', 'ni loco', 'ni en suenos', 'ni de chiste', 'in your dreams', 'keep dreaming', 'sigan|sigue esperando',
		],
	},
	{ marker: 'sarcasm', lang: 'any', weight: 1, phrases: ['claro que', 'si claro', 'sim claro', 'sure', 'claro', 'obvio', 'obviamente', 'com certeza', 'of course', 'aham', 'aja', 'uhum', 'sim sim', 'si si', 'yeah yeah'] },
	{
		marker: 'hedge',
		lang: 'any',
		weight: 1,
		phrases: [
			'acho que', 'eu acho', 'nao sei se', 'nao lembro', 'nao tenho certeza', 'talvez', 'creo que', 'no se si', 'no recuerdo', 'no estoy seguro|segura', 'quizas', 'quiza',
			'i think', 'not sure', 'dont remember', 'maybe', 'i believe', 'parece que', 'pienso que',
		],
	},
	{
		// Our own template's opt-out instruction pasted back: its keyword is not the debtor's, and
		// the sentence around it is ours too ("Para dejar de recibir mensajes, responde BAJA.").
		marker: 'own_text',
		lang: 'any',
		weight: 1,
		phrases: ['responda|responde|reply|text|txt|envie|envia|digite|escriba|escribe|send|responder sair|parar|pare|stop|baja|alto|cancelar|end|quit|unsubscribe|stopall|cancel|sai'],
	},
	{
		// Our template's "if you already paid, disregard": only that clause is ours. Never a phrase a
		// debtor uses to opt out, since whatever these match is not read.
		marker: 'own_clause',
		lang: 'any',
		weight: 1,
		phrases: ['se voce ja pagou', 'se ja pagou|efetuou', 'si ya pago|realizo|cubrio', 'if you have? already paid|made', 'desconsidere', 'disregard', 'ignore este|esta mensaje|mensagem', 'haga caso omiso'],
	},
];

/**
 * Choosing the settlement of an offer ("à vista", "quero o desconto", "de contado", "pay in full"):
 * read by choice.ts, only outside a question and a negation ("não consigo pagar à vista" is not).
 */
export const SETTLEMENT_GROUPS: readonly PhraseGroup[] = [
	{
		marker: 'settlement',
		lang: 'pt',
		weight: 1,
		phrases: [
			'a vista', 'avista', 'de uma vez', 'numa vez so', 'pagamento|parcela unico|unica', 'pagar|quitar tudo|total', 'pagar|quitar o total|valor todo|valor total',
			'quero|aceito|prefiro|escolho|queria o desconto', 'fico|vou com o desconto', 'pagar|quitar|pago|quito com desconto', 'opcao|proposta|oferta com|do desconto',
		],
	},
	{
		marker: 'settlement',
		lang: 'es',
		weight: 1,
		phrases: [
			'de contado', 'al contado', 'un solo pago', 'una sola exhibicion', 'en una exhibicion', 'pago unico', 'de una vez', 'en una sola vez', 'pagar|liquidar todo|total',
			'quiero|acepto|prefiero|elijo|quisiera el descuento', 'me quedo con el descuento', 'pagar|liquidar|pago|liquido con descuento', 'opcion|propuesta|oferta con|del descuento',
		],
	},
	{
		marker: 'settlement',
		lang: 'en',
		weight: 1,
		phrases: [
			'pay|paying in full', 'pay it in full', 'pay it all', 'pay everything', 'pay the full|whole amount|balance', 'all at once', 'one payment', 'single payment', 'lump sum',
			'full payment', 'want|take|accept|choose|prefer the discount|settlement', 'go with the discount|settlement', 'settle in full',
		],
	},
];

// ---------------------------------------------------------------------------------------------
// Language evidence, negation and courtesy words

const PT_WORDS =
	'nao voce voces eu meu minha meus minhas ja paguei obrigado amanha hoje sou tenho quero pra isso esse essa ta com um ate agora tudo muito bom boa valeu beleza sim ainda vou nem ' +
	'ser fim sexta segunda terca quarta quinta boleto pix ele ela dele dela da do das na nas em mas quando onde qual quanto consigo posso pode preciso fazer faco fiz foi sao estou ' +
	'gostaria mensagem mensagens receber parar sair errado cobranca divida valor pagamento comprovante parcela parcelar desconto acordo entao depois ontem moco obrigada oi tambem ' +
	'ninguem alguem vcs voce seu sua deles delas aqui isto aquilo nosso nossa vez vezes favor tá tô to vocês fui vai vao tem temos estao pelo pela numa num nesse nessa desse dessa ' +
	'so jeito cade certeza semana dia mes fatura conta ligar liga atendente senhor senhora cancelei devo reconheco mande mandem manda envie quitei quitar entrada juros salario ' +
	'receber recebo recebi chegou nada pago pagar pagarei depositei transferi errou engano conheco mora deixa deixem lista tira tirem blz vlw obg hj dps qdo rs kk';
const ES_WORDS =
	'ya yo usted ustedes pague manana hoy gracias quiero tengo soy mi mis el los las es pero viernes lunes martes miercoles jueves quincena si ahorita ahora cuanto mas muy bien ' +
	'buenas buenos hola del lo le les con un puedo pueden puede hacer hice deuda cuenta ficha referencia porfavor dinero todavia aun tambien ayer cuando donde cual quien ' +
	'alla ese esa eso esto estoy estan eres veces dias ninguno ninguna alguien siempre oxxo clabe chamba lana neta wey y en al ni baja escriban manden mande envien molesten ' +
	'deposito deposite pagado pagare pagar pago monto cargo cobro reconozco equivocado numero llamenme llamame marcame hablar asesor quincenas mensajes mensaje senora senor ' +
	'semana mes fin favor sin falta dejen dejar recibir tarjeta liga abono abonos meses convenio descuento negociar parcialidades ocupo chance orita orale bueno pues nomas ' +
	'nada sale va enterado bendiciones dios ustedes su sus nuestra nuestro tu este esta estos estas hay fue era';
const EN_WORDS =
	'i you the to my is paid pay will ill im dont please thanks stop number wrong call it this that and on by of not yes week friday tomorrow today can cant have did didnt already ' +
	'sorry in for with your we our us be am are was been get got send link owe bill next month end when what who where how do does just now yet payment money texting text ' +
	'message messages hi hello want need know here there from at an or but if so he she they him her them his its guys plan option discount scam person someone monday tuesday ' +
	'wednesday thursday saturday sunday gonna going receipt u thx lol pls tonight until after before day days weeks months yesterday check sent made make account balance ' +
	'invoice owed lawyer attorney afford job lost half full amount installments installment payments lower stopall unsubscribe opt out cancel quit remove anymore again ' +
	'contact texts calling messaging whats isnt wont havent doesnt should could would about again back right sure yeah yea nope please';
/** Words with doubled letters that are words as written (so "all" is not read as "al"). */
const DOUBLE_LETTER_WORDS =
	'all off too soon been need will see week feel free pass less mess miss sell tell bill call full keep good carro isso esse essa desse dessa nesse nessa posso pessoa passado ' +
	'passada passo assim erro errado errada errou correio ella ellos llamar llamen llego llamo correo correos arreglo perro cc cobranca accion acceso too letter little pretty ' +
	'really still well agree three seen book look took door happy money attorney address account supposed guess business process across access unless support different ' +
	'harass harassment cancelled stopped approved getting letting setting putting running sorry tomorrow yesterday messages messaging assist appreciate apply application';

function words(list: string): string[] {
	return list.split(/\s+/).filter((w) => w !== '');
}

/** Words as the tokenizer will see them: folded, then mapped to their canonical spelling. */
export function canonicalWords(list: string): string[] {
	return words(list).map((w) => CANONICAL.get(fold(w)) ?? fold(w));
}

export const LANGUAGE_WORDS: Readonly<Record<'pt' | 'es' | 'en', string[]>> = {
	pt: canonicalWords(PT_WORDS),
	es: canonicalWords(ES_WORDS),
	en: canonicalWords(EN_WORDS),
};

/** Negators: a phrase right after one of these (in the same clause) is not meant. */
export const NEGATORS: ReadonlySet<string> = new Set(WORD_CLASSES.neg);
/** Words at which a negation's reach ends: "não paguei e vou pagar sexta". */
export const NEGATION_BARRIERS: ReadonlySet<string> = new Set(['mas', 'pero', 'but', 'porem', 'entao', 'entonces', 'e', 'y', 'and', 'so', 'porque', 'though', 'aunque', 'embora']);
/**
 * Words that make a phrase immune to a negation before it: negative concord ("não tem ninguém com
 * esse nome" means nobody) and "já"/"ya"/"already" (a "no" before them is an answer: "no ya pagué").
 */
export const NOT_NEGATABLE: ReadonlySet<string> = new Set(['ninguem', 'nadie', 'nenhum', 'nenhuma', 'ningun', 'ninguna', 'nada', 'nobody', 'ja', 'ya', 'already']);
/** Words before a verb-noun that make it the noun: "ficha de pago", "o depósito", "mi abono". */
export const DETERMINERS: ReadonlySet<string> = new Set(['de', 'del', 'el', 'o', 'do', 'da', 'mi', 'su', 'meu', 'seu', 'um', 'un', 'al', 'ese', 'este', 'esse', 'nosso', 'the', 'a', 'tu']);
/** "No, ya pagué" without the comma: a "no" right before these is an answer, not a negation. */
export const INTERJECTION_FOLLOWERS: ReadonlySet<string> = new Set(['ja', 'ya', 'already', 'i', 'eu', 'yo', 'we', 'nos']);

/** Courtesy and filler words: a clause of an alone-keyword plus these is still the keyword alone. */
export const FILLERS: ReadonlySet<string> = new Set(
	canonicalWords(
		'please por favor obrigado gracias thanks thank you ok ja ya agora ahora now ai ae aqui ahi mesmo ja ok pf urgente urgent ' +
			'bom dia boa tarde noite buenos buenas dias tardes noches hi hello oi ola hola senhor senhora senor senora moco moca amigo amiga ' +
			'so solo only just mesmo pues entao bueno well e y and que sim si yes muito much muchas mucho mil vezes de novo again all todo todos ' +
			'sem falta sin favor pode deixar o a el la the um uma un una na no en on by para pra ate hasta till until em in until this next proxima proximo essa esta este',
	),
);

/** Every word the lexicon knows: a word outside it can be a name; a doubled-letter word inside it is not collapsed. */
export const VOCABULARY: ReadonlySet<string> = (() => {
	const vocab = new Set<string>();
	const addPhrase = (phrase: string) => {
		for (const slot of phrase.split(/\s+/)) {
			for (const alt of slot.replace(/\?$/, '').split('|')) {
				if (alt === '' || alt[0] === '@' || alt[0] === '#' || alt === '*') continue;
				vocab.add(fold(alt));
			}
		}
	};
	for (const group of [...INTENT_GROUPS, ...MARKER_GROUPS, ...SETTLEMENT_GROUPS]) for (const phrase of group.phrases) addPhrase(phrase);
	for (const list of Object.values(WORD_CLASSES)) for (const w of list) vocab.add(fold(w));
	for (const list of Object.values(LANGUAGE_WORDS)) for (const w of list) vocab.add(w);
	for (const w of words(DOUBLE_LETTER_WORDS)) vocab.add(fold(w));
	for (const w of FILLERS) vocab.add(w);
	for (const w of Object.keys(NUMBER_WORDS)) vocab.add(w);
	for (const w of Object.keys(ORDINAL_WORDS)) vocab.add(w);
	for (const canonical of Object.keys(CANONICAL_FORMS)) vocab.add(canonical);
	return vocab;
})();
