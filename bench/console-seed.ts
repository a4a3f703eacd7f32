import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { migrations } from '../src/main/db/migrations';
import { openConsoleDatabase } from '../src/main/db/open-console-database';
import { applyBatch, type LogEntry } from '../src/main/projection/apply-event';
import { planSchema } from '../src/shared/billing/catalog';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../src/shared/events/model';
import { PROJECTION_VERSION } from '../src/main/projection/projection-version';
import { seededRandom } from '../src/main/sample-data/seeded-random';

export { seededRandom };

/**
 * A console database as a busy business has it after a year: customers (a third with a
 * second number), plans, subscriptions and a year of completed calls. Customers, plans
 * and subscriptions go through the real projection (applyBatch), so the billing state
 * the caller card reads is the one the engine builds; the million past calls are bulk
 * inserted into `calls`, because billing them one by one would take longer than the
 * benchmark itself. Cached under bench/.cache by sizes and migrations; a benchmark
 * works on a copy.
 */

export interface SeedSizes {
  customers: number;
  pastCalls: number;
}

/** The workspace line every seeded and benchmark call rings on. */
export const BUSINESS_LINE = '+16175550199';

const CUSTOMER_AREAS = ['617', '415', '212', '303', '512', '646', '206', '312'];
/** Callers who are nobody's customer call from this area code only. */
const UNKNOWN_AREA = '907';
/** How many distinct unknown numbers the seeded history has. */
export const SEEDED_UNKNOWN_NUMBERS = 20_000;
/** Bump when the generated data changes, so stale caches are not reused. */
const SEED_VERSION = 2;
const DAY_MS = 86_400_000;

/** Customer `index`'s first (0) or second (1) number, E.164. Only customers with index % 3 === 0 have a second. */
export function customerPhone(index: number, which: 0 | 1): string {
  const k = index * 2 + which;
  const area = CUSTOMER_AREAS[k % CUSTOMER_AREAS.length]!;
  return `+1${area}${2_000_000 + Math.floor(k / CUSTOMER_AREAS.length) * 37}`;
}

export function hasSecondPhone(index: number): boolean {
  return index % 3 === 0;
}

/** An unknown caller's number; indexes below SEEDED_UNKNOWN_NUMBERS have past calls. */
export function unknownPhone(index: number): string {
  return `+1${UNKNOWN_AREA}${2_000_000 + index * 13}`;
}


