import { quoteAround, type Finding } from './found-text';

/**
 * Street addresses as people write them in the US, Canada, the UK and Australia: a house
 * number, a capitalized street name and a street type ("12 Oak Street", "150 Elgin St",
 * "10 Downing Street", "22 Smith St"), an optional unit before or after ("Apt 4B", "Unit 5,",
 * "Flat 2,", "Suite 200", "#3"), and an optional locality with its postcode: US state and ZIP
 * ("Springfield, MA 01101"), Canadian province and postal code ("Ottawa, ON K2P 1L4"), UK
 * postcode ("London SW1A 2AA"), Australian state and postcode ("Surry Hills NSW 2010").
 * The street and locality become two lines, as the customer record holds an address.
 */

const STREET_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Terr|Tce|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Crescent|Cres|Close|Grove|Gardens|Square|Sq|Parade|Pde|Esplanade|Row|Mews|Hill|Trail|Trl|Loop|Alley|Walk';
const NAME_WORD = "(?:[A-Z][a-z'’]+|[0-9]{1,3}(?:st|nd|rd|th))";
const UNIT = "(?:(?:Apt|Apartment|Unit|Suite|Ste|Flat|Fl|Floor)\\.?\\s*[0-9A-Z]{1,5}|#\\s?[0-9A-Z]{1,5})";
const DIRECTION = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)';
const STREET = `(?:${UNIT},?\\s+)?[0-9]{1,6}[A-Za-z]?(?:[-–/][0-9]{1,5})?\\s+(?:${DIRECTION}\\.?\\s+)?${NAME_WORD}(?:\\s+${NAME_WORD}){0,3}\\s+(?:${STREET_TYPES})\\b\\.?(?:\\s+${DIRECTION}\\b\\.?)?(?:,?\\s+${UNIT})?`;

const LOCALITY_WORDS = "[A-Z][a-zA-Z'’.-]+(?:\\s+[A-Z][a-zA-Z'’.-]+){0,3}";
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR';
const CA_PROVINCES = 'AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT';
const AU_STATES = 'NSW|VIC|QLD|WA|SA|TAS|ACT|NT';
const LOCALITIES = [
  `${LOCALITY_WORDS},?\\s+(?:${US_STATES})\\.?\\s+[0-9]{5}(?:-[0-9]{4})?`,
  `${LOCALITY_WORDS},?\\s+(?:${CA_PROVINCES})\\.?\\s+[A-Z][0-9][A-Z]\\s?[0-9][A-Z][0-9]`,
  `${LOCALITY_WORDS},?\\s+(?:${AU_STATES})\\s+[0-9]{4}`,
  `${LOCALITY_WORDS},?\\s+[A-Z]{1,2}[0-9][A-Z0-9]?\\s?[0-9][A-Z]{2}`,
];
const LOCALITY = `(?:${LOCALITIES.join('|')})`;

const ADDRESS = new RegExp(`(${STREET})(?:,?\\s+(${LOCALITY}))?`, 'g');

export function streetAddressesInText(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(ADDRESS)) {
    const street = tidy(match[1]!).replace(/\.$/, '');
    const locality = match[2] === undefined ? null : tidy(match[2]);
    found.push({ value: locality === null ? street : `${street}\n${locality}`, quote: quoteAround(text, match.index, match.index + match[0].length) });
  }
  return found;
}

function tidy(part: string): string {
  return part.replace(/\s+/g, ' ').replace(/\s+,/g, ',').trim();
}
