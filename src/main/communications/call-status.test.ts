import { describe, expect, it } from 'vitest';
import { callActivityStatus, type CallFacts } from './call-status';

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
