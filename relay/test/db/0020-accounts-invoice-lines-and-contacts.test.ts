import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { customerUpserted, planWith, subscriptionWith, talked } from '../../../tests/support/event-builders';
import { ACCOUNTS_VERSION, RelayAccounts } from '../../src/accounts/relay-accounts';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { EventLog } from '../../src/log/event-log';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0020-accounts-invoice-lines-and-contacts';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;
const ADA = '+16175550100';

describe(NAME, () => {
  it("upgrades a relay.db whose accounts were kept by version 3: they are rebuilt from the log, and each invoice reads with its lines and the customer with her emails", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('accounts_invoice_lines');
      const insert = old.prepare('INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES (?, ?, ?, ?, ?, ?)');
      const upserted = customerUpserted('c-ada', 'Ada Lovelace', [ADA], { email: 'ada@example.com' });
      const history: RingsideEvent[] = [
        planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 60 }),
        { ...upserted, data: { ...upserted.data, emails: ['ada@example.com', 'billing@engines.example'], quickbooksId: 'qb-58', address: '12 St James’s Square' } },
        subscriptionWith('s-ada', 'c-ada', 'six', '2026-01-01'),
        talked('a1', ADA, '2026-01-10T10:00:00.000Z', 30 * 60),
      ];
      for (const e of history) insert.run(e.source, e.id, e.type, JSON.stringify(e.lines), JSON.stringify(e), e.receivedAt);
      // A version 3 relay's accounts, as it left them: an invoice row without lines or totals.
      old.prepare("INSERT INTO accounts_state (id, version, applied_seq, clock_ms, catalog_json) VALUES (1, 3, 4, NULL, '{}')").run();
      old.prepare("INSERT INTO accounts_invoices VALUES ('sub:s-ada:2026-01-01', 'c-ada', 'subscription', 'ready', '2026-01-01', 19900, 19900, 'USD', NULL, NULL, 3)").run();
      old.close();

      const db = openRelayDatabase(dir);
      for (const table of ['accounts_invoice_lines', 'accounts_customer_emails', 'accounts_customer_merges']) expect(tableNames(db)).toContain(table);
      const columns = (table: string): string[] => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns('accounts_invoices')).toEqual(expect.arrayContaining(['period_start', 'period_end', 'subtotal_minor', 'tax_minor', 'issued_seq']));
      expect(columns('accounts_customers')).toEqual(expect.arrayContaining(['quickbooks_id', 'address']));
      // The old row takes the defaults until the rebuild fills it.
      expect(db.prepare('SELECT subtotal_minor, issued_seq FROM accounts_invoices').get()).toEqual({ subtotal_minor: 0, issued_seq: 0 });

      const accounts = RelayAccounts.open(db);
      expect(db.prepare('SELECT version FROM accounts_state').pluck().get()).toBe(ACCOUNTS_VERSION);
      expect(accounts.appliedSeq).toBe(4);
      expect(accounts.invoiceOf('c-ada', 'sub:s-ada:2026-01-01')).toMatchObject({
        periodStart: '2026-01-01',
        periodEnd: '2026-02-01',
        subtotalMinor: 19900,
        taxMinor: 0,
        // Issued by the subscription's start (seq 3): its period had begun.
        issuedSeq: 3,
        lines: [{ description: 'six — monthly plan, 2026-01-01 until 2026-02-01', quantity: '1', unit: 'each', unitPriceMinor: 19900, amountMinor: 19900, taxBasisPoints: 0, taxMinor: 0 }],
      });
      expect(accounts.accountOf('c-ada', Date.parse('2026-01-11T00:00:00Z'))).toMatchObject({
        emails: ['ada@example.com', 'billing@engines.example'],
        quickbooksId: 'qb-58',
        address: '12 St James’s Square',
      });
      new EventLog(db, { projection: accounts }).close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
