/** The Twilio credential the Send node tests run with (mocked: no request leaves the process). */
export const TWILIO = {
	dunningTwilioApi: {
		baseUrl: 'https://api.twilio.test',
		accountSid: 'AC0123456789abcdef0123456789abcdef',
		authType: 'authToken',
		authToken: 'super-secret-token-value',
		from: '+15017122661',
		whatsappFrom: '+14155238886',
	},
};
