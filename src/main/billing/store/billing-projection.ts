import type { RingsideEvent } from '../../../shared/events/model';
import type { ConsoleDatabase } from '../../db/open-console-database';
import { applyBillingEvent } from '../../../shared/billing/engine/apply-billing-event';
import type { BillingBook } from '../../../shared/billing/engine/book';
import { mergeRefusal } from '../../../shared/billing/engine/merge-accounts';
import type { BillingEffects } from '../../../shared/billing/engine/records';
import { billingStatements } from './billing-statements';
import { loadBillingBook } from './load-billing-book';
import { emptyPendingWrites, flushPendingWrites, writeBillingEffects, type PendingWrites } from './write-billing-effects';

/**
 * Billing's part of the projection. The engine's state stays in memory between
 * batches (loaded from the tables on first use), and every event's effects are
 * written in the projection's transaction, beside the applied seq.
 */
const books = new WeakMap<ConsoleDatabase, { book: BillingBook; pending: PendingWrites }>();

function bookOf(db: ConsoleDatabase): { book: BillingBook; pending: PendingWrites } {
  let held = books.get(db);
  if (!held) {
    held = { book: loadBillingBook(db), pending: emptyPendingWrites() };
    books.set(db, held);
  }
  return held;
}

/** Bills one event (call inside the projection's transaction); answers what it did (a merge is billing's to allow). */
export function projectBilling(db: ConsoleDatabase, seq: number, event: RingsideEvent): BillingEffects {
  const { book, pending } = bookOf(db);
  const effects = applyBillingEvent(book, seq, event);
  writeBillingEffects(billingStatements(db), book, seq, effects, pending);
  return effects;
}

/** Why billing would refuse merging these two customers now, in plain words; null: it would not. */
export function billingMergeRefusal(db: ConsoleDatabase, fromCustomerId: string, intoCustomerId: string): string | null {
  const { book } = bookOf(db);
  return mergeRefusal(book.accounts.get(fromCustomerId), book.accounts.get(intoCustomerId));
}

/** Writes the batch's pending account and invoice states and the engine's clock, before the commit. */
export function finishBillingBatch(db: ConsoleDatabase): void {
  const held = books.get(db);
  if (!held) return;
  const statements = billingStatements(db);
  flushPendingWrites(statements, held.book, held.pending);
  statements.writeClock.run({ clock_ms: Number.isFinite(held.book.clockMs) ? held.book.clockMs : null });
}

/** A rolled-back transaction leaves the memory ahead of the tables: reload from them next time. */
export function forgetBillingBook(db: ConsoleDatabase): void {
  books.delete(db);
}
