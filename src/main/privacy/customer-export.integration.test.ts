import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerUpserted, talked } from '../../../tests/support/event-builders';
import { BUSINESS_LINE, texted } from '../../../tests/support/message-builders';
import type { ExportProgress } from '../../shared/api/privacy';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { createMediaCache } from '../media/media-cache';
import { applyBatch } from '../projection/apply-event';
import { createPrivacyHandlers } from './api-handlers';

/**
 * Export round-trip (issue 15 §4): everything this console holds about one customer, as a
 * zip written to the exports folder; unzipped, its JSON is what the database holds and its
 * media files are byte for byte what the relay served (here a loopback stand-in answering
 * GET /v1/devices/me and GET /v1/media/<sha256> to the device token).
 */

const TOKEN = 'device-token-0123456789';
const MARIA = '+16175550100';
const PHOTO = Buffer.from('\xff\xd8\xff\xe0 the crack in the wall', 'latin1');
const PHOTO_SHA = createHash('sha256').update(PHOTO).digest('hex');
const JOB_PHOTO = Buffer.from('\x89PNG the foundation from the street', 'latin1');
const JOB_PHOTO_SHA = createHash('sha256').update(JOB_PHOTO).digest('hex');
const at = '2026-11-30T15:00:00.000Z';

function history(): RingsideEvent[] {
  const mms = texted('MS1', 'incoming', MARIA, at, 'received', { body: 'Here is the crack I told you about' });
  mms.data.media = [{ mediaId: 'openphone:MS1:media:0', url: 'https://media.example/1', contentType: 'image/jpeg', durationSeconds: null }];
  return [
    customerUpserted('c-1', 'María López', [MARIA], { email: 'maria@example.com' }),
    customerUpserted('c-2', 'Ana Whitfield', ['+16175550111']),
    talked('CA1', MARIA, at, 120),
    talked('CA2', '+16175550111', at, 60),
    mms,
    { v: EVENT_MODEL_VERSION, id: 'cap', occurredAt: at, receivedAt: at, lines: [BUSINESS_LINE], source: 'relay', type: 'media.captured', data: { mediaId: 'openphone:MS1:media:0', sha256: PHOTO_SHA, contentType: 'image/jpeg', bytes: PHOTO.length } },
    texted('MS2', 'outgoing', MARIA, at, 'delivered', { body: 'Thanks, we will come Tuesday' }),
    texted('MS3', 'incoming', '+16175550111', at, 'received', { body: 'Not about Maria' }),
    { v: EVENT_MODEL_VERSION, id: 'job1', occurredAt: at, receivedAt: at, lines: [], source: 'console', type: 'job.created', data: { jobId: 'job-1', callId: 'openphone:CA1', conversationId: null, details: { title: 'Foundation crack', customerId: 'c-1', customerName: 'María López', phone: MARIA, address: '12 Elm Street' }, by: 'Owner' } },
    { v: EVENT_MODEL_VERSION, id: 'job1-photo', occurredAt: at, receivedAt: at, lines: [], source: 'console', type: 'job.photo_added', data: { jobId: 'job-1', sha256: JOB_PHOTO_SHA, contentType: 'image/png', fileName: 'front.png', by: 'Owner' } },
  ];
}

