import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { callSummaryCompletedEvent, callTranscriptCompletedEvent } from '../../tools/emulators/openphone/artifact-payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { readmeScreenshot } from '../support/readme-screenshot';
import { BUSINESS_LINE, callApi, customers, expect, test, type ConsoleStack } from './console-stack';

/**
 * Jobs (issue 15 §3) through the browser harness against a real relay: a recorded call's
 * transcript is read by the relay's extractor and arrives as a card in Quote requested; cards
 * move by mouse and by keyboard; the suggestions are accepted, corrected and rejected; a note
 * and a photo are added; the confirmed job is on the calendar and downloads as an .ics file.
 */
test.describe.configure({ mode: 'serial' });

const CRACK = 'Crack in my basement wall';

async function recordedCall(stack: ConsoleStack): Promise<string> {
  const call = await stack.ring({ from: customers.charles.phone, at: new Date(Date.now() - 6 * 60_000) });
  await stack.complete(call, 240);
  const line = (who: 'desk' | 'caller', content: string, start: number) => ({ identifier: who === 'desk' ? BUSINESS_LINE : customers.charles.phone, userId: who === 'desk' ? 'USdesk01' : null, content, start, end: start + 8 });
  const dialogue = [
    line('desk', 'Thanks for calling Springfield Foundations, this is Sam. How can I help?', 0),
    line('caller', 'Hi Sam, this is Charles Babbage. There is a crack in my basement wall and water comes in when it rains.', 9),
    line('desk', 'Sorry to hear that. What is the address?', 30),
    line('caller', 'It is 42 Maple Avenue, Springfield.', 40),
    line('desk', 'We can come out next Tuesday at 9 am. The inspection and sealing would be about 450 dollars.', 60),
    line('caller', 'Tuesday at 9 works. As soon as possible really, it is getting worse.', 90),
    line('desk', 'Great, see you Tuesday.', 110),
  ];
  for (const delivery of [
    callTranscriptCompletedEvent({ callId: call.openPhoneCallId, at: new Date(), dialogue, durationSeconds: 240 }),
    callSummaryCompletedEvent({ callId: call.openPhoneCallId, at: new Date(), summary: ['Charles Babbage has a crack in his basement wall that lets water in.', 'Visit booked for next Tuesday at 9 am, about $450.'], nextSteps: [] }),
  ]) {
    const answer = await sendOpenPhoneWebhook(stack.relay.url, delivery.body, { secretBase64: stack.relay.secretBase64, generation: 'legacy' });
    expect(answer.status, answer.text).toBeLessThan(300);
  }
  return call.callId;
}

async function jobIdOf(core: ConsoleCore, title: RegExp): Promise<string | undefined> {
  const board = await callApi(core, 'jobs.board', {});
  return board.columns.flatMap((column) => column.jobs).find((job) => title.test(job.title))?.jobId;
}

async function stageOf(core: ConsoleCore, jobId: string): Promise<string | undefined> {
  const board = await callApi(core, 'jobs.board', {});
  return board.columns.find((column) => column.jobs.some((job) => job.jobId === jobId))?.stage;
}

async function openJobs(page: Page, stack: ConsoleStack): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(stack.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Jobs/ }).click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
}

const card = (page: Page, stage: string, text: string | RegExp) => page.getByTestId(`job-column-${stage}`).getByTestId('job-card').filter({ hasText: text });

/** A small photo of a cracked wall (grey with a dark zigzag), as a PNG. */
function wallPhoto(): Buffer {
  const width = 160;
  const height = 120;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    const crackX = 80 + Math.round(18 * Math.sin(y / 9));
    for (let x = 0; x < width; x += 1) {
      const shade = Math.abs(x - crackX) < 2 ? 40 : 170 + ((x * 7 + y * 13) % 23);
      row[1 + x * 3] = shade;
      row[2 + x * 3] = shade;
      row[3 + x * 3] = shade - 10;
    }
    rows.push(row);
  }
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
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** Tuesday next week at `hour`, on this computer's clock, as an ISO instant with its offset. */
function nextWeek(dayOffset: number, hour: number): string {
  const at = new Date();
  at.setDate(at.getDate() + dayOffset);
  at.setHours(hour, 0, 0, 0);
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(hour)}:00:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

test('an empty board says where jobs come from', async ({ page, stack }) => {
  await openJobs(page, stack);
  await expect(page.getByText('No jobs yet: jobs appear here when a caller asks for a visit.')).toBeVisible();
});

