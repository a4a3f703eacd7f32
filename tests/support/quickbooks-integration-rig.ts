import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelayProcess, type RelayProcess } from './relay-process';
import { createQuickBooksEmulator, type QuickBooksEmulator, type QuickBooksEmulatorOptions } from '../../tools/emulators/quickbooks/emulator';
import type { ConsoleEventInput } from '../../src/shared/events/model';
import { createConsoleCore, type ConsoleCore } from '../../src/main/core/console-core';
import { openConsoleDatabase, type ConsoleDatabase } from '../../src/main/db/open-console-database';
import { postConsoleEvent } from '../../src/main/relay-link/post-console-event';
import { MemorySettingsStore } from '../../src/main/settings';
import { createQuickBooksSync, type QuickBooksSync, type QuickBooksSyncOptions } from '../../src/main/quickbooks/quickbooks-sync';
import { relaySettingsForEmulator } from '../../tools/emulators/quickbooks/relay-settings';

/**
 * Test-only: the real relay process as QuickBooks token broker, the QuickBooks Online
 * emulator, and a bookkeeper console (its core, and its sync on the same database file),
 * all on loopback. Short waits so a test runs in seconds; the production defaults are the
 * spec's (60 s after a 429, 30 s request timeout).
 */

// Never opened: the test follows Intuit's redirect to the relay's real port itself.
const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';
const REPO_ROOT = path.resolve(__dirname, '../..');

export const FAST_SYNC = {
  retry: { maxAttempts: 6, baseMs: 20, capMs: 300, throttleWaitMs: 300 },
  requestTimeoutMs: 1_500,
  pollMs: 100,
  errorRetryMs: 300,
  random: () => 0.1,
} as const;

export interface Rig {
  emulator: QuickBooksEmulator;
  relay: RelayProcess;
  adminToken: string;
  bookkeeperToken: string;
  dbPath: string;
  core: ConsoleCore;
  /** The sync's own connection to the console database. */
  db: ConsoleDatabase;
  sync: QuickBooksSync;
  /** Starts a fresh sync on `db` (after stop(), as a restarted console would). */
  newSync(options?: Partial<QuickBooksSyncOptions>): QuickBooksSync;
  postAsAdmin(event: ConsoleEventInput): Promise<void>;
  /** The console's projection as the core sees it. */
  query<T>(sql: string, ...params: unknown[]): T[];
  /** Runs src/main/quickbooks/cli.ts as a separate process on the same database. */
  spawnSyncProcess(): Promise<ChildProcess>;
  stop(): Promise<void>;
}

/** `relayEnv`: relay settings on top of the emulator's (e.g. a short QUICKBOOKS_SYNC_LEASE_SECONDS). */
export async function startRig(emulatorOptions: QuickBooksEmulatorOptions = {}, relayEnv: Record<string, string> = {}): Promise<Rig> {
  const emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI], ...emulatorOptions });
  await emulator.listen();
  const relay = await startRelayProcess({
    env: { ...relaySettingsForEmulator(emulator, REDIRECT_URI), ...relayEnv },
  });
  const [adminToken, bookkeeperToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Books', 'bookkeeper')]);
  await connectQuickBooks(relay, adminToken);

  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-qbo-'));
  const dbPath = path.join(dir, 'console.db');
  // The test drives its own sync on the file (and kills it); the core must not run a second one.
  const core = createConsoleCore({
    dbPath,
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: bookkeeperToken }),
    backoff: { baseMs: 50, capMs: 300 },
    quickBooksSync: false,
  });
  await core.start();
  const db = await openConsoleDatabase(dbPath);
  const children = new Set<ChildProcess>();
  const newSync = (options: Partial<QuickBooksSyncOptions> = {}): QuickBooksSync =>
    createQuickBooksSync({ db, relayUrl: relay.url, deviceToken: bookkeeperToken, region: () => 'US', watchLog: true, ...FAST_SYNC, ...options });
  const rig: Rig = {
    emulator,
    relay,
    adminToken,
    bookkeeperToken,
    dbPath,
    core,
    db,
    sync: newSync(),
    newSync,
    async postAsAdmin(event) {
      await postConsoleEvent(relay.url, adminToken, event);
    },
    query<T>(sql: string, ...params: unknown[]): T[] {
      return db.sqlite.prepare(sql).all(...params) as T[];
    },
    async spawnSyncProcess() {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'src/main/quickbooks/cli.ts'), '--db', dbPath, '--relay', relay.url, '--token', bookkeeperToken,
          '--timeout-ms', String(FAST_SYNC.requestTimeoutMs), '--retry-base-ms', String(FAST_SYNC.retry.baseMs), '--throttle-wait-ms', String(FAST_SYNC.retry.throttleWaitMs), '--poll-ms', String(FAST_SYNC.pollMs)],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.add(child);
      child.once('exit', () => children.delete(child));
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
        child.stdout!.on('data', (c: Buffer) => {
          output += c.toString();
          if (output.includes('quickbooks sync running')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`sync process exited ${code}:\n${output}`)));
      });
      return child;
    },
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      await rig.sync.stop();
      await core.stop();
      await db.close();
      await relay.stop();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** The admin's "Connect QuickBooks": consent at the emulator, then Intuit's redirect, delivered to the relay. */
async function connectQuickBooks(relay: RelayProcess, adminToken: string): Promise<void> {
  const started = await fetch(`${relay.url}/v1/quickbooks/connect`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (!location) throw new Error(`the emulator did not redirect (${consent.status})`);
  const callback = await fetch(`${relay.url}/quickbooks/callback${new URL(location).search}`);
  if (callback.status !== 200) throw new Error(`the relay callback answered ${callback.status}: ${await callback.text()}`);
}
