import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, ringsideEventSchema, type EventOf } from '../../events/model';
import { renormalizeOpenPhone } from './renormalize';

const LINE = '+15559870002';

/** What the previous relay stored for a delivery it could not normalize. */
function storedUnnormalized(raw: { id: string; type: string }, lines: string[]): EventOf<'provider.unnormalized'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: raw.id,
    type: 'provider.unnormalized',
    source: 'openphone',
    occurredAt: '2026-01-01T00:00:00.000Z',
    receivedAt: '2026-01-01T00:00:01.000Z',
    lines,
    data: { providerType: raw.type },
    raw,
  };
}

describe('OpenPhone history stored unnormalized by an older relay', () => {
  it('an old message.received becomes the message it was, on its line', () => {
    const raw = {
      id: 'EVold1',
      object: 'event',
      apiVersion: 'v3',
      createdAt: '2026-01-01T00:00:00.000Z',
      type: 'message.received',
      data: { object: { id: 'ACm1', object: 'message', from: '+15551230001', to: LINE, direction: 'incoming', body: 'hi', media: [], status: 'received', createdAt: '2026-01-01T00:00:00.000Z', phoneNumberId: 'PNx' } },
    };
    const event = renormalizeOpenPhone(storedUnnormalized(raw, [LINE]));
    expect(ringsideEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ id: 'EVold1', type: 'message.recorded', lines: [LINE], receivedAt: '2026-01-01T00:00:01.000Z', data: { messageId: 'openphone:ACm1', body: 'hi', participants: ['+15551230001'] }, raw });
  });

  it('an old call.recording.completed becomes the recording of its call', () => {
    const raw = {
      id: 'EVold2',
      object: 'event',
      apiVersion: 'v3',
      createdAt: '2026-01-01T00:06:00.000Z',
      type: 'call.recording.completed',
      data: { object: { id: 'ACc1', object: 'call', from: '+15551230001', to: LINE, direction: 'incoming', media: [{ url: 'https://media.example.test/r.mp3', type: 'audio/mpeg', duration: 30 }], voicemail: null, status: 'completed', createdAt: '2026-01-01T00:00:00.000Z', answeredAt: '2026-01-01T00:00:03.000Z', completedAt: '2026-01-01T00:00:33.000Z' } },
    };
    expect(renormalizeOpenPhone(storedUnnormalized(raw, [LINE]))).toMatchObject({
      type: 'call.recording_ready',
      lines: [LINE],
      data: { callId: 'openphone:ACc1', recordings: [{ mediaId: 'openphone:ACc1:recording:0', durationSeconds: 30 }] },
    });
  });

  it('an old call.summary.completed becomes the summary of its call, keeping the lines it had or taking the call’s from the console', () => {
    const raw = { id: 'EVold3', createdAt: '2026-01-01T00:07:00.000Z', type: 'call.summary.completed', data: { object: { callId: 'ACc1', object: 'callSummary', status: 'completed', summary: ['Booked a visit'], nextSteps: [] } } };
    expect(renormalizeOpenPhone(storedUnnormalized(raw, []))).toMatchObject({ type: 'call.summary_ready', lines: [], data: { callId: 'openphone:ACc1', summary: ['Booked a visit'] } });
    const known = renormalizeOpenPhone(storedUnnormalized(raw, []), { linesOfCall: (callId) => (callId === 'openphone:ACc1' ? [LINE] : []) });
    expect(known).toMatchObject({ type: 'call.summary_ready', lines: [LINE] });
  });

  it('a type this version does not know either stays exactly as it was', () => {
    const old = storedUnnormalized({ id: 'EVold4', type: 'task.created', data: { resource: { id: 'TK1' } } } as never, []);
    expect(renormalizeOpenPhone(old)).toBe(old);
  });
});
