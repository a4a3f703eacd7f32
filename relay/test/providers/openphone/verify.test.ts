import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseOpenPhoneSecrets, verifyOpenPhoneSignature, type OpenPhoneKey } from '../../../src/providers/openphone/verify';

// Spec telephony-providers §1.7: the example legacy delivery, one line, no trailing newline.
const EXAMPLE_BODY = Buffer.from(
  '{"id":"EVtest0000000000000000000000000001","object":"event","apiVersion":"v3","createdAt":"2026-01-01T00:00:00.000Z","type":"call.ringing","data":{"object":{"id":"ACtest0000000000000000000000000001","object":"call","from":"+15551230001","to":"+15559870002","direction":"incoming","media":[],"voicemail":null,"status":"ringing","createdAt":"2025-12-31T23:59:59.500Z","answeredAt":null,"completedAt":null,"userId":"UStest0001","phoneNumberId":"PNtest0001","conversationId":"CNtest0000000000000000000000000001"}}}',
  'utf8',
);
const V1_SECRET = 'cmVjZXB0aW9uaXN0LWNvbnNvbGUtdGVzdC1rZXktMDE=';
const V1_HEADER = 'hmac;1;1767225600000;EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=';
const V3_SECRET = 'AH+An6D/ECDDqeKCrAECAw==';
const SIGNED_AT_MS = Date.parse('2026-01-01T00:00:00Z');
const FIVE_MINUTES = 5 * 60 * 1000;

function verifyLegacy(header: string | undefined, opts: { secret?: string; body?: Buffer; nowMs?: number } = {}) {
  return verifyOpenPhoneSignature({
    headers: header === undefined ? {} : { 'openphone-signature': header },
    rawBody: opts.body ?? EXAMPLE_BODY,
    keys: parseOpenPhoneSecrets(opts.secret ?? V1_SECRET),
    nowMs: opts.nowMs ?? SIGNED_AT_MS,
    toleranceMs: FIVE_MINUTES,
  });
}

const bad = (reason: string) => ({ ok: false, reason });
const legacyOk = { ok: true, generation: 'legacy', deliveryId: null };

