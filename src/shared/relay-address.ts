/**
 * Where a console may send its device token. Anything but this computer is reached
 * over TLS only: a token sent over plain http or ws could be read on the way. Shared
 * so the settings store, the relay client and the Settings page apply one rule.
 */

export const PLAIN_TEXT_RELAY_REFUSED =
  'must start with https:// (or wss://); plain http:// and ws:// are allowed only to this computer (localhost, 127.x.x.x or [::1]), so the device token never crosses a network unencrypted';

/** localhost, 127.0.0.0/8 and ::1. The URL parser has already turned 127.1 or 0x7f000001 into a dotted quad. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** True for a parsable http:// or ws:// URL to another computer. */
export function isPlainTextToAnotherComputer(relayUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'ws:') && !isLoopbackHost(url.hostname);
}

/**
 * The relay's origin as the token is bound to it. ws and http (wss and https) reach
 * the same server (the console derives one from the other), so they count as one.
 */
export function relayOrigin(relayUrl: string): string {
  const url = new URL(relayUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  if (url.protocol === 'wss:') url.protocol = 'https:';
  return url.origin;
}
