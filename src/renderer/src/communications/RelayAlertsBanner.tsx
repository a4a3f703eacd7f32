import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import './relay-alerts.css';

/**
 * What the relay says needs someone's attention (a recording it keeps failing to
 * save, …), under the header on every page until the relay clears it.
 */
export function RelayAlertsBanner({ client }: { client: RingsideClient }) {
  const alerts = useApiQuery(client, 'alerts.active', {});
  const active = alerts.data ?? [];
  if (active.length === 0) return null;
  return (
    <div className="relay-alerts" role="alert" aria-label="Relay alerts" data-testid="relay-alerts">
      <ul>
        {active.map((alert) => (
          <li key={alert.alertId} className="relay-alerts__item" data-testid="relay-alert">
            <span aria-hidden="true">⚠</span> {alert.message}{' '}
            <span className="relay-alerts__since">since {new Date(alert.raisedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
