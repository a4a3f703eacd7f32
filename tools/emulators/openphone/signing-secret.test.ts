import { describe, expect, it } from 'vitest';
import { signingSecretFor } from './signing-secret';

const LEGACY = 'cmVjZXB0aW9uaXN0LWNvbnNvbGUtdGVzdC1rZXktMDE=';
const STANDARD = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

describe('the signing key the simulator uses', () => {
  it('is the only key when the setting holds one of the right kind', () => {
    expect(signingSecretFor(LEGACY, 'legacy')).toBe(LEGACY);
    expect(signingSecretFor(STANDARD, 'standard')).toBe(STANDARD);
  });

  it('is the key of the generation sent when the setting lists both, in either order', () => {
    for (const setting of [`${LEGACY},${STANDARD}`, ` ${STANDARD} , ${LEGACY} `]) {
      expect(signingSecretFor(setting, 'legacy')).toBe(LEGACY);
      expect(signingSecretFor(setting, 'standard')).toBe(STANDARD);
    }
  });

  it('is missing, with a message naming the setting and not the key, when only the other kind is there', () => {
    const failure = (setting: string, generation: 'legacy' | 'standard'): string => {
      try {
        return `returned ${signingSecretFor(setting, generation)}`;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    };
    expect(failure(LEGACY, 'standard')).toMatch(/^OPENPHONE_WEBHOOK_SECRET has no whsec_… key/);
    expect(failure(`${STANDARD},`, 'legacy')).toMatch(/^OPENPHONE_WEBHOOK_SECRET has no legacy key/);
    expect(failure(LEGACY, 'standard')).not.toContain(LEGACY);
    expect(failure(STANDARD, 'legacy')).not.toContain(STANDARD.slice('whsec_'.length));
  });
});
