import type { ConsoleEventInput } from '../../shared/events/model';
import { isCountryCode, toE164 } from '../../shared/phone';
import type { MirroredPhone } from './sync-store';

/**
 * QuickBooks customers as Ringside facts (spec §5.1, issue 4 §2). Phones are free-form text
 * in QuickBooks and not queryable there, so every phone field is read here, in the console's
 * region, and the results become the caller-ID index through customer.upserted.
 */

/** Fax is left out: a fax machine never calls reception, and its number must not name a caller. */
export const PHONE_FIELDS = ['PrimaryPhone', 'Mobile', 'AlternatePhone'] as const;

export interface QboCustomer {
  Id: string;
  SyncToken?: string;
  /** CDC tombstone of a deleted or merged-away customer. */
  status?: string;
  DisplayName?: string;
  CompanyName?: string;
  Active?: boolean;
  PrimaryEmailAddr?: { Address?: string };
  PrimaryPhone?: { FreeFormNumber?: string };
  Mobile?: { FreeFormNumber?: string };
  AlternatePhone?: { FreeFormNumber?: string };
}

export function readCustomerPhones(customer: QboCustomer, region: string): MirroredPhone[] {
  const phones: MirroredPhone[] = [];
  for (const field of PHONE_FIELDS) {
    const raw = customer[field]?.FreeFormNumber?.trim();
    if (!raw) continue;
    phones.push({ field, raw, e164: toE164(raw, isCountryCode(region) ? region : 'US') });
  }
  return phones;
}

export function isTombstone(customer: QboCustomer): boolean {
  return customer.status === 'Deleted';
}

/** Stable per version of the customer: a re-import of the same version is a duplicate on the relay. */
export function customerUpsertedId(customer: QboCustomer): string {
  return `qbo-customer:${customer.Id}:${customer.SyncToken ?? '0'}`;
}

export function customerRemovedId(customer: QboCustomer): string {
  return `qbo-customer-removed:${customer.Id}:${isTombstone(customer) ? 'deleted' : (customer.SyncToken ?? '0')}`;
}

export interface CustomerFact {
  /** null: nothing to tell the log (a customer Ringside never had and still cannot use). */
  event: ConsoleEventInput | null;
}

/**
 * The event a customer's current version calls for: upserted while active with at least one
 * usable number; removed when deleted, merged away or made inactive, or when its last usable
 * number went (Ringside customers are found by phone, so one without any cannot be kept).
 * `wasKnown`: the log has this customer from an earlier version.
 */
export function customerEvent(customer: QboCustomer, customerId: string, phones: readonly MirroredPhone[], wasKnown: boolean, occurredAt: string): ConsoleEventInput | null {
  const usable = [...new Set(phones.map((p) => p.e164).filter((e): e is string => e !== null))].slice(0, 20);
  const active = !isTombstone(customer) && customer.Active !== false;
  if (!active || usable.length === 0) {
    return wasKnown ? { id: customerRemovedId(customer), occurredAt, type: 'customer.removed', data: { customerId } } : null;
  }
  const email = customer.PrimaryEmailAddr?.Address?.trim();
  return {
    id: customerUpsertedId(customer),
    occurredAt,
    type: 'customer.upserted',
    data: {
      customerId,
      name: (customer.DisplayName ?? customer.CompanyName ?? `QuickBooks customer ${customer.Id}`).slice(0, 300),
      company: customer.CompanyName?.slice(0, 300) ?? null,
      email: email ? email.slice(0, 300) : null,
      phones: usable,
      quickbooksId: customer.Id,
    },
  };
}
