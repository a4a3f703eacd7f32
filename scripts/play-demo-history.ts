import { importCustomers } from '../src/main/customers/import-customers';
import { postConsoleEvent } from '../src/main/relay-link/post-console-event';
import { consoleEventRoles } from '../src/shared/events/model';
import type { DemoHistory } from '../src/main/sample-data/demo-history';
import { sendOpenPhoneWebhook } from '../tools/emulators/openphone/sender';

/**
 * Plays the demo's history (src/main/sample-data/demo-history.ts) through a relay, as
 * OpenPhone and the consoles would have sent it: the customers imported by an admin,
 * the webhooks signed with the relay's legacy OpenPhone key, the QuickBooks facts
 * posted by a bookkeeper. Every event is received "now", so billing puts the whole
 * history in the current periods: `npm run demo` imports it at its own times instead
 * (src/main/sample-data/demo-history-file.ts, `npm run relay -- log import`). Still used
 * by the README's picture (tests/e2e/readme-screenshot.spec.ts).
 */
export async function playDemoHistory(
  history: DemoHistory,
  relay: { url: string; adminToken: string; bookkeeperToken: string; legacySecretBase64: string },
): Promise<{ customers: number }> {
  const report = await importCustomers({ csv: history.customersCsv, relay: { url: relay.url, token: relay.adminToken }, region: 'US', concurrency: 16 });
  // A call's ringing before its completion, its transcript and summary after: three passes, each in parallel.
  const pass = (body: string): number => (/"type":"call\.ringing"/.test(body) ? 0 : /"type":"call\.(transcript|summary)\.completed"/.test(body) ? 2 : 1);
  for (const phase of [0, 1, 2]) {
    await forEachBounded(
      history.webhooks.filter((body) => pass(body) === phase),
      16,
      async (body) => {
        const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.legacySecretBase64 });
        if (answer.status >= 300) throw new Error(`the relay refused a history webhook (${answer.status}): ${answer.text}`);
      },
    );
  }
  // In order (a payment's balance follows the invoice's first one), by the bookkeeper, whose sync would have posted them;
  // what only an admin may post (the plans and subscriptions the demo adds) by the admin.
  for (const event of history.consoleEvents) {
    const byBookkeeper = (consoleEventRoles[event.type] as readonly string[]).includes('bookkeeper');
    await postConsoleEvent(relay.url, byBookkeeper ? relay.bookkeeperToken : relay.adminToken, event);
  }
  return { customers: report.accepted };
}

/** Runs `work` on every item with `concurrency` in flight; throws on the first failure. */
async function forEachBounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
