import { randomInt } from 'node:crypto';
import type { RingsideEvent } from '../../../src/shared/events/model';

/** What an erasure replaces names with, everywhere (a customer record's name may not be empty). */
export const ERASED_NAME = 'Erased customer';
/** What a note that must keep some words says once erased. */
export const ERASED_TEXT = 'Erased';

/**
 * Everything that identifies one customer, found in the log: their ids (the customer and every
 * one merged into it), the words that name them (names, companies, contact names, emails,
 * addresses), their numbers with the pseudonym each gets, and what belongs to them (calls,
 * messages, jobs, extractions, media).
 */
export interface ErasureSubject {
  customerIds: Set<string>;
  /** Original E.164 → its pseudonym in +999… (never stored: it lives as long as the run). */
  pseudonyms: Map<string, string>;
  names: string[];
  emails: string[];
  addresses: string[];
  callIds: Set<string>;
  messageIds: Set<string>;
  jobIds: Set<string>;
  extractionIds: Set<string>;
  mediaIds: Set<string>;
  /** Media files by hash: captured for the customer's media ids, and the photos of their jobs. */
  mediaSha256: Set<string>;
}

/** One stored event read back (decoded JSON; stored events were valid when appended). */
export interface StoredEvent {
  seq: number;
  event: RingsideEvent;
}

interface Data {
  [key: string]: unknown;
}

const dataOf = (event: RingsideEvent): Data => event.data as unknown as Data;

/**
 * Works out the subject from the log, read as many times as needed (`events()` starts over each
 * time; the relay's reader yields to other work between chunks, so a large log does not hold the
 * relay up). `survivor` is the customer the accounts say the request's customer now lives on.
 * Pure but for the pseudonyms' randomness.
 */
