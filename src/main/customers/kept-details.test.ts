import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { takeCustomer } from '../quickbooks/customer-sync';
import type { QuickBooksApi } from '../quickbooks/quickbooks-api';

describe("a customer changed in QuickBooks keeps the address and notes written in Ringside", () => {
  let db: ConsoleDatabase;
  afterEach(async () => {
    await db.close();
  });

  it('the customer.upserted a QuickBooks change calls for carries them, since QuickBooks has neither', async () => {
    db = await openConsoleDatabase(':memory:');
    const at = '2026-03-01T10:00:00.000Z';
    const upserted: RingsideEvent = {
      v: EVENT_MODEL_VERSION,
      id: 'customer:58',
      source: 'console',
      occurredAt: at,
      receivedAt: at,
      lines: [],
      type: 'customer.upserted',
      data: { customerId: '58', name: 'Ada Lovelace', company: null, email: null, emails: [], phones: ['+16175550111'], quickbooksId: '58', address: '12 Oak Street\nSpringfield, MA 01101', notes: 'Gate code 4411' },
    };
    applyBatch(db, [{ seq: 1, event: upserted }]);
    const event = takeCustomer({ db, api: {} as QuickBooksApi, post: async () => undefined, region: () => 'US', clock: () => Date.parse(at) }, { Id: '58', SyncToken: '4', DisplayName: 'Ada King', PrimaryPhone: { FreeFormNumber: '(617) 555-0111' } });
    expect(event).toMatchObject({ type: 'customer.upserted', data: { customerId: '58', name: 'Ada King', address: '12 Oak Street\nSpringfield, MA 01101', notes: 'Gate code 4411' } });
  });
});