describe('legacy openphone-signature (spec §1.6 vectors)', () => {
  it('the example delivery is exactly 510 bytes', () => {
    expect(EXAMPLE_BODY.length).toBe(510);
  });

  it('V1: a delivery signed with the decoded key is accepted', () => {
    expect(verifyLegacy(V1_HEADER)).toEqual(legacyOk);
  });

  it('V2: a digest keyed with the base64 text instead of the decoded key is rejected', () => {
    expect(verifyLegacy('hmac;1;1767225600000;/LeoWG82e1ANPwpHDxRLlsX26KL50ENroNQkmQicCHU=')).toEqual(bad('bad_signature'));
  });

  it('V3: a key with bytes ≥ 0x80 verifies, and the latin1-string bug digest is rejected', () => {
    expect(verifyLegacy('hmac;1;1767225600000;S4a86g+BnCAkG4ru/8ukluMgvwku+dv0Nl5SFfwFGdQ=', { secret: V3_SECRET })).toEqual(legacyOk);
    expect(verifyLegacy('hmac;1;1767225600000;X3/ZSfnkgRHxTh5QFWYZ7qRN6SXAet8wpmOupm9+yhg=', { secret: V3_SECRET })).toEqual(
      bad('bad_signature'),
    );
  });

  it('V4: the valid V1 delivery seen ten minutes later is stale', () => {
    expect(verifyLegacy(V1_HEADER, { nowMs: Date.parse('2026-01-01T00:10:00Z') })).toEqual(bad('stale_timestamp'));
  });

  it('a timestamp further in the future than the tolerance is refused too', () => {
    expect(verifyLegacy(V1_HEADER, { nowMs: Date.parse('2025-12-31T23:50:00Z') })).toEqual(bad('stale_timestamp'));
    expect(verifyLegacy(V1_HEADER, { nowMs: Date.parse('2025-12-31T23:56:00Z') })).toEqual(legacyOk);
  });

  it('V5: one changed byte in the body breaks the signature', () => {
    const tampered = Buffer.from(EXAMPLE_BODY);
    tampered[EXAMPLE_BODY.indexOf('+15551230001') + 11] = '2'.charCodeAt(0);
    expect(tampered.equals(EXAMPLE_BODY)).toBe(false);
    expect(verifyLegacy(V1_HEADER, { body: tampered })).toEqual(bad('bad_signature'));
  });

  it('a comma-separated list is accepted when any one entry matches', () => {
    const wrong = 'hmac;1;1767225600000;/LeoWG82e1ANPwpHDxRLlsX26KL50ENroNQkmQicCHU=';
    expect(verifyLegacy(`${wrong},${V1_HEADER}`)).toEqual(legacyOk);
    expect(verifyLegacy(`${V1_HEADER}, ${wrong}`)).toEqual(legacyOk);
    expect(verifyLegacy(`${wrong},EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=`)).toEqual(legacyOk);
    expect(verifyLegacy(`${wrong},${wrong}`)).toEqual(bad('bad_signature'));
  });

  it('a 10-digit timestamp in seconds is read as seconds', () => {
    const seconds = 1767225600;
    const digest = createHmac('sha256', Buffer.from(V1_SECRET, 'base64'))
      .update(Buffer.concat([Buffer.from(`${seconds}.`), EXAMPLE_BODY]))
      .digest('base64');
    expect(verifyLegacy(`hmac;1;${seconds};${digest}`)).toEqual(legacyOk);
    expect(verifyLegacy(`hmac;1;${seconds};${digest}`, { nowMs: SIGNED_AT_MS + FIVE_MINUTES + 1000 })).toEqual(bad('stale_timestamp'));
  });

  it('a missing header and malformed headers are told apart', () => {
    expect(verifyLegacy(undefined)).toEqual(bad('missing_signature'));
    for (const header of [
      '',
      'hmac;1;1767225600000',
      'EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=',
      'hmac;1;17672256000;EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=',
      'hmac;1;soon;EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=',
      'hmac;1;1767225600000;not base64!',
      'hmac;2;1767225600000;EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=',
    ]) {
      expect(verifyLegacy(header), header).toEqual(bad('malformed_signature'));
    }
  });

  it('header names are matched whatever their case, and repeated headers are all tried', () => {
    const keys = parseOpenPhoneSecrets(V1_SECRET);
    const base = { rawBody: EXAMPLE_BODY, keys, nowMs: SIGNED_AT_MS, toleranceMs: FIVE_MINUTES };
    expect(verifyOpenPhoneSignature({ ...base, headers: { 'OpenPhone-Signature': V1_HEADER } })).toEqual(legacyOk);
    expect(
      verifyOpenPhoneSignature({ ...base, headers: { 'openphone-signature': ['hmac;1;1767225600000;AAAA', V1_HEADER] } }),
    ).toEqual(legacyOk);
  });

  it('a Standard Webhooks key does not verify legacy deliveries', () => {
    expect(verifyLegacy(V1_HEADER, { secret: `whsec_${V1_SECRET}` })).toEqual(bad('bad_signature'));
  });
});

// Spec §1.10 vectors.
const SPEC_STANDARD = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const RINGSIDE_STANDARD = {
  secret: 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  id: 'msg_2testDeliveryId0000000001',
  timestamp: 1767225600,
  body: '{"id":"EVtest0000000000000000000000000002","apiVersion":"2026-03-30","createdAt":"2026-01-01T00:00:00.000Z","type":"call.completed","data":{"resource":{"id":"ACtest0000000000000000000000000001"},"context":{"orgId":"ORtest0001"},"links":{}}}',
  signature: 'v1,6qJP84WdQGJKVkcLz2O5fs9ixQgKjNLBLpb/6LPlJHY=',
};

function verifyStandard(
  vector: typeof SPEC_STANDARD,
  overrides: { headers?: Record<string, string | undefined>; nowMs?: number; keys?: OpenPhoneKey[]; body?: string } = {},
) {
  return verifyOpenPhoneSignature({
    headers: {
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': vector.signature,
      ...overrides.headers,
    },
    rawBody: Buffer.from(overrides.body ?? vector.body, 'utf8'),
    keys: overrides.keys ?? parseOpenPhoneSecrets(vector.secret),
    nowMs: overrides.nowMs ?? vector.timestamp * 1000 + 1000,
    toleranceMs: FIVE_MINUTES,
  });
}

