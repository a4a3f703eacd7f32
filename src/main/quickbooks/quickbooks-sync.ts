import axios from 'axios';
import type { QuickBooksConnection, QuickBooksSettings, QuickBooksSyncState, QuickBooksSyncStatus } from '../../shared/api/quickbooks';
import type { ConsoleEventInput, RingsideEvent } from '../../shared/events/model';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { LogEntry } from '../projection/apply-event';
import { postConsoleEvent, RelayRequestError } from '../relay-link/post-console-event';
import { RelayLink } from '../relay-link/relay-link';
import { relayEndpoint } from '../relay-link/relay-url';
import { syncChanges } from './change-sync';
import { createCustomerFromCaller, type CustomerLinkDeps } from './customer-link';
import { importAllCustomers, type ImportProgress } from './customer-sync';
import { QuickBooksFault } from './fault-classification';
import { InvoiceOutbox, OutboxStopped } from './invoice-outbox';
import { DEFAULT_SERVICE_ITEMS } from './invoice-payload';
import { QuickBooksApi } from './quickbooks-api';
import { QUICKBOOKS_RATE_LIMITS, SlidingWindowRateLimiter, type RateLimits } from './rate-limiter';
import { RelayTokenSource, TokenRefusedError, type TokenSource } from './relay-token-source';
import type { RetryPolicy } from './retry-policy';
import { needsAttention, readState, recentLog, writeState, type NeedsAttention, type SyncLogEntry } from './sync-store';

/**
 * The QuickBooks sync of a bookkeeper console (issue 4 §2–§5): customers in (full import,
 * then CDC on a schedule and whenever a QuickBooks webhook reaches the log), invoices out
 * (the outbox), payments back (CDC). Only devices the relay hands QuickBooks tokens to run
 * it; on any other device it stays idle and says why.
 */

export type QuickBooksSyncSettings = QuickBooksSettings;

export const DEFAULT_SYNC_SETTINGS: QuickBooksSyncSettings = { emailInvoices: 'manual', serviceItems: DEFAULT_SERVICE_ITEMS, cdcIntervalSeconds: 300 };

export type SyncState = QuickBooksSyncState;
export type { QuickBooksSyncStatus };

