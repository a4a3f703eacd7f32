import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0610-create-media', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps what a call or message names and what the relay captured apart, joined by mediaId', async () => {
    db = createDb();
    await migrateTo(db, '0610-create-media');
    // The capture may be projected before the message naming the media.
    db.sqlite.prepare(`INSERT INTO media_captures VALUES ('openphone:MS1:media:0', '${'a'.repeat(64)}', 'image/jpeg', 2048)`).run();
    db.sqlite.prepare(`INSERT INTO media_items VALUES ('openphone:MS1:media:0', 'message', 'openphone:MS1', 'media', 0, 'https://media.example/x', 'image/jpeg', NULL)`).run();
    const joined = db.sqlite
      .prepare(`SELECT i.owner_id, c.bytes FROM media_items i LEFT JOIN media_captures c ON c.media_id = i.media_id WHERE i.owner_id = 'openphone:MS1'`)
      .all();
    expect(joined).toEqual([{ owner_id: 'openphone:MS1', bytes: 2048 }]);
    expect(rows(db, 'media_items')).toHaveLength(1);
    expect(indexNames(db, 'media_items')).toContain('media_items_by_owner');
  });
});
