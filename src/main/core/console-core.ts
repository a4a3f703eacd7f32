import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApiHandlers, ApiPush, ApiPushes, LinkStatus } from '../../shared/api/contract';
import type { Clock } from '../../shared/clock';
import { applyWithDueDates, customersWithInvoiceChanges } from '../card/open-invoices';
import { dataKindsChangedBy } from '../../shared/api/data-changes';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { readProjectionState, type LogEntry } from '../projection/apply-event';
import { historyStatus, startReprojection, type Reprojection } from '../projection/reproject';
import { setAsideDivergedLog } from '../projection/diverged-log';
import { dataKinds } from '../../shared/api/data-changes';
import { createConsoleQuickBooks } from '../quickbooks/console-quickbooks';
import type { QuickBooksSyncOptions } from '../quickbooks/quickbooks-sync';
import type { BackoffPolicy } from '../../shared/backoff/backoff';
import { arrivedMessageNotices } from '../communications/arrived-messages';
import { createMediaCache } from '../media/media-cache';
import { createRedactionFollower } from '../privacy/redaction-follower';
import { createConsoleHandlers, type CoreSettings } from './console-handlers';
import { createLinkStatusBoard } from './link-status';
import { createLiveCards } from './live-cards';
import { silentLogger, type Logger } from './logger';
import { PushChannel } from './push-channel';
import { createRelayConnection } from './relay-connection';
import { createTeamPresence } from '../team/team-presence';

export interface ConsoleCoreOptions {
  dbPath: string;
  settings: CoreSettings;
  clock?: Clock;
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
  /** Where media shown is cached (bounded); default `media-cache` beside the database. */
  mediaCacheDir?: string;
}

export interface ConsoleCore {
  /** Every renderer API method, implemented against the local database and the relay. */
  handlers: ApiHandlers;
  onPush<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void): () => void;
  /** Opens the database (migrating it) and connects to the relay when a device token is set. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The console's core, plain Node: the projection database, the relay link, caller
 * cards and the renderer API. It runs in a worker of its own (core-process/); the
 * Electron shell and the browser harness serve these handlers and forward these pushes.
 * The parts: the link's status board, the live caller cards, the relay connection,
 * QuickBooks, and the handlers assembled from them; what ties them is `apply`.
 */
