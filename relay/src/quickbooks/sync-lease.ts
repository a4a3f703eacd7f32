import { QUICKBOOKS_REALM_LIMITS, type QuickBooksSentRequest } from '../../../src/shared/relay-rest/quickbooks';

/**
 * Who may talk to QuickBooks for a company now (issue 11 §2), decided purely. One console
 * holds the lease and uses the company's whole request budget; it renews while it syncs.
 * When it releases the lease, or stops renewing and the lease lapses, the next console to
 * ask takes it over and inherits the requests still inside Intuit's one-minute window: the
 * ones the previous holder reported, and for the time it did not report (it went away
 * between renewals) as many as it could have sent at the full rate. So a new holder never
 * starts with a budget the company has already spent.
 */

export interface SentAt {
  atMs: number;
  batch: boolean;
}

export interface LeaseRow {
  realmId: string;
  holderDeviceId: string;
  holderName: string;
  /** The holding process of that device (null from consoles that do not send one). */
  holderId: string | null;
  expiresAtMs: number;
  releasedAtMs: number | null;
  /** When the holder last told the relay what it sent (take, renew or release). */
  reportedAtMs: number;
  sent: SentAt[];
}

export interface LeaseAsk {
  realmId: string;
  deviceId: string;
  name: string;
  holderId: string | null;
  sent: readonly QuickBooksSentRequest[];
  renewal: boolean;
}

export type LeaseDecision =
  | { kind: 'granted'; row: LeaseRow; inherited: QuickBooksSentRequest[]; settleFirst: boolean }
  | { kind: 'busy'; holder: { deviceId: string; name: string }; retryInMs: number };

const WINDOW_MS = 60_000;

export function decideLease(current: LeaseRow | null, ask: LeaseAsk, nowMs: number, ttlMs: number): LeaseDecision {
  const live = current !== null && current.realmId === ask.realmId && current.releasedAtMs === null && current.expiresAtMs > nowMs;
  const sameHolder = current !== null && isSameHolder(current, ask);
  if (live && !sameHolder) {
    return { kind: 'busy', holder: { deviceId: current.holderDeviceId, name: current.holderName }, retryInMs: current.expiresAtMs - nowMs };
  }
  const reported = ask.sent.map((request) => ({ atMs: nowMs - request.ageMs, batch: request.batch }));
  const row = (sent: SentAt[]): LeaseRow => ({
    realmId: ask.realmId,
    holderDeviceId: ask.deviceId,
    holderName: ask.name,
    holderId: ask.holderId,
    expiresAtMs: nowMs + ttlMs,
    releasedAtMs: null,
    reportedAtMs: nowMs,
    sent: sent.filter((request) => request.atMs > nowMs - WINDOW_MS),
  });
  if (live && ask.renewal) return { kind: 'granted', row: row(reported), inherited: [], settleFirst: false };
  // The same process taking its lease again (its own view of the lease ran out) knows what it sent. Any other,
  // including another process of the same device (a restart after a crash), counts the full-rate estimate for
  // the time the holder did not report, unless it released the lease.
  const before = current !== null && current.realmId === ask.realmId ? (sameHolder ? current.sent : spentBy(current, nowMs)) : [];
  const inherited = before.filter((request) => request.atMs > nowMs - WINDOW_MS);
  return {
    kind: 'granted',
    settleFirst: mayHaveLeftCreates(current, ask, nowMs),
    // Kept with the lease until the new holder reports them back with its own: a holder that fails at once passes them on.
    row: row([...inherited, ...reported]),
    inherited: inherited.map((request) => ({ ageMs: Math.min(WINDOW_MS, Math.max(0, nowMs - request.atMs)), batch: request.batch })),
  };
}

/**
 * Whether the previous holder may have left creates whose outcome only it knew: it went away
 * without releasing, or it was another console that synced within the last minute (its last
 * answers may still have been in flight, or its invoice.synced not yet in the log). The new
 * holder then looks every queued create up in QuickBooks before it creates anything.
 */
function mayHaveLeftCreates(current: LeaseRow | null, ask: LeaseAsk, nowMs: number): boolean {
  if (current === null || current.realmId !== ask.realmId) return false;
  if (current.releasedAtMs === null) return true;
  return !isSameHolder(current, ask) && current.releasedAtMs > nowMs - WINDOW_MS;
}

/** The same process of the same device (a console that sends no holder id is taken by its device alone). */
export function isSameHolder(current: LeaseRow, ask: { deviceId: string; holderId: string | null }): boolean {
  if (current.holderDeviceId !== ask.deviceId) return false;
  return current.holderId === null || ask.holderId === null || current.holderId === ask.holderId;
}

/** What a holder may have spent: what it reported, and for the unreported time until its lease ended, the most it could send. */
export function spentBy(lease: LeaseRow, nowMs: number): SentAt[] {
  if (lease.releasedAtMs !== null) return lease.sent;
  const endMs = Math.min(lease.expiresAtMs, nowMs);
  const unreportedMs = Math.max(0, endMs - lease.reportedAtMs);
  const known = lease.sent.filter((request) => request.atMs > endMs - WINDOW_MS);
  const possible = Math.min(Math.ceil((unreportedMs * QUICKBOOKS_REALM_LIMITS.requestsPerSecond) / 1000), Math.max(0, QUICKBOOKS_REALM_LIMITS.requestsPerMinute - known.length));
  const knownBatches = known.filter((request) => request.batch).length;
  const possibleBatches = Math.max(0, QUICKBOOKS_REALM_LIMITS.batchRequestsPerMinute - knownBatches);
  // Placed at the lease's end, the latest they could have been sent: they stay counted longest.
  const assumed = Array.from({ length: possible }, (_, index) => ({ atMs: endMs, batch: index < possibleBatches }));
  return [...lease.sent, ...assumed];
}
