import type { NoticeChannel, NoticeKind } from '../../../src/shared/notices/notice-kinds';
import type { NoticeEntry } from '../../../src/shared/relay-rest/notices';
import type { RelayDatabase } from '../database';
import type { NoticeWatch } from './decide-notices';

/**
 * The notices owed and sent (notice_outbox, migration 0022): one row per stable key (UNIQUE,
 * so a notice decided twice is stored once), moved pending → sending → sent, or back to
 * pending with its next try, or failed for good (shown to the admin, retried by hand).
 */

export interface QueuedNotice {
  noticeKey: string;
  customerId: string;
  customerName: string;
  kind: NoticeKind;
  channel: NoticeChannel;
  recipient: string;
  subject: string;
  body: string;
  invoiceKey: string | null;
  redact?: { secret: string; replacement: string };
}

export interface OutboxRow {
  notice_id: number;
  notice_key: string;
  customer_id: string;
  customer_name: string;
  kind: NoticeKind;
  channel: NoticeChannel;
  recipient: string;
  subject: string;
  body: string;
  invoice_key: string | null;
  redact_json: string | null;
  state: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** What a notice found 'sending' at start-up says: the relay stopped with the mail perhaps gone. */
export const MAY_HAVE_BEEN_SENT =
  'The relay stopped while sending this notice, so it may have been sent. Check with the customer before you retry it.';

export class NoticeOutbox {
  constructor(private readonly db: RelayDatabase) {}

