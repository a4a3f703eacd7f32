import { useEffect, useState } from 'react';
import type { ChargeRow } from '../../../shared/api/billing';
import { useApiQuery } from '../api/use-api-query';
import { ChargesTable } from './ChargesTable';
import { CorrectCallForm } from './CorrectCallForm';
import { LoadError } from './LoadError';
import type { BillingTabProps } from './tab-props';

const PAGE = 100;

/** Every charge, newest first; older pages on request. */
export function ChargesTab({ client, onOpenCustomer }: BillingTabProps) {
  const newest = useApiQuery(client, 'billing.charges', { limit: PAGE });
  const [older, setOlder] = useState<ChargeRow[]>([]);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [exhausted, setExhausted] = useState(false);

  // A new first page replaces what was paged in; paging restarts from it.
  useEffect(() => {
    setOlder([]);
    setExhausted(false);
  }, [newest.data]);

  const shown = [...(newest.data ?? []), ...older];
  const last = shown.at(-1);

  async function loadOlder(): Promise<void> {
    if (!last) return;
    try {
      const page = await client.invoke('billing.charges', { limit: PAGE, before: { startedAt: last.startedAt, seq: last.seq, chargeId: last.chargeId } });
      setOlder((current) => [...current, ...page]);
      setExhausted(page.length < PAGE);
      setOlderError(null);
    } catch (failure) {
      setOlderError((failure as Error).message);
    }
  }

  return (
    <>
      <section className="panel panel--full" aria-labelledby="charges-heading">
        <h2 id="charges-heading">Charges</h2>
        <LoadError what="the charges" error={newest.error} />
        {newest.data === null && !newest.error ? <p className="muted">Loading…</p> : null}
        {newest.data?.length === 0 ? <p className="empty">No calls have been billed yet.</p> : null}
        {shown.length > 0 ? <ChargesTable charges={shown} onOpenCustomer={onOpenCustomer} /> : null}
        <LoadError what="older charges" error={olderError} />
        {newest.data && newest.data.length === PAGE && !exhausted ? (
          <button type="button" className="button" onClick={() => void loadOlder()}>
            Show older charges
          </button>
        ) : null}
      </section>
      <CorrectCallForm client={client} charges={shown} />
    </>
  );
}
