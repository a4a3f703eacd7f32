import type { Statement } from 'better-sqlite3';
import type { ConsoleEventInput } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';
import type { Device } from '../devices/device-store';
import type { JobPhotos } from './job-photo-route';
import type { JobsProjection } from './jobs-projection';

export type JobPosting = { ok: true; input: ConsoleEventInput } | { ok: false; status: 403 | 409 | 422; error: string };

/**
 * What the relay checks before it stores a console's job event, beyond its lines
 * (console-events/event-lines.ts): a job id is made once (a retry of the same event is let
 * through, the log answers it as a duplicate), and a photo attached to a job is one the relay
 * took in (POST /v1/jobs/photos) that this device uploaded or may already see, stored with
 * the type and file name the relay checked, not the ones the console says.
 */
export class JobPostingCheck {
  private readonly storedConsoleEvent: Statement;

  constructor(
    db: RelayDatabase,
    private readonly projection: Pick<JobsProjection, 'job'>,
    private readonly photos: Pick<JobPhotos, 'uploaded' | 'servedTo'>,
  ) {
    this.storedConsoleEvent = db.prepare("SELECT 1 FROM events WHERE source = 'console' AND event_id = ?").pluck();
  }

  /** The job's lines as the relay's jobs projection holds them; null for a job it does not know. */
  linesOf(jobId: string): string[] | null {
    return this.projection.job(jobId)?.lines ?? null;
  }

  check(input: ConsoleEventInput, device: Pick<Device, 'id' | 'role' | 'numbers'>): JobPosting {
    if (input.type === 'job.created') {
      const { jobId } = input.data as { jobId: string };
      if (this.projection.job(jobId) !== null && this.storedConsoleEvent.get(input.id) === undefined) {
        return { ok: false, status: 409, error: 'There is already a job with this id; a new job needs a new one.' };
      }
    }
    if (input.type === 'job.photo_added') {
      const data = input.data as { sha256: string; contentType: string; fileName: string };
      const upload = this.photos.uploaded(data.sha256);
      if (upload === null) return { ok: false, status: 422, error: 'This photo was never sent to the relay: send the picture first, then add it to the job.' };
      if (upload.deviceId !== device.id && this.photos.servedTo(data.sha256, device) === null) {
        return { ok: false, status: 403, error: 'This console may not add that photo: it was sent by another console for a job this one does not see.' };
      }
      return { ok: true, input: { ...input, data: { ...data, contentType: upload.contentType, fileName: upload.fileName } } as ConsoleEventInput };
    }
    return { ok: true, input };
  }
}
