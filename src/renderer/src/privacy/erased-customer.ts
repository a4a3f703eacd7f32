import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import { isErasedNumber } from './shown-phone';

/** The name the relay gives an erased customer (relay/src/privacy/erasure-subject.ts). */
export const ERASED_CUSTOMER_NAME = 'Erased customer';

export interface ErasedState {
  erased: boolean;
  /** When it finished, when this console may read the erasures (admins). */
  erasedAt: string | null;
}

/** Whether a customer's record is what an erasure left: its name, or only stand-in numbers. */
export function looksErased(customer: { name: string; phones: readonly string[] } | null | undefined): boolean {
  if (!customer) return false;
  return customer.name === ERASED_CUSTOMER_NAME || (customer.phones.length > 0 && customer.phones.every(isErasedNumber));
}

/** Whether this customer was erased, and when, from the relay's erasures and the record itself. */
export function useErasedState(client: RingsideClient, customerId: string, customer: { name: string; phones: readonly string[] } | null | undefined): ErasedState {
  const erasures = useApiQuery(client, 'privacy.erasures', {});
  const done = erasures.data?.filter((row) => row.customerId === customerId && row.state === 'done').at(-1) ?? null;
  return { erased: done !== null || looksErased(customer), erasedAt: done?.finishedAt ?? done?.requestedAt ?? null };
}
