import { useId } from 'react';
import type { CallerCard, CallerStatus, RecentCall } from '../../../shared/card';
import { formatPhone } from '../../../shared/phone';
import { formatClock, formatDuration, formatMoney } from '../../../shared/units';

const statusLabels: Record<CallerStatus, string> = {
  subscriber: 'Subscriber',
  non_subscriber: 'Non-subscriber',
  unknown: 'Unknown caller',
};

export interface CallerCardViewProps {
  card: CallerCard;
  /** Local clock (ms), for the running call timer. */
  now: number;
  onPinChange(pinned: boolean): void;
  onDismiss(): void;
}

/** Who is calling and what they have left: the same card in the console and the card window. */
export function CallerCardView({ card, now, onPinChange, onDismiss }: CallerCardViewProps) {
  const nameId = useId();
  const name = card.customer?.name ?? formatPhone(card.number);
  return (
    <article
      className={`caller-card phase-${card.phase} status-${card.status}`}
      data-testid="caller-card"
      data-call-id={card.callId}
      data-phase={card.phase}
      aria-labelledby={nameId}
    >
      <header className="caller-card__header">
        <p className="caller-card__phase" data-testid="card-phase">
          {phaseText(card, now)}
        </p>
        <div className="caller-card__title">
          <h3 id={nameId} data-testid="card-name">
            {name}
          </h3>
          <span className={`badge badge--${card.status}`} data-testid="card-status">
            {statusLabels[card.status]}
          </span>
        </div>
        <p className="caller-card__who">
          {card.customer?.company ? <span>{card.customer.company}</span> : null}
          {card.customer ? <span>{formatPhone(card.number)}</span> : null}
          <span className="muted">on {formatPhone(card.businessNumber)}</span>
        </p>
      </header>

      <p className="caller-card__notice" data-testid="card-notice">
        {card.notice}
      </p>

      <div className="caller-card__body">
        {card.plan ? <PlanSection card={card} /> : null}

        <section className="caller-card__section">
          <h4>Recent calls</h4>
          {card.recentCalls.length === 0 ? (
            <p className="muted">No previous calls</p>
          ) : (
            <ol className="caller-card__list">
              {card.recentCalls.slice(0, 3).map((call) => (
                <li key={call.callId}>
                  <span>{formatDateTime(call.startedAt)}</span>
                  <span>{recentCallText(call)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>

        <section className="caller-card__section">
          <h4>Open invoices</h4>
          {card.openInvoices.length === 0 ? (
            <p className="muted">No open invoices</p>
          ) : (
            <ul className="caller-card__list">
              {card.openInvoices.map((invoice) => (
                <li key={invoice.invoiceId} className={invoice.overdue ? 'overdue' : undefined}>
                  <span>
                    #{invoice.docNumber}
                    {invoice.dueDate ? ` · due ${invoice.dueDate}` : ''}
                    {invoice.overdue ? ' · overdue' : ''}
                  </span>
                  <span>{formatMoney({ minor: invoice.balanceMinor, currency: invoice.currency })}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <footer className="caller-card__actions">
        <button type="button" className="button" aria-pressed={card.pinned} onClick={() => onPinChange(!card.pinned)}>
          {card.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          Dismiss
        </button>
      </footer>
    </article>
  );
}

function PlanSection({ card }: { card: CallerCard }) {
  const plan = card.plan;
  if (!plan) return null;
  const remaining = card.remainingSeconds;
  return (
    <section className="caller-card__section caller-card__plan">
      <h4>{plan.name}</h4>
      {remaining === null ? (
        <p className="muted">No included hours</p>
      ) : (
        <>
          <p className="caller-card__remaining">
            <strong data-testid="card-remaining">{formatDuration(remaining)}</strong>{' '}
            <span className="muted">left of {formatDuration(plan.includedSeconds)}</span>
          </p>
          <meter
            className="caller-card__meter"
            min={0}
            max={Math.max(plan.includedSeconds, 1)}
            low={plan.includedSeconds * 0.2}
            optimum={plan.includedSeconds}
            value={Math.max(0, remaining)}
            aria-label="Included hours remaining"
          />
        </>
      )}
    </section>
  );
}

function phaseText(card: CallerCard, now: number): string {
  switch (card.phase) {
    case 'ringing':
      return 'Ringing…';
    case 'active': {
      const answeredAt = Date.parse(card.answeredAt ?? card.startedAt);
      return `On call ${formatClock((now - answeredAt) / 1000)}`;
    }
    case 'ended':
      if (card.answeredAt === null) return 'Missed';
      return card.durationSeconds === null ? 'Ended' : `Ended · ${formatDuration(card.durationSeconds)}`;
  }
}

function recentCallText(call: RecentCall): string {
  return call.answered ? formatDuration(call.durationSeconds) : 'Missed';
}

function formatDateTime(instant: string): string {
  return new Date(instant).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}
