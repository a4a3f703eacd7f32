import { isLoopbackHost } from './relay-address';

/**
 * The only hosts the app opens in the system browser, over https. Intuit's consent
 * page for QuickBooks now; the payment and client-portal hosts are added here by the
 * issues that bring them. Shared so the core (checking the relay's consent URL) and
 * the shell (before the system browser) apply one rule.
 */
export const EXTERNAL_URL_HOSTS: readonly string[] = ['appcenter.intuit.com'];

export interface ExternalUrlRules {
  hosts: readonly string[];
  /** Plain http to this computer (the QuickBooks emulator's consent page): development builds and sandbox companies only. */
  allowLoopbackHttp: boolean;
}

/** The parsed URL to open, or null when it is not https to an allowed host (no credentials, exact host). */
export function externalUrlToOpen(raw: string, rules: ExternalUrlRules): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:' && url.port === '' && rules.hosts.includes(url.hostname)) return url;
  if (url.protocol === 'http:' && rules.allowLoopbackHttp && isLoopbackHost(url.hostname)) return url;
  return null;
}
