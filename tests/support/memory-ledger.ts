import type { RingsideEvent } from '../../src/shared/events/model';
import { accountViewAt, type AccountView } from '../../src/shared/billing/engine/account-view';
import { applyBillingEvent } from '../../src/shared/billing/engine/apply-billing-event';
import { createBillingBook, type BillingBook } from '../../src/shared/billing/engine/book';
import { emptyEffects, MemoryChargeStore, type BillingEffects } from '../../src/shared/billing/engine/records';

/**
 * Test-only: the engine alone over an in-memory charge store, for the worked cases and
 * the property tests (the console uses the database instead).
 */
export class MemoryLedger {
  readonly charges = new MemoryChargeStore();
  readonly book: BillingBook = createBillingBook(this.charges);
  private seq = 0;

  apply(...events: RingsideEvent[]): BillingEffects {
    const all = emptyEffects();
    for (const event of events) {
      this.seq += 1;
      const effects = applyBillingEvent(this.book, this.seq, event);
      this.charges.record(effects);
      for (const key of Object.keys(all) as (keyof BillingEffects)[]) {
        if (key === 'bookChanged') all.bookChanged ||= effects.bookChanged;
        else (all[key] as unknown[]).push(...(effects[key] as unknown[]));
      }
    }
    return all;
  }

  view(customerId: string, at: string): AccountView {
    const account = this.book.accounts.get(customerId);
    if (!account) return { subscription: null, wallet: null };
    return accountViewAt(this.book.catalog, account, Date.parse(at));
  }
}
