import type { LinkStatus } from '../../../shared/api/contract';
import { historyNotices, historyTooltip } from './history-notices';
import { formatAge } from './relative-age';

const stateLabels: Record<LinkStatus['state'], string> = {
  connecting: 'Connecting…',
  catching_up: 'Catching up',
  live: 'Live',
  offline: 'Offline',
};

/** The relay link at a glance: live, catching up, or offline and why; and the history's state (history-notices.ts). */
export function ConnectionStatus({ status, now }: { status: LinkStatus | null; now: number }) {
  const state = status?.state ?? 'connecting';
  return (
    <div className={`connection connection--${state}`} role="status" aria-live="polite" data-testid="connection-status" title={historyTooltip(status)}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__state" data-testid="link-state">
        {stateLabels[state]}
      </span>
      {state === 'offline' && status?.reason ? (
        <span className="connection__reason" data-testid="link-reason">
          {status.reason}
        </span>
      ) : null}
      {state === 'catching_up' && status?.headSeq != null ? (
        <span className="connection__detail">
          {status.appliedSeq} of {status.headSeq}
        </span>
      ) : null}
      <span className="connection__detail" data-testid="last-event">
        {status?.lastEventAt ? `last event ${formatAge(status.lastEventAt, now)}` : 'no events yet'}
      </span>
      {historyNotices(status).map((notice) => (
        <span key={notice} className="connection__detail connection__history" data-testid="history-notice">
          {notice}
        </span>
      ))}
    </div>
  );
}
