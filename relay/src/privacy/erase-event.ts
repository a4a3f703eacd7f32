import type { RingsideEvent } from '../../../src/shared/events/model';
import { ERASED_NAME, ERASED_TEXT, type ErasureSubject } from './erasure-subject';
import { phoneSpellings } from './phone-spellings';

/** What `raw` (the provider's payload) becomes in an event about an erased customer. */
export const ERASED_RAW = Object.freeze({ erased: true });

/** Replaces every spelling of the subject's numbers, names, emails and addresses in a text. */
export type TextScrubber = (text: string) => string;

/** How words are replaced: everything in events about the subject; elsewhere only what cannot be someone else's words. */
export interface TextScrubbers {
  about: TextScrubber;
  elsewhere: TextScrubber;
}

/**
 * The replacements an erasure makes in free text: each number in any spelling by its pseudonym,
 * names and companies by "Erased customer", emails and addresses by nothing, each matched as a
 * whole word (a contact named "Mo" leaves "moment" alone). Longest first, so "Maria Lopez" goes
 * before a "Maria" that is also a needle. Outside events about the subject (another customer's
 * call note, an alert) a short one-word name is not replaced: it is likelier someone else's.
 * Pure.
 */
export function textScrubbers(subject: ErasureSubject): TextScrubbers {
  interface Rule {
    needle: string;
    pattern: RegExp;
    replacement: string;
    everywhere: boolean;
  }
  const rules: Rule[] = [];
  const add = (needle: string, replacement: string, kind: 'phone' | 'words', everywhere: boolean): void => {
    if (needle.trim().length < 3) return;
    const edge = kind === 'phone' ? ['(?<!\\d)', '(?!\\d)'] : ['(?<![\\p{L}\\p{N}])', '(?![\\p{L}\\p{N}])'];
    rules.push({ needle, pattern: new RegExp(`${edge[0]}${escapeRegExp(needle)}${edge[1]}`, kind === 'phone' ? 'gu' : 'giu'), replacement, everywhere });
  };
  for (const [phone, pseudonym] of subject.pseudonyms) for (const spelling of phoneSpellings(phone)) add(spelling, pseudonym, 'phone', true);
  for (const name of subject.names) add(name, ERASED_NAME, 'words', /\s/.test(name.trim()) || name.trim().length >= 8);
  for (const email of subject.emails) add(email, '', 'words', true);
  for (const address of subject.addresses) {
    add(address, '', 'words', true);
    for (const line of address.split(/\r?\n/)) if (line.trim().length >= 6) add(line.trim(), '', 'words', true);
  }
  rules.sort((a, b) => b.needle.length - a.needle.length);
  const scrubber = (chosen: readonly Rule[]): TextScrubber => (text) => {
    let out = text;
    for (const rule of chosen) if (out.toLowerCase().includes(rule.needle.toLowerCase())) out = out.replace(rule.pattern, rule.replacement);
    return out;
  };
  return { about: scrubber(rules), elsewhere: scrubber(rules.filter((rule) => rule.everywhere)) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Data = Record<string, unknown>;
const ENVELOPE_KEPT = new Set(['v', 'id', 'source', 'type', 'occurredAt', 'receivedAt', 'lines']);

/** Whether the event is about the subject by what it refers to (ids, numbers), not only by words in it. Pure. */
export function isAboutSubject(event: RingsideEvent, subject: ErasureSubject): boolean {
  const data = event.data as unknown as Data;
  const has = (set: ReadonlySet<string>, value: unknown): boolean => typeof value === 'string' && set.has(value);
  if (has(subject.customerIds, data.customerId) || has(subject.customerIds, data.fromCustomerId) || has(subject.customerIds, data.intoCustomerId)) return true;
  if (has(subject.callIds, data.callId) || has(subject.messageIds, data.messageId) || has(subject.jobIds, data.jobId) || has(subject.extractionIds, data.extractionId) || has(subject.mediaIds, data.mediaId)) return true;
  if (typeof data.conversationKey === 'string' && [...subject.pseudonyms.keys()].some((phone) => (data.conversationKey as string).includes(phone))) return true;
  if (event.type === 'contact.changed' && event.data.phones.some((phone) => subject.pseudonyms.has(phone))) return true;
  if (event.type === 'job.created' && event.data.details.customerId != null && subject.customerIds.has(event.data.details.customerId)) return true;
  return false;
}

/**
 * The event as it is kept once the subject is erased: same seq, type, id and billing figures
 * (durations, amounts, ids), its personal content replaced. Events about the subject lose their
 * words (texts, transcripts, summaries, notes), names, emails, addresses, media links and the
 * provider's payload; in any other event only the subject's numbers, names and emails are
 * replaced where they appear. The caller checks the result against the event model. Pure.
 */
export function eraseEvent(event: RingsideEvent, subject: ErasureSubject, scrubbers: TextScrubbers): RingsideEvent {
  const copy = structuredClone(event) as unknown as Data & { data: Data; raw?: unknown };
  const about = isAboutSubject(event, subject);
  const scrub = about ? scrubbers.about : scrubbers.elsewhere;
  if (about) clearPersonalFields(copy.type as RingsideEvent['type'], copy.data);
  if ('raw' in copy && copy.raw !== undefined && (about || scrubDeep(copy.raw, scrub, subject) !== JSON.stringify(copy.raw))) copy.raw = { ...ERASED_RAW };
  for (const key of Object.keys(copy)) {
    if (ENVELOPE_KEPT.has(key) || key === 'raw') continue;
    copy[key] = scrubValue(copy[key], scrub, subject);
  }
  return copy as unknown as RingsideEvent;
}

function scrubDeep(value: unknown, scrub: TextScrubber, subject: ErasureSubject): string {
  return JSON.stringify(scrubValue(value, scrub, subject));
}

function scrubValue(value: unknown, scrub: TextScrubber, subject: ErasureSubject): unknown {
  if (typeof value === 'string') return subject.pseudonyms.get(value) ?? scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, scrub, subject));
  if (value !== null && typeof value === 'object') {
    const out: Data = {};
    for (const [key, item] of Object.entries(value as Data)) out[key] = scrubValue(item, scrub, subject);
    return out;
  }
  return value;
}

