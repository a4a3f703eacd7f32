import { describe, expect, it } from 'vitest';
import type { CallRingingData } from '../../../../src/shared/events/model';
import { ringsideEventSchema } from '../../../../src/shared/events/model';
import { normalizeTwilio, type TwilioFields, type TwilioNormalizeContext } from '../../../src/providers/twilio/normalize';

const CALL = `CA${'b'.repeat(32)}`;
const CHILD = `CA${'c'.repeat(32)}`;
const RECORDING = `RE${'d'.repeat(32)}`;
const base = { AccountSid: `AC${'a'.repeat(32)}`, ApiVersion: '2010-04-01', CallSid: CALL, From: '+15551230001', To: '+15559870002', Direction: 'inbound' };
const receivedAt = '2026-01-01T00:00:00.000Z';
const stored: CallRingingData = { callId: `twilio:${CALL}`, direction: 'incoming', businessNumber: '+15559870002', externalNumber: '+15551230001', startedAt: receivedAt };
const ctx = (kind: TwilioNormalizeContext['kind'], known = true, rejected = false, talkStored = false): TwilioNormalizeContext => ({
  kind,
  receivedAt,
  ringingOf: (sid) => (known && sid === CALL ? stored : null),
  talkOfLegStored: (sid) => talkStored && sid === CALL,
  rejected,
});

function events(fields: TwilioFields, context: TwilioNormalizeContext) {
  const result = normalizeTwilio(fields, context);
  if (!result.ok) throw new Error(result.error);
  // Whatever the normalizer makes is a valid stored event.
  for (const event of result.events) ringsideEventSchema.parse(event);
  return result.events;
}

describe('the voice request', () => {
  it('is call.ringing of twilio:<CallSid>, id <CallSid>:voice, on the number called', () => {
    const [ringing, ...rest] = events({ ...base, CallStatus: 'ringing' }, ctx('voice', false));
    expect(rest).toEqual([]);
    expect(ringing).toMatchObject({ id: `${CALL}:voice`, source: 'twilio', type: 'call.ringing', lines: ['+15559870002'], data: stored });
  });

  it('to a number that refuses calls it is also missed as it rings', () => {
    const all = events({ ...base, CallStatus: 'ringing' }, ctx('voice', false, true));
    expect(all.map((event) => [event.id, event.type])).toEqual([
      [`${CALL}:voice`, 'call.ringing'],
      [`${CALL}:rejected`, 'call.missed'],
    ]);
  });

  it('from a caller with no number (a withheld or client caller) is kept as received, so the agents are still rung', () => {
    const [kept] = events({ ...base, From: 'client:alice', CallStatus: 'ringing' }, ctx('voice', false));
    expect(kept).toMatchObject({ id: `${CALL}:voice`, type: 'provider.unnormalized', lines: ['+15559870002'], data: { providerType: 'twilio.voice' } });
  });

  it('without a CallSid is refused', () => {
    expect(normalizeTwilio({ ...base, CallSid: 'nope' }, ctx('voice'))).toEqual({ ok: false, error: expect.stringContaining('CallSid') });
  });
});

