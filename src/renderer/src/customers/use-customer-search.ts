import { useEffect, useState } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';

const SEARCH_DELAY_MS = 150;

export interface CustomerSearch {
  /** null until the first answer arrives. */
  results: CustomerSummary[] | null;
  error: string | null;
}

/**
 * Customers matching `query`, asked after a pause in typing; a newer query cancels
 * the older one's answer. `enabled: false` clears the results and asks nothing;
 * a change of `refreshKey` asks again (e.g. after an import).
 */
export function useCustomerSearch(
  client: RingsideClient,
  query: string,
  options: { limit: number; enabled?: boolean; refreshKey?: number },
): CustomerSearch {
  const { limit, enabled = true, refreshKey = 0 } = options;
  const [search, setSearch] = useState<CustomerSearch>({ results: null, error: null });

  useEffect(() => {
    if (!enabled) {
      setSearch({ results: null, error: null });
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      client.invoke('customers.search', { query: query.trim(), limit }).then(
        (results) => !cancelled && setSearch({ results, error: null }),
        (failure: Error) => !cancelled && setSearch((current) => ({ ...current, error: failure.message })),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, query, limit, enabled, refreshKey]);

  return search;
}
