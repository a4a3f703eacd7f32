import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/min';
import { quoteAround, type Finding } from './found-text';

/**
 * Phone numbers a customer gives ("my cell is (312) 555-0190", "call me on +44 20 7946
 * 0958"), read with libphonenumber-js in the console's region, as E.164. Only valid
 * numbers: an invoice number or a gate code is not one.
 */
export function phonesInText(text: string, region: CountryCode): Finding[] {
  return findPhoneNumbersInText(text, region)
    .filter((found) => found.number.isValid())
    .map((found) => ({ value: found.number.number, quote: quoteAround(text, found.startsAt, found.endsAt) }));
}