describe('status callbacks', () => {
  const status = (fields: Record<string, string>, known = true) => events({ ...base, CallbackSource: 'call-progress-events', Timestamp: 'Thu, 01 Jan 2026 00:01:35 +0000', ...fields }, ctx('status', known));

  it('completed with CallDuration 95 and Duration 2 is a 95 s call, never 2 minutes; id <CallSid>:<SequenceNumber>', () => {
    const [completed] = status({ CallStatus: 'completed', CallDuration: '95', Duration: '2', SequenceNumber: '3' });
    expect(completed).toMatchObject({
      id: `${CALL}:3`,
      type: 'call.completed',
      occurredAt: '2026-01-01T00:01:35.000Z',
      data: { callId: `twilio:${CALL}`, startedAt: receivedAt, answeredAt: '2026-01-01T00:00:00.000Z', completedAt: '2026-01-01T00:01:35.000Z', durationSeconds: 95 },
    });
  });

  it('the call a callback names is read from the callback itself when the relay never saw its voice request', () => {
    const [completed] = status({ CallStatus: 'completed', CallDuration: '95', SequenceNumber: '3' }, false);
    expect(completed).toMatchObject({ type: 'call.completed', lines: ['+15559870002'], data: { businessNumber: '+15559870002', externalNumber: '+15551230001', startedAt: '2026-01-01T00:00:00.000Z' } });
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])('%s is a missed call', (callStatus) => {
    const [missed] = status({ CallStatus: callStatus, SequenceNumber: '2' });
    expect(missed).toMatchObject({ id: `${CALL}:2`, type: 'call.missed', data: { callId: `twilio:${CALL}`, missedAt: '2026-01-01T00:01:35.000Z' } });
  });

  it('completed without talk time is a missed call', () => {
    expect(status({ CallStatus: 'completed', CallDuration: '0', SequenceNumber: '2' })[0]).toMatchObject({ type: 'call.missed' });
  });

  it('in-progress is answered', () => {
    expect(status({ CallStatus: 'in-progress', SequenceNumber: '1' })[0]).toMatchObject({ id: `${CALL}:1`, type: 'call.answered', data: { answeredAt: '2026-01-01T00:01:35.000Z', answeredBy: null } });
  });

  it.each(['ringing', 'queued', 'initiated'])('%s adds nothing (the voice request said it rings)', (callStatus) => {
    expect(status({ CallStatus: callStatus, SequenceNumber: '0' })).toEqual([]);
  });

  it('the answering leg completing is the call’s talk time (<ParentCallSid>:talk); once it is stored the caller’s leg, which may count the ringing, adds nothing', () => {
    const leg = { CallSid: CHILD, ParentCallSid: CALL, Direction: 'outbound-dial', From: '+15551230001', To: '+15551110000' };
    expect(status({ ...leg, CallStatus: 'completed', CallDuration: '75', SequenceNumber: '2' })[0]).toMatchObject({
      id: `${CALL}:talk`,
      type: 'call.completed',
      data: { callId: `twilio:${CALL}`, answeredAt: '2026-01-01T00:00:20.000Z', completedAt: '2026-01-01T00:01:35.000Z', durationSeconds: 75, answeredBy: '+15551110000' },
    });
    const callerLeg = { ...base, CallbackSource: 'call-progress-events', Timestamp: 'Thu, 01 Jan 2026 00:01:35 +0000', CallStatus: 'completed', CallDuration: '95', SequenceNumber: '3' };
    expect(events(callerLeg, ctx('status', true, false, true))).toEqual([]);
    // Without it (it comes later, or never), the caller's leg is billed.
    expect(events(callerLeg, ctx('status'))[0]).toMatchObject({ id: `${CALL}:3`, type: 'call.completed', data: { durationSeconds: 95 } });
  });

  it.each([
    ['-271821-04-20T00:00:00Z', 'an ISO date out of range'],
    ['2026-01-01T00:01:35Z', 'an ISO date (Twilio writes RFC 2822)'],
    ['Thu, 01 Jan 1970 00:00:00 +0000', 'RFC 2822 in 1970'],
    ['Fri, 01 Jan 2100 00:00:00 +0000', 'RFC 2822 in 2100'],
    ['yesterday', 'words'],
  ])('a Timestamp %s (%s) is refused in plain words, never stored', (timestamp) => {
    const normalized = normalizeTwilio({ ...base, CallStatus: 'completed', CallDuration: '95', SequenceNumber: '3', Timestamp: timestamp }, ctx('status'));
    expect(normalized).toEqual({ ok: false, error: expect.stringContaining('Timestamp is not an RFC 2822 date') });
  });

  it('a dialled leg answering says who answered, on the caller’s call; its other statuses say nothing of the call', () => {
    const leg = { CallSid: CHILD, ParentCallSid: CALL, Direction: 'outbound-dial', From: '+15551230001', To: '+15551110000' };
    expect(status({ ...leg, CallStatus: 'in-progress', SequenceNumber: '1' })[0]).toMatchObject({
      id: `${CHILD}:1`,
      type: 'call.answered',
      lines: ['+15559870002'],
      data: { callId: `twilio:${CALL}`, businessNumber: '+15559870002', externalNumber: '+15551230001', answeredBy: '+15551110000' },
    });
    expect(status({ ...leg, CallStatus: 'canceled', SequenceNumber: '2' })).toEqual([]);
    expect(status({ ...leg, CallStatus: 'completed', CallDuration: '0', SequenceNumber: '2' })).toEqual([]);
  });

  it('a replay is the same event id; another SequenceNumber is another event', () => {
    const first = status({ CallStatus: 'in-progress', SequenceNumber: '1' })[0]!;
    expect(status({ CallStatus: 'in-progress', SequenceNumber: '1' })[0]!.id).toBe(first.id);
    expect(status({ CallStatus: 'completed', CallDuration: '5', SequenceNumber: '2' })[0]!.id).not.toBe(first.id);
  });

  it.each([
    ['an unknown status', { CallStatus: 'exploded' }],
    ['a SequenceNumber that is not a number', { CallStatus: 'completed', SequenceNumber: '1e3' }],
    ['a CallDuration that is not whole seconds', { CallStatus: 'completed', CallDuration: '-5' }],
    ['a ParentCallSid that is not a call', { CallStatus: 'in-progress', ParentCallSid: '../etc' }],
  ])('%s is refused', (_what, fields) => {
    expect(normalizeTwilio({ ...base, ...fields }, ctx('status')).ok).toBe(false);
  });
});

describe('recording callbacks', () => {
  const recording = { ...base, RecordingSid: RECORDING, RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${base.AccountSid}/Recordings/${RECORDING}`, RecordingDuration: '94', RecordingChannels: '2', RecordingSource: 'DialVerb' };

  it('completed is call.recording_ready with the .mp3, named by the recording, id <RecordingSid>:completed', () => {
    const [ready] = events({ ...recording, RecordingStatus: 'completed' }, ctx('recording'));
    expect(ready).toMatchObject({
      id: `${RECORDING}:completed`,
      type: 'call.recording_ready',
      lines: ['+15559870002'],
      data: {
        callId: `twilio:${CALL}`,
        recordings: [{ mediaId: `twilio:${CALL}:recording:${RECORDING}`, url: `${recording.RecordingUrl}.mp3`, contentType: 'audio/mpeg', durationSeconds: 94 }],
        call: { businessNumber: '+15559870002', externalNumber: '+15551230001' },
      },
    });
  });

  it('in-progress, absent and failed add nothing', () => {
    for (const RecordingStatus of ['in-progress', 'absent', 'failed']) expect(events({ ...recording, RecordingStatus }, ctx('recording'))).toEqual([]);
  });

  it.each([
    ['a RecordingUrl that is not http(s)', { RecordingUrl: 'file:///etc/passwd' }],
    ['a RecordingUrl with credentials', { RecordingUrl: 'https://user:pw@api.twilio.com/x' }],
    ['no RecordingSid', { RecordingSid: '' }],
  ])('%s is refused', (_what, fields) => {
    expect(normalizeTwilio({ ...recording, RecordingStatus: 'completed', ...fields }, ctx('recording')).ok).toBe(false);
  });
});
