import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf, RingsideEvent } from '../../../src/shared/events/model';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { createLogger } from '../../src/logger';
import { MediaStore } from '../../src/media/media-store';
import { RedactionRunner } from '../../src/privacy/redaction-runner';
import type { JobRecord } from '../../../src/shared/jobs/job-fold';
import { eventually } from '../media/media-relay';
import { answeredCall, consoleEvent, deliver, LINE, startPortalRelay, type PortalRelay } from '../portal/portal-fixture';
import { capturedSha, filesUnder, hostedRecording, needlesFound, providerEnvelope, storedEvents, summaryReady, textMessage, uniqueId } from './privacy-fixture';
import { MaintenanceTurns } from '../../src/db/maintenance-turns';

/**
 * The retention policy (the admin's retention_policy.defined) applied by the relay against a real
 * relay's log and media, with the run's clock injected: what is older than the policy keeps goes
 * (recordings' files and links, transcript and summary words, message bodies, MMS photos), what is
 * younger stays, and each run that removed something says so with log.redacted.
 */

const DAY = 86_400_000;
const CALLER = '+16175550160';
const OLD_WORDS = 'my old boiler leaks near the gas line';
const OLD_TEXT = 'the old gate code is 4471';
const NEW_WORDS = 'the new furnace is making a rattle';
const NEW_TEXT = 'the new gate code is 9902';
/** An old call that proposes an appointment: its extraction quotes these sentences as evidence. */
const BOOKING_TURNS = [
  'Thanks for calling, how can I help?',
  'Hi, this is Delphine Arbuckle. The water heater in my cellar is dripping onto the floor.',
  'What is the address?',
  'It is 88 Quillfeather Road, Springfield.',
  'We can come Thursday at 2 pm. The visit is $95.',
  'Thursday at 2 works. The side door sticks, knock loudly.',
];
const BOOKING_DESCRIPTION = 'The water heater in my cellar is dripping onto the floor.';
/** What of the booking call must not outlive its transcript: every sentence quoted, and the notes nobody accepted. */
const BOOKING_QUOTES = ['Hi, this is Delphine Arbuckle', 'It is 88 Quillfeather Road', 'We can come Thursday at 2 pm', 'The visit is $95', 'Thursday at 2 works', 'The side door sticks, knock loudly'];

let host: MediaHost;
let t: PortalRelay;
let now = Date.now();
let runner: RedactionRunner;
const sha: Record<string, string> = {};
const ids: Record<string, string> = {};

function recording(callId: string, url: string, at: string): EventOf<'call.recording_ready'> {
  return { ...providerEnvelope(`EV-recording-${callId}`, at), type: 'call.recording_ready', data: { callId, recordings: [{ mediaId: `${callId}:recording:0`, url, contentType: 'audio/mpeg', durationSeconds: 2 }], call: null } };
}

function transcript(callId: string, text: string, at: string): EventOf<'call.transcript_ready'> {
  return { ...providerEnvelope(`EV-transcript-${callId}`, at, undefined, { object: { dialogue: [{ content: text }] } }), type: 'call.transcript_ready', data: { callId, durationSeconds: 4, dialogue: [{ speakerNumber: CALLER, speakerUserId: null, text, startSeconds: 0, endSeconds: 4 }] } };
}

function dialogue(callId: string, turns: readonly string[], at: string): EventOf<'call.transcript_ready'> {
  const lines = turns.map((text, index) => ({ speakerNumber: index % 2 === 0 ? LINE : CALLER, speakerUserId: null, text, startSeconds: index * 5, endSeconds: index * 5 + 4 }));
  return { ...providerEnvelope(`EV-transcript-${callId}`, at, undefined, { object: { dialogue: turns.map((content) => ({ content })) } }), type: 'call.transcript_ready', data: { callId, durationSeconds: turns.length * 5, dialogue: lines } };
}

/** An old call whose transcript proposes an appointment; a person accepts its description (the business's record of the job). */
async function bookingCall(daysAgo: number): Promise<void> {
  const callId = uniqueId('openphone:ACbooking');
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  await deliver(t, answeredCall(callId, CALLER, daysAgo * 24 * 60, 60));
  await deliver(t, dialogue(callId, BOOKING_TURNS, at));
  const extraction = await eventually(() => find('extraction.recorded', (event) => event.data.subject.id === callId), 'the booking call to be read for appointments');
  expect(extraction.data.appointments[0]!.description?.value).toBe(BOOKING_DESCRIPTION);
  const jobId = `${extraction.data.extractionId}:0`;
  await eventually(() => jobOnRelay(jobId), 'the proposed job on the relay');
  await consoleEvent(t, 'job.field_reviewed', { jobId, field: 'description', decision: 'accepted', proposed: BOOKING_DESCRIPTION, chosen: BOOKING_DESCRIPTION, by: 'Front desk' });
  await eventually(() => jobOnRelay(jobId)?.reviews.description, 'the review on the relay');
  ids.bookingCall = callId;
  ids.bookingJob = jobId;
}

