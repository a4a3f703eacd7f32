import { parentPort } from 'node:worker_threads';
import { serveConsoleCore } from './serve-core';

// The console core's worker thread (core-process/worker-thread.ts starts it).
if (!parentPort) throw new Error('worker-entry runs as a worker thread of the console');
const port = parentPort;
serveConsoleCore({ post: (message) => port.postMessage(message), listen: (listener) => port.on('message', listener) }, () => port.close());
