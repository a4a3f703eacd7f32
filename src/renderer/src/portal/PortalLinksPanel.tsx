import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { PortalLink } from '../../../shared/relay-rest/portal';
import { useApiQuery } from '../api/use-api-query';
import { formatInstant } from '../billing/billing-format';
import { LoadError } from '../billing/LoadError';
import { CreatePortalLinkButton } from './CreatePortalLinkDialog';
import { expiryWords, lastOpenedWords, linkStateWords, type BadgeTone } from './portal-link-words';
import './portal.css';

export const BADGE_CLASS: Record<BadgeTone, string> = { active: 'badge--state-active', muted: 'badge--muted', danger: 'badge--danger', warn: 'badge--warn' };

/**
 * The customer page's "Client portal" (issue 14 §1): the customer's links with who made them
 * and whether they still work, "Create link" (copy it, email it, text it), and Revoke.
 */
export function PortalLinksPanel({ client, customerId, customerName }: { client: RingsideClient; customerId: string; customerName: string }) {
  const queryClient = useQueryClient();
  const view = useApiQuery(client, 'portal.links', { customerId });
  const data = view.data?.customerId === customerId ? view.data : null;
  const refresh = (): void => void queryClient.invalidateQueries({ queryKey: ['portal.links'] });
  return (
    <section className="panel panel--full portal-links no-print" aria-labelledby="portal-links-heading" data-testid="portal-links">
      <div className="portal-links__heading">
        <h2 id="portal-links-heading">Client portal</h2>
        {data ? <CreatePortalLinkButton client={client} view={data} customerName={customerName} onMade={refresh} /> : null}
      </div>
      <p className="hint">A portal link lets {customerName || 'the customer'} open a page of their own with their plan, hours left, wallet, calls and invoices, with no sign-in. Anyone with the link can open it.</p>
      <LoadError what="the portal links" error={view.error} />
      {data?.unavailable ? (
        <p className="warn" role="status" data-testid="portal-unavailable">
          {data.unavailable}
        </p>
      ) : null}
      {data && data.unavailable === null && data.links.length === 0 ? <p className="empty">No portal links yet. Create link makes one to send to the customer.</p> : null}
      {data && data.links.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="portal-links-table">
            <thead>
              <tr>
                <th scope="col">Made</th>
                <th scope="col">By</th>
                <th scope="col">Expires</th>
                <th scope="col">Last opened</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.links.map((link) => (
                <LinkRow key={link.linkId} client={client} link={link} customerName={customerName} onRevoked={refresh} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function LinkRow({ client, link, customerName, onRevoked }: { client: RingsideClient; link: PortalLink; customerName: string; onRevoked(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = linkStateWords(link, formatInstant);

  async function revoke(): Promise<void> {
    if (!window.confirm(`Revoke this portal link? ${customerName || 'The customer'} will see a page saying it no longer works. This cannot be undone; you can make a new link.`)) return;
    setBusy(true);
    setError(null);
    try {
      await client.invoke('portal.revokeLink', { linkId: link.linkId });
      onRevoked();
    } catch (failure) {
      setError(`Not revoked: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid="portal-link-row" data-state={link.state} data-link-id={link.linkId}>
      <td>{formatInstant(link.createdAt)}</td>
      <td>{link.createdBy}</td>
      <td>{expiryWords(link.expiresAt, formatInstant)}</td>
      <td data-testid="portal-link-opened">{lastOpenedWords(link.lastOpenedAt, formatInstant)}</td>
      <td data-testid="portal-link-state">
        <span className={`badge ${BADGE_CLASS[state.tone]}`}>{state.badge}</span>
        {state.detail ? <span className="muted"> {state.detail}</span> : null}
        {error ? (
          <p className="error" role="alert" data-testid="portal-revoke-error">
            {error}
          </p>
        ) : null}
      </td>
      <td className="numeric">
        {link.state === 'active' ? (
          <button type="button" className="button button--danger-outline" disabled={busy} onClick={() => void revoke()} data-testid="portal-revoke">
            {busy ? 'Revoking…' : 'Revoke'}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
