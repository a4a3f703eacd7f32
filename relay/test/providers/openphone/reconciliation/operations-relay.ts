import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventOf, RingsideEvent } from '../../../../../src/shared/events/model';
import { LiveWebhooks } from '../../../../../tools/emulators/openphone/live-webhooks';
import { phoneNumberIdFor } from '../../../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../../../tools/emulators/openphone/rest-api';
import { WebhookSwitch } from '../../../../../tools/emulators/openphone/webhook-switch';
import { Workspace, type WorkspaceLine } from '../../../../../tools/emulators/openphone/workspace/workspace';
import { parseRelaySettings } from '../../../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../../../src/database';
import { addDevice } from '../../../../src/devices/device-store';
import { createLogger } from '../../../../src/logger';
import { createRelay, type Relay } from '../../../../src/server';
import { eventually } from '../../../support/eventually';

export { eventually };

/**
 * A real relay on loopback (createRelay, SQLite file, HTTP) pointed at the OpenPhone
 * emulator serving a small workspace, whose live activity sends signed webhooks to it
 * through one switch. The relay's clock is the test's: real time plus `advance()`d ms.
 */

export const API_KEY = 'relay-test-openphone-key-0013';
export const FRONT_DESK = '+16175550140';
export const SUPPORT = '+16175550141';

function line(number: string, name: string, userId: string): WorkspaceLine {
  return { number, name, id: phoneNumberIdFor(number), users: [{ id: userId, firstName: name, lastName: null, email: null, role: 'owner' }] };
}

export interface OperationsRelay {
  readonly url: string;
  readonly relay: Relay;
  readonly db: RelayDatabase;
  /** Stops the relay, runs `whileDown` (the clock still moves), and starts it again on the same data dir. */
  restart(whileDown?: () => void | Promise<void>): Promise<void>;
  readonly emulator: OpenPhoneRestEmulator;
  readonly workspace: Workspace;
  readonly webhooks: LiveWebhooks;
  readonly switch: WebhookSwitch;
  /** Moves the relay's clock forward. */
  advance(ms: number): void;
  now(): number;
  addDevice(name: string, role: 'admin' | 'agent', numbers?: string[]): string;
  eventsOf<T extends RingsideEvent['type']>(type: T): EventOf<T>[];
  stop(): Promise<void>;
}

export async function startOperationsRelay(env: Record<string, string> = {}): Promise<OperationsRelay> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-reconcile-'));
  const workspace = new Workspace([line(FRONT_DESK, 'Front desk', 'USfront01'), line(SUPPORT, 'Support', 'USsupport01')]);
  const webhookSwitch = new WebhookSwitch();
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace, webhookSwitch, ratePerSecond: 1000 });
  const secret = randomBytes(32).toString('base64');
  let offset = 0;
  const clock = (): number => Date.now() + offset;
  const parsed = parseRelaySettings(
    { RELAY_DATA_DIR: dataDir, OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_WEBHOOK_SECRET: secret, OPENPHONE_DIRECTORY_SYNC_MINUTES: '0', ...env },
    undefined,
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const settings = parsed.settings;
  let port = 0;
  const launch = async (): Promise<{ relay: Relay; db: RelayDatabase }> => {
    const db = openRelayDatabase(dataDir);
    const relay = createRelay({ settings, db, logger: createLogger('error', clock), clock, devicePollMs: 50 });
    // The same port again after a restart: the live activity's webhooks keep their address.
    await new Promise<void>((resolve) => relay.server.listen(port, '127.0.0.1', resolve));
    port = (relay.server.address() as AddressInfo).port;
    return { relay, db };
  };
  let running = await launch();
  const url = `http://127.0.0.1:${port}`;
  emulator.deliverOutcomesTo({ relayUrl: url, legacySecretBase64: secret, delayMs: 10 });
  // Signed at the relay's time, so a moved clock does not make them stale.
  const webhooks = new LiveWebhooks({ workspace, relayUrl: url, legacySecretBase64: secret, switch: webhookSwitch, now: () => new Date(clock()) });
  return {
    url,
    get relay() {
      return running.relay;
    },
    get db() {
      return running.db;
    },
    async restart(whileDown) {
      await running.relay.close();
      running.db.close();
      await whileDown?.();
      running = await launch();
    },
    emulator,
    workspace,
    webhooks,
    switch: webhookSwitch,
    advance: (ms) => {
      offset += ms;
    },
    now: clock,
    addDevice(name, role, numbers = []) {
      const cli = openRelayDatabase(dataDir);
      try {
        return addDevice(cli, { name, role, numbers }, new Date()).token;
      } finally {
        cli.close();
      }
    },
    eventsOf(type) {
      return (running.db.prepare('SELECT event FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((row) => JSON.parse(row) as never);
    },
    async stop() {
      await running.relay.close();
      running.db.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `check` returns a value other than undefined; fails naming `what` after `timeoutMs`. */
