import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ringsideEventSchema, type RingsideEvent } from '../../../src/shared/events/model';
import { grayJpeg, MediaHost } from '../../../tools/emulators/openphone/media-host';
import { openRelayDatabase } from '../../src/database';
import { addCustomer, answeredCall, consoleEvent, creditWallet, defineGrowthPlan, deliver, LINE, makeLink, recordingReady, startPortalRelay, subscribe, transcriptReady, type PortalRelay } from '../portal/portal-fixture';
import {
  capturedSha,
  contactChanged,
  erasureFinished,
  filesUnder,
  hostedRecording,
  missedCallWithVoicemail,
  needlesFound,
  rest,
  storedEvents,
  summaryReady,
  textMessage,
  uniqueId,
  voicemailReady,
} from './privacy-fixture';

/**
 * Erasure of one customer against a real relay (its SQLite file, HTTP, the media it captured from
 * the emulated provider storage): afterwards no byte of their name, numbers or words is left in
 * relay.db, its WAL and shared memory, or the media folder; everyone else's data, every billing
 * total and the log's seq order are as they were.
 */

const MARISOL = { customerId: 'cus-marisol', name: 'Marisol Quintanilla-Ferreira', company: 'Quintanilla Foundations', email: 'marisol.qf@example.net', phones: ['+16175550142'], address: '48 Larchmont Terrace\nSomerville, MA 02143', notes: 'Prefers mornings' };
/** A duplicate record made from her second phone, merged into her. */
const DUPLICATE = { customerId: 'cus-marisol-dup', name: 'Marisol Q. Ferreira', phones: ['+16175550143'], email: 'mqf.jobs@example.org' };
const THEODORE = { customerId: 'cus-theodore', name: 'Theodore Blackwood', company: null, email: 'theo@blackwood.example', phones: ['+16175550177'] };
const HER_TEXT = 'The crack by the north wall got wider overnight';
const HER_TRANSCRIPT = 'This is Marisol, water is coming through the basement floor';
const JOB_WORDS = 'Seal the crack along the north foundation wall';
const HIS_TEXT = 'Theodore here, the sump pump is fine now';
const HIS_TRANSCRIPT = 'Theodore calling about the invoice from March';

let host: MediaHost;
let t: PortalRelay;
let agentOfOtherLine: string;
const OTHER_LINE = '+16175550999';
const herMedia: string[] = [];
let hisPhotoSha = '';
/** RELAY_BACKUP_DIR: a copy made before the erasure holds her, and must go with it. */
let backupDir = '';
let herCallId = '';
let jobPhotoSha = '';

/** Every customer's billing as the relay's accounts fold it, numbers and names aside. */
function totals(): string {
  const accounts = t.relay.relay.accounts;
  const now = Date.now();
  const byCustomer = accounts.customerIds().sort().map((id) => {
    const account = accounts.accountOf(id, now)!;
    return { id, view: account.view, invoices: account.invoices, calls: accounts.callsOf(id, { limit: 500 }) };
  });
  return JSON.stringify(byCustomer, (_key, value: unknown) => (typeof value === 'string' && /^\+\d{7,15}$/.test(value) ? 'PHONE' : value));
}

