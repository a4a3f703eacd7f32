import { QueryClient } from '@tanstack/react-query';

/**
 * Answers stay fresh until the core says their kind of data changed (`data.changed`,
 * see use-data-changes.ts). The slow refetch is for what time alone changes: a
 * period that renews at midnight, an invoice that becomes overdue.
 */
export function createConsoleQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        refetchInterval: 5 * 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: false,
      },
    },
  });
}
