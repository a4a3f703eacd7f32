import { describe, expect, it } from 'vitest';
import { historyNotices } from './history-notices';

describe('the status bar’s word on the history', () => {
  it('says how far a rebuild after an upgrade has come', () => {
    expect(historyNotices({ reprojection: { done: 400, total: 1000 }, newerEventsSeen: false })).toEqual(['Updating history… 40 %']);
    expect(historyNotices({ reprojection: { done: 999_999, total: 1_000_000 }, newerEventsSeen: false })).toEqual(['Updating history… 99 %']);
    expect(historyNotices({ reprojection: { done: 0, total: 0 }, newerEventsSeen: false })).toEqual(['Updating history… 0 %']);
  });

  it('asks for an update when events from a newer Ringside were kept', () => {
    expect(historyNotices({ reprojection: null, newerEventsSeen: true })).toEqual(['Update Ringside to see everything']);
  });

  it('says nothing when the history is current and complete', () => {
    expect(historyNotices({ reprojection: null, newerEventsSeen: false })).toEqual([]);
    expect(historyNotices(null)).toEqual([]);
  });
});
