import type { EventOf, RingsideEvent } from '../../../src/shared/events/model';
import { JOB_PHOTOS_PATH } from '../../../src/shared/relay-rest/jobs';
import type { RelayPart, RelayPartDeps } from '../relay-part';
import { CallLines } from '../calls/call-lines';
import { CalendarFeedStore } from './calendar-feed-store';
import { calendarRoutes, summaryLinesOf } from './calendar-routes';
import type { SubjectContext } from './extraction-input';
import { ExtractionQueue } from './extraction-queue';
import { ExtractionWorker } from './extraction-worker';
import { JobPhotos, jobPhotoRoute } from './job-photo-route';
import { jobsExtractors, type JobsExtractors } from './jobs-extractors';
import { JobPostingCheck } from './job-posting';
import { JobsProjection } from './jobs-projection';
import { removeMediaFiles } from '../privacy/media-removal';

/** A photo sent but added to no job is deleted after a day (checked at start and every hour). */
export const UNATTACHED_PHOTO_HOURS = 24;
const SWEEP_EVERY_MS = 60 * 60_000;

/** The relay's jobs part, with who may fetch a job photo (GET /v1/media/<sha256> asks it). */
export interface RelayJobsPart extends RelayPart {
  photos: JobPhotos;
  projection: JobsProjection;
  /** Each job's lines and the checks on a console's job events (POST /v1/events asks it). */
  posting: JobPostingCheck;
  /** The extraction worker; null while JOBS_EXTRACTION is off. */
  worker: ExtractionWorker | null;
}

const CALL_PARTY_TYPES = ['call.completed', 'call.answered', 'call.ringing', 'call.missed', 'call.forwarded'] as const;

/**
 * Issue 15 §3 on the relay: extraction of appointments from calls, voicemails and texts
 * (ExtractionWorker), the jobs projection the calendar reads, job photos, and the calendar feed.
 */
export function relayJobs(deps: RelayPartDeps): RelayJobsPart {
  const { db, log, settings, clock } = deps;
  const stopping = new AbortController();
  const extractors: JobsExtractors = jobsExtractors(settings.jobs.model, stopping.signal);
  const selectEvent = db.prepare('SELECT event FROM events WHERE seq = ?').pluck();
  const selectImage = db.prepare("SELECT sha256, content_type AS contentType FROM media WHERE media_id = ? AND sha256 IS NOT NULL AND content_type LIKE 'image/%'");
  const readEvent = (seq: number | null): RingsideEvent | null => {
    if (seq === null) return null;
    const json = selectEvent.get(seq) as string | undefined;
    return json === undefined ? null : (JSON.parse(json) as RingsideEvent);
  };
  const callLines = new CallLines(db);
  const queue = new ExtractionQueue(db);
  const context: SubjectContext = {
    timeZone: settings.reconciliation.timeZone,
    callParties: (callId) => {
      for (const type of CALL_PARTY_TYPES) {
        const event = readEvent(log.seqOfFact(`${type}|${callId}`));
        if (event !== null && 'externalNumber' in event.data) {
          const data = event.data as { externalNumber: string; startedAt: string };
          return { externalNumber: data.externalNumber, startedAt: data.startedAt, lines: callLines.linesOf(callId) };
        }
      }
      const lines = callLines.linesOf(callId);
      return lines.length === 0 ? null : { externalNumber: null, startedAt: null, lines };
    },
    customerOfNumber: (e164) => {
      const standing = deps.accounts.standingOfNumber(e164, clock());
      if (standing === null) return null;
      const account = deps.accounts.accountOf(standing.customerId, clock());
      return { customerId: standing.customerId, customer: { name: standing.name, phones: standing.phones ?? [], address: account?.address ?? null } };
    },
    isImage: (mediaId, declaredType) => declaredType?.startsWith('image/') === true || selectImage.get(mediaId) !== undefined,
    textsOf: (conversationId) => queue.membersOf('conversation', conversationId).flatMap((seq) => readEvent(seq) ?? []).filter((event): event is EventOf<'message.recorded'> => event.type === 'message.recorded'),
  };

  const projection = new JobsProjection(db, log, deps.logger);
  const photos = new JobPhotos(db, projection);
  const posting = new JobPostingCheck(db, projection, photos);
  const worker = settings.jobs.extraction
    ? new ExtractionWorker({ queue, log, logger: deps.logger, clock, extractors, context, readEvent, threadQuietMinutes: settings.jobs.threadQuietMinutes, extractHistory: settings.jobs.extractHistory })
    : null;

  const routes = {
    [JOB_PHOTOS_PATH]: { POST: jobPhotoRoute({ devices: deps.devices, store: deps.media.store, photos, maxBytes: settings.media.maxBytes, clock }) },
    ...calendarRoutes({
      feed: new CalendarFeedStore(db),
      projection,
      photos,
      devices: deps.devices,
      store: deps.media.store,
      capturedImage: (mediaId) => (selectImage.get(mediaId) as { sha256: string; contentType: string } | undefined) ?? null,
      summaryOf: (callId) => summaryLinesOf(readEvent(log.seqOfFact(`call.summary_ready|${callId}`))),
      publicUrl: settings.publicUrl,
      timeZone: settings.reconciliation.timeZone,
      businessName: settings.portal.businessName,
      rateLimit: settings.portal.rateLimit,
      clock,
      logger: deps.logger,
      maxBodyBytes: settings.maxBodyBytes,
      maxJsonDepth: settings.maxJsonDepth,
    }),
  };

  let sweeper: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> = Promise.resolve();
  const sweepUnattached = (): Promise<void> =>
    (sweeping = sweeping.then(async () => {
      try {
        const gone = photos.forgetUnattached(new Date(clock() - UNATTACHED_PHOTO_HOURS * 3_600_000).toISOString());
        if (gone.length === 0) return;
        await removeMediaFiles(db, deps.media.store, gone);
        deps.logger.info('jobs: photos sent but never added to a job were deleted after a day', { photos: gone.length });
      } catch (error) {
        deps.logger.warn('jobs: photos never added to a job could not be deleted; trying again in an hour', { error: error instanceof Error ? error.message : String(error) });
      }
    }));

  return {
    routes,
    photos,
    projection,
    posting,
    worker,
    start() {
      projection.start();
      worker?.start();
      void sweepUnattached();
      sweeper = setInterval(() => void sweepUnattached(), SWEEP_EVERY_MS);
      sweeper.unref();
    },
    async close() {
      if (sweeper !== null) clearInterval(sweeper);
      await sweeping;
      stopping.abort();
      await worker?.close();
      projection.close();
    },
  };
}
