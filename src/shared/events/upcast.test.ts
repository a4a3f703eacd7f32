import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION } from './model';
import { readStoredEvent } from './upcast';

/** Events exactly as a version-1 relay stored them (EVENT_MODEL_VERSION 1, before call ids were namespaced). */
const V1_CALL_COMPLETED = JSON.parse(`{
  "v": 1, "id": "EVc1", "source": "openphone", "type": "call.completed",
  "occurredAt": "2026-02-03T10:05:00.000Z", "receivedAt": "2026-02-03T10:05:01.000Z", "lines": ["+16175550199"],
  "data": { "callId": "AC123", "direction": "incoming", "businessNumber": "+16175550199", "externalNumber": "+16175550100",
            "startedAt": "2026-02-03T10:00:00.000Z", "answeredAt": "2026-02-03T10:00:05.000Z", "completedAt": "2026-02-03T10:05:00.000Z",
            "durationSeconds": 295, "voicemailUrl": null },
  "raw": { "id": "EVc1", "type": "call.completed" }
}`) as unknown;

const V1_CALL_CORRECTED = JSON.parse(`{
  "v": 1, "id": "fix-1", "source": "console", "type": "call.corrected",
  "occurredAt": "2026-02-04T09:00:00.000Z", "receivedAt": "2026-02-04T09:00:00.500Z", "lines": [],
  "data": { "callId": "AC123", "durationSeconds": 240, "reason": "customer disputed", "by": "admin" }
}`) as unknown;

const V1_CUSTOMER = JSON.parse(`{
  "v": 1, "id": "cust-1", "source": "console", "type": "customer.upserted",
  "occurredAt": "2026-01-01T00:00:00.000Z", "receivedAt": "2026-01-01T00:00:00.100Z", "lines": [],
  "data": { "customerId": "c1", "name": "Ada", "company": null, "email": null, "phones": ["+16175550100"] }
}`) as unknown;

describe('stored events are read in every shape ever written', () => {
  it('a version-1 call event is read at the current version with its call id namespaced by its provider', () => {
    const reading = readStoredEvent(V1_CALL_COMPLETED);
    expect(reading).toMatchObject({ kind: 'read', event: { v: EVENT_MODEL_VERSION, type: 'call.completed', data: { callId: 'openphone:AC123', durationSeconds: 295 } } });
  });

  it('a version-1 correction names the OpenPhone call, the only provider version 1 had', () => {
    expect(readStoredEvent(V1_CALL_CORRECTED)).toMatchObject({ kind: 'read', event: { type: 'call.corrected', data: { callId: 'openphone:AC123' } } });
  });

  it('a version-1 event without call ids is read unchanged but for its version', () => {
    const reading = readStoredEvent(V1_CUSTOMER);
    expect(reading).toEqual({ kind: 'read', event: { ...(V1_CUSTOMER as object), v: EVENT_MODEL_VERSION, data: { customerId: 'c1', name: 'Ada', company: null, email: null, phones: ['+16175550100'], quickbooksId: null, emails: [], address: null, notes: '' } } });
  });

  it('a current event is read as it is, its call id not prefixed twice', () => {
    const current = { ...(V1_CALL_COMPLETED as Record<string, unknown>), v: EVENT_MODEL_VERSION, data: { ...(V1_CALL_COMPLETED as { data: object }).data, callId: 'openphone:AC9' } };
    expect(readStoredEvent(current)).toMatchObject({ kind: 'read', event: { data: { callId: 'openphone:AC9' } } });
  });

  it('an event of a later version, or of a type this version does not know, is newer: kept, not an error', () => {
    expect(readStoredEvent({ ...(V1_CUSTOMER as object), v: EVENT_MODEL_VERSION + 1 })).toEqual({ kind: 'newer', reason: `event version ${EVENT_MODEL_VERSION + 1} (this Ringside reads up to ${EVENT_MODEL_VERSION})` });
    expect(readStoredEvent({ ...(V1_CUSTOMER as object), v: EVENT_MODEL_VERSION, type: 'message.received' })).toMatchObject({ kind: 'newer' });
  });

  it('a known event in a broken shape is unreadable, and says why', () => {
    expect(readStoredEvent({ ...(V1_CUSTOMER as object), data: { customerId: 'c1' } })).toMatchObject({ kind: 'unreadable' });
    expect(readStoredEvent('not an event')).toEqual({ kind: 'unreadable', reason: 'not a JSON object' });
  });
});
