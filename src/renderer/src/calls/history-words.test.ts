import { describe, expect, it } from 'vitest';
import { callStatusText } from '../communications/call-words';
import { historyTalkTimeText } from './history-words';

const answeredAt = '2026-03-02T10:00:05.000Z';
const endedAt = '2026-03-02T10:03:05.000Z';

describe('a call as the History page lists it', () => {
  it('never says Missed for a call still ringing or in progress, and says who answered', () => {
    expect(callStatusText({ status: 'ringing', answeredBy: null })).toBe('Ringing');
    expect(historyTalkTimeText({ answeredAt: null, endedAt: null, durationSeconds: 0 })).toBe('—');
    expect(callStatusText({ status: 'in_progress', answeredBy: 'Dana Whitfield' })).toBe('In progress · answered by Dana Whitfield');
    expect(historyTalkTimeText({ answeredAt, endedAt: null, durationSeconds: 0 })).toBe('—');
    for (const status of ['ringing', 'in_progress'] as const) expect(callStatusText({ status, answeredBy: null })).not.toMatch(/missed/i);
  });

  it('gives an ended call its outcome and its talk time', () => {
    expect(callStatusText({ status: 'missed', answeredBy: null })).toBe('Missed');
    expect(historyTalkTimeText({ answeredAt: null, endedAt, durationSeconds: 0 })).toBe('—');
    expect(callStatusText({ status: 'completed', answeredBy: 'Dana Whitfield' })).toBe('Completed');
    expect(historyTalkTimeText({ answeredAt, endedAt, durationSeconds: 180 })).toBe('3 min');
  });
});
