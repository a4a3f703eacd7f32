import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies a live relay.db with `VACUUM INTO` on a worker thread with its own connection. One
 * statement reads one consistent snapshot (WAL readers never block the log's writer, nor it
 * them), where the online backup API restarts whenever another connection writes and, under
 * steady ingest, might never finish; the copy is compact, with no free pages that could still
 * hold erased bytes; and the relay's event loop never waits for it. The copy is then checked
 * (quick_check) and its log head read. The worker's script is inline: the relay ships as one bundle.
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
try {
  const source = new Database(workerData.source, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 10000');
  try { source.prepare('VACUUM INTO ?').run(workerData.target); } finally { source.close(); }
  const copy = new Database(workerData.target, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error('the copy failed its check: ' + check);
    const headSeq = copy.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get();
    const schemaVersion = copy.pragma('user_version', { simple: true });
    parentPort.postMessage({ ok: true, headSeq, schemaVersion });
  } finally { copy.close(); }
} catch (error) {
  parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
}
`;

export interface DatabaseCopy {
  headSeq: number;
  schemaVersion: number;
}

/** A copy still running after this long is stopped (a stalled mount must not hold backups up for ever). */
export const COPY_TIMEOUT_MS = 2 * 3_600_000;

/** Copies `source` (a relay.db, in use or not) to `target`, which must not exist yet; `signal` stops it (the relay closing). */
export function copyRelayDatabase(source: string, target: string, signal?: AbortSignal): Promise<DatabaseCopy> {
  const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const stop = AbortSignal.any([AbortSignal.timeout(COPY_TIMEOUT_MS), ...(signal ? [signal] : [])]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      workerData: { sqlitePath, source, target },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, stackSizeMb: 1 },
    });
    const onStop = (): void => {
      reject(new Error(signal?.aborted ? 'the copy was stopped: the relay is closing' : `the copy took longer than ${COPY_TIMEOUT_MS / 3_600_000} h and was stopped`));
      void worker.terminate();
    };
    stop.addEventListener('abort', onStop, { once: true });
    worker.once('message', (result: { ok: true; headSeq: number; schemaVersion: number } | { ok: false; error: string }) => {
      stop.removeEventListener('abort', onStop);
      void worker.terminate();
      if (result.ok) resolve({ headSeq: result.headSeq, schemaVersion: result.schemaVersion });
      else reject(new Error(result.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      stop.removeEventListener('abort', onStop);
      reject(new Error(`the copy stopped early (worker exit ${code})`));
    });
  });
}
