import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { StreamClient } from './support/stream-client';

let relay: RelayProcess;
let bookkeeper: string;

beforeAll(async () => {
  relay = await startRelayProcess({ env: { RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS: '60' } });
  bookkeeper = await relay.addDevice('Books', 'bookkeeper');
});

afterAll(async () => {
  await relay?.stop();
});

const customer = (id: string, occurredAt: string) => ({
  id,
  type: 'customer.upserted',
  occurredAt,
  data: { customerId: id, name: 'Ada Lovelace', company: null, email: null, phones: ['+16175550111'], quickbooksId: null },
});

function postEvent(body: unknown) {
  return fetch(`${relay.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bookkeeper}` }, body: JSON.stringify(body) });
}

describe('POST /v1/events dates', () => {
  it('refuses an event dated further ahead than RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS with 422 saying why', async () => {
    const answer = await postEvent(customer('cust-future', new Date(Date.now() + 3_600_000).toISOString()));
    expect(answer.status).toBe(422);
    const { error } = (await answer.json()) as { error: string };
    expect(error).toMatch(/ahead of the relay's clock/);
    expect(error).toContain('RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS');
  });

  it('accepts a back-dated event and one slightly ahead, and stamps receivedAt with its own clock', async () => {
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const before = Date.now();
    const backDated = await postEvent(customer('cust-back', monthAgo));
    expect(backDated.status).toBe(200);
    expect((await postEvent(customer('cust-soon', new Date(Date.now() + 30_000).toISOString()))).status).toBe(200);
    const { seq } = (await backDated.json()) as { seq: number };
    const stream = await StreamClient.open(relay.wsUrl, bookkeeper, seq - 1);
    await stream.waitFor((c) => c.caughtUp(), 'caught_up');
    const stored = stream.events()[0]!.event;
    expect(stored).toMatchObject({ id: 'cust-back', occurredAt: monthAgo });
    expect(Date.parse(stored.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    await stream.close();
  });

  it('refuses a body nested past RELAY_MAX_JSON_DEPTH with 400 before parsing it', async () => {
    const deep = `{"id":"x","type":"customer.upserted","occurredAt":"2026-01-01T00:00:00Z","data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const answer = await fetch(`${relay.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bookkeeper}` }, body: deep });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain('RELAY_MAX_JSON_DEPTH');
  });
});
