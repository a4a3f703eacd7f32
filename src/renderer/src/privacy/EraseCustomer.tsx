import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { Erasure } from '../../../shared/relay-rest/privacy';
import { sameTypedName } from '../../../shared/privacy/same-typed-name';
import './privacy.css';

/**
 * "Erase customer…" on the customer page: a dialog saying in plain words what erasing does
 * and does not do, the customer's name typed to confirm, then the relay's progress until it
 * is done. Every console then removes the same data from its own copy.
 */
export function EraseCustomer({ client, customerId, name, trigger = true, onErased }: { client: RingsideClient; customerId: string; name: string; trigger?: boolean; onErased?(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState<number | null>(null);
  return (
    <>
      {trigger ? (
      <button
        type="button"
        className="button button--quiet"
        data-testid="erase-customer"
        onClick={() => {
          setOpened(Date.now());
          dialog.current?.showModal();
        }}
      >
        Erase customer…
      </button>
      ) : null}
      <dialog ref={dialog} className="erase-dialog" aria-labelledby={`erase-title-${customerId}`} data-testid="erase-dialog" onClose={() => setOpened(null)}>
        {opened !== null ? (
          <EraseForm key={opened} client={client} customerId={customerId} name={name} titleId={`erase-title-${customerId}`} onClose={() => dialog.current?.close()} {...(onErased ? { onErased } : {})} />
        ) : null}
      </dialog>
    </>
  );
}

function EraseForm({ client, customerId, name: nameNow, titleId, onClose, onErased }: { client: RingsideClient; customerId: string; name: string; titleId: string; onClose(): void; onErased?(): void }) {
  // The name as it was when the dialog opened: once erased, the page's name changes under it.
  const [name] = useState(nameNow);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [erasure, setErasure] = useState<Erasure | null>(null);
  // One request per opening: pressing again after a lost answer asks for the same erasure.
  const requestId = useRef(crypto.randomUUID());
  const matches = sameTypedName(typed, name);

  // While the relay works, ask how far it is.
  useEffect(() => {
    if (!erasure || erasure.state !== 'running') return;
    const poll = setInterval(() => {
      client.invoke('privacy.erasures', {}).then(
        (all) => {
          const current = all.find((row) => row.erasureId === erasure.erasureId);
          if (current) setErasure(current);
        },
        () => undefined,
      );
    }, 1000);
    return () => clearInterval(poll);
  }, [client, erasure]);

  useEffect(() => {
    if (erasure?.state === 'done') onErased?.();
  }, [erasure?.state, onErased]);

  async function erase(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      setErasure(await client.invoke('privacy.eraseCustomer', { requestId: requestId.current, customerId, confirmName: typed }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="erase">
      <h2 id={titleId}>Erase {name}</h2>
      {erasure ? (
        <ErasureProgress erasure={erasure} name={name} />
      ) : (
        <form onSubmit={(event) => void erase(event)} noValidate aria-label="Confirm erasure">
          <p>Erasing removes this customer’s personal data for good, on the relay and on every Ringside computer:</p>
          <ul>
            <li>their name, phone numbers, email addresses, address and notes;</li>
            <li>the words of their calls and texts: transcripts, summaries, voicemails and message text;</li>
            <li>their call recordings, voicemail audio and the pictures they sent.</li>
          </ul>
          <p>
            What stays: that the calls and texts happened, when and how long, and every charge, payment and invoice total, so the books still add up. They are shown as “Erased customer”.
          </p>
          <p data-testid="erase-exports">
            Copies made with “Export data” on this computer are deleted too. Copies you moved, emailed or saved elsewhere are not: delete those yourself.
          </p>
          <p>
            <strong>This cannot be undone.</strong> If they asked for a copy first, use “Export data” before erasing.
          </p>
          <div className="field">
            <label htmlFor={`${titleId}-confirm`}>
              Type <strong>{name}</strong> to confirm
            </label>
            <input id={`${titleId}-confirm`} className="input" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} data-testid="erase-confirm-name" />
          </div>
          {error ? (
            <p className="error" role="alert" data-testid="erase-error">
              {error}
            </p>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--danger" disabled={!matches || busy} data-testid="erase-submit">
              {busy ? 'Erasing…' : `Erase ${name}`}
            </button>
            <button type="button" className="button button--quiet" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {erasure ? (
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose} data-testid="erase-close">
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ErasureProgress({ erasure, name }: { erasure: Erasure; name: string }) {
  if (erasure.state === 'failed') {
    return (
      <p className="error" role="alert" data-testid="erase-failed">
        The relay could not finish erasing {name}: {erasure.error ?? 'it did not say why'}. Try again; what was already erased stays erased.
      </p>
    );
  }
  if (erasure.state === 'running') {
    return (
      <div className="privacy-progress" role="status" data-testid="erase-running">
        <progress />
        <span className="muted">
          Erasing {name}… this can take a minute.
        </span>
      </div>
    );
  }
  return (
    <p className="success" role="status" data-testid="erase-done">
      {name} is erased from the relay: their name, numbers and the words of their calls and texts{recordingsWords(erasure.mediaDeleted)}. Other Ringside computers follow within a few minutes.
    </p>
  );
}

/** ", and 2 recordings and pictures deleted" — nothing when there were none. */
function recordingsWords(count: number): string {
  if (count === 0) return '';
  return count === 1 ? ', and 1 recording or picture' : `, and ${count} recordings and pictures`;
}
