import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LOG_EPOCH_HEADER } from '../../../src/shared/relay-protocol';
import { restoreBackup } from '../../src/backup/backup-restore';
import { makeBackup } from '../../src/backup/relay-backup';
import { openRelayDatabase } from '../../src/database';
import { runRelayCli, startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { headSeq, missedCallDelivery, postSigned } from '../support/webhooks';

/**
 * Backup and restore of a SQLite relay as an operator does it: the real relay process taking
 * webhooks, `npm run relay -- backup now|list|restore` beside it, and streams opened by
 * consoles before and after the restore.
 */

const root = mkdtempSync(path.join(tmpdir(), 'ringside-restore-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the relay answers a stream upgrade: the status, the log epoch it names, the refusal's body. */
async function openStream(relay: RelayProcess, token: string, after: number, epoch?: string): Promise<{ status: number; epoch: string | null; body: { error?: string; validThrough?: number } }> {
  const query = new URLSearchParams({ after: String(after), ...(epoch === undefined ? {} : { epoch }) });
  const ws = new WebSocket(`${relay.wsUrl}/v1/stream?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => {
      resolve({ status: 101, epoch: (res.headers[LOG_EPOCH_HEADER] as string | undefined) ?? null, body: {} });
      setImmediate(() => ws.close());
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, epoch: null, body: JSON.parse(text) as { error?: string; validThrough?: number } });
        ws.terminate();
      });
    });
    ws.once('error', reject);
  });
}

describe('backup and restore of a SQLite relay', () => {
  it('a copy made while webhooks arrive restores the log up to its seq; the relay resumes after it and tells consoles that hold more', async () => {
    const dataDir = path.join(root, 'relay-data');
    const backupDir = path.join(root, 'backups');
    const relay = await startRelayProcess({ dataDir, env: { RELAY_BACKUP_DIR: backupDir } });
    const cli = (args: string[]) => runRelayCli(['backup', ...args], { RELAY_DATA_DIR: dataDir, RELAY_BACKUP_DIR: backupDir, RELAY_LOG_LEVEL: 'warn' });
    try {
      const token = await relay.addDevice('Front desk', 'admin');
      const tablet = await relay.addDevice('Old tablet', 'agent');
      for (let i = 0; i < 5; i++) await postSigned(relay, missedCallDelivery().body);
      const before = await openStream(relay, token, 5);
      expect(before.status).toBe(101);
      expect(before.epoch).toMatch(/^[0-9a-f]{32}$/);

      // A copy while the relay runs and keeps answering.
      const made = await cli(['now']);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/backed up the log up to seq 5 to .*relay-\d{8}T\d{9}Z-seq000000005\.db/);
      const [copy] = readdirSync(backupDir).filter((name) => name.endsWith('.db'));
      for (let i = 0; i < 3; i++) await postSigned(relay, missedCallDelivery().body);
      expect(await headSeq(relay)).toBe(8);
      // Since the copy: a tablet revoked, a device added, a customer erased. Going back to the copy undoes none of it.
      await relay.revokeDevice('Old tablet');
      const nightDesk = await relay.addDevice('Night desk', 'agent');
      const live = new Database(path.join(dataDir, 'relay.db'));
      live.prepare("INSERT INTO privacy_redactions (redaction_id, reason, request_id, customer_id, requested_at, requested_by, step, seqs_json, finished_at) VALUES ('erasure-x', 'erasure', 'rx', 'cus-erased', ?, 'Back office', 'done', '[3]', ?)").run(new Date().toISOString(), new Date().toISOString());
      live.close();
      const listed = await cli(['list']);
      expect(listed.stdout).toContain(copy);
      expect(listed.stdout).toMatch(/LOG UP TO SEQ[\s\S]*\b5\b/);

      // Never under a running relay.
      const refused = await cli(['restore', path.join(backupDir, copy!)]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/is using RELAY_DATA_DIR .*: stop it, restore, then start it again/);

      await relay.kill();
      // A file that is not a backup changes nothing.
      const garbage = path.join(root, 'not-a-backup.db');
      writeFileSync(garbage, 'this is not a database');
      const bad = await cli(['restore', garbage]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/nothing was restored: .*not-a-backup\.db/);

      const restored = await cli(['restore', path.join(backupDir, copy!)]);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/the log now ends at seq 5/);
      expect(restored.stdout).toMatch(/devices: 3, as the replaced database had them/);
      expect(restored.stdout).toMatch(/1 customers erased since the copy was made \(cus-erased\) are erased again when the relay starts/);
      const replaced = readdirSync(dataDir).filter((name) => /^relay\.db\.replaced-[0-9TZ]+$/.test(name));
      expect(replaced).toHaveLength(1);

      await relay.restart();
      // The log holds the copy's 5 events, then the erasure run again at start announces itself (log.redacted).
      await vi.waitFor(async () => expect(await headSeq(relay)).toBe(6), { timeout: 15_000 });
      expect((await postSigned(relay, missedCallDelivery().body)).seq).toBe(7);

      // The restored log is a new epoch: a console that was at seq 8 is refused and told its copy agrees up to 5.
      const ahead = await openStream(relay, token, 6, before.epoch!);
      expect(ahead.status).toBe(409);
      expect(ahead.body).toMatchObject({ validThrough: 5 });
      expect(ahead.body.error).toMatch(/restored from a backup ending at seq 5/);
      // One that was behind the copy's end resumes, and is told the new epoch.
      const behind = await openStream(relay, token, 4, before.epoch!);
      expect(behind.status).toBe(101);
      expect(behind.epoch).toMatch(/^[0-9a-f]{32}$/);
      expect(behind.epoch).not.toBe(before.epoch);
      expect((await openStream(relay, nightDesk, 0)).status).toBe(101);
      expect((await openStream(relay, tablet, 0)).status).toBe(401);
      // A copy of some other log agrees with nothing.
      const stranger = await openStream(relay, token, 2, 'f'.repeat(32));
      expect(stranger).toMatchObject({ status: 409, body: { validThrough: 0 } });
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it('restores over a relay.db too damaged to open, keeping the damaged file and its WAL aside', async () => {
    const dataDir = path.join(root, 'damaged');
    const backupDir = path.join(root, 'damaged-backups');
    const db = openRelayDatabase(dataDir);
    db.prepare("INSERT INTO devices (id, name, role, numbers, token_hash, created_at) VALUES ('d1', 'Front desk', 'agent', '[]', 'h', '2026-12-03T00:00:00.000Z')").run();
    const made = await makeBackup({ dataDir, backupDir, keep: 5, purgeBeforeMs: null, nowMs: Date.now() });
    db.close();
    writeFileSync(path.join(dataDir, 'relay.db'), 'the disk scrambled this file');
    writeFileSync(path.join(dataDir, 'relay.db-wal'), 'and this one');

    const restored = await restoreBackup(made.file, dataDir, Date.now());
    expect(readFileSync(restored.replacedAs!, 'utf8')).toBe('the disk scrambled this file');
    expect(readFileSync(`${restored.replacedAs!}-wal`, 'utf8')).toBe('and this one');
    const reopened = openRelayDatabase(dataDir);
    expect(reopened.prepare('SELECT name FROM devices').pluck().all()).toEqual(['Front desk']);
    reopened.close();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.restoring-'))).toEqual([]);
  });

  it('refuses a backup folder inside the data directory, naming both settings', async () => {
    const dataDir = path.join(root, 'inside');
    const run = await runRelayCli(['serve'], { RELAY_DATA_DIR: dataDir, RELAY_BACKUP_DIR: path.join(dataDir, 'backups'), RELAY_PORT: '0' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/RELAY_BACKUP_DIR .* must be outside RELAY_DATA_DIR/);
    expect(existsSync(path.join(dataDir, 'backups'))).toBe(false);
  });
});