beforeAll(async () => {
  host = await MediaHost.start();
  backupDir = mkdtempSync(path.join(tmpdir(), 'ringside-erasure-backups-'));
  t = await startPortalRelay({ RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort, RELAY_MEDIA_RETRY_BASE_MS: '20', RELAY_MEDIA_RETRY_CAP_MS: '80', RELAY_BACKUP_DIR: backupDir });
  agentOfOtherLine = t.relay.addDevice('Night desk', 'agent', [OTHER_LINE]);

  await defineGrowthPlan(t);
  await addCustomer(t, MARISOL);
  await addCustomer(t, DUPLICATE);
  await addCustomer(t, THEODORE);
  await subscribe(t, MARISOL.customerId, '2026-11-01');
  await subscribe(t, THEODORE.customerId, '2026-11-01');
  await creditWallet(t, MARISOL.customerId, 5000);

  // Her calls: one answered and recorded, transcribed and summarized, from her first number; a missed one with a voicemail from the duplicate's.
  herCallId = uniqueId('openphone:ACher');
  const recordingUrl = hostedRecording(host, `/rec/${herCallId}.mp3`, `${MARISOL.name} call`);
  await deliver(t, answeredCall(herCallId, MARISOL.phones[0]!, 50, 640));
  await deliver(t, recordingReady(herCallId, recordingUrl));
  await deliver(t, transcriptReady(herCallId, [
    { speakerNumber: MARISOL.phones[0]!, speakerUserId: null, text: `${HER_TRANSCRIPT}. I'm at 48 Larchmont Terrace, call me on (617) 555-0142` },
    { speakerNumber: null, speakerUserId: 'US1', text: 'Thanks Marisol Quintanilla-Ferreira, we will send someone' },
  ]));
  await deliver(t, summaryReady(herCallId, [`${MARISOL.name} reports water in the basement at 48 Larchmont Terrace`]));
  await consoleEvent(t, 'call.note_added', { noteId: randomUUID(), callId: herCallId, text: 'Marisol wants Tuesday morning', by: 'Front desk' });

  const missedId = uniqueId('openphone:ACmissed');
  const voicemailUrl = hostedRecording(host, `/vm/${missedId}.mp3`, `voicemail from ${DUPLICATE.phones[0]}`);
  await deliver(t, missedCallWithVoicemail(missedId, DUPLICATE.phones[0]!, voicemailUrl));
  await deliver(t, voicemailReady(missedId, voicemailUrl, `Hi it's Marisol again, ring me at 617-555-0143, ${HER_TEXT}`));
  await deliver(t, answeredCall(uniqueId('openphone:ACdup'), DUPLICATE.phones[0]!, 30, 300));

  // Her texts: an MMS with a photo (and the provider's payload), and the business's answer.
  host.addPhoto('/mms/crack.jpg', `photo of ${MARISOL.name}'s wall`);
  const photoId = uniqueId('openphone:MSphoto');
  await deliver(t, textMessage({ from: MARISOL.phones[0]!, body: HER_TEXT, media: [{ mediaId: `${photoId}:media:0`, url: host.signedUrl('/mms/crack.jpg'), contentType: 'image/jpeg' }], raw: { object: { from: MARISOL.phones[0], body: HER_TEXT, contactName: MARISOL.name } } }));
  await deliver(t, textMessage({ from: LINE, to: MARISOL.phones[0]!, direction: 'outgoing', body: 'Thanks Marisol, someone will come by Tuesday' }));
  await deliver(t, contactChanged('CT-marisol', 'Marisol QF', [MARISOL.phones[0]!], [MARISOL.email]));
  await consoleEvent(t, 'customer.merged', { fromCustomerId: DUPLICATE.customerId, intoCustomerId: MARISOL.customerId, by: 'Front desk' });
  await consoleEvent(t, 'payment.recorded', { paymentId: 'pay-marisol-1', quickbooksId: 'QB-PAY-7', customerId: MARISOL.customerId, amountMinor: 19900, currency: 'USD', receivedOn: '2026-11-20', appliedTo: [] });
  await makeLink(t, MARISOL.customerId);
  await consoleEvent(t, 'job.created', { jobId: 'job-marisol-basement', callId: herCallId, conversationId: null, details: { title: 'Basement leak for Marisol Quintanilla-Ferreira', customerId: MARISOL.customerId, customerName: MARISOL.name, phone: MARISOL.phones[0], address: MARISOL.address, description: JOB_WORDS }, by: 'Front desk' });
  await consoleEvent(t, 'job.note_added', { noteId: randomUUID(), jobId: 'job-marisol-basement', text: 'Bring the long ladder, she has a dog', by: 'Front desk' });
  // A photo of the job uploaded from a console, named after her.
  const uploaded = await fetch(`${t.relay.url}/v1/jobs/photos`, { method: 'POST', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'image/jpeg', 'x-file-name': 'marisol-basement.jpg' }, body: grayJpeg(`${MARISOL.name} basement`) });
  const photo = ((await uploaded.json()) as { photo: { sha256: string } }).photo;
  await consoleEvent(t, 'job.photo_added', { jobId: 'job-marisol-basement', sha256: photo.sha256, contentType: 'image/jpeg', fileName: 'marisol-basement.jpg', by: 'Front desk' });
  jobPhotoSha = photo.sha256;

  // Theodore: a call with its transcript, a text with a photo, which all stay.
  const hisCallId = uniqueId('openphone:AChis');
  await deliver(t, answeredCall(hisCallId, THEODORE.phones[0]!, 40, 420));
  await deliver(t, transcriptReady(hisCallId, [{ speakerNumber: THEODORE.phones[0]!, speakerUserId: null, text: HIS_TRANSCRIPT }]));
  host.addPhoto('/mms/pump.jpg', 'photo of the pump');
  const hisPhotoId = uniqueId('openphone:MSpump');
  await deliver(t, textMessage({ from: THEODORE.phones[0]!, body: HIS_TEXT, media: [{ mediaId: `${hisPhotoId}:media:0`, url: host.signedUrl('/mms/pump.jpg'), contentType: 'image/jpeg' }] }));

  herMedia.push(await capturedSha(t, `${herCallId}:recording:0`), await capturedSha(t, `${missedId}:voicemail:0`), await capturedSha(t, `${photoId}:media:0`));
  hisPhotoSha = await capturedSha(t, `${hisPhotoId}:media:0`);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await host?.close();
  rmSync(backupDir, { recursive: true, force: true });
});

