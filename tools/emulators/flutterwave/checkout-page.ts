import type { PaymentLink } from './records';
import { majorNumber } from './money';

/**
 * Flutterwave EMULATOR: the hosted checkout page a payment link opens. It is not Flutterwave's page:
 * three buttons let a person (or a browser test) finish the payment as it would end for real.
 */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function checkoutPage(link: PaymentLink): string {
  const amount = `${link.currency} ${majorNumber(link.amountCents).toFixed(2)}`;
  const button = (outcome: string, label: string) => `<button type="submit" name="outcome" value="${outcome}">${label}</button>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flutterwave emulator checkout</title></head>
<body>
<h1>Flutterwave emulator checkout</h1>
<p>This page is a local emulator, not Flutterwave. No money moves.</p>
<p>Pay <strong data-testid="amount">${escape(amount)}</strong> to reference <code>${escape(link.txRef)}</code> as ${escape(link.customer.email)}.</p>
${link.status === 'open' ? `<form method="post">${button('successful', 'Pay')} ${button('failed', 'Card declined')} ${button('cancelled', 'Cancel')}</form>` : `<p>This payment link is ${link.status}.</p>`}
</body></html>`;
}
