import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formParams, signedData, twilioSignature, verifyTwilioSignature } from '../../../src/providers/twilio/signature';

/** The vectors of spec telephony-providers §2.4 and §2.5, against the relay's verifier. */

const SDK_TOKEN = '12345';
const SDK_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const SDK_BODY = new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' }).toString();
const RINGSIDE_TOKEN = 'test_auth_token_0123456789abcdef';
const A = `AC${'a'.repeat(32)}`;
const B = `CA${'b'.repeat(32)}`;
const VOICE_BODY = `AccountSid=${A}&ApiVersion=2010-04-01&CallSid=${B}&CallStatus=ringing&Called=%2B15559870002&Caller=%2B15551230001&Direction=inbound&From=%2B15551230001&To=%2B15559870002`;
const STATUS_BODY = new URLSearchParams({
  AccountSid: A,
  ApiVersion: '2010-04-01',
  CallSid: B,
  CallStatus: 'completed',
  CallDuration: '95',
  Duration: '2',
  CallbackSource: 'call-progress-events',
  Direction: 'inbound',
  From: '+15551230001',
  To: '+15559870002',
  SequenceNumber: '3',
  Timestamp: 'Thu, 01 Jan 2026 00:01:35 +0000',
}).toString();

const verify = (publicUrl: string | null, signature: string | undefined, body: string, tokens = [SDK_TOKEN]) => verifyTwilioSignature({ publicUrl, signature, rawBody: Buffer.from(body) }, tokens);

describe('the spec vectors', () => {
  it('the SDK vector signs to RSOYDt4T1cUTdK1PDd93/VVr8B8=', () => {
    expect(twilioSignature(SDK_TOKEN, SDK_URL, formParams(SDK_BODY))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(verify(SDK_URL, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY)).toEqual({ ok: true });
  });

  it('the same URL with :443 signs to kvajT1Ptam85bY51eRf/AJRuM3w=, and either form of the URL accepts either signature', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(twilioSignature(SDK_TOKEN, withPort, formParams(SDK_BODY))).toBe('kvajT1Ptam85bY51eRf/AJRuM3w=');
    expect(verify(SDK_URL, 'kvajT1Ptam85bY51eRf/AJRuM3w=', SDK_BODY)).toEqual({ ok: true });
    expect(verify(withPort, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY)).toEqual({ ok: true });
  });

  it('http with :80 signs to 0ZXoZLH/DfblKGATFgpif+LLRf4=', () => {
    expect(twilioSignature(SDK_TOKEN, 'http://mycompany.com:80/myapp.php?foo=1&bar=2', formParams(SDK_BODY))).toBe('0ZXoZLH/DfblKGATFgpif+LLRf4=');
    expect(verify('http://mycompany.com/myapp.php?foo=1&bar=2', '0ZXoZLH/DfblKGATFgpif+LLRf4=', SDK_BODY)).toEqual({ ok: true });
  });

  it('a repeated parameter is signed once per value, values sorted: IK+Dwps556ElfBT0I3Rgjkr1wJU=', () => {
    const body = 'Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234';
    expect(twilioSignature(SDK_TOKEN, SDK_URL, formParams(body))).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
    expect(verify(SDK_URL, 'IK+Dwps556ElfBT0I3Rgjkr1wJU=', body)).toEqual({ ok: true });
    // Only the first Digits counted would be another string: the check covers every value.
    expect(verify(SDK_URL, 'IK+Dwps556ElfBT0I3Rgjkr1wJU=', 'Sid=CA123&SidAccount=AC123&Digits=5678')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a JSON body is covered by bodySHA256 in the URL: a9nBmqA0ju/hNViExpshrM61xv4=, and a changed body is refused', () => {
    const body = '{"property": "value", "boolean": true}';
    const hash = createHash('sha256').update(body).digest('hex');
    expect(hash).toBe('0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620');
    const url = `${SDK_URL}&bodySHA256=${hash}`;
    expect(twilioSignature(SDK_TOKEN, url, new Map())).toBe('a9nBmqA0ju/hNViExpshrM61xv4=');
    expect(verify(url, 'a9nBmqA0ju/hNViExpshrM61xv4=', body)).toEqual({ ok: true });
    expect(verify(url, 'a9nBmqA0ju/hNViExpshrM61xv4=', body.replace('value', 'other'))).toEqual({ ok: false, reason: 'body_hash_mismatch' });
  });

  it('the Ringside voice request (§2.5) signs to 5XoOuLroPIl2/KlfBuqwYZkIa8o= over the documented string', () => {
    const url = 'https://relay.example.test/twilio/voice';
    expect(signedData(url, formParams(VOICE_BODY))).toBe(
      `${url}AccountSid${A}ApiVersion2010-04-01CallSid${B}CallStatusringingCalled+15559870002Caller+15551230001DirectioninboundFrom+15551230001To+15559870002`,
    );
    expect(verify(url, '5XoOuLroPIl2/KlfBuqwYZkIa8o=', VOICE_BODY, [RINGSIDE_TOKEN])).toEqual({ ok: true });
  });

  it('the Ringside status callback signs to eRVAPty7ppO4jDAi4z7cKg1/5Eg=, and IC+P1FSiz8FXmbv2Sud/dI5W4m4= with :443', () => {
    const url = 'https://relay.example.test/twilio/status?leg=a';
    expect(twilioSignature(RINGSIDE_TOKEN, url, formParams(STATUS_BODY))).toBe('eRVAPty7ppO4jDAi4z7cKg1/5Eg=');
    expect(twilioSignature(RINGSIDE_TOKEN, 'https://relay.example.test:443/twilio/status?leg=a', formParams(STATUS_BODY))).toBe('IC+P1FSiz8FXmbv2Sud/dI5W4m4=');
    expect(verify(url, 'IC+P1FSiz8FXmbv2Sud/dI5W4m4=', STATUS_BODY, [RINGSIDE_TOKEN])).toEqual({ ok: true });
  });
});

describe('refusals', () => {
  it('a missing signature, a wrong token, another URL, another query or a changed parameter is refused', () => {
    expect(verify(SDK_URL, undefined, SDK_BODY)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify(SDK_URL, '', SDK_BODY)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify(SDK_URL, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY, ['54321'])).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify('https://mycompany.com/other.php?foo=1&bar=2', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify('https://mycompany.com/myapp.php?foo=1&bar=3', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify(SDK_URL, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY.replace('1234', '1235'))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify(SDK_URL, 'short', SDK_BODY)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a non-default port is never dropped: :8443 signs another string', () => {
    const sig = twilioSignature(SDK_TOKEN, 'https://mycompany.com:8443/myapp.php?foo=1&bar=2', formParams(SDK_BODY));
    expect(verify('https://mycompany.com:8443/myapp.php?foo=1&bar=2', sig, SDK_BODY)).toEqual({ ok: true });
    expect(verify(SDK_URL, sig, SDK_BODY)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('without RELAY_PUBLIC_URL nothing can be checked', () => {
    expect(verify(null, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY)).toEqual({ ok: false, reason: 'no_public_url' });
  });

  it('during a rotation either token is accepted', () => {
    expect(verify(SDK_URL, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', SDK_BODY, ['new-token', SDK_TOKEN])).toEqual({ ok: true });
  });
});
