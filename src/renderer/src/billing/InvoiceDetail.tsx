import type { InvoiceRow } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import type { QuickBooksInvoiceSync } from '../../../shared/api/quickbooks';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { invoiceLineText, invoiceStatusLabels, money } from './billing-format';
import { dayText, invoiceSubject, issueWords } from './invoice-words';
import { useMay } from '../team/console-identity';
import { useQuickBooksStatus } from '../quickbooks/use-quickbooks-status';

/** One invoice opened from the table: its lines, what is paid and owed, its QuickBooks state and what can be done with it. */
export function InvoiceDetail({ client, invoice, sync, today, onClose }: { client: RingsideClient; invoice: InvoiceRow; sync: QuickBooksInvoiceSync | null; today: string; onClose(): void }) {
  const submit = useSubmit();
  // Only the forms this console's role may submit (QuickBooks actions run on the bookkeeper console).
  const maySetStatus = useMay('setInvoiceStatus');
  const maySync = useMay('syncQuickBooks');
  // Emails go through the console holding the sync: elsewhere the button is off and says who that is.
  const syncingElsewhere = useQuickBooksStatus(client).status?.syncingElsewhere ?? null;
  const headingId = `invoice-${invoice.invoiceKey.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const set = (next: 'ready' | 'void') =>
    void submit.run(async () => {
      await client.invoke('billing.setInvoiceStatus', { invoiceKey: invoice.invoiceKey, status: next });
      return next === 'ready' ? 'Marked ready.' : 'Voided.';
    });
  const currency = invoice.currency;
  return (
    <article className={`invoice invoice--${invoice.status} invoice-detail`} aria-labelledby={headingId} data-testid="invoice-detail" data-invoice-key={invoice.invoiceKey}>
      <header className="invoice__header">
        <h3 id={headingId}>
          Invoice #{invoice.number} · {invoice.customerName ?? 'No customer yet'}
        </h3>
        <span className={`badge badge--invoice-${invoice.status}`} data-testid="invoice-detail-status">
          {invoiceStatusLabels[invoice.status]}
        </span>
        {invoice.overdue ? <span className="badge badge--danger">Overdue</span> : null}
        <button type="button" className="button button--quiet invoice-detail__close" onClick={onClose}>
          Close
        </button>
      </header>
      <dl className="invoice-detail__facts">
        <div>
          <dt>For</dt>
          <dd>{invoiceSubject(invoice)}</dd>
        </div>
        <div>
          <dt>{invoice.status === 'draft' && invoice.issueDate > today ? 'Draft' : 'Issued'}</dt>
          <dd data-testid="invoice-detail-issued">{issueWords(invoice, today)}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{invoice.dueDate ? dayText(invoice.dueDate) : invoice.inQuickBooks ? 'not set in QuickBooks' : 'set by QuickBooks once sent'}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd data-testid="invoice-detail-paid">{paidWords(invoice)}</dd>
        </div>
        <div>
          <dt>QuickBooks</dt>
          <dd data-testid="invoice-detail-quickbooks">
            {sync?.failure ? 'Refused — see below' : sync?.quickbooksId ? `In QuickBooks as #${sync.docNumber ?? invoice.number}` : invoice.status === 'draft' ? 'Sent once marked ready' : invoice.status === 'void' ? 'Not sent (void)' : 'Waiting to be sent'}
            {sync?.link ? (
              <>
                {' · '}
                <a href={sync.link} target="_blank" rel="noreferrer noopener">
                  Open in QuickBooks
                </a>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {sync?.totals?.text ? (
        <p className="qb-notice" role="status" data-testid="invoice-total-difference">
          {sync.totals.text}. The customer is billed QuickBooks&rsquo; total; check the tax on it in QuickBooks.
        </p>
      ) : null}
      {sync?.failure ? (
        <p className="error" role="alert" data-testid="invoice-sync-failure">
          QuickBooks refused it: {sync.failure.message}
          {sync.failure.intuitTid ? <span className="muted"> · reference for Intuit support: {sync.failure.intuitTid}</span> : null}
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
      {maySync && sync?.quickbooksId && (invoice.status === 'synced' || invoice.status === 'paid') ? (
        <div className="form__actions invoice__actions">
          <button
            type="button"
            className="button"
            disabled={submit.busy || syncingElsewhere !== null}
            title={syncingElsewhere ?? undefined}
            onClick={() =>
              void submit.run(async () => {
                const { sentTo } = await client.invoke('quickbooks.sendInvoice', { invoiceKey: invoice.invoiceKey });
                return `Sent by email to ${sentTo}.`;
              })
            }
          >
            Send by email
          </button>
          {syncingElsewhere ? (
            <span className="hint" data-testid="invoice-send-elsewhere">
              {syncingElsewhere} Send it by email from there.
            </span>
          ) : null}
        </div>
      ) : null}
      {maySync && sync?.failure ? (
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
      {maySetStatus && (invoice.status === 'draft' || invoice.status === 'ready') ? (
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

/** "$40.00 of $99.00 · $59.00 left", "In full", "Nothing yet". */
function paidWords(invoice: InvoiceRow): string {
  if (invoice.status === 'void') return '—';
  if (invoice.status === 'paid' || (invoice.status !== 'draft' && invoice.balanceMinor === 0)) return 'In full';
  if (invoice.status === 'draft') return 'Not billed yet';
  const paid = invoice.totalMinor - invoice.balanceMinor;
  return paid > 0 ? `${money(paid, invoice.currency)} of ${money(invoice.totalMinor, invoice.currency)} · ${money(invoice.balanceMinor, invoice.currency)} left` : 'Nothing yet';
}
