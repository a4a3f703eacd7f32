import { describe, expect, it } from 'vitest';
import { parseAllowedHosts } from '../../src/media/allowed-hosts';
import { refusalLifted } from '../../src/media/refusal-recheck';

function settings(hosts: string, maxBytes = 1024 * 1024) {
  const parsed = parseAllowedHosts(hosts);
  if (!parsed.ok) throw new Error(parsed.error);
  return { allowedHosts: parsed.hosts, maxBytes };
}

describe('whether new settings let refused media through', () => {
  it('a host not allowed then is let through once listed, on its own port', () => {
    const refusal = { reason: 'host_not_allowed', host: 'media.example.net', origin: 'https://media.example.net' } as const;
    expect(refusalLifted(refusal, settings('storage.googleapis.com'))).toBe(false);
    expect(refusalLifted(refusal, settings('storage.googleapis.com,*.example.net'))).toBe(true);
    expect(refusalLifted(refusal, settings('media.example.net:8443'))).toBe(false);
    expect(refusalLifted({ ...refusal, origin: 'http://127.0.0.1:43993' }, settings('127.0.0.1:43993'))).toBe(true);
  });

  it('a private address only once its exact host:port is listed', () => {
    const refusal = { reason: 'private_address', host: 'media.internal.example', origin: 'http://media.internal.example:9000' } as const;
    expect(refusalLifted(refusal, settings('*.internal.example:9000'))).toBe(false);
    expect(refusalLifted(refusal, settings('media.internal.example:9000'))).toBe(true);
  });

  it('too large only under a higher cap that its announced size fits', () => {
    expect(refusalLifted({ reason: 'too_large', maxBytes: 1000, bytes: 5000 }, settings('', 4000))).toBe(false);
    expect(refusalLifted({ reason: 'too_large', maxBytes: 1000, bytes: 5000 }, settings('', 5000))).toBe(true);
    expect(refusalLifted({ reason: 'too_large', maxBytes: 1000, bytes: null }, settings('', 1000))).toBe(false);
    expect(refusalLifted({ reason: 'too_large', maxBytes: 1000, bytes: null }, settings('', 1001))).toBe(true);
  });

  it('never what settings cannot change, nor a refusal recorded without its origin', () => {
    expect(refusalLifted({ reason: 'not_media', contentType: 'text/html' }, settings('*.example.net', 10 ** 9))).toBe(false);
    expect(refusalLifted({ reason: 'bad_url' }, settings('*.example.net'))).toBe(false);
    expect(refusalLifted({ reason: 'host_not_allowed', host: 'media.example.net' }, settings('*.example.net'))).toBe(false);
  });
});
