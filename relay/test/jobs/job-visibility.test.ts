import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompleted, eventually, LINE, newCallId, OTHER_LINE, startJobsRelay, summaryReady, transcriptReady, type JobsRelay } from './jobs-relay';

/**
 * A job is on the lines of the call or thread it came from, and so is everything done on it:
 * an agent of another line never receives it, cannot read it back, change it, move it or add
 * photos to it, and cannot take a photo of it by naming its hash.
 */

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF private basement photo of line A customer')]);
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
let agentA: string;
let agentB: string;
let callId: string;
let jobId: string;
let sha: string;
const seqs: { note: number; edit: number; photo: number; extraction: number } = { note: 0, edit: 0, photo: 0, extraction: 0 };

const post = async (token: string, type: string, data: Record<string, unknown>, id = `${type}:${randomUUID()}`): Promise<{ status: number; body: { seq?: number; duplicate?: boolean; error?: string } }> => {
  const answer = await fetch(`${t.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ id, type, occurredAt: new Date(t.now()).toISOString(), data }) });
  return { status: answer.status, body: (await answer.json()) as never };
};
const upload = (body: Buffer, token: string, fileName = 'basement.jpg'): Promise<Response> =>
  fetch(`${t.url}/v1/jobs/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg', 'x-file-name': fileName, authorization: `Bearer ${token}` }, body });
const readAs = async (token: string, wanted: number[]): Promise<Map<number, { type: string } | null>> => {
  const answer = await fetch(`${t.url}/v1/events/read`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ seqs: wanted }) });
  const { events } = (await answer.json()) as { events: { seq: number; event: { type: string } | null }[] };
  return new Map(events.map((entry) => [entry.seq, entry.event]));
};
const storedLines = (seq: number): string[] => JSON.parse(t.db.prepare('SELECT lines FROM events WHERE seq = ?').pluck().get(seq) as string) as string[];
const record = (id: string): { details: { address: string | null }; stage: string; notes: unknown[]; photos: unknown[] } => JSON.parse(t.db.prepare('SELECT record FROM jobs WHERE job_id = ?').pluck().get(id) as string);

beforeAll(async () => {
  t = await startJobsRelay({ RELAY_BUSINESS_NAME: 'Harbor' });
  admin = await t.addDevice('Back office', 'admin');
  agentA = await t.addDevice('Front desk A', 'agent', [LINE]);
  agentB = await t.addDevice('Other shop B', 'agent', [OTHER_LINE]);
  callId = newCallId();
  const at = new Date('2026-12-02T15:02:00Z');
  await t.deliver(callCompleted(callId, at), transcriptReady(callId, TURNS, at), summaryReady(callId, ['Maria called.'], at));
  await eventually(() => (t.eventsOf('extraction.recorded').length === 1 ? true : undefined), 'the call read for appointments');
  jobId = `call:${callId}:0`;
  // The stream says an event only once the relay's jobs have it: the test waits for the same.
  await eventually(() => (t.db.prepare('SELECT 1 FROM jobs WHERE job_id = ?').get(jobId) === undefined ? undefined : true), 'the job on the relay');
  seqs.extraction = t.db.prepare("SELECT seq FROM events WHERE type = 'extraction.recorded'").pluck().get() as number;
  seqs.note = await t.consoleEvent(agentA, 'job.note_added', { noteId: 'n1', jobId, text: 'Gate code 4411, dog in yard, Maria at 617-555-0111', by: 'Front desk A' });
  seqs.edit = await t.consoleEvent(agentA, 'job.edited', { jobId, changes: { address: '42 Elm Street, Springfield', phone: '+16175550111', customerName: 'Maria Gonzalez' }, by: 'Front desk A' });
  const up = await upload(JPEG, agentA);
  expect(up.status).toBe(201);
  sha = createHash('sha256').update(JPEG).digest('hex');
  seqs.photo = await t.consoleEvent(agentA, 'job.photo_added', { jobId, sha256: sha, contentType: 'image/jpeg', fileName: 'basement.jpg', by: 'Front desk A' });
});

afterAll(async () => {
  await t?.stop();
});

describe("a job's notes, edits and photos", () => {
  it("are stored on the job's line, so an agent of another line never reads them while the line's own agent and an admin do", async () => {
    expect(JSON.parse(t.db.prepare('SELECT lines FROM jobs WHERE job_id = ?').pluck().get(jobId) as string)).toEqual([LINE]);
    for (const seq of [seqs.note, seqs.edit, seqs.photo]) expect(storedLines(seq)).toEqual([LINE]);
    const wanted = [seqs.extraction, seqs.note, seqs.edit, seqs.photo];
    const byB = await readAs(agentB, wanted);
    for (const seq of wanted) expect(byB.get(seq)).toBeNull();
    const byA = await readAs(agentA, wanted);
    expect(wanted.map((seq) => byA.get(seq)?.type)).toEqual(['extraction.recorded', 'job.note_added', 'job.edited', 'job.photo_added']);
    const byAdmin = await readAs(admin, wanted);
    expect(wanted.map((seq) => byAdmin.get(seq)?.type)).toEqual(['extraction.recorded', 'job.note_added', 'job.edited', 'job.photo_added']);
  });
});

