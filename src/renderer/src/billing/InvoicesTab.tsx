import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import type { InvoiceCursor, InvoiceRow, InvoiceStatus } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import type { QuickBooksInvoiceSync } from '../../../shared/api/quickbooks';
import { apiQueryKey } from '../api/use-api-query';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { formatDay, invoiceLineText, invoiceStatusLabels, invoiceTitle, money } from './billing-format';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualList } from '../lists/VirtualTable';
import { LoadError } from './LoadError';
import type { BillingTabProps } from './tab-props';

const PAGE = 100;
const filters: { id: InvoiceStatus | 'all'; label: string }[] = [
  { id: 'all', label: 'All' },
  ...(['draft', 'ready', 'synced', 'paid', 'void'] as const).map((status) => ({ id: status, label: invoiceStatusLabels[status] })),
];

/** Invoice drafts and the rest, by status, with their lines; drafts can be marked ready or voided. */
export function InvoicesTab({ client }: BillingTabProps) {
  const [status, setStatus] = useState<InvoiceStatus | 'all'>('all');
  const filter = status === 'all' ? { limit: PAGE } : { status, limit: PAGE };
  const invoices = usePagedList({
    queryKey: apiQueryKey('billing.invoicePage', filter),
    pageSize: PAGE,
    read: (after: InvoiceCursor | undefined) => client.invoke('billing.invoicePage', after ? { ...filter, after } : filter),
    cursorOf: (invoice: InvoiceRow) => ({ issueDate: invoice.issueDate, invoiceKey: invoice.invoiceKey }),
  });
  const { rows, total } = invoices;
  // The sync state of the invoices read so far, a page of keys per read (a read takes at most 1,000).
  const keyPages: string[][] = [];
  for (let i = 0; rows !== null && i < rows.length; i += PAGE) keyPages.push(rows.slice(i, i + PAGE).map((invoice) => invoice.invoiceKey));
  const quickBooks = useQueries({
    queries: keyPages.map((invoiceKeys) => ({
      queryKey: apiQueryKey('quickbooks.invoiceSync', { invoiceKeys }),
      queryFn: () => client.invoke('quickbooks.invoiceSync', { invoiceKeys }),
      placeholderData: keepPreviousData,
    })),
  });
  const syncOf = new Map(quickBooks.flatMap((answer) => answer.data ?? []).map((row) => [row.invoiceKey, row]));
  return (
    <section className="panel panel--full" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      <div className="segmented" role="group" aria-label="Show invoices">
        {filters.map((filter) => (
          <button key={filter.id} type="button" className="button" aria-pressed={status === filter.id} onClick={() => setStatus(filter.id)}>
            {filter.label}
          </button>
        ))}
      </div>
      <LoadError what="the invoices" error={invoices.error} />
      {rows === null && !invoices.error ? <p className="muted">Loading…</p> : null}
      {rows?.length === 0 ? <p className="empty">No invoices{status === 'all' ? '' : ` with status ${invoiceStatusLabels[status].toLowerCase()}`}.</p> : null}
      {total !== null && total > 0 ? (
        <p className="muted" data-testid="invoices-count">
          {countText(total, 'invoice')}
        </p>
      ) : null}
      {rows && rows.length > 0 ? (
        <VirtualList
          items={rows}
          itemKey={(invoice) => invoice.invoiceKey}
          estimateItemHeight={260}
          className="invoice-list"
          onNearEnd={invoices.loadMore}
          renderItem={(invoice) => <InvoiceCard client={client} invoice={invoice} sync={syncOf.get(invoice.invoiceKey) ?? null} />}
        />
      ) : null}
    </section>
  );
}

