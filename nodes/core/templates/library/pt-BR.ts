/**
 * Portuguese (Brazil). Short, cordial even when firm, always specific (amount, due date, how to
 * pay), never threatening: consequences are stated as what may happen, lawfully (CDC arts. 42
 * and 71); the creditor is identified in every message (art. 42-A, added by library.ts).
 */
import type { LocaleCopy } from './copy';

export const PT_BR: LocaleCopy = {
	locale: 'pt-BR',
	greeting: {
		friendly: 'Olá, {{firstName}}!',
		firm: 'Olá, {{firstName}}.',
		formal: 'Prezado(a) {{customerName}},',
	},
	neutralGreeting: {
		friendly: 'Olá!',
		firm: 'Olá.',
		formal: 'Prezado(a) cliente,',
	},
	closing: {
		friendly: 'Um abraço,',
		firm: 'Atenciosamente,',
		formal: 'Atenciosamente,',
	},
	channelNames: {
		sms: 'SMS',
		whatsapp: 'WhatsApp',
		email: 'e-mail',
	},
	objection: {
		before: {
			friendly: {
				sms: 'Se já pagou, desconsidere.',
				chat: 'Se você já pagou, desconsidere esta mensagem.',
				email: 'Se você já pagou, desconsidere este aviso.',
			},
			firm: {
				sms: 'Se já pagou, desconsidere.',
				chat: 'Se o pagamento já foi feito, desconsidere esta mensagem.',
				email: 'Se o pagamento já foi feito, desconsidere este aviso.',
			},
			formal: {
				sms: 'Caso já tenha pago, desconsidere.',
				chat: 'Caso o pagamento já tenha sido efetuado, pedimos que desconsidere esta mensagem.',
				email: 'Caso o pagamento já tenha sido efetuado, pedimos que desconsidere este aviso.',
			},
		},
		after: {
			friendly: {
				sms: 'Já pagou? Envie o comprovante{{#if creditor.support}} para {{creditor.support}}{{else}} respondendo esta mensagem{{/if}}.',
				chat: 'Se você já pagou, responda a esta mensagem com o comprovante que a gente confere.',
				email:
					'Se você já pagou, responda a este e-mail com o comprovante{{#if creditor.support}} ou envie para {{creditor.support}}{{/if}} que a gente confere.',
			},
			firm: {
				sms: 'Já pagou? Envie o comprovante{{#if creditor.support}} para {{creditor.support}}{{else}} respondendo esta mensagem{{/if}}.',
				chat: 'Se o pagamento já foi feito, responda a esta mensagem com o comprovante para conferirmos.',
				email:
					'Se o pagamento já foi feito, responda a este e-mail com o comprovante{{#if creditor.support}} ou envie para {{creditor.support}}{{/if}} para conferirmos.',
			},
			formal: {
				sms: 'Caso já tenha pago, envie o comprovante{{#if creditor.support}} para {{creditor.support}}{{else}} respondendo esta mensagem{{/if}}.',
				chat: 'Caso o pagamento já tenha sido efetuado, pedimos a gentileza de enviar o comprovante respondendo a esta mensagem.',
				email:
					'Caso o pagamento já tenha sido efetuado, pedimos a gentileza de enviar o comprovante respondendo a este e-mail{{#if creditor.support}} ou para {{creditor.support}}{{/if}}.',
			},
		},
	},
	subject: {
		reminder_7d: 'Lembrete: sua fatura de {{money}} vence em {{date}}',
		reminder_1d: 'Sua fatura de {{money}} vence amanhã',
		due_today: 'Sua fatura de {{money}} vence hoje',
		overdue_3d: 'Não identificamos o pagamento da sua fatura de {{money}}',
		overdue_6d: 'Fatura de {{money}} em atraso: evite a interrupção do serviço',
		overdue_9d: 'Aviso de suspensão: fatura de {{money}} em atraso',
		overdue_15d: 'Fatura de {{money}} em aberto há {{days daysOverdue}}',
		negotiation_30d: 'Vamos resolver juntos a fatura de {{money}}?',
		legal_90d: 'Aviso importante sobre a fatura de {{money}} em aberto',
		negotiation_offer: 'Proposta para regularizar a fatura vencida em {{date}}',
		legal_offer: 'Aviso importante: proposta para quitar o débito vencido em {{date}}',
		settled: 'Pagamento recebido: obrigado!',
		number_confirmation: 'Confirme seu contato',
		early_payment_offer: 'Desconto de {{percent discount}} para pagamento até {{date}}',
		promise_reminder: 'Lembrete: pagamento combinado para {{date promiseDate "long"}}',
		reply_promise_to_pay: 'Anotamos seu compromisso de pagamento até {{date promiseDate "long"}}',
		reply_already_paid: 'Envie o comprovante do pagamento de {{money}}',
		reply_already_paid_receipt: 'Recebemos seu comprovante do pagamento de {{money}}',
		reply_negotiate: 'Seu pedido de negociação da fatura de {{money}}',
		reply_payment_info: 'Formas de pagamento da fatura de {{money}}',
		reply_opt_out: 'Confirmação: você não receberá mais nossos e-mails',
		reply_dispute: 'Recebemos sua contestação da fatura de {{money}}',
		reply_human: 'Nossa equipe vai entrar em contato',
		reply_wrong_person: 'Desculpe o engano',
	},
	stages: {
		reminder_7d: {
			friendly: {
				sms: 'Olá, {{firstName}}! Lembrete: sua fatura de {{money}} vence em {{date}}.',
				body: 'Passando para lembrar que sua fatura de {{money}} vence em {{date dueDate "long"}}. Se quiser, você já pode deixar o pagamento agendado.',
			},
			firm: {
				sms: '{{firstName}}, sua fatura de {{money}} vence em {{date}}. Programe o pagamento para evitar atraso.',
				body: 'Lembramos que sua fatura de {{money}} vence em {{date dueDate "long"}}. Programe o pagamento para manter sua conta em dia.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, informamos que sua fatura de {{money}} vence em {{date}}.',
				body: 'Informamos que a fatura no valor de {{money}} tem vencimento em {{date dueDate "long"}}. Solicitamos que o pagamento seja realizado até essa data.',
			},
		},
		reminder_1d: {
			friendly: {
				sms: 'Olá, {{firstName}}! Sua fatura de {{money}} vence amanhã ({{date dueDate "dayMonth"}}).',
				body: 'Só um lembrete: sua fatura de {{money}} vence amanhã, {{date dueDate "weekday"}}. Pagando hoje, você já resolve isso.',
			},
			firm: {
				sms: '{{firstName}}, sua fatura de {{money}} vence amanhã ({{date dueDate "dayMonth"}}). Evite atraso: pague até o vencimento.',
				body: 'Sua fatura de {{money}} vence amanhã, {{date dueDate "weekday"}}. Para evitar atraso, realize o pagamento até o vencimento.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, sua fatura de {{money}} vence amanhã, {{date}}.',
				body: 'Lembramos que a fatura no valor de {{money}} vence amanhã, {{date dueDate "long"}}. Solicitamos a gentileza de efetuar o pagamento até essa data.',
			},
		},
		due_today: {
			friendly: {
				sms: 'Olá, {{firstName}}! Sua fatura de {{money}} vence hoje.',
				body: 'Hoje é o dia do vencimento da sua fatura de {{money}}. Ainda dá tempo de pagar e ficar em dia.',
			},
			firm: {
				sms: '{{firstName}}, sua fatura de {{money}} vence hoje. Pague hoje para evitar atraso.',
				body: 'Sua fatura de {{money}} vence hoje, {{date dueDate "long"}}. Realize o pagamento ainda hoje para evitar atraso.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, sua fatura de {{money}} vence hoje, {{date}}.',
				body: 'Informamos que a fatura no valor de {{money}} vence hoje, {{date dueDate "long"}}. Solicitamos que o pagamento seja efetuado até o fim do dia.',
			},
		},
		overdue_3d: {
			friendly: {
				sms: 'Olá, {{firstName}}! Não identificamos o pagamento da fatura de {{money}}, vencida em {{date}}. Pode ter sido só um esquecimento.',
				body: 'Ainda não identificamos o pagamento da sua fatura de {{money}}, que venceu em {{date dueDate "long"}}. Pode ter sido só um esquecimento: dá para pagar agora mesmo.',
			},
			firm: {
				sms: '{{firstName}}, não identificamos o pagamento da fatura de {{money}}, vencida em {{date}} ({{overdueText}}). Regularize hoje.',
				body: 'Não identificamos o pagamento da sua fatura de {{money}}, vencida em {{date dueDate "long"}} ({{overdueText}}). Pedimos que regularize o pagamento hoje.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, não identificamos o pagamento da fatura de {{money}}, vencida em {{date}}.',
				body: 'Informamos que não identificamos o pagamento da fatura no valor de {{money}}, vencida em {{date dueDate "long"}}. Solicitamos a regularização do pagamento.',
			},
		},
		overdue_6d: {
			friendly: {
				sms: 'Olá, {{firstName}}. A fatura de {{money}}, vencida em {{date}}, continua em aberto. Regularize para evitar a interrupção do serviço.',
				body: 'Sua fatura de {{money}}, vencida em {{date dueDate "long"}}, continua em aberto ({{overdueText}}). Para que o serviço não seja interrompido, faça o pagamento assim que puder. Se estiver com alguma dificuldade, responda a esta mensagem que a gente ajuda.',
			},
			firm: {
				sms: '{{firstName}}, a fatura de {{money}} está em atraso há {{days daysOverdue}}. Sem o pagamento, o serviço poderá ser interrompido.',
				body: 'A fatura de {{money}}, vencida em {{date dueDate "long"}}, está em atraso há {{days daysOverdue}}. Sem o pagamento, o serviço poderá ser interrompido. Regularize o quanto antes.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, a fatura de {{money}} segue em aberto. O serviço poderá ser interrompido.',
				body: 'Informamos que a fatura no valor de {{money}}, vencida em {{date dueDate "long"}}, permanece em aberto há {{days daysOverdue}}. A falta de pagamento poderá resultar na interrupção do serviço.',
			},
		},
		overdue_9d: {
			friendly: {
				sms: 'Olá, {{firstName}}. A fatura de {{money}} segue em aberto. Para evitar a suspensão em {{date suspensionDate}}, pague até essa data.',
				body: 'A fatura de {{money}}, vencida em {{date dueDate "long"}}, ainda está em aberto. Para evitar a suspensão do serviço a partir de {{date suspensionDate "long"}}, faça o pagamento até essa data. Se precisar de ajuda, é só responder.',
			},
			firm: {
				sms: '{{firstName}}, a fatura de {{money}} está com {{overdueText}}. Sem o pagamento, o serviço poderá ser suspenso a partir de {{date suspensionDate}}.',
				body: 'A fatura de {{money}}, vencida em {{date dueDate "long"}}, está com {{overdueText}}. Sem o pagamento, o serviço poderá ser suspenso a partir de {{date suspensionDate "long"}}. Regularize até essa data.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, sem o pagamento da fatura de {{money}}, o serviço poderá ser suspenso a partir de {{date suspensionDate}}.',
				body: 'Comunicamos que a fatura no valor de {{money}}, vencida em {{date dueDate "long"}}, permanece em aberto. Caso o pagamento não seja identificado, o serviço poderá ser suspenso a partir de {{date suspensionDate "long"}}.',
			},
		},
		overdue_15d: {
			friendly: {
				sms: 'Olá, {{firstName}}. Sua fatura de {{money}} está em aberto desde {{date}}. Ainda dá tempo de regularizar e evitar a suspensão.',
				body: 'Sua fatura de {{money}} está em aberto desde {{date dueDate "long"}}, há {{days daysOverdue}}. Já enviamos alguns lembretes e ainda não identificamos o pagamento. Ainda dá tempo de regularizar e evitar a suspensão do serviço; se estiver difícil pagar agora, responda que buscamos uma solução.',
			},
			firm: {
				sms: '{{firstName}}, a fatura de {{money}} está em aberto desde {{date}} ({{days daysOverdue}}). O serviço está sujeito a suspensão. Regularize já.',
				body: 'A fatura de {{money}}, vencida em {{date dueDate "long"}}, completa {{days daysOverdue}} em aberto, mesmo após nossos avisos anteriores. O serviço está sujeito a suspensão a qualquer momento. Regularize o pagamento hoje.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, a fatura de {{money}}, vencida em {{date}}, permanece em aberto. O serviço está sujeito a suspensão.',
				body: 'Informamos que a fatura no valor de {{money}}, vencida em {{date dueDate "long"}}, permanece em aberto há {{days daysOverdue}}, apesar dos avisos anteriores. O serviço está sujeito a suspensão. Solicitamos a regularização com a maior brevidade possível.',
			},
		},
		negotiation_30d: {
			friendly: {
				sms: 'Olá, {{firstName}}. Sabemos que imprevistos acontecem: a fatura de {{money}} pode ser parcelada ou ter nova data. Responda para negociar.',
				body: 'Sabemos que imprevistos acontecem. Sua fatura de {{money}}, vencida em {{date dueDate "long"}}, está em aberto há {{days daysOverdue}}, e queremos ajudar: podemos parcelar o valor ou combinar uma nova data de pagamento. Responda a esta mensagem para ver as condições.',
			},
			firm: {
				sms: '{{firstName}}, a fatura de {{money}} está em aberto há {{days daysOverdue}}. Oferecemos parcelamento ou nova data. Responda para negociar.',
				body: 'A fatura de {{money}}, vencida em {{date dueDate "long"}}, está em aberto há {{days daysOverdue}}. Para regularizar, oferecemos parcelamento ou uma nova data de pagamento. Responda a esta mensagem para negociar ou pague o valor total.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, a fatura de {{money}} está em aberto há {{days daysOverdue}}. Há condições de negociação. Responda para conhecê-las.',
				body: 'Informamos que a fatura no valor de {{money}}, vencida em {{date dueDate "long"}}, permanece em aberto há {{days daysOverdue}}. Colocamo-nos à disposição para negociar condições de pagamento, como parcelamento ou nova data de vencimento.',
			},
		},
		legal_90d: {
			friendly: {
				sms: 'Olá, {{firstName}}. A fatura de {{money}} está em aberto há {{days daysOverdue}} e poderá ser informada aos órgãos de proteção ao crédito. Vamos resolver antes?',
				body: 'Sua fatura de {{money}}, vencida em {{date dueDate "long"}}, está em aberto há {{days daysOverdue}}. Se não for regularizada, o débito poderá ser informado aos órgãos de proteção ao crédito (SPC/Serasa). Antes disso, queremos ajudar: você pode pagar ou negociar condições especiais respondendo a esta mensagem.',
			},
			firm: {
				sms: '{{firstName}}, a fatura de {{money}} está em aberto há {{days daysOverdue}}. Sem regularização, o débito poderá ser informado ao SPC/Serasa. Regularize ou negocie.',
				body: 'A fatura de {{money}}, vencida em {{date dueDate "long"}}, está em aberto há {{days daysOverdue}}. Caso não seja regularizada, o débito poderá ser informado aos órgãos de proteção ao crédito (SPC/Serasa), nos termos da lei. Pague ou negocie agora para evitar essa medida.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, a fatura de {{money}} está em aberto há {{days daysOverdue}}. O débito poderá ser informado aos órgãos de proteção ao crédito.',
				body: 'Comunicamos que a fatura no valor de {{money}}, vencida em {{date dueDate "long"}}, permanece em aberto há {{days daysOverdue}}. Na ausência de regularização, o débito poderá ser informado aos órgãos de proteção ao crédito (SPC/Serasa), nos termos da legislação vigente. Permanecemos à disposição para negociar a quitação antes dessa medida.',
			},
		},
		negotiation_offer: {
			friendly: {
				sms: '{{firstName}}, {{#shorten}}fatura vencida em {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Proposta: {{offerText}}.',
				body: 'Sabemos que imprevistos acontecem. Sua fatura vencida em {{date dueDate "long"}} está em aberto há {{days daysOverdue}}: {{debtLines}}. Preparamos uma proposta para você: {{offerText}}. Para escolher outra condição, é só responder.',
			},
			firm: {
				sms: '{{firstName}}, {{#shorten}}fatura em aberto desde {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Proposta: {{offerText}}.',
				body: 'A fatura vencida em {{date dueDate "long"}} está em aberto há {{days daysOverdue}}: {{debtLines}}. Para regularizar: {{offerText}}. Responda a esta mensagem para escolher a condição.',
			},
			formal: {
				sms: 'Prezado(a) {{firstName}}, {{#shorten}}débito vencido em {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Proposta: {{offerText}}.',
				body: 'Informamos que o débito vencido em {{date dueDate "long"}} permanece em aberto há {{days daysOverdue}}: {{debtLines}}. Condições para a quitação: {{offerText}}. Permanecemos à disposição para negociar.',
			},
		},
		legal_offer: {
			friendly: {
				sms: '{{firstName}}, {{#shorten}}débito vencido em {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Antes do SPC/Serasa: {{offerText}}.',
				body: 'Sua fatura vencida em {{date dueDate "long"}} está em aberto há {{days daysOverdue}}: {{debtLines}}. Se não for regularizada, o débito poderá ser informado aos órgãos de proteção ao crédito (SPC/Serasa). Antes disso, queremos ajudar: {{offerText}}.',
			},
			firm: {
				sms: '{{firstName}}, {{#shorten}}débito vencido em {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Evite SPC/Serasa: {{offerText}}.',
				body: 'A fatura vencida em {{date dueDate "long"}} está em aberto há {{days daysOverdue}}: {{debtLines}}. Caso não seja regularizada, o débito poderá ser informado aos órgãos de proteção ao crédito (SPC/Serasa), nos termos da lei. Para regularizar agora: {{offerText}}.',
			},
			formal: {
				sms: 'Prezado(a) {{firstName}}, {{#shorten}}débito vencido em {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Quitação: {{offerText}}.',
				body: 'Comunicamos que o débito vencido em {{date dueDate "long"}} permanece em aberto há {{days daysOverdue}}: {{debtLines}}. Na ausência de regularização, o débito poderá ser informado aos órgãos de proteção ao crédito (SPC/Serasa), nos termos da legislação vigente. Condições para a quitação: {{offerText}}.',
			},
		},
		settled: {
			friendly: {
				sms: 'Olá, {{firstName}}! Recebemos o pagamento de {{money}}. Obrigado!',
				body: 'Recebemos o pagamento de {{money}} referente à fatura com vencimento em {{date dueDate "long"}}. Está tudo certo com esta fatura. Obrigado pela confiança!',
			},
			firm: {
				sms: '{{firstName}}, confirmamos o recebimento do pagamento de {{money}}. Obrigado.',
				body: 'Confirmamos o recebimento do pagamento de {{money}} referente à fatura com vencimento em {{date dueDate "long"}}. A fatura está quitada. Obrigado.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, confirmamos o recebimento do pagamento de {{money}}. Agradecemos.',
				body: 'Confirmamos o recebimento do pagamento no valor de {{money}}, referente à fatura com vencimento em {{date dueDate "long"}}, que se encontra quitada. Agradecemos a atenção.',
			},
		},
		number_confirmation: {
			friendly: {
				sms: 'Olá! Este número é de {{firstName}}? Responda SIM para confirmar ou NÃO se não for. Obrigado!',
				body: 'Estamos atualizando nosso cadastro: este contato pertence a {{firstName}}? Responda SIM para confirmar ou NÃO se não for.',
			},
			firm: {
				sms: 'Por favor, confirme: este número pertence a {{firstName}}? Responda SIM ou NÃO.',
				body: 'Estamos atualizando nosso cadastro. Por favor, confirme: este contato pertence a {{firstName}}? Responda SIM ou NÃO.',
			},
			formal: {
				sms: 'Solicitamos a confirmação: este número pertence a {{firstName}}? Responda SIM ou NÃO.',
				body: 'Estamos atualizando nossos registros de contato. Solicitamos que confirme se este contato pertence a {{firstName}}, respondendo SIM ou NÃO.',
			},
		},
		early_payment_offer: {
			friendly: {
				sms: 'Olá, {{firstName}}! Pague sua fatura até {{date}} e ganhe {{percent discount}} de desconto: {{money discountedAmount}} em vez de {{money}}.',
				body: 'Temos uma condição especial para você: pagando sua fatura até {{date dueDate "long"}}, você ganha {{percent discount}} de desconto e paga {{money discountedAmount}} em vez de {{money}}.',
			},
			firm: {
				sms: '{{firstName}}, pague até {{date}} e tenha {{percent discount}} de desconto: {{money discountedAmount}} em vez de {{money}}.',
				body: 'Pagando sua fatura até {{date dueDate "long"}}, você tem {{percent discount}} de desconto: {{money discountedAmount}} em vez de {{money}}. Aproveite.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, para pagamento até {{date}}, concedemos {{percent discount}} de desconto: {{money discountedAmount}} em vez de {{money}}.',
				body: 'Informamos que, para pagamento até {{date dueDate "long"}}, será concedido desconto de {{percent discount}}, e o valor passa de {{money}} para {{money discountedAmount}}.',
			},
		},
		promise_reminder: {
			friendly: {
				sms: 'Olá, {{firstName}}! Lembrete: amanhã, {{date promiseDate "dayMonth"}}, é o dia que você combinou para pagar a fatura de {{money}}.',
				body: 'Passando para lembrar: amanhã, {{date promiseDate "long"}}, é o dia que você combinou para pagar a fatura de {{money}}. Para pagar, é só usar uma das opções abaixo.',
			},
			firm: {
				sms: '{{firstName}}, lembramos: o pagamento da fatura de {{money}} foi combinado para amanhã, {{date promiseDate "dayMonth"}}.',
				body: 'Lembramos que o pagamento da fatura de {{money}} foi combinado para amanhã, {{date promiseDate "long"}}. Para manter o acordo, pague até essa data.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, lembramos que o pagamento de {{money}} foi combinado para amanhã, {{date promiseDate "dayMonth"}}.',
				body: 'Lembramos que o pagamento da fatura no valor de {{money}} foi combinado para amanhã, {{date promiseDate "long"}}. Solicitamos que o pagamento seja efetuado até essa data.',
			},
		},
		reply_promise_to_pay: {
			friendly: {
				sms: 'Combinado, {{firstName}}! Anotamos o pagamento de {{money}} até {{date promiseDate "dayMonth"}}. Obrigado!',
				body: 'Combinado! Anotamos que você vai pagar a fatura de {{money}} até {{date promiseDate "long"}}. Na véspera, mandamos um lembrete. Quando quiser pagar, use uma das opções abaixo.',
			},
			firm: {
				sms: '{{firstName}}, registramos seu compromisso de pagar {{money}} até {{date promiseDate "dayMonth"}}.',
				body: 'Registramos seu compromisso de pagar a fatura de {{money}} até {{date promiseDate "long"}}. Na véspera, enviaremos um lembrete. Para pagar, use uma das opções abaixo.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, registramos o compromisso de pagamento de {{money}} até {{date promiseDate "dayMonth"}}.',
				body: 'Registramos o compromisso de pagamento da fatura no valor de {{money}} até {{date promiseDate "long"}}. Na véspera, enviaremos um lembrete. As formas de pagamento seguem abaixo.',
			},
		},
		reply_already_paid: {
			friendly: {
				sms: 'Obrigado, {{firstName}}! Para confirmarmos o pagamento de {{money}}, envie o comprovante{{#if creditor.support}} para {{creditor.support}}{{else}} respondendo esta mensagem{{/if}}.',
				body: 'Obrigado por avisar! Para localizarmos o pagamento da fatura de {{money}}, responda a esta mensagem com o comprovante (foto ou PDF). Enquanto conferimos, não enviaremos cobranças sobre esta fatura.',
			},
			firm: {
				sms: '{{firstName}}, obrigado pelo aviso. Envie o comprovante do pagamento de {{money}}{{#if creditor.support}} para {{creditor.support}}{{else}} respondendo esta mensagem{{/if}}.',
				body: 'Obrigado pelo aviso. Para confirmarmos o pagamento da fatura de {{money}}, responda a esta mensagem com o comprovante. Enquanto conferimos, a cobrança desta fatura fica suspensa.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, agradecemos o aviso. Solicitamos o comprovante do pagamento de {{money}}{{#if creditor.support}} em {{creditor.support}}{{else}} em resposta a esta mensagem{{/if}}.',
				body: 'Agradecemos o aviso. Para a confirmação do pagamento da fatura no valor de {{money}}, solicitamos a gentileza de enviar o comprovante em resposta a esta mensagem. Durante a conferência, a cobrança desta fatura fica suspensa.',
			},
		},
		reply_already_paid_receipt: {
			friendly: {
				sms: 'Obrigado, {{firstName}}! Recebemos seu comprovante do pagamento de {{money}} e vamos conferir.',
				body: 'Obrigado! Recebemos o comprovante do pagamento da fatura de {{money}}. Vamos conferir e, enquanto isso, não enviaremos cobranças sobre esta fatura. Se precisarmos de algo, avisamos.',
			},
			firm: {
				sms: '{{firstName}}, recebemos o comprovante do pagamento de {{money}}. Vamos conferir e avisamos se houver pendência.',
				body: 'Recebemos o comprovante do pagamento da fatura de {{money}}. Vamos conferi-lo e avisaremos caso haja alguma pendência. Durante a conferência, a cobrança desta fatura fica suspensa.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, recebemos o comprovante do pagamento de {{money}}, que será conferido.',
				body: 'Confirmamos o recebimento do comprovante do pagamento da fatura no valor de {{money}}, que será conferido. Caso haja alguma pendência, entraremos em contato. Durante a conferência, a cobrança desta fatura fica suspensa.',
			},
		},
		reply_negotiate: {
			friendly: {
				sms: '{{firstName}}, recebemos seu pedido para negociar a fatura de {{money}}. Nossa equipe vai enviar as condições.',
				body: 'Recebemos seu pedido para negociar a fatura de {{money}}. Nossa equipe vai preparar as condições (parcelamento ou nova data) e falar com você em breve. Se preferir pagar agora, seguem as formas de pagamento.',
			},
			firm: {
				sms: '{{firstName}}, recebemos seu pedido de negociação da fatura de {{money}}. Enviaremos as condições em breve.',
				body: 'Recebemos seu pedido de negociação da fatura de {{money}}. Enviaremos as condições disponíveis em breve. Para pagar o valor total, use as formas abaixo.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, recebemos sua solicitação de negociação da fatura de {{money}}.',
				body: 'Recebemos sua solicitação de negociação da fatura no valor de {{money}}. As condições disponíveis serão enviadas em breve. Caso prefira quitar o valor total, seguem as formas de pagamento.',
			},
		},
		reply_payment_info: {
			friendly: {
				sms: 'Olá, {{firstName}}! Segue de novo como pagar a fatura de {{money}}:',
				body: 'Claro! Seguem de novo as formas de pagamento da sua fatura de {{money}}, com vencimento em {{date dueDate "long"}}.',
			},
			firm: {
				sms: '{{firstName}}, seguem as formas de pagamento da fatura de {{money}}:',
				body: 'Seguem as formas de pagamento da sua fatura de {{money}}, com vencimento em {{date dueDate "long"}}.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, seguem as formas de pagamento da fatura de {{money}}:',
				body: 'Conforme solicitado, seguem as formas de pagamento da fatura no valor de {{money}}, com vencimento em {{date dueDate "long"}}.',
			},
		},
		reply_opt_out: {
			friendly: {
				sms: 'Pronto: você não vai mais receber nossas mensagens por {{channelName}}.',
				body: 'Recebemos seu pedido: você não vai mais receber nossas mensagens por {{channelName}}. Esta é a última mensagem por aqui.',
			},
			firm: {
				sms: 'Confirmamos: você não receberá mais mensagens nossas por {{channelName}}.',
				body: 'Confirmamos seu pedido: você não receberá mais mensagens nossas por {{channelName}}. Esta é a última mensagem por este canal.',
			},
			formal: {
				sms: 'Confirmamos o seu pedido: não enviaremos mais mensagens por {{channelName}}.',
				body: 'Confirmamos o recebimento do seu pedido: não enviaremos mais mensagens por {{channelName}}. Esta é a última comunicação por este canal.',
			},
		},
		reply_dispute: {
			friendly: {
				sms: '{{firstName}}, recebemos sua contestação da fatura de {{money}}. A cobrança fica suspensa e uma pessoa da equipe vai falar com você.',
				body: 'Recebemos sua contestação da fatura de {{money}}. A cobrança dela fica suspensa enquanto analisamos, e uma pessoa da nossa equipe vai entrar em contato com você.',
			},
			firm: {
				sms: '{{firstName}}, registramos a contestação da fatura de {{money}}. A cobrança fica suspensa até a análise.',
				body: 'Registramos sua contestação da fatura de {{money}}. A cobrança fica suspensa até a análise, e uma pessoa da nossa equipe entrará em contato.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, registramos a contestação da fatura de {{money}}. A cobrança fica suspensa durante a análise.',
				body: 'Registramos a contestação da fatura no valor de {{money}}. A cobrança permanece suspensa durante a análise, e um(a) atendente da nossa equipe entrará em contato.',
			},
		},
		reply_human: {
			friendly: {
				sms: '{{firstName}}, recebemos sua mensagem. Uma pessoa da nossa equipe vai falar com você sobre a fatura de {{money}} em breve.',
				body: 'Recebemos sua mensagem. Uma pessoa da nossa equipe vai entrar em contato com você em breve para falar sobre a fatura de {{money}}.',
			},
			firm: {
				sms: '{{firstName}}, uma pessoa da nossa equipe entrará em contato sobre a fatura de {{money}}.',
				body: 'Recebemos sua mensagem. Uma pessoa da nossa equipe entrará em contato sobre a fatura de {{money}}.',
			},
			formal: {
				sms: 'Prezado(a) {{customerName}}, um(a) atendente entrará em contato sobre a fatura de {{money}}.',
				body: 'Recebemos sua mensagem. Um(a) atendente da nossa equipe entrará em contato em breve a respeito da fatura no valor de {{money}}.',
			},
		},
		reply_wrong_person: {
			friendly: {
				sms: 'Desculpe o engano! Este número não será mais contatado por nós.',
				body: 'Desculpe o engano! Obrigado por avisar: este número foi removido e não será mais contatado por nós.',
			},
			firm: {
				sms: 'Obrigado por avisar. Este número não será mais contatado.',
				body: 'Obrigado por avisar. Este número foi removido do nosso cadastro e não será mais contatado.',
			},
			formal: {
				sms: 'Pedimos desculpas pelo engano. Este número não será mais contatado.',
				body: 'Pedimos desculpas pelo engano e agradecemos o aviso. Este número foi removido dos nossos registros e não será mais contatado.',
			},
		},
	},
};
