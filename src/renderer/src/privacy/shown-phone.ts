import { formatPhone as formatE164 } from '../../../shared/phone';

/**
 * An erased customer's numbers are replaced by the relay with stand-ins in +999, a country code
 * E.164 keeps unassigned (relay/src/privacy/erasure-subject.ts), so no one can dial them. They
 * are never shown as if they were numbers.
 */
export const ERASED_NUMBER_WORDS = 'Number erased';

export function isErasedNumber(e164: string): boolean {
  return /^\+999\d*$/.test(e164.trim());
}

/** A phone number as the console shows it: international format, or "Number erased". */
export function formatPhone(e164: string): string {
  return isErasedNumber(e164) ? ERASED_NUMBER_WORDS : formatE164(e164);
}
