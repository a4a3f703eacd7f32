import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../shared/api/contract';
import type { CustomerDetail, teamWorkApiInputSchemas } from '../../shared/api/team-work';
import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput } from '../../shared/events/model';
import { isCountryCode } from '../../shared/phone';
import { billingMergeRefusal } from '../billing/store/billing-projection';
import { callNotesView } from '../call-notes/call-note-reads';
import { checkCustomerForm } from '../../shared/customer-form';
import { withSuggestion } from '../customers/enrichment/accept-suggestion';
import { customerWords, dismissedSuggestions } from '../customers/enrichment/customer-words';
import { suggestCustomerDetails } from '../customers/enrichment/suggest-customer-details';
import type { ConsoleDatabase } from '../db/open-console-database';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { callbackQueue } from './callback-reads';

export type TeamWorkHandlers = Pick<ApiHandlers, keyof typeof teamWorkApiInputSchemas>;

export interface TeamWorkHandlerDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  /** Where to post console events; throws when the console has no device token. */
  relay: () => { url: string; token: string };
  /** This console's name on the team: who claimed, wrote or completed. */
  whoAmI: () => Promise<string>;
  /** The region national-format phone numbers are read in (Settings). */
  region: () => string;
  newId?: () => string;
}

/**
 * The callback queue, call notes and customer edits. Reads come from the projection;
 * writes are console events posted to the relay (which checks the device's role: customer
 * edits and merges are for admin and bookkeeper consoles), so every console shows them.
 */
export function createTeamWorkHandlers(deps: TeamWorkHandlerDeps): TeamWorkHandlers {
  const newId = deps.newId ?? randomUUID;
  const post = async (input: Omit<ConsoleEventInput, 'id' | 'occurredAt'>): Promise<void> => {
    const { url, token } = deps.relay();
    await postConsoleEvent(url, token, { ...input, id: `${input.type}:${newId()}`, occurredAt: new Date(deps.clock()).toISOString() } as ConsoleEventInput);
  };
  return {
    'callbacks.queue': async (input) => callbackQueue(deps.database(), input, new Date(deps.clock())),
    'callbacks.claim': async ({ callId }) => {
      await post({ type: 'callback.claimed', data: { callId, by: await deps.whoAmI() } });
      return null;
    },
    'callbacks.release': async ({ callId }) => {
      await post({ type: 'callback.released', data: { callId, by: await deps.whoAmI() } });
      return null;
    },
    'callbacks.complete': async ({ callId, outcome, note }) => {
      await post({ type: 'callback.completed', data: { callId, outcome, note: note.trim(), by: await deps.whoAmI() } });
      return null;
    },
    'callNotes.forCall': async ({ callId }) => callNotesView(deps.database(), callId),
    'callNotes.add': async ({ callId, text }) => {
      await post({ type: 'call.note_added', data: { noteId: newId(), callId, text, by: await deps.whoAmI() } });
      return null;
    },
    'callNotes.setDisposition': async ({ callId, disposition }) => {
      await post({ type: 'call.disposition_set', data: { callId, disposition, by: await deps.whoAmI() } });
      return null;
    },
    'customers.detail': async ({ customerId }) => customerDetail(deps.database(), customerId),
    'customers.save': async (input) => {
      const region = deps.region();
      const checked = checkCustomerForm(input, isCountryCode(region) ? region : 'US');
      if (!checked.ok) throw new Error(checked.problems.join(' '));
      const existing = input.customerId === undefined ? null : customerDetail(deps.database(), input.customerId);
      if (input.customerId !== undefined && existing === null) throw new Error('This customer is no longer in the customer list (removed or merged on another console).');
      const customerId = input.customerId ?? newId();
      const c = checked.customer;
      await post({
        type: 'customer.upserted',
        data: {
          customerId,
          name: c.name,
          company: c.company,
          email: c.email,
          emails: c.emails,
          phones: c.phones,
          quickbooksId: existing?.quickbooksId ?? null,
          // A form without the fields (an older card) keeps what the customer had.
          address: input.address === undefined ? (existing?.address ?? null) : c.address,
          notes: input.notes === undefined ? (existing?.notes ?? '') : c.notes,
        },
      });
      return { customerId };
    },
    'customers.remove': async ({ customerId }) => {
      await post({ type: 'customer.removed', data: { customerId } });
      return null;
    },
    'customers.merge': async ({ fromCustomerId, intoCustomerId }) => {
      const db = deps.database();
      if (fromCustomerId === intoCustomerId) throw new Error('Pick two different customers to merge.');
      const from = customerDetail(db, fromCustomerId);
      const into = customerDetail(db, intoCustomerId);
      if (!from || !into) throw new Error('One of these customers is no longer in the customer list (removed or merged on another console).');
      const refusal = billingMergeRefusal(db, fromCustomerId, intoCustomerId);
      if (refusal !== null) throw new Error(refusal);
      await post({ type: 'customer.merged', data: { fromCustomerId, intoCustomerId, by: await deps.whoAmI() } });
      return null;
    },
    'customers.suggestions': async ({ customerId }) => customerSuggestions(deps.database(), customerId, deps.region()),
    'customers.acceptSuggestion': async ({ customerId, suggestionKey }) => {
      const db = deps.database();
      const detail = customerDetail(db, customerId);
      if (detail === null) throw new Error('This customer is no longer in the customer list (removed or merged on another console).');
      // Found again from the customer's words, so only what they said can be written.
      const suggestion = customerSuggestions(db, customerId, deps.region()).find((s) => s.key === suggestionKey);
      if (!suggestion) throw new Error('This suggestion is no longer proposed: the record has it already, or someone dismissed it.');
      const record = withSuggestion(detail, suggestion);
      await post({
        type: 'customer.upserted',
        data: { customerId, name: record.name, company: detail.company, email: record.email, emails: record.emails, phones: record.phones, quickbooksId: detail.quickbooksId, address: record.address, notes: detail.notes },
      });
      return { customerId };
    },
    'customers.dismissSuggestion': async ({ customerId, suggestionKey }) => {
      await post({ type: 'customer.suggestion_dismissed', data: { customerId, suggestionKey, by: await deps.whoAmI() } });
      return null;
    },
  };
}

