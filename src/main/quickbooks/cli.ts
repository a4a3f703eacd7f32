import { parseArgs } from 'node:util';
import { createLogger } from '../core/logger';
import { openConsoleDatabase } from '../db/open-console-database';
import { logOutboundCallsTo } from '../http/outbound-client';
import { relayUrlProblem } from '../relay-link/relay-url';
import { createQuickBooksSync } from './quickbooks-sync';

/**
 * Runs a console's QuickBooks sync on its own, headless: `tsx src/main/quickbooks/cli.ts
 * --db console.db --relay http://127.0.0.1:8787 --token rs_…`. For a bookkeeper machine
 * without the window open, and for tests that kill the worker mid-push.
 */

function main(): void {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      relay: { type: 'string' },
      token: { type: 'string' },
      region: { type: 'string', default: 'US' },
      'timeout-ms': { type: 'string', default: '30000' },
      'retry-base-ms': { type: 'string', default: '500' },
      'throttle-wait-ms': { type: 'string', default: '60000' },
      'poll-ms': { type: 'string', default: '1000' },
    },
  });
  if (!values.db || !values.relay || !values.token) {
    console.error('usage: tsx src/main/quickbooks/cli.ts --db FILE --relay URL --token DEVICE_TOKEN [--region US]');
    process.exit(2);
  }
  const relayProblem = relayUrlProblem(values.relay);
  if (relayProblem !== null) {
    console.error(relayProblem);
    process.exit(2);
  }
  const region = values.region ?? 'US';
  // JSON lines on standard output, secrets and phone numbers redacted.
  const logger = createLogger();
  logOutboundCallsTo(logger);
  void openConsoleDatabase(values.db).then(async (db) => {
    const baseMs = Number(values['retry-base-ms']);
    const sync = createQuickBooksSync({
      db,
      relayUrl: values.relay!,
      deviceToken: values.token!,
      region: () => region,
      requestTimeoutMs: Number(values['timeout-ms']),
      retry: { maxAttempts: 6, baseMs, capMs: baseMs * 60, throttleWaitMs: Number(values['throttle-wait-ms']) },
      pollMs: Number(values['poll-ms']),
      errorRetryMs: Number(values['poll-ms']) * 5,
      watchLog: true,
      logger,
    });
    await sync.start();
    logger.info('quickbooks sync running');
    const stop = (): void => {
      void sync
        .stop()
        .then(() => db.close())
        .then(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

main();
