import { jobFieldNames, type JobFieldName } from '../../events/model';
import { normalizedAddress } from './addresses';
import type { AppointmentProposal, ExtractedField, ExtractionOutput } from './extractor';
import { readModelAnswer } from './model-output';

/**
 * Issue 15 §2: the offline extraction and the language model's, merged field by field. The
 * model's answer is checked first (readModelAnswer; anything else and the offline extraction
 * stands alone). Two extractors finding the same value make it surer: the confidence becomes
 * 1 − (1 − a)(1 − b), as for two independent witnesses. When they disagree the more
 * confident value is kept, the offline one on a tie (it can be traced to the words by a
 * pattern). A field only one of them found is kept as found. Appointments pair in order;
 * one only the model found is added. The outcome is the offline one unless the offline
 * extractor found no appointment and the model found some. Pure.
 */

function sameValue(field: JobFieldName, a: string, b: string): boolean {
  if (field === 'address') return normalizedAddress(a) === normalizedAddress(b);
  if (field === 'customerName' || field === 'description' || field === 'notes') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (field === 'preferredTime') {
    const [as, ae] = a.split('/').map(Date.parse);
    const [bs, be] = b.split('/').map(Date.parse);
    return as === bs && ae === be;
  }
  return a === b;
}

export function mergeField(field: JobFieldName, offline: ExtractedField | null, model: ExtractedField | null): ExtractedField | null {
  if (offline === null) return model;
  if (model === null) return offline;
  if (sameValue(field, offline.value, model.value)) {
    const confidence = 1 - (1 - offline.confidence) * (1 - model.confidence);
    return { value: offline.value, confidence: Math.round(confidence * 1000) / 1000, evidence: offline.evidence || model.evidence };
  }
  return model.confidence > offline.confidence ? model : offline;
}

function mergeProposal(offline: AppointmentProposal | undefined, model: AppointmentProposal | undefined): AppointmentProposal {
  return Object.fromEntries(jobFieldNames.map((field) => [field, mergeField(field, offline?.[field] ?? null, model?.[field] ?? null)])) as AppointmentProposal;
}

/** `modelAnswer`: the model's raw answer (JSON text or already parsed), or null when none came. */
export function mergeExtractions(offline: ExtractionOutput, modelAnswer: string | unknown | null): ExtractionOutput {
  if (modelAnswer === null || modelAnswer === undefined) return offline;
  const model = readModelAnswer(typeof modelAnswer === 'string' ? modelAnswer : JSON.stringify(modelAnswer));
  if (model === null) return offline;
  if (offline.outcome !== 'appointments') return model.outcome === 'appointments' ? model : offline;
  if (model.outcome !== 'appointments') return offline;
  const count = Math.max(offline.appointments.length, model.appointments.length);
  return { outcome: 'appointments', appointments: Array.from({ length: count }, (_, i) => mergeProposal(offline.appointments[i], model.appointments[i])) };
}
