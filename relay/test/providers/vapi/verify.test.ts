import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vapiAuthHeaders } from '../../../../tools/emulators/vapi/signature';
import { parseRelaySettings } from '../../../src/config';
import { readVapiSettings, type VapiHmacSettings } from '../../../src/providers/vapi/settings';
import { verifyVapiHmac, verifyVapiSecret } from '../../../src/providers/vapi/verify';

const SPEC_BODY = Buffer.from(
  '{"message":{"type":"assistant-request","timestamp":1767225600000,"call":{"id":"call-test-0001","orgId":"org-test-0001","type":"inboundPhoneCall"},"phoneNumber":{"id":"pn-test-0001","number":"+15559870002"},"customer":{"number":"+15551230001"}}}',
);
const AT = 1767225600_000;
const defaults = (overrides: Partial<VapiHmacSettings> = {}): VapiHmacSettings => ({ ...readVapiSettings(() => undefined, []).hmac, ...overrides });
const hmac = (headers: Record<string, string>, settings = defaults(), nowMs = AT, body = SPEC_BODY) =>
  verifyVapiHmac({ headers, rawBody: body, publicUrl: 'https://relay.example.test/webhooks/vapi', nowMs, toleranceMs: 300_000, key: Buffer.from('vapi-hmac-test-secret'), settings });

describe('X-Vapi-Secret (spec §3.4, the default)', () => {
  it('accepts the secret and refuses another, a prefix of it, a longer one, a repeated header and none', () => {
    const secret = 'vapi-shared-secret-test';
    expect(verifyVapiSecret({ 'x-vapi-secret': secret }, secret)).toEqual({ ok: true });
    expect(verifyVapiSecret({ 'x-vapi-secret': 'vapi-shared-secret-tesT' }, secret)).toEqual({ ok: false, reason: 'bad_secret' });
    expect(verifyVapiSecret({ 'x-vapi-secret': 'vapi-shared' }, secret)).toEqual({ ok: false, reason: 'bad_secret' });
    expect(verifyVapiSecret({ 'x-vapi-secret': `${secret}x` }, secret)).toEqual({ ok: false, reason: 'bad_secret' });
    expect(verifyVapiSecret({ 'x-vapi-secret': [secret, secret] }, secret)).toEqual({ ok: false, reason: 'missing_secret' });
    expect(verifyVapiSecret({ authorization: `Bearer ${secret}` }, secret)).toEqual({ ok: false, reason: 'missing_secret' });
  });
});