describe('erasing one customer', () => {
  it('is refused to an agent console', async () => {
    const answer = await rest(t, 'POST', '/v1/privacy/erasures', t.agent, { requestId: `erase-${randomUUID()}`, customerId: MARISOL.customerId });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/may not erase/);
  });

  it("rewrites every event about her, deletes her media and leaves no byte of her name, numbers or words in the relay's files, with billing totals and seq order intact", async () => {
    const before = storedEvents(t);
    const totalsBefore = totals();
    const theodoreBefore = before.filter(({ json }) => json.includes('Theodore') && !json.includes('Marisol')).map(({ seq, json }) => ({ seq, json }));
    expect(theodoreBefore.length).toBeGreaterThan(2);
    for (const sha of [...herMedia, jobPhotoSha]) expect(existsSync(mediaPath(sha))).toBe(true);
    // The scan finds her before: in the database files and in the media (an MP3's title, a photo's comment).
    const foundBefore = needlesFound(relayFiles(), [MARISOL.name, HER_TEXT, MARISOL.phones[0]!]);
    for (const needle of [MARISOL.name, HER_TEXT, MARISOL.phones[0]!]) expect(foundBefore.some((hit) => hit.endsWith(`: ${needle}`))).toBe(true);
    expect(foundBefore.some((hit) => !hit.startsWith('relay.db'))).toBe(true);
    expect(totalsBefore).toMatch(/"billedSeconds":660/);
    // A backup made now holds her too, in its copy of relay.db and its media mirror.
    const backupBefore = await t.relay.relay.backups!.runNow();
    expect(backupBefore).not.toBeNull();
    const inBackupBefore = needlesFound(filesUnder(backupDir), [MARISOL.name, HER_TEXT]);
    expect(inBackupBefore.some((hit) => hit.startsWith('relay-'))).toBe(true);
    expect(inBackupBefore.some((hit) => !hit.startsWith('relay-'))).toBe(true);

    const requestId = `erase-${randomUUID()}`;
    const asked = await rest(t, 'POST', '/v1/privacy/erasures', t.admin, { requestId, customerId: DUPLICATE.customerId });
    expect(asked.status).toBe(202);
    expect(asked.body.erasure).toMatchObject({ customerId: DUPLICATE.customerId, state: 'running', requestedBy: 'Back office' });
    const erasure = await erasureFinished(t, asked.body.erasure.erasureId);
    expect(erasure).toMatchObject({ state: 'done', error: null, mediaDeleted: 4 });

    // The log: the same seqs, gap-free, each event of the same type and id, still valid; a log.redacted after them.
    const after = storedEvents(t);
    const redacted = after.filter(({ event }) => event.type === 'log.redacted');
    expect(redacted).toHaveLength(1);
    expect(after.map(({ seq }) => seq)).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(after.slice(0, before.length).map(({ seq, event }) => [seq, event.type, event.id])).toEqual(before.map(({ seq, event }) => [seq, event.type, event.id]));
    for (const { event } of after) expect(ringsideEventSchema.safeParse(event).success).toBe(true);
    const announcement = redacted[0]!.event as Extract<RingsideEvent, { type: 'log.redacted' }>;
    expect(announcement.data).toMatchObject({ reason: 'erasure', customerId: DUPLICATE.customerId, kinds: ['customer'], part: 1, parts: 1, by: 'Back office' });
    expect([...announcement.data.mediaDeleted].sort()).toEqual([...herMedia, jobPhotoSha].sort());
    expect(announcement.data.seqs).toHaveLength(erasure.eventsRewritten);
    const changed = before.filter(({ seq, json }) => after[seq - 1]!.json !== json).map(({ seq }) => seq);
    expect(announcement.data.seqs).toEqual(changed);

    // What was hers now reads as erased; her numbers are one pseudonym each, the same everywhere.
    const upserted = after.filter(({ event }) => event.type === 'customer.upserted' && event.data.customerId === MARISOL.customerId).map(({ event }) => event.data as { name: string; phones: string[]; email: string | null; address: string | null; company: string | null; notes: string });
    expect(upserted[0]).toMatchObject({ name: 'Erased customer', email: null, address: null, company: null, notes: '' });
    const pseudonym = upserted[0]!.phones[0]!;
    expect(pseudonym).toMatch(/^\+999\d{12}$/);
    const herCall = after.find(({ event }) => event.type === 'call.completed' && event.data.callId === herCallId)!.event as Extract<RingsideEvent, { type: 'call.completed' }>;
    expect(herCall.data).toMatchObject({ externalNumber: pseudonym, durationSeconds: 640 });
    const herTexts = after.filter(({ event }) => event.type === 'message.recorded' && event.data.participants.includes(pseudonym)).map(({ event }) => event as Extract<RingsideEvent, { type: 'message.recorded' }>);
    expect(herTexts).toHaveLength(2);
    for (const text of herTexts) expect(text.data.body).toBe('');
    expect(herTexts.find((text) => text.data.direction === 'incoming')!.raw).toEqual({ erased: true });

    // Everyone else's events are untouched, and his photo is still there.
    for (const { seq, json } of theodoreBefore) expect(after[seq - 1]!.json).toBe(json);
    expect(existsSync(mediaPath(hisPhotoSha))).toBe(true);
    for (const sha of [...herMedia, jobPhotoSha]) expect(existsSync(mediaPath(sha))).toBe(false);
    expect((await t.relay.getMedia(herMedia[0]!, t.admin)).status).toBe(404);

    // Billing: every total identical.
    expect(totals()).toBe(totalsBefore);

    // The files: relay.db, its WAL and shared memory, and every media file.
    const needles = [MARISOL.name, 'Marisol', 'Quintanilla', MARISOL.company, MARISOL.email, DUPLICATE.email, DUPLICATE.name, 'Larchmont', HER_TEXT, HER_TRANSCRIPT, 'Tuesday morning', JOB_WORDS, 'long ladder'];
    for (const phone of [...MARISOL.phones, ...DUPLICATE.phones]) needles.push(phone, `(617) 555-${phone.slice(-4)}`, `617-555-${phone.slice(-4)}`, phone.slice(2));
    // The finished erasure made a fresh backup and deleted the copies made before it; the media mirror lost her files.
    await vi.waitFor(() => expect(readdirSync(backupDir).filter((name) => name.endsWith('.db'))).not.toContain(path.basename(backupBefore!.file)), { timeout: 15_000 });
    await t.relay.relay.backups!.runNow();
    expect(readdirSync(backupDir).filter((name) => name.endsWith('.db')).length).toBeGreaterThan(0);
    const files = [...relayFiles(), ...filesUnder(backupDir)];
    expect(needlesFound(files, needles)).toEqual([]);
    // And Theodore's are still found, so the scan does read what is there.
    expect(needlesFound(files, [HIS_TEXT, HIS_TRANSCRIPT, THEODORE.name]).length).toBeGreaterThan(0);

    // The live log's copies (what a stream replays) are the rewritten ones.
    const replayed = t.relay.relay.log.readAfter(0, 10_000).map((entry) => entry.json).join('\n');
    expect(replayed).not.toContain('Marisol');
    expect(replayed).toContain(HIS_TEXT);
  });

  it('answers the same erasure to the same requestId, and gives consoles the rewritten events to read again', async () => {
    const listed = await rest(t, 'GET', '/v1/privacy/erasures', t.admin);
    const done = listed.body.erasures[0];
    const head = t.relay.relay.log.headSeq;
    const redaction = t.relay.db.prepare('SELECT request_id FROM privacy_redactions WHERE redaction_id = ?').pluck().get(done.erasureId) as string;
    const again = await rest(t, 'POST', '/v1/privacy/erasures', t.admin, { requestId: redaction, customerId: DUPLICATE.customerId });
    expect(again.status).toBe(202);
    expect(again.body.erasure).toEqual(done);
    expect(t.relay.relay.log.headSeq).toBe(head);
    expect((await rest(t, 'POST', '/v1/privacy/erasures', t.admin, { requestId: redaction, customerId: THEODORE.customerId })).status).toBe(409);

    const announcement = storedEvents(t).find(({ event }) => event.type === 'log.redacted')!.event as Extract<RingsideEvent, { type: 'log.redacted' }>;
    const seqs = announcement.data.seqs.slice(0, 50);
    const read = await rest(t, 'POST', '/v1/events/read', t.agent, { seqs });
    expect(read.status).toBe(200);
    expect(read.body.events.map((entry: { seq: number }) => entry.seq)).toEqual(seqs);
    expect(JSON.stringify(read.body.events)).not.toContain('Marisol');
    expect(read.body.events.filter((entry: { event: unknown }) => entry.event !== null).length).toBeGreaterThan(0);
    // A device of another line sees only the console events about no line, as on its stream.
    const other = await rest(t, 'POST', '/v1/events/read', agentOfOtherLine, { seqs });
    for (const entry of other.body.events as { seq: number; event: RingsideEvent | null }[]) {
      const stored = storedEvents(t)[entry.seq - 1]!.event;
      expect(entry.event === null).toBe(!(stored.source === 'console' && stored.lines.length === 0));
    }
  });

  it('finishes an erasure a stopped relay left part-way when it starts again', async () => {
    const requestId = `erase-${randomUUID()}`;
    // As if the relay stopped right after taking the request, before the rewrite committed.
    await t.relay.restart(undefined, () => {
      const db = openRelayDatabase(t.relay.dataDir);
      db.prepare("INSERT INTO privacy_redactions (redaction_id, reason, request_id, customer_id, requested_at, requested_by, step, kinds_json) VALUES ('erasure-left', 'erasure', ?, ?, ?, 'Back office', 'rewrite', '[\"customer\"]')").run(requestId, THEODORE.customerId, new Date().toISOString());
      db.close();
    });
    const erasure = await erasureFinished(t, 'erasure-left');
    expect(erasure).toMatchObject({ state: 'done', customerId: THEODORE.customerId });
    const files = relayFiles();
    expect(needlesFound(files, [HIS_TEXT, HIS_TRANSCRIPT, THEODORE.name, THEODORE.email, THEODORE.phones[0]!])).toEqual([]);
    expect(existsSync(mediaPath(hisPhotoSha))).toBe(false);
  });
});

function mediaPath(sha: string): string {
  return path.join(t.relay.dataDir, 'media', sha.slice(0, 2), sha.slice(2, 4), sha);
}

/** relay.db, its WAL and shared memory, and every file in the media folder. */
function relayFiles(): string[] {
  return [...['relay.db', 'relay.db-wal', 'relay.db-shm'].map((name) => path.join(t.relay.dataDir, name)), ...filesUnder(path.join(t.relay.dataDir, 'media'))];
}
