import { createHash } from 'node:crypto';
import type { RelayDatabase } from '../database';

/**
 * The outbound_messages table (migration 0006): one row per requestId a console posted to
 * POST /v1/messages, so a retried post is answered from here instead of sending again.
 */

export type OutboundState = 'sending' | 'sent' | 'failed' | 'unknown';

export interface OutboundRow {
  requestId: string;
  deviceId: string;
  fingerprint: string;
  state: OutboundState;
  messageId: string | null;
  /** The message.recorded event as JSON, once sent. */
  event: string | null;
  seq: number | null;
  errorCode: string | null;
}

/** Who sends what from where to whom: a requestId reused for anything else is refused. */
export function outboundFingerprint(deviceId: string, message: { from: string; to: readonly string[]; content: string }): string {
  return createHash('sha256').update(JSON.stringify([deviceId, message.from, message.to, message.content]), 'utf8').digest('hex');
}

export class OutboundMessages {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => string,
  ) {}

  find(requestId: string): OutboundRow | null {
    const row = this.db.prepare('SELECT * FROM outbound_messages WHERE request_id = ?').get(requestId) as StoredRow | undefined;
    return row === undefined ? null : fromRow(row);
  }

  /** Takes the requestId for one send: a new row, or a failed one tried again. False when it is not free. */
  claim(requestId: string, deviceId: string, fingerprint: string): boolean {
    const at = this.now();
    const result = this.db
      .prepare(
        `INSERT INTO outbound_messages (request_id, device_id, fingerprint, state, created_at, updated_at) VALUES (?, ?, ?, 'sending', ?, ?)
         ON CONFLICT (request_id) DO UPDATE SET state = 'sending', error_code = NULL, updated_at = excluded.updated_at
         WHERE outbound_messages.state = 'failed' AND outbound_messages.fingerprint = excluded.fingerprint`,
      )
      .run(requestId, deviceId, fingerprint, at, at);
    return result.changes === 1;
  }

  markSent(requestId: string, messageId: string, event: string): void {
    this.db.prepare("UPDATE outbound_messages SET state = 'sent', message_id = ?, event = ?, updated_at = ? WHERE request_id = ?").run(messageId, event, this.now(), requestId);
  }

  markRecorded(requestId: string, seq: number): void {
    this.db.prepare('UPDATE outbound_messages SET seq = ?, updated_at = ? WHERE request_id = ?').run(seq, this.now(), requestId);
  }

  markFailed(requestId: string, errorCode: string): void {
    this.db.prepare("UPDATE outbound_messages SET state = 'failed', error_code = ?, updated_at = ? WHERE request_id = ?").run(errorCode, this.now(), requestId);
  }

  markUnknown(requestId: string, errorCode: string): void {
    this.db.prepare("UPDATE outbound_messages SET state = 'unknown', error_code = ?, updated_at = ? WHERE request_id = ?").run(errorCode, this.now(), requestId);
  }
}

interface StoredRow {
  request_id: string;
  device_id: string;
  fingerprint: string;
  state: OutboundState;
  message_id: string | null;
  event: string | null;
  seq: number | null;
  error_code: string | null;
}

function fromRow(row: StoredRow): OutboundRow {
  return {
    requestId: row.request_id,
    deviceId: row.device_id,
    fingerprint: row.fingerprint,
    state: row.state,
    messageId: row.message_id,
    event: row.event,
    seq: row.seq,
    errorCode: row.error_code,
  };
}
