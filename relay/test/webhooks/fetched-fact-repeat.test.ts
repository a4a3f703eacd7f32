import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { answered, ringing, talked } from '../../../tests/support/event-builders';
import { texted } from '../../../tests/support/message-builders';
import { repeatsFetchedFact } from '../../src/webhooks/fetched-fact-repeat';

const CALLER = '+16175550123';
const imported = <E extends RingsideEvent>(event: E, by: 'import' | 'reconciliation' = 'import'): E => ({ ...event, id: `${by}:${event.id}`, origin: { by, recordOnly: by === 'import' } });

describe('a late webhook of a fact fetched from the API', () => {
  it("repeats an imported or recovered call's completion, even with another duration (left to the reconciliation's comparison)", () => {
    expect(repeatsFetchedFact(talked('AC1', CALLER, '2026-03-01T10:00:00Z', 120), imported(talked('AC1', CALLER, '2026-03-01T10:00:00Z', 120)))).toBe(true);
    expect(repeatsFetchedFact(talked('AC1', CALLER, '2026-03-01T10:00:00Z', 121), imported(talked('AC1', CALLER, '2026-03-01T10:00:00Z', 120), 'reconciliation'))).toBe(true);
  });

  it('is stored when the fact in the log came by webhook (the log itself refuses the same delivery twice)', () => {
    expect(repeatsFetchedFact(talked('AC1', CALLER, '2026-03-01T10:00:00Z', 120), talked('AC1', CALLER, '2026-03-01T10:00:00Z', 120))).toBe(false);
  });

  it("never takes one state of a call for another: ringing, answered and completed are different facts", () => {
    expect(repeatsFetchedFact(answered('AC1', CALLER, '2026-03-01T10:00:00Z'), imported(ringing('AC1', CALLER, '2026-03-01T10:00:00Z')))).toBe(false);
    expect(repeatsFetchedFact(talked('AC2', CALLER, '2026-03-01T10:00:00Z', 60), imported(talked('AC1', CALLER, '2026-03-01T10:00:00Z', 60)))).toBe(false);
  });

  it("a text repeats with the same status or an earlier one; a later status (delivered or failed after sent) is stored", () => {
    const at = '2026-03-01T10:00:00Z';
    expect(repeatsFetchedFact(texted('AC9', 'incoming', CALLER, at, 'received'), imported(texted('AC9', 'incoming', CALLER, at, 'received')))).toBe(true);
    expect(repeatsFetchedFact(texted('AC9', 'outgoing', CALLER, at, 'sent'), imported(texted('AC9', 'outgoing', CALLER, at, 'delivered')))).toBe(true);
    expect(repeatsFetchedFact(texted('AC9', 'outgoing', CALLER, at, 'delivered'), imported(texted('AC9', 'outgoing', CALLER, at, 'sent'), 'reconciliation'))).toBe(false);
    expect(repeatsFetchedFact(texted('AC9', 'outgoing', CALLER, at, 'failed'), imported(texted('AC9', 'outgoing', CALLER, at, 'queued'), 'reconciliation'))).toBe(false);
  });
});
