import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../../../src/shared/clock';
import type { EventOf, RingsideEvent } from '../../../src/shared/events/model';
import { calendarStages } from '../../../src/shared/jobs/job-fold';
import { jobsCalendar, type CalendarJob } from '../../../src/shared/jobs/job-calendar';
import { CALENDAR_FEED_PATH, CALENDAR_PATH_PREFIX, calendarFeedActionSchema, type CalendarFeed } from '../../../src/shared/relay-rest/jobs';
import type { DeviceRegistry } from '../devices/device-registry';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { KeyedRateLimiter } from '../http/rate-limit/keyed-rate-limiter';
import type { Handler, RequestContext } from '../http/request-context';
import { sendJson, sendTooLarge } from '../http/respond';
import type { Logger } from '../logger';
import type { MediaStore } from '../media/media-store';
import type { CalendarFeedStore } from './calendar-feed-store';
import type { JobPhotos } from './job-photo-route';
import type { JobsProjection, ProjectedJob } from './jobs-projection';

export interface CalendarRouteDeps {
  feed: CalendarFeedStore;
  projection: JobsProjection;
  photos: JobPhotos;
  devices: DeviceRegistry;
  store: MediaStore;
  /** The captured MMS picture of a media id (the media table), for photos the customer texted. */
  capturedImage(mediaId: string): { sha256: string; contentType: string } | null;
  /** The call's summary lines (call.summary_ready), empty when it has none. */
  summaryOf(callId: string): string[];
  publicUrl: string | null;
  timeZone: string;
  businessName: string | null;
  rateLimit: { perSecond: number; burst: number };
  clock: Clock;
  logger: Logger;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

/** Read by whoever pressed the button (often the receptionist): plain words; the setting is named in the relay's log line and relay/README.md. */
const NO_PUBLIC_URL = 'The relay does not know its public address yet, so it cannot make a calendar link: ask whoever runs the relay to set it up.';
const FEED_HEADERS = { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * The calendar feed (src/shared/relay-rest/jobs.ts): the admin makes, rotates and revokes its
 * secret; Google Calendar, Outlook and Apple Calendar follow /calendar/<secret>/jobs.ics (jobs
 * from Confirmed on with a time) and a job's own file; each photo link in them has its own token
 * (/calendar/photos/<sha256>/<token>), so it opens that photo only. A wrong secret or token is the same
 * plain 404 as anything else and counts as a failed authentication; every address is held to
 * the portal's rate (PORTAL_REQUESTS_PER_MINUTE). The secret is never logged (the server
 * masks the path).
 */
export function calendarRoutes(deps: CalendarRouteDeps): Record<string, Partial<Record<string, Handler>>> {
  const limiter = new KeyedRateLimiter(deps.rateLimit, deps.clock);
  const feedAnswer = (url: string | null): { feed: CalendarFeed } => {
    const current = deps.feed.current();
    return { feed: { url, createdAt: current?.createdAt ?? null, createdBy: current?.createdBy ?? null } };
  };
  const feedUrl = (secret: string): string => `${deps.publicUrl}${CALENDAR_PATH_PREFIX}${secret}/jobs.ics`;

  const admin = (req: IncomingMessage, res: ServerResponse): { name: string } | null => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      return null;
    }
    if (device.role !== 'admin') {
      sendJson(res, 403, { error: 'Only an admin console may manage the calendar link.' });
      return null;
    }
    return device;
  };

  const manage: Handler = async (req, res) => {
    const device = admin(req, res);
    if (device === null) return;
    if (req.method === 'GET') return sendJson(res, 200, feedAnswer(null), { 'cache-control': 'no-store' });
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
    const parsed = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
    const checked = calendarFeedActionSchema.safeParse(parsed.value);
    if (!checked.success) return sendJson(res, 400, { error: z.prettifyError(checked.error) });
    const action = checked.data.action;
    if (action === 'revoke') {
      deps.feed.revoke();
      return sendJson(res, 200, feedAnswer(null), { 'cache-control': 'no-store' });
    }
    if (deps.publicUrl === null) {
      deps.logger.warn('calendar link asked for, but RELAY_PUBLIC_URL is unset: set it to the address consoles and calendars reach the relay at (e.g. https://relay.example.com)', { by: device.name });
      return sendJson(res, 409, { error: NO_PUBLIC_URL });
    }
    // 'create' answers the feed there is without its URL (only its hash is kept): rotate to get a new one.
    if (action === 'create' && deps.feed.current() !== null) return sendJson(res, 200, feedAnswer(null), { 'cache-control': 'no-store' });
    const secret = deps.feed.rotate(new Date(deps.clock()).toISOString(), device.name);
    deps.logger.info(action === 'create' ? 'calendar link made' : 'calendar link rotated: the old one no longer works', { by: device.name });
    sendJson(res, 200, feedAnswer(feedUrl(secret)), { 'cache-control': 'no-store' });
  };

  const notFound = (res: ServerResponse): void => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('There is no calendar here. Ask the business for its current calendar link.\n');
  };

  const feedJobs = (): ProjectedJob[] => deps.projection.scheduledIn(calendarStages);

  const photosOf = (job: ProjectedJob): { sha256: string; contentType: string }[] => {
    const uploaded = job.job.photos.map((photo) => ({ sha256: photo.sha256, contentType: photo.contentType }));
    const texted = job.job.mediaIds.flatMap((mediaId) => deps.capturedImage(mediaId) ?? []);
    const seen = new Set<string>();
    return [...uploaded, ...texted].filter((photo) => !seen.has(photo.sha256) && seen.add(photo.sha256));
  };

  const calendarText = (jobs: readonly ProjectedJob[]): string => {
    const entries: CalendarJob[] = jobs.map((job) => ({
      job: job.job,
      summaryLines: job.job.callId === null ? [] : deps.summaryOf(job.job.callId),
      // Each photo's link has its own token, never the feed's secret (calendar-feed-store.ts).
      photoUrls: photosOf(job).flatMap((photo) => {
        const token = deps.feed.photoToken(photo.sha256);
        return token === null ? [] : [`${deps.publicUrl ?? ''}${CALENDAR_PATH_PREFIX}photos/${photo.sha256}/${token}`];
      }),
    }));
    return jobsCalendar({ jobs: entries, timeZone: deps.timeZone, calendarName: deps.businessName ? `${deps.businessName} jobs` : 'Jobs' });
  };

  const sendCalendar = (res: ServerResponse, text: string, fileName: string): void => {
    res.writeHead(200, { ...FEED_HEADERS, 'content-length': String(Buffer.byteLength(text)), 'content-disposition': `inline; filename="${fileName}"` });
    res.end(text);
  };

  const follow: Handler = async (req, res, context: RequestContext) => {
    if (!context.exempt) {
      const gate = limiter.take(context.limitKey);
      if (!gate.allowed) {
        res.writeHead(429, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(gate.retryAfterSeconds) });
        return void res.end(`Too many requests from this address. Try again in ${gate.retryAfterSeconds} seconds.\n`);
      }
    }
    const [secret = '', ...rest] = context.pathname.slice(CALENDAR_PATH_PREFIX.length).split('/');
    if (secret === 'photos') {
      // /calendar/photos/<sha256>/<token>: one photo of a job in the feed, by its own token.
      const [sha256 = '', token = '', ...more] = rest;
      if (more.length > 0 || !/^[0-9a-f]{64}$/.test(sha256) || !deps.feed.opensPhoto(sha256, token)) {
        context.authenticationFailed();
        return notFound(res);
      }
      const photo = feedJobs()
        .flatMap(photosOf)
        .find((entry) => entry.sha256 === sha256);
      if (photo === undefined) return notFound(res);
      return sendPhoto(req, res, deps, photo);
    }
    if (!deps.feed.opens(secret)) {
      context.authenticationFailed();
      return notFound(res);
    }
    if (rest.length === 1 && rest[0] === 'jobs.ics') return sendCalendar(res, calendarText(feedJobs()), 'jobs.ics');
    if (rest.length === 2 && rest[0] === 'jobs' && rest[1]!.endsWith('.ics')) {
      const jobId = decoded(rest[1]!.slice(0, -'.ics'.length));
      const job = jobId === null ? undefined : feedJobs().find((entry) => entry.job.jobId === jobId);
      if (job === undefined) return notFound(res);
      return sendCalendar(res, calendarText([job]), 'job.ics');
    }
    notFound(res);
  };

  return { [CALENDAR_FEED_PATH]: { GET: manage, POST: manage }, [CALENDAR_PATH_PREFIX]: { GET: follow } };
}

async function sendPhoto(req: IncomingMessage, res: ServerResponse, deps: CalendarRouteDeps, photo: { sha256: string; contentType: string }): Promise<void> {
  const path = deps.store.pathOf(photo.sha256);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('This photo is no longer kept.\n');
  }
  res.writeHead(200, {
    'content-type': photo.contentType,
    'content-length': String(size),
    'cache-control': 'private, max-age=86400',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'referrer-policy': 'no-referrer',
  });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve) => {
    const stream = createReadStream(path);
    stream.once('error', () => {
      res.destroy();
      resolve();
    });
    res.once('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The summary lines of a stored call.summary_ready. */
export function summaryLinesOf(event: RingsideEvent | null): string[] {
  return event?.type === 'call.summary_ready' ? (event as EventOf<'call.summary_ready'>).data.summary : [];
}