const jobOnRelay = (jobId: string): JobRecord | undefined => {
  const record = t.relay.db.prepare('SELECT record FROM jobs WHERE job_id = ?').pluck().get(jobId) as string | undefined;
  return record === undefined ? undefined : (JSON.parse(record) as JobRecord);
};

async function callWithEverything(label: string, daysAgo: number, words: string): Promise<void> {
  const callId = uniqueId(`openphone:AC${label}`);
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  const url = hostedRecording(host, `/rec/${callId}.mp3`, `${label} recording`);
  await deliver(t, answeredCall(callId, CALLER, daysAgo * 24 * 60, 300));
  await deliver(t, recording(callId, url, at));
  await deliver(t, transcript(callId, words, at));
  await deliver(t, { ...summaryReady(callId, [`Summary: ${words}`], at), occurredAt: at, receivedAt: at });
  ids[`${label}Call`] = callId;
  sha[`${label}Recording`] = await capturedSha(t, `${callId}:recording:0`);
}

async function textWithPhoto(label: string, daysAgo: number, body: string): Promise<void> {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  host.addPhoto(`/mms/${label}.jpg`, `${label} photo`);
  const mediaId = `${uniqueId('openphone:MS')}:media:0`;
  const message = textMessage({ from: CALLER, body, at, media: [{ mediaId, url: host.signedUrl(`/mms/${label}.jpg`), contentType: 'image/jpeg' }], raw: { object: { body } } });
  await deliver(t, message);
  ids[`${label}Message`] = message.data.messageId;
  sha[`${label}Photo`] = await capturedSha(t, mediaId);
}

const mediaPath = (hash: string): string => path.join(t.relay.dataDir, 'media', hash.slice(0, 2), hash.slice(2, 4), hash);
const relayFiles = (): string[] => [...['relay.db', 'relay.db-wal', 'relay.db-shm'].map((name) => path.join(t.relay.dataDir, name)), ...filesUnder(path.join(t.relay.dataDir, 'media'))];
const find = <T extends RingsideEvent['type']>(type: T, match: (event: EventOf<T>) => boolean): EventOf<T> => storedEvents(t).map(({ event }) => event).find((event): event is EventOf<T> => event.type === type && match(event as EventOf<T>))!;
const redactions = (): EventOf<'log.redacted'>[] => storedEvents(t).map(({ event }) => event).filter((event): event is EventOf<'log.redacted'> => event.type === 'log.redacted');

beforeAll(async () => {
  host = await MediaHost.start();
  t = await startPortalRelay({ RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort, RELAY_MEDIA_RETRY_BASE_MS: '20', RELAY_MEDIA_RETRY_CAP_MS: '80' });
  await callWithEverything('old', 45, OLD_WORDS);
  await callWithEverything('recent', 1, NEW_WORDS);
  await textWithPhoto('old', 45, OLD_TEXT);
  await textWithPhoto('recent', 1, NEW_TEXT);
  await bookingCall(45);
  // A runner over the relay's own database, log and media folder, on the test's clock.
  runner = new RedactionRunner({ db: t.relay.db, log: t.relay.relay.log, accounts: t.relay.relay.accounts, media: MediaStore.at(t.relay.dataDir), logger: createLogger('error', Date.now), clock: () => now, everyLine: () => [], turns: new MaintenanceTurns() });
}, 60_000);

afterAll(async () => {
  await runner?.close();
  await t?.stop();
  await host?.close();
});

