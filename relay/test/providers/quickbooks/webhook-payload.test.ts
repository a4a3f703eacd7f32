import { describe, expect, it } from 'vitest';
import { ringsideEventSchema } from '../../../../src/shared/events/model';
import { parseQuickBooksWebhook } from '../../../src/providers/quickbooks/webhook-payload';
import { CLOUD_EVENTS_VECTOR, LEGACY_VECTOR } from '../../quickbooks/support/spec-vectors';

const RECEIVED_AT = '2026-09-01T14:06:00.000Z';

function eventsOf(payload: unknown) {
  const parsed = parseQuickBooksWebhook(payload, RECEIVED_AT);
  if (!parsed.ok) throw new Error(parsed.error);
  for (const event of parsed.events) ringsideEventSchema.parse(event);
  return parsed.events;
}

describe('QuickBooks webhook payloads', () => {
  it('turns a legacy notification into one entities_changed event for its realm', () => {
    const [event, ...rest] = eventsOf(JSON.parse(LEGACY_VECTOR.body));
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'quickbooks.entities_changed',
      source: 'quickbooks',
      lines: [],
      occurredAt: '2026-09-01T14:05:40.000Z',
      receivedAt: RECEIVED_AT,
      data: {
        realmId: '9130355555555555',
        entities: [
          { name: 'Invoice', id: '1042', operation: 'Create', lastUpdated: '2026-09-01T14:03:12.000Z' },
          { name: 'Payment', id: '1043', operation: 'Create', lastUpdated: '2026-09-01T14:05:40.000Z' },
        ],
      },
    });
    expect(event!.raw).toEqual(JSON.parse(LEGACY_VECTOR.body).eventNotifications[0]);
  });

  it('maps CloudEvents to the same vocabulary', () => {
    const [event] = eventsOf(JSON.parse(CLOUD_EVENTS_VECTOR.body));
    expect(event!.data).toEqual({
      realmId: '9130355555555555',
      entities: [{ name: 'Invoice', id: '1042', operation: 'Create', lastUpdated: '2026-09-01T14:03:12.000Z' }],
    });
  });

  it('gives a redelivery the same id, whatever its key order, and different content a different id', () => {
    const payload = JSON.parse(LEGACY_VECTOR.body);
    const reordered = JSON.parse(JSON.stringify({ eventNotifications: [{ dataChangeEvent: payload.eventNotifications[0].dataChangeEvent, realmId: '9130355555555555' }] }));
    const [first] = eventsOf(payload);
    expect(eventsOf(JSON.parse(LEGACY_VECTOR.body))[0]!.id).toBe(first!.id);
    expect(eventsOf(reordered)[0]!.id).toBe(first!.id);
    expect(eventsOf(JSON.parse(LEGACY_VECTOR.body.replace('"1042"', '"1044"')))[0]!.id).not.toBe(first!.id);
  });

  it('splits a delivery by realm', () => {
    const cloudEvent = (id: string, realm: string, type: string) => ({ specversion: '1.0', id, source: 'intuit.qbo', type, time: '2026-09-01T14:03:12.000Z', intuitentityid: '7', intuitaccountid: realm, data: {} });
    const events = eventsOf([cloudEvent('a', '111', 'qbo.customer.updated.v1'), cloudEvent('b', '222', 'qbo.payment.voided.v1'), cloudEvent('c', '111', 'qbo.invoice.deleted.v1')]);
    expect(events.map((event) => [event.data.realmId, event.data.entities.map((entity) => `${entity.name} ${entity.operation}`)])).toEqual([
      ['111', ['Customer Update', 'Invoice Delete']],
      ['222', ['Payment Void']],
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
  });

  it('lists the merged-away entity of a merge as deleted, in both formats', () => {
    const legacy = eventsOf({
      eventNotifications: [{ realmId: '1', dataChangeEvent: { entities: [{ name: 'Customer', id: '5', operation: 'Merge', lastUpdated: '2026-09-01T14:03:12.000Z', deletedId: '4' }] } }],
    });
    const cloud = eventsOf([
      { specversion: '1.0', id: 'm', source: 'intuit.qbo', type: 'qbo.customer.merged.v1', time: '2026-09-01T14:03:12.000Z', intuitentityid: '5', intuitaccountid: '1', data: { deletedid: '4' } },
    ]);
    for (const [event] of [legacy, cloud]) {
      expect(event!.data.entities.map((entity) => `${entity.id} ${entity.operation}`)).toEqual(['5 Merge', '4 Delete']);
    }
  });

  it.each([
    ['an empty object', {}],
    ['a notification without realmId', { eventNotifications: [{ dataChangeEvent: { entities: [] } }] }],
    ['an empty CloudEvents batch', []],
    ['a CloudEvent with an odd type', [{ specversion: '1.0', id: 'x', type: 'invoice', time: 't', intuitentityid: '1', intuitaccountid: '2' }]],
    ['a string', 'hello'],
  ])('refuses %s', (_name, payload) => {
    expect(parseQuickBooksWebhook(payload, RECEIVED_AT).ok).toBe(false);
  });
});
