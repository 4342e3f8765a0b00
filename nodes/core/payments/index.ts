/** Money and payment instruments for negotiation: exact minor units, the itemised debt, offers, Pix and boleto. */
export * from './minorUnits';
export * from './rates';
export * from './debt';
export * from './offers';
export * from './pix';
export * from './boleto';
export * from './negotiation';
export * from './acceptance';
