import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { allNow, firstNow } from '../db/query-now';
import { customerUpsertedId, readCustomerPhones, type QboCustomer } from './customer-mapping';
import { findCustomerByName } from './customer-sync';
import { keptDetails } from '../customers/kept-details';
import { QuickBooksFault } from './fault-classification';
import type { QuickBooksApi } from './quickbooks-api';
import { mirrorCustomer, quickbooksIdForCustomer } from './sync-store';

/**
 * Ringside customers in QuickBooks: an invoice needs its customer there (created when
 * missing), and an unknown caller can be created from the card. DisplayName is unique in
 * QuickBooks (6240), so a name already there is linked rather than created twice.
 */

export interface CustomerLinkDeps {
  db: ConsoleDatabase;
  api: QuickBooksApi;
  post: (event: ConsoleEventInput) => Promise<void>;
  region: () => string;
  clock: Clock;
}

export class CustomerLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomerLinkError';
  }
}

/** QuickBooks' Id for a Ringside customer, creating (or finding by name) and linking it on first use. */
export async function ensureQuickbooksCustomer(deps: CustomerLinkDeps, customerId: string): Promise<string> {
  const linked = quickbooksIdForCustomer(deps.db, customerId);
  if (linked !== null) return linked;
  const { db } = deps;
  const customer = firstNow(db, db.kysely.selectFrom('customers').select(['customer_id', 'name', 'company', 'email']).where('customer_id', '=', customerId));
  if (!customer) throw new CustomerLinkError(`customer ${customerId} is not in this console's customer list`);
  const phones = allNow(db, db.kysely.selectFrom('customer_phones').select('phone_e164').where('customer_id', '=', customerId).orderBy('phone_e164')).map((r) => r.phone_e164);
  const created = await createOrFind(deps, { displayName: customer.name, company: customer.company, email: customer.email, phones }, `rs-cust-${hashOf(customerId)}`, true);
  link(deps, created, customerId);
  if (phones.length > 0) {
    await deps.post({
      id: customerUpsertedId(created),
      occurredAt: new Date(deps.clock()).toISOString(),
      type: 'customer.upserted',
      // The link changes nothing else: the address and notes written in Ringside stay (issue 12).
      data: { customerId, name: customer.name, company: customer.company, email: customer.email, phones, quickbooksId: created.Id, ...keptDetails(db, customerId) },
    });
  }
  return created.Id;
}

/** "Create from the card": a QuickBooks customer for an unknown caller; its Id becomes the Ringside customer id. */
export async function createCustomerFromCaller(deps: CustomerLinkDeps, input: { name: string; phone: string; email?: string | null; company?: string | null; address?: string | null; notes?: string }): Promise<{ customerId: string; quickbooksId: string }> {
  const created = await createOrFind(
    deps,
    { displayName: input.name, company: input.company ?? null, email: input.email ?? null, phones: [input.phone] },
    `rs-caller-${hashOf(`${input.name}\n${input.phone}`)}`,
    false,
  );
  const customerId = link(deps, created, null);
  const phones = [...new Set([input.phone, ...readCustomerPhones(created, deps.region()).map((p) => p.e164).filter((e): e is string => e !== null)])];
  await deps.post({
    id: customerUpsertedId(created),
    occurredAt: new Date(deps.clock()).toISOString(),
    type: 'customer.upserted',
    data: { customerId, name: created.DisplayName ?? input.name, company: created.CompanyName ?? input.company ?? null, email: created.PrimaryEmailAddr?.Address ?? input.email ?? null, phones, quickbooksId: created.Id, address: input.address?.trim() || null, notes: input.notes?.trim() ?? '' },
  });
  return { customerId, quickbooksId: created.Id };
}

interface NewCustomer {
  displayName: string;
  company: string | null;
  email: string | null;
  phones: string[];
}

async function createOrFind(deps: CustomerLinkDeps, customer: NewCustomer, requestId: string, linkExisting: boolean): Promise<QboCustomer> {
  // QuickBooks refuses ':' tab and newline in names (spec §5.1).
  const displayName = customer.displayName.replace(/[:\t\n\r]+/g, ' ').trim().slice(0, 500);
  const body: Record<string, unknown> = { DisplayName: displayName };
  if (customer.company) body.CompanyName = customer.company.slice(0, 100);
  if (customer.email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customer.email)) body.PrimaryEmailAddr = { Address: customer.email };
  const [primary, mobile, alternate] = customer.phones;
  if (primary) body.PrimaryPhone = { FreeFormNumber: primary };
  if (mobile) body.Mobile = { FreeFormNumber: mobile };
  if (alternate) body.AlternatePhone = { FreeFormNumber: alternate };
  try {
    return (await deps.api.request<{ Customer: QboCustomer }>({ method: 'POST', path: '/customer', requestId, body })).json.Customer;
  } catch (error) {
    if (!(error instanceof QuickBooksFault) || error.info.code !== '6240') {
      if (error instanceof QuickBooksFault && error.info.kind === 'validation') throw new CustomerLinkError(`QuickBooks refused the customer "${displayName}": ${error.message}`);
      throw error;
    }
    if (!linkExisting) throw new CustomerLinkError(`a customer, vendor or employee named "${displayName}" is already in QuickBooks: pick that customer or another name`);
    const existing = await findCustomerByName(deps.api, displayName);
    if (!existing) throw new CustomerLinkError(`the name "${displayName}" is taken in QuickBooks by a vendor or employee: rename the customer in Ringside or QuickBooks`);
    if (existing.Active === false) throw new CustomerLinkError(`the QuickBooks customer "${displayName}" is inactive: make it active in QuickBooks, then retry`);
    return existing;
  }
}

/** Records the link; answers the Ringside customer id (the given one, or QuickBooks' Id). */
function link(deps: CustomerLinkDeps, customer: QboCustomer, customerId: string | null): string {
  const id = customerId ?? customer.Id;
  mirrorCustomer(
    deps.db,
    {
      quickbooks_id: customer.Id,
      customer_id: id,
      sync_token: customer.SyncToken ?? '0',
      display_name: customer.DisplayName ?? customer.Id,
      email: customer.PrimaryEmailAddr?.Address ?? null,
      active: customer.Active === false ? 0 : 1,
    },
    readCustomerPhones(customer, deps.region()),
  );
  return id;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 36);
}
