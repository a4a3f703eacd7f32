import { useCallback, useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { CallNotesView } from '../../../shared/api/team-work';

/**
 * A call's notes, disposition and callback standing, read again whenever calls change
 * (a note from another console arrives as an event). Plain state rather than the query
 * cache, so the card window (which has none) reads it the same way.
 */
export function useCallNotes(client: RingsideClient, callId: string): { view: CallNotesView | null; error: string | null; reload(): void } {
  const [view, setView] = useState<CallNotesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => client.on('data.changed', ({ kinds }) => kinds.includes('calls') && reload()), [client, reload]);
  useEffect(() => {
    let current = true;
    client.invoke('callNotes.forCall', { callId }).then(
      (next) => {
        if (!current) return;
        setView(next);
        setError(null);
      },
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [client, callId, version]);
  return { view, error, reload };
}