describe('the retention policy', () => {
  it('keeps everything while no policy is set, and records no run', async () => {
    const head = t.relay.relay.log.headSeq;
    expect(await runner.runRetention()).toBeNull();
    expect(t.relay.relay.log.headSeq).toBe(head);
    expect(t.relay.db.prepare('SELECT count(*) FROM privacy_redactions').pluck().get()).toBe(0);
    await consoleEvent(t, 'retention_policy.defined', { days: { recordings: 30, transcripts: 30, message_bodies: 30, media: 60 }, by: 'Owner' });
  });

  it('removes recordings, transcripts, summaries and message bodies older than it keeps, and keeps what is younger', async () => {
    const run = await runner.runRetention();
    expect(run).toMatchObject({ step: 'done', error: null, reason: 'retention', kinds: ['message_bodies', 'recordings', 'transcripts'] });

    expect(find('call.recording_ready', (event) => event.data.callId === ids.oldCall).data.recordings[0]!.url).toBe('');
    expect(existsSync(mediaPath(sha.oldRecording!))).toBe(false);
    const oldTranscript = find('call.transcript_ready', (event) => event.data.callId === ids.oldCall);
    expect(oldTranscript.data.dialogue).toEqual([{ speakerNumber: CALLER, speakerUserId: null, text: '', startSeconds: 0, endSeconds: 4 }]);
    expect(oldTranscript.raw).toEqual({ erased: true });
    expect(find('call.summary_ready', (event) => event.data.callId === ids.oldCall).data).toMatchObject({ summary: [], nextSteps: [] });
    const oldText = find('message.recorded', (event) => event.data.messageId === ids.oldMessage);
    expect(oldText.data.body).toBe('');
    // Media are kept 60 days: the 45-day-old photo stays.
    expect(oldText.data.media[0]!.url).not.toBe('');
    expect(existsSync(mediaPath(sha.oldPhoto!))).toBe(true);

    expect(find('call.recording_ready', (event) => event.data.callId === ids.recentCall).data.recordings[0]!.url).not.toBe('');
    expect(existsSync(mediaPath(sha.recentRecording!))).toBe(true);
    expect(find('call.transcript_ready', (event) => event.data.callId === ids.recentCall).data.dialogue[0]!.text).toBe(NEW_WORDS);
    expect(find('message.recorded', (event) => event.data.messageId === ids.recentMessage).data.body).toBe(NEW_TEXT);
    // Billing stays: the old call's duration is as it was.
    expect(find('call.completed', (event) => event.data.callId === ids.oldCall).data.durationSeconds).toBe(300);

    const [announcement] = redactions();
    expect(announcement!.data).toMatchObject({ reason: 'retention', customerId: null, kinds: ['message_bodies', 'recordings', 'transcripts'], mediaDeleted: [sha.oldRecording], part: 1, parts: 1, by: 'Retention policy' });
    expect(announcement!.data.seqs).toEqual(run!.seqs);
    // The old call's recording, transcript and summary, the old text, the booking call's transcript and its extraction.
    expect(run!.seqs).toHaveLength(6);

    // Gone from the files too, the younger words still there.
    expect(needlesFound(relayFiles(), [OLD_WORDS, OLD_TEXT])).toEqual([]);
    expect(needlesFound(relayFiles(), [NEW_WORDS, NEW_TEXT]).length).toBeGreaterThan(0);
  });

  it("clears what an old call's proposed job quotes of its words, keeping the values a person accepted, on the relay's jobs too", async () => {
    const extraction = find('extraction.recorded', (event) => event.data.subject.id === ids.bookingCall);
    const [appointment] = extraction.data.appointments;
    for (const field of Object.values(appointment!)) if (field !== null) expect(field.evidence).toBe('');
    // Nobody accepted the notes: they were the caller's words and go with them.
    expect(appointment!.notes).toBeNull();
    // The accepted description is the business's record of the job; the normal forms stay (a day, a price, a number).
    expect(appointment!.description?.value).toBe(BOOKING_DESCRIPTION);
    expect(appointment!.address?.value).toBe('88 Quillfeather Road, Springfield');
    expect(appointment!.price?.value).toBe('9500 USD');
    expect(find('call.transcript_ready', (event) => event.data.callId === ids.bookingCall).data.dialogue.every((line) => line.text === '')).toBe(true);

    // The relay's jobs were folded again from the rewritten log.
    const job = jobOnRelay(ids.bookingJob!)!;
    expect(job.details).toMatchObject({ description: BOOKING_DESCRIPTION, address: '88 Quillfeather Road, Springfield', priceMinor: 9500 });
    expect(job.proposals.notes).toBeUndefined();
    expect(Object.values(job.proposals).map((field) => field.evidence)).toEqual(Object.values(job.proposals).map(() => ''));

    // Not a byte of its evidence left in relay.db, its WAL or shared memory.
    expect(needlesFound(relayFiles(), BOOKING_QUOTES)).toEqual([]);
  });

  it('finds nothing more to remove on the same day, and removes the rest as the days pass', async () => {
    const head = t.relay.relay.log.headSeq;
    expect(await runner.runRetention()).toMatchObject({ step: 'done', seqs: [] });
    expect(t.relay.relay.log.headSeq).toBe(head);

    now += 20 * DAY;
    const run = await runner.runRetention();
    // The old photo is now 65 days old (media: 60); the recent call and text 21 days (30): kept.
    expect(run).toMatchObject({ step: 'done', kinds: ['media'], mediaDeleted: [sha.oldPhoto] });
    expect(find('message.recorded', (event) => event.data.messageId === ids.oldMessage).data.media[0]!.url).toBe('');
    expect(existsSync(mediaPath(sha.oldPhoto!))).toBe(false);
    expect(existsSync(mediaPath(sha.recentPhoto!))).toBe(true);
    expect(find('message.recorded', (event) => event.data.messageId === ids.recentMessage).data.body).toBe(NEW_TEXT);

    now += 10 * DAY;
    const later = await runner.runRetention();
    expect(later).toMatchObject({ step: 'done', kinds: ['message_bodies', 'recordings', 'transcripts'] });
    expect(find('message.recorded', (event) => event.data.messageId === ids.recentMessage).data.body).toBe('');
    expect(existsSync(mediaPath(sha.recentRecording!))).toBe(false);
    expect(needlesFound(relayFiles(), [NEW_WORDS, NEW_TEXT])).toEqual([]);
    expect(redactions()).toHaveLength(3);
  });
});
