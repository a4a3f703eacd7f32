import { describe, expect, it } from 'vitest';
import { completed, ringing, unanswered } from '../../../tests/support/event-builders';
import { callerReachedBy, callbackStatusText, missedCallOf, nextCallbackEntry, openEntry, waitsForCallBack } from './callback-rules';

const ADA = '+16175550111';
const T0 = '2026-03-02T15:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function outgoing(callId: string, to: string, startedAt: string) {
  const event = ringing(callId, to, startedAt);
  return { ...event, data: { ...event.data, direction: 'outgoing' as const } };
}

describe('the callback queue rules', () => {
  it('a missed incoming call, with or without a voicemail, puts its caller in the queue; an answered one does not', () => {
    expect(missedCallOf(unanswered('openphone:AC1', ADA, T0))).toMatchObject({ callId: 'openphone:AC1', number: ADA, voicemail: false });
    expect(missedCallOf(unanswered('openphone:AC2', ADA, T0, true))).toMatchObject({ voicemail: true });
    expect(missedCallOf(completed('openphone:AC3', ADA, T0, 60))).toBeNull();
  });

  it('a missed call leaves the queue when the customer is called back', () => {
    const entry = openEntry(Date.parse(T0));
    const callBack = callerReachedBy(outgoing('openphone:AC9', ADA, later(10)))!;
    expect(callBack.reason).toBe('called_back');
    const after = nextCallbackEntry(entry, { kind: 'reached', reached: callBack, atMs: Date.parse(later(10)) });
    expect(after).toMatchObject({ state: 'closed', closedReason: 'called_back', closingCallId: 'openphone:AC9' });
    expect(callbackStatusText(after)).toBe('Called back');
  });

  it('a missed call leaves the queue when the caller calls again and is answered, not when they miss us again', () => {
    const entry = openEntry(Date.parse(T0));
    const answeredLater = callerReachedBy(completed('openphone:AC4', ADA, later(30), 120))!;
    expect(nextCallbackEntry(entry, { kind: 'reached', reached: answeredLater, atMs: 0 })).toMatchObject({ state: 'closed', closedReason: 'answered' });
    expect(callerReachedBy(unanswered('openphone:AC5', ADA, later(40)))).toBeNull();
  });

  it('a call back placed before the missed call started does not clear it', () => {
    const entry = openEntry(Date.parse(T0));
    const earlier = callerReachedBy(outgoing('openphone:AC0', ADA, later(-5)))!;
    expect(nextCallbackEntry(entry, { kind: 'reached', reached: earlier, atMs: 0 })).toBe(entry);
    expect(waitsForCallBack({ startedAtMs: Date.parse(T0) }, Date.parse(later(-5)))).toBe(true);
    expect(waitsForCallBack({ startedAtMs: Date.parse(T0) }, Date.parse(later(5)))).toBe(false);
  });

  it('a claim shows who will call back on every console; another agent may take it over, and a release frees it', () => {
    const claimed = nextCallbackEntry(openEntry(Date.parse(T0)), { kind: 'claim', by: 'Front desk', atMs: 1 });
    expect(callbackStatusText(claimed)).toBe('Front desk will call back');
    const taken = nextCallbackEntry(claimed, { kind: 'claim', by: 'Back office', atMs: 2 });
    expect(taken.claimedBy).toBe('Back office');
    expect(nextCallbackEntry(taken, { kind: 'release', by: 'Back office', atMs: 3 }).claimedBy).toBeNull();
  });

  it('an outcome closes the entry with its note, and a closed entry takes no more claims or outcomes', () => {
    const done = nextCallbackEntry(openEntry(Date.parse(T0)), { kind: 'complete', outcome: 'reached', note: 'Wants a quote', by: 'Front desk', atMs: 5 });
    expect(done).toMatchObject({ state: 'closed', closedReason: 'reached', closedNote: 'Wants a quote' });
    expect(callbackStatusText(done)).toBe('Called back and reached (Front desk)');
    expect(nextCallbackEntry(done, { kind: 'claim', by: 'Back office', atMs: 6 })).toBe(done);
    expect(nextCallbackEntry(done, { kind: 'complete', outcome: 'no_answer', note: '', by: 'Back office', atMs: 7 })).toBe(done);
  });
});
