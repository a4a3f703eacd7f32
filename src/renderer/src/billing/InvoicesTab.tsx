import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import type { InvoiceCursor, InvoiceRow, InvoiceStatus } from '../../../shared/api/billing';
import { apiQueryKey, useApiQuery } from '../api/use-api-query';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualTable } from '../lists/VirtualTable';
import { invoiceStatusLabels, money, todayIso } from './billing-format';
import { InvoiceDetail } from './InvoiceDetail';
import { dayText, invoiceSubject, issueWords, periodRange, type PeriodChoice } from './invoice-words';
import { LoadError } from './LoadError';
import type { BillingTabProps } from './tab-props';
import './invoices.css';

const PAGE = 100;
const statuses = ['draft', 'ready', 'synced', 'paid', 'void'] as const;
const periods: { id: PeriodChoice; label: string }[] = [
  { id: 'all', label: 'Any time' },
  { id: 'this_month', label: 'This month' },
  { id: 'last_month', label: 'Last month' },
  { id: 'last_90_days', label: 'Last 90 days' },
  { id: 'this_year', label: 'This year' },
];

/**
 * Every invoice as a table a page at a time (only the rows in view are drawn, so the
 * page stays one screen tall however many there are), searched and filtered by the
 * core, with the sums of everything the filters match; a row opens the invoice.
 */
