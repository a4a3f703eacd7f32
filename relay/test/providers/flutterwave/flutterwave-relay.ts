import Database from 'better-sqlite3';
import path from 'node:path';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { createFlutterwaveEmulator, emulatorDefaults, type FlutterwaveEmulator, type FlutterwaveEmulatorOptions } from '../../../../tools/emulators/flutterwave/emulator';
import { RELAY_DB_FILE } from '../../../src/database';

/**
 * A real relay process wired to the Flutterwave emulator on loopback, as an owner would
 * connect Flutterwave: the dashboard's secret hash and the secret key in the relay's settings,
 * the webhook URL pointing at /webhooks/flutterwave. Fast verification retries, so an outage
 * of a few calls passes in seconds.
 */

export interface FlutterwaveRelay {
  relay: RelayProcess;
  fw: FlutterwaveEmulator;
  admin: string;
  agent: string;
  stop(): Promise<void>;
}

export const CUSTOMER = { customerId: 'cust-ada', name: 'Ada Oak', email: 'ada@oakivy.test', phones: ['+16175550123'] };

export async function startFlutterwaveRelay(options: { env?: Record<string, string>; emulator?: FlutterwaveEmulatorOptions; beforeRelay?: (fw: FlutterwaveEmulator) => Promise<Record<string, string>> } = {}): Promise<FlutterwaveRelay> {
  const fw = createFlutterwaveEmulator({ webhookRetries: 0, ...options.emulator });
  await fw.listen();
  const extra = (await options.beforeRelay?.(fw)) ?? {};
  const relay = await startRelayProcess({
    env: {
      FLUTTERWAVE_SECRET_HASH: emulatorDefaults.secretHash,
      FLUTTERWAVE_SECRET_KEY: emulatorDefaults.secretKey,
      FLUTTERWAVE_API_BASE_URL: fw.apiBase,
      RELAY_PUBLIC_URL: 'http://127.0.0.1:9',
      FLUTTERWAVE_VERIFY_RETRY_MAX_SECONDS: '1',
      FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS: '2',
      FLUTTERWAVE_RECONCILE_SECONDS: '1',
      ...extra,
      ...options.env,
    },
  });
  fw.setWebhookUrl(`${relay.url}/webhooks/flutterwave`);
  const admin = await relay.addDevice('Back office', 'admin');
  const agent = await relay.addDevice('Front desk', 'agent', ['+16175550100']);
  await postConsoleEvent(relay, admin, { id: 'cust-ada-1', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { ...CUSTOMER, company: null, quickbooksId: null } });
  return {
    relay,
    fw,
    admin,
    agent,
    async stop() {
      await relay.stop();
      await fw.close();
    },
  };
}

export async function postConsoleEvent(relay: RelayProcess, token: string, body: unknown): Promise<void> {
  const answer = await fetch(`${relay.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (answer.status !== 200) throw new Error(`POST /v1/events answered ${answer.status}: ${await answer.text()}`);
}

let requestCounter = 0;

export async function createLink(relay: RelayProcess, token: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(`${relay.url}/v1/payments/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ requestId: `request-${process.pid}-${++requestCounter}`, customerId: CUSTOMER.customerId, purpose: 'top_up', planId: null, amountMinor: 5000, currency: 'USD', ...body }),
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

export interface StoredEvent {
  seq: number;
  id: string;
  source: string;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read every event type's data
  data: any;
}

/** Stored events of the running relay's log, read from its database file. */
export function storedEvents(relay: RelayProcess, where = '1 = 1', ...params: unknown[]): StoredEvent[] {
  const db = new Database(path.join(relay.dataDir, RELAY_DB_FILE), { readonly: true });
  try {
    return (db.prepare(`SELECT seq, event FROM events WHERE ${where} ORDER BY seq`).all(...params) as { seq: number; event: string }[]).map((row) => ({ seq: row.seq, ...(JSON.parse(row.event) as Omit<StoredEvent, 'seq'>) }));
  } finally {
    db.close();
  }
}

export function paymentsOf(relay: RelayProcess, transactionId: number | string): StoredEvent[] {
  return storedEvents(relay, "type IN ('payment.received', 'payment.failed') AND json_extract(event, '$.data.transactionId') = ?", String(transactionId));
}

export async function until<T>(what: string, check: () => T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