describe('an agent of another line', () => {
  it("cannot edit, move, annotate or review another line's job, and the job stays as its line left it", async () => {
    const before = record(jobId);
    const attempts: [string, Record<string, unknown>][] = [
      ['job.edited', { jobId, changes: { address: '1 Attacker Way', scheduledStart: '2026-12-08T15:00:00.000Z' }, by: 'x' }],
      ['job.moved', { jobId, stage: 'confirmed', beforeJobId: null, by: 'x' }],
      ['job.note_added', { noteId: 'evil', jobId, text: 'call 1-900', by: 'x' }],
      ['job.field_reviewed', { jobId, field: 'address', decision: 'edited', proposed: null, chosen: '1 Attacker Way', by: 'x' }],
      ['job.photo_added', { jobId, sha256: sha, contentType: 'image/jpeg', fileName: 'x.jpg', by: 'x' }],
    ];
    for (const [type, data] of attempts) {
      const answer = await post(agentB, type, data);
      expect(answer.status, type).toBe(403);
      expect(answer.body.error).toContain('this job');
    }
    expect(record(jobId)).toEqual(before);
    expect(record(jobId).details.address).toBe('42 Elm Street, Springfield');
  });

  it("cannot make a job on another line's call, nor take over a job id that exists", async () => {
    expect((await post(agentB, 'job.created', { jobId: `b-on-a-${randomUUID()}`, callId, details: { title: 'mine' }, by: 'x' })).status).toBe(403);
    const taken = await post(agentB, 'job.created', { jobId, details: { title: 'mine now' }, by: 'x' });
    expect(taken.status).toBe(409);
    // Even an admin cannot make a second job under an id that is taken.
    expect((await post(admin, 'job.created', { jobId, details: { title: 'again' }, by: 'x' })).status).toBe(409);
  });

  it("cannot see another line's photo by attaching its hash to a job of its own", async () => {
    const own = `b-own-${randomUUID()}`;
    await t.consoleEvent(agentB, 'job.created', { jobId: own, details: { title: 'mine' }, by: 'Other shop B' });
    const attach = await post(agentB, 'job.photo_added', { jobId: own, sha256: sha, contentType: 'image/jpeg', fileName: 'x.jpg', by: 'x' });
    expect(attach.status).toBe(403);
    expect(t.db.prepare('SELECT count(*) FROM job_photos WHERE job_id = ?').pluck().get(own)).toBe(0);
    expect((await fetch(`${t.url}/v1/media/${sha}`, { headers: { authorization: `Bearer ${agentB}` } })).status).toBe(404);
  });
});

describe('a photo added to a job', () => {
  it('is refused when the relay never took in a picture with that hash', async () => {
    const own = `a-${randomUUID()}`;
    await t.consoleEvent(agentA, 'job.created', { jobId: own, details: { title: 'by hand' }, by: 'Front desk A' });
    const answer = await post(agentA, 'job.photo_added', { jobId: own, sha256: 'ab'.repeat(32), contentType: 'image/jpeg', fileName: 'x.jpg', by: 'x' });
    expect(answer.status).toBe(422);
  });

  it('is stored with the type and file name the relay checked when it took the picture in, not the ones the console says', async () => {
    const bytes = Buffer.concat([JPEG, Buffer.from(randomUUID())]);
    const up = await upload(bytes, agentA, 'kitchen.jpg');
    const photo = ((await up.json()) as { photo: { sha256: string } }).photo;
    const seq = await t.consoleEvent(agentA, 'job.photo_added', { jobId, sha256: photo.sha256, contentType: 'image/svg+xml', fileName: '../../evil\u0007.svg', by: 'Front desk A' });
    const stored = JSON.parse(t.db.prepare('SELECT event FROM events WHERE seq = ?').pluck().get(seq) as string) as { data: { contentType: string; fileName: string } };
    expect(stored.data).toMatchObject({ contentType: 'image/jpeg', fileName: 'kitchen.jpg' });
  });
});

describe('a job made by hand', () => {
  it('is seen by everyone, the same event sent again is the one job (not a second, not refused)', async () => {
    const own = `hand-${randomUUID()}`;
    const id = `job.created:${randomUUID()}`;
    const first = await post(agentA, 'job.created', { jobId: own, details: { title: 'Walk-in' }, by: 'x' }, id);
    expect(first.status).toBe(200);
    expect(storedLines(first.body.seq!)).toEqual([]);
    const again = await post(agentA, 'job.created', { jobId: own, details: { title: 'Walk-in' }, by: 'x' }, id);
    expect(again).toEqual({ status: 200, body: { seq: first.body.seq, duplicate: true } });
    expect((await post(agentB, 'job.note_added', { noteId: 'n', jobId: own, text: 'seen', by: 'x' })).status).toBe(200);
  });

  it('from a call is on the call’s line', async () => {
    const own = `from-call-${randomUUID()}`;
    const seq = await t.consoleEvent(agentA, 'job.created', { jobId: own, callId, details: { title: 'Follow-up' }, by: 'x' });
    expect(storedLines(seq)).toEqual([LINE]);
    expect((await readAs(agentB, [seq])).get(seq)).toBeNull();
  });

  it('changes to a job the relay does not know are refused', async () => {
    expect((await post(agentA, 'job.note_added', { noteId: 'n', jobId: 'no-such-job', text: 'hello', by: 'x' })).status).toBe(422);
  });
});

describe('a job id', () => {
  it('with a line break or other characters outside the safe set is refused, so it can never reach a calendar', async () => {
    const evil = 'x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nDTSTART:20261224T100000Z\r\nSUMMARY:Call 1-900-SCAM now';
    for (const bad of [evil, '..', 'a/b', 'a b']) {
      const answer = await post(admin, 'job.created', { jobId: bad, details: { title: 'ok', scheduledStart: '2026-12-09T15:00:00.000Z' }, by: 'x' });
      expect(answer.status, JSON.stringify(bad)).toBe(400);
    }
    expect(t.db.prepare("SELECT count(*) FROM jobs WHERE job_id LIKE '%END:VEVENT%'").pluck().get()).toBe(0);
  });
});
