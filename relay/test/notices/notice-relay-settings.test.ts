import { describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../src/config';

describe('notice settings of the relay', () => {
  it('default to a run a minute, 8 tries and no general portal address', () => {
    const parsed = parseRelaySettings({});
    expect(parsed.ok && parsed.settings.notices).toEqual({ runEveryMs: 60_000, maxAttempts: 8, portalUrl: '' });
  });

  it.each([
    ['RELAY_NOTICES_RUN_SECONDS', '5', 'RELAY_NOTICES_RUN_SECONDS must be a number of seconds from 10 to 3600'],
    ['RELAY_NOTICES_MAX_ATTEMPTS', '0', 'RELAY_NOTICES_MAX_ATTEMPTS must be a number of tries from 1 to 50'],
    ['RELAY_NOTICES_PORTAL_URL', 'http://example.com/account', 'RELAY_NOTICES_PORTAL_URL must be an https URL'],
    ['RELAY_NOTICES_PORTAL_URL', 'https://user:pw@example.com/', 'RELAY_NOTICES_PORTAL_URL must be an https URL'],
  ])('a bad %s (%s) stops start-up naming it', (name, value, words) => {
    const parsed = parseRelaySettings({ [name]: value });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.join('\n')).toContain(words);
  });

  it('an https portal address is what automatic notices say for {{portalLink}}', () => {
    const parsed = parseRelaySettings({ RELAY_NOTICES_PORTAL_URL: 'https://frontdesk.example/account', RELAY_NOTICES_RUN_SECONDS: '30' });
    expect(parsed.ok && parsed.settings.notices).toEqual({ runEveryMs: 30_000, maxAttempts: 8, portalUrl: 'https://frontdesk.example/account' });
  });
});
