import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

const LINE = '+16175550188';

describe('relay alerts acknowledged by the team', () => {
  let relay: RelayProcess;
  let dir: string;
  let desk: ConsoleCore;
  let agent: ConsoleCore;

  async function call<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
    const result = await dispatchApiCall(core.handlers, method, input);
    if (!result.ok) throw new Error(result.error);
    return result.value as ApiOutputs[M];
  }
  const ringing = () => callRingingEvent({ callId: newCallId(), from: '+16175550111', to: LINE, at: new Date() }).body;
  /** Webhooks signed with a key the relay does not have, until the relay raises its alert. */
  async function refuseWebhooks(): Promise<void> {
    const wrongKey = randomBytes(32).toString('base64');
    for (let i = 0; i < 20; i++) expect((await sendOpenPhoneWebhook(relay.url, ringing(), { secretBase64: wrongKey })).status).toBe(401);
  }

  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-alert-ack-'));
    const core = async (name: string, role: 'admin' | 'agent', lines: string[]) =>
      createConsoleCore({ dbPath: join(dir, `${name}.db`), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice(name, role, lines) }), backoff: { baseMs: 50, capMs: 300 } });
    desk = await core('Front desk', 'admin', []);
    agent = await core('Maya', 'agent', [LINE]);
    await Promise.all([desk.start(), agent.start()]);
    for (const console of [desk, agent]) await vi.waitFor(async () => expect((await call(console, 'link.status', {})).state).toBe('live'), { timeout: 10_000 });
  });
  afterAll(async () => {
    await Promise.all([desk?.stop(), agent?.stop()]);
    await relay?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledged on one console, the alert leaves every console’s banner until the relay raises it again; the Operations list says who acknowledged it', async () => {
    await refuseWebhooks();
    for (const console of [desk, agent]) {
      await vi.waitFor(async () => expect((await call(console, 'alerts.active', { limit: 10 })).groups.map((group) => group.text)).toEqual([expect.stringMatching(/^OpenPhone's webhooks are being refused/)]), { timeout: 10_000 });
    }
    const shown = await call(agent, 'alerts.active', { limit: 10 });
    expect(await call(agent, 'alerts.acknowledge', { throughSeq: shown.latestSeq! })).toEqual({ acknowledged: 1 });
    for (const console of [desk, agent]) {
      await vi.waitFor(async () => expect(await call(console, 'alerts.active', { limit: 10 })).toMatchObject({ totalGroups: 0, totalAlerts: 0, latestSeq: null }), { timeout: 10_000 });
    }
    const recent = await call(desk, 'alerts.recent', { limit: 10 });
    expect(recent.map((row) => [row.kind, row.severity, row.by])).toEqual([
      ['acknowledged', 'critical', 'Maya'],
      ['raised', 'critical', null],
    ]);
    expect(recent[0]!.message).toMatch(/^OpenPhone's webhooks are being refused/);
    // This relay mails nobody: the alert went to the banners only.
    expect(recent[1]!.channels).toEqual([]);

    // A good webhook resolves it; refused again, it is raised again and every banner shows it.
    expect((await sendOpenPhoneWebhook(relay.url, ringing(), { secretBase64: relay.secretBase64 })).status).toBe(200);
    await vi.waitFor(async () => expect((await call(desk, 'alerts.recent', { limit: 10 }))[0]).toMatchObject({ kind: 'cleared', message: "OpenPhone's webhooks are accepted again." }), { timeout: 10_000 });
    await refuseWebhooks();
    for (const console of [desk, agent]) {
      await vi.waitFor(async () => expect(await call(console, 'alerts.active', { limit: 10 })).toMatchObject({ totalGroups: 1 }), { timeout: 10_000 });
    }
  });
});
