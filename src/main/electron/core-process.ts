import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { ConsoleCore } from '../core/console-core';
import { connectConsoleCore, type CoreProcessOptions, type HostEnd } from '../core-process/core-client';

/**
 * Runs the console core in an Electron utility process (out/main/core.js, bundled
 * from core-process/utility-process-entry.ts): SQLite, the relay link, billing and
 * QuickBooks run on its event loop, and the main process only relays the renderer
 * API and the pushes. Call after the app is ready.
 */
export function forkConsoleCore(options: CoreProcessOptions): ConsoleCore {
  const child = utilityProcess.fork(join(__dirname, 'core.js'), [], { serviceName: 'Ringside core', stdio: 'inherit' });
  let exited = false;
  const end: HostEnd = {
    post: (message) => child.postMessage(message),
    listen: (listener) => child.on('message', listener),
    onExit(listener) {
      child.once('exit', (code) => {
        exited = true;
        listener(`exit code ${code}`);
      });
    },
    async end() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await gone;
    },
  };
  return connectConsoleCore(end, options);
}
