import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput } from '../../shared/events/model';
import type { ImportProgress, ImportReport } from '../../shared/api/contract';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { parseCustomerCsv } from './parse-customer-csv';
import { planCustomerImport } from './plan-customer-import';

export interface CustomerImportResult extends ImportReport {
  /** Events the relay appended now. */
  appended: number;
  /** Events the relay already had (a re-import). */
  duplicates: number;
}

export interface ImportCustomersOptions {
  csv: string;
  relay: { url: string; token: string };
  region: string;
  onProgress?: (progress: ImportProgress) => void;
  clock?: Clock;
  /** Posts in flight at once. */
  concurrency?: number;
}

/**
 * Imports a customers CSV through the relay, so every console converges on it: plans
 * first, then customers, then subscriptions, each group posted with bounded
 * concurrency. Bad rows are reported, good rows imported. A relay error stops the
 * import and throws with the relay's message; re-running it is safe (stable ids).
 */
export async function importCustomers(options: ImportCustomersOptions): Promise<CustomerImportResult> {
  const { rows, errors } = parseCustomerCsv(options.csv, { region: options.region });
  const occurredAt = new Date((options.clock ?? Date.now)()).toISOString();
  const events = planCustomerImport(rows, { occurredAt });
  const total = events.length;
  let done = 0;
  let appended = 0;
  let duplicates = 0;
  options.onProgress?.({ done, total });
  for (const group of ['plan.defined', 'customer.upserted', 'subscription.started'] as const) {
    await forEachBounded(
      events.filter((e) => e.type === group),
      options.concurrency ?? 8,
      async (event: ConsoleEventInput) => {
        const answer = await postConsoleEvent(options.relay.url, options.relay.token, event);
        if (answer.duplicate) duplicates += 1;
        else appended += 1;
        done += 1;
        options.onProgress?.({ done, total });
      },
    );
  }
  return { accepted: rows.length, rejected: errors, appended, duplicates };
}

async function forEachBounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
