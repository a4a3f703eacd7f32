import { backoffDelay, type BackoffPolicy } from '../../../src/shared/backoff/backoff';
import type { Clock } from '../../../src/shared/clock';
import type { RelayDatabase } from '../database';
import type { CheckHealth } from '../health/check-health';
import type { Logger } from '../logger';
import { alertNotice, type AlertNotice, type OwedNotice } from './alert-notice';
import type { AlertChannelName, AlertSeverity } from './relay-alert-event';

/** A way to reach the owner (email by SMTP, SMS through OpenPhone). */
export interface AlertChannel {
  name: AlertChannelName;
  /** Resolves ok once the message is accepted by the next hop; a failure says why in plain words, no secrets. */
  send(notice: AlertNotice): Promise<{ ok: true } | { ok: false; error: string }>;
  close?(): void;
}

export interface OwedDelivery {
  alertId: string;
  episode: number;
  kind: 'raised' | 'cleared';
  channel: AlertChannelName;
  severity: AlertSeverity;
  message: string;
}

export interface DeliveryObserver {
  sent(channel: AlertChannelName, alerts: number): void;
  failed(channel: AlertChannelName): void;
}

export interface AlertDeliveriesDeps {
  db: RelayDatabase;
  channels: readonly AlertChannel[];
  clock: Clock;
  logger: Logger;
  health: CheckHealth;
  observer: DeliveryObserver;
  /** Messages one channel sends in any hour (RELAY_ALERT_MESSAGES_PER_HOUR); past it, what is owed waits and goes out as one digest. */
  perHour: number;
  backoff: BackoffPolicy;
  random?: () => number;
}

const HOUR_MS = 60 * 60_000;
/** Alerts in one digest; more wait for the next. */
const DIGEST_MAX = 50;
/** The scheduler wakes at least this often, so a clock step never leaves a delivery asleep for long. */
const LONGEST_SLEEP_MS = 5 * 60_000;

interface PendingRow {
  id: number;
  alert_id: string;
  kind: 'raised' | 'cleared';
  severity: AlertSeverity;
  message: string;
  attempts: number;
  created_at_ms: number;
}

/**
 * The mail and SMS owed to the owner, in alert_deliveries (migration 0014) until sent:
 * queued in the transaction that records the alert, sent one channel at a time, a failed
 * send retried with the project's backoff (src/shared/backoff) for as long as it takes,
 * never dropped, and a restart resumes them. Each channel sends at most `perHour` messages
 * in any hour; past that, the owed ones wait and go out together as one digest. A failure
 * is logged, counted (ringside_alert_delivery_failures_total) and recorded as the channel's
 * check failure (alert_email / alert_sms in /healthz).
 */
export class AlertDeliveries {
  readonly configured: ReadonlySet<AlertChannelName>;
  private readonly channels = new Map<AlertChannelName, AlertChannel>();
  private readonly running = new Map<AlertChannelName, Promise<void>>();
  private readonly timers = new Map<AlertChannelName, NodeJS.Timeout>();
  private readonly random: () => number;
  private closed = false;

  constructor(private readonly deps: AlertDeliveriesDeps) {
    for (const channel of deps.channels) this.channels.set(channel.name, channel);
    this.configured = new Set(this.channels.keys());
    this.random = deps.random ?? Math.random;
  }

  /** Called inside the caller's transaction: the owed messages are stored with the alert. */
  enqueue(owed: readonly OwedDelivery[], now: number): void {
    const insert = this.deps.db.prepare(
      `INSERT OR IGNORE INTO alert_deliveries (alert_id, episode, kind, channel, severity, message, created_at_ms, state, next_attempt_at_ms)
       VALUES (@alertId, @episode, @kind, @channel, @severity, @message, @now, 'pending', @now)`,
    );
    for (const delivery of owed) insert.run({ ...delivery, now });
  }

  /** Resumes what a previous run left owed. */
  start(): void {
    this.kick();
  }

  /** Something was queued: send it now. */
  kick(): void {
    for (const name of this.channels.keys()) this.pump(name);
  }

