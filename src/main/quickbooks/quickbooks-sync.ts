import type { QuickBooksConnection, QuickBooksLogEntry, QuickBooksNeedsAttention, QuickBooksSettings, QuickBooksSyncStatus } from '../../shared/api/quickbooks';
import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput, RingsideEvent } from '../../shared/events/model';
import { silentLogger, type Logger } from '../core/logger';
import type { ConsoleDatabase } from '../db/open-console-database';
import { postConsoleEvent, RelayRequestError } from '../http/relay-rest-client';
import { loadCompanyProfile, refreshCompanyProfile } from './company-profile';
import { createCustomerFromCaller, type CustomerLinkDeps } from './customer-link';
import { InvoiceOutbox, OutboxStopped } from './invoice-outbox';
import { isQuickBooksChange, watchLogForChanges, type LogWatch } from './log-watch';
import { QuickBooksApi } from './quickbooks-api';
import { QUICKBOOKS_RATE_LIMITS, SlidingWindowRateLimiter, type RateLimits } from './rate-limiter';
import { fetchConnection } from './relay-quickbooks-client';
import { RelayTokenSource, type TokenSource } from './relay-token-source';
import type { RetryPolicy } from './retry-policy';
import { SyncLease } from './sync-lease';
import { createSyncPasses } from './sync-passes';
import { taxWaits } from './tax-mapping';
import { waitAfterPass } from './sync-schedule';
import { readSyncSettings, updateSyncSettings } from './sync-settings';
import { createSyncStateCell } from './sync-state';
import { needsAttention, readState, recentLog, SYNC_STATE } from './sync-store';

/**
 * The QuickBooks sync of a bookkeeper console (issue 4 §2–§5): customers in (full import,
 * then CDC on a schedule and whenever a QuickBooks webhook reaches the log), invoices out
 * (the outbox), payments back (CDC). Only devices the relay hands QuickBooks tokens to run
 * it; on any other device it stays idle and says why.
 *
 * Its parts: the state and why (sync-state.ts), one pass each way (sync-passes.ts), how
 * long to sleep between passes (sync-schedule.ts), the log watch (log-watch.ts), the
 * settings (sync-settings.ts). This file wires them and runs the loop.
 */

export { DEFAULT_SYNC_SETTINGS } from './sync-settings';
export type QuickBooksSyncSettings = QuickBooksSettings;
export type { QuickBooksSyncStatus };

export interface QuickBooksSyncOptions {
  db: ConsoleDatabase;
  relayUrl: string;
  deviceToken: string;
  /** The console's phone region (settings.phoneRegion). */
  region: () => string;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
  /** Tests point these elsewhere; production leaves them. */
  tokens?: TokenSource;
  retry?: RetryPolicy;
  rateLimits?: RateLimits;
  requestTimeoutMs?: number;
  /** Watch the log for quickbooks.entities_changed with a stream of its own (when the core does not call noticeEvents). */
  watchLog?: boolean;
  /** How often the worker looks for new outbox jobs. */
  pollMs?: number;
  /** Wait after a failure before trying again. */
  errorRetryMs?: number;
  /** Told whenever the state, the queue or an import's progress may have changed (the console pushes status). */
  onChange?: () => void;
}

