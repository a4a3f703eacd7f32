import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRelayCli, startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { STREAM_CLOSE } from '../../src/shared/relay-protocol';
import { refusedStatus, StreamClient } from './support/stream-client';
import { EVENT_MODEL_VERSION } from '../../src/shared/events/model';

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
});

function cli(...args: string[]) {
  return runRelayCli(args, { RELAY_DATA_DIR: relay.dataDir });
}

function postEvent(token: string | null, body: unknown) {
  return fetch(`${relay.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const plan = (id: string) => ({
  id,
  type: 'plan.defined',
  occurredAt: '2026-01-05T15:00:00.000Z',
  data: { planId: 'gold', name: 'Gold', period: 'monthly', includedSeconds: 36_000, priceMinor: 50_000, currency: 'USD' },
});

describe('device CLI', () => {
  it('prints a new token alone on the last line, and the token works at once', async () => {
    const run = await cli('device', 'add', '--name', 'Reception', '--role', 'agent', '--number', '+1 617 555 0100', '--number', '6175550101');
    expect(run.code).toBe(0);
    const token = run.stdout.trimEnd().split('\n').at(-1)!;
    expect(token).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    const stream = await StreamClient.open(relay.wsUrl, token);
    await stream.waitFor((c) => c.caughtUp(), 'caught_up');
    await stream.close();
  });

  it('lists devices with their numbers and never their tokens', async () => {
    const token = await relay.addDevice('Books', 'bookkeeper');
    const run = await cli('device', 'list');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Reception\s+agent\s+\+16175550100 \+16175550101/);
    expect(run.stdout).toMatch(/Books\s+bookkeeper/);
    expect(run.stdout).not.toContain(token);
  });

  it('refuses an invalid number, an unknown role and a taken name, with a clear message', async () => {
    const badNumber = await cli('device', 'add', '--name', 'X', '--role', 'agent', '--number', '12');
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("not a phone number: '12'");
    const badRole = await cli('device', 'add', '--name', 'X', '--role', 'boss');
    expect(badRole.stderr).toContain('--role must be one of admin, bookkeeper, agent');
    const taken = await cli('device', 'add', '--name', 'Books', '--role', 'admin');
    expect(taken.stderr).toContain("a device named 'Books' already exists");
  });
});

describe('revoking a device', () => {
  it('refuses its token and closes its open stream', async () => {
    const token = await relay.addDevice('Old laptop', 'admin');
    const stream = await StreamClient.open(relay.wsUrl, token);
    await stream.waitFor((c) => c.caughtUp(), 'caught_up');
    const closed = stream.closed();
    await relay.revokeDevice('Old laptop');
    expect((await closed).code).toBe(STREAM_CLOSE.revoked);
    expect(await refusedStatus(relay.wsUrl, token)).toBe(401);
    expect((await postEvent(token, plan('after-revoke'))).status).toBe(401);
    expect((await cli('device', 'list')).stdout).toMatch(/Old laptop\s+admin\s+-\s+\S+\s+revoked/);
  });

  it('refuses a stream without a token or with an unknown one', async () => {
    expect(await refusedStatus(relay.wsUrl, null)).toBe(401);
    expect(await refusedStatus(relay.wsUrl, 'rs_not-a-real-token')).toBe(401);
  });
});

describe('POST /v1/events', () => {
  it('appends an admin plan once, however often it is posted', async () => {
    const admin = await relay.addDevice('Owner', 'admin');
    const first = await postEvent(admin, plan('plan-gold-v1'));
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { seq: number; duplicate: boolean };
    expect(answer.duplicate).toBe(false);
    const again = await postEvent(admin, plan('plan-gold-v1'));
    expect(await again.json()).toEqual({ seq: answer.seq, duplicate: true });

    const stream = await StreamClient.open(relay.wsUrl, admin, answer.seq - 1);
    await stream.waitFor((c) => c.caughtUp(), 'caught_up');
    expect(stream.events()[0]!.event).toMatchObject({ v: EVENT_MODEL_VERSION, id: 'plan-gold-v1', source: 'console', type: 'plan.defined', lines: [], receivedAt: expect.any(String) });
    await stream.close();
  });

  it('forbids an agent to define a plan, saying so in words a receptionist reads', async () => {
    const agent = await relay.addDevice('Desk 2', 'agent', ['+16175550100']);
    const answer = await postEvent(agent, plan('plan-by-agent'));
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { error: string }).error).toBe('An agent console may not make this change; only admin consoles may.');
  });

  it('lets a bookkeeper upsert a customer but not define a plan', async () => {
    const books = await relay.addDevice('Books 2', 'bookkeeper');
    const customer = {
      id: 'cust-1',
      type: 'customer.upserted',
      occurredAt: '2026-01-05T15:00:00.000Z',
      data: { customerId: 'c1', name: 'Ada', company: 'Acme', email: null, phones: ['+16175550111'] },
    };
    expect((await postEvent(books, customer)).status).toBe(200);
    expect((await postEvent(books, plan('plan-by-books'))).status).toBe(403);
  });

  it('answers 401 without a token and 400 to an invalid event', async () => {
    const admin = await relay.addDevice('Owner 2', 'admin');
    expect((await postEvent(null, plan('no-token'))).status).toBe(401);
    const invalid = await postEvent(admin, { ...plan('bad'), data: { planId: 'p' } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/name|period/);
    expect((await postEvent(admin, '{oops')).status).toBe(400);
    expect((await postEvent(admin, { ...plan('x'), type: 'call.ringing' })).status).toBe(400);
  });
});
