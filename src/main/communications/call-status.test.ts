import { describe, expect, it } from 'vitest';
import { callActivityStatus, readCallStatus, withStaleness, type CallFacts } from './call-status';

const facts = (overrides: Partial<CallFacts>): CallFacts => ({ completed: false, answered: false, missed: false, forwarded: false, voicemail: false, ...overrides });

describe('the call status a receptionist reads', () => {
  it('rings, then is in progress once answered, then completed', () => {
    expect(callActivityStatus(facts({}))).toBe('ringing');
    expect(callActivityStatus(facts({ answered: true }))).toBe('in_progress');
    expect(callActivityStatus(facts({ answered: true, completed: true }))).toBe('completed');
  });

  it('is never missed while it is still going on: only its end or a missed event says so', () => {
    expect(callActivityStatus(facts({}))).not.toBe('missed');
    expect(callActivityStatus(facts({ completed: true }))).toBe('missed');
    expect(callActivityStatus(facts({ missed: true }))).toBe('missed');
  });

  it('an answered call is never missed, whatever arrived late', () => {
    expect(callActivityStatus(facts({ answered: true, missed: true, completed: true }))).toBe('completed');
  });

  it('an unanswered call with a voicemail or a forward says what happened to it', () => {
    expect(callActivityStatus(facts({ completed: true, voicemail: true }))).toBe('voicemail');
    expect(callActivityStatus(facts({ forwarded: true }))).toBe('forwarded');
    expect(callActivityStatus(facts({ completed: true, forwarded: true }))).toBe('forwarded');
  });
});

describe('a call whose end never arrives', () => {
  const start = Date.parse('2026-12-01T15:00:00Z');
  const plain = (answeredAtMs: number | null) => ({ status: 'ringing', startedAtMs: start, answeredAtMs });

  it('rings for ten minutes, then reads "ended, no end time received" instead of ringing forever', () => {
    expect(readCallStatus(null, plain(null), start + 9 * 60_000)).toBe('ringing');
    expect(readCallStatus(null, plain(null), start + 11 * 60_000)).toBe('ended_unknown');
  });

  it('is in progress for four hours after its answer, then reads ended', () => {
    const answered = start + 60_000;
    expect(readCallStatus(null, plain(answered), answered + 3 * 3_600_000)).toBe('in_progress');
    expect(readCallStatus(null, plain(answered), answered + 4 * 3_600_000 + 1)).toBe('ended_unknown');
    expect(readCallStatus('in_progress', plain(answered), answered + 5 * 3_600_000)).toBe('ended_unknown');
  });

  it('a call that did end keeps its status however old it is', () => {
    expect(readCallStatus('completed', plain(start), start + 30 * 86_400_000)).toBe('completed');
    expect(readCallStatus('missed', plain(null), start + 30 * 86_400_000)).toBe('missed');
    expect(withStaleness('voicemail', { startedAtMs: start, answeredAtMs: null }, start + 86_400_000)).toBe('voicemail');
  });
});
