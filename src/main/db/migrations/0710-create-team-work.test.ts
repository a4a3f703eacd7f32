import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0710-create-team-work', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps notes per call, one disposition per call and at most one open callback per caller', async () => {
    db = createDb();
    await migrateTo(db, '0710-create-team-work');
    db.sqlite.prepare(`INSERT INTO call_notes VALUES ('n1', 'openphone:AC1', 'Wants a quote', 'Front desk', 1000, 5)`).run();
    db.sqlite.prepare(`INSERT INTO call_notes VALUES ('n2', 'openphone:AC1', 'Sent it', 'Front desk', 2000, 6)`).run();
    expect(rows(db, 'call_notes')).toHaveLength(2);
    expect(indexNames(db, 'call_notes')).toContain('call_notes_by_call');
    db.sqlite.prepare(`INSERT INTO call_dispositions VALUES ('openphone:AC1', 'resolved', 'Front desk', 1000, 7)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO call_dispositions VALUES ('openphone:AC1', 'sales', 'Front desk', 1000, 8)`).run()).toThrow(/UNIQUE|PRIMARY/);

    const entry = db.sqlite.prepare(
      `INSERT INTO callback_entries (entry_id, phone_e164, business_e164, state, first_started_at_ms, last_missed_at_ms, last_call_id, missed_count, has_voicemail, updated_seq)
       VALUES (?, '+16175550111', '+16175550100', ?, 1000, 1000, ?, 1, 0, 9)`,
    );
    entry.run('openphone:AC2', 'open', 'openphone:AC2');
    expect(() => entry.run('openphone:AC3', 'open', 'openphone:AC3')).toThrow(/UNIQUE/);
    entry.run('openphone:AC4', 'closed', 'openphone:AC4');
    expect(rows(db, 'callback_entries')).toHaveLength(2);
    db.sqlite.prepare(`INSERT INTO callback_calls VALUES ('openphone:AC2', 'openphone:AC2', 1000, 1)`).run();
    db.sqlite.prepare(`INSERT INTO customer_details VALUES ('c1', '["b@example.com"]', NULL, 3)`).run();
    expect(rows(db, 'customer_details')).toEqual([{ customer_id: 'c1', emails_json: '["b@example.com"]', quickbooks_id: null, updated_seq: 3 }]);
  });
});
