import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { majorText, minorFromMajor } from '../../../src/providers/flutterwave/money';
import { decideCharge } from '../../../src/providers/flutterwave/verification-decision';
import { verifyFlutterwaveSignature } from '../../../src/providers/flutterwave/webhook-signature';
import { readFlutterwaveWebhook } from '../../../src/providers/flutterwave/webhook-payload';

const HASH = 'ringside-test-secret-hash';
const body = Buffer.from('{"event":"charge.completed","data":{"id":1}}');

describe('Flutterwave webhook authenticity', () => {
  const hmac = createHmac('sha256', HASH).update(body).digest('base64');
  it.each([
    ['verif-hash equal to the secret hash', { 'verif-hash': HASH }, true],
    ['flutterwave-signature, the HMAC of the raw body', { 'flutterwave-signature': hmac }, true],
    ['a wrong verif-hash beside a right signature', { 'verif-hash': 'nope', 'flutterwave-signature': hmac }, true],
    ['a wrong verif-hash', { 'verif-hash': `${HASH}x` }, false],
    ['the secret hash in flutterwave-signature (plain equality is not accepted)', { 'flutterwave-signature': HASH }, false],
    ['an HMAC of other bytes', { 'flutterwave-signature': createHmac('sha256', HASH).update('{}').digest('base64') }, false],
    ['verif-hash sent twice', { 'verif-hash': [HASH, HASH] }, false],
  ])('%s → %s', (_what, headers, ok) => {
    expect(verifyFlutterwaveSignature(headers, body, HASH).ok).toBe(ok);
  });
  it('says which is missing', () => {
    expect(verifyFlutterwaveSignature({}, body, HASH)).toEqual({ ok: false, reason: 'missing_signature' });
  });
});

describe('Flutterwave amounts', () => {
  it.each([
    [100, 'USD', 10000],
    [150.5, 'USD', 15050],
    [199.99, 'USD', 19999],
    ['0.10', 'USD', 10],
    [5000, 'UGX', 5000],
    [1.234, 'USD', null],
    [10.5, 'UGX', null],
    [-1, 'USD', null],
    [1e21, 'USD', null],
    ['abc', 'USD', null],
  ])('%s %s is %s minor units', (value, currency, minor) => {
    expect(minorFromMajor(value, currency)).toBe(minor);
  });
  it('writes minor units back as decimal text', () => {
    expect([majorText(19999, 'USD'), majorText(5, 'USD'), majorText(5000, 'UGX')]).toEqual(['199.99', '0.05', '5000']);
  });
  it("reads the shared table of exponents (src/shared/billing/currency-exponent.ts): KWD has three digits", () => {
    expect([majorText(12345, 'KWD'), minorFromMajor(1.5, 'KWD'), minorFromMajor(5000, 'RWF')]).toEqual(['12.345', 1500, 5000]);
  });
});

describe('Flutterwave webhook bodies', () => {
  it.each([
    [[], 'an array'],
    [{ data: {} }, 'no event name'],
    [{ event: 'charge.completed', data: { id: 'abc' } }, 'a transaction id that is not a number'],
    [{ event: 'charge.completed', data: { id: 1.5 } }, 'a fractional id'],
    [{ event: 'charge.completed', data: { id: 1, tx_ref: { nested: true } } }, 'a tx_ref that is an object'],
    [{ event: 'charge.completed' }, 'no data'],
  ])('refuses %o (%s)', (payload, _why) => {
    expect(readFlutterwaveWebhook(payload).ok).toBe(false);
  });
  it('reads a charge, a cancelled subscription and keeps any other event with no effect', () => {
    expect(readFlutterwaveWebhook({ event: 'charge.completed', data: { id: 8100001, status: 'successful' } })).toEqual({ ok: true, webhook: { kind: 'charge', transactionId: '8100001' } });
    expect(readFlutterwaveWebhook({ event: 'subscription.cancelled', data: { id: 50001, customer: { customer_email: 'a@b.test' }, plan: 71001 } })).toEqual({ ok: true, webhook: { kind: 'subscription_cancelled', subscriptionId: '50001', email: 'a@b.test' } });
    expect(readFlutterwaveWebhook({ event: 'transfer.completed', data: {} })).toEqual({ ok: true, webhook: { kind: 'other', event: 'transfer.completed' } });
  });
});

