import { formatPhone } from '../../../src/shared/phone';
import type { MediaKind } from './media-items';

/**
 * What a receptionist reads in the banner about media the relay could not save: which
 * piece (a call recording, a voicemail, a photo), whose (the other party's number, else
 * our line), and what happens next. No ids, event names or settings. Pure.
 */

export interface MediaSubject {
  kind: MediaKind;
  contentType: string | null;
  /** The other party, E.164, when known. */
  party: string | null;
  direction: 'incoming' | 'outgoing' | null;
  /** Our lines, for when the other party is not known. */
  lines: readonly string[];
}

/**
 * Why a download stopped for good, in the relay's words; the alert words it for people.
 * `origin` (scheme, host, port: never the signed path) and the cap are kept with the
 * media row, so a relay started with other settings can tell whether they now let it
 * through (refusal-recheck.ts).
 */
export type PermanentRefusal =
  | { reason: 'host_not_allowed'; host: string; origin?: string }
  | { reason: 'private_address'; host: string; origin?: string }
  | { reason: 'too_large'; maxBytes: number; bytes?: number | null }
  | { reason: 'not_media'; contentType: string }
  | { reason: 'bad_url' };

export function retryingAlert(subject: MediaSubject): string {
  return `${describe(subject, 'A')} could not be saved yet; Ringside keeps trying.`;
}

export function savedAlert(subject: MediaSubject): string {
  return `${describe(subject, 'The')} has been saved.`;
}

/** A refused piece of media came again with a new link: the refusal no longer stands. */
export function newLinkAlert(subject: MediaSubject): string {
  return `${describe(subject, 'The')} came with a new link; Ringside is trying it.`;
}

export function refusedAlert(subject: MediaSubject, refusal: PermanentRefusal): string {
  const what = describe(subject, 'A');
  const kept = " Ringside keeps the provider's link instead, which may stop working.";
  switch (refusal.reason) {
    case 'host_not_allowed':
      return `${what} could not be saved: Ringside does not download from ${refusal.host}. Whoever runs the Ringside relay can allow it.${kept}`;
    case 'private_address':
      return `${what} could not be saved: its link points inside a private network, which Ringside does not download from.${kept}`;
    case 'too_large':
      return `${what} could not be saved: it is larger than ${sizeInWords(refusal.maxBytes)}, the most Ringside keeps.${kept}`;
    case 'not_media':
      return `${what} could not be saved: it is not a sound, picture, video or PDF file.${kept}`;
    case 'bad_url':
      return `${what} could not be saved: its link is not a web address Ringside can download.${kept}`;
  }
}

function describe(subject: MediaSubject, article: 'A' | 'The'): string {
  const noun = nounOf(subject);
  const opening = article === 'A' && /^[aeiou]/i.test(noun) ? `An ${noun}` : `${article} ${noun}`;
  if (subject.party === null) {
    const line = subject.lines[0];
    return line === undefined ? opening : `${opening} on the line ${formatPhone(line)}`;
  }
  const party = formatPhone(subject.party);
  if (subject.kind === 'attachment') return subject.direction === 'outgoing' ? `${opening} sent to ${party}` : `${opening} from ${party}`;
  return subject.direction === 'incoming' || subject.kind === 'voicemail' ? `${opening} from ${party}` : `${opening} with ${party}`;
}

function nounOf(subject: MediaSubject): string {
  if (subject.kind === 'recording') return 'call recording';
  if (subject.kind === 'voicemail') return 'voicemail';
  const type = subject.contentType ?? '';
  if (type.startsWith('image/')) return 'photo';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio clip';
  if (type === 'application/pdf') return 'PDF';
  return 'attachment';
}

function sizeInWords(bytes: number): string {
  if (bytes >= 1_048_576) return `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
