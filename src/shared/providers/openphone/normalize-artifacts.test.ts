import { describe, expect, it } from 'vitest';
import { ringsideEventSchema, type RingsideEvent } from '../../events/model';
import { normalizeOpenPhone, type OpenPhoneNormalizeContext } from './normalize';

const LINE = '+15559870002';
const CALLER = '+15551230001';
const seen: Record<string, string[]> = { 'openphone:ACcall1': [LINE] };
const ctx: OpenPhoneNormalizeContext = {
  receivedAt: '2026-01-01T00:10:00.000Z',
  deliveryId: null,
  phoneNumberIds: { PNmain0001: LINE },
  linesOfCall: (callId) => seen[callId] ?? [],
};

function normalized(payload: unknown, context: OpenPhoneNormalizeContext = ctx): RingsideEvent {
  const result = normalizeOpenPhone(payload, context);
  if (!result.ok) throw new Error(`expected an event, got: ${result.error}`);
  expect(ringsideEventSchema.parse(result.event)).toEqual(result.event);
  return result.event;
}

function legacy(type: string, object: Record<string, unknown>) {
  return { id: 'EVart1', object: 'event', apiVersion: 'v3', createdAt: '2026-01-01T00:06:00.000Z', type, data: { object } };
}

function newGeneration(type: string, resource: Record<string, unknown>) {
  return { id: 'EVart2', apiVersion: '2026-03-30', createdAt: '2026-01-01T00:06:00.000Z', type, data: { resource, context: {}, links: {} } };
}

const RECORDED_CALL = {
  id: 'ACcall1',
  object: 'call',
  from: CALLER,
  to: LINE,
  direction: 'incoming',
  media: [{ url: 'https://media.example.test/rec/1.mp3?sig=a', type: 'audio/mpeg', duration: 241 }],
  voicemail: null,
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  answeredAt: '2026-01-01T00:00:05.000Z',
  completedAt: '2026-01-01T00:04:06.000Z',
  userId: 'US1',
  phoneNumberId: 'PNtest0001',
  conversationId: 'CN1',
};

const SUMMARY = { callId: 'ACcall1', object: 'callSummary', status: 'completed', summary: ['Asked about Saturday hours'], nextSteps: ['Call back Friday'], contactIds: [] };
const TRANSCRIPT = {
  callId: 'ACcall1',
  object: 'callTranscript',
  createdAt: '2026-01-01T00:05:00.000Z',
  dialogue: [
    { content: 'Hello, Acme.', start: 0.5, end: 1.9, identifier: LINE, userId: 'US1' },
    { content: 'Are you open Saturday?', start: 2.1, end: 3.4, identifier: CALLER, userId: null },
    { content: '(inaudible)', start: 4, end: 3, identifier: 'unknown', userId: null },
  ],
  duration: 241,
  status: 'completed',
  contactIds: [],
};

describe('OpenPhone call recordings', () => {
  it('a recording is ready on the call it belongs to, on the call’s line, named by the call and its place', () => {
    expect(normalized(legacy('call.recording.completed', RECORDED_CALL))).toMatchObject({
      type: 'call.recording_ready',
      lines: [LINE],
      data: {
        callId: 'openphone:ACcall1',
        recordings: [{ mediaId: 'openphone:ACcall1:recording:0', url: RECORDED_CALL.media[0]!.url, contentType: 'audio/mpeg', durationSeconds: 241 }],
      },
    });
  });

  it('a legacy recording carries its call’s parties and times, so a call whose other events were lost can be shown', () => {
    const event = normalized(legacy('call.recording.completed', RECORDED_CALL));
    expect(event.type === 'call.recording_ready' && event.data.call).toEqual({
      direction: 'incoming',
      businessNumber: LINE,
      externalNumber: CALLER,
      startedAt: '2026-01-01T00:00:00.000Z',
      answeredAt: '2026-01-01T00:00:05.000Z',
      completedAt: '2026-01-01T00:04:06.000Z',
      durationSeconds: 241,
      answeredBy: 'US1',
    });
  });

  it('a recording resource that only names its call carries no call; one stored before the field reads as none', () => {
    const event = normalized(newGeneration('call.recording.completed', { id: 'RC1', callId: 'ACcall1', url: 'https://media.example.test/rec/2.mp3', type: 'audio/mpeg', duration: 9 }));
    expect(event.type === 'call.recording_ready' && event.data.call).toBeNull();
    const stored = { ...event, data: { callId: 'openphone:ACcall1', recordings: [] } };
    expect(ringsideEventSchema.parse(stored)).toMatchObject({ data: { call: null } });
  });

  it('a new-generation recording resource naming its call is read too', () => {
    const event = normalized(newGeneration('call.recording.completed', { id: 'RC1', callId: 'ACcall1', url: 'https://media.example.test/rec/2.mp3', type: 'audio/mpeg', duration: 9 }));
    expect(event).toMatchObject({ type: 'call.recording_ready', lines: [LINE], data: { callId: 'openphone:ACcall1', recordings: [{ mediaId: 'openphone:ACcall1:recording:0' }] } });
  });

  it('a recording event with no recording in it is kept raw', () => {
    expect(normalized(legacy('call.recording.completed', { ...RECORDED_CALL, media: [] }))).toMatchObject({ type: 'provider.unnormalized', lines: [LINE] });
  });
});

