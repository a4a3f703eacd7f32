import { describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../../src/config';
import { matchAllowedHost } from '../../../src/media/allowed-hosts';
import { readTwilioSettings } from '../../../src/providers/twilio/settings';

const SID = `AC${'a'.repeat(32)}`;
const read = (values: Record<string, string>) => {
  const errors: string[] = [];
  const settings = readTwilioSettings((name) => values[name], errors);
  return { settings, errors };
};

describe('Twilio settings', () => {
  it('unset: not configured, calls to any number refused, recording on, the media credentials for api.twilio.com once the account is set', () => {
    expect(read({}).settings).toMatchObject({ authTokens: null, defaultRoute: { kind: 'reject' }, record: true, dialTimeoutSeconds: 20, media: null });
    expect(read({ TWILIO_AUTH_TOKEN: 'tok', TWILIO_ACCOUNT_SID: SID }).settings.media).toEqual({ origin: 'https://api.twilio.com', accountSid: SID, authToken: 'tok' });
    expect(read({ TWILIO_AUTH_TOKEN: 'tok', TWILIO_ACCOUNT_SID: SID, TWILIO_MEDIA_AUTH: 'off' }).settings.media).toBeNull();
  });

  it.each([
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, 'TWILIO_ACCOUNT_SID'],
    [{ TWILIO_AUTH_TOKEN: 'a,b,c' }, 'TWILIO_AUTH_TOKEN'],
    [{ TWILIO_VOICE_ROUTES: '+15559870002=ring:+15551110000' }, 'TWILIO_VOICE_ROUTES'],
    [{ TWILIO_DEFAULT_ROUTE: 'dial:nobody' }, 'TWILIO_DEFAULT_ROUTE'],
    [{ TWILIO_RECORD_CALLS: 'yes' }, 'TWILIO_RECORD_CALLS'],
    [{ TWILIO_DIAL_TIMEOUT_SECONDS: '2' }, 'TWILIO_DIAL_TIMEOUT_SECONDS'],
    [{ TWILIO_AUTH_TOKEN: 'tok' }, 'TWILIO_MEDIA_AUTH is on but TWILIO_ACCOUNT_SID is unset'],
    [{ TWILIO_MEDIA_ORIGIN: 'http://media.example.com' }, 'TWILIO_MEDIA_ORIGIN must be https'],
    [{ TWILIO_MEDIA_ORIGIN: 'https://api.twilio.com/2010-04-01' }, 'TWILIO_MEDIA_ORIGIN must be an origin'],
  ])('%j stops start-up naming %s', (values, words) => {
    expect(read(values).errors.join('\n')).toContain(words);
  });

  it('plain http media origin only to this machine (an emulator)', () => {
    expect(read({ TWILIO_MEDIA_ORIGIN: 'http://127.0.0.1:9000' }).errors).toEqual([]);
  });

  it('with Twilio configured, recordings at TWILIO_MEDIA_ORIGIN are allowed on top of RELAY_MEDIA_ALLOWED_HOSTS, whether it is set or not', () => {
    const allowed = (env: Record<string, string>, url: string) => {
      const parsed = parseRelaySettings(env);
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      return matchAllowedHost(parsed.settings.media.allowedHosts, new URL(url));
    };
    const recording = `https://api.twilio.com/2010-04-01/Accounts/${SID}/Recordings/RE${'d'.repeat(32)}.mp3`;
    const twilio = { TWILIO_AUTH_TOKEN: 'tok', TWILIO_ACCOUNT_SID: SID };
    expect(allowed(twilio, recording)).toBe('listed');
    expect(allowed(twilio, 'https://storage.googleapis.com/bucket/a.mp3')).toBe('listed');
    expect(allowed({ ...twilio, RELAY_MEDIA_ALLOWED_HOSTS: 'media.example.com' }, recording)).toBe('listed');
    expect(allowed({ ...twilio, RELAY_MEDIA_ALLOWED_HOSTS: 'media.example.com' }, 'https://storage.googleapis.com/bucket/a.mp3')).toBeNull();
    // An emulator on loopback: exactly its host:port, as a loopback media host must be listed.
    expect(allowed({ ...twilio, TWILIO_MEDIA_ORIGIN: 'http://127.0.0.1:9000' }, 'http://127.0.0.1:9000/r.mp3')).toBe('exact');
    expect(allowed({ ...twilio, TWILIO_MEDIA_ORIGIN: 'http://127.0.0.1:9000' }, 'http://127.0.0.1:9001/r.mp3')).toBeNull();
    expect(allowed({}, recording)).toBeNull();
  });
});