export async function findErasureSubject(survivor: string, events: () => AsyncIterable<StoredEvent>, takenNumbers: ReadonlySet<string> = new Set()): Promise<ErasureSubject> {
  // 1. The customer and every customer merged into it, transitively.
  const mergedInto = new Map<string, string[]>();
  for await (const { event } of events()) {
    if (event.type !== 'customer.merged') continue;
    const list = mergedInto.get(event.data.intoCustomerId) ?? [];
    list.push(event.data.fromCustomerId);
    mergedInto.set(event.data.intoCustomerId, list);
  }
  const customerIds = new Set<string>([survivor]);
  const pending = [survivor];
  while (pending.length > 0) {
    for (const from of mergedInto.get(pending.pop()!) ?? []) {
      if (customerIds.has(from)) continue;
      customerIds.add(from);
      pending.push(from);
    }
  }

  // 2. Every name, number, email and address any version of their record held.
  const names = new Set<string>();
  const emails = new Set<string>();
  const addresses = new Set<string>();
  const phones = new Set<string>();
  for await (const { event } of events()) {
    if (event.type !== 'customer.upserted' || !customerIds.has(event.data.customerId)) continue;
    names.add(event.data.name);
    if (event.data.company) names.add(event.data.company);
    if (event.data.email) emails.add(event.data.email);
    for (const email of event.data.emails ?? []) emails.add(email);
    if (event.data.address) addresses.add(event.data.address);
    for (const phone of event.data.phones) phones.add(phone);
  }
  // The provider's contact for their numbers names them too.
  for await (const { event } of events()) {
    if (event.type !== 'contact.changed' || !event.data.phones.some((phone) => phones.has(phone))) continue;
    if (event.data.name) names.add(event.data.name);
    if (event.data.company) names.add(event.data.company);
    for (const email of event.data.emails) emails.add(email);
  }

  // 3. What is theirs: calls to and from their numbers, their texts, their jobs and media.
  const callIds = new Set<string>();
  const messageIds = new Set<string>();
  const jobIds = new Set<string>();
  const extractionIds = new Set<string>();
  const mediaIds = new Set<string>();
  const mediaSha256 = new Set<string>();
  const theirs = (phone: unknown): boolean => typeof phone === 'string' && phones.has(phone);
  for await (const { event } of events()) {
    const data = dataOf(event);
    if (event.type.startsWith('call.') && typeof data.callId === 'string') {
      const call = (data.call ?? null) as Data | null;
      if (theirs(data.externalNumber) || theirs(call?.externalNumber) || (event.type === 'call.assistant_decided' && customerIds.has(String(data.customerId)))) callIds.add(data.callId);
      if (event.type === 'call.transcript_ready' && event.data.dialogue.some((line) => theirs(line.speakerNumber))) callIds.add(data.callId);
    }
    if (event.type === 'message.recorded' && (theirs(event.data.from) || event.data.participants.some(theirs))) {
      messageIds.add(event.data.messageId);
      for (const item of event.data.media) mediaIds.add(item.mediaId);
    }
  }
  for await (const { event } of events()) {
    if (event.type === 'call.recording_ready' && callIds.has(event.data.callId)) for (const item of event.data.recordings) mediaIds.add(item.mediaId);
    if (event.type === 'call.voicemail_ready' && callIds.has(event.data.callId)) mediaIds.add(event.data.voicemail.mediaId);
    if (event.type === 'call.completed' && callIds.has(event.data.callId) && event.data.voicemail) mediaIds.add(event.data.voicemail.mediaId);
    if (event.type === 'extraction.recorded' && ((event.data.customerId !== null && customerIds.has(event.data.customerId)) || (event.data.callId !== null && callIds.has(event.data.callId)) || (event.data.subject.kind !== 'conversation' && callIds.has(event.data.subject.id)) || (event.data.conversationId !== null && messageThreadIsTheirs(event.data.conversationId, phones)))) {
      extractionIds.add(event.data.extractionId);
      for (const mediaId of event.data.mediaIds ?? []) mediaIds.add(mediaId);
    }
  }
  for await (const { event } of events()) {
    if (event.type !== 'job.created') continue;
    const details = event.data.details;
    const fromExtraction = [...extractionIds].some((extractionId) => event.data.jobId.startsWith(`${extractionId}:`));
    if (fromExtraction || (details.customerId != null && customerIds.has(details.customerId)) || theirs(details.phone) || (event.data.callId !== null && callIds.has(event.data.callId))) jobIds.add(event.data.jobId);
  }
  // A job made by hand becomes theirs when a person sets their record, their number or their address on it.
  const sameAddress = (address: unknown): boolean => typeof address === 'string' && addressKeys.has(addressKey(address));
  const addressKeys = new Set([...addresses].map(addressKey).filter((key) => key.length >= 6));
  for await (const { event } of events()) {
    if (event.type === 'job.created' && sameAddress(event.data.details.address)) jobIds.add(event.data.jobId);
    if (event.type !== 'job.edited') continue;
    const { changes } = event.data;
    if ((changes.customerId != null && customerIds.has(changes.customerId)) || theirs(changes.phone) || sameAddress(changes.address)) jobIds.add(event.data.jobId);
  }
  for await (const { event } of events()) {
    if (event.type === 'media.captured' && mediaIds.has(event.data.mediaId)) mediaSha256.add(event.data.sha256);
    if (event.type === 'job.photo_added' && jobIds.has(event.data.jobId)) mediaSha256.add(event.data.sha256);
  }

  const pseudonyms = new Map<string, string>();
  const used = new Set<string>(takenNumbers);
  for (const phone of [...phones].sort()) {
    let pseudonym: string;
    do pseudonym = `+999${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    while (used.has(pseudonym) || phones.has(pseudonym));
    used.add(pseudonym);
    pseudonyms.set(phone, pseudonym);
  }
  return { customerIds, pseudonyms, names: [...names].filter((name) => name.trim().length >= 3), emails: [...emails].filter((email) => email.length >= 3), addresses: [...addresses], callIds, messageIds, jobIds, extractionIds, mediaIds, mediaSha256 };
}

/** An address compared as people write it: case, commas, line breaks and spaces aside. */
function addressKey(address: string): string {
  return address.toLowerCase().replace(/[\s,.]+/g, ' ').trim();
}

/** A conversation id names its participants (`<line>|<participants>`) or is the provider's own; only the former says whose it is. */
function messageThreadIsTheirs(conversationId: string, phones: ReadonlySet<string>): boolean {
  const participants = conversationId.split('|')[1];
  return participants !== undefined && participants.split(',').some((phone) => phones.has(phone));
}
