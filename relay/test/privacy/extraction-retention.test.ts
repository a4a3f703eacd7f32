import { describe, expect, it } from 'vitest';
import type { EventOf, ExtractedField } from '../../../src/shared/events/model';
import { ExtractionWords } from '../../src/privacy/extraction-retention';
import { providerEnvelope, textMessage } from './privacy-fixture';
import { LINE } from '../portal/portal-fixture';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const CALLER = '+16175550177';
const THREAD = `${LINE}|${CALLER}`;
const cutoffs = { recordings: null, transcripts: NOW - 30 * DAY, message_bodies: NOW - 30 * DAY, media: null };
const ago = (days: number): string => new Date(NOW - days * DAY).toISOString();
const field = (value: string, evidence = value): ExtractedField => ({ value, confidence: 0.8, evidence });

function threadExtraction(description: ExtractedField, preferredTime: ExtractedField): EventOf<'extraction.recorded'>['data'] {
  return {
    extractionId: `conversation:${THREAD}`,
    subject: { kind: 'conversation', id: THREAD },
    callId: null,
    conversationId: THREAD,
    customerId: null,
    extractor: 'offline',
    outcome: 'appointments',
    appointments: [{ customerName: null, phone: field(CALLER, ''), address: null, preferredTime, description, price: null, urgency: null, notes: null }],
    mediaIds: [],
  };
}

describe("what retention removes from an extraction's quotes", () => {
  it("in a thread with old and young texts, clears only what the old texts said and keeps what the young ones still say", () => {
    const words = new ExtractionWords(cutoffs);
    words.note(textMessage({ from: CALLER, body: 'The porch light flickers all night.', at: ago(40) }));
    words.note(textMessage({ from: CALLER, body: 'Friday at 9 would suit me.', at: ago(2) }));
    const data = threadExtraction(field('The porch light flickers all night.'), field('2026-12-04T09:00:00-05:00', 'Friday at 9 would suit me.'));
    expect(words.redact(data, NOW - 2 * DAY)).toBe('message_bodies');
    expect(data.appointments[0]!.description).toBeNull();
    expect(data.appointments[0]!.preferredTime).toEqual(field('2026-12-04T09:00:00-05:00', 'Friday at 9 would suit me.'));
  });

  it('leaves a thread whose texts are all younger than the limit as it is', () => {
    const words = new ExtractionWords(cutoffs);
    words.note(textMessage({ from: CALLER, body: 'The porch light flickers all night.', at: ago(3) }));
    const data = threadExtraction(field('The porch light flickers all night.'), field('2026-12-04T09:00:00-05:00', 'Friday at 9'));
    expect(words.redact(data, NOW)).toBeNull();
    expect(data.appointments[0]!.description?.value).toBe('The porch light flickers all night.');
  });

  it("judges a call's extraction by when its transcript was said, not when it was read, and keeps a description a person accepted without its evidence", () => {
    const words = new ExtractionWords(cutoffs);
    const callId = 'openphone:ACold';
    const transcript: EventOf<'call.transcript_ready'> = { ...providerEnvelope('EV-t', ago(31)), type: 'call.transcript_ready', data: { callId, durationSeconds: 4, dialogue: [{ speakerNumber: CALLER, speakerUserId: null, text: 'The porch light flickers.', startSeconds: 0, endSeconds: 4 }] } };
    words.note(transcript);
    words.note({ ...providerEnvelope('EV-r', ago(1)), source: 'console', type: 'job.field_reviewed', data: { jobId: `call:${callId}:0`, field: 'description', decision: 'accepted', proposed: 'The porch light flickers.', chosen: 'The porch light flickers.', by: 'Front desk' } } as EventOf<'job.field_reviewed'>);
    const data: EventOf<'extraction.recorded'>['data'] = { ...threadExtraction(field('The porch light flickers.'), field('2026-12-04T09:00:00-05:00', 'Friday at 9')), extractionId: `call:${callId}`, subject: { kind: 'call', id: callId }, callId, conversationId: null };
    // Read by the relay only yesterday: still the words of a call 31 days old.
    expect(words.redact(data, NOW - DAY)).toBe('transcripts');
    expect(data.appointments[0]!.description).toEqual(field('The porch light flickers.', ''));
    expect(data.appointments[0]!.preferredTime).toEqual(field('2026-12-04T09:00:00-05:00', ''));
  });
});
