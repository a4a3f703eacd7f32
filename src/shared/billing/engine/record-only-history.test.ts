import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../events/model';
import { customerUpserted, planWith, subscriptionWith, talked } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';
import { texted } from '../../../../tests/support/message-builders';

/** Issue 12: history fetched by the OpenPhone import is billed only when the admin asked for it. */

const ADA = '+16175550100';

function imported<E extends RingsideEvent>(event: E, recordOnly: boolean): E {
  return { ...event, origin: { by: 'import', recordOnly } };
}

function books(): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(planWith('basic', { includedSeconds: 3600 }), customerUpserted('c-ada', 'Ada', [ADA]), subscriptionWith('s-ada', 'c-ada', 'basic', '2026-01-01'));
  return ledger;
}

describe('imported history and billing', () => {
  it('a call and a text imported "record only" are in the log but not charged', () => {
    const ledger = books();
    ledger.apply(imported(talked('AC-old', ADA, '2026-03-20T11:40:00Z', 600), true), imported(texted('M-old', 'outgoing', ADA, '2026-03-20T12:00:00Z', 'delivered'), true));
    expect(ledger.charges.all()).toEqual([]);
  });

  it('the same history imported with "bill" is charged like a webhook, and so is a reconciled call not marked record only', () => {
    const ledger = books();
    ledger.apply(imported(talked('AC-billed', ADA, '2026-03-20T11:40:00Z', 600), false));
    ledger.apply({ ...talked('AC-recovered', ADA, '2026-03-21T11:40:00Z', 300), origin: { by: 'reconciliation', recordOnly: false } });
    expect(ledger.charges.all().map((charge) => charge.callId).sort()).toEqual(['AC-billed', 'AC-recovered']);
  });
});
