import { z } from 'zod';
import { callbackOutcomes, callDispositions } from '../events/model';

/**
 * The team's work in the renderer API (issue 10; merged into apiInputSchemas in
 * contract.ts): the shared callback queue, notes and dispositions on calls, and
 * customers edited by hand. Writes become console events, so every console shows them.
 */

const callId = z.string().min(1).max(200);
const customerId = z.string().min(1).max(200);

export const teamWorkApiInputSchemas = {
  // Callers missed in the last CALLBACK_RECENT_DAYS days, unless older ones are asked for too.
  'callbacks.queue': z.object({ limit: z.number().int().min(1).max(500), includeOlder: z.boolean().optional() }).strict(),
  'callbacks.claim': z.object({ callId }).strict(),
  'callbacks.release': z.object({ callId }).strict(),
  'callbacks.complete': z.object({ callId, outcome: z.enum(callbackOutcomes), note: z.string().max(2000) }).strict(),
  'callNotes.forCall': z.object({ callId }).strict(),
  'callNotes.add': z.object({ callId, text: z.string().trim().min(1, 'write a note first').max(5000) }).strict(),
  'callNotes.setDisposition': z.object({ callId, disposition: z.enum(callDispositions) }).strict(),
  'customers.detail': z.object({ customerId }).strict(),
  // Phones as typed: the core reads them in the console's region and says which one it cannot.
  'customers.save': z
    .object({
      customerId: customerId.optional(),
      name: z.string().max(300),
      company: z.string().max(300),
      phones: z.array(z.string().max(100)).max(20),
      emails: z.array(z.string().max(300)).max(20),
      // Issue 12: optional so a caller card built before it still saves; the core checks the lengths in words.
      address: z.string().max(2000).optional(),
      notes: z.string().max(10_000).optional(),
    })
    .strict(),
  'customers.remove': z.object({ customerId }).strict(),
  'customers.merge': z.object({ fromCustomerId: customerId, intoCustomerId: customerId }).strict(),
  // Issue 12: names, emails and addresses found in the customer's own texts and calls.
  'customers.suggestions': z.object({ customerId }).strict(),
  'customers.acceptSuggestion': z.object({ customerId, suggestionKey: z.string().min(1).max(500) }).strict(),
  'customers.dismissSuggestion': z.object({ customerId, suggestionKey: z.string().min(1).max(500) }).strict(),
} as const;

export type CallbackOutcome = (typeof callbackOutcomes)[number];
export type CallDisposition = (typeof callDispositions)[number];

/** One caller waiting for a call back, with every missed call of theirs since. */
export interface CallbackQueueEntry {
  entryId: string;
  /** The newest missed call: what a claim or an outcome names. */
  callId: string;
  number: string;
  businessNumber: string;
  customer: { id: string; name: string } | null;
  missedCount: number;
  firstMissedAt: string;
  lastMissedAt: string;
  hasVoicemail: boolean;
  claimedBy: string | null;
  claimedAt: string | null;
}

/**
 * A caller last missed more than this many days ago stays in the queue but is not listed
 * or counted unless asked for: a fixed rule, so every console shows the same list.
 */
export const CALLBACK_RECENT_DAYS = 14;

export interface CallbackQueue {
  entries: CallbackQueueEntry[];
  /** Every open entry listed by this read (recent ones, or all with includeOlder), not only the first `limit`. */
  total: number;
  /** Open entries last missed before the recent window, not counted in total unless asked for. */
  older: number;
}

/** Where a missed call stands in the queue (on its card and detail). */
export interface CallbackStanding {
  state: 'open' | 'closed';
  /** "Dana will call back", "Called back and reached (Dana)". */
  text: string;
  claimedBy: string | null;
  note: string | null;
}

export interface CallNote {
  noteId: string;
  text: string;
  by: string;
  at: string;
}

export interface CallNotesView {
  notes: CallNote[];
  disposition: { value: CallDisposition; by: string; at: string } | null;
  callback: CallbackStanding | null;
}

export interface CustomerDetail {
  id: string;
  name: string;
  company: string | null;
  phones: string[];
  /** The main address first. */
  emails: string[];
  quickbooksId: string | null;
  /** Issue 12: null when none was written. */
  address: string | null;
  notes: string;
}

export type SuggestionField = 'name' | 'email' | 'address' | 'phone';

/** A change to a customer's record proposed from their own words (src/main/customers/enrichment). */
export interface CustomerSuggestion {
  /** Stable across consoles and runs (field and normalized value): what a dismissal names. */
  key: string;
  field: SuggestionField;
  value: string;
  /** The words it came from, in the newest text or call that says it. */
  quote: string;
  sourceKind: 'message' | 'transcript' | 'voicemail';
  sourceId: string;
  at: string;
  /** How many of the customer's texts and calls say it. */
  seen: number;
}

export interface TeamWorkApiOutputs {
  'callbacks.queue': CallbackQueue;
  'callbacks.claim': null;
  'callbacks.release': null;
  'callbacks.complete': null;
  'callNotes.forCall': CallNotesView;
  'callNotes.add': null;
  'callNotes.setDisposition': null;
  'customers.detail': CustomerDetail | null;
  'customers.save': { customerId: string };
  'customers.remove': null;
  'customers.merge': null;
  'customers.suggestions': CustomerSuggestion[];
  /** The customer saved with the suggestion applied. */
  'customers.acceptSuggestion': { customerId: string };
  'customers.dismissSuggestion': null;
}

export const callDispositionLabels: Record<CallDisposition, string> = {
  resolved: 'Resolved',
  follow_up: 'Needs follow-up',
  escalated: 'Escalated',
  billing_question: 'Billing question',
  sales: 'Sales',
  wrong_number: 'Wrong number',
  spam: 'Spam',
  other: 'Other',
};

export const callbackOutcomeLabels: Record<CallbackOutcome, string> = {
  reached: 'Reached them',
  left_voicemail: 'Left a voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
  not_needed: 'No call back needed',
};
