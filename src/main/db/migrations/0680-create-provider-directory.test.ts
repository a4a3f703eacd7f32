import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0680-create-provider-directory', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it("keeps each provider user once per provider, found by id, and each line once with both of its names", async () => {
    db = createDb();
    await migrateTo(db, '0680-create-provider-directory');
    const user = db.sqlite.prepare('INSERT INTO provider_users (provider, provider_user_id, name, email, updated_seq) VALUES (?, ?, ?, ?, ?)');
    user.run('openphone', 'USdana', 'Dana Whitfield', null, 3);
    user.run('twilio', 'USdana', 'Someone else', null, 3);
    expect(() => user.run('openphone', 'USdana', 'Dana', null, 4)).toThrow(/UNIQUE|PRIMARY/);
    expect(indexNames(db, 'provider_users')).toContain('provider_users_by_id');
    db.sqlite.prepare("INSERT INTO business_lines (number_e164, defined_name, updated_seq) VALUES ('+16175550100', 'Front desk', 5)").run();
    expect(() => db.sqlite.prepare("INSERT INTO business_lines (number_e164, updated_seq) VALUES ('+16175550100', 6)").run()).toThrow(/UNIQUE|PRIMARY/);
    expect(rows(db, 'business_lines')).toEqual([
      { number_e164: '+16175550100', provider: null, provider_line_id: null, synced_name: null, defined_name: 'Front desk', user_ids_json: '[]', updated_seq: 5 },
    ]);
  });
});
