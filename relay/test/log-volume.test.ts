import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { refusedStatus, StreamClient } from './support/stream-client';
import { ringingDelivery } from './support/webhooks';

/**
 * Log lines are bounded per source, against a real relay: what a stranger or a broken
 * device can repeat at will writes one warning, then a periodic count.
 */

let relay: RelayProcess;
let admin: string;

beforeAll(async () => {
  relay = await startRelayProcess({ env: { RELAY_MAX_STREAMS_PER_DEVICE: '1' } });
  admin = await relay.addDevice('Front desk', 'admin');
});

afterAll(async () => {
  await relay?.stop();
});

const linesWith = (text: string) => relay.output().split('\n').filter((line) => line.includes(text));

describe('log volume', () => {
  it('writes one warning for 60 bad signatures from 60 addresses', async () => {
    const body = ringingDelivery().body;
    for (let i = 0; i < 60; i++) {
      const answer = await fetch(`${relay.url}/webhooks/openphone`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'openphone-signature': 'hmac;1;1;bm9wZQ==', 'x-forwarded-for': `203.0.113.${i + 1}` },
        body,
      });
      expect(answer.status).toBe(401);
    }
    expect(linesWith('"msg":"webhook rejected"')).toHaveLength(1);
  });

  it('writes one warning for a device retrying an extra stream in a loop', async () => {
    const held = await StreamClient.open(relay.wsUrl, admin);
    for (let i = 0; i < 30; i++) expect(await refusedStatus(relay.wsUrl, admin)).toBe(429);
    expect(linesWith('too many streams for one device')).toHaveLength(1);
    await held.close();
  });
});