describe('OpenPhone voicemails', () => {
  it('a voicemail is the same media item as the one on its missed call’s completion, with its transcription', () => {
    const event = normalized(
      newGeneration('call.voicemail.completed', { id: 'ACcall1', object: 'call', direction: 'incoming', phoneNumberId: 'PNmain0001', participants: [{ phoneNumber: CALLER }], voicemail: { url: 'https://media.example.test/vm/1.mp3', type: 'audio/mpeg', duration: 12, transcript: 'Please call me back.' } }),
    );
    expect(event).toMatchObject({
      type: 'call.voicemail_ready',
      lines: [LINE],
      data: { callId: 'openphone:ACcall1', voicemail: { mediaId: 'openphone:ACcall1:voicemail:0', durationSeconds: 12 }, transcript: 'Please call me back.' },
    });
  });

  it('a voicemail shaped as REST returns it (recordingUrl, callId) names the same call', () => {
    const event = normalized(newGeneration('call.voicemail.completed', { id: 'VM1', callId: 'ACcall1', status: 'completed', duration: 12, recordingUrl: 'https://media.example.test/vm/2.mp3', transcript: null }));
    expect(event).toMatchObject({ type: 'call.voicemail_ready', lines: [LINE], data: { callId: 'openphone:ACcall1', voicemail: { mediaId: 'openphone:ACcall1:voicemail:0', contentType: null }, transcript: null } });
  });
});

describe('OpenPhone transcripts and summaries', () => {
  it('a summary arriving before its call’s completion names the same call and the line its ringing was on', () => {
    expect(normalized(legacy('call.summary.completed', SUMMARY))).toMatchObject({
      type: 'call.summary_ready',
      lines: [LINE],
      data: { callId: 'openphone:ACcall1', summary: ['Asked about Saturday hours'], nextSteps: ['Call back Friday'] },
    });
  });

  it('a summary before any event of its call is kept with no line yet', () => {
    expect(normalized(legacy('call.summary.completed', { ...SUMMARY, callId: 'ACnever' }))).toMatchObject({ type: 'call.summary_ready', lines: [], data: { callId: 'openphone:ACnever' } });
  });

  it('both spellings of the AI events are the same event (`callSummary`, `callTranscript`)', () => {
    const strip = (event: RingsideEvent) => ({ ...event, raw: null });
    expect(strip(normalized(legacy('callSummary', SUMMARY)))).toEqual(strip(normalized(legacy('call.summary.completed', SUMMARY))));
    expect(strip(normalized(legacy('callTranscript', TRANSCRIPT)))).toEqual(strip(normalized(legacy('call.transcript.completed', TRANSCRIPT))));
  });

  it('a transcript has its speakers by number and user, with times, an unknown speaker kept as such', () => {
    expect(normalized(legacy('call.transcript.completed', TRANSCRIPT))).toMatchObject({
      type: 'call.transcript_ready',
      lines: [LINE],
      data: {
        callId: 'openphone:ACcall1',
        durationSeconds: 241,
        dialogue: [
          { speakerNumber: LINE, speakerUserId: 'US1', text: 'Hello, Acme.', startSeconds: 0.5, endSeconds: 1.9 },
          { speakerNumber: CALLER, speakerUserId: null, text: 'Are you open Saturday?', startSeconds: 2.1, endSeconds: 3.4 },
          { speakerNumber: null, speakerUserId: null, text: '(inaudible)', startSeconds: 4, endSeconds: 4 },
        ],
      },
    });
  });

  it('a new-generation summary and transcript are read from data.resource', () => {
    expect(normalized(newGeneration('call.summary.completed', SUMMARY))).toMatchObject({ id: 'EVart2', type: 'call.summary_ready', lines: [LINE] });
    expect(normalized(newGeneration('call.transcript.completed', TRANSCRIPT))).toMatchObject({ type: 'call.transcript_ready', lines: [LINE] });
  });

  it('odd artifacts never throw: no dialogue, summary not a list, strings among junk', () => {
    expect(normalized(legacy('call.transcript.completed', { ...TRANSCRIPT, dialogue: 'none' }))).toMatchObject({ type: 'provider.unnormalized', lines: [LINE] });
    expect(normalized(legacy('call.summary.completed', { ...SUMMARY, summary: 'x', nextSteps: null }))).toMatchObject({ type: 'provider.unnormalized' });
    expect(normalized(legacy('call.summary.completed', { ...SUMMARY, summary: ['kept', 3, null], nextSteps: undefined }))).toMatchObject({ data: { summary: ['kept'], nextSteps: [] } });
  });
});
