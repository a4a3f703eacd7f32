import { applyWithDueDates } from '../card/open-invoices';
import { forgetBillingBook } from '../billing/store/billing-projection';
import type { Logger } from '../core/logger';
import { checkpointInBackground } from '../db/background-checkpoint';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { LogEntry } from './apply-event';
import { decodeStoredEvent } from './decode-stored-event';
import { KEPT, localLogStatements, newerEventsSeen, unreadableEventCount, type LocalLogStatements } from './local-log';
import { keptWhileHolding, setProjectionMode } from './projection-mode';
import { PROJECTION_VERSION } from './projection-version';

/**
 * Re-projection (DESIGN "A console never forgets"): a console whose projection was
 * built by another PROJECTION_VERSION rebuilds it from its local copy of the log, in
 * the background. Each batch is one bounded transaction and the next waits for the
 * event loop (setImmediate), so caller cards and API calls still answer between
 * them; live events arriving meanwhile are kept and projected in their turn.
 */

/** Every table that is a projection of the log (QuickBooks sync state, the local copy and this console's read marks are not). */
const PROJECTED_TABLES = [
  'calls',
  'customers',
  'customer_phones',
  'plans',
  'subscriptions',
  'billing_accounts',
  'charges',
  'wallet_entries',
  'billing_adjustments',
  'payments',
  'failed_payments',
  'invoices',
  'invoice_lines',
  'invoice_due_dates',
  'call_artifacts',
  'transcript_lines',
  'media_items',
  'media_captures',
  'messages',
  'conversations',
  'conversation_participants',
  'conversation_inbox',
  'conversation_notes',
  'campaigns',
  'contacts',
  'contact_phones',
  'relay_alerts',
  'alert_history',
  'alert_acknowledgements',
  'messaging_policy',
  'provider_users',
  'business_lines',
  'call_notes',
  'call_dispositions',
  'callback_entries',
  'callback_calls',
  'customer_details',
  'quickbooks_tax_mapping',
  'quickbooks_invoice_totals',
  'customer_suggestion_dismissals',
  'call_assistant_decisions',
  'payment_links',
  'payment_outcomes',
  'jobs',
  'job_proposals',
  'job_reviews',
  'job_notes',
  'job_photos',
  'job_history',
  'job_stage_names',
  'job_extractions',
  // After the tables that feed them (their triggers queue what they delete).
  'message_search',
  'message_search_pending',
  'transcript_search',
  'transcript_search_pending',
] as const;

export interface ReprojectionProgress {
  done: number;
  total: number;
}

export interface Reprojection {
  /** Events re-projected so far, of those kept; null once finished. */
  progress(): ReprojectionProgress | null;
  /** Settles when the projection is current (or the re-projection failed, logged). */
  finished: Promise<void>;
  /** Stops after the current batch (the console is stopping); the next start begins again. */
  stop(): void;
}

export interface ReprojectionOptions {
  logger: Logger;
  onProgress: (progress: ReprojectionProgress | null) => void;
  /** Events per transaction: small enough that a card never waits long behind one. */
  batchSize?: number;
  /** How a batch is applied (the core's apply path, with its due dates). */
  apply?: (db: ConsoleDatabase, entries: LogEntry[]) => void;
}

export const REPROJECTION_BATCH = 500;
/** The version keepTheCopyThrough writes: read as another version's, so the projection is rebuilt from the copy. */
const REBUILD_FROM_COPY = 0;
/** Batches between checkpoints of the write-ahead log (background-checkpoint.ts). */
const BATCHES_PER_CHECKPOINT = 4;

/**
 * Called once the database is open, before the relay link starts. Null when the
 * projection is current. A database projected before the local copy existed has no
 * copy to rebuild from: it is cleared to download the log once more, from seq 0.
 */
