import { useState } from 'react';
import type { AccountCursor, WalletRow } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import { apiQueryKey, useApiQuery } from '../api/use-api-query';
import { formatInstant, money } from './billing-format';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualTable } from '../lists/VirtualTable';
import { LoadError } from './LoadError';
import type { BillingTabProps } from './tab-props';

const entryKindLabels = {
  top_up: 'Top-up',
  grant: 'Grant',
  bonus: 'Bonus',
  usage: 'Call',
  expiry: 'Expired credit',
  adjustment: 'Adjustment',
  reversal: 'Reversal',
} as const;

const PAGE = 200;

/** Prepaid balances with their flags; choosing one shows its ledger. */
export function WalletsTab({ client }: BillingTabProps) {
  const wallets = usePagedList({
    queryKey: apiQueryKey('billing.walletPage', { limit: PAGE }),
    pageSize: PAGE,
    read: (after: AccountCursor | undefined) => client.invoke('billing.walletPage', after ? { limit: PAGE, after } : { limit: PAGE }),
    cursorOf: (row: WalletRow) => ({ customerName: row.customerName, customerId: row.customerId }),
  });
  const { rows, total } = wallets;
  const [selected, setSelected] = useState<WalletRow | null>(null);
  return (
    <>
      <section className="panel panel--full" aria-labelledby="wallets-heading">
        <h2 id="wallets-heading">Wallets</h2>
        <LoadError what="the wallets" error={wallets.error} />
        {rows === null && !wallets.error ? <p className="muted">Loading…</p> : null}
        {rows?.length === 0 ? <p className="empty">No prepaid wallets yet. Top one up under Adjustments &amp; top-ups.</p> : null}
        {total !== null && total > 0 ? (
          <p className="muted" data-testid="wallets-count">
            {countText(total, 'wallet')}
          </p>
        ) : null}
        {rows && rows.length > 0 ? (
          <VirtualTable
            rows={rows}
            rowKey={(wallet) => wallet.customerId}
            testId="wallets-table"
            estimateRowHeight={41}
            onNearEnd={wallets.loadMore}
            head={
              <tr>
                <th scope="col">Customer</th>
                <th scope="col" className="numeric">
                  Balance
                </th>
                <th scope="col">Flags</th>
              </tr>
            }
            renderRow={(wallet, props) => (
                  <tr {...props} data-testid="wallet-row" aria-selected={selected?.customerId === wallet.customerId}>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected(wallet)} aria-label={`Ledger of ${wallet.customerName}`}>
                        {wallet.customerName}
                      </button>
                    </td>
                    <td className={`numeric${wallet.exhausted ? ' error' : ''}`}>{money(wallet.balanceMinor, wallet.currency)}</td>
                    <td>
                      {wallet.exhausted ? <span className="badge badge--danger">Exhausted</span> : null}
                      {!wallet.exhausted && wallet.low ? <span className="badge badge--warn">Low</span> : null}
                    </td>
                  </tr>
            )}
          />
        ) : null}
      </section>
      {selected ? <WalletLedger client={client} wallet={selected} /> : null}
    </>
  );
}

function WalletLedger({ client, wallet }: { client: RingsideClient; wallet: WalletRow }) {
  const ledger = useApiQuery(client, 'billing.walletLedger', { customerId: wallet.customerId });
  return (
    <section className="panel panel--full" aria-labelledby="ledger-heading" data-testid="wallet-ledger">
      <h2 id="ledger-heading">Ledger: {wallet.customerName}</h2>
      <LoadError what="the ledger" error={ledger.error} />
      {ledger.data?.length === 0 ? <p className="empty">No entries.</p> : null}
      {ledger.data && ledger.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Description</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col" className="numeric">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {ledger.data.map((entry) => (
                <tr key={entry.entryId}>
                  <td>{formatInstant(entry.at)}</td>
                  <td>{entryKindLabels[entry.kind]}</td>
                  <td>{entry.description}</td>
                  <td className={`numeric${entry.amountMinor < 0 ? ' debit' : ' credit'}`}>{money(entry.amountMinor, wallet.currency)}</td>
                  <td className="numeric">{money(entry.balanceAfterMinor, wallet.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
