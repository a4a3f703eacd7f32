import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuickBooksLimits } from '../../../tools/emulators/quickbooks/limits';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../../../tools/emulators/quickbooks/emulator';
import { relaySettingsForEmulator } from '../../../tools/emulators/quickbooks/relay-settings';
import { parseRelaySettings } from '../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { addDevice } from '../../src/devices/device-store';
import { EventLog } from '../../src/log/event-log';
import { createLogger } from '../../src/logger';
import { readConnection } from '../../src/quickbooks/connection-store';
import { QuickBooksTokenBroker } from '../../src/quickbooks/token-broker';
import { EXPIRY_ALERT_ID, LoggedQuickBooksAlerts, RECONNECT_ALERT_ID } from '../../src/quickbooks/token-care';

/**
 * A QuickBooks token that never lapses (issue 11 §3): the relay's own care of the token
 * (QuickBooksTokenBroker.care, which TokenCare runs hourly), on a real relay.db, against the
 * emulator's OAuth authority over HTTP, with one fake clock for both.
 */

const DAY_MS = 86_400_000;
const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';

interface Rig {
  emulator: QuickBooksEmulator;
  db: RelayDatabase;
  log: EventLog;
  broker: QuickBooksTokenBroker;
  advance(ms: number): void;
  connect(): Promise<void>;
  refreshCalls(): number;
  alerts(): { alertId: string; state: string; severity: string; message: string }[];
}

const rigs: { rig: Rig; dir: string }[] = [];
afterEach(async () => {
  for (const { rig, dir } of rigs.splice(0)) {
    rig.log.close();
    rig.db.close();
    await rig.emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function startRig(limits: Partial<QuickBooksLimits> = {}, env: Record<string, string> = {}): Promise<Rig> {
  let now = Date.parse('2026-12-01T09:00:00.000Z');
  const clock = () => now;
  const emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI], clock, limits });
  await emulator.listen();
  const parsed = parseRelaySettings({ ...relaySettingsForEmulator(emulator, REDIRECT_URI), ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-token-care-'));
  const db = openRelayDatabase(dir);
  const log = new EventLog(db);
  const admin = addDevice(db, { name: 'Owner', role: 'admin', numbers: [] }, new Date(now)).device;
  const settings = parsed.settings.quickBooks;
  const broker = new QuickBooksTokenBroker({ db, settings, client: settings.client!, log, logger: createLogger('error', clock), clock, alerts: new LoggedQuickBooksAlerts({ db, log, clock }) });
  const tokenPath = new URL(emulator.urls.token).pathname;
  const rig: Rig = {
    emulator,
    db,
    log,
    broker,
    advance: (ms) => void (now += ms),
    async connect() {
      const consent = await fetch(broker.startConnect(admin.id).authorizeUrl, { redirect: 'manual' });
      const outcome = await broker.completeConnect(new URL(consent.headers.get('location')!).searchParams);
      if (!outcome.ok) throw new Error(outcome.message);
    },
    refreshCalls: () => emulator.requests().filter((r) => r.path === tokenPath).length - 1,
    alerts: () =>
      log
        .readAfter(0, 10_000)
        .map((entry) => JSON.parse(entry.json) as { type: string; data: { alertId: string; state: string; severity: string; message: string } })
        .filter((event) => event.type === 'relay.alert')
        .map(({ data }) => ({ alertId: data.alertId, state: data.state, severity: data.severity, message: data.message })),
  };
  rigs.push({ rig, dir });
  return rig;
}

describe("the relay's care of the QuickBooks token", () => {
  it('keeps the token alive through a year in which no console asks for one, refreshing about weekly, and stores the hard expiry Intuit reports', async () => {
    const rig = await startRig();
    await rig.connect();
    const connectedAt = Date.parse(readConnection(rig.db)!.connectedAt);
    // Asked for with x-include-refresh-token-hard-expires-in: five years from the consent.
    expect(Date.parse(readConnection(rig.db)!.refreshTokenHardExpiresAt!)).toBe(connectedAt + 5 * 365 * DAY_MS);
    for (let hour = 1; hour <= 365 * 24; hour += 6) {
      rig.advance(6 * 3_600_000);
      await rig.broker.care();
    }
    // 100-day rolling expiry passed three times over, yet a console asking now gets a token.
    const handout = await rig.broker.accessToken(null);
    expect(handout.ok).toBe(true);
    expect(readConnection(rig.db)).toMatchObject({ state: 'connected' });
    expect(rig.refreshCalls()).toBeGreaterThanOrEqual(52);
    expect(rig.refreshCalls()).toBeLessThanOrEqual(54);
    // Rotated refresh tokens were kept each time (the emulator kills the old one at once).
    expect(rig.alerts()).toEqual([]);
  });

  it('without its care, the same idle connection would be dead after 100 days', async () => {
    const rig = await startRig();
    await rig.connect();
    rig.advance(101 * DAY_MS);
    expect(await rig.broker.accessToken(null)).toMatchObject({ ok: false, status: 409, body: { state: 'needs_reconnect' } });
    await rig.broker.care();
    expect(rig.alerts()).toEqual([{ alertId: RECONNECT_ALERT_ID, state: 'raised', severity: 'critical', message: expect.stringContaining('QuickBooks needs reconnecting') }]);
  });

  it('warns the admins once, QUICKBOOKS_EXPIRY_WARNING_DAYS before the hard expiry, raises a reconnect alert when Intuit refuses the token after it, and a reconnect clears both', async () => {
    const rig = await startRig({ refreshTokenHardCapSec: 60 * 86_400 }, { QUICKBOOKS_EXPIRY_WARNING_DAYS: '20' });
    await rig.connect();
    for (let day = 1; day <= 39; day += 1) {
      rig.advance(DAY_MS);
      await rig.broker.care();
    }
    expect(rig.alerts()).toEqual([]);
    for (let day = 40; day <= 59; day += 1) {
      rig.advance(DAY_MS);
      await rig.broker.care();
    }
    // Raised on day 40 and not again each day after.
    expect(rig.alerts()).toEqual([{ alertId: EXPIRY_ALERT_ID, state: 'raised', severity: 'warning', message: expect.stringMatching(/^QuickBooks stops syncing on January 30, 2027: Intuit ends/) }]);
    rig.advance(DAY_MS + 3_600_000);
    await rig.broker.care();
    expect(readConnection(rig.db)).toMatchObject({ state: 'needs_reconnect' });
    expect(rig.alerts().at(-1)).toMatchObject({ alertId: RECONNECT_ALERT_ID, state: 'raised', severity: 'critical' });

    await rig.connect();
    const cleared = rig.alerts().filter((alert) => alert.state === 'cleared');
    expect(cleared.map((alert) => alert.alertId).sort()).toEqual([RECONNECT_ALERT_ID, EXPIRY_ALERT_ID].sort());
    expect(await rig.broker.accessToken(null)).toMatchObject({ ok: true });
  });
});