describe('exporting one customer', () => {
  let dir: string;
  let db: ConsoleDatabase;
  let server: Server;
  let url: string;
  let role: string;
  let progress: ExportProgress[];

  const handlers = () =>
    createPrivacyHandlers({
      database: () => db,
      clock: () => new Date(2026, 11, 2, 9, 0).getTime(),
      relay: () => ({ url, token: TOKEN }),
      whoAmI: async () => 'Owner',
      mediaCache: createMediaCache(join(dir, 'media-cache')),
      exportDirectory: () => join(dir, 'exports'),
      progress: (p) => progress.push(p),
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-export-'));
    db = await openConsoleDatabase(join(dir, 'console.db'));
    role = 'admin';
    progress = [];
    server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      if (req.url === '/v1/devices/me') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'Owner', role, numbers: [] }));
      if (req.url === `/v1/media/${PHOTO_SHA}`) return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(PHOTO);
      if (req.url === `/v1/media/${JOB_PHOTO_SHA}`) return void res.writeHead(200, { 'content-type': 'image/png' }).end(JOB_PHOTO);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    applyBatch(db, history().map((event, i) => ({ seq: i + 1, event })));
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a zip whose JSON is what the console holds and whose photo is the relay’s bytes, with a README', async () => {
    const result = await handlers()['privacy.exportCustomer']({ customerId: 'c-1' });
    expect(result.fileName).toBe('Maria-Lopez-2026-12-02.zip');
    expect(result.path).toBe(join(dir, 'exports', 'Maria-Lopez-2026-12-02.zip'));
    expect(result.counts).toMatchObject({ calls: 1, messages: 2, media: 1, jobs: 1 });
    expect(result.missingMedia).toBe(0);

    const files = unzipSync(new Uint8Array(readFileSync(result.path)));
    const json = (name: string) => JSON.parse(strFromU8(files[name]!)) as unknown;
    expect(json('customer.json')).toMatchObject({ customer_id: 'c-1', name: 'María López', email: 'maria@example.com', phones: [MARIA] });
    const calls = json('calls.json') as { call_id: string }[];
    expect(calls.map((call) => call.call_id)).toEqual(db.sqlite.prepare('SELECT call_id FROM calls WHERE external_e164 = ?').pluck().all(MARIA));
    expect(calls[0]).toMatchObject(db.sqlite.prepare('SELECT * FROM calls WHERE external_e164 = ?').get(MARIA) as object);
    const messages = json('messages.json') as { body: string }[];
    expect(messages).toEqual(db.sqlite.prepare('SELECT m.* FROM messages m JOIN conversation_participants p ON p.conversation_key = m.conversation_key WHERE p.phone_e164 = ? ORDER BY sent_at_ms, message_id').all(MARIA));
    expect(messages.map((m) => m.body).sort()).toEqual(['Here is the crack I told you about', 'Thanks, we will come Tuesday']);
    expect(Buffer.from(files['media/openphone_MS1_media_0.jpg']!)).toEqual(PHOTO);
    expect(JSON.stringify(json('billing/charges.json'))).not.toContain('CA2');
    const jobs = json('jobs.json') as Record<string, { job_id: string }[]>;
    expect(jobs.jobs!.map((job) => job.job_id)).toEqual(['job-1']);
    expect(jobs.jobs).toEqual(db.sqlite.prepare("SELECT * FROM jobs WHERE customer_id = 'c-1'").all());
    expect(jobs.job_photos).toHaveLength(1);
    expect(Buffer.from(files[`job-photos/job-1/${JOB_PHOTO_SHA.slice(0, 12)}-front.png`]!)).toEqual(JOB_PHOTO);
    const readme = strFromU8(files['README.txt']!);
    expect(readme).toContain('Everything Ringside holds about María López');
    expect(readme).toContain('messages.json          2 text messages');
    expect(Object.keys(files).some((name) => JSON.stringify(name).includes('Whitfield'))).toBe(false);
    expect(Object.values(files).some((bytes) => Buffer.from(bytes).includes('Not about Maria'))).toBe(false);
    expect(progress.at(-1)).toMatchObject({ customerId: 'c-1', done: progress.at(-1)!.total, words: `Saved to ${result.path}` });
  });

  it('says in the README which files the relay could not give', async () => {
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      if (req.url === '/v1/devices/me') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'Owner', role, numbers: [] }));
      res.writeHead(404).end();
    });
    const result = await handlers()['privacy.exportCustomer']({ customerId: 'c-1' });
    expect(result.missingMedia).toBe(2);
    const readme = strFromU8(unzipSync(new Uint8Array(readFileSync(result.path)))['README.txt']!);
    expect(readme).toContain('Could not be included:');
    expect(readme).toContain('File sent in a text openphone_MS1_media_0: The relay does not have this file.');
  });

  it('is for an admin or a bookkeeper only', async () => {
    role = 'agent';
    await expect(handlers()['privacy.exportCustomer']({ customerId: 'c-1' })).rejects.toThrow('Only an admin or bookkeeper console can export a customer’s data.');
  });

  it('erasing asks for the customer’s name as shown, in plain words', async () => {
    await expect(handlers()['privacy.eraseCustomer']({ requestId: 'request-0001', customerId: 'c-1', confirmName: 'Maria' })).rejects.toThrow('Type the customer’s name exactly as shown (María López) to erase them.');
  });
});
