import type { RingsideClient } from '../../../shared/api/contract';
import type { PaymentLinkRow, PaymentRow } from '../../../shared/api/payments';
import { formatMoney } from '../../../shared/units';
import { useApiQuery } from '../api/use-api-query';
import { formatInstant } from '../billing/billing-format';
import { LoadError } from '../billing/LoadError';
import './payments.css';

/** The customer page's payment links: each one waiting, paid, or failed with the reason; and payments made outside them. */
export function PaymentLinksPanel({ client, customerId }: { client: RingsideClient; customerId: string }) {
  const payments = useApiQuery(client, 'payments.ofCustomer', { customerId });
  const data = payments.data;
  return (
    <section className="panel panel--full" aria-labelledby="payment-links-heading" data-testid="payment-links">
      <h2 id="payment-links-heading">Payment links</h2>
      <LoadError what="the payment links" error={payments.error} />
      {data && data.links.length === 0 ? <p className="empty">No payment links yet. Top up makes one to send to the customer.</p> : null}
      {data && data.links.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="payment-links-table">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col">State</th>
                <th scope="col">By</th>
                <th scope="col">Link</th>
              </tr>
            </thead>
            <tbody>
              {data.links.map((link) => (
                <tr key={link.linkId} data-testid="payment-link-row" data-state={link.state}>
                  <td>{formatInstant(link.createdAt)}</td>
                  <td className="numeric">{formatMoney({ minor: link.amountMinor, currency: link.currency })}</td>
                  <td data-testid="payment-link-state">
                    <LinkState link={link} />
                  </td>
                  <td>{link.createdBy}</td>
                  <td className="payment-links__url">
                    <span title={link.url}>{link.url}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.otherPayments.length > 0 ? <OtherPayments payments={data.otherPayments} /> : null}
    </section>
  );
}

function LinkState({ link }: { link: PaymentLinkRow }) {
  switch (link.state) {
    case 'paid':
      return (
        <>
          <span className="badge badge--state-active">Paid</span> {formatMoney({ minor: link.paidMinor ?? link.amountMinor, currency: link.currency })} · {formatInstant(link.paidAt!)}
        </>
      );
    case 'failed':
      return (
        <>
          <span className="badge badge--danger">Failed</span> {link.failure}
          <span className="muted"> · the customer can try the same link again</span>
        </>
      );
    case 'waiting':
      return <span className="badge badge--warn">Waiting for payment</span>;
  }
}

function OtherPayments({ payments }: { payments: PaymentRow[] }) {
  return (
    <>
      <h3>Other payments</h3>
      <ul className="payment-links__others" data-testid="other-payments">
        {payments.map((payment) => (
          <li key={`${payment.paymentId}:${payment.outcome}`}>
            {formatInstant(payment.at)} · {payment.currency ? formatMoney({ minor: payment.amountMinor, currency: payment.currency }) : payment.amountMinor}{' '}
            {payment.purpose === 'subscription' ? 'subscription payment' : 'payment'} ·{' '}
            {payment.outcome === 'received' ? <span className="badge badge--state-active">Paid</span> : <span className="badge badge--danger">Failed</span>}
            {payment.reason ? ` ${payment.reason}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
