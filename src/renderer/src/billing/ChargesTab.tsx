import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChargeCursor, ChargeRow } from '../../../shared/api/billing';
import { apiQueryKey } from '../api/use-api-query';
import { ChargesTable } from './ChargesTable';
import { CorrectCallForm } from './CorrectCallForm';
import { LoadError } from './LoadError';
import type { BillingTabProps } from './tab-props';
import { RoleGate } from '../team/console-identity';

const PAGE = 100;

/**
 * Every charge, newest first, older pages read as the list scrolls. A new charge reads
 * the loaded pages again from the newest: it appears on top, the pages read stay, and
 * the rows in view stay in view (VirtualTable keeps the place when rows come in above).
 */
export function ChargesTab({ client, onOpenCustomer }: BillingTabProps) {
  const charges = useInfiniteQuery({
    queryKey: apiQueryKey('billing.charges', { limit: PAGE }),
    queryFn: ({ pageParam }: { pageParam: ChargeCursor | null }) => client.invoke('billing.charges', pageParam ? { limit: PAGE, before: pageParam } : { limit: PAGE }),
    initialPageParam: null as ChargeCursor | null,
    // The next page starts after the last row's (start, seq, id): charges share starts.
    getNextPageParam: (page: ChargeRow[]): ChargeCursor | null => {
      const last = page.at(-1);
      return page.length === PAGE && last ? { startedAt: last.startedAt, seq: last.seq, chargeId: last.chargeId } : null;
    },
  });
  const shown = charges.data?.pages.flat() ?? null;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = charges;
  const loadOlder = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <>
      <section className="panel panel--full" aria-labelledby="charges-heading">
        <h2 id="charges-heading">Charges</h2>
        <LoadError what="the charges" error={charges.error ? charges.error.message : null} />
        {shown === null && !charges.error ? <p className="muted">Loading…</p> : null}
        {shown?.length === 0 ? <p className="empty">No calls have been billed yet.</p> : null}
        {shown && shown.length > 0 ? <ChargesTable charges={shown} onOpenCustomer={onOpenCustomer} onNearEnd={loadOlder} /> : null}
        {isFetchingNextPage ? <p className="muted">Loading older charges…</p> : null}
      </section>
      <RoleGate capability="correctCalls" doing="correct a call's billing">
        <CorrectCallForm client={client} charges={shown ?? []} />
      </RoleGate>
    </>
  );
}
