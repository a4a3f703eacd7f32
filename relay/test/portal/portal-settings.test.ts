import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../src/config';

/** The portal's settings: documented defaults, and a bad value (or logo file) stops start-up naming it. */

const dir = mkdtempSync(path.join(tmpdir(), 'ringside-portal-settings-'));
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorsOf(env: Record<string, string>): string {
  const parsed = parseRelaySettings(env);
  return parsed.ok ? '' : parsed.errors.join('\n');
}

describe('portal settings', () => {
  it('default to no name, no contact, no logo, recordings and transcripts off, 60 a minute with a burst of 30, top-ups of 25, 50 and 100', () => {
    const parsed = parseRelaySettings({});
    expect(parsed.ok && parsed.settings.portal).toEqual({ businessName: null, contact: null, logo: null, showRecordings: false, showTranscripts: false, rateLimit: { perSecond: 1, burst: 30 }, topUpAmounts: [25, 50, 100] });
  });

  it('take a contact of up to 200 characters, and stop start-up naming RELAY_BUSINESS_CONTACT past it', () => {
    const parsed = parseRelaySettings({ RELAY_BUSINESS_CONTACT: ' call (617) 555-0100 ' });
    expect(parsed.ok && parsed.settings.portal.contact).toBe('call (617) 555-0100');
    expect(errorsOf({ RELAY_BUSINESS_CONTACT: 'x'.repeat(201) })).toContain('RELAY_BUSINESS_CONTACT must be at most 200 characters, got 201');
  });

  it('read the logo once at start-up, by its bytes', () => {
    const file = path.join(dir, 'logo.png');
    writeFileSync(file, PNG);
    const parsed = parseRelaySettings({ PORTAL_LOGO_FILE: file, RELAY_BUSINESS_NAME: 'Harbor IT Support', PORTAL_SHOW_RECORDINGS: 'on', PORTAL_TOP_UP_AMOUNTS: '100, 20' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings.portal.logo).toEqual({ contentType: 'image/png', bytes: PNG });
    expect(parsed.settings.portal).toMatchObject({ businessName: 'Harbor IT Support', showRecordings: true, topUpAmounts: [20, 100] });
  });

  it.each([
    ['a logo file that is not there', () => ({ PORTAL_LOGO_FILE: path.join(dir, 'missing.png') }), /PORTAL_LOGO_FILE .*missing\.png could not be read/],
    ['a logo that is no image (an SVG, which can carry script)', () => { const file = path.join(dir, 'logo.svg'); writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'); return { PORTAL_LOGO_FILE: file }; }, /PORTAL_LOGO_FILE .*logo\.svg is not a PNG, JPEG, GIF or WebP image/],
    ['a logo too large for every page', () => { const file = path.join(dir, 'big.png'); writeFileSync(file, Buffer.concat([PNG, Buffer.alloc(300 * 1024)])); return { PORTAL_LOGO_FILE: file }; }, /PORTAL_LOGO_FILE .*big\.png is 301 KB; use an image of at most 200 KB/],
    ['recordings neither on nor off', () => ({ PORTAL_SHOW_RECORDINGS: 'yes' }), /PORTAL_SHOW_RECORDINGS must be on or off, got 'yes'/],
    ['a top-up amount with cents', () => ({ PORTAL_TOP_UP_AMOUNTS: '25,12.50' }), /PORTAL_TOP_UP_AMOUNTS must be up to 6 whole amounts/],
    ['a burst of none', () => ({ PORTAL_BURST: '0' }), /PORTAL_BURST must be a number of requests from 1/],
  ])('stop start-up naming %s', (_what, env, message) => {
    expect(errorsOf(env())).toMatch(message);
  });
});
