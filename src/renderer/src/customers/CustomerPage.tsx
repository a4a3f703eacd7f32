import { useEffect, useState, type FormEvent } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { planCreditWords } from '../../../shared/billing/plan-credit-words';
import { formatPhone } from '../privacy/shown-phone';
import { formatDuration } from '../../../shared/units';
import { useApiQuery } from '../api/use-api-query';
import { formatDay, formatInstant, money, subscriptionStateLabels, todayIso } from '../billing/billing-format';
import { ChargesTable } from '../billing/ChargesTable';
import { LoadError } from '../billing/LoadError';
import { Field } from '../forms/Field';
import { PaymentLinksPanel } from '../payments/PaymentLinksPanel';
import { TopUpButton } from '../payments/TopUpDialog';
import { NoticesSentPanel } from '../portal/NoticesSentPanel';
import { PortalLinksPanel } from '../portal/PortalLinksPanel';
import { EraseCustomer } from '../privacy/EraseCustomer';
import { ExportCustomerData } from '../privacy/ExportCustomerData';
import { useErasedState } from '../privacy/erased-customer';
import { dateWords } from '../time/time-words';
import { ReadOnlyNotice, useConsoleIdentity, useMay } from '../team/console-identity';
import { CustomerEditor } from './CustomerEditor';
import { CustomerSuggestions } from './CustomerSuggestions';
import { MergeCustomer } from './MergeCustomer';
import { RemoveCustomer } from './RemoveCustomer';

/** Who opened the page: a row of the customers list, or just an id and a name from a billing table. */
export type CustomerRef = { customer: CustomerSummary } | { customerId: string; name: string };

interface CustomerPageProps {
  client: RingsideClient;
  target: CustomerRef;
  onBack(): void;
  /** Another customer's page (after a merge, the one kept). */
  onOpen?(target: CustomerRef): void;
}

