import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { createLogger } from '../../src/logger';
import { WEBHOOK_PROVIDERS } from '../../src/providers/registry';
import { defineWebhookProvider, type WebhookProviderDefinition } from '../../src/providers/webhook-provider';
import { createRelay, type Relay } from '../../src/server';

/**
 * A handler that throws after it has read the body (node marks the request destroyed
 * once its body is read, with the client still waiting): the client is answered 500 at
 * once and the relay logs an error line, instead of leaving the client hanging with a debug line.
 */

const faulty = defineWebhookProvider({
  name: 'faulty',
  title: 'Faulty Voice',
  settings: [],
  readSettings: () => ({}),
  create: () => ({
    unconfigured: null,
    bodyFormat: 'json',
    verify: () => ({ ok: true, deliveryId: null }),
    normalize: () => {
      throw new RangeError('Invalid time value');
    },
  }),
});
const providers: WebhookProviderDefinition[] = [...WEBHOOK_PROVIDERS, faulty];

let dir: string;
let db: RelayDatabase;
let relay: Relay;
let url: string;
const errorLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-handler-error-'));
  const parsed = parseRelaySettings({ RELAY_DATA_DIR: dir }, providers);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  db = openRelayDatabase(dir);
  relay = createRelay({ settings: parsed.settings, db, logger: createLogger('info', Date.now, { out: () => {}, err: (line) => errorLines.push(line) }), clock: Date.now, providers });
  await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await relay?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an error thrown by a handler after the body is read', () => {
  it('is answered 500 at once, logged at error level, and the relay keeps serving', async () => {
    const answer = await fetch(`${url}/webhooks/faulty`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"x"}', signal: AbortSignal.timeout(3000) });
    expect(answer.status).toBe(500);
    expect(errorLines.join('')).toContain('"level":"error"');
    expect(errorLines.join('')).toContain('Invalid time value');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
