/** Jurisdictions built in (issue 18): holiday calendars, contact windows and required message content per country and state. */
export * from './contactWindows';
export * from './holidays';
export * from './jurisdiction';
export * from './requiredContent';
