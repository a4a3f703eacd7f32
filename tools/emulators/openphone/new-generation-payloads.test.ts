import { describe, expect, it } from 'vitest';
import { normalizeOpenPhone } from '../../../src/shared/providers/openphone/normalize';
import {
  newGenerationCallAnsweredEvent,
  newGenerationCallCompletedEvent,
  newGenerationCallRingingEvent,
  type NewGenerationDelivery,
} from './new-generation-payloads';
import { phoneNumberIdFor } from './payloads';

const CALLER = '+15551230001';
const LINE = '+15559870002';
const call = { callId: 'ACnew', from: CALLER, to: LINE };
const rang = new Date('2026-01-01T00:00:00.400Z');

/** What the relay makes of a delivery, with the line's phoneNumberId mapped as its settings would. */
function normalized(delivery: NewGenerationDelivery) {
  const result = normalizeOpenPhone(JSON.parse(delivery.body), {
    receivedAt: '2026-01-01T00:10:00.000Z',
    deliveryId: 'msg_1',
    phoneNumberIds: { [phoneNumberIdFor(LINE)]: LINE },
  });
  if (!result.ok) throw new Error(result.error);
  return result.event;
}

describe('OpenPhone new-generation (2026-03-30) emulator payloads', () => {
  it('wrap the call in the dated envelope, as compact JSON', () => {
    const { body, event } = newGenerationCallRingingEvent({ ...call, at: rang, eventId: 'EVnew1' });
    expect(JSON.parse(body)).toEqual(event);
    expect(body).not.toMatch(/\s/);
    expect(Object.keys(event)).toEqual(['id', 'apiVersion', 'createdAt', 'type', 'data']);
    expect(Object.keys(event.data)).toEqual(['resource', 'context', 'links']);
    expect(event).toMatchObject({
      id: 'EVnew1',
      apiVersion: '2026-03-30',
      createdAt: '2026-01-01T00:00:00.400Z',
      type: 'call.ringing',
      data: {
        resource: {
          id: 'ACnew',
          direction: 'incoming',
          status: 'ringing',
          phoneNumberId: phoneNumberIdFor(LINE),
          participants: [{ phoneNumber: CALLER, actorId: null }],
          answeredAt: null,
          completedAt: null,
        },
      },
    });
  });

  it('ring, answer and complete a call the relay normalizes end to end', () => {
    const answeredAt = new Date('2026-01-01T00:00:04.900Z');
    const completedAt = new Date('2026-01-01T00:01:34.900Z');
    const ringing = newGenerationCallRingingEvent({ ...call, at: rang });
    const answered = newGenerationCallAnsweredEvent({ ...call, createdAt: rang, answeredAt });
    const completed = newGenerationCallCompletedEvent({ ...call, createdAt: rang, answeredAt, completedAt });
    // The emulator sends OpenPhone's own id; the event model names it with its provider.
    const line = { businessNumber: LINE, externalNumber: CALLER, callId: 'openphone:ACnew', startedAt: '2026-01-01T00:00:00.400Z' };

    expect(normalized(ringing)).toMatchObject({ type: 'call.ringing', lines: [LINE], data: line });
    expect(answered.event.data.resource.status).toBe('in-progress');
    expect(normalized(answered)).toMatchObject({ type: 'call.answered', data: { ...line, answeredAt: '2026-01-01T00:00:04.000Z' } });
    expect(normalized(completed)).toMatchObject({
      type: 'call.completed',
      data: { ...line, answeredAt: '2026-01-01T00:00:04.000Z', completedAt: '2026-01-01T00:01:34.000Z', durationSeconds: 90 },
    });
  });

  it('end a missed call as no-answer with no talk time', () => {
    const missed = newGenerationCallCompletedEvent({ ...call, createdAt: rang, answeredAt: null, completedAt: new Date('2026-01-01T00:00:25Z') });
    expect(missed.event.data.resource.status).toBe('no-answer');
    expect(normalized(missed)).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0 } });
  });

  it('put an outgoing call on the line it was placed from', () => {
    const outgoing = newGenerationCallRingingEvent({ callId: 'ACout', from: LINE, to: CALLER, direction: 'outgoing', at: rang });
    expect(outgoing.event.data.resource).toMatchObject({ phoneNumberId: phoneNumberIdFor(LINE), participants: [{ phoneNumber: CALLER }] });
    expect(normalized(outgoing)).toMatchObject({ data: { direction: 'outgoing', businessNumber: LINE, externalNumber: CALLER } });
  });
});
