import { describe, expect, it } from 'vitest';
import { healthCheckText } from '../../src/providers/openphone/health-check/health-check-marker';
import { messageFromRest } from '../../src/providers/openphone/history-import/fetched-facts';

const FRONT_DESK = '+16175550140';
const SUPPORT = '+16175550141';
const CUSTOMER = '+16175550177';
const ISSUED = '0123456789abcdef';
const ctx = {
  phoneNumberIds: { PNfront: FRONT_DESK, PNsupport: SUPPORT },
  receivedAt: '2026-12-01T07:00:00.000Z',
  origin: { by: 'import' as const, recordOnly: true },
  healthChecks: { pairOf: (marker: string) => (marker === ISSUED ? { from: FRONT_DESK, to: SUPPORT } : null) },
};
const received = (id: string, from: string, text: string) => ({
  id,
  object: 'message',
  from,
  to: [SUPPORT],
  text,
  phoneNumberId: 'PNsupport',
  direction: 'incoming',
  userId: null,
  status: 'received',
  createdAt: '2026-11-30T16:00:00Z',
  updatedAt: '2026-11-30T16:00:00Z',
});

describe('health-check texts in the imported history', () => {
  it("an old test text of the relay's, between its two lines, is imported flagged (hidden, never billed); a customer's text with the same marker is ordinary history", () => {
    const own = messageFromRest(received('ACown', FRONT_DESK, healthCheckText(ISSUED)), ctx);
    const spoof = messageFromRest(received('ACspoof', CUSTOMER, healthCheckText(ISSUED)), ctx);
    const neverIssued = messageFromRest(received('ACnever', FRONT_DESK, healthCheckText('fedcba9876543210')), ctx);
    expect([own, spoof, neverIssued].map((event) => event?.type === 'message.recorded' && event.data.healthCheck)).toEqual([true, false, false]);
  });
});
