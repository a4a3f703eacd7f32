import type { CallerCard } from '../../../shared/card';

/** The live cards the renderer holds, by call id. */
export type LiveCards = ReadonlyMap<string, CallerCard>;

export const emptyLiveCards: LiveCards = new Map();

/** A pushed update replaces the card it names. */
export function applyCardUpdate(cards: LiveCards, card: CallerCard): LiveCards {
  return new Map(cards).set(card.callId, card);
}

/** The initial `calls.live` answer; pushes that arrived while it was in flight are newer and win. */
export function applyInitialCards(cards: LiveCards, initial: readonly CallerCard[]): LiveCards {
  const next = new Map(cards);
  for (const card of initial) if (!next.has(card.callId)) next.set(card.callId, card);
  return next;
}

export function removeCard(cards: LiveCards, callId: string): LiveCards {
  const next = new Map(cards);
  next.delete(callId);
  return next;
}

export interface LiveGroups {
  ringing: CallerCard[];
  active: CallerCard[];
  ended: CallerCard[];
}

/** Newest first within each phase; only the most recent few ended calls are kept. */
export function groupByPhase(cards: LiveCards, endedLimit = 6): LiveGroups {
  const sorted = newestFirst(cards);
  return {
    ringing: sorted.filter((card) => card.phase === 'ringing'),
    active: sorted.filter((card) => card.phase === 'active'),
    ended: sorted.filter((card) => card.phase === 'ended').slice(0, endedLimit),
  };
}

/** How long an ended call stays in the card window (the main process hides the window on the same rule). */
export const CARD_WINDOW_LINGER_MS = 8_000;

/**
 * What the caller card window shows, in the same order the main process decides
 * to show the native window: the newest ringing call, else the newest active one,
 * else a pinned card, else a call that ended less than 8 s ago, else nothing.
 */
export function chooseCardWindowCard(cards: LiveCards, nowMs: number): CallerCard | null {
  const sorted = newestFirst(cards);
  return (
    sorted.find((card) => card.phase === 'ringing') ??
    sorted.find((card) => card.phase === 'active') ??
    sorted.find((card) => card.pinned) ??
    sorted.find((card) => card.phase === 'ended' && card.endedAt !== null && Date.parse(card.endedAt) + CARD_WINDOW_LINGER_MS > nowMs) ??
    null
  );
}

function newestFirst(cards: LiveCards): CallerCard[] {
  return [...cards.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}
