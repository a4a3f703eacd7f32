import type { AccountCursor, SubscriptionRow } from '../../../shared/api/billing';
import { formatDuration } from '../../../shared/units';
import { apiQueryKey } from '../api/use-api-query';
import { formatDay, includedTextsText, subscriptionStateLabels } from './billing-format';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualTable, type VirtualRowProps } from '../lists/VirtualTable';
import { LoadError } from './LoadError';
import { SubscriptionActions } from './SubscriptionActions';
import type { BillingTabProps } from './tab-props';
import { RoleGate } from '../team/console-identity';

const PAGE = 200;

/** Per client: plan, period, time used and left, rollover, next renewal; then start / change / cancel. */
export function SubscriptionsTab({ client, catalog, onOpenCustomer }: BillingTabProps) {
  const subscriptions = usePagedList({
    queryKey: apiQueryKey('billing.subscriptionPage', { limit: PAGE }),
    pageSize: PAGE,
    read: (after: AccountCursor | undefined) => client.invoke('billing.subscriptionPage', after ? { limit: PAGE, after } : { limit: PAGE }),
    cursorOf: (row: SubscriptionRow) => ({ customerName: row.customerName, customerId: row.customerId }),
  });
  const { rows, total } = subscriptions;
  return (
    <>
      <section className="panel panel--full" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">Subscriptions</h2>
        <LoadError what="the subscriptions" error={subscriptions.error} />
        {rows === null && !subscriptions.error ? <p className="muted">Loading…</p> : null}
        {rows?.length === 0 ? <p className="empty">No subscriptions yet. Start one below.</p> : null}
        {total !== null && total > 0 ? (
          <p className="muted" data-testid="subscriptions-count">
            {countText(total, 'subscription')}
          </p>
        ) : null}
        {rows && rows.length > 0 ? (
          <VirtualTable
            rows={rows}
            rowKey={(row) => row.subscriptionId}
            testId="subscriptions-table"
            estimateRowHeight={45}
            onNearEnd={subscriptions.loadMore}
            renderRow={(row, props) => <SubscriptionTableRow {...props} row={row} onOpenCustomer={onOpenCustomer} />}
            head={
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Period</th>
                  <th scope="col">Used / included</th>
                  <th scope="col" className="numeric">
                    Rollover
                  </th>
                  <th scope="col" className="numeric">
                    Remaining
                  </th>
                  <th scope="col">Next renewal</th>
                  <th scope="col">State</th>
                </tr>
            }
          />
        ) : null}
      </section>
      <RoleGate capability="manageSubscriptions" doing="start, change or cancel subscriptions">
        <SubscriptionActions client={client} catalog={catalog.data} subscriptions={rows ?? []} />
      </RoleGate>
    </>
  );
}

function SubscriptionTableRow({ row, onOpenCustomer, ...virtual }: { row: SubscriptionRow; onOpenCustomer(customerId: string, name: string): void } & VirtualRowProps) {
  const available = row.includedSeconds + row.rolloverSeconds;
  return (
    <tr {...virtual} data-testid="subscription-row" data-customer-id={row.customerId} data-subscription-id={row.subscriptionId}>
      <td>
        <button type="button" className="link-button" onClick={() => onOpenCustomer(row.customerId, row.customerName)}>
          {row.customerName}
        </button>
      </td>
      <td>{row.planName}</td>
      <td>
        {formatDay(row.periodStartsOn)} – {formatDay(row.periodEndsOn)}
      </td>
      <td>
        <span className="usage-cell">
          <span>
            {formatDuration(row.usedSeconds)} / {formatDuration(available)}
          </span>
          <meter
            className="usage-meter"
            min={0}
            max={Math.max(available, 1)}
            high={available * 0.8}
            optimum={0}
            value={Math.min(row.usedSeconds, Math.max(available, 1))}
            aria-label={`${row.customerName}: ${formatDuration(row.usedSeconds)} used of ${formatDuration(available)}`}
          />
        </span>
        {row.includedTexts ? (
          <div className="muted" data-testid="subscription-texts">
            {includedTextsText(row.includedTexts)}
          </div>
        ) : null}
      </td>
      <td className="numeric">{row.rolloverSeconds > 0 ? formatDuration(row.rolloverSeconds) : '—'}</td>
      <td className="numeric" data-testid="subscription-remaining">
        {formatDuration(row.remainingSeconds)}
      </td>
      <td>{row.renewal === 'auto' ? formatDay(row.nextRenewalOn) : `Ends ${formatDay(row.periodEndsOn)}`}</td>
      <td>
        <span className={`badge badge--state-${row.state}`}>{subscriptionStateLabels[row.state]}</span>
      </td>
    </tr>
  );
}
