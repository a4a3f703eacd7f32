import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startForwardingProxy, type ForwardingProxy } from '../../../tests/support/forwarding-proxy';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ConsoleEventInput } from '../../shared/events/model';
import { silentLogger } from '../core/logger';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch, readProjectionState, type LogEntry } from '../projection/apply-event';
import { postConsoleEvent } from './post-console-event';
import { RelayLink, type RelayLinkOptions, type RelayLinkStatus } from './relay-link';

const FAST_BACKOFF = { baseMs: 50, capMs: 300 };

function planEvent(n: number): ConsoleEventInput {
  return {
    id: `plan-event-${n}`,
    occurredAt: '2026-03-01T00:00:00.000Z',
    type: 'plan.defined',
    data: { planId: `plan-${n}`, name: `Plan ${n}`, period: 'monthly', includedSeconds: 3600, priceMinor: 100 * n, currency: 'USD' },
  };
}

describe('the relay link, against the real relay', () => {
  let relay: RelayProcess;
  let admin: string;
  let dir: string;
  let posted = 0;
  const open: { link: RelayLink; db: ConsoleDatabase }[] = [];
  const proxies: ForwardingProxy[] = [];

  async function proxy(options?: Parameters<typeof startForwardingProxy>[1]): Promise<ForwardingProxy> {
    const started = await startForwardingProxy(relay.url, options);
    proxies.push(started);
    return started;
  }
  /** The relay's head, asked on its own machine (as its operator). */
  async function relayHead(): Promise<number> {
    return ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
  }

  async function post(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) await postConsoleEvent(relay.url, admin, planEvent(++posted));
  }

  /** A console: a database file, and a link applying into it, recording what it was given. */
  async function consoleLink(name: string, token: string, relayUrl = relay.url, extra: Partial<RelayLinkOptions> = {}, busyMsPerBatch = 0) {
    const db = await openConsoleDatabase(join(dir, `${name}.db`));
    const statuses: RelayLinkStatus[] = [];
    const appliedSeqs: number[] = [];
    const batches: number[] = [];
    const link = new RelayLink({
      relayUrl,
      deviceToken: token,
      appliedSeq: () => readProjectionState(db).appliedSeq,
      apply: (entries: LogEntry[]) => {
        batches.push(entries.length);
        // A console busy applying (a large catch-up) lets the socket fill meanwhile.
        for (const until = performance.now() + busyMsPerBatch; performance.now() < until; );
        appliedSeqs.push(...entries.map((e) => e.seq));
        applyBatch(db, entries);
      },
      onStatus: (status) => statuses.push(status),
      logger: silentLogger,
      backoff: FAST_BACKOFF,
      ...extra,
    });
    open.push({ link, db });
    return { db, link, statuses, appliedSeqs, batches, plans: () => (db.sqlite.prepare('SELECT count(*) AS n FROM plans').get() as { n: number }).n };
  }

  beforeAll(async () => {
    relay = await startRelayProcess();
    admin = await relay.addDevice('admin console', 'admin');
    dir = mkdtempSync(join(tmpdir(), 'ringside-link-'));
  });
  afterEach(async () => {
    for (const { link, db } of open.splice(0)) {
      await link.stop();
      await db.close();
    }
    for (const started of proxies.splice(0)) await started.close();
  });
  afterAll(async () => {
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up on what it missed, goes live, and resumes after its applied seq, each event applied once in order', async () => {
    await post(300);
    const first = await consoleLink('front-desk', admin);
    first.link.start();
    await vi.waitFor(() => expect(first.link.status().state).toBe('live'), { timeout: 10_000 });
    // Catching up may be reported twice: again once the relay's head is learned.
    const states = first.statuses.map((s) => s.state).filter((state, i, all) => i === 0 || all[i - 1] !== state);
    expect(states.slice(0, 3)).toEqual(['connecting', 'catching_up', 'live']);
    await vi.waitFor(() => expect(first.plans()).toBe(posted));

    await post(5);
    await vi.waitFor(() => expect(first.plans()).toBe(posted));
    await first.link.stop();

    await post(200); // while the console is closed
    first.link.start();
    await vi.waitFor(() => expect(readProjectionState(first.db).appliedSeq).toBe(posted), { timeout: 10_000 });

    expect(first.appliedSeqs).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
    expect(first.plans()).toBe(posted);
    // Acks are cumulative and sent after the commit: the relay sees no lag left.
    await vi.waitFor(async () => expect(await (await fetch(`${relay.url}/metrics`)).text()).toMatch(/ringside_stream_lag_events\{device="admin console"\} 0/));
  });

  it('reading a turn at a time (the socket paused after each read and read on at the next turn), under the core\'s own pauses too, loses and repeats nothing', async () => {
    await post(600);
    // The smallest budget pauses the socket after every read; the core's own pause (the
    // paced apply's high water) comes on top: the link must resume only when both are over.
    const reader = await consoleLink('paced-reader', admin, relay.url, { receiveBudgetMs: 0 }, 5);
    let held = false;
    const holdEvery = setInterval(() => {
      held = !held;
      if (held) reader.link.pause();
      else reader.link.resume();
    }, 7);
    reader.link.start();
    try {
      await vi.waitFor(() => expect(readProjectionState(reader.db).appliedSeq).toBeGreaterThan(posted / 3), { timeout: 20_000 });
    } finally {
      clearInterval(holdEvery);
      reader.link.resume();
    }
    // The rest is read with no pause but the link's own.
    await vi.waitFor(() => expect(readProjectionState(reader.db).appliedSeq).toBe(posted), { timeout: 20_000 });
    expect(reader.appliedSeqs).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
    expect(reader.batches.length).toBeGreaterThan(1);
  });

  it('reconnects after the relay restarts and receives what arrived meanwhile', async () => {
    const desk = await consoleLink('restart', admin);
    desk.link.start();
    await vi.waitFor(() => expect(desk.link.status().state).toBe('live'), { timeout: 10_000 });

    await relay.kill('SIGKILL');
    await vi.waitFor(() => expect(desk.link.status()).toMatchObject({ state: 'offline' }));
    await relay.restart();
    await post(3);

    await vi.waitFor(() => expect(desk.plans()).toBe(posted), { timeout: 15_000 });
    expect(desk.link.status().state).toBe('live');
    expect(desk.appliedSeqs).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
  });

  it("an agent console applies its own lines' calls and the console events, across the seqs it is not shown", async () => {
    const mine = '+16175550188';
    const token = await relay.addDevice('line 88 agent', 'agent', [mine]);
    const ringOn = async (line: string) => {
      const body = callRingingEvent({ callId: newCallId(), from: '+14155550100', to: line, at: new Date() }).body;
      expect((await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 })).status).toBeLessThan(300);
    };
    await ringOn('+16175550177');
    await ringOn(mine);
    await ringOn('+16175550177');
    await post(1);
    const head = posted + 3; // every seq so far: plans and the three calls

    const agent = await consoleLink('agent', token);
    agent.link.start();
    await vi.waitFor(() => expect(agent.link.status().state).toBe('live'), { timeout: 10_000 });
    await vi.waitFor(() => expect(readProjectionState(agent.db).appliedSeq).toBe(head));

    const calls = agent.db.sqlite.prepare('SELECT business_e164 FROM calls').all();
    expect(calls).toEqual([{ business_e164: mine }]);
    expect(agent.plans()).toBe(posted);
    expect(agent.appliedSeqs.length).toBe(posted + 1);
  });

  it('behind a proxy, asks the relay for its head with its device token and counts the catch-up against it', async () => {
    await post(20);
    const head = await relayHead();
    const front = await proxy();
    const desk = await consoleLink('behind-proxy', admin, front.url);
    desk.link.pause(); // holds the replay, so the head is learned while still catching up
    desk.link.start();

    await vi.waitFor(() => expect(desk.link.status()).toEqual({ state: 'catching_up', reason: null, headSeq: head }), { timeout: 10_000 });
    expect(front.answered).toContainEqual({ method: 'GET', path: '/healthz', authorization: `Bearer ${admin}` });
    desk.link.resume();
    await vi.waitFor(() => expect(desk.link.status().state).toBe('live'), { timeout: 10_000 });
    expect(desk.appliedSeqs).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });

  it('when the relay does not say its head, shows no count while catching up (not 0) and still applies every event once', async () => {
    await post(5);
    const head = await relayHead();
    // This proxy drops the token on /healthz: the relay answers such a stranger only {ok:true}.
    const front = await proxy({ dropAuthorizationOn: ['/healthz'] });
    const desk = await consoleLink('head-unknown', admin, front.url);
    desk.link.pause();
    desk.link.start();

    await vi.waitFor(() => expect(front.answered.map((r) => r.path)).toContain('/healthz'), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the answer read and acted on
    expect(desk.link.status()).toEqual({ state: 'catching_up', reason: null, headSeq: null });
    expect(desk.statuses.every((s) => s.headSeq === null)).toBe(true);
    desk.link.resume();
    await vi.waitFor(() => expect(desk.link.status()).toEqual({ state: 'live', reason: null, headSeq: head }), { timeout: 10_000 });
    expect(desk.appliedSeqs).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });

  it('never sends its token over plain http to another computer: it stays offline naming the address, without trying', async () => {
    const plain = await consoleLink('plain-text', admin, 'http://relay.example.com:8787');
    plain.link.start();
    expect(plain.link.status()).toMatchObject({ state: 'offline', reason: expect.stringMatching(/^relay URL http:\/\/relay\.example\.com:8787 must start with https:\/\//) });
    await new Promise((resolve) => setTimeout(resolve, FAST_BACKOFF.capMs));
    expect(plain.statuses.map((s) => s.state)).toEqual(['offline']);
  });

  it('says why when the relay cannot be reached', async () => {
    const lost = await consoleLink('nowhere', admin, 'http://127.0.0.1:9');
    lost.link.start();
    await vi.waitFor(() => expect(lost.link.status()).toMatchObject({ state: 'offline', reason: 'relay unreachable' }));
  });

  it('says a refused token was refused, and does not retry before the longest delay', async () => {
    const refused = await consoleLink('refused', 'rs_not-a-token-of-this-relay');
    refused.link.start();
    await vi.waitFor(() => expect(refused.link.status()).toMatchObject({ state: 'offline', reason: 'device token refused (401)' }));
    await new Promise((resolve) => setTimeout(resolve, FAST_BACKOFF.capMs / 2));
    expect(refused.statuses.filter((s) => s.state === 'connecting')).toHaveLength(1);
  });

  it('goes offline with "device token revoked" when its token is revoked while connected', async () => {
    const token = await relay.addDevice('soon revoked', 'agent', ['+16175550199']);
    const agent = await consoleLink('revoked', token);
    agent.link.start();
    await vi.waitFor(() => expect(agent.link.status().state).toBe('live'), { timeout: 10_000 });

    await relay.revokeDevice('soon revoked');

    await vi.waitFor(() => expect(agent.statuses).toContainEqual(expect.objectContaining({ state: 'offline', reason: 'device token revoked' })), {
      timeout: 10_000,
    });
  });

  it('posts console events, recognizes a repeated one, and carries the relay message when refused', async () => {
    const event = planEvent(9_999);
    const first = await postConsoleEvent(relay.url, admin, event);
    expect(await postConsoleEvent(relay.url, admin, event)).toEqual({ seq: first.seq, duplicate: true });
    posted += 1; // keep the other tests' count of plans true

    const agent = await relay.addDevice('poster agent', 'agent');
    await expect(postConsoleEvent(relay.url, agent, planEvent(10_000))).rejects.toThrow(/^The relay refused this change \(403\): An agent console may not make this change; only admin consoles may\.$/);
    await expect(postConsoleEvent('http://127.0.0.1:9', admin, event)).rejects.toThrow(/relay unreachable/);
  });
});
