import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConsoleCore } from '../core/console-core';
import { connectConsoleCore, type CoreProcessOptions, type HostEnd } from './core-client';

/**
 * Runs the console core in a worker thread (the harness, tests, benchmarks): the
 * same code Electron runs in its utility process, on its own event loop and SQLite
 * connection. From TypeScript sources (tsx, vitest, Playwright) the worker loads
 * the entry through tsx's require hook; a bundle would start its built entry.
 */
export function startConsoleCoreWorker(options: CoreProcessOptions): ConsoleCore {
  const entry = join(__dirname, `worker-entry${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  const worker = entry.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true })
    : new Worker(entry);
  let exited = false;
  const end: HostEnd = {
    post: (message) => worker.postMessage(message),
    listen: (listener) => worker.on('message', listener),
    onExit(listener) {
      worker.once('error', (error) => listener(error.message));
      worker.once('exit', (code) => {
        exited = true;
        listener(`exit code ${code}`);
      });
    },
    async end() {
      if (!exited) await worker.terminate();
    },
  };
  return connectConsoleCore(end, options);
}
