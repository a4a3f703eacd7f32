import { describe, expect, it } from 'vitest';
import type { CallTranscriptLine } from '../../../shared/api/communications';
import { shownTranscript, splitOnMatches } from './transcript-lines';

const call = { number: '+16175550142', businessNumber: '+16175550199', customerName: 'Ada Lovelace', answeredBy: 'Dana' };
const line = (speakerNumber: string | null, speakerUserId: string | null, text: string, startSeconds: number, speakerName: string | null = null): CallTranscriptLine => ({
  speakerNumber,
  speakerUserId,
  speakerName,
  text,
  startSeconds,
  endSeconds: startSeconds + 4,
});

describe('a call transcript as the detail panel shows it', () => {
  const lines = [
    line('+16175550199', 'US123', 'Thanks for calling, this is Dana.', 0),
    line('+16175550142', null, 'Hi, my invoice looks too high.', 4.2),
    line(null, null, 'Let me check the overage on it.', 65),
  ];

  it('names the caller by their customer name and our side by who answered, with times from the start', () => {
    expect(shownTranscript(lines, call, '').map(({ speaker, ours, at }) => ({ speaker, ours, at }))).toEqual([
      { speaker: 'Dana', ours: true, at: '0:00' },
      { speaker: 'Ada Lovelace', ours: false, at: '0:04' },
      { speaker: 'Unknown speaker', ours: false, at: '1:05' },
    ]);
    // Not "You" on every console: the line's name, else the team.
    expect(shownTranscript(lines, { ...call, answeredBy: null, lineName: 'Front desk' }, '')[0]?.speaker).toBe('Front desk');
    expect(shownTranscript(lines, { ...call, answeredBy: null }, '')[0]?.speaker).toBe('The team');
  });

  it('names a workspace user who spoke by their own name, whoever answered', () => {
    const spoken = [line('+16175550199', 'USsam', 'Sam here, I took over from Dana.', 0, 'Sam Ortiz'), line('+16175550199', 'USdana', 'Bye!', 5)];
    expect(shownTranscript(spoken, call, '').map((shown) => shown.speaker)).toEqual(['Sam Ortiz', 'Dana']);
    expect(shownTranscript(spoken, { ...call, answeredBy: null }, '').map((shown) => shown.speaker)).toEqual(['Sam Ortiz', 'The team']);
  });

  it('keeps only the lines that contain the search, whatever the case, and marks the matches', () => {
    expect(shownTranscript(lines, call, 'INVOICE').map((shown) => shown.index)).toEqual([1]);
    expect(splitOnMatches('Overage on the overage', 'overage')).toEqual([
      { text: 'Overage', match: true },
      { text: ' on the ', match: false },
      { text: 'overage', match: true },
    ]);
  });
});
