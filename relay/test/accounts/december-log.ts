import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { customerUpserted, planWith, policyDefined, subscriptionWith, talked } from '../../../tests/support/event-builders';
import { texted } from '../../../tests/support/message-builders';

const ADA = '+16175550100';

export function withContacts(event: ReturnType<typeof customerUpserted>, contacts: { email?: string | null; emails?: string[]; quickbooksId?: string | null; address?: string | null }): ReturnType<typeof customerUpserted> {
  return { ...event, id: `${event.id}:contacts:${JSON.stringify(contacts)}`, data: { ...event.data, ...contacts } };
}

export function merged(fromCustomerId: string, intoCustomerId: string, at: string): RingsideEvent {
  return { v: EVENT_MODEL_VERSION, id: `merge:${fromCustomerId}:${intoCustomerId}`, source: 'console', occurredAt: at, receivedAt: at, lines: [], type: 'customer.merged', data: { fromCustomerId, intoCustomerId, by: 'owner' } };
}

/** A six-hour plan with overage at $120/h, taxed 8.25 % on the subscription and 5 % on overage; Ada subscribes from 1 December. */
export const december: RingsideEvent[] = [
  policyDefined({ taxBasisPoints: { subscription: 825, overage: 500, payPerCall: 500, fees: 0 } }, '2026-11-01T00:00:00.000Z'),
  planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 60, overageRatePerHourMinor: 12000, messaging: { includedOutgoing: 1, includedIncoming: 0, outgoingRateMinor: 5, incomingRateMinor: 2 } }, '2026-11-01T00:00:00.000Z'),
  withContacts(customerUpserted('c-ada', 'Ada Lovelace', [ADA], { company: 'Analytical Engines', email: 'ada@example.com', at: '2026-11-02T00:00:00.000Z' }), {
    emails: ['ada@example.com', 'accounts@engines.example', 'not an address'],
    quickbooksId: 'qb-58',
    address: '12 St James’s Square\nLondon SW1Y 4JH',
  }),
  subscriptionWith('s-ada', 'c-ada', 'six', '2026-12-01', { at: '2026-11-20T00:00:00.000Z' }),
  { ...talked('d1', ADA, '2026-12-03T10:00:00.000Z', 5 * 3600), receivedAt: '2026-12-03T15:00:10.000Z' },
  { ...talked('d2', ADA, '2026-12-10T10:00:00.000Z', 90 * 60), receivedAt: '2026-12-10T11:30:10.000Z' },
  { ...talked('d3', ADA, '2026-12-18T09:00:00.000Z', 20 * 60 + 20), receivedAt: '2026-12-18T09:20:30.000Z' },
  texted('M1', 'outgoing', ADA, '2026-12-19T09:00:00.000Z', 'delivered'),
  texted('M2', 'outgoing', ADA, '2026-12-19T09:05:00.000Z', 'delivered'),
  texted('M3', 'outgoing', ADA, '2026-12-20T09:05:00.000Z', 'delivered'),
  // January: December's usage invoice is issued.
  { ...talked('j1', ADA, '2027-01-02T10:00:00.000Z', 60), receivedAt: '2027-01-02T10:01:10.000Z' },
];