describe('what a verified charge comes to', () => {
  const link = { linkId: 'rs-topup-1', provider: 'flutterwave' as const, customerId: 'c1', purpose: 'top_up' as const, planId: null, amountMinor: 5000, currency: 'USD', url: 'https://pay.test', by: 'Desk' };
  const verified = { id: '42', tx_ref: 'rs-topup-1', amount: 50, currency: 'USD', status: 'successful', created_at: '2026-12-01T10:00:00.000Z', processor_response: 'Approved' };
  const decide = (over: Partial<typeof verified>, withLink = true) => decideCharge({ transactionId: '42', verified: { ...verified, ...over }, link: withLink ? link : null, renewal: null, nowIso: '2026-12-01T10:00:05.000Z' });

  it('credits the verified amount when it is at least the one asked', () => {
    expect(decide({ amount: 60 })).toMatchObject({ kind: 'received', data: { paymentId: 'flutterwave:42', amountMinor: 6000, paidAt: '2026-12-01T10:00:00.000Z', verifiedAt: '2026-12-01T10:00:05.000Z' } });
  });
  it('waits on a pending charge, refuses another transaction, and never credits a failure', () => {
    expect(decide({ status: 'pending' }).kind).toBe('pending');
    expect(decide({ id: '43' }).kind).toBe('not_this_transaction');
    expect(decide({ status: 'failed' })).toMatchObject({ kind: 'failed', alert: false });
    expect(decide({ amount: 49.99 })).toMatchObject({ kind: 'failed', alert: true, data: { amountMinor: 4999 } });
    expect(decide({ currency: 'EUR' })).toMatchObject({ kind: 'failed', alert: true });
    expect(decide({ amount: 50.001 })).toMatchObject({ kind: 'failed', alert: true, data: { amountMinor: 0 } });
    expect(decide({}, false)).toMatchObject({ kind: 'failed', alert: true, data: { customerId: null } });
  });
  it('a charge in a currency without cents (UGX) is never value: payment.failed with an alert, in plain words, and no amount 100 times off', () => {
    const ugxLink = { ...link, amountMinor: 50000, currency: 'UGX' };
    const paid = decideCharge({ transactionId: '42', verified: { ...verified, amount: 50000, currency: 'UGX' }, link: ugxLink, renewal: null, nowIso: '2026-12-01T10:00:05.000Z' });
    expect(paid).toMatchObject({ kind: 'failed', alert: true, data: { customerId: 'c1', amountMinor: 0, currency: 'UGX' } });
    expect(paid.kind === 'failed' && paid.data.reason).toMatch(/^Payments in UGX are not supported yet: Ringside bills in currencies with cents\. .*Nothing was credited: refund it/);
    expect(decide({ amount: 5000, currency: 'XOF', status: 'failed' })).toMatchObject({ kind: 'failed', alert: false, data: { amountMinor: 0 } });
  });
  it('a subscription payment names the plan and the Ringside subscription flutterwave:<customer>:<plan>', () => {
    const decision = decideCharge({ transactionId: '42', verified: { ...verified, amount: 199 }, link: { ...link, purpose: 'subscription', planId: 'growth', amountMinor: 19900 }, renewal: null, nowIso: '2026-12-01T10:00:05.000Z' });
    expect(decision).toMatchObject({ kind: 'received', data: { purpose: 'subscription', planId: 'growth', subscriptionId: 'flutterwave:c1:growth', amountMinor: 19900 } });
  });
});