export interface QuickBooksSyncOptions {
  db: ConsoleDatabase;
  relayUrl: string;
  deviceToken: string;
  /** The console's phone region (settings.phoneRegion). */
  region: () => string;
  now?: () => number;
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

const STATE = { settings: 'settings', cursor: 'cdc_cursor', lastOut: 'last_sync_out', lastIn: 'last_sync_in', imported: 'customers_imported' } as const;

export function createQuickBooksSync(options: QuickBooksSyncOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const logger = options.logger ?? silentLogger;
  const db = options.db;
  const tokens = options.tokens ?? new RelayTokenSource({ relayUrl: options.relayUrl, deviceToken: options.deviceToken, now });
  const limiter = new SlidingWindowRateLimiter({ now, sleep, limits: options.rateLimits ?? QUICKBOOKS_RATE_LIMITS });
  const api = new QuickBooksApi({
    tokens,
    limiter,
    now,
    sleep,
    ...(options.random ? { random: options.random } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    onRetry: ({ path, fault, waitMs }) => logger.warn(`quickbooks ${path}: ${fault.message} (${fault.kind}); retrying in ${waitMs} ms`),
  });

  let state: SyncState = 'stopped';
  let reason: string | null = null;
  let connection: QuickBooksConnection | null = null;
  const changed = (): void => options.onChange?.();
  let importProgress: QuickBooksSyncStatus['import'] = null;
  let stopped = true;
  let wake: (() => void) | null = null;
  let cdcWanted = false;
  let loop: Promise<void> | null = null;
  let tail: RelayLink | null = null;
  let tailSeq = 0;

  const settings = (): QuickBooksSyncSettings => ({ ...DEFAULT_SYNC_SETTINGS, ...readState<Partial<QuickBooksSyncSettings>>(db, STATE.settings, {}) });

  const post = async (event: ConsoleEventInput): Promise<void> => {
    try {
      await postConsoleEvent(options.relayUrl, options.deviceToken, event);
    } catch (error) {
      if (error instanceof RelayRequestError && error.status === 403) {
        setState('not_bookkeeper', `the relay refused ${event.type} from this device: only the bookkeeper console syncs QuickBooks`);
      }
      throw error;
    }
  };

  const deps: CustomerLinkDeps = { db, api, post, region: options.region, now };
  const outbox = new InvoiceOutbox({
    ...deps,
    settings,
    environment: () => connection?.environment ?? 'sandbox',
    ...(options.random ? { random: options.random } : {}),
  });

  function setState(next: SyncState, why: string | null): void {
    if (state !== next || reason !== why) logger.info(`quickbooks sync: ${next}${why ? ` (${why})` : ''}`);
    const differs = state !== next || reason !== why;
    state = next;
    reason = why;
    if (differs) changed();
  }

  /** Token refusals say what the device is; anything else is an error worth retrying later. */
  function noteFailure(error: unknown): void {
    if (error instanceof TokenRefusedError) {
      if (error.reason === 'not_allowed') setState('not_bookkeeper', error.message);
      else if (error.reason === 'not_connected') setState('not_connected', error.message);
      else if (error.reason === 'needs_reconnect') setState('needs_reconnect', error.message);
      else setState('error', error.message);
      return;
    }
    if (state === 'not_bookkeeper') return;
    if (error instanceof QuickBooksFault && error.info.kind === 'disconnected') return setState('needs_reconnect', error.message);
    setState('error', error instanceof Error ? error.message : String(error));
  }

  async function readConnection(): Promise<void> {
    try {
      const answer = await axios.get(relayEndpoint(options.relayUrl, '/v1/quickbooks/status', 'http').toString(), {
        headers: { authorization: `Bearer ${options.deviceToken}` },
        timeout: 10_000,
        validateStatus: () => true,
      });
      if (answer.status === 200) connection = connectionOf(answer.data as QuickBooksConnection);
    } catch {
      // The status is informative only; the token request below decides.
    }
  }

  async function importCustomers(onProgress?: (p: ImportProgress) => void): Promise<ImportProgress> {
    const startedAt = await serverTime();
    importProgress = { read: 0, total: 0, posted: 0, running: true };
    try {
      const done = await importAllCustomers({ ...deps }, (p) => {
        importProgress = { ...p, running: true };
        onProgress?.(p);
        changed();
      });
      importProgress = { ...done, running: false };
      changed();
      // Changes made while the import ran come in with the next CDC pass.
      if (readState<string | null>(db, STATE.cursor, null) === null) writeState(db, STATE.cursor, startedAt);
      writeState(db, STATE.imported, true);
      writeState(db, STATE.lastIn, new Date(now()).toISOString());
      return done;
    } catch (error) {
      importProgress = { ...(importProgress ?? { read: 0, total: 0, posted: 0 }), running: false };
      changed();
      throw error;
    }
  }

  /** QuickBooks' own clock (CDC cursors are in its time): CompanyInfo's `time`. */
  async function serverTime(): Promise<string> {
    const { realmId } = await api.realm();
    const answer = await api.request<{ time?: string }>({ method: 'GET', path: `/companyinfo/${encodeURIComponent(realmId)}` });
    return answer.json.time ?? new Date(now()).toISOString();
  }

  async function syncIn(): Promise<void> {
    const cursor = readState<string | null>(db, STATE.cursor, null);
    if (cursor === null || !readState<boolean>(db, STATE.imported, false)) {
      await importCustomers();
      return;
    }
    try {
      const result = await syncChanges({ ...deps }, cursor);
      writeState(db, STATE.cursor, result.cursor);
    } catch (error) {
      // Offline for more than 30 days: CDC refuses the cursor; a full re-import replaces it (spec §9).
      if (error instanceof QuickBooksFault && error.info.kind === 'validation' && /changedSince/i.test(`${error.info.detail ?? ''} ${error.info.message}`)) {
        writeState(db, STATE.cursor, null);
        writeState(db, STATE.imported, false);
        await importCustomers();
        return;
      }
      throw error;
    }
    writeState(db, STATE.lastIn, new Date(now()).toISOString());
  }

  async function syncOut(): Promise<void> {
    await outbox.drain();
    if (outbox.depth().queued === 0 || (outbox.nextDueAt() ?? Infinity) > now()) writeState(db, STATE.lastOut, new Date(now()).toISOString());
  }

  async function run(): Promise<void> {
    let nextCdcAt = 0;
    while (!stopped) {
      try {
        await tokens.accessToken();
        if (state !== 'not_bookkeeper') setState('running', null);
        if (state === 'running' && (cdcWanted || now() >= nextCdcAt)) {
          cdcWanted = false;
          await syncIn();
          nextCdcAt = now() + settings().cdcIntervalSeconds * 1000;
        }
        if (state === 'running') await syncOut();
      } catch (error) {
        noteFailure(error instanceof OutboxStopped && error.cause !== undefined ? error.cause : error);
        logger.warn(`quickbooks sync: ${error instanceof Error ? error.message : String(error)}`);
      }
      changed();
      if (stopped) return;
      if (state === 'not_bookkeeper') return;
      const due = outbox.nextDueAt();
      const wait = state === 'running' ? Math.min(options.pollMs ?? 1_000, due === null ? Infinity : Math.max(0, due - now()), Math.max(0, nextCdcAt - now())) : (options.errorRetryMs ?? 30_000);
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

  /** Webhooks carry ids only (spec §10): any change to what we sync brings a CDC pass forward. */
  function noticeEvents(events: readonly (RingsideEvent | null)[]): void {
    const relevant = events.some((e) => e?.type === 'quickbooks.entities_changed' && e.data.entities.some((x) => ['Customer', 'Invoice', 'Payment'].includes(x.name)));
    if (!relevant) return;
    cdcWanted = true;
    wake?.();
  }

  async function startTail(): Promise<void> {
    const health = await axios.get(relayEndpoint(options.relayUrl, '/healthz', 'http').toString(), { timeout: 10_000 });
    tailSeq = Number((health.data as { headSeq?: number }).headSeq ?? 0);
    tail = new RelayLink({
      relayUrl: options.relayUrl,
      deviceToken: options.deviceToken,
      appliedSeq: () => tailSeq,
      apply: (entries: LogEntry[]) => {
        tailSeq = entries.at(-1)?.seq ?? tailSeq;
        noticeEvents(entries.map((e) => e.event));
      },
      onStatus: () => {},
      logger,
    });
    tail.start();
  }

  return {
    async start(): Promise<void> {
      if (!stopped) return;
      stopped = false;
      await readConnection();
      if (options.watchLog) await startTail().catch((error: unknown) => logger.warn(`quickbooks sync: no log watch: ${String(error)}`));
      loop = run();
    },
    /** Stops the loops; work in flight finishes its current request. */
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await tail?.stop();
      tail = null;
      await loop;
      loop = null;
      if (state === 'running') setState('stopped', null);
    },
    noticeEvents,
    /** The console heard of a connection change (quickbooks.connection_changed): a new connection is tried at once. */
    setConnection(next: QuickBooksConnection): void {
      connection = connectionOf(next);
      changed();
      if (next.state === 'connected') {
        cdcWanted = true;
        wake?.();
      }
    },
    /** Runs CDC and the outbox now (the "sync now" button). */
    syncNow(): void {
      cdcWanted = true;
      wake?.();
    },
    importCustomers,
    status(): QuickBooksSyncStatus {
      return {
        state,
        reason,
        connection,
        lastSyncOut: readState<string | null>(db, STATE.lastOut, null),
        lastSyncIn: readState<string | null>(db, STATE.lastIn, null),
        queue: outbox.depth(),
        failures: outbox.failures(),
        import: importProgress,
        needsAttention: needsAttention(db).length,
      };
    },
    needsAttention: (): NeedsAttention[] => needsAttention(db),
    log: (limit = 200): SyncLogEntry[] => recentLog(db, limit),
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
    createCustomerFromCaller: (input: { name: string; phone: string; email?: string | null; company?: string | null }) => createCustomerFromCaller(deps, input),
    settings,
    updateSettings(patch: Partial<QuickBooksSyncSettings>): QuickBooksSyncSettings {
      const next = { ...settings(), ...patch };
      writeState(db, STATE.settings, next);
      return next;
    },
  };
}

export type QuickBooksSync = ReturnType<typeof createQuickBooksSync>;

function connectionOf(c: QuickBooksConnection): QuickBooksConnection {
  return { state: c.state, realmId: c.realmId, companyName: c.companyName, environment: c.environment, reason: c.reason ?? null };
}
