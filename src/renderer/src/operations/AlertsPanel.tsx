import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import { alertChannelWords, alertEventWords } from './alert-words';
import './alerts-panel.css';

/**
 * The relay's recent alerts, newest first: what was raised (and whether it was emailed
 * or texted to the owner), what was resolved, and who acknowledged what, on any console.
 */
export function AlertsPanel({ client }: { client: RingsideClient }) {
  const recent = useApiQuery(client, 'alerts.recent', { limit: 50 });
  return (
    <section className="panel panel--full alerts-panel" aria-labelledby="alerts-panel-title" data-testid="alerts-panel">
      <h2 id="alerts-panel-title">Alerts</h2>
      <p className="muted">
        What the relay has warned about. Open alerts show at the top of every console until someone acknowledges them; the owner gets them by email, and urgent ones by text.
      </p>
      {recent.error ? (
        <p className="error" role="alert">
          {recent.error}
        </p>
      ) : null}
      {recent.data && recent.data.length === 0 ? <p className="empty">No alerts yet.</p> : null}
      {recent.data && recent.data.length > 0 ? (
        <ul className="plain-list alerts-panel__list" data-testid="alerts-panel-list">
          {recent.data.map((row) => {
            const channels = alertChannelWords(row);
            return (
              <li key={row.seq} className={`alerts-panel__item alerts-panel__item--${row.kind}${row.severity === 'critical' && row.kind === 'raised' ? ' is-critical' : ''}`} data-testid="alerts-panel-item">
                <div className="alerts-panel__head">
                  <strong>{alertEventWords(row)}</strong>
                  <time className="muted" dateTime={row.at}>
                    {new Date(row.at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}
                  </time>
                  {channels ? <span className="muted">· {channels}</span> : null}
                </div>
                <p className="alerts-panel__message">{row.message}</p>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
