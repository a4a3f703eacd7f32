import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { conversationKey } from '../../src/shared/messages/conversation-key';
import { callRecordingCompletedEvent, callTranscriptCompletedEvent, recordingPath, sampleDialogue } from '../../tools/emulators/openphone/artifact-payloads';
import { campaign, inboundMms, inboundSms, mmsPath } from '../../tools/emulators/openphone/message-script';
import { newGenerationCallAnsweredEvent, newGenerationCallCompletedEvent, newGenerationCallRingingEvent } from '../../tools/emulators/openphone/new-generation-payloads';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { callApi, LINE, openCommunications, people, startJourneyStack, type JourneyStack } from './openphone-stack';

/**
 * Issue 9's OpenPhone journeys end to end, in Chromium against the real stack
 * (openphone-stack.ts: relay process, OpenPhone REST emulator and media host, two consoles
 * on the same relay): an MMS photo, a campaign of 125 texts and a reply, a call whose
 * recording and transcript arrive before its completion, and a reply sent from one
 * console that is delivered and shows on the other.
 */

let stack: JourneyStack;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  stack = await startJourneyStack();
});

test.afterAll(async () => {
  await stack?.stop();
});

/** A signed, expiring URL of the media host for a path, as OpenPhone's media links are. */
const signedMedia = (path: string) => stack.media.signedUrl(path, 3600);

function conversation(page: Page, who: string): Locator {
  return page.getByRole('region', { name: 'Conversations' }).getByTestId('conversation').filter({ hasText: who });
}

function thread(page: Page): Locator {
  return page.getByTestId('conversation-thread');
}

test('an MMS photo arrives by a signed webhook, the relay downloads and keeps it, and it shows in its thread on a console', async ({ page }) => {
  const { katherine } = people;
  const script = inboundMms({ line: LINE, from: katherine.phone, body: 'The router lights after the reset.', photos: 1, mediaBaseUrl: signedMedia, start: new Date() });
  const path = mmsPath(script.messageIds[0]!, 0);
  const photo = stack.media.addPhoto(path, `photo of ${katherine.name}'s router`, 40_000);
  const sha256 = createHash('sha256').update(photo).digest('hex');
  await stack.post(script.deliveries[0]!.body);

  // The relay fetched it from the expiring link and stored it under its hash in its data dir.
  const stored = join(stack.relay.dataDir, 'media', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  await expect.poll(() => existsSync(stored), { timeout: 20_000 }).toBe(true);
  expect(readFileSync(stored).equals(photo)).toBe(true);
  expect(stack.media.requestsFor(path).length).toBeGreaterThanOrEqual(1);
  // …and serves it to a console that may see the line.
  const served = await fetch(`${stack.relay.url}/v1/media/${sha256}`, { headers: { authorization: `Bearer ${stack.backOffice.deviceToken}` } });
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);

  // The back office (an agent on the line) sees the photo in Katherine's thread, loaded from a blob: URL.
  await openCommunications(page, stack.backOffice, 'Messages');
  await conversation(page, katherine.name).click();
  await expect(thread(page).getByRole('heading', { name: katherine.name })).toBeVisible();
  const bubble = thread(page).getByTestId('thread-message').filter({ hasText: 'The router lights after the reset.' });
  const image = bubble.getByRole('button', { name: `Open photo 1 from ${katherine.name}` }).getByRole('img');
  await expect(image).toHaveAttribute('src', /^blob:/, { timeout: 20_000 });
  await expect.poll(() => image.evaluate((element: { complete: boolean; naturalWidth: number }) => (element.complete ? element.naturalWidth : 0))).toBeGreaterThan(0);
});

