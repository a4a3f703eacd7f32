import { describe, expect, it } from 'vitest';
import { signLegacy, signStandard } from './signature';

// Spec telephony-providers §1.6, §1.7 and §1.10 vectors.
const EXAMPLE_BODY =
  '{"id":"EVtest0000000000000000000000000001","object":"event","apiVersion":"v3","createdAt":"2026-01-01T00:00:00.000Z","type":"call.ringing","data":{"object":{"id":"ACtest0000000000000000000000000001","object":"call","from":"+15551230001","to":"+15559870002","direction":"incoming","media":[],"voicemail":null,"status":"ringing","createdAt":"2025-12-31T23:59:59.500Z","answeredAt":null,"completedAt":null,"userId":"UStest0001","phoneNumberId":"PNtest0001","conversationId":"CNtest0000000000000000000000000001"}}}';

describe('the emulator signs legacy deliveries as OpenPhone does', () => {
  it('V1: the example delivery gets the spec header', () => {
    expect(Buffer.byteLength(EXAMPLE_BODY)).toBe(510);
    expect(signLegacy('cmVjZXB0aW9uaXN0LWNvbnNvbGUtdGVzdC1rZXktMDE=', 1767225600000, EXAMPLE_BODY)).toBe(
      'hmac;1;1767225600000;EU11WXNlGGdtzSCZ3SKosvqJ372zhzuRu9QE1+9vl84=',
    );
  });

  it('V3: a key with bytes ≥ 0x80 is used as bytes, string or Buffer body alike', () => {
    const expected = 'hmac;1;1767225600000;S4a86g+BnCAkG4ru/8ukluMgvwku+dv0Nl5SFfwFGdQ=';
    expect(signLegacy('AH+An6D/ECDDqeKCrAECAw==', 1767225600000, EXAMPLE_BODY)).toBe(expected);
    expect(signLegacy('AH+An6D/ECDDqeKCrAECAw==', 1767225600000, Buffer.from(EXAMPLE_BODY))).toBe(expected);
  });
});

describe('the emulator signs Standard Webhooks deliveries', () => {
  it('reproduces the Standard Webhooks spec vector', () => {
    expect(signStandard('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('reproduces the Ringside vector', () => {
    const body =
      '{"id":"EVtest0000000000000000000000000002","apiVersion":"2026-03-30","createdAt":"2026-01-01T00:00:00.000Z","type":"call.completed","data":{"resource":{"id":"ACtest0000000000000000000000000001"},"context":{"orgId":"ORtest0001"},"links":{}}}';
    expect(signStandard('whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', 'msg_2testDeliveryId0000000001', 1767225600, body)).toBe(
      'v1,6qJP84WdQGJKVkcLz2O5fs9ixQgKjNLBLpb/6LPlJHY=',
    );
  });
});
