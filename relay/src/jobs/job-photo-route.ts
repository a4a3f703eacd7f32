import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../../src/shared/clock';
import { jobPhotoContentTypes, type UploadedPhoto } from '../../../src/shared/relay-rest/jobs';
import type { RelayDatabase } from '../database';
import type { Device } from '../devices/device-store';
import type { DeviceRegistry } from '../devices/device-registry';
import { bearerToken } from '../devices/device-token';
import { isVisibleTo } from '../devices/event-visibility';
import { readBody } from '../http/body';
import { KeyedRateLimiter } from '../http/rate-limit/keyed-rate-limiter';
import { sendJson } from '../http/respond';
import { discard, type MediaStore } from '../media/media-store';
import { extensionOf } from '../media/media-types';
import { imageTypeOf, type JobPhotoContentType } from './image-magic';
import type { JobsProjection } from './jobs-projection';

/**
 * The job photos devices upload (POST /v1/jobs/photos) and who may fetch them again through
 * GET /v1/media/<sha256>: the device that uploaded it, and any device that may see a job it is
 * attached to (the job's lines as the stream filters them; a job a person added is on no line,
 * so every device sees it).
 */
export class JobPhotos {
  private readonly insert: Statement;
  private readonly select: Statement;
  private readonly unattached: Statement;
  private readonly forget: Statement;

