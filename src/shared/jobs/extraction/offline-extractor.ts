import type { CountryCode } from 'libphonenumber-js';
import { appointmentSegments, outcomeOf, type AppointmentSegment } from './appointment-segments';
import { knownAddress } from './addresses';
import { findPreferredTime } from './dates';
import { findDescription, findNotes } from './description-and-notes';
import type { AppointmentProposal, ExtractionInput, ExtractionOutput, Extractor } from './extractor';
import { findName } from './names';
import { findPhone, spokenPhones } from './phones';
import { bestPrice, pricesIn, priceField } from './prices';
import { sentencesOf, type Sentence } from './sentences';
import { urgencyOfAppointment } from './urgency';

/**
 * Issue 15 §2: the deterministic extractor that always runs, offline and in milliseconds. The
 * caller's name and phone are the call's (shared by every appointment in it); address, time,
 * price, description, urgency and notes are each appointment's own words. Pure.
 */
export function extractOffline(input: ExtractionInput): ExtractionOutput {
  const region: CountryCode = input.phoneRegion ?? 'US';
  const currency = input.currency ?? 'USD';
  const sentences = sentencesOf(input.lines);
  const segments = appointmentSegments(sentences);
  const customerName = findName(sentences, input.customer);
  // In a call of several jobs, a number said as another person's ("for the rental call my tenant…") is that job's.
  const severalJobs = segments.length > 1;
  const phone = findPhone(sentences, input.callerNumber, input.customer, region, severalJobs ? (said) => said.fallback || said.someoneElse : undefined);
  const othersPhones = severalJobs ? spokenPhones(sentences, region).filter((said) => said.someoneElse && !said.fallback) : [];
  const eachPrice = sentences.flatMap(pricesIn).find((price) => price.each) ?? null;

  const appointments: AppointmentProposal[] = segments.map((segment, i) => {
    const price = bestPrice(segment.sentences) ?? eachPrice;
    const own = othersPhones.filter((said) => segment.sentences.some((sentence) => sentence.index === said.firstSentenceIndex)).pop();
    return {
      customerName,
      phone: own ? { value: own.e164, confidence: own.confidence, evidence: own.evidence } : phone,
      address: segment.address ? { value: segment.address.value, confidence: segment.address.confidence, evidence: segment.address.evidence } : knownAddress(input.customer),
      preferredTime: findPreferredTime(sameDayAs(segment, segments[i - 1]), input.businessTimeZone),
      description: findDescription(segment.sentences),
      price: price ? priceField(price, currency) : null,
      urgency: urgencyOfAppointment(segment.sentences),
      notes: findNotes(segment.sentences),
    };
  });
  const outcome = outcomeOf(input, sentences, {
    address: segments.some((segment) => segment.address !== null) || (input.customer?.address != null && /\bsame (?:house|place|address)\b/i.test(sentences.map((s) => s.text).join(' '))),
    time: appointments.some((appointment) => appointment.preferredTime !== null),
  });
  // A call that drops after the caller said who they are or where the job is still leaves a job to call back
  // about, with what was said; one cut after only the trouble leaves nobody to call back.
  const keep = outcome === 'appointments' || (outcome === 'dropped_call' && (segments.some((segment) => segment.address !== null) || customerName !== null));
  return { outcome, appointments: keep ? appointments : [] };
}

/**
 * "We can do her after lunch same day": the day is the one the job before it was given, read with its words; and a
 * later visit's "the Friday after" counts from the visit before's day.
 */
function sameDayAs(segment: AppointmentSegment, before: AppointmentSegment | undefined): Sentence[] {
  if (!before || !(segment.laterVisit || segment.sentences.some((sentence) => /\bsame day\b/i.test(sentence.text)))) return segment.sentences;
  return [...before.sentences, ...segment.sentences].sort((a, b) => a.index - b.index);
}

export const offlineExtractor: Extractor = { extract: extractOffline };
