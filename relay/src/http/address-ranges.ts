import { BlockList, isIP } from 'node:net';

/**
 * Sets of IP addresses written in a setting: comma-separated addresses and CIDR
 * ranges, `loopback` (127.0.0.0/8 and ::1) or `none`. Parsing is pure; the matcher
 * is node's BlockList.
 */

export interface AddressRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

const LOOPBACK: readonly AddressRange[] = [
  { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
  { address: '::1', prefix: 128, family: 'ipv6' },
];

export function parseAddressRanges(raw: string, setting: string): { ok: true; ranges: AddressRange[] } | { ok: false; error: string } {
  const ranges: AddressRange[] = [];
  for (const entry of raw.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    if (entry === 'none') continue;
    if (entry === 'loopback') {
      ranges.push(...LOOPBACK);
      continue;
    }
    const [address = '', prefixText, extra] = entry.split('/');
    const version = isIP(address);
    const max = version === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (version === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      return { ok: false, error: `${setting} must be IP addresses or CIDR ranges (e.g. 10.0.0.0/8), 'loopback' or 'none', comma-separated; got '${entry}'` };
    }
    ranges.push({ address, prefix, family: version === 6 ? 'ipv6' : 'ipv4' });
  }
  return { ok: true, ranges };
}

/** Answers remembered per address: BlockList.check costs about a microsecond, a Map lookup far less. */
const MEMO_SIZE = 10_000;

export class AddressSet {
  private readonly list = new BlockList();
  private readonly memo = new Map<string, boolean>();
  readonly empty: boolean;

  constructor(ranges: readonly AddressRange[]) {
    for (const range of ranges) this.list.addSubnet(range.address, range.prefix, range.family);
    this.empty = ranges.length === 0;
  }

  has(address: string): boolean {
    if (this.empty) return false;
    const known = this.memo.get(address);
    if (known !== undefined) return known;
    const plain = unmapIPv4(address);
    const version = isIP(plain);
    const member = version !== 0 && this.list.check(plain, version === 6 ? 'ipv6' : 'ipv4');
    if (this.memo.size >= MEMO_SIZE) this.memo.clear();
    this.memo.set(address, member);
    return member;
  }
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) → `127.0.0.1`. */
export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = unmapIPv4(address);
  return plain === '::1' || plain.startsWith('127.');
}
