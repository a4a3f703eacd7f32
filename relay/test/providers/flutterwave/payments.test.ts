import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentLinkAnswerSchema } from '../../../../src/shared/relay-rest/payments';
import { StreamClient } from '../../support/stream-client';
import { CUSTOMER, createLink, paymentsOf, sleep, startFlutterwaveRelay, storedEvents, until, type FlutterwaveRelay } from './flutterwave-relay';

/**
 * Flutterwave top-ups end to end: a real relay process and the Flutterwave emulator on
 * loopback. Value comes only from Flutterwave's verification endpoint, once per transaction.
 */

let t: FlutterwaveRelay;

beforeAll(async () => {
  t = await startFlutterwaveRelay();
});

afterAll(async () => {
  await t?.stop();
});

async function topUpLink(amountMinor = 5000, currency = 'USD'): Promise<string> {
  const created = await createLink(t.relay, t.agent, { amountMinor, currency });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return paymentLinkAnswerSchema.parse(created.body).url;
}

describe('a top-up', () => {
  it('paid on the link the relay made gives one payment.received with the verified amount, however often its webhook is replayed or resent', async () => {
    const created = await createLink(t.relay, t.agent, { amountMinor: 5000, currency: 'USD' });
    expect(created.status).toBe(201);
    const answer = paymentLinkAnswerSchema.parse(created.body);
    expect(answer.duplicate).toBe(false);
    const link = t.fw.paymentLinks().find((l) => l.txRef === answer.linkId)!;
    expect(link).toMatchObject({ amount: 50, currency: 'USD', email: CUSTOMER.email, status: 'open' });
    expect(storedEvents(t.relay, 'seq = ?', answer.seq)[0]).toMatchObject({ type: 'payment_link.created', source: 'flutterwave', data: { linkId: answer.linkId, customerId: CUSTOMER.customerId, amountMinor: 5000, url: answer.url, by: 'Front desk' } });

    const { transaction, webhook } = await t.fw.pay(answer.url);
    expect(webhook.attempts[0]!.status).toBe(200);
    const [received] = await until('payment.received', () => paymentsOf(t.relay, transaction.id).length > 0 && paymentsOf(t.relay, transaction.id));
    expect(received).toMatchObject({
      id: `flutterwave:${transaction.id}`,
      type: 'payment.received',
      source: 'flutterwave',
      data: { paymentId: `flutterwave:${transaction.id}`, provider: 'flutterwave', transactionId: String(transaction.id), reference: answer.linkId, customerId: CUSTOMER.customerId, purpose: 'top_up', planId: null, subscriptionId: null, amountMinor: 5000, currency: 'USD' },
    });

    await Promise.all([t.fw.replayWebhook(webhook.id), t.fw.replayWebhook(webhook.id), t.fw.replayWebhook(webhook.id)]);
    await fetch(`${t.fw.apiBase}/transactions/${transaction.id}/resend-hook`, { method: 'POST', headers: { authorization: `Bearer ${t.fw.secretKey}` } });
    await until('the resent webhook', () => t.fw.deliveries().filter((d) => d.body === webhook.body).length === 5 && t.fw.deliveries().every((d) => d.delivered));
    await sleep(1000);
    expect(paymentsOf(t.relay, transaction.id)).toHaveLength(1);
    const verifications = t.fw.requests().filter((r) => r.path === `/v3/transactions/${transaction.id}/verify`);
    expect(verifications.length).toBeGreaterThanOrEqual(1);
  });

  it("reaches an agent's console: the link and the payment carry every line of the team", async () => {
    const url = await topUpLink(700);
    const { transaction } = await t.fw.pay(url);
    await until('payment.received', () => paymentsOf(t.relay, transaction.id).length > 0);
    const stream = await StreamClient.open(t.relay.wsUrl, t.agent, 0);
    try {
      // Another connection sees the payment once it is committed; a stream sends it once it is synced to disk, a moment later under load.
      const paid = (c: StreamClient) => c.events().some((e) => e.event.type === 'payment.received' && e.event.data.transactionId === String(transaction.id));
      await stream.waitFor((c) => c.caughtUp() && paid(c), 'payment.received on the stream');
      const seen = stream.events().map((e) => e.event);
      expect(seen.some((e) => e.type === 'payment_link.created' && e.data.url === url)).toBe(true);
    } finally {
      await stream.close();
    }
  });

  it('the same request twice (a console retrying) answers the same link and makes no second one at Flutterwave', async () => {
    const body = { requestId: 'retry-of-one-press', amountMinor: 2500 };
    const before = t.fw.paymentLinks().length;
    const [first, second] = await Promise.all([createLink(t.relay, t.admin, body), createLink(t.relay, t.admin, body)]);
    const third = await createLink(t.relay, t.admin, body);
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(second.body.linkId).toBe(first.body.linkId);
    expect(third.body).toMatchObject({ linkId: first.body.linkId, url: first.body.url, seq: first.body.seq, duplicate: true });
    expect(t.fw.paymentLinks().length).toBe(before + 1);
    expect(storedEvents(t.relay, "type = 'payment_link.created' AND json_extract(event, '$.data.linkId') = ?", first.body.linkId)).toHaveLength(1);
  });

  it('in a currency without cents (UGX) is refused in plain words before Flutterwave is asked: it would charge 100 times the amount', async () => {
    const before = t.fw.paymentLinks().length;
    const refused = await createLink(t.relay, t.agent, { amountMinor: 5_000_000, currency: 'UGX' });
    expect(refused).toMatchObject({ status: 400, body: { error: 'Payments in UGX are not supported yet: Ringside bills in currencies with cents.' } });
    expect(t.fw.paymentLinks().length).toBe(before);
  });

  it('many deliveries of one webhook at the same time give one payment', async () => {
    const url = await topUpLink(1234);
    t.fw.setWebhookUrl(undefined);
    const { transaction, webhook } = await t.fw.pay(url);
    t.fw.setWebhookUrl(`${t.relay.url}/webhooks/flutterwave`);
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${t.relay.url}/webhooks/flutterwave`, { method: 'POST', headers: { 'content-type': 'application/json', 'verif-hash': t.fw.secretHash }, body: webhook.body })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    await until('payment.received', () => paymentsOf(t.relay, transaction.id).length > 0);
    await sleep(500);
    expect(paymentsOf(t.relay, transaction.id).map((e) => [e.type, e.data.amountMinor])).toEqual([['payment.received', 1234]]);
  });
});

describe('a webhook that never came', () => {
  it('is made up for by the look-up of recent links by reference: the payment is verified and credited once', async () => {
    const url = await topUpLink(3300);
    t.fw.setWebhookUrl(undefined);
    const { transaction } = await t.fw.pay(url);
    t.fw.setWebhookUrl(`${t.relay.url}/webhooks/flutterwave`);
    const [received] = await until('payment.received from the look-up', () => paymentsOf(t.relay, transaction.id).length > 0 && paymentsOf(t.relay, transaction.id), 20_000);
    expect(received!.data).toMatchObject({ amountMinor: 3300, customerId: CUSTOMER.customerId });
    expect(t.fw.requests().some((r) => r.path === '/v3/transactions/verify_by_reference')).toBe(true);
    await sleep(5000);
    expect(paymentsOf(t.relay, transaction.id)).toHaveLength(1);
  });
});

describe('a webhook verification disagrees with', () => {
  const failureOf = async (transactionId: number) => {
    const [event] = await until('payment.failed', () => paymentsOf(t.relay, transactionId).length > 0 && paymentsOf(t.relay, transactionId));
    await sleep(300);
    expect(paymentsOf(t.relay, transactionId)).toHaveLength(1);
    expect(event!.type).toBe('payment.failed');
    return event!;
  };

  it('an underpayment is payment.failed in plain words, never credited', async () => {
    const { transaction } = await t.fw.pay(await topUpLink(5000), { amount: 10 });
    const failed = await failureOf(transaction.id);
    expect(failed.data).toMatchObject({ customerId: CUSTOMER.customerId, purpose: 'top_up', amountMinor: 1000, currency: 'USD' });
    expect(failed.data.reason).toBe('The customer paid $10.00, less than the $50.00 asked. Nothing was credited: refund it in Flutterwave\'s dashboard or credit it by hand.');
  });

  it('another currency is payment.failed', async () => {
    const { transaction } = await t.fw.pay(await topUpLink(5000), { currency: 'NGN' });
    expect((await failureOf(transaction.id)).data.reason).toContain('the link asked for $50.00');
  });

  it('a declined card is payment.failed saying so', async () => {
    const { transaction } = await t.fw.pay(await topUpLink(5000), { outcome: 'failed' });
    expect((await failureOf(transaction.id)).data.reason).toBe('The payment of $50.00 did not go through. Flutterwave says: Insufficient funds. Nothing was charged.');
  });

  it('a signed webhook claiming success for a declined charge is believed only as far as verification goes', async () => {
    const url = await topUpLink(5000);
    t.fw.setWebhookUrl(undefined);
    const { transaction } = await t.fw.pay(url, { outcome: 'failed' });
    t.fw.setWebhookUrl(`${t.relay.url}/webhooks/flutterwave`);
    await t.fw.sendChargeWebhook(transaction.id, { status: 'successful', amount: 5000000, currency: 'USD' });
    expect((await failureOf(transaction.id)).data.amountMinor).toBe(5000);
  });

  it('a transaction Flutterwave never made gives nothing', async () => {
    const delivery = await t.fw.sendForgedChargeWebhook({ id: 99999991, tx_ref: 'rs-topup-forged', amount: 100000, currency: 'USD', status: 'successful' });
    expect(delivery.attempts[0]!.status).toBe(200);
    await until('its verification', () => t.fw.requests().some((r) => r.path === '/v3/transactions/99999991/verify'));
    await sleep(500);
    expect(paymentsOf(t.relay, 99999991)).toEqual([]);
    const alert = await until('its alert', () => storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = 'flutterwave:unconfirmed:99999991'")[0]);
    expect(alert.data.message).toMatch(/^A Flutterwave webhook named payment 99999991, but Flutterwave does not confirm it \(HTTP 4\d\d: .+\)\. Nothing is credited until it does; Ringside keeps asking\./);
  });

  it('a reference the relay never issued is payment.failed for no customer', async () => {
    await fetch(`${t.fw.apiBase}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.fw.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tx_ref: 'someone-elses-shop-1', amount: 75, currency: 'USD', redirect_url: 'https://shop.test/done', customer: { email: 'other@shop.test' } }),
    });
    const { transaction } = await t.fw.pay('someone-elses-shop-1');
    const failed = await failureOf(transaction.id);
    expect(failed.data).toMatchObject({ customerId: null, purpose: null, reference: 'someone-elses-shop-1', amountMinor: 7500 });
    expect(failed.data.reason).toMatch(/^A payment from other@shop.test matched no Ringside link or subscription: Flutterwave took \$75\.00 under the reference someone-elses-shop-1/);
  });

  it('none of them credited anything', () => {
    const received = storedEvents(t.relay, "type = 'payment.received'");
    expect(received.every((e) => e.data.customerId === CUSTOMER.customerId && e.data.amountMinor <= 5000)).toBe(true);
  });
});

