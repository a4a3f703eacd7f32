/**
 * The only places the portal sends a customer to pay: its Pay buttons and its top-up redirect.
 * A link from anywhere else (a bookkeeper console posting invoice.synced, an API base set wrong)
 * is not shown, so the business's own portal never sends its customers to a stranger's page.
 *
 * What is confirmed, and what not:
 * - QuickBooks (../shared/specs/quickbooks-online.md): `InvoiceLink` is read-only, given only with
 *   online payments on and a billing email, minorversion 36+. The spec does not name its host. It
 *   is seen on connect.intuit.com (…/portal/app/CommerceNetwork/view/…); so any https host under
 *   intuit.com, except the bookkeeper's own QuickBooks screen (qbo.intuit.com and below, spec's "QBO
 *   web UI"), which a customer cannot open.
 * - Flutterwave (docs/providers/flutterwave.md §2): the hosted link is `data.link`, seen as
 *   https://checkout.flutterwave.com/v3/hosted/pay/… (marked S: from integrations, not Flutterwave's
 *   own text). So https hosts under flutterwave.com, plus the origin of FLUTTERWAVE_API_BASE_URL
 *   when the relay is pointed at another (a sandbox or the emulator), which the operator chose.
 */

const INTUIT = 'intuit.com';
const QBO_APP = 'qbo.intuit.com';
const FLUTTERWAVE = 'flutterwave.com';

function parsed(link: string): URL | null {
  try {
    const url = new URL(link);
    // A trailing dot ("qbo.intuit.com.") is the same host by another spelling: refused outright.
    if (url.username !== '' || url.password !== '' || url.hostname.endsWith('.')) return null;
    return url;
  } catch {
    return null;
  }
}

function under(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** QuickBooks' customer payment page for an invoice (an InvoiceLink), never the bookkeeper's screen. */
export function isQuickBooksPaymentLink(link: string): boolean {
  const url = parsed(link);
  if (url === null || url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return under(host, INTUIT) && !under(host, QBO_APP);
}

/** A Flutterwave hosted checkout, or a page of the API base the relay was configured with. */
export function isFlutterwaveCheckoutLink(link: string, apiBaseUrl: string | null): boolean {
  const url = parsed(link);
  if (url === null) return false;
  if (url.protocol === 'https:' && under(url.hostname.toLowerCase(), FLUTTERWAVE)) return true;
  if (apiBaseUrl === null) return false;
  const base = parsed(apiBaseUrl);
  return base !== null && !under(base.hostname.toLowerCase(), FLUTTERWAVE) && url.origin === base.origin;
}
