import type { Statement } from 'better-sqlite3';
import type { Erasure } from '../../../src/shared/relay-rest/privacy';
import type { RetentionKind } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';

export type RedactionStep = 'rewrite' | 'remove_media' | 'scrub' | 'announce' | 'done' | 'failed';
export type RedactionKind = RetentionKind | 'customer';

/** One redaction of the log (migration 0025), as it moves from step to step. */
export interface Redaction {
  redactionId: string;
  reason: 'erasure' | 'retention';
  requestId: string | null;
  customerId: string | null;
  requestedAt: string;
  requestedBy: string;
  step: RedactionStep;
  kinds: RedactionKind[];
  seqs: number[];
  mediaDeleted: string[];
  finishedAt: string | null;
  error: string | null;
}

interface Row {
  redaction_id: string;
  reason: 'erasure' | 'retention';
  request_id: string | null;
  customer_id: string | null;
  requested_at: string;
  requested_by: string;
  step: RedactionStep;
  kinds_json: string;
  seqs_json: string;
  media_json: string;
  finished_at: string | null;
  error: string | null;
}

const fromRow = (row: Row): Redaction => ({
  redactionId: row.redaction_id,
  reason: row.reason,
  requestId: row.request_id,
  customerId: row.customer_id,
  requestedAt: row.requested_at,
  requestedBy: row.requested_by,
  step: row.step,
  kinds: JSON.parse(row.kinds_json) as RedactionKind[],
  seqs: JSON.parse(row.seqs_json) as number[],
  mediaDeleted: JSON.parse(row.media_json) as string[],
  finishedAt: row.finished_at,
  error: row.error,
});

/** The erasure as the REST answers it (src/shared/relay-rest/privacy.ts). Pure. */
export function erasureOf(redaction: Redaction): Erasure {
  return {
    erasureId: redaction.redactionId,
    customerId: redaction.customerId ?? '',
    state: redaction.step === 'done' ? 'done' : redaction.step === 'failed' ? 'failed' : 'running',
    requestedAt: redaction.requestedAt,
    requestedBy: redaction.requestedBy,
    finishedAt: redaction.finishedAt,
    eventsRewritten: redaction.seqs.length,
    mediaDeleted: redaction.mediaDeleted.length,
    error: redaction.error,
  };
}

/** The privacy_redactions table (migration 0025). */
export class RedactionStore {
  private readonly insert: Statement;
  private readonly byIdStatement: Statement;
  private readonly byRequestStatement: Statement;
  private readonly unfinishedStatement: Statement;
  private readonly erasuresStatement: Statement;
  private readonly rewrittenStatement: Statement;
  private readonly stepStatement: Statement;
  private readonly finishStatement: Statement;
  private readonly lastRemovalStatement: Statement;

  constructor(db: RelayDatabase) {
    this.insert = db.prepare(
      `INSERT INTO privacy_redactions (redaction_id, reason, request_id, customer_id, requested_at, requested_by, step, kinds_json)
       VALUES (@redactionId, @reason, @requestId, @customerId, @requestedAt, @requestedBy, 'rewrite', @kindsJson)`,
    );
    this.byIdStatement = db.prepare('SELECT * FROM privacy_redactions WHERE redaction_id = ?');
    this.byRequestStatement = db.prepare('SELECT * FROM privacy_redactions WHERE request_id = ?');
    this.unfinishedStatement = db.prepare("SELECT * FROM privacy_redactions WHERE step NOT IN ('done', 'failed') ORDER BY requested_at, redaction_id");
    this.erasuresStatement = db.prepare("SELECT * FROM privacy_redactions WHERE reason = 'erasure' ORDER BY requested_at DESC, redaction_id DESC LIMIT ?");
    this.rewrittenStatement = db.prepare("UPDATE privacy_redactions SET step = 'remove_media', kinds_json = ?, seqs_json = ?, media_json = ? WHERE redaction_id = ? AND step = 'rewrite'");
    this.stepStatement = db.prepare('UPDATE privacy_redactions SET step = ? WHERE redaction_id = ?');
    this.finishStatement = db.prepare('UPDATE privacy_redactions SET step = ?, finished_at = ?, error = ? WHERE redaction_id = ?');
    this.lastRemovalStatement = db.prepare("SELECT max(finished_at) FROM privacy_redactions WHERE finished_at IS NOT NULL AND (seqs_json <> '[]' OR media_json <> '[]')").pluck();
  }

  add(redaction: Pick<Redaction, 'redactionId' | 'reason' | 'requestId' | 'customerId' | 'requestedAt' | 'requestedBy' | 'kinds'>): Redaction {
    this.insert.run({ ...redaction, kindsJson: JSON.stringify(redaction.kinds) });
    return this.byId(redaction.redactionId)!;
  }

  byId(redactionId: string): Redaction | null {
    const row = this.byIdStatement.get(redactionId) as Row | undefined;
    return row === undefined ? null : fromRow(row);
  }

  byRequest(requestId: string): Redaction | null {
    const row = this.byRequestStatement.get(requestId) as Row | undefined;
    return row === undefined ? null : fromRow(row);
  }

  unfinished(): Redaction[] {
    return (this.unfinishedStatement.all() as Row[]).map(fromRow);
  }

  erasures(limit: number): Redaction[] {
    return (this.erasuresStatement.all(limit) as Row[]).map(fromRow);
  }

  /** Called inside the rewrite's transaction: what it touched is kept for the steps after it. */
  rewritten(redactionId: string, kinds: readonly RedactionKind[], seqs: readonly number[], mediaDeleted: readonly string[]): void {
    this.rewrittenStatement.run(JSON.stringify(kinds), JSON.stringify(seqs), JSON.stringify(mediaDeleted), redactionId);
  }

  step(redactionId: string, step: RedactionStep): void {
    this.stepStatement.run(step, redactionId);
  }

  /** When a redaction that removed anything last finished (done, or failed part-way), in ms; null if none has. Backups made before it still hold what it removed. */
  lastRemovalAtMs(): number | null {
    const at = this.lastRemovalStatement.get() as string | null;
    return at === null ? null : Date.parse(at);
  }

  finish(redactionId: string, at: string, error: string | null): void {
    this.finishStatement.run(error === null ? 'done' : 'failed', at, error, redactionId);
  }
}