describe('HMAC credential (spec §3.4 test vectors)', () => {
  it('accepts the default {timestamp}.{body} vector and the body-only vector', () => {
    expect(hmac({ 'x-signature': 'a5d6010915493604c740f7bcd88b13724528c11127ff1a56e409280384e68cbe', 'x-timestamp': '1767225600' })).toEqual({ ok: true });
    expect(hmac({ 'x-signature': 'c97a8637924970f8dcf185ad3d50e7a2ef71ffbca9ec9907a6a64fd7d812cc86' }, defaults({ payloadFormat: '{body}' }))).toEqual({ ok: true });
  });

  it('accepts the timestamp in milliseconds too (the unit is unconfirmed)', () => {
    const signature = createHmac('sha256', 'vapi-hmac-test-secret').update(`${AT}.`).update(SPEC_BODY).digest('hex');
    expect(hmac({ 'x-signature': signature, 'x-timestamp': String(AT) })).toEqual({ ok: true });
  });

  it('refuses a tampered body, a stale or future timestamp, a wrong key, and malformed headers', () => {
    const good = { 'x-signature': 'a5d6010915493604c740f7bcd88b13724528c11127ff1a56e409280384e68cbe', 'x-timestamp': '1767225600' };
    expect(hmac(good, defaults(), AT, Buffer.from(SPEC_BODY.toString().replace('+15551230001', '+15551230002')))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(hmac(good, defaults(), AT + 301_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(hmac(good, defaults(), AT - 301_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(hmac({ ...good, 'x-timestamp': '1767225601' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(hmac({ 'x-signature': good['x-signature'] })).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(hmac({ ...good, 'x-timestamp': 'soon' })).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(hmac({ ...good, 'x-signature': 'zz' + good['x-signature'].slice(2) })).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(hmac({ 'x-timestamp': '1767225600' })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it("verifies what the emulator signs with every option: sha512, base64, a prefix, other headers, a base64 secret", () => {
    const secretKey = Buffer.from('another-secret-of-some-length!!').toString('base64');
    const options = { algorithm: 'sha512', signatureHeader: 'x-vapi-signature', timestampHeader: 'x-vapi-timestamp', signaturePrefix: 'sha512=', signatureEncoding: 'base64', secretIsBase64: true } as const;
    const headers = vapiAuthHeaders(SPEC_BODY, { mode: 'hmac', secretKey, ...options }, AT);
    const settings = defaults({ algorithm: 'sha512', signatureHeader: 'x-vapi-signature', timestampHeader: 'x-vapi-timestamp', signaturePrefix: 'sha512=', encoding: 'base64', secretIsBase64: true });
    expect(verifyVapiHmac({ headers, rawBody: SPEC_BODY, publicUrl: null, nowMs: AT, toleranceMs: 300_000, key: Buffer.from(secretKey, 'base64'), settings })).toEqual({ ok: true });
  });
});

describe('settings', () => {
  it('has documented defaults: X-Vapi-Secret, the assistant for unknown callers, the refusal spoken', () => {
    const errors: string[] = [];
    const settings = readVapiSettings(() => undefined, errors);
    expect(errors).toEqual([]);
    expect(settings).toMatchObject({ secret: null, mode: 'secret', answer: { assistantId: null, refusal: 'refused', unknownCaller: 'assistant', forwardNumber: null } });
    expect(settings.hmac).toMatchObject({ algorithm: 'sha256', signatureHeader: 'x-signature', timestampHeader: 'x-timestamp', payloadFormat: '{timestamp}.{body}', encoding: 'hex' });
  });

  it('stops start-up naming each bad setting', () => {
    const bad: Record<string, string> = {
      VAPI_SECRET: 'short',
      VAPI_AUTH_MODE: 'bearer',
      VAPI_HMAC_ALGORITHM: 'md5',
      VAPI_HMAC_PAYLOAD_FORMAT: '{timestamp}',
      VAPI_HMAC_SIGNATURE_ENCODING: 'base32',
      VAPI_ASSISTANT_ID: 'not an id!',
      VAPI_REFUSAL: 'forward',
      VAPI_UNKNOWN_CALLER: 'hang-up',
    };
    const errors: string[] = [];
    readVapiSettings((name) => bad[name], errors);
    for (const name of Object.keys(bad)) expect(errors.join('\n')).toContain(name);
    expect(errors.join('\n')).toContain('VAPI_FORWARD_NUMBER is required');
  });

  it('stops start-up naming VAPI_HMAC_PAYLOAD_FORMAT and RELAY_PUBLIC_URL when the signed payload has {url} and RELAY_PUBLIC_URL is unset', () => {
    const env = { VAPI_SECRET: 'vapi-hmac-test-secret', VAPI_AUTH_MODE: 'hmac', VAPI_HMAC_PAYLOAD_FORMAT: '{method}.{url}.{timestamp}.{body}' };
    const refused = parseRelaySettings(env);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors).toContainEqual(expect.stringMatching(/VAPI_HMAC_PAYLOAD_FORMAT .*\{url\}.*RELAY_PUBLIC_URL/));
    expect(parseRelaySettings({ ...env, RELAY_PUBLIC_URL: 'https://relay.example.com' }).ok).toBe(true);
    expect(parseRelaySettings({ ...env, VAPI_AUTH_MODE: 'secret' }).ok).toBe(true);
  });
});
