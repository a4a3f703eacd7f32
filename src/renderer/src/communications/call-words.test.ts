import { describe, expect, it } from 'vitest';
import { answeredByText, callDurationText, callProviderName, callStatusText } from './call-words';

describe('how a call reads in the Communications list', () => {
  it('says who answered a call that is still going on, and never "missed" while it rings or goes on', () => {
    expect(callStatusText({ status: 'in_progress', answeredBy: 'Dana' })).toBe('In progress · answered by Dana');
    expect(callStatusText({ status: 'in_progress', answeredBy: null })).toBe('In progress');
    expect(callStatusText({ status: 'ringing', answeredBy: null })).toBe('Ringing');
    expect(callStatusText({ status: 'voicemail', answeredBy: null })).toBe('Voicemail');
  });

  it('counts a call in progress up from its answer and shows an ended call as h:mm:ss', () => {
    const answeredAt = '2026-03-02T10:00:00.000Z';
    expect(callDurationText({ status: 'in_progress', answeredAt, durationSeconds: 0 }, Date.parse(answeredAt) + 75_000)).toBe('1:15');
    expect(callDurationText({ status: 'completed', answeredAt, durationSeconds: 3_725 }, 0)).toBe('1:02:05');
    expect(callDurationText({ status: 'missed', answeredAt: null, durationSeconds: 0 }, 0)).toBe('—');
  });

  it('names nobody for an unanswered call and nothing while it rings', () => {
    expect(answeredByText({ status: 'missed', answeredAt: null, answeredBy: null })).toBe('Nobody');
    expect(answeredByText({ status: 'ringing', answeredAt: null, answeredBy: null })).toBe('');
    expect(answeredByText({ status: 'completed', answeredAt: '2026-03-02T10:00:00Z', answeredBy: 'Dana' })).toBe('Dana');
    // Answered by someone the provider's directory does not name.
    expect(answeredByText({ status: 'completed', answeredAt: '2026-03-02T10:00:00Z', answeredBy: null })).toBe('The team');
  });

  it('a forwarded call says where it went in its status, not in "answered by"', () => {
    expect(callStatusText({ status: 'forwarded', answeredBy: null, forwardedTo: '+16175559999' })).toBe('Forwarded to +1 617 555 9999');
    expect(callStatusText({ status: 'forwarded', answeredBy: null, forwardedTo: null })).toBe('Forwarded');
    expect(answeredByText({ status: 'forwarded', answeredAt: null, answeredBy: null })).toBe('');
  });

  it('a call whose end never arrived says so in plain words, with no ticking talk time', () => {
    expect(callStatusText({ status: 'ended_unknown', answeredBy: 'Dana' })).toBe('Ended — no end time received');
    expect(callDurationText({ status: 'ended_unknown', answeredAt: '2026-03-02T10:00:00Z', durationSeconds: 0 }, Date.parse('2026-03-02T18:00:00Z'))).toBe('—');
  });

  it('names the phone service that carried the call, a Twilio call as Twilio', () => {
    expect(callProviderName(`twilio:CA${'b'.repeat(32)}`)).toBe('Twilio');
    expect(callProviderName('openphone:AC123')).toBe('OpenPhone');
    expect(callProviderName('vapi:3f2a')).toBe('Vapi');
    expect(callProviderName('constructor:x')).toBeNull();
    expect(callProviderName('no-provider')).toBeNull();
  });
});
