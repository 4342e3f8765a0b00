/**
 * Spanish (Latin America: es-419, also used for es-MX and any other Spanish locale). The friendly
 * tone says "tú"; the firm and formal tones say "usted". Consequences are stated as what may
 * happen, without threats (CONDUSEF's collection rules in Mexico), and the creditor is
 * identified in every message.
 */
import type { LocaleCopy } from './copy';

export const ES_419: LocaleCopy = {
	locale: 'es-419',
	greeting: {
		friendly: '¡Hola, {{firstName}}!',
		firm: 'Hola, {{firstName}}:',
		formal: 'Estimado(a) {{customerName}}:',
	},
	neutralGreeting: {
		friendly: '¡Hola!',
		firm: 'Hola:',
		formal: 'Estimado(a) cliente:',
	},
	closing: {
		friendly: 'Saludos,',
		firm: 'Atentamente,',
		formal: 'Atentamente,',
	},
	channelNames: {
		sms: 'SMS',
		whatsapp: 'WhatsApp',
		email: 'correo electrónico',
	},
	objection: {
		before: {
			friendly: {
				sms: 'Si ya pagaste, ignora este mensaje.',
				chat: 'Si ya pagaste, ignora este mensaje.',
				email: 'Si ya pagaste, ignora este aviso.',
			},
			firm: {
				sms: 'Si ya pagó, ignore este mensaje.',
				chat: 'Si ya realizó el pago, ignore este mensaje.',
				email: 'Si ya realizó el pago, ignore este aviso.',
			},
			formal: {
				sms: 'Si ya realizó el pago, omita este mensaje.',
				chat: 'En caso de haber realizado el pago, le pedimos omitir este mensaje.',
				email: 'En caso de haber realizado el pago, le pedimos omitir este aviso.',
			},
		},
		after: {
			friendly: {
				sms: '¿Ya pagaste? Envía tu comprobante{{#if creditor.support}} a {{creditor.support}}{{else}} respondiendo este mensaje{{/if}}.',
				chat: 'Si ya pagaste, responde este mensaje con tu comprobante y lo revisamos.',
				email: 'Si ya pagaste, responde este correo con tu comprobante{{#if creditor.support}} o envíalo a {{creditor.support}}{{/if}} y lo revisamos.',
			},
			firm: {
				sms: '¿Ya pagó? Envíe su comprobante{{#if creditor.support}} a {{creditor.support}}{{else}} respondiendo este mensaje{{/if}}.',
				chat: 'Si ya realizó el pago, responda este mensaje con su comprobante para verificarlo.',
				email:
					'Si ya realizó el pago, responda este correo con su comprobante{{#if creditor.support}} o envíelo a {{creditor.support}}{{/if}} para verificarlo.',
			},
			formal: {
				sms: 'Si ya realizó el pago, envíe su comprobante{{#if creditor.support}} a {{creditor.support}}{{else}} respondiendo este mensaje{{/if}}.',
				chat: 'En caso de haber realizado el pago, le solicitamos enviarnos el comprobante respondiendo este mensaje.',
				email:
					'En caso de haber realizado el pago, le solicitamos enviarnos el comprobante respondiendo este correo{{#if creditor.support}} o a {{creditor.support}}{{/if}}.',
			},
		},
	},
	subject: {
		reminder_7d: 'Recordatorio: factura de {{money}} con vencimiento el {{date}}',
		reminder_1d: 'Factura de {{money}}: vence mañana',
		due_today: 'Factura de {{money}}: vence hoy',
		overdue_3d: 'No hemos identificado el pago de la factura de {{money}}',
		overdue_6d: 'Factura de {{money}} vencida: aviso de posible interrupción del servicio',
		overdue_9d: 'Aviso de suspensión: factura de {{money}} vencida',
		overdue_15d: 'Factura de {{money}} pendiente desde hace {{days daysOverdue}}',
		negotiation_30d: '¿Resolvemos juntos la factura de {{money}}?',
		legal_90d: 'Aviso importante sobre la factura de {{money}} pendiente',
		negotiation_offer: 'Propuesta para regularizar la factura vencida el {{date}}',
		legal_offer: 'Aviso importante: propuesta para liquidar el adeudo vencido el {{date}}',
		settled: 'Pago recibido: ¡gracias!',
		number_confirmation: 'Confirmación de contacto',
		early_payment_offer: 'Descuento de {{percent discount}} por pago a más tardar el {{date}}',
		promise_reminder: 'Recordatorio: pago acordado para el {{date promiseDate "long"}}',
		reply_promise_to_pay: 'Compromiso de pago registrado para el {{date promiseDate "long"}}',
		reply_already_paid: 'Comprobante del pago de {{money}}',
		reply_already_paid_receipt: 'Recibimos el comprobante del pago de {{money}}',
		reply_negotiate: 'Solicitud de negociación de la factura de {{money}}',
		reply_payment_info: 'Formas de pago de la factura de {{money}}',
		reply_opt_out: 'Confirmación: ya no recibirá nuestros correos',
		reply_dispute: 'Recibimos su aclaración sobre la factura de {{money}}',
		reply_human: 'Nuestro equipo se pondrá en contacto',
		reply_wrong_person: 'Perdón por la confusión',
	},
	stages: {
		reminder_7d: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Te recordamos que tu factura de {{money}} vence el {{date}}.',
				body: 'Te recordamos que tu factura de {{money}} vence el {{date dueDate "long"}}. Si quieres, ya puedes dejar el pago programado.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} vence el {{date}}. Programe su pago para evitar atrasos.',
				body: 'Le recordamos que su factura de {{money}} vence el {{date dueDate "long"}}. Programe su pago para mantener su cuenta al corriente.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, le informamos que su factura de {{money}} vence el {{date}}.',
				body: 'Le informamos que la factura por {{money}} tiene vencimiento el {{date dueDate "long"}}. Le solicitamos realizar el pago a más tardar en esa fecha.',
			},
		},
		reminder_1d: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Tu factura de {{money}} vence mañana ({{date dueDate "dayMonth"}}).',
				body: 'Solo un recordatorio: tu factura de {{money}} vence mañana, {{date dueDate "weekday"}}. Si pagas hoy, ya te olvidas del tema.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} vence mañana ({{date dueDate "dayMonth"}}). Evite atrasos: pague a tiempo.',
				body: 'Su factura de {{money}} vence mañana, {{date dueDate "weekday"}}. Para evitar atrasos, realice el pago a más tardar en esa fecha.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, su factura de {{money}} vence mañana, {{date}}.',
				body: 'Le recordamos que la factura por {{money}} vence mañana, {{date dueDate "long"}}. Le agradeceremos realizar el pago a más tardar en esa fecha.',
			},
		},
		due_today: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Tu factura de {{money}} vence hoy.',
				body: 'Hoy vence tu factura de {{money}}. Todavía estás a tiempo de pagar y quedar al corriente.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} vence hoy. Pague hoy para evitar atrasos.',
				body: 'Su factura de {{money}} vence hoy, {{date dueDate "long"}}. Realice el pago hoy mismo para evitar atrasos.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, su factura de {{money}} vence hoy, {{date}}.',
				body: 'Le informamos que la factura por {{money}} vence hoy, {{date dueDate "long"}}. Le solicitamos realizar el pago antes de que termine el día.',
			},
		},
		overdue_3d: {
			friendly: {
				sms: 'Hola, {{firstName}}. No hemos identificado el pago de tu factura de {{money}}, vencida el {{date}}. Quizá fue un olvido.',
				body: 'Todavía no hemos identificado el pago de tu factura de {{money}}, que venció el {{date dueDate "long"}}. Quizá fue solo un olvido: puedes pagar ahora mismo.',
			},
			firm: {
				sms: '{{firstName}}, no hemos identificado el pago de su factura de {{money}}, vencida el {{date}} ({{overdueText}}). Regularícela hoy.',
				body: 'No hemos identificado el pago de su factura de {{money}}, vencida el {{date dueDate "long"}} ({{overdueText}}). Le pedimos regularizar el pago hoy.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, no hemos identificado el pago de su factura de {{money}}, vencida el {{date}}.',
				body: 'Le informamos que no hemos identificado el pago de la factura por {{money}}, vencida el {{date dueDate "long"}}. Le solicitamos regularizar el pago a la brevedad.',
			},
		},
		overdue_6d: {
			friendly: {
				sms: 'Hola, {{firstName}}. Tu factura de {{money}}, vencida el {{date}}, sigue pendiente. Paga para evitar la interrupción del servicio.',
				body: 'Tu factura de {{money}}, vencida el {{date dueDate "long"}}, sigue pendiente ({{overdueText}}). Para que el servicio no se interrumpa, realiza el pago en cuanto puedas. Si tienes alguna dificultad, responde este mensaje y te ayudamos.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} tiene {{overdueText}}. Sin el pago, el servicio podría interrumpirse.',
				body: 'Su factura de {{money}}, vencida el {{date dueDate "long"}}, tiene {{overdueText}}. Sin el pago, el servicio podría interrumpirse. Regularícela cuanto antes.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, su factura de {{money}} sigue pendiente. El servicio podría interrumpirse.',
				body: 'Le informamos que la factura por {{money}}, vencida el {{date dueDate "long"}}, permanece pendiente desde hace {{days daysOverdue}}. La falta de pago podría ocasionar la interrupción del servicio.',
			},
		},
		overdue_9d: {
			friendly: {
				sms: 'Hola, {{firstName}}. Tu factura de {{money}} sigue pendiente. Para evitar la suspensión el {{date suspensionDate}}, paga antes de esa fecha.',
				body: 'Tu factura de {{money}}, vencida el {{date dueDate "long"}}, sigue pendiente. Para evitar la suspensión del servicio a partir del {{date suspensionDate "long"}}, realiza el pago antes de esa fecha. Si necesitas ayuda, solo responde.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} tiene {{overdueText}}. Sin el pago, el servicio podría suspenderse a partir del {{date suspensionDate}}.',
				body: 'Su factura de {{money}}, vencida el {{date dueDate "long"}}, tiene {{overdueText}}. Sin el pago, el servicio podría suspenderse a partir del {{date suspensionDate "long"}}. Regularícela antes de esa fecha.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, sin el pago de su factura de {{money}}, el servicio podría suspenderse a partir del {{date suspensionDate}}.',
				body: 'Le comunicamos que la factura por {{money}}, vencida el {{date dueDate "long"}}, permanece pendiente. De no identificarse el pago, el servicio podría suspenderse a partir del {{date suspensionDate "long"}}.',
			},
		},
		overdue_15d: {
			friendly: {
				sms: 'Hola, {{firstName}}. Tu factura de {{money}} está pendiente desde el {{date}}. Aún puedes regularizarla y evitar la suspensión.',
				body: 'Tu factura de {{money}} está pendiente desde el {{date dueDate "long"}}, hace {{days daysOverdue}}. Ya te enviamos algunos recordatorios y aún no identificamos el pago. Todavía puedes regularizarla y evitar la suspensión del servicio; si ahora se te complica pagar, responde y buscamos una solución.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} está pendiente desde el {{date}} ({{days daysOverdue}}). El servicio puede suspenderse. Regularícela ya.',
				body: 'Su factura de {{money}}, vencida el {{date dueDate "long"}}, cumple {{days daysOverdue}} pendiente, aun después de nuestros avisos anteriores. El servicio puede suspenderse en cualquier momento. Regularice el pago hoy.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, su factura de {{money}}, vencida el {{date}}, sigue pendiente. El servicio puede suspenderse.',
				body: 'Le informamos que la factura por {{money}}, vencida el {{date dueDate "long"}}, permanece pendiente desde hace {{days daysOverdue}}, a pesar de los avisos anteriores. El servicio puede suspenderse. Le solicitamos regularizar el pago a la brevedad.',
			},
		},
		negotiation_30d: {
			friendly: {
				sms: 'Hola, {{firstName}}. Sabemos que hay imprevistos: tu factura de {{money}} se puede pagar en partes o con nueva fecha. Responde para negociar.',
				body: 'Sabemos que a veces hay imprevistos. Tu factura de {{money}}, vencida el {{date dueDate "long"}}, lleva {{days daysOverdue}} pendiente y queremos ayudarte: podemos dividir el monto en pagos o acordar una nueva fecha. Responde este mensaje para conocer las opciones.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} lleva {{days daysOverdue}} pendiente. Ofrecemos pago en partes o nueva fecha. Responda para negociar.',
				body: 'Su factura de {{money}}, vencida el {{date dueDate "long"}}, lleva {{days daysOverdue}} pendiente. Para regularizarla, le ofrecemos dividir el monto en pagos o una nueva fecha de pago. Responda este mensaje para negociar o pague el total.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, su factura de {{money}} lleva {{days daysOverdue}} pendiente. Tenemos opciones de negociación. Responda para conocerlas.',
				body: 'Le informamos que la factura por {{money}}, vencida el {{date dueDate "long"}}, permanece pendiente desde hace {{days daysOverdue}}. Quedamos a su disposición para acordar condiciones de pago, como pagos parciales o una nueva fecha de vencimiento.',
			},
		},
		legal_90d: {
			friendly: {
				sms: 'Hola, {{firstName}}. Tu factura de {{money}} lleva {{days daysOverdue}} pendiente y podría reportarse al buró de crédito. ¿Lo resolvemos antes?',
				body: 'Tu factura de {{money}}, vencida el {{date dueDate "long"}}, lleva {{days daysOverdue}} pendiente. Si no se regulariza, el adeudo podría reportarse a las sociedades de información crediticia (buró de crédito). Antes de eso queremos ayudarte: puedes pagar o negociar condiciones especiales respondiendo este mensaje.',
			},
			firm: {
				sms: '{{firstName}}, su factura de {{money}} lleva {{days daysOverdue}} pendiente. Sin regularizarla, podría reportarse al buró de crédito. Pague o negocie.',
				body: 'Su factura de {{money}}, vencida el {{date dueDate "long"}}, lleva {{days daysOverdue}} pendiente. De no regularizarse, el adeudo podría reportarse a las sociedades de información crediticia (buró de crédito), conforme a la ley. Pague o negocie ahora para evitarlo.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, su factura de {{money}} lleva {{days daysOverdue}} pendiente. El adeudo podría reportarse al buró de crédito.',
				body: 'Le comunicamos que la factura por {{money}}, vencida el {{date dueDate "long"}}, permanece pendiente desde hace {{days daysOverdue}}. De no regularizarse, el adeudo podría reportarse a las sociedades de información crediticia, conforme a la legislación aplicable. Quedamos a su disposición para negociar el pago antes de esa medida.',
			},
		},
		negotiation_offer: {
			friendly: {
				sms: '{{firstName}}, {{#shorten}}tu factura vencida el {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Propuesta: {{offerText}}.',
				body: 'Sabemos que a veces hay imprevistos. Tu factura vencida el {{date dueDate "long"}} lleva {{days daysOverdue}} pendiente: {{debtLines}}. Te preparamos una propuesta: {{offerText}}. Si prefieres otra opción, responde este mensaje.',
			},
			firm: {
				sms: '{{firstName}}, {{#shorten}}su factura vencida el {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Propuesta: {{offerText}}.',
				body: 'Su factura vencida el {{date dueDate "long"}} lleva {{days daysOverdue}} pendiente: {{debtLines}}. Para regularizarla: {{offerText}}. Responda este mensaje para elegir una opción.',
			},
			formal: {
				sms: 'Estimado(a) {{firstName}}, {{#shorten}}adeudo vencido el {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Propuesta: {{offerText}}.',
				body: 'Le informamos que el adeudo vencido el {{date dueDate "long"}} permanece pendiente desde hace {{days daysOverdue}}: {{debtLines}}. Condiciones para liquidarlo: {{offerText}}. Quedamos a su disposición para negociar.',
			},
		},
		legal_offer: {
			friendly: {
				sms: '{{firstName}}, {{#shorten}}tu adeudo vencido el {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Antes del buró: {{offerText}}.',
				body: 'Tu factura vencida el {{date dueDate "long"}} lleva {{days daysOverdue}} pendiente: {{debtLines}}. Si no se regulariza, el adeudo podría reportarse a las sociedades de información crediticia (buró de crédito). Antes de eso queremos ayudarte: {{offerText}}.',
			},
			firm: {
				sms: '{{firstName}}, {{#shorten}}su adeudo vencido el {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Evite el buró: {{offerText}}.',
				body: 'Su factura vencida el {{date dueDate "long"}} lleva {{days daysOverdue}} pendiente: {{debtLines}}. De no regularizarse, el adeudo podría reportarse a las sociedades de información crediticia (buró de crédito), conforme a la ley. Para regularizarla ahora: {{offerText}}.',
			},
			formal: {
				sms: 'Estimado(a) {{firstName}}, {{#shorten}}adeudo del {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Propuesta: {{offerText}}.',
				body: 'Le comunicamos que el adeudo vencido el {{date dueDate "long"}} permanece pendiente desde hace {{days daysOverdue}}: {{debtLines}}. De no regularizarse, podría reportarse a las sociedades de información crediticia, conforme a la legislación aplicable. Condiciones para liquidarlo: {{offerText}}.',
			},
		},
		settled: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Recibimos tu pago de {{money}}. ¡Gracias!',
				body: 'Recibimos tu pago de {{money}} correspondiente a la factura con vencimiento el {{date dueDate "long"}}. Esta factura está liquidada. ¡Gracias por tu confianza!',
			},
			firm: {
				sms: '{{firstName}}, confirmamos la recepción de su pago de {{money}}. Gracias.',
				body: 'Confirmamos la recepción de su pago de {{money}} correspondiente a la factura con vencimiento el {{date dueDate "long"}}. La factura está liquidada. Gracias.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, confirmamos la recepción de su pago de {{money}}. Le agradecemos.',
				body: 'Confirmamos la recepción de su pago por {{money}}, correspondiente a la factura con vencimiento el {{date dueDate "long"}}, que se encuentra liquidada. Agradecemos su atención.',
			},
		},
		number_confirmation: {
			friendly: {
				sms: '¡Hola! ¿Este número es de {{firstName}}? Responde SÍ para confirmar o NO si no es así. ¡Gracias!',
				body: 'Estamos actualizando nuestros registros: ¿este contacto pertenece a {{firstName}}? Responde SÍ para confirmar o NO si no es así.',
			},
			firm: {
				sms: 'Por favor confirme: ¿este número pertenece a {{firstName}}? Responda SÍ o NO.',
				body: 'Estamos actualizando nuestros registros. Por favor confirme: ¿este contacto pertenece a {{firstName}}? Responda SÍ o NO.',
			},
			formal: {
				sms: 'Le solicitamos confirmar si este número pertenece a {{firstName}}. Responda SÍ o NO.',
				body: 'Estamos actualizando nuestros registros de contacto. Le solicitamos confirmar si este contacto pertenece a {{firstName}}, respondiendo SÍ o NO.',
			},
		},
		early_payment_offer: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Paga tu factura a más tardar el {{date}} y obtén {{percent discount}} de descuento: {{money discountedAmount}} en lugar de {{money}}.',
				body: 'Tenemos una condición especial para ti: si pagas tu factura a más tardar el {{date dueDate "long"}}, obtienes {{percent discount}} de descuento y pagas {{money discountedAmount}} en lugar de {{money}}.',
			},
			firm: {
				sms: '{{firstName}}, pague a más tardar el {{date}} y obtenga {{percent discount}} de descuento: {{money discountedAmount}} en lugar de {{money}}.',
				body: 'Si paga su factura a más tardar el {{date dueDate "long"}}, obtiene {{percent discount}} de descuento: {{money discountedAmount}} en lugar de {{money}}. Aproveche.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, por pago a más tardar el {{date}} le otorgamos {{percent discount}} de descuento: {{money discountedAmount}} en lugar de {{money}}.',
				body: 'Le informamos que, por pago a más tardar el {{date dueDate "long"}}, se le otorgará un descuento de {{percent discount}}, con lo que el monto pasa de {{money}} a {{money discountedAmount}}.',
			},
		},
		promise_reminder: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Te recordamos que mañana, {{date promiseDate "dayMonth"}}, es el día que acordaste para pagar tu factura de {{money}}.',
				body: 'Te recordamos que mañana, {{date promiseDate "long"}}, es el día que acordaste para pagar tu factura de {{money}}. Puedes pagar con cualquiera de estas opciones.',
			},
			firm: {
				sms: '{{firstName}}, le recordamos que el pago de su factura de {{money}} quedó acordado para mañana, {{date promiseDate "dayMonth"}}.',
				body: 'Le recordamos que el pago de su factura de {{money}} quedó acordado para mañana, {{date promiseDate "long"}}. Para cumplir el acuerdo, realice el pago a más tardar en esa fecha.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, le recordamos que el pago de {{money}} quedó acordado para mañana, {{date promiseDate "dayMonth"}}.',
				body: 'Le recordamos que el pago de la factura por {{money}} quedó acordado para mañana, {{date promiseDate "long"}}. Le solicitamos realizarlo a más tardar en esa fecha.',
			},
		},
		reply_promise_to_pay: {
			friendly: {
				sms: '¡Listo, {{firstName}}! Anotamos tu pago de {{money}} a más tardar el {{date promiseDate "dayMonth"}}. ¡Gracias!',
				body: '¡Listo! Anotamos que pagarás tu factura de {{money}} a más tardar el {{date promiseDate "long"}}. Un día antes te enviaremos un recordatorio. Cuando quieras pagar, usa estas opciones.',
			},
			firm: {
				sms: '{{firstName}}, registramos su compromiso de pagar {{money}} a más tardar el {{date promiseDate "dayMonth"}}.',
				body: 'Registramos su compromiso de pagar su factura de {{money}} a más tardar el {{date promiseDate "long"}}. Un día antes le enviaremos un recordatorio. Para pagar, use estas opciones.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, registramos su compromiso de pago de {{money}} a más tardar el {{date promiseDate "dayMonth"}}.',
				body: 'Registramos su compromiso de pago de la factura por {{money}} a más tardar el {{date promiseDate "long"}}. Un día antes le enviaremos un recordatorio. A continuación, las formas de pago.',
			},
		},
		reply_already_paid: {
			friendly: {
				sms: '¡Gracias, {{firstName}}! Para confirmar tu pago de {{money}}, envía tu comprobante{{#if creditor.support}} a {{creditor.support}}{{else}} respondiendo este mensaje{{/if}}.',
				body: '¡Gracias por avisar! Para ubicar el pago de tu factura de {{money}}, responde este mensaje con tu comprobante (foto o PDF). Mientras lo revisamos, no te enviaremos cobros de esta factura.',
			},
			firm: {
				sms: '{{firstName}}, gracias por avisar. Envíe el comprobante de su pago de {{money}}{{#if creditor.support}} a {{creditor.support}}{{else}} respondiendo este mensaje{{/if}}.',
				body: 'Gracias por avisar. Para confirmar el pago de su factura de {{money}}, responda este mensaje con su comprobante. Mientras lo revisamos, el cobro de esta factura queda suspendido.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, le solicitamos el comprobante de su pago de {{money}}{{#if creditor.support}} en {{creditor.support}}{{else}} en respuesta a este mensaje{{/if}}.',
				body: 'Agradecemos su aviso. Para confirmar el pago de la factura por {{money}}, le solicitamos enviar su comprobante en respuesta a este mensaje. Durante la revisión, el cobro de esta factura queda suspendido.',
			},
		},
		reply_already_paid_receipt: {
			friendly: {
				sms: '¡Gracias, {{firstName}}! Recibimos tu comprobante del pago de {{money}} y lo vamos a revisar.',
				body: '¡Gracias! Recibimos el comprobante del pago de tu factura de {{money}}. Lo vamos a revisar y, mientras tanto, no te enviaremos cobros de esta factura.',
			},
			firm: {
				sms: '{{firstName}}, recibimos el comprobante de su pago de {{money}}. Le avisaremos si hay alguna diferencia.',
				body: 'Recibimos el comprobante del pago de su factura de {{money}}. Lo revisaremos y le avisaremos si hay alguna diferencia. Durante la revisión, el cobro de esta factura queda suspendido.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, recibimos el comprobante de su pago de {{money}}, que será revisado.',
				body: 'Confirmamos la recepción del comprobante del pago de la factura por {{money}}, que será revisado. Si hubiera alguna diferencia, nos pondremos en contacto. Durante la revisión, el cobro de esta factura queda suspendido.',
			},
		},
		reply_negotiate: {
			friendly: {
				sms: '{{firstName}}, recibimos tu solicitud para negociar tu factura de {{money}}. Pronto te enviaremos las opciones.',
				body: 'Recibimos tu solicitud para negociar tu factura de {{money}}. Nuestro equipo preparará las opciones (pagos en parcialidades o nueva fecha) y te contactará pronto. Si prefieres pagar ahora, aquí están las formas de pago.',
			},
			firm: {
				sms: '{{firstName}}, recibimos su solicitud de negociación de la factura de {{money}}. Le enviaremos las condiciones.',
				body: 'Recibimos su solicitud de negociación de la factura de {{money}}. Le enviaremos las condiciones disponibles en breve. Para pagar el total, use estas opciones.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, recibimos su solicitud de negociación de la factura de {{money}}.',
				body: 'Recibimos su solicitud de negociación de la factura por {{money}}. Las condiciones disponibles le serán enviadas en breve. Si prefiere liquidar el total, a continuación las formas de pago.',
			},
		},
		reply_payment_info: {
			friendly: {
				sms: '¡Hola, {{firstName}}! Aquí tienes de nuevo cómo pagar tu factura de {{money}}:',
				body: '¡Claro! Aquí tienes de nuevo las formas de pago de tu factura de {{money}}, con vencimiento el {{date dueDate "long"}}.',
			},
			firm: {
				sms: '{{firstName}}, estas son las formas de pago de su factura de {{money}}:',
				body: 'Estas son las formas de pago de su factura de {{money}}, con vencimiento el {{date dueDate "long"}}.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, le enviamos las formas de pago de la factura de {{money}}:',
				body: 'Conforme a su solicitud, le enviamos las formas de pago de la factura por {{money}}, con vencimiento el {{date dueDate "long"}}.',
			},
		},
		reply_opt_out: {
			friendly: {
				sms: 'Listo: ya no recibirás nuestros mensajes por {{channelName}}.',
				body: 'Recibimos tu solicitud: ya no recibirás nuestros mensajes por {{channelName}}. Este es el último mensaje por este medio.',
			},
			firm: {
				sms: 'Confirmamos: ya no recibirá nuestros mensajes por {{channelName}}.',
				body: 'Confirmamos su solicitud: ya no recibirá nuestros mensajes por {{channelName}}. Este es el último mensaje por este medio.',
			},
			formal: {
				sms: 'Confirmamos su solicitud: no le enviaremos más mensajes por {{channelName}}.',
				body: 'Confirmamos la recepción de su solicitud: no le enviaremos más mensajes por {{channelName}}. Esta es la última comunicación por este medio.',
			},
		},
		reply_dispute: {
			friendly: {
				sms: '{{firstName}}, recibimos tu aclaración sobre la factura de {{money}}. El cobro queda suspendido y una persona del equipo te contactará.',
				body: 'Recibimos tu aclaración sobre la factura de {{money}}. El cobro queda suspendido mientras la revisamos, y una persona de nuestro equipo te contactará.',
			},
			firm: {
				sms: '{{firstName}}, registramos su aclaración sobre la factura de {{money}}. El cobro queda suspendido durante la revisión.',
				body: 'Registramos su aclaración sobre la factura de {{money}}. El cobro queda suspendido durante la revisión, y una persona de nuestro equipo lo contactará.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, registramos su aclaración sobre la factura de {{money}}. El cobro queda suspendido durante la revisión.',
				body: 'Registramos su aclaración sobre la factura por {{money}}. El cobro permanece suspendido durante la revisión, y un(a) asesor(a) de nuestro equipo se pondrá en contacto con usted.',
			},
		},
		reply_human: {
			friendly: {
				sms: '{{firstName}}, recibimos tu mensaje. Una persona de nuestro equipo te contactará pronto sobre tu factura de {{money}}.',
				body: 'Recibimos tu mensaje. Una persona de nuestro equipo te contactará pronto para hablar de tu factura de {{money}}.',
			},
			firm: {
				sms: '{{firstName}}, una persona de nuestro equipo lo contactará sobre su factura de {{money}}.',
				body: 'Recibimos su mensaje. Una persona de nuestro equipo lo contactará sobre su factura de {{money}}.',
			},
			formal: {
				sms: 'Estimado(a) {{customerName}}, un(a) asesor(a) lo contactará sobre su factura de {{money}}.',
				body: 'Recibimos su mensaje. Un(a) asesor(a) de nuestro equipo se pondrá en contacto con usted a la brevedad respecto de la factura por {{money}}.',
			},
		},
		reply_wrong_person: {
			friendly: {
				sms: '¡Perdón por la confusión! No volveremos a contactar este número.',
				body: '¡Perdón por la confusión y gracias por avisar! Eliminamos este número y no volveremos a contactarlo.',
			},
			firm: {
				sms: 'Gracias por avisar. No volveremos a contactar este número.',
				body: 'Gracias por avisar. Eliminamos este número de nuestros registros y no volveremos a contactarlo.',
			},
			formal: {
				sms: 'Le ofrecemos una disculpa por la confusión. No volveremos a contactar este número.',
				body: 'Le ofrecemos una disculpa por la confusión y le agradecemos el aviso. Este número fue eliminado de nuestros registros y no volverá a ser contactado.',
			},
		},
	},
};
