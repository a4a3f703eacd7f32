import type { Statement } from 'better-sqlite3';
import { backoffDelay } from '../../../../src/shared/backoff/backoff';
import type { Clock } from '../../../../src/shared/clock';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../../../src/shared/events/model';
import type { AlertRaiser } from '../../alerts/alert-service';
import type { RelayDatabase } from '../../database';
import type { EventLog, LogEntry } from '../../log/event-log';
import type { Logger } from '../../logger';
import type { FlutterwaveClient, VerifiedTransaction } from './flutterwave-client';
import { PaymentRecords, teamLines } from './payment-records';
import { linksToLookUp, lookupHorizonMs } from './reconcile-schedule';
import { decideCharge, flutterwaveSubscriptionId, type RenewalMatch } from './verification-decision';
import { jobKeyOf, REFUSED_ERROR_PREFIX, VerificationQueue, type VerificationJob } from './verification-queue';
import { FLUTTERWAVE_WEBHOOK_TYPE_PREFIX, readFlutterwaveWebhook } from './webhook-payload';

/**
 * Turns stored Flutterwave webhooks into payments, only after Flutterwave's verification
 * endpoint confirmed them (docs/providers/flutterwave.md §4). It reads every stored webhook
 * from the log (from its cursor at start-up, then as each commit lands), keeps one durable job
 * per transaction, asks `GET /transactions/{id}/verify`, and appends `payment.received` or
 * `payment.failed` under the event id `flutterwave:<transaction id>`: once per transaction
 * whatever the replays, restarts or concurrent deliveries, since the log refuses a second
 * event with that id. While Flutterwave cannot answer, jobs wait with the one backoff rule;
 * after FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS failed tries the owner is alerted, and the
 * alert is cleared once verifications go through again. A cancelled subscription is read
 * back from Flutterwave before Ringside's is cancelled.
 */

export interface PaymentVerifierDeps {
  db: RelayDatabase;
  log: EventLog;
  client: FlutterwaveClient;
  logger: Logger;
  clock: Clock;
  alerts: AlertRaiser;
  settings: { verifyRetryCapMs: number; verifyAlertAfterAttempts: number; reconcileMs: number; paymentPlans: Readonly<Record<string, string>> };
  /** The business's time zone: a cancellation's effectiveDate is today there. */
  timeZone: string;
  /** Every business line of the team: payment facts carry them, so every agent console sees them. */
  everyLine: () => readonly string[];
  random?: () => number;
}

const RETRY_BASE_MS = 1_000;
/** A charge still pending at Flutterwave is looked at again this often (its settling webhook usually comes first). */
const PENDING_RECHECK_MS = 10 * 60_000;
/**
 * A transaction Flutterwave will not confirm (a 404, a 403 page from its firewall, an answer off
 * its schema) is asked again with the backoff for this long, then every REFUSED_SLOW_RETRY_MS:
 * never dropped. Its alert stays open meanwhile.
 */
const REFUSED_BACKOFF_FOR_MS = 3 * 24 * 3_600_000;
const REFUSED_SLOW_RETRY_MS = 6 * 3_600_000;
const BATCH = 20;
const CONCURRENCY = 4;
const LONGEST_SLEEP_MS = 60 * 60_000;
const CLOSE_GRACE_MS = 2_000;
export const VERIFICATION_ALERT_ID = 'flutterwave:verification';
export const SECRET_KEY_ALERT_ID = 'flutterwave:secret-key';

export class FlutterwavePaymentVerifier {
  private readonly queue: VerificationQueue;
  private readonly records: PaymentRecords;
  private readonly random: () => number;
  private readonly flutterwavePlanToRingside: ReadonlyMap<string, string>;
  private timer: NodeJS.Timeout | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private lastReconcileAtMs: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private unsubscribe: (() => void) | null = null;
  private readonly scanAfter: Statement;

  constructor(private readonly deps: PaymentVerifierDeps) {
    this.queue = new VerificationQueue(deps.db);
    this.records = new PaymentRecords(deps.db);
    this.random = deps.random ?? Math.random;
    this.flutterwavePlanToRingside = new Map(Object.entries(deps.settings.paymentPlans).map(([ringside, flutterwave]) => [flutterwave, ringside]));
    this.scanAfter = deps.db.prepare("SELECT seq, event FROM events WHERE source = 'flutterwave' AND type = 'provider.unnormalized' AND seq > ? ORDER BY seq LIMIT 500");
  }

  get pendingCount(): number {
    return this.queue.pendingCount();
  }

