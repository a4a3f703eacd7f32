import { useId } from 'react';
import type { CallerCard, CallerStatus, CardBilling, RecentCall } from '../../../shared/card';
import { planCreditWords } from '../../../shared/billing/plan-credit-words';
import { formatPhone } from '../privacy/shown-phone';
import { formatClock, formatDuration, formatMoney } from '../../../shared/units';
import { openInvoiceDates, openInvoiceSummaryText, openInvoiceTitle } from '../billing/invoice-words';
import { getRingsideClient } from '../api/ringside-client';
import { CallNotes } from '../call-notes/CallNotes';
import { CreateCustomerForm, type NewCustomer } from './CreateCustomerForm';
import { TopUpButton } from '../payments/TopUpDialog';
import { projectIfEndedNow } from './if-ended-now';
import '../billing/invoices.css';
import './last-contact.css';
import './customer-glance.css';

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
  /** Where the console can create QuickBooks customers: an unknown caller's card offers it beside a plain customer. */
  onCreateCustomer?: (customer: NewCustomer) => Promise<void>;
}

/** Who is calling and what they have left: the same card in the console and the card window. */
export function CallerCardView({ card, now, onPinChange, onDismiss, onCreateCustomer }: CallerCardViewProps) {
  const nameId = useId();
  const name = card.customer?.name ?? formatPhone(card.number);
  // A banner that repeats the notice word for word adds nothing.
  const banners = card.billing.banners.filter((banner) => banner !== card.notice);
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

      {card.customer?.address || card.customer?.notes ? <CustomerAtAGlance address={card.customer.address ?? null} notes={card.customer.notes ?? ''} /> : null}

      <p className="caller-card__notice" data-testid="card-notice">
        {card.notice}
      </p>

      {banners.length > 0 ? (
        <ul className="caller-card__banners" aria-label="Billing warnings">
          {banners.map((banner) => (
            <li key={banner} className="card-banner" data-testid="card-banner">
              <span aria-hidden="true">⚠</span> {banner}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="caller-card__body">
        <BillingSection card={card} now={now} />

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
            <p className="muted" data-testid="card-no-open-invoices">
              No open invoices
            </p>
          ) : (
            <>
              {card.openInvoiceSummary ? (
                <p className={card.openInvoiceSummary.overdueCount > 0 ? 'caller-card__owed is-overdue' : 'caller-card__owed'} data-testid="card-open-invoice-summary">
                  {openInvoiceSummaryText(card.openInvoiceSummary)}
                </p>
              ) : null}
              <ul className="caller-card__list" data-testid="card-open-invoices">
                {card.openInvoices.map((invoice) => (
                  <li key={invoice.invoiceId} className={invoice.overdue ? 'overdue' : undefined} data-testid="card-open-invoice">
                    <span>
                      <span data-testid="card-invoice-title">{openInvoiceTitle(invoice)}</span>{' '}
                      {invoice.overdue ? (
                        <span className="badge badge--danger" data-testid="card-overdue">
                          Overdue
                        </span>
                      ) : null}
                      <span className="caller-card__invoice-meta muted" data-testid="card-invoice-meta">
                        {openInvoiceDates(invoice)}
                      </span>
                    </span>
                    <span data-testid="card-invoice-amount">{formatMoney({ minor: invoice.balanceMinor, currency: invoice.currency })}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        {card.lastMessage || card.lastCallSummary ? <LastContact card={card} /> : null}
      </div>

      <CallNotes client={getRingsideClient()} callId={card.callId} compact />

      {card.status === 'unknown' ? <CreateCustomerForm number={card.number} {...(onCreateCustomer ? { onCreateInQuickBooks: onCreateCustomer } : {})} /> : null}

      <footer className="caller-card__actions">
        <button type="button" className="button" aria-pressed={card.pinned} onClick={() => onPinChange(!card.pinned)}>
          {card.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          Dismiss
        </button>
        {card.customer ? <TopUpButton client={getRingsideClient()} customerId={card.customer.id} compact /> : null}
      </footer>
    </article>
  );
}

/** What was said last time: the newest text with the caller and the last summarized call's summary and next steps. */
function LastContact({ card }: { card: CallerCard }) {
  const { lastMessage, lastCallSummary } = card;
  return (
    <section className="caller-card__section caller-card__last" data-testid="card-last-contact">
      {lastMessage ? (
        <div data-testid="card-last-message">
          <h4>Last message</h4>
          <p className="caller-card__quote">
            <span className="muted">
              {lastMessage.direction === 'incoming' ? 'They wrote' : 'You wrote'} · {formatDateTime(lastMessage.at)}:
            </span>{' '}
            {lastMessage.preview}
          </p>
        </div>
      ) : null}
      {lastCallSummary ? (
        <div data-testid="card-last-call-summary">
          <h4>Last call · {formatDateTime(lastCallSummary.startedAt)}</h4>
          {lastCallSummary.summary.length > 0 ? (
            <ul className="caller-card__points">
              {lastCallSummary.summary.slice(0, 3).map((point, index) => (
                <li key={index}>{point}</li>
              ))}
            </ul>
          ) : null}
          {lastCallSummary.nextSteps.length > 0 ? (
            <>
              <p className="caller-card__next">Next steps</p>
              <ul className="caller-card__points">
                {lastCallSummary.nextSteps.slice(0, 3).map((step, index) => (
                  <li key={index}>{step}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function BillingSection({ card, now }: { card: CallerCard; now: number }) {
  const { plan, billing } = card;
  return (
    <section className="caller-card__section caller-card__plan">
      <h4>{plan ? plan.name : 'Billing'}</h4>
      {plan ? <Remaining card={card} /> : null}
      {card.phase === 'active' ? <ProjectionLine card={card} billing={billing} now={now} /> : null}
      <RateLine status={card.status} billing={billing} />
      {billing.wallet ? (
        <p
          className={`caller-card__wallet${billing.wallet.exhausted ? ' is-exhausted' : billing.wallet.low ? ' is-low' : ''}`}
          data-testid="card-wallet"
        >
          Wallet {formatMoney({ minor: billing.wallet.balanceMinor, currency: billing.wallet.currency })}
          {billing.wallet.exhausted ? ' · balance exhausted' : billing.wallet.low ? ' · low' : ''}
          {billing.wallet.planCredit ? <span className="muted" data-testid="card-plan-credit">{` · ${planCreditWords(billing.wallet.planCredit, billing.wallet.currency)}`}</span> : null}
        </p>
      ) : null}
    </section>
  );
}

/** Included time left: the billing engine's figure (this period plus rollover) for a subscription, else the card's. */
function Remaining({ card }: { card: CallerCard }) {
  const plan = card.plan;
  const subscription = card.billing.subscription;
  const remaining = subscription ? subscription.availableSeconds : card.remainingSeconds;
  if (!plan) return null;
  if (remaining === null) return <p className="muted">No included hours</p>;
  const rollover = subscription?.rolloverSeconds ?? 0;
  const full = Math.max(plan.includedSeconds + rollover, remaining, 1);
  return (
    <>
      <p className="caller-card__remaining">
        <strong data-testid="card-remaining">{formatDuration(remaining)}</strong>{' '}
        <span className="muted">
          left of {formatDuration(plan.includedSeconds)}
          {rollover > 0 ? ` + ${formatDuration(rollover)} rolled over` : ''}
        </span>
      </p>
      <meter
        className="caller-card__meter"
        min={0}
        max={full}
        low={full * 0.2}
        optimum={full}
        value={Math.max(0, remaining)}
        aria-label="Included hours remaining"
      />
      {subscription && subscription.state !== 'active' ? (
        <p className="muted">{subscription.state === 'expired' ? 'Subscription expired' : `Starts ${subscription.periodStartsOn ?? 'later'}`}</p>
      ) : null}
    </>
  );
}

function ProjectionLine({ card, billing, now }: { card: CallerCard; billing: CardBilling; now: number }) {
  const answeredAt = Date.parse(card.answeredAt ?? card.startedAt);
  const projection = projectIfEndedNow(billing, (now - answeredAt) / 1000);
  const text =
    projection.kind === 'time_left'
      ? `${formatDuration(projection.remainingSeconds)} left${projection.overageSeconds > 0 ? ` + ${formatDuration(projection.overageSeconds)} overage` : ''}`
      : formatMoney({ minor: projection.amountMinor, currency: projection.currency });
  return (
    <p className="caller-card__projection" data-testid="card-projection">
      If it ended now: <strong>{text}</strong>
    </p>
  );
}

function RateLine({ status, billing }: { status: CallerStatus; billing: CardBilling }) {
  const { rate } = billing;
  const price = `${formatMoney({ minor: rate.amountMinor, currency: rate.currency })}/${rate.per === 'minute' ? 'min' : 'h'}`;
  const fee = rate.perCallFeeMinor > 0 ? ` + ${formatMoney({ minor: rate.perCallFeeMinor, currency: rate.currency })} per call` : '';
  const subscribed = status === 'subscriber' && billing.subscription?.state === 'active';
  return (
    <p className={subscribed ? 'caller-card__rate muted' : 'caller-card__rate'} data-testid="card-billing-rate">
      {subscribed ? `Overage ${price}${fee}` : `Will be billed ${price}${fee}`}
    </p>
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

/** The address on one line and the notes' first line, cut short: the card is read in a glance, the customer page has the rest. */
function CustomerAtAGlance({ address, notes }: { address: string | null; notes: string }) {
  const cut = (text: string, max: number, more: boolean): string => (text.length > max || more ? `${text.slice(0, max).trimEnd().replace(/[.,;:]+$/, '')}…` : text);
  const firstNote = notes.split('\n')[0]!.trim();
  return (
    <div className="caller-card__glance" data-testid="card-customer-glance">
      {address ? (
        <p data-testid="card-address" title={address}>
          <span className="muted">Address:</span> {cut(address.split('\n').join(', '), 80, false)}
        </p>
      ) : null}
      {notes ? (
        <p data-testid="card-notes" title={notes}>
          <span className="muted">Note:</span> {cut(firstNote, 90, notes.includes('\n'))}
        </p>
      ) : null}
    </div>
  );
}
