import type BetterSqlite3 from 'better-sqlite3';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * Issue 15 §4, called for every event inside the apply transaction: the retention policy as
 * last defined, and each part of a relay's redaction recorded as pending. Nothing here
 * reaches the network: the redaction follower (redaction-follower.ts) fetches the rewritten
 * events afterwards. A part already recorded is left as it is, so a re-projection (which
 * applies the log.redacted again) does not follow it twice.
 */
interface PrivacyStatements {
  definePolicy: BetterSqlite3.Statement;
  recordRedaction: BetterSqlite3.Statement;
}

const prepared = new WeakMap<ConsoleDatabase, PrivacyStatements>();

function statements(db: ConsoleDatabase): PrivacyStatements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      definePolicy: db.sqlite.prepare(
        `INSERT INTO retention_policy (id, days_json, defined_by, defined_at_ms, defined_seq) VALUES (1, @days_json, @defined_by, @defined_at_ms, @defined_seq)
         ON CONFLICT (id) DO UPDATE SET days_json = excluded.days_json, defined_by = excluded.defined_by, defined_at_ms = excluded.defined_at_ms, defined_seq = excluded.defined_seq
         WHERE excluded.defined_seq >= retention_policy.defined_seq`,
      ),
      recordRedaction: db.sqlite.prepare(
        `INSERT OR IGNORE INTO privacy_redactions (redaction_id, part, event_seq, reason, customer_id, seqs_json, media_json, state, recorded_at_ms, finished_at_ms, error)
         VALUES (@redaction_id, @part, @event_seq, @reason, @customer_id, @seqs_json, @media_json, 'pending', @recorded_at_ms, NULL, NULL)`,
      ),
    };
    prepared.set(db, s);
  }
  return s;
}

export function projectPrivacy(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  if (event.type === 'retention_policy.defined') {
    statements(db).definePolicy.run({ days_json: JSON.stringify(event.data.days), defined_by: event.data.by, defined_at_ms: Date.parse(event.occurredAt), defined_seq: seq });
  } else if (event.type === 'log.redacted') {
    const d = event.data;
    statements(db).recordRedaction.run({
      redaction_id: d.redactionId,
      part: d.part,
      event_seq: seq,
      reason: d.reason,
      customer_id: d.customerId,
      seqs_json: JSON.stringify(d.seqs),
      media_json: JSON.stringify(d.mediaDeleted),
      recorded_at_ms: Date.parse(event.receivedAt),
    });
  }
}
