import { describe, expect, it } from 'vitest';
import type { CallerCard } from '../../shared/card';
import type { E164 } from '../../shared/phone';
import { cardBoundsInCorner, decideCardWindow, ENDED_CARD_LINGER_MS } from './visibility';

function card(overrides: Partial<CallerCard>): CallerCard {
  return {
    callId: 'AC1',
    phase: 'ringing',
    direction: 'incoming',
    number: '+16175550100' as E164,
    businessNumber: '+16175550199' as E164,
    startedAt: '2026-11-21T10:00:00.000Z',
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    status: 'unknown',
    customer: null,
    plan: null,
    remainingSeconds: null,
    recentCalls: [],
    openInvoices: [],
    notice: 'Unknown caller — pay-per-call',
    pinned: false,
    billing: {
      subscription: null,
      wallet: null,
      rate: { kind: 'pay_per_call', amountMinor: 300, per: 'minute', perCallFeeMinor: 0, currency: 'USD' },
      rounding: { incrementSeconds: 60, minimumBillableSeconds: 60, graceSeconds: 30 },
      banners: [],
    },
    ...overrides,
  };
}

describe('the caller card window', () => {
  const endedAt = '2026-11-21T10:05:00.000Z';
  const endedMs = Date.parse(endedAt);

  it('shows a ringing call even while another call is active', () => {
    const action = decideCardWindow(
      [card({ callId: 'active', phase: 'active', startedAt: '2026-11-21T10:01:00.000Z' }), card({ callId: 'ringing' })],
      endedMs,
    );
    expect(action).toMatchObject({ kind: 'show', card: { callId: 'ringing' } });
  });

  it('keeps an ended call up for a few seconds, then hides', () => {
    const ended = card({ phase: 'ended', endedAt });
    expect(decideCardWindow([ended], endedMs + 1000)).toEqual({ kind: 'hide_at', atMs: endedMs + ENDED_CARD_LINGER_MS, card: ended });
    expect(decideCardWindow([ended], endedMs + ENDED_CARD_LINGER_MS)).toEqual({ kind: 'hide' });
  });

  it('keeps a pinned card up after its call ended', () => {
    const pinned = card({ phase: 'ended', endedAt, pinned: true });
    expect(decideCardWindow([pinned], endedMs + 60_000)).toEqual({ kind: 'show', card: pinned });
  });

  it('hides when there is nothing to show', () => {
    expect(decideCardWindow([], endedMs)).toEqual({ kind: 'hide' });
  });

  it('sits in the bottom-right corner of the work area, clear of the taskbar', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(cardBoundsInCorner(workArea, { width: 380, height: 420 }, 'bottom-right')).toEqual({ x: 1524, y: 604, width: 380, height: 420 });
    expect(cardBoundsInCorner({ x: 1920, y: 0, width: 1280, height: 1024 }, { width: 380, height: 420 }, 'top-left')).toEqual({
      x: 1936,
      y: 16,
      width: 380,
      height: 420,
    });
  });
});
