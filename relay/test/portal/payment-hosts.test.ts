import { describe, expect, it } from 'vitest';
import { isFlutterwaveCheckoutLink, isQuickBooksPaymentLink } from '../../src/portal/payment-hosts';

describe('where the portal sends a customer to pay', () => {
  it("takes QuickBooks' customer payment pages on intuit.com hosts, never the bookkeeper's QuickBooks screen or any other host", () => {
    expect(isQuickBooksPaymentLink('https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-abc')).toBe(true);
    for (const link of [
      'https://qbo.intuit.com/app/invoice?txnId=7',
      'https://sandbox.qbo.intuit.com/app/invoice?txnId=7',
      'https://qbo.intuit.com./app/invoice?txnId=7',
      'http://connect.intuit.com/portal/app/x',
      'https://connect.intuit.com.evil.example/pay',
      'https://evilintuit.com/pay',
      'https://user:pw@connect.intuit.com/pay',
      'javascript:alert(1)',
      'not a link',
    ]) {
      expect(isQuickBooksPaymentLink(link), link).toBe(false);
    }
  });

  it("takes Flutterwave's hosted checkout, and the configured API base's own origin only when that is not Flutterwave (a sandbox or the emulator)", () => {
    expect(isFlutterwaveCheckoutLink('https://checkout.flutterwave.com/v3/hosted/pay/abc', 'https://api.flutterwave.com/v3')).toBe(true);
    expect(isFlutterwaveCheckoutLink('http://127.0.0.1:4010/v3/hosted/pay/abc', 'http://127.0.0.1:4010/v3')).toBe(true);
    expect(isFlutterwaveCheckoutLink('http://127.0.0.1:4010/v3/hosted/pay/abc', 'https://api.flutterwave.com/v3')).toBe(false);
    expect(isFlutterwaveCheckoutLink('http://127.0.0.1:4011/v3/hosted/pay/abc', 'http://127.0.0.1:4010/v3')).toBe(false);
    expect(isFlutterwaveCheckoutLink('http://checkout.flutterwave.com/v3/hosted/pay/abc', null)).toBe(false);
    expect(isFlutterwaveCheckoutLink('https://flutterwave.com.evil.example/pay', null)).toBe(false);
  });
});