  /** Call inside the deciding transaction. True when it was new (false: the key was there). */
  add(notice: QueuedNotice, at: string): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO notice_outbox (notice_key, customer_id, customer_name, kind, channel, recipient, subject, body, invoice_key, redact_json, state, attempts, next_attempt_at, created_at)
         VALUES (@noticeKey, @customerId, @customerName, @kind, @channel, @recipient, @subject, @body, @invoiceKey, @redact, 'pending', 0, @at, @at)`,
      )
      .run({ ...notice, redact: notice.redact === undefined ? null : JSON.stringify(notice.redact), at });
    return result.changes > 0;
  }

  has(noticeKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM notice_outbox WHERE notice_key = ?').get(noticeKey) !== undefined;
  }

  byKey(noticeKey: string): OutboxRow | null {
    return (this.db.prepare('SELECT * FROM notice_outbox WHERE notice_key = ?').get(noticeKey) as OutboxRow | undefined) ?? null;
  }

  byId(noticeId: number): OutboxRow | null {
    return (this.db.prepare('SELECT * FROM notice_outbox WHERE notice_id = ?').get(noticeId) as OutboxRow | undefined) ?? null;
  }

  due(at: string, limit: number): OutboxRow[] {
    return this.db.prepare("SELECT * FROM notice_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, notice_id LIMIT ?").all(at, limit) as OutboxRow[];
  }

  nextAttemptAt(): string | null {
    return this.db.prepare("SELECT min(next_attempt_at) FROM notice_outbox WHERE state = 'pending'").pluck().get() as string | null;
  }

  /** Marks it as going out now: found so at start-up, it may have gone. */
  sending(noticeId: number): void {
    this.db.prepare("UPDATE notice_outbox SET state = 'sending', attempts = attempts + 1 WHERE notice_id = ?").run(noticeId);
  }

  sent(row: OutboxRow, providerId: string | null, at: string): void {
    const body = redactedText(row.body, row.redact_json === null ? null : (JSON.parse(row.redact_json) as { secret: string; replacement: string }));
    this.db
      .prepare("UPDATE notice_outbox SET state = 'sent', sent_at = ?, provider_id = ?, last_error = NULL, next_attempt_at = NULL, body = ?, redact_json = NULL WHERE notice_id = ?")
      .run(at, providerId, body, row.notice_id);
  }

  /** A try that could not be made (its channel unavailable, QuickBooks not asked) still counts toward RELAY_NOTICES_MAX_ATTEMPTS. */
  countTry(noticeId: number): void {
    this.db.prepare('UPDATE notice_outbox SET attempts = attempts + 1 WHERE notice_id = ?').run(noticeId);
  }

  retryAt(noticeId: number, at: string, error: string): void {
    this.db.prepare("UPDATE notice_outbox SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE notice_id = ?").run(at, error.slice(0, 500), noticeId);
  }

  /** Final: a portal link's token is replaced in the kept text (only pending and sending rows keep it, to send it). */
  failed(noticeId: number, error: string): void {
    this.db.prepare(`UPDATE notice_outbox SET state = 'failed', next_attempt_at = NULL, last_error = ?, ${REDACTED} WHERE notice_id = ?`).run(error.slice(0, 500), noticeId);
  }

  /** A notice no longer owed when its turn came (a reminder for an invoice paid since): never sent, and gone from the log. */
  drop(noticeId: number): void {
    this.db.prepare("DELETE FROM notice_outbox WHERE notice_id = ? AND state IN ('pending', 'sending')").run(noticeId);
  }

  /** At start-up: a notice left 'sending' may have gone out; it is shown as failed rather than sent twice. */
  settleInterrupted(): number {
    return this.db.prepare(`UPDATE notice_outbox SET state = 'failed', next_attempt_at = NULL, last_error = ?, ${REDACTED} WHERE state = 'sending'`).run(MAY_HAVE_BEEN_SENT).changes;
  }

  /** A failed notice back to pending, due now; null when there is no such failed notice, or it was a portal link (its token is gone from the text: the link is sent again instead). */
  retry(noticeId: number, at: string): OutboxRow | null {
    const changed = this.db.prepare("UPDATE notice_outbox SET state = 'pending', next_attempt_at = ?, attempts = 0 WHERE notice_id = ? AND state = 'failed' AND kind != 'portal_link'").run(at, noticeId).changes;
    return changed === 0 ? null : this.byId(noticeId);
  }

  ofCustomer(customerIds: readonly string[], limit: number): OutboxRow[] {
    if (customerIds.length === 0) return [];
    return this.db
      .prepare(`SELECT * FROM notice_outbox WHERE customer_id IN (${customerIds.map(() => '?').join(', ')}) ORDER BY notice_id DESC LIMIT ?`)
      .all(...customerIds, limit) as OutboxRow[];
  }

  failedRows(limit: number): OutboxRow[] {
    return this.db.prepare("SELECT * FROM notice_outbox WHERE state = 'failed' ORDER BY notice_id DESC LIMIT ?").all(limit) as OutboxRow[];
  }

  watches(): Map<string, NoticeWatch> {
    const rows = this.db.prepare('SELECT customer_id, watch_json FROM notice_watch').all() as { customer_id: string; watch_json: string }[];
    return new Map(rows.map((row) => [row.customer_id, JSON.parse(row.watch_json) as NoticeWatch]));
  }

  /** Call inside the deciding transaction. */
  saveWatches(watches: ReadonlyMap<string, NoticeWatch>): void {
    const upsert = this.db.prepare('INSERT INTO notice_watch (customer_id, watch_json) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET watch_json = excluded.watch_json');
    for (const [customerId, watch] of watches) upsert.run(customerId, JSON.stringify(watch));
  }
}

/** SQL setting a row's kept text with its secret (a portal link's token) replaced, and forgetting the secret. */
const REDACTED = "body = CASE WHEN redact_json IS NULL THEN body ELSE replace(body, json_extract(redact_json, '$.secret'), json_extract(redact_json, '$.replacement')) END, redact_json = NULL";

/** The text with the secret replaced, as kept once final and as recorded anywhere else (the SMS channel's message event). */
export function redactedText(body: string, redact: { secret: string; replacement: string } | null | undefined): string {
  return redact == null ? body : body.split(redact.secret).join(redact.replacement);
}

export function noticeEntryOf(row: OutboxRow): NoticeEntry {
  return {
    noticeId: row.notice_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    state: row.state === 'sending' ? 'pending' : row.state,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.state === 'pending' && row.attempts > 0 ? row.next_attempt_at : null,
    error: row.last_error,
  };
}
