import { backoffDelay, type BackoffPolicy } from '../../../../../src/shared/backoff/backoff';
import type { Clock } from '../../../../../src/shared/clock';
import type { RingsideEvent } from '../../../../../src/shared/events/model';
import { readStoredEvent } from '../../../../../src/shared/events/upcast';
import type { AccountsReader } from '../../../accounts/account-standing';
import type { AlertRaiser } from '../../../alerts/alert-service';
import type { RelayDatabase } from '../../../database';
import type { CheckHealth } from '../../../health/check-health';
import type { EventLog } from '../../../log/event-log';
import type { Logger } from '../../../logger';
import type { OpenPhoneContactsClient, ContactCustomField } from '../rest/contacts-client';
import { openPhoneWords } from '../rest/openphone-error';
import type { RestFailure } from '../rest/openphone-rest-client';
import { contactBody, externalIdFor, type ContactFieldKeys } from './contact-fields';
import { FOLLOWED_TYPES, foldEvent, type AccountsNow } from './contact-push-fold';
import type { ContactPushSettings } from './contact-push-settings';
import { ContactPushStore, type OwedPush } from './contact-push-store';

/**
 * Ringside's customers pushed to OpenPhone as API contacts (issue 12 §4), so agents in
 * OpenPhone's own apps see the same names. The push follows the log (customer.upserted,
 * customer.merged, customer.removed, and the plan and subscription events that name a
 * customer's plan) into a durable outbox in relay.db (migration 0015) with its cursor:
 * a customer whose description changed is owed a push, made once it is due and retried
 * with the shared backoff until OpenPhone takes it. A contact is created (POST) the first
 * time, with `externalId` = the customer's id, and updated (PATCH) after; a customer
 * removed or merged away has its contact deleted. Customers saved again unchanged, and
 * OpenPhone's own contact.updated echo of a push, cause no request.
 *
 * The included time left comes from the relay's accounts (relay/src/accounts): described
 * again after each call of the customer, an adjustment, or any customer or plan event, and
 * pushed only when it changed, through the same paced outbox.
 */

const TICK_MS = 1_000;
const BATCH = 500;
/** How far the stored cursor may lag behind what was read when only other events came. */
const CURSOR_LAG = 1_000;
/** Pushes a tick makes at most; the pacer spreads them at the key's 10 requests/s. */
const PUSHES_PER_TICK = 50;
/** A customer refused or unreachable this many times in a row raises the alert. */
export const REPEATED_FAILURES = 3;
export const CONTACT_PUSH_ALERT_ID = 'openphone:contact-push';
const FIELDS_REFRESH_MS = 60 * 60_000;
const FIELDS_RETRY_MS = 60_000;
export const CONTACT_PUSH_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 30 * 60_000 };

export interface ContactPushDeps {
  contacts: OpenPhoneContactsClient;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  settings: ContactPushSettings;
  alerts: Pick<AlertRaiser, 'raise' | 'clear'> | null;
  /** Where each round's outcome is kept for /healthz and /metrics (check contact_push). */
  checks?: Pick<CheckHealth, 'recordSuccess' | 'recordFailure'>;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The relay's accounts, for the time left (OPENPHONE_CONTACT_HOURS_FIELD); without them none is pushed. */
  accounts?: AccountsReader;
}

export class OpenPhoneContactPush {
  readonly store: ContactPushStore;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private pushing: Promise<void> | null = null;
  private closed = false;
  private fields: { keys: ContactFieldKeys; readAtMs: number } | null = null;
  private readonly accountsNow: AccountsNow | null;
  private alertOpen: boolean;
  /** What was read, ahead of the stored cursor by at most CURSOR_LAG events nobody follows. */
  private readThrough: number;

  constructor(private readonly deps: ContactPushDeps) {
    this.store = new ContactPushStore(deps.db);
    // An alert raised before a restart is cleared by the first round that leaves nothing failing.
    this.alertOpen = this.store.backlog(REPEATED_FAILURES).failing > 0;
    this.readThrough = this.store.cursor();
    const accounts = deps.accounts;
    this.accountsNow =
      accounts === undefined || deps.settings.hoursField === null
        ? null
        : {
            // To the minute: a call rated to the second does not push a contact for every second.
            secondsLeft: (customerId) => {
              const left = accounts.standingOfCustomer(customerId, deps.clock())?.includedSecondsRemaining ?? null;
              return left === null ? null : Math.floor(left / 60) * 60;
            },
            customerOfNumber: (e164) => accounts.standingOfNumber(e164, deps.clock())?.customerId ?? null,
          };
  }

