import type { z } from 'zod';
import type { appointmentProposal, extractedField, extractionRecordedData, extractionSubjectKinds } from '../../events/model';

/**
 * Issue 15 §2: the one interface both extractors (offline, language model) stand behind. What
 * goes in is the words of one subject (a call's transcript, a voicemail, a message thread) with
 * what is needed to read them (who spoke, when, the business's time zone, what is already known
 * about the customer); what comes out is exactly the `outcome` and `appointments` of
 * extraction.recorded, each field in the normal form documented on `extractedField`.
 */

export type ExtractionSubjectKind = (typeof extractionSubjectKinds)[number];
export type ExtractedField = z.infer<typeof extractedField>;
export type AppointmentProposal = z.infer<typeof appointmentProposal>;
export type ExtractionOutcome = z.infer<typeof extractionRecordedData>['outcome'];

export type SpeakerRole = 'business' | 'customer' | 'unknown';

export interface ExtractionLine {
  speaker: SpeakerRole;
  text: string;
  /** ISO instant the words were said (or the text was sent). */
  at: string;
}

export interface KnownCustomer {
  name: string | null;
  /** E.164. */
  phones: readonly string[];
  address: string | null;
}

export interface ExtractionInput {
  subject: { kind: ExtractionSubjectKind; id: string };
  lines: readonly ExtractionLine[];
  /** The caller's (or texter's) number, E.164; null when withheld. */
  callerNumber: string | null;
  /** IANA zone of the business ("America/Chicago"): relative dates are resolved in it. */
  businessTimeZone: string;
  /** When the words were said: "tomorrow" is the day after this instant in the business's zone. */
  referenceInstant: string;
  customer: KnownCustomer | null;
  /** Region for numbers spoken without a country code; US when absent. */
  phoneRegion?: 'US' | 'CA';
  /** Currency for "dollars" and bare amounts; USD when absent. */
  currency?: string;
}

export interface ExtractionOutput {
  outcome: ExtractionOutcome;
  appointments: AppointmentProposal[];
}

export interface Extractor {
  extract(input: ExtractionInput): ExtractionOutput;
}

export const EMPTY_PROPOSAL: AppointmentProposal = {
  customerName: null,
  phone: null,
  address: null,
  preferredTime: null,
  description: null,
  price: null,
  urgency: null,
  notes: null,
};
