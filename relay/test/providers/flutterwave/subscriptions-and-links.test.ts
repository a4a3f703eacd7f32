import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess } from '../../../../tests/support/relay-process';
import { CUSTOMER, createLink, paymentsOf, postConsoleEvent, sleep, startFlutterwaveRelay, storedEvents, until, type FlutterwaveRelay } from './flutterwave-relay';

/**
 * Subscriptions paid through Flutterwave, and the refusals of POST /v1/payments/links, against
 * a real relay process and the Flutterwave emulator on loopback.
 */

let t: FlutterwaveRelay;
let flutterwavePlanId: number;

beforeAll(async () => {
  t = await startFlutterwaveRelay({
    beforeRelay: async (fw) => {
      const answer = await fetch(`${fw.apiBase}/payment-plans`, { method: 'POST', headers: { authorization: `Bearer ${fw.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Growth', amount: 199, interval: 'monthly', currency: 'USD' }) });
      flutterwavePlanId = ((await answer.json()) as { data: { id: number } }).data.id;
      return { FLUTTERWAVE_PAYMENT_PLANS: `growth=${flutterwavePlanId}` };
    },
  });
  await postConsoleEvent(t.relay, t.admin, { id: 'plan-growth-1', type: 'plan.defined', occurredAt: new Date().toISOString(), data: { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 36_000 } });
  await postConsoleEvent(t.relay, t.admin, { id: 'cust-noemail-1', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { customerId: 'cust-noemail', name: 'Bo Reed', company: null, email: null, phones: ['+16175550177'], quickbooksId: null } });
});

afterAll(async () => {
  await t?.stop();
});

describe('a subscription paid through Flutterwave', () => {
  it('starts with the first payment, renews with each charge Flutterwave makes, and a cancellation at Flutterwave cancels it in Ringside', async () => {
    const created = await createLink(t.relay, t.admin, { purpose: 'subscription', planId: 'growth', amountMinor: 19900 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(t.fw.paymentLinks().find((l) => l.txRef === created.body.linkId)).toMatchObject({ paymentPlan: flutterwavePlanId, amount: 199 });

    const first = await t.fw.pay(created.body.url as string);
    const [started] = await until('the first payment', () => paymentsOf(t.relay, first.transaction.id).length > 0 && paymentsOf(t.relay, first.transaction.id));
    expect(started).toMatchObject({ type: 'payment.received', data: { purpose: 'subscription', planId: 'growth', subscriptionId: `flutterwave:${CUSTOMER.customerId}:growth`, reference: created.body.linkId, amountMinor: 19900 } });

    const subscription = t.fw.subscriptions().find((s) => s.customer.customer_email === CUSTOMER.email)!;
    const renewal = await t.fw.renewSubscription(subscription.id);
    const [renewed] = await until('the renewal', () => paymentsOf(t.relay, renewal.transaction.id).length > 0 && paymentsOf(t.relay, renewal.transaction.id));
    expect(renewed).toMatchObject({ type: 'payment.received', data: { purpose: 'subscription', planId: 'growth', subscriptionId: `flutterwave:${CUSTOMER.customerId}:growth`, reference: renewal.transaction.tx_ref, customerId: CUSTOMER.customerId } });

    const declined = await t.fw.renewSubscription(subscription.id, { outcome: 'failed' });
    const [failed] = await until('the failed renewal', () => paymentsOf(t.relay, declined.transaction.id).length > 0 && paymentsOf(t.relay, declined.transaction.id));
    expect(failed).toMatchObject({ type: 'payment.failed', data: { purpose: 'subscription', customerId: CUSTOMER.customerId } });

    await t.fw.cancelSubscription(subscription.id);
    const [cancelled] = await until('subscription.cancelled', () => {
      const found = storedEvents(t.relay, "type = 'subscription.cancelled'");
      return found.length > 0 && found;
    });
    expect(cancelled).toMatchObject({ source: 'flutterwave', id: `flutterwave:subscription-cancelled:${subscription.id}:after:${renewed!.seq}`, data: { subscriptionId: `flutterwave:${CUSTOMER.customerId}:growth`, effectiveDate: new Date().toISOString().slice(0, 10) } });
  });

  it('a signed cancellation of a subscription Flutterwave still lists as active cancels nothing', async () => {
    const created = await createLink(t.relay, t.admin, { purpose: 'subscription', planId: 'growth', amountMinor: 19900 });
    await t.fw.pay(created.body.url as string);
    const active = t.fw.subscriptions().find((s) => s.status === 'active')!;
    const readsBefore = t.fw.requests().filter((r) => r.path === '/v3/subscriptions').length;
    const body = JSON.stringify({ event: 'subscription.cancelled', data: { ...active, status: 'cancelled' } });
    const answer = await fetch(`${t.relay.url}/webhooks/flutterwave`, { method: 'POST', headers: { 'content-type': 'application/json', 'verif-hash': t.fw.secretHash }, body });
    expect(answer.status).toBe(200);
    await until('the read back', () => t.fw.requests().filter((r) => r.path === '/v3/subscriptions').length > readsBefore);
    await sleep(500);
    expect(storedEvents(t.relay, "type = 'subscription.cancelled' AND event_id LIKE ?", `flutterwave:subscription-cancelled:${active.id}:%`)).toEqual([]);
  });

  it('cancelled, reactivated at Flutterwave and renewed, then cancelled again: the second cancellation reaches Ringside too, and a redelivered one adds nothing', async () => {
    const created = await createLink(t.relay, t.admin, { purpose: 'subscription', planId: 'growth', amountMinor: 19900 });
    const first = await t.fw.pay(created.body.url as string);
    await until('the first payment', () => paymentsOf(t.relay, first.transaction.id).length > 0);
    const subscription = t.fw.subscriptions().filter((s) => s.customer.customer_email === CUSTOMER.email && s.status === 'active').at(-1)!;
    const cancellations = () => storedEvents(t.relay, "type = 'subscription.cancelled' AND event_id LIKE ?", `flutterwave:subscription-cancelled:${subscription.id}:%`);
    const once = await t.fw.cancelSubscription(subscription.id);
    await until('the first cancellation', () => cancellations().length === 1);

    const activated = await fetch(`${t.fw.apiBase}/subscriptions/${subscription.id}/activate`, { method: 'PUT', headers: { authorization: `Bearer ${t.fw.secretKey}` } });
    expect(activated.status).toBe(200);
    const renewal = await t.fw.renewSubscription(subscription.id);
    await until('the renewal', () => paymentsOf(t.relay, renewal.transaction.id).length > 0);
    await t.fw.cancelSubscription(subscription.id);
    const both = await until('the second cancellation', () => cancellations().length === 2 && cancellations());
    expect(both.map((e) => e.data.subscriptionId)).toEqual([`flutterwave:${CUSTOMER.customerId}:growth`, `flutterwave:${CUSTOMER.customerId}:growth`]);

    // Flutterwave delivering the same cancellation again is no third one.
    const again = await fetch(`${t.relay.url}/webhooks/flutterwave`, { method: 'POST', headers: { 'content-type': 'application/json', 'verif-hash': t.fw.secretHash }, body: (once as { body: string }).body });
    expect(again.status).toBe(200);
    await sleep(1000);
    expect(cancellations()).toHaveLength(2);
  });
});

describe('a charge not made on a Ringside link', () => {
  it("by a subscriber's email but naming no payment plan (the business's shop, a payment page) is no renewal: nothing of value, and an alert says whose it was", async () => {
    expect(t.fw.subscriptions().some((s) => s.customer.customer_email === CUSTOMER.email && s.status === 'active')).toBe(true);
    await fetch(`${t.fw.apiBase}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.fw.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tx_ref: 'shop-order-250', amount: 250, currency: 'USD', redirect_url: 'https://shop.test/done', customer: { email: CUSTOMER.email } }),
    });
    const { transaction } = await t.fw.pay('shop-order-250');
    const [failed] = await until('its verification', () => paymentsOf(t.relay, transaction.id).length > 0 && paymentsOf(t.relay, transaction.id));
    expect(failed).toMatchObject({ type: 'payment.failed', data: { customerId: null, purpose: null, reference: 'shop-order-250', amountMinor: 25000 } });
    expect(failed!.data.reason).toMatch(new RegExp(`^A payment from ${CUSTOMER.email} matched no Ringside link or subscription`));
    const alert = await until('the alert', () => storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = ?", `flutterwave:payment:${transaction.id}`)[0]);
    expect(alert.data.message).toContain(`a payment from ${CUSTOMER.email} matched no Ringside link or subscription`.replace(/^a/, 'A'));
    expect(storedEvents(t.relay, "type = 'payment.received' AND json_extract(event, '$.data.reference') = 'shop-order-250'")).toEqual([]);
  });
});

describe('POST /v1/payments/links refuses', () => {
  it.each([
    ['an unknown customer', { customerId: 'cust-nobody' }, 404, 'This customer is not known to the relay yet'],
    ['a customer without an email', { customerId: 'cust-noemail' }, 422, 'Flutterwave needs an email address for Bo Reed'],
    ['a subscription for another price than the plan', { purpose: 'subscription', planId: 'growth', amountMinor: 100 }, 400, 'The Growth plan costs $199.00; the link must ask for exactly that.'],
    ['a top-up naming a plan', { planId: 'growth' }, 400, 'A top-up is not for a plan'],
    ['a zero amount', { amountMinor: 0 }, 400, 'the amount must be more than zero'],
    ['a currency Flutterwave refuses', { currency: 'ABC' }, 502, 'Flutterwave refused the payment link: Invalid currency'],
  ])('%s', async (_what, body, status, words) => {
    const answer = await createLink(t.relay, t.agent, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toContain(words);
  });

  it('a missing device token, and says Flutterwave could not be reached when it is down', async () => {
    expect((await fetch(`${t.relay.url}/v1/payments/links`, { method: 'POST', body: '{}' })).status).toBe(401);
    t.fw.disrupt(/^POST \/v3\/payments$/, 1, { status: 503 });
    const down = await createLink(t.relay, t.agent, {});
    expect(down).toMatchObject({ status: 502, body: { error: expect.stringContaining('Flutterwave could not be reached, so no link was made') } });
  });

  it('a secret key Flutterwave refuses: links answer 502 saying so, and a payment waits uncredited while every console is told at once', async () => {
    const wrong = await startFlutterwaveRelay({ env: { FLUTTERWAVE_SECRET_KEY: 'FLWSECK_TEST-not-the-right-one-X' } });
    try {
      expect(await createLink(wrong.relay, wrong.agent, {})).toMatchObject({ status: 502, body: { error: "Flutterwave refused the relay's secret key (FLUTTERWAVE_SECRET_KEY): ask the owner to check it." } });
      await fetch(`${wrong.fw.apiBase}/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${wrong.fw.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tx_ref: 'made-elsewhere-1', amount: 20, currency: 'USD', redirect_url: 'https://shop.test/done', customer: { email: CUSTOMER.email } }),
      });
      const { transaction } = await wrong.fw.pay('made-elsewhere-1');
      const [alert] = await until('the secret key alert', () => {
        const found = storedEvents(wrong.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = 'flutterwave:secret-key'");
        return found.length > 0 && found;
      });
      expect(alert!.data).toMatchObject({ state: 'raised', severity: 'critical', message: expect.stringMatching(/^Flutterwave refuses the relay's secret key \(FLUTTERWAVE_SECRET_KEY\), so payments cannot be confirmed and nothing is credited/) });
      await sleep(1500);
      expect(paymentsOf(wrong.relay, transaction.id)).toEqual([]);
      expect(wrong.fw.requests().filter((r) => r.path === `/v3/transactions/${transaction.id}/verify`).every((r) => r.status === 401)).toBe(true);
    } finally {
      await wrong.stop();
    }
  });

  it('503 in plain words, and webhooks 503, on a relay where Flutterwave is not set up', async () => {
    const bare = await startRelayProcess();
    try {
      const admin = await bare.addDevice('Back office', 'admin');
      const link = await createLink(bare, admin, {});
      expect(link).toMatchObject({ status: 503, body: { error: expect.stringContaining('Flutterwave is not set up on the relay yet') } });
      const webhook = await fetch(`${bare.url}/webhooks/flutterwave`, { method: 'POST', headers: { 'content-type': 'application/json', 'verif-hash': 'x' }, body: '{}' });
      expect(webhook.status).toBe(503);
      expect(((await webhook.json()) as { error: string }).error).toContain('FLUTTERWAVE_SECRET_HASH');
    } finally {
      await bare.stop();
    }
  });
});
