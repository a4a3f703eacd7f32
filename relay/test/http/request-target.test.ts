import { describe, expect, it } from 'vitest';
import { AddressSet, parseAddressRanges } from '../../src/http/address-ranges';
import { clientAddress } from '../../src/http/client-address';
import { nestsDeeperThan } from '../../src/http/json-depth';
import { parseRequestTarget } from '../../src/http/request-target';

describe('request targets', () => {
  it('reads the path and query of an origin-form target', () => {
    expect(parseRequestTarget('/v1/stream?after=5')).toEqual({ pathname: '/v1/stream', query: 'after=5' });
    expect(parseRequestTarget('/healthz')).toEqual({ pathname: '/healthz', query: '' });
  });

  it('keeps // as a path (which new URL() cannot parse) and refuses every other form', () => {
    expect(() => new URL('//', 'http://relay')).toThrow();
    expect(parseRequestTarget('//')).toEqual({ pathname: '//', query: '' });
    for (const target of ['http://evil.example/healthz', '*', 'healthz', '', '/a#b', undefined]) expect(parseRequestTarget(target)).toBeNull();
  });
});

describe('client address', () => {
  const ranges = (raw: string) => {
    const parsed = parseAddressRanges(raw, 'RELAY_TRUSTED_PROXIES');
    if (!parsed.ok) throw new Error(parsed.error);
    return new AddressSet(parsed.ranges);
  };
  const loopback = ranges('loopback');

  it('believes X-Forwarded-For only from a trusted proxy', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(clientAddress('198.51.100.4', '203.0.113.9', loopback)).toBe('198.51.100.4');
    expect(clientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.9', ranges('none'))).toBe('127.0.0.1');
  });

  it('takes the rightmost hop no trusted proxy added, whatever the client wrote before it', () => {
    expect(clientAddress('127.0.0.1', '1.1.1.1, 203.0.113.9', loopback)).toBe('203.0.113.9');
    const chain = ranges('loopback,10.0.0.0/8');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3', chain)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', 'junk, 203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', ['203.0.113.9', '10.1.2.3'], chain)).toBe('203.0.113.9');
  });

  it('fails closed: a malformed rightmost untrusted hop is its own client key, never the (exempt) proxy', () => {
    const chain = ranges('loopback,10.0.0.0/8');
    expect(clientAddress('127.0.0.1', 'not-an-ip, 10.1.2.3', chain)).toBe('invalid:not-an-ip');
    expect(clientAddress('127.0.0.1', '203.0.113.9, junk', loopback)).toBe('invalid:junk');
    expect(clientAddress('127.0.0.1', 'unknown', loopback)).toBe('invalid:unknown');
    expect(clientAddress('127.0.0.1', '203.0.113.9:1234', loopback)).toBe('invalid:203.0.113.9:1234');
    expect(clientAddress('127.0.0.1', '[2001:db8::1]', loopback)).toBe('invalid:[2001:db8::1]');
    expect(clientAddress('127.0.0.1', '', loopback)).toBe('invalid:');
    expect(clientAddress('127.0.0.1', '203.0.113.9,', loopback)).toBe('invalid:');
    expect(clientAddress('127.0.0.1', 'x'.repeat(500), loopback)).toBe(`invalid:${'x'.repeat(64)}`);
    // Every hop added by a trusted proxy: the leftmost of them is the client.
    expect(clientAddress('127.0.0.1', '127.0.0.1', loopback)).toBe('127.0.0.1');
  });

  it('parses addresses, ranges, loopback and none, and names the setting on a bad entry', () => {
    expect(parseAddressRanges('none', 'X')).toEqual({ ok: true, ranges: [] });
    expect(parseAddressRanges('192.168.0.0/16, ::1', 'X')).toEqual({
      ok: true,
      ranges: [
        { address: '192.168.0.0', prefix: 16, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ],
    });
    const bad = parseAddressRanges('10.0.0.0/40', 'RELAY_TRUSTED_PROXIES');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('RELAY_TRUSTED_PROXIES');
  });
});

describe('JSON nesting scan', () => {
  const scan = (text: string, max: number) => nestsDeeperThan(Buffer.from(text), max);

  it('counts arrays and objects, not brackets inside strings or after escapes', () => {
    expect(scan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(scan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(scan(`{"s":"${'['.repeat(1000)}"}`, 2)).toBe(false);
    expect(scan(`{"s":"\\"${'{'.repeat(100)}"}`, 2)).toBe(false);
    expect(scan(`{"s":"\\\\","t":${'['.repeat(5)}${']'.repeat(5)}}`, 5)).toBe(true);
  });

  it('decides at the limit alike whether it counts every bracket or follows the nesting', () => {
    expect(scan('[[[]]]', 3)).toBe(false);
    expect(scan('[[[]]]', 2)).toBe(true);
    expect(scan('{"a":{},"b":[{},{}],"c":"{[{["}', 3)).toBe(false);
    expect(scan('{"a":{"b":{"c":1}}}', 2)).toBe(true);
    expect(nestsDeeperThan(new Uint8Array(Buffer.from('[[[]]]')), 2)).toBe(true);
  });

  it('finds a body nested 10,000 deep at once', () => {
    expect(scan('['.repeat(10_000) + ']'.repeat(10_000), 64)).toBe(true);
  });
});
