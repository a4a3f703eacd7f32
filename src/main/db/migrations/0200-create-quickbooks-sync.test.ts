import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows, tableNames } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

const insertInvoice = (db: ConsoleDatabase, key: string, status: string) =>
  db.sqlite
    .prepare(`INSERT INTO invoices VALUES (?, 'c1', 'subscription', ?, '2026-03-01', NULL, NULL, 19900, 0, 19900, 19900, 'USD', NULL, NULL, 11)`)
    .run(key, status);
const setStatus = (db: ConsoleDatabase, key: string, status: string, quickbooksId: string | null = null) =>
  db.sqlite.prepare(`UPDATE invoices SET status = ?, quickbooks_id = COALESCE(?, quickbooks_id) WHERE invoice_key = ?`).run(status, quickbooksId, key);
const jobs = (db: ConsoleDatabase) => rows(db, 'quickbooks_outbox').map((r) => `${String(r.invoice_key)} ${String(r.action)} ${String(r.state)}`).sort();

describe('0200-create-quickbooks-sync', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds the sync tables beside the invoices, keeping what was there', async () => {
    db = createDb();
    await migrateTo(db, '0090-create-invoices');
    insertInvoice(db, 'sub:s0:2026-02-01', 'synced');

    await migrateTo(db, '0200-create-quickbooks-sync');

    expect(rows(db, 'invoices')).toHaveLength(1);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining(['quickbooks_outbox', 'quickbooks_customers', 'quickbooks_customer_phones', 'quickbooks_sync_state', 'quickbooks_sync_log']),
    );
  });

  it('queues an invoice to push the moment it becomes ready, in the same write, once', async () => {
    db = createDb();
    await migrateTo(db, '0200-create-quickbooks-sync');
    insertInvoice(db, 'sub:s1:2026-03-01', 'ready');
    insertInvoice(db, 'usage:c1:2026-03-01', 'draft');
    expect(jobs(db)).toEqual(['sub:s1:2026-03-01 create pending']);

    setStatus(db, 'usage:c1:2026-03-01', 'ready');
    setStatus(db, 'usage:c1:2026-03-01', 'ready');
    expect(jobs(db)).toEqual(['sub:s1:2026-03-01 create pending', 'usage:c1:2026-03-01 create pending']);
  });

  it('queues an upsert that turns a draft ready (the billing projection writes invoices with ON CONFLICT)', async () => {
    db = createDb();
    await migrateTo(db, '0200-create-quickbooks-sync');
    insertInvoice(db, 'usage:c2:2026-03-01', 'draft');
    db.sqlite
      .prepare(
        `INSERT INTO invoices VALUES ('usage:c2:2026-03-01', 'c2', 'usage', 'ready', '2026-03-01', NULL, NULL, 500, 0, 500, 500, 'USD', NULL, NULL, 12)
         ON CONFLICT (invoice_key) DO UPDATE SET status = CASE WHEN invoices.status = 'draft' THEN excluded.status ELSE invoices.status END`,
      )
      .run();
    expect(jobs(db)).toEqual(['usage:c2:2026-03-01 create pending']);
  });

  it('drops a push never attempted when the invoice is voided, and voids in QuickBooks what may be there', async () => {
    db = createDb();
    await migrateTo(db, '0200-create-quickbooks-sync');
    insertInvoice(db, 'call:a', 'ready');
    insertInvoice(db, 'call:b', 'ready');
    insertInvoice(db, 'call:c', 'ready');
    db.sqlite.prepare(`UPDATE quickbooks_outbox SET attempts = 1, state = 'unknown' WHERE invoice_key = 'call:b'`).run();
    db.sqlite.prepare(`DELETE FROM quickbooks_outbox WHERE invoice_key = 'call:c'`).run();

    setStatus(db, 'call:a', 'void');
    setStatus(db, 'call:b', 'void');
    setStatus(db, 'call:c', 'void', '1042');

    expect(jobs(db)).toEqual(['call:b create unknown', 'call:b void pending', 'call:c void pending']);
  });
});
