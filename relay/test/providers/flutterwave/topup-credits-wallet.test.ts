import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayAccounts } from '../../../src/accounts/relay-accounts';
import { openRelayDatabase } from '../../../src/database';
import { CUSTOMER, createLink, paymentsOf, sleep, startFlutterwaveRelay, until, type FlutterwaveRelay } from './flutterwave-relay';

/**
 * What the relay's accounts (the shared billing fold, issue 13 §1) make of a Flutterwave top-up:
 * the wallet of the customer grows by the verified amount once, however often the webhook comes.
 * The accounts are read from a copy of the relay's data directory after it stopped.
 */

let t: FlutterwaveRelay;

beforeAll(async () => {
  t = await startFlutterwaveRelay();
});

afterAll(async () => {
  await t?.stop();
});

describe('a Flutterwave top-up in the relay accounts', () => {
  it('credits the wallet by the verified amount once, whatever the replays; a declined card credits nothing', async () => {
    const paid = await createLink(t.relay, t.agent, { amountMinor: 4000 });
    const declined = await createLink(t.relay, t.agent, { amountMinor: 9900 });
    const { transaction, webhook } = await t.fw.pay(paid.body.url as string);
    const refused = await t.fw.pay(declined.body.url as string, { outcome: 'failed' });
    await until('both outcomes', () => paymentsOf(t.relay, transaction.id).length > 0 && paymentsOf(t.relay, refused.transaction.id).length > 0);
    await Promise.all([t.fw.replayWebhook(webhook.id), t.fw.replayWebhook(webhook.id), t.fw.replayWebhook(refused.webhook.id)]);
    await sleep(1000);
    await t.relay.kill('SIGTERM');

    const copy = mkdtempSync(path.join(tmpdir(), 'ringside-accounts-'));
    try {
      cpSync(t.relay.dataDir, copy, { recursive: true });
      const db = openRelayDatabase(copy);
      try {
        const standing = RelayAccounts.open(db).standingOfCustomer(CUSTOMER.customerId, Date.now());
        expect(standing).toMatchObject({ customerId: CUSTOMER.customerId, walletBalanceMinor: 4000, currency: 'USD' });
      } finally {
        db.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
