import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { isQuickBooksChange } from './log-watch';

/** Which events in the log send the bookkeeper console to QuickBooks' CDC at once. */

const at = '2026-12-01T10:00:00.000Z';
const unreadable = (source: 'quickbooks' | 'openphone'): RingsideEvent => ({
  v: EVENT_MODEL_VERSION,
  id: `raw-${source}`,
  type: 'provider.unnormalized',
  source,
  occurredAt: at,
  receivedAt: at,
  lines: [],
  raw: 'eventNotifications=oops{',
  data: { providerType: source === 'quickbooks' ? 'quickbooks.webhook' : 'call.unknown' },
});

describe('what wakes a CDC pass', () => {
  it('a QuickBooks webhook the relay could not read and stored raw: whatever changed, CDC finds it', () => {
    expect(isQuickBooksChange([unreadable('quickbooks')])).toBe(true);
  });

  it("another provider's unreadable event does not", () => {
    expect(isQuickBooksChange([unreadable('openphone'), null])).toBe(false);
  });
});
