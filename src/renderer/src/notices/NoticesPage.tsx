import { useCallback, useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { NoticeSetup } from '../../../shared/relay-rest/notices';
import { useApiQuery } from '../api/use-api-query';
import { roleName, useConsoleIdentity } from '../team/console-identity';
import { FailedNoticesPanel } from './FailedNoticesPanel';
import { NoticeSettingsPanel } from './NoticeSettingsPanel';
import { TemplatesPanel } from './TemplatesPanel';
import './notices.css';

/**
 * Automatic notices (issue 14 §2): what the relay sends customers by itself, when, by which
 * ways, and what each says, with what failed. The relay keeps all of it; an admin console
 * edits, the bookkeeper's reads, previews and retries.
 */
export function NoticesPage({ client }: { client: RingsideClient }) {
  const identity = useConsoleIdentity();
  const canEdit = identity === null || identity.role === 'admin';
  const [setup, setSetup] = useState<NoticeSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const catalog = useApiQuery(client, 'billing.catalog', {});
  const lines = useApiQuery(client, 'team.lines', {});
  const load = useCallback(() => {
    client.invoke('notices.setup', {}).then(
      (answer) => {
        setSetup(answer);
        setError(null);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [client]);
  useEffect(load, [load]);
  const currency = catalog.data?.rateCard.currency ?? 'USD';

  return (
    <section className="notices" aria-labelledby="notices-title">
      <h1 id="notices-title">Notices</h1>
      <p className="muted">Invoices, payment reminders, renewal and low balance notices the relay sends customers by itself, even while every console is closed.</p>
      {!canEdit && identity ? (
        <p className="hint read-only-notice" data-testid="notices-read-only">
          Only an admin console can change notices; this is {roleName(identity.role)}, so you can read, preview and retry here.
        </p>
      ) : null}
      {error ? (
        <div className="panel panel--full">
          <p className="error" role="alert" data-testid="notices-error">
            {error}
          </p>
          <button type="button" className="button" onClick={load}>
            Try again
          </button>
        </div>
      ) : null}
      {setup === null ? (
        error ? null : <p className="muted">Reading the relay's notice settings…</p>
      ) : (
        <>
          <NoticeSettingsPanel client={client} setup={setup} currency={currency} lines={lines.data ?? []} canEdit={canEdit} onSaved={setSetup} />
          <FailedNoticesPanel client={client} />
          <TemplatesPanel client={client} setup={setup} currency={currency} canEdit={canEdit} onSaved={setSetup} />
        </>
      )}
    </section>
  );
}
