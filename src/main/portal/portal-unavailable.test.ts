import { describe, expect, it } from 'vitest';
import { PORTAL_NOT_SET_UP_WORDS, portalUnavailableWords, RELAY_TOO_OLD_WORDS, RELAY_UNREACHABLE_WORDS } from './portal-unavailable';

describe('when the customer page says portal links are unavailable', () => {
  it('a relay that does not answer, one too old to have the endpoint, and one that says 503 in its words', () => {
    expect(portalUnavailableWords(null, null)).toBe(RELAY_UNREACHABLE_WORDS);
    expect(portalUnavailableWords(404, 'no such endpoint: /v1/portal/links')).toBe(RELAY_TOO_OLD_WORDS);
    expect(portalUnavailableWords(503, 'Portal links need RELAY_PUBLIC_URL: whoever runs the relay sets it.')).toBe('Portal links need RELAY_PUBLIC_URL: whoever runs the relay sets it.');
    expect(portalUnavailableWords(503, null)).toBe(PORTAL_NOT_SET_UP_WORDS);
  });

  it("a relay that has the endpoint and refuses one request is passed on, not taken for 'unavailable'", () => {
    expect(portalUnavailableWords(404, 'There is no such portal link.')).toBeNull();
    expect(portalUnavailableWords(404, null)).toBeNull();
    expect(portalUnavailableWords(400, 'expiresInDays must be at most 3650')).toBeNull();
    expect(portalUnavailableWords(403, 'This device may not make portal links.')).toBeNull();
  });
});
