import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RingsideEvent } from '../src/shared/events/model';
import { applyBillingEvent } from '../src/shared/billing/engine/apply-billing-event';
import { createBillingBook } from '../src/shared/billing/engine/book';
import type { ChargeStore } from '../src/shared/billing/engine/records';
import { openConsoleDatabase } from '../src/main/db/open-console-database';
import { applyBatch, type LogEntry } from '../src/main/projection/apply-event';
import { customerUpserted, planWith, policyDefined, subscriptionWith, talked, unanswered, walletCredited } from '../tests/support/event-builders';
import { atLeast, atMost, figure, type BenchmarkResult } from './figures';
import { MAX_BATCH } from '../src/main/relay-link/relay-link';

/**
 * Billing: (1) rating throughput, the engine alone folding a log of completed calls;
 * (2) the full rebuild of a console's billing from a log of 1,000,000 calls — a fresh
 * database, the projection applying every event (calls, charges, wallet entries,
 * invoices, accounts) in batches as a catch-up does. The log is generated batch by
 * batch, deterministically: customers with plans (three kinds), wallets, unknown callers;
 * only the fold (1) and applyBatch (2) are timed.
 */

export interface BillingBenchOptions {
  quick: boolean;
  progress?: (line: string) => void;
}

const FULL = { customers: 5_000, calls: 1_000_000 };
const QUICK = { customers: 500, calls: 50_000 };
const REBUILD_TARGET_S = 30;
/** A catch-up's batch: at most what the relay link applies per transaction. */
const BATCH = MAX_BATCH;
const DAY = 86_400_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const customerPhone = (i: number) => `+1512${String(3_000_000 + i).padStart(7, '0')}`;
const unknownPhone = (i: number) => `+1737${String(4_000_000 + i).padStart(7, '0')}`;

/**
 * The same log on every run: setup events, then `calls` completed calls over a year, in
 * time order. Generated lazily, a batch at a time, as a console receives it from the
 * relay: a million events held at once would make the garbage collector's work, not the
 * projection's, part of the figure.
 */
