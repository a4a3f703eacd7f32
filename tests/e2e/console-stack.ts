import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test as base } from '@playwright/test';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import { startHarness, type Harness } from '../../src/main/harness/server';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { namespacedCallId } from '../../src/shared/events/model';
import { MemorySettingsStore } from '../../src/main/settings';
import {
  newGenerationCallAnsweredEvent,
  newGenerationCallCompletedEvent,
  newGenerationCallRingingEvent,
} from '../../tools/emulators/openphone/new-generation-payloads';
import { callCompletedEvent, callRingingEvent, newCallId, phoneNumberIdFor } from '../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook, type OpenPhoneGeneration } from '../../tools/emulators/openphone/sender';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';

/**
 * One real stack per Playwright worker: the relay as its own process, an admin
 * device token, the console core in a worker thread on a temporary SQLite file, and the browser
 * harness serving the built renderer (out/renderer; `npm test` builds it first).
 */
export interface ConsoleStack {
  relay: RelayProcess;
  core: ConsoleCore;
  harness: Harness;
  /** Posts a signed call.ringing to the relay, as legacy (default) or new-generation webhooks send it. */
  ring(call: { from: string; to?: string; at?: Date; callId?: string; generation?: OpenPhoneGeneration }): Promise<RingingCall>;
  /** Posts the signed call.answered of a new-generation call, 5 s after it rang (legacy webhooks have none). */
  answer(call: RingingCall): Promise<void>;
  /**
   * Posts the signed call.completed for a call answered 5 s after it rang that lasted
   * `talkSeconds` (ring it that long ago for it to end now).
   */
  complete(call: RingingCall, talkSeconds: number): Promise<void>;
  /** Posts the signed call.completed of a call nobody answered (no time used). */
  miss(call: RingingCall): Promise<void>;
}

export interface RingingCall {
  /** The call as the console knows it: OpenPhone's id namespaced by provider (`openphone:AC…`). */
  callId: string;
  /** OpenPhone's own call id, as the webhooks carry it. */
  openPhoneCallId: string;
  from: string;
  to: string;
  at: Date;
  generation: OpenPhoneGeneration;
}

/** The business line the test calls ring on. */
export const BUSINESS_LINE = '+16175550199';

/** The customers every test starts with; numbers are written as people type them. */
export const customers = {
  /** Subscriber, 2 h 30 min a month, 20 min already used this month (seeded below). */
  ada: { name: 'Ada Lovelace', phone: '+16175550142' },
  /** Subscriber with nothing used yet. */
  grace: { name: 'Grace Hopper', phone: '+16175550177' },
  /** No plan: pays per call. */
  charles: { name: 'Charles Babbage', phone: '+16175550123' },
};

function customersCsv(subscriptionStart: string): string {
  return [
    'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start',
    `Ada Lovelace,Analytical Engines Ltd,ada@example.com,(617) 555-0142,Priority Support,monthly,2.5,199.00,USD,${subscriptionStart}`,
    `Grace Hopper,Compiler Co,grace@example.com,+1 617 555 0177; 617-555-0178,Priority Support,monthly,2.5,199.00,USD,${subscriptionStart}`,
    'Charles Babbage,Difference Engines,charles@example.com,617.555.0123,,,,,,',
  ].join('\n');
}

/** Calls the console API the way a page does: through the contract's validation. */
export async function callApi<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

async function remainingOf(core: ConsoleCore, name: string): Promise<number | null | undefined> {
  const [found] = await callApi(core, 'customers.search', { query: name, limit: 1 });
  return found?.name === name ? found.remainingSeconds : undefined;
}

/** Imports the customers and uses 20 min of Ada's hours, then waits until the console has applied it all. */
async function seedCustomers(stack: ConsoleStack): Promise<void> {
  const monthsAgo = new Date();
  monthsAgo.setUTCDate(1);
  monthsAgo.setUTCMonth(monthsAgo.getUTCMonth() - 3);
  const report = await callApi(stack.core, 'customers.importCsv', {
    csv: customersCsv(monthsAgo.toISOString().slice(0, 10)),
    fileName: 'customers.csv',
  });
  expect(report).toEqual({ accepted: 3, rejected: [] });
  await expect.poll(() => remainingOf(stack.core, customers.ada.name), { timeout: 15_000 }).toBe(2.5 * 3600);
  const earlier = await stack.ring({ from: customers.ada.phone, at: new Date(Date.now() - 30 * 60_000) });
  await stack.complete(earlier, 20 * 60);
  await expect.poll(() => remainingOf(stack.core, customers.ada.name), { timeout: 15_000 }).toBe(2 * 3600 + 10 * 60);
}

const RENDERER_DIR = resolve(__dirname, '../../out/renderer');

const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

