import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentLinkAnswerSchema } from '../../../../src/shared/relay-rest/payments';
import { assistantRequest, newVapiCall } from '../../../../tools/emulators/vapi/messages';
import { requestAssistant } from '../../../../tools/emulators/vapi/server-url';
import type { VapiAuth } from '../../../../tools/emulators/vapi/signature';
import { createLink, CUSTOMER, paymentsOf, startFlutterwaveRelay, until, type FlutterwaveRelay } from '../flutterwave/flutterwave-relay';
import { emptyWallet } from './vapi-accounts';

/**
 * Issue 13 §6 end to end, through one real relay with the Vapi and Flutterwave emulators:
 * a Vapi caller whose wallet is empty is refused; the customer pays a Flutterwave top-up
 * link, its webhook is replayed, the wallet is credited once; the next Vapi call is served
 * with exactly that credit.
 */

const LINE = '+15559870002';
const SECRET = 'vapi-top-up-test-secret';
const AUTH: VapiAuth = { mode: 'secret', secret: SECRET };
let t: FlutterwaveRelay;

beforeAll(async () => {
  t = await startFlutterwaveRelay({ env: { VAPI_SECRET: SECRET, VAPI_ASSISTANT_ID: 'asst-front-desk' } });
  await emptyWallet({ url: t.relay.url, token: t.admin }, CUSTOMER.customerId);
});

afterAll(async () => {
  await t?.stop();
});

describe('an empty wallet topped up through Flutterwave', () => {
  it('is refused by the AI agent, credited once however often the payment webhook comes, and then served', async () => {
    const caller = CUSTOMER.phones[0]!;
    const call = () => requestAssistant(`${t.relay.url}/webhooks/vapi`, assistantRequest(newVapiCall(LINE, caller)), AUTH);
    expect(await call()).toMatchObject({ kind: 'rejected', endedReason: 'assistant-request-returned-error' });

    const created = await createLink(t.relay, t.admin, { amountMinor: 5000, currency: 'USD' });
    expect(created.status).toBe(201);
    const { transaction, webhook } = await t.fw.pay(paymentLinkAnswerSchema.parse(created.body).url);
    await until('payment.received', () => paymentsOf(t.relay, transaction.id).length > 0);
    await Promise.all([t.fw.replayWebhook(webhook.id), t.fw.replayWebhook(webhook.id)]);
    await until('the replays answered', () => t.fw.deliveries().filter((d) => d.body === webhook.body).length === 3 && t.fw.deliveries().every((d) => d.delivered));
    expect(paymentsOf(t.relay, transaction.id)).toHaveLength(1);

    expect(await call()).toMatchObject({ kind: 'assistant', assistantId: 'asst-front-desk', variables: { customerName: CUSTOMER.name, remainingTime: '$50.00 of credit' } });
  });
});
