import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { PortalLinkStore, portalLinkOf } from '../../src/portal/portal-link-store';
import { PortalReads } from '../../src/portal/portal-reads';
import { hashPortalToken, newPortalToken } from '../../src/portal/portal-token';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0021-create-portal-links';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it("upgrades a relay.db written by the previous relay: links are kept by their token's hash only, one per request, and a transcript and an invoice's link are found through their indexes in a log written before", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('portal_links');
      const insert = old.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', ?, ?, '[]', ?, '2026-11-01T00:00:00.000Z')");
      insert.run('t1', 'call.transcript_ready', JSON.stringify({ type: 'call.transcript_ready', data: { callId: 'openphone:AC1', durationSeconds: 9, dialogue: [{ speakerNumber: '+16175550123', speakerUserId: null, text: 'Hello', startSeconds: 0, endSeconds: 1 }] } }));
      insert.run('s1', 'invoice.synced', JSON.stringify({ type: 'invoice.synced', data: { invoiceKey: 'sub:s:2026-11-01', link: 'https://connect.intuit.com/portal/app/pay/abc' } }));
      insert.run('s2', 'invoice.synced', JSON.stringify({ type: 'invoice.synced', data: { invoiceKey: 'sub:s:2026-10-01', link: 'https://qbo.intuit.com/app/invoice?txnId=7' } }));
      old.close();

      const db = openRelayDatabase(dir);
      const links = new PortalLinkStore(db);
      const token = newPortalToken();
      links.add({ linkId: 'pl-1', customerId: 'cust-ada', tokenHash: hashPortalToken(token), requestKey: 'dev:req-1', createdAt: '2026-12-01T10:00:00.000Z', createdBy: 'Front desk', expiresAt: '2026-12-31T10:00:00.000Z' });
      expect(() => links.add({ linkId: 'pl-2', customerId: 'cust-ada', tokenHash: hashPortalToken(newPortalToken()), requestKey: 'dev:req-1', createdAt: '2026-12-01T10:00:00.000Z', createdBy: 'Front desk', expiresAt: null })).toThrow(/UNIQUE/);
      const found = links.ofTokenHash(hashPortalToken(token))!;
      expect(portalLinkOf(found, '2026-12-02T00:00:00.000Z')).toMatchObject({ linkId: 'pl-1', state: 'active' });
      expect(portalLinkOf(found, '2027-01-01T00:00:00.000Z').state).toBe('expired');
      links.revoke('pl-1', '2026-12-03T00:00:00.000Z');
      expect(portalLinkOf(links.ofId('pl-1')!, '2026-12-04T00:00:00.000Z')).toMatchObject({ state: 'revoked', revokedAt: '2026-12-03T00:00:00.000Z' });
      expect(JSON.stringify(db.prepare('SELECT * FROM portal_links').all())).not.toContain(token);

      const reads = new PortalReads(db);
      expect(reads.transcriptOf('openphone:AC1')).toEqual([expect.objectContaining({ text: 'Hello' })]);
      expect(reads.transcriptOf('openphone:AC2')).toBeNull();
      expect(reads.payUrlOf('sub:s:2026-11-01')).toBe('https://connect.intuit.com/portal/app/pay/abc');
      // The bookkeeper's own QuickBooks screen is no page for a customer.
      expect(reads.payUrlOf('sub:s:2026-10-01')).toBeNull();
      expect(reads.recordingsOf('openphone:AC1')).toEqual([]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
