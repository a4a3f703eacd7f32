import { useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { QuickBooksFailure, QuickBooksImportProgress, QuickBooksNeedsAttention } from '../../../shared/api/quickbooks';
import type { InvoiceRow } from '../../../shared/api/billing';
import { useApiQuery } from '../api/use-api-query';
import { CatchUpProgress } from './CatchUpProgress';
import { CompanyTaxNotices, TotalDifferences } from './CompanyTaxNotices';
import { invoiceSubject } from '../billing/invoice-words';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { connectionLabels, formatInstant, syncStateLabels, syncStateReason } from './quickbooks-format';
import { useQuickBooksStatus } from './use-quickbooks-status';
import { ReadOnlyNotice, useMay } from '../team/console-identity';

const LOG_LIMIT = 100;

/** The QuickBooks sync at a glance: the link, what is queued or stuck and why, and what was sent. */
export function SyncPage({ client }: { client: RingsideClient }) {
  const { status, error } = useQuickBooksStatus(client);
  const [progress, setProgress] = useState<QuickBooksImportProgress | null>(null);
  const actions = useSubmit();
  // The sync's own lists exist on the bookkeeper console only.
  const syncHere = status !== null && status.state !== 'not_bookkeeper' && status.state !== 'stopped';
  // Another console holds the sync: manual actions would only be refused, so they are off and say who syncs.
  const elsewhere = status?.syncingElsewhere ?? null;
  const maySync = useMay('syncQuickBooks');
  // The log and the attention list follow the pushed status as well as the log's events.
  const logFreshness = `${status?.queue.queued ?? 0}/${status?.lastSyncOut ?? ''}`;
  const log = useApiQuery(client, 'quickbooks.log', syncHere ? { limit: LOG_LIMIT } : null, logFreshness);
  const attention = useApiQuery(client, 'quickbooks.needsAttention', syncHere ? {} : null, status?.needsAttention ?? 0);

  useEffect(() => client.on('quickbooks.importProgress', setProgress), [client]);
  const importing = status?.import ?? (progress ? { ...progress, running: true } : null);

  const act = (action: () => Promise<string>) => () => void actions.run(action);
  const connection = status?.connection ?? null;
  const reason = status ? syncStateReason(status.state, status.reason) : null;

  return (
    <>
      <h1>QuickBooks sync</h1>
      {error ? (
        <p className="error" role="alert">
          Could not read the sync status: {error}
        </p>
      ) : null}
      {status === null && !error ? <p className="muted">Loading…</p> : null}
      {status ? (
        <div className="sync-grid">
          <section className="panel" aria-labelledby="sync-connection-heading">
            <h2 id="sync-connection-heading">Connection</h2>
            <dl className="facts">
              <dt>QuickBooks</dt>
              <dd>
                <span className={`badge badge--qb-${connection?.state ?? 'disconnected'}`} data-testid="sync-connection">
                  {connectionLabels[connection?.state ?? 'disconnected']}
                </span>
              </dd>
              <dt>Company</dt>
              <dd data-testid="sync-company">{connection?.companyName ?? '—'}</dd>
              <dt>Realm · environment</dt>
              <dd>
                {connection?.realmId ?? '—'} · {connection?.environment ?? '—'}
              </dd>
              <dt>Sync</dt>
              <dd data-testid="sync-state">
                {syncStateLabels[status.state]}
                {reason ? <span className="muted"> — {reason}</span> : null}
              </dd>
            </dl>
          </section>

          <section className="panel" aria-labelledby="sync-progress-heading">
            <h2 id="sync-progress-heading">Progress</h2>
            <dl className="facts">
              <dt>Last sent to QuickBooks</dt>
              <dd data-testid="sync-last-out">{formatInstant(status.lastSyncOut)}</dd>
              <dt>Last read from QuickBooks</dt>
              <dd data-testid="sync-last-in">{formatInstant(status.lastSyncIn)}</dd>
              <dt>Invoices queued</dt>
              <dd data-testid="sync-queued">{status.queue.queued}</dd>
              <dt>Invoices stopped</dt>
              <dd data-testid="sync-failed">{status.queue.failed}</dd>
              {status.queue.waitingTax ? (
                <>
                  <dt>Invoices waiting for a tax code</dt>
                  <dd data-testid="sync-waiting-tax">{status.queue.waitingTax}</dd>
                </>
              ) : null}
            </dl>
            {elsewhere ? (
              <p className="qb-notice" role="status" data-testid="sync-elsewhere">
                {elsewhere} Import, retries and emails are done there meanwhile.
              </p>
            ) : null}
            {status.waitingForTaxCode ? (
              <p className="qb-notice" role="status" data-testid="sync-waiting-tax-text">
                {status.waitingForTaxCode}.
              </p>
            ) : null}
            <ReadOnlyNotice capability="syncQuickBooks" doing="sync, import and retry invoices" />
            <div className="form__actions" hidden={!maySync}>
              <button type="button" className="button button--primary" disabled={!syncHere || actions.busy} title={elsewhere ?? undefined} onClick={act(async () => {
                await client.invoke('quickbooks.syncNow', {});
                return 'Syncing now.';
              })}>
                Sync now
              </button>
              <button type="button" className="button" disabled={!syncHere || elsewhere !== null || actions.busy} title={elsewhere ?? undefined} onClick={act(async () => {
                const done = await client.invoke('quickbooks.importCustomers', {});
                return `Imported ${done.read} customers from QuickBooks.`;
              })}>
                Import customers
              </button>
              <button type="button" className="button" disabled={!syncHere || elsewhere !== null || actions.busy || status.queue.failed === 0} title={elsewhere ?? undefined} onClick={act(async () => {
                const { retried } = await client.invoke('quickbooks.retryAll', {});
                return `Retrying ${retried} invoice${retried === 1 ? '' : 's'}.`;
              })}>
                Retry all
              </button>
            </div>
            {importing ? (
              <div className="sync-import" data-testid="sync-import">
                <label htmlFor="sync-import-progress">
                  {importing.running ? 'Importing customers' : 'Last import'}: {importing.read} of {importing.total} read, {importing.posted} changed
                </label>
                <progress id="sync-import-progress" max={Math.max(importing.total, 1)} value={Math.min(importing.read, Math.max(importing.total, 1))} />
              </div>
            ) : null}
            <CatchUpProgress catchUp={status.catchUp} />
            <SubmitStatus state={actions} testId="sync-action" />
          </section>
        </div>
      ) : null}

      <CompanyTaxNotices status={status} />
      <TotalDifferences status={status} />
      {status && status.failures.length > 0 ? <Failures client={client} failures={status.failures} /> : null}
      {syncHere ? <NeedsAttentionList items={attention.data} error={attention.error} /> : null}

      {syncHere ? (
        <section className="panel panel--full" aria-labelledby="sync-log-heading">
          <h2 id="sync-log-heading">What was sent and read</h2>
          {log.error ? <p className="error">{log.error}</p> : null}
          {log.data?.length === 0 ? <p className="empty">Nothing yet.</p> : null}
          {log.data && log.data.length > 0 ? (
            <div className="table-wrap">
              <table className="table" data-testid="sync-log">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Way</th>
                    <th scope="col">What</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">QuickBooks id</th>
                    <th scope="col">Detail</th>
                    <th scope="col">Intuit support reference</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.map((entry, index) => (
                    <tr key={`${entry.atMs}-${index}`} data-testid="sync-log-row">
                      <td className="nowrap">{formatInstant(new Date(entry.atMs).toISOString())}</td>
                      <td>{entry.direction === 'out' ? '→ QuickBooks' : '← QuickBooks'}</td>
                      <td>{entry.subject}</td>
                      <td>{entry.outcome}</td>
                      <td>{entry.quickbooksId ?? ''}</td>
                      <td>{entry.detail}</td>
                      <td>
                        <code>{entry.intuitTid ?? ''}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function Failures({ client, failures }: { client: RingsideClient; failures: QuickBooksFailure[] }) {
  // Named as people know them (number, customer, what for), never by the invoice's internal key.
  const invoiceKeys = [...new Set(failures.map((failure) => failure.invoiceKey))].slice(0, 1_000);
  const invoices = useApiQuery(client, 'billing.invoicePage', { invoiceKeys, limit: 1_000 }).data?.rows ?? [];
  const byKey = new Map(invoices.map((invoice) => [invoice.invoiceKey, invoice]));
  return (
    <section className="panel panel--full" aria-labelledby="sync-failures-heading">
      <h2 id="sync-failures-heading">Stopped invoices</h2>
      <p className="hint">QuickBooks refused these. Fix what it says (in Ringside or in QuickBooks), then retry; the others keep going.</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">QuickBooks says</th>
              <th scope="col">intuit_tid</th>
              <th scope="col">Attempts</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {failures.map((failure) => (
              <FailureRow key={`${failure.invoiceKey}:${failure.action}`} client={client} failure={failure} invoice={byKey.get(failure.invoiceKey) ?? null} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FailureRow({ client, failure, invoice }: { client: RingsideClient; failure: QuickBooksFailure; invoice: InvoiceRow | null }) {
  const retry = useSubmit();
  return (
    <tr data-testid="sync-failure" data-invoice-key={failure.invoiceKey}>
      <td>
        {invoice ? (
          <>
            <strong>#{invoice.number}</strong> · {invoice.customerName ?? 'No customer yet'}
            <span className="muted"> · {invoiceSubject(invoice)}</span>
          </>
        ) : (
          'An invoice no longer in Ringside'
        )}
        {failure.action === 'void' ? ' (voiding it)' : ''}
      </td>
      <td>
        {failure.code ? <strong>{failure.code}: </strong> : null}
        {failure.message}
      </td>
      <td>
        <code>{failure.intuitTid ?? ''}</code>
      </td>
      <td>{failure.attempts}</td>
      <td>
        <button
          type="button"
          className="button"
          disabled={retry.busy}
          onClick={() =>
            void retry.run(async () => {
              const { retried } = await client.invoke('quickbooks.retryInvoice', { invoiceKey: failure.invoiceKey });
              return retried ? 'Retrying.' : 'Already retrying.';
            })
          }
        >
          Retry
        </button>
        <SubmitStatus state={retry} testId="sync-retry" />
      </td>
    </tr>
  );
}

const attentionLabels: Record<QuickBooksNeedsAttention['kind'], string> = {
  unparseable: 'Number cannot be read',
  shared: 'Number shared',
  no_phone: 'No phone number',
};

function NeedsAttentionList({ items, error }: { items: QuickBooksNeedsAttention[] | null; error: string | null }) {
  return (
    <section className="panel panel--full" aria-labelledby="sync-attention-heading">
      <h2 id="sync-attention-heading">Needs attention</h2>
      <p className="hint">Customers whose numbers Ringside cannot match to a caller as they are. Fix them in QuickBooks; the next sync picks it up.</p>
      {error ? <p className="error">{error}</p> : null}
      {items?.length === 0 ? <p className="empty">Nothing needs attention.</p> : null}
      {items && items.length > 0 ? (
        <ul className="plain-list" data-testid="sync-attention">
          {items.map((item) => (
            <li key={`${item.kind}:${item.quickbooksId}:${item.field ?? ''}`}>
              <span className="badge badge--warn">{attentionLabels[item.kind]}</span> <strong>{item.customerName}</strong>
              {item.field ? ` · ${item.field}: “${item.raw ?? ''}”` : ''}
              {item.kind === 'shared' ? ` · ${item.phone ?? ''} also on ${item.sharedWith.map((s) => s.customerName).join(', ')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
