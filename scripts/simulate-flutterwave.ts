/**
 * `npm run simulate -- flutterwave-topup|flutterwave-pay ...`: a customer paying through
 * Flutterwave, against a relay configured for the Flutterwave emulator (as `npm run demo` does).
 * flutterwave-topup asks the relay for a top-up link with a console's device token (what the
 * console's Top up button does), then pays it on the emulator's hosted checkout; flutterwave-pay
 * pays a link made elsewhere (copied from the console's Top up dialog). Flutterwave's webhook then
 * reaches the relay, which verifies the payment with the emulator before the wallet is credited.
 */
import { randomUUID } from 'node:crypto';

export const flutterwaveUsage = `       npm run simulate -- flutterwave-topup --relay URL --customer ID --amount 25.00 [--currency USD] [--outcome paid|declined]
       npm run simulate -- flutterwave-pay --link URL [--outcome paid|declined]
  flutterwave-topup  asks the relay for a Flutterwave top-up link for customer --customer (its
                  Ringside id) and pays it on the Flutterwave emulator's checkout: the relay
                  verifies the payment and the customer's wallet is credited (declined: the
                  card is refused and the failure is shown). Needs RINGSIDE_DEVICE_TOKEN, a
                  console's device token (the demo keeps its admin token in .ringside/demo/admin-token)
  flutterwave-pay    pays a link made elsewhere, e.g. copied from the console's Top up dialog`;

export const FLUTTERWAVE_COMMANDS: readonly string[] = ['flutterwave-topup', 'flutterwave-pay'];

export interface FlutterwaveOptions {
  relay?: string;
  customer?: string;
  amount?: string;
  currency?: string;
  outcome?: string;
  link?: string;
}

/** "25", "25.5", "25.50" → 2550 (two-decimal currencies; the emulator's checkout works in them). */
export function amountMinor(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

export async function simulateFlutterwave(command: string, options: FlutterwaveOptions, fail: (message: string) => never): Promise<void> {
  const outcome = options.outcome ?? 'paid';
  if (outcome !== 'paid' && outcome !== 'declined') fail(`--outcome must be paid or declined, got '${outcome}'`);
  let link = options.link;
  if (command === 'flutterwave-topup') {
    const token = process.env['RINGSIDE_DEVICE_TOKEN'];
    if (!token) fail('RINGSIDE_DEVICE_TOKEN is not set: a console device token (the demo keeps its admin token in .ringside/demo/admin-token)');
    if (!options.relay || !options.customer || !options.amount) fail('flutterwave-topup needs --relay, --customer and --amount');
    const minor = amountMinor(options.amount);
    if (minor === null || minor === 0) fail(`--amount must be an amount like 25 or 25.50, got '${options.amount}'`);
    const answer = await fetch(`${options.relay.replace(/\/+$/, '')}/v1/payments/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ requestId: `simulate-${randomUUID()}`, customerId: options.customer, purpose: 'top_up', planId: null, amountMinor: minor, currency: options.currency ?? 'USD' }),
    });
    const body = (await answer.json()) as { url?: string; linkId?: string; error?: string };
    if (answer.status !== 201 || !body.url) throw new Error(`the relay made no link (${answer.status}): ${body.error ?? JSON.stringify(body)}`);
    console.log(`link ${body.linkId}: ${body.url}`);
    link = body.url;
  } else if (!link) fail('flutterwave-pay needs --link, the payment link to pay');
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`the checkout at ${link} answered ${page.status}: is it the Flutterwave emulator's, and still open?`);
  const paid = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `outcome=${outcome === 'paid' ? 'successful' : 'failed'}`, redirect: 'manual' });
  const back = paid.headers.get('location');
  if (paid.status !== 302 || back === null) throw new Error(`the checkout refused the payment (${paid.status}): ${(await paid.text()).replace(/<[^>]+>/g, ' ').trim()}`);
  const query = new URL(back).searchParams;
  console.log(`checkout: ${query.get('status')}, transaction ${query.get('transaction_id')} (the customer is sent back to ${back.split('?')[0]})`);
  console.log(
    outcome === 'paid'
      ? 'Flutterwave posts charge.completed to the relay, which verifies it with Flutterwave before the wallet is credited: watch the customer card or page.'
      : 'Flutterwave posts the failed charge to the relay, which verifies it and shows it on the customer, with nothing credited.',
  );
}
