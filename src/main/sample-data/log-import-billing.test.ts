import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { runRelayCli, startRelayProcess } from '../../../tests/support/relay-process';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { namespacedCallId } from '../../shared/events/model';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

const LINE = '+16175550199';
const ADA = '+16175550100';
const DAY = 86_400_000;
const SECRET = Buffer.alloc(32, 7).toString('base64');
const dir = mkdtempSync(path.join(tmpdir(), 'ringside-import-billing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (ms: number) => new Date(ms).toISOString();
const consoleLine = (ms: number, event: Record<string, unknown>) => ({ receivedAt: at(ms), event: { occurredAt: at(ms), ...event } });

it('history imported with `log import` before the relay starts: a console catching up bills a call from 90 days ago in that period, and today’s period has none of it', async () => {
  const dataDir = path.join(dir, 'relay');
  const today = Math.floor(Date.now() / DAY) * DAY;
  const recorded = today - 120 * DAY;
  const startDate = at(today - 100 * DAY).slice(0, 10);
  const callStart = today - 90 * DAY + 10 * 3_600_000;
  const openPhoneCallId = newCallId();
  const ringing = callRingingEvent({ callId: openPhoneCallId, from: ADA, to: LINE, at: new Date(callStart) });
  const completed = callCompletedEvent({ callId: openPhoneCallId, from: ADA, to: LINE, createdAt: new Date(callStart), answeredAt: new Date(callStart + 5_000), completedAt: new Date(callStart + 605_000) });
  const file = path.join(dir, 'history.jsonl');
  const lines = [
    consoleLine(recorded, { id: 'customer-ada', type: 'customer.upserted', data: { customerId: 'c-ada', name: 'Ada Lovelace', company: null, email: null, phones: [ADA] } }),
    consoleLine(recorded, { id: 'plan-hour', type: 'plan.defined', data: { planId: 'hour', name: 'One hour', period: 'monthly', priceMinor: 9900, currency: 'USD', includedSeconds: 3600, incrementSeconds: 60 } }),
    consoleLine(Date.parse(`${startDate}T00:00:00Z`), { id: 'sub-ada', type: 'subscription.started', data: { subscriptionId: 's-ada', customerId: 'c-ada', planId: 'hour', startDate } }),
    { receivedAt: at(callStart + 1_000), provider: 'openphone', payload: JSON.parse(ringing.body) },
    { receivedAt: at(callStart + 606_000), provider: 'openphone', payload: JSON.parse(completed.body) },
  ];
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const run = await runRelayCli(['log', 'import', file], { RELAY_DATA_DIR: dataDir, OPENPHONE_WEBHOOK_SECRET: SECRET, RELAY_LOG_LEVEL: 'warn' });
  expect(run.code, run.stderr).toBe(0);

  const relay = await startRelayProcess({ dataDir, secretBase64: SECRET });
  const token = await relay.addDevice('owner', 'admin');
  const core = createConsoleCore({ dbPath: path.join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token }), backoff: { baseMs: 50, capMs: 300 } });
  const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> => {
    const result = await dispatchApiCall(core.handlers, method, input);
    if (!result.ok) throw new Error(result.error);
    return result.value as ApiOutputs[M];
  };
  try {
    await core.start();
    await vi.waitFor(async () => expect((await call('link.status', {})).appliedSeq).toBeGreaterThanOrEqual(5), { timeout: 15_000 });
    const charges = await call('billing.charges', { limit: 10 });
    expect(charges).toEqual([expect.objectContaining({ callId: namespacedCallId('openphone', openPhoneCallId), customerId: 'c-ada', startedAt: at(callStart), billableSeconds: 600 })]);
    expect(charges[0]!.trace.join(' ')).not.toMatch(/Late/);
    const [subscription] = await call('billing.subscriptions', {});
    expect(subscription).toMatchObject({ state: 'active', usedSeconds: 0, remainingSeconds: 3600 });
    expect(Date.parse(subscription!.periodStartsOn ?? '')).toBeGreaterThan(today - 32 * DAY);
    // The period the call was in has its own invoice, months ago.
    const invoices = await call('billing.invoices', { limit: 10 });
    expect(invoices.map((invoice) => invoice.periodStart)).toContain(startDate);
  } finally {
    await core.stop();
    await relay.stop();
  }
}, 60_000);
