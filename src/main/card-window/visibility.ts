import type { CallerCard } from '../../shared/card';

/** How long an ended call's card stays up before the card window hides itself. */
export const ENDED_CARD_LINGER_MS = 8_000;

export type CardWindowAction = { kind: 'show'; card: CallerCard } | { kind: 'hide' } | { kind: 'hide_at'; atMs: number; card: CallerCard };

/**
 * What the always-on-top card window should do given the cards it knows of.
 * A ringing call wins over an active one, a pinned card stays, an ended card lingers.
 */
export function decideCardWindow(cards: readonly CallerCard[], nowMs: number): CardWindowAction {
  const byRecency = [...cards].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  const ringing = byRecency.find((c) => c.phase === 'ringing');
  if (ringing) return { kind: 'show', card: ringing };
  const active = byRecency.find((c) => c.phase === 'active');
  if (active) return { kind: 'show', card: active };
  const pinned = byRecency.find((c) => c.pinned);
  if (pinned) return { kind: 'show', card: pinned };
  const ended = byRecency.find((c) => c.phase === 'ended' && c.endedAt !== null);
  if (ended && ended.endedAt) {
    const hideAt = Date.parse(ended.endedAt) + ENDED_CARD_LINGER_MS;
    if (hideAt > nowMs) return { kind: 'hide_at', atMs: hideAt, card: ended };
  }
  return { kind: 'hide' };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ScreenCorner = 'top-right' | 'bottom-right' | 'top-left' | 'bottom-left';

/** Places the card in a corner of the display's work area, with a margin. */
export function cardBoundsInCorner(workArea: Rect, size: { width: number; height: number }, corner: ScreenCorner, margin = 16): Rect {
  const right = corner.endsWith('right');
  const bottom = corner.startsWith('bottom');
  return {
    x: right ? workArea.x + workArea.width - size.width - margin : workArea.x + margin,
    y: bottom ? workArea.y + workArea.height - size.height - margin : workArea.y + margin,
    width: size.width,
    height: size.height,
  };
}
