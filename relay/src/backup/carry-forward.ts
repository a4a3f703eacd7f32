import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { RedactionStore } from '../privacy/redaction-store';

/** What a restore carried from the database it replaced into the restored copy. */
export interface CarriedForward {
  /** Customers erased after the copy was made: their erasure runs again when the relay starts. */
  erasedAgain: string[];
  /** Devices added or revoked after the copy was made, as the replaced database had them. */
  devices: number;
}

/**
 * A copy is older than the database it replaces; two things the newer one knew must not be
 * undone by going back to it. Erasures: each customer erased after the copy's last event is
 * queued again as a new erasure, which the relay runs when it starts (it resumes unfinished
 * redactions), so restoring never brings erased data back. Devices: the device table is taken
 * as the replaced database had it, so a console revoked since the copy stays revoked and one
 * added since keeps working. The replaced database is only read.
 */
export function carryForward(replacedFile: string, restoredFile: string, nowMs: number): CarriedForward {
  const replaced = new Database(replacedFile, { readonly: true, fileMustExist: true });
  const restored = new Database(restoredFile);
  try {
    restored.pragma('busy_timeout = 5000');
    const copyLastAt = restored.prepare("SELECT json_extract(event, '$.receivedAt') FROM events ORDER BY seq DESC LIMIT 1").pluck().get() as string | undefined;
    const hasTable = (name: string): boolean => replaced.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    const erased = hasTable('privacy_redactions')
      ? (replaced
          .prepare("SELECT DISTINCT customer_id FROM privacy_redactions WHERE reason = 'erasure' AND step = 'done' AND finished_at >= ? ORDER BY customer_id")
          .pluck()
          .all(copyLastAt ?? '') as string[])
      : [];
    const devices = replaced.prepare('SELECT id, name, role, numbers, token_hash, created_at, revoked_at FROM devices').all() as Record<string, string | null>[];
    restored.transaction(() => {
      const store = new RedactionStore(restored);
      for (const customerId of erased) {
        store.add({ redactionId: `erasure-${randomUUID()}`, reason: 'erasure', requestId: `after-restore-${randomUUID()}`, customerId, requestedAt: new Date(nowMs).toISOString(), requestedBy: 'Restore from a backup', kinds: ['customer'] });
      }
      restored.prepare('DELETE FROM devices').run();
      const insert = restored.prepare('INSERT INTO devices (id, name, role, numbers, token_hash, created_at, revoked_at) VALUES (@id, @name, @role, @numbers, @token_hash, @created_at, @revoked_at)');
      for (const device of devices) insert.run(device);
    })();
    return { erasedAgain: erased, devices: devices.length };
  } finally {
    replaced.close();
    restored.close();
  }
}
