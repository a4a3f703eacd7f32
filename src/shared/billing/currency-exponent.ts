/**
 * How many minor-unit digits a currency has (ISO 4217), for the currencies Flutterwave
 * collects in and the ones Ringside's customers use. Every currency not listed has 2.
 * The one table both the relay (Flutterwave amounts) and the console read.
 *
 * Ringside's billing engine and the console's money formatting count in cents (2 digits),
 * so for now a currency of another exponent is refused wherever money would enter Ringside
 * (a payment link, a verified payment, the Top up dialog) with `unsupportedCurrencyWords`,
 * rather than charged or credited 100 times off (docs/providers/flutterwave.md §9).
 */

const EXPONENTS: Readonly<Record<string, number>> = {
  // No minor unit.
  UGX: 0,
  RWF: 0,
  XAF: 0,
  XOF: 0,
  GNF: 0,
  JPY: 0,
  KRW: 0,
  CLP: 0,
  VND: 0,
  BIF: 0,
  DJF: 0,
  KMF: 0,
  PYG: 0,
  ISK: 0,
  VUV: 0,
  XPF: 0,
  // Three digits.
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** True when Ringside can bill in it today: the currency has cents (2 digits). */
export function billsInCents(currency: string): boolean {
  return currencyExponent(currency) === 2;
}

/** The words shown wherever a currency without cents is refused (the relay, the verifier, the Top up dialog). */
export function unsupportedCurrencyWords(currency: string): string {
  return `Payments in ${currency} are not supported yet: Ringside bills in currencies with cents.`;
}