export function startReprojection(db: ConsoleDatabase, options: ReprojectionOptions): Reprojection | null {
  const statements = localLogStatements(db);
  const state = statements.readState.get();
  if (!reviewKeptUnread(statements) && state?.projection_version === PROJECTION_VERSION) return null;
  if ((state?.kept_from_seq ?? 0) > 0) {
    downloadTheLogAgain(db);
    options.logger.info('projection: this database has no local copy of the log yet; downloading the log again to rebuild it');
    return null;
  }
  if ((statements.count.get()?.total ?? 0) === 0) {
    // Nothing kept, nothing projected from it: a new database is current as it is.
    statements.writeVersion.run(PROJECTION_VERSION);
    return null;
  }
  db.sqlite.transaction(() => clearProjection(db))();
  forgetBillingBook(db);
  setProjectionMode(db, 'holding');
  const initialTotal = statements.count.get()?.total ?? 0;
  const heldBefore = keptWhileHolding(db);
  let done = 0;
  let running = true;
  let stopped = false;
  const progress = (): ReprojectionProgress | null => (running ? { done, total: initialTotal + keptWhileHolding(db) - heldBefore } : null);
  const batchSize = options.batchSize ?? REPROJECTION_BATCH;
  const apply = options.apply ?? ((target, entries) => void applyWithDueDates(target, entries));
  const why = state?.projection_version === REBUILD_FROM_COPY ? 'to match the relay restored from a backup' : `projection version ${state?.projection_version ?? 1} → ${PROJECTION_VERSION}`;
  options.logger.info(`projection: re-projecting ${initialTotal} events from the local copy (${why})`);

  const finished = (async (): Promise<void> => {
    let after = 0;
    let batches = 0;
    try {
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped) return;
        if (batches > 0 && batches % BATCHES_PER_CHECKPOINT === 0) {
          checkpointInBackground(db.sqlite);
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (stopped) return;
        }
        const rows = statements.readAfter.all(after, batchSize);
        if (rows.length === 0) {
          // Caught up with the copy: from here live entries are projected as they arrive.
          statements.writeVersion.run(PROJECTION_VERSION);
          setProjectionMode(db, 'live');
          running = false;
          options.onProgress(null);
          options.logger.info(`projection: re-projected ${done} events`);
          return;
        }
        const entries = rows.map((row): LogEntry => {
          const reading = decodeStoredEvent(JSON.parse(row.json));
          if (reading.kind === 'read' && row.newer !== KEPT.read) statements.markUnderstood.run(row.seq);
          return { seq: row.seq, event: reading.kind === 'read' ? reading.event : null };
        });
        setProjectionMode(db, 'replaying');
        try {
          apply(db, entries);
        } finally {
          setProjectionMode(db, 'holding');
        }
        after = rows[rows.length - 1]!.seq;
        done += rows.length;
        batches += 1;
        options.onProgress(progress());
      }
    } catch (error) {
      running = false;
      options.logger.error(`projection: re-projection stopped at seq ${after}: ${error instanceof Error ? error.message : String(error)}; it starts again when Ringside restarts`);
    }
  })();

  return {
    progress,
    finished,
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * Reads again the events kept unread. One an older console flagged newer that is in
 * fact malformed is flagged unreadable (no update will read it, so it must not ask
 * for one). True when some are readable now: the history is rebuilt, whatever the
 * version says.
 */
function reviewKeptUnread(statements: LocalLogStatements): boolean {
  let readable = false;
  for (const row of statements.readUnread.all()) {
    const kind = decodeStoredEvent(JSON.parse(row.json)).kind;
    if (kind === 'read') readable = true;
    else if (kind === 'unreadable' && row.newer === KEPT.newer) statements.markUnreadable.run(row.seq);
  }
  return readable;
}

/**
 * Forgets the projection and the local copy of the log, so the link downloads the log from
 * seq 0 into them: for a database made before the copy existed, and for a copy the relay's
 * log no longer agrees with (restored from an older backup: diverged-log.ts).
 */
export function downloadTheLogAgain(db: ConsoleDatabase): void {
  const statements = localLogStatements(db);
  db.sqlite.transaction(() => {
    clearProjection(db);
    statements.forget.run();
    statements.restart.run();
    statements.writeVersion.run(PROJECTION_VERSION);
    statements.writeEpoch.run(null);
  })();
  forgetBillingBook(db);
  // A re-projection stopped part-way left it holding what arrives: from seq 0 it is applied as it comes.
  setProjectionMode(db, 'live');
}

/**
 * The relay's log agrees with this console's copy up to `validThrough` only (diverged-log.ts):
 * the copy past it is forgotten, and the projection cleared to be rebuilt from what is left
 * (startReprojection), so only the events after it are downloaded. The epoch is forgotten
 * too: the stream after `validThrough` is of the relay's current one, told when it opens. A
 * copy that does not reach back to seq 0, or a log that agrees with none of it, is downloaded
 * again whole. True when the copy is kept.
 */
export function keepTheCopyThrough(db: ConsoleDatabase, validThrough: number): boolean {
  const statements = localLogStatements(db);
  if (validThrough <= 0 || (statements.readState.get()?.kept_from_seq ?? 0) > 0) {
    downloadTheLogAgain(db);
    return false;
  }
  db.sqlite.transaction(() => {
    clearProjection(db);
    statements.forgetAfter.run(validThrough);
    statements.writeVersion.run(REBUILD_FROM_COPY);
    statements.writeEpoch.run(null);
  })();
  forgetBillingBook(db);
  // Until the rebuild starts, what arrives is applied as it comes (there is nothing to hold it for).
  setProjectionMode(db, 'live');
  return true;
}

function clearProjection(db: ConsoleDatabase): void {
  for (const table of PROJECTED_TABLES) db.sqlite.prepare(`DELETE FROM ${table}`).run();
  db.sqlite.prepare('UPDATE billing_state SET clock_ms = NULL, catalog_json = NULL WHERE id = 1').run();
  db.sqlite.prepare('UPDATE projection_state SET applied_seq = 0, last_event_at_ms = NULL WHERE id = 1').run();
}

/** The history's part of the link status: re-projection progress, whether newer events were kept, how many were malformed. */
export function historyStatus(
  db: ConsoleDatabase | null,
  reprojection: Reprojection | null,
): { reprojection: ReprojectionProgress | null; newerEventsSeen: boolean; unreadableEvents: number } {
  return { reprojection: reprojection?.progress() ?? null, newerEventsSeen: db !== null && newerEventsSeen(db), unreadableEvents: db === null ? 0 : unreadableEventCount(db) };
}
