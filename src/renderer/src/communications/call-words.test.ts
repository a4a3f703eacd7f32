import { describe, expect, it } from 'vitest';
import { answeredByText, callDurationText, callStatusText } from './call-words';

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
});
