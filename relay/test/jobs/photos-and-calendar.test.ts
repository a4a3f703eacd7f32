import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompleted, eventually, LINE, newCallId, OTHER_LINE, PUBLIC_URL, startJobsRelay, summaryReady, transcriptReady, type JobsRelay } from './jobs-relay';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF basement crack photo')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png bytes')]);
const TURNS = [
  'Thanks for calling Harbor Foundation Repair, how can I help?',
  "Hi, this is Maria Gonzalez. There's a big crack in my basement wall and water is coming in.",
  'Sorry to hear that. What is the address?',
  'It is 42 Elm Street, Springfield.',
  'We can come next Tuesday at 10 am. The inspection is $150.',
  'Next Tuesday at 10 works.',
];

let t: JobsRelay;
let admin: string;
let agent: string;
let agentSameLine: string;
let otherAgent: string;
let bookkeeper: string;
let jobId: string;
let photoSha: string;
/** The photo's link as the feed gave it. */
let photoLink = '';

const upload = (body: Buffer, contentType: string, token: string | null, fileName = 'crack.jpg'): Promise<Response> =>
  fetch(`${t.url}/v1/jobs/photos`, { method: 'POST', headers: { 'content-type': contentType, 'x-file-name': fileName, ...(token === null ? {} : { authorization: `Bearer ${token}` }) }, body });