test('a recorded call becomes a card in Quote requested with what the caller said', async ({ page, stack }) => {
  await recordedCall(stack);
  await expect.poll(() => jobIdOf(stack.core, /crack in my basement/i), { timeout: 30_000 }).toBeDefined();
  // Two more, added by hand, for the board to look like a morning's work.
  await callApi(stack.core, 'jobs.create', { requestId: 'e2e-gutters-0001', callId: null, details: { title: 'Gutter cleaning', customerName: customers.ada.name, address: '7 Birch Lane, Springfield', scheduledStart: nextWeek(3, 14), urgency: 'routine', priceMinor: 18000, currency: 'USD' } });
  await callApi(stack.core, 'jobs.create', { requestId: 'e2e-kitchen-0001', callId: null, details: { title: 'Kitchen remodel quote', customerName: customers.grace.name, address: '19 Oak Street, Springfield', urgency: 'routine' } });
  await expect.poll(async () => (await callApi(stack.core, 'jobs.board', {})).columns[0]!.jobs.length, { timeout: 15_000 }).toBe(3);

  await openJobs(page, stack);
  const crack = card(page, 'quote_requested', CRACK);
  await expect(crack).toBeVisible();
  await expect(crack).toContainText('Charles Babbage');
  await expect(crack).toContainText('42 Maple Avenue, Springfield');
  await expect(crack).toContainText('$450.00');
  await expect(crack).toContainText('Soon');
  await expect(crack.getByTestId('job-card-check')).toHaveText('7 fields to check');
  await expect(crack).toContainText(/Call on/);
});

