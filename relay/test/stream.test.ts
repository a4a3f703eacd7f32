import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { StreamClient } from './support/stream-client';
import { headSeq, longMessageDelivery, postAll, postSigned, ringingDelivery } from './support/webhooks';

let relay: RelayProcess;
let admin: string;
const clients: StreamClient[] = [];

async function connect(token: string, after = 0): Promise<StreamClient> {
  const client = await StreamClient.open(relay.wsUrl, token, after);
  clients.push(client);
  return client;
}

function isGapFree(seqs: number[], from: number): boolean {
  return seqs.every((seq, index) => seq === from + index);
}

beforeAll(async () => {
  relay = await startRelayProcess({ env: { RELAY_LOG_LEVEL: 'debug' } });
  admin = await relay.addDevice('Back office', 'admin');
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await relay?.stop();
});

describe('GET /v1/stream', () => {
  it('replays what is stored, says caught_up, then streams new calls live', async () => {
    const stored = await postSigned(relay, ringingDelivery().body);
    const console1 = await connect(admin, stored.seq - 1);
    await console1.waitFor((c) => c.caughtUp(), 'caught_up');
    expect(console1.frames).toEqual([
      { type: 'event', seq: stored.seq, event: expect.objectContaining({ type: 'call.ringing', source: 'openphone' }) },
      { type: 'caught_up', seq: stored.seq },
    ]);
    const live = await postSigned(relay, ringingDelivery().body);
    await console1.waitFor((c) => c.lastSeq() === live.seq, 'the live event');
    expect(console1.frames.at(-1)).toMatchObject({ type: 'event', seq: live.seq });
  });

  it('gives a console that was offline while 500 calls arrived every one of them, once, in order', async () => {
    const console1 = await connect(admin, await headSeq(relay));
    await console1.waitFor((c) => c.caughtUp(), 'caught_up');
    const lastSeen = (console1.frames.at(-1) as { seq: number }).seq;
    await console1.close();

    const deliveries = Array.from({ length: 500 }, () => ringingDelivery());
    await postAll(relay, deliveries.map((delivery) => delivery.body));

    const back = await connect(admin, lastSeen);
    await back.waitFor((c) => c.caughtUp(), 'caught_up after the replay');
    const events = back.events();
    expect(events).toHaveLength(500);
    expect(isGapFree(events.map((e) => e.seq), lastSeen + 1)).toBe(true);
    expect(new Set(events.map((e) => e.event.id))).toEqual(new Set(deliveries.map((d) => d.event.id)));
    expect(back.frames.at(-1)).toEqual({ type: 'caught_up', seq: lastSeen + 500 });
  });

  it('misses nothing and repeats nothing when calls keep arriving during the replay', async () => {
    const start = await headSeq(relay);
    await postAll(relay, Array.from({ length: 300 }, () => ringingDelivery().body));
    const during = postAll(relay, Array.from({ length: 300 }, () => ringingDelivery().body));
    const console1 = await connect(admin, start);
    await during;
    await console1.waitFor((c) => c.lastSeq() === start + 600, 'all 600 events');
    const seqs = console1.events().map((e) => e.seq);
    expect(seqs).toHaveLength(600);
    expect(isGapFree(seqs, start + 1)).toBe(true);
    expect(console1.frames.filter((frame) => frame.type === 'caught_up')).toHaveLength(1);
  });

  it('holds back a console that stops reading, then gives it everything in order', async () => {
    const start = await headSeq(relay);
    // ~48 MB of frames: more than the relay's high-water mark plus loopback's socket buffers.
    await postAll(relay, Array.from({ length: 400 }, () => longMessageDelivery(120_000).body));
    const slow = await connect(admin, start);
    slow.pause();
    await expect.poll(() => relay.output()).toContain('stream paused: console reading slowly');
    slow.resume();
    await slow.waitFor((c) => c.caughtUp(), 'caught_up after the slow replay');
    const seqs = slow.events().map((e) => e.seq);
    expect(seqs).toHaveLength(400);
    expect(isGapFree(seqs, start + 1)).toBe(true);
  });

  it('shows an agent device only the calls on its own lines, plus console events', async () => {
    const agent = await relay.addDevice('Front desk', 'agent', ['(617) 555-0100']);
    const start = await headSeq(relay);
    const mine = await postSigned(relay, ringingDelivery('+16175550100').body);
    await postSigned(relay, ringingDelivery('+16175550199').body);
    const customer = await fetch(`${relay.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `cust-${start}`,
        type: 'customer.upserted',
        occurredAt: new Date().toISOString(),
        data: { customerId: `c-${start}`, name: 'Ada', company: null, email: null, phones: ['+16175550111'] },
      }),
    });
    const consoleEvent = (await customer.json()) as { seq: number };
    const other = await postSigned(relay, ringingDelivery('+16175550199').body);

    const agentStream = await connect(agent, start);
    const adminStream = await connect(admin, start);
    await agentStream.waitFor((c) => c.caughtUp(), 'agent caught_up');
    await adminStream.waitFor((c) => c.caughtUp(), 'admin caught_up');
    expect(agentStream.events().map((e) => e.seq)).toEqual([mine.seq, consoleEvent.seq]);
    expect(agentStream.frames.at(-1)).toEqual({ type: 'caught_up', seq: other.seq });
    expect(adminStream.events()).toHaveLength(4);

    const live = await postSigned(relay, ringingDelivery('+16175550100').body);
    await postSigned(relay, ringingDelivery('+16175550199').body);
    await adminStream.waitFor((c) => c.lastSeq() === live.seq + 1, 'admin sees both live calls');
    await agentStream.waitFor((c) => c.lastSeq() === live.seq, 'agent sees its live call');
    expect(agentStream.events().map((e) => e.seq)).toEqual([mine.seq, consoleEvent.seq, live.seq]);
  });

  it('reports stream lag from cumulative acks', async () => {
    const token = await relay.addDevice('Lag probe', 'admin');
    const console1 = await connect(token, 0);
    await console1.waitFor((c) => c.caughtUp(), 'caught_up');
    const head = await headSeq(relay);
    const lagOf = async (): Promise<string | undefined> =>
      (await (await fetch(`${relay.url}/metrics`)).text()).match(/^ringside_stream_lag_events\{device="Lag probe"\} (\d+)$/m)?.[1];
    expect(await lagOf()).toBe(String(head));
    console1.ack(head - 10);
    await expect.poll(lagOf).toBe('10');
    console1.ack(head);
    await expect.poll(lagOf).toBe('0');
  });

  it('closes the stream of a console that sends something that is not an ack', async () => {
    const console1 = await connect(admin, await headSeq(relay));
    await console1.waitFor((c) => c.caughtUp(), 'caught_up');
    console1.sendRaw('{"type":"hello"}');
    expect((await console1.closed()).code).toBe(1008);
  });
});

describe('a console sending garbage', () => {
  it('costs three connections sending 500 invalid frames each a bounded number of log lines, and the relay keeps working', async () => {
    const before = relay.output().split('\n').length;
    const closes = await Promise.all(
      [0, 1, 2].map(
        (n) =>
          new Promise<number>((resolve, reject) => {
            const ws = new WebSocket(`${relay.wsUrl}/v1/stream?after=0`, { headers: { authorization: `Bearer ${admin}` } });
            ws.on('open', () => {
              for (let i = 0; i < 500; i++) ws.send(i % 2 ? `garbage ${n}/${i}` : Buffer.from([0xff, i % 256]));
            });
            ws.on('error', () => {});
            ws.on('close', (code) => resolve(code));
            setTimeout(() => reject(new Error('the relay did not close a garbage-sending stream')), 10_000);
          }),
      ),
    );
    expect(closes.every((code) => code === 1008 || code === 1006)).toBe(true);
    // Let any late line arrive, then count what the three connections cost.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lines = relay.output().split('\n').slice(before).filter((line) => /invalid client frame|stream socket error/.test(line));
    // At most the first warning and one count of the repeats per connection.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines.some((line) => /repeated/.test(line) && /"repeats":\d+/.test(line))).toBe(true);
    const stored = await postSigned(relay, ringingDelivery().body);
    expect(stored.duplicate).toBe(false);
  });
});

describe('durability', () => {
  it('delivers a call whose webhook was answered 2xx just before the relay was killed', async () => {
    const delivery = ringingDelivery();
    const answer = await postSigned(relay, delivery.body);
    await relay.kill('SIGKILL');
    await relay.restart();
    const console1 = await connect(admin, answer.seq - 1);
    await console1.waitFor((c) => c.caughtUp(), 'caught_up after the restart');
    expect(console1.events()).toEqual([{ type: 'event', seq: answer.seq, event: expect.objectContaining({ id: delivery.event.id }) }]);
  });

  it('closes open streams with 4503 on a graceful stop, after committing', async () => {
    const console1 = await connect(admin, await headSeq(relay));
    await console1.waitFor((c) => c.caughtUp(), 'caught_up');
    const closed = console1.closed();
    await relay.kill('SIGTERM');
    expect((await closed).code).toBe(4503);
    await relay.restart();
  });
});