describe('Flutterwave unavailable', () => {
  // The forged transaction above is still asked about (Flutterwave never confirms it): outages are for the others.
  const verifyOfRealOnes = /^GET \/v3\/transactions\/(?!99999991\/)\d+\/verify$/;

  it('a verification endpoint that fails is tried again until it answers: one payment, an alert raised and then cleared', async () => {
    const url = await topUpLink(4200);
    t.fw.disrupt(verifyOfRealOnes, 4, { status: 503 });
    const { transaction } = await t.fw.pay(url);
    await until('payment.received after the outage', () => paymentsOf(t.relay, transaction.id).length > 0, 30_000);
    const calls = t.fw.requests().filter((r) => r.path === `/v3/transactions/${transaction.id}/verify`).map((r) => r.status);
    expect(calls).toEqual([503, 503, 503, 503, 200]);
    expect(paymentsOf(t.relay, transaction.id).map((e) => e.type)).toEqual(['payment.received']);
    const alerts = await until('the alert cleared', () => {
      const found = storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = 'flutterwave:verification'");
      return found.some((e) => e.data.state === 'cleared') && found;
    });
    expect(alerts.map((e) => e.data.state)).toEqual(['raised', 'cleared']);
    expect(alerts[0]!.data.message).toMatch(/^Ringside cannot confirm 1 Flutterwave payment with Flutterwave/);
  });

  it('a verification Flutterwave refuses (404, a firewall 403) is asked again, not dropped: its own alert is raised, then cleared when the payment is credited', async () => {
    const url = await topUpLink(4400);
    t.fw.disrupt(verifyOfRealOnes, 2, { status: 404 });
    t.fw.disrupt(verifyOfRealOnes, 1, { status: 403 });
    const outageAlerts = storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = 'flutterwave:verification'").length;
    const { transaction } = await t.fw.pay(url);
    await until('payment.received after the refusals', () => paymentsOf(t.relay, transaction.id).length > 0, 30_000);
    const calls = t.fw.requests().filter((r) => r.path === `/v3/transactions/${transaction.id}/verify`).map((r) => r.status);
    expect(calls).toEqual([404, 404, 403, 200]);
    expect(paymentsOf(t.relay, transaction.id).map((e) => [e.type, e.data.amountMinor])).toEqual([['payment.received', 4400]]);
    const alerts = await until('its alert cleared', () => {
      const found = storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = ?", `flutterwave:unconfirmed:${transaction.id}`);
      return found.some((e) => e.data.state === 'cleared') && found;
    });
    expect(alerts[0]!.data.message).toMatch(new RegExp(`^A Flutterwave webhook named payment ${transaction.id}, but Flutterwave does not confirm it \\(HTTP 404`));
    expect(alerts.at(-1)!.data.state).toBe('cleared');
    expect(storedEvents(t.relay, "type = 'relay.alert' AND json_extract(event, '$.data.alertId') = 'flutterwave:verification'")).toHaveLength(outageAlerts);
  });

  it('a relay killed while verifying verifies again after its restart, and credits once', async () => {
    const url = await topUpLink(3100);
    t.fw.disrupt(verifyOfRealOnes, 1, { delayMs: 4000 });
    const { transaction, webhook } = await t.fw.pay(url);
    expect(webhook.attempts[0]!.status).toBe(200);
    await sleep(500);
    expect(paymentsOf(t.relay, transaction.id)).toEqual([]);
    await t.relay.kill('SIGKILL');
    await t.relay.restart();
    t.fw.setWebhookUrl(`${t.relay.url}/webhooks/flutterwave`);
    await until('payment.received after the restart', () => paymentsOf(t.relay, transaction.id).length > 0, 20_000);
    await sleep(4000);
    expect(paymentsOf(t.relay, transaction.id).map((e) => [e.type, e.data.amountMinor])).toEqual([['payment.received', 3100]]);
  });
});