  pendingCount(channel: AlertChannelName): number {
    return this.deps.db.prepare("SELECT count(*) FROM alert_deliveries WHERE state = 'pending' AND channel = ?").pluck().get(channel) as number;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running.values()]);
    for (const channel of this.channels.values()) channel.close?.();
  }

  private pump(name: AlertChannelName): void {
    if (this.closed || this.running.has(name)) return;
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
    const run = this.drain(name)
      .catch((error: unknown) => this.deps.logger.error('alert delivery failed unexpectedly', { channel: name, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.running.delete(name);
        this.schedule(name);
      });
    this.running.set(name, run);
  }

  /** Sends what is due until nothing is, the hour's budget is spent, or a send fails. */
  private async drain(name: AlertChannelName): Promise<void> {
    const channel = this.channels.get(name)!;
    while (!this.closed) {
      const now = this.deps.clock();
      if (this.budget(name, now) <= 0) return;
      const due = this.due(name, now);
      if (due.length === 0) return;
      // Whatever is due goes out in one message when it would not fit in the hour's budget one by one.
      const batch = due.length === 1 || this.budget(name, now) >= due.length ? due.slice(0, 1) : due.slice(0, DIGEST_MAX);
      const notice = alertNotice(batch.map(owedNotice), name);
      const result = await channel.send(notice);
      const at = this.deps.clock();
      if (result.ok) {
        const mark = this.deps.db.prepare("UPDATE alert_deliveries SET state = 'sent', sent_at_ms = ?, batch = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?");
        this.deps.db.transaction(() => {
          for (const row of batch) mark.run(at, batch[0]!.id, row.id);
        })();
        this.deps.health.recordSuccess(name === 'email' ? 'alert_email' : 'alert_sms', at);
        this.deps.observer.sent(name, batch.length);
        this.deps.logger.info('alert sent', { channel: name, alerts: batch.length, alertIds: batch.map((row) => row.alert_id).slice(0, 10) });
        continue;
      }
      const update = this.deps.db.prepare('UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ? WHERE id = ?');
      const delays: number[] = [];
      this.deps.db.transaction(() => {
        for (const row of batch) {
          const delay = backoffDelay(row.attempts, this.random, this.deps.backoff);
          delays.push(delay);
          update.run(at + delay, result.error.slice(0, 500), row.id);
        }
      })();
      this.deps.health.recordFailure(name === 'email' ? 'alert_email' : 'alert_sms', at, result.error);
      this.deps.observer.failed(name);
      this.deps.logger.warn('alert could not be sent; retrying', { channel: name, alerts: batch.length, attempts: batch[0]!.attempts + 1, error: result.error, retryInMs: Math.min(...delays) });
      return;
    }
  }

  private due(name: AlertChannelName, now: number): PendingRow[] {
    return this.deps.db
      .prepare("SELECT id, alert_id, kind, severity, message, attempts, created_at_ms FROM alert_deliveries WHERE state = 'pending' AND channel = ? AND next_attempt_at_ms <= ? ORDER BY id LIMIT ?")
      .all(name, now, DIGEST_MAX) as PendingRow[];
  }

  /** Messages still allowed in the hour ending now (a digest is one message). */
  private budget(name: AlertChannelName, now: number): number {
    const sent = this.deps.db.prepare("SELECT count(DISTINCT batch) FROM alert_deliveries WHERE state = 'sent' AND channel = ? AND sent_at_ms > ?").pluck().get(name, now - HOUR_MS) as number;
    return this.deps.perHour - sent;
  }

  /** Wakes for the next due delivery, or when the hour's budget frees a message. */
  private schedule(name: AlertChannelName): void {
    if (this.closed) return;
    const now = this.deps.clock();
    const next = this.deps.db.prepare("SELECT min(next_attempt_at_ms) FROM alert_deliveries WHERE state = 'pending' AND channel = ?").pluck().get(name) as number | null;
    if (next === null) return;
    let at = next;
    if (this.budget(name, now) <= 0) {
      const oldest = this.deps.db
        .prepare("SELECT min(sent_at_ms) FROM (SELECT batch, max(sent_at_ms) AS sent_at_ms FROM alert_deliveries WHERE state = 'sent' AND channel = ? AND sent_at_ms > ? GROUP BY batch)")
        .pluck()
        .get(name, now - HOUR_MS) as number | null;
      at = Math.max(next, (oldest ?? now) + HOUR_MS);
    }
    const timer = setTimeout(() => this.pump(name), Math.min(Math.max(0, at - now), LONGEST_SLEEP_MS));
    timer.unref();
    this.timers.set(name, timer);
  }
}

function owedNotice(row: PendingRow): OwedNotice {
  return { alertId: row.alert_id, kind: row.kind, severity: row.severity, message: row.message, at: row.created_at_ms };
}
