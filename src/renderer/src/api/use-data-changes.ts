import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiMethod, RingsideClient } from '../../../shared/api/contract';
import { readDependsOn } from '../../../shared/api/data-changes';

/**
 * Reads again what the core's applied events changed: on `data.changed`, every
 * query whose method depends on one of the kinds (a ringing call re-reads the
 * history, not the invoices). Queries on screen refetch now, the others when next shown.
 */
export function useDataChanges(client: RingsideClient): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      client.on('data.changed', ({ kinds }) => {
        void queryClient.invalidateQueries({ predicate: (query) => readDependsOn(query.queryKey[0] as ApiMethod, kinds) });
      }),
    [client, queryClient],
  );
}
