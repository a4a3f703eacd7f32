import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import {
  newGenerationCallAnsweredEvent,
  newGenerationCallCompletedEvent,
  newGenerationCallRingingEvent,
} from '../../../tools/emulators/openphone/new-generation-payloads';
import { callCompletedEvent, callRingingEvent, newCallId, phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ImportProgress, LinkStatus } from '../../shared/api/contract';
import type { CallerCard } from '../../shared/card';
import { namespacedCallId } from '../../shared/events/model';
import { MemorySettingsStore } from '../settings';
import { createConsoleCore, type ConsoleCore } from './console-core';

const LINE = '+16175550199';
const ADA = '+16175550100';
const STRANGER = '+14155550123';
// The relay takes both generations' keys; new-generation calls name the line by phoneNumberId.
const LEGACY_KEY = randomBytes(32).toString('base64');
const STANDARD_KEY = `whsec_${randomBytes(32).toString('base64')}`;

function customersCsv(subscriptionStart: string): string {
  return [
    'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start',
    `Ada Lovelace,Analytical Engines,ada@example.com,(617) 555-0100,Priority,monthly,2.5,199.00,USD,${subscriptionStart}`,
    'Charles Babbage,,,617.555.0123,,,,,,',
    'Nobody,,,,,,,,,',
  ].join('\n');
}

