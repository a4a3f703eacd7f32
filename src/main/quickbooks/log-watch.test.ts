import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startForwardingProxy, type ForwardingProxy } from '../../../tests/support/forwarding-proxy';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import type { ConsoleEventInput } from '../../shared/events/model';
import { silentLogger } from '../core/logger';
import { postConsoleEvent } from '../http/relay-rest-client';
import { watchLogForChanges } from './log-watch';

function planEvent(n: number): ConsoleEventInput {
  return {
    id: `watch-plan-${n}`,
    occurredAt: '2026-03-01T00:00:00.000Z',
    type: 'plan.defined',
    data: { planId: `plan-${n}`, name: `Plan ${n}`, period: 'monthly', includedSeconds: 3600, priceMinor: 100, currency: 'USD' },
  };
}

describe("the headless sync's watch of the log, through a proxy in front of the relay", () => {
  let relay: RelayProcess;
  let admin: string;
  let bookkeeper: string;
  const proxies: ForwardingProxy[] = [];
  beforeAll(async () => {
    relay = await startRelayProcess();
    admin = await relay.addDevice('admin', 'admin');
    bookkeeper = await relay.addDevice('bookkeeper', 'bookkeeper');
    for (let n = 1; n <= 3; n += 1) await postConsoleEvent(relay.url, admin, planEvent(n));
  });
  afterAll(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
    await relay.stop();
  });
  const proxy = async (options?: Parameters<typeof startForwardingProxy>[1]) => {
    const started = await startForwardingProxy(relay.url, options);
    proxies.push(started);
    return started;
  };

  it("asks the relay's head with its device token and watches from there, never reading older events", async () => {
    const front = await proxy();
    const seen: string[] = [];
    const watch = await watchLogForChanges({ relayUrl: front.url, deviceToken: bookkeeper, logger: silentLogger, onEvents: (events) => seen.push(...events.map((e) => e?.id ?? 'unread')) });
    try {
      expect(front.answered).toContainEqual({ method: 'GET', path: '/healthz', authorization: `Bearer ${bookkeeper}` });
      await postConsoleEvent(relay.url, admin, planEvent(4));
      await vi.waitFor(() => expect(seen).toEqual(['watch-plan-4']), { timeout: 10_000 });
    } finally {
      await watch.stop();
    }
  });

  it('does not watch at all when the relay does not say its head (it would read the whole log again as news)', async () => {
    const front = await proxy({ dropAuthorizationOn: ['/healthz'] });
    await expect(watchLogForChanges({ relayUrl: front.url, deviceToken: bookkeeper, logger: silentLogger, onEvents: () => {} })).rejects.toThrow(
      `the relay at ${front.url} did not say its head seq to this device token, so the log is not watched`,
    );
    expect(front.answered.map((r) => r.path)).toEqual(['/healthz']);
  });
});
