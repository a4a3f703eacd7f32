import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file on a worker thread with its own
 * connection, so the log's connection never checkpoints (wal_autocheckpoint=0 there):
 * a checkpoint writes and fsyncs megabytes and would hold the event loop for tens of
 * milliseconds. PASSIVE never waits for the writer, and the writer restarts the WAL
 * from its start when its transaction begins with everything copied (measured: with
 * a single pass per request the WAL grew without end under steady ingest, 156 MB
 * for 40,000 events). The worker's script is inline (the
 * relay ships as one bundle) and its heap is capped: it only runs pragmas.
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.databaseFile);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -512');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    // Told at once, so that the log's close() returns only with this connection gone.
    const closed = new Int32Array(workerData.closed);
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    // Passes until the WAL is wholly copied (each pass has less to copy), so that the
    // writer's next transaction can start the WAL over instead of growing it.
    let previous = -1;
    for (let pass = 0; pass < 20; pass++) {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      if (result.log === result.checkpointed && result.log === previous) break;
      previous = result.log;
    }
    parentPort.postMessage({ ok: true });
  }
  catch (error) { parentPort.postMessage({ ok: false, error: String(error && error.message || error) }); }
});
`;

/** A worker whose connection is still open this long after being asked to close is stopped. */
const CLOSE_TIMEOUT_MS = 10_000;

export class WalCheckpointer {
  private readonly worker: Worker;
  private running = false;
  private wanted = false;
  private closing = false;
  private gone = false;
  private readonly exited: Promise<void>;
  /** Set to 1 by the worker once its connection is closed. */
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));

  /** `onDone`: a checkpoint request was carried out (the WAL copied back as far as it could be). */
  constructor(databaseFile: string, onError: (message: string) => void, onDone?: () => void) {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      workerData: { sqlitePath, databaseFile, closed: this.closed.buffer },
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, stackSizeMb: 1 },
    });
    this.worker.unref();
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.gone = true;
        resolve();
      }),
    );
    this.worker.on('message', (result: { ok: boolean; error?: string }) => {
      this.running = false;
      if (!result.ok) onError(result.error ?? 'checkpoint failed');
      else onDone?.();
      if (this.wanted && !this.closing) this.request();
    });
    this.worker.on('error', (error) => onError(error.message));
  }

  /** Asks for a checkpoint; requests made while one runs fold into one more. */
  request(): void {
    if (this.closing) return;
    if (this.running) {
      this.wanted = true;
      return;
    }
    this.wanted = false;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /**
   * Closes the worker's connection before returning (after any checkpoint under way, so this may
   * wait for one): whoever closes the database next, or removes its files, finds it gone. The
   * promise resolves once the thread itself has exited.
   */
  close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    if (!this.gone) {
      this.worker.postMessage('close');
      Atomics.wait(this.closed, 0, 0, CLOSE_TIMEOUT_MS);
      if (Atomics.load(this.closed, 0) === 0) void this.worker.terminate();
    }
    return this.exited;
  }
}
