import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RingsideEvent } from '../../../../src/shared/events/model';
import { startMightyCallEmulator, type MightyCallEmulator, type MightyCallEmulatorOptions } from '../../../../tools/emulators/mightycall/emulator';
import { seedMightyCall } from '../../../../tools/emulators/mightycall/seed';
import { AlertDeliveries } from '../../../src/alerts/alert-deliveries';
import { AlertService } from '../../../src/alerts/alert-service';
import { CallLines } from '../../../src/calls/call-lines';
import { parseRelaySettings } from '../../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../../src/database';
import { CheckHealth } from '../../../src/health/check-health';
import { EventLog } from '../../../src/log/event-log';
import { createLogger } from '../../../src/logger';
import { MightyCallClient } from '../../../src/providers/mightycall/mightycall-client';
import { MightyCallPoller } from '../../../src/providers/mightycall/mightycall-poller';
import type { MightyCallSettings } from '../../../src/providers/mightycall/mightycall-settings';
import { PollStore } from '../../../src/providers/mightycall/poll-store';
import { RequestBudget } from '../../../src/providers/mightycall/request-budget';

/**
 * A relay's MightyCall part in this process on a real relay.db in a temporary folder,
 * against the emulator on loopback, both on one clock the test moves (the relay's Clock
 * seam): a simulated day takes seconds, and no assertion waits on real time. restart()
 * closes the log and the database and opens them again with a new poller, as a relay
 * restart does.
 */

export const API_KEY = 'mc-test-api-key';
export const USER_KEY = 'mc-test-user-key';
export const START = Date.parse('2026-11-30T15:00:00Z');

export interface Rig {
  emulator: MightyCallEmulator;
  emulatorOptions: MightyCallEmulatorOptions;
  poller: MightyCallPoller;
  log: EventLog;
  db: RelayDatabase;
  now(): number;
  advance(ms: number): void;
  restart(): void;
  events(): RingsideEvent[];
  /** Every line the relay logged (warnings and errors). */
  logLines: string[];
  close(): Promise<void>;
}

export function settingsFrom(env: Record<string, string>): MightyCallSettings {
  const parsed = parseRelaySettings({ MIGHTYCALL_API_KEY: API_KEY, MIGHTYCALL_USER_KEY: USER_KEY, ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.settings.mightyCall;
}

export async function startRig(options: { env?: Record<string, string>; emulator?: Partial<MightyCallEmulatorOptions>; seed?: boolean } = {}): Promise<Rig> {
  let now = START;
  const clock = () => now;
  const emulatorOptions: MightyCallEmulatorOptions = { apiKey: API_KEY, userKey: USER_KEY, clock, ...options.emulator };
  const emulator = await startMightyCallEmulator(emulatorOptions);
  if (options.seed !== false) Object.assign(emulator.data, seedMightyCall(START, emulator.url));
  const settings = settingsFrom({ MIGHTYCALL_API_BASE_URL: emulator.baseUrl, ...options.env });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-mightycall-'));
  const logLines: string[] = [];
  const logger = createLogger('warn', clock, { out: (line) => logLines.push(line), err: (line) => logLines.push(line) });
  const open = () => {
    const db = openRelayDatabase(dataDir);
    const log = new EventLog(db, { clock });
    const deliveries = new AlertDeliveries({ db, channels: [], clock, logger, health: new CheckHealth(db), observer: { sent: () => undefined, failed: () => undefined }, perHour: 12, backoff: { baseMs: 50, capMs: 200 } });
    const alerts = new AlertService({ db, log, logger, clock, deliveries, repeatMs: 60 * 60_000 });
    const budget = new RequestBudget(new PollStore(db), settings.dailyBudget);
    const client = new MightyCallClient({ apiKey: settings.apiKey!, userKey: settings.userKey!, baseUrl: settings.apiBaseUrl, budget, clock, timeoutMs: 5_000 });
    const callLines = new CallLines(db);
    const poller = new MightyCallPoller({ client, budget, db, log, logger, clock, settings, alerts, onStored: () => undefined, linesOfCall: (callId) => callLines.linesOf(callId), random: () => 0.5 });
    return { db, log, poller };
  };
  let current = open();
  const rig: Rig = {
    emulator,
    emulatorOptions,
    get poller() {
      return current.poller;
    },
    get log() {
      return current.log;
    },
    get db() {
      return current.db;
    },
    now: clock,
    advance: (ms) => void (now += ms),
    restart: () => {
      current.log.close();
      current.db.close();
      current = open();
    },
    events: () => current.log.readAfter(0, 100_000).map((entry) => JSON.parse(entry.json) as RingsideEvent),
    logLines,
    close: async () => {
      await current.poller.close();
      current.log.close();
      current.db.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

export function countByType(events: readonly RingsideEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
}
