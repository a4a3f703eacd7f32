import type { RingsideClient } from '../../../shared/api/contract';
import { AlertsPanel } from './AlertsPanel';
import { ImportPanel } from './ImportPanel';
import { MightyCallPanel } from './MightyCallPanel';
import { ReconciliationPanel } from './ReconciliationPanel';
import './operations.css';

/**
 * What the relay does on its own for the business, in one place: bringing in OpenPhone's
 * history, the nightly check that no call or text was missed, the health checks, and the
 * alerts they raise. Each part is its own panel (issue 12).
 */
export function OperationsPage({ client }: { client: RingsideClient }) {
  return (
    <section className="operations" aria-labelledby="operations-title">
      <h1 id="operations-title">Operations</h1>
      <p className="muted">History import, the nightly check for missed calls and texts, health checks and alerts.</p>
      <ImportPanel client={client} />
      <ReconciliationPanel client={client} />
      <MightyCallPanel client={client} />
      <AlertsPanel client={client} />
    </section>
  );
}
