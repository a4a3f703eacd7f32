import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../../shared/events/model';
import { shownTranscript, splitOnMatches } from './transcript-lines';

const call = { number: '+16175550142', businessNumber: '+16175550199', customerName: 'Ada Lovelace', answeredBy: 'Dana' };
const line = (speakerNumber: string | null, speakerUserId: string | null, text: string, startSeconds: number): TranscriptLine => ({
  speakerNumber,
  speakerUserId,
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
    expect(shownTranscript(lines, { ...call, answeredBy: null }, '')[0]?.speaker).toBe('You');
    expect(shownTranscript(lines, { ...call, answeredBy: 'US123abc' }, '')[0]?.speaker).toBe('You');
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