  /** Queues what a previous run stored but had not queued, then follows the log. */
  start(): void {
    for (;;) {
      const rows = this.scanAfter.all(this.queue.cursor()) as { seq: number; event: string }[];
      if (rows.length === 0) break;
      this.noticed(rows.map((row) => ({ seq: row.seq, json: row.event })));
    }
    this.unsubscribe = this.deps.log.onCommitted((entries) => {
      const ours = entries.filter((entry: LogEntry) => entry.source === 'flutterwave');
      if (ours.length > 0) this.noticed(ours);
    });
    this.kick();
    const period = this.deps.settings.reconcileMs;
    if (period > 0) {
      this.reconcileTimer = setInterval(() => {
        if (this.reconciling === null) this.reconciling = this.reconcile().finally(() => (this.reconciling = null));
      }, period);
      this.reconcileTimer.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    // A call to Flutterwave may take up to its 30 s timeout; its job is durable, so a stop need not wait that long.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
    await Promise.race([Promise.all([this.running, this.reconciling]), grace]);
  }

  /**
   * The reconciliation by reference: recent links are looked up at Flutterwave
   * (verify_by_reference) on their schedule (reconcile-schedule.ts); a transaction found that
   * no webhook brought is queued and verified by its id like any. Failures wait for the next look-up.
   */
  private async reconcile(): Promise<void> {
    const { clock, settings, logger, client } = this.deps;
    const now = clock();
    const due = linksToLookUp(this.records.linksMadeBetween(now - lookupHorizonMs(settings.reconcileMs), now), this.lastReconcileAtMs, now, settings.reconcileMs);
    this.lastReconcileAtMs = now;
    let found = 0;
    for (const link of due) {
      if (this.closed) return;
      const answer = await client.verifyByReference(link.linkId);
      if (!answer.ok || answer.value.status.toLowerCase() === 'pending') continue;
      if (this.queue.found({ jobKey: jobKeyOf('charge', answer.value.id), kind: 'charge', subjectId: answer.value.id, email: null, webhookSeq: 0 }, clock())) found++;
    }
    if (found > 0) {
      logger.warn('Flutterwave payments found without their webhook; verifying them', { found });
      this.kick();
    }
  }

  private noticed(entries: readonly { seq: number; json: string }[]): void {
    const jobs: Parameters<VerificationQueue['enqueue']>[0][number][] = [];
    for (const entry of entries) {
      const event = JSON.parse(entry.json) as RingsideEvent;
      if (event.type !== 'provider.unnormalized' || !event.data.providerType.startsWith(FLUTTERWAVE_WEBHOOK_TYPE_PREFIX)) continue;
      const read = readFlutterwaveWebhook(event.raw);
      if (!read.ok || read.webhook.kind === 'other') continue;
      const { webhook } = read;
      if (webhook.kind === 'charge') jobs.push({ jobKey: jobKeyOf('charge', webhook.transactionId), kind: 'charge', subjectId: webhook.transactionId, email: null, webhookSeq: entry.seq });
      // One job per stored cancellation webhook: a subscription cancelled, reactivated and cancelled again has two.
      else jobs.push({ jobKey: jobKeyOf('subscription_cancelled', `${webhook.subscriptionId}:${entry.seq}`), kind: 'subscription_cancelled', subjectId: webhook.subscriptionId, email: webhook.email, webhookSeq: entry.seq });
    }
    this.queue.enqueue(jobs, entries.at(-1)!.seq, this.deps.clock());
    if (jobs.length > 0) this.kick();
  }

  private kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.runDue().catch((error: unknown) => this.deps.logger.error('the Flutterwave verifier stopped on an error', { error: error instanceof Error ? error.message : String(error) })).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.schedule();
    });
  }

  private schedule(): void {
    if (this.closed) return;
    const next = this.queue.nextDueAtMs();
    if (next === null) return;
    const wait = Math.min(Math.max(0, next - this.deps.clock()), LONGEST_SLEEP_MS);
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async runDue(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const jobs = this.queue.dueJobs(this.deps.clock(), BATCH);
      if (jobs.length === 0) return;
      // A few at a time: each waits on Flutterwave and on a durable append, and their appends share a group commit.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < jobs.length && !this.closed) {
          const job = jobs[next++]!;
          try {
            await this.settle(job);
          } catch (error) {
            // Stopping: the log or the database is closing under the call; the job stays for the next start.
            if (this.closed) return;
            // The log could not take the event (or a bug): the job stays and is tried again.
            this.retryLater(job, `the result could not be recorded: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (this.closed) return;
      await this.reviewAlert();
    }
  }

  private async settle(job: VerificationJob): Promise<void> {
    if (job.kind === 'charge') return this.settleCharge(job);
    return this.settleCancellation(job);
  }

  private async settleCharge(job: VerificationJob): Promise<void> {
    const { client, clock, logger } = this.deps;
    const answer = await client.verifyTransaction(job.subjectId);
    if (!answer.ok) {
      if (answer.kind === 'refused') return this.refused(job, answer.httpStatus, answer.message);
      if (answer.kind === 'unauthorized') {
        // Trying again cannot help until the key is changed: the owner is told at once, and the payment waits.
        await this.alert({ alertId: SECRET_KEY_ALERT_ID, severity: 'critical', message: "Flutterwave refuses the relay's secret key (FLUTTERWAVE_SECRET_KEY), so payments cannot be confirmed and nothing is credited. Copy the secret key from Flutterwave's dashboard (Settings → API keys) into the relay's settings and restart it; the waiting payments are then confirmed." });
        return this.retryLater(job, `Flutterwave refuses the relay's secret key (FLUTTERWAVE_SECRET_KEY): ${answer.message}`);
      }
      return this.retryLater(job, answer.message);
    }
    if (this.deps.alerts.isOpen(SECRET_KEY_ALERT_ID)) await this.deps.alerts.clear(SECRET_KEY_ALERT_ID, "Flutterwave accepts the relay's secret key again: payments are being confirmed.").catch(() => undefined);
    if (this.deps.alerts.isOpen(unconfirmedAlertId(job.subjectId))) await this.deps.alerts.clear(unconfirmedAlertId(job.subjectId), `Flutterwave now confirms payment ${job.subjectId}: it is recorded.`).catch(() => undefined);
    const verified = answer.value;
    const link = this.records.linkOf(verified.tx_ref);
    let renewal: RenewalMatch | null = null;
    if (link === null && verified.status.toLowerCase() !== 'pending') {
      const found = await this.renewalOf(verified);
      if (found === 'unavailable') return this.retryLater(job, 'Flutterwave could not list the subscriptions a renewal is matched against');
      renewal = found;
    }
    const nowMs = clock();
    const nowIso = new Date(nowMs).toISOString();
    const decision = decideCharge({ transactionId: job.subjectId, verified, link, renewal, nowIso });
    if (decision.kind === 'pending') return this.queue.later(job.jobKey, nowMs + PENDING_RECHECK_MS, nowMs);
    if (decision.kind === 'not_this_transaction') {
      logger.warn('Flutterwave verification does not match the webhook; nothing recorded', { transactionId: job.subjectId, why: decision.why });
      return this.queue.done(job.jobKey, decision.why, null, nowMs);
    }
    const base = { v: EVENT_MODEL_VERSION, id: decision.data.paymentId, source: 'flutterwave' as const, receivedAt: nowIso, lines: teamLines(this.deps.everyLine()) };
    const event: RingsideEvent =
      decision.kind === 'received'
        ? ({ ...base, type: 'payment.received', occurredAt: decision.data.paidAt, data: decision.data } satisfies EventOf<'payment.received'>)
        : ({ ...base, type: 'payment.failed', occurredAt: nowIso, data: decision.data } satisfies EventOf<'payment.failed'>);
    const stored = await this.deps.log.append(event);
    this.queue.done(job.jobKey, decision.kind === 'received' ? 'received' : `failed: ${decision.data.reason}`, stored.seq, clock());
    logger.info(decision.kind === 'received' ? 'Flutterwave payment verified' : 'Flutterwave payment not credited', { transactionId: job.subjectId, seq: stored.seq, duplicate: stored.duplicate });
    if (decision.kind === 'failed' && decision.alert && !stored.duplicate) {
      await this.deps.alerts.raise({ alertId: `flutterwave:payment:${job.subjectId}`, message: `Flutterwave payment ${job.subjectId}: ${decision.data.reason}` }).catch((error: unknown) => logger.error('payment alert could not be recorded', { error: String(error) }));
    }
  }

  /**
   * Flutterwave answered the verification of this transaction with a refusal. That is not final
   * (a firewall's 403 page, a transaction not readable yet, an answer off the schema): the job is
   * asked again with the backoff, after REFUSED_BACKOFF_FOR_MS every REFUSED_SLOW_RETRY_MS, and
   * after FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS tries the owner is told about this payment.
   */
  private async refused(job: VerificationJob, httpStatus: number, message: string): Promise<void> {
    const { clock, logger, settings } = this.deps;
    const now = clock();
    const said = `HTTP ${httpStatus}: ${message}`;
    logger.warn('Flutterwave does not confirm a transaction a webhook named; nothing recorded yet, asking again', { transactionId: job.subjectId, status: httpStatus, message });
    const slow = job.firstFailedAtMs !== null && now - job.firstFailedAtMs >= REFUSED_BACKOFF_FOR_MS;
    if (slow) this.queue.failed(job.jobKey, `${REFUSED_ERROR_PREFIX} ${said}`, now + REFUSED_SLOW_RETRY_MS, now);
    else this.retryLater(job, `${REFUSED_ERROR_PREFIX} ${said}`);
    if (job.attempts + 1 >= settings.verifyAlertAfterAttempts) {
      const asking = slow ? 'Ringside has asked for 3 days and keeps asking every 6 hours' : 'Ringside keeps asking';
      await this.alert({ alertId: unconfirmedAlertId(job.subjectId), message: `A Flutterwave webhook named payment ${job.subjectId}, but Flutterwave does not confirm it (${said}). Nothing is credited until it does; ${asking}. Look it up in Flutterwave's dashboard.` });
    }
  }

  /**
   * A verified charge (successful or failed) under a reference Flutterwave made: the subscription
   * it renews, when the charge names the Flutterwave payment plan of a subscription Ringside
   * started for the payer and Flutterwave lists it active. The payer's email alone is never
   * enough: the business's other Flutterwave payments (a shop order, a payment page) name no plan.
   */
  private async renewalOf(verified: VerifiedTransaction): Promise<RenewalMatch | null | 'unavailable'> {
    const email = verified.customer?.email ?? null;
    if (email === null || email === '') return null;
    const planOfCharge = verified.payment_plan === null || verified.payment_plan === undefined ? null : (this.flutterwavePlanToRingside.get(String(verified.payment_plan)) ?? null);
    if (planOfCharge === null) return null;
    const links = this.records.subscriptionLinksOf(email).filter((link) => link.planId === planOfCharge);
    if (links.length === 0) return null;
    const listed = await this.deps.client.subscriptionsOf(email);
    // A refused list is not an answer: the renewal waits (and is retried) rather than being recorded as matching nothing.
    if (!listed.ok) return 'unavailable';
    const activePlans = new Set(listed.value.filter((s) => s.status === 'active').map((s) => this.flutterwavePlanToRingside.get(s.plan)).filter((plan) => plan !== undefined));
    const link = links.find((candidate) => activePlans.has(candidate.planId));
    return link === undefined ? null : { customerId: link.customerId, planId: link.planId, amountMinor: link.amountMinor, currency: link.currency };
  }

  private async settleCancellation(job: VerificationJob): Promise<void> {
    const { client, clock, logger } = this.deps;
    const done = (outcome: string, seq: number | null = null) => this.queue.done(job.jobKey, outcome, seq, clock());
    if (job.email === null) {
      logger.warn('a Flutterwave subscription cancellation without the customer email; nothing recorded', { subscriptionId: job.subjectId });
      return done('no customer email to read the subscription back with');
    }
    const listed = await client.subscriptionsOf(job.email);
    if (!listed.ok) {
      if (listed.kind === 'refused') return this.cancellationUnread(job, job.email, listed.httpStatus, listed.message);
      return this.retryLater(job, listed.message);
    }
    if (this.deps.alerts.isOpen(unreadCancellationAlertId(job.subjectId))) {
      await this.deps.alerts.clear(unreadCancellationAlertId(job.subjectId), `Flutterwave now shows subscription ${job.subjectId} of ${job.email}: its cancellation is settled.`).catch(() => undefined);
    }
    const subscription = listed.value.find((s) => s.id === job.subjectId);
    if (subscription === undefined || subscription.status !== 'cancelled') return done(subscription === undefined ? 'Flutterwave lists no such subscription' : `Flutterwave lists it as ${subscription.status}`);
    const planId = this.flutterwavePlanToRingside.get(subscription.plan);
    const customerId = planId === undefined ? null : (this.records.subscriptionLinksOf(job.email).find((link) => link.planId === planId)?.customerId ?? null);
    if (planId === undefined || customerId === null) {
      logger.warn('a cancelled Flutterwave subscription matches no Ringside subscription; nothing recorded', { subscriptionId: job.subjectId, plan: subscription.plan });
      return done('matches no Ringside subscription');
    }
    const nowMs = clock();
    const at = new Date(nowMs).toISOString();
    const subscriptionId = flutterwaveSubscriptionId(customerId, planId);
    const event: EventOf<'subscription.cancelled'> = {
      v: EVENT_MODEL_VERSION,
      // The cancellation of what was paid last: the same cancellation delivered again is one event, while
      // a subscription reactivated at Flutterwave (and so paid again) is cancelled again.
      id: cancellationEventId(job.subjectId, this.records.lastPaymentSeqOf(subscriptionId)),
      source: 'flutterwave',
      type: 'subscription.cancelled',
      occurredAt: at,
      receivedAt: at,
      lines: teamLines(this.deps.everyLine()),
      data: { subscriptionId, effectiveDate: dateIn(this.deps.timeZone, nowMs) },
    };
    const stored = await this.deps.log.append(event);
    done('cancelled', stored.seq);
  }

  /**
   * Flutterwave announced a cancellation but refuses to list the subscription it is read back
   * with. Not final, as for a payment (refused): asked again with the backoff, then every
   * REFUSED_SLOW_RETRY_MS, and after FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS tries the owner is told.
   */
  private async cancellationUnread(job: VerificationJob, email: string, httpStatus: number, message: string): Promise<void> {
    const { clock, logger, settings } = this.deps;
    const now = clock();
    const said = `HTTP ${httpStatus}: ${message}`;
    logger.warn('Flutterwave does not list the subscriptions a cancellation is read back with; nothing recorded yet, asking again', { subscriptionId: job.subjectId, status: httpStatus, message });
    const slow = job.firstFailedAtMs !== null && now - job.firstFailedAtMs >= REFUSED_BACKOFF_FOR_MS;
    if (slow) this.queue.failed(job.jobKey, `${REFUSED_ERROR_PREFIX} ${said}`, now + REFUSED_SLOW_RETRY_MS, now);
    else this.retryLater(job, `${REFUSED_ERROR_PREFIX} ${said}`);
    if (job.attempts + 1 >= settings.verifyAlertAfterAttempts) {
      const asking = slow ? 'Ringside has asked for 3 days and keeps asking every 6 hours' : 'Ringside keeps asking';
      await this.alert({
        alertId: unreadCancellationAlertId(job.subjectId),
        message: `Flutterwave says subscription ${job.subjectId} of ${email} was cancelled, but does not let Ringside check it (${said}). The subscription is still active in Ringside until Flutterwave shows it cancelled; ${asking}. Look it up in Flutterwave's dashboard.`,
      });
    }
  }

  private retryLater(job: VerificationJob, error: string): void {
    const now = this.deps.clock();
    const delay = Math.max(RETRY_BASE_MS / 4, backoffDelay(job.attempts, this.random, { baseMs: RETRY_BASE_MS, capMs: this.deps.settings.verifyRetryCapMs }));
    this.queue.failed(job.jobKey, error, now + delay, now);
    this.deps.logger.warn('Flutterwave verification failed; trying again', { job: job.jobKey, attempts: job.attempts + 1, retryInMs: delay, error });
  }

  private async alert(alert: Parameters<AlertRaiser['raise']>[0]): Promise<void> {
    await this.deps.alerts.raise(alert).catch((error: unknown) => this.deps.logger.error('Flutterwave alert could not be recorded', { error: error instanceof Error ? error.message : String(error) }));
  }

  private async reviewAlert(): Promise<void> {
    const { alerts, settings, logger } = this.deps;
    const failing = this.queue.failingCount(settings.verifyAlertAfterAttempts);
    try {
      if (failing > 0) {
        await alerts.raise({
          alertId: VERIFICATION_ALERT_ID,
          severity: 'critical',
          message: `Ringside cannot confirm ${failing} Flutterwave payment${failing === 1 ? '' : 's'} with Flutterwave: its verification keeps failing. They are kept and tried again until Flutterwave answers; nothing is credited before that. If it lasts, check FLUTTERWAVE_SECRET_KEY and Flutterwave's status page.`,
        });
      } else if (alerts.isOpen(VERIFICATION_ALERT_ID)) {
        await alerts.clear(VERIFICATION_ALERT_ID, 'Flutterwave answers again: the payments that were waiting have been confirmed.');
      }
    } catch (error) {
      logger.error('verification alert could not be recorded', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** `flutterwave:subscription-cancelled:<Flutterwave subscription id>:after:<seq of its last payment>`. */
export function cancellationEventId(flutterwaveSubscriptionId: string, lastPaymentSeq: number): string {
  return `flutterwave:subscription-cancelled:${flutterwaveSubscriptionId}:after:${lastPaymentSeq}`;
}

function unconfirmedAlertId(transactionId: string): string {
  return `flutterwave:unconfirmed:${transactionId}`;
}

function unreadCancellationAlertId(subscriptionId: string): string {
  return `flutterwave:cancellation-unread:${subscriptionId}`;
}

/** YYYY-MM-DD in the time zone. */
function dateIn(timeZone: string, ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}
