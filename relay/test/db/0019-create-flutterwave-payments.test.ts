import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { LinkStore } from '../../src/payments/link-store';
import { jobKeyOf, VerificationQueue } from '../../src/providers/flutterwave/verification-queue';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0019-create-flutterwave-payments';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: the verifier starts at the beginning of the log, one job per transaction, and links are kept per request', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('flutterwave_verifications');
      old.close();
      const db = openRelayDatabase(dir);
      const queue = new VerificationQueue(db);
      expect(queue.cursor()).toBe(0);
      const job = { jobKey: jobKeyOf('charge', '8100001'), kind: 'charge' as const, subjectId: '8100001', email: null, webhookSeq: 7 };
      queue.enqueue([job], 7, 1_000);
      queue.failed(job.jobKey, 'Flutterwave answered 503', 5_000, 1_000);
      queue.enqueue([{ ...job, webhookSeq: 9 }], 9, 2_000);
      expect(queue.cursor()).toBe(9);
      expect(queue.dueJobs(2_000, 10)).toEqual([expect.objectContaining({ jobKey: 'charge:8100001', attempts: 1, webhookSeq: 7, nextAtMs: 2_000, lastError: 'Flutterwave answered 503' })]);
      queue.done(job.jobKey, 'received', 12, 2_500);
      expect(queue.dueJobs(10_000, 10)).toEqual([]);
      expect(queue.pendingCount()).toBe(0);

      const links = new LinkStore(db);
      links.begin({ requestKey: 'dev:req-1', linkId: 'rs-topup-a', customerId: 'c1', email: 'a@b.test', purpose: 'top_up', planId: null, amountMinor: 100, currency: 'USD' }, 1);
      links.begin({ requestKey: 'dev:req-1', linkId: 'rs-topup-b', customerId: 'c1', email: 'a@b.test', purpose: 'top_up', planId: null, amountMinor: 100, currency: 'USD' }, 2);
      links.completed('rs-topup-b', 'https://pay.test/x', 3);
      expect(links.byRequest('dev:req-1')).toMatchObject({ linkId: 'rs-topup-b', url: 'https://pay.test/x', seq: 3 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
