import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toE164 } from '../../shared/phone';
import { loadCallerCard } from '../card/load-caller-card';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { ringing } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { parseCustomerCsv } from './parse-customer-csv';
import { planCustomerImport } from './plan-customer-import';

describe('a caller is matched on any of their numbers, whatever the format', () => {
  let db: ConsoleDatabase;
  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    const { rows } = parseCustomerCsv('name,phones\nAda Lovelace,(617) 555-0100 | 212-555-0142\n', { region: 'US' });
    const events = planCustomerImport(rows, { occurredAt: '2026-03-01T00:00:00.000Z' }).map(
      (input): RingsideEvent => ({ ...input, v: EVENT_MODEL_VERSION, source: 'console', receivedAt: input.occurredAt, lines: [] }) as RingsideEvent,
    );
    applyBatch(db, events.map((event, i) => ({ seq: i + 1, event })));
  });
  afterEach(() => db.close());

  it.each(['(617) 555-0100', '617.555.0100', '+1 617 555 0100', '16175550100', '+1 (212) 555-0142'])('%s', async (asSent) => {
    const from = toE164(asSent, 'US');
    expect(from).not.toBeNull();
    applyBatch(db, [{ seq: 2, event: ringing('call-1', from ?? '', '2026-03-20T11:00:00Z') }]);
    expect((await loadCallerCard(db, 'call-1', new Date('2026-03-20T11:00:05Z')))?.customer?.name).toBe('Ada Lovelace');
  });
});
