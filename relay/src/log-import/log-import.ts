import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { RelayAccounts } from '../accounts/relay-accounts';
import type { RelaySettings } from '../config';
import type { RelayDatabase } from '../database';
import { EventLog, type AppendResult } from '../log/event-log';
import { mediaCarriedBy } from '../media/media-items';
import { MediaQueue } from '../media/media-queue';
import { RedactionStore } from '../privacy/redaction-store';
import { receivedAtRefusal } from './clock-rules';
import { HistoryEvents } from './history-events';
import { parseHistoryLine } from './history-line';

export interface ImportReport {
  lines: number;
  imported: number;
  duplicates: number;
  /** Customers erased since the relay was restored, whose erasure runs again at its next start (kept events may name them). */
  erasedAgain: string[];
}

/** A line of the file breaks a rule; nothing of the file was imported. */
export class HistoryRefusedError extends Error {
  override readonly name = 'HistoryRefusedError';
}

export interface ImportOptions {
  db: RelayDatabase;
  settings: RelaySettings;
  file: string;
  nowMs: number;
  /** Called every `progressEvery` events stored, and at the end. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Appends in flight at once: the event log group-commits them. */
const WINDOW = 512;

/**
 * `log import FILE`: appends a history file to the log at the receivedAt of each line
 * (history-line.ts). The whole file is checked first (every line parses and converts, and
 * the clock rules of clock-rules.ts hold), so a refused file stores nothing; then it is
 * appended in order through the event log, media it carries queued for download as the
 * webhook pipeline queues it (the relay fetches it when it starts). An event whose id
 * the log already has is skipped as a duplicate, before the clock rules, so an import
 * that stopped halfway can be run again. The caller makes sure no relay is serving.
 */
export async function importHistory(options: ImportOptions): Promise<ImportReport> {
  const { db, settings, file } = options;
  // The history's events move the relay's accounts as the relay's own appends do.
  const accounts = RelayAccounts.open(db);
  const stored = db.prepare('SELECT 1 FROM events WHERE source = ? AND event_id = ?').pluck();
  const lastReceived = db.prepare("SELECT json_extract(event, '$.receivedAt') FROM events ORDER BY seq DESC LIMIT 1").pluck().get() as string | null | undefined;
  const logLastMs = typeof lastReceived === 'string' ? Date.parse(lastReceived) : null;
  // Events a console kept are received now: after everything stored, however long ago they first were.
  const importedAt = new Date(Math.max(options.nowMs, logLastMs ?? 0)).toISOString();

  // Check: nothing is written unless every line passes.
  const seen = new Set<string>();
  let total = 0;
  let lines = 0;
  {
    const history = new HistoryEvents(db, settings, accounts);
    let previousMs: number | null = null;
    for await (const { number, events, receivedAt } of eventsOf(file, history, importedAt)) {
      lines = number;
      const fresh = events.filter((event) => {
        const key = `${event.source}\u0000${event.id}`;
        if (seen.has(key) || stored.get(event.source, event.id) !== undefined) return false;
        seen.add(key);
        return true;
      });
      if (fresh.length > 0) {
        const refusal = receivedAtRefusal(receivedAt, { previousMs, logLastMs, nowMs: options.nowMs, futureToleranceMs: settings.consoleEventFutureToleranceMs });
        if (refusal !== null) throw new HistoryRefusedError(`line ${number}: ${refusal}`);
      }
      previousMs = Date.parse(receivedAt);
      total += fresh.length;
    }
  }

  // Append, in file order.
  const log = new EventLog(db, { projection: accounts });
  const media = new MediaQueue(db);
  const history = new HistoryEvents(db, settings, accounts);
  const appended = new Set<string>();
  let imported = 0;
  let duplicates = 0;
  let keptImported = false;
  let reported = 0;
  const every = options.progressEvery ?? 10_000;
  let pending: { event: RingsideEvent; result: Promise<AppendResult> }[] = [];
  const settle = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    const results = await Promise.all(batch.map((p) => p.result));
    results.forEach((result, i) => {
      if (result.duplicate) return void (duplicates += 1);
      imported += 1;
      for (const carried of mediaCarriedBy(batch[i]!.event)) media.enqueue(carried, options.nowMs);
    });
    if (imported - reported >= every) {
      reported = imported;
      options.onProgress?.(imported, total);
    }
  };
  try {
    for await (const { events, kept } of eventsOf(file, history, importedAt)) {
      if (kept && events.length > 0) keptImported = true;
      for (const event of events) {
        const key = `${event.source}\u0000${event.id}`;
        if (appended.has(key) || stored.get(event.source, event.id) !== undefined) {
          duplicates += 1;
          continue;
        }
        appended.add(key);
        pending.push({ event, result: log.append(event) });
      }
      if (pending.length >= WINDOW) await settle();
    }
    await settle();
  } finally {
    log.close();
  }
  options.onProgress?.(imported, total);
  return { lines, imported, duplicates, erasedAgain: keptImported ? eraseAgainSinceRestore(db, options.nowMs) : [] };
}

/**
 * Events a console kept come from before the relay was restored; an erasure finished since
 * then never saw them. Each such customer's erasure is queued again, as a new one, and the
 * relay runs it when it starts (it resumes every unfinished redaction): nothing erased comes back.
 */
function eraseAgainSinceRestore(db: RelayDatabase, nowMs: number): string[] {
  const since = db.prepare('SELECT started_at FROM log_epochs ORDER BY ordinal DESC LIMIT 1').pluck().get() as string | undefined;
  if (since === undefined) return [];
  const customers = db
    .prepare("SELECT DISTINCT customer_id FROM privacy_redactions WHERE reason = 'erasure' AND step = 'done' AND finished_at >= ? ORDER BY customer_id")
    .pluck()
    .all(since) as string[];
  const store = new RedactionStore(db);
  for (const customerId of customers) {
    store.add({ redactionId: `erasure-${randomUUID()}`, reason: 'erasure', requestId: `after-import-${randomUUID()}`, customerId, requestedAt: new Date(nowMs).toISOString(), requestedBy: 'History import', kinds: ['customer'] });
  }
  return customers;
}

/** The file's lines as events, numbered from 1; blank lines are skipped. Throws HistoryRefusedError naming the line. */
async function* eventsOf(file: string, history: HistoryEvents, importedAt: string): AsyncGenerator<{ number: number; receivedAt: string; events: RingsideEvent[]; kept: boolean }> {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of reader) {
    number += 1;
    if (text.trim() === '') continue;
    const parsed = parseHistoryLine(text, importedAt);
    if (!parsed.ok) throw new HistoryRefusedError(`line ${number}: ${parsed.error}`);
    const converted = history.eventsOf(parsed.line);
    if (!converted.ok) throw new HistoryRefusedError(`line ${number}: ${converted.error}`);
    yield { number, receivedAt: parsed.line.receivedAt, events: converted.events, kept: parsed.line.kind === 'kept' };
  }
}
