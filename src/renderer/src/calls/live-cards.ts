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
  /** Ringing when the link to the relay dropped, long enough ago that it is surely not ringing now: shown greyed, not as live. */
  dropped: CallerCard[];
}

/**
 * Past this, a card still "ringing" while the console is offline is not believed: a
 * phone rings for well under a minute before it is answered, missed or sent to voicemail,
 * and the event saying which may be waiting at the relay.
 */
export const STALE_RINGING_MS = 60_000;

/** The link as the card list needs it: offline or not, and now. */
export interface LinkView {
  offline: boolean;
  nowMs: number;
}

/** A ringing card the console cannot vouch for: offline, and ringing since longer than a ring lasts. */
export function isStaleRinging(card: CallerCard, link: LinkView | undefined): boolean {
  return link !== undefined && link.offline && card.phase === 'ringing' && link.nowMs - Date.parse(card.startedAt) > STALE_RINGING_MS;
}

/** Newest first within each phase; only the most recent few ended calls are kept. */
export function groupByPhase(cards: LiveCards, endedLimit = 6, link?: LinkView): LiveGroups {
  const sorted = newestFirst(cards);
  return {
    ringing: sorted.filter((card) => card.phase === 'ringing' && !isStaleRinging(card, link)),
    active: sorted.filter((card) => card.phase === 'active'),
    ended: sorted.filter((card) => card.phase === 'ended').slice(0, endedLimit),
    dropped: sorted.filter((card) => isStaleRinging(card, link)),
  };
}

/** How long an ended call stays in the card window (the main process hides the window on the same rule). */
export const CARD_WINDOW_LINGER_MS = 8_000;

/**
 * What the caller card window shows, in the same order the main process decides
 * to show the native window: the newest ringing call (not one gone stale while offline), else the newest active one,
 * else a pinned card, else a call that ended less than 8 s ago, else nothing.
 */
export function chooseCardWindowCard(cards: LiveCards, nowMs: number, offline = false): CallerCard | null {
  const sorted = newestFirst(cards);
  return (
    sorted.find((card) => card.phase === 'ringing' && !isStaleRinging(card, { offline, nowMs })) ??
    sorted.find((card) => card.phase === 'active') ??
    sorted.find((card) => card.pinned) ??
    sorted.find((card) => card.phase === 'ended' && card.endedAt !== null && Date.parse(card.endedAt) + CARD_WINDOW_LINGER_MS > nowMs) ??
    null
  );
}

function newestFirst(cards: LiveCards): CallerCard[] {
  return [...cards.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}