export function createConsoleCore(options: ConsoleCoreOptions): ConsoleCore {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const pushes = new PushChannel(logger);
  let db: ConsoleDatabase | null = null;
  let reprojection: Reprojection | null = null;

  const database = (): ConsoleDatabase => {
    if (!db) throw new Error('the console core is not started');
    return db;
  };
  /** The last time a relay restored from a backup made this console set events aside (diverged-log.ts); until restart. */
  let lastSetAside: LinkStatus['setAside'] = null;
  const board = createLinkStatusBoard({ relayUrl: () => options.settings.read().relayUrl, clock, pushes, history: () => ({ ...historyStatus(db, reprojection), setAside: lastSetAside }) });
  const cards = createLiveCards({ database, clock, pushes, logger });
  const presence = createTeamPresence({ clock, changed: (current) => pushes.emit('team.presenceChanged', current) });
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

  /** Applies a burst from the relay in one transaction, then tells the cards, QuickBooks and the status bar. */
  const apply = (entries: LogEntry[]): void => {
    const current = database();
    const result = applyWithDueDates(current, entries);
    const pushedCalls = cards.callsChanged(result.changedCalls);
    const events = entries.map((entry) => entry.event);
    const invoiceCustomers = customersWithInvoiceChanges(current, events);
    if (invoiceCustomers.size > 0) cards.customersChanged(invoiceCustomers, pushedCalls);
    quickBooks.noticeEvents(events);
    board.applied(result);
    const kinds = dataKindsChangedBy(events);
    if (kinds.length > 0) pushes.emit('data.changed', { kinds });
    for (const notice of arrivedMessageNotices(current, result.arrivedMessages, clock())) pushes.emit('messages.arrived', notice);
    if (events.some((event) => event?.type === 'log.redacted')) redactions.nudge();
  };

  const connection = createRelayConnection({
    board,
    database,
    apply,
    quickBooks,
    clock,
    logger,
    ...(options.random ? { random: options.random } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    onPresence: (frame) => (frame === null ? presence.linkLost() : presence.received(frame)),
    onDiverged: (validThrough) => void startOver(validThrough),
  });

  /**
   * The relay was restored from an older backup: what this console holds past where the relay's
   * log agrees is set aside in a file beside the database (diverged-log.ts), the history is
   * rebuilt from the copy up to there and what follows downloaded, progress on the status bar.
   */
  let startingOver: Promise<void> | null = null;
  let stopping = false;
  const startOver = (validThrough: number): Promise<void> =>
    (startingOver ??= (async () => {
      if (stopping) return;
      await connection.disconnect();
      reprojection?.stop();
      await reprojection?.finished;
      reprojection = null;
      if (!db || stopping) return;
      const setAside = setAsideDivergedLog(db, validThrough, options.dbPath === ':memory:' ? join(tmpdir(), `ringside-diverged-${process.pid}`) : dirname(options.dbPath), clock());
      logger.warn(
        `relay link: the relay's log agrees with this console's copy only up to seq ${validThrough}; ${setAside.events} later events set aside${setAside.file ? ` in ${setAside.file}` : ''}; ${setAside.keptCopy ? `rebuilding from the copy through seq ${validThrough} and downloading what follows` : 'downloading the log again'}`,
      );
      lastSetAside = { events: setAside.events, file: setAside.file };
      if (setAside.keptCopy) reprojection = reproject(db);
      board.applied(readProjectionState(db));
      pushes.emit('data.changed', { kinds: [...dataKinds] });
      connection.connect(options.settings.read());
    })().finally(() => {
      startingOver = null;
    }));

  const mediaCache = createMediaCache(options.mediaCacheDir ?? (options.dbPath === ':memory:' ? join(tmpdir(), `ringside-media-${process.pid}`) : join(dirname(options.dbPath), 'media-cache')));
  /** Rebuilds the history from the local copy in the background, its progress on the status bar. */
  const reproject = (opened: ConsoleDatabase): Reprojection | null =>
    startReprojection(opened, {
      logger,
      onProgress: (progress) => {
        board.applied(readProjectionState(opened));
        if (progress === null) pushes.emit('data.changed', { kinds: [...dataKinds] });
      },
    });
  // Issue 15 §4: the relay's redactions, followed outside the apply transaction.
  const redactions = createRedactionFollower({
    database,
    relay: () => {
      const settings = options.settings.read();
      return settings.deviceToken ? { url: settings.relayUrl, token: settings.deviceToken } : null;
    },
    mediaCache,
    logger,
    clock,
    ...(options.random ? { random: options.random } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    settled: async () => {
      await reprojection?.finished;
    },
    rebuild: async () => {
      await reprojection?.finished;
      reprojection = reproject(database());
      await reprojection?.finished;
    },
    finished: () => pushes.emit('data.changed', { kinds: [...dataKinds] }),
  });

  const handlers = createConsoleHandlers({
    database,
    settings: options.settings,
    clock,
    logger,
    pushes,
    board,
    cards,
    quickBooksHandlers: quickBooks.handlers,
    presence,
    mediaCache,
    exportDirectory: () => (options.dbPath === ':memory:' ? join(tmpdir(), `ringside-exports-${process.pid}`) : join(dirname(options.dbPath), 'exports')),
    settingsChanged: async (settings) => {
      if (!db) return;
      await connection.disconnect();
      connection.connect(settings);
    },
  });

  return {
    handlers,
    onPush: (push, listener) => pushes.on(push, listener),
    async start() {
      if (db) return;
      stopping = false;
      db = await openConsoleDatabase(options.dbPath);
      const opened = db;
      // An upgraded console rebuilds its history from its local copy of the log, in the background.
      reprojection = reproject(opened);
      board.applied(readProjectionState(db));
      connection.connect(options.settings.read());
      redactions.start();
    },
    async stop() {
      stopping = true;
      await startingOver;
      const following = redactions.stop();
      reprojection?.stop();
      await reprojection?.finished;
      await following;
      await connection.disconnect();
      board.stop();
      const current = db;
      db = null;
      await current?.close();
    },
  };
}
