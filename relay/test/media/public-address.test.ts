import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/media/public-address';

describe('a public address', () => {
  it('is not loopback, private, link-local (cloud metadata), carrier NAT, multicast, reserved or unspecified', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1', '2001:0:4136:e378::1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('is any other address, IPv4 or IPv6', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '142.250.80.16', '52.216.0.1', '2607:f8b0:4004:800::2010', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    expect(isPublicAddress('not an address')).toBe(false);
  });
});
