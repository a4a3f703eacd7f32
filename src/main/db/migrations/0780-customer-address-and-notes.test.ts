import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0780-customer-address-and-notes', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('gives customers projected before no address and empty notes, and keeps both for later ones', async () => {
    db = createDb();
    await migrateTo(db, '0710-create-team-work');
    db.sqlite.prepare(`INSERT INTO customer_details VALUES ('c1', '[]', NULL, 3)`).run();
    await migrateTo(db, '0780-customer-address-and-notes');
    db.sqlite.prepare(`INSERT INTO customer_details VALUES ('c2', '[]', NULL, 4, '12 Oak Street\nSpringfield, MA 01101', 'Gate code 4411')`).run();
    expect(rows(db, 'customer_details')).toEqual([
      { customer_id: 'c1', emails_json: '[]', quickbooks_id: null, updated_seq: 3, address: null, notes: '' },
      { customer_id: 'c2', emails_json: '[]', quickbooks_id: null, updated_seq: 4, address: '12 Oak Street\nSpringfield, MA 01101', notes: 'Gate code 4411' },
    ]);
  });
});
