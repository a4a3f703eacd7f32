import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioEmulator, rfc2822 } from './emulator';
import { formBody, signTwilio } from './signature';
import { readTwiml } from './twiml-document';

const A = `AC${'a'.repeat(32)}`;
const B = `CA${'b'.repeat(32)}`;

describe('signatures, against the spec vectors (§2.4, §2.5)', () => {
  const sdk: [string, string][] = [['CallSid', 'CA1234567890ABCDE'], ['Caller', '+14158675309'], ['Digits', '1234'], ['From', '+14158675309'], ['To', '+18005551212']];

  it('the SDK vector, with :443 and http :80', () => {
    expect(signTwilio('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', sdk)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(signTwilio('12345', 'https://mycompany.com:443/myapp.php?foo=1&bar=2', sdk)).toBe('kvajT1Ptam85bY51eRf/AJRuM3w=');
    expect(signTwilio('12345', 'http://mycompany.com:80/myapp.php?foo=1&bar=2', sdk)).toBe('0ZXoZLH/DfblKGATFgpif+LLRf4=');
  });

  it('a repeated parameter', () => {
    expect(signTwilio('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', [['Sid', 'CA123'], ['SidAccount', 'AC123'], ['Digits', '5678'], ['Digits', '1234']])).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
  });

  it('the Ringside voice request: signature and body exactly as §2.5 shows them', () => {
    const params: [string, string][] = [['AccountSid', A], ['ApiVersion', '2010-04-01'], ['CallSid', B], ['CallStatus', 'ringing'], ['Called', '+15559870002'], ['Caller', '+15551230001'], ['Direction', 'inbound'], ['From', '+15551230001'], ['To', '+15559870002']];
    expect(signTwilio('test_auth_token_0123456789abcdef', 'https://relay.example.test/twilio/voice', params)).toBe('5XoOuLroPIl2/KlfBuqwYZkIa8o=');
    expect(formBody(params)).toBe(`AccountSid=${A}&ApiVersion=2010-04-01&CallSid=${B}&CallStatus=ringing&Called=%2B15559870002&Caller=%2B15551230001&Direction=inbound&From=%2B15551230001&To=%2B15559870002`);
  });

  it('Timestamp is written as Twilio writes it', () => {
    expect(rfc2822(new Date('2026-01-01T00:01:35Z'))).toBe('Thu, 01 Jan 2026 00:01:35 +0000');
  });
});

describe('the TwiML the voice URL must answer', () => {
  it('reads a dial with its nouns, callbacks and recording', () => {
    const answer = readTwiml(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial answerOnBridge="true" timeout="20" record="record-from-answer-dual" recordingStatusCallback="https://r.test/webhooks/twilio?kind=recording&amp;x=1">' +
        '<Number statusCallback="https://r.test/webhooks/twilio?kind=status" statusCallbackEvent="ringing answered completed">+15551110000</Number><Sip>sip:desk@example.com</Sip></Dial></Response>',
    );
    expect(answer).toEqual({
      kind: 'dial',
      timeoutSeconds: 20,
      record: true,
      answerOnBridge: true,
      recordingStatusCallback: 'https://r.test/webhooks/twilio?kind=recording&x=1',
      nouns: [
        { kind: 'number', target: '+15551110000', statusCallback: 'https://r.test/webhooks/twilio?kind=status', statusCallbackEvent: ['ringing', 'answered', 'completed'] },
        { kind: 'sip', target: 'sip:desk@example.com', statusCallback: null, statusCallbackEvent: ['completed'] },
      ],
    });
    expect(readTwiml('<Response><Reject reason="busy"/></Response>')).toEqual({ kind: 'reject', reason: 'busy' });
  });

  it.each([
    ['JSON', '{"seq":1}', 'expected <'],
    ['an unescaped &', '<Response><Dial><Number statusCallback="https://r.test/?a=1&b=2">+15551110000</Number></Dial></Response>', 'bare &'],
    ['an unclosed element', '<Response><Dial><Number>+15551110000</Number></Response>', '</Dial> expected'],
    ['another root', '<Reply><Dial><Number>+15551110000</Number></Dial></Reply>', 'not <Response>'],
    ['no verb', '<Response/>', 'one verb'],
    ['another verb', '<Response><Say>hello</Say></Response>', 'not <Dial> or <Reject>'],
    ['a dial to nobody', '<Response><Dial/></Response>', 'rings nobody'],
    ['a number that is not E.164', '<Response><Dial><Number>555-1234</Number></Dial></Response>', 'not an E.164'],
    ['text after the root', '<Response><Reject/></Response><Response/>', 'text after'],
  ])('refuses %s', (_what, text, words) => {
    expect(() => readTwiml(text)).toThrow(words);
  });
});

describe('recordings behind Basic auth', () => {
  let emulator: TwilioEmulator;
  let voice: http.Server;
  let voiceUrl: string;

  beforeAll(async () => {
    // A voice URL that dials and records, so the emulator makes a recording to serve.
    voice = http.createServer((req, res) => {
      const kind = new URL(req.url ?? '/', 'http://x').searchParams.get('kind');
      req.resume();
      if (kind !== 'voice') return res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/xml' }).end(`<Response><Dial record="record-from-answer" recordingStatusCallback="${voiceUrl.replace('voice', 'recording')}"><Number>+15551110000</Number></Dial></Response>`);
    });
    await new Promise<void>((resolve) => voice.listen(0, '127.0.0.1', resolve));
    voiceUrl = `http://127.0.0.1:${(voice.address() as AddressInfo).port}/hook?kind=voice`;
    emulator = await TwilioEmulator.start({ authToken: 'token-1', voiceUrl, statusUrl: null });
  });
  afterAll(async () => {
    await emulator?.close();
    await new Promise<void>((resolve) => voice.close(() => resolve()));
  });

  it('serves a recording of a played call with the account credentials, 401 without, 404 for another', async () => {
    const played = await emulator.playCall({ from: '+15551230001', to: '+15559870002', outcome: { answered: { ringSeconds: 3, talkSeconds: 42 } } });
    const recording = played.requests.find((request) => request.kind === 'recording')!;
    const url = `${new Map(recording.params).get('RecordingUrl')}.mp3`;
    const basic = `Basic ${Buffer.from(`${emulator.accountSid}:token-1`).toString('base64')}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${emulator.accountSid}:wrong`).toString('base64')}` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: basic } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('audio/mpeg');
    expect((await fetch(url.replace(played.recordingSid!, `RE${'0'.repeat(32)}`), { headers: { authorization: basic } })).status).toBe(404);
    expect(new Map(recording.params).get('RecordingDuration')).toBe('42');
  });
});
