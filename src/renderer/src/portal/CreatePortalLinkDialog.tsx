import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { PortalLinksView } from '../../../shared/api/portal';
import type { CreatePortalLinkAnswer, PortalLinkChannel } from '../../../shared/relay-rest/portal';
import { formatPhone } from '../privacy/shown-phone';
import { formatInstant } from '../billing/billing-format';
import { Field } from '../forms/Field';
import { EXPIRY_CHOICES, linkReadyWords, sendQueuedWords } from './portal-link-words';
import './portal.css';

/**
 * "Create link" in a dialog: how long the link works, then the link itself with Copy, Send by
 * email and Send by text. The token is in the relay's create answer only, so the link lives in
 * this dialog's state and nowhere else: once closed it can be revoked from the list, never
 * shown again.
 */
export function CreatePortalLinkButton({ client, view, customerName, onMade }: { client: RingsideClient; view: PortalLinksView; customerName: string; onMade(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const titleId = `portal-link-title-${view.customerId}`;
  return (
    <>
      <button
        type="button"
        className="button button--primary no-print"
        disabled={view.unavailable !== null}
        data-testid="portal-create"
        onClick={() => {
          setOpened(Date.now());
          dialog.current?.showModal();
        }}
      >
        Create link
      </button>
      <dialog ref={dialog} className="top-up-dialog portal-dialog" aria-labelledby={titleId} data-testid="portal-dialog" onClose={() => setOpened(null)}>
        {opened !== null ? <PortalLinkSteps key={opened} client={client} view={view} customerName={customerName} titleId={titleId} onMade={onMade} onClose={() => dialog.current?.close()} /> : null}
      </dialog>
    </>
  );
}

interface StepsProps {
  client: RingsideClient;
  view: PortalLinksView;
  customerName: string;
  titleId: string;
  onMade(): void;
  onClose(): void;
}

function PortalLinkSteps({ client, view, customerName, titleId, onMade, onClose }: StepsProps) {
  const [days, setDays] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<CreatePortalLinkAnswer | null>(null);
  // One requestId per expiry asked for: pressing again after a failure (or a lost answer) asks for the same link.
  const press = useRef<{ days: number | null; requestId: string } | null>(null);

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    if (press.current === null || press.current.days !== days) press.current = { days, requestId: crypto.randomUUID() };
    setBusy(true);
    setError(null);
    try {
      setMade(await client.invoke('portal.createLink', { requestId: press.current.requestId, customerId: view.customerId, expiresInDays: days }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      // The list shows the new link; after a refusal, the section says whether links can be made at all.
      onMade();
      setBusy(false);
    }
  }

  return (
    <div className="portal-dialog__body">
      <h2 id={titleId}>Portal link for {customerName}</h2>
      {made ? (
        <MadeLink client={client} view={view} customerName={customerName} made={made} />
      ) : (
        <form className="portal-dialog__form" onSubmit={(event) => void create(event)} aria-label="New portal link">
          <p className="muted">The link opens {customerName}'s own account page: plan, hours left, wallet, calls and invoices. Nothing of any other customer.</p>
          <div className="field__label" id={`${titleId}-expiry`}>
            Stops working
          </div>
          <div className="top-up__presets portal-dialog__presets" role="group" aria-labelledby={`${titleId}-expiry`}>
            {EXPIRY_CHOICES.map((choice) => (
              <button key={choice.label} type="button" className="button" aria-pressed={days === choice.days} onClick={() => setDays(choice.days)} data-testid="portal-expiry">
                {choice.label}
              </button>
            ))}
          </div>
          <p className="hint">{days === null ? 'It works until you revoke it.' : `It stops working ${days} days from now; you can revoke it sooner.`}</p>
          {error ? (
            <p className="error" role="alert" data-testid="portal-create-error">
              {error}
            </p>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy || view.unavailable !== null} data-testid="portal-create-confirm">
              {busy ? 'Creating link…' : 'Create link'}
            </button>
          </div>
        </form>
      )}
      <div className="form__actions portal-dialog__footer">
        <button type="button" className="button" onClick={onClose} data-testid="portal-dialog-close">
          Close
        </button>
      </div>
    </div>
  );
}

type Note = { kind: 'success' | 'error'; text: string };

function MadeLink({ client, view, customerName, made }: { client: RingsideClient; view: PortalLinksView; customerName: string; made: CreatePortalLinkAnswer }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState<Note | null>(null);
  const [email, setEmail] = useState(view.emails[0] ?? '');
  const [phone, setPhone] = useState(view.phones[0] ?? '');
  const [sending, setSending] = useState<PortalLinkChannel | null>(null);
  /** `channel:to` already sent from this dialog, so a second press does not send it twice. */
  const [sent, setSent] = useState<ReadonlySet<string>>(new Set());
  // One requestId per destination: a retry after a lost answer is the same send.
  const presses = useRef(new Map<string, string>());

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(made.url);
      setNote({ kind: 'success', text: 'Link copied.' });
    } catch {
      setNote({ kind: 'error', text: 'Ringside could not copy it: select the link above and copy it yourself.' });
    }
  }

  async function send(channel: PortalLinkChannel, to: string): Promise<void> {
    const key = `${channel}:${to}`;
    const requestId = presses.current.get(key) ?? crypto.randomUUID();
    presses.current.set(key, requestId);
    const shown = channel === 'sms' ? formatPhone(to) : to;
    setSending(channel);
    setNote(null);
    try {
      const notice = await client.invoke('portal.sendLink', { requestId, linkId: made.link.linkId, url: made.url, channel, to });
      if (notice.state !== 'failed') setSent((before) => new Set([...before, key]));
      setNote({ kind: notice.state === 'failed' ? 'error' : 'success', text: sendQueuedWords(notice, shown) });
      void queryClient.invalidateQueries({ queryKey: ['notices.ofCustomer'] });
    } catch (failure) {
      setNote({ kind: 'error', text: `Not sent to ${shown}: ${(failure as Error).message}` });
    } finally {
      setSending(null);
    }
  }

  return (
    <div className="portal-dialog__made" data-testid="portal-made">
      <p className="portal-dialog__ready" role="status">
        {linkReadyWords(customerName, made.link.expiresAt, formatInstant)}
      </p>
      <Field label="Portal link" className="portal-dialog__link">
        {(control) => (
          // A textarea so the whole link shows, token and all, wrapped: an input would cut it off.
          <textarea {...control} className="input portal-dialog__url" readOnly rows={2} value={made.url} onFocus={(event) => event.target.select()} data-testid="portal-url" />
        )}
      </Field>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void copy()} data-testid="portal-copy">
          Copy link
        </button>
      </div>
      <p className="hint portal-dialog__once" data-testid="portal-once">
        Copy or send it now: once this window is closed the link can still be revoked, but not shown or sent again.
      </p>
      <h3 className="portal-dialog__subheading">Send it to {customerName}</h3>
      <SendRow
        channel="email"
        label="Send by email"
        options={view.emails.map((address) => ({ value: address, label: address }))}
        chosen={email}
        onChoose={setEmail}
        busy={sending === 'email'}
        sent={sent.has(`email:${email}`)}
        missing={`No email address on file for ${customerName}: add one with Edit on the customer page to send it by email.`}
        onSend={() => void send('email', email)}
      />
      <SendRow
        channel="sms"
        label="Send by text"
        options={view.phones.map((number) => ({ value: number, label: formatPhone(number) }))}
        chosen={phone}
        onChoose={setPhone}
        busy={sending === 'sms'}
        sent={sent.has(`sms:${phone}`)}
        missing={`No phone number on file for ${customerName}: add one with Edit on the customer page to send it by text.`}
        onSend={() => void send('sms', phone)}
      />
      {note ? (
        <p className={note.kind} role={note.kind === 'error' ? 'alert' : 'status'} data-testid={`portal-note-${note.kind}`}>
          {note.text}
        </p>
      ) : null}
    </div>
  );
}

interface SendRowProps {
  channel: PortalLinkChannel;
  label: string;
  options: { value: string; label: string }[];
  chosen: string;
  onChoose(value: string): void;
  busy: boolean;
  sent: boolean;
  missing: string;
  onSend(): void;
}

/** One way of sending: the customer's addresses (or numbers) to choose among, and the button. */
function SendRow({ channel, label, options, chosen, onChoose, busy, sent, missing, onSend }: SendRowProps) {
  if (options.length === 0) {
    return (
      <p className="hint" data-testid={`portal-send-${channel}-missing`}>
        {missing}
      </p>
    );
  }
  const to = channel === 'email' ? 'Email to' : 'Text to';
  return (
    <div className="portal-dialog__send">
      <Field label={to}>
        {(control) =>
          options.length === 1 ? (
            <output {...control} className="portal-dialog__to" data-testid={`portal-send-${channel}-to`}>
              {options[0]!.label}
            </output>
          ) : (
            <select {...control} className="input" value={chosen} onChange={(event) => onChoose(event.target.value)} data-testid={`portal-send-${channel}-to`}>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )
        }
      </Field>
      <button type="button" className="button button--primary portal-dialog__send-button" disabled={busy || sent} onClick={onSend} data-testid={`portal-send-${channel}`}>
        {sent ? (channel === 'email' ? 'Emailed' : 'Texted') : busy ? 'Sending…' : label}
      </button>
    </div>
  );
}
