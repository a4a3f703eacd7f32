import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { apiQueryKey } from '../api/use-api-query';

const SEARCH_DELAY_MS = 150;

export interface CustomerSearch {
  /** null until the first answer arrives. */
  results: CustomerSummary[] | null;
  error: string | null;
}

/**
 * Customers matching `query`, asked after a pause in typing; the answer of an older
 * query never replaces a newer one's. `enabled: false` clears the results and asks
 * nothing. An import or any customer change reads again by itself (`data.changed`).
 */
export function useCustomerSearch(client: RingsideClient, query: string, options: { limit: number; enabled?: boolean }): CustomerSearch {
  const { limit, enabled = true } = options;
  const [settled, setSettled] = useState(query.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSettled(query.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);
  const input = { query: settled, limit };
  const search = useQuery({
    queryKey: apiQueryKey('customers.search', input),
    queryFn: () => client.invoke('customers.search', input),
    // Not asked for an empty query: while typing settles it would list every customer, and a
    // click aimed at one of those could land on another as the real answer moves the list.
    enabled: enabled && settled !== '',
    placeholderData: keepPreviousData,
  });
  if (!enabled) return { results: null, error: null };
  return { results: search.data ?? null, error: search.error ? search.error.message : null };
}
