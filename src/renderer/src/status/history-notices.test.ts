import { describe, expect, it } from 'vitest';
import { historyNotices, historyTooltip } from './history-notices';

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

  it('never asks for an update for malformed events: the tooltip says, in plain words, that they were kept and are not shown', () => {
    expect(historyNotices({ reprojection: null, newerEventsSeen: false, unreadableEvents: 3 })).toEqual([]);
    expect(historyTooltip({ unreadableEvents: 3 })).toBe('3 events from the relay could not be read and are not shown. They are kept as received.');
    expect(historyTooltip({ unreadableEvents: 1 })).toBe('1 event from the relay could not be read and is not shown. It is kept as received.');
    expect(historyTooltip({ unreadableEvents: 0 })).toBeUndefined();
    expect(historyTooltip(null)).toBeUndefined();
  });

  it('after a relay was restored from an older backup, says where the events it no longer has were saved and who needs the file', () => {
    expect(historyTooltip({ unreadableEvents: 0, setAside: { events: 2, file: '/home/desk/.config/Ringside/diverged-log-20261203T160000000Z.jsonl' } })).toBe(
      'The relay was restored from a backup that did not have 2 recent events this console had. They were saved to /home/desk/.config/Ringside/diverged-log-20261203T160000000Z.jsonl: give that file to whoever runs the relay so they can be put back.',
    );
    expect(historyTooltip({ setAside: { events: 0, file: null } })).toBe('The relay was restored from a backup, so this console rebuilt its history to match it.');
  });
});