const clearMedia = (items: unknown): void => {
  if (Array.isArray(items)) for (const item of items as Data[]) item.url = '';
  else if (items !== null && typeof items === 'object') (items as Data).url = '';
};

const PERSONAL_JOB_DETAILS = ['customerName', 'address', 'description'] as const;
const PERSONAL_PROPOSAL_FIELDS = ['customerName', 'phone', 'address', 'description', 'notes'] as const;

/** The words and personal fields of an event about the subject; ids, times, amounts and durations stay. */
function clearPersonalFields(type: RingsideEvent['type'], data: Data): void {
  switch (type) {
    case 'customer.upserted':
      Object.assign(data, { name: ERASED_NAME, company: null, email: null, emails: [], address: null, notes: '' });
      return;
    case 'contact.changed':
      Object.assign(data, { name: data.name === null ? null : ERASED_NAME, company: null, emails: [] });
      return;
    case 'call.completed':
      if (typeof data.voicemailUrl === 'string') data.voicemailUrl = '';
      if (data.voicemail) clearMedia(data.voicemail);
      return;
    case 'call.recording_ready':
      clearMedia(data.recordings);
      return;
    case 'call.voicemail_ready':
      clearMedia(data.voicemail);
      if (data.transcript !== null) data.transcript = '';
      return;
    case 'call.transcript_ready':
      for (const line of data.dialogue as Data[]) line.text = '';
      return;
    case 'call.summary_ready':
      Object.assign(data, { summary: [], nextSteps: [] });
      return;
    case 'message.recorded':
      data.body = '';
      clearMedia(data.media);
      return;
    case 'call.note_added':
    case 'conversation.note_added':
    case 'job.note_added':
      data.text = ERASED_TEXT;
      return;
    case 'callback.completed':
      data.note = '';
      return;
    case 'call.corrected':
    case 'adjustment.recorded':
      data.reason = ERASED_TEXT;
      return;
    case 'wallet.credited':
    case 'wallet.top_up_invoiced':
      data.note = '';
      return;
    case 'customer.suggestion_dismissed':
      data.suggestionKey = 'erased';
      return;
    case 'extraction.recorded':
      for (const appointment of data.appointments as Data[]) {
        for (const field of PERSONAL_PROPOSAL_FIELDS) appointment[field] = null;
        for (const field of Object.values(appointment)) if (field !== null && typeof field === 'object') (field as Data).evidence = '';
      }
      return;
    case 'job.created':
    case 'job.edited': {
      const details = (type === 'job.created' ? data.details : data.changes) as Data;
      if (typeof details.title === 'string') details.title = ERASED_NAME;
      for (const field of PERSONAL_JOB_DETAILS) if (field in details) details[field] = null;
      return;
    }
    case 'job.field_reviewed':
      if ((PERSONAL_PROPOSAL_FIELDS as readonly string[]).includes(String(data.field))) Object.assign(data, { proposed: null, chosen: null });
      return;
    case 'job.photo_added':
      data.fileName = 'photo';
      return;
    default:
      return;
  }
}
