import { useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import './relay-alerts.css';

/** Lines shown before "and N more". */
const SHOWN = 3;

/**
 * What the relay says needs someone's attention (a recording it keeps failing to save,
 * …), under the header on every page until the relay clears it: one line per kind of
 * trouble and caller, three at most, the rest behind "and N more". Acknowledge is for the
 * whole team: it posts alert.acknowledged for every alert shown, and no console shows them
 * again until the relay raises them again.
 */
export function RelayAlertsBanner({ client }: { client: RingsideClient }) {
  const alerts = useApiQuery(client, 'alerts.active', { limit: 100 });
  const [expanded, setExpanded] = useState(false);
  // Hidden at once through what was shown; the acknowledgements come back through the log and hide it for good.
  const [acknowledgedThrough, setAcknowledgedThrough] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const data = alerts.data;
  if (!data || data.totalGroups === 0 || data.latestSeq === null) return null;
  if (acknowledgedThrough !== null && data.latestSeq <= acknowledgedThrough) return null;
  const more = data.totalGroups - SHOWN;
  const shown = expanded ? data.groups : data.groups.slice(0, SHOWN);
  const throughSeq = data.latestSeq;
  const acknowledge = () => {
    setFailure(null);
    setAcknowledgedThrough(throughSeq);
    client.invoke('alerts.acknowledge', { throughSeq }).catch((error: Error) => {
      setAcknowledgedThrough(null);
      setFailure(`Could not acknowledge for the team: ${error.message}`);
    });
  };
  return (
    <section className="relay-alerts" aria-label="Relay alerts" data-testid="relay-alerts">
      {/* Announced once, briefly; the lines themselves are not a live region, so nothing is read out again. */}
      <p role="status" className="visually-hidden">
        {data.totalGroups === 1 ? 'The relay has one problem to look at.' : `The relay has ${data.totalGroups} problems to look at.`}
      </p>
      <div className="relay-alerts__body">
        <ul className={expanded ? 'relay-alerts__list is-expanded' : 'relay-alerts__list'}>
          {shown.map((group) => (
            <li key={group.key} className="relay-alerts__item" data-testid="relay-alert">
              <span aria-hidden="true">⚠</span> {group.text} <span className="relay-alerts__since">since {sinceText(group.since)}</span>
            </li>
          ))}
          {expanded && data.totalGroups > data.groups.length ? <li className="relay-alerts__since">…and {data.totalGroups - data.groups.length} older ones.</li> : null}
          {failure ? (
            <li className="relay-alerts__failure" role="alert" data-testid="relay-alerts-failure">
              {failure}
            </li>
          ) : null}
        </ul>
        <div className="relay-alerts__actions">
          {more > 0 ? (
            <button type="button" className="relay-alerts__more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} data-testid="relay-alerts-more">
              {expanded ? 'Show fewer' : `and ${more} more`}
            </button>
          ) : null}
          <button type="button" className="button" onClick={acknowledge} title="Hides these alerts on every console until they are raised again" data-testid="relay-alerts-acknowledge">
            Acknowledge
          </button>
        </div>
      </div>
    </section>
  );
}

function sinceText(instant: string): string {
  return new Date(instant).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}
