import type { TextDestination } from '../../shared/api/payments';
import { formatPhone } from '../../shared/phone';
import type { ConsoleDatabase } from '../db/open-console-database';

/** The customer's most recent call or one-to-one text with the business: their number and our line. */
export interface LastContact {
  phone: string;
  line: string;
  atMs: number;
}

export interface DestinationFacts {
  customerName: string;
  phones: readonly string[];
  lastContacts: readonly LastContact[];
  /** Every line the console knows (the provider's directory, lines an admin named), with its name. */
  lines: readonly { number: string; name: string | null }[];
}

/**
 * Where "Send by text" sends a link: to the number the customer last called or texted from,
 * from the line they used, so the text arrives in the thread they know. A customer never in
 * touch is texted at their first number from the business's only line; with several lines
 * and no history the console cannot guess, and says so.
 */
export function textDestination(facts: DestinationFacts): TextDestination {
  const nameOf = (number: string) => facts.lines.find((line) => line.number === number)?.name ?? null;
  const latest = [...facts.lastContacts].filter((contact) => facts.phones.includes(contact.phone)).sort((a, b) => b.atMs - a.atMs)[0];
  if (latest) return { to: latest.phone, from: latest.line, fromName: nameOf(latest.line) };
  const first = facts.phones[0];
  if (first === undefined) return { to: null, reason: `${facts.customerName} has no phone number on file: copy the link or send it by email instead.` };
  if (facts.lines.length === 1) return { to: first, from: facts.lines[0]!.number, fromName: facts.lines[0]!.name };
  if (facts.lines.length === 0) return { to: null, reason: 'This console knows no line to text from yet: copy the link or send it by email instead.' };
  return { to: null, reason: `${facts.customerName} has not called or texted yet, so Ringside does not know which line to text ${formatPhone(first)} from: copy the link instead.` };
}

/** The facts textDestination decides on, read from the projection. */
export function readDestinationFacts(db: ConsoleDatabase, customerId: string, customerName: string): DestinationFacts {
  const phones = (db.sqlite.prepare('SELECT phone_e164 FROM customer_phones WHERE customer_id = ? ORDER BY rowid').all(customerId) as { phone_e164: string }[]).map((row) => row.phone_e164);
  const lastContacts: LastContact[] = [];
  for (const phone of phones) {
    const call = db.sqlite.prepare('SELECT business_e164 AS line, started_at_ms AS atMs FROM calls WHERE external_e164 = ? ORDER BY started_at_ms DESC LIMIT 1').get(phone) as { line: string; atMs: number } | undefined;
    if (call) lastContacts.push({ phone, ...call });
    // One-to-one threads only: a text to a group thread cannot be sent through the relay.
    const text = db.sqlite
      .prepare(
        `SELECT c.business_e164 AS line, c.last_message_at_ms AS atMs FROM conversation_participants p JOIN conversations c ON c.conversation_key = p.conversation_key
          WHERE p.phone_e164 = ? AND (SELECT count(*) FROM conversation_participants q WHERE q.conversation_key = p.conversation_key) = 1
          ORDER BY c.last_message_at_ms DESC LIMIT 1`,
      )
      .get(phone) as { line: string; atMs: number } | undefined;
    if (text) lastContacts.push({ phone, ...text });
  }
  const lines = (db.sqlite.prepare('SELECT number_e164 AS number, coalesce(synced_name, defined_name) AS name FROM business_lines ORDER BY number_e164').all() as { number: string; name: string | null }[]);
  return { customerName, phones, lastContacts, lines };
}
