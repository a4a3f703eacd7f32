import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0660-create-contacts', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('finds a provider contact by any of its numbers', async () => {
    db = createDb();
    await migrateTo(db, '0660-create-contacts');
    db.sqlite.prepare(`INSERT INTO contacts VALUES ('openphone:CT1', 'Ada', NULL, '[]', 1)`).run();
    db.sqlite.prepare(`INSERT INTO contact_phones VALUES ('openphone:CT1', '+16175550100'), ('openphone:CT1', '+16175550101')`).run();
    const found = db.sqlite.prepare(`SELECT c.name FROM contact_phones p JOIN contacts c ON c.contact_id = p.contact_id WHERE p.phone_e164 = '+16175550101'`).all();
    expect(found).toEqual([{ name: 'Ada' }]);
    expect(indexNames(db, 'contact_phones')).toContain('contact_phones_by_phone');
  });
});
