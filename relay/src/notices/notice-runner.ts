import { backoffDelay, type BackoffPolicy } from '../../../src/shared/backoff/backoff';
import type { Clock } from '../../../src/shared/clock';
import type { NoticeChannel as NoticeChannelName } from '../../../src/shared/notices/notice-kinds';
import { renderNotice } from '../../../src/shared/notices/notice-template';
import type { CustomerAccount, CustomerAccountsReader } from '../accounts/customer-accounts';
import type { RelayDatabase } from '../database';
import type { Logger } from '../logger';
import { decideNotices, isIssued, isOpen } from './decide-notices';
import type { NoticeChannel, NoticeSendResult, OutgoingNotice } from './notice-channel';
import type { NoticeOutbox, OutboxRow } from './notice-outbox';
import type { NoticeSetupStore } from './notice-setup-store';
import { noticeValues } from './notice-values';
import { portalLinkStanding } from './portal-link-standing';
import type { Unsubscribes } from './unsubscribes';

export interface NoticeRunnerDeps {
  db: RelayDatabase;
  accounts: CustomerAccountsReader;
  setup: NoticeSetupStore;
  outbox: NoticeOutbox;
  unsubscribes: Unsubscribes;
  channels: readonly NoticeChannel[];
  headSeq: () => number;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  business: string;
  /** RELAY_NOTICES_PORTAL_URL: the portal's general address for automatic notices; '' when unset. */
  portalUrl: string;
  publicUrl: string | null;
  runEveryMs: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  random?: () => number;
}

/** Notices sent per pass before the due list is read again. */
const BATCH = 20;
/** A nudge waits this long, so a burst of commits is one run (a busy relay decides at most about once a second). */
const NUDGE_DELAY_MS = 1000;
/** Customers decided per transaction, the event loop free between. */
const CHUNK = 25;

/**
 * The one notice runner: decides what is due (the pure rules over the accounts) and stores it
 * in the outbox in one transaction, then sends what the outbox holds, one notice at a time.
 * It runs on a timer (RELAY_NOTICES_RUN_SECONDS), after commits that touch billing (nudge),
 * and when a notice's next try comes. One run at a time; close() waits for the one under way
 * and no database use happens after it.
 */
