import type { Clock } from '../../../src/shared/clock';
import type { AlertRaiser } from '../alerts/alert-service';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import { newLinkAlert, refusedAlert, retryingAlert, savedAlert, type MediaSubject } from './alert-wording';
import { CallPartyLookup } from './call-party';
import { downloadMedia } from './guarded-download';
import { mediaAlertId, mediaCapturedEvent } from './media-facts';
import { mediaCarriedBy, type CarriedMedia } from './media-items';
import type { MediaCredential } from './media-credentials';
import type { MediaMetrics } from './media-metrics';
import { MediaQueue, type MediaRow } from './media-queue';
import type { MediaSettings } from './media-settings';
import { MediaStore } from './media-store';
import { refusalLifted } from './refusal-recheck';
import { afterFailure } from './retry-schedule';

/**
 * Captures provider media when its webhook arrives: every mediaItem of a stored event is
 * queued durably (media-queue.ts), downloaded a few at a time (guarded-download.ts),
 * stored by its SHA-256 (media-store.ts) and recorded with a `media.captured` fact in the
 * log. A failed try is retried with backoff (retry-schedule.ts); one that keeps failing
 * raises a `relay.alert` in plain words, keeps being retried more slowly, and the alert is
 * cleared once the media is saved. Media that cannot be downloaded as things stand (a
 * host not allowed, too large, not media) raises the alert at once and is not retried
 * unless a later event brings a new URL (which clears that alert) or, for a refusal the
 * settings decide, the relay starts with settings that let it through (its alert stays
 * until it is saved, and is not raised again for the same refusal). Started again, the
 * relay resumes every pending download.
 */

export interface MediaCapturerDeps {
  db: RelayDatabase;
  log: EventLog;
  settings: MediaSettings;
  dataDir: string;
  logger: Logger;
  clock: Clock;
  metrics: (queue: MediaQueue) => MediaMetrics;
  /** The relay's alert service: the banner, and the owner's email. */
  alerts: AlertRaiser;
  /** Every piece saved and every failed try, for the media_capture check in /healthz. */
  onOutcome?: (ok: boolean, at: number, reason: string | null) => void;
  /** Providers' media credentials, each sent to its own origin only (Twilio's recordings). */
  credentials?: readonly MediaCredential[];
  random?: () => number;
}

/** Downloads at once: media is a few MB, and a small VPS has one disk and a thin pipe. */
const CONCURRENCY = 4;
const IDLE_TIMEOUT_MS = 30_000;
/** The scheduler wakes at least this often, so a clock step never leaves a download asleep for long. */
const LONGEST_SLEEP_MS = 60 * 60_000;