export function* billingBenchLog(sizes: { customers: number; calls: number }): Generator<RingsideEvent> {
  const random = mulberry32(2026);
  yield policyDefined({ taxBasisPoints: { overage: 825, payPerCall: 825 } });
  yield planWith('basic', { includedSeconds: 2 * 3600, incrementSeconds: 60, rollover: { policy: 'none' } });
  yield planWith('six', { includedSeconds: 5 * 3600, incrementSeconds: 360, minimumBillableSeconds: 360, overageRatePerHourMinor: 12000, rollover: { policy: 'capped', capSeconds: 3600 } });
  yield planWith('pro', {
    includedSeconds: 10 * 3600,
    incrementSeconds: 30,
    graceSeconds: 30,
    graceCallsPerPeriod: 3,
    rollover: { policy: 'full' },
    businessHours: { timeZone: 'America/New_York', days: { mon: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' }, wed: { open: '09:00', close: '17:00' }, thu: { open: '09:00', close: '17:00' }, fri: { open: '09:00', close: '17:00' }, sat: null, sun: null } },
    afterHoursMultiplierPermille: 1500,
    perCallFeeMinor: 100,
  });
  const plans = ['basic', 'six', 'pro'];
  for (let i = 0; i < sizes.customers; i++) {
    yield customerUpserted(`c${i}`, `Customer ${i}`, [customerPhone(i)]);
    if (i % 10 < 6) yield subscriptionWith(`s${i}`, `c${i}`, plans[i % 3]!, `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);
    if (i % 10 >= 5) yield walletCredited(`w${i}`, `c${i}`, 2_000 + Math.floor(random() * 20_000), { kind: i % 2 ? 'top_up' : 'grant', expiresOn: i % 2 ? null : '2026-06-01' });
  }
  const startMs = Date.parse('2026-01-01T00:00:00Z');
  const stepMs = (365 * DAY) / sizes.calls;
  for (let k = 0; k < sizes.calls; k++) {
    const unknown = random() < 0.1;
    const from = unknown ? unknownPhone(Math.floor(random() * 50_000)) : customerPhone(Math.floor(random() * sizes.customers));
    const at = new Date(startMs + Math.floor(k * stepMs)).toISOString();
    yield random() < 0.1 ? unanswered(`call${k}`, from, at) : talked(`call${k}`, from, at, Math.floor(random() * 1_800));
  }
}

/** The log in batches of sequenced entries, seq from 1. */
function* sequencedBatches(sizes: { customers: number; calls: number }): Generator<LogEntry[]> {
  let batch: LogEntry[] = [];
  let seq = 0;
  for (const event of billingBenchLog(sizes)) {
    batch.push({ seq: ++seq, event });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Every call is new and customers come before calls: nothing to read back. */
const noEarlierCharges: ChargeStore = { latestForCall: () => undefined, uninvoicedForNumber: () => [] };

export async function runBillingBench(options: BillingBenchOptions): Promise<BenchmarkResult> {
  const progress = options.progress ?? (() => undefined);
  const sizes = options.quick ? QUICK : FULL;
  progress(`rating a log of ${sizes.calls.toLocaleString('en-US')} calls for ${sizes.customers.toLocaleString('en-US')} customers (generated as it goes, not timed)`);

  const book = createBillingBook(noEarlierCharges);
  let charges = 0;
  let rateMs = 0;
  for (const batch of sequencedBatches(sizes)) {
    const started = performance.now();
    for (const { seq, event } of batch) charges += applyBillingEvent(book, seq, event!).charges.length;
    rateMs += performance.now() - started;
  }
  const rateSeconds = rateMs / 1000;
  progress(`rated ${charges.toLocaleString('en-US')} calls in ${rateSeconds.toFixed(1)} s`);

  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-billing-'));
  try {
    const db = await openConsoleDatabase(path.join(dir, 'console.db'));
    let events = 0;
    let rebuildMs = 0;
    for (const batch of sequencedBatches(sizes)) {
      const started = performance.now();
      applyBatch(db, batch);
      rebuildMs += performance.now() - started;
      if (events % (BATCH * 40) === 0) progress(`rebuilt ${events.toLocaleString('en-US')} events`);
      events += batch.length;
    }
    const rebuildSeconds = rebuildMs / 1000;
    const rowsOf = (table: string) => (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const written = { charges: rowsOf('charges'), invoices: rowsOf('invoices'), invoiceLines: rowsOf('invoice_lines'), walletEntries: rowsOf('wallet_entries') };
    await db.close();
    progress(`rebuilt in ${rebuildSeconds.toFixed(1)} s`);
    const fullRun = !options.quick;
    return {
      name: 'billing',
      setup: `${sizes.calls.toLocaleString('en-US')} completed calls (10 % unknown callers, 10 % missed) for ${sizes.customers.toLocaleString('en-US')} customers (60 % subscribed on 3 plans, 50 % with wallets), a year of periods`,
      figures: [
        figure('rating throughput (engine alone)', Math.round(charges / rateSeconds), 'calls/s'),
        figure('full rebuild of billing from the log', Number(rebuildSeconds.toFixed(1)), 's', fullRun ? atMost(REBUILD_TARGET_S) : undefined),
        figure('rebuild rate', Math.round(events / rebuildSeconds), 'events/s', atLeast(20_000)),
      ],
      notes: [
        `rebuild = a fresh database applying every event through the projection (calls + billing tables) in batches of ${BATCH.toLocaleString('en-US')}; wrote ${written.charges.toLocaleString('en-US')} charges, ${written.invoices.toLocaleString('en-US')} invoices, ${written.invoiceLines.toLocaleString('en-US')} invoice lines, ${written.walletEntries.toLocaleString('en-US')} wallet entries`,
        ...(fullRun ? [] : [`quick run: the ${REBUILD_TARGET_S} s target applies to the full 1,000,000-call log`]),
      ],
      details: { sizes, rateSeconds, rebuildSeconds, written },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
