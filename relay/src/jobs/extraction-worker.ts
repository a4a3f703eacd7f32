import type { Clock } from '../../../src/shared/clock';
import { backoffDelay } from '../../../src/shared/backoff/backoff';
import { extractionRecordedData, EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../../src/shared/events/model';
import type { ExtractionOutput } from '../../../src/shared/jobs/extraction/extractor';
import type { EventLog, LogEntry } from '../log/event-log';
import type { Logger } from '../logger';
import { subjectToExtract, type SubjectContext } from './extraction-input';
import type { ExtractionQueue, PendingExtraction } from './extraction-queue';
import type { JobsExtractors } from './jobs-extractors';
import { mayConcernJobs, subjectOfEvent, type SubjectWords } from './subject-of-event';

export interface ExtractionWorkerDeps {
  queue: ExtractionQueue;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  extractors: JobsExtractors;
  context: SubjectContext;
  readEvent(seq: number): RingsideEvent | null;
  threadQuietMinutes: number;
  extractHistory: boolean;
  /** How often due threads are looked for (a thread turns due by the clock, not by an event). */
  pollMs?: number;
}

const CATCH_UP_CHUNK = 1000;
const DUE_PER_ROUND = 20;
/** Rounds of asking the model (each of the client's own three tries), with the one backoff between, before its answer is given up on. */
const MODEL_ATTEMPTS = 3;
const MODEL_BACKOFF = { baseMs: 2000, capMs: 120_000 };

/**
 * Issue 15 §2 on the relay: reads every committed event (log.onCommitted, and the log from its
 * cursor at start), queues the subjects whose words came (ExtractionQueue), and extracts each
 * when due: a call's transcript and a voicemail at once, a thread once quiet for
 * JOBS_THREAD_QUIET_MINUTES (again after new texts). The offline extraction goes out first (the
 * job is on the board within moments); the model's, when configured, follows as the next
 * revision. Each is appended as extraction.recorded with the event id
 * `extraction:<kind>:<id>:<revision>`, so one tried again after a restart is a duplicate.
 */
export class ExtractionWorker {
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** How far the log was read; written with the words it brought (and at close), so irrelevant commits cost no write. */
  private readSeq = 0;

  constructor(private readonly deps: ExtractionWorkerDeps) {}

  start(): void {
    this.readSeq = this.deps.queue.cursor;
    // Catch up with what was committed while the relay was down (or since the cursor was last written).
    for (;;) {
      const entries = this.deps.log.readAfter(this.readSeq, CATCH_UP_CHUNK);
      if (entries.length === 0) break;
      this.committed(entries);
    }
    this.unsubscribe = this.deps.log.onCommitted((entries) => {
      try {
        this.committed(entries);
      } catch (error) {
        this.deps.logger.error('jobs: the words of new events could not be queued for extraction', { error: describe(error) });
      }
    });
    this.timer = setInterval(() => this.kick(), this.deps.pollMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.deps.queue.record([], this.readSeq, () => 0);
  }

  /** Runs what is due now (the worker also looks by itself every pollMs). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.kick();
      }
    });
  }

  private committed(entries: readonly LogEntry[]): void {
    const seen: { seq: number; words: SubjectWords }[] = [];
    let through = this.readSeq;
    for (const entry of entries) {
      if (entry.seq <= this.readSeq) continue;
      through = entry.seq;
      if (!mayConcernJobs(entry.json)) continue;
      const event = JSON.parse(entry.json) as RingsideEvent;
      const words = subjectOfEvent(event, { extractHistory: this.deps.extractHistory });
      if (words !== null) seen.push({ seq: entry.seq, words });
    }
    if (through === this.readSeq) return;
    const now = this.deps.clock();
    const quietMs = this.deps.threadQuietMinutes * 60_000;
    if (seen.length > 0) this.deps.queue.record(seen, through, (words) => (words.waitsForQuiet ? now + quietMs : now));
    this.readSeq = through;
    if (seen.some((item) => !item.words.waitsForQuiet)) this.kick();
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const due = this.deps.queue.due(this.deps.clock(), DUE_PER_ROUND);
      if (due.length === 0) return;
      for (const item of due) {
        if (this.closed) return;
        try {
          await this.extract(item);
        } catch (error) {
          // The log refused or is closing: the subject stays due and is tried again.
          this.deps.logger.error('jobs: an extraction could not be stored; it will be tried again', { subject: item.kind, error: describe(error) });
          this.deps.queue.retryAt(item, this.deps.clock() + backoffDelay(item.attempts, Math.random, MODEL_BACKOFF));
          return;
        }
      }
    }
  }

  private async extract(item: PendingExtraction): Promise<void> {
    const { deps } = this;
    const events = deps.queue.membersOf(item.kind, item.id).flatMap((seq) => deps.readEvent(seq) ?? []);
    const subject = subjectToExtract(item.kind, item.id, events, deps.context, deps.clock() + deps.threadQuietMinutes * 60_000);
    if (subject === null) return deps.queue.dropped(item);
    let output: ExtractionOutput;
    let extractor: 'offline' | 'offline+model' = 'offline';
    try {
      output = deps.extractors.offline.extract(subject.input);
    } catch (error) {
      deps.logger.error('jobs: the offline extractor failed on a subject; it is left unread', { subject: item.kind, error: describe(error) });
      return deps.queue.dropped(item);
    }
    if (item.stage === 'model') {
      const ask = deps.extractors.model;
      if (ask === null) return deps.queue.dropped(item);
      try {
        const answer = await ask(subject.input);
        // An answer that is not an extraction: the offline one, already out, stands.
        if (answer === null) return deps.queue.dropped(item);
        output = deps.extractors.merge(output, answer);
        extractor = 'offline+model';
      } catch (error) {
        if (this.closed) return;
        const permanent = (error as { permanent?: unknown }).permanent === true;
        if (permanent || item.attempts + 1 >= MODEL_ATTEMPTS) {
          deps.logger.warn('jobs: the language model did not answer; the offline extraction stands', { subject: item.kind, attempts: item.attempts + 1, error: describe(error) });
          return deps.queue.dropped(item);
        }
        deps.queue.retryAt(item, deps.clock() + backoffDelay(item.attempts, Math.random, MODEL_BACKOFF));
        return;
      }
    }
    const nowIso = new Date(deps.clock()).toISOString();
    const extractionId = `${item.kind}:${item.id}`;
    const data = extractionRecordedData.parse({
      extractionId,
      subject: { kind: item.kind, id: item.id },
      callId: subject.callId,
      conversationId: subject.conversationId,
      customerId: subject.customerId,
      extractor,
      outcome: output.outcome,
      appointments: output.appointments.slice(0, 10),
      mediaIds: subject.mediaIds.slice(0, 200),
    });
    const event: EventOf<'extraction.recorded'> = {
      v: EVENT_MODEL_VERSION,
      id: `extraction:${extractionId}:${item.revision}`,
      source: 'relay',
      occurredAt: nowIso,
      receivedAt: nowIso,
      lines: subject.lines,
      type: 'extraction.recorded',
      data,
    };
    const { seq } = await deps.log.append(event);
    const modelNext = extractor === 'offline' && deps.extractors.model !== null;
    deps.queue.extracted(item, extractor, seq, nowIso, modelNext ? deps.clock() : null);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
