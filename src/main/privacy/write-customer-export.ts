import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { CustomerExport, ExportProgress } from '../../shared/api/privacy';
import type { Clock } from '../../shared/clock';
import type { ConsoleDatabase } from '../db/open-console-database';
import { callRelay, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';
import { fetchMedia } from '../media/fetch-media';
import type { MediaCache } from '../media/media-cache';
import { customerExportContents } from './customer-export-contents';
import { exportFileName, nextFreeName } from './export-file-name';
import { zipEntryPart } from './zip-entry-name';

export interface CustomerExportDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  relay: () => RelayAccess;
  mediaCache: MediaCache;
  exportDirectory: () => string;
  progress: (progress: ExportProgress) => void;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};

/** A media id made safe as a file name inside the zip. */
export function mediaFileName(mediaId: string, contentType: string | null): string {
  const base = zipEntryPart(mediaId, 120);
  return `media/${base}.${(contentType && EXTENSIONS[contentType.split(';')[0]!.trim()]) || 'bin'}`;
}

/**
 * Writes everything about one customer into a zip in the exports folder: JSON files of what
 * this console holds, the media files fetched from the relay through the media cache, and a
 * README.txt saying what is in it and what could not be included. Progress is pushed as it goes.
 */
export async function writeCustomerExport(deps: CustomerExportDeps, customerId: string): Promise<CustomerExport> {
  const db = deps.database();
  const contents = customerExportContents(db, customerId);
  if (!contents) throw new Error('This customer is not on this computer any more.');
  const total = contents.media.length + contents.jobPhotos.length + 2;
  let done = 0;
  const step = (words: string): void => deps.progress({ customerId, done, total, words });
  step('Gathering calls, messages and billing');
  const zip: Zippable = {};
  for (const [name, value] of Object.entries(contents.files)) zip[name] = strToU8(`${JSON.stringify(value, null, 2)}\n`);
  done += 1;

  const missing: string[] = [];
  let included = 0;
  for (const item of contents.media) {
    step(`Fetching files from the relay (${done} of ${contents.media.length})`);
    const content = await fetchMedia(db, deps.mediaCache, deps.relay, item.media_id);
    if (content.available) {
      zip[mediaFileName(item.media_id, content.contentType)] = new Uint8Array(Buffer.from(content.data, 'base64'));
      included += 1;
    } else {
      missing.push(`${describeMedia(item)}: ${content.reason}`);
    }
    done += 1;
  }

  for (const photo of contents.jobPhotos) {
    step(`Fetching job photos from the relay (${done - contents.media.length} of ${contents.jobPhotos.length})`);
    const got = await photoBytes(deps, photo.sha256);
    if (typeof got === 'string') missing.push(`Job photo ${photo.file_name}: ${got}`);
    else {
      zip[`job-photos/${zipEntryPart(photo.job_id, 80)}/${photo.sha256.slice(0, 12)}-${zipEntryPart(photo.file_name, 100)}`] = new Uint8Array(got);
      included += 1;
    }
    done += 1;
  }

  step('Writing the file');
  const at = new Date(deps.clock());
  zip['README.txt'] = strToU8(readme(contents.customer.name, at, contents.counts, included, missing, contents.notIncluded));
  const bytes = zipSync(zip, { level: 6 });
  const folder = deps.exportDirectory();
  makePrivateFolder(folder);
  const fileName = nextFreeName(exportFileName(contents.customer.name, at), (name) => existsSync(join(folder, name)));
  const path = join(folder, fileName);
  // Written whole under another name first: a half-written zip is never left under the real one.
  writeFileSync(`${path}.partial`, bytes, { mode: 0o600 });
  renameSync(`${path}.partial`, path);
  done += 1;
  step(`Saved to ${path}`);
  return { path, fileName, bytes: bytes.length, counts: contents.counts, missingMedia: missing.length };
}

/**
 * The exports folder, readable by this user only: the zips are 0600, and their names (the
 * customers' names) are not for other users of the computer to list either. A folder made
 * before, or under a umask that widened it, is narrowed again.
 */
export function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
}

/** A job photo by its hash, from the cache or the relay (GET /v1/media/<sha256>), checked; its bytes or why not, in words. */
async function photoBytes(deps: CustomerExportDeps, sha256: string): Promise<Buffer | string> {
  const cached = deps.mediaCache.get(sha256);
  if (cached) return cached;
  let answer;
  try {
    answer = await callRelay(deps.relay(), 'GET', `/v1/media/${sha256}`, undefined, { binary: true });
  } catch (error) {
    if (error instanceof RelayRequestError) return `The relay could not be reached: ${error.message}`;
    throw error;
  }
  if (answer.status === 404) return 'The relay does not have this file.';
  if (answer.status === 403) return 'This console may not see this file.';
  if (answer.status !== 200 || !answer.bytes) return `The relay could not send this file (HTTP ${answer.status}).`;
  if (createHash('sha256').update(answer.bytes).digest('hex') !== sha256) return 'The file the relay sent was damaged on the way.';
  deps.mediaCache.put(sha256, answer.bytes);
  return answer.bytes;
}

function describeMedia(item: { owner_kind: string; owner_id: string; kind: string; media_id: string }): string {
  const what = item.kind === 'recording' ? 'Call recording' : item.kind === 'voicemail' ? 'Voicemail' : item.owner_kind === 'message' ? 'File sent in a text' : 'File';
  return `${what} ${mediaFileName(item.media_id, null).replace(/^media\//, '').replace(/\.bin$/, '')}`;
}

function readme(name: string, at: Date, counts: CustomerExport['counts'], included: number, missing: string[], notIncluded: string[]): string {
  const lines = [
    `Everything Ringside holds about ${name}`,
    `Made on ${at.toISOString()} from this computer's copy of the business's records.`,
    '',
    'In this file:',
    '  customer.json          the customer record: name, company, email, numbers, address and notes',
    `  calls.json             ${counts.calls} calls, each with its summary, notes and outcome`,
    `  transcripts.json       the transcript lines of ${counts.transcripts} calls (voicemail transcripts are in calls.json)`,
    '  conversations.json     the text conversations with this customer, with their notes',
    `  messages.json          ${counts.messages} text messages`,
    '  media.json             the recordings, voicemails and pictures the calls and texts name',
    `  media/, job-photos/    ${included} files: those recordings, voicemails and pictures, and the photos attached to jobs`,
    '  billing/               subscriptions, the account, charges, the wallet ledger, invoices, payments and payment links',
    ...(counts.jobs > 0 || !notIncluded.some((line) => line.startsWith('Jobs')) ? [`  jobs.json              ${counts.jobs} jobs with their notes, reviews, history and photos' records`] : []),
    '',
    'Times ending in _ms are milliseconds since 1 January 1970 (UTC); amounts ending in _minor are in cents.',
    '',
  ];
  const left = [...missing, ...notIncluded];
  if (left.length === 0) lines.push('Nothing was left out.');
  else lines.push('Could not be included:', ...left.map((line) => `  - ${line}`));
  return `${lines.join('\n')}\n`;
}
