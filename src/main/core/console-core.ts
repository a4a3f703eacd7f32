import type { ApiHandlers, ApiPush, ApiPushes, LinkStatus, SettingsView } from '../../shared/api/contract';
import type { CallerCard } from '../../shared/card';
import { loadCallerCard } from '../card/load-caller-card';
import { applyWithDueDates, customersWithInvoiceChanges } from '../card/open-invoices';
import { importCustomers } from '../customers/import-customers';
import { searchCustomers } from '../customers/search-customers';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { readProjectionState, type LogEntry } from '../projection/apply-event';
import { createConsoleQuickBooks } from '../quickbooks/console-quickbooks';
import type { QuickBooksSyncOptions } from '../quickbooks/quickbooks-sync';
import { RelayLink, type RelayLinkStatus } from '../relay-link/relay-link';
import type { BackoffPolicy } from '../relay-link/reconnect-delay';
import type { ConsoleSettings, SettingsStore } from '../settings';
import { callHistory, isLiveCall, liveCallIds } from './call-queries';
import { silentLogger, type Logger } from './logger';
import { PushChannel } from './push-channel';
import { createBillingHandlers } from '../billing/api-handlers';

export interface ConsoleCoreOptions {
  dbPath: string;
  settings: SettingsStore;
  clock?: () => Date;
  logger?: Logger;
  random?: () => number;
  /** Reconnect backoff of the relay link (tests shorten it). */
  backoff?: BackoffPolicy;
  /**
   * Opens a URL in the system browser (Electron passes a validated shell.openExternal).
   * Without it, "Connect QuickBooks" answers the consent URL and the page opens it.
   */
  openExternal?: (url: string) => Promise<void>;
  /** QuickBooks sync tuning on a bookkeeper console (tests shorten waits); false: never run it here. */
  quickBooksSync?: Partial<QuickBooksSyncOptions> | false;
}

export interface ConsoleCore {
  /** Every renderer API method, implemented against the local database and the relay. */
  handlers: ApiHandlers;
  onPush<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void): () => void;
  /** Opens the database (migrating it) and connects to the relay when a device token is set. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Progress status pushes (applied seq, last event) at most this often; state changes go at once. */
const STATUS_PUSH_INTERVAL_MS = 1_000;

/**
 * The console's core, plain Node: the projection database, the relay link, caller
 * cards and the renderer API. The Electron shell and the browser harness both serve
 * these handlers and forward these pushes.
 */