  start(): void {
    this.foldLog();
    // A commit of webhooks only moves the read position; one with customer events pushes at once.
    this.unsubscribe = this.deps.log.onCommitted(() => {
      if (this.foldLog()) this.tick();
    });
    this.tick();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.pushing;
  }

  /** Resolves once nothing due is left to push (for tests and a graceful stop). */
  async settled(): Promise<void> {
    while (this.pushing !== null) await this.pushing;
  }

  /**
   * Reads the log from the cursor: each batch with customer events folded and the cursor
   * moved in one transaction. A batch of only other events (webhooks) writes nothing until
   * the cursor lags CURSOR_LAG behind: folding is idempotent, so reading them again after a
   * restart costs a little time and no push.
   */
  private foldLog(): boolean {
    const { log, logger } = this.deps;
    let folded = false;
    for (;;) {
      const entries = log.readAfter(this.readThrough, BATCH);
      if (entries.length === 0) return folded;
      const followed: { seq: number; event: RingsideEvent }[] = [];
      for (const entry of entries) {
        // Of the providers' events only a completed call matters (the time left), and only with the hours field on.
        if (entry.source !== 'console' && (this.accountsNow === null || !entry.json.includes('"call.completed"'))) continue;
        const reading = readStoredEvent(JSON.parse(entry.json));
        if (reading.kind !== 'read') {
          if (reading.kind === 'unreadable') logger.warn('contact push: an event it cannot read is skipped', { seq: entry.seq, reason: reading.reason });
          continue;
        }
        if (FOLLOWED_TYPES.has(reading.event.type) || (this.accountsNow !== null && reading.event.type === 'call.completed')) followed.push({ seq: entry.seq, event: reading.event });
      }
      const last = entries.at(-1)!.seq;
      if (followed.length > 0 || last - this.store.cursor() >= CURSOR_LAG) {
        this.store.foldThrough(last, () => {
          for (const { seq, event } of followed) foldEvent(this.store, seq, event, this.accountsNow);
        });
        folded ||= followed.length > 0;
      }
      this.readThrough = last;
    }
  }

  /** Pushes what is due, unless a round is already going (exposed for tests). */
  tick(): void {
    if (this.closed || this.pushing !== null) return;
    if (this.store.due(this.deps.clock(), 1).length === 0) return;
    this.pushing = this.round().finally(() => {
      this.pushing = null;
    });
  }

  private async round(): Promise<void> {
    for (const owed of this.store.due(this.deps.clock(), PUSHES_PER_TICK)) {
      if (this.closed) break;
      await this.pushOne(owed);
    }
    const failing = this.store.backlog(1).firstError;
    if (failing === null) this.deps.checks?.recordSuccess('contact_push', this.deps.clock());
    else this.deps.checks?.recordFailure('contact_push', this.deps.clock(), failing.error);
    await this.reportFailures();
  }

  private async pushOne(owed: OwedPush): Promise<void> {
    const { contacts, clock, logger } = this.deps;
    const fail = (failure: RestFailure, doing: string): void => {
      const error = `${doing}: ${failureWords(failure)}`;
      const retryAt = clock() + backoffDelay(owed.attempts, this.deps.random ?? Math.random, this.deps.backoff ?? CONTACT_PUSH_BACKOFF);
      this.store.failed(owed.customerId, error, retryAt);
      logger.warn('contact push failed', { customerId: owed.customerId, kind: failure.kind, attempts: owed.attempts + 1 });
    };
    this.store.attempting(owed.customerId);

    if (owed.customer === null) {
      if (owed.contactId !== null) {
        const removed = await contacts.remove(owed.contactId);
        if (!removed.ok) return fail(removed, 'deleting the contact');
      }
      this.store.pushed(owed.customerId, owed.contentHash, null);
      return;
    }

    const body = contactBody(owed.customerId, owed.customer, await this.fieldKeys());
    let contactId = owed.contactId;
    // A try before this one may have created the contact without the relay hearing so (no answer, or a restart).
    if (contactId === null && owed.attempts > 0) {
      const found = await contacts.findByExternalId(externalIdFor(owed.customerId));
      if (!found.ok) return fail(found, 'looking the contact up');
      contactId = found.value?.id ?? null;
    }
    if (contactId !== null) {
      const updated = await contacts.update(contactId, body);
      if (!updated.ok) return fail(updated, 'updating the contact');
      if (updated.value !== null) {
        this.store.pushed(owed.customerId, owed.contentHash, updated.value.id);
        return;
      }
      // Deleted in OpenPhone's app: made again below.
      this.store.forgetContact(owed.customerId);
    }
    const created = await contacts.create(body);
    if (!created.ok) return fail(created, 'creating the contact');
    this.store.pushed(owed.customerId, owed.contentHash, created.value.id);
  }

