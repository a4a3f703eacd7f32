import type { QuickBooksImportProgress } from '../../shared/api/quickbooks';
import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { keptDetails } from '../customers/kept-details';
import { customerEvent, isTombstone, readCustomerPhones, type QboCustomer } from './customer-mapping';
import type { QuickBooksApi } from './quickbooks-api';
import { queryLiteral } from './quickbooks-api';
import { forgetCustomer, mirrorCustomer, mirroredCustomer, mirroredPhones } from './sync-store';

/**
 * Customers in (issue 4 §2): a full import by paged queries, and the same handling for
 * every customer CDC or a webhook brings later. Results go to the log as console events, so
 * every console's caller card sees them.
 */

export const IMPORT_PAGE_SIZE = 1_000;
const POSTS_IN_FLIGHT = 8;

export interface CustomerSyncDeps {
  db: ConsoleDatabase;
  api: QuickBooksApi;
  /** Posts a console event through the relay (stable ids: a repeat is a duplicate). */
  post: (event: ConsoleEventInput) => Promise<void>;
  region: () => string;
  clock: Clock;
}

/** Mirrors one customer version and returns the event it calls for (not yet posted). */
export function takeCustomer(deps: CustomerSyncDeps, customer: QboCustomer): ConsoleEventInput | null {
  const known = mirroredCustomer(deps.db, customer.Id);
  const customerId = known?.customer_id ?? customer.Id;
  const wasKnown = known !== undefined && known.active === 1 && mirroredPhones(deps.db, customer.Id).some((p) => p.e164 !== null);
  const occurredAt = new Date(deps.clock()).toISOString();
  if (isTombstone(customer)) {
    forgetCustomer(deps.db, customer.Id);
    return customerEvent(customer, customerId, [], wasKnown, occurredAt);
  }
  const phones = readCustomerPhones(customer, deps.region());
  mirrorCustomer(
    deps.db,
    {
      quickbooks_id: customer.Id,
      customer_id: customerId,
      sync_token: customer.SyncToken ?? '0',
      display_name: customer.DisplayName ?? customer.CompanyName ?? customer.Id,
      email: customer.PrimaryEmailAddr?.Address ?? null,
      active: customer.Active === false ? 0 : 1,
    },
    phones,
  );
  const event = customerEvent(customer, customerId, phones, wasKnown, occurredAt);
  // QuickBooks holds no address or notes of Ringside's: a change there keeps the ones written in Ringside (issue 12).
  return event?.type === 'customer.upserted' ? { ...event, data: { ...event.data, ...keptDetails(deps.db, customerId) } } : event;
}

export async function postAll(events: readonly ConsoleEventInput[], post: (event: ConsoleEventInput) => Promise<void>, onPosted?: () => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next++]!;
      await post(event);
      onPosted?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(POSTS_IN_FLIGHT, events.length) }, worker));
}

/**
 * Every customer, active or not, page by page in Id order (offset paging over a changing set
 * can skip a row: the CDC cursor is set before the first page, so a change during the import
 * comes in with the next CDC run).
 */
export async function importAllCustomers(deps: CustomerSyncDeps, onProgress: (progress: QuickBooksImportProgress) => void): Promise<QuickBooksImportProgress> {
  const counted = await deps.api.query<never>('SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)');
  const progress: QuickBooksImportProgress = { read: 0, total: counted.totalCount ?? 0, posted: 0 };
  onProgress({ ...progress });
  for (let start = 1; ; start += IMPORT_PAGE_SIZE) {
    const page = await deps.api.query<QboCustomer>(`SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${IMPORT_PAGE_SIZE}`);
    const events = page.rows.map((c) => takeCustomer(deps, c)).filter((e): e is ConsoleEventInput => e !== null);
    progress.read += page.rows.length;
    progress.total = Math.max(progress.total, progress.read);
    await postAll(events, deps.post, () => {
      progress.posted += 1;
    });
    onProgress({ ...progress });
    if (page.rows.length < IMPORT_PAGE_SIZE) return progress;
  }
}

/** Finds a customer by its exact DisplayName, inactive ones included (after 6240, spec §12). */
export async function findCustomerByName(api: QuickBooksApi, displayName: string): Promise<QboCustomer | null> {
  const found = await api.query<QboCustomer>(`SELECT * FROM Customer WHERE DisplayName = ${queryLiteral(displayName)} AND Active IN (true, false)`);
  return found.rows[0] ?? null;
}
