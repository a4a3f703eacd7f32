import type { RingsideEvent } from '../../shared/events/model';
import type { BillingEffects } from '../../shared/billing/engine/records';
import { projectCallNotes } from '../call-notes/call-notes-projection';
import { projectCustomerDetails } from '../customers/customer-details-projection';
import type { ConsoleDatabase } from '../db/open-console-database';
import { projectCallbacks } from './callback-projection';

/**
 * The team's work (issue 10) in the projection: the callback queue, call notes and
 * dispositions, customer details and merges. Runs after billing for the same event,
 * whose answer decides whether a merge is made.
 */
export function projectTeamWork(db: ConsoleDatabase, seq: number, event: RingsideEvent, billed: Pick<BillingEffects, 'merges'>): void {
  projectCallbacks(db, seq, event);
  projectCallNotes(db, seq, event);
  projectCustomerDetails(db, seq, event, billed.merges);
}
