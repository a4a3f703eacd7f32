/** The accounting scope is all the consoles need: customers, items, invoices, payments, CompanyInfo. */
export const QUICKBOOKS_SCOPES = ['com.intuit.quickbooks.accounting'] as const;

/** The user-consent URL (spec §2.1); `state` comes back on the redirect and ties it to the device. */
export function buildAuthorizeUrl(input: { authUrl: string; clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(input.authUrl);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', QUICKBOOKS_SCOPES.join(' '));
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  return url.toString();
}
