import { describe, expect, it } from 'vitest';
import { fetchRelayHealth, postConsoleEvent, RelayRequestError } from '../http/relay-rest-client';
import { relayEndpoint, relayUrlProblem } from './relay-url';

describe('the address every relay request is sent to', () => {
  it('keeps a path prefix and takes the scheme each endpoint needs, secure staying secure', () => {
    expect(relayEndpoint('https://relay.example.com/ringside/', '/v1/stream', 'ws').toString()).toBe('wss://relay.example.com/ringside/v1/stream');
    expect(relayEndpoint('wss://relay.example.com?x=1#top', '/healthz', 'http').toString()).toBe('https://relay.example.com/healthz');
    expect(relayEndpoint('http://127.0.0.1:8787', '/v1/stream', 'ws').toString()).toBe('ws://127.0.0.1:8787/v1/stream');
    expect(relayEndpoint('ws://localhost:8787', '/v1/events', 'http').toString()).toBe('http://localhost:8787/v1/events');
  });

  it('refuses plain http or ws to another computer, in one line naming the address', () => {
    for (const url of ['http://relay.example.com', 'ws://192.168.1.20:8787', 'HTTP://Relay.Example.com/ringside']) {
      const problem = relayUrlProblem(url);
      expect(problem, url).toMatch(new RegExp(`^relay URL ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} must start with https://`));
      expect(problem).not.toContain('\n');
      expect(() => relayEndpoint(url, '/healthz', 'http')).toThrow(problem!);
    }
    expect(relayUrlProblem('relay.example.com')).toBe('relay URL relay.example.com is not a URL; it should look like https://relay.example.com');
    expect(relayUrlProblem('ftp://relay.example.com')).toBe('relay URL ftp://relay.example.com must start with http(s):// or ws(s)://');
    for (const url of ['https://relay.example.com', 'wss://relay.example.com:8443', 'http://127.0.0.1:8787', 'http://[::1]:8787']) expect(relayUrlProblem(url), url).toBeNull();
  });

  it('refuses a REST call to such an address as a relay request error, before sending anything', async () => {
    const event = { id: 'plan-x', occurredAt: '2026-03-01T00:00:00.000Z', type: 'plan.defined', data: { planId: 'x', name: 'X', period: 'monthly', includedSeconds: 3600, priceMinor: 100, currency: 'USD' } } as const;
    const posting = postConsoleEvent('http://relay.example.com', 'rs_secret', event);
    await expect(posting).rejects.toBeInstanceOf(RelayRequestError);
    await expect(posting).rejects.toThrow(/^relay URL http:\/\/relay\.example\.com must start with https:\/\//);
    await expect(fetchRelayHealth({ url: 'ws://relay.example.com', token: 'rs_secret' })).rejects.toMatchObject({ status: null, message: expect.stringMatching(/^relay URL ws:\/\/relay\.example\.com /) });
  });
});
