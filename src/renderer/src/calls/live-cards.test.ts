import { describe, expect, it } from 'vitest';
import type { CallerCard } from '../../../shared/card';
import type { E164 } from '../../../shared/phone';
import { applyCardUpdate, applyInitialCards, chooseCardWindowCard, emptyLiveCards, groupByPhase, removeCard } from './live-cards';

const t0 = Date.parse('2026-03-02T15:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

function card(callId: string, phase: CallerCard['phase'], startedAtS: number, extra: Partial<CallerCard> = {}): CallerCard {
  return {
    callId,
    phase,
    direction: 'incoming',
    number: '+16175550100' as E164,
    businessNumber: '+16175550199' as E164,
    startedAt: at(startedAtS),
    answeredAt: phase === 'ringing' ? null : at(startedAtS + 5),
    endedAt: phase === 'ended' ? at(startedAtS + 60) : null,
    durationSeconds: phase === 'ended' ? 55 : null,
    status: 'unknown',
    customer: null,
    plan: null,
    remainingSeconds: null,
    recentCalls: [],
    openInvoices: [],
    notice: 'Unknown caller',
    pinned: false,
    billing: {
      subscription: null,
      wallet: null,
      rate: { kind: 'pay_per_call', amountMinor: 300, per: 'minute', perCallFeeMinor: 0, currency: 'USD' },
      rounding: { incrementSeconds: 60, minimumBillableSeconds: 60, graceSeconds: 30 },
      banners: [],
    },
    ...extra,
  };
}

describe('live cards in the renderer', () => {
  it('a pushed update replaces the card of the same call', () => {
    const ringing = applyCardUpdate(emptyLiveCards, card('a', 'ringing', 0));
    const answered = applyCardUpdate(ringing, card('a', 'active', 0));
    expect([...answered.values()].map((c) => c.phase)).toEqual(['active']);
  });

  it('an update pushed while the initial list was loading is not overwritten by it', () => {
    const pushed = applyCardUpdate(emptyLiveCards, card('a', 'ended', 0));
    const loaded = applyInitialCards(pushed, [card('a', 'ringing', 0), card('b', 'ringing', 10)]);
    expect(loaded.get('a')?.phase).toBe('ended');
    expect(loaded.get('b')?.phase).toBe('ringing');
  });

  it('groups calls by phase, newest first, keeping only the latest ended ones', () => {
    let cards = emptyLiveCards;
    for (let i = 0; i < 8; i++) cards = applyCardUpdate(cards, card(`ended-${i}`, 'ended', i));
    cards = applyCardUpdate(cards, card('old-ring', 'ringing', 100));
    cards = applyCardUpdate(cards, card('new-ring', 'ringing', 200));
    cards = applyCardUpdate(cards, card('talk', 'active', 50));
    const groups = groupByPhase(cards, 3);
    expect(groups.ringing.map((c) => c.callId)).toEqual(['new-ring', 'old-ring']);
    expect(groups.active.map((c) => c.callId)).toEqual(['talk']);
    expect(groups.ended.map((c) => c.callId)).toEqual(['ended-7', 'ended-6', 'ended-5']);
  });

  it('a dismissed card is gone', () => {
    const cards = removeCard(applyCardUpdate(emptyLiveCards, card('a', 'ended', 0)), 'a');
    expect(cards.size).toBe(0);
  });
});

describe('the caller card window', () => {
  it('shows a ringing call before an active one, and an active one before a pinned one', () => {
    let cards = applyCardUpdate(emptyLiveCards, card('pinned', 'ended', 300, { pinned: true }));
    cards = applyCardUpdate(cards, card('talk', 'active', 0));
    expect(chooseCardWindowCard(cards, t0)?.callId).toBe('talk');
    cards = applyCardUpdate(cards, card('ring', 'ringing', 10));
    expect(chooseCardWindowCard(cards, t0)?.callId).toBe('ring');
  });

  it('keeps an ended call for 8 seconds, then shows nothing', () => {
    const cards = applyCardUpdate(emptyLiveCards, card('a', 'ended', 0));
    const endedAt = t0 + 60_000;
    expect(chooseCardWindowCard(cards, endedAt + 7_999)?.callId).toBe('a');
    expect(chooseCardWindowCard(cards, endedAt + 8_000)).toBeNull();
  });

  it('keeps a pinned card after its call ended', () => {
    const cards = applyCardUpdate(emptyLiveCards, card('a', 'ended', 0, { pinned: true }));
    expect(chooseCardWindowCard(cards, t0 + 3_600_000)?.callId).toBe('a');
  });
});

describe('a console that went offline', () => {
  const cards = [card('old-ring', 'ringing', 0), card('new-ring', 'ringing', 100), card('talking', 'active', 10)].reduce(applyCardUpdate, emptyLiveCards);
  const nowMs = t0 + 130_000;

  it('shows a card still ringing from before the drop as "ringing when the connection dropped", not as live', () => {
    const groups = groupByPhase(cards, 6, { offline: true, nowMs });
    expect(groups.dropped.map((c) => c.callId)).toEqual(['old-ring']);
    expect(groups.ringing.map((c) => c.callId)).toEqual(['new-ring']);
    expect(groups.active.map((c) => c.callId)).toEqual(['talking']);
    expect(chooseCardWindowCard(applyCardUpdate(emptyLiveCards, card('old-ring', 'ringing', 0)), nowMs, true)).toBeNull();
  });

  it('believes ringing cards again once online, and the real state replaces the stale card when it arrives', () => {
    expect(groupByPhase(cards, 6, { offline: false, nowMs }).dropped).toEqual([]);
    expect(groupByPhase(cards, 6, { offline: false, nowMs }).ringing.map((c) => c.callId)).toEqual(['new-ring', 'old-ring']);
    const answered = applyCardUpdate(cards, card('old-ring', 'ended', 0));
    const groups = groupByPhase(answered, 6, { offline: true, nowMs });
    expect(groups.dropped).toEqual([]);
    expect(groups.ended.map((c) => c.callId)).toEqual(['old-ring']);
  });
});
