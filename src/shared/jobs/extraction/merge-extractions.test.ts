import { describe, expect, it } from 'vitest';
import type { ExtractionOutput } from './extractor';
import { EMPTY_PROPOSAL } from './extractor';
import { mergeExtractions } from './merge-extractions';
import { modelAnswerJsonSchema } from './model-output';

const offline: ExtractionOutput = {
  outcome: 'appointments',
  appointments: [
    {
      ...EMPTY_PROPOSAL,
      customerName: { value: 'Maria Lopez', confidence: 0.88, evidence: 'this is Maria Lopez' },
      phone: { value: '+12145550134', confidence: 0.7, evidence: '' },
      preferredTime: { value: '2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00', confidence: 0.72, evidence: 'Next Tuesday morning' },
    },
  ],
};

function modelSays(fields: Partial<(typeof offline.appointments)[number]>, outcome: ExtractionOutput['outcome'] = 'appointments'): string {
  return JSON.stringify({ outcome, appointments: outcome === 'appointments' ? [{ ...EMPTY_PROPOSAL, ...fields }] : [] });
}

describe('merging the offline and the model extractions', () => {
  it('makes a value both found surer', () => {
    const merged = mergeExtractions(offline, modelSays({ customerName: { value: 'maria lopez', confidence: 0.8, evidence: 'Maria Lopez' } }));
    expect(merged.appointments[0]?.customerName).toEqual({ value: 'Maria Lopez', confidence: 0.976, evidence: 'this is Maria Lopez' });
  });

  it('keeps the more confident value when they disagree, and adds what only the model found', () => {
    const merged = mergeExtractions(
      offline,
      modelSays({
        phone: { value: '+16175550142', confidence: 0.9, evidence: 'six one seven five five five zero one four two' },
        preferredTime: { value: '2026-12-09T08:00:00-06:00', confidence: 0.5, evidence: 'Wednesday' },
        price: { value: '45000 USD', confidence: 0.8, evidence: 'four hundred and fifty dollars' },
      }),
    );
    expect(merged.appointments[0]?.phone?.value).toBe('+16175550142');
    expect(merged.appointments[0]?.preferredTime?.value).toBe('2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00');
    expect(merged.appointments[0]?.price?.value).toBe('45000 USD');
  });

  it('ignores an answer that is not the contract, and a value not in its normal form', () => {
    expect(mergeExtractions(offline, '{"appointments": "soon"}')).toEqual(offline);
    expect(mergeExtractions(offline, 'Sure! Here is the JSON you asked for')).toEqual(offline);
    expect(mergeExtractions(offline, modelSays({ phone: { value: '617-555-0142', confidence: 0.99, evidence: '' } })).appointments[0]?.phone?.value).toBe('+12145550134');
  });

  it('takes the model\'s appointments when the offline extractor found none', () => {
    const none: ExtractionOutput = { outcome: 'no_appointment', appointments: [] };
    expect(mergeExtractions(none, modelSays({ address: { value: '212 Main Street, Medford', confidence: 0.8, evidence: '212 Main Street' } })).outcome).toBe('appointments');
    expect(mergeExtractions(offline, modelSays({}, 'no_appointment'))).toEqual(offline);
  });

  it('asks the model for a strict schema with every field required', () => {
    const schema = modelAnswerJsonSchema() as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(['outcome', 'appointments']);
    expect(schema.additionalProperties).toBe(false);
  });
});