export const test = base.extend<object, { stack: ConsoleStack }>({
  stack: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ringside-e2e-'));
      // Both generations' signing keys, as OPENPHONE_WEBHOOK_SECRET lists them; new-generation
      // calls name the business line only by its phoneNumberId, which the relay maps.
      const keys: Record<OpenPhoneGeneration, string> = {
        legacy: randomBytes(32).toString('base64'),
        standard: `whsec_${randomBytes(32).toString('base64')}`,
      };
      const relay = await startRelayProcess({
        secretBase64: keys.legacy,
        env: {
          OPENPHONE_WEBHOOK_SECRET: `${keys.legacy},${keys.standard}`,
          OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(BUSINESS_LINE)}=${BUSINESS_LINE}`,
        },
      });
      const deviceToken = await relay.addDevice('e2e console', 'admin');
      const core = startConsoleCoreWorker({
        dbPath: join(dir, 'console.db'),
        settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken, phoneRegion: 'US' }),
        logger: quietLogger,
      });
      await core.start();
      const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });

      const post = async (generation: OpenPhoneGeneration, delivery: { body: string }): Promise<void> => {
        const answer = await sendOpenPhoneWebhook(relay.url, delivery.body, { secretBase64: keys[generation], generation });
        expect(answer.status, answer.text).toBeLessThan(300);
      };
      // Answered 5 s after it rang; times are whole seconds as OpenPhone sends them.
      const answeredAtOf = (call: RingingCall) => new Date(Math.ceil((call.at.getTime() + 5_000) / 1000) * 1000);
      const completion = (call: RingingCall, answeredAt: Date | null, completedAt: Date) => {
        const input = { callId: call.openPhoneCallId, from: call.from, to: call.to, createdAt: call.at, answeredAt, completedAt };
        return call.generation === 'legacy' ? callCompletedEvent(input) : newGenerationCallCompletedEvent(input);
      };
      const stack: ConsoleStack = {
        relay,
        core,
        harness,
        async ring({ from, to = BUSINESS_LINE, at = new Date(), callId = newCallId(), generation = 'legacy' }) {
          const parties = { callId, from, to, at };
          await post(generation, generation === 'legacy' ? callRingingEvent(parties) : newGenerationCallRingingEvent(parties));
          return { ...parties, callId: namespacedCallId('openphone', callId), openPhoneCallId: callId, generation };
        },
        async answer(call) {
          if (call.generation === 'legacy') throw new Error('legacy OpenPhone webhooks have no call.answered');
          await post(call.generation, newGenerationCallAnsweredEvent({ ...call, callId: call.openPhoneCallId, createdAt: call.at, answeredAt: answeredAtOf(call) }));
        },
        async complete(call, talkSeconds) {
          const answeredAt = answeredAtOf(call);
          await post(call.generation, completion(call, answeredAt, new Date(answeredAt.getTime() + talkSeconds * 1000)));
        },
        async miss(call) {
          await post(call.generation, completion(call, null, new Date(Math.max(Date.now(), call.at.getTime()))));
        },
      };
      await seedCustomers(stack);

      await use(stack);

      await harness.close();
      await core.stop();
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect };

/** The caller card of one call, wherever it is on the page. */
export function cardOf(page: import('@playwright/test').Page, callId: string) {
  return page.locator(`[data-testid="caller-card"][data-call-id="${callId}"]`);
}

/** Signed legacy OpenPhone webhooks for a relay of a test's own (its OPENPHONE_WEBHOOK_SECRET is `secretBase64`). */
export function legacyCallsOn(relayUrl: string, secretBase64: string) {
  const post = async (delivery: { body: string }): Promise<void> => {
    const answer = await sendOpenPhoneWebhook(relayUrl, delivery.body, { secretBase64, generation: 'legacy' });
    expect(answer.status, answer.text).toBeLessThan(300);
  };
  return {
    async ring({ from, to = BUSINESS_LINE, at = new Date() }: { from: string; to?: string; at?: Date }): Promise<RingingCall> {
      const parties = { callId: newCallId(), from, to, at };
      await post(callRingingEvent(parties));
      return { ...parties, callId: namespacedCallId('openphone', parties.callId), openPhoneCallId: parties.callId, generation: 'legacy' };
    },
    /** Answered 5 s after it rang, then `talkSeconds` of talk. */
    async complete(call: RingingCall, talkSeconds: number): Promise<void> {
      const answeredAt = new Date(Math.ceil((call.at.getTime() + 5_000) / 1000) * 1000);
      await post(callCompletedEvent({ callId: call.openPhoneCallId, from: call.from, to: call.to, createdAt: call.at, answeredAt, completedAt: new Date(answeredAt.getTime() + talkSeconds * 1000) }));
    },
    async miss(call: RingingCall): Promise<void> {
      await post(callCompletedEvent({ callId: call.openPhoneCallId, from: call.from, to: call.to, createdAt: call.at, answeredAt: null, completedAt: new Date(Math.max(Date.now(), call.at.getTime())) }));
    },
  };
}
