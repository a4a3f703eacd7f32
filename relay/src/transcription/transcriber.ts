import { readFile } from 'node:fs/promises';
import type { Statement } from 'better-sqlite3';
import { backoffDelay } from '../../../src/shared/backoff/backoff';
import type { Clock } from '../../../src/shared/clock';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { AlertRaiser } from '../alerts/alert-service';
import { CallLines } from '../calls/call-lines';
import type { RelayDatabase } from '../database';
import type { EventLog, LogEntry } from '../log/event-log';
import type { Logger } from '../logger';
import { CallPartyLookup } from '../media/call-party';
import type { MediaStore } from '../media/media-store';
import { requestTranscription } from './transcription-client';
import { failureAlert, failureDetail, transcriptionAlertId, transcriptionFailedEvent, transcriptReadyEvent, type TranscriptionFailureReason } from './transcription-facts';
import { TranscriptionQueue, type TranscriptionKind, type TranscriptionRow } from './transcription-queue';
import type { TranscriptionSettings } from './transcription-settings';
import { readTranscript } from './transcript-reading';

/**
 * Transcribes the recordings and voicemail the relay captured that the provider gave no
 * transcript for (issue 15 §1). It reads the log in order from where it left off (a cursor
 * kept in the database, so a restart loses nothing): a `media.captured` of a call's
 * recording or voicemail is queued to wait TRANSCRIPTION_PROVIDER_WAIT_SECONDS; a provider's
 * `call.transcript_ready` (or a voicemail with its transcript) settles what waits for that
 * call, so no request is made. Once due, the audio is posted to the OpenAI-compatible API,
 * retried with the one backoff rule (at least a 429's retry-after) up to
 * TRANSCRIPTION_MAX_ATTEMPTS; the transcript is appended as `call.transcript_ready` with a
 * stable id, so it is in the log once however often a restart repeats the last step. Audio
 * the API can never read, or tries exhausted, append `call.transcription_failed` and raise
 * an alert. A provider transcript arriving after the relay's changes nothing.
 */

export interface TranscriberDeps {
  db: RelayDatabase;
  log: EventLog;
  settings: TranscriptionSettings & { apiUrl: string };
  store: MediaStore;
  alerts: AlertRaiser;
  logger: Logger;
  clock: Clock;
  random?: () => number;
}

/** Transcriptions at once: each is a few MB up and tens of seconds of the service's work. */
const CONCURRENCY = 2;
const READ_BATCH = 500;
/** The scheduler wakes at least this often, so a clock step never leaves a transcription asleep for long. */
const LONGEST_SLEEP_MS = 60 * 60_000;
/** The log could not take a fact: try the step again after this long. */
const LOG_RETRY_MS = 5_000;

export class Transcriber {
  private readonly queue: TranscriptionQueue;
  private readonly callLines: CallLines;
  private readonly parties: CallPartyLookup;
  private readonly mediaOf: Statement;
  private readonly random: () => number;
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readScheduled = false;
  private closed = false;

  constructor(private readonly deps: TranscriberDeps) {
    this.queue = new TranscriptionQueue(deps.db);
    this.callLines = new CallLines(deps.db);
    this.parties = new CallPartyLookup(deps.db);
    // What media capture knows of a captured piece: whether it is a call's recording or voicemail, and whose.
    this.mediaOf = deps.db.prepare('SELECT kind, call_id, lines FROM media WHERE media_id = ?');
    this.random = deps.random ?? Math.random;
  }

