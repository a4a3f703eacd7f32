import type { Clock } from '../../../src/shared/clock';
import { relayAlertEvent } from '../alerts/relay-alert-event';
import type { RelayDatabase } from '../database';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { StoredConnection } from './connection-store';
import type { QuickBooksSettings } from './quickbooks-settings';

/**
 * A QuickBooks token that never lapses (issue 11 §3): the decisions (pure) and the hourly
 * schedule that runs the broker's care() even while every console is idle. Intuit's
 * refresh token expires 100 days after its last use (rolling) and in any case 5 years
 * after the consent (hard); relay/README.md "QuickBooks token lifetimes" says what is
 * confirmed about each.
 */

export const RECONNECT_ALERT_ID = 'quickbooks:reconnect';
export const EXPIRY_ALERT_ID = 'quickbooks:token-expiry';
/** How often the relay looks at the token: often enough that a day's setting is kept to the hour. */
export const TOKEN_CARE_INTERVAL_MS = 3_600_000;
/** Intuit's hard cap, used as an estimate from the consent while Intuit has not said the real date. */
const HARD_CAP_MS = 5 * 365 * 86_400_000;

/** What the broker tells the admins through; the relay's alert service (banner, email, SMS when critical) fits it. */
export interface QuickBooksAlerts {
  raise(alert: { alertId: string; message: string; severity?: 'warning' | 'critical' }): Promise<unknown>;
  clear(alertId: string, message: string): Promise<unknown>;
}

/** Refresh now: nobody refreshed for QUICKBOOKS_IDLE_REFRESH_DAYS, or the rolling expiry is inside the warning time. */
export function idleRefreshDue(connection: StoredConnection, nowMs: number, settings: Pick<QuickBooksSettings, 'idleRefreshMs' | 'expiryWarningMs'>): boolean {
  const refreshedAt = connection.refreshedAt === null ? NaN : Date.parse(connection.refreshedAt);
  if (!Number.isFinite(refreshedAt) || nowMs - refreshedAt >= settings.idleRefreshMs) return true;
  const rolling = connection.refreshTokenExpiresAt === null ? NaN : Date.parse(connection.refreshTokenExpiresAt);
  return Number.isFinite(rolling) && rolling - nowMs <= settings.expiryWarningMs;
}

/** The words of the warning, or null while both expiries are further off than `warningMs`. */
export function expiryWarning(connection: StoredConnection, nowMs: number, warningMs: number): string | null {
  const told = connection.refreshTokenHardExpiresAt === null ? NaN : Date.parse(connection.refreshTokenHardExpiresAt);
  const hard = Number.isFinite(told) ? told : Date.parse(connection.connectedAt) + HARD_CAP_MS;
  if (Number.isFinite(hard) && hard - nowMs <= warningMs) {
    return `QuickBooks stops syncing on ${day(hard)}${Number.isFinite(told) ? '' : ' (estimated)'}: Intuit ends every QuickBooks connection five years after it was made. An admin reconnects QuickBooks before then (Settings → QuickBooks → Connect).`;
  }
  const rolling = connection.refreshTokenExpiresAt === null ? NaN : Date.parse(connection.refreshTokenExpiresAt);
  if (Number.isFinite(rolling) && rolling - nowMs <= warningMs) {
    return `QuickBooks stops syncing on ${day(rolling)} unless the relay can renew its connection, which has failed lately. Whoever runs the relay checks it can reach QuickBooks; otherwise an admin reconnects QuickBooks (Settings → QuickBooks → Connect).`;
  }
  return null;
}

export function reconnectAlertMessage(reason: string | null): string {
  return `QuickBooks needs reconnecting: invoices are not sent and payments are not read until an admin reconnects it (Settings → QuickBooks → Connect).${reason === null ? '' : ` QuickBooks said: ${reason.slice(0, 300)}`}`;
}

function day(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });
}

/** Runs `care` at start and every hour; one round at a time. */
export class TokenCare {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly care: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.round();
    this.timer = setInterval(() => this.round(), TOKEN_CARE_INTERVAL_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private round(): void {
    if (this.running !== null) return;
    this.running = this.care()
      .catch((error: unknown) => this.logger.error('quickbooks token care failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (this.running = null));
  }
}

/**
 * Alerts as relay.alert events in the log (every admin and bookkeeper console's banner),
 * each raised once until cleared (table quickbooks_alerts). For a relay without the alert
 * service; the service also mails them.
 */
export class LoggedQuickBooksAlerts implements QuickBooksAlerts {
  constructor(private readonly deps: { db: RelayDatabase; log: EventLog; clock: Clock }) {}

  async raise(alert: { alertId: string; message: string; severity?: 'warning' | 'critical' }): Promise<void> {
    const open = this.deps.db.prepare('SELECT message FROM quickbooks_alerts WHERE alert_id = ?').pluck().get(alert.alertId) as string | undefined;
    if (open === alert.message) return;
    const now = this.deps.clock();
    await this.deps.log.append(relayAlertEvent({ alertId: alert.alertId, eventId: `relay.alert:${alert.alertId}:raised:${now}`, state: 'raised', message: alert.message, lines: [], severity: alert.severity ?? 'warning' }, now));
    this.deps.db.prepare('INSERT OR REPLACE INTO quickbooks_alerts (alert_id, message, raised_at) VALUES (?, ?, ?)').run(alert.alertId, alert.message, new Date(now).toISOString());
  }

  async clear(alertId: string, message: string): Promise<void> {
    const open = this.deps.db.prepare('SELECT 1 FROM quickbooks_alerts WHERE alert_id = ?').get(alertId);
    if (open === undefined) return;
    const now = this.deps.clock();
    await this.deps.log.append(relayAlertEvent({ alertId, eventId: `relay.alert:${alertId}:cleared:${now}`, state: 'cleared', message, lines: [] }, now));
    this.deps.db.prepare('DELETE FROM quickbooks_alerts WHERE alert_id = ?').run(alertId);
  }
}
