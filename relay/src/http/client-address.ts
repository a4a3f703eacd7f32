import { isIP } from 'node:net';
import { unmapIPv4, type AddressSet } from './address-ranges';

/**
 * The address a request came from, for rate limits and logs. X-Forwarded-For is
 * believed only when the socket peer is a trusted proxy (RELAY_TRUSTED_PROXIES), and
 * then read from the right: each hop a trusted proxy appended is skipped, and the
 * first address a trusted proxy did not add is the client. Anything a client wrote
 * at the left of the header is never believed.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: AddressSet): string {
  const socketPeer = unmapIPv4(peer ?? 'unknown');
  if (forwardedFor === undefined || !trusted.has(socketPeer)) return socketPeer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  let client = socketPeer;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = unmapIPv4(hops[index]!.trim());
    // A hop that is not an address was not written by a proxy we trust: stop at the last one that was.
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}
