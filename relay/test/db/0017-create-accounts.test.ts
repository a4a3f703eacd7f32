import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { customerUpserted, planWith, subscriptionWith, talked } from '../../../tests/support/event-builders';
import { RelayAccounts } from '../../src/accounts/relay-accounts';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0017-create-accounts';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;
const ADA = '+16175550100';

describe(NAME, () => {
  it('upgrades a relay.db whose log already has customers and calls: the accounts are built from that log at once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('accounts_state');
      const insert = old.prepare('INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES (?, ?, ?, ?, ?, ?)');
      const history: RingsideEvent[] = [
        planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 60 }),
        customerUpserted('c-ada', 'Ada Lovelace', [ADA], { company: 'Analytical Engines' }),
        subscriptionWith('s-ada', 'c-ada', 'six', '2026-01-01'),
        talked('a1', ADA, '2026-01-10T10:00:00.000Z', 30 * 60),
      ];
      for (const e of history) insert.run(e.source, e.id, e.type, JSON.stringify(e.lines), JSON.stringify(e), e.receivedAt);
      old.close();

      const db = openRelayDatabase(dir);
      for (const table of ['accounts_state', 'accounts_customers', 'accounts_customer_phones', 'accounts_book_phones', 'accounts_books', 'accounts_charges', 'accounts_invoices', 'accounts_invoice_due_dates', 'accounts_payments']) {
        expect(tableNames(db)).toContain(table);
      }
      const accounts = RelayAccounts.open(db);
      expect(accounts.appliedSeq).toBe(4);
      expect(accounts.standingOfNumber(ADA, Date.parse('2026-01-11T00:00:00Z'))).toMatchObject({
        customerId: 'c-ada',
        name: 'Ada Lovelace',
        company: 'Analytical Engines',
        phones: [ADA],
        planId: 'six',
        includedSecondsRemaining: 5.5 * 3600,
      });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
