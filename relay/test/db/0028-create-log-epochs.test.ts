import { describe, expect, it } from 'vitest';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { beginLogEpoch, readLogEpochs } from '../../src/log/log-epochs';
import { migrateTo, relayDbAt } from './migration-support';

const NAME = '0028-create-log-epochs';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('gives a log written by the previous relay its first epoch, from seq 0; a restore adds the next', () => {
    const db = relayDbAt(previous);
    migrateTo(db, NAME);
    const [first] = readLogEpochs(db);
    expect(first).toEqual({ epoch: expect.stringMatching(/^[0-9a-f]{32}$/), startsAfterSeq: 0 });
    // Ordered as they began, whatever the clock said: a restore on a machine whose clock is behind.
    const restored = beginLogEpoch(db, 1_234, new Date(Date.UTC(2020, 0, 1)));
    expect(readLogEpochs(db)).toEqual([first, restored]);
    expect(() => db.prepare("INSERT INTO log_epochs VALUES (9, 'x', -1, '2026-12-03T00:00:00.000Z')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('two relays set up apart have different epochs', () => {
    const a = relayDbAt(NAME);
    const b = relayDbAt(NAME);
    expect(readLogEpochs(a)[0]!.epoch).not.toBe(readLogEpochs(b)[0]!.epoch);
    a.close();
    b.close();
  });
});
