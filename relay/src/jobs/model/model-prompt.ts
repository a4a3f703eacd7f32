import { DateTime } from 'luxon';
import type { ExtractionInput } from '../../../../src/shared/jobs/extraction/extractor';

/**
 * What the model is told: the normal form of every field (the contract's, so its answer can be
 * merged with the offline one), and the words with who said them and when, in the business's
 * local time so "tomorrow" means what the caller meant. Pure.
 */

export const EXTRACTION_INSTRUCTIONS = [
  'You read what a customer said to a trades business (plumbing, HVAC, foundation repair, kitchens, field service) in a phone call, a voicemail or a text thread, and write down the appointments they asked for.',
  'Answer with JSON only, as the schema says. outcome: "appointments" when the customer asked for a visit or a job; "no_appointment" when not (a billing question, a wrong number, a sales call); "dropped_call" when the words stop before anything could be agreed.',
  'One appointment per service address or visit asked for. For each field give value, confidence (0 to 1, how sure you are) and evidence (the exact words it came from), or null when it was not said.',
  'customerName: the caller\'s name as said. phone: the callback number in E.164 (+16175550142); the caller\'s number when none is said. address: number, street, unit, city, state, ZIP as said, parts separated by commas.',
  'preferredTime: the time agreed or asked for, resolved in the business time zone from when the words were said: an ISO 8601 instant with its offset (2026-12-08T10:00:00-06:00), or an interval start/end (morning 08:00–12:00, afternoon 12:00–17:00, evening 17:00–20:00, a day alone 08:00–17:00).',
  'price: a quoted price or the customer\'s budget as "<minor units> <ISO currency>" (four hundred and fifty dollars is "45000 USD"). urgency: emergency, soon or routine, only when the customer says so. description: the customer\'s sentence stating the problem. notes: what the crew must know (gate codes, pets, parking).',
].join('\n');

export function extractionPrompt(input: ExtractionInput): string {
  const zone = input.businessTimeZone;
  const local = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toISO({ suppressMilliseconds: true }) ?? instant;
  const header = [
    `Kind: ${input.subject.kind === 'conversation' ? 'text message thread' : input.subject.kind}`,
    `Business time zone: ${zone}`,
    `Words said at: ${local(input.referenceInstant)} (${DateTime.fromISO(input.referenceInstant, { zone: 'utc' }).setZone(zone).toFormat('cccc')})`,
    `Caller's number: ${input.callerNumber ?? 'withheld'}`,
    `Currency: ${input.currency ?? 'USD'}`,
  ];
  if (input.customer) {
    header.push(`Known customer: ${[input.customer.name, input.customer.phones.join(', '), input.customer.address].filter((part) => part !== null && part !== '').join('; ')}`);
  }
  const lines = input.lines.map((line) => `[${line.speaker} ${local(line.at)}] ${line.text}`);
  return [...header, '', 'Words:', ...lines].join('\n');
}