export function createConsoleCore(options: ConsoleCoreOptions): ConsoleCore {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const pushes = new PushChannel(logger);
  const pinned = new Set<string>();
  const dismissed = new Set<string>();
  let db: ConsoleDatabase | null = null;
  let link: RelayLink | null = null;
  let linkStatus: RelayLinkStatus = { state: 'offline', reason: 'not started', headSeq: null };
  let appliedSeq = 0;
  let lastEventAtMs: number | null = null;
  let lastStatusPushMs = 0;
  let statusPushTimer: NodeJS.Timeout | null = null;

  const database = (): ConsoleDatabase => {
    if (!db) throw new Error('the console core is not started');
    return db;
  };

  const status = (): LinkStatus => ({
    ...linkStatus,
    appliedSeq,
    lastEventAt: lastEventAtMs === null ? null : new Date(lastEventAtMs).toISOString(),
    relayUrl: options.settings.read().relayUrl,
  });

  const pushStatus = (): void => {
    if (statusPushTimer) clearTimeout(statusPushTimer);
    statusPushTimer = null;
    lastStatusPushMs = clock().getTime();
    pushes.emit('link.statusChanged', status());
  };

  /** Progress (applied seq, last event) is pushed at most once a second, the latest always. */
  const pushProgress = (): void => {
    const wait = STATUS_PUSH_INTERVAL_MS - (clock().getTime() - lastStatusPushMs);
    if (wait <= 0) pushStatus();
    else statusPushTimer ??= setTimeout(pushStatus, wait);
  };

  const card = (callId: string): Promise<CallerCard | null> => loadCallerCard(database(), callId, clock(), pinned.has(callId));

  const pushCard = async (callId: string): Promise<void> => {
    try {
      const built = await card(callId);
      if (built) pushes.emit('card.updated', built);
    } catch (error) {
      logger.error(`caller card for ${callId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const quickBooks = createConsoleQuickBooks({
    database,
    relay: () => {
      const settings = options.settings.read();
      return settings.deviceToken ? { url: settings.relayUrl, token: settings.deviceToken } : null;
    },
    region: () => options.settings.read().phoneRegion,
    logger,
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    onStatus: (status) => pushes.emit('quickbooks.statusChanged', status),
    onImportProgress: (progress) => pushes.emit('quickbooks.importProgress', progress),
    ...(options.quickBooksSync !== undefined ? { sync: options.quickBooksSync } : {}),
  });

  /** A payment or a synced invoice changes the open invoices on that customer's live cards. */
  const pushCardsOfCustomers = async (customerIds: ReadonlySet<string>, except: ReadonlySet<string>): Promise<void> => {
    const db = database();
    const owner = db.sqlite.prepare('SELECT 1 FROM customer_phones p JOIN calls c ON c.external_e164 = p.phone_e164 WHERE c.call_id = ? AND p.customer_id = ?');
    const ids = new Set([...(await liveCallIds(db, clock())), ...pinned]);
    for (const callId of ids) {
      if (except.has(callId) || dismissed.has(callId)) continue;
      if ([...customerIds].some((customerId) => owner.get(callId, customerId) !== undefined)) void pushCard(callId);
    }
  };

  const apply = (entries: LogEntry[]): void => {
    const db = database();
    const result = applyWithDueDates(db, entries);
    appliedSeq = result.appliedSeq;
    lastEventAtMs = result.lastEventAtMs;
    // A catch-up replays old calls too; only calls the live view shows get a card pushed.
    const nowMs = clock().getTime();
    const callIds = new Set(result.changedCalls.filter((c) => isLiveCall(c, nowMs)).map((c) => c.callId));
    for (const callId of callIds) void pushCard(callId);
    const events = entries.map((entry) => entry.event);
    const invoiceCustomers = customersWithInvoiceChanges(db, events);
    if (invoiceCustomers.size > 0) {
      pushCardsOfCustomers(invoiceCustomers, callIds).catch((error: unknown) => logger.error(`caller cards after a payment failed: ${String(error)}`));
    }
    quickBooks.noticeEvents(events);
    pushProgress();
  };

  const connect = (settings: ConsoleSettings): void => {
    if (!settings.deviceToken) {
      linkStatus = { state: 'offline', reason: 'no device token: paste one in settings', headSeq: null };
      pushStatus();
      return;
    }
    link = new RelayLink({
      relayUrl: settings.relayUrl,
      deviceToken: settings.deviceToken,
      appliedSeq: () => appliedSeq,
      apply,
      onStatus: (next) => {
        linkStatus = next;
        pushStatus();
        if (next.state === 'live') quickBooks.relayReachable();
      },
      clock,
      logger,
      ...(options.random ? { random: options.random } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    link.start();
    quickBooks.start();
  };

  const disconnect = async (): Promise<void> => {
    const current = link;
    link = null;
    await Promise.all([current?.stop(), quickBooks.stop()]);
  };

  const view = (settings: ConsoleSettings): SettingsView => ({
    relayUrl: settings.relayUrl,
    hasDeviceToken: settings.deviceToken !== null,
    phoneRegion: settings.phoneRegion,
    ...options.settings.tokenStatus(),
  });

  const handlers: ApiHandlers = {
    ...createBillingHandlers({
      database,
      clock,
      relay: () => {
        const settings = options.settings.read();
        if (!settings.deviceToken) throw new Error('set a device token in settings before changing billing');
        return { url: settings.relayUrl, token: settings.deviceToken };
      },
    }),
    ...quickBooks.handlers,
    'link.status': async () => status(),
    'calls.live': async () => {
      const ids = new Set([...(await liveCallIds(database(), clock())), ...pinned]);
      const cards: CallerCard[] = [];
      for (const id of ids) {
        if (dismissed.has(id)) continue;
        const built = await card(id);
        if (built) cards.push(built);
      }
      return cards.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },
    'calls.history': async (input) => callHistory(database(), input),
    'card.pin': async ({ callId, pinned: pin }) => {
      if (pin) {
        pinned.add(callId);
        dismissed.delete(callId);
      } else pinned.delete(callId);
      const built = await card(callId);
      if (built) pushes.emit('card.updated', built);
      return built;
    },
    'card.dismiss': async ({ callId }) => {
      dismissed.add(callId);
      pinned.delete(callId);
      pushes.emit('card.dismissed', { callId });
      return null;
    },
    'customers.search': async (input) => searchCustomers(database(), input, clock()),
    'customers.importCsv': async ({ csv }) => {
      const settings = options.settings.read();
      if (!settings.deviceToken) throw new Error('set a device token in settings before importing customers');
      const result = await importCustomers({
        csv,
        relay: { url: settings.relayUrl, token: settings.deviceToken },
        region: settings.phoneRegion,
        onProgress: (progress) => pushes.emit('import.progress', progress),
        clock,
      });
      logger.info(`customer import: ${result.accepted} rows accepted, ${result.rejected.length} rejected, ${result.appended} events appended`);
      return { accepted: result.accepted, rejected: result.rejected };
    },
    'settings.get': async () => view(options.settings.read()),
    'settings.update': async (patch) => {
      const settings = options.settings.write(patch);
      if (db) {
        await disconnect();
        connect(settings);
      }
      return view(settings);
    },
  };

  return {
    handlers,
    onPush: (push, listener) => pushes.on(push, listener),
    async start() {
      if (db) return;
      db = await openConsoleDatabase(options.dbPath);
      ({ appliedSeq, lastEventAtMs } = readProjectionState(db));
      connect(options.settings.read());
    },
    async stop() {
      await disconnect();
      if (statusPushTimer) clearTimeout(statusPushTimer);
      statusPushTimer = null;
      const current = db;
      db = null;
      await current?.close();
    },
  };
}
