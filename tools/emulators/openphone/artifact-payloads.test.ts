import { describe, expect, it } from 'vitest';
import { normalizeOpenPhone } from '../../../src/shared/providers/openphone/normalize';
import { callRecordingCompletedEvent, callSummaryCompletedEvent, callTranscriptCompletedEvent, recordingPath, sampleDialogue } from './artifact-payloads';
import { messageEvent } from './message-payloads';
import { phoneNumberIdFor } from './payloads';

const LINE = '+15559870002';
const CALLER = '+15551230001';
const call = { callId: 'ACart1', from: CALLER, to: LINE, createdAt: new Date('2026-01-01T00:00:00.000Z'), answeredAt: new Date('2026-01-01T00:00:04.000Z'), completedAt: new Date('2026-01-01T00:01:04.000Z') };
const at = new Date('2026-01-01T00:03:00.000Z');

function normalized(body: string) {
  const result = normalizeOpenPhone(JSON.parse(body), { receivedAt: at.toISOString(), deliveryId: null, phoneNumberIds: { [phoneNumberIdFor(LINE)]: LINE }, linesOfCall: () => [LINE] });
  if (!result.ok) throw new Error(result.error);
  return result.event;
}

describe('OpenPhone emulator artifact and message payloads', () => {
  it('are compact JSON in the envelope of their generation', () => {
    const legacy = callSummaryCompletedEvent({ callId: 'ACart1', at, summary: ['a b'], nextSteps: [] });
    expect(Object.keys(JSON.parse(legacy.body) as object)).toEqual(['id', 'object', 'apiVersion', 'createdAt', 'type', 'data']);
    expect(legacy.body).toBe(JSON.stringify(legacy.event));
    const standard = callSummaryCompletedEvent({ callId: 'ACart1', at, summary: ['a b'], nextSteps: [], generation: 'standard' });
    expect(Object.keys(JSON.parse(standard.body) as object)).toEqual(['id', 'apiVersion', 'createdAt', 'type', 'data']);
    expect(Object.keys(standard.event.data)).toEqual(['resource', 'context', 'links']);
    const sms = messageEvent({ type: 'message.received', line: LINE, participants: [CALLER], body: 'hi there', at });
    expect(sms.body).toBe(JSON.stringify(sms.event));
  });

  it('a legacy recording is the completed call again, with the recording in media[] at the media host', () => {
    const delivery = callRecordingCompletedEvent({ ...call, at, mediaBaseUrl: 'http://media.test/', durationSeconds: 60 });
    expect(delivery.event.data).toMatchObject({ object: { id: 'ACart1', object: 'call', status: 'completed', media: [{ url: `http://media.test${recordingPath('ACart1')}`, type: 'audio/mpeg', duration: 60 }] } });
    expect(normalized(delivery.body)).toMatchObject({ type: 'call.recording_ready', lines: [LINE], data: { callId: 'openphone:ACart1' } });
  });

  it('the API samples’ spelling of the AI events (callSummary, callTranscript) reads as the dotted one', () => {
    const dialogue = sampleDialogue(CALLER, LINE, 60);
    const dotted = normalized(callTranscriptCompletedEvent({ callId: 'ACart1', at, dialogue, durationSeconds: 60, eventId: 'EV1' }).body);
    const object = normalized(callTranscriptCompletedEvent({ callId: 'ACart1', at, dialogue, durationSeconds: 60, eventId: 'EV1', spelling: 'object' }).body);
    expect({ ...object, raw: null }).toEqual({ ...dotted, raw: null });
    expect(dotted).toMatchObject({ type: 'call.transcript_ready', data: { dialogue: [{ speakerNumber: LINE }, { speakerNumber: CALLER }, { speakerNumber: LINE }] } });
    expect(normalized(callSummaryCompletedEvent({ callId: 'ACart1', at, summary: ['s'], nextSteps: ['n'], spelling: 'object' }).body)).toMatchObject({ type: 'call.summary_ready', data: { summary: ['s'], nextSteps: ['n'] } });
  });

  it('a legacy group text sends `to` as one comma-joined string, the new generation as an array', () => {
    const legacy = messageEvent({ type: 'message.received', line: LINE, participants: [CALLER, '+15551230003'], body: 'hi', at });
    expect((legacy.event.data.object as { to: unknown }).to).toBe(`${LINE},+15551230003`);
    const standard = messageEvent({ type: 'message.received', generation: 'standard', line: LINE, participants: [CALLER, '+15551230003'], body: 'hi', at });
    expect((standard.event.data.resource as { to: unknown; text: unknown }).to).toEqual([LINE, '+15551230003']);
    expect((standard.event.data.resource as { text: unknown }).text).toBe('hi');
  });
});