const media = (sha256: string, token: string): Promise<Response> => fetch(`${t.url}/v1/media/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
const feed = async (action: string | null, token = admin): Promise<{ status: number; body: { feed?: { url: string | null; createdAt: string | null; createdBy: string | null }; error?: string } }> => {
  const answer = await fetch(`${t.url}/v1/calendar/feed`, action === null ? { headers: { authorization: `Bearer ${token}` } } : { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
  return { status: answer.status, body: (await answer.json()) as never };
};
/** GET a feed URL as a calendar app would, from `address` (the relay believes X-Forwarded-For from loopback). */
const follow = (url: string, address = '203.0.113.20'): Promise<Response> => fetch(`${t.url}${url.slice(PUBLIC_URL.length)}`, { headers: { 'x-forwarded-for': address } });

beforeAll(async () => {
  t = await startJobsRelay({ RELAY_MEDIA_MAX_BYTES: '2048', RELAY_BUSINESS_NAME: 'Harbor Foundation', RELAY_AUTH_FAILURES_PER_MINUTE: '1', RELAY_AUTH_FAILURE_BURST: '3' });
  admin = await t.addDevice('Back office', 'admin');
  agent = await t.addDevice('Front desk', 'agent', [LINE]);
  agentSameLine = await t.addDevice('Van tablet', 'agent', [LINE]);
  otherAgent = await t.addDevice('Other shop', 'agent', [OTHER_LINE]);
  bookkeeper = await t.addDevice('Books', 'bookkeeper');
  const callId = newCallId();
  const at = new Date('2026-12-02T15:02:00Z');
  await t.deliver(callCompleted(callId, at), transcriptReady(callId, TURNS, at), summaryReady(callId, ['Maria Gonzalez called about a crack in her basement wall.', 'Inspection booked for next Tuesday.'], at));
  await eventually(() => (t.eventsOf('extraction.recorded').length === 1 ? true : undefined), 'the call extracted');
  jobId = `call:${callId}:0`;
});
afterAll(async () => {
  await t.stop();
});

describe('job photos', () => {
  it('keeps a picture a device uploads, by its SHA-256, checking its bytes are the kind of picture it says', async () => {
    expect((await upload(JPEG, 'image/jpeg', null)).status).toBe(401);
    expect((await upload(Buffer.from('just some text'), 'text/plain', agent)).status).toBe(415);
    const mislabelled = await upload(PNG, 'image/jpeg', agent);
    expect(mislabelled.status).toBe(415);
    expect(((await mislabelled.json()) as { error: string }).error).toBe('This file is a PNG picture, not the JPEG it was sent as.');
    expect((await upload(Buffer.from('not a picture at all'), 'image/png', agent)).status).toBe(415);
    expect((await upload(Buffer.concat([JPEG, Buffer.alloc(4096)]), 'image/jpeg', agent)).status).toBe(413);

    const answer = await upload(JPEG, 'image/jpeg', agent, 'folder/crack%20wall.jpg');
    expect(answer.status).toBe(201);
    photoSha = createHash('sha256').update(JPEG).digest('hex');
    expect(await answer.json()).toEqual({ photo: { sha256: photoSha, contentType: 'image/jpeg', bytes: JPEG.length, fileName: 'crack wall.jpg' } });
  });

  it('serves a job photo to the device that uploaded it, and once attached to every device that may see the job, never to another line', async () => {
    const own = await media(photoSha, agent);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await own.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await media(photoSha, agentSameLine)).status).toBe(404);

    await t.consoleEvent(agent, 'job.photo_added', { jobId, sha256: photoSha, contentType: 'image/jpeg', fileName: 'crack wall.jpg', by: 'Front desk' });
    await eventually(() => (t.db.prepare('SELECT count(*) FROM job_photos WHERE job_id = ?').pluck().get(jobId) === 1 ? true : undefined), 'the photo attached in the relay projection');
    expect((await media(photoSha, agentSameLine)).status).toBe(200);
    expect((await media(photoSha, bookkeeper)).status).toBe(200);
    expect((await media(photoSha, otherAgent)).status).toBe(404);
  });
});

describe('the calendar feed', () => {
  let url: string;

  it('is made by an admin only, its URL said once', async () => {
    expect((await feed('create', agent)).status).toBe(403);
    const made = await feed('create');
    expect(made.status).toBe(200);
    url = made.body.feed!.url!;
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/calendar/[A-Za-z0-9_-]{43}/jobs\\.ics$`));
    expect(made.body.feed).toMatchObject({ createdBy: 'Back office' });
    expect((await feed(null)).body.feed).toMatchObject({ url: null, createdBy: 'Back office' });
    expect((await feed('create')).body.feed!.url).toBeNull();
    const stored = t.db.prepare('SELECT secret_sha256 FROM calendar_feed').pluck().get() as Buffer;
    expect(stored.toString('hex')).toBe(createHash('sha256').update(url.split('/')[4]!).digest('hex'));
  });

  it('lists confirmed jobs with a time, in the business time zone, with the call summary, the address and links to the photos', async () => {
    const before = await follow(url);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(new ICAL.Component(ICAL.parse(await before.text())).getAllSubcomponents('vevent')).toHaveLength(0);

    await t.consoleEvent(agent, 'job.moved', { jobId, stage: 'confirmed', beforeJobId: null, by: 'Front desk' });
    await eventually(() => (t.db.prepare('SELECT stage FROM jobs WHERE job_id = ?').pluck().get(jobId) === 'confirmed' ? true : undefined), 'the job confirmed in the relay projection');
    const text = await (await follow(url)).text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('America/New_York');
    const [vevent] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(`${jobId}@ringside`);
    expect(event.summary).toContain('Maria Gonzalez');
    expect(event.location).toBe('42 Elm Street, Springfield');
    expect(vevent!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // Written in UTC (no VTIMEZONE needed): 10 am in New York on Tuesday, Dec 8.
    const start = vevent!.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.zone?.tzid).toBe('UTC');
    expect(start.toJSDate().toISOString()).toBe('2026-12-08T15:00:00.000Z');
    expect(event.description).toContain('Maria Gonzalez called about a crack in her basement wall.');
    // The photo's link has its own token: an event forwarded on opens that photo, never the feed.
    const secret = url.split('/')[4]!;
    const photoUrl = new RegExp(`${PUBLIC_URL}/calendar/photos/${photoSha}/[A-Za-z0-9_-]{43}`).exec(event.description)?.[0];
    expect(photoUrl).toBeDefined();
    expect(event.description).not.toContain(secret);
    photoLink = photoUrl!;
    expect(vevent!.getFirstPropertyValue('last-modified')).not.toBeNull();
    expect(typeof vevent!.getFirstPropertyValue('sequence')).toBe('number');

    const photo = await follow(photoLink);
    expect(photo.status).toBe(200);
    // The feed's secret no longer opens photos, and a photo's token opens no other photo.
    expect((await follow(`${url.slice(0, -'jobs.ics'.length)}photos/${photoSha}`, '203.0.113.21')).status).toBe(404);
    expect(Buffer.from(await photo.arrayBuffer()).equals(JPEG)).toBe(true);
    const one = await follow(`${url.slice(0, -'jobs.ics'.length)}jobs/${encodeURIComponent(jobId)}.ics`);
    expect(one.status).toBe(200);
    expect(new ICAL.Component(ICAL.parse(await one.text())).getAllSubcomponents('vevent')).toHaveLength(1);
    const strayPhoto = createHash('sha256').update('not a job photo').digest('hex');
    expect((await follow(photoLink.replace(photoSha, strayPhoto), '203.0.113.22')).status).toBe(404);
  });

  it('stops answering the old URL once rotated, and a wrong secret is a 404 counted as a failed authentication', async () => {
    const rotated = await feed('rotate');
    const next = rotated.body.feed!.url!;
    expect(next).not.toBe(url);
    expect((await follow(url, '203.0.113.30')).status).toBe(404);
    // A rotated feed's photo links stop working with it.
    expect((await follow(photoLink, '203.0.113.32')).status).toBe(404);
    expect((await follow(next, '203.0.113.31')).status).toBe(200);

    const wrong = `${PUBLIC_URL}/calendar/${'A'.repeat(43)}/jobs.ics`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await follow(wrong, '203.0.113.40')).status);
    // The burst is 3 (the old URL above was a failure from another address): the fourth try is refused.
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect((await follow(next, '203.0.113.40')).status).toBe(429);

    expect((await feed('revoke')).body.feed).toEqual({ url: null, createdAt: null, createdBy: null });
    expect((await follow(next, '203.0.113.41')).status).toBe(404);
  });
});
