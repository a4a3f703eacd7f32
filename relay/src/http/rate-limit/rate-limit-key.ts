import { isIP } from 'node:net';

/**
 * The key a client address is rate-limited under. An IPv6 client usually holds a whole
 * /64 (2^64 addresses), so limiting each address would limit nothing: IPv6 addresses
 * share the bucket of their /64. IPv4 addresses are their own key.
 */
export function rateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::', 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = address.includes('::') ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => (group.replace(/^0+(?=.)/, '') || '0').toLowerCase())
    .join(':')}::/64`;
}
