import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import { dispatchApiCall } from '../api/dispatch';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import type { CallerCard } from '../../shared/card';
import { namespacedCallId } from '../../shared/events/model';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { MemorySettingsStore } from '../settings';

const LINE = '+16175550199';
const ADA = '+16175550100';
const DAY = 86_400_000;

describe('billing through the console API and the real relay', () => {
  let relay: RelayProcess;
  let dir: string;
  let admin: ConsoleCore;
  let adminToken: string;
  const cards: CallerCard[] = [];

  async function call<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
    const result = await dispatchApiCall(core.handlers, method, input);
    if (!result.ok) throw new Error(result.error);
    return result.value as ApiOutputs[M];
  }
  const applied = async (seq: number) =>
    vi.waitFor(async () => expect((await call(admin, 'link.status', {})).appliedSeq).toBeGreaterThanOrEqual(seq), { timeout: 10_000 });

  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-billing-'));
    adminToken = await relay.addDevice('owner', 'admin');
    admin = createConsoleCore({ dbPath: join(dir, 'admin.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: adminToken }), backoff: { baseMs: 50, capMs: 300 } });
    admin.onPush('card.updated', (card) => cards.push(card));
    await admin.start();
    await vi.waitFor(async () => expect((await call(admin, 'link.status', {})).state).toBe('live'), { timeout: 10_000 });
  });
  afterAll(async () => {
    await admin.stop();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an admin sets up a plan and a subscription; a call ends; the card and the billing page show the new time left', async () => {
    const today = new Date();
    const start = new Date(today.getTime() - 3 * DAY).toISOString().slice(0, 10);
    await postConsoleEvent(relay.url, adminToken, {
      id: 'customer-ada',
      occurredAt: today.toISOString(),
      type: 'customer.upserted',
      data: { customerId: 'c-ada', name: 'Ada Lovelace', company: null, email: null, phones: [ADA] },
    });
    await call(admin, 'billing.definePlan', { planId: 'six', name: 'Six-minute', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 3 * 3600, incrementSeconds: 360 });
    const { seq } = await call(admin, 'billing.startSubscription', { customerId: 'c-ada', planId: 'six', startDate: start });
    await applied(seq);
    expect(await call(admin, 'billing.subscriptions', {})).toEqual([expect.objectContaining({ customerName: 'Ada Lovelace', planName: 'Six-minute', state: 'active', remainingSeconds: 3 * 3600 })]);

    // Rang 7 min 15 s ago, answered after 5 s: 7 min 10 s of talk ends now.
    const openPhoneCallId = newCallId();
    const callId = namespacedCallId('openphone', openPhoneCallId);
    const at = new Date(Date.now() - (7 * 60 + 15) * 1000);
    const answeredAt = new Date(Math.ceil((at.getTime() + 5_000) / 1000) * 1000);
    for (const body of [
      callRingingEvent({ callId: openPhoneCallId, from: ADA, to: LINE, at }).body,
      callCompletedEvent({ callId: openPhoneCallId, from: ADA, to: LINE, createdAt: at, answeredAt, completedAt: new Date(answeredAt.getTime() + 430_000) }).body,
    ]) {
      const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 });
      expect(answer.status, answer.text).toBeLessThan(300);
    }
    await vi.waitFor(() => expect(cards.filter((c) => c.callId === callId && c.phase === 'ended')).not.toHaveLength(0), { timeout: 10_000 });
    // The ended call's own push already carries the time left after it.
    expect(cards.find((c) => c.callId === callId && c.phase === 'ended')).toMatchObject({
      remainingSeconds: 3 * 3600 - 12 * 60,
      notice: 'Subscriber calling — 2 h 48 min remaining',
      billing: { subscription: { state: 'active', availableSeconds: 3 * 3600 - 12 * 60 }, rate: { kind: 'overage' }, rounding: { incrementSeconds: 360 } },
    });
    const [charge] = await call(admin, 'billing.charges', { limit: 10 });
    expect(charge).toMatchObject({ callId, customerName: 'Ada Lovelace', billableSeconds: 720, trace: ['7 min 10 s talk', '→ 12 min at 6-min increment', '12 min from included hours; 2 h 48 min left'] });
    expect(await call(admin, 'billing.subscriptions', {})).toEqual([expect.objectContaining({ usedSeconds: 720, remainingSeconds: 3 * 3600 - 720 })]);
    expect((await call(admin, 'billing.invoices', { limit: 10 })).map((i) => i.invoiceKey)).toEqual([`sub:${(await call(admin, 'billing.subscriptions', {}))[0]!.subscriptionId}:${start}`]);

    // A correction to 5 min: reversed and re-rated, 6 min billed.
    const corrected = await call(admin, 'billing.correctCall', { callId, durationSeconds: 300, reason: 'dropped call' });
    await applied(corrected.seq);
    expect((await call(admin, 'billing.charges', { customerId: 'c-ada', limit: 10 })).map((c) => c.billableSeconds).sort((a, b) => a - b)).toEqual([-720, 360, 720]);
    expect((await call(admin, 'billing.subscriptions', {}))[0]!.remainingSeconds).toBe(3 * 3600 - 360);

    const credited = await call(admin, 'billing.creditWallet', { customerId: 'c-ada', kind: 'top_up', amountMinor: 5000, currency: 'USD' });
    await applied(credited.seq);
    expect(await call(admin, 'billing.wallets', {})).toEqual([{ customerId: 'c-ada', customerName: 'Ada Lovelace', balanceMinor: 5000, currency: 'USD', low: false, exhausted: false, planCredit: null }]);
    expect(await call(admin, 'billing.walletLedger', { customerId: 'c-ada' })).toEqual([expect.objectContaining({ kind: 'top_up', amountMinor: 5000, balanceAfterMinor: 5000 })]);

    const day = today.toISOString().slice(0, 10);
    const statement = await call(admin, 'billing.statement', { customerId: 'c-ada', from: start, to: day });
    expect(statement.lines.map((l) => [l.amountMinor, l.seconds])).toEqual(expect.arrayContaining([[19900, 0], [-5000, 0], [0, 720], [0, -720], [0, 360]]));
    const usage = await call(admin, 'billing.usage', { days: 7 });
    expect(usage).toHaveLength(7);
    expect(usage.reduce((s, p) => s + p.billedSeconds, 0)).toBe(360);
  });

  it('an agent console may not change billing: the relay’s refusal is the error', async () => {
    const agentToken = await relay.addDevice('front desk', 'agent', [LINE]);
    const agent = createConsoleCore({ dbPath: join(dir, 'agent.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: agentToken }) });
    await agent.start();
    try {
      const result = await dispatchApiCall(agent.handlers, 'billing.definePlan', { planId: 'x', name: 'X', period: 'monthly', priceMinor: 1, currency: 'USD', includedSeconds: 60 });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/\(403\)/) });
    } finally {
      await agent.stop();
    }
  });
});
