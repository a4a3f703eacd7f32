import { useCallback, useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { CallerCard } from '../../../shared/card';
import { applyCardUpdate, applyInitialCards, emptyLiveCards, removeCard, type LiveCards } from './live-cards';

export interface LiveCardsHandle {
  cards: LiveCards;
  /** Why the live calls could not be loaded, or the last pin/dismiss failed. */
  error: string | null;
  setPinned(callId: string, pinned: boolean): Promise<void>;
  dismiss(callId: string): Promise<void>;
}

/** Live calls: the initial `calls.live` list, then every `card.updated` and `card.dismissed` push. */
export function useLiveCards(client: RingsideClient): LiveCardsHandle {
  const [cards, setCards] = useState<LiveCards>(emptyLiveCards);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Subscribe before asking, so an update between the two is not lost.
    const unsubscribeUpdates = client.on('card.updated', (card) => setCards((state) => applyCardUpdate(state, card)));
    // A card dismissed in one window (the console or the card window) leaves every window.
    const unsubscribeDismissals = client.on('card.dismissed', ({ callId }) => setCards((state) => removeCard(state, callId)));
    let cancelled = false;
    client.invoke('calls.live', {}).then(
      (initial) => {
        if (!cancelled) setCards((state) => applyInitialCards(state, initial));
      },
      (failure: Error) => {
        if (!cancelled) setError(`Could not load live calls: ${failure.message}`);
      },
    );
    return () => {
      cancelled = true;
      unsubscribeUpdates();
      unsubscribeDismissals();
    };
  }, [client]);

  const setPinned = useCallback(
    async (callId: string, pinned: boolean) => {
      try {
        const card: CallerCard | null = await client.invoke('card.pin', { callId, pinned });
        if (card) setCards((state) => applyCardUpdate(state, card));
      } catch (failure) {
        setError(`Could not ${pinned ? 'pin' : 'unpin'} the card: ${(failure as Error).message}`);
      }
    },
    [client],
  );

  const dismiss = useCallback(
    async (callId: string) => {
      setCards((state) => removeCard(state, callId));
      try {
        await client.invoke('card.dismiss', { callId });
      } catch (failure) {
        setError(`Could not dismiss the card: ${(failure as Error).message}`);
      }
    },
    [client],
  );

  return { cards, error, setPinned, dismiss };
}
