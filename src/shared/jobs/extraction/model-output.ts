import { z } from 'zod';
import { appointmentProposal, extractionRecordedData, jobFieldNames, jobUrgencies, type JobFieldName } from '../../events/model';
import type { ExtractionOutput } from './extractor';

/**
 * What a language model is asked to answer, and how its answer is checked before anything
 * trusts it. The JSON schema sent with the request (OpenAI structured outputs, strict) is
 * built from a zod schema without length or range keywords, which strict mode refuses; the
 * answer is then checked against the event contract itself (appointmentProposal) and each
 * value against its field's normal form. Pure.
 */

const modelField = z.object({ value: z.string(), confidence: z.number(), evidence: z.string() }).nullable();
const modelProposal = z.object(Object.fromEntries(jobFieldNames.map((field) => [field, modelField])) as Record<JobFieldName, typeof modelField>);
export const modelAnswerShape = z.object({
  outcome: z.enum(['appointments', 'no_appointment', 'dropped_call']),
  appointments: z.array(modelProposal),
});

/** The JSON schema of the answer, as `response_format.json_schema.schema`. */
export function modelAnswerJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(modelAnswerShape, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** The answer as the contract defines it: the outcome and at most ten proposals. */
export const modelExtractionOutput = z.object({
  outcome: extractionRecordedData.shape.outcome,
  appointments: z.array(appointmentProposal).max(10),
});

const ISO_INSTANT = z.iso.datetime({ offset: true });
function isTime(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2 || !parts.every((part) => ISO_INSTANT.safeParse(part).success)) return false;
  return parts.length === 1 || Date.parse(parts[0]!) < Date.parse(parts[1]!);
}

/** Whether a value is in its field's normal form (documented on extractedField). */
export function isNormalForm(field: JobFieldName, value: string): boolean {
  switch (field) {
    case 'phone':
      return /^\+[1-9]\d{6,14}$/.test(value);
    case 'preferredTime':
      return isTime(value);
    case 'price':
      return /^\d{1,12} [A-Z]{3}$/.test(value);
    case 'urgency':
      return (jobUrgencies as readonly string[]).includes(value);
    default:
      return value.trim() !== '';
  }
}

/**
 * A model's answer (the assistant message's content, JSON text) as an extraction, or null
 * when it is not JSON, not the contract's shape, or answers appointments without any. Values
 * not in their normal form are dropped one by one: the rest of the answer still counts.
 */
export function readModelAnswer(content: string): ExtractionOutput | null {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return null;
  }
  const parsed = modelExtractionOutput.safeParse(json);
  if (!parsed.success) return null;
  const appointments = parsed.data.appointments.map((proposal) => {
    const cleaned = { ...proposal };
    for (const field of jobFieldNames) {
      const extracted = cleaned[field];
      if (extracted !== null && !isNormalForm(field, extracted.value)) cleaned[field] = null;
    }
    return cleaned;
  });
  if (parsed.data.outcome === 'appointments' && appointments.length === 0) return null;
  return { outcome: parsed.data.outcome, appointments: parsed.data.outcome === 'appointments' ? appointments : [] };
}