export function InvoicesTab({ client }: BillingTabProps) {
  const ids = useId();
  const [status, setStatus] = useState<InvoiceStatus | 'all'>('all');
  const [overdue, setOverdue] = useState(false);
  const [period, setPeriod] = useState<PeriodChoice>('all');
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed.trim(), 250);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const today = todayIso();
  const range = periodRange(period, today);
  const filter = {
    ...(status === 'all' ? {} : { status }),
    ...(overdue ? { overdue: true } : {}),
    ...(search ? { search } : {}),
    ...(range ? { issuedFrom: range.from, issuedTo: range.to } : {}),
  };
  const first = { ...filter, limit: PAGE };
  const invoices = usePagedList({
    queryKey: apiQueryKey('billing.invoicePage', first),
    pageSize: PAGE,
    read: (after: InvoiceCursor | undefined) => client.invoke('billing.invoicePage', after ? { ...first, after } : first),
    cursorOf: (invoice: InvoiceRow) => ({ issueDate: invoice.issueDate, invoiceKey: invoice.invoiceKey }),
  });
  // The sums of every invoice the filters match (the paged list keeps only rows and count).
  const sums = useApiQuery(client, 'billing.invoicePage', { ...filter, limit: 1 }).data?.totals ?? null;
  const { rows, total } = invoices;
  // The QuickBooks state of the invoices read so far, a page of keys per read.
  const keyPages = useMemo(() => {
    const pages: string[][] = [];
    for (let i = 0; rows !== null && i < rows.length; i += PAGE) pages.push(rows.slice(i, i + PAGE).map((invoice) => invoice.invoiceKey));
    return pages;
  }, [rows]);
  const quickBooks = useQueries({
    queries: keyPages.map((invoiceKeys) => ({
      queryKey: apiQueryKey('quickbooks.invoiceSync', { invoiceKeys }),
      queryFn: () => client.invoke('quickbooks.invoiceSync', { invoiceKeys }),
      placeholderData: keepPreviousData,
    })),
  });
  const syncOf = new Map(quickBooks.flatMap((answer) => answer.data ?? []).map((row) => [row.invoiceKey, row]));
  const opened = rows?.find((invoice) => invoice.invoiceKey === openKey) ?? null;
  const filtered = status !== 'all' || overdue || search !== '' || period !== 'all';

  return (
    <section className="panel panel--full" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      <form className="invoice-filters" role="search" aria-label="Find invoices" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={`${ids}-search`}>
          Search
          <input id={`${ids}-search`} type="search" value={typed} placeholder="Customer or invoice number" onChange={(event) => setTyped(event.target.value)} data-testid="invoice-search" />
        </label>
        <label htmlFor={`${ids}-status`}>
          Status
          <select id={`${ids}-status`} value={status} onChange={(event) => setStatus(event.target.value as InvoiceStatus | 'all')} data-testid="invoice-status-filter">
            <option value="all">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {invoiceStatusLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${ids}-period`}>
          Issued
          <select id={`${ids}-period`} value={period} onChange={(event) => setPeriod(event.target.value as PeriodChoice)} data-testid="invoice-period-filter">
            {periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="invoice-filters__check">
          <input type="checkbox" checked={overdue} onChange={(event) => setOverdue(event.target.checked)} data-testid="invoice-overdue-filter" /> Overdue only
        </label>
      </form>
      <LoadError what="the invoices" error={invoices.error} />
      {rows === null && !invoices.error ? <p className="muted">Loading…</p> : null}
      {total !== null ? (
        <p className="invoice-totals" data-testid="invoices-count" aria-live="polite">
          <strong>{countText(total, 'invoice')}</strong>
          {sums && total > 0 ? (
            <>
              {' · '}
              <span data-testid="invoices-total">{money(sums.totalMinor, sums.currency)} billed</span>
              {' · '}
              <span data-testid="invoices-unpaid">{money(sums.balanceMinor, sums.currency)} unpaid</span>
              {sums.overdue > 0 ? (
                <>
                  {' · '}
                  <span className="invoice-totals__overdue" data-testid="invoices-overdue">
                    {countText(sums.overdue, 'overdue', 'overdue')}
                  </span>
                </>
              ) : null}
            </>
          ) : null}
          {rows && rows.length < total ? <span className="muted"> · showing the first {rows.length.toLocaleString('en-US')}, more as you scroll</span> : null}
        </p>
      ) : null}
      {rows?.length === 0 ? <p className="empty">{filtered ? 'No invoices match these filters.' : 'No invoices yet.'}</p> : null}
      {opened ? <InvoiceDetail client={client} invoice={opened} sync={syncOf.get(opened.invoiceKey) ?? null} today={today} onClose={() => setOpenKey(null)} /> : null}
      {rows && rows.length > 0 ? (
        <VirtualTable
          rows={rows}
          rowKey={(invoice) => invoice.invoiceKey}
          estimateRowHeight={41}
          className="invoice-table"
          testId="invoice-table"
          onNearEnd={invoices.loadMore}
          head={
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Customer</th>
              <th scope="col">For</th>
              <th scope="col">Status</th>
              <th scope="col">Issued</th>
              <th scope="col">Due</th>
              <th scope="col" className="numeric">
                Amount
              </th>
              <th scope="col" className="numeric">
                Unpaid
              </th>
            </tr>
          }
          renderRow={(invoice, props) => {
            const sync = syncOf.get(invoice.invoiceKey) ?? null;
            const open = invoice.invoiceKey === openKey;
            return (
              <tr
                {...props}
                key={invoice.invoiceKey}
                className={`invoice-row invoice-row--${invoice.status}${open ? ' is-open' : ''}${invoice.overdue ? ' is-overdue' : ''}`}
                data-testid="invoice"
                data-invoice-key={invoice.invoiceKey}
              >
                <td>
                  <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpenKey(open ? null : invoice.invoiceKey)} data-testid="invoice-number">
                    #{invoice.number}
                  </button>
                  {sync?.quickbooksId ? (
                    <span className="visually-hidden" data-testid="invoice-quickbooks">
                      QuickBooks #{sync.docNumber ?? invoice.number}
                    </span>
                  ) : null}
                  {sync?.failure ? <span className="badge badge--danger"> QuickBooks refused it</span> : null}
                </td>
                <td>{invoice.customerName ?? <span className="muted">No customer yet</span>}</td>
                <td>{invoiceSubject(invoice)}</td>
                <td>
                  <span className={`badge badge--invoice-${invoice.status}`} data-testid="invoice-status">
                    {invoiceStatusLabels[invoice.status]}
                  </span>
                </td>
                <td data-testid="invoice-issued">{issueWords(invoice, today)}</td>
                <td>
                  {invoice.dueDate ? dayText(invoice.dueDate) : <span className="muted">—</span>}
                  {invoice.overdue ? (
                    <>
                      {' '}
                      <span className="badge badge--danger" data-testid="invoice-overdue">
                        Overdue
                      </span>
                    </>
                  ) : null}
                </td>
                <td className="numeric" data-testid="invoice-total">
                  {money(invoice.totalMinor, invoice.currency)}
                </td>
                <td className="numeric">{invoice.status === 'ready' || invoice.status === 'synced' ? money(invoice.balanceMinor, invoice.currency) : <span className="muted">—</span>}</td>
              </tr>
            );
          }}
        />
      ) : null}
    </section>
  );
}

/** The value once it has stopped changing for `ms` (a search asks once the typing pauses). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
