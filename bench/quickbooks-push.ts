import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openConsoleDatabase } from '../src/main/db/open-console-database';
import { createQuickBooksSync } from '../src/main/quickbooks/quickbooks-sync';
import { earliestSlot, QUICKBOOKS_RATE_LIMITS, rateWindows, type SentRequest } from '../src/main/quickbooks/rate-limiter';
import { BATCH_MAX_ITEMS } from '../src/main/quickbooks/invoice-outbox';
import { startRelayProcess } from '../tests/support/relay-process';
import { createQuickBooksEmulator } from '../tools/emulators/quickbooks/emulator';
import { atMost, figure, type BenchmarkResult } from './figures';
import { relaySettingsForEmulator } from '../tools/emulators/quickbooks/relay-settings';

/**
 * Time to push invoices to QuickBooks against the emulator's real limits (500/min, 10/s,
 * 40 batches/min, ≤30 per batch), as a multiple of the theoretical minimum those limits
 * allow: the time at which the last batch could be sent if every request took no time.
 * Target: within 10 % (≤ 1.10). The invoices are rows in the billing tables' shape (the
 * outbox triggers queue them), their customers already linked, so only pushing is timed.
 */

const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';
const CUSTOMERS = 100;

/** The earliest the last of `invoices` creates could start: batches of 30 under the sliding windows. */
export function theoreticalPushMs(invoices: number, limits = QUICKBOOKS_RATE_LIMITS): number {
  const windows = rateWindows(limits);
  const sent: SentRequest[] = [];
  let at = 0;
  for (let i = 0; i < Math.ceil(invoices / BATCH_MAX_ITEMS); i++) {
    at = earliestSlot(sent, true, at, windows);
    sent.push({ atMs: at, batch: true });
  }
  return at;
}

export async function runQuickBooksPushBench(options: { quick: boolean; progress?: (line: string) => void }): Promise<BenchmarkResult> {
  const invoices = options.quick ? 1_500 : 2_000;
  const say = options.progress ?? (() => {});
  const emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI], seed: 'sandbox' });
  await emulator.listen();
  const relay = await startRelayProcess({
    env: relaySettingsForEmulator(emulator, REDIRECT_URI),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-qbo-bench-'));
  const db = await openConsoleDatabase(path.join(dir, 'console.db'));
  try {
    const [admin, bookkeeper] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Books', 'bookkeeper')]);
    const started = await fetch(`${relay.url}/v1/quickbooks/connect`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    const consent = await fetch(((await started.json()) as { authorizeUrl: string }).authorizeUrl, { redirect: 'manual' });
    await fetch(`${relay.url}/quickbooks/callback${new URL(consent.headers.get('location')!).search}`);
    // The relay's CompanyInfo read at connect counts in the realm's 10/s window too: let it pass before timing.
    await new Promise((r) => setTimeout(r, 1_100));

    const customerIds = emulator.addCustomers(CUSTOMERS, { sharedNumberEvery: 0, unparseableEvery: 0 });
    const link = db.sqlite.prepare(`INSERT INTO quickbooks_customers VALUES (?, ?, '0', ?, NULL, 1)`);
    const invoice = db.sqlite.prepare(`INSERT INTO invoices VALUES (?, ?, 'pay_per_call', 'ready', '2026-09-01', NULL, NULL, 9500, 0, 9500, 9500, 'USD', NULL, NULL, ?)`);
    const line = db.sqlite.prepare(`INSERT INTO invoice_lines VALUES (?, 1, 'Pay-per-call, call of 2026-09-01', '38', 'minute', 250, 9500, 0, 0, NULL)`);
    db.sqlite.transaction(() => {
      customerIds.forEach((id, i) => link.run(id, id, `Bulk ${i}`));
      for (let i = 0; i < invoices; i++) {
        invoice.run(`call:bench-${i}`, customerIds[i % CUSTOMERS]!, i + 1);
        line.run(`call:bench-${i}`);
      }
    })();

    const sync = createQuickBooksSync({ db, relayUrl: relay.url, deviceToken: bookkeeper, region: () => 'US', pollMs: 50 });
    // Customers are linked and the CDC cursor set, so the sync only pushes.
    db.sqlite.prepare(`INSERT INTO quickbooks_sync_state VALUES ('customers_imported', 'true'), ('cdc_cursor', ?)`).run(JSON.stringify(new Date(emulator.now()).toISOString()));
    db.sqlite.prepare(`INSERT INTO quickbooks_sync_state VALUES ('settings', ?)`).run(JSON.stringify({ cdcIntervalSeconds: 86_400 }));
    say(`pushing ${invoices} invoices`);
    const t0 = Date.now();
    await sync.start();
    for (;;) {
      const { queued, failed } = sync.status().queue;
      if (queued === 0 || failed > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsedMs = Date.now() - t0;
    await sync.stop();

    const inBooks = emulator.invoices().length;
    const requests = emulator.requests();
    const throttled = requests.filter((r) => r.status === 429).length;
    const firstThrottle = requests.findIndex((r) => r.status === 429);
    const aroundThrottle = firstThrottle < 0 ? [] : requests.slice(Math.max(0, firstThrottle - 12), firstThrottle + 1).map((r) => `${r.atMs - t0} ${r.method} ${r.path.split('/').pop()} ${r.status}`);
    const minimumMs = theoreticalPushMs(invoices);
    const ratio = elapsedMs / Math.max(1, minimumMs);
    return {
      name: 'quickbooks-push',
      setup: `${invoices} invoices to the QuickBooks emulator at its real limits (500/min, 10/s, 40 batches/min, batch ≤ ${BATCH_MAX_ITEMS})`,
      figures: [
        figure('push time', Math.round(elapsedMs) / 1000, 's'),
        figure('theoretical minimum', Math.round(minimumMs) / 1000, 's'),
        figure('push time / minimum', Math.round(ratio * 1000) / 1000, '×', atMost(1.1)),
      ],
      notes: [
        `${inBooks} invoices in QuickBooks (expected ${invoices}); ${throttled} requests answered 429; failures: ${sync.status().queue.failed}`,
        'the minimum is when the last batch could start if requests took no time; the measured time also includes the last batch itself and the invoice.synced posts to the relay',
      ],
      details: { invoices, elapsedMs, minimumMs, inBooks, throttled, aroundThrottle },
    };
  } finally {
    await db.close();
    await relay.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