function InvoiceCard({ client, invoice, sync }: { client: RingsideClient; invoice: InvoiceRow; sync: QuickBooksInvoiceSync | null }) {
  const submit = useSubmit();
  const headingId = `invoice-${invoice.invoiceKey.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const set = (next: 'ready' | 'void') =>
    void submit.run(async () => {
      await client.invoke('billing.setInvoiceStatus', { invoiceKey: invoice.invoiceKey, status: next });
      return next === 'ready' ? 'Marked ready.' : 'Voided.';
    });
  const currency = invoice.currency;
  return (
    <article className={`invoice invoice--${invoice.status}`} aria-labelledby={headingId} data-testid="invoice" data-invoice-key={invoice.invoiceKey}>
      <header className="invoice__header">
        <h3 id={headingId} title={invoice.invoiceKey}>
          {invoice.customerName ?? 'No customer yet'} · {invoiceTitle(invoice)}
        </h3>
        <span className={`badge badge--invoice-${invoice.status}`} data-testid="invoice-status">
          {invoiceStatusLabels[invoice.status]}
        </span>
        <span className="muted">
          Issued {formatDay(invoice.issueDate)}
          {invoice.periodStart ? ` · ${formatDay(invoice.periodStart)} – ${formatDay(invoice.periodEnd)}` : ''}
        </span>
        {sync?.docNumber && sync.quickbooksId ? (
          <span data-testid="invoice-quickbooks">
            QuickBooks #{sync.docNumber}
            {sync.link ? (
              <>
                {' · '}
                <a href={sync.link} target="_blank" rel="noreferrer noopener">
                  Open in QuickBooks
                </a>
              </>
            ) : null}
          </span>
        ) : null}
      </header>
      {sync?.failure ? (
        <p className="error" role="alert" data-testid="invoice-sync-failure">
          QuickBooks refused it{sync.failure.code ? ` (${sync.failure.code})` : ''}: {sync.failure.message}
          {sync.failure.intuitTid ? <span className="muted"> · intuit_tid {sync.failure.intuitTid}</span> : null}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" className="numeric">
                Quantity
              </th>
              <th scope="col" className="numeric">
                Unit price
              </th>
              <th scope="col" className="numeric">
                Amount
              </th>
              <th scope="col" className="numeric">
                Tax
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line, index) => (
              <tr key={index}>
                <td>{invoiceLineText(line.description)}</td>
                <td className="numeric">
                  {line.quantity} {line.unit === 'each' ? '' : line.unit === 'hour' ? 'h' : 'min'}
                </td>
                <td className="numeric">{money(line.unitPriceMinor, currency)}</td>
                <td className="numeric">{money(line.amountMinor, currency)}</td>
                <td className="numeric">
                  {line.taxMinor > 0 ? `${money(line.taxMinor, currency)} (${(line.taxBasisPoints / 100).toFixed(2)} %)` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Subtotal
              </th>
              <td className="numeric">{money(invoice.subtotalMinor, currency)}</td>
              <td />
            </tr>
            <tr>
              <th scope="row" colSpan={3}>
                Tax
              </th>
              <td className="numeric">{money(invoice.taxMinor, currency)}</td>
              <td />
            </tr>
            <tr className="invoice__total">
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="numeric" data-testid="invoice-total">
                {money(invoice.totalMinor, currency)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {sync?.quickbooksId && (invoice.status === 'synced' || invoice.status === 'paid') ? (
        <div className="form__actions invoice__actions">
          <button
            type="button"
            className="button"
            disabled={submit.busy}
            onClick={() =>
              void submit.run(async () => {
                const { sentTo } = await client.invoke('quickbooks.sendInvoice', { invoiceKey: invoice.invoiceKey });
                return `Sent by email to ${sentTo}.`;
              })
            }
          >
            Send by email
          </button>
        </div>
      ) : null}
      {sync?.failure ? (
        <div className="form__actions invoice__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={submit.busy}
            onClick={() =>
              void submit.run(async () => {
                const { retried } = await client.invoke('quickbooks.retryInvoice', { invoiceKey: invoice.invoiceKey });
                return retried ? 'Sending it to QuickBooks again.' : 'It is already being sent again.';
              })
            }
          >
            Fix and retry
          </button>
        </div>
      ) : null}
      {invoice.status === 'draft' || invoice.status === 'ready' ? (
        <div className="form__actions invoice__actions">
          {invoice.status === 'draft' ? (
            <button type="button" className="button button--primary" disabled={submit.busy} onClick={() => set('ready')}>
              Mark ready
            </button>
          ) : null}
          <button type="button" className="button" disabled={submit.busy} onClick={() => set('void')}>
            Void
          </button>
        </div>
      ) : null}
      <SubmitStatus state={submit} testId="invoice-action" />
    </article>
  );
}
