import { describe, expect, it } from 'vitest';
import { topUpLinkWords } from './link-words';

const URL = 'https://checkout.flutterwave.com/v3/hosted/pay/abc123';

describe('the words sent with a top-up link', () => {
  it('greets the customer by first name and names the amount in their currency', () => {
    const words = topUpLinkWords({ customerName: 'Dana Whitfield', amountMinor: 5000, currency: 'USD', url: URL });
    expect(words.textMessage).toBe(`Hi Dana, here is your link to add $50.00 of call credit: ${URL}`);
    expect(words.emailSubject).toBe('Your link to add $50.00 of call credit');
    expect(words.emailBody).toContain(`Here is your link to add $50.00 of call credit to your account:\n${URL}`);
  });

  it('keeps a name that starts with a title whole', () => {
    expect(topUpLinkWords({ customerName: 'Dr. Jane Ruiz', amountMinor: 2500, currency: 'EUR', url: URL }).textMessage).toBe(`Hi Dr. Jane Ruiz, here is your link to add €25.00 of call credit: ${URL}`);
  });
});
