import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Device } from '../devices/device-store';
import { bearerToken } from '../devices/device-token';
import { isVisibleTo } from '../devices/event-visibility';
import { sendJson } from '../http/respond';
import type { Logger } from '../logger';
import { decideRange } from './byte-range';
import type { MediaQueue } from './media-queue';
import type { MediaStore } from './media-store';
import { extensionOf } from './media-types';

export const MEDIA_PATH_PREFIX = '/v1/media/';

/** Content-addressed: the bytes under a hash never change, so a console may keep them as long as it likes. */
const CACHE_CONTROL = 'private, max-age=31536000, immutable';
const INLINE_PREFIXES = ['audio/', 'image/', 'video/'];

/**
 * GET /v1/media/<sha256>: a captured file, for a device that may see an event carrying
 * it (admin and bookkeeper: all; an agent: media of its lines, as the stream filters).
 * Media nobody captured and media the device may not see are the same 404, so a device
 * learns nothing about other lines. Range requests (206, 416) let a player seek in a
 * recording. Served as data, never as a page: nosniff, a sandboxing CSP, and a plain
 * file name.
 */
export function mediaRoute(deps: { devices: DeviceRegistry; queue: MediaQueue; store: MediaStore; logger: Logger; jobPhotos?: { servedTo(sha256: string, device: Device): string | null } }) {
  return async (req: IncomingMessage, res: ServerResponse, context: { pathname: string }): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    const sha256 = context.pathname.slice(MEDIA_PATH_PREFIX.length);
    const notFound = (): void => sendJson(res, 404, { error: 'no such media' }, { 'cache-control': 'no-store' });
    if (!/^[0-9a-f]{64}$/.test(sha256)) return notFound();
    const captured = deps.queue.capturedFile(sha256);
    const file = captured !== null && captured.lines.some((lines) => isVisibleTo(device, { source: 'relay', lines })) ? captured : null;
    // A photo uploaded for a job (issue 15) is no provider's media: the jobs part says who may see it.
    const contentType = file?.contentType ?? deps.jobPhotos?.servedTo(sha256, device) ?? null;
    if (contentType === null) return notFound();
    const path = deps.store.pathOf(sha256);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      deps.logger.warn('captured media is missing from the data dir', { sha256 });
      return notFound();
    }

    const etag = `"${sha256}"`;
    const headers: Record<string, string> = {
      'content-type': contentType,
      'cache-control': CACHE_CONTROL,
      etag,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': `${INLINE_PREFIXES.some((prefix) => contentType.startsWith(prefix)) ? 'inline' : 'attachment'}; filename="media-${sha256.slice(0, 16)}.${extensionOf(contentType)}"`,
    };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      return void res.end();
    }
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? decideRange(req.headers.range, size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
      return void res.end();
    }
    const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, size - 1];
    res.writeHead(status, { ...headers, 'content-length': String(Math.max(0, end - start + 1)), ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) });
    if (req.method === 'HEAD' || size === 0) return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(path, { start, end });
      stream.once('error', (error) => {
        deps.logger.warn('captured media could not be read', { sha256, error: error.message });
        res.destroy();
        resolve();
      });
      res.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}
