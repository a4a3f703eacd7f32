import { describe, expect, it } from 'vitest';
import { answerTwiml } from '../../../src/providers/twilio/twiml';
import { parseVoiceRoutes } from '../../../src/providers/twilio/voice-routes';

const options = { publicUrl: 'https://relay.example.test', record: true, dialTimeoutSeconds: 20 };

describe('the TwiML an incoming call is answered with', () => {
  it('rings every number of a dial route at once, recording from the answer, with both callbacks on RELAY_PUBLIC_URL', () => {
    expect(answerTwiml({ kind: 'dial', numbers: ['+15551110000', '+15551110001'] }, options)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Dial answerOnBridge="true" timeout="20" record="record-from-answer-dual" recordingStatusCallback="https://relay.example.test/webhooks/twilio?kind=recording" recordingStatusCallbackEvent="completed">' +
        '<Number statusCallback="https://relay.example.test/webhooks/twilio?kind=status" statusCallbackEvent="ringing answered completed">+15551110000</Number>' +
        '<Number statusCallback="https://relay.example.test/webhooks/twilio?kind=status" statusCallbackEvent="ringing answered completed">+15551110001</Number>' +
        '</Dial></Response>',
    );
  });

  it('rings a SIP address, escaped, and records nothing when recording is off', () => {
    const twiml = answerTwiml({ kind: 'sip', address: 'sip:desk@example.com;transport=tls&x=1' }, { ...options, record: false });
    expect(twiml).toContain('<Sip statusCallback="https://relay.example.test/webhooks/twilio?kind=status" statusCallbackEvent="ringing answered completed">sip:desk@example.com;transport=tls&amp;x=1</Sip>');
    expect(twiml).not.toContain('record');
  });

  it('escapes the public URL in attributes', () => {
    expect(answerTwiml({ kind: 'dial', numbers: ['+15551110000'] }, { ...options, publicUrl: 'https://relay.example.test/a"b&c' })).toContain('recordingStatusCallback="https://relay.example.test/a&quot;b&amp;c/webhooks/twilio?kind=recording"');
  });

  it('refuses a call as busy', () => {
    expect(answerTwiml({ kind: 'reject' }, options)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="busy"/></Response>');
  });
});

describe('TWILIO_VOICE_ROUTES', () => {
  it('reads dial, sip and reject routes per number', () => {
    const parsed = parseVoiceRoutes('+15559870002=dial:+15551110000,+15551110001; +15559870003=sip:sip:desk@example.com;+15559870004=reject', 'TWILIO_VOICE_ROUTES');
    expect(parsed.ok && [...parsed.value]).toEqual([
      ['+15559870002', { kind: 'dial', numbers: ['+15551110000', '+15551110001'] }],
      ['+15559870003', { kind: 'sip', address: 'sip:desk@example.com' }],
      ['+15559870004', { kind: 'reject' }],
    ]);
  });

  it.each([
    ['5559870002=dial:+15551110000', "entries look like"],
    ['+15559870002=dial:5551110000', "'5551110000' is not a phone number"],
    ['+15559870002=sip:desk', "'desk' is not a SIP address"],
    ['+15559870002=sip:sip:a@b"><Hangup/>', 'is not a SIP address'],
    ['+15559870002=forward:+15551110000', 'is not a route'],
    ['+15559870002=reject;+15559870002=reject', 'names +15559870002 twice'],
  ])('%s is refused, naming the setting: %s', (text, words) => {
    const parsed = parseVoiceRoutes(text, 'TWILIO_VOICE_ROUTES');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain('TWILIO_VOICE_ROUTES');
      expect(parsed.error).toContain(words);
    }
  });
});