test('a card dragged with the mouse lands in Confirmed, another moved by keyboard lands in Quote sent', async ({ page, stack }) => {
  await openJobs(page, stack);
  const crackId = (await jobIdOf(stack.core, /crack in my basement/i))!;
  const gutterId = (await jobIdOf(stack.core, /Gutter cleaning/))!;

  const from = (await card(page, 'quote_requested', CRACK).locator('.job-card__line').first().boundingBox())!;
  const to = (await page.getByTestId('job-column-confirmed').boundingBox())!;
  await page.mouse.move(from.x + 20, from.y + 5);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 20, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 90, { steps: 20 });
  await page.mouse.up();
  await expect(card(page, 'confirmed', CRACK)).toBeVisible();
  await expect.poll(() => stageOf(stack.core, crackId), { timeout: 15_000 }).toBe('confirmed');

  const grip = card(page, 'quote_requested', 'Gutter cleaning').getByTestId('job-card-grip');
  await grip.focus();
  // Each key waits for the board to announce what the previous one did, as a screen-reader user
  // would hear it: a key pressed before the board has measured its columns is not a move.
  const announced = (words: RegExp) => expect(page.getByRole('status').filter({ hasText: words })).toHaveCount(1);
  await page.keyboard.press('Space');
  await announced(/Gutter cleaning is over Quote requested/);
  // Under load a first arrow can land before the sensor has measured the next column (CI, once):
  // pressed again only while the board still says it is over Quote requested, so never past Quote sent.
  await expect(async () => {
    if ((await page.getByRole('status').filter({ hasText: /is over .*Quote sent/ }).count()) === 0) await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('status').filter({ hasText: /Gutter cleaning is over .*Quote sent/ })).toHaveCount(1, { timeout: 3_000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press('Space');
  await expect(card(page, 'quote_sent', 'Gutter cleaning')).toBeVisible();
  await expect.poll(() => stageOf(stack.core, gutterId), { timeout: 15_000 }).toBe('quote_sent');

  // And with "Move to…", without dragging at all.
  await card(page, 'quote_sent', 'Gutter cleaning').getByTestId('job-move-to').click();
  await page.getByRole('menu', { name: 'Move Gutter cleaning to' }).getByRole('menuitem', { name: 'Confirmed' }).click();
  await expect(card(page, 'confirmed', 'Gutter cleaning')).toBeVisible();
  await expect.poll(() => stageOf(stack.core, gutterId), { timeout: 15_000 }).toBe('confirmed');
  await readmeScreenshot(page, 'jobs-board.png');
});

test('on the job’s page each suggestion is accepted, corrected or rejected, and a note and a photo are added', async ({ page, stack }) => {
  await openJobs(page, stack);
  await card(page, 'confirmed', CRACK).getByTestId('job-card-open').click();
  const drawer = page.getByTestId('job-drawer');
  await expect(drawer.getByRole('heading', { level: 2 })).toContainText(CRACK);
  await expect(drawer).toContainText('Charles Babbage has a crack in his basement wall that lets water in.');

  const name = drawer.getByTestId('job-field-customerName');
  await expect(name).toContainText('this is Charles Babbage');
  await expect(name.getByRole('meter')).toBeVisible();
  await name.getByRole('button', { name: 'Accept' }).click();
  await expect(drawer.getByTestId('job-field-customerName-review')).toContainText('Accepted');

  const address = drawer.getByTestId('job-field-address');
  await address.getByRole('button', { name: 'Edit' }).click();
  await address.getByRole('textbox', { name: 'Address, corrected' }).fill('42 Maple Ave, Springfield, IL 62704');
  await address.getByRole('button', { name: 'Save' }).click();
  await expect(drawer.getByTestId('job-field-address-review')).toContainText('Corrected');
  await expect(address).toContainText('Now: 42 Maple Ave, Springfield, IL 62704');

  const price = drawer.getByTestId('job-field-price');
  await price.getByRole('button', { name: 'Reject' }).click();
  await expect(drawer.getByTestId('job-field-price-review')).toContainText('Rejected');

  await drawer.getByPlaceholder('Gate code, parking, what to bring…').fill('Side gate is open; bring the moisture meter.');
  await drawer.getByRole('button', { name: 'Add note' }).click();
  await expect(drawer.getByTestId('job-notes')).toContainText('Side gate is open; bring the moisture meter.');

  await drawer.getByTestId('job-photo-input').setInputFiles({ name: 'basement-wall.png', mimeType: 'image/png', buffer: wallPhoto() });
  await expect(drawer.getByTestId('job-photos').getByRole('img', { name: 'basement-wall.png' })).toBeVisible({ timeout: 15_000 });

  const jobId = (await jobIdOf(stack.core, /crack in my basement/i))!;
  await expect
    .poll(async () => {
      const job = await callApi(stack.core, 'jobs.get', { jobId });
      return { address: job.address, price: job.priceMinor, notes: job.notes.length, photos: job.photos.length, toCheck: job.unreviewedFields };
    }, { timeout: 15_000 })
    .toEqual({ address: '42 Maple Ave, Springfield, IL 62704', price: null, notes: 1, photos: 1, toCheck: 4 });
  const accuracy = await callApi(stack.core, 'jobs.accuracy', {});
  expect(accuracy.filter((row) => row.reviewed > 0).map((row) => [row.field, row.accuracy])).toEqual([
    ['customerName', 1],
    ['address', 0],
    ['price', 0],
  ]);
  await drawer.evaluate((element) => (element.scrollTop = 0));
  await readmeScreenshot(page, 'job-page.png');
});

test('the confirmed job is on the calendar and downloads as an .ics file', async ({ page, stack }) => {
  await openJobs(page, stack);
  const jobId = (await jobIdOf(stack.core, /crack in my basement/i))!;
  const job = await callApi(stack.core, 'jobs.get', { jobId });
  await page.getByRole('tab', { name: 'Calendar' }).click();
  const start = new Date(job.scheduledStart!);
  if (start.getMonth() !== new Date().getMonth()) await page.getByRole('button', { name: 'Next month' }).click();
  await expect(page.getByTestId('calendar-job').filter({ hasText: 'crack in my basement' })).toBeVisible();
  await expect(page.getByTestId('calendar-job').filter({ hasText: 'Gutter cleaning' })).toBeVisible();
  // This stack's relay has no public address: the link cannot be made, and the page says why in words.
  await page.getByTestId('job-feed-create').click();
  await expect(page.getByTestId('job-feed-unavailable')).toContainText('public address');
  await readmeScreenshot(page, 'jobs-calendar.png');

  await page.getByTestId('calendar-job').filter({ hasText: 'crack in my basement' }).click();
  const drawer = page.getByTestId('job-drawer');
  const download = page.waitForEvent('download');
  await drawer.getByTestId('job-ics').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^crack-in-my-basement-wall.*\.ics$/);
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text).toContain('BEGIN:VEVENT');
  expect(text).toContain(`UID:${jobId}@ringside`);
  expect(text).toContain('42 Maple Ave\\, Springfield\\, IL 62704');
});
