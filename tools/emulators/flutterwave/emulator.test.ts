import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlutterwaveEmulator } from './emulator';
import { createFlutterwaveEmulator, emulatorDefaults } from './emulator';
import { flutterwaveSignature } from './signature';

/** The Flutterwave emulator against docs/providers/flutterwave.md §13, over real HTTP on loopback. */

interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A merchant webhook endpoint that answers the queued statuses in turn (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/flutterwave`;
  return { url, received, statuses, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** What a receiver must check (written here independently of the emulator's signer). */
function authentic(r: Received, secretHash: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secretHash).update(r.body).digest('base64'));
  const given = Buffer.from(String(r.headers['flutterwave-signature'] ?? ''));
  return r.headers['verif-hash'] === secretHash && given.length === expected.length && timingSafeEqual(given, expected);
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Flutterwave emulator', () => {
  let fw: FlutterwaveEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const auth = { authorization: `Bearer ${emulatorDefaults.secretKey}`, 'content-type': 'application/json' };

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
    const res = await fetch(`${fw.apiBase}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary Flutterwave JSON
    return { status: res.status, body: (await res.json()) as { status: string; message: string; data: any } };
  };
  const topUp = (txRef: string, extra: Record<string, unknown> = {}) =>
    api('POST', '/payments', { tx_ref: txRef, amount: 50, currency: 'USD', redirect_url: 'https://relay.test/pay/done?k=1', customer: { email: 'ada@oakivy.test', name: 'Ada Oak', phonenumber: '+16175550100' }, meta: { ringsideCustomerId: 'cus_1', purpose: 'top_up' }, ...extra });

  beforeEach(async () => {
    receiver = await startReceiver();
    fw = createFlutterwaveEmulator({ webhookUrl: receiver.url, webhookRetryDelayMs: 20 });
    await fw.listen();
  });
  afterEach(async () => {
    await fw.close();
    await receiver.close();
  });

  it('signs flutterwave-signature as base64 HMAC-SHA256 of the raw body with the secret hash (vectors computed with openssl)', async () => {
    expect(flutterwaveSignature('{"event":"charge.completed","data":{"id":8100001,"amount":50}}', 'ringside-emulator-secret-hash')).toBe('emzrTugY8C5votUsXxUNwki0mN95u7eE3LnoqSNHX9Y=');
    expect(flutterwaveSignature('', 'ringside-emulator-secret-hash')).toBe('QZqTb9TP1Wn/aR4UwOl5mabH7bm8D+Bk8u6O9EqGjgY=');
    await topUp('vec-1');
    const { webhook } = await fw.pay('vec-1');
    expect(webhook.headers['flutterwave-signature']).toBe(flutterwaveSignature(webhook.body, emulatorDefaults.secretHash));
    expect(webhook.headers['verif-hash']).toBe(emulatorDefaults.secretHash);
  });

  it('refuses a missing or wrong secret key with 401 in the v3 error envelope, and creates nothing', async () => {
    const none = await api('POST', '/payments', { tx_ref: 'x' }, { 'content-type': 'application/json' });
    const wrong = await api('POST', '/payments', { tx_ref: 'x' }, { authorization: 'Bearer FLWSECK_TEST-wrong-X', 'content-type': 'application/json' });
    for (const r of [none, wrong]) expect(r).toEqual({ status: 401, body: { status: 'error', message: 'Invalid authorization key', data: null } });
    expect(fw.paymentLinks()).toEqual([]);
  });

  it('answers invalid payment requests 400 with a message naming the field', async () => {
    const base = { tx_ref: 'v-1', amount: 50, currency: 'USD', redirect_url: 'https://relay.test/done', customer: { email: 'a@b.test' } };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, tx_ref: undefined }, /tx_ref/],
      [{ ...base, amount: 'fifty' }, /amount/],
      [{ ...base, amount: 0 }, /amount/],
      [{ ...base, amount: 10.005 }, /amount/],
      [{ ...base, currency: 'XYZ' }, /currency/i],
      [{ ...base, redirect_url: 'not a url' }, /redirect_url/],
      [{ ...base, customer: {} }, /customer\.email/],
      [{ ...base, meta: [1] }, /meta/],
      [{ ...base, payment_plan: 999 }, /plan/i],
    ];
    for (const [body, message] of cases) {
      const r = await api('POST', '/payments', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.status).toBe('error');
      expect(r.body.data).toBeNull();
      expect(r.body.message).toMatch(message);
    }
    expect((await api('POST', '/payments', base)).status).toBe(200);
    expect((await api('POST', '/payments', base)).body.message).toMatch(/tx_ref/);
  });

  it('creates a hosted link; paying through the checkout page redirects with status, tx_ref and transaction_id and posts a signed charge.completed that verification agrees with', async () => {
    const created = await topUp('topup-1');
    expect(created.body).toMatchObject({ status: 'success', message: 'Hosted Link' });
    const link: string = created.body.data.link;
    const page = await fetch(link);
    expect(await page.text()).toContain('USD 50.00');

    const paid = await fetch(link, { method: 'POST', body: 'outcome=successful', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(paid.status).toBe(302);
    const back = new URL(paid.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('https://relay.test/pay/done');
    expect(back.searchParams.get('k')).toBe('1');
    expect(back.searchParams.get('status')).toBe('successful');
    expect(back.searchParams.get('tx_ref')).toBe('topup-1');
    const id = Number(back.searchParams.get('transaction_id'));

    await until(() => receiver.received.length === 1);
    const hook = receiver.received[0]!;
    expect(authentic(hook, emulatorDefaults.secretHash)).toBe(true);
    const event = JSON.parse(hook.body.toString('utf8'));
    expect(event).toMatchObject({ event: 'charge.completed', 'event.type': 'CARD_TRANSACTION', data: { id, tx_ref: 'topup-1', amount: 50, currency: 'USD', status: 'successful' }, meta_data: { ringsideCustomerId: 'cus_1' } });

    const verified = await api('GET', `/transactions/${id}/verify`);
    expect(verified.body).toMatchObject({ status: 'success', message: 'Transaction fetched successfully', data: { id, tx_ref: 'topup-1', status: 'successful', amount: 50, charged_amount: 50, currency: 'USD', meta: { purpose: 'top_up' }, customer: { email: 'ada@oakivy.test' } } });
    const byRef = await api('GET', '/transactions/verify_by_reference?tx_ref=topup-1');
    expect(byRef.body.data).toEqual(verified.body.data);
    // The link is spent: a second payment is refused.
    expect((await fetch(link, { method: 'POST', body: 'outcome=successful', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })).status).toBe(409);
  });

  it('a declined card posts charge.completed with status failed, leaves the link open, and a later success gets a new transaction id', async () => {
    await topUp('topup-2');
    const declined = await fw.pay('topup-2', { outcome: 'failed' });
    expect(JSON.parse(declined.webhook.body).data).toMatchObject({ status: 'failed', tx_ref: 'topup-2' });
    expect((await api('GET', `/transactions/${declined.transaction.id}/verify`)).body.data.status).toBe('failed');
    const good = await fw.pay('topup-2');
    expect(good.transaction.id).not.toBe(declined.transaction.id);
    expect((await api('GET', '/transactions/verify_by_reference?tx_ref=topup-2')).body.data.id).toBe(good.transaction.id);
  });

  it('closes the checkout after max_retry_attempt retries have failed', async () => {
    await topUp('max-1', { max_retry_attempt: 1 });
    await fw.pay('max-1', { outcome: 'failed' });
    await fw.pay('max-1', { outcome: 'failed' });
    expect(fw.paymentLinks().find((l) => l.txRef === 'max-1')!.status).toBe('failed');
    await expect(fw.pay('max-1')).rejects.toThrow(/failed/);
  });

  it('answers unknown references, bad JSON and unknown paths in the error envelope', async () => {
    expect(await api('GET', '/transactions/verify_by_reference?tx_ref=never-issued')).toEqual({ status: 400, body: { status: 'error', message: 'No transaction was found for this tx_ref', data: null } });
    const bad = await fetch(`${fw.apiBase}/payments`, { method: 'POST', headers: auth, body: '{"tx_ref":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 'error', data: null });
    expect((await api('GET', '/nothing-here')).status).toBe(404);
  });

  it('plays an outage of the verification endpoint: the next calls fail 503 in the error envelope (or answer late), then it answers again', async () => {
    await topUp('outage-1');
    const { transaction } = await fw.pay('outage-1');
    fw.disrupt(/^GET \/v3\/transactions\/\d+\/verify$/, 2);
    expect(await api('GET', `/transactions/${transaction.id}/verify`)).toEqual({ status: 503, body: { status: 'error', message: 'An error occurred. Please contact support', data: null } });
    expect((await api('GET', '/transactions/verify_by_reference?tx_ref=outage-1')).status).toBe(200);
    expect((await api('GET', `/transactions/${transaction.id}/verify`)).status).toBe(503);
    expect((await api('GET', `/transactions/${transaction.id}/verify`)).body.data.status).toBe('successful');
    fw.disrupt(/verify$/, 1, { delayMs: 300 });
    const started = Date.now();
    expect((await api('GET', `/transactions/${transaction.id}/verify`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('resends a transaction webhook on POST /v3/transactions/{id}/resend-hook, with the same body', async () => {
    await topUp('resend-1');
    const { transaction, webhook } = await fw.pay('resend-1');
    expect(await api('POST', `/transactions/${transaction.id}/resend-hook`, {})).toEqual({ status: 200, body: { status: 'success', message: 'hook sent successfully', data: 'hook sent' } });
    await until(() => receiver.received.length === 2);
    expect(receiver.received[1]!.body.toString()).toBe(webhook.body);
  });

  it('counts a receiver that never answers as a failed attempt and retries it', async () => {
    await fw.close();
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    fw = createFlutterwaveEmulator({ webhookUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, webhookRetries: 1, webhookRetryDelayMs: 10, webhookTimeoutMs: 100 });
    await fw.listen();
    await topUp('silent-1');
    const { webhook } = await fw.pay('silent-1');
    expect(webhook.attempts[0]).toMatchObject({ status: 0 });
    await until(() => fw.deliveries()[0]!.attempts.length === 2);
    await new Promise<void>((r) => { silent.closeAllConnections(); silent.close(() => r()); });
  });

  it('an asynchronous payment verifies as pending with no webhook, then settles with charge.completed', async () => {
    await topUp('pending-1');
    const pending = fw.startPendingPayment('pending-1');
    expect((await api('GET', `/transactions/${pending.id}/verify`)).body.data.status).toBe('pending');
    expect(receiver.received).toHaveLength(0);
    const settled = await fw.settlePendingPayment(pending.id, 'successful');
    expect(JSON.parse(settled.body).data).toMatchObject({ id: pending.id, status: 'successful' });
    expect((await api('GET', `/transactions/${pending.id}/verify`)).body.data.status).toBe('successful');
    expect(fw.paymentLinks().find((l) => l.txRef === 'pending-1')!.status).toBe('paid');
  });

  it('retries a delivery the receiver refuses, as many times as configured, then stops', async () => {
    await topUp('retry-1');
    receiver.statuses.push(500, 503);
    const { webhook } = await fw.pay('retry-1');
    await until(() => fw.deliveries().find((d) => d.id === webhook.id)!.delivered);
    expect(fw.deliveries().find((d) => d.id === webhook.id)!.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(new Set(receiver.received.map((r) => r.body.toString()))).toEqual(new Set([webhook.body]));

    await topUp('retry-2');
    receiver.statuses.push(500, 500, 500, 500, 500);
    const second = await fw.pay('retry-2');
    await until(() => fw.deliveries().find((d) => d.id === second.webhook.id)!.attempts.length === 4);
    await new Promise((r) => setTimeout(r, 100));
    const attempts = fw.deliveries().find((d) => d.id === second.webhook.id)!;
    expect(attempts.attempts).toHaveLength(4);
    expect(attempts.delivered).toBe(false);
  });

  it('replays a delivery byte for byte with the same headers', async () => {
    await topUp('replay-1');
    const { webhook } = await fw.pay('replay-1');
    const again = await fw.replayWebhook(webhook.id);
    expect(again.replayOf).toBe(webhook.id);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body.equals(receiver.received[0]!.body)).toBe(true);
    expect(receiver.received[1]!.headers['flutterwave-signature']).toBe(receiver.received[0]!.headers['flutterwave-signature']);
    expect(receiver.received[1]!.headers['verif-hash']).toBe(receiver.received[0]!.headers['verif-hash']);
  });

  it('sends correctly signed webhooks that verification contradicts: another amount, currency or status, or a transaction that never existed', async () => {
    await topUp('lie-1');
    const { transaction } = await fw.pay('lie-1', { outcome: 'failed' });
    const lie = await fw.sendChargeWebhook(transaction.id, { amount: 5000, currency: 'NGN', status: 'successful' });
    expect(authentic(receiver.received.at(-1)!, emulatorDefaults.secretHash)).toBe(true);
    expect(JSON.parse(lie.body).data).toMatchObject({ id: transaction.id, amount: 5000, currency: 'NGN', status: 'successful' });
    expect((await api('GET', `/transactions/${transaction.id}/verify`)).body.data).toMatchObject({ amount: 50, currency: 'USD', status: 'failed' });

    const forged = await fw.sendForgedChargeWebhook({ id: 99_999_999, tx_ref: 'lie-1', amount: 50, currency: 'USD', status: 'successful' });
    expect(forged.delivered).toBe(true);
    expect(await api('GET', '/transactions/99999999/verify')).toEqual({ status: 400, body: { status: 'error', message: 'No transaction was found for this id', data: null } });

    // Signed with a stale secret hash: the receiver's check must fail.
    await fw.sendChargeWebhook(transaction.id, {}, { secretHash: 'old-hash' });
    expect(authentic(receiver.received.at(-1)!, emulatorDefaults.secretHash)).toBe(false);
  });

  it('records what the customer really paid: an underpayment or another currency shows in verification, in major units with decimals', async () => {
    await topUp('under-1', { amount: '199.99' });
    const { transaction } = await fw.pay('under-1', { amount: 150.5, currency: 'NGN' });
    expect((await api('GET', `/transactions/${transaction.id}/verify`)).body.data).toMatchObject({ amount: 150.5, charged_amount: 150.5, currency: 'NGN', tx_ref: 'under-1' });
    expect(fw.paymentLinks().find((l) => l.txRef === 'under-1')!.amount).toBe(199.99);
  });

  it('a payment on a plan starts a subscription; renewals post charges under the plan; three failures in a row cancel it with subscription.cancelled', async () => {
    const plan = await api('POST', '/payment-plans', { name: 'Growth', amount: 199, interval: 'monthly', currency: 'USD' });
    expect(plan.body).toMatchObject({ status: 'success', message: 'Payment plan created', data: { name: 'Growth', amount: 199, interval: 'monthly', status: 'active', currency: 'USD' } });
    const planId: number = plan.body.data.id;
    await topUp('sub-1', { amount: 199, payment_plan: planId });
    const first = await fw.pay('sub-1');
    expect(first.transaction.payment_plan).toBe(planId);

    const subs = await api('GET', '/subscriptions?email=ada@oakivy.test');
    expect(subs.body.data).toEqual([expect.objectContaining({ plan: planId, status: 'active', amount: 199, customer: expect.objectContaining({ customer_email: 'ada@oakivy.test' }) })]);
    const subId: number = subs.body.data[0].id;
    expect((await api('GET', `/payment-plans/${planId}`)).body.data).toMatchObject({ id: planId, plan_token: expect.stringMatching(/^rpp_/) });

    const renewal = await fw.renewSubscription(subId);
    expect(JSON.parse(renewal.webhook.body).data).toMatchObject({ status: 'successful', amount: 199, payment_plan: planId, customer: { email: 'ada@oakivy.test' } });
    expect(renewal.transaction.tx_ref).not.toBe('sub-1');

    for (let i = 0; i < 2; i++) expect((await fw.renewSubscription(subId, { outcome: 'failed' })).cancelled).toBeUndefined();
    const third = await fw.renewSubscription(subId, { outcome: 'failed' });
    expect(JSON.parse(third.cancelled!.body)).toEqual({ event: 'subscription.cancelled', data: expect.objectContaining({ id: subId, status: 'cancelled', plan: planId }) });
    expect(authentic(receiver.received.at(-1)!, emulatorDefaults.secretHash)).toBe(true);
    expect((await api('GET', '/subscriptions?status=cancelled')).body.data.map((s: { id: number }) => s.id)).toEqual([subId]);
  });

  it('cancelling a subscription through the API answers it cancelled and posts subscription.cancelled', async () => {
    const planId = (await api('POST', '/payment-plans', { name: 'Starter', amount: 49, interval: 'monthly', currency: 'USD' })).body.data.id;
    await topUp('sub-2', { amount: 49, payment_plan: planId });
    await fw.pay('sub-2');
    const subId = fw.subscriptions()[0]!.id;
    const cancelled = await api('PUT', `/subscriptions/${subId}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'success', message: 'Subscription cancelled', data: { id: subId, status: 'cancelled' } });
    await until(() => receiver.received.some((r) => JSON.parse(r.body.toString()).event === 'subscription.cancelled'));
    await expect(fw.renewSubscription(subId)).rejects.toThrow(/cancelled/);
    expect((await api('PUT', `/subscriptions/${subId}/activate`)).body).toMatchObject({ message: 'Subscription activated', data: { status: 'active' } });
  });

  it('expires a checkout session after session_duration minutes on the emulator clock', async () => {
    const { body } = await topUp('exp-1', { session_duration: 30 });
    fw.advanceClock(31 * 60_000);
    expect((await fetch(body.data.link)).status).toBe(410);
  });

  it('sends only the header the configured signature mode names', async () => {
    fw.setSignatureMode('verif-hash');
    await topUp('mode-1');
    await fw.pay('mode-1');
    expect(receiver.received[0]!.headers['verif-hash']).toBe(emulatorDefaults.secretHash);
    expect(receiver.received[0]!.headers['flutterwave-signature']).toBeUndefined();
    fw.setSignatureMode('flutterwave-signature');
    await topUp('mode-2');
    await fw.pay('mode-2');
    expect(receiver.received[1]!.headers['verif-hash']).toBeUndefined();
    expect(receiver.received[1]!.headers['flutterwave-signature']).toBeDefined();
  });
});
