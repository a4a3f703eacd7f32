import { describe, expect, it } from 'vitest';
import { signIntuitPayload, verifyIntuitSignature } from '../../../src/providers/quickbooks/webhook-signature';
import { CLOUD_EVENTS_VECTOR, LEGACY_VECTOR, SPEC_VERIFIER_TOKEN } from '../../quickbooks/support/spec-vectors';

describe('intuit-signature (spec §10 test vectors)', () => {
  it.each([
    ['legacy envelope', LEGACY_VECTOR.body, LEGACY_VECTOR.signature],
    ['CloudEvents', CLOUD_EVENTS_VECTOR.body, CLOUD_EVENTS_VECTOR.signature],
    ['{}', '{}', 'D4/mxzua8d+Pjd1Ipa5Yuiq0hiURSR0Qnat8WE7Xlyg='],
    ['empty body', '', 'y8n/zrkF4QU7YTVWvngmRTpyCDyEXLNZdW+NNltBnyI='],
  ])('verifies the %s vector', (_name, body, signature) => {
    expect(signIntuitPayload(Buffer.from(body), SPEC_VERIFIER_TOKEN)).toBe(signature);
    expect(verifyIntuitSignature(Buffer.from(body), signature, SPEC_VERIFIER_TOKEN)).toBe(true);
  });

  it('has the byte lengths the spec gives', () => {
    expect(Buffer.byteLength(LEGACY_VECTOR.body)).toBe(274);
    expect(Buffer.byteLength(CLOUD_EVENTS_VECTOR.body)).toBe(263);
  });

  it('fails for a changed id, re-serialized JSON, another key, and a missing header', () => {
    const changed = LEGACY_VECTOR.body.replace('"1042"', '"1044"');
    expect(verifyIntuitSignature(Buffer.from(changed), LEGACY_VECTOR.signature, SPEC_VERIFIER_TOKEN)).toBe(false);
    const pretty = JSON.stringify(JSON.parse(LEGACY_VECTOR.body), null, 2);
    expect(verifyIntuitSignature(Buffer.from(pretty), LEGACY_VECTOR.signature, SPEC_VERIFIER_TOKEN)).toBe(false);
    expect(verifyIntuitSignature(Buffer.from(LEGACY_VECTOR.body), LEGACY_VECTOR.signature, 'another-verifier')).toBe(false);
    expect(verifyIntuitSignature(Buffer.from(LEGACY_VECTOR.body), undefined, SPEC_VERIFIER_TOKEN)).toBe(false);
    expect(verifyIntuitSignature(Buffer.from(LEGACY_VECTOR.body), 'short', SPEC_VERIFIER_TOKEN)).toBe(false);
  });
});
