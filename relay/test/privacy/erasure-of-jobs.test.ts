import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grayJpeg } from '../../../tools/emulators/openphone/media-host';
import { addCustomer, consoleEvent, startPortalRelay, type PortalRelay } from '../portal/portal-fixture';
import { erasureFinished, rest } from './privacy-fixture';

/**
 * Erasing a customer takes their jobs with them, also the ones a person made by hand and only
 * later gave their number or address, and never another customer's photo that happens to be on
 * one of their jobs too.
 */

const XENA = { customerId: 'cus-xena', name: 'Xenobia Hargreaves-Lund', phones: ['+16175550161'], address: '17 Quarry Hill Road, Medford' };
const YUSUF = { customerId: 'cus-yusuf', name: 'Yusuf Okonkwo-Bell', phones: ['+16175550162'] };
const HAND_NOTE = 'Side gate sticks, knock twice on the garage';
const ADDRESS_NOTE = 'Chimney flashing loose above the porch';

let t: PortalRelay;
let hisPhoto = '';
let herPhoto = '';

const uploadPhoto = async (label: string): Promise<string> => {
  const answer = await fetch(`${t.relay.url}/v1/jobs/photos`, { method: 'POST', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'image/jpeg', 'x-file-name': `${label}.jpg` }, body: grayJpeg(label) });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { photo: { sha256: string } }).photo.sha256;
};
const attach = (jobId: string, sha256: string): Promise<number> => consoleEvent(t, 'job.photo_added', { jobId, sha256, contentType: 'image/jpeg', fileName: 'x.jpg', by: 'Front desk' });
const mediaPath = (sha: string): string => path.join(t.relay.dataDir, 'media', sha.slice(0, 2), sha.slice(2, 4), sha);
const storedText = (): string => (t.relay.db.prepare('SELECT event FROM events').pluck().all() as string[]).join('\n');

beforeAll(async () => {
  t = await startPortalRelay();
  await addCustomer(t, XENA);
  await addCustomer(t, YUSUF);
  // His job and its photo; the same photo also put on her job (the same roofline, a neighbour's job).
  await consoleEvent(t, 'job.created', { jobId: 'job-yusuf', details: { title: 'Gutter repair', customerId: YUSUF.customerId }, by: 'Front desk' });
  hisPhoto = await uploadPhoto('yusuf roofline');
  await attach('job-yusuf', hisPhoto);
  await consoleEvent(t, 'job.created', { jobId: 'job-xena', details: { title: 'Roof check', customerId: XENA.customerId }, by: 'Front desk' });
  await attach('job-xena', hisPhoto);
  herPhoto = await uploadPhoto('xena attic');
  await attach('job-xena', herPhoto);
  // Jobs made by hand, then given her number, or her address.
  await consoleEvent(t, 'job.created', { jobId: 'job-by-phone', details: { title: 'Walk-in' }, by: 'Front desk' });
  await consoleEvent(t, 'job.edited', { jobId: 'job-by-phone', changes: { phone: XENA.phones[0] }, by: 'Front desk' });
  await consoleEvent(t, 'job.note_added', { noteId: randomUUID(), jobId: 'job-by-phone', text: HAND_NOTE, by: 'Front desk' });
  await consoleEvent(t, 'job.created', { jobId: 'job-by-address', details: { title: 'Porch' }, by: 'Front desk' });
  await consoleEvent(t, 'job.edited', { jobId: 'job-by-address', changes: { address: '17 quarry hill road medford' }, by: 'Front desk' });
  await consoleEvent(t, 'job.note_added', { noteId: randomUUID(), jobId: 'job-by-address', text: ADDRESS_NOTE, by: 'Front desk' });

  const asked = await rest(t, 'POST', '/v1/privacy/erasures', t.admin, { requestId: `erase-${randomUUID()}`, customerId: XENA.customerId });
  expect(asked.status).toBe(202);
  expect((await erasureFinished(t, asked.body.erasure.erasureId)).state).toBe('done');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe("erasing a customer's jobs", () => {
  it("keeps another customer's photo that was also on one of her jobs, and deletes hers", async () => {
    expect(existsSync(mediaPath(herPhoto))).toBe(false);
    expect(existsSync(mediaPath(hisPhoto))).toBe(true);
    expect(t.relay.db.prepare('SELECT job_id FROM job_photos WHERE sha256 = ?').pluck().all(hisPhoto)).toContain('job-yusuf');
    const served = await fetch(`${t.relay.url}/v1/media/${hisPhoto}`, { headers: { authorization: `Bearer ${t.admin}` } });
    expect(served.status).toBe(200);
  });

  it('also erases the words of jobs made by hand that were given her number or her address', () => {
    const text = storedText();
    expect(text).not.toContain(HAND_NOTE);
    expect(text).not.toContain(ADDRESS_NOTE);
  });
});
