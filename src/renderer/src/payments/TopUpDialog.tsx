import { useRef, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { CreatedPaymentLink, TopUpContext } from '../../../shared/api/payments';
import { formatPhone } from '../privacy/shown-phone';
import { formatMoney } from '../../../shared/units';
import { useApiQuery } from '../api/use-api-query';
import { Field } from '../forms/Field';
import { formatMoneyInput } from '../money/money-input';
import { parseTopUpAmount } from './top-up-amount';
import './payments.css';

/**
 * "Top up" opened in a dialog, on the customer page and on the caller card: the agent picks
 * or types an amount in the wallet's currency, the relay makes a Flutterwave link for it,
 * and the agent texts it to the customer, emails it (the relay mails it to an address on the
 * customer's record), copies it, or copies an email with it. The
 * payment lands in the wallet by itself once Flutterwave confirms it.
 */
export function TopUpButton({ client, customerId, compact = false }: { client: RingsideClient; customerId: string; compact?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // When it was opened: each opening reads the dialog's facts afresh (the relay may have said "not set up" since).
  const [opened, setOpened] = useState<number | null>(null);
  return (
    <>
      <button
        type="button"
        className={compact ? 'button' : 'button button--primary'}
        data-testid="top-up"
        onClick={() => {
          setOpened(Date.now());
          dialog.current?.showModal();
        }}
      >
        Top up
      </button>
      <dialog ref={dialog} className="top-up-dialog" aria-labelledby={`top-up-title-${customerId}`} data-testid="top-up-dialog" onClose={() => setOpened(null)}>
        {opened !== null ? <TopUpForm key={opened} client={client} customerId={customerId} openedAt={opened} titleId={`top-up-title-${customerId}`} onClose={() => dialog.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function TopUpForm({ client, customerId, openedAt, titleId, onClose }: { client: RingsideClient; customerId: string; openedAt: number; titleId: string; onClose(): void }) {
  const context = useApiQuery(client, 'payments.topUpContext', { customerId }, openedAt);
  const data = context.data;
  return (
    <div className="top-up">
      <h2 id={titleId}>{data ? `Top up ${data.customerName}'s wallet` : 'Top up'}</h2>
      {context.error ? (
        <p className="error" role="alert">
          {context.error}
        </p>
      ) : null}
      {data ? <TopUpSteps client={client} context={data} /> : context.error ? null : <p className="muted">Loading…</p>}
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onClose} data-testid="top-up-close">
          Close
        </button>
      </div>
    </div>
  );
}

function TopUpSteps({ client, context }: { client: RingsideClient; context: TopUpContext }) {
  const [amountText, setAmountText] = useState(formatMoneyInput(context.presetsMinor[1] ?? context.presetsMinor[0] ?? 5000));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(context.unavailable);
  const [link, setLink] = useState<CreatedPaymentLink | null>(null);
  // One requestId per amount asked for: pressing again after a failure (or a lost answer) asks for the same link.
  const press = useRef<{ amountMinor: number; requestId: string } | null>(null);
  const amount = parseTopUpAmount(amountText, { currency: context.currency, maxMinor: context.maxMinor });

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    setTouched(true);
    if (!amount.ok || busy) return;
    if (press.current?.amountMinor !== amount.minor) press.current = { amountMinor: amount.minor, requestId: crypto.randomUUID() };
    setBusy(true);
    setError(null);
    try {
      const answer = await client.invoke('payments.createLink', { requestId: press.current.requestId, customerId: context.customerId, purpose: 'top_up', amountMinor: amount.minor, currency: context.currency });
      if (answer.outcome === 'unavailable') setUnavailable(answer.reason);
      else setLink(answer.link);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (link) return <CreatedLink client={client} context={context} link={link} />;
  return (
    <form className="top-up__form" onSubmit={(event) => void create(event)} noValidate aria-label="Top-up amount">
      <p className="muted" data-testid="top-up-balance">
        {context.balanceMinor === null ? 'No wallet yet: the payment opens one.' : `Wallet now: ${formatMoney({ minor: context.balanceMinor, currency: context.currency })}`}
      </p>
      <div className="top-up__presets" role="group" aria-label="Amounts">
        {context.presetsMinor.map((minor) => (
          <button
            key={minor}
            type="button"
            className="button"
            aria-pressed={amount.ok && amount.minor === minor}
            onClick={() => {
              setAmountText(formatMoneyInput(minor));
              setTouched(false);
            }}
            data-testid="top-up-preset"
          >
            {formatMoney({ minor, currency: context.currency })}
          </button>
        ))}
      </div>
      <Field label={`Amount (${context.currency})`} hint="Added to the wallet once the customer pays.">
        {(control) => (
          <input
            {...control}
            className="input"
            inputMode="decimal"
            value={amountText}
            onChange={(event) => setAmountText(event.target.value)}
            onBlur={() => setTouched(true)}
            data-testid="top-up-amount"
            {...(touched && !amount.ok ? { 'aria-invalid': true } : {})}
          />
        )}
      </Field>
      {touched && !amount.ok ? (
        <p className="error" data-testid="top-up-amount-error">
          {amount.error}
        </p>
      ) : null}
      {unavailable ? (
        <p className="warn" role="status" data-testid="top-up-unavailable">
          {unavailable}
        </p>
      ) : null}
      {context.email === null ? (
        <p className="warn" data-testid="top-up-needs-email">
          Flutterwave asks for an email address with every payment: add one to {context.customerName} (Edit on the customer page) first.
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="top-up-error">
          {error} Press Create link again to retry: it will not make a second link.
        </p>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy || unavailable !== null || context.email === null} data-testid="top-up-create">
          {busy ? 'Creating link…' : 'Create link'}
        </button>
      </div>
    </form>
  );
}

function CreatedLink({ client, context, link }: { client: RingsideClient; context: TopUpContext; link: CreatedPaymentLink }) {
  const [note, setNote] = useState<{ kind: 'success' | 'error' | 'hint'; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const textPress = useRef<string | null>(null);
  const [emailTo, setEmailTo] = useState(context.emails[0] ?? '');
  const [emailing, setEmailing] = useState(false);
  const [emailedTo, setEmailedTo] = useState<string | null>(null);
  // One press per address: pressing again after a failure sends the same message, not a second one.
  const emailPress = useRef<{ to: string; requestId: string } | null>(null);
  const amount = formatMoney({ minor: link.amountMinor, currency: link.currency });
  const destination = context.text;

  async function copy(text: string, done: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setNote({ kind: 'success', text: done });
    } catch {
      setNote({ kind: 'error', text: 'Ringside could not copy it: select the link above and copy it yourself.' });
    }
  }

  async function sendText(): Promise<void> {
    textPress.current ??= crypto.randomUUID();
    setSending(true);
    try {
      const answer = await client.invoke('payments.sendByText', { requestId: textPress.current, customerId: context.customerId, linkId: link.linkId });
      textPress.current = null;
      setSent(true);
      setNote({ kind: 'success', text: `Texted to ${formatPhone(answer.to)} from ${formatPhone(answer.from)}.` });
    } catch (failure) {
      setNote({ kind: 'error', text: `Not sent: ${(failure as Error).message}` });
    } finally {
      setSending(false);
    }
  }

  async function sendEmail(): Promise<void> {
    if (emailTo === '') return;
    if (emailPress.current?.to !== emailTo) emailPress.current = { to: emailTo, requestId: crypto.randomUUID() };
    setEmailing(true);
    try {
      const answer = await client.invoke('payments.sendByEmail', { requestId: emailPress.current.requestId, customerId: context.customerId, linkId: link.linkId, to: emailTo });
      setEmailedTo(answer.to);
      setNote({ kind: 'success', text: `Emailed to ${answer.to}.` });
    } catch (failure) {
      setNote({ kind: 'error', text: `Not emailed: ${(failure as Error).message}` });
    } finally {
      setEmailing(false);
    }
  }

  return (
    <div className="top-up__link" data-testid="top-up-link">
      <p className="success">
        Link for <strong>{amount}</strong> ready{link.duplicate ? ' (made already by this press)' : ''}. The payment lands in the wallet by itself.
      </p>
      <Field label="Payment link">{(control) => <input {...control} className="input top-up__url" readOnly value={link.url} onFocus={(event) => event.target.select()} data-testid="top-up-url" />}</Field>
      <p className="top-up__preview" data-testid="top-up-text-preview">
        <span className="muted">The text: </span>
        {link.textMessage}
      </p>
      <div className="form__actions top-up__actions">
        <button type="button" className="button button--primary" disabled={destination.to === null || sending || sent} onClick={() => void sendText()} data-testid="top-up-send-text">
          {sent ? 'Texted' : sending ? 'Sending…' : 'Send by text'}
        </button>
        <button type="button" className="button" onClick={() => void copy(link.url, 'Link copied.')} data-testid="top-up-copy">
          Copy link
        </button>
        <button
          type="button"
          className="button"
          disabled={emailTo === '' || emailing || emailedTo === emailTo}
          onClick={() => void sendEmail()}
          data-testid="top-up-send-email"
        >
          {emailedTo !== null && emailedTo === emailTo ? 'Emailed' : emailing ? 'Sending…' : 'Send by email'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() =>
            void copy(
              `Subject: ${link.emailSubject}\n\n${link.emailBody}`,
              `Email copied (subject and text): paste it into a new email${context.email ? ` to ${context.email}` : ''}. Ringside does not open your mail program.`,
            )
          }
          data-testid="top-up-email"
        >
          Copy email
        </button>
      </div>
      {context.emails.length > 1 ? (
        <Field label="Email to">
          {(control) => (
            <select {...control} className="input" value={emailTo} onChange={(event) => setEmailTo(event.target.value)} data-testid="top-up-email-to">
              {context.emails.map((email) => (
                <option key={email} value={email}>
                  {email}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : context.emails.length === 1 ? (
        <p className="hint" data-testid="top-up-email-goes-to">
          Email goes to {context.emails[0]}.
        </p>
      ) : (
        <p className="hint" data-testid="top-up-no-email">
          {context.customerName} has no email address on file.
        </p>
      )}
      {destination.to === null ? (
        <p className="hint" data-testid="top-up-no-text">
          {destination.reason}
        </p>
      ) : (
        <p className="hint" data-testid="top-up-text-to">
          Text goes to {formatPhone(destination.to)} from {destination.fromName ? `${destination.fromName} (${formatPhone(destination.from)})` : formatPhone(destination.from)}.
        </p>
      )}
      {note ? (
        <p className={note.kind} role={note.kind === 'error' ? 'alert' : 'status'} data-testid={`top-up-note-${note.kind}`}>
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
