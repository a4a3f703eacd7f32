import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callTranscriptCompletedEvent } from '../../../tools/emulators/openphone/artifact-payloads';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { defaultStageNames } from '../../shared/jobs/job-fold';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

const LINE = '+16175550199';
const CALLER = '+16175550123';

/** A 2×2 PNG: enough for the relay to read it as an image by its bytes. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Buffer.from([0, 200, 10, 10, 10, 200, 10, 0, 10, 10, 200, 250, 250, 250]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('jobs through the console API and the real relay', () => {
  let relay: RelayProcess;
  let dir: string;
  let desk: ConsoleCore;
  let agent: ConsoleCore;

  async function call<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
    const result = await dispatchApiCall(core.handlers, method, input);
    if (!result.ok) throw new Error(result.error);
    return result.value as ApiOutputs[M];
  }
  const order = async (core: ConsoleCore) => (await call(core, 'jobs.board', {})).columns.map((column) => column.jobs.map((job) => job.title));

  beforeAll(async () => {
    relay = await startRelayProcess({ env: { RELAY_PUBLIC_URL: 'https://relay.example.com' } });
    dir = mkdtempSync(join(tmpdir(), 'ringside-jobs-'));
    const deskToken = await relay.addDevice('Front desk', 'admin');
    const agentToken = await relay.addDevice('Maya', 'agent', [LINE]);
    const core = (name: string, token: string) =>
      createConsoleCore({ dbPath: join(dir, `${name}.db`), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token }), backoff: { baseMs: 50, capMs: 300 } });
    desk = core('desk', deskToken);
    agent = core('agent', agentToken);
    await Promise.all([desk.start(), agent.start()]);
    for (const console of [desk, agent]) await vi.waitFor(async () => expect((await call(console, 'link.status', {})).state).toBe('live'), { timeout: 10_000 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([desk?.stop(), agent?.stop()]);
    await relay?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('jobs added and moved on one console are in the same places on the other, and a move answers the board as it will be', async () => {
    const kitchen = await call(desk, 'jobs.create', { requestId: 'request-kitchen-1', callId: null, details: { title: 'Kitchen quote' } });
    // Pressed twice (a retry): still one job.
    expect((await call(desk, 'jobs.create', { requestId: 'request-kitchen-1', callId: null, details: { title: 'Kitchen quote' } })).jobId).toBe(kitchen.jobId);
    const roof = await call(agent, 'jobs.create', { requestId: 'request-roof-1', callId: null, details: { title: 'Roof check', address: '3 Oak Rd' } });
    expect(roof).toMatchObject({ title: 'Roof check', address: '3 Oak Rd', stage: 'quote_requested', origin: 'Added by Maya' });
    for (const console of [desk, agent]) await vi.waitFor(async () => expect((await order(console))[0]).toEqual(['Roof check', 'Kitchen quote']), { timeout: 10_000 });

    const answered = await call(agent, 'jobs.move', { jobId: kitchen.jobId, stage: 'quote_requested', beforeJobId: roof.jobId });
    expect(answered.columns[0]!.jobs.map((job) => job.title)).toEqual(['Kitchen quote', 'Roof check']);
    await call(desk, 'jobs.move', { jobId: roof.jobId, stage: 'confirmed', beforeJobId: null });
    for (const console of [desk, agent]) {
      await vi.waitFor(async () => expect(await order(console)).toEqual([['Kitchen quote'], [], ['Roof check'], [], []]), { timeout: 10_000 });
    }
  });

  it('a call’s suggestions arrive from the relay’s reader; accepting, correcting and rejecting set the details and count in the accuracy', async () => {
    const callId = newCallId();
    const at = new Date(Date.now() - 5 * 60_000);
    const completedAt = new Date(at.getTime() + 185_000);
    for (const delivery of [
      callRingingEvent({ callId, from: CALLER, to: LINE, at }),
      callCompletedEvent({ callId, from: CALLER, to: LINE, createdAt: at, answeredAt: new Date(at.getTime() + 5_000), completedAt }),
      callTranscriptCompletedEvent({
        callId,
        at: new Date(),
        durationSeconds: 180,
        dialogue: [
          { identifier: LINE, userId: 'USdesk', content: 'Springfield Foundations, how can I help?', start: 0, end: 4 },
          { identifier: CALLER, userId: null, content: 'Hi, this is Charles Babbage. There is a crack in my basement wall.', start: 5, end: 12 },
          { identifier: LINE, userId: 'USdesk', content: 'What is the address?', start: 13, end: 15 },
          { identifier: CALLER, userId: null, content: 'It is 42 Maple Avenue, Springfield.', start: 16, end: 20 },
          { identifier: LINE, userId: 'USdesk', content: 'We can come next Tuesday at 9 am, about 450 dollars.', start: 21, end: 30 },
          { identifier: CALLER, userId: null, content: 'Tuesday at 9 works.', start: 31, end: 34 },
        ],
      }),
    ]) {
      const answer = await sendOpenPhoneWebhook(relay.url, delivery.body, { secretBase64: relay.secretBase64 });
      expect(answer.status, answer.text).toBeLessThan(300);
    }
    const found = async () => (await call(desk, 'jobs.board', {})).columns[0]!.jobs.find((job) => job.title.toLowerCase().includes('crack in my basement'));
    await vi.waitFor(async () => expect(await found()).toBeDefined(), { timeout: 20_000 });
    const jobId = (await found())!.jobId;
    expect(await call(desk, 'jobs.get', { jobId })).toMatchObject({ customerName: 'Charles Babbage', address: '42 Maple Avenue, Springfield', priceMinor: 45000, currency: 'USD' });

    await call(desk, 'jobs.reviewField', { jobId, field: 'customerName', decision: 'accepted', chosen: null });
    const corrected = await call(desk, 'jobs.reviewField', { jobId, field: 'address', decision: 'edited', chosen: '42 Maple Ave, Springfield, IL' });
    expect(corrected.address).toBe('42 Maple Ave, Springfield, IL');
    const rejected = await call(agent, 'jobs.reviewField', { jobId, field: 'price', decision: 'rejected', chosen: null });
    expect(rejected).toMatchObject({ priceMinor: null, currency: null });
    await expect(call(desk, 'jobs.reviewField', { jobId, field: 'phone', decision: 'edited', chosen: 'call me' })).rejects.toThrow('That is not a phone number Ringside can read: write it with its area code.');

    for (const console of [desk, agent]) {
      await vi.waitFor(async () => {
        const job = await call(console, 'jobs.get', { jobId });
        expect({ address: job.address, price: job.priceMinor, name: job.fields.find((f) => f.field === 'customerName')?.review?.decision }).toEqual({ address: '42 Maple Ave, Springfield, IL', price: null, name: 'accepted' });
      }, { timeout: 10_000 });
    }
    const accuracy = await call(agent, 'jobs.accuracy', {});
    expect(accuracy.filter((row) => row.reviewed > 0).map((row) => [row.field, row.accepted, row.edited, row.rejected])).toEqual([
      ['customerName', 1, 0, 0],
      ['address', 0, 1, 0],
      ['price', 0, 0, 1],
    ]);
  });

  it('a photo uploaded on one console is shown on the other, fetched from the relay', async () => {
    const job = await call(desk, 'jobs.create', { requestId: 'request-photo-1', callId: null, details: { title: 'Porch steps' } });
    const bytes = tinyPng();
    const added = await call(desk, 'jobs.addPhoto', { jobId: job.jobId, fileName: 'steps.png', contentType: 'image/png', base64: bytes.toString('base64') });
    expect(added.photos).toEqual([expect.objectContaining({ fileName: 'steps.png', contentType: 'image/png', by: 'Front desk' })]);
    const sha256 = added.photos[0]!.sha256;
    await vi.waitFor(async () => expect((await call(agent, 'jobs.get', { jobId: job.jobId })).photos).toHaveLength(1), { timeout: 10_000 });
    const shown = await call(agent, 'jobs.photo', { sha256 });
    expect(shown.dataUrl).toBe(`data:image/png;base64,${bytes.toString('base64')}`);
  });

  it('the calendar link is made, changed and turned off by an admin; an agent is told in words', async () => {
    const made = await call(desk, 'jobs.changeCalendarFeed', { action: 'create' });
    expect(made).toMatchObject({ unavailable: null, createdBy: 'Front desk', url: expect.stringMatching(/^https:\/\/relay\.example\.com\/calendar\/.+\/jobs\.ics$/) });
    const rotated = await call(desk, 'jobs.changeCalendarFeed', { action: 'rotate' });
    expect(rotated.url).not.toBe(made.url);
    const served = await fetch(`${relay.url}${new URL(rotated.url!).pathname}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('BEGIN:VCALENDAR');
    expect(await call(desk, 'jobs.changeCalendarFeed', { action: 'revoke' })).toMatchObject({ url: null, unavailable: null });
    expect(await call(agent, 'jobs.calendarFeed', {})).toMatchObject({ url: null, unavailable: 'Only an admin console can see and change the calendar link.' });
  });

  it('an admin names the stages for every console; an agent may not', async () => {
    const names = { ...defaultStageNames, quote_requested: 'New enquiry', confirmed: 'Booked' };
    await call(desk, 'jobs.nameStages', { names });
    await vi.waitFor(async () => expect((await call(agent, 'jobs.board', {})).columns.map((column) => column.name)).toEqual(['New enquiry', 'Quote sent', 'Booked', 'In progress', 'Completed']), { timeout: 10_000 });
    await expect(call(agent, 'jobs.nameStages', { names: defaultStageNames })).rejects.toThrow(/The relay refused this change \(403\)/);
  });

  it('a job with a time downloads as a calendar file; without one it says what is missing', async () => {
    const timed = await call(desk, 'jobs.create', { requestId: 'request-ics-1', callId: null, details: { title: 'Boiler service', address: '5 Pine St', scheduledStart: '2026-12-09T10:00:00-05:00' } });
    // The file is made from the console's own copy: once the relay's stream has brought the job back.
    await vi.waitFor(() => call(desk, 'jobs.get', { jobId: timed.jobId }), { timeout: 10_000 });
    const file = await call(desk, 'jobs.icsFile', { jobId: timed.jobId });
    expect(file.fileName).toBe('boiler-service.ics');
    expect(file.text).toContain(`UID:${timed.jobId}@ringside`);
    expect(file.text).toContain('LOCATION:5 Pine St');
    const untimed = await call(desk, 'jobs.create', { requestId: 'request-ics-2', callId: null, details: { title: 'Fence' } });
    await vi.waitFor(() => call(desk, 'jobs.get', { jobId: untimed.jobId }), { timeout: 10_000 });
    await expect(call(desk, 'jobs.icsFile', { jobId: untimed.jobId })).rejects.toThrow('Give the job a time first: a calendar file needs one.');
  });
});