describe('Standard Webhooks signature (spec §1.10 vectors)', () => {
  it('the Standard Webhooks spec vector verifies and reports the delivery id', () => {
    expect(verifyStandard(SPEC_STANDARD)).toEqual({ ok: true, generation: 'standard', deliveryId: SPEC_STANDARD.id });
  });

  it('the Ringside vector verifies', () => {
    expect(verifyStandard(RINGSIDE_STANDARD)).toEqual({ ok: true, generation: 'standard', deliveryId: RINGSIDE_STANDARD.id });
  });

  it('any entry of a space-separated list may match; other versions are skipped', () => {
    const other = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-signature': `v1a,AAAA ${other} ${RINGSIDE_STANDARD.signature}` } })).toMatchObject({
      ok: true,
    });
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-signature': other } })).toEqual(bad('bad_signature'));
  });

  it('a changed body, id or timestamp breaks the signature', () => {
    expect(verifyStandard(RINGSIDE_STANDARD, { body: RINGSIDE_STANDARD.body.replace('0002', '0003') })).toEqual(bad('bad_signature'));
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-id': 'msg_other' } })).toEqual(bad('bad_signature'));
    expect(
      verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-timestamp': String(RINGSIDE_STANDARD.timestamp + 1) } }),
    ).toEqual(bad('bad_signature'));
  });

  it('stale and future timestamps are refused', () => {
    const signedMs = RINGSIDE_STANDARD.timestamp * 1000;
    expect(verifyStandard(RINGSIDE_STANDARD, { nowMs: signedMs + FIVE_MINUTES + 1000 })).toEqual(bad('stale_timestamp'));
    expect(verifyStandard(RINGSIDE_STANDARD, { nowMs: signedMs - FIVE_MINUTES - 1000 })).toEqual(bad('stale_timestamp'));
  });

  it('a signature without its id or timestamp, or not in v1,<base64> form, is malformed', () => {
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-id': undefined } })).toEqual(bad('malformed_signature'));
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-timestamp': undefined } })).toEqual(bad('malformed_signature'));
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-timestamp': '2026-01-01' } })).toEqual(bad('malformed_signature'));
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-signature': 'nonsense' } })).toEqual(bad('malformed_signature'));
    expect(verifyStandard(RINGSIDE_STANDARD, { headers: { 'webhook-signature': 'v1,%%%' } })).toEqual(bad('malformed_signature'));
  });

  it('a webhook-id alone is not a signature', () => {
    expect(
      verifyOpenPhoneSignature({
        headers: { 'webhook-id': 'msg_x', 'webhook-timestamp': '1767225600' },
        rawBody: Buffer.from('{}'),
        keys: parseOpenPhoneSecrets(RINGSIDE_STANDARD.secret),
        nowMs: 1767225600000,
        toleranceMs: FIVE_MINUTES,
      }),
    ).toEqual(bad('missing_signature'));
  });
});

describe('OPENPHONE_WEBHOOK_SECRET', () => {
  it('holds both generations and rotated keys, comma-separated', () => {
    const keys = parseOpenPhoneSecrets(` ${V1_SECRET} , ${RINGSIDE_STANDARD.secret},${V3_SECRET}`);
    expect(keys.map((k) => k.kind)).toEqual(['legacy', 'standard', 'legacy']);
    expect(keys[0]!.key.toString('ascii')).toBe('receptionist-console-test-key-01');
    expect(keys[1]!.key.toString('ascii')).toBe('0123456789abcdef0123456789abcdef');
    expect(verifyLegacy(V1_HEADER, { secret: `${V3_SECRET},${V1_SECRET}` })).toEqual(legacyOk);
    expect(verifyStandard(RINGSIDE_STANDARD, { keys })).toMatchObject({ ok: true });
  });

  it('decodes the docs sample secret to its ASCII text', () => {
    const [key] = parseOpenPhoneSecrets('R2ZLM2o0bFhBNVpyUnU2NG9mYXQ1MHNyR3pvSUhIVVg=');
    expect(key).toEqual({ kind: 'legacy', key: Buffer.from('GfK3j4lXA5ZrRu64ofat50srGzoIHHUX', 'ascii') });
  });

  it('a bad setting is refused with a message naming it, never echoing the secret', () => {
    const cases = ['', ' , ', 'not base64 at all!', 'whsec_', 'whsec_%%%%', 'c2hvcnQ=', `${V1_SECRET},oops!`];
    for (const setting of cases) {
      let message = '';
      try {
        parseOpenPhoneSecrets(setting);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, setting).toMatch(/^OPENPHONE_WEBHOOK_SECRET/);
      for (const secretish of [V1_SECRET, 'c2hvcnQ', 'oops', 'not base64']) expect(message).not.toContain(secretish);
    }
    expect(() => parseOpenPhoneSecrets(`${V1_SECRET},oops!`)).toThrow(/entry 2 of 2/);
    expect(() => parseOpenPhoneSecrets('c2hvcnQ=')).toThrow(/too short/);
  });
});
