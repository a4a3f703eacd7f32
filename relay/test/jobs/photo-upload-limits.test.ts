import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_PHOTO_UPLOADS } from '../../src/jobs/job-photo-route';
import { eventually, startJobsRelay, type JobsRelay } from './jobs-relay';

/** What the relay holds to when consoles send job photos: size, how many, and how long one never added to a job is kept. */

let t: JobsRelay;
let admin: string;

const picture = (): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`JFIF ${randomUUID()}`)]);
const upload = (body: Buffer, token: string): Promise<Response> => fetch(`${t.url}/v1/jobs/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg', 'x-file-name': 'p.jpg', authorization: `Bearer ${token}` }, body });
const sha = async (answer: Response): Promise<string> => ((await answer.json()) as { photo: { sha256: string } }).photo.sha256;
const mediaPath = (sha256: string): string => path.join(t.dataDir, 'media', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

beforeAll(async () => {
  t = await startJobsRelay();
  admin = await t.addDevice('Back office', 'admin');
});
afterAll(async () => {
  await t?.stop();
});

describe('job photo uploads', () => {
  it('are at most 10 MB, as the console checks, whatever the relay keeps of other media', async () => {
    const big = Buffer.concat([picture(), Buffer.alloc(10 * 1024 * 1024)]);
    expect((await upload(big, admin)).status).toBe(413);
  });

  it('are held to a rate per console, and another console is not held back by it', async () => {
    const busy = await t.addDevice('Van tablet', 'admin');
    const statuses: number[] = [];
    for (let i = 0; i <= JOB_PHOTO_UPLOADS.burst; i++) statuses.push((await upload(picture(), busy)).status);
    expect(statuses.slice(0, JOB_PHOTO_UPLOADS.burst).every((status) => status === 201)).toBe(true);
    const refused = await upload(picture(), busy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toContain('Try again in');
    expect((await upload(picture(), admin)).status).toBe(201);
  });

  it('that were never added to a job are deleted after a day; one on a job stays', async () => {
    const loose = await sha(await upload(picture(), admin));
    const kept = await sha(await upload(picture(), admin));
    const jobId = `job-${randomUUID()}`;
    await t.consoleEvent(admin, 'job.created', { jobId, details: { title: 'Deck' }, by: 'Back office' });
    await t.consoleEvent(admin, 'job.photo_added', { jobId, sha256: kept, contentType: 'image/jpeg', fileName: 'p.jpg', by: 'Back office' });
    await eventually(() => (t.db.prepare('SELECT 1 FROM job_photos WHERE sha256 = ?').get(kept) === undefined ? undefined : true), 'the photo on the job');
    expect(existsSync(mediaPath(loose))).toBe(true);

    t.advance(25 * 3_600_000);
    await t.restart();
    await eventually(() => (existsSync(mediaPath(loose)) ? undefined : true), 'the loose photo deleted');
    expect(t.db.prepare('SELECT count(*) FROM job_photo_uploads WHERE sha256 = ?').pluck().get(loose)).toBe(0);
    expect(existsSync(mediaPath(kept))).toBe(true);
    expect(t.db.prepare('SELECT count(*) FROM job_photo_uploads WHERE sha256 = ?').pluck().get(kept)).toBe(1);
  });
});
