import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION } from '../../shared/events/model';
import { decodeStoredEvent } from './decode-stored-event';

/**
 * An OpenPhone call.completed as a version-1 relay stored it when it could not map the
 * call's phoneNumberId (an API-created call on a line added to the relay's map later):
 * kept as provider.unnormalized, with the line it guessed and the raw payload.
 */
const V1_UNNORMALIZED_CALL = JSON.parse(`{
  "v": 1, "id": "EVv4old", "source": "openphone", "type": "provider.unnormalized",
  "occurredAt": "2026-01-01T00:05:00.000Z", "receivedAt": "2026-01-01T00:05:01.000Z", "lines": ["+15559870002"],
  "data": { "providerType": "call.completed" },
  "raw": { "id": "EVv4old", "object": "event", "apiVersion": "v4", "createdAt": "2026-01-01T00:05:00.000Z", "type": "call.completed",
           "data": { "object": { "id": "ACold4", "object": "call", "direction": "incoming", "status": "completed",
                                 "phoneNumberId": "PNmain0001", "participants": ["+15551230001"],
                                 "createdAt": "2026-01-01T00:00:00.000Z", "answeredAt": "2026-01-01T00:00:05.000Z",
                                 "completedAt": "2026-01-01T00:04:05.000Z", "duration": 240 } } }
}`) as unknown;

const V1_MESSAGE = JSON.parse(`{
  "v": 1, "id": "EVmsg", "source": "openphone", "type": "provider.unnormalized",
  "occurredAt": "2026-01-01T00:06:00.000Z", "receivedAt": "2026-01-01T00:06:01.000Z", "lines": ["+15559870002"],
  "data": { "providerType": "task.created" },
  "raw": { "id": "EVmsg", "object": "event", "apiVersion": "v3", "createdAt": "2026-01-01T00:06:00.000Z", "type": "task.created",
           "data": { "object": { "id": "TKtask", "object": "task", "from": "+15551230001", "to": "+15559870002", "direction": "incoming", "body": "hi" } } }
}`) as unknown;

describe('a stored event read by this console', () => {
  it('a call an older relay kept unnormalized is normalized from its raw payload, keeping its id and times', () => {
    const reading = decodeStoredEvent(V1_UNNORMALIZED_CALL);
    expect(reading).toMatchObject({
      kind: 'read',
      event: {
        v: EVENT_MODEL_VERSION,
        id: 'EVv4old',
        type: 'call.completed',
        receivedAt: '2026-01-01T00:05:01.000Z',
        lines: ['+15559870002'],
        data: { callId: 'openphone:ACold4', businessNumber: '+15559870002', externalNumber: '+15551230001', durationSeconds: 240 },
      },
    });
  });

  it('a provider event this normalizer does not know yet stays unnormalized, its raw payload kept', () => {
    const reading = decodeStoredEvent(V1_MESSAGE);
    expect(reading).toMatchObject({ kind: 'read', event: { type: 'provider.unnormalized', data: { providerType: 'task.created' }, raw: { type: 'task.created' } } });
  });

  it('an event from a newer Ringside is reported as newer, not read', () => {
    expect(decodeStoredEvent({ ...(V1_MESSAGE as object), v: EVENT_MODEL_VERSION + 1, type: 'message.received' })).toMatchObject({ kind: 'newer' });
  });
});
