import { describe, expect, it } from 'vitest';
import { PresenceBoard } from '../../src/stream/presence-board';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function board(readsAfterClose: { count: number }, closedFlag: { closed: boolean }) {
  const published: string[] = [];
  const presence = new PresenceBoard({
    devices: () => {
      // The relay's device list comes from its database: read after close, it throws as better-sqlite3 does.
      if (closedFlag.closed) {
        readsAfterClose.count++;
        throw new TypeError('The database connection is not open');
      }
      return [];
    },
    online: () => new Set<string>(),
    lastSeenAt: () => null,
    publish: (frame) => published.push(frame),
  });
  return { presence, published };
}

describe('the presence board', () => {
  it('sends one frame for every change made in the same turn', async () => {
    const { presence, published } = board({ count: 0 }, { closed: false });
    presence.changed();
    presence.setOnCall('device-1', 'call-1');
    presence.disconnected('device-1');
    await turn();
    expect(published).toHaveLength(1);
  });

  it('a change scheduled just before the relay stops builds no frame after its database has closed', async () => {
    const reads = { count: 0 };
    const database = { closed: false };
    const { presence, published } = board(reads, database);
    presence.changed();
    presence.close();
    database.closed = true;
    await turn();
    expect(reads.count).toBe(0);
    expect(published).toEqual([]);
  });
});