export class NoticeRunner {
  private readonly channels = new Map<NoticeChannelName, NoticeChannel>();
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly deps: NoticeRunnerDeps) {
    for (const channel of deps.channels) this.channels.set(channel.name, channel);
    this.random = deps.random ?? Math.random;
  }

  channel(name: NoticeChannelName): NoticeChannel | null {
    return this.channels.get(name) ?? null;
  }

  /** Settles what a previous relay left half-sent, then runs. */
  start(): void {
    const interrupted = this.deps.outbox.settleInterrupted();
    if (interrupted > 0) this.deps.logger.warn('notices left sending by the last run are shown as failed: they may have been sent', { notices: interrupted });
    this.wake(0);
  }

  /** Something changed (a commit touching billing, a notice queued, a retry): run soon. */
  nudge(): void {
    if (this.closed) return;
    if (this.running !== null) this.again = true;
    else this.wake(NUDGE_DELAY_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.running !== null) await this.running;
    await Promise.allSettled(this.deps.channels.map(async (channel) => channel.close()));
  }

  private wake(afterMs: number): void {
    if (this.closed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running === null) this.begin();
      else this.again = true;
    }, afterMs);
    this.timer.unref();
  }

  private begin(): void {
    this.again = false;
    let failed = false;
    this.running = this.run()
      .catch((error: unknown) => {
        failed = true;
        this.deps.logger.error('notice run failed', { error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        this.running = null;
        if (this.closed) return;
        // A run that failed waits for the timer, so a fault that repeats is not a busy loop.
        if (failed) this.wake(this.deps.runEveryMs);
        // A nudge during the run is one more run after it, after the same delay as any nudge.
        else if (this.again) this.wake(NUDGE_DELAY_MS);
        else this.scheduleNext();
      });
  }

  private scheduleNext(): void {
    const now = this.deps.clock();
    const next = this.deps.outbox.nextAttemptAt();
    const nextMs = next === null ? Infinity : Date.parse(next);
    this.wake(Math.max(0, Math.min(this.deps.runEveryMs, nextMs - now)));
  }

  private async run(): Promise<void> {
    if (this.closed) return;
    await this.decide();
    if (this.closed) return;
    await this.send();
  }

  /**
   * The rules' notices into the outbox, with what the rules remember, one transaction per
   * CHUNK customers: each customer's notices and watch are stored together, and the event
   * loop is free between chunks (a relay of thousands of customers still answers webhooks
   * while it decides). A restart mid-run decides the rest again; the stored keys stay.
   */
  async decide(): Promise<number> {
    const { db, setup, outbox, unsubscribes, accounts } = this.deps;
    const stored = setup.read();
    if (Object.values(stored.enabledSinceSeq).every((seq) => seq === null)) return 0;
    const nowMs = this.deps.clock();
    const at = new Date(nowMs).toISOString();
    const ids = accounts.customerIds();
    const unsubscribed = this.unsubscribedBySurvivor();
    const watches = outbox.watches();
    const templates = new Map(setup.templates().map((template) => [template.kind, template]));
    let added = 0;
    for (let from = 0; from < ids.length; from += CHUNK) {
      if (this.closed) break;
      added += db.transaction(() => {
        const list = ids.slice(from, from + CHUNK).flatMap((id) => accounts.accountOf(id, nowMs) ?? []);
        const byId = new Map(list.map((account) => [account.customerId, account]));
        const decision = decideNotices({
          accounts: list,
          settings: stored.settings,
          enabledSinceSeq: stored.enabledSinceSeq,
          enabledFromSeq: stored.enabledFromSeq,
          nowMs,
          timeZone: this.deps.timeZone,
          isUnsubscribed: (customerId, kind) => unsubscribed.has(`${customerId}\n${kind}`),
          // One indexed look-up per key (notice_key is unique), not every key ever stored read per run.
          isInOutbox: (key) => outbox.has(key),
          watches,
        });
        let storedNow = 0;
        for (const notice of decision.notices) {
          const account = byId.get(notice.customerId)!;
          const lowOn = notice.noticeKey.startsWith('low_balance:hours:') ? 'hours' : 'wallet';
          const values = noticeValues(notice.kind, account, { ...notice, lowOn, dueAfterIssueDays: stored.settings.paymentReminder.dueAfterIssueDays }, {
            business: this.deps.business,
            portalLink: this.deps.portalUrl,
            unsubscribeLink: unsubscribes.urlOf(this.deps.publicUrl, notice.customerId, notice.kind) ?? '',
          });
          const rendered = renderNotice(templates.get(notice.kind)!, values);
          // The invoice is kept for the check at send time (still issued, still owed); whether its PDF goes is decided then.
          if (outbox.add({ ...notice, customerName: account.name, ...rendered, invoiceKey: notice.invoiceKey }, at)) storedNow += 1;
        }
        outbox.saveWatches(decision.watches);
        return storedNow;
      })();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (added > 0) this.deps.logger.info('notices decided', { notices: added });
    return added;
  }

  private async send(): Promise<void> {
    while (!this.closed) {
      const due = this.deps.outbox.due(new Date(this.deps.clock()).toISOString(), BATCH);
      if (due.length === 0) return;
      for (const row of due) {
        if (this.closed) return;
        await this.sendOne(row);
      }
    }
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const { outbox, logger } = this.deps;
    const stale = this.noLongerOwed(row);
    if (stale !== null) {
      outbox.drop(row.notice_id);
      logger.info('notice dropped before sending', { noticeId: row.notice_id, kind: row.kind, reason: stale });
      return;
    }
    if (row.kind === 'payment_reminder' && row.invoice_key !== null) {
      // A payment taken in QuickBooks reaches the relay only when a console syncs: QuickBooks is asked first, and a reminder is never sent blind.
      const balance = await this.channels.get('quickbooks')?.invoiceBalance?.(this.accountOf(row.customer_id)?.customerId ?? row.customer_id, row.invoice_key);
      if (balance != null && balance.known && balance.balanceMinor <= 0) {
        outbox.drop(row.notice_id);
        logger.info('notice dropped before sending', { noticeId: row.notice_id, kind: row.kind, reason: 'the invoice is paid in QuickBooks' });
        return;
      }
      if (balance != null && !balance.known) {
        this.waitOrGiveUp(row, balance.reason);
        return;
      }
    }
    const channel = this.channels.get(row.channel) ?? null;
    const unavailable = channel === null ? `sending by ${row.channel} is not set up on the relay` : channel.unavailable();
    if (channel === null) {
      outbox.failed(row.notice_id, unavailable ?? '');
      logger.warn('notice cannot be sent: its channel is not available', { noticeId: row.notice_id, channel: row.channel, reason: unavailable });
      return;
    }
    // Unavailable now (QuickBooks needing a reconnect, a token refresh failing) is temporary: waited for, not failed at once.
    if (unavailable !== null) {
      this.waitOrGiveUp(row, unavailable);
      return;
    }
    outbox.sending(row.notice_id);
    const notice: OutgoingNotice = {
      noticeId: row.notice_id,
      noticeKey: row.notice_key,
      kind: row.kind,
      customerId: row.customer_id,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      // The outbox keeps the invoice to check it is still owed; only an invoice notice carries it to the channel (QuickBooks' send, or the PDF when attachPdf is on).
      invoiceKey: row.kind === 'invoice_issued' && (row.channel === 'quickbooks' || this.deps.setup.read().settings.invoiceIssued.attachPdf) ? row.invoice_key : null,
      unsubscribeUrl: this.deps.unsubscribes.urlOf(this.deps.publicUrl, row.customer_id, row.kind),
      from: row.channel === 'sms' ? this.deps.setup.read().settings.smsFromLine : null,
      redact: row.redact_json === null ? null : (JSON.parse(row.redact_json) as { secret: string; replacement: string }),
    };
    let result: NoticeSendResult;
    try {
      result = await channel.send(notice);
    } catch (error) {
      result = { ok: false, permanent: false, error: error instanceof Error ? error.message : String(error) };
    }
    // close() waits for this run, so the database is still open here.
    const at = this.deps.clock();
    const attempts = row.attempts + 1;
    if (result.ok) {
      outbox.sent(row, result.providerId, new Date(at).toISOString());
      logger.info('notice sent', { noticeId: row.notice_id, kind: row.kind, channel: row.channel });
    } else if (result.permanent || attempts >= this.deps.maxAttempts) {
      const error = result.permanent ? result.error : `Gave up after ${attempts} ${attempts === 1 ? 'try' : 'tries'} (RELAY_NOTICES_MAX_ATTEMPTS): ${result.error}`;
      outbox.failed(row.notice_id, error);
      logger.warn('notice failed', { noticeId: row.notice_id, kind: row.kind, channel: row.channel, error });
    } else {
      const delay = backoffDelay(attempts - 1, this.random, this.deps.backoff);
      outbox.retryAt(row.notice_id, new Date(at + delay).toISOString(), result.error);
      logger.warn('notice could not be sent; retrying', { noticeId: row.notice_id, kind: row.kind, channel: row.channel, attempts, retryInMs: delay, error: result.error });
    }
  }

  /** A try that could not be made (temporary): counted, tried again after the backoff, given up after RELAY_NOTICES_MAX_ATTEMPTS. */
  private waitOrGiveUp(row: OutboxRow, reason: string): void {
    const attempts = row.attempts + 1;
    const at = this.deps.clock();
    this.deps.outbox.countTry(row.notice_id);
    if (attempts >= this.deps.maxAttempts) {
      this.deps.outbox.failed(row.notice_id, `Gave up after ${attempts} ${attempts === 1 ? 'try' : 'tries'} (RELAY_NOTICES_MAX_ATTEMPTS): ${reason}`);
      this.deps.logger.warn('notice failed', { noticeId: row.notice_id, kind: row.kind, channel: row.channel, error: reason });
      return;
    }
    const delay = backoffDelay(attempts - 1, this.random, this.deps.backoff);
    this.deps.outbox.retryAt(row.notice_id, new Date(at + delay).toISOString(), reason);
    this.deps.logger.warn('notice waits; retrying', { noticeId: row.notice_id, kind: row.kind, channel: row.channel, attempts, retryInMs: delay, reason });
  }

  /**
   * Why a queued notice is no longer owed when its turn comes; null: it is. Checked again at
   * send time, as a notice may wait (an outage, its retries): a kind unsubscribed since, a
   * reminder for an invoice paid since, an invoice voided or paid since, a portal link revoked
   * or expired since.
   */
  private noLongerOwed(row: OutboxRow): string | null {
    const survivor = this.deps.accounts.survivorOf(row.customer_id) ?? row.customer_id;
    if (this.unsubscribedBySurvivor().has(`${survivor}\n${row.kind}`)) return 'the customer unsubscribed';
    if (row.kind === 'portal_link') {
      const url = row.redact_json === null ? null : (JSON.parse(row.redact_json) as { secret: string }).secret;
      const standing = url === null ? 'unknown' : portalLinkStanding(this.deps.db, url, new Date(this.deps.clock()).toISOString());
      if (standing === 'revoked') return 'the portal link was revoked before it was sent';
      if (standing === 'expired') return 'the portal link expired before it was sent';
      return null;
    }
    if ((row.kind !== 'payment_reminder' && row.kind !== 'invoice_issued') || row.invoice_key === null) return null;
    const account = this.accountOf(row.customer_id);
    const invoice = account?.invoices.find((candidate) => candidate.invoiceKey === row.invoice_key) ?? null;
    if (invoice === null || !isIssued(invoice)) return 'the invoice was voided';
    return isOpen(invoice) ? null : 'the invoice is paid';
  }

  /**
   * Every unsubscribe as `customerId \n kind` under the customer it now lives on: one made by a
   * customer merged since (or from an old mail's link naming the old id) still holds.
   */
  private unsubscribedBySurvivor(): Set<string> {
    const result = new Set<string>();
    for (const entry of this.deps.unsubscribes.all()) {
      const [customerId, kind] = entry.split('\n') as [string, string];
      result.add(`${this.deps.accounts.survivorOf(customerId) ?? customerId}\n${kind}`);
    }
    return result;
  }

  private accountOf(customerId: string): CustomerAccount | null {
    const survivor = this.deps.accounts.survivorOf(customerId);
    return survivor === null ? null : this.deps.accounts.accountOf(survivor, this.deps.clock());
  }
}
