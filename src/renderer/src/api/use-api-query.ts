import { useEffect, useState } from 'react';
import type { ApiInput, ApiMethod, ApiOutputs, RingsideClient } from '../../../shared/api/contract';

export interface ApiQuery<T> {
  /** The last answer; kept while a newer one loads so lists do not flicker. */
  data: T | null;
  error: string | null;
}

/**
 * Reads `method` and reads it again when its input or `version` changes (the
 * console's applied seq: a new event may have changed the answer). A newer read
 * wins over an older one still in flight.
 */
export function useApiQuery<M extends ApiMethod>(client: RingsideClient, method: M, input: ApiInput<M> | null, version = 0): ApiQuery<ApiOutputs[M]> {
  const [state, setState] = useState<ApiQuery<ApiOutputs[M]>>({ data: null, error: null });
  const key = input === null ? null : JSON.stringify(input);

  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    client.invoke(method, JSON.parse(key) as ApiInput<M>).then(
      (data) => !cancelled && setState({ data, error: null }),
      (failure: Error) => !cancelled && setState((current) => ({ data: current.data, error: failure.message })),
    );
    return () => {
      cancelled = true;
    };
  }, [client, method, key, version]);

  return state;
}
