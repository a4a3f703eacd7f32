import { describe, expect, it } from 'vitest';
import { rateLimitKey } from '../../src/http/rate-limit/rate-limit-key';

describe('rate-limit key', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9');
  });

  it('puts every address of one IPv6 /64 in one bucket, however it is written', () => {
    const key = rateLimitKey('2001:db8:0:1:aaaa:bbbb:cccc:dddd');
    expect(key).toBe('2001:db8:0:1::/64');
    expect(rateLimitKey('2001:DB8:0000:0001::1')).toBe(key);
    expect(rateLimitKey('2001:db8::1:0:0:0:7')).toBe(key);
    expect(rateLimitKey('2001:db8:0:2::1')).not.toBe(key);
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
  });

  it('leaves anything that is not an address alone', () => {
    expect(rateLimitKey('unknown')).toBe('unknown');
  });
});
