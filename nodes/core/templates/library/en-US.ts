/**
 * English (United States). Written as the creditor's own reminders (not a third-party debt
 * collector's): plain, specific, no threats or false urgency (Regulation F, FDCPA-style fairness),
 * with an opt-out line on SMS and e-mail added by the footer where US rules call for it.
 */
import type { LocaleCopy } from './copy';

export const EN_US: LocaleCopy = {
	locale: 'en-US',
	greeting: {
		friendly: 'Hi {{firstName}},',
		firm: 'Hello {{firstName}},',
		formal: 'Dear {{customerName}},',
	},
	neutralGreeting: {
		friendly: 'Hi,',
		firm: 'Hello,',
		formal: 'Dear customer,',
	},
	closing: {
		friendly: 'Thanks,',
		firm: 'Regards,',
		formal: 'Sincerely,',
	},
	channelNames: {
		sms: 'text message',
		whatsapp: 'WhatsApp',
		email: 'email',
	},
	objection: {
		before: {
			friendly: {
				sms: 'Already paid? Please ignore this.',
				chat: 'If you have already paid, please ignore this message.',
				email: 'If you have already paid, please ignore this reminder.',
			},
			firm: {
				sms: 'Already paid? Please ignore this.',
				chat: 'If you have already paid, please ignore this message.',
				email: 'If you have already paid, please ignore this reminder.',
			},
			formal: {
				sms: 'If you have already paid, please disregard.',
				chat: 'If payment has already been made, please disregard this message.',
				email: 'If payment has already been made, please disregard this notice.',
			},
		},
		after: {
			friendly: {
				sms: 'Already paid? Send us your receipt{{#if creditor.support}} at {{creditor.support}}{{else}} by replying{{/if}}.',
				chat: 'If you have already paid, reply to this message with your receipt and we will check it.',
				email: 'If you have already paid, reply to this e-mail with your receipt{{#if creditor.support}} or send it to {{creditor.support}}{{/if}} and we will check it.',
			},
			firm: {
				sms: 'Already paid? Send us your receipt{{#if creditor.support}} at {{creditor.support}}{{else}} by replying{{/if}}.',
				chat: 'If you have already paid, reply to this message with your receipt so we can check it.',
				email: 'If you have already paid, reply to this e-mail with your receipt{{#if creditor.support}} or send it to {{creditor.support}}{{/if}} so we can check it.',
			},
			formal: {
				sms: 'If you have already paid, please send your receipt{{#if creditor.support}} to {{creditor.support}}{{else}} by replying{{/if}}.',
				chat: 'If payment has already been made, please send us the receipt by replying to this message.',
				email: 'If payment has already been made, please send us the receipt by replying to this e-mail{{#if creditor.support}} or to {{creditor.support}}{{/if}}.',
			},
		},
	},
	subject: {
		reminder_7d: 'Reminder: your {{money}} bill is due on {{date}}',
		reminder_1d: 'Your {{money}} bill is due tomorrow',
		due_today: 'Your {{money}} bill is due today',
		overdue_3d: 'We have not received your {{money}} payment',
		overdue_6d: 'Your {{money}} bill is past due: avoid a service interruption',
		overdue_9d: 'Suspension notice: your {{money}} bill is past due',
		overdue_15d: 'Your {{money}} bill has been open for {{days daysOverdue}}',
		negotiation_30d: 'Let us sort out your {{money}} bill together',
		legal_90d: 'Important notice about your unpaid {{money}} bill',
		negotiation_offer: 'An offer to settle your bill due on {{date}}',
		legal_offer: 'Important notice: an offer to settle your debt due on {{date}}',
		settled: 'Payment received: thank you!',
		number_confirmation: 'Please confirm your contact details',
		early_payment_offer: 'Save {{percent discount}} when you pay by {{date}}',
		promise_reminder: 'Reminder: your payment is arranged for {{date promiseDate "long"}}',
		reply_promise_to_pay: 'We noted your payment by {{date promiseDate "long"}}',
		reply_already_paid: 'Please send the receipt for your {{money}} payment',
		reply_already_paid_receipt: 'We received the receipt for your {{money}} payment',
		reply_negotiate: 'Your request to negotiate the {{money}} bill',
		reply_payment_info: 'How to pay your {{money}} bill',
		reply_opt_out: 'Confirmation: you will receive no more emails from us',
		reply_dispute: 'We received your dispute of the {{money}} bill',
		reply_human: 'Our team will contact you',
		reply_wrong_person: 'Sorry for the mix-up',
	},
	stages: {
		reminder_7d: {
			friendly: {
				sms: 'Hi {{firstName}}, a friendly reminder: your {{money}} bill is due on {{date}}.',
				body: 'Just a friendly reminder that your {{money}} bill is due on {{date dueDate "long"}}. You can schedule the payment now if you like.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill is due on {{date}}. Please schedule your payment to avoid being late.',
				body: 'This is a reminder that your {{money}} bill is due on {{date dueDate "long"}}. Please schedule your payment to keep your account in good standing.',
			},
			formal: {
				sms: 'Dear {{customerName}}, this is a reminder that your {{money}} bill is due on {{date}}.',
				body: 'Please be advised that your bill of {{money}} is due on {{date dueDate "long"}}. We kindly ask that payment be made by that date.',
			},
		},
		reminder_1d: {
			friendly: {
				sms: 'Hi {{firstName}}, your {{money}} bill is due tomorrow ({{date dueDate "dayMonth"}}).',
				body: 'Just a heads-up: your {{money}} bill is due tomorrow, {{date dueDate "weekday"}}. Paying today takes it off your list.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill is due tomorrow ({{date dueDate "dayMonth"}}). Please pay on time.',
				body: 'Your {{money}} bill is due tomorrow, {{date dueDate "weekday"}}. Please make your payment by the due date to avoid being late.',
			},
			formal: {
				sms: 'Dear {{customerName}}, your {{money}} bill is due tomorrow, {{date}}.',
				body: 'Please be reminded that your bill of {{money}} is due tomorrow, {{date dueDate "long"}}. We kindly ask that payment be made by that date.',
			},
		},
		due_today: {
			friendly: {
				sms: 'Hi {{firstName}}, your {{money}} bill is due today.',
				body: 'Your {{money}} bill is due today. There is still time to pay and stay on track.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill is due today. Please pay today to avoid being late.',
				body: 'Your {{money}} bill is due today, {{date dueDate "long"}}. Please make your payment today to avoid being late.',
			},
			formal: {
				sms: 'Dear {{customerName}}, your {{money}} bill is due today, {{date}}.',
				body: 'Please be advised that your bill of {{money}} is due today, {{date dueDate "long"}}. We kindly ask that payment be made by the end of the day.',
			},
		},
		overdue_3d: {
			friendly: {
				sms: 'Hi {{firstName}}, we have not received your {{money}} payment, due {{date}}. Maybe it slipped your mind?',
				body: 'We have not received the payment for your {{money}} bill, which was due on {{date dueDate "long"}}. It may have just slipped your mind: you can pay right now.',
			},
			firm: {
				sms: '{{firstName}}, we have not received your {{money}} payment, due {{date}} ({{overdueText}}). Please pay today.',
				body: 'We have not received the payment for your {{money}} bill, due on {{date dueDate "long"}} ({{overdueText}}). Please make your payment today.',
			},
			formal: {
				sms: 'Dear {{customerName}}, we have not received payment of your {{money}} bill, due {{date}}.',
				body: 'Please be advised that we have not received payment of your bill of {{money}}, which was due on {{date dueDate "long"}}. We kindly ask that you make the payment at your earliest convenience.',
			},
		},
		overdue_6d: {
			friendly: {
				sms: 'Hi {{firstName}}, your {{money}} bill, due {{date}}, is still open. Please pay to avoid a service interruption.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, is still open ({{overdueText}}). To keep your service running, please pay as soon as you can. If something is making it hard to pay, reply to this message and we will help.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill is {{overdueText}}. Without payment, your service may be interrupted.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, is {{overdueText}}. Without payment, your service may be interrupted. Please pay as soon as possible.',
			},
			formal: {
				sms: 'Dear {{customerName}}, your {{money}} bill remains unpaid. Your service may be interrupted.',
				body: 'Please be advised that your bill of {{money}}, due on {{date dueDate "long"}}, has remained unpaid for {{days daysOverdue}}. Non-payment may result in an interruption of your service.',
			},
		},
		overdue_9d: {
			friendly: {
				sms: 'Hi {{firstName}}, your {{money}} bill is still open. To avoid a suspension on {{date suspensionDate}}, please pay before then.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, is still open. To avoid a suspension of your service from {{date suspensionDate "long"}}, please pay before that date. If you need help, just reply.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill is {{overdueText}}. Without payment, your service may be suspended from {{date suspensionDate}}.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, is {{overdueText}}. Without payment, your service may be suspended from {{date suspensionDate "long"}}. Please pay before that date.',
			},
			formal: {
				sms: 'Dear {{customerName}}, without payment of your {{money}} bill, your service may be suspended from {{date suspensionDate}}.',
				body: 'Please be advised that your bill of {{money}}, due on {{date dueDate "long"}}, remains unpaid. If payment is not received, your service may be suspended from {{date suspensionDate "long"}}.',
			},
		},
		overdue_15d: {
			friendly: {
				sms: 'Hi {{firstName}}, your {{money}} bill has been open since {{date}}. There is still time to pay and avoid a suspension.',
				body: 'Your {{money}} bill has been open since {{date dueDate "long"}}, {{days daysOverdue}} ago. We have sent a few reminders and have not received your payment yet. There is still time to pay and avoid a suspension of your service; if paying is hard right now, reply and we will find a solution.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill has been open since {{date}} ({{days daysOverdue}}). Your service may be suspended. Please pay now.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, has been open for {{days daysOverdue}}, despite our previous reminders. Your service may be suspended at any time. Please make your payment today.',
			},
			formal: {
				sms: 'Dear {{customerName}}, your {{money}} bill, due {{date}}, remains unpaid. Your service may be suspended.',
				body: 'Please be advised that your bill of {{money}}, due on {{date dueDate "long"}}, has remained unpaid for {{days daysOverdue}}, despite previous notices. Your service may be suspended. We kindly ask that you settle the bill as soon as possible.',
			},
		},
		negotiation_30d: {
			friendly: {
				sms: 'Hi {{firstName}}, we know things happen: your {{money}} bill can be split into payments or moved to a new date. Reply to work it out.',
				body: 'We know unexpected things happen. Your {{money}} bill, due on {{date dueDate "long"}}, has been open for {{days daysOverdue}}, and we want to help: we can split it into payments or agree on a new date. Reply to this message to see the options.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill has been open for {{days daysOverdue}}. We offer a payment plan or a new date. Reply to arrange it.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, has been open for {{days daysOverdue}}. To settle it, we offer a payment plan or a new payment date. Reply to this message to arrange it, or pay the full amount.',
			},
			formal: {
				sms: 'Dear {{customerName}}, your {{money}} bill has been open for {{days daysOverdue}}. Payment arrangements are available. Reply to learn more.',
				body: 'Please be advised that your bill of {{money}}, due on {{date dueDate "long"}}, has remained unpaid for {{days daysOverdue}}. We are available to agree on payment terms, such as a payment plan or a new due date.',
			},
		},
		legal_90d: {
			friendly: {
				sms: 'Hi {{firstName}}, your {{money}} bill has been open for {{days daysOverdue}} and may be reported to credit bureaus. Can we solve it first?',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, has been open for {{days daysOverdue}}. If it is not resolved, the debt may be reported to credit bureaus. We would rather help you first: you can pay or arrange special terms by replying to this message.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} bill has been open for {{days daysOverdue}}. If unresolved, it may be reported to credit bureaus. Pay or arrange a plan.',
				body: 'Your {{money}} bill, due on {{date dueDate "long"}}, has been open for {{days daysOverdue}}. If it is not resolved, the debt may be reported to credit bureaus, as permitted by law. Pay or arrange a payment plan now to avoid this.',
			},
			formal: {
				sms: 'Dear {{customerName}}, your {{money}} bill has been unpaid for {{days daysOverdue}}. The debt may be reported to credit bureaus.',
				body: 'Please be advised that your bill of {{money}}, due on {{date dueDate "long"}}, has remained unpaid for {{days daysOverdue}}. If it is not resolved, the debt may be reported to credit bureaus, as permitted by applicable law. We remain available to arrange payment before any such step.',
			},
		},
		negotiation_offer: {
			friendly: {
				sms: 'Hi {{firstName}}, {{#shorten}}your bill due {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Our offer: {{offerText}}.',
				body: 'We know unexpected things happen. Your bill due on {{date dueDate "long"}} has been open for {{days daysOverdue}}: {{debtLines}}. Here is our offer: {{offerText}}. Prefer other terms? Just reply.',
			},
			firm: {
				sms: '{{firstName}}, {{#shorten}}your bill due {{date dueDate "dayMonth"}} is open: {{/shorten}}{{debtLines}}. Offer: {{offerText}}.',
				body: 'Your bill due on {{date dueDate "long"}} has been open for {{days daysOverdue}}: {{debtLines}}. To settle it: {{offerText}}. Reply to this message to choose an option.',
			},
			formal: {
				sms: 'Dear {{firstName}}, {{#shorten}}debt due {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Offer: {{offerText}}.',
				body: 'Please be advised that the debt due on {{date dueDate "long"}} has remained unpaid for {{days daysOverdue}}: {{debtLines}}. Terms to settle it: {{offerText}}. We remain available to arrange payment.',
			},
		},
		legal_offer: {
			friendly: {
				sms: 'Hi {{firstName}}, {{#shorten}}your debt due {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Before a credit report: {{offerText}}.',
				body: 'Your bill due on {{date dueDate "long"}} has been open for {{days daysOverdue}}: {{debtLines}}. If it is not resolved, the debt may be reported to credit bureaus. We would rather help you first: {{offerText}}.',
			},
			firm: {
				sms: '{{firstName}}, {{#shorten}}your debt due {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. Avoid a credit report: {{offerText}}.',
				body: 'Your bill due on {{date dueDate "long"}} has been open for {{days daysOverdue}}: {{debtLines}}. If it is not resolved, the debt may be reported to credit bureaus, as permitted by law. To settle it now: {{offerText}}.',
			},
			formal: {
				sms: 'Dear {{firstName}}, {{#shorten}}debt due {{date dueDate "dayMonth"}}: {{/shorten}}{{debtLines}}. To settle: {{offerText}}.',
				body: 'Please be advised that the debt due on {{date dueDate "long"}} has remained unpaid for {{days daysOverdue}}: {{debtLines}}. If it is not resolved, the debt may be reported to credit bureaus, as permitted by applicable law. Terms to settle it: {{offerText}}.',
			},
		},
		settled: {
			friendly: {
				sms: 'Hi {{firstName}}, we received your {{money}} payment. Thank you!',
				body: 'We received your payment of {{money}} for the bill due on {{date dueDate "long"}}. This bill is now paid in full. Thank you!',
			},
			firm: {
				sms: '{{firstName}}, we confirm receipt of your {{money}} payment. Thank you.',
				body: 'We confirm receipt of your payment of {{money}} for the bill due on {{date dueDate "long"}}. The bill is paid in full. Thank you.',
			},
			formal: {
				sms: 'Dear {{customerName}}, we confirm receipt of your {{money}} payment. Thank you.',
				body: 'We confirm receipt of your payment of {{money}} for the bill due on {{date dueDate "long"}}, which is now paid in full. Thank you for your attention.',
			},
		},
		number_confirmation: {
			friendly: {
				sms: "Hi! Is this {{firstName}}'s number? Reply YES to confirm or NO if not. Thanks!",
				body: 'We are updating our records: does this contact belong to {{firstName}}? Reply YES to confirm or NO if it does not.',
			},
			firm: {
				sms: 'Please confirm: does this number belong to {{firstName}}? Reply YES or NO.',
				body: 'We are updating our records. Please confirm: does this contact belong to {{firstName}}? Reply YES or NO.',
			},
			formal: {
				sms: 'Please confirm whether this number belongs to {{firstName}} by replying YES or NO.',
				body: 'We are updating our contact records. Please confirm whether this contact belongs to {{firstName}} by replying YES or NO.',
			},
		},
		early_payment_offer: {
			friendly: {
				sms: 'Hi {{firstName}}, pay your bill by {{date}} and get {{percent discount}} off: {{money discountedAmount}} instead of {{money}}.',
				body: 'Here is a special offer for you: pay your bill by {{date dueDate "long"}} and get {{percent discount}} off, paying {{money discountedAmount}} instead of {{money}}.',
			},
			firm: {
				sms: '{{firstName}}, pay by {{date}} and get {{percent discount}} off: {{money discountedAmount}} instead of {{money}}.',
				body: 'Pay your bill by {{date dueDate "long"}} and get {{percent discount}} off: {{money discountedAmount}} instead of {{money}}. Take advantage of it.',
			},
			formal: {
				sms: 'Dear {{customerName}}, for payment by {{date}} we offer a {{percent discount}} discount: {{money discountedAmount}} instead of {{money}}.',
				body: 'Please be advised that for payment by {{date dueDate "long"}}, a discount of {{percent discount}} will apply, reducing the amount from {{money}} to {{money discountedAmount}}.',
			},
		},
		promise_reminder: {
			friendly: {
				sms: 'Hi {{firstName}}, a reminder: tomorrow, {{date promiseDate "dayMonth"}}, is the day you agreed to pay your {{money}} bill.',
				body: 'A quick reminder: tomorrow, {{date promiseDate "long"}}, is the day you agreed to pay your bill of {{money}}. You can pay with any of the options below.',
			},
			firm: {
				sms: '{{firstName}}, your {{money}} payment is due tomorrow, {{date promiseDate "dayMonth"}}, as you agreed.',
				body: 'This is a reminder that you agreed to pay your bill of {{money}} tomorrow, {{date promiseDate "long"}}. To keep the arrangement, please pay by that date.',
			},
			formal: {
				sms: 'Dear {{customerName}}, this is a reminder that your {{money}} payment is due tomorrow, {{date promiseDate "dayMonth"}}, as agreed.',
				body: 'This is a reminder that the payment of your bill of {{money}} was arranged for tomorrow, {{date promiseDate "long"}}. We kindly ask that you make the payment by that date.',
			},
		},
		reply_promise_to_pay: {
			friendly: {
				sms: 'Thanks, {{firstName}}! We noted your {{money}} payment by {{date promiseDate "dayMonth"}}.',
				body: 'Thank you! We noted that you will pay your bill of {{money}} by {{date promiseDate "long"}}. We will send you a reminder the day before. When you are ready, you can pay with the options below.',
			},
			firm: {
				sms: '{{firstName}}, we recorded your commitment to pay {{money}} by {{date promiseDate "dayMonth"}}.',
				body: 'We recorded your commitment to pay your bill of {{money}} by {{date promiseDate "long"}}. We will send a reminder the day before. To pay, use the options below.',
			},
			formal: {
				sms: 'Dear {{customerName}}, we have recorded your commitment to pay {{money}} by {{date promiseDate "dayMonth"}}.',
				body: 'We have recorded your commitment to pay the bill of {{money}} by {{date promiseDate "long"}}. A reminder will be sent the day before. The payment options follow.',
			},
		},
		reply_already_paid: {
			friendly: {
				sms: 'Thanks, {{firstName}}! To confirm your {{money}} payment, please send your receipt{{#if creditor.support}} to {{creditor.support}}{{else}} by replying{{/if}}.',
				body: 'Thanks for letting us know! To find your payment of {{money}}, please reply to this message with your receipt (a photo or PDF). While we check, we will not send reminders about this bill.',
			},
			firm: {
				sms: '{{firstName}}, thank you. Please send the receipt for your {{money}} payment{{#if creditor.support}} to {{creditor.support}}{{else}} by replying{{/if}}.',
				body: 'Thank you for letting us know. To confirm your payment of {{money}}, please reply to this message with your receipt. While we check, collection of this bill is on hold.',
			},
			formal: {
				sms: 'Dear {{customerName}}, thank you. Please send the receipt for your {{money}} payment{{#if creditor.support}} to {{creditor.support}}{{else}} by replying{{/if}}.',
				body: 'Thank you for your message. To confirm the payment of your bill of {{money}}, we kindly ask you to send your receipt in reply to this message. Collection of this bill is on hold while we review it.',
			},
		},
		reply_already_paid_receipt: {
			friendly: {
				sms: 'Thanks, {{firstName}}! We got your receipt for the {{money}} payment and will check it.',
				body: 'Thank you! We received the receipt for your payment of {{money}}. We will check it, and meanwhile we will not send reminders about this bill.',
			},
			firm: {
				sms: '{{firstName}}, we received the receipt for your {{money}} payment. We will let you know if anything is missing.',
				body: 'We received the receipt for your payment of {{money}}. We will review it and let you know if anything is missing. Collection of this bill is on hold during the review.',
			},
			formal: {
				sms: 'Dear {{customerName}}, we have received the receipt for your {{money}} payment, which will be reviewed.',
				body: 'We confirm receipt of the proof of payment for your bill of {{money}}, which will be reviewed. Should anything be missing, we will contact you. Collection of this bill is on hold during the review.',
			},
		},
		reply_negotiate: {
			friendly: {
				sms: '{{firstName}}, we got your request to work out your {{money}} bill. We will send you the options soon.',
				body: 'We got your request to work out a plan for your bill of {{money}}. Our team will prepare the options (a payment plan or a new date) and contact you soon. If you prefer to pay now, here is how.',
			},
			firm: {
				sms: '{{firstName}}, we received your request to negotiate your {{money}} bill. We will send the terms soon.',
				body: 'We received your request to negotiate your bill of {{money}}. We will send the available terms soon. To pay in full, use the options below.',
			},
			formal: {
				sms: 'Dear {{customerName}}, we have received your request to negotiate your {{money}} bill.',
				body: 'We have received your request to negotiate the bill of {{money}}. The available terms will be sent to you shortly. Should you prefer to pay in full, the payment options follow.',
			},
		},
		reply_payment_info: {
			friendly: {
				sms: 'Hi {{firstName}}, here is how to pay your {{money}} bill again:',
				body: 'Sure! Here are the ways to pay your bill of {{money}}, due on {{date dueDate "long"}}, once more.',
			},
			firm: {
				sms: '{{firstName}}, here is how to pay your {{money}} bill:',
				body: 'Here are the ways to pay your bill of {{money}}, due on {{date dueDate "long"}}.',
			},
			formal: {
				sms: 'Dear {{customerName}}, here are the payment options for your {{money}} bill:',
				body: 'As requested, here are the payment options for your bill of {{money}}, due on {{date dueDate "long"}}.',
			},
		},
		reply_opt_out: {
			friendly: {
				sms: 'Done: you will not get any more messages from us by {{channelName}}.',
				body: 'Got it: you will not get any more messages from us by {{channelName}}. This is our last message here.',
			},
			firm: {
				sms: 'Confirmed: you will receive no more messages from us by {{channelName}}.',
				body: 'We confirm your request: you will receive no more messages from us by {{channelName}}. This is our last message on this channel.',
			},
			formal: {
				sms: 'We confirm your request: we will send no further messages by {{channelName}}.',
				body: 'We confirm receipt of your request: we will send no further messages by {{channelName}}. This is our last communication on this channel.',
			},
		},
		reply_dispute: {
			friendly: {
				sms: '{{firstName}}, we got your dispute of the {{money}} bill. Collection is on hold and a person from our team will contact you.',
				body: 'We got your dispute of the bill of {{money}}. Collection of it is on hold while we look into it, and a person from our team will contact you.',
			},
			firm: {
				sms: '{{firstName}}, we recorded your dispute of the {{money}} bill. Collection is on hold during the review.',
				body: 'We recorded your dispute of the bill of {{money}}. Collection is on hold during the review, and a person from our team will contact you.',
			},
			formal: {
				sms: 'Dear {{customerName}}, we have recorded your dispute of the {{money}} bill. Collection is on hold during the review.',
				body: 'We have recorded your dispute of the bill of {{money}}. Collection remains on hold during the review, and a member of our team will contact you.',
			},
		},
		reply_human: {
			friendly: {
				sms: '{{firstName}}, we got your message. A person from our team will contact you soon about your {{money}} bill.',
				body: 'We got your message. A person from our team will contact you soon about your bill of {{money}}.',
			},
			firm: {
				sms: '{{firstName}}, a person from our team will contact you about your {{money}} bill.',
				body: 'We received your message. A person from our team will contact you about your bill of {{money}}.',
			},
			formal: {
				sms: 'Dear {{customerName}}, a member of our team will contact you about your {{money}} bill.',
				body: 'We have received your message. A member of our team will contact you shortly regarding your bill of {{money}}.',
			},
		},
		reply_wrong_person: {
			friendly: {
				sms: 'Sorry for the mix-up! We will not contact this number again.',
				body: 'Sorry for the mix-up, and thanks for letting us know! We removed this number and will not contact it again.',
			},
			firm: {
				sms: 'Thank you for letting us know. We will not contact this number again.',
				body: 'Thank you for letting us know. We removed this number from our records and will not contact it again.',
			},
			formal: {
				sms: 'We apologize for the error. We will not contact this number again.',
				body: 'We apologize for the error and thank you for letting us know. This number has been removed from our records and will not be contacted again.',
			},
		},
	},
};
