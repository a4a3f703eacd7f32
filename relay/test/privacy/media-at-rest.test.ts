import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRelayDatabase } from '../../src/database';
import { MediaStore } from '../../src/media/media-store';

/** Issue 15 §4: recordings, photos and the log on the relay are readable by the relay's user only. */
const scratch = mkdtempSync(path.join(tmpdir(), 'ringside-at-rest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('media and the log at rest', () => {
  it("keeps captured media in folders and files only the relay's user can open", async () => {
    const store = MediaStore.at(path.join(scratch, 'data'));
    const sha256 = 'ab'.repeat(32);
    const temporary = store.temporary();
    await new Promise<void>((resolve, reject) => temporary.stream.end(Buffer.from('a recording'), () => resolve()).on('error', reject));
    await store.commit(temporary.path, sha256);
    const file = store.pathOf(sha256);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(modeOf(path.dirname(path.dirname(file)))).toBe(0o700);
    expect(modeOf(store.root)).toBe(0o700);
  });

  it('makes the data directory, relay.db and its WAL readable by the relay user only, also when they were made open before', () => {
    const dataDir = path.join(scratch, 'relay', 'data');
    const db = openRelayDatabase(dataDir);
    db.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('console', 'e1', 't', '[]', '{}', 'now')").run();
    expect(modeOf(dataDir)).toBe(0o700);
    for (const name of ['relay.db', 'relay.db-wal', 'relay.db-shm']) expect(modeOf(path.join(dataDir, name))).toBe(0o600);
    db.close();

    const older = path.join(scratch, 'older');
    const opened = openRelayDatabase(older);
    opened.close();
    chmodSync(older, 0o755);
    chmodSync(path.join(older, 'relay.db'), 0o644);
    openRelayDatabase(older).close();
    expect(modeOf(older)).toBe(0o700);
    expect(modeOf(path.join(older, 'relay.db'))).toBe(0o600);
  });
});