export function createQuickBooksSync(options: QuickBooksSyncOptions) {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const logger = options.logger ?? silentLogger;
  const { db } = options;
  const changed = (): void => options.onChange?.();
  const relay = { url: options.relayUrl, token: options.deviceToken };

  const tokens = options.tokens ?? new RelayTokenSource({ relayUrl: options.relayUrl, deviceToken: options.deviceToken, clock });
  // One console at a time talks to QuickBooks for the company (sync-lease.ts): every request waits for its turn.
  const limiter: SlidingWindowRateLimiter = new SlidingWindowRateLimiter({ clock, sleep, limits: options.rateLimits ?? QUICKBOOKS_RATE_LIMITS, gate: () => lease.ensure() });
  // Taking over from a console that may have left creates unannounced: they are looked up first.
  const lease = new SyncLease({ relay, clock, limiter, onSettleFirst: () => outbox.lookUpQueuedCreates() });
  const api = new QuickBooksApi({
    tokens,
    limiter,
    clock,
    sleep,
    ...(options.random ? { random: options.random } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    onRetry: ({ path, fault, waitMs }) => logger.warn(`quickbooks ${path}: ${fault.message} (${fault.kind}); retrying in ${waitMs} ms`),
  });
  const state = createSyncStateCell(logger, changed);
  let connection: QuickBooksConnection | null = null;

  const post = async (event: ConsoleEventInput): Promise<void> => {
    try {
      await postConsoleEvent(options.relayUrl, options.deviceToken, event);
    } catch (error) {
      if (error instanceof RelayRequestError && error.status === 403) {
        state.set('not_bookkeeper', 'The relay did not let this console record what QuickBooks said: only the bookkeeper console syncs QuickBooks.');
      }
      throw error;
    }
  };
  const deps: CustomerLinkDeps = { db, api, post, region: options.region, clock };
  const outbox = new InvoiceOutbox({
    ...deps,
    settings: () => readSyncSettings(db),
    environment: () => connection?.environment ?? 'sandbox',
    // Unknown until the company's profile is read: then the lookup tries DocNumber and the marker.
    customTxnNumbers: () => loadCompanyProfile(db, connection?.realmId ?? null)?.customTxnNumbers ?? null,
    realmId: () => connection?.realmId ?? null,
    ...(options.random ? { random: options.random } : {}),
  });
  const passes = createSyncPasses({ ...deps, outbox, changed });

  // The loop: a pass (CDC when due or wanted, then the outbox), then a sleep that `wake` cuts short.
  let stopped = true;
  let cdcWanted = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let watch: LogWatch | null = null;
  const wantCdc = (): void => {
    cdcWanted = true;
    wake?.();
  };

  /** Why this console is not syncing while another holds the lease (its name); null while it holds it. */
  let syncingElsewhere: string | null = null;

  async function pass(nextCdcAt: number): Promise<number> {
    await tokens.accessToken();
    const turn = await lease.turn();
    syncingElsewhere = turn.held ? null : turn.reason;
    if (state.current.state !== 'not_bookkeeper') state.set('running', turn.held ? null : turn.reason);
    if (!turn.held) return nextCdcAt;
    if (state.current.state === 'running' && (cdcWanted || clock() >= nextCdcAt)) {
      cdcWanted = false;
      // The company's country, tax and numbering preferences, before anything is pushed with them (company-profile.ts).
      await refreshCompanyProfile({ api, db, tokens, clock, logger, post });
      await passes.syncIn();
      nextCdcAt = clock() + readSyncSettings(db).cdcIntervalSeconds * 1000;
    }
    if (state.current.state === 'running') await passes.syncOut();
    return nextCdcAt;
  }

  async function run(): Promise<void> {
    let nextCdcAt = 0;
    while (!stopped) {
      try {
        nextCdcAt = await pass(nextCdcAt);
      } catch (error) {
        // A request refused because stop() closed the gate is no failure.
        if (!stopped) state.fail(error instanceof OutboxStopped && error.cause !== undefined ? error.cause : error);
        logger.warn(`quickbooks sync: ${error instanceof Error ? error.message : String(error)}`);
      }
      changed();
      if (stopped || state.current.state === 'not_bookkeeper') return;
      const wait = waitAfterPass({ state: state.current.state, now: clock(), pollMs: options.pollMs ?? 1_000, errorRetryMs: options.errorRetryMs ?? 30_000, outboxDueAt: outbox.nextDueAt(), nextCdcAt });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  function noticeEvents(events: readonly (RingsideEvent | null)[]): void {
    if (isQuickBooksChange(events)) wantCdc();
  }

  return {
    async start(): Promise<void> {
      if (!stopped) return;
      stopped = false;
      lease.open();
      // Informative only: the token request in the first pass decides what this device may do.
      connection = await fetchConnection(relay).catch(() => connection);
      if (options.watchLog) {
        watch = await watchLogForChanges({ relayUrl: options.relayUrl, deviceToken: options.deviceToken, logger, onEvents: noticeEvents }).catch((error: unknown) => {
          logger.warn(`quickbooks sync: no log watch: ${String(error)}`);
          return null;
        });
      }
      loop = run();
    },
    /**
     * Stops the loops. Nothing new is sent, but the lease is kept until the request in flight
     * is answered and what it created is in the log (invoice.synced): only then does the other
     * bookkeeper console take over, so it never creates an invoice this one just created.
     */
    async stop(): Promise<void> {
      stopped = true;
      lease.close();
      wake?.();
      await watch?.stop();
      watch = null;
      await loop;
      loop = null;
      await lease.release();
      if (state.current.state === 'running') state.set('stopped', null);
    },
    noticeEvents,
    /** The console heard of a connection change (quickbooks.connection_changed): a new connection is tried at once. */
    setConnection(next: QuickBooksConnection): void {
      const { state: linkState, realmId, companyName, environment, reason } = next;
      connection = { state: linkState, realmId, companyName, environment, reason: reason ?? null };
      changed();
      if (next.state === 'connected') wantCdc();
    },
    /** Runs CDC and the outbox now (the "sync now" button). */
    syncNow: wantCdc,
    importCustomers: passes.importCustomers,
    status(): QuickBooksSyncStatus {
      return {
        ...state.current,
        connection,
        lastSyncOut: readState<string | null>(db, SYNC_STATE.lastOut, null),
        lastSyncIn: readState<string | null>(db, SYNC_STATE.lastIn, null),
        queue: outbox.depth(),
        failures: outbox.failures(),
        waitingForTaxCode: taxWaits(db).text,
        syncingElsewhere,
        import: passes.importProgress(),
        catchUp: passes.catchUp(),
        needsAttention: needsAttention(db).length,
      };
    },
    needsAttention: (): QuickBooksNeedsAttention[] => needsAttention(db),
    log: (limit = 200): QuickBooksLogEntry[] => recentLog(db, limit),
    retryInvoice(invoiceKey: string): boolean {
      const retried = outbox.retryInvoice(invoiceKey);
      wake?.();
      return retried;
    },
    retryAll(): number {
      const retried = outbox.retryAll();
      wake?.();
      return retried;
    },
    sendInvoice: (invoiceKey: string) => outbox.sendInvoice(invoiceKey),
    createCustomerFromCaller: (input: { name: string; phone: string; email?: string | null; company?: string | null; address?: string | null; notes?: string }) => createCustomerFromCaller(deps, input),
    settings: (): QuickBooksSyncSettings => readSyncSettings(db),
    updateSettings: (patch: Partial<QuickBooksSyncSettings>): QuickBooksSyncSettings => updateSyncSettings(db, patch),
  };
}

export type QuickBooksSync = ReturnType<typeof createQuickBooksSync>;