  start(): void {
    // The first start with transcription on reads from now: recordings from before are not sent all at once.
    if (this.queue.cursor() === null) this.queue.setCursor(this.deps.log.headSeq);
    this.unsubscribe = this.deps.log.onCommitted(() => this.scheduleRead());
    this.readLog();
    const waiting = this.queue.waitingCount();
    if (waiting > 0) this.deps.logger.info('resuming transcriptions', { waiting });
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer !== null) clearTimeout(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private scheduleRead(): void {
    if (this.readScheduled || this.closed) return;
    this.readScheduled = true;
    // Off the commit's own path: the listener runs while the log settles its appends.
    setImmediate(() => {
      this.readScheduled = false;
      if (this.closed) return;
      try {
        this.readLog();
        this.pump();
      } catch (error) {
        this.deps.logger.error('transcription could not read the log', { error: describe(error) });
      }
    });
  }

  /** Reads the log from the cursor to its head; each batch and the cursor after it in one transaction. */
  private readLog(): void {
    for (;;) {
      const after = this.queue.cursor() ?? this.deps.log.headSeq;
      const entries = this.deps.log.readAfter(after, READ_BATCH);
      if (entries.length === 0) return;
      const now = this.deps.clock();
      this.queue.transaction(() => {
        for (const entry of entries) this.read(entry, now);
        this.queue.setCursor(entries.at(-1)!.seq);
      });
      if (entries.length < READ_BATCH) return;
    }
  }

  private read(entry: LogEntry, now: number): void {
    // A cheap test before parsing: most events are neither captured media nor transcripts.
    if (!entry.json.includes('"media.captured"') && !entry.json.includes('"call.transcript_ready"') && !entry.json.includes('"call.voicemail_ready"')) return;
    const event = JSON.parse(entry.json) as RingsideEvent;
    switch (event.type) {
      case 'media.captured': {
        const media = this.mediaOf.get(event.data.mediaId) as { kind: string; call_id: string | null; lines: string } | undefined;
        if (media === undefined || media.call_id === null || (media.kind !== 'recording' && media.kind !== 'voicemail')) return;
        const callLines = this.callLines.linesOf(media.call_id);
        const lines = callLines.length > 0 ? callLines : event.lines;
        const audio = { callId: media.call_id, mediaId: event.data.mediaId, kind: media.kind as TranscriptionKind, sha256: event.data.sha256, contentType: event.data.contentType, lines };
        this.queue.enqueue(audio, now + this.deps.settings.providerWaitMs, now);
        return;
      }
      case 'call.transcript_ready':
        if (event.data.transcribedBy === 'ringside' || event.source === 'relay') return;
        if (!event.data.dialogue.some((line) => line.text.trim() !== '')) return;
        this.queue.providerTranscribed(event.data.callId, null, entry.seq, now);
        return;
      case 'call.voicemail_ready':
        if (event.data.transcript === null || event.data.transcript.trim() === '') return;
        this.queue.providerTranscribed(event.data.callId, event.data.voicemail.mediaId, entry.seq, now);
        return;
      default:
        return;
    }
  }

  private pump(): void {
    if (this.closed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const now = this.deps.clock();
    const free = CONCURRENCY - this.running.size;
    if (free > 0) {
      for (const row of this.queue.due(now, CONCURRENCY + this.running.size)) {
        const key = `${row.callId}\u0000${row.mediaId}`;
        if (this.running.has(key) || this.running.size >= CONCURRENCY) continue;
        const run = this.attempt(row)
          .catch((error: unknown) => this.deps.logger.error('transcription failed unexpectedly', { callId: row.callId, mediaId: row.mediaId, error: describe(error) }))
          .finally(() => {
            this.running.delete(key);
            this.pump();
          });
        this.running.set(key, run);
      }
    }
    if (this.running.size >= CONCURRENCY) return; // the next one to finish pumps again
    // Rows under way are still 'waiting': the soonest of the others (their end pumps again).
    const next = this.queue.due(Number.MAX_SAFE_INTEGER, this.running.size + 1).find((row) => !this.running.has(`${row.callId}\u0000${row.mediaId}`));
    if (next === undefined) return;
    this.timer = setTimeout(() => this.pump(), Math.min(Math.max(0, next.nextAttemptAt - now), LONGEST_SLEEP_MS));
  }

  private async attempt(row: TranscriptionRow): Promise<void> {
    const { settings, logger } = this.deps;
    let audio: Buffer;
    try {
      audio = await readFile(this.deps.store.pathOf(row.sha256));
    } catch (error) {
      // Erased (privacy) or removed by hand: nothing to transcribe, nothing to tell.
      this.queue.finish(row, 'gone', row.attempts, `the audio is no longer kept: ${describe(error)}`, this.deps.clock());
      logger.warn('transcription skipped: the audio is no longer kept', { callId: row.callId, mediaId: row.mediaId });
      return;
    }
    const outcome = await requestTranscription({
      apiUrl: settings.apiUrl,
      apiKey: settings.apiKey,
      model: settings.model,
      audio,
      contentType: row.contentType,
      name: row.kind,
      timeoutMs: settings.requestTimeoutMs,
      signal: this.stopping.signal,
    });
    if (!outcome.ok && outcome.permanent === null && outcome.aborted === true) return;
    const now = this.deps.clock();
    const attempts = row.attempts + 1;

    if (outcome.ok) {
      const transcript = readTranscript(outcome.answer);
      try {
        await this.deps.log.append(transcriptReadyEvent(row.callId, row.mediaId, row.lines, transcript, now));
      } catch (error) {
        // Transcribed but not recorded: the next try asks again (the same id keeps the log to one).
        this.queue.retryAt(row, row.attempts, now + LOG_RETRY_MS, `the log could not record the transcript: ${describe(error)}`);
        return;
      }
      this.queue.finish(row, 'done', attempts, null, now);
      logger.info('recording transcribed', { callId: row.callId, mediaId: row.mediaId, quality: transcript.quality, segments: transcript.dialogue.length, attempts });
      return;
    }
    if (outcome.permanent !== null) return this.fail(row, outcome.permanent, attempts, outcome.detail);
    if (attempts >= settings.maxAttempts) {
      const refused = outcome.status !== null && outcome.status >= 400 && outcome.status < 500 && outcome.status !== 429 && outcome.status !== 408;
      return this.fail(row, refused ? 'backend_refused' : 'backend_unreachable', attempts, outcome.detail);
    }
    const delayMs = Math.max(backoffDelay(attempts - 1, this.random, { baseMs: settings.retryBaseMs, capMs: settings.retryCapMs }), outcome.retryAfterMs ?? 0);
    this.queue.retryAt(row, attempts, now + delayMs, outcome.detail);
    logger.warn('transcription failed; retrying', { callId: row.callId, mediaId: row.mediaId, attempts, error: outcome.detail, retryInMs: delayMs });
  }

  private async fail(row: TranscriptionRow, reason: TranscriptionFailureReason, attempts: number, error: string): Promise<void> {
    const now = this.deps.clock();
    this.deps.logger.warn('transcription given up', { callId: row.callId, mediaId: row.mediaId, reason, attempts, error });
    try {
      await this.deps.log.append(transcriptionFailedEvent(row.callId, row.mediaId, row.lines, { reason, detail: failureDetail(reason, row.kind), attempts }, now));
    } catch (appendError) {
      this.queue.retryAt(row, row.attempts, now + LOG_RETRY_MS, `the log could not record the failure: ${describe(appendError)}`);
      return;
    }
    this.queue.finish(row, 'failed', attempts, error, now);
    try {
      const party = this.parties.find(row.callId, row.lines);
      await this.deps.alerts.raise({ alertId: transcriptionAlertId(row.callId, row.mediaId), message: failureAlert(reason, row.kind, party, row.lines), lines: row.lines });
    } catch (alertError) {
      this.deps.logger.error('transcription alert could not be recorded', { callId: row.callId, mediaId: row.mediaId, error: describe(alertError) });
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