/** One customer: contact, plan and time left, wallet, recent charges and a statement for any period. */
export function CustomerPage({ client, target, onBack, onOpen }: CustomerPageProps) {
  const customer = useCustomer(client, target);
  const customerId = 'customer' in target ? target.customer.id : target.customerId;
  const detail = useApiQuery(client, 'customers.detail', { customerId }).data;
  const name = detail?.name ?? customer?.name ?? ('name' in target ? target.name : '');
  const [editing, setEditing] = useState(false);
  const mayEdit = useMay('editCustomers');
  const mayMerge = useMay('mergeCustomers');
  const identity = useConsoleIdentity();
  const mayErase = identity === null || identity.role === 'admin';
  const subscriptions = useApiQuery(client, 'billing.subscriptions', {});
  const wallets = useApiQuery(client, 'billing.wallets', {});
  const charges = useApiQuery(client, 'billing.charges', { customerId, limit: 20 });
  const subscription = subscriptions.data?.find((row) => row.customerId === customerId && row.state !== 'cancelled') ?? subscriptions.data?.find((row) => row.customerId === customerId);
  const wallet = wallets.data?.find((row) => row.customerId === customerId);
  // An erased customer's page only says what is left: nothing on it can be changed or sent.
  const [erasedHere, setErasedHere] = useState<string | null>(null);
  const erasure = useErasedState(client, customerId, detail ?? customer);
  const erased = erasure.erased || erasedHere !== null;
  const erasedAt = erasure.erasedAt ?? erasedHere;

  return (
    <article className="customer-page" aria-labelledby="customer-name" data-testid="customer-page">
      <div className="page-heading no-print">
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← Customers
        </button>
      </div>
      <h1 id="customer-name">{name}</h1>
      {erased ? (
        <p className="notice customer-page__erased" role="status" data-testid="customer-erased">
          This customer’s personal data was erased{erasedAt ? ` on ${dateWords(erasedAt)}` : ''}. What is left is kept for the books and cannot be changed.
        </p>
      ) : (
        <ReadOnlyNotice capability="editCustomers" doing="edit or merge customers" />
      )}
      {editing ? <CustomerEditor client={client} customerId={customerId} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} /> : null}
      <div className="customer-page__facts">
        <section className="panel" aria-labelledby="contact-heading" data-testid="customer-contact">
          <h2 id="contact-heading">Contact</h2>
          <dl className="facts">
            <dt>Company</dt>
            <dd>{(detail ?? customer)?.company ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{detail ? detail.emails.join(', ') || '—' : (customer?.email ?? '—')}</dd>
            <dt>Phones</dt>
            <dd data-testid="customer-phones">{(detail ?? customer)?.phones.length ? (detail ?? customer)!.phones.map(formatPhone).join(', ') : '—'}</dd>
            <dt>Address</dt>
            <dd className="customer-page__address" data-testid="customer-address">
              {detail?.address ?? '—'}
            </dd>
          </dl>
          {detail && detail.notes !== '' ? (
            <div className="customer-page__notes" data-testid="customer-notes">
              <h3>Notes</h3>
              <p>{detail.notes}</p>
            </div>
          ) : null}
          {!editing && (mayEdit || mayMerge) ? (
            <div className="form__actions no-print">
              {mayEdit && !erased ? (
                <button type="button" className="button" onClick={() => setEditing(true)} data-testid="edit-customer">
                  Edit
                </button>
              ) : null}
              {mayEdit ? <RemoveCustomer client={client} customerId={customerId} name={name} onRemoved={onBack} /> : null}
              {mayMerge && !erased ? <MergeCustomer client={client} from={{ id: customerId, name }} onMerged={(into) => (onOpen ? onOpen({ customer: into }) : onBack())} /> : null}
              {/* Unmounted once erased, so the erased person's name in "Saved to …" goes with it. */}
              {mayEdit && !erased ? <ExportCustomerData client={client} customerId={customerId} /> : null}
              {/* Kept mounted while its dialog says the erasure is done; only its button goes. */}
              {mayErase && name !== '' ? <EraseCustomer client={client} customerId={customerId} name={name} trigger={!erased} onErased={() => setErasedHere((at) => at ?? new Date().toISOString())} /> : null}
            </div>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="plan-heading">
          <h2 id="plan-heading">Plan</h2>
          <LoadError what="the subscription" error={subscriptions.error} />
          {subscription ? (
            <dl className="facts">
              <dt>Plan</dt>
              <dd>
                {subscription.planName} <span className={`badge badge--state-${subscription.state}`}>{subscriptionStateLabels[subscription.state]}</span>
              </dd>
              <dt>Period</dt>
              <dd>
                {formatDay(subscription.periodStartsOn)} – {formatDay(subscription.periodEndsOn)}
              </dd>
              <dt>Remaining</dt>
              <dd data-testid="customer-remaining">
                <strong>{formatDuration(subscription.remainingSeconds)}</strong>{' '}
                <span className="muted">
                  of {formatDuration(subscription.includedSeconds + subscription.rolloverSeconds)}
                </span>
              </dd>
              <dt>Next renewal</dt>
              <dd>{subscription.renewal === 'auto' ? formatDay(subscription.nextRenewalOn) : 'Does not renew'}</dd>
            </dl>
          ) : (
            <p className="muted">{customer?.planName ?? 'No subscription: pays per call.'}</p>
          )}
        </section>
        <section className="panel" aria-labelledby="wallet-heading">
          <h2 id="wallet-heading">Wallet</h2>
          <LoadError what="the wallet" error={wallets.error} />
          {wallet ? (
            <p className={wallet.exhausted ? 'error' : wallet.low ? 'warn' : undefined} data-testid="customer-wallet">
              <strong>{money(wallet.balanceMinor, wallet.currency)}</strong>
              {wallet.exhausted ? ' · balance exhausted' : wallet.low ? ' · low balance' : ''}
              {wallet.planCredit ? <span className="muted" data-testid="customer-plan-credit">{` · ${planCreditWords(wallet.planCredit, wallet.currency)}`}</span> : null}
            </p>
          ) : (
            <p className="muted">No prepaid wallet.</p>
          )}
          {erased ? null : (
            <div className="form__actions no-print">
              <TopUpButton client={client} customerId={customerId} />
            </div>
          )}
        </section>
      </div>
      {erased ? null : (
        <>
          <CustomerSuggestions client={client} customerId={customerId} mayEdit={mayEdit} />
          <PaymentLinksPanel client={client} customerId={customerId} />
          <PortalLinksPanel client={client} customerId={customerId} customerName={name} />
        </>
      )}
      <NoticesSentPanel client={client} customerId={customerId} />
      <Statement client={client} customerId={customerId} />
      <section className="panel panel--full no-print" aria-labelledby="recent-charges-heading">
        <h2 id="recent-charges-heading">Recent charges</h2>
        <LoadError what="the charges" error={charges.error} />
        {charges.data?.length === 0 ? <p className="empty">No billed calls yet.</p> : null}
        {charges.data && charges.data.length > 0 ? <ChargesTable charges={charges.data} /> : null}
      </section>
    </article>
  );
}

/** The customer's summary row: given by the list, or found by name and id. */
function useCustomer(client: RingsideClient, target: CustomerRef): CustomerSummary | null {
  const [found, setFound] = useState<CustomerSummary | null>('customer' in target ? target.customer : null);
  const lookupId = 'customer' in target ? null : target.customerId;
  const lookupName = 'customer' in target ? null : target.name;
  useEffect(() => {
    if (lookupId === null || lookupName === null) return;
    let cancelled = false;
    client.invoke('customers.search', { query: lookupName, limit: 50 }).then(
      (customers) => !cancelled && setFound(customers.find((customer) => customer.id === lookupId) ?? null),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [client, lookupId, lookupName]);
  return found;
}

function firstOfMonth(today: string): string {
  return `${today.slice(0, 8)}01`;
}

function Statement({ client, customerId }: { client: RingsideClient; customerId: string }) {
  const today = todayIso();
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const [asked, setAsked] = useState({ from: firstOfMonth(today), to: today });
  const statement = useApiQuery(client, 'billing.statement', { customerId, from: asked.from, to: asked.to });

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setAsked({ from, to });
  }

  const data = statement.data;
  return (
    <section className="panel panel--full statement" aria-labelledby="statement-heading" data-testid="statement">
      <div className="statement__heading">
        <h2 id="statement-heading">
          Statement {formatDay(asked.from)} – {formatDay(asked.to)}
        </h2>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <form className="field-row no-print" onSubmit={onSubmit} aria-label="Statement period">
        <Field label="From">{(control) => <input {...control} type="date" className="input" value={from} max={to} onChange={(event) => setFrom(event.target.value)} />}</Field>
        <Field label="To">{(control) => <input {...control} type="date" className="input" value={to} min={from} onChange={(event) => setTo(event.target.value)} />}</Field>
        <div className="field field--button">
          <button type="submit" className="button button--primary">
            Show statement
          </button>
        </div>
      </form>
      <LoadError what="the statement" error={statement.error} />
      {data && data.lines.length === 0 ? <p className="empty">Nothing in this period.</p> : null}
      {data && data.lines.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="statement-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col" className="numeric">
                  Prepaid time
                </th>
                <th scope="col" className="numeric">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {data.lines.map((line, index) => (
                <tr key={index}>
                  <td>{formatInstant(line.at)}</td>
                  <td>{line.description}</td>
                  <td className="numeric">{line.seconds ? formatDuration(line.seconds) : ''}</td>
                  <td className={`numeric${line.amountMinor < 0 ? ' credit' : ''}`}>{money(line.amountMinor, data.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="statement__total">
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="numeric">{formatDuration(data.lines.reduce((sum, line) => sum + line.seconds, 0))}</td>
                <td className="numeric" data-testid="statement-total">
                  {money(data.totalMinor, data.currency)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </section>
  );
}
