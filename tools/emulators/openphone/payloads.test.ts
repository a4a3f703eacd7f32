import { describe, expect, it } from 'vitest';
import { callCompletedEvent, callRingingEvent, newCallId, newEventId, phoneNumberIdFor } from './payloads';

const EXAMPLE_BODY =
  '{"id":"EVtest0000000000000000000000000001","object":"event","apiVersion":"v3","createdAt":"2026-01-01T00:00:00.000Z","type":"call.ringing","data":{"object":{"id":"ACtest0000000000000000000000000001","object":"call","from":"+15551230001","to":"+15559870002","direction":"incoming","media":[],"voicemail":null,"status":"ringing","createdAt":"2025-12-31T23:59:59.500Z","answeredAt":null,"completedAt":null,"userId":"UStest0001","phoneNumberId":"PNtest0001","conversationId":"CNtest0000000000000000000000000001"}}}';

describe('OpenPhone emulator payloads', () => {
  it('reproduce the spec example delivery byte for byte', () => {
    const { body, event } = callRingingEvent({
      eventId: 'EVtest0000000000000000000000000001',
      callId: 'ACtest0000000000000000000000000001',
      from: '+15551230001',
      to: '+15559870002',
      at: new Date('2026-01-01T00:00:00.000Z'),
      callCreatedAt: new Date('2025-12-31T23:59:59.500Z'),
      userId: 'UStest0001',
      phoneNumberId: 'PNtest0001',
      conversationId: 'CNtest0000000000000000000000000001',
    });
    expect(body).toBe(EXAMPLE_BODY);
    expect(Buffer.byteLength(body)).toBe(510);
    expect(JSON.parse(body)).toEqual(event);
  });

  it('make ids in OpenPhone form', () => {
    expect(newEventId()).toMatch(/^EV[0-9a-f]{32}$/);
    expect(newCallId()).toMatch(/^AC[0-9a-f]{32}$/);
    expect(newCallId()).not.toBe(newCallId());
  });

  it('give one workspace line one phoneNumberId across calls', () => {
    const first = callRingingEvent({ callId: newCallId(), from: '+15551230001', to: '+15559870002', at: new Date() });
    const second = callRingingEvent({ callId: newCallId(), from: '+15551230003', to: '+15559870002', at: new Date() });
    const outgoing = callRingingEvent({ callId: newCallId(), from: '+15559870002', to: '+15551230001', direction: 'outgoing', at: new Date() });
    const ids = [first, second, outgoing].map((d) => d.event.data.object.phoneNumberId);
    expect(new Set(ids)).toEqual(new Set([phoneNumberIdFor('+15559870002')]));
    expect(ids[0]).toMatch(/^PN/);
  });

  it('report an answered call with whole-second answer and hang-up times', () => {
    const { body, event } = callCompletedEvent({
      callId: 'ACcall',
      from: '+15551230001',
      to: '+15559870002',
      createdAt: new Date('2026-01-01T00:00:00.700Z'),
      answeredAt: new Date('2026-01-01T00:00:03.700Z'),
      completedAt: new Date('2026-01-01T00:01:03.700Z'),
    });
    expect(JSON.parse(body)).toEqual(event);
    expect(body).not.toMatch(/\s/);
    expect(event).toMatchObject({
      object: 'event',
      apiVersion: 'v3',
      type: 'call.completed',
      createdAt: '2026-01-01T00:01:03.700Z',
      data: {
        object: {
          id: 'ACcall',
          object: 'call',
          direction: 'incoming',
          status: 'completed',
          media: [],
          voicemail: null,
          createdAt: '2026-01-01T00:00:00.700Z',
          answeredAt: '2026-01-01T00:00:03.000Z',
          completedAt: '2026-01-01T00:01:03.000Z',
        },
      },
    });
    expect(Object.keys(event)).toEqual(['id', 'object', 'apiVersion', 'createdAt', 'type', 'data']);
  });

  it('report a missed call with a voicemail', () => {
    const { event } = callCompletedEvent({
      callId: 'ACmissed',
      from: '+15551230001',
      to: '+15559870002',
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
      answeredAt: null,
      completedAt: new Date('2026-01-01T00:00:30.000Z'),
      voicemailUrl: 'https://storage.example.test/vm.mp3',
      voicemailDurationSeconds: 12,
    });
    expect(event.data.object).toMatchObject({
      answeredAt: null,
      voicemail: { url: 'https://storage.example.test/vm.mp3', type: 'audio/mpeg', duration: 12 },
    });
  });
});