export class MediaCapturer {
  readonly store: MediaStore;
  readonly queue: MediaQueue;
  private readonly parties: CallPartyLookup;
  private readonly metrics: MediaMetrics;
  private readonly random: () => number;
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly deps: MediaCapturerDeps) {
    this.queue = new MediaQueue(deps.db);
    this.store = MediaStore.at(deps.dataDir);
    this.parties = new CallPartyLookup(deps.db);
    this.metrics = deps.metrics(this.queue);
    this.random = deps.random ?? Math.random;
  }

  /** Resumes the downloads a previous run left pending, and those refused under settings that have changed since. */
  start(): void {
    const now = this.deps.clock();
    let requeued = 0;
    for (const { mediaId, refusal } of this.queue.settingsRefusals()) {
      if (refusalLifted(refusal, this.deps.settings) && this.queue.requeue(mediaId, now)) requeued++;
    }
    if (requeued > 0) this.deps.logger.info('trying refused media again: the settings now allow it', { requeued });
    const pending = this.queue.pendingCount();
    if (pending > 0) this.deps.logger.info('resuming media downloads', { pending });
    this.pump();
  }

  /** A webhook's events are durably stored: queue the media they carry. Never throws (the webhook is stored either way). */
  stored(events: readonly RingsideEvent[]): void {
    if (this.closed) return;
    try {
      const now = this.deps.clock();
      let added = false;
      for (const event of events) {
        for (const media of mediaCarriedBy(event)) {
          const { queued, alertToClear } = this.queue.enqueue(media, now);
          added = queued || added;
          // Appended before the new link is tried, so the log has the clearing before any new alert.
          if (alertToClear !== null) void this.clearSuperseded(media);
        }
      }
      if (added) this.pump();
    } catch (error) {
      this.deps.logger.error('media could not be queued', { error: describe(error) });
    }
  }

  private async clearSuperseded(media: CarriedMedia): Promise<void> {
    const subject: MediaSubject = { kind: media.kind, contentType: media.item.contentType, party: media.party, direction: media.direction, lines: media.lines };
    try {
      await this.deps.alerts.clear(mediaAlertId(media.item.mediaId), newLinkAlert(subject));
    } catch (error) {
      this.deps.logger.error('media alert could not be cleared', { mediaId: media.item.mediaId, error: describe(error) });
    }
  }

  /** Stops scheduling, abandons the tries under way (they stay pending) and waits for them. Before the log closes. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private pump(): void {
    if (this.closed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const now = this.deps.clock();
    const free = CONCURRENCY - this.running.size;
    const busy = new Set(this.running.keys());
    if (free > 0) {
      for (const row of this.queue.due(now, free, busy)) {
        busy.add(row.mediaId);
        const run = this.attempt(row)
          .catch((error: unknown) => this.deps.logger.error('media download failed unexpectedly', { mediaId: row.mediaId, error: describe(error) }))
          .finally(() => {
            this.running.delete(row.mediaId);
            this.pump();
          });
        this.running.set(row.mediaId, run);
      }
    }
    if (this.running.size >= CONCURRENCY) return; // the next one to finish pumps again
    const next = this.nextDueAt(busy);
    if (next === null) return;
    this.timer = setTimeout(() => this.pump(), Math.min(Math.max(0, next - now), LONGEST_SLEEP_MS));
  }

  /** The soonest due time among pending downloads not under way. */
  private nextDueAt(busy: ReadonlySet<string>): number | null {
    const [soonest] = this.queue.due(Number.MAX_SAFE_INTEGER, 1, busy);
    return soonest?.nextAttemptAt ?? null;
  }

  private async attempt(row: MediaRow): Promise<void> {
    const { settings, logger } = this.deps;
    const startedAt = this.deps.clock();
    // Stored before a restart, its fact not yet appended: no need to download it again.
    const kept = row.file !== null && (await this.store.has(row.file.sha256)) ? ({ ok: true, ...row.file } as const) : null;
    const outcome = kept ?? await downloadMedia(row.url, {
      allowedHosts: settings.allowedHosts,
      maxBytes: settings.maxBytes,
      timeoutMs: settings.downloadTimeoutMs,
      idleMs: Math.min(IDLE_TIMEOUT_MS, settings.downloadTimeoutMs),
      declaredType: row.declaredType,
      store: this.store,
      signal: this.stopping.signal,
      credentials: this.deps.credentials,
    });
    if ('aborted' in outcome) return;
    const now = this.deps.clock();
    const attempts = row.attempts + 1;
    const firstAttemptAt = row.firstAttemptAt ?? startedAt;
    // Signed media URLs are capabilities: logs name the host, never the URL.
    const host = hostOf(row.url);

    if (outcome.ok) {
      const file = { sha256: outcome.sha256, contentType: outcome.contentType, bytes: outcome.bytes };
      try {
        this.queue.stored(row.mediaId, file);
        await this.deps.log.append(mediaCapturedEvent(row.mediaId, row.lines, file, now));
        if (row.alertRaised) await this.deps.alerts.clear(mediaAlertId(row.mediaId), savedAlert(this.subject(row, outcome.contentType)));
      } catch (error) {
        // The file is stored; the next try finds the same bytes and records them.
        return this.retryLater(row, attempts, firstAttemptAt, now, `the log could not record it: ${describe(error)}`);
      }
      this.queue.captured(row.mediaId, attempts, now);
      this.deps.onOutcome?.(true, now, null);
      if (kept === null) this.metrics.downloaded(outcome.bytes);
      logger.info('media captured', { mediaId: row.mediaId, host, bytes: outcome.bytes, contentType: outcome.contentType, attempts });
      return;
    }

    if (outcome.refusal !== null) {
      this.metrics.refused();
      logger.warn('media refused', { mediaId: row.mediaId, host, reason: outcome.refusal.reason, detail: outcome.detail });
      const subject = this.subject(row, row.declaredType);
      const words = refusedAlert(subject, outcome.refusal);
      // Tried again after a settings change and refused in the same words: the alert raised then still says it.
      const saidAlready = row.alertRaised && row.refusal !== null && refusedAlert(subject, row.refusal) === words;
      const alerted = saidAlready || (await this.raise(row, words));
      this.queue.refused(row, { attempts, firstAttemptAt, error: outcome.detail, alertRaised: alerted || row.alertRaised, refusal: outcome.refusal });
      return;
    }
    this.metrics.failed();
    this.deps.onOutcome?.(false, now, `a download from ${host} failed: ${outcome.detail}`);
    return this.retryLater(row, attempts, firstAttemptAt, now, outcome.detail);
  }

  private async retryLater(row: MediaRow, attempts: number, firstAttemptAt: number, now: number, error: string): Promise<void> {
    const schedule = afterFailure(attempts, firstAttemptAt, now, this.deps.settings.retry, this.random);
    this.deps.logger.warn('media download failed; retrying', { mediaId: row.mediaId, host: hostOf(row.url), attempts, error, retryInMs: schedule.delayMs });
    let alertRaised = row.alertRaised;
    if (schedule.alertDue && !alertRaised) alertRaised = await this.raise(row, retryingAlert(this.subject(row, row.declaredType)));
    this.queue.failed(row, { attempts, firstAttemptAt, nextAttemptAt: now + schedule.delayMs, error, alertRaised });
  }

  /** Raises the alert through the alert service; false when the log could not take it (the next failure tries again). */
  private async raise(row: MediaRow, message: string): Promise<boolean> {
    try {
      await this.deps.alerts.raise({ alertId: mediaAlertId(row.mediaId), message, lines: row.lines });
      return true;
    } catch (error) {
      this.deps.logger.error('media alert could not be recorded', { mediaId: row.mediaId, error: describe(error) });
      return false;
    }
  }

  private subject(row: MediaRow, contentType: string | null): MediaSubject {
    const known = row.party === null && row.callId !== null ? this.parties.find(row.callId, row.lines) : null;
    return {
      kind: row.kind,
      contentType,
      party: row.party ?? known?.party ?? null,
      direction: row.direction ?? known?.direction ?? null,
      lines: row.lines,
    };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'not a URL';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
