import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ApiInput, ApiMethod, ApiOutputs, RingsideClient } from '../../../shared/api/contract';

export interface ApiQuery<T> {
  /** The last answer; kept while a newer one loads so lists do not flicker. */
  data: T | null;
  error: string | null;
}

/** The query key of a read: its method first, so a data change finds it by method (use-data-changes.ts). */
export function apiQueryKey<M extends ApiMethod>(method: M, input: ApiInput<M> | null, freshness?: string | number): readonly unknown[] {
  return freshness === undefined ? [method, input] : [method, input, freshness];
}

/**
 * Reads `method` (TanStack Query), again when its input changes or when the core
 * pushes a change of a kind it depends on. `input: null` asks nothing; a change of
 * `freshness` asks again (for reads that follow a pushed status rather than the log).
 */
export function useApiQuery<M extends ApiMethod>(client: RingsideClient, method: M, input: ApiInput<M> | null, freshness?: string | number): ApiQuery<ApiOutputs[M]> {
  const query = useQuery({
    queryKey: apiQueryKey(method, input, freshness),
    queryFn: () => client.invoke(method, input as ApiInput<M>),
    enabled: input !== null,
    placeholderData: keepPreviousData,
  });
  return { data: query.data ?? null, error: query.error ? query.error.message : null };
}