describe('the console core, end to end through the real relay', () => {
  let relay: RelayProcess;
  let dir: string;
  let core: ConsoleCore;
  const cards: CallerCard[] = [];
  const statuses: LinkStatus[] = [];
  const progress: ImportProgress[] = [];

  const ring = async (from: string, at = new Date()) => {
    const callId = newCallId();
    const answer = await sendOpenPhoneWebhook(relay.url, callRingingEvent({ callId, from, to: LINE, at }).body, { secretBase64: relay.secretBase64 });
    expect(answer.status, answer.text).toBeLessThan(300);
    return { callId, from, at };
  };
  const complete = async (call: { callId: string; from: string; at: Date }, talkSeconds: number) => {
    const answeredAt = new Date(Math.ceil((call.at.getTime() + 5_000) / 1000) * 1000);
    const completedAt = new Date(answeredAt.getTime() + talkSeconds * 1000);
    const body = callCompletedEvent({ callId: call.callId, from: call.from, to: LINE, createdAt: call.at, answeredAt, completedAt }).body;
    const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 });
    expect(answer.status, answer.text).toBeLessThan(300);
  };
  // Webhooks carry OpenPhone's own call id; the console knows the call by its namespaced id.
  const cardIdOf = (openPhoneCallId: string) => namespacedCallId('openphone', openPhoneCallId);
  const latestCard = (openPhoneCallId: string) => cards.filter((c) => c.callId === cardIdOf(openPhoneCallId)).at(-1);
  const headSeq = async () => ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;

  beforeAll(async () => {
    relay = await startRelayProcess({
      secretBase64: LEGACY_KEY,
      env: { OPENPHONE_WEBHOOK_SECRET: `${LEGACY_KEY},${STANDARD_KEY}`, OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}` },
    });
    dir = mkdtempSync(join(tmpdir(), 'ringside-core-'));
    const deviceToken = await relay.addDevice('front desk', 'admin');
    core = createConsoleCore({
      dbPath: join(dir, 'console.db'),
      settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken }),
      backoff: { baseMs: 50, capMs: 300 },
    });
    core.onPush('card.updated', (card) => cards.push(card));
    core.onPush('link.statusChanged', (status) => statuses.push(status));
    core.onPush('import.progress', (p) => progress.push(p));
    await core.start();
    await vi.waitFor(async () => expect((await core.handlers['link.status']({})).state).toBe('live'), { timeout: 10_000 });
  });
  afterAll(async () => {
    await core.stop();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports customers through the relay, reporting bad rows by line and progress as it goes', async () => {
    const start = new Date();
    start.setUTCDate(1);
    start.setUTCMonth(start.getUTCMonth() - 2);
    const csv = customersCsv(start.toISOString().slice(0, 10));

    const report = await core.handlers['customers.importCsv']({ csv, fileName: 'customers.csv' });

    expect(report).toEqual({ accepted: 2, rejected: [{ line: 4, message: 'phones is empty: at least one number is needed to recognize the caller' }] });
    expect(progress.at(-1)).toEqual({ done: 4, total: 4 });
    await vi.waitFor(async () =>
      expect(await core.handlers['customers.search']({ query: 'ada', limit: 5 })).toEqual([
        {
          id: expect.any(String),
          name: 'Ada Lovelace',
          company: 'Analytical Engines',
          email: 'ada@example.com',
          phones: [ADA],
          planName: 'Priority',
          remainingSeconds: 9000,
        },
      ]),
    );

    const head = await headSeq();
    expect(await core.handlers['customers.importCsv']({ csv, fileName: 'customers.csv' })).toMatchObject({ accepted: 2 });
    expect(await headSeq()).toBe(head); // a re-import appends nothing
  });

  it('pushes the caller card when a customer rings, and takes the call time off the hours when it ends', async () => {
    const call = await ring(ADA);
    await vi.waitFor(() =>
      expect(latestCard(call.callId)).toMatchObject({
        phase: 'ringing',
        status: 'subscriber',
        customer: { name: 'Ada Lovelace', company: 'Analytical Engines' },
        remainingSeconds: 9000,
        notice: 'Subscriber calling — 2 h 30 min remaining',
      }),
    );

    await complete(call, 20 * 60);

    await vi.waitFor(() =>
      expect(latestCard(call.callId)).toMatchObject({
        phase: 'ended',
        durationSeconds: 1200,
        remainingSeconds: 9000 - 1200,
        notice: 'Subscriber calling — 2 h 10 min remaining',
      }),
    );
    const live = await core.handlers['calls.live']({});
    expect(live.map((c) => c.callId)).toContain(cardIdOf(call.callId));
    const [latest] = await core.handlers['calls.history']({ limit: 1 });
    expect(latest).toMatchObject({ callId: cardIdOf(call.callId), customerName: 'Ada Lovelace', number: ADA, durationSeconds: 1200 });
  });

  it('pushes the card again when a new-generation call is answered, then when it ends', async () => {
    const send = async (delivery: { body: string }) => {
      const answer = await sendOpenPhoneWebhook(relay.url, delivery.body, { secretBase64: STANDARD_KEY, generation: 'standard' });
      expect(answer.status, answer.text).toBeLessThan(300);
    };
    const call = { callId: newCallId(), from: ADA, to: LINE };
    const rangAt = new Date(Date.now() - 40_000);
    const answeredAt = new Date(Math.ceil((rangAt.getTime() + 5_000) / 1000) * 1000);

    await send(newGenerationCallRingingEvent({ ...call, at: rangAt }));
    await vi.waitFor(() => expect(latestCard(call.callId)).toMatchObject({ phase: 'ringing', answeredAt: null }));

    await send(newGenerationCallAnsweredEvent({ ...call, createdAt: rangAt, answeredAt }));
    await vi.waitFor(() =>
      expect(latestCard(call.callId)).toMatchObject({ phase: 'active', answeredAt: answeredAt.toISOString(), endedAt: null, durationSeconds: null }),
    );

    await send(newGenerationCallCompletedEvent({ ...call, createdAt: rangAt, answeredAt, completedAt: new Date(answeredAt.getTime() + 30_000) }));
    await vi.waitFor(() => expect(latestCard(call.callId)).toMatchObject({ phase: 'ended', durationSeconds: 30 }));
  });

  it('shows an unknown number as a pay-per-call caller; pinned and dismissed cards stay so', async () => {
    const call = await ring(STRANGER);
    await vi.waitFor(() => expect(latestCard(call.callId)).toMatchObject({ status: 'unknown', notice: 'Unknown caller — pay-per-call' }));

    expect(await core.handlers['card.pin']({ callId: cardIdOf(call.callId), pinned: true })).toMatchObject({ pinned: true });
    expect((await core.handlers['calls.live']({})).find((c) => c.callId === cardIdOf(call.callId))?.pinned).toBe(true);

    await core.handlers['card.dismiss']({ callId: cardIdOf(call.callId) });
    expect((await core.handlers['calls.live']({})).map((c) => c.callId)).not.toContain(cardIdOf(call.callId));
  });

  it('moving to another relay without its token leaves the console offline asking for one; saved with its token, it reconnects with that token', async () => {
    const urlOnly = await core.handlers['settings.update']({ relayUrl: 'http://127.0.0.1:9' });
    expect(urlOnly).toMatchObject({ relayUrl: 'http://127.0.0.1:9', hasDeviceToken: false, tokenCleared: 'relay_changed' });
    await vi.waitFor(async () => expect(await core.handlers['link.status']({})).toMatchObject({ state: 'offline', reason: 'no device token: paste one in settings' }));

    await core.handlers['settings.update']({ relayUrl: 'http://127.0.0.1:9', deviceToken: 'rs_a-token-for-port-9' });
    await vi.waitFor(async () => expect(await core.handlers['link.status']({})).toMatchObject({ state: 'offline', reason: 'relay unreachable' }));

    // The first token is revoked: only the new one, saved with the URL, can bring the console back.
    await relay.revokeDevice('front desk');
    const newToken = await relay.addDevice('front desk, new token', 'admin');
    const moved = await core.handlers['settings.update']({ relayUrl: relay.url, deviceToken: newToken });
    expect(moved).toMatchObject({ relayUrl: relay.url, hasDeviceToken: true });
    await vi.waitFor(async () => expect((await core.handlers['link.status']({})).state).toBe('live'));
    expect(statuses.at(-1)).toMatchObject({ state: 'live', relayUrl: relay.url, appliedSeq: await headSeq() });
  });
});
