import type BetterSqlite3 from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/**
 * Copies the write-ahead log into the database file on a connection of its own, in a
 * worker thread, while the core goes on applying: a checkpoint of a catch-up's WAL (the
 * pages copied and both files fsynced) took ~27 ms each time on the core's thread, a
 * sixth of a catch-up's time and the longest waits of the renderer's calls. SQLite lets a
 * checkpoint run beside a writer (the writer appends while the checkpointer backfills what
 * was committed before it started). PASSIVE: it never waits for readers or the writer;
 * what it cannot copy now is copied next time, or by the writer's own automatic
 * checkpoint at the log's limit (open-console-database.ts). Where no worker can be
 * started, the checkpoint runs here, between transactions, as before.
 */

/** The worker: one connection, one PASSIVE checkpoint per request, closed on request. */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let failure = null;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  parentPort.postMessage({ failure });
});
`;

interface Checkpointer {
  request(): void;
  stop(): Promise<void>;
}

const checkpointers = new WeakMap<BetterSqlite3.Database, Checkpointer>();

/** Asks for a checkpoint of this connection's database; one already running takes the request as its next. */
export function checkpointInBackground(sqlite: BetterSqlite3.Database): void {
  let checkpointer = checkpointers.get(sqlite);
  if (!checkpointer) {
    checkpointer = startCheckpointer(sqlite);
    checkpointers.set(sqlite, checkpointer);
  }
  checkpointer.request();
}

/** Before the connection closes: the worker finishes a checkpoint it is running, then closes its connection. */
export async function stopBackgroundCheckpoints(sqlite: BetterSqlite3.Database): Promise<void> {
  const checkpointer = checkpointers.get(sqlite);
  checkpointers.delete(sqlite);
  await checkpointer?.stop();
}

function checkpointHere(sqlite: BetterSqlite3.Database): void {
  if (sqlite.open && !sqlite.inTransaction) sqlite.pragma('wal_checkpoint(PASSIVE)');
}

function startCheckpointer(sqlite: BetterSqlite3.Database): Checkpointer {
  // An in-memory or temporary database has no file another connection could open.
  if (sqlite.memory || sqlite.name === '') return { request: () => checkpointHere(sqlite), stop: async () => undefined };
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let running = false;
  let again = false;
  let broken = false;
  const start = (): Worker | null => {
    try {
      const started = new Worker(CHECKPOINTER_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path: sqlite.name } });
      // A console that forgot to close its database still exits.
      started.unref();
      exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
      started.on('message', () => {
        running = false;
        if (again) {
          again = false;
          request();
        }
      });
      started.once('error', () => {
        // Checkpoints go on here, between transactions.
        broken = true;
        worker = null;
        running = false;
      });
      return started;
    } catch {
      broken = true;
      return null;
    }
  };
  const request = (): void => {
    if (!broken && worker === null) worker = start();
    if (broken || worker === null) {
      checkpointHere(sqlite);
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    worker.postMessage('checkpoint');
  };
  return {
    request,
    async stop() {
      const stopping = worker;
      worker = null;
      broken = true;
      if (!stopping) return;
      stopping.postMessage('close');
      await exited;
    },
  };
}
