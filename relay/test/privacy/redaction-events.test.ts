import { describe, expect, it } from 'vitest';
import { ringsideEventSchema } from '../../../src/shared/events/model';
import { redactionEvents } from '../../src/privacy/redaction-events';
import type { Redaction } from '../../src/privacy/redaction-store';
import { phoneSpellings } from '../../src/privacy/phone-spellings';

const redaction = (seqs: number[]): Redaction => ({
  redactionId: 'erasure-1',
  reason: 'erasure',
  requestId: 'request-1',
  customerId: 'cus-1',
  requestedAt: '2026-12-02T00:00:00.000Z',
  requestedBy: 'Back office',
  step: 'announce',
  kinds: ['customer'],
  seqs,
  mediaDeleted: ['a'.repeat(64)],
  finishedAt: null,
  error: null,
});

describe('announcing a redaction', () => {
  it('splits a large one into parts of at most 50,000 seqs, each a valid log.redacted with its own id, seen on every line', () => {
    const seqs = Array.from({ length: 120_001 }, (_, i) => i + 1);
    const events = redactionEvents(redaction(seqs), ['+16175550100', '+16175550100', '+16175550101'], Date.parse('2026-12-02T01:00:00Z'));
    expect(events.map((event) => [event.id, event.data.part, event.data.parts, event.data.seqs.length])).toEqual([
      ['log.redacted:erasure-1:1', 1, 3, 50_000],
      ['log.redacted:erasure-1:2', 2, 3, 50_000],
      ['log.redacted:erasure-1:3', 3, 3, 20_001],
    ]);
    expect(events.flatMap((event) => event.data.seqs)).toEqual(seqs);
    expect(events[0]!.data.mediaDeleted).toHaveLength(1);
    expect(events[1]!.data.mediaDeleted).toEqual([]);
    for (const event of events) {
      expect(event.lines).toEqual(['+16175550100', '+16175550101']);
      expect(ringsideEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it('finds a number however it is written in free text', () => {
    expect(phoneSpellings('+16175550142')).toEqual(expect.arrayContaining(['+16175550142', '(617) 555-0142', '617-555-0142', '617.555.0142', '6175550142', '16175550142', '+1 617 555 0142']));
    expect(phoneSpellings('+447700900123')).toEqual(expect.arrayContaining(['+447700900123', '07700 900123', '7700900123']));
  });
});
