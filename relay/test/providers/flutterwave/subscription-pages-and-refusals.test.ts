import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER, createLink, paymentsOf, postConsoleEvent, startFlutterwaveRelay, storedEvents, until, type FlutterwaveRelay } from './flutterwave-relay';

/**
 * A subscription is read back from Flutterwave's paginated list (GET /v3/subscriptions?email=,
 * `meta.page_info`) before a renewal or a cancellation is believed: every page is read, and a
 * list Flutterwave refuses is asked again, with the owner told, never taken as "nothing there".
 * Real relay process and the Flutterwave emulator, one subscription per page.
 */

let t: FlutterwaveRelay;

beforeAll(async () => {
  t = await startFlutterwaveRelay({
    emulator: { listPageSize: 1 },
    beforeRelay: async (fw) => {
      const plan = async (name: string, amount: number) => {
        const answer = await fetch(`${fw.apiBase}/payment-plans`, { method: 'POST', headers: { authorization: `Bearer ${fw.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, amount, interval: 'monthly', currency: 'USD' }) });
        return ((await answer.json()) as { data: { id: number } }).data.id;
      };
      const growth = await plan('Growth', 199);
      // Ada already subscribes to the business's shop club, outside Ringside: that subscription fills page 1.
      const club = await plan('Shop club', 15);
      const link = await fetch(`${fw.apiBase}/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fw.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tx_ref: 'shop-club-ada', amount: '15', currency: 'USD', redirect_url: 'https://shop.example.test/done', customer: { email: CUSTOMER.email, name: CUSTOMER.name }, payment_plan: club }),
      });
      await fw.pay(((await link.json()) as { data: { link: string } }).data.link);
      return { FLUTTERWAVE_PAYMENT_PLANS: `growth=${growth}` };
    },
  });
  await postConsoleEvent(t.relay, t.admin, { id: 'plan-growth-pages', type: 'plan.defined', occurredAt: new Date().toISOString(), data: { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 36_000 } });
});

afterAll(async () => {
  await t?.stop();
});

const cancellationsOf = (subscriptionId: number) => storedEvents(t.relay, "type = 'subscription.cancelled' AND event_id LIKE ?", `flutterwave:subscription-cancelled:${subscriptionId}:%`);
const alertsOf = (alertId: string) => storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = ?", alertId);

async function subscribeAda(): Promise<number> {
  const before = new Set(t.fw.subscriptions().map((s) => s.id));
  const created = await createLink(t.relay, t.admin, { purpose: 'subscription', planId: 'growth', amountMinor: 19900 });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const first = await t.fw.pay(created.body.url as string);
  await until('the first payment', () => paymentsOf(t.relay, first.transaction.id).some((event) => event.type === 'payment.received'));
  return t.fw.subscriptions().find((s) => !before.has(s.id))!.id;
}

describe('a subscription on a later page of Flutterwave\'s list', () => {
  it('is renewed by its charge and cancelled by its cancellation, though page 1 shows another subscription of the same email', async () => {
    const subscription = await subscribeAda();
    const page1 = await fetch(`${t.fw.apiBase}/subscriptions?email=${encodeURIComponent(CUSTOMER.email)}`, { headers: { authorization: `Bearer ${t.fw.secretKey}` } });
    const listed = (await page1.json()) as { data: { id: number }[]; meta: { page_info: { total_pages: number } } };
    expect(listed.data.map((s) => s.id)).not.toContain(subscription);
    expect(listed.meta.page_info.total_pages).toBeGreaterThanOrEqual(2);

    const renewal = await t.fw.renewSubscription(subscription);
    const [renewed] = await until('the renewal', () => paymentsOf(t.relay, renewal.transaction.id).length > 0 && paymentsOf(t.relay, renewal.transaction.id));
    expect(renewed).toMatchObject({ type: 'payment.received', data: { purpose: 'subscription', planId: 'growth', customerId: CUSTOMER.customerId } });

    await t.fw.cancelSubscription(subscription);
    const [cancelled] = await until('the cancellation', () => cancellationsOf(subscription).length > 0 && cancellationsOf(subscription));
    expect(cancelled).toMatchObject({ id: `flutterwave:subscription-cancelled:${subscription}:after:${renewed!.seq}`, data: { subscriptionId: `flutterwave:${CUSTOMER.customerId}:growth` } });
  });
});

describe('a cancellation Flutterwave will not let Ringside read back', () => {
  it('is asked again with the backoff, the owner told in plain words, and settled once Flutterwave answers, the alert then cleared', async () => {
    const subscription = await subscribeAda();
    const alertId = `flutterwave:cancellation-unread:${subscription}`;
    t.fw.disrupt(/^GET \/v3\/subscriptions$/, 3, { status: 403 });
    await t.fw.cancelSubscription(subscription);
    const [raised] = await until('the alert', () => alertsOf(alertId).length > 0 && alertsOf(alertId));
    expect(raised!.data).toMatchObject({ state: 'raised' });
    expect(raised!.data.message).toBe(
      `Flutterwave says subscription ${subscription} of ${CUSTOMER.email} was cancelled, but does not let Ringside check it (HTTP 403: An error occurred. Please contact support). The subscription is still active in Ringside until Flutterwave shows it cancelled; Ringside keeps asking. Look it up in Flutterwave's dashboard.`,
    );
    await until('the cancellation', () => cancellationsOf(subscription).length === 1);
    await until('the alert cleared', () => alertsOf(alertId).some((event) => event.data.state === 'cleared'));
  });
});

describe('a renewal whose subscription list Flutterwave refuses', () => {
  it('waits and is matched once Flutterwave lists it, never recorded as a payment matching nothing', async () => {
    const subscription = await subscribeAda();
    t.fw.disrupt(/^GET \/v3\/subscriptions$/, 2, { status: 403 });
    const renewal = await t.fw.renewSubscription(subscription);
    const [renewed] = await until('the renewal', () => paymentsOf(t.relay, renewal.transaction.id).length > 0 && paymentsOf(t.relay, renewal.transaction.id));
    expect(renewed).toMatchObject({ type: 'payment.received', data: { purpose: 'subscription', planId: 'growth', customerId: CUSTOMER.customerId } });
    expect(paymentsOf(t.relay, renewal.transaction.id)).toHaveLength(1);
  });
});
