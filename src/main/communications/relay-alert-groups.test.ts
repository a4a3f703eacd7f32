import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { activeAlertGroups, groupedAlertText } from './relay-alert-groups';

const retrying = (party: string) => `A photo from ${party} could not be saved yet; Ringside keeps trying.`;

function alert(alertId: string, message: string, atMs: number, state: 'raised' | 'cleared' = 'raised'): RingsideEvent {
  const at = new Date(atMs).toISOString();
  return { v: EVENT_MODEL_VERSION, id: `${alertId}:${state}:${atMs}`, source: 'relay', occurredAt: at, receivedAt: at, lines: [], type: 'relay.alert', data: { alertId, state, message, severity: 'warning' } };
}

describe('the relay alert banner', () => {
  let db: ConsoleDatabase;
  afterEach(async () => db.close());

  it('2,000 alerts about the same caller’s photos are one line with a count, the list limited and its total told', async () => {
    db = await openConsoleDatabase(':memory:');
    const start = Date.parse('2026-12-01T15:00:00Z');
    const events: RingsideEvent[] = [];
    for (let i = 0; i < 2000; i++) events.push(alert(`media:openphone:MS1:media:${i}`, retrying('+1 617 555 0177'), start + i));
    for (let caller = 0; caller < 7; caller++) events.push(alert(`media:openphone:MS${caller + 2}:media:0`, retrying(`+1 617 555 010${caller}`), start + 10_000 + caller));
    events.push(alert('openphone:key', 'OpenPhone refused the relay’s API key.', start + 20_000));
    applyBatch(db, events.map((event, i) => ({ seq: i + 1, event })));

    const banner = activeAlertGroups(db, 3);
    expect(banner).toMatchObject({ totalGroups: 9, totalAlerts: 2008, latestRaisedAt: new Date(start + 20_000).toISOString() });
    expect(banner.groups.map((g) => g.text)).toEqual([
      'OpenPhone refused the relay’s API key.',
      retrying('+1 617 555 0106'),
      retrying('+1 617 555 0105'),
    ]);
    const all = activeAlertGroups(db, 100).groups;
    expect(all).toHaveLength(9);
    expect(all.at(-1)).toMatchObject({ text: '2000 photos from +1 617 555 0177 could not be saved yet; Ringside keeps trying.', count: 2000, since: new Date(start).toISOString() });

    applyBatch(db, [{ seq: 3000, event: alert('openphone:key', 'The key works again.', start + 30_000, 'cleared') }]);
    expect(activeAlertGroups(db, 100)).toMatchObject({ totalGroups: 8, totalAlerts: 2007 });
  });

  it('counts other pieces of media in their plural, and any other repeated alert with its count', () => {
    expect(groupedAlertText('An audio clip sent to +1 617 555 0100 could not be saved yet; Ringside keeps trying.', 2)).toBe(
      '2 audio clips sent to +1 617 555 0100 could not be saved yet; Ringside keeps trying.',
    );
    expect(groupedAlertText('A call recording with +1 617 555 0100 has trouble.', 1)).toBe('A call recording with +1 617 555 0100 has trouble.');
    expect(groupedAlertText('OpenPhone refused the key.', 3)).toBe('OpenPhone refused the key. (3 times)');
  });
});
