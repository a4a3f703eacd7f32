import { createHash } from 'node:crypto';
import type { MediaContent } from '../../shared/api/communications';
import type { ConsoleDatabase } from '../db/open-console-database';
import { callRelay, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';
import type { MediaCache } from './media-cache';

/**
 * A piece of media for the page (media.fetch): from the console's cache, else from the
 * relay (GET /v1/media/<sha256>, as this device), checked against its hash and cached.
 * Media the relay has not captured (yet) is answered as unavailable in plain words.
 */
export async function fetchMedia(db: ConsoleDatabase, cache: MediaCache, relay: () => RelayAccess, mediaId: string): Promise<MediaContent> {
  const capture = db.sqlite.prepare('SELECT sha256, content_type FROM media_captures WHERE media_id = ?').get(mediaId) as { sha256: string; content_type: string } | undefined;
  if (!capture) {
    const known = db.sqlite.prepare('SELECT 1 FROM media_items WHERE media_id = ?').get(mediaId) !== undefined;
    return { available: false, reason: known ? 'The relay has not saved this file yet. Try again in a minute.' : 'This file is not known to this console.' };
  }
  const cached = cache.get(capture.sha256);
  if (cached) return content(capture.content_type, cached);
  let answer;
  try {
    answer = await callRelay(relay(), 'GET', `/v1/media/${capture.sha256}`, undefined, { binary: true });
  } catch (error) {
    if (error instanceof RelayRequestError) return { available: false, reason: `The relay could not be reached to fetch this file: ${error.message}` };
    throw error;
  }
  if (answer.status === 404) return { available: false, reason: 'The relay does not have this file.' };
  if (answer.status === 403) return { available: false, reason: 'This console may not see this file.' };
  if (answer.status !== 200 || !answer.bytes) return { available: false, reason: `The relay could not send this file (HTTP ${answer.status}).` };
  if (createHash('sha256').update(answer.bytes).digest('hex') !== capture.sha256) return { available: false, reason: 'The file the relay sent was damaged on the way. Try again.' };
  cache.put(capture.sha256, answer.bytes);
  return content(capture.content_type, answer.bytes);
}

function content(contentType: string, bytes: Buffer): MediaContent {
  return { available: true, contentType, data: bytes.toString('base64'), bytes: bytes.length };
}
