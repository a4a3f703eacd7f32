import type { DeviceInfo, QuickBooksConnection, QuickBooksImportProgress, QuickBooksSyncStatus } from '../../shared/api/quickbooks';
import type { RingsideEvent } from '../../shared/events/model';
import type { Logger } from '../core/logger';
import type { ConsoleDatabase } from '../db/open-console-database';
import { createQuickBooksHandlers, type QuickBooksHandlers } from './api-handlers';
import { createQuickBooksSync, type QuickBooksSync, type QuickBooksSyncOptions } from './quickbooks-sync';
import { fetchConnection, fetchDeviceInfo, type RelayAccess } from './relay-quickbooks-client';
import { quickbooksTaxStatus } from './tax-mapping';

/**
 * QuickBooks as one console sees it (issue 4): who this device is (GET /v1/devices/me),
 * the company connection (the relay's status, then every quickbooks.connection_changed
 * the log brings), and, on the bookkeeper console only, the sync itself, fed the events
 * the core applies rather than watching the log a second time.
 */

export interface ConsoleQuickBooksOptions {
  database: () => ConsoleDatabase;
  /** The relay and this console's token, or null while no token is set. */
  relay: () => RelayAccess | null;
  region: () => string;
  logger: Logger;
  openExternal?: (url: string) => Promise<void>;
  onStatus: (status: QuickBooksSyncStatus) => void;
  onImportProgress: (progress: QuickBooksImportProgress) => void;
  /** Sync tuning (tests shorten waits); false: never run the sync here (a test runs its own on the file). */
  sync?: Partial<QuickBooksSyncOptions> | false;
}

export interface ConsoleQuickBooks {
  handlers: QuickBooksHandlers;
  /** (Re)reads the device and connection, and starts the sync on a bookkeeper console. */
  start(): void;
  stop(): Promise<void>;
  /** The relay answered again (the link went live): what could not be read at start is read now. */
  relayReachable(): void;
  /** Events the core just applied. */
  noticeEvents(events: readonly (RingsideEvent | null)[]): void;
}

/** Status pushes are coalesced to at most one per this many ms. */
const STATUS_PUSH_MS = 200;

/** The status fields of a console without a sync. */
const idle = (): Pick<QuickBooksSyncStatus, 'lastSyncOut' | 'lastSyncIn' | 'queue' | 'failures' | 'import' | 'needsAttention'> => ({
  lastSyncOut: null,
  lastSyncIn: null,
  queue: { queued: 0, failed: 0 },
  failures: [],
  import: null,
  needsAttention: 0,
});

export function createConsoleQuickBooks(options: ConsoleQuickBooksOptions): ConsoleQuickBooks {
  const { logger } = options;
  let generation = 0;
  let device: DeviceInfo | null = null;
  let discovering: Promise<void> | null = null;
  let discoveryError: string | null = null;
  let connection: QuickBooksConnection | null = null;
  let sync: QuickBooksSync | null = null;
  let pushTimer: NodeJS.Timeout | null = null;

  const status = (): QuickBooksSyncStatus => {
    // Every console shows the company's tax warnings and total differences (the bookkeeper's reads, the log's totals).
    const tax = quickbooksTaxStatus(options.database(), connection?.realmId ?? null);
    if (sync) {
      const own = sync.status();
      return { ...own, connection: connection ?? own.connection, ...tax };
    }
    if (options.relay() === null) return { state: 'stopped', reason: 'no device token: paste one in settings', connection, ...idle(), ...tax };
    if (device === null) return { state: 'stopped', reason: discoveryError ?? 'asking the relay who this console is', connection, ...idle(), ...tax };
    if (device.role === 'bookkeeper') return { state: 'stopped', reason: 'the sync is not running on this console', connection, ...idle(), ...tax };
    return { state: 'not_bookkeeper', reason: `QuickBooks syncs on the bookkeeper console; this is ${device.role === 'admin' ? 'an admin' : 'an agent'} console`, connection, ...idle(), ...tax };
  };

  const schedulePush = (): void => {
    pushTimer ??= setTimeout(() => {
      pushTimer = null;
      try {
        options.onStatus(status());
      } catch (error) {
        logger.warn(`quickbooks status push failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, STATUS_PUSH_MS);
  };

  const discover = (): Promise<void> => {
    const relay = options.relay();
    if (relay === null) return Promise.resolve();
    const mine = generation;
    discovering ??= (async () => {
      try {
        const [me, linked] = await Promise.all([fetchDeviceInfo(relay), fetchConnection(relay).catch(() => null)]);
        if (mine !== generation) return;
        device = me;
        discoveryError = null;
        connection ??= linked;
        if (me.role === 'bookkeeper' && options.sync !== false && sync === null) {
          sync = createQuickBooksSync({
            db: options.database(),
            relayUrl: relay.url,
            deviceToken: relay.token,
            region: options.region,
            logger,
            watchLog: false,
            onChange: schedulePush,
            ...(options.sync ?? {}),
          });
          await sync.start();
          if (connection) sync.setConnection(connection);
        }
      } catch (error) {
        if (mine === generation) discoveryError = `the relay could not say who this console is: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        if (mine === generation) discovering = null;
        schedulePush();
      }
    })();
    return discovering;
  };

  const handlers = createQuickBooksHandlers({
    database: options.database,
    sync: () => sync,
    relay: () => {
      const relay = options.relay();
      if (relay === null) throw new Error('set a device token in settings first');
      return relay;
    },
    status,
    connection: async () => {
      const relay = options.relay();
      if (connection === null && relay !== null) connection = await fetchConnection(relay);
      return connection;
    },
    onDisconnected: () => {
      if (connection) connection = { ...connection, state: 'disconnected', realmId: null, companyName: null, reason: null };
      schedulePush();
    },
    device: async () => {
      if (device === null) await discover();
      if (device === null) throw new Error(discoveryError ?? 'set a device token in settings first');
      return device;
    },
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    onImportProgress: options.onImportProgress,
  });

  return {
    handlers,
    start() {
      generation += 1;
      device = null;
      discovering = null;
      discoveryError = null;
      connection = null;
      void discover();
    },
    async stop() {
      generation += 1;
      discovering = null;
      device = null;
      if (pushTimer) clearTimeout(pushTimer);
      pushTimer = null;
      const current = sync;
      sync = null;
      await current?.stop();
    },
    relayReachable() {
      if (device === null) void discover();
    },
    noticeEvents(events) {
      let changed = false;
      for (const event of events) {
        if (event?.type !== 'quickbooks.connection_changed') continue;
        const { state, realmId, companyName, environment, reason } = event.data;
        connection = { state, realmId, companyName, environment, reason };
        changed = true;
      }
      if (changed && connection) {
        sync?.setConnection(connection);
        schedulePush();
      }
      // A tax mapping, the company as read, or QuickBooks' total of an invoice changes what Settings and Sync show (issue 11).
      if (events.some((e) => e?.type === 'quickbooks.tax_mapping_defined' || e?.type === 'quickbooks.company_read' || e?.type === 'invoice.synced')) schedulePush();
      sync?.noticeEvents(events);
    },
  };
}
