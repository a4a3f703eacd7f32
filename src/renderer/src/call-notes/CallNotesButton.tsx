import { useRef, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { CallNotes } from './CallNotes';

/** A history row's way to a call's notes and outcome: a button that opens them in a dialog. */
export function CallNotesButton({ client, callId }: { client: RingsideClient; callId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button"
        data-testid="history-notes"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Notes
      </button>
      <dialog ref={dialog} className="call-notes-dialog" onClose={() => setOpen(false)} aria-label="Notes on this call">
        {open ? <CallNotes client={client} callId={callId} /> : null}
        <form method="dialog" className="form__actions">
          <button type="submit" className="button button--quiet">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