/** The path of a seeded database of these sizes, building it first when the cache has none. */
export async function seededConsoleDatabase(sizes: SeedSizes, cacheDir: string, progress: (line: string) => void): Promise<string> {
  const migrationsKey = createHash('sha256').update(Object.keys(migrations).join(',')).digest('hex').slice(0, 8);
  const file = path.join(cacheDir, `console-${sizes.customers}c-${sizes.pastCalls}k-m${migrationsKey}-v${SEED_VERSION}.db`);
  if (existsSync(file)) {
    progress(`using the cached console database ${path.relative(process.cwd(), file)}`);
    return file;
  }
  mkdirSync(cacheDir, { recursive: true });
  const building = `${file}.building-${process.pid}`;
  rmSync(building, { force: true });
  const started = Date.now();
  progress(`seeding a console database: ${sizes.customers.toLocaleString('en-US')} customers, ${sizes.pastCalls.toLocaleString('en-US')} past calls`);
  try {
    await fill(building, sizes, new Date());
    renameSync(building, file);
  } finally {
    for (const leftover of [building, `${building}-wal`, `${building}-shm`]) rmSync(leftover, { force: true });
  }
  progress(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s, cached as ${path.relative(process.cwd(), file)}`);
  return file;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'John', 'Katherine', 'Niklaus', 'Hedy', 'Tim'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'McCarthy', 'Johnson', 'Wirth', 'Lamarr', 'Berners-Lee'];
const COMPANY_SUFFIXES = ['Labs', 'Consulting', 'Dental', 'Logistics', 'Studio', 'Partners', 'Bakery', 'Motors'];
const PLANS = [
  { planId: 'plan_basic', name: 'Basic', period: 'monthly', includedSeconds: 2 * 3600, priceMinor: 9_900 },
  { planId: 'plan_priority', name: 'Priority', period: 'monthly', includedSeconds: 5 * 3600, priceMinor: 19_900 },
  { planId: 'plan_business', name: 'Business', period: 'monthly', includedSeconds: 10 * 3600, priceMinor: 39_900 },
  { planId: 'plan_annual', name: 'Annual', period: 'annual', includedSeconds: 100 * 3600, priceMinor: 349_900 },
] as const;
/** Events per applyBatch call (one transaction each). */
const SEED_BATCH = 20_000;

/** A console event as the relay would store and stream it. */
function consoleEvent<T extends ConsoleEventType>(id: string, occurredAt: string, type: T, data: EventOf<T>['data']): EventOf<T> {
  return { v: EVENT_MODEL_VERSION, id, source: 'console', occurredAt, receivedAt: occurredAt, lines: [], type, data } as EventOf<T>;
}

type ConsoleEventType = 'customer.upserted' | 'plan.defined' | 'subscription.started';

/**
 * Plans, customers and subscriptions as the admin's console events, applied by the real
 * projection (so billing builds its accounts as it would from the relay's log); then a
 * year of completed calls written straight into `calls`. The calls are history: the card
 * shows the last three, and its billing figures come from the billing state.
 */
async function fill(file: string, sizes: SeedSizes, now: Date): Promise<void> {
  const db = await openConsoleDatabase(file);
  try {
    // A throwaway file until renamed: no fsync.
    db.sqlite.pragma('synchronous = OFF');
    const random = seededRandom(20260101);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const nowMs = now.getTime();
    const at = now.toISOString();
    let seq = 0;
    let batch: LogEntry[] = [];
    const append = (event: RingsideEvent): void => {
      batch.push({ seq: ++seq, event });
      if (batch.length >= SEED_BATCH) flush();
    };
    const flush = (): void => {
      if (batch.length > 0) applyBatch(db, batch);
      batch = [];
    };

    for (const plan of PLANS) append(consoleEvent(`seed-plan:${plan.planId}`, at, 'plan.defined', planSchema.parse({ ...plan, currency: 'USD' })));
    for (let i = 0; i < sizes.customers; i++) {
      const customerId = `cus_${i}`;
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      const company = random() < 0.6 ? `${last} ${pick(COMPANY_SUFFIXES)}` : null;
      const email = random() < 0.5 ? `${first.toLowerCase()}.${i}@example.com` : null;
      const phones = hasSecondPhone(i) ? [customerPhone(i, 0), customerPhone(i, 1)] : [customerPhone(i, 0)];
      append(consoleEvent(`seed-customer:${customerId}`, at, 'customer.upserted', { customerId, name: `${first} ${last} ${i}`, company, email, phones, quickbooksId: null, emails: [], address: null, notes: '' }));
      // Three in four customers subscribe; the rest pay per call.
      if (random() < 0.75) {
        const startDate = new Date(nowMs - Math.floor(random() * 700) * DAY_MS).toISOString().slice(0, 10);
        append(consoleEvent(`seed-subscription:sub_${i}`, at, 'subscription.started', { subscriptionId: `sub_${i}`, customerId, planId: pick(PLANS).planId, startDate, renewal: 'auto' }));
      }
    }
    flush();
    // The bench's relay is fresh (its log starts at seq 1): the seeded state stands for a
    // log this relay does not hold, so the console must take the relay's seqs from 1 again.
    db.sqlite.prepare('UPDATE projection_state SET applied_seq = 0 WHERE id = 1').run();
    // For the same reason the local copy of the log forgets the seeded events, and the seeded
    // projection counts as current (no re-projection from a copy that does not hold it).
    db.sqlite.prepare('DELETE FROM local_log').run();
    db.sqlite.prepare('UPDATE local_log_state SET projection_version = ?, kept_from_seq = 0 WHERE id = 1').run(PROJECTION_VERSION);

    const insertCall = db.sqlite.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'completed', ?)`,
    );
    db.sqlite.transaction(() => {
      // A year of calls in start order (the start-time index and the primary key grow at
      // their ends); nine in ten from customers, one in ten from unknown numbers.
      const spanMs = 365 * DAY_MS;
      for (let i = 0; i < sizes.pastCalls; i++) {
        const startedAtMs = nowMs - spanMs + Math.floor((i * spanMs) / sizes.pastCalls);
        let external: string;
        if (random() < 0.9) {
          const customer = Math.floor(random() * sizes.customers);
          external = customerPhone(customer, hasSecondPhone(customer) && random() < 0.5 ? 1 : 0);
        } else external = unknownPhone(Math.floor(random() * SEEDED_UNKNOWN_NUMBERS));
        const direction = random() < 0.85 ? 'incoming' : 'outgoing';
        const answered = random() < 0.88;
        const duration = answered ? 60 + Math.floor(random() * 2340) : 0;
        const answeredAtMs = answered ? startedAtMs + 5_000 : null;
        const completedAtMs = answered ? answeredAtMs! + duration * 1000 : startedAtMs + 25_000;
        const callId = `openphone:AC${i.toString(16).padStart(12, '0')}`;
        insertCall.run(callId, direction, external, BUSINESS_LINE, startedAtMs, answeredAtMs, completedAtMs, duration, ++seq);
      }
    })();
    // Leave nothing in the WAL: the file is copied without its -wal.
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await db.close();
  }
}