/** What the customer's own words say that their record does not, minus what was dismissed. */
export function customerSuggestions(db: ConsoleDatabase, customerId: string, region: string) {
  const detail = customerDetail(db, customerId);
  if (detail === null) return [];
  // The business's own lines are mentioned in texts too ("call us back on …"): never the customer's.
  const lines = new Set(
    db.sqlite
      .prepare('SELECT number_e164 FROM business_lines UNION SELECT business_e164 FROM calls WHERE external_e164 IN (SELECT phone_e164 FROM customer_phones WHERE customer_id = ?)')
      .pluck()
      .all(customerId) as string[],
  );
  const words = customerWords(db, customerId);
  return suggestCustomerDetails(words, { name: detail.name, emails: detail.emails, address: detail.address, phones: detail.phones }, dismissedSuggestions(db, customerId), isCountryCode(region) ? region : 'US', lines);
}

/** A customer with every number and address, for the edit form. */
export function customerDetail(db: ConsoleDatabase, customerId: string): CustomerDetail | null {
  const row = db.sqlite
    .prepare('SELECT c.customer_id, c.name, c.company, c.email, d.emails_json, d.quickbooks_id, d.address, d.notes FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.customer_id WHERE c.customer_id = ?')
    .get(customerId) as { customer_id: string; name: string; company: string | null; email: string | null; emails_json: string | null; quickbooks_id: string | null; address: string | null; notes: string | null } | undefined;
  if (!row) return null;
  const phones = (db.sqlite.prepare('SELECT phone_e164 FROM customer_phones WHERE customer_id = ? ORDER BY phone_e164').all(customerId) as { phone_e164: string }[]).map((p) => p.phone_e164);
  const more = row.emails_json ? (JSON.parse(row.emails_json) as string[]) : [];
  return { id: row.customer_id, name: row.name, company: row.company, phones, emails: [...(row.email ? [row.email] : []), ...more], quickbooksId: row.quickbooks_id, address: row.address, notes: row.notes ?? '' };
}
