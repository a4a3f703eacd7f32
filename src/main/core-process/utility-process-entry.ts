import { serveConsoleCore } from './serve-core';

// The console core's Electron utility process (electron/core-process.ts forks the
// bundle of this file). Plain Node with Electron's parentPort: no electron import.
const port = process.parentPort;
serveConsoleCore(
  { post: (message) => port.postMessage(message), listen: (listener) => port.on('message', (event) => listener(event.data)) },
  () => process.exit(0),
);
