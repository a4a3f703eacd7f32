import { useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { QuickBooksSyncStatus } from '../../../shared/api/quickbooks';

/** The QuickBooks status: read once (and again when `version` changes), then every push. */
export function useQuickBooksStatus(client: RingsideClient, version = 0): { status: QuickBooksSyncStatus | null; error: string | null } {
  const [status, setStatus] = useState<QuickBooksSyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => client.on('quickbooks.statusChanged', (next) => setStatus(next)), [client]);
  useEffect(() => {
    let cancelled = false;
    client.invoke('quickbooks.status', {}).then(
      (next) => {
        if (!cancelled) {
          setStatus(next);
          setError(null);
        }
      },
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [client, version]);
  return { status, error };
}

/** Whether this console can create QuickBooks customers: its sync runs here (the bookkeeper console). */
export function useCanCreateQuickBooksCustomers(client: RingsideClient): boolean {
  const { status } = useQuickBooksStatus(client);
  return status !== null && status.state !== 'not_bookkeeper' && status.state !== 'stopped' && !status.syncingElsewhere;
}
