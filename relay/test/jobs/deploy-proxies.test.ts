import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const nginx = readFileSync(new URL('../../deploy/nginx-ringside-relay.conf', import.meta.url), 'utf8');
const caddy = readFileSync(new URL('../../deploy/Caddyfile', import.meta.url), 'utf8');
/** The console's own limit on a job photo (src/main/jobs/api-handlers.ts). */
const CONSOLE_PHOTO_BYTES = 10 * 1024 * 1024;

const megabytes = (text: string | undefined): number => {
  const match = /^(\d+)(m|MB)$/.exec(text ?? '');
  if (match === null) throw new Error(`not a size in megabytes: ${text}`);
  return Number(match[1]) * (match[2] === 'm' ? 1024 * 1024 : 1_000_000);
};

describe('the shipped proxy configurations', () => {
  it('keep calendar feed paths (they hold the secret) out of the nginx access log', () => {
    const block = /location \/calendar\/ \{([^}]*)\}/.exec(nginx);
    expect(block?.[1]).toContain('access_log off;');
    expect(block?.[1]).toContain('proxy_pass http://ringside_relay;');
  });

  it('take a job photo as large as the console sends, on the photo path only', () => {
    const photos = /location = \/v1\/jobs\/photos \{([^}]*)\}/.exec(nginx)?.[1];
    expect(megabytes(/client_max_body_size (\S+);/.exec(photos ?? '')?.[1])).toBeGreaterThan(CONSOLE_PHOTO_BYTES);
    // Everything else keeps the small limit.
    const serverWide = /\n {4}client_max_body_size (\S+);/.exec(nginx)?.[1];
    expect(megabytes(serverWide)).toBeLessThan(CONSOLE_PHOTO_BYTES);

    expect(caddy).toMatch(/@photos path \/v1\/jobs\/photos\n\trequest_body @photos \{\n\t\tmax_size (\d+MB)/);
    expect(megabytes(/request_body @photos \{\n\t\tmax_size (\d+MB)/.exec(caddy)?.[1])).toBeGreaterThan(CONSOLE_PHOTO_BYTES);
    expect(caddy).toMatch(/@notPhotos not path \/v1\/jobs\/photos\n\trequest_body @notPhotos \{\n\t\tmax_size 2MB/);
  });
});
