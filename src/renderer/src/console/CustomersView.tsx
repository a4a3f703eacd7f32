import { useEffect, useId, useState, type ChangeEvent } from 'react';
import type { CustomerSummary, ImportProgress, ImportReport, RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { formatDuration } from '../../../shared/units';
import { apiQueryKey } from '../api/use-api-query';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualTable } from '../lists/VirtualTable';
import { CustomerEditor } from '../customers/CustomerEditor';
import { ReadOnlyNotice, useMay } from '../team/console-identity';

// Read as the list scrolls; rows are virtualized, so a long list costs only the rows in view.
const PAGE = 200;
const SEARCH_DELAY_MS = 150;

/** Find customers (a name opens their page), and bring them in from a CSV file. */
export function CustomersView({ client, onOpen }: { client: RingsideClient; onOpen(customer: CustomerSummary): void }) {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [settled, setSettled] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSettled(query.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);
  const customers = usePagedList({
    queryKey: apiQueryKey('customers.page', { query: settled, limit: PAGE }),
    pageSize: PAGE,
    read: (after: { name: string; id: string } | undefined) => client.invoke('customers.page', after ? { query: settled, limit: PAGE, after } : { query: settled, limit: PAGE }),
    cursorOf: (customer: CustomerSummary) => ({ name: customer.name, id: customer.id }),
  });
  const { rows, total } = customers;
  const mayEdit = useMay('editCustomers');
  const [adding, setAdding] = useState(false);

  return (
    <>
      <h1>Customers</h1>
      <ReadOnlyNotice capability="editCustomers" doing="add, edit or import customers" />
      {mayEdit && !adding ? (
        <p>
          <button type="button" className="button button--primary" onClick={() => setAdding(true)} data-testid="add-customer">
            Add customer
          </button>
        </p>
      ) : null}
      {adding ? <CustomerEditor client={client} onSaved={() => setAdding(false)} onCancel={() => setAdding(false)} /> : null}
      {mayEdit ? <CsvImport client={client} /> : null}
      <section aria-labelledby={`${searchId}-heading`} className="panel">
        <h2 id={`${searchId}-heading`}>Find a customer</h2>
        <label htmlFor={searchId}>Name, company, email or phone</label>
        <input
          id={searchId}
          type="search"
          className="input input--wide"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          autoComplete="off"
        />
        {customers.error ? (
          <p className="error" role="alert">
            Search failed: {customers.error}
          </p>
        ) : null}
        {total !== null && total > 0 ? (
          <p className="muted" data-testid="customers-count">
            {settled === '' ? countText(total, 'customer') : `${countText(total, 'customer')} ${total === 1 ? 'matches' : 'match'}`}
          </p>
        ) : null}
        {rows?.length === 0 ? <p className="empty">{settled === '' ? 'No customers yet.' : 'No customers match.'}</p> : null}
        {rows && rows.length > 0 ? <CustomerTable customers={rows} onOpen={onOpen} onNearEnd={customers.loadMore} /> : null}
        {customers.loadingMore ? <p className="muted">Loading more customers…</p> : null}
      </section>
    </>
  );
}

function CustomerTable({ customers, onOpen, onNearEnd }: { customers: CustomerSummary[]; onOpen(customer: CustomerSummary): void; onNearEnd(): void }) {
  return (
    <VirtualTable
      rows={customers}
      rowKey={(customer) => customer.id}
      testId="customers-table"
      estimateRowHeight={41}
      onNearEnd={onNearEnd}
      head={
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Company</th>
            <th scope="col">Phones</th>
            <th scope="col">Plan</th>
            <th scope="col" className="numeric">
              Remaining
            </th>
          </tr>
      }
      renderRow={(customer, props) => (
            <tr {...props}>
              <td>
                <button type="button" className="link-button" onClick={() => onOpen(customer)}>
                  {customer.name}
                </button>
              </td>
              <td>{customer.company ?? ''}</td>
              <td>{customer.phones.map(formatPhone).join(', ')}</td>
              <td>{customer.planName ?? <span className="muted">No plan</span>}</td>
              <td className="numeric">{customer.remainingSeconds === null ? '' : formatDuration(customer.remainingSeconds)}</td>
            </tr>
      )}
    />
  );
}

type ImportState =
  | { kind: 'idle' }
  | { kind: 'running'; fileName: string; progress: ImportProgress | null }
  | { kind: 'done'; fileName: string; report: ImportReport }
  | { kind: 'failed'; fileName: string; error: string };

function CsvImport({ client }: { client: RingsideClient }) {
  const inputId = useId();
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  useEffect(
    () =>
      client.on('import.progress', (progress) =>
        setState((current) => (current.kind === 'running' ? { ...current, progress } : current)),
      ),
    [client],
  );

  async function importFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setState({ kind: 'running', fileName: file.name, progress: null });
    try {
      const report = await client.invoke('customers.importCsv', { csv: await file.text(), fileName: file.name });
      setState({ kind: 'done', fileName: file.name, report });
    } catch (failure) {
      setState({ kind: 'failed', fileName: file.name, error: (failure as Error).message });
    } finally {
      // Choosing the same file again should import it again.
      input.value = '';
    }
  }

  return (
    <section className="panel" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>Import customers</h2>
      <p className="muted">
        A CSV file with a header row. Good rows are imported; rows with problems are listed by line number.
      </p>
      {/* The input stays focusable (keyboard opens the file chooser); its label is what shows. */}
      <input
        id={inputId}
        type="file"
        accept=".csv,text/csv"
        className="file-input"
        disabled={state.kind === 'running'}
        onChange={(event) => void importFile(event)}
      />
      <label htmlFor={inputId} className="button button--primary file-button">
        Import CSV
      </label>
      <ImportStatus state={state} />
    </section>
  );
}

function ImportStatus({ state }: { state: ImportState }) {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'running':
      return (
        <div className="import-progress" role="status" data-testid="import-progress">
          <p>Importing {state.fileName}…</p>
          <progress
            max={state.progress?.total || 1}
            value={state.progress?.done ?? 0}
            aria-label={`Importing ${state.fileName}`}
          />
          {state.progress ? (
            <p className="muted">
              {state.progress.done} of {state.progress.total} rows
            </p>
          ) : null}
        </div>
      );
    case 'failed':
      return (
        <p className="error" role="alert" data-testid="import-error">
          Could not import {state.fileName}: {state.error}
        </p>
      );
    case 'done':
      return (
        <div className="import-report" role="status" data-testid="import-report">
          <p data-testid="import-accepted">
            {state.report.accepted} {state.report.accepted === 1 ? 'customer' : 'customers'} imported from {state.fileName}.
          </p>
          {state.report.rejected.length > 0 ? (
            <>
              <p className="error">
                {state.report.rejected.length} {state.report.rejected.length === 1 ? 'row was' : 'rows were'} not imported:
              </p>
              <ul className="import-report__rejected" data-testid="import-rejected">
                {state.report.rejected.map((row) => (
                  <li key={`${row.line}:${row.message}`}>
                    <strong>Line {row.line}:</strong> {row.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      );
  }
}
