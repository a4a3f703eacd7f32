/**
 * Credentials a provider's media needs (Twilio's recordings: HTTP Basic with the account
 * SID and auth token), each bound to one origin. A download sends the Authorization
 * header only to a URL of exactly that origin (scheme, host and port), checked again at
 * every redirect, so the credentials never reach another host: not a redirect's
 * storage host, not a URL a forged payload names. Pure.
 */

export interface MediaCredential {
  /** `https://api.twilio.com`: as URL.origin writes it. */
  origin: string;
  /** The whole Authorization header value. */
  authorization: string;
}

export function basicCredential(origin: string, user: string, password: string): MediaCredential {
  return { origin: new URL(origin).origin, authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

export function authorizationFor(credentials: readonly MediaCredential[], url: URL): string | null {
  return credentials.find((credential) => credential.origin === url.origin)?.authorization ?? null;
}