test('a campaign of 125 texts leaves the conversations uncluttered while the one reply shows, marked as a reply to the campaign', async ({ page }) => {
  const { margaret } = people;
  const recipients = Array.from({ length: 125 }, (_, index) => (index === 41 ? margaret.phone : `+1617555${String(2000 + index).padStart(4, '0')}`));
  const text = 'Our office is closed Friday for maintenance. Reply YES to book a check-up call next week.';
  const before = (await callApi(stack.frontDesk.core, 'messages.conversations', { limit: 1 })).total;
  // Sent from the line within three minutes, then Margaret answers a minute later; delivery reports come by webhook.
  const script = campaign({
    line: LINE,
    start: new Date(Date.now() - 5 * 60_000),
    recipients,
    body: text,
    windowSeconds: 180,
    replies: [{ from: margaret.phone, body: 'YES, Tuesday morning please.', afterSeconds: 60 }],
  });
  expect(script.deliveries).toHaveLength(126);
  for (const step of script.deliveries) await stack.post(step.body);

  await openCommunications(page, stack.frontDesk, 'Messages');
  const list = page.getByRole('region', { name: 'Conversations' });
  // By default only Margaret's thread is new: none of the 124 threads holding only the campaign text.
  await expect(conversation(page, margaret.name)).toBeVisible();
  await expect(list.getByText(`${before + 1} conversations`, { exact: true })).toBeVisible();
  await expect(list.getByTestId('conversation').filter({ hasText: text })).toHaveCount(0);
  const shown = await callApi(stack.frontDesk.core, 'messages.conversations', { limit: 500 });
  const campaignOnly = new Set(recipients.filter((number) => number !== margaret.phone).map((number) => conversationKey(LINE, [number])));
  expect(shown.rows.filter((row) => campaignOnly.has(row.conversationKey))).toEqual([]);
  // The activity feed hides the 125 too, and shows the reply marked as one.
  const feed = await callApi(stack.frontDesk.core, 'messages.feed', { limit: 500 });
  expect(feed.rows.filter((row) => row.body === text)).toEqual([]);
  expect(feed.rows.find((row) => row.body === 'YES, Tuesday morning please.')?.campaignResponse).toBe(true);

  await conversation(page, margaret.name).click();
  const reply = thread(page).getByTestId('thread-message').filter({ hasText: 'YES, Tuesday morning please.' });
  await expect(reply).toContainText('Reply to a campaign');
  await expect(thread(page).getByTestId('thread-message').filter({ hasText: text })).toContainText('Campaign');

  // Asked for, the campaign's threads are all there; the Campaigns tab counts its recipients and the reply.
  await page.getByLabel('Campaigns', { exact: true }).selectOption({ label: 'Show campaign messages' });
  await expect(list.getByText(`${before + 125} conversations`, { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Campaigns' }).click();
  const row = page.getByTestId('campaigns').getByTestId('campaign').filter({ hasText: 'closed Friday for maintenance' });
  await expect(row).toContainText('125');
  await expect(row).toContainText('1 reply');
});

test('a recording and a transcript that arrive before the call ends land on their call, which then completes with both', async ({ page }) => {
  const { dorothy, mary } = people;
  await openCommunications(page, stack.frontDesk, 'Calls');
  // Two calls at once: Dorothy's is answered and recorded, Mary's keeps ringing beside it.
  const at = new Date(Date.now() - 60_000);
  const answeredAt = new Date(Math.ceil((at.getTime() + 4_000) / 1000) * 1000);
  const dorothyCall = { callId: newCallId(), from: dorothy.phone, to: LINE, at };
  const maryCall = { callId: newCallId(), from: mary.phone, to: LINE, at: new Date(Date.now() - 20_000) };
  await stack.post(newGenerationCallRingingEvent(dorothyCall).body, 'standard');
  await stack.post(callRingingEvent(maryCall).body);
  await stack.post(newGenerationCallAnsweredEvent({ ...dorothyCall, createdAt: at, answeredAt }).body, 'standard');

  const callRow = (who: string) => page.getByTestId('comms-calls').getByRole('row').filter({ hasText: who });
  await expect(callRow(dorothy.name).getByTestId('call-status')).toHaveText('In progress');
  await expect(callRow(mary.name).getByTestId('call-status')).toHaveText('Ringing');

  // OpenPhone's recording and transcript webhooks overtake the completion.
  const completedAt = new Date(Date.now() + 5_000);
  const talkSeconds = Math.round((completedAt.getTime() - answeredAt.getTime()) / 1000);
  const call = { callId: dorothyCall.callId, from: dorothy.phone, to: LINE, createdAt: at, answeredAt, completedAt };
  const recording = stack.media.addRecording(recordingPath(dorothyCall.callId), 3, `recording of ${dorothyCall.callId}`);
  await stack.post(callRecordingCompletedEvent({ ...call, at: new Date(), mediaBaseUrl: signedMedia, durationSeconds: talkSeconds, generation: 'standard' }).body, 'standard');
  await stack.post(callTranscriptCompletedEvent({ callId: dorothyCall.callId, at: new Date(), dialogue: sampleDialogue(dorothy.phone, LINE, talkSeconds), durationSeconds: talkSeconds, generation: 'standard' }).body, 'standard');

  await callRow(dorothy.name).getByRole('button', { name: new RegExp(`^Open the call with ${dorothy.name}`) }).click();
  const detail = page.getByTestId('call-detail');
  await expect(detail.getByRole('heading', { name: dorothy.name })).toBeVisible();
  await expect(detail.getByTestId('call-transcript').getByRole('listitem')).toHaveCount(3);
  await expect(detail.getByTestId('call-transcript')).toContainText('I would like to book a visit next week.');
  await expect(detail.getByLabel('Call recording')).toHaveAttribute('src', /^blob:/, { timeout: 20_000 });
  // Still going on: in progress, not completed by its recording, never missed.
  await expect(detail.getByTestId('call-detail-status')).toHaveText('In progress');
  const sha256 = createHash('sha256').update(recording).digest('hex');
  expect(existsSync(join(stack.relay.dataDir, 'media', sha256.slice(0, 2), sha256.slice(2, 4), sha256))).toBe(true);

  // The completion comes last: the call reads completed, with its recording and transcript still on it.
  await stack.post(newGenerationCallCompletedEvent({ ...dorothyCall, createdAt: at, answeredAt, completedAt }).body, 'standard');
  await expect(detail.getByTestId('call-detail-status')).toHaveText('Completed');
  await expect(callRow(dorothy.name).getByTestId('call-status')).toHaveText('Completed');
  await expect(detail.getByTestId('call-transcript').getByRole('listitem')).toHaveCount(3);
  await expect(detail.getByLabel('Call recording')).toHaveAttribute('src', /^blob:/);

  // Nothing of it went to Mary's call, still ringing beside it.
  await callRow(mary.name).getByRole('button', { name: new RegExp(`^Open the call with ${mary.name}`) }).click();
  await expect(detail.getByRole('heading', { name: mary.name })).toBeVisible();
  await expect(detail.getByTestId('call-detail-status')).toHaveText('Ringing');
  await expect(detail).toContainText('No recording, transcript or summary for this call.');
  // Mary's call ends unanswered, so no call is left ringing.
  await stack.post(callCompletedEvent({ ...maryCall, createdAt: maryCall.at, answeredAt: null, completedAt: new Date() }).body);
  await expect(detail.getByTestId('call-detail-status')).toHaveText('Missed');
});

test('a reply sent from the front desk is delivered and shows, delivered, in the same thread on the back office console', async ({ browser }) => {
  const { annie } = people;
  const question = inboundSms({ line: LINE, from: annie.phone, body: 'Can you send me the invoice for March?', start: new Date() });
  await stack.post(question.deliveries[0]!.body);

  const context = await browser.newContext();
  const frontDesk = await context.newPage();
  const backOffice = await context.newPage();
  await openCommunications(frontDesk, stack.frontDesk, 'Messages');
  await conversation(frontDesk, annie.name).click();
  await expect(thread(frontDesk).getByRole('heading', { name: annie.name })).toBeVisible();
  const answer = 'Sent it to your billing email just now: invoice 2026-031, $180.00.';
  await thread(frontDesk).getByRole('textbox', { name: 'Message to send' }).fill(answer);
  await thread(frontDesk).getByRole('button', { name: 'Send' }).click();
  await expect(thread(frontDesk).getByTestId('thread-message').filter({ hasText: answer })).toContainText('Delivered', { timeout: 20_000 });

  // OpenPhone got the send from the relay and reported the delivery by a signed message.delivered webhook.
  await stack.openPhone.settled();
  const sent = stack.openPhone.messages.find((message) => message.text === answer);
  expect(sent?.to).toEqual([annie.phone]);
  expect(stack.openPhone.webhookAnswers.find((delivered) => delivered.messageId === sent?.id)).toMatchObject({ type: 'message.delivered', status: 200 });

  await openCommunications(backOffice, stack.backOffice, 'Messages');
  await conversation(backOffice, annie.name).click();
  const onBackOffice = thread(backOffice).getByTestId('thread-message').filter({ hasText: answer });
  await expect(onBackOffice).toContainText('Delivered');
  await expect(thread(backOffice).getByTestId('thread-message').filter({ hasText: 'Can you send me the invoice for March?' })).toBeVisible();
  await context.close();
});
