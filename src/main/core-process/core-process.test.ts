import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { LinkStatus } from '../../shared/api/contract';
import type { CallerCard } from '../../shared/card';
import { namespacedCallId } from '../../shared/events/model';
import { dispatchApiCall } from '../api/dispatch';
import type { ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';
import { startConsoleCoreWorker } from './worker-thread';

const LINE = '+16175550199';
/** Calls in the relay's log before the returning console connects: two events each. */
const BACKLOG_CALLS = 6_000;

describe('the console core in a worker thread', () => {
  let relay: RelayProcess;
  let dir: string;
  const cores: ConsoleCore[] = [];

  const post = async (body: string) => {
    const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 });
    expect(answer.status, answer.text).toBeLessThan(300);
  };
  const workerCore = async (name: string, settings: MemorySettingsStore): Promise<ConsoleCore> => {
    const core = startConsoleCoreWorker({ dbPath: join(dir, `${name}.db`), settings, backoff: { baseMs: 50, capMs: 300 } });
    cores.push(core);
    return core;
  };

  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-core-process-'));
    // A month of past calls, posted through the real webhook path, eight at a time.
    const nowMs = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < BACKLOG_CALLS) {
          const i = next++;
          const call = { callId: newCallId(), from: `+1512${String(2_000_000 + i).padStart(7, '0')}`, to: LINE, at: new Date(nowMs - 86_400_000 - i * 60_000) };
          await post(callRingingEvent(call).body);
          const answeredAt = new Date(call.at.getTime() + 5_000);
          await post(callCompletedEvent({ callId: call.callId, from: call.from, to: LINE, createdAt: call.at, answeredAt, completedAt: new Date(answeredAt.getTime() + 60_000) }).body);
        }
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(cores.map((core) => core.stop()));
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the renderer API while it catches up a long log, and the shell never waits behind the catch-up', async () => {
    const settings = new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('returning console', 'admin') });
    const core = await workerCore('returning', settings);
    const head = BACKLOG_CALLS * 2;
    const statuses: LinkStatus[] = [];
    core.onPush('link.statusChanged', (status) => statuses.push(status));
    const shellDelay = monitorEventLoopDelay({ resolution: 10 });
    shellDelay.enable();

    await core.start();
    // Ask for the status again and again while the worker applies the backlog.
    const answeredWhileCatchingUp: LinkStatus[] = [];
    let slowestMs = 0;
    let lastApplied = 0;
    while (lastApplied < head) {
      const asked = performance.now();
      const status = await core.handlers['link.status']({});
      slowestMs = Math.max(slowestMs, performance.now() - asked);
      if (status.state !== 'live' && status.appliedSeq < head) answeredWhileCatchingUp.push(status);
      lastApplied = status.appliedSeq;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    shellDelay.disable();

    // The shell's loop relays and never applies: it stays free for the windows all along.
    expect(shellDelay.max / 1e6).toBeLessThan(1_000);
    // API calls were answered in the middle of the catch-up, with its progress.
    expect(answeredWhileCatchingUp.length).toBeGreaterThan(1);
    expect(new Set(answeredWhileCatchingUp.map((s) => s.appliedSeq)).size).toBeGreaterThan(1);
    expect(slowestMs).toBeLessThan(5_000);
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ state: 'live', appliedSeq: head }), { timeout: 10_000 });
    expect((await core.handlers['calls.history']({ limit: 1 })).length).toBe(1);
  }, 120_000);

  it('pops the caller card and answers the API while it rebuilds its history from the local copy', async () => {
    // The console that caught up above, reopened by a version whose projection differs.
    const settings = new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('upgraded console', 'admin') });
    const previous = cores.shift()!;
    await previous.stop();
    const copy = new Database(join(dir, 'returning.db'));
    copy.prepare('UPDATE local_log_state SET projection_version = projection_version - 1 WHERE id = 1').run();
    copy.close();
    const core = await workerCore('returning', settings);
    const cards: CallerCard[] = [];
    const statuses: LinkStatus[] = [];
    core.onPush('card.updated', (card) => cards.push(card));
    core.onPush('link.statusChanged', (status) => statuses.push(status));
    const shellDelay = monitorEventLoopDelay({ resolution: 10 });
    shellDelay.enable();
    await core.start();
    await vi.waitFor(() => expect(statuses.some((s) => s.reprojection !== null)).toBe(true), { timeout: 10_000 });

    const callId = newCallId();
    await post(callRingingEvent({ callId, from: '+14155550188', to: LINE, at: new Date() }).body);
    await vi.waitFor(() => expect(cards.find((c) => c.callId === namespacedCallId('openphone', callId))).toMatchObject({ phase: 'ringing' }), { timeout: 10_000 });
    const rebuilding = await core.handlers['link.status']({});
    shellDelay.disable();

    // The card popped and the API answered before the rebuild was done; the shell stayed free.
    expect(rebuilding.reprojection).not.toBeNull();
    expect(shellDelay.max / 1e6).toBeLessThan(1_000);
    await vi.waitFor(async () => expect((await core.handlers['link.status']({})).reprojection).toBeNull(), { timeout: 60_000 });
    expect((await core.handlers['calls.history']({ limit: 1 }))[0]).toMatchObject({ callId: namespacedCallId('openphone', callId) });
  }, 90_000);

  it('pushes the caller card from the worker, and keeps settings in the shell’s store', async () => {
    const settings = new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('front desk', 'admin') });
    const core = await workerCore('front-desk', settings);
    const cards: CallerCard[] = [];
    core.onPush('card.updated', (card) => cards.push(card));
    await core.start();
    await vi.waitFor(async () => expect((await core.handlers['link.status']({})).state).toBe('live'), { timeout: 20_000 });

    const callId = newCallId();
    await post(callRingingEvent({ callId, from: '+14155550123', to: LINE, at: new Date() }).body);
    await vi.waitFor(() => expect(cards.find((c) => c.callId === namespacedCallId('openphone', callId))).toMatchObject({ phase: 'ringing', status: 'unknown' }), { timeout: 10_000 });

    expect(await core.handlers['settings.update']({ phoneRegion: 'GB' })).toMatchObject({ phoneRegion: 'GB', hasDeviceToken: true, tokenProtection: 'memory_only' });
    expect(settings.read().phoneRegion).toBe('GB');
    await expect(dispatchApiCall(core.handlers, 'settings.update', { phoneRegion: 'nowhere' })).resolves.toMatchObject({ ok: false, error: expect.stringContaining('phoneRegion') });
    await expect(dispatchApiCall(core.handlers, 'calls.history', { limit: 0 })).resolves.toMatchObject({ ok: false, error: expect.stringContaining('calls.history') });
    await vi.waitFor(async () => expect((await core.handlers['link.status']({})).state).toBe('live'), { timeout: 20_000 });
  }, 60_000);

  it('answers every call with a plain error once its worker is gone', async () => {
    const core = await workerCore('stopped', new MemorySettingsStore({}));
    await core.start();
    await core.stop();
    await expect(core.handlers['link.status']({})).rejects.toThrow(/console core/);
  });
});
