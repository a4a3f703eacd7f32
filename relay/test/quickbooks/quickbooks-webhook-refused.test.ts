import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { postSignedWebhook } from '../../../tools/emulators/quickbooks/webhooks';
import { StreamClient } from '../support/stream-client';

/**
 * Intuit retries anything but 200 for days and may hold later deliveries back (spec §10): a
 * signed QuickBooks delivery the relay will not keep whole still gets 200, and a small marker
 * in the log makes the bookkeeper console run a change check. The real relay process, its body
 * limit at the 1 KiB minimum.
 */

const VERIFIER = 'refused-webhook-verifier';
let relay: RelayProcess;
let bookkeeper: string;

beforeAll(async () => {
  relay = await startRelayProcess({ env: { RELAY_MAX_BODY_BYTES: '1024', QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER } });
  bookkeeper = await relay.addDevice('Books', 'bookkeeper');
});

afterAll(async () => {
  await relay?.stop();
});

/** A legacy notification for many invoices at once: larger than 1 KiB. */
function bigNotification(entities: number): string {
  const list = Array.from({ length: entities }, (_, i) => ({ name: 'Invoice', id: String(1000 + i), operation: 'Update', lastUpdated: '2026-12-01T10:00:00.000Z' }));
  return JSON.stringify({ eventNotifications: [{ realmId: '9130', dataChangeEvent: { entities: list } }] });
}

async function storedEvent(seq: number): Promise<{ type: string; source?: string; raw?: unknown; data?: unknown }> {
  const stream = await StreamClient.open(relay.wsUrl, bookkeeper, seq - 1);
  await stream.waitFor((client) => client.caughtUp(), 'catch-up');
  const frame = stream.events().find((f) => f.seq === seq);
  await stream.close();
  return frame!.event as { type: string; source?: string; raw?: unknown; data?: unknown };
}

describe('a signed QuickBooks delivery larger than RELAY_MAX_BODY_BYTES', () => {
  it('is answered 200 and kept as a small change-check marker, once however often Intuit delivers it', async () => {
    const body = bigNotification(60);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024);
    const first = await postSignedWebhook(`${relay.url}/webhooks/quickbooks`, body, VERIFIER);
    expect(first.status).toBe(200);
    const [stored] = (JSON.parse(first.body) as { events: { seq: number; duplicate: boolean }[] }).events;
    expect(stored!.duplicate).toBe(false);
    const again = await postSignedWebhook(`${relay.url}/webhooks/quickbooks`, body, VERIFIER);
    expect(JSON.parse(again.body)).toEqual({ events: [{ seq: stored!.seq, duplicate: true }] });

    const event = await storedEvent(stored!.seq);
    expect(event).toMatchObject({ type: 'provider.unnormalized', source: 'quickbooks', data: { providerType: 'quickbooks.webhook' }, raw: { refused: 'too_large', bytes: Buffer.byteLength(body) } });
    const head = (event.raw as { head: string }).head;
    expect(head.length).toBeLessThanOrEqual(2_000);
    expect(body.startsWith(head)).toBe(true);
  });

  it('is still refused 401 when its signature is not Intuit’s, and nothing is stored', async () => {
    const health = async () => ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
    const before = await health();
    const forged = await postSignedWebhook(`${relay.url}/webhooks/quickbooks`, bigNotification(60), 'not-the-verifier');
    expect(forged.status).toBe(401);
    expect(await health()).toBe(before);
  });

  it('other providers still answer a body over the limit 413', async () => {
    const answer = await fetch(`${relay.url}/webhooks/openphone`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bigNotification(60) });
    expect(answer.status).toBe(413);
  });
});