  /** The keys of the workspace's plan and hours fields (GET /v1/contact-custom-fields, read again hourly); null where there is none. */
  private async fieldKeys(): Promise<ContactFieldKeys> {
    const { planField, hoursField } = this.deps.settings;
    const wantsHours = hoursField !== null && this.accountsNow !== null;
    if (planField === null && !wantsHours) return { plan: null, hours: null };
    const now = this.deps.clock();
    if (this.fields !== null && now - this.fields.readAtMs < FIELDS_REFRESH_MS) return this.fields.keys;
    const fields = await this.deps.contacts.customFields();
    if (!fields.ok) {
      // Asked again in a minute, not before every push meanwhile.
      const keys = this.fields?.keys ?? { plan: null, hours: null };
      this.fields = { keys, readAtMs: now - FIELDS_REFRESH_MS + FIELDS_RETRY_MS };
      return keys;
    }
    const plan = planField === null ? null : matchField(fields.value, planField);
    if (planField !== null && plan === null) this.deps.logger.info('contact push: the workspace has no text custom field for the plan; contacts go without it', { field: planField });
    const hours = wantsHours ? matchHoursField(fields.value, hoursField) : null;
    if (wantsHours && hours === null) this.deps.logger.info('contact push: the workspace has no number or text custom field for the hours remaining; contacts go without them', { field: hoursField });
    const keys = { plan, hours };
    this.fields = { keys, readAtMs: now };
    return keys;
  }

  private async reportFailures(): Promise<void> {
    const { alerts, logger } = this.deps;
    if (alerts === null) return;
    const backlog = this.store.backlog(REPEATED_FAILURES);
    try {
      if (backlog.failing > 0 && backlog.firstError !== null) {
        const who = backlog.failing === 1 ? 'One customer is' : `${backlog.failing} customers are`;
        await alerts.raise({ alertId: CONTACT_PUSH_ALERT_ID, severity: 'warning', message: `${who} not in OpenPhone's contacts yet: ${backlog.firstError.error}. Ringside keeps trying; OpenPhone's apps show the old names meanwhile.` });
        this.alertOpen = true;
      } else if (this.alertOpen) {
        await alerts.clear(CONTACT_PUSH_ALERT_ID, "OpenPhone takes Ringside's customers as contacts again.");
        this.alertOpen = false;
      }
    } catch (error) {
      logger.warn('contact push: the alert could not be recorded', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** A text field whose name or key is `wanted` (case-insensitive). */
export function matchField(fields: readonly ContactCustomField[], wanted: string): string | null {
  const lower = wanted.toLowerCase();
  const field = fields.find((f) => (f.key.toLowerCase() === lower || f.name?.toLowerCase() === lower) && (f.type === undefined || f.type === 'string'));
  return field?.key ?? null;
}

/** A number or text field whose name or key is `wanted` (case-insensitive). */
export function matchHoursField(fields: readonly ContactCustomField[], wanted: string): { key: string; type: 'number' | 'string' } | null {
  const lower = wanted.toLowerCase();
  const field = fields.find((f) => (f.key.toLowerCase() === lower || f.name?.toLowerCase() === lower) && (f.type === undefined || f.type === 'string' || f.type === 'number'));
  return field ? { key: field.key, type: field.type === 'number' ? 'number' : 'string' } : null;
}

function failureWords(failure: RestFailure): string {
  switch (failure.kind) {
    case 'refused':
      return `OpenPhone refused it (${failure.httpStatus}${openPhoneWords(failure.body) === null ? '' : `: ${openPhoneWords(failure.body)}`})`;
    case 'rate_limited':
      return 'OpenPhone asked to slow down (429) on every try';
    case 'server_error':
      return `OpenPhone had an error (${failure.httpStatus})`;
    case 'unreachable':
    case 'no_answer':
      return failure.message;
  }
}
