import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, ringsideEventSchema, type EventOf } from '../../../src/shared/events/model';
import { eraseEvent, textScrubbers } from '../../src/privacy/erase-event';
import type { ErasureSubject } from '../../src/privacy/erasure-subject';

const subject = (): ErasureSubject => ({
  customerIds: new Set(['cus-1']),
  pseudonyms: new Map([['+16175550142', '+999123456789012']]),
  names: ['Dana Whitfield', 'Dana'],
  emails: ['dana@example.net'],
  addresses: ['12 Elm Street\nSpringfield'],
  callIds: new Set(['openphone:AC1']),
  messageIds: new Set(),
  jobIds: new Set(),
  extractionIds: new Set(),
  mediaIds: new Set(),
  mediaSha256: new Set(),
});

const note = (callId: string, text: string): EventOf<'call.note_added'> => ({ v: EVENT_MODEL_VERSION, id: `note-${callId}`, source: 'console', occurredAt: '2026-12-01T10:00:00.000Z', receivedAt: '2026-12-01T10:00:00.000Z', lines: ['+16175550100'], type: 'call.note_added', data: { noteId: 'n1', callId, text, by: 'Front desk' } });

describe('erasing words in events', () => {
  it('empties a note on her call, and in a note on someone else’s call replaces only her full name, number and email, as whole words', () => {
    const scrubbers = textScrubbers(subject());
    expect(eraseEvent(note('openphone:AC1', 'Dana wants Tuesday'), subject(), scrubbers).data).toMatchObject({ text: 'Erased' });
    const other = eraseEvent(note('openphone:AC2', 'Referred by Dana Whitfield (617) 555-0142, dana@example.net; Dana from accounts called a moment ago; Danaher parts'), subject(), scrubbers);
    expect(other.data).toMatchObject({ text: 'Referred by Erased customer +999123456789012, ; Dana from accounts called a moment ago; Danaher parts' });
    expect(ringsideEventSchema.safeParse(other).success).toBe(true);
  });

  it('leaves a number that merely contains hers alone', () => {
    const scrub = textScrubbers(subject()).elsewhere;
    expect(scrub('invoice 861755501429 and 6175550142')).toBe('invoice 861755501429 and +999123456789012');
  });
});