  constructor(
    db: RelayDatabase,
    private readonly projection: JobsProjection,
  ) {
    this.insert = db.prepare('INSERT OR IGNORE INTO job_photo_uploads (sha256, content_type, bytes, file_name, device_id, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.select = db.prepare('SELECT content_type, bytes, file_name, device_id FROM job_photo_uploads WHERE sha256 = ?');
    this.unattached = db.prepare('SELECT u.sha256 FROM job_photo_uploads u WHERE u.uploaded_at < ? AND NOT EXISTS (SELECT 1 FROM job_photos p WHERE p.sha256 = u.sha256)').pluck();
    this.forget = db.prepare('DELETE FROM job_photo_uploads WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM job_photos p WHERE p.sha256 = job_photo_uploads.sha256)');
  }

  /**
   * Forgets the uploads no job names that came before `beforeIso`, answering their hashes (the
   * caller deletes each file no media row or job still names). A console adds a photo to its job
   * right after sending it; one never added is a failed step, or someone filling the disk.
   */
  forgetUnattached(beforeIso: string): string[] {
    const sha256s = this.unattached.all(beforeIso) as string[];
    return sha256s.filter((sha256) => this.forget.run(sha256).changes > 0);
  }

  recordUpload(photo: UploadedPhoto, deviceId: string, atIso: string): void {
    this.insert.run(photo.sha256, photo.contentType, photo.bytes, photo.fileName, deviceId, atIso);
  }

  uploaded(sha256: string): { contentType: string; bytes: number; fileName: string; deviceId: string } | null {
    const row = this.select.get(sha256) as { content_type: string; bytes: number; file_name: string; device_id: string } | undefined;
    return row === undefined ? null : { contentType: row.content_type, bytes: row.bytes, fileName: row.file_name, deviceId: row.device_id };
  }

  /** The content type to serve an uploaded photo with to this device; null when it may not see it (or it is no job photo). */
  servedTo(sha256: string, device: Pick<Device, 'id' | 'role' | 'numbers'>): string | null {
    const upload = this.uploaded(sha256);
    if (upload === null) return null;
    if (upload.deviceId === device.id) return upload.contentType;
    const visible = this.projection.jobsWithPhoto(sha256).some((job) => isVisibleTo(device, { source: job.lines.length === 0 ? 'console' : 'relay', lines: job.lines }));
    return visible ? upload.contentType : null;
  }
}

/** The console's own limit on a photo (src/main/jobs/api-handlers.ts); RELAY_MEDIA_MAX_BYTES lowers it further. */
export const JOB_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Per console: photos sent per hour, with a burst (a morning's pictures of one job), and at
 * most two at once, each held in memory while its bytes are checked.
 */
export const JOB_PHOTO_UPLOADS = { perHour: 120, burst: 30, atOnce: 2 } as const;

export function jobPhotoRoute(deps: { devices: DeviceRegistry; store: MediaStore; photos: JobPhotos; maxBytes: number; clock: Clock }) {
  const limiter = new KeyedRateLimiter({ perSecond: JOB_PHOTO_UPLOADS.perHour / 3600, burst: JOB_PHOTO_UPLOADS.burst }, deps.clock, 10_000);
  const sending = new Map<string, number>();
  const maxBytes = Math.min(deps.maxBytes, JOB_PHOTO_MAX_BYTES);
  const upload = uploadPhoto({ ...deps, maxBytes });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    const now = sending.get(device.id) ?? 0;
    if (now >= JOB_PHOTO_UPLOADS.atOnce) return sendJson(res, 429, { error: 'This console is already sending two photos: wait for them, then send this one.' }, { 'retry-after': '5', connection: 'close' });
    const gate = limiter.take(device.id);
    if (!gate.allowed) {
      return sendJson(res, 429, { error: `This console has sent a great many photos in the last hour. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} minutes.` }, { 'retry-after': String(gate.retryAfterSeconds), connection: 'close' });
    }
    sending.set(device.id, now + 1);
    try {
      await upload(req, res, device);
    } finally {
      const left = (sending.get(device.id) ?? 1) - 1;
      if (left <= 0) sending.delete(device.id);
      else sending.set(device.id, left);
    }
  };
}

function uploadPhoto(deps: { store: MediaStore; photos: JobPhotos; maxBytes: number; clock: Clock }) {
  return async (req: IncomingMessage, res: ServerResponse, device: Pick<Device, 'id'>): Promise<void> => {
    const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(jobPhotoContentTypes as readonly string[]).includes(declared)) {
      return sendJson(res, 415, { error: `A job photo must be a picture: ${jobPhotoContentTypes.join(', ')}.` }, { connection: 'close' });
    }
    const read = await readBody(req, deps.maxBytes);
    if (!read.ok) return sendJson(res, 413, { error: `This photo is too large: the relay keeps pictures of at most ${Math.floor(deps.maxBytes / 1_048_576)} MB.` }, { connection: 'close' });
    const bytes = read.body;
    if (bytes.length === 0) return sendJson(res, 400, { error: 'The photo is empty.' });
    const actual = imageTypeOf(bytes);
    if (actual !== declared) {
      return sendJson(res, 415, { error: actual === null ? 'This file is not a picture the relay can keep.' : `This file is a ${actual.slice(6).toUpperCase()} picture, not the ${declared.slice(6).toUpperCase()} it was sent as.` });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const temporary = deps.store.temporary();
    try {
      await new Promise<void>((resolve, reject) => {
        temporary.stream.once('error', reject);
        temporary.stream.end(bytes, resolve);
      });
      await deps.store.commit(temporary.path, sha256);
    } catch (error) {
      await discard(temporary.path);
      throw error;
    }
    const photo: UploadedPhoto = { sha256, contentType: actual as JobPhotoContentType, bytes: bytes.length, fileName: fileNameOf(req.headers['x-file-name'], actual, sha256) };
    deps.photos.recordUpload(photo, device.id, new Date(deps.clock()).toISOString());
    sendJson(res, 201, { photo });
  };
}

/** X-File-Name as sent (percent-decoded when it is), without any folder; else a name from the hash. */
function fileNameOf(header: string | string[] | undefined, contentType: string, sha256: string): string {
  const raw = Array.isArray(header) ? header[0] : header;
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: taken as it came.
  }
  name = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 300);
  return name === '' ? `photo-${sha256.slice(0, 12)}.${extensionOf(contentType)}` : name;
}
